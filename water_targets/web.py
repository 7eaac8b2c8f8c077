"""Production serving for the Flask server: compression, security headers, size limits, JSON errors."""

from __future__ import annotations

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

    @server.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int]:
        return jsonify(error=exc.description or exc.name), exc.code or 500

    @server.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        server.logger.exception("unhandled error on %s", request.path)
        return jsonify(error="internal error; the problem has been logged"), 500
