"""Turn a staff upload (.xlsx or .csv) into canonical text rows and bilingual problems, never raising.

The parser finds the data (sheet, header row under up to five title rows, columns named in Chinese or
English), normalises what staff type (full-width digits, 以内/以上, a unit after the number, Chinese
labels) and refuses what must not be read (oversized files, zip bombs, formula cells). It does not
decide whether a row is valid (unknown region, year out of range, ...): the validator downstream does,
so text it cannot map is kept as typed. Row numbers are the ones Excel shows (header row counts).

This module turns the grids into rows; readers.py reads the bytes into grids, headers.py finds and names the
columns, cells.py normalises what is typed in a cell.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..geo import GeoData
from ..indicators import VALUE_COLUMNS, Dataset, Problem
from .cells import CellGrid
from .headers import (
    COLUMN_LABELS,
    DOCUMENT_HEADER_TABLE,
    HEADER_SCAN_ROWS,
    IMPORT_DOCUMENT_COLUMNS,
    MIN_HEADER_CELLS,
    REQUIRED_DOCUMENT_COLUMNS,
    REQUIRED_VALUE_COLUMNS,
    VALUE_HEADER_TABLE,
    find_header,
    raw_text,
    resolve_header,
)
from .readers import MAX_BYTES, MAX_ROWS, FileRefused, file_problem, is_empty_cell, read_grids
from .rows import UploadRow, UploadSheet, documents_row, values_row

# The public interface of the parser (the other modules of this package are its parts).
__all__ = [
    "COLUMN_LABELS",
    "IMPORT_DOCUMENT_COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "ParsedFile",
    "ParsedRow",
    "Problem",
    "Vocabulary",
    "parse_upload",
    "resolve_header",
]

# Problem (sheet "values" | "documents" | "" for the whole file, row as Excel shows it or None, canonical
# column or None, message_en, message_zh) is the dataset's own, so upload and start-up checks read alike.

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedRow:
    sheet: str  # "values" | "documents"
    row: int
    cells: dict[str, str]  # every canonical column -> normalised text ("" for empty)


@dataclass
class ParsedFile:
    values: list[ParsedRow] = field(default_factory=list)
    documents: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows whose region is a name several units share, resolved once every sheet is read.
    ambiguous: list[tuple[ParsedRow, UploadRow]] = field(default_factory=list, repr=False, compare=False)


@dataclass(frozen=True)
class Vocabulary:
    indicator_units: dict[str, tuple[str, str]]  # indicator id -> (unit_zh, unit_en)
    indicator_names: dict[str, str]  # name_zh (and the id itself) -> indicator id
    region_names: dict[str, str]  # exact Chinese name -> adcode
    # A Chinese name several units share (城关区, 新城区 …) -> their adcodes; never picked silently.
    ambiguous_regions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Those units' lineages (the unit, its city, its province, …) and their texts for messages (zh, en).
    region_lineages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ambiguous_texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    region_codes: dict[str, str] = field(default_factory=dict)  # adcode -> Chinese name ("东河区（150202）")
    document_regions: dict[str, str] = field(default_factory=dict)  # stored document id -> its region

    @classmethod
    def from_dataset(cls, dataset: Dataset, geo: GeoData) -> Vocabulary:
        """Units and names of the dataset's indicators; region names that name one region only, and the
        candidates of those that name several."""
        from ..catalogue import candidates_text, catalogue

        inds = dataset.indicators
        units = {r.id: (r.unit_zh, r.unit_en) for r in inds.itertuples(index=False)}
        names = {r.name_zh: r.id for r in inds.itertuples(index=False)} | {i: i for i in units}
        counts = Counter(r.name_zh for r in geo.regions.values())
        regions = {r.name_zh: r.adcode for r in geo.regions.values() if counts[r.name_zh] == 1}
        shared: dict[str, list[str]] = {}
        for r in geo.regions.values():
            if counts[r.name_zh] > 1:
                shared.setdefault(r.name_zh, []).append(r.adcode)
        cat = catalogue(geo)
        docs = dataset.documents
        return cls(
            indicator_units=units,
            indicator_names=names,
            region_names=regions,
            ambiguous_regions={n: tuple(codes) for n, codes in shared.items()},
            region_lineages={c: cat.lineage(c) for codes in shared.values() for c in codes},
            ambiguous_texts={n: candidates_text(geo, codes) for n, codes in shared.items()},
            region_codes={r.adcode: r.name_zh for r in geo.regions.values()},
            document_regions=dict(zip(docs["id"], docs["region"], strict=True)) if len(docs) else {},
        )


def parse_upload(filename: str, data: bytes, vocab: Vocabulary) -> ParsedFile:
    """Read an upload; problems (file-level or per cell) are returned, never raised."""
    out = ParsedFile()
    try:
        for kind, grid in read_grids(filename, data, out.problems):
            _parse_grid(kind, grid, vocab, out)
        _resolve_ambiguous(out, vocab)
    except FileRefused as exc:
        return ParsedFile(problems=[exc.problem])
    except Exception as exc:  # the contract is "never raise on bad input"; a bug still shows in the log
        log.exception("parsing upload %r failed", filename)
        name = type(exc).__name__
        return ParsedFile(problems=[file_problem(f"无法读取这个文件（{name}）", f"the file cannot be read ({name})")])
    return out


def _parse_grid(kind: str, grid: CellGrid, vocab: Vocabulary, out: ParsedFile) -> None:
    sheet = UploadSheet(kind, grid.label)
    table, columns = (
        (VALUE_HEADER_TABLE, VALUE_COLUMNS) if kind == "values" else (DOCUMENT_HEADER_TABLE, IMPORT_DOCUMENT_COLUMNS)
    )
    pos = find_header(grid)
    if pos is None:
        out.problems.append(
            sheet.problem(
                None,
                f"前{HEADER_SCAN_ROWS}行里找不到表头（至少要认出 {MIN_HEADER_CELLS} 个列名，如“地区”“指标”“年份”）："
                "请使用模板；如果中文显示为乱码，请另存为 UTF-8 编码的 CSV",
                f"no header row in the first {HEADER_SCAN_ROWS} rows (at least {MIN_HEADER_CELLS} column names "
                "such as region, indicator, year are needed): use the template; if Chinese text looks garbled, "
                "save the CSV as UTF-8",
            )
        )
        return
    header_row, header_cells = grid.rows[pos]
    data_rows = grid.count - pos - 1
    if data_rows > MAX_ROWS:
        where_zh, where_en = (sheet.zh, sheet.en.rstrip(", ") + " ") if grid.label else ("文件", "the file ")
        raise FileRefused(
            f"{where_zh}有 {data_rows:,} 行数据，超过上限 {MAX_ROWS:,} 行：请拆分成几个文件分批上传",
            f"{where_en}has {data_rows:,} data rows, more than the limit of {MAX_ROWS:,}: split it into several files",
        )

    mapping: dict[int, str] = {}  # cell index -> canonical column
    unknown: list[tuple[str, str]] = []
    for i, raw in enumerate(header_cells):
        text = raw_text(raw)
        if not text:
            continue
        column = resolve_header(text, table)
        if column is None:
            unknown.append((get_column_letter(i + 1), text))
        elif column in mapping.values():
            first = get_column_letter(next(j for j, c in mapping.items() if c == column) + 1)
            second, label = get_column_letter(i + 1), COLUMN_LABELS[column]
            out.problems.append(
                sheet.problem(
                    header_row,
                    f"第{header_row}行（表头）“{label}”列出现了两次（{first}列和{second}列）：请只保留一列",
                    f"header row {header_row}: column {column} appears twice ({first} and {second}): keep one",
                )
            )
        else:
            mapping[i] = column
    if unknown:
        out.problems.append(
            sheet.problem(
                header_row,
                f"第{header_row}行（表头）有无法识别的列："
                + "、".join(f"{letter}列“{text}”" for letter, text in unknown)
                + "；这些列的内容不会导入，请删除这些列或改用模板中的列名",
                f"header row {header_row} has columns that are not recognised: "
                + ", ".join(f"{letter} “{text}”" for letter, text in unknown)
                + "; their content would not be imported: delete them or use the template's column names",
            )
        )
    present = set(mapping.values())
    required = REQUIRED_VALUE_COLUMNS if kind == "values" else REQUIRED_DOCUMENT_COLUMNS
    missing = [c for c in required if c not in present]
    missing_zh = [COLUMN_LABELS[c] for c in missing]
    if kind == "values" and not present & {"value", "qualifier"}:
        missing.append("value or qualifier")
        missing_zh.append("数值（或限定词）")
    if missing:
        out.problems.append(
            sheet.problem(
                header_row,
                f"第{header_row}行（表头）缺少必填列：{'、'.join(missing_zh)}",
                f"header row {header_row} lacks the required column(s): {', '.join(missing)}",
            )
        )

    letters = {column: get_column_letter(i + 1) for i, column in mapping.items()}
    named = mapping.keys() | {i for i, raw in enumerate(header_cells) if raw_text(raw)}
    headerless: dict[int, int] = {}  # cell index -> first row with content under an empty header
    target = out.values if kind == "values" else out.documents
    for number, cells in grid.rows[pos + 1 :]:
        for i, raw in enumerate(cells):
            if i not in named and i not in headerless and not is_empty_cell(raw):
                headerless[i] = number
        raws = {column: cells[i] for i, column in mapping.items() if i < len(cells)}
        row = UploadRow(sheet, number, letters, out.problems)
        normalised = values_row(row, raws, vocab) if kind == "values" else documents_row(row, raws, vocab)
        target.append(ParsedRow(sheet=kind, row=number, cells={c: normalised[c] for c in columns}))
        if normalised["region"] in vocab.ambiguous_regions:
            out.ambiguous.append((target[-1], row))
    for i, number in sorted(headerless.items()):
        letter = get_column_letter(i + 1)
        out.problems.append(
            sheet.problem(
                number,
                f"{letter}列没有列名却有内容（从第{number}行起）：请在第{header_row}行填上列名，或删除这一列",
                f"column {letter} has content (from row {number}) but no name in header row {header_row}: "
                "name it or delete it",
            )
        )


def _resolve_ambiguous(out: ParsedFile, vocab: Vocabulary) -> None:
    """A name several units share: the one unit of that name within the cited document's region (the region
    itself or a unit below it) when there is exactly one; otherwise a problem listing every candidate."""
    doc_regions = dict(vocab.document_regions)
    doc_regions |= {r.cells["id"]: r.cells["region"] for r in out.documents if r.cells.get("region", "").isdigit()}
    for parsed, row in out.ambiguous:
        name = parsed.cells["region"]
        codes = vocab.ambiguous_regions[name]
        home = doc_regions.get(parsed.cells.get("doc", "")) if parsed.sheet == "values" else None
        within = [c for c in codes if home and home in vocab.region_lineages.get(c, ())]
        if len(within) == 1:
            parsed.cells["region"] = within[0]
            continue
        zh, en = vocab.ambiguous_texts[name]
        row.problem(
            "region",
            f"“{name}”是{len(codes)}个地区的名称：{zh}；请改填6位行政区划代码",
            f"“{name}” names {len(codes)} regions: {en}; type the 6-digit adcode instead",
        )
