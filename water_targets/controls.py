"""Options for the control bar (pure): regions, indicators grouped by category, counties, year marks."""

from __future__ import annotations

from .choropleth import OVERVIEW, view_for
from .geo import GeoData
from .i18n import t
from .indicators import CATEGORIES, Dataset
from .regions import overview_name, plan_regions
from .view_state import PROGRESS

CATEGORY_EN = {
    "总量控制": "Totals and intensity",
    "农业": "Agriculture",
    "工业": "Industry",
    "城镇": "Urban",
    "非常规水": "Non-conventional water",
    "管理": "Management",
}


def region_options(dataset: Dataset, geo: GeoData, lang: str) -> list[dict]:
    """The overview, then every plan region of the data (a county-level one with its city's name)."""
    options = [{"label": overview_name(dataset, geo, lang), "value": OVERVIEW}]
    for region in plan_regions(dataset, geo):
        label = region.name(lang)
        if region.maps_within_parent:
            parent = geo.regions[region.parent].name(lang).removesuffix(" City")
            label += f" · {parent}"
        options.append({"label": label, "value": region.adcode})
    return options


def indicator_options(dataset: Dataset, geo: GeoData, region: str, lang: str) -> list[dict]:
    """Indicators with values here grouped by category (disabled headings), then the others, marked."""
    present = set(dataset.values.loc[dataset.values["region"].isin(view_for(dataset, geo, region).codes), "indicator"])
    inds = dataset.indicators

    def option(ind, marked: bool) -> dict:
        name = ind["name_zh"] if lang == "zh" else ind["name_en"]
        unit = ind["unit_zh"] if lang == "zh" else ind["unit_en"]
        label = f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"
        if marked:
            label += t("no_values_mark", lang)
        return {"label": label, "value": ind["id"], "search": f"{ind['name_zh']} {ind['name_en']} {ind['id']}"}

    options = []
    for category in CATEGORIES:
        group = inds[(inds["category"] == category) & inds["id"].isin(present)]
        if group.empty:
            continue
        heading = category if lang == "zh" else CATEGORY_EN[category]
        options.append({"label": f"— {heading} —", "value": f"category:{category}", "disabled": True})
        options += [option(ind, False) for _, ind in group.iterrows()]
    absent = inds[~inds["id"].isin(present)]
    if not absent.empty:
        options.append({"label": f"— {t('elsewhere', lang)} —", "value": "category:elsewhere", "disabled": True})
        options += [option(ind, True) for _, ind in absent.iterrows()]
    return options


def county_options(dataset: Dataset, geo: GeoData, region: str, lang: str) -> list[dict]:
    return [{"label": geo.regions[code].name(lang), "value": code} for code in view_for(dataset, geo, region).units]


def year_marks(years: list[str]) -> dict:
    return {i: year for i, year in enumerate(years)} or {0: "—"}


# The year slider's value is an index into the view's years (the map state's `years`, or `progress.years` in the
# progress view). These two functions are that rule in Python; assets/dashboard.js `yearAt` is the same in the browser.
def year_at(years: list, index: int | None):
    """The year at slider index `index` (None when out of range)."""
    return years[index] if index is not None and 0 <= index < len(years) else None


def year_index(years: list, year) -> int:
    """The slider index of `year` (0 when it is not among the years)."""
    return years.index(year) if year in years else 0


def slider_years(state: dict, mode: str | None) -> list[str]:
    """The years the slider offers: the target years, or in the progress view the assessment years."""
    if mode == PROGRESS:
        return (state.get("progress") or {}).get("years", [])
    return state.get("years", [])


def default_slider_year(state: dict, mode: str | None) -> int | None:
    """The slider's year when none is asked for: the target view's default, or the latest actual year."""
    default = state["progress"]["default_year"] if mode == PROGRESS else state["default_year"]
    return int(default) if default else None


def shown_year(state: dict, mode: str | None, wanted: int | None) -> int | None:
    """The year a view shows: the one asked for (the URL's, the slider's) when the view has it, else the default."""
    years = [int(y) for y in slider_years(state, mode)]
    return wanted if wanted in years else default_slider_year(state, mode)
