"""Export budgets: first export after start, warm 1080p map PNG, warm chart PNG, deck, memory over 20 exports.

Run: python bench/exports.py   (starts the app under gunicorn with one worker)
Budgets (issue 6): warm 1080p map PNG <= 1.5 s; deck <= 5 s; first export after start <= 8 s;
20 exports in a row grow the worker process by <= 100 MB. Issue 11: warm chart PNG <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server

MAP = "/export/map.png?region=150400&indicator=total_water_use&year=2025"
CHART = "/export/chart.png?region=150426&indicator=total_water_use"
DECK = "/export/deck.pptx?region=150400&indicator=total_water_use&year=2025"
MIXED = [
    MAP,
    "/export/map.svg?region=all&indicator=gdp_water_intensity_reduction&year=2022",
    "/export/map.png?region=150222&indicator=pipe_leakage_rate&year=2024&width=3840&height=2160",
    "/export/chart.png?region=150404&indicator=gdp_water_intensity_reduction",
    "/export/data.xlsx?region=150400&indicator=new_agri_saving_capacity",
]


def fetch(base: str, path: str) -> tuple[float, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=120) as resp:
        size = len(resp.read())
    return time.perf_counter() - start, size


def report(base: str) -> None:
    [worker] = server.child_pids(server.master_pid)
    first, _ = fetch(base, MAP)
    warm = [fetch(base, MAP)[0] for _ in range(5)]
    charts = [fetch(base, CHART)[0] for _ in range(5)]
    decks = [fetch(base, DECK)[0] for _ in range(3)]
    before = server.rss_mb(worker)
    for i in range(20):
        fetch(base, MIXED[i % len(MIXED)])
    after = server.rss_mb(worker)
    browsers = sum(server.rss_mb(p) for p in server.child_pids(worker))
    print(f"first export after start  {first:6.2f} s      (budget 8 s)")
    print(f"warm 1080p map PNG        {statistics.median(warm):6.2f} s median, max {max(warm):.2f} (budget 1.5 s)")
    print(f"warm chart PNG            {statistics.median(charts):6.2f} s median, max {max(charts):.2f} (budget 1 s)")
    print(f"deck (PPTX)               {statistics.median(decks):6.2f} s median, max {max(decks):.2f} (budget 5 s)")
    print(f"20 exports: worker RSS    {before:6.0f} -> {after:.0f} MB, +{after - before:.0f} MB (budget 100 MB)")
    print(f"    (kaleido's browser processes directly under the worker: {browsers:.0f} MB)")


def main() -> None:
    with server.running_app(workers=1) as base:
        report(base)


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()  # --help, and no stray arguments
    main()
