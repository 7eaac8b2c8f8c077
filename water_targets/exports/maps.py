"""The exported map of a view: slide-ready choropleth figures drawn with plain plotly scatter polygons in Web
Mercator (no geo subplot, so nothing is fetched from a CDN) using the same classes, colours and legend as the
screen (choropleth.map_state), unit names and the South China Sea inset. Sizes are laid out for a 1920x1080
canvas (canvas.py's type sizes) and scaled with the requested height; text is wrapped and shrunk to fit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import plotly.graph_objects as go
import shapely
import shapely.ops
from shapely.geometry import box as shapely_box
from shapely.geometry import shape

from ..chart_style import ACCENT, FONT_FAMILY, INK, MUTED
from ..choropleth import MARKS, OVERVIEW, SPECIAL_STYLES, View, class_style, map_state, unit_class, view_for
from ..classes import label_color
from ..geo import COUNTRY, GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import citations
from ..queries import value_rows
from ..regions import context_units, place_name
from .canvas import (
    BODY_PX,
    COUNTY_LABEL_PX,
    HEADLINE_PX,
    NOTE_PX,
    TITLE_MIN_PX,
    TITLE_PX,
    Canvas,
    area,
    block_height,
    bounds,
    fit_text,
    labelled,
    list_separator,
    mercator,
    path,
    text_px,
    wrap_lines,
)

INSET_BOX = (105.0, 123.5, 3.0, 24.5)  # lon/lat window of the South China Sea inset
MAP_LEFT, MAP_RIGHT = 0.02, 0.64  # the map's share of the picture's width; the legend column follows
LEGEND_LEFT, LEGEND_RIGHT = 0.665, 0.98
MAX_SOURCE_LINES = 6  # more are cut with " …" (the deck's Sources slide lists them all)
LEADER_COLOR = "#334e68"


def _style(state: dict, code: str, year: str) -> dict:
    """The unit's class style (fill, outline, weight, dash) as the map draws it."""
    return class_style(state, unit_class(state, code, year))


def map_title(geo: GeoData, dataset: Dataset, region: str, indicator: str, year: int, lang: str) -> str:
    """'赤峰市 · 用水总量 · 2025': region · indicator · year."""
    place = place_name(dataset, geo, region, lang)
    ind = dataset.indicators.loc[indicator]
    return f"{place} · {ind['name_zh'] if lang == 'zh' else ind['name_en']} · {year}"


def sources_for(dataset: Dataset, rows, lang: str = "zh") -> list[str]:
    """'赤政发〔2025〕11号 附件 …' for each distinct document and section behind the shown values (in English the
    document's English name first, model.citation)."""
    seen: dict[str, None] = {}
    for _, row in rows.iterrows():
        doc = dataset.documents.loc[row["doc"]]
        title_en = doc.get("title_en", "") if lang == "en" else ""
        title_en = title_en if isinstance(title_en, str) else ""  # a missing English name reads as NaN
        found = citations(doc["number"], doc["title"], row["section"], lang, title_en)
        seen |= dict.fromkeys(found)
    return list(seen)


def source_text(sources: list[str], lang: str) -> str:
    """'来源：a；b' / 'Source: a; b', or the words for no data."""
    if not sources:
        return t("no_data", lang)
    return labelled(t("source", lang), list_separator(lang).join(sources), lang)


def map_review_line(map_review: str | None, lang: str) -> str:
    """The map review number (审图号) line: EXPORT_FOOTER when set, else a reminder that official use needs it."""
    return map_review or t("map_review_missing", lang)


@dataclass
class Sheet:
    """Text laid out in pixels from the top-left corner of a canvas, written as paper-coordinate annotations."""

    canvas: Canvas
    annotations: list[dict] = field(default_factory=list)

    def lines(
        self,
        x: float,
        top: float,
        lines: list[str],
        size: float,
        color: str = INK,
        bold: bool = False,
        anchor: str = "left",
        name: str = "",
    ) -> float:
        """Write `lines` (size in px, already scaled) with their top at `top` px; returns the block's bottom."""
        if not lines:
            return top
        text = "<br>".join(f"<b>{line}</b>" if bold else line for line in lines)
        self.annotations.append(
            {
                "x": x / self.canvas.width,
                "y": 1 - top / self.canvas.height,
                "xref": "paper",
                "yref": "paper",
                "xanchor": anchor,
                "yanchor": "top",
                "text": text,
                "showarrow": False,
                "align": anchor if anchor != "center" else "center",
                "font": {"size": size, "color": color, "family": FONT_FAMILY},
                **({"name": name} if name else {}),
            }
        )
        return top + block_height(len(lines), size)


def heading(sheet: Sheet, title: str, subtitle: str) -> float:
    """The title (shrunk to fit, then wrapped onto two lines at most) and a subtitle; returns their bottom in px."""
    canvas, k = sheet.canvas, sheet.canvas.k
    width = 0.96 * canvas.width
    lines, size = fit_text(title, TITLE_PX * k, TITLE_MIN_PX * k, width, 2, bold=True)
    y = sheet.lines(0.02 * canvas.width, 22 * k, lines, size, INK, bold=True, name="title") + 4 * k
    if subtitle:
        y = sheet.lines(0.02 * canvas.width, y, wrap_lines(subtitle, BODY_PX * k, width), BODY_PX * k, MUTED)
    return y + 14 * k


def footnotes(sheet: Sheet, source: str, stamp: str, footer: str, review: str = "") -> float:
    """Sources, then the date, boundaries and footer (data version, EXPORT_FOOTER), then the map review line, at
    the bottom of the picture; returns the top of the block in px."""
    canvas, k = sheet.canvas, sheet.canvas.k
    width, size = 0.96 * canvas.width, NOTE_PX * k
    sources = wrap_lines(source, size, width)
    if len(sources) > MAX_SOURCE_LINES:
        sources = [*sources[: MAX_SOURCE_LINES - 1], sources[MAX_SOURCE_LINES - 1] + " …"]
    lines = [*sources, *wrap_lines(" · ".join(p for p in (stamp, footer) if p), size, width)]
    if review:
        lines += wrap_lines(review, size, width)
    top = canvas.height - 16 * k - block_height(len(lines), size)
    sheet.lines(0.02 * canvas.width, top, lines, size, MUTED, name="notes")
    return top - 14 * k


def to_paper_y(canvas: Canvas, px: float) -> float:
    return 1 - px / canvas.height


def _mercator_geom(geometry: dict):
    def project(coords: np.ndarray) -> np.ndarray:
        lat = np.clip(coords[:, 1], -85, 85)
        return np.column_stack([coords[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))])

    geom = shapely.transform(shape(geometry), project)
    return geom if geom.is_valid else geom.buffer(0)


def map_frame(
    dataset: Dataset,
    geo: GeoData,
    region: str,
    lang: str,
    canvas: Canvas,
    paint,
    domain: tuple[float, float] = (0.12, 0.86),
) -> tuple[go.Figure, dict, View]:
    """The map of an exported view: context, the view's units painted by `paint(code)` (go.Scatter keyword
    arguments: fillcolor, line, fillpattern), their names (annotations: inside the unit in a colour of enough
    contrast with its fill, or called out beside it), the South China Sea inset on the overview, and the layout
    with the axes fitted to the view within the vertical paper `domain` (bottom, top)."""
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
    paints = {code: paint(code) for code in view.units}
    # Larger units first, so an enclosed unit is drawn over its neighbour's hole.
    for code in sorted(view.units, key=lambda c: -area(unit_geoms[c])):
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
    if region == OVERVIEW:
        inset = _add_inset(fig, geo, layout, k, map_bottom, map_top)
        # The inset's rectangle in the map's data coordinates: no name is called out over it.
        to_x = lambda p: x0 + (p - MAP_LEFT) / (MAP_RIGHT - MAP_LEFT) * (x1 - x0)  # noqa: E731
        to_y = lambda p: y0 + (p - map_bottom) / (map_top - map_bottom) * (y1 - y0)  # noqa: E731
        keep_out.append(shapely_box(to_x(inset[0]), to_y(inset[2]), to_x(inset[1]), to_y(inset[3])))
    callouts = {view.highlight} if view.highlight else set(view.units)
    layout["annotations"] = unit_labels(
        geo, view.units, unit_geoms, paints, lang, k, px_per_unit, (x0, x1, y0, y1), keep_out, callouts
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
    return fig, layout, view


def unit_labels(
    geo: GeoData,
    units: list[str],
    geoms: dict,
    paints: dict[str, dict],
    lang: str,
    k: float,
    px_per_unit: float,
    frame: tuple[float, float, float, float],
    keep_out: list,
    callouts: set[str],
) -> list[dict]:
    """Every unit's name as an annotation named 'label:<adcode>'. A name that fits inside its unit (larger units
    first, no overlap) is printed there in label_color(fill) — on a box of the fill where the fill is patterned —
    and the others (of `callouts`: a county-level region's context units are named only where they fit) are called
    out beside the units on a white box with a leader line. Never a halo: SVG viewers
    outside browsers drop it."""
    size = COUNTY_LABEL_PX * k
    shapes = {code: _mercator_geom(geoms[code]) for code in units}
    # What shows of each unit: smaller units are drawn over larger ones (map_frame), and neighbouring boundaries
    # may overlap a little, so a name must fit in the part of its unit that nothing covers.
    order = sorted(units, key=lambda c: -shapes[c].area)
    for i, code in enumerate(order):
        over = [shapes[c] for c in order[i + 1 :] if shapes[c].intersects(shapes[code])]
        if over:
            shapes[code] = shapes[code].difference(shapely.union_all(over))
    land = shapely.union_all(list(shapes.values())).buffer(4 / px_per_unit)
    placed: list = []
    out: list[dict] = []
    later: list[tuple[str, str, float, float, float, float]] = []

    def free(rect) -> bool:
        return not any(rect.intersects(p) for p in placed)

    def dims(lines: list[str]) -> tuple[float, float]:
        width = max(text_px(line, size) for line in lines) + 14 * k
        return width / px_per_unit, (block_height(len(lines), size) + 4 * k) / px_per_unit

    for code in order:
        name = geo.regions[code].name(lang)
        geom = shapes[code]
        label = geo.features[code]["properties"].get("label")
        biggest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        centre = shapely.ops.polylabel(biggest, 0.5 / px_per_unit)
        anchor = mercator(label[1], label[0]) if label else (centre.x, centre.y)
        inside = None
        # One line, else (a name of several words) two, each tried at the label point, the pole of inaccessibility
        # and a grid of points inside the unit.
        one_line = text_px(name, size)
        variants = [[name]] + [wrap_lines(name, size, one_line / n + size) for n in (2, 3) if name.count(" ") >= n - 1]
        for lines in variants:
            w, h = dims(lines)
            for cx, cy in [anchor, (centre.x, centre.y), *_inner_points(biggest, centre, h / len(lines))]:
                rect = shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if free(rect) and geom.intersection(rect).area >= 0.98 * rect.area:
                    inside = (cx, cy, rect, "<br>".join(lines))
                    break
            if inside:
                break
        if inside is None:
            if code in callouts:
                later.append((code, name, *anchor, *dims([name])))
            continue
        cx, cy, rect, text = inside
        placed.append(rect)
        fill = paints[code].get("fillcolor") or "#ffffff"
        patterned = bool(paints[code].get("fillpattern"))
        out.append(
            {
                "name": f"label:{code}",
                "x": cx,
                "y": cy,
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "font": {"size": size, "color": label_color(fill), "family": FONT_FAMILY},
                # On a pattern, the name sits on a box of the plain fill, so its contrast is the fill's.
                **({"bgcolor": fill, "borderpad": 2 * k} if patterned else {}),
            }
        )
    x0, x1, y0, y1 = frame
    margin = 8 * k / px_per_unit

    def blocked(rect) -> bool:
        return not free(rect) or any(rect.intersects(b) for b in keep_out)

    for code, name, ax, ay, w, h in later:
        spot = _callout_spot(
            (ax, ay, w, h),
            px_per_unit,
            k,
            (x0 + margin, x1 - margin, y0 + margin, y1 - margin),
            [lambda r: not blocked(r) and not r.intersects(land), lambda r: not blocked(r)],
        )
        cx, cy = spot
        placed.append(shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        out.append(
            {
                "name": f"label:{code}",
                "x": ax,
                "y": ay,
                "xref": "x",
                "yref": "y",
                "ax": cx,
                "ay": cy,
                "axref": "x",
                "ayref": "y",
                "text": name,
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1.6 * k,
                "arrowcolor": LEADER_COLOR,
                "bgcolor": "#ffffff",
                "bordercolor": LEADER_COLOR,
                "borderwidth": 1 * k,
                "borderpad": 2 * k,
                "font": {"size": size, "color": INK, "family": FONT_FAMILY},
            }
        )
    return out


def _inner_points(geom, centre, step: float) -> list[tuple[float, float]]:
    """Points of a grid over `geom` (pitch `step`, half a label's height) inside it, nearest `centre` first: more
    places to try a name that does not fit at the label point."""
    x0, y0, x1, y1 = geom.bounds
    xs = np.arange(x0 + step / 2, x1, step)
    ys = np.arange(y0 + step / 2, y1, step)
    inside = [(x, y) for x in xs for y in ys if geom.contains(shapely.Point(x, y))]
    return sorted(inside, key=lambda p: (p[0] - centre.x) ** 2 + (p[1] - centre.y) ** 2)[:400]


def _callout_spot(label: tuple, ppu: float, k: float, frame: tuple, tests: list) -> tuple[float, float]:
    """The nearest spot for a called-out name (point ax, ay; size w, h) within `frame` that passes the first of
    `tests` any spot passes (on the background, off other names; then off other names only)."""
    ax, ay, w, h = label
    x0, x1, y0, y1 = frame
    spots = []
    for dist in (50, 80, 120, 170, 230, 300, 380, 470, 580, 700):
        for step in range(24):
            angle = math.pi * step / 12
            # Sideways first: a horizontal leader line reads best.
            cx = ax + math.cos(angle) * (dist * k / ppu + w / 2)
            cy = ay + math.sin(angle) * dist * k / ppu
            if x0 <= cx - w / 2 and cx + w / 2 <= x1 and y0 <= cy - h / 2 and cy + h / 2 <= y1:
                spots.append((cx, cy))
    for test in tests:
        for cx, cy in spots:
            if test(shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)):
                return cx, cy
    return ax, ay


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
    map_review: str | None = None,
) -> go.Figure:
    """A slide-ready choropleth of the view: title (region · indicator · year), unit and comparators, legend,
    sources, date, footer, and on the overview (or whenever `map_review`, EXPORT_FOOTER, is set) the map review
    number line."""
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

    sheet = Sheet(canvas)
    legend = state["legend"]
    unit = dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]
    subtitle = " · ".join(p for p in (labelled(t("unit", lang), unit, lang), legend["comparators"]) if p)
    map_top = heading(sheet, map_title(geo, dataset, region, indicator, year, lang), subtitle)

    view = view_for(dataset, geo, region)
    shown = value_rows(dataset, indicator, view.codes, year=year)
    stamp = f"{t('exported', lang)} {(today or date.today()).isoformat()} · {t('boundaries_credit', lang)}"
    review = map_review_line(map_review, lang) if region == OVERVIEW or map_review else ""
    map_bottom = footnotes(sheet, source_text(sources_for(dataset, shown, lang), lang), stamp, footer, review)

    fig, layout, view = map_frame(
        dataset, geo, region, lang, canvas, paint, (to_paper_y(canvas, map_bottom), to_paper_y(canvas, map_top))
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
    for item in [*legend["items"], *legend["special"]]:
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
                    "color": dashed["outline"] if dashed.get("dash") else "#8a96a3",
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
        name = geo.regions[view.own_region].name(lang)
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
                fillcolor="#f4f5f7",
                line={"color": "#8a96a3", "width": 1 * k, "dash": "dash" if maritime else "solid"},
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
            "line": {"color": "#8a96a3", "width": 1 * k},
        }
    )
    return (*domain_x, *domain_y)
