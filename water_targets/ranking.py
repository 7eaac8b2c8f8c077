"""The ranking chart (pure): every unit's value in one year as horizontal bars, selected units highlighted."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .chart_style import ACCENT, base_layout, indicator_unit
from .choropleth import value_label
from .geo import GeoData
from .indicators import Dataset
from .qualifiers import COMPARATOR_SYMBOL, REPLACING_QUALIFIERS
from .queries import value_rows
from .text_only import figure_as_text


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
    unit = indicator_unit(dataset, indicator, lang)
    rows = ranking_rows(dataset, indicator, units, year)
    names, xs, colors, texts, hovers = [], [], [], [], []
    for _, row in rows.iterrows():
        names.append(geo.regions[row["region"]].name(lang))
        special = row["qualifier"] in REPLACING_QUALIFIERS
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
    return figure_as_text(fig)
