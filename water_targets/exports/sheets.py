"""Spreadsheet exports (pure): the view's values as CSV/XLSX and the 完成情况一览 workbook, every text cell guarded
against formula injection (neutralised, and in a workbook a string cell: text_only.text_cell). Each table is a list
of named columns (columns.Column). A workbook prints readable as it is (A4 landscape, text at 11 pt, footers in
words): its columns share the page width so that fitting to it does not shrink the text, and its rows are as tall as
their wrapped text, measured with the workbook's font (Arial, or Liberation Sans where LibreOffice stands in)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from PIL import ImageFont

from ..chart_style import ACCENT
from ..choropleth import view_for
from ..context import check_words
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import qualifier_note, value_words
from ..notes import note_words
from ..progress_table import counts_words, notes
from ..qualifiers import COMPARATOR_SYMBOL, REPLACING_QUALIFIERS
from ..queries import decimals, value_record, value_rows
from ..sections import section_quoted
from ..status import ACCELERATION_RATIO, CAP_MARGIN, ON_TRACK_RATIO, STATUS_STYLE, STATUSES
from ..status_words import status_label
from ..text_only import FORMULA_PREFIXES, append_text_row, put_text, text_cell
from . import font_metrics
from .canvas import GlyphEms
from .columns import Column, fit_widths


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
    """The document as cited, its number with it: zh '赤峰市节水行动实施方案（赤政发〔2025〕11号）'; en the English name
    with the title and number as printed ('Chifeng … Plan (《赤峰市…方案》, 赤政发〔2025〕11号)')."""
    title, english, number = r["source"]["document"], r["source"].get("document_en") or "", r["source"]["number"]
    if f.lang == "en" and english:
        return f"{english} (《{title}》, {number})" if number else f"{english} (《{title}》)"
    return f"{title}（{number}）" if number else title


# The sheet a reader opens and prints: words instead of codes, headers in the reader's language. Widths: the widest
# a column grows to (characters); it is narrower when its contents are, or when the table would not fit the page.
# The indicator, the same on every row, is named in the page footer and the notes below the table, and the document
# number is cited with the document: the table fits an A4 page at a readable size.
READABLE_TABLE = (
    Column("region", 22, lambda r, f: r["region"]["name_en" if f.lang == "en" else "name_zh"], wrap=True),
    Column("sheet_adcode", 10, lambda r, f: r["region"]["adcode"]),
    Column("year", 7, lambda r, f: r["year"]),
    Column("kind", 9, lambda r, f: t("actual" if r["kind"] == "actual" else "target", f.lang)),
    Column("comparator", 10, _comparator_words),
    Column("value", 16, lambda r, f: value_words(r, f.lang), sheet=_sheet_value, wrap=True),
    Column("unit", 12, lambda r, f: r["unit_en" if f.lang == "en" else "unit"]),
    Column("baseline_year", 9, lambda r, f: r["baseline_year"] or ""),
    Column("qualifier", 16, _qualifier_words, wrap=True),
    Column("sheet_document", 50, _document_words, wrap=True),
    Column("section", 44, lambda r, f: section_quoted(r["source"]["section"], f.lang), wrap=True),
    Column("sheet_note", 50, lambda r, f: note_words(r["note"], f.lang), wrap=True),
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


def data_xlsx(
    records: list[dict],
    indicator: str,
    name: str,
    title: str,
    lang: str = "zh",
    banner: str = "",
    context: list[dict] | None = None,
) -> bytes:
    """Value records as a workbook: the sheet a reader opens and prints (words, headers in `lang`, a note below the
    table on where the codes are) and MACHINE_SHEET, the CSV's code columns for scripts
    (pandas.read_excel(sheet_name=MACHINE_SHEET)), hidden so that it does not print; `banner` (demo mode:
    演示数据 · 非官方统计) is a row of its own above each header. Printed landscape, the columns sized to fit the
    page width at 100 %, the header repeated on every page, `title` in the footer. `context` (the unit against the
    levels above it: water_targets.context.strip) adds the second sheet 上级对比 / Context when a level above the
    unit has data (context_sheet)."""
    f = DataFile(indicator, name, lang)
    wb = workbook()
    readable = wb.active
    readable.title = t("sheet_values", lang)
    if context is not None and len(context) > 1:
        context_sheet(wb.create_sheet(t("ctx_sheet", lang)[:31]), context, title, lang, banner)
    machine = wb.create_sheet(MACHINE_SHEET)
    machine.sheet_state = "hidden"  # Excel, WPS and LibreOffice print no hidden sheet; scripts read it by name
    width = 0.0
    for ws, table, headers in (
        (readable, READABLE_TABLE, [t(c.header, lang) for c in READABLE_TABLE]),
        (machine, DATA_TABLE, DATA_COLUMNS),
    ):
        banner_font = Font(name=FONT, size=FONT_PT, bold=True, color="C00000")
        if banner:
            append_text_row(ws, [banner])
            ws["A1"].font = banner_font
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
        table_width = fit_columns(ws, table, first)
        if ws is readable:
            width = table_width
            if banner:  # printed across the table, wrapped, at the body's size
                full_width_row(ws, 1, banner, len(table), width, banner_font)
        ws.freeze_panes = f"A{first + 1}"
        ws.auto_filter.ref = f"A{first}:{get_column_letter(len(table))}{max(ws.max_row, first + 1)}"
        print_setup(ws, first, title, lang)
    sheet_notes(readable, t("sheet_indicator_note", lang, indicator=name), len(READABLE_TABLE), width, lang)
    if banner:
        wb.properties.description = banner
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# The data workbook's sheet 上级对比 / Context: the unit and the levels above it with data (context.strip items),
# getters take (item, lang).
CONTEXT_SHEET = (
    Column("region", 22, lambda item, lang: item["name"], wrap=True),
    Column("target", 24, lambda item, lang: item["target"], wrap=True),
    Column("ctx_target_year", 9, lambda item, lang: item["target_year"] or ""),
    Column("progress_target_source", 44, lambda item, lang: item["target_source"], wrap=True),
    Column("ctx_latest_actual", 24, lambda item, lang: item["actual"], wrap=True),
    Column("ctx_actual_year", 9, lambda item, lang: item["actual_year"] or ""),
    Column("progress_actual_source", 40, lambda item, lang: item["actual_source"], wrap=True),
    Column("ctx_check", 44, check_words, wrap=True),
)


def context_sheet(ws, items: list[dict], title: str, lang: str, banner: str = "") -> None:
    """The unit against the levels above it, from the country down: each level's target, its year and source, the
    latest actual, its year and source, and the checks (strictness against the level above, a looser one in bold;
    the allocation of a level's amount among its units) — every text a string cell, neutralised; notes below on how
    the checks are judged and where the code columns are; printed as the values sheet is."""
    banner_font = Font(name=FONT, size=FONT_PT, bold=True, color="C00000")
    if banner:
        append_text_row(ws, [banner])
        ws["A1"].font = banner_font
    first = 2 if banner else 1
    append_text_row(ws, [t(c.header, lang) for c in CONTEXT_SHEET])
    for item in items:
        append_text_row(ws, [neutralise(c.get(item, lang)) for c in CONTEXT_SHEET])
        if item["looser"]:
            ws.cell(ws.max_row, len(CONTEXT_SHEET)).font = Font(name=FONT, size=FONT_PT, bold=True)
        if item["unit"]:
            ws.cell(ws.max_row, 1).font = Font(name=FONT, size=FONT_PT, bold=True)
    style_header(ws, first, len(CONTEXT_SHEET))
    width = fit_columns(ws, CONTEXT_SHEET, first)
    if banner:
        full_width_row(ws, 1, banner, len(CONTEXT_SHEET), width, banner_font)
    ws.freeze_panes = f"A{first + 1}"
    ws.auto_filter.ref = f"A{first}:{get_column_letter(len(CONTEXT_SHEET))}{ws.max_row}"
    print_setup(ws, first, title, lang)
    sheet_notes(ws, t("ctx_sheet_note", lang), len(CONTEXT_SHEET), width, lang)


# ---------------------------------------------------------------- layout shared by the workbooks
#
# Printed as a staff member prints (A4 landscape, fitted to the page width), a sheet shrinks until its columns fit:
# the columns are therefore sized to fit the page at 100 %, so that text printed at FONT_PT stays at least
# MIN_PRINTED_PT even where a program measures the columns up to 10 % wider (the page then at 91 %).

FONT = "Arial"  # every office program has it or its metric twin (LibreOffice: Liberation Sans), so widths agree
FONT_PT = 11
MIN_PRINTED_PT = 10
MARGIN_IN = 0.3  # left and right page margins (7.6 mm: inside what printers can print)
PAGE_WIDTH_PT = (297 / 25.4 - 2 * MARGIN_IN) * 72  # A4 landscape between the margins
# A unit of column width is a digit of the workbook's default font (FONT_PT Arial: 0.556 em = 6.1 pt) and Excel
# adds 5 px (3.75 pt) to every column; both rounded up.
UNIT_PT = 6.2
COLUMN_PAD_PT = 3.75
# Ems of FONT_PT text per unit of column width: LibreOffice draws a unit 6.1 pt wide (0.555 em), Excel gives text
# 8 px a unit (0.545 em at 96 dpi); a little less, for hinted advances.
WIDTH_EM = 0.54
PAD_UNITS = 0.5  # a cell's inner margins, in units of width
CJK_LINE_PT = 16.5  # a wrapped line of FONT_PT text with Chinese (LibreOffice's CJK fallback font: 16 pt)
LATIN_LINE_PT = 13.0  # a line of Latin text only (Arial: 12.3 pt in LibreOffice, 12.75 pt in Excel)
ROW_PAD_PT = 4
FIT_PAGES_DOWN = 999  # fitted to the width only: never the binding limit


def sheet_notes(ws, note: str, columns: int, width: float, lang: str) -> None:
    """The notes under a sheet's table, after a thin gap: the sheet's own note and where the machine-readable
    values are (each across the table, wrapped, as text)."""
    row = ws.max_row + 2
    ws.row_dimensions[row - 1].height = 8
    notes = [
        t("sheet_notes", lang) + ("：" if lang == "zh" else ": ") + note,
        t("sheet_machine_note", lang, sheet=MACHINE_SHEET),
    ]
    for n, text in enumerate(notes):
        full_width_row(ws, row + n, neutralise(text), columns, width)


def workbook() -> Workbook:
    """A new workbook whose default font (the Normal style: unstyled cells and the unit of column widths) is FONT at
    FONT_PT, so that widths and wrapped lines come out alike in every program."""
    wb = Workbook()
    base = Font(name=FONT, size=FONT_PT, family=2)
    wb._fonts = IndexedList([base])  # openpyxl has no public way to change the default font
    wb._named_styles["Normal"].font = base
    return wb


def page_units(columns: int) -> float:
    """The widest a table of `columns` columns may be (units of column width) to print at 100 % on the page."""
    return (PAGE_WIDTH_PT - COLUMN_PAD_PT * columns) / UNIT_PT


def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    return font_metrics.font(bold, FONT, ("Liberation Sans",))  # Liberation Sans: Arial's metric twin


# Arial's advances, generously, where the font is not installed.
ARIAL_EMS = GlyphEms(space=0.28, upper=0.72, digit=0.56, lower=0.56, narrow=0.28, other=0.6)
_CJK = re.compile(r"[\u2e80-\uffff]")
# One unbreakable piece of a line: a CJK character or a Latin word (with its trailing spaces; a hyphenated word
# breaks after its hyphens), together with the punctuation a line may not start with (，。）》…) or end with
# (（《“…), as LibreOffice and Excel keep them; brackets between a Latin word or figure and what follows stay with
# both ("19.49%（2025", "米）1.9674；" do not break).
_OPEN, _CLOSE = "（《“‘〔【「『([", "，。、）》”’〕】」』；：！？,.;:!?)]%"
_LATIN = r"[^\s\u2e80-\uffff]"
_WORD = rf"{_LATIN}+?-(?=[A-Za-z])|{_LATIN}+(?:[{re.escape(_OPEN)}]+(?:[\u2e80-\uffff]|{_LATIN}+))*"
_PIECES = re.compile(rf"[{re.escape(_OPEN)}]*(?:[\u2e80-\uffff]|{_WORD})(?:[{re.escape(_CLOSE)}]+(?:{_WORD})?)*\s*|\s+")


@lru_cache(maxsize=16384)
def _char_em(ch: str, bold: bool, cjk: bool) -> float:
    if ord(ch) >= 0x2E80 or (cjk and (ord(ch) >= 0x2000 or ch in "·×²³¹")):  # drawn by the CJK font, full width
        return 1.0
    font = _font(bold)
    if font is None:
        return ARIAL_EMS.em(ch, False) * (1.08 if bold else 1.0)
    return font.getlength(ch) / font_metrics.UNITS


def cell_em(text: str, bold: bool = False) -> float:
    """The width of one line of `text` in ems of FONT (CJK characters a whole em; spreadsheet programs put no
    space between CJK and Latin text)."""
    cjk = bool(_CJK.search(text))
    return sum(_char_em(ch, bold, cjk) for ch in text)


def longest_piece_em(text: str, bold: bool = False) -> float:
    """The widest piece of `text` a line cannot break: a column's narrowest width."""
    return max((cell_em(p.rstrip(), bold) for p in _PIECES.findall(str(text))), default=0.0)


Piece = tuple[float, float, bool, bool]  # a piece's width with its trailing spaces, without them, space, CJK


@lru_cache(maxsize=65536)
def _pieces(text: str, bold: bool) -> tuple[tuple[Piece, ...], ...]:
    """`text`'s paragraphs as the pieces a line breaks between, measured once for every width tried."""
    return tuple(
        tuple(
            (cell_em(p, bold), cell_em(p.rstrip(), bold), p.isspace(), bool(_CJK.search(p)))
            for p in _PIECES.findall(para)
        )
        for para in text.split("\n")
    )


def text_height(text: object, width: float, bold: bool = False) -> float:
    """Points a cell's text takes wrapped in a column `width` units wide (greedy, as spreadsheet programs wrap): a
    line with Chinese is taller than one of Latin text only (the CJK fallback fonts' line spacing)."""
    room = max((width - PAD_UNITS) * WIDTH_EM, 0.5)
    height = 0.0
    for para in _pieces(str(text), bold):
        used, cjk = 0.0, False
        for w, ink, space, wide in para:
            if used and used + ink > room:
                height += CJK_LINE_PT if cjk else LATIN_LINE_PT
                used, cjk = 0.0, False
                if space:
                    continue
            while w > room and ink > room:  # a piece wider than the line is broken
                height += CJK_LINE_PT if cjk or wide else LATIN_LINE_PT
                used, cjk, w, ink = 0.0, False, w - room, ink - room
            used, cjk = used + w, cjk or wide
        height += CJK_LINE_PT if cjk else LATIN_LINE_PT
    return height


def row_height(texts: list[tuple[object, float, bool]]) -> float:
    """Points of a row as tall as its most wrapped cell: (text, column width, bold) per cell."""
    tallest = max((text_height(x, w, b) for x, w, b in texts if x not in (None, "")), default=LATIN_LINE_PT)
    return round(tallest + ROW_PAD_PT, 1)


def style_header(ws, row: int, columns: int) -> None:
    line = Side(style="thin", color="D9DEE4")
    for c in range(1, columns + 1):
        cell = ws.cell(row, c)
        cell.font = Font(name=FONT, size=FONT_PT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_argb(ACCENT))
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(left=line, right=line, top=line, bottom=line)


LOOKAHEAD = 6  # units of width a column is tried wider by at a time (a wrapped text gains a line only now and then)
CELL_WEIGHT = 0.1  # a cell's lines count a little even where its row is no shorter: a name split in two reads worse


def share_width(
    natural: list[float], minimum: list[float], heights: Callable[[int, float], np.ndarray], total: float
) -> list[float]:
    """Column widths (units) together at most `total`: each column's `natural` width (its longest line) where they
    all fit; else from each column's `minimum` (its longest word), the width is given a unit or a few at a time to
    the column that makes the table shortest per unit (`heights(column, width)`: its cells' heights; a cell's own
    lines count a little too). What is left over once no column shortens it goes first to the columns closest to
    their natural width (a name or a unit kept on one line), then to the columns still wrapping."""
    if sum(natural) <= total:
        return natural
    if sum(minimum) > total:  # words too long for the page: they are broken rather than the page shrunk
        return fit_widths(natural, minimum, total)
    widths = list(minimum)
    cells = np.column_stack([heights(c, w) for c, w in enumerate(widths)])
    spare = total - sum(widths)
    while spare > 0.01:
        rows = cells.max(axis=1)
        best = (0.0, -1, 0.0)
        for c in range(len(widths)):
            others = np.delete(cells, c, axis=1).max(axis=1, initial=0.0)
            room = min(natural[c] - widths[c], spare)
            for k in sorted({*range(1, LOOKAHEAD + 1), room}):
                if k > room or k <= 0:
                    continue
                wider = heights(c, widths[c] + k)
                shorter = (rows - np.maximum(others, wider)).sum() + CELL_WEIGHT * (cells[:, c] - wider).sum()
                gain = float(shorter) / k
                if gain > best[0] + 1e-9:
                    best = (gain, c, k)
        if best[1] < 0:
            break
        _, c, k = best
        widths[c] += k
        spare -= k
        cells[:, c] = heights(c, widths[c])
    for c in sorted(range(len(widths)), key=lambda c: natural[c] - widths[c]):
        if 0 < natural[c] - widths[c] <= spare:
            spare -= natural[c] - widths[c]
            widths[c] = natural[c]
    short = [n - w for n, w in zip(natural, widths, strict=True)]
    wanting = sum(short)
    return [w + spare * d / wanting if wanting else w for w, d in zip(widths, short, strict=True)]


def _shown(cell) -> str:
    """A cell's text as a spreadsheet shows it (a number with its format's decimals: 0.90, not 0.9)."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, float) and cell.number_format.startswith("0"):
        return f"{cell.value:.{len(cell.number_format.partition('.')[2])}f}"
    return str(cell.value)


def fit_columns(ws, table: tuple[Column, ...], header_row: int) -> float:
    """Column widths from their contents, together no wider than the page (page_units, share_width): a column is as
    wide as its longest line (at most its Column.width), never narrower than its longest word (a short header is
    kept whole). Text wraps in every cell and each row is as tall as its most wrapped cell: spreadsheet programs do
    not all fit wrapped rows on opening. Returns the table's width."""
    rows = list(ws.iter_rows(min_row=header_row, max_col=len(table)))
    # (text, bold) of every cell, the header first
    texts = [[(_shown(row[c]), r == 0 or bool(row[c].font.b)) for r, row in enumerate(rows)] for c in range(len(table))]
    natural, minimum = [], []
    for column, cells in zip(table, texts, strict=True):
        header, body = cells[0][0], [(x, bold) for x, bold in cells[1:] if x]
        head_min = cell_em(header, True) if len(header) <= 5 else longest_piece_em(header, True)
        word = max([head_min] + [longest_piece_em(x, bold) for x, bold in body]) / WIDTH_EM + PAD_UNITS
        widest = max([head_min] + [cell_em(x, bold) for x, bold in body]) / WIDTH_EM + PAD_UNITS
        minimum.append(max(word + 0.1, 4.0))  # + 0.1: widths are rounded down to a tenth
        natural.append(max(min(widest, column.width), minimum[-1]))

    @cache
    def heights(c: int, width: float) -> np.ndarray:
        return np.array([text_height(x, width, bold) if x else 0.0 for x, bold in texts[c]])

    widths = share_width(natural, minimum, heights, page_units(len(table)))
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = round(width - 0.05, 1)  # never rounded up
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, len(table) + 1)]
    for n, row in enumerate(rows):
        for cell in row:
            keep = cell.alignment
            cell.alignment = Alignment(
                horizontal=keep.horizontal, vertical="center" if n == 0 else "top", wrap_text=True
            )
        texts = [(_shown(cell), width, n == 0 or bool(cell.font.b)) for cell, width in zip(row, widths, strict=False)]
        ws.row_dimensions[header_row + n].height = row_height(texts)
    return sum(widths)


def full_width_row(ws, row: int, text: object, columns: int, width: float, font: Font | None = None) -> None:
    """`text` in a row of its own across the table's `columns` (merged, wrapped, as tall as its lines)."""
    text_cell(ws.cell(row, 1), text)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell = ws.cell(row, 1)
    cell.font = font or Font(name=FONT, size=FONT_PT)
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    size = cell.font.sz or FONT_PT
    # A larger font takes as many more ems per line: its text wraps as FONT_PT text in a narrower column.
    narrower = width * FONT_PT / size
    ws.row_dimensions[row].height = round(row_height([(text, narrower, bool(cell.font.b))]) * size / FONT_PT, 1)


def print_setup(ws, header_row: int, title: str, lang: str, version: str = "") -> None:
    """A4 landscape fitted to the page width (as many pages down as needed; the columns are sized to fit at 100 %),
    the header row on every page; the footer in words: the view's title, "page N of M" and the data version."""
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    # As many pages down as needed: Excel reads 0 so, LibreOffice (7.4) then still shrinks the page to save one.
    ws.page_setup.fitToHeight = FIT_PAGES_DOWN
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.7  # inches; the footer in the bottom margin
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    page = t("sheet_page", lang, page="&P", pages="&N")
    for part, text in ((ws.oddFooter.left, title.replace("&", "&&")), (ws.oddFooter.center, page),
                       (ws.oddFooter.right, version.replace("&", "&&"))):  # fmt: skip
        part.text = text
        part.size = FONT_PT
        part.font = f"{FONT},Regular"


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


def _argb(hex_color: str) -> str:
    return "FF" + hex_color.lstrip("#").upper()


def progress_rules(lang: str) -> str:
    """How the statuses are judged, in a sentence of the workbook itself (status.py's thresholds and labels)."""
    return t(
        "sheet_progress_rules",
        lang,
        margin=f"{CAP_MARGIN:.0%}",
        on_ratio=f"{ON_TRACK_RATIO:.2f}",
        acc_ratio=f"{ACCELERATION_RATIO:.2f}",
        **{status: status_label(status, lang) for status in STATUSES},
    )


def progress_xlsx(
    rows: list[dict],
    title: str,
    lang: str,
    version: str = "",
    status: tuple[str, ...] | None = None,
    today: date | None = None,
) -> bytes:
    """The 完成情况一览 as a workbook: title, data version and counts, how statuses are judged, a frozen header, one
    row per unit and indicator in words, status cells filled with the status colour (ink colour text), sources per
    row, wrapped rows sized to their lines, printed landscape with the columns sized to fit the page width at
    100 %."""
    wb = workbook()
    ws = wb.active
    ws.title = t("progress_table", lang)[:31]
    last_col = get_column_letter(len(PROGRESS_SHEET))
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
                cell.font = Font(name=FONT, size=FONT_PT, bold=True, color=_argb(style["ink"]))
                cell.alignment = Alignment(horizontal="center")
    style_header(ws, HEADER_ROW, len(PROGRESS_SHEET))
    width = fit_columns(ws, PROGRESS_SHEET, HEADER_ROW)
    stamp = [version, f"{t('exported', lang)} {(today or date.today()).isoformat()}", counts_words(rows, lang)]
    if status:
        labels = ("、" if lang == "zh" else ", ").join(status_label(s, lang) for s in status)
        stamp.append(t("progress_filtered", lang, statuses=labels))
    columns = len(PROGRESS_SHEET)
    full_width_row(ws, 1, neutralise(title), columns, width, Font(name=FONT, bold=True, size=15, color="1F2933"))
    grey = Font(name=FONT, size=FONT_PT, color="52606D")
    full_width_row(ws, 2, " · ".join(p for p in stamp if p), columns, width, grey)
    full_width_row(ws, 3, progress_rules(lang), columns, width, grey)
    last_row = HEADER_ROW + max(len(rows), 1)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    print_setup(ws, HEADER_ROW, title, lang, version)
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
