"""上传边界文件: boundary files (zipped Shapefile, GeoPackage, GeoJSON) → preview with field mapping → one revision.

Admin role only. The page keeps the uploaded bytes in pending_uploads (like data imports) between preview and
commit, so the committed units are exactly those of the previewed file; the mapping travels in the form.
The API is POST /api/v1/boundaries (multipart `file`, `dry_run=1` for a preview, mapping fields as below).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, redirect, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from water_targets.boundaries.files import (
    CRS_CHOICES,
    CRS_LABELS,
    ENCODING_CHOICES,
    LEVELS,
    MAX_BYTES,
    PARENT_LEVELS,
    BoundaryPreview,
    BoundaryRefused,
    Mapping,
    commit_boundaries,
    preview_boundaries,
)
from water_targets.data import forget_head, get_geo, store_engine
from water_targets.store import uploads
from water_targets.store.revisions import StaleRevision

from .admin_base import check_csrf, error_page, page_lang, render_page, safe_file_name, signed_in_actor
from .auth import current_actor, requires
from .security import allow_uploads
from .write_api import both_languages, dry_run_asked, json_error, json_refusal, with_upload

TEMPLATES = str(Path(__file__).resolve().parents[1] / "layouts" / "templates")
boundary_pages = Blueprint("boundaries", __name__, url_prefix="/admin/boundaries", template_folder=TEMPLATES)
boundary_api = Blueprint("boundary_api", __name__, url_prefix="/api/v1")
UPLOAD_ENDPOINTS = ("boundaries.preview", "boundary_api.upload")


def mapping_from(form) -> Mapping:
    """The mapping of a form (page or API). crs and encoding are passed as sent: preview_boundaries refuses
    values it does not know. The old field gcj02=1 still means crs=gcj02."""
    level = form.get("level", "special").strip()
    crs = form.get("crs", "").strip().lower()
    if not crs and form.get("gcj02", "") in ("1", "true", "on"):
        crs = "gcj02"
    return Mapping(
        code_field=form.get("code_field", "").strip(),
        name_field=form.get("name_field", "").strip(),
        name_en_field=form.get("name_en_field", "").strip(),
        parent=form.get("parent", "").strip(),
        level=level if level in LEVELS else "special",
        replace=form.get("replace", "") in ("1", "true", "on"),
        crs=crs,
        encoding=form.get("encoding", "").strip().lower(),
        keep_coordinates=form.get("keep_coordinates", "") in ("1", "true", "on"),
    )


def parent_choices(lang: str) -> list[dict]:
    """Provinces and cities of the catalogue (a new unit is mapped among its parent's units)."""
    geo = get_geo()
    units = [r for r in geo.regions.values() if r.level in PARENT_LEVELS]
    units.sort(key=lambda r: (r.adcode[:2], r.level != "province", r.adcode))
    return [
        {"value": r.adcode, "label": ("　" if r.level == "city" else "") + f"{r.name(lang)}（{r.adcode}）"}
        for r in units
    ]


def _show(preview: BoundaryPreview | None, upload_id: str, comment: str, status: int = 200, **extra) -> Response:
    lang = page_lang()
    return render_page(
        "boundary_upload.html",
        status,
        active="boundaries",
        preview=preview,
        units=preview.units if preview else [],
        upload_id=upload_id,
        comment=comment,
        parents=parent_choices(lang),
        levels=LEVELS,
        crs_choices=[(key, CRS_LABELS[key].en, CRS_LABELS[key].zh) for key in CRS_CHOICES],
        encodings=ENCODING_CHOICES,
        max_mb=MAX_BYTES // 2**20,
        tr=lambda zh, en: zh if lang == "zh" else en,  # only for texts the data carries in both languages
        unit_name=lambda code: get_geo().regions[code].name(lang) if code in get_geo().regions else code,
        **extra,
    )


def _refusal(exc: BoundaryRefused) -> str:
    return exc.text(page_lang())


@boundary_pages.get("/")
@requires("admin")
def index() -> Response:
    return _show(None, "", "")


@boundary_pages.post("/preview")
@requires("admin")
def preview() -> Response:
    check_csrf()
    actor, engine = signed_in_actor(), store_engine()
    mapping = mapping_from(request.form)
    comment = request.form.get("comment", "").strip()[:2000]
    upload_id = request.form.get("upload_id", "")
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        name, data, upload_id = safe_file_name(upload.filename), upload.read(), ""
    elif uploads.UPLOAD_ID.fullmatch(upload_id):
        pending = uploads.load(engine, upload_id)
        if pending is None or pending.user_name != actor.name:
            return _show(None, "", comment, 410, error=_refusal(BoundaryRefused("bf_upload_expired")))
        name, data = pending.file_name, pending.data
    else:
        return _show(None, "", comment, 400, error=_refusal(BoundaryRefused("bf_choose_file")))
    try:
        result = preview_boundaries(engine, name, data, mapping, get_geo())
    except BoundaryRefused as exc:
        if exc.preview is not None:  # the file is readable: keep it and let the admin change the mapping
            if not upload_id:
                upload_id = uploads.save(engine, actor.name, name, comment, 0, data)
            return _show(exc.preview, upload_id, comment, 422, error=_refusal(exc))
        if upload_id:
            uploads.drop(engine, upload_id)
        return _show(None, "", comment, 422, error=_refusal(exc), file_name=name)
    if not upload_id:
        upload_id = uploads.save(engine, actor.name, name, comment, result.base_revision, data)
    return _show(result, upload_id, comment)


@boundary_pages.post("/commit")
@requires("admin")
def commit() -> Response:
    check_csrf()
    actor, engine = signed_in_actor(), store_engine()
    upload_id = request.form.get("upload_id", "")
    if not uploads.UPLOAD_ID.fullmatch(upload_id):
        abort(400, "bad upload id")
    pending = uploads.load(engine, upload_id)
    if pending is None:
        return _show(None, "", "", 410, error=_refusal(BoundaryRefused("bf_upload_expired")))
    if pending.user_name != actor.name:
        abort(403, "this upload belongs to another user")
    mapping = mapping_from(request.form)
    comment = request.form.get("comment", pending.comment).strip()[:2000]
    try:
        revision, result = commit_boundaries(
            engine,
            pending.file_name,
            pending.data,
            mapping,
            get_geo(),
            actor,
            comment,
            remote_addr=request.remote_addr or "",
        )
    except BoundaryRefused as exc:
        if exc.preview is not None:
            return _show(exc.preview, upload_id, comment, 422, error=_refusal(exc))
        uploads.drop(engine, upload_id)
        return _show(None, "", comment, 422, error=_refusal(exc), file_name=pending.file_name)
    uploads.drop(engine, upload_id)
    forget_head()
    if revision is None:
        return _show(result, "", comment, unchanged=True)
    return redirect(url_for("admin.revision", rev=revision.id))


@boundary_api.post("/boundaries")
@requires("admin")
@with_upload
def upload(file: FileStorage) -> Response:
    data, name = file.read(), safe_file_name(file.filename)
    mapping = mapping_from(request.form)
    dry_run = dry_run_asked()
    try:
        if dry_run or not mapping.complete:
            result = preview_boundaries(store_engine(), name, data, mapping, get_geo())
            return jsonify({"revision": None, "dry_run": True, **result.summary()}), 200
        revision, result = commit_boundaries(
            store_engine(),
            name,
            data,
            mapping,
            get_geo(),
            current_actor(),
            request.form.get("comment", ""),
            remote_addr=request.remote_addr or "",
        )
    except BoundaryRefused as exc:
        extra = {"warnings": exc.preview.warnings, "crs_declared": exc.preview.crs_declared} if exc.preview else {}
        return json_refusal(422, exc.message, revision=None, **extra)
    except StaleRevision as exc:
        return json_error(409, str(exc), message_zh=exc.message_zh)
    forget_head()
    body = {"revision": revision.id if revision else None, **result.summary()}
    if revision is None:
        body.update(both_languages("api_no_changes"))
    return jsonify(body), 201 if revision else 200


def register(server) -> None:
    """The page (admin error pages), the API, and uploads up to MAX_BYTES on both."""
    boundary_pages.register_error_handler(HTTPException, error_page)
    boundary_pages.register_error_handler(Exception, error_page)
    server.register_blueprint(boundary_pages)
    server.register_blueprint(boundary_api)
    allow_uploads(server, UPLOAD_ENDPOINTS, MAX_BYTES)
