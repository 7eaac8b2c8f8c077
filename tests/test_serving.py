"""Serving of the page's scripts (issue 11): plotly.js's partial bundle for dcc.Graph, dash_ag_grid deferred."""

from __future__ import annotations

import hashlib
import html
import importlib.util
import re
from pathlib import Path

import brotli
from plotly.offline import get_plotlyjs_version

from web.serving import PLOTLY_JS_PATH

ROOT = Path(__file__).resolve().parents[1]


def _fetch_script():
    spec = importlib.util.spec_from_file_location("fetch_plotly_basic", ROOT / "scripts" / "fetch_plotly_basic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_bundle_is_the_pinned_one_of_the_installed_plotly() -> None:
    fetch = _fetch_script()
    assert fetch.VERSION == get_plotlyjs_version()
    assert hashlib.sha256(fetch.TARGET.read_bytes()).hexdigest() == fetch.FILE_SHA256


def test_graph_gets_the_basic_bundle_compressed_and_revalidated(client) -> None:
    resp = client.get(PLOTLY_JS_PATH, headers={"Accept-Encoding": "br"})
    assert resp.status_code == 200
    assert resp.headers["Content-Encoding"] == "br"
    body = brotli.decompress(resp.data)
    assert body.startswith(b"/**\n* plotly.js (basic - minified) v" + get_plotlyjs_version().encode())
    assert len(resp.data) < 400_000  # the full bundle is 1.1 MB brotli
    again = client.get(PLOTLY_JS_PATH, headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_page_loads_no_full_plotly_and_no_ag_grid_bundle(client) -> None:
    html = client.get("/").data.decode()
    scripts = re.search(r'<script src="(/assets-bundle/page-[0-9a-f]+\.js)"', html).group(1)  # the page's own
    assert "/* lazy_ag_grid.js */" in client.get(scripts).get_data(as_text=True)
    assert "dash_ag_grid.v" not in html and "dash_ag_grid.min.js" not in html
    assert "vendor/plotly-basic" not in html  # assets/vendor/ is not a page script
    # still served, for the loader
    assert client.get("/_dash-component-suites/dash_ag_grid/dash_ag_grid.min.js").status_code == 200


def test_malloc_arenas_are_capped_unless_the_environment_says_otherwise(monkeypatch) -> None:
    from web.serving import limit_malloc_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True  # glibc (Debian): mallopt accepted
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False  # left to glibc


def test_the_basic_bundle_compiles_no_code_at_run_time() -> None:
    """The page's CSP has no 'unsafe-eval' (web/security.py): plotly.js's basic bundle must not need it. The full
    bundle's Function constructors (regl, for WebGL traces) are not in it; a plotly update that adds one fails here
    before a browser refuses it (tests/test_browser_csp.py)."""
    import re

    body = _fetch_script().TARGET.read_text(encoding="utf-8")
    assert not re.search(r"new Function\s*\(|[^\w.$]eval\s*\(|[^\w.$]Function\s*\(\s*['\"]", body)


def test_what_is_versioned_by_its_url_is_kept_for_good(client) -> None:
    """Bundles with Dash's fingerprint and assets with `?m=` are immutable: a returning phone asks for none of them
    (issue 18); the same file without its version is revalidated."""
    page = client.get("/?region=150400").get_data(as_text=True)
    scripts = re.findall(r'<script src="(/[^"]+)"', page)
    assert any("/assets/" in s for s in scripts) and any(".v" in s for s in scripts)
    assert any("/assets-bundle/" in s for s in scripts)  # the page's own scripts, one file named by its content
    for url in scripts:
        cc = client.get(html.unescape(url), headers={"Accept-Encoding": "br"}).cache_control
        assert cc.immutable and cc.max_age == 31_536_000 and cc.public, url
    bare = client.get("/assets/core.js").cache_control
    assert not bare.immutable and bare.no_cache
    assert "dash_table/bundle" not in page  # left out: the page draws no DataTable


def test_the_page_loads_regenerator_runtime_instead_of_babel_polyfill(client) -> None:
    """@babel/polyfill (core-js) is left out; the regeneratorRuntime global dash-renderer needs comes from the
    vendored, sha256-pinned regenerator-runtime, before the component bundles (the browser tests run the page)."""
    spec = importlib.util.spec_from_file_location(
        "fetch_regenerator_runtime", ROOT / "scripts" / "fetch_regenerator_runtime.py"
    )
    fetch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetch)
    fetch.check()  # the vendored file is the pinned one
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="(/[^"]+)"', page)
    assert not [s for s in scripts if "polyfill" in s]
    runtime = next(i for i, s in enumerate(scripts) if "regenerator-runtime-0.14.1.js" in s)
    assert runtime < next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    assert client.get(html.unescape(scripts[runtime])).status_code == 200


def test_the_page_s_own_scripts_are_one_file_in_dash_s_order(client) -> None:
    """assets/*.js joined by name (core.js first: it makes window.water), after Leaflet's bundle (the scripts add
    its init hooks) and before dash-renderer; the name changes with the content."""
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="(/[^"]+)"', page)
    assert not [s for s in scripts if re.search(r"/assets/[a-z_]+\.js", s)]  # none of the nine files on its own
    bundle = next(i for i, s in enumerate(scripts) if "/assets-bundle/" in s)
    assert next(i for i, s in enumerate(scripts) if "dash_leaflet" in s) < bundle
    assert bundle < next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    body = client.get(scripts[bundle]).get_data(as_text=True)
    names = re.findall(r"^/\* ([a-z0-9_]+\.js) \*/$", body, re.M)
    assert names == sorted(p.name for p in (ROOT / "assets").glob("*.js")) and names[0] == "core.js"
    for name in names:
        assert (ROOT / "assets" / name).read_text(encoding="utf-8") in body
