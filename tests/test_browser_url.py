"""Browser: one URL rule — assets/view_sync.js `viewQuery` (page URL, export links) and urlstate.query agree."""

from __future__ import annotations

import pytest

from water_targets import urlstate
from water_targets.view_state import View

pytestmark = pytest.mark.browser

VIEWS = [
    {
        "region": "150400",
        "indicator": "total_water_use",
        "year": 2025,
        "county": ["150426", "150428"],
        "lang": "en",
        "view": "progress",
        "asof": 3,
    },
    {"region": "all", "indicator": "total_water_use", "year": None, "county": [], "lang": "zh", "view": "targets"},
    {"region": "150222", "indicator": "pipe_leakage_rate", "year": "2024", "lang": "zh", "view": None, "asof": None},
    {"indicator": "gdp_water_intensity_reduction", "lang": "en"},  # a chart export without a unit
]


def test_python_and_browser_build_the_same_query(page, live_server) -> None:
    page.goto(live_server + "/")
    page.wait_for_function("!!(window.waterMap && window.waterMap.viewQuery)")
    for values in VIEWS:
        js = page.evaluate("([spec, v]) => window.waterMap.viewQuery(spec, v)", [urlstate.URL_SPEC, values])
        assert js == urlstate.query(values)


def test_the_page_url_is_the_python_query(page, live_server) -> None:
    page.goto(live_server + "/?indicator=total_water_use&lang=en&county=150426&region=150400")
    expected = urlstate.to_query(View("150400", "total_water_use", 2025, "en"), ["150426"])
    page.wait_for_function(f"window.location.search === {expected!r}")
    href = page.get_attribute("#export-map-png", "href")
    assert href.startswith(
        "/export/map.png"
        + urlstate.query({"region": "150400", "indicator": "total_water_use", "year": 2025, "lang": "en"})
    )
