"""The exported map of a view: slide-ready choropleth figures drawn with plain plotly scatter polygons in Web
Mercator (no geo subplot, so nothing is fetched from a CDN) using the same classes, colours and legend as the
screen (choropleth.map_state), unit names and the South China Sea inset. Sizes are laid out for a 1920x1080
canvas and scaled with the requested height.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from ..chart_style import ACCENT, FONT_FAMILY, INK, MUTED
from ..choropleth import MARKS, OVERVIEW, SPECIAL_STYLES, View, class_style, map_state, unit_class, view_for
from ..geo import COUNTRY, GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import citations
from ..queries import value_rows
from ..regions import context_units, place_name
from .canvas import Canvas, area, bounds, mercator, paper_text, path, wrap

INSET_BOX = (105.0, 123.5, 3.0, 24.5)  # lon/lat window of the South China Sea inset


def _style(state: dict, code: str, year: str) -> dict:
    """The unit's class style (fill, outline, weight, dash) as the map draws it."""
    return class_style(state, unit_class(state, code, year))


def map_title(geo: GeoData, dataset: Dataset, region: str, indicator: str, year: int, lang: str) -> str:
    place = place_name(dataset, geo, region, lang)
    ind = dataset.indicators.loc[indicator]
    return f"{place} · {ind['name_zh'] if lang == 'zh' else ind['name_en']} · {year}"


def sources_for(dataset: Dataset, rows) -> list[str]:
    """'赤政发〔2025〕11号 附件 …' for each distinct document and section behind the shown values."""
    seen: dict[str, None] = {}
    for _, row in rows.iterrows():
        doc = dataset.documents.loc[row["doc"]]
        seen |= dict.fromkeys(citations(doc["number"], doc["title"], row["section"]))
    return list(seen)


def map_frame(
    dataset: Dataset, geo: GeoData, region: str, lang: str, canvas: Canvas, paint
) -> tuple[go.Figure, dict, View]:
    """The map of an exported view: context, the view's units painted by `paint(code)` (go.Scatter keyword
    arguments: fillcolor, line, fillpattern), their names, and the layout with the axes fitted to the view."""
    k = canvas.k
    view = view_for(dataset, geo, region)
    fig = go.Figure()
    unit_geoms = {code: geo.features[code]["geometry"] for code in view.units}
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
                line={"color": "#9aa5b1", "width": 1.2 * k},
                fill="toself" if code == COUNTRY else None,
                fillcolor="#f4f5f7",
                hoverinfo="skip",
                showlegend=False,
            )
        )
    # Larger units first, so an enclosed unit is drawn over its neighbour's hole.
    for code in sorted(view.units, key=lambda c: -area(unit_geoms[c])):
        xs, ys = path(unit_geoms[code])
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", fill="toself", hoverinfo="skip", showlegend=False, **paint(code))
        )
    x0, y0 = mercator(lon0 - pad_lon, lat0 - pad_lat)
    x1, y1 = mercator(lon1 + pad_lon, lat1 + pad_lat)
    map_left, map_right, map_bottom, map_top = 0.02, 0.64, 0.12, 0.86
    # Fit the mercator box into the map area at equal scale in x and y.
    area_ratio = ((map_right - map_left) * canvas.width) / ((map_top - map_bottom) * canvas.height)
    data_ratio = (x1 - x0) / (y1 - y0)
    if data_ratio > area_ratio:
        mid, half = (y0 + y1) / 2, (x1 - x0) / area_ratio / 2
        y0, y1 = mid - half, mid + half
    else:
        mid, half = (x0 + x1) / 2, (y1 - y0) * area_ratio / 2
        x0, x1 = mid - half, mid + half
    px_per_unit = (map_right - map_left) * canvas.width / (x1 - x0)
    _add_labels(fig, geo, view.units, unit_geoms, lang, k, px_per_unit, fit_inside=region != OVERVIEW)
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    layout = {
        "template": "none",
        "width": canvas.width,
        "height": canvas.height,
        "paper_bgcolor": "white",
        "plot_bgcolor": "#dfe8ef",
        "font": {"family": FONT_FAMILY, "color": INK, "size": 16 * k},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {**axis, "range": [x0, x1], "domain": [map_left, map_right]},
        "yaxis": {**axis, "range": [y0, y1], "domain": [map_bottom, map_top]},
        "showlegend": False,
    }
    return fig, layout, view


def map_figure(
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
    """A slide-ready choropleth of the view: title, unit and comparators, legend, sources, date, footer."""
    k = canvas.k
    state = map_state(dataset, geo, region, indicator, lang)
    year_key = str(year)
    highlight = view_for(dataset, geo, region).highlight

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

    fig, layout, view = map_frame(dataset, geo, region, lang, canvas, paint)
    annotations, shapes = [], []

    text = paper_text(annotations, k)

    text(0.02, 0.975, map_title(geo, dataset, region, indicator, year, lang), 34, bold=True)
    legend = state["legend"]
    subtitle = legend["title"] + (f" · {legend['comparators']}" if legend["comparators"] else "")
    text(0.02, 0.915, subtitle, 20, MUTED)

    # Legend panel on the right.
    lx, ly = 0.67, 0.84
    text(lx, ly, legend["title"], 20, bold=True)
    ly -= 0.05
    for item in [*legend["items"], *legend["special"]]:
        dashed = SPECIAL_STYLES.get(item.get("class"), {})  # a dashed class keeps its outline; others: a neutral frame
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "yref": "paper",
                "x0": lx,
                "x1": lx + 0.03,
                "y0": ly - 0.032,
                "y1": ly,
                "fillcolor": item["color"],
                "line": {
                    "color": dashed["outline"] if dashed.get("dash") else "#8a96a3",
                    "width": 1.5 * k,
                    "dash": "dash" if dashed.get("dash") else "solid",
                },
            }
        )
        text(lx + 0.04, ly + 0.002, item["label"], 19)
        ly -= 0.05
    text(lx, ly - 0.005, legend["caption"], 16, MUTED)
    ly -= 0.07

    shown = value_rows(dataset, indicator, view.codes, year=year)
    headline = state["headline"].get(year_key)
    if headline:
        text(lx, ly, t("headline_region", lang, region=geo.regions[view.own_region].name(lang)), 18, MUTED)
        text(lx, ly - 0.035, headline["value"], 30, ACCENT, bold=True)
        ly -= 0.1
        if not state["breakdown"]:
            text(lx, ly, t("no_breakdown", lang), 18, INK)
            ly -= 0.05

    sources = sources_for(dataset, shown)
    source_line = f"{t('source', lang)}：" + "；".join(sources) if sources else t("no_data", lang)
    # 15 px type: about 7.5 px per half-em unit at the 1080 reference, scaled with the canvas.
    text(0.02, 0.085, wrap(source_line, int(0.95 * canvas.width / (7.5 * k))), 15, MUTED)
    stamp = f"{t('exported', lang)} {(today or date.today()).isoformat()} · {t('boundaries_credit', lang)}"
    text(0.02, 0.03, stamp, 14, MUTED, yanchor="bottom")
    if footer:
        text(0.98, 0.03, footer, 14, MUTED, anchor="right", yanchor="bottom")

    if region == OVERVIEW:
        add_inset(fig, geo, layout, shapes, k)
    layout["annotations"] = annotations
    layout["shapes"] = shapes
    fig.update_layout(**layout)
    return fig


def _add_labels(
    fig: go.Figure,
    geo: GeoData,
    units: list[str],
    geoms: dict,
    lang: str,
    k: float,
    px_per_unit: float,
    fit_inside: bool,
) -> None:
    """Unit names at their label points, larger units first; a name that would overlap one already
    placed, or (with `fit_inside`) is wider than its unit on the page, is left out."""
    size = 15 * k
    placed: list[tuple[float, float, float, float]] = []
    xs, ys, names = [], [], []
    for code in sorted(units, key=lambda c: -area(geoms[c])):
        lat, lon = geo.features[code]["properties"].get("label") or (None, None)
        if lat is None:
            continue
        name = geo.regions[code].name(lang)
        width = size * (len(name) if lang == "zh" else len(name) * 0.55) / px_per_unit
        height = size * 1.3 / px_per_unit
        lon0, lon1, _, _ = bounds([geoms[code]])
        if fit_inside and (lon1 - lon0) < 0.9 * width:
            continue
        x, y = mercator(lon, lat)
        rect = (x - width / 2, x + width / 2, y - height / 2, y + height / 2)
        if any(r[0] < rect[1] and rect[0] < r[1] and r[2] < rect[3] and rect[2] < r[3] for r in placed):
            continue
        placed.append(rect)
        xs.append(x)
        ys.append(y)
        names.append(name)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            text=names,
            mode="text",
            hoverinfo="skip",
            showlegend=False,
            textfont={"size": size, "color": "#102a43", "family": FONT_FAMILY, "shadow": "0px 0px 3px white"},
        )
    )


def add_inset(fig: go.Figure, geo: GeoData, layout: dict, shapes: list, k: float) -> None:
    """The South China Sea inset, bottom-right of the map area."""
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
                fillcolor="#f4f5f7",
                line={"color": "#8a96a3", "width": 1 * k, "dash": "dash" if maritime else "solid"},
            )
        )
    axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    domain_x, domain_y = [0.565, 0.635], [0.13, 0.33]
    layout["xaxis2"] = {**axis, "range": [x0, x1], "domain": domain_x, "anchor": "y2"}
    layout["yaxis2"] = {**axis, "range": [y0, y1], "domain": domain_y, "anchor": "x2"}
    shapes.append(
        {
            "type": "rect",
            "xref": "paper",
            "yref": "paper",
            "x0": domain_x[0],
            "x1": domain_x[1],
            "y0": domain_y[0],
            "y1": domain_y[1],
            "line": {"color": "#8a96a3", "width": 1 * k},
        }
    )
