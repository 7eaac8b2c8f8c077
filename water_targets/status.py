"""Progress against targets: one assessment per unit × indicator × target, every threshold defined here.

The method follows Open SDG's progress measurement (open-sdg/open-sdg docs/progress-methodology.md):
the rate observed since a base value is compared with the rate required to reach the target on time,
R = observed / required, and R sets the class. Two adaptations for water-saving plans:

* the path is a straight line (the plans set levels for a year, not growth rates), from the base value
  — the actual of the target's baseline year, else the earliest actual — to the target value;
* a cap (`<=`) is not a level to climb to: a unit is on track while it stays under the cap and is not
  heading over it, at risk within CAP_MARGIN below it or when its trend crosses it by the target year,
  and exceeded above it.

Once the target year has an actual, the verdict is final: met or not met, with the gap. A reduction
"较2020年下降X%" is 0 in its own baseline year by definition, so that point is the base when no
actual of the baseline year was imported.

The words (status labels, distances, targets as read) are in status_words.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from .qualifiers import ACTUAL_NOTES, TARGET_NOTES

# --- Thresholds (the only place they are defined; docs/methodology.md repeats them) ---
ON_TRACK_RATIO = 0.95  # R ≥ 0.95: on track (Open SDG)
ACCELERATION_RATIO = 0.60  # 0.60 ≤ R < 0.95: progress made, acceleration needed (Open SDG)
# 0 ≤ R < 0.60: limited progress; R < 0: deterioration (moving away from the target)
CAP_MARGIN = 0.02  # within 2 % below a cap counts as at risk

# --- Statuses, in the order legends and tables list them ---
MET = "met"
NOT_MET = "not_met"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED_PROGRESS = "limited_progress"
DETERIORATION = "deterioration"
AT_RISK = "at_risk"
EXCEEDED = "exceeded"
TOO_FEW_ACTUALS = "too_few_actuals"
NO_ACTUAL = "no_actual"
NOT_APPLICABLE = "not_applicable"

STATUSES = (
    MET,
    ON_TRACK,
    NEEDS_ACCELERATION,
    AT_RISK,
    LIMITED_PROGRESS,
    DETERIORATION,
    EXCEEDED,
    NOT_MET,
    TOO_FEW_ACTUALS,
    NO_ACTUAL,
    NOT_APPLICABLE,
)
FINAL = (MET, NOT_MET)  # the target year has an actual

# How each status looks on the map, in charts and in exported files. Fills from the Okabe–Ito palette
# (distinguishable with every common colour-vision deficiency); the pattern and outline keep statuses
# apart in greyscale print: "solid", "dots" (fine), "stripes" (diagonal), "cross" (cross-hatch), "none". "text":
# the status's colour for words on white (≥ 4.5:1, the page's headline status).
STATUS_STYLE: dict[str, dict[str, str]] = {
    MET: {"fill": "#0072B2", "ink": "#ffffff", "pattern": "solid", "outline": "#003f63",
        "text": "#003f63"},
    ON_TRACK: {"fill": "#56B4E9", "ink": "#102a43", "pattern": "solid", "outline": "#2b6c91",
        "text": "#2b6c91"},
    NEEDS_ACCELERATION: {"fill": "#F0E442", "ink": "#102a43", "pattern": "dots", "outline": "#8a7f00",
        "text": "#6b6200"},
    AT_RISK: {"fill": "#E69F00", "ink": "#102a43", "pattern": "dots", "outline": "#7a5400",
        "text": "#7a5400"},
    LIMITED_PROGRESS: {"fill": "#CC79A7", "ink": "#102a43", "pattern": "stripes", "outline": "#7a3d61",
        "text": "#7a3d61"},
    DETERIORATION: {"fill": "#D55E00", "ink": "#000000", "pattern": "cross", "outline": "#6b2f00",
        "text": "#6b2f00"},
    EXCEEDED: {"fill": "#D55E00", "ink": "#000000", "pattern": "cross", "outline": "#6b2f00",
        "text": "#6b2f00"},
    NOT_MET: {"fill": "#9E2A00", "ink": "#ffffff", "pattern": "cross", "outline": "#3d1000",
        "text": "#3d1000"},
    TOO_FEW_ACTUALS: {"fill": "#eef0f3", "ink": "#334e68", "pattern": "stripes", "outline": "#8a96a3",
        "text": "#334e68"},
    NO_ACTUAL: {"fill": "#ffffff", "ink": "#334e68", "pattern": "none", "outline": "#8a96a3",
        "text": "#334e68"},
    NOT_APPLICABLE: {"fill": "#cfcfcf", "ink": "#334e68", "pattern": "none", "outline": "#8a96a3",
        "text": "#334e68"},
}


@dataclass(frozen=True)
class Point:
    """One figure: a year, its number, the digits as printed, and the row it came from (None: by definition)."""

    year: int
    number: float
    text: str
    row: dict | None = None

    @property
    def qualifier(self) -> str:
        return (self.row or {}).get("qualifier", "") or ""


@dataclass(frozen=True)
class Assessment:
    """How one unit stands against one target at an assessment year."""

    region: str
    indicator: str
    status: str
    target: dict  # the target row
    latest: Point | None = None  # the actual the status rests on
    base: Point | None = None  # start of the required path
    gap: float | None = None  # actual − target, in the indicator's unit (None without an actual)
    gap_text: str = ""  # the gap's magnitude with the printed precision ("2.1")
    ratio: float | None = None  # observed / required rate (floors and exact targets ahead of time)
    projected: float | None = None  # caps: the trend's value in the target year
    flags: tuple[str, ...] = field(default_factory=tuple)  # "estimate", "strive", "provisional", "revised"

    @property
    def target_year(self) -> int:
        return int(self.target["year"])

    @property
    def final(self) -> bool:
        return self.status in FINAL


def _decimals(text: str) -> int:
    try:
        exponent = Decimal(text).as_tuple().exponent
    except ArithmeticError:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _point(row: dict) -> Point:
    return Point(int(row["year"]), float(row["number"]), str(row["value"]), row)


def _gap_text(gap: float, *texts: str) -> str:
    places = max((_decimals(x) for x in texts if x), default=0)
    return f"{abs(gap):.{places}f}"


def base_point(target: dict, actuals: list[Point], reduction: bool) -> Point | None:
    """Start of the required path: the actual of the baseline year, else (for a reduction, which is 0 in
    its own baseline year) that zero, else the earliest actual."""
    baseline = target.get("baseline_year")
    has_baseline = baseline is not None and not pd.isna(baseline) and str(baseline) != ""
    if has_baseline:
        for point in actuals:
            if point.year == int(baseline):
                return point
        if reduction:
            return Point(int(baseline), 0.0, "0")
    return actuals[0] if actuals else None


def assess(
    target: dict,
    actual_rows: list[dict],
    as_of: int | None = None,
    *,
    reduction: bool = False,
) -> Assessment:
    """The status of one target given the unit's actuals of the same indicator.

    `as_of` is the assessment year: actuals after it are not known yet (None: use every actual).
    `reduction` says the indicator is a reduction against the target's baseline year.
    """
    region, indicator = target["region"], target["indicator"]
    flags = tuple(q for q in [target.get("qualifier") or ""] if q in TARGET_NOTES)
    if target.get("qualifier") == "not_applicable":
        return Assessment(region, indicator, NOT_APPLICABLE, target, flags=flags)
    year = int(target["year"])
    goal = float(target["number"])
    comparator = target.get("comparator") or ">="
    if reduction and comparator == "=" and target.get("qualifier") == "about":
        comparator = ">="  # "下降16.0%左右": a reduction of about the figure is reached by cutting that much or more
    baseline = target.get("baseline_year")
    # Reductions compare only with figures against the same baseline year.
    same_base = [
        r
        for r in actual_rows
        if not reduction or pd.isna(baseline) or pd.isna(r.get("baseline_year")) or r["baseline_year"] == baseline
    ]
    known = sorted(
        (_point(r) for r in same_base if pd.notna(r["number"]) and (as_of is None or int(r["year"]) <= as_of)),
        key=lambda p: p.year,
    )
    if not known:
        return Assessment(region, indicator, NO_ACTUAL, target, flags=flags)
    at_target = next((p for p in known if p.year == year), None)
    if at_target is not None:
        return _final(target, at_target, goal, comparator, flags)
    before = [p for p in known if p.year < year]
    if not before:  # only figures after the target year, none for it: the target year is not assessed
        return Assessment(region, indicator, NO_ACTUAL, target, flags=flags)
    latest = before[-1]
    flags += tuple(q for q in [latest.qualifier] if q in ACTUAL_NOTES)
    base = base_point(target, before, reduction)
    gap = latest.number - goal
    common = {
        "target": target,
        "latest": latest,
        "base": base,
        "gap": gap,
        "gap_text": _gap_text(gap, latest.text, str(target["value"])),
        "flags": flags,
    }
    if comparator == "<=":
        return _cap_ahead(region, indicator, goal, year, latest, base, common)
    return _floor_ahead(region, indicator, goal, year, latest, base, comparator, common)


def _final(target: dict, actual: Point, goal: float, comparator: str, flags: tuple[str, ...]) -> Assessment:
    flags += tuple(q for q in [actual.qualifier] if q in ACTUAL_NOTES)
    # Compare at the printed precision, so 0.66 printed as "0.660" is not a miss by float noise.
    places = max(_decimals(actual.text), _decimals(str(target["value"])))
    a, g = round(actual.number, places), round(goal, places)
    met = a <= g if comparator == "<=" else a >= g if comparator == ">=" else a == g
    gap = actual.number - goal
    return Assessment(
        target["region"],
        target["indicator"],
        MET if met else NOT_MET,
        target,
        latest=actual,
        gap=gap,
        gap_text=_gap_text(gap, actual.text, str(target["value"])),
        flags=flags,
    )


def _cap_ahead(region, indicator, goal, year, latest: Point, base: Point | None, common: dict) -> Assessment:
    if latest.number > goal:
        return Assessment(region, indicator, EXCEEDED, **common)
    projected = None
    if base is not None and latest.year > base.year:
        slope = (latest.number - base.number) / (latest.year - base.year)
        projected = latest.number + slope * (year - latest.year)
    near = latest.number >= goal * (1 - CAP_MARGIN)
    heading_over = projected is not None and projected > goal
    status = AT_RISK if near or heading_over else ON_TRACK
    return Assessment(region, indicator, status, projected=projected, **common)


def _floor_ahead(region, indicator, goal, year, latest, base, comparator, common) -> Assessment:
    if base is None or latest.year <= base.year:
        # One figure and no base before it: no rate to compare. Already there is on track; else unknown.
        status = ON_TRACK if latest.number >= goal else TOO_FEW_ACTUALS
        return Assessment(region, indicator, status, **common)
    required = (goal - base.number) / (year - base.year)
    observed = (latest.number - base.number) / (latest.year - base.year)
    if required <= 0:
        # The base already meets the target (e.g. "保持2020年水平", a floor of 0): keep it.
        status = ON_TRACK if latest.number >= goal else DETERIORATION
        return Assessment(region, indicator, status, **common)
    ratio = round(observed / required, 9)  # class boundaries are not moved by float noise
    if latest.number >= goal or ratio >= ON_TRACK_RATIO:
        status = ON_TRACK
    elif ratio >= ACCELERATION_RATIO:
        status = NEEDS_ACCELERATION
    elif ratio >= 0:
        status = LIMITED_PROGRESS
    else:
        status = DETERIORATION
    return Assessment(region, indicator, status, ratio=ratio, **common)


# --- Choosing the target an assessment year is about ---


def target_for_year(targets: list[dict], as_of: int) -> dict | None:
    """The target an assessment year looks at: the next one due (year ≥ as_of), else the last one."""
    ordered = sorted(targets, key=lambda r: int(r["year"]))
    upcoming = [r for r in ordered if int(r["year"]) >= as_of]
    return upcoming[0] if upcoming else (ordered[-1] if ordered else None)


def assess_unit(
    values: pd.DataFrame, region: str, indicator: str, as_of: int | None, *, reduction: bool
) -> Assessment | None:
    """The assessment of one unit and indicator at an assessment year (None: the unit has no target)."""
    rows = values[(values["region"] == region) & (values["indicator"] == indicator)]
    targets = rows[rows["kind"] == "target"].to_dict("records")
    if not targets:
        return None
    target = target_for_year(targets, as_of) if as_of is not None else max(targets, key=lambda r: int(r["year"]))
    actuals = rows[rows["kind"] == "actual"].to_dict("records")
    return assess(target, actuals, as_of, reduction=reduction)


def assess_all(values: pd.DataFrame, region: str, indicator: str, *, reduction: bool) -> list[Assessment]:
    """Every target of one unit and indicator, each judged with every actual known (the table view)."""
    rows = values[(values["region"] == region) & (values["indicator"] == indicator)]
    actuals = rows[rows["kind"] == "actual"].to_dict("records")
    return [
        assess(target, actuals, None, reduction=reduction)
        for target in rows[rows["kind"] == "target"].sort_values("year").to_dict("records")
    ]
