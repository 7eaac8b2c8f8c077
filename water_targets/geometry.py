"""The geometry rules every unit follows, for the boundary build (scripts/build_geo.py), the catalogue (geo.py) and
uploaded boundary files (boundaries/upload_geometry.py): GCJ-02 ⇄ WGS-84, the coordinate grid, the label point."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.ops import polylabel

GRID = 1e-5  # coordinates on a 5-decimal grid (about 1 m)

# GCJ-02 (prcoords' formula and constants: Krasovsky 1940), vectorised with numpy
GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323


def _gcj_delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02's shift (degrees of lon, lat) at WGS-84 points."""
    x, y = lon - 105.0, lat - 35.0
    pi = np.pi
    d_lat_m = (
        -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
        + (2 * np.sin(x * 6 * pi) + 2 * np.sin(x * 2 * pi) + 2 * np.sin(y * pi) + 4 * np.sin(y / 3 * pi)
           + 16 * np.sin(y / 12 * pi) + 32 * np.sin(y / 30 * pi)) * 20 / 3
    )  # fmt: skip
    d_lon_m = (
        300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
        + (2 * np.sin(x * 6 * pi) + 2 * np.sin(x * 2 * pi) + 2 * np.sin(x * pi) + 4 * np.sin(x / 3 * pi)
           + 15 * np.sin(x / 12 * pi) + 30 * np.sin(x / 30 * pi)) * 20 / 3
    )  # fmt: skip
    rad_lat = np.radians(lat)
    magic = 1 - GCJ_EE * np.sin(rad_lat) ** 2
    lat_arc = np.radians((GCJ_A * (1 - GCJ_EE)) / magic**1.5)
    lon_arc = np.radians(GCJ_A * np.cos(rad_lat) / np.sqrt(magic))
    return d_lon_m / lon_arc, d_lat_m / lat_arc


def gcj_to_wgs_xy(xy: np.ndarray) -> np.ndarray:
    """prcoords.gcj_wgs (wgs = gcj - (wgs_gcj(gcj) - gcj), about 2e-6 degree) for an (n, 2) lon/lat array."""
    d_lon, d_lat = _gcj_delta(xy[:, 0], xy[:, 1])
    return np.column_stack([xy[:, 0] - d_lon, xy[:, 1] - d_lat])


def wgs_to_gcj_xy(xy: np.ndarray) -> np.ndarray:
    """prcoords.wgs_gcj for an (n, 2) lon/lat array: where a GCJ-02 map draws WGS-84 points."""
    d_lon, d_lat = _gcj_delta(xy[:, 0], xy[:, 1])
    return np.column_stack([xy[:, 0] + d_lon, xy[:, 1] + d_lat])


def gcj_to_wgs(geom):
    """GCJ-02 -> WGS-84 for every vertex of a geometry (or a numpy array / GeoSeries of geometries)."""
    return shapely.transform(geom, gcj_to_wgs_xy)


def label_point(geom: shapely.Geometry) -> list[float]:
    """[lat, lon] of a point well inside the unit (pole of inaccessibility of its largest part), for its
    map label: a concave unit's centroid can fall in its neighbour (松山区 wraps around 红山区)."""
    parts = getattr(geom, "geoms", [geom])
    largest = max(parts, key=lambda g: g.area)
    tolerance = min(0.001, max(1e-5, np.sqrt(largest.area) / 500))
    point = polylabel(largest, tolerance=tolerance)
    return [round(point.y, 5), round(point.x, 5)]
