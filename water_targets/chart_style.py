"""The look shared by the dashboard's charts and their exports: font, colours, markers and the base layout."""

from __future__ import annotations

import math

from .indicators import Dataset
from .qualifiers import COMPARATOR_MARKER

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"  # secondary text: 5.2:1 on white (WCAG AA)
ACCENT = "#1f6f8b"
SERIES_COLORS = ["#1f6f8b", "#d95f0e", "#6a51a3", "#238b45", "#c51b7d", "#8c6d31"]
MARKERS = COMPARATOR_MARKER
PATH_COLOR = "#52606d"  # the required path (dashed): neutral, apart from every series colour


def base_layout(title: str = "", height: int = 320) -> dict:
    return {
        # No plotly default template: everything it would set is set here, and it costs ~8 KB per figure.
        "template": "none",
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15, "color": INK}},
        "font": {"family": FONT_FAMILY, "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"l": 56, "r": 16, "t": 48 if title else 16, "b": 40},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
    }


def indicator_unit(dataset: Dataset, indicator: str, lang: str) -> str:
    return dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]


def round_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Tick values on round numbers (steps of 1, 2, 2.5 or 5 × 10ⁿ) inside [low, high], at most `most` of them."""
    if not high > low:
        return [low]
    raw = (high - low) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9)
    ticks = [round(n * step, 10) for n in range(first, math.floor(high / step + 1e-9) + 1)]
    return ticks or [low]
