"""The drill-down time chart (pure: data + parameters in, figure out), for the dashboard and the exports: each
unit's targets and actuals over the years and the required path. The ranking chart is in ranking.py, the shared
look in chart_style.py."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .chart_style import MARKERS, MUTED, PATH_COLOR, SERIES_COLORS, base_layout, indicator_unit, round_ticks
from .choropleth import value_label
from .geo import GeoData
from .i18n import t
from .indicators import Dataset
from .model import qualifier_note, value_words
from .progress import assess, latest_actual_year
from .qualifiers import ACTUAL_NOTES, COMPARATOR_SYMBOL, REPLACING_QUALIFIERS
from .queries import is_additive, is_reduction
from .status import Assessment
from .text_only import figure_as_text


def _hover(row: pd.Series, unit: str, lang: str) -> str:
    text = f"{row['year']}: {value_label(row, unit, lang)}"
    note = qualifier_note(row["qualifier"], lang) if row["kind"] == "actual" else ""
    return text + _paren(note, lang)


def _paren(note: str, lang: str) -> str:
    if not note:
        return ""
    return f"（{note}）" if lang == "zh" else f" ({note})"


def _has_values(dataset: Dataset, indicator: str, code: str) -> bool:
    vals = dataset.values
    return bool(vals.loc[(vals["indicator"] == indicator) & (vals["region"] == code), "number"].notna().any())


def chart_subject(
    dataset: Dataset, indicator: str, units: list[str], parent: str | None
) -> tuple[list[str], str | None, bool]:
    """The units to draw, the parent beside them, and whether the chart fell back to the city: a county
    whose plan has no county figures shows its city's series as its own, marked 全市目标（未分解到县）."""
    if parent and units and not _has_values(dataset, indicator, units[0]) and _has_values(dataset, indicator, parent):
        return [parent, *[u for u in units[1:] if u != parent]], None, True
    return list(units), parent, False


def _target_label(row: pd.Series, lang: str, percent: bool) -> str:
    """A target marker's value: '≤ 3.0047', '≥ 21.08%', '保持2020年水平', '≥ 400（预估数）'."""
    if row["qualifier"] in REPLACING_QUALIFIERS:
        return value_words(row, lang)
    symbol = COMPARATOR_SYMBOL.get(row["comparator"], "") if row["comparator"] != "=" else ""
    text = f"{symbol} {row['value']}{'%' if percent else ''}".strip()
    return text + _paren(qualifier_note(row["qualifier"], lang), lang)


def required_path(dataset: Dataset, code: str, indicator: str, lang: str) -> tuple[Assessment, list[dict]] | None:
    """The assessment at the latest actual year and the two ends of its required path (year, raw number,
    hover words), from the base value to the target; None without a path (no actual, final verdict)."""
    as_of = latest_actual_year(dataset, [code], indicator)
    if as_of is None:
        return None
    a = assess(dataset, code, indicator, as_of)
    if a is None or a.base is None or a.final or a.target.get("qualifier") in REPLACING_QUALIFIERS:
        return None
    unit = indicator_unit(dataset, indicator, lang)
    base, target = a.base, a.target
    if base.row is None:
        base_words = t("base_by_definition", lang, year=base.year)
    else:
        base_words = f"{base.year}: {value_label(base.row, unit, lang)}"
        base_words += _paren(qualifier_note(base.qualifier, lang), lang)
    ends = [
        {"year": base.year, "number": base.number, "words": base_words},
        {"year": a.target_year, "number": float(target["number"]), "words": _hover(pd.Series(target), unit, lang)},
    ]
    return a, ends


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
    between milestones. A unit with `actual` values has them as a solid line with points (初步数 and 修订数
    hollow and labelled), its targets as markers with their values, and — for the first unit — the path
    required to reach the target assessed at the latest actual year, dashed from the base value (0 in
    the baseline year for a reduction) to the target. A reduction against a baseline year is drawn as an
    index (baseline = 100) so it reads as a path, with the raw percentage in the hover. For totals (a
    city's cap is the sum of its counties') the parent is drawn against a right-hand axis. A county with
    no figures of its own shows its city's series, marked 全市目标（未分解到县）.
    """
    units, parent, city_wide = chart_subject(dataset, indicator, units, parent)
    # County totals are parts of the city's total: the city goes on its own (right) axis.
    right_axis = parent is not None and is_additive(dataset, indicator)
    units = [*units, parent] if parent else list(units)
    unit = indicator_unit(dataset, indicator, lang)
    reduction = is_reduction(dataset, indicator)
    vals = dataset.values
    fig = go.Figure()
    baselines: set[int] = set()
    base_notes: dict[int, str] = {}
    with_actuals = False  # some unit has actual figures
    subject_actuals = False  # the first unit has: the chart is about its progress
    drawn = vals[(vals["indicator"] == indicator) & vals["region"].isin(units) & vals["number"].notna()]
    single = drawn["year"].nunique() == 1 and not (reduction and drawn["baseline_year"].notna().any())
    for i, code in enumerate(units):
        rows = vals[(vals["indicator"] == indicator) & (vals["region"] == code)].sort_values("year")
        rows = rows[rows["number"].notna()]
        if rows.empty:
            continue
        name = geo.regions[code].name(lang)
        color = SERIES_COLORS[i % len(SERIES_COLORS)]
        dash = "solid" if i == 0 else "dot"
        on_right = right_axis and code == parent
        has_actuals = bool((rows["kind"] == "actual").any())
        with_actuals = with_actuals or has_actuals
        subject_actuals = subject_actuals or (i == 0 and has_actuals)
        for kind in ("target", "actual"):
            frame = rows[rows["kind"] == kind]
            if frame.empty:
                continue
            xs, ys, hovers, symbols, labels = [], [], [], [], []
            if reduction:
                for base in sorted({int(b) for b in frame["baseline_year"].dropna()}):
                    baselines.add(base)
                    if kind == "target" and has_actuals:  # the actual line and the path start there
                        continue
                    xs.append(base)
                    ys.append(100.0)
                    hovers.append(
                        f"{base}: 100（{t('baseline_year', lang)}）" if lang == "zh" else f"{base}: 100 (baseline)"
                    )
                    symbols.append("circle-open")
                    labels.append("")
            for _, row in frame.iterrows():
                xs.append(int(row["year"]))
                ys.append(100.0 - float(row["number"]) if reduction else float(row["number"]))
                hovers.append(_hover(row, unit, lang))
                flagged = kind == "actual" and row["qualifier"] in ACTUAL_NOTES
                if kind == "target":
                    symbols.append(MARKERS.get(row["comparator"], "circle"))
                    # One year only: every marker carries its value (a lone dot on an axis says too little).
                    labels.append(_target_label(row, lang, unit == "%") if (i == 0 and has_actuals) or single else "")
                else:
                    symbols.append("circle-open" if flagged else "circle")  # drawn hollow, see below
                    labels.append(qualifier_note(row["qualifier"], lang) if flagged else "")
            is_target = kind == "target"
            if is_target:
                suffix = (f" · {t('target', lang)}" if has_actuals else "") + (
                    f" · {t('city_wide_target', lang)}" if city_wide and i == 0 else ""
                )
            else:
                suffix = f" · {t('actual', lang)}"
            if on_right:
                suffix += _paren(t("right_axis", lang), lang)
            if is_target and has_actuals:  # markers with their values: the line is the actual series'
                mode, line, size = "markers+text", {"color": color, "width": 0}, 14
            elif is_target:  # as before actual figures existed: milestones joined by a line
                mode = "lines+markers+text" if single else "lines+markers"
                line, size = {"color": color, "dash": dash, "width": 2}, 12
            else:
                mode, line, size = "lines+markers+text", {"color": color, "dash": "solid", "width": 3}, 9
            if is_target:
                marker = {"symbol": symbols, "size": size, "color": color, "line": {"width": 1, "color": "white"}}
            else:  # hollow points (初步数, 修订数, the baseline) are white discs ringed in the series colour
                fills = ["white" if s == "circle-open" else color for s in symbols]
                marker = {"symbol": "circle", "size": size, "color": fills, "line": {"width": 2, "color": color}}
            trace = go.Scatter(
                x=xs,
                y=ys,
                name=name + suffix,
                yaxis="y2" if on_right else "y",
                mode=mode if any(labels) or mode == "lines+markers" else mode.replace("+text", ""),
                line=line,
                marker=marker,
                hovertext=hovers,
                hoverinfo="text+name",
                legendgroup=code,
                cliponaxis=False,  # value labels at the first and last years stay whole
            )
            if code == parent and subject_actuals:  # context beside the unit's progress: quieter
                trace.update(opacity=0.7, marker_size=9)
            if any(labels):
                trace.update(
                    text=labels,
                    textposition="top center" if is_target else "bottom center",
                    textfont={"size": 11, "color": color if is_target else MUTED},
                )
            fig.add_trace(trace)
        if i == 0 and has_actuals and (found := required_path(dataset, code, indicator, lang)):
            a, ends = found
            if a.base is not None and a.base.row is None:
                base_notes[a.base.year] = ends[0]["words"]
            fig.add_trace(
                go.Scatter(
                    x=[e["year"] for e in ends],
                    y=[100.0 - e["number"] if reduction else e["number"] for e in ends],
                    # The raw figures and the words: the hover (and tests) read them here; no `hovertext`,
                    # so exports do not print the path's ends as values a second time.
                    customdata=[[e["number"], e["words"]] for e in ends],
                    hovertemplate="%{customdata[1]}<extra>" + t("required_path", lang) + "</extra>",
                    name=f"{name} · {t('required_path', lang)}",
                    yaxis="y2" if on_right else "y",
                    mode="lines+markers",
                    line={"color": PATH_COLOR, "dash": "dash", "width": 2},
                    marker={"symbol": ["circle-open", "circle"], "size": [9, 0], "color": PATH_COLOR},
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
    if with_actuals and years:  # room for the value labels of the first and last points
        layout["xaxis"]["range"] = [min(years) - 0.5, max(years) + 0.5]
    if single and years:  # one tick, the year in the middle
        layout["xaxis"].update(range=[years[0] - 1, years[0] + 1], tickvals=[years[0]])
    # Entries flow in rows (a unit's target, actual and path would otherwise stack in a column of their own).
    layout["legend"]["traceorder"] = "normal"
    if city_wide:
        layout["showlegend"] = True  # the legend carries the 全市目标 mark even for a single series
    layout["yaxis"] = {"title": {"text": yaxis_title}, "gridcolor": "#eef0f3", "zeroline": False, "automargin": True}
    if right_axis:
        # Both scales from zero, the counties' up to 1.5x their largest value: a county and its city then
        # sit at different heights even when each has one value.
        left = [y for tr in fig.data if tr.yaxis in (None, "y") for y in tr.y]
        right = [y for tr in fig.data if tr.yaxis == "y2" for y in tr.y]
        if left and subject_actuals:
            # The unit's progress fills the lower two thirds of its own scale; the city's values sit above.
            low, high = min(left), max(left)
            spread = (high - low) or abs(high) * 0.1 or 1.0
            layout["yaxis"]["range"] = [low - 0.25 * spread, high + 0.6 * spread]
        elif left:
            layout["yaxis"]["range"] = [0, max(left) * 1.5]
        parent_name = geo.regions[parent].name(lang)
        layout["yaxis2"] = {
            "range": [0, max(right) * 1.1] if right else None,
            # round numbers of its own: the left axis's grid would put it on 24.42, 20.2, 15.97
            **({"tickmode": "array", "tickvals": round_ticks(0, max(right) * 1.1)} if right else {}),
            "title": {"text": f"{parent_name} · {unit}"},
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "zeroline": False,
            "automargin": True,
        }
    if reduction:
        for base in sorted(baselines):
            note = base_notes.get(base)
            fig.add_annotation(
                x=base,
                y=100,
                text=note or t("vs_baseline", lang, year=base).replace("vs ", "base "),
                showarrow=True,
                arrowhead=0,
                ay=-28,
                # The longer 0-by-definition note reads to the right of its point, inside the plot.
                **({"ax": 14, "xanchor": "left"} if note else {}),
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
    return figure_as_text(fig)
