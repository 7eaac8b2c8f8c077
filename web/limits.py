"""Per-client request limits on sign-in attempts, writes and exports: 429 with Retry-After when one is spent.

The `limits` library parses the limits ("10/minute") and keeps fixed windows; the counters live in the app's
database (water_targets.store.counters) unless RATE_LIMIT_STORAGE names another `limits` storage (redis://…).
A client is its address as the server sees it (`request.remote_addr`, the real one behind PROXY_COUNT proxies).
"""

from __future__ import annotations

import math
import time
from functools import lru_cache

from flask import Flask, Response, jsonify, request
from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from water_targets.data import store_engine
from water_targets.i18n import t
from water_targets.settings import SETTINGS
from water_targets.store.counters import DatabaseCounters

from .admin_base import page_lang, render_page
from .auth import SAFE_METHODS, wants_json

# The limit of each kind of request (sign-in: failed attempts); tests lower them with monkeypatch.setitem.
LIMITS: dict[str, str] = {
    "sign_in": SETTINGS.rate_limit_sign_in,
    "writes": SETTINGS.rate_limit_writes,
    "exports": SETTINGS.rate_limit_exports,
}
WRITE_PREFIXES = ("/api/", "/admin/", "/auth/")
# Only failed attempts spend these: an office behind one address signing in at nine is not refused.
FAILURES_ONLY = frozenset({"sign_in"})
SIGN_IN_PATH = "/auth/sign-in"


ENV_NAMES = {"sign_in": "RATE_LIMIT_SIGN_IN", "writes": "RATE_LIMIT_WRITES", "exports": "RATE_LIMIT_EXPORTS"}


@lru_cache(maxsize=32)
def limit_item(text: str) -> RateLimitItem:
    """A limit ("10/minute") as the `limits` library reads it, parsed once."""
    return parse(text)


def request_kind() -> str | None:
    """Which limit a request counts against, None for unlimited requests (pages, reads, Dash callbacks)."""
    if request.path == SIGN_IN_PATH:
        return "sign_in" if request.method == "POST" else None
    if request.path.startswith("/export/"):
        return "exports"
    if request.method not in SAFE_METHODS and request.path.startswith(WRITE_PREFIXES):
        return "writes"
    return None


def _storage() -> Storage:
    if SETTINGS.rate_limit_storage:
        return storage_from_string(SETTINGS.rate_limit_storage)
    return DatabaseCounters(store_engine())


def too_many(kind: str, retry_after: int) -> Response:
    """The 429 answer: JSON for the API and exports, a page for people; Retry-After in seconds either way."""
    if wants_json():
        resp = jsonify(
            error=t("too_many_requests", "en", seconds=retry_after),
            message_zh=t("too_many_requests", "zh", seconds=retry_after),
            retry_after=retry_after,
            limit=kind,
        )
    else:
        lang = page_lang()
        resp = render_page("error.html", 429, code=429, message=t("too_many_requests", lang, seconds=retry_after))
    resp.status_code = 429
    resp.headers["Retry-After"] = str(retry_after)
    return resp


def init_limits(server: Flask) -> FixedWindowRateLimiter:
    for kind, text in LIMITS.items():  # a wrong setting stops the start with its name, not every request with a 500
        try:
            limit_item(text)
        except ValueError:
            message = f"environment variable {ENV_NAMES[kind]}={text!r} is not a limit like '10/minute'"
            raise SystemExit(message) from None
    limiter = FixedWindowRateLimiter(_storage())

    def refused(item, kind: str, client: str) -> Response:
        reset = limiter.get_window_stats(item, kind, client).reset_time
        return too_many(kind, max(1, math.ceil(reset - time.time())))

    @server.before_request
    def _rate_limit() -> Response | None:
        kind = request_kind()
        if kind is None:
            return None
        item, client = limit_item(LIMITS[kind]), request.remote_addr or "unknown"
        if kind in FAILURES_ONLY:  # spent by failures (after the request); checked here
            return None if limiter.test(item, kind, client) else refused(item, kind, client)
        return None if limiter.hit(item, kind, client) else refused(item, kind, client)

    @server.after_request
    def _count_failures(resp: Response) -> Response:
        kind = request_kind()
        if kind in FAILURES_ONLY and resp.status_code not in (302, 429):  # a sign-in succeeds with a redirect
            limiter.hit(limit_item(LIMITS[kind]), kind, request.remote_addr or "unknown")
        return resp

    return limiter
