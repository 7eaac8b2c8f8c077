"""Browser: axe-core (pinned, from the npm registry: scripts/fetch_axe.py) audits the dashboard's main views in
Chinese and English at 1366×768 and 375×812, the sign-in page and an admin page: no serious or critical
violation of WCAG 2.1 A/AA or axe's best practices (issue 12)."""

from __future__ import annotations

import importlib.util
import os
import uuid
from pathlib import Path

import pytest

from water_targets.data import get_geo, store_engine
from water_targets.store.users import add_user

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")
LANDMARK_RULES = ("region",)
# Known and left: violations of third-party markup that the page cannot change without rewriting the component,
# as (rule, CSS selector of the nodes it may concern). Dash 4's dcc.Dropdown menu makes each option a
# role=option <label> around a radio button or checkbox, and its own arrow-key handling moves the focus to those
# inputs, so they must stay focusable inside the option (`nested-interactive`); a screen reader then announces
# the focused radio button or checkbox with its label. Only open menus have it.
THIRD_PARTY = (("nested-interactive", ".dash-dropdown-content .dash-options-list-option"),)
# axe's violations, less the nodes of THIRD_PARTY's.
AXE_RUN = """async ([tags, known]) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  const isKnown = (rule, node) => known.some(([id, css]) =>
    id === rule && document.querySelector(node.target[0])?.matches(css));
  return result.violations.map((v) => ({...v, nodes: v.nodes.filter((n) => !isKnown(v.id, n))}))
    .filter((v) => v.nodes.length);
}"""
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
CHIFENG = "/?region=150400&indicator=total_water_use&year=2025"
VIEWS = {
    "targets": CHIFENG,
    "progress": "/?region=150400&indicator=total_water_use&view=progress",
    "drilldown": CHIFENG + "&county=150402",
    "overview": "/?region=all&indicator=total_water_use",
}
PASSWORD = "correct-horse-2"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js, fetched from the npm registry on first use and checked against its sha512."""
    spec = importlib.util.spec_from_file_location("fetch_axe", Path(__file__).parents[1] / "scripts" / "fetch_axe.py")
    assert spec and spec.loader
    fetch_axe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fetch_axe)
    try:
        return fetch_axe.ensure()
    except OSError as exc:  # no network to registry.npmjs.org
        if os.environ.get("CI") == "true":
            pytest.fail(f"could not fetch axe-core {fetch_axe.VERSION}: {exc}")
        pytest.skip(f"could not fetch axe-core {fetch_axe.VERSION}: {exc} (run scripts/fetch_axe.py)")


@pytest.fixture
def new_page(open_page):
    """Opens conftest's kind of page at a size (375 px wide: a phone, with touch), in a context that lets axe's
    <script> tag past the app's Content-Security-Policy."""

    def at(size: dict):
        phone = size["width"] <= 600
        return open_page(viewport=size, bypass_csp=True, is_mobile=phone, has_touch=phone)

    return at


def audit(page, axe_script: Path) -> list[dict]:
    """axe's serious and critical violations of the page as it is now, and any of its landmark rules (content
    outside landmarks, a second banner or contentinfo, unnamed or duplicate regions)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    result = page.evaluate(AXE_RUN, [TAGS, THIRD_PARTY])
    return [
        v for v in result if v["impact"] in BLOCKING or v["id"] in LANDMARK_RULES or v["id"].startswith("landmark-")
    ]


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}  {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def settle(page) -> None:
    """The view drawn: map units, the year slider named, the lazy tables created (scrolled into view)."""
    page.wait_for_function("document.querySelectorAll('#map path.map-unit').length > 0")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_selector("#table-slot .ag-root", state="attached")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(300)


@pytest.mark.usefixtures("progress_store")
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366", "375"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_main_views_have_no_serious_violations(new_page, live_server, axe_script, view, size) -> None:
    page = new_page(size)
    found = {}
    for lang in ("zh", "en"):
        page.goto(live_server + VIEWS[view] + ("&lang=en" if lang == "en" else ""))
        settle(page)
        if view == "drilldown":
            page.wait_for_selector("#county-detail .value-list li")
        if view == "progress":
            page.wait_for_function("!document.querySelector('#progress-legend').hidden")
        if size == DESKTOP:  # with the hover box of a county shown (value or status, sources)
            point = page.evaluate("waterMap.pointInside('150402')")
            if point:
                page.mouse.move(*point)
                page.wait_for_selector("#map-info.visible")
        violations = audit(page, axe_script)
        if violations:
            found[lang] = report(violations)
        if view == "targets":  # the open menus of the dropdowns (the indicator menu has groups, the counties many)
            for menu in ("#indicator-select", "#county-select"):
                page.click(menu)
                page.wait_for_selector(".dash-dropdown-content .dash-options-list-option input", state="attached")
                if violations := audit(page, axe_script):
                    found[f"{lang}, {menu} open"] = report(violations)
                page.keyboard.press("Escape")
                page.wait_for_selector(".dash-dropdown-content", state="detached")
    assert not found, "\n".join(f"[{view} {lang} {size['width']}px]\n{text}" for lang, text in found.items())


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1366", "375"])
def test_sign_in_and_admin_pages_have_no_serious_violations(new_page, live_server, axe_script, size) -> None:
    page = new_page(size)
    page.goto(live_server + "/auth/sign-in?next=/admin/data")
    found = {}
    if violations := audit(page, axe_script):
        found["sign-in"] = report(violations)
    name = f"axe-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", PASSWORD, ["150400"], get_geo())
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("#sign-in-button")
    page.wait_for_url(live_server + "/admin/data")
    if violations := audit(page, axe_script):
        found["admin/data"] = report(violations)
    page.goto(live_server + "/admin/history")
    if violations := audit(page, axe_script):
        found["admin/history"] = report(violations)
    assert not found, "\n".join(f"[{where} {size['width']}px]\n{text}" for where, text in found.items())
