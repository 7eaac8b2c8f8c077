"""Table builders (pure): the rows behind a map view, a unit's indicators, allocation tables (目标分解表)."""

from __future__ import annotations

import pandas as pd

from .choropleth import value_label, view_for
from .geo import GeoData
from .i18n import t
from .indicators import Dataset
from .model import citation, source_label, value_words
from .qualifiers import COMPARATOR_SYMBOL, REPLACING_QUALIFIERS
from .queries import allocation, is_additive, value_rows

MIN_ALLOCATED_UNITS = 2  # one child unit with targets is that unit's own plan, not a breakdown of the parent's


def _qualifier_text(row: pd.Series, lang: str) -> str:
    q = row["qualifier"]
    if q == "maintain_baseline":
        return t("maintain_baseline", lang, year=int(row["baseline_year"]))
    return t(q, lang) if q else ""


def view_rows(dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str) -> list[dict]:
    """Every value of the indicator for the view's region and its mapped units, newest year first."""
    rows = value_rows(dataset, indicator, view_for(dataset, geo, region).codes)
    rows = rows.sort_values(["year", "region"], ascending=[False, True], kind="stable")
    unit = dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]
    name = dataset.indicators.loc[indicator, "name_zh" if lang == "zh" else "name_en"]
    out = []
    for _, row in rows.iterrows():
        region_unit = geo.regions[row["region"]]
        in_words = row["qualifier"] in REPLACING_QUALIFIERS
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
                "source": source_label(dataset, row, lang),
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
                "source": source_label(dataset, row, lang),
                "kind_id": row["kind"],  # target / actual
                "qualifier_id": row["qualifier"] or "",  # provisional, revised, estimate… (styled as flags)
            }
        )
    return out


def allocation_groups(dataset: Dataset, geo: GeoData, parent: str) -> list[tuple[str, int]]:
    """(document, year) of every allocation of the parent: targets of at least two of its child units from one
    document and year, in the order the values are stored."""
    children = [r.adcode for r in geo.children(parent)]
    vals = dataset.values
    rows = vals[vals["region"].isin(children) & (vals["kind"] == "target")]
    units: dict[tuple[str, int], set[str]] = {}
    for doc, year, region in zip(rows["doc"], rows["year"], rows["region"], strict=True):
        units.setdefault((doc, int(year)), set()).add(region)
    return [group for group, regions in units.items() if len(regions) >= MIN_ALLOCATED_UNITS]


def allocation_table(dataset: Dataset, geo: GeoData, parent: str, doc: str, year: int, lang: str) -> dict:
    """A 目标分解表 rebuilt from the values of one document and year: the parent's row, a row per child unit,
    and the sum check of every additive indicator (queries.is_additive)."""
    children = [r.adcode for r in geo.children(parent)]
    vals = dataset.values
    rows = vals[
        vals["region"].isin([parent, *children])
        & (vals["doc"] == doc)
        & (vals["year"] == year)
        & (vals["kind"] == "target")
    ]
    child_rows = rows[rows["region"].isin(children)]
    allocated = set(child_rows["indicator"])
    indicators = [ind for ind in dataset.indicators.index if ind in allocated]  # the indicator catalogue's order
    columns = []
    for ind_id in indicators:
        ind = dataset.indicators.loc[ind_id]
        unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
        columns.append({"id": ind_id, "name": (ind["name_zh"] if lang == "zh" else ind["name_en"]), "unit": unit})
    body = []
    for code in [parent, *children]:
        cells = {}
        for col in columns:
            match = rows[(rows["region"] == code) & (rows["indicator"] == col["id"])]
            cells[col["id"]] = value_label(match.iloc[0], col["unit"], lang) if not match.empty else ""
        body.append({"adcode": code, "name": geo.regions[code].name(lang), "cells": cells})
    checks = {
        ind_id: allocation(dataset, geo, parent, ind_id, year, doc=doc)
        for ind_id in indicators
        if is_additive(dataset, ind_id)
    }
    document = dataset.documents.loc[doc]
    sections = "；".join(dict.fromkeys(child_rows["section"]))
    source = citation(document["number"], document["title"], sections, lang, document.get("title_en", ""))
    return {
        "parent": parent,
        "doc": doc,
        "year": year,
        "title": t("allocation", lang, region=geo.regions[parent].name(lang)),
        "source": source,
        "columns": columns,
        "rows": body,
        "checks": checks,
    }


def allocation_tables(dataset: Dataset, geo: GeoData, parent: str, lang: str) -> list[dict]:
    """Every allocation table of the parent (none when its child units have no targets)."""
    groups = allocation_groups(dataset, geo, parent)
    return [allocation_table(dataset, geo, parent, doc, year, lang) for doc, year in groups]
