"""The server-drawn first paint (issue 18): the map of a page URL as an SVG in the first HTML response, drawn from
the map state; its link preview; and `/snapshot.svg`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
import shapely
from shapely.geometry import Polygon

from water_targets import cached
from water_targets.data import head_revision
from water_targets.snapshot import SnapshotShapes, _path, snapshot_svg, unit_look

SVG = "{http://www.w3.org/2000/svg}"
CHIFENG = "150400"
# 赤峰市2025年节水行动目标分解表 (the seed's annex): the largest and the smallest cap on total water use.
WENGNIUTE, KARAQIN = "150426", "150428"
# ColorBrewer YlOrBr, the scale of an indicator where less is better (classes.PALETTES): darkest and lightest.
DARKEST, LIGHTEST = "#8c2d04", "#fff5d4"


def page_snapshot(html: str) -> ET.Element:
    """The #map-snapshot element of a page, parsed as XML (it must be well-formed)."""
    match = re.search(r'<svg id="map-snapshot".*?</svg>', html, re.S)
    assert match, "no #map-snapshot in the page"
    return ET.fromstring(match.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def unit_paths(svg: ET.Element) -> dict[str, ET.Element]:
    return {p.get("data-adcode"): p for p in svg.iter(SVG + "path") if p.get("data-adcode")}


def absolute_points(d: str) -> list[list[tuple[float, float]]]:
    """Decode 'M x y l dx dy …z' path data (the snapshot's) back to rings of absolute points."""
    rings = []
    for part in re.findall(r"M[^M]*", d):
        head, _, rest = part.partition("l")
        x, y = (float(v) for v in re.findall(r"-?\d*\.?\d+", head[1:]))
        ring = [(x, y)]
        steps = [float(v) for v in re.findall(r"-?\d*\.?\d+", rest.rstrip("z"))]
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_path_data_decodes_to_the_simplified_rings() -> None:
    square = Polygon([(0, 0), (10.04, 0), (10.04, 5.55), (0, 5.55)], holes=[[(2, 2), (3, 2), (3, 3), (2, 3)]])
    d = _path(square)
    rings = absolute_points(d)
    assert len(rings) == 2 and d.count("z") == 2
    for ring, expected in zip(rings, [square.exterior, square.interiors[0]], strict=True):
        assert len(ring) == len(expected.coords)
        for (x, y), (ex, ey) in zip(ring, expected.coords, strict=True):
            assert abs(x - ex) <= 0.5 and abs(y - ey) <= 0.5
    # A ring that rounds to nothing is left out, not written as a path command without points.
    speck = shapely.MultiPolygon([square, Polygon([(50, 50), (50.2, 50), (50.2, 50.2)])])
    assert _path(speck) == d


def test_chifeng_page_carries_its_map_coloured_by_the_map_state(client) -> None:
    resp = client.get(f"/?region={CHIFENG}&indicator=total_water_use")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert html.index('id="first-paint"') < html.index('id="react-entry-point"')
    svg = page_snapshot(html)
    paths = unit_paths(svg)
    assert len(paths) == 12  # the city's twelve counties
    assert paths[WENGNIUTE].get("fill") == DARKEST and paths[KARAQIN].get("fill") == LIGHTEST
    assert svg.find(SVG + "title").text == "赤峰市 · 用水总量 · 2025"
    desc = svg.find(SVG + "desc").text
    assert "翁牛特旗：≤ 3.0047 亿立方米" in desc and desc.count("：") == 12
    assert paths[WENGNIUTE].find(SVG + "title").text == "翁牛特旗：≤ 3.0047 亿立方米"
    # The background (China, the provinces, the maritime line) under the units.
    assert len([p for p in svg.iter(SVG + "path") if p.get("class") == "map-snapshot-context"]) >= 3
    # Names in two sizes (phone, desktop), and the page's legend and controls as the scripts will draw them.
    assert {g.get("class") for g in svg.iter(SVG + "g") if g.get("class")} == {
        "map-snapshot-names narrow",
        "map-snapshot-names wide",
    }
    assert '<span class="dash-dropdown-value">赤峰市</span>' in html
    assert "≤ 20.23 亿立方米" in html  # the headline card: the city's own cap (一、工作目标)
    assert "<noscript>" in html


def test_every_path_in_the_picture_is_the_state_s_reading(client) -> None:
    """Each unit's fill and outline are the map state's class (or status) for the shown year, as map_style.js reads
    them: checked against the state itself for every unit of every plan region's default view."""
    rev = head_revision()
    for region in ("all", CHIFENG, "140600", "140800", "450700", "150222"):
        html = client.get(f"/?region={region}&indicator=total_water_use").get_data(as_text=True)
        svg = page_snapshot(html)
        state = cached.browser_map_state(rev, region, "total_water_use", "zh")
        year = svg.find(SVG + "title").text.rsplit(" · ", 1)[-1]
        for code, path in unit_paths(svg).items():
            cell = state["cells"].get(year, {}).get(code)
            klass = cell["class"] if cell else state["missing"]["unit"]
            if code != state["highlight"]:
                assert path.get("fill") == state["classes"][klass]["fill"], (region, code)


def test_a_county_level_region_is_outlined_and_selected_counties_marked() -> None:
    state = {
        "cells": {"2025": {"a": {"class": "class-0"}}},
        "classes": {"class-0": {"fill": "#111111", "outline": "#ffffff", "weight": 1}, "context": {"fill": "#eeeeee"}},
        "missing": {"unit": "context", "highlight": "no_data"},
        "highlight": "a",
        "marks": {"highlight": {"outline": "#0b3c5d", "weight": 3}, "selected": {"outline": "#111827", "weight": 3.5}},
        "progress": {
            "cells": {"2024": {"a": {"status": "met"}}},
            "statuses": {"met": {"fill": "#2e7d32", "outline": "#1b5e20", "ink": "#ffffff", "label": "达标"}},
        },
    }
    assert unit_look(state, "a", "2025", False)["fill"] == "#111111"
    assert unit_look(state, "a", "2025", False)["outline"] == "#0b3c5d"  # the highlighted region's mark
    assert unit_look(state, "b", "2025", False)["fill"] == "#eeeeee"  # a neighbour: context
    assert unit_look(state, "a", "2024", True)["fill"] == "#2e7d32"  # the progress view: its status
    assert unit_look(state, "b", "2025", False, ("b",))["outline"] == "#111827"  # picked in the county menu


def test_text_in_the_picture_stays_text() -> None:
    shapes = SnapshotShapes(100, 100, (0, 0, 1, 1), {"a": ("M0 0l10 0 0 10z", 50.0, (5.0, 5.0), 10.0)}, [])
    state = {
        "cells": {"2025": {"a": {"class": "c", "value": '</title><script>alert(1)</script>'}}},
        "classes": {"c": {"fill": "#123456", "outline": "#ffffff", "weight": 1}},
        "missing": {"unit": "c", "highlight": "c"},
        "highlight": None,
    }
    hostile = '<a href="javascript:alert(2)">x</a>&amp;'
    svg = snapshot_svg(shapes, state, {"a": hostile}, hostile, "2025", False, "zh", standalone=True)
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag in (SVG + "script", SVG + "a")]
    assert root.find(SVG + "title").text == hostile
    assert "<script>" in root.find(SVG + "desc").text  # shown as written


def test_link_preview_and_preloads_in_the_head(client) -> None:
    html = client.get(f"/?region={CHIFENG}&indicator=total_water_use&lang=en").get_data(as_text=True)
    head = html[: html.index("</head>")]
    assert "<title>Chifeng City · Total water use · 2025 · " in head
    image = re.search(r'<meta property="og:image" content="([^"]+)">', head).group(1)
    assert image.startswith("http://localhost/snapshot.svg?region=150400&amp;") and "lang=en" in image
    assert re.search(r'<meta property="og:title" content="Chifeng City · Total water use · 2025">', head)
    # The map's two requests start with the HTML (dash-leaflet fetches them with fetch(): CORS mode, same origin).
    preloads = re.findall(r'<link rel="preload" as="fetch" crossorigin="anonymous" href="([^"]+)">', head)
    assert preloads == [
        f"/api/v1/boundaries?parent={CHIFENG}",
        "/_dash-layout?region=150400&amp;indicator=total_water_use&amp;lang=en",  # built from the URL
        "/_dash-dependencies",
    ]
    assert len(re.findall(r'<link rel="preload" as="script"', head)) == 3  # the controls' and map's parts
    # Not the background (it would share a slow line with the scripts): assets/first_paint.js asks for it once they
    # have come, at the URL the map's background layer of the layout fetches.
    background = unescape(re.search(r'<div id="first-paint"[^>]* data-background="([^"]+)"', html).group(1))
    assert background.startswith("/api/v1/boundaries?adcode=100000,")
    layout = client.get("/_dash-layout?region=150400&indicator=total_water_use&lang=en").get_json()
    assert layer_url(layout, "map-context") == background


def layer_url(node: object, element_id: str) -> str | None:
    """The url prop of the component `element_id` in a _dash-layout answer."""
    if isinstance(node, list):
        return next((u for u in (layer_url(n, element_id) for n in node) if u is not None), None)
    if isinstance(node, dict) and "props" in node:
        if node["props"].get("id") == element_id:
            return node["props"].get("url")
        return layer_url(node["props"].get("children"), element_id)
    return None


@pytest.mark.parametrize(
    "query",
    ["region=999999", "indicator=nonsense", "year=1850", "asof=99999", "region=%3Cscript%3E", "lang=fr"],
)
def test_a_refused_parameter_gets_the_page_without_a_first_paint(client, query: str) -> None:
    """The page says what it replaced (callbacks/view.py); a picture of the replacement would contradict it."""
    resp = client.get("/?" + query)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and 'id="react-entry-point"' in html
    assert 'id="first-paint"' not in html and "og:image" not in html
    snap = client.get("/snapshot.svg?" + query)
    assert snap.status_code == 404 and snap.is_json
    assert "no map to draw" in snap.get_json()["error"] and "没有可画的地图" in snap.get_json()["message_zh"]


def test_snapshot_svg_is_a_document_of_its_own(client) -> None:
    resp = client.get(f"/snapshot.svg?region={CHIFENG}&indicator=total_water_use&year=2025&asof=1")
    assert resp.status_code == 200 and resp.mimetype == "image/svg+xml"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in resp.headers["Cache-Control"]  # pinned to a data version: never changes
    root = ET.fromstring(resp.get_data())
    assert root.get("width") == "1200" and len(unit_paths(root)) == 12
    assert [r.get("fill") for r in root.iter(SVG + "rect")][:1] == ["#dfe8ef"]  # the sea
    latest = client.get(f"/snapshot.svg?region={CHIFENG}")
    assert "max-age=300" in latest.headers["Cache-Control"]
