"""The import preview of a workbook with values and documents (issue 19, point 11): the documents sheet's rows are
listed in a table of their own, under a document's headers (id, title, issuing region, number, date, kind); the
values table lists the values only.

The figures and the document in the uploads are test fixtures, never shipped data. A preview writes nothing.
"""

from __future__ import annotations

import io
import uuid

import pytest
from client_helpers import csrf_of, current_head
from lxml import html as lxml_html
from openpyxl import load_workbook

from water_targets.data import get_dataset, get_geo, store_engine
from water_targets.imports.template import SHEET_DOCUMENTS, SHEET_VALUES, template_xlsx
from water_targets.store.users import add_user

PASSWORD = "correct-horse-1"
DOC_ID = "fixture-preview-doc"


@pytest.fixture(scope="module")
def editor(client):
    """A signed-in editor of 赤峰市 (150400), with a cookie jar of its own."""
    name = f"docs-editor-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", PASSWORD, ["150400"], get_geo())
    c = client.application.test_client()
    page = c.get("/auth/sign-in")
    resp = c.post("/auth/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(page.data)})
    assert resp.status_code == 302
    return c


def workbook(values: list[list[str]], documents: list[list[str]]) -> bytes:
    """The site's import template with these rows on its values and documents sheets."""
    wb = load_workbook(io.BytesIO(template_xlsx(get_dataset(), get_geo())))
    for row in values:
        wb[SHEET_VALUES].append(row)
    for row in documents:
        wb[SHEET_DOCUMENTS].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def document_row(region: str = "赤峰市") -> list[str]:
    number, url = "赤测〔2025〕1号", "https://example.org/p"
    return [DOC_ID, region, "测试用规划文件", "A test plan", number, "2025-04-11", url, "规划方案"]


def value_row(region: str = "红山区", value: str = "0.9123") -> list[str]:
    return [region, "用水总量", "2025", "目标值", value, "<=", "", "", DOC_ID, "附件", "test fixture"]


def preview(c, data: bytes, lang: str = "zh"):
    token = csrf_of(c.get(f"/admin/data?lang={lang}").data)
    resp = c.post(
        "/admin/preview",
        data={"csrf_token": token, "comment": "", "file": (io.BytesIO(data), "values-and-documents.xlsx")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200
    return lxml_html.fromstring(resp.data.decode())


def table(page, table_id: str) -> list[dict[str, str]]:
    """A table's body rows as {header: cell text}."""
    found = page.get_element_by_id(table_id, None)
    assert found is not None, f"no #{table_id} on the page"
    headers = [th.text_content().strip() for th in found.findall("thead/tr/th")]
    rows = []
    for tr in found.findall("tbody/tr"):
        cells = [" ".join(td.text_content().split()) for td in tr.findall("td")]
        assert len(cells) == len(headers), (headers, cells)
        rows.append(dict(zip(headers, cells, strict=True)))
    return rows


def test_documents_have_a_table_of_their_own(editor) -> None:
    before = current_head()
    page = preview(editor, workbook([value_row(), value_row("松山区", "1.0234")], [document_row()]))
    assert current_head() == before  # a preview writes nothing
    values = table(page, "preview-table")
    assert [(v["地区"], v["指标"]) for v in values] == [
        ("红山区150402", "用水总量total_water_use"),
        ("松山区150404", "用水总量total_water_use"),
    ]
    # no document under the value columns (a value row may name the document it cites among its changes)
    assert all(v["位置"].startswith("数值") and "测试用规划文件" not in " ".join(v.values()) for v in values)
    assert "0.9123" in values[0]["数值"]
    documents = table(page, "preview-documents")
    assert len(documents) == 1
    doc = documents[0]
    assert doc["文件ID"] == DOC_ID and doc["标题"].startswith("测试用规划文件") and "A test plan" in doc["标题"]
    assert doc["发文地区"].startswith("赤峰市") and doc["文号"] == "赤测〔2025〕1号" and doc["印发日期"] == "2025-04-11"
    assert doc["文件类型"] == "规划方案" and doc["状态"] == "新增" and "文件" in doc["位置"]
    headings = [h.text_content() for h in page.findall(".//h3")]
    assert "数值（2 行）" in headings and "来源文件（1 行）" in headings


def test_a_documents_problem_is_shown_in_the_documents_table(editor) -> None:
    """A document of a region outside the editor's (包头市): its row is an error in the documents table."""
    page = preview(editor, workbook([value_row()], [document_row(region="包头市")]))
    documents = table(page, "preview-documents")
    assert [d["状态"] for d in documents] == ["错误"]
    assert documents[0]["发文地区"].startswith("包头市") and "权限范围" in documents[0]["修改 / 问题"]
    values = table(page, "preview-table")
    assert len(values) == 1 and values[0]["指标"].startswith("用水总量")
    assert page.get_element_by_id("commit-button", None) is None


def test_the_tables_headers_in_english(editor) -> None:
    page = preview(editor, workbook([value_row()], [document_row()]), lang="en")
    documents = table(page, "preview-documents")
    assert list(documents[0]) == [
        "Status", "Where", "Document id", "Title", "Issuing region", "Number", "Issued", "Kind", "Changes / problems"
    ]  # fmt: skip
    assert documents[0]["Kind"] == "plan" and documents[0]["Issuing region"].startswith("Chifeng")
    assert list(table(page, "preview-table")[0])[2:7] == ["Region", "Indicator", "Year", "Kind", "Value"]
    headings = [h.text_content() for h in page.findall(".//h3")]
    assert "Values (1 row)" in headings and "Documents (1 row)" in headings


def test_a_values_only_file_has_no_documents_table(editor) -> None:
    page = preview(editor, workbook([value_row()], []))
    assert len(table(page, "preview-table")) == 1
    assert page.get_element_by_id("preview-documents", None) is None
