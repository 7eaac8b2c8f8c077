"""Client-side callbacks (assets/*.js, one namespace per file): restyle on year change (map_style.js), the view's
switch, play, URL and export links, copy link (view_sync.js), the accessibility helpers (page_a11y.js: the play
button's name, the keyboard's list of the map's units) and the phone flag (phone.js).

Each callback is one row of CALLBACKS: its function, what it writes, what triggers it and what it reads, each as
{element id: "its props"} in the order of the function's arguments and results."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from dash import ClientsideFunction, Dash, Input, Output, State

from layouts import ids


class Clientside(NamedTuple):
    namespace: str  # the file's: window.dash_clientside[namespace] (assets/<file>.js water.clientside)
    function: str
    outputs: Mapping[str, str]
    inputs: Mapping[str, str]
    states: Mapping[str, str] = {}
    initial: bool = True  # runs when the page is drawn (prevent_initial_call=False)
    duplicate: bool = False  # its outputs are also written by other callbacks (allow_duplicate)


# fmt: off
CALLBACKS = (
    # A year change never reaches the server: the hideout already holds every year's classes. Nor does the
    # 目标值 | 完成情况 switch: the map state holds the progress view too (MAP_STATE["progress"]).
    Clientside("water_map", "restyle",
               {ids.MAP_UNITS: "hideout", ids.HEADLINE: "children className", ids.PROGRESS_LEGEND: "children hidden",
                ids.MAP_LEGEND: "className"},
               {ids.YEAR_SLIDER: "value", ids.MAP_STATE: "data", ids.COUNTY_SELECT: "value",
                ids.MAP_MODE_VALUE: "data"}),
    Clientside("water_view", "chooseMode", {ids.MAP_MODE_VALUE: "data", ids.YEAR_SLIDER: "max marks value"},
               {ids.MAP_MODE_TARGETS: "n_clicks", ids.MAP_MODE_PROGRESS: "n_clicks"},
               {ids.MAP_MODE_VALUE: "data", ids.MAP_STATE: "data", ids.YEAR_SLIDER: "value"},
               initial=False, duplicate=True),
    Clientside("water_view", "showMode",
               {ids.MAP_MODE_TARGETS: "aria-checked tabIndex", ids.MAP_MODE_PROGRESS: "aria-checked tabIndex"},
               {ids.MAP_MODE_VALUE: "data"}),
    Clientside("water_view", "togglePlay", {ids.PLAY_INTERVAL: "disabled", ids.PLAY_BUTTON: "children aria-pressed"},
               {ids.PLAY_BUTTON: "n_clicks"}, {ids.PLAY_INTERVAL: "disabled"}, initial=False),
    Clientside("water_view", "step", {ids.YEAR_SLIDER: "value"}, {ids.PLAY_INTERVAL: "n_intervals"},
               {ids.YEAR_SLIDER: "value max"}, initial=False, duplicate=True),
    # The URL, once it is not the one the layout was built from (back, forward): callbacks/view.py restore_from_url.
    Clientside("water_view", "urlChanged", {ids.URL_CHANGE: "data"}, {ids.URL: "search"}, {ids.LAYOUT_QUERY: "data"}),
    # The view, reflected outwards: the address bar (a link reopens it) and the export links.
    Clientside("water_view", "syncView", {ids.URL_SYNC: "data"},
               {ids.REGION_SELECT: "value", ids.INDICATOR_SELECT: "value", ids.YEAR_SLIDER: "value",
                ids.COUNTY_SELECT: "value", ids.LANG_STORE: "data", ids.MAP_STATE: "data", ids.DATA_REVISION: "data",
                ids.MAP_MODE_VALUE: "data"}),
    # A copied link pins the data version, so it shows the same figures after later imports.
    Clientside("water_view", "copyLink", {ids.COPY_LINK: "className"}, {ids.COPY_LINK: "n_clicks"},
               {ids.DATA_REVISION: "data"}, initial=False),
    # Accessibility: the play button's name in the page's language (and the texts the scripts write), and the
    # unit list, the keyboard's way to open a unit of the map (drawn as plain DOM: its output is never updated).
    Clientside("water_a11y", "labelPlay", {ids.PLAY_BUTTON: "aria-label title"},
               {ids.LANG_STORE: "data", ids.A11Y_TEXTS: "data"}),
    Clientside("water_a11y", "unitButtons", {ids.MAP_UNIT_BUTTONS: "className"},
               {ids.COUNTY_SELECT: "options value", ids.MAP_UNITS: "hideout"}),
    # Phones: the flag callbacks/view.py click_unit reads, set when the page is drawn (the map's id never changes);
    # assets/phone.js sets it again when the width crosses 600 px.
    Clientside("water_phone", "phoneMode", {ids.PHONE_MODE: "data"}, {ids.MAP: "id"}),
)
# fmt: on


def props(spec: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(element id, prop) pairs of {element id: "prop prop …"}, in order."""
    return ((element, prop) for element, names in spec.items() for prop in names.split())


def register(app: Dash) -> None:
    for cb in CALLBACKS:
        app.clientside_callback(
            ClientsideFunction(namespace=cb.namespace, function_name=cb.function),
            *(Output(i, p, allow_duplicate=cb.duplicate) for i, p in props(cb.outputs)),
            *(Input(i, p) for i, p in props(cb.inputs)),
            *(State(i, p) for i, p in props(cb.states)),
            prevent_initial_call=not cb.initial,
        )
