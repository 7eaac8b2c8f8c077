"""Names of the units on an exported map: each inside its unit in a colour of enough contrast with the fill where
it fits, else called out beside the unit on a white box with a leader line, clear of other names and the inset."""

from __future__ import annotations

import math

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import box as shapely_box
from shapely.geometry import shape

from ..chart_style import FONT_FAMILY, INK
from ..classes import label_color
from ..geo import GeoData
from ..text_only import plotly_text
from .canvas import COUNTY_LABEL_PX, block_height, mercator, text_px, wrap_lines

LEADER_COLOR = "#334e68"


def _mercator_geom(geometry: dict):
    def project(coords: np.ndarray) -> np.ndarray:
        lat = np.clip(coords[:, 1], -85, 85)
        return np.column_stack([coords[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))])

    geom = shapely.transform(shape(geometry), project)
    return geom if geom.is_valid else geom.buffer(0)


def unit_labels(
    geo: GeoData,
    units: list[str],
    geoms: dict,
    paints: dict[str, dict],
    lang: str,
    k: float,
    px_per_unit: float,
    frame: tuple[float, float, float, float],
    keep_out: list,
    callouts: set[str],
) -> list[dict]:
    """Every unit's name as an annotation named 'label:<adcode>'. A name that fits inside its unit (larger units
    first, no overlap) is printed there in label_color(fill) — on a box of the fill where the fill is patterned —
    and the others (of `callouts`: a county-level region's context units are named only where they fit) are called
    out beside the units on a white box with a leader line. Never a halo: SVG viewers
    outside browsers drop it."""
    size = COUNTY_LABEL_PX * k
    shapes = {code: _mercator_geom(geoms[code]) for code in units}
    # What shows of each unit: smaller units are drawn over larger ones (map_frame), and neighbouring boundaries
    # may overlap a little, so a name must fit in the part of its unit that nothing covers.
    order = sorted(units, key=lambda c: -shapes[c].area)
    for i, code in enumerate(order):
        over = [shapes[c] for c in order[i + 1 :] if shapes[c].intersects(shapes[code])]
        if over:
            shapes[code] = shapes[code].difference(shapely.union_all(over))
    land = shapely.union_all(list(shapes.values())).buffer(4 / px_per_unit)
    placed: list = []
    out: list[dict] = []
    later: list[tuple[str, str, float, float, float, float]] = []

    def free(rect) -> bool:
        return not any(rect.intersects(p) for p in placed)

    def dims(lines: list[str]) -> tuple[float, float]:
        width = max(text_px(line, size) for line in lines) + 14 * k
        return width / px_per_unit, (block_height(len(lines), size) + 4 * k) / px_per_unit

    for code in order:
        name = geo.regions[code].name(lang)
        geom = shapes[code]
        label = geo.features[code]["properties"].get("label")
        biggest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        centre = shapely.ops.polylabel(biggest, 0.5 / px_per_unit)
        anchor = mercator(label[1], label[0]) if label else (centre.x, centre.y)
        inside = None
        # One line, else (a name of several words) two, each tried at the label point, the pole of inaccessibility
        # and a grid of points inside the unit.
        one_line = text_px(name, size)
        variants = [[name]] + [wrap_lines(name, size, one_line / n + size) for n in (2, 3) if name.count(" ") >= n - 1]
        for lines in variants:
            w, h = dims(lines)
            for cx, cy in [anchor, (centre.x, centre.y), *_inner_points(biggest, centre, h / len(lines))]:
                rect = shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if free(rect) and geom.intersection(rect).area >= 0.98 * rect.area:
                    inside = (cx, cy, rect, "<br>".join(plotly_text(line) for line in lines))
                    break
            if inside:
                break
        if inside is None:
            if code in callouts:
                later.append((code, name, *anchor, *dims([name])))
            continue
        cx, cy, rect, text = inside
        placed.append(rect)
        fill = paints[code].get("fillcolor") or "#ffffff"
        patterned = bool(paints[code].get("fillpattern"))
        out.append(
            {
                "name": f"label:{code}",
                "x": cx,
                "y": cy,
                "xref": "x",
                "yref": "y",
                "text": text,
                "showarrow": False,
                "font": {"size": size, "color": label_color(fill), "family": FONT_FAMILY},
                # On a pattern, the name sits on a box of the plain fill, so its contrast is the fill's.
                **({"bgcolor": fill, "borderpad": 2 * k} if patterned else {}),
            }
        )
    x0, x1, y0, y1 = frame
    margin = 8 * k / px_per_unit

    def blocked(rect) -> bool:
        return not free(rect) or any(rect.intersects(b) for b in keep_out)

    for code, name, ax, ay, w, h in later:
        spot = _callout_spot(
            (ax, ay, w, h),
            px_per_unit,
            k,
            (x0 + margin, x1 - margin, y0 + margin, y1 - margin),
            [lambda r: not blocked(r) and not r.intersects(land), lambda r: not blocked(r)],
        )
        cx, cy = spot
        placed.append(shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        out.append(
            {
                "name": f"label:{code}",
                "x": ax,
                "y": ay,
                "xref": "x",
                "yref": "y",
                "ax": cx,
                "ay": cy,
                "axref": "x",
                "ayref": "y",
                "text": plotly_text(name),
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1.6 * k,
                "arrowcolor": LEADER_COLOR,
                "bgcolor": "#ffffff",
                "bordercolor": LEADER_COLOR,
                "borderwidth": 1 * k,
                "borderpad": 2 * k,
                "font": {"size": size, "color": INK, "family": FONT_FAMILY},
            }
        )
    return out


def _inner_points(geom, centre, step: float) -> list[tuple[float, float]]:
    """Points of a grid over `geom` (pitch `step`, half a label's height) inside it, nearest `centre` first: more
    places to try a name that does not fit at the label point."""
    x0, y0, x1, y1 = geom.bounds
    xs = np.arange(x0 + step / 2, x1, step)
    ys = np.arange(y0 + step / 2, y1, step)
    inside = [(x, y) for x in xs for y in ys if geom.contains(shapely.Point(x, y))]
    return sorted(inside, key=lambda p: (p[0] - centre.x) ** 2 + (p[1] - centre.y) ** 2)[:400]


def _callout_spot(label: tuple, ppu: float, k: float, frame: tuple, tests: list) -> tuple[float, float]:
    """The nearest spot for a called-out name (point ax, ay; size w, h) within `frame` that passes the first of
    `tests` any spot passes (on the background, off other names; then off other names only)."""
    ax, ay, w, h = label
    x0, x1, y0, y1 = frame
    spots = []
    for dist in (50, 80, 120, 170, 230, 300, 380, 470, 580, 700):
        for step in range(24):
            angle = math.pi * step / 12
            # Sideways first: a horizontal leader line reads best.
            cx = ax + math.cos(angle) * (dist * k / ppu + w / 2)
            cy = ay + math.sin(angle) * dist * k / ppu
            if x0 <= cx - w / 2 and cx + w / 2 <= x1 and y0 <= cy - h / 2 and cy + h / 2 <= y1:
                spots.append((cx, cy))
    for test in tests:
        for cx, cy in spots:
            if test(shapely_box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)):
                return cx, cy
    return ax, ay
