"""Map classes (pure): class breaks, the named special classes and each class's look, and the legend entries."""

from __future__ import annotations

import warnings

import mapclassify
import numpy as np
import pandas as pd

from .i18n import t

MAX_CLASSES = 5
JENKS_SAMPLE = 500  # Fisher-Jenks over more values works on this many quantiles (2,870 values: 7 s, 500: 0.2 s)

# Map classes. A unit's class is a value class "class-<i>" (the i-th class colour) or one of these named special
# classes; each class's look (fill, outline colour, outline weight, outline dash) is defined here once and sent to
# the browser in the map state, so assets/map_style.js and the exports draw every class the same way.
NO_DATA, NOT_APPLICABLE, MAINTAIN, NO_BREAKDOWN, CONTEXT = (
    "no_data",
    "not_applicable",
    "maintain",
    "no_breakdown",
    "context",
)
UNIT_OUTLINE = "#ffffff"  # the outline of a value class
SPECIAL_STYLES: dict[str, dict] = {
    NO_DATA: {"fill": "#ffffff", "outline": "#aab4be", "weight": 1, "dash": None},
    NOT_APPLICABLE: {"fill": "#cfcfcf", "outline": UNIT_OUTLINE, "weight": 1, "dash": None},
    MAINTAIN: {"fill": "#fff7d6", "outline": "#b7791f", "weight": 2, "dash": "5 3"},  # 保持2020年水平: dashed amber
    NO_BREAKDOWN: {"fill": "#eef0f3", "outline": "#aab4be", "weight": 1, "dash": None},
    CONTEXT: {"fill": "#e4e7eb", "outline": UNIT_OUTLINE, "weight": 1, "dash": None},
}
SPECIAL_COLORS = {name: style["fill"] for name, style in SPECIAL_STYLES.items()}
# The background under the units: China's land and outline, the plan regions' provinces (outline only), the maritime
# boundary. The screen map gets these as its context layers' hideout (map_style.js contextStyle); the exported maps
# draw with the same colours (BORDER_LINE also frames the inset and the legend swatches).
LAND = "#f4f5f7"
SEA = "#dfe8ef"  # the water around the land (style.css .leaflet-map, the exported maps' plot background)
BACKGROUND_LINE = "#9aa5b1"
BORDER_LINE = "#8a96a3"
BACKGROUND_STYLES: dict[str, dict] = {
    "country": {"fill": LAND, "outline": BACKGROUND_LINE, "weight": 1.2, "dash": None},
    "province": {"fill": None, "outline": BACKGROUND_LINE, "weight": 0.8, "dash": None},
    "maritime": {"fill": None, "outline": BORDER_LINE, "weight": 1.2, "dash": "6 4"},
}
# Outlines drawn over a unit's class: the highlighted county-level region, the selected units, the hovered unit.
MARKS = {
    "highlight": {"outline": "#0b3c5d", "weight": 3},
    "selected": {"outline": "#111827", "weight": 3.5},
    "hover": {"outline": "#334e68", "weight": 3},
}


def value_class(i: int) -> str:
    """The name of the i-th value class ("class-0" is the lowest values)."""
    return f"class-{i}"


def class_style(state: dict, name: str) -> dict:
    """The look of a class of a map state: {fill, outline, weight, dash}."""
    return state["classes"][name]


# Names printed over a class's fill (exported maps): dark ink on light fills, white on dark ones.
LABEL_DARK, LABEL_BLACK, LABEL_LIGHT = "#1f2933", "#000000", "#ffffff"
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of '#rrggbb' (or 'rgb(r, g, b)')."""
    if color.startswith("rgb"):
        channels = [int(float(c)) for c in color[color.index("(") + 1 : color.index(")")].split(",")[:3]]
    else:
        h = color.lstrip("#")
        h = "".join(c * 2 for c in h) if len(h) == 3 else h
        channels = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def label_color(fill: str) -> str:
    """The colour of text printed on `fill`: white on dark fills, else the dark ink, or black where the ink falls
    short of 4.5:1 (mid-tones such as #d95f0e). One of white and black always reaches 4.58:1."""
    if contrast_ratio(LABEL_LIGHT, fill) >= contrast_ratio(LABEL_BLACK, fill):
        return LABEL_LIGHT
    return LABEL_DARK if contrast_ratio(LABEL_DARK, fill) >= MIN_CONTRAST else LABEL_BLACK


def unit_class(state: dict, code: str, year: str) -> str:
    """The class of a unit in a year: its cell's, else the highlighted region's "no data", else the view's default."""
    cell = state["cells"].get(year, {}).get(code)
    if cell:
        return cell["class"]
    return state["missing"]["highlight"] if code == state["highlight"] else state["missing"]["unit"]


# ColorBrewer sequential schemes (colour-blind safe). Darker always means a higher value; the hue
# tells the direction: blue-green where higher is better, orange-brown where lower is better.
PALETTES = {
    "higher_is_better": ["#edf8b1", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    "lower_is_better": ["#fff5d4", "#fec44f", "#fe9929", "#d95f0e", "#8c2d04"],
}


def classify(numbers: list[float], k: int = MAX_CLASSES) -> tuple[str, list[float]]:
    """Class breaks (upper bounds) over all values: unique values when few, Fisher-Jenks otherwise."""
    distinct = sorted(set(numbers))
    if not distinct:
        return "none", []
    if len(distinct) <= k:
        return "unique", distinct
    values = np.sort(np.asarray(numbers, dtype=float))
    if len(values) > JENKS_SAMPLE:  # Fisher-Jenks is quadratic: breaks of evenly spaced quantiles (min, max kept)
        values = values[np.linspace(0, len(values) - 1, JENKS_SAMPLE).round().astype(int)]
    with warnings.catch_warnings():  # mapclassify suggests numba; the pure-Python path is fast enough here
        warnings.simplefilter("ignore", UserWarning)
        bins = mapclassify.FisherJenks(values, k=k).bins
    return "natural_breaks", [float(b) for b in bins]


def class_of(value: float, scheme: str, bins: list[float]) -> int:
    if scheme == "unique":
        return bins.index(value)
    return int(np.searchsorted(bins, value, side="left"))


def _class_label(numeric: pd.DataFrame, scheme: str, bins: list[float], i: int) -> str:
    """The range of the values actually in class i, as printed ('0.9098 – 0.9442'), so that no value
    sits on the boundary of two labels."""
    members = numeric[numeric["number"].map(lambda v: class_of(v, scheme, bins)) == i]
    if members.empty:
        return f"≤ {bins[i]:g}"
    low = members.loc[members["number"].idxmin(), "value"]
    high = members.loc[members["number"].idxmax(), "value"]
    return low if float(low) == float(high) else f"{low} – {high}"


def legend_items(scheme, bins, colors, numeric, ind, unit, lang, rows, default_class: str, context: str = "") -> dict:
    """Legend entries (colour, label) for value classes and the special codes that occur.

    `context` names the units shown only as background (a county-level region's neighbours), if any."""
    comparators = [t(f"cmp_{c}", lang) for c in ("<=", ">=", "=") if (numeric["comparator"] == c).any()]
    baselines = sorted({int(b) for b in rows["baseline_year"].dropna()})
    items = [{"color": colors[i], "label": _class_label(numeric, scheme, bins, i)} for i in range(len(bins))]
    special = []
    if (rows["qualifier"] == "maintain_baseline").any():
        special.append(
            {
                "color": SPECIAL_COLORS[MAINTAIN],
                "label": t("maintain_baseline", lang, year=baselines[0] if baselines else 2020),
                "class": MAINTAIN,
            }
        )
    if (rows["qualifier"] == "not_applicable").any():
        special.append(
            {"color": SPECIAL_COLORS[NOT_APPLICABLE], "label": t("not_applicable", lang), "class": NOT_APPLICABLE}
        )
    if default_class == NO_BREAKDOWN:
        special.append({"color": SPECIAL_COLORS[NO_BREAKDOWN], "label": t("no_breakdown", lang), "class": NO_BREAKDOWN})
    else:  # the highlighted unit (a county-level region) in a year without a value is "no data" too
        special.append({"color": SPECIAL_COLORS[NO_DATA], "label": t("no_data", lang), "class": NO_DATA})
    if context:
        special.append({"color": SPECIAL_COLORS[CONTEXT], "label": context, "class": CONTEXT})
    name = ind["name_zh"] if lang == "zh" else ind["name_en"]
    direction = t("better_high" if ind["direction"] == "higher_is_better" else "better_low", lang)
    caption = f"{t('darker_higher', lang)} · {direction}"
    if len(baselines) > 1:
        caption += " · " + t("baseline_mixed", lang, years=", ".join(map(str, baselines)))
    elif baselines:
        caption += " · " + t("vs_baseline", lang, year=baselines[0])
    return {
        "title": f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})",
        "comparators": " · ".join(comparators),
        "caption": caption,
        "items": items,
        "special": special,
    }
