"""Shared pieces of the data management pages: the blueprints, page language, rendering, CSRF, helpers."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import wraps
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException

from water_targets.choropleth import value_label
from water_targets.data import demo_marker, get_dataset, get_geo
from water_targets.i18n import DEFAULT_LANG, LANGS, t
from water_targets.imports.parse import COLUMN_LABELS
from water_targets.qualifiers import REPLACING_QUALIFIERS
from water_targets.regions import plan_codes
from water_targets.store.scope import OutOfScope
from water_targets.store.users import Actor

from .auth import csrf_ok, csrf_token, current_actor

TEMPLATES = str(Path(__file__).resolve().parents[1] / "layouts" / "templates")

CHINA_TIME = timezone(timedelta(hours=8), "CST")  # the plans' offices are all on Beijing time (no DST)

MAX_DIFF_ROWS = 2000

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CSV_TYPE = "text/csv"

DEFAULT_NEXT = "/admin/data"

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?%?")

auth_pages = Blueprint("auth", __name__, url_prefix="/auth", template_folder=TEMPLATES)

admin_pages = Blueprint("admin", __name__, url_prefix="/admin", template_folder=TEMPLATES)

AUDIT_ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "locked",
    "import",
    "revert",
    "bundled",
    "document",
    "boundaries",
    "user_add",
    "user_disable",
    "token_create",
    "sign_out",
    "refused",
    "password_change",
    "token_revoke",
    "user_unlock",
)

ERROR_KEYS = {400: "adm_err_400", 403: "adm_err_403", 404: "adm_err_404", 405: "adm_err_405", 413: "adm_err_413"}


def page_lang() -> str:
    """?lang=en|zh switches the language (and is remembered in the session); Chinese by default."""
    asked = request.args.get("lang", "")
    if asked in LANGS:
        if session.get("lang") != asked:
            session["lang"] = asked
        return asked
    kept = session.get("lang", "")
    return kept if kept in LANGS else DEFAULT_LANG


def local_time(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(CHINA_TIME)
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value:%Y-%m-%d %H:%M}"


def safe_next(target: str | None) -> str:
    """Only a path on this site: starts with one "/", no scheme, host, backslash or control character."""
    target = (target or "").strip()
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in target)
        or len(target) > 1000
    ):
        return DEFAULT_NEXT
    return target


def _switch_url(lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    if request.method != "GET":
        return f"{request.path if request.blueprint == 'auth' else DEFAULT_NEXT}?lang={other}"
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = other
    return f"{request.path}?{urlencode(args)}"


def map_url(lang: str, **params: str) -> str:
    params = {k: v for k, v in params.items() if v}
    if lang != DEFAULT_LANG:
        params["lang"] = lang
    return "/" + (f"?{urlencode(params)}" if params else "")


def region_name(code: str, lang: str) -> str:
    region = get_geo().regions.get(code)
    return region.name(lang) if region else code


def indicator_name(indicator_id: str, lang: str) -> str:
    inds = get_dataset().indicators
    if indicator_id in inds.index:
        return str(inds.loc[indicator_id, "name_zh" if lang == "zh" else "name_en"])
    return indicator_id


def indicator_unit(indicator_id: str, lang: str) -> str:
    inds = get_dataset().indicators
    if indicator_id in inds.index:
        return str(inds.loc[indicator_id, "unit_zh" if lang == "zh" else "unit_en"])
    return ""


def value_text(cells: dict | None, lang: str) -> str:
    """A value row's figure as the map and tables show it (choropleth.value_label); "—" when empty."""
    if not cells:
        return ""
    row = {c: str(cells.get(c, "") or "") for c in ("value", "qualifier", "comparator", "baseline_year")}
    if not row["value"] and row["qualifier"] not in REPLACING_QUALIFIERS:
        return "—"
    # A unit only after a number: a cell refused for its unit ("3.1万立方米") is shown as typed.
    unit = indicator_unit(str(cells.get("indicator", "")), lang) if NUMBER.fullmatch(row["value"]) else ""
    return value_label(row, unit, lang)


def column_label(column: str, lang: str) -> str:
    """A column as the template's header names it: 数值 in Chinese, value in English."""
    return COLUMN_LABELS.get(column, column) if lang == "zh" else column


def action_label(action: str, lang: str) -> str:
    return t(f"adm_action_{action}", lang) if action in AUDIT_ACTIONS else action


def kind_text(kind: str, lang: str) -> str:
    return t(kind, lang) if kind in ("target", "actual") else kind


def focus_of(code: str) -> tuple[str, str]:
    """The map's region menu entry for a unit (a plan region of the latest data) and the county to select in it
    ("" for none)."""
    geo = get_geo()
    plans = set(plan_codes(get_dataset(), geo))
    focus = next((c for c in geo.lineage(code) if c in plans), "")
    return focus, ("" if focus in ("", code) else code)


def render_page(template: str, status: int = 200, **context) -> Response:
    lang = page_lang()
    actor = current_actor()
    messages = [
        (category, t(m["key"], lang, **m.get("fmt", {})) if isinstance(m, dict) else str(m))
        for category, m in get_flashed_messages(with_categories=True)
    ]
    body = render_template(
        template,
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        _=lambda key, **fmt: t(key, lang, **fmt),
        actor=actor,
        actor_regions=_regions_text(actor, lang) if actor else "",
        csrf=csrf_token(),
        switch_url=_switch_url(lang),
        home_url=map_url(lang),
        messages=messages,
        when=lambda value: local_time(value, lang),
        action_label=lambda action: action_label(action, lang),
        demo_marker=demo_marker(lang),  # demo mode (`make demo`) only: 演示数据 · 非官方统计
        **context,
    )
    resp = Response(body, status=status, mimetype="text/html")
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _regions_text(actor: Actor, lang: str) -> str:
    if actor.is_admin:
        return t("adm_all_regions", lang)
    sep = "、" if lang == "zh" else ", "
    return sep.join(
        f"{region_name(c, lang)}（{c}）" if lang == "zh" else f"{region_name(c, lang)} ({c})" for c in actor.regions
    )


def flash_note(key: str, category: str = "info", **fmt) -> None:
    flash({"key": key, "fmt": {k: str(v) for k, v in fmt.items()}}, category)


def check_csrf() -> None:
    if not csrf_ok():
        abort(403, "missing or wrong CSRF token")


def form_target(endpoint: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """A page a form posts to: a GET goes to `endpoint` (the page with the form); a POST has its CSRF token checked."""

    def decorate(view: Callable[..., Response]) -> Callable[..., Response]:
        @wraps(view)
        def checked(*args: object, **kwargs: object) -> Response:
            if request.method == "GET":
                return redirect(url_for(endpoint))
            check_csrf()
            return view(*args, **kwargs)

        return checked

    return decorate


def signed_in_actor() -> Actor:
    actor = current_actor()
    if actor is None:  # cannot happen behind @requires
        abort(401)
    return actor


def download_response(body: bytes, name: str, mimetype: str) -> Response:
    resp = send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def safe_file_name(raw: str) -> str:
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload"


def error_page(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        code = exc.code or 500
        if code == 401:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    elif isinstance(exc, OutOfScope):
        lang = page_lang()
        return render_page("error.html", 403, code=403, message=exc.message_zh if lang == "zh" else exc.message_en)
    else:
        current_app.logger.exception("unhandled error on %s", request.path)
        code = 500
    lang = page_lang()
    if code == 413:  # the limit of this page's uploads (imports 10 MB, plan documents 20 MB)
        limit = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH") or 0
        message = t("adm_err_413", lang, mb=max(1, (limit - 64 * 1024) // 2**20))
    else:
        message = t(ERROR_KEYS.get(code, "adm_err_500"), lang)
    return render_page("error.html", code, code=code, message=message)
