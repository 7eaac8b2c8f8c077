"""The write API: imports (with dry run), revisions with their diffs, revert, documents. JSON in and out."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache, wraps

from flask import Blueprint, Response, jsonify, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from water_targets.data import forget_head, get_dataset, get_geo, head_revision, store_engine
from water_targets.extract.filled import filled_template
from water_targets.i18n import Message, message
from water_targets.imports.documents import MAX_PLAN_FILE_BYTES, DocumentRefused, add_document
from water_targets.imports.parse import IMPORT_DOCUMENT_COLUMNS, ParsedFile, ParsedRow, Vocabulary
from water_targets.imports.pipeline import (
    ImportRefused,
    RevertRefused,
    commit_file,
    preview_file,
    revert,
)
from water_targets.store.revisions import (
    Change,
    Revision,
    StaleRevision,
    get_revision,
    list_revisions,
    revision_changes,
)
from water_targets.store.scope import OutOfScope

from .auth import csrf_ok, current_actor, requires, token_request
from .extracting import HIGH_CONFIDENCE, ExtractRefused, extraction_from_request

write_api = Blueprint("write_api", __name__, url_prefix="/api/v1")


def vocabulary() -> Vocabulary:
    return _vocabulary(head_revision())


@lru_cache(maxsize=4)
def _vocabulary(rev: int) -> Vocabulary:
    """Names and units the parser maps, per revision (one object, so parses can be reused between requests)."""
    return Vocabulary.from_dataset(get_dataset(rev), get_geo())


def json_error(status: int, message: str, **extra) -> Response:
    resp = jsonify(error=message, **extra)
    resp.status_code = status
    return resp


def json_refusal(status: int, refused: Message, **extra) -> Response:
    """An error answer in both languages: `error` in English, `message_zh` in Chinese."""
    return json_error(status, refused.en, message_zh=refused.zh, **extra)


def both_languages(key: str, **fmt: object) -> dict[str, str]:
    """A text of water_targets.i18n as the API gives it: `message` in English, `message_zh` in Chinese."""
    words = message(key, **fmt)
    return {"message": words.en, "message_zh": words.zh}


def browser_write_checked() -> Response | None:
    """A signed-in browser (no bearer token) must send the CSRF token with a write."""
    if token_request():  # a script: only its token counts, the session cookie is ignored
        return None
    return None if csrf_ok() else json_error(403, "missing or wrong CSRF token (X-CSRF-Token)")


def with_upload(view: Callable[[FileStorage], Response]) -> Callable[[], Response]:
    """A write that takes a file: the view is given the multipart field `file`; without it, or without the CSRF token
    a browser must send, the answer is the error."""

    @wraps(view)
    def checked() -> Response:
        refused = browser_write_checked()
        if refused:
            return refused
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return json_error(400, "send the file as multipart field 'file'")
        return view(upload)

    return checked


def dry_run_asked() -> bool:
    """A write that only shows what it would do: dry_run=1 or true, in the form or the query."""
    return request.form.get("dry_run", request.args.get("dry_run", "")) in ("1", "true")


def revision_with_changes(rev: int) -> tuple[Revision | None, list[Change]]:
    """A revision and its changes (None and no changes when there is no such revision)."""
    with store_engine().connect() as conn:
        info = get_revision(conn, rev)
        return info, revision_changes(conn, rev) if info else []


def _refusal_status(preview) -> int:
    """403 when the file touches a region outside the user's scope, 422 for any other invalid row."""
    return 403 if preview.outside_scope else 422


def change_dict(change: Change) -> dict:
    return {
        "entity": change.entity,
        "key": list(change.key),
        "status": change.status,
        "old": {k: v for k, v in (change.old or {}).items() if not k.startswith("_")} or None,
        "new": change.new,
        "changed_columns": change.changed_columns(),
    }


@write_api.post("/imports")
@requires("editor")
@with_upload
def imports(upload: FileStorage) -> Response:
    data = upload.read()
    actor = current_actor()
    geo = get_geo()
    if dry_run_asked():
        preview = preview_file(store_engine(), upload.filename, data, actor, geo, vocabulary())
        body = {"revision": None, "dry_run": True, **preview.summary(), "rows": [r.as_dict() for r in preview.rows]}
        return jsonify(body), _refusal_status(preview) if not preview.ok else 200
    try:
        revision, preview = commit_file(
            store_engine(),
            upload.filename,
            data,
            actor,
            geo,
            vocabulary(),
            comment=request.form.get("comment", ""),
            remote_addr=request.remote_addr or "",
        )
    except ImportRefused as exc:
        return jsonify({"revision": None, **exc.preview.summary()}), _refusal_status(exc.preview)
    forget_head()
    body = {"revision": revision.id if revision else None, **preview.summary()}
    if revision is None:
        body.update(both_languages("api_no_changes"))
    return jsonify(body), 201 if revision else 200


@write_api.post("/documents")
@requires("editor")
def documents() -> Response:
    refused = browser_write_checked()
    if refused:
        return refused
    if request.mimetype == "multipart/form-data":
        return _new_plan_document()
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return json_error(400, "send a JSON object with id, region, title, number, issued, url, kind")
    unknown = sorted(set(payload) - set(IMPORT_DOCUMENT_COLUMNS))
    if unknown:
        return json_error(400, f"unknown field(s): {', '.join(unknown)}")
    cells = {c: str(payload.get(c) or "").strip() for c in IMPORT_DOCUMENT_COLUMNS}
    parsed = ParsedFile(values=[], documents=[ParsedRow("documents", 1, cells)], problems=[])
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    try:
        revision, preview = commit_file(
            store_engine(),
            "documents.json",
            data,
            current_actor(),
            get_geo(),
            None,
            comment=f"document {cells['id']}",
            remote_addr=request.remote_addr or "",
            parsed=parsed,
        )
    except ImportRefused as exc:
        return jsonify({"revision": None, **exc.preview.summary()}), _refusal_status(exc.preview)
    forget_head()
    return jsonify({"revision": revision.id if revision else None, **preview.summary()}), 201 if revision else 200


def _new_plan_document() -> Response:
    """Multipart POST /api/v1/documents (admin): a NEW document of a catalogue region, with its file (PDF, DOC,
    DOCX, TXT ≤ 20 MB) or url, as one revision — what 添加地区方案 does. An existing id is 409, nothing written."""
    actor = current_actor()
    if actor is None or not actor.is_admin:
        return json_error(403, "adding a document with its file needs the admin role")
    try:
        form, upload = request.form, request.files.get("file")
    except RequestEntityTooLarge:
        return json_refusal(413, message("docr_file_too_big", mb=MAX_PLAN_FILE_BYTES // 2**20))
    unknown = sorted(set(form) - set(IMPORT_DOCUMENT_COLUMNS) - {"comment"})
    if unknown:
        return json_error(400, f"unknown field(s): {', '.join(unknown)}")
    cells = {c: form.get(c, "").strip() for c in IMPORT_DOCUMENT_COLUMNS}
    cells["kind"] = cells["kind"] or "plan"
    has_file = upload is not None and bool(upload.filename)
    try:
        revision = add_document(
            store_engine(),
            cells,
            actor,
            get_geo(),
            file_name=upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:255] if has_file else None,
            file_bytes=upload.read() if has_file else None,
            comment=form.get("comment", ""),
            remote_addr=request.remote_addr or "",
        )
    except DocumentRefused as exc:
        return json_refusal(exc.status, exc.message, revision=None)
    forget_head()
    url = get_dataset().documents.loc[cells["id"], "url"]
    return jsonify({"revision": revision.id, "document": cells["id"], "url": url, "added": 1}), 201


@write_api.post("/extract")
@requires("editor")
def extract() -> Response:
    """A plan read and proposed for review (从文件提取): multipart `file`, or `text`, or `kept` (a document kept with
    its file); `region` (else the document's) and `doc`. Writes nothing: the reviewed rows go to POST /imports.
    ?format=csv|xlsx answers the filled import template instead of JSON."""
    refused = browser_write_checked()
    if refused:
        return refused
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv", "xlsx"):
        return json_error(400, "format must be json, csv or xlsx")
    try:
        found = extraction_from_request(current_actor())
    except RequestEntityTooLarge:
        return json_refusal(413, message("docr_file_too_big", mb=MAX_PLAN_FILE_BYTES // 2**20))
    except ExtractRefused as exc:
        return json_refusal(exc.status, exc.message)
    if fmt != "json":
        body = filled_template(found.proposals, fmt, get_dataset(), get_geo(), found.region, found.doc)
        mimetype = "text/csv; charset=utf-8" if fmt == "csv" else (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp = Response(body, mimetype=mimetype)
        resp.headers["Content-Disposition"] = f'attachment; filename="extract-{found.region}.{fmt}"'
        return resp
    proposals = [{"file": found.read.name, **p} for p in found.proposals]
    return jsonify({
        "file": found.read.name,
        "read_as": found.read.kind,
        "region": found.region,
        "doc": found.doc,
        "text": found.read.text,
        "high_confidence": HIGH_CONFIDENCE,
        "proposals": proposals,
        "unmapped": found.unmapped(),
    })


@write_api.get("/revisions")
@requires("editor")
def revisions() -> Response:
    with store_engine().connect() as conn:
        return jsonify([r.as_dict() for r in list_revisions(conn)])


@write_api.get("/revisions/<int:rev>")
@requires("editor")
def revision(rev: int) -> Response:
    info, changes = revision_with_changes(rev)
    if info is None:
        return json_error(404, f"no revision {rev}")
    return jsonify({**info.as_dict(), "changes": [change_dict(c) for c in changes]})


@write_api.post("/revisions/<int:rev>/revert")
@requires("admin")
def revert_revision(rev: int) -> Response:
    refused = browser_write_checked()
    if refused:
        return refused
    with store_engine().connect() as conn:
        if get_revision(conn, rev) is None:
            return json_error(404, f"no revision {rev}")
    comment = (
        (request.get_json(silent=True) or {}).get("comment", "") if request.is_json else request.form.get("comment", "")
    )
    try:
        made = revert(store_engine(), rev, current_actor(), str(comment), request.remote_addr or "")
    except RevertRefused as exc:
        errors = [{"row": None, "column": p.column, "message": p.message_en, "message_zh": p.message_zh}
                  for p in exc.problems]  # fmt: skip
        return json_error(409, str(exc), message_zh=exc.message_zh, errors=errors)
    forget_head()
    if made is None:
        return jsonify({"revision": None, **both_languages("api_nothing_to_revert")})
    return jsonify(made.as_dict()), 201


@write_api.errorhandler(OutOfScope)
def _out_of_scope(exc: OutOfScope) -> Response:
    return json_error(403, exc.message_en, message_zh=exc.message_zh, regions=exc.regions)


@write_api.errorhandler(StaleRevision)
def _stale(exc: StaleRevision) -> Response:
    return json_error(409, str(exc), message_zh=exc.message_zh)
