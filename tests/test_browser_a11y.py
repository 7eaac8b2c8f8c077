"""Browser: accessibility of the dashboard (issue 12, WCAG 2.1 AA): page language and title, the year slider's
accessible name and value, copying a link without a clipboard, the export menu (Esc, focus-out, truly disabled
links), skip links, the map's units from the keyboard, the play button, labelled dropdowns and focus rings of at
least 3:1. axe-core's audit is tests/test_browser_axe.py."""

from __future__ import annotations

import re

import pytest

from water_targets.i18n import t

pytestmark = pytest.mark.browser

CHIFENG_WATER = "/?region=150400&indicator=total_water_use&year=2025"
GUYANG_LEAK = "/?region=150222&indicator=pipe_leakage_rate&year=2023"
OVERVIEW = "/?region=all&indicator=total_water_use"
ACTIVE = "document.activeElement"


def open_view(page, live_server, path: str) -> None:
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")


def toggle_language(page, lang: str) -> None:
    """Click 中文/English and wait for the page's language to become `lang`."""
    page.click("#lang-toggle")
    page.wait_for_function(f"document.documentElement.lang === '{lang}'")


def test_html_lang_follows_the_language_toggle(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER)
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")
    assert page.locator(".app[lang]").count() == 0  # no hard-coded language on the app's root
    toggle_language(page, "en")
    toggle_language(page, "zh-CN")


def test_title_names_region_indicator_and_year_and_follows_the_region(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER)
    page.wait_for_function("document.title.includes('赤峰') && document.title.includes('2025')")
    chifeng = page.title()
    assert "用水总量" in chifeng
    open_view(page, live_server, GUYANG_LEAK)
    page.wait_for_function("document.title.includes('固阳') && document.title.includes('2023')")
    assert page.title() != chifeng
    page.click("#lang-toggle")
    page.wait_for_function("document.title.includes('Guyang')")


def test_year_slider_has_a_name_and_the_year_as_its_value_text(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER)
    thumb = page.locator("#year-slider [role=slider]").first
    page.wait_for_function(
        "() => { const t = document.querySelector('#year-slider [role=slider]');"
        " return t && t.getAttribute('aria-valuetext') === '2025'; }"
    )
    assert thumb.get_attribute("aria-label") == "年份"
    open_view(page, live_server, GUYANG_LEAK)
    page.wait_for_function(
        "() => { const t = document.querySelector('#year-slider [role=slider]');"
        " return t && t.getAttribute('aria-valuetext') === '2023'; }"
    )


def test_copy_link_without_clipboard_shows_the_link_to_copy_by_hand(page, live_server) -> None:
    page.add_init_script("delete Navigator.prototype.clipboard; delete navigator.clipboard;")
    open_view(page, live_server, CHIFENG_WATER)
    page.click("#copy-link")
    field = page.locator("#copy-manual-url")
    field.wait_for(state="visible")
    assert "region=150400" in field.input_value()
    assert "请手动复制" in page.inner_text("#copy-manual")
    assert "copied" not in (page.get_attribute("#copy-link", "class") or "").split()
    assert page.evaluate("document.activeElement.id") == "copy-manual-url"


def test_escape_closes_the_export_menu_and_returns_focus(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER)
    page.click("#export-summary")
    page.wait_for_function("document.getElementById('export-menu').open")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('export-menu').open")
    assert page.evaluate("document.activeElement.id") == "export-summary"


def active_id(page) -> str:
    return page.evaluate(f"{ACTIVE}.id")


def open_map(page, live_server, path: str) -> None:
    open_view(page, live_server, path)
    page.wait_for_function("document.querySelectorAll('#map path.map-unit').length > 0")


def test_the_first_tab_stop_is_a_visible_skip_link_to_the_main_content(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    page.keyboard.press("Tab")
    assert active_id(page) == "skip-main"
    box = page.locator("#skip-main").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 20  # shown on screen while focused
    page.keyboard.press("Enter")
    page.wait_for_function(f"{ACTIVE}.tagName === 'MAIN'")
    assert "skip" not in page.url  # the URL (a shared link) is left alone
    # The next Tab goes on from the top of main, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate(f"!!{ACTIVE}.closest('main')")


def test_a_second_skip_link_passes_the_charts_to_the_data_table(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER + "&county=150402")
    page.wait_for_selector("#county-detail .modebar-btn", state="attached")  # the chart toolbars are there
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active_id(page) == "skip-table"
    page.keyboard.press("Enter")
    page.wait_for_function(f"{ACTIVE}.id === 'table-card'")
    assert page.evaluate(f"{ACTIVE}.getBoundingClientRect().top") < 768


def test_a_county_opens_from_the_keyboard_and_its_heading_takes_the_focus(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    assert "Enter" in page.inner_text("#map-keys-hint")  # the map says how to get there by keyboard
    page.focus("#map-unit-list summary")
    page.keyboard.press("Enter")
    page.locator("#map-unit-buttons button").first.wait_for()  # drawn when the list opens ("toggle" comes async)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    # The button names the county and says what the map shows for it (its value in the year).
    code, name, shows = page.evaluate(
        f"[{ACTIVE}.dataset.adcode, {ACTIVE}.firstChild.textContent, {ACTIVE}.lastChild.textContent]"
    )
    assert code and name and shows != name
    page.keyboard.press("Enter")
    page.wait_for_function(f"{ACTIVE}.classList.contains('detail-title')")
    assert page.evaluate(f"{ACTIVE}.textContent").startswith(name)
    assert shows in page.inner_text("#county-detail .value-list")
    assert name in page.inner_text("#detail-announce")
    assert code in page.url  # the same route as a click on the map: the county is in the view (and the URL)
    assert page.get_attribute(f"#unit-button-{code}", "aria-current") == "true"
    page.wait_for_function(f"document.title.includes({name!r})")  # a shared link's title names the county


def test_disabled_export_links_do_nothing_when_activated_by_keyboard(page, live_server) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/export/chart" in r.url else None)
    page.on("download", lambda d: requests.append(d.url))
    open_map(page, live_server, OVERVIEW)
    page.click("#export-summary")
    chart = page.locator("#export-chart-png")
    page.wait_for_function("document.getElementById('export-chart-png').getAttribute('aria-disabled') === 'true'")
    assert chart.get_attribute("href") is None
    assert chart.get_attribute("tabindex") == "-1"
    # Not in the Tab order: tabbing through the open menu never lands on it.
    stops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        stops.append(active_id(page))
    assert "export-chart-png" not in stops and "export-chart-svg" not in stops
    # Focused by other means and activated: nothing is requested or downloaded.
    page.evaluate("document.getElementById('export-chart-svg').focus()")
    page.keyboard.press("Enter")
    chart.click(force=True)
    page.wait_for_timeout(500)
    assert requests == []
    assert page.get_attribute("#export-map-png", "href").startswith("/export/map.png")  # the others still work


def test_play_button_is_named_and_reports_its_state(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    play = page.get_by_role("button", name=t("play_years", "zh"))
    assert play.get_attribute("aria-pressed") == "false"
    play.click()
    page.wait_for_function("document.getElementById('play-button').getAttribute('aria-pressed') === 'true'")
    play.click()
    page.wait_for_function("document.getElementById('play-button').getAttribute('aria-pressed') === 'false'")
    page.click("#lang-toggle")
    page.get_by_role("button", name=t("play_years", "en")).wait_for()


def test_export_menu_closes_when_the_focus_leaves_it(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    page.focus("#export-summary")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('export-menu').open")
    page.keyboard.press("Shift+Tab")  # back to Copy link
    page.wait_for_function("!document.getElementById('export-menu').open")
    page.focus("#export-summary")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('export-menu').open")
    links = page.locator("#export-menu a[href]").count()
    for _ in range(links + 1):  # past the last link: to the language button
        page.keyboard.press("Tab")
    assert active_id(page) == "lang-toggle"
    page.wait_for_function("!document.getElementById('export-menu').open")


def test_dropdowns_are_named_by_their_visible_labels_and_are_the_tab_stops(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    for control in ("region-select", "indicator-select", "county-select"):
        label = page.inner_text(f"label[for={control}]").strip()
        assert label
        assert page.get_by_role("button", name=re.compile("^" + re.escape(label))).get_attribute("id") == control
        assert page.evaluate(f"document.getElementById('{control}').tabIndex") == 0
        # the Safari focus helper is out of the Tab order (it is aria-hidden)
        assert page.evaluate(f"document.getElementById('{control}').previousElementSibling.tabIndex") == -1


def test_an_open_dropdown_list_lies_above_the_map_zoom_buttons(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    page.click("#region-select")
    page.wait_for_selector(".dash-dropdown-content .dash-options-list-option")
    zoom = page.locator(".leaflet-control-zoom-in").bounding_box()
    menu = page.locator(".dash-dropdown-content").bounding_box()
    x, y = zoom["x"] + zoom["width"] / 2, zoom["y"] + zoom["height"] / 2
    assert menu["x"] <= x <= menu["x"] + menu["width"] and menu["y"] <= y <= menu["y"] + menu["height"]
    assert page.evaluate(f"!!document.elementFromPoint({x}, {y}).closest('.dash-dropdown-content')")


# The colour of the focus ring and of what it is drawn on: the element's own background for a ring inside it
# (negative offset), else the nearest opaque background around it; and the WCAG contrast ratio of the two.
FOCUS_RING = r"""() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const opaque = (start) => {
    for (let e = start; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const lum = (c) => {
    const l = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  };
  const ring = rgb(style.outlineColor).slice(0, 3);
  const inside = parseFloat(style.outlineOffset) < 0;
  const ground = opaque(inside ? el : el.parentElement);
  const [a, b] = [lum(ring), lum(ground)].sort((x, y) => y - x);
  const name = el.id || el.getAttribute("aria-label") || String(el.className.baseVal ?? el.className);
  return {id: el === document.body ? "BODY" : el.tagName + " " + name, style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), ratio: (a + 0.05) / (b + 0.05)};
}"""


def test_every_tab_stop_has_a_focus_ring_of_at_least_3_to_1(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER + "&county=150402")
    page.evaluate("document.getElementById('map-unit-list').open = true")
    page.locator("#map-unit-buttons button").first.wait_for()
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the lazy tables
    page.wait_for_selector("#progress-slot .ag-root", state="attached")
    page.evaluate("window.scrollTo(0, 0)")
    rings = []
    # From the top to the data grid (whose Tab key then walks its cells)...
    while len(rings) < 80:
        page.keyboard.press("Tab")
        rings.append(page.evaluate(FOCUS_RING))
        if page.evaluate(f"!!{ACTIVE}.closest('.ag-root')"):
            break
    # ...then the controls after it, and the export menu's links, reached by the keyboard from a neighbour.
    for before in ("#progress-xlsx", "#download-csv"):
        page.focus(before)
        page.keyboard.press("Tab")
        rings.append(page.evaluate(FOCUS_RING))
    page.focus("#export-summary")
    page.keyboard.press("Enter")
    for _ in range(page.locator("#export-menu a[href]").count()):
        page.keyboard.press("Tab")
        rings.append(page.evaluate(FOCUS_RING))
    assert len(rings) > 40
    assert any("unit-button" in r["id"] for r in rings) and any("export-" in r["id"] for r in rings)
    weak = [r for r in rings if r["style"] == "none" or r["width"] < 2 or r["ratio"] < 3]
    assert not weak, weak


def test_title_names_the_county_of_a_deep_link(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER + "&county=150402")
    page.wait_for_function("document.title.includes('红山区') && document.title.includes('2025')", timeout=10000)
    assert page.title().startswith("赤峰市")


def test_the_unit_list_is_drawn_only_while_open(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    assert page.locator("#map-unit-buttons button").count() == 0  # closed: nothing for the renderer to carry
    page.click("#map-unit-list summary")
    buttons = page.locator("#map-unit-buttons button")
    buttons.first.wait_for()
    assert buttons.count() == 12  # 赤峰市's 12 counties
    assert "≤" in buttons.first.inner_text()


def test_the_dropdowns_own_words_follow_the_language(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER)
    page.click("#county-select")
    page.wait_for_selector("text=全选")
    assert page.locator("text=Select All").count() == 0
    page.keyboard.press("Escape")
    toggle_language(page, "en")
    page.click("#county-select")
    page.wait_for_selector("text=Select all")


def test_unit_names_on_the_map_take_the_ink_of_their_fill(page, live_server) -> None:
    open_map(page, live_server, CHIFENG_WATER)
    # 翁牛特旗 has the largest cap (darkest class): its name is white; 喀喇沁旗 the smallest: dark.
    colors = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.unit-label')].map(
             (el) => [el.textContent, getComputedStyle(el).color]))"""
    )
    assert colors["翁牛特旗"] == "rgb(255, 255, 255)"
    assert colors["喀喇沁旗"] != "rgb(255, 255, 255)"
