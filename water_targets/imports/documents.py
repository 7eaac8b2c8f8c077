"""Adding a plan document (添加地区方案): its row, its file kept with the revision, and the checks of the import
pipeline (pipeline.py); one revision, or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePath

from sqlalchemy import Connection, Engine

from .. import filetypes
from ..geo import GeoData
from ..store.models import DOCUMENTS
from ..store.revisions import Change, Revision, WriteMeta, head, rows_at, write
from ..store.users import Actor, audit
from .parse import ParsedFile
from .pipeline import Preview, check, sha256_hex

PLAN_FILE_EXTENSIONS = (".pdf", ".doc", ".docx", ".txt")
MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024


def revision_file_url(rev: int) -> str:
    """Where staff download the file kept with a revision (the admin pages; site-relative)."""
    return f"/admin/revisions/{rev}/file"


class DocumentRefused(Exception):
    """A new document that cannot be added: a message in both languages; nothing was written."""

    def __init__(self, en: str, zh: str, preview: Preview | None = None, status: int = 422) -> None:
        super().__init__(en)
        self.message_en, self.message_zh, self.preview = en, zh, preview
        self.status = status  # as an HTTP answer: 404 unknown region, 409 the id exists, 413 too big, 422 invalid


def plan_file_problem(file_name: str, data: bytes) -> tuple[str, str] | None:
    """(en, zh) when a plan file is refused: its type by name, empty, more than 20 MB, or content that is not that
    type (water_targets.filetypes: %PDF-, a .docx zip, an OLE .doc, UTF-8/GB18030 text)."""
    if not file_name.lower().endswith(PLAN_FILE_EXTENSIONS):
        return (
            "the document file must be PDF, DOC, DOCX or TXT",
            "文件须为 PDF、DOC、DOCX 或 TXT 格式",
        )
    if not data:
        return "the document file is empty", "文件是空的"
    if len(data) > MAX_PLAN_FILE_BYTES:
        mb = MAX_PLAN_FILE_BYTES // (1024 * 1024)
        return f"the document file is larger than {mb} MB", f"文件超过 {mb} MB 上限"
    try:
        filetypes.PLAN_CHECKS[PurePath(file_name.lower()).suffix](PurePath(file_name).name, data)
    except filetypes.WrongType as problem:
        return problem.en, problem.zh
    return None


def add_document(
    engine: Engine,
    cells: dict[str, str],
    actor: Actor,
    geo: GeoData,
    file_name: str | None = None,
    file_bytes: bytes | None = None,
    comment: str = "",
    remote_addr: str = "",
) -> Revision:
    """Add one new document (a plan of a region) as one revision, checked like an imported documents row.

    The id must be new (a document is never replaced from here). With a file, its bytes are kept as the revision's
    file and the document's url is that file's admin download link. Raises DocumentRefused; writes nothing then.
    """
    from .cells import normalize_date
    from .parse import IMPORT_DOCUMENT_COLUMNS, ParsedRow

    cells = {c: str(cells.get(c) or "").strip() for c in IMPORT_DOCUMENT_COLUMNS}
    cells["kind"] = cells["kind"] or "plan"
    if cells["region"] not in geo.regions:
        raise DocumentRefused(f"unknown region {cells['region']!r}", f"未知地区“{cells['region']}”", status=404)
    if not cells["title"]:
        raise DocumentRefused("the title is required", "请填写文件标题")
    cells["issued"] = normalize_date(cells["issued"])  # "2025年4月11日" → 2025-04-11
    if cells["issued"]:
        try:
            date.fromisoformat(cells["issued"])
        except ValueError:
            raise DocumentRefused(
                f"the issuing date {cells['issued']!r} is not a date YYYY-MM-DD",
                f"印发日期“{cells['issued']}”不是有效日期（年-月-日）",
            ) from None
    if file_bytes is not None:
        problem = plan_file_problem(file_name or "", file_bytes)
        if problem:
            raise DocumentRefused(*problem, status=413 if len(file_bytes) > MAX_PLAN_FILE_BYTES else 422)
        if cells["url"]:
            raise DocumentRefused("give a link or a file, not both", "链接和文件只能二选一")
    data = file_bytes if file_bytes is not None else json.dumps(cells, ensure_ascii=False, sort_keys=True).encode()
    name = (file_name or "document.json")[:255]
    sha = sha256_hex(data)

    def changes(conn: Connection) -> list[Change]:
        stored = {d["id"]: d for d in rows_at(conn, DOCUMENTS, None)}
        if cells["id"] in stored:
            raise DocumentRefused(
                f"a document with the id {cells['id']!r} exists already ({stored[cells['id']]['title']}): "
                "choose another id",
                f"文件ID“{cells['id']}”已被使用（{stored[cells['id']]['title']}）：请换一个",
                status=409,
            )
        row = dict(cells)
        if file_bytes is not None:
            row["url"] = revision_file_url(head(conn) + 1)  # the revision this write makes
        parsed = ParsedFile(values=[], documents=[ParsedRow("documents", 2, row)], problems=[])
        preview = check(conn, parsed, actor, geo, name, sha)
        if not preview.ok:
            first = preview.problems[0]
            raise DocumentRefused(first.message_en, first.message_zh, preview)
        audit(conn, actor.name, "document", f"{cells['id']} region={cells['region']} {name} sha256={sha}", remote_addr)
        return preview.changes

    meta = WriteMeta(
        user=actor.name,
        action="document",
        comment=(comment.strip() or f"document {cells['id']}")[:2000],
        file_name=name,
        file_bytes=data,
        file_sha256=sha,
        actor=actor,
        geo=geo,
    )
    revision, _ = write(engine, changes, meta)
    if revision is None:  # cannot happen: a new id is always a change
        raise DocumentRefused("nothing was written", "未写入任何数据")
    return revision
