"""Export builders (pure): slide-ready map and chart figures, the PPTX deck, CSV/XLSX data files.

The exported map is drawn with plain plotly scatter polygons in Web Mercator (no geo subplot, so nothing
is fetched from a CDN) using the same classes, colours and legend as the screen (choropleth.map_state).
Sizes are laid out for a 1920x1080 canvas and scaled with the requested height.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from .choropleth import MARKS, OVERVIEW, SPECIAL_STYLES, View, class_style, map_state, unit_class, view_for
from .figures import ACCENT, FONT_FAMILY, INK, MUTED, ranking_chart, time_chart
from .geo import COUNTRY, GeoData
from .i18n import t
from .indicators import Dataset
from .model import COMPARATOR_SYMBOL, citation, citations, qualifier_note, value_words
from .queries import has_values, value_record, value_rows
from .regions import context_units, place_name, subtitle

INSET_BOX = (105.0, 123.5, 3.0, 24.5)  # lon/lat window of the South China Sea inset
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------- geometry helpers


def mercator(lon: float, lat: float) -> tuple[float, float]:
    return lon, math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    if geometry["type"] == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def _path(geometry: dict, box: tuple[float, float, float, float] | None = None) -> tuple[list, list]:
    """x/y lists of every ring, separated by None; rings wholly outside `box` are skipped."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in _rings(geometry):
        if box and all(not (box[0] <= x <= box[1] and box[2] <= y <= box[3]) for x, y in ring):
            continue
        for lon, lat in ring:
            x, y = mercator(lon, lat)
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
    return xs, ys


def _bounds(geometries: list[dict]) -> tuple[float, float, float, float]:
    lons = [p[0] for g in geometries for ring in _rings(g) for p in ring]
    lats = [p[1] for g in geometries for ring in _rings(g) for p in ring]
    return min(lons), max(lons), min(lats), max(lats)


def _area(geometry: dict) -> float:
    total = 0.0
    for ring in _rings(geometry):
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2
    return total


# ---------------------------------------------------------------- map


@dataclass(frozen=True)
class Canvas:
    width: int
    height: int

    @property
    def k(self) -> float:
        """Font and line scale against the 1080-pixel-high reference canvas."""
        return self.height / 1080


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
    lon0, lon1, lat0, lat1 = _bounds(list(unit_geoms.values()))
    pad_lon, pad_lat = (lon1 - lon0) * 0.06, (lat1 - lat0) * 0.06
    box = (lon0 - pad_lon * 4, lon1 + pad_lon * 4, lat0 - pad_lat * 4, lat1 + pad_lat * 4)

    for code in context_units(dataset, geo):  # China and the provinces of the plan regions
        xs, ys = _path(geo.features[code]["geometry"], box)
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
    for code in sorted(view.units, key=lambda c: -_area(unit_geoms[c])):
        xs, ys = _path(unit_geoms[code])
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


def paper_text(annotations: list[dict], k: float):
    """A writer of text placed in paper coordinates of an exported picture (sizes scaled by the canvas' k)."""

    def text(x, y, s, size, color=INK, bold=False, anchor="left", yanchor="top") -> None:
        annotations.append(
            {
                "x": x,
                "y": y,
                "xref": "paper",
                "yref": "paper",
                "xanchor": anchor,
                "yanchor": yanchor,
                "text": f"<b>{s}</b>" if bold else s,
                "showarrow": False,
                "align": "left",
                "font": {"size": size * k, "color": color, "family": FONT_FAMILY},
            }
        )

    return text


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
    text(0.02, 0.085, _wrap(source_line, int(0.95 * canvas.width / (7.5 * k))), 15, MUTED)
    stamp = f"{t('exported', lang)} {(today or date.today()).isoformat()} · {t('boundaries_credit', lang)}"
    text(0.02, 0.03, stamp, 14, MUTED, yanchor="bottom")
    if footer:
        text(0.98, 0.03, footer, 14, MUTED, anchor="right", yanchor="bottom")

    if region == OVERVIEW:
        _add_inset(fig, geo, layout, shapes, k)
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
    for code in sorted(units, key=lambda c: -_area(geoms[c])):
        lat, lon = geo.features[code]["properties"].get("label") or (None, None)
        if lat is None:
            continue
        name = geo.regions[code].name(lang)
        width = size * (len(name) if lang == "zh" else len(name) * 0.55) / px_per_unit
        height = size * 1.3 / px_per_unit
        lon0, lon1, _, _ = _bounds([geoms[code]])
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


def _add_inset(fig: go.Figure, geo: GeoData, layout: dict, shapes: list, k: float) -> None:
    """The South China Sea inset, bottom-right of the map area."""
    lon0, lon1, lat0, lat1 = INSET_BOX
    x0, y0 = mercator(lon0, lat0)
    x1, y1 = mercator(lon1, lat1)
    for feat in geo.collection([COUNTRY])["features"]:
        xs, ys = _path(feat["geometry"], INSET_BOX)
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


def _visual_len(text: str) -> int:
    """Width in half-em units: CJK characters and full-width punctuation count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _wrap(text: str, width: int) -> str:
    """Break a long line for plotly (which does not wrap) at about `width` half-em units, on '；'."""
    lines, line = [], ""
    for part in text.split("；"):
        piece = part if not line else "；" + part
        if _visual_len(line) + _visual_len(piece) > width and line:
            lines.append(line + "；")
            line = part
        else:
            line += piece
    lines.append(line)
    return "<br>".join(lines[:3]) + (" …" if len(lines) > 3 else "")


# ---------------------------------------------------------------- chart


def chart_units(geo: GeoData, dataset: Dataset, adcode: str, indicator: str) -> tuple[list[str], str | None]:
    """The unit and the parent whose series goes beside it (when the parent has values)."""
    parent = geo.regions[adcode].parent
    return [adcode], parent if has_values(dataset, indicator, parent) else None


def chart_figure(
    dataset: Dataset,
    geo: GeoData,
    adcode: str,
    indicator: str,
    lang: str,
    width: int = 1600,
    height: int = 900,
    version: str = "",
) -> go.Figure:
    units, parent = chart_units(geo, dataset, adcode, indicator)
    ind = dataset.indicators.loc[indicator]
    name = ind["name_zh"] if lang == "zh" else ind["name_en"]
    rows = value_rows(dataset, indicator, [*units, *([parent] if parent else [])])
    heading = "time_chart_actuals" if (rows["kind"] == "actual").any() else "time_chart"
    title = f"{geo.regions[adcode].name(lang)} · {name} · {t(heading, lang)}"
    fig = time_chart(dataset, geo, indicator, units, lang, title, parent)
    return _slide_chart(fig, sources_for(dataset, rows), lang, width, height, version)


def ranking_figure(
    dataset: Dataset,
    geo: GeoData,
    region: str,
    indicator: str,
    year: int,
    lang: str,
    width: int = 1600,
    height: int = 900,
    version: str = "",
) -> go.Figure:
    units = view_for(dataset, geo, region).units
    fig = ranking_chart(dataset, geo, indicator, units, year, [], lang, t("ranking", lang, year=year))
    rows = value_rows(dataset, indicator, units, year=year)
    return _slide_chart(fig, sources_for(dataset, rows), lang, width, height, version)


def _slide_chart(
    fig: go.Figure, sources: list[str], lang: str, width: int, height: int, version: str = ""
) -> go.Figure:
    """Size a chart for a slide: larger type, and values written on the points (no hover on paper)."""
    k = height / 900
    fig.layout.annotations = ()  # the baseline note: the points now carry their own labels
    years: list[int] = []
    series = [tr for tr in fig.data if tr.type == "scatter" and tr.hovertext]
    # Two series: the one ending lower is labelled below its points, the other above.
    lower = min(series, key=lambda tr: tr.y[-1]) if len(series) == 2 and series[0].yaxis == series[1].yaxis else None
    for n, trace in enumerate(fig.data):
        if trace.type != "scatter" or not trace.hovertext:
            continue
        years += list(trace.x)
        # The baseline (index 100) is labelled once; the city's series (right axis) below its points so
        # that it does not print over a county's.
        trace.text = [
            "" if n and "100" == str(h).split(": ", 1)[-1][:3] and x == trace.x[0] else str(h).split(": ", 1)[-1]
            for h, x in zip(trace.hovertext, trace.x, strict=True)
        ]
        trace.mode = (trace.mode or "lines+markers") + "+text"
        trace.textposition = "bottom center" if trace.yaxis == "y2" or trace is lower else "top center"
        trace.textfont = {"size": 17 * k, "color": trace.line.color}
        trace.marker.size = 16 * k
    if years:
        fig.update_xaxes(range=[min(years) - 0.6, max(years) + 0.6])
    source_line = f"{t('source', lang)}：" + "；".join(sources) if sources else ""
    source_line = " · ".join(p for p in (source_line, version) if p)
    fig.update_layout(
        width=width,
        height=height,
        font={"size": 18 * k},
        title={"font": {"size": 28 * k}, "x": 0.03, "y": 0.96},
        margin={"l": 90 * k, "r": 140 * k, "t": 100 * k, "b": 150 * k},
        legend={"y": -0.12, "font": {"size": 17 * k}},
    )
    fig.add_annotation(
        text=_wrap(source_line, 120),
        x=0,
        y=-0.2,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 14 * k, "color": MUTED},
    )
    return fig


# ---------------------------------------------------------------- data files


def neutralise(value: object) -> object:
    """Spreadsheet formula injection guard: text starting with = + - @ gets a leading apostrophe.

    Numbers (also negative ones, and numeric text such as "-0.5") are left as they are."""
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


DATA_COLUMNS = [
    "region",
    "region_name",
    "indicator",
    "indicator_name",
    "year",
    "kind",
    "comparator",
    "value",
    "unit",
    "baseline_year",
    "qualifier",
    "document",
    "number",
    "section",
    "note",
]


def data_records(dataset: Dataset, geo: GeoData, region: str, indicator: str, year: int | None) -> list[dict]:
    """The API's value records for the view: the region's own values and its mapped units'."""
    rows = value_rows(dataset, indicator, view_for(dataset, geo, region).codes, year=year)
    return [value_record(dataset, geo, row, with_region=True) for _, row in rows.iterrows()]


def _flat(record: dict, indicator: str, name: str, lang: str) -> list:
    return [
        record["region"]["adcode"],
        record["region"]["name_en" if lang == "en" else "name_zh"],
        indicator,
        name,
        record["year"],
        record["kind"],
        record["comparator"] or "",
        value_words(record, lang),
        record["unit_en" if lang == "en" else "unit"],
        record["baseline_year"] or "",
        record["qualifier"] or "",
        record["source"]["document"],
        record["source"]["number"],
        record["source"]["section"],
        record["note"],
    ]


def data_csv(records: list[dict], indicator: str, name: str, lang: str = "zh", banner: str = "") -> bytes:
    """Value records as CSV, UTF-8 with a BOM so Excel shows Chinese; text cells neutralised.

    `banner` (demo mode: 演示数据 · 非官方统计) is a line of its own above the header."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if banner:
        writer.writerow([banner])
    writer.writerow(DATA_COLUMNS)
    for record in records:
        writer.writerow([neutralise(v) for v in _flat(record, indicator, name, lang)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def data_xlsx(
    records: list[dict], indicator: str, name: str, title: str, lang: str = "zh", banner: str = ""
) -> bytes:
    """Value records as a workbook; `banner` (demo mode: 演示数据 · 非官方统计) is a row of its own above the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "values"
    if banner:
        ws.append([banner])
        ws["A1"].font = Font(bold=True, color="C00000")
        wb.properties.description = banner
    first = 2 if banner else 1  # the header row
    ws.append(DATA_COLUMNS)
    for cell in ws[first]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F6F8B")
    for record in records:
        row = _flat(record, indicator, name, lang)
        # The value as a number where it is one (keeps Excel arithmetic), the printed text otherwise.
        row[7] = (
            record["value"] if record["value"] is not None and record["qualifier"] != "maintain_baseline" else row[7]
        )
        ws.append([neutralise(v) for v in row])
    widths = [9, 14, 22, 26, 7, 8, 8, 10, 12, 9, 16, 36, 20, 40, 50]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = f"A{first + 1}"
    ws.auto_filter.ref = ws.dimensions if first == 1 else f"A{first}:{ws.dimensions.split(':')[-1]}"
    for row in ws.iter_rows(min_row=first + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (12, 14, 15))
    wb.properties.title = title
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- deck

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, 16:9
TABLE_ROWS_PER_SLIDE = 14


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
    layout)` adds the progress table slides (progress_exports.progress_slides) when the view has actuals.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]
    title_text = map_title(geo, dataset, region, indicator, year, lang)

    slide = prs.slides.add_slide(blank)
    _box(slide, title_text, 0.6, 2.4, 12.1, 1.2, 40, bold=True, color=INK)
    _box(slide, subtitle(dataset, geo, lang), 0.6, 3.6, 12.1, 0.8, 20, color=MUTED)
    stamp = " · ".join(p for p in (f"{t('exported', lang)} {(today or date.today()).isoformat()}", version) if p)
    _box(slide, stamp, 0.6, 6.4, 12.1, 0.5, 14, color=MUTED)

    for key in ("map", "chart", "ranking", "progress_map"):
        if key in images:
            slide = prs.slides.add_slide(blank)
            slide.shapes.add_picture(io.BytesIO(images[key]), 0, 0, width=SLIDE_W, height=SLIDE_H)
    if progress is not None:
        progress(prs, blank)

    records = data_records(dataset, geo, region, indicator, None)
    headers = [
        t(k, lang) for k in ("county", "year", "comparator", "value", "unit", "baseline_year", "qualifier", "source")
    ]
    rows = [
        [
            geo.regions[r["region"]["adcode"]].name(lang),
            str(r["year"]),
            COMPARATOR_SYMBOL.get(r["comparator"] or "", ""),
            value_words(r, lang),
            r["unit"] if lang == "zh" else r["unit_en"],
            str(r["baseline_year"] or ""),
            _qualifier_words(r, lang),
            citation(r["source"]["number"], r["source"]["document"], r["source"]["section"]),
        ]
        for r in records
    ]
    pages = [rows[i : i + TABLE_ROWS_PER_SLIDE] for i in range(0, len(rows), TABLE_ROWS_PER_SLIDE)] or [[]]
    for n, page in enumerate(pages, 1):
        slide = prs.slides.add_slide(blank)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        _box(slide, f"{title_text} · {t('data_table', lang)}{suffix}", 0.4, 0.25, 12.5, 0.6, 22, bold=True, color=INK)
        _table(slide, headers, page)

    slide = prs.slides.add_slide(blank)
    _box(slide, t("sources_title", lang), 0.6, 0.4, 12.1, 0.7, 26, bold=True, color=INK)
    shown = value_rows(dataset, indicator, view_for(dataset, geo, region).codes)
    lines = [f"• {s}" for s in sources_for(dataset, shown)]
    docs = dataset.documents.loc[sorted(set(shown["doc"]))] if not shown.empty else dataset.documents.iloc[0:0]
    lines += [f"《{d['title']}》{d['number']}" for _, d in docs.iterrows()]
    lines.append(t("boundaries_credit", lang))
    _box(slide, "\n".join(lines), 0.6, 1.2, 12.1, 5.8, 14, color=INK)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _qualifier_words(record: dict, lang: str) -> str:
    """The kind of an actual figure and a qualifier's note ("实际 · 初步数", "预估数")."""
    words = [t("actual", lang)] if record["kind"] == "actual" else []
    words += [w for w in [qualifier_note(record["qualifier"], lang)] if w]
    return " · ".join(words)


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _box(
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
    inch = 914400
    frame = slide.shapes.add_textbox(
        Emu(int(left * inch)), Emu(int(top * inch)), Emu(int(width * inch)), Emu(int(height * inch))
    ).text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(color)
        run.font.name = "Noto Sans CJK SC"


def _table(slide, headers: list[str], rows: list[list[str]]) -> None:
    inch = 914400
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(headers),
        Emu(int(0.4 * inch)),
        Emu(int(1.0 * inch)),
        Emu(int(12.5 * inch)),
        Emu(int(0.4 * inch * (len(rows) + 1))),
    )
    table = shape.table
    widths = [1.5, 0.7, 0.7, 1.4, 1.2, 0.9, 1.0, 5.1]
    for i, w in enumerate(widths):
        table.columns[i].width = Emu(int(w * inch))
    for c, header in enumerate(headers):
        _cell(table.cell(0, c), header, 12, bold=True, color="FFFFFF", fill=ACCENT)
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            _cell(table.cell(r, c), value, 11 if c < 7 else 9, fill="#F7F9FB" if r % 2 else "#FFFFFF")


def _cell(cell, text: str, size: int, bold: bool = False, color: str = "1F2933", fill: str = "#FFFFFF") -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    frame = cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    run.font.name = "Noto Sans CJK SC"
