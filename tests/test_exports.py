"""Exports: images, deck and data files of a view, and formula-injection neutralising (their errors:
test_bad_parameters.py)."""

from __future__ import annotations

import csv
import io
import re
import struct
import uuid

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from water_targets.data import get_geo, store_engine
from water_targets.exports import data_csv, neutralise
from water_targets.exports.sheets import MACHINE_SHEET
from water_targets.store.users import add_user, create_token

CHIFENG = "region=150400&indicator=total_water_use&year=2025"


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


@pytest.fixture(scope="module")
def signed_in(dash_app) -> dict[str, str]:
    """An API token's header: pictures over 2000 px per side are for signed-in clients (test_export_limits.py)."""
    name = f"exports-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", uuid.uuid4().hex + "Aa1!", ["150400"], get_geo())
    return {"Authorization": f"Bearer {create_token(store_engine(), name)}"}


def test_map_png_full_hd_and_4k(client, signed_in) -> None:
    resp = client.get(f"/export/map.png?{CHIFENG}")
    assert resp.status_code == 200 and resp.mimetype == "image/png"
    assert png_size(resp.data) == (1920, 1080)
    assert "attachment" in resp.headers["Content-Disposition"]
    big = client.get(f"/export/map.png?{CHIFENG}&width=3840&height=2160", headers=signed_in)
    assert png_size(big.data) == (3840, 2160)


def test_map_svg_carries_title_legend_and_sources(client) -> None:
    svg = client.get(f"/export/map.svg?{CHIFENG}").data.decode("utf-8")
    assert svg.startswith("<svg")
    assert "赤峰市 · 用水总量 · 2025" in svg
    assert "≤ 上限" in svg and "2.8220 – 3.0047" in svg and "无数据" not in svg  # every county has its cap
    assert "赤政发〔2025〕11号 一、工作目标；附件 赤峰市2025年节水行动目标分解表" in svg  # the plan once, both sections
    assert "翁牛特旗" in svg and "≤ 20.23 亿立方米" in svg


def svg_words(svg: str) -> str:
    """The words of an SVG as a reader sees them: wrapped lines (one <tspan> each) joined by a space."""
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


def test_map_in_english_and_overview(client) -> None:
    svg = client.get("/export/map.svg?region=all&indicator=gdp_water_intensity_reduction&year=2022&lang=en").data
    text = svg_words(svg.decode("utf-8"))  # the legend's caption wraps in the legend column
    assert "Overview of the 5 regions" in text and "Baseline years differ: 2015, 2020" in text


def test_chart_png_and_svg(client) -> None:
    png = client.get("/export/chart.png?region=150222&indicator=pipe_leakage_rate")
    assert png.status_code == 200 and png_size(png.data) == (1600, 900)
    svg = client.get("/export/chart.svg?region=150404&indicator=gdp_water_intensity_reduction").data.decode()
    assert "松山区 · 万元国内生产总值(GDP)用水量下降" in svg and "21.41%" in svg and "赤峰市" in svg


def test_deck_slides_name_region_and_indicator(client) -> None:
    resp = client.get(f"/export/deck.pptx?{CHIFENG}")
    assert resp.status_code == 200
    deck = Presentation(io.BytesIO(resp.data))
    slides = list(deck.slides)
    assert deck.slide_width * 9 == deck.slide_height * 16
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 3  # map, chart, ranking at native resolution
    assert all(png_size(p.image.blob) == (1920, 1080) for p in pictures)
    assert "赤峰市 · 用水总量 · 2025" in texts[0]
    tables = [shape.table for slide in slides for shape in slide.shapes if shape.has_table]
    cells = [c.text for table in tables for row in table.rows for c in row.cells]
    assert "翁牛特旗" in cells and "≤ 3.0047" in cells  # the comparator is written with the value
    # One 上级对比 slide (the city seen from the country down), then the value tables of the city and its 12 counties.
    levels = [t for t in tables if t.cell(0, 1).text == "目标"]
    names = [r.cells[0].text for r in list(levels[0].rows)[1:]]
    assert len(levels) == 1 and names == ["全国", "内蒙古自治区", "赤峰市"]
    values = [t for t in tables if t not in levels]
    assert sum(len(table.rows) - 1 for table in values) == 13
    assert "赤政发〔2025〕11号" in texts[-1] and len(slides) == 1 + 3 + len(tables) + 1


def test_data_in_english_and_empty_years(client) -> None:
    raw = client.get(f"/export/data.csv?{CHIFENG}&lang=en").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    ongniud = next(r for r in rows if r["region"] == "150426")
    assert (ongniud["region_name"], ongniud["indicator_name"], ongniud["unit"]) == (
        "Ongniud Banner",
        "Total water use",
        "100 million m³",
    )
    assert client.get("/export/data.csv?region=150400&indicator=total_water_use&year=2024").status_code == 404


def test_csv_and_xlsx_rows_equal_the_api(client) -> None:
    api = client.get("/api/v1/values?indicator=total_water_use&parent=150400&year=2025").get_json()["values"]
    api += client.get("/api/v1/values?indicator=total_water_use&region=150400&year=2025").get_json()["values"]
    expected = sorted((v.get("region", {}).get("adcode", "150400"), v["value_text"]) for v in api)
    raw = client.get(f"/export/data.csv?{CHIFENG}").data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted((r["region"], r["value"]) for r in rows) == expected
    api_csv = client.get("/api/v1/values?indicator=total_water_use&parent=150400&year=2025&format=csv").data
    assert api_csv.decode("utf-8-sig").split("\r\n")[0] == raw.decode("utf-8-sig").split("\r\n")[0]
    xlsx = client.get(f"/export/data.xlsx?{CHIFENG}")
    sheet = load_workbook(io.BytesIO(xlsx.data))[MACHINE_SHEET]  # the CSV's code columns; the first sheet is in words
    header = [c.value for c in sheet[1]]
    values = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 13
    ongniud = next(v for v in values if v["region"] == "150426")
    assert ongniud["region_name"] == "翁牛特旗" and ongniud["value"] == pytest.approx(3.0047)
    assert ongniud["section"] == "附件 赤峰市2025年节水行动目标分解表"


def test_formula_injection_is_neutralised_without_touching_numbers() -> None:
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise("+cmd") == "'+cmd" and neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("-x") == "'-x"
    assert neutralise("-0.5") == "-0.5" and neutralise("+3") == "+3" and neutralise(-2.5) == -2.5
    assert neutralise("翁牛特旗") == "翁牛特旗"
    record = {
        "region": {"adcode": "150426", "name_zh": "=evil()"},
        "year": 2025,
        "kind": "target",
        "comparator": "<=",
        "value_text": "-1.5",
        "unit": "亿立方米",
        "baseline_year": None,
        "qualifier": None,
        "source": {"document": "@doc", "number": "", "section": "+sec"},
        "note": "-note",
    }
    row = next(
        csv.reader(io.StringIO(data_csv([record], "total_water_use", "用水总量").decode("utf-8-sig").split("\r\n")[1]))
    )
    assert (
        row[1] == "'=evil()" and row[7] == "-1.5" and row[11] == "'@doc" and row[13] == "'+sec" and row[14] == "'-note"
    )


def test_exports_name_the_data_version_they_show(client) -> None:
    svg = client.get(f"/export/map.svg?{CHIFENG}&asof=1").data.decode("utf-8")
    assert "数据版本 1（" in svg
    chart = client.get("/export/chart.svg?region=150404&indicator=total_water_use&asof=1&lang=en").data.decode()
    assert "Data version 1 (" in chart
    deck = Presentation(io.BytesIO(client.get(f"/export/deck.pptx?{CHIFENG}&asof=1").data))
    first = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "数据版本 1（" in first
    assert client.get(f"/export/map.png?{CHIFENG}&asof=999999").status_code == 404


def test_an_export_without_parameters_is_of_the_view_the_page_opens_on(client) -> None:
    """No region or indicator: the page's first view (the overview of what all five plans set targets of, 万元GDP用水量
    下降), not a 400."""
    everyone = "gdp_water_intensity_reduction"
    bare, named = client.get("/export/map.svg"), client.get(f"/export/map.svg?region=all&indicator={everyone}")
    assert bare.status_code == 200 and bare.mimetype == "image/svg+xml"

    def words(svg: bytes) -> str:  # what the picture says (plotly's clip-path ids differ from one render to the next)
        return " ".join(re.sub(r"<[^>]+>", " ", svg.decode()).split())

    assert words(bare.data) == words(named.data) and "用水量下降" in words(bare.data)
    table = client.get("/export/data.csv")
    assert table.status_code == 200 and table.data == client.get("/export/data.csv?region=all").data
    # The overview has no chart: the chart is of the first plan region of the menu with the indicator (全国, whose
    # 14th five-year plan sets it).
    chart = client.get("/export/chart.svg")
    assert chart.status_code == 200 and "全国" in chart.data.decode()
    # A parameter given but wrong is still refused.
    assert client.get("/export/map.svg?region=999999").status_code == 400
    assert client.get("/export/chart.svg?indicator=nonsense").status_code in (400, 404)


def test_a_printed_workbook_names_its_view_in_words(client) -> None:
    """The page footer of a printed data workbook: the view's title, not codes ("150400 用水总量")."""
    wb = load_workbook(io.BytesIO(client.get(f"/export/data.xlsx?{CHIFENG}").data))
    footers = {ws.title: ws.oddFooter.left.text for ws in wb.worksheets}
    assert set(footers.values()) == {"赤峰市 · 用水总量 · 2025"}, footers
    overview = load_workbook(io.BytesIO(client.get("/export/data.xlsx?region=all&indicator=total_water_use").data))
    assert overview.worksheets[0].oddFooter.left.text.startswith("各地总览 · 用水总量")
