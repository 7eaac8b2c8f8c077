"""Spreadsheet exports (pure): the view's values as CSV/XLSX and the 完成情况一览 workbook, every text cell guarded
against formula injection (neutralised, and in a workbook a string cell: text_only.text_cell). Each table is a list
of named columns (columns.Column)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..chart_style import ACCENT
from ..choropleth import view_for
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import qualifier_note, value_words
from ..progress_table import counts_words, notes
from ..qualifiers import COMPARATOR_SYMBOL, REPLACING_QUALIFIERS
from ..queries import decimals, value_record, value_rows
from ..sections import section_quoted
from ..status import STATUS_STYLE
from ..status_words import status_label
from ..text_only import FORMULA_PREFIXES, append_text_row, put_text, text_cell
from .columns import Column, line_count, longest_word_em, text_em


def neutralise(value: object) -> object:
    """Spreadsheet formula injection guard: text starting with = + - @ gets a leading apostrophe.

    Numbers (also negative ones, and numeric text such as "-0.5") are left as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


# ---------------------------------------------------------------- data files (CSV, XLSX)


class DataFile(NamedTuple):
    """What every row of a data file shares; the columns' getters take (record, DataFile)."""

    indicator: str
    name: str
    lang: str


def _sheet_value(record: dict, f: DataFile) -> object:
    """The value as a number where it is one (keeps Excel arithmetic), the printed text otherwise."""
    if record["value"] is not None and record["qualifier"] != "maintain_baseline":
        return record["value"]
    return value_words(record, f.lang)


# The machine-readable table: the CSV and the workbook's MACHINE_SHEET, codes as stored (document and section as
# printed, as the API gives them), stable columns.
DATA_TABLE = (
    Column("region", 9, lambda r, f: r["region"]["adcode"]),
    Column("region_name", 14, lambda r, f: r["region"]["name_en" if f.lang == "en" else "name_zh"]),
    Column("indicator", 22, lambda r, f: f.indicator),
    Column("indicator_name", 26, lambda r, f: f.name),
    Column("year", 7, lambda r, f: r["year"]),
    Column("kind", 8, lambda r, f: r["kind"]),
    Column("comparator", 8, lambda r, f: r["comparator"] or ""),
    Column("value", 10, lambda r, f: value_words(r, f.lang), sheet=_sheet_value),
    Column("unit", 12, lambda r, f: r["unit_en" if f.lang == "en" else "unit"]),
    Column("baseline_year", 9, lambda r, f: r["baseline_year"] or ""),
    Column("qualifier", 16, lambda r, f: r["qualifier"] or ""),
    Column("document", 36, lambda r, f: r["source"]["document"], wrap=True),
    Column("number", 20, lambda r, f: r["source"]["number"]),
    Column("section", 40, lambda r, f: r["source"]["section"], wrap=True),
    Column("note", 50, lambda r, f: r["note"], wrap=True),
)
DATA_COLUMNS = [c.header for c in DATA_TABLE]
MACHINE_SHEET = "machine_readable"  # the same name in both languages, for scripts


def _comparator_words(r: dict, f: DataFile) -> str:
    return t(f"cmp_{r['comparator']}", f.lang) if r["comparator"] in COMPARATOR_SYMBOL else ""


def _qualifier_words(r: dict, f: DataFile) -> str:
    if r["qualifier"] in REPLACING_QUALIFIERS:
        return value_words(r, f.lang)
    return qualifier_note(r["qualifier"], f.lang)


def _document_words(r: dict, f: DataFile) -> str:
    """zh: the title; en: the English name with the title as printed ('Chifeng … Plan (《赤峰市…方案》)')."""
    title, english = r["source"]["document"], r["source"].get("document_en") or ""
    return f"{english} (《{title}》)" if f.lang == "en" and english else title


# The sheet a reader opens: words instead of codes, headers in the reader's language. Widths: the widest a
# column grows to (characters); it is narrower when its contents are.
READABLE_TABLE = (
    Column("region", 22, lambda r, f: r["region"]["name_en" if f.lang == "en" else "name_zh"], wrap=True),
    Column("sheet_adcode", 10, lambda r, f: r["region"]["adcode"]),
    Column("indicator", 30, lambda r, f: f.name, wrap=True),
    Column("year", 7, lambda r, f: r["year"]),
    Column("kind", 9, lambda r, f: t("actual" if r["kind"] == "actual" else "target", f.lang)),
    Column("comparator", 10, _comparator_words),
    Column("value", 16, lambda r, f: value_words(r, f.lang), sheet=_sheet_value, wrap=True),
    Column("unit", 12, lambda r, f: r["unit_en" if f.lang == "en" else "unit"]),
    Column("baseline_year", 9, lambda r, f: r["baseline_year"] or ""),
    Column("qualifier", 16, _qualifier_words, wrap=True),
    Column("sheet_document", 40, _document_words, wrap=True),
    Column("sheet_number", 20, lambda r, f: r["source"]["number"], wrap=True),
    Column("section", 44, lambda r, f: section_quoted(r["source"]["section"], f.lang), wrap=True),
    Column("sheet_note", 50, lambda r, f: r["note"], wrap=True),
)


def _is_number(text: object) -> bool:
    try:
        float(str(text))
    except ValueError:
        return False
    return True


def data_records(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int | None) -> list[dict]:
    """The API's value records for the view: the region's own values and its mapped units'."""
    rows = value_rows(dataset, indicator, view_for(dataset, geo, region).codes, year=year)
    return [value_record(dataset, geo, row, with_region=True) for _, row in rows.iterrows()]


def data_csv(records: list[dict], indicator: str, name: str, lang: str = "zh", banner: str = "") -> bytes:
    """Value records as CSV, UTF-8 with a BOM so Excel shows Chinese; text cells neutralised.

    `banner` (demo mode: 演示数据 · 非官方统计) is a line of its own above the header."""
    f = DataFile(indicator, name, lang)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if banner:
        writer.writerow([banner])
    writer.writerow(DATA_COLUMNS)
    for record in records:
        writer.writerow([neutralise(c.get(record, f)) for c in DATA_TABLE])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def data_xlsx(records: list[dict], indicator: str, name: str, title: str, lang: str = "zh", banner: str = "") -> bytes:
    """Value records as a workbook: the sheet a reader opens (words, headers in `lang`) and MACHINE_SHEET (the
    CSV's code columns); `banner` (demo mode: 演示数据 · 非官方统计) is a row of its own above each header.
    Both sheets print landscape, fitted to the page width, the header repeated on every page."""
    f = DataFile(indicator, name, lang)
    wb = Workbook()
    readable = wb.active
    readable.title = t("sheet_values", lang)
    machine = wb.create_sheet(MACHINE_SHEET)
    for ws, table, headers in (
        (readable, READABLE_TABLE, [t(c.header, lang) for c in READABLE_TABLE]),
        (machine, DATA_TABLE, DATA_COLUMNS),
    ):
        if banner:
            append_text_row(ws, [banner])
            ws["A1"].font = Font(name=FONT, bold=True, color="C00000")
        first = 2 if banner else 1  # the header row
        append_text_row(ws, headers)
        for record in records:
            append_text_row(ws, [neutralise((c.sheet or c.get)(record, f)) for c in table])
            for c, column in enumerate(table, 1):  # a number keeps the decimals it is printed with (0.7640)
                cell = ws.cell(ws.max_row, c)
                if column.sheet and isinstance(cell.value, float):
                    places = decimals(str(record["value_text"])) if _is_number(record["value_text"]) else 0
                    cell.number_format = "0." + "0" * places if places else "0"
        style_header(ws, first, len(table))
        fit_columns(ws, table, first)
        ws.freeze_panes = f"A{first + 1}"
        ws.auto_filter.ref = f"A{first}:{get_column_letter(len(table))}{max(ws.max_row, first + 1)}"
        print_setup(ws, first, title)
    if banner:
        wb.properties.description = banner
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- layout shared by the workbooks

LINE_PT = 15  # a wrapped line's height at 11 pt (Calibri 15, the CJK fallback fonts a little more)
WIDTH_EM = 0.5  # ems per unit of column width (a "0" of Calibri 11 is about half an em; CJK takes two)


def lines_at(text: object, width: float) -> int:
    """Lines a cell's text wraps to in a column `width` characters wide (one character of padding)."""
    return line_count(str(text), max(width - 1.5, 1) * WIDTH_EM)


def style_header(ws, row: int, columns: int) -> None:
    line = Side(style="thin", color="D9DEE4")
    for c in range(1, columns + 1):
        cell = ws.cell(row, c)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_argb(ACCENT))
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(left=line, right=line, top=line, bottom=line)


def fit_columns(ws, table: tuple[Column, ...], header_row: int) -> None:
    """Column widths from their contents (each at most its Column.width, the header never cut inside a word),
    text wrapped in every cell and each row as tall as its most wrapped cell: spreadsheet programs do not all
    fit wrapped rows on opening."""
    rows = list(ws.iter_rows(min_row=header_row))
    for c, column in enumerate(table):
        texts = [str(row[c].value) for row in rows[1:] if row[c].value not in (None, "")]
        header = str(rows[0][c].value)
        head_min = text_em(header) if len(header) <= 5 else longest_word_em(header)
        widest = max([text_em(x) for x in texts] + [head_min], default=0.0) / WIDTH_EM + 1.5
        word = max([longest_word_em(header)] + [longest_word_em(x) for x in texts]) / WIDTH_EM + 1.5
        width = max(min(widest, column.width), min(word, column.width), head_min / WIDTH_EM + 1.5, 6)
        ws.column_dimensions[get_column_letter(c + 1)].width = round(width, 1)
    widths = [ws.column_dimensions[get_column_letter(c + 1)].width for c in range(len(table))]
    for n, row in enumerate(rows):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            keep = cell.alignment
            cell.alignment = Alignment(
                horizontal=keep.horizontal, vertical="center" if n == 0 else "top", wrap_text=True
            )
            if cell.value not in (None, ""):
                lines = max(lines, lines_at(cell.value, width))
        ws.row_dimensions[header_row + n].height = LINE_PT * lines + 4


def print_setup(ws, header_row: int, title: str = "", version: str = "") -> None:
    """Landscape A4 fitted to the page width (as many pages down as needed), the header row on every page,
    page numbers and the title in the footer."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.left.text = title.replace("&", "&&")
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.right.text = version.replace("&", "&&")


# ---------------------------------------------------------------- 完成情况一览 (XLSX)


def _field(name: str):
    return lambda row, lang: row[name]


PROGRESS_SHEET = (  # getters take (progress_table row, lang); widths: the widest a column grows to (characters)
    Column("progress_unit", 20, _field("unit")),
    Column("indicator", 28, _field("indicator")),
    Column("progress_actual", 22, _field("actual"), figure=True),
    Column("progress_actual_year", 9, lambda row, lang: row["actual_year"] or ""),
    Column("target", 28, _field("target"), figure=True),
    Column("progress_gap", 28, _field("gap"), figure=True),
    Column("progress_status", 14, _field("status_label"), status=True),
    Column("progress_notes", 14, notes),
    Column("progress_target_source", 34, _field("target_source")),
    Column("progress_actual_source", 30, _field("actual_source")),
)
HEADER_ROW = 4
FONT = "Calibri"  # the workbook's default; Chinese falls back to the system's CJK font


def _argb(hex_color: str) -> str:
    return "FF" + hex_color.lstrip("#").upper()


def progress_xlsx(
    rows: list[dict],
    title: str,
    lang: str,
    version: str = "",
    status: tuple[str, ...] | None = None,
    today: date | None = None,
) -> bytes:
    """The 完成情况一览 as a workbook: title, data version and counts, a frozen header, one row per unit and
    indicator in words, status cells filled with the status colour (ink colour text), sources per row,
    wrapped rows sized to their lines, printed landscape and fitted to the page width."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("progress_table", lang)[:31]
    last_col = get_column_letter(len(PROGRESS_SHEET))
    text_cell(ws["A1"], neutralise(title))
    ws["A1"].font = Font(name=FONT, bold=True, size=15, color="1F2933")
    stamp = [version, f"{t('exported', lang)} {(today or date.today()).isoformat()}", counts_words(rows, lang)]
    if status:
        labels = ("、" if lang == "zh" else ", ").join(status_label(s, lang) for s in status)
        stamp.append(t("progress_filtered", lang, statuses=labels))
    text_cell(ws["A2"], " · ".join(p for p in stamp if p))
    text_cell(ws["A3"], t("progress_method", lang))
    for r in (2, 3):
        ws[f"A{r}"].font = Font(name=FONT, size=10, color="616E7C")

    line = Side(style="thin", color="D9DEE4")
    border = Border(left=line, right=line, top=line, bottom=line)
    for c, column in enumerate(PROGRESS_SHEET, 1):
        put_text(ws, HEADER_ROW, c, t(column.header, lang))
    for r, row in enumerate(rows, HEADER_ROW + 1):
        style = STATUS_STYLE[row["status"]]
        for c, column in enumerate(PROGRESS_SHEET, 1):
            value = column.get(row, lang)
            # Figures are built from validated numbers ("-2.0%（较2020年）" is text, not a formula); the
            # names and sources come from imported text and are neutralised against formula injection.
            safe = column.figure and not str(value).startswith("=")
            cell = put_text(ws, r, c, value if safe else neutralise(value))
            cell.border = border
            if column.status:
                cell.fill = PatternFill("solid", fgColor=_argb(style["fill"]))
                cell.font = Font(name=FONT, bold=True, color=_argb(style["ink"]))
                cell.alignment = Alignment(horizontal="center")
    style_header(ws, HEADER_ROW, len(PROGRESS_SHEET))
    fit_columns(ws, PROGRESS_SHEET, HEADER_ROW)
    total = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, len(PROGRESS_SHEET) + 1))
    ws.row_dimensions[1].height = 24
    for r in (1, 2, 3):
        ws.merge_cells(f"A{r}:{last_col}{r}")
        ws[f"A{r}"].alignment = Alignment(vertical="center", wrap_text=r > 1)
    for r in (2, 3):  # 10 pt text across the merged width
        ws.row_dimensions[r].height = 14 * lines_at(ws[f"A{r}"].value, total * 1.1) + 4
    last_row = HEADER_ROW + max(len(rows), 1)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    print_setup(ws, HEADER_ROW, title, version)
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
