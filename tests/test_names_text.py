"""Names are text everywhere (issue 16): a unit name from an uploaded boundary file that looks like markup or a
formula is shown as written — on the map's labels and hover box, in exported pictures, in the import template and
the spreadsheet exports — and never becomes an element, a link or a formula."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from shapely.geometry import box

from water_targets.boundaries.files import Mapping, commit_boundaries
from water_targets.data import forget_head, get_dataset, get_geo, store_engine
from water_targets.exports import data_xlsx, progress_xlsx
from water_targets.imports.template import SHEET_LISTS, SHEET_REGIONS, template_xlsx
from water_targets.store.models import BOUNDARIES
from water_targets.store.revisions import WriteMeta, diff, rows_at, write
from water_targets.store.users import Actor
from water_targets.text_only import plotly_text

pytestmark = pytest.mark.usefixtures("pristine_store")

CHIFENG = "150400"
MARKUP = "150400T01"
FORMULA = "150400T02"
MARKUP_NAME = '<b>粗体</b><a href="http://evil.example/">链接</a>'
FORMULA_NAME = '=HYPERLINK("http://x","y")'
ADMIN = Actor(name="names-tests", role="admin", regions=())


@pytest.fixture(scope="module")
def named_units(dash_app) -> dict[str, str]:
    """Two special units within 赤峰市 whose names are markup and a formula. Uploads now refuse markup in names
    (boundaries/files.py), so the file is uploaded with plain names and the store then renamed, as a unit stored
    before that check (or by another path) would be: the page and the exports must hold whatever is stored."""
    shapes = {MARKUP: box(118.55, 42.55, 118.95, 42.85), FORMULA: box(119.40, 43.20, 119.60, 43.35)}
    names = {MARKUP: MARKUP_NAME, FORMULA: FORMULA_NAME}
    features = [
        {"type": "Feature", "properties": {"DM": code, "MC": f"测试单元{i}"}, "geometry": shape.__geo_interface__}
        for i, (code, shape) in enumerate(shapes.items())
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    mapping = Mapping(code_field="DM", name_field="MC", parent=CHIFENG)
    commit_boundaries(store_engine(), "names.geojson", data, mapping, get_geo(), ADMIN)

    def rename(conn) -> list:
        current = rows_at(conn, BOUNDARIES, None)
        renamed = [{**r, "name_zh": names[r["adcode"]]} if r["adcode"] in names else r for r in current]
        return diff(BOUNDARIES, current, renamed)

    write(store_engine(), rename, WriteMeta(user="names-tests", action="boundaries", comment="names as stored"))
    forget_head()
    assert get_geo().regions[MARKUP].name_zh == MARKUP_NAME
    return names


@pytest.mark.browser
def test_a_markup_name_is_a_label_of_text_on_the_map(named_units, page, live_server) -> None:
    page.goto(live_server + f"/?region={CHIFENG}&indicator=total_water_use&year=2025")
    page.wait_for_selector(f'#map path.map-unit[data-adcode="{MARKUP}"]')
    page.wait_for_function(
        "name => [...document.querySelectorAll('.unit-label')].some(e => e.textContent === name)", arg=MARKUP_NAME
    )
    assert page.locator(".unit-label b, .unit-label a").count() == 0
    # The hover box names it as text too.
    for _ in range(40):  # the map may still be zooming to the region: aim again until the box names the unit
        point = page.evaluate("code => window.waterMap.pointInside(code)", MARKUP)
        if point:
            page.mouse.move(point[0] - 1, point[1])
            page.mouse.move(*point)
        if page.is_visible("#map-info.visible") and page.inner_text("#map-info strong") == MARKUP_NAME:
            break
        page.wait_for_timeout(250)
    assert page.inner_text("#map-info strong") == MARKUP_NAME
    assert page.locator("#map-info b, #map-info a").count() == 0
    # Restyling (another year, the progress view) puts the names back as text.
    page.goto(live_server + f"/?region={CHIFENG}&indicator=total_water_use&view=progress")
    page.wait_for_function(
        "name => [...document.querySelectorAll('.unit-label')].some(e => e.textContent === name)", arg=MARKUP_NAME
    )
    assert page.locator(".unit-label b, .unit-label a, #map-info a").count() == 0


def test_the_template_writes_names_as_string_cells(named_units) -> None:
    wb = load_workbook(io.BytesIO(template_xlsx(get_dataset(), get_geo(), region=CHIFENG)))
    found = [
        cell
        for sheet in (SHEET_LISTS, SHEET_REGIONS)
        for row in wb[sheet].iter_rows()
        for cell in row
        if cell.value == FORMULA_NAME
    ]
    assert len(found) == 2, "in the region dropdown's list and on the regions sheet"
    assert all(cell.data_type == "s" for cell in found)
    # Nowhere in the workbook a formula.
    assert not [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_spreadsheet_exports_write_text_as_string_cells() -> None:
    record = {
        "region": {"adcode": FORMULA, "name_zh": FORMULA_NAME, "name_en": FORMULA_NAME},
        "year": 2025,
        "kind": "target",
        "comparator": "<=",
        "value": 1.5,
        "value_text": "1.5",
        "unit": "亿立方米",
        "unit_en": "10⁸ m³",
        "baseline_year": None,
        "qualifier": None,
        "source": {"document": "=cmd|' /C calc'!A0", "document_en": "", "number": "", "section": "@SUM(A1)"},
        "note": "+1+1",
    }
    wb = load_workbook(io.BytesIO(data_xlsx([record], "total_water_use", "用水总量", "t")))
    rows = [
        {"progress_unit": FORMULA_NAME, "unit": FORMULA_NAME, "indicator": "=1+1", "actual": "", "actual_year": None,
         "target": "≤ 1.5", "gap": "", "status": "no_actual", "status_label": "无实际数据", "flags": [],
         "target_source": "=A1", "actual_source": "", "actual_flag": "", "target_flag": ""},
    ]  # fmt: skip
    progress = load_workbook(io.BytesIO(progress_xlsx(rows, FORMULA_NAME, "zh")))
    for ws in [*wb.worksheets, *progress.worksheets]:
        texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert texts and all(c.data_type == "s" for c in texts), ws.title
        assert any(FORMULA_NAME in c.value for c in texts), ws.title


def test_plotly_text_keeps_markup_literal() -> None:
    assert plotly_text(MARKUP_NAME) == '&lt;b&gt;粗体&lt;/b&gt;&lt;a href="http://evil.example/"&gt;链接&lt;/a&gt;'
    assert plotly_text("A & B") == "A &amp; B" and plotly_text("翁牛特旗") == "翁牛特旗"


def test_an_exported_map_shows_a_markup_name_as_text(named_units, client) -> None:
    # A wider picture (2000 × 900): the name (about 690 px on a 1920 × 1080 picture) of a small square unit amid the
    # city is called out beside it only where the callout covers no other name, which that picture has no room for
    # (the label rule, exports/map_labels.py, then leaves the name out rather than cover others).
    query = f"region={CHIFENG}&indicator=total_water_use&year=2025&width=2000&height=900"
    svg = client.get(f"/export/map.svg?{query}").data.decode()
    assert "evil.example" not in re.findall(r"<a [^>]*>", svg).__repr__()
    assert "<a " not in svg
    # The name as written, escaped as SVG text (&lt;b&gt;…), wherever the label was placed.
    assert "&lt;b&gt;粗体&lt;/b&gt;" in svg.replace("&#60;", "&lt;").replace("&#62;", "&gt;")


def test_the_dashboards_charts_show_a_markup_name_as_text(dataset, geo) -> None:
    """The page's own drill-down and ranking charts (plotly reads <b>, <a href> in any text as markup)."""
    import dataclasses
    from types import SimpleNamespace

    from water_targets.figures import time_chart
    from water_targets.ranking import ranking_chart

    renamed = SimpleNamespace(regions={**geo.regions,
                                       "150402": dataclasses.replace(geo.regions["150402"], name_zh=MARKUP_NAME)})
    line = time_chart(dataset, renamed, "total_water_use", ["150402"], "zh", parent="150400")
    bars = ranking_chart(dataset, renamed, "total_water_use", ["150402", "150403"], 2025, ["150402"], "zh")
    texts = [tr.name for tr in line.data] + list(bars.data[0].y) + list(bars.data[0].hovertext)
    assert any("&lt;b&gt;粗体&lt;/b&gt;" in str(x) for x in texts)
    assert not any("<b>" in str(x) or "<a " in str(x) for x in texts)
