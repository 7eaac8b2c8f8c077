"""Choropleth state for one view (region + indicator): units, classes, colors, legend, per-year values.

Everything the browser needs to restyle the map for any year is computed here once, so a change of
year is a pure client-side restyle (the GeoJSON layer's `hideout`); geometry is never resent.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .classes import (  # noqa: F401 (the map classes are part of the choropleth's interface)
    CONTEXT,
    MAINTAIN,
    MARKS,
    MAX_CLASSES,
    NO_BREAKDOWN,
    NO_DATA,
    NOT_APPLICABLE,
    PALETTES,
    SPECIAL_COLORS,
    SPECIAL_STYLES,
    UNIT_OUTLINE,
    class_of,
    class_style,
    classify,
    label_color,
    legend_items,
    unit_class,
    value_class,
)
from .geo import GeoData
from .i18n import t
from .indicator_meta import page_path
from .indicators import Dataset
from .model import qualifier_note, source_label, value_label
from .regions import OVERVIEW, overview_codes, place_name

# /api/v1/boundaries takes at most OVERVIEW_ADCODES adcodes (the query string is capped at 2,000 characters); an
# overview of more plan regions asks for `overview=plans` instead, with coarse geometry (water_targets/geo.py).
OVERVIEW_ADCODES = 60
OVERVIEW_PARAM = "overview"


@dataclass(frozen=True)
class MapUnits:
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


def view_for(dataset: Dataset, geo: GeoData, region: str) -> MapUnits:
    """The overview maps the plan regions of the data; a city (or any unit with children) maps its counties; a
    county-level region maps within its city, highlighted, the other counties as context."""
    if region == OVERVIEW:
        codes = overview_codes(dataset, geo)
        return MapUnits(OVERVIEW, codes, overview_query(codes), None, None)
    unit = geo.regions[region]
    if unit.maps_within_parent:
        city = geo.regions[unit.parent]
        units = [r.adcode for r in geo.children(city.adcode)]
        return MapUnits(region, units, f"parent={city.adcode}", region, region)
    units = [r.adcode for r in geo.children(region)]
    return MapUnits(region, units, f"parent={region}", region, None)


def overview_query(codes: list[str]) -> str:
    """The boundary query of the overview: its units by adcode, or for more than OVERVIEW_ADCODES (a query string
    of thousands of adcodes is too long) the plan regions of the data revision, named by the server, with coarse
    geometry. The page adds the revision (`asof`) so that the answer can be cached for good."""
    if len(codes) <= OVERVIEW_ADCODES:
        return "adcode=" + ",".join(codes)
    return f"{OVERVIEW_PARAM}=plans&detail=coarse"


def cell(dataset: Dataset, row: pd.Series, klass: str | None, unit: str, lang: str) -> dict:
    """A unit's value in one year: {class, value, source} and `note` when a qualifier annotates it (no class for
    the headline)."""
    out = {"class": klass} if klass else {}
    out["value"] = value_label(row, unit, lang)
    note = qualifier_note(row["qualifier"], lang)
    if note:
        out["note"] = note
    out["source"] = source_label(dataset, row, lang)
    return out


# The top-level keys of a map state that assets/*.js read (docs/map-state.md); `browser_state` sends only these.
BROWSER_KEYS = (
    "region",
    "indicator",
    "lang",
    "years",
    "classes",
    "marks",
    "missing",
    "cells",
    "headline",
    "units",
    "highlight",
    "breakdown",
    "texts",
)


def map_state(dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str) -> dict:
    """The hideout for the GeoJSON layer plus the legend, for all years of one view.

    Map-state contract (what the browser receives, see `browser_state` and docs/map-state.md):

    - region, indicator, lang: the view; years: ["2025", …] (the slider's index i is years[i]: controls.year_at)
    - classes: {name: {fill, outline, weight[, dash][, label]}} for every class in use: value classes
      "class-0" … and the special classes no_data, not_applicable, maintain, no_breakdown, context (label: the
      words shown for a unit without a value of that class)
    - marks: {highlight|selected|hover: {outline, weight}} drawn over a unit's class
    - missing: {unit, highlight}: the class of a unit without a cell (the highlighted region's own)
    - cells: {year: {adcode: {class, value, source[, note]}}}; headline: {year: {value, source[, note]}}
    - units: the mapped adcodes; highlight: the county-level region outlined, or None
    - breakdown: whether the plan breaks the indicator down to the mapped units
    - texts: headline, no_breakdown, source, view, units_with_values, no_values, indicator_page, about_indicator

    Server-side only (exports, legend): scheme, bins, legend.
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
                klass = NOT_APPLICABLE
            elif row["qualifier"] == "maintain_baseline":
                klass = MAINTAIN
            else:
                klass = value_class(class_of(row["number"], scheme, bins))
            year_cells[row["region"]] = cell(dataset, row, klass, unit, lang)
        cells[str(year)] = year_cells
    headline = {str(row["year"]): cell(dataset, row, None, unit, lang) for _, row in own_rows.iterrows()}
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
        default_class = CONTEXT
    elif breakdown or own_rows.empty:
        default_class = NO_DATA
    else:
        default_class = NO_BREAKDOWN
    context = t("context_units", lang, city=geo.city_of(region).name(lang)) if view.highlight else ""
    legend = legend_items(scheme, bins, class_colors, numeric, ind, unit, lang, unit_rows, default_class, context)
    special_labels = {
        NO_DATA: t("no_data", lang),
        NO_BREAKDOWN: t("no_breakdown", lang),
        CONTEXT: context,
        NOT_APPLICABLE: t("not_applicable", lang),
        **{item["class"]: item["label"] for item in legend["special"]},
    }
    used = {c["class"] for year_cells in cells.values() for c in year_cells.values()} | {default_class}
    if view.highlight:
        used.add(NO_DATA)
    classes = {
        value_class(i): {"fill": color, "outline": UNIT_OUTLINE, "weight": 1, "ink": label_color(color)}
        for i, color in enumerate(class_colors)
    }
    classes |= {  # `ink`: the colour of a unit's name on the fill (≥ 4.5:1), as in the exported maps
        name: {
            **{k: v for k, v in style.items() if v is not None},
            "label": special_labels[name],
            "ink": label_color(style["fill"]),
        }
        for name, style in SPECIAL_STYLES.items()
        if name in used
    }
    return {
        "region": region,
        "indicator": indicator,
        "lang": lang,
        "years": [str(y) for y in years],
        "classes": classes,
        "marks": MARKS,
        "missing": {"unit": default_class, "highlight": NO_DATA},
        "cells": cells,
        "headline": headline,
        "units": list(view.units),
        "highlight": view.highlight,
        "breakdown": breakdown,
        "texts": {
            "headline": t("headline_region", lang, region=geo.regions[view.own_region].name(lang))
            if view.own_region
            else "",
            "no_breakdown": t("no_breakdown", lang),
            "source": t("source", lang),
            "view": legend["title"],
            # The region's name, for the page title (assets/view_sync.js pageTitle).
            "place": place_name(dataset, geo, region, lang),
            "units_with_values": t("units_with_values", lang),
            "no_values": t("no_values_here", lang),
            # A unit blank in the year shown but with values in others (plans set targets for different years).
            "other_years": t("other_years", lang),
            "year_join": t("year_join", lang),
            # The legend title's link to the indicator's page (layouts/legend.py, assets/map_legend.js).
            "indicator_page": page_path(indicator, lang),
            "about_indicator": t("meta_about", lang),
        },
        "scheme": scheme,
        "bins": bins,
        "legend": legend,
    }


def browser_state(state: dict) -> dict:
    """The part of a map state the browser reads (the map-state contract): no legend, scheme or bins."""
    return {key: state[key] for key in BROWSER_KEYS}
