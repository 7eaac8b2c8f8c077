"""A value's note (the curator's short remark, in Chinese: the plan's wording quoted and how the value was read) in
a reader's language. Chinese prints it as stored. English takes its rendering from data/indicators/note_texts.csv,
which keeps every quote of the plan in Chinese (the citation) with an English gloss after it; a note the table does
not know (a value imported later) stays as stored."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .indicators import bundled_directory
from .sections import translation_table

NOTES_FILE = "note_texts.csv"

# A number as a note prints it. Digits right after a letter are a unit's exponent ('万m3'), not a number.
_NUMBER = re.compile(r"(?<![A-Za-z])[0-9]+(?:\.[0-9]+)?")
# Quoted wording: the plan's Chinese, kept as printed in English, and the glosses after it.
_QUOTE = re.compile(r"“[^“”]*”|「[^「」]*」|\"[^\"]*\"")
# CJK punctuation and the full-width forms (，（）：；％ …).
_FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uff65“”‘’]")


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _in_order(wanted: list[str], found: list[str]) -> bool:
    """Whether `wanted` occurs in `found` in the same order (English may add the numbers of its units and of the
    glosses: '× 100 million m³', '“下降20%以上” (“down 20% or more”)')."""
    rest = iter(found)
    return all(any(item == other for other in rest) for item in wanted)


def _problem(zh: str, en: str) -> str | None:
    """What is wrong with one row, None when nothing is."""
    if not zh or not en:
        return "both zh and en are needed"
    if not _in_order(_numbers(zh), _numbers(en)):
        return f"{en!r} does not keep the numbers of {zh} in order ({', '.join(_numbers(zh))})"
    if not _in_order(_QUOTE.findall(zh), _QUOTE.findall(en)):
        return f"{en!r} does not keep the quotes of {zh} as printed"
    if marks := _FULL_WIDTH.findall(_QUOTE.sub("", en)):
        return f"full-width punctuation ({''.join(marks)}) outside the quotes of {en!r}"
    return None


@cache
def note_texts(directory: Path | None = None) -> dict[str, str]:
    """Note (as stored) → its English, read once from data/indicators/note_texts.csv (columns zh,en). Raises
    ValueError for a malformed table: an empty or repeated note, an English rendering that loses a number or a
    quote of the note or changes their order, or full-width punctuation in English outside a quote."""
    return translation_table((directory or bundled_directory()) / NOTES_FILE, _problem)


def note_words(note: str, lang: str) -> str:
    """A value's note in `lang`. zh: as stored. en: its rendering in the table, '红山区 用水总量（亿立方米）0.9098；
    比较符依正文“控制在…以内”' → 'Hongshan District: total water use (100 million m³) 0.9098; comparator per the
    main text “控制在…以内” (“kept within …”)'; a note not in the table as stored."""
    if lang != "en" or not note:
        return note
    return note_texts().get(note.strip(), note)
