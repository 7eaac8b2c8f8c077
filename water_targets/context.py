"""A unit seen against the levels above it (issue 21): its target and latest actual beside the country's, the
province's and the city's, with the checks officials are assessed on — whether children's allocations add up to
their parent's amount, and whether each level's target is at least as strict as the one above. Pure: data in,
a dict out (GET /api/v1/context serves it)."""

from __future__ import annotations

import pandas as pd

from .geo import GeoData
from .indicators import Dataset
from .queries import allocation, is_additive, is_reduction, region_ref, value_record, value_rows

# What a strictness check says of a level's target against the one above.
STRICTER, EQUAL, LOOSER, NOT_COMPARABLE = "stricter", "equal", "looser", "not_comparable"


def chain(geo: GeoData, region: str) -> list[str]:
    """The unit's lineage from the country down to the unit."""
    return list(reversed(geo.lineage(region)))


def _target(dataset: Dataset, region: str, indicator: str, year: int) -> pd.Series | None:
    rows = value_rows(dataset, indicator, [region], year=year, kind="target")
    return None if rows.empty else rows.iloc[0]


def _latest_actual(dataset: Dataset, region: str, indicator: str, year: int) -> pd.Series | None:
    """The unit's latest actual figure up to the year (the one progress is judged on)."""
    rows = value_rows(dataset, indicator, [region], kind="actual")
    rows = rows[rows["year"] <= year]
    return None if rows.empty else rows.iloc[-1]


def strictness(dataset: Dataset, indicator: str, upper: pd.Series, lower: pd.Series) -> dict:
    """Whether the lower level's target is at least as strict as the upper's: for a 'lower is better' indicator a
    smaller bound is stricter, else a larger one; reductions only against the same baseline year."""
    direction = dataset.indicators.loc[indicator, "direction"]
    record = {"upper": upper["region"], "lower": lower["region"], "upper_value": None, "lower_value": None}
    if pd.isna(upper["number"]) or pd.isna(lower["number"]):
        return {**record, "result": NOT_COMPARABLE, "why": "a target without a number (a kept level or '/')"}
    record.update(upper_value=float(upper["number"]), lower_value=float(lower["number"]))
    if is_reduction(dataset, indicator) and upper["baseline_year"] != lower["baseline_year"]:
        return {**record, "result": NOT_COMPARABLE, "why": "reductions against different baseline years"}
    if record["upper_value"] == record["lower_value"]:
        return {**record, "result": EQUAL}
    smaller = record["lower_value"] < record["upper_value"]
    stricter = smaller if direction == "lower_is_better" else not smaller
    return {**record, "result": STRICTER if stricter else LOOSER}


def context(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int) -> dict:
    """`levels`: from the country down to the unit, each {region, target, actual} (None where the data has none);
    `checks`: the allocation of each level's amount to its children (additive indicators) and the strictness of each
    level's target against the nearest level above that has one (intensities, reductions, coefficients, rates)."""
    codes = chain(geo, region)
    levels, targets = [], {}
    for code in codes:
        target = _target(dataset, code, indicator, year)
        actual = _latest_actual(dataset, code, indicator, year)
        if target is not None:
            targets[code] = target
        levels.append({
            "region": region_ref(geo.regions[code]),
            "target": None if target is None else value_record(dataset, geo, target),
            "actual": None if actual is None else value_record(dataset, geo, actual),
        })
    checks: list[dict] = []
    if is_additive(dataset, indicator):
        for parent in codes[:-1]:
            found = allocation(dataset, geo, parent, indicator, year)
            if found is not None:
                checks.append({"check": "allocation", **found})
    else:
        above: pd.Series | None = None
        for code in codes:
            if code in targets:
                if above is not None:
                    checks.append({"check": "strictness", **strictness(dataset, indicator, above, targets[code])})
                above = targets[code]
    return {"indicator": indicator, "year": year, "region": region_ref(geo.regions[region]), "levels": levels,
            "checks": checks}
