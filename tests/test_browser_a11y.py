"""Browser: accessibility of the dashboard (issue 12, WCAG 2.1 AA): page language and title, the year slider's
accessible name and value, copying a link without a clipboard, closing the export menu with Esc."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CHIFENG_WATER = "/?region=150400&indicator=total_water_use&year=2025"
GUYANG_LEAK = "/?region=150222&indicator=pipe_leakage_rate&year=2023"


def open_view(page, live_server, path: str) -> None:
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")


def test_html_lang_follows_the_language_toggle(page, live_server) -> None:
    open_view(page, live_server, CHIFENG_WATER)
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")
    assert page.locator(".app[lang]").count() == 0  # no hard-coded language on the app's root
    page.click("#lang-toggle")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.click("#lang-toggle")
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")


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
