"""Drill-down callbacks: the selected unit's time chart, the ranking for the year, its indicator table."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html, no_update

from callbacks.view import shown_revision
from layouts import ids
from water_targets import cached as cache
from water_targets.choropleth import view_for
from water_targets.data import get_dataset
from water_targets.geo import get_geo
from water_targets.i18n import t
from water_targets.queries import value_rows

GRAPH_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def indicator_table(rows: list[dict], lang: str) -> html.Table:
    head = html.Tr([html.Th(t(k, lang)) for k in ("indicator", "year", "value", "source")])
    body = [
        html.Tr(
            [
                html.Td(r["indicator"]),
                html.Td(r["year"]),
                html.Td(
                    [r["value"], html.Span(f" {r['qualifier']}", className="qualifier") if r["qualifier"] else None]
                ),
                html.Td(r["source"], className="source"),
            ]
        )
        for r in rows
    ]
    return html.Table(className="indicator-table", children=[html.Thead(head), html.Tbody(body)])


def value_list(rows: list[dict], note: str | None, lang: str) -> html.Div:
    """The unit's values of the indicator, year by year, each with its source."""
    if not rows:
        return html.Div(t("no_data", lang), className="value-list empty")
    items = [
        html.Li(
            [
                html.Span(str(r["year"]), className="vl-year"),
                html.Span(r["value"], className="vl-value"),
                html.Span(r["qualifier"], className="qualifier") if r["qualifier"] else None,
                html.Span(r["source"], className="vl-source"),
            ]
        )
        for r in rows
    ]
    heading = html.Div(note, className="vl-note") if note else None
    return html.Div(className="value-list", children=[heading, html.Ul(items)])


def register(app: Dash) -> None:
    @app.callback(
        Output(ids.COUNTY_DETAIL, "children"),
        Input(ids.COUNTY_SELECT, "value"),
        Input(ids.INDICATOR_SELECT, "value"),
        Input(ids.REGION_SELECT, "value"),
        Input(ids.LANG_STORE, "data"),
        State(ids.DATA_REVISION, "data"),
    )
    def show_detail(counties: list[str] | None, indicator: str | None, region: str | None, lang: str, data: dict):
        if not indicator or not region:
            return no_update
        rev = shown_revision(data)
        dataset, geo = get_dataset(rev), get_geo()
        view = view_for(geo, region)
        focus = (counties or [None])[0] or view.own_region
        if focus is None:
            return html.P(t("drilldown_hint", lang), className="hint")
        unit = geo.regions[focus]
        parent = view.own_region if view.own_region and view.own_region != focus else None
        series = [c for c in dict.fromkeys([focus, *(counties or [])[1:]]) if c != parent]
        ind = dataset.indicators.loc[indicator]
        title = f"{unit.name(lang)} · {ind['name_zh'] if lang == 'zh' else ind['name_en']}"
        ranked = value_rows(dataset, indicator, view.units)["region"].nunique()
        ranking = (
            dcc.Graph(id=ids.RANKING_CHART, config=GRAPH_CONFIG, className="ranking-graph") if ranked > 1 else None
        )
        own = [r for r in cache.unit_indicator_rows(rev, focus, lang) if r["indicator_id"] == indicator]
        listed, note = own, None
        if not own and parent:  # no county figure in the plan: show the region's own
            listed = [r for r in cache.unit_indicator_rows(rev, parent, lang) if r["indicator_id"] == indicator]
            note = f"{t('no_breakdown', lang)} · {geo.regions[parent].name(lang)}"
        return [
            html.H2(title, className="detail-title"),
            value_list(listed, note, lang),
            dcc.Graph(
                id=ids.DETAIL_CHART,
                figure=cache.time_chart(rev, indicator, tuple(series), parent, lang, t("time_chart", lang)),
                config=GRAPH_CONFIG,
                className="detail-graph",
            ),
            ranking,
            html.H3(t("all_indicators", lang) + f" · {unit.name(lang)}"),
            indicator_table(cache.unit_indicator_rows(rev, focus, lang), lang),
        ]

    @app.callback(
        Output(ids.RANKING_CHART, "figure"),
        Input(ids.YEAR_SLIDER, "value"),
        Input(ids.COUNTY_SELECT, "value"),
        Input(ids.DETAIL_CHART, "id"),
        State(ids.MAP_STATE, "data"),
        State(ids.LANG_STORE, "data"),
        State(ids.DATA_REVISION, "data"),
    )
    def show_ranking(index: int | None, counties: list[str] | None, _chart: str, state: dict, lang: str, data: dict):
        years = (state or {}).get("years") or []
        if index is None or not (0 <= index < len(years)):
            return no_update
        year = int(years[index])
        units = tuple(view_for(get_geo(), state["region"]).units)
        title = t("ranking", lang, year=year)
        return cache.ranking_chart(
            shown_revision(data), state["indicator"], units, year, tuple(counties or []), lang, title
        )
