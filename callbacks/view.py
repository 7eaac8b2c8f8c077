"""View callbacks: URL -> controls, language, and the map state for a region + indicator.

Also what every callbacks module shares: `view_controls`, the controls a view is read from as one group of a
flexible callback signature, and `page_view`, the View of their values. Callbacks of several outputs name them
(a dict `output=`) and return a dict of the same keys, or `no_update` for all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, no_update
from dash.dependencies import DashDependency
from dash.development.base_component import Component

from callbacks import initial
from layouts import ids
from layouts.legend import map_legend
from layouts.page import boundary_url, components_by_id, context_query, data_version_banner
from water_targets import cached as cache
from water_targets.choropleth import OVERVIEW, view_for
from water_targets.controls import county_options, shown_year, slider_years, year_at, year_index, year_marks
from water_targets.data import demo_marker, get_dataset, get_geo, head_revision
from water_targets.i18n import DEFAULT_LANG, GRID_LOCALE_ZH, LANGS, dropdown_labels, t
from water_targets.regions import subtitle
from water_targets.urlstate import MAX_COUNTIES
from water_targets.view_snapshot import url_controls
from water_targets.view_state import TARGETS, View

LABEL_IDS = list(ids.LABELS)


def shown_revision(data: dict | None) -> int:
    """The data version of the page (kept in DATA_REVISION); the latest before the URL has been read."""
    return int(data["rev"]) if data and data.get("rev") else head_revision()


def page_view(
    region: str | None, indicator: str | None, lang: str, data: dict | None, mode: str | None = None
) -> View | None:
    """The View of the page's controls at the page's data version (no year: the slider's is the browser's);
    None until a region and an indicator are chosen."""
    if not region or not indicator:
        return None
    return View(region, indicator, None, lang, mode or TARGETS, shown_revision(data))


def view_controls(
    changes: type[DashDependency] = Input, data: type[DashDependency] = State, indicator: bool = True
) -> dict[str, DashDependency]:
    """The controls a view is read from, as keyword arguments of a callback (`inputs=`): `region`, `indicator`
    (unless left out) and `lang` as `changes` (Input: the callback runs when they change; or State), and the
    page's data version as `data`."""
    controls = {"region": changes(ids.REGION_SELECT, "value")}
    if indicator:
        controls["indicator"] = changes(ids.INDICATOR_SELECT, "value")
    return {**controls, "lang": changes(ids.LANG_STORE, "data"), "data": data(ids.DATA_REVISION, "data")}


def grid_outputs(grid: str) -> dict[str, Output]:
    """A data grid's rows, columns and options, as named outputs."""
    return {
        "rows": Output(grid, "rowData"),
        "columns": Output(grid, "columnDefs"),
        "options": Output(grid, "dashGridOptions"),
    }


def register_lazy_grid(app: Dash, slot: str, make: Callable[[], Component]) -> None:
    """Create a grid (`make()`) in `slot` once its card has come into view (TABLE_VISIBLE, set in the browser): a
    page never scrolled that far never builds it."""

    def create_grid(visible: bool) -> Component:
        return make() if visible else no_update

    app.callback(Output(slot, "children"), Input(ids.TABLE_VISIBLE, "data"), prevent_initial_call=True)(create_grid)


def grid_options(base: dict, lang: str) -> dict:
    """A grid's options with the words of its menus in the language."""
    return {**base, "localeText": GRID_LOCALE_ZH if lang == "zh" else {}}


def restore_from_url(search: str | None) -> dict:
    """The controls a changed URL asks for (back, forward, a pasted link): water_targets/view_snapshot.py
    url_controls. Not at the page's load: the layout is built from the URL (layouts/page.py build_layout)."""
    return url_controls(search or "")


def show_data_version(data: dict | None, lang: str) -> dict:
    if not data:
        return no_update
    children, css = data_version_banner(data["rev"], head_revision(), lang)
    return {"children": children, "css": css}


def show_demo_banner(lang: str) -> dict:
    return {"children": demo_marker(lang), "title": t("demo_hint", lang)}


def toggle_language(_clicks: int, lang: str) -> str:
    return LANGS[(LANGS.index(lang) + 1) % len(LANGS)]


def apply_language(lang: str, data: dict | None) -> list[str]:
    places = subtitle(get_dataset(shown_revision(data)), get_geo(), lang)  # the plan regions of the data
    labels = dropdown_labels(lang)
    return [t(ids.LABELS[i], lang) for i in LABEL_IDS] + [places, t("counties_placeholder", lang)] + [labels] * 3


# What update_map sets, by its result's keys: (element id, prop). Also filled in the layout for the URL's view.
MAP_OUTPUTS = {
    "state": (ids.MAP_STATE, "data"),
    "boundaries": (ids.MAP_UNITS, "url"),
    "legend": (ids.MAP_LEGEND, "children"),
    "slider_max": (ids.YEAR_SLIDER, "max"),
    "slider_marks": (ids.YEAR_SLIDER, "marks"),
    "slider": (ids.YEAR_SLIDER, "value"),
    "region_options": (ids.REGION_SELECT, "options"),
    "indicator_options": (ids.INDICATOR_SELECT, "options"),
    "county_options": (ids.COUNTY_SELECT, "options"),
    "counties": (ids.COUNTY_SELECT, "value"),
    "request": (ids.VIEW_REQUEST, "data"),
    "inset": (ids.MAP_INSET, "style"),
    "inset_background": (ids.MAP_INSET_BACKGROUND, "url"),
}


def with_map(tree: Component) -> Component:
    """The layout with update_map's outputs for its own view filled in (the map state, the map's boundaries, the
    slider, the menus, the legend): the page's map needs no callback round trip before it is drawn."""
    found = components_by_id(tree)
    out = update_map(
        found[ids.REGION_SELECT].value,
        found[ids.INDICATOR_SELECT].value,
        found[ids.LANG_STORE].data,
        None,
        None,
        None,
        found[ids.VIEW_REQUEST].data,
        found[ids.DATA_REVISION].data,
        found[ids.MAP_MODE_VALUE].data,
    )
    if out is no_update:
        return tree
    for key, (element_id, prop) in MAP_OUTPUTS.items():
        if out[key] is not no_update:
            setattr(found[element_id], prop, out[key])
    return tree


def update_map(
    region: str | None,
    indicator: str | None,
    lang: str,
    slider: int,
    previous: dict,
    counties: list[str],
    requested: dict | None,
    data: dict | None,
    mode: str | None,
) -> dict:
    view = page_view(region, indicator, lang, data, mode)
    if view is None:
        return no_update
    geo, rev = get_geo(), view.rev
    state = cache.browser_map_state(rev, region, indicator, lang)
    years = [int(y) for y in slider_years(state, mode)]
    if requested:  # year and counties asked for by the URL, used once
        wanted, counties = requested["year"], requested["counties"]
    else:
        old_years = slider_years(previous or {}, mode)
        old_year = year_at(old_years, slider)
        wanted = int(old_year) if old_year else None
    year = shown_year(state, mode, wanted)
    index = year_index(years, year)
    dataset = get_dataset(rev)
    units = view_for(dataset, geo, region)
    allowed = set(units.units)
    return {
        "state": state,
        "boundaries": boundary_url(units.boundary_query, rev),
        "legend": map_legend(cache.map_state(rev, region, indicator, lang)),
        "slider_max": max(len(years) - 1, 0),
        "slider_marks": year_marks(slider_years(state, mode)),
        "slider": index,
        "region_options": cache.region_options(rev, lang),
        "indicator_options": cache.indicator_options(rev, region, lang),
        "county_options": county_options(dataset, geo, region, lang),
        "counties": [c for c in (counties or []) if c in allowed],
        "request": None,
        "inset": {} if region == OVERVIEW else {"display": "none"},
        # the inset's background, fetched when the overview first shows it (the main map's request is cached)
        "inset_background": context_query(rev) if region == OVERVIEW else no_update,
    }


def click_unit(
    _clicks: int, feature: dict | None, selected: list[str], options: list[dict], phone: bool | None = False
):
    """A click on the map adds the unit to the comparison; a tap on a phone (PHONE_MODE, set by assets/phone.js)
    replaces the selection, so the drill-down shows the tapped unit alone."""
    code = ((feature or {}).get("properties") or {}).get("adcode")
    if not code or code not in {o["value"] for o in options or []}:
        return no_update
    if phone:
        return [code]
    # The clicked unit goes first: it is the one the drill-down shows.
    return [code, *[c for c in (selected or []) if c != code]][:MAX_COUNTIES]


def register(app: Dash) -> None:
    app.callback(
        output={
            "region": Output(ids.REGION_SELECT, "value"),
            "indicator": Output(ids.INDICATOR_SELECT, "value"),
            "lang": Output(ids.LANG_STORE, "data", allow_duplicate=True),
            "notice": Output(ids.NOTICE, "children"),
            "request": Output(ids.VIEW_REQUEST, "data"),
            "revision": Output(ids.DATA_REVISION, "data"),
            "mode": Output(ids.MAP_MODE_VALUE, "data"),
        },
        inputs={"search": Input(ids.URL_CHANGE, "data")},
        prevent_initial_call=True,
    )(restore_from_url)

    initial.register(
        app,
        show_data_version,
        output={"children": Output(ids.DATA_VERSION, "children"), "css": Output(ids.DATA_VERSION, "className")},
        inputs={"data": Input(ids.DATA_REVISION, "data"), "lang": Input(ids.LANG_STORE, "data")},
    )

    if demo_marker(DEFAULT_LANG):  # demo mode only (`make demo`): the layout has the banner
        initial.register(
            app,
            show_demo_banner,
            output={"children": Output(ids.DEMO_BANNER, "children"), "title": Output(ids.DEMO_BANNER, "title")},
            inputs={"lang": Input(ids.LANG_STORE, "data")},
        )

    app.callback(
        Output(ids.LANG_STORE, "data"),
        Input(ids.LANG_TOGGLE, "n_clicks"),
        State(ids.LANG_STORE, "data"),
        prevent_initial_call=True,
    )(toggle_language)

    initial.register(
        app,
        apply_language,
        output=[Output(i, "children") for i in LABEL_IDS]
        + [Output(ids.SUBTITLE, "children"), Output(ids.COUNTY_SELECT, "placeholder")]
        + [Output(i, "labels") for i in (ids.REGION_SELECT, ids.INDICATOR_SELECT, ids.COUNTY_SELECT)],
        inputs={"lang": Input(ids.LANG_STORE, "data"), "data": State(ids.DATA_REVISION, "data")},
    )

    app.callback(
        output={key: Output(*target, allow_duplicate=key == "request") for key, target in MAP_OUTPUTS.items()},
        inputs={
            **view_controls(),
            "slider": State(ids.YEAR_SLIDER, "value"),
            "previous": State(ids.MAP_STATE, "data"),
            "counties": State(ids.COUNTY_SELECT, "value"),
            "requested": State(ids.VIEW_REQUEST, "data"),
            "mode": State(ids.MAP_MODE_VALUE, "data"),
        },
        prevent_initial_call=True,  # not at the page's load: the layout holds its outputs (app.py first_view_layout)
    )(update_map)

    app.callback(
        Output(ids.COUNTY_SELECT, "value", allow_duplicate=True),
        inputs={
            "_clicks": Input(ids.MAP_UNITS, "n_clicks"),
            "feature": State(ids.MAP_UNITS, "clickData"),
            "selected": State(ids.COUNTY_SELECT, "value"),
            "options": State(ids.COUNTY_SELECT, "options"),
            "phone": State(ids.PHONE_MODE, "data"),
        },
        prevent_initial_call=True,
    )(click_unit)
