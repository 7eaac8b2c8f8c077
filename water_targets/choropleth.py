"""Choropleth state for one view (region + indicator): units, classes, colors, legend, per-year values.

Everything the browser needs to restyle the map for any year is computed here once, so a change of
year is a pure client-side restyle (the GeoJSON layer's `hideout`); geometry is never resent.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from .geo import GeoData
from .i18n import COMPARATOR_SYMBOL, t
from .indicators import Dataset
from .regions import OVERVIEW, plan_codes

DIMENSIONLESS = ("无量纲", "dimensionless")
MAX_CLASSES = 5

# Colour codes for cells that are not a value class.
NO_DATA, NOT_APPLICABLE, MAINTAIN, NO_BREAKDOWN, CONTEXT = -1, -2, -3, -4, -5
SPECIAL_COLORS = {
    NO_DATA: "#ffffff",
    NOT_APPLICABLE: "#cfcfcf",
    MAINTAIN: "#fff7d6",
    NO_BREAKDOWN: "#eef0f3",
    CONTEXT: "#e4e7eb",
}
# ColorBrewer sequential schemes (colour-blind safe). Darker always means a higher value; the hue
# tells the direction: blue-green where higher is better, orange-brown where lower is better.
PALETTES = {
    "higher_is_better": ["#edf8b1", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    "lower_is_better": ["#fff5d4", "#fec44f", "#fe9929", "#d95f0e", "#8c2d04"],
}


@dataclass(frozen=True)
class View:
    """What the map shows for a region choice: which units are coloured and where geometry comes from."""

    region: str  # "all" or an adcode
    units: list[str]  # units that carry values on the map
    boundary_query: str  # query string of /api/v1/boundaries
    own_region: str | None  # the region's own adcode (for its headline value), None on the overview
    highlight: str | None  # a county-level region outlined as the subject among its city's counties

    @property
    def codes(self) -> list[str]:
        """Every unit whose values belong to the view: the region itself first, then the mapped units."""
        return [*([self.own_region] if self.own_region else []), *self.units]


def view_for(dataset: Dataset, geo: GeoData, region: str) -> View:
    """The overview maps the plan regions of the data; a city (or any unit with children) maps its counties; a
    county-level region maps within its city, highlighted, the other counties as context."""
    if region == OVERVIEW:
        codes = plan_codes(dataset, geo)
        return View(OVERVIEW, codes, "adcode=" + ",".join(codes), None, None)
    unit = geo.regions[region]
    if unit.level in ("county", "special"):  # special: an uploaded 灌区/开发区, mapped within its parent's units
        city = geo.regions[unit.parent]
        units = [r.adcode for r in geo.children(city.adcode)]
        return View(region, units, f"parent={city.adcode}", region, region)
    units = [r.adcode for r in geo.children(region)]
    return View(region, units, f"parent={region}", region, None)


def classify(numbers: list[float], k: int = MAX_CLASSES) -> tuple[str, list[float]]:
    """Class breaks (upper bounds) over all values: unique values when few, Fisher-Jenks otherwise."""
    distinct = sorted(set(numbers))
    if not distinct:
        return "none", []
    if len(distinct) <= k:
        return "unique", distinct
    with warnings.catch_warnings():  # mapclassify suggests numba; the pure-Python path is fast enough here
        warnings.simplefilter("ignore", UserWarning)
        bins = mapclassify.FisherJenks(np.asarray(numbers), k=k).bins
    return "natural_breaks", [float(b) for b in bins]


def class_of(value: float, scheme: str, bins: list[float]) -> int:
    if scheme == "unique":
        return bins.index(value)
    return int(np.searchsorted(bins, value, side="left"))


def value_label(row: pd.Series | dict, unit: str, lang: str) -> str:
    """'≤ 3.0047 亿立方米', 'keep the 2020 level', 'not applicable' — never a bare 0 for a kept level.

    `row` is a dataset row or the text cells of an import row (baseline year "" when there is none)."""
    baseline = row["baseline_year"]
    has_baseline = pd.notna(baseline) and str(baseline).isdigit()
    if row["qualifier"] == "not_applicable":
        return t("not_applicable", lang)
    if row["qualifier"] == "maintain_baseline" and has_baseline:
        return t("maintain_baseline", lang, year=int(baseline))
    symbol = COMPARATOR_SYMBOL.get(row["comparator"], "") + " " if row["comparator"] not in ("=", "") else ""
    unit = "" if unit in DIMENSIONLESS else unit
    label = f"{symbol}{row['value']} {unit}".replace(" %", "%").rstrip()
    if has_baseline:
        label += (
            f"（{t('vs_baseline', lang, year=int(row['baseline_year']))}）"
            if lang == "zh"
            else f" ({t('vs_baseline', lang, year=int(row['baseline_year']))})"
        )
    return label


def source_label(dataset: Dataset, row: pd.Series) -> str:
    doc = dataset.documents.loc[row["doc"]]
    ref = doc["number"] or f"《{doc['title']}》"
    return f"{ref} {row['section']}"


def cell(dataset: Dataset, row: pd.Series, code: int, unit: str, lang: str) -> dict:
    qualifier = row["qualifier"]
    notes = [t(qualifier, lang) for qualifier in [qualifier] if qualifier in ("estimate", "strive")]
    return {
        "c": code,
        "v": value_label(row, unit, lang),
        "n": notes[0] if notes else "",
        "s": source_label(dataset, row),
    }


def map_state(dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str) -> dict:
    """The hideout for the GeoJSON layer plus the legend, for all years of one view.

    Returns keys: years, colors (per class), special (colour per special code), cells
    {year: {adcode: {c, v, n, s}}}, headline {year: cell} for the region's own value, names, legend,
    scheme, bins, breakdown (whether the plan breaks the indicator down to the mapped units).
    """
    view = view_for(dataset, geo, region)
    ind = dataset.indicators.loc[indicator]
    unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
    vals = dataset.values
    rows = vals[(vals["indicator"] == indicator) & (vals["kind"] == "target")]
    unit_rows = rows[rows["region"].isin(view.units)]
    own_rows = rows[rows["region"] == view.own_region] if view.own_region else rows.iloc[0:0]
    if view.highlight:  # a county-level region: only its own values are coloured; its neighbours are context
        unit_rows = own_rows
    breakdown = not unit_rows.empty
    numeric = unit_rows[(unit_rows["qualifier"] != "maintain_baseline") & unit_rows["number"].notna()]
    scheme, bins = classify(numeric["number"].tolist())
    years = sorted(set(unit_rows["year"]) | set(own_rows["year"]))
    cells: dict[str, dict] = {}
    for year in years:
        year_cells = {}
        for _, row in unit_rows[unit_rows["year"] == year].iterrows():
            if row["qualifier"] == "not_applicable":
                code = NOT_APPLICABLE
            elif row["qualifier"] == "maintain_baseline":
                code = MAINTAIN
            else:
                code = class_of(row["number"], scheme, bins)
            year_cells[row["region"]] = cell(dataset, row, code, unit, lang)
        cells[str(year)] = year_cells
    headline = {str(row["year"]): cell(dataset, row, 0, unit, lang) for _, row in own_rows.iterrows()}
    colors = PALETTES[ind["direction"]]
    n_classes = len(bins)
    # Spread few classes over the palette so two classes are not two near-identical light tints.
    class_colors = (
        [colors[round(i * (len(colors) - 1) / max(n_classes - 1, 1))] for i in range(n_classes)]
        if n_classes > 1
        else colors[-2:-1]
    )
    # Units without a value: background around a county-level region; "no county breakdown" where the plan gives
    # only the region's figure; plain "no data" otherwise (also when the region has no value of this indicator at all).
    if view.highlight:
        default_code = CONTEXT
    elif breakdown or own_rows.empty:
        default_code = NO_DATA
    else:
        default_code = NO_BREAKDOWN
    context = t("context_units", lang, city=geo.city_of(region).name(lang)) if view.highlight else ""
    legend = legend_items(scheme, bins, class_colors, numeric, ind, unit, lang, unit_rows, default_code, context)
    return {
        "region": region,
        "indicator": indicator,
        "years": [str(y) for y in years],
        "colors": class_colors,
        "special": {str(k): v for k, v in SPECIAL_COLORS.items()},
        "default": default_code,
        "cells": cells,
        "headline": headline,
        "names": {code: geo.regions[code].name(lang) for code in view.units},
        "highlight": view.highlight,
        "breakdown": breakdown,
        "scheme": scheme,
        "bins": bins,
        "legend": legend,
        "lang": lang,
        "texts": {
            "headline": t("headline_region", lang, region=geo.regions[view.own_region].name(lang))
            if view.own_region
            else "",
            "no_breakdown": t("no_breakdown", lang),
            "source": t("source", lang),
            "view": legend["title"],
            "units_with_values": t("units_with_values", lang),
            "no_values": t("no_values_here", lang),
            "special": {
                str(NO_DATA): t("no_data", lang),
                str(NO_BREAKDOWN): t("no_breakdown", lang),
                str(CONTEXT): context,
                str(NOT_APPLICABLE): t("not_applicable", lang),
            },
        },
    }


def _class_label(numeric: pd.DataFrame, scheme: str, bins: list[float], i: int) -> str:
    """The range of the values actually in class i, as printed ('0.9098 – 0.9442'), so that no value
    sits on the boundary of two labels."""
    members = numeric[numeric["number"].map(lambda v: class_of(v, scheme, bins)) == i]
    if members.empty:
        return f"≤ {bins[i]:g}"
    low = members.loc[members["number"].idxmin(), "value"]
    high = members.loc[members["number"].idxmax(), "value"]
    return low if float(low) == float(high) else f"{low} – {high}"


def legend_items(scheme, bins, colors, numeric, ind, unit, lang, rows, default_code: int, context: str = "") -> dict:
    """Legend entries (colour, label) for value classes and the special codes that occur.

    `context` names the units shown only as background (a county-level region's neighbours), if any."""
    comparators = [t(f"cmp_{c}", lang) for c in ("<=", ">=", "=") if (numeric["comparator"] == c).any()]
    baselines = sorted({int(b) for b in rows["baseline_year"].dropna()})
    items = [{"color": colors[i], "label": _class_label(numeric, scheme, bins, i)} for i in range(len(bins))]
    special = []
    if (rows["qualifier"] == "maintain_baseline").any():
        special.append(
            {
                "color": SPECIAL_COLORS[MAINTAIN],
                "label": t("maintain_baseline", lang, year=baselines[0] if baselines else 2020),
                "code": MAINTAIN,
            }
        )
    if (rows["qualifier"] == "not_applicable").any():
        special.append(
            {"color": SPECIAL_COLORS[NOT_APPLICABLE], "label": t("not_applicable", lang), "code": NOT_APPLICABLE}
        )
    if default_code == NO_BREAKDOWN:
        special.append({"color": SPECIAL_COLORS[NO_BREAKDOWN], "label": t("no_breakdown", lang), "code": NO_BREAKDOWN})
    else:  # the highlighted unit (a county-level region) in a year without a value is "no data" too
        special.append({"color": SPECIAL_COLORS[NO_DATA], "label": t("no_data", lang), "code": NO_DATA})
    if context:
        special.append({"color": SPECIAL_COLORS[CONTEXT], "label": context, "code": CONTEXT})
    name = ind["name_zh"] if lang == "zh" else ind["name_en"]
    direction = t("better_high" if ind["direction"] == "higher_is_better" else "better_low", lang)
    caption = f"{t('darker_higher', lang)} · {direction}"
    if len(baselines) > 1:
        caption += " · " + t("baseline_mixed", lang, years=", ".join(map(str, baselines)))
    elif baselines:
        caption += " · " + t("vs_baseline", lang, year=baselines[0])
    return {
        "title": f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})",
        "comparators": " · ".join(comparators),
        "caption": caption,
        "items": items,
        "special": special,
    }
