"""The first paint of a page URL (issue 18): the page as its first HTML response shows it, before any script —
header, controls with the URL's choices, and the map as the server draws it (`#map-snapshot`, water_targets/
snapshot.py) with its legend, laid out by style.css as the page drawn by the scripts, which app.py puts in place
of it when its map is drawn (assets/first_paint.js). Readable without JavaScript (`<noscript>` says what is
missing); its title, description and picture (`/snapshot.svg`) serve link previews.

A URL with a parameter the page would refuse or replace (urlstate.parse lists it) gets no first paint: the
page then says what it replaced, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

from dash import html

from water_targets import cached
from water_targets.choropleth import OVERVIEW, view_for
from water_targets.data import data_at, head_revision
from water_targets.i18n import t
from water_targets.regions import place_name
from water_targets.urlstate import to_query
from water_targets.view_snapshot import requested_view, view_snapshot
from water_targets.view_state import PROGRESS, View

from . import ids
from .legend import map_legend
from .page import boundary_url, build_layout, components_by_id, data_version_banner
from .static_html import static_html

FIRST_PAINT_ID = "first-paint"  # the static page's root; assets/first_paint.js removes it (style.css hides the rest)


@dataclass(frozen=True)
class FirstPaint:
    """A view's first paint: the markup before the scripts' page, the words and picture of a link preview, and
    the URLs the map will ask for first (preloaded by the page's <head>: app.py preload_tags)."""

    markup: str
    title: str
    description: str
    picture: str  # the query of /snapshot.svg
    boundaries: str  # the units' boundaries (the interactive map waits for them)
    background: str  # the background's (drawn under the units; asked for once the scripts have come)


def first_paint(query: str) -> FirstPaint | None:
    """The first paint of the page URL `?query`, or None (see requested_view)."""
    requested = requested_view(query)
    return view_first_paint(*requested, head_revision()) if requested else None


def _checked(tree: html.Div, view: View, headline: tuple[list, str]) -> None:
    """The layout as the scripts will set it for the view: the map mode, the inset, the legend, the headline."""
    found = components_by_id(tree)
    for element_id, mode in ((ids.MAP_MODE_TARGETS, "targets"), (ids.MAP_MODE_PROGRESS, PROGRESS)):
        setattr(found[element_id], "aria-checked", "true" if view.mode == mode else "false")
    if view.region != OVERVIEW:
        found[ids.MAP_INSET].hidden = True
    if view.mode == PROGRESS:  # its legend is drawn by the scripts (map_legend.js progressLegend)
        found[ids.MAP_LEGEND].hidden = True
    found[ids.HEADLINE].children, found[ids.HEADLINE].className = headline


def _div(css: str | None, children: object) -> html.Div:
    return html.Div(children, className=css)


def headline_card(state: dict, year: str, progress: bool) -> tuple[list, str]:
    """The headline card's children and class as assets/map_legend.js draws them from the map state (restyle in
    map_style.js): the region's own target or status for the year, or the view and how many units have a value,
    or that the plan has no value of the indicator. The words are the state's; this only arranges them."""
    texts = state.get("texts") or {}
    if not (state["progress"]["years"] if progress else state["years"]):
        return [_div("headline-note", texts.get("no_values", ""))], "headline-card quiet"
    if progress:
        p = state["progress"]
        words, head = p.get("texts") or {}, (p.get("headline") or {}).get(year)
        year_text = str(words.get("year", "")).replace("{year}", year)
        if head:
            status = p["statuses"][head["status"]]
            actual = f"{words.get('actual_value', '')} {head['actual']}" if head.get("actual") else ""
            facts = [head.get("distance"), actual, f"{words.get('target_value', '')} {head.get('target', '')}"]
            children = [
                _div("headline-label", f"{words.get('headline', '')} · {year_text}"),
                _div(
                    f"headline-value headline-status status-{head['status']}",
                    [
                        html.Span(className="swatch", style={"background": status["fill"]}),
                        html.Span(status["label"], style={"color": status["text"]}),
                    ],
                ),
                _div("headline-note", " · ".join(f for f in facts if f)),
            ]
        else:
            n = len((p.get("cells") or {}).get(year) or {})
            children = [
                _div("headline-label", str(words.get("legend", "")).replace("{year}", year)),
                _div("headline-note", str(words.get("assessed", "")).replace("{n}", str(n))),
            ]
        if not p.get("has_actuals"):
            children.append(_div("headline-flag progress-note", words.get("no_actuals", "")))
        return children, "headline-card progress-headline" + ("" if head else " quiet")
    head = (state.get("headline") or {}).get(year)
    if not head:
        n = len((state.get("cells") or {}).get(year) or {})
        return [
            _div("headline-label", f"{texts.get('view', '')} · {year}"),
            _div("headline-note", str(texts.get("units_with_values", "")).replace("{n}", str(n))),
        ], "headline-card quiet"
    children = [
        _div("headline-label", f"{texts.get('headline', '')} · {year}"),
        _div("headline-value", head["value"]),
        _div("headline-note", (f"{head['note']} · " if head.get("note") else "") + head["source"]),
    ]
    if not state.get("breakdown"):
        children.append(_div("headline-flag", texts.get("no_breakdown", "")))
    return children, "headline-card" if state.get("breakdown") else "headline-card prominent"


# The chevron of dcc.Dropdown's button (its place and size: style.css lays the stand-in out as the real one).
_CHEVRON = (
    '<svg class="first-paint-chevron" aria-hidden="true" viewBox="0 0 15 15" fill="none">'
    '<path d="M4.5 6.5 7.5 9.5 10.5 6.5" stroke="currentColor" stroke-linecap="round"/></svg>'
)


def _chosen(text: str) -> str:
    return f'<span class="dash-dropdown-value">{escape(text)}</span>{_CHEVRON}'


@lru_cache(maxsize=256)
def view_first_paint(view: View, counties: tuple[str, ...] = (), head: int | None = None) -> FirstPaint | None:
    """The first paint of a View whose revision is set, memoised: a view's page is drawn once per revision and
    latest revision `head` (the page around the map, its menus and background, is the latest's: build_layout)."""
    snap = view_snapshot(view, counties)
    if snap is None:
        return None
    rev, lang = view.rev, view.lang
    dataset, geo = data_at(rev)
    place = place_name(dataset, geo, view.region, lang)
    options = {o["value"]: o["label"] for o in cached.indicator_options(rev, view.region, lang)}
    head = head_revision() if head is None else head
    banner, _ = data_version_banner(rev, head, lang)
    legend = map_legend(cached.map_state(rev, view.region, view.indicator, lang), snap.year)
    slots = {
        ids.MAP: snap.svg,
        ids.REGION_SELECT: _chosen(place),
        ids.INDICATOR_SELECT: _chosen(str(options.get(view.indicator, view.indicator_name(dataset)))),
        ids.YEAR_SLIDER: f'<span class="first-paint-year">{escape(snap.year)}</span>',
        ids.COUNTY_SELECT: _chosen(t("counties_placeholder", lang)),
        ids.DATA_VERSION: static_html(banner),
        ids.MAP_LEGEND: "" if view.mode == PROGRESS else static_html(legend),
    }
    tree = build_layout(lang)
    background = components_by_id(tree)[ids.MAP_CONTEXT].url  # as the scripts' map will ask for it
    state = cached.browser_map_state(rev, view.region, view.indicator, lang)
    _checked(tree, view, headline_card(state, snap.year, view.mode == PROGRESS))
    markup = (
        f'<div id="{FIRST_PAINT_ID}" class="first-paint" lang="{lang}" data-background="{escape(background)}">'
        f"{static_html(tree, slots)}"
        f'<noscript><p class="first-paint-noscript">{escape(t("noscript", lang))}</p></noscript></div>'
    )
    units = view_for(dataset, geo, view.region)
    return FirstPaint(
        markup,
        snap.title,
        t("preview_description", lang, title=snap.title, n=snap.units),
        to_query(view.at(int(snap.year) if snap.year else None), counties).lstrip("?"),
        boundary_url(units.boundary_query, rev),
        background,
    )


def preview_tags(paint: FirstPaint, host_url: str) -> list[str]:
    """The <meta> tags of a link preview (Open Graph, a large picture card): title, description, `/snapshot.svg`."""
    picture = f"{host_url.rstrip('/')}/snapshot.svg?{paint.picture}"
    tags = {
        "description": paint.description,
        "og:type": "website",
        "og:title": paint.title,
        "og:description": paint.description,
        "og:image": picture,
        "twitter:card": "summary_large_image",
    }
    return [
        f'<meta {"property" if name.startswith("og:") else "name"}="{name}" content="{escape(value)}">'
        for name, value in tags.items()
    ]
