"""Many plan regions (issue 11, point 7): the overview's boundary query, coarse geometry, classification of
thousands of values, the subtitle, and the per-unit assessments of big views."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from layouts.page import boundary_url
from water_targets import choropleth, regions
from water_targets.geo import COARSE_DECIMALS
from water_targets.progress import UnitRows, assess, assessment_years

FIVE = ["150400", "140600", "140800", "450700", "150222"]


def test_overview_query_small_and_large(geo) -> None:
    assert choropleth.overview_query(FIVE) == "adcode=" + ",".join(FIVE)  # the five plans: unchanged
    counties = [c for c, r in geo.regions.items() if r.level == "county"]
    query = choropleth.overview_query(counties)
    assert query == "overview=plans&detail=coarse"  # thousands of adcodes would not fit in a query string
    assert boundary_url(query, 7) == "/api/v1/boundaries?overview=plans&detail=coarse&asof=7"
    assert boundary_url("parent=150400", 7) == "/api/v1/boundaries?parent=150400"


def test_boundaries_of_the_plan_regions(client, dataset, geo) -> None:
    resp = client.get("/api/v1/boundaries?overview=plans")
    assert resp.status_code == 200
    codes = [f["properties"]["adcode"] for f in resp.get_json()["features"]]
    # The overview draws the five plans side by side; the country's and 内蒙古's contain them (chosen in the menu).
    assert codes == regions.overview_codes(dataset, geo) == FIVE
    assert regions.plan_codes(dataset, geo) == ["100000", "150000", *FIVE]
    pinned = client.get("/api/v1/boundaries?overview=plans&detail=coarse&asof=1")
    assert pinned.status_code == 200 and "immutable" in pinned.headers["Cache-Control"]


def test_coarse_geometry_is_smaller_and_close(client) -> None:
    full = client.get("/api/v1/boundaries?parent=150400")
    coarse = client.get("/api/v1/boundaries?parent=150400&detail=coarse")
    assert coarse.status_code == 200 and len(coarse.data) < len(full.data) / 2
    full_feats, coarse_feats = full.get_json()["features"], coarse.get_json()["features"]
    assert [f["properties"] for f in coarse_feats] == [f["properties"] for f in full_feats]
    for a, b in zip(full_feats, coarse_feats, strict=True):
        ga, gb = shape(a["geometry"]), shape(b["geometry"])
        assert not gb.is_empty and abs(gb.area - ga.area) / ga.area < 0.02
    coords = shapely.get_coordinates(shape(coarse_feats[0]["geometry"]))
    assert np.allclose(coords, coords.round(COARSE_DECIMALS))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("overview=plans&adcode=150400", "exactly one"),
        ("overview=all", "must be plans"),
        ("parent=150400&detail=fine", "full or coarse"),
        ("adcode=" + ",".join(["150426"] * 61), "at most 60"),
    ],
)
def test_bad_boundary_queries(client, query: str, message: str) -> None:
    resp = client.get(f"/api/v1/boundaries?{query}")
    assert resp.status_code == 400 and message in resp.get_json()["error"]


def test_classify_thousands_of_values_quickly() -> None:
    numbers = list(np.random.default_rng(7).uniform(0.5, 5.4, 3000).round(4))
    scheme, bins = choropleth.classify(numbers)
    assert scheme == "natural_breaks" and len(bins) == choropleth.MAX_CLASSES
    assert bins[-1] == max(numbers) and bins == sorted(bins)  # every value falls in a class
    assert choropleth.classify(numbers) == (scheme, bins)  # deterministic
    assert {choropleth.class_of(v, scheme, bins) for v in numbers} == set(range(choropleth.MAX_CLASSES))


def test_subtitle_of_many_plan_regions(dataset, geo, monkeypatch) -> None:
    many = [r for r in geo.regions.values() if r.level == "county"][:20]  # none inside another
    monkeypatch.setattr(regions, "plan_regions", lambda dataset, geo: many)
    zh = regions.subtitle(dataset, geo, "zh")
    assert "等20地" in zh and many[7].name_zh in zh and many[8].name_zh not in zh
    assert "and 12 more" in regions.subtitle(dataset, geo, "en")


def test_unit_rows_assess_as_assess(dataset, geo) -> None:
    for region, indicator in [("150400", "total_water_use"), ("140600", "total_water_use"), ("all", "total_water_use")]:
        codes = choropleth.view_for(dataset, geo, region).codes
        rows = UnitRows(dataset, codes, indicator)
        for year in [None, *assessment_years(dataset, codes, indicator)]:
            for code in codes:
                assert rows.assess(code, year) == assess(dataset, code, indicator, year)
