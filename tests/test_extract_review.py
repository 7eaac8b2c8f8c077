"""从文件提取 through the Flask test client (issue 20): POST /api/v1/extract and the review pages. A plan's text →
proposals (nothing written) → accepted and edited rows → the import preview → one revision citing the document. Every
write path is tried anonymous, without CSRF, for a region outside the user's scope (as the plan's region, as a row's
new region and as an existing row of another region), and with files that cannot be read: nothing is written.

The plan text below is a test fixture with invented figures (years 2031–2032, which no shipped document states)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from html import unescape

import pytest
from client_helpers import bearer, csrf_of, current_head, post_file, unique
from test_extract_reading import docx_bytes, encrypted_pdf

from water_targets.data import get_dataset, get_geo, store_engine
from water_targets.store.revisions import revision_changes
from water_targets.store.users import add_user

pytestmark = pytest.mark.usefixtures("pristine_store")

PASSWORD = "correct-horse-2"
PLAN = """【测试文本：数字为虚构】
赤峰市节水示范行动方案
一、主要目标
到2031年，全市用水总量控制在21.5亿立方米以内，农田灌溉水有效利用系数达到0.671。
二、重点任务
（一）县域节水。到2032年，宁城县用水总量控制在2.31亿立方米以内。
"""
CHIFENG, NINGCHENG, SHUOZHOU = "150400", "150429", "140600"


@pytest.fixture(scope="module")
def tokens(client) -> dict[str, dict]:
    return {
        "chifeng": bearer(unique("ext-cf"), "editor", [CHIFENG]),
        "shuozhou": bearer(unique("ext-sz"), "editor", [SHUOZHOU]),
    }


def extract_api(client, headers: dict, **form):
    return client.post("/api/v1/extract", data=form, headers=headers, content_type="multipart/form-data")


def key(p: dict) -> tuple:
    return (p["region"], p["indicator"], p["year"], p["comparator"], p["value"], p["kind"])


# ---------------------------------------------------------------- the API


def test_the_api_proposes_cited_rows_and_writes_nothing(client, tokens) -> None:
    before = current_head()
    resp = extract_api(client, tokens["chifeng"], text=PLAN, region=CHIFENG)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    got = {key(p): p for p in body["proposals"]}
    assert (CHIFENG, "total_water_use", 2031, "<=", 21.5, "target") in got
    assert (CHIFENG, "irrigation_efficiency", 2031, ">=", 0.671, "target") in got
    ningcheng = got[(NINGCHENG, "total_water_use", 2032, "<=", 2.31, "target")]
    assert ningcheng["region_text"] == "宁城县"
    assert ningcheng["section"].startswith("二、重点任务（一）")
    for p in body["proposals"]:
        assert body["text"][p["start"]:p["end"]] == p["quote"]
        assert p["file"] == "pasted text"
    assert current_head() == before


def test_the_api_answers_the_filled_template_which_the_import_accepts(client, tokens) -> None:
    resp = client.post("/api/v1/extract?format=csv", data={"text": PLAN, "region": CHIFENG, "doc": "chifeng-2025"},
                       headers=tokens["chifeng"], content_type="multipart/form-data")
    assert resp.status_code == 200
    rows = list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))
    assert {r["地区 region"] for r in rows} == {CHIFENG, NINGCHENG}
    assert {r["来源文件 doc"] for r in rows} == {"chifeng-2025"}
    before = current_head()
    dry = post_file(client, "/api/v1/imports", resp.data, "extract.csv", tokens["chifeng"], dry_run="1")
    assert dry.status_code == 200, dry.get_json()
    assert dry.get_json()["added"] == 3
    assert current_head() == before


def test_the_api_refuses_anonymous_a_region_out_of_scope_and_a_browser_without_csrf(client, tokens) -> None:
    before = current_head()
    anon = client.application.test_client()
    assert extract_api(anon, {}, text=PLAN, region=CHIFENG).status_code == 401
    out = extract_api(client, tokens["shuozhou"], text=PLAN, region=CHIFENG)
    assert out.status_code == 403
    assert "150400" in out.get_json()["error"] and "赤峰市" in out.get_json()["message_zh"]
    # the cited document's region decides when no region is given: chifeng-2025 is 赤峰's
    assert extract_api(client, tokens["shuozhou"], text=PLAN, doc="chifeng-2025").status_code == 403
    name = unique("ext-browser")
    add_user(store_engine(), name, "editor", PASSWORD, [CHIFENG], get_geo())
    browser = client.application.test_client()
    sign_in(browser, name)
    assert extract_api(browser, {}, text=PLAN, region=CHIFENG).status_code == 403  # no X-CSRF-Token
    assert current_head() == before


@pytest.mark.parametrize(
    ("data", "name", "status", "words"),
    [
        (b"", "empty.pdf", 422, "empty.pdf: the file is empty"),
        (b"<html><body>not a plan</body></html>", "plan.pdf", 422, "plan.pdf"),
        (b"PK\x03\x04 not really a zip", "plan.docx", 422, "plan.docx"),
        (b"\x00\x01\x02\x03" * 300, "plan.txt", 422, "plan.txt"),
        ("encrypted", "locked.pdf", 422, "locked.pdf"),
        ("big", "huge.pdf", 413, "larger than 20 MB"),  # the 50 MB body is refused before its file is read
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_answer_and_writes_nothing(client, tokens, data, name, status,
                                                                           words) -> None:
    if data == "encrypted":
        data = encrypted_pdf()
    elif data == "big":
        data = b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024)
    before = current_head()
    resp = client.post("/api/v1/extract", data={"file": (io.BytesIO(data), name), "region": CHIFENG},
                       headers=tokens["chifeng"], content_type="multipart/form-data")
    assert resp.status_code == status, resp.get_json()
    body = resp.get_json()
    assert words in body["error"]
    assert body["message_zh"] and "Traceback" not in body["error"]
    assert current_head() == before


def test_a_docx_plan_is_read_with_its_tables(client, tokens) -> None:
    resp = post_file(client, "/api/v1/extract", docx_bytes(), "plan.docx", tokens["chifeng"], region=CHIFENG)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["read_as"] == "docx"


# ---------------------------------------------------------------- the pages


def sign_in(c, name: str) -> None:
    page = c.get("/auth/sign-in")
    resp = c.post("/auth/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(page.data),
                                         "next": "/admin/extract"})
    assert resp.status_code == 302


@pytest.fixture(scope="module")
def editors(client) -> dict[str, str]:
    suffix = uuid.uuid4().hex[:6]
    names = {"chifeng": f"ext-ed-{suffix}", "shuozhou": f"ext-sz-{suffix}"}
    add_user(store_engine(), names["chifeng"], "editor", PASSWORD, [CHIFENG], get_geo())
    add_user(store_engine(), names["shuozhou"], "editor", PASSWORD, [SHUOZHOU], get_geo())
    return names


@pytest.fixture
def editor(client, editors):
    c = client.application.test_client()
    sign_in(c, editors["chifeng"])
    return c


def review(c, **form):
    token = csrf_of(c.get("/admin/extract").data)
    return c.post("/admin/extract/review", data={"csrf_token": token, **form}, content_type="multipart/form-data")


def review_form(html: str) -> dict[str, str]:
    """The review form's fields as the page fills them (inputs, checked radios, selected options, the text)."""
    fields: dict[str, str] = {}
    form = html[html.index('id="review-form"'):]
    for m in re.finditer(r'<input type="(?:hidden|text)"[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', form):
        fields[m.group(1)] = unescape(m.group(2))
    for m in re.finditer(r'<input type="radio" name="([^"]+)" value="([^"]+)"[^>]*?checked', form):
        fields[m.group(1)] = m.group(2)
    for m in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        fields[m.group(1)] = unescape(chosen.group(1)) if chosen else ""
    text = re.search(r'<textarea name="text"[^>]*>\n(.*?)</textarea>', form, re.S)
    fields["text"] = unescape(text.group(1))
    return fields


def rows_of(fields: dict[str, str]) -> dict[int, dict]:
    rows: dict[int, dict] = {}
    for name, value in fields.items():
        m = re.fullmatch(r"([a-z_]+)-(\d+)", name)
        if m:
            rows.setdefault(int(m.group(2)), {})[m.group(1)] = value
    return rows


def find(rows: dict[int, dict], region: str, year: str) -> int:
    (index,) = [i for i, r in rows.items() if r["region"] == region and r["year"] == year
                and r["indicator"] == "total_water_use"]
    return index


def test_the_review_page_marks_each_proposal_in_the_text(editor) -> None:
    before = current_head()
    resp = review(editor, text=PLAN, region=CHIFENG)
    assert resp.status_code == 200
    html = resp.data.decode()
    fields = review_form(html)
    rows = rows_of(fields)
    assert len(rows) == 3
    assert all(r["decision"] == "pending" for r in rows.values())  # nothing is accepted for the reviewer
    i = find(rows, NINGCHENG, "2032")
    assert rows[i]["value"] == "2.31" and rows[i]["comparator"] == "<="
    assert re.search(rf'<mark class="prop-mark" id="mark-{i}" data-ids="{i}">2.31亿立方米</mark>', html)
    assert fields["text"].replace("\r\n", "\n") == PLAN
    assert current_head() == before


def test_accepted_and_edited_rows_become_one_revision_citing_a_new_document(editor, editors) -> None:
    before = current_head()
    fields = review_form(review(editor, text=PLAN, region=CHIFENG).data.decode())
    rows = rows_of(fields)
    city, county = find(rows, CHIFENG, "2031"), find(rows, NINGCHENG, "2032")
    other = next(i for i in rows if i not in (city, county))
    doc_id = f"chifeng-test-{uuid.uuid4().hex[:6]}"
    posted = {**fields, f"decision-{city}": "accept", f"decision-{county}": "accept", f"decision-{other}": "reject",
              f"value-{county}": "2.29",  # the reviewer corrects a figure
              "cite": "new", "doc_id": doc_id, "doc_title": "赤峰市节水示范行动方案（测试）",
              "doc_issued": "2031-01-05", "doc_kind": "plan", "doc_number": "", "doc_url": "", "doc_title_en": "",
              "comment": "review test"}
    preview = editor.post("/admin/extract/preview", data=posted)
    assert preview.status_code == 200, preview.data.decode()[:2000]
    html = preview.data.decode()
    assert re.search(r'id="count-new">3<', html)  # two values and the document
    assert current_head() == before  # the preview writes nothing
    upload_id = re.search(r'name="upload_id" value="([0-9a-f]{64})"', html).group(1)
    done = editor.post("/admin/commit", data={"csrf_token": csrf_of(html.encode()), "upload_id": upload_id})
    assert done.status_code == 302
    rev = int(done.headers["Location"].rsplit("/", 1)[-1])
    assert rev == before + 1 == current_head()
    with store_engine().connect() as conn:
        changes = revision_changes(conn, rev)
    new_values = {(c.new["region"], c.new["year"]): c.new for c in changes if c.entity == "values"}
    assert set(new_values) == {(CHIFENG, "2031"), (NINGCHENG, "2032")}
    assert new_values[(NINGCHENG, "2032")]["value"] == "2.29"
    assert all(v["doc"] == doc_id for v in new_values.values())
    assert new_values[(CHIFENG, "2031")]["note"] in PLAN  # the quote the row was read from
    assert [c.new["id"] for c in changes if c.entity == "documents"] == [doc_id]
    assert doc_id in get_dataset().documents.index


def test_no_accepted_row_or_no_document_shows_the_review_again(editor) -> None:
    before = current_head()
    fields = review_form(review(editor, text=PLAN, region=CHIFENG).data.decode())
    again = editor.post("/admin/extract/preview", data={**fields, "doc": "chifeng-2025"})
    assert again.status_code == 400
    assert "还没有采纳任何一条" in again.data.decode()
    assert 'id="review-form"' in again.data.decode()  # the review is kept, not lost
    rows = rows_of(fields)
    i = find(rows, CHIFENG, "2031")
    again = editor.post("/admin/extract/preview", data={**fields, f"decision-{i}": "accept", "doc": ""})
    assert again.status_code == 400 and "请选择这些数据引用的文件" in again.data.decode()
    assert re.search(rf'name="decision-{i}" value="accept" id="decision-{i}-accept" checked', again.data.decode())
    assert current_head() == before


def test_rows_of_another_region_are_refused_in_the_review_and_nothing_is_written(editor) -> None:
    before = current_head()
    fields = review_form(review(editor, text=PLAN, region=CHIFENG).data.decode())
    rows = rows_of(fields)
    i, j = find(rows, CHIFENG, "2031"), find(rows, NINGCHENG, "2032")
    # a new row moved to 朔州 (outside the editor's regions), and an existing row of 朔州 (its 2020 cap)
    posted = {**fields, f"decision-{i}": "accept", f"region-{i}": SHUOZHOU, "doc": "chifeng-2025",
              f"decision-{j}": "accept", f"region-{j}": SHUOZHOU, f"year-{j}": "2020", f"value-{j}": "9.9"}
    resp = editor.post("/admin/extract/preview", data=posted)
    assert resp.status_code == 422
    html = resp.data.decode()
    assert 'id="review-form"' in html and html.count('class="problem"') >= 2
    assert current_head() == before


def test_a_plan_region_outside_the_scope_is_refused_on_the_page(client, editors) -> None:
    c = client.application.test_client()
    sign_in(c, editors["shuozhou"])
    before = current_head()
    resp = review(c, text=PLAN, region=CHIFENG)
    assert resp.status_code == 403
    assert "没有 赤峰市（150400） 的编辑权限" in resp.data.decode()
    # posting the review's second step with the other region directly is refused the same way
    token = csrf_of(c.get("/admin/extract").data)
    resp = c.post("/admin/extract/preview", data={"csrf_token": token, "text": PLAN, "region": CHIFENG,
                                                  "decision-0": "accept", "doc": "chifeng-2025"})
    assert resp.status_code == 403
    assert current_head() == before


def test_the_pages_need_a_sign_in_and_the_csrf_token(client, editor) -> None:
    anon = client.application.test_client()
    assert anon.get("/admin/extract").status_code == 302  # to the sign-in page
    assert anon.post("/admin/extract/review", data={"text": PLAN, "region": CHIFENG}).status_code == 302
    before = current_head()
    assert editor.post("/admin/extract/review", data={"text": PLAN, "region": CHIFENG}).status_code == 403
    assert editor.post("/admin/extract/preview", data={"text": PLAN, "region": CHIFENG}).status_code == 403
    assert current_head() == before


def test_an_unreadable_upload_is_named_on_the_start_page(editor) -> None:
    resp = review(editor, file=(io.BytesIO(b"<html>no</html>"), "plan.pdf"), region=CHIFENG)
    assert resp.status_code == 422
    html = resp.data.decode()
    assert 'id="extract-error"' in html and "plan.pdf" in html


def test_user_text_is_text_on_the_review_page(editor) -> None:
    hostile = PLAN.replace("赤峰市节水示范行动方案", "<script>alert(1)</script><img src=x onerror=alert(2)>")
    html = review(editor, text=hostile, region=CHIFENG).data.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_plan_kept_with_a_revision_is_read_by_its_regions_editors_only(client, tokens, editor, editors) -> None:
    admin = bearer(unique("ext-admin"), "admin")
    doc_id = f"chifeng-kept-{uuid.uuid4().hex[:6]}"
    added = client.post("/api/v1/documents", headers=admin, content_type="multipart/form-data", data={
        "id": doc_id, "region": CHIFENG, "title": "赤峰市节水示范行动方案（测试）", "number": "",
        "issued": "2031-01-05", "file": (io.BytesIO(PLAN.encode("utf-8")), "plan.txt")})
    assert added.status_code == 201, added.get_json()
    before = current_head()
    resp = extract_api(client, tokens["chifeng"], kept=doc_id)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["doc"] == doc_id and body["region"] == CHIFENG and body["file"] == "plan.txt"
    assert (NINGCHENG, "total_water_use", 2032, "<=", 2.31, "target") in {key(p) for p in body["proposals"]}
    # 朔州's editor may not read 赤峰's plan for an import: its region is not theirs
    assert extract_api(client, tokens["shuozhou"], kept=doc_id).status_code == 403
    # on the page the kept plan is offered and read, and its rows cite it without a choice
    page = editor.get("/admin/extract").data.decode()
    assert f'<option value="{doc_id}"' in page
    html = review(editor, kept=doc_id).data.decode()
    assert 'name="cite" value="kept"' in html and f'name="doc" value="{doc_id}"' in html
    assert current_head() == before


def test_a_50_mb_upload_on_the_page_gets_a_clear_page(editor) -> None:
    before = current_head()
    resp = review(editor, file=(io.BytesIO(b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024)), "huge.pdf"), region=CHIFENG)
    assert resp.status_code == 413
    assert "20 MB" in resp.data.decode() and "Traceback" not in resp.data.decode()
    assert current_head() == before
