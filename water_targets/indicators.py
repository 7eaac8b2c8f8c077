"""Target dataset (documents, indicators, values) from data/indicators/: load, validate, cache, query.

Files are read as text so a value keeps the digits the document printed ("0.5800"); a float column
is added for arithmetic. Validation (schemas.py) is pandera for the per-column rules plus cross-file checks;
every problem is reported with file, row (1-based line in the file) and column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .i18n import Message, Worded, message
from .settings import SETTINGS

KINDS = ("target", "actual")
DIRECTIONS = ("lower_is_better", "higher_is_better")
CATEGORIES = ("总量控制", "农业", "工业", "城镇", "非常规水", "管理")
YEAR_RANGE = (2000, 2050)

DOCUMENT_KINDS = ("plan", "statistics", "assessment")
ACTUAL_DOCUMENT_KINDS = ("statistics", "assessment")  # where an actual figure may come from
DOCUMENT_COLUMNS = ["id", "region", "title", "title_en", "number", "issued", "url", "kind", "seed_file"]
OPTIONAL_COLUMNS = {"title_en"}  # files written before a column existed still load (the column reads as empty)
INDICATOR_COLUMNS = ["id", "name_zh", "name_en", "unit_zh", "unit_en", "kind", "direction", "category", "description"]
VALUE_COLUMNS = [
    "region",
    "indicator",
    "year",
    "kind",
    "value",
    "comparator",
    "baseline_year",
    "qualifier",
    "doc",
    "section",
    "note",
]


def fields_dict(record: object, *names: str) -> dict:
    """The named attributes of a record as a dict, in that order (the plain part of its JSON form)."""
    return {name: getattr(record, name) for name in names}


@dataclass(frozen=True)
class Problem(Worded):
    """One problem in a data file or an upload, in words a data clerk understands (zh and en)."""

    sheet: str  # file or sheet name, e.g. "values.csv"
    row: int | None  # row as the user sees it (header = 1); None for the whole file
    column: str | None
    message: Message = field(hash=False)  # a text key of water_targets.i18n and its values: message_en, message_zh

    def __str__(self) -> str:
        where = [self.sheet] + ([f"row {self.row}"] if self.row is not None else [])
        where += [f"column {self.column}"] if self.column else []
        where = [w for w in where if w]
        return f"{', '.join(where)}: {self.message_en}" if where else self.message_en

    def as_dict(self) -> dict:
        return {
            **fields_dict(self, "sheet", "row", "column"),
            "message": self.message_en,
            "message_zh": self.message_zh,
        }


class DataValidationError(Exception):
    """A data file breaks the schema; `problems` are lines 'file, row N, column C: message'."""

    def __init__(self, problems: list[Problem]) -> None:
        self.items = problems
        self.problems = [str(p) for p in self.items]
        super().__init__("invalid data files:\n" + "\n".join(self.problems))


def _whole(name: str, words: Message) -> Problem:
    """A problem of a whole data file."""
    return Problem(name, None, None, words)


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """All cells as text, indexed by line number; a row with the wrong number of fields is reported, not shifted."""
    name = path.name
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except FileNotFoundError:
        raise DataValidationError([_whole(name, message("imp_csv_not_found", folder=path.parent))]) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataValidationError([_whole(name, message("imp_csv_not_utf8", error=exc))]) from None
    legacy = [c for c in columns if c not in OPTIONAL_COLUMNS]
    if rows and rows[0] == legacy != columns:
        at = [columns.index(c) for c in columns if c in OPTIONAL_COLUMNS]
        for row in rows[1:]:
            for i in at:
                if row:
                    row.insert(i, "")
        rows[0] = columns
    if not rows or rows[0] != columns:
        header = rows[0] if rows else []
        wrong = message("imp_csv_header", file=name, header=str(header), columns=str(columns))
        raise DataValidationError([_whole("", wrong)])  # the message names file and row: "values.csv, row 1 (header)"
    problems = [
        Problem(name, i, None, message("imp_csv_fields", n=len(row), expected=len(columns)))
        for i, row in enumerate(rows[1:], start=2)
        if row and len(row) != len(columns)
    ]
    if problems:
        raise DataValidationError(problems)
    kept = [(i, row) for i, row in enumerate(rows[1:], start=2) if row]  # blank lines skipped, numbering kept
    return pd.DataFrame([row for _, row in kept], columns=columns, index=[i for i, _ in kept], dtype=str)


VALUE_KEY = ["region", "indicator", "year", "kind"]


@dataclass(frozen=True)
class Frames:
    """The three tables as text (digits as printed), each indexed by the row number the user sees."""

    documents: pd.DataFrame
    indicators: pd.DataFrame
    values: pd.DataFrame


@dataclass(frozen=True)
class Dataset:
    documents: pd.DataFrame  # indexed by id
    indicators: pd.DataFrame  # indexed by id
    values: pd.DataFrame  # one row per value, with float column `number` and int `year`


def read_frames(directory: Path) -> Frames:
    return Frames(
        documents=_read_csv(directory / "documents.csv", DOCUMENT_COLUMNS),
        indicators=_read_csv(directory / "indicators.csv", INDICATOR_COLUMNS),
        values=_read_csv(directory / "values.csv", VALUE_COLUMNS),
    )


def build_dataset(frames: Frames) -> Dataset:
    """The validated text frames as the typed dataset the builders read."""
    vals = frames.values
    vals = vals.assign(
        year=vals["year"].astype(int),
        baseline_year=pd.to_numeric(vals["baseline_year"]).astype("Int64"),
        number=pd.to_numeric(vals["value"]),
    ).sort_values(["indicator", "region", "year", "kind"], kind="stable", ignore_index=True)
    docs, inds = frames.documents, frames.indicators
    return Dataset(documents=docs.set_index("id", drop=False), indicators=inds.set_index("id", drop=False), values=vals)


def bundled_directory() -> Path:
    """The reviewed, cited dataset shipped with the code (loaded into the store as revision 1)."""
    return SETTINGS.data_dir / "indicators"
