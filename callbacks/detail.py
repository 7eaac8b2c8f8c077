"""Drill-down callbacks: the selected unit's time chart, the ranking for the year, its indicator table."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update

from callbacks import initial
from callbacks.view import page_view, view_controls
from layouts import ids
from water_targets import cached as cache
from water_targets.choropleth import OVERVIEW, view_for
from water_targets.context import strip, strip_year
from water_targets.controls import slider_years, year_at
from water_targets.data import get_dataset, get_geo
from water_targets.figures import chart_subject
from water_targets.geo import GeoData
from water_targets.i18n import plotly_config, t
from water_targets.indicator_meta import page_path
from water_targets.indicators import Dataset
from water_targets.progress import assess, figure_words, is_reduction, latest_actual_year
from water_targets.qualifiers import ACTUAL_NOTES
from water_targets.queries import value_rows
from water_targets.status import STATUS_STYLE
from water_targets.status_words import distance_words, status_label, target_words

# No "Share chart…": it uploads the chart to Plotly Cloud.
GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "sendChartToCloud"],
}


def qualifier_flag(r: dict) -> html.Span | None:
    """A value's qualifier: 初步数 and 修订数 of actual figures as flags, others (预估数…) as words."""
    if not r["qualifier"]:
        return None
    q = r.get("qualifier_id", "")
    flag = q in ACTUAL_NOTES
    return html.Span(r["qualifier"], className=f"qualifier flag flag-{q}" if flag else "qualifier")


def indicator_table(rows: list[dict], lang: str) -> html.Table:
    head = html.Tr([html.Th(t(k, lang)) for k in ("indicator", "year", "value", "source")])
    body = [
        html.Tr(
            [
                html.Td(r["indicator"]),
                html.Td(r["year"]),
                html.Td(
                    [
                        r["value"],
                        html.Span(t("actual", lang), className="kind-tag") if r.get("kind_id") == "actual" else None,
                        qualifier_flag(r),
                    ],
                    className="value",
                ),
                html.Td(r["source"], className="source"),
            ],
            className="actual-row" if r.get("kind_id") == "actual" else None,
        )
        for r in rows
    ]
    return html.Table(className="indicator-table", children=[html.Thead(head), html.Tbody(body)])


FLAG_TAGS = (("estimate", "estimated_target"), ("strive", "strive"))  # target flags shown beside the badge


def progress_status(dataset: Dataset, code: str, indicator: str, city_wide: bool, lang: str) -> list:
    """The status badge (with 预估目标 / 全市目标 tags) and the distance in words, for the unit's target at its
    latest actual year; "无实际数据" without actuals, nothing without a target."""
    a = assess(dataset, code, indicator, latest_actual_year(dataset, [code], indicator))
    if a is None:
        return []
    ind = dataset.indicators.loc[indicator]
    unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
    style = STATUS_STYLE[a.status]
    tags = [
        html.Span(
            status_label(a.status, lang),
            className="status-badge",
            style={"background": style["fill"], "color": style["ink"], "borderColor": style["outline"]},
            **{"data-status": a.status},
        )
    ]
    tags += [html.Span(t(key, lang), className="progress-tag") for flag, key in FLAG_TAGS if flag in a.flags]
    if city_wide and a.latest is not None:  # the status is the city's
        tags.append(html.Span(t("city_wide_target", lang), className="progress-tag city-wide"))
    lines = []
    distance = distance_words(a, unit, lang, reduction=is_reduction(dataset, indicator))
    if distance:
        lines.append(html.Div(distance, id=ids.DETAIL_DISTANCE, className="progress-distance"))
    if a.latest is not None and a.latest.row:
        year = t("year_n", lang, year=a.target_year)
        target = target_words(a.target, unit, lang) + (f"（{year}）" if lang == "zh" else f" ({year})")
        facts = t("progress_facts", lang, actual=figure_words(a.latest.row, unit, lang), target=target)
        lines.append(html.Div(facts, className="progress-facts"))
    return [html.Div(tags, id=ids.DETAIL_STATUS, className="progress-tags"), *lines]


def _chip(item: dict, first: bool, lang: str) -> html.Li:
    """One level of the context strip: its name, target and latest actual; a looser target flagged in words."""
    target = f"{t('target', lang)} {item['target_dated']}" if item["target_dated"] else t("ctx_no_target", lang)
    classes = ["ctx-level"] + (["ctx-self"] if item["unit"] else []) + (["ctx-looser"] if item["looser"] else [])
    return html.Li(
        className=" ".join(classes),
        children=[
            None if first else html.Span("→", className="ctx-arrow", **{"aria-hidden": "true"}),
            html.Span(
                className="ctx-chip",
                children=[
                    html.Span(item["name"], className="ctx-name"),
                    html.Span(target, className="ctx-target"),
                    html.Span(f"{t('actual', lang)} {item['actual_dated']}", className="ctx-actual")
                    if item["actual_dated"]
                    else None,
                    html.Span(item["looser_words"], className="ctx-flag") if item["looser"] else None,
                ],
            ),
        ],
    )


def context_strip(dataset: Dataset, geo: GeoData, region: str, indicator: str, lang: str) -> html.Div | None:
    """The unit against the levels above it (water_targets.context.strip): 全国 → 内蒙古 → 赤峰市 → 翁牛特旗, one
    chip per level with data, the allocation of a level's amount among its units, and the sources of every figure
    behind a disclosure; None when no level above the unit has data."""
    year = strip_year(dataset, geo, region, indicator)
    items = strip(dataset, geo, region, indicator, year, lang) if year is not None else []
    if len(items) < 2:
        return None
    sep = "：" if lang == "zh" else ": "
    allocations = [
        html.P(f"{item['name']}{sep}{item['allocation']}", className="ctx-allocation")
        for item in items
        if item["allocation"]
    ]
    sources = [
        html.Li(f"{item['name']} · {t(kind, lang)}{sep}{item[f'{kind}_source']}")
        for item in items
        for kind in ("target", "actual")
        if item[f"{kind}_source"]
    ]
    label = t("ctx_strip_label", lang, unit=items[-1]["name"])
    return html.Div(
        id=ids.DETAIL_CONTEXT,
        className="detail-context",
        children=[
            html.Ol(
                [_chip(item, n == 0, lang) for n, item in enumerate(items)],
                className="ctx-strip",
                **{"aria-label": label},
            ),
            *allocations,
            html.Details([html.Summary(t("ctx_sources", lang)), html.Ul(sources)], className="ctx-sources"),
        ],
    )


def value_list(rows: list[dict], note: str | None, lang: str) -> html.Div:
    """The unit's values of the indicator, year by year, each with its source."""
    if not rows:
        return html.Div(t("no_data", lang), className="value-list empty")
    items = [
        html.Li(
            [
                html.Span(str(r["year"]), className="vl-year"),
                html.Span(r["value"], className="vl-value"),
                qualifier_flag(r),
                html.Span(r["source"], className="vl-source"),
            ]
        )
        for r in rows
    ]
    heading = html.Div(note, className="vl-note") if note else None
    return html.Div(className="value-list", children=[heading, html.Ul(items)])


def show_detail(
    counties: list[str] | None,
    region: str | None,
    indicator: str | None,
    lang: str,
    data: dict,
    state: dict | None = None,
    index: int | None = None,
    mode: str | None = None,
):
    """The drill-down of the view's first selected unit (or its own region): title and status, its values, its
    time chart, the ranking beside it for the slider's year (`state`, `index`, `mode`: ranking_figure) and all its
    indicators."""
    view = page_view(region, indicator, lang, data)
    if view is None:
        return no_update
    rev = view.rev
    dataset, geo = get_dataset(rev), get_geo()
    mapped = view_for(dataset, geo, region)
    focus = (counties or [None])[0] or mapped.own_region
    if focus is None:
        return html.P(t("drilldown_hint", lang), className="hint")
    unit = geo.regions[focus]
    parent = mapped.own_region if mapped.own_region and mapped.own_region != focus else None
    series = [c for c in dict.fromkeys([focus, *(counties or [])[1:]]) if c != parent]
    title = f"{unit.name(lang)} · {view.indicator_name(dataset)}"
    ranked = value_rows(dataset, indicator, mapped.units)["region"].nunique()
    ranking = None
    if ranked > 1:
        figure = ranking_figure(index, counties, state, lang, data, mode)
        drawn = {"figure": figure} if figure else {}
        ranking = dcc.Graph(
            id=ids.RANKING_CHART, config=plotly_config(GRAPH_CONFIG, lang), className="ranking-graph", **drawn
        )
    # A county whose plan has no county figures shows its city's (全市目标（未分解到县）), also when the
    # county itself is the selected region.
    city = unit.parent if unit.level == "county" else None
    own = [r for r in cache.unit_indicator_rows(rev, focus, lang) if r["indicator_id"] == indicator]
    fallback = parent or (city if not own else None)
    listed, note = own, None
    if not own and fallback:  # no county figure in the plan: show the region's own
        listed = [r for r in cache.unit_indicator_rows(rev, fallback, lang) if r["indicator_id"] == indicator]
        note = f"{t('city_wide_target', lang)} · {geo.regions[fallback].name(lang)}" if listed else None
    subject, _, city_wide = chart_subject(dataset, indicator, [focus], fallback)
    has_actuals = latest_actual_year(dataset, subject[:1], indicator) is not None
    chart_title = t("time_chart_actuals" if has_actuals else "time_chart", lang)
    table_unit, table_rows = unit, cache.unit_indicator_rows(rev, focus, lang)
    if not table_rows and city:  # nothing of its own at all: the city's indicators, marked as such
        table_unit, table_rows = geo.regions[city], cache.unit_indicator_rows(rev, city, lang)
    table_mark = (
        html.Span(t("city_wide_target", lang), className="progress-tag city-wide") if table_unit != unit else None
    )
    return [
        html.Div(
            className="detail-head",
            children=[
                html.H2(title, className="detail-title"),
                html.A(t("ctx_about_indicator", lang), href=page_path(indicator, lang), className="indicator-about"),
                *progress_status(dataset, subject[0], indicator, city_wide, lang),
                context_strip(dataset, geo, focus, indicator, lang),
            ],
        ),
        value_list(listed, note, lang),
        dcc.Graph(
            id=ids.DETAIL_CHART,
            figure=cache.time_chart(rev, indicator, tuple(series), parent or fallback, lang, chart_title),
            config=plotly_config(GRAPH_CONFIG, lang),
            className="detail-graph",
        ),
        ranking,
        html.H3([t("all_indicators", lang) + f" · {table_unit.name(lang)}", table_mark], id="all-indicators"),
        indicator_table(table_rows, lang),
    ]


def show_ranking(index: int | None, counties: list[str] | None, state: dict, lang: str, data: dict, mode: str):
    """The ranking for the slider's year (a new selection or view redraws it with the drill-down: show_detail)."""
    figure = ranking_figure(index, counties, state, lang, data, mode)
    return no_update if figure is None else figure


def ranking_figure(
    index: int | None, counties: list[str] | None, state: dict | None, lang: str, data: dict | None, mode: str | None
):
    """The ranking of the map state's units for the slider's year, or None when the view has no such year."""
    years = slider_years(state or {}, mode)
    target_years = [int(y) for y in (state or {}).get("years") or []]
    shown = year_at(years, index)
    if state is None or shown is None or not target_years:
        return None
    # The ranking is of targets: in the progress view, those of the target the assessment year looks at.
    year = int(shown)
    if year not in target_years:
        year = next((y for y in target_years if y >= year), target_years[-1])
    view = page_view(state["region"], state["indicator"], lang, data, mode).at(year)
    units = tuple(view_for(get_dataset(view.rev), get_geo(), view.region).units)
    title = t("ranking_regions" if view.region == OVERVIEW else "ranking", lang, year=year)
    return cache.ranking_chart(view.rev, view.indicator, units, year, tuple(counties or []), lang, title)


def register(app: Dash) -> None:
    # The map state is an input: on a new view the drill-down waits for update_map's state (its ranking reads it).
    initial.register(
        app,
        show_detail,
        output=Output(ids.COUNTY_DETAIL, "children"),
        inputs={
            "counties": Input(ids.COUNTY_SELECT, "value"),
            **view_controls(),
            "state": Input(ids.MAP_STATE, "data"),
            "index": State(ids.YEAR_SLIDER, "value"),
            "mode": State(ids.MAP_MODE_VALUE, "data"),
        },
    )

    # Only when the year changes: show_detail draws the ranking with the drill-down (at load too), so the layout
    # need not run this a second time for the same figure.
    app.callback(
        output=Output(ids.RANKING_CHART, "figure"),
        prevent_initial_call=True,
        inputs={
            "index": Input(ids.YEAR_SLIDER, "value"),
            "counties": State(ids.COUNTY_SELECT, "value"),
            "state": State(ids.MAP_STATE, "data"),
            "lang": State(ids.LANG_STORE, "data"),
            "data": State(ids.DATA_REVISION, "data"),
            "mode": State(ids.MAP_MODE_VALUE, "data"),
        },
    )(show_ranking)
