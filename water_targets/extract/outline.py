"""The section tree of a Chinese plan's text: its headings (一、 （一） 1. （1） 附件 第X章 …) with their offsets, and
the section a character offset lies in, written as data/indicators/values.csv cites it ('三、重点行动（二）农业节水增效
4.大力推进节水灌溉').

Headings split by a page break (the marker on one line, its title after a page number or an empty line) are
mended. A paragraph opening with 到2022年 directly under a top-level heading is cited as '（到2022年）', the
convention of the shipped rows for plans that list their goals by year."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LABEL = 40  # characters of a heading's title kept in its label
# A continuation of a split title is a short line without sentence punctuation.
MAX_CONTINUATION = 20
YEAR_PARAGRAPH_LEVEL = 9  # below every numbered level: it only ever nests under a top-level heading

_CN_NUM = "一二三四五六七八九十百零〇两"
_LEAD = r"(?:#{1,6}[ \t]+)?[ \u3000]*"  # markdown heading marks (converted texts), indentation
# (level, pattern of the marker); the marker must be followed by its title or the line end, never by a digit (20.23)
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"{_LEAD}(第[{_CN_NUM}0-9]+(?:部分|编|章))")),
    (1, re.compile(rf"{_LEAD}(第[{_CN_NUM}0-9]+节)")),
    (3, re.compile(rf"{_LEAD}(第[{_CN_NUM}0-9]+条)")),
    (1, re.compile(rf"{_LEAD}((?:附件|附表)[ \u3000]*[0-9]*[：:]?)")),
    (1, re.compile(rf"{_LEAD}([{_CN_NUM}]+、)")),
    (2, re.compile(rf"{_LEAD}([（(][{_CN_NUM}]+[）)])")),
    (3, re.compile(rf"{_LEAD}([0-9]{{1,3}}[.、．](?![0-9]))")),
    (4, re.compile(rf"{_LEAD}([（(][0-9]{{1,3}}[）)])")),
)
_SENTENCE_END = re.compile(r"[。；;：:]")
_PAGE_NUMBER = re.compile(
    r"[ \u3000]*(?:[-—–]+[ \u3000]*[0-9]{1,4}[ \u3000]*[-—–]+|[0-9]{1,4}|第[ ]*[0-9]+[ ]*页.*)[ \u3000]*"
)
_YEAR_PARAGRAPH = re.compile(r"[ \u3000]*到[ \u3000]*([0-9]{4})[ \u3000]*年(底|末)?[ \u3000]*[，,]")


@dataclass(frozen=True)
class Heading:
    """A heading: `start`–`end` the characters of its label's line(s) in the text; level 1 一、 and 附件, 2 （一）,
    3 1., 4 （1）; `label` as printed, e.g. '三、重点任务' or '（二）农业节水增效'."""

    start: int
    end: int
    level: int
    label: str


def text_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each line of the text."""
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _marker(line: str) -> tuple[int, int, str] | None:
    """(level, where the marker ends in the line, the marker) of a heading line, else None."""
    for level, pattern in _MARKERS:
        match = pattern.match(line)
        if match:
            return level, match.end(), match.group(1)
    return None


def _title(rest: str) -> tuple[str, bool]:
    """The title after a marker up to the first sentence punctuation (at most MAX_LABEL characters), and whether
    it ended at punctuation."""
    match = _SENTENCE_END.search(rest)
    title = rest[: match.start()] if match else rest
    return title.strip()[:MAX_LABEL], match is not None


def _continuation(lines: list[tuple[int, str]], index: int) -> int | None:
    """The index of the next line with text after `index`, skipping empty and page-number lines, if it is short,
    has no marker, no sentence punctuation and no tab (a table row) — the rest of a title split by a page break."""
    for j in range(index + 1, min(index + 6, len(lines))):
        line = lines[j][1]
        if not line.strip() or _PAGE_NUMBER.fullmatch(line):
            continue
        stripped = line.strip().lstrip("# \u3000")
        if len(stripped) > MAX_CONTINUATION or _marker(line) or re.search(r"[。；;：:，,\t]", stripped):
            return None
        return j
    return None


def headings(text: str) -> list[Heading]:
    """The headings of a plan's text in order."""
    lines = text_lines(text)
    found: list[Heading] = []
    skip_to = -1
    for i, (offset, line) in enumerate(lines):
        if i <= skip_to:
            continue
        marked = _marker(line)
        if marked is None:
            year = _YEAR_PARAGRAPH.match(line)
            if year and _under_top_level(found):
                label = f"（到{year.group(1)}年{year.group(2) or ''}）"
                found.append(Heading(offset, offset + year.end(), YEAR_PARAGRAPH_LEVEL, label))
            continue
        level, end, marker = marked
        title, ended = _title(line[end:])
        stop = offset + len(line.rstrip())
        if not ended and len(title) < MAX_LABEL and (nxt := _continuation(lines, i)) is not None:
            # the marker alone, or a title cut by a page break: its rest is the next short line
            title = (title + lines[nxt][1].strip().lstrip("# \u3000"))[:MAX_LABEL]
            stop = lines[nxt][0] + len(lines[nxt][1].rstrip())
            skip_to = nxt
        start = offset + len(line) - len(line.lstrip("# \t\u3000"))
        found.append(Heading(start, stop, level, _label(marker, title)))
    return found


def _label(marker: str, title: str) -> str:
    """Marker and title without the space some texts print between them ('4. 大力推进' → '4.大力推进'), but one
    space after a marker that ends in a word or number ('附件 赤峰市…', '第一章 总则')."""
    marker = marker.strip()
    if title and re.search(r"[件表章节条分编0-9]$", marker):
        return f"{marker} {title}"
    return marker + title


def _under_top_level(found: list[Heading]) -> bool:
    """Whether the innermost numbered heading so far is a top-level one (not an annex)."""
    numbered = [h for h in found if h.level != YEAR_PARAGRAPH_LEVEL]
    return bool(numbered) and numbered[-1].level == 1 and not numbered[-1].label.startswith(("附件", "附表"))


def section_at(heads: list[Heading], offset: int) -> str:
    """The chain of headings enclosing `offset`, written as values.csv writes a section: levels joined without a
    separator, but a space before an arabic item (or a year paragraph's parentheses never) when a title precedes."""
    chain: list[Heading] = []
    for head in heads:
        if head.start > offset:
            break
        while chain and chain[-1].level >= head.level:
            chain.pop()
        chain.append(head)
    out = ""
    for head in chain:
        if out and head.level == 3 and _ends_with_title(out):
            out += " "
        out += head.label
    return out


def _ends_with_title(section: str) -> bool:
    """Whether a section so far ends in a heading's title rather than a bare marker ('（三）', '一、')."""
    return not re.search(rf"(?:[{_CN_NUM}]+、|[（(][{_CN_NUM}0-9]+[）)])$", section)
