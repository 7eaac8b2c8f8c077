"""Spreadsheet exports (pure): the view's values as CSV/XLSX and the 完成情况一览 workbook, every text cell guarded
against formula injection. Each table is a list of named columns (columns.Column)."""

from __future__ import annotations

import csv
import io
import math
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
from ..model import value_words
from ..progress_table import counts_words, notes
from ..queries import value_record, value_rows
from ..status import STATUS_STYLE
from ..status_words import status_label
from .canvas import visual_len
from .columns import Column

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    """Value records as a workbook; `banner` (demo mode: 演示数据 · 非官方统计) is a row of its own above the header."""
    f = DataFile(indicator, name, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = "values"
    if banner:
        ws.append([banner])
        ws["A1"].font = Font(bold=True, color="C00000")
        wb.properties.description = banner
    first = 2 if banner else 1  # the header row
    ws.append(DATA_COLUMNS)
    for cell in ws[first]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F6F8B")
    for record in records:
        ws.append([neutralise((c.sheet or c.get)(record, f)) for c in DATA_TABLE])
    for i, column in enumerate(DATA_TABLE, 1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = f"A{first + 1}"
    ws.auto_filter.ref = ws.dimensions if first == 1 else f"A{first}:{ws.dimensions.split(':')[-1]}"
    for row in ws.iter_rows(min_row=first + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=DATA_TABLE[cell.column - 1].wrap)
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- 完成情况一览 (XLSX)


def _field(name: str):
    return lambda row, lang: row[name]


PROGRESS_SHEET = (  # getters take (progress_table row, lang)
    Column("progress_unit", 14, _field("unit")),
    Column("indicator", 26, _field("indicator")),
    Column("progress_actual", 20, _field("actual"), figure=True),
    Column("progress_actual_year", 9, lambda row, lang: row["actual_year"] or ""),
    Column("target", 26, _field("target"), figure=True),
    Column("progress_gap", 28, _field("gap"), figure=True),
    Column("progress_status", 13, _field("status_label"), status=True),
    Column("progress_notes", 11, notes),
    Column("progress_target_source", 34, _field("target_source")),
    Column("progress_actual_source", 26, _field("actual_source")),
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
    printed landscape and fitted to the page width."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("progress_table", lang)[:31]
    last_col = get_column_letter(len(PROGRESS_SHEET))
    ws["A1"] = neutralise(title)
    ws["A1"].font = Font(name=FONT, bold=True, size=15, color="1F2933")
    stamp = [version, f"{t('exported', lang)} {(today or date.today()).isoformat()}", counts_words(rows, lang)]
    if status:
        labels = ("、" if lang == "zh" else ", ").join(status_label(s, lang) for s in status)
        stamp.append(t("progress_filtered", lang, statuses=labels))
    ws["A2"] = " · ".join(p for p in stamp if p)
    ws["A2"].font = Font(name=FONT, size=10, color="616E7C")
    ws["A3"] = t("progress_method", lang)
    ws["A3"].font = Font(name=FONT, size=10, color="616E7C")
    for r in (1, 2, 3):
        ws.merge_cells(f"A{r}:{last_col}{r}")
        ws[f"A{r}"].alignment = Alignment(vertical="center", wrap_text=r > 1)
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[3].height = 16

    line = Side(style="thin", color="D9DEE4")
    border = Border(left=line, right=line, top=line, bottom=line)
    for c, column in enumerate(PROGRESS_SHEET, 1):
        cell = ws.cell(HEADER_ROW, c, t(column.header, lang))
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_argb(ACCENT))
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = column.width
    for r, row in enumerate(rows, HEADER_ROW + 1):
        lines = 1
        style = STATUS_STYLE[row["status"]]
        for c, column in enumerate(PROGRESS_SHEET, 1):
            value = column.get(row, lang)
            # Figures are built from validated numbers ("-2.0%（较2020年）" is text, not a formula); the
            # names and sources come from imported text and are neutralised against formula injection.
            safe = column.figure and not str(value).startswith("=")
            cell = ws.cell(r, c, value if safe else neutralise(value))
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            lines = max(lines, math.ceil(0.85 * visual_len(str(value)) / (column.width - 1)))
            if column.status:
                cell.fill = PatternFill("solid", fgColor=_argb(style["fill"]))
                cell.font = Font(name=FONT, bold=True, color=_argb(style["ink"]))
                cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
        # Row heights written out: spreadsheet programs do not all fit wrapped rows on opening.
        ws.row_dimensions[r].height = 15 * lines + 2
    last_row = HEADER_ROW + max(len(rows), 1)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.right.text = version.replace("&", "&&")
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
