"""The unit against the levels above it in the exports (issue 21): the data workbook's second sheet 上级对比 / Context
and the deck's one slide of it, for the drill-down's county (`county=`) or else the view's region. The expected
figures are read from data/indicators/values.csv (the shipped data), not from the code under test."""

from __future__ import annotations

import io

import pytest
from deck_helpers import (
    allowed_citations,
    assert_font_sizes_meet_the_minimums,
    assert_no_full_width_punctuation,
    assert_nothing_overlaps_or_leaves_the_slide,
    assert_titles,
    title_of,
)
from openpyxl import load_workbook
from pptx import Presentation
from test_context import CHAIN, shipped, with_data

from water_targets.context import strip
from water_targets.exports import data_records, data_xlsx
from water_targets.exports.sheets import MACHINE_SHEET
from water_targets.i18n import t

GDP = "gdp_water_intensity_reduction"
HONGSHAN = f"region=150400&indicator={GDP}&county=150402"  # 红山区: its reduction is looser than 赤峰市's
CONTEXT_HEADERS = ("region", "target", "ctx_target_year", "progress_target_source", "ctx_latest_actual",
                   "ctx_actual_year", "progress_actual_source", "ctx_check")  # fmt: skip


def context_rows(ws) -> list[dict]:
    """The context sheet's table as {header: value} rows (down to the blank row above the notes)."""
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    body = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        body.append(dict(zip(head, row, strict=True)))
    return body


def test_the_workbook_has_a_context_sheet_of_the_drilldowns_county(client, geo) -> None:
    resp = client.get(f"/export/data.xlsx?{HONGSHAN}&lang=zh")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.data))
    assert wb.sheetnames == [t("sheet_values", "zh"), "上级对比", MACHINE_SHEET]
    assert wb.active.title == t("sheet_values", "zh")  # it opens on the values, as before
    ws = wb["上级对比"]
    assert [c.value for c in ws[1]] == [t(h, "zh") for h in CONTEXT_HEADERS]
    rows = context_rows(ws)
    expected = with_data(GDP, 2025, [*CHAIN[:3], "150402"])
    assert [r["地区"] for r in rows] == [geo.regions[c].name("zh") for c in expected]
    own, city = shipped("150402", GDP, "2025"), shipped("150400", GDP, "2025")
    hongshan = rows[-1]
    assert hongshan["目标"] == f"≥ {own}%（较2020年）" and hongshan["目标年份"] == 2025
    assert hongshan["目标来源"].startswith("赤政发〔2025〕11号 ")
    assert hongshan["与上级对比"] == f"宽于上级目标（赤峰市 ≥ {city}%）"
    assert ws.cell(len(rows) + 1, len(CONTEXT_HEADERS)).font.b  # the looser check in bold, besides its words
    # Text cells are text, never formulas; notes below the table say how the checks are judged.
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    notes = " ".join(str(c.value) for c in ws["A"][len(rows) + 1 :] if c.value)
    assert t("ctx_sheet_note", "zh") in notes and MACHINE_SHEET in notes
    english = load_workbook(io.BytesIO(client.get(f"/export/data.xlsx?{HONGSHAN}&lang=en").data))
    assert english.sheetnames[1] == "Context"
    last = context_rows(english["Context"])[-1]
    assert last["Region"] == "Hongshan District"
    assert last["Against the level above"] == f"looser than the target of Chifeng City (≥ {city}%)"


def test_without_a_county_the_context_is_the_regions_and_the_overview_has_none(client, geo) -> None:
    above = with_data("total_water_use", 2025, CHAIN[:2])  # 全国, 内蒙古 with figures of the year
    wb = load_workbook(io.BytesIO(client.get("/export/data.xlsx?region=150400&indicator=total_water_use").data))
    assert ("上级对比" in wb.sheetnames) == bool(above)
    if above:
        names = [r["地区"] for r in context_rows(wb["上级对比"])]
        assert names == [geo.regions[c].name("zh") for c in [*above, "150400"]]
    overview = load_workbook(io.BytesIO(client.get("/export/data.xlsx?region=all&indicator=total_water_use").data))
    assert "上级对比" not in overview.sheetnames


def test_a_county_outside_the_view_is_refused_and_the_csv_is_unchanged(client) -> None:
    resp = client.get("/export/data.xlsx?region=150400&indicator=total_water_use&county=140621")
    assert resp.status_code == 400 and "county" in resp.get_json()["error"]
    assert client.get("/export/deck.pptx?region=150400&indicator=total_water_use&county=x").status_code == 400
    plain = client.get(f"/export/data.csv?region=150400&indicator={GDP}").data
    assert client.get(f"/export/data.csv?{HONGSHAN}").data == plain


def test_context_cells_are_neutralised_text(dataset, geo) -> None:
    items = strip(dataset, geo, "150402", GDP, 2025, "zh")
    items[0] = {**items[0], "name": '=HYPERLINK("http://example.com","x")', "target_source": "+cmd|' /C calc'!A0"}
    records = data_records(dataset, geo, "150400", GDP, None)
    wb = load_workbook(io.BytesIO(data_xlsx(records, GDP, "名称", "赤峰市 · 测试", "zh", context=items)))
    row = wb["上级对比"][2]
    assert row[0].value == '\'=HYPERLINK("http://example.com","x")' and row[0].data_type == "s"
    assert row[3].value.startswith("'+cmd") and row[3].data_type == "s"


# ---------------------------------------------------------------- the deck's slide


@pytest.fixture(scope="module")
def decks(client) -> dict[str, Presentation]:
    urls = {
        "hongshan-en": f"/export/deck.pptx?{HONGSHAN}&year=2025&lang=en",
        "chifeng-zh": "/export/deck.pptx?region=150400&indicator=total_water_use&year=2025&lang=zh",
        "overview-zh": "/export/deck.pptx?region=all&indicator=total_water_use&year=2025&lang=zh",
    }
    out = {}
    for name, url in urls.items():
        resp = client.get(url)
        assert resp.status_code == 200, (name, resp.data[:300])
        out[name] = Presentation(io.BytesIO(resp.data))
    return out


def context_slides(deck, lang: str) -> list:
    return [s for s in deck.slides if title_of(s).endswith((t("ctx_slide", lang), "against the levels above",
                                                            "与上级目标对比"))]  # fmt: skip


def table_of(slide) -> list[list[str]]:
    (shape,) = [s for s in slide.shapes if s.has_table]
    return [[c.text for c in row.cells] for row in shape.table.rows]


def test_the_deck_has_one_slide_of_the_county_against_the_levels_above(decks, dataset, geo) -> None:
    deck = decks["hongshan-en"]
    (slide,) = context_slides(deck, "en")
    name = dataset.indicators.loc[GDP, "name_en"]
    assert title_of(slide) == f"Chifeng City · {name} · Hongshan District against the levels above"
    rows = table_of(slide)
    assert rows[0][:2] == ["Region", "Target"] and rows[0][-1] == "Against the level above"
    expected = with_data(GDP, 2025, [*CHAIN[:3], "150402"])
    assert [r[0] for r in rows[1:]] == [geo.regions[c].name("en") for c in expected]
    own, city = shipped("150402", GDP, "2025"), shipped("150400", GDP, "2025")
    assert rows[-1][1].startswith(f"≥ {own}% (2025, vs 2020) [")  # with the mark of its source
    assert rows[-1][-1] == f"looser than the target of Chifeng City (≥ {city}%)"
    foot = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Source")]
    assert foot and "[1] " in foot[0] and "Data version" in foot[0]
    # As every slide of the deck: a title, nothing off the slide or overlapping, sizes, English punctuation.
    assert_titles(deck)
    assert_nothing_overlaps_or_leaves_the_slide(deck)
    assert_font_sizes_meet_the_minimums(deck, "en")
    assert_no_full_width_punctuation(deck, allowed_citations(dataset))


def test_the_regions_deck_has_the_slide_when_a_level_above_has_data_and_the_overview_none(decks, geo) -> None:
    above = with_data("total_water_use", 2025, CHAIN[:2])
    slides = context_slides(decks["chifeng-zh"], "zh")
    assert len(slides) == (1 if above else 0)
    if above:
        assert title_of(slides[0]) == "赤峰市 · 用水总量 · 与上级目标对比"
        rows = table_of(slides[0])
        assert [r[0] for r in rows[1:]] == [geo.regions[c].name("zh") for c in [*above, "150400"]]
        target = shipped("150400", "total_water_use", "2025")
        assert rows[-1][1].startswith(f"≤ {target} 亿立方米（2025年） [")
        assert "12个下级地区分解合计" not in rows[-1][-1]  # 赤峰市's own split is its allocation table's, not here
    assert not context_slides(decks["overview-zh"], "zh")
    assert_nothing_overlaps_or_leaves_the_slide(decks["chifeng-zh"])
    assert_font_sizes_meet_the_minimums(decks["chifeng-zh"], "zh")
