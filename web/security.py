"""Hardening of the Flask server: compression, security headers, size limits, upload limits, JSON errors."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException

from web.serving import compress_bundles_hard

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
    compress_bundles_hard(server)  # registered after Compress, so it runs first

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
