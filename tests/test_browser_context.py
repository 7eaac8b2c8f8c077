"""Browser: the drill-down's strip of the unit against the levels above it (issue 21) on a 390 px phone — no sideways
scroll, every chip inside the page, a looser target said in words — and the 指标说明 link. Expected words from
data/indicators/values.csv."""

from __future__ import annotations

import pytest
from test_context import CHAIN, shipped, with_data

from water_targets.indicator_meta import page_path

pytestmark = pytest.mark.browser

GDP = "gdp_water_intensity_reduction"
HONGSHAN = f"/?region=150400&indicator={GDP}&county=150402"  # 红山区: looser than 赤峰市


def test_the_strip_fits_a_390_px_phone_and_flags_a_looser_target(open_page, live_server, geo) -> None:
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(live_server + HONGSHAN)
    page.wait_for_selector("#detail-context .ctx-level")
    names = page.locator("#detail-context .ctx-name").all_inner_texts()
    assert names == [geo.regions[c].name("zh") for c in with_data(GDP, 2025, [*CHAIN[:3], "150402"])]
    flag = page.inner_text("#detail-context .ctx-level:last-child .ctx-flag")
    assert flag.endswith(f"宽于上级目标（赤峰市 ≥ {shipped('150400', GDP, '2025')}%）")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    right = page.evaluate("Math.max(...[...document.querySelectorAll('#detail-context .ctx-chip')]"
                          ".map(e => e.getBoundingClientRect().right))")  # fmt: skip
    assert right <= 390
    assert page.get_attribute("#county-detail .indicator-about", "href") == page_path(GDP, "zh")
