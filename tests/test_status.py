"""The status module against hand-computed cases: each comparator, each class boundary, both baselines."""

from __future__ import annotations

import pandas as pd
import pytest

from water_targets import status as st
from water_targets import status_words as sw


def target(value: str, year: int, comparator: str = ">=", baseline: int | None = None, qualifier: str = "") -> dict:
    return {
        "region": "150426",
        "indicator": "x",
        "year": year,
        "kind": "target",
        "value": value,
        "number": float(value) if value else float("nan"),
        "comparator": comparator,
        "baseline_year": pd.NA if baseline is None else baseline,
        "qualifier": qualifier,
    }


def actual(value: str, year: int, baseline: int | None = None, qualifier: str = "") -> dict:
    return {**target(value, year, "", baseline, qualifier), "kind": "actual"}


CAP = target("3.0047", 2025, "<=")  # 翁牛特旗's 2025 cap, 亿立方米
REDUCTION_2020 = target("20", 2025, ">=", 2020)  # "较2020年下降20%以上"
REDUCTION_2015 = target("15", 2020, ">=", 2015)  # "较2015年下降15%"
COEFFICIENT = target("0.66", 2025, ">=")


# --- Target year reached: met / not met with the gap ---


@pytest.mark.parametrize(
    ("value", "status", "gap"),
    [("2.9", st.MET, -0.1047), ("3.0047", st.MET, 0.0), ("3.1", st.NOT_MET, 0.0953)],
)
def test_cap_in_its_target_year(value, status, gap) -> None:
    a = st.assess(CAP, [actual("2.5", 2020), actual(value, 2025)])
    assert a.status == status and a.final
    assert a.gap == pytest.approx(gap)
    assert a.latest.year == 2025


@pytest.mark.parametrize(("value", "status"), [("20", st.MET), ("21.5", st.MET), ("19.9", st.NOT_MET)])
def test_floor_in_its_target_year(value, status) -> None:
    assert st.assess(REDUCTION_2020, [actual(value, 2025, 2020)], reduction=True).status == status


def test_exact_comparator_is_met_only_at_the_number() -> None:
    exact = target("2", 2022, "=")
    assert st.assess(exact, [actual("2", 2022)]).status == st.MET
    assert st.assess(exact, [actual("3", 2022)]).status == st.NOT_MET


def test_a_reduction_of_about_a_figure_is_met_by_cutting_that_much_or_more() -> None:
    """"比2020年下降16.0%左右" (the country's 2025 target): 17 % is met, 15 % is not; an exact figure without 左右
    stays exact."""
    about = target("16.0", 2025, "=", baseline=2020, qualifier="about")
    assert st.assess(about, [actual("17.0", 2025, baseline=2020)], reduction=True).status == st.MET
    assert st.assess(about, [actual("15.0", 2025, baseline=2020)], reduction=True).status == st.NOT_MET
    exact = target("16.0", 2025, "=", baseline=2020)
    assert st.assess(exact, [actual("17.0", 2025, baseline=2020)], reduction=True).status == st.NOT_MET


def test_printed_precision_decides_not_float_noise() -> None:
    assert st.assess(COEFFICIENT, [actual("0.660", 2025)]).status == st.MET


# --- Caps ahead of the target year ---


def test_cap_under_and_flat_is_on_track() -> None:
    # 2.5 → 2.6 over 3 years: 2.6667 in 2025, under 3.0047 and not within 2 % of it.
    a = st.assess(CAP, [actual("2.5", 2020), actual("2.6", 2023)])
    assert a.status == st.ON_TRACK
    assert a.projected == pytest.approx(2.6 + 0.1 / 3 * 2)


def test_cap_margin_boundary() -> None:
    # 2 % below 3.0047 is 2.944606: 2.95 is at risk, 2.94 (flat) is not.
    assert st.assess(CAP, [actual("2.95", 2020), actual("2.95", 2023)]).status == st.AT_RISK
    assert st.assess(CAP, [actual("2.94", 2020), actual("2.94", 2023)]).status == st.ON_TRACK


def test_cap_heading_over_by_the_target_year_is_at_risk() -> None:
    # 2.5 → 2.9 over 3 years: 3.1667 in 2025.
    a = st.assess(CAP, [actual("2.5", 2020), actual("2.9", 2023)])
    assert a.status == st.AT_RISK and a.projected == pytest.approx(3.1667, abs=1e-4)


def test_cap_over_before_the_target_year_is_exceeded() -> None:
    a = st.assess(CAP, [actual("2.5", 2020), actual("3.1", 2023)])
    assert a.status == st.EXCEEDED and a.gap == pytest.approx(0.0953)


def test_a_single_actual_under_a_cap_is_judged_by_its_level() -> None:
    assert st.assess(CAP, [actual("2.5", 2023)]).status == st.ON_TRACK
    assert st.assess(CAP, [actual("3.0", 2023)]).status == st.AT_RISK


# --- Floors ahead of the target year: observed / required rate (Open SDG classes) ---


@pytest.mark.parametrize(
    ("achieved_2023", "status", "ratio"),
    [
        ("12", st.ON_TRACK, 1.0),  # 4 points a year, as required (20 / 5)
        ("11.4", st.ON_TRACK, 0.95),  # boundary: R = 0.95
        ("11.3", st.NEEDS_ACCELERATION, 0.9417),
        ("7.2", st.NEEDS_ACCELERATION, 0.60),  # boundary: R = 0.60
        ("7.1", st.LIMITED_PROGRESS, 0.5917),
        ("0", st.LIMITED_PROGRESS, 0.0),  # boundary: R = 0
        ("-1", st.DETERIORATION, -0.0833),
    ],
)
def test_reduction_against_2020_uses_zero_in_the_baseline_year(achieved_2023, status, ratio) -> None:
    a = st.assess(REDUCTION_2020, [actual(achieved_2023, 2023, 2020)], reduction=True)
    assert a.status == status
    assert a.ratio == pytest.approx(ratio, abs=1e-4)
    assert (a.base.year, a.base.number, a.base.row) == (2020, 0.0, None)


def test_reduction_against_2015_ignores_figures_against_another_baseline() -> None:
    # Required 15 / 5 = 3 a year; observed 8 / 3 = 2.667: R = 0.889.
    rows = [actual("6", 2017, 2015), actual("8", 2018, 2015), actual("30", 2019, 2020)]
    a = st.assess(REDUCTION_2015, rows, reduction=True)
    assert a.status == st.NEEDS_ACCELERATION and a.latest.year == 2018
    assert a.ratio == pytest.approx(8 / 3 / 3)


def test_base_is_the_actual_of_the_baseline_year_when_there_is_one() -> None:
    rows = [actual("1", 2019, 2020), actual("0.5", 2020, 2020), actual("12.5", 2023, 2020)]
    a = st.assess(REDUCTION_2020, rows, reduction=True)
    assert a.base.year == 2020 and a.base.number == 0.5
    assert a.ratio == pytest.approx((12 / 3) / (19.5 / 5))


def test_without_a_baseline_year_the_earliest_actual_is_the_base() -> None:
    # Coefficient 0.60 (2020) → 0.63 (2023): observed 0.01/yr, required 0.012/yr: R = 0.833.
    a = st.assess(COEFFICIENT, [actual("0.63", 2023), actual("0.60", 2020)])
    assert a.base.year == 2020 and a.status == st.NEEDS_ACCELERATION
    assert a.ratio == pytest.approx(0.8333, abs=1e-4)


def test_a_single_actual_of_a_floor_without_a_base() -> None:
    assert st.assess(COEFFICIENT, [actual("0.62", 2022)]).status == st.TOO_FEW_ACTUALS
    assert st.assess(COEFFICIENT, [actual("0.67", 2022)]).status == st.ON_TRACK


def test_floor_already_reached_before_the_year_is_on_track() -> None:
    a = st.assess(COEFFICIENT, [actual("0.60", 2020), actual("0.67", 2023)])
    assert a.status == st.ON_TRACK and a.gap == pytest.approx(0.01)


# --- Special targets ---


def test_keep_the_2020_level_is_a_floor_of_zero() -> None:
    kept = target("0", 2025, ">=", 2020, "maintain_baseline")
    assert st.assess(kept, [actual("1.5", 2023, 2020)], reduction=True).status == st.ON_TRACK
    assert st.assess(kept, [actual("-2", 2023, 2020)], reduction=True).status == st.DETERIORATION
    final = st.assess(kept, [actual("0", 2025, 2020)], reduction=True)
    assert final.status == st.MET
    assert sw.distance_words(final, "%", "zh", reduction=True) == "保持了2020年水平"


def test_not_applicable_stays_not_applicable() -> None:
    na = target("", 2025, "", qualifier="not_applicable")
    assert st.assess(na, [actual("5", 2023)]).status == st.NOT_APPLICABLE


def test_estimate_targets_are_labelled() -> None:
    estimate = target("1130", 2025, ">=", qualifier="estimate")
    a = st.assess(estimate, [actual("1200", 2025)])
    assert a.status == st.MET and "estimate" in a.flags


def test_no_actual() -> None:
    assert st.assess(CAP, []).status == st.NO_ACTUAL
    assert st.assess(CAP, [actual("2.0", 2024)], as_of=2023).status == st.NO_ACTUAL


# --- Which actuals count ---


def test_actuals_after_the_target_year_do_not_decide_it() -> None:
    t2022 = target("0.55", 2022, ">=")
    assert st.assess(t2022, [actual("0.60", 2023), actual("0.61", 2024)]).status == st.NO_ACTUAL
    # The target-year figure decides, whatever came later.
    a = st.assess(t2022, [actual("0.54", 2022), actual("0.61", 2024)])
    assert a.status == st.NOT_MET and a.latest.year == 2022


def test_the_assessment_year_hides_later_figures() -> None:
    rows = [actual("2.5", 2020), actual("2.6", 2023), actual("3.2", 2025)]
    assert st.assess(CAP, rows).status == st.NOT_MET
    assert st.assess(CAP, rows, as_of=2024).status == st.ON_TRACK


def test_a_provisional_figure_counts_and_is_flagged() -> None:
    a = st.assess(CAP, [actual("2.5", 2020), actual("2.9", 2025, qualifier="provisional")])
    assert a.status == st.MET and "provisional" in a.flags
    ahead = st.assess(CAP, [actual("2.5", 2020), actual("2.6", 2023, qualifier="revised")])
    assert "revised" in ahead.flags


def test_target_for_an_assessment_year_is_the_next_due_else_the_last() -> None:
    targets = [target("19.22", 2020, "<="), target("19.54", 2022, "<="), target("20.83", 2035, "<=")]
    assert st.target_for_year(targets, 2020)["year"] == 2020
    assert st.target_for_year(targets, 2021)["year"] == 2022
    assert st.target_for_year(targets, 2023)["year"] == 2035
    assert st.target_for_year(targets, 2040)["year"] == 2035


# --- Words ---


def test_distance_in_words() -> None:
    under = st.assess(CAP, [actual("2.5", 2020), actual("2.9", 2025)])
    assert sw.distance_words(under, "亿立方米", "zh") == "低于上限0.1047亿立方米"
    assert sw.distance_words(under, "100 million m³", "en") == "0.1047 × 100 million m³ under the cap"
    behind = st.assess(REDUCTION_2020, [actual("17.9", 2023, 2020)], reduction=True)
    assert sw.distance_words(behind, "%", "zh", reduction=True) == "距2025年目标还需下降2.1个百分点"
    over = st.assess(CAP, [actual("3.12", 2023)])
    assert sw.distance_words(over, "亿立方米", "zh") == "超出上限0.1153亿立方米"


def test_every_status_has_a_style_and_words() -> None:
    assert set(st.STATUS_STYLE) == set(st.STATUSES)
    for status in st.STATUSES:
        assert sw.status_label(status, "zh") and sw.status_label(status, "en")
        assert sw.status_label(status, "zh") != sw.status_label(status, "en")


def test_every_status_writes_its_words_at_4_5_to_1_on_its_own_fill() -> None:
    from water_targets.classes import contrast_ratio

    low = {s: round(contrast_ratio(v["fill"], v["ink"]), 2) for s, v in st.STATUS_STYLE.items()}
    assert {s: r for s, r in low.items() if r < 4.5} == {}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_each_status_has_words_readable_on_white() -> None:
    """WCAG's 4.5:1 for text of any size: the headline writes its status in this colour."""
    for status, style in st.STATUS_STYLE.items():
        assert (1.05) / (_luminance(style["text"]) + 0.05) >= 4.5, status
