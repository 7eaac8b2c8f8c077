"""Browser: the page loads offline-clean, the region selector zooms to a region's counties."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def pick(page, dropdown_id: str, label: str) -> None:
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=label, exact=True).click()


def unit_fills(page) -> list[str]:
    return page.eval_on_selector_all("#map path.map-unit", "els => els.map(e => e.getAttribute('fill'))")


def test_pick_chifeng_shows_twelve_counties(page, live_server) -> None:
    page.goto(live_server + "/")
    page.wait_for_selector("#map path.map-unit")
    assert len(unit_fills(page)) == 5  # the overview: five focus regions
    pick(page, "region-select", "赤峰市")
    page.wait_for_function("document.querySelectorAll('#map path.map-unit').length === 12")
    # The overview's labels fade out for a moment after the geometry is swapped.
    page.wait_for_function("document.querySelectorAll('#map .unit-label').length === 12")
    labels = page.eval_on_selector_all("#map .unit-label", "els => els.map(e => e.textContent)")
    assert "翁牛特旗" in labels and len(labels) == 12
    # Once the zoom has settled, a label is hidden only where it would not fit or would overlap.
    page.wait_for_function(
        "[...document.querySelectorAll('#map .unit-label')].filter(e => e.style.visibility !== 'hidden').length >= 10"
    )
    assert "region=150400" in page.url
