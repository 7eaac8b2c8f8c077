"""The PPTX deck (pure): title, the rendered pictures, the progress table slides, the value tables and the
sources; the table slides are built in deck_tables, the python-pptx helpers live in pptx_text.

Every slide has a real title placeholder (what an outline, a slide sorter or a screen reader lists); on a
picture slide the picture draws the visible title and the placeholder sits behind it, the technique Microsoft
recommends for slides whose title is part of a picture. Text is sized here, not by the viewer: each text is
measured (columns.line_count), titles shrink down to a minimum and wrap, table rows are as tall as their
wrapped cells and tables continue on the next slide, so nothing overflows in PowerPoint or LibreOffice.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from pptx import Presentation

from ..chart_style import INK, MUTED
from ..choropleth import view_for
from ..geo import GeoData
from ..i18n import t
from ..indicators import Dataset
from ..model import comparator_prefix, document_name, unit_suffix, value_words, with_unit
from ..progress_table import counts_words, progress_table_rows
from ..queries import value_rows
from ..regions import OVERVIEW, place_name, subtitle
from ..sections import section_quoted
from ..view_state import View
from .charts import chart_heading, ranking_title
from .deck_tables import context_slide, foot, foot_top, table, value_table_pages
from .maps import map_title
from .picture_text import NO_IMPRINT, Imprint
from .pptx_text import (
    COVER_TITLE_SIZES,
    INSET_Y,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    SOURCES_SIZES,
    STAMP_PT,
    SUBTITLE_PT,
    WIDTH,
    box,
    fitting_size,
    lines_in,
    mark_language,
    place_shape,
    set_alt_text,
    set_title,
    text_height,
    title_bottom,
    widen_template,
    write,
)
from .progress_map import progress_view
from .sheets import data_records

# ---------------------------------------------------------------- the deck


def deck(
    dataset: Dataset,
    geo: GeoData,
    view: View,
    images: dict[str, bytes],
    imprint: Imprint = NO_IMPRINT,
    progress: Callable | None = None,
    context: list[dict] | None = None,
) -> bytes:
    """A 16:9 deck: title, map, drill-down chart, ranking, progress map and table, the unit against the levels
    above it, value tables, sources.

    `images` holds PNGs rendered at 1920x1080 ('map', 'chart', 'ranking', 'progress_map'; missing ones are
    skipped), placed full-slide at their native resolution with alt text describing them; tables and sources
    are real text. The value tables show the chosen year first, then the other years in groups of whole years
    that fit a slide. `progress(prs, layout)` adds the progress table slides (progress_slides below). `context`
    (water_targets.context.strip: the drill-down's county or the view's region, from the country down) adds one
    slide of it as a table when a level above the unit has data (deck_tables.context_slide).
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    widen_template(prs)
    cover, title_only = prs.slide_layouts[0], prs.slide_layouts[5]
    lang = view.lang
    heading = view.title(dataset, geo, view.year)

    slide = prs.slides.add_slide(cover)
    size, lines = fitting_size(heading, WIDTH, COVER_TITLE_SIZES, 3)
    top = 1.5
    set_title(slide, heading, MARGIN, top, WIDTH, size, lines)
    top += text_height(lines, size) + 2 * INSET_Y + 0.3
    sub = deck_subtitle(dataset, geo, view)
    sub_box = slide.placeholders[1]
    place_shape(sub_box, MARGIN, top, WIDTH, text_height(lines_in(sub, WIDTH, SUBTITLE_PT), SUBTITLE_PT) + 2 * INSET_Y)
    write(sub_box.text_frame, sub, SUBTITLE_PT, color=MUTED)
    stamp = " · ".join(p for p in (imprint.exported(lang), imprint.version) if p)
    box(slide, stamp, MARGIN, 6.5, WIDTH, 0.6, STAMP_PT, color=MUTED)

    for key in ("map", "chart", "ranking", "progress_map"):
        if key in images:
            slide = prs.slides.add_slide(title_only)
            set_title(slide, picture_title(dataset, geo, view, key), MARGIN, 0.15, WIDTH)
            pic = slide.shapes.add_picture(io.BytesIO(images[key]), 0, 0, width=SLIDE_W, height=SLIDE_H)
            set_alt_text(pic, picture_alt(dataset, geo, view, key))
    if progress is not None:
        progress(prs, title_only)
    if context is not None and len(context) > 1:
        context_slide(prs, title_only, context, context_title(dataset, geo, view, context), lang, imprint.version)

    records = data_records(dataset, geo, view.region, view.indicator, None)
    for page in value_table_pages(records, geo, view.year, view.title(dataset, geo), lang, imprint.version):
        slide = prs.slides.add_slide(title_only)
        bottom = set_title(slide, page.title, MARGIN, 0.2, WIDTH)
        table(slide, page.table, MARGIN, bottom + 0.1)
        foot(slide, page.foot)

    for n, (lines, size) in enumerate(pages := sources_pages(dataset, geo, view, imprint.version), 1):
        slide = prs.slides.add_slide(title_only)
        suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
        title = f"{t('sources_title', lang)} · {view.title(dataset, geo)}{suffix}"
        bottom = set_title(slide, title, MARGIN, 0.2, WIDTH)
        height = foot_top(imprint.version) - bottom - 0.1
        box(slide, "\n".join(lines), MARGIN, bottom + 0.1, WIDTH, height, size, color=INK)
        foot(slide, imprint.version)  # the data version, and in demo mode the demo marker, on every text slide
    mark_language(prs, lang)
    prs.core_properties.title = heading
    prs.core_properties.subject = sub
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def context_title(dataset: Dataset, geo: GeoData, view: View, context: list[dict]) -> str:
    """'赤峰市 · 用水总量 · 与上级目标对比', '赤峰市 · 用水总量 · 翁牛特旗与上级目标对比' (a county of the view)."""
    unit, lang = context[-1], view.lang
    return view.title(dataset, geo, t("ctx_slide", lang) if unit["adcode"] == view.region else
                      t("ctx_strip_label", lang, unit=unit["name"]))  # fmt: skip


def deck_subtitle(dataset: Dataset, geo: GeoData, view: View) -> str:
    """The places the deck covers: the overview names every plan region, a region only itself."""
    if view.region == OVERVIEW:
        return subtitle(dataset, geo, view.lang)
    return t("deck_subtitle", view.lang, place=geo.regions[view.region].name(view.lang))


def picture_title(dataset: Dataset, geo: GeoData, view: View, key: str) -> str:
    """The title a picture draws, for its slide's title placeholder (what an outline or a screen reader lists):
    the same functions the pictures use, so the two never differ."""
    if key == "chart":
        return chart_heading(dataset, geo, view)
    if key == "ranking":
        return ranking_title(dataset, geo, view)
    if key == "progress_map":
        return view.title(dataset, geo, t("progress_map_title", view.lang, year=_progress_year(dataset, geo, view)))
    return map_title(dataset, geo, view)


def _progress_year(dataset: Dataset, geo: GeoData, view: View) -> int:
    """The assessment year of the deck's progress map and table (progress_view: one year for both slides)."""
    year = progress_view(dataset, geo, view).year
    return year if year is not None else date.today().year


def picture_alt(dataset: Dataset, geo: GeoData, view: View, key: str) -> str:
    """Alt text of a picture in words a listener can follow: what kind of picture, of which place, indicator
    and year, and what it shows (how many units, the range, the highest and lowest, the status counts)."""
    region, indicator, year, lang = view.region, view.indicator, view.year, view.lang
    place = place_name(dataset, geo, region, lang)
    name = view.indicator_name(dataset)
    unit = dataset.indicators.loc[indicator, "unit_en" if lang == "en" else "unit_zh"]
    mapped = view_for(dataset, geo, region)
    if key == "chart":
        rows = value_rows(dataset, indicator, [region])
        years = sorted(set(rows["year"]))
        what = t("time_chart_actuals" if (rows["kind"] == "actual").any() else "time_chart", lang)
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        return t("alt_chart", lang, place=place, indicator=name, what=what, years=span)
    if key == "progress_map":
        rows = progress_table_rows(dataset, geo, region, lang, indicators=[indicator])
        as_of = _progress_year(dataset, geo, view)
        counts = counts_words(rows, lang, region)
        return t("alt_progress_map", lang, place=place, indicator=name, year=as_of, counts=counts)
    units = mapped.units if key == "ranking" else mapped.codes
    rows = value_rows(dataset, indicator, units, year=year, kind="target")
    numbers = rows.dropna(subset=["number"]).sort_values("number", kind="stable")
    if key == "ranking" and len(numbers):
        top, low = numbers.iloc[-1], numbers.iloc[0]
        return t(
            "alt_ranking",
            lang,
            place=place,
            indicator=name,
            year=year,
            n=len(numbers),
            top=geo.regions[top["region"]].name(lang),
            top_value=with_unit(value_words(top, lang), unit, lang),
            low=geo.regions[low["region"]].name(lang),
            low_value=with_unit(value_words(low, lang), unit, lang),
        )
    spread = ""
    if len(numbers) > 1:
        lo, hi = value_words(numbers.iloc[0], lang), value_words(numbers.iloc[-1], lang)
        spread = t("alt_range", lang, lo=lo, hi=hi, unit=unit_suffix(unit, lang).strip())
    elif len(numbers) == 1:
        first = numbers.iloc[0]
        value = with_unit(comparator_prefix(first["comparator"]) + value_words(first, lang), unit, lang)
        spread = t("alt_one_value", lang, value=value)
    return t("alt_map", lang, place=place, indicator=name, year=year, n=rows["region"].nunique(), spread=spread)


# ---------------------------------------------------------------- sources


def sources_pages(dataset: Dataset, geo: GeoData, view: View, version: str = "") -> list[tuple[list[str], int]]:
    """The Sources slide(s): each document behind the shown values by name (English name with the Chinese
    title and number in English) and the sections cited, then the boundaries' credit; (lines, size) per slide,
    at the largest size that fits one slide, else continued on the next at the smallest."""
    lang = view.lang
    shown = value_rows(dataset, view.indicator, view_for(dataset, geo, view.region).codes)
    sections: dict[str, dict[str, None]] = {}
    for _, row in shown.iterrows():
        sections.setdefault(row["doc"], {}).update(dict.fromkeys(row["section"].split("；")))
    lines = []
    for doc_id, cited in sections.items():
        doc = dataset.documents.loc[doc_id].to_dict()
        lines.append(f"• {document_name(doc, lang)}")
        if lang == "zh":
            lines.append(f"    {t('section', lang)}：" + "；".join(cited))
        else:
            lines.append(f"    {t('sections_cited', lang)}: " + "; ".join(section_quoted(c, lang) for c in cited))
    lines.append(t("boundaries_credit", lang))
    top = title_bottom(f"{t('sources_title', lang)} (9/9)") + 0.1
    space = foot_top(version) - top - 2 * INSET_Y
    for size in SOURCES_SIZES:
        if text_height(sum(lines_in(x, WIDTH, size) for x in lines), size) <= space:
            return [(lines, size)]
    size = SOURCES_SIZES[-1]
    pages: list[list[str]] = [[]]
    used = 0.0
    for line in lines:
        h = text_height(lines_in(line, WIDTH, size), size)
        if pages[-1] and used + h > space:
            pages.append([])
            used = 0.0
        pages[-1].append(line)
        used += h
    return [(page, size) for page in pages]
