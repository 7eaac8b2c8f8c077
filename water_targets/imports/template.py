"""Blank upload templates: an .xlsx with instructions, dropdowns and reference lists, and a .csv header.

Both parse back with zero rows and zero problems. They carry no example figures: every number in the
dataset must be cited, so nothing in a template may look like data. Every text cell is a string cell
(text_only.text_cell): a unit or indicator name such as '=HYPERLINK(…)' is shown as written, never run as a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..geo import GeoData, Region
from ..indicators import DOCUMENT_KINDS, KINDS, VALUE_COLUMNS, Dataset
from ..qualifiers import COMPARATORS, QUALIFIERS
from ..text_only import append_text_row, put_text
from .cells import DOCUMENT_KIND_TABLE, KIND_TABLE, QUALIFIER_CHOICES
from .parse import COLUMN_LABELS, IMPORT_DOCUMENT_COLUMNS, MAX_BYTES, MAX_ROWS, Vocabulary

SHEET_INSTRUCTIONS = "说明 Instructions"
SHEET_VALUES = "数值 values"
SHEET_DOCUMENTS = "文件 documents"
SHEET_INDICATORS = "指标 indicators"
SHEET_REGIONS = "地区 regions"
SHEET_LISTS = "_lists"  # hidden: the ranges the dropdowns read


def template_header(column: str) -> str:
    """Bilingual header the parser recognises: "地区 region"."""
    return f"{COLUMN_LABELS[column]} {column}"


VALUE_HEADER = [template_header(c) for c in VALUE_COLUMNS]
DOCUMENT_HEADER = [template_header(c) for c in IMPORT_DOCUMENT_COLUMNS]

VALUE_WIDTHS = {
    "region": 14,
    "indicator": 32,
    "year": 10,
    "kind": 10,
    "value": 12,
    "comparator": 12,
    "baseline_year": 12,
    "qualifier": 18,
    "doc": 18,
    "section": 34,
    "note": 50,
}
DOCUMENT_WIDTHS = {
    "id": 18, "region": 14, "title": 50, "title_en": 40, "number": 22, "issued": 14, "url": 40, "kind": 12
}

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F6F8B")
TEXT_FORMAT = "@"  # cells typed into stay text: "0.5800" keeps its zeros, "2025-04-11" is not a date

MB = MAX_BYTES // (1024 * 1024)
QUALIFIER_CODES = [q for q in QUALIFIERS if q]

INSTRUCTIONS_ZH = [
    ("h1", "节水目标数据导入模板"),
    ("", "把规划文件中的目标值（或统计公报中的实际值）填进“数值 values”工作表，"
         "文件信息填进“文件 documents”工作表，然后在网站的“导入”页面上传本文件。"),
    ("", "系统先检查并列出每一处问题和将要新增、修改的行；点击“确认导入”之前，不会写入任何数据。"),
    ("h2", "“数值 values”各列"),
    ("", "地区 region（必填）：从下拉列表选择地区名称，或填写6位行政区划代码。"),
    ("", "指标 indicator（必填）：从下拉列表选择指标名称，或填写指标ID。各指标的单位见下文和“指标 indicators”工作表。"),
    ("", "年份 year（必填）：目标年份（或实际值所属年份），四位数字。"),
    ("", "类型 kind（必填）：target（目标值）或 actual（实际值）。"),
    ("", "数值 value：照文件原样填写数字，保留文件印的小数位；不带单位，或带与该指标单位完全相同的单位。"),
    ("", "比较符 comparator（目标值必填，实际值留空）：<=（≤；文件写“以内”“以下”“不超过”）、"
         ">=（≥；文件写“以上”“不低于”“达到”；“下降15%”“发展10万亩”这类没写“以上”的下降率和数量也按下限 >= 填）、"
         "=（确为定值）。也可以直接填“以内”“以上”。"),
    ("", "实际值 actual：用该指标自己的单位；下降类指标填较同一基准年的实际下降率（%，用水强度上升时为负数），"
         "并填基准年；来源文件须是统计公报（statistics）或考核结果（assessment）。"),
    ("", "基准年 baseline_year：“较某年下降”这类相对指标的基准年份，其他指标留空。"),
    ("", "限定词 qualifier：通常留空；maintain_baseline 保持基准年水平，not_applicable 不适用（数值留空），"
         "estimate 预估数，strive 力争，provisional 初步数，revised 修订数。"),
    ("", "来源文件 doc（必填）：出处文件的文件ID，须是系统里已有的文件，或在“文件 documents”工作表中一并填写的文件。"),
    ("", "章节 section（必填）：数值在文件中的章节、条款或附表，便于核对。"),
    ("", "备注 note：文件原文摘录或其他说明。"),
    ("h2", "“文件 documents”各列"),
    ("", "文件ID id（必填，小写字母、数字和连字符）；地区 region（必填，发文地区）；标题 title（必填）；"
         "英文标题 title_en（英文版导出中与中文标题一同显示）；文号 number；"
         "印发日期 issued（年-月-日）；链接 url；"
         "类型 kind（必填：plan 规划或方案，statistics 统计公报，assessment 考核）。"),
    ("h2", "规则"),
    ("", "每个数值都必须注明来源文件ID和章节；没有出处的数字不能导入。"),
    ("", "只接受 .xlsx 和 .csv。CSV 可以是 UTF-8、带 BOM 的 UTF-8 "
         "或 GB18030/GBK 编码（Excel 默认的“CSV（逗号分隔）”）。"
         f"文件不超过 {MB} MB，每个工作表不超过 {MAX_ROWS:,} 行。"),
    ("", "不接受公式：含公式的单元格不会导入。请先“复制”，再“选择性粘贴 → 数值”。"),
    ("", "列名可以用中文或英文；表头上方最多可以有 5 行标题。本模板的数据列已设为文本格式，数字会按原样保留。"),
    ("", "上传后只做检查和预览；点击“确认导入”之后才会写入。"),
]  # fmt: skip

INSTRUCTIONS_EN = [
    ("h1", "Water-saving targets: import template"),
    ("", "Enter the targets of a plan (or the actual values of a statistical bulletin) in the sheet “数值 values” and "
         "the documents they come from in “文件 documents”, then upload this file on the site's Import page."),
    ("", "The upload is checked first: every problem and every row to be added or changed is listed. "
         "Nothing is written before you press 确认导入 (Confirm import)."),
    ("h2", "Columns of “数值 values”"),
    ("", "region (required): a region name from the dropdown, or its 6-digit administrative code (adcode)."),
    ("", "indicator (required): an indicator name from the dropdown, or its id. Units: see below and the sheet "
         "“指标 indicators”."),
    ("", "year (required): the target year (or the year of an actual value), four digits."),
    ("", "kind (required): target or actual."),
    ("", "value: the number exactly as printed in the document, with its decimals; no unit, or exactly the "
         "indicator's unit."),
    ("", "comparator (targets; empty for actual values): <= (≤; 以内, 以下, 不超过 in the text), >= (≥; 以上, "
         "不低于, 达到; also a reduction or an amount printed without 以上, e.g. 下降15%, 发展10万亩), "
         "= (a truly exact figure). 以内 and 以上 are accepted as typed."),
    ("", "actual values: in the indicator's own unit; for a reduction, the achieved reduction in % against the "
         "target's baseline year (negative when use per 10k yuan rose), with that baseline_year; the source document "
         "is a statistical bulletin (statistics) or an assessment."),
    ("", "baseline_year: the base year of a relative target (“down … versus year X”); empty otherwise."),
    ("", "qualifier: usually empty; maintain_baseline (keep the baseline level), not_applicable (value empty), "
         "estimate, strive (力争), provisional, revised."),
    ("", "doc (required): the id of the source document, already in the system or listed in “文件 documents”."),
    ("", "section (required): the chapter, clause or annex table of the document where the value is printed."),
    ("", "note: the sentence quoted from the document, or any remark."),
    ("h2", "Columns of “文件 documents”"),
    ("", "id (required; lower-case letters, digits and hyphens), region (required; the issuing region), "
         "title (required), title_en (the English name, shown with the Chinese title in English exports), "
         "number (文号), issued (year-month-day), url, kind (required: plan, statistics, "
         "assessment)."),
    ("h2", "Rules"),
    ("", "Every value must cite a document id and a section; a number without a source is not imported."),
    ("", f"Only .xlsx and .csv are accepted. A CSV may be UTF-8, UTF-8 with BOM, or GB18030/GBK (Excel's “CSV "
         f"(Comma delimited)” on Chinese Windows). At most {MB} MB and {MAX_ROWS:,} rows per sheet."),
    ("", "Formulas are refused: cells with a formula are not imported. Copy, then Paste Special → Values."),
    ("", "Column names may be Chinese or English; up to 5 title rows may stand above the header. The data "
         "columns of this template are formatted as text so numbers keep their digits."),
    ("", "Uploading only checks and previews; the data is written when you press 确认导入 (Confirm import)."),
]  # fmt: skip


def _header_row(ws: Worksheet, header: list[str], widths: list[int]) -> None:
    append_text_row(ws, header)
    for i, (cell, width) in enumerate(zip(ws[1], widths, strict=True), start=1):
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        dim = ws.column_dimensions[get_column_letter(i)]
        dim.width = width
    ws.freeze_panes = "A2"


def _text_columns(ws: Worksheet, count: int) -> None:
    """Text format for the data columns, so Excel keeps what is typed ("0.5800", "2025-04-11")."""
    for i in range(1, count + 1):
        ws.column_dimensions[get_column_letter(i)].number_format = TEXT_FORMAT


def _dropdown(ws: Worksheet, columns: list[str], column: str, source: str, prompt_zh: str, prompt_en: str) -> None:
    """A list from `source`; anything else may still be typed (warning only): the parser maps it."""
    letter = get_column_letter(columns.index(column) + 1)
    dv = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showDropDown=False,  # sic: False shows the in-cell arrow
        showInputMessage=True,
        promptTitle=template_header(column)[:32],
        prompt=f"{prompt_zh}\n{prompt_en}".strip()[:255],
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="不在列表中 Not in the list",
        error="不在下拉列表中，仍要使用吗？ Not in the list; keep it anyway?",
    )
    dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    ws.add_data_validation(dv)


def _list_column(ws: Worksheet, column: int, title: str, items: list[str]) -> str:
    """Write items under a title in the lists sheet; return the absolute range for a dropdown."""
    put_text(ws, 1, column, title)
    for row, item in enumerate(items, start=2):
        put_text(ws, row, column, item)  # "=", ">=" and names are text here, never formulas
    letter = get_column_letter(column)
    return f"'{SHEET_LISTS}'!${letter}$2:${letter}${max(len(items), 1) + 1}"


def region_choices(vocab: Vocabulary, geo: GeoData, region: str) -> list[str]:
    """A region and its child units as the dropdown of a region's template lists them: the Chinese name, or
    "城关区（620102）" where several units of the country share the name (the parser reads both)."""
    return [unit_choice(vocab, r) for r in (geo.regions[region], *geo.children(region))]


def unit_choice(vocab: Vocabulary, unit: Region) -> str:
    return unit.name_zh if unit.name_zh in vocab.region_names else f"{unit.name_zh}（{unit.adcode}）"


def template_xlsx(
    dataset: Dataset,
    geo: GeoData,
    region: str | None = None,
    doc: str | None = None,
    scope: tuple[str, ...] | None = None,
) -> bytes:
    """The upload workbook: instructions, the values and documents sheets with dropdowns, reference lists.

    With `region` (an adcode) the region dropdown lists that unit and its child units only; with `scope` (an
    editor's regions) the dropdown and the regions sheet list those regions and every unit under them, in the
    catalogue's order (not the country's 3,000 units); with `doc` (a document id) the source-document column offers
    that document."""
    vocab = Vocabulary.from_dataset(dataset, geo)
    inds = dataset.indicators
    if region is not None and region not in geo.regions:
        raise ValueError(f"unknown region {region!r}")
    # The whole catalogue in its order (a shared name with its code: "新城区（150102）"), the units of a scope, or the
    # region's own units.
    listed = [r for r in geo.regions.values() if scope is None or any(c in scope for c in geo.lineage(r.adcode))]
    region_names = region_choices(vocab, geo, region) if region else [unit_choice(vocab, r) for r in listed]
    indicator_names = list(inds["name_zh"])

    wb = Workbook()
    guide = wb.active
    guide.title = SHEET_INSTRUCTIONS
    values = wb.create_sheet(SHEET_VALUES)
    documents = wb.create_sheet(SHEET_DOCUMENTS)
    indicators = wb.create_sheet(SHEET_INDICATORS)
    regions = wb.create_sheet(SHEET_REGIONS)
    lists = wb.create_sheet(SHEET_LISTS)
    lists.sheet_state = "hidden"

    units = [
        ("", f"{r.name_zh}（{r.id}）：{r.unit_zh}" + ("" if r.unit_zh == r.unit_en else f" / {r.unit_en}"))
        for r in inds.itertuples(index=False)
    ]
    lines = [
        *INSTRUCTIONS_ZH,
        ("h2", "各指标的单位 Units of the indicators"),
        *units,
        ("", ""),
        *INSTRUCTIONS_EN,
    ]
    guide.column_dimensions["A"].width = 120
    for row, (style, text) in enumerate(lines, start=1):
        cell = put_text(guide, row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if style:
            cell.font = Font(bold=True, size=14 if style == "h1" else 12)

    region_range = _list_column(lists, 1, "region", region_names)
    indicator_range = _list_column(lists, 2, "indicator", indicator_names)
    comparator_range = _list_column(lists, 3, "comparator", list(COMPARATORS))
    # Words, not codes (目标值, not target): the parser reads both (imports/cells.py).
    kind_range = _list_column(lists, 4, "kind", [KIND_TABLE[k][0] for k in KINDS])
    qualifier_range = _list_column(lists, 5, "qualifier", [QUALIFIER_CHOICES[q][0] for q in QUALIFIER_CODES])
    document_kind_range = _list_column(lists, 6, "document kind", [DOCUMENT_KIND_TABLE[k][0] for k in DOCUMENT_KINDS])
    doc_range = _list_column(lists, 7, "doc", [doc]) if doc else None

    _header_row(values, VALUE_HEADER, [VALUE_WIDTHS[c] for c in VALUE_COLUMNS])
    _text_columns(values, len(VALUE_COLUMNS))
    _dropdown(
        values,
        VALUE_COLUMNS,
        "region",
        region_range,
        "选择地区，或填6位行政区划代码",
        "Pick a region, or type its adcode",
    )
    _dropdown(
        values,
        VALUE_COLUMNS,
        "indicator",
        indicator_range,
        "选择指标；单位见“指标 indicators”工作表",
        "Pick an indicator; units are on the sheet 指标 indicators",
    )
    _dropdown(values, VALUE_COLUMNS, "comparator", comparator_range, "<= 以内/以下，>= 以上，= 无比较词", "<=, >= or =")
    _dropdown(values, VALUE_COLUMNS, "kind", kind_range, "目标值或实际值", "目标值 (a target) or 实际值 (an actual)")
    _dropdown(values, VALUE_COLUMNS, "qualifier", qualifier_range, "通常留空", "Usually empty")
    if doc_range:
        _dropdown(values, VALUE_COLUMNS, "doc", doc_range, f"来源文件ID：{doc}", f"Source document id: {doc}")

    _header_row(documents, DOCUMENT_HEADER, [DOCUMENT_WIDTHS[c] for c in IMPORT_DOCUMENT_COLUMNS])
    _text_columns(documents, len(IMPORT_DOCUMENT_COLUMNS))
    _dropdown(documents, IMPORT_DOCUMENT_COLUMNS, "region", region_range, "发文地区", "Issuing region")
    _dropdown(
        documents,
        IMPORT_DOCUMENT_COLUMNS,
        "kind",
        document_kind_range,
        "规划方案、统计公报或考核",
        "规划方案 (a plan), 统计公报 (statistics) or 考核 (an assessment)",
    )

    _header_row(
        indicators,
        ["指标ID id", "中文名称 name_zh", "英文名称 name_en", "单位 unit_zh", "单位 unit_en"],
        [44, 40, 60, 14, 16],
    )
    for r in inds.itertuples(index=False):
        append_text_row(indicators, [r.id, r.name_zh, r.name_en, r.unit_zh, r.unit_en])

    _header_row(regions, ["代码 adcode", "中文名称 name_zh", "英文名称 name_en", "级别 level"], [12, 24, 32, 10])
    for r in listed:
        append_text_row(regions, [r.adcode, r.name_zh, r.name_en, r.level])

    wb.properties.title = "节水目标数据导入模板 Water-saving targets import template"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv(dataset: Dataset | None = None) -> bytes:
    """The values header only, UTF-8 with a BOM so Excel shows the Chinese. `dataset` is accepted for symmetry
    with template_xlsx and not needed: a CSV has no room for dropdowns or units."""
    return ("\ufeff" + ",".join(VALUE_HEADER) + "\r\n").encode("utf-8")
