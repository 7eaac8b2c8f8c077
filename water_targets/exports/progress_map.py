"""The progress map (pure): the view's units coloured by status, with the status patterns so that it survives
greyscale print, a legend with how many units have each status, and the region's own status.

Colours, patterns and outlines come from status.STATUS_STYLE only.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..chart_style import ACCENT, INK, MUTED
from ..choropleth import CONTEXT, NO_BREAKDOWN, OVERVIEW, SPECIAL_COLORS, view_for
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..progress import progress_state
from ..status import STATUS_STYLE, STATUSES
from ..status_words import status_label
from ..view_state import PROGRESS, View
from .canvas import BODY_PX, HEADLINE_PX, Canvas, block_height, labelled, wrap_lines
from .map_labels import LABEL_RULE
from .maps import LEGEND_LEFT, LEGEND_RIGHT, map_footnotes, map_frame
from .picture_text import NO_IMPRINT, Imprint, Sheet, heading, to_paper_y

# plotly fill patterns for STATUS_STYLE's print patterns ("solid" and "none": plain fill)
PLOTLY_PATTERN = {"dots": ".", "stripes": "/", "cross": "x"}
NO_TARGET_FILL = SPECIAL_COLORS[NO_BREAKDOWN]  # the target map's 规划未分解到县 grey
CONTEXT_FILL = SPECIAL_COLORS[CONTEXT]


def fill_pattern(status: str, k: float) -> dict | None:
    style = STATUS_STYLE[status]
    shape = PLOTLY_PATTERN.get(style["pattern"])
    if not shape:
        return None
    return {"shape": shape, "fgcolor": style["outline"], "bgcolor": style["fill"], "size": 10 * k, "solidity": 0.22}


def progress_years(dataset: Dataset, geo: GeoData, view: View) -> tuple[list[int], int | None]:
    """Assessment years of the view's progress map and its default (the latest year with an actual)."""
    state = progress_state(dataset, geo, view.region, view.indicator, "zh")
    default = state["default_year"]
    return [int(y) for y in state["years"]], int(default) if default else None


def progress_map_figure(
    dataset: Dataset, geo: GeoData, view: View, canvas: Canvas, imprint: Imprint = NO_IMPRINT
) -> go.Figure:
    """The view's units coloured by their status at its assessment year (with the status patterns), a legend
    of the statuses with how many units have each, the region's own status, sources, date and footer (and the map
    review number line as on the target map)."""
    k = canvas.k
    region, year, lang = view.region, view.year, view.lang
    state = progress_state(dataset, geo, region, view.indicator, lang)
    cells = state["cells"].get(str(year), {})
    units = view_for(dataset, geo, region)
    headline = state["headline"].get(str(year)) if units.own_region else None

    def paint(code: str) -> dict:
        cell = cells.get(code)
        if cell is None:
            context = units.highlight is not None and code != units.highlight
            return {"fillcolor": CONTEXT_FILL if context else NO_TARGET_FILL, "line": {"color": "#aab4be", "width": k}}
        style = STATUS_STYLE[cell["status"]]
        strong = code == units.highlight
        return {
            "fillcolor": style["fill"],
            "fillpattern": fill_pattern(cell["status"], k),
            "line": {"color": "#0b3c5d" if strong else style["outline"], "width": (3 if strong else 1.2) * k},
        }

    sheet = Sheet(canvas)
    title = view.title(dataset, geo, t("progress_map_title", lang, year=year))
    map_top = heading(sheet, title, t("progress_map_subtitle", lang, year=year))
    sources: dict[str, None] = {}
    for cell in [*([headline] if headline else []), *cells.values()]:
        for key in ("target_source", "actual_source"):
            if cell[key]:  # the footnotes name each document once, with its sections (picture_text.source_lines)
                sources[cell[key]] = None
    map_bottom = map_footnotes(sheet, view, list(sources), imprint)

    attention = frozenset(code for code, cell in cells.items() if cell["status"] in LABEL_RULE.attention)
    fig, layout, _ = map_frame(
        dataset, geo, view, canvas, paint, (to_paper_y(canvas, map_bottom), to_paper_y(canvas, map_top)), attention
    )
    # The sea is drawn as a shape so that the legend's own axes (patterned swatches) stay transparent.
    layout["plot_bgcolor"] = "rgba(0,0,0,0)"
    shapes = layout["shapes"]
    shapes.insert(0, _rect("x domain", "y domain", 0, 1, 0, 1, "#dfe8ef", layer="below"))
    if region == OVERVIEW:
        shapes.append(_rect("x2 domain", "y2 domain", 0, 1, 0, 1, "#dfe8ef", layer="below"))

    # Legend: every status present with its number of units, then the grey cases.
    lx, width = LEGEND_LEFT * canvas.width, (LEGEND_RIGHT - LEGEND_LEFT) * canvas.width
    body = BODY_PX * k
    y = sheet.lines(lx, map_top, wrap_lines(t("progress_legend_units", lang), body, width, True), body, bold=True)
    y += 10 * k
    tally = {s: 0 for s in STATUSES}
    for cell in cells.values():
        tally[cell["status"]] += 1
    items = [(s, STATUS_STYLE[s]["fill"], _counted(status_label(s, lang), n, lang)) for s, n in tally.items() if n]
    mapped = [units.highlight] if units.highlight else units.units
    missing = [c for c in mapped if c not in cells]
    if missing:
        label = t("no_breakdown", lang) if headline else t("progress_no_target", lang)
        items.append((None, NO_TARGET_FILL, _counted(label, len(missing), lang)))
    if units.highlight:
        items.append((None, CONTEXT_FILL, t("context_units", lang, city=geo.city_of(region).name(lang))))
    swatch = 44 * k
    for status, fill, label in items:
        style = STATUS_STYLE.get(status or "", {"outline": "#aab4be"})
        lines = wrap_lines(label, body, width - swatch - 16 * k)
        row = max(swatch, block_height(len(lines), body))
        sx0, sx1 = lx / canvas.width, (lx + swatch) / canvas.width
        sy0, sy1 = to_paper_y(canvas, y + (row + swatch) / 2), to_paper_y(canvas, y + (row - swatch) / 2)
        fig.add_trace(
            go.Scatter(
                x=[sx0, sx1, sx1, sx0, sx0],
                y=[sy0, sy0, sy1, sy1, sy0],
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
        sheet.lines(lx + swatch + 16 * k, y + (row - block_height(len(lines), body)) / 2, lines, body, name="legend")
        y += row + 14 * k
    y += 26 * k

    if headline:
        name = geo.regions[units.own_region].name(lang)
        y = sheet.lines(lx, y, wrap_lines(t("progress_region_status", lang, region=name), body, width), body, MUTED)
        big = HEADLINE_PX * k
        words = wrap_lines(status_label(headline["status"], lang), big, width, bold=True)
        y = sheet.lines(lx, y + 4 * k, words, big, ACCENT, bold=True, name="headline") + 10 * k
        lines = [labelled(t("target", lang), headline["target"], lang)]
        if headline["actual"]:
            lines.append(labelled(t("progress_actual", lang), headline["actual"], lang))
        if headline["distance"]:
            lines.append(headline["distance"])
        wrapped = [w for line in lines for w in wrap_lines(line, body, width)]
        sheet.lines(lx, y, wrapped, body, INK)

    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    layout["xaxis3"] = {**axis, "range": [0, 1], "domain": [0, 1], "anchor": "y3"}
    layout["yaxis3"] = {**axis, "range": [0, 1], "domain": [0, 1], "anchor": "x3"}
    layout["annotations"] = [*layout["annotations"], *sheet.annotations]
    fig.update_layout(**layout)
    return fig


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


def has_progress(dataset: Dataset, geo: GeoData, view: View) -> bool:
    """Whether the view has any actual figure of the indicator (the deck then gets its progress slides)."""
    codes = view_for(dataset, geo, view.region).codes
    vals = dataset.values
    actual = (vals["indicator"] == view.indicator) & vals["region"].isin(codes) & (vals["kind"] == "actual")
    return bool(actual.any())


def progress_view(dataset: Dataset, geo: GeoData, view: View) -> View:
    """The view in the progress mode at its default assessment year (the latest year with an actual)."""
    return view.at(progress_years(dataset, geo, view)[1], PROGRESS)
