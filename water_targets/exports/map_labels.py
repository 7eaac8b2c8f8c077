"""Unit names on a map, placed by one rule on every surface that names units: exported pictures (unit_labels,
here), the page's Leaflet map (assets/map_labels.js, which gets LABEL_RULE in the map state's `labels`) and the
server-drawn first paint (snapshot.py). The rule:

- A name printed inside a unit fits inside that unit's drawn shape: the text's box at its real size (measured in
  the font it is drawn in, not estimated per character) lies in the part of the unit that nothing is drawn over,
  but for LabelRule.overhang_px. It is tried at the unit's label point, then at points of a grid inside the unit,
  nearest the label point first.
- A called-out name (exported pictures: they have room around the units) hangs from a dot inside its own unit; the
  leader line runs from the dot to the name's box through no other unit for more than LabelRule.leader_px, and
  under no other name; the box covers no other unit's name, dot or leader line.
- The forms tried, in order: the name on one line, then broken at spaces over up to LabelRule.lines lines, then
  (where the surface calls names out) a callout, then the short form (the name without its generic word: 'Bairin
  Left' for 'Bairin Left Banner', '林西' for '林西县') inside the unit, else no name: never one that points at
  another unit (hovering or tapping a unit names it).
- Where room is short, units whose status needs attention (LabelRule.attention: at risk, over the cap, …) are
  named first, then smaller units before larger ones (they have the fewest places).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.ops
from shapely.geometry import shape

from ..chart_style import FONT_FAMILY, INK
from ..classes import label_color
from ..geo import GeoData
from ..status import AT_RISK, DETERIORATION, EXCEEDED, LIMITED_PROGRESS, NEEDS_ACCELERATION, NOT_MET
from ..text_only import plotly_text
from .canvas import COUNTY_LABEL_PX, LINE_HEIGHT, font_height_px, measured_px, mercator

LEADER_COLOR = "#334e68"


@dataclass(frozen=True)
class LabelRule:
    """The parameters of the label rule (px are screen pixels, or pixels of the 1080-px-high reference picture)."""

    overhang_px: float = 1.0  # how far a name's box may cross its unit's outline (the outline's own width)
    leader_px: float = 2.0  # how far a leader line may run through another unit (where it passes a border's corner)
    lines: int = 3  # a name is broken over at most this many lines (at spaces), its short form over two
    short_lines: int = 2
    line_height: float = 1.2  # line pitch of the page's names and the first paint's (plotly sets its own)
    limit: int = 400  # a map of more units has no names at all (an overview of thousands of plan regions)
    # Statuses named first where room is short: a target missed, or being missed.
    attention: tuple[str, ...] = (AT_RISK, EXCEEDED, NOT_MET, DETERIORATION, NEEDS_ACCELERATION, LIMITED_PROGRESS)
    # A name's short form: the first group of the language's pattern (the same in Python's re and JavaScript).
    short: dict[str, str] = field(
        default_factory=lambda: {
            "en": r"^(.{2,}?)(?: Autonomous)? (?:County|District|City|Banner)$",
            "zh": r"^(.{2,3})[县区市]$",
        }
    )

    def browser(self) -> dict:
        """The rule as the page's script reads it (the map state's `labels`, assets/map_labels.js)."""
        return {
            "overhang": self.overhang_px,
            "lines": self.lines,
            "short_lines": self.short_lines,
            "line_height": self.line_height,
            "limit": self.limit,
            "attention": list(self.attention),
            "short": dict(self.short),
        }


LABEL_RULE = LabelRule()


# ---------------------------------------------------------------- the rule, for every surface


def short_name(name: str, lang: str) -> str | None:
    """The name without its generic word ('Bairin Left' for 'Bairin Left Banner'), None where it has none."""
    pattern = LABEL_RULE.short.get(lang)
    found = re.match(pattern, name) if pattern else None
    return found.group(1) if found else None


def broken(name: str, count: int, width: Callable[[str], float]) -> list[str] | None:
    """The name over exactly `count` lines, broken at spaces where its widest line is narrowest (the first such
    break, in order of the break points); None when it has too few spaces."""
    words = name.split(" ")
    if count == 1:
        return [name]
    if len(words) < count:
        return None
    best: list[str] | None = None
    best_width = math.inf
    for cuts in itertools.combinations(range(1, len(words)), count - 1):
        bounds = [0, *cuts, len(words)]
        lines = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]
        widest = max(width(line) for line in lines)
        if widest < best_width - 1e-9:
            best, best_width = lines, widest
    return best


def name_forms(name: str, lang: str, width: Callable[[str], float]) -> tuple[list[list[str]], list[list[str]]]:
    """The forms of a name, in the order they are tried: the name on 1 … LABEL_RULE.lines lines, and its short form
    on 1 … LABEL_RULE.short_lines lines (tried after any callout)."""
    full = [lines for n in range(1, LABEL_RULE.lines + 1) if (lines := broken(name, n, width))]
    short = short_name(name, lang)
    short_forms = [lines for n in range(1, LABEL_RULE.short_lines + 1) if short and (lines := broken(short, n, width))]
    return full, short_forms


def placement_order(codes: Iterable[str], area: dict[str, float], attention: set[str] | frozenset[str]) -> list[str]:
    """The order units are named in: those whose status needs attention first, then smaller before larger (a small
    unit has the fewest places for its name; names inside units never meet, so only callouts compete)."""
    return sorted(codes, key=lambda c: (c not in attention, area[c]))


def inner_points(geom, start: tuple[float, float], pitch: float, limit: int = 2000) -> list[tuple[float, float]]:
    """`start` (the unit's label point), then the points of a grid of `pitch` over the unit that lie inside it,
    nearest `start` first: the places a name is tried at."""
    if geom is None or geom.is_empty or not (pitch > 0):  # a unit drawn too small to have a shape: its point only
        return [start]
    x0, y0, x1, y1 = geom.bounds
    pitch = max(pitch, math.sqrt((x1 - x0) * (y1 - y0) / limit))
    if not pitch > 0 or not math.isfinite(pitch):
        return [start]
    xs, ys = np.meshgrid(np.arange(x0 + pitch / 2, x1, pitch), np.arange(y0 + pitch / 2, y1, pitch))
    xs, ys = xs.ravel(), ys.ravel()
    keep = shapely.contains_xy(geom, xs, ys)
    xs, ys = xs[keep], ys[keep]
    order = np.argsort((xs - start[0]) ** 2 + (ys - start[1]) ** 2, kind="stable")
    return [start, *zip(xs[order].tolist(), ys[order].tolist(), strict=True)]


def boxes_at(points: np.ndarray, w: float, h: float) -> np.ndarray:
    """Boxes of w × h centred on each of `points` (an n × 2 array)."""
    return shapely.box(points[:, 0] - w / 2, points[:, 1] - h / 2, points[:, 0] + w / 2, points[:, 1] + h / 2)


def hits(placed: list, geoms: np.ndarray) -> np.ndarray:
    """Whether each of `geoms` meets any of `placed`."""
    found = np.zeros(len(geoms), dtype=bool)
    if placed and len(geoms):
        # The tree over `geoms`: each placed shape (a unit's, with many vertices) is then prepared once.
        found[shapely.STRtree(geoms).query(placed, predicate="intersects")[1]] = True
    return found


def inside_spot(
    geom, points: list[tuple[float, float]], w: float, h: float, overhang: float, blocked: list | None = None
) -> tuple[float, float] | None:
    """The first of `points` where a w × h box lies inside `geom` (but for `overhang` on each side) and meets none
    of `blocked`; None where there is none."""
    if not points or w <= 2 * overhang or h <= 2 * overhang:
        return None
    shapely.prepare(geom)
    at = np.asarray(points, dtype=float)
    ok = shapely.contains(geom, boxes_at(at, w - 2 * overhang, h - 2 * overhang))
    if blocked:
        ok &= ~hits(blocked, boxes_at(at, w, h))
    first = np.flatnonzero(ok)[:1]
    return (float(at[first[0], 0]), float(at[first[0], 1])) if len(first) else None


def leader_segments(anchors: np.ndarray, centres: np.ndarray, w: float, h: float) -> np.ndarray:
    """Leader lines from each anchor to the border of its box (w × h around the centre), as plotly draws them."""
    d = anchors - centres
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = np.where(d[:, 0] != 0, (w / 2) / np.abs(d[:, 0]), np.inf)
        ty = np.where(d[:, 1] != 0, (h / 2) / np.abs(d[:, 1]), np.inf)
    t = np.minimum(np.minimum(tx, ty), 1.0)
    ends = centres + d * t[:, None]
    return shapely.linestrings(np.stack([anchors, ends], axis=1))


def leader_clear(segments: np.ndarray, others: list, cores: list, tolerance: float) -> np.ndarray:
    """Whether each leader line runs through `others` (every other unit's drawn shape; they do not overlap) for at
    most `tolerance`. `cores`: the same shapes shrunk by the tolerance; a line that reaches one is in too far."""
    ok = ~hits(others, segments)
    shallow = np.flatnonzero(~ok & ~hits(cores, segments))
    if len(shallow):
        unit, line = shapely.STRtree(segments[shallow]).query(others, predicate="intersects")
        pieces = shapely.intersection(segments[shallow][line], np.asarray(others, dtype=object)[unit])
        lengths = np.zeros(len(shallow))
        np.add.at(lengths, line, shapely.length(pieces))
        ok[shallow] = lengths <= tolerance
    return ok


# ---------------------------------------------------------------- exported pictures


def _mercator_geom(geometry: dict):
    def project(coords: np.ndarray) -> np.ndarray:
        lat = np.clip(coords[:, 1], -85, 85)
        return np.column_stack([coords[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))])

    geom = shapely.transform(shape(geometry), project)
    return geom if geom.is_valid else geom.buffer(0)


def text_box_px(lines: list[str], size: float, pad: float = 0.0) -> tuple[float, float]:
    """The box plotly draws an annotation's text in (px): its widest line measured, the font's height for the first
    line and plotly's line pitch for each further one, and `pad` (border pad and border width) on every side."""
    width = max(measured_px(line, size) for line in lines)
    height = font_height_px(size) + (len(lines) - 1) * LINE_HEIGHT * size
    return width + 2 * pad, height + 2 * pad


def drawn_shapes(units: list[str], geoms: dict) -> dict:
    """Each unit's shape in Web Mercator, less the smaller units drawn over it (map_frame draws larger units first,
    and neighbouring boundaries may overlap a little): what shows of it."""
    shapes = {code: _mercator_geom(geoms[code]) for code in units}
    order = sorted(units, key=lambda c: -shapes[c].area)
    for i, code in enumerate(order):
        over = [shapes[c] for c in order[i + 1 :] if shapes[c].intersects(shapes[code])]
        if over:
            shapes[code] = shapes[code].difference(shapely.union_all(over))
    return shapes


@dataclass
class _Sheet:
    """What is placed on an exported map, by unit, in data units: names' boxes, dots and leader lines."""

    boxes: dict[str, object] = field(default_factory=dict)
    dots: dict[str, object] = field(default_factory=dict)
    leaders: dict[str, object] = field(default_factory=dict)

    def copy(self) -> _Sheet:
        return _Sheet(dict(self.boxes), dict(self.dots), dict(self.leaders))

    def without(self, codes: Iterable[str]) -> _Sheet:
        gone = set(codes)
        return _Sheet({c: b for c, b in self.boxes.items() if c not in gone}, dict(self.dots), dict(self.leaders))

    def marks(self) -> list:
        return [*self.boxes.values(), *self.dots.values(), *self.leaders.values()]


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
    attention: set[str] | frozenset[str] = frozenset(),
) -> list[dict]:
    """Every unit's name that the label rule places, as an annotation named 'label:<adcode>': inside its unit in
    label_color(fill) — on a box of the fill where the fill is patterned — or, for units of `callouts` (a
    county-level region's context units are named only where they fit), called out on a white box with a leader
    line from a dot inside the unit; or its short form inside; or nothing. `attention`: units named first. Never a
    halo: SVG viewers outside browsers drop it."""
    size = COUNTY_LABEL_PX * k
    shapes = drawn_shapes(units, geoms)
    area = {code: shapes[code].area for code in units}
    order = placement_order(units, area, attention)
    overhang = LABEL_RULE.overhang_px * k / px_per_unit

    def width(line: str) -> float:
        return measured_px(line, size)

    anchors: dict[str, tuple[float, float]] = {}
    points: dict[str, list] = {}
    for code in units:
        lat, lon = geo.features[code]["properties"]["label"]
        anchor = mercator(lon, lat)
        parts = [] if shapes[code].is_empty else shapely.get_parts(shapes[code])
        if len(parts) and not shapes[code].contains(shapely.Point(anchor)):  # under a smaller unit drawn over it
            biggest = max(parts, key=lambda g: g.area)
            pole = shapely.ops.polylabel(biggest, 0.5 / px_per_unit)
            anchor = (pole.x, pole.y)
        anchors[code] = anchor
        points[code] = inner_points(shapes[code], anchor, size * 0.6 / px_per_unit)

    def inside(code: str, forms: list[list[str]], sheet: _Sheet) -> dict | None:
        """The name in the first of `forms` that fits inside its unit, clear of what `sheet` holds (added to it)."""
        fill = paints[code].get("fillcolor") or "#ffffff"
        patterned = bool(paints[code].get("fillpattern"))
        pad = 2 * k + 1 if patterned else 0.0  # a name on a pattern sits on a box of the fill (border pad, width)
        blocked = sheet.marks()
        for lines in forms:
            w, h = text_box_px(lines, size, pad)
            w, h = w / px_per_unit, h / px_per_unit
            spot = inside_spot(shapes[code], points[code], w, h, overhang, blocked)
            if spot is None:
                continue
            cx, cy = spot
            sheet.boxes[code] = shapely.box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            return {
                "name": f"label:{code}",
                "x": cx,
                "y": cy,
                "xref": "x",
                "yref": "y",
                "text": "<br>".join(plotly_text(line) for line in lines),
                "showarrow": False,
                "font": {"size": size, "color": label_color(fill), "family": FONT_FAMILY},
                # On a pattern, the name sits on a box of the plain fill, so its contrast is the fill's.
                **({"bgcolor": fill, "borderpad": 2 * k} if patterned else {}),
            }
        return None

    forms = {code: name_forms(geo.regions[code].name(lang), lang, width) for code in units}
    sheet = _Sheet()
    out: dict[str, dict] = {}
    for code in order:
        if placed := inside(code, forms[code][0], sheet):
            out[code] = placed
    inside_codes = set(out)
    x0, x1, y0, y1 = frame
    margin = 8 * k / px_per_unit
    bounds = (x0 + margin, x1 - margin, y0 + margin, y1 - margin)
    land = shapely.simplify(shapely.union_all(list(shapes.values())), 1 / px_per_unit).buffer(4 / px_per_unit)
    shapely.prepare(land)
    # The units for the leader test: simplified by a third of a pixel, well within its tolerance.
    simple = {code: shapely.simplify(shapes[code], 0.3 / px_per_unit) for code in units}
    tolerance = LABEL_RULE.leader_px * k / px_per_unit
    cores = {code: shapely.buffer(geom, -tolerance) for code, geom in simple.items()}

    def callout(code: str, on: _Sheet) -> tuple[dict, object, object, object] | None:
        others = [g for c, g in simple.items() if c != code], [g for c, g in cores.items() if c != code]
        unit = (shapes[code], *others, anchors[code])
        name = geo.regions[code].name(lang)
        return _callout(code, name, unit, on, (size, k, px_per_unit), bounds, keep_out, land)

    def call_out(queue: list[str]) -> tuple[dict[str, dict], _Sheet]:
        called, on = {}, sheet.copy()
        for code in queue:
            if found := callout(code, on):
                called[code], on.boxes[code], on.dots[code], on.leaders[code] = found
        return called, on

    # A unit left without a callout goes to the front of its class (attention or not) and the callouts are placed
    # again, a few times: the arrangement naming the most units of attention, then the most units, is kept.
    queue = [code for code in order if code not in out and code in callouts]
    best: tuple[dict[str, dict], _Sheet] = ({}, sheet)
    for _ in range(4):
        called, on = call_out(queue)
        if _named(called, attention) > _named(best[0], attention):
            best = (called, on)
        missed = [code for code in queue if code not in called]
        if not missed:
            break
        queue = sorted(queue, key=lambda c: (c not in attention, c not in missed, queue.index(c)))
    out |= best[0]
    sheet = best[1]
    # A unit still without a name may be called out where names inside other units are: those move to other
    # places inside their units; a name that cannot move stays where it is, and another spot is sought.
    for code in order:
        if code in out or code not in callouts:
            continue
        stuck: set[str] = set()
        for _ in range(4):
            found = callout(code, sheet.without(inside_codes - stuck))
            if not found:
                break
            note, *marks = found
            moved = [c for c in inside_codes - stuck if hits(marks, np.array([sheet.boxes[c]]))[0]]
            trial = sheet.without(moved)
            trial.boxes[code], trial.dots[code], trial.leaders[code] = marks
            again = {c: inside(c, forms[c][0], trial) for c in moved}
            if all(again.values()):
                out |= again | {code: note}
                sheet = trial
                break
            stuck |= {c for c, placed in again.items() if not placed}
    for code in order:
        if code not in out and (placed := inside(code, forms[code][1], sheet)):
            out[code] = placed
    return [out[code] for code in units if code in out]


def _named(called: dict[str, dict], attention: set[str] | frozenset[str]) -> tuple[int, int]:
    return sum(code in attention for code in called), len(called)


def _callout(
    code: str,
    name: str,
    unit: tuple,
    sheet: _Sheet,
    scale: tuple[float, float, float],
    bounds: tuple[float, float, float, float],
    keep_out: list,
    land,
) -> tuple[dict, object, object, object] | None:
    """A name called out beside its unit by the rule (its annotation, box, dot and leader line), or None where no
    spot in `bounds` passes it: of the spots that pass, the box the nearest to a dot inside the unit in the first of
    the tiers (off the land, crossing no leader line; off the land; on the land, crossing none; anywhere). `unit`:
    its drawn shape, every other unit's (and those shrunk by the leader tolerance) and its label point."""
    own, others, cores, label_point = unit
    size, k, ppu = scale
    border = 2 * k + k  # plotly's border pad and border width of a callout
    w, h = text_box_px([name], size, border)
    w, h = w / ppu, h / ppu
    dot = (9 * k / 2 + 1.5 * k) / ppu  # the dot's radius with its white ring
    # Dots: the label point, then others spread over the unit (a dot near an edge may reach open ground), each
    # with its ring inside the unit and not under a name's box.
    x0, y0, x1, y1 = own.bounds
    at = np.asarray(inner_points(own, label_point, max(x1 - x0, y1 - y0) / 7, limit=60), dtype=float)
    spots = shapely.points(at)
    ok = shapely.contains(own, spots) & (shapely.distance(own.boundary, spots) >= dot)
    ok &= ~hits(list(sheet.boxes.values()), shapely.buffer(spots, dot))
    dots = at[ok][:10]
    if not len(dots):
        return None
    dists = np.array([dot / k * ppu + 2, 12, 25, 50, 80, 120, 170, 230, 300, 380, 470, 580, 700]) * k / ppu
    angles = np.pi * np.arange(24) / 12  # sideways first: a horizontal leader line reads best
    di, ai, ti = (a.ravel() for a in np.meshgrid(*map(np.arange, (len(dists), len(angles), len(dots))), indexing="ij"))
    anchors = dots[ti]
    centres = anchors + np.column_stack(
        [np.cos(angles[ai]) * (dists[di] + w / 2), np.sin(angles[ai]) * (dists[di] + h / 2)]
    )
    bx0, bx1, by0, by1 = bounds
    gap = np.hypot(
        np.maximum(np.abs(anchors[:, 0] - centres[:, 0]) - w / 2, 0),
        np.maximum(np.abs(anchors[:, 1] - centres[:, 1]) - h / 2, 0),
    )
    ok = (
        (centres[:, 0] - w / 2 >= bx0)
        & (centres[:, 0] + w / 2 <= bx1)
        & (centres[:, 1] - h / 2 >= by0)
        & (centres[:, 1] + h / 2 <= by1)
        & (gap >= dot)  # the box leaves its own dot in view
    )
    idx = np.flatnonzero(ok)
    boxes = boxes_at(centres[idx], w, h)
    keep = ~hits([*sheet.marks(), *keep_out], boxes)
    idx, boxes = idx[keep], boxes[keep]
    segments = leader_segments(anchors[idx], centres[idx], w, h)
    keep = ~hits(list(sheet.boxes.values()), segments)  # no leader line under a name
    idx, boxes, segments = idx[keep], boxes[keep], segments[keep]
    if not len(idx):
        return None
    tier = shapely.intersects(land, boxes) * 2 + hits(list(sheet.leaders.values()), segments)
    order = np.lexsort((ai[idx], ti[idx], di[idx], tier))
    passing = order[leader_clear(segments[order], others, cores, LABEL_RULE.leader_px * k / ppu)]
    if not len(passing):
        return None
    best = passing[0]
    (ax, ay), (cx, cy) = anchors[idx[best]], centres[idx[best]]
    note = {
        "name": f"label:{code}",
        "x": float(ax),
        "y": float(ay),
        "xref": "x",
        "yref": "y",
        "ax": float(cx),
        "ay": float(cy),
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
    return note, boxes[best], shapely.Point(ax, ay).buffer(dot), segments[best]
