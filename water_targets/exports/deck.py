"""The PPTX deck (pure): title, the rendered pictures, the progress table slides, the value table and the
sources, with the python-pptx helpers (text box, table, cell). Each table is a list of named columns."""

from __future__ import annotations

import io
import math
from datetime import date

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from ..chart_style import ACCENT, INK, MUTED
from ..choropleth import view_for
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import COMPARATOR_SYMBOL, citation, qualifier_note, value_words
from ..progress_table import counts_words, notes
from ..queries import value_rows
from ..regions import subtitle
from ..status import STATUS_STYLE
from .canvas import visual_len
from .columns import Column
from .maps import map_title, sources_for
from .sheets import data_records

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, 16:9
INCH = 914400
TABLE_ROWS_PER_SLIDE = 14


def _qualifier_words(record: dict, lang: str) -> str:
    """The kind of an actual figure and a qualifier's note ("实际 · 初步数", "预估数")."""
    words = [t("actual", lang)] if record["kind"] == "actual" else []
    words += [w for w in [qualifier_note(record["qualifier"], lang)] if w]
    return " · ".join(words)


VALUE_TABLE = (  # getters take (value record, geo, lang)
    Column("county", 1.5, lambda r, geo, lang: geo.regions[r["region"]["adcode"]].name(lang)),
    Column("year", 0.7, lambda r, geo, lang: str(r["year"])),
    Column("comparator", 0.7, lambda r, geo, lang: COMPARATOR_SYMBOL.get(r["comparator"] or "", "")),
    Column("value", 1.4, lambda r, geo, lang: value_words(r, lang)),
    Column("unit", 1.2, lambda r, geo, lang: r["unit"] if lang == "zh" else r["unit_en"]),
    Column("baseline_year", 0.9, lambda r, geo, lang: str(r["baseline_year"] or "")),
    Column("qualifier", 1.0, lambda r, geo, lang: _qualifier_words(r, lang)),
    Column(
        "source",
        5.1,
        lambda r, geo, lang: citation(r["source"]["number"], r["source"]["document"], r["source"]["section"]),
        size=9,
    ),
)


def deck(
    dataset: Dataset,
    geo: GeoData,
    region: str,
    indicator: str,
    year: int,
    lang: str,
    images: dict[str, bytes],
    today: date | None = None,
    version: str = "",
    progress=None,
) -> bytes:
    """A 16:9 deck: title, map, drill-down chart, ranking, progress map and table, value table (split), sources.

    `images` holds PNGs rendered at 1920x1080 ('map', 'chart', 'ranking', 'progress_map'; missing ones are
    skipped), placed full-width at their native resolution; table and sources are real text. `progress(prs,
    layout)` adds the progress table slides (progress_slides below) when the view has actuals.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]
    title_text = map_title(geo, dataset, region, indicator, year, lang)

    slide = prs.slides.add_slide(blank)
    box(slide, title_text, 0.6, 2.4, 12.1, 1.2, 40, bold=True, color=INK)
    box(slide, subtitle(dataset, geo, lang), 0.6, 3.6, 12.1, 0.8, 20, color=MUTED)
    stamp = " · ".join(p for p in (f"{t('exported', lang)} {(today or date.today()).isoformat()}", version) if p)
    box(slide, stamp, 0.6, 6.4, 12.1, 0.5, 14, color=MUTED)

    for key in ("map", "chart", "ranking", "progress_map"):
        if key in images:
            slide = prs.slides.add_slide(blank)
            slide.shapes.add_picture(io.BytesIO(images[key]), 0, 0, width=SLIDE_W, height=SLIDE_H)
    if progress is not None:
        progress(prs, blank)

    records = data_records(dataset, geo, region, indicator, None)
    pages = [records[i : i + TABLE_ROWS_PER_SLIDE] for i in range(0, len(records), TABLE_ROWS_PER_SLIDE)] or [[]]
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(blank)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        box(slide, f"{title_text} · {t('data_table', lang)}{suffix}", 0.4, 0.25, 12.5, 0.6, 22, bold=True, color=INK)
        _value_table(slide, page, geo, lang)

    slide = prs.slides.add_slide(blank)
    box(slide, t("sources_title", lang), 0.6, 0.4, 12.1, 0.7, 26, bold=True, color=INK)
    shown = value_rows(dataset, indicator, view_for(dataset, geo, region).codes)
    lines = [f"• {s}" for s in sources_for(dataset, shown)]
    docs = dataset.documents.loc[sorted(set(shown["doc"]))] if not shown.empty else dataset.documents.iloc[0:0]
    lines += [f"《{d['title']}》{d['number']}" for _, d in docs.iterrows()]
    lines.append(t("boundaries_credit", lang))
    box(slide, "\n".join(lines), 0.6, 1.2, 12.1, 5.8, 14, color=INK)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _value_table(slide, records: list[dict], geo: GeoData, lang: str) -> None:
    shape = slide.shapes.add_table(
        len(records) + 1,
        len(VALUE_TABLE),
        Emu(int(0.4 * INCH)),
        Emu(int(1.0 * INCH)),
        Emu(int(12.5 * INCH)),
        Emu(int(0.4 * INCH * (len(records) + 1))),
    )
    table = shape.table
    for c, column in enumerate(VALUE_TABLE):
        table.columns[c].width = Emu(int(column.width * INCH))
        cell(table.cell(0, c), t(column.header, lang), 12, bold=True, color="FFFFFF", fill=ACCENT)
    for r, record in enumerate(records, 1):
        for c, column in enumerate(VALUE_TABLE):
            cell(table.cell(r, c), column.get(record, geo, lang), column.size, fill="#F7F9FB" if r % 2 else "#FFFFFF")


# ---------------------------------------------------------------- progress slides

SLIDE_ROWS = 13  # a city and its twelve counties on one slide
SLIDE_ROW_HEIGHT = 0.34  # inches, one line of 10 pt text
SLIDE_TABLE_SPACE = 5.1  # inches of rows below the header, above the sources line


def _actual_cell(row: dict, lang: str) -> str:
    if not row["actual"]:
        return "—"
    year = t("year_n", lang, year=row["actual_year"])
    return f"{year}：{row['actual']}" if lang == "zh" else f"{year}: {row['actual']}"


PROGRESS_SLIDE_TABLE = (  # getters take (progress_table row, lang)
    Column("progress_unit", 1.7, lambda row, lang: row["unit"]),
    Column("progress_actual", 2.2, _actual_cell),
    Column("target", 2.4, lambda row, lang: row["target"]),
    Column("progress_gap", 3.3, lambda row, lang: row["gap"] or "—"),
    Column("progress_status", 1.6, lambda row, lang: row["status_label"], status=True),
    Column("progress_notes", 1.3, notes),
)


def _row_height(cells: list[str]) -> float:
    """Inches a table row needs at 10 pt (about 14 half-em units per inch of column), set explicitly since
    not every viewer grows a row to fit its wrapped text."""
    widths = [c.width for c in PROGRESS_SLIDE_TABLE]
    lines = max(math.ceil(visual_len(x) / ((w - 0.2) * 14)) for x, w in zip(cells, widths, strict=True))
    return max(SLIDE_ROW_HEIGHT, 0.12 + 0.2 * lines)


def progress_slides(prs, layout, rows: list[dict], title: str, lang: str, version: str = "") -> None:
    """Slides of the progress table for one indicator (a new slide when the page is full): actual with its
    year, target, gap, status in a cell of the status colour, the qualifier flags; sources and data version."""
    pages: list[list[tuple[dict, list[str], float]]] = [[]]
    for row in rows:
        cells = [column.get(row, lang) for column in PROGRESS_SLIDE_TABLE]
        height = _row_height(cells)
        if pages[-1] and (len(pages[-1]) == SLIDE_ROWS or sum(h for *_, h in pages[-1]) + height > SLIDE_TABLE_SPACE):
            pages.append([])
        pages[-1].append((row, cells, height))
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(layout)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        heading = f"{title}{suffix}"
        box(slide, heading, 0.4, 0.25, 12.5, 0.6, 22 if visual_len(heading) <= 72 else 18, bold=True, color=INK)
        box(slide, counts_words(rows, lang), 0.4, 0.8, 12.5, 0.4, 12, color=MUTED)
        shape = slide.shapes.add_table(
            len(page) + 1,
            len(PROGRESS_SLIDE_TABLE),
            Emu(int(0.4 * INCH)),
            Emu(int(1.25 * INCH)),
            Emu(int(12.5 * INCH)),
            Emu(int((SLIDE_ROW_HEIGHT + sum(h for *_, h in page)) * INCH)),
        )
        table = shape.table
        table.rows[0].height = Emu(int(SLIDE_ROW_HEIGHT * INCH))
        for c, column in enumerate(PROGRESS_SLIDE_TABLE):
            table.columns[c].width = Emu(int(column.width * INCH))
            cell(table.cell(0, c), t(column.header, lang), 12, bold=True, color="FFFFFF", fill=ACCENT)
        for r, (row, cells, height) in enumerate(page, 1):
            shade = "#F7F9FB" if r % 2 else "#FFFFFF"
            style = STATUS_STYLE[row["status"]]
            for c, (column, value) in enumerate(zip(PROGRESS_SLIDE_TABLE, cells, strict=True)):
                if column.status:
                    cell(table.cell(r, c), value, 10, bold=True, color=style["ink"], fill=style["fill"])
                else:
                    cell(table.cell(r, c), value, 10, fill=shade)
                table.cell(r, c).margin_top = table.cell(r, c).margin_bottom = Emu(int(0.03 * INCH))
            table.rows[r].height = Emu(int(height * INCH))
        sources = list(dict.fromkeys(s for row, *_ in page for s in (row["target_source"], row["actual_source"]) if s))
        foot = f"{t('source', lang)}：" + "；".join(sources)
        box(slide, " · ".join(p for p in (foot, version) if p), 0.4, 6.75, 12.5, 0.7, 9, color=MUTED)


# ---------------------------------------------------------------- python-pptx helpers


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def box(
    slide,
    text: str,
    left: float,
    top: float,
    width: float,
    height: float,
    size: int,
    bold: bool = False,
    color: str = INK,
) -> None:
    frame = slide.shapes.add_textbox(
        Emu(int(left * INCH)), Emu(int(top * INCH)), Emu(int(width * INCH)), Emu(int(height * INCH))
    ).text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = rgb(color)
        run.font.name = "Noto Sans CJK SC"


def cell(table_cell, text: str, size: int, bold: bool = False, color: str = "1F2933", fill: str = "#FFFFFF") -> None:
    table_cell.fill.solid()
    table_cell.fill.fore_color.rgb = rgb(fill)
    frame = table_cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(color)
    run.font.name = "Noto Sans CJK SC"
