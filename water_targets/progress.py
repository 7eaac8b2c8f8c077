"""Progress builders (pure): the status of each unit of a view at an assessment year, as records for the
API, the map, the drill-down, the 完成情况一览 table and the exports. The rules are in status.py."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .choropleth import view_for
from .geo import GeoData
from .i18n import LANGS, t
from .indicators import Dataset
from .model import source_label, value_words, with_unit
from .prices import ONLY_CURRENT_PRICES, current_price_years, only_current_prices
from .queries import REDUCTION_KIND, is_reduction, region_ref, source_of
from .status import NO_ACTUAL, STATUS_STYLE, STATUSES, Assessment, assess_unit, target_for_year
from .status import assess as assess_at
from .status_words import distance_words, status_label, target_words
from .view_state import View


def _rows(dataset: Dataset, codes: list[str], indicator: str) -> pd.DataFrame:
    vals = dataset.values
    return vals[(vals["indicator"] == indicator) & vals["region"].isin(codes)]


def assessment_years(dataset: Dataset, codes: list[str], indicator: str) -> list[int]:
    """Years an assessment can be made for: every year with a target or an actual of these units."""
    return sorted({int(y) for y in _rows(dataset, codes, indicator)["year"]})


def latest_actual_year(dataset: Dataset, codes: list[str], indicator: str) -> int | None:
    rows = _rows(dataset, codes, indicator)
    years = rows.loc[rows["kind"] == "actual", "year"]
    return int(years.max()) if not years.empty else None


SAID_AS_DISTANCE = (ONLY_CURRENT_PRICES,)  # flags whose words are the distance (status_words.distance_words)


def explained(a: Assessment | None, as_of: int | None, first_years: dict[str, int]) -> Assessment | None:
    """The assessment with the reason a reduction target has no status when the unit's only figures are levels at
    current prices (prices.py; `first_years`: current_price_years of the indicator): flag ONLY_CURRENT_PRICES."""
    if a is None or a.status != NO_ACTUAL or not only_current_prices(first_years, a.region, as_of):
        return a
    return replace(a, flags=(*a.flags, ONLY_CURRENT_PRICES))


def assess(dataset: Dataset, region: str, indicator: str, as_of: int | None) -> Assessment | None:
    """One unit's assessment (None when the unit has no target of the indicator)."""
    rows = _rows(dataset, [region], indicator)
    found = assess_unit(rows, region, indicator, as_of, reduction=is_reduction(dataset, indicator))
    return explained(found, as_of, current_price_years(dataset.values, indicator))


class UnitRows:
    """The rows of many units for one indicator, read once as records per unit: assess(code, as_of) is then
    `assess` above without filtering all values per call (an overview of thousands of plan regions assesses each
    unit in every year)."""

    def __init__(self, dataset: Dataset, codes: list[str], indicator: str) -> None:
        self.reduction = is_reduction(dataset, indicator)
        self.first_priced = current_price_years(dataset.values, indicator)
        self.records: dict[str, tuple[list[dict], list[dict]]] = {}
        for row in _rows(dataset, codes, indicator).to_dict("records"):
            targets, actuals = self.records.setdefault(row["region"], ([], []))
            if row["kind"] in ("target", "actual"):
                (targets if row["kind"] == "target" else actuals).append(row)

    def assess(self, code: str, as_of: int | None) -> Assessment | None:
        """assess_unit's rule (status.py) on the unit's records."""
        targets, actuals = self.records.get(code, ([], []))
        if not targets:
            return None
        target = target_for_year(targets, as_of) if as_of is not None else max(targets, key=lambda r: int(r["year"]))
        return explained(assess_at(target, actuals, as_of, reduction=self.reduction), as_of, self.first_priced)


def _figure(dataset: Dataset, row: dict) -> dict:
    return {
        "year": int(row["year"]),
        "value": None if pd.isna(row["number"]) else float(row["number"]),
        "value_text": value_words(row, "zh"),
        "qualifier": row["qualifier"] or None,
        "source": source_of(dataset, row),
    }


def progress_record(dataset: Dataset, geo: GeoData, a: Assessment) -> dict:
    """One unit's assessment as the API answers it (labels and words in both languages)."""
    ind = dataset.indicators.loc[a.indicator]
    reduction = ind["kind"] == REDUCTION_KIND
    target = a.target
    units = {"zh": ind["unit_zh"], "en": ind["unit_en"]}
    return {
        "region": region_ref(geo.regions[a.region]),
        "target": {
            **_figure(dataset, target),
            "comparator": target["comparator"] or None,
            "baseline_year": None if pd.isna(target["baseline_year"]) else int(target["baseline_year"]),
        },
        "actual": _figure(dataset, a.latest.row) if a.latest is not None and a.latest.row else None,
        "base": None
        if a.base is None
        else {"year": a.base.year, "value": a.base.number, "by_definition": a.base.row is None},
        "status": a.status,
        "status_label": {lang: status_label(a.status, lang) for lang in LANGS},
        "final": a.final,
        "gap": a.gap,
        "gap_text": a.gap_text or None,
        "distance": {lang: distance_words(a, units[lang], lang, reduction=reduction) for lang in LANGS},
        "ratio": a.ratio,
        "projected": a.projected,
        "flags": list(a.flags),
    }


def view_progress(dataset: Dataset, geo: GeoData, view: View) -> tuple[int | None, list[Assessment]]:
    """The assessment year used (the view's year; by default the latest year with an actual) and every unit of
    the view that has a target of the indicator: the region itself first, then its mapped units."""
    codes = view_for(dataset, geo, view.region).codes
    as_of = view.year if view.year is not None else latest_actual_year(dataset, codes, view.indicator)
    found = [assess(dataset, code, view.indicator, as_of) for code in codes]
    return as_of, [a for a in found if a is not None]


def figure_words(row: dict, unit: str, lang: str) -> str:
    """An actual as a reader sees it: '2.95 亿立方米（2024年，初步数）'."""
    text = with_unit(value_words(row, lang), unit, lang).strip()
    notes = [t("year_n", lang, year=int(row["year"]))] + [t(q, lang) for q in [row.get("qualifier")] if q]
    return f"{text}（{'，'.join(notes)}）" if lang == "zh" else f"{text} ({', '.join(notes)})"


def progress_cell(dataset: Dataset, a: Assessment, lang: str) -> dict:
    """What the map needs of one unit's assessment: the status key and the hover lines, in one language."""
    ind = dataset.indicators.loc[a.indicator]
    unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
    reduction = ind["kind"] == REDUCTION_KIND
    target_text = target_words(a.target, unit, lang)
    target_text += f"（{t('year_n', lang, year=a.target_year)}）" if lang == "zh" else f" ({a.target_year})"
    cell = {
        "status": a.status,
        "target": target_text,
        "target_source": source_label(dataset, a.target, lang),
        "actual": figure_words(a.latest.row, unit, lang) if a.latest is not None and a.latest.row else "",
        "actual_source": source_label(dataset, a.latest.row, lang) if a.latest is not None and a.latest.row else "",
        "distance": distance_words(a, unit, lang, reduction=reduction),
        "flags": [t(f, lang) for f in a.flags if f not in SAID_AS_DISTANCE],
    }
    return cell


def progress_state(dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str) -> dict:
    """The progress view of the map for every assessment year of a view: per-unit status cells, the
    status styles and labels, and the count of units per status (the legend). Same units as the target
    view: the mapped units (a county-level region alone within its city), the region's own assessment as the
    headline."""
    view = view_for(dataset, geo, region)
    mapped = [view.highlight] if view.highlight else view.units
    years = assessment_years(dataset, [*mapped, *([view.own_region] if view.own_region else [])], indicator)
    cells: dict[str, dict] = {}
    counts: dict[str, dict] = {}
    headline: dict[str, dict] = {}
    units = UnitRows(dataset, mapped, indicator)
    for year in years:
        year_cells = {}
        for code in mapped:
            a = units.assess(code, year)
            if a is not None:
                year_cells[code] = progress_cell(dataset, a, lang)
        cells[str(year)] = year_cells
        tally: dict[str, int] = {}
        for c in year_cells.values():
            tally[c["status"]] = tally.get(c["status"], 0) + 1
        counts[str(year)] = tally
        own = assess(dataset, view.own_region, indicator, year) if view.own_region else None
        if own is not None:
            headline[str(year)] = progress_cell(dataset, own, lang)
    latest = latest_actual_year(dataset, [*mapped, *([view.own_region] if view.own_region else [])], indicator)
    return {
        "years": [str(y) for y in years],
        "default_year": str(latest) if latest is not None else (str(years[-1]) if years else None),
        "cells": cells,
        "counts": counts,
        "headline": headline,
        "statuses": {s: {**STATUS_STYLE[s], "label": status_label(s, lang)} for s in STATUSES},
        "order": list(STATUSES),
        "has_actuals": latest is not None,
        "texts": progress_texts(geo, view.own_region, lang),
    }


# What assets/map_legend.js reads of the progress view's headline (the region's own assessment) and status styles.
BROWSER_HEADLINE_KEYS = ("status", "distance", "actual", "target")
BROWSER_STATUS_KEYS = ("fill", "ink", "pattern", "outline", "text", "label")


def browser_progress(state: dict) -> dict:
    """The progress view as the browser receives it (`progress` of the map-state contract): no empty words, the
    headline cells without the sources and flags the headline card does not show."""
    return {
        **state,
        # Empty words (no actual, no distance, no flags) are left out: the browser treats a missing key as empty.
        "cells": {
            year: {code: {k: v for k, v in c.items() if v} for code, c in cells.items()}
            for year, cells in state["cells"].items()
        },
        "headline": {year: {k: c[k] for k in BROWSER_HEADLINE_KEYS if c[k]} for year, c in state["headline"].items()},
        "statuses": {s: {k: st[k] for k in BROWSER_STATUS_KEYS} for s, st in state["statuses"].items()},
    }


def progress_texts(geo: GeoData, own_region: str | None, lang: str) -> dict:
    """The words of the map's progress view (legend, hover box, headline card); {year}/{n} filled in the browser."""
    keys = ("actual_value", "target_value", "actual_source", "target_source", "progress_caption")
    return {
        **{key: t(key, lang) for key in keys},
        "legend": t("progress_legend", lang, year="{year}"),
        "year": t("year_n", lang, year="{year}"),
        "headline": t("progress_headline", lang, region=geo.regions[own_region].name(lang)) if own_region else "",
        "assessed": t("units_assessed", lang, n="{n}"),
        "no_actuals": t("progress_no_actuals", lang),
    }
