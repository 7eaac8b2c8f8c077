"""Callbacks: thin functions that read controls, call the pure builders and return components.

Each module defines its callbacks at module level (importable, tested without a browser: tests/test_callbacks.py)
and wires them to the page in `register(app)`.
"""

from dash import Dash

from . import clientside, detail, progress_table, tables, view


def register(app: Dash) -> None:
    for module in (view, detail, tables, progress_table, clientside):
        module.register(app)
