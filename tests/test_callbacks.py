"""The Dash callbacks as plain functions: inputs in, outputs out, no browser and no Dash request.

Each callbacks module defines its callbacks at module level and `register(app)` wires them to the page (the idiom
of dash-extensions' tests/test_callback_pytest.py), so they are called here directly.
"""

from __future__ import annotations

import pytest
from dash import no_update

from callbacks import detail, view
from layouts import page
from water_targets import cached as cache
from water_targets.choropleth import OVERVIEW
from water_targets.data import head_revision
from water_targets.i18n import LANGS

CHIFENG = "150400"
CHIFENG_COUNTIES = 12  # 红山区 … 敖汉旗
NINGCHENG = "150429"
AOHAN = "150430"


@pytest.fixture(scope="module")
def rev(dataset) -> int:
    return head_revision()


def map_outputs(region: str, *, requested: dict | None = None, mode: str | None = None, lang: str = "zh") -> dict:
    """update_map with a fresh page: no slider, no previous state, no counties."""
    return view.update_map(region, "total_water_use", lang, None, None, None, requested, None, mode)


def test_restore_from_url_with_a_junk_query_gives_the_notice_and_the_defaults(rev) -> None:
    out = view.restore_from_url("?region=999999&indicator=nope&year=abc&lang=xx&asof=zz")
    default = view.restore_from_url("")
    assert [out[k] for k in ("region", "indicator", "lang", "mode")] == [
        default[k] for k in ("region", "indicator", "lang", "mode")
    ]
    assert (out["lang"], out["mode"]) == ("zh", "targets")
    for param in ("lang=xx", "region=999999", "indicator=nope", "year=abc", "asof=zz"):
        assert param in out["notice"]
    assert default["notice"] == ""  # a clean URL has no notice
    assert out["request"] == default["request"] and out["request"]["counties"] == []
    assert out["revision"] == {"rev": rev, "pinned": False}


def test_restore_from_url_reads_region_indicator_year_counties_and_view(rev) -> None:
    search = f"?region={CHIFENG}&indicator=total_water_use&year=2025&county={NINGCHENG}&lang=en&view=progress"
    out = view.restore_from_url(search)
    got = tuple(out[k] for k in ("region", "indicator", "lang", "notice", "mode"))
    assert got == (CHIFENG, "total_water_use", "en", "", "progress")
    assert out["request"] == {"year": 2025, "counties": [NINGCHENG]}


def test_restore_from_url_pins_an_asof_revision(rev) -> None:
    assert view.restore_from_url(f"?region={CHIFENG}&asof={rev}")["revision"] == {"rev": rev, "pinned": True}


def test_the_overview_shows_the_inset_with_the_maps_own_background(rev) -> None:
    out = map_outputs(OVERVIEW)
    assert out["inset"] == {}
    # the same address as the main map's background layer: the browser answers it from the first request
    assert out["inset_background"] == page.context_query(rev)
    assert out["inset_background"].startswith("/api/v1/boundaries?adcode=100000,")


def test_update_map_for_chifeng_gives_its_twelve_counties(rev) -> None:
    out = map_outputs(CHIFENG, requested={"year": 2025, "counties": [NINGCHENG, "999999"]})
    assert len(out) == 13
    assert len(out["county_options"]) == CHIFENG_COUNTIES
    assert out["counties"] == [NINGCHENG]  # the URL's counties, only those of the view
    assert out["request"] is None  # the URL's request is used once
    assert out["boundaries"] == f"/api/v1/boundaries?parent={CHIFENG}"
    assert out["inset"] == {"display": "none"}  # the 南海诸岛 inset is for the overview only
    assert out["inset_background"] is no_update  # and only then fetches its background
    years = [int(y) for y in out["state"]["years"]]
    assert out["slider_max"] == len(years) - 1 and years[out["slider"]] == 2025


def test_update_map_keeps_the_slider_year_when_the_region_changes(rev) -> None:
    first = map_outputs(CHIFENG, requested={"year": 2025, "counties": []})
    state, index = first["state"], first["slider"]
    again = view.update_map(CHIFENG, "total_water_use", "zh", index, state, [], None, None, None)
    assert again["state"]["years"][again["slider"]] == state["years"][index]


def test_update_map_without_region_or_indicator_changes_nothing() -> None:
    assert view.update_map(None, "total_water_use", "zh", None, None, None, None, None, None) is no_update
    assert view.update_map(CHIFENG, None, "zh", None, None, None, None, None, None) is no_update


def test_click_unit_puts_the_clicked_unit_first(rev) -> None:
    options = map_outputs(CHIFENG)["county_options"]
    clicked = {"properties": {"adcode": AOHAN}}
    assert view.click_unit(1, clicked, [NINGCHENG, AOHAN], options) == [AOHAN, NINGCHENG]
    assert view.click_unit(1, clicked, None, options) == [AOHAN]
    # A unit outside the view's options (or a click beside the units) leaves the selection alone.
    assert view.click_unit(1, {"properties": {"adcode": "999999"}}, [NINGCHENG], options) is no_update
    assert view.click_unit(1, None, [NINGCHENG], options) is no_update


def test_toggle_language_cycles_through_the_languages() -> None:
    assert [view.toggle_language(1, lang) for lang in LANGS] == [*LANGS[1:], LANGS[0]]


def test_show_data_version_waits_for_the_revision(rev) -> None:
    assert view.show_data_version(None, "zh") is no_update
    assert view.show_data_version({"rev": rev}, "zh")["css"] == "data-version"  # the latest data: not pinned


def test_ranking_in_the_progress_view_shows_the_target_the_assessment_year_looks_at(rev) -> None:
    state = cache.browser_map_state(rev, CHIFENG, "total_water_use", "zh")
    target_years = [int(y) for y in state["years"]]
    # Assessment years before the first target year rank the first target year's targets.
    progress = {**state, "progress": {**state["progress"], "years": [str(target_years[0] - 2)]}}
    fig = detail.show_ranking(0, [NINGCHENG], progress, "zh", None, "progress")
    assert str(target_years[0]) in fig.layout.title.text
    # In the target view the slider's year is the ranking's.
    fig = detail.show_ranking(len(target_years) - 1, [], state, "zh", None, "targets")
    assert str(target_years[-1]) in fig.layout.title.text
    # No slider year, or one past the end: nothing to redraw.
    assert detail.show_ranking(None, [], state, "zh", None, "targets") is no_update
    assert detail.show_ranking(len(target_years), [], state, "zh", None, "targets") is no_update


def test_show_detail_draws_the_first_selected_county(rev) -> None:
    children = detail.show_detail([NINGCHENG, AOHAN], CHIFENG, "total_water_use", "zh", None)
    title = children[0].children[0].children
    assert title.startswith("宁城县")
    # Without a county the overview asks for a click; without an indicator nothing changes.
    hint = detail.show_detail([], OVERVIEW, "total_water_use", "zh", None)
    assert hint.className == "hint"
    assert detail.show_detail([], CHIFENG, None, "zh", None) is no_update


def test_english_counts_one_in_the_singular() -> None:
    from water_targets.i18n import t

    assert t("progress_rows", "en", n=1) == "1 row"
    assert t("progress_rows", "en", n=2) == "2 rows"
    assert t("progress_rows", "zh", n=1) == "共 1 项"


def test_the_status_filter_always_lists_every_status_and_keeps_what_the_reader_unticked(rev) -> None:
    """Every status is an option in every view, those without rows disabled (and hidden by CSS): a list of component
    labels that changed length broke dash-renderer's next update (the region menu could not reach 全国). A status
    the reader unticked stays unticked in the next view; one absent before is ticked when it appears."""
    from callbacks.progress_table import status_filter
    from water_targets.status import AT_RISK, NO_ACTUAL, NOT_APPLICABLE, ON_TRACK, STATUSES

    data = {"rev": rev}
    chifeng = status_filter(CHIFENG, "zh", data, None, None)
    assert [o["value"] for o in chifeng["options"]] == list(STATUSES)
    enabled = [o["value"] for o in chifeng["options"] if not o["disabled"]]
    assert enabled == chifeng["value"] == [NO_ACTUAL, NOT_APPLICABLE]  # no actual of 赤峰's; 红山区's "/"
    # 全国's view: the country on track, 内蒙古 at risk (2022: 193.47 under a 196.3 cap, within 2 %) …
    country = status_filter("100000", "zh", data, chifeng["options"], [])  # the reader unticked 无实际数据
    assert [o["value"] for o in country["options"]] == list(STATUSES)
    assert ON_TRACK in country["value"] and AT_RISK in country["value"] and NO_ACTUAL not in country["value"]
