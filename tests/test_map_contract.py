"""The map-state contract (choropleth.map_state → browser_state, progress.browser_progress): named keys only, no
magic class numbers, a style for every class in use, and nothing sent that the page's scripts (assets/*.js) do not
read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from water_targets.choropleth import BROWSER_KEYS, SPECIAL_STYLES, browser_state, map_state
from water_targets.classes import BACKGROUND_STYLES, contrast_ratio, label_color
from water_targets.controls import year_at, year_index
from water_targets.progress import browser_progress, progress_state
from water_targets.status import STATUSES
from water_targets.urlstate import URL_SPEC

ASSETS = Path(__file__).resolve().parents[1] / "assets"
JS = "\n".join(path.read_text(encoding="utf-8") for path in sorted(ASSETS.glob("*.js")))
VIEWS = [
    ("150400", "total_water_use"),  # 赤峰市: value classes
    ("150400", "industrial_water_intensity_reduction"),  # 保持2020年水平 (maintain)
    ("150400", "new_agri_saving_capacity"),  # not applicable
    ("150222", "pipe_leakage_rate"),  # 固阳县: highlighted, its city's other counties as context
    ("140600", "total_water_use"),  # no county breakdown
    ("all", "total_water_use"),
]
CELL_KEYS = {"class", "value", "note", "source"}


def browser(dataset, geo, region: str, indicator: str, lang: str = "zh") -> dict:
    state = browser_state(map_state(dataset, geo, region, indicator, lang))
    progress = browser_progress(progress_state(dataset, geo, region, indicator, lang))
    return {**state, "progress": progress, "url": URL_SPEC}


def data_key(key: str) -> bool:
    """Keys that are data, not names of the contract: years, adcodes, class and status names."""
    return key.isdigit() or key.startswith("class-") or key in SPECIAL_STYLES or key in STATUSES


def keys(value, path: str = "") -> set[tuple[str, str]]:
    """Every (path, key) of the nested dicts of a state, data keys skipped over."""
    found: set[tuple[str, str]] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if not data_key(key):
                found.add((path, key))
            found |= keys(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            found |= keys(inner, path)
    return found


def numbers(value) -> list:
    if isinstance(value, dict):
        return [n for inner in value.values() for n in numbers(inner)]
    if isinstance(value, list):
        return [n for inner in value for n in numbers(inner)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


@pytest.mark.parametrize(("region", "indicator"), VIEWS)
def test_named_keys_and_a_style_for_every_class(dataset, geo, region, indicator) -> None:
    full = map_state(dataset, geo, region, indicator, "zh")
    state = browser_state(full)
    assert tuple(state) == BROWSER_KEYS
    assert not {"scheme", "bins", "legend", "colors", "special", "default", "names"} & set(state)
    classes = state["classes"]
    for year_cells in state["cells"].values():
        for cell in year_cells.values():
            assert set(cell) <= CELL_KEYS and {"class", "value", "source"} <= set(cell)
            assert isinstance(cell["class"], str) and cell["class"] in classes
    for head in state["headline"].values():
        assert set(head) <= CELL_KEYS - {"class"}
    assert state["missing"]["unit"] in classes
    if state["highlight"]:
        assert state["missing"]["highlight"] in classes
    for name, style in classes.items():
        assert re.fullmatch(r"class-\d+|" + "|".join(SPECIAL_STYLES), name)
        assert {"fill", "outline", "weight"} <= set(style) and style["fill"].startswith("#")
        if name in SPECIAL_STYLES:
            assert style["label"] or name == "maintain"
    # No magic class numbers: the only numbers are outline weights.
    assert all(n > 0 for n in numbers({k: v for k, v in state.items() if k not in ("units",)}))


def test_maintain_is_drawn_dashed_and_exports_read_the_same_styles(dataset, geo) -> None:
    state = map_state(dataset, geo, "150400", "industrial_water_intensity_reduction", "zh")
    assert state["cells"]["2025"]["150424"]["class"] == "maintain"
    maintain = SPECIAL_STYLES["maintain"]
    assert state["classes"]["maintain"] == {**maintain, "label": "保持2020年水平", "ink": label_color(maintain["fill"])}
    assert state["classes"]["maintain"]["dash"] == "5 3"


@pytest.mark.parametrize(("region", "indicator"), VIEWS)
def test_the_browser_reads_every_key_it_is_sent(dataset, geo, region, indicator) -> None:
    """Each key name of the contract occurs in the scripts as a property read (`.key` or `["key"]`)."""
    unread = sorted(
        f"{path}.{key}"
        for path, key in keys(browser(dataset, geo, region, indicator))
        if not re.search(rf"\.{key}\b|\[\"{key}\"\]", JS)
    )
    assert unread == []


def test_the_scripts_have_no_class_numbers_or_colours_of_classes() -> None:
    assert not re.search(r"===? *-[1-5]\b|\"#b7791f\"|\"#0b3c5d\"|\"#111827\"|h\.colors|h\.special", JS)
    for style in SPECIAL_STYLES.values():
        assert f'"{style["outline"]}"' not in JS or style["outline"] == "#ffffff"  # white: the no-state default


def test_slider_index_and_year() -> None:
    years = ["2023", "2024", "2025"]
    assert [year_at(years, i) for i in (None, -1, 0, 2, 3)] == [None, None, "2023", "2025", None]
    assert year_index(years, "2024") == 1 and year_index(years, "1999") == 0


@pytest.mark.parametrize(("region", "indicator"), VIEWS)
def test_every_class_names_its_units_in_an_ink_of_4_5_to_1(dataset, geo, region, indicator) -> None:
    state = map_state(dataset, geo, region, indicator, "zh")
    ratios = {name: contrast_ratio(style["fill"], style["ink"]) for name, style in state["classes"].items()}
    assert ratios and all(r >= 4.5 for r in ratios.values()), ratios


def test_the_shared_core_is_the_first_script() -> None:
    """Dash loads assets/*.js in alphabetical order; core.js makes window.water, which the others fill in."""
    scripts = sorted(path.name for path in ASSETS.glob("*.js"))
    assert scripts[0] == "core.js"
    assert all(
        "(window.water)" in (ASSETS / name).read_text(encoding="utf-8")
        for name in scripts
        if name.startswith(("map_", "page_", "phone", "view_"))
    )


def test_the_scripts_define_no_colour() -> None:
    """Colours come from the server (map state, the layers' hideout): the scripts hold none but white, which
    map_labels.js compares a label's ink with to choose its halo."""
    colours = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", JS)}
    assert colours <= {"#ffffff"}, sorted(colours)


def test_background_layers_are_styled_from_their_hideout(dash_app) -> None:
    """Both background layers (the map's and the South China Sea inset's) carry classes.BACKGROUND_STYLES."""
    layout = str(dash_app.layout() if callable(dash_app.layout) else dash_app.layout)
    assert layout.count("contextStyle") == 2
    assert layout.count(repr(BACKGROUND_STYLES["maritime"])) >= 1
