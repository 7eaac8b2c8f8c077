"""Comparators and qualifiers, one table each: their codes, how a value prints with them, which words in an upload
mean them, and how progress reads them. Every other module takes them from here (no internal imports)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Comparator:
    code: str  # as stored: "<=", ">=", "="
    symbol: str  # printed in tables ("≤ 3.0047"); before a value only "≤"/"≥" (see model.comparator_prefix)
    reading: str  # how progress reads a target with it: "cap" (stay at or below), "floor" (reach), "exact"
    marker: str  # a target's marker on charts (plotly symbol): ▼ a cap, ▲ a floor, ● exact
    words: tuple[str, ...]  # what a comparator cell of an upload may say
    value_prefixes: tuple[str, ...]  # what may stand before the number in a value cell ("≥0.66", "不超过3")


COMPARATOR_TABLE = (
    Comparator(
        "<=", "≤", "cap", "triangle-down",
        ("<=", "=<", "≤", "≦", "⩽", "以内", "以下", "不超过", "不高于", "不大于", "控制在…以内", "及以下"),
        ("<=", "=<", "≤", "≦", "⩽", "不超过", "不高于", "不大于"),
    ),
    Comparator(
        ">=", "≥", "floor", "triangle-up",
        (">=", "=>", "≥", "≧", "⩾", "以上", "不低于", "不少于", "不小于", "达到", "达到…以上", "至少", "及以上"),
        (">=", "=>", "≥", "≧", "⩾", "不低于", "不少于", "不小于", "达到", "至少"),
    ),
    Comparator("=", "=", "exact", "circle", ("=", "==", "等于"), ("=",)),
)  # fmt: skip
# What may follow the number in a value cell ("控制在20.23亿立方米以内"), longest first where they overlap.
VALUE_SUFFIXES = (("及以上", ">="), ("及以下", "<="), ("以上", ">="), ("以内", "<="), ("以下", "<="))
NEUTRAL_VALUE_PREFIXES = ("控制在",)  # 控制在 alone says nothing about the comparator


@dataclass(frozen=True)
class Qualifier:
    code: str  # as stored
    kind: str  # the value kind that may carry it: "target" or "actual"
    replaces_value: bool  # its words stand for the digits ("保持2020年水平", "不适用"); else it annotates them
    words: tuple[str, ...]  # what a qualifier cell of an upload may say (besides the code); shown via i18n t(code)


QUALIFIER_TABLE = (
    Qualifier("maintain_baseline", "target", True, ("保持", "保持基准年水平")),
    Qualifier("not_applicable", "target", True, ("不适用", "/", "not applicable", "n/a")),
    Qualifier("estimate", "target", False, ("预估", "预估数")),
    Qualifier("strive", "target", False, ("力争",)),
    Qualifier("about", "target", False, ("左右", "约")),  # "下降16.0%左右": the figure is approximate
    Qualifier("provisional", "actual", False, ("初步数", "初步")),
    Qualifier("revised", "actual", False, ("修订", "修订数")),
)

COMPARATORS = tuple(c.code for c in COMPARATOR_TABLE)
COMPARATOR_SYMBOL = {c.code: c.symbol for c in COMPARATOR_TABLE}
COMPARATOR_MARKER = {c.code: c.marker for c in COMPARATOR_TABLE}
QUALIFIERS = ("", *(q.code for q in QUALIFIER_TABLE))
TARGET_ONLY_QUALIFIERS = tuple(q.code for q in QUALIFIER_TABLE if q.kind == "target")
ACTUAL_ONLY_QUALIFIERS = tuple(q.code for q in QUALIFIER_TABLE if q.kind == "actual")
REPLACING_QUALIFIERS = tuple(q.code for q in QUALIFIER_TABLE if q.replaces_value)
ANNOTATING_QUALIFIERS = tuple(q.code for q in QUALIFIER_TABLE if not q.replaces_value)
TARGET_NOTES = tuple(q for q in ANNOTATING_QUALIFIERS if q in TARGET_ONLY_QUALIFIERS)  # 预估数, 力争
ACTUAL_NOTES = tuple(q for q in ANNOTATING_QUALIFIERS if q in ACTUAL_ONLY_QUALIFIERS)  # 初步数, 修订数
