"""The map's 目标值 | 完成情况 switch outside the browser: `view=` in the URL, the progress state of the map."""

from __future__ import annotations

from water_targets import urlstate
from water_targets.progress import progress_state
from water_targets.view_state import PROGRESS, View


def test_view_progress_is_read_from_the_url(dataset, geo) -> None:
    state = urlstate.parse("?region=150400&indicator=total_water_use&view=progress&year=2025", dataset, geo)
    assert (state.view, state.year, state.invalid) == ("progress", 2025, [])
    # Without a year the progress view takes its latest actual year (chosen with the view's progress state).
    assert urlstate.parse("?region=150400&view=progress", dataset, geo).year is None


def test_targets_is_the_default_view(dataset, geo) -> None:
    state = urlstate.parse("?region=150400&indicator=total_water_use", dataset, geo)
    assert state.view == "targets" and state.year == 2025 and not state.invalid
    assert urlstate.parse("?region=150400&view=targets", dataset, geo).invalid == []


def test_a_junk_view_falls_back_to_targets_with_a_notice(dataset, geo) -> None:
    for junk in ("map", "", "PROGRESS", "progress;x"):
        state = urlstate.parse(f"?region=150400&indicator=total_water_use&view={junk}", dataset, geo)
        assert state.view == "targets", junk
        assert state.invalid == [f"view={junk}"], junk
        assert state.year == 2025  # the target view's default year


def test_view_round_trips_through_to_query(dataset, geo) -> None:
    query = urlstate.to_query(View("150400", "total_water_use", 2024, "zh", PROGRESS))
    assert query.endswith("&view=progress")
    assert urlstate.parse(query, dataset, geo).view == "progress"
    assert "view" not in urlstate.to_query(View("150400", "total_water_use", 2025, "zh"))


def test_progress_state_carries_its_words_and_says_when_there_is_no_actual(dataset, geo) -> None:
    state = progress_state(dataset, geo, "150400", "total_water_use", "zh")  # the shipped data: no actual figure
    assert state["has_actuals"] is False
    assert {c["status"] for year in state["cells"].values() for c in year.values()} == {"no_actual"}
    texts = state["texts"]
    assert texts["headline"] == "赤峰市完成情况"
    assert texts["actual_source"] == "实际值来源" and texts["target_source"] == "目标来源"
    assert "{year}" in texts["legend"] and "{n}" in texts["assessed"]
    english = progress_state(dataset, geo, "all", "total_water_use", "en")["texts"]
    assert english["headline"] == "" and english["target_source"] == "Source of the target"
