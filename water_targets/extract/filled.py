"""Proposals as rows of the import template: the cells of one proposal, one row per target stated in several
places, the filled template the command line writes and the workbook the review page sends to the import preview.
The import (water_targets/imports) then checks these rows like any upload; nothing here writes to the store."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook

from ..geo import GeoData
from ..imports.parse import IMPORT_DOCUMENT_COLUMNS
from ..imports.template import DOCUMENT_HEADER, SHEET_DOCUMENTS, SHEET_VALUES, VALUE_HEADER, template_csv, template_xlsx
from ..indicators import VALUE_COLUMNS, Dataset
from ..text_only import append_text_row


def value_cell(proposal: dict) -> str:
    """The value as printed when the print is that number ('0.5800' keeps its zeros), else the number."""
    value, printed = proposal.get("value"), str(proposal.get("value_text") or "").strip()
    if value is None:
        return ""
    try:
        if float(printed) == float(value):
            return printed
    except ValueError:
        pass
    return format(value, "g") if isinstance(value, float) else str(value)


def template_cells(proposal: dict, doc: str | None) -> dict[str, str]:
    """A proposal as the import template's values columns (indicators.VALUE_COLUMNS); a region or an indicator the
    catalogue does not know yet is written as printed, for the import preview to flag."""

    def text(value: object) -> str:
        return "" if value is None else str(value)

    return {
        "region": text(proposal.get("region") or proposal.get("region_text")),
        "indicator": text(proposal.get("indicator") or proposal.get("indicator_text")),
        "year": text(proposal.get("year")),
        "kind": text(proposal.get("kind")),
        "value": value_cell(proposal),
        "comparator": text(proposal.get("comparator")),
        "baseline_year": text(proposal.get("baseline_year")),
        "qualifier": text(proposal.get("qualifier")),
        "doc": doc or "",
        "section": text(proposal.get("section")),
        "note": text(proposal.get("quote")),
    }


def template_row(proposal: dict, doc: str | None) -> list[str]:
    """template_cells in the template's column order."""
    cells = template_cells(proposal, doc)
    return [cells[c] for c in VALUE_COLUMNS]


def merged_proposals(proposals: list[dict]) -> list[dict]:
    """One proposal per target stated in several places of a document (the same region, indicator, year, kind,
    comparator and value), its sections joined with '；' as values.csv cites such a target; proposals that differ
    in value stay apart, for the import's check to show the conflict."""
    merged: dict[tuple, dict] = {}
    for p in proposals:
        key = tuple(p.get(k) for k in ("region", "indicator", "year", "kind", "comparator", "value"))
        if p.get("indicator") is None or key not in merged:
            merged[key if p.get("indicator") is not None else (id(p),)] = dict(p)
            continue
        sections = merged[key]["section"].split("；") if merged[key].get("section") else []
        if p.get("section") and p["section"] not in sections:
            merged[key]["section"] = "；".join([*sections, p["section"]])
    return list(merged.values())


def filled_template(
    proposals: list[dict], fmt: str, dataset: Dataset | None, geo: GeoData | None, region: str | None, doc: str | None
) -> bytes:
    """The import template (imports/template.py) with one values row per proposal; `fmt` 'csv' or 'xlsx' (the
    workbook's dropdowns need the dataset and the boundaries)."""
    rows = [template_row(p, doc) for p in merged_proposals(proposals)]
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return template_csv() + out.getvalue().encode("utf-8")
    if dataset is None or geo is None:
        raise ValueError("the xlsx template needs the dataset and the boundaries")
    book = load_workbook(io.BytesIO(template_xlsx(dataset, geo, region if region in geo.regions else None, doc)))
    sheet = book[SHEET_VALUES]
    for row in rows:
        append_text_row(sheet, row)
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue()


def review_workbook(values: list[dict[str, str]], document: dict[str, str] | None = None) -> bytes:
    """The rows a reviewer accepted (values columns as text) and, for a document not kept yet, its row — as an
    import workbook of the template's two data sheets, for the import preview and its checks."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_VALUES
    append_text_row(sheet, VALUE_HEADER)
    for row in values:
        append_text_row(sheet, [str(row.get(c, "") or "") for c in VALUE_COLUMNS])
    if document is not None:
        docs = book.create_sheet(SHEET_DOCUMENTS)
        append_text_row(docs, DOCUMENT_HEADER)
        append_text_row(docs, [str(document.get(c, "") or "") for c in IMPORT_DOCUMENT_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
