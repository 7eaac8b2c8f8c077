"""Shared fixtures: the validated data, a Flask test client, a live server, headless Chromium and PostgreSQL."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterator

# Before the app's settings are read: quick brotli for the JavaScript bundles (a cold cache would otherwise cost
# ~8 s on the first page that loads plotly.js; production keeps quality 11, see web/serving.py), and a fresh
# SQLite store of the suite's own (it never touches a real database).
os.environ.setdefault("BUNDLE_BROTLI_QUALITY", "5")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='wt-test-db-')}/app.db"
os.environ.pop("REQUIRE_LOGIN", None)
# The suite signs in, writes and exports far more often than one person: generous limits, which the tests of the
# limits themselves lower (tests/test_trust_limits.py).
os.environ["RATE_LIMIT_SIGN_IN"] = "100000/minute"
os.environ["RATE_LIMIT_WRITES"] = "100000/minute"
os.environ["RATE_LIMIT_EXPORTS"] = "100000/minute"

import pytest
from pgserver import PostgresServer, find_pg_bin
from werkzeug.serving import make_server

from water_targets.data import get_dataset, get_geo, prepare_store
from water_targets.geo import GeoData
from water_targets.indicators import Dataset
from water_targets.settings import CHROMIUM_ARGS, SETTINGS


@pytest.fixture(scope="session")
def geo() -> GeoData:
    return get_geo()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    prepare_store()
    return get_dataset(1)  # the bundled dataset, whatever later tests import


@pytest.fixture(scope="session")
def dash_app():
    from app import app

    return app


@pytest.fixture(scope="session")
def client(dash_app):
    return dash_app.server.test_client()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(dash_app) -> Iterator[str]:
    """The real app served on a free loopback port in a background thread."""
    port = _free_port()
    server = make_server("127.0.0.1", port, dash_app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=SETTINGS.browser_path, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def shown_after(pg, method: str) -> None:
    """`pg.<method>` (goto, reload) returns once the page the scripts draw is shown: a dashboard URL is first the
    server-drawn first paint (issue 18), handed over when the interactive map is drawn (assets/first_paint.js) —
    what a reader waits for before using the page. Other pages have no first paint and return at once."""
    navigate = getattr(pg, method)

    def shown(*args, **kwargs):
        resp = navigate(*args, **kwargs)
        pg.wait_for_selector("#first-paint", state="detached")
        return resp

    setattr(pg, method, shown)


@pytest.fixture
def open_page(browser, live_server):
    """Opens pages, each in a fresh browser context (`options` as for new_context; locale zh-CN); afterwards fails
    the test on any uncaught page error or request to another host."""
    contexts, errors, foreign = [], [], []

    def open_one(**options):
        # Playwright evaluates wait_for_function's expressions with eval, which the app's CSP refuses (no
        # 'unsafe-eval'); the tests bypass it, tests/test_browser_csp.py checks the real policy (bypass_csp=False).
        context = browser.new_context(**{"locale": "zh-CN", "bypass_csp": True, **options})
        contexts.append(context)
        pg = context.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: None if r.url.startswith((live_server, "data:", "blob:")) else foreign.append(r.url))
        pg.set_default_timeout(25000)
        if options.get("java_script_enabled", True):
            shown_after(pg, "goto")
            shown_after(pg, "reload")
        return pg

    yield open_one
    for context in contexts:
        context.close()
    assert not errors, f"page errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"


@pytest.fixture
def page(open_page):
    """A fresh desktop page (1366×768)."""
    return open_page(viewport={"width": 1366, "height": 768})


@pytest.fixture
def phone_page(open_page):
    """A fresh page on a phone (375×812, touch, mobile viewport)."""
    return open_page(**PHONE)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server (tests/pgserver.py) for the whole session."""
    if find_pg_bin() is None:
        msg = "no PostgreSQL binaries under /usr/lib/postgresql/*/bin"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{msg}: scripts/ensure_system_deps.sh should have installed the Debian 'postgresql' package")
        pytest.skip(f"{msg} (run scripts/ensure_system_deps.sh)")
    with PostgresServer() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """SQLAlchemy URL of a fresh, empty database of its own for this test."""
    return pg_server.create_database(f"test_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module")
def pristine_store(dash_app):
    """For modules that write to the app's store: afterwards its rows are the bundled dataset's again."""
    from store_helpers import restore

    from water_targets.data import forget_head, store_engine

    yield
    restore(store_engine())
    forget_head()


@pytest.fixture(scope="module")
def progress_store(dash_app):
    """The app's store with the test actuals of tests/progress_data.py added; the bundled dataset again afterwards."""
    from progress_data import write_actuals
    from store_helpers import restore

    from water_targets.data import forget_head, store_engine

    rev = write_actuals(store_engine())
    forget_head()
    yield rev
    restore(store_engine())
    forget_head()
