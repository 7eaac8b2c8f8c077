"""GET /api/v1/progress on the bundled targets plus the fictitious actuals of tests/progress_data.py."""

from __future__ import annotations

import pytest
from progress_data import ACTUALS, EXPECTED_2024_GDP, EXPECTED_2024_TWU

from water_targets.data import get_dataset, store_engine
from water_targets.schemas import frame_problems
from water_targets.store.revisions import frames_at

pytestmark = pytest.mark.usefixtures("progress_store")


def progress(client, query: str) -> dict:
    resp = client.get("/api/v1/progress?" + query)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_the_test_actuals_pass_the_import_rules(progress_store, geo) -> None:
    with store_engine().connect() as conn:
        frames = frames_at(conn, progress_store)
    assert frame_problems(frames, geo) == []
    values = get_dataset(progress_store).values
    imported = values[(values["kind"] == "actual") & ~values["region"].isin(["100000", "150000"])]  # not the public
    assert len(imported) == len(ACTUALS)


def test_chifeng_caps_per_county(client) -> None:
    body = progress(client, "region=150400&indicator=total_water_use&year=2024")
    assert body["year"] == 2024
    by_code = {u["region"]["adcode"]: u for u in body["units"]}
    assert len(by_code) == 13  # the city and its 12 counties, each with a 2025 cap
    assert {code: by_code[code]["status"] for code in EXPECTED_2024_TWU} == EXPECTED_2024_TWU
    ongniud = by_code["150426"]
    assert ongniud["target"]["value_text"] == "3.0047" and ongniud["target"]["comparator"] == "<="
    assert ongniud["target"]["source"]["number"] == "赤政发〔2025〕11号"
    assert ongniud["actual"] == {
        "year": 2024,
        "value": 2.88,
        "value_text": "2.88",
        "qualifier": "provisional",
        "source": {"document": "测试用水资源公报（虚构）", "document_en": "Test water resources bulletin (fictitious)",
                   "number": "测试〔2025〕1号", "doc_id": "test-bulletin", "section": "表1（测试数据）"},
    }
    assert ongniud["gap"] == pytest.approx(2.88 - 3.0047) and ongniud["gap_text"] == "0.1247"
    assert ongniud["distance"]["zh"] == "低于上限0.1247亿立方米"
    assert "provisional" in ongniud["flags"]
    assert by_code["150421"]["distance"]["en"] == "0.0426 × 100 million m³ over the cap"


def test_default_year_is_the_latest_actual(client) -> None:
    assert progress(client, "region=150400&indicator=total_water_use")["year"] == 2024


def test_reductions_against_2020(client) -> None:
    body = progress(client, "region=150400&indicator=gdp_water_intensity_reduction&year=2024")
    by_code = {u["region"]["adcode"]: u for u in body["units"]}
    assert {code: by_code[code]["status"] for code in EXPECTED_2024_GDP} == EXPECTED_2024_GDP
    assert by_code["150426"]["base"] == {"year": 2020, "value": 0.0, "by_definition": True}
    assert by_code["150421"]["distance"]["zh"] == "距2025年目标还需下降10.78个百分点"


def test_final_verdict_in_the_target_year(client) -> None:
    body = progress(client, "region=140600&indicator=total_water_use&year=2020")
    shuozhou = body["units"][0]
    assert shuozhou["region"]["adcode"] == "140600"
    assert (shuozhou["status"], shuozhou["final"], shuozhou["status_label"]["zh"]) == ("met", True, "达标")
    assert shuozhou["target"]["year"] == 2020 and shuozhou["actual"]["year"] == 2020


def test_keep_the_level_reads_as_words(client) -> None:
    body = progress(client, "region=150400&indicator=industrial_water_intensity_reduction&year=2024")
    linxi = next(u for u in body["units"] if u["region"]["adcode"] == "150424")
    assert linxi["target"]["value_text"] == "保持2020年水平" and linxi["status"] == "no_actual"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("indicator=total_water_use", 400),
        ("region=150400", 400),
        ("region=999999&indicator=total_water_use", 404),
        ("region=150400&indicator=nope", 404),
        ("region=150400&indicator=total_water_use&year=20x4", 400),
        ("region=150400&indicator=total_water_use&asof=999999", 404),
    ],
)
def test_bad_parameters_get_a_clear_error(client, query, status) -> None:
    resp = client.get("/api/v1/progress?" + query)
    assert resp.status_code == status and resp.get_json()["error"]
