"""The columns of an upload: canonical names and their labels, the headers staff may use (Chinese or English), and
finding the header row and the kind of a sheet."""

from __future__ import annotations

import re
import unicodedata

from .cells import CellGrid, RawCell, cell_text

IMPORT_DOCUMENT_COLUMNS = ["id", "region", "title", "title_en", "number", "issued", "url", "kind"]
HEADER_SCAN_ROWS = 6  # the header may sit under up to 5 title rows
MIN_HEADER_CELLS = 3
REQUIRED_VALUE_COLUMNS = ("region", "indicator", "year", "kind", "doc", "section")  # and value or qualifier
REQUIRED_DOCUMENT_COLUMNS = ("id", "region", "title", "kind")
# The Chinese name of each column in messages and in the template header ("地区 region").
COLUMN_LABELS = {
    "region": "地区",
    "indicator": "指标",
    "year": "年份",
    "kind": "类型",
    "value": "数值",
    "comparator": "比较符",
    "baseline_year": "基准年",
    "qualifier": "限定词",
    "doc": "来源文件",
    "section": "章节",
    "note": "备注",
    "id": "文件ID",
    "title": "标题",
    "title_en": "英文标题",
    "number": "文号",
    "issued": "印发日期",
    "url": "链接",
}
_REGION_HEADERS = ("region", "adcode", "地区", "区域", "行政区", "行政区划", "行政区划代码", "地区代码")
VALUE_HEADERS: dict[str, tuple[str, ...]] = {
    "region": _REGION_HEADERS,
    "indicator": ("indicator", "indicatorid", "指标", "指标名称"),
    "year": ("year", "年份", "年度"),
    "kind": ("kind", "type", "类型", "数据类型"),
    "value": ("value", "数值", "值", "目标值", "指标值"),
    "comparator": ("comparator", "比较符", "比较"),
    "baseline_year": ("baseline_year", "baseline", "基准年", "基准年份"),
    "qualifier": ("qualifier", "限定", "限定词"),
    "doc": ("doc", "document", "docid", "source", "文件", "来源文件", "出处", "文件ID"),
    "section": ("section", "章节", "条款"),
    "note": ("note", "notes", "备注", "原文"),
}
DOCUMENT_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "docid", "文件ID", "编号ID"),
    "region": _REGION_HEADERS,
    "title": ("title", "标题", "文件名称"),
    "title_en": ("title_en", "english title", "英文标题", "英文名称"),
    "number": ("number", "文号", "发文字号"),
    "issued": ("issued", "date", "印发日期", "发布日期"),
    "url": ("url", "link", "链接", "网址"),
    "kind": ("kind", "type", "类型", "文件类型"),
}


def header_key(text: str) -> str:
    """Compare names case-, width- and punctuation-blind: "Baseline Year" = "baseline_year"."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def script_runs(text: str) -> list[str]:
    return re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text)


_BRACKETED = re.compile(r"[(\[{【〔](.*?)[)\]}】〕]")
VALUE_HEADER_TABLE = {header_key(a): col for col, aliases in VALUE_HEADERS.items() for a in aliases}
DOCUMENT_HEADER_TABLE = {header_key(a): col for col, aliases in DOCUMENT_HEADERS.items() for a in aliases}


def resolve_header(header: str, table: dict[str, str]) -> str | None:
    """The canonical column a header names: "数值", "Value", "数值（value）", "地区 region"; None if unknown."""
    text = unicodedata.normalize("NFKC", header).lower().strip()
    if not text:
        return None
    if found := table.get(header_key(text)):
        return found
    outside = _BRACKETED.sub(" ", text)
    for part in (outside, *_BRACKETED.findall(text)):
        if found := table.get(header_key(part)):
            return found
    # Bilingual headers: every recognised token must name the same column.
    for pieces in (script_runs(outside), outside.split()):
        hits = {table[k] for k in map(header_key, pieces) if k in table}
        if len(hits) == 1:
            return hits.pop()
    return None


def raw_text(raw: RawCell) -> str:
    return cell_text(raw, "")[0]


def header_hits(cells: list[RawCell]) -> int:
    texts = [raw_text(c) for c in cells]
    return max(
        sum(1 for t in texts if resolve_header(t, table)) for table in (VALUE_HEADER_TABLE, DOCUMENT_HEADER_TABLE)
    )


def find_header(grid: CellGrid) -> int | None:
    """Index in grid.rows of the first of the first rows naming at least MIN_HEADER_CELLS columns."""
    for pos, (_, cells) in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        if header_hits(cells) >= MIN_HEADER_CELLS:
            return pos
    return None


def detect_kind(grid: CellGrid) -> str | None:
    pos = find_header(grid)
    if pos is None:
        return None
    texts = [raw_text(c) for c in grid.rows[pos][1]]
    return "documents" if any(resolve_header(t, DOCUMENT_HEADER_TABLE) == "title" for t in texts) else "values"
