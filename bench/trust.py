"""Cost of issue 16's checks as users meet them, on a running app (2 gunicorn workers): sign-in, a small import
through the write API, a read (GET /api/v1/values), and the per-request head-revision lookup itself on SQLite and
PostgreSQL (budget: <= 1 ms). Sign-in and writes should be unchanged within noise from before the issue.

The users and rows are made here for timing only, in a throw-away store of the bench's own.
Run: python bench/trust.py
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(Path(__file__).resolve().parent)]
SCRATCH = tempfile.mkdtemp(prefix="wt-bench-trust-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/app.db")

from server import running_app  # noqa: E402

PASSWORD = "bench horse battery staple"
HEADER = "地区,指标,年份,类型,数值,比较符,基准年,限定,文件,章节,备注\n"


def _cli(*args: str, stdin: str = "") -> str:
    out = subprocess.run([sys.executable, "-m", "water_targets", *args], cwd=ROOT, input=stdin, text=True,
                         capture_output=True, check=True, env=dict(os.environ))  # fmt: skip
    return out.stdout.strip()


def head_lookup_ms(url: str, runs: int = 2000) -> float:
    """Median cost of one head-revision lookup (what every request now pays once)."""
    from water_targets.data import head_revision
    from water_targets.store.db import engine_for

    engine = engine_for(url)
    head_revision(engine)
    return _median_ms(lambda _i: head_revision(engine), runs)


def _median_ms(fn, runs: int) -> float:
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def http_figures(base: str, runs: int = 15) -> dict[str, float]:
    name = f"bench-{os.getpid()}-{int(time.time())}"
    _cli("users", "add", name, "--role", "editor", "--region", "150400", "--password-stdin", stdin=PASSWORD + "\n")
    token = _cli("tokens", "create", name)

    def sign_in(_i: int) -> None:
        with requests.Session() as s:
            page = s.get(f"{base}/auth/sign-in", timeout=30)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            t = s.post(f"{base}/auth/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": csrf},
                       allow_redirects=False, timeout=30)  # fmt: skip
            assert t.status_code == 302, t.status_code

    def write(i: int) -> None:
        data = (HEADER + f"红山区,用水总量,2025,目标,0.9{i:03d},<=,,,chifeng-2025,附件,bench\n").encode()
        r = requests.post(f"{base}/api/v1/imports", files={"file": ("b.csv", data)}, timeout=60,
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert r.status_code in (200, 201), r.text

    def read(_i: int) -> None:
        r = requests.get(f"{base}/api/v1/values?indicator=total_water_use&parent=150400", timeout=30)
        assert r.status_code == 200

    sign_in(0)
    read(0)
    return {"sign-in (POST, argon2)": _median_ms(sign_in, runs), "import of one row (201)": _median_ms(write, runs),
            "read /api/v1/values": _median_ms(read, runs * 4)}  # fmt: skip


def report() -> None:
    url = os.environ["DATABASE_URL"]
    with running_app(workers=2) as base:
        for label, ms in http_figures(base).items():
            print(f"  {label:32s} {ms:8.1f} ms (median)")
    print(f"  head lookup per request (SQLite) {head_lookup_ms(url):8.3f} ms (budget 1 ms)")
    from pgserver import PostgresServer, find_pg_bin

    if find_pg_bin():
        with PostgresServer() as pg:
            pg_url = pg.create_database("bench_trust")
            from store_helpers import ready_store

            ready_store(pg_url)
            print(f"  head lookup per request (PostgreSQL) {head_lookup_ms(pg_url):6.3f} ms (budget 1 ms)")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()  # --help, and no stray arguments
    report()
