"""The server-drawn first paint of a view (issue 18): the map as an inline SVG, `#map-snapshot`, drawn from the map
state the browser receives (callbacks/view.py with_progress: classes, cells, progress statuses) by the same reading
assets/map_style.js unitStyle makes of it, in Web Mercator like Leaflet, so the interactive map replaces it in
place. Also the picture of link previews and of a page read without JavaScript (`/snapshot.svg`).

Geometry (projection, clipping, simplification, label points) depends on the region only: `snapshot_shapes`
(cached per data revision in cached.py); colours, names and words on the view: `snapshot_svg`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

import numpy as np
import shapely
from shapely.geometry import shape

from .chart_style import FONT_FAMILY
from .choropleth import view_for
from .classes import BACKGROUND_STYLES, SEA, label_color
from .exports.canvas import measured_px
from .exports.map_labels import LABEL_RULE, inner_points, inside_spot, name_forms, placement_order
from .geo import GeoData
from .i18n import t
from .indicators import Dataset
from .regions import context_units

SIZE = 1000.0  # the units' bounds span this many viewBox units across their longer side
TOLERANCE = 0.7  # simplification in viewBox units (under a pixel on a phone or a desktop map)
CONTEXT_MARGIN = 1.5  # the background is drawn this many times the units' extent beyond them on each side
# Two sets of names, sized for the map's box on a phone and on a desktop (style.css .leaflet-map: 368 × 422 px on a
# 390 × 844 phone, 773 × 570 px on a 1366 × 768 laptop; style.css shows the set that fits the screen), so that
# they are set as the interactive map's names are, 11.5 px (style.css .unit-label).
LABEL_BOXES = {"narrow": (368.0, 422.0), "wide": (773.0, 570.0)}
LABEL_PX = 11.5
STANDALONE_WIDTH = 1200  # px: /snapshot.svg (link previews)


@dataclass(frozen=True)
class SnapshotShapes:
    """A region's map in viewBox units: its size, the lon/lat bounds of the viewBox (west, south, east, north),
    each unit's path, area, label point and width, and the background's paths by level."""

    width: float
    height: float
    bounds: tuple[float, float, float, float]
    units: dict[str, tuple[str, float, tuple[float, float], float]]  # path, area, label point, width
    context: list[tuple[str, str]]


def _project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator in degrees (as Leaflet's EPSG:3857, up to scale), y growing southwards as on a screen."""
    lat = np.clip(lat, -85.0, 85.0)
    return lon, -np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def _latitude(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(-y))) - math.pi / 2)


def _pair(dx: int, dy: int) -> str:
    """' 12 4' or '-1-3': a coordinate pair in whole viewBox units, a minus sign serving as the separator."""
    return ("" if dx < 0 else " ") + str(dx) + ("" if dy < 0 else " ") + str(dy)


def _path(geom: shapely.Geometry) -> str:
    """SVG path data of polygons or lines on the viewBox's whole units (under a pixel on any screen the map is
    shown on: 1,000 units across a map at most 800 px wide): each ring from its first point, then relative lines
    ('M12 4l5-1 …z')."""
    parts: list[str] = []
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue
        rings = [part.exterior, *part.interiors] if part.geom_type == "Polygon" else [part]
        for ring in rings:
            coords = np.round(np.asarray(ring.coords)[:, :2]).astype(np.int64)
            if len(coords) < 2:
                continue
            steps = np.diff(coords, axis=0)
            steps = steps[(steps != 0).any(axis=1)]
            if len(steps) < (2 if ring.geom_type == "LinearRing" else 1):  # gone at this scale (an islet)
                continue
            body = "M" + _pair(*coords[0]).lstrip() + "l" + "".join(_pair(dx, dy) for dx, dy in steps).lstrip()
            parts.append(body + ("z" if ring.geom_type == "LinearRing" else ""))
    return "".join(parts)


def snapshot_shapes(dataset: Dataset, geo: GeoData, region: str) -> SnapshotShapes | None:
    """The region's map (its units as view_for maps them, the background of context_units and the maritime line)
    projected and simplified for the viewBox; None for a region without units to draw."""
    codes = view_for(dataset, geo, region).units
    geoms = {c: shape(geo.features[c]["geometry"]) for c in codes}
    geoms = {c: g for c, g in geoms.items() if not g.is_empty}
    if not geoms:
        return None

    def projected(geom: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geom, lambda xy: np.column_stack(_project(xy[:, 0], xy[:, 1])))

    mapped = {c: projected(g) for c, g in geoms.items()}
    x0, y0, x1, y1 = shapely.total_bounds(list(mapped.values()))
    extent = max(x1 - x0, y1 - y0, 1e-6)
    scale = SIZE / extent

    def to_box(geom: shapely.Geometry) -> shapely.Geometry:
        moved = shapely.transform(geom, lambda xy: (xy - [x0, y0]) * scale)
        return shapely.simplify(moved, TOLERANCE, preserve_topology=True)

    units = {}
    for code, geom in mapped.items():
        boxed = to_box(geom)
        lat, lon = geo.features[code]["properties"].get("label") or (None, None)
        if lat is None:
            point = boxed.representative_point()
            label = (point.x, point.y)
        else:
            lx, ly = _project(np.array([lon]), np.array([lat]))
            label = ((float(lx[0]) - x0) * scale, (float(ly[0]) - y0) * scale)
        bx0, _, bx1, _ = boxed.bounds
        units[code] = (_path(boxed), float(boxed.area), label, bx1 - bx0)
    margin = extent * CONTEXT_MARGIN
    window = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
    context = []
    for feature in geo.collection(context_units(dataset, geo))["features"]:
        clipped = shapely.clip_by_rect(projected(shape(feature["geometry"])), *window)
        if not clipped.is_empty:
            context.append((feature["properties"].get("level") or "province", _path(to_box(clipped))))
    bounds = (float(x0), _latitude(float(y1)), float(x1), _latitude(float(y0)))
    return SnapshotShapes((x1 - x0) * scale, (y1 - y0) * scale, bounds, units, context)


def unit_look(state: dict, code: str, year: str, progress: bool, selected: tuple[str, ...] = ()) -> dict:
    """A unit's fill, outline, weight, dash and name ink as assets/map_style.js unitStyle reads the map state."""
    cells = (state.get("progress") or {}).get("cells", {}).get(year, {}) if progress else {}
    assessed = cells.get(code)
    missing = state["missing"]["highlight"] if code == state.get("highlight") else state["missing"]["unit"]
    if progress:
        klass = missing
    else:
        cell = state["cells"].get(year, {}).get(code)
        klass = cell["class"] if cell else missing
    style = state["classes"].get(klass, {})
    look = {
        "fill": style.get("fill"),
        "outline": style.get("outline"),
        "weight": style.get("weight", 1),
        "dash": style.get("dash"),
        "ink": style.get("ink") or label_color(style.get("fill") or "#ffffff"),
    }
    if assessed:
        status = state["progress"]["statuses"][assessed["status"]]
        look |= {"fill": status["fill"], "outline": status["outline"], "weight": 1, "dash": None, "ink": status["ink"]}
    marks = state.get("marks") or {}
    if state.get("highlight") == code and marks.get("highlight"):
        look |= {"outline": marks["highlight"]["outline"], "weight": marks["highlight"]["weight"]}
    if code in selected and marks.get("selected"):
        look |= {"outline": marks["selected"]["outline"], "weight": marks["selected"]["weight"], "dash": None}
    return look


def unit_words(state: dict, code: str, year: str, progress: bool) -> str:
    """What the hover box says first of a unit: its value (or its status), or its class's words."""
    if progress:
        cell = (state.get("progress") or {}).get("cells", {}).get(year, {}).get(code)
        if cell:
            status = state["progress"]["statuses"][cell["status"]].get("label", "")
            return " · ".join(p for p in (status, cell.get("actual") or "", cell.get("distance") or "") if p)
    else:
        cell = state["cells"].get(year, {}).get(code)
        if cell:
            return cell["value"]
    missing = state["missing"]["highlight"] if code == state.get("highlight") else state["missing"]["unit"]
    return state["classes"].get(missing, {}).get("label", "")


def _drawn_shape(d: str) -> shapely.Geometry:
    """The area a path of _path's form ('M12 4l5-1 …z' per ring) fills, read back from it: what the picture shows of
    a unit, to the whole viewBox unit (rings filled even-odd)."""
    geom = shapely.Polygon()
    for ring in re.findall(r"M[^M]*", d):
        steps = np.array([int(n) for n in re.findall(r"-?\d+", ring)], dtype=float).reshape(-1, 2)
        points = np.cumsum(steps, axis=0)
        if len(points) >= 3:
            geom = geom.symmetric_difference(shapely.make_valid(shapely.Polygon(points)))
    return geom


def _labels(
    shapes: SnapshotShapes,
    names: dict[str, str],
    inks: dict[str, str],
    box: tuple[float, float],
    pad: float,
    lang: str,
    attention: frozenset[str],
) -> list[str]:
    """Names placed by the label rule (exports/map_labels.py), as map_labels.js places them on a map in a box of
    this size (px): each inside its unit's drawn path, measured in the page's label font (bold at LABEL_PX) with
    the rule's line pitch, at its label point or the nearest place inside where it fits, on one or more lines,
    else its short form, else none; the units of `attention` first."""
    px = min(box[0] / (shapes.width + 2 * pad), box[1] / (shapes.height + 2 * pad))  # px per viewBox unit
    size = LABEL_PX / px
    pitch = LABEL_RULE.line_height * size
    overhang = LABEL_RULE.overhang_px / px

    def width(line: str) -> float:
        return measured_px(line, LABEL_PX, bold=True) / px

    placed: list = []
    out = []
    area = {code: unit[1] for code, unit in shapes.units.items()}
    for code in placement_order([c for c in shapes.units if names.get(c)], area, attention):
        name = names[code]
        d, _, label, _ = shapes.units[code]
        geom = _drawn_shape(d)
        if geom.is_empty:  # drawn smaller than a viewBox unit: no room for a name
            continue
        points = inner_points(geom, label, pitch / 2)
        full, short = name_forms(name, lang, width)
        for lines in [*full, *short]:
            w, h = max(width(line) for line in lines), len(lines) * pitch
            spot = inside_spot(geom, points, w, h, overhang, placed)
            if spot is None:
                continue
            x, y = spot
            placed.append(shapely.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2))
            ink = inks.get(code, "#102a43")
            halo = "#000000" if ink.lower() == "#ffffff" else "#ffffff"
            if len(lines) == 1:
                text = escape(lines[0])
            else:
                first = -(len(lines) - 1) / 2 * pitch
                text = "".join(
                    f'<tspan x="{x:.1f}" dy="{first if i == 0 else pitch:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines)
                )
            out.append(
                f'<text data-adcode="{escape(code)}" x="{x:.1f}" y="{y:.1f}" fill="{ink}" stroke="{halo}" '
                f'stroke-width="{size * 0.25:.1f}" stroke-opacity="0.85" paint-order="stroke">{text}</text>'
            )
            break
    if not out:
        return []
    group = f'<g font-size="{size:.1f}" font-weight="600" text-anchor="middle" dominant-baseline="central">'
    return [group, *out, "</g>"]


def snapshot_svg(
    shapes: SnapshotShapes,
    state: dict,
    names: dict[str, str],
    title: str,
    year: str,
    progress: bool,
    lang: str,
    selected: tuple[str, ...] = (),
    standalone: bool = False,
) -> str:
    """The view's map as an SVG element: the background (BACKGROUND_STYLES by level), each unit a `path` with
    `data-adcode`, its fill and outline and a `title` (name and value), the units' names, a `title` and a
    `desc` listing every unit; the `selected` units (the county menu's) outlined. `standalone`: a document of its
    own (width, height, the sea, xmlns) for `/snapshot.svg`; otherwise `#map-snapshot` for the page, sized by its
    box (style.css .map-snapshot)."""
    w, h = shapes.width, shapes.height
    pad = SIZE * 0.03
    view_box = f"{-pad:.0f} {-pad:.0f} {w + 2 * pad:.0f} {h + 2 * pad:.0f}"
    colon = ": " if lang == "en" else "："
    words = {code: unit_words(state, code, year, progress) for code in shapes.units}
    listing = ("; " if lang == "en" else "；").join(f"{names.get(c, c)}{colon}{words[c]}" for c in shapes.units)
    bounds = ",".join(f"{b:.6f}" for b in shapes.bounds)
    attrs = (
        f'viewBox="{view_box}" preserveAspectRatio="xMidYMid meet" role="img" data-bounds="{bounds}" '
        f'data-pad="{pad:.0f}" aria-labelledby="map-snapshot-title map-snapshot-desc"'
    )
    if standalone:
        height = STANDALONE_WIDTH * (h + 2 * pad) / (w + 2 * pad)
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{STANDALONE_WIDTH}" height="{height:.0f}" '
            f'font-family="{FONT_FAMILY}" {attrs}>'
        )
    else:
        head = f'<svg id="map-snapshot" class="map-snapshot" {attrs}>'
    out = [
        head,
        f'<title id="map-snapshot-title">{escape(title)}</title>',
        f'<desc id="map-snapshot-desc">{escape(listing)}</desc>',
    ]
    if standalone:
        out.append(f'<rect x="{-w * 4:.0f}" y="{-h * 4:.0f}" width="{w * 9:.0f}" height="{h * 9:.0f}" fill="{SEA}"/>')
    out.append('<g fill="none" stroke-linejoin="round" vector-effect="non-scaling-stroke">')
    for level, d in shapes.context:
        style = BACKGROUND_STYLES.get(level, BACKGROUND_STYLES["province"])
        fill = f' fill="{style["fill"]}"' if style["fill"] else ""
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        out.append(
            f'<path class="map-snapshot-context" d="{d}"{fill} stroke="{style["outline"]}" '
            f'stroke-width="{style["weight"]}"{dash} vector-effect="non-scaling-stroke"/>'
        )
    out.append("</g>")
    looks = {code: unit_look(state, code, year, progress, selected) for code in shapes.units}
    out.append('<g stroke-linejoin="round">')
    for code in sorted(shapes.units, key=lambda c: -shapes.units[c][1]):
        d = shapes.units[code][0]
        look = looks[code]
        dash = f' stroke-dasharray="{look["dash"]}"' if look["dash"] else ""
        out.append(
            f'<path data-adcode="{escape(code)}" d="{d}" fill="{look["fill"]}" stroke="{look["outline"]}" '
            f'stroke-width="{look["weight"]}"{dash} vector-effect="non-scaling-stroke">'
            f"<title>{escape(names.get(code, code))}{colon}{escape(words[code])}</title></path>"
        )
    out.append("</g>")
    if len(shapes.units) <= LABEL_RULE.limit:
        inks = {code: look["ink"] for code, look in looks.items()}
        cells = (state.get("progress") or {}).get("cells", {}).get(year, {}) if progress else {}
        attention = frozenset(c for c, cell in cells.items() if cell.get("status") in LABEL_RULE.attention)
        boxes = {"standalone": (STANDALONE_WIDTH, STANDALONE_WIDTH * (h + 2 * pad) / (w + 2 * pad))}
        for fit, box in (boxes if standalone else LABEL_BOXES).items():
            labels = _labels(shapes, names, inks, box, pad, lang, attention)
            if labels:
                out += [f'<g class="map-snapshot-names {fit}">', *labels, "</g>"]
    out.append("</svg>")
    return "".join(out)


def unit_names(geo: GeoData, codes: list[str], lang: str) -> dict[str, str]:
    """Each unit's name in the language (as water.unitName: name_en in English, name_zh otherwise)."""
    return {c: geo.regions[c].name(lang) if c in geo.regions else c for c in codes}


def snapshot_title(place: str, indicator_name: str, year: str, progress: bool, lang: str) -> str:
    """'赤峰市 · 用水总量 · 2025' (the target view) or '… · 2024年完成情况' (the progress view)."""
    last = t("progress_map_title", lang, year=year) if progress else year
    return " · ".join(p for p in (place, indicator_name, last) if p)
