"""The issue's story in a real browser: an editor downloads the template, fixes a file with errors, imports it,
sees it on the map; an admin reverts it; the map shows the old value again and `asof` still the imported one.

The figures uploaded here are test fixtures, never shipped data.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest

from water_targets.data import get_geo, store_engine
from water_targets.store.models import VALUES
from water_targets.store.revisions import head, rows_at
from water_targets.store.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("pristine_store")]

PASSWORD = "correct-horse-2"
SHOTS = Path(os.environ.get("ADMIN_SHOTS", "/tmp/admin-shots"))
HEADER = (
    "地区 region,指标 indicator,年份 year,类型 kind,数值 value,比较符 comparator,基准年 baseline_year,"
    "限定词 qualifier,来源文件 doc,章节 section,备注 note"
)
SECTION = "附件 赤峰市2025年节水行动目标分解表"
NEW_VALUE = "0.8765"
MAP = "/?region=150400&indicator=total_water_use&year=2025&county=150402"


def csv_upload(name: str, *rows: str) -> dict:
    body = ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")
    return {"name": name, "mimeType": "text/csv", "buffer": body}


def hongshan_row(value: str, indicator: str = "total_water_use") -> str:
    return f"150402,{indicator},2025,target,{value},<=,,,chifeng-2025,{SECTION},test fixture"


def stored_value() -> str:
    with store_engine().connect() as conn:
        rows = rows_at(conn, VALUES, None)
    key = ("150402", "total_water_use", "2025", "target")
    return next(r["value"] for r in rows if (r["region"], r["indicator"], r["year"], r["kind"]) == key)


def sign_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/auth/sign-in?next=/admin/data")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#sign-in-button")
    page.wait_for_url(f"{base}/admin/data")


def map_value_text(page, base: str, query: str) -> str:
    page.goto(base + query)
    page.wait_for_selector("#county-detail .value-list li")
    return page.inner_text("#county-detail .value-list")


def test_import_story(page, browser, live_server) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    suffix = uuid.uuid4().hex[:6]
    editor, admin = f"chifeng-{suffix}", f"boss-{suffix}"
    add_user(store_engine(), editor, "editor", PASSWORD, ["150400"], get_geo())
    add_user(store_engine(), admin, "admin", PASSWORD, [], get_geo())
    old_value = stored_value()
    assert old_value != NEW_VALUE

    # Sign in and open 数据管理.
    sign_in(page, live_server, editor)
    assert "赤峰市" in page.inner_text("#your-regions")

    # The template downloads as a non-empty workbook.
    with page.expect_download() as download:
        page.click("#template-xlsx")
    path = download.value.path()
    assert download.value.suggested_filename == "water-targets-template.xlsx"
    assert path and Path(path).stat().st_size > 1000 and Path(path).read_bytes()[:2] == b"PK"

    # A file with two errors: an unknown indicator, a value in the wrong unit.
    bad = csv_upload("赤峰-有错.csv", hongshan_row("0.5", indicator="no_such_indicator"), hongshan_row("3.1万立方米"))
    page.set_input_files("#file", bad)
    page.click("#preview-button")
    page.wait_for_selector("#preview-table")
    assert page.inner_text("#count-error") == "2"
    assert page.locator("#commit-button").count() == 0
    assert "未写入任何数据" in page.inner_text("#preview-verdict")
    errors = page.locator("#preview-table tr.row-error").all_inner_texts()
    assert len(errors) == 2
    assert "第 2 行" in errors[0] and "指标" in errors[0] and "no_such_indicator" in errors[0]
    assert "第 3 行" in errors[1] and "数值" in errors[1] and "万立方米" in errors[1]
    page.screenshot(path=str(SHOTS / "preview-errors.png"), full_page=True)

    # The fixed file: 红山区's 2025 total water use changes.
    page.set_input_files("#file", csv_upload("赤峰-修正.csv", hongshan_row(NEW_VALUE)))
    page.fill("#comment", "浏览器测试")
    page.click("#preview-button")
    page.wait_for_selector("#commit-button")
    changed = page.locator("#preview-table tr.row-changed")
    assert changed.count() == 1
    assert old_value in changed.locator("td.value del").inner_text()
    assert NEW_VALUE in changed.locator("td.value mark").inner_text()
    page.screenshot(path=str(SHOTS / "preview-changed.png"), full_page=True)
    page.click("#commit-button")
    page.wait_for_selector("#import-done")
    rev = int(re.search(r"数据版本 (\d+)", page.inner_text("#import-done h2")).group(1))
    with store_engine().connect() as conn:
        assert head(conn) == rev

    # The map shows the imported value.
    assert NEW_VALUE in map_value_text(page, live_server, MAP)
    page.wait_for_function(f"document.querySelector('#data-version').innerText.includes('{rev}')")

    # An admin, in a browser of their own, reverts the import from its detail page.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900}, locale="zh-CN")
    try:
        boss = context.new_page()
        boss.set_default_timeout(25000)
        sign_in(boss, live_server, admin)
        boss.click("#nav-history")
        boss.click(f"#rev-{rev} .detail-link")
        boss.wait_for_selector("#revert-button")
        boss.screenshot(path=str(SHOTS / "revision-detail.png"), full_page=True)
        boss.fill("#revert-comment", "撤回测试数据")
        boss.click("#revert-button")
        boss.wait_for_url(f"{live_server}/admin/revisions/{rev + 1}")
        assert f"已撤销版本 {rev}" in boss.inner_text(".flash")
    finally:
        context.close()

    # The head shows the old value again; the import's version still shows the imported one.
    assert stored_value() == old_value
    latest = map_value_text(page, live_server, MAP)
    assert old_value in latest and NEW_VALUE not in latest
    assert NEW_VALUE in map_value_text(page, live_server, f"{MAP}&asof={rev}")
    assert str(rev) in page.inner_text("#data-version")
