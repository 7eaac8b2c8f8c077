"""The page under its own Content-Security-Policy (issue 16: no 'unsafe-eval', no inline style attributes): the main
views draw the map, the charts and the data grid, a hover box and the export menu without one CSP violation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample});
});"""

VIEWS = [
    ("/", False),
    ("/?lang=en", False),
    ("/?region=150400&indicator=total_water_use&year=2025&county=150426", True),
    ("/?region=150400&indicator=total_water_use&county=150426&view=progress&lang=en", True),
    ("/?region=150222&indicator=pipe_leakage_rate&view=progress", True),
]


@pytest.mark.parametrize(("path", "charts"), VIEWS)
def test_main_views_raise_no_csp_violation(open_page, live_server, path: str, charts: bool) -> None:
    # Under the page's own policy (other browser tests may bypass it: Playwright polls wait_for_function
    # expressions with eval, which this policy refuses; none is used here).
    page = open_page(viewport={"width": 1366, "height": 768}, bypass_csp=False)
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    response = page.goto(live_server + path)
    csp = response.headers["content-security-policy"]
    assert "unsafe-eval" not in csp and "style-src-attr 'none'" in csp
    page.wait_for_selector("#map path.map-unit")
    if charts:  # the drill-down: its time chart and ranking, drawn by plotly.js's basic bundle
        page.wait_for_selector("#county-detail .js-plotly-plot .main-svg")
    # The hover box of a unit (its status swatch in the progress view) and the export menu, once the page has
    # settled (on a busy machine the map may still be fetching its units or zooming to the region).
    page.wait_for_load_state("networkidle")
    code = page.get_attribute("#map path.map-unit", "data-adcode")
    for _ in range(40):  # the map may still be zooming to the region: aim again until the box shows
        point = page.evaluate("code => window.waterMap.pointInside(code)", code)
        if point:
            page.mouse.move(point[0] - 1, point[1])
            page.mouse.move(*point)
        if page.is_visible("#map-info.visible"):
            break
        page.wait_for_timeout(250)
    assert page.is_visible("#map-info.visible")
    page.click("#export-menu summary")
    # The data grid (dash-ag-grid, loaded when its card comes into view).
    page.locator("#table-slot").scroll_into_view_if_needed()
    page.wait_for_selector("#data-table .ag-row")
    page.wait_for_timeout(300)  # violations are reported asynchronously
    violations = page.evaluate("window.__csp")
    assert violations == [], violations
    assert not [text for text in console if "Content Security Policy" in text], console
