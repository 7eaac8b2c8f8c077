"""Serving the static bulk: JavaScript bundles and boundaries brotli-compressed once, the partial plotly.js bundle;
answering requests inside the process at start-up (the warm-up) and `/healthz`, which says when that is done."""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import time
from pathlib import Path

import brotli
from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from water_targets.data import head_revision
from water_targets.settings import SETTINGS

M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas for this process (as MALLOC_ARENA_MAX would); False where that is not possible.

    glibc gives each thread an arena of its own; the memory a thread frees after rendering a large export stays
    in its arena, so a worker's few threads made it grow by ~110 MB over 20 exports (bench/exports.py; ~+10 MB with
    two arenas). An explicit MALLOC_ARENA_MAX in the environment is left to glibc.
    """
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return False


SCRIPTS_PATH = "/assets-bundle/"  # the page's own scripts as one file (serve_page_scripts)
STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", SCRIPTS_PATH, "/api/v1/boundaries")
# 11 is the smallest; the test suite lowers it (BUNDLE_BROTLI_QUALITY) so a cold cache costs no seconds per bundle.
BUNDLE_QUALITY = SETTINGS.bundle_brotli_quality
STATIC_TYPES = ("application/javascript", "text/javascript", "text/css", "application/geo+json")


BROTLI = "water_targets.brotli"  # server.extensions: the function below, for precompress()


def compress_bundles_hard(server: Flask) -> None:
    """Brotli at the highest quality for the JavaScript bundles and the boundaries, compressed once.

    They are the bulk of a first visit (plotly.js alone is 4.6 MB, 1.11 MB at quality 11 against 1.29 MB
    at flask-compress's default) and do not change between deploys, so the slow compression (seconds for
    plotly.js) is paid once and kept on disk, shared by all workers; memory holds what a process served.
    """
    cache: dict[str, bytes] = {}
    cache_dir = SETTINGS.compress_cache_dir

    def compressed(data: bytes) -> bytes:
        key = f"{hashlib.sha1(data).hexdigest()}-q{BUNDLE_QUALITY}"
        if key in cache:
            return cache[key]
        path = cache_dir / f"{key}.br"
        try:
            body = path.read_bytes()
        except OSError:
            body = brotli.compress(data, quality=BUNDLE_QUALITY)
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(f".{os.getpid()}.tmp")
                partial.write_bytes(body)
                partial.replace(path)
            except OSError:
                pass  # a read-only disk only costs the disk cache
        cache[key] = body
        return body

    server.extensions[BROTLI] = compressed

    @server.after_request
    def _brotli_bundle(resp: Response) -> Response:
        if (
            request.method != "GET"
            or not request.path.startswith(STATIC_PREFIXES)
            or resp.status_code != 200
            or resp.is_streamed
            or "Content-Encoding" in resp.headers
            or "br" not in request.headers.get("Accept-Encoding", "")
            or resp.mimetype not in STATIC_TYPES
        ):
            return resp
        body = compressed(resp.get_data())
        resp.set_data(body)
        resp.headers["Content-Encoding"] = "br"
        resp.headers["Content-Length"] = str(len(body))
        resp.vary.add("Accept-Encoding")
        return resp


VERSIONED = re.compile(r"\.v[0-9_]+m[0-9]+\.")  # Dash's fingerprint in a file name: dash_renderer.v4_4_1m17….js
YEAR = 31_536_000


def cache_versioned(server: Flask) -> None:
    """`Cache-Control: max-age=<a year>, immutable` for what is versioned by its URL — Dash's fingerprinted bundles
    and the page's assets (`?m=<modified>`): a browser keeps them for good and never asks again, not even on a
    reload (Dash gives bundles a year without `immutable`, and assets `no-cache`, a round trip per file and page
    on a slow phone). `private` under REQUIRE_LOGIN (web/security.py cache_private)."""

    @server.after_request
    def _immutable(resp: Response) -> Response:
        if request.method not in ("GET", "HEAD") or resp.status_code != 200:
            return resp
        versioned = (
            (request.path.startswith("/_dash-component-suites/") and VERSIONED.search(request.path))
            or (request.path.startswith("/assets/") and request.args.get("m"))
            or request.path.startswith(SCRIPTS_PATH)  # named by its content (serve_page_scripts)
        )
        if versioned:
            resp.cache_control.max_age = YEAR
            resp.cache_control.immutable = True
            resp.cache_control.no_cache = None
            if SETTINGS.require_login:
                resp.cache_control.private = True
            else:
                resp.cache_control.public = True
        return resp


def serve_page_scripts(server: Flask, assets: Path, prefix: str = "/") -> str:
    """Serve the page's own scripts (`assets/*.js`, in the order Dash loads assets: by name) as one file at a URL
    named by its content, and return that URL (app.py puts it where Dash put the nine files).

    On a slow phone each request waits a round trip of its own (150 ms on the slow-4G profile) and the browser
    opens six connections at most: nine small files were two rounds of the page's ~25 requests before the map
    could be drawn. Each file is a self-contained function (`(function (water) { … })(window.water)`), so joined
    they run as they did one by one. Compressed with the other bundles (brotli-11, once) and immutable."""
    files = sorted(p for p in assets.glob("*.js") if p.is_file())
    body = "".join(f"/* {p.name} */\n{p.read_text(encoding='utf-8')}\n;\n" for p in files).encode("utf-8")
    name = f"page-{hashlib.sha256(body).hexdigest()[:16]}.js"
    path = prefix.rstrip("/") + SCRIPTS_PATH + name

    @server.before_request
    def _page_scripts() -> Response | None:
        if request.path != path or request.method not in ("GET", "HEAD"):
            return None
        return Response(body, mimetype="application/javascript")  # immutable: cache_versioned

    return path


PLOTLY_JS_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"


def serve_plotly_bundle(server: Flask, bundle: Path, prefix: str = "/") -> None:
    """Answer dcc.Graph's request for plotly.js with a partial bundle (assets/vendor/, scripts/fetch_plotly_basic.py).

    dcc.Graph loads plotly.js from this one unfingerprinted URL (window._dashPlotlyJSURL, set by Dash's renderer
    when serve_locally) the first time a graph renders; the dashboard draws scatter and bar traces only, so the
    official "basic" bundle (0.33 MB brotli against 1.11 MB for the full one) does. The brotli hook above
    compresses it like the other bundles (once, cached on disk); an ETag lets browsers revalidate it cheaply.
    """
    data = bundle.read_bytes()
    etag = hashlib.sha1(data).hexdigest()
    path = prefix.rstrip("/") + PLOTLY_JS_PATH

    @server.before_request
    def _plotly_bundle() -> Response | None:
        if request.path != path or request.method not in ("GET", "HEAD"):
            return None
        resp = Response(data, mimetype="application/javascript")
        resp.set_etag(etag)
        if SETTINGS.require_login:  # behind sign-in: no shared cache keeps it (web/security.py cache_private)
            resp.cache_control.private = True
        else:
            resp.cache_control.public = True
        resp.cache_control.no_cache = True  # the URL carries no version: revalidate, a 304 costs no body
        return resp.make_conditional(request)


HEALTH_PATH = "/healthz"
READY = "water_targets.ready"  # server.extensions: True once the process is warm (mark_ready)


LAST_REQUEST = "water_targets.last_request"  # server.extensions: time.monotonic() of the last request's start


def track_quiet(server: Flask) -> None:
    """Note when each request starts (quiet_seconds: how long the process has had nothing to answer); a load
    balancer's health checks do not count."""
    server.extensions[LAST_REQUEST] = time.monotonic()

    @server.before_request
    def _note() -> None:
        if request.path != HEALTH_PATH:
            server.extensions[LAST_REQUEST] = time.monotonic()


def quiet_seconds(server: Flask) -> float:
    return time.monotonic() - server.extensions.get(LAST_REQUEST, 0.0)


def mark_ready(server: Flask) -> None:
    server.extensions[READY] = True


def is_ready(server: Flask) -> bool:
    return bool(server.extensions.get(READY))


def register_health(server: Flask) -> None:
    """`GET /healthz`: `{"ready": true, "revision": N}` and 200 once the process is warm (app.py `warm_up`: data,
    bundles and first-page boundaries ready), 503 before, and 503 when the database does not answer. Cheap (one
    indexed query), never cached, and open without sign-in under REQUIRE_LOGIN (web/auth.py `PUBLIC_PATHS`)."""
    server.extensions.setdefault(READY, False)

    @server.get(HEALTH_PATH)
    def healthz() -> Response:
        try:
            revision = head_revision()
        except SQLAlchemyError as exc:
            resp = jsonify(ready=False, revision=None, error=f"database: {exc.__class__.__name__}")
            resp.status_code = 503
        else:
            resp = jsonify(ready=is_ready(server), revision=revision)
            resp.status_code = 200 if is_ready(server) else 503
        resp.cache_control.no_store = True
        return resp


def precompress(server: Flask, body: bytes) -> int:
    """Compress a body the hook above will serve (it is keyed by content) ahead of its first request; its size."""
    return len(server.extensions[BROTLI](body))


def answer_inside(server: Flask, url: str, accept_encoding: str = "br") -> Response:
    """The answer to `GET url` computed inside this process, with no client: the view, then the after-request hooks
    (so the brotli cache above keeps the compressed body, and the views' own caches their results), without the
    before-request hooks (sign-in, limits: the start-up warm-up is no one's request). Raises what the view raises."""
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    with server.test_request_context(url, headers=headers):
        resp = server.process_response(server.make_response(server.dispatch_request()))
        resp.direct_passthrough = False  # a file left uncompressed is read (and closed) here, inside its request
        resp.get_data()
        resp.close()
        return resp
