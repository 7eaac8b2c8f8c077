"""The server-drawn map of a page URL (issue 18): the view its query asks for, read once (urlstate.parse, as the
page reads it), and its snapshot (snapshot.py) from the data of its revision — for the page's first paint
(layouts/first_paint.py) and for `/snapshot.svg` (link previews, web/api.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import cached
from .controls import shown_year
from .data import data_at, head_revision
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
