"""Security headers (issue 16): a CSP without 'unsafe-eval' or inline style attributes, HSTS only with HTTPS=1,
nothing cached for everyone under REQUIRE_LOGIN=1, and X-Forwarded-* believed only from PROXY_COUNT proxies."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from flask import Flask, jsonify, request
from werkzeug.middleware.proxy_fix import ProxyFix

import web.auth
import web.security
import web.serving
from water_targets.data import get_geo, store_engine
from water_targets.settings import SETTINGS
from water_targets.store.users import add_user, create_token
from web.security import HSTS, trust_proxies
from web.serving import PLOTLY_JS_PATH

VALUES = "/api/v1/values?indicator=total_water_use&region=150400"
EXPORT = "/export/data.csv?region=150400&indicator=total_water_use&year=2025"


def use_settings(monkeypatch, **changes) -> None:
    """SETTINGS with `changes` for the modules that read them per request."""
    changed = dataclasses.replace(SETTINGS, **changes)
    for module in (web.auth, web.security, web.serving):
        monkeypatch.setattr(module, "SETTINGS", changed)


@pytest.fixture(scope="module")
def token(dash_app) -> dict[str, str]:
    name = f"headers-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", uuid.uuid4().hex + "Aa1!", ["150400"], get_geo())
    return {"Authorization": f"Bearer {create_token(store_engine(), name)}"}


def directives(client) -> dict[str, list[str]]:
    csp = client.get("/").headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


def test_the_csp_needs_no_eval_and_refuses_inline_scripts_and_style_attributes(client) -> None:
    csp = directives(client)
    assert "'unsafe-eval'" not in " ".join(v for values in csp.values() for v in values)
    assert "'unsafe-inline'" not in csp["script-src"] and "'self'" in csp["script-src"]
    assert csp["style-src-attr"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]


def test_hsts_only_with_https(client, monkeypatch) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    use_settings(monkeypatch, https=True)
    for path in ("/", "/api/v1/indicators", "/assets/style.css", "/no-such-page"):
        assert client.get(path).headers["Strict-Transport-Security"] == HSTS == "max-age=31536000; includeSubDomains"


def test_public_caching_without_sign_in(client) -> None:
    assert client.get("/api/v1/boundaries?parent=150400").cache_control.public
    pinned = client.get(VALUES + "&asof=1").cache_control
    assert pinned.public and pinned.immutable and pinned.max_age == 31_536_000


def test_nothing_is_public_under_require_login(client, token, monkeypatch) -> None:
    use_settings(monkeypatch, require_login=True)
    assert client.get(VALUES).status_code == 401
    answers = {
        "boundaries": client.get("/api/v1/boundaries?parent=150400", headers=token),
        "asof": client.get(VALUES + "&asof=1", headers=token),
        "latest": client.get(VALUES, headers=token),
        "page": client.get("/", headers=token),
        "plotly.js": client.get(PLOTLY_JS_PATH, headers=token),
        "export": client.get(EXPORT, headers=token),
        "asset": client.get("/assets/style.css"),
        "refusal": client.get(VALUES),
    }
    for what, resp in answers.items():
        cc = resp.headers.get("Cache-Control", "")
        assert "private" in cc and "public" not in cc, (what, cc)
    assert answers["asof"].status_code == 200 and answers["asof"].cache_control.immutable
    assert answers["latest"].cache_control.no_cache and answers["export"].cache_control.no_store  # kept
    again = client.get(VALUES + "&asof=1", headers={**token, "If-None-Match": answers["asof"].headers["ETag"]})
    assert again.status_code == 304


def echo_app(proxies: int) -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def echo():
        return jsonify(addr=request.remote_addr, scheme=request.scheme, host=request.host)

    trust_proxies(app, proxies)
    return app


FORWARDED = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "maps.example"}


def test_forwarded_headers_are_ignored_without_proxies() -> None:
    seen = echo_app(0).test_client().get("/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "192.0.2.1"}).get_json()
    assert seen == {"addr": "192.0.2.1", "scheme": "http", "host": "localhost"}


def test_behind_proxies_the_client_is_the_one_they_name() -> None:
    client = echo_app(1).test_client()
    seen = client.get("/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_json()
    assert seen == {"addr": "198.51.100.7", "scheme": "https", "host": "maps.example"}
    # A client's own X-Forwarded-For entry (before the proxy's) is not believed: only the last PROXY_COUNT are.
    spoofed = {**FORWARDED, "X-Forwarded-For": "203.0.113.66, 198.51.100.7"}
    assert client.get("/", headers=spoofed, environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_json()["addr"] == (
        "198.51.100.7"
    )
    two = echo_app(2).test_client().get("/", headers=spoofed, environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_json()
    assert two["addr"] == "203.0.113.66"


def test_the_app_trusts_no_proxy_by_default(dash_app, client) -> None:
    assert SETTINGS.proxy_count == 0 and not isinstance(dash_app.server.wsgi_app, ProxyFix)
    # A foreign site cannot pass the same-origin check by naming itself in X-Forwarded-Host.
    resp = client.post(
        "/api/v1/imports",
        headers={"Origin": "https://evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
    )
    assert resp.status_code == 403


def test_admin_templates_need_no_inline_style_or_script() -> None:
    """The CSP refuses style="" attributes and inline scripts: the admin pages' templates use neither (their styles
    are in assets/admin.css, their scripts in files of their own)."""
    import re
    from pathlib import Path

    templates = sorted((Path(__file__).resolve().parents[1] / "layouts" / "templates").glob("*.html"))
    assert templates
    inline = re.compile(r"\sstyle\s*=|<style|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
    offenders = {p.name: inline.findall(p.read_text(encoding="utf-8")) for p in templates}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_api_answers_are_attachments_and_odd_methods_are_audited(client) -> None:
    from water_targets.data import store_engine
    from water_targets.store.users import read_audit

    resp = client.get("/api/v1/values?indicator=total_water_use&region=150402")
    assert resp.status_code == 200 and resp.headers["Content-Disposition"] == 'attachment; filename="api.json"'
    assert "Content-Disposition" not in client.get("/").headers  # the page itself is a page
    c = client.application.test_client()
    c.environ_base["REMOTE_ADDR"] = "203.0.113.150"
    assert c.delete("/api/v1/values").status_code == 405
    assert any(e["action"] == "refused" and e["remote_addr"] == "203.0.113.150" and e["detail"].startswith("405 DELETE")
               for e in read_audit(store_engine(), 500))  # fmt: skip
