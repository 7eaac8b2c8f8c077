"""Sign-in and roles: Flask-Login sessions for people, bearer tokens for scripts, CSRF and Origin checks.

Public read is the default; REQUIRE_LOGIN=1 puts every page, API call and export behind sign-in. Writes always
need an editor (for their regions) or an admin. Every refusal is 401 (who are you?) or 403 (not you), and is
audited with the client's address.

A session ends on sign-out, password change or disable (the user's session generation moves on, for every
worker and instance at once), after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after sign-in.
A request that carries an Authorization header is a script's: only its token counts, never a session cookie,
so it needs no CSRF token.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlparse

from flask import Flask, Response, abort, g, jsonify, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from water_targets.data import store_engine
from water_targets.settings import SETTINGS
from water_targets.store.users import Actor, actor_for_token, end_sessions, get_actor, record
from web.serving import HEALTH_PATH

PUBLIC_PREFIXES = ("/auth/", "/assets/", "/_favicon.ico", "/favicon.ico")
PUBLIC_PATHS = (HEALTH_PATH,)  # exactly these paths: a load balancer's health check carries no session
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SessionUser(UserMixin):
    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    def get_id(self) -> str:
        return str(self.actor.id)


login_manager = LoginManager()


SESSION_COOKIE = "__Host-wt_session" if SETTINGS.https else "wt_session"
SESSION_TOUCH_SECONDS = 60  # the idle clock is moved on at most once a minute (so the cookie is not re-sent always)


def session_alive(actor: Actor, now: float | None = None) -> bool:
    """The session signed in for this user is still valid: same generation, not idle too long, not too old."""
    now = time.time() if now is None else now
    since, seen = session.get("since"), session.get("seen")
    if (
        session.get("gen") != actor.session_gen
        or not isinstance(since, int | float)
        or not isinstance(seen, int | float)
    ):
        return False
    return now - since <= SETTINGS.session_max_hours * 3600 and now - seen <= SETTINGS.session_idle_minutes * 60


@login_manager.user_loader
def _load_user(user_id: str) -> SessionUser | None:
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    actor = get_actor(store_engine(), int(user_id))
    if actor is None or not session_alive(actor):
        g.session_ended = True
        return None
    now = time.time()
    if now - session["seen"] > SESSION_TOUCH_SECONDS:
        session["seen"] = int(now)
    return SessionUser(actor)


def token_request() -> bool:
    """A script's request: it sends an Authorization header (valid or not); its session cookie is ignored."""
    return "Authorization" in request.headers


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token and token.isascii() and token.isprintable() else None


def current_actor() -> Actor | None:
    """The user of this request: a bearer token's owner, or the signed-in user; None when anonymous.
    Looked up once per request."""
    if "actor" not in g:
        if token_request():
            token = _bearer()
            g.actor = actor_for_token(store_engine(), token) if token else None
        else:
            user = current_user
            g.actor = user.actor if user and user.is_authenticated else None
    return g.actor


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/export/", "/_dash")) or token_request()


def _refuse(status: int, en: str) -> Response:
    if wants_json():
        resp = jsonify(error=en)
        resp.status_code = status
        if status == 401:
            resp.headers["WWW-Authenticate"] = 'Bearer realm="water-targets"'
        return resp
    if status == 401:
        return redirect(
            url_for("auth.sign_in", next=request.full_path.rstrip("?"), ended="1" if g.get("session_ended") else None)
        )
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
        # Over HTTPS the __Host- prefix keeps the cookie to this host, path / and Secure (no sub-domain can set it).
        SESSION_COOKIE_NAME=SESSION_COOKIE,
    )
    login_manager.init_app(server)
    login_manager.login_view = "auth.sign_in"

    @server.before_request
    def _guard() -> Response | None:
        if request.method not in SAFE_METHODS and not _same_origin():
            return _refuse(403, "cross-origin request refused")
        public = request.path.startswith(PUBLIC_PREFIXES) or request.path in PUBLIC_PATHS
        if SETTINGS.require_login and not public and current_actor() is None:
            return _refuse(401, "sign-in required")
        return None

    @server.after_request
    def _audit_refusals(resp: Response) -> Response:
        if resp.status_code in AUDITED_REFUSALS or (
            resp.status_code == 302
            and request.method not in SAFE_METHODS
            and "/auth/sign-in" in resp.headers.get("Location", "")
        ):
            audit_refusal(401 if resp.status_code == 302 else resp.status_code)
        return resp


AUDITED_REFUSALS = (401, 403, 405, 429)  # 405: a method the endpoint does not take (ASVS 14.5.1)
REFUSAL_AUDIT_SECONDS = 60.0  # one audit row per client, status and path per minute: a flood stays a few rows
_refusals_seen: dict[tuple[str, int, str], float] = {}
_refusals_lock = threading.Lock()


def audit_refusal(status: int) -> None:
    """Write a refused request (401/403/405/429, and a write sent to sign-in) to the audit log, with the client."""
    client = request.remote_addr or ""
    key, now = (client, status, request.path), time.monotonic()
    with _refusals_lock:
        if now - _refusals_seen.get(key, -REFUSAL_AUDIT_SECONDS) < REFUSAL_AUDIT_SECONDS:
            return
        _refusals_seen[key] = now
        if len(_refusals_seen) > 10_000:
            _refusals_seen.clear()
    actor = g.get("actor")
    who = actor.name if actor is not None else "anonymous"
    try:
        record(store_engine(), who, "refused", f"{status} {request.method} {request.path[:200]}", client)
    except Exception:  # the refusal stands even if it cannot be written down
        logging.getLogger(__name__).exception("could not audit a refused request")


def sign_in_user(actor: Actor) -> None:
    session.clear()  # a new session on sign-in (no fixation)
    login_user(SessionUser(actor))
    now = int(time.time())
    session.update(gen=actor.session_gen, since=now, seen=now)
    g.actor = actor
    csrf_token()


def sign_out_user() -> None:
    """End every session of the signed-in user (server-side, for all workers), then this browser's cookie."""
    actor = current_actor()
    if actor is not None and actor.id is not None and not token_request():
        end_sessions(store_engine(), actor, request.remote_addr or "")
    g.pop("actor", None)
    logout_user()
    session.clear()
