"""Which regions the dashboard is about, read from the data (pure): a region is a plan region when a document
of kind `plan` exists for it. Their order, the overview, its context and its texts all derive from them, so a
plan document added by an import shows up at the next data revision without any code change."""

from __future__ import annotations

from .geo import COUNTRY, GeoData, Region
from .i18n import t
from .indicators import Dataset

OVERVIEW = "all"  # the region choice that shows every plan region at once
PLAN_KIND = "plan"
SUBTITLE_NAMES = 8  # the subtitle names at most this many plan regions


# Plan regions above the others come first in menus: the country, then provinces (全国, 内蒙古自治区, 赤峰市 …).
LEVEL_FIRST = {"country": 0, "province": 1}


def plan_regions(dataset: Dataset, geo: GeoData) -> list[Region]:
    """Every region with a plan document, each once: the country and provinces first, then the others in the order
    the documents are stored (regions missing from the catalogue are left out)."""
    docs = dataset.documents
    codes = docs.loc[docs["kind"] == PLAN_KIND, "region"]
    found = [geo.regions[code] for code in dict.fromkeys(codes) if code in geo.regions]
    return sorted(found, key=lambda r: LEVEL_FIRST.get(r.level, len(LEVEL_FIRST)))


def plan_codes(dataset: Dataset, geo: GeoData) -> list[str]:
    return [r.adcode for r in plan_regions(dataset, geo)]


def overview_regions(dataset: Dataset, geo: GeoData) -> list[Region]:
    """The plan regions the overview maps side by side: cities and counties. The country's and provinces' plans
    (全国, 内蒙古自治区) are chosen in the menu, not drawn over the plans of the cities and counties inside them."""
    return [r for r in plan_regions(dataset, geo) if r.level not in LEVEL_FIRST]


def overview_codes(dataset: Dataset, geo: GeoData) -> list[str]:
    return [r.adcode for r in overview_regions(dataset, geo)]


def region_choices(dataset: Dataset, geo: GeoData) -> list[str]:
    """What a region parameter may be: the overview or one of the plan regions."""
    return [OVERVIEW, *plan_codes(dataset, geo)]


def is_region_choice(dataset: Dataset, geo: GeoData, region: str) -> bool:
    return region == OVERVIEW or region in plan_codes(dataset, geo)


def province_of(geo: GeoData, adcode: str) -> str | None:
    return next((code for code in geo.lineage(adcode) if geo.regions[code].level == "province"), None)


def context_units(dataset: Dataset, geo: GeoData) -> list[str]:
    """The background of the overview map: China's outline and the provinces of the plan regions."""
    provinces = {province_of(geo, r.adcode) for r in overview_regions(dataset, geo)} - {None}
    return [COUNTRY, *sorted(provinces)]  # sorted: one URL (and one cached response) per set of provinces


def overview_name(dataset: Dataset, geo: GeoData, lang: str) -> str:
    return t("overview", lang, n=len(overview_regions(dataset, geo)))


def place_name(dataset: Dataset, geo: GeoData, region: str, lang: str) -> str:
    """The overview's name or the region's."""
    return overview_name(dataset, geo, lang) if region == OVERVIEW else geo.regions[region].name(lang)


def subtitle(dataset: Dataset, geo: GeoData, lang: str) -> str:
    """'赤峰市 · 朔州市 · … 节水行动实施方案的量化目标' from the plan regions the overview maps."""
    names = [r.name(lang) for r in overview_regions(dataset, geo)]
    if len(names) > SUBTITLE_NAMES:  # hundreds or thousands of plan regions: the first few and the count
        total, names = len(names), names[:SUBTITLE_NAMES]
        if lang == "zh":
            places = " · ".join(names) + f" 等{total}地"
        else:
            places = ", ".join(names) + f" and {total - SUBTITLE_NAMES} more"
    elif lang == "zh":
        places = " · ".join(names)
    else:
        places = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    return t("subtitle", lang, places=places)
