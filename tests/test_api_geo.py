"""API: /api/v1/regions and /api/v1/boundaries, their errors, caching, compression and headers."""

from __future__ import annotations

import pytest
from pyproj import Geod
from shapely.geometry import shape

GEOD = Geod(ellps="WGS84")


def test_regions_lists_every_unit(client) -> None:
    resp = client.get("/api/v1/regions")
    assert resp.status_code == 200
    regions = resp.get_json()
    by_code = {r["adcode"]: r for r in regions}
    assert set(regions[0]) == {"adcode", "name_zh", "name_en", "level", "parent", "focus"}
    assert by_code["150222"] == {
        "adcode": "150222",
        "name_zh": "固阳县",
        "name_en": "Guyang County",
        "level": "county",
        "parent": "150200",
        "focus": True,
    }
    assert sum(r["level"] == "county" for r in regions) > 2800  # the national catalogue (data/geo/regions.csv)
    focus = sorted(c for c, r in by_code.items() if r["focus"])
    assert focus == ["100000", "140600", "140800", "150000", "150222", "150400", "450700"]


def test_boundaries_of_chifeng_add_up_to_the_city(client) -> None:
    resp = client.get("/api/v1/boundaries?parent=150400")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    feats = resp.get_json()["features"]
    assert len(feats) == 12
    assert {f["properties"]["name_zh"] for f in feats} >= {"翁牛特旗", "松山区", "红山区"}
    assert {"adcode", "name_zh", "name_en", "level", "parent"} <= set(feats[0]["properties"])
    city = client.get("/api/v1/boundaries?adcode=150400").get_json()["features"]
    assert len(city) == 1

    def area(f):
        return abs(GEOD.geometry_area_perimeter(shape(f["geometry"]))[0])

    assert sum(area(f) for f in feats) == pytest.approx(area(city[0]), rel=0.01)


def test_boundaries_of_a_city_anywhere_in_china_are_fast(client) -> None:
    """鄂尔多斯市's counties, read from their file on first use, within 50 ms (budget for one city)."""
    import time

    from web.api import _boundaries_body

    _boundaries_body.cache_clear()
    t0 = time.perf_counter()
    resp = client.get("/api/v1/boundaries?parent=150600")
    elapsed = time.perf_counter() - t0
    assert resp.status_code == 200
    assert {f["properties"]["name_zh"] for f in resp.get_json()["features"]} >= {"东胜区", "鄂托克前旗", "伊金霍洛旗"}
    assert elapsed < 0.05
    provinces = client.get("/api/v1/boundaries?parent=100000").get_json()["features"]
    assert len(provinces) == 34
    beijing = client.get("/api/v1/boundaries?parent=110000").get_json()["features"]
    assert len(beijing) == 16 and {f["properties"]["level"] for f in beijing} == {"county"}


def test_boundaries_of_one_and_several_units(client) -> None:
    one = client.get("/api/v1/boundaries?adcode=150222").get_json()
    assert [f["properties"]["name_en"] for f in one["features"]] == ["Guyang County"]
    several = client.get("/api/v1/boundaries?adcode=140600,150222").get_json()
    assert [f["properties"]["adcode"] for f in several["features"]] == ["140600", "150222"]


@pytest.mark.parametrize(
    ("query", "status", "fragment"),
    [
        ("parent=999999", 404, "unknown region"),
        ("adcode=150499", 404, "unknown region"),
        ("parent=abc", 400, "6-digit"),
        ("parent=1504001234567", 400, "6-digit"),  # uploaded units: 6-12 digits/letters
        ("", 400, "exactly one"),
        ("parent=150400&adcode=150426", 400, "exactly one"),
        ("parent=150426", 404, "no child units"),
        ("adcode=" + ",".join(["150426"] * 61), 400, "at most 60"),
    ],
)
def test_boundaries_errors_are_json(client, query: str, status: int, fragment: str) -> None:
    resp = client.get(f"/api/v1/boundaries?{query}")
    assert resp.status_code == status
    assert fragment in resp.get_json()["error"]


def test_unknown_endpoint_and_oversized_query(client) -> None:
    resp = client.get("/api/v1/nothing")
    assert resp.status_code == 404 and "error" in resp.get_json()
    resp = client.get("/api/v1/regions?x=" + "a" * 3000)
    assert resp.status_code == 414 and "error" in resp.get_json()


def test_cache_headers_and_conditional_get(client) -> None:
    resp = client.get("/api/v1/boundaries?parent=150400")
    etag = resp.headers["ETag"]
    assert "max-age" in resp.headers["Cache-Control"]
    again = client.get("/api/v1/boundaries?parent=150400", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_first_page_is_compressed_and_has_security_headers(client) -> None:
    resp = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert resp.status_code == 200
    assert resp.headers.get("Content-Encoding") in ("br", "gzip")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"]
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    geo = client.get("/api/v1/boundaries?parent=150400", headers={"Accept-Encoding": "gzip"})
    assert geo.headers.get("Content-Encoding") == "gzip"


def test_debug_is_off(dash_app) -> None:
    assert not dash_app.server.debug
