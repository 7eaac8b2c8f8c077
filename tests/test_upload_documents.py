"""Data imports and plan files read only what they claim to be (issue 16): an .xlsx that is a PDF, text or another
zip, a .csv that is a PDF, a .pdf that is HTML, a .docx without a document, a .doc that is a zip and a .txt that is
binary are refused through the HTTP API with a message naming the file and what it really holds; nothing is written.
The files are tests/files/hostile/ (tests/files/make_files.py); real ones of each type are still accepted."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from client_helpers import bearer, current_head, post_file, unique

from water_targets.data import forget_head, store_engine
from water_targets.store.users import Actor

pytestmark = pytest.mark.usefixtures("pristine_store")

HOSTILE = Path(__file__).resolve().parent / "files" / "hostile"
ADMIN = Actor(name="upload-doc-tests", role="admin", regions=())


@pytest.fixture(scope="module")
def admin(client) -> dict:
    return bearer(unique("upl-doc"), "admin")


def upload(client, headers: dict, path: str, data: bytes, name: str, **form):
    return post_file(client, path, data, name, headers, **form)


@pytest.mark.parametrize(
    ("source", "name", "words", "words_zh"),
    [
        ("pdf.xlsx", "targets.xlsx", "targets.xlsx is not a valid .xlsx file: its content is a PDF document", "PDF"),
        ("text.xlsx", "targets.xlsx", "targets.xlsx is not a valid .xlsx file: its content is plain text", "纯文本"),
        ("zip.docx", "targets.xlsx", "targets.xlsx is not a valid .xlsx file: its content is a zip archive", "zip"),
        ("pdf.csv", "targets.csv", "targets.csv is not a text CSV file: its content is a PDF document", "PDF"),
    ],
)
def test_a_workbook_that_is_something_else_is_refused_naming_the_file(client, admin, source, name, words, words_zh):
    before = current_head()
    for form in ({"dry_run": "1"}, {}):
        resp = upload(client, admin, "/api/v1/imports", (HOSTILE / source).read_bytes(), name, **form)
        assert resp.status_code == 422, resp.get_json()
        (error,) = resp.get_json()["errors"]
        assert words in error["message"], error
        assert name in error["message_zh"] and words_zh in error["message_zh"]
    assert current_head() == before


@pytest.mark.parametrize(
    ("source", "name", "words", "words_zh"),
    [
        ("html.pdf", "plan.pdf", "plan.pdf is not a PDF file (it must start with %PDF-): its content is an HTML page",
         "HTML"),
        ("zip.docx", "plan.docx", "plan.docx is not a Word .docx file: its content is a zip archive", "Word"),
        ("xlsx.doc", "plan.doc", "plan.doc is not a Word 97-2003 .doc file: its content is a zip archive", "zip"),
        ("binary.txt", "plan.txt", "plan.txt is not a text file in UTF-8 or GB18030", "GB18030"),
    ],
)  # fmt: skip
def test_a_plan_file_that_is_something_else_is_refused_naming_the_file(client, admin, source, name, words, words_zh):
    before = current_head()
    fields = {"region": "150200", "id": f"upl-{uuid.uuid4().hex[:8]}", "title": "包头市方案（测试）"}
    resp = upload(client, admin, "/api/v1/documents", (HOSTILE / source).read_bytes(), name, **fields)
    assert resp.status_code == 422, resp.get_json()
    body = resp.get_json()
    assert words in body["error"] and name in body["message_zh"] and words_zh in body["message_zh"], body
    assert body["revision"] is None and current_head() == before


def test_real_plan_files_of_each_type_are_kept_and_each_in_anothers_name_refused(client, admin) -> None:
    from water_targets.imports.pipeline import revert

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    files = {
        "plan.pdf": b"%PDF-1.4\n% test fixture\n%%EOF\n",
        "plan.docx": docx.getvalue(),
        "plan.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "plan.txt": "包头市节水方案（测试）\n".encode("gb18030"),
    }
    names = list(files)
    for i, (name, data) in enumerate(files.items()):
        fields = {"region": "150200", "id": f"upl-ok-{uuid.uuid4().hex[:8]}", "title": f"包头市方案（{name}）"}
        impostor = names[(i + 1) % len(names)]  # the next type's name on these bytes
        before = current_head()
        refused = upload(client, admin, "/api/v1/documents", data, impostor, **fields)
        assert refused.status_code == 422 and impostor in refused.get_json()["error"], (impostor, refused.get_json())
        assert current_head() == before
        resp = upload(client, admin, "/api/v1/documents", data, name, **fields)
        assert resp.status_code == 201, (name, resp.get_json())
        revert(store_engine(), resp.get_json()["revision"], ADMIN)
        forget_head()
