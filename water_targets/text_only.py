"""Data text (unit names, titles, notes, sources) written as text, never as markup or formulas: in plotly's
pseudo-HTML strings of exported pictures, and in spreadsheet cells (the import template and the data exports)."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# Text starting with these is a formula or becomes one when a spreadsheet user edits the cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def plotly_text(value: object) -> str:
    """`value` as literal text in a plotly string (annotation, title, legend, tick label, point label).

    plotly.js reads <b>, <i>, <a href=…>, <span style=…> and <br> in every text as markup and decodes entities,
    so a unit name "<a href=…>x</a>" became a link in an exported SVG; & < > are written as entities instead.
    Markup the exports add themselves (<b>, <br>) goes around the escaped text."""
    return html.escape(str(value), quote=False)


def figure_as_text(fig: go.Figure) -> go.Figure:
    """Every data text of a dashboard figure (figures.time_chart, ranking.ranking_chart) made literal in place:
    trace names, point labels, hover texts, a bar chart's category names, the title, axis titles and notes. The
    figures carry no markup of their own, so all of it is escaped; a name "<a href=…>" shows as written, on the
    page's charts and in the exported pictures built from them."""

    def texts(values):
        if isinstance(values, str):
            return plotly_text(values)
        return [plotly_text(v) if isinstance(v, str) else v for v in values]

    for trace in fig.data:
        if trace.name:
            trace.name = plotly_text(trace.name)
        for attr in ("text", "hovertext"):
            if getattr(trace, attr, None) is not None:
                setattr(trace, attr, texts(getattr(trace, attr)))
        if trace.type == "bar" and trace.y is not None:  # the ranking's unit names on its category axis
            trace.y = texts(trace.y)
    if fig.layout.title.text:
        fig.layout.title.text = plotly_text(fig.layout.title.text)
    for axis in ("xaxis", "yaxis", "yaxis2"):
        layout_axis = fig.layout[axis] if axis in fig.layout else None
        if layout_axis is not None and layout_axis.title.text:
            layout_axis.title.text = plotly_text(layout_axis.title.text)
    for note in fig.layout.annotations:
        if note.text:
            note.text = plotly_text(note.text)
    return fig


def text_cell(cell: Cell, value: object) -> Cell:
    """`value` into `cell`; text is always a string cell, never a formula, whatever it starts with
    ('=HYPERLINK(…)' is shown as written). Text that looks like a formula is also marked quotePrefix, as Excel
    marks a typed "'=…", so editing the cell does not turn it into one either. Numbers stay numbers."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made text starting with "=" a formula
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    return cell


def put_text(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """ws.cell(row, column, value), with text as a string cell (text_cell)."""
    return text_cell(ws.cell(row, column), value)


def append_text_row(ws: Worksheet, values: Sequence[object]) -> None:
    """ws.append(values), with every text a string cell (text_cell)."""
    ws.append(list(values))
    row = ws.max_row
    for column, value in enumerate(values, 1):
        if isinstance(value, str):
            text_cell(ws.cell(row, column), value)
