"""添加地区方案: choose a region of the national catalogue, register its plan document, then import its targets.

Admins only (a new region in the menu is a national decision; editors get 403 and no link). The region search
works without JavaScript (a GET form listing the matches); /admin/plan-search.js adds suggestions while typing,
from GET /api/v1/regions?q=. The document is written as one revision (water_targets.imports.documents.add_document),
an uploaded PDF/DOC/DOCX/TXT kept as that revision's file. Then the page offers the template made for the region
and the usual upload → preview → confirm import.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from flask import Response, abort, redirect, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from water_targets import region_search
from water_targets.data import forget_head, get_dataset, get_geo, store_engine
from water_targets.i18n import t
from water_targets.imports.documents import DocumentRefused, add_document
from water_targets.imports.parse import IMPORT_DOCUMENT_COLUMNS

from .admin_base import CHINA_TIME, admin_pages, check_csrf, page_lang, render_page, safe_file_name, signed_in_actor
from .auth import requires
from .write_api import revision_with_changes

SCRIPT = Path(__file__).with_name("plan_search.js")
SEARCH_LIMIT = 30
# Words of an English name left out of a suggested id ("Baotou City" → baotou-2025).
_ID_DROP = {"city", "county", "district", "province", "autonomous", "region", "prefecture", "municipality"}


def suggest_id(name_en: str, year: int, taken: set[str]) -> str:
    """A document id from a region's English (pinyin) name and a year, not yet taken: baotou-2025, baotou-2025-2 …"""
    words = [w for w in re.findall(r"[a-z0-9]+", name_en.lower()) if w not in _ID_DROP]
    base = "-".join(words or ["region"]) + f"-{year}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _documents_of(region: str) -> list[dict]:
    docs = get_dataset().documents
    mine = docs[docs["region"] == region]
    return [{"id": r.id, "title": r.title, "kind": r.kind, "number": r.number} for r in mine.itertuples(index=False)]


def _plan_regions() -> set[str]:
    docs = get_dataset().documents
    return set(docs.loc[docs["kind"] == "plan", "region"])


def _form_page(status: int = 200, *, q: str = "", region: str = "", form: dict | None = None, error: str = ""):
    lang, geo = page_lang(), get_geo()
    hits, search_error = [], ""
    if q:
        try:
            hits = region_search.search(geo, q, SEARCH_LIMIT)
        except region_search.QueryError:
            search_error, status = t("adm_plan_bad_query", lang), 400
    chosen = None
    if region:
        if region in geo.regions:
            chosen = region_search.catalogue(geo).hit(geo.regions[region], "adcode")
        else:
            error, status = t("adm_plan_unknown_region", lang, code=region[:20]), 404
    if chosen and form is None:
        taken = set(get_dataset().documents["id"])
        form = {"id": suggest_id(chosen.region.name_en, datetime.now(CHINA_TIME).year, taken)}
    plans = _plan_regions()
    return render_page(
        "plan_new.html",
        status,
        active="plan",
        q=q,
        hits=[
            {"hit": h, "label": h.lineage_en if lang == "en" else h.lineage_zh, "has_plan": h.region.adcode in plans}
            for h in hits
        ],
        search_error=search_error,
        chosen=chosen,
        chosen_lineage=(chosen.lineage_en if lang == "en" else chosen.lineage_zh) if chosen else "",
        existing=_documents_of(chosen.region.adcode) if chosen else [],
        form=form or {},
        error=error,
    )


@admin_pages.get("/plan-search.js")
def plan_search_script() -> Response:
    resp = Response(SCRIPT.read_bytes(), mimetype="text/javascript")
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@admin_pages.route("/plans/new", methods=["GET", "POST"], endpoint="plan_new")
@requires("admin")
def plan_new() -> Response:
    if request.method == "GET":
        return _form_page(q=request.args.get("q", "").strip()[:200], region=request.args.get("region", "").strip())
    lang = page_lang()
    try:
        form = request.form
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        return _form_page(413, error=t("adm_plan_file_too_large", lang))
    check_csrf()
    region = form.get("region", "").strip()[:20]
    cells = {c: form.get(c, "").strip()[:2000] for c in IMPORT_DOCUMENT_COLUMNS if c not in ("region", "kind")}
    cells["id"] = cells["id"].lower()
    file_name = file_bytes = None
    if upload is not None and upload.filename:
        file_name, file_bytes = safe_file_name(upload.filename), upload.read()
    if region not in get_geo().regions:
        return _form_page(404, region=region, form=cells)
    try:
        revision = add_document(
            store_engine(),
            {**cells, "region": region, "kind": "plan"},
            signed_in_actor(),
            get_geo(),
            file_name=file_name,
            file_bytes=file_bytes,
            comment=form.get("comment", ""),
            remote_addr=request.remote_addr or "",
        )
    except DocumentRefused as exc:
        reason = exc.text(lang)
        return _form_page(400, region=region, form=cells, error=t("adm_plan_refused", lang, reason=reason))
    forget_head()
    return redirect(url_for("admin.plan_added", rev=revision.id))


@admin_pages.get("/plans/<int:rev>")
@requires("admin")
def plan_added(rev: int) -> Response:
    lang, geo = page_lang(), get_geo()
    info, changes = revision_with_changes(rev)
    doc = next((c.new for c in changes if c.entity == "documents" and c.new is not None), None)
    if info is None or doc is None or doc["region"] not in geo.regions:
        abort(404)
    region = geo.regions[doc["region"]]
    return render_page(
        "plan_added.html",
        active="plan",
        info=info,
        doc=doc,
        region=region,
        region_label=region.name(lang),
        added_text=t("adm_plan_added", lang, region=region.name(lang), title=doc["title"], doc=doc["id"], rev=rev),
        template_url=url_for("admin.template_xlsx_file", region=region.adcode, doc=doc["id"]),
        comment="",
    )
