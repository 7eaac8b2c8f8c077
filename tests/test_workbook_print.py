"""The data and progress workbooks as a staff member prints them: LibreOffice Calc → PDF (A4 landscape, fitted to
the page width), read back with pdfplumber, for a region (赤峰市, with the suite's test actuals) and the overview,
in Chinese and English, and a data workbook with the demo banner. On paper: every character at least 10 pt (the
size pdfplumber gives is the printed one, the page's scale applied), no two texts on top of each other (rows as
tall as their wrapped lines), no page of the machine-readable sheet, page footers in words (the view's title and
"page N of M", never an adcode or an indicator id), and the progress workbook's rules in the workbook itself.
Before them, the print settings as openpyxl reads them. The LibreOffice tests are skipped where soffice is
missing (bash scripts/ensure_system_deps.sh installs it)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pdfplumber
import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from water_targets.data import get_dataset, get_geo
from water_targets.exports import DATA_COLUMNS, HEADER_ROW, data_records, data_xlsx, place_name
from water_targets.exports.sheets import (
    FIT_PAGES_DOWN,
    FONT,
    FONT_PT,
    MACHINE_SHEET,
    MIN_PRINTED_PT,
    page_units,
    share_width,
)
from water_targets.i18n import t
from water_targets.status import STATUSES
from water_targets.status_words import status_label

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.usefixtures("progress_store")
needs_soffice = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) missing: scripts/ensure_system_deps.sh")

INDICATOR = "total_water_use"
REGIONS = ("150400", "all")
LANGS = ("zh", "en")
ADCODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
CODE_WORD = re.compile(r"\b[a-z]+_[a-z_]+\b")  # total_water_use, region_name: ids, not words
FOOTER_PT = 48  # the band below a page's table: the footer's line in the bottom margin
A4_LANDSCAPE = (841.9, 595.3)


def views() -> dict[str, str]:
    """{name: export URL} of every workbook the tests print."""
    out = {}
    for region in REGIONS:
        for lang in LANGS:
            out[f"data-{region}-{lang}"] = f"/export/data.xlsx?region={region}&indicator={INDICATOR}&lang={lang}"
            out[f"progress-{region}-{lang}"] = f"/export/progress.xlsx?region={region}&lang={lang}"
    return out


@pytest.fixture(scope="module")
def data(progress_store):
    return get_dataset(progress_store)


@pytest.fixture(scope="module")
def workbooks(client, data) -> dict[str, bytes]:
    """{name: xlsx}: the exports of views(), and the 赤峰市 data workbook with the demo banner (the pure builder)."""
    files = {}
    for name, url in views().items():
        resp = client.get(url)
        assert resp.status_code == 200, (name, resp.status_code)
        files[name] = resp.data
    records = data_records(data, get_geo(), "150400", INDICATOR, None)
    name_zh = data.indicators.loc[INDICATOR, "name_zh"]
    files["data-banner-zh"] = data_xlsx(records, INDICATOR, name_zh, "赤峰市 · 用水总量", "zh", t("demo_marker", "zh"))
    return files


@pytest.fixture(scope="module")
def printed(workbooks, tmp_path_factory) -> dict[str, Path]:
    """{name: PDF}: every workbook printed by LibreOffice in one run."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) missing")
    out = tmp_path_factory.mktemp("workbooks")
    for name, body in workbooks.items():
        (out / f"{name}.xlsx").write_bytes(body)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out), *(str(out / f"{name}.xlsx") for name in workbooks)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {name: out / f"{name}.pdf" for name in workbooks}


def title_words(data, name: str) -> tuple[str, str]:
    """(place, what) a workbook's footer names: 赤峰市 and 用水总量 (or 完成情况一览)."""
    _, region, lang = name.split("-")
    region = "150400" if region == "banner" else region
    what = t("progress_table", lang) if name.startswith("progress") else data.indicators.loc[INDICATOR, f"name_{lang}"]
    return place_name(data, get_geo(), region, lang), what


def footer_text(page) -> str:
    return page.crop((0, page.height - FOOTER_PT, page.width, page.height)).extract_text() or ""


def overlapping(page) -> list[str]:
    """Characters drawn on top of others (a row too short for its wrapped text runs into the next one)."""
    chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["x0"])
    found = []
    for i, a in enumerate(chars):
        for b in chars[i + 1 :]:
            if b["x0"] >= a["x1"] - 0.5:
                break
            wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if wide > 1 and high > 0.25 * min(a["size"], b["size"]):
                found.append(f"{a['text']!r}/{b['text']!r} at ({a['x0']:.0f}, {a['top']:.0f})")
    return found


def table_rows(ws, first: int):
    return ws.iter_rows(min_row=first + 1, max_row=range_boundaries(ws.auto_filter.ref)[3])


# ---------------------------------------------------------------- the print settings (openpyxl)


def test_readable_sheets_print_a4_landscape_fitted_to_the_width_at_full_size(workbooks) -> None:
    for name, body in workbooks.items():
        wb = load_workbook(io.BytesIO(body))
        readable = wb.worksheets[0]
        assert wb.active.title == readable.title and readable.sheet_state == "visible", name
        setup = readable.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == int(readable.PAPERSIZE_A4), name
        assert readable.sheet_properties.pageSetUpPr.fitToPage, name
        assert setup.fitToWidth == 1 and setup.fitToHeight == FIT_PAGES_DOWN, name
        # The columns fit the page at 100 %: fitting to the width does not shrink the text.
        columns = range_boundaries(readable.auto_filter.ref)[2]
        widths = [readable.column_dimensions[chr(64 + c)].width for c in range(1, columns + 1)]
        assert sum(widths) <= page_units(columns) + 0.01, (name, sum(widths), page_units(columns))
        assert readable.max_column == columns, name  # nothing printed beside the table
        # Every text at FONT_PT or larger, in FONT (the unit of column widths is the default font's digit).
        for row in readable.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == FONT and cell.font.sz >= FONT_PT, (name, cell.coordinate, cell.font.sz)
        first = HEADER_ROW if name.startswith("progress") else 2 if "banner" in name else 1
        assert readable.print_title_rows == f"${first}:${first}", name
        assert all(c.alignment.wrap_text for row in table_rows(readable, first) for c in row), name


def test_footers_are_words_with_page_n_of_m(workbooks, data) -> None:
    for name, body in workbooks.items():
        lang = name.rsplit("-", 1)[1]
        place, what = title_words(data, name)
        footer = load_workbook(io.BytesIO(body)).worksheets[0].oddFooter
        assert footer.left.text.startswith(f"{place} · {what}"), (name, footer.left.text)
        assert footer.center.text == t("sheet_page", lang, page="&P", pages="&N"), (name, footer.center.text)
        texts = f"{footer.left.text} {footer.center.text} {footer.right.text or ''}"
        assert not ADCODE.search(texts) and not CODE_WORD.search(texts) and "all " not in texts, (name, texts)
        assert all(part.size >= FONT_PT for part in (footer.left, footer.center)), name


def test_the_machine_readable_sheet_is_hidden_and_read_by_scripts(workbooks) -> None:
    for name, body in workbooks.items():
        if not name.startswith("data"):
            continue
        wb = load_workbook(io.BytesIO(body))
        assert wb[MACHINE_SHEET].sheet_state == "hidden", name
        frame = pd.read_excel(io.BytesIO(body), sheet_name=MACHINE_SHEET, header=1 if "banner" in name else 0)
        assert list(frame.columns) == DATA_COLUMNS and len(frame) > 0, name
        assert set(frame["indicator"]) == {INDICATOR}, name
        # The readable sheet's notes, below its table, say where it is and name the indicator the rows are of.
        readable = wb.worksheets[0]
        notes = " ".join(
            str(c.value) for c in readable["A"][range_boundaries(readable.auto_filter.ref)[3] :] if c.value
        )
        lang = name.rsplit("-", 1)[1]
        assert t("sheet_notes", lang) in notes and MACHINE_SHEET in notes, (name, notes)
        assert str(frame["indicator_name"].iloc[0]) in notes, (name, notes)


def test_the_progress_workbook_says_how_statuses_are_judged(workbooks) -> None:
    for name, body in workbooks.items():
        if not name.startswith("progress"):
            continue
        lang = name.rsplit("-", 1)[1]
        ws = load_workbook(io.BytesIO(body)).worksheets[0]
        rules = ws["A3"].value
        assert not re.search(r"README|\.md\b|docs/", rules), rules  # nothing a reader of the workbook cannot open
        assert all(status_label(s, lang) in rules for s in STATUSES if s != "not_applicable"), rules


def test_share_width_fits_the_page_and_keeps_every_word_whole() -> None:
    def heights(c: int, width: float) -> np.ndarray:
        return np.array([100.0 / width] * 3)

    assert share_width([10.0, 20.0], [5.0, 5.0], heights, 40.0) == [10.0, 20.0]  # all fit: as wide as their text
    widths = share_width([30.0, 60.0, 8.0], [6.0, 12.0, 8.0], heights, 50.0)
    assert sum(widths) == pytest.approx(50.0) and all(w >= m - 1e-9 for w, m in zip(widths, [6, 12, 8], strict=True))


# ---------------------------------------------------------------- printed by LibreOffice


@needs_soffice
def test_every_printed_character_is_at_least_10_pt(printed) -> None:
    small = []
    for name, pdf in printed.items():
        with pdfplumber.open(pdf) as doc:
            for n, page in enumerate(doc.pages, 1):
                assert (round(page.width, 1), round(page.height, 1)) == A4_LANDSCAPE, (name, page.width)
                sizes = [c["size"] for c in page.chars if c["text"].strip()]
                if sizes and min(sizes) < MIN_PRINTED_PT:
                    small.append(f"{name} p{n}: {min(sizes):.1f} pt")
    assert not small, small


@needs_soffice
def test_no_printed_text_runs_into_another(printed) -> None:
    failures = []
    for name, pdf in printed.items():
        with pdfplumber.open(pdf) as doc:
            for n, page in enumerate(doc.pages, 1):
                failures += [f"{name} p{n}: {x}" for x in overlapping(page)[:3]]
    assert not failures, "\n".join(failures[:30])


@needs_soffice
def test_the_machine_readable_sheet_does_not_print(printed) -> None:
    for name, pdf in printed.items():
        with pdfplumber.open(pdf) as doc:
            text = "\n".join(page.extract_text() or "" for page in doc.pages)
        codes = [c for c in ("region_name", "indicator_name", "baseline_year", INDICATOR) if c in text]
        assert not codes, (name, codes)


@needs_soffice
def test_printed_footers_name_the_view_and_the_page(printed, data) -> None:
    for name, pdf in printed.items():
        lang = name.rsplit("-", 1)[1]
        place, what = title_words(data, name)
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
            for n, page in enumerate(doc.pages, 1):
                footer = footer_text(page)
                assert place in footer and what in footer, (name, n, footer)
                assert t("sheet_page", lang, page=n, pages=pages) in footer, (name, n, footer)
                assert not ADCODE.search(footer) and not CODE_WORD.search(footer), (name, n, footer)


@needs_soffice
def test_printed_workbooks_carry_their_notes_and_banner(printed, data) -> None:
    for name, pdf in printed.items():
        lang = name.rsplit("-", 1)[1]
        with pdfplumber.open(pdf) as doc:
            first, last = doc.pages[0].extract_text(), doc.pages[-1].extract_text()
        if name.startswith("progress"):
            assert status_label("on_track", lang) in first and "README" not in first and ".md" not in first, name
        else:  # the note on where the codes are, below the table
            assert MACHINE_SHEET in last, name
        if "banner" in name:
            assert t("demo_marker", "zh") in first, name
