"""`GET /indicators/<id>[?lang=en][&asof=N]`: one public page per indicator (issue 21) — name, unit, definition, how
it is measured, price basis, which direction is better and the national reference with its citations, from
water_targets/indicator_meta.py; an unknown id (or data version) is a 404 page in the reader's language."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from water_targets.controls import CATEGORY_EN
from water_targets.data import UnknownRevision, data_at, demo_marker, resolve_revision, version_text
from water_targets.i18n import DEFAULT_LANG, LANGS, t
from water_targets.indicator_meta import PAGE_PREFIX, indicator_metadata, page_path
from water_targets.urlstate import query

from .security import cache_shared

TEMPLATES = str(Path(__file__).resolve().parents[1] / "layouts" / "templates")
MAX_ID_SHOWN = 80  # an unknown id is named on the 404 page, cut to this length

indicator_pages = Blueprint("indicator_pages", __name__, template_folder=TEMPLATES)


class NotFound(Exception):
    """An unknown indicator or data version: the 404 page says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def page_language() -> str:
    """`?lang=en|zh`, Chinese by default (the page keeps no session: its URL says everything)."""
    asked = request.args.get("lang", "")
    return asked if asked in LANGS else DEFAULT_LANG


@lru_cache(maxsize=512)
def metadata_at(rev: int, indicator: str) -> dict | None:
    """The indicator's metadata at a data revision (revisions never change), None for an unknown id."""
    dataset, geo = data_at(rev)
    if indicator not in dataset.indicators.index:
        return None
    return indicator_metadata(dataset, geo, indicator)


def _with_asof(path: str, asof: str | None) -> str:
    if not asof:
        return path
    return f"{path}{'&' if '?' in path else '?'}asof={quote(asof, safe='')}"


def _render(status: int, lang: str, **context: object) -> Response:
    body = render_template(
        "indicator.html",
        code=status,
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        _=lambda key, **fmt: t(key, lang, **fmt),
        demo_marker=demo_marker(lang),
        home_url="/" + query({"lang": lang}).rstrip("?"),
        **context,
    )
    resp = Response(body, status=status, mimetype="text/html")
    resp.cache_control.no_cache = True  # revalidated (ETag): the page follows the data
    if status == 200:
        resp.set_etag(hashlib.sha1(body.encode("utf-8")).hexdigest())
        cache_shared(resp)
        return resp.make_conditional(request)
    return resp


def _not_found(lang: str, title: str, message: str, switch_url: str) -> Response:
    return _render(404, lang, meta=None, title=title, message=message, switch_url=switch_url)


@indicator_pages.get(PAGE_PREFIX + "<path:indicator>")
def indicator_page(indicator: str) -> Response:
    lang = page_language()
    other = "en" if lang == "zh" else "zh"
    asof = (request.args.get("asof") or "").strip() or None
    switch_url = _with_asof(page_path(indicator, other), asof)
    try:
        rev = resolve_revision(asof)
    except UnknownRevision:
        return _not_found(lang, t("adm_err_404", lang), "", switch_url)
    meta = metadata_at(rev, indicator)
    if meta is None:
        shown = indicator[:MAX_ID_SHOWN] + ("…" if len(indicator) > MAX_ID_SHOWN else "")
        return _not_found(lang, t("meta_not_found", lang), t("meta_unknown_indicator", lang, id=shown), switch_url)
    category = meta["category"] if lang == "zh" else CATEGORY_EN.get(meta["category"], meta["category"])
    level = meta["current_price_level"]
    level_meta = metadata_at(rev, level) if level else None
    return _render(
        200,
        lang,
        meta=meta,
        title=meta["name"][lang],
        category=category,
        switch_url=switch_url,
        map_url="/" + query({"indicator": indicator, "lang": lang, "asof": asof}).rstrip("?"),
        api_url=_with_asof(meta["api"], asof),
        version=version_text(rev, lang),
        level_page=_with_asof(page_path(level, lang), asof) if level_meta else "",
        level_name=level_meta["name"][lang] if level_meta else "",
    )


@indicator_pages.errorhandler(Exception)
def _error(exc: Exception) -> Response:
    """An HTTP error or an unexpected one as this page's own HTML (the app's default answer is JSON)."""
    lang = page_language()
    if isinstance(exc, HTTPException) and exc.code and exc.code < 500:
        words = t("adm_err_404" if exc.code == 404 else "adm_err_400", lang)
        return _render(exc.code, lang, meta=None, message="", switch_url="", title=words)
    current_app.logger.exception("unhandled error on %s", request.path)
    return _render(500, lang, meta=None, message="", switch_url="", title=t("meta_error", lang))


def register(server: Flask) -> None:
    server.register_blueprint(indicator_pages)
