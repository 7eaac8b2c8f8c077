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
UNITS = 1000  # the size fonts are opened at: advances in 1/1000 em


@lru_cache(maxsize=8)
def font_file(bold: bool = False, family: str = FAMILY, twins: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """(path, face index) of `family` (or of a metric twin: Liberation Sans for Arial) as fontconfig finds it, or
    None where fontconfig has no such font."""
    if not shutil.which("fc-match"):
        return None
    pattern = f"{family}:bold" if bold else family
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}|%{file}|%{index}", pattern], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names, _, rest = found.partition("|")
    path, _, index = rest.partition("|")
    if not path or not ({family, *twins} & set(names.split(","))):  # fontconfig's fallback: do not measure with it
        return None
    return path, int(index or 0)


@lru_cache(maxsize=8)
def font(bold: bool = False, family: str = FAMILY, twins: tuple[str, ...] = ()) -> ImageFont.FreeTypeFont | None:
    """The font opened at UNITS px (advances in 1/UNITS em), or None where it is not installed."""
    found = font_file(bold, family, twins)
    if found is None:
        return None
    try:
        return ImageFont.truetype(found[0], UNITS, index=found[1])
    except OSError:
        return None


def measured() -> bool:
    """Whether widths are measured (the export font is installed) rather than estimated."""
    return font() is not None


@lru_cache(maxsize=8192)
def char_em(ch: str, bold: bool = False) -> float | None:
    """A character's advance in ems, measured; None without the font."""
    opened = font(bold)
    return None if opened is None else opened.getlength(ch) / UNITS


def text_em(text: str, estimate: Callable[[str], float], bold: bool = False) -> float:
    """The width of one line of `text` in ems: measured, or `estimate(ch)` per character without the font."""
    total = 0.0
    for ch in text:
        em = char_em(ch, bold)
        total += estimate(ch) if em is None else em
    return total
