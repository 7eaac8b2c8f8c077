"""Turn a staff upload (.xlsx or .csv) into canonical text rows and bilingual problems, never raising.

The parser finds the data (sheet, header row under up to five title rows, columns named in Chinese or
English), normalises what staff type (full-width digits, 以内/以上, a unit after the number, Chinese
labels) and refuses what must not be read (oversized files, zip bombs, formula cells). It does not
decide whether a row is valid (unknown region, year out of range, ...): the validator downstream does,
so text it cannot map is kept as typed. Row numbers are the ones Excel shows (header row counts).
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import math
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath
from typing import NamedTuple

from openpyxl import load_workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from ..geo import GeoData
from ..indicators import COMPARATORS, QUALIFIERS, VALUE_COLUMNS, Dataset, Problem

# Problem (sheet "values" | "documents" | "" for the whole file, row as Excel shows it or None, canonical
# column or None, message_en, message_zh) is the dataset's own, so upload and start-up checks read alike.

log = logging.getLogger(__name__)

IMPORT_DOCUMENT_COLUMNS = ["id", "region", "title", "number", "issued", "url", "kind"]

MAX_BYTES = 10 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 50_000  # data rows per sheet
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx once unzipped
MAX_RATIO = 100  # a member compressed more than this ...
RATIO_MIN_BYTES = 10 * 1024 * 1024  # ... and bigger than this unzipped is a bomb
MAX_MEMBERS = 1000
HEADER_SCAN_ROWS = 6  # the header may sit under up to 5 title rows
MIN_HEADER_CELLS = 3
EXCEL_LAST_ROW = 1_048_576

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".tsv")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, or a password-protected .xlsx

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
    "number": ("number", "文号", "发文字号"),
    "issued": ("issued", "date", "印发日期", "发布日期"),
    "url": ("url", "link", "链接", "网址"),
    "kind": ("kind", "type", "类型", "文件类型"),
}

_SHEET_ROLES = {
    "ignored": ("说明", "填写说明", "instructions", "readme", "指标", "indicators", "地区", "regions", "_lists"),
    "values": ("values", "数值", "目标", "数据"),
    "documents": ("documents", "文件", "来源文件"),
}


@dataclass(frozen=True)
class ParsedRow:
    sheet: str  # "values" | "documents"
    row: int
    cells: dict[str, str]  # every canonical column -> normalised text ("" for empty)


@dataclass
class ParsedFile:
    values: list[ParsedRow] = field(default_factory=list)
    documents: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows whose region is a name several units share, resolved once every sheet is read.
    ambiguous: list[tuple[ParsedRow, _Row]] = field(default_factory=list, repr=False, compare=False)


@dataclass(frozen=True)
class Vocabulary:
    indicator_units: dict[str, tuple[str, str]]  # indicator id -> (unit_zh, unit_en)
    indicator_names: dict[str, str]  # name_zh (and the id itself) -> indicator id
    region_names: dict[str, str]  # exact Chinese name -> adcode
    # A Chinese name several units share (城关区, 新城区 …) -> their adcodes; never picked silently.
    ambiguous_regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Those units' lineages (the unit, its city, its province, …) and their texts for messages (zh, en).
    region_lineages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ambiguous_texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    region_codes: dict[str, str] = field(default_factory=dict)  # adcode -> Chinese name ("东河区（150202）")
    document_regions: dict[str, str] = field(default_factory=dict)  # stored document id -> its region

    @classmethod
    def from_dataset(cls, dataset: Dataset, geo: GeoData) -> Vocabulary:
        """Units and names of the dataset's indicators; region names that name one region only, and the
        candidates of those that name several."""
        from ..catalogue import candidates_text, catalogue

        inds = dataset.indicators
        units = {r.id: (r.unit_zh, r.unit_en) for r in inds.itertuples(index=False)}
        names = {r.name_zh: r.id for r in inds.itertuples(index=False)} | {i: i for i in units}
        counts = Counter(r.name_zh for r in geo.regions.values())
        regions = {r.name_zh: r.adcode for r in geo.regions.values() if counts[r.name_zh] == 1}
        shared: dict[str, list[str]] = {}
        for r in geo.regions.values():
            if counts[r.name_zh] > 1:
                shared.setdefault(r.name_zh, []).append(r.adcode)
        cat = catalogue(geo)
        docs = dataset.documents
        return cls(
            indicator_units=units,
            indicator_names=names,
            region_names=regions,
            ambiguous_regions={n: tuple(codes) for n, codes in shared.items()},
            region_lineages={c: cat.lineage(c) for codes in shared.values() for c in codes},
            ambiguous_texts={n: candidates_text(geo, codes) for n, codes in shared.items()},
            region_codes={r.adcode: r.name_zh for r in geo.regions.values()},
            document_regions=dict(zip(docs["id"], docs["region"], strict=True)) if len(docs) else {},
        )


def parse_upload(filename: str, data: bytes, vocab: Vocabulary) -> ParsedFile:
    """Read an upload; problems (file-level or per cell) are returned, never raised."""
    out = ParsedFile()
    try:
        for kind, grid in _read(filename, data, out.problems):
            _parse_grid(kind, grid, vocab, out)
        _resolve_ambiguous(out, vocab)
    except _Refused as exc:
        return ParsedFile(problems=[exc.problem])
    except Exception as exc:  # the contract is "never raise on bad input"; a bug still shows in the log
        log.exception("parsing upload %r failed", filename)
        name = type(exc).__name__
        return ParsedFile(problems=[_file_problem(f"无法读取这个文件（{name}）", f"the file cannot be read ({name})")])
    return out


# ---------------------------------------------------------------- reading


class _XCell(NamedTuple):
    """An .xlsx cell as stored: typed value, formula text if it is one, number format."""

    value: object
    formula: str | None = None
    number_format: str = "General"


_Raw = str | _XCell


@dataclass
class _Grid:
    label: str | None  # worksheet name; None for a CSV
    rows: list[tuple[int, list[_Raw]]] = field(default_factory=list)  # non-empty rows with their row number
    count: int = 0  # all non-empty rows, also those past what is kept


class _Refused(Exception):
    """The whole file is refused: no rows are returned, only this problem."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.problem = _file_problem(zh, en)


def _file_problem(zh: str, en: str) -> Problem:
    return Problem(sheet="", row=None, column=None, message_en=en, message_zh=zh)


def _invalid_xlsx() -> _Refused:
    return _Refused(
        "这不是有效的 .xlsx 文件（可能已损坏）：请在 Excel 中重新“另存为”.xlsx 后再上传",
        "not a valid .xlsx file (it may be damaged): save it again as .xlsx in Excel and upload again",
    )


def _read(filename: str, data: bytes, problems: list[Problem]) -> list[tuple[str, _Grid]]:
    if not data:
        raise _Refused("文件是空的", "the file is empty")
    if len(data) > MAX_BYTES:
        size = math.ceil(len(data) * 10 / (1024 * 1024)) / 10
        raise _Refused(
            f"文件大小 {size} MB，超过上限 {MAX_MB} MB：请拆分成几个文件分批上传",
            f"the file is {size} MB, more than the limit of {MAX_MB} MB: split it into several files",
        )
    ext = PurePath(filename or "").suffix.lower()
    if data.startswith(b"PK"):
        return _read_xlsx(data, problems)
    if data.startswith(OLE2_MAGIC):
        raise _Refused(
            "这是旧版 Excel 97-2003（.xls）文件或设了密码的工作簿：请在 Excel 中“另存为”.xlsx（不设密码）后再上传",
            "this is an old Excel 97-2003 .xls file or a password-protected workbook: "
            "save it as .xlsx without a password and upload again",
        )
    if ext in XLSX_EXTENSIONS:
        raise _invalid_xlsx()
    if ext in CSV_EXTENSIONS:
        return [_read_csv(data)]
    raise _Refused("不支持这种文件类型：请上传 .xlsx 或 .csv 文件", "unsupported file type; upload .xlsx or .csv")


def _keep(grid: _Grid, number: int, cells: list[_Raw]) -> bool:
    """Count a non-empty row and keep it while the sheet may still be within MAX_ROWS; False once the
    first rows show there is no header (nothing more of the sheet can be read, so stop)."""
    if all(_is_empty(c) for c in cells):
        return True
    grid.count += 1
    if len(grid.rows) < MAX_ROWS + HEADER_SCAN_ROWS:
        grid.rows.append((number, cells))
    return grid.count != HEADER_SCAN_ROWS or _find_header(grid) is not None


def _is_empty(raw: _Raw) -> bool:
    if isinstance(raw, str):
        return _clean(raw) == ""
    return raw.formula is None and (raw.value is None or (isinstance(raw.value, str) and _clean(raw.value) == ""))


# CSV


def _decode(data: bytes) -> str:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # Excel's "Unicode text"
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _Refused(
            "无法识别文件的文字编码：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后再上传",
            "the text encoding is not recognised: in Excel use Save As “CSV UTF-8 (Comma delimited)” and upload again",
        )
    if "\x00" in text:
        raise _Refused(
            "这不是文本格式的 CSV 文件：请上传 .xlsx，或在 Excel 中“另存为”CSV",
            "this is not a text CSV file: upload the .xlsx, or save as CSV in Excel",
        )
    return text


def _csv_head(text: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(_clean(c) for c in row):
                rows.append(row)
            if len(rows) >= HEADER_SCAN_ROWS:
                break
    except csv.Error:
        pass
    return rows


def _read_csv(data: bytes) -> tuple[str, _Grid]:
    text = _decode(data)
    if not _clean(text):
        raise _Refused("文件是空的", "the file is empty")
    # Comma unless a tab- or semicolon-separated reading finds more column names.
    delimiter = max(",\t;", key=lambda d: max((_header_hits(r) for r in _csv_head(text, d)), default=0))
    grid = _Grid(label=None)
    number = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if not _keep(grid, number, row):
                break
    except csv.Error as exc:
        raise _Refused(
            f"第{number + 1}行无法按 CSV 读取（{exc}）：请检查引号是否成对",
            f"row {number + 1} cannot be read as CSV ({exc}): check that quotes are paired",
        ) from None
    return _detect_kind(grid) or "values", grid


# XLSX


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb before openpyxl unpacks anything (zipfile never inflates past the declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception:  # BadZipFile, but a damaged directory can raise others too
        raise _invalid_xlsx() from None
    reasons: list[tuple[str, str]] = []
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS:
        reasons.append(
            (f"内含 {len(infos)} 个部件，上限 {MAX_MEMBERS}", f"{len(infos)} parts inside, limit {MAX_MEMBERS}")
        )
    elif total > MAX_UNPACKED_BYTES:
        mb, limit = total // (1024 * 1024), MAX_UNPACKED_BYTES // (1024 * 1024)
        reasons.append((f"解压后 {mb} MB，上限 {limit} MB", f"{mb} MB unpacked, limit {limit} MB"))
    else:
        for i in infos:
            ratio = i.file_size / max(i.compress_size, 1)
            if i.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
                reasons.append((f"“{i.filename}”压缩比 {ratio:.0f}:1", f"{i.filename} is compressed {ratio:.0f}:1"))
                break
    if reasons:
        zh, en = reasons[0]
        raise _Refused(
            f"文件解压后异常膨胀（{zh}），可能是恶意文件，已拒绝：请在 Excel 中重新保存后再上传",
            f"the file expands suspiciously ({en}) and is refused: save it again in Excel and upload again",
        )


def _sheet_role(title: str) -> str | None:
    """'ignored', 'values', 'documents' from the sheet name ("数值 values", "说明"), None if not known."""
    text = unicodedata.normalize("NFKC", title).lower().strip()
    pieces = [text, *_script_runs(text), *text.split()]
    for piece in pieces:
        k = _key(piece)
        roles = {role for role, names in _SHEET_ROLES.items() if k and k in map(_key, names)}
        if len(roles) == 1:
            return roles.pop()
    return None


def _xcell(cell: ReadOnlyCell | EmptyCell) -> _XCell:
    value = cell.value
    if cell.data_type == "f":
        text = str(getattr(value, "text", None) or value or "")
        return _XCell(None, text if text.startswith("=") else "=" + text)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _XCell(value, None, cell.number_format or "General")
    return _XCell(value)


def _read_sheet(ws: ReadOnlyWorksheet) -> _Grid:
    grid = _Grid(label=ws.title)
    ws.reset_dimensions()  # the stored dimension may be wrong; read every row there is
    for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        if number > EXCEL_LAST_ROW:
            raise _invalid_xlsx()
        if not _keep(grid, number, [_xcell(c) for c in row]):
            break
    return grid


def _read_xlsx(data: bytes, problems: list[Problem]) -> list[tuple[str, _Grid]]:
    _check_zip(data)
    sheets: list[tuple[str | None, _Grid]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        except Exception:  # openpyxl raises many types for a broken package
            raise _invalid_xlsx() from None
        try:
            for ws in wb.worksheets:
                role = _sheet_role(ws.title)
                if role != "ignored":
                    grid = _read_sheet(ws)
                    if grid.count:
                        sheets.append((role, grid))
        except _Refused:
            raise
        except Exception:
            raise _invalid_xlsx() from None
        finally:
            wb.close()
    if not sheets:
        raise _Refused("工作簿里没有数据", "the workbook has no data")
    named = {role for role, _ in sheets if role}
    chosen: list[tuple[str, _Grid]] = []
    for role, grid in sheets:
        if role:
            chosen.append((role, grid))
            continue
        # "Sheet1": values unless its header is a documents header; only when no sheet is named so.
        kind = _detect_kind(grid) or "values"
        if kind not in named:
            named.add(kind)
            chosen.append((kind, grid))
        else:
            problems.append(
                _file_problem(
                    f"工作表“{grid.label}”有内容，但不会读取：数值请填在“数值 values”工作表，"
                    "文件信息填在“文件 documents”工作表",
                    f"sheet “{grid.label}” has content but is not read: put values in the sheet “数值 values” "
                    "and documents in “文件 documents”",
                )
            )
    return chosen


# ---------------------------------------------------------------- headers


def _key(text: str) -> str:
    """Compare names case-, width- and punctuation-blind: "Baseline Year" = "baseline_year"."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def _script_runs(text: str) -> list[str]:
    return re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text)


_BRACKETED = re.compile(r"[(\[{【〔](.*?)[)\]}】〕]")
_VALUE_TABLE = {_key(a): col for col, aliases in VALUE_HEADERS.items() for a in aliases}
_DOCUMENT_TABLE = {_key(a): col for col, aliases in DOCUMENT_HEADERS.items() for a in aliases}


def resolve_header(header: str, table: dict[str, str]) -> str | None:
    """The canonical column a header names: "数值", "Value", "数值（value）", "地区 region"; None if unknown."""
    text = unicodedata.normalize("NFKC", header).lower().strip()
    if not text:
        return None
    if found := table.get(_key(text)):
        return found
    outside = _BRACKETED.sub(" ", text)
    for part in (outside, *_BRACKETED.findall(text)):
        if found := table.get(_key(part)):
            return found
    # Bilingual headers: every recognised token must name the same column.
    for pieces in (_script_runs(outside), outside.split()):
        hits = {table[k] for k in map(_key, pieces) if k in table}
        if len(hits) == 1:
            return hits.pop()
    return None


def _raw_text(raw: _Raw) -> str:
    return _cell_text(raw, "")[0]


def _header_hits(cells: list[_Raw]) -> int:
    texts = [_raw_text(c) for c in cells]
    return max(sum(1 for t in texts if resolve_header(t, table)) for table in (_VALUE_TABLE, _DOCUMENT_TABLE))


def _find_header(grid: _Grid) -> int | None:
    """Index in grid.rows of the first of the first rows naming at least MIN_HEADER_CELLS columns."""
    for pos, (_, cells) in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
        if _header_hits(cells) >= MIN_HEADER_CELLS:
            return pos
    return None


def _detect_kind(grid: _Grid) -> str | None:
    pos = _find_header(grid)
    if pos is None:
        return None
    texts = [_raw_text(c) for c in grid.rows[pos][1]]
    return "documents" if any(resolve_header(t, _DOCUMENT_TABLE) == "title" for t in texts) else "values"


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class _Sheet:
    kind: str  # "values" | "documents"
    label: str | None  # worksheet name shown in messages; None for a CSV

    @property
    def zh(self) -> str:
        return f"工作表“{self.label}”" if self.label else ""

    @property
    def en(self) -> str:
        return f"sheet “{self.label}”, " if self.label else ""

    def problem(self, row: int | None, zh: str, en: str) -> Problem:
        return Problem(sheet=self.kind, row=row, column=None, message_en=self.en + en, message_zh=self.zh + zh)


def _parse_grid(kind: str, grid: _Grid, vocab: Vocabulary, out: ParsedFile) -> None:
    sheet = _Sheet(kind, grid.label)
    table, columns = (_VALUE_TABLE, VALUE_COLUMNS) if kind == "values" else (_DOCUMENT_TABLE, IMPORT_DOCUMENT_COLUMNS)
    pos = _find_header(grid)
    if pos is None:
        out.problems.append(
            sheet.problem(
                None,
                f"前{HEADER_SCAN_ROWS}行里找不到表头（至少要认出 {MIN_HEADER_CELLS} 个列名，如“地区”“指标”“年份”）："
                "请使用模板；如果中文显示为乱码，请另存为 UTF-8 编码的 CSV",
                f"no header row in the first {HEADER_SCAN_ROWS} rows (at least {MIN_HEADER_CELLS} column names "
                "such as region, indicator, year are needed): use the template; if Chinese text looks garbled, "
                "save the CSV as UTF-8",
            )
        )
        return
    header_row, header_cells = grid.rows[pos]
    data_rows = grid.count - pos - 1
    if data_rows > MAX_ROWS:
        where_zh, where_en = (sheet.zh, sheet.en.rstrip(", ") + " ") if grid.label else ("文件", "the file ")
        raise _Refused(
            f"{where_zh}有 {data_rows:,} 行数据，超过上限 {MAX_ROWS:,} 行：请拆分成几个文件分批上传",
            f"{where_en}has {data_rows:,} data rows, more than the limit of {MAX_ROWS:,}: split it into several files",
        )

    mapping: dict[int, str] = {}  # cell index -> canonical column
    unknown: list[tuple[str, str]] = []
    for i, raw in enumerate(header_cells):
        text = _raw_text(raw)
        if not text:
            continue
        column = resolve_header(text, table)
        if column is None:
            unknown.append((get_column_letter(i + 1), text))
        elif column in mapping.values():
            first = get_column_letter(next(j for j, c in mapping.items() if c == column) + 1)
            second, label = get_column_letter(i + 1), COLUMN_LABELS[column]
            out.problems.append(
                sheet.problem(
                    header_row,
                    f"第{header_row}行（表头）“{label}”列出现了两次（{first}列和{second}列）：请只保留一列",
                    f"header row {header_row}: column {column} appears twice ({first} and {second}): keep one",
                )
            )
        else:
            mapping[i] = column
    if unknown:
        out.problems.append(
            sheet.problem(
                header_row,
                f"第{header_row}行（表头）有无法识别的列："
                + "、".join(f"{letter}列“{text}”" for letter, text in unknown)
                + "；这些列的内容不会导入，请删除这些列或改用模板中的列名",
                f"header row {header_row} has columns that are not recognised: "
                + ", ".join(f"{letter} “{text}”" for letter, text in unknown)
                + "; their content would not be imported: delete them or use the template's column names",
            )
        )
    present = set(mapping.values())
    required = REQUIRED_VALUE_COLUMNS if kind == "values" else REQUIRED_DOCUMENT_COLUMNS
    missing = [c for c in required if c not in present]
    missing_zh = [COLUMN_LABELS[c] for c in missing]
    if kind == "values" and not present & {"value", "qualifier"}:
        missing.append("value or qualifier")
        missing_zh.append("数值（或限定词）")
    if missing:
        out.problems.append(
            sheet.problem(
                header_row,
                f"第{header_row}行（表头）缺少必填列：{'、'.join(missing_zh)}",
                f"header row {header_row} lacks the required column(s): {', '.join(missing)}",
            )
        )

    letters = {column: get_column_letter(i + 1) for i, column in mapping.items()}
    named = mapping.keys() | {i for i, raw in enumerate(header_cells) if _raw_text(raw)}
    headerless: dict[int, int] = {}  # cell index -> first row with content under an empty header
    target = out.values if kind == "values" else out.documents
    for number, cells in grid.rows[pos + 1 :]:
        for i, raw in enumerate(cells):
            if i not in named and i not in headerless and not _is_empty(raw):
                headerless[i] = number
        raws = {column: cells[i] for i, column in mapping.items() if i < len(cells)}
        row = _Row(sheet, number, letters, out.problems)
        normalised = _values_row(row, raws, vocab) if kind == "values" else _documents_row(row, raws, vocab)
        target.append(ParsedRow(sheet=kind, row=number, cells={c: normalised[c] for c in columns}))
        if normalised["region"] in vocab.ambiguous_regions:
            out.ambiguous.append((target[-1], row))
    for i, number in sorted(headerless.items()):
        letter = get_column_letter(i + 1)
        out.problems.append(
            sheet.problem(
                number,
                f"{letter}列没有列名却有内容（从第{number}行起）：请在第{header_row}行填上列名，或删除这一列",
                f"column {letter} has content (from row {number}) but no name in header row {header_row}: "
                "name it or delete it",
            )
        )


class _Row:
    """One data row being normalised; collects its cell problems with row and column in plain words."""

    def __init__(self, sheet: _Sheet, number: int, letters: dict[str, str], problems: list[Problem]) -> None:
        self.sheet, self.number, self.letters, self.problems = sheet, number, letters, problems

    def problem(self, column: str, zh: str, en: str) -> None:
        letter = self.letters.get(column)
        where_zh = f"{self.sheet.zh}第{self.number}行“{COLUMN_LABELS[column]}”" + (f"（{letter}列）" if letter else "")
        where_en = f"{self.sheet.en}row {self.number}, column " + (f"{letter} ({column})" if letter else column)
        self.problems.append(Problem(self.sheet.kind, self.number, column, f"{where_en}: {en}", f"{where_zh}：{zh}"))

    def text(self, raws: dict[str, _Raw], column: str) -> str:
        text, formula = _cell_text(raws.get(column, ""), column)
        if formula is not None:
            self.problem(
                column,
                f"这是公式（{formula}），公式不导入：请复制后“粘贴为数值”再上传",
                f"this is a formula ({formula}); formula cells are not imported (the cached value is not used): "
                "paste as values and upload again",
            )
            return ""
        if _FORMULA_TEXT.match(text):
            self.problem(
                column,
                f"以“=”开头，像是公式（{text}），不导入：请直接填写数值或文字",
                f"starts with “=” and looks like a formula ({text}); it is not imported: type the value itself",
            )
            return ""
        return text


_FORMULA_TEXT = re.compile(r"=\s*[A-Za-z_($@]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_ASCII_NUMBER = str.maketrans("０１２３４５６７８９．－−﹣，＋％＜＞＝　", "0123456789.---,+%<>= ")
_DECIMALS = re.compile(r"0\.(0+)")


def _clean(text: str) -> str:
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


def _cell_text(raw: _Raw, column: str) -> tuple[str, str | None]:
    """(text, formula): the cell as text, stripped; the formula when the cell is one."""
    if isinstance(raw, str):
        return _clean(raw), None
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
    return _clean(str(value)), None


def _word(text: str) -> str:
    """Key for small vocabularies (kinds, qualifiers, comparators): width-folded, lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower()).replace("...", "")


def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_word(w): code for code, words in table.items() for w in words}


_COMPARATOR_WORDS = _words(
    {
        "<=": ("<=", "=<", "≤", "≦", "⩽", "以内", "以下", "不超过", "不高于", "不大于", "控制在…以内", "及以下"),
        ">=": (">=", "=>", "≥", "≧", "⩾", "以上", "不低于", "不少于", "不小于", "达到", "达到…以上", "至少", "及以上"),
        "=": ("=", "==", "等于"),
    }
)
# Words around the number in a value cell ("≥0.66", "控制在20.23亿立方米以内"); 控制在 alone says nothing.
_PREFIX_WORDS = {
    "<=": ("<=", "=<", "≤", "≦", "⩽", "不超过", "不高于", "不大于"),
    ">=": (">=", "=>", "≥", "≧", "⩾", "不低于", "不少于", "不小于", "达到", "至少"),
    "=": ("=",),
    "": ("控制在",),
}
_VALUE_PREFIXES = sorted(((w, c) for c, ws in _PREFIX_WORDS.items() for w in ws), key=lambda wc: -len(wc[0]))
_VALUE_SUFFIXES = [("及以上", ">="), ("及以下", "<="), ("以上", ">="), ("以内", "<="), ("以下", "<=")]
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")

_KIND_WORDS = _words({"target": ("target", "目标", "目标值"), "actual": ("actual", "实际", "实际值")})
_DOCUMENT_KIND_WORDS = _words(
    {
        "plan": ("plan", "规划", "方案", "实施方案"),
        "statistics": ("statistics", "统计", "公报"),
        "assessment": ("assessment", "考核"),
    }
)
_QUALIFIER_WORDS = _words(
    {
        **{q: (q,) for q in QUALIFIERS if q},
        "maintain_baseline": ("保持", "保持基准年水平"),
        "not_applicable": ("不适用", "/", "not applicable", "n/a"),
        "estimate": ("预估", "预估数"),
        "strive": ("力争",),
        "provisional": ("初步数", "初步"),
        "revised": ("修订", "修订数"),
    }
)
_MAINTAIN_YEAR = re.compile(r"保持([0-9]{4})年?水平")

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
}


def _unit_key(unit: str) -> str:
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit).lower())
    return _UNIT_ALIASES.get(key, key)


def _year(text: str) -> str:
    """ "2025", "2025年", "２０２５", "2025.0" -> "2025"; anything else as typed."""
    t = re.sub(r"\s+", "", text.translate(_ASCII_NUMBER))
    m = re.fullmatch(r"([0-9]{4})(?:\.0+)?(?:年度?)?", t)
    return m.group(1) if m else text


_NAME_AND_CODE = re.compile(r"(.+?)[（(]([0-9]{6})[)）]")


def _region(text: str, vocab: Vocabulary) -> str:
    """An adcode, a unique Chinese name, or "东河区（150202）" (name and code, as region templates list them)."""
    t = re.sub(r"\s+", "", text.translate(_ASCII_NUMBER))
    if re.fullmatch(r"[0-9]{6}", t):
        return t
    if (m := _NAME_AND_CODE.fullmatch(t)) and vocab.region_codes.get(m.group(2)) == m.group(1):
        return m.group(2)
    return vocab.region_names.get(text, text)


def _resolve_ambiguous(out: ParsedFile, vocab: Vocabulary) -> None:
    """A name several units share: the one unit of that name within the cited document's region (the region
    itself or a unit below it) when there is exactly one; otherwise a problem listing every candidate."""
    doc_regions = dict(vocab.document_regions)
    doc_regions |= {r.cells["id"]: r.cells["region"] for r in out.documents if r.cells.get("region", "").isdigit()}
    for parsed, row in out.ambiguous:
        name = parsed.cells["region"]
        codes = vocab.ambiguous_regions[name]
        home = doc_regions.get(parsed.cells.get("doc", "")) if parsed.sheet == "values" else None
        within = [c for c in codes if home and home in vocab.region_lineages.get(c, ())]
        if len(within) == 1:
            parsed.cells["region"] = within[0]
            continue
        zh, en = vocab.ambiguous_texts[name]
        row.problem(
            "region",
            f"“{name}”是{len(codes)}个地区的名称：{zh}；请改填6位行政区划代码",
            f"“{name}” names {len(codes)} regions: {en}; type the 6-digit adcode instead",
        )


def _indicator(text: str, vocab: Vocabulary) -> str:
    for candidate in (text, text.lower()):
        if candidate in vocab.indicator_units:
            return candidate
        if candidate in vocab.indicator_names:
            return vocab.indicator_names[candidate]
    return text


def _date(text: str) -> str:
    """ "2025年4月11日", "2025/4/11", "2025.4.11" -> "2025-04-11"; anything else as typed."""
    t = text.translate(_ASCII_NUMBER)
    m = re.fullmatch(r"([0-9]{4})\s*[年./-]\s*([0-9]{1,2})\s*[月./-]\s*([0-9]{1,2})\s*日?", t)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else text


def _split_value(text: str) -> tuple[str, list[tuple[str, str]], str] | None:
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


def _values_row(row: _Row, raws: dict[str, _Raw], vocab: Vocabulary) -> dict[str, str]:
    cells = {c: row.text(raws, c) for c in VALUE_COLUMNS}
    cells["region"] = _region(cells["region"], vocab)
    cells["indicator"] = _indicator(cells["indicator"], vocab)
    cells["year"] = _year(cells["year"])
    cells["baseline_year"] = _year(cells["baseline_year"])
    cells["kind"] = _KIND_WORDS.get(_word(cells["kind"]), cells["kind"])

    typed = cells["qualifier"]
    if typed:
        key = _word(typed)
        if key in _QUALIFIER_WORDS:
            cells["qualifier"] = _QUALIFIER_WORDS[key]
        elif m := _MAINTAIN_YEAR.fullmatch(key):
            cells["qualifier"] = "maintain_baseline"
            if not cells["baseline_year"]:
                cells["baseline_year"] = m.group(1)
            elif cells["baseline_year"] != m.group(1):
                row.problem(
                    "baseline_year",
                    f"基准年“{cells['baseline_year']}”与限定词“{typed}”不一致",
                    f"baseline year {cells['baseline_year']} contradicts the qualifier “{typed}”",
                )

    typed = cells["comparator"]
    if typed:
        if _word(typed) in _COMPARATOR_WORDS:
            cells["comparator"] = _COMPARATOR_WORDS[_word(typed)]
        else:
            row.problem(
                "comparator",
                f"无法识别比较符“{typed}”：请填写 <=（≤、以内、以下）、>=（≥、以上）或 =",
                f"comparator “{typed}” is not recognised: use <= (≤, 以内, 以下), >= (≥, 以上) or =",
            )
    _value(row, cells, vocab)
    return cells


def _value(row: _Row, cells: dict[str, str], vocab: Vocabulary) -> None:
    """Drop a unit that is the indicator's, move 以内/≥ words to the comparator; keep the typed digits."""
    typed = cells["value"]
    split = _split_value(typed) if typed else None
    if split is None:
        return  # empty, or not a number: the validator says so
    number, words, rest = split
    codes = {code for _, code in words if code}
    if len(codes) > 1:
        row.problem(
            "value",
            f"“{typed}”里的比较词互相矛盾（{'、'.join(w for w, _ in words)}）",
            f"“{typed}” has contradictory comparator words ({', '.join(w for w, _ in words)})",
        )
        return
    units = vocab.indicator_units.get(cells["indicator"])
    if rest:
        if units is None:
            return  # unknown indicator: the validator reports it and the unit cannot be checked
        if _unit_key(rest) not in {_unit_key(u) for u in units}:
            known = {_unit_key(u) for pair in vocab.indicator_units.values() for u in pair}
            if rest[0] in ",.0123456789" and _unit_key(rest) not in known:
                return  # "1,23": not a number as written; the validator says so
            unit_zh, unit_en = units
            expected_en = unit_zh if unit_zh == unit_en else f"{unit_zh} ({unit_en})"
            row.problem(
                "value",
                f"单位应为“{unit_zh}”，而不是“{rest}”",
                f"unit must be {expected_en}, not {rest}",
            )
            return
    cells["value"] = number
    if codes:
        code = codes.pop()
        if not cells["comparator"]:
            cells["comparator"] = code
        elif cells["comparator"] in COMPARATORS and cells["comparator"] != code:
            word = next(w for w, c in words if c == code)
            row.problem(
                "comparator",
                f"比较符“{cells['comparator']}”与数值“{typed}”里的“{word}”（{code}）矛盾",
                f"comparator {cells['comparator']} contradicts “{word}” ({code}) in the value “{typed}”",
            )


def _documents_row(row: _Row, raws: dict[str, _Raw], vocab: Vocabulary) -> dict[str, str]:
    cells = {c: row.text(raws, c) for c in IMPORT_DOCUMENT_COLUMNS}
    cells["region"] = _region(cells["region"], vocab)
    cells["issued"] = _date(cells["issued"])
    cells["kind"] = _DOCUMENT_KIND_WORDS.get(_word(cells["kind"]), cells["kind"])
    return cells
