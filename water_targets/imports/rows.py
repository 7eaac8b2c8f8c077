"""The rows of an upload: a sheet's cells read into canonical text (values and documents), with the problems of each
cell in bilingual words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..indicators import VALUE_COLUMNS, Problem
from ..qualifiers import COMPARATORS
from .cells import (
    COMPARATOR_WORDS,
    DOCUMENT_KIND_WORDS,
    FORMULA_TEXT,
    KIND_WORDS,
    MAINTAIN_YEAR,
    QUALIFIER_WORDS,
    RawCell,
    cell_text,
    normalize_date,
    normalize_year,
    resolve_indicator,
    resolve_region,
    split_value,
    unit_key,
    word_key,
)
from .headers import COLUMN_LABELS, IMPORT_DOCUMENT_COLUMNS

if TYPE_CHECKING:
    from .parse import Vocabulary


@dataclass(frozen=True)
class UploadSheet:
    kind: str  # "values" | "documents"
    label: str | None  # worksheet name shown in messages; None for a CSV

    @property
    def zh(self) -> str:
        return f"工作表“{self.label}”" if self.label else ""

    @property
    def en(self) -> str:
        return f"sheet “{self.label}”, " if self.label else ""

    def problem(self, row: int | None, zh: str, en: str) -> Problem:
        return Problem(sheet=self.kind, row=row, column=None, message_en=self.en + en, message_zh=self.zh + zh)


class UploadRow:
    """One data row being normalised; collects its cell problems with row and column in plain words."""

    def __init__(self, sheet: UploadSheet, number: int, letters: dict[str, str], problems: list[Problem]) -> None:
        self.sheet, self.number, self.letters, self.problems = sheet, number, letters, problems

    def problem(self, column: str, zh: str, en: str) -> None:
        letter = self.letters.get(column)
        where_zh = f"{self.sheet.zh}第{self.number}行“{COLUMN_LABELS[column]}”" + (f"（{letter}列）" if letter else "")
        where_en = f"{self.sheet.en}row {self.number}, column " + (f"{letter} ({column})" if letter else column)
        self.problems.append(Problem(self.sheet.kind, self.number, column, f"{where_en}: {en}", f"{where_zh}：{zh}"))

    def text(self, raws: dict[str, RawCell], column: str) -> str:
        text, formula = cell_text(raws.get(column, ""), column)
        if formula is not None:
            self.problem(
                column,
                f"这是公式（{formula}），公式不导入：请复制后“粘贴为数值”再上传",
                f"this is a formula ({formula}); formula cells are not imported (the cached value is not used): "
                "paste as values and upload again",
            )
            return ""
        if FORMULA_TEXT.match(text):
            self.problem(
                column,
                f"以“=”开头，像是公式（{text}），不导入：请直接填写数值或文字",
                f"starts with “=” and looks like a formula ({text}); it is not imported: type the value itself",
            )
            return ""
        return text


def values_row(row: UploadRow, raws: dict[str, RawCell], vocab: Vocabulary) -> dict[str, str]:
    cells = {c: row.text(raws, c) for c in VALUE_COLUMNS}
    cells["region"] = resolve_region(cells["region"], vocab)
    cells["indicator"] = resolve_indicator(cells["indicator"], vocab)
    cells["year"] = normalize_year(cells["year"])
    cells["baseline_year"] = normalize_year(cells["baseline_year"])
    cells["kind"] = KIND_WORDS.get(word_key(cells["kind"]), cells["kind"])

    typed = cells["qualifier"]
    if typed:
        key = word_key(typed)
        if key in QUALIFIER_WORDS:
            cells["qualifier"] = QUALIFIER_WORDS[key]
        elif m := MAINTAIN_YEAR.fullmatch(key):
            cells["qualifier"] = "maintain_baseline"
            if not cells["baseline_year"]:
                cells["baseline_year"] = m.group(1)
            elif cells["baseline_year"] != m.group(1):
                row.problem(
                    "baseline_year",
                    f"基准年“{cells['baseline_year']}”与限定词“{typed}”不一致",
                    f"baseline year {cells['baseline_year']} contradicts the qualifier “{typed}”",
                )

    typed = cells["comparator"]
    if typed:
        if word_key(typed) in COMPARATOR_WORDS:
            cells["comparator"] = COMPARATOR_WORDS[word_key(typed)]
        else:
            row.problem(
                "comparator",
                f"无法识别比较符“{typed}”：请填写 <=（≤、以内、以下）、>=（≥、以上）或 =",
                f"comparator “{typed}” is not recognised: use <= (≤, 以内, 以下), >= (≥, 以上) or =",
            )
    _value(row, cells, vocab)
    return cells


def _value(row: UploadRow, cells: dict[str, str], vocab: Vocabulary) -> None:
    """Drop a unit that is the indicator's, move 以内/≥ words to the comparator; keep the typed digits."""
    typed = cells["value"]
    split = split_value(typed) if typed else None
    if split is None:
        return  # empty, or not a number: the validator says so
    number, words, rest = split
    codes = {code for _, code in words if code}
    if len(codes) > 1:
        row.problem(
            "value",
            f"“{typed}”里的比较词互相矛盾（{'、'.join(w for w, _ in words)}）",
            f"“{typed}” has contradictory comparator words ({', '.join(w for w, _ in words)})",
        )
        return
    units = vocab.indicator_units.get(cells["indicator"])
    if rest:
        if units is None:
            return  # unknown indicator: the validator reports it and the unit cannot be checked
        if unit_key(rest) not in {unit_key(u) for u in units}:
            known = {unit_key(u) for pair in vocab.indicator_units.values() for u in pair}
            if rest[0] in ",.0123456789" and unit_key(rest) not in known:
                return  # "1,23": not a number as written; the validator says so
            unit_zh, unit_en = units
            expected_en = unit_zh if unit_zh == unit_en else f"{unit_zh} ({unit_en})"
            row.problem(
                "value",
                f"单位应为“{unit_zh}”，而不是“{rest}”",
                f"unit must be {expected_en}, not {rest}",
            )
            return
    cells["value"] = number
    if codes:
        code = codes.pop()
        if not cells["comparator"]:
            cells["comparator"] = code
        elif cells["comparator"] in COMPARATORS and cells["comparator"] != code:
            word = next(w for w, c in words if c == code)
            row.problem(
                "comparator",
                f"比较符“{cells['comparator']}”与数值“{typed}”里的“{word}”（{code}）矛盾",
                f"comparator {cells['comparator']} contradicts “{word}” ({code}) in the value “{typed}”",
            )


def documents_row(row: UploadRow, raws: dict[str, RawCell], vocab: Vocabulary) -> dict[str, str]:
    cells = {c: row.text(raws, c) for c in IMPORT_DOCUMENT_COLUMNS}
    cells["region"] = resolve_region(cells["region"], vocab)
    cells["issued"] = normalize_date(cells["issued"])
    cells["kind"] = DOCUMENT_KIND_WORDS.get(word_key(cells["kind"]), cells["kind"])
    return cells
