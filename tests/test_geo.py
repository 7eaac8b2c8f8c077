"""Boundaries in data/geo/: counts, properties, validity, shared borders, areas, determinism."""

from __future__ import annotations

import json
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "data" / "geo"
sys.path.insert(0, str(ROOT / "scripts"))
import build_geo  # noqa: E402

GEOD = Geod(ellps="WGS84")
EXPECTED_COUNTIES = {"140600": 6, "140800": 13, "150400": 12, "450700": 4, "150200": 9}


def load(name: str) -> list[dict]:
    return json.loads((GEO / name).read_text(encoding="utf-8"))["features"]


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


@pytest.mark.parametrize(("city", "count"), EXPECTED_COUNTIES.items())
def test_county_counts_and_properties(city: str, count: int) -> None:
    feats = load(f"counties-{city}.geojson")
    assert len(feats) == count
    for f in feats:
        p = f["properties"]
        assert set(p) == {"adcode", "name_zh", "name_en", "level", "parent", "label"}
        assert len(p["adcode"]) == 6 and p["adcode"].isdigit()
        assert p["level"] == "county" and p["parent"] == city
        assert p["name_zh"] and p["name_en"] and p["name_en"].isascii()


@pytest.mark.parametrize("city", EXPECTED_COUNTIES)
def test_label_points_lie_inside_their_unit(city: str) -> None:
    for f in load(f"counties-{city}.geojson"):
        lat, lon = f["properties"]["label"]
        assert shape(f["geometry"]).contains(shapely.Point(lon, lat)), f["properties"]["name_zh"]


def test_named_units(geo) -> None:
    assert geo.regions["150426"].name_en == "Ongniud Banner"
    guyang = geo.regions["150222"]
    assert (guyang.name_zh, guyang.level, guyang.parent, guyang.focus) == ("固阳县", "county", "150200", True)
    assert {r.adcode for r in geo.regions.values() if r.focus} == {"140600", "140800", "150400", "450700", "150222"}
    assert {r.adcode for r in geo.regions.values() if r.level == "province"} == {"140000", "150000", "450000"}


@pytest.mark.parametrize("city", EXPECTED_COUNTIES)
def test_counties_form_a_valid_coverage(city: str) -> None:
    geoms = [shape(f["geometry"]) for f in load(f"counties-{city}.geojson")]
    assert all(g.is_valid for g in geoms)
    assert shapely.coverage_is_valid(np.asarray(geoms, dtype=object))
    for a, b in combinations(geoms, 2):
        # Neighbours share borders exactly: any overlap is below rounding (1e-5 degree squared).
        assert a.intersection(b).area < 1e-10


@pytest.mark.parametrize("city", EXPECTED_COUNTIES)
def test_county_areas_within_one_percent_of_source(city: str) -> None:
    units = {u["adcode"]: u for u in build_geo.read_index()}
    for f in load(f"counties-{city}.geojson"):
        source = build_geo.gcj_to_wgs(build_geo.load_geometry(units[f["properties"]["adcode"]]["path"]))
        simplified = shape(f["geometry"])
        assert area_km2(simplified) == pytest.approx(area_km2(source), rel=0.01), f["properties"]["name_zh"]


def test_city_outline_matches_its_counties() -> None:
    cities = {f["properties"]["adcode"]: shape(f["geometry"]) for f in load("cities.geojson")}
    assert set(cities) == set(EXPECTED_COUNTIES)
    for city, outline in cities.items():
        union = shapely.union_all([shape(f["geometry"]) for f in load(f"counties-{city}.geojson")])
        assert outline.symmetric_difference(union).area < 1e-6


def test_county_files_within_size_budget() -> None:
    total = sum((GEO / f"counties-{c}.geojson").stat().st_size for c in EXPECTED_COUNTIES)
    assert total <= 400_000


def test_coordinates_are_wgs84_with_five_decimals() -> None:
    text = (GEO / "counties-150400.geojson").read_text(encoding="utf-8")
    numbers = json.loads(text)["features"][0]["geometry"]["coordinates"][0][0]
    assert all(len(repr(v).split(".")[-1]) <= 5 for xy in numbers for v in xy)
    # GCJ-02 is shifted a few hundred metres east of WGS-84 around Chifeng: the shipped outline must not be.
    units = {u["adcode"]: u for u in build_geo.read_index()}
    gcj = build_geo.load_geometry(units["150426"]["path"])
    wgs = next(shape(f["geometry"]) for f in load("counties-150400.geojson") if f["properties"]["adcode"] == "150426")
    assert gcj.centroid.x - wgs.centroid.x > 0.003


def test_country_keeps_south_china_sea_islands_and_maritime_line() -> None:
    feats = load("china.geojson")
    country = shape(feats[0]["geometry"])
    assert country.bounds[1] < 5  # the southernmost islands (曾母暗沙 area) are kept
    assert feats[1]["properties"]["level"] == "maritime" and feats[1]["geometry"]["type"] == "MultiLineString"


def test_build_is_deterministic(tmp_path: Path) -> None:
    build_geo.build(tmp_path)
    for path in sorted(GEO.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_lineage_climbs_from_a_county_to_the_country(geo) -> None:
    chain = geo.lineage("150402")  # 红山区
    assert chain[:2] == ["150402", "150400"] and chain[-1] == "100000"
    assert geo.lineage("999999") == []
