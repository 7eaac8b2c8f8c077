"""A unit against the levels above it (issue 21): water_targets.context, GET /api/v1/context, the strip in words
(context.strip) and the drill-down's strip. The expected figures are read from data/indicators/values.csv, the
shipped data, or are the tests' own rows, not from the code under test."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pandas as pd

from water_targets.context import EQUAL, LOOSER, NOT_COMPARABLE, STRICTER, context, strictness, strip, strip_year
from water_targets.indicators import VALUE_COLUMNS, Dataset, Frames, build_dataset

VALUES = Path(__file__).resolve().parents[1] / "data" / "indicators" / "values.csv"


def shipped_rows() -> list[dict]:
    with open(VALUES, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def shipped(region: str, indicator: str, year: str) -> str:
    with open(VALUES, encoding="utf-8") as f:
        (row,) = [r for r in csv.DictReader(f) if (r["region"], r["indicator"], r["year"], r["kind"]) ==
                  (region, indicator, year, "target")]
    return row["value"]


def test_a_county_is_seen_from_the_country_down_with_its_citys_allocation(dataset, geo) -> None:
    result = context(dataset, geo, "150426", "total_water_use", 2025)  # 翁牛特旗
    assert [lv["region"]["adcode"] for lv in result["levels"]] == ["100000", "150000", "150400", "150426"]
    names = [lv["region"]["name_zh"] for lv in result["levels"]]
    assert names == ["全国", "内蒙古自治区", "赤峰市", "翁牛特旗"]  # the country as plans and bulletins name it
    city, county = result["levels"][2], result["levels"][3]
    assert city["target"]["value"] == float(shipped("150400", "total_water_use", "2025"))
    assert county["target"]["value"] == float(shipped("150426", "total_water_use", "2025"))
    assert county["target"]["source"]["doc_id"] == "chifeng-2025"
    # A level's amount is split where its own document gives its units' parts: 赤峰's annex. 内蒙古's 196.3 (its own
    # plan) is no part of the country's 6400, nor 赤峰's 20.23 (its own plan) of 内蒙古's.
    checks = {c["parent"]["adcode"]: c for c in result["checks"]}
    assert {c["check"] for c in checks.values()} == {"allocation"} and set(checks) == {"150400"}
    check = checks["150400"]
    assert check["consistent"]
    assert check["parts_count"] == 12  # the annex's twelve 旗县区


def test_each_level_is_judged_against_the_nearest_level_above_with_a_target(dataset, geo) -> None:
    city = float(shipped("150400", "gdp_water_intensity_reduction", "2025"))
    for county in ("150402", "150421"):  # 红山区, 阿鲁科尔沁旗
        own = float(shipped(county, "gdp_water_intensity_reduction", "2025"))
        checks = context(dataset, geo, county, "gdp_water_intensity_reduction", 2025)["checks"]
        (check,) = [c for c in checks if c["lower"] == county]  # the levels above are judged too, once shipped
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
    (national,) = [r for r in shipped_rows() if (r["region"], r["indicator"], r["year"], r["kind"]) ==
                   ("100000", "total_water_use", "2025", "target")]  # fmt: skip
    assert body["levels"][0]["target"]["value_text"] == national["value"]  # the country's 2025 cap (6400)
    assert client.get("/api/v1/context?region=150426&indicator=total_water_use&year=2025").get_json() == body


def test_the_api_refuses_bad_parameters_with_a_message(client) -> None:
    for query, status in (("region=999999&indicator=total_water_use", 404),
                          ("region=150426&indicator=nope", 404),
                          ("indicator=total_water_use", 400),
                          ("region=150426&indicator=total_water_use&year=abc", 400),
                          ("region=110101&indicator=new_reservoir_count", 404)):  # no level of 东城区's has one
        resp = client.get(f"/api/v1/context?{query}")
        assert resp.status_code == status, (query, resp.get_json())
        assert resp.get_json()["error"]
    # A unit without a target of its own is seen against the levels above that have one, in their year
    body = client.get("/api/v1/context?region=110101&indicator=total_water_use").get_json()
    country = body["levels"][0]
    assert body["year"] == 2025 and country["target"]["value_text"] == "6400" and body["levels"][-1]["target"] is None


# ---------------------------------------------------------------- the strip in words (drill-down, exports)

CHAIN = ["100000", "150000", "150400", "150426"]  # 全国 → 内蒙古 → 赤峰市 → 翁牛特旗


def with_data(indicator: str, year: int, codes: list[str]) -> list[str]:
    """The codes with a target of the year or an actual up to it in the shipped values, in the given order."""
    def counts(r: dict) -> bool:
        return int(r["year"]) == year if r["kind"] == "target" else int(r["year"]) <= year

    rows = [r for r in shipped_rows() if r["indicator"] == indicator and counts(r)]
    return [c for c in codes if any(r["region"] == c for r in rows)]


def test_the_strip_names_each_level_with_data_its_target_and_the_citys_allocation(dataset, geo) -> None:
    items = strip(dataset, geo, "150426", "total_water_use", 2025, "zh")
    assert [i["adcode"] for i in items] == with_data("total_water_use", 2025, CHAIN)
    assert [i["name"] for i in items] == [geo.regions[i["adcode"]].name("zh") for i in items]
    assert [i["unit"] for i in items] == [False] * (len(items) - 1) + [True]
    county, city = items[-1], next(i for i in items if i["adcode"] == "150400")
    assert county["target_dated"] == f"≤ {shipped('150426', 'total_water_use', '2025')} 亿立方米（2025年）"
    assert county["target_source"].startswith("赤政发〔2025〕11号 ")
    # 赤峰市's 20.23 split among its twelve 旗县区: the sum of the shipped county figures, to their 4 decimals
    counties = [r for r in shipped_rows() if r["region"].startswith("1504") and r["region"] != "150400"
                and (r["indicator"], r["year"], r["kind"]) == ("total_water_use", "2025", "target")]  # fmt: skip
    assert len(counties) == 12
    total = sum(Decimal(r["value"]) for r in counties)
    assert city["allocation"] == (
        f"12个下级地区分解合计 {total:.4f} 亿立方米，本级目标 ≤ {shipped('150400', 'total_water_use', '2025')} "
        "亿立方米，相符（在取整误差内）"
    )
    assert county["allocation"] == "" and not any(i["looser"] for i in items)  # totals are split, not compared
    english = strip(dataset, geo, "150426", "total_water_use", 2025, "en")
    assert english[-1]["name"] == "Ongniud Banner" and "adds up (within rounding)" in english[-2]["allocation"]


def test_a_looser_target_is_flagged_with_the_level_above_and_its_target(dataset, geo) -> None:
    city = shipped("150400", "gdp_water_intensity_reduction", "2025")
    own = shipped("150402", "gdp_water_intensity_reduction", "2025")  # 红山区
    assert float(own) < float(city)
    zh = strip(dataset, geo, "150402", "gdp_water_intensity_reduction", 2025, "zh")
    assert zh[-1]["target_dated"] == f"≥ {own}%（2025年，较2020年）"
    assert zh[-1]["looser"] and zh[-1]["looser_words"] == f"宽于上级目标（赤峰市 ≥ {city}%）"
    assert zh[-1]["check"] == zh[-1]["looser_words"]
    en = strip(dataset, geo, "150402", "gdp_water_intensity_reduction", 2025, "en")
    assert en[-1]["looser_words"] == f"looser than the target of Chifeng City (≥ {city}%)"
    # a stricter county is judged too, and not flagged
    stricter = shipped("150426", "gdp_water_intensity_reduction", "2025")  # 翁牛特旗
    assert float(stricter) > float(city)
    item = strip(dataset, geo, "150426", "gdp_water_intensity_reduction", 2025, "zh")[-1]
    assert not item["looser"] and item["check"] == f"严于上级目标（赤峰市 ≥ {city}%）"


DOC = "chifeng-2025"


def built(dataset, rows: list[tuple]) -> Dataset:
    """A dataset of the shipped documents and indicators with only `rows`: (region, indicator, year, kind, value,
    comparator, baseline_year, qualifier)."""
    records = [dict(zip(VALUE_COLUMNS, [*r, DOC, "表（测试）", ""], strict=True)) for r in rows]
    values = pd.DataFrame(records, columns=VALUE_COLUMNS, dtype=str)
    docs, inds = dataset.documents.reset_index(drop=True), dataset.indicators.reset_index(drop=True)
    return build_dataset(Frames(documents=docs, indicators=inds, values=values))


TWU, GDP = "total_water_use", "gdp_water_intensity_reduction"


def test_built_data_an_allocation_that_does_not_add_up_and_one_that_is_partial(dataset, geo) -> None:
    children = [r.adcode for r in geo.children("150400")]
    rows = [("100000", TWU, "2025", "target", "6400", "<=", "", ""),
            ("150000", TWU, "2025", "target", "196.3", "<=", "", ""),
            ("150000", TWU, "2022", "actual", "193.47", "", "", "provisional"),
            ("150400", TWU, "2025", "target", "11.50", "<=", "", ""),
            *[(c, TWU, "2025", "target", "1.00", "<=", "", "") for c in children]]  # fmt: skip
    data = built(dataset, rows)
    items = strip(data, geo, "150426", TWU, 2025, "zh")
    assert [i["adcode"] for i in items] == CHAIN
    province, city = items[1], items[2]
    assert province["actual_dated"] == "193.47 亿立方米（2022年，初步数）" and province["actual_year"] == 2022
    assert province["actual"] == "193.47 亿立方米（初步数）"
    # twelve 1.00 against 11.50: 0.50 over; the province's split among its cities has one part of twelve: not shown
    assert city["allocation"] == "12个下级地区分解合计 12.00 亿立方米，本级目标 ≤ 11.50 亿立方米，多出 0.50 亿立方米"
    assert province["allocation"] == "" and items[0]["allocation"] == ""
    english = strip(data, geo, "150426", TWU, 2025, "en")
    assert english[2]["allocation"].startswith("Split among its 12 units: together 12.00 ")
    assert ": over by 0.50 " in english[2]["allocation"]


def test_built_data_checks_not_comparable_and_a_unit_without_figures(dataset, geo) -> None:
    rows = [("100000", GDP, "2025", "target", "16.0", "=", "2020", "about"),
            ("150000", GDP, "2025", "target", "12", ">=", "2015", ""),
            ("150400", GDP, "2025", "target", "", "", "", "not_applicable")]  # fmt: skip
    data = built(dataset, rows)
    items = strip(data, geo, "150426", GDP, 2025, "zh")  # 翁牛特旗 has no figure of its own here
    assert [i["adcode"] for i in items] == CHAIN
    assert items[0]["target_dated"] == "16.0%（2025年，较2020年，左右）"
    country = geo.regions["100000"].name("zh")
    assert items[1]["check"] == f"基准年与上级目标不同，无法比较（{country} 16.0%）" and not items[1]["looser"]
    assert items[2]["target"] == "不适用"
    assert items[2]["check"] == "目标无数值，无法与上级目标比较（内蒙古自治区 ≥ 12%）"
    assert items[3] == {**items[3], "unit": True, "target": "", "target_year": None, "actual": "", "check": ""}
    en = strip(data, geo, "150426", GDP, 2025, "en")
    country = geo.regions["100000"].name("en")
    assert en[1]["check"] == f"not comparable with the target of {country}: another baseline year (16.0%)"


def test_a_unit_with_no_level_above_with_data_is_its_strip_alone(dataset, geo) -> None:
    data = built(dataset, [("150426", TWU, "2025", "target", "3.0047", "<=", "", "")])
    items = strip(data, geo, "150426", TWU, 2025, "zh")
    assert [i["adcode"] for i in items] == ["150426"]
    assert strip_year(data, geo, "150426", TWU) == 2025
    assert strip_year(data, geo, "150402", TWU) is None  # no level of 红山区's has a target


def test_the_strip_year_prefers_the_views_year_where_the_unit_has_a_target(dataset, geo) -> None:
    data = built(dataset, [("150400", TWU, "2020", "target", "21", "<=", "", ""),
                           ("150400", TWU, "2025", "target", "20.23", "<=", "", "")])  # fmt: skip
    assert strip_year(data, geo, "150400", TWU) == 2025
    assert strip_year(data, geo, "150400", TWU, prefer=2020) == 2020
    assert strip_year(data, geo, "150400", TWU, prefer=2022) == 2025
    assert strip_year(data, geo, "150426", TWU, prefer=2020) == 2025  # the nearest level above's latest


# ---------------------------------------------------------------- the drill-down's strip (callbacks/detail.py)


def find(component, element_id: str):
    """The component with `element_id` in a Dash component tree, or None."""
    if component is None or isinstance(component, str | int | float):
        return None
    if isinstance(component, list | tuple):
        return next((f for c in component if (f := find(c, element_id)) is not None), None)
    if getattr(component, "id", None) == element_id:
        return component
    return find(getattr(component, "children", None), element_id)


def by_class(component, name: str) -> list:
    if component is None or isinstance(component, str | int | float):
        return []
    if isinstance(component, list | tuple):
        return [f for c in component for f in by_class(c, name)]
    own = [component] if name in (getattr(component, "className", None) or "").split() else []
    return own + by_class(getattr(component, "children", None), name)


def test_the_drilldown_shows_the_strip_under_its_title_with_a_looser_target_flagged(dataset, geo) -> None:
    from callbacks import detail
    from layouts import ids
    from water_targets.indicator_meta import page_path

    children = detail.show_detail(["150402"], "150400", GDP, "zh", None)  # 红山区
    head = children[0]
    assert head.children[0].children.startswith("红山区")
    link = head.children[1]
    assert link.children == "指标说明" and link.href == page_path(GDP, "zh")
    strip_div = find(children, ids.DETAIL_CONTEXT)
    assert strip_div is not None and strip_div in head.children
    chips = by_class(strip_div, "ctx-level")
    expected = with_data(GDP, 2025, [*CHAIN[:3], "150402"])
    assert [text_of(by_class(c, "ctx-name")) for c in chips] == [geo.regions[c].name("zh") for c in expected]
    assert "ctx-self" in chips[-1].className and "ctx-looser" in chips[-1].className
    city = shipped("150400", GDP, "2025")
    assert text_of(by_class(chips[-1], "ctx-flag")) == f"宽于上级目标（赤峰市 ≥ {city}%）"  # in words, not colour
    assert f"目标 ≥ {shipped('150402', GDP, '2025')}%（2025年，较2020年）" in text_of(chips[-1])
    assert len(by_class(strip_div, "ctx-arrow")) == len(chips) - 1
    english = detail.show_detail(["150402"], "150400", GDP, "en", None)
    assert english[0].children[1].children == "About this indicator"
    assert "looser than the target of Chifeng City" in text_of(find(english, ids.DETAIL_CONTEXT))


def test_the_drilldown_shows_no_strip_without_a_level_above_with_data(dataset, geo) -> None:
    from callbacks import detail
    from layouts import ids

    # an indicator of 钦州市 (450700) that no level above it has in the shipped values
    lineage = geo.lineage("450700")[1:]
    own = {r["indicator"] for r in shipped_rows() if r["region"] == "450700" and r["kind"] == "target"}
    above = {r["indicator"] for r in shipped_rows() if r["region"] in lineage}
    indicator = sorted(own - above)[0]
    children = detail.show_detail([], "450700", indicator, "zh", None)
    assert find(children, ids.DETAIL_CONTEXT) is None


def text_of(component) -> str:
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def test_the_strip_year_is_the_target_in_force_and_strictness_only_of_levels_standards(dataset, geo) -> None:
    # 全国: targets 2025 and 2035, latest actual 2023 → 2025's cap is the one in force
    years = sorted(int(r["year"]) for r in shipped_rows() if (r["region"], r["indicator"], r["kind"]) == (
        "100000", TWU, "target"))
    assert years == [2025, 2035] and strip_year(dataset, geo, "100000", TWU) == 2025
    # a yearly rate (钦州's 万亩/年) is not judged against any level above, whatever the data holds
    data = built(dataset, [("450000", "annual_efficient_irrigation_area", "2020", "target", "5", ">=", "", "")])
    found = context(data, geo, "450700", "annual_efficient_irrigation_area", 2020)
    assert found["checks"] == [] and found["levels"][1]["target"]["value_text"] == "5"
