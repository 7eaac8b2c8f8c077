"""A value's section (the heading it is cited from, as printed in its document: '三、重点行动（二）农业节水增效
4.大力推进节水灌溉', several joined by '；') in a reader's language. Chinese prints it as stored. English reads its
numbering ('Part 3', '(2)', '4.', 'Annex') and translates each heading's title through
data/indicators/section_titles.csv; a title the table does not know (a document imported later) stays as printed,
with ASCII punctuation."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .indicators import bundled_directory

TITLES_FILE = "section_titles.csv"
SECTION_SEPARATOR = "；"  # between the sections of one value, as stored

_FULL_WIDTH = str.maketrans({"，": ", ", "、": ", ", "：": ": ", "；": "; ", "（": " (", "）": ") ", "。": ". ",
                             "“": '"', "”": '"', "！": "! ", "？": "? ", "\u3000": " "})  # fmt: skip
_DIGITS = re.compile(r"[0-9]+")
_FULL_WIDTH_MARKS = set("，。：；（）【】、“”‘’！？《》〔〕\u3000")


def ascii_punctuation(text: str) -> str:
    """'二、主要目标（到2022年）' → '二, 主要目标 (到2022年)': Chinese punctuation as ASCII, spaces tidied."""
    text = re.sub(r" {2,}", " ", text.translate(_FULL_WIDTH))
    return re.sub(r" ([,.;:)!?])", r"\1", re.sub(r"\( ", "(", text)).strip()


# ---------------------------------------------------------------- numbers

_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN = "零〇一二两三四五六七八九十百"


def chinese_number(text: str) -> int:
    """'三' → 3, '十二' → 12, '二十' → 20, '一百零五' → 105; arabic digits as they are."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in "十百":
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
        else:
            raise ValueError(f"not a Chinese number: {text!r}")
    return total + digit


# ---------------------------------------------------------------- the table


def translation_table(path: Path, problem: Callable[[str, str], str | None]) -> dict[str, str]:
    """A zh,en table (Chinese as printed → its English) read from `path`; ValueError naming the file and lines for
    wrong columns, a repeated zh, or a row `problem(zh, en)` finds fault with."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["zh", "en"]:
            raise ValueError(f"{path.name}: the columns must be zh,en, not {reader.fieldnames}")
        rows = list(reader)
    table: dict[str, str] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        zh, en = (row["zh"] or "").strip(), (row["en"] or "").strip()
        if zh and zh in table:
            problems.append(f"line {line}: {zh} is listed twice")
        elif found := problem(zh, en):
            problems.append(f"line {line}: {found}")
        table[zh] = en
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return table


def _title_problem(zh: str, en: str) -> str | None:
    if not zh or not en:
        return "both zh and en are needed"
    if set(en) & _FULL_WIDTH_MARKS:
        return f"full-width punctuation in {en!r}"
    if _DIGITS.findall(zh) != _DIGITS.findall(en):
        return f"{en!r} does not keep the numbers of {zh}"
    return None


@cache
def section_titles(directory: Path | None = None) -> dict[str, str]:
    """Heading title (as printed) → its English, read once from data/indicators/section_titles.csv (columns zh,
    en). Raises ValueError for a malformed table: an empty or repeated title, full-width punctuation in English,
    or an English title whose numbers are not the printed ones."""
    return translation_table((directory or bundled_directory()) / TITLES_FILE, _title_problem)


# ---------------------------------------------------------------- parsing a heading


@dataclass
class _Heading:
    """One level of a section: its numbering in English ('Part 3', '(2)', '4.') and its title's words."""

    marker: str = ""
    joint: str = " "  # between marker and title ('Annex: …')
    words: list[str] = field(default_factory=list)

    def text(self) -> str:
        title = " ".join(self.words)
        return self.joint.join(p for p in (self.marker, title) if p) if self.marker else title


def _annex(m: re.Match) -> str:
    return f"Annex {chinese_number(m[1])}" if m[1] else "Annex"


_LEVELS = {"章": "Chapter", "节": "Section", "条": "Article", "款": "Paragraph", "部分": "Part", "篇": "Part"}
# (pattern, English numbering); tried in order at the start of what is left of the heading.
_MARKERS = (
    (re.compile(rf"第([{_CN}]+|[0-9]+)(部分|[章节条款篇])"), lambda m: f"{_LEVELS[m[2]]} {chinese_number(m[1])}"),
    (re.compile(rf"([{_CN}]+)、"), lambda m: f"Part {chinese_number(m[1])}"),
    (re.compile(rf"附件\s*([{_CN}]+|[0-9]+)?\s*[：:]?"), _annex),
    # a bulletin's tables and figures: '表1', '附表2', '图3'
    (re.compile(rf"(附?)([表图])\s*([{_CN}]+|[0-9]+)(?![0-9])"),
     lambda m: f"{'Annex ' if m[1] else ''}{'Table' if m[2] == '表' else 'Figure'} {chinese_number(m[3])}"),
    (re.compile(rf"[（(]([{_CN}]+|[0-9]+)[）)]"), lambda m: f"({chinese_number(m[1])})"),
    (re.compile(r"([0-9]+)[.．、](?![0-9])"), lambda m: f"{m[1]}."),
    (re.compile(r"([0-9]+)(?=\s|$)"), lambda m: m[1]),  # '二、重点行动（三）8': an item without its title
)
_PAREN = re.compile(r"[（(]([^（）()]*)[）)]")
_TITLE = re.compile(r"[^\s（()]+|\S")  # a parenthesis left open is a title of one character
_YEARS = (  # parenthesised years of a heading: '（到2020年底）'
    (re.compile(r"到([0-9]{4})年底"), "by the end of {0}"),
    (re.compile(r"到([0-9]{4})年"), "by {0}"),
    (re.compile(r"([0-9]{4})\s*[-—–~～至]\s*([0-9]{4})年?"), "{0}-{1}"),
    (re.compile(r"([0-9]{4})年"), "{0}"),
)


def _aside(text: str, titles: dict[str, str]) -> str | None:
    """The English of a parenthesis that is not a number ('到2020年' → 'by 2020'); None when unknown."""
    for pattern, words in _YEARS:
        if m := pattern.fullmatch(text.strip()):
            return words.format(*m.groups())
    return titles.get(text.strip())


def _english(section: str, titles: dict[str, str]) -> str:
    """One section in English: each numbering read, each title translated (else kept with ASCII punctuation); the
    section as printed with ASCII punctuation when nothing in it is known."""
    levels: list[_Heading] = []
    known = False
    rest = section.strip()
    while rest:
        for pattern, english in _MARKERS:
            if m := pattern.match(rest):
                marker = english(m)
                levels.append(_Heading(marker, ": " if marker.startswith("Annex") else " "))
                known = True
                break
        else:
            if paren := _PAREN.match(rest):
                found, m = _aside(paren[1], titles), paren
                words = f"({found if found is not None else ascii_punctuation(paren[1])})"
            else:
                m = _TITLE.match(rest)
                found = titles.get(m[0]) if m else None
                words = found if found is not None else ascii_punctuation(m[0]) if m else ""
            known = known or found is not None
            # A title opens a level of its own unless it follows a numbering; a parenthesis joins its title.
            if not levels or (levels[-1].words and not paren):
                levels.append(_Heading())
            levels[-1].words.append(words)
        rest = rest[m.end() :].lstrip() if m else ""
    if not known:
        return ascii_punctuation(section)
    out = ""
    for n, level in enumerate(levels):
        # A numbering without a title of its own runs into the next: 'Part 2 Key tasks, (7) 1. Promote …'.
        out += ("" if n == 0 else ", " if levels[n - 1].words else " ") + level.text()
    return out


def _sections(section: str) -> list[str]:
    return [s for s in (p.strip() for p in section.split(SECTION_SEPARATOR)) if s]


def section_words(section: str, lang: str) -> str:
    """A value's section(s) in `lang`. zh: as stored. en: '三、重点行动（二）农业节水增效 4.大力推进节水灌溉' → 'Part 3
    Key actions, (2) Agricultural water saving and efficiency, 4. Vigorously promote water-saving irrigation';
    several sections joined by '; '."""
    if lang != "en":
        return section
    titles = section_titles()
    return "; ".join(_english(s, titles) for s in _sections(section))


def section_quoted(section: str, lang: str) -> str:
    """A section(s) as a list of sources quotes it: in English each followed by its printed Chinese, 'Part 1 Main
    targets (一、主要目标)' (alone when it is not translated); zh: as stored."""
    if lang != "en":
        return section
    titles = section_titles()
    out = []
    for printed in _sections(section):
        english = _english(printed, titles)
        out.append(english if english == ascii_punctuation(printed) else f"{english} ({printed})")
    return "; ".join(out)
