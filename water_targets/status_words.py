"""Progress in words: status labels, how far a unit is from its target, and the target as a reader sees it.
The rules and thresholds are in status.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import t
from .model import DIMENSIONLESS, comparator_prefix, unit_suffix, value_words, with_unit
from .prices import ONLY_CURRENT_PRICES
from .qualifiers import REPLACING_QUALIFIERS

if TYPE_CHECKING:
    from .status import Assessment


def status_label(status: str, lang: str) -> str:
    return t(f"status_{status}", lang)


def _unit_words(unit: str, lang: str) -> str:
    if unit == "%":
        return "个百分点" if lang == "zh" else " percentage points"
    if unit in (*DIMENSIONLESS, ""):
        return ""
    return unit if lang == "zh" else unit_suffix(unit, lang)


def distance_words(a: Assessment, unit: str, lang: str, *, reduction: bool = False) -> str:
    """How far the unit is from the target, in words: "距2025年目标还需下降2.1个百分点", "低于上限0.12亿立方米";
    without a figure to judge, why when there is a reason to say (only current-price levels: prices.py)."""
    if ONLY_CURRENT_PRICES in a.flags:
        return t(ONLY_CURRENT_PRICES, lang)
    if a.gap is None or a.latest is None:
        return ""
    amount = a.gap_text + _unit_words(unit, lang)
    comparator = a.target.get("comparator") or ">="
    year = a.target_year
    if a.target.get("qualifier") == "maintain_baseline" and a.gap >= 0:
        return t("dist_level_kept", lang, year=year, base=int(a.target["baseline_year"]))
    if comparator == "<=":
        key = "dist_over_cap" if a.gap > 0 else "dist_under_cap"
    elif a.gap >= 0:
        key = "dist_floor_reached"
    else:
        key = "dist_reduce_more" if reduction else "dist_floor_short"
    if a.gap == 0:
        key = "dist_on_target"
    elif a.final and key in ("dist_reduce_more", "dist_floor_short"):
        key += "_final"
    return t(key, lang, year=year, amount=amount)


def target_words(target: dict, unit: str, lang: str) -> str:
    """'≤ 3.0047 亿立方米', '保持2020年水平' — the target as a reader sees it."""
    words = value_words(target, lang)
    if target.get("qualifier") in REPLACING_QUALIFIERS:
        return words
    return with_unit(f"{comparator_prefix(target.get('comparator'))}{words}", unit, lang).strip()
