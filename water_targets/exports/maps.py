"""The exported map of a view: slide-ready choropleth figures drawn with plain plotly scatter polygons in Web
Mercator (no geo subplot, so nothing is fetched from a CDN) using the same classes, colours and legend as the
screen (choropleth.map_state), unit names (map_labels) and the South China Sea inset. Sizes are laid out for a 1920x1080
canvas (canvas.py's type sizes) and scaled with the requested height; text is wrapped and shrunk to fit.
"""

from __future__ import annotations

import plotly.graph_objects as go
from shapely.geometry import box as shapely_box

from ..chart_style import ACCENT, FONT_FAMILY, INK, MUTED
from ..choropleth import MARKS, OVERVIEW, SPECIAL_STYLES, MapUnits, class_style, map_state, unit_class, view_for
from ..classes import BACKGROUND_LINE, BORDER_LINE, LAND
from ..geo import COUNTRY, GeoData
from ..i18n import t
from ..indicators import Dataset
from ..queries import value_rows
from ..regions import context_units
from ..view_state import View
from .canvas import (
    BODY_PX,
    HEADLINE_PX,
    NOTE_PX,
    Canvas,
    area,
    block_height,
    bounds,
    labelled,
    mercator,
    path,
    wrap_lines,
)
from .map_labels import LEADER_COLOR, unit_labels
from .picture_text import (
    NO_IMPRINT,
    Imprint,
    Sheet,
    footnotes,
    heading,
    sources_for,
    to_paper_y,
)

INSET_BOX = (105.0, 123.5, 3.0, 24.5)  # lon/lat window of the South China Sea inset
MAP_LEFT, MAP_RIGHT = 0.02, 0.64  # the map's share of the picture's width; the legend column follows
LEGEND_LEFT, LEGEND_RIGHT = 0.665, 0.98


def _style(state: dict, code: str, year: str) -> dict:
    """The unit's class style (fill, outline, weight, dash) as the map draws it."""
    return class_style(state, unit_class(state, code, year))


def map_title(dataset: Dataset, geo: GeoData, view: View) -> str:
    """'赤峰市 · 用水总量 · 2025': region · indicator · year."""
    return view.title(dataset, geo, view.year)


def map_footnotes(sheet: Sheet, view: View, sources: list[str], imprint: Imprint) -> float:
    """The footnotes of an exported map (sources, date, boundaries' credit, data version, and the map review line
    when EXPORT_FOOTER sets one: a slide is projected, and a configuration reminder has no place on it; the README
    and docs/api.md tell deployers to set it); returns their top in px."""
    lang = view.lang
    stamp = f"{imprint.exported(lang)} · {t('boundaries_credit', lang)}"
    return footnotes(sheet, sources, lang, stamp, imprint.version, imprint.map_review or "")


def map_frame(
    dataset: Dataset,
    geo: GeoData,
    view: View,
    canvas: Canvas,
    paint,
    domain: tuple[float, float] = (0.12, 0.86),
    attention: frozenset[str] = frozenset(),
) -> tuple[go.Figure, dict, MapUnits]:
    """The map of an exported view: context, the view's units painted by `paint(code)` (go.Scatter keyword
    arguments: fillcolor, line, fillpattern), their names (annotations: inside the unit in a colour of enough
    contrast with its fill, or called out beside it; the units of `attention` named first), the South China Sea
    inset on the overview, and the layout with the axes fitted to the view within the vertical paper `domain`
    (bottom, top)."""
    k = canvas.k
    units = view_for(dataset, geo, view.region)
    fig = go.Figure()
    unit_geoms = {code: geo.features[code]["geometry"] for code in units.units}
    lon0, lon1, lat0, lat1 = bounds(list(unit_geoms.values()))
    pad_lon, pad_lat = (lon1 - lon0) * 0.06, (lat1 - lat0) * 0.06
    box = (lon0 - pad_lon * 4, lon1 + pad_lon * 4, lat0 - pad_lat * 4, lat1 + pad_lat * 4)

    for code in context_units(dataset, geo):  # China and the provinces of the plan regions
        xs, ys = path(geo.features[code]["geometry"], box)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": BACKGROUND_LINE, "width": 1.2 * k},
                fill="toself" if code == COUNTRY else None,
                fillcolor=LAND,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    paints = {code: paint(code) for code in units.units}
    # Larger units first, so an enclosed unit is drawn over its neighbour's hole.
    for code in sorted(units.units, key=lambda c: -area(unit_geoms[c])):
        xs, ys = path(unit_geoms[code])
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", fill="toself", hoverinfo="skip", showlegend=False, name=code, **paints[code]
            )
        )
    x0, y0 = mercator(lon0 - pad_lon, lat0 - pad_lat)
    x1, y1 = mercator(lon1 + pad_lon, lat1 + pad_lat)
    map_bottom, map_top = domain
    # Fit the mercator box into the map area at equal scale in x and y.
    area_ratio = ((MAP_RIGHT - MAP_LEFT) * canvas.width) / ((map_top - map_bottom) * canvas.height)
    data_ratio = (x1 - x0) / (y1 - y0)
    if data_ratio > area_ratio:
        mid, half = (y0 + y1) / 2, (x1 - x0) / area_ratio / 2
        y0, y1 = mid - half, mid + half
    else:
        mid, half = (x0 + x1) / 2, (y1 - y0) * area_ratio / 2
        x0, x1 = mid - half, mid + half
    px_per_unit = (MAP_RIGHT - MAP_LEFT) * canvas.width / (x1 - x0)
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    layout = {
        "template": "none",
        "width": canvas.width,
        "height": canvas.height,
        "paper_bgcolor": "white",
        "plot_bgcolor": "#dfe8ef",
        "font": {"family": FONT_FAMILY, "color": INK, "size": BODY_PX * k},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {**axis, "range": [x0, x1], "domain": [MAP_LEFT, MAP_RIGHT]},
        "yaxis": {**axis, "range": [y0, y1], "domain": [map_bottom, map_top]},
        "showlegend": False,
        "shapes": [],
        "annotations": [],
    }
    keep_out = []
    if view.region == OVERVIEW:
        inset = _add_inset(fig, geo, layout, k, map_bottom, map_top)
        # The inset's rectangle in the map's data coordinates: no name is called out over it.
        to_x = lambda p: x0 + (p - MAP_LEFT) / (MAP_RIGHT - MAP_LEFT) * (x1 - x0)  # noqa: E731
        to_y = lambda p: y0 + (p - map_bottom) / (map_top - map_bottom) * (y1 - y0)  # noqa: E731
        keep_out.append(shapely_box(to_x(inset[0]), to_y(inset[2]), to_x(inset[1]), to_y(inset[3])))
    callouts = {units.highlight} if units.highlight else set(units.units)
    layout["annotations"] = unit_labels(
        geo, units.units, unit_geoms, paints, view.lang, k, px_per_unit, (x0, x1, y0, y1), keep_out, callouts, attention
    )
    anchors = [a for a in layout["annotations"] if a.get("showarrow")]
    if anchors:  # a dot where each leader line points
        fig.add_trace(
            go.Scatter(
                x=[a["x"] for a in anchors],
                y=[a["y"] for a in anchors],
                mode="markers",
                marker={"size": 9 * k, "color": LEADER_COLOR, "line": {"color": "white", "width": 1.5 * k}},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    return fig, layout, units


def map_figure(dataset: Dataset, geo: GeoData, view: View, canvas: Canvas, imprint: Imprint = NO_IMPRINT) -> go.Figure:
    """A slide-ready choropleth of the view: title (region · indicator · year), unit and comparators, legend,
    sources, date, footer (the data version), and on the overview (or whenever the imprint's map review number,
    EXPORT_FOOTER, is set) the map review number line."""
    k = canvas.k
    lang, indicator = view.lang, view.indicator
    state = map_state(dataset, geo, view.region, indicator, lang)
    year_key = str(view.year)
    units = view_for(dataset, geo, view.region)
    highlight = units.highlight

    def paint(code: str) -> dict:
        style = _style(state, code, year_key)
        strong = code == highlight or style.get("dash")  # the highlighted region, a dashed class (保持2020年水平)
        return {
            "fillcolor": style["fill"],
            "line": {
                "color": MARKS["highlight"]["outline"] if code == highlight else style["outline"],
                "width": (3 if strong else 1.2) * k,
                "dash": "dash" if style.get("dash") else "solid",
            },
        }

    sheet = Sheet(canvas)
    legend = state["legend"]
    unit = dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]
    subtitle = " · ".join(p for p in (labelled(t("unit", lang), unit, lang), legend["comparators"]) if p)
    map_top = heading(sheet, map_title(dataset, geo, view), subtitle)

    shown = value_rows(dataset, indicator, units.codes, year=view.year)
    map_bottom = map_footnotes(sheet, view, sources_for(dataset, shown, lang), imprint)

    fig, layout, _ = map_frame(
        dataset, geo, view, canvas, paint, (to_paper_y(canvas, map_bottom), to_paper_y(canvas, map_top))
    )
    shapes = layout["shapes"]
    lx, rx = LEGEND_LEFT * canvas.width, LEGEND_RIGHT * canvas.width
    width = rx - lx
    body = BODY_PX * k
    y = map_top
    title_lines = wrap_lines(legend["title"], body, width, bold=True)
    if len(title_lines) > 3:  # a long indicator name (the title has it): the unit alone
        title_lines = wrap_lines(labelled(t("unit", lang), unit, lang), body, width, bold=True)
    y = sheet.lines(lx, y, title_lines, body, bold=True, name="legend-title") + 10 * k
    swatch = 44 * k
    # A special class (无数据, 不适用, …) is listed when a unit of the map has it this year: no 无数据 when every
    # unit has a value.
    drawn = {unit_class(state, code, year_key) for code in units.units}
    special = [item for item in legend["special"] if item.get("class") in drawn]
    for item in [*legend["items"], *special]:
        dashed = SPECIAL_STYLES.get(item.get("class"), {})  # a dashed class keeps its outline; others: a neutral frame
        lines = wrap_lines(item["label"], body, width - swatch - 16 * k)
        row = max(swatch, block_height(len(lines), body))
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "yref": "paper",
                "x0": LEGEND_LEFT,
                "x1": (lx + swatch) / canvas.width,
                "y0": to_paper_y(canvas, y + (row + swatch) / 2),
                "y1": to_paper_y(canvas, y + (row - swatch) / 2),
                "fillcolor": item["color"],
                "line": {
                    "color": dashed["outline"] if dashed.get("dash") else BORDER_LINE,
                    "width": 1.5 * k,
                    "dash": "dash" if dashed.get("dash") else "solid",
                },
            }
        )
        sheet.lines(lx + swatch + 16 * k, y + (row - block_height(len(lines), body)) / 2, lines, body, name="legend")
        y += row + 14 * k
    note = NOTE_PX * k
    y = sheet.lines(lx, y + 4 * k, wrap_lines(legend["caption"], note, width), note, MUTED) + 26 * k

    headline = state["headline"].get(year_key)
    if headline:
        name = geo.regions[units.own_region].name(lang)
        y = sheet.lines(lx, y, wrap_lines(t("headline_region", lang, region=name), body, width), body, MUTED)
        big = wrap_lines(headline["value"], HEADLINE_PX * k, width, bold=True)
        y = sheet.lines(lx, y + 4 * k, big, HEADLINE_PX * k, ACCENT, bold=True, name="headline") + 14 * k
        if not state["breakdown"]:
            sheet.lines(lx, y, wrap_lines(t("no_breakdown", lang), body, width), body, INK)

    layout["annotations"] = [*layout["annotations"], *sheet.annotations]
    fig.update_layout(**layout)
    return fig


def _add_inset(fig: go.Figure, geo: GeoData, layout: dict, k: float, bottom: float, top: float) -> tuple:
    """The South China Sea inset, bottom-right of the map area; returns its paper rectangle (x0, x1, y0, y1)."""
    lon0, lon1, lat0, lat1 = INSET_BOX
    x0, y0 = mercator(lon0, lat0)
    x1, y1 = mercator(lon1, lat1)
    for feat in geo.collection([COUNTRY])["features"]:
        xs, ys = path(feat["geometry"], INSET_BOX)
        maritime = feat["properties"]["level"] == "maritime"
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                xaxis="x2",
                yaxis="y2",
                hoverinfo="skip",
                showlegend=False,
                fill=None if maritime else "toself",
                fillcolor=LAND,
                line={"color": BORDER_LINE, "width": 1 * k, "dash": "dash" if maritime else "solid"},
            )
        )
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    height = (top - bottom) * 0.3
    domain_x, domain_y = [MAP_RIGHT - 0.075, MAP_RIGHT - 0.005], [bottom + 0.01, bottom + 0.01 + height]
    layout["xaxis2"] = {**axis, "range": [x0, x1], "domain": domain_x, "anchor": "y2"}
    layout["yaxis2"] = {**axis, "range": [y0, y1], "domain": domain_y, "anchor": "x2"}
    layout["shapes"].append(
        {
            "type": "rect",
            "xref": "paper",
            "yref": "paper",
            "x0": domain_x[0],
            "x1": domain_x[1],
            "y0": domain_y[0],
            "y1": domain_y[1],
            "line": {"color": BORDER_LINE, "width": 1 * k},
        }
    )
    return (*domain_x, *domain_y)
