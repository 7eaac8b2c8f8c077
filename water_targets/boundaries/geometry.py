"""Geometry of uploaded units: GCJ-02 by explicit choice, repaired rings, simplified like data/geo, label points."""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

from ..geo import COUNTRY, GeoData

GRID = 1e-5  # 5 decimals, as data/geo (scripts/build_geo.py)
TOLERANCE = 0.0015  # degrees, scripts/build_geo.py COUNTY_TOLERANCE
CHINA_MARGIN = 1.0  # degrees around the bundled outline of China; beyond it a unit is "far outside China"


def gcj_to_wgs(geom: shapely.Geometry) -> shapely.Geometry:
    import prcoords

    def convert(xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy)
        for i, (lon, lat) in enumerate(xy):
            wgs = prcoords.gcj_wgs(prcoords.Coords(lat, lon), check_china=False)
            out[i] = (wgs.lon, wgs.lat)
        return out

    return shapely.transform(geom, convert)


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


def label_point(geom: shapely.Geometry) -> list[float]:
    largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    point = polylabel(largest, tolerance=0.001)
    return [round(point.y, 5), round(point.x, 5)]


def china_box(geo: GeoData) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = shape(geo.features[COUNTRY]["geometry"]).bounds
    return x0 - CHINA_MARGIN, y0 - CHINA_MARGIN, x1 + CHINA_MARGIN, y1 + CHINA_MARGIN


def mapping_of(geom: shapely.Geometry) -> dict:
    out = mapping(geom)
    return json.loads(json.dumps(out))  # tuples → lists, as the bundled GeoJSON
