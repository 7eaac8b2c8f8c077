"""Progress exports (pure): the 完成情况一览 workbook, the progress map (units coloured by status, with the
status patterns so it survives greyscale print) and the progress slides of the deck.

Colours, patterns and outlines come from status.STATUS_STYLE only; the words from progress_table's rows.
"""

from __future__ import annotations

import io
import math
from datetime import date

import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from pptx.util import Emu

from . import regions
from .choropleth import CONTEXT, NO_BREAKDOWN, OVERVIEW, SPECIAL_COLORS, view_for
from .exports import Canvas, _add_inset, _box, _cell, _visual_len, _wrap, map_frame, neutralise, paper_text
from .figures import ACCENT, INK, MUTED
from .geo import GeoData
from .i18n import t
from .indicators import Dataset
from .progress import progress_state
from .progress_table import status_counts
from .status import STATUS_STYLE, STATUSES, status_label

# plotly fill patterns for STATUS_STYLE's print patterns ("solid" and "none": plain fill)
PLOTLY_PATTERN = {"dots": ".", "stripes": "/", "cross": "x"}
NO_TARGET_FILL = SPECIAL_COLORS[NO_BREAKDOWN]  # the target map's 规划未分解到县 grey
CONTEXT_FILL = SPECIAL_COLORS[CONTEXT]


def place_name(dataset: Dataset, geo: GeoData, region: str, lang: str) -> str:
    return regions.place_name(dataset, geo, region, lang)


def counts_words(rows: list[dict], lang: str) -> str:
    """'共 89 项：超出上限 1，偏离目标 1，…' in legend order."""
    sep = "，" if lang == "zh" else ", "
    parts = [f"{status_label(s, lang)} {n}" for s, n in status_counts(rows).items()]
    return t("progress_rows", lang, n=len(rows)) + ("：" if lang == "zh" else ": ") + sep.join(parts)


# ---------------------------------------------------------------- XLSX

XLSX_COLUMNS = (  # (i18n key, row field, width)
    ("progress_unit", "unit", 14),
    ("indicator", "indicator", 26),
    ("progress_actual", "actual", 20),
    ("progress_actual_year", "actual_year", 9),
    ("target", "target", 26),
    ("progress_gap", "gap", 28),
    ("progress_status", "status_label", 13),
    ("progress_notes", "notes", 11),
    ("progress_target_source", "target_source", 34),
    ("progress_actual_source", "actual_source", 26),
)
FIGURE_FIELDS = ("actual", "target", "gap")
STATUS_COLUMN = 1 + [c[1] for c in XLSX_COLUMNS].index("status_label")
HEADER_ROW = 4
FONT = "Calibri"  # the workbook's default; Chinese falls back to the system's CJK font


def notes(row: dict, lang: str) -> str:
    """The qualifier flags of a row (初步数, 修订数, 预估数, 力争), shown as words next to the figures."""
    return ("，" if lang == "zh" else ", ").join(f for f in (row["actual_flag"], row["target_flag"]) if f)


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
    last_col = get_column_letter(len(XLSX_COLUMNS))
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
    for c, (key, _, width) in enumerate(XLSX_COLUMNS, 1):
        cell = ws.cell(HEADER_ROW, c, t(key, lang))
        cell.font = Font(name=FONT, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_argb(ACCENT))
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, HEADER_ROW + 1):
        values = {**row, "notes": notes(row, lang), "actual_year": row["actual_year"] or ""}
        lines = 1
        for c, (_, field, width) in enumerate(XLSX_COLUMNS, 1):
            value = values[field]
            # Figures are built from validated numbers ("-2.0%（较2020年）" is text, not a formula); the
            # names and sources come from imported text and are neutralised against formula injection.
            safe = field in FIGURE_FIELDS and not str(value).startswith("=")
            cell = ws.cell(r, c, value if safe else neutralise(value))
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            lines = max(lines, math.ceil(0.85 * _visual_len(str(value)) / (width - 1)))
        # Row heights written out: spreadsheet programs do not all fit wrapped rows on opening.
        ws.row_dimensions[r].height = 15 * lines + 2
        style = STATUS_STYLE[row["status"]]
        status_cell = ws.cell(r, STATUS_COLUMN)
        status_cell.fill = PatternFill("solid", fgColor=_argb(style["fill"]))
        status_cell.font = Font(name=FONT, bold=True, color=_argb(style["ink"]))
        status_cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
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


# ---------------------------------------------------------------- progress map


def fill_pattern(status: str, k: float) -> dict | None:
    style = STATUS_STYLE[status]
    shape = PLOTLY_PATTERN.get(style["pattern"])
    if not shape:
        return None
    return {"shape": shape, "fgcolor": style["outline"], "bgcolor": style["fill"], "size": 10 * k, "solidity": 0.22}


def progress_years(dataset: Dataset, geo: GeoData, region: str, indicator: str) -> tuple[list[int], int | None]:
    """Assessment years of the progress map and its default (the latest year with an actual)."""
    state = progress_state(dataset, geo, region, indicator, "zh")
    default = state["default_year"]
    return [int(y) for y in state["years"]], int(default) if default else None


def progress_map_figure(
    dataset: Dataset,
    geo: GeoData,
    region: str,
    indicator: str,
    year: int,
    lang: str,
    canvas: Canvas,
    footer: str = "",
    today: date | None = None,
) -> go.Figure:
    """The view's units coloured by their status at assessment year `year` (with the status patterns), a legend
    of the statuses with how many units have each, the region's own status, sources, date and footer."""
    k = canvas.k
    state = progress_state(dataset, geo, region, indicator, lang)
    cells = state["cells"].get(str(year), {})
    view = view_for(dataset, geo, region)
    headline = state["headline"].get(str(year)) if view.own_region else None

    def paint(code: str) -> dict:
        cell = cells.get(code)
        if cell is None:
            context = view.highlight is not None and code != view.highlight
            return {"fillcolor": CONTEXT_FILL if context else NO_TARGET_FILL, "line": {"color": "#aab4be", "width": k}}
        style = STATUS_STYLE[cell["status"]]
        strong = code == view.highlight
        return {
            "fillcolor": style["fill"],
            "fillpattern": fill_pattern(cell["status"], k),
            "line": {"color": "#0b3c5d" if strong else style["outline"], "width": (3 if strong else 1.2) * k},
        }

    fig, layout, view = map_frame(dataset, geo, region, lang, canvas, paint)
    fig.data[-1].textfont.shadow = "0 0 2px white, 0 0 3px white, 0 0 4px white"  # names legible over patterns
    # The sea is drawn as a shape so that the legend's own axes (patterned swatches) stay transparent.
    layout["plot_bgcolor"] = "rgba(0,0,0,0)"
    shapes = [_rect("x domain", "y domain", 0, 1, 0, 1, "#dfe8ef", layer="below")]
    annotations: list[dict] = []

    text = paper_text(annotations, k)

    ind = dataset.indicators.loc[indicator]
    title = f"{place_name(dataset, geo, region, lang)} · {ind['name_zh'] if lang == 'zh' else ind['name_en']}"
    text(0.02, 0.975, f"{title} · {t('progress_map_title', lang, year=year)}", 34, bold=True)
    text(0.02, 0.915, t("progress_map_subtitle", lang, year=year), 20, MUTED)

    # Legend: every status present with its number of units, then the grey cases.
    lx, ly = 0.67, 0.84
    text(lx, ly, t("progress_legend_units", lang), 20, bold=True)
    ly -= 0.05
    tally = {s: 0 for s in STATUSES}
    for cell in cells.values():
        tally[cell["status"]] += 1
    items = [(s, STATUS_STYLE[s]["fill"], _counted(status_label(s, lang), n, lang)) for s, n in tally.items() if n]
    mapped = [view.highlight] if view.highlight else view.units
    missing = [c for c in mapped if c not in cells]
    if missing:
        label = t("no_breakdown", lang) if headline else t("progress_no_target", lang)
        items.append((None, NO_TARGET_FILL, _counted(label, len(missing), lang)))
    if view.highlight:
        items.append((None, CONTEXT_FILL, t("context_units", lang, city=geo.city_of(region).name(lang))))
    for status, fill, label in items:
        style = STATUS_STYLE.get(status or "", {"outline": "#aab4be"})
        fig.add_trace(
            go.Scatter(
                x=[lx, lx + 0.03, lx + 0.03, lx, lx],
                y=[ly - 0.032, ly - 0.032, ly, ly, ly - 0.032],
                mode="lines",
                fill="toself",
                fillcolor=fill,
                fillpattern=fill_pattern(status, k) if status else None,
                line={"color": style["outline"], "width": 1.5 * k},
                xaxis="x3",
                yaxis="y3",
                hoverinfo="skip",
                showlegend=False,
            )
        )
        text(lx + 0.04, ly + 0.002, label, 19)
        ly -= 0.05
    ly -= 0.03

    sources: dict[str, None] = {}
    if headline:
        name = geo.regions[view.own_region].name(lang)
        text(lx, ly, t("progress_region_status", lang, region=name), 18, MUTED)
        text(lx, ly - 0.035, status_label(headline["status"], lang), 30, ACCENT, bold=True)
        lines = [f"{t('target', lang)}：{headline['target']}"]
        if headline["actual"]:
            lines.append(f"{t('progress_actual', lang)}：{headline['actual']}")
        if headline["distance"]:
            lines.append(headline["distance"])
        text(lx, ly - 0.095, "<br>".join(lines), 17, INK)
        ly -= 0.095 + 0.04 * len(lines)
    for cell in [*([headline] if headline else []), *cells.values()]:
        for key in ("target_source", "actual_source"):
            sources.update(dict.fromkeys(split_source(cell[key])))
    source_line = f"{t('source', lang)}：" + "；".join(sources) if sources else t("no_data", lang)
    # Bottom-anchored above the date line, so that a wrapped source list grows upwards (3 lines at most).
    text(0.02, 0.055, _wrap(source_line, int(0.95 * canvas.width / (7.5 * k))), 15, MUTED, yanchor="bottom")
    stamp = f"{t('exported', lang)} {(today or date.today()).isoformat()} · {t('boundaries_credit', lang)}"
    text(0.02, 0.03, stamp, 14, MUTED, yanchor="bottom")
    if footer:
        text(0.98, 0.03, footer, 14, MUTED, anchor="right", yanchor="bottom")

    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    layout["xaxis3"] = {**axis, "range": [0, 1], "domain": [0, 1], "anchor": "y3"}
    layout["yaxis3"] = {**axis, "range": [0, 1], "domain": [0, 1], "anchor": "x3"}
    if region == OVERVIEW:
        _add_inset(fig, geo, layout, shapes, k)
        shapes.append(_rect("x2 domain", "y2 domain", 0, 1, 0, 1, "#dfe8ef", layer="below"))
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    fig.update_layout(**layout)
    return fig


def split_source(label: str) -> list[str]:
    """'赤政发〔2025〕11号 一、工作目标；附件 …' → one '<document> <section>' per section (as exports.sources_for)."""
    if not label:
        return []
    ref, _, sections = label.partition(" ")
    return [f"{ref} {section}" for section in sections.split("；")] if sections else [ref]


def _counted(label: str, n: int, lang: str) -> str:
    return f"{label}（{n}）" if lang == "zh" else f"{label} ({n})"


def _rect(xref: str, yref: str, x0: float, x1: float, y0: float, y1: float, fill: str, layer: str = "above") -> dict:
    return {
        "type": "rect",
        "xref": xref,
        "yref": yref,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "fillcolor": fill,
        "line": {"width": 0},
        "layer": layer,
    }


def has_progress(dataset: Dataset, geo: GeoData, region: str, indicator: str) -> bool:
    """Whether the view has any actual figure of the indicator (the deck then gets its progress slides)."""
    codes = view_for(dataset, geo, region).codes
    vals = dataset.values
    return bool(((vals["indicator"] == indicator) & vals["region"].isin(codes) & (vals["kind"] == "actual")).any())


# ---------------------------------------------------------------- deck slides

SLIDE_ROWS = 13  # a city and its twelve counties on one slide
SLIDE_ROW_HEIGHT = 0.34  # inches, one line of 10 pt text
SLIDE_TABLE_SPACE = 5.1  # inches of rows below the header, above the sources line
SLIDE_COLUMNS = (  # (i18n key, width in inches)
    ("progress_unit", 1.7),
    ("progress_actual", 2.2),
    ("target", 2.4),
    ("progress_gap", 3.3),
    ("progress_status", 1.6),
    ("progress_notes", 1.3),
)
STATUS_SLIDE_COLUMN = 4


def _slide_cells(row: dict, lang: str) -> list[str]:
    year = t("year_n", lang, year=row["actual_year"])
    actual = f"{year}：{row['actual']}" if lang == "zh" else f"{year}: {row['actual']}"
    return [
        row["unit"],
        actual if row["actual"] else "—",
        row["target"],
        row["gap"] or "—",
        row["status_label"],
        notes(row, lang),
    ]


def _row_height(cells: list[str]) -> float:
    """Inches a table row needs at 10 pt (about 14 half-em units per inch of column), set explicitly since
    not every viewer grows a row to fit its wrapped text."""
    widths = [w for _, w in SLIDE_COLUMNS]
    lines = max(math.ceil(_visual_len(x) / ((w - 0.2) * 14)) for x, w in zip(cells, widths, strict=True))
    return max(SLIDE_ROW_HEIGHT, 0.12 + 0.2 * lines)


def progress_slides(prs, layout, rows: list[dict], title: str, lang: str, version: str = "") -> None:
    """Slides of the progress table for one indicator (a new slide when the page is full): actual with its
    year, target, gap, status in a cell of the status colour, the qualifier flags; sources and data version."""
    inch = 914400
    pages: list[list[tuple[dict, list[str], float]]] = [[]]
    for row in rows:
        cells = _slide_cells(row, lang)
        height = _row_height(cells)
        if pages[-1] and (len(pages[-1]) == SLIDE_ROWS or sum(h for *_, h in pages[-1]) + height > SLIDE_TABLE_SPACE):
            pages.append([])
        pages[-1].append((row, cells, height))
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(layout)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        heading = f"{title}{suffix}"
        _box(slide, heading, 0.4, 0.25, 12.5, 0.6, 22 if _visual_len(heading) <= 72 else 18, bold=True, color=INK)
        _box(slide, counts_words(rows, lang), 0.4, 0.8, 12.5, 0.4, 12, color=MUTED)
        shape = slide.shapes.add_table(
            len(page) + 1,
            len(SLIDE_COLUMNS),
            Emu(int(0.4 * inch)),
            Emu(int(1.25 * inch)),
            Emu(int(12.5 * inch)),
            Emu(int((SLIDE_ROW_HEIGHT + sum(h for *_, h in page)) * inch)),
        )
        table = shape.table
        table.rows[0].height = Emu(int(SLIDE_ROW_HEIGHT * inch))
        for c, (key, width) in enumerate(SLIDE_COLUMNS):
            table.columns[c].width = Emu(int(width * inch))
            _cell(table.cell(0, c), t(key, lang), 12, bold=True, color="FFFFFF", fill=ACCENT)
        for r, (row, cells, height) in enumerate(page, 1):
            shade = "#F7F9FB" if r % 2 else "#FFFFFF"
            style = STATUS_STYLE[row["status"]]
            for c, value in enumerate(cells):
                if c == STATUS_SLIDE_COLUMN:
                    _cell(table.cell(r, c), value, 10, bold=True, color=style["ink"], fill=style["fill"])
                else:
                    _cell(table.cell(r, c), value, 10, fill=shade)
                table.cell(r, c).margin_top = table.cell(r, c).margin_bottom = Emu(int(0.03 * inch))
            table.rows[r].height = Emu(int(height * inch))
        sources = list(dict.fromkeys(s for row, *_ in page for s in (row["target_source"], row["actual_source"]) if s))
        foot = f"{t('source', lang)}：" + "；".join(sources)
        _box(slide, " · ".join(p for p in (foot, version) if p), 0.4, 6.75, 12.5, 0.7, 9, color=MUTED)
