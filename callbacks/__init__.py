"""Callbacks: thin wrappers that read controls, call the pure builders and return components."""

from dash import Dash

from . import clientside, detail, progress, tables, view


def register(app: Dash) -> None:
    for module in (view, detail, tables, progress, clientside):
        module.register(app)
