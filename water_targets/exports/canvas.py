"""The exported picture's canvas and geometry: type sizes, Web Mercator paths of GeoJSON rings, bounds and areas,
estimated text widths, measured ones for map labels (whose boxes must fit their units), and line wrapping and
shrink-to-fit for plotly (which does neither)."""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from . import font_metrics

# Type sizes in px on the 1080-px-high reference picture. A 1920x1080 picture placed full-slide in the 13.333x7.5 in
# deck has 144 px per inch, so 1 pt = 2 px: body text needs 18 pt = 36 px and sources 12 pt = 24 px to be read on a
# projector. Pictures of another height scale every size by Canvas.k (height / 1080).
TITLE_PX = 44  # titles start here and shrink to fit, down to TITLE_MIN_PX, before they wrap
TITLE_MIN_PX = 36  # 18 pt
BODY_PX = 36  # 18 pt: subtitles, legend titles and entries, axis titles and ticks, point labels, chart legends
HEADLINE_PX = 48  # the region's own target or status beside the map
NOTE_PX = 24  # 12 pt: sources, captions, notes, the date and footer lines
# County names on the map: 14 pt, not 18. At 36 px the names of a dense region's small counties (赤峰市's 红山区,
# 元宝山区 and 松山区 share ~150 px of the picture) cover each other and the fills they name; at 28 px they fit
# inside the larger counties and the rest are called out beside the map with a leader line.
COUNTY_LABEL_PX = 28
LINE_HEIGHT = 1.3  # line pitch as a multiple of the font size (plotly's own for <br> lines)


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


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


@dataclass(frozen=True)
class GlyphEms:
    """A font's advance widths in em by kind of character, to estimate how wide a text is drawn."""

    space: float
    upper: float  # capitals and the wide letters and signs m w % & @
    digit: float
    lower: float
    narrow: float  # . , : ; ' | ! ( ) [ ]
    other: float

    def em(self, ch: str, wide: bool) -> float:
        """The advance of `ch`; a `wide` character (CJK, full-width) takes a whole em."""
        if wide:
            return 1.0
        if ch == " ":
            return self.space
        if ch.isupper() or ch in "mwMW%&@":
            return self.upper
        if ch.isdigit():
            return self.digit
        if ch.islower():
            return self.lower
        if ch in ".,:;'|!il()[]":
            return self.narrow
        return self.other


# Noto Sans CJK as plotly draws it, generously: an estimate errs on wrapping.
PICTURE_EMS = GlyphEms(space=0.26, upper=0.66, digit=0.57, lower=0.53, narrow=0.3, other=0.62)


def char_em(ch: str) -> float:
    """A generous estimate of a character's advance in em (Noto Sans CJK): wide characters 1, Latin by shape."""
    return PICTURE_EMS.em(ch, _is_wide(ch))


def text_px(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of one line of text at `size` px."""
    return sum(char_em(ch) for ch in text) * size * (1.06 if bold else 1.0)


_MEASURE_PX = font_metrics.UNITS  # the size label fonts are opened at; widths scale linearly from it


def _label_font(bold: bool) -> ImageFont.FreeTypeFont | None:
    return font_metrics.font(bold)


@lru_cache(maxsize=4096)
def measured_px(text: str, size: float, bold: bool = False) -> float:
    """How wide one line of text is drawn at `size` px: the whole line's advance in the font a browser draws it
    in (shaped, kerned, as Chromium lays it out), not a sum of per-character estimates; text_px where the font is
    missing. A map label must fit its unit, so its width is measured, never guessed."""
    font = _label_font(bold)
    if font is None:
        return text_px(text, size, bold)
    return font.getlength(text) * size / _MEASURE_PX


def font_height_px(size: float, bold: bool = False) -> float:
    """The height of one line of text as a browser boxes it (the font's ascent plus descent) at `size` px."""
    font = _label_font(bold)
    if font is None:
        return size * 1.45  # Noto Sans CJK's ascent + descent
    ascent, descent = font.getmetrics()
    return (ascent + descent) * size / _MEASURE_PX


def visual_len(text: str) -> int:
    """Width in half-em units: CJK characters and full-width punctuation count twice."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _tokens(text: str) -> list[str]:
    """Pieces a line may break after: a wide character (with the closing punctuation that follows it), or a
    word with its trailing space."""
    out: list[str] = []
    word = ""
    for ch in text:
        if _is_wide(ch) and ch not in "）】」』〕》、，。；：！？":
            if word:  # a number keeps the character after it: '2024年', '11号'
                out.append(word + ch)
                word = ""
            else:
                out.append(ch)
        elif _is_wide(ch):  # closing punctuation never starts a line
            if word:
                out.append(word)
                word = ""
            if out:
                out[-1] += ch
            else:
                out.append(ch)
        else:
            word += ch
            if ch == " ":
                out.append(word)
                word = ""
    if word:
        out.append(word)
    return out


def wrap_lines(text: str, size: float, max_px: float, bold: bool = False) -> list[str]:
    """Break text into lines no wider than `max_px` at `size` px: Chinese text at spaces and between wide characters,
    English text (more Latin letters than wide characters) at spaces only, so that a cited document number such as
    '赤政发〔2025〕11号' stays whole. A word wider than a line is cut between characters; nothing is dropped."""
    english = sum(ch.isascii() and ch.isalpha() for ch in text) > sum(_is_wide(ch) for ch in text)
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        tokens = [w + " " for w in para.split(" ")] if english else _tokens(para)
        for token in tokens:
            if line and text_px((line + token).rstrip(), size, bold) > max_px:
                lines.append(line.rstrip())
                line = ""
            while text_px(token.rstrip(), size, bold) > max_px and len(token) > 1:
                cut = len(token) - 1
                while cut > 1 and text_px(token[:cut], size, bold) > max_px:
                    cut -= 1
                lines.append(token[:cut])
                token = token[cut:]
            line += token
        lines.append(line.rstrip())
    return lines


def fit_text(
    text: str, max_size: float, min_size: float, max_px: float, max_lines: int = 1, bold: bool = False
) -> tuple[list[str], float]:
    """The fewest lines (up to `max_lines`) the text fits in at a size from `max_size` down to `min_size`, the
    largest size for that count; if it fits in none, the lines at `min_size` (more of them: text is never cut)."""
    step = max(1.0, max_size / 40)
    for count in range(1, max_lines + 1):
        size = max_size
        while True:
            lines = wrap_lines(text, size, max_px, bold)
            if len(lines) <= count:
                return lines, size
            if size <= min_size:
                break
            size = max(min_size, size - step)
    return wrap_lines(text, min_size, max_px, bold), min_size


def block_height(lines: int, size: float) -> float:
    return lines * size * LINE_HEIGHT


def list_separator(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def labelled(label: str, text: str, lang: str) -> str:
    """'来源：…' in Chinese, 'Source: …' in English."""
    return f"{label}：{text}" if lang == "zh" else f"{label}: {text}"
