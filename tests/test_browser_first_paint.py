"""Browser: the first paint (issue 18). Without JavaScript the page shows the view's coloured map, its legend and a
note; with it, the interactive map takes the picture's place without a jump: the same box, each unit where the
picture drew it, on a desktop and on a phone."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser

VIEWS = ["/?region=150400", "/?region=150400&lang=en&view=progress", "/"]
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
BOXES = """() => ({
  map: (() => { const r = document.querySelector('.leaflet-map').getBoundingClientRect();
                return [r.left, r.top, r.width, r.height]; })(),
  units: Object.fromEntries([...document.querySelectorAll(SELECTOR)].map(p => {
    const r = p.getBoundingClientRect(); return [p.getAttribute('data-adcode'), [r.left, r.top, r.width, r.height]];
  })),
})"""


def boxes(page, selector: str) -> dict:
    return page.evaluate(BOXES.replace("SELECTOR", repr(selector)))


def test_without_javascript_the_map_is_there_to_read(open_page, live_server) -> None:
    page = open_page(java_script_enabled=False, **DESKTOP)
    page.goto(live_server + "/?region=150400&indicator=total_water_use")
    snapshot = page.locator("#map-snapshot")
    assert snapshot.is_visible()
    box = snapshot.bounding_box()
    assert box["width"] > 500 and box["height"] > 300
    fills = page.eval_on_selector_all("#map-snapshot path[data-adcode]", "els => els.map(e => e.getAttribute('fill'))")
    assert len(fills) == 12 and len(set(fills)) >= 4  # twelve counties in their classes' colours
    names = page.locator("#map-snapshot text", has_text="翁牛特旗")  # sized for a phone and for a desktop
    assert names.count() == 2 and [names.nth(i).is_visible() for i in range(2)] == [False, True]  # one shown
    assert page.locator(".map-legend .legend-item").count() >= 5  # the legend under it
    # (Chromium's switch for scripts leaves the parser's scripting flag on, so <noscript> is read, not shown.)
    assert "此页面需要 JavaScript" in page.locator("#first-paint noscript").text_content()
    # Screen readers: a picture with a name and the list of units.
    assert page.get_attribute("#map-snapshot", "role") == "img"
    assert page.text_content("#map-snapshot-title") == "赤峰市 · 用水总量 · 2025"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_interactive_map_replaces_the_picture_in_place(open_page, live_server, view: str, device: dict) -> None:
    still = open_page(java_script_enabled=False, **device)
    still.goto(live_server + view)
    before = boxes(still, "#map-snapshot path[data-adcode]")
    live = open_page(**device)
    live.goto(live_server + view)
    live.wait_for_selector("#first-paint", state="detached", timeout=20_000)
    assert live.locator("#map path.map-unit").count() == len(before["units"])
    after = boxes(live, "#map path.map-unit[data-adcode]")
    assert after["map"] == pytest.approx(before["map"], abs=1)  # the map's box: not a pixel off
    for code, drawn in before["units"].items():  # each unit where the picture drew it
        assert after["units"][code] == pytest.approx(drawn, abs=3), code
    assert live.locator("#react-entry-point").is_visible()
    # and it is the map that answers a tap: each unit on top (not under the background), e.g. the largest one
    largest = max(after["units"], key=lambda code: after["units"][code][2] * after["units"][code][3])
    assert live.evaluate(f"waterMap.pointInside('{largest}')") is not None
    assert live.evaluate("water.firstPaint.map()._zoomAnimated") is True  # zooming animates again once shown


def test_no_callback_restates_the_url(open_page, live_server) -> None:
    """The layout comes with the URL's view (its query on _dash-layout, preloaded by the <head>), its map's state
    and what the callbacks would say when the page is drawn: at load no callback runs (app.py first_view_layout),
    and what they would have written is on the page."""
    page = open_page(**DESKTOP)
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    page.goto(live_server + "/?region=150400&indicator=total_water_use&lang=en")
    page.wait_for_load_state("networkidle")
    layouts = [url for url, _ in requests if "/_dash-layout" in url]
    assert layouts == [live_server + "/_dash-layout?region=150400&indicator=total_water_use&lang=en"]
    assert [json.loads(body)["output"] for url, body in requests if "_dash-update-component" in url] == []
    assert page.evaluate("Object.keys(water.state.current.cells)") == ["2025"]
    assert page.inner_text("#region-select") == "Chifeng City"
    # the words of the language, the data version, the view's detail, the progress summary, the ranking
    assert page.inner_text("#label-region").strip() == "Region"
    assert "Data version" in page.inner_text("#data-version")
    assert "Chifeng City" in page.inner_text("#county-detail")
    assert page.locator("#ranking-chart .main-svg").count() > 0
    assert re.search(r"\d+ of \d+", page.inner_text("#progress-count"))
    # and the callbacks still answer a change: the language switched, every word follows
    page.click("#lang-toggle")
    page.wait_for_function("document.querySelector('#label-region').textContent.trim() === '地区'")
    assert "数据版本" in page.inner_text("#data-version")


@pytest.mark.parametrize(
    "view",
    ["/", "/?region=140800&view=progress", "/?region=150400&county=150426&year=2023", "/?region=450700&lang=en"],
)
def test_no_callback_runs_when_a_view_is_opened(open_page, live_server, view: str) -> None:
    page = open_page(**PHONE)
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "_dash-update-component" in r.url else None)
    page.goto(live_server + view)
    page.wait_for_load_state("networkidle")
    assert sent == [], view
    assert page.locator("#county-detail").inner_text().strip()  # the detail the callback would have written
