"""Production serving for the Flask server: compression, security headers, size limits, JSON errors."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import brotli
from flask import Flask, Response, jsonify, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

MAX_BODY_BYTES = 1_000_000  # Dash callback posts are a few KB
MAX_QUERY_CHARS = 2_000


def content_security_policy(script_hashes: list[str], tile_origin: str = "") -> str:
    img = ["'self'", "data:", "blob:"] + ([tile_origin] if tile_origin else [])
    directives = {
        "default-src": ["'self'"],
        # Plotly.js compiles some functions at run time, so 'unsafe-eval' is needed; no inline scripts
        # except Dash's own bootstrap, allowed by hash.
        "script-src": ["'self'", "'unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": img,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


STATIC_PREFIXES = ("/_dash-component-suites/", "/assets/", "/api/v1/boundaries")
# 11 is the smallest; the test suite lowers it (env) so a cold cache costs no seconds per bundle.
BUNDLE_QUALITY = int(os.environ.get("BUNDLE_BROTLI_QUALITY", "11"))
STATIC_TYPES = ("application/javascript", "text/javascript", "text/css", "application/geo+json")


def _compress_bundles_hard(server: Flask) -> None:
    """Brotli at the highest quality for the JavaScript bundles and the boundaries, compressed once.

    They are the bulk of a first visit (plotly.js alone is 4.6 MB, 1.11 MB at quality 11 against 1.29 MB
    at flask-compress's default) and do not change between deploys, so the slow compression (seconds for
    plotly.js) is paid once and kept on disk, shared by all workers; memory holds what a process served.
    """
    cache: dict[str, bytes] = {}
    cache_dir = Path(os.environ.get("COMPRESS_CACHE_DIR", Path(tempfile.gettempdir()) / "water-targets-br"))

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
        resp.cache_control.public = True
        resp.cache_control.no_cache = True  # the URL carries no version: revalidate, a 304 costs no body
        return resp.make_conditional(request)


def allow_uploads(server: Flask, endpoints: tuple[str, ...], max_bytes: int) -> None:
    """File uploads on these endpoints may exceed the 1 MB body cap, up to max_bytes (plus multipart overhead);
    the parser then names the limit of the file itself."""

    @server.before_request
    def _upload_limit() -> None:
        if request.endpoint in endpoints:
            request.max_content_length = max_bytes + 64 * 1024


def harden(server: Flask, csp: str) -> None:
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    server.config["COMPRESS_MIMETYPES"] = [
        "text/html",
        "text/css",
        "text/csv",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "image/svg+xml",
    ]
    server.config["COMPRESS_ALGORITHM"] = ["br", "gzip"]
    Compress(server)
    _compress_bundles_hard(server)  # registered after Compress, so it runs first

    @server.before_request
    def _limit_query() -> tuple[Response, int] | None:
        if len(request.query_string) > MAX_QUERY_CHARS:
            return jsonify(error=f"query string longer than {MAX_QUERY_CHARS} characters"), 414
        return None

    @server.after_request
    def _headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        resp.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        resp.headers.setdefault("Content-Security-Policy", csp)
        return resp

    def _no_endpoint(rest: str = "") -> tuple[Response, int]:
        return jsonify(error=f"no such endpoint {request.path}; see the README for /api/v1 and /export"), 404

    # Without these, Dash's catch-all page route would answer unknown API paths with the HTML page.
    for rule in ("/api", "/api/", "/api/<path:rest>", "/export", "/export/", "/export/<path:rest>"):
        server.add_url_rule(rule, endpoint=f"no-endpoint-{rule}", view_func=_no_endpoint)

    @server.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int]:
        if exc.code == 413:
            limit = request.max_content_length or MAX_BODY_BYTES
            return jsonify(error=f"request larger than the limit of {limit / 1e6:.1f} MB"), 413
        return jsonify(error=exc.description or exc.name), exc.code or 500

    @server.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        server.logger.exception("unhandled error on %s", request.path)
        return jsonify(error="internal error; the problem has been logged"), 500
