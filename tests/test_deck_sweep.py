"""Every deck of the dataset, built with the pure builder (placeholder pictures, no rendering) and read back with
python-pptx: each plan region and the overview × each indicator it has targets of × both languages, at the view's
latest target year, with the progress slides where the view has actual figures. Each deck has a title on every
slide, nothing off the slide or overlapping, no text under the minimum sizes, no full-width punctuation in English
outside the documents' own titles and sections."""

from __future__ import annotations

import io
from datetime import date

import pytest
from deck_helpers import (
    allowed_citations,
    assert_font_sizes_meet_the_minimums,
    assert_no_full_width_punctuation,
    assert_nothing_overlaps_or_leaves_the_slide,
    assert_titles,
)
from PIL import Image
from pptx import Presentation

from water_targets import exports
from water_targets.choropleth import OVERVIEW, view_for
from water_targets.data import get_dataset
from water_targets.i18n import t
from water_targets.progress_table import progress_table_rows
from water_targets.queries import has_values, value_rows
from water_targets.regions import plan_regions
from water_targets.view_state import View

pytestmark = pytest.mark.usefixtures("progress_store")  # the bundled targets with test actuals: progress slides too


@pytest.fixture(scope="module")
def data(progress_store):
    return get_dataset(progress_store)


@pytest.fixture(scope="module")
def picture() -> bytes:
    """A blank 1920x1080 PNG standing in for every rendered picture."""
    out = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(out, "PNG")
    return out.getvalue()


def views(data, geo) -> list[tuple[str, str, int]]:
    """(region, indicator, latest target year) of the overview and every plan region, each indicator with targets."""
    out = []
    for region in [OVERVIEW, *(r.adcode for r in plan_regions(data, geo))]:
        targets = data.values[data.values["region"].isin(view_for(data, geo, region).codes)]
        targets = targets[targets["kind"] == "target"]
        for indicator in sorted(set(targets["indicator"])):
            out.append((region, indicator, int(targets[targets["indicator"] == indicator]["year"].max())))
    return out


def build(data, geo, region: str, indicator: str, year: int, lang: str, picture: bytes) -> Presentation:
    """The deck as /export/deck.pptx assembles it, with `picture` for each picture it would render."""
    images = {"map": picture}
    if region != OVERVIEW and has_values(data, indicator, region):
        images["chart"] = picture
    if value_rows(data, indicator, view_for(data, geo, region).units, year=year)["region"].nunique() > 1:
        images["ranking"] = picture
    progress = None
    view = View(region, indicator, year, lang)
    if exports.has_progress(data, geo, view):
        images["progress_map"] = picture
        _, as_of = exports.progress_years(data, geo, view)
        rows = progress_table_rows(data, geo, region, lang, indicators=[indicator])
        name = data.indicators.loc[indicator, "name_en" if lang == "en" else "name_zh"]
        title = f"{exports.place_name(data, geo, region, lang)} · {name} · {as_of} · {t('progress_table', lang)}"

        unit = data.indicators.loc[indicator, "unit_en" if lang == "en" else "unit_zh"]

        def progress(prs, layout) -> None:
            exports.progress_slides(prs, layout, rows, title, lang, "v1", unit, region)

    imprint = exports.Imprint(version="v1", today=date(2026, 1, 1))
    body = exports.deck(data, geo, view, images, imprint, progress=progress)
    return Presentation(io.BytesIO(body))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_deck_is_well_formed(data, geo, picture, lang) -> None:
    cited = allowed_citations(data)
    failures = []
    swept = views(data, geo)
    assert len({region for region, _, _ in swept}) == len(plan_regions(data, geo)) + 1
    for region, indicator, year in swept:
        deck = build(data, geo, region, indicator, year, lang, picture)
        try:
            assert_titles(deck)
            assert_nothing_overlaps_or_leaves_the_slide(deck)
            assert_font_sizes_meet_the_minimums(deck, lang)
            if lang == "en":
                assert_no_full_width_punctuation(deck, cited)
        except AssertionError as exc:
            failures.append(f"{region} {indicator} {year} {lang}: {exc}")
    assert not failures, "\n".join(failures)
