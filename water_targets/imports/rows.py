"""The rows of an upload: a sheet's cells read into canonical text (values and documents), with the problems of each
cell in bilingual words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import Message, listed, message, quoted
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
    def name(self) -> Message | None:
        """A worksheet as messages name it ("工作表“数值”", "sheet “数值”"); None for a CSV."""
        return message("imp_the_sheet", sheet=self.label, sheet_q=quoted(self.label)) if self.label else None

    def within(self, words: Message) -> Message:
        """`words` prefixed with the worksheet they are about (as they are for a CSV)."""
        return message("imp_in_sheet", sheet=self.name, text=words) if self.label else words

    def problem(self, row: int | None, words: Message) -> Problem:
        return Problem(sheet=self.kind, row=row, column=None, message=self.within(words))


class UploadRow:
    """One data row being normalised; collects its cell problems with row and column in plain words."""

    def __init__(self, sheet: UploadSheet, number: int, letters: dict[str, str], problems: list[Problem]) -> None:
        self.sheet, self.number, self.letters, self.problems = sheet, number, letters, problems

    def problem(self, column: str, words: Message) -> None:
        letter = self.letters.get(column)
        where = {"row": self.number, "label": COLUMN_LABELS[column], "column": column, "text": words}
        at = message("imp_at_cell", letter=letter, **where) if letter else message("imp_at_cell_unlettered", **where)
        self.problems.append(Problem(self.sheet.kind, self.number, column, self.sheet.within(at)))

    def text(self, raws: dict[str, RawCell], column: str) -> str:
        text, formula = cell_text(raws.get(column, ""), column)
        if formula is not None:
            self.problem(column, message("imp_formula", formula=formula))
            return ""
        if FORMULA_TEXT.match(text):
            self.problem(column, message("imp_formula_text", text=text, equals_q=quoted("=")))
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
                year = cells["baseline_year"]
                row.problem(
                    "baseline_year", message("imp_baseline_contradicts", year=year, typed=typed, typed_q=quoted(typed))
                )

    typed = cells["comparator"]
    if typed:
        if word_key(typed) in COMPARATOR_WORDS:
            cells["comparator"] = COMPARATOR_WORDS[word_key(typed)]
        else:
            row.problem("comparator", message("imp_comparator_unknown", typed=typed, typed_q=quoted(typed)))
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
        found = listed([w for w, _ in words])
        row.problem("value", message("imp_value_words_contradict", typed=typed, typed_q=quoted(typed), words=found))
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
            row.problem("value", message("imp_unit_wrong", unit=unit_zh, expected=expected_en, typed=rest))
            return
    cells["value"] = number
    if codes:
        code = codes.pop()
        if not cells["comparator"]:
            cells["comparator"] = code
        elif cells["comparator"] in COMPARATORS and cells["comparator"] != code:
            word = next(w for w, c in words if c == code)
            words_of = {"word": word, "word_q": quoted(word), "typed": typed, "typed_q": quoted(typed), "code": code}
            row.problem("comparator", message("imp_comparator_contradicts", comparator=cells["comparator"], **words_of))


def documents_row(row: UploadRow, raws: dict[str, RawCell], vocab: Vocabulary) -> dict[str, str]:
    cells = {c: row.text(raws, c) for c in IMPORT_DOCUMENT_COLUMNS}
    cells["region"] = resolve_region(cells["region"], vocab)
    cells["issued"] = normalize_date(cells["issued"])
    cells["kind"] = DOCUMENT_KIND_WORDS.get(word_key(cells["kind"]), cells["kind"])
    return cells
