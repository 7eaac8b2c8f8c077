"""The data and progress workbooks as a reader opens and prints them: words instead of codes on the sheet that
opens first (codes on a hidden sheet of their own, which does not print), headers not cut, wrapped rows as tall as
their lines, and every sheet printed landscape, fitted to the page width with the header row repeated; the CSV
stays machine-readable. tests/test_workbook_print.py prints them through LibreOffice."""

from __future__ import annotations

import csv
import io
import math

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from water_targets.exports import DATA_COLUMNS
from water_targets.exports.canvas import visual_len
from water_targets.exports.sheets import MACHINE_SHEET
from water_targets.i18n import t
from water_targets.status import STATUSES

CODES = {"target", "actual", "<=", ">=", "=", "estimate", "strive", "not_applicable", "maintain_baseline",
         "provisional", "revised", *STATUSES}  # fmt: skip
# Qualifiers of every kind: 预估数 (estimate) and 不适用 (not applicable) in Chifeng's new capacity targets.
QUALIFIED = "region=150400&indicator=new_agri_saving_capacity"


def header_row(ws) -> int:
    """The header row: the first whose cells are all filled (a demo banner may stand above it)."""
    return next(r for r in range(1, 6) if all(c.value not in (None, "") for c in ws[r]))


def table_rows(ws, first: int):
    """The table's rows below its header (the notes below a table are not part of it: the filter's range)."""
    return ws.iter_rows(min_row=first + 1, max_row=range_boundaries(ws.auto_filter.ref)[3])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_xlsx_opens_on_words_and_keeps_codes_apart(client, lang) -> None:
    wb = load_workbook(io.BytesIO(client.get(f"/export/data.xlsx?{QUALIFIED}&lang={lang}").data))
    readable = wb.worksheets[0]
    assert readable.title != MACHINE_SHEET and MACHINE_SHEET in wb.sheetnames
    first = header_row(readable)
    header = [c.value for c in readable[first]]
    assert not set(header) & set(DATA_COLUMNS), "headers in words, not the CSV's codes"
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in table_rows(readable, first)]
    texts = {v for row in rows for v in row.values() if isinstance(v, str)}
    codes = CODES - {t(code, lang) for code in CODES if code in ("estimate", "provisional", "revised")}  # English words
    assert not texts & codes, texts & codes
    assert {r[t("kind", lang)] for r in rows} <= {t("target", lang), t("actual", lang)}
    assert {r[t("comparator", lang)] for r in rows} <= {t(f"cmp_{c}", lang) for c in ("<=", ">=", "=")} | {None}
    qualifiers = {r[t("qualifier", lang)] for r in rows}
    assert {t("estimate", lang), t("not_applicable", lang)} <= qualifiers
    # The machine-readable sheet has the CSV's columns and codes; hidden, it does not print.
    machine = wb[MACHINE_SHEET]
    assert machine.sheet_state == "hidden" and readable.sheet_state == "visible"
    codes_first = header_row(machine)
    assert [c.value for c in machine[codes_first]] == DATA_COLUMNS
    raw = client.get(f"/export/data.csv?{QUALIFIED}&lang={lang}").data.decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(raw)))
    assert csv_rows[0] == DATA_COLUMNS and len(csv_rows) - 1 == machine.max_row - codes_first
    assert {r[DATA_COLUMNS.index("kind")] for r in csv_rows[1:]} <= {"target", "actual"}


def test_numbers_keep_their_printed_decimals(client) -> None:
    query = "region=150400&indicator=total_water_use&year=2025"
    raw = client.get(f"/export/data.csv?{query}").data.decode("utf-8-sig")
    printed = {r["region"]: r["value"] for r in csv.DictReader(io.StringIO(raw))}
    ws = load_workbook(io.BytesIO(client.get(f"/export/data.xlsx?{query}").data)).worksheets[0]
    header = [c.value for c in ws[1]]
    code, value = header.index(t("sheet_adcode", "zh")), header.index(t("value", "zh"))
    for row in table_rows(ws, 1):
        text = printed[row[code].value]
        places = len(text.split(".")[1]) if "." in text else 0
        assert row[value].value == pytest.approx(float(text))
        assert row[value].number_format == ("0." + "0" * places if places else "0"), (text, row[value].number_format)


def workbooks(client) -> list[tuple[str, object]]:
    return [
        ("data zh", load_workbook(io.BytesIO(client.get(f"/export/data.xlsx?{QUALIFIED}").data))),
        ("data en", load_workbook(io.BytesIO(client.get(f"/export/data.xlsx?{QUALIFIED}&lang=en").data))),
        ("progress zh", load_workbook(io.BytesIO(client.get("/export/progress.xlsx?region=150400").data))),
        ("progress en", load_workbook(io.BytesIO(client.get("/export/progress.xlsx?region=all&lang=en").data))),
    ]


def test_every_sheet_prints_landscape_fitted_to_width_with_the_header_repeated(client) -> None:
    for name, wb in workbooks(client):
        for ws in wb.worksheets:
            first = header_row(ws) if name.startswith("data") else 4
            assert ws.page_setup.orientation == "landscape", (name, ws.title)
            # As many pages down as needed (999: LibreOffice shrinks a page to save one when it reads 0).
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 999, (name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
            assert ws.print_title_rows == f"${first}:${first}", (name, ws.title)


def test_headers_are_not_cut_and_wrapped_rows_are_sized(client) -> None:
    for name, wb in workbooks(client):
        for ws in wb.worksheets:
            first = header_row(ws) if name.startswith("data") else 4
            header_height = ws.row_dimensions[first].height
            for cell in ws[first]:
                width = ws.column_dimensions[cell.column_letter].width
                text = str(cell.value)
                # A header wraps only between words, each word fits its column; a Chinese one wraps between
                # characters, its row as tall as the lines it needs (an Arial character takes about 0.93 units of
                # column width, a Chinese one twice that).
                if " " in text:
                    assert width >= max(map(visual_len, text.split())) * 0.9, (name, text, width)
                lines = min(math.ceil(visual_len(text) * 0.93 / (width - 0.5)), 3)
                assert header_height >= 14 * lines, (name, text, width)
                assert cell.alignment.wrap_text
            for row in table_rows(ws, first):
                height = ws.row_dimensions[row[0].row].height
                assert height is not None, (name, row[0].row)
                for cell in row:
                    width = ws.column_dimensions[cell.column_letter].width
                    if cell.value is not None and visual_len(str(cell.value)) > 2.2 * width:
                        # Text more than twice the column's width cannot fit on one line.
                        assert cell.alignment.wrap_text and height >= 2 * 14, (name, cell.value, width, height)
