"""Import a file staff made: parse → validate with the start-up rules → diff against the store → commit.

`preview` writes nothing. `commit` repeats the whole check under the store's write lock and writes one
revision in one transaction, or nothing: any problem, and the file is refused whole.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine

from ..data import get_geo
from ..geo import GeoData
from ..i18n import Worded, message
from ..indicators import DOCUMENT_COLUMNS, VALUE_COLUMNS, Frames, Problem, fields_dict
from ..schemas import (
    DOCUMENTS_SCHEMA,
    VALUES_SCHEMA,
    document_problems,
    frame_problems,
    schema_problems,
    value_problems,
)
from ..store.models import DOCUMENTS, INDICATORS, VALUES
from ..store.revisions import Change, Revision, WriteMeta, diff, head, plain, revert_changes, rows_at, write
from ..store.scope import refused_row_regions, region_label
from ..store.users import Actor, audit
from .parse import ParsedFile, Vocabulary, parse_upload

STATUS_ORDER = {"error": 0, "new": 1, "changed": 2, "unchanged": 3}
TABLES = ("documents", "indicators", "values")  # named in messages by the keys imp_table_<name>


@dataclass(frozen=True)
class PreviewRow:
    sheet: str
    row: int
    status: str  # error | new | changed | unchanged
    cells: dict  # the row as it will be stored
    old: dict | None  # the stored row it replaces (changed)
    changed_columns: list[str]
    problems: list[Problem]

    def as_dict(self) -> dict:
        return {
            **fields_dict(self, "sheet", "row", "status", "cells"),
            "old": {k: v for k, v in (self.old or {}).items() if not k.startswith("_")} or None,
            "changed_columns": self.changed_columns,
            "errors": [p.as_dict() for p in self.problems],
        }


@dataclass
class Preview:
    file_name: str
    sha256: str
    base_revision: int
    rows: list[PreviewRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # every problem, file-level ones included
    changes: list[Change] = field(default_factory=list)
    outside_scope: list[str] = field(default_factory=list)  # regions the user may not change

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def summary(self) -> dict:
        return {
            "base_revision": self.base_revision,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "added": self.count("new"),
            "changed": self.count("changed"),
            "unchanged": self.count("unchanged"),
            "errors": [p.as_dict() for p in self.problems],
        }


def _frame(rows: list, columns: list[str]) -> pd.DataFrame:
    records = [{c: r.cells.get(c, "") for c in columns} for r in rows]
    return pd.DataFrame(records, columns=columns, index=[r.row for r in rows], dtype=str)


def check(conn: Connection, parsed: ParsedFile, actor: Actor, geo: GeoData, file_name: str, sha: str) -> Preview:
    """Validate a parsed file against the store's current state and say what committing it would change."""
    preview = Preview(file_name=file_name, sha256=sha, base_revision=head(conn))
    preview.problems += parsed.problems
    docs = _frame(parsed.documents, DOCUMENT_COLUMNS)
    vals = _frame(parsed.values, VALUE_COLUMNS)
    doc_sheet = parsed.documents[0].sheet if parsed.documents else "documents"
    val_sheet = parsed.values[0].sheet if parsed.values else "values"
    current = {entity.name: rows_at(conn, entity, None) for entity in (DOCUMENTS, VALUES)}
    indicators = pd.DataFrame([plain(r, INDICATORS) for r in rows_at(conn, INDICATORS, None)], dtype=str)
    row_problems = schema_problems(doc_sheet, docs, DOCUMENTS_SCHEMA) + schema_problems(val_sheet, vals, VALUES_SCHEMA)
    if not docs.empty:
        row_problems += document_problems(docs, geo, doc_sheet)
    doc_ids = {d["id"]: d["kind"] for d in current["documents"]} | dict(zip(docs["id"], docs["kind"], strict=True))
    if not vals.empty:
        row_problems += value_problems(vals, indicators, doc_ids, geo, val_sheet)
    # Scope, on the row as it is and as it will be (store/scope.py, the rule revisions.write enforces): a document of
    # another region cannot be taken over by sending its id with one's own region.
    records = {
        entity.name: dict(zip(frame.index, frame.to_dict("records"), strict=True))
        for entity, frame in ((DOCUMENTS, docs), (VALUES, vals))
    }
    for entity, sheet in ((DOCUMENTS, doc_sheet), (VALUES, val_sheet)):
        stored = {entity.key_of(r): r for r in current[entity.name]}
        for i, new in records[entity.name].items():
            if new["region"] not in geo.regions:  # an unknown region is the rules' to report
                continue
            old = stored.get(entity.key_of(new))
            for region in refused_row_regions(entity.name, old, new, actor, geo):
                preview.outside_scope.append(region)
                row_problems.append(_out_of_scope(sheet, int(i), new, region, actor, geo))
    if parsed.values == [] and parsed.documents == [] and not parsed.problems:
        row_problems.append(Problem("", None, None, message("imp_no_rows")))
    # A cell the parser already explained (e.g. a wrong unit) is not reported a second time by the schema.
    explained = {(p.sheet, p.row, p.column) for p in parsed.problems if p.row is not None}
    preview.problems += [p for p in row_problems if (p.sheet, p.row, p.column) not in explained]
    by_row: dict[tuple[str, int], list[Problem]] = {}
    for p in preview.problems:
        if p.row is not None:
            by_row.setdefault((p.sheet, p.row), []).append(p)
    for entity, parsed_rows, sheet in ((DOCUMENTS, parsed.documents, doc_sheet), (VALUES, parsed.values, val_sheet)):
        now = {entity.key_of(r): r for r in current[entity.name]}
        for r in parsed_rows:
            cells = plain(records[entity.name][r.row], entity)
            problems = by_row.get((sheet, r.row), [])
            if problems:
                preview.rows.append(PreviewRow(sheet, r.row, "error", cells, None, [], problems))
                continue
            change = diff(entity, [now[entity.key_of(cells)]] if entity.key_of(cells) in now else [], [cells])
            if not change:
                preview.rows.append(PreviewRow(sheet, r.row, "unchanged", cells, now[entity.key_of(cells)], [], []))
                continue
            c = change[0]
            preview.changes.append(c)
            status = "new" if c.old is None else "changed"
            preview.rows.append(PreviewRow(sheet, r.row, status, cells, c.old, c.changed_columns(), []))
    preview.rows.sort(key=lambda r: (STATUS_ORDER[r.status], r.sheet != doc_sheet, r.row))
    return preview


def _out_of_scope(sheet: str, row: int, new: dict, region: str, actor: Actor, geo: GeoData) -> Problem:
    """A row refused for its scope: its new region, or (a document) the region it belongs to now."""
    names = {"region_en": region_label(region, geo, "en"), "region_zh": region_label(region, geo, "zh")}
    scope = ", ".join(actor.regions)
    if region == new["region"]:
        return Problem(sheet, row, "region", message("imp_region_out_of_scope", scope=scope, **names))
    return Problem(sheet, row, "id", message("imp_document_out_of_scope", id=new["id"], scope=scope, **names))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_parsed: OrderedDict[tuple, ParsedFile] = OrderedDict()
_parsed_lock = threading.Lock()


def parse_cached(file_name: str, data: bytes, vocab: Vocabulary) -> ParsedFile:
    """Parse once for preview and commit: the same bytes with the same vocabulary parse the same way."""
    key = (sha256_hex(data), file_name, id(vocab))
    with _parsed_lock:
        if key in _parsed:
            return _parsed[key]
    parsed = parse_upload(file_name, data, vocab)
    with _parsed_lock:
        _parsed[key] = parsed
        while len(_parsed) > 8:
            _parsed.popitem(last=False)
    return parsed


def preview_file(engine: Engine, file_name: str, data: bytes, actor: Actor, geo: GeoData, vocab: Vocabulary) -> Preview:
    """What importing the file would do; writes nothing."""
    parsed = parse_cached(file_name, data, vocab)
    with engine.connect() as conn:
        return check(conn, parsed, actor, geo, file_name, sha256_hex(data))


def write_revision(
    engine: Engine,
    changes: Callable[[Connection], list[Change]],
    actor: Actor,
    geo: GeoData,
    action: str,
    comment: str,
    expected_head: int | None = None,
    **meta: object,
) -> Revision | None:
    """Write what `changes` computes as one revision by `actor` (the comment cut to 2,000 characters); `meta`: the
    other WriteMeta fields (the file kept with the revision, the revision reverted)."""
    about = WriteMeta(user=actor.name, action=action, comment=comment.strip()[:2000], actor=actor, geo=geo, **meta)
    revision, _ = write(engine, changes, about, expected_head=expected_head)
    return revision


class ImportRefused(Exception):
    def __init__(self, preview: Preview) -> None:
        super().__init__(f"{len(preview.problems)} problem(s); nothing was written")
        self.preview = preview


def commit_file(
    engine: Engine,
    file_name: str,
    data: bytes,
    actor: Actor,
    geo: GeoData,
    vocab: Vocabulary | None,
    comment: str = "",
    expected_head: int | None = None,
    remote_addr: str = "",
    parsed: ParsedFile | None = None,
) -> tuple[Revision | None, Preview]:
    """Parse the file (or reuse the preview's parse; `parsed`: rows already read, e.g. from a JSON request, with
    `vocab` None), check again under the write lock and write one revision (None when nothing changes: 无变化).

    Raises ImportRefused when any row is invalid, StaleRevision when `expected_head` is no longer the head.
    """
    if parsed is None:
        parsed = parse_cached(file_name, data, vocab)
    result: dict = {}
    sha = sha256_hex(data)

    def changes(conn: Connection) -> list[Change]:
        preview = check(conn, parsed, actor, geo, file_name, sha)
        result["preview"] = preview
        if not preview.ok:
            raise ImportRefused(preview)
        if preview.changes:
            audit(conn, actor.name, "import", f"{file_name} sha256={preview.sha256}", remote_addr)
        return preview.changes

    file = {"file_name": file_name[:255], "file_bytes": data, "file_sha256": sha}
    revision = write_revision(engine, changes, actor, geo, "import", comment, expected_head, **file)
    return revision, result["preview"]


class RevertRefused(Worded, Exception):
    """A revert whose result would break the rules every state keeps (e.g. values citing a document it removes)."""

    def __init__(self, rev: int, problems: list[Problem]) -> None:
        self.rev, self.problems = rev, problems
        self.message = message("imp_revert_refused", rev=rev, problems=[p.message for p in problems])
        super().__init__(self.message.en)


def _state_after(conn: Connection, changes: list[Change]) -> tuple[Frames, dict[str, list[tuple]]]:
    """The three tables as they would be once `changes` are written, and each table's row keys in order."""
    tables, keys = {}, {}
    for entity in (DOCUMENTS, INDICATORS, VALUES):
        rows = {entity.key_of(r): plain(r, entity) for r in rows_at(conn, entity, None)}
        for c in changes:
            if c.entity == entity.name:
                if c.new is None:
                    rows.pop(c.key, None)
                else:
                    rows[c.key] = plain(c.new, entity)
        keys[entity.name] = list(rows)
        tables[entity.name] = pd.DataFrame(list(rows.values()), columns=entity.columns, dtype=str)
    return Frames(tables["documents"], tables["indicators"], tables["values"]), keys


def revert_problems(conn: Connection, changes: list[Change], geo: GeoData) -> list[Problem]:
    """What would be wrong with the data after `changes`, each naming its row by key ("values 150421 · … ")."""
    frames, keys = _state_after(conn, changes)
    out = []
    for p in frame_problems(frames, geo):
        entity = p.sheet.removesuffix(".csv")
        key = keys.get(entity, [])
        row = " · ".join(key[p.row]) if p.row is not None and 0 <= p.row < len(key) else ""
        table = message(f"imp_table_{entity}") if entity in TABLES else entity
        said = {"table": table, "text": p.message}
        where = message("imp_revert_row", row=row, **said) if row else message("imp_revert_table", **said)
        out.append(Problem(entity, None, p.column, where))
    return out


def revert(
    engine: Engine, rev: int, actor: Actor, comment: str = "", remote_addr: str = "", geo: GeoData | None = None
) -> Revision | None:
    """A new revision that brings every row `rev` touched back to its state before `rev` (None: already so).

    Refused (RevertRefused, nothing written) when the result would break the rules, e.g. a later import cites a
    document that `rev` added: revert that import first."""

    def changes(conn: Connection) -> list[Change]:
        if rev < 1 or rev > head(conn):
            raise ValueError(f"no revision {rev}")
        out = revert_changes(conn, rev)
        problems = revert_problems(conn, out, geo or get_geo()) if out else []
        if problems:
            raise RevertRefused(rev, problems)
        if out:
            audit(conn, actor.name, "revert", f"revision {rev}", remote_addr)
        return out

    return write_revision(
        engine, changes, actor, geo or get_geo(), "revert", comment.strip() or f"revert {rev}", reverts=rev
    )
