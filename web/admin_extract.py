"""Data management pages, 从文件提取 (issue 20): a plan (upload, pasted text or a kept document) → its proposals beside
its text, accepted, edited or rejected → the accepted rows through the import preview and its checks → one revision
citing the document (the import's own confirm step). Nothing is written before that confirmation."""

from __future__ import annotations

import re
from pathlib import PurePath

from flask import Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from water_targets.data import get_dataset, get_geo, store_engine
from water_targets.extract import read_text
from water_targets.extract.filled import review_workbook, template_cells
from water_targets.i18n import message, t
from water_targets.imports.cells import DOCUMENT_KIND_TABLE
from water_targets.imports.documents import MAX_PLAN_FILE_BYTES
from water_targets.imports.parse import IMPORT_DOCUMENT_COLUMNS
from water_targets.imports.pipeline import Preview, preview_file
from water_targets.store import uploads

from .admin_base import admin_pages, form_target, page_lang, render_page, signed_in_actor
from .admin_imports import show_preview
from .auth import requires
from .extracting import (
    HIGH_CONFIDENCE,
    Extraction,
    ExtractRefused,
    citable_documents,
    extract,
    extraction_from_request,
    kept_documents,
    plan_region,
    stored_rows,
    text_segments,
)
from .write_api import vocabulary

DECISIONS = ("accept", "reject", "pending")
EDITABLE = ("region", "indicator", "year", "kind", "comparator", "value", "baseline_year", "qualifier", "section")
MAX_FIELD = 2000


def _start_page(status: int = 200, error: str = "", form: dict | None = None) -> Response:
    actor = signed_in_actor()
    geo = get_geo()
    regions = sorted(actor.regions) if not actor.is_admin else sorted({str(r) for r in get_dataset().documents.region})
    return render_page(
        "extract.html",
        status,
        active="extract",
        kept=kept_documents(actor),
        documents=citable_documents(actor),
        region_choices=[(c, geo.regions[c].name(page_lang())) for c in regions if c in geo.regions],
        error=error,
        form=form or {},
    )


@admin_pages.get("/extract")
@requires("editor")
def extract_start() -> Response:
    return _start_page()


@admin_pages.route("/extract/review", methods=["GET", "POST"])
@requires("editor")
@form_target("admin.extract_start")
def extract_review() -> Response:
    actor = signed_in_actor()
    try:
        found = extraction_from_request(actor)
    except RequestEntityTooLarge:
        return _start_page(413, message("docr_file_too_big", mb=MAX_PLAN_FILE_BYTES // 2**20).text(page_lang()))
    except ExtractRefused as exc:
        form = {k: request.form.get(k, "")[:MAX_FIELD] for k in ("region", "doc", "kept", "text")}
        return _start_page(exc.status, exc.message.text(page_lang()), form)
    return _review_page(found)


def _unit_choices(region: str) -> list[tuple[str, str]]:
    """The plan region and every unit below it, as the review's region menus list them."""
    geo = get_geo()
    lang = page_lang()
    below = [c for c, r in geo.regions.items() if c != region and region in geo.lineage(c)]
    return [(c, geo.regions[c].name(lang)) for c in [region, *sorted(below)]]


def _indicator_choices() -> list[tuple[str, str, str]]:
    lang = page_lang()
    inds = get_dataset().indicators
    name, unit = ("name_zh", "unit_zh") if lang == "zh" else ("name_en", "unit_en")
    return [(i, str(inds.loc[i, name]), str(inds.loc[i, unit])) for i in inds.index]


def _review_page(found: Extraction, status: int = 200, rows: dict | None = None, problems: dict | None = None,
                 file_problems: list | None = None, cite: dict | None = None, comment: str = "") -> Response:
    """The text with its numbers marked beside the proposals' table; `rows`: the reviewer's decisions and edits
    (by proposal id) when the page is shown again; `problems`: the import check's, by proposal id."""
    lang = page_lang()
    actor = signed_in_actor()
    shown = []
    stored = stored_rows(found.proposals)
    for p in found.proposals:
        cells = template_cells(p, found.doc)
        edits = (rows or {}).get(p["id"], {})
        shown.append({
            **p,
            "cells": {c: edits.get(c, cells[c]) for c in EDITABLE},
            "decision": edits.get("decision", "pending"),
            "high": p["confidence"] >= HIGH_CONFIDENCE and p["indicator"] is not None,
            "problems": (problems or {}).get(p["id"], []),
            "stored": stored.get(p["id"]),
        })
    docs = get_dataset().documents
    cite = cite or {"mode": "kept" if found.doc else "existing", "doc": found.doc or ""}
    return render_page(
        "extract_review.html",
        status,
        active="extract",
        found=found,
        proposals=shown,
        segments=text_segments(found.read.text, found.proposals),
        unmapped=found.unmapped(),
        indicators=_indicator_choices(),
        units=_unit_choices(found.region),
        region_label=get_geo().regions[found.region].name(lang),
        documents=citable_documents(actor),
        doc_title=str(docs.loc[found.doc, "title"]) if found.doc in docs.index else "",
        doc_kinds=[(k, v[0] if lang == "zh" else k) for k, v in DOCUMENT_KIND_TABLE.items()],
        cite=cite,
        file_problems=file_problems or [],
        high_count=sum(1 for s in shown if s["high"]),
        comment=comment,
        count=len(shown),
    )


def _posted_rows(count: int) -> dict[int, dict]:
    form = request.form
    out: dict[int, dict] = {}
    for i in range(count):
        decision = form.get(f"decision-{i}", "pending")
        row = {c: form.get(f"{c}-{i}", "").strip()[:MAX_FIELD] for c in EDITABLE}
        row["decision"] = decision if decision in DECISIONS else "pending"
        out[i] = row
    return out


def _cited_document(found: Extraction) -> tuple[dict, str | None, dict | None, str]:
    """What the rows cite: (the form's choice, the document id, a new document's row or None, an error text)."""
    form, lang = request.form, page_lang()
    mode = form.get("cite", "existing")
    if mode == "new":
        cells = {c: form.get(f"doc_{c}", "").strip()[:MAX_FIELD] for c in IMPORT_DOCUMENT_COLUMNS}
        cells["region"] = cells["region"] or found.region
        cells["kind"] = cells["kind"] or "plan"
        cite = {"mode": "new", **{f"doc_{k}": v for k, v in cells.items()}}
        return cite, cells["id"] or None, cells, "" if cells["id"] else t("ext_doc_id_required", lang)
    doc = form.get("doc", "").strip()[:100]
    cite = {"mode": mode if mode in ("kept", "existing") else "existing", "doc": doc}
    if not doc:
        return cite, None, None, t("ext_doc_required", lang)
    return cite, doc, None, ""


@admin_pages.route("/extract/preview", methods=["GET", "POST"])
@requires("editor")
@form_target("admin.extract_start")
def extract_preview() -> Response:
    actor = signed_in_actor()
    lang = page_lang()
    form = request.form
    name = form.get("source_name", "")[:255] or "pasted text"
    try:
        region = plan_region(form.get("region", "")[:20], None, actor)
        text = form.get("text", "")
        if not text.strip():
            raise ExtractRefused(message("ext_one_source"), 400)
        found = extract(read_text(text, name), region, form.get("doc", "").strip()[:100] or None)
    except ExtractRefused as exc:
        return _start_page(exc.status, exc.message.text(lang))
    rows = _posted_rows(len(found.proposals))
    comment = form.get("comment", "").strip()[:MAX_FIELD]
    cite, doc, document, cite_error = _cited_document(found)
    accepted = [i for i, r in rows.items() if r["decision"] == "accept"]
    if cite_error or not accepted:
        error = cite_error or t("ext_nothing_accepted", lang)
        return _review_page(found, 400, rows, file_problems=[error], cite=cite, comment=comment)
    values = []
    stored = stored_rows(found.proposals)
    for i in accepted:
        proposal = found.proposals[i]
        cells = {**template_cells(proposal, doc), **{c: rows[i][c] for c in EDITABLE}, "doc": doc or ""}
        kept = stored.get(i)
        if kept and kept["same"] and kept["doc"] == doc and cells["section"] == (proposal["section"] or ""):
            # the store already cites this target from this document: its curated section and note stay
            cells.update(section=kept["section"], note=kept["note"])
        values.append(cells)
    body = review_workbook(values, document)
    source = re.sub(r"[^\w.-]+", "-", PurePath(name).stem)[:60].strip("-") or "text"
    file_name = f"{doc}-{t('ext_file_suffix', 'en')}-{source}.xlsx"  # the revision's file, named after its source
    preview = preview_file(store_engine(), file_name, body, actor, get_geo(), vocabulary())
    if not preview.ok:
        by_row, general = _problems_by_proposal(preview, accepted, lang)
        return _review_page(found, 422, rows, by_row, general, cite=cite, comment=comment)
    upload_id = ""
    if preview.changes:
        upload_id = uploads.save(store_engine(), actor.name, file_name, comment, preview.base_revision, body)
    return show_preview(preview, upload_id, comment, active="extract")


def _problems_by_proposal(preview: Preview, accepted: list[int], lang: str) -> tuple[dict[int, list[str]], list[str]]:
    """The import check's problems on the proposals they concern (the workbook's values row n is accepted[n - 2]),
    and those of the file or of the document's row."""
    by_row: dict[int, list[str]] = {}
    general: list[str] = []
    for p in preview.problems:
        text = p.message_zh if lang == "zh" else p.message_en
        if p.sheet and "values" in str(p.sheet) and p.row is not None and 2 <= p.row < len(accepted) + 2:
            by_row.setdefault(accepted[p.row - 2], []).append(text)
        else:
            general.append(text)
    return by_row, general
