"""Text of an exported picture (the map, the progress map, the charts): a Sheet of paper annotations laid out in
pixels, the title block, the footnotes (sources, date, footer, map review line) and the sources behind the values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..chart_style import FONT_FAMILY, INK, MUTED
from ..i18n import t
from ..indicators import Dataset
from ..model import citations
from ..text_only import plotly_text
from .canvas import (
    BODY_PX,
    NOTE_PX,
    TITLE_MIN_PX,
    TITLE_PX,
    Canvas,
    block_height,
    fit_text,
    labelled,
    list_separator,
    wrap_lines,
)

MAX_SOURCE_LINES = 6  # more are cut with " …" (the deck's Sources slide lists them all)


def sources_for(dataset: Dataset, rows, lang: str = "zh") -> list[str]:
    """'赤政发〔2025〕11号 附件 …' for each distinct document and section behind the shown values (in English the
    document's English name first, model.citation)."""
    seen: dict[str, None] = {}
    for _, row in rows.iterrows():
        doc = dataset.documents.loc[row["doc"]]
        title_en = doc.get("title_en", "") if lang == "en" else ""
        title_en = title_en if isinstance(title_en, str) else ""  # a missing English name reads as NaN
        found = citations(doc["number"], doc["title"], row["section"], lang, title_en)
        seen |= dict.fromkeys(found)
    return list(seen)


def source_text(sources: list[str], lang: str) -> str:
    """'来源：a；b' / 'Source: a; b', or the words for no data."""
    if not sources:
        return t("no_data", lang)
    return labelled(t("source", lang), list_separator(lang).join(sources), lang)


@dataclass(frozen=True)
class Imprint:
    """What an export prints besides its view: the data version (the footer), the export date (today when None)
    and EXPORT_FOOTER's map review number (审图号) of the maps."""

    version: str = ""
    today: date | None = None
    map_review: str | None = None

    def exported(self, lang: str) -> str:
        """'导出于 2026-01-01': the export date."""
        return f"{t('exported', lang)} {(self.today or date.today()).isoformat()}"


NO_IMPRINT = Imprint()


def paper_text(text: str, x: float, y: float, size: float, color: str, anchor: str = "left", name: str = "") -> dict:
    """An annotation of `text` whose top (and `anchor` side) is at (x, y) in paper coordinates."""
    return {
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": anchor,
        "yanchor": "top",
        "text": text,
        "showarrow": False,
        "align": anchor,
        "font": {"size": size, "color": color, "family": FONT_FAMILY},
        **({"name": name} if name else {}),
    }


@dataclass
class Sheet:
    """Text laid out in pixels from the top-left corner of a canvas, written as paper-coordinate annotations."""

    canvas: Canvas
    annotations: list[dict] = field(default_factory=list)

    def lines(
        self,
        x: float,
        top: float,
        lines: list[str],
        size: float,
        color: str = INK,
        bold: bool = False,
        anchor: str = "left",
        name: str = "",
    ) -> float:
        """Write `lines` (size in px, already scaled) with their top at `top` px; returns the block's bottom.
        The lines are text (names, titles, sources), never markup: plotly_text."""
        if not lines:
            return top
        text = "<br>".join(f"<b>{plotly_text(line)}</b>" if bold else plotly_text(line) for line in lines)
        self.annotations.append(
            paper_text(text, x / self.canvas.width, 1 - top / self.canvas.height, size, color, anchor, name)
        )
        return top + block_height(len(lines), size)


def fit_title(title: str, k: float, width: float) -> tuple[list[str], float]:
    """A picture's title lines and size: TITLE_PX (× k) shrunk to fit `width` down to TITLE_MIN_PX, then wrapped
    onto two lines at most."""
    return fit_text(title, TITLE_PX * k, TITLE_MIN_PX * k, width, 2, bold=True)


def heading(sheet: Sheet, title: str, subtitle: str) -> float:
    """The title (shrunk to fit, then wrapped onto two lines at most) and a subtitle; returns their bottom in px."""
    canvas, k = sheet.canvas, sheet.canvas.k
    width = 0.96 * canvas.width
    lines, size = fit_title(title, k, width)
    y = sheet.lines(0.02 * canvas.width, 22 * k, lines, size, INK, bold=True, name="title") + 4 * k
    if subtitle:
        y = sheet.lines(0.02 * canvas.width, y, wrap_lines(subtitle, BODY_PX * k, width), BODY_PX * k, MUTED)
    return y + 14 * k


DEMO_BADGE_SHARE = 0.26  # the width `make demo`'s boxed label takes in the bottom-right corner (web/export_api.py)


def footer_width(width: float, footer: str) -> float:
    """The width footnotes may take: less the demo label's corner when the footer says the figures are invented."""
    demo = any(t("demo_marker", lang) in footer for lang in ("zh", "en"))
    return width - DEMO_BADGE_SHARE * width / 0.96 if demo else width


def footnotes(sheet: Sheet, source: str, stamp: str, footer: str, review: str = "") -> float:
    """Sources, then the date, boundaries and footer (data version, EXPORT_FOOTER), then the map review line, at
    the bottom of the picture; returns the top of the block in px."""
    canvas, k = sheet.canvas, sheet.canvas.k
    width, size = footer_width(0.96 * canvas.width, footer), NOTE_PX * k
    sources = at_most(wrap_lines(source, size, width))
    lines = [*sources, *wrap_lines(" · ".join(p for p in (stamp, footer) if p), size, width)]
    if review:
        lines += wrap_lines(review, size, width)
    top = canvas.height - 16 * k - block_height(len(lines), size)
    sheet.lines(0.02 * canvas.width, top, lines, size, MUTED, name="notes")
    return top - 14 * k


def at_most(lines: list[str], most: int = MAX_SOURCE_LINES) -> list[str]:
    """The first `most` lines, the last of them ending in " …" when some are cut."""
    return [*lines[: most - 1], lines[most - 1] + " …"] if len(lines) > most else lines


def to_paper_y(canvas: Canvas, px: float) -> float:
    return 1 - px / canvas.height
