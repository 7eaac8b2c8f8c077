"""Slide-ready charts of a view: the drill-down time chart and the ranking, sized for a slide with larger
type, values written on the points (no hover on paper) and the sources below."""

from __future__ import annotations

import plotly.graph_objects as go

from ..chart_style import MUTED
from ..choropleth import view_for
from ..figures import time_chart
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..queries import has_values, value_rows
from ..ranking import ranking_chart
from .canvas import wrap
from .maps import sources_for


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
        text=wrap(source_line, 120),
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
