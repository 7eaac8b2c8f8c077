"""Plotly figure builders (pure: data + parameters in, figure out) for the drill-down and exports."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .choropleth import value_label
from .geo import GeoData
from .i18n import COMPARATOR_SYMBOL, t
from .indicators import Dataset
from .queries import is_additive, value_rows

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
INK = "#1f2933"
MUTED = "#7b8794"
ACCENT = "#1f6f8b"
SERIES_COLORS = ["#1f6f8b", "#d95f0e", "#6a51a3", "#238b45", "#c51b7d", "#8c6d31"]
MARKERS = {"<=": "triangle-down", ">=": "triangle-up", "=": "circle"}


def base_layout(title: str = "", height: int = 320) -> dict:
    return {
        # No plotly default template: everything it would set is set here, and it costs ~8 KB per figure.
        "template": "none",
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15, "color": INK}},
        "font": {"family": FONT_FAMILY, "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 48 if title else 16, "b": 40},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
    }


def _is_reduction(dataset: Dataset, indicator: str) -> bool:
    return dataset.indicators.loc[indicator, "kind"] == "reduction_vs_baseline"


def _unit(dataset: Dataset, indicator: str, lang: str) -> str:
    return dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]


def _hover(row: pd.Series, unit: str, lang: str) -> str:
    return f"{row['year']}: {value_label(row, unit, lang)}"


def time_chart(
    dataset: Dataset,
    geo: GeoData,
    indicator: str,
    units: list[str],
    lang: str,
    title: str = "",
    parent: str | None = None,
) -> go.Figure:
    """Every value of the indicator for each unit over time, with the parent region's series beside it.

    Targets are markers whose shape shows the comparator (▼ cap, ▲ floor, ● exact) joined by a line
    between milestones; `actual` values are a solid line. A reduction against a baseline year is drawn
    as an index (baseline = 100) so it reads as a path, with the raw percentage in the hover. For
    totals (a city's cap is the sum of its counties') the parent is drawn against a right-hand axis.
    """
    # County totals are parts of the city's total: the city goes on its own (right) axis.
    right_axis = parent is not None and is_additive(dataset, indicator)
    units = [*units, parent] if parent else list(units)
    unit = _unit(dataset, indicator, lang)
    reduction = _is_reduction(dataset, indicator)
    vals = dataset.values
    fig = go.Figure()
    baselines: set[int] = set()
    for i, code in enumerate(units):
        rows = vals[(vals["indicator"] == indicator) & (vals["region"] == code)].sort_values("year")
        rows = rows[rows["number"].notna()]
        if rows.empty:
            continue
        name = geo.regions[code].name(lang)
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        dash = "solid" if i == 0 else "dot"
        for kind, frame in rows.groupby("kind", sort=False):
            xs, ys, hovers, symbols = [], [], [], []
            if reduction:
                for base in sorted({int(b) for b in frame["baseline_year"].dropna()}):
                    baselines.add(base)
                    xs.append(base)
                    ys.append(100.0)
                    hovers.append(
                        f"{base}: 100（{t('baseline_year', lang)}）" if lang == "zh" else f"{base}: 100 (baseline)"
                    )
                    symbols.append("circle-open")
            for _, row in frame.iterrows():
                xs.append(int(row["year"]))
                ys.append(100.0 - float(row["number"]) if reduction else float(row["number"]))
                hovers.append(_hover(row, unit, lang))
                symbols.append(MARKERS.get(row["comparator"], "circle"))
            is_target = kind == "target"
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    name=(name if is_target else f"{name} · {t('actual', lang)}")
                    + (f"（{t('right_axis', lang)}）" if right_axis and code == parent else ""),
                    yaxis="y2" if right_axis and code == parent else "y",
                    mode="lines+markers" if is_target else "lines",
                    line={"color": color, "dash": dash if is_target else "solid", "width": 2 if is_target else 3},
                    marker={"symbol": symbols, "size": 12, "color": color, "line": {"width": 1, "color": "white"}},
                    hovertext=hovers,
                    hoverinfo="text+name",
                    legendgroup=code,
                )
            )
    yaxis_title = t("index_axis", lang, year="/".join(map(str, sorted(baselines)))) if reduction and baselines else unit
    layout = base_layout(title)
    years = [x for trace in fig.data for x in trace.x]
    span = (max(years) - min(years)) if years else 0
    layout["xaxis"] = {
        "title": "",
        "tickformat": "d",
        "dtick": 1 if span <= 8 else 5,
        "gridcolor": "#eef0f3",
        "automargin": True,
    }
    layout["yaxis"] = {"title": {"text": yaxis_title}, "gridcolor": "#eef0f3", "zeroline": False, "automargin": True}
    if right_axis:
        # Both scales from zero, the counties' up to 1.5x their largest value: a county and its city then
        # sit at different heights even when each has one value.
        left = [y for tr in fig.data if tr.yaxis in (None, "y") for y in tr.y]
        right = [y for tr in fig.data if tr.yaxis == "y2" for y in tr.y]
        if left:
            layout["yaxis"]["range"] = [0, max(left) * 1.5]
        parent_name = geo.regions[parent].name(lang)
        layout["yaxis2"] = {
            "range": [0, max(right) * 1.1] if right else None,
            "title": {"text": f"{parent_name} · {unit}"},
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
        }
    if reduction:
        for base in sorted(baselines):
            fig.add_annotation(
                x=base,
                y=100,
                text=t("vs_baseline", lang, year=base).replace("vs ", "base "),
                showarrow=True,
                arrowhead=0,
                ay=-28,
                font={"size": 11, "color": MUTED},
            )
    fig.update_layout(**layout)
    if not fig.data:
        fig.add_annotation(
            text=t("no_data", lang),
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            showarrow=False,
            font={"size": 16, "color": MUTED},
        )
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    return fig


def ranking_rows(dataset: Dataset, indicator: str, units: list[str], year: int) -> pd.DataFrame:
    rows = value_rows(dataset, indicator, units, year=year, kind="target")
    return rows.sort_values("number", ascending=True, na_position="first", kind="stable")


def ranking_chart(
    dataset: Dataset,
    geo: GeoData,
    indicator: str,
    units: list[str],
    year: int,
    selected: list[str],
    lang: str,
    title: str = "",
) -> go.Figure:
    """Horizontal bars of every unit's value in one year, largest on top, selected units highlighted.

    'Keep the 2020 level' and 'not applicable' are shown as words at zero, never as a 0 bar.
    """
    unit = _unit(dataset, indicator, lang)
    rows = ranking_rows(dataset, indicator, units, year)
    names, xs, colors, texts, hovers = [], [], [], [], []
    for _, row in rows.iterrows():
        names.append(geo.regions[row["region"]].name(lang))
        special = row["qualifier"] in ("maintain_baseline", "not_applicable")
        xs.append(0 if special or pd.isna(row["number"]) else float(row["number"]))
        colors.append(ACCENT if row["region"] in selected else "#b8c4ce")
        label = value_label(row, unit, lang)
        texts.append(label if special else f"{COMPARATOR_SYMBOL.get(row['comparator'], '')} {row['value']}".strip())
        hovers.append(f"{names[-1]}: {label}")
    fig = go.Figure(
        go.Bar(
            x=xs,
            y=names,
            orientation="h",
            marker={"color": colors},
            text=texts,
            textposition="outside",
            hovertext=hovers,
            hoverinfo="text",
            cliponaxis=False,
        )
    )
    layout = base_layout(title, height=max(220, 34 * len(names) + 80))
    layout["margin"]["r"] = 110
    layout["xaxis"] = {"title": {"text": unit}, "gridcolor": "#eef0f3", "rangemode": "tozero", "automargin": True}
    layout["yaxis"] = {"automargin": True}
    layout["showlegend"] = False
    fig.update_layout(**layout)
    return fig
