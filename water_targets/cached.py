"""Memoised builder calls for callbacks and the layout, keyed on the data revision: the data and the catalogue at a
revision never change (*data_at(rev)), so results depend only on the arguments. Cached objects are
returned to Dash and never mutated."""

from __future__ import annotations

from functools import lru_cache

import plotly.graph_objects as go

from . import choropleth, controls, figures, progress, progress_table, ranking, snapshot, tables
from .choropleth import browser_state
from .data import data_at
from .exports.map_labels import LABEL_RULE
from .progress import browser_progress
from .urlstate import URL_SPEC, default_year


@lru_cache(maxsize=1024)
def map_state(rev: int, region: str, indicator: str, lang: str) -> dict:
    return choropleth.map_state(*data_at(rev), region, indicator, lang)


@lru_cache(maxsize=64)
def region_options(rev: int, lang: str) -> list[dict]:
    """The region menu: the overview and the plan regions of the data at this revision."""
    return controls.region_options(*data_at(rev), lang)


@lru_cache(maxsize=256)
def indicator_options(rev: int, region: str, lang: str) -> list[dict]:
    return controls.indicator_options(*data_at(rev), region, lang)


@lru_cache(maxsize=2048)
def time_chart(
    rev: int, indicator: str, units: tuple[str, ...], parent: str | None, lang: str, title: str
) -> go.Figure:
    return figures.time_chart(*data_at(rev), indicator, list(units), lang, title, parent)


@lru_cache(maxsize=2048)
def ranking_chart(
    rev: int, indicator: str, units: tuple[str, ...], year: int, selected: tuple[str, ...], lang: str, title: str
):
    return ranking.ranking_chart(*data_at(rev), indicator, list(units), year, list(selected), lang, title)


@lru_cache(maxsize=1024)
def view_rows(rev: int, region: str, indicator: str, lang: str) -> list[dict]:
    return tables.view_rows(*data_at(rev), region, indicator, lang)


@lru_cache(maxsize=512)
def unit_indicator_rows(rev: int, adcode: str, lang: str) -> list[dict]:
    return tables.unit_indicator_rows(*data_at(rev), adcode, lang)


@lru_cache(maxsize=1024)
def map_progress(rev: int, region: str, indicator: str, lang: str) -> dict:
    """The map's progress view (statuses per unit and year), delivered with map_state for a client-side switch."""
    return progress.progress_state(*data_at(rev), region, indicator, lang)


@lru_cache(maxsize=256)
def progress_table_rows(rev: int, region: str, lang: str) -> list[dict]:
    """完成情况一览 of a region, every status (the card filters the cached rows)."""
    return progress_table.progress_table_rows(*data_at(rev), region, lang)


def browser_map_state(rev: int, region: str, indicator: str, lang: str) -> dict:
    """The map state as the browser receives it (the map-state contract, choropleth.map_state) with the progress
    view (`progress`) and the target view's default year, so that the 目标值 | 完成情况 switch is a restyle in the
    browser (assets/view_sync.js), never a server round trip; `url`, the rule of the page's URL (urlstate); and
    `labels`, the rule that places the units' names (exports/map_labels.py LABEL_RULE, for assets/map_labels.js)."""
    state = map_state(rev, region, indicator, lang)
    default = default_year([int(y) for y in state["years"]])
    return {
        **browser_state(state),
        "default_year": str(default) if default is not None else None,
        "progress": browser_progress(map_progress(rev, region, indicator, lang)),
        "url": URL_SPEC,
        "labels": LABEL_RULE.browser(),
    }


@lru_cache(maxsize=128)
def snapshot_shapes(rev: int, region: str) -> snapshot.SnapshotShapes | None:
    """The region's map projected and simplified for the first paint (the same for every indicator and year)."""
    return snapshot.snapshot_shapes(*data_at(rev), region)
