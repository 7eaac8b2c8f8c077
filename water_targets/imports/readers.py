"""Reading an upload's bytes into grids of cells: size limits, CSV encodings and delimiters, .xlsx (zip-bomb and
old-format checks, sheets by role); a refused file gives one problem and no rows. Whether the content is an .xlsx
or CSV text at all is water_targets.filetypes' rule, shared with the other uploads."""

from __future__ import annotations

import csv
import io
import math
import unicodedata
import warnings
import zipfile
from pathlib import PurePath

from openpyxl import load_workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from .. import filetypes
from ..i18n import Message, message, quoted
from ..indicators import Problem
from .cells import CellGrid, RawCell, XlsxCell, clean_text
from .headers import HEADER_SCAN_ROWS, detect_kind, find_header, header_hits, header_key, script_runs

MAX_BYTES = 10 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_ROWS = 50_000  # data rows per sheet
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx once unzipped
MAX_RATIO = 100  # a member compressed more than this ...
RATIO_MIN_BYTES = 10 * 1024 * 1024  # ... and bigger than this unzipped is a bomb
MAX_MEMBERS = 1000
EXCEL_LAST_ROW = 1_048_576
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".tsv")
OLE2_MAGIC = filetypes.OLE2_MAGIC  # Excel 97-2003 .xls, or a password-protected .xlsx
_SHEET_ROLES = {
    "ignored": ("说明", "填写说明", "instructions", "readme", "指标", "indicators", "地区", "regions", "_lists"),
    "values": ("values", "数值", "目标", "数据"),
    "documents": ("documents", "文件", "来源文件"),
}


class FileRefused(Exception):
    """The whole file is refused: no rows are returned, only this problem."""

    def __init__(self, words: Message) -> None:
        super().__init__(words.en)
        self.problem = file_problem(words)


def file_problem(words: Message) -> Problem:
    """A problem of the whole upload (no sheet, row or column)."""
    return Problem(sheet="", row=None, column=None, message=words)


def _invalid_xlsx() -> FileRefused:
    return FileRefused(message("imp_invalid_xlsx"))


def _wrong(problem: filetypes.WrongType) -> FileRefused:
    return FileRefused(problem.message)


def read_grids(filename: str, data: bytes, problems: list[Problem]) -> list[tuple[str, CellGrid]]:
    if not data:
        raise FileRefused(message("imp_file_empty"))
    if len(data) > MAX_BYTES:
        size = math.ceil(len(data) * 10 / (1024 * 1024)) / 10
        raise FileRefused(message("imp_file_too_big", size=size, limit=MAX_MB))
    ext = PurePath(filename or "").suffix.lower()
    name = PurePath(filename or "").name or "upload"
    if data.startswith(b"PK"):
        return _read_xlsx(name, data, problems)
    if data.startswith(OLE2_MAGIC):
        raise FileRefused(message("imp_old_excel"))
    try:
        if ext in XLSX_EXTENSIONS:
            filetypes.xlsx(name, data)  # not a zip: always refused, saying what the content is
        if ext in CSV_EXTENSIONS:
            return [_read_csv(filetypes.csv_text(name, data))]
    except filetypes.WrongType as problem:
        raise _wrong(problem) from None
    raise FileRefused(message("imp_unsupported_type"))


def _keep(grid: CellGrid, number: int, cells: list[RawCell]) -> bool:
    """Count a non-empty row and keep it while the sheet may still be within MAX_ROWS; False once the
    first rows show there is no header (nothing more of the sheet can be read, so stop)."""
    if all(is_empty_cell(c) for c in cells):
        return True
    grid.count += 1
    if len(grid.rows) < MAX_ROWS + HEADER_SCAN_ROWS:
        grid.rows.append((number, cells))
    return grid.count != HEADER_SCAN_ROWS or find_header(grid) is not None


def is_empty_cell(raw: RawCell) -> bool:
    if isinstance(raw, str):
        return clean_text(raw) == ""
    return raw.formula is None and (raw.value is None or (isinstance(raw.value, str) and clean_text(raw.value) == ""))


def _csv_head(text: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(clean_text(c) for c in row):
                rows.append(row)
            if len(rows) >= HEADER_SCAN_ROWS:
                break
    except csv.Error:
        pass
    return rows


def _read_csv(text: str) -> tuple[str, CellGrid]:
    if not clean_text(text):
        raise FileRefused(message("imp_file_empty"))
    # Comma unless a tab- or semicolon-separated reading finds more column names.
    delimiter = max(",\t;", key=lambda d: max((header_hits(r) for r in _csv_head(text, d)), default=0))
    grid = CellGrid(label=None)
    number = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if not _keep(grid, number, row):
                break
    except csv.Error as exc:
        raise FileRefused(message("imp_csv_row_unreadable", row=number + 1, error=exc)) from None
    return detect_kind(grid) or "values", grid


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb before openpyxl unpacks anything (zipfile never inflates past the declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except Exception:  # BadZipFile, but a damaged directory can raise others too
        raise _invalid_xlsx() from None
    reasons: list[Message] = []
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_MEMBERS:
        reasons.append(message("imp_zip_members", n=len(infos), limit=MAX_MEMBERS))
    elif total > MAX_UNPACKED_BYTES:
        mb, limit = total // (1024 * 1024), MAX_UNPACKED_BYTES // (1024 * 1024)
        reasons.append(message("imp_zip_unpacked", mb=mb, limit=limit))
    else:
        for i in infos:
            ratio = i.file_size / max(i.compress_size, 1)
            if i.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
                reasons.append(message("imp_zip_ratio", name=i.filename, ratio=ratio))
                break
    if reasons:
        raise FileRefused(message("imp_zip_bomb", reason=reasons[0]))


def _sheet_role(title: str) -> str | None:
    """'ignored', 'values', 'documents' from the sheet name ("数值 values", "说明"), None if not known."""
    text = unicodedata.normalize("NFKC", title).lower().strip()
    pieces = [text, *script_runs(text), *text.split()]
    for piece in pieces:
        k = header_key(piece)
        roles = {role for role, names in _SHEET_ROLES.items() if k and k in map(header_key, names)}
        if len(roles) == 1:
            return roles.pop()
    return None


def _xcell(cell: ReadOnlyCell | EmptyCell) -> XlsxCell:
    value = cell.value
    if cell.data_type == "f":
        text = str(getattr(value, "text", None) or value or "")
        return XlsxCell(None, text if text.startswith("=") else "=" + text)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return XlsxCell(value, None, cell.number_format or "General")
    return XlsxCell(value)


def _read_sheet(ws: ReadOnlyWorksheet) -> CellGrid:
    grid = CellGrid(label=ws.title)
    ws.reset_dimensions()  # the stored dimension may be wrong; read every row there is
    for number, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        if number > EXCEL_LAST_ROW:
            raise _invalid_xlsx()
        if not _keep(grid, number, [_xcell(c) for c in row]):
            break
    return grid


def _read_xlsx(name: str, data: bytes, problems: list[Problem]) -> list[tuple[str, CellGrid]]:
    _check_zip(data)
    try:
        filetypes.xlsx(name, data)  # [Content_Types].xml and xl/workbook.xml, before openpyxl reads anything
    except filetypes.WrongType as problem:
        raise _wrong(problem) from None
    sheets: list[tuple[str | None, CellGrid]] = []
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
        except FileRefused:
            raise
        except Exception:
            raise _invalid_xlsx() from None
        finally:
            wb.close()
    if not sheets:
        raise FileRefused(message("imp_workbook_empty"))
    named = {role for role, _ in sheets if role}
    chosen: list[tuple[str, CellGrid]] = []
    for role, grid in sheets:
        if role:
            chosen.append((role, grid))
            continue
        # "Sheet1": values unless its header is a documents header; only when no sheet is named so.
        kind = detect_kind(grid) or "values"
        if kind not in named:
            named.add(kind)
            chosen.append((kind, grid))
        else:
            sheets_q = {"values_q": quoted("数值 values"), "documents_q": quoted("文件 documents")}
            problems.append(
                file_problem(message("imp_sheet_not_read", sheet=grid.label, sheet_q=quoted(grid.label), **sheets_q))
            )
    return chosen
