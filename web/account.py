"""我的账户: a signed-in user changes their password and keeps their API tokens (create, see, revoke one by one)."""

from __future__ import annotations

from flask import Response, redirect, request, url_for

from water_targets.data import store_engine
from water_targets.i18n import t
from water_targets.store.users import (
    MAX_TOKEN_DAYS,
    TOKEN_DAYS,
    UserError,
    change_password,
    create_token,
    list_tokens,
    password_matches,
    revoke_token,
)

from .admin_base import auth_pages, check_csrf, flash_note, page_lang, render_page, signed_in_actor
from .auth import requires, sign_in_user


def _page(status: int = 200, **context) -> Response:
    me = signed_in_actor()
    tokens = list_tokens(store_engine(), me.name)
    return render_page(
        "account.html",
        status,
        active="account",
        tokens=tokens,
        token_days=TOKEN_DAYS,
        max_token_days=MAX_TOKEN_DAYS,
        **{"password_error": "", "new_token": "", "token_error": "", **context},
    )


@auth_pages.get("/account", endpoint="account")
@requires("editor")
def account() -> Response:
    return _page()


@auth_pages.post("/account/password", endpoint="password")
@requires("editor")
def password() -> Response:
    check_csrf()
    lang, me = page_lang(), signed_in_actor()
    current = request.form.get("current", "")
    new, again = request.form.get("new", ""), request.form.get("again", "")
    if new != again:
        return _page(400, password_error=t("adm_password_mismatch", lang))
    try:  # the policy (password_problem), the current password, not the same one
        actor = change_password(store_engine(), me.name, new, current=current, by=me.name,
                                remote_addr=request.remote_addr or "")  # fmt: skip
    except UserError as exc:
        return _page(400, password_error=t(exc.key or "adm_password_wrong", lang))
    sign_in_user(actor)  # every other session ended with the old generation; this browser goes on
    flash_note("adm_password_changed")
    return redirect(url_for("auth.account"))


@auth_pages.post("/account/tokens", endpoint="token_new")
@requires("editor")
def token_new() -> Response:
    check_csrf()
    lang, me = page_lang(), signed_in_actor()
    days_text = request.form.get("days", "").strip() or str(TOKEN_DAYS)
    days = int(days_text) if days_text.isascii() and days_text.isdigit() and len(days_text) <= 4 else 0
    if not password_matches(store_engine(), me.name, request.form.get("password", "")):  # a token is a credential
        return _page(400, token_error=t("adm_password_wrong", lang))
    try:
        token = create_token(store_engine(), me.name, request.form.get("name", ""), days, by=me.name,
                             remote_addr=request.remote_addr or "")  # fmt: skip
    except UserError:
        return _page(400, token_error=t("adm_token_bad", lang))
    resp = _page(new_token=token)
    resp.headers["Cache-Control"] = "no-store"
    return resp


@auth_pages.post("/account/tokens/<int:token_id>/revoke", endpoint="token_revoke")
@requires("editor")
def token_revoke(token_id: int) -> Response:
    check_csrf()
    me = signed_in_actor()
    try:
        revoke_token(store_engine(), token_id, by=me, remote_addr=request.remote_addr or "")
    except UserError:
        return _page(404, token_error=t("adm_err_404", page_lang()))
    flash_note("adm_token_revoked", id=token_id)
    return redirect(url_for("auth.account"))
