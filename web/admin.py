"""Data management pages for staff: sign-in, template download, upload → preview → commit, history, revert, audit.

Server-rendered (Jinja, layouts/templates) and bilingual (water_targets.i18n). The uploaded bytes wait for the
confirm step in a private temp directory under a random id, with who uploaded them and the revision they were
previewed against, so the confirmed import is exactly the file that was previewed.

This module: sign-in and sign-out, the blueprints' catch-alls and their registration. The pages are in
admin_imports.py (template, upload → preview → commit), admin_history.py (history, revert, audit) and plans.py
(添加地区方案); what they share (blueprints, rendering, CSRF, helpers) in admin_base.py.
"""

from __future__ import annotations

from flask import Flask, Response, abort, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException

from water_targets.data import store_engine
from water_targets.i18n import t
from water_targets.store.users import sign_in

from .admin_base import (
    admin_pages,
    auth_pages,
    check_csrf,
    error_page,
    flash_note,
    page_lang,
    render_page,
    safe_next,
)
from .auth import current_actor, sign_in_user, sign_out_user


@auth_pages.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page() -> Response:
    lang = page_lang()
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        ended = t("adm_session_ended", lang) if request.args.get("ended") == "1" else ""
        return render_page("sign_in.html", next_url=next_url, name="", error=ended)
    check_csrf()
    name = request.form.get("name", "").strip()[:80]
    password = request.form.get("password", "")
    if not name or not password:
        return render_page("sign_in.html", 400, next_url=next_url, name=name, error=t("adm_sign_in_bad", lang))
    result = sign_in(store_engine(), name, password, request.remote_addr or "")
    if result.actor is None:  # one message for every failure: unknown, wrong, backed off, disabled
        return render_page("sign_in.html", next_url=next_url, name=name, error=t("adm_sign_in_bad", lang))
    sign_in_user(result.actor)
    session["lang"] = lang
    return redirect(next_url)


@auth_pages.route("/sign-out", methods=["GET", "POST"])
def sign_out() -> Response:
    if request.method == "GET":
        return redirect(url_for("admin.data") if current_actor() else url_for("auth.sign_in"))
    check_csrf()
    lang = page_lang()
    sign_out_user()
    session["lang"] = lang
    flash_note("adm_signed_out")
    return redirect(url_for("auth.sign_in"))


@admin_pages.get("/")
def index() -> Response:
    return redirect(url_for("admin.data"))


@admin_pages.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> Response:
    abort(404)


@auth_pages.route("/<path:rest>", methods=["GET", "POST"])
def unknown_auth(rest: str) -> Response:
    abort(404)


def register(server: Flask) -> None:
    from . import account, admin_extract, admin_history, admin_imports, plans  # noqa: F401  (their routes, on the blueprints)

    for blueprint in (auth_pages, admin_pages):
        blueprint.register_error_handler(HTTPException, error_page)
        blueprint.register_error_handler(Exception, error_page)
        server.register_blueprint(blueprint)
