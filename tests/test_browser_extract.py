"""从文件提取 in a real browser (issue 20): an editor of 赤峰市 uploads a DOCX plan, reviews the proposed rows beside
the text with the keyboard and the mouse (assets/extract_review.js), and imports the accepted ones citing a new
document; the review page on a phone.

The plan made below is a test fixture with invented figures (years 2031–2033, which no shipped document states)."""

from __future__ import annotations

import io
import os
import re
import uuid
from pathlib import Path

import pytest
from client_helpers import current_head

from water_targets.data import get_geo, store_engine
from water_targets.store.revisions import revision_changes
from water_targets.store.users import add_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("pristine_store")]

PASSWORD = "correct-horse-2"
SHOTS = Path(os.environ.get("EXTRACT_SHOTS", "/tmp/lay"))
CHIFENG, NINGCHENG, LINXI = "150400", "150429", "150424"
PROSE = [
    "【测试文本：数字为虚构】",
    "赤峰市节水示范行动方案（测试）",
    "一、主要目标",
    "到2031年，全市用水总量控制在21.5亿立方米以内。",
    "到2032年，全市建成节水型示范单位达到120个。",  # no catalogue indicator: a low-confidence proposal
    "到2033年，全市万元GDP用水量比2030年下降12%。",
    "附件 赤峰市2031年节水目标分解表",
]
# The annex table needs a region column and at least two value columns to be read as an allocation table
# (water_targets/extract/rules.py, table_proposals): a two-column 地区 | 用水总量 table proposes nothing.
TABLE = [
    ["地区", "用水总量（亿立方米）", "农田灌溉水有效利用系数"],
    ["宁城县", "2.31", "0.581"],
    ["林西县", "1.12", "0.593"],
]
# (region, indicator, year, value) of each proposal, as the review's rows list them (the annex's first).
EXPECTED = [  # in reading order: the prose, then the annex table
    (CHIFENG, "total_water_use", "2031", "21.5"),
    (CHIFENG, None, "2032", "120"),
    (CHIFENG, "gdp_water_intensity_reduction", "2033", "12"),
    (NINGCHENG, "total_water_use", "2031", "2.31"),
    (NINGCHENG, "irrigation_efficiency", "2031", "0.581"),
    (LINXI, "total_water_use", "2031", "1.12"),
    (LINXI, "irrigation_efficiency", "2031", "0.593"),
]
LOW = 1  # the one proposal without a catalogue indicator
REJECTED = 4  # a high-confidence row the reviewer rejects
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# Every row's decision (the checked radio), the focused element's row and tag, and the marks shown as current.
STATE = """() => {
  const rows = [...document.querySelectorAll('#review-table tbody.prop')];
  const a = document.activeElement, row = a && a.closest('tbody.prop');
  return {
    decisions: rows.map((r) => (r.querySelector('input[type=radio]:checked') || {}).value || ''),
    classes: rows.map((r) => (r.className.match(/decision-(\\w+)/) || [])[1] || ''),
    focus: a === row ? 'row' : (a ? a.tagName.toLowerCase() : ''),
    focusRow: row ? row.id : '',
    current: rows.filter((r) => r.classList.contains('current')).map((r) => r.id),
    marks: [...document.querySelectorAll('.prop-mark.current')].map((m) => m.getAttribute('data-ids')),
  };
}"""


def plan_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in PROSE[:-1]:
        document.add_paragraph(line)
    document.add_heading(PROSE[-1], level=2)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for row, cells in zip(table.rows, TABLE, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PLAN = {
    "name": "赤峰市节水示范行动方案（测试）.docx",
    "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "buffer": plan_docx(),
}


def counts(a: int, r: int, p: int) -> str:
    return f"已采纳 {a} · 不采纳 {r} · 待定 {p}"


def watch(pg, problems: list[str], base: str) -> None:
    """Notes the page's uncaught errors and its requests to other hosts."""
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else problems.append(r.url))


@pytest.fixture(scope="module")
def staff(browser, live_server):
    """One browser context signed in as an editor of 赤峰市 for the module, and its page errors."""
    name = f"extract-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", PASSWORD, [CHIFENG], get_geo())
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    problems: list[str] = []
    pg = context.new_page()
    watch(pg, problems, live_server)
    pg.set_default_timeout(25000)
    pg.goto(f"{live_server}/auth/sign-in?next=/admin/extract")
    pg.fill("#name", name)
    pg.fill("#password", PASSWORD)
    pg.click("#sign-in-button")
    pg.wait_for_url(f"{live_server}/admin/extract")
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield context, pg, problems
    context.close()


def upload_plan(pg, base: str) -> None:
    """Opens 从文件提取, uploads the plan for 赤峰市 and waits for the review page."""
    pg.goto(f"{base}/admin/extract")
    pg.set_input_files("#extract-file", PLAN)
    pg.select_option("#extract-region", CHIFENG)
    pg.click("#extract-button")
    pg.wait_for_selector("#review-form")
    pg.wait_for_function("document.getElementById('review-counts').textContent.includes('待定')")


@pytest.fixture
def review(staff, live_server):
    """The review page of the uploaded plan, afresh (the module's one signed-in page)."""
    _, pg, problems = staff
    upload_plan(pg, live_server)
    yield pg
    found = list(problems)
    problems.clear()
    assert not found, found


def rows_shown(pg) -> list[tuple]:
    out = []
    for i in range(pg.locator("#review-table tbody.prop").count()):
        indicator = pg.input_value(f"#indicator-{i}")
        out.append((pg.input_value(f"#region-{i}"), indicator if indicator in {e[1] for e in EXPECTED} else None,
                    pg.input_value(f"#year-{i}"), pg.input_value(f"#value-{i}")))
    return out


def test_an_uploaded_docx_plan_is_shown_for_review_every_row_pending(review) -> None:
    pg = review
    assert pg.inner_text("#review-file") == PLAN["name"]
    text = pg.inner_text("#review-text")
    assert "【测试文本：数字为虚构】" in text and "附件 赤峰市2031年节水目标分解表" in text
    assert "宁城县" in text and "林西县" in text  # the DOCX table's rows are in the text
    shown = rows_shown(pg)
    assert [(r, i, y) for r, i, y, _ in shown] == [(r, i, y) for r, i, y, _ in EXPECTED]
    assert [float(v) for *_, v in shown] == [float(v) for *_, v in EXPECTED]
    state = pg.evaluate(STATE)
    assert state["decisions"] == ["pending"] * len(EXPECTED) == state["classes"]
    assert state["current"] == [] and state["marks"] == []
    assert pg.inner_text("#review-counts") == counts(0, 0, len(EXPECTED))
    assert "采纳全部高置信度（6 条）" in pg.inner_text("#accept-high")
    assert pg.get_attribute(f"#prop-{LOW}", "data-high") == "0"
    # each row's number is marked in the text
    for i, (*_, value) in enumerate(EXPECTED):
        assert value in pg.inner_text(f".prop-mark[data-ids~='{i}']")
    assert "节水型示范单位" in pg.inner_text("#review-unmapped")
    assert pg.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    pg.screenshot(path=str(SHOTS / "browser-extract-review-desktop.png"), full_page=True)


def test_the_keyboard_alone_selects_decides_edits_and_comes_back(review) -> None:
    pg = review
    n = len(EXPECTED)
    pg.keyboard.press("j")
    state = pg.evaluate(STATE)
    assert (state["focus"], state["focusRow"], state["current"], state["marks"]) == ("row", "prop-0", ["prop-0"],
                                                                                     ["0"])
    pg.keyboard.press("a")
    state = pg.evaluate(STATE)
    assert state["decisions"][0] == "accept" == state["classes"][0]
    assert pg.inner_text("#review-counts") == counts(1, 0, n - 1)

    pg.keyboard.press("j")
    pg.keyboard.press("r")
    state = pg.evaluate(STATE)
    assert (state["focusRow"], state["current"], state["marks"]) == ("prop-1", ["prop-1"], ["1"])
    assert state["decisions"][:3] == ["accept", "reject", "pending"] and state["classes"][1] == "reject"
    assert pg.inner_text("#review-counts") == counts(1, 1, n - 2)

    pg.keyboard.press("j")
    state = pg.evaluate(STATE)
    assert (state["focus"], state["focusRow"], state["marks"]) == ("row", "prop-2", ["2"])
    assert EXPECTED[2][3] in pg.inner_text(".prop-mark.current")
    pg.screenshot(path=str(SHOTS / "browser-extract-keyboard.png"))
    pg.keyboard.press("e")  # a field of the row has the focus, and keys typed there are no commands
    state = pg.evaluate(STATE)
    assert state["focusRow"] == "prop-2" and state["focus"] in ("select", "input")
    field_id = pg.evaluate("document.activeElement.id")
    assert field_id.endswith("-2")
    pg.keyboard.press("r")
    assert pg.evaluate(STATE)["decisions"][2] == "pending"
    pg.keyboard.press("Escape")
    state = pg.evaluate(STATE)
    assert (state["focus"], state["focusRow"], state["current"]) == ("row", "prop-2", ["prop-2"])
    assert pg.inner_text("#review-counts") == counts(1, 1, n - 2)

    pg.keyboard.press("k")  # back up one row; ↓ down again
    assert pg.evaluate(STATE)["focusRow"] == "prop-1" and pg.evaluate(STATE)["marks"] == ["1"]
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("p")
    state = pg.evaluate(STATE)
    assert state["focusRow"] == "prop-2" and state["decisions"][2] == "pending"
    assert pg.inner_text("#review-counts") == counts(1, 1, n - 2)


def test_clicking_a_number_in_the_text_selects_its_row(review) -> None:
    pg = review
    for i in (4, 6, 0):
        pg.click(f".prop-mark[data-ids~='{i}']")
        state = pg.evaluate(STATE)
        assert (state["focus"], state["focusRow"], state["current"]) == ("row", f"prop-{i}", [f"prop-{i}"])
        assert state["marks"] == [str(i)]
        # the row is scrolled into the table's view
        visible = pg.evaluate(f"""() => {{
          const r = document.getElementById('prop-{i}').getBoundingClientRect();
          const s = document.querySelector('.review-scroll').getBoundingClientRect();
          return r.bottom > s.top && r.top < s.bottom;
        }}""")
        assert visible, f"row {i} is not in view after clicking its number"
    pg.keyboard.press("j")  # the keyboard goes on from the clicked row
    assert pg.evaluate(STATE)["focusRow"] == "prop-1"


def test_accept_high_accepts_the_pending_high_confidence_rows_only(review) -> None:
    pg = review
    pg.check(f"#decision-{REJECTED}-reject")
    assert pg.inner_text("#review-counts") == counts(0, 1, len(EXPECTED) - 1)
    pg.click("#accept-high")
    state = pg.evaluate(STATE)
    expected = ["accept"] * len(EXPECTED)
    expected[REJECTED], expected[LOW] = "reject", "pending"
    assert state["decisions"] == expected == state["classes"]
    assert pg.inner_text("#review-counts") == counts(len(EXPECTED) - 2, 1, 1)


def test_accepted_rows_are_imported_citing_a_new_document(review, live_server) -> None:
    pg = review
    before = current_head()
    pg.check(f"#decision-{REJECTED}-reject")
    pg.click("#accept-high")
    doc_id = f"chifeng-extract-{uuid.uuid4().hex[:6]}"
    pg.check("#cite-new")
    pg.fill("#doc_id", doc_id)
    pg.fill("#doc_title", "赤峰市节水示范行动方案（测试）")
    pg.fill("#doc_issued", "2031-01-05")
    pg.fill("#review-comment", "浏览器测试：从文件提取")
    pg.click("#review-submit")
    pg.wait_for_selector("#count-new")
    accepted = [e for i, e in enumerate(EXPECTED) if i not in (REJECTED, LOW)]
    assert pg.inner_text("#count-new") == str(len(accepted) + 1)  # the values and the document
    assert pg.inner_text("#count-error") == "0"
    values = pg.locator("#preview-table tbody tr.row-new")
    assert values.count() == len(accepted)
    shown = " ".join(values.all_inner_texts())
    assert "宁城县" in shown and "林西县" in shown and "2033" in shown
    document = pg.inner_text("#preview-documents")
    assert doc_id in document and "赤峰市节水示范行动方案（测试）" in document
    assert current_head() == before  # the preview writes nothing
    pg.screenshot(path=str(SHOTS / "browser-extract-preview.png"), full_page=True)

    pg.click("#commit-button")
    pg.wait_for_selector("#import-done")
    rev = int(re.search(r"数据版本 (\d+)", pg.inner_text("#import-done h2")).group(1))
    assert rev == before + 1 == current_head()
    pg.screenshot(path=str(SHOTS / "browser-extract-imported.png"), full_page=True)
    with store_engine().connect() as conn:
        changes = revision_changes(conn, rev)
    new = {(c.new["region"], c.new["indicator"], c.new["year"]): c.new for c in changes if c.entity == "values"}
    assert set(new) == {(r, i, y) for r, i, y, _ in accepted}
    for r, i, y, v in accepted:
        assert float(new[(r, i, y)]["value"]) == float(v)
        assert new[(r, i, y)]["doc"] == doc_id
    assert [c.new["id"] for c in changes if c.entity == "documents"] == [doc_id]


def test_the_review_page_fits_a_phone(staff, browser, live_server) -> None:
    """At 390×844 the whole page never scrolls sideways; the text, the proposals and the citation are on screen, and
    taps select and decide a row. After the import above, the rows carry the badge 已有相同数据（…）."""
    context, _, _ = staff
    phone = browser.new_context(locale="zh-CN", storage_state=context.storage_state(), **PHONE)
    problems: list[str] = []
    try:
        pg = phone.new_page()
        watch(pg, problems, live_server)
        pg.set_default_timeout(25000)
        upload_plan(pg, live_server)
        pg.screenshot(path=str(SHOTS / "browser-extract-review-phone.png"))
        pg.screenshot(path=str(SHOTS / "browser-extract-review-phone-full.png"), full_page=True)
        # On a mobile viewport Chrome widens the layout viewport to a page wider than the screen, so innerWidth
        # grows with the overflow: the page is measured against the screen's width.
        device = PHONE["viewport"]["width"]
        width = pg.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        wide = pg.evaluate(f"""() => [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > {device} + 1 && !e.parentElement.closest('.review-scroll'))
          .slice(0, 6).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : ''))""")
        assert max(width) <= device + 1, f"the page is {width[0]} px wide on a {device} px phone: {wide}"
        for selector in ("#review-text", ".review-scroll", "#review-cite"):
            pg.locator(selector).scroll_into_view_if_needed()
            box = pg.locator(selector).bounding_box()
            assert box and box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= device + 1, (
                selector, box)
        # the table is reachable: wider than its pane only where the pane scrolls sideways
        pane = pg.evaluate("""() => { const s = document.querySelector('.review-scroll');
          return [s.scrollWidth, s.clientWidth, getComputedStyle(s).overflowX]; }""")
        assert pane[0] <= pane[1] + 1 or pane[2] in ("auto", "scroll"), pane
        # a tap on a number in the text selects its row, a tap on 采纳 decides it
        pg.locator("#review-text").scroll_into_view_if_needed()
        pg.tap(".prop-mark[data-ids~='4']")
        assert pg.evaluate(STATE)["focusRow"] == "prop-4"
        pg.tap("#prop-4 label.decision-accept")
        assert pg.is_checked("#decision-4-accept")
        assert pg.inner_text("#review-counts") == counts(1, 0, len(EXPECTED) - 1)
        pg.screenshot(path=str(SHOTS / "browser-extract-review-phone-row.png"))
    finally:
        phone.close()
    assert not problems, problems
