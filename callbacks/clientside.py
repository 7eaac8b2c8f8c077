"""Client-side callbacks (assets/dashboard.js): restyle on year change, play, URL and export links, copy link, and
the accessibility helpers (the play button's name, the keyboard's list of the map's units)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from layouts import ids


def _fn(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="water", function_name=name)


def register(app: Dash) -> None:
    # A year change never reaches the server: the hideout already holds every year's classes. Nor does the
    # 目标值 | 完成情况 switch: the map state holds the progress view too (MAP_STATE["progress"]).
    app.clientside_callback(
        _fn("restyle"),
        Output(ids.MAP_UNITS, "hideout"),
        Output(ids.HEADLINE, "children"),
        Output(ids.HEADLINE, "className"),
        Output(ids.PROGRESS_LEGEND, "children"),
        Output(ids.PROGRESS_LEGEND, "hidden"),
        Input(ids.YEAR_SLIDER, "value"),
        Input(ids.MAP_STATE, "data"),
        Input(ids.COUNTY_SELECT, "value"),
        Input(ids.MAP_MODE_VALUE, "data"),
    )
    app.clientside_callback(
        _fn("chooseMode"),
        Output(ids.MAP_MODE_VALUE, "data", allow_duplicate=True),
        Output(ids.YEAR_SLIDER, "max", allow_duplicate=True),
        Output(ids.YEAR_SLIDER, "marks", allow_duplicate=True),
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Input(ids.MAP_MODE_TARGETS, "n_clicks"),
        Input(ids.MAP_MODE_PROGRESS, "n_clicks"),
        State(ids.MAP_MODE_VALUE, "data"),
        State(ids.MAP_STATE, "data"),
        State(ids.YEAR_SLIDER, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("showMode"),
        Output(ids.MAP_MODE_TARGETS, "aria-checked"),
        Output(ids.MAP_MODE_PROGRESS, "aria-checked"),
        Output(ids.MAP_MODE_TARGETS, "tabIndex"),
        Output(ids.MAP_MODE_PROGRESS, "tabIndex"),
        Input(ids.MAP_MODE_VALUE, "data"),
    )
    app.clientside_callback(
        _fn("togglePlay"),
        Output(ids.PLAY_INTERVAL, "disabled"),
        Output(ids.PLAY_BUTTON, "children"),
        Output(ids.PLAY_BUTTON, "aria-pressed"),
        Input(ids.PLAY_BUTTON, "n_clicks"),
        State(ids.PLAY_INTERVAL, "disabled"),
        prevent_initial_call=True,
    )
    # Accessibility: the play button's name in the page's language (and the texts assets/dashboard.js writes), and
    # the unit list, the keyboard's way to open a unit of the map.
    app.clientside_callback(
        _fn("labelPlay"),
        Output(ids.PLAY_BUTTON, "aria-label"),
        Output(ids.PLAY_BUTTON, "title"),
        Input(ids.LANG_STORE, "data"),
        Input(ids.A11Y_TEXTS, "data"),
    )
    app.clientside_callback(
        _fn("unitButtons"),  # draws the buttons itself (plain DOM): the output is never updated
        Output(ids.MAP_UNIT_BUTTONS, "className"),
        Input(ids.COUNTY_SELECT, "options"),
        Input(ids.COUNTY_SELECT, "value"),
        Input(ids.MAP_UNITS, "hideout"),
    )
    app.clientside_callback(
        _fn("step"),
        Output(ids.YEAR_SLIDER, "value", allow_duplicate=True),
        Input(ids.PLAY_INTERVAL, "n_intervals"),
        State(ids.YEAR_SLIDER, "value"),
        State(ids.YEAR_SLIDER, "max"),
        prevent_initial_call=True,
    )
    # The view, reflected outwards: the address bar (a link reopens it) and the export links.
    app.clientside_callback(
        _fn("syncView"),
        Output(ids.URL_SYNC, "data"),
        Input(ids.REGION_SELECT, "value"),
        Input(ids.INDICATOR_SELECT, "value"),
        Input(ids.YEAR_SLIDER, "value"),
        Input(ids.COUNTY_SELECT, "value"),
        Input(ids.LANG_STORE, "data"),
        Input(ids.MAP_STATE, "data"),
        Input(ids.DATA_REVISION, "data"),
        Input(ids.MAP_MODE_VALUE, "data"),
        prevent_initial_call=True,
    )
    # A copied link pins the data version, so it shows the same figures after later imports.
    app.clientside_callback(
        _fn("copyLink"),
        Output(ids.COPY_LINK, "className"),
        Input(ids.COPY_LINK, "n_clicks"),
        State(ids.DATA_REVISION, "data"),
        prevent_initial_call=True,
    )
