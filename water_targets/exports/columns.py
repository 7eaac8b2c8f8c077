"""A column of an exported table, defined once for its header, its cells and its width, and how many lines a
text wraps to (slides and workbooks do not all fit rows to wrapped text, so the exports size them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import font_metrics
from .canvas import GlyphEms


@dataclass(frozen=True)
class Column:
    """`header`: an i18n key (the data files print it as it is); `width`: characters in a workbook, inches on a
    slide (the widest the column grows to); `get`: a row's cell (each table says what it is given). The rest
    are options some tables read."""

    header: str
    width: float
    get: Callable[..., Any]
    wrap: bool = False  # workbook: wrapped text
    figure: bool = False  # progress workbook: built from validated numbers, written as it is
    status: bool = False  # progress tables: the cell filled with the status colour
    sheet: Callable[..., Any] | None = None  # data workbook: the cell when it differs from the text's


# A line breaks between CJK characters and after a Latin word (with its trailing spaces), never inside a word
# unless the word alone is wider than the line.
_TOKENS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+")


# Noto Sans CJK (its Latin is Source Sans) in PowerPoint and LibreOffice, slightly generous so that estimates err
# on wrapping; every other Latin character 0.5 em.
TABLE_EMS = GlyphEms(space=0.24, upper=0.64, digit=0.53, lower=0.5, narrow=0.5, other=0.5)


def char_em(ch: str) -> float:
    """Advance width of a character in ems of a table cell's text. CJK fonts draw most symbols (≤ ≥ · – ⁸ ³) full
    width, superscripts too (10⁸ m³)."""
    return TABLE_EMS.em(ch, ord(ch) > 0x2000 or ch in "·²³¹")


# LibreOffice (and PowerPoint with East Asian typography) puts a space between CJK and Latin text ("〔 2020 〕"):
# about a quarter em at each such boundary.
_CJK_LATIN = re.compile(r"(?<=[\u2e80-\uffff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u2e80-\uffff])")
CJK_LATIN_EM = 0.25


def text_em(text: str) -> float:
    """Width of one line in ems: measured with the export font where it is installed, else estimated."""
    return font_metrics.text_em(text, char_em) + CJK_LATIN_EM * len(_CJK_LATIN.findall(text))


def line_count(text: str, width_em: float) -> int:
    """Lines `text` wraps to in a box `width_em` ems wide (greedy, as text frames and cells wrap)."""
    width_em = max(width_em, 1.0)
    total = 0
    for para in str(text).split("\n"):
        lines, used, previous = 1, 0.0, ""
        for token in _TOKENS.findall(para):
            w = text_em(token)
            if used and _CJK_LATIN.search(previous + token[0]):  # the gap a renderer puts between the tokens
                w += CJK_LATIN_EM
            previous = token[-1]
            if used and used + w - text_em(token) + text_em(token.rstrip()) > width_em:
                lines, used = lines + 1, 0.0
                if token.isspace():
                    continue
            while w > width_em:  # a word wider than the line is broken
                lines, w = lines + 1, w - width_em
            used += w
        total += lines
    return total


def longest_word_em(text: str) -> float:
    """The widest piece that cannot be broken (a Latin word, a CJK character): a column's narrowest width."""
    return max((text_em(tok.rstrip()) for tok in _TOKENS.findall(str(text))), default=0.0)


def fit_widths(natural: list[float], minimum: list[float], total: float) -> list[float]:
    """Column widths summing to `total`: each column's natural (one-line) width where they all fit, else the
    widest columns capped at a common width (never below their minimum); what is left over is shared out in
    proportion to the natural widths."""
    minimum = [min(m, total / len(natural)) for m in minimum]
    natural = [max(n, m) for n, m in zip(natural, minimum, strict=True)]
    if sum(natural) > total:
        lo, hi = 0.0, max(natural)
        for _ in range(60):  # bisect the common cap
            cap = (lo + hi) / 2
            if sum(max(m, min(n, cap)) for n, m in zip(natural, minimum, strict=True)) > total:
                hi = cap
            else:
                lo = cap
        natural = [max(m, min(n, lo)) for n, m in zip(natural, minimum, strict=True)]
    spare = total - sum(natural)
    weight = sum(natural) or 1.0
    return [n + spare * n / weight for n in natural]
