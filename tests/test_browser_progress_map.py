"""Browser: the map's 目标值 | 完成情况 switch — statuses by colour and pattern, legend counts, hover, URL, no refetch.

Runs on the fictitious actuals of tests/progress_data.py (the shipped data has no actual figure)."""

from __future__ import annotations

import pytest
from progress_data import EXPECTED_2024_TWU

from water_targets.i18n import t
from water_targets.status import STATUS_STYLE

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("progress_store")]

CHIFENG = "/?region=150400&indicator=total_water_use"
PATTERNED = ("dots", "stripes", "cross")
# Fill of a unit as painted: its colour, or for a pattern (fill="url(#id)") the pattern's ground and its id.
PAINT = """(code) => {
  const p = document.querySelector(`#map path.map-unit[data-adcode="${code}"]`);
  if (!p) return null;
  const fill = p.getAttribute('fill'), m = /^url\\(#(.+)\\)$/.exec(fill);
  if (!m) return {fill: fill, pattern: null};
  const pattern = document.getElementById(m[1]);
  return {fill: pattern && pattern.querySelector('rect').getAttribute('fill'), pattern: m[1],
          marks: pattern ? pattern.children.length - 1 : 0};
}"""


def fills(page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('#map path.map-unit')]"
        ".map(p => [p.getAttribute('data-adcode'), p.getAttribute('fill')]))"
    )


def open_map(page, live_server: str, query: str, count: int = 12) -> None:
    page.goto(live_server + query)
    page.wait_for_function(f"document.querySelectorAll('#map path.map-unit').length === {count}")
    page.wait_for_load_state("networkidle")  # start-up callbacks done before any click


def wait_progress(page) -> None:
    """The progress view is drawn: its legend shown and the over-the-cap unit painted with its pattern."""
    page.wait_for_function("!document.querySelector('#progress-legend').hidden")
    page.wait_for_function(
        "() => (document.querySelector('#map path.map-unit[data-adcode=\"150421\"]')?.getAttribute('fill') || '')"
        ".startsWith('url(#')"
    )


def choose_progress(page) -> None:
    page.get_by_role("radio", name="完成情况").click()
    wait_progress(page)


def assert_statuses(page, expected: dict[str, str]) -> None:
    for code, status in expected.items():
        style, paint = STATUS_STYLE[status], page.evaluate(PAINT, code)
        assert paint["fill"].lower() == style["fill"].lower(), (code, status, paint)
        if style["pattern"] in PATTERNED:
            assert paint["pattern"] and paint["marks"] > 0, (code, status, paint)
        else:
            assert paint["pattern"] is None, (code, status, paint)


def test_switch_colours_units_by_status_without_refetching_geometry(page, live_server) -> None:
    open_map(page, live_server, CHIFENG)
    radios = page.get_by_role("radiogroup", name="地图显示")
    assert radios.get_by_role("radio", name="目标值").get_attribute("aria-checked") == "true"
    targets = fills(page)
    boundaries: list[str] = []
    page.on("request", lambda r: boundaries.append(r.url) if "/api/v1/boundaries" in r.url else None)

    choose_progress(page)
    assert_statuses(page, EXPECTED_2024_TWU)
    assert radios.get_by_role("radio", name="完成情况").get_attribute("aria-checked") == "true"
    # The slider offers the assessment years and stands on the latest actual year.
    assert page.inner_text("#year-slider").split() == ["2020", "2021", "2022", "2023", "2024", "2025"]
    page.wait_for_function("location.search.includes('view=progress') && location.search.includes('year=2024')")
    legend = page.inner_text("#progress-legend")
    assert "完成情况 · 2024年" in legend and "用水总量（亿立方米）" in legend
    counts = page.eval_on_selector_all(
        "#progress-legend .legend-item",
        "els => els.map(e => ['.legend-label', '.legend-count'].map(c => e.querySelector(c).textContent))",
    )
    labels = {s: t(f"status_{s}", "zh") for s in ("on_track", "at_risk", "exceeded", "no_actual")}
    expected = (("on_track", 2), ("at_risk", 2), ("exceeded", 1), ("no_actual", 7))  # in status order
    assert counts == [[labels[s], str(n)] for s, n in expected]
    assert page.locator("#map-legend").is_hidden()  # the target legend gives way
    assert "view=progress" in page.get_attribute("#export-map-png", "href")
    assert "view=" not in page.get_attribute("#export-csv", "href")
    headline = page.inner_text("#headline-card")
    assert "赤峰市完成情况 · 2024年" in headline and labels["no_actual"] in headline and "20.23" in headline
    # The status is written in its own colour, not in the card's accent.
    own, card = page.eval_on_selector(
        "#headline-card .headline-status",
        "e => [getComputedStyle(e.querySelector('span:not(.swatch)')).color, getComputedStyle(e).color]",
    )
    assert own != card

    page.get_by_role("radio", name="目标值").click()
    page.wait_for_function("document.querySelector('#progress-legend').hidden")
    page.wait_for_function(
        "(before) => Object.entries(before).every(([code, fill]) => "
        "document.querySelector(`#map path.map-unit[data-adcode='${code}']`)?.getAttribute('fill') === fill)",
        arg=targets,
    )
    assert page.locator("#map-legend").is_visible() and "3.0047" in page.inner_text("#map-legend")
    page.wait_for_function("!location.search.includes('view=') && location.search.includes('year=2025')")
    assert boundaries == [], f"geometry fetched again on switching: {boundaries}"


def test_hover_names_actual_target_distance_and_both_sources(page, live_server) -> None:
    open_map(page, live_server, CHIFENG)
    choose_progress(page)
    point = page.wait_for_function("(c) => window.waterMap.pointInside(c)", arg="150426").json_value()
    page.mouse.move(*point)
    page.wait_for_function("document.querySelector('#map-info.visible')?.innerText.includes('翁牛特旗')")
    info = page.inner_text("#map-info")
    assert t("status_on_track", "zh") in info
    assert "实际值：2.88 亿立方米（2024年，初步数）" in info
    assert "目标：≤ 3.0047 亿立方米（2025年）" in info
    assert "低于上限0.1247亿立方米" in info
    assert "实际值来源：测试〔2025〕1号" in info and "目标来源：赤政发〔2025〕11号" in info


def test_a_progress_link_reopens_the_progress_view(page, live_server) -> None:
    open_map(page, live_server, CHIFENG + "&view=progress")
    wait_progress(page)
    assert page.get_by_role("radio", name="完成情况").get_attribute("aria-checked") == "true"
    assert "year=2024" in page.url and "view=progress" in page.url
    assert_statuses(page, EXPECTED_2024_TWU)
    page.reload()
    page.wait_for_load_state("networkidle")
    wait_progress(page)
    assert_statuses(page, EXPECTED_2024_TWU)


def test_keyboard_chooses_the_view_and_junk_falls_back(page, live_server) -> None:
    open_map(page, live_server, CHIFENG + "&view=map")
    assert "view=map" in page.inner_text("#url-notice")
    targets = page.get_by_role("radio", name="目标值")
    assert targets.get_attribute("aria-checked") == "true"
    targets.focus()
    page.keyboard.press("ArrowRight")
    wait_progress(page)
    progress = page.get_by_role("radio", name="完成情况")
    assert progress.get_attribute("aria-checked") == "true"
    assert page.evaluate("document.activeElement.id") == "map-mode-progress"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("document.querySelector('#progress-legend').hidden")
    assert targets.get_attribute("aria-checked") == "true"


def test_english_legend_and_no_actuals_note(page, live_server) -> None:
    open_map(page, live_server, "/?region=150400&indicator=irrigation_efficiency&view=progress&lang=en")
    page.wait_for_function("!document.querySelector('#progress-legend').hidden")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#map path.map-unit')].every(p => p.getAttribute('fill') === "
        f"{STATUS_STYLE['no_actual']['fill']!r})"
    )
    legend = page.inner_text("#progress-legend")
    assert "Progress · " in legend and "No actual figure 12" in " ".join(legend.split())
    assert "No actual figure of this indicator has been imported" in legend
    assert "No actual figure of this indicator has been imported" in page.inner_text("#headline-card")
    assert page.get_by_role("radio", name="Progress").get_attribute("aria-checked") == "true"


def test_ranking_in_the_progress_view_ranks_the_targets_being_assessed(page, live_server) -> None:
    # Assessment year 2024 looks at the 2025 caps: the ranking beside the drill-down is of those.
    open_map(page, live_server, CHIFENG + "&county=150426&view=progress")
    wait_progress(page)
    page.wait_for_function(
        "document.querySelector('#ranking-chart .gtitle')?.textContent.includes('2025年各县区排名')"
    )
