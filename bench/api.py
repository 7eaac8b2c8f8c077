"""API throughput on 2 gunicorn workers: GET /api/v1/values and /api/v1/boundaries (budget >= 1,000 requests/s).

Clients are separate processes on loopback with keep-alive connections, each sending a bounded number of
requests; half of them revalidate with If-None-Match (a browser's repeat visit), half fetch the full body.
Run: python bench/api.py [--base URL]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import running_app

PATHS = {
    "values": "/api/v1/values?indicator=total_water_use&parent=150400",
    "boundaries": "/api/v1/boundaries?parent=150400",
}


def _client(args: tuple[str, str, int, bool]) -> int:
    base, path, count, revalidate = args
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "br"})
    first = conn.getresponse()
    first.read()
    headers = {"Accept-Encoding": "br"}
    if revalidate:
        headers["If-None-Match"] = first.getheader("ETag") or ""
    ok = 0
    for _ in range(count):
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        ok += resp.status in (200, 304)
    conn.close()
    return ok


def throughput(base: str, path: str, clients: int = 8, per_client: int = 400) -> float:
    jobs = [(base, path, per_client, i % 2 == 0) for i in range(clients)]
    with multiprocessing.Pool(clients) as pool:
        t0 = time.perf_counter()
        done = sum(pool.map(_client, jobs))
        elapsed = time.perf_counter() - t0
    return done / elapsed


# Cities (and municipalities) across China whose boundaries no request has asked for yet: a cold answer reads
# one data/geo/<parent>.geojson.gz file (budget <= 50 ms).
COLD_PARENTS = ("150600", "110000", "310000", "440300", "650100", "540100", "230100", "460000", "532900", "130100")


def cold_latency(base: str) -> list[float]:
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    for _ in range(3):  # this connection's worker has loaded the app, the catalogue and the dataset
        conn.request("GET", PATHS["boundaries"], headers={"Accept-Encoding": "br"})
        conn.getresponse().read()
    times = []
    for parent in COLD_PARENTS:
        t0 = time.perf_counter()
        conn.request("GET", f"/api/v1/boundaries?parent={parent}", headers={"Accept-Encoding": "br"})
        resp = conn.getresponse()
        resp.read()
        times.append((time.perf_counter() - t0) * 1000)
        assert resp.status == 200, parent
    conn.close()
    return sorted(times)


def report(base: str) -> None:
    cold = cold_latency(base)
    median, worst = cold[len(cold) // 2], cold[-1]
    print(f"boundaries, first request for a city: median {median:.1f} ms, max {worst:.1f} ms (budget <= 50)")
    for name, path in PATHS.items():
        rate = throughput(base, path)
        print(f"{name:<11} {rate:7.0f} requests/s (budget >= 1000; 2 workers, 8 keep-alive clients)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base")
    args = parser.parse_args()
    if args.base:
        report(args.base)
    else:
        with running_app(workers=2) as base:
            report(base)
