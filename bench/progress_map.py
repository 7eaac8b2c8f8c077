"""The map's 目标值 | 完成情况 switch in headless Chromium: click to every unit repainted, and its traffic.

Run: python bench/progress_map.py [--base URL] [--runs N]   (starts the app itself when --base is not given)
Budget (issue 10): switching <= 150 ms, with no request to the server (the progress view comes with the map state).
The time runs from the click (performance.now() in the page) to the frame in which every unit has its final fill.
"""

from __future__ import annotations

import statistics
import sys
from functools import partial
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frontend import FILLS, map_page, time_repaint
from server import browser_bench_main, launch_chromium

VIEW = "/?region=150400&indicator=total_water_use"
OPTION = {"targets": "#map-mode-targets", "progress": "#map-mode-progress"}
PROGRESS_SHOWN = "() => !document.querySelector('#progress-legend').hidden"
TARGETS_SHOWN = "() => document.querySelector('#progress-legend').hidden"
FINAL_FILLS = f"(want) => ({FILLS})() === want"


def settle(page: Page, mode: str) -> str:
    """Choose a view without timing it and return its fills once nothing changes any more."""
    page.click(OPTION[mode])
    page.wait_for_function(PROGRESS_SHOWN if mode == "progress" else TARGETS_SHOWN)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    return page.evaluate(FILLS)


def switches(browser, base: str, runs: int) -> tuple[list[float], list[list[str]]]:
    with map_page(browser, base + VIEW) as (page, traffic, _):
        final = {"progress": settle(page, "progress"), "targets": settle(page, "targets")}
        if final["progress"] == final["targets"]:
            raise SystemExit("the progress view paints the units as the target view does: nothing to time")
        times, requests = [], []
        for i in range(runs):
            mode = "progress" if i % 2 == 0 else "targets"
            traffic.reset()
            times.append(time_repaint(page, partial(page.click, OPTION[mode]), FINAL_FILLS, final[mode]))
            requests.append([url for url, _ in traffic.requests if "favicon" not in url])
    return times, requests


def report(base: str, runs: int) -> None:
    with sync_playwright() as p:
        browser = launch_chromium(p)
        times, requests = switches(browser, base, runs)
        browser.close()
    med, top = statistics.median, max
    print(f"map view switch repaint   {med(times):6.1f} ms median, max {top(times):.1f} (budget 150 ms)")
    print(f"    all runs (ms): {', '.join(f'{x:.0f}' for x in times)}")
    # The map needs no request; callbacks of other cards that follow the year slider may make some.
    dash = [u for run in requests for u in run if "_dash-update-component" in u]
    other = [u for run in requests for u in run if "_dash-update-component" not in u]
    print(f"map view switch requests  {len(dash) / len(requests):6.1f} callbacks/switch (the ranking chart follows"
          f" the year), other requests {len(other)} (budget 0)")


def main() -> None:
    browser_bench_main(report, __doc__)


if __name__ == "__main__":
    main()
