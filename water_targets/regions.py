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


def plan_regions(dataset: Dataset, geo: GeoData) -> list[Region]:
    """Every region with a plan document, in the order the documents are stored, each once (regions missing
    from the catalogue are left out)."""
    docs = dataset.documents
    codes = docs.loc[docs["kind"] == PLAN_KIND, "region"]
    return [geo.regions[code] for code in dict.fromkeys(codes) if code in geo.regions]


def plan_codes(dataset: Dataset, geo: GeoData) -> list[str]:
    return [r.adcode for r in plan_regions(dataset, geo)]


def region_choices(dataset: Dataset, geo: GeoData) -> list[str]:
    """What a region parameter may be: the overview or one of the plan regions."""
    return [OVERVIEW, *plan_codes(dataset, geo)]


def is_region_choice(dataset: Dataset, geo: GeoData, region: str) -> bool:
    return region == OVERVIEW or region in plan_codes(dataset, geo)


def province_of(geo: GeoData, adcode: str) -> str | None:
    return next((code for code in geo.lineage(adcode) if geo.regions[code].level == "province"), None)


def context_units(dataset: Dataset, geo: GeoData) -> list[str]:
    """The background of the overview map: China's outline and the provinces of the plan regions."""
    provinces = {province_of(geo, r.adcode) for r in plan_regions(dataset, geo)} - {None}
    return [COUNTRY, *sorted(provinces)]  # sorted: one URL (and one cached response) per set of provinces


def overview_name(dataset: Dataset, geo: GeoData, lang: str) -> str:
    return t("overview", lang, n=len(plan_regions(dataset, geo)))


def place_name(dataset: Dataset, geo: GeoData, region: str, lang: str) -> str:
    """The overview's name or the region's."""
    return overview_name(dataset, geo, lang) if region == OVERVIEW else geo.regions[region].name(lang)


def subtitle(dataset: Dataset, geo: GeoData, lang: str) -> str:
    """'赤峰市 · 朔州市 · … 节水行动实施方案的量化目标' from the plan regions."""
    names = [r.name(lang) for r in plan_regions(dataset, geo)]
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
