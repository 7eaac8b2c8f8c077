"""The drill-down's progress: the time chart's actual line, target markers and required path, the status badge,
the 初步数/修订数 flags and the city-wide fallback of a county without figures of its own (issue 10, point 5).

Actual figures are the fictitious ones of tests/progress_data.py."""

from __future__ import annotations

import pytest

from callbacks.detail import progress_status
from water_targets import figures, tables
from water_targets.data import get_dataset
from water_targets.status import STATUS_STYLE

pytestmark = pytest.mark.usefixtures("progress_store")


@pytest.fixture(scope="module")
def data(progress_store):
    return get_dataset(progress_store)


def by_name(fig, suffix: str):
    found = [tr for tr in fig.data if tr.name.endswith(suffix)]
    assert len(found) == 1, [tr.name for tr in fig.data]
    return found[0]


def text_of(component) -> str:
    """The text a Dash component tree renders."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return "".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


def test_cap_actual_line_target_marker_and_required_path(data, geo) -> None:
    fig = figures.time_chart(data, geo, "total_water_use", ["150426"], "zh", parent="150400")
    target, actual, path = by_name(fig, "翁牛特旗 · 目标"), by_name(fig, "· 实际"), by_name(fig, "· 应达路径")
    # ▼ for a cap, with its value; no line joining the targets (the line is the actual series')
    assert list(target.marker.symbol) == ["triangle-down"] and target.mode == "markers+text"
    assert list(target.text) == ["≤ 3.0047"]
    # the actuals: a solid line with points, 修订数 (2022) and 初步数 (2024) hollow and labelled
    assert "lines" in actual.mode and actual.line.dash == "solid"
    assert list(actual.x) == [2020, 2021, 2022, 2023, 2024]
    assert list(actual.y) == pytest.approx([2.80, 2.85, 2.78, 2.83, 2.88])
    assert [c == "white" for c in actual.marker.color] == [False, False, True, False, True]
    assert list(actual.text) == ["", "", "修订数", "", "初步数"]
    assert "2.88 亿立方米（初步数）" in actual.hovertext[4] and "修订数" in actual.hovertext[2]
    # the required path, dashed from the base value (the 2020 actual) to the 2025 cap
    assert path.line.dash == "dash" and path.mode == "lines+markers"
    assert list(path.x) == [2020, 2025]
    assert list(path.y) == pytest.approx([2.80, 3.0047])
    # the city beside it on the right axis, in the legend as before
    assert by_name(fig, "赤峰市（右轴）").yaxis == "y2"
    english = figures.time_chart(data, geo, "total_water_use", ["150426"], "en", parent="150400")
    assert [tr.name for tr in english.data] == [
        "Ongniud Banner · Target",
        "Ongniud Banner · Actual",
        "Ongniud Banner · Required path",
        "Chifeng City (right axis)",
    ]
    assert "(provisional)" in english.data[1].hovertext[4]


def test_reduction_path_starts_at_zero_in_its_baseline_year(data, geo) -> None:
    fig = figures.time_chart(data, geo, "gdp_water_intensity_reduction", ["150426"], "zh", parent="150400")
    target, actual, path = by_name(fig, "翁牛特旗 · 目标"), by_name(fig, "· 实际"), by_name(fig, "· 应达路径")
    assert list(target.marker.symbol) == ["triangle-up"] and list(target.text) == ["≥ 21.08%"]
    assert actual.line.dash == "solid" and list(actual.x) == [2020, 2024]
    assert list(actual.y) == pytest.approx([100, 82.8])  # index: 2020 = 100
    # base (2020, 0) → target (2025, 21.08), drawn on the index as 100 → 78.92; raw figures in customdata
    assert path.line.dash == "dash" and list(path.x) == [2020, 2025]
    assert [row[0] for row in path.customdata] == pytest.approx([0, 21.08])
    assert list(path.y) == pytest.approx([100, 78.92])
    assert path.customdata[0][1] == "2020年基准：按定义为0"
    assert any("按定义为0" in a.text for a in fig.layout.annotations)


def test_without_actuals_the_chart_is_targets_only(dataset, geo) -> None:
    fig = figures.time_chart(dataset, geo, "total_water_use", ["150426"], "zh", parent="150400")
    assert [tr.name for tr in fig.data] == ["翁牛特旗", "赤峰市（右轴）"]
    # Targets of one year only (2025): each marker carries its value, on a single tick.
    assert fig.data[0].mode == "lines+markers+text" and list(fig.data[0].text) == ["≤ 3.0047"]
    assert list(fig.data[1].text) == ["≤ 20.23"] and list(fig.layout.xaxis.tickvals) == [2025]
    # Targets of several years: milestones joined by a line, values in the hover.
    several = figures.time_chart(dataset, geo, "total_water_use", ["140802"], "zh", parent="140800")
    assert several.data[0].mode == "lines+markers" and several.data[0].text is None


def test_a_county_without_figures_shows_its_city_marked_city_wide(dataset, geo) -> None:
    fig = figures.time_chart(dataset, geo, "total_water_use", ["140802"], "zh", parent="140800")
    (city,) = fig.data
    assert city.name == "运城市 · 全市目标（未分解到县）" and city.yaxis in (None, "y")
    assert list(city.x) == [2020, 2022, 2035] and fig.layout.showlegend is True
    english = figures.time_chart(dataset, geo, "total_water_use", ["140802"], "en", parent="140800")
    assert english.data[0].name == "Yuncheng City · City-wide target (not broken down to counties)"


def test_status_badge_and_distance(data) -> None:
    parts = progress_status(data, "150426", "total_water_use", False, "zh")
    badge = parts[0].children[0]
    assert text_of(badge) == "进度正常"
    assert badge.style["background"] == STATUS_STYLE["on_track"]["fill"]
    assert badge.style["color"] == STATUS_STYLE["on_track"]["ink"]
    assert text_of(parts[1]) == "低于上限0.1247亿立方米"
    assert "2.88 亿立方米（2024年，初步数）" in text_of(parts[2]) and "≤ 3.0047 亿立方米（2025年）" in text_of(parts[2])
    english = progress_status(data, "150426", "gdp_water_intensity_reduction", False, "en")
    assert text_of(english[0]) == "On track"
    assert text_of(english[1]) == "3.88 percentage points more reduction needed by 2025"


def test_badge_without_actuals_and_for_an_estimated_target(data) -> None:
    (tags,) = progress_status(data, "150421", "new_agri_saving_capacity", False, "zh")
    assert text_of(tags) == "无实际数据预估目标"
    assert progress_status(data, "150402", "pipe_leakage_rate", False, "zh") == []  # no target: no badge


def test_indicator_rows_carry_kind_and_qualifier(data, geo) -> None:
    rows = [r for r in tables.unit_indicator_rows(data, geo, "150426", "zh") if r["indicator_id"] == "total_water_use"]
    provisional = next(r for r in rows if r["year"] == 2024)
    assert (provisional["kind_id"], provisional["qualifier_id"], provisional["qualifier"]) == (
        "actual",
        "provisional",
        "初步数",
    )
    assert next(r for r in rows if r["year"] == 2025)["kind_id"] == "target"
