"""The progress map (pure): the view's units coloured by status, with the status patterns so that it survives
greyscale print, a legend with how many units have each status, and the region's own status.

Colours, patterns and outlines come from status.STATUS_STYLE only.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from .. import regions
from ..chart_style import ACCENT, INK, MUTED
from ..choropleth import CONTEXT, NO_BREAKDOWN, OVERVIEW, SPECIAL_COLORS, view_for
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..progress import progress_state
from ..status import STATUS_STYLE, STATUSES
from ..status_words import status_label
from .canvas import Canvas, paper_text, wrap
from .maps import add_inset, map_frame

# plotly fill patterns for STATUS_STYLE's print patterns ("solid" and "none": plain fill)
PLOTLY_PATTERN = {"dots": ".", "stripes": "/", "cross": "x"}
NO_TARGET_FILL = SPECIAL_COLORS[NO_BREAKDOWN]  # the target map's 规划未分解到县 grey
CONTEXT_FILL = SPECIAL_COLORS[CONTEXT]


def place_name(dataset: Dataset, geo: GeoData, region: str, lang: str) -> str:
    return regions.place_name(dataset, geo, region, lang)


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
    text(0.02, 0.055, wrap(source_line, int(0.95 * canvas.width / (7.5 * k))), 15, MUTED, yanchor="bottom")
    stamp = f"{t('exported', lang)} {(today or date.today()).isoformat()} · {t('boundaries_credit', lang)}"
    text(0.02, 0.03, stamp, 14, MUTED, yanchor="bottom")
    if footer:
        text(0.98, 0.03, footer, 14, MUTED, anchor="right", yanchor="bottom")

    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    layout["xaxis3"] = {**axis, "range": [0, 1], "domain": [0, 1], "anchor": "y3"}
    layout["yaxis3"] = {**axis, "range": [0, 1], "domain": [0, 1], "anchor": "x3"}
    if region == OVERVIEW:
        add_inset(fig, geo, layout, shapes, k)
        shapes.append(_rect("x2 domain", "y2 domain", 0, 1, 0, 1, "#dfe8ef", layer="below"))
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    fig.update_layout(**layout)
    return fig


def split_source(label: str) -> list[str]:
    """'赤政发〔2025〕11号 一、工作目标；附件 …' → one '<document> <section>' per section (as maps.sources_for)."""
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
