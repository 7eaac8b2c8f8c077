"""Decks as a presenter sees them: built for the overview and each plan region with its most and its fewest rows,
in both languages (the pure builder, blank pictures), rendered by LibreOffice Impress to PDF and read back with
pdfplumber. On the rendering: no text leaves its slide or runs into the foot band, no two lines of text overlap,
no text is cut with "…", no configuration text; in the deck: no table slide holds a lone row when its table has
more, and an English deck has about as many slides as the Chinese one."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pdfplumber
import pytest
from test_deck_sweep import build, views

from water_targets.data import get_dataset
from water_targets.exports.pptx_text import FOOT_BOTTOM
from water_targets.i18n import t

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.usefixtures("progress_store"),
    pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) missing: bash scripts/ensure_system_deps.sh"),
]


@pytest.fixture(scope="module")
def data(progress_store):
    return get_dataset(progress_store)


@pytest.fixture(scope="module")
def picture() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(out, "PNG")
    return out.getvalue()


def sample(data, geo) -> list[tuple[str, str, int]]:
    """Per region (and the overview): the indicator with the most values and the one with the fewest."""
    by_region: dict[str, list[tuple[int, str, int]]] = {}
    for region, indicator, year in views(data, geo):
        n = int((data.values["indicator"] == indicator).sum())
        by_region.setdefault(region, []).append((n, indicator, year))
    out = []
    for region, found in by_region.items():
        found.sort()
        out += [(region, ind, year) for _, ind, year in {found[0], found[-1]}]
    return out


@pytest.fixture(scope="module")
def rendered(data, geo, picture, tmp_path_factory):
    """{(region, indicator, lang): (deck, pdf path)}: every sampled deck, converted in one LibreOffice run."""
    out_dir = tmp_path_factory.mktemp("decks")
    decks, paths = {}, []
    for region, indicator, year in sample(data, geo):
        for lang in ("zh", "en"):
            deck = build(data, geo, region, indicator, year, lang, picture)
            path = out_dir / f"{region}-{indicator}-{lang}.pptx"
            deck.save(path)
            decks[(region, indicator, lang)] = (deck, path.with_suffix(".pdf"))
            paths.append(str(path))
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), *paths],
            check=True, capture_output=True, timeout=900,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return decks


def lines_of(page) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, top, x1, bottom) of each rendered line of text (pdfplumber's words, merged on a line)."""
    words = page.extract_words(keep_blank_chars=True, use_text_flow=True, extra_attrs=["size"])
    return [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words]


def overlap(a, b) -> float:
    """The area two boxes share, as a share of the smaller one."""
    w = min(a[3], b[3]) - max(a[1], b[1])
    h = min(a[4], b[4]) - max(a[2], b[2])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[3] - a[1]) * (a[4] - a[2]), (b[3] - b[1]) * (b[4] - b[2]))
    return w * h / smaller if smaller > 0 else 0.0


def test_rendered_decks_show_every_text_whole_and_apart(rendered) -> None:
    failures = []
    for deck, pdf in rendered.values():
        assert pdf.exists(), f"LibreOffice did not render {pdf.name}"
        with pdfplumber.open(pdf) as doc:
            assert len(doc.pages) == len(deck.slides), pdf.name
            for n, page in enumerate(doc.pages, 1):
                foot = page.height * FOOT_BOTTOM / 7.5 + 2  # points; a little slack for the renderer's rounding
                texts = lines_of(page)
                for text, x0, top, x1, bottom in texts:
                    if x0 < -1 or top < -1 or x1 > page.width + 1 or bottom > foot:
                        failures.append(f"{pdf.name} p{n}: {text!r} leaves the slide ({x0:.0f},{top:.0f})")
                    if text.rstrip().endswith("…") or "EXPORT_FOOTER" in text:
                        failures.append(f"{pdf.name} p{n}: {text!r}")
                for i, a in enumerate(texts):
                    for b in texts[i + 1 :]:
                        if overlap(a, b) > 0.25:
                            failures.append(f"{pdf.name} p{n}: {a[0]!r} overlaps {b[0]!r}")
    assert not failures, "\n".join(failures[:40])


def test_no_table_slide_holds_a_lone_row(rendered) -> None:
    for (region, indicator, lang), (deck, _) in rendered.items():
        tables: dict[str, list[int]] = {}  # a table's slides share the title up to its "(n/N)"
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.has_table:
                    title = slide.shapes.title.text_frame.text.rsplit(" (", 1)[0]
                    tables.setdefault(title, []).append(len(shape.table.rows) - 1)
        for title, rows in tables.items():
            assert len(rows) == 1 or min(rows) > 1, f"{region} {indicator} {lang}: {title} {rows}"


def test_an_english_deck_is_as_long_as_the_chinese_one(rendered) -> None:
    for (region, indicator, lang), (deck, _) in rendered.items():
        if lang == "en":
            zh = rendered[(region, indicator, "zh")][0]
            assert len(deck.slides) <= len(zh.slides) + 1, (region, indicator, len(deck.slides), len(zh.slides))


def test_every_text_slide_carries_the_data_version(rendered) -> None:
    """The version ("v1" in these decks; in demo mode the demo marker rides with it) under every table and on the
    Sources slide, so a slide shown alone still says which data it is."""
    for (region, indicator, lang), (deck, _) in rendered.items():
        for n, slide in enumerate(deck.slides, 1):
            title = slide.shapes.title.text_frame.text
            if any(s.has_table for s in slide.shapes) or title.startswith(t("sources_title", lang)):
                texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
                assert any(x.rstrip().endswith("v1") for x in texts), (region, indicator, lang, n, title)


def test_the_sweep_covers_every_region_in_both_languages(rendered, data, geo) -> None:
    regions = {region for region, _, _ in views(data, geo)}
    assert {r for r, _, _ in rendered} == regions
