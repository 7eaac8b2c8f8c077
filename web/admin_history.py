"""Data management pages, history: revisions and their changes, the original files, revert, the audit log."""

from __future__ import annotations

from flask import Response, abort, redirect, request, url_for

from water_targets.data import forget_head, store_engine
from water_targets.imports.pipeline import RevertRefused, revert
from water_targets.store.revisions import Change, get_revision, head, list_revisions, revision_changes, revision_file
from water_targets.store.users import read_audit

from .admin_base import (
    CSV_TYPE,
    MAX_DIFF_ROWS,
    XLSX_TYPE,
    admin_pages,
    check_csrf,
    column_label,
    download_response,
    flash_note,
    indicator_name,
    page_lang,
    region_name,
    render_page,
    signed_in_actor,
)
from .admin_imports import map_link_for
from .auth import requires


@admin_pages.get("/history")
@requires("editor")
def history() -> Response:
    before = request.args.get("before", "")
    before_rev = int(before) if before.isascii() and before.isdigit() and len(before) < 10 else None
    with store_engine().connect() as conn:
        revs = list_revisions(conn, limit=100, before=before_rev)
    older = revs[-1].id if len(revs) == 100 and revs[-1].id > 1 else None
    return render_page("history.html", active="history", revisions=revs, older=older)


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
    return render_page(
        "revision.html",
        active="history",
        info=info,
        changes=shown,
        total=len(changes),
        latest=latest,
        map_link=map_link_for(changes, lang),
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
    return download_response(body, name, mimetype)


@admin_pages.route("/revisions/<int:rev>/revert", methods=["GET", "POST"])
@requires("admin")
def revert_revision(rev: int) -> Response:
    if request.method == "GET":
        return redirect(url_for("admin.revision", rev=rev))
    check_csrf()
    with store_engine().connect() as conn:
        if get_revision(conn, rev) is None:
            abort(404)
    comment = request.form.get("comment", "").strip()[:2000]
    try:
        made = revert(store_engine(), rev, signed_in_actor(), comment, request.remote_addr or "")
    except RevertRefused as exc:
        why_zh, why_en = "；".join(p.message_zh for p in exc.problems), "; ".join(p.message_en for p in exc.problems)
        flash_note("adm_revert_refused", "error", rev=rev, why_zh=why_zh, why_en=why_en)
        return redirect(url_for("admin.revision", rev=rev))
    forget_head()
    if made is None:
        flash_note("adm_revert_nothing", "warn", rev=rev)
        return redirect(url_for("admin.revision", rev=rev))
    flash_note("adm_reverted", "ok", rev=rev, new=made.id)
    return redirect(url_for("admin.revision", rev=made.id))


@admin_pages.get("/audit")
@requires("admin")
def audit() -> Response:
    return render_page("audit.html", active="audit", entries=read_audit(store_engine(), limit=500))
