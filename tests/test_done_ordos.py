"""Issue 11's "done when", through HTTP only: an admin adds 鄂尔多斯市's plan (region found in the national
catalogue, one document, targets for its county-level units) and an irrigation district from a Shapefile, with no
code change and no restart, and both work like the five plans: region menu, map, progress, exports.

Every figure below is a test fixture (invented), never shipped data.
"""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from shapely.geometry import Polygon

from water_targets.data import forget_head, get_geo, store_engine
from water_targets.store.users import add_user, create_token

pytestmark = pytest.mark.usefixtures("pristine_store")

ORDOS = "150600"
DISTRICT = "150600G01"  # a fictitious 灌区 of 鄂尔多斯市 (code chosen by the bureau)
SUFFIX = uuid.uuid4().hex[:6]
HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"


@pytest.fixture(scope="module")
def admin(client) -> dict:
    name = f"ordos-admin-{SUFFIX}"
    add_user(store_engine(), name, "admin", "correct horse battery", [], get_geo())
    return {"Authorization": f"Bearer {create_token(store_engine(), name)}"}


def post_csv(client, admin: dict, rows: list[str]) -> dict:
    body = (HEADER + "\n".join(rows) + "\n").encode()
    resp = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(body), "targets.csv")},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.get_json()
    forget_head()
    return resp.get_json()


def add_plan(client, admin: dict, region: str, doc: str, title: str) -> None:
    resp = client.post(
        "/api/v1/documents",
        json={"id": doc, "region": region, "title": title, "kind": "plan", "issued": "2025-05-01"},
        headers=admin,
    )
    assert resp.status_code == 201, resp.get_json()
    forget_head()


def district_shapefile(tmp_path) -> bytes:
    import geopandas as gpd

    # Inside 鄂尔多斯市 (about 109.9 E, 39.6 N), in CGCS2000 as a bureau's GIS would export it.
    shape = Polygon([(109.80, 39.55), (110.00, 39.55), (110.02, 39.68), (109.85, 39.70)])
    gdf = gpd.GeoDataFrame({"DM": [DISTRICT], "MC": ["测试灌区"]}, geometry=[shape], crs="EPSG:4326")
    gdf = gdf.to_crs("EPSG:4490")
    gdf.to_file(tmp_path / "guanqu.shp", engine="pyogrio", encoding="utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for f in sorted(tmp_path.glob("guanqu.*")):
            z.write(f, f.name)
    return out.getvalue()


@pytest.fixture(scope="module")
def added(client, admin, tmp_path_factory) -> list[str]:
    """Steps 1–5 done by an admin over HTTP; returns 鄂尔多斯市's county-level units."""
    tmp_path = tmp_path_factory.mktemp("ordos")
    # 1. The region is found in the national catalogue.
    hit = next(h for h in client.get("/api/v1/regions?q=鄂尔多斯").get_json() if h["adcode"] == ORDOS)
    assert hit["name_zh"] == "鄂尔多斯市"
    counties = sorted(r["adcode"] for r in client.get("/api/v1/regions").get_json() if r["parent"] == ORDOS)
    assert len(counties) == 9
    assert client.get("/?region=150600").status_code == 200

    # 2. One document, targets for the city and each county-level unit.
    doc = f"ordos-test-{SUFFIX}"
    add_plan(client, admin, ORDOS, doc, "鄂尔多斯市节水行动实施方案（测试）")
    rows = [f"{ORDOS},total_water_use,2025,target,20.00,<=,,,{doc},附件（测试）,test fixture"]
    rows += [f"{c},total_water_use,2025,target,{1 + i / 10:.2f},<=,,,{doc},附件（测试）,test fixture"
             for i, c in enumerate(counties)]
    post_csv(client, admin, rows)

    # 3. It is a region like the five: progress for the city and its 9 units, the allocation check, exports.
    progress = client.get(f"/api/v1/progress?region={ORDOS}&indicator=total_water_use").get_json()
    assert [u["region"]["adcode"] for u in progress["units"]] == [ORDOS, *counties]
    check = client.get(f"/api/v1/allocation?parent={ORDOS}&indicator=total_water_use&year=2025").get_json()
    assert check["parts_count"] == 9 and check["consistent"] is False  # 9 parts sum to 12.6, not 20.00
    png = client.get(f"/export/map.png?region={ORDOS}&indicator=total_water_use&year=2025")
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"

    # 4. An irrigation district from a zipped Shapefile (CGCS2000), within 鄂尔多斯市.
    resp = client.post(
        "/api/v1/boundaries",
        data={"file": (io.BytesIO(district_shapefile(tmp_path)), "guanqu.zip"), "code_field": "DM",
              "name_field": "MC", "parent": ORDOS},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.get_json()
    forget_head()
    assert client.get(f"/api/v1/boundaries?adcode={DISTRICT}").status_code == 200
    assert any(h["adcode"] == DISTRICT for h in client.get("/api/v1/regions?q=测试灌区").get_json())

    # 5. Its own plan and target: then it is a region of the dashboard too.
    district_doc = f"guanqu-test-{SUFFIX}"
    add_plan(client, admin, DISTRICT, district_doc, "测试灌区节水方案（测试）")
    post_csv(client, admin, [f"{DISTRICT},irrigation_efficiency,2025,target,0.60,>=,,,{district_doc},一（测试）,x"])
    body = client.get(f"/api/v1/values?indicator=irrigation_efficiency&region={DISTRICT}").get_json()
    assert [v["value_text"] for v in body["values"]] == ["0.60"]
    png = client.get(f"/export/map.png?region={DISTRICT}&indicator=irrigation_efficiency&year=2025")
    assert png.status_code == 200, png.get_json()
    return counties


def test_ordos_plan_and_an_irrigation_district_work_like_the_five(added) -> None:
    assert len(added) == 9


@pytest.mark.browser
def test_the_dashboard_shows_them_without_a_restart(added, page, live_server) -> None:
    page.goto(live_server + f"/?region={ORDOS}&indicator=total_water_use&year=2025")
    # Its 9 county-level units and, drawn over them, the uploaded 灌区.
    page.wait_for_function("document.querySelectorAll('#map path.map-unit').length === 10")
    assert page.query_selector(f'#map path.map-unit[data-adcode="{DISTRICT}"]')
    assert "鄂尔多斯市" in page.inner_text("#region-select")
    page.wait_for_function("document.querySelector('#headline-card')?.innerText.includes('20.00')")
    page.goto(live_server + f"/?region={DISTRICT}&indicator=irrigation_efficiency&year=2025")
    page.wait_for_selector(f'#map path.map-unit[data-adcode="{DISTRICT}"]')
    assert "测试灌区" in page.inner_text("#region-select")
