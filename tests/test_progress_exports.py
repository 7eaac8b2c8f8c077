"""完成情况一览: the table builder, /export/progress.xlsx, the progress map export, the deck's progress slides and
the dashboard card, on the bundled targets plus the fictitious actuals of tests/progress_data.py."""

from __future__ import annotations

import dataclasses
import io
import re
import struct

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from progress_data import EXPECTED_2024_GDP, EXPECTED_2024_TWU

from water_targets.data import get_dataset
from water_targets.exports import HEADER_ROW
from water_targets.progress_table import SEVERITY, UnknownStatus, parse_statuses, progress_table_rows, status_counts
from water_targets.status import STATUS_STYLE, STATUSES
from water_targets.status_words import status_label

pytestmark = pytest.mark.usefixtures("progress_store")

TWU = "region=150400&indicator=total_water_use"


@pytest.fixture(scope="module")
def data(progress_store):
    return get_dataset(progress_store)


def by_unit(rows: list[dict], indicator: str) -> dict[str, dict]:
    return {r["adcode"]: r for r in rows if r["indicator_id"] == indicator}


def rgb(hex_color: str) -> str:
    """How plotly writes a colour into SVG: rgb(86, 180, 233)."""
    h = hex_color.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))


# ---------------------------------------------------------------- the builder


def test_rows_give_the_hand_worked_statuses(data, geo) -> None:
    rows = progress_table_rows(data, geo, "150400", "zh")
    twu = by_unit(rows, "total_water_use")
    assert len(twu) == 13  # the city and its 12 counties, each with a 2025 cap
    assert {code: twu[code]["status"] for code in EXPECTED_2024_TWU} == EXPECTED_2024_TWU
    gdp = by_unit(rows, "gdp_water_intensity_reduction")
    assert {code: gdp[code]["status"] for code in EXPECTED_2024_GDP} == EXPECTED_2024_GDP
    ongniud = twu["150426"]
    assert ongniud["unit"] == "翁牛特旗" and ongniud["indicator"] == "用水总量"
    assert (ongniud["actual"], ongniud["actual_year"], ongniud["actual_flag"]) == ("2.88 亿立方米", 2024, "初步数")
    assert ongniud["target"] == "≤ 3.0047 亿立方米（2025年）" and ongniud["target_flag"] == ""
    assert ongniud["gap"] == "低于上限0.1247亿立方米" and ongniud["status_label"] == "进度正常"
    assert ongniud["target_source"] == "赤政发〔2025〕11号 附件 赤峰市2025年节水行动目标分解表"
    assert ongniud["actual_source"] == "测试〔2025〕1号 表1（测试数据）"
    assert gdp["150421"]["target"] == "≥ 20.78%（2025年，较2020年）"
    assert gdp["150421"]["gap"] == "距2025年目标还需下降10.78个百分点"
    # A unit without any actual is listed, so a reader sees what is missing.
    assert (
        twu["150422"]["status_label"] == "无实际数据" and twu["150422"]["actual"] == "" and twu["150422"]["gap"] == ""
    )
    # Worst first: what needs action on top, what cannot be judged at the bottom.
    ranks = [SEVERITY.index(r["status"]) for r in rows]
    assert ranks == sorted(ranks) and rows[0]["status"] == "exceeded"


def test_rows_in_english_and_target_flags(data, geo) -> None:
    rows = progress_table_rows(data, geo, "150400", "en")
    ongniud = by_unit(rows, "total_water_use")["150426"]
    assert ongniud["unit"] == "Ongniud Banner" and ongniud["actual_flag"] == "provisional"
    assert ongniud["status_label"] == "On track" and ongniud["gap"] == "0.1247 × 100 million m³ under the cap"
    estimates = [r for r in progress_table_rows(data, geo, "150400", "zh") if r["target_flag"]]
    assert {r["target_flag"] for r in estimates} >= {"预估数", "力争"}


def test_a_revised_latest_actual_is_flagged(data, geo) -> None:
    vals = data.values
    without_2023_on = vals[~((vals["region"] == "150426") & (vals["kind"] == "actual") & (vals["year"] >= 2023))]
    rows = progress_table_rows(dataclasses.replace(data, values=without_2023_on), geo, "150400", "zh")
    ongniud = by_unit(rows, "total_water_use")["150426"]
    assert (ongniud["actual"], ongniud["actual_year"], ongniud["actual_flag"]) == ("2.78 亿立方米", 2022, "修订数")


def test_filter_by_status_and_the_overview(data, geo) -> None:
    everything = progress_table_rows(data, geo, "150400", "zh")
    counts = status_counts(everything)
    assert counts["exceeded"] == 1 and counts["at_risk"] == 2 and list(counts) == [s for s in STATUSES if s in counts]
    chosen = parse_statuses("at_risk,exceeded")
    assert chosen == ("at_risk", "exceeded")  # legend order
    rows = progress_table_rows(data, geo, "150400", "zh", chosen)
    assert len(rows) == 3 and {r["status"] for r in rows} == {"at_risk", "exceeded"}
    assert not [r for r in progress_table_rows(data, geo, "150400", "zh", ("on_track",)) if r["actual_year"] is None]
    with pytest.raises(UnknownStatus, match="junk"):
        parse_statuses("met,junk")
    overview = progress_table_rows(data, geo, "all", "zh")
    assert {r["adcode"] for r in overview} == {"150400", "140600", "140800", "450700", "150222"}
    shuozhou = by_unit(overview, "total_water_use")["140600"]
    assert shuozhou["status"] == "met" and shuozhou["target"] == "≤ 6.79 亿立方米（2020年）"


# ---------------------------------------------------------------- XLSX


def sheet_rows(body: bytes):
    ws = load_workbook(io.BytesIO(body)).active
    header = [c.value for c in ws[HEADER_ROW]]
    rows = [list(r) for r in ws.iter_rows(min_row=HEADER_ROW + 1)]
    return ws, header, rows


def test_xlsx_has_words_coloured_status_cells_and_print_setup(client) -> None:
    resp = client.get("/export/progress.xlsx?region=150400")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    assert "water-targets-150400-progress.xlsx" in resp.headers["Content-Disposition"]
    ws, header, rows = sheet_rows(resp.data)
    assert ws["A1"].value == "赤峰市 · 完成情况一览"
    assert "数据版本" in ws["A2"].value and "超出上限 1" in ws["A2"].value
    assert header == [
        "地区",
        "指标",
        "评估所用实际值",
        "实际年份",
        "目标",
        "差距",
        "完成情况",
        "说明",
        "目标来源",
        "实际值来源",
    ]
    assert len(rows) == 89
    status_col = header.index("完成情况")
    label_to_status = {status_label(s, "zh"): s for s in STATUSES}
    for row in rows:
        cell = row[status_col]
        style = STATUS_STYLE[label_to_status[cell.value]]
        assert cell.fill.fgColor.rgb == "FF" + style["fill"].lstrip("#").upper()
        assert cell.font.color.rgb == "FF" + style["ink"].lstrip("#").upper()
    texts = {c.value for row in rows for c in row if isinstance(c.value, str)}
    assert not texts & set(STATUSES) and "total_water_use" not in texts  # words, not codes
    ongniud = next(r for r in rows if r[0].value == "翁牛特旗" and r[1].value == "用水总量")
    assert [c.value for c in ongniud[2:8]] == [
        "2.88 亿立方米",
        2024,
        "≤ 3.0047 亿立方米（2025年）",
        "低于上限0.1247亿立方米",
        "进度正常",
        "初步数",
    ]
    linxi = next(r for r in rows if r[0].value == "林西县" and r[5].value)
    assert linxi[2].value == "-2.0%（较2020年）"  # a negative figure stays as printed (no formula guard mark)
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}" and ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert all(c.alignment.wrap_text for c in ongniud)


def test_xlsx_filtered_and_in_english(client) -> None:
    ws, header, rows = sheet_rows(client.get("/export/progress.xlsx?region=150400&status=exceeded,at_risk").data)
    assert [r[header.index("完成情况")].value for r in rows] == ["超出上限", "接近上限", "接近上限"]
    assert "筛选：接近上限、超出上限" in ws["A2"].value
    ws, header, rows = sheet_rows(client.get("/export/progress.xlsx?region=all&lang=en&asof=1").data)
    assert ws["A1"].value == "Overview of the 5 regions · Progress against targets"
    assert "Data version 1 (" in ws["A2"].value and header[0] == "Unit"
    # version 1 (the bundled targets) has no actual figures
    assert {r[header.index("Status")].value for r in rows} <= {"No actual figure", "Not applicable"}


# ---------------------------------------------------------------- progress map


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


def test_progress_map_svg_has_status_fills_patterns_and_counted_legend(client) -> None:
    resp = client.get(f"/export/map.svg?{TWU}&view=progress")
    assert resp.status_code == 200 and "progress-map.svg" in resp.headers["Content-Disposition"]
    svg = resp.data.decode("utf-8")
    assert "赤峰市 · 用水总量 · 2024年完成情况" in svg  # default: the latest year with an actual
    for status in ("on_track", "at_risk", "exceeded", "no_actual"):
        assert rgb(STATUS_STYLE[status]["fill"]) in svg
    for label in ("进度正常（2）", "接近上限（2）", "超出上限（1）", "无实际数据（7）"):
        assert label in svg
    assert "<pattern" in svg  # dots and cross-hatch survive greyscale print
    assert "赤峰市完成情况" in svg and "数据版本" in svg and "测试〔2025〕1号 表1（测试数据）" in svg
    english = client.get(f"/export/map.svg?{TWU}&view=progress&year=2024&lang=en").data.decode("utf-8")
    assert "Over the cap (1)" in english and "At risk (2)" in english and "progress, 2024" in english


def test_progress_map_png_and_years(client) -> None:
    png = client.get(f"/export/map.png?{TWU}&view=progress&year=2020")
    assert png.status_code == 200 and png_size(png.data) == (1920, 1080)
    svg = client.get("/export/map.svg?region=150400&indicator=gdp_water_intensity_reduction&view=progress").data
    text = svg.decode("utf-8")
    assert "需加快进度（1）" in text and "偏离目标（1）" in text and "进度正常（1）" in text
    assert client.get(f"/export/map.svg?{TWU}&view=targets").status_code == 200


# ---------------------------------------------------------------- deck


def test_deck_has_the_progress_map_and_a_progress_slide(client) -> None:
    deck = Presentation(io.BytesIO(client.get(f"/export/deck.pptx?{TWU}&year=2025").data))
    slides = list(deck.slides)
    pictures = [shape for slide in slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 4 and all(png_size(p.image.blob) == (1920, 1080) for p in pictures)
    progress = [s for s in slides if any(sh.has_text_frame and "完成情况一览" in sh.text_frame.text for sh in s.shapes)]
    assert len(progress) == 1
    table = next(sh.table for sh in progress[0].shapes if sh.has_table)
    header = [c.text for c in table.rows[0].cells]
    # one indicator: its unit in words is named in the figures' headers, not in every cell
    assert header == ["地区", "评估所用实际值（亿立方米）", "目标（亿立方米）", "差距（亿立方米）", "完成情况", "说明"]
    body = [[c.text for c in row.cells] for row in list(table.rows)[1:]]
    assert len(body) == 13 and body[0][0] == "阿鲁科尔沁旗" and body[0][4] == "超出上限"
    assert [
        "翁牛特旗",
        "2024年：2.88",
        "≤ 3.0047（2025年）",
        "低于上限0.1247",
        "进度正常",
        "初步数",
    ] in body
    status_cell = table.cell(1, 4)
    assert str(status_cell.fill.fore_color.rgb) == STATUS_STYLE["exceeded"]["fill"].lstrip("#").upper()
    notes = "\n".join(sh.text_frame.text for sh in progress[0].shapes if sh.has_text_frame)
    assert "数据版本" in notes and "测试〔2025〕1号 表1（测试数据）" in notes
    # The progress map's slide and the table's name one assessment year (the latest actual: 2024).
    titles = [s.shapes.title.text for s in slides if s.shapes.title is not None]
    assert any(title.endswith("2024年完成情况") for title in titles), titles
    assert any("2024 · 完成情况一览" in title for title in titles), titles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_picture_slides_title_is_the_title_its_picture_draws(client, data, geo, lang) -> None:
    """The title placeholder behind each picture (what an outline or a screen reader lists) reads as the
    picture's own title: the map, the chart (its years), the ranking, the progress map (its assessment year)."""
    from water_targets import exports
    from water_targets.view_state import View

    deck = Presentation(io.BytesIO(client.get(f"/export/deck.pptx?{TWU}&year=2025&lang={lang}").data))
    shown = [s.shapes.title.text for s in deck.slides if any(sh.shape_type == 13 for sh in s.shapes)]
    view, canvas = View("150400", "total_water_use", 2025, lang), exports.Canvas(1920, 1080)
    figures = [
        exports.map_figure(data, geo, view, canvas),
        exports.chart_figure(data, geo, view, canvas),
        exports.ranking_figure(data, geo, view, canvas),
        exports.progress_map_figure(data, geo, exports.progress_view(data, geo, view), canvas),
    ]

    def drawn(fig) -> str:  # the picture's title annotation(s), tags and line breaks out
        text = "".join(a.text for a in fig.layout.annotations if a.name == "title")
        return re.sub(r"<[^>]+>|\s", "", text)

    assert [re.sub(r"\s", "", x) for x in shown] == [drawn(f) for f in figures]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_progress_slide_counts_what_the_progress_map_counts(client, lang) -> None:
    """The map's legend counts the region's units; the table slide adds the region's own row: its counts line
    gives the region's status and then the same counts as the legend (not 进度正常 8 beside a legend's 7)."""
    svg = client.get(f"/export/map.svg?{TWU}&view=progress&lang={lang}").data.decode("utf-8")
    deck = Presentation(io.BytesIO(client.get(f"/export/deck.pptx?{TWU}&year=2025&lang={lang}").data))
    texts = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    labels = [status_label(s, lang) for s in STATUSES]
    counted = {}
    for label in labels:
        found = re.search(re.escape(label) + r" ?[（(](\d+)[）)]", svg)
        if found:
            counted[label] = int(found.group(1))
    assert sum(counted.values()) == 12  # the 12 counties of 赤峰市
    line = next(x for x in texts if x.startswith("赤峰市：" if lang == "zh" else "Chifeng City: "))
    units_part = line.split("；" if lang == "zh" else "; ", 1)[1]
    assert all(f"{label} {n}" in units_part for label, n in counted.items()), (line, counted)


def test_deck_value_table_flags_actual_figures(client) -> None:
    deck = Presentation(io.BytesIO(client.get(f"/export/deck.pptx?{TWU}&year=2025").data))
    # Read by header: the kind (目标/实际) and the qualifier have columns of their own, the comparator is written
    # with the value.
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    value_tables = [tb for tb in tables if [c.text for c in tb.rows[0].cells][:2] == ["地区", "年份"]]
    rows = [
        dict(zip([c.text for c in tb.rows[0].cells], [c.text for c in row.cells], strict=True))
        for tb in value_tables
        for row in list(tb.rows)[1:]
    ]
    ongniud = {r["年份"]: r for r in rows if r["地区"] == "翁牛特旗"}
    assert (ongniud["2024"]["类型"], ongniud["2024"]["说明"]) == ("实际", "初步数")
    assert (ongniud["2022"]["类型"], ongniud["2022"]["说明"]) == ("实际", "修订数")
    # the 2025 targets have no qualifier: their slide leaves the empty column out and names the unit in the header
    assert "说明" not in ongniud["2025"] and ongniud["2025"]["数值（亿立方米）"] == "≤ 3.0047"


def test_deck_without_actuals_has_no_progress_slides(client) -> None:
    deck = Presentation(io.BytesIO(client.get("/export/deck.pptx?region=150400&indicator=irrigation_efficiency").data))
    texts = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert not any("完成情况" in x for x in texts)


# ---------------------------------------------------------------- the dashboard card


def grid_rows(page) -> int:
    return page.evaluate("document.querySelectorAll('#progress-table .ag-center-cols-container .ag-row').length")


@pytest.mark.browser
def test_card_filters_by_status(page, live_server) -> None:
    page.goto(live_server + "/?region=150400&indicator=total_water_use")
    page.wait_for_selector("#map path.map-unit")
    page.locator("#progress-slot").scroll_into_view_if_needed()
    page.wait_for_selector("#progress-table .ag-row")
    page.wait_for_function("document.querySelector('#progress-count').textContent.includes('89 / 89')")
    assert grid_rows(page) == 20  # the first page of 89 rows
    first = page.locator("#progress-table .ag-center-cols-container .ag-row[row-index='0'] [col-id='severity']")
    assert first.inner_text() == "超出上限"
    assert re.sub(r"\s", "", first.evaluate("e => getComputedStyle(e).backgroundColor")) == rgb(
        STATUS_STYLE["exceeded"]["fill"]
    ).replace(" ", "")
    assert page.locator("#progress-status label", has_text="无实际数据").inner_text().endswith("79")
    page.locator("#progress-status label", has_text="无实际数据").click()
    page.wait_for_function("document.querySelector('#progress-count').textContent.includes('10 / 89')")
    page.wait_for_function(
        "document.querySelectorAll('#progress-table .ag-center-cols-container .ag-row').length === 10"
    )
    href = page.get_attribute("#progress-xlsx", "href")
    assert "region=150400" in href and "status=" in href and "no_actual" not in href
