"""Checks of a PPTX deck read back with python-pptx, shared by test_deck.py and test_deck_sweep.py: title
placeholders, shapes inside the slide and apart, minimum font sizes, English without full-width punctuation."""

from __future__ import annotations

import re

from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

from water_targets.exports.pptx_text import BODY_PT, SOURCE_PT, TABLE_PT
from water_targets.i18n import t

# Full-width punctuation an English reader should not meet (outside the documents' own titles and numbers).
FULL_WIDTH = set("，。：；（）【】、“”‘’！？《》〔〕「」　")


def title_of(slide) -> str:
    title = slide.shapes.title
    assert title is not None and title.is_placeholder, "every slide has a title placeholder"
    assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    return title.text_frame.text


def assert_titles(deck) -> None:
    """Every slide has a title placeholder with text."""
    for n, slide in enumerate(deck.slides, 1):
        assert title_of(slide).strip(), f"slide {n} has an empty title"


def assert_nothing_overlaps_or_leaves_the_slide(deck) -> None:
    width, height = deck.slide_width, deck.slide_height
    for n, slide in enumerate(deck.slides, 1):
        if any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes):
            continue  # the title placeholder sits behind the full-slide picture on purpose
        boxes = []
        for shape in slide.shapes:
            bottom = shape.top + (sum(r.height for r in shape.table.rows) if shape.has_table else shape.height)
            right = shape.left + shape.width
            assert shape.left >= 0 and shape.top >= 0 and right <= width and bottom <= height, (n, shape.name)
            boxes.append((shape.name, shape.left, shape.top, right, bottom))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap = min(a[3], b[3]) > max(a[1], b[1]) and min(a[4], b[4]) > max(a[2], b[2])
                assert not overlap, f"slide {n}: {a[0]} overlaps {b[0]}"


def assert_font_sizes_meet_the_minimums(deck, lang: str) -> None:
    """Table cells TABLE_PT, source lines and the Sources slide SOURCE_PT, other text BODY_PT at least."""
    version_mark = t("data_version", lang, rev=0, date="").split("0")[0]
    for slide in deck.slides:
        title = slide.shapes.title
        sources_slide = title_of(slide).startswith(t("sources_title", lang))
        for shape in slide.shapes:
            if shape.has_table:
                cells = [c for row in shape.table.rows for c in row.cells]
                runs = [r for c in cells for p in c.text_frame.paragraphs for r in p.runs]
                floor = TABLE_PT
            elif shape.has_text_frame:
                runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
                text = shape.text_frame.text
                is_source = text.startswith((t("source", lang), t("exported", lang))) or version_mark in text
                floor = SOURCE_PT if is_source or sources_slide else BODY_PT
                if shape == title:
                    floor = BODY_PT
            else:
                continue
            for run in runs:
                if run.text.strip():
                    assert run.font.size is not None, f"{run.text!r} has no size of its own"
                    assert run.font.size.pt >= floor, f"{run.text!r}: {run.font.size.pt} pt < {floor} pt"


def allowed_citations(data) -> list[str]:
    """What may keep Chinese punctuation in an English deck: document titles and numbers, as printed. (Sections keep
    their words but are cited with ASCII punctuation.)"""
    parts = []
    for _, doc in data.documents.iterrows():
        parts += [f"《{doc['title']}》", doc["title"], doc["number"]]
    for sections in data.values["section"]:  # the Sources slide quotes each section as printed after its English
        parts += [f"({s})" for s in sections.split("；")]
    parts.append("(测试数据)")  # the test bulletin's 表1（测试数据）: its aside has no English in section_titles
    return sorted({p for p in parts if p}, key=len, reverse=True)


def assert_no_full_width_punctuation(deck, cited: list[str]) -> None:
    """No full-width punctuation in an English deck's texts, tables and alt texts once `cited` is taken out."""
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                texts.append(shape._element.nvPicPr.cNvPr.get("descr", ""))
    for text in texts:
        for part in cited:
            text = text.replace(part, "")
        assert not FULL_WIDTH & set(text), f"full-width punctuation in {text!r}"
        # and no Chinese: English throughout but for the documents' titles and numbers and the quoted sections
        assert not re.search(r"[\u4e00-\u9fff]", text), f"Chinese in an English deck: {text!r}"
