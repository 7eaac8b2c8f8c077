"""Meanings shared by every display, each defined once: how a value prints with its comparator and qualifier
(their table: qualifiers.py), how a value is joined to its unit, and how a value's source is cited (its section in
words: sections.py)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .i18n import t
from .qualifiers import ANNOTATING_QUALIFIERS, COMPARATOR_SYMBOL
from .sections import ascii_punctuation as ascii_punctuation  # where the exports have always imported it from
from .sections import section_words

# Units printed as nothing after a value.
DIMENSIONLESS = ("无量纲", "dimensionless")


def unit_suffix(unit: str, lang: str) -> str:
    """What follows a value to name its unit: ' 亿立方米', '%', nothing for a dimensionless unit. An English unit that
    starts with a digit is joined with ' × ': '20.23 × 100 million m³', not '20.23 100 million m³'."""
    if not unit or unit in DIMENSIONLESS:
        return ""
    if unit == "%":
        return "%"
    if lang == "en" and unit[0].isdigit():
        return f" × {unit}"
    return f" {unit}"


def with_unit(value: str, unit: str, lang: str) -> str:
    """A value and its unit: '20.23 亿立方米', '20.23 × 100 million m³', '21.08%', '0.66' (dimensionless)."""
    return f"{value}{unit_suffix(unit, lang)}"


def comparator_prefix(comparator: str | None) -> str:
    """'≤ ' or '≥ ' before a value; nothing for '=' or no comparator."""
    return f"{COMPARATOR_SYMBOL[comparator]} " if comparator in ("<=", ">=") else ""


def citation(number: str | None, title: str, section: str, lang: str = "zh", title_en: str = "") -> str:
    """A source as cited under a value. zh: '赤政发〔2025〕11号 附件 …' ('《title》 section' without a number).
    en: 'Chifeng Water-Saving Action Implementation Plan (赤政发〔2025〕11号), Annex: …': the English name first, then
    the number (or title) as printed, then the section in English (sections.section_words)."""
    printed = number or f"《{title}》"
    if lang != "en":
        return f"{printed} {section}"
    name = f"{title_en} ({printed})" if title_en else printed
    section = section_words(section, lang)
    return f"{name}, {section}" if section else name


def citations(number: str | None, title: str, sections: str, lang: str = "zh", title_en: str = "") -> list[str]:
    """One citation per section of a value's '；'-separated sections."""
    return [citation(number, title, section, lang, title_en) for section in sections.split("；")]


def document_name(doc: Mapping, lang: str = "zh") -> str:
    """A document as listed among sources. zh: '《title》 number'; en: 'English title (《title》, number)'."""
    printed = f"《{doc['title']}》" + (f" {doc['number']}" if doc.get("number") else "")
    if lang != "en":
        return printed
    printed = printed.replace("》 ", "》, ")
    return f"{doc['title_en']} ({printed})" if doc.get("title_en") else printed


def source_label(dataset, row: Mapping, lang: str = "zh") -> str:
    """The citation of a dataset row's document and section."""
    doc = dataset.documents.loc[row["doc"]]
    return citation(doc["number"], doc["title"], row["section"], lang, doc.get("title_en", ""))


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


def value_label(row: pd.Series | dict, unit: str, lang: str) -> str:
    """'≤ 3.0047 亿立方米', 'keep the 2020 level', 'not applicable' — never a bare 0 for a kept level.

    `row` is a dataset row or the text cells of an import row (baseline year "" when there is none)."""
    baseline = row["baseline_year"]
    has_baseline = pd.notna(baseline) and str(baseline).isdigit()
    if row["qualifier"] == "not_applicable":
        return t("not_applicable", lang)
    if row["qualifier"] == "maintain_baseline" and has_baseline:
        return t("maintain_baseline", lang, year=int(baseline))
    symbol = comparator_prefix(row["comparator"])
    label = with_unit(f"{symbol}{row['value']}", unit, lang)
    if has_baseline:
        label += (
            f"（{t('vs_baseline', lang, year=int(row['baseline_year']))}）"
            if lang == "zh"
            else f" ({t('vs_baseline', lang, year=int(row['baseline_year']))})"
        )
    return label
