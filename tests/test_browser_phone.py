"""Browser: the dashboard on a phone (375×812, touch; issue 12): fits the screen, the map leaves the page scrollable,
a tap shows the tapped county's drill-down summary, tables keep values visible, touch-sized targets."""

from __future__ import annotations

import pytest
from test_browser_dashboard import CHIFENG_WATER, settled_point, wait_for_map

from callbacks import view
from water_targets.i18n import t

pytestmark = pytest.mark.browser

QINZHOU = "/?region=450700"
ONGNIUD, SONGSHAN = "150426", "150404"


def open_view(page, live_server, path: str, units: int) -> None:
    """Open a view and wait for its `units` units (coloured, when the view has county figures)."""
    page.goto(live_server + path)
    if path.startswith(CHIFENG_WATER):
        wait_for_map(page, units)
    else:
        page.wait_for_function(f"document.querySelectorAll('#map path.map-unit').length === {units}")
    page.wait_for_load_state("networkidle")


def lines(page, selector: str) -> list[int]:
    """How many lines of text each element matching `selector` takes, as laid out."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(el => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          return tops.size;
        })""",
    )


def rect(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().toJSON()")


def map_center(page) -> list[float]:
    return page.evaluate("(() => { const c = window.phoneMap.map().getCenter(); return [c.lat, c.lng]; })()")


def swipe(page, points: list[list[tuple[float, float]]]) -> None:
    """A touch gesture through CDP: `points[i]` are the fingers' positions at step i."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, step: list[tuple[float, float]]) -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y} for x, y in step]})

    touch("touchStart", points[0])
    for step in points[1:]:
        touch("touchMove", step)
        page.wait_for_timeout(16)
    touch("touchEnd", [])
    cdp.detach()


def tap_unit(page, adcode: str) -> None:
    page.locator("#map").scroll_into_view_if_needed()
    page.touchscreen.tap(*settled_point(page, adcode))


def selected(page) -> list[str]:
    return page.evaluate("new URLSearchParams(location.search).get('county')?.split(',') || []")


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect(); return !el.closest('[hidden]') && r.height > 0"
        " && r.top >= 0 && r.bottom <= innerHeight; }",
    )


@pytest.mark.parametrize(("path", "units", "lang"), [(CHIFENG_WATER, 12, "zh"), (CHIFENG_WATER + "&lang=en", 12, "en")])
def test_phone_page_fits_the_screen_in_one_column(phone_page, live_server, dataset, path, units, lang) -> None:
    page = phone_page
    open_view(page, live_server, path, units)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # Header buttons: each on one line, all on one row.
    buttons = lines(page, ".header-actions .btn")
    assert len(buttons) >= 3 and set(buttons) == {1}
    tops = page.eval_on_selector_all(
        ".header-actions .btn", "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert max(tops) - min(tops) <= 2
    # Controls in one column, full width.
    lefts = page.eval_on_selector_all(
        ".controls .control", "els => els.map(e => Math.round(e.getBoundingClientRect().left))"
    )
    assert len(set(lefts)) == 1
    # The indicator's name is shown whole, not cut with an ellipsis.
    name = dataset.indicators.loc["total_water_use", f"name_{lang}"]
    assert name in page.inner_text("#indicator-select .dash-dropdown-value")
    assert page.eval_on_selector(
        "#indicator-select .dash-dropdown-value", "el => el.scrollWidth <= el.clientWidth + 1"
    ), "the indicator name is cut"


def test_phone_map_is_half_the_screen_with_the_region_fitted(phone_page, live_server) -> None:
    page = phone_page
    for path, units in ((CHIFENG_WATER, 12), (QINZHOU, 4)):
        open_view(page, live_server, path, units)
        page.wait_for_function("!document.querySelector('#map.leaflet-zoom-anim')")
        box = rect(page, "#map")
        assert box["height"] <= 0.55 * 812 + 1
        # Every unit is drawn inside the map's box, and together they fill most of it (fitted, not tiny).
        shapes = page.eval_on_selector_all(
            "#map path.map-unit", "els => els.map(e => e.getBoundingClientRect().toJSON())"
        )
        left, right = min(s["left"] for s in shapes), max(s["right"] for s in shapes)
        top, bottom = min(s["top"] for s in shapes), max(s["bottom"] for s in shapes)
        tol = 2
        assert left >= box["left"] - tol and right <= box["right"] + tol, (path, left, right, box)
        assert top >= box["top"] - tol and bottom <= box["bottom"] + tol, (path, top, bottom, box)
        assert (right - left) >= 0.6 * box["width"] or (bottom - top) >= 0.6 * box["height"]
    open_view(page, live_server, "/?region=all", 5)
    inset, box = rect(page, "#map-inset"), rect(page, "#map")
    assert 0 < inset["width"] <= 0.25 * box["width"]


def test_one_finger_scrolls_the_page_two_fingers_move_the_map(phone_page, live_server) -> None:
    page = phone_page
    open_view(page, live_server, CHIFENG_WATER, 12)
    page.evaluate("window.scrollTo(0, 0)")
    box = rect(page, "#map")
    x, y = box["left"] + box["width"] / 2, min(box["top"] + box["height"] / 2, 700)
    center = map_center(page)
    swipe(page, [[(x, y - dy)] for dy in range(0, 260, 20)])
    page.wait_for_function("window.scrollY > 100")
    assert map_center(page) == center
    hint = page.locator("#map-touch-hint")
    assert hint.inner_text() == t("touch_pan_hint", "zh")
    page.wait_for_function("getComputedStyle(document.querySelector('#map-touch-hint')).opacity > 0.9")
    # Two fingers move the map and leave the page where it is (once the swipe's fling has stopped).
    page.wait_for_function(
        "(() => { const same = window.scrollY === window.__lastY; window.__lastY = window.scrollY; return same; })()",
        polling=250,
    )
    box = rect(page, "#map")
    x, y = box["left"] + box["width"] / 2, box["top"] + box["height"] / 2
    scrolled = page.evaluate("window.scrollY")
    swipe(page, [[(x - 40 + dx, y), (x + 40 + dx, y)] for dx in range(0, 100, 10)])
    page.wait_for_function(
        f"(() => {{ const c = window.phoneMap.map().getCenter(); return c.lng !== {center[1]}; }})()"
    )
    assert page.evaluate("window.scrollY") == scrolled


def test_tap_selects_one_county_and_brings_its_summary_into_view(phone_page, live_server) -> None:
    page = phone_page
    open_view(page, live_server, CHIFENG_WATER, 12)
    tap_unit(page, ONGNIUD)
    page.wait_for_function(f"location.search.includes('county={ONGNIUD}')")
    page.wait_for_function("document.querySelector('#county-detail .detail-title')?.textContent.startsWith('翁牛特旗')")
    page.wait_for_selector("#phone-summary:not([hidden])")
    assert in_viewport(page, "#phone-summary")
    summary = page.inner_text("#phone-summary")
    title = page.inner_text("#county-detail .detail-title")
    assert title in summary
    # The year's value as the drill-down lists it.
    year_row = [r for r in page.locator("#county-detail .value-list li").all_inner_texts() if r.startswith("2025")]
    assert year_row and year_row[0].split("\n")[1].strip() in summary
    # The hover box a tap opens does not stay over the map.
    assert not page.locator("#map-info.visible").count()
    # A second tap replaces the county (desktop clicks add to the comparison).
    tap_unit(page, SONGSHAN)
    page.wait_for_function(f"location.search.includes('county={SONGSHAN}')")
    assert selected(page) == [SONGSHAN]
    page.wait_for_function("document.querySelector('#phone-summary').innerText.includes('松山区')")
    assert page.locator("#county-select .dash-dropdown-value-item").count() == 1
    # 查看详情 scrolls to the drill-down; the bar goes.
    page.locator("#phone-summary-link").tap()
    page.wait_for_function(
        "(() => { const r = document.querySelector('#county-detail .detail-head').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; })()"
    )
    page.wait_for_selector("#phone-summary[hidden]", state="attached")
    # The sources a desktop reader gets by hovering are shown in the drill-down.
    sources = page.locator("#county-detail .vl-source").all_inner_texts()
    assert sources and all(s.strip() for s in sources)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_county_answers_a_tap(phone_page, live_server, lang: str) -> None:
    """A tap opens no hover box (it would open over the point tapped and take the tap's click): each county of the
    progress view, those under where the box sits too, is selected by one tap and gets its summary bar."""
    page = phone_page
    open_view(page, live_server, f"/?region=150400&view=progress&lang={lang}", 12)
    codes = page.eval_on_selector_all("#map path.map-unit[data-adcode]", "ps => ps.map(p => p.dataset.adcode)")
    assert len(codes) == 12
    for code in codes:
        # As a reader would: the county scrolled clear of the summary bar the last tap opened at the screen's foot.
        page.eval_on_selector(f"#map path.map-unit[data-adcode='{code}']", "p => p.scrollIntoView({block: 'center'})")
        tap_unit(page, code)
        page.wait_for_function(f"new URLSearchParams(location.search).get('county') === '{code}'", timeout=5000)
        page.wait_for_selector("#phone-summary:not([hidden])")
        assert not page.locator("#map-info.visible").count(), code


def test_a_tap_on_a_phone_replaces_the_selection_a_click_adds() -> None:
    options = [{"value": code, "label": code} for code in (ONGNIUD, SONGSHAN)]
    tapped = {"properties": {"adcode": SONGSHAN}}
    assert view.click_unit(1, tapped, [ONGNIUD], options, True) == [SONGSHAN]
    assert view.click_unit(1, tapped, [ONGNIUD], options, False) == [SONGSHAN, ONGNIUD]


def test_tables_keep_the_county_and_its_value_on_screen(phone_page, live_server) -> None:
    page = phone_page
    open_view(page, live_server, CHIFENG_WATER, 12)
    page.locator("#table-slot").scroll_into_view_if_needed()
    page.wait_for_selector("#data-table .ag-row")
    page.wait_for_function("document.querySelector('#data-table .ag-pinned-left-header .ag-header-cell') !== null")
    headers = page.eval_on_selector_all(
        "#data-table .ag-header-row-column .ag-header-cell",
        """els => els.map(e => ({text: e.innerText.trim(), r: e.getBoundingClientRect().toJSON()}))
             .filter(h => h.r.width > 0 && h.r.left >= 0 && h.r.right <= innerWidth + 1)
             .sort((a, b) => a.r.left - b.r.left).map(h => h.text)""",
    )
    assert headers[0] == t("county", "zh") and t("value", "zh") in headers[1:3], headers
    # The allocation table scrolls sideways in a focusable, named region; county names stay on one line.
    page.locator("#allocation-view .table-scroll").first.scroll_into_view_if_needed()
    boxes = page.eval_on_selector_all(
        "#allocation-view .table-scroll",
        "els => els.map(e => [e.tabIndex, e.getAttribute('role'), e.getAttribute('aria-label')])",
    )
    assert boxes and all(b[0] == 0 and b[1] == "region" and b[2] for b in boxes)
    assert set(lines(page, "#allocation-view .allocation-table tbody td:first-child")) == {1}
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.usefixtures("progress_store")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_table_shows_each_rows_status_on_a_phone(phone_page, live_server, lang: str) -> None:
    """完成情况一览 at 375 px: the unit and its status on screen before the grid scrolls, each status on one line."""
    page = phone_page
    open_view(page, live_server, f"/?region=150400&view=progress&lang={lang}", 12)
    page.locator("#progress-slot").scroll_into_view_if_needed()
    page.wait_for_selector("#progress-table .ag-row .ag-cell")
    shown = page.eval_on_selector_all(
        "#progress-table .ag-header-row-column .ag-header-cell",
        """els => els.map(e => ({text: e.innerText.trim(), r: e.getBoundingClientRect().toJSON()}))
             .filter(h => h.r.width > 0 && h.r.left >= 0 && h.r.right <= innerWidth + 1).map(h => h.text)""",
    )
    assert t("progress_status", lang) in shown, shown
    cells = "#progress-table .ag-center-cols-container .ag-cell[col-id=severity]"
    page.wait_for_selector(cells)
    texts = page.locator(cells).all_inner_texts()
    assert texts and all(text.strip() for text in texts)
    assert set(lines(page, cells)) == {1}, texts


def test_touch_targets_are_big_enough(phone_page, live_server) -> None:
    page = phone_page
    open_view(page, live_server, CHIFENG_WATER, 12)
    sizes = page.eval_on_selector_all(
        ".header-actions .btn, .controls button, .controls [role=slider], #map-mode [role=radio], #map .leaflet-bar a",
        "els => els.filter(e => e.offsetParent !== null).map(e => {"
        " const r = e.getBoundingClientRect(); return [e.id || e.className, r.width, r.height]; })",
    )
    assert len(sizes) >= 8
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert not small, small
    thumb = rect(page, "#year-slider [role=slider]")
    assert thumb["width"] >= 24 and thumb["height"] >= 24
