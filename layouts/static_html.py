"""Dash components written as static HTML, for the first paint (layouts/first_paint.py): the page's layout as the
first HTML response shows it before the scripts have drawn it, with the same elements and classes, so style.css
lays it out as the page it stands for.

What React would own is left out: no `id` (the page drawn by the scripts has them), no focus order, no handlers.
Text is escaped everywhere. Inline `style` is not allowed by the page's CSP (style-src without 'unsafe-inline'):
`display: none` becomes `hidden`, a background colour (a legend swatch) an SVG rectangle of that fill; the rest of
a style is dropped. Components other than dash_html_components are stand-ins: a dropdown or a slider an empty box
of its size (style.css .first-paint-control), a Leaflet map its box; the stores and the others nothing. `slots`
gives the markup of an element by its id (the map's picture, a dropdown's chosen value, a legend).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from dash.development.base_component import Component

HTML_NAMESPACE = "dash_html_components"
VOID = {"br", "hr", "img", "input", "wbr"}
# Props of html components that are attributes as they are; aria-* and data-* are kept too.
ATTRIBUTES = {"className": "class", "role": "role", "title": "title", "href": "href", "type": "type", "lang": "lang"}
# Stand-ins for other components, by type: the class of an empty box of the component's size.
STAND_INS = {
    "Dropdown": "dash-dropdown first-paint-control",
    "Slider": "first-paint-control first-paint-slider",
    "MapContainer": None,  # its own className (leaflet-map): the map's box
}
COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\([0-9., ]+\))$")


def _attributes(component: Component, kept: Mapping[str, object]) -> str:
    out = []
    for prop, value in kept.items():
        if value is None or value is False:
            continue
        name = ATTRIBUTES.get(prop) or (prop if prop.startswith(("aria-", "data-")) else None)
        if prop == "hidden" and value:
            out.append(" hidden")
        elif name and not name.startswith("aria-labelledby") and not name.startswith("aria-describedby"):
            out.append(f' {name}="{escape(str(value))}"')
    style = kept.get("style") or {}
    if style.get("display") == "none" and not kept.get("hidden"):
        out.append(" hidden")
    return "".join(out)


def _swatch(style: Mapping[str, object]) -> str:
    """A background colour as an SVG rectangle that fills its element (style.css .first-paint-fill)."""
    colour = str(style.get("background") or style.get("backgroundColor") or "")
    if not COLOUR.match(colour):
        return ""
    return (
        '<svg class="first-paint-fill" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">'
        f'<rect width="1" height="1" fill="{colour}"/></svg>'
    )


def static_html(node: object, slots: Mapping[str, str] | None = None) -> str:
    """`node` (a component, a list of them, text or a number) as HTML; `slots`: markup by element id."""
    slots = slots or {}
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node))
    if isinstance(node, list | tuple):
        return "".join(static_html(child, slots) for child in node)
    if not isinstance(node, Component):
        return ""
    props = node.to_plotly_json()["props"]
    element_id = props.get("id")
    inner = slots.get(element_id) if isinstance(element_id, str) else None
    if node._namespace != HTML_NAMESPACE:
        if node._type not in STAND_INS:
            return ""
        css = STAND_INS[node._type] or props.get("className") or ""
        return f'<div class="{escape(css)}">{inner or ""}</div>'
    tag = node._type.lower()
    attrs = _attributes(node, props)
    if tag in VOID:
        return f"<{tag}{attrs}>"
    if inner is None:
        inner = _swatch(props.get("style") or {}) + static_html(props.get("children"), slots)
    return f"<{tag}{attrs}>{inner}</{tag}>"
