"""The first visit as users meet it (issue 18): a freshly started app served as deployed, an empty browser cache.

Run: python bench/first_visit.py [--runs N]   (starts its own servers: bench/server.py running_app, 2 workers)

Every visit opens a new browser context (empty HTTP cache, no cookies) in headless Chromium and loads the view
with nothing warmed on the browser's side; the server is started fresh where a figure says "after start":
- first visitor after start: the first page load of 赤峰市 (VIEW) on a just-started app, as soon as running_app
  hands it over (once the server says it is ready);
- later visitors: the same view, --runs more times on the now-warm server (desktop 1366x768 on loopback);
- phone on slow 4G: 390x844 at device scale 3 with touch, Chromium's network emulation through a CDP session
  (Network.emulateNetworkConditions: 150 ms latency per request, 200,000 bytes/s down, 93,750 bytes/s up — the
  round trip and bandwidths of Lighthouse's slow-4G profile, whose DevTools throttling would add 562.5 ms per
  request, so this is the milder reading; no CPU slowdown), --runs times on the warm server;
- the national overview `/` (every unit of every plan): the first visitor after another fresh start.

Times are ms from the navigation start (the page's performance.timeOrigin), read in the page once per animation
frame (requestAnimationFrame, so to the frame in which it is painted):
- coloured: the units' layer of the interactive map holds a unit with a fill that is not a pending or no-data fill
  (bench/frontend.py COLOURED, the same predicate), or — once issue 18's server-drawn first paint exists — a
  visible unit of `#map-snapshot` (`path[data-adcode]`) has such a fill; the report says which came first;
- interactive (phone): the map is coloured by the map state (the predicate above on the Leaflet layer itself, not
  the snapshot), assets/map_style.js has bound the units (window.waterMap exists, a unit path carries
  `data-adcode`), the path has Leaflet's `leaflet-interactive` class, and waterMap.pointInside finds a point where
  that path is the topmost element — a tap there lands on the unit and not on an overlay.
Bytes: the sum of the response bodies as the network delivered them (Resource Timing encodedBodySize: compressed,
without headers) of the document and every request until the network has been idle for 0.5 s; "by first coloured"
counts only the responses finished before the first coloured frame. The waterfall of one phone visit (the median by
first coloured map) lists the 10 requests that finished last: start and end, so one sees what waits for
what. Budgets: issue 18's table. A figure over its budget is marked "over"; it is printed as measured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frontend import COLOURED
from server import launch_chromium, running_app

VIEW = "/?region=150400&indicator=total_water_use"  # 赤峰市
OVERVIEW = "/"
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 750_000 / 8}
BUDGETS = {"first": 1.5, "later": 0.5, "phone_coloured": 1.5, "phone_interactive": 3.5, "overview": 3.0}  # s
PHONE_FIRST_SCREEN_KB = 150  # issue 18 "Bytes for phones": the first screen before the interactive map loads
TIMEOUT_MS = 120_000
COLD_STARTS = 3  # fresh starts for the phone's first visit after a start

# Installed in every page before its own scripts: marks the first frame with a coloured map (`map` or `snapshot`)
# and, when asked, the first frame with an interactive map, in window.__firstVisit.
MARKS = """(watchInteractive) => {
  if (window.top !== window) { return; }
  const PENDING = ['#e4e7eb', '#ffffff', '#eef0f3'];  // as in bench/frontend.py COLOURED
  const mapColoured = (__COLOURED__);
  const snapshotColoured = () => [...document.querySelectorAll('#map-snapshot path[data-adcode]')].some(p =>
    !PENDING.includes((p.getAttribute('fill') || '').toLowerCase()) && p.getBoundingClientRect().width > 0);
  const interactive = () => {
    const wm = window.waterMap;
    if (!wm || !wm.pointInside || !mapColoured()) { return false; }
    const units = document.querySelectorAll('#map path.map-unit.leaflet-interactive[data-adcode]');
    for (let i = 0; i < units.length && i < 12; i++) {
      if (wm.pointInside(units[i].getAttribute('data-adcode'))) { return true; }
    }
    return false;
  };
  const marks = window.__firstVisit = {coloured: null, by: null, interactive: null, done: false};
  performance.setResourceTimingBufferSize(5000);
  const tick = () => {
    const now = performance.now();
    if (marks.coloured === null) {
      if (mapColoured()) { marks.coloured = now; marks.by = 'map'; }
      else if (snapshotColoured()) { marks.coloured = now; marks.by = 'snapshot'; }
    }
    if (watchInteractive && marks.interactive === null && interactive()) { marks.interactive = now; }
    marks.done = marks.coloured !== null && (!watchInteractive || marks.interactive !== null);
    if (!marks.done) { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
}""".replace("__COLOURED__", COLOURED.strip())

# The document and every resource, in the page's time base (ms from the navigation start).
ENTRIES = """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
  .map(e => ({name: e.name, start: e.startTime, end: e.responseEnd,
              bytes: e.encodedBodySize || 0}))"""


@dataclass
class Visit:
    coloured: float | None  # ms; None: not within TIMEOUT_MS
    by: str | None  # "map" or "snapshot"
    interactive: float | None  # ms, phone visits only
    requests: list[dict] = field(default_factory=list)  # ENTRIES, with a `label`

    @property
    def bytes(self) -> int:
        return sum(r["bytes"] for r in self.requests)

    @property
    def bytes_by_coloured(self) -> int:
        limit = self.coloured if self.coloured is not None else float("inf")
        return sum(r["bytes"] for r in self.requests if r["end"] <= limit)


def callback_outputs(page: Page) -> Callable[[], list[str]]:
    """The outputs of the page's Dash callback requests, in the order they were sent."""
    outputs: list[str] = []

    def sent(request) -> None:
        if request.method == "POST" and "_dash-update-component" in request.url:
            try:
                outputs.append(str(json.loads(request.post_data or "{}").get("output", "?")).strip("."))
            except ValueError:
                outputs.append("?")

    page.on("request", sent)
    return lambda: outputs


def label(entries: list[dict], base: str, outputs: list[str]) -> None:
    """Names each entry by its path and query; a Dash callback request by its output (the n-th sent is the n-th
    started: fetch() starts them in the order the renderer calls it)."""
    callbacks = iter(outputs)
    for e in sorted(entries, key=lambda e: e["start"]):
        name = e["name"].replace(base, "") or "/"
        if "_dash-update-component" in name:
            name = f"callback -> {next(callbacks, '?')}"
        e["label"] = name


def visit(browser, base: str, url: str, device: dict, network: dict | None = None) -> Visit:
    """One first visit of `url` in a new browser context: the marks, then every request until the network rests."""
    context = browser.new_context(bypass_csp=True, **device)
    try:
        page = context.new_page()
        watch_interactive = True  # desktop and phone: when the interactive map has replaced the first paint
        if network is not None:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", network)
        page.add_init_script(script=f"({MARKS})({json.dumps(watch_interactive)})")
        outputs = callback_outputs(page)
        page.goto(base + url, wait_until="commit", timeout=TIMEOUT_MS)
        try:
            page.wait_for_function("() => window.__firstVisit.done", polling=50, timeout=TIMEOUT_MS)
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        except PlaywrightTimeout:
            pass  # reported as "not reached"
        marks = page.evaluate("() => window.__firstVisit")
        entries = page.evaluate(ENTRIES)
        label(entries, base, outputs())
        return Visit(marks["coloured"], marks["by"], marks["interactive"], entries)
    finally:
        context.close()


def warm_browser(browser) -> None:
    """The browser's own start-up (profile, processes) is not the server's first visit: one blank page first."""
    context = browser.new_context()
    context.new_page().goto("about:blank")
    context.close()


def line(name: str, value: str, budget: str, over: bool) -> None:
    print(f"{name:34s}{value:28s}(budget {budget}){'  over' if over else ''}")


def seconds(name: str, values: list[float | None], budget: float, by: str = "") -> None:
    """One report line: a single figure, or the median and max of several (seconds)."""
    if None in values:
        missed = values.count(None)
        line(name, f"not reached in {TIMEOUT_MS / 1e3:.0f} s ({missed} of {len(values)})", f"{budget} s", True)
        return
    worst = max(values)
    value = f"{values[0]:6.2f} s" if len(values) == 1 else f"{statistics.median(values):6.2f} s median, max {worst:.2f}"
    line(name, value + by, f"{budget} s", worst > budget)


def waterfall(v: Visit, count: int = 10) -> None:
    print(f"    waterfall of one phone visit: the {count} requests that finished last, ms from navigation start")
    print(f"    {'start':>7s} {'end':>7s} {'KB':>7s}  request")
    last = sorted(v.requests, key=lambda r: r["end"])[-count:]
    for r in sorted(last, key=lambda r: r["start"]):
        text = r["label"] if len(r["label"]) <= 90 else r["label"][:87] + "..."
        print(f"    {r['start']:7.0f} {r['end']:7.0f} {r['bytes'] / 1e3:7.1f}  {text}")
    interactive = f", interactive map at {v.interactive:.0f}" if v.interactive is not None else ""
    coloured = f"first coloured ({v.by}) at {v.coloured:.0f}" if v.coloured is not None else "never coloured"
    print(f"    {coloured}{interactive}; {len(v.requests)} requests in all")


def report(runs: int = 5, database: str = "SQLite") -> None:
    """Starts the app 2 + COLD_STARTS times (赤峰市 on a desktop, then later visitors; 赤峰市 on a phone, once per
    start; the overview) and prints the figures against issue 18's budgets; `database` names the store
    (DATABASE_URL) in the heading."""
    runs = max(1, runs)
    print(f"-- on {database}")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        warm_browser(browser)
        with running_app(workers=2) as base:
            first = visit(browser, base, VIEW, DESKTOP)
            later = [visit(browser, base, VIEW, DESKTOP) for _ in range(runs)]
            phones = [visit(browser, base, VIEW, PHONE, SLOW_4G) for _ in range(runs)]
        first_phones = []
        for _ in range(COLD_STARTS):  # one visit per start: a single sample of a fresh start is noisy
            with running_app(workers=2) as base:
                first_phones.append(visit(browser, base, VIEW, PHONE, SLOW_4G))
        with running_app(workers=2) as base:
            overview = visit(browser, base, OVERVIEW, DESKTOP)
        browser.close()

    def by(v: Visit) -> str:
        return " (snapshot)" if v.by == "snapshot" else ""

    def s(ms: float | None) -> float | None:
        return None if ms is None else ms / 1e3

    seconds("first visitor after start", [s(first.coloured)], BUDGETS["first"], by(first))
    seconds("later visitors (loopback)", [s(v.coloured) for v in later], BUDGETS["later"])
    print(f"{'  desktop interactive: first, later':34s}{s(first.interactive) or 0:6.2f} s, "
          f"{statistics.median(s(v.interactive) or 0 for v in later):.2f} s median (no budget)")
    seconds("phone slow 4G, first coloured", [s(v.coloured) for v in phones], BUDGETS["phone_coloured"])
    seconds("phone slow 4G, interactive map", [s(v.interactive) for v in phones], BUDGETS["phone_interactive"])
    seconds("phone, first visitor after start", [s(v.coloured) for v in first_phones], BUDGETS["phone_coloured"])
    seconds("  ... interactive", [s(v.interactive) for v in first_phones], BUDGETS["phone_interactive"])
    kb_all = statistics.median(v.bytes for v in phones) / 1e3
    kb_first = statistics.median(v.bytes_by_coloured for v in phones) / 1e3
    line(
        "phone bytes by first coloured",
        f"{kb_first:6.0f} KB median",
        f"{PHONE_FIRST_SCREEN_KB} KB",
        kb_first > PHONE_FIRST_SCREEN_KB,
    )
    print(f"{'phone bytes, whole first load':34s}{kb_all:6.0f} KB median")
    seconds("overview first visitor after start", [s(overview.coloured)], BUDGETS["overview"], by(overview))
    ordered = sorted(phones, key=lambda v: v.coloured if v.coloured is not None else float("inf"))
    waterfall(ordered[(len(ordered) - 1) // 2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="later-visitor and phone visits (default 5)")
    parser.add_argument("--postgres", action="store_true", help="serve from a PostgreSQL server started here")
    args = parser.parse_args()
    if not args.postgres:
        report(args.runs)
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pgserver import PostgresServer

    with PostgresServer() as pg:
        os.environ["DATABASE_URL"] = pg.create_database("bench_first_visit")
        report(args.runs, "PostgreSQL")


if __name__ == "__main__":
    main()
