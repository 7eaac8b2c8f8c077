"""The dashboard page: header, control bar, map with legend, drill-down panel, allocation view, data table."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html
from dash.development.base_component import Component
from flask import has_request_context, request

from water_targets import cached
from water_targets.choropleth import OVERVIEW, OVERVIEW_PARAM
from water_targets.classes import BACKGROUND_STYLES, CONTEXT, SPECIAL_STYLES
from water_targets.data import demo_marker, get_dataset, get_geo, head_revision, revision_info, version_text
from water_targets.i18n import DEFAULT_LANG, LANGS, PLOTLY_LOCALE, PLOTLY_WORDS_ZH, dropdown_labels, t
from water_targets.regions import context_units, subtitle
from water_targets.settings import SETTINGS
from water_targets.view_snapshot import url_controls
from water_targets.view_state import PROGRESS, TARGETS

from . import ids
from .cards import progress_card, table_card

SEARCHABLE_REGIONS = 20  # a region menu longer than this can be searched
# A map that shows and never moves (the South China Sea inset): every way to pan or zoom it turned off.
STILL_MAP = dict.fromkeys(
    ("zoomControl", "dragging", "scrollWheelZoom", "doubleClickZoom", "boxZoom", "keyboard", "touchZoom"), False
)


def context_query(rev: int) -> str:
    """Boundaries of the map's background: China and the provinces of the plan regions at this revision, coarse
    (outlines under the units: 14 KB brotli instead of 57 KB, a quarter second on a slow phone)."""
    return "/api/v1/boundaries?adcode=" + ",".join(context_units(get_dataset(rev), get_geo())) + "&detail=coarse"


def boundary_url(query: str, rev: int) -> str:
    """The map's geometry; the overview of many plan regions (`overview=plans`, named by the server) is pinned to
    the data revision, so that the answer for a revision is cached for good and the next revision asks anew."""
    if query.startswith(f"{OVERVIEW_PARAM}="):
        query += f"&asof={rev}"
    return f"/api/v1/boundaries?{query}"


def js(name: str) -> dict:
    """A function of window.waterMap (assets/map_style.js), referred to as dash-leaflet expects for functional props."""
    return {"variable": f"waterMap.{name}"}


def _label(element_id: str, lang: str, control: str | None = None) -> html.Label:
    """A control's visible label; `control` ties it to a dcc.Dropdown's button (assets/page_a11y.js also puts the
    label into the button's aria-labelledby, which otherwise names only the chosen value)."""
    return html.Label(t(ids.LABELS[element_id], lang), id=element_id, className="control-label", htmlFor=control)


def _dropdown_control(name: str, lang: str, dropdown_id: str, **props: object) -> html.Div:
    """One of the controls above the map: its label (label-<name>) and its dropdown in the page's language."""
    return html.Div(
        className=f"control control-{name}",
        children=[
            _label(f"label-{name}", lang, dropdown_id),
            dcc.Dropdown(id=dropdown_id, labels=dropdown_labels(lang), **props),
        ],
    )


def sr_only(element_id: str, lang: str, tag: type = html.Span) -> Component:
    """A landmark's name for screen readers (rewritten with the language: ids.LABELS)."""
    return tag(t(ids.LABELS[element_id], lang), id=element_id, className="sr-only")


def export_menu(lang: str) -> html.Details:
    """Downloads of the current view; assets/view_sync.js keeps each link's query in step with the view."""
    links = [
        html.A(
            t(key, lang),
            id=link_id,
            href=f"/export/{path}",
            download="",
            className="export-link",
            **{"data-path": path, "data-extra": extra},
        )
        for link_id, (path, extra, key) in ids.EXPORT_LINKS.items()
    ]
    return html.Details(
        id=ids.EXPORT_MENU,
        className="export-menu",
        children=[
            html.Summary(t("export", lang), id=ids.EXPORT_SUMMARY, className="btn"),
            html.Div(links, className="export-items"),
        ],
    )


def header(rev: int, lang: str) -> html.Header:
    return html.Header(
        className="app-header",
        children=[
            html.Div(
                className="brand",
                children=[
                    html.H1(t("title", lang), id=ids.TITLE),
                    html.P(subtitle(get_dataset(rev), get_geo(), lang), id=ids.SUBTITLE),
                ],
            ),
            html.Div(
                className="header-actions",
                children=[
                    html.Button(t("copy_link", lang), id=ids.COPY_LINK, className="btn btn-ghost"),
                    export_menu(lang),
                    html.Button(t("lang_toggle", lang), id=ids.LANG_TOGGLE, className="btn btn-ghost", n_clicks=0),
                    # Staff keep the data there (signing in first when they are not).
                    html.A(t("staff_link", lang), id=ids.STAFF_LINK, href="/admin/", className="btn btn-ghost"),
                ],
            ),
        ],
    )


def controls(rev: int, lang: str) -> html.Section:
    return html.Section(
        className="controls",
        **{"aria-labelledby": "label-controls"},
        children=[
            sr_only("label-controls", lang, html.H2),
            _dropdown_control(
                "region",
                lang,
                ids.REGION_SELECT,
                clearable=False,
                # a long menu (hundreds or thousands of plan regions) is searched by name
                searchable=len(cached.region_options(rev, lang)) > SEARCHABLE_REGIONS,
                options=cached.region_options(rev, lang),
                value=None,
            ),
            _dropdown_control(
                "indicator",
                lang,
                ids.INDICATOR_SELECT,
                clearable=False,
                value=None,
                optionHeight=34,
                maxHeight=420,
                options=cached.indicator_options(rev, OVERVIEW, lang),
            ),
            html.Div(
                className="control control-year",
                children=[
                    _label("label-year", lang),
                    html.Div(
                        className="year-row",
                        children=[
                            html.Button(
                                "▶",
                                id=ids.PLAY_BUTTON,
                                type="button",
                                className="btn btn-play",
                                n_clicks=0,
                                title=t("play_years", lang),
                                **{"aria-label": t("play_years", lang), "aria-pressed": "false"},
                            ),
                            html.Div(
                                className="slider-wrap",
                                children=[
                                    dcc.Slider(
                                        id=ids.YEAR_SLIDER,
                                        min=0,
                                        max=0,
                                        step=1,
                                        value=0,
                                        marks={0: ""},
                                        included=False,
                                        allow_direct_input=False,
                                        updatemode="drag",
                                    ),
                                ],
                            ),
                        ],
                    ),
                    dcc.Interval(id=ids.PLAY_INTERVAL, interval=1200, disabled=True),
                ],
            ),
            _dropdown_control(
                "counties",
                lang,
                ids.COUNTY_SELECT,
                multi=True,
                options=[],
                value=[],
                placeholder=t("counties_placeholder", lang),
            ),
        ],
    )


def map_card(rev: int, lang: str = DEFAULT_LANG) -> html.Section:
    layers = []
    if SETTINGS.tile_url:
        layers.append(dl.TileLayer(url=SETTINGS.tile_url, attribution=SETTINGS.tile_attribution))
    layers += [
        # A pane of its own under Leaflet's overlay pane (z-index 400): the background stays under the units
        # whichever of the two arrives first (both are asked for with the page: the first paint's preloads).
        dl.Pane(background_layer(rev, id=ids.MAP_CONTEXT), name="background", style={"zIndex": 350}),
        dl.GeoJSON(
            id=ids.MAP_UNITS,
            style=js("unitStyle"),
            onEachFeature=js("bindUnit"),
            hideout={"pending": SPECIAL_STYLES[CONTEXT]},  # until the map state arrives (map_style.js)
            zoomToBounds=True,
        ),
    ]
    return html.Section(
        className="card map-card",
        **{"aria-labelledby": "label-map-card"},
        children=[
            sr_only("label-map-card", lang, html.H2),
            map_mode_switch(lang),
            html.Div(id=ids.HEADLINE, className="headline-card"),
            html.Div(
                className="map-wrap",
                children=[
                    dl.Map(
                        id=ids.MAP,
                        children=layers,
                        center=[38, 108],
                        zoom=4,
                        zoomSnap=0.25,
                        minZoom=3,
                        maxZoom=11,
                        attributionControl=False,
                        className="leaflet-map",
                    ),
                    html.Div(id=ids.MAP_INFO, className="map-info"),
                    # Phones: shown by assets/phone.js when one finger drags on the map (the page scrolls instead).
                    html.Div(t("touch_pan_hint", lang), id=ids.MAP_TOUCH_HINT, className="map-touch-hint"),
                    html.Div(id=ids.MAP_INSET, className="map-inset", children=south_china_sea_inset(rev)),
                ],
            ),
            html.Div(id=ids.PROGRESS_LEGEND, className="map-legend progress-legend", hidden=True),
            html.Div(id=ids.MAP_LEGEND, className="map-legend"),
            map_unit_list(lang),
        ],
    )


def map_unit_list(lang: str) -> html.Div:
    """The keyboard's way to the map's units: how to get there, and a list of buttons, one per unit of the county
    menu, that open a unit's drill-down exactly as a click on the map does (assets/page_a11y.js feeds the click to
    MAP_UNITS; the buttons come from callbacks/clientside.py unitButtons)."""
    return html.Div(
        className="map-keys",
        children=[
            html.P(t(ids.LABELS[ids.MAP_KEYS_HINT], lang), id=ids.MAP_KEYS_HINT, className="map-keys-hint"),
            html.Details(
                id=ids.MAP_UNIT_LIST,
                className="map-unit-list",
                children=[
                    html.Summary(html.Span(t(ids.LABELS["label-unit-list"], lang), id="label-unit-list")),
                    html.Div(
                        id=ids.MAP_UNIT_BUTTONS,
                        className="map-unit-buttons",
                        role="group",
                        **{"aria-labelledby": "label-unit-list"},
                    ),
                ],
            ),
        ],
    )


def map_mode_switch(lang: str) -> html.Div:
    """目标值 | 完成情况: a radio group (assets/page_a11y.js moves between the options with the arrow keys);
    the chosen view is kept in MAP_MODE_VALUE and applied in the browser (no server round trip)."""

    def option(element_id: str, checked: bool) -> html.Button:
        return html.Button(
            t(ids.LABELS[element_id], lang),
            id=element_id,
            type="button",
            role="radio",
            className="mode-option",
            tabIndex="0" if checked else "-1",
            n_clicks=0,
            **{"aria-checked": "true" if checked else "false"},
        )

    return html.Div(
        className="map-mode-bar",
        children=[
            dcc.Store(id=ids.MAP_MODE_VALUE, data="targets"),
            html.Span(t(ids.LABELS["label-map-mode"], lang), id="label-map-mode", className="map-mode-label"),
            html.Div(
                id=ids.MAP_MODE,
                role="radiogroup",
                className="map-mode",
                **{"aria-labelledby": "label-map-mode"},
                children=[option(ids.MAP_MODE_TARGETS, True), option(ids.MAP_MODE_PROGRESS, False)],
            ),
        ],
    )


def background_layer(rev: int | None, **props: object) -> dl.GeoJSON:
    """China and the plan regions' provinces under the units, styled by classes.BACKGROUND_STYLES (its hideout);
    rev None: no geometry until a callback gives the layer its url."""
    url = context_query(rev) if rev is not None else None
    return dl.GeoJSON(url=url, style=js("contextStyle"), hideout=BACKGROUND_STYLES, interactive=False, **props)


def south_china_sea_inset(rev: int) -> dl.Map:
    """The usual South China Sea inset of a whole-country map (same cached geometry as the context). Its layer has
    no url until the overview shows it (callbacks/view.py update_map): no second request for the background."""
    return dl.Map(
        id="map-inset-map",
        children=[background_layer(None, id=ids.MAP_INSET_BACKGROUND)],
        center=[12.5, 114.5],
        zoom=2.6,
        zoomSnap=0.1,
        attributionControl=False,
        className="inset-map",
        **STILL_MAP,
    )


def detail_panel(lang: str) -> html.Section:
    return html.Section(
        className="card detail-card",
        **{"aria-labelledby": "label-detail"},
        children=[
            sr_only("label-detail", lang, html.H2),
            # "已打开 红山区 详情" when a unit is opened from the keyboard (assets/page_a11y.js)
            html.Div(id=ids.DETAIL_ANNOUNCE, className="sr-only", role="status", **{"aria-live": "polite"}),
            html.Div(
                id=ids.COUNTY_DETAIL,
                className="county-detail",
                children=html.P(t("drilldown_hint", lang), className="hint"),
            ),
        ],
    )


def phone_summary(lang: str) -> html.Div:
    """Phones: a bar at the bottom of the screen after a tap on the map, naming the county, its value and status
    (filled by assets/phone.js from the drill-down), with a button that scrolls to the drill-down."""
    return html.Div(
        id=ids.PHONE_SUMMARY,
        className="phone-summary",
        hidden=True,
        role="status",
        children=[
            html.Div(id=ids.PHONE_SUMMARY_TEXT, className="phone-summary-text"),
            html.Button(t("show_details", lang), id=ids.PHONE_SUMMARY_LINK, className="btn", type="button"),
        ],
    )


def demo_banner(lang: str) -> list[html.Div]:
    """Demo mode only (`make demo`): a banner saying the figures are invented; nothing otherwise."""
    marker = demo_marker(lang)
    if not marker:
        return []
    return [html.Div(marker, id=ids.DEMO_BANNER, className="demo-banner", role="note", title=t("demo_hint", lang))]


def skip_links(lang: str) -> html.Div:
    """The first stops of the Tab key (shown when focused): to the main content, and past the drill-down's chart
    toolbars to the data table (assets/page_a11y.js moves the focus)."""
    return html.Div(
        className="skip-links",
        children=[
            html.A(t("skip_main", lang), id=ids.SKIP_MAIN, href=f"#{ids.MAIN}", className="skip-link"),
            html.A(t("skip_table", lang), id=ids.SKIP_TABLE, href=f"#{ids.TABLE_CARD}", className="skip-link"),
        ],
    )


def a11y_texts() -> dict[str, dict]:
    """The texts assets/*.js write themselves (names of controls they label, announcements), per language, and
    plotly's Chinese locale (`plotly`: its name and words, registered by assets/page_a11y.js)."""
    keys = ("play_years", "detail_opened", "year", "copy_by_hand")
    texts: dict = {lang: {key: t(key, lang) for key in keys} for lang in LANGS}
    texts["plotly"] = {"name": PLOTLY_LOCALE, "words": PLOTLY_WORDS_ZH}  # plotly's toolbar in Chinese
    return texts


def data_version_banner(rev: int, latest: int, lang: str) -> tuple[list, str]:
    """Which data version the page shows (number and date); an older one offers the latest."""
    if rev >= latest:
        return [version_text(rev, lang)], "data-version"
    info = revision_info(rev)
    date = info.created_at.date().isoformat() if info else ""
    return [
        html.Span(t("data_version_old", lang, rev=rev, date=date)),
        " ",
        html.A(t("data_version_latest", lang, rev=latest), href="/?lang=" + lang, id="data-version-latest"),
    ], "data-version pinned"


def components_by_id(node: object, found: dict[str, Component] | None = None) -> dict[str, Component]:
    """Every component of a layout tree with a string id, by id."""
    found = {} if found is None else found
    if isinstance(node, list | tuple):
        for child in node:
            components_by_id(child, found)
    elif isinstance(node, Component):
        element_id = getattr(node, "id", None)
        if isinstance(element_id, str):
            found[element_id] = node
        components_by_id(getattr(node, "children", None), found)
    return found


def page_layout() -> html.Div:
    """The layout Dash serves (`_dash-layout`), built from the page URL's query, which assets/view_sync.js adds to
    that request (and the page's <head> preloads): the controls and stores start with what the URL asks for, so
    no callback has to restate it (callbacks/view.py restore_from_url runs only when the URL changes)."""
    query = request.query_string.decode("latin-1") if has_request_context() else ""
    controls = url_controls(query)
    tree = build_layout(controls["lang"], controls)
    components_by_id(tree)[ids.LAYOUT_QUERY].data = f"?{query}" if query else ""
    return tree


def build_layout(lang: str = DEFAULT_LANG, controls: dict | None = None) -> html.Div:
    """The page in a language; `controls` (view_snapshot.url_controls of a URL) sets the first values of the
    controls and stores. Also the first paint's page (layouts/first_paint.py)."""
    rev = head_revision()  # the region menu, subtitle and map background name the plan regions of this data
    tree = _page(rev, lang)
    if controls:
        found = components_by_id(tree)
        found[ids.REGION_SELECT].value = controls["region"]
        found[ids.INDICATOR_SELECT].value = controls["indicator"]
        found[ids.NOTICE].children = controls["notice"]
        found[ids.VIEW_REQUEST].data = controls["request"]
        found[ids.DATA_REVISION].data = controls["revision"]
        found[ids.MAP_MODE_VALUE].data = controls["mode"]
        for element_id, mode in ((ids.MAP_MODE_TARGETS, TARGETS), (ids.MAP_MODE_PROGRESS, PROGRESS)):
            setattr(found[element_id], "aria-checked", "true" if controls["mode"] == mode else "false")
            found[element_id].tabIndex = "0" if controls["mode"] == mode else "-1"
    return tree


def _page(rev: int, lang: str) -> html.Div:
    return html.Div(
        className="app",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.LANG_STORE, data=lang),
            dcc.Store(id=ids.MAP_STATE, data={}),
            dcc.Store(id=ids.URL_SYNC),
            dcc.Store(id=ids.LAYOUT_QUERY, data=""),
            dcc.Store(id=ids.URL_CHANGE),
            dcc.Store(id=ids.VIEW_REQUEST),
            dcc.Store(id=ids.DATA_REVISION),
            dcc.Store(id=ids.PHONE_MODE, data=False),  # set by assets/phone.js: the page is ≤ 600 px wide
            dcc.Store(id=ids.A11Y_TEXTS, data=a11y_texts()),
            skip_links(lang),
            header(rev, lang),
            # Landmarks: one banner (header), one main, one contentinfo (footer); named regions inside main.
            html.Main(
                id=ids.MAIN,
                tabIndex="-1",
                children=[
                    *demo_banner(lang),
                    html.Div(id=ids.NOTICE, className="notice", role="status"),
                    html.Div(id=ids.DATA_VERSION, className="data-version", role="status"),
                    controls(rev, lang),
                    html.Div(className="grid", children=[map_card(rev, lang), detail_panel(lang)]),
                    html.Section(id=ids.ALLOCATION, className="card allocation-card"),
                    table_card(lang),
                    progress_card(lang),
                    phone_summary(lang),
                ],
            ),
            html.Footer(t("footer", lang), id=ids.FOOTER, className="app-footer"),
        ],
    )
