"""The deck's table slides: the value tables (the chosen year first, then the other years) and the progress table
slides, with the tables' column widths, row heights measured in the export font, paging and foot lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pptx.util import Emu

from ..chart_style import ACCENT, INK, MUTED
from ..context import check_words
from ..geo import GeoData
from ..i18n import t
from ..model import comparator_prefix, document_name, qualifier_note, unit_suffix, value_words
from ..progress_table import counts_words, notes
from ..qualifiers import REPLACING_QUALIFIERS
from ..sections import section_words
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


def _section(r: dict, geo: GeoData, lang: str) -> str:
    """The value's sections in the deck's language; its document is the note the reference mark points to."""
    return section_words(r["source"]["section"], lang)


VALUE_TABLE = (  # getters take (value record, geo, lang); widths: the widest a column grows to, inches
    Column("region", 2.2, lambda r, geo, lang: geo.regions[r["region"]["adcode"]].name(lang)),
    Column("year", 0.8, lambda r, geo, lang: str(r["year"])),
    Column("kind", 1.0, _kind),
    Column("value", 1.8, _value),
    Column("unit", 1.6, lambda r, geo, lang: r["unit"] if lang == "zh" else r["unit_en"]),
    Column("baseline_year", 1.1, lambda r, geo, lang: str(r["baseline_year"] or "")),
    Column("qualifier", 1.4, lambda r, geo, lang: qualifier_note(r["qualifier"], lang)),
    Column("source", 5.0, _section),  # a mark ([1]) of the document and sections listed under the table
)


def _cited(r: dict, section: str, lang: str) -> str:
    """A value's document and sections as the line under the table lists them after their mark."""
    src = r["source"]
    doc = {"title": src["document"], "number": src["number"], "title_en": src.get("document_en", "")}
    name = document_name(doc, lang)
    return (f"{name} {section}" if lang == "zh" else f"{name}, {section}") if section else name


@dataclass
class ValuePage:
    """One slide of the value table: its title, the table and the line under it (the documents the reference
    marks point to, and the data version)."""

    title: str
    table: TablePage
    foot: str


def value_table_pages(
    records: list[dict], geo: GeoData, year: int, heading: str, lang: str, version: str = ""
) -> list[ValuePage]:
    """The value table's slides: the chosen year's rows first, then the other years, as many whole years per
    slide as fit (a year too long for one slide continues on the next, "(1/2)"; no slide holds a lone row while
    its table has more). Heights are the rows' measured wrapped heights. Each slide's table leaves out the columns
    empty in all its rows and names a unit all its rows share in the value's header; each row's source is a mark
    ([1]) of its document and sections, which the line under the table names once."""
    if not records:
        return []
    cells = [[c.get(r, geo, lang) for c in VALUE_TABLE] for r in records]
    top = title_bottom(f"{heading} · 2020、2021、2022 · {t('data_table', lang)} (9/9)") + 0.1
    by_year: dict[int, list[int]] = {}
    for i, record in enumerate(records):
        by_year.setdefault(record["year"], []).append(i)
    groups: list[list[int]] = [[year]]  # the chosen year first, then the others, whole years while they fit
    for y in sorted(y for y in by_year if y != year):
        joined = [i for yy in groups[-1] for i in by_year.get(yy, [])] + by_year[y]
        if _group_table(joined, records, cells, lang, version, top).fits(joined):
            groups[-1].append(y)
        else:
            groups.append([y])
    for n in range(len(groups) - 1, -1, -1):  # a year of one row that fits with no neighbour shares their slides
        if len(groups) > 1 and sum(len(by_year.get(y, [])) for y in groups[n]) == 1:
            other = n + 1 if n + 1 < len(groups) else n - 1
            groups[min(n, other)] = groups[min(n, other)] + groups[max(n, other)]
            del groups[max(n, other)]
    out = []
    for group in groups:
        indexes = [i for y in group for i in by_year.get(y, [])]
        table = _group_table(indexes, records, cells, lang, version, top)
        parts = pack_rows(table.head, table.rows, table.widths, table.space, indexes)
        title = f"{heading} · {years_text(group, lang)} · {t('data_table', lang)}"
        for n, part in enumerate(parts, 1):
            suffix = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
            page = TablePage(table.head, [table.rows[i] for i in part], table.widths)
            out.append(ValuePage(title + suffix, page, table.foot(part)))
    return out


@dataclass
class _GroupTable:
    """The value table of a group of years: its columns' header and widths, every record's row (None outside the
    group), its documents' marks, and what a slide of it has room for."""

    head: list[str]
    rows: list[list[str] | None]
    widths: list[float]
    documents: list[str]
    marks: dict[str, int]
    lang: str
    version: str
    top: float

    def foot(self, page: list[int]) -> str:
        docs = dict.fromkeys(self.documents[i] for i in page)
        lead = f"{t('source', self.lang)}：" if self.lang == "zh" else f"{t('source', self.lang)}: "
        listed = "  ".join(f"[{self.marks[d]}] {d}" for d in docs)
        return " · ".join(p for p in (lead + listed, self.version) if p)

    def space(self, page: list[int]) -> float:
        return foot_top(self.foot(page)) - self.top - 0.1

    def fits(self, page: list[int]) -> bool:
        return fits(self.head, [self.rows[i] for i in page], self.widths, self.space(page))


def _group_table(
    indexes: list[int], records: list[dict], cells: list[list[str]], lang: str, version: str, top: float
) -> _GroupTable:
    documents = [_cited(r, cells[i][-1], lang) for i, r in enumerate(records)]
    marks = {doc: n for n, doc in enumerate(dict.fromkeys(documents[i] for i in indexes), 1)}
    mine = [list(cells[i]) for i in indexes]
    for i, row in zip(indexes, mine, strict=True):
        row[-1] = f"[{marks[documents[i]]}]"
    names = [c.header for c in VALUE_TABLE]
    units = {row[names.index("unit")] for row in mine}
    keep = [
        c
        for c, name in enumerate(names)
        if name == "region" or (any(row[c] for row in mine) and not (name == "unit" and len(units) == 1))
    ]
    head = [t(names[c], lang) for c in keep]
    if len(units) == 1 and (unit := units.pop()):  # one unit: named once, in the value's header
        head[keep.index(names.index("value"))] += f"（{unit}）" if lang == "zh" else f" ({unit})"
    rows: list[list[str] | None] = [None] * len(records)
    for i, row in zip(indexes, mine, strict=True):
        rows[i] = [row[c] for c in keep]
    widths = column_widths([VALUE_TABLE[c] for c in keep], head, [rows[i] for i in indexes], TABLE_PT)
    return _GroupTable(head, rows, widths, documents, marks, lang, version, top)


def foot_top(text: str) -> float:
    """Where the foot line(s) `text` start: nothing of the slide's body goes below (BOTTOM without a foot)."""
    if not text:
        return BOTTOM
    return min(BOTTOM, FOOT_BOTTOM - text_height(lines_in(text, WIDTH, SOURCE_PT), SOURCE_PT) - 2 * INSET_Y)


def foot(slide, text: str) -> None:
    """The line(s) at the foot of a text slide (sources, data version), ending at FOOT_BOTTOM."""
    if text:
        top = foot_top(text)
        box(slide, text, MARGIN, top, WIDTH, FOOT_BOTTOM - top, SOURCE_PT, color=MUTED)


def years_text(years: list[int], lang: str) -> str:
    """The years a slide holds, in its order: runs of three or more years as '2021–2024' ('2025, 2021–2024')."""
    parts: list[str] = []
    run: list[int] = []
    for y in [*years, None]:
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        parts += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(x) for x in run]
        run = [y] if y is not None else []
    return ("、" if lang == "zh" else ", ").join(parts)


def pack_rows(
    head: list[str],
    rows: list[list[str]],
    widths: list[float],
    space: Callable[[list[int]], float],
    order: list[int] | None = None,
) -> list[list[int]]:
    """Indexes of `rows` (those in `order`, default all) per slide: as many rows as fit `space(page)` inches
    (header included; a row taller than a slide gets one of its own), then rows moved back from each full slide
    until the next one holds at least two (a lone row on the last slide reads as a mistake)."""
    pages: list[list[int]] = [[]]
    for i in range(len(rows)) if order is None else order:
        trial = pages[-1] + [i]
        if pages[-1] and not fits(head, [rows[j] for j in trial], widths, space(trial)):
            pages.append([i])
        else:
            pages[-1] = trial
    for n in range(len(pages) - 1, 0, -1):
        while len(pages[n]) < 2 and len(pages[n - 1]) > 2:
            moved = [pages[n - 1][-1], *pages[n]]
            if not fits(head, [rows[j] for j in moved], widths, space(moved)):
                break
            pages[n - 1], pages[n] = pages[n - 1][:-1], moved
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
        # a status is read at a glance: never wrapped ('Over the / cap')
        word = widest if column.status else max([_header_em(head[c])] + [longest_word_em(x) for x in texts])
        minimum.append(min(word * per_em + 2 * CELL_X, column.width))
    return fit_widths(natural, minimum, WIDTH)


def _header_em(text: str) -> float:
    """A header's narrowest width: a short Chinese header on one line (基准年, not 基/准/年), else its longest word."""
    return 1.05 * (text_em(text) if len(text) <= 5 else longest_word_em(text))


def line_em(text: str) -> float:
    return max((text_em(p) for p in str(text).split("\n")), default=0.0)


def fits(head: list[str], rows: list[list[str]], widths: list[float], space: float) -> bool:
    return row_height(head, widths, bold=True) + sum(row_height(r, widths) for r in rows) <= space


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


UNIT_COLUMNS = ("progress_actual", "target", "progress_gap")  # their figures carry the indicator's unit


def progress_slides(
    prs, layout, rows: list[dict], title: str, lang: str, version: str = "", unit: str = "", own: str | None = None
) -> None:
    """Slides of the progress table for one indicator (a new slide when the page is full): actual with its
    year, target, gap, status in a cell of the status colour, the qualifier flags; counts, sources and data
    version. `layout` is a slide layout with a title placeholder. A `unit` in words (亿立方米, 100 million m³) is
    named once in the headers of the figures' columns instead of in every cell; with `own` (the region's adcode) the
    counts give the region's status and its units' counts, as the progress map's headline and legend do."""
    keep = [c for c, column in enumerate(PROGRESS_SLIDE_TABLE) if column.header != "progress_notes" or any(
        column.get(row, lang) for row in rows)]  # notes only where a row has one
    columns = [PROGRESS_SLIDE_TABLE[c] for c in keep]
    head = [t(c.header, lang) for c in columns]
    cells = [[column.get(row, lang) for column in columns] for row in rows]
    if unit_suffix(unit, lang).startswith(" "):  # a unit in words; '%' stays with its figures
        after_figure = re.compile(rf"(?<=\d)(?:\s*×)?\s*{re.escape(unit)}")  # '2.88 亿立方米', '0.1247亿立方米'
        for c, column in enumerate(columns):
            if column.header in UNIT_COLUMNS:
                head[c] += f"（{unit}）" if lang == "zh" else f" ({unit})"
                for row in cells:
                    row[c] = after_figure.sub("", row[c])
    widths = column_widths(columns, head, cells, TABLE_PT)
    counts = counts_words(rows, lang, own)
    top = title_bottom(f"{title} (9/9)") + 0.05
    table_top = top + text_height(lines_in(counts, WIDTH, BODY_PT), BODY_PT) + 2 * INSET_Y + 0.05

    def foot_text(page_rows: list[dict]) -> str:
        sources = list(dict.fromkeys(s for row in page_rows for s in (row["target_source"], row["actual_source"]) if s))
        lead = f"{t('source', lang)}：" if lang == "zh" else f"{t('source', lang)}: "
        return " · ".join(p for p in (lead + ("；" if lang == "zh" else "; ").join(sources), version) if p)

    pages = pack_rows(head, cells, widths, lambda page: foot_top(foot_text([rows[j] for j in page])) - table_top - 0.1)
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(layout)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        set_title(slide, f"{title}{suffix}", MARGIN, 0.2, WIDTH)
        box(slide, counts, MARGIN, top, WIDTH, table_top - top, BODY_PT, color=MUTED)
        styles = []
        for i in page:
            style = STATUS_STYLE[rows[i]["status"]]
            styles.append({c: (style["fill"], style["ink"]) for c, col in enumerate(columns) if col.status})
        table(slide, TablePage(head, [cells[i] for i in page], widths, styles), MARGIN, table_top)
        foot(slide, foot_text([rows[i] for i in page]))


# ---------------------------------------------------------------- the context slide (issue 21)

LOOSER_STYLE = ("#FFF4E0", "#8A5A00")  # a looser target's check cell: bold words on amber (7:1), not colour alone
UNIT_STYLE = ("#EAF3F7", INK)  # the unit's own name, bold


def _marked(item: dict, kind: str, marks: dict[str, int]) -> str:
    """A level's target or actual (`kind`) with its year and the mark ([1]) of its source, which the line under
    the table names."""
    figure, source = item[f"{kind}_dated"], item[f"{kind}_source"]
    return f"{figure} [{marks[source]}]" if figure and source else figure


CONTEXT_SLIDE_TABLE = (  # getters take (strip item, marks, lang); widths: the widest a column grows to, inches
    Column("region", 2.6, lambda item, marks, lang: item["name"]),
    Column("target", 3.8, lambda item, marks, lang: _marked(item, "target", marks) or t("ctx_no_target", lang)),
    Column("ctx_latest_actual", 3.8, lambda item, marks, lang: _marked(item, "actual", marks) or "—"),
    Column("ctx_check", 5.0, lambda item, marks, lang: check_words(item, lang)),
)


def context_slide(prs, layout, items: list[dict], title: str, lang: str, version: str = "") -> None:
    """One slide of the unit against the levels above it (water_targets.context.strip, the country first): each
    level's target and latest actual with their years, each with the mark ([1]) of its source, which the line
    under the table names with the data version; and the checks — a looser target's cell in bold words on amber,
    the allocation of a level's amount among its units. The actual and check columns only where a row has one."""
    cited = (item[f"{k}_source"] for item in items for k in ("target", "actual"))
    marks = {source: n for n, source in enumerate(dict.fromkeys(s for s in cited if s), 1)}
    cells = [[column.get(item, marks, lang) for column in CONTEXT_SLIDE_TABLE] for item in items]
    optional = ("ctx_latest_actual", "ctx_check")
    keep = [
        c
        for c, column in enumerate(CONTEXT_SLIDE_TABLE)
        if column.header not in optional or any(row[c] not in ("", "—") for row in cells)
    ]
    columns = [CONTEXT_SLIDE_TABLE[c] for c in keep]
    head = [t(c.header, lang) for c in columns]
    rows = [[row[c] for c in keep] for row in cells]
    check = len(columns) - 1 if columns[-1].header == "ctx_check" else None
    styles = [
        {**({0: UNIT_STYLE} if item["unit"] else {}), **({check: LOOSER_STYLE} if item["looser"] and check else {})}
        for item in items
    ]
    widths = column_widths(columns, head, rows, TABLE_PT)
    lead = f"{t('source', lang)}：" if lang == "zh" else f"{t('source', lang)}: "
    listed = "  ".join(f"[{n}] {source}" for source, n in marks.items())
    slide = prs.slides.add_slide(layout)
    bottom = set_title(slide, title, MARGIN, 0.2, WIDTH)
    table(slide, TablePage(head, rows, widths, styles), MARGIN, bottom + 0.1)
    foot(slide, " · ".join(p for p in (lead + listed if marks else "", version) if p))
