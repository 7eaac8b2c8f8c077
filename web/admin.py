"""Data management pages for staff: sign-in, template download, upload → preview → commit, history, revert, audit.

Server-rendered (Jinja, layouts/templates) and bilingual (water_targets.i18n). The uploaded bytes wait for the
confirm step in a private temp directory under a random id, with who uploaded them and the revision they were
previewed against, so the confirmed import is exactly the file that was previewed.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Flask,
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
from water_targets.data import demo_marker, forget_head, get_dataset, store_engine
from water_targets.geo import get_geo
from water_targets.i18n import DEFAULT_LANG, LANGS, t
from water_targets.imports.parse import COLUMN_LABELS
from water_targets.imports.pipeline import ImportRefused, Preview, commit_file, preview_file, revert
from water_targets.imports.template import template_csv, template_xlsx
from water_targets.regions import plan_codes
from water_targets.store import uploads
from water_targets.store.revisions import (
    Change,
    StaleRevision,
    get_revision,
    head,
    list_revisions,
    revision_changes,
    revision_file,
)
from water_targets.store.users import Actor, read_audit, sign_in

from .auth import csrf_ok, csrf_token, current_actor, requires, sign_in_user, sign_out_user
from .write_api import vocabulary

TEMPLATES = str(Path(__file__).resolve().parents[1] / "layouts" / "templates")
CHINA_TIME = timezone(timedelta(hours=8), "CST")  # the plans' offices are all on Beijing time (no DST)
MAX_DIFF_ROWS = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"
DEFAULT_NEXT = "/admin/data"
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?%?")

auth_pages = Blueprint("auth", __name__, url_prefix="/auth", template_folder=TEMPLATES)
admin_pages = Blueprint("admin", __name__, url_prefix="/admin", template_folder=TEMPLATES)


# ---------------------------------------------------------------------------------------------- helpers


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
    if not row["value"] and row["qualifier"] not in ("not_applicable", "maintain_baseline"):
        return "—"
    # A unit only after a number: a cell refused for its unit ("3.1万立方米") is shown as typed.
    unit = indicator_unit(str(cells.get("indicator", "")), lang) if NUMBER.fullmatch(row["value"]) else ""
    return value_label(row, unit, lang)


def column_label(column: str, lang: str) -> str:
    """A column as the template's header names it: 数值 in Chinese, value in English."""
    return COLUMN_LABELS.get(column, column) if lang == "zh" else column


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
)


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


def _render(template: str, status: int = 200, **context) -> Response:
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


def _note(key: str, category: str = "info", **fmt) -> None:
    flash({"key": key, "fmt": {k: str(v) for k, v in fmt.items()}}, category)


def _check_csrf() -> None:
    if not csrf_ok():
        abort(403, "missing or wrong CSRF token")


def _me() -> Actor:
    actor = current_actor()
    if actor is None:  # cannot happen behind @requires
        abort(401)
    return actor


# ------------------------------------------------------------------------------------------------ sign-in


@auth_pages.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page() -> Response:
    lang = page_lang()
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return _render("sign_in.html", next_url=next_url, name="", error="")
    _check_csrf()
    name = request.form.get("name", "").strip()[:80]
    password = request.form.get("password", "")
    if not name or not password:
        return _render("sign_in.html", 400, next_url=next_url, name=name, error=t("adm_sign_in_bad", lang))
    result = sign_in(store_engine(), name, password, request.remote_addr or "")
    if result.actor is None:
        if result.reason == "locked":
            error = t("adm_sign_in_locked", lang, time=local_time(result.locked_until, lang)[-5:])
        elif result.reason == "disabled":
            error = t("adm_sign_in_disabled", lang)
        else:
            error = t("adm_sign_in_bad", lang)
        return _render("sign_in.html", next_url=next_url, name=name, error=error)
    sign_in_user(result.actor)
    session["lang"] = lang
    return redirect(next_url)


@auth_pages.route("/sign-out", methods=["GET", "POST"])
def sign_out() -> Response:
    if request.method == "GET":
        return redirect(url_for("admin.data") if current_actor() else url_for("auth.sign_in"))
    _check_csrf()
    lang = page_lang()
    sign_out_user()
    session["lang"] = lang
    _note("adm_signed_out")
    return redirect(url_for("auth.sign_in"))


# -------------------------------------------------------------------------------------------- data pages


@admin_pages.get("/")
def index() -> Response:
    return redirect(url_for("admin.data"))


@admin_pages.get("/data")
@requires("editor")
def data() -> Response:
    return _render("data.html", active="data")


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
    body = template_xlsx(get_dataset(), get_geo(), region=region, doc=doc)
    return _download(body, f"water-targets-template{'-' + region if region else ''}.xlsx", XLSX_TYPE)


@admin_pages.get("/template.csv")
@requires("editor")
def template_csv_file() -> Response:
    return _download(template_csv(get_dataset()), "water-targets-template.csv", CSV_TYPE)


def _download(body: bytes, name: str, mimetype: str) -> Response:
    resp = send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True, download_name=name, max_age=0)
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _file_name(raw: str) -> str:
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:255] or "upload"


def preview_rows(preview: Preview, lang: str) -> list[dict]:
    """The preview's rows as the page shows them (errors first, as the pipeline sorts them)."""
    out = []
    for r in preview.rows:
        cells, old = r.cells, r.old or {}
        is_value = "indicator" in cells
        changed = [
            {"label": column_label(c, lang), "old": str(old.get(c, "") or ""), "new": str(cells.get(c, "") or "")}
            for c in r.changed_columns
        ]
        out.append(
            {
                "status": r.status,
                "sheet": r.sheet,
                "row": r.row,
                "is_value": is_value,
                "region": cells.get("region", ""),
                "region_name": region_name(str(cells.get("region", "")), lang),
                "indicator": cells.get("indicator", "") if is_value else cells.get("id", ""),
                "indicator_name": indicator_name(str(cells.get("indicator", "")), lang)
                if is_value
                else str(cells.get("title", "")),
                "year": cells.get("year", "") if is_value else cells.get("issued", ""),
                "kind": kind_text(str(cells.get("kind", "")), lang),
                "value": value_text(cells, lang) if is_value else str(cells.get("number", "")),
                "old_value": value_text(old, lang) if is_value and old else "",
                "value_changed": bool({"value", "comparator", "qualifier"} & set(r.changed_columns)),
                "changed": changed,
                "problems": [
                    {
                        "column": column_label(p.column, lang) if p.column else "",
                        "text": p.message_zh if lang == "zh" else p.message_en,
                        "other": p.message_en if lang == "zh" else p.message_zh,
                    }
                    for p in r.problems
                ],
            }
        )
    return out


def _show_preview(preview: Preview, upload_id: str, comment: str, status: int = 200, **extra) -> Response:
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
    return _render(
        "preview.html",
        status,
        active="data",
        preview=preview,
        rows=preview_rows(preview, lang),
        file_problems=file_problems,
        counts=counts,
        can_commit=preview.ok and bool(preview.changes),
        upload_id=upload_id,
        comment=comment,
        **extra,
    )


@admin_pages.route("/preview", methods=["GET", "POST"])
@requires("editor")
def preview() -> Response:
    if request.method == "GET":
        return redirect(url_for("admin.data"))
    _check_csrf()
    actor = _me()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render("data.html", 400, active="data", upload_error=t("adm_no_file", page_lang()))
    name = _file_name(upload.filename)
    body = upload.read()
    comment = request.form.get("comment", "").strip()[:2000]
    result = preview_file(store_engine(), name, body, actor, get_geo(), vocabulary())
    upload_id = ""
    if result.ok and result.changes:
        upload_id = uploads.save(store_engine(), actor.name, name, comment, result.base_revision, body)
    return _show_preview(result, upload_id, comment)


@admin_pages.route("/commit", methods=["GET", "POST"])
@requires("editor")
def commit() -> Response:
    if request.method == "GET":
        return redirect(url_for("admin.data"))
    _check_csrf()
    actor = _me()
    upload_id = request.form.get("upload_id", "")
    if not uploads.UPLOAD_ID.fullmatch(upload_id):
        abort(400, "bad upload id")
    engine, geo, vocab = store_engine(), get_geo(), vocabulary()
    pending = uploads.load(engine, upload_id)
    if pending is None:
        return _render("error.html", 410, active="data", code=410, message=t("adm_upload_gone", page_lang()))
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
        return _show_preview(again, upload_id, pending.comment, 409, stale=True)
    except ImportRefused as exc:
        uploads.drop(engine, upload_id)
        return _show_preview(exc.preview, "", pending.comment, 422)
    uploads.drop(engine, upload_id)
    forget_head()
    if revision is None:
        return _show_preview(result, "", pending.comment)
    return redirect(url_for("admin.imported", rev=revision.id))


def _map_link_for(changes: list[Change], lang: str) -> str:
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
    with store_engine().connect() as conn:
        info = get_revision(conn, rev)
        if info is None:
            abort(404)
        changes = revision_changes(conn, rev)
    return _render("imported.html", active="data", info=info, map_link=_map_link_for(changes, page_lang()))


# ------------------------------------------------------------------------------------------------ history


@admin_pages.get("/history")
@requires("editor")
def history() -> Response:
    before = request.args.get("before", "")
    before_rev = int(before) if before.isascii() and before.isdigit() and len(before) < 10 else None
    with store_engine().connect() as conn:
        revs = list_revisions(conn, limit=100, before=before_rev)
    older = revs[-1].id if len(revs) == 100 and revs[-1].id > 1 else None
    return _render("history.html", active="history", revisions=revs, older=older)


def _change_view(change: Change, lang: str) -> dict:
    old = {k: v for k, v in (change.old or {}).items() if not k.startswith("_")}
    new = dict(change.new or {})
    if change.status == "changed":
        columns = [
            {"column": column_label(c, lang), "old": old.get(c, ""), "new": new.get(c, "")}
            for c in change.changed_columns()
        ]
    else:
        shown = new if change.status == "added" else old
        side = "new" if change.status == "added" else "old"
        columns = [
            {"column": column_label(c, lang), "old": v if side == "old" else "", "new": v if side == "new" else ""}
            for c, v in shown.items()
            if v not in ("", None)
        ]
    row = change.new or change.old or {}
    label = ""
    if change.entity == "values":
        label = f"{region_name(row.get('region', ''), lang)} · {indicator_name(row.get('indicator', ''), lang)}"
    elif change.entity == "documents":
        label = f"{region_name(row.get('region', ''), lang)} · {row.get('title', '')}"
    elif change.entity == "indicators":
        label = str(row.get("name_zh" if lang == "zh" else "name_en", ""))
    elif change.entity == "boundaries":  # uploaded boundary files: the GeoJSON text is summarised, not printed
        label = str(row.get("name_zh" if lang == "zh" else "name_en", ""))
        for c in columns:
            for side in ("old", "new"):
                if len(str(c[side])) > 200:
                    c[side] = f"{str(c[side])[:80]}… ({len(str(c[side])):,} characters)"
    return {
        "entity": change.entity,
        "key": " · ".join(change.key),
        "label": label,
        "status": change.status,
        "columns": columns,
    }


@admin_pages.get("/revisions/<int:rev>")
@requires("editor")
def revision(rev: int) -> Response:
    lang = page_lang()
    with store_engine().connect() as conn:
        info = get_revision(conn, rev)
        if info is None:
            abort(404)
        changes = revision_changes(conn, rev)
        latest = head(conn)
    shown = [_change_view(c, lang) for c in changes[:MAX_DIFF_ROWS]]
    return _render(
        "revision.html",
        active="history",
        info=info,
        changes=shown,
        total=len(changes),
        latest=latest,
        map_link=_map_link_for(changes, lang),
    )


@admin_pages.get("/revisions/<int:rev>/file")
@requires("editor")
def revision_original(rev: int) -> Response:
    with store_engine().connect() as conn:
        name, body = revision_file(conn, rev)
    if not name or body is None:
        abort(404)
    lower = name.lower()
    types = {
        ".xlsx": XLSX_TYPE,
        ".csv": CSV_TYPE,
        ".zip": "application/zip",
        ".pdf": "application/pdf",  # a plan document added on 添加地区方案
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".doc": "application/msword",
        ".txt": "text/plain; charset=utf-8",
    }
    mimetype = next((v for k, v in types.items() if lower.endswith(k)), "application/octet-stream")
    return _download(body, name, mimetype)


@admin_pages.route("/revisions/<int:rev>/revert", methods=["GET", "POST"])
@requires("admin")
def revert_revision(rev: int) -> Response:
    if request.method == "GET":
        return redirect(url_for("admin.revision", rev=rev))
    _check_csrf()
    with store_engine().connect() as conn:
        if get_revision(conn, rev) is None:
            abort(404)
    comment = request.form.get("comment", "").strip()[:2000]
    made = revert(store_engine(), rev, _me(), comment, request.remote_addr or "")
    forget_head()
    if made is None:
        _note("adm_revert_nothing", "warn", rev=rev)
        return redirect(url_for("admin.revision", rev=rev))
    _note("adm_reverted", "ok", rev=rev, new=made.id)
    return redirect(url_for("admin.revision", rev=made.id))


# -------------------------------------------------------------------------------------------------- audit


@admin_pages.get("/audit")
@requires("admin")
def audit() -> Response:
    return _render("audit.html", active="audit", entries=read_audit(store_engine(), limit=500))


@admin_pages.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> Response:
    abort(404)


@auth_pages.route("/<path:rest>", methods=["GET", "POST"])
def unknown_auth(rest: str) -> Response:
    abort(404)


# ------------------------------------------------------------------------------------------------ errors

ERROR_KEYS = {400: "adm_err_400", 403: "adm_err_403", 404: "adm_err_404", 405: "adm_err_405", 413: "adm_err_413"}


def _error_page(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        code = exc.code or 500
        if code == 401:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    else:
        current_app.logger.exception("unhandled error on %s", request.path)
        code = 500
    lang = page_lang()
    message = t(ERROR_KEYS.get(code, "adm_err_500"), lang)
    return _render("error.html", code, code=code, message=message)


def register(server: Flask) -> None:
    from . import plans  # noqa: F401  (its routes: 添加地区方案, on admin_pages)

    for blueprint in (auth_pages, admin_pages):
        blueprint.register_error_handler(HTTPException, _error_page)
        blueprint.register_error_handler(Exception, _error_page)
        server.register_blueprint(blueprint)
