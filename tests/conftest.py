"""Shared fixtures: the validated data, a Flask test client, a live server and headless Chromium."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from water_targets.geo import GeoData, get_geo
from water_targets.indicators import Dataset, get_dataset

# Quick brotli for the JavaScript bundles: a cold cache on a new machine would otherwise cost ~8 s on the
# first page that loads plotly.js (production keeps quality 11, see water_targets/web.py).
os.environ.setdefault("BUNDLE_BROTLI_QUALITY", "5")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def geo() -> GeoData:
    return get_geo()


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return get_dataset()


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
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; fails the test on any uncaught page error or request to another host."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("request", lambda r: None if r.url.startswith((live_server, "data:", "blob:")) else foreign.append(r.url))
    pg.set_default_timeout(25000)
    yield pg
    context.close()
    assert not errors, f"page errors: {errors}"
    assert not foreign, f"requests to other hosts: {foreign}"
