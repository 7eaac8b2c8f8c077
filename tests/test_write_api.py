"""The write API end to end on the app's store: imports (dry run, errors, scope), revisions, revert, documents,
asof on reads — each write tried anonymously and with the wrong role or region first."""

from __future__ import annotations

import io
import uuid

import pytest
from cli_helpers import ROOT, run_python
from client_helpers import bearer, current_head, post_file, unique

pytestmark = pytest.mark.usefixtures("pristine_store")

HEADER = "地区,指标,年份,类型,数值,比较符,基准年,限定,文件,章节,备注\n"
SECTION = "附件 赤峰市2025年节水行动目标分解表"


def csv_file(*rows: str, encoding: str = "utf-8-sig") -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode(encoding)


def hongshan(value: str) -> str:
    return f"红山区,用水总量,2025,目标,{value},<=,,,chifeng-2025,{SECTION},test fixture"


@pytest.fixture(scope="module")
def tokens(client) -> dict:
    """Bearer tokens of an admin, an editor of 赤峰市 and an editor of 朔州市 (names unique to this module)."""
    return {
        "admin": bearer(unique("admin"), "admin"),
        "chifeng": bearer(unique("chifeng"), "editor", ["150400"]),
        "shuozhou": bearer(unique("shuozhou"), "editor", ["140600"]),
    }


def post_import(client, data: bytes, headers: dict | None = None, name: str = "upload.csv", **form):
    return post_file(client, "/api/v1/imports", data, name, headers, **form)


def value_of(client, query: str) -> list[str]:
    body = client.get(f"/api/v1/values?indicator=total_water_use&region=150402{query}").get_json()
    return [v["value_text"] for v in body["values"] if v["year"] == 2025]


def test_anonymous_and_bad_tokens_write_nothing(client) -> None:
    before = current_head()
    assert post_import(client, csv_file(hongshan("0.9200"))).status_code == 401
    bad = {"Authorization": "Bearer wt_not-a-real-token"}
    assert post_import(client, csv_file(hongshan("0.9200")), bad).status_code == 401
    assert client.post("/api/v1/revisions/1/revert").status_code == 401
    assert client.post("/api/v1/documents", json={"id": "x"}).status_code == 401
    assert client.get("/api/v1/revisions").status_code == 401
    assert current_head() == before


def test_an_editor_outside_the_region_is_refused(client, tokens) -> None:
    before = current_head()
    resp = post_import(client, csv_file(hongshan("0.9200")), tokens["shuozhou"])
    assert resp.status_code == 403
    assert any(e["column"] == "region" and "红山区" in e["message_zh"] for e in resp.get_json()["errors"])
    assert current_head() == before


def test_an_editor_cannot_revert(client, tokens) -> None:
    before = current_head()
    assert client.post("/api/v1/revisions/1/revert", headers=tokens["chifeng"]).status_code == 403
    assert current_head() == before


def test_errors_come_back_with_row_column_and_reason_and_nothing_is_written(client, tokens) -> None:
    before = current_head()
    data = csv_file(
        hongshan("0.9200"),
        "红山区,不存在的指标,2025,目标,1,<=,,,chifeng-2025,x,",
        hongshan("3.1万立方米").replace("2025", "2024", 1),
    )
    resp = post_import(client, data, tokens["chifeng"])
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert {(e["row"], e["column"]) for e in errors} >= {(3, "indicator"), (4, "value")}
    assert any("亿立方米" in e["message_zh"] for e in errors if e["column"] == "value")
    assert resp.get_json()["revision"] is None and current_head() == before


def test_dry_run_previews_and_writes_nothing(client, tokens) -> None:
    before = current_head()
    resp = post_import(client, csv_file(hongshan("0.9300")), tokens["chifeng"], dry_run="1")
    body = resp.get_json()
    assert resp.status_code == 200 and body["dry_run"] and body["changed"] == 1 and body["revision"] is None
    assert body["rows"][0]["old"]["value"] != "0.9300" and body["rows"][0]["cells"]["value"] == "0.9300"
    assert current_head() == before


def test_import_asof_revert_round_trip(client, tokens) -> None:
    old = value_of(client, "")
    data = csv_file(hongshan("0.9400"), encoding="gb18030")  # Excel's CSV on Chinese Windows
    resp = post_import(client, data, tokens["chifeng"], name="红山区更正.csv", comment="更正")
    body = resp.get_json()
    assert resp.status_code == 201, body
    rev = body["revision"]
    assert (body["changed"], body["added"]) == (1, 0) and rev == current_head()
    assert value_of(client, "") == ["0.9400"]
    assert value_of(client, f"&asof={rev - 1}") == old  # a link sent before the import keeps its figures
    again = post_import(client, data, tokens["chifeng"], name="红山区更正.csv")
    assert again.status_code == 200 and again.get_json()["revision"] is None and current_head() == rev  # 无变化
    detail = client.get(f"/api/v1/revisions/{rev}", headers=tokens["chifeng"]).get_json()
    assert detail["user"].startswith("chifeng-") and detail["file_name"] == "红山区更正.csv"
    assert [(c["status"], c["old"]["value"], c["new"]["value"]) for c in detail["changes"]] == [
        ("changed", old[0], "0.9400")
    ]
    listed = client.get("/api/v1/revisions", headers=tokens["chifeng"]).get_json()
    assert listed[0]["revision"] == rev
    undo = client.post(f"/api/v1/revisions/{rev}/revert", headers=tokens["admin"])
    assert undo.status_code == 201 and undo.get_json()["reverts"] == rev
    assert value_of(client, "") == old and value_of(client, f"&asof={rev}") == ["0.9400"]


def test_asof_that_does_not_exist_is_a_clear_404(client) -> None:
    resp = client.get("/api/v1/values?indicator=total_water_use&region=150402&asof=99999")
    assert resp.status_code == 404 and "data version" in resp.get_json()["error"]
    assert client.get("/api/v1/values?indicator=total_water_use&region=150402&asof=abc").status_code == 404


def test_values_are_revalidated_and_pinned_ones_are_immutable(client) -> None:
    latest = client.get("/api/v1/values?indicator=total_water_use&region=150402")
    assert "no-cache" in latest.headers["Cache-Control"]
    again = client.get(
        "/api/v1/values?indicator=total_water_use&region=150402", headers={"If-None-Match": latest.headers["ETag"]}
    )
    assert again.status_code == 304
    pinned = client.get("/api/v1/values?indicator=total_water_use&region=150402&asof=1")
    assert "immutable" in pinned.headers["Cache-Control"]


def test_documents_are_created_through_the_same_checks(client, tokens) -> None:
    doc = {
        "id": f"chifeng-bulletin-{uuid.uuid4().hex[:4]}",
        "region": "150400",
        "title": "赤峰市水资源公报（测试）",
        "number": "",
        "issued": "2026-05-01",
        "url": "",
        "kind": "statistics",
    }
    assert client.post("/api/v1/documents", json=doc, headers=tokens["shuozhou"]).status_code == 403
    bad = client.post("/api/v1/documents", json={**doc, "kind": "rumour"}, headers=tokens["chifeng"])
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["column"] == "kind"
    ok = client.post("/api/v1/documents", json=doc, headers=tokens["chifeng"])
    assert ok.status_code == 201 and ok.get_json()["added"] == 1


def test_a_browser_session_needs_the_csrf_token_and_foreign_origins_are_refused(client, tokens) -> None:
    before = current_head()
    resp = client.post(
        "/api/v1/imports",
        headers={**tokens["chifeng"], "Origin": "https://evil.example"},
        data={"file": (io.BytesIO(csv_file(hongshan("0.95"))), "a.csv")},
    )
    assert resp.status_code == 403 and current_head() == before


REQUIRE_LOGIN_CHECK = """
import sys
sys.path.insert(0, {root!r})
from app import server
c = server.test_client()
print(c.get("/").status_code, c.get("/").headers.get("Location", ""))
export = c.get("/export/data.csv?region=150400&indicator=total_water_use")
print(c.get("/api/v1/regions").status_code, export.status_code)
print(c.get("/auth/sign-in").status_code)
"""


def test_require_login_closes_every_page_api_and_export(tmp_path) -> None:
    env = {"REQUIRE_LOGIN": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/closed.db"}
    run = run_python("-c", REQUIRE_LOGIN_CHECK.format(root=str(ROOT)), env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    page, api, sign_in = run.stdout.strip().splitlines()
    assert page.startswith("302") and "/auth/sign-in" in page
    assert api == "401 401"
    assert sign_in == "200"


def test_files_past_the_1mb_request_cap_reach_the_parser(client, tokens) -> None:
    note = "x" * 100_000  # 20 rows of 100 KB: a 2 MB file
    rows = [
        hongshan("0.9300").replace("2025", str(year), 1).replace("test fixture", note) for year in range(2006, 2026)
    ]
    resp = post_import(client, csv_file(*rows), tokens["chifeng"], dry_run="1")
    assert resp.status_code == 200 and (resp.get_json()["added"], resp.get_json()["changed"]) == (19, 1)
    huge = post_import(client, csv_file(*rows * 6), tokens["chifeng"])  # 12 MB
    assert huge.status_code == 413 and "larger than the limit of 10.6 MB" in huge.get_json()["error"]


def test_a_revert_that_would_leave_values_citing_a_removed_document_is_a_409(client, tokens) -> None:
    doc_id = f"chifeng-orphan-{uuid.uuid4().hex[:4]}"
    doc = {"id": doc_id, "region": "150400", "title": "赤峰市水资源公报（测试，虚构）", "kind": "statistics"}
    added = client.post("/api/v1/documents", json=doc, headers=tokens["chifeng"])
    assert added.status_code == 201
    doc_rev = added.get_json()["revision"]
    actual = post_import(client, csv_file(f"红山区,用水总量,2024,实际,0.9000,,,,{doc_id},表1,fictitious"),
                         tokens["chifeng"])  # fmt: skip
    assert actual.status_code == 201, actual.get_json()
    before = current_head()
    resp = client.post(f"/api/v1/revisions/{doc_rev}/revert", headers=tokens["admin"])
    assert resp.status_code == 409 and current_head() == before
    body = resp.get_json()
    assert doc_id in body["error"] and "150402" in body["error"] and f"无法撤销版本 {doc_rev}" in body["message_zh"]
    assert body["errors"] and all(e["message"] and e["message_zh"] for e in body["errors"])
    assert client.get("/api/v1/values?indicator=total_water_use&region=150402").status_code == 200
    # Reverting the citing import first, then the document, goes through.
    for rev in (actual.get_json()["revision"], doc_rev):
        assert client.post(f"/api/v1/revisions/{rev}/revert", headers=tokens["admin"]).status_code == 201
