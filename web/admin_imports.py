"""Data management pages, imports: template downloads, upload → preview → commit, the imported page."""

from __future__ import annotations

from flask import Response, abort, redirect, request, url_for

from water_targets.data import forget_head, get_dataset, get_geo, store_engine
from water_targets.i18n import t
from water_targets.imports.cells import DOCUMENT_KIND_TABLE
from water_targets.imports.pipeline import ImportRefused, Preview, PreviewRow, commit_file, preview_file
from water_targets.imports.template import template_csv, template_xlsx
from water_targets.store import uploads
from water_targets.store.revisions import Change, StaleRevision

from .admin_base import (
    CSV_TYPE,
    XLSX_TYPE,
    admin_pages,
    column_label,
    download_response,
    focus_of,
    form_target,
    indicator_name,
    kind_text,
    map_url,
    page_lang,
    region_name,
    render_page,
    safe_file_name,
    signed_in_actor,
    value_text,
)
from .auth import current_actor, requires
from .write_api import revision_with_changes, vocabulary


@admin_pages.get("/data")
@requires("editor")
def data() -> Response:
    return render_page("data.html", active="data")


@admin_pages.get("/template.xlsx")
@requires("editor")
def template_xlsx_file() -> Response:
    """The import workbook; ?region=<adcode> lists that region and its units only, &doc=<id> offers that source."""
    region = request.args.get("region", "").strip() or None
    doc = request.args.get("doc", "").strip() or None
    if region is not None and region not in get_geo().regions:
        abort(400, "unknown region")
    if doc is not None and doc not in get_dataset().documents.index:
        abort(400, "unknown document")
    actor = current_actor()
    scope = None if actor is None or actor.is_admin else tuple(actor.regions)  # an editor's own regions
    body = template_xlsx(get_dataset(), get_geo(), region=region, doc=doc, scope=scope)
    return download_response(body, f"water-targets-template{'-' + region if region else ''}.xlsx", XLSX_TYPE)


@admin_pages.get("/template.csv")
@requires("editor")
def template_csv_file() -> Response:
    return download_response(template_csv(get_dataset()), "water-targets-template.csv", CSV_TYPE)


def is_value_row(row: PreviewRow) -> bool:
    """A row of the values sheet (its cells are a value's columns); else a row of the documents sheet."""
    return "indicator" in row.cells


def document_kind_text(kind: str, lang: str) -> str:
    """A document's kind as the template's dropdown words it (规划方案, 统计公报, 考核); the code in English."""
    return DOCUMENT_KIND_TABLE[kind][0] if lang == "zh" and kind in DOCUMENT_KIND_TABLE else kind


def _row_notes(row: PreviewRow, lang: str) -> dict:
    """What every preview row shows whatever its sheet: status, place in the file, changed columns, problems."""
    old = row.old or {}
    return {
        "status": row.status,
        "sheet": row.sheet,
        "row": row.row,
        "changed": [
            {"label": column_label(c, lang), "old": str(old.get(c, "") or ""), "new": str(row.cells.get(c, "") or "")}
            for c in row.changed_columns
        ],
        "problems": [
            {
                "column": column_label(p.column, lang) if p.column else "",
                "text": p.message_zh if lang == "zh" else p.message_en,
                "other": p.message_en if lang == "zh" else p.message_zh,
            }
            for p in row.problems
        ],
    }


def preview_rows(preview: Preview, lang: str) -> list[dict]:
    """The preview's value rows as the page's values table shows them (errors first, as the pipeline sorts them);
    the documents sheet's rows are document_rows'."""
    out = []
    for r in preview.rows:
        if not is_value_row(r):
            continue
        cells, old = r.cells, r.old or {}
        out.append(
            {
                **_row_notes(r, lang),
                "region": cells.get("region", ""),
                "region_name": region_name(str(cells.get("region", "")), lang),
                "indicator": cells.get("indicator", ""),
                "indicator_name": indicator_name(str(cells.get("indicator", "")), lang),
                "year": cells.get("year", ""),
                "kind": kind_text(str(cells.get("kind", "")), lang),
                "value": value_text(cells, lang),
                "old_value": value_text(old, lang) if old else "",
                "value_changed": bool({"value", "comparator", "qualifier"} & set(r.changed_columns)),
            }
        )
    return out


def document_rows(preview: Preview, lang: str) -> list[dict]:
    """The preview's rows of the documents sheet, for a table of their own with a document's columns (id, title,
    issuing region, number, date, kind), in the pipeline's order (errors first)."""
    out = []
    for r in preview.rows:
        if is_value_row(r):
            continue
        cells = r.cells
        region = str(cells.get("region", "") or "")
        out.append(
            {
                **_row_notes(r, lang),
                "id": str(cells.get("id", "") or ""),
                "title": str(cells.get("title", "") or ""),
                "title_en": str(cells.get("title_en", "") or ""),
                "region": region,
                "region_name": region_name(region, lang),
                "number": str(cells.get("number", "") or ""),
                "issued": str(cells.get("issued", "") or ""),
                "kind": document_kind_text(str(cells.get("kind", "") or ""), lang),
            }
        )
    return out


def show_preview(preview: Preview, upload_id: str, comment: str, status: int = 200, active: str = "data",
                 **extra) -> Response:
    lang = page_lang()
    file_problems = [
        {
            "sheet": p.sheet,
            "column": column_label(p.column, lang) if p.column else "",
            "text": p.message_zh if lang == "zh" else p.message_en,
            "other": p.message_en if lang == "zh" else p.message_zh,
        }
        for p in preview.problems
        if p.row is None
    ]
    counts = {s: preview.count(s) for s in ("new", "changed", "unchanged", "error")}
    return render_page(
        "preview.html",
        status,
        active=active,
        preview=preview,
        rows=preview_rows(preview, lang),
        documents=document_rows(preview, lang),
        file_problems=file_problems,
        counts=counts,
        can_commit=preview.ok and bool(preview.changes),
        upload_id=upload_id,
        comment=comment,
        **extra,
    )


@admin_pages.route("/preview", methods=["GET", "POST"])
@requires("editor")
@form_target("admin.data")
def preview() -> Response:
    actor = signed_in_actor()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_page("data.html", 400, active="data", upload_error=t("adm_no_file", page_lang()))
    name = safe_file_name(upload.filename)
    body = upload.read()
    comment = request.form.get("comment", "").strip()[:2000]
    result = preview_file(store_engine(), name, body, actor, get_geo(), vocabulary())
    upload_id = ""
    if result.ok and result.changes:
        upload_id = uploads.save(store_engine(), actor.name, name, comment, result.base_revision, body)
    return show_preview(result, upload_id, comment)


@admin_pages.route("/commit", methods=["GET", "POST"])
@requires("editor")
@form_target("admin.data")
def commit() -> Response:
    actor = signed_in_actor()
    upload_id = request.form.get("upload_id", "")
    if not uploads.UPLOAD_ID.fullmatch(upload_id):
        abort(400, "bad upload id")
    engine, geo, vocab = store_engine(), get_geo(), vocabulary()
    pending = uploads.load(engine, upload_id)
    if pending is None:
        return render_page("error.html", 410, active="data", code=410, message=t("adm_upload_gone", page_lang()))
    if pending.user_name != actor.name:
        abort(403, "this upload belongs to another user")
    try:
        revision, result = commit_file(
            engine,
            pending.file_name,
            pending.data,
            actor,
            geo,
            vocab,
            comment=pending.comment,
            expected_head=pending.base_revision,
            remote_addr=request.remote_addr or "",
        )
    except StaleRevision:
        forget_head()
        again = preview_file(engine, pending.file_name, pending.data, actor, geo, vocab)
        if again.ok and again.changes:
            uploads.rebase(engine, upload_id, again.base_revision)
        else:
            uploads.drop(engine, upload_id)
            upload_id = ""
        return show_preview(again, upload_id, pending.comment, 409, stale=True)
    except ImportRefused as exc:
        uploads.drop(engine, upload_id)
        return show_preview(exc.preview, "", pending.comment, 422)
    uploads.drop(engine, upload_id)
    forget_head()
    if revision is None:
        return show_preview(result, "", pending.comment)
    return redirect(url_for("admin.imported", rev=revision.id))


def map_link_for(changes: list[Change], lang: str) -> str:
    values = [c for c in changes if c.entity == "values" and c.new is not None]
    docs = [c for c in changes if c.entity == "documents" and c.new is not None]
    if values:
        row = values[0].new
        region, county = focus_of(row["region"])
        if region:
            return map_url(lang, region=region, indicator=row["indicator"], year=row["year"], county=county)
    if docs:
        region, _ = focus_of(docs[0].new["region"])
        return map_url(lang, region=region)
    return map_url(lang)


@admin_pages.get("/imported/<int:rev>")
@requires("editor")
def imported(rev: int) -> Response:
    info, changes = revision_with_changes(rev)
    if info is None:
        abort(404)
    return render_page("imported.html", active="data", info=info, map_link=map_link_for(changes, page_lang()))
