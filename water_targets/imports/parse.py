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
from ..i18n import listed, message, quoted
from ..indicators import VALUE_COLUMNS, Dataset, Problem
from ..region_search import candidates_text, catalogue
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
# column or None, message: a text key of water_targets.i18n with its values, read as message_en / message_zh) is
# the dataset's own, so upload and start-up checks read alike.

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
        return ParsedFile(problems=[file_problem(message("imp_unreadable", error=name))])
    return out


def _parse_grid(kind: str, grid: CellGrid, vocab: Vocabulary, out: ParsedFile) -> None:
    sheet = UploadSheet(kind, grid.label)
    table, columns = (
        (VALUE_HEADER_TABLE, VALUE_COLUMNS) if kind == "values" else (DOCUMENT_HEADER_TABLE, IMPORT_DOCUMENT_COLUMNS)
    )
    pos = find_header(grid)
    if pos is None:
        out.problems.append(sheet.problem(None, message("imp_no_header", rows=HEADER_SCAN_ROWS, min=MIN_HEADER_CELLS)))
        return
    header_row, header_cells = grid.rows[pos]
    data_rows = grid.count - pos - 1
    if data_rows > MAX_ROWS:
        where = sheet.name or message("imp_the_file")
        raise FileRefused(message("imp_too_many_rows", where=where, rows=data_rows, limit=MAX_ROWS))

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
                    message("imp_header_twice", row=header_row, label=label, column=column, first=first, second=second),
                )
            )
        else:
            mapping[i] = column
    if unknown:
        out.problems.append(
            sheet.problem(
                header_row,
                message(
                    "imp_header_unknown",
                    row=header_row,
                    columns=listed(
                        [message("imp_header_cell", letter=lt, text=text, text_q=quoted(text)) for lt, text in unknown]
                    ),
                ),
            )
        )
    present = set(mapping.values())
    required = REQUIRED_VALUE_COLUMNS if kind == "values" else REQUIRED_DOCUMENT_COLUMNS
    missing = [message("imp_column", label=COLUMN_LABELS[c], column=c) for c in required if c not in present]
    if kind == "values" and not present & {"value", "qualifier"}:
        missing.append(message("imp_value_or_qualifier"))
    if missing:
        out.problems.append(
            sheet.problem(header_row, message("imp_header_missing", row=header_row, columns=listed(missing)))
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
            sheet.problem(number, message("imp_headerless_column", letter=letter, row=number, header=header_row))
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
        names = {"name": name, "name_q": quoted(name), "n": len(codes), "candidates_zh": zh, "candidates": en}
        row.problem("region", message("imp_region_ambiguous", **names))
