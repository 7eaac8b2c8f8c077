"""Search the national region catalogue (get_geo().regions) by adcode or name; resolve names that may be ambiguous.

Pure (no HTTP). The index is built once per GeoData from the names only (no geometry): ~3,300 units search in
well under a millisecond each.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass
from typing import Protocol

from .geo import COUNTRY, Region

MAX_QUERY = 100
MAX_LIMIT = 200
LEVEL_ORDER = {"country": 0, "province": 1, "city": 2, "county": 3}
# Suffixes a Chinese query may leave out ("包头" finds 包头市); the longest first.
ZH_SUFFIXES = ("自治县", "自治州", "自治区", "市", "县", "区", "旗", "盟", "省")
_SPACES = re.compile(r"\s+")


class HasRegions(Protocol):
    regions: dict[str, Region]


class QueryError(ValueError):
    """A query that cannot be searched (empty, too long, control characters)."""


def fold(text: str) -> str:
    """Width-folded (全角 → half width), lower case, without spaces or diacritics (Ürümqi, Lüliang and Xigazê
    are found as urumqi, luliang, xigaze): the form names and queries are compared in."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub("", unicodedata.normalize("NFC", text)).lower()


def stem(name: str) -> str:
    """A folded Chinese name without its 市/县/… suffix (never down to nothing)."""
    for suffix in ZH_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Hit:
    region: Region
    lineage_zh: str  # "内蒙古自治区 · 鄂尔多斯市" (province down to the unit; the country only for China)
    lineage_en: str
    match: str  # adcode | adcode_prefix | name | name_prefix | name_part | name_en

    def as_dict(self) -> dict:
        return {**self.region.as_dict(), "lineage_zh": self.lineage_zh, "lineage_en": self.lineage_en}

    def label(self, lang: str = "zh") -> str:
        lineage = self.lineage_en if lang == "en" else self.lineage_zh
        return f"{self.region.name(lang)}（{self.region.adcode}，{lineage}）" if lang == "zh" else (
            f"{self.region.name(lang)} ({self.region.adcode}, {lineage})"
        )


_RANK = {"adcode": 0, "name": 1, "name_en": 1, "adcode_prefix": 2, "name_prefix": 3, "name_part": 4}


class Catalogue:
    """The index of one catalogue: folded names, stems, lineage texts, units by exact name."""

    def __init__(self, geo: HasRegions) -> None:
        self.regions = geo.regions
        self.entries: list[tuple[Region, str, str, str]] = []  # region, folded zh, its stem, folded en
        self.by_name: dict[str, list[str]] = {}  # folded zh name and its stem -> adcodes
        self._lineage: dict[str, tuple[str, ...]] = {}
        for region in geo.regions.values():
            zh, en = fold(region.name_zh), fold(region.name_en)
            self.entries.append((region, zh, stem(zh), en))
            for key in {zh, stem(zh)}:
                self.by_name.setdefault(key, []).append(region.adcode)
        self.entries.sort(key=lambda e: (LEVEL_ORDER.get(e[0].level, 9), e[0].adcode))

    def lineage(self, adcode: str) -> tuple[str, ...]:
        """The unit and the units above it, nearest first (as GeoData.lineage)."""
        if adcode not in self._lineage:
            out: list[str] = []
            code = adcode
            while code in self.regions and code not in out:
                out.append(code)
                code = self.regions[code].parent
            self._lineage[adcode] = tuple(out)
        return self._lineage[adcode]

    def lineage_text(self, adcode: str, lang: str = "zh") -> str:
        codes = [c for c in reversed(self.lineage(adcode)) if c != COUNTRY] or [adcode]
        return " · ".join(self.regions[c].name(lang) for c in codes if c in self.regions)

    def hit(self, region: Region, match: str) -> Hit:
        return Hit(region, self.lineage_text(region.adcode, "zh"), self.lineage_text(region.adcode, "en"), match)

    def search(self, q: str, limit: int = 50) -> list[Hit]:
        raw = check_query(q)
        query = fold(raw)
        limit = max(1, min(int(limit), MAX_LIMIT))
        found: dict[str, str] = {}
        if raw in self.regions:  # any exact code, also one of an uploaded unit that is not 6 digits
            found[raw] = "adcode"
        if query.isascii() and query.isdigit():
            if len(query) == 6 and query in self.regions:
                found[query] = "adcode"
            # "1301" finds 130100 and its counties; trailing zeros of a code are part of the prefix only once.
            prefix = query.rstrip("0") if len(query) == 6 else query
            for region, *_ in self.entries if query != COUNTRY else ():
                if region.adcode.startswith(prefix) and region.adcode not in found:
                    found[region.adcode] = "adcode_prefix"
        else:
            q_stem = stem(query)
            for region, zh, zh_stem, en in self.entries:
                if zh == query or zh_stem == q_stem or zh == q_stem:
                    found[region.adcode] = "name"
                elif en == query or en.removesuffix("city") == query or en.removesuffix("county") == query:
                    found[region.adcode] = "name_en"
                elif zh.startswith(q_stem):
                    found[region.adcode] = "name_prefix"
                elif q_stem in zh or query in en:
                    found[region.adcode] = "name_part"
        ranked = sorted(
            found.items(),
            key=lambda kv: (_RANK[kv[1]], LEVEL_ORDER.get(self.regions[kv[0]].level, 9), kv[0]),
        )
        return [self.hit(self.regions[code], match) for code, match in ranked[:limit]]

    def named(self, name: str) -> list[str]:
        """Adcodes of the units with exactly this Chinese name (width-folded, spaces ignored)."""
        key = fold(name)
        return [c for c in self.by_name.get(key, []) if fold(self.regions[c].name_zh) == key]


_CATALOGUES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def catalogue(geo: HasRegions) -> Catalogue:
    """The index of a GeoData, built on first use and kept as long as the GeoData lives."""
    found = _CATALOGUES.get(geo)
    if found is None:
        found = _CATALOGUES[geo] = Catalogue(geo)
    return found


def check_query(q: str) -> str:
    q = (q or "").strip()
    if not q:
        raise QueryError("the query is empty")
    if len(q) > MAX_QUERY:
        raise QueryError(f"the query is longer than {MAX_QUERY} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in q):
        raise QueryError("the query contains control characters")
    return q


def search(geo: HasRegions, q: str, limit: int = 50) -> list[Hit]:
    """Units matching `q`: exact adcode, adcode prefix, Chinese name (exact, without 市/县, prefix, part), English
    name (case-insensitive). Exact matches first, then higher levels, then by adcode. Raises QueryError."""
    return catalogue(geo).search(q, limit)


def candidates_text(geo: HasRegions, adcodes: list[str]) -> tuple[str, str]:
    """("城关区（620102，甘肃省 · 兰州市）、…", "Chengguan District (620102, Gansu · Lanzhou), …")."""
    cat = catalogue(geo)
    hits = [cat.hit(geo.regions[c], "name") for c in adcodes if c in geo.regions]
    return "、".join(h.label("zh") for h in hits), "; ".join(h.label("en") for h in hits)
