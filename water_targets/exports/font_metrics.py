"""Text widths measured with the font the exports are drawn in (Noto Sans CJK SC, as fontconfig finds it),
read with FreeType through Pillow; where the font is missing, the estimate the caller passes is used instead.

Every measure is in ems (advance width / font size), per character, cached: kerning is ignored, which errs on
the wide side for Latin text, as a layout wants."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from functools import lru_cache

from PIL import ImageFont

FAMILY = "Noto Sans CJK SC"
_UNITS = 1000  # the size the font is opened at: advances in 1/1000 em


@lru_cache(maxsize=2)
def font_file(bold: bool = False) -> tuple[str, int] | None:
    """(path, face index) of the export font in a TrueType collection, or None where fontconfig has no such font."""
    if not shutil.which("fc-match"):
        return None
    pattern = f"{FAMILY}:bold" if bold else FAMILY
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}|%{index}", pattern], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    family, _, rest = found.partition("|")
    path, _, index = rest.partition("|")
    if FAMILY not in family or not path:  # fontconfig's fallback is some other font: do not measure with it
        return None
    return path, int(index or 0)


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont | None:
    found = font_file(bold)
    if found is None:
        return None
    try:
        return ImageFont.truetype(found[0], _UNITS, index=found[1])
    except OSError:
        return None


def measured() -> bool:
    """Whether widths are measured (the export font is installed) rather than estimated."""
    return _font(False) is not None


@lru_cache(maxsize=8192)
def char_em(ch: str, bold: bool = False) -> float | None:
    """A character's advance in ems, measured; None without the font."""
    font = _font(bold)
    return None if font is None else font.getlength(ch) / _UNITS


def text_em(text: str, estimate: Callable[[str], float], bold: bool = False) -> float:
    """The width of one line of `text` in ems: measured, or `estimate(ch)` per character without the font."""
    total = 0.0
    for ch in text:
        em = char_em(ch, bold)
        total += estimate(ch) if em is None else em
    return total
