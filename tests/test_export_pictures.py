"""Exported pictures a presenter can project: every valued county labelled with enough contrast, type sizes on a
1920x1080 slide, text that fits, English in English, titles naming region · indicator · year, one-year charts, and
the map review number line of the overview. Figures are built directly (no server), except for the routes."""

from __future__ import annotations

import dataclasses
import re

import pytest

from water_targets.choropleth import view_for
from water_targets.data import get_dataset
from water_targets.exports import Canvas, Imprint, chart_figure, map_figure, progress_map_figure, ranking_figure
from water_targets.exports.canvas import (
    BODY_PX,
    COUNTY_LABEL_PX,
    LINE_HEIGHT,
    NOTE_PX,
    TITLE_MIN_PX,
    text_px,
)
from water_targets.exports.picture_text import document_numbers, documents_only, sources_for
from water_targets.progress import progress_state
from water_targets.queries import value_rows
from water_targets.view_state import PROGRESS, View

FULL_HD = Canvas(1920, 1080)
CHIFENG, TWU = "150400", "total_water_use"
FULL_WIDTH_PUNCTUATION = set("，。：；（）【】、“”\u3000")


def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of '#rrggbb'."""
    h = color.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def plain(text: str) -> str:
    """What a reader sees of an annotation's text: tags gone, wrapped lines joined by a space."""
    return re.sub(r"<[^>]+>", "", text.replace("<br>", " "))


def labels(fig) -> dict[str, dict]:
    return {a.name.removeprefix("label:"): a for a in fig.layout.annotations if (a.name or "").startswith("label:")}


def fills(fig) -> dict[str, str]:
    """Each mapped unit's fill colour (its trace is named by its adcode)."""
    return {tr.name: tr.fillcolor for tr in fig.data if tr.name and tr.name.isdigit()}


def valued_units(dataset, geo, region: str, indicator: str, year: int) -> set[str]:
    rows = value_rows(dataset, indicator, view_for(dataset, geo, region).units, year=year)
    return set(rows["region"])


@pytest.fixture(scope="module")
def progress_data(progress_store):
    return get_dataset(progress_store)


# ---------------------------------------------------------------- county labels


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_valued_county_has_a_label(dataset, geo, lang: str) -> None:
    fig = map_figure(dataset, geo, View(CHIFENG, TWU, 2025, lang), FULL_HD)
    named = labels(fig)
    valued = valued_units(dataset, geo, CHIFENG, TWU, 2025)
    assert len(valued) == 12 and valued <= set(named)
    assert {"150402", "150403"} <= set(named)  # 红山区 / Hongshan, 元宝山区 / Yuanbaoshan: small, called out
    for code, note in named.items():
        assert plain(note.text) == geo.regions[code].name(lang)


def _label_background(note, unit_fills: dict[str, str], code: str) -> str:
    """A name's background: its own box (a callout, or a box of the fill over a pattern), else its unit's fill."""
    return note.bgcolor or unit_fills[code]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_label_contrast_against_its_own_fill(dataset, geo, lang: str) -> None:
    for region, indicator, year in ((CHIFENG, TWU, 2025), ("all", "gdp_water_intensity_reduction", 2025)):
        fig = map_figure(dataset, geo, View(region, indicator, year, lang), FULL_HD)
        unit_fills = fills(fig)
        for code, note in labels(fig).items():
            ratio = contrast(note.font.color, _label_background(note, unit_fills, code))
            assert ratio >= 4.5, (code, note.font.color, ratio)
    # Dark fills get white names, light fills dark ones (the darkest class is 翁牛特旗 and 敖汉旗 in 2025).
    fig = map_figure(dataset, geo, View(CHIFENG, TWU, 2025, lang), FULL_HD)
    named, unit_fills = labels(fig), fills(fig)
    inside = [c for c, a in named.items() if not a.showarrow and not a.bgcolor]
    colours = {luminance(named[c].font.color) > 0.5 for c in inside}
    assert colours == {True, False}
    for code in inside:
        light_text = luminance(named[code].font.color) > 0.5
        assert light_text == (luminance(unit_fills[code]) < 0.18)


def test_progress_map_labels_every_unit_with_contrast(progress_data, geo) -> None:
    fig = progress_map_figure(progress_data, geo, View(CHIFENG, TWU, 2024, "en", PROGRESS), FULL_HD)
    named, unit_fills = labels(fig), fills(fig)
    # every unit named but one at most: an enclosed district whose leader would cross its neighbour is left out
    assert len(set(view_for(progress_data, geo, CHIFENG).units) - set(named)) <= 1
    for code, note in named.items():
        assert contrast(note.font.color, _label_background(note, unit_fills, code)) >= 4.5
    patterned = {tr.name for tr in fig.data if tr.name and tr.name.isdigit() and tr.fillpattern.shape}
    assert patterned  # at risk (dots), over the cap (cross-hatching)
    for code in patterned & set(named):  # a name over a pattern sits on a box of the plain fill
        assert named[code].showarrow or named[code].bgcolor == unit_fills[code]


def test_no_text_relies_on_a_halo(dataset, geo, progress_data) -> None:
    figs = [
        map_figure(dataset, geo, View(CHIFENG, TWU, 2025, "zh"), FULL_HD),
        progress_map_figure(progress_data, geo, View(CHIFENG, TWU, 2024, "zh", PROGRESS), FULL_HD),
    ]
    for fig in figs:
        assert not any(getattr(tr, "textfont", None) and tr.textfont.shadow for tr in fig.data)
        assert not any(a.font.shadow for a in fig.layout.annotations)


# ---------------------------------------------------------------- type sizes


def test_size_constants_meet_the_projection_minimums() -> None:
    # 1920x1080 full-slide in the 13.333 in wide deck: 144 px per inch, 1 pt = 2 px.
    px_per_pt = round(1920 / 13.333 / 72, 2)
    assert px_per_pt == 2.0
    assert BODY_PX >= 18 * px_per_pt and TITLE_MIN_PX >= 18 * px_per_pt
    assert NOTE_PX >= 12 * px_per_pt and COUNTY_LABEL_PX >= 14 * px_per_pt


def _map_sizes(fig) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"label": [], "title": [], "legend": [], "other": []}
    for a in fig.layout.annotations:
        name = a.name or ""
        key = "label" if name.startswith("label:") else name if name in ("title", "legend") else "other"
        out[key].append(a.font.size)
    return out


@pytest.mark.parametrize("canvas", [FULL_HD, Canvas(3840, 2160)])
def test_map_type_sizes(dataset, geo, progress_data, canvas: Canvas) -> None:
    k = canvas.height / 1080
    for fig in (
        map_figure(dataset, geo, View(CHIFENG, TWU, 2025, "en"), canvas),
        map_figure(dataset, geo, View("all", "gdp_water_intensity_reduction", 2025, "zh"), canvas),
        progress_map_figure(progress_data, geo, View(CHIFENG, TWU, 2024, "en", PROGRESS), canvas),
    ):
        sizes = _map_sizes(fig)
        assert sizes["label"] and min(sizes["label"]) >= COUNTY_LABEL_PX * k
        assert sizes["title"] and min(sizes["title"]) >= TITLE_MIN_PX * k
        assert sizes["legend"] and min(sizes["legend"]) >= BODY_PX * k
        assert min(sizes["other"]) >= NOTE_PX * k  # sources, captions, date and footer lines


@pytest.mark.parametrize("size", [(1920, 1080), (1600, 900)])
def test_chart_type_sizes(dataset, geo, size: tuple[int, int]) -> None:
    width, height = size
    k = height / 1080
    for fig in (
        chart_figure(dataset, geo, View("150404", "gdp_water_intensity_reduction", lang="en"), Canvas(width, height)),
        ranking_figure(dataset, geo, View(CHIFENG, TWU, 2025, "en"), Canvas(width, height)),
    ):
        notes = {a.name: a.font.size for a in fig.layout.annotations}
        assert notes["title"] >= TITLE_MIN_PX * k and notes["notes"] >= NOTE_PX * k
        assert fig.layout.xaxis.tickfont.size >= BODY_PX * k and fig.layout.yaxis.tickfont.size >= BODY_PX * k
        labelled = [tr for tr in fig.data if tr.text is not None and any(tr.text)]
        assert labelled and all(tr.textfont.size >= BODY_PX * k for tr in labelled)
        if fig.layout.showlegend:
            assert fig.layout.legend.font.size >= BODY_PX * k


# ---------------------------------------------------------------- text that fits


def _paper_extent(fig, note) -> tuple[float, float, float]:
    """Left and right px (estimated width) and bottom px of a left-anchored paper annotation."""
    lines = note.text.split("<br>")
    bold = "<b>" in note.text
    width = max(text_px(plain(line), note.font.size, bold) for line in lines)
    x = note.x * fig.layout.width
    top = (1 - note.y) * fig.layout.height
    return x, x + width, top + len(lines) * note.font.size * LINE_HEIGHT


def test_long_english_title_wraps_and_keeps_the_year(dataset, geo) -> None:
    fig = map_figure(dataset, geo, View("450700", "water_saving_county_agency_institution_share", 2025, "en"), FULL_HD)
    title = next(a for a in fig.layout.annotations if a.name == "title")
    assert title.text.count("<br>") >= 1 and plain(title.text).endswith("2025")
    for note in fig.layout.annotations:
        if note.xref == "paper" and note.xanchor == "left":
            left, right, bottom = _paper_extent(fig, note)
            assert 0 <= left and right <= fig.layout.width and bottom <= fig.layout.height, note.text
    legend_title = next(a for a in fig.layout.annotations if a.name == "legend-title")
    assert _paper_extent(fig, legend_title)[1] <= fig.layout.width


def test_map_text_does_not_run_into_the_map(dataset, geo) -> None:
    fig = map_figure(dataset, geo, View("450700", "water_saving_county_agency_institution_share", 2025, "en"), FULL_HD)
    map_top = (1 - fig.layout.yaxis.domain[1]) * fig.layout.height
    map_bottom = (1 - fig.layout.yaxis.domain[0]) * fig.layout.height
    title = next(a for a in fig.layout.annotations if a.name == "title")
    assert _paper_extent(fig, title)[2] <= map_top
    notes = next(a for a in fig.layout.annotations if a.name == "notes")
    assert (1 - notes.y) * fig.layout.height >= map_bottom


def test_chart_sources_stay_inside_the_picture(dataset, geo, progress_data) -> None:
    fig = chart_figure(progress_data, geo, View("150426", TWU, lang="en"), FULL_HD, Imprint("Data version 2"))
    notes = next(a for a in fig.layout.annotations if a.name == "notes")
    lines = notes.text.split("<br>")
    assert len(lines) >= 2  # the sources wrap …
    plot_h = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    top = fig.layout.margin.t + (1 - notes.y) * plot_h
    assert top + len(lines) * notes.font.size * LINE_HEIGHT <= fig.layout.height  # … and every line is kept
    assert "Data version 2" in plain(notes.text)


def test_first_and_last_point_labels_are_not_clipped(dataset, geo, progress_data) -> None:
    fig = chart_figure(progress_data, geo, View("150426", TWU, lang="en"), FULL_HD)
    low, high = fig.layout.xaxis.range
    plot_w = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r
    per_year = plot_w / (high - low)
    for trace in fig.data:
        if trace.text is None:
            continue
        for x, label in zip(trace.x, trace.text, strict=True):
            if label:
                half = text_px(label, trace.textfont.size) / 2
                assert (x - low) * per_year >= half and (high - x) * per_year >= half, label


def test_a_single_year_chart_reads_as_one_clear_value(dataset, geo) -> None:
    vals = dataset.values
    rows = vals[(vals["region"] == "140600") & (vals["indicator"] == "pipe_leakage_rate")]
    assert rows["year"].nunique() == 1
    year = int(rows["year"].iloc[0])
    fig = chart_figure(dataset, geo, View("140600", "pipe_leakage_rate", lang="en"), FULL_HD)
    assert list(fig.layout.xaxis.tickvals) == [year]
    low, high = fig.layout.xaxis.range
    assert low < year < high and high - low >= 2
    point = next(tr for tr in fig.data if tr.text is not None and any(tr.text))
    assert point.marker.size >= 2 * 9  # larger than a series' points
    assert rows["value"].iloc[0] in point.text[0]
    level = [s for s in fig.layout.shapes if s.y0 == s.y1 == point.y[0]]
    assert level  # the value drawn as a level across the plot
    assert fig.layout.yaxis.range[0] <= 0 < point.y[0] < fig.layout.yaxis.range[1]


# ---------------------------------------------------------------- English and titles


def _figure_texts(fig) -> list[str]:
    texts = [plain(a.text) for a in fig.layout.annotations]
    for trace in fig.data:
        texts += [trace.name or ""]
        if trace.text is not None:
            texts += [str(s) for s in (trace.text if isinstance(trace.text, tuple) else [trace.text])]
        if trace.type == "bar":
            texts += [str(y) for y in trace.y]
    for axis in [fig.layout[name] for name in ("xaxis", "yaxis", "yaxis2") if name in fig.layout]:
        if axis.title and axis.title.text:
            texts.append(axis.title.text)
    return texts


def _outside_citations(texts: list[str], citations: list[str]) -> str:
    joined = "\n".join(texts)
    for citation in sorted(citations, key=len, reverse=True):
        joined = joined.replace(citation, "")
    return joined


def test_english_pictures_are_in_english(dataset, geo, progress_data) -> None:
    def citations_of(ds, codes, indicator) -> list[str]:  # with sections, or (a long list) the documents alone
        found = sources_for(ds, value_rows(ds, indicator, codes), "en")
        return [*found, *documents_only(found, "en"), *document_numbers(found, "en")]

    cases = [
        (map_figure(dataset, geo, View(CHIFENG, TWU, 2025, "en"), FULL_HD), dataset, CHIFENG, TWU),
        (
            map_figure(dataset, geo, View("all", "gdp_water_intensity_reduction", 2022, "en"), FULL_HD),
            dataset,
            "all",
            "gdp_water_intensity_reduction",
        ),
        (
            progress_map_figure(progress_data, geo, View(CHIFENG, TWU, 2024, "en", PROGRESS), FULL_HD),
            progress_data,
            CHIFENG,
            TWU,
        ),
        (chart_figure(progress_data, geo, View("150426", TWU, lang="en"), FULL_HD), progress_data, CHIFENG, TWU),
        (chart_figure(dataset, geo, View("150404", TWU, lang="en"), FULL_HD), dataset, CHIFENG, TWU),
        (ranking_figure(dataset, geo, View(CHIFENG, TWU, 2025, "en"), FULL_HD), dataset, CHIFENG, TWU),
    ]
    for fig, ds, region, indicator in cases:
        codes = view_for(ds, geo, region).codes
        if region != "all":
            codes = [*codes, geo.regions[region].parent]
        rest = _outside_citations(_figure_texts(fig), citations_of(ds, codes, indicator))
        assert not FULL_WIDTH_PUNCTUATION & set(rest), sorted(FULL_WIDTH_PUNCTUATION & set(rest))
        chinese = re.findall(r"[\u4e00-\u9fff]+", rest)
        assert not chinese, chinese
        assert "Source: " in rest


def test_a_pictures_sources_name_each_document_once_with_its_sections(progress_data, geo) -> None:
    """The plan cited for its work targets and for its annex: named once, both sections after it, nothing cut."""
    state = progress_state(progress_data, geo, CHIFENG, TWU, "en")
    label = state["headline"]["2024"]["target_source"]
    fig = progress_map_figure(progress_data, geo, View(CHIFENG, TWU, 2024, "en", PROGRESS), FULL_HD)
    notes = plain(next(a.text for a in fig.layout.annotations if a.name == "notes"))
    document = label.split("), ")[0] + ")"
    assert notes.count(document) == 1
    assert "Part 1 Work targets" in notes and "Annex" in notes and "…" not in notes


def test_titles_name_region_indicator_and_year(dataset, geo) -> None:
    for lang in ("zh", "en"):
        name = dataset.indicators.loc[TWU, "name_zh" if lang == "zh" else "name_en"]
        place = geo.regions[CHIFENG].name(lang)
        map_title = plain(
            next(
                a.text
                for a in map_figure(dataset, geo, View(CHIFENG, TWU, 2025, lang), FULL_HD).layout.annotations
                if a.name == "title"
            )
        )
        assert place in map_title and name in map_title and "2025" in map_title
        ranking = ranking_figure(dataset, geo, View(CHIFENG, TWU, 2025, lang), FULL_HD)
        title = plain(next(a.text for a in ranking.layout.annotations if a.name == "title"))
        assert place in title and name in title and "2025" in title
        chart = chart_figure(dataset, geo, View("150404", TWU, lang=lang), FULL_HD)
        title = plain(next(a.text for a in chart.layout.annotations if a.name == "title"))
        years = sorted({int(x) for tr in chart.data for x in tr.x})
        assert geo.regions["150404"].name(lang) in title and name in title
        assert str(years[0]) in title and str(years[-1]) in title
    # The overview ranks its regions, not counties.
    overview = ranking_figure(dataset, geo, View("all", "gdp_water_intensity_reduction", 2022, "en"), FULL_HD)
    title = plain(next(a.text for a in overview.layout.annotations if a.name == "title"))
    assert "Regions ranked, 2022" in title and "Counties" not in title


# ---------------------------------------------------------------- the map review number (审图号)


def test_the_map_review_line_only_when_set(client, monkeypatch) -> None:
    """A projected slide or picture never shows a configuration reminder; the number, once set, on every map."""
    import web.export_api as export_api

    monkeypatch.setattr(export_api, "SETTINGS", dataclasses.replace(export_api.SETTINGS, export_footer=""))
    overview = "region=all&indicator=gdp_water_intensity_reduction&year=2022"
    for query in (overview, f"{overview}&lang=en", f"region={CHIFENG}&indicator={TWU}&year=2025"):
        text = " ".join(re.sub(r"<[^>]+>", " ", client.get(f"/export/map.svg?{query}").data.decode()).split())
        assert "审图号" not in text and "EXPORT_FOOTER" not in text and "review number" not in text, query

    monkeypatch.setattr(
        export_api, "SETTINGS", dataclasses.replace(export_api.SETTINGS, export_footer="审图号：GS(2099)0000号")
    )
    zh = client.get(f"/export/map.svg?{overview}").data.decode()
    assert "审图号：GS(2099)0000号" in zh and "未填写" not in zh
    city = client.get(f"/export/map.svg?region={CHIFENG}&indicator={TWU}&year=2025").data.decode()
    assert "审图号：GS(2099)0000号" in city


def test_the_legend_lists_no_data_only_where_a_unit_has_none(client) -> None:
    def text(query: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", client.get(f"/export/map.svg?{query}").data.decode()).split())

    # Every one of 赤峰市's 12 counties has its 2025 cap (the annex's allocation).
    assert "无数据" not in text(f"region={CHIFENG}&indicator={TWU}&year=2025")
    # The overview in 2025: the plans of 朔州, 运城 and 钦州 end in 2020–2022.
    assert "无数据" in text("region=all&indicator=gdp_water_intensity_reduction&year=2025")
