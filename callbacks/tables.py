"""Table callbacks: the data grid behind the view, and a region's allocation tables with sum checks."""

from __future__ import annotations

from functools import lru_cache

from dash import Dash, Input, Output, State, html, no_update

from callbacks import initial
from callbacks.view import grid_options, grid_outputs, page_view, register_lazy_grid, shown_revision, view_controls
from layouts import ids
from layouts.cards import GRID_OPTIONS, data_grid
from water_targets import cached as cache
from water_targets.choropleth import OVERVIEW
from water_targets.data import get_dataset, get_geo
from water_targets.i18n import t
from water_targets.tables import allocation_tables

PRINTED = "params.data.value_text"


def column_defs(lang: str) -> list[dict]:
    """Grid columns; the value column sorts by number and shows (and exports) the printed digits."""

    def col(field: str, key: str, width: int, **extra) -> dict:
        return {"field": field, "headerName": t(key, lang), "minWidth": width, "flex": 1, **extra}

    return [
        col("region", "county", 150),
        col("indicator", "indicator", 170),
        col("year", "year", 90, filter="agNumberColumnFilter", sort="desc"),
        col("comparator", "comparator", 80),
        col("value", "value", 110, filter="agNumberColumnFilter", valueFormatter={"function": PRINTED}),
        col("unit", "unit", 100),
        col("baseline_year", "baseline_year", 120),
        col("qualifier", "qualifier", 120),
        col("source", "source", 320),
    ]


def allocation_block(table: dict, lang: str) -> list:
    """One allocation table: its sum checks, the table (the parent's row first) and its source."""
    head = html.Tr(
        [html.Th(t("county", lang))]
        + [html.Th([c["name"], html.Br(), html.Small(c["unit"])]) for c in table["columns"]]
    )
    rows = [
        html.Tr(
            className="city-row" if r["adcode"] == table["parent"] else "",
            children=[html.Td(r["name"])] + [html.Td(r["cells"][c["id"]]) for c in table["columns"]],
        )
        for r in table["rows"]
    ]
    checks = []
    for ind_id, check in table["checks"].items():
        if check is None:
            continue
        name = next(c["name"] for c in table["columns"] if c["id"] == ind_id)
        ok = check["consistent"]
        checks.append(
            html.Li(
                className="ok" if ok else "bad",
                children=[
                    html.Strong(name),
                    f" · {t('allocation_sum', lang)} {check['sum']:g}",
                    f" · {t('allocation_target', lang)} {check['target_text']}",
                    f" · {t('allocation_diff', lang)} {check['difference']:+.4g} · ",
                    html.Span(t("allocation_ok" if ok else "allocation_bad", lang)),
                ],
            )
        )
    return [
        html.H2(table["title"] + (f"（{table['year']}）" if lang == "zh" else f" ({table['year']})")),
        html.Ul(checks, className="allocation-checks"),
        html.Div(
            className="table-scroll",
            children=html.Table(className="allocation-table", children=[html.Thead(head), html.Tbody(rows)]),
        ),
        html.P(table["source"], className="source"),
    ]


@lru_cache(maxsize=64)
def allocation_view(rev: int, parent: str, lang: str) -> list:
    """Every allocation of the parent at a data revision (empty when its units have no targets of their own)."""
    tables = allocation_tables(get_dataset(rev), get_geo(), parent, lang)
    return [part for table in tables for part in allocation_block(table, lang)]


def fill_table(region: str | None, indicator: str | None, lang: str, _grid: str, data: dict | None) -> dict:
    view = page_view(region, indicator, lang, data)
    if view is None:
        return no_update
    rows = cache.view_rows(view.rev, view.region, view.indicator, lang)
    return {"rows": rows, "columns": column_defs(lang), "options": grid_options(GRID_OPTIONS, lang)}


def show_allocation(region: str | None, lang: str, data: dict | None) -> dict:
    blocks = allocation_view(shown_revision(data), region, lang) if region and region != OVERVIEW else []
    return {"children": blocks, "style": {} if blocks else {"display": "none"}}


def export_csv(_clicks: int, grid) -> dict:
    # Before the grid exists (card not scrolled into view yet) the click creates it first.
    return {"export": True, "create": no_update} if grid else {"export": no_update, "create": True}


def register(app: Dash) -> None:
    register_lazy_grid(app, ids.TABLE_SLOT, data_grid)

    app.callback(
        output=grid_outputs(ids.DATA_TABLE),
        inputs={**view_controls(), "_grid": Input(ids.DATA_TABLE, "id")},  # the id fires when the grid is created
    )(fill_table)

    initial.register(
        app,
        show_allocation,
        output={"children": Output(ids.ALLOCATION, "children"), "style": Output(ids.ALLOCATION, "style")},
        inputs=view_controls(indicator=False),
    )

    app.callback(
        output={
            "export": Output(ids.DATA_TABLE, "exportDataAsCsv"),
            "create": Output(ids.TABLE_VISIBLE, "data", allow_duplicate=True),
        },
        inputs={"_clicks": Input(ids.DOWNLOAD_CSV, "n_clicks"), "grid": State(ids.TABLE_SLOT, "children")},
        prevent_initial_call=True,
    )(export_csv)
