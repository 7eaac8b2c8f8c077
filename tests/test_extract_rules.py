"""The proposal rules of the extractor (water_targets.extract.rules), on small invented sentences and tables: one
rule per test, every quote an exact substring at its offsets, and the synonym table kept valid."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from water_targets.extract.rules import DATA_DIR, propose
from water_targets.extract.text import read_text

FIELDS = {
    "kind", "indicator", "indicator_text", "value", "value_text", "unit", "year", "baseline_year", "comparator",
    "qualifier", "region", "region_text", "section", "quote", "start", "end", "confidence", "value_start", "value_end",
}
PLAN = "150400"  # a city with counties in the bundled catalogue (宁城县 150429, 林西县 150424)


def run(text: str, region: str | None = PLAN) -> list[dict]:
    read = read_text(text, "test.txt")
    out = propose(read, region=region)
    for p in out:
        assert set(p) == FIELDS
        assert read.text[p["start"]:p["end"]] == p["quote"]
        assert p["start"] <= p["value_start"] < p["value_end"] <= p["end"]
        printed = read.text[p["value_start"]:p["value_end"]]
        assert printed == p["value_text"] or p["value_text"] in printed, (printed, p["value_text"])
        assert p["comparator"] in ("<=", ">=", "=")
        assert 0 <= p["confidence"] <= 1
    return out


def one(text: str, **kw: object) -> dict:
    out = run(text, **kw)
    assert len(out) == 1, out
    return out[0]


def test_cap_with_year_reads_le_and_high_confidence() -> None:
    p = one("到2027年，全县用水总量控制在3.12亿立方米以内。")
    assert (p["kind"], p["indicator"], p["value"], p["unit"], p["year"], p["comparator"]) == (
        "target", "total_water_use", 3.12, "亿立方米", 2027, "<=")
    assert p["value_text"] == "3.12" and p["indicator_text"] == "用水总量"
    assert p["confidence"] >= 0.9


@pytest.mark.parametrize(("sentence", "indicator", "value", "comparator", "qualifier"), [
    ("到2026年，再生水利用率达到37%以上。", "reclaimed_water_utilization_rate", 37, ">=", ""),
    ("到2026年，农田灌溉水有效利用系数提高到0.612。", "irrigation_efficiency", 0.612, ">=", ""),
    ("到2026年，城市公共供水管网漏损率不超过8.5%。", "pipe_leakage_rate", 8.5, "<=", ""),
    ("到2026年，矿井水综合利用率达到72%左右。", "mine_water_utilization_rate", 72, "=", "左右"),
    ("到2026年，力争工业用水重复利用率不低于93%。", "industrial_water_reuse_rate", 93, ">=", "力争"),
])
def test_comparators_and_qualifiers(sentence: str, indicator: str, value: float, comparator: str,
                                    qualifier: str) -> None:
    p = one(sentence)
    assert (p["indicator"], p["value"], p["comparator"], p["qualifier"], p["year"]) == (
        indicator, value, comparator, qualifier, 2026)


def test_reduction_keeps_its_baseline() -> None:
    p = one("到2026年，万元地区生产总值用水量较2021年下降14%。")
    assert (p["indicator"], p["value"], p["comparator"], p["baseline_year"], p["year"]) == (
        "gdp_water_intensity_reduction", 14, ">=", 2021, 2026)


def test_respectively_pairs_indicators_and_values_in_order() -> None:
    out = run("到2024年，万元国内生产总值用水量、万元工业增加值用水量较2019年分别降低23%和17%。")
    got = [(p["indicator"], p["value"], p["baseline_year"], p["year"]) for p in out]
    assert got == [("gdp_water_intensity_reduction", 23, 2019, 2024),
                   ("industrial_water_intensity_reduction", 17, 2019, 2024)]


def test_year_range_with_a_list_gives_one_row_per_year() -> None:
    out = run("2024-2026年城镇公共供水管网漏损率分别控制在11%、9.5%、8%以内。")
    assert [(p["year"], p["value"], p["comparator"]) for p in out] == [(2024, 11, "<="), (2025, 9.5, "<="),
                                                                       (2026, 8, "<=")]
    assert {p["indicator"] for p in out} == {"pipe_leakage_rate"}


def test_schedule_with_all_reads_100_as_printed() -> None:
    out = run("2024年，45%高耗水企业建成节水型企业，2025年85%，2026年全部。")
    got = [(p["year"], p["value"], p["value_text"], p["indicator"]) for p in out]
    assert got == [(2024, 45, "45", "high_water_use_enterprise_water_saving_share"),
                   (2025, 85, "85", "high_water_use_enterprise_water_saving_share"),
                   (2026, 100, "全部", "high_water_use_enterprise_water_saving_share")]


def test_yearly_rate_is_qualified_not_summed() -> None:
    p = one("2024年前，每年发展高效节水灌溉面积2.4万亩。")
    assert (p["indicator"], p["value"], p["qualifier"], p["year"]) == (
        "annual_efficient_irrigation_area", 2.4, "每年", 2024)


def test_period_end_and_horizon_default() -> None:
    p = one("十四五末，再生水利用率达到31%以上。")
    assert p["year"] == 2025
    text = "一、目标\n到2026年，全县用水总量控制在2.2亿立方米以内。\n二、任务\n1.推进节水。矿井水利用率达到66%以上。"
    rows = run(text)
    late = next(p for p in rows if p["indicator"] == "mine_water_utilization_rate")
    early = next(p for p in rows if p["indicator"] == "total_water_use")
    assert late["year"] == 2026 and late["confidence"] < early["confidence"]


def test_actual_figures_are_not_targets() -> None:
    out = run("2023年全市用水总量为7.4亿立方米。万元GDP用水量比上年下降3.1%。"
              "到2026年，全市用水总量控制在7.9亿立方米以内。")
    kinds = {p["value"]: p["kind"] for p in out}
    assert kinds == {7.4: "actual", 3.1: "actual", 7.9: "target"}
    assert run("农田灌溉水有效利用系数已达到0.58。")[0]["kind"] == "actual"


def test_counted_nouns_follow_their_numbers() -> None:
    out = run("到2026年，创建2个节水型灌区和3个节水农业示范区。")
    assert [(p["indicator"], p["value"]) for p in out] == [("water_saving_irrigation_district_count", 2),
                                                          ("water_saving_agri_demo_zone_count", 3)]


def test_conditions_on_users_are_not_targets() -> None:
    assert run("将年用水量20万立方米以上的工业企业纳入重点监控名录。") == []


def test_unit_conversion_to_the_catalogue_unit() -> None:
    p = one("到2026年，非常规水源利用量达到1500万立方米以上。")
    assert (p["indicator"], p["value"], p["unit"], p["value_text"]) == (
        "nonconventional_water_use", 0.15, "万立方米", "1500")


def test_region_named_in_clause() -> None:
    p = one("到2026年，宁城县再生水利用率达到28%以上。")
    assert (p["region"], p["region_text"]) == ("150429", "宁城县")
    assert one("到2026年，再生水利用率达到28%以上。")["region"] == PLAN


def test_page_break_inside_a_sentence_is_mended() -> None:
    text = "到2026年，大力推进公共领域节水改造并建成节水教育基地，全市建成3\n\n个以上节水教育基地。"
    p = one(text)
    assert (p["indicator"], p["value"], p["year"]) == ("water_saving_education_base_count", 3, 2026)


ANNEX_ROWS = [
    ["行政区", "用水总量（亿立方米）", "万元GDP用水量较2020年下降率（%）", "新增农业节水能力（万立方米）"],
    ["全市", "4.10", "17.5", "900"],
    ["宁城县", "1.25", "18.5", "/"],
    ["林西县", "0.80", "保持2020年水平", "200"],
]


def annex_tab_rows() -> str:
    return "附件\n某市2026年节水目标分解表\n" + "\n".join("\t".join(r) for r in ANNEX_ROWS) + "\n"


def annex_cell_lines() -> str:
    # One cell per line, each starting with a tab; a long title continues on a line of its own.
    blocks = []
    for r in ANNEX_ROWS:
        cells = [c.replace("（", "\n（", 1) if "（" in c else c for c in r]
        blocks.append("\n".join("\t" + c for c in cells))
    return "附件\n某市2026年节水目标分解表\n" + "\n\n".join(blocks) + "\n\n注：新增农业节水能力为预估数。\n"


@pytest.mark.parametrize("layout", [annex_tab_rows, annex_cell_lines])
def test_annex_table_one_row_per_unit_and_column(layout) -> None:
    out = run(layout())
    got = {(p["region"], p["indicator"]): p for p in out}
    assert len(out) == 8  # 3 units x 3 columns, less the "/" cell (not applicable: skipped)
    assert (PLAN, "total_water_use") in got and got[(PLAN, "total_water_use")]["comparator"] == "<="
    assert got[("150429", "total_water_use")]["value"] == 1.25
    assert ("150429", "new_agri_saving_capacity") not in got
    keep = got[("150424", "gdp_water_intensity_reduction")]
    assert (keep["value"], keep["comparator"], keep["qualifier"], keep["baseline_year"], keep["value_text"]) == (
        0, ">=", "保持2020年水平", 2020, "保持2020年水平")
    red = got[("150429", "gdp_water_intensity_reduction")]
    assert (red["value"], red["comparator"], red["unit"], red["year"]) == (18.5, ">=", "%", 2026)
    assert {p["kind"] for p in out} == {"target"}


def test_annex_note_marks_estimates() -> None:
    out = run(annex_cell_lines())
    est = [p for p in out if p["indicator"] == "new_agri_saving_capacity"]
    assert est and all(p["qualifier"] == "预估" for p in est)


def test_synonym_table_is_valid() -> None:
    with open(DATA_DIR / "indicator_synonyms.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(Path(DATA_DIR) / "indicators.csv", encoding="utf-8") as f:
        ids = {r["id"] for r in csv.DictReader(f)}
    assert rows and set(rows[0]) == {"indicator", "phrase"}
    assert {r["indicator"] for r in rows} <= ids
    assert ids <= {r["indicator"] for r in rows}, "every catalogue indicator needs at least one phrase"
    counts = Counter(r["phrase"] for r in rows)
    assert [p for p, n in counts.items() if n > 1] == []
    assert all(r["phrase"].strip() == r["phrase"] and r["phrase"] for r in rows)


def test_unknown_indicator_keeps_its_printed_name() -> None:
    p = one("到2026年，新建污水处理厂4座。")
    assert (p["indicator"], p["value"], p["unit"], p["indicator_text"]) == (None, 4, "座", "新建污水处理厂")
    p = one("到2026年，建成4座以上污水处理厂。")
    assert (p["indicator"], p["indicator_text"]) == (None, "污水处理厂")
    assert run("方案从9个方面制定30条举措。") == []


# ---- the language of plans beyond the seeds: traditional characters, baselines in the text, bulletins' and web
# pages' tables, lists of units, 全部 (sentences written for these tests, figures invented)


def keys(out: list[dict]) -> set[tuple]:
    return {(p["kind"], p["region"], p["indicator"], p["year"], p["comparator"], p["value"]) for p in out}


def test_a_traditional_plan_is_read_and_quoted_as_printed() -> None:
    text = "到2027年，全市用水總量控制在19.4億立方米以內，萬元國內生產總值用水量較2022年下降12%。"
    out = run(text)
    assert keys(out) == {("target", PLAN, "total_water_use", 2027, "<=", 19.4),
                         ("target", PLAN, "gdp_water_intensity_reduction", 2027, ">=", 12)}
    cap = next(p for p in out if p["indicator"] == "total_water_use")
    assert cap["indicator_text"] == "用水總量" and cap["unit"] == "億立方米"
    assert cap["quote"] == text.rstrip("。")


def test_a_figure_of_a_year_the_plan_looks_back_on_is_an_actual_level() -> None:
    text = ("赤政办发〔2023〕8号\n"
            "2022年，全市用水总量为17.3亿立方米，农田灌溉水有效利用系数由2018年的0.551提高到0.572。"
            "到2027年，全市用水总量控制在18.1亿立方米以内，农田灌溉水有效利用系数达到0.60。")
    assert keys(run(text)) == {
        ("actual", PLAN, "total_water_use", 2022, "=", 17.3),
        ("actual", PLAN, "irrigation_efficiency", 2018, "=", 0.551),
        ("actual", PLAN, "irrigation_efficiency", 2022, "=", 0.572),
        ("target", PLAN, "total_water_use", 2027, "<=", 18.1),
        ("target", PLAN, "irrigation_efficiency", 2027, ">=", 0.60),
    }


def test_a_change_on_the_year_before_is_no_level() -> None:
    out = run("2024年水资源公报\n2024年，全市用水总量为16.2亿立方米，比上年减少0.4亿立方米。")
    assert keys(out) == {("actual", PLAN, "total_water_use", 2024, "=", 16.2)}


def test_a_bulletin_table_holds_actuals_of_its_indicator_columns_only() -> None:
    text = ("2024年赤峰市水资源公报\n表1 各旗县区用水情况\n"
            "旗县区\t降水量（毫米）\t用水总量（亿立方米）\n宁城县\t412.5\t2.05\n林西县\t365.0\t1.02\n")
    assert keys(run(text)) == {("actual", "150429", "total_water_use", 2024, "=", 2.05),
                               ("actual", "150424", "total_water_use", 2024, "=", 1.02)}


def test_a_table_printed_one_cell_per_line_without_tabs() -> None:
    text = ("附件\n赤峰市用水总量控制目标分解表\n单位：亿立方米\n旗县区\n2028年用水总量控制目标\n"
            "宁城县\n2.33\n林西县\n1.07\n敖汉旗\n3.41\n")
    assert keys(run(text)) == {("target", "150429", "total_water_use", 2028, "<=", 2.33),
                               ("target", "150424", "total_water_use", 2028, "<=", 1.07),
                               ("target", "150430", "total_water_use", 2028, "<=", 3.41)}


def test_a_two_column_table_takes_its_year_from_its_title_not_its_baseline() -> None:
    text = ("附件\n各旗县区2028年万元地区生产总值用水量下降目标（较2023年）\n"
            "旗县区\t万元地区生产总值用水量下降率（%）\n宁城县\t12\n林西县\t11\n高新区\t10\n")
    out = run(text)
    assert keys(out) == {("target", "150429", "gdp_water_intensity_reduction", 2028, ">=", 12),
                         ("target", "150424", "gdp_water_intensity_reduction", 2028, ">=", 11)}  # 高新区: no unit


def test_listed_units_share_a_value_or_take_theirs_in_order() -> None:
    assert keys(run("到2028年，宁城县、林西县农田灌溉水有效利用系数达到0.58以上。")) == {
        ("target", "150429", "irrigation_efficiency", 2028, ">=", 0.58),
        ("target", "150424", "irrigation_efficiency", 2028, ">=", 0.58)}
    assert keys(run("到2028年，宁城县、林西县用水总量分别控制在2.3亿立方米和1.1亿立方米以内。")) == {
        ("target", "150429", "total_water_use", 2028, "<=", 2.3),
        ("target", "150424", "total_water_use", 2028, "<=", 1.1)}


def test_all_of_a_share_is_100_as_the_plan_says_but_not_with_a_number_or_an_exception() -> None:
    assert keys(run("2027年底前，市级机关全部建成节水型单位。")) == {
        ("target", PLAN, "water_saving_municipal_agency_share", 2027, ">=", 100)}
    assert keys(run("到2027年，市级机关节水型单位建成率全部达到60%以上。")) == {
        ("target", PLAN, "water_saving_municipal_agency_share", 2027, ">=", 60)}
    assert run("到2027年，除宁城县外，县域节水型社会达标建设全部完成。") == []


def test_a_part_after_qizhong_and_counts_of_a_programme_are_not_the_whole() -> None:
    out = run("到2028年，全市用水总量控制在18.1亿立方米以内（其中地下水不超过6.2亿立方米），安排重点项目35项。")
    assert ("target", PLAN, "total_water_use", 2028, "<=", 6.2) not in keys(out)
    assert ("target", PLAN, "total_water_use", 2028, "<=", 18.1) in keys(out)
    assert not [p for p in out if p["value"] == 35]


def test_units_printed_with_a_space_and_in_hundred_million_mu() -> None:
    out = run("到2028年，累计建成高标准农田1.2亿亩，非常规水源利用量达到0.9亿 立方米。")
    assert keys(out) == {("target", PLAN, "high_standard_farmland_area", 2028, ">=", 12000),
                         ("target", PLAN, "nonconventional_water_use", 2028, ">=", 0.9)}


def test_a_table_copied_from_a_pdf_with_spaces_between_cells() -> None:
    text = ("附件\n2029年度各旗县区用水总量控制目标\n"
            "旗县区 用水总量（万立方米） 水功能区水质达标率（%）\n宁城县 23100 90\n林西县 10800 85.5\n")
    assert keys(run(text)) == {("target", "150429", "total_water_use", 2029, "<=", 2.31),
                               ("target", "150424", "total_water_use", 2029, "<=", 1.08)}  # no catalogue column


def test_a_table_of_indicators_by_year_gives_base_actuals_and_targets() -> None:
    text = ("赤政发〔2026〕3号\n表1 主要指标\n指标\t2025年（基期）\t2030年（目标）\t属性\n"
            "用水总量（亿立方米）\t17.9\t19.2\t约束性\n农田灌溉水有效利用系数\t0.571\t0.60\t预期性\n")
    assert keys(run(text)) == {("actual", PLAN, "total_water_use", 2025, "=", 17.9),
                               ("target", PLAN, "total_water_use", 2030, "<=", 19.2),
                               ("actual", PLAN, "irrigation_efficiency", 2025, "=", 0.571),
                               ("target", PLAN, "irrigation_efficiency", 2030, ">=", 0.60)}


def test_items_after_a_lead_in_keep_its_year_and_a_deadline_is_not_carried() -> None:
    text = ("到2029年，全市实现以下目标：\n（一）用水总量控制在18.4亿立方米以内。\n（二）再生水利用率达到30%。\n"
            "二、重点任务\n2027年底前，市级机关全部建成节水型单位。城市公共供水管网漏损率控制在8%以内。")
    got = keys(run(text))
    assert ("target", PLAN, "total_water_use", 2029, "<=", 18.4) in got
    assert ("target", PLAN, "reclaimed_water_utilization_rate", 2029, ">=", 30) in got
    assert ("target", PLAN, "water_saving_municipal_agency_share", 2027, ">=", 100) in got
    leak = [k for k in got if k[2] == "pipe_leakage_rate"]
    assert leak and leak[0][3] != 2027  # the deadline of the sentence before is not this target's year


def test_units_after_qizhong_keep_the_indicator_and_words_broken_by_a_line() -> None:
    got = keys(run("到2029年，城市公共供水管网漏损率控制在9%以内，其中宁城县、林西县城区控制在8%以内，万元工业增\n"
                   "加值用水量较2025年下降10%。"))
    assert ("target", "150429", "pipe_leakage_rate", 2029, "<=", 8) in got
    assert ("target", "150424", "pipe_leakage_rate", 2029, "<=", 8) in got
    assert ("target", PLAN, "industrial_water_intensity_reduction", 2029, ">=", 10) in got


def test_an_intensity_level_is_an_unmapped_actual_but_a_reservoirs_storage_is_nothing() -> None:
    out = run("2026年赤峰市水资源公报\n全市万元地区生产总值用水量为41.2立方米。年末大中型水库蓄水总量8.1亿立方米。")
    assert [(p["kind"], p["indicator"], p["indicator_text"], p["value"]) for p in out] == [
        ("actual", None, "万元地区生产总值用水量", 41.2)]


def test_a_mirror_with_pinyin_notes_and_a_price_basis_and_an_elided_list() -> None:
    text = ("赤峰市水务局\n2028年3月1日\n2027年，全市用水總量為16.8億立方米，農(nóng)田灌溉水有效利用系數(shù)為0.581。"
            "按2025年不變價計算，萬元地區(qū)生產(chǎn)總值和萬元工業(yè)增加值用水量較2025年下降率分別為3.1%和4.2%。")
    got = keys(run(text))
    assert ("actual", PLAN, "total_water_use", 2027, "=", 16.8) in got
    assert ("actual", PLAN, "irrigation_efficiency", 2027, "=", 0.581) in got
    assert ("actual", PLAN, "gdp_water_intensity_reduction", 2027, "=", 3.1) in got  # 2025 is the price basis
    assert ("actual", PLAN, "industrial_water_intensity_reduction", 2027, "=", 4.2) in got


def test_a_pipe_table_with_a_numbered_column_and_printed_comparisons() -> None:
    text = ("赤政发〔2026〕3号\n附表 主要指标\n序号 | 指标 | 2025年（基期） | 2030年（目标） | 属性\n"
            "1 | 用水总量（亿立方米） | 17.9 | ≤19.2 | 约束性\n2 | 城市公共供水管网漏损率（%） | 9.1 | ≤8 | 约束性\n")
    assert keys(run(text)) == {("actual", PLAN, "total_water_use", 2025, "=", 17.9),
                               ("target", PLAN, "total_water_use", 2030, "<=", 19.2),
                               ("actual", PLAN, "pipe_leakage_rate", 2025, "=", 9.1),
                               ("target", PLAN, "pipe_leakage_rate", 2030, "<=", 8)}


def test_a_table_laid_out_by_spaces_with_wrapped_titles_across_a_page_break() -> None:
    header = ("                      2029年用水总量      矿井水综合\n"
              "  旗县区              控制目标            利用率\n"
              "                      （亿立方米）        （%）\n")
    text = ("附表1\n" + header + "  宁城县              2.33                80\n"
            "  林西县              1.07                —\n"
            "\n                — 12 —\n\n" + header + "  敖汉旗              3.41                85\n"
            "  全  市              18.20               82\n")
    assert keys(run(text)) == {
        ("target", "150429", "total_water_use", 2029, "<=", 2.33), ("target", "150429", "mine_water_utilization_rate",
                                                                     2029, ">=", 80),
        ("target", "150424", "total_water_use", 2029, "<=", 1.07),
        ("target", "150430", "total_water_use", 2029, "<=", 3.41), ("target", "150430", "mine_water_utilization_rate",
                                                                     2029, ">=", 85),
        ("target", PLAN, "total_water_use", 2029, "<=", 18.2), ("target", PLAN, "mine_water_utilization_rate", 2029,
                                                                 ">=", 82)}


def test_lists_by_short_names_with_a_shared_unit_and_lists_of_years() -> None:
    got = keys(run("到2029年，宁城、林西两县用水总量分别控制在2.3亿、1.1亿立方米以内。"))
    assert got == {("target", "150429", "total_water_use", 2029, "<=", 2.3),
                   ("target", "150424", "total_water_use", 2029, "<=", 1.1)}
    got = keys(run("2027年、2028年、2029年分别新增高效节水灌溉面积3万亩、4万亩和5万亩。"))
    assert got == {("target", PLAN, "new_efficient_irrigation_area", y, ">=", v)
                   for y, v in ((2027, 3), (2028, 4), (2029, 5))}


def test_figures_with_thousands_full_width_digits_and_in_parentheses() -> None:
    got = keys(run("“十四五”期间，全市改造老旧供水管网1,800公里，农田灌溉水有效利用系数达到０．６０２，"
                   "用水总量不超过国家下达的年度控制指标（18.5亿立方米）。"))
    assert got == {("target", PLAN, "pipe_renewal_length", 2025, ">=", 1800),
                   ("target", PLAN, "irrigation_efficiency", 2025, ">=", 0.602),
                   ("target", PLAN, "total_water_use", 2025, "<=", 18.5)}


def test_a_work_report_reviews_last_year_and_sets_this_years_targets() -> None:
    text = ("在2027年全市水务工作会议上的工作报告\n（2027年1月20日）\n一、2026年工作回顾\n"
            "　　节水型社会建设持续深化。全年全市用水总量17.6亿立方米，控制在国家下达指标以内；"
            "万元地区生产总值用水量比上年下降3.8%。\n二、2027年主要目标和重点任务\n"
            "　　2027年全市水务工作的主要预期目标是：全市用水总量控制在18.4亿立方米以内；"
            "万元地区生产总值用水量比上年下降3%，确保“十四五”末达标。\n　　重点抓好以下工作：\n"
            "　　（一）深入实施节水行动。全年新增高效节水灌溉面积5万亩。\n")
    got = keys(run(text))
    assert ("actual", PLAN, "total_water_use", 2026, "=", 17.6) in got
    assert ("actual", PLAN, "gdp_water_intensity_reduction", 2026, "=", 3.8) in got
    assert ("target", PLAN, "total_water_use", 2027, "<=", 18.4) in got
    assert ("target", PLAN, "gdp_water_intensity_reduction", 2027, ">=", 3) in got
    assert ("target", PLAN, "new_efficient_irrigation_area", 2027, ">=", 5) in got


def test_a_news_report_in_taiwan_style_traditional_with_metres_as_gongchi() -> None:
    text = ("根據方案,2022年赤峰市用水總量為17.12億立方公尺。方案要求公共供水管網漏損率由2022年的12.6%降至9%以下,"
            "其中寧城縣、林西縣分別控制在8.5%、8%以內。「十四五」期間,新增再生水利用能力1,200萬立方公尺。")
    got = keys(run(text))
    assert ("actual", PLAN, "total_water_use", 2022, "=", 17.12) in got
    assert ("actual", PLAN, "pipe_leakage_rate", 2022, "=", 12.6) in got
    assert ("target", "150429", "pipe_leakage_rate", 2025, "<=", 8.5) in got
    assert ("target", "150424", "pipe_leakage_rate", 2025, "<=", 8) in got
    assert ("target", PLAN, "new_reclaimed_water_capacity", 2025, ">=", 1200) in got


def test_an_assessment_notice_with_grouped_headers_and_a_dated_news_report() -> None:
    text = ("赤峰市水务局文件\n赤水发〔2027〕5号\n附表\n2026年度各旗县区最严格水资源管理制度主要指标完成情况\n"
            "单位\t用水总量（亿立方米）\t\t考核得分\n\t年度控制目标\t实际用水量\t\n"
            "宁城县\t2.40\t2.31\t90.5\n林西县\t1.10\t1.02\t88.0\n")
    got = keys(run(text))
    assert got == {("target", "150429", "total_water_use", 2026, "<=", 2.40),
                   ("actual", "150429", "total_water_use", 2026, "=", 2.31),
                   ("target", "150424", "total_water_use", 2026, "<=", 1.10),
                   ("actual", "150424", "total_water_use", 2026, "=", 1.02)}
    news = ("赤峰新闻网\n2027-03-08 09:12　来源：赤峰日报\n"
            "去年全市用水总量约17.9亿立方米。宁城、林西两县将率先发力，到2028年底公共供水管网漏损率控制在9%以内。"
            "市级机关今年底前全部建成节水型单位。")
    got = keys(run(news))
    assert ("actual", PLAN, "total_water_use", 2026, "=", 17.9) in got
    assert ("target", "150429", "pipe_leakage_rate", 2028, "<=", 9) in got
    assert ("target", "150424", "pipe_leakage_rate", 2028, "<=", 9) in got
    assert ("target", PLAN, "water_saving_municipal_agency_share", 2027, ">=", 100) in got


def test_a_work_reports_other_figures_and_money_are_not_proposed() -> None:
    text = ("2027年1月9日\n一、2026年工作回顾\n规模以上工业增加值增长6.8%，新建改建城市道路86公里，完成营造林12.6万亩。"
            "全市用水总量17.2亿立方米，万元地区生产总值用水量比上年下降3.1%。\n二、2027年工作安排\n"
            "对节水改造项目按不超过总投资30%的比例给予补助，全市再生水利用率达到32%。")
    assert keys(run(text)) == {("actual", PLAN, "total_water_use", 2026, "=", 17.2),
                               ("actual", PLAN, "gdp_water_intensity_reduction", 2026, "=", 3.1),
                               ("target", PLAN, "reclaimed_water_utilization_rate", 2027, ">=", 32)}


def test_a_sum_over_listed_units_stays_whole() -> None:
    got = keys(run("到2028年，宁城、林西两县合计新增高效节水灌溉面积近2万亩。"))
    assert got == {("target", PLAN, "new_efficient_irrigation_area", 2028, "=", 2)}


def test_a_tables_title_names_its_columns_indicator_and_a_review_says_what_was_achieved() -> None:
    text = ("赤水发〔2027〕3号\n附件\n2026年度各旗县区用水总量控制目标完成情况\n"
            "旗县区\t年度控制目标（亿立方米）\t实际用水量（亿立方米）\n宁城县\t2.40\t2.31\n林西县\t1.10\t1.02\n")
    assert keys(run(text)) == {("target", "150429", "total_water_use", 2026, "<=", 2.40),
                               ("actual", "150429", "total_water_use", 2026, "=", 2.31),
                               ("target", "150424", "total_water_use", 2026, "<=", 1.10),
                               ("actual", "150424", "total_water_use", 2026, "=", 1.02)}
    report = ("政府工作报告\n2031年1月12日\n一、过去五年工作回顾\n五年来，全市万元地区生产总值用水量较2025年下降16.5%。"
              "全年用水总量控制在17.8亿立方米。\n二、2031年工作安排\n万元地区生产总值用水量较去年下降3%左右。")
    got = keys(run(report))
    assert ("actual", PLAN, "gdp_water_intensity_reduction", 2030, "=", 16.5) in got
    assert ("actual", PLAN, "total_water_use", 2030, "=", 17.8) in got
    assert ("target", PLAN, "gdp_water_intensity_reduction", 2031, "=", 3) in got


def test_an_allocation_tables_title_is_no_indicator_header_and_actual_columns_take_their_siblings() -> None:
    text = ("附件\n赤峰市2029年用水总量控制指标分解表\n单位：亿立方米\n旗县区          2029年用水总量控制指标    备注\n"
            "宁城县          2.33\n林西县          1.07\n")
    assert keys(run(text)) == {("target", "150429", "total_water_use", 2029, "<=", 2.33),
                               ("target", "150424", "total_water_use", 2029, "<=", 1.07)}
    text = ("2028年度考核结果及2029年度用水总量控制指标\n单位：亿立方米、分\n"
            "旗县区\t2028年实际用水量\t考核得分\t考核等级\t2029年度用水总量控制指标\n"
            "宁城县\t2.21\t90.5\t优秀\t2.40\n林西县\t1.02\t84.0\t良好\t1.10\n")
    got = keys(run(text))
    assert ("actual", "150429", "total_water_use", 2028, "=", 2.21) in got
    assert ("target", "150429", "total_water_use", 2029, "<=", 2.40) in got
    assert ("actual", "150424", "total_water_use", 2028, "=", 1.02) in got


def test_intensities_at_current_prices_are_levels_and_others_stay_unmapped() -> None:
    """A bulletin's "万元国内生产总值(当年价)用水量" in cubic metres is the level at current prices, never the
    reduction; without 当年价 printed the figure is left for the reviewer (its prices are part of its meaning).
    Figures invented."""
    bulletin = "2031年某市水资源公报\n"
    p = one(bulletin + "万元国内生产总值(当年价)用水量为41.7m3。")
    assert (p["indicator"], p["kind"], p["value"], p["year"]) == ("gdp_water_intensity", "actual", 41.7, 2031)
    p = one(bulletin + "萬元工業增加值當年價用水量12.4立方米。")
    assert (p["indicator"], p["value"]) == ("industrial_water_intensity", 12.4)
    p = one(bulletin + "万元国内生产总值用水量为41.7立方米。")
    assert p["indicator"] is None and p["value"] == 41.7
    # the reduction itself, in %, stays the reduction
    p = one(bulletin + "按可比价计算，万元国内生产总值用水量较2025年下降6.2%。")
    assert (p["indicator"], p["value"], p["baseline_year"]) == ("gdp_water_intensity_reduction", 6.2, 2025)


def test_all_before_the_units_it_counts_is_a_full_share() -> None:
    """"全部" before the units it counts is 100 % of their share — alone in its clause, or one item of a list beside
    numbered ones; "除…外…全部" is not all. Sentences written for the test."""
    p = one("到2031年，全部县级行政区达到节水型社会标准。")
    assert (p["indicator"], p["value"], p["comparator"], p["year"]) == ("water_saving_society_county_share", 100.0,
                                                                        ">=", 2031)
    rows = run("到2031年，全部市直机关、60%以上的市直事业单位建成节水型单位。")
    got = {(p["indicator"], p["value"]) for p in rows}
    assert got == {("water_saving_municipal_agency_share", 100.0), ("water_saving_municipal_institution_share", 60.0)}
    assert run("到2031年，除甲区外，全部县级行政区达到节水型社会标准。") == []


def test_a_reduction_at_current_prices_is_not_the_reduction_indicator() -> None:
    """Reductions are measured at comparable prices: one printed at current prices is never proposed as the
    indicator progress judges (a percentage of no catalogue indicator is not proposed at all). Figures invented."""
    for sentence in ("万元国内生产总值(当年价)用水量较2030年下降10.5%。",
                     "按当年价计算，万元国内生产总值用水量较2030年下降10.5%。"):
        assert not [p for p in run("2031年某市水资源公报\n" + sentence) if p["indicator"]], sentence
    p = one("2031年某市水资源公报\n按可比价计算，万元国内生产总值用水量较2030年下降10.5%。")
    assert (p["indicator"], p["value"]) == ("gdp_water_intensity_reduction", 10.5)
