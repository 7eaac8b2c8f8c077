"""Pure builders: map state (classes, colours, legend), figures, tables and URL state."""

from __future__ import annotations

import pytest

from water_targets import chart_style, choropleth, figures, ranking, tables, urlstate
from water_targets.choropleth import MAINTAIN, NO_BREAKDOWN, NOT_APPLICABLE, map_state
from water_targets.view_state import View


def test_chifeng_water_use_state(dataset, geo) -> None:
    state = map_state(dataset, geo, "150400", "total_water_use", "zh")
    assert state["years"] == ["2025"]
    cells = state["cells"]["2025"]
    assert len(cells) == 12
    assert cells["150426"]["value"] == "≤ 3.0047 亿立方米"
    assert "赤政发〔2025〕11号" in cells["150426"]["source"] and "目标分解表" in cells["150426"]["source"]
    assert state["scheme"] == "natural_breaks" and len(state["bins"]) == 5
    assert state["bins"][-1] == pytest.approx(3.0047)  # the largest cap closes the last class
    # 翁牛特旗 largest, 喀喇沁旗 0.7640 smallest
    assert cells["150426"]["class"] == "class-4" and cells["150428"]["class"] == "class-0"
    # Legend ranges are the printed values inside each class: no value sits on a boundary of two labels.
    labels = [item["label"] for item in state["legend"]["items"]]
    assert labels[0] == "0.7640" and labels[-1] == "2.8220 – 3.0047"
    assert state["headline"]["2025"]["value"] == "≤ 20.23 亿立方米"


def test_special_cells_keep_their_meaning(dataset, geo) -> None:
    state = map_state(dataset, geo, "150400", "industrial_water_intensity_reduction", "zh")
    cells = state["cells"]["2025"]
    assert cells["150424"]["class"] == MAINTAIN and cells["150424"]["value"] == "保持2020年水平"
    assert "0%" not in cells["150424"]["value"]
    legend = state["legend"]
    assert any(item["label"] == "保持2020年水平" for item in legend["special"])
    capacity = map_state(dataset, geo, "150400", "new_agri_saving_capacity", "en")
    assert capacity["cells"]["2025"]["150402"]["class"] == NOT_APPLICABLE
    assert capacity["cells"]["2025"]["150402"]["value"] == "Not applicable"
    assert capacity["cells"]["2025"]["150421"]["note"] == "estimate"


def test_classes_are_shared_across_years(dataset, geo) -> None:
    state = map_state(dataset, geo, "150222", "pipe_leakage_rate", "zh")
    assert state["scheme"] == "unique" and state["bins"] == [8.0, 10.0, 12.0]
    codes = [state["cells"][y]["150222"]["class"] for y in ("2023", "2024", "2025")]
    assert codes == ["class-2", "class-1", "class-0"]  # one colour per value, the same in every year
    assert state["classes"]["class-0"]["fill"] != state["classes"]["class-2"]["fill"]
    assert state["highlight"] == "150222"
    assert state["legend"]["special"][-1]["label"] == "包头市其他县区（背景）"


def test_indicator_without_values_in_the_region(dataset, geo) -> None:
    state = map_state(dataset, geo, "150222", "total_water_use", "zh")
    assert state["years"] == [] and state["cells"] == {}
    assert [item["label"] for item in state["legend"]["special"]] == ["无数据", "包头市其他县区（背景）"]
    assert "没有这一指标" in state["texts"]["no_values"]


def test_region_without_breakdown(dataset, geo) -> None:
    state = map_state(dataset, geo, "140600", "total_water_use", "zh")
    assert not state["breakdown"] and state["missing"]["unit"] == NO_BREAKDOWN
    assert state["cells"] == {"2020": {}, "2022": {}, "2035": {}}
    assert state["headline"]["2022"]["value"] == "≤ 6.79 亿立方米"


def test_overview_mentions_mixed_baselines(dataset, geo) -> None:
    state = map_state(dataset, geo, "all", "gdp_water_intensity_reduction", "zh")
    assert "2015" in state["legend"]["caption"] and "2020" in state["legend"]["caption"]
    assert state["cells"]["2022"]["450700"]["value"] == "≥ 39%（较2015年）"


def test_palette_direction_follows_indicator(dataset, geo) -> None:
    lower = map_state(dataset, geo, "150400", "total_water_use", "zh")
    higher = map_state(dataset, geo, "150400", "irrigation_efficiency", "zh")
    assert lower["classes"][f"class-{len(lower['bins']) - 1}"]["fill"] == choropleth.PALETTES["lower_is_better"][-1]
    assert higher["classes"][f"class-{len(higher['bins']) - 1}"]["fill"] == choropleth.PALETTES["higher_is_better"][-1]


def test_reduction_reads_as_an_index_path(dataset, geo) -> None:
    fig = figures.time_chart(dataset, geo, "gdp_water_intensity_reduction", ["150404"], "zh", parent="150400")
    songshan, city = fig.data
    assert list(songshan.x) == [2020, 2025]
    assert list(songshan.y) == pytest.approx([100, 78.59])
    assert "21.41%" in songshan.hovertext[1]
    assert songshan.marker.symbol[1] == "triangle-up"  # ≥: a floor on the reduction
    assert list(city.y) == pytest.approx([100, 80])
    assert "2020" in fig.layout.yaxis.title.text


def test_totals_put_the_city_on_a_right_axis(dataset, geo) -> None:
    fig = figures.time_chart(dataset, geo, "total_water_use", ["150426"], "zh", parent="150400")
    assert fig.data[1].yaxis == "y2" and fig.layout.yaxis2.side == "right"
    assert fig.data[0].marker.symbol[0] == "triangle-down"


def test_ranking_highlights_selection_and_spells_out_qualifiers(dataset, geo) -> None:
    units = [r.adcode for r in geo.children("150400")]
    fig = ranking.ranking_chart(dataset, geo, "industrial_water_intensity_reduction", units, 2025, ["150404"], "zh")
    bar = fig.data[0]
    assert len(bar.y) == 12
    names = list(bar.y)
    assert bar.marker.color[names.index("松山区")] == chart_style.ACCENT
    assert bar.text[names.index("林西县")] == "保持2020年水平"
    assert list(bar.x)[-1] == max(bar.x)  # largest value drawn at the top


def test_view_rows_and_allocation_table(dataset, geo) -> None:
    rows = tables.view_rows(dataset, geo, "150400", "new_agri_saving_capacity", "zh")
    by_name = {r["region"]: r for r in rows}
    assert len(rows) == 13
    assert by_name["红山区"]["value"] is None and by_name["红山区"]["value_text"] == "不适用"
    assert by_name["阿鲁科尔沁旗"]["value_text"] == "1130" and by_name["阿鲁科尔沁旗"]["qualifier"] == "预估数"
    (table,) = tables.allocation_tables(dataset, geo, "150400", "zh")
    assert (table["doc"], table["year"], table["parent"]) == ("chifeng-2025", 2025, "150400")
    assert len(table["columns"]) == 6 and len(table["rows"]) == 13
    assert table["rows"][0]["adcode"] == "150400"  # the parent's row first
    # The sum check for the additive indicators only (queries.is_additive), all within the table's rounding.
    assert set(table["checks"]) == {"total_water_use", "nonconventional_water_use", "new_agri_saving_capacity"}
    assert all(check["consistent"] for check in table["checks"].values())
    assert table["title"] == "赤峰市目标分解核对"
    assert table["source"] == "赤政发〔2025〕11号 附件 赤峰市2025年节水行动目标分解表"
    (english,) = tables.allocation_tables(dataset, geo, "150400", "en")
    title_en = dataset.documents.loc["chifeng-2025", "title_en"]
    annex = "Annex: Breakdown of Chifeng's 2025 water-saving action targets"
    assert english["source"] == f"{title_en} (赤政发〔2025〕11号), {annex}"
    # No allocation where no two child units have targets of one document and year.
    # 朔州: "到2022年，除平鲁区外，全市各县（市、区）全部完成…达标建设" names five of its six county-level units —
    # a table of one share column, 平鲁区 blank, and no sum check (a share does not add up).
    (shuozhou,) = tables.allocation_tables(dataset, geo, "140600", "zh")
    assert (shuozhou["doc"], shuozhou["year"]) == ("shuozhou-2020", 2022)
    assert [c["id"] for c in shuozhou["columns"]] == ["water_saving_society_county_share"]
    blank = [r["name"] for r in shuozhou["rows"][1:] if not r["cells"]["water_saving_society_county_share"]]
    assert blank == ["平鲁区"] and shuozhou["checks"] == {}
    assert tables.allocation_tables(dataset, geo, "150200", "zh") == []  # 固阳县 alone is its own plan
    assert tables.allocation_tables(dataset, geo, "150222", "zh") == []


def test_url_state_validates_every_parameter(dataset, geo) -> None:
    state = urlstate.parse(
        "?region=150400&indicator=total_water_use&year=2025&county=150426,999999&lang=en", dataset, geo
    )
    assert (state.region, state.indicator, state.year, state.counties, state.lang) == (
        "150400",
        "total_water_use",
        2025,
        ["150426"],
        "en",
    )
    assert state.invalid == ["county=999999"]
    junk = urlstate.parse("?region=x&indicator=y&year=1900&lang=fr&zzz=1", dataset, geo)
    # The default indicator is the one all five plans set targets of (用水总量 only four: 固阳 has none), the first
    # in the catalogue of those.
    everyone = "gdp_water_intensity_reduction"
    assert (junk.region, junk.indicator, junk.lang) == ("all", everyone, "zh")
    assert junk.year in urlstate.years_for(dataset, geo, "all", everyone)
    assert junk.invalid == ["lang=fr", "region=x", "indicator=y", "year=1900", "zzz=1"]
    query = urlstate.to_query(View("150400", "total_water_use", 2025, "en"), ["150426"])
    assert urlstate.parse(query, dataset, geo).counties == ["150426"]
