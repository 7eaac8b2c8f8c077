"""The PPTX deck as a presenter and a screen reader get it, read back with python-pptx: title placeholders naming
region · indicator · year, alt texts, minimum font sizes, English without full-width punctuation, value tables
that show what their titles say (split by year groups), nothing overlapping or off the slide; and, where
LibreOffice is installed, the deck rendered to pictures with nothing below the slide's bottom margin."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deck_helpers import (
    allowed_citations,
    assert_font_sizes_meet_the_minimums,
    assert_no_full_width_punctuation,
    assert_nothing_overlaps_or_leaves_the_slide,
    title_of,
)
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu

from water_targets.choropleth import view_for
from water_targets.data import get_dataset
from water_targets.i18n import t
from water_targets.queries import value_rows
from water_targets.regions import overview_regions

pytestmark = pytest.mark.usefixtures("progress_store")  # actual figures too: progress slides, several years

CHIFENG = ("150400", "total_water_use", 2025)
QINZHOU = ("450700", "water_saving_county_agency_institution_share", 2022)
OVERVIEW = ("all", "gdp_water_intensity_reduction", 2022)
QUALIFIED = ("150400", "new_agri_saving_capacity", 2025)  # 预估数 and 不适用 values
DECKS = [(*CHIFENG, "zh"), (*CHIFENG, "en"), (*QINZHOU, "en"), (*OVERVIEW, "en"), (*OVERVIEW, "zh"), (*QUALIFIED, "en")]


@pytest.fixture(scope="module")
def data(progress_store):
    return get_dataset(progress_store)


@pytest.fixture(scope="module")
def decks(client) -> dict[tuple, Presentation]:
    out = {}
    for region, indicator, year, lang in DECKS:
        resp = client.get(f"/export/deck.pptx?region={region}&indicator={indicator}&year={year}&lang={lang}")
        assert resp.status_code == 200, resp.data[:300]
        out[(region, indicator, year, lang)] = Presentation(io.BytesIO(resp.data))
    return out


def place(data, geo, region: str, lang: str) -> str:
    if region == "all":
        return t("overview", lang, n=len(overview_regions(data, geo)))
    return geo.regions[region].name(lang)


def indicator_name(data, indicator: str, lang: str) -> str:
    return data.indicators.loc[indicator, "name_en" if lang == "en" else "name_zh"]


def years_named(title: str) -> set[int]:
    """Years a title names: '2020、2022', '2020, 2021' or a range '2020–2024'."""
    years = set()
    for a, b in re.findall(r"(\d{4})\s*[–-]\s*(\d{4})", title):
        years |= set(range(int(a), int(b) + 1))
    return years | {int(y) for y in re.findall(r"\d{4}", title)}


def group_of(title: str) -> str:
    """A table's title without its page number: continuation pages of one year group keep their title."""
    return re.sub(r" \(\d+/\d+\)$", "", title)


def value_tables(deck, lang: str) -> list[tuple[str, list[dict]]]:
    """(title, rows by header) of each slide whose table starts with the region and year columns."""
    out = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                head = [c.text for c in shape.table.rows[0].cells]
                if head[:2] == [t("region", lang), t("year", lang)]:
                    rows = [dict(zip(head, [c.text for c in r.cells], strict=True)) for r in list(shape.table.rows)[1:]]
                    out.append((title_of(slide), rows))
    return out


@pytest.mark.parametrize("key", DECKS, ids=lambda k: "-".join(map(str, k)))
def test_every_slide_has_a_title_naming_region_and_indicator(decks, data, geo, key) -> None:
    region, indicator, year, lang = key
    deck = decks[key]
    name, where = indicator_name(data, indicator, lang), place(data, geo, region, lang)
    titles = [title_of(slide) for slide in deck.slides]
    assert all(name in x and where in x for x in titles), titles
    assert str(year) in titles[0]
    # The title slide's subtitle names the places the deck covers, no others.
    subtitle = deck.slides[0].placeholders[1].text_frame.text
    covered = [r for r in overview_regions(data, geo) if region == "all" or r.adcode == region]
    assert all(r.name(lang) in subtitle for r in covered)
    assert not any(r.name(lang) in subtitle for r in overview_regions(data, geo) if r not in covered)
    # The map and the ranking name the year, the ranking names it with indicator and region.
    for slide in deck.slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        alt = " ".join(p._element.nvPicPr.cNvPr.get("descr", "") for p in pictures)
        if "choropleth" in alt.lower() or "分级设色地图" in alt or "bar chart" in alt.lower() or "条形图" in alt:
            assert str(year) in title_of(slide)


@pytest.mark.parametrize("key", DECKS, ids=lambda k: "-".join(map(str, k)))
def test_pictures_have_alt_text_describing_them(decks, data, geo, key) -> None:
    region, indicator, _, lang = key
    pictures = [s for slide in decks[key].slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures
    for pic in pictures:
        alt = pic._element.nvPicPr.cNvPr.get("descr", "")
        assert not re.search(r"\.(png|jpe?g|svg)\b", alt, re.I), alt
        assert place(data, geo, region, lang) in alt and indicator_name(data, indicator, lang) in alt, alt
        assert len(alt.split()) >= 8 if lang == "en" else len(alt) >= 20, alt


@pytest.mark.parametrize("key", DECKS, ids=lambda k: "-".join(map(str, k)))
def test_font_sizes_meet_the_minimums(decks, key) -> None:
    assert_font_sizes_meet_the_minimums(decks[key], key[-1])


@pytest.mark.parametrize("key", [k for k in DECKS if k[-1] == "en"], ids=lambda k: "-".join(map(str, k)))
def test_english_decks_have_no_full_width_punctuation(decks, data, key) -> None:
    assert_no_full_width_punctuation(decks[key], allowed_citations(data))


def test_the_first_value_table_shows_the_chosen_year(decks, data, geo) -> None:
    region, indicator, year = CHIFENG
    for lang in ("zh", "en"):
        tables = value_tables(decks[(region, indicator, year, lang)], lang)
        first = group_of(tables[0][0])  # the chosen year's table, over one slide or more ("(1/2)")
        rows = [r for title, part in tables if group_of(title) == first for r in part]
        assert min(years_named(first)) >= year - 5 and str(year) in first.split(" · ")[-2].split(",")[0]
        expected = value_rows(data, indicator, view_for(data, geo, region).codes, year=year)
        chosen = [r for r in rows if r[t("year", lang)] == str(year)]
        assert rows[: len(chosen)] == chosen  # the chosen year's rows lead
        shown = {(r[t("region", lang)], r[t("kind", lang)]) for r in chosen}
        assert len(chosen) == len(expected)
        assert shown == {
            (geo.regions[row["region"]].name(lang), t(row["kind"], lang)) for _, row in expected.iterrows()
        }
        assert t("region", lang) != t("county", lang)  # the city's row is not under a 县区 header


@pytest.mark.parametrize("key", DECKS, ids=lambda k: "-".join(map(str, k)))
def test_value_tables_split_by_year_groups(decks, data, geo, key) -> None:
    """Whole years per slide group, the chosen year first; every value once; no slide with a lone row while its
    group has more."""
    region, indicator, year, lang = key
    tables = value_tables(decks[key], lang)
    seen: dict[int, str] = {}
    total = 0
    sizes: dict[str, list[int]] = {}
    for title, rows in tables:
        years = {int(r[t("year", lang)]) for r in rows}
        assert years <= years_named(title), (title, years)
        group = group_of(title)
        for y in years:
            assert seen.setdefault(y, group) == group, f"{y} on slides of two groups"
        total += len(rows)
        sizes.setdefault(group, []).append(len(rows))
    assert total == len(value_rows(data, indicator, view_for(data, geo, region).codes))
    assert tables[0][1] and int(tables[0][1][0][t("year", lang)]) == year
    assert all(len(n) == 1 or min(n) > 1 for n in sizes.values()), sizes


@pytest.mark.parametrize("key", DECKS, ids=lambda k: "-".join(map(str, k)))
def test_nothing_overlaps_or_leaves_the_slide(decks, key) -> None:
    assert_nothing_overlaps_or_leaves_the_slide(decks[key])


def test_a_long_english_title_wraps_above_the_subtitle(decks) -> None:
    cover = decks[(*QINZHOU, "en")].slides[0]
    title, subtitle = cover.shapes.title, cover.placeholders[1]
    assert title.text_frame.word_wrap and title.top + title.height <= subtitle.top
    assert Emu(title.height).inches >= 1.0  # room for the wrapped lines, not a one-line box


def test_sources_slide_names_documents_in_english_with_the_chinese_title(decks, data) -> None:
    deck = decks[(*CHIFENG, "en")]
    text = "\n".join(s.text_frame.text for s in deck.slides[-1].shapes if s.has_text_frame)
    doc = data.documents.loc["chifeng-2025"]
    assert doc["title_en"] in text and doc["title"] in text and doc["number"] in text


@pytest.mark.parametrize("key", [(*CHIFENG, "zh"), (*QINZHOU, "en")], ids=lambda k: "-".join(map(str, k)))
def test_runs_carry_the_deck_language_and_new_slides_span_the_width(decks, key) -> None:
    from pptx.oxml.ns import qn

    deck, lang = decks[key], key[-1]
    expected = "en-US" if lang == "en" else "zh-CN"
    assert deck.core_properties.language == expected and deck.core_properties.title == title_of(deck.slides[0])
    for slide in deck.slides:
        assert {p.get("lang") for p in slide._element.iter(qn("a:rPr"))} == {expected}
    # A slide added by the presenter from the Title Only layout: its title spans the 16:9 slide.
    title = next(ph for ph in deck.slide_layouts[5].placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE)
    assert title.width > deck.slide_width * 0.8


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(not SOFFICE or not shutil.which("pdftoppm"), reason="LibreOffice (soffice) or pdftoppm missing")
def test_libreoffice_renders_nothing_below_the_bottom_margin(client, tmp_path) -> None:
    """Impress grows a table row whose text does not fit: a row height misjudged by the deck would push the
    table (or a text) off the slide. Rendered pages of the text slides keep their bottom band blank."""
    from PIL import Image

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from deck_render import to_pdf, to_pngs

    region, indicator, year = QINZHOU
    for params in (
        "region=150400&indicator=total_water_use&year=2025&lang=en",
        f"region={region}&indicator={indicator}&year={year}&lang=en",
    ):
        body = client.get(f"/export/deck.pptx?{params}").data
        path = tmp_path / f"{abs(hash(params))}.pptx"
        path.write_bytes(body)
        deck = Presentation(io.BytesIO(body))
        try:
            pngs = to_pngs(to_pdf(path, tmp_path))
        except subprocess.SubprocessError as exc:  # a broken LibreOffice install is not the deck's fault
            pytest.skip(f"soffice failed: {exc}")
        assert len(pngs) == len(deck.slides)
        for png, slide in zip(pngs, deck.slides, strict=True):
            if any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes):
                continue
            image = Image.open(png).convert("L")
            w, h = image.size
            band = image.crop((0, int(h * 0.985), w, h))  # the bottom 0.11 in
            assert band.getextrema()[0] > 250, f"{png.name}: something runs off the bottom of the slide"
