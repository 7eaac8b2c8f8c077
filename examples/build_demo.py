"""Write examples/demo_actuals.xlsx: FICTITIOUS actual figures for the five regions, for `make demo` only.

Every number in the workbook is invented. The figures are designed against the shipped targets
(data/indicators/values.csv, read here, never copied) so that a progress view shows every kind of status:
Chifeng's counties well under their 2025 water-use cap, rising towards it, within 2 % below it and over it;
reductions on pace, slow and slipping back; final verdicts met and not met for the 2020/2022 targets.
Each sheet starts with the row 示例数据（虚构，仅用于演示导入）; every value cites a demo- document.

    .venv/bin/python examples/build_demo.py        # rewrites examples/demo_actuals.xlsx (same bytes every run)

The result is committed; `make demo` imports it into its own database (instance/demo.db), `make run` never does.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from water_targets.imports.parse import IMPORT_DOCUMENT_COLUMNS  # noqa: E402
from water_targets.imports.template import (  # noqa: E402
    DOCUMENT_HEADER,
    DOCUMENT_WIDTHS,
    HEADER_FILL,
    HEADER_FONT,
    SHEET_DOCUMENTS,
    SHEET_VALUES,
    TEXT_FORMAT,
    VALUE_HEADER,
    VALUE_WIDTHS,
)
from water_targets.indicators import VALUE_COLUMNS  # noqa: E402

DATA = ROOT / "data" / "indicators"
OUT = Path(__file__).resolve().with_name("demo_actuals.xlsx")

PHRASE = "示例数据（虚构，仅用于演示导入）"
SECTION = "示例数据（虚构）"
NOTE = "虚构数字，仅用于演示，不是统计数据"
LAST_YEAR = 2024
DEFAULT_BASELINE = 2020
FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # zip entry times and document properties: the same bytes every run
FIXED_STAMP = "2025-01-01T00:00:00Z"

# adcode -> (document id stem, name): the five regions of the dataset.
REGIONS = {
    "140600": ("shuozhou", "朔州市"),
    "140800": ("yuncheng", "运城市"),
    "150400": ("chifeng", "赤峰市"),
    "450700": ("qinzhou", "钦州市"),
    "150222": ("guyang", "固阳县"),
}
CHIFENG = "150400"
INDICATORS = (
    "total_water_use",
    "gdp_water_intensity_reduction",
    "industrial_water_intensity_reduction",
    "irrigation_efficiency",
    "pipe_leakage_rate",
    "industrial_water_reuse_rate",
    "reclaimed_water_utilization_rate",
)
DECIMALS = {"irrigation_efficiency": 3, "gdp_water_intensity_reduction": 2, "industrial_water_intensity_reduction": 2}

# A profile is a list of knots (anchor, ratio to the series' reference target); years between knots are
# interpolated with a little deterministic noise. Anchors: "b" the baseline year, "mid" halfway to 2024,
# "t" the reference target's year (skipped when after 2024), "end" 2024. A reduction is 0 in its baseline year.
PROFILES: dict[str, list[tuple[str, float]]] = {
    # caps (total water use): ratio to the cap
    "cap_falling": [("b", 0.90), ("end", 0.83)],
    "cap_flat": [("b", 0.88), ("end", 0.875)],
    "cap_rising_ok": [("b", 0.84), ("end", 0.93)],
    "cap_heading_over": [("b", 0.80), ("end", 0.97)],  # trend crosses the cap by 2025
    "cap_near": [("b", 0.95), ("end", 0.99)],  # within 2 % below the cap
    "cap_over": [("b", 0.97), ("end", 1.04)],
    "cap_over_slight": [("b", 1.02), ("end", 1.012)],
    "cap_city_under": [("b", 0.93), ("t", 0.90), ("end", 0.885)],
    "cap_city_tight": [("b", 0.965), ("mid", 0.985), ("t", 0.99), ("end", 1.005)],
    "cap_city_falling": [("b", 0.92), ("t", 0.87), ("end", 0.86)],
    # reductions: ratio to the target reduction
    "red_on_pace": [("mid", 0.5), ("end", 0.88)],
    "red_slow": [("mid", 0.35), ("end", 0.6)],
    "red_limited": [("mid", 0.2), ("end", 0.35)],
    "red_worse": [("mid", 0.55), ("end", 0.3)],  # cut, then water use per unit rises again
    "red_met": [("mid", 0.75), ("t", 1.07), ("end", 1.18)],
    "red_missed": [("mid", 0.6), ("t", 0.9), ("end", 1.0)],
    "red_slipping": [("mid", 0.95), ("t", 0.88), ("end", 0.84)],
    # floors (coefficients, rates higher is better): ratio to the target
    "fl_on": [("b", 0.95), ("end", 1.005)],
    "fl_slow": [("b", 0.94), ("end", 0.975)],
    "fl_worse": [("b", 0.97), ("mid", 0.975), ("end", 0.955)],
    "fl_low": [("b", 0.6), ("end", 0.8)],
    "fl_met": [("b", 0.93), ("t", 1.01), ("end", 1.02)],
    "fl_missed": [("b", 0.93), ("t", 0.985), ("end", 0.995)],
    "fl_low_missed": [("b", 0.5), ("t", 0.84), ("end", 0.9)],
    # leakage (a cap on a rate): ratio to the cap
    "leak_good": [("b", 1.28), ("end", 0.95)],
    "leak_met": [("b", 1.35), ("t", 0.97), ("end", 0.93)],
    "leak_late": [("b", 1.4), ("t", 1.06), ("end", 0.99)],
    "leak_missed": [("b", 1.3), ("t", 1.02), ("end", 0.96)],
    "leak_slow": [("b", 1.9), ("end", 1.3)],
}

# Chifeng's 12 counties in adcode order (taken from values.csv): one profile each, so the map is varied.
COUNTY_PROFILES = {
    "total_water_use": [
        "cap_falling",
        "cap_flat",
        "cap_heading_over",
        "cap_falling",
        "cap_near",
        "cap_flat",
        "cap_over",
        "cap_rising_ok",
        "cap_falling",
        "cap_near",
        "cap_flat",
        "cap_over_slight",
    ],
    "gdp_water_intensity_reduction": [
        "red_on_pace",
        "red_slow",
        "red_on_pace",
        "red_limited",
        "red_on_pace",
        "red_worse",
        "red_slow",
        "red_on_pace",
        "red_on_pace",
        "red_slow",
        "red_limited",
        "red_on_pace",
    ],
    "irrigation_efficiency": [
        "fl_on",
        "fl_slow",
        "fl_on",
        "fl_on",
        "fl_slow",
        "fl_worse",
        "fl_on",
        "fl_slow",
        "fl_on",
        "fl_on",
        "fl_slow",
        "fl_on",
    ],
}
COUNTY_PROFILES["industrial_water_intensity_reduction"] = (
    COUNTY_PROFILES["gdp_water_intensity_reduction"][4:] + COUNTY_PROFILES["gdp_water_intensity_reduction"][:4]
)

CITY_PROFILES = {
    "140600": {
        "total_water_use": "cap_city_under",
        "gdp_water_intensity_reduction": "red_met",
        "industrial_water_intensity_reduction": "red_missed",
        "irrigation_efficiency": "fl_met",
        "pipe_leakage_rate": "leak_met",
        "industrial_water_reuse_rate": "fl_met",
        "reclaimed_water_utilization_rate": "fl_low_missed",
    },
    "140800": {
        "total_water_use": "cap_city_tight",
        "gdp_water_intensity_reduction": "red_missed",
        "industrial_water_intensity_reduction": "red_met",
        "irrigation_efficiency": "fl_missed",
        "pipe_leakage_rate": "leak_late",
        "industrial_water_reuse_rate": "fl_met",
        "reclaimed_water_utilization_rate": "fl_met",
    },
    "450700": {
        "total_water_use": "cap_city_falling",
        "gdp_water_intensity_reduction": "red_met",
        "industrial_water_intensity_reduction": "red_slipping",
        "irrigation_efficiency": "fl_met",
        "pipe_leakage_rate": "leak_missed",
        "industrial_water_reuse_rate": "fl_missed",
    },
    CHIFENG: {
        "gdp_water_intensity_reduction": "red_on_pace",
        "industrial_water_intensity_reduction": "red_slow",
        "irrigation_efficiency": "fl_slow",
        "pipe_leakage_rate": "leak_good",
        "industrial_water_reuse_rate": "fl_on",
        "reclaimed_water_utilization_rate": "fl_low",
    },
    "150222": {
        "gdp_water_intensity_reduction": "red_on_pace",
        "industrial_water_intensity_reduction": "red_limited",
        "irrigation_efficiency": "fl_slow",
        "pipe_leakage_rate": "leak_slow",
    },
}
REVISED = (CHIFENG, "total_water_use", 2022)  # one earlier figure marked 修订数


def read_csv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def documents(first_year: dict[str, int]) -> list[dict]:
    """One statistics bulletin per region; Chifeng adds an assessment of its counties."""
    out = []
    for n, (adcode, (stem, name)) in enumerate(REGIONS.items(), start=1):
        out.append(
            {
                "id": f"demo-{stem}-bulletin",
                "region": adcode,
                "title": f"（示例·虚构）{name}水资源公报（{first_year[adcode]}—{LAST_YEAR}年）",
                "title_en": f"(EXAMPLE, FICTITIOUS) {stem.capitalize()} Water Resources Bulletin "
                f"{first_year[adcode]}-{LAST_YEAR}",
                "number": f"示例〔{LAST_YEAR + 1}〕{n}号",
                "issued": f"{LAST_YEAR + 1}-06-30",
                "url": "",
                "kind": "statistics",
            }
        )
    out.append(
        {
            "id": "demo-chifeng-assessment",
            "region": CHIFENG,
            "title": "（示例·虚构）赤峰市各旗县区节水目标考核结果",
            "title_en": "(EXAMPLE, FICTITIOUS) Chifeng assessment of county water-saving targets",
            "number": f"示例〔{LAST_YEAR + 1}〕{len(REGIONS) + 1}号",
            "issued": f"{LAST_YEAR + 1}-07-15",
            "url": "",
            "kind": "assessment",
        }
    )
    return out


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _anchor(name: str, baseline: int, target_year: int) -> int | None:
    year = {"b": baseline, "mid": (baseline + LAST_YEAR) // 2, "t": target_year, "end": LAST_YEAR}[name]
    return year if year <= LAST_YEAR else None


def series(profile: str, baseline: int, target_year: int, reduction: bool, seed: str) -> dict[int, float]:
    """Ratio to the reference target for each year (baseline+1 on for a reduction), knots exact, noise between."""
    knots = {y: r for name, r in PROFILES[profile] if (y := _anchor(name, baseline, target_year)) is not None}
    if reduction:
        knots[baseline] = 0.0
    points = sorted(knots.items())
    rng = random.Random(seed)
    out: dict[int, float] = {}
    for year in range(points[0][0], LAST_YEAR + 1):
        (y0, r0), (y1, r1) = next(
            ((a, b) for a, b in itertools.pairwise(points) if a[0] <= year <= b[0]),
            (points[-1], points[-1]),
        )
        ratio = r0 if y1 == y0 else r0 + (r1 - r0) * (year - y0) / (y1 - y0)
        if year not in knots:
            ratio += rng.uniform(-1, 1) * (0.03 if reduction else 0.004)
        out[year] = ratio
    if reduction:
        out.pop(baseline)
    return out


def value_rows() -> tuple[list[dict], dict[str, int]]:
    kinds = {r["id"]: r["kind"] for r in read_csv("indicators.csv")}
    targets: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in read_csv("values.csv"):
        if r["kind"] == "target" and r["indicator"] in INDICATORS:
            targets[(r["region"], r["indicator"])].append(r)
    counties = sorted(
        region
        for region, ind in targets
        if ind == "total_water_use" and region.startswith(CHIFENG[:4]) and region != CHIFENG
    )
    # A region's first year: the baseline its reduction targets use (2015 or 2020).
    region_baseline: dict[str, int] = {}
    for (region, _), rows in targets.items():
        for r in rows:
            if r["baseline_year"]:
                region_baseline[region] = min(region_baseline.get(region, 9999), int(r["baseline_year"]))
    profiles = {(region, ind): p for region, by in CITY_PROFILES.items() for ind, p in by.items()}
    for ind, listed in COUNTY_PROFILES.items():
        profiles.update({(c, ind): p for c, p in zip(counties, listed, strict=True)})

    rows: list[dict] = []
    for region in [*(c for c in REGIONS if c != CHIFENG), CHIFENG, *counties]:
        for ind in INDICATORS:
            if (region, ind) not in profiles or (region, ind) not in targets:
                continue
            # The reference target: the latest due by 2025 (a 2035 cap only frames the long run).
            due = [r for r in targets[(region, ind)] if int(r["year"]) <= LAST_YEAR + 1]
            ref = max(due, key=lambda r: int(r["year"]))
            reduction = kinds[ind] == "reduction_vs_baseline"
            baseline = int(ref["baseline_year"]) if reduction else region_baseline.get(region, DEFAULT_BASELINE)
            scale = float(ref["value"]) or 10.0  # "保持基准年水平" (0): small cuts of a few per cent
            places = DECIMALS.get(ind, _decimals(ref["value"]) if ind == "total_water_use" else 1)
            ratios = series(profiles[(region, ind)], baseline, int(ref["year"]), reduction, f"{region}-{ind}")
            county = region in counties
            for year, ratio in ratios.items():
                rows.append(
                    {
                        "region": region,
                        "indicator": ind,
                        "year": str(year),
                        "kind": "actual",
                        "value": f"{ratio * scale:.{places}f}",
                        "comparator": "",
                        "baseline_year": str(baseline) if reduction else "",
                        "qualifier": "",
                        "doc": "demo-chifeng-assessment"
                        if county and ind != "total_water_use"
                        else f"demo-{REGIONS[CHIFENG if county else region][0]}-bulletin",
                        "section": SECTION,
                        "note": NOTE,
                    }
                )
    rows += chifeng_totals(rows, counties)
    for r in rows:
        county = r["region"] in counties
        # The latest year is provisional for the cities and every other county; one earlier figure is revised.
        if r["year"] == str(LAST_YEAR) and (not county or counties.index(r["region"]) % 2):
            r["qualifier"] = "provisional"
        if (r["region"], r["indicator"], int(r["year"])) == REVISED:
            r["qualifier"] = "revised"
            r["note"] = NOTE + "（修订数）"
    first = {region: base for region, base in region_baseline.items() if region in REGIONS}
    return rows, first


def chifeng_totals(rows: list[dict], counties: list[str]) -> list[dict]:
    """The city's total water use: the sum of its counties' (invented) figures, year by year."""
    sums: dict[str, float] = defaultdict(float)
    for r in rows:
        if r["indicator"] == "total_water_use" and r["region"] in counties:
            sums[r["year"]] += float(r["value"])
    return [
        {
            "region": CHIFENG,
            "indicator": "total_water_use",
            "year": year,
            "kind": "actual",
            "value": f"{total:.2f}",
            "comparator": "",
            "baseline_year": "",
            "qualifier": "",
            "doc": f"demo-{REGIONS[CHIFENG][0]}-bulletin",
            "section": SECTION,
            "note": NOTE + "（各旗县区合计）",
        }
        for year, total in sorted(sums.items())
    ]


def _sheet(wb: Workbook, title: str, header: list[str], widths: list[int], rows: list[list[str]]) -> None:
    ws = wb.create_sheet(title)
    ws.append([PHRASE])
    ws["A1"].font = Font(bold=True, color="C00000", size=14)
    ws.append(header)
    for cell in ws[2]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            cell.number_format = TEXT_FORMAT  # text cells: "0.660" keeps its digits
    ws.freeze_panes = "A3"


def build() -> bytes:
    """The workbook's bytes (deterministic: fixed timestamps in the document properties and the zip)."""
    values, first = value_rows()
    docs = documents(first)
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, widths, columns, rows in (
        (SHEET_VALUES, VALUE_HEADER, VALUE_WIDTHS, VALUE_COLUMNS, values),
        (SHEET_DOCUMENTS, DOCUMENT_HEADER, DOCUMENT_WIDTHS, IMPORT_DOCUMENT_COLUMNS, docs),
    ):
        _sheet(wb, title, header, [widths[c] for c in columns], [[row[c] for c in columns] for row in rows])
    wb.properties.title = PHRASE
    wb.properties.creator = "examples/build_demo.py"
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP.encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, data)
    return out.getvalue()


def main() -> None:
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
