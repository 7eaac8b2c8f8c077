"""The rules of the target data: pandera schemas of the three files (per-column checks, Chinese words for each
check) and the cross-row and cross-file checks; every problem with file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .geo import GeoData
from .i18n import t
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
# it is formatted with (check_message).
_CHECKS: dict[str, tuple[str, dict[str, object]]] = {}


def _check_id(key: str, **fmt: object) -> str:
    ident = key + "".join(f"|{k}={v}" for k, v in sorted(fmt.items()))
    _CHECKS[ident] = (key, fmt)
    return ident


def check_message(ident: str, lang: str) -> str:
    """The words of a failed check in `lang` (its id when it is not one of ours, e.g. pandera's own)."""
    key, fmt = _CHECKS.get(ident, ("", {}))
    return t(key, lang, **fmt) if key else ident


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
            en = f"{check_message(case.check, 'en')} (got {shown!r})"
            zh = f"{check_message(case.check, 'zh')}（当前为“{shown}”）"
            problems.append(Problem(sheet, row, column, en, zh))
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

    def add(row: int | None, column: str | None, en: str, zh: str) -> None:
        problems.append(Problem(sheet, row, column, en, zh))

    kinds = dict(zip(inds["id"], inds["kind"], strict=True))
    units = dict(zip(inds["id"], inds["unit_zh"], strict=True))
    known = {"region": (set(geo.regions), "地区"), "indicator": (set(inds["id"]), "指标"), "doc": (doc_ids, "文件")}
    # Plain dicts, not iterrows(): a 10,000-row upload is checked in a fraction of a second.
    for i, row in zip(vals.index, vals.to_dict("records"), strict=True):
        for column, (allowed, word) in known.items():
            if row[column] and row[column] not in allowed:
                add(i, column, f"unknown {column} {row[column]!r}", f"未知{word}“{row[column]}”")
        q = row["qualifier"]
        if q == "not_applicable" and row["value"] != "":
            add(
                i,
                "value",
                "must be empty when qualifier is not_applicable",
                "限定为 not_applicable（不适用）时数值应留空",
            )
        if q != "not_applicable" and row["value"] == "":
            add(i, "value", "empty (only allowed with qualifier not_applicable)", "数值为空（仅“不适用”可留空）")
        if row["kind"] == "target" and q != "not_applicable" and row["comparator"] == "":
            add(i, "comparator", "empty (only allowed with qualifier not_applicable)", "比较符为空（仅“不适用”可留空）")
        if row["kind"] == "actual":
            if row["comparator"]:
                add(i, "comparator", "an actual value has no comparator", "实际值不填比较符")
            if q in TARGET_ONLY_QUALIFIERS:
                add(i, "qualifier", f"{q} applies to targets only", f"限定词 {q} 仅用于目标值")
            if row["doc"] in doc_kinds and doc_kinds[row["doc"]] not in ACTUAL_DOCUMENT_KINDS:
                add(
                    i,
                    "doc",
                    f"an actual value cites a statistics or assessment document, not a {doc_kinds[row['doc']]}",
                    "实际值须引用统计或考核文件（如水资源公报），不能引用规划",
                )
        elif q in ACTUAL_ONLY_QUALIFIERS:
            add(i, "qualifier", f"{q} applies to actual values only", f"限定词 {q} 仅用于实际值")
        number = pd.to_numeric(row["value"], errors="coerce")
        if q == "maintain_baseline" and (row["baseline_year"] == "" or number != 0):
            add(
                i,
                "qualifier",
                "maintain_baseline needs value 0 and a baseline_year",
                "“保持基准年水平”须数值为0并填写基准年",
            )
        # An achieved reduction can be negative (use per 10k yuan rose); every other percentage is 0–100.
        low = -100 if row["kind"] == "actual" and kinds.get(row["indicator"]) == "reduction_vs_baseline" else 0
        if units.get(row["indicator"]) == "%" and pd.notna(number) and not low <= number <= 100:
            add(
                i,
                "value",
                f"{row['value']} is not a percentage between {low} and 100",
                f"{row['value']} 不是{low}–100之间的百分数",
            )
        if kinds.get(row["indicator"]) == "coefficient" and pd.notna(number) and not 0 < number <= 1:
            add(i, "value", f"coefficient {row['value']} is not in (0, 1]", f"系数 {row['value']} 不在 (0, 1] 范围内")
        if kinds.get(row["indicator"]) == "reduction_vs_baseline" and row["baseline_year"] == "":
            add(i, "baseline_year", "a reduction must keep its baseline year", "下降类指标须填写基准年")
        if row["baseline_year"] and row["year"] and row["baseline_year"] >= row["year"]:
            add(
                i,
                "baseline_year",
                f"{row['baseline_year']} is not before {row['year']}",
                f"基准年 {row['baseline_year']} 应早于年份 {row['year']}",
            )
    dup = vals[vals.duplicated(VALUE_KEY, keep=False)]
    for _, group in dup.groupby(VALUE_KEY):
        rows = ", ".join(str(i) for i in group.index)
        key = tuple(group.iloc[0][VALUE_KEY])
        add(
            None,
            None,
            f"rows {rows}: duplicate (region, indicator, year, kind) {key}",
            f"第 {rows} 行重复（地区、指标、年份、类型相同）{key}",
        )
    return problems


def document_problems(docs: pd.DataFrame, geo: GeoData, sheet: str = "documents.csv") -> list[Problem]:
    return [
        Problem(sheet, int(i), "region", f"unknown region {row['region']!r}", f"未知地区“{row['region']}”")
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
