"""A unit against the levels above it (issue 21, begun): water_targets.context and GET /api/v1/context. The expected
figures are read from data/indicators/values.csv, the shipped data, not from the code under test."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from water_targets.context import EQUAL, LOOSER, NOT_COMPARABLE, STRICTER, context, strictness

VALUES = Path(__file__).resolve().parents[1] / "data" / "indicators" / "values.csv"


def shipped(region: str, indicator: str, year: str) -> str:
    with open(VALUES, encoding="utf-8") as f:
        (row,) = [r for r in csv.DictReader(f) if (r["region"], r["indicator"], r["year"], r["kind"]) ==
                  (region, indicator, year, "target")]
    return row["value"]


def test_a_county_is_seen_from_the_country_down_with_its_citys_allocation(dataset, geo) -> None:
    result = context(dataset, geo, "150426", "total_water_use", 2025)  # 翁牛特旗
    assert [lv["region"]["adcode"] for lv in result["levels"]] == ["100000", "150000", "150400", "150426"]
    names = [lv["region"]["name_zh"] for lv in result["levels"]]
    assert names == ["中华人民共和国", "内蒙古自治区", "赤峰市", "翁牛特旗"]
    city, county = result["levels"][2], result["levels"][3]
    assert city["target"]["value"] == float(shipped("150400", "total_water_use", "2025"))
    assert county["target"]["value"] == float(shipped("150426", "total_water_use", "2025"))
    assert county["target"]["source"]["doc_id"] == "chifeng-2025"
    (check,) = result["checks"]
    assert check["check"] == "allocation" and check["parent"]["adcode"] == "150400" and check["consistent"]
    assert check["parts_count"] == 12  # the annex's twelve 旗县区


def test_each_level_is_judged_against_the_nearest_level_above_with_a_target(dataset, geo) -> None:
    city = float(shipped("150400", "gdp_water_intensity_reduction", "2025"))
    for county in ("150402", "150421"):  # 红山区, 阿鲁科尔沁旗
        own = float(shipped(county, "gdp_water_intensity_reduction", "2025"))
        (check,) = context(dataset, geo, county, "gdp_water_intensity_reduction", 2025)["checks"]
        assert (check["upper"], check["lower"]) == ("150400", county)
        assert (check["upper_value"], check["lower_value"]) == (city, own)
        # a reduction is stricter when larger
        assert check["result"] == (STRICTER if own > city else LOOSER if own < city else EQUAL)


def row(region: str, number: float | None, baseline: int | None = None) -> pd.Series:
    return pd.Series({"region": region, "number": number if number is not None else float("nan"),
                      "baseline_year": baseline})


def test_strictness_follows_the_indicators_direction_and_compares_like_with_like(dataset) -> None:
    assert strictness(dataset, "pipe_leakage_rate", row("a", 9.0), row("b", 8.0))["result"] == STRICTER
    assert strictness(dataset, "pipe_leakage_rate", row("a", 9.0), row("b", 10.0))["result"] == LOOSER
    assert strictness(dataset, "irrigation_efficiency", row("a", 0.58), row("b", 0.58))["result"] == EQUAL
    assert strictness(dataset, "irrigation_efficiency", row("a", 0.58), row("b", 0.6))["result"] == STRICTER
    other_base = strictness(dataset, "gdp_water_intensity_reduction", row("a", 16, 2020), row("b", 18, 2015))
    assert other_base["result"] == NOT_COMPARABLE and "baseline" in other_base["why"]
    assert strictness(dataset, "pipe_leakage_rate", row("a", 9.0), row("b", None))["result"] == NOT_COMPARABLE


def test_the_api_serves_the_levels_and_defaults_to_the_latest_target_year(client) -> None:
    resp = client.get("/api/v1/context?region=150426&indicator=total_water_use")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["year"] == 2025 and body["region"]["adcode"] == "150426"
    assert body["levels"][0]["target"] is None  # no national figure is shipped yet
    assert client.get("/api/v1/context?region=150426&indicator=total_water_use&year=2025").get_json() == body


def test_the_api_refuses_bad_parameters_with_a_message(client) -> None:
    for query, status in (("region=999999&indicator=total_water_use", 404),
                          ("region=150426&indicator=nope", 404),
                          ("indicator=total_water_use", 400),
                          ("region=150426&indicator=total_water_use&year=abc", 400),
                          ("region=110101&indicator=total_water_use", 404)):
        resp = client.get(f"/api/v1/context?{query}")
        assert resp.status_code == status, (query, resp.get_json())
        assert resp.get_json()["error"]
