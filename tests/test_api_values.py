"""API: /api/v1/indicators, /api/v1/values (JSON and CSV) and /api/v1/allocation (errors: test_bad_parameters.py)."""

from __future__ import annotations

import csv
import io

import pytest


def test_indicator_catalog(client, dataset) -> None:
    """Every indicator of the bundled catalogue is served as it is in data/indicators/indicators.csv."""
    catalog = {i["id"]: i for i in client.get("/api/v1/indicators").get_json()}
    bundled = dataset.indicators.to_dict(orient="records")
    assert len(bundled) >= 10
    for indicator in bundled:
        assert catalog[indicator["id"]] == indicator
    assert catalog["total_water_use"]["unit_zh"] == "亿立方米"
    assert catalog["new_agri_saving_capacity"]["unit_zh"] == "万立方米"
    assert catalog["pipe_leakage_rate"]["direction"] == "lower_is_better"


def test_values_for_ongniud_banner(client) -> None:
    body = client.get("/api/v1/values?indicator=total_water_use&region=150426").get_json()
    assert body["region"]["name_zh"] == "翁牛特旗"
    assert body["indicator"]["id"] == "total_water_use"
    [value] = body["values"]
    assert (value["year"], value["kind"], value["value"], value["comparator"]) == (2025, "target", 3.0047, "<=")
    assert value["unit"] == "亿立方米"
    assert value["source"]["number"] == "赤政发〔2025〕11号"
    assert "目标分解表" in value["source"]["section"]


def test_values_are_sorted_by_year_and_keep_qualifiers(client) -> None:
    leak = client.get("/api/v1/values?indicator=pipe_leakage_rate&region=150222").get_json()["values"]
    assert [(v["year"], v["value"]) for v in leak] == [(2023, 12.0), (2024, 10.0), (2025, 8.0)]
    kept = client.get("/api/v1/values?indicator=industrial_water_intensity_reduction&region=150424").get_json()
    [value] = kept["values"]
    assert value["qualifier"] == "maintain_baseline" and value["baseline_year"] == 2020 and value["value"] == 0
    # A kept level is a floor of 0 read as words, never "0" or "0%".
    assert value["comparator"] == ">=" and value["value_text"] == "保持2020年水平"
    na = client.get("/api/v1/values?indicator=new_agri_saving_capacity&region=150402").get_json()["values"][0]
    assert na["qualifier"] == "not_applicable" and na["value"] is None and na["value_text"] == "不适用"


def test_values_of_child_units_and_year_filter(client) -> None:
    body = client.get("/api/v1/values?indicator=total_water_use&parent=150400&year=2025").get_json()
    assert body["parent"]["adcode"] == "150400"
    assert len(body["values"]) == 12
    assert all(v["region"]["level"] == "county" for v in body["values"])
    body = client.get("/api/v1/values?indicator=total_water_use&region=140600&year=2035").get_json()
    assert [v["value"] for v in body["values"]] == [6.79]


def test_values_as_csv_with_bom(client) -> None:
    resp = client.get("/api/v1/values?indicator=total_water_use&parent=150400&format=csv")
    assert resp.mimetype == "text/csv"
    raw = resp.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 12
    ongniud = next(r for r in rows if r["region"] == "150426")
    assert (ongniud["region_name"], ongniud["value"], ongniud["comparator"]) == ("翁牛特旗", "3.0047", "<=")


def test_allocation_check(client) -> None:
    body = client.get("/api/v1/allocation?parent=150400&indicator=total_water_use&year=2025").get_json()
    assert body["target"] == 20.23 and body["parts_count"] == 12
    assert body["sum"] == pytest.approx(20.2285)
    assert body["difference"] == pytest.approx(-0.0015)
    assert body["consistent"] is True
    capacity = client.get("/api/v1/allocation?parent=150400&indicator=new_agri_saving_capacity&year=2025").get_json()
    assert capacity["sum"] == 4215 and capacity["parts_count"] == 12  # 10 estimates + 2 not applicable


def test_allocation_refuses_what_does_not_add_up(client) -> None:
    resp = client.get("/api/v1/allocation?parent=150400&indicator=gdp_water_intensity_reduction&year=2025")
    assert resp.status_code == 400 and "not additive" in resp.get_json()["error"]
    resp = client.get("/api/v1/allocation?parent=140600&indicator=total_water_use&year=2022")  # no county figures
    assert resp.status_code == 404


@pytest.mark.parametrize("path", ["/api", "/api/v1", "/api/v1/", "/export/", "/export/nope", "/export/map.png/"])
def test_unknown_api_and_export_paths_are_json_404(client, path: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 404 and "no such endpoint" in resp.get_json()["error"]


def test_allocation_errors(client) -> None:
    assert client.get("/api/v1/allocation?parent=150400&indicator=total_water_use").status_code == 400
    resp = client.get("/api/v1/allocation?parent=140600&indicator=total_water_use&year=2025")
    assert resp.status_code == 404 and "error" in resp.get_json()
