"""The PPTX deck (pure): title, the rendered pictures, the progress table slides, the value tables and the
sources, with the python-pptx helpers (titles, text boxes, tables, cells). Each table is a list of named columns.

Every slide has a real title placeholder (what an outline, a slide sorter or a screen reader lists); on a
picture slide the picture draws the visible title and the placeholder sits behind it, the technique Microsoft
recommends for slides whose title is part of a picture. Text is sized here, not by the viewer: each text is
measured (columns.line_count), titles shrink down to a minimum and wrap, table rows are as tall as their
wrapped cells and tables continue on the next slide, so nothing overflows in PowerPoint or LibreOffice.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..chart_style import ACCENT, INK, MUTED
from ..choropleth import view_for
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import (
    REPLACING_QUALIFIERS,
    citation,
    comparator_prefix,
    document_name,
    qualifier_note,
    value_words,
)
from ..progress_table import counts_words, notes, progress_table_rows
from ..queries import value_rows
from ..regions import OVERVIEW, place_name, subtitle
from ..status import STATUS_STYLE
from .columns import Column, fit_widths, line_count, longest_word_em, text_em
from .sheets import data_records

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, 16:9
INCH = 914400
FONT = "Noto Sans CJK SC"

# Minimum sizes on the 13.333 x 7.5 in slide (a 1920 x 1080 projection: 1 pt = 2 px), issue 12.
BODY_PT = 18  # body text: the subtitle, the counts above a table, the lines of the Sources slide
TABLE_PT = 14  # every table cell, header and source column included
SOURCE_PT = 12  # source and data-version lines under a table, the title slide's export stamp
# Sizes used, largest first: a text takes the largest size at which it fits its lines, else the last one.
COVER_TITLE_SIZES = (40, 36, 32, 28, 24)  # the title slide: at most three lines
TITLE_SIZES = (28, 26, 24, 22, 20)  # other slides: at most two lines
SOURCES_SIZES = (18, 16, 14, SOURCE_PT)  # the Sources slide's lines
SUBTITLE_PT = 22  # the title slide's subtitle
STAMP_PT = 14  # the title slide's export date and data version
assert min((*COVER_TITLE_SIZES, *TITLE_SIZES, SUBTITLE_PT)) >= BODY_PT and min((*SOURCES_SIZES, STAMP_PT)) >= SOURCE_PT

MARGIN = 0.45  # inches, left and right
WIDTH = 13.333 - 2 * MARGIN
BOTTOM = 7.2  # inches: no table or body text below
FOOT_BOTTOM = 7.4  # the bottom of a source line under a table
LINE_EM = 1.45  # line height of Noto Sans CJK (ascent + descent) in ems
INSET_X, INSET_Y = 0.1, 0.05  # text frame insets, inches
CELL_X, CELL_Y = 0.08, 0.03  # table cell margins, inches


def text_height(lines: int, size: float) -> float:
    """Inches `lines` lines of `size` pt take, without insets."""
    return lines * size * LINE_EM / 72


def lines_in(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines `text` wraps to in a frame `width` inches wide (insets taken off) at `size` pt."""
    return line_count(text, (width - 2 * INSET_X) * 72 / size / (1.05 if bold else 1.0))


def fitting_size(text: str, width: float, sizes: Sequence[int], max_lines: int, bold: bool = True) -> tuple[int, int]:
    """(size, lines): one line at one of the three largest `sizes` where that fits, else the largest size at
    which `text` takes at most `max_lines` lines, else the smallest size."""
    for lines_wanted, tried in ((1, sizes[:3]), (max_lines, sizes)):
        for size in tried:
            lines = lines_in(text, width, size, bold)
            if lines <= lines_wanted:
                return size, lines
    return sizes[-1], lines_in(text, width, sizes[-1], bold)


# ---------------------------------------------------------------- the deck


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
    progress: Callable | None = None,
) -> bytes:
    """A 16:9 deck: title, map, drill-down chart, ranking, progress map and table, value tables, sources.

    `images` holds PNGs rendered at 1920x1080 ('map', 'chart', 'ranking', 'progress_map'; missing ones are
    skipped), placed full-slide at their native resolution with alt text describing them; tables and sources
    are real text. The value tables show the chosen year first, then the other years in groups of whole years
    that fit a slide. `progress(prs, layout)` adds the progress table slides (progress_slides below).
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    widen_template(prs)
    cover, title_only = prs.slide_layouts[0], prs.slide_layouts[5]
    place = place_name(dataset, geo, region, lang)
    ind_name = dataset.indicators.loc[indicator, "name_en" if lang == "en" else "name_zh"]
    heading = f"{place} · {ind_name} · {year}"

    slide = prs.slides.add_slide(cover)
    size, lines = fitting_size(heading, WIDTH, COVER_TITLE_SIZES, 3)
    top = 1.5
    set_title(slide, heading, MARGIN, top, WIDTH, size, lines)
    top += text_height(lines, size) + 2 * INSET_Y + 0.3
    sub = deck_subtitle(dataset, geo, region, lang)
    sub_box = slide.placeholders[1]
    _place(sub_box, MARGIN, top, WIDTH, text_height(lines_in(sub, WIDTH, SUBTITLE_PT), SUBTITLE_PT) + 2 * INSET_Y)
    write(sub_box.text_frame, sub, SUBTITLE_PT, color=MUTED)
    stamp = " · ".join(p for p in (f"{t('exported', lang)} {(today or date.today()).isoformat()}", version) if p)
    box(slide, stamp, MARGIN, 6.5, WIDTH, 0.6, STAMP_PT, color=MUTED)

    for key in ("map", "chart", "ranking", "progress_map"):
        if key in images:
            slide = prs.slides.add_slide(title_only)
            set_title(slide, picture_title(dataset, geo, region, indicator, year, lang, key), MARGIN, 0.15, WIDTH)
            pic = slide.shapes.add_picture(io.BytesIO(images[key]), 0, 0, width=SLIDE_W, height=SLIDE_H)
            set_alt_text(pic, picture_alt(dataset, geo, region, indicator, year, lang, key))
    if progress is not None:
        progress(prs, title_only)

    records = data_records(dataset, geo, region, indicator, None)
    for title, page in value_table_pages(records, geo, year, f"{place} · {ind_name}", lang):
        slide = prs.slides.add_slide(title_only)
        bottom = set_title(slide, title, MARGIN, 0.2, WIDTH)
        table(slide, page, MARGIN, bottom + 0.1)

    for n, (lines, size) in enumerate(pages := sources_pages(dataset, geo, region, indicator, lang), 1):
        slide = prs.slides.add_slide(title_only)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        bottom = set_title(slide, f"{t('sources_title', lang)} · {place} · {ind_name}{suffix}", MARGIN, 0.2, WIDTH)
        box(slide, "\n".join(lines), MARGIN, bottom + 0.1, WIDTH, BOTTOM - bottom - 0.1, size, color=INK)
    mark_language(prs, lang)
    prs.core_properties.title = heading
    prs.core_properties.subject = sub
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def deck_subtitle(dataset: Dataset, geo: GeoData, region: str, lang: str) -> str:
    """The places the deck covers: the overview names every plan region, a region only itself."""
    if region == OVERVIEW:
        return subtitle(dataset, geo, lang)
    return t("deck_subtitle", lang, place=geo.regions[region].name(lang))


def picture_title(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int, lang: str, key: str) -> str:
    """The title of a picture slide: region · indicator · year (the chart: its years; the progress map: the
    assessment year)."""
    place = place_name(dataset, geo, region, lang)
    name = dataset.indicators.loc[indicator, "name_en" if lang == "en" else "name_zh"]
    if key == "chart":
        years = sorted(set(value_rows(dataset, indicator, [region])["year"]))
        span = f"{years[0]}–{years[-1]}" if years and years[0] != years[-1] else f"{years[0] if years else year}"
        return f"{place} · {name} · {t('time_chart', lang)} {span}"
    if key == "ranking":  # the overview ranks its plan regions, a region its counties
        ranked = t("deck_ranking_regions" if region == OVERVIEW else "ranking", lang, year=year)
        return f"{place} · {name} · {ranked}"
    if key == "progress_map":
        return (
            f"{place} · {name} · {t('deck_progress_year', lang, year=_progress_year(dataset, geo, region, indicator))}"
        )
    return f"{place} · {name} · {year}"


def _progress_year(dataset: Dataset, geo: GeoData, region: str, indicator: str) -> int:
    rows = progress_table_rows(dataset, geo, region, "zh", indicators=[indicator])
    years = [r["actual_year"] for r in rows if r["actual_year"]]
    return max(years) if years else date.today().year


def picture_alt(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int, lang: str, key: str) -> str:
    """Alt text of a picture in words a listener can follow: what kind of picture, of which place, indicator
    and year, and what it shows (how many units, the range, the highest and lowest, the status counts)."""
    place = place_name(dataset, geo, region, lang)
    ind = dataset.indicators.loc[indicator]
    name = ind["name_en" if lang == "en" else "name_zh"]
    unit = ind["unit_en" if lang == "en" else "unit_zh"]
    view = view_for(dataset, geo, region)
    if key == "chart":
        rows = value_rows(dataset, indicator, [region])
        years = sorted(set(rows["year"]))
        what = t("time_chart_actuals" if (rows["kind"] == "actual").any() else "time_chart", lang)
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        return t("alt_chart", lang, place=place, indicator=name, what=what, years=span)
    if key == "progress_map":
        rows = progress_table_rows(dataset, geo, region, lang, indicators=[indicator])
        as_of = _progress_year(dataset, geo, region, indicator)
        return t("alt_progress_map", lang, place=place, indicator=name, year=as_of, counts=counts_words(rows, lang))
    units = view.units if key == "ranking" else view.codes
    rows = value_rows(dataset, indicator, units, year=year, kind="target")
    numbers = rows.dropna(subset=["number"]).sort_values("number", kind="stable")
    if key == "ranking" and len(numbers):
        top, low = numbers.iloc[-1], numbers.iloc[0]
        return t(
            "alt_ranking",
            lang,
            place=place,
            indicator=name,
            year=year,
            n=len(numbers),
            top=geo.regions[top["region"]].name(lang),
            top_value=f"{value_words(top, lang)} {unit}",
            low=geo.regions[low["region"]].name(lang),
            low_value=f"{value_words(low, lang)} {unit}",
        )
    spread = ""
    if len(numbers) > 1:
        lo, hi = value_words(numbers.iloc[0], lang), value_words(numbers.iloc[-1], lang)
        spread = t("alt_range", lang, lo=lo, hi=hi, unit=unit)
    elif len(numbers) == 1:
        spread = t("alt_one_value", lang, value=f"{comparator_prefix(numbers.iloc[0]['comparator'])}"
                   f"{value_words(numbers.iloc[0], lang)} {unit}")  # fmt: skip
    return t("alt_map", lang, place=place, indicator=name, year=year, n=rows["region"].nunique(), spread=spread)


# ---------------------------------------------------------------- value tables


def _kind(r: dict, geo: GeoData, lang: str) -> str:
    return t("actual" if r["kind"] == "actual" else "target", lang)


def _value(r: dict, geo: GeoData, lang: str) -> str:
    words = value_words(r, lang)
    return words if r["qualifier"] in REPLACING_QUALIFIERS else f"{comparator_prefix(r['comparator'])}{words}"


def _source(r: dict, geo: GeoData, lang: str) -> str:
    # The document's printed number (or Chinese title) and section; the Sources slide gives the English names.
    return citation(r["source"]["number"], r["source"]["document"], r["source"]["section"], lang)


VALUE_TABLE = (  # getters take (value record, geo, lang); widths: the widest a column grows to, inches
    Column("region", 2.2, lambda r, geo, lang: geo.regions[r["region"]["adcode"]].name(lang)),
    Column("year", 0.8, lambda r, geo, lang: str(r["year"])),
    Column("kind", 1.0, _kind),
    Column("value", 1.8, _value),
    Column("unit", 1.3, lambda r, geo, lang: r["unit"] if lang == "zh" else r["unit_en"]),
    Column("baseline_year", 1.1, lambda r, geo, lang: str(r["baseline_year"] or "")),
    Column("qualifier", 1.4, lambda r, geo, lang: qualifier_note(r["qualifier"], lang)),
    Column("source", 6.0, _source),
)


def years_text(years: list[int], lang: str) -> str:
    if len(years) <= 3:
        return ("、" if lang == "zh" else ", ").join(map(str, years))
    return f"{years[0]}–{years[-1]}"


def value_table_pages(
    records: list[dict], geo: GeoData, year: int, heading: str, lang: str
) -> list[tuple[str, TablePage]]:
    """(title, table) per slide: the chosen year's rows first (titled with that year), then the other years,
    as many whole years per slide as fit (a year too long for one slide continues on the next, "(1/2)")."""
    head = [t(c.header, lang) for c in VALUE_TABLE]
    rows = [[c.get(r, geo, lang) for c in VALUE_TABLE] for r in records]
    widths = column_widths(VALUE_TABLE, head, rows, TABLE_PT)
    by_year: dict[int, list[list[str]]] = {}
    for record, row in zip(records, rows, strict=True):
        by_year.setdefault(record["year"], []).append(row)
    space = BOTTOM - title_bottom(f"{heading} · 2020、2021、2022 · {t('data_table', lang)} (9/9)") - 0.1
    groups: list[list[int]] = []  # the chosen year alone, then others packed
    others = sorted(y for y in by_year if y != year)
    for y in others:
        rows_of = [r for g in groups[-1:] for yy in g for r in by_year[yy]] + by_year[y]
        if groups and fits(head, rows_of, widths, space):
            groups[-1].append(y)
        else:
            groups.append([y])
    groups.insert(0, [year])
    pages: list[tuple[str, TablePage]] = []
    for group in groups:
        title = f"{heading} · {years_text(group, lang)} · {t('data_table', lang)}"
        parts = split_rows(head, [r for y in group for r in by_year.get(y, [])], widths, space)
        for n, part in enumerate(parts, 1):
            suffix = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
            pages.append((title + suffix, TablePage(head, part, widths)))
    return pages


# ---------------------------------------------------------------- tables


@dataclass
class TablePage:
    """One slide's table: header, rows of cell texts, column widths (inches), and per row the (fill, ink) of
    the cells that have their own (the status cell); other cells take the alternating shade."""

    head: list[str]
    rows: list[list[str]]
    widths: list[float]
    styles: list[dict[int, tuple[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.styles = self.styles or [{} for _ in self.rows]


def cell_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    # 0.95: an estimate a little short of the cell, so that a misjudged width wraps in the estimate first
    return line_count(text, 0.95 * (width - 2 * CELL_X) * 72 / size / (1.05 if bold else 1.0))


def row_height(cells: list[str], widths: list[float], size: float = TABLE_PT, bold: bool = False) -> float:
    """Inches a table row needs: its tallest wrapped cell, set explicitly (not every viewer grows rows)."""
    lines = max(cell_lines(x, w, size, bold) for x, w in zip(cells, widths, strict=True))
    return text_height(lines, size) + 2 * CELL_Y + 0.01


def column_widths(columns: Sequence[Column], head: list[str], rows: list[list[str]], size: float) -> list[float]:
    """Widths (inches, summing to the slide's width) fitted to the content: a column as wide as its longest
    cell on one line where everything fits, else the widest columns wrap; a header wraps only between words."""
    per_em = size / 72 / 0.95 * 1.02  # cell_lines reads 95 % of a cell
    natural, minimum = [], []
    for c, column in enumerate(columns):
        texts = [r[c] for r in rows]
        widest = max([_header_em(head[c])] + [line_em(x) for x in texts])
        natural.append(min(widest * per_em + 2 * CELL_X, column.width))
        word = max([_header_em(head[c])] + [longest_word_em(x) for x in texts])
        minimum.append(min(word * per_em + 2 * CELL_X, column.width))
    return fit_widths(natural, minimum, WIDTH)


def _header_em(text: str) -> float:
    """A header's narrowest width: a short Chinese header on one line (基准年, not 基/准/年), else its longest word."""
    return 1.05 * (text_em(text) if len(text) <= 5 else longest_word_em(text))


def line_em(text: str) -> float:
    return max((text_em(p) for p in str(text).split("\n")), default=0.0)


def fits(head: list[str], rows: list[list[str]], widths: list[float], space: float) -> bool:
    return row_height(head, widths, bold=True) + sum(row_height(r, widths) for r in rows) <= space


def split_rows(head: list[str], rows: list[list[str]], widths: list[float], space: float) -> list[list[list[str]]]:
    """Rows cut into slides of at most `space` inches (header included); at least one row per slide."""
    parts: list[list[list[str]]] = [[]]
    used = row_height(head, widths, bold=True)
    for row in rows:
        h = row_height(row, widths)
        if parts[-1] and used + h > space:
            parts.append([])
            used = row_height(head, widths, bold=True)
        parts[-1].append(row)
        used += h
    return parts


def table(slide, page: TablePage, left: float, top: float) -> float:
    """The table of a page at (left, top) with explicit row heights; returns its bottom (inches)."""
    heights = [row_height(page.head, page.widths, bold=True)] + [row_height(r, page.widths) for r in page.rows]
    shape = slide.shapes.add_table(
        len(page.rows) + 1,
        len(page.head),
        Emu(int(left * INCH)),
        Emu(int(top * INCH)),
        Emu(int(sum(page.widths) * INCH)),
        Emu(int(sum(heights) * INCH)),
    )
    grid = shape.table
    for c, width in enumerate(page.widths):
        grid.columns[c].width = Emu(int(width * INCH))
    for r, height in enumerate(heights):
        grid.rows[r].height = Emu(int(height * INCH))
    for c, text in enumerate(page.head):
        cell(grid.cell(0, c), text, TABLE_PT, bold=True, color="FFFFFF", fill=ACCENT)
    for r, (row, styles) in enumerate(zip(page.rows, page.styles, strict=True), 1):
        shade = "#F7F9FB" if r % 2 else "#FFFFFF"
        for c, text in enumerate(row):
            fill, ink = styles.get(c, (shade, INK))
            cell(grid.cell(r, c), text, TABLE_PT, bold=c in styles, color=ink, fill=fill)
    return top + sum(heights)


def title_bottom(text: str) -> float:
    """Where a content slide's title (set_title at 0.2 in) ends."""
    size, lines = fitting_size(text, WIDTH, TITLE_SIZES, 2)
    return 0.2 + text_height(lines, size) + 2 * INSET_Y


# ---------------------------------------------------------------- progress slides


def _actual_cell(row: dict, lang: str) -> str:
    if not row["actual"]:
        return "—"
    year = t("year_n", lang, year=row["actual_year"])
    return f"{year}：{row['actual']}" if lang == "zh" else f"{year}: {row['actual']}"


PROGRESS_SLIDE_TABLE = (  # getters take (progress_table row, lang); widths: the widest a column grows to
    Column("progress_unit", 2.2, lambda row, lang: row["unit"]),
    Column("progress_actual", 3.0, _actual_cell),
    Column("target", 3.2, lambda row, lang: row["target"]),
    Column("progress_gap", 3.4, lambda row, lang: row["gap"] or "—"),
    Column("progress_status", 1.8, lambda row, lang: row["status_label"], status=True),
    Column("progress_notes", 1.6, notes),
)


def progress_slides(prs, layout, rows: list[dict], title: str, lang: str, version: str = "") -> None:
    """Slides of the progress table for one indicator (a new slide when the page is full): actual with its
    year, target, gap, status in a cell of the status colour, the qualifier flags; counts, sources and data
    version. `layout` is a slide layout with a title placeholder."""
    head = [t(c.header, lang) for c in PROGRESS_SLIDE_TABLE]
    cells = [[column.get(row, lang) for column in PROGRESS_SLIDE_TABLE] for row in rows]
    widths = column_widths(PROGRESS_SLIDE_TABLE, head, cells, TABLE_PT)
    counts = counts_words(rows, lang)
    top = title_bottom(f"{title} (9/9)") + 0.05
    table_top = top + text_height(lines_in(counts, WIDTH, BODY_PT), BODY_PT) + 2 * INSET_Y + 0.05

    def foot(page_rows: list[dict]) -> str:
        sources = list(dict.fromkeys(s for row in page_rows for s in (row["target_source"], row["actual_source"]) if s))
        lead = f"{t('source', lang)}：" if lang == "zh" else f"{t('source', lang)}: "
        return " · ".join(p for p in (lead + ("；" if lang == "zh" else "; ").join(sources), version) if p)

    def foot_height(page_rows: list[dict]) -> float:
        return text_height(lines_in(foot(page_rows), WIDTH, SOURCE_PT), SOURCE_PT) + 2 * INSET_Y

    pages: list[list[int]] = [[]]
    for i in range(len(rows)):
        trial = pages[-1] + [i]
        space = FOOT_BOTTOM - table_top - foot_height([rows[j] for j in trial]) - 0.1
        if pages[-1] and not fits(head, [cells[j] for j in trial], widths, space):
            pages.append([i])
        else:
            pages[-1] = trial
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(layout)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        set_title(slide, f"{title}{suffix}", MARGIN, 0.2, WIDTH)
        box(slide, counts, MARGIN, top, WIDTH, table_top - top, BODY_PT, color=MUTED)
        styles = []
        for i in page:
            style = STATUS_STYLE[rows[i]["status"]]
            styles.append(
                {c: (style["fill"], style["ink"]) for c, col in enumerate(PROGRESS_SLIDE_TABLE) if col.status}
            )
        table(slide, TablePage(head, [cells[i] for i in page], widths, styles), MARGIN, table_top)
        page_rows = [rows[i] for i in page]
        h = foot_height(page_rows)
        box(slide, foot(page_rows), MARGIN, FOOT_BOTTOM - h, WIDTH, h, SOURCE_PT, color=MUTED)


# ---------------------------------------------------------------- sources


def sources_pages(
    dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str
) -> list[tuple[list[str], int]]:
    """The Sources slide(s): each document behind the shown values by name (English name with the Chinese
    title and number in English) and the sections cited, then the boundaries' credit; (lines, size) per slide,
    at the largest size that fits one slide, else continued on the next at the smallest."""
    shown = value_rows(dataset, indicator, view_for(dataset, geo, region).codes)
    sections: dict[str, dict[str, None]] = {}
    for _, row in shown.iterrows():
        sections.setdefault(row["doc"], {}).update(dict.fromkeys(row["section"].split("；")))
    lines = []
    for doc_id, cited in sections.items():
        doc = dataset.documents.loc[doc_id].to_dict()
        lines.append(f"• {document_name(doc, lang)}")
        if lang == "zh":
            lines.append(f"    {t('section', lang)}：" + "；".join(cited))
        else:
            lines.append(f"    {t('sections_cited', lang)}: " + "; ".join(cited))
    lines.append(t("boundaries_credit", lang))
    top = title_bottom(f"{t('sources_title', lang)} (9/9)") + 0.1
    space = BOTTOM - top - 2 * INSET_Y
    for size in SOURCES_SIZES:
        if text_height(sum(lines_in(x, WIDTH, size) for x in lines), size) <= space:
            return [(lines, size)]
    size = SOURCES_SIZES[-1]
    pages: list[list[str]] = [[]]
    used = 0.0
    for line in lines:
        h = text_height(lines_in(line, WIDTH, size), size)
        if pages[-1] and used + h > space:
            pages.append([])
            used = 0.0
        pages[-1].append(line)
        used += h
    return [(page, size) for page in pages]


# ---------------------------------------------------------------- python-pptx helpers


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    shape.left, shape.top = Emu(int(left * INCH)), Emu(int(top * INCH))
    shape.width, shape.height = Emu(int(width * INCH)), Emu(int(height * INCH))


def style_run(run, size: float, bold: bool = False, color: str = INK) -> None:
    """Size, weight, colour and the CJK font for both Latin and East Asian text of a run."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(color)
    run.font.name = FONT
    r_pr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        old = r_pr.find(qn(tag))
        if old is not None:
            r_pr.remove(old)
    latin = r_pr.find(qn("a:latin"))
    ea = etree.SubElement(r_pr, qn("a:ea"))
    ea.set("typeface", FONT)
    latin.addnext(ea)


def write(frame, text: str, size: float, bold: bool = False, color: str = INK) -> None:
    """Text in a frame, one paragraph per line, left aligned, wrapping, sized by us (no viewer autofit)."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Emu(int(INSET_X * INCH))
    frame.margin_top = frame.margin_bottom = Emu(int(INSET_Y * INCH))
    frame.clear()
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.LEFT
        run = para.add_run()
        run.text = line
        style_run(run, size, bold, color)


def set_title(
    slide,
    text: str,
    left: float,
    top: float,
    width: float,
    size: int | None = None,
    lines: int | None = None,
) -> float:
    """The slide's title placeholder with `text`, at the largest title size at which it fits two lines (or
    the given size), its frame as tall as its lines; returns its bottom (inches)."""
    if size is None or lines is None:
        size, lines = fitting_size(text, width, TITLE_SIZES, 2)
    height = text_height(lines, size) + 2 * INSET_Y
    title = slide.shapes.title
    _place(title, left, top, width, height)
    write(title.text_frame, text, size, bold=True, color=INK)
    return top + height


def widen_template(prs) -> None:
    """Stretch the default template's 4:3 master and layout placeholders to the 16:9 width, so that a slide a
    presenter adds in PowerPoint or Impress has its title and body across the slide."""
    scale = SLIDE_W / Emu(9144000)
    for part in [prs.slide_master, *prs.slide_layouts]:
        for shape in part.placeholders:
            xfrm = shape._element.xfrm  # only positions of their own: the others inherit the master's
            if xfrm is not None and xfrm.off is not None and xfrm.ext is not None:
                xfrm.off.x, xfrm.ext.cx = round(xfrm.off.x * scale), round(xfrm.ext.cx * scale)


def mark_language(prs, lang: str) -> None:
    """The language of every run (screen readers pick their voice by it, spell checkers their dictionary);
    an English deck's Chinese titles and citations are marked as its alternative language."""
    main, alt = ("en-US", "zh-CN") if lang == "en" else ("zh-CN", "en-US")
    prs.core_properties.language = main
    for slide in prs.slides:
        for tag in ("a:rPr", "a:endParaRPr"):
            for props in slide._element.iter(qn(tag)):
                props.set("lang", main)
                props.set("altLang", alt)


def set_alt_text(picture, text: str) -> None:
    """The description a screen reader reads for a picture (PowerPoint's and Impress's alt text)."""
    picture._element.nvPicPr.cNvPr.set("descr", text)


def box(
    slide,
    text: str,
    left: float,
    top: float,
    width: float,
    height: float,
    size: float,
    bold: bool = False,
    color: str = INK,
) -> None:
    shape = slide.shapes.add_textbox(
        Emu(int(left * INCH)), Emu(int(top * INCH)), Emu(int(width * INCH)), Emu(int(height * INCH))
    )
    write(shape.text_frame, text, size, bold, color)


def cell(table_cell, text: str, size: float, bold: bool = False, color: str = INK, fill: str = "#FFFFFF") -> None:
    table_cell.fill.solid()
    table_cell.fill.fore_color.rgb = rgb(fill)
    table_cell.margin_left = table_cell.margin_right = Emu(int(CELL_X * INCH))
    table_cell.margin_top = table_cell.margin_bottom = Emu(int(CELL_Y * INCH))
    frame = table_cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    style_run(run, size, bold, color)
