"""Per-client limits, writes that wait, reads that see writes (issue 16): 429 with Retry-After on sign-in, writes
and exports; counters shared by every worker and instance through the database (SQLite and PostgreSQL); 20
parallel sign-ins and imports on SQLite without a 500; a read right after another instance's write shows it."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from limits import parse
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import create_engine
from store_helpers import current_value, ready_store, set_values

from water_targets.data import get_geo, store_engine
from water_targets.store.counters import DatabaseCounters
from water_targets.store.users import add_user, create_token, read_audit
from web import limits as web_limits

pytestmark = pytest.mark.usefixtures("pristine_store")

PASSWORD = "correct horse battery"
HEADER = "地区,指标,年份,类型,数值,比较符,基准年,限定,文件,章节,备注\n"


def csrf_of(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


def browser(client, addr: str):
    c = client.application.test_client()
    c.environ_base["REMOTE_ADDR"] = addr
    return c


def test_sign_in_attempts_are_limited_per_client(client, monkeypatch) -> None:
    monkeypatch.setitem(web_limits.LIMITS, "sign_in", "3/minute")
    c = browser(client, f"198.18.0.{uuid.uuid4().int % 250}")
    token = csrf_of(c.get("/auth/sign-in").data)
    answers = [c.post("/auth/sign-in", data={"name": "x", "password": "y", "csrf_token": token}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    retry = int(answers[-1].headers["Retry-After"])
    assert 1 <= retry <= 60
    assert "请求过于频繁" in answers[-1].data.decode()
    # successful sign-ins spend nothing: a whole office behind one address signs in
    name = f"office-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", PASSWORD, ["150400"], get_geo())
    office = browser(client, f"198.18.4.{uuid.uuid4().int % 250}")
    for _ in range(5):
        page = office.get("/auth/sign-in")
        ok = office.post("/auth/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(page.data)})
        assert ok.status_code == 302
    # another client is not affected
    other = browser(client, "198.18.1.1")
    assert other.post("/auth/sign-in", data={"name": "x", "password": "y", "csrf_token": token}).status_code != 429
    assert any(e["action"] == "refused" and e["detail"].startswith("429 POST /auth/sign-in")
               for e in read_audit(store_engine(), 500))  # fmt: skip


def test_exports_are_limited_per_client_with_retry_after(client, monkeypatch) -> None:
    monkeypatch.setitem(web_limits.LIMITS, "exports", "2/minute")
    c = browser(client, f"198.18.2.{uuid.uuid4().int % 250}")
    codes = [c.get("/export/data.csv?region=150400&indicator=total_water_use").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    resp = c.get("/export/data.csv?region=150400&indicator=total_water_use")
    body = resp.get_json()
    assert resp.status_code == 429 and int(resp.headers["Retry-After"]) >= 1
    assert body["retry_after"] == int(resp.headers["Retry-After"]) and "try again" in body["error"]
    assert "请求过于频繁" in body["message_zh"]


def test_writes_are_limited_per_client(client, monkeypatch) -> None:
    name = f"limited-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", PASSWORD, ["150400"], get_geo())
    headers = {"Authorization": f"Bearer {create_token(store_engine(), name)}"}
    monkeypatch.setitem(web_limits.LIMITS, "writes", "2/minute")
    c = browser(client, f"198.18.3.{uuid.uuid4().int % 250}")
    data = (HEADER + "红山区,用水总量,2025,目标,0.93,<=,,,chifeng-2025,附件,x\n").encode()

    def post():
        return c.post("/api/v1/imports", data={"file": (io.BytesIO(data), "x.csv"), "dry_run": "1"}, headers=headers,
                      content_type="multipart/form-data")  # fmt: skip

    assert [post().status_code for _ in range(3)] == [200, 200, 429]
    assert c.get("/api/v1/revisions", headers=headers).status_code == 200  # reads are not writes


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/limits.db"
    else:
        url = request.getfixturevalue("pg_url")
    ready_store(url)
    return url


def test_counters_are_shared_by_instances_on_both_backends(store_url: str) -> None:
    """Two engines stand for two instances on one database: together they spend one limit."""
    first, second = create_engine(store_url), create_engine(store_url)
    limit = parse("5/minute")
    a, b = FixedWindowRateLimiter(DatabaseCounters(first)), FixedWindowRateLimiter(DatabaseCounters(second))
    results = [(a if i % 2 else b).hit(limit, "exports", "10.9.9.9") for i in range(7)]
    assert results == [True] * 5 + [False] * 2
    assert a.hit(limit, "exports", "10.9.9.8")  # another client
    stats = b.get_window_stats(limit, "exports", "10.9.9.9")
    assert stats.remaining == 0 and stats.reset_time > 0
    DatabaseCounters(first).clear(limit.key_for("exports", "10.9.9.9"))
    assert b.hit(limit, "exports", "10.9.9.9")
    # 20 hits at once from 4 threads count exactly
    with ThreadPoolExecutor(4) as pool:
        allowed = list(pool.map(lambda _: a.hit(parse("10/minute"), "burst", "c"), range(20)))
    assert allowed.count(True) == 10
    first.dispose()
    second.dispose()


# ------------------------------------------------------------------ SQLite writers that wait


def test_twenty_parallel_sign_ins_and_imports_on_sqlite(live_server) -> None:
    suffix = uuid.uuid4().hex[:6]
    names = [f"par-{suffix}-{i}" for i in range(20)]
    for name in names:
        add_user(store_engine(), name, "editor", PASSWORD, ["150400"], get_geo())
    tokens = [create_token(store_engine(), name) for name in names]

    def sign_in(name: str) -> int:
        with requests.Session() as s:
            page = s.get(f"{live_server}/auth/sign-in", timeout=60)
            resp = s.post(f"{live_server}/auth/sign-in", timeout=60, allow_redirects=False,
                          data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(page.content)})  # fmt: skip
            return resp.status_code

    def import_one(i: int) -> int:
        value = f"0.9{i:03d}"
        data = (HEADER + f"红山区,用水总量,2025,目标,{value},<=,,,chifeng-2025,附件,parallel {i}\n").encode()
        resp = requests.post(f"{live_server}/api/v1/imports", files={"file": ("p.csv", data)}, timeout=120,
                             headers={"Authorization": f"Bearer {tokens[i]}"})  # fmt: skip
        return resp.status_code

    with ThreadPoolExecutor(20) as pool:
        signed = list(pool.map(sign_in, names))
        imported = list(pool.map(import_one, range(20)))
    assert signed == [302] * 20
    assert sorted(set(imported)) == [201], imported
    audited = {e["user_name"] for e in read_audit(store_engine(), 5000) if e["action"] == "sign_in"}
    assert set(names) <= audited


# ------------------------------------------------------------------ reads see writes


def test_a_read_right_after_another_instances_write_shows_it(client) -> None:
    engine = store_engine()

    def shown() -> list[str]:
        body = client.get("/api/v1/values?indicator=total_water_use&region=150402").get_json()
        return [v["value_text"] for v in body["values"] if v["year"] == 2025 and v["kind"] == "target"]

    first = shown()
    for value in ("0.9411", "0.9412", "0.9413"):
        row = current_value(engine, "150402", "total_water_use", "2025")
        set_values(engine, [{**row, "value": value}])  # another instance's write: nothing here is told
        assert any(value in text for text in shown()), (value, first)


def test_a_wrong_limit_setting_stops_the_start_with_its_name() -> None:
    from cli_helpers import ROOT

    env = {**os.environ, "RATE_LIMIT_EXPORTS": "lots"}
    out = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=False)  # fmt: skip
    assert out.returncode != 0
    assert "RATE_LIMIT_EXPORTS='lots' is not a limit like '10/minute'" in out.stderr
    assert "Traceback" not in out.stderr
