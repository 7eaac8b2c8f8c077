"""Front-end budgets in headless Chromium: first coloured map, bytes shipped, year-change repaint, drill-down.

Run: python bench/frontend.py [--base URL] [--runs N]   (starts the app itself when --base is not given)
Budgets (issue 5, tightened by issue 11): first coloured map <= 1.0 s; first load <= 1 MB over the wire; year change
<= 150 ms median and <= 10 KB; county click -> drill-down <= 500 ms.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server import browser_bench_main, launch_chromium

FIRST_VIEW = "/?region=150400&indicator=total_water_use&year=2025"
YEAR_VIEW = "/?region=150222&indicator=pipe_leakage_rate&year=2023"
FILLS = "() => [...document.querySelectorAll('#map path.map-unit')].map(p => p.getAttribute('fill')).join(',')"
REPAINTED = f"(before) => ({FILLS})() !== before"  # the units' fills are no longer those of `before`
COLOURED = """() => {
  const paths = [...document.querySelectorAll('#map path.map-unit')];
  const done = paths.length && paths.some(p => !['#e4e7eb', '#ffffff', '#eef0f3'].includes(p.getAttribute('fill')));
  return done ? performance.now() : false;
}"""


class Traffic:
    """Bytes received (compressed body + headers, as Chromium reports them) since the last reset."""

    def __init__(self, page: Page) -> None:
        self.total = 0
        self.requests: list[tuple[str, int]] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.total += size
        self.requests.append((request.url, size))

    def reset(self) -> None:
        self.total = 0
        self.requests = []


@contextlib.contextmanager
def map_page(
    browser, url: str, timeout: int = 30000, wait_until: str = "load"
) -> Iterator[tuple[Page, Traffic, float]]:
    """A fresh 1366x768 page on `url` once its map is coloured and the network idle: the page, its traffic since
    before the navigation, and the ms from the navigation to the first coloured map. The context closes on exit."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        traffic = Traffic(page)
        page.goto(url, wait_until=wait_until)
        painted = page.wait_for_function(COLOURED, polling="raf", timeout=timeout).json_value()
        page.wait_for_load_state("networkidle")
        yield page, traffic, painted
    finally:
        context.close()


def biggest_requests(traffic: Traffic, count: int) -> list[tuple[str, int]]:
    return sorted(traffic.requests, key=lambda r: -r[1])[:count]


def first_load(browser, base: str) -> tuple[float, int, list]:
    with map_page(browser, base + FIRST_VIEW, wait_until="commit") as (page, traffic, painted):
        page.wait_for_timeout(500)
        return painted / 1000, traffic.total, biggest_requests(traffic, 6)


def unit_fills(page: Page) -> str:
    return page.evaluate(
        "() => [...document.querySelectorAll('#map path.map-unit')].map(p => p.getAttribute('fill')).join(',')"
    )


def time_repaint(page: Page, act: Callable[[], object], done: str, arg: object) -> float:
    """ms from `act()` (a key press, a click) to the frame in which the JavaScript predicate `done` holds for `arg`;
    then waits until the page is quiet again."""
    page.evaluate("() => { window.__t0 = performance.now(); }")
    act()
    elapsed = page.wait_for_function(
        f"(arg) => ({done})(arg) && performance.now() - window.__t0", arg=arg, polling="raf", timeout=5000
    ).json_value()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)
    return elapsed


def year_changes(browser, url: str, runs: int, timeout: int = 30000) -> tuple[list[float], list[int]]:
    """Year slider steps (right, left, …) on `url`: ms from the key press to the repainted map, and bytes each."""
    with map_page(browser, url, timeout=timeout) as (page, traffic, _):
        page.locator("#year-slider [role=slider]").first.focus()
        times, sizes = [], []
        for i in range(runs):
            key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
            before = unit_fills(page)
            traffic.reset()
            times.append(time_repaint(page, partial(page.keyboard.press, key), REPAINTED, before))
            sizes.append(traffic.total)
    return times, sizes


def point_inside(page: Page, adcode: str) -> tuple[float, float]:
    """Where a click lands on the county itself (assets/map_style.js waterMap.pointInside)."""
    return page.wait_for_function("(code) => window.waterMap.pointInside(code)", arg=adcode).json_value()


def drilldowns(browser, base: str, runs: int) -> list[float]:
    counties = {"150426": "翁牛特旗", "150430": "敖汉旗", "150425": "克什克腾旗", "150429": "宁城县"}
    times = []
    with map_page(browser, base + FIRST_VIEW) as (page, _, _):
        for i in range(runs):
            code = list(counties)[i % len(counties)]
            name = counties[code]
            x, y = point_inside(page, code)
            page.evaluate("() => { window.__t0 = performance.now(); }")
            page.mouse.click(x, y)
            elapsed = page.wait_for_function(
                "(name) => { const t = document.querySelector('#county-detail .detail-title');"
                " const plot = document.querySelector('#detail-chart .main-svg');"
                " return t && t.textContent.startsWith(name) && plot ? performance.now() - window.__t0 : false; }",
                arg=name,
                polling="raf",
                timeout=10000,
            ).json_value()
            times.append(elapsed)
            page.wait_for_load_state("networkidle")
    return times


def report(base: str, runs: int) -> None:
    with sync_playwright() as p:
        browser = launch_chromium(p)
        first_load(browser, base)  # warm the server's caches once, as a deployed app would be
        paint, size, biggest = first_load(browser, base)
        times, sizes = year_changes(browser, base + YEAR_VIEW, runs)
        clicks = drilldowns(browser, base, max(3, runs // 2))
        browser.close()
    print(f"first coloured map        {paint:6.2f} s      (budget 1.0 s)")
    print(f"first load over the wire  {size / 1e6:6.2f} MB     (budget 1 MB)")
    for url, n in biggest:
        print(f"    {n / 1e3:8.1f} KB  {url.split('?')[0].replace(base, '')}")
    med, top = statistics.median, max
    print(f"year change repaint       {med(times):6.1f} ms median, max {top(times):.1f} (budget 150 ms)")
    print(f"year change traffic       {med(sizes) / 1e3:6.2f} KB median, max {top(sizes) / 1e3:.2f} (budget 10 KB)")
    print(f"county click drill-down   {med(clicks):6.1f} ms median, max {top(clicks):.1f} (budget 500 ms)")


def main() -> None:
    browser_bench_main(report, __doc__)


if __name__ == "__main__":
    main()
