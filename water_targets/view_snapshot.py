"""A page URL's view (issue 18): what its query sets on the page, read once (urlstate.parse) for the layout and the
callbacks, and its server-drawn map (snapshot.py) from the data of its revision — for the page's first paint
(layouts/first_paint.py) and for `/snapshot.svg` (link previews, web/view_snapshot.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import cached
from .controls import shown_year
from .data import data_at, head_revision
from .i18n import t
from .regions import place_name
from .snapshot import snapshot_svg, snapshot_title, unit_names
from .urlstate import asof_param, parse
from .view_state import PROGRESS, View


@dataclass(frozen=True)
class ViewSnapshot:
    """A view's picture (SVG markup), its title, the year it shows ("" when none) and how many units it maps."""

    svg: str
    title: str
    year: str
    units: int


def url_controls(query: str) -> dict:
    """What a page URL's query sets on the page (urlstate.parse; the data version of `asof`): the region, indicator,
    language and map mode, the notice naming any parameter replaced by its default, the year and counties asked
    for (they wait until the view's options are set) and the data version — the layout's first values
    (layouts/page.py build_layout) and, when the URL changes, callbacks/view.py restore_from_url's outputs."""
    latest = head_revision()
    asof, bad_asof = asof_param(query, latest)
    rev = asof or latest
    state = parse(query, *data_at(rev))
    invalid = state.invalid + ([bad_asof] if bad_asof else [])
    return {
        "region": state.region,
        "indicator": state.indicator,
        "lang": state.lang,
        "notice": t("notice_invalid", state.lang, params="; ".join(invalid)) if invalid else "",
        "request": {"year": state.year, "counties": state.counties},
        "revision": {"rev": rev, "pinned": asof is not None},
        "mode": state.view,
    }


def requested_view(query: str) -> tuple[View, tuple[str, ...]] | None:
    """The View of a page URL's query (its revision set) and its counties, as the page will show it; None when a
    parameter is refused or replaced (the page then says so)."""
    latest = head_revision()
    asof, bad_asof = asof_param(query, latest)
    if bad_asof:
        return None
    rev = asof or latest
    dataset, geo = data_at(rev)
    state = parse(query, dataset, geo)
    if state.invalid:
        return None
    return View(state.region, state.indicator, state.year, state.lang, state.view, rev), tuple(state.counties)


@lru_cache(maxsize=512)
def view_snapshot(view: View, counties: tuple[str, ...] = (), standalone: bool = False) -> ViewSnapshot | None:
    """The snapshot of a View whose revision is set (requested_view), memoised; None for a view without units."""
    rev = view.rev if view.rev is not None else head_revision()
    dataset, geo = data_at(rev)
    shapes = cached.snapshot_shapes(rev, view.region)
    if shapes is None:
        return None
    progress = view.mode == PROGRESS
    state = cached.browser_map_state(rev, view.region, view.indicator, view.lang)
    year = shown_year(state, view.mode, view.year)
    year_text = str(year) if year is not None else ""
    place = place_name(dataset, geo, view.region, view.lang)
    title = snapshot_title(place, view.indicator_name(dataset), year_text, progress, view.lang)
    names = unit_names(geo, list(shapes.units), view.lang)
    svg = snapshot_svg(shapes, state, names, title, year_text, progress, view.lang, counties, standalone)
    return ViewSnapshot(svg, title, year_text, len(shapes.units))
