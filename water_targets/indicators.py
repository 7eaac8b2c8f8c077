"""Target dataset (documents, indicators, values) from data/indicators/: load, validate, cache, query.

Files are read as text so a value keeps the digits the document printed ("0.5800"); a float column
is added for arithmetic. Validation is pandera for the per-column rules plus cross-file checks;
every problem is reported with file, row (1-based line in the file) and column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .geo import GeoData, get_geo
from .settings import SETTINGS

COMPARATORS = ("<=", ">=", "=")
QUALIFIERS = ("", "maintain_baseline", "not_applicable", "estimate", "strive")
KINDS = ("target", "actual")
DIRECTIONS = ("lower_is_better", "higher_is_better")
CATEGORIES = ("总量控制", "农业", "工业", "城镇", "非常规水", "管理")
YEAR_RANGE = (2000, 2050)

DOCUMENT_COLUMNS = ["id", "region", "title", "number", "issued", "seed_file"]
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


class DataValidationError(Exception):
    """A data file breaks the schema; `problems` are lines 'file, row N, column C: message'."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid data files:\n" + "\n".join(problems))


def _nonempty() -> pa.Check:
    return pa.Check(lambda s: s.str.strip() != "", element_wise=False, error="must not be empty")


def _is_number(s: pd.Series) -> pd.Series:
    return (s == "") | pd.to_numeric(s, errors="coerce").notna()


def _is_year(s: pd.Series) -> pd.Series:
    years = pd.to_numeric(s, errors="coerce")
    ok = s.str.fullmatch(r"\d{4}") & years.between(*YEAR_RANGE)
    return ok.fillna(False)


def _text(name: str, *checks: pa.Check, required: bool = True) -> pa.Column:
    return pa.Column(str, checks=[*((_nonempty(),) if required else ()), *checks], name=name)


DOCUMENTS_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text("id", pa.Check.str_matches(r"^[a-z0-9-]+$")),
        "region": _text("region", pa.Check.str_matches(r"^\d{6}$")),
        "title": _text("title"),
        "number": _text("number", required=False),
        "issued": _text("issued", pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$"), required=False),
        "seed_file": _text("seed_file"),
    },
    unique=["id"],
    strict=True,
    ordered=True,
)

INDICATORS_SCHEMA = pa.DataFrameSchema(
    {
        "id": _text("id", pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
        "name_zh": _text("name_zh"),
        "name_en": _text("name_en"),
        "unit_zh": _text("unit_zh"),
        "unit_en": _text("unit_en"),
        "kind": _text("kind"),
        "direction": _text("direction", pa.Check.isin(DIRECTIONS)),
        "category": _text("category", pa.Check.isin(CATEGORIES)),
        "description": _text("description"),
    },
    unique=["id"],
    strict=True,
    ordered=True,
)

VALUES_SCHEMA = pa.DataFrameSchema(
    {
        "region": _text("region", pa.Check.str_matches(r"^\d{6}$")),
        "indicator": _text("indicator"),
        "year": _text("year", pa.Check(_is_year, error=f"must be a year {YEAR_RANGE[0]}-{YEAR_RANGE[1]}")),
        "kind": _text("kind", pa.Check.isin(KINDS)),
        "value": _text("value", pa.Check(_is_number, error="must be a number"), required=False),
        "comparator": _text("comparator", pa.Check.isin(("", *COMPARATORS)), required=False),
        "baseline_year": _text(
            "baseline_year",
            pa.Check(lambda s: (s == "") | _is_year(s), error="must be empty or a year"),
            required=False,
        ),
        "qualifier": _text("qualifier", pa.Check.isin(QUALIFIERS), required=False),
        "doc": _text("doc"),
        "section": _text("section"),
        "note": _text("note", required=False),
    },
    strict=True,
    ordered=True,
)


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """All cells as text; a row with the wrong number of fields is reported, not shifted or dropped."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except FileNotFoundError:
        raise DataValidationError([f"{path.name}: file not found in {path.parent}"]) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataValidationError([f"{path.name}: cannot be read as UTF-8 CSV ({exc})"]) from None
    if not rows or rows[0] != columns:
        header = rows[0] if rows else []
        raise DataValidationError([f"{path.name}, row 1 (header): columns are {header}, expected {columns}"])
    problems = [
        f"{path.name}, row {i}: {len(row)} fields, expected {len(columns)} (a comma inside a value must be quoted)"
        for i, row in enumerate(rows[1:], start=2)
        if row and len(row) != len(columns)
    ]
    if problems:
        raise DataValidationError(problems)
    # Blank lines are skipped but the index keeps each row's position in the file for messages.
    kept = [(i, row) for i, row in enumerate(rows[1:]) if row]
    return pd.DataFrame([row for _, row in kept], columns=columns, index=[i for i, _ in kept], dtype=str)


def _row(index: int) -> int:
    return int(index) + 2  # header is line 1


def _schema_problems(name: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples():
            column = case.column if isinstance(case.column, str) else "(row)"
            where = f"row {_row(case.index)}" if pd.notna(case.index) else "rows"
            problems.append(f"{name}, {where}, column {column}: {case.check} failed for {case.failure_case!r}")
        return problems
    return []


def _cross_problems(docs: pd.DataFrame, inds: pd.DataFrame, vals: pd.DataFrame, geo: GeoData) -> list[str]:
    problems = []
    kinds = dict(zip(inds["id"], inds["kind"], strict=True))
    units = dict(zip(inds["id"], inds["unit_zh"], strict=True))
    known = {
        "region": set(geo.regions),
        "indicator": set(inds["id"]),
        "doc": set(docs["id"]),
    }
    for i, row in vals.iterrows():
        where = f"values.csv, row {_row(i)}"
        for column, allowed in known.items():
            if row[column] and row[column] not in allowed:
                problems.append(f"{where}, column {column}: unknown {column} {row[column]!r}")
        q = row["qualifier"]
        if q == "not_applicable" and row["value"] != "":
            problems.append(f"{where}, column value: must be empty when qualifier is not_applicable")
        if q != "not_applicable" and row["value"] == "":
            problems.append(f"{where}, column value: empty (only allowed with qualifier not_applicable)")
        if q != "not_applicable" and row["comparator"] == "":
            problems.append(f"{where}, column comparator: empty (only allowed with qualifier not_applicable)")
        if q == "maintain_baseline" and (
            row["baseline_year"] == "" or pd.to_numeric(row["value"], errors="coerce") != 0
        ):
            problems.append(f"{where}, column qualifier: maintain_baseline needs value 0 and a baseline_year")
        number = pd.to_numeric(row["value"], errors="coerce")
        if units.get(row["indicator"]) == "%" and pd.notna(number) and not 0 <= number <= 100:
            problems.append(f"{where}, column value: {row['value']} is not a percentage between 0 and 100")
        if kinds.get(row["indicator"]) == "coefficient" and pd.notna(number) and not 0 < number <= 1:
            problems.append(f"{where}, column value: coefficient {row['value']} is not in (0, 1]")
        if kinds.get(row["indicator"]) == "reduction_vs_baseline" and row["baseline_year"] == "":
            problems.append(f"{where}, column baseline_year: a reduction must keep its baseline year")
        if row["baseline_year"] and row["year"] and row["baseline_year"] >= row["year"]:
            problems.append(f"{where}, column baseline_year: {row['baseline_year']} is not before {row['year']}")
    key = ["region", "indicator", "year", "kind"]
    dup = vals[vals.duplicated(key, keep=False)]
    for _, group in dup.groupby(key):
        rows = ", ".join(str(_row(i)) for i in group.index)
        problems.append(
            f"values.csv, rows {rows}: duplicate (region, indicator, year, kind) {tuple(group.iloc[0][key])}"
        )
    for i, row in docs.iterrows():
        if row["region"] not in geo.regions:
            problems.append(f"documents.csv, row {_row(i)}, column region: unknown region {row['region']!r}")
    return problems


@dataclass(frozen=True)
class Dataset:
    documents: pd.DataFrame  # indexed by id
    indicators: pd.DataFrame  # indexed by id
    values: pd.DataFrame  # one row per value, with float column `number` and int `year`


def load_dataset(directory: Path, geo: GeoData) -> Dataset:
    """Read and validate the three files; raise DataValidationError listing every problem."""
    docs = _read_csv(directory / "documents.csv", DOCUMENT_COLUMNS)
    inds = _read_csv(directory / "indicators.csv", INDICATOR_COLUMNS)
    vals = _read_csv(directory / "values.csv", VALUE_COLUMNS)
    problems = (
        _schema_problems("documents.csv", docs, DOCUMENTS_SCHEMA)
        + _schema_problems("indicators.csv", inds, INDICATORS_SCHEMA)
        + _schema_problems("values.csv", vals, VALUES_SCHEMA)
    )
    if not problems:
        problems = _cross_problems(docs, inds, vals, geo)
    if problems:
        raise DataValidationError(problems)
    vals = vals.assign(
        year=vals["year"].astype(int),
        baseline_year=pd.to_numeric(vals["baseline_year"]).astype("Int64"),
        number=pd.to_numeric(vals["value"]),
    ).sort_values(["indicator", "region", "year", "kind"], kind="stable", ignore_index=True)
    return Dataset(documents=docs.set_index("id", drop=False), indicators=inds.set_index("id", drop=False), values=vals)


@lru_cache(maxsize=1)
def get_dataset() -> Dataset:
    return load_dataset(SETTINGS.data_dir / "indicators", get_geo())
