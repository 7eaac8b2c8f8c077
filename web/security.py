"""Hardening of the Flask server: compression, security headers, size limits, upload limits, JSON errors,
trusted proxies."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from flask_compress import Compress
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from water_targets.settings import SETTINGS
from web.serving import cache_versioned, compress_bundles_hard

MAX_BODY_BYTES = 1_000_000  # Dash callback posts are a few KB
MAX_QUERY_CHARS = 2_000
API_TYPES = ("application/json", "application/geo+json")
HSTS = "max-age=31536000; includeSubDomains"  # a year, every subdomain: sent only with HTTPS=1


def content_security_policy(script_hashes: list[str], tile_origin: str = "") -> str:
    img = ["'self'", "data:", "blob:"] + ([tile_origin] if tile_origin else [])
    directives = {
        "default-src": ["'self'"],
        # No 'unsafe-eval': nothing on the page compiles code at run time (plotly.js's "basic" bundle has no
        # Function constructor; tests/test_browser_csp.py loads the main views under this policy and finds no
        # violation). No inline scripts except Dash's own bootstrap, allowed by hash.
        "script-src": ["'self'", *script_hashes],
        # style="" attributes (in HTML or set with setAttribute) are refused; styles set through the CSSOM
        # (element.style, which React, Leaflet, plotly's d3 and AG Grid use) are not inline styles for CSP.
        # <style> elements keep 'unsafe-inline': the bundles of dash-renderer, dcc, dash-leaflet, dash-ag-grid and
        # plotly.js inject their own CSS as <style> elements at run time (webpack style-loader; about 40 distinct
        # texts, some made per component as it loads), none of which takes a nonce from outside its bundle, and a
        # list of hashes would silently unstyle whatever component a dependency update or an untested state adds.
        # style-src is the fallback of browsers without CSP level 3 (-elem/-attr), as before.
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'", "'unsafe-inline'"],
        "style-src-attr": ["'none'"],
        "img-src": img,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def trust_proxies(server: Flask, count: int) -> None:
    """Behind `count` trusted reverse proxies (PROXY_COUNT), take the client's address, scheme, host and port from
    the X-Forwarded-For/-Proto/-Host/-Port they add (the last `count` entries, so a client's own additions are not
    believed). With 0 (the default) those headers are ignored: a client could write anything in them."""
    if count > 0:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count)


def cache_private(resp: Response) -> Response:
    """REQUIRE_LOGIN=1: no shared cache (proxy, CDN) may keep an answer for someone else; the browser's own cache
    may (`private`). `public` goes; `no-store`, `no-cache`, max-age and ETags stay as the endpoint set them."""
    cc = resp.cache_control
    cc.public = False
    cc.private = True
    return resp


def cache_shared(resp: Response) -> Response:
    """`public` for what everyone may read; `private` under REQUIRE_LOGIN=1 (cache_private)."""
    if SETTINGS.require_login:
        return cache_private(resp)
    resp.cache_control.public = True
    return resp


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
    cache_versioned(server)

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
        if request.path.startswith("/api/") and resp.mimetype in API_TYPES:
            # An API answer opened in a browser tab is a download, never a document (ASVS 14.4.2); fetch() ignores it.
            resp.headers.setdefault("Content-Disposition", 'attachment; filename="api.json"')
        if SETTINGS.https:
            resp.headers.setdefault("Strict-Transport-Security", HSTS)
        if SETTINGS.require_login:
            cache_private(resp)
        return resp

    def _no_endpoint(rest: str = "") -> tuple[Response, int]:
        return jsonify(error=f"no such endpoint {request.path}; see docs/api.md for /api/v1 and /export"), 404

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
