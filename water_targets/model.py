"""Meanings shared by every display: which qualifiers replace a value's digits and which annotate it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .i18n import t

# A qualifier either stands for the value (the words are shown instead of the digits) or annotates it.
REPLACING_QUALIFIERS = ("maintain_baseline", "not_applicable")
ANNOTATING_QUALIFIERS = ("estimate", "strive", "provisional", "revised")


def _baseline(row: Mapping) -> int | None:
    raw = row.get("baseline_year")
    if isinstance(raw, str):
        return int(raw) if raw.strip() else None
    return None if raw is None or pd.isna(raw) else int(raw)


def value_words(row: Mapping, lang: str) -> str:
    """The value as a reader sees it: "保持2020年水平", "不适用", or the digits as printed.

    `row` is a dataset row or an API record (`value_text` is used when there is no `value` text)."""
    qualifier = row.get("qualifier") or ""
    baseline = _baseline(row)
    if qualifier == "not_applicable":
        return t("not_applicable", lang)
    if qualifier == "maintain_baseline" and baseline is not None:
        return t("maintain_baseline", lang, year=baseline)
    value = row.get("value")
    return value if isinstance(value, str) else str(row.get("value_text", ""))


def qualifier_note(qualifier: str | None, lang: str) -> str:
    """The annotation a qualifier adds next to a value ("预估数", "初步数"), empty for none."""
    return t(qualifier, lang) if qualifier in ANNOTATING_QUALIFIERS else ""
