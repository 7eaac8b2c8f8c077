"""Propose one cited row per quantitative target (or actual figure) in the text of a Chinese water-saving plan.

`propose(read)` reads the prose sentence by sentence and the allocation annexes (目标分解表) table by table and
returns proposals with the fields of the `extract` command (issue 20) except `file`. Rules are written for the
language of Chinese plans: numbers with units, the catalogue indicator from the synonym table
data/indicators/indicator_synonyms.csv, target and baseline years, comparators, qualifiers, schedules, lists,
actual figures and the region named in a clause or a table row. Nothing here reads the network or a model.

Table cells printed "/" (not applicable) are skipped: they propose nothing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from .. import region_search
from ..geo import bundled_geo
from ..prices import CURRENT_PRICE_LEVEL
from .outline import headings, section_at, text_lines

if TYPE_CHECKING:
    from .text import ReadText

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "indicators"

# Printed units, longest first so that 万立方米/年 wins over 万立方米 and 亿立方米 over 立方米.
UNITS = (
    "万立方米/年", "万m3/年", "万m³/年", "亿立方米", "亿立方公尺", "亿m3", "亿m³", "万立方米", "万立方公尺", "万m3",
    "万m³", "立方米", "立方公尺", "m3", "m³",
    "亿亩", "万亩", "亩", "万千瓦", "公里", "千米", "%", "％", "万座",
    "个", "家", "座", "所", "处", "项", "眼", "条",
)
UNIT_CLASS = {
    "%": "share", "％": "share", "亿立方米": "volume", "万立方米": "volume", "万立方米/年": "volume",
    "立方米": "volume", "万座": "count", "亿亩": "area", "万亩": "area", "亩": "area", "公里": "length",
    "千米": "length", "个": "count",
    "家": "count", "座": "count", "所": "count", "处": "count", "项": "count", "眼": "count", "条": "count",
    "座/村": "count", "万m3/年": "volume", "万m³/年": "volume", "亿m3": "volume", "亿m³": "volume",
    "万m3": "volume", "万m³": "volume", "m3": "volume", "m³": "volume", "": "coefficient", "无量纲": "coefficient",
    "亿立方公尺": "volume", "万立方公尺": "volume", "立方公尺": "volume",
}
# (printed unit, catalogue unit) -> factor to the catalogue unit.
CONVERT = {
    ("万立方米", "亿立方米"): 1e-4, ("亿立方米", "万立方米"): 1e4,
    ("立方米", "万立方米"): 1e-4,
    ("亿立方米", "万立方米/年"): 1e4, ("万立方米", "万立方米/年"): 1.0, ("万立方米/年", "万立方米"): 1.0,
    ("亩", "万亩"): 1e-4, ("亿亩", "万亩"): 1e4, ("万m3", "亿立方米"): 1e-4, ("万m³", "亿立方米"): 1e-4,
    ("亿m3", "万立方米"): 1e4,
    ("亿m³", "万立方米"): 1e4, ("m3", "万立方米"): 1e-4, ("m³", "万立方米"): 1e-4, ("千米", "公里"): 1.0,
    ("％", "%"): 1.0, ("万座", "座"): 1e4, ("万立方公尺", "亿立方米"): 1e-4, ("亿立方公尺", "万立方米"): 1e4,
    ("立方公尺", "万立方米"): 1e-4,
}
CN_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
PERIOD_END = {"十三五": 2020, "十四五": 2025, "十五五": 2030}

# a figure: "1,800" (thousands), "0.58", "５５．８" (full width)
_NUM = r"(?<![\d.．,])(\d{1,3}(?:,\d{3})+(?![\d])(?:[.．]\d+)?|\d+(?:\s?[.．]\s?\d+)?)"
# "亿 m3" as web pages print it: a space may stand between the multiplier and m3.
BARE_MULTIPLIER_TAIL = r"\s*([亿万])(?=\s*[、和及与,，])"


def _unit_pattern(unit: str) -> str:
    """A printed unit as web pages also print it: a space may follow 亿/万 ("0.8亿 立方米", "120万 亩") or stand
    before m3."""
    if unit[0] in "亿万" and len(unit) > 1:
        return re.escape(unit[0]) + r"\s?" + _unit_pattern(unit[1:])
    return re.escape(unit).replace("m", r"\s?m", 1) if "m" in unit else re.escape(unit)


_UNIT_RE = "|".join(_unit_pattern(u) for u in UNITS)
VALUE_RE = re.compile(_NUM + r"\s*(" + _UNIT_RE + r")?")
BARE_MULTIPLIER = re.compile(_NUM + BARE_MULTIPLIER_TAIL)
CN_VALUE_RE = re.compile(r"(?<![一二三四五六七八九十百千万])([一两二三四五六七八九十])\s*(个|家|座|所|处|项)")
CONDITION_AFTER = re.compile(r"\s*(?:(?:及)?以[上下])?的?[^，。；,]{0,8}?(?:企业|单位|用户|用水户|取用水户|园区)")
STRUCTURE_NOUNS = re.compile(r"\s*(?:方面|举措|措施|任务|行动|环节|部分|阶段|领域|重点)")
ALL_RE = re.compile(r"(全部|全面)")
YEAR_RE = re.compile(
    r"(?:(\d{4})\s*[-—–~至到]\s*)?(\d{4})\s*年(底|末|前|以前)?"
    r"|[“\"「『]?(十[三四五]五)[”\"」』]?\s*(?:规划)?\s*(?:期末|末|时期末|期间|时期|以来|目标)"
)
# Where a plan looks back (发展现状, 取得成效…), a figure is what was, unless its clause says what shall be.
REVIEW_SECTION = re.compile(r"现状|基础|成效|成就|进展|回顾|形势|存在问题|主要问题|发展概况|基本情况|完成情况")
# Words that make a clause a target whatever its year: "控制在", "力争", "到2025年"…
STRONG_TARGET = re.compile(
    r"控制在|控制目标|力争|确保|目标|不低于|不超过|不少于|不高于|以内|年底前|年前|计划|要|应|将|到\s*\d{4}\s*年|"
    r"到\s*[“\"]?十[四五]五"
)
PRICE_YEAR = re.compile(r"\s*年?\s*(?:不变价|可比价|价格|当年价)")
# "2024年底前": a deadline of its own sentence
DEADLINE = re.compile(r"\d{4}\s*年\s*(?:底|末)?\s*(?:前|以前)")
# "由2015年的0.536提高到0.563": the first figure is that year's actual.
FROM_YEAR = re.compile(r"(?:由|从)\s*(\d{4})\s*年(?:底|末)?的?\s*$")
# "比上年减少7.8亿立方米": a change on the year before, not a level.
YEAR_ON_YEAR = re.compile(r"(?:比|较)(?:上年|年初|上年末)(?:同期)?(?:增加|减少|下降|上升|提高|降低|增长)了?\s*$")
# "较2015年增加3.2亿立方米": a volume's change since a base year, no level either
CHANGE_SINCE = re.compile(r"(?:比|较)\d{4}\s*年(?:增加|减少|上升|增长|降低|下降)了?\s*$")
# "全部建成", "全部达到": every unit of a share reaches it (100 %, as the plan says)
ALL_DONE = re.compile(r"(全部|全面)\s*(?:建成|达到|完成|实现|创建|通过)"
                      # "全部县级行政区达到…标准": 全部 before the units it counts (全面 there means "comprehensively")
                      r"|(全部)(?=[^，。；、\d%％]{1,12}?(?:建成|达到|完成|实现|创建|通过))"
                      # "全部市直机关、50%以上的市直事业单位…建成": one item of a list (the share named next, below)
                      r"|(全部)(?=[^，。；、\d%％]{1,12}?[、和及])")
# a truncated synonym ("水总量") inside another quantity: 蓄水总量, 降水总量, 水资源总量
NOT_THE_PHRASE_AFTER = {"水总量": "蓄降源流"}
# what an unmapped row must be about: water, its use, supply, saving or infrastructure
WATER_WORDS = re.compile(r"水|灌溉|管网|漏损|节水|取水|供水|用水")
MONEY = re.compile(r"资金|补助|投资|投入|预算|亿元|万元(?!GDP|国内|地区|工业)")
# a clause that names its own quantity before its number: "节水型居民小区覆盖率达到20%"
OWN_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,}(?:率|比例|占比|面积|数量|长度|能力|用水量|供水量|总量|消耗量|耗水量)\s*(?:"
    + "|".join(("达到", "提高到", "提升到", "控制在", "不低于", "不少于", "不超过", "为", "是")) + r")?\s*$")
SENTENCE_END = re.compile(r"[。；;！？!?\n]")
CLAUSE_END = re.compile(r"[，,：:‧•●■]")  # bullets of a web page's box separate its items
HEADING_RE = re.compile(
    r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(?[一二三四五六七八九十]+\)|\d{1,2}\s*[.．、](?!\d)|附件)"
)

# a title on a line of its own ("规划要点一览", "主要指标"): a new block, whose figures do not take the year before
TITLE_LINE = re.compile(r"[ \t\u3000]*[^\d，,。；;：:！？!?]{2,20}[ \t\u3000]*")
TOP_HEADING_RE = re.compile(r"^\s*(?:#+\s*)?(?:[一二三四五六七八九十]+、|附件|附表|第[一二三四五六七八九十]+[章部])")

LE_AFTER = ("以内", "以下", "之内")
GE_AFTER = ("以上", "及以上")
EQ_AFTER = ("左右",)
LE_BEFORE = (
    "不超过", "不高于", "小于", "低于", "控制在", "控制目标为", "控制目标", "降至", "降低到", "下降到",
    "压减到", "压缩到", "控制",
)
GE_BEFORE = (
    "不低于", "不少于", "达到", "提高到", "提高至", "提升到", "提升至", "超过", "大于", "达", "增加到", "增长到",
)
REDUCE_BEFORE = ("下降", "降低", "减少")
EQ_BEFORE = ("约", "大约", "近")
YEAR_ON_YEAR_WORDS = ("比上年", "较上年", "同比")
ACTUAL_MARKS = ("比上年", "较上年", "同比", "已达到", "已达", "已完成", "已建成", "累计完成", "完成了", "实际", "现状",
                "现有", "已有", "已累计", "目前")
TARGET_MARKS = (
    "到", "控制", "目标", "力争", "达到", "提高", "提升", "确保", "计划", "实现", "以内", "以上", "不低于", "不超过",
    "不少于", "不高于",
)
INTENT_MARKS = (
    *TARGET_MARKS, "建成", "完成", "创建", "新增", "发展", "实施", "推选", "建设", "新建", "改造", "要", "应", "将",
)


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: str
    kind: str
    direction: str


@dataclass(frozen=True)
class Token:
    """A span of the text and what it means (a year, an indicator phrase, a value)."""

    start: int
    end: int
    text: str
    unit: str = ""  # a unit read elsewhere: "31.5亿、22.8亿和17.6亿立方米" gives 31.5 the list's 亿立方米


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    with open(DATA_DIR / "indicators.csv", encoding="utf-8") as f:
        return {r["id"]: Indicator(r["id"], r["unit_zh"], r["kind"], r["direction"]) for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """phrase -> indicator id, from indicator_synonyms.csv."""
    with open(DATA_DIR / "indicator_synonyms.csv", encoding="utf-8") as f:
        return {r["phrase"]: r["indicator"] for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _phrase_re() -> re.Pattern:
    """The synonyms, longest first; a space may stand between two characters (web copies: "万元工业增 加值")."""
    phrases = sorted(synonyms(), key=len, reverse=True)
    return re.compile("|".join("(?:[ \u3000]{0,9}\n?)".join(re.escape(ch) for ch in p) for p in phrases))


def unit_class(unit: str) -> str:
    return UNIT_CLASS.get(unit, "other")


CUBIC_METRES = ("立方米", "m3", "m³")
# Where a text names the prices of a figure per 万元, and which of them are current (当年价) ones.
PRICE_WORDS = re.compile(r"当年价|现价|可比价|不变价")
CURRENT_PRICES = ("当年价", "现价")  # a figure per 万元 is printed in cubic metres: "用水量74.96立方米"


def compatible(printed_unit: str, indicator_id: str) -> bool:
    ind = catalogue()[indicator_id]
    if ind.unit == "立方米/万元":  # an intensity level (当年价): its figures are printed in cubic metres
        return printed_unit in CUBIC_METRES
    want, have = unit_class(ind.unit), unit_class(printed_unit)
    if want == "coefficient":
        return have == "coefficient"
    if have == "coefficient":
        return False
    return want == have


def convert(value: float, printed_unit: str, indicator_id: str | None) -> float:
    if indicator_id is None:
        return value
    factor = CONVERT.get((printed_unit, catalogue()[indicator_id].unit), 1.0)
    return round(value * factor, 10)


def default_comparator(indicator_id: str | None) -> str:
    if indicator_id and catalogue()[indicator_id].direction == "lower_is_better":
        return "<="
    return ">="


def parse_number(text: str) -> float:
    return float(re.sub(r"[\s,]", "", text).replace("．", "."))


# ---------------------------------------------------------------------------------------------- regions


class Regions:
    """The plan region and the units below it, found by their Chinese names (water_targets.region_search)."""

    def __init__(self, region: str | None) -> None:
        self.region = region
        self.names: dict[str, str] = {}  # full Chinese name -> adcode, descendants of the plan region only
        self.region_name = ""
        self._re: re.Pattern | None = None
        self.short: dict[str, str] = {}
        self._list_re: re.Pattern | None = None
        if not region:
            return
        try:
            geo = bundled_geo()
        except Exception:  # without the catalogue, every row keeps the plan region
            return
        self.geo = geo
        self.cat = region_search.catalogue(geo)
        self.region_name, self.names, self._re = _units_below(region)
        self.short, self._list_re = _short_names(region)

    def resolve(self, name: str) -> str | None:
        """Adcode of a unit named in a table row: the plan region for 全市/全县/合计, else a descendant."""
        name = re.sub(r"\[[^\]]*\]|\s", "", name)
        if not self.region or not name:
            return None
        if name in ("全市", "全县", "全区", "全旗", "全盟", "全省", "合计", "总计", "全州") or name == self.region_name:
            return self.region
        if name in self.names:
            return self.names[name]
        try:
            hits = region_search.search(self.geo, name, 20)
        except region_search.QueryError:
            return None
        for hit in hits:
            if hit.match in ("name", "name_prefix") and self.region in self.cat.lineage(hit.region.adcode):
                return hit.region.adcode
        return None

    def listed_in(self, text: str) -> list[tuple[str, str]]:
        """The units a clause lists one after another ("寿光市、昌邑市", "准格尔旗和伊金霍洛旗"), in order; fewer
        than two when it names one or none, or names them apart."""
        if self._list_re is None:
            return []
        found = list(self._list_re.finditer(text))
        # a unit's short name ("合肥、芜湖、蚌埠三市", "福田、罗湖、南山三区") counts only inside such a list
        runs: list[list[re.Match]] = []
        for m in found:
            if runs and re.fullmatch(r"[\s、，,和及与]*", text[runs[-1][-1].end():m.start()]):
                runs[-1].append(m)
            else:
                runs.append([m])
        runs = [r for r in runs if len(r) > 1]
        if len(runs) != 1:
            return []
        return [(self.names.get(m.group()) or self.short[m.group()], m.group()) for m in runs[0]]

    def named_in(self, text: str) -> tuple[str | None, str]:
        """The unit a clause names (adcode, name as printed), else the plan region."""
        if self._re is not None:
            found = self._re.search(text)
            if found:
                return self.names[found.group()], found.group()
        return self.region, self.region_name


UNIT_SUFFIX = re.compile(r"(?:自治县|自治旗|特别合作区|新区|地区|市|区|县|旗|盟|州)$")


@lru_cache(maxsize=64)
def _short_names(region: str) -> tuple[dict[str, str], re.Pattern | None]:
    """The units below a region by their names without 市/区/县/旗… (合肥, 福田) where that is unambiguous among
    them, and a pattern finding full and short names (longest first), for lists of units."""
    _name, names, _pattern = _units_below(region)
    short: dict[str, list[str]] = {}
    for full, code in names.items():
        bare = UNIT_SUFFIX.sub("", full)
        if len(bare) >= 2 and bare != full and bare not in names:
            short.setdefault(bare, []).append(code)
    cat = region_search.catalogue(bundled_geo())
    unique = {}
    for bare, codes in short.items():
        # 南昌 in a province's plan is 南昌市, not 南昌县: the unit nearest the plan region, when only one is
        depth = {c: len(cat.lineage(c)) for c in codes}
        nearest = [c for c in codes if depth[c] == min(depth.values())]
        if len(nearest) == 1:
            unique[bare] = nearest[0]
    every = sorted([*names, *unique], key=len, reverse=True)
    return unique, re.compile("|".join(re.escape(n) for n in every)) if every else None


@lru_cache(maxsize=64)
def _units_below(region: str) -> tuple[str, dict[str, str], re.Pattern | None]:
    """The region's Chinese name, its descendants' names -> adcodes and a pattern finding them (longest first);
    computed once per region (the catalogue's lineage walk over 3,000 units is the slow part)."""
    geo = bundled_geo()
    cat = region_search.catalogue(geo)
    name = geo.regions[region].name_zh if region in geo.regions else ""
    names = {unit.name_zh: code for code, unit in geo.regions.items() if code != region and region in cat.lineage(code)}
    ordered = sorted(names, key=len, reverse=True)
    return name, names, re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None


# ---------------------------------------------------------------------------------------------- tables


@dataclass
class Cell:
    text: str
    start: int
    end: int


def _cell(text: str, start: int, end: int) -> Cell:
    """A cell with its stripped text and the offsets of that text."""
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    return Cell(re.sub(r"\s*\n\s*", "", body), start + lead, start + lead + len(body))


def table_rows(text: str) -> list[list[list[Cell]]]:
    """Tables as lists of rows of cells. Two layouts: one row per line with cells separated by tabs, and one cell
    per line (each starting with a tab, a cell's further lines without one) with a blank line between rows."""
    tables: list[list[list[Cell]]] = []
    current: list[list[Cell]] = []
    row: list[Cell] = []
    lines = text_lines(text)

    def close_row() -> None:
        nonlocal row
        if row:
            current.append(row)
        row = []

    def close_table() -> None:
        nonlocal current
        close_row()
        if len(current) >= 2:
            tables.append(current)
        current = []

    in_cells = False  # inside a one-cell-per-line row
    for pos, line in lines:
        if PIPE_ROW.search(line) and line.count("|") + line.count("｜") >= 2:  # "序号 | 指标 | 2020年 | …"
            close_row()
            in_cells = False
            cells = []
            for m in re.finditer(r"[^|｜]+", line):
                if m.group().strip():
                    cells.append(_cell(text, pos + m.start(), pos + m.end()))
            current.append(cells)
        elif line.strip() and (line.count("\t") >= 2 or "\t" in line.strip()):  # a whole row on one line
            close_row()
            in_cells = False
            cells, cpos = [], pos
            for part in line.split("\t"):
                cells.append(_cell(text, cpos, cpos + len(part)))
                cpos += len(part) + 1
            if cells and not cells[0].text and line.startswith("\t"):
                cells = cells[1:]  # a leading tab indents the row, it is no cell
            current.append(cells)
        elif line.startswith("\t"):
            in_cells = True
            row.append(_cell(text, pos + 1, pos + len(line)))
        elif not line.strip():
            if in_cells:
                close_row()
            elif current:
                close_table()
        elif in_cells and row:  # a cell's text continued on the next line
            last = row[-1]
            row[-1] = _cell(text, last.start if last.text else pos, pos + len(line))
        else:
            close_table()
            in_cells = False
    close_table()
    spaced = spaced_tables(text, lines)
    covered = {row[0].start for table in spaced for row in table}
    return tables + stacked_tables(text, lines) + spaced + aligned_tables(text, lines, covered)


def display_width(text: str) -> int:
    """Columns a text takes in a fixed-width layout: two for wide (CJK, full-width) characters, one for others."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def aligned_tables(text: str, lines: list[tuple[int, str]], covered: set[int]) -> list[list[list[Cell]]]:
    """Tables laid out by spaces as a PDF prints them: cells at the same positions on every line, two or more
    spaces apart, the column titles wrapped over one to four lines above the rows; a row's label may be spaced out
    ("全  市"). Each run of rows under its header is a table (a table broken by a page repeats its header)."""
    def pieces(pos: int, line: str) -> list[tuple[int, Cell]]:
        """The line's cells with the column each starts at as printed (a CJK character is two columns wide)."""
        return [(display_width(line[:m.start()]), Cell(m.group(), pos + m.start(), pos + m.end()))
                for m in re.finditer(r"\S+(?: \S+)*", line)]

    def row_of(pos: int, line: str) -> tuple[Cell, list[tuple[int, Cell]]] | None:
        if "\t" in line or "|" in line:
            return None
        found = pieces(pos, line)
        k = 0
        while k < len(found) and not _is_value_cell(found[k][1].text):
            k += 1
        values = found[k:]
        if k == 0 or not values or not all(_is_value_cell(c.text) for _, c in values):
            return None
        label = "".join(c.text for _, c in found[:k])
        if len(label) > 20 or re.search(r"[，。；：]", label):
            return None
        return Cell(label, found[0][1].start, found[k - 1][1].end), values

    tables: list[list[list[Cell]]] = []
    i = 0
    while i < len(lines):
        first = row_of(*lines[i])
        if first is None or lines[i][0] + len(lines[i][1]) - len(lines[i][1].lstrip()) in covered:
            i += 1
            continue
        columns = [at for at, _ in first[1]]
        rows = [first]
        j = i + 1
        while j < len(lines):
            nxt = row_of(*lines[j])
            if nxt is None or len(nxt[1]) != len(columns):
                break
            rows.append(nxt)
            j += 1
        head_lines = []
        h = i - 1
        while h >= 0 and len(head_lines) < 4 and lines[h][1].strip() and row_of(*lines[h]) is None:
            head_lines.insert(0, lines[h])
            h -= 1
        if len(rows) >= 2 and head_lines:
            titles: list[list[Cell]] = [[] for _ in range(len(columns) + 1)]
            for pos, line in head_lines:
                for at, cell in pieces(pos, line):
                    if at < columns[0] - 2:
                        titles[0].append(cell)
                        continue
                    column = min(range(len(columns)), key=lambda c: abs(columns[c] - at))
                    titles[column + 1].append(cell)
            if all(titles[1:]):
                header = [Cell("".join(c.text for c in t), t[0].start, t[-1].end) if t else Cell("", 0, 0)
                          for t in titles]
                tables.append([header, *[[label, *[c for _, c in values]] for label, values in rows]])
        i = j
    return tables


def _spaced_cells(text: str, pos: int, line: str) -> list[Cell]:
    return [Cell(m.group(), pos + m.start(), pos + m.end()) for m in re.finditer(r"\S+", line)]


def spaced_tables(text: str, lines: list[tuple[int, str]]) -> list[list[list[Cell]]]:
    """Tables whose cells are separated by spaces (copied from a PDF): at least two lines of a label and figures
    (a closing word such as 约束性 allowed) under a header line of as many cells, none a figure."""
    tables: list[list[list[Cell]]] = []
    rows: list[list[Cell]] = []
    previous: list[Cell] = []

    def data(cells: list[Cell]) -> bool:
        if len(cells) >= 3 and re.fullmatch(r"\d{1,3}", cells[0].text):
            cells = cells[1:]  # a 序号
        rest = cells[1:]
        if rest and (rest[0].text in UNIT_CLASS or rest[0].text in ("—", "无量纲", "立方米/万元")) and len(rest) > 1:
            rest = rest[1:]  # a 单位 cell after the label
        words = [c for c in rest if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", c.text)]  # 约束性, 优秀…
        rest = [c for c in rest if c not in words]
        return len(cells) >= 2 and bool(rest) and len(words) <= 2 and not _is_value_cell(cells[0].text) \
            and len(cells[0].text) <= 30 and all(_is_value_cell(c.text) for c in rest)

    def close() -> None:
        nonlocal rows
        if len(rows) >= 2 and len(header) == len(rows[0]) and not any(_is_value_cell(c.text) for c in header):
            tables.append([header, *rows])
        rows = []

    header: list[Cell] = []
    for pos, line in lines:
        if "\t" in line or not line.strip():
            close()
            continue
        cells = _spaced_cells(text, pos, line)
        if data(cells) and (not rows or len(cells) == len(rows[0])) and (rows or len(cells) == len(previous)):
            if not rows:
                header = previous
            rows.append(cells)
        else:
            close()
        previous = cells
    close()
    return tables


PIPE_ROW = re.compile(r"\S\s*[|｜]\s*\S")
SHORT_LABEL = re.compile(r"[^\d。；;，,：:！？!?]{1,16}")


def stacked_tables(text: str, lines: list[tuple[int, str]]) -> list[list[list[Cell]]]:
    """Tables printed one cell per line without tabs (as web pages and PDFs copy them): column titles on lines of
    their own, then each row as its label on one line and its values, one per line, on the next ones. Found where
    at least three rows repeat the pattern label + k values (k from 1 to 6)."""
    # lines with a tab belong to the tab layouts (table_rows); a stacked table has none
    body = [(pos, line.strip(), pos + len(line) - len(line.lstrip())) if "\t" not in line else (pos, "\t", pos)
            for pos, line in lines if line.strip()]
    tables: list[list[list[Cell]]] = []
    i = 0
    while i < len(body):
        found = None
        for k in range(1, 7):
            rows, j = 0, i
            while j + k < len(body) and SHORT_LABEL.fullmatch(body[j][1]) and "\t" not in body[j][1] and all(
                    _is_value_cell(body[j + m][1]) and "\t" not in body[j + m][1] for m in range(1, k + 1)):
                rows += 1
                j += k + 1
            if rows >= 3:
                found = (k, rows)
                break
        if not found:
            i += 1
            continue
        k, rows = found
        head = body[max(0, i - k - 1):i]
        if len(head) == k + 1 and all(not _is_value_cell(h[1]) and len(h[1]) <= 40 for h in head):
            table = [[Cell(h[1], h[2], h[2] + len(h[1])) for h in head]]
            for r in range(rows):
                cells = body[i + r * (k + 1): i + (r + 1) * (k + 1)]
                table.append([Cell(c[1], c[2], c[2] + len(c[1])) for c in cells])
            tables.append(table)
        i += rows * (k + 1)
    return tables


# a figure in a table cell: "0.58", "≤19.6", "≥0.535", "[28.4]" (a period's total), "/" or "—" (not applicable)
CELL_FIGURE = re.compile(r"([≤≥<>＜＞]|不超过|不低于)?\s*[\[【(（]?\s*(\d+(?:[.．]\d+)?)\s*[\]】)）]?")
CELL_COMPARATOR = {"≤": "<=", "<": "<=", "＜": "<=", "不超过": "<=", "≥": ">=", ">": ">=", "＞": ">=", "不低于": ">="}


def _is_value_cell(text: str) -> bool:
    text = text.strip()
    return bool(CELL_FIGURE.fullmatch(text) or re.fullmatch(r"/|／|—|-|－|保持\d{4}年水平", text))


def cell_figure(text: str) -> tuple[float, str | None] | None:
    """The number of a table cell and the comparator printed with it (None when none is)."""
    m = CELL_FIGURE.fullmatch(text.strip())
    return (parse_number(m.group(2)), CELL_COMPARATOR.get(m.group(1) or "")) if m else None


def _titles(headers: list[list[Cell]], width: int) -> list[str]:
    """Column titles of a table whose header spans one or more rows; a wider row's empty cells take, in order, the
    cells of the narrower row above, whose group titles (over several filled cells) are passed over."""
    titles = [""] * width
    # a full top row and sub-titles under it (a sub-title row may lack the label column's empty cell)
    if len(headers) >= 2 and len(headers[0]) == width and all(len(r) in (width, width - 1) for r in headers[1:]):
        grid = [[c.text for c in r] if len(r) == width else ["", *(c.text for c in r)] for r in headers]
        return _grouped_titles(grid, width)
    rows = sorted(headers, key=len, reverse=True)
    if not rows:
        return titles
    full = rows[0] + [Cell("", 0, 0)] * (width - len(rows[0]))
    titles = [c.text for c in full[:width]]
    for short in rows[1:]:
        empties = [i for i, t in enumerate(titles) if not t]
        p = 0
        i = 0
        while i < width and p < len(short):
            if not titles[i]:
                titles[i] = short[p].text
                p += 1
                i += 1
                continue
            run_end = i
            while run_end < width and titles[run_end]:
                run_end += 1
            remaining_empty = len([e for e in empties if e >= run_end])
            if len(short) - p > remaining_empty:
                p += 1  # a group title over the filled run
            i = run_end
    return titles


def _grouped_titles(grid: list[list[str]], width: int) -> list[str]:
    """Titles of a header of full rows where an upper cell spans the columns under it ("用水总量（亿立方米）" over
    "年度控制目标 | 实际用水量"): each column's cells top to bottom, an empty upper cell taking its group's title."""
    titles = []
    for col in range(width):
        parts = []
        for r, row in enumerate(grid):
            cell = row[col]
            if not cell and any(grid[below][col] for below in range(r + 1, len(grid))):
                cell = next((row[k] for k in range(col - 1, -1, -1) if row[k]), "")
            if cell:
                parts.append(cell)
        titles.append("".join(parts))
    return titles


def _title_indicator(text: str, start: int) -> str | None:
    """The one catalogue indicator the line above a table names (its title), else None."""
    line = text[:start].rstrip("\n").rsplit("\n", 1)[-1]
    found = {synonyms()[re.sub(r"[ \u3000\n]", "", m.group())] for m in _phrase_re().finditer(line)}
    return found.pop() if len(found) == 1 else None


def _table_year(text: str, start: int) -> int | None:
    """The year of a table: the last year in the two lines above it that is no baseline (较2020年, 由2020年的)."""
    before = text[max(0, start - 300):start]
    lines = before.rstrip("\n").split("\n")[-3:]
    for line in reversed(lines):
        for m in reversed(list(YEAR_RE.finditer(line))):
            if m.group(4):
                return PERIOD_END[m.group(4)]
            if not re.search(r"[较比与由从]\s*$", line[:m.start()]) and 1990 <= int(m.group(2)) <= 2060:
                return int(m.group(2))
    return None


def table_proposals(
    text: str, regions: Regions, horizon: int | None, heads: list, report: bool = False, past: int | None = None
) -> tuple[list[dict], list[tuple[int, int]]]:
    """Proposals from the allocation tables, and the spans of those tables (the prose pass skips them). In a
    bulletin (`report`) a table holds actual figures, and only its columns of catalogue indicators are read."""
    out: list[dict] = []
    spans: list[tuple[int, int]] = []
    for table in table_rows(text):
        t_start, t_end = table[0][0].start, table[-1][-1].end
        if _numbered(table):  # a 序号 column: the row's label is the next cell
            table = [r[1:] if len(r) > 1 else r for r in table]
        data_idx = [
            i for i, r in enumerate(table)
            if len(r) >= 2 and r[0].text and not _is_value_cell(r[0].text)
            and sum(_is_value_cell(c.text) for c in r[1:]) >= max(1, (len(r) - 1) // 2)
        ]
        if len(data_idx) < 2 and not (data_idx and len(table[data_idx[0]]) >= 3):
            continue
        width = Counter(len(table[i]) for i in data_idx).most_common(1)[0][0]
        headers = table[: data_idx[0]]
        titles = _titles(headers, width)
        columns = [_column(t) for t in titles]
        spans.append((t_start, t_end))
        after = text[t_end:t_end + 400]
        year = _table_year(text, t_start) or horizon
        named = _title_indicator(text, t_start)
        targets = {c["indicator"] for c in columns[1:] if c["indicator"]}
        if not named and len(targets) == 1:
            # "2025年实际用水量" beside "2026年度用水总量控制指标": what was, of the same indicator
            only = targets.pop()
            for col in columns[1:]:
                if not col["indicator"] and col["actual"] and (not col["unit"] or compatible(col["unit"], only)):
                    col.update(indicator=only, short=col["title"])
        for col in columns[1:]:
            if named and not col["indicator"] and col["unit"] and compatible(col["unit"], named):
                col.update(indicator=named, short=col["title"])  # "2025年度各市用水总量控制目标完成情况"
                if col["comparator"] == default_comparator(None):
                    col["comparator"] = default_comparator(named)
        for col in columns:
            if col["indicator"] and re.search(r"注.*" + re.escape(col["short"]) + r".*预估", after):
                col["qualifier"] = col["qualifier"] or "预估"
        if _is_indicator_table(table, data_idx, titles, columns):
            out.extend(_indicator_table_rows(text, table, data_idx, width, columns, regions, heads, past, report))
            continue
        for i in data_idx:
            row = table[i]
            if len(row) != width:
                continue
            region = regions.resolve(row[0].text)
            if region is None and regions.region:
                continue  # a unit the catalogue does not have (高新区, 市级预留, a township): nothing to cite it by
            for c in range(1, width):
                col, cell = columns[c], row[c]
                value_text = cell.text
                if not col["title"] or not value_text or value_text in ("/", "／", "—", "-"):
                    continue
                if not col["indicator"]:
                    continue  # rainfall, water quality…: a column of no catalogue indicator is no target of ours
                keep = re.fullmatch(r"保持(\d{4})年水平", value_text)
                if keep:
                    value, comparator, qualifier = 0.0, ">=", value_text
                elif cell_figure(value_text):
                    value, printed = cell_figure(value_text)
                    comparator, qualifier = printed or col["comparator"], col["qualifier"]
                else:
                    continue
                actual = report or col["actual"]
                out.append(_cell_proposal(
                    text, cell, heads,
                    kind="actual" if actual else "target",
                    indicator=col["indicator"],
                    indicator_text=col["title"],
                    value=convert(value, col["unit"], col["indicator"]),
                    unit=col["unit"],
                    year=col["year"] or year,
                    baseline_year=col["baseline"],
                    comparator="=" if actual else comparator,
                    qualifier=qualifier,
                    region=region,
                    region_text=re.sub(r"\[[^\]]*\]", "", row[0].text),
                    confidence=0.9 if col["indicator"] and region else 0.6,
                ))
    return out, spans


def _numbered(table: list[list[Cell]]) -> bool:
    """Whether a table's first column numbers its rows (序号 1, 2, 3…) rather than naming them."""
    numbers = [int(r[0].text) for r in table if r and re.fullmatch(r"\d{1,3}", r[0].text) and len(r) >= 3]
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _cell_proposal(text: str, cell: Cell, heads: list, **fields: object) -> dict:
    """A proposal read from one table cell: the cell is its quote and its number, in the proposal's field order."""
    return {
        "kind": fields["kind"], "indicator": fields["indicator"], "indicator_text": fields["indicator_text"],
        "value": fields["value"], "value_text": cell.text, "unit": fields["unit"], "year": fields["year"],
        "baseline_year": fields["baseline_year"], "comparator": fields["comparator"],
        "qualifier": fields["qualifier"], "region": fields["region"], "region_text": fields["region_text"],
        "section": section_at(heads, cell.start), "quote": text[cell.start:cell.end],
        "start": cell.start, "end": cell.end, "value_start": cell.start, "value_end": cell.end,
        "confidence": fields["confidence"],
    }


def _is_indicator_table(table: list[list[Cell]], data_idx: list[int], titles: list[str], columns: list[dict]) -> bool:
    """A table of indicators by year (主要指标表: 指标 | 2020年 | 2025年 | 属性): years over its columns, and
    indicators, not units, down its first column."""
    if not any(c["year"] for c in columns[1:]):
        return False
    named = sum(bool(_phrase_re().search(table[i][0].text)) for i in data_idx)
    # the label column's own title ("指标", "指标名称"), not a table title above it ("…控制指标分解表")
    return bool(re.search(r"(?:^|\s)(?:主要)?(?:指标|项目)(?:名称)?\s*$", titles[0])) or named * 2 > len(data_idx)


def _indicator_table_rows(text: str, table: list[list[Cell]], data_idx: list[int], width: int, columns: list[dict],
                          regions: Regions, heads: list, past: int | None, report: bool) -> list[dict]:
    """One proposal per indicator × year column: the base year's (基期, or a year the document looks back on) an
    actual, the others targets of the plan's region; "属性" and other word columns are passed over."""
    out = []
    unit_col = next((c for c, col in enumerate(columns) if re.fullmatch(r"(?:计量)?单位", col["title"])), None)
    for i in data_idx:
        row = table[i]
        if len(row) != width:
            continue
        label = row[0].text
        found = [_phrase_re().search(label)]
        if not found[0]:
            continue
        phrase = max((re.sub(r"[ \u3000\n]", "", m.group()) for m in _phrase_re().finditer(label)), key=len)
        indicator: str | None = synonyms()[phrase]
        unit_m = re.search(r"[（(]([^（）()]+)[）)]\s*$", label)
        unit = unit_m.group(1) if unit_m and unit_m.group(1) != "无量纲" else ""
        if unit_col is not None and not unit:  # a 单位 column: "用水总量 | 亿立方米 | 70.1"
            unit = "" if row[unit_col].text in ("—", "-", "/", "无量纲") else row[unit_col].text
        kept_in = unit_class(catalogue()[indicator].unit)
        if not compatible(unit, indicator) and not (unit == "" and kept_in != "coefficient"):
            indicator, phrase = None, label  # "万元GDP用水量（立方米）": a level the catalogue keeps as a reduction
        base = re.search(r"[较比]\s*(\d{4})\s*年", label)
        for c in range(1, width):
            col, cell = columns[c], row[c]
            figure = cell_figure(cell.text)
            if not col["year"] or figure is None:
                continue
            actual = report or bool(re.search(r"基期|现状|基准|实际|完成", col["title"])) or (
                past is not None and col["year"] <= past and not re.search(r"目标|规划", col["title"]))
            out.append(_cell_proposal(
                text, cell, heads,
                kind="actual" if actual else "target",
                indicator=indicator,
                indicator_text=phrase,
                value=convert(figure[0], unit, indicator),
                unit=unit,
                year=col["year"],
                baseline_year=int(base.group(1)) if base else None,
                comparator="=" if actual else figure[1] or default_comparator(indicator),
                qualifier="",
                region=regions.region,
                region_text=regions.region_name,
                confidence=0.85,
            ))
    return out


def _column(title: str) -> dict:
    printed = [u for u in re.findall(r"[（(]([^（）()]+)[）)]", title) if u in UNIT_CLASS or u in ("无量纲",)]
    unit = printed[-1] if printed else ""
    unit = "" if unit in ("无量纲",) else unit
    found = [m for m in _phrase_re().finditer(title)]
    best = max(found, key=lambda m: len(m.group()), default=None)
    indicator = synonyms()[best.group()] if best else None
    base = re.search(r"[较比]\s*(\d{4})\s*年", title)
    own = [m for m in YEAR_RE.finditer(title) if m.group(2) and not re.search(r"[较比由从]\s*$", title[:m.start()])]
    if "下限" in title or "下降" in title or "提高" in title:
        comparator = ">="
    elif "上限" in title:
        comparator = "<="
    else:
        comparator = default_comparator(indicator)
    return {
        "title": title,
        "short": best.group() if best else title,
        "indicator": indicator,
        "unit": unit,
        "baseline": int(base.group(1)) if base else None,
        "year": int(own[0].group(2)) if own else None,
        "comparator": comparator,
        "qualifier": "预估" if "预估" in title else "",
        "actual": bool(re.search(r"实际|完成值|完成数|现状", title)),  # "实际用水量": what was, beside the target
    }


# ---------------------------------------------------------------------------------------------- prose


def horizon_of(text: str) -> int | None:
    """The plan's horizon: its latest target year within ten years of its first (later ones, 2035, are visions)."""
    years = []
    for m in YEAR_RE.finditer(text):
        if m.group(4):
            years.append(PERIOD_END[m.group(4)])
            continue
        before = text[max(0, m.start() - 2):m.start()]
        if re.search(r"[较比〔(（]", before) or not 1990 <= int(m.group(2)) <= 2060:
            continue
        years.append(int(m.group(2)))
    if not years:
        return None
    first = Counter(years).most_common(1)[0][0]
    near = [y for y in years if first - 5 <= y <= first + 5]
    return max(near) if near else first


def past_year_of(text: str) -> int | None:
    """The last year a document looks back on: the year before it was issued (its number 〔2021〕 near the top, or
    a signing date on a line of its own), or its commonest baseline year (较2020年) when that is later."""
    own = re.search(r"〔\s*(\d{4})\s*〕", text[:400])  # the document's own number comes before those it cites
    issued = [int(own.group(1))] if own else []
    issued += [int(y) for y in re.findall(
        r"^[ \t\u3000]*[（(]?(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[）)]?[ \t\u3000]*$", text, re.M)]
    dated = document_year(text)  # a news report's or a speech's date near the top
    if dated is not None:
        issued.append(dated)
    bases = [int(y) for y in re.findall(r"[较比]\s*(\d{4})\s*年", text)]
    looked_back = [int(y) for y in re.findall(r"(?:由|从)\s*(\d{4})\s*年(?:底|末)?的", text)]
    found = [max(issued) - 1] if issued else []
    if bases:
        found.append(Counter(bases).most_common(1)[0][0])
    if looked_back:
        found.append(max(looked_back))
    for period, start in (("十四五", 2020), ("十五五", 2025)):  # undated, a five-year plan looks back before it
        if period in text and not issued:
            found.append(start)
    return max(found) if found else None


RELATIVE_YEAR = re.compile(r"(?<![一二两三四五六七八九十\d])(去年|上年度|今年|本年度|年内|明年)(?!\s*[同以])")
RELATIVE_SHIFT = {"去年": -1, "上年度": -1, "今年": 0, "本年度": 0, "年内": 0, "明年": 1}


def document_year(text: str) -> int | None:
    """The year a document is dated: the first full date (2024年1月10日) near its top — a news report's or a
    speech's — which 去年/今年/明年 count from."""
    m = re.search(r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?<!\d)(\d{4})[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)",
                  text[:400])
    year = m and int(m.group(1) or m.group(2))
    return year if year and 1990 <= year <= 2060 else None


def _year_tokens(text: str, start: int, end: int, doc_year: int | None = None
                 ) -> list[tuple[int, int, list[int], bool]]:
    """(start, end, years, is_baseline) of the year mentions in text[start:end]; 去年/今年/明年 as years when the
    document is dated (`doc_year`)."""
    out = []
    if doc_year is not None:
        for m in RELATIVE_YEAR.finditer(text, start, end):
            baseline = bool(re.search(r"[较比]\s*$", text[max(start, m.start() - 2):m.start()]))  # 较去年
            out.append((m.start(), m.end(), [doc_year + RELATIVE_SHIFT[m.group(1)]], baseline))
    for m in YEAR_RE.finditer(text, start, end):
        if m.group(4):
            out.append((m.start(), m.end(), [PERIOD_END[m.group(4)]], False))
            continue
        y2 = int(m.group(2))
        if not 1990 <= y2 <= 2060 or PRICE_YEAR.match(text, m.end(2)):
            continue  # "按2020年不变价计算": a price basis, not a year of the figure
        before = text[max(start, m.start() - 3):m.start()]
        baseline = bool(re.search(r"[较比与](?:\s*)$", before)) or bool(
            re.search(r"[由从]\s*$", before) and re.match(r"\s*年(?:底|末)?的", text[m.end(2):m.end(2) + 4]))
        if m.group(1):
            y1 = int(m.group(1))
            years = list(range(y1, y2 + 1)) if 0 < y2 - y1 <= 10 else [y2]
        else:
            years = [y2]
        out.append((m.start(), m.end(), years, baseline))
    return sorted(out)


def _values(text: str, start: int, end: int, years: list) -> list[Token]:
    """Numbers with units (and coefficients) in text[start:end], without years, document numbers or ordinals."""
    inside_year = [(s, e) for s, e, *_ in years]
    out: list[Token] = []
    for m in VALUE_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        if any(ys <= s < ye for ys, ye in inside_year):
            continue
        nxt = text[e:e + 2]
        prev = text[max(start, s - 1):s]
        if re.match(r"\s*[年月日号〕\]]|\s*[-—–~]\s*\d", nxt) or prev in ("〔", "第", "[") or (
                prev in ("（", "(") and not m.group(2)):
            continue  # years, dates, document numbers, ordinals ("（1）"); "（135.0亿立方米）" is a figure
        if re.match(r"\s*[.．、]", text[m.end(1):m.end(1) + 1]) and not m.group(2) and s == start:
            continue
        unit = re.sub(r"\s", "", m.group(2) or "")
        value = parse_number(m.group(1))
        if not unit and not (value < 1 and re.search(r"[.．]", m.group(1))):
            continue  # a bare number is a coefficient only when it is a fraction
        if unit and unit not in ("%", "％") and (
            re.match(r"\s*(?:及)?以[上下]的", text[e:e + 5])
            or (re.match(CONDITION_AFTER, text[e:e + 20])
                and re.search(r"年(?:取)?用水(?:总)?量|许可水量|超过\s*$", text[max(start, s - 10):s]))
        ):
            continue  # "1万亩以上的渠首", "年用水量10万立方米以上企业": a condition on what is counted, not a target
        out.append(Token(s, e, m.group()))
    for m in CN_VALUE_RE.finditer(text, start, end):
        out.append(Token(m.start(), m.end(), m.group()))
    # "31.5亿、22.8亿和17.6亿立方米": the list's items take the unit printed after its last one
    full = [(t, re.sub(r"\s", "", m.group(2))) for t in out if (m := VALUE_RE.fullmatch(t.text)) and m.group(2)]
    for m in BARE_MULTIPLIER.finditer(text, start, min(len(text), end + 3)):
        if m.start() >= end or any(t.start == m.start() for t in out):
            continue
        last = next((unit for t, unit in full if 0 < t.start - m.end() < 40 and unit.startswith(m.group(2))), None)
        if last is not None:
            out.append(Token(m.start(), m.end(), m.group(), last))
    return sorted(out, key=lambda t: t.start)


def _phrases(text: str, start: int, end: int) -> list[Token]:
    """The catalogue phrases in text[start:end]; a token's text is the phrase itself (spaces inside dropped)."""
    out = []
    for m in _phrase_re().finditer(text, start, end):
        phrase = re.sub(r"[ \u3000\n]", "", m.group())
        if m.start() == 0 or text[m.start() - 1:m.start()] not in NOT_THE_PHRASE_AFTER.get(phrase, ""):
            out.append(Token(m.start(), m.end(), phrase))
    return out


def _clause_bounds(text: str, s_start: int, s_end: int, pos: int) -> tuple[int, int]:
    left = s_start
    for m in CLAUSE_END.finditer(text, s_start, pos):
        left = m.end()
    m = CLAUSE_END.search(text, pos, s_end)
    return left, (m.start() if m else s_end)


def _pick_indicator(text: str, phrases: list[Token], unit: str, c_start: int, c_end: int, s_start: int, pos: int,
                    end: int, units_after_qizhong: bool = False) -> Token | None:
    ok = [p for p in phrases if compatible(unit, synonyms()[p.text])]
    near = [p for p in phrases if c_start <= p.start and p.end <= pos]
    nearest = max(near, key=lambda p: (p.end, len(p.text)), default=None)
    if nearest and nearest not in ok and not re.search(r"[\d%％]", text[nearest.end:pos]):
        return None  # "万元GDP用水量57.2m3": the number's own name, in a unit the catalogue does not keep
    # "1个节水农业示范区", "20%以上市级事业单位": the counted noun follows its number and measure word.
    follows = [p for p in ok if p.start >= end and re.fullmatch(r"\s*(?:及?以上|以下)?的?", text[end:p.start])]
    if follows and unit_class(unit) == "share":
        return follows[0]
    # "创建节水标杆企业200家、节水标杆园区60家": a name right before its number is its own
    adjacent = [p for p in ok if c_start <= p.start and p.end <= pos and re.fullmatch(r"\s*", text[p.end:pos])]
    if adjacent and unit_class(unit) == "count":
        return adjacent[-1]
    after_in_clause = [p for p in ok if p.start >= end and p.end <= c_end]
    if after_in_clause and unit_class(unit) == "count":
        return after_in_clause[0]
    # "用水总量控制在3.62亿立方米以内（其中黄河水不超过3.10亿立方米）": after 其中 a part is named, not the whole —
    # unless the part is a unit ("其中章贡区城区控制在8%以内": the same indicator, of a unit)
    parted = "其中" in text[c_start:pos] and not units_after_qizhong
    before = [p for p in ok if c_start <= p.start and p.end <= pos and not ("其中" in text[p.end:pos] and parted)]
    if before:
        return max(before, key=lambda p: (p.end, len(p.text)))
    after = [p for p in ok if p.start >= pos and p.end <= c_end]
    if after:
        return min(after, key=lambda p: (p.start, -len(p.text)))
    # "在非常规水源供水量中，再生水2.71亿m³": after "…中，" its parts are named, not the whole
    breakdown = bool(re.search(r"中\s*[，,]\s*$", text[s_start:c_start]))
    if parted or breakdown or re.search(OWN_NAME, text[c_start:pos]):
        return None  # a part after 其中, or a clause naming its own quantity ("节水型居民小区覆盖率达到20%")
    earlier = [p for p in ok if s_start <= p.start and p.end <= c_start]
    if earlier:
        return max(earlier, key=lambda p: (p.end, len(p.text)))
    # "按照2023年30%、2024年70%的进度，推进县域节水型社会达标建设": a schedule's share named after it
    later = [p for p in ok if p.start >= c_end]
    if later and unit_class(unit) == "share" and re.search(r"进度|比例|步骤", text[pos:later[0].start]):
        return later[0]
    return None


def _number_of(token: Token) -> tuple[float, str, str]:
    """(value, value_text, unit) of a value token."""
    if token.unit:
        number = re.match(_NUM, token.text)
        return parse_number(number.group(1)), number.group(1), token.unit
    m = VALUE_RE.fullmatch(token.text)
    if m:
        return parse_number(m.group(1)), m.group(1), re.sub(r"\s", "", m.group(2) or "")
    m = CN_VALUE_RE.fullmatch(token.text)
    return float(CN_DIGITS[m.group(1)]), m.group(1), m.group(2)


def _comparator(text: str, c_start: int, tok: Token, indicator: str | None) -> tuple[str, bool, bool, str]:
    """(comparator, explicit, is_reduction, qualifier) read around a value."""
    # web copies break words with spaces ("控制 在9%以内"): the words around a value are read without them
    after = re.sub(r"\s", "", text[tok.end:tok.end + 8])[:4]
    before = re.sub(r"\s", "", text[max(c_start, tok.start - 10):tok.start])
    reduction = bool(re.search("(" + "|".join(REDUCE_BEFORE) + r")(?:了)?\s*$", before)) or bool(
        re.search(r"分别(下降|降低|减少)", text[c_start:tok.start]))
    if after.startswith(EQ_AFTER):
        return "=", True, reduction, "左右"
    if after.startswith(LE_AFTER):
        return "<=", True, reduction, ""
    if after.startswith(GE_AFTER):
        return ">=", True, reduction, ""
    if reduction:
        return ">=", True, True, ""
    for word in EQ_BEFORE:
        if before.endswith(word):
            return "=", True, False, ""
    near = re.sub(r"\s|下达|到达|送达", "", text[c_start:tok.start])  # "国家下达的指标" is no "达"
    if any(w in near for w in GE_BEFORE) and not any(w in near for w in ("控制在", "不超过", "降至")):
        return ">=", True, False, ""
    if any(w in near for w in LE_BEFORE):
        return "<=", True, False, ""
    return default_comparator(indicator), False, False, ""


def _printed_name(text: str, c_start: int, c_end: int, tok: Token, unit: str) -> str:
    """The name printed with a number the synonym table does not know: the counted noun after a measure word,
    else the words before the number in its clause, without years, comparators and verbs of intent."""
    if unit_class(unit) == "count":
        after = re.match(r"(?:及?以上|以下)?的?([^，。；,;、（(]{1,16})", text[tok.end:c_end])
        if after and after.group(1).strip():
            return after.group(1).strip()
    before = text[c_start:tok.start]
    before = YEAR_RE.sub("", before)
    words = "|".join(sorted({*LE_BEFORE, *GE_BEFORE, *REDUCE_BEFORE, *EQ_BEFORE, "为", "是", "力争", "每年", "全市",
                             "全县", "全区", "较", "比"}, key=len, reverse=True))
    before = re.sub(words, "", before)
    return before.strip(" \t\n，,")[-16:]


def _is_actual(sentence: str, clause: str, report: bool, year: int | None = None, past: int | None = None,
               section: str = "") -> bool:
    """Whether a figure is what was (an actual) rather than what shall be: words of the past, a bulletin, a year
    the document looks back on, or a section that reviews the present — unless its clause says what shall be."""
    # "比上年下降3%" is a change on the year before: what was in a year looked back on, what shall be in a later one
    ahead = year is not None and past is not None and year > past
    marks = [w for w in ACTUAL_MARKS if w in clause]
    if marks and not (ahead and all(w in YEAR_ON_YEAR_WORDS for w in marks)):
        return True
    aim = bool(STRONG_TARGET.search(clause))
    if not aim and not ahead and any(w in sentence for w in YEAR_ON_YEAR_WORDS):
        return True
    if report and not aim:
        return True  # a bulletin or yearbook states what was (新增, 建成 included), unless a clause says what shall be
    if aim:
        return False
    if year is not None and past is not None and year <= past:
        return True
    if section and REVIEW_SECTION.search(section.split("；")[0]):
        return True
    # "2022年全市用水总量为5.1亿立方米": a year, a plain 为 and no word of intent.
    return bool(re.search(r"\d{4}\s*年[^，。；到]*?(?:为|是)\s*\d", sentence)) and not any(
        w in sentence for w in INTENT_MARKS)


def _mends(text: str, line_start: int, nl: int) -> bool:
    """Whether a line break (and the blank lines after it) is a page break inside a sentence: a body line that
    ends without punctuation, followed by a line that is no heading."""
    line = text[line_start:nl]
    # "全市用水总量控制在" / "５５．８亿立方米以内": a line that stops before its figure goes on, however short
    open_end = bool(re.search(r"(?:控制在|达到|提高到|不低于|不超过|为|在|的|和|与|及|至|到|、|，|,)\s*$", line))
    open_end = open_end and bool(re.match(r"\n[ \t\u3000]*\d", text[nl:nl + 6]))
    if (len(line.strip()) < 20 and not open_end) or (HEADING_RE.match(line) and len(line.strip()) < 40) or "\t" in line:
        return False
    if re.search(r"[。；;：:！？!?）)”\"]\s*$", line):
        return False
    nxt = re.match(r"\n*([^\n]*)", text[nl:])
    following = nxt.group(1) if nxt else ""
    return bool(following.strip()) and not HEADING_RE.match(following) and not following.lstrip().startswith(
        ("\t", "#", "|", ">", "-", "*")) and not line.lstrip().startswith((">", "|", "#", "-", "*"))


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, next start) of each sentence; page breaks inside a sentence are mended."""
    out = []
    start = 0
    line_start = 0
    mending = False
    for m in SENTENCE_END.finditer(text):
        if m.group() == "\n":
            blank = not text[line_start:m.start()].strip()
            if (mending and blank) or _mends(text, line_start, m.start()):
                mending = True
                line_start = m.end()
                continue
            line_start = m.end()
        mending = False
        out.append((start, m.start(), m.end()))
        start = m.end()
    out.append((start, len(text), len(text)))
    return out


def _current_price_level(priced: list[tuple[int, bool]], phrases: list[Token], unit: str, c_start: int, pos: int
                         ) -> tuple[str, str] | None:
    """"万元国内生产总值(当年价)用水量57.2m3": a reduction's name with 当年价 printed before a figure in cubic metres is
    the level at current prices (water_targets/prices.py) — (indicator, name as printed); None otherwise. A level
    whose prices are not printed is left unmapped: a reviewer says which prices it is at."""
    near = [p for p in phrases if c_start <= p.start and p.end <= pos]
    nearest = max(near, key=lambda p: (p.end, len(p.text)), default=None)
    level = CURRENT_PRICE_LEVEL.get(synonyms()[nearest.text]) if nearest else None
    if level is None or unit not in CUBIC_METRES or not any(nearest.start <= at < pos and cur for at, cur in priced):
        return None
    return level, nearest.text


def propose(read: ReadText, region: str | None = None, doc: str | None = None) -> list[dict]:
    """Proposals for the targets and actual figures in `read.text` (fields as the extract command prints them,
    without `file`). `region` is the plan's adcode; `doc` is accepted for the caller's bookkeeping.

    The rules read `read.plain` (traditional characters as simplified ones, character for character), so every
    offset is an offset of `read.text` too; what a proposal quotes is taken from `read.text`, as printed."""
    priced = [(m.start(), m.group() in CURRENT_PRICES) for m in PRICE_WORDS.finditer(read.plain or read.text)]
    text = without_annotations(read.plain or read.text)
    heads = headings(read.text)
    regions = Regions(region)
    horizon = horizon_of(text)
    report = bool(re.search(r"公报|年鉴|统计年报|年报", text[:300]))
    titled = re.search(REPORT_TITLE, text[:300])
    report_year = int(titled.group(1) or titled.group(2)) if report and titled else None
    past = past_year_of(text)
    doc_year = document_year(text)
    out, table_spans = table_proposals(text, regions, horizon, heads, report, past)
    carried: int | None = None
    deadline: int | None = None
    lead_in = False
    for s_start, s_end, _next in _sentences(text):
        if s_start >= s_end:
            continue
        if any(a <= s_start < b for a, b in table_spans):
            continue
        line_text = text[s_start:s_end]
        whole_line = text[s_start - 1:s_start] in ("\n", "") and text[s_end:s_end + 1] in ("\n", "")
        if (HEADING_RE.match(line_text) or (TITLE_LINE.fullmatch(line_text) and whole_line)) and (
                text[s_start - 1:s_start] in ("\n", "")) and not (lead_in and not TOP_HEADING_RE.match(line_text)):
            # a new part or task: the year its headings name ("二、2024年工作安排"), else none; items after a
            # lead-in ("到2024年，实现以下目标：") keep its year
            carried = _heading_year(section_at(heads, s_start))
        dated = _year_tokens(text, s_start, s_end, doc_year)  # the sentence's years, 今年/明年 included
        starts_list = text[s_start:s_end].rstrip().endswith(("：", ":"))
        if starts_list and deadline is not None and not dated:
            carried = deadline  # "2022年底前，各项指标达到标准。主要指标如下：" — the items are that year's
        lead_in = starts_list or (lead_in and bool(HEADING_RE.match(text[s_start:s_end])))
        out.extend(_sentence(text, s_start, s_end, regions, horizon, heads, carried, report, past, report_year,
                             dated, priced))
        # "2024年底前，…": a deadline of its own sentence, not carried to the next
        # (but a lead-in's deadline is its items' year: "2024年底前，完成以下任务：")
        # (nor a year added to what a sentence says: "…下降3%，确保“十四五”末达标")
        years = [t for t in dated if not t[3] and not RELATIVE_YEAR.fullmatch(text, t[0], t[1]) and (
            lead_in or not DEADLINE.match(text, t[0])) and not re.search(r"(?:确保|力争|争取)\s*[“\"「]?$",
                                                                         text[max(s_start, t[0] - 4):t[0]])]
        found_deadline = [t for t in dated if not t[3] and DEADLINE.match(text, t[0])]
        deadline = found_deadline[-1][2][-1] if found_deadline else None
        if years:
            # a vision beyond the plan's horizon (到2035年) is not carried to the sentences after it
            last = years[-1][2][-1]
            # "到2024年底，主要指标达到…，2025年通过验收。": the year the sentence opens with governs what follows
            opening = re.match(r"[ \t\u3000]*(?:到|至)?\s*(\d{4})\s*年(?!\s*的)", text[s_start:s_end])
            if opening and 1990 <= int(opening.group(1)) <= 2060:
                last = int(opening.group(1))
            carried = last if horizon is None or last <= horizon else None
    return [_as_printed(row, text, read.text) for row in out] if text != read.text else out


# Amounts whose catalogue has a yearly-rate indicator of their own ("每年发展高效节水灌溉面积1.6万亩")
PER_YEAR = {
    "new_efficient_irrigation_area": "annual_efficient_irrigation_area",
    "new_water_fertilizer_integration_area": "annual_water_fertilizer_integration_area",
}
# "2025年徐州市水资源公报", "水资源公报\n（2025年）": the year a bulletin reports on
REPORT_TITLE = re.compile(r"(\d{4})\s*年[^\n]{0,30}(?:公报|年鉴|年报)"
                          r"|(?:公报|年鉴|年报)\s*\n?\s*[（(]\s*(\d{4})\s*年?\s*[）)]")
# pinyin a web page prints after a character, "區(qū)", "農(nóng)田": noise the rules read as spaces
PINYIN_NOTE = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]"
                         r"|[(（](?:当年价|现价|可比价|按当年价计)[)）]")


def without_annotations(text: str) -> str:
    """The text with pinyin annotations blanked out, character for character (offsets unchanged)."""
    return PINYIN_NOTE.sub(lambda m: " " * len(m.group()), text)


def _heading_year(section: str) -> int | None:
    """The year a section's headings name ("二、2024年工作安排" → 2024), baselines apart; None when none does."""
    years = [int(m.group(2)) for m in YEAR_RE.finditer(section) if m.group(2)
             and not re.search(r"[较比由从]\s*$", section[:m.start()])]
    return years[-1] if years else None


def _as_printed(row: dict, work: str, printed: str) -> dict:
    """A proposal's texts as `printed` has them at the offsets where the rules found them in `work`."""

    def at(found: str, start: int, end: int) -> str:
        i = work.find(found, start, end) if found else -1
        return printed[i:i + len(found)] if i >= 0 else found

    start, end = row["start"], row["end"]
    return {
        **row,
        "quote": printed[start:end],
        "value_text": at(row["value_text"], row["value_start"], row["value_end"]),
        "unit": at(row["unit"], row["value_start"], row["value_end"]),
        "indicator_text": at(row["indicator_text"], max(0, start - 200), end),
        "region_text": at(row["region_text"], start, end),
    }


def _sentence(text: str, s_start: int, s_end: int, regions: Regions, horizon: int | None, heads: list,
              carried: int | None, report: bool, past: int | None, report_year: int | None,
              years: list[tuple[int, int, list[int], bool]], priced: list[tuple[int, bool]] = ()) -> list[dict]:
    """The proposals of one sentence; `years`: its year mentions (_year_tokens); `priced`: where the text names
    prices, and whether current ones (the annotation "(当年价)" is blanked in `text`)."""
    values = _values(text, s_start, s_end, years)
    sentence = text[s_start:s_end]
    alls = []
    for m in ALL_RE.finditer(text, s_start, s_end):
        # "2025年全部": a share reached by every unit, when a schedule of years precedes it.
        if re.search(r"\d{4}\s*年\s*$", text[max(s_start, m.start() - 8):m.start()]) and values:
            alls.append(Token(m.start(), m.end(), m.group()))
    phrases = _phrases(text, s_start, s_end)
    # "市级机关全部建成节水型单位": a share of its own clause reached by all (100 %, as the plan says)
    all_done: dict[int, Token] = {}
    for m in ALL_DONE.finditer(text, s_start, s_end):
        if any(a.start == m.start() for a in alls):
            continue
        word = m.group(1) or m.group(2) or m.group(3)
        c_start, c_end = _clause_bounds(text, s_start, s_end, m.start())
        shares = [p for p in phrases if c_start <= p.start and p.end <= c_end and compatible("%", synonyms()[p.text])]
        # "全部市直机关、50%以上的市直事业单位…建成": a list's item, 全部 right before the share it counts
        listed = [p for p in shares if re.fullmatch(r"\s*", text[m.start() + len(word):p.start])
                  and re.match(r"\s*(?:、|和|及|以及)", text[p.end:p.end + 3])]
        # "再生水利用率全部达到20%", "70%高耗水企业全部建成": the number is the target; "除平鲁区外…全部": not all
        numbered = any(c_start <= v.start < c_end for v in values)
        if m.group(3) and not listed:
            continue
        if shares and (listed or not numbered) and not re.search(r"除[^，。；]{1,20}外", text[s_start:m.start()]):
            token = Token(m.start(), m.start() + len(word), word)
            alls.append(token)
            all_done[token.start] = listed[0] if listed else min(shares, key=lambda p: abs(p.start - m.start()))
    if not values and not all_done:
        return []
    target_years = [y for y in years if not y[3]]
    respectively = "分别" in sentence
    # Lists: "A、B较2015年分别下降15%和10%" pairs the indicators before 分别 with the values after it, in order.
    list_pairs: dict[int, Token] = {}
    year_pairs: dict[int, int] = {}
    shared_value: dict[int, list[Token]] = {}
    region_pairs: dict[int, tuple[str, str]] = {}
    unpaired: set[int] = set()
    previous: list[Token] = []  # the names of the sentence's last 分别, for one that names none
    for each in re.finditer("分别", sentence) if respectively else ():
        at = s_start + each.start()
        c_start, c_end = _clause_bounds(text, s_start, s_end, at)
        after_vals = [v for v in values if at < v.start < c_end]
        before_phr = [p for p in phrases if c_start <= p.start < at]
        # "…用水量和…用水量比上年分别下降3.9%和5.2%，较2020年分别下降21.6%和28.4%": the same names again
        before_phr = before_phr or (previous if c_start > s_start else [])
        previous = before_phr
        if before_phr and len(before_phr) + 1 == len(after_vals):
            before_phr = _elided(text, c_start, before_phr) + before_phr
        if len(before_phr) == len(after_vals) > 1:
            list_pairs |= {v.start: p for v, p in zip(after_vals, before_phr, strict=True)}
        elif 1 < len(after_vals) and 0 < len(before_phr) < len(after_vals) and not regions.listed_in(
                text[c_start:at]) and not [y for y in target_years if c_start <= y[0] < at]:
            # "单位GDP能耗和万元GDP用水量分别下降2.5%和3%": the named ones pair from the end, others not ours
            offset = len(after_vals) - len(before_phr)
            list_pairs |= {v.start: p for v, p in zip(after_vals[offset:], before_phr, strict=True)}
            unpaired |= {v.start for v in after_vals[:offset]}
        elif len(after_vals) == 1 and len(before_phr) > 1 and _listed(text, before_phr):
            shared_value |= {after_vals[0].start: before_phr}  # "A、B较2020年分别降低16%左右": one value, each
        named = regions.listed_in(text[c_start:at])
        if len(named) == len(after_vals) > 1:  # "香洲区、斗门区、金湾区…分别控制在2.35、1.62和1.28亿立方米以内"
            region_pairs |= {v.start: n for v, n in zip(after_vals, named, strict=True)}
        ranges = [y for y in target_years if len(y[2]) > 1 and y[0] < at]
        # "2023年、2024年、2025年分别新增…3万亩、4万亩和5万亩": a list of years before 分别
        listed = [y for y in target_years if y[1] <= at and len(y[2]) == 1]
        run = [listed[-1]] if listed else []
        for y in reversed(listed[:-1]):
            if not re.fullmatch(r"[\s、，,和及与]*", text[y[1]:run[0][0]]):
                break
            run.insert(0, y)
        if ranges and len(ranges[-1][2]) == len(after_vals):
            year_pairs |= {v.start: y for v, y in zip(after_vals, ranges[-1][2], strict=True)}
        elif len(run) == len(after_vals) > 1:
            year_pairs |= {v.start: y[2][0] for v, y in zip(after_vals, run, strict=True)}
    proposals = []
    last_share: dict | None = None
    for tok in sorted(values + alls, key=lambda t: t.start):
        c_start, c_end = _clause_bounds(text, s_start, s_end, tok.start)
        is_all = tok in alls
        if is_all and tok.start in all_done:
            value, value_text, unit = 100.0, tok.text, "%"
        elif is_all:
            if last_share is None:
                continue
            value, value_text, unit = 100.0, tok.text, last_share["unit"]
        else:
            value, value_text, unit = _number_of(tok)
        # The indicator: a list partner, else the nearest phrase before in the clause, else after, else earlier.
        if tok.start in unpaired:
            continue
        qizhong = text.find("其中", c_start, tok.start)
        phrase = list_pairs.get(tok.start) or _pick_indicator(
            text, phrases, unit, c_start, c_end, s_start, tok.start, tok.end,
            units_after_qizhong=qizhong >= 0 and bool(re.match(r"其中\s*(?:\d{4}\s*年|今年|明年|去年)",
                                                               text[qizhong:tok.start])
                                                      or regions.listed_in(text[qizhong:tok.start])
                                                      or regions.named_in(text[qizhong:tok.start])[1] not in (
                                                          "", regions.region_name)))
        if is_all and tok.start in all_done:
            phrase = all_done[tok.start]
            indicator, indicator_text = synonyms()[phrase.text], phrase.text
        elif is_all:
            indicator, indicator_text = last_share["indicator"], last_share["indicator_text"]
        else:
            indicator = synonyms()[phrase.text] if phrase else None
            indicator_text = phrase.text if phrase else ""
            if phrase is None and (level := _current_price_level(priced, phrases, unit, c_start, tok.start)):
                indicator, indicator_text = level
            elif indicator in CURRENT_PRICE_LEVEL and next(
                    (current for at, current in reversed(priced) if s_start <= at < tok.start), False):
                # "按当年价计算，万元GDP用水量较2020年下降10.5%": a reduction at current prices is none of ours
                # (reductions are at comparable prices: water_targets/prices.py); left for the reviewer
                indicator = None
        # The year: a schedule partner, the nearest target year before in the sentence, the carried one, the horizon.
        before_years = [y for y in target_years if y[1] <= tok.start]
        year_read = True
        if tok.start in year_pairs:
            year = year_pairs[tok.start]
        elif before_years:
            year = before_years[-1][2][-1]
        elif [y for y in target_years if c_start <= y[0] < c_end]:  # a year later in the value's own clause
            year = next(y for y in target_years if c_start <= y[0] < c_end)[2][-1]
        elif carried and not (past is not None and carried <= past and horizon and STRONG_TARGET.search(
                text[c_start:c_end]) and "年度" not in text[c_start:c_end]):
            year, year_read = carried, False  # (a looked-back year is not the year of what shall be)
        else:
            year, year_read = horizon, False
        if not year_read and past and re.search(r"[一二两三四五]年来", text[s_start:tok.start]):
            year = past  # "五年来…": the years the document looks back on, up to the last
        elif not year_read and horizon and re.search(
                r"[一二两三四五]年(?:内|间)|[一二两三四五]年(?=\s*(?:分别|合计|共)?\s*(?:新增|累计|完成|建设|改造))",
                text[s_start:tok.start]):
            year = horizon  # "三年内新增…": the plan's whole term
        lead = text[max(s_start, tok.start - 14):tok.start]
        from_year = FROM_YEAR.search(lead)
        if from_year:
            year, year_read = int(from_year.group(1)), True
        on_last_year = YEAR_ON_YEAR.search(lead)
        if (on_last_year or CHANGE_SINCE.search(lead)) and unit_class(unit) != "share":
            continue  # "比上年减少7.8亿立方米", "较2015年增加3.2亿立方米": a change, not a level of the indicator
        base = [y for y in years if y[3] and y[1] <= tok.start and not FROM_YEAR.search(
            text[max(s_start, y[0] - 2):y[1] + 2])]
        baseline = base[-1][2][-1] if base and (base[-1][0] >= c_start or respectively) else None
        comparator, explicit, reduction, qualifier = _comparator(text, c_start, tok, indicator)
        if reduction and baseline is None and base:
            baseline = base[-1][2][-1]
        clause = text[c_start:c_end]
        quals = [qualifier] if qualifier else []
        if "力争" in text[c_start:tok.start] or "力争" in clause[:4]:
            quals.insert(0, "力争")
        if "预估" in clause:
            quals.append("预估")
        if re.search(r"每年", text[c_start:tok.start]):
            quals.append("每年")
            indicator = PER_YEAR.get(indicator, indicator)  # an area each year is a rate, never an amount
        keep = re.search(r"保持\d{4}年水平", clause)
        if keep:
            quals.append(keep.group())
        if is_all:
            comparator, explicit = ">=", True
        section = section_at(heads, tok.start)
        # "（回顾）全年用水总量控制在10.8亿立方米": in a review, 控制在 without 以内 says what was achieved
        achieved = bool(REVIEW_SECTION.search(section.split("；")[0])) and re.search(
            r"控制在\s*$", text[max(c_start, tok.start - 4):tok.start]) and not re.match(
            r"\s*[^，。；]{0,6}(?:以内|以下|之内)", text[tok.end:tok.end + 8])
        # "2027年，全市用水总量为16.8亿立方米": a year's figure stated with a plain 为 (no 到, no 目标) is what was
        copula = bool(re.search(r"(?:为|是|均为)\s*(?:约\s*)?$", text[max(c_start, tok.start - 4):tok.start])) and \
            year_read and not re.search(r"到\s*\d{4}|目标|控制", text[s_start:tok.start]) and (
                past is None or year is None or year <= past)
        last_year_actual = on_last_year and (past is None or year is None or year <= past)
        said = achieved or from_year or last_year_actual or (copula and not STRONG_TARGET.search(clause))
        kind = "actual" if said or _is_actual(
            sentence, clause, report, year, past, section) else "target"
        # "低于省下达的年度用水总量控制指标（14.20亿立方米）", "未完成年度目标（10%以内）": the target named
        if re.search(r"(?:指标|目标)\s*[（(]\s*(?:下降|提高)?\s*$", text[c_start:tok.start]):
            kind = "target"
            if not explicit:
                comparator = default_comparator(indicator)
        if kind == "actual":
            comparator = "="  # an actual figure is a level, whatever words surround it
            if on_last_year and year:
                baseline = year - 1
            reviewed = achieved or bool(REVIEW_SECTION.search(section.split("；")[0]))
            if report and report_year and not year_read:
                year = report_year  # a bulletin's figure without a year of its own: the bulletin's year
            elif past is not None and (year is None or (reviewed and not year_read and year > past)):
                year = past  # what was, with no year of its own: the last year the document looks back on
        if indicator and indicator.startswith("new_") and unit_class(unit) == "count" and not re.search(
                r"新|建设|建成|发展|实施", text[c_start:tok.start]):
            indicator = None  # "全市现有大中型水库23座": what exists, not what is newly built
            indicator_text = ""
        adcode, region_text = regions.named_in(clause)
        if indicator is None and unit_class(unit) == "count" and re.match(STRUCTURE_NOUNS, text[tok.end:tok.end + 4]):
            continue  # "9个方面", "30条举措": the plan's own structure, not a target
        if indicator is None and unit_class(unit) == "count" and (
                kind == "actual" or re.search(r"项目|工程|投资", text[max(c_start, tok.start - 8):tok.start])):
            continue  # "重点项目46项", "8个旗区通过验收": counts of a programme or of what was done, no indicator
        if indicator is None and unit_class(unit) == "share" and re.search(r"占比?[^，。；]{0,4}$",
                                                                         text[max(c_start, tok.start - 6):tok.start]):
            continue  # "农业用水占比85%": a composition, not a target
        if indicator is None:
            indicator_text = _printed_name(text, c_start, c_end, tok, unit)
        if indicator is None and CN_VALUE_RE.fullmatch(tok.text):
            continue  # "四个一", "一项机制": a numeral word maps to an indicator or is a figure of speech
        own = _own_name(text, phrases, c_start, tok.start) if indicator is None else None
        if own is not None and (kind == "actual" or explicit):
            indicator_text = own.text  # "万元GDP用水量为44.6立方米", "降至5立方米以下": a level kept as a reduction
        elif indicator is None and not any(w in clause for w in INTENT_MARKS):
            continue  # a number with neither a known indicator nor a word of intent is description, not a target
        if unit_class(unit) == "share" and MONEY.search(clause):
            continue  # "按不超过总投资30%的比例给予补助": a share of money
        if indicator is None and (not WATER_WORDS.search(indicator_text + clause) or MONEY.search(clause)):
            continue  # 工业增加值增长6.8%, 道路86公里, 补助30%: not a water quantity of ours
        confidence = 0.35 + (0.25 if indicator else 0) + (0.2 if year_read else 0.05 if year else 0) + (
            0.15 if explicit else 0)
        row = {
            "kind": kind,
            "indicator": indicator,
            "indicator_text": indicator_text,
            "value": convert(value, unit, indicator),
            "value_text": value_text,
            "unit": unit,
            "year": year,
            "baseline_year": baseline,
            "comparator": comparator,
            "qualifier": "；".join(dict.fromkeys(quals)),
            "region": adcode,
            "region_text": region_text,
            "section": section,
            "quote": text[s_start:s_end].strip(),
            "confidence": round(min(confidence, 0.95), 2),
        }
        lead = len(text[s_start:s_end]) - len(text[s_start:s_end].lstrip())
        row["start"] = s_start + lead
        row["end"] = row["start"] + len(row["quote"])
        row["value_start"], row["value_end"] = tok.start, tok.end
        if unit in ("%", "％") and indicator:
            last_share = row
        rows = [row]
        if tok.start in shared_value:
            rows = [{**row, "indicator": synonyms()[p.text], "indicator_text": p.text,
                     "value": convert(value, unit, synonyms()[p.text])} for p in shared_value[tok.start]]
        named = regions.listed_in(clause)
        if not named and regions.named_in(clause)[0] == regions.region:
            # "主城五区（五华、盘龙…）将率先发力，到2024年底漏损率…": the units the sentence opens with
            opening = regions.listed_in(text[s_start:c_start])
            last_name = text.rfind(opening[-1][1], s_start, c_start) if opening else -1
            # only the subject of the sentence: the list followed by what it shall do ("…呈贡）将率先发力")
            subject = last_name >= 0 and re.match(
                r"[）)]?\s*(?:等?\s*[一二两三四五六七八九十\d]+\s*个?[市区县旗])?\s*(?:将|要|应|须|需|均|都|各|率先|作为)",
                                                  text[last_name + len(opening[-1][1]):c_start])
            if subject and not any(s_start <= v.start < c_start for v in values):
                named = opening
        if len(named) > 1:
            if respectively and tok.start in region_pairs:
                rows = [{**r, "region": region_pairs[tok.start][0], "region_text": region_pairs[tok.start][1]}
                        for r in rows]
            elif not respectively and not re.search(r"合计|共计|总计|一共", clause):
                # "寿光市、昌邑市化工园区再生水利用率达到40%以上": each unit listed (not "三区合计…": their sum)
                rows = [{**r, "region": code, "region_text": name} for r in rows for code, name in named]
        proposals.extend(rows)
    return proposals


def _elided(text: str, c_start: int, phrases: list[Token]) -> list[Token]:
    """"万元地区生产总值和万元工业增加值用水量": the name before 和 shares the end of the next one; as a phrase of
    the synonym table if that makes one, else nothing."""
    first = phrases[0]
    m = re.search(r"([\u4e00-\u9fffA-Z][\u4e00-\u9fffA-Z \u3000]{1,40})\s*[和及与、]\s*$", text[c_start:first.start])
    if not m:
        return []
    head = re.sub(r"[ \u3000]", "", m.group(1))
    for k in range(1, len(first.text)):
        made = head + first.text[-k:]
        known = [p for p in synonyms() if made.startswith(p) and len(p) > len(head)]
        if known:
            return [Token(c_start + m.start(1), c_start + m.end(1), max(known, key=len))]
    return []


def _own_name(text: str, phrases: list[Token], c_start: int, pos: int) -> Token | None:
    """The catalogue phrase right before a number in its clause when the number is in a unit the indicator is not
    kept in ("万元GDP用水量为44.6立方米"), else None."""
    near = [p for p in phrases if c_start <= p.start and p.end <= pos
            and re.fullmatch(r"\s*(?:为|是|达|达到|约|:|：)?\s*", text[p.end:pos])]
    return max(near, key=lambda p: (p.end, len(p.text)), default=None)


def _listed(text: str, items: list[Token]) -> bool:
    """Whether the items are one list: nothing but 、，和及与 and spaces between them."""
    return all(re.fullmatch(r"[\s、，,和及与以]*", text[a.end:b.start]) for a, b in pairwise(items))
