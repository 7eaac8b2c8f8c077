"""Browser: the keyboard through the indicator menu and the data grids (issue 19, point 11; assets/page_keys.js).

The indicator menu's category headings are disabled options: ↓/↑, Home/End and Tab move among the indicators and
skip the headings, one key press per move. A data grid is two Tab stops (its cells, its pagination toolbar): from
a cell, Tab reaches the control after the grid in at most two presses, Shift+Tab comes back the same way, and the
arrow keys move among the cells and the toolbar's controls.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CHIFENG_WATER = "/?region=150400&indicator=total_water_use&year=2025"

# The focused option of the open menu: its index and text, or what else has the focus.
ACTIVE_OPTION = """() => {
  const a = document.activeElement, o = a && a.closest('.dash-dropdown-content [role=option]');
  if (o) return o.getAttribute('data-option-index') + ' ' + o.textContent.trim();
  return a ? a.tagName + '.' + a.className : '';
}"""
MENU = """() => [...document.querySelectorAll('.dash-dropdown-content [role=option]')].map((o) => ({
  key: o.getAttribute('data-option-index') + ' ' + o.textContent.trim(),
  heading: o.querySelector('input').disabled, marked: o.getAttribute('aria-disabled') === 'true'}))"""
# Where the focus is: the grid (by the id of its Dash component) and the element, or the element outside.
FOCUS = """() => {
  const a = document.activeElement, grid = a.closest('.ag-root-wrapper');
  const owner = grid && grid.parentElement.closest('[id]');
  return {grid: owner ? owner.id : '', id: a.id, cell: a.classList.contains('ag-cell'),
          header: a.classList.contains('ag-header-cell'), paging: !!a.closest('.ag-paging-panel'),
          row: a.closest('[row-index]') ? a.closest('[row-index]').getAttribute('row-index') : null,
          col: a.getAttribute('col-id'), label: a.getAttribute('aria-label') || ''};
}"""


def open_map(page, live_server: str) -> None:
    page.goto(live_server + CHIFENG_WATER)
    page.wait_for_function("document.querySelectorAll('#map path.map-unit').length > 0")


def open_indicator_menu(page) -> list[dict]:
    page.focus("#indicator-select")
    page.keyboard.press("ArrowDown")
    page.wait_for_function(f"({ACTIVE_OPTION})().includes('用水总量')")  # the chosen indicator has the focus
    return page.evaluate(MENU)


def test_arrow_keys_skip_the_indicator_menus_category_headings(page, live_server) -> None:
    open_map(page, live_server)
    menu = open_indicator_menu(page)
    headings = [o["key"] for o in menu if o["heading"]]
    indicators = [o["key"] for o in menu if not o["heading"]]
    assert len(headings) >= 3 and headings[0].endswith("— 总量控制 —")
    assert all(o["marked"] == o["heading"] for o in menu)  # a heading is said to be unavailable
    start = page.evaluate(ACTIVE_OPTION)
    assert start in indicators
    # ↓ through the whole list: every press lands on the next indicator, never on (or stalled at) a heading
    at = indicators.index(start)
    for expected in indicators[at + 1 :]:
        page.keyboard.press("ArrowDown")
        assert page.evaluate(ACTIVE_OPTION) == expected
    # ↑ back across the first heading between two categories (总量控制 | 农业)
    first_farm = indicators.index(next(k for k in indicators if "农田灌溉水有效利用系数" in k))
    page.keyboard.press("Home")
    assert page.evaluate(ACTIVE_OPTION) == indicators[0]
    for _ in range(first_farm):
        page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE_OPTION) == indicators[first_farm]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(ACTIVE_OPTION) == indicators[first_farm - 1]
    page.keyboard.press("End")
    assert page.evaluate(ACTIVE_OPTION) == indicators[-1]
    page.keyboard.press("Home")
    page.keyboard.press("Tab")  # the menu keeps Tab inside: the next indicator, too
    assert page.evaluate(ACTIVE_OPTION) == indicators[1]
    # Enter chooses the indicator that has the focus
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('.dash-dropdown-content [role=option]')")
    chosen = indicators[1].split(" ", 1)[1].split("（")[0]
    page.wait_for_function(f"document.getElementById('indicator-select').textContent.includes({chosen!r})")


def scroll_to_grids(page) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the grids are made when they come into view
    page.wait_for_selector("#data-table .ag-cell", state="attached")
    page.wait_for_selector("#progress-table .ag-cell", state="attached")


def tabs_to_leave(page, grid: str, key: str = "Tab", most: int = 10) -> int:
    for presses in range(1, most + 1):
        page.keyboard.press(key)
        if page.evaluate(FOCUS)["grid"] != grid:
            return presses
    return most + 1


def test_tab_leaves_the_data_grid_in_two_presses(page, live_server) -> None:
    open_map(page, live_server)
    scroll_to_grids(page)
    page.focus("#download-csv")
    page.keyboard.press("Tab")  # one Tab stop into the grid: its first header
    focus = page.evaluate(FOCUS)
    assert focus["grid"] == "data-table" and focus["header"]
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "ArrowRight"):  # the filters' row, rows 0 and 1, →
        page.keyboard.press(key)
    cell = page.evaluate(FOCUS)
    assert cell["grid"] == "data-table" and cell["cell"] and cell["row"] == "1" and cell["col"] == "indicator"
    assert tabs_to_leave(page, "data-table") <= 2
    assert page.evaluate(FOCUS)["id"] == "progress-xlsx"  # the next control after the grid
    # Shift+Tab: the pagination toolbar, then the cell left, then the control before the grid
    page.keyboard.press("Shift+Tab")
    focus = page.evaluate(FOCUS)
    assert focus["grid"] == "data-table" and focus["paging"]
    toolbar = "document.querySelector('#data-table .ag-paging-panel')"
    assert page.evaluate(f"{toolbar}.getAttribute('role')") == "toolbar"
    assert page.evaluate(f"{toolbar}.getAttribute('aria-labelledby')") == "label-table"
    page.keyboard.press("Home")
    first = page.evaluate(FOCUS)["label"]
    page.keyboard.press("ArrowRight")  # the toolbar's arrow keys: its next control
    moved = page.evaluate(FOCUS)
    assert moved["paging"] and moved["label"] != first
    page.keyboard.press("Shift+Tab")
    back = page.evaluate(FOCUS)
    assert (back["grid"], back["row"], back["col"]) == ("data-table", "1", "indicator")
    page.keyboard.press("ArrowDown")  # AG Grid's arrows still move among the cells
    assert page.evaluate(FOCUS)["row"] == "2"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUS)["id"] == "download-csv"
    # Back in, Tab returns to the toolbar's control last used
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    again = page.evaluate(FOCUS)
    assert again["paging"] and again["label"] == moved["label"]


def test_tab_leaves_the_last_grid_of_the_page(page, live_server) -> None:
    open_map(page, live_server)
    scroll_to_grids(page)
    page.focus("#progress-xlsx")
    page.keyboard.press("Tab")
    while page.evaluate(FOCUS)["grid"] != "progress-table":  # past the status checkboxes
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUS)["cell"]
    assert tabs_to_leave(page, "progress-table") <= 2
    # and from a cell, Shift+Tab leaves at once, to the control before the grid
    page.focus("#progress-table .ag-cell")
    assert tabs_to_leave(page, "progress-table", "Shift+Tab") == 1
    assert "status-check" in page.evaluate("document.activeElement.className")


def test_the_grids_pagination_speaks_chinese_on_a_chinese_page(page, live_server) -> None:
    """AG Grid's pagination buttons are named for a screen reader in the page's language (首页, 下一页)."""
    open_map(page, live_server)
    scroll_to_grids(page)
    labels = page.eval_on_selector_all(
        "#data-table .ag-paging-panel [aria-label]", "els => els.map((e) => e.getAttribute('aria-label'))"
    )
    assert {"首页", "上一页", "下一页", "末页"} <= set(labels), labels
    assert not any(x in " ".join(labels) for x in ("First Page", "Next Page", "Page Size"))
