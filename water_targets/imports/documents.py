"""Adding a plan document (添加地区方案): its row, its file kept with the revision, and the checks of the import
pipeline (pipeline.py); one revision, or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import PurePath

from sqlalchemy import Connection, Engine

from .. import filetypes
from ..geo import GeoData
from ..i18n import Message, message
from ..store.models import DOCUMENTS
from ..store.revisions import Change, Revision, head, rows_at
from ..store.users import Actor, audit
from .cells import normalize_date
from .parse import IMPORT_DOCUMENT_COLUMNS, ParsedFile, ParsedRow
from .pipeline import Preview, check, sha256_hex, write_revision

PLAN_FILE_EXTENSIONS = (".pdf", ".doc", ".docx", ".txt")
MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024


def revision_file_url(rev: int) -> str:
    """Where staff download the file kept with a revision (the admin pages; site-relative)."""
    return f"/admin/revisions/{rev}/file"


class DocumentRefused(Exception):
    """A new document that cannot be added; nothing was written. `message`: a text key of water_targets.i18n (or a
    Message) and its values, shown in the reader's language."""

    def __init__(self, key: str | Message, preview: Preview | None = None, status: int = 422, **fmt: object) -> None:
        self.message = key if isinstance(key, Message) else message(key, **fmt)
        super().__init__(self.message.en)
        self.preview = preview
        self.status = status  # as an HTTP answer: 404 unknown region, 409 the id exists, 413 too big, 422 invalid

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def plan_file_problem(file_name: str, data: bytes) -> Message | None:
    """Why a plan file is refused: its type by name, empty, more than 20 MB, or content that is not that
    type (water_targets.filetypes: %PDF-, a .docx zip, an OLE .doc, UTF-8/GB18030 text)."""
    if not file_name.lower().endswith(PLAN_FILE_EXTENSIONS):
        return message("docr_file_type")
    if not data:
        return message("docr_file_empty")
    if len(data) > MAX_PLAN_FILE_BYTES:
        return message("docr_file_too_big", mb=MAX_PLAN_FILE_BYTES // (1024 * 1024))
    try:
        filetypes.PLAN_CHECKS[PurePath(file_name.lower()).suffix](PurePath(file_name).name, data)
    except filetypes.WrongType as problem:
        return problem.message
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
    cells = {c: str(cells.get(c) or "").strip() for c in IMPORT_DOCUMENT_COLUMNS}
    cells["kind"] = cells["kind"] or "plan"
    if cells["region"] not in geo.regions:
        raise DocumentRefused(
            "docr_unknown_region", status=404, region=cells["region"], region_repr=repr(cells["region"])
        )
    if not cells["title"]:
        raise DocumentRefused("docr_title_required")
    cells["issued"] = normalize_date(cells["issued"])  # "2025年4月11日" → 2025-04-11
    if cells["issued"]:
        try:
            date.fromisoformat(cells["issued"])
        except ValueError:
            raise DocumentRefused("docr_bad_date", date=cells["issued"], date_repr=repr(cells["issued"])) from None
    if file_bytes is not None:
        problem = plan_file_problem(file_name or "", file_bytes)
        if problem:
            raise DocumentRefused(problem, status=413 if len(file_bytes) > MAX_PLAN_FILE_BYTES else 422)
        if cells["url"]:
            raise DocumentRefused("docr_link_and_file")
    data = file_bytes if file_bytes is not None else json.dumps(cells, ensure_ascii=False, sort_keys=True).encode()
    name = (file_name or "document.json")[:255]
    sha = sha256_hex(data)

    def changes(conn: Connection) -> list[Change]:
        stored = {d["id"]: d for d in rows_at(conn, DOCUMENTS, None)}
        if cells["id"] in stored:
            title = stored[cells["id"]]["title"]
            raise DocumentRefused("docr_id_taken", status=409, id=cells["id"], id_repr=repr(cells["id"]), title=title)
        row = dict(cells)
        if file_bytes is not None:
            row["url"] = revision_file_url(head(conn) + 1)  # the revision this write makes
        parsed = ParsedFile(values=[], documents=[ParsedRow("documents", 2, row)], problems=[])
        preview = check(conn, parsed, actor, geo, name, sha)
        if not preview.ok:
            first = preview.problems[0]
            raise DocumentRefused("docr_row_problem", preview, problem=first.message_en, problem_zh=first.message_zh)
        audit(conn, actor.name, "document", f"{cells['id']} region={cells['region']} {name} sha256={sha}", remote_addr)
        return preview.changes

    file = {"file_name": name, "file_bytes": data, "file_sha256": sha}
    revision = write_revision(
        engine, changes, actor, geo, "document", comment.strip() or f"document {cells['id']}", **file
    )
    if revision is None:  # cannot happen: a new id is always a change
        raise DocumentRefused("docr_nothing_written")
    return revision
