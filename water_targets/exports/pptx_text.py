"""python-pptx helpers of the deck: the slide's geometry and minimum type sizes, text measured and fitted
(columns.line_count), titles, text boxes and table cells in the CJK font, language tags and alt texts."""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..chart_style import INK
from .columns import line_count

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, 16:9
INCH = 914400
FONT = "Noto Sans CJK SC"

# Minimum sizes on the 13.333 x 7.5 in slide (a 1920 x 1080 projection: 1 pt = 2 px), issue 12.
BODY_PT = 18  # body text: the subtitle, the counts above a table, the lines of the Sources slide
TABLE_PT = 14  # every table cell, header and source column included
SOURCE_PT = 12  # source and data-version lines under a table, the title slide's export stamp
# Sizes used, largest first: a text takes the largest size at which it fits its lines, else the last one.
COVER_TITLE_SIZES = (40, 36, 32, 28, 24)  # the title slide: at most three lines
TITLE_SIZES = (28, 26, 24, 22, 20)  # other slides: at most two lines
SOURCES_SIZES = (18, 16, 14, SOURCE_PT)  # the Sources slide's lines
SUBTITLE_PT = 22  # the title slide's subtitle
STAMP_PT = 14  # the title slide's export date and data version
assert min((*COVER_TITLE_SIZES, *TITLE_SIZES, SUBTITLE_PT)) >= BODY_PT and min((*SOURCES_SIZES, STAMP_PT)) >= SOURCE_PT

MARGIN = 0.45  # inches, left and right
WIDTH = 13.333 - 2 * MARGIN
BOTTOM = 7.2  # inches: no table or body text below
FOOT_BOTTOM = 7.4  # the bottom of a source line under a table
LINE_EM = 1.45  # line height of Noto Sans CJK (ascent + descent) in ems
INSET_X, INSET_Y = 0.1, 0.05  # text frame insets, inches
CELL_X, CELL_Y = 0.08, 0.03  # table cell margins, inches


def text_height(lines: int, size: float) -> float:
    """Inches `lines` lines of `size` pt take, without insets."""
    return lines * size * LINE_EM / 72


def lines_in(text: str, width: float, size: float, bold: bool = False) -> int:
    """Lines `text` wraps to in a frame `width` inches wide (insets taken off) at `size` pt."""
    # 0.97: renderers differ a little in spacing (LibreOffice's CJK-Latin gaps); a near-full line wraps in the estimate
    return line_count(text, 0.97 * (width - 2 * INSET_X) * 72 / size / (1.05 if bold else 1.0))


def fitting_size(text: str, width: float, sizes: Sequence[int], max_lines: int, bold: bool = True) -> tuple[int, int]:
    """(size, lines): one line at one of the three largest `sizes` where that fits, else the largest size at
    which `text` takes at most `max_lines` lines, else the smallest size."""
    for lines_wanted, tried in ((1, sizes[:3]), (max_lines, sizes)):
        for size in tried:
            lines = lines_in(text, width, size, bold)
            if lines <= lines_wanted:
                return size, lines
    return sizes[-1], lines_in(text, width, sizes[-1], bold)


PAGE_MARK = " (9/9)"  # the longest page number a continued slide's title gets


def title_bottom(text: str) -> float:
    """Where a content slide's title (set_title at 0.2 in) ends: for a title given with PAGE_MARK, the lower of it
    with and without the mark (a longer title may fit two lines only at a smaller size, and so end higher)."""

    def height(words: str) -> float:
        size, lines = fitting_size(words, WIDTH, TITLE_SIZES, 2)
        return text_height(lines, size)

    return 0.2 + max(height(text), height(text.removesuffix(PAGE_MARK))) + 2 * INSET_Y


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def place_shape(shape, left: float, top: float, width: float, height: float) -> None:
    shape.left, shape.top = Emu(int(left * INCH)), Emu(int(top * INCH))
    shape.width, shape.height = Emu(int(width * INCH)), Emu(int(height * INCH))


def style_run(run, size: float, bold: bool = False, color: str = INK) -> None:
    """Size, weight, colour and the CJK font for both Latin and East Asian text of a run."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = rgb(color)
    run.font.name = FONT
    r_pr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        old = r_pr.find(qn(tag))
        if old is not None:
            r_pr.remove(old)
    latin = r_pr.find(qn("a:latin"))
    ea = etree.SubElement(r_pr, qn("a:ea"))
    ea.set("typeface", FONT)
    latin.addnext(ea)


def write(frame, text: str, size: float, bold: bool = False, color: str = INK) -> None:
    """Text in a frame, one paragraph per line, left aligned, wrapping, sized by us (no viewer autofit)."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Emu(int(INSET_X * INCH))
    frame.margin_top = frame.margin_bottom = Emu(int(INSET_Y * INCH))
    frame.clear()
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.LEFT
        run = para.add_run()
        run.text = line
        style_run(run, size, bold, color)


def set_title(
    slide,
    text: str,
    left: float,
    top: float,
    width: float,
    size: int | None = None,
    lines: int | None = None,
) -> float:
    """The slide's title placeholder with `text`, at the largest title size at which it fits two lines (or
    the given size), its frame as tall as its lines; returns its bottom (inches)."""
    if size is None or lines is None:
        size, lines = fitting_size(text, width, TITLE_SIZES, 2)
    height = text_height(lines, size) + 2 * INSET_Y
    title = slide.shapes.title
    place_shape(title, left, top, width, height)
    write(title.text_frame, text, size, bold=True, color=INK)
    return top + height


def widen_template(prs) -> None:
    """Stretch the default template's 4:3 master and layout placeholders to the 16:9 width, so that a slide a
    presenter adds in PowerPoint or Impress has its title and body across the slide."""
    scale = SLIDE_W / Emu(9144000)
    for part in [prs.slide_master, *prs.slide_layouts]:
        for shape in part.placeholders:
            xfrm = shape._element.xfrm  # only positions of their own: the others inherit the master's
            if xfrm is not None and xfrm.off is not None and xfrm.ext is not None:
                xfrm.off.x, xfrm.ext.cx = round(xfrm.off.x * scale), round(xfrm.ext.cx * scale)


def mark_language(prs, lang: str) -> None:
    """The language of every run (screen readers pick their voice by it, spell checkers their dictionary);
    an English deck's Chinese titles and citations are marked as its alternative language."""
    main, alt = ("en-US", "zh-CN") if lang == "en" else ("zh-CN", "en-US")
    prs.core_properties.language = main
    for slide in prs.slides:
        for tag in ("a:rPr", "a:endParaRPr"):
            for props in slide._element.iter(qn(tag)):
                props.set("lang", main)
                props.set("altLang", alt)


def set_alt_text(picture, text: str) -> None:
    """The description a screen reader reads for a picture (PowerPoint's and Impress's alt text)."""
    picture._element.nvPicPr.cNvPr.set("descr", text)


def box(
    slide,
    text: str,
    left: float,
    top: float,
    width: float,
    height: float,
    size: float,
    bold: bool = False,
    color: str = INK,
) -> None:
    shape = slide.shapes.add_textbox(
        Emu(int(left * INCH)), Emu(int(top * INCH)), Emu(int(width * INCH)), Emu(int(height * INCH))
    )
    write(shape.text_frame, text, size, bold, color)


def cell(table_cell, text: str, size: float, bold: bool = False, color: str = INK, fill: str = "#FFFFFF") -> None:
    table_cell.fill.solid()
    table_cell.fill.fore_color.rgb = rgb(fill)
    table_cell.margin_left = table_cell.margin_right = Emu(int(CELL_X * INCH))
    table_cell.margin_top = table_cell.margin_bottom = Emu(int(CELL_Y * INCH))
    frame = table_cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    style_run(run, size, bold, color)
