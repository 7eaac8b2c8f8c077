"""The deck's table slides: the value tables (the chosen year first, then the other years in groups of whole
years that fit a slide) and the progress table slides, with the tables' column widths, row heights and paging."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pptx.util import Emu

from ..chart_style import ACCENT, INK, MUTED
from ..geo import GeoData
from ..i18n import t
from ..model import citation, comparator_prefix, qualifier_note, value_words
from ..progress_table import counts_words, notes
from ..qualifiers import REPLACING_QUALIFIERS
from ..status import STATUS_STYLE
from .columns import Column, fit_widths, line_count, longest_word_em, text_em
from .pptx_text import (
    BODY_PT,
    BOTTOM,
    CELL_X,
    CELL_Y,
    FOOT_BOTTOM,
    INCH,
    INSET_Y,
    MARGIN,
    SOURCE_PT,
    TABLE_PT,
    WIDTH,
    box,
    cell,
    lines_in,
    set_title,
    text_height,
    title_bottom,
)

# ---------------------------------------------------------------- value tables


def _kind(r: dict, geo: GeoData, lang: str) -> str:
    return t("actual" if r["kind"] == "actual" else "target", lang)


def _value(r: dict, geo: GeoData, lang: str) -> str:
    words = value_words(r, lang)
    return words if r["qualifier"] in REPLACING_QUALIFIERS else f"{comparator_prefix(r['comparator'])}{words}"


def _source(r: dict, geo: GeoData, lang: str) -> str:
    """The value's citation in the deck's language (in English the document's English name leads)."""
    src = r["source"]
    return citation(src["number"], src["document"], src["section"], lang, src.get("document_en", ""))


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
