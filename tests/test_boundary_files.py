"""Boundary files (issue 11, point 4): a 灌区 uploaded as a Shapefile, GeoPackage or GeoJSON becomes a unit of the
catalogue without a restart; every refusal writes nothing; revert removes the unit; roles; both backends."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from pathlib import Path

import pytest
from client_helpers import bearer, post_file, unique
from shapely.geometry import LineString, Polygon, shape

from water_targets.boundaries.files import (
    MAX_BYTES,
    BoundaryRefused,
    Mapping,
    commit_boundaries,
    preview_boundaries,
)
from water_targets.data import forget_head, geo_at, get_geo, store_engine
from water_targets.store.models import BOUNDARIES
from water_targets.store.revisions import head, rows_at
from water_targets.store.users import Actor, add_user

pytestmark = pytest.mark.usefixtures("pristine_store")

BAOTOU = "150200"
# A fictitious irrigation district near 包头/鄂尔多斯 (about 109.8 E, 40.6 N), with a bite out of it.
SHAPE = Polygon([(109.70, 40.55), (109.90, 40.54), (109.93, 40.62), (109.85, 40.70), (109.80, 40.64), (109.72, 40.66)])
ADMIN = Actor(name="boundary-tests", role="admin", regions=())
MAPPING = dict(code_field="DM", name_field="MC", name_en_field="NAME_EN", parent=BAOTOU)


def frame(code: str = "150200G01", geom=SHAPE, crs: str | None = "EPSG:4326", name: str = "测试灌区"):
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        {"DM": [code], "MC": [name], "NAME_EN": ["Test Irrigation District"]}, geometry=[geom], crs="EPSG:4326"
    )
    return gdf if crs == "EPSG:4326" else (gdf.to_crs(crs) if crs else gdf.set_crs(None, allow_override=True))


def shapefile_zip(gdf, tmp: Path, drop_prj: bool = False) -> bytes:
    folder = tmp / uuid.uuid4().hex
    folder.mkdir()
    gdf.to_file(folder / "guanqu.shp", engine="pyogrio", encoding="utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for f in sorted(folder.iterdir()):
            if not (drop_prj and f.suffix == ".prj"):
                z.write(f, f"guanqu/{f.name}")
    return out.getvalue()


def file_bytes(gdf, tmp: Path, driver: str, suffix: str) -> bytes:
    path = tmp / f"{uuid.uuid4().hex}{suffix}"
    gdf.to_file(path, driver=driver, engine="pyogrio")
    return path.read_bytes()


def geojson(*geoms, code: str = "150200G09") -> bytes:
    feats = [
        {"type": "Feature", "properties": {"DM": f"{code[:-1]}{i}", "MC": f"单元{i}"}, "geometry": g.__geo_interface__}
        for i, g in enumerate(geoms)
    ]
    return json.dumps({"type": "FeatureCollection", "features": feats}).encode()


def now() -> int:
    with store_engine().connect() as conn:
        return head(conn)


def refused(name: str, data: bytes, mapping: Mapping | None = None) -> BoundaryRefused:
    before = now()
    with pytest.raises(BoundaryRefused) as info:
        commit_boundaries(store_engine(), name, data, mapping or Mapping(**MAPPING), get_geo(), ADMIN)
    assert now() == before
    return info.value


@pytest.mark.parametrize("kind", ["shp-4490", "shp-32649", "gpkg", "geojson"])
def test_every_format_and_crs_gives_the_same_unit(kind, tmp_path) -> None:
    if kind == "shp-4490":
        name, data = "guanqu.zip", shapefile_zip(frame(crs="EPSG:4490"), tmp_path)
    elif kind == "shp-32649":
        name, data = "guanqu.zip", shapefile_zip(frame(crs="EPSG:32649"), tmp_path)
    elif kind == "gpkg":
        name, data = "guanqu.gpkg", file_bytes(frame(), tmp_path, "GPKG", ".gpkg")
    else:
        name, data = "guanqu.geojson", file_bytes(frame(), tmp_path, "GeoJSON", ".geojson")
    fields_only = preview_boundaries(store_engine(), name, data, Mapping(), get_geo())
    assert [f["name"] for f in fields_only.fields] == ["DM", "MC", "NAME_EN"]
    assert (fields_only.mapping.code_field, fields_only.mapping.name_field) == ("DM", "MC")  # guessed
    assert fields_only.units == []
    preview = preview_boundaries(store_engine(), name, data, Mapping(**MAPPING), get_geo())
    (unit,) = preview.units
    assert (unit.adcode, unit.name_zh, unit.level, unit.parent, unit.status) == (
        "150200G01",
        "测试灌区",
        "special",
        BAOTOU,
        "new",
    )
    assert 220 < unit.area_km2 < 230  # the polygon is about 225 km²
    assert unit.bounds == pytest.approx((109.70, 40.54, 109.93, 40.70), abs=2e-3)
    assert "32649" in preview.crs if kind == "shp-32649" else True


def test_refusals_write_nothing(tmp_path) -> None:
    no_crs = refused("a.zip", shapefile_zip(frame(), tmp_path, drop_prj=True))
    assert "coordinate reference system" in str(no_crs) and "坐标参考系" in no_crs.message_zh
    mixed = refused("m.geojson", geojson(SHAPE, LineString([(109.7, 40.5), (109.9, 40.6)])))
    assert "mixed geometry types" in str(mixed)
    assert "no features" in str(refused("e.geojson", b'{"type": "FeatureCollection", "features": []}'))
    big = refused("big.geojson", b" " * (MAX_BYTES + 1))
    assert "at most 50 MB" in str(big) and "50 MB" in big.message_zh
    paris = Polygon([(2.2, 48.8), (2.4, 48.8), (2.4, 48.9)])
    far = refused("p.geojson", geojson(paris), Mapping(code_field="DM", name_field="MC", parent=BAOTOU))
    assert "far outside China" in str(far)
    clash = refused("c.zip", shapefile_zip(frame(code="150202"), tmp_path))
    assert "already in the catalogue" in str(clash) and "东河区" in clash.message_zh
    no_parent = refused("n.zip", shapefile_zip(frame(), tmp_path), Mapping(code_field="DM", name_field="MC"))
    assert "parent" in str(no_parent)
    slip = io.BytesIO()
    with zipfile.ZipFile(slip, "w") as z:
        z.writestr("../evil.shp", b"x")
    assert "unsafe path" in str(refused("s.zip", slip.getvalue()))
    assert "not a zip" in str(refused("x.zip", b"PK no zip"))


def test_commit_is_one_revision_the_unit_joins_the_catalogue_and_revert_removes_it(client, tmp_path) -> None:
    from water_targets.imports.pipeline import revert

    before = now()
    data = shapefile_zip(frame(crs="EPSG:4490"), tmp_path)
    revision, preview = commit_boundaries(store_engine(), "guanqu.zip", data, Mapping(**MAPPING), get_geo(), ADMIN)
    forget_head()
    assert revision.id == before + 1 and revision.action == "boundaries" and revision.added == 1
    assert revision.file_name == "guanqu.zip" and revision.file_sha256 == preview.sha256
    geo = get_geo()
    unit = geo.regions["150200G01"]
    assert (unit.name_zh, unit.level, unit.parent) == ("测试灌区", "special", BAOTOU)
    assert get_geo() is geo  # built once per set of uploaded units
    assert "150200G01" not in geo_at(before).regions  # a view of an earlier revision has that revision's catalogue
    body = client.get("/api/v1/boundaries?adcode=150200G01").get_json()
    assert body["features"][0]["properties"]["adcode"] == "150200G01"
    assert any(r["adcode"] == "150200G01" for r in client.get("/api/v1/regions").get_json())
    history = client.get(f"/api/v1/revisions/{revision.id}")  # anonymous: 401 (diffs need an editor)
    assert history.status_code == 401

    assert "already in the catalogue" in str(refused("guanqu.zip", data))  # uploaded units are catalogue units
    same = Mapping(**MAPPING, replace=True)
    again, _ = commit_boundaries(store_engine(), "guanqu.zip", data, same, get_geo(), ADMIN)
    assert again is None  # the same units: nothing written

    undone = revert(store_engine(), revision.id, ADMIN, "test")
    forget_head()
    assert undone is not None and "150200G01" not in get_geo().regions
    assert geo_at(revision.id).regions["150200G01"].name_zh == "测试灌区"  # and the revision that added it, still
    assert client.get("/api/v1/boundaries?adcode=150200G01").status_code == 404


def test_replacing_an_existing_county_needs_the_tick(tmp_path) -> None:
    from water_targets.imports.pipeline import revert

    moved = Polygon([(109.95, 40.55), (110.05, 40.55), (110.05, 40.62), (109.95, 40.62)])
    data = shapefile_zip(frame(code="150202", geom=moved, name="东河区"), tmp_path)
    revision, preview = commit_boundaries(
        store_engine(), "donghe.zip", data, Mapping(**MAPPING, replace=True), get_geo(), ADMIN
    )
    forget_head()
    assert preview.units[0].status == "replaced"
    unit = get_geo().regions["150202"]
    assert (unit.level, unit.parent) == ("county", BAOTOU)  # kept from the catalogue
    assert shape(get_geo().features["150202"]["geometry"]).bounds == (109.95, 40.55, 110.05, 40.62)
    revert(store_engine(), revision.id, ADMIN)
    forget_head()
    assert get_geo().features["150202"]["geometry"]["type"] == "MultiPolygon"  # the bundled one again


@pytest.fixture(scope="module")
def tokens(client) -> dict:
    return {"admin": bearer(unique("bnd-admin"), "admin"), "editor": bearer(unique("bnd-editor"), "editor", [BAOTOU])}


def post(client, data: bytes, headers: dict | None = None, name: str = "guanqu.zip", **form):
    return post_file(client, "/api/v1/boundaries", data, name, headers, **form)


def test_api_roles_dry_run_and_refusals(client, tokens, tmp_path) -> None:
    data = shapefile_zip(frame(crs="EPSG:32649"), tmp_path)
    before = now()
    assert post(client, data, **MAPPING).status_code == 401
    assert post(client, data, tokens["editor"], **MAPPING).status_code == 403
    dry = post(client, data, tokens["admin"], dry_run="1", **MAPPING)
    assert dry.status_code == 200 and dry.get_json()["units"][0]["status"] == "new"
    bad = post(client, shapefile_zip(frame(code="150202"), tmp_path), tokens["admin"], **MAPPING)
    assert bad.status_code == 422 and "already in the catalogue" in bad.get_json()["error"]
    assert now() == before
    done = post(client, data, tokens["admin"], **MAPPING)
    assert done.status_code == 201 and done.get_json()["revision"] == before + 1
    forget_head()
    assert "150200G01" in get_geo().regions
    from water_targets.imports.pipeline import revert

    revert(store_engine(), before + 1, ADMIN)
    forget_head()


def test_the_admin_page_previews_then_commits(client, tokens, tmp_path) -> None:
    import re

    suffix = uuid.uuid4().hex[:6]
    c = client.application.test_client()
    add_user(store_engine(), f"bnd-page-{suffix}", "admin", "correct horse battery", [], get_geo())
    page = c.get("/auth/sign-in")
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    signed = c.post(
        "/auth/sign-in",
        data={
            "name": f"bnd-page-{suffix}",
            "password": "correct horse battery",
            "csrf_token": csrf,
            "next": "/admin/boundaries/",
        },
    )
    assert signed.status_code == 302
    page = c.get("/admin/boundaries/")
    assert "上传边界文件" in page.get_data(as_text=True)
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()  # a new session's token
    data = shapefile_zip(frame(crs="EPSG:4490"), tmp_path)
    first = c.post(
        "/admin/boundaries/preview",
        data={"csrf_token": csrf, "file": (io.BytesIO(data), "guanqu.zip")},
        content_type="multipart/form-data",
    )
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "EPSG:4490" in html and "DM" in html
    upload_id = re.search(r'name="upload_id" value="([0-9a-f]{64})"', html).group(1)
    units = c.post("/admin/boundaries/preview", data={"csrf_token": csrf, "upload_id": upload_id, **MAPPING})
    html = units.get_data(as_text=True)
    assert units.status_code == 200 and "测试灌区" in html and "boundary-commit-button" in html
    before = now()
    done = c.post("/admin/boundaries/commit", data={"csrf_token": csrf, "upload_id": upload_id, **MAPPING})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/admin/revisions/{before + 1}")
    forget_head()
    shown = c.get(f"/admin/revisions/{before + 1}").get_data(as_text=True)
    assert "测试灌区" in shown and "EPSG:4490" in shown  # the diff names the unit and the file's CRS
    assert "150200G01" in get_geo().regions
    from water_targets.imports.pipeline import revert

    revert(store_engine(), before + 1, ADMIN)
    forget_head()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_boundary_rows_are_versioned_on_both_backends(backend, request, tmp_path) -> None:
    from store_helpers import ready_store

    from water_targets.imports.pipeline import revert

    url = request.getfixturevalue("pg_url") if backend == "postgresql" else f"sqlite:///{tmp_path}/b.db"
    engine = ready_store(url)
    data = file_bytes(frame(), tmp_path, "GeoJSON", ".geojson")
    geo = get_geo()
    revision, _ = commit_boundaries(engine, "g.geojson", data, Mapping(**MAPPING), geo, ADMIN)
    with engine.connect() as conn:
        (row,) = rows_at(conn, BOUNDARIES, revision.id)
        assert row["adcode"] == "150200G01" and json.loads(row["geometry"])["type"] == "Polygon"
        assert rows_at(conn, BOUNDARIES, revision.id - 1) == []
    revert(engine, revision.id, ADMIN)
    with engine.connect() as conn:
        assert rows_at(conn, BOUNDARIES, None) == []
        assert len(rows_at(conn, BOUNDARIES, revision.id)) == 1  # history keeps it
    engine.dispose()


def test_the_new_unit_takes_values_through_the_normal_import_and_maps_within_its_parent(client, tokens, tmp_path):
    from water_targets.choropleth import view_for
    from water_targets.data import get_dataset
    from water_targets.imports.pipeline import revert

    data = shapefile_zip(frame(crs="EPSG:4490"), tmp_path)
    first, _ = commit_boundaries(store_engine(), "guanqu.zip", data, Mapping(**MAPPING), get_geo(), ADMIN)
    forget_head()
    plan = {"id": "guanqu-test-plan", "region": "150200G01", "title": "测试灌区节水方案", "kind": "plan"}
    doc = client.post("/api/v1/documents", json=plan, headers=tokens["admin"])
    assert doc.status_code == 201, doc.get_json()
    forget_head()
    from water_targets.regions import is_region_choice

    assert is_region_choice(get_dataset(), get_geo(), "150200G01")  # a plan region like the five
    row = "150200G01,total_water_use,2025,target,1.2300,<=,,,guanqu-test-plan,附件 测试,test fixture"
    header = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"
    resp = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO((header + row + "\n").encode()), "guanqu.csv")},
        headers=tokens["admin"],
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.get_json()
    forget_head()
    values = get_dataset().values
    assert (values["region"] == "150200G01").any()
    view = view_for(get_dataset(), get_geo(), "150200G01")
    assert view.highlight == "150200G01" and view.boundary_query == f"parent={BAOTOU}"
    assert view.units[-1] == "150200G01" and "150202" in view.units  # drawn last, over Baotou's counties
    revert(store_engine(), resp.get_json()["revision"], ADMIN)
    revert(store_engine(), doc.get_json()["revision"], ADMIN)
    revert(store_engine(), first.id, ADMIN)
    forget_head()


def test_the_command_line_previews_and_imports(tmp_path, capsys) -> None:
    from water_targets.__main__ import main
    from water_targets.imports.pipeline import revert

    name = f"bnd-cli-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "admin", "correct horse battery", [], get_geo())
    path = tmp_path / "guanqu.gpkg"
    path.write_bytes(file_bytes(frame(), tmp_path, "GPKG", ".gpkg"))
    before = now()
    assert main(["boundaries", "import", str(path), "--user", name]) == 1  # no mapping: the fields are listed
    assert "field MC: 测试灌区" in capsys.readouterr().out
    args = ["boundaries", "import", str(path), "--user", name, "--code-field", "DM", "--name-field", "MC"]
    assert main([*args, "--parent", "150202"]) == 1  # a county is no parent
    assert "city or province" in capsys.readouterr().err
    assert main([*args, "--parent", BAOTOU, "--dry-run"]) == 0 and now() == before
    assert main([*args, "--parent", BAOTOU]) == 0
    assert f"revision {before + 1} written" in capsys.readouterr().out
    forget_head()
    assert "150200G01" in get_geo().regions
    revert(store_engine(), before + 1, ADMIN)
    forget_head()


def test_gcj02_is_converted_only_when_chosen(tmp_path) -> None:
    data = file_bytes(frame(), tmp_path, "GeoJSON", ".geojson")
    plain = preview_boundaries(store_engine(), "g.geojson", data, Mapping(**MAPPING), get_geo()).units[0]
    gcj = preview_boundaries(store_engine(), "g.geojson", data, Mapping(**MAPPING, crs="gcj02"), get_geo()).units[0]
    shift = [a - b for a, b in zip(plain.bounds, gcj.bounds, strict=True)]
    assert all(0.0005 < abs(d) < 0.01 for d in shift)  # GCJ-02 is a few hundred metres off WGS-84 here


def test_the_command_line_takes_the_crs_and_shows_the_encoding_and_the_gcj02_warning(capsys) -> None:
    from water_targets.__main__ import main

    name = f"bnd-cli-crs-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "admin", "correct horse battery", [], get_geo())
    files = Path(__file__).resolve().parent / "files" / "boundaries"
    shp, gcj = str(files / "chifeng_gbk_noprj.zip"), str(files / "chifeng_gcj02.geojson")
    before = now()
    assert main(["boundaries", "import", shp, "--user", name, "--dry-run"]) == 1
    assert "coordinate reference system" in capsys.readouterr().err
    mapping = ["--code-field", "XZQDM", "--name-field", "XZQMC", "--parent", "150400", "--replace"]
    assert main(["boundaries", "import", shp, "--user", name, "--crs", "cgcs2000", "--dry-run", *mapping]) == 0
    out = capsys.readouterr().out
    assert "EPSG:4490" in out and "text encoding gb18030" in out and "阿鲁科尔沁旗" in out
    gcj_mapping = ["--code-field", "adcode", "--name-field", "name", "--parent", "150400", "--replace", "--dry-run"]
    assert main(["boundaries", "import", gcj, "--user", name, *gcj_mapping]) == 0
    assert "GCJ-02" in capsys.readouterr().err
    assert main(["boundaries", "import", gcj, "--user", name, "--crs", "gcj02", *gcj_mapping]) == 0
    assert "warning" not in capsys.readouterr().err
    assert now() == before
