"""A column of an exported table, defined once for its header, its cells and its width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """`header`: an i18n key (the data files print it as it is); `width`: characters in a workbook, inches on a
    slide; `get`: a row's cell (each table says what it is given). The rest are options some tables read."""

    header: str
    width: float
    get: Callable[..., Any]
    wrap: bool = False  # workbook: wrapped text
    size: int = 11  # slide: point size of the cells
    figure: bool = False  # progress workbook: built from validated numbers, written as it is
    status: bool = False  # progress tables: the cell filled with the status colour
    sheet: Callable[..., Any] | None = None  # data workbook: the cell when it differs from the text's
