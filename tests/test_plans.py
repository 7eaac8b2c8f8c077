"""添加地区方案 end to end through the Flask test client: search the catalogue → add the plan document → import
its targets with the region's template → the region has data (and is a plan region). For a city (包头市 150200) and
a county (土默特右旗 150221) that are in the catalogue without a plan. Every write tried anonymously, with the wrong
role and with bad input first: nothing is written then.

The figures in the uploads are test fixtures, never shipped data.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from client_helpers import csrf_of, current_head
from openpyxl import Workbook, load_workbook

from water_targets.data import get_dataset, get_geo, store_engine
from water_targets.imports.template import SHEET_LISTS, SHEET_VALUES
from water_targets.store.revisions import get_revision, revision_file
from water_targets.store.users import add_user, read_audit

PASSWORD = "correct-horse-1"
SUFFIX = uuid.uuid4().hex[:6]
PDF = b"%PDF-1.4\n% test fixture, not a real plan\n%%EOF\n"

pytestmark = pytest.mark.usefixtures("pristine_store")


@pytest.fixture(scope="module")
def users(client) -> dict[str, str]:
    names = {"editor": f"plan-editor-{SUFFIX}", "admin": f"plan-admin-{SUFFIX}"}
    add_user(store_engine(), names["editor"], "editor", PASSWORD, ["150200"], get_geo())
    add_user(store_engine(), names["admin"], "admin", PASSWORD, [], get_geo())
    return names


def signed_in(client, name: str):
    c = client.application.test_client()
    page = c.get("/auth/sign-in")
    resp = c.post("/auth/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(page.data)})
    assert resp.status_code == 302
    return c


@pytest.fixture
def admin(client, users):
    return signed_in(client, users["admin"])


@pytest.fixture
def editor(client, users):
    return signed_in(client, users["editor"])


def add_plan(c, region: str, token: str | None = None, file: tuple[bytes, str] | None = None, **fields):
    token = token or csrf_of(c.get(f"/admin/plans/new?region={region}").data)
    data = {"csrf_token": token, "region": region, **fields}
    if file:
        data["file"] = (io.BytesIO(file[0]), file[1])
    return c.post("/admin/plans/new", data=data, content_type="multipart/form-data")


def workbook(rows: list[list[str]]) -> bytes:
    """A small upload in the template's layout (values sheet only)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_VALUES
    ws.append(["地区 region", "指标 indicator", "年份 year", "类型 kind", "数值 value", "比较符 comparator",
               "基准年 baseline_year", "限定词 qualifier", "来源文件 doc", "章节 section", "备注 note"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_file(c, data: bytes, name: str) -> int:
    """Upload → preview → confirm on the data pages; the revision written."""
    resp = c.post(
        "/admin/preview",
        data={"csrf_token": csrf_of(c.get("/admin/data").data), "comment": "test", "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200, resp.data.decode()[:2000]
    match = re.search(rb'name="upload_id" value="([0-9a-f]{64})"', resp.data)
    assert match, re.sub(r"<[^>]+>", " ", resp.data.decode())[-3000:]
    done = c.post("/admin/commit", data={"csrf_token": csrf_of(resp.data), "upload_id": match.group(1).decode()})
    assert done.status_code == 302, done.data.decode()[:2000]
    return int(done.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def values_of(client, region: str) -> list[dict]:
    body = client.get(f"/api/v1/values?indicator=total_water_use&region={region}").get_json()
    return body["values"]


def assert_plan_region(region: str) -> None:
    """A plan region of the latest data: in the dashboard's region menu and on the overview map, no restart."""
    regions = pytest.importorskip("water_targets.regions")
    dataset, geo = get_dataset(), get_geo()
    assert region in [r.adcode for r in regions.plan_regions(dataset, geo)]
    from water_targets.choropleth import view_for
    from water_targets.controls import region_options

    assert region in [o["value"] for o in region_options(dataset, geo, "zh")]
    assert region in view_for(dataset, geo, regions.OVERVIEW).codes


# --------------------------------------------------------------------------------------------- refusals


def test_anonymous_is_sent_to_sign_in_and_writes_nothing(client) -> None:
    anon = client.application.test_client()
    resp = anon.get("/admin/plans/new?q=包头")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/auth/sign-in")
    before = current_head()
    token = csrf_of(anon.get("/auth/sign-in").data)
    resp = add_plan(anon, "150200", token=token, id=f"anon-{SUFFIX}", title="x")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/auth/sign-in")
    assert current_head() == before


def test_editors_are_refused(editor) -> None:
    assert editor.get("/admin/plans/new").status_code == 403
    assert "/admin/plans/new" not in editor.get("/admin/data").data.decode()  # no link for editors
    before = current_head()
    token = csrf_of(editor.get("/admin/data").data)
    resp = add_plan(editor, "150200", token=token, id=f"editor-{SUFFIX}", title="x")
    assert resp.status_code == 403
    assert current_head() == before


def test_csrf_is_required(admin) -> None:
    before = current_head()
    assert add_plan(admin, "150200", token="nope", id=f"csrf-{SUFFIX}", title="x").status_code == 403
    assert current_head() == before


@pytest.mark.parametrize(
    ("region", "fields", "file", "status", "words"),
    [
        ("999999", {"title": "x"}, None, 404, "目录中没有代码为“999999”的地区"),
        ("150200", {"title": "x", "id": "chifeng-2025"}, None, 400, "已被使用"),
        ("150200", {"title": ""}, None, 400, "请填写文件标题"),
        ("150200", {"title": "x", "id": "Not An Id!"}, None, 400, "未添加"),
        ("150200", {"title": "x", "issued": "2025-13-45"}, None, 400, "未添加"),
        ("150200", {"title": "x", "url": "ftp://example.com/x"}, None, 400, "未添加"),
        ("150200", {"title": "x"}, (b"MZ...", "plan.exe"), 400, "PDF、DOC、DOCX 或 TXT"),
        ("150200", {"title": "x"}, (b"x" * (20 * 1024 * 1024 + 1), "big.pdf"), 400, "20 MB"),
        ("150200", {"title": "x"}, (b"x" * (21 * 1024 * 1024), "huge.pdf"), 413, "20 MB"),
        ("150200", {"title": "x", "url": "https://example.gov.cn/a.pdf"}, (PDF, "a.pdf"), 400, "二选一"),
    ],
)
def test_bad_input_writes_nothing(admin, region, fields, file, status, words) -> None:
    before = current_head()
    fields = {"id": f"bad-{SUFFIX}", **fields}
    resp = add_plan(admin, region, token=csrf_of(admin.get("/admin/plans/new").data), file=file, **fields)
    html = resp.data.decode()
    assert resp.status_code == status, html[:3000]
    assert words in html and "Traceback" not in html
    assert current_head() == before


def test_english_messages(admin) -> None:
    token = csrf_of(admin.get("/admin/plans/new?lang=en").data)
    resp = add_plan(admin, "150200", token=token, id="chifeng-2025", title="x")
    assert resp.status_code == 400 and "exists already" in resp.data.decode()


# --------------------------------------------------------------------------------------------- the flow


def test_search_lists_matches_without_javascript(admin) -> None:
    html = admin.get("/admin/plans/new?q=包头").data.decode()
    assert 'href="/admin/plans/new?region=150200"' in html and "内蒙古自治区 · 包头市" in html
    assert 'id="plan-search-form"' in html and 'src="/admin/plan-search.js"' in html
    html = admin.get("/admin/plans/new?q=150221").data.decode()
    assert 'href="/admin/plans/new?region=150221"' in html and "土默特右旗" in html
    assert 'id="plan-none"' in admin.get("/admin/plans/new?q=没有这个地方").data.decode()
    assert admin.get("/admin/plans/new?q=" + "x" * 150).status_code == 400
    assert admin.get("/admin/plan-search.js").status_code == 200


def test_a_city_plan_end_to_end(admin, client) -> None:
    """包头市: search → add the document (a link) → import its targets with its template → on the map."""
    region, doc = "150200", f"baotou-{SUFFIX}"
    form = admin.get(f"/admin/plans/new?region={region}").data.decode()
    assert "内蒙古自治区 · 包头市" in form and 'value="baotou-20' in form  # id suggested from the name and year
    before = current_head()
    resp = add_plan(
        admin,
        region,
        id=doc,
        title="包头市节水行动实施方案（测试）",
        number="包府办发〔2025〕1号",
        issued="2025-04-11",
        url="https://example.gov.cn/baotou-plan.pdf",
    )
    assert resp.status_code == 302, resp.data.decode()[:3000]
    rev = int(resp.headers["Location"].rsplit("/", 1)[-1])
    assert rev == before + 1
    with store_engine().connect() as conn:
        info = get_revision(conn, rev)
    assert info.action == "document" and info.added == 1
    assert any(e["action"] == "document" and doc in e["detail"] for e in read_audit(store_engine(), limit=20))

    done = admin.get(resp.headers["Location"]).data.decode()
    template_url = f"/admin/template.xlsx?region={region}&amp;doc={doc}"
    assert template_url in done and 'id="upload-form"' in done
    template = admin.get(template_url.replace("&amp;", "&"))
    assert template.status_code == 200
    wb = load_workbook(io.BytesIO(template.data))
    lists = [c.value for c in wb[SHEET_LISTS]["A"][1:] if c.value]
    assert lists[0] == "包头市" and any(name.startswith("土默特右旗") for name in lists)
    assert "赤峰市" not in lists  # only the region and its units
    assert [c.value for c in wb[SHEET_LISTS]["G"][1:] if c.value] == [doc]

    # An editor of 包头市 may use the same template; here the admin imports it.
    upload = workbook(
        [
            ["包头市", "total_water_use", "2025", "target", "9.8765", "<=", "", "", doc, "附件1 （测试）", "test"],
            ["东河区", "total_water_use", "2025", "target", "1.2345", "<=", "", "", doc, "附件1 （测试）", "test"],
        ]
    )
    rev = import_file(admin, upload, "baotou.xlsx")
    assert rev > before + 1
    (value,) = [v for v in values_of(client, region) if v["year"] == 2025 and v["kind"] == "target"]
    assert value["value"] == 9.8765 and value["source"]["doc_id"] == doc
    assert value["source"]["document"] == "包头市节水行动实施方案（测试）"
    assert any(v["source"]["doc_id"] == doc for v in values_of(client, "150202"))
    assert doc in get_dataset().documents.index
    history = admin.get("/admin/history").data.decode()
    assert f'id="rev-{rev}"' in history
    assert_plan_region(region)


def test_a_county_plan_with_its_file(admin, client) -> None:
    """土默特右旗: the plan as an uploaded PDF, kept with the revision; targets by CSV with the county's name."""
    region, doc = "150221", f"tumed-right-{SUFFIX}"
    html = admin.get("/admin/plans/new?q=土默特右旗").data.decode()
    assert f'href="/admin/plans/new?region={region}"' in html
    resp = add_plan(admin, region, file=(PDF, "土默特右旗方案.pdf"), id=doc, title="土默特右旗节水方案（测试）")
    assert resp.status_code == 302, resp.data.decode()[:3000]
    rev = int(resp.headers["Location"].rsplit("/", 1)[-1])
    with store_engine().connect() as conn:
        assert revision_file(conn, rev) == ("土默特右旗方案.pdf", PDF)
    stored = get_dataset().documents.loc[doc]
    assert stored["url"] == f"/admin/revisions/{rev}/file" and stored["kind"] == "plan"
    download = admin.get(stored["url"])
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert client.application.test_client().get(stored["url"]).status_code == 302  # staff only

    header = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"
    body = (header + f"土默特右旗,total_water_use,2025,target,0.4321,<=,,,{doc},第三章（测试）,test\n").encode()
    import_file(admin, body, "tumed.csv")
    (value,) = [v for v in values_of(client, region) if v["year"] == 2025 and v["kind"] == "target"]
    assert value["value"] == 0.4321 and value["source"]["doc_id"] == doc
    assert_plan_region(region)


def test_a_duplicate_document_id_is_refused_after_it_was_added(admin) -> None:
    before = current_head()
    resp = add_plan(admin, "150200", id=f"baotou-{SUFFIX}", title="again")
    assert resp.status_code == 400 and "已被使用" in resp.data.decode()
    assert current_head() == before


# ------------------------------------------------------------------------ the same by API (multipart)


@pytest.fixture(scope="module")
def tokens(users) -> dict[str, dict]:
    from water_targets.store.users import create_token

    return {role: {"Authorization": f"Bearer {create_token(store_engine(), name)}"} for role, name in users.items()}


def post_document(client, headers: dict | None, file: tuple[bytes, str] | None = None, **fields):
    data = dict(fields)
    if file:
        data["file"] = (io.BytesIO(file[0]), file[1])
    return client.post("/api/v1/documents", data=data, headers=headers or {}, content_type="multipart/form-data")


def test_api_refusals_write_nothing(client, tokens) -> None:
    before = current_head()
    fields = {"region": "150200", "id": f"api-{SUFFIX}", "title": "x"}
    assert post_document(client, None, **fields).status_code == 401
    assert post_document(client, tokens["editor"], **fields).status_code == 403
    cases = [
        ({**fields, "region": "999999"}, None, 404),
        ({**fields, "id": "chifeng-2025"}, None, 409),
        ({**fields, "title": ""}, None, 422),
        ({**fields, "surprise": "1"}, None, 400),
        (fields, (b"MZ", "plan.exe"), 422),
        (fields, (b"x" * (20 * 1024 * 1024 + 1), "big.pdf"), 413),
    ]
    for data, file, status in cases:
        resp = post_document(client, tokens["admin"], file=file, **data)
        assert resp.status_code == status, (data, resp.get_json())
        body = resp.get_json()
        assert body["error"] and (status == 400 or body["message_zh"])
    assert current_head() == before


def test_api_adds_a_plan_with_its_file(client, tokens) -> None:
    doc = f"api-baotou-{SUFFIX}"
    resp = post_document(
        client, tokens["admin"], file=(PDF, "plan.pdf"), region="150200", id=doc, title="包头市方案（API 测试）"
    )
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["document"] == doc and body["url"] == f"/admin/revisions/{body['revision']}/file"
    with store_engine().connect() as conn:
        assert revision_file(conn, body["revision"]) == ("plan.pdf", PDF)
        assert get_revision(conn, body["revision"]).action == "document"
    again = post_document(client, tokens["admin"], region="150200", id=doc, title="again")
    assert again.status_code == 409 and "已被使用" in again.get_json()["message_zh"]
