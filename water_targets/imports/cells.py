"""Reading what staff type in a cell: the cell as stored, invisible characters, numbers as Excel shows them, words
(目标/实际, 以内/以上, 保持2020年水平, units), regions by name or code, years, dates."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from ..qualifiers import COMPARATOR_TABLE, NEUTRAL_VALUE_PREFIXES, QUALIFIER_TABLE, VALUE_SUFFIXES

if TYPE_CHECKING:
    from .parse import Vocabulary


class XlsxCell(NamedTuple):
    """An .xlsx cell as stored: typed value, formula text if it is one, number format."""

    value: object
    formula: str | None = None
    number_format: str = "General"


RawCell = str | XlsxCell


@dataclass
class CellGrid:
    label: str | None  # worksheet name; None for a CSV
    rows: list[tuple[int, list[RawCell]]] = field(default_factory=list)  # non-empty rows with their row number
    count: int = 0  # all non-empty rows, also those past what is kept


FORMULA_TEXT = re.compile(r"=\s*[A-Za-z_($@]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_ASCII_NUMBER = str.maketrans("０１２３４５６７８９．－−﹣，＋％＜＞＝　", "0123456789.---,+%<>= ")
_DECIMALS = re.compile(r"0\.(0+)")


def clean_text(text: str) -> str:
    return text.translate(_INVISIBLE).replace("\r\n", "\n").strip()


def _plain(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _number_text(number: float, number_format: str) -> str:
    """Shortest digits of an .xlsx number (0.58 -> "0.58", 12.0 -> "12"). With the format given (value
    column only) keep the trailing zeros the cell shows ("0.0000" -> "0.5800"), never its rounding, and
    show a percent-formatted cell as Excel does (0.2 with "0%" -> "20%")."""
    if isinstance(number, float) and not math.isfinite(number):
        return str(number)
    exact = Decimal(repr(number)) if isinstance(number, float) else Decimal(number)
    percent = "%" in number_format
    if percent:
        exact *= 100
    text = _plain(exact)
    decimals = _DECIMALS.search(number_format)
    if decimals and "e" not in number_format.lower():
        padded = f"{exact:.{len(decimals.group(1))}f}"
        if Decimal(padded) == exact:
            text = padded
    return text + ("%" if percent else "")


def cell_text(raw: RawCell, column: str) -> tuple[str, str | None]:
    """(text, formula): the cell as text, stripped; the formula when the cell is one."""
    if isinstance(raw, str):
        return clean_text(raw), None
    if raw.formula is not None:
        return "", raw.formula
    value = raw.value
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int | float):
        return _number_text(value, raw.number_format if column == "value" else "General"), None
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")), None
    if isinstance(value, date | time):
        return value.isoformat(), None
    return clean_text(str(value)), None


def word_key(text: str) -> str:
    """Key for small vocabularies (kinds, qualifiers, comparators): width-folded, lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower()).replace("...", "")


def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {word_key(w): code for code, words in table.items() for w in words}


COMPARATOR_WORDS = _words({c.code: c.words for c in COMPARATOR_TABLE})
# Words around the number in a value cell ("≥0.66", "控制在20.23亿立方米以内").
_PREFIX_WORDS = {**{c.code: c.value_prefixes for c in COMPARATOR_TABLE}, "": NEUTRAL_VALUE_PREFIXES}
_VALUE_PREFIXES = sorted(((w, c) for c, ws in _PREFIX_WORDS.items() for w in ws), key=lambda wc: -len(wc[0]))
_VALUE_SUFFIXES = list(VALUE_SUFFIXES)
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")
# What a cell may say for each code; the first word is the one the template's dropdowns offer (a staff member picks
# words, not codes: template.py).
KIND_TABLE = {"target": ("目标值", "target", "目标"), "actual": ("实际值", "actual", "实际")}
DOCUMENT_KIND_TABLE = {
    "plan": ("规划方案", "plan", "规划", "方案", "实施方案"),
    "statistics": ("统计公报", "statistics", "统计", "公报"),
    "assessment": ("考核", "assessment"),
}
QUALIFIER_CHOICES = {  # the longest Chinese word first (保持基准年水平, 预估数)
    q.code: (max((w for w in q.words if re.search(r"[\u4e00-\u9fff]", w)), key=len, default=q.code), q.code, *q.words)
    for q in QUALIFIER_TABLE
}
KIND_WORDS = _words(KIND_TABLE)
DOCUMENT_KIND_WORDS = _words(DOCUMENT_KIND_TABLE)
QUALIFIER_WORDS = _words(QUALIFIER_CHOICES)
MAINTAIN_YEAR = re.compile(r"保持([0-9]{4})年?水平")
_UNIT_ALIASES = {
    "亿m3": "亿立方米",
    "亿方": "亿立方米",
    "108m3": "亿立方米",  # 10⁸ m³ after NFKC
    "10^8m3": "亿立方米",
    "万m3": "万立方米",
    "万方": "万立方米",
    "104m3": "万立方米",
    "10^4m3": "万立方米",
    "km": "公里",
    "千米": "公里",
    # The English units before they were written in words (10⁴ mu, 10⁴ m³/year), after NFKC.
    "104mu": "万亩",
    "10^4mu": "万亩",
    "104m3/year": "万立方米/年",
    "10^4m3/year": "万立方米/年",
}


def unit_key(unit: str) -> str:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit).lower())
    key = key.removeprefix("×")  # '20.23 × 100 million m³', as English exports join a value to its unit
    return _UNIT_ALIASES.get(key, key)


def normalize_year(text: str) -> str:
    """ "2025", "2025年", "２０２５", "2025.0" -> "2025"; anything else as typed."""
    t = re.sub(r"\s+", "", text.translate(_ASCII_NUMBER))
    m = re.fullmatch(r"([0-9]{4})(?:\.0+)?(?:年度?)?", t)
    return m.group(1) if m else text


_NAME_AND_CODE = re.compile(r"(.+?)[（(]([0-9]{6})[)）]")


def resolve_region(text: str, vocab: Vocabulary) -> str:
    """An adcode, a unique Chinese name, or "东河区（150202）" (name and code, as region templates list them)."""
    t = re.sub(r"\s+", "", text.translate(_ASCII_NUMBER))
    if re.fullmatch(r"[0-9]{6}", t):
        return t
    if (m := _NAME_AND_CODE.fullmatch(t)) and vocab.region_codes.get(m.group(2)) == m.group(1):
        return m.group(2)
    return vocab.region_names.get(text, text)


def resolve_indicator(text: str, vocab: Vocabulary) -> str:
    for candidate in (text, text.lower()):
        if candidate in vocab.indicator_units:
            return candidate
        if candidate in vocab.indicator_names:
            return vocab.indicator_names[candidate]
    return text


def normalize_date(text: str) -> str:
    """ "2025年4月11日", "2025/4/11", "2025.4.11" -> "2025-04-11"; anything else as typed."""
    t = text.translate(_ASCII_NUMBER)
    m = re.fullmatch(r"([0-9]{4})\s*[年./-]\s*([0-9]{1,2})\s*[月./-]\s*([0-9]{1,2})\s*日?", t)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else text


def split_value(text: str) -> tuple[str, list[tuple[str, str]], str] | None:
    """(number, comparator words found, unit text) of "控制在20.23亿立方米以内"; None if no number leads."""
    t = text.translate(_ASCII_NUMBER).strip()
    words: list[tuple[str, str]] = []
    for word, code in _VALUE_PREFIXES:
        if t.startswith(word):
            words.append((word, code))
            t = t[len(word) :].lstrip()
            break
    m = _NUMBER.match(t)
    if not m:
        return None
    rest = t[m.end() :].strip()
    for word, code in _VALUE_SUFFIXES:
        if rest.endswith(word):
            words.append((word, code))
            rest = rest[: -len(word)].strip()
            break
    return m.group().replace(",", ""), words, rest
