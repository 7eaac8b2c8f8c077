"""Served as deployed (issue 18): `/healthz` says when a process is warm, answers without sign-in, and
`gunicorn -c gunicorn.conf.py` — what `make run`, `make serve`, the benchmarks and production start — starts and
serves the page and the API."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import web.auth
import web.security
import web.serving
from water_targets.data import head_revision
from water_targets.settings import SETTINGS
from web.serving import HEALTH_PATH, READY, quiet_seconds

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 45  # seconds; on a free machine the config starts and is warm in well under half of it


def use_settings(monkeypatch, **changes) -> None:
    """SETTINGS with `changes` for the modules that read them per request (as tests/test_headers.py)."""
    changed = dataclasses.replace(SETTINGS, **changes)
    for module in (web.auth, web.security, web.serving):
        monkeypatch.setattr(module, "SETTINGS", changed)


def warm(dash_app) -> None:
    from app import warm_up

    warm_up(dash_app)


def test_healthz_says_ready_with_the_head_revision(client, dash_app) -> None:
    warm(dash_app)
    resp = client.get(HEALTH_PATH)
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    assert resp.get_json() == {"ready": True, "revision": head_revision()}
    assert resp.cache_control.no_store


def test_healthz_is_503_until_the_process_is_warm(client, dash_app, monkeypatch) -> None:
    monkeypatch.setitem(dash_app.server.extensions, READY, False)
    resp = client.get(HEALTH_PATH)
    assert resp.status_code == 503 and resp.get_json()["ready"] is False


def test_healthz_needs_no_sign_in_under_require_login(client, dash_app, monkeypatch) -> None:
    warm(dash_app)
    use_settings(monkeypatch, require_login=True)
    assert client.get("/api/v1/regions").status_code == 401  # the rest stays closed
    assert client.get(HEALTH_PATH + "/more").status_code in (401, 302)  # the exact path only
    resp = client.get(HEALTH_PATH)
    assert resp.status_code == 200 and resp.get_json()["ready"] is True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_gunicorn_config_starts_warm_and_serves(tmp_path) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "WEB_CONCURRENCY": "1",  # one worker is enough to prove the config; the machine may be busy
        "DATABASE_URL": f"sqlite:///{tmp_path}/deployed.db",
        "COMPRESS_CACHE_DIR": str(tmp_path / "br"),
        "BUNDLE_BROTLI_QUALITY": "1",  # a cold compression cache costs no seconds here
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [str(gunicorn), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]  # the app: wsgi_app in the file
    log = (tmp_path / "gunicorn.log").open("w")
    log_text = (tmp_path / "gunicorn.log").read_text
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, log_text()
            assert time.monotonic() < deadline, "no 200 from /healthz in time:\n" + log_text()
            try:
                status, body = _get(base + HEALTH_PATH)
            except OSError:  # not listening yet
                status = None
            if status == 200:
                break
            time.sleep(0.2)
        assert body.startswith(b'{"ready":true,"revision":')
        page_status, page = _get(base + "/")
        assert page_status == 200 and b'id="react-entry-point"' in page
        regions_status, regions = _get(base + "/api/v1/regions")
        assert regions_status == 200 and b'"adcode":"150400"' in regions
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
            log.close()
    assert proc.returncode == 0, log_text()
    assert "warm in" in log_text()


def test_a_worker_is_quiet_when_only_health_checks_come(client, dash_app) -> None:
    """The export browser starts at a worker's first quiet moment (app.start_export_browser): health checks do not
    keep it busy, a page request does."""
    client.get("/api/v1/indicators")
    assert quiet_seconds(dash_app.server) < 1
    time.sleep(0.3)
    client.get("/healthz")
    assert quiet_seconds(dash_app.server) >= 0.3
    client.get("/api/v1/indicators")
    assert quiet_seconds(dash_app.server) < 0.3
