"""Pure queries over the dataset and the catalog: value rows with their citations, allocation sums."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .geo import GeoData, Region
from .indicators import Dataset
from .model import value_words


def region_ref(region: Region) -> dict:
    """A unit as the API names it: by the names a reader sees (the country as 全国, geo.Region.name)."""
    return {"adcode": region.adcode, "name_zh": region.name("zh"), "name_en": region.name("en"), "level": region.level}


def indicator_dict(dataset: Dataset, indicator: str) -> dict:
    return dict(dataset.indicators.loc[indicator])


def value_rows(
    dataset: Dataset, indicator: str, regions: list[str], year: int | None = None, kind: str | None = None
) -> pd.DataFrame:
    """Rows of one indicator for the given regions (optionally one year / kind), sorted by year."""
    vals = dataset.values
    mask = (vals["indicator"] == indicator) & vals["region"].isin(regions)
    if year is not None:
        mask &= vals["year"] == year
    if kind is not None:
        mask &= vals["kind"] == kind
    return vals[mask].sort_values(["year", "region", "kind"], kind="stable")


def has_values(dataset: Dataset, indicator: str, region: str) -> bool:
    vals = dataset.values
    return bool(((vals["indicator"] == indicator) & (vals["region"] == region)).any())


def source_of(dataset: Dataset, row: pd.Series) -> dict:
    doc = dataset.documents.loc[row["doc"]]
    return {
        "document": doc["title"],
        "document_en": doc.get("title_en", ""),
        "number": doc["number"],
        "doc_id": doc["id"],
        "section": row["section"],
    }


def value_record(dataset: Dataset, geo: GeoData, row: pd.Series, with_region: bool = False) -> dict:
    """One value as the API and the tables present it (value as a number, printed text kept)."""
    ind = dataset.indicators.loc[row["indicator"]]
    number = row["number"]
    record = {
        "year": int(row["year"]),
        "kind": row["kind"],
        "value": None if pd.isna(number) else float(number),
        "value_text": value_words(row, "zh"),  # the words for a kept level or "/", never a bare 0
        "comparator": row["comparator"] or None,
        "baseline_year": None if pd.isna(row["baseline_year"]) else int(row["baseline_year"]),
        "qualifier": row["qualifier"] or None,
        "unit": ind["unit_zh"],
        "unit_en": ind["unit_en"],
        "note": row["note"],
        "source": source_of(dataset, row),
    }
    if with_region:
        record = {"region": region_ref(geo.regions[row["region"]]), **record}
    return record


def decimals(text: str) -> int:
    exponent = Decimal(text).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# Indicator kinds (indicators.csv `kind`): which add up over units, which are a reduction against a baseline year.
ADDITIVE_KINDS = ("cap", "volume", "area", "count", "length")
REDUCTION_KIND = "reduction_vs_baseline"


def is_additive(dataset: Dataset, indicator: str) -> bool:
    """Whether county values add up to the city's (totals do; rates, shares and reductions do not)."""
    return dataset.indicators.loc[indicator, "kind"] in ADDITIVE_KINDS


def is_reduction(dataset: Dataset, indicator: str) -> bool:
    """Whether the indicator is a reduction against a baseline year (charted as an index, judged as a decrease)."""
    return dataset.indicators.loc[indicator, "kind"] == REDUCTION_KIND


def allocation(
    dataset: Dataset, geo: GeoData, parent: str, indicator: str, year: int, doc: str | None = None
) -> dict | None:
    """The parent's target and its children's allocations with the sum check; None when there is no parent
    target or no child allocation. Only for additive indicators (see is_additive). `doc`: only that document's
    targets (one allocation table).

    Tolerance is the table's rounding: half a unit in the last printed digit of the parent value plus
    half a unit in the last digit of each part.
    """
    children = [r.adcode for r in geo.children(parent)]
    rows = value_rows(dataset, indicator, [parent, *children], year=year, kind="target")
    if doc is not None:
        rows = rows[rows["doc"] == doc]
    parent_rows = rows[rows["region"] == parent]
    if parent_rows.empty or pd.isna(parent_rows.iloc[0]["number"]):
        return None
    target_row = parent_rows.iloc[0]
    parts_rows = rows[rows["region"] != parent]
    if parts_rows.empty:
        return None
    parts = [value_record(dataset, geo, r, with_region=True) for _, r in parts_rows.iterrows()]
    numeric = [Decimal(r["value"]) for _, r in parts_rows.iterrows() if r["value"] != ""]
    total = sum(numeric, Decimal(0))
    target = Decimal(target_row["value"])
    tolerance = Decimal(5) / Decimal(10) ** (decimals(target_row["value"]) + 1) + sum(
        (Decimal(5) / Decimal(10) ** (decimals(r["value"]) + 1) for _, r in parts_rows.iterrows() if r["value"] != ""),
        Decimal(0),
    )
    difference = total - target
    return {
        "indicator": indicator,
        "year": year,
        "parent": region_ref(geo.regions[parent]),
        "target": float(target),
        "target_text": target_row["value"],
        "comparator": target_row["comparator"],
        "parts": parts,
        "parts_count": len(parts),
        "sum": float(total),
        "difference": float(difference),
        "tolerance": float(tolerance),
        "consistent": abs(difference) <= tolerance,
        "source": source_of(dataset, target_row),
    }
