"""The rules of the target data: pandera schemas of the three files (per-column checks, Chinese words for each
check) and the cross-row and cross-file checks; every problem with file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .geo import GeoData
from .i18n import Message, message, shown
from .indicators import (
    ACTUAL_DOCUMENT_KINDS,
    CATEGORIES,
    DIRECTIONS,
    DOCUMENT_KINDS,
    KINDS,
    VALUE_KEY,
    YEAR_RANGE,
    Dataset,
    DataValidationError,
    Frames,
    Problem,
    build_dataset,
    read_frames,
)
from .qualifiers import ACTUAL_ONLY_QUALIFIERS, COMPARATORS, QUALIFIERS, TARGET_ONLY_QUALIFIERS

# A pandera check's `error=` is the id of its message: a text key of water_targets.i18n (zh and en) and the values
# it is formatted with (check_words).
_CHECKS: dict[str, tuple[str, dict[str, object]]] = {}


def _check_id(key: str, **fmt: object) -> str:
    ident = key + "".join(f"|{k}={v}" for k, v in sorted(fmt.items()))
    _CHECKS[ident] = (key, fmt)
    return ident


def check_message(ident: str, lang: str) -> str:
    """The words of a failed check in `lang` (its id when it is not one of ours, e.g. pandera's own)."""
    return str(shown(check_words(ident), lang))


def check_words(ident: str) -> Message | str:
    """The words of a failed check, to be shown in either language (its id when it is not one of ours)."""
    key, fmt = _CHECKS.get(ident, ("", {}))
    return message(key, **fmt) if key else ident


def _nonempty() -> pa.Check:
    return pa.Check(lambda s: s.str.strip() != "", element_wise=False, error=_check_id("chk_not_empty"))


def _one_of(choices: tuple[str, ...], key: str = "") -> pa.Check:
    listed = [c for c in choices if c]
    key = key or ("chk_one_of_or_empty" if "" in choices else "chk_one_of")
    return pa.Check.isin(choices, error=_check_id(key, choices=", ".join(listed), choices_zh="、".join(listed)))


def _is_number(s: pd.Series) -> pd.Series:
    return (s == "") | pd.to_numeric(s, errors="coerce").notna()


def _is_year(s: pd.Series) -> pd.Series:
    years = pd.to_numeric(s, errors="coerce")
    ok = s.str.fullmatch(r"\d{4}") & years.between(*YEAR_RANGE)
    return ok.fillna(False)


def _text(name: str, *checks: pa.Check, required: bool = True) -> pa.Column:
    return pa.Column(str, checks=[*((_nonempty(),) if required else ()), *checks], name=name)


def _table(columns: dict[str, pa.Column], **options: object) -> pa.DataFrameSchema:
    """A file's schema: exactly these columns, in this order."""
    return pa.DataFrameSchema(columns, strict=True, ordered=True, **options)


DOCUMENTS_SCHEMA = _table(
    {
        "id": _text("id", pa.Check.str_matches(r"^[a-z0-9-]+$", error=_check_id("chk_id_dash"))),
        "region": _text("region", pa.Check.str_matches(r"^[0-9A-Za-z]{6,12}$", error=_check_id("chk_adcode"))),
        "title": _text("title"),
        "title_en": _text("title_en", required=False),
        "number": _text("number", required=False),
        "issued": _text(
            "issued", pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$", error=_check_id("chk_date")), required=False
        ),
        "url": _text(
            "url",
            pa.Check.str_matches(
                r"^(https?://\S+|/admin/revisions/[0-9]+/file)?$",  # or a plan file kept with its revision
                error=_check_id("chk_link"),
            ),
            required=False,
        ),
        "kind": _text("kind", _one_of(DOCUMENT_KINDS)),
        "seed_file": _text("seed_file", required=False),
    },
    unique=["id"],
)

INDICATORS_SCHEMA = _table(
    {
        "id": _text("id", pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error=_check_id("chk_id_underscore"))),
        "name_zh": _text("name_zh"),
        "name_en": _text("name_en"),
        "unit_zh": _text("unit_zh"),
        "unit_en": _text("unit_en"),
        "kind": _text("kind"),
        "direction": _text("direction", _one_of(DIRECTIONS)),
        "category": _text("category", _one_of(CATEGORIES)),
        "description": _text("description"),
    },
    unique=["id"],
)

VALUES_SCHEMA = _table(
    {
        "region": _text("region", pa.Check.str_matches(r"^[0-9A-Za-z]{6,12}$", error=_check_id("chk_adcode"))),
        "indicator": _text("indicator"),
        "year": _text("year", pa.Check(_is_year, error=_check_id("chk_year", lo=YEAR_RANGE[0], hi=YEAR_RANGE[1]))),
        "kind": _text("kind", _one_of(KINDS)),
        "value": _text("value", pa.Check(_is_number, error=_check_id("chk_number")), required=False),
        "comparator": _text("comparator", _one_of(("", *COMPARATORS)), required=False),
        "baseline_year": _text(
            "baseline_year",
            pa.Check(lambda s: (s == "") | _is_year(s), error=_check_id("chk_year_or_empty")),
            required=False,
        ),
        "qualifier": _text("qualifier", _one_of(QUALIFIERS, "chk_qualifier"), required=False),
        "doc": _text("doc"),
        "section": _text("section"),
        "note": _text("note", required=False),
    },
)


def schema_problems(sheet: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    """Per-column rules; the frame's index is the row number the user sees."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples():
            column = case.column if isinstance(case.column, str) else None
            row = int(case.index) if pd.notna(case.index) else None
            shown = "" if case.failure_case is None or pd.isna(case.failure_case) else str(case.failure_case)
            words = message("imp_check_failed", check=check_words(case.check), value=shown, value_repr=repr(shown))
            problems.append(Problem(sheet, row, column, words))
        return problems
    return []


def value_problems(
    vals: pd.DataFrame,
    inds: pd.DataFrame,
    doc_ids: set[str] | dict[str, str],
    geo: GeoData,
    sheet: str = "values.csv",
) -> list[Problem]:
    """Rules across columns and files for value rows (start-up validation and imports alike).

    `doc_ids` maps each known document id to its kind (a plain set skips the kind check)."""
    doc_kinds = doc_ids if isinstance(doc_ids, dict) else {}
    problems: list[Problem] = []

    def add(row: int | None, column: str | None, text_key: str, **fmt: object) -> None:
        problems.append(Problem(sheet, row, column, message(text_key, **fmt)))

    kinds = dict(zip(inds["id"], inds["kind"], strict=True))
    units = dict(zip(inds["id"], inds["unit_zh"], strict=True))
    known = {"region": set(geo.regions), "indicator": set(inds["id"]), "doc": doc_ids}
    # Plain dicts, not iterrows(): a 10,000-row upload is checked in a fraction of a second.
    for i, row in zip(vals.index, vals.to_dict("records"), strict=True):
        for column, allowed in known.items():
            if row[column] and row[column] not in allowed:
                add(i, column, f"imp_unknown_{column}", value=row[column], value_repr=repr(row[column]))
        q = row["qualifier"]
        if q == "not_applicable" and row["value"] != "":
            add(i, "value", "imp_value_not_empty")
        if q != "not_applicable" and row["value"] == "":
            add(i, "value", "imp_value_empty")
        if row["kind"] == "target" and q != "not_applicable" and row["comparator"] == "":
            add(i, "comparator", "imp_comparator_empty")
        if row["kind"] == "actual":
            if row["comparator"]:
                add(i, "comparator", "imp_actual_comparator")
            if q in TARGET_ONLY_QUALIFIERS:
                add(i, "qualifier", "imp_target_only", qualifier=q)
            if row["doc"] in doc_kinds and doc_kinds[row["doc"]] not in ACTUAL_DOCUMENT_KINDS:
                add(i, "doc", "imp_actual_document_kind", kind=doc_kinds[row["doc"]])
        elif q in ACTUAL_ONLY_QUALIFIERS:
            add(i, "qualifier", "imp_actual_only", qualifier=q)
        number = pd.to_numeric(row["value"], errors="coerce")
        if q == "maintain_baseline" and (row["baseline_year"] == "" or number != 0):
            add(i, "qualifier", "imp_maintain_baseline")
        # An achieved reduction can be negative (use per 10k yuan rose); every other percentage is 0–100.
        low = -100 if row["kind"] == "actual" and kinds.get(row["indicator"]) == "reduction_vs_baseline" else 0
        if units.get(row["indicator"]) == "%" and pd.notna(number) and not low <= number <= 100:
            add(i, "value", "imp_not_percentage", value=row["value"], low=low)
        if kinds.get(row["indicator"]) == "coefficient" and pd.notna(number) and not 0 < number <= 1:
            add(i, "value", "imp_coefficient_range", value=row["value"])
        if kinds.get(row["indicator"]) == "reduction_vs_baseline" and row["baseline_year"] == "":
            add(i, "baseline_year", "imp_reduction_baseline")
        if row["baseline_year"] and row["year"] and row["baseline_year"] >= row["year"]:
            add(i, "baseline_year", "imp_baseline_after", baseline=row["baseline_year"], year=row["year"])
    dup = vals[vals.duplicated(VALUE_KEY, keep=False)]
    for _, group in dup.groupby(VALUE_KEY):
        rows = ", ".join(str(i) for i in group.index)
        key = tuple(group.iloc[0][VALUE_KEY])
        add(None, None, "imp_duplicate", rows=rows, row_key=key)
    return problems


def document_problems(docs: pd.DataFrame, geo: GeoData, sheet: str = "documents.csv") -> list[Problem]:
    return [
        Problem(
            sheet, int(i), "region", message("imp_unknown_region", value=row["region"], value_repr=repr(row["region"]))
        )
        for i, row in docs.iterrows()
        if row["region"] not in geo.regions
    ]


def frame_problems(frames: Frames, geo: GeoData) -> list[Problem]:
    docs, inds, vals = frames.documents, frames.indicators, frames.values
    problems = (
        schema_problems("documents.csv", docs, DOCUMENTS_SCHEMA)
        + schema_problems("indicators.csv", inds, INDICATORS_SCHEMA)
        + schema_problems("values.csv", vals, VALUES_SCHEMA)
    )
    if not problems:
        doc_kinds = dict(zip(docs["id"], docs["kind"], strict=True))
        problems = value_problems(vals, inds, doc_kinds, geo) + document_problems(docs, geo)
    return problems


def load_dataset(directory: Path, geo: GeoData) -> Dataset:
    """Read and validate the three files; raise DataValidationError listing every problem."""
    frames = read_frames(directory)
    problems = frame_problems(frames, geo)
    if problems:
        raise DataValidationError(problems)
    return build_dataset(frames)
