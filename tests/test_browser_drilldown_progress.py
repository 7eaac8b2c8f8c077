"""Browser: the drill-down's status badge, distance in words and actual line (fictitious actuals of
tests/progress_data.py), and the city-wide fallback of a county whose plan has no county figures."""

from __future__ import annotations

import pytest
from test_browser_dashboard import CHIFENG_WATER, click_unit, wait_for_map

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("progress_store")]

YUNCHENG_WATER = "/?region=140800&indicator=total_water_use"


def test_ongniud_drilldown_shows_status_distance_and_actual_line(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    click_unit(page, "150426")
    page.wait_for_function("document.querySelector('#county-detail .detail-title')?.textContent.startsWith('翁牛特旗')")
    assert page.inner_text("#detail-status .status-badge") == "进度正常"
    assert page.inner_text("#detail-distance") == "低于上限0.1247亿立方米"
    page.wait_for_selector("#detail-chart .main-svg")
    legend = page.locator("#detail-chart .legend").text_content()
    assert "翁牛特旗 · 实际" in legend and "翁牛特旗 · 应达路径" in legend and "翁牛特旗 · 目标" in legend
    # the actual series is drawn as a solid line through its five years
    actual = page.evaluate(
        """() => {
          const gd = document.querySelector('#detail-chart .js-plotly-plot');
          const tr = gd.data.find(t => t.name.endsWith('实际'));
          return {mode: tr.mode, dash: tr.line.dash, n: tr.x.length, text: tr.text};
        }"""
    )
    assert actual["mode"].startswith("lines") and actual["dash"] == "solid" and actual["n"] == 5
    assert "初步数" in actual["text"] and "修订数" in actual["text"]
    assert page.locator("#detail-chart .scatterlayer .trace .js-line").count() >= 2  # actual line and path
    flags = page.locator("#county-detail .indicator-table .flag").all_inner_texts()
    assert "初步数" in flags and "修订数" in flags


def test_yanhu_shows_the_city_wide_indicators(page, live_server) -> None:
    # 运城市's plan sets no county figures: 盐湖区 (140802) has no values of its own (bundled data too).
    page.goto(live_server + YUNCHENG_WATER + "&county=140802")
    page.wait_for_function("document.querySelector('#county-detail .detail-title')?.textContent.startsWith('盐湖区')")
    page.wait_for_selector("#county-detail .indicator-table tbody tr")
    heading = page.inner_text("#all-indicators")
    assert "运城市" in heading and "全市目标（未分解到县）" in heading
    rows = page.locator("#county-detail .indicator-table tbody tr").all_inner_texts()
    assert len(rows) == 33 and any("19.22" in r for r in rows)  # 34 before task 12 stopped being a 2022 target
    page.wait_for_selector("#detail-chart .main-svg")
    assert "全市目标（未分解到县）" in page.locator("#detail-chart .legend").text_content()
