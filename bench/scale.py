"""Scale budgets (issue 11, point 7): many plan regions in headless Chromium.

1. 内蒙古: a generated plan for each of its 12 cities (targets for the city and every county-level unit, 2023 and
   2025) and one for the province; the largest city view and the province view keep the dashboard budgets: first
   coloured map <= 2 s, year change <= 150 ms median.
2. National: a generated plan for every county-level unit (~2,870); the overview draws every plan region: first
   coloured map <= 3 s, <= 3 MB over the wire; the map state it ships is reported.

The plans are generated here for timing only (deterministic, marked 测试数据（虚构）) in a throw-away SQLite store
in a temp directory (its own DATABASE_URL, never the app's), and never reach a real database.
Run: python bench/scale.py [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from frontend import COLOURED, biggest_requests, map_page, year_changes  # noqa: E402
from server import launch_chromium, running_app  # noqa: E402

PROVINCE = "150000"  # 内蒙古自治区
TWU = "total_water_use"
YEARS = ("2023", "2025")
NOTE = "测试数据（虚构，bench/scale.py）"
SECTION = "附件 目标分解表（基准测试，虚构）"


def _doc(region: str, name: str) -> dict:
    return {"id": f"bench-scale-{region}", "region": region, "title": f"{name}节水行动实施方案（基准测试，虚构）",
            "number": "", "issued": "2025-01-01", "url": "", "kind": "plan", "seed_file": ""}


def _target(region: str, year: str, number: float) -> dict:
    return {"region": region, "indicator": TWU, "year": year, "kind": "target", "value": f"{number:.4f}",
            "comparator": "<=", "baseline_year": "", "qualifier": "", "doc": f"bench-scale-{region}",
            "section": SECTION, "note": NOTE}


def _number(adcode: str, year: str) -> float:
    """A deterministic, plausible cap (亿立方米) per unit: 0.5-5.4 in 2023, 2025 55-100 % of it (classes change)."""
    base = 0.5 + (int(adcode[-4:]) * 7919 % 4900) / 1000
    return base * (0.55 + (int(adcode) * 31 % 46) / 100 if year == "2025" else 1.0)


def mongolia_plans(geo) -> tuple[list[dict], list[dict]]:
    """A plan per city of 内蒙古 (the city and each of its counties, both years) and one for the province."""
    docs, values = [_doc(PROVINCE, geo.regions[PROVINCE].name_zh)], []
    for city in geo.children(PROVINCE):
        docs.append(_doc(city.adcode, city.name_zh))
        counties = geo.children(city.adcode)
        for year in YEARS:
            numbers = [_number(c.adcode, year) for c in counties]
            values += [{**_target(c.adcode, year, n), "doc": f"bench-scale-{city.adcode}"} for c, n in
                       zip(counties, numbers, strict=True)]
            values.append(_target(city.adcode, year, sum(numbers) * 1.02))
    values += [_target(PROVINCE, y, 200.0 - 5 * YEARS.index(y)) for y in YEARS]
    return docs, values


def national_plans(geo) -> tuple[list[dict], list[dict]]:
    """A plan per county-level unit of the catalogue, each with its own 2025 total water use cap."""
    counties = [r for r in geo.regions.values() if r.level == "county"]
    return [_doc(c.adcode, c.name_zh) for c in counties], [_target(c.adcode, "2025", _number(c.adcode, "2025"))
                                                            for c in counties]


@contextlib.contextmanager
def scratch_store(plans) -> Iterator[int]:
    """A temp SQLite store with the bundled data plus the generated plans; DATABASE_URL points at it meanwhile."""
    from water_targets.geo import bundled_geo
    from water_targets.indicators import bundled_directory
    from water_targets.store import bundled, migrate
    from water_targets.store.db import engine_for
    from water_targets.store.models import DOCUMENTS, VALUES
    from water_targets.store.revisions import WriteMeta, diff, rows_at, write

    before = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="wt-bench-scale-") as scratch:
        url = f"sqlite:///{scratch}/scale.db"
        engine = engine_for(url)
        migrate.upgrade(engine)
        bundled.sync_bundled(engine, bundled_directory(), bundled_geo(), Path(scratch))
        docs, values = plans(bundled_geo())

        def changes(conn):
            old_docs, old_vals = rows_at(conn, DOCUMENTS, None), rows_at(conn, VALUES, None)
            taken = {VALUES.key_of(v) for v in old_vals}  # the bundled targets stay as they are
            new_vals = [v for v in values if VALUES.key_of(v) not in taken]
            return diff(DOCUMENTS, old_docs, [*old_docs, *docs]) + diff(VALUES, old_vals, [*old_vals, *new_vals])

        revision, _ = write(engine, changes, WriteMeta(user="bench", action="import", comment="bench/scale.py"))
        engine.dispose()
        os.environ["DATABASE_URL"] = url
        try:
            yield revision.id
        finally:
            if before is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = before


def first_map(browser, base: str, view: str) -> tuple[float, int, list, int]:
    """Seconds to the first coloured map, bytes over the wire, the biggest requests, and the units drawn."""
    with map_page(browser, base + view, timeout=60000, wait_until="commit") as (page, traffic, painted):
        page.wait_for_timeout(500)
        drawn = page.evaluate("() => document.querySelectorAll('#map path.map-unit').length")
        return painted / 1000, traffic.total, biggest_requests(traffic, 4), drawn


def map_state_size(base: str, view: str) -> int:
    """Bytes of the map state the update_map callback sends (uncompressed JSON), from a fresh page's requests."""
    sizes = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(bypass_csp=True)

        def seen(response) -> None:
            if "_dash-update-component" in response.url:
                with contextlib.suppress(Exception):
                    body = response.json()
                    if "map-state" in body.get("response", {}):
                        sizes.append(len(json.dumps(body["response"]["map-state"], ensure_ascii=False).encode()))

        page.on("response", seen)
        page.goto(base + view)
        page.wait_for_function(COLOURED, polling="raf", timeout=60000)
        page.wait_for_load_state("networkidle")
        browser.close()
    return max(sizes, default=0)


def warm(base: str, view: str) -> None:
    """One page load per view first, as a deployed app would have had: caches and compressed bodies."""
    with sync_playwright() as p:
        browser = launch_chromium(p)
        first_map(browser, base, view)
        browser.close()


def line(label: str, value: str, budget: str) -> None:
    print(f"{label:<34}{value:<22}(budget {budget})")


def report_mongolia(runs: int) -> None:
    from water_targets.geo import bundled_geo  # the bundled catalogue: this process never opens the app's store

    geo = bundled_geo()
    city = max(geo.children(PROVINCE), key=lambda c: len(geo.children(c.adcode)))
    views = {
        f"{city.name_zh} ({len(geo.children(city.adcode))} counties)": f"/?region={city.adcode}&indicator={TWU}",
        f"{geo.regions[PROVINCE].name_zh} (12 cities)": f"/?region={PROVINCE}&indicator={TWU}",
    }
    views = {name: view + "&year=2023" for name, view in views.items()}  # the year change goes 2023 -> 2025
    with scratch_store(mongolia_plans), running_app(workers=2) as base:
        for name, view in views.items():
            warm(base, view)
            with sync_playwright() as p:
                browser = launch_chromium(p)
                paint, size, _, drawn = first_map(browser, base, view)
                times, _ = year_changes(browser, base + view, runs, timeout=60000)
                browser.close()
            print(f"  {name}: {drawn} units drawn")
            line("  first coloured map", f"{paint:6.2f} s", "2 s")
            line("  first load over the wire", f"{size / 1e6:6.2f} MB", "-")
            line("  year change repaint", f"{statistics.median(times):5.1f} ms median, max {max(times):.0f} ", "150 ms")


def report_national() -> None:
    view = f"/?region=all&indicator={TWU}"
    with scratch_store(national_plans) as rev, running_app(workers=2) as base:
        regions = json.load(urllib.request.urlopen(base + "/api/v1/regions"))
        plans = sum(r["focus"] for r in regions)
        t0 = time.perf_counter()
        warm(base, view)
        cold = time.perf_counter() - t0
        print(f"  {plans} plan regions at revision {rev}; cold first load (empty server caches) {cold:.1f} s")
        with sync_playwright() as p:
            browser = launch_chromium(p)
            runs = [first_map(browser, base, view) for _ in range(3)]
            browser.close()
        paint, size, biggest, drawn = min(runs)
        print(f"  overview: {drawn} units drawn")
        line("  first coloured map", f"{paint:6.2f} s (best of 3)", "3 s")
        line("  first load over the wire", f"{size / 1e6:6.2f} MB", "3 MB")
        for url, n in biggest:
            print(f"      {n / 1e3:8.1f} KB  {url.split('?')[0].replace(base, '')}")
        line("  map state (JSON, uncompressed)", f"{map_state_size(base, view) / 1e6:6.2f} MB", "-")


def report(runs: int = 10) -> None:
    print("== scale: 内蒙古, a plan per city (generated test data)")
    report_mongolia(runs)
    print("== scale: national overview, a plan per county-level unit (generated test data)")
    report_national()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    report(parser.parse_args().runs)


if __name__ == "__main__":
    main()
