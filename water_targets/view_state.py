"""The View: which data a page, an export or an API answer is about, as one value. Read and checked once where it
comes in (urlstate.parse for the page's URL, web/export_api.py for an export's query, the callbacks for the
controls' values) and handed whole to the builders, which read it and never check it again."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .geo import GeoData
from .i18n import DEFAULT_LANG
from .indicators import Dataset
from .regions import place_name

# The map's 目标值 | 完成情况 switch (`view=` in URLs): the target view is the default.
TARGETS, PROGRESS = "targets", "progress"
MODES = (TARGETS, PROGRESS)


@dataclass(frozen=True)
class View:
    region: str  # "all" (the overview) or an adcode; a chart's unit
    indicator: str
    year: int | None = None  # the target year, or in the progress mode the assessment year; None: not chosen
    lang: str = DEFAULT_LANG
    mode: str = TARGETS  # TARGETS or PROGRESS
    rev: int | None = None  # the data revision (`asof=`); None: the latest

    @property
    def progress(self) -> bool:
        return self.mode == PROGRESS

    def at(self, year: int | None, mode: str | None = None) -> View:
        """The same view in another year (and mode)."""
        return replace(self, year=year, mode=mode or self.mode)

    def indicator_name(self, dataset: Dataset) -> str:
        return dataset.indicators.loc[self.indicator, "name_en" if self.lang == "en" else "name_zh"]

    def title(self, dataset: Dataset, geo: GeoData, *parts: object) -> str:
        """'赤峰市 · 用水总量 · <parts>': the place, the indicator and the given parts (empty ones left out)."""
        shown = [str(p) for p in parts if p is not None and p != ""]
        return " · ".join([place_name(dataset, geo, self.region, self.lang), self.indicator_name(dataset), *shown])
