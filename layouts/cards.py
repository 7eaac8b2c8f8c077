"""The table cards under the map: the data table and 完成情况一览 (dash-ag-grid, created when scrolled into view)."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from water_targets.data import demo_marker
from water_targets.i18n import DEFAULT_LANG, t

from . import ids

GRID_OPTIONS = {"animateRows": False, "domLayout": "autoHeight", "pagination": True, "paginationPageSize": 20}


def _empty_grid(grid_id: str, options: dict, **extra: object) -> dag.AgGrid:
    """A card's grid, sortable and filterable, without columns or rows (its callback fills them)."""
    return dag.AgGrid(
        id=grid_id,
        rowData=[],
        columnDefs=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": True},
        dashGridOptions=options,
        className="ag-theme-alpine",
        style={"width": "100%"},
        **extra,
    )


def data_grid() -> dag.AgGrid:
    csv_params = {"fileName": "water-targets.csv"}
    if marker := demo_marker(DEFAULT_LANG):
        csv_params["prependContent"] = marker  # demo mode: the downloaded CSV starts with 演示数据 · 非官方统计
    return _empty_grid(ids.DATA_TABLE, GRID_OPTIONS, csvExportParams=csv_params)


def table_card(lang: str) -> html.Section:
    # The grid (and its 200 KB of JavaScript) is created when the card scrolls into view: see
    # assets/view_sync.js, which sets TABLE_VISIBLE.
    return html.Section(
        id=ids.TABLE_CARD,
        className="card table-card",
        tabIndex="-1",  # the target of the skip link past the drill-down's charts
        **{"aria-labelledby": "label-table"},
        children=[
            html.Div(
                className="card-head",
                children=[
                    html.H2(t("data_table", lang), id="label-table"),
                    html.Button(t("download_csv", lang), id=ids.DOWNLOAD_CSV, className="btn", n_clicks=0),
                ],
            ),
            dcc.Store(id=ids.TABLE_VISIBLE, data=False),
            html.Div(id=ids.TABLE_SLOT, className="table-slot"),
        ],
    )


PROGRESS_GRID_OPTIONS = {**GRID_OPTIONS, "tooltipShowDelay": 300}


def progress_grid() -> dag.AgGrid:
    """The 完成情况一览 grid (columns and rows come from callbacks/progress_table.py)."""
    return _empty_grid(ids.PROGRESS_TABLE, PROGRESS_GRID_OPTIONS)


def progress_card(lang: str) -> html.Section:
    """完成情况一览: unit × indicator → latest actual, target, gap, status; filtered by status (the checklist)
    and region (the page's region control). The grid is created with the data table's (TABLE_VISIBLE)."""
    return html.Section(
        className="card table-card progress-card",
        **{"aria-labelledby": "label-progress"},
        children=[
            html.Div(
                className="card-head",
                children=[
                    html.H2(t("progress_table", lang), id="label-progress"),
                    html.A(
                        t("progress_download_xlsx", lang),
                        id=ids.PROGRESS_XLSX,
                        href="/export/progress.xlsx",
                        download="",
                        className="btn",
                    ),
                ],
            ),
            html.P(t("progress_hint", lang), id="progress-hint", className="hint"),
            html.Fieldset(
                className="progress-filter",
                children=[
                    html.Legend(t("progress_status_filter", lang), id="label-progress-status"),
                    dcc.Checklist(
                        id=ids.PROGRESS_STATUS,
                        options=[],
                        value=[],
                        className="status-checklist",
                        inputClassName="status-check",
                        labelClassName="status-option",
                    ),
                    html.Span(id=ids.PROGRESS_COUNT, className="progress-count", role="status"),
                ],
            ),
            html.Div(id=ids.PROGRESS_SLOT, className="table-slot"),
        ],
    )
