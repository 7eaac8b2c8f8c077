"""The view state carried in the URL (?region=&indicator=&year=&county=&lang=&view=): parse, validate, default."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, urlencode

from .choropleth import OVERVIEW, view_for
from .geo import GeoData
from .i18n import DEFAULT_LANG, LANGS
from .indicators import Dataset
from .queries import value_rows
from .regions import is_region_choice, plan_codes
from .view_state import MODES, TARGETS, View

DEFAULT_REGION = OVERVIEW
DEFAULT_INDICATOR = "total_water_use"  # without targets in any plan region; else default_indicator decides
MAX_COUNTIES = 8
# The map's 目标值 | 完成情况 switch: `view=progress`; the target view is the default and is left out of URLs.
VIEWS = MODES
# The one rule for a view's URL: these parameters in this order, each left out when empty or at its default
# (a list is joined with ","). `query` applies it here; assets/view_sync.js `viewQuery` applies it in the browser
# with URL_SPEC, sent as `url` with the map state (page URL and export links alike).
URL_PARAMS = ("region", "indicator", "year", "county", "lang", "view", "asof")
URL_DEFAULTS = {"lang": DEFAULT_LANG, "view": TARGETS}
URL_SPEC = {"params": list(URL_PARAMS), "defaults": URL_DEFAULTS, "overview": OVERVIEW}


@dataclass
class ViewState:
    region: str = DEFAULT_REGION
    indicator: str = DEFAULT_INDICATOR
    year: int | None = None  # None in the progress view without `year=`: the view's latest actual year
    counties: list[str] = field(default_factory=list)
    lang: str = DEFAULT_LANG
    view: str = TARGETS
    invalid: list[str] = field(default_factory=list)  # "name=value" of every parameter replaced by a default


def default_indicator(dataset: Dataset, geo: GeoData, region: str = OVERVIEW) -> str:
    """The indicator a URL without `indicator=` shows: the one the most plan regions set targets of (the catalogue's
    order breaks a tie), so that the first map an official sees is of what the plans share, not of one only 赤峰
    has; for a plan region, the most shared of those its own plan sets. The plans' target years differ (2020,
    2022, 2025): a plan region blank in the year shown says which years it has (assets/map_style.js).
    DEFAULT_INDICATOR when no plan region has a target."""
    plans = set(plan_codes(dataset, geo))
    targets = dataset.values[dataset.values["kind"] == "target"]
    plan_of = {code: next((c for c in geo.lineage(code) if c in plans), None) for code in targets["region"].unique()}
    counts = targets.assign(plan=targets["region"].map(plan_of)).dropna(subset=["plan"]).groupby("indicator")["plan"]
    shared = counts.nunique()
    own = set(counts.apply(lambda plans: region in set(plans)).loc[lambda own: own].index)
    if own:
        shared = shared[shared.index.isin(own)]
    if shared.empty:
        return DEFAULT_INDICATOR
    order = {indicator: i for i, indicator in enumerate(dataset.indicators.index)}
    return min(shared.index, key=lambda indicator: (-shared[indicator], order.get(indicator, len(order))))


def years_for(dataset: Dataset, geo: GeoData, region: str, indicator: str) -> list[int]:
    return sorted(set(value_rows(dataset, indicator, view_for(dataset, geo, region).codes)["year"]))


def default_year(years: list[int], today_year: int | None = None) -> int | None:
    """The latest year with values that is not in the future; the earliest if all are."""
    today_year = today_year or date.today().year
    past = [y for y in years if y <= today_year]
    return past[-1] if past else (years[0] if years else None)


def parse(query: str, dataset: Dataset, geo: GeoData) -> ViewState:
    """Validate every parameter; anything unknown or malformed falls back to its default and is listed."""
    params = parse_qs(query.lstrip("?"), keep_blank_values=True)
    state = ViewState()

    def first(name: str) -> str | None:
        values = params.get(name)
        return values[0].strip()[:100] if values else None

    def checked(name: str, valid) -> str | None:
        """The parameter's value when `valid(value)`; an invalid one is listed and None returned."""
        value = first(name)
        if value is not None and not valid(value):
            state.invalid.append(f"{name}={value}")
            return None
        return value

    state.lang = checked("lang", lambda v: v in LANGS) or state.lang
    # The overview or a plan region of this data revision.
    state.region = checked("region", lambda v: is_region_choice(dataset, geo, v)) or state.region
    state.indicator = checked("indicator", lambda v: v in dataset.indicators.index) or default_indicator(
        dataset, geo, state.region
    )
    years = years_for(dataset, geo, state.region, state.indicator)
    year = checked("year", lambda v: v.isascii() and v.isdigit() and len(v) == 4 and int(v) in years)
    state.year = int(year) if year is not None else None
    state.view = checked("view", lambda v: v in VIEWS) or state.view
    if state.year is None and state.view == TARGETS:  # the progress view's default: its latest actual year
        state.year = default_year(years)
    county = first("county")
    if county is not None:
        allowed = set(view_for(dataset, geo, state.region).units)
        codes = [c.strip() for c in county.split(",") if c.strip()]
        good = [c for c in codes if c in allowed]
        state.counties = list(dict.fromkeys(good))[:MAX_COUNTIES]
        bad = [c for c in codes if c not in allowed]
        if bad or not codes:
            state.invalid.append(f"county={','.join(bad) or county}")
    unknown = sorted(set(params) - set(URL_PARAMS))
    state.invalid += [f"{name}={params[name][0][:40]}" for name in unknown]
    return state


def asof_param(query: str, latest: int) -> tuple[int | None, str | None]:
    """The data version asked for by `asof=` (None: the latest) and, when it is not valid, the bad parameter."""
    values = parse_qs(query.lstrip("?"), keep_blank_values=True).get("asof")
    if not values:
        return None, None
    raw = values[0].strip()[:20]
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= latest:
        return int(raw), None
    return None, f"asof={raw}"


def query(values: dict) -> str:
    """'?region=…&indicator=…': the URL_PARAMS of `values` in order, empty ones and defaults left out."""
    params = {}
    for name in URL_PARAMS:
        value = values.get(name)
        value = ",".join(value) if isinstance(value, list | tuple) else ("" if value is None else str(value))
        if value and value != URL_DEFAULTS.get(name):
            params[name] = value
    return "?" + urlencode(params, safe=",")


def to_query(view: View, counties: list[str] | tuple[str, ...] = ()) -> str:
    """The URL query of a view and its chosen counties (`asof=` when the view names a revision)."""
    values = {"region": view.region, "indicator": view.indicator, "year": view.year, "county": list(counties)}
    return query({**values, "lang": view.lang, "view": view.mode, "asof": view.rev})
