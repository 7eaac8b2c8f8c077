"""A unit seen against the levels above it (issue 21): its target and latest actual beside the country's, the
province's and the city's, with the checks officials are assessed on — whether children's allocations add up to
their parent's amount, and whether each level's target is at least as strict as the one above. Pure: data in,
a dict out (GET /api/v1/context serves it); strip() is the same in words, for the drill-down and the exports."""

from __future__ import annotations

import pandas as pd

from .geo import GeoData
from .i18n import t
from .indicators import Dataset
from .model import comparator_prefix, qualifier_note, source_label, value_words, with_unit
from .qualifiers import REPLACING_QUALIFIERS
from .queries import allocation, decimals, is_additive, is_reduction, region_ref, value_record, value_rows
from .status_words import target_words

# The kinds whose targets are compared level by level (intensities, reductions, coefficients, rates and shares):
# a yearly rate of an amount, an increase of a share or a project's allocation is no level's standard for another's.
STRICTNESS_KINDS = ("intensity", "reduction_vs_baseline", "coefficient", "rate", "share")
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
        # A level's amount is split where its own document gives its units' parts (赤峰's annex); the units' targets
        # of their own plans (内蒙古's 196.3 beside the country's 6400) are no allocation of it.
        for parent in [code for code in codes[:-1] if code in targets]:
            found = allocation(dataset, geo, parent, indicator, year, doc=targets[parent]["doc"])
            if found is not None:
                checks.append({"check": "allocation", **found})
    elif dataset.indicators.loc[indicator, "kind"] in STRICTNESS_KINDS:
        above: pd.Series | None = None
        for code in codes:
            if code in targets:
                if above is not None:
                    checks.append({"check": "strictness", **strictness(dataset, indicator, above, targets[code])})
                above = targets[code]
    return {"indicator": indicator, "year": year, "region": region_ref(geo.regions[region]), "levels": levels,
            "checks": checks}


# ---------------------------------------------------------------- the context strip, in words (issue 21)
#
# What the drill-down shows under its title and the exports print (the XLSX sheet 上级对比, the deck's slide): one
# item per level with a target or an actual, the unit itself always last — 全国 → 内蒙古 → 赤峰市 → 翁牛特旗. Callers
# show nothing when the strip is the unit alone (no level above has data).


def strip_year(dataset: Dataset, geo: GeoData, region: str, indicator: str, prefer: int | None = None) -> int | None:
    """The target year a strip is of: `prefer` (the view's year) when the unit has a target then, else the unit's
    target in force — the first not before its latest actual (全国: 2025's ≤ 6400 beside 2023's figure, not 2035's),
    without actuals its latest — else that of the nearest level above with a target; None when no level has one."""
    for code in geo.lineage(region):  # the unit first, then the levels above, nearest first
        years = sorted({int(y) for y in value_rows(dataset, indicator, [code], kind="target")["year"]})
        if years:
            if code == region and prefer in years:
                return prefer
            actual = value_rows(dataset, indicator, [code], kind="actual")["year"]
            ahead = [] if actual.empty else [y for y in years if y >= int(actual.max())]
            return ahead[0] if ahead else years[-1]
    return None


def _notes(notes: list[str], lang: str) -> str:
    notes = [n for n in notes if n]
    if not notes:
        return ""
    return f"（{'，'.join(notes)}）" if lang == "zh" else f" ({', '.join(notes)})"


def _figure(row: dict, unit: str, lang: str, *, target: bool, dated: bool) -> str:
    """A target or an actual as a reader sees it, with its year (`dated`), baseline and qualifier:
    '≤ 20.23 亿立方米（2025年）', '≥ 16.0%（2025年，较2020年，左右）', '2.88 亿立方米（2024年，初步数）'."""
    kept = row.get("qualifier") in REPLACING_QUALIFIERS
    words = target_words(row, unit, lang) if target else with_unit(value_words(row, lang), unit, lang).strip()
    base = row.get("baseline_year")
    notes = [
        t("year_n", lang, year=int(row["year"])) if dated else "",
        t("vs_baseline", lang, year=int(base)) if base is not None and not pd.isna(base) and not kept else "",
        qualifier_note(row.get("qualifier"), lang),
    ]
    return words + _notes(notes, lang)


def _strictness_words(check: dict, upper_target: str, upper_name: str, lang: str) -> str:
    result = check["result"]
    if result == NOT_COMPARABLE:
        key = "ctx_not_comparable_number" if check["upper_value"] is None else "ctx_not_comparable_baseline"
    else:
        key = f"ctx_{result}"
    return t(key, lang, upper=upper_name, target=upper_target)


def _allocation_words(found: dict, unit: str, lang: str) -> str:
    """'12个下级地区分解合计 20.2300 亿立方米，本级目标 ≤ 20.23 亿立方米：相符（在取整误差内）'."""
    places = max((decimals(p["value_text"]) for p in found["parts"] if _is_number(p["value_text"])), default=0)
    places = max(places, decimals(found["target_text"]))

    def amount(x: float) -> str:
        return with_unit(f"{x:.{places}f}", unit, lang).strip()

    target = with_unit(comparator_prefix(found["comparator"]) + found["target_text"], unit, lang).strip()
    if found["consistent"]:
        verdict = t("ctx_adds_up", lang)
    else:
        verdict = t("ctx_over" if found["difference"] > 0 else "ctx_under", lang, diff=amount(abs(found["difference"])))
    return t("ctx_allocation", lang, n=found["parts_count"], sum=amount(found["sum"]), target=target, verdict=verdict)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def strip(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int, lang: str) -> list[dict]:
    """The unit seen from the country down, in words of `lang`: one item per level that has a target (of `year`)
    or an actual (the latest up to `year`), the unit itself always last. Each item: `adcode`, `name`, `unit` (True
    for the unit itself); `target` (words, baseline and qualifier, no year), `target_year`, `target_dated` (with
    its year), `target_source`; the same of the latest actual (`actual`, `actual_year`, `actual_dated`,
    `actual_source`), '' / None where there is none; `check` (the strictness of the level's target against the
    nearest level above with one, in words, naming that level and its target), `looser` (True when it is looser)
    and `looser_words` ('宽于上级目标（赤峰市 ≥ 20.00%）'); `allocation`, on a level whose
    amount is split among all its children: their sum against its target in words. The words come from
    context(): the API's levels and checks."""
    found = context(dataset, geo, region, indicator, year)
    ind = dataset.indicators.loc[indicator]
    unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
    strictness_of = {c["lower"]: c for c in found["checks"] if c["check"] == "strictness"}
    allocation_of = {
        c["parent"]["adcode"]: c
        for c in found["checks"]
        if c["check"] == "allocation" and c["parts_count"] == len(geo.children(c["parent"]["adcode"]))
    }
    items: list[dict] = []
    targets: dict[str, str] = {}  # a level's target as the checks below it name it: '≥ 20.00%'
    for level in found["levels"]:
        code = level["region"]["adcode"]
        target = _target(dataset, code, indicator, year)
        actual = _latest_actual(dataset, code, indicator, year)
        if target is None and actual is None and code != region:
            continue
        target_row = None if target is None else target.to_dict()
        actual_row = None if actual is None else actual.to_dict()
        name = geo.regions[code].name(lang)
        item = {
            "adcode": code,
            "name": name,
            "unit": code == region,
            "target": "" if target_row is None else _figure(target_row, unit, lang, target=True, dated=False),
            "target_year": None if target_row is None else int(target_row["year"]),
            "target_dated": "" if target_row is None else _figure(target_row, unit, lang, target=True, dated=True),
            "target_source": "" if target is None else source_label(dataset, target, lang),
            "actual": "" if actual_row is None else _figure(actual_row, unit, lang, target=False, dated=False),
            "actual_year": None if actual_row is None else int(actual_row["year"]),
            "actual_dated": "" if actual_row is None else _figure(actual_row, unit, lang, target=False, dated=True),
            "actual_source": "" if actual is None else source_label(dataset, actual, lang),
            "check": "",
            "looser": False,
            "looser_words": "",
            "allocation": "",
        }
        check = strictness_of.get(code)
        if check is not None:
            upper = check["upper"]
            item["check"] = _strictness_words(check, targets[upper], geo.regions[upper].name(lang), lang)
            if check["result"] == LOOSER:
                item["looser"], item["looser_words"] = True, item["check"]
        if code in allocation_of:
            item["allocation"] = _allocation_words(allocation_of[code], unit, lang)
        if target_row is not None:
            targets[code] = target_words(target_row, unit, lang)
        items.append(item)
    return items


def check_words(item: dict, lang: str) -> str:
    """A strip item's checks in one text: its strictness against the level above, then its allocation."""
    return ("；" if lang == "zh" else "; ").join(x for x in (item["check"], item["allocation"]) if x)
