"""Browser: what officials and staff see and do on the dashboard (headless Chromium via Playwright)."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

SPECIAL_FILLS = {"#ffffff", "#cfcfcf", "#fff7d6", "#eef0f3", "#e4e7eb"}
CHIFENG_WATER = "/?region=150400&indicator=total_water_use&year=2025"
GUYANG_LEAK = "/?region=150222&indicator=pipe_leakage_rate&year=2023"


def fills(page) -> dict[str, str]:
    """adcode -> fill of every coloured unit, read from the SVG paths via their labels' order."""
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#map path.map-unit')]"
        ".map((p, i) => [p.getAttribute('data-adcode') || i, p.getAttribute('fill')]))"
    )


def wait_for_map(page, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('#map path.map-unit').length === {count}")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#map path.map-unit')].some(p => "
        f"!{sorted(SPECIAL_FILLS)!r}.includes(p.getAttribute('fill')))"
    )


def settled_point(page, adcode: str) -> list[float]:
    """A point on the county as drawn, once the map has stopped moving (two equal reads)."""
    return page.wait_for_function(
        """(code) => {
          // Only the main map: the hidden inset map may keep its animation class forever.
          if (document.querySelector('#map.leaflet-zoom-anim')) return false;
          const p = window.waterMap.pointInside(code), key = JSON.stringify(p);
          const same = p && window.__lastPoint === key;
          window.__lastPoint = key;
          return same ? p : false;
        }""",
        arg=adcode,
        polling=100,
    ).json_value()


def click_unit(page, adcode: str) -> None:
    # Start-up callbacks still in flight may overwrite the selection a click makes (seen on
    # a loaded CI machine): click once the page has finished loading, as a person would.
    page.wait_for_load_state("networkidle")
    page.mouse.click(*settled_point(page, adcode))


def test_chifeng_water_use_colours_twelve_counties_with_a_legend(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    colours = list(fills(page).values())
    assert len(colours) == 12 and not SPECIAL_FILLS & set(colours)
    assert len(set(colours)) >= 4  # natural breaks spread the 12 caps over the classes
    legend = page.inner_text("#map-legend")
    assert "用水总量（亿立方米）" in legend and "≤ 上限" in legend and "3.0047" in legend
    assert "数值越小越好" in legend
    headline = page.inner_text("#headline-card")
    assert "20.23" in headline and "赤政发〔2025〕11号" in headline


def test_click_ongniud_banner_opens_its_drilldown(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    click_unit(page, "150426")
    page.wait_for_function("document.querySelector('#county-detail .detail-title')?.textContent.startsWith('翁牛特旗')")
    detail = page.locator("#county-detail")
    assert "≤ 3.0047 亿立方米" in detail.inner_text()
    page.wait_for_selector("#detail-chart .main-svg")
    page.wait_for_selector("#ranking-chart .main-svg")
    ranking = page.inner_text("#ranking-chart")
    assert ranking.count("旗") + ranking.count("区") + ranking.count("县") >= 12  # all 12 counties compared
    assert "county=150426" in page.url
    assert page.locator("#county-select").inner_text().strip().startswith("翁牛特旗")


def test_year_keys_change_guyang_colour(page, live_server) -> None:
    page.goto(live_server + GUYANG_LEAK)
    wait_for_map(page, 9)
    before = list(fills(page).values())
    page.locator("#year-slider [role=slider]").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(before) => JSON.stringify([...document.querySelectorAll('#map path.map-unit')]"
        ".map(p => p.getAttribute('fill'))) !== JSON.stringify(before)",
        arg=before,
    )
    assert "2024" in page.inner_text("#headline-card") and "10%" in page.inner_text("#headline-card")
    assert "year=2024" in page.url
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#headline-card').innerText.includes('8%')")
    assert "year=2025" in page.url


def test_guyang_shows_its_leakage_schedule(page, live_server) -> None:
    page.goto(live_server + GUYANG_LEAK)
    wait_for_map(page, 9)
    page.wait_for_selector("#county-detail .value-list li")
    rows = page.locator("#county-detail .value-list li").all_inner_texts()
    years_values = [(r.split()[0], r.split()[1] + r.split()[2] if r.split()[1] == "≤" else r.split()[1]) for r in rows]
    assert years_values == [("2023", "≤12%"), ("2024", "≤10%"), ("2025", "≤8%")]
    # Baotou's other counties are context, Guyang is the only coloured unit.
    coloured = [f for f in fills(page).values() if f not in SPECIAL_FILLS]
    assert len(coloured) == 1


def test_language_toggle_switches_labels(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    assert page.inner_text("#label-region") == "地区"
    page.click("#lang-toggle")
    page.wait_for_function("document.querySelector('#label-region').innerText === 'Region'")
    assert page.inner_text("#page-title") == "Water-Saving Targets Map"
    labels = "[...document.querySelectorAll('#map .unit-label')].map(e => e.textContent)"
    page.wait_for_function(f"{labels}.includes('Ongniud Banner')")
    page.wait_for_function("document.querySelector('#map-legend').innerText.includes('Total water use')")
    assert "lang=en" in page.url
    page.click("#lang-toggle")
    page.wait_for_function("document.querySelector('#label-region').innerText === '地区'")


def test_junk_url_shows_a_notice_and_the_default_view(page, live_server) -> None:
    page.goto(live_server + "/?region=zzz&indicator=<script>&year=abc&county=1&foo=bar")
    page.wait_for_selector("#url-notice:not(:empty)")
    notice = page.inner_text("#url-notice")
    assert "region=zzz" in notice and "year=abc" in notice and "foo=bar" in notice
    assert "<script>" in notice  # shown as text, not run
    wait_for_map(page, 5)  # the overview still works
    assert page.locator("#region-select").inner_text().strip() == "各地总览"


def test_link_restores_the_whole_view(page, live_server, browser) -> None:
    page.goto(live_server + "/?region=150400&indicator=gdp_water_intensity_reduction&year=2025")
    wait_for_map(page, 12)
    click_unit(page, "150404")
    page.wait_for_function("document.querySelector('#county-detail .detail-title')?.textContent.startsWith('松山区')")
    page.click("#lang-toggle")
    page.wait_for_function("location.search.includes('lang=en')")
    link = page.url
    params = parse_qs(urlparse(link).query)
    assert params == {
        "region": ["150400"],
        "indicator": ["gdp_water_intensity_reduction"],
        "year": ["2025"],
        "county": ["150404"],
        "lang": ["en"],
    }
    other = browser.new_page(bypass_csp=True)
    other.goto(link)
    other.wait_for_selector("#first-paint", state="detached")  # the first paint handed over (conftest shown_after)
    title = "document.querySelector('#county-detail .detail-title')?.textContent"
    other.wait_for_function(f"{title}.startsWith('Songshan')")
    text = other.inner_text("#county-detail")
    assert "21.41%" in text and "vs 2020" in text  # 松山区 万元GDP用水量 较2020年下降21.41%
    other.wait_for_selector("#detail-chart .main-svg")
    assert "Index (2020 = 100)" in other.inner_text("#detail-chart")
    other.close()


def test_region_without_county_breakdown_shows_headline(page, live_server) -> None:
    page.goto(live_server + "/?region=140600&indicator=total_water_use&year=2022")
    wait_for_map_count = 6
    page.wait_for_function(f"document.querySelectorAll('#map path.map-unit').length === {wait_for_map_count}")
    page.wait_for_selector("#headline-card.prominent")
    headline = page.inner_text("#headline-card")
    assert "6.79" in headline and "规划未分解到县" in headline and "朔政发〔2020〕55号" in headline
    assert set(fills(page).values()) == {"#eef0f3"}
    assert "规划未分解到县" in page.inner_text("#map-legend")


def test_indicator_menu_is_grouped_and_marks_missing_values(page, live_server) -> None:
    page.goto(live_server + "/?region=150222&indicator=pipe_leakage_rate")
    wait_for_map(page, 9)
    page.click("#indicator-select")
    page.wait_for_selector("[role=option]")
    options = page.locator("[role=option]").all_inner_texts()
    headings = [o for o in options if o.startswith("—")]
    assert headings[0] == "— 总量控制 —" and "— 城镇 —" in headings
    assert headings[-1] == "— 其他地区的指标（本地区无数据） —"
    assert "公共供水管网漏损率（%）" in options[: options.index(headings[-1])]
    assert "用水总量（亿立方米）（本地区无数据）" in options[options.index(headings[-1]) :]


def test_allocation_view_checks_the_sums(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    text = page.inner_text("#allocation-view")
    assert "20.2285" in text and "20.23" in text and text.count("在表格舍入范围内一致") == 3
    assert "保持2020年水平" in text and "不适用" in text
    page.goto(live_server + GUYANG_LEAK)
    wait_for_map(page, 9)
    assert not page.locator("#allocation-view").is_visible()


def test_data_table_and_csv_download(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    page.locator("#table-slot").scroll_into_view_if_needed()
    page.wait_for_selector("#data-table .ag-row")
    page.wait_for_function("document.querySelectorAll('#data-table .ag-center-cols-container .ag-row').length === 13")
    with page.expect_download() as download:
        page.click("#download-csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 14  # header + city + 12 counties, as shown
    assert any("翁牛特旗" in r and "3.0047" in r for r in rows)


def test_play_steps_through_years(page, live_server) -> None:
    page.goto(live_server + GUYANG_LEAK)
    wait_for_map(page, 9)
    page.click("#play-button")
    page.wait_for_function("location.search.includes('year=2024')", timeout=5000)
    page.wait_for_function("location.search.includes('year=2025')", timeout=5000)
    page.click("#play-button")


def test_export_menu_downloads_the_current_view(page, live_server) -> None:
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    click_unit(page, "150426")
    page.wait_for_function("document.querySelector('#county-detail .detail-title')?.textContent.startsWith('翁牛特旗')")
    page.click("#export-summary")
    assert "year=2025" in page.get_attribute("#export-map-png", "href")
    assert "region=150426" in page.get_attribute("#export-chart-png", "href")
    with page.expect_download() as png:
        page.click("#export-map-png")
    body = open(png.value.path(), "rb").read()
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and png.value.suggested_filename.endswith("-map.png")
    page.click("#export-summary") if not page.is_visible("#export-xlsx") else None
    with page.expect_download() as xlsx:
        page.click("#export-xlsx")
    assert xlsx.value.suggested_filename == "water-targets-150400-total_water_use-2025.xlsx"


def test_hover_shows_value_comparator_and_source(page, live_server) -> None:
    page.goto(live_server + "/?region=150400&indicator=industrial_water_intensity_reduction&year=2025")
    wait_for_map(page, 12)
    page.wait_for_load_state("networkidle")  # as click_unit: a late start-up callback may still move the map
    page.mouse.move(*settled_point(page, "150424"))  # 林西县
    page.wait_for_selector("#map-info.visible")
    info = page.inner_text("#map-info")
    assert "林西县" in info and "保持2020年水平" in info and "赤政发〔2025〕11号" in info
    page.mouse.move(*settled_point(page, "150404"))  # 松山区
    page.wait_for_function("document.querySelector('#map-info').innerText.includes('松山区')")
    assert "≥ 18.49%（较2020年）" in page.inner_text("#map-info")


def test_south_china_sea_inset_only_on_the_overview(page, live_server) -> None:
    page.goto(live_server + "/?region=all&indicator=total_water_use")
    wait_for_map(page, 5)
    assert page.is_visible("#map-inset")
    page.wait_for_selector("#map-inset path.map-context")  # the inset draws the background too
    background: list[str] = []
    page.on("request", lambda r: background.append(r.url) if "boundaries?adcode=100000" in r.url else None)
    page.goto(live_server + CHIFENG_WATER)
    wait_for_map(page, 12)
    page.wait_for_load_state("networkidle")
    assert not page.is_visible("#map-inset")
    assert len(background) == 1, background  # the hidden inset does not fetch the background a second time


@pytest.mark.parametrize(("lang", "download"), [("zh", "下载图片（PNG）"), ("en", "Download plot as a PNG")])
def test_the_chart_toolbar_speaks_the_page_language(page, live_server, lang: str, download: str) -> None:
    page.goto(f"{live_server}{CHIFENG_WATER}&county=150426&lang={lang}")
    page.wait_for_selector("#detail-chart .modebar-btn", state="attached")
    titles = page.eval_on_selector_all("#detail-chart .modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))")
    assert download in titles
    assert ("Zoom in" in titles) == (lang == "en")
    assert not [title for title in titles if "Share" in title]  # nothing uploads the chart to Plotly Cloud


def test_staff_find_sign_in_from_the_map(page, live_server) -> None:
    page.goto(live_server + "/")
    page.click("#staff-link")
    page.wait_for_url("**/auth/**")
    assert page.locator("input[type=password]").count() == 1


def test_a_plan_region_blank_in_the_year_says_which_years_it_has(page, live_server) -> None:
    """The plans end in different years: on the 2025 overview 朔州市 (whose plan ends earlier) is blank, and says so."""
    page.goto(f"{live_server}/?indicator=gdp_water_intensity_reduction&year=2025")
    page.wait_for_function("document.querySelectorAll('#map path.map-unit[data-adcode]').length >= 5")
    page.wait_for_load_state("networkidle")
    page.mouse.move(*settled_point(page, "140600"))
    page.wait_for_selector("#map-info.visible")
    assert re.search(r"本年无值；有值的年份：20\d\d(、20\d\d)*$", page.inner_text("#map-info").strip())


def test_the_legend_explains_blank_units_only_when_there_are_some(page, live_server) -> None:
    missing = "#map-legend .legend-missing"
    page.goto(f"{live_server}{CHIFENG_WATER}")  # every county has its 2025 cap
    wait_for_map(page, 12)
    page.wait_for_function("document.querySelector('#map-legend').classList.contains('all-drawn')")
    assert page.locator(missing).count() == 1 and not page.locator(missing).is_visible()
    page.goto(f"{live_server}/?indicator=gdp_water_intensity_reduction&year=2025")  # three plans end earlier
    page.wait_for_function("document.querySelectorAll('#map path.map-unit[data-adcode]').length >= 5")
    page.wait_for_load_state("networkidle")
    assert page.locator(missing).is_visible() and page.inner_text(missing).strip() == "无数据"
