"""callbacks/initial.py: callbacks answered by the layout — run on the layout's own values, in the order they feed
each other, their outputs written into the layout; not run by Dash when the page is drawn."""

from __future__ import annotations

import json

import pytest
from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import initial


@pytest.fixture()
def registry(monkeypatch):
    monkeypatch.setattr(initial, "INITIAL", {})
    return Dash(__name__)


def tree() -> html.Div:
    return html.Div(
        [
            dcc.Store(id="lang", data="en"),
            dcc.Store(id="count", data=3),
            html.Span(id="label"),
            html.Span(id="shout"),
            html.Span(id="kept", children="as laid out"),
            html.Span(id="untouched", children="as laid out"),
        ]
    )


def test_runs_in_the_order_callbacks_feed_each_other(registry) -> None:
    def shout(label: str) -> str:
        return label.upper() + "!"

    def label(lang: str, count: int) -> dict:
        return {"text": f"{count} in {lang}", "kept": no_update}

    # registered before the callback whose output it reads
    initial.register(registry, shout, Output("shout", "children"), {"label": Input("label", "children")})
    initial.register(
        registry,
        label,
        {"text": Output("label", "children"), "kept": Output("kept", "children")},
        {"lang": Input("lang", "data"), "count": State("count", "data")},
    )
    page = initial.with_initial(tree())
    spans = {c.id: c.children for c in page.children if isinstance(c, html.Span)}
    assert spans == {"label": "3 in en", "shout": "3 IN EN!", "kept": "as laid out", "untouched": "as laid out"}


def test_skipped_when_not_in_the_layout_or_prevented(registry) -> None:
    calls = []

    def absent(value: str) -> str:
        calls.append(value)
        return "x"

    def prevented(lang: str) -> str:
        raise PreventUpdate

    initial.register(registry, absent, Output("untouched", "children"), {"value": Input("nowhere", "data")})
    initial.register(registry, prevented, [Output("untouched", "children")], {"lang": Input("lang", "data")})
    page = initial.with_initial(tree())
    assert calls == []
    assert page.children[-1].children == "as laid out"


def test_dash_does_not_run_them_when_the_page_is_drawn(registry) -> None:
    def label(lang: str) -> str:
        return lang

    initial.register(registry, label, Output("label", "children"), {"lang": Input("lang", "data")})
    registry.layout = tree()
    with registry.server.test_client() as client:
        graph = json.loads(client.get("/_dash-dependencies").data)
    (entry,) = [cb for cb in graph if cb["output"] == "label.children"]
    assert entry["prevent_initial_call"] is True


def test_a_callback_runs_once_another_has_put_its_component_there(registry) -> None:
    def insert(lang: str) -> list:
        return [html.Span(id="inserted", children=lang)]

    def fill(text: str) -> str:
        return f"after {text}"

    initial.register(registry, fill, Output("shout", "children"), {"text": Input("inserted", "children")})
    initial.register(registry, insert, Output("label", "children"), {"lang": Input("lang", "data")})
    page = initial.with_initial(tree())
    spans = {c.id: c.children for c in page.children if isinstance(c, html.Span)}
    assert spans["shout"] == "after en"
