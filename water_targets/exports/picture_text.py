"""Text of an exported picture (the map, the progress map, the charts): a Sheet of paper annotations laid out in
pixels, the title block, the footnotes (sources, date, footer, map review line) and the sources behind the values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..chart_style import FONT_FAMILY, INK, MUTED
from ..i18n import t
from ..indicators import Dataset
from ..model import citation
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
    text_px,
    wrap_lines,
)

MAX_SOURCE_LINES = 6  # beyond this a picture names its documents without their sections (the deck lists them all)


def sources_for(dataset: Dataset, rows, lang: str = "zh") -> list[str]:
    """'赤政发〔2025〕11号 一、工作目标；附件 …': each distinct document behind the shown values once, with the
    sections cited of it (in English the document's English name first, model.citation)."""
    sections: dict[str, dict[str, None]] = {}
    for _, row in rows.iterrows():
        sections.setdefault(row["doc"], {}).update(dict.fromkeys(str(row["section"]).split("；")))
    out = []
    for doc_id, cited in sections.items():
        doc = dataset.documents.loc[doc_id]
        title_en = doc.get("title_en", "") if lang == "en" else ""
        title_en = title_en if isinstance(title_en, str) else ""  # a missing English name reads as NaN
        out.append(citation(doc["number"], doc["title"], "；".join(s for s in cited if s), lang, title_en))
    return out


def split_citation(label: str, lang: str = "zh") -> tuple[str, str, list[str]]:
    """A citation as model.citation prints it → (document, separator, sections): '赤政发〔2025〕11号 一、工作目标；
    附件 …' → ('赤政发〔2025〕11号', ' ', ['一、工作目标', '附件 …']); in English 'Name (number), Part 1 …; Annex …'."""
    first, *rest = re.split("；|; ", label)  # sections: '；' in Chinese, '; ' in English
    if lang == "en":
        cut = first.find("), ")
        ref, sep, section = (first[: cut + 1], ", ", first[cut + 3 :]) if cut >= 0 else first.partition(", ")
    else:
        ref, sep, section = first.partition(" ")
    return (ref, sep, [section, *rest]) if section else (first, "", [])


def merged_sources(labels: list[str], lang: str) -> list[str]:
    """Citations of one document merged into one, its sections in order: a picture names each document once."""
    docs: dict[str, tuple[str, dict[str, None]]] = {}
    for label in labels:
        ref, sep, sections = split_citation(label, lang)
        docs.setdefault(ref, (sep, {}))[1].update(dict.fromkeys(sections))
    joiner = list_separator(lang)
    return [f"{ref}{sep}{joiner.join(sections)}" if sections else ref for ref, (sep, sections) in docs.items()]


def documents_only(labels: list[str], lang: str) -> list[str]:
    """The documents of citations, without their sections."""
    return list(dict.fromkeys(split_citation(label, lang)[0] for label in labels))


def document_numbers(labels: list[str], lang: str) -> list[str]:
    """The documents of citations by their number as printed (赤政发〔2025〕11号), or their 《title》 without one:
    in English the part in the last parentheses of 'Name (number)'."""
    out = []
    for ref in documents_only(labels, lang):
        found = re.search(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)$", ref) if lang == "en" else None
        out.append(found.group(1) if found else ref)
    return list(dict.fromkeys(out))


def source_text(sources: list[str], lang: str) -> str:
    """'来源：a；b' / 'Source: a; b', or the words for no data."""
    if not sources:
        return t("no_data", lang)
    return labelled(t("source", lang), list_separator(lang).join(sources), lang)


def source_lines(sources: list[str], lang: str, size: float, width: float, tail: str = "") -> list[str]:
    """The source line (and `tail`, the data version) wrapped: each document once with its sections, or, where
    that takes more than MAX_SOURCE_LINES lines, the documents alone, or else their numbers; never cut."""
    def wrapped(found: list[str]) -> list[str]:
        lines = wrap_lines(source_text(found, lang), size, width) if found else []
        if not tail:
            return lines
        if lines and text_px(f"{lines[-1]} · {tail}", size) <= width:  # the version after the sources, whole
            return [*lines[:-1], f"{lines[-1]} · {tail}"]
        return [*lines, *wrap_lines(tail, size, width)]

    for form in (merged_sources, documents_only):
        lines = wrapped(form(sources, lang))
        if len(lines) <= MAX_SOURCE_LINES:
            return lines
    return wrapped(document_numbers(sources, lang))


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


def footnotes(sheet: Sheet, sources: list[str], lang: str, stamp: str, footer: str, review: str = "") -> float:
    """Sources (source_lines), then the date, boundaries and footer (data version, EXPORT_FOOTER), then the map
    review line, at the bottom of the picture; returns the top of the block in px."""
    canvas, k = sheet.canvas, sheet.canvas.k
    width, size = footer_width(0.96 * canvas.width, footer), NOTE_PX * k
    stamped = wrap_lines(" · ".join(p for p in (stamp, footer) if p), size, width)
    lines = [*source_lines(sources, lang, size, width), *stamped]
    if review:
        lines += wrap_lines(review, size, width)
    top = canvas.height - 16 * k - block_height(len(lines), size)
    sheet.lines(0.02 * canvas.width, top, lines, size, MUTED, name="notes")
    return top - 14 * k


def to_paper_y(canvas: Canvas, px: float) -> float:
    return 1 - px / canvas.height
