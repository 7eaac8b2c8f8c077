"""Upload parsing: formats, encodings, headers, normalisation, refusals (size, zip bombs, formulas), templates."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from water_targets.data import get_geo
from water_targets.imports import parse, readers
from water_targets.imports.parse import (
    IMPORT_DOCUMENT_COLUMNS,
    MAX_BYTES,
    ParsedFile,
    Problem,
    Vocabulary,
    parse_upload,
)
from water_targets.imports.template import (
    SHEET_DOCUMENTS,
    SHEET_INDICATORS,
    SHEET_LISTS,
    SHEET_VALUES,
    template_csv,
    template_xlsx,
)
from water_targets.indicators import VALUE_COLUMNS, bundled_directory
from water_targets.schemas import load_dataset

VOCAB = Vocabulary(
    indicator_units={
        "total_water_use": ("亿立方米", "10⁸ m³"),
        "irrigation_efficiency": ("无量纲", "dimensionless"),
        "pipe_leakage_rate": ("%", "%"),
    },
    indicator_names={
        "用水总量": "total_water_use",
        "农田灌溉水有效利用系数": "irrigation_efficiency",
        "公共供水管网漏损率": "pipe_leakage_rate",
    },
    region_names={"赤峰市": "150400", "红山区": "150402"},
)
HEADER_ZH = ["地区", "指标", "年份", "类型", "数值", "比较符", "基准年", "限定词", "文件", "章节", "备注"]
ROW_ZH = ["赤峰市", "用水总量", "2025", "目标", "20.23", "以内", "", "", "chifeng-2025", "一、工作目标", "原文"]
EXPECTED = {
    "region": "150400",
    "indicator": "total_water_use",
    "year": "2025",
    "kind": "target",
    "value": "20.23",
    "comparator": "<=",
    "baseline_year": "",
    "qualifier": "",
    "doc": "chifeng-2025",
    "section": "一、工作目标",
    "note": "原文",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def value_row(row: list[str], vocab: Vocabulary = VOCAB, header: list[str] = HEADER_ZH) -> ParsedFile:
    return parse_upload("v.csv", csv_bytes([header, row]), vocab)


def one_value(**changes: str) -> tuple[dict[str, str], list[Problem]]:
    """Parse ROW_ZH with some cells changed (by canonical column); the row's cells and the problems."""
    row = list(ROW_ZH)
    for column, text in changes.items():
        row[VALUE_COLUMNS.index(column)] = text
    parsed = value_row(row)
    assert len(parsed.values) == 1
    return parsed.values[0].cells, parsed.problems


def assert_bilingual(problems: list[Problem]) -> None:
    assert problems
    for p in problems:
        assert p.message_en and p.message_zh and p.message_en != p.message_zh
        assert CJK.search(p.message_zh), p.message_zh


def only_problem(parsed: ParsedFile) -> Problem:
    assert len(parsed.problems) == 1, parsed.problems
    assert_bilingual(parsed.problems)
    return parsed.problems[0]


# ---------------------------------------------------------------- formats and encodings


def test_csv_and_xlsx_give_the_same_canonical_rows() -> None:
    from_csv = parse_upload("targets.csv", csv_bytes([HEADER_ZH, ROW_ZH]), VOCAB)
    from_xlsx = parse_upload("targets.xlsx", xlsx_bytes({"数值": [HEADER_ZH, ROW_ZH]}), VOCAB)
    for parsed in (from_csv, from_xlsx):
        assert parsed.problems == []
        assert parsed.documents == []
        assert [(r.sheet, r.row, r.cells) for r in parsed.values] == [("values", 2, EXPECTED)]
        assert list(parsed.values[0].cells) == VALUE_COLUMNS


@pytest.mark.parametrize(
    ("filename", "data", "words"),
    [
        ("targets.pdf", b"%PDF-1.7 ...", ("unsupported file type; upload .xlsx or .csv", "不支持")),
        ("targets", b"region,indicator", ("unsupported file type", "不支持")),
        ("targets.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ("Excel 97-2003", "另存为")),
        ("targets.xlsx", b"region,indicator,year\n", ("not a valid .xlsx", "不是有效的 .xlsx")),
        ("targets.xlsx", b"PK\x03\x04 truncated", ("not a valid .xlsx", "不是有效的 .xlsx")),
        ("targets.csv", b"", ("empty", "空")),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_one_file_level_problem(filename: str, data: bytes, words: tuple) -> None:
    parsed = parse_upload(filename, data, VOCAB)
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("", None, None)
    assert words[0] in problem.message_en and words[1] in problem.message_zh
    assert parsed.values == parsed.documents == []


def test_xlsx_is_recognised_by_content_whatever_its_name() -> None:
    parsed = parse_upload("export.csv", xlsx_bytes({"Sheet1": [HEADER_ZH, ROW_ZH]}), VOCAB)
    assert parsed.problems == [] and parsed.values[0].cells == EXPECTED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_csv_encodings(encoding: str) -> None:
    parsed = parse_upload("targets.csv", csv_bytes([HEADER_ZH, ROW_ZH], encoding), VOCAB)
    assert parsed.problems == []
    assert parsed.values[0].cells == EXPECTED


def test_csv_in_no_known_encoding_is_refused() -> None:
    data = csv_bytes([HEADER_ZH]) + b"\x80\x80,\xff\xfe\r\n"
    problem = only_problem(parse_upload("targets.csv", data, VOCAB))
    assert "encoding" in problem.message_en and "UTF-8" in problem.message_zh


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_separated_csv(delimiter: str) -> None:
    row = [*ROW_ZH[:-1], "原文, 含逗号"]
    parsed = parse_upload("targets.csv", csv_bytes([HEADER_ZH, row], delimiter=delimiter), VOCAB)
    assert parsed.problems == []
    assert parsed.values[0].cells == EXPECTED | {"note": "原文, 含逗号"}


# ---------------------------------------------------------------- headers, title rows, empty rows


@pytest.mark.parametrize(
    "header",
    [
        VALUE_COLUMNS,
        ["Region", "INDICATOR", "Year", "Kind", "Value", "Comparator", "Baseline Year", "Qualifier", "Doc", "Section",
         "Note"],
        ["行政区", "指标", "年度", "数据类型", "目标值", "比较", "基准年", "限定", "来源文件", "条款", "原文"],
        ["区域", "指标", "年份", "类型", "值", "比较符", "基准年", "限定词", "出处", "章节", "备注"],
        ["地区 region", "指标 indicator", "年份 year", "类型 kind", "数值（value）", "比较符(comparator)",
         "基准年 baseline_year", "限定词 qualifier", "来源文件 doc", "章节 section", "备注/原文"],
        ["地区（填名称或代码）", " 指标 ", "年份", "类型", "数值（亿立方米）", "比较符", "基准年", "限定词", "文件",
         "章节", "备注"],
    ],
)  # fmt: skip
def test_headers_in_chinese_english_or_both(header: list[str]) -> None:
    parsed = value_row(ROW_ZH, header=header)
    assert parsed.problems == []
    assert parsed.values[0].cells == EXPECTED


def test_unknown_extra_columns_are_named_not_dropped_silently() -> None:
    header = [*HEADER_ZH, "单位", "审核人"]
    parsed = value_row([*ROW_ZH, "亿立方米", "张三"], header=header)
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("values", 1, None)
    assert "L “单位”" in problem.message_en and "M “审核人”" in problem.message_en
    assert "L列“单位”" in problem.message_zh and "M列“审核人”" in problem.message_zh
    assert parsed.values[0].cells == EXPECTED  # the known columns are still read


def test_missing_required_headers_are_listed_and_cells_are_empty() -> None:
    header = ["地区", "指标", "年份", "类型", "比较符", "备注"]
    parsed = value_row(["赤峰市", "用水总量", "2025", "目标", "<=", "x"], header=header)
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row) == ("values", 1)
    assert "doc, section, value or qualifier" in problem.message_en
    assert "来源文件、章节、数值（或限定词）" in problem.message_zh
    assert set(parsed.values[0].cells) == set(VALUE_COLUMNS)
    assert parsed.values[0].cells["doc"] == parsed.values[0].cells["value"] == ""


def test_data_under_an_empty_header_is_reported() -> None:
    parsed = value_row([*ROW_ZH, "", "遗漏"])
    problem = only_problem(parsed)
    assert (problem.row, problem.column) == (2, None)
    assert "column M" in problem.message_en and "M列" in problem.message_zh


def test_duplicate_column_is_reported() -> None:
    parsed = value_row([*ROW_ZH, "20.23"], header=[*HEADER_ZH, "value"])
    problem = only_problem(parsed)
    assert "value appears twice (E and L)" in problem.message_en and "出现了两次" in problem.message_zh


def test_title_rows_above_the_header_keep_real_row_numbers() -> None:
    rows = [["赤峰市2025年节水行动目标"], ["单位：亿立方米", "", "制表：水利局"], [], HEADER_ZH, ROW_ZH, ROW_ZH]
    for parsed in (
        parse_upload("t.csv", csv_bytes(rows), VOCAB),
        parse_upload("t.xlsx", xlsx_bytes({"数值": rows}), VOCAB),
    ):
        assert parsed.problems == []
        assert [r.row for r in parsed.values] == [5, 6]


def test_no_header_in_the_first_rows_is_a_problem() -> None:
    rows = [["标题"]] * 6 + [HEADER_ZH, ROW_ZH]
    parsed = parse_upload("t.csv", csv_bytes(rows), VOCAB)
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row) == ("values", None)
    assert "no header row" in problem.message_en and "找不到表头" in problem.message_zh
    assert parsed.values == []


def test_empty_rows_are_skipped_and_other_rows_never_dropped() -> None:
    rows = [
        HEADER_ZH,
        ROW_ZH,
        [""] * 11,
        [],
        ["  ", "\u3000"],
        ROW_ZH,
        ["", "", "", "", "", "", "", "", "", "", "只有备注"],
    ]
    parsed = parse_upload("t.csv", csv_bytes(rows), VOCAB)
    assert [r.row for r in parsed.values] == [2, 6, 7]
    assert parsed.values[2].cells == dict.fromkeys(VALUE_COLUMNS, "") | {"note": "只有备注"}


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("１２．５", "12.5"),
        ("1,234.5", "1234.5"),
        ("1，234.5", "1234.5"),
        ("0.5800", "0.5800"),
        ("－3", "-3"),
        (" 20.23 ", "20.23"),
        ("abc", "abc"),  # not a number: kept for the validator
        ("1,23", "1,23"),
    ],
)
def test_numbers_are_ascii_without_separators_and_keep_their_digits(typed: str, value: str) -> None:
    cells, problems = one_value(value=typed, comparator="<=")
    assert problems == []
    assert cells["value"] == value


@pytest.mark.parametrize(
    ("typed", "comparator"),
    [
        ("<=", "<="),
        ("≤", "<="),
        ("以内", "<="),
        ("以下", "<="),
        ("不超过", "<="),
        ("控制在…以内", "<="),
        (">=", ">="),
        ("≥", ">="),
        ("以上", ">="),
        ("不低于", ">="),
        ("达到", ">="),
        ("=", "="),
        ("＝", "="),
        ("", ""),
    ],
)
def test_comparator_words(typed: str, comparator: str) -> None:
    cells, problems = one_value(comparator=typed)
    assert problems == []
    assert cells["comparator"] == comparator


def test_unknown_comparator_is_a_problem_on_its_cell() -> None:
    cells, problems = one_value(comparator="大约")
    assert_bilingual(problems)
    [p] = problems
    assert (p.sheet, p.row, p.column) == ("values", 2, "comparator")
    assert p.message_en.startswith("row 2, column F (comparator): comparator “大约” is not recognised")
    assert p.message_zh.startswith("第2行“比较符”（F列）：无法识别比较符“大约”")
    assert cells["comparator"] == "大约"


@pytest.mark.parametrize(
    ("typed", "kind"), [("target", "target"), ("Target", "target"), ("目标", "target"), ("目标值", "target"),
                        ("actual", "actual"), ("实际", "actual"), ("实际值", "actual"), ("规划", "规划")]
)  # fmt: skip
def test_kinds(typed: str, kind: str) -> None:
    assert one_value(kind=typed)[0]["kind"] == kind


@pytest.mark.parametrize(
    ("typed", "qualifier"),
    [
        ("maintain_baseline", "maintain_baseline"),
        ("保持基准年水平", "maintain_baseline"),
        ("不适用", "not_applicable"),
        ("/", "not_applicable"),
        ("预估", "estimate"),
        ("预估数", "estimate"),
        ("力争", "strive"),
        ("初步数", "provisional"),
        ("修订", "revised"),
        ("strive", "strive"),
        ("待定", "待定"),  # unknown: the validator reports it
    ],
)
def test_qualifiers(typed: str, qualifier: str) -> None:
    assert one_value(qualifier=typed)[0]["qualifier"] == qualifier


def test_keep_the_2020_level_fills_an_empty_baseline_year_and_checks_a_given_one() -> None:
    cells, problems = one_value(qualifier="保持2020年水平", value="0", comparator="=")
    assert problems == [] and (cells["qualifier"], cells["baseline_year"]) == ("maintain_baseline", "2020")
    cells, problems = one_value(qualifier="保持2020年水平", baseline_year="2015")
    assert_bilingual(problems)
    assert [(p.row, p.column) for p in problems] == [(2, "baseline_year")]


@pytest.mark.parametrize(
    ("region", "indicator", "expected"),
    [
        ("赤峰市", "用水总量", ("150400", "total_water_use")),
        ("150402", "total_water_use", ("150402", "total_water_use")),
        ("１５０４０２", "Total_Water_Use", ("150402", "total_water_use")),
        ("赤峰", "用水量", ("赤峰", "用水量")),  # not exact: kept for the validator's "unknown region"
    ],
)
def test_regions_and_indicators(region: str, indicator: str, expected: tuple[str, str]) -> None:
    cells, _ = one_value(region=region, indicator=indicator)
    assert (cells["region"], cells["indicator"]) == expected


@pytest.mark.parametrize(
    ("indicator", "typed", "value"),
    [
        ("用水总量", "3.0047亿立方米", "3.0047"),
        ("用水总量", "3.0047 亿m³", "3.0047"),
        ("用水总量", "3.0047亿m3", "3.0047"),
        ("用水总量", "3.0047 10⁸ m³", "3.0047"),
        ("公共供水管网漏损率", "9％", "9"),
        ("公共供水管网漏损率", "9%", "9"),
    ],
)
def test_the_indicators_own_unit_is_dropped_from_the_value(indicator: str, typed: str, value: str) -> None:
    cells, problems = one_value(indicator=indicator, value=typed)
    assert problems == []
    assert cells["value"] == value


def test_another_unit_is_a_problem_naming_the_expected_unit() -> None:
    cells, problems = one_value(value="30000万立方米")
    assert_bilingual(problems)
    [p] = problems
    assert (p.sheet, p.row, p.column) == ("values", 2, "value")
    assert p.message_zh == "第2行“数值”（E列）：单位应为“亿立方米”，而不是“万立方米”"
    assert p.message_en == "row 2, column E (value): unit must be 亿立方米 (10⁸ m³), not 万立方米"
    assert cells["value"] == "30000万立方米"  # not half-converted
    [p] = one_value(indicator="irrigation_efficiency", value="66%")[1]
    assert "unit must be 无量纲 (dimensionless), not %" in p.message_en


@pytest.mark.parametrize(
    ("typed", "value", "comparator"),
    [
        ("20.23以内", "20.23", "<="),
        ("≥0.66", "0.66", ">="),
        ("控制在20.23亿立方米以内", "20.23", "<="),
        ("0.66以上", "0.66", ">="),
        ("=5", "5", "="),
    ],
)
def test_comparator_words_in_the_value_move_to_an_empty_comparator(typed: str, value: str, comparator: str) -> None:
    cells, problems = one_value(value=typed, comparator="")
    assert problems == []
    assert (cells["value"], cells["comparator"]) == (value, comparator)


def test_comparator_words_in_the_value_must_agree_with_the_comparator() -> None:
    cells, problems = one_value(value="20.23以内", comparator="<=")
    assert problems == [] and (cells["value"], cells["comparator"]) == ("20.23", "<=")
    cells, problems = one_value(value="20.23以上", comparator="≤")
    assert_bilingual(problems)
    assert [(p.row, p.column) for p in problems] == [(2, "comparator")]
    assert "contradicts “以上” (>=)" in problems[0].message_en


@pytest.mark.parametrize(("typed", "year"), [("2025", "2025"), ("2025年", "2025"), ("２０２５", "2025"),
                                             ("2025.0", "2025"), ("25", "25")])  # fmt: skip
def test_years(typed: str, year: str) -> None:
    cells, _ = one_value(year=typed, baseline_year=typed)
    assert cells["year"] == cells["baseline_year"] == year


def test_xlsx_numbers_dates_and_number_formats() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "values"
    ws.append(HEADER_ZH)
    ws.append([150400, "用水总量", 2025, "target", 0.58, ">=", 2020.0, None, "d", "s", None])
    ws.append(["赤峰市", "用水总量", 2025.0, "target", 12.0, "=", None, None, "d", "s", None])
    ws.append(["赤峰市", "用水总量", 2025, "target", 0.58, ">=", None, None, "d", "s", None])
    ws["E4"].number_format = "0.0000"  # shown as 0.5800: keep the zeros
    ws.append(["赤峰市", "公共供水管网漏损率", 2025, "target", 0.09, "<=", None, None, "d", "s", None])
    ws["E5"].number_format = "0%"  # Excel shows 9%: a percent indicator gets 9, not 0.09
    ws.append(["赤峰市", "用水总量", 2025, "target", 0.66, ">=", None, None, "d", "s", None])
    ws["E6"].number_format = "0"  # shown rounded as 1: never take the rounding
    ws.append(["赤峰市", "用水总量", 2025, "target", 1e-05, ">=", None, None, "d", "s", None])
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_upload("t.xlsx", out.getvalue(), VOCAB)
    assert parsed.problems == []
    got = [(r.cells["region"], r.cells["year"], r.cells["value"], r.cells["baseline_year"]) for r in parsed.values]
    assert got == [
        ("150400", "2025", "0.58", "2020"),
        ("150400", "2025", "12", ""),
        ("150400", "2025", "0.5800", ""),
        ("150400", "2025", "9", ""),
        ("150400", "2025", "0.66", ""),
        ("150400", "2025", "0.00001", ""),
    ]


def test_documents_sheet_and_documents_csv() -> None:
    header = ["文件ID", "地区", "标题", "英文标题", "文号", "印发日期", "链接", "类型"]
    row = ["chifeng-2025", "赤峰市", "赤峰市节水行动实施方案", "Chifeng plan", "赤政发〔2025〕11号", "2025年4月11日",
           "", "plan"]  # fmt: skip
    expected = dict(zip(IMPORT_DOCUMENT_COLUMNS, row, strict=True)) | {"region": "150400", "issued": "2025-04-11"}
    from_csv = parse_upload("docs.csv", csv_bytes([header, row]), VOCAB)
    from_xlsx = parse_upload("t.xlsx", xlsx_bytes({"数值": [HEADER_ZH, ROW_ZH], "来源文件": [header, row]}), VOCAB)
    assert from_csv.problems == from_xlsx.problems == []
    assert [(r.sheet, r.row, r.cells) for r in from_csv.documents] == [("documents", 2, expected)]
    assert [(r.sheet, r.row, r.cells) for r in from_xlsx.documents] == [("documents", 2, expected)]
    assert from_csv.values == [] and [r.cells for r in from_xlsx.values] == [EXPECTED]


# ---------------------------------------------------------------- sheets


def test_sheets_by_name_instructions_ignored_first_unnamed_sheet_holds_values() -> None:
    data = xlsx_bytes(
        {
            "说明": [["填写说明"], ["地区", "指标", "年份"]],
            "指标 indicators": [["id", "name_zh"], ["total_water_use", "用水总量"]],
            "Sheet1": [HEADER_ZH, ROW_ZH],
            "Sheet2": [],
        }
    )
    parsed = parse_upload("t.xlsx", data, VOCAB)
    assert parsed.problems == [] and [r.cells for r in parsed.values] == [EXPECTED]


def test_a_second_sheet_with_data_is_reported_not_ignored() -> None:
    parsed = parse_upload("t.xlsx", xlsx_bytes({"数值 values": [HEADER_ZH, ROW_ZH], "Sheet2": [["备用"]]}), VOCAB)
    problem = only_problem(parsed)
    assert problem.sheet == "" and "Sheet2" in problem.message_en and "Sheet2" in problem.message_zh
    assert len(parsed.values) == 1


def test_problems_in_a_workbook_name_the_sheet() -> None:
    parsed = parse_upload("t.xlsx", xlsx_bytes({"数值 values": [HEADER_ZH, [*ROW_ZH[:5], "大约", *ROW_ZH[6:]]]}), VOCAB)
    problem = only_problem(parsed)
    assert problem.message_en.startswith("sheet “数值 values”, row 2, column F (comparator)")
    assert problem.message_zh.startswith("工作表“数值 values”第2行“比较符”（F列）")


# ---------------------------------------------------------------- refusals


def test_too_big_a_file_is_refused_with_size_and_limit() -> None:
    problem = only_problem(parse_upload("t.csv", b"a" * (MAX_BYTES + 1), VOCAB))
    assert "10.1 MB" in problem.message_en and "limit of 10 MB" in problem.message_en
    assert "10.1 MB" in problem.message_zh and "上限 10 MB" in problem.message_zh


def test_too_many_rows_are_refused_with_count_and_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_ROWS", 3)  # the check
    monkeypatch.setattr(readers, "MAX_ROWS", 3)  # the rows kept while reading
    parsed = parse_upload("t.csv", csv_bytes([["标题"], HEADER_ZH, *[ROW_ZH] * 4]), VOCAB)
    problem = only_problem(parsed)
    assert parsed.values == []
    assert "has 4 data rows, more than the limit of 3" in problem.message_en
    assert "有 4 行数据，超过上限 3 行" in problem.message_zh
    assert parse_upload("t.csv", csv_bytes([HEADER_ZH, *[ROW_ZH] * 3]), VOCAB).problems == []


def zip_with(members: dict[str, bytes | int]) -> bytes:
    """A zip; an int member is that many zero bytes, written in chunks (a bomb stays small and fast)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            if isinstance(content, bytes):
                zf.writestr(name, content)
                continue
            with zf.open(name, "w") as f:
                for _ in range(content // (1 << 20)):
                    f.write(b"\0" * (1 << 20))
    return out.getvalue()


@pytest.mark.parametrize(
    ("members", "words"),
    [
        ({"xl/worksheets/sheet1.xml": 200 << 20}, "200 MB unpacked, limit 100 MB"),
        ({"xl/worksheets/sheet1.xml": 20 << 20}, "xl/worksheets/sheet1.xml is compressed"),
        ({f"x/{i}.xml": b"<a/>" for i in range(1001)}, "1001 parts inside, limit 1000"),
    ],
)
def test_zip_bombs_are_refused_before_unpacking(members: dict, words: str) -> None:
    data = zip_with(members)
    assert len(data) < MAX_BYTES
    problem = only_problem(parse_upload("t.xlsx", data, VOCAB))
    assert "expands suspiciously" in problem.message_en and words in problem.message_en
    assert "异常膨胀" in problem.message_zh


def test_a_zip_that_is_not_a_workbook_is_not_a_valid_xlsx() -> None:
    problem = only_problem(parse_upload("t.xlsx", zip_with({"hello.txt": b"hi"}), VOCAB))
    assert "not a valid .xlsx" in problem.message_en
    good = xlsx_bytes({"数值": [HEADER_ZH, ROW_ZH]})
    assert "not a valid .xlsx" in only_problem(parse_upload("t.xlsx", good[: len(good) // 2], VOCAB)).message_en


PASTE_ZH = "请复制后“粘贴为数值”再上传"


def test_formula_cells_are_refused_cell_by_cell() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "数值"
    ws.append(HEADER_ZH)
    ws.append(ROW_ZH)
    ws.append(ROW_ZH)
    ws["E3"] = "=E2*2"
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_upload("t.xlsx", out.getvalue(), VOCAB)
    problem = only_problem(parsed)
    assert (problem.sheet, problem.row, problem.column) == ("values", 3, "value")
    assert problem.message_zh == "工作表“数值”第3行“数值”（E列）：这是公式（=E2*2），公式不导入：" + PASTE_ZH
    assert "formula cells are not imported (the cached value is not used): paste as values" in problem.message_en
    assert [r.row for r in parsed.values] == [2, 3]  # the row stays, its formula cell is empty
    assert parsed.values[1].cells == EXPECTED | {"value": ""}


def test_in_csv_an_equals_sign_is_a_comparator_and_formula_text_is_refused() -> None:
    cells, problems = one_value(comparator="=")
    assert problems == [] and cells["comparator"] == "="
    cells, problems = one_value(note='=HYPERLINK("http://x")')
    assert_bilingual(problems)
    assert [(p.row, p.column) for p in problems] == [(2, "note")]
    assert cells["note"] == ""


@pytest.mark.parametrize(
    "data",
    [
        b"PK",
        b"PK\x05\x06" + b"\0" * 18,
        b"\xef\xbb\xbf",
        b"\r\n\r\n",
        b'"unclosed,\x00',
        b"a,b\n" * 10,
        bytes(range(256)),
    ],
)
def test_garbage_never_raises(data: bytes) -> None:
    for name in ("x.csv", "x.xlsx", "x.bin"):
        parsed = parse_upload(name, data, VOCAB)
        assert parsed.values == [] and parsed.documents == []
        assert_bilingual(parsed.problems)


# ---------------------------------------------------------------- templates and the real vocabulary


@pytest.fixture(scope="module")
def real() -> tuple:
    geo = get_geo()
    dataset = load_dataset(bundled_directory(), geo)
    return dataset, geo, Vocabulary.from_dataset(dataset, geo)


def test_vocabulary_from_the_dataset(real: tuple) -> None:
    _, geo, vocab = real
    assert vocab.indicator_units["total_water_use"] == ("亿立方米", "100 million m³")
    assert vocab.indicator_names["用水总量"] == vocab.indicator_names["total_water_use"] == "total_water_use"
    assert vocab.region_names["赤峰市"] == "150400"
    # Every unit once: by its own name, or among the candidates of a name several units share (城关区 …).
    shared = sum(len(codes) for codes in vocab.ambiguous_regions.values())
    assert len(vocab.region_names) + shared == len(geo.regions)
    parsed = value_row(
        ["红山区", "用水总量", "2025年", "目标值", "控制在3.0047亿m³以内", "", "", "", "d", "s", ""], vocab
    )
    assert parsed.problems == []
    cells = parsed.values[0].cells
    assert (cells["region"], cells["indicator"], cells["value"], cells["comparator"]) == (
        "150402",
        "total_water_use",
        "3.0047",
        "<=",
    )


def test_empty_templates_parse_to_nothing(real: tuple) -> None:
    dataset, geo, vocab = real
    assert parse_upload("template.xlsx", template_xlsx(dataset, geo), vocab) == ParsedFile()
    data = template_csv(dataset)
    assert data.startswith(b"\xef\xbb\xbf")
    assert parse_upload("template.csv", data, vocab) == ParsedFile()


def test_template_has_instructions_dropdowns_references_and_no_figures(real: tuple) -> None:
    dataset, geo, _ = real
    wb = load_workbook(io.BytesIO(template_xlsx(dataset, geo)))
    assert wb.sheetnames[0].startswith("说明") and SHEET_VALUES in wb.sheetnames
    assert wb[SHEET_LISTS].sheet_state == "hidden"
    guide = "\n".join(str(c.value) for c in wb.worksheets[0]["A"] if c.value)
    for words in ("确认导入", "公式", "GB18030", "以内", "target", "亿立方米", "Confirm import", "formula"):
        assert words in guide
    values = wb[SHEET_VALUES]
    assert values.max_row == 1 and values.freeze_panes == "A2"
    dropdowns = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in values.data_validations.dataValidation}
    assert set(dropdowns) == {"A2", "B2", "D2", "F2", "H2"}  # region, indicator, kind, comparator, qualifier
    lists = wb[SHEET_LISTS]
    assert [c.value for c in lists["C"][1:4]] == ["<=", ">=", "="]
    assert "赤峰市" in [c.value for c in lists["A"]]
    reference = [[c.value for c in row] for row in wb[SHEET_INDICATORS].iter_rows(min_row=2)]
    assert ["total_water_use", "用水总量", "Total water use", "亿立方米", "100 million m³"] in reference
    assert wb[SHEET_DOCUMENTS].max_row == 1
    for ws in (values, wb[SHEET_DOCUMENTS]):
        assert all(not isinstance(c.value, int | float) for row in ws.iter_rows() for c in row)


def test_a_filled_template_round_trips(real: tuple) -> None:
    dataset, geo, vocab = real
    wb = load_workbook(io.BytesIO(template_xlsx(dataset, geo)))
    wb[SHEET_VALUES].append(["赤峰市", "用水总量", "2025", "target", "20.23", "<=", "", "", "chifeng-2025", "一", "n"])
    wb[SHEET_VALUES].append(["红山区", "农田灌溉水有效利用系数", "2025", "target", "0.6600", ">=", "", "strive",
                             "chifeng-2025", "附件", ""])  # fmt: skip
    wb[SHEET_DOCUMENTS].append(["x-plan", "赤峰市", "标题", "Title", "", "2025-04-11", "https://example.org/x", "plan"])
    out = io.BytesIO()
    wb.save(out)
    parsed = parse_upload("filled.xlsx", out.getvalue(), vocab)
    assert parsed.problems == []
    assert [(r.row, r.cells) for r in parsed.values] == [
        (2, EXPECTED | {"section": "一", "note": "n"}),
        (3, EXPECTED | {"region": "150402", "indicator": "irrigation_efficiency", "value": "0.6600",
                        "comparator": ">=", "qualifier": "strive", "section": "附件", "note": ""}),
    ]  # fmt: skip
    assert [r.cells for r in parsed.documents] == [
        {"id": "x-plan", "region": "150400", "title": "标题", "title_en": "Title", "number": "", "issued": "2025-04-11",
         "url": "https://example.org/x", "kind": "plan"}
    ]  # fmt: skip
