"""Progress builders (pure): the status of each unit of a view at an assessment year, as records for the
API, the map, the drill-down, the 完成情况一览 table and the exports. The rules are in status.py."""

from __future__ import annotations

import pandas as pd

from .choropleth import view_for
from .geo import GeoData
from .i18n import LANGS
from .indicators import Dataset
from .model import value_words
from .queries import region_ref, source_of
from .status import Assessment, assess_unit, distance_words, status_label


def is_reduction(dataset: Dataset, indicator: str) -> bool:
    return dataset.indicators.loc[indicator, "kind"] == "reduction_vs_baseline"


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


def assess(dataset: Dataset, region: str, indicator: str, as_of: int | None) -> Assessment | None:
    """One unit's assessment (None when the unit has no target of the indicator)."""
    rows = _rows(dataset, [region], indicator)
    return assess_unit(rows, region, indicator, as_of, reduction=is_reduction(dataset, indicator))


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
    reduction = ind["kind"] == "reduction_vs_baseline"
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


def view_progress(
    dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int | None
) -> tuple[int | None, list[Assessment]]:
    """The assessment year used (default: the latest year with an actual) and every unit of the view that
    has a target of the indicator: the region itself first, then its mapped units."""
    codes = view_for(geo, region).codes
    as_of = year if year is not None else latest_actual_year(dataset, codes, indicator)
    found = [assess(dataset, code, indicator, as_of) for code in codes]
    return as_of, [a for a in found if a is not None]
