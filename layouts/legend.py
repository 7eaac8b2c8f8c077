"""The target map's legend under the map (title and comparators, the indicator page's link, a swatch per class and
special case), from the map state's server-side `legend` (choropleth.map_state): drawn by callbacks/view.py
update_map and, for the first paint, by layouts/first_paint.py."""

from __future__ import annotations

from dash import html

from water_targets.choropleth import SPECIAL_STYLES


def map_legend(state: dict, year: str | None = None) -> list:
    """A legend strip under the map: title and comparators, then one swatch per class and special case. The case
    of a unit without a value (无数据, 未分解到县, …: `legend-missing`) is hidden while every unit has one: by
    assets/map_style.js restyle for the year shown (the strip's class `all-drawn`), here when `year` is given (the
    first paint)."""
    spec = state["legend"]
    missing = state["missing"]["unit"]
    if year is not None and all(code in state["cells"].get(year, {}) for code in state["units"]):
        spec = {**spec, "special": [item for item in spec["special"] if item.get("class") != missing]}

    def swatch(item: dict, extra: str = "") -> html.Span:
        style = {"background": item["color"]}
        dashed = SPECIAL_STYLES.get(item.get("class"), {})
        if dashed.get("dash"):  # a dashed class (保持2020年水平) shows its map outline
            style["border"] = f"{dashed['weight']}px dashed {dashed['outline']}"
        return html.Span(
            className=f"legend-item {extra}",
            children=[html.Span(className="swatch", style=style), html.Span(item["label"])],
        )

    items = [swatch(item) for item in spec["items"]]
    items += [
        swatch(item, f"legend-special class-{item['class']}" + (" legend-missing" if item["class"] == missing else ""))
        for item in spec["special"]
    ]
    head = [html.Strong(spec["title"], className="legend-title")]
    if spec["comparators"]:
        head.append(html.Span(spec["comparators"], className="legend-comparators"))
    head += indicator_link(state)
    return [
        html.Div(head, className="legend-head"),
        html.Div(items, className="legend-items"),
        html.Div(spec["caption"], className="legend-caption"),
    ]


def indicator_link(state: dict) -> list:
    """The legend title's "指标说明 / About this indicator" link to the indicator's page (web/indicator_pages.py),
    as assets/map_legend.js adds it to the progress legend: from the map state's `texts`."""
    texts = state.get("texts") or {}
    if not texts.get("indicator_page"):
        return []
    return [html.A(texts["about_indicator"], href=texts["indicator_page"], className="indicator-about legend-about")]
