"""Server callback latency under load: 20 simulated users posting to /_dash-update-component.

The callback requests of real interactions (opening a view, changing the year) are recorded from headless
Chromium, then replayed on loopback by 20 concurrent users: each user performs an interaction (its
callbacks in order, as the browser sends them), pauses 0.5-2 s as a person would, and stops after a
bounded number of interactions.
Run: python bench/load.py [--base URL] [--users 20] [--interactions 15]   (budget: p95 <= 50 ms)
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import launch_chromium, running_app

HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "br, gzip"}
SESSIONS = [
    "/?region=150400&indicator=total_water_use&year=2025",
    "/?region=150400&indicator=gdp_water_intensity_reduction&year=2025&county=150404",
    "/?region=150222&indicator=pipe_leakage_rate&year=2023",
    "/?region=140600&indicator=total_water_use&year=2022",
    "/?region=all&indicator=irrigation_efficiency&year=2022&lang=en",
    "/?region=140800&indicator=total_water_use&year=2022",
]


def record_callbacks(base: str) -> list[list[tuple[str, bytes]]]:
    """The /_dash-update-component requests of each interaction: opening each view, then a year change."""
    interactions: list[list[tuple[str, bytes]]] = []
    bodies: list[tuple[str, bytes]] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(bypass_csp=True, viewport={"width": 1366, "height": 768})

        def keep(request) -> None:
            if "/_dash-update-component" in request.url and request.method == "POST":
                bodies.append(
                    (urlparse(request.url).path + "?" + urlparse(request.url).query, request.post_data_buffer)
                )

        page.on("request", keep)
        for path in SESSIONS:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            interactions.append(bodies)
            bodies = []
            slider = page.locator("#year-slider [role=slider]").first
            slider.focus()
            page.keyboard.press("ArrowLeft")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            if bodies:
                interactions.append(bodies)
            bodies = []
        browser.close()
    return interactions


def replay(
    base: str, interactions: list[list[tuple[str, bytes]]], users: int, per_user: int, think: tuple[float, float]
) -> tuple[list[float], int]:
    host = urlparse(base)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def user(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        time.sleep(rng.uniform(*think))  # users do not all arrive in the same millisecond
        for _ in range(per_user):
            # A connection per interaction: gunicorn closes idle keep-alive connections after 2 s.
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            for path, body in rng.choice(interactions):
                start = time.perf_counter()
                conn.request("POST", path, body=body, headers=HEADERS)
                resp = conn.getresponse()
                resp.read()
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += resp.status not in (200, 204)
            conn.close()
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def report(base: str, users: int, per_user: int) -> None:
    interactions = record_callbacks(base)
    # First pass, one user: every callback computed once (results are then memoised per process).
    cold, _ = replay(base, [[r] for i in interactions for r in i], 1, sum(map(len, interactions)), (0.0, 0.0))
    started = time.perf_counter()
    latencies, errors = replay(base, interactions, users, per_user, (0.5, 2.0))
    wall = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"one user, no pauses       median {statistics.median(cold):.1f} ms, max {max(cold):.1f} ms")
    count = sum(len(i) for i in interactions)
    print(f"recorded                  {len(interactions)} interactions, {count} callback requests")
    rate = len(latencies) / wall
    print(f"requests                  {len(latencies)} by {users} concurrent users, {errors} errors, {rate:.0f}/s")
    median = statistics.median(latencies)
    print(
        f"callback latency          median {median:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms (budget 50 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--interactions", type=int, default=15, help="interactions per user")
    args = parser.parse_args()
    if args.base:
        report(args.base.rstrip("/"), args.users, args.interactions)
    else:
        with running_app(workers=2) as base:
            report(base, args.users, args.interactions)


if __name__ == "__main__":
    main()
