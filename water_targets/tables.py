"""Table builders (pure): the rows behind a map view, a unit's indicators, Chifeng's allocation table."""

from __future__ import annotations

import pandas as pd

from .choropleth import source_label, value_label, view_for
from .geo import GeoData
from .i18n import COMPARATOR_SYMBOL, t
from .indicators import Dataset
from .model import value_words
from .queries import allocation, value_rows

ALLOCATION_PARENT = "150400"
ALLOCATION_SOURCE = "附件 赤峰市2025年节水行动目标分解表"
SUMMABLE = ("total_water_use", "nonconventional_water_use", "new_agri_saving_capacity")


QUALIFIER_WORDS = ("maintain_baseline", "not_applicable")


def _qualifier_text(row: pd.Series, lang: str) -> str:
    q = row["qualifier"]
    if q == "maintain_baseline":
        return t("maintain_baseline", lang, year=int(row["baseline_year"]))
    return t(q, lang) if q else ""


def view_rows(dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str) -> list[dict]:
    """Every value of the indicator for the view's region and its mapped units, newest year first."""
    rows = value_rows(dataset, indicator, view_for(geo, region).codes)
    rows = rows.sort_values(["year", "region"], ascending=[False, True], kind="stable")
    unit = dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]
    name = dataset.indicators.loc[indicator, "name_zh" if lang == "zh" else "name_en"]
    out = []
    for _, row in rows.iterrows():
        region_unit = geo.regions[row["region"]]
        in_words = row["qualifier"] in QUALIFIER_WORDS
        out.append(
            {
                "adcode": row["region"],
                "region": region_unit.name(lang),
                "indicator": name,
                "year": int(row["year"]),
                "kind": t(row["kind"], lang),
                # The number sorts; the printed digits (or a qualifier's words) are what is shown.
                "value": None if pd.isna(row["number"]) or in_words else float(row["number"]),
                "value_text": value_words(row, lang),
                "comparator": COMPARATOR_SYMBOL.get(row["comparator"], ""),
                "baseline_year": None if pd.isna(row["baseline_year"]) else int(row["baseline_year"]),
                "qualifier": _qualifier_text(row, lang),
                "unit": unit,
                "source": source_label(dataset, row),
            }
        )
    return out


def unit_indicator_rows(dataset: Dataset, geo: GeoData, adcode: str, lang: str) -> list[dict]:
    """Every value of every indicator for one unit, with its citation."""
    vals = dataset.values
    rows = vals[vals["region"] == adcode].sort_values(["indicator", "year"], kind="stable")
    out = []
    for _, row in rows.iterrows():
        ind = dataset.indicators.loc[row["indicator"]]
        unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
        out.append(
            {
                "indicator_id": row["indicator"],
                "indicator": ind["name_zh"] if lang == "zh" else ind["name_en"],
                "year": int(row["year"]),
                "value": value_label(row, unit, lang),
                "qualifier": _qualifier_text(row, lang),
                "source": source_label(dataset, row),
                "kind_id": row["kind"],  # target / actual
                "qualifier_id": row["qualifier"] or "",  # provisional, revised, estimate… (styled as flags)
            }
        )
    return out


def allocation_table(dataset: Dataset, geo: GeoData, year: int, lang: str) -> dict:
    """Chifeng's 目标分解表 rebuilt from the values: a row per county, the city row, and sum checks."""
    vals = dataset.values
    rows = vals[
        (vals["doc"] == "chifeng-2025")
        & vals["section"].str.contains(ALLOCATION_SOURCE, regex=False)
        & (vals["year"] == year)
    ]
    indicators = list(dict.fromkeys(rows["indicator"]))
    columns = []
    for ind_id in indicators:
        ind = dataset.indicators.loc[ind_id]
        unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
        columns.append({"id": ind_id, "name": (ind["name_zh"] if lang == "zh" else ind["name_en"]), "unit": unit})
    units = [ALLOCATION_PARENT, *[r.adcode for r in geo.children(ALLOCATION_PARENT)]]
    body = []
    for code in units:
        cells = {}
        for col in columns:
            match = rows[(rows["region"] == code) & (rows["indicator"] == col["id"])]
            cells[col["id"]] = value_label(match.iloc[0], col["unit"], lang) if not match.empty else ""
        body.append({"adcode": code, "name": geo.regions[code].name(lang), "cells": cells})
    checks = {
        ind_id: allocation(dataset, geo, ALLOCATION_PARENT, ind_id, year) for ind_id in SUMMABLE if ind_id in indicators
    }
    return {"columns": columns, "rows": body, "checks": checks}
