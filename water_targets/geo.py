"""Region catalog and boundaries from data/geo/ (built by scripts/build_geo.py).

The catalog (regions.csv, about 3,200 units) loads at start-up; boundaries load lazily, one gzip file per parent
(<parent>.geojson.gz holds the children of <parent>), and stay cached.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.errors import GEOSException
from shapely.geometry import mapping, shape

from .geometry import GRID, label_point
from .i18n import t
from .settings import SETTINGS

COUNTRY = "100000"
COUNTRY_FILE = "china"  # china.geojson.gz: the country's own outline and the maritime boundary line
# Coarse geometry for views of many units (the overview of hundreds or thousands of plan regions): simplified to
# 0.005° (about 500 m, under a pixel at the zoom that shows a province or more) with 3 decimals. The national
# county layer (~2,870 units) is then 5.2 MB of JSON, 0.83 MB brotli, against 26 MB and 4.0 MB at full detail.
COARSE_TOLERANCE = 0.005
COARSE_DECIMALS = 3


WITHIN_PARENT_LEVELS = ("county", "special")
CATALOGUE_FIELDS = ("adcode", "name_zh", "name_en", "level", "parent")  # a unit's row in regions.csv


@dataclass(frozen=True)
class Region:
    adcode: str
    name_zh: str
    name_en: str
    level: str
    parent: str

    def name(self, lang: str) -> str:
        """The name a reader sees: the country is 全国 (as plans and bulletins call it), not its catalogue name."""
        if self.level == "country":
            return t("country_name", lang)
        return self.name_en if lang == "en" else self.name_zh

    @property
    def maps_within_parent(self) -> bool:
        """A county, or an uploaded 开发区/灌区 ("special"), is mapped among its parent's units, highlighted."""
        return self.level in WITHIN_PARENT_LEVELS

    def as_dict(self) -> dict:
        # Whether a unit has a plan depends on the data revision: /api/v1/regions adds "focus" (see regions.py).
        return catalogue_fields(self)


def catalogue_fields(unit: object) -> dict[str, str]:
    """The catalogue's columns (CATALOGUE_FIELDS) of a region, or of a unit read from a boundary file."""
    return {name: getattr(unit, name) for name in CATALOGUE_FIELDS}


class _FileCache:
    """Boundary files of one data/geo directory, read on first use, shared by extended copies.

    Each feature is kept as its JSON text (one feature a line in the file): strings are invisible to the garbage
    collector, so a process that has read many files keeps short GC pauses, and /api/v1/boundaries joins the
    texts without parsing or re-encoding the geometry. Parsed features come from a small LRU cache.
    """

    def __init__(self, geo_dir: Path) -> None:
        self.geo_dir = geo_dir
        self.files: dict[str, tuple[dict[str, str], list[str]]] = {}
        self.coarse: dict[str, dict[str, str]] = {}  # coarse feature texts by adcode, per file (coarse_texts)
        self.lock = threading.Lock()

    def names(self) -> set[str]:
        return {p.name.removesuffix(".geojson.gz") for p in self.geo_dir.glob("*.geojson.gz")}

    def get(self, name: str) -> tuple[dict[str, str], list[str]]:
        """The file's feature texts by adcode, and those without an adcode (the maritime line)."""
        entry = self.files.get(name)
        if entry is None:
            with self.lock:
                entry = self.files.get(name)
                if entry is None:
                    entry = self.files[name] = self._read(self.geo_dir / f"{name}.geojson.gz")
        return entry

    def coarse_get(self, name: str) -> dict[str, str]:
        """The file's features by adcode with coarse geometry (COARSE_TOLERANCE), computed once per file."""
        entry = self.coarse.get(name)
        if entry is None:
            entry = coarse_texts(self.get(name)[0])
            with self.lock:
                self.coarse[name] = entry
        return entry

    @staticmethod
    def _read(path: Path) -> tuple[dict[str, str], list[str]]:
        by_code: dict[str, str] = {}
        extras: list[str] = []
        if not path.exists():
            return by_code, extras
        lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
        for line in lines[1:-1]:  # '{"features":[', one feature a line, '],"type":"FeatureCollection"}'
            text = line.removesuffix(",")
            match = _ADCODE.search(text)
            if match is None:
                raise ValueError(f"{path}: a feature line without properties.adcode")
            if match.group(1):
                by_code[match.group(1)] = text
            else:
                extras.append(text)
        return by_code, extras


_ADCODE = re.compile(r'"properties":\{"adcode":"([^"]*)"')


def coarse_texts(texts: dict[str, str]) -> dict[str, str]:
    """Feature texts with their geometry simplified to COARSE_TOLERANCE (topology kept, so no unit vanishes) and
    rounded to COARSE_DECIMALS; properties unchanged."""
    if not texts:
        return {}
    feats = [json.loads(text) for text in texts.values()]
    geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in feats])
    geoms = shapely.simplify(geoms, COARSE_TOLERANCE, preserve_topology=True)
    geoms = shapely.set_precision(geoms, 10**-COARSE_DECIMALS, mode="pointwise")
    out = {}
    for code, feat, geom in zip(texts, feats, shapely.to_geojson(geoms), strict=True):
        props = json.dumps(feat["properties"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        out[code] = '{"geometry":' + geom + ',"properties":' + props + ',"type":"Feature"}'
    return out


@lru_cache(maxsize=512)
def _parsed(text: str) -> dict:
    return json.loads(text)


class _Features(Mapping):
    """adcode -> GeoJSON feature, reading the unit's parent file on first access."""

    def __init__(self, geo: GeoData) -> None:
        self._geo = geo

    def __getitem__(self, adcode: str) -> dict:
        return self._geo.feature(adcode)

    def __contains__(self, adcode: object) -> bool:
        return adcode in self._geo.regions

    def __iter__(self) -> Iterator[str]:
        return iter(self._geo.regions)

    def __len__(self) -> int:
        return len(self._geo.regions)


class GeoData:
    """Catalog of units (eager) and their GeoJSON features (lazy), indexed by adcode and by parent."""

    def __init__(self, geo_dir: Path) -> None:
        self.geo_dir = geo_dir
        path = geo_dir / "regions.csv"
        with path.open(encoding="utf-8") as f:
            self.regions: dict[str, Region] = {
                row["adcode"]: Region(row["adcode"], row["name_zh"], row["name_en"], row["level"], row["parent"])
                for row in csv.DictReader(f)
            }
        self._files = _FileCache(geo_dir)
        self._own: dict[str, str] = {}  # feature texts of units added by extended(), by adcode
        self._index()
        available = self._files.names()
        missing = sorted(p for p in {*self._children, COUNTRY_FILE} - {""} if p not in available)
        if missing:
            raise ValueError(f"{path}: no boundary file in {geo_dir} for parent(s) {', '.join(missing)}")
        self.features: Mapping[str, dict] = _Features(self)

    def _index(self) -> None:
        self._children: dict[str, list[Region]] = {}
        for region in self.regions.values():
            self._children.setdefault(region.parent, []).append(region)

    def _text(self, adcode: str) -> str:
        if adcode in self._own:
            return self._own[adcode]
        region = self.regions[adcode]  # KeyError for an unknown unit, as a dict would
        return self._files.get(COUNTRY_FILE if adcode == COUNTRY else region.parent)[0][adcode]

    def feature(self, adcode: str) -> dict:
        """The unit's GeoJSON feature (properties adcode, name_zh, name_en, level, parent, label). Shared and
        cached: do not modify it."""
        return _parsed(self._text(adcode))

    @property
    def extra_features(self) -> list[dict]:
        """Features without a catalog unit (the maritime boundary line)."""
        return [_parsed(t) for t in self._files.get(COUNTRY_FILE)[1]]

    def children(self, parent: str) -> list[Region]:
        return list(self._children.get(parent, ()))

    def lineage(self, adcode: str) -> list[str]:
        """The unit and every unit above it, nearest first (a county, its city, its province, China)."""
        out: list[str] = []
        while adcode in self.regions and adcode not in out:
            out.append(adcode)
            adcode = self.regions[adcode].parent
        return out

    def city_of(self, adcode: str) -> Region:
        """The unit whose counties form the map for this region (a county maps within its city)."""
        region = self.regions[adcode]
        return self.regions[region.parent] if region.maps_within_parent else region

    def collection(self, adcodes: list[str]) -> dict:
        feats = [self.features[c] for c in adcodes]
        if COUNTRY in adcodes:
            feats += self.extra_features
        return {"type": "FeatureCollection", "features": feats}

    def _coarse_text(self, adcode: str) -> str:
        if adcode in self._own:  # an uploaded unit: already simplified, and one of few
            return self._own[adcode]
        region = self.regions[adcode]
        return self._files.coarse_get(COUNTRY_FILE if adcode == COUNTRY else region.parent)[adcode]

    def collection_json(self, adcodes: list[str], coarse: bool = False) -> bytes:
        """collection(adcodes) as compact UTF-8 JSON, joined from the files' feature texts (no parsing); `coarse`:
        with the simplified geometry of views of many units (COARSE_TOLERANCE, computed once per file)."""
        texts = [(self._coarse_text if coarse else self._text)(c) for c in adcodes]
        if COUNTRY in adcodes:
            texts += self._files.get(COUNTRY_FILE)[1]
        return ('{"type":"FeatureCollection","features":[' + ",".join(texts) + "]}").encode("utf-8")

    def extended(self, units: list[dict]) -> GeoData:
        """A new GeoData with these units added (or, for an existing adcode, replaced) on top of this one.

        Each unit: adcode, name_zh, name_en, level, parent (a known unit or one of `units`), geometry (a GeoJSON
        Polygon/MultiPolygon dict in WGS-84) and optionally label ([lat, lon]; a point inside is computed when
        absent). Coordinates are rounded to 5 decimals, invalid rings repaired. This GeoData is left unchanged;
        boundary files stay shared (and lazily loaded). Raises ValueError for a malformed unit.
        """
        new = object.__new__(GeoData)
        new.geo_dir, new._files = self.geo_dir, self._files
        new.regions, new._own = dict(self.regions), dict(self._own)
        added = {str(u.get("adcode", "")) for u in units}
        for unit in units:
            region, feat = _unit_feature(unit)
            if region.parent and region.parent not in self.regions and region.parent not in added:
                raise ValueError(f"unit {region.adcode}: unknown parent {region.parent!r}")
            new.regions[region.adcode] = region
            new._own[region.adcode] = json.dumps(feat, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        new._index()
        new.features = _Features(new)
        return new


def _unit_feature(unit: dict) -> tuple[Region, dict]:
    try:
        region = Region(*(str(unit[k]).strip() for k in ("adcode", "name_zh", "name_en", "level", "parent")))
        geom = shape(unit["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError, GEOSException) as exc:
        raise ValueError(
            f"malformed unit {unit.get('adcode', '?') if isinstance(unit, dict) else unit!r}: {exc}"
        ) from exc
    if not region.adcode or not region.name_zh or not region.level:
        raise ValueError(f"unit {region.adcode!r}: adcode, name_zh and level are required")
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    if geom.geom_type == "GeometryCollection":
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"unit {region.adcode}: geometry must be a non-empty Polygon or MultiPolygon")
    geom = shapely.transform(geom, lambda xy: xy.round(5))
    label = unit.get("label")
    if label is None:
        label = label_point(geom)
    else:
        label = [round(float(label[0]), 5), round(float(label[1]), 5)]
    props = {**{k: getattr(region, k) for k in ("adcode", "name_zh", "name_en", "level", "parent")}, "label": label}
    return region, {"type": "Feature", "properties": props, "geometry": mapping(geom)}


@lru_cache(maxsize=1)
def bundled_geo() -> GeoData:
    """The catalogue shipped in data/geo/, read once."""
    return GeoData(SETTINGS.data_dir / "geo")
