"""Sign-in and roles: Flask-Login sessions for people, bearer tokens for scripts, CSRF and Origin checks.

Public read is the default; REQUIRE_LOGIN=1 puts every page, API call and export behind sign-in. Writes always
need an editor (for their regions) or an admin. Every refusal is 401 (who are you?) or 403 (not you).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlparse

from flask import Flask, Response, abort, g, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from water_targets.data import store_engine
from water_targets.settings import SETTINGS
from water_targets.store.users import Actor, actor_for_token, get_actor

PUBLIC_PREFIXES = ("/auth/", "/assets/", "/_favicon.ico", "/favicon.ico")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SessionUser(UserMixin):
    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def get_id(self) -> str:
        return str(self.actor.id)


login_manager = LoginManager()


@login_manager.user_loader
def _load_user(user_id: str) -> SessionUser | None:
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    actor = get_actor(store_engine(), int(user_id))
    return SessionUser(actor) if actor else None


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_actor() -> Actor | None:
    """The user of this request: a bearer token's owner, or the signed-in user; None when anonymous.
    Looked up once per request."""
    if "actor" not in g:
        token = _bearer()
        if token is not None:
            g.actor = actor_for_token(store_engine(), token)
        else:
            user = current_user
            g.actor = user.actor if user and user.is_authenticated else None
    return g.actor


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/export/", "/_dash")) or _bearer() is not None


def _refuse(status: int, en: str) -> Response:
    if wants_json():
        resp = jsonify(error=en)
        resp.status_code = status
        if status == 401:
            resp.headers["WWW-Authenticate"] = 'Bearer realm="water-targets"'
        return resp
    if status == 401:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    abort(status, en)


def requires(role: str = "editor") -> Callable:
    """Endpoint decorator: 401 when anonymous, 403 when the role is not enough (admin > editor)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            actor = current_actor()
            if actor is None:
                return _refuse(401, "sign in or send 'Authorization: Bearer <token>'")
            if role == "admin" and not actor.is_admin:
                return _refuse(403, "this needs the admin role")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok() -> bool:
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    return bool(session.get("csrf")) and hmac.compare_digest(sent, session["csrf"])


def _same_origin() -> bool:
    """Browsers send Origin on cross-site POSTs; a foreign one is refused (scripts with tokens send none)."""
    origin = request.headers.get("Origin") or ""
    if not origin:
        referer = request.headers.get("Referer") or ""
        if not referer:
            return True
        parsed = urlparse(referer)
        origin = f"{parsed.scheme}://{parsed.netloc}"
    return origin in (request.host_url.rstrip("/"), request.host_url.rstrip("/").replace("http://", "https://"))


def init_auth(server: Flask, secret_key: str) -> None:
    server.secret_key = secret_key
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=SETTINGS.https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=SETTINGS.https,
        SESSION_COOKIE_NAME="wt_session",
    )
    login_manager.init_app(server)
    login_manager.login_view = "auth.sign_in"

    @server.before_request
    def _guard() -> Response | None:
        if request.method not in SAFE_METHODS and not _same_origin():
            return _refuse(403, "cross-origin request refused")
        if SETTINGS.require_login and not request.path.startswith(PUBLIC_PREFIXES) and current_actor() is None:
            return _refuse(401, "sign-in required")
        return None


def sign_in_user(actor: Actor) -> None:
    session.clear()  # a new session id on sign-in (no fixation)
    login_user(SessionUser(actor))
    g.actor = actor
    csrf_token()


def sign_out_user() -> None:
    g.pop("actor", None)
    logout_user()
    session.clear()
