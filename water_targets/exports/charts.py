"""Slide-ready charts of a view: the drill-down time chart and the ranking, sized for a slide with canvas.py's type
sizes, titles naming region · indicator · years, values written on the points (no hover on paper), every label
inside the picture and the sources (wrapped, all lines kept) below."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from ..chart_style import FONT_FAMILY, INK, MUTED, indicator_unit, round_ticks
from ..choropleth import OVERVIEW, view_for
from ..figures import time_chart
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import unit_suffix
from ..queries import has_values, value_rows
from ..ranking import ranking_chart
from ..text_only import plotly_text
from ..view_state import View
from .canvas import (
    BODY_PX,
    NOTE_PX,
    Canvas,
    block_height,
    text_px,
)
from .picture_text import (
    NO_IMPRINT,
    Imprint,
    fit_title,
    footer_width,
    paper_text,
    source_lines,
    sources_for,
)

SLIDE = Canvas(1600, 900)  # the charts' default size
LEGEND_SYMBOL_PX = 64  # a legend entry's symbol and gaps, at the 1080 reference
SINGLE_MARKER_PX = 30  # the marker of a chart with one year only


def chart_units(geo: GeoData, dataset: Dataset, adcode: str, indicator: str) -> tuple[list[str], str | None]:
    """The unit and the parent whose series goes beside it (when the parent has values)."""
    parent = geo.regions[adcode].parent
    return [adcode], parent if has_values(dataset, indicator, parent) else None


def year_span(years: list[int], lang: str) -> str:
    """'2020—2025年' / '2020-2025', or the one year."""
    first, last = min(years), max(years)
    return t("chart_year", lang, year=first) if first == last else t("chart_years", lang, first=first, last=last)


def chart_title(dataset: Dataset, geo: GeoData, view: View, years: list[int]) -> str:
    """'松山区 · 用水总量 · 历年目标 · 2020—2025年': the view's unit · indicator · what · the years drawn."""
    units, parent = chart_units(geo, dataset, view.region, view.indicator)
    rows = value_rows(dataset, view.indicator, [*units, *([parent] if parent else [])])
    heading = "time_chart_actuals" if (rows["kind"] == "actual").any() else "time_chart"
    return view.title(dataset, geo, t(heading, view.lang), year_span(years, view.lang) if years else None)


def chart_figure(
    dataset: Dataset, geo: GeoData, view: View, canvas: Canvas = SLIDE, imprint: Imprint = NO_IMPRINT
) -> go.Figure:
    """The drill-down time chart of the view's unit (view.region, an adcode) beside its parent, sized for a slide."""
    units, parent = chart_units(geo, dataset, view.region, view.indicator)
    rows = value_rows(dataset, view.indicator, [*units, *([parent] if parent else [])])
    fig = time_chart(dataset, geo, view.indicator, units, view.lang, "", parent)
    return _slide_chart(fig, chart_title(dataset, geo, view, _years(fig)), rows, dataset, view, canvas, imprint)


def _years(fig: go.Figure) -> list[int]:
    return [int(x) for tr in fig.data for x in tr.x]  # the baseline year of a reduction too


def chart_heading(dataset: Dataset, geo: GeoData, view: View) -> str:
    """The title chart_figure draws (its years are those the chart shows), for a slide's title placeholder."""
    units, parent = chart_units(geo, dataset, view.region, view.indicator)
    fig = time_chart(dataset, geo, view.indicator, units, view.lang, "", parent)
    return chart_title(dataset, geo, view, _years(fig))


def ranking_title(dataset: Dataset, geo: GeoData, view: View) -> str:
    """'赤峰市 · 用水总量 · 2025年各县区排名': region · indicator · year."""
    ranked = t("ranking_regions" if view.region == OVERVIEW else "ranking", view.lang, year=view.year)
    return view.title(dataset, geo, ranked)  # the overview ranks its regions, a region its counties


def ranking_figure(
    dataset: Dataset, geo: GeoData, view: View, canvas: Canvas = SLIDE, imprint: Imprint = NO_IMPRINT
) -> go.Figure:
    """The ranking of the view's units in its year, sized for a slide."""
    units = view_for(dataset, geo, view.region).units
    fig = ranking_chart(dataset, geo, view.indicator, units, view.year, [], view.lang, "")
    rows = value_rows(dataset, view.indicator, units, year=view.year)
    return _slide_chart(fig, ranking_title(dataset, geo, view), rows, dataset, view, canvas, imprint)


def _point_label(hover: str, unit: str, lang: str) -> str:
    """A point's value as written beside it: the hover text without the year, the unit (the axis names it) and
    the '(vs 2020)' of a reduction (the axis title says the index's base year)."""
    text = str(hover).split(": ", 1)[-1]
    suffix = unit_suffix(unit, lang)
    if suffix and suffix != "%":
        text = text.replace(suffix, "")
    return re.sub(r"（较\d{4}年）| \(vs \d{4}\)", "", text)


def _slide_chart(
    fig: go.Figure, title: str, rows, dataset: Dataset, view: View, canvas: Canvas, imprint: Imprint
) -> go.Figure:
    """Size a chart for a slide: type at canvas.py's sizes (scaled with the height), a title that shrinks and
    wraps, values written on the points, the x range padded so that the first and last labels stay whole, and the
    legend and the sources of the value `rows` laid out below the plot with room for every line."""
    lang, width, height, k, version = view.lang, canvas.width, canvas.height, canvas.k, imprint.version
    sources = sources_for(dataset, rows, lang)
    unit = indicator_unit(dataset, view.indicator, lang)
    body, note = BODY_PX * k, NOTE_PX * k
    fig.layout.annotations = ()  # the baseline note: the points now carry their own labels
    side = 40 * k
    title_lines, title_size = fit_title(title, k, width - 2 * side)

    years: list[int] = []
    labels: list[str] = []
    scatters = [tr for tr in fig.data if tr.type == "scatter"]
    series = [tr for tr in scatters if tr.hovertext]
    # Two series: the one ending lower is labelled below its points, the other above.
    lower = min(series, key=lambda tr: tr.y[-1]) if len(series) == 2 and series[0].yaxis == series[1].yaxis else None
    for n, trace in enumerate(fig.data):
        if trace.type == "scatter":
            years += [int(x) for x in trace.x]
        if trace.type != "scatter" or not trace.hovertext:
            continue
        # The baseline (index 100) is labelled once; the city's series (right axis) below its points so
        # that it does not print over a county's.
        trace.text = [
            "" if n and "100" == str(h).split(": ", 1)[-1][:3] and x == trace.x[0] else _point_label(h, unit, lang)
            for h, x in zip(trace.hovertext, trace.x, strict=True)
        ]
        labels += [s for s in trace.text if s]
        trace.mode = (trace.mode or "lines+markers") + ("+text" if "text" not in (trace.mode or "") else "")
        trace.textposition = "bottom center" if trace.yaxis == "y2" or trace is lower else "top center"
        trace.textfont = {"size": body, "color": trace.line.color or INK, "family": FONT_FAMILY}
        trace.cliponaxis = False
    single = len(set(years)) == 1
    for trace in scatters:
        marker_px = (SINGLE_MARKER_PX if single else 16) * k
        if isinstance(trace.marker.size, tuple):
            trace.marker.size = [marker_px if s else 0 for s in trace.marker.size]
        else:
            trace.marker.size = marker_px

    for bar in (tr for tr in fig.data if tr.type == "bar"):
        bar.textfont = {"size": body, "family": FONT_FAMILY, "color": INK}
        labels += [str(s) for s in bar.text or ()]

    # Sources and the data version at the bottom, every line kept.
    notes = source_lines(sources, lang, note, footer_width(width - 2 * side, version), version)
    notes_h = block_height(len(notes), note)

    # The legend's rows, packed as plotly packs a horizontal legend.
    entries = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
    show_legend = fig.layout.showlegend is True or len(entries) > 1
    usable = width - 2 * side
    rows, row_w = (1 if entries else 0), 0.0
    for name in entries:
        w = text_px(name, body) + LEGEND_SYMBOL_PX * k
        if row_w and row_w + w > usable:
            rows, row_w = rows + 1, 0.0
        row_w += w
    # plotly's text is often wider than estimated here: a spare row where there are several (blank space at
    # worst), so that a legend never runs into the sources below it.
    rows += 1 if rows > 1 else 0
    legend_h = rows * body * 1.45 if show_legend else 0

    has_y2 = "yaxis2" in fig.layout and fig.layout.yaxis2.overlaying
    top = 24 * k + block_height(len(title_lines), title_size) + body * 1.4  # room for labels above the top point
    ticks_h = body * 2.0
    bottom = ticks_h + (legend_h + 12 * k if legend_h else 0) + notes_h + 24 * k
    if fig.data and fig.data[0].type == "bar" and fig.layout.xaxis.title.text:
        bottom += body * 1.8  # the bars' value axis has a title under its ticks
    left = 150 * k
    bars = bool(fig.data) and fig.data[0].type == "bar"
    if bars:  # the names on the bars' axis set the left margin (automargin would move the title and sources)
        left = max(left, max((text_px(str(y), body) for y in fig.data[0].y), default=0) + side + 20 * k)
        fig.update_yaxes(automargin=False)
    margin = {"l": left, "r": (170 if has_y2 else 60) * k, "t": top, "b": bottom}
    plot_w = width - margin["l"] - margin["r"]
    plot_h = height - top - bottom
    axis_font = {"size": body, "family": FONT_FAMILY, "color": INK}
    fig.update_layout(
        width=width,
        height=height,
        font={"size": body, "family": FONT_FAMILY},
        title={"text": ""},
        margin=margin,
        showlegend=show_legend,
        legend={
            "orientation": "h",
            "x": side / width,
            "xref": "container",
            "y": (notes_h + 24 * k + 12 * k + legend_h) / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": body},
            "itemwidth": 30,
        },
    )
    fig.update_xaxes(tickfont=axis_font, title_font=axis_font, automargin=False)
    fig.update_yaxes(tickfont=axis_font, title_font=axis_font)
    if bars:
        _fit_bars(fig, labels, body, plot_w, k)
    elif years:
        widest = max((text_px(s, body) for s in labels), default=0)
        half = widest / 2 + 12 * k
        span = max(years) - min(years)
        if single:  # one year: the marker in the middle, its value beside it, one tick
            year = years[0]
            fig.update_xaxes(range=[year - 1, year + 1], tickvals=[year], dtick=None)
            values = [y for tr in scatters if tr.yaxis in (None, "y") for y in tr.y if y is not None]
            if values and min(values) >= 0:
                fig.update_yaxes(range=[0, max(values) * 1.3 or 1])
            for trace in series:  # each value as a level across the plot, read against the axis
                for y in trace.y:
                    fig.add_hline(
                        y=y,
                        yref=trace.yaxis or "y",
                        line={"color": trace.line.color or INK, "dash": "dash", "width": 2 * k},
                        layer="below",
                    )
        else:
            pad = max(0.5, half * span / max(plot_w - 2 * half, 1))
            fig.update_xaxes(range=[min(years) - pad, max(years) + pad])
            _label_room(fig, body * 1.6, plot_h)
            fig.update_xaxes(tickvals=list(range(min(years), max(years) + 1, 1 if span <= 8 else 5)))
            if has_y2 and fig.layout.yaxis2.range:  # the right axis on round numbers, not the left's grid
                fig.update_layout(yaxis2={"tickmode": "array", "tickvals": round_ticks(*fig.layout.yaxis2.range)})
            declutter_labels(fig, plot_w, plot_h, body)
    left_x = -(margin["l"] - side) / plot_w  # title and notes start at the picture's side margin
    # The title as an annotation: plotly's own title mis-places a wrapped one.
    bold = [f"<b>{plotly_text(s)}</b>" for s in title_lines]
    _text_block(fig, bold, left_x, 1 + (top - 24 * k) / plot_h, title_size, INK, "title")
    if notes:
        notes = [plotly_text(s) for s in notes]
        _text_block(fig, notes, left_x, -(bottom - notes_h - 16 * k) / plot_h, note, MUTED, "notes")
    return fig


def _text_block(fig: go.Figure, lines: list[str], x: float, y: float, size: float, color: str, name: str) -> None:
    """Lines of text whose top-left corner is at (x, y) in paper coordinates."""
    fig.add_annotation(paper_text("<br>".join(lines), x, y, size, color, name=name))


def _label_room(fig: go.Figure, room: float, plot_h: float) -> None:
    """Widen each value axis so that labels above the highest and below the lowest points (`room` px) stay inside
    the plot, clear of the title and the year ticks."""
    share = min(room / max(plot_h, 1), 0.3)
    for axis in ("y", "y2"):
        values = [y for tr in fig.data if tr.type == "scatter" and (tr.yaxis or "y") == axis for y in tr.y]
        values = [v for v in values if v is not None]
        if not values:
            continue
        layout_axis = fig.layout.yaxis if axis == "y" else fig.layout.yaxis2
        low, high = layout_axis.range or (min(values), max(values))
        spread = (high - low) or abs(high) * 0.2 or 1.0
        extra = spread * share / (1 - 2 * share)
        # An axis from zero (a city's total beside its counties) stays from zero.
        layout_axis.range = [low if low == 0 else low - extra, high + extra]


POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def declutter_labels(fig: go.Figure, plot_w: float, plot_h: float, size: float) -> None:
    """Every point's value label where it overlaps no other label and no other point: the trace's own position
    first, then below/above, right, left; a label with no free place is left off (the table has the value).
    Measured in the picture's pixels from the axes' ranges and the labels' text widths; the targets and each
    series' last point are placed first."""

    def scale(axis) -> tuple[float, float] | None:
        return (axis.range[0], axis.range[1]) if axis.range else None

    xr = scale(fig.layout.xaxis)
    if xr is None:
        return
    axes = {"y": scale(fig.layout.yaxis), "y2": scale(fig.layout.yaxis2) if "yaxis2" in fig.layout else None}
    points = []  # (trace, index, x px, y px, marker radius px)
    for trace in fig.data:
        yr = axes.get(trace.yaxis or "y")
        if trace.type != "scatter" or yr is None or yr[1] == yr[0]:
            continue
        sizes = trace.marker.size if isinstance(trace.marker.size, tuple) else [trace.marker.size or 0] * len(trace.x)
        for i, (x, y) in enumerate(zip(trace.x, trace.y, strict=True)):
            if y is None:
                continue
            px = (x - xr[0]) / (xr[1] - xr[0]) * plot_w
            py = (yr[1] - y) / (yr[1] - yr[0]) * plot_h
            points.append((trace, i, px, py, (sizes[i] or 0) / 2))
    taken = [(px - r, py - r, px + r, py + r) for _, _, px, py, r in points if r]
    height = size * 1.2
    labelled = [p for p in points if p[0].text and p[0].text[p[1]]]
    last = {id(tr): max(i for t2, i, *_ in labelled if t2 is tr) for tr, *_ in labelled}
    order = sorted(labelled, key=lambda p: (0 if "markers+text" == p[0].mode else 1, p[1] != last[id(p[0])], p[1]))
    positions: dict[int, list[str]] = {}
    texts: dict[int, list[str]] = {}
    for trace, i, px, py, r in order:
        text = trace.text[i]
        width = text_px(text, size)
        own = trace.textposition if isinstance(trace.textposition, str) else "top center"
        mine = (px - r, py - r, px + r, py + r)
        for where in dict.fromkeys((own, *POSITIONS)):
            gap = r + 4
            if where == "top center":
                box = (px - width / 2, py - gap - height, px + width / 2, py - gap)
            elif where == "bottom center":
                box = (px - width / 2, py + gap, px + width / 2, py + gap + height)
            elif where == "middle right":
                box = (px + gap, py - height / 2, px + gap + width, py + height / 2)
            else:
                box = (px - gap - width, py - height / 2, px - gap, py + height / 2)
            if not any(_overlap(box, other) for other in taken if other != mine):
                taken.append(box)
                positions.setdefault(id(trace), [own] * len(trace.x))[i] = where
                break
        else:
            texts.setdefault(id(trace), list(trace.text))[i] = ""
    for trace in fig.data:
        if id(trace) in positions:
            trace.textposition = positions[id(trace)]
        if id(trace) in texts:
            trace.text = texts[id(trace)]


def _overlap(a: tuple, b: tuple) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _fit_bars(fig: go.Figure, labels: list[str], body: float, plot_w: float, k: float) -> None:
    """Bars of a slide ranking: thick enough for their names, the value axis long enough for the value written
    past the longest bar."""
    bar = fig.data[0]
    widest = max((text_px(s, body) for s in labels), default=0) + 16 * k
    longest = max((x for x in bar.x if x is not None), default=0) or 1
    fig.update_xaxes(range=[0, longest * plot_w / max(plot_w - widest, plot_w / 2)])
    fig.update_layout(bargap=0.25)
