"""Meanings shared by every display, each defined once: how a value prints with its comparator and qualifier
(their table: qualifiers.py), dimensionless units, and how a value's source is cited."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .i18n import t
from .qualifiers import ANNOTATING_QUALIFIERS, COMPARATOR_SYMBOL

# Units printed as nothing after a value.
DIMENSIONLESS = ("无量纲", "dimensionless")


def comparator_prefix(comparator: str | None) -> str:
    """'≤ ' or '≥ ' before a value; nothing for '=' or no comparator."""
    return f"{COMPARATOR_SYMBOL[comparator]} " if comparator in ("<=", ">=") else ""


def citation(number: str | None, title: str, section: str, lang: str = "zh", title_en: str = "") -> str:
    """A source as cited under a value. zh: '赤政发〔2025〕11号 附件 …' ('《title》 section' without a number).
    en: 'Chifeng Water-Saving Action Implementation Plan (赤政发〔2025〕11号), 附件 …': the English name first, then
    the number (or title) and the section as printed in the document, which stay Chinese."""
    printed = number or f"《{title}》"
    if lang != "en":
        return f"{printed} {section}"
    name = f"{title_en} ({printed})" if title_en else printed
    section = ascii_punctuation(section)  # its words stay as printed; its punctuation reads as English
    return f"{name}, {section}" if section else name


_FULL_WIDTH = str.maketrans({"，": ", ", "、": ", ", "：": ": ", "；": "; ", "（": " (", "）": ") ", "。": ". ",
                             "“": '"', "”": '"', "！": "! ", "？": "? ", "\u3000": " "})  # fmt: skip


def ascii_punctuation(text: str) -> str:
    """'二、主要目标（到2022年）' → '二, 主要目标 (到2022年)': Chinese punctuation as ASCII, spaces tidied."""
    text = re.sub(r" {2,}", " ", text.translate(_FULL_WIDTH))
    return re.sub(r" ([,.;:)!?])", r"\1", re.sub(r"\( ", "(", text)).strip()


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
