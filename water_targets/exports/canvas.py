"""The exported picture's canvas and geometry: Web Mercator paths of GeoJSON rings, bounds and areas, text
placed in paper coordinates, and line wrapping for plotly (which does not wrap)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from ..chart_style import FONT_FAMILY, INK


@dataclass(frozen=True)
class Canvas:
    width: int
    height: int

    @property
    def k(self) -> float:
        """Font and line scale against the 1080-pixel-high reference canvas."""
        return self.height / 1080


def mercator(lon: float, lat: float) -> tuple[float, float]:
    return lon, math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    if geometry["type"] == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def path(geometry: dict, box: tuple[float, float, float, float] | None = None) -> tuple[list, list]:
    """x/y lists of every ring, separated by None; rings wholly outside `box` are skipped."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings(geometry):
        if box and all(not (box[0] <= x <= box[1] and box[2] <= y <= box[3]) for x, y in ring):
            continue
        for lon, lat in ring:
            x, y = mercator(lon, lat)
            xs.append(x)
            ys.append(y)
        xs.append(None)
        ys.append(None)
    return xs, ys


def bounds(geometries: list[dict]) -> tuple[float, float, float, float]:
    lons = [p[0] for g in geometries for ring in rings(g) for p in ring]
    lats = [p[1] for g in geometries for ring in rings(g) for p in ring]
    return min(lons), max(lons), min(lats), max(lats)


def area(geometry: dict) -> float:
    total = 0.0
    for ring in rings(geometry):
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2
    return total


def paper_text(annotations: list[dict], k: float):
    """A writer of text placed in paper coordinates of an exported picture (sizes scaled by the canvas' k)."""

    def text(x, y, s, size, color=INK, bold=False, anchor="left", yanchor="top") -> None:
        annotations.append(
            {
                "x": x,
                "y": y,
                "xref": "paper",
                "yref": "paper",
                "xanchor": anchor,
                "yanchor": yanchor,
                "text": f"<b>{s}</b>" if bold else s,
                "showarrow": False,
                "align": "left",
                "font": {"size": size * k, "color": color, "family": FONT_FAMILY},
            }
        )

    return text


def visual_len(text: str) -> int:
    """Width in half-em units: CJK characters and full-width punctuation count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def wrap(text: str, width: int) -> str:
    """Break a long line for plotly (which does not wrap) at about `width` half-em units, on '；'."""
    lines, line = [], ""
    for part in text.split("；"):
        piece = part if not line else "；" + part
        if visual_len(line) + visual_len(piece) > width and line:
            lines.append(line + "；")
            line = part
        else:
            line += piece
    lines.append(line)
    return "<br>".join(lines[:3]) + (" …" if len(lines) > 3 else "")
