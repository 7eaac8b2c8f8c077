"""The data-management pages through the Flask test client: sign-in, CSRF, roles, preview → commit, history.

The figures in the uploads are test fixtures, never shipped data.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from client_helpers import csrf_of, current_head
from openpyxl import load_workbook

from water_targets.data import get_dataset, get_geo, store_engine
from water_targets.store.users import add_user

PASSWORD = "correct-horse-1"
HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note"
SECTION = "附件 赤峰市2025年节水行动目标分解表"

pytestmark = pytest.mark.usefixtures("pristine_store")


def value_row(region: str = "150402", indicator: str = "total_water_use", value: str = "0.9301", doc: str = "") -> str:
    doc = doc or ("shuozhou-2020" if region.startswith("1406") else "chifeng-2025")
    return f"{region},{indicator},2025,target,{value},<=,,,{doc},{SECTION},test fixture"


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def users(client) -> dict[str, str]:
    """An editor of 赤峰市 (150400) and an admin, with names of their own for this module."""
    suffix = uuid.uuid4().hex[:6]
    names = {"editor": f"editor-{suffix}", "admin": f"admin-{suffix}", "locky": f"locky-{suffix}"}
    add_user(store_engine(), names["editor"], "editor", PASSWORD, ["150400"], get_geo())
    add_user(store_engine(), names["admin"], "admin", PASSWORD, [], get_geo())
    add_user(store_engine(), names["locky"], "editor", PASSWORD, ["150400"], get_geo())
    return names


@pytest.fixture
def anon(client):
    """A test client with a cookie jar of its own."""
    return client.application.test_client()


def sign_in(anon, name: str, password: str = PASSWORD, next_url: str = "/admin/data"):
    page = anon.get("/auth/sign-in")
    return anon.post(
        "/auth/sign-in", data={"name": name, "password": password, "csrf_token": csrf_of(page.data), "next": next_url}
    )


@pytest.fixture
def editor(anon, users):
    assert sign_in(anon, users["editor"]).status_code == 302
    return anon


@pytest.fixture
def admin(client, users):
    c = client.application.test_client()
    assert sign_in(c, users["admin"]).status_code == 302
    return c


def upload(c, data: bytes, name: str = "fixture.csv", comment: str = "test"):
    token = csrf_of(c.get("/admin/data").data)
    return c.post(
        "/admin/preview",
        data={"csrf_token": token, "comment": comment, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def upload_id_of(html: bytes) -> str:
    match = re.search(rb'name="upload_id" value="([0-9a-f]{64})"', html)
    assert match, "no confirm form on the preview"
    return match.group(1).decode()


def test_anonymous_data_page_redirects_to_sign_in(anon) -> None:
    resp = anon.get("/admin/data")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/auth/sign-in?next=/admin/data")
    page = anon.get(resp.headers["Location"])
    assert page.status_code == 200
    html = page.data.decode()
    assert '<html lang="zh-CN">' in html and "登录" in html and 'name="next" value="/admin/data"' in html
    assert anon.get("/auth/sign-in?lang=en").data.decode().count('<html lang="en">') == 1


ADMIN_ONLY_WRITES = ["/admin/revisions/1/revert", "/admin/boundaries/preview", "/admin/boundaries/commit",
                     "/admin/plans/new"]  # fmt: skip


@pytest.mark.parametrize("path", ["/admin/preview", "/admin/commit", *ADMIN_ONLY_WRITES])
def test_anonymous_writes_are_refused(anon, path: str) -> None:
    before = current_head()
    token = csrf_of(anon.get("/auth/sign-in").data)
    resp = anon.post(
        path,
        data={"csrf_token": token, "upload_id": "0" * 64, "file": (io.BytesIO(csv_file(value_row())), "a.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code in (302, 401)
    if resp.status_code == 302:
        assert resp.headers["Location"].startswith("/auth/sign-in")
    assert current_head() == before


def test_sign_in_needs_csrf(anon, users) -> None:
    anon.get("/auth/sign-in")
    resp = anon.post("/auth/sign-in", data={"name": users["editor"], "password": PASSWORD, "csrf_token": "nope"})
    assert resp.status_code == 403
    assert "没有权限" in resp.data.decode() and "Traceback" not in resp.data.decode()
    assert anon.get("/admin/data").status_code == 302  # still anonymous


def test_sign_in_and_out(anon, users) -> None:
    resp = sign_in(anon, users["editor"], next_url="/admin/history")
    assert resp.status_code == 302 and resp.headers["Location"] == "/admin/history"
    page = anon.get("/admin/data").data.decode()
    assert users["editor"] in page and "赤峰市" in page and "150400" in page
    assert 'href="/admin/template.xlsx"' in page and 'accept=".xlsx,.csv"' in page
    assert "/admin/audit" not in page  # editors get no audit link
    resp = anon.post("/auth/sign-out", data={"csrf_token": csrf_of(page.encode())})
    assert resp.status_code == 302
    assert anon.get("/admin/data").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_sign_in_never_redirects_off_site(anon, users, target: str) -> None:
    resp = sign_in(anon, users["editor"], next_url=target)
    assert resp.status_code == 302 and resp.headers["Location"] == "/admin/data"


def test_wrong_password_then_back_off_for_this_client_only(anon, client, users) -> None:
    resp = sign_in(anon, users["locky"], password="wrong-password")
    assert resp.status_code == 200 and "用户名或密码错误" in resp.data.decode()
    for _ in range(4):
        resp = sign_in(anon, users["locky"], password="wrong-password")
    resp = sign_in(anon, users["locky"])  # the right password, but this client is backed off: same answer
    html = resp.data.decode()
    assert resp.status_code == 200 and "用户名或密码错误" in html and "锁定" not in html
    assert anon.get("/admin/data").status_code == 302
    # the owner, from another address, is not locked out by someone else's attempts
    elsewhere = client.application.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.77"
    assert sign_in(elsewhere, users["locky"]).status_code == 302
    assert elsewhere.get("/admin/data").status_code == 200


def test_unknown_user_reads_like_a_wrong_password(anon) -> None:
    resp = sign_in(anon, "nobody-" + uuid.uuid4().hex[:6])
    assert resp.status_code == 200 and "用户名或密码错误" in resp.data.decode()


def test_templates_download(editor, anon) -> None:
    resp = editor.get("/admin/template.xlsx")
    assert resp.status_code == 200
    assert resp.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "water-targets-template.xlsx" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data), read_only=True)
    assert any("values" in name for name in wb.sheetnames)
    resp = editor.get("/admin/template.csv")
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert "water-targets-template.csv" in resp.headers["Content-Disposition"]
    assert "region" in resp.data.decode("utf-8-sig")


def test_an_editors_template_lists_their_regions_only(editor, admin) -> None:
    """An editor of 赤峰市: 赤峰市 and its 12 counties in the region dropdown and on the regions sheet (not the
    country's thousands of units); an admin gets the whole catalogue."""
    wb = load_workbook(io.BytesIO(editor.get("/admin/template.xlsx").data))
    listed = [r[1] for r in wb["地区 regions"].iter_rows(min_row=2, values_only=True)]
    assert listed[0] == "赤峰市" and len(listed) == 13 and "中华人民共和国" not in listed
    assert "翁牛特旗" in listed and "包头市" not in listed
    choices = [c for c in next(wb["_lists"].iter_cols(min_col=1, max_col=1, min_row=2, values_only=True)) if c]
    assert choices[0] == "赤峰市" and len(choices) == 13
    # The other dropdowns offer words, not codes (the import reads both).
    columns = wb["_lists"].iter_cols(min_col=4, max_col=6, values_only=True)
    lists = {col[0]: [c for c in col[1:] if c] for col in columns}
    assert list(lists.values()) == [
        ["目标值", "实际值"],
        ["保持基准年水平", "不适用", "预估数", "力争", "左右", "初步数", "修订数"],
        ["规划方案", "统计公报", "考核"],
    ], lists
    everything = load_workbook(io.BytesIO(admin.get("/admin/template.xlsx").data), read_only=True)
    assert sum(1 for _ in everything["地区 regions"].iter_rows(min_row=2)) > 3000


def test_templates_need_sign_in(anon) -> None:
    assert anon.get("/admin/template.xlsx").status_code == 302
    assert anon.get("/admin/template.csv").status_code == 302


def test_row_outside_the_editors_regions_is_an_error(editor) -> None:
    before = current_head()
    resp = upload(editor, csv_file(value_row(), value_row(region="140600", value="6.5")))
    html = resp.data.decode()
    assert resp.status_code == 200
    assert "不在您的权限范围内" in html and "朔州市" in html and "未写入任何数据" in html
    assert 'name="upload_id"' not in html and "确认导入" not in html.split('id="preview-table"')[0]
    assert 'id="upload-form"' in html  # the form again
    assert current_head() == before


def test_wrong_csrf_on_commit_writes_nothing(editor) -> None:
    before = current_head()
    resp = upload(editor, csv_file(value_row(value="0.9402")))
    upload_id = upload_id_of(resp.data)
    resp = editor.post("/admin/commit", data={"csrf_token": "forged", "upload_id": upload_id})
    assert resp.status_code == 403 and "Traceback" not in resp.data.decode()
    resp = editor.post("/admin/commit", data={"upload_id": upload_id})
    assert resp.status_code == 403
    resp = editor.post(
        "/admin/preview",
        data={"csrf_token": "forged", "file": (io.BytesIO(csv_file(value_row())), "a.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 403
    assert current_head() == before


def test_commit_of_someone_elses_upload_is_refused(editor, admin) -> None:
    before = current_head()
    upload_id = upload_id_of(upload(editor, csv_file(value_row(value="0.9403"))).data)
    token = csrf_of(admin.get("/admin/data").data)
    resp = admin.post("/admin/commit", data={"csrf_token": token, "upload_id": upload_id})
    assert resp.status_code == 403
    resp = admin.post("/admin/commit", data={"csrf_token": token, "upload_id": "../../etc/passwd"})
    assert resp.status_code == 400
    assert current_head() == before


@pytest.mark.parametrize("path", ADMIN_ONLY_WRITES)
def test_an_editor_is_refused_every_admin_write(editor, path: str) -> None:
    before = current_head()
    token = csrf_of(editor.get("/admin/data").data)
    resp = editor.post(
        path,
        data={"csrf_token": token, "upload_id": "0" * 64, "region": "150400", "id": "x-plan", "title": "x",
              "kind": "plan", "file": (io.BytesIO(b"{}"), "units.geojson")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert resp.status_code == 403
    assert current_head() == before


def test_editor_cannot_revert(editor) -> None:
    before = current_head()
    token = csrf_of(editor.get("/admin/revisions/1").data)
    assert "撤销此修订" not in editor.get("/admin/revisions/1").data.decode()
    resp = editor.post("/admin/revisions/1/revert", data={"csrf_token": token})
    assert resp.status_code == 403
    assert current_head() == before
    assert editor.get("/admin/audit").status_code == 403


def test_preview_commit_history_and_no_changes(editor) -> None:
    before = current_head()
    old = get_dataset().values
    old_value = old[(old["region"] == "150402") & (old["indicator"] == "total_water_use") & (old["year"] == 2025)]
    data = csv_file(value_row(value="0.9301"))
    resp = upload(editor, data, name="红山区-用水总量.csv", comment="测试导入")
    html = resp.data.decode()
    assert resp.status_code == 200 and current_head() == before  # a preview writes nothing
    assert 'id="count-changed">1<' in html and 'id="count-error">0<' in html
    assert "红山区" in html and "用水总量" in html and "0.9301" in html and "<mark>" in html
    assert not old_value.empty
    upload_id = upload_id_of(resp.data)
    resp = editor.post("/admin/commit", data={"csrf_token": csrf_of(resp.data), "upload_id": upload_id})
    assert resp.status_code == 302
    assert current_head() == before + 1
    assert resp.headers["Location"] == f"/admin/imported/{before + 1}"
    done = editor.get(resp.headers["Location"]).data.decode()
    assert f"数据版本 {before + 1}" in done and "在地图上查看" in done
    assert "/?region=150400&amp;indicator=total_water_use&amp;year=2025&amp;county=150402" in done
    # The upload is gone once committed: a second confirm cannot write twice.
    again = editor.post("/admin/commit", data={"csrf_token": csrf_of(done.encode()), "upload_id": upload_id})
    assert again.status_code == 410 and current_head() == before + 1

    history = editor.get("/admin/history").data.decode()
    assert f'id="rev-{before + 1}"' in history and "红山区-用水总量.csv" in history and "测试导入" in history
    original = editor.get(f"/admin/revisions/{before + 1}/file")
    assert original.status_code == 200 and original.data == data
    detail = editor.get(f"/admin/revisions/{before + 1}").data.decode()
    assert "150402 · total_water_use · 2025 · target" in detail and "0.9301" in detail
    assert editor.get("/admin/revisions/99999").status_code == 404

    resp = upload(editor, data)
    html = resp.data.decode()
    assert "无变化" in html and 'name="upload_id"' not in html
    assert current_head() == before + 1


def test_admin_reverts_and_sees_audit(editor, admin) -> None:
    previewed = upload(editor, csv_file(value_row(value="0.9555")))
    token, upload_id = csrf_of(previewed.data), upload_id_of(previewed.data)
    resp = editor.post("/admin/commit", data={"csrf_token": token, "upload_id": upload_id})
    rev = int(resp.headers["Location"].rsplit("/", 1)[1])
    page = admin.get(f"/admin/revisions/{rev}").data.decode()
    assert "撤销此修订" in page
    resp = admin.post(f"/admin/revisions/{rev}/revert", data={"csrf_token": csrf_of(page.encode()), "comment": "测试"})
    assert resp.status_code == 302 and resp.headers["Location"] == f"/admin/revisions/{rev + 1}"
    assert current_head() == rev + 1
    shown = admin.get(resp.headers["Location"]).data.decode()
    assert f"已撤销版本 {rev}" in shown and "0.9555" in shown
    audit = admin.get("/admin/audit").data.decode()
    assert f"revision {rev}" in audit and "撤销" in audit


def test_stale_preview_is_previewed_again(editor, admin) -> None:
    first = upload(editor, csv_file(value_row(value="0.9666")))
    upload_id = upload_id_of(first.data)
    other = upload(admin, csv_file(value_row(region="150403", value="0.5", indicator="total_water_use")))
    admin.post("/admin/commit", data={"csrf_token": csrf_of(other.data), "upload_id": upload_id_of(other.data)})
    before = current_head()
    resp = editor.post("/admin/commit", data={"csrf_token": csrf_of(first.data), "upload_id": upload_id})
    html = resp.data.decode()
    assert resp.status_code == 409 and "数据已更新，请重新预览" in html and current_head() == before
    assert f"与当前数据版本 {before} 比较" in html
    resp = editor.post("/admin/commit", data={"csrf_token": csrf_of(resp.data), "upload_id": upload_id})
    assert resp.status_code == 302 and current_head() == before + 1


def test_friendly_errors(editor) -> None:
    resp = editor.get("/admin/no-such-page")
    assert resp.status_code == 404 and "text/html" in resp.content_type and "找不到" in resp.data.decode()
    resp = upload(editor, b"not a spreadsheet", name="notes.txt")
    assert resp.status_code == 200 and "不支持这种文件类型" in resp.data.decode()
    assert editor.get("/admin/preview").status_code == 302


def test_uploads_past_the_apps_1mb_body_cap_reach_the_parser(editor) -> None:
    resp = upload(editor, b"x" * 1_500_000, name="big.txt")
    assert resp.status_code == 200 and "不支持这种文件类型" in resp.data.decode()
    resp = upload(editor, b"x" * 11 * 1024 * 1024, name="huge.csv")
    assert resp.status_code == 413 and "文件太大" in resp.data.decode()


def test_a_revert_that_would_orphan_citations_is_refused_with_a_message(admin) -> None:
    from water_targets.imports.parse import Vocabulary
    from water_targets.imports.pipeline import commit_file
    from water_targets.store.users import Actor

    geo, staff = get_geo(), Actor("staff", "editor", ("150400",))
    vocab = Vocabulary.from_dataset(get_dataset(), geo)
    doc_id = f"orphan-{uuid.uuid4().hex[:6]}"
    docs = f"id,region,title,kind\n{doc_id},150400,测试公报（虚构）,statistics\n".encode()
    doc_rev, _ = commit_file(store_engine(), "docs.csv", docs, staff, geo, vocab)
    actual = f"150402,total_water_use,2024,actual,0.9000,,,,{doc_id},表1,fictitious"
    citing, _ = commit_file(store_engine(), "actual.csv", csv_file(actual), staff, geo, Vocabulary.from_dataset(
        get_dataset(), geo))  # fmt: skip
    before = current_head()
    page = admin.get(f"/admin/revisions/{doc_rev.id}").data
    resp = admin.post(f"/admin/revisions/{doc_rev.id}/revert", data={"csrf_token": csrf_of(page)})
    assert resp.status_code == 302 and current_head() == before
    shown = admin.get(resp.headers["Location"]).data.decode()
    assert f"无法撤销版本 {doc_rev.id}" in shown and doc_id in shown and "未写入任何数据" in shown
    for rev in (citing.id, doc_rev.id):  # in the right order both go through
        page = admin.get(f"/admin/revisions/{rev}").data
        admin.post(f"/admin/revisions/{rev}/revert", data={"csrf_token": csrf_of(page)})
    assert current_head() == before + 2
