"""Indicator metadata (issue 21): what each indicator means, how it is measured, its price basis, which direction
is better and the country's reference figure — one page per indicator and the API's answer."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from .geo import GeoData
from .i18n import LANGS, t
from .indicators import Dataset, bundled_directory
from .model import qualifier_note, source_label, value_label
from .prices import CURRENT_PRICE_LEVEL
from .queries import region_ref, value_record, value_rows

PAGE_PREFIX = "/indicators/"
API_PREFIX = "/api/v1/indicators/"

METADATA_FILE = "indicator_metadata.csv"
METADATA_COLUMNS = ["id", "definition_zh", "definition_en", "measured_zh", "measured_en", "price_basis"]
TEXT_COLUMNS = METADATA_COLUMNS[1:5]
# 当年价: a level of its own year (万元GDP用水量); 可比价/不变价: a reduction against a baseline year, computed at the
# prices of one year; "": not a money-based indicator.
PRICE_BASES = ("current", "comparable", "")
NATIONAL = "100000"  # the country: the reference every page gives
MAX_TEXT_CHARS = 320
# The file explains in words and never gives a figure: the only digits allowed are those of a unit or a standard.
NAMED_NUMBERS = ("10,000", "CJJ 92")
_DIGIT = re.compile(r"[0-9０-９%％]")
_ID = re.compile(r"[a-z][a-z0-9_]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FULL_WIDTH_MARKS = set("，。：；（）【】、“”‘’！？《》〔〕\u3000")


def page_path(indicator: str, lang: str = "zh") -> str:
    """The indicator's metadata page (linked from the legend and the drill-down)."""
    path = PAGE_PREFIX + quote(indicator, safe="")
    return path if lang == "zh" else f"{path}?lang={lang}"


@dataclass(frozen=True)
class IndicatorMeta:
    """One row of indicator_metadata.csv: the words of an indicator in both languages and its price basis."""

    id: str
    definition: dict[str, str]  # {zh, en}
    measured: dict[str, str]  # {zh, en}
    price_basis: str  # one of PRICE_BASES


def _row_problem(row: dict[str, str], seen: set[str]) -> str | None:
    ident = row["id"]
    if not _ID.fullmatch(ident):
        return f"id {ident!r} is not an indicator id (lower-case letters, digits, _)"
    if ident in seen:
        return f"{ident} is listed twice"
    if row["price_basis"] not in PRICE_BASES:
        return f"{ident}: price_basis {row['price_basis']!r} is not one of current, comparable or empty"
    for column in TEXT_COLUMNS:
        text = row[column]
        if not text:
            return f"{ident}: {column} is empty"
        if len(text) > MAX_TEXT_CHARS:
            return f"{ident}: {column} is longer than {MAX_TEXT_CHARS} characters (one or two sentences)"
        bare = text
        for named in NAMED_NUMBERS:
            bare = bare.replace(named, "")
        if _DIGIT.search(bare):
            return f"{ident}: {column} gives a figure ({text!r}); the file explains in words, the data gives figures"
        if column.endswith("_zh") and not _CJK.search(text):
            return f"{ident}: {column} is not Chinese"
        if column.endswith("_en") and set(text) & _FULL_WIDTH_MARKS:
            return f"{ident}: full-width punctuation in {column}"
    return None


def read_metadata(path: Path) -> dict[str, IndicatorMeta]:
    """The metadata file by indicator id; ValueError naming the file and its lines for wrong columns, a repeated or
    malformed id, an empty or too long text, a figure in a text, or a price basis that is not one of PRICE_BASES."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != METADATA_COLUMNS:
            raise ValueError(f"{path.name}: the columns must be {','.join(METADATA_COLUMNS)}, not {reader.fieldnames}")
        rows = list(reader)
    table: dict[str, IndicatorMeta] = {}
    problems = []
    for line, raw in enumerate(rows, start=2):
        if None in raw or any(value is None for value in raw.values()):
            problems.append(f"line {line}: {len(METADATA_COLUMNS)} fields are needed")
            continue
        row = {key: value.strip() for key, value in raw.items()}
        if found := _row_problem(row, set(table)):
            problems.append(f"line {line}: {found}")
            continue
        table[row["id"]] = IndicatorMeta(
            id=row["id"],
            definition={"zh": row["definition_zh"], "en": row["definition_en"]},
            measured={"zh": row["measured_zh"], "en": row["measured_en"]},
            price_basis=row["price_basis"],
        )
    if problems:
        raise ValueError(f"{path.name}: " + "; ".join(problems))
    return table


@cache
def metadata_table(directory: Path | None = None) -> dict[str, IndicatorMeta]:
    """The shipped metadata (data/indicators/indicator_metadata.csv), read and checked once per process."""
    return read_metadata((directory or bundled_directory()) / METADATA_FILE)


def coverage_problems(table: dict[str, IndicatorMeta], indicator_ids: list[str]) -> list[str]:
    """Indicators of the catalogue without metadata, and metadata of indicators the catalogue does not have."""
    known = set(indicator_ids)
    missing = [f"{ident} has no metadata in {METADATA_FILE}" for ident in indicator_ids if ident not in table]
    unknown = [f"{METADATA_FILE} names {ident}, which is not an indicator" for ident in table if ident not in known]
    return missing + unknown


def _words(key: str, **fmt: object) -> dict[str, str]:
    return {lang: t(key, lang, **fmt) for lang in LANGS}


def _reference(dataset: Dataset, geo: GeoData, row: pd.Series | None) -> dict | None:
    """A national value as the API gives it (value_record) with its words and citation in both languages."""
    if row is None:
        return None
    ind = dataset.indicators.loc[row["indicator"]]
    return {
        **value_record(dataset, geo, row),
        "text": {lang: value_label(row, ind[f"unit_{lang}"], lang) for lang in LANGS},
        "qualifier_words": {lang: qualifier_note(row["qualifier"], lang) for lang in LANGS},
        "citation": {lang: source_label(dataset, row, lang) for lang in LANGS},
    }


def _latest(dataset: Dataset, indicator: str, kind: str) -> pd.Series | None:
    rows = value_rows(dataset, indicator, [NATIONAL], kind=kind)
    return None if rows.empty else rows.iloc[-1]


def _in_force(targets: pd.DataFrame, actual: pd.Series | None) -> pd.Series:
    ahead = targets if actual is None else targets[targets["year"] >= actual["year"]]
    return ahead.iloc[0] if not ahead.empty else targets.iloc[-1]


def national_reference(dataset: Dataset, geo: GeoData, indicator: str) -> dict | None:
    """The country's target in force and latest actual of the indicator, each None when the data has none, and
    `targets`: every national target, by year (a plan may set a 2025 and a 2035 target). The target in force is the
    first whose year is not before the latest actual's (2025's ≤ 6400 beside 2023's figure, not 2035's), else the
    latest. None when the data has neither or the catalogue has no country."""
    if NATIONAL not in geo.regions:
        return None
    targets = value_rows(dataset, indicator, [NATIONAL], kind="target")
    actual = _latest(dataset, indicator, "actual")
    if targets.empty and actual is None:
        return None
    return {
        "region": region_ref(geo.regions[NATIONAL]),
        "target": None if targets.empty else _reference(dataset, geo, _in_force(targets, actual)),
        "actual": _reference(dataset, geo, actual),
        "targets": [_reference(dataset, geo, row) for _, row in targets.iterrows()],
    }


def indicator_metadata(
    dataset: Dataset, geo: GeoData, indicator_id: str, table: dict[str, IndicatorMeta] | None = None
) -> dict:
    """Everything the indicator's page and GET /api/v1/indicators/<id> give: names, unit, kind, direction and
    category from the catalogue, definition, how it is measured and price basis from the metadata file (null for an
    indicator added after it), and the national reference from the data. KeyError for an unknown indicator."""
    ind = dataset.indicators.loc[indicator_id]
    meta = (metadata_table() if table is None else table).get(indicator_id)
    basis = meta.price_basis if meta else None
    return {
        "id": indicator_id,
        "name": {"zh": ind["name_zh"], "en": ind["name_en"]},
        "unit": {"zh": ind["unit_zh"], "en": ind["unit_en"]},
        "kind": ind["kind"],
        "direction": {"code": ind["direction"], **_words(f"meta_direction_{ind['direction']}")},
        "category": ind["category"],
        "definition": dict(meta.definition) if meta else None,
        "measured": dict(meta.measured) if meta else None,
        "price_basis": None if basis is None else {"code": basis or None, **_words(f"meta_price_{basis or 'none'}")},
        "national_reference": national_reference(dataset, geo, indicator_id),
        # a reduction's level at current prices (prices.py): figures of their year, never this reduction
        "current_price_level": CURRENT_PRICE_LEVEL.get(indicator_id),
        "page": {lang: page_path(indicator_id, lang) for lang in LANGS},
        "api": API_PREFIX + quote(indicator_id, safe=""),
    }
