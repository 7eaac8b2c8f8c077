"""Indicator metadata (issue 21): every indicator of indicators.csv has its words in indicator_metadata.csv (and the
file names no other), price bases are what the statistics define, the national reference is read from the data
(expected figures read here from values.csv with the csv module), GET /api/v1/indicators/<id>, the page
/indicators/<id> in both languages (escaped, 404 for an unknown id, no sideways scroll on a phone) and the legend's
link to it."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from layouts.legend import map_legend
from water_targets.choropleth import map_state
from water_targets.i18n import t
from water_targets.indicator_meta import (
    METADATA_COLUMNS,
    METADATA_FILE,
    NAMED_NUMBERS,
    NATIONAL,
    PRICE_BASES,
    coverage_problems,
    indicator_metadata,
    metadata_table,
    page_path,
    read_metadata,
)
from water_targets.indicators import build_dataset, bundled_directory, read_frames

DATA = Path(__file__).resolve().parents[1] / "data" / "indicators"
ASSETS = Path(__file__).resolve().parents[1] / "assets"
PRICED = {
    "gdp_water_intensity": "current",
    "industrial_water_intensity": "current",
    "gdp_water_intensity_reduction": "comparable",
    "industrial_water_intensity_reduction": "comparable",
}


def csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


INDICATORS = csv_rows("indicators.csv")
INDICATOR_IDS = [row["id"] for row in INDICATORS]


def expected_national(indicator: str) -> dict | None:
    """The country's latest target and latest actual of values.csv, read here (not by the code under test)."""
    rows = [r for r in csv_rows("values.csv") if r["region"] == NATIONAL and r["indicator"] == indicator]
    if not rows:
        return None

    def latest(kind: str) -> dict | None:
        found = sorted((r for r in rows if r["kind"] == kind), key=lambda r: int(r["year"]))
        return found[-1] if found else None

    def in_force() -> dict | None:  # the first target not before the latest actual (else the latest target)
        found = sorted((r for r in rows if r["kind"] == "target"), key=lambda r: int(r["year"]))
        actual = latest("actual")
        ahead = [r for r in found if actual is None or int(r["year"]) >= int(actual["year"])]
        return ahead[0] if ahead else (found[-1] if found else None)

    return {"target": in_force(), "actual": latest("actual"),
            "targets": sorted(int(r["year"]) for r in rows if r["kind"] == "target")}  # fmt: skip


def same_value(record: dict | None, row: dict | None) -> None:
    if row is None:
        assert record is None
        return
    assert record is not None
    assert record["year"] == int(row["year"]) and record["kind"] == row["kind"]
    assert record["value_text"] == row["value"]
    assert record["comparator"] == (row["comparator"] or None)
    assert record["baseline_year"] == (int(row["baseline_year"]) if row["baseline_year"] else None)
    assert record["source"]["doc_id"] == row["doc"] and record["source"]["section"] == row["section"]
    assert record["citation"]["zh"] and record["citation"]["en"]
    assert record["text"]["zh"] and record["text"]["en"]


# ---------------------------------------------------------------- the file


def test_every_indicator_has_metadata_and_the_file_names_no_other() -> None:
    assert len(INDICATOR_IDS) > 50
    assert coverage_problems(metadata_table(), INDICATOR_IDS) == []


def test_the_coverage_check_finds_a_missing_and_an_unknown_indicator() -> None:
    table = dict(metadata_table())
    table["no_such_indicator"] = table.pop("total_water_use")
    problems = coverage_problems(table, INDICATOR_IDS)
    assert len(problems) == 2
    assert "total_water_use has no metadata" in problems[0] and "names no_such_indicator" in problems[1]


def test_price_bases_are_those_the_statistics_define() -> None:
    rows = {row["id"]: row for row in csv_rows(METADATA_FILE)}
    assert {ident: row["price_basis"] for ident, row in rows.items() if row["price_basis"]} == PRICED
    assert all(row["price_basis"] in PRICE_BASES for row in rows.values())
    money = [r["id"] for r in INDICATORS if "万元" in r["unit_zh"] or "万元" in r["name_zh"]]
    assert money and all(rows[ident]["price_basis"] for ident in money)  # every money-based indicator has one
    # A reduction against a baseline year is at comparable prices, never from two current-price levels.
    assert all(PRICED[r["id"]] == "comparable" for r in INDICATORS if r["id"] in PRICED and r["kind"].startswith("red"))


def test_the_file_gives_words_never_figures_and_short_texts() -> None:
    with (DATA / METADATA_FILE).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == METADATA_COLUMNS
        rows = list(reader)
    for row in rows:
        for column in METADATA_COLUMNS[1:5]:
            text = row[column]
            bare = text
            for named in NAMED_NUMBERS:
                bare = bare.replace(named, "")
            assert not re.search(r"[0-9０-９%％]", bare), f"{row['id']} {column} gives a figure: {text}"
            sentences = text.count("。") if column.endswith("_zh") else len(re.findall(r"\.(?:\s|$)", text))
            assert 1 <= sentences <= 2, f"{row['id']} {column}: one or two sentences, not {sentences}"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda rows: rows[1].__setitem__(5, "constant"), "price_basis 'constant'"),
        (lambda rows: rows[1].__setitem__(1, "用水总量控制在六千四百亿立方米以内，即6400亿立方米。"), "gives a figure"),
        (lambda rows: rows.append(list(rows[1])), "listed twice"),
        (lambda rows: rows[1].__setitem__(2, ""), "definition_en is empty"),
        (lambda rows: rows[1].__setitem__(4, "Compiled from the bulletin（水资源公报）."), "full-width punctuation"),
        (lambda rows: rows[0].__setitem__(5, "prices"), "the columns must be"),
    ],
)
def test_a_malformed_file_is_refused_naming_the_line(tmp_path, change, said) -> None:
    with (DATA / METADATA_FILE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    path = tmp_path / METADATA_FILE
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(ValueError, match=re.escape(said)):
        read_metadata(path)


# ---------------------------------------------------------------- the builder


@pytest.mark.parametrize("indicator", INDICATOR_IDS)
def test_metadata_of_every_indicator(dataset, geo, indicator) -> None:
    meta = indicator_metadata(dataset, geo, indicator)
    row = next(r for r in INDICATORS if r["id"] == indicator)
    assert meta["name"] == {"zh": row["name_zh"], "en": row["name_en"]}
    assert meta["unit"] == {"zh": row["unit_zh"], "en": row["unit_en"]}
    assert meta["kind"] == row["kind"] and meta["category"] == row["category"]
    words = {"lower_is_better": ("越低越好", "lower is better"), "higher_is_better": ("越高越好", "higher is better")}
    assert meta["direction"] == {"code": row["direction"], "zh": words[row["direction"]][0],
                                 "en": words[row["direction"]][1]}  # fmt: skip
    assert meta["definition"]["zh"] and meta["definition"]["en"] and meta["measured"]["zh"] and meta["measured"]["en"]
    basis = PRICED.get(indicator)
    assert meta["price_basis"]["code"] == basis
    assert meta["price_basis"]["zh"] == t(f"meta_price_{basis or 'none'}", "zh")
    assert meta["page"] == {"zh": f"/indicators/{indicator}", "en": f"/indicators/{indicator}?lang=en"}
    expected = expected_national(indicator)
    reference = meta["national_reference"]
    if expected is None:
        assert reference is None
        return
    assert reference["region"]["adcode"] == NATIONAL
    same_value(reference["target"], expected["target"])
    same_value(reference["actual"], expected["actual"])
    assert [r["year"] for r in reference["targets"]] == expected["targets"]


def test_the_shipped_data_has_national_references(dataset, geo) -> None:
    """The national rows of values.csv reach the builder (whatever they are: the figures come from the file)."""
    national = {r["indicator"] for r in csv_rows("values.csv") if r["region"] == NATIONAL}
    referenced = {i for i in INDICATOR_IDS if indicator_metadata(dataset, geo, i)["national_reference"]}
    assert referenced == national


def test_the_latest_national_target_and_actual_are_taken(tmp_path, geo) -> None:
    """Independent of the shipped figures: national rows added to a copy of the data are read back, the latest
    target year and the latest actual year each chosen, whatever the order of the file."""
    folder = tmp_path / "indicators"
    shutil.copytree(bundled_directory(), folder)
    doc = csv_rows("documents.csv")[0]["id"]
    ours = (NATIONAL, "pipe_leakage_rate")
    kept = [r for r in csv_rows("values.csv") if (r["region"], r["indicator"]) != ours]
    added = [
        [NATIONAL, "pipe_leakage_rate", "2022", "actual", "11.5", "", "", "", doc, "甲", ""],
        [NATIONAL, "pipe_leakage_rate", "2035", "target", "8", "<=", "", "", doc, "乙", ""],
        [NATIONAL, "pipe_leakage_rate", "2024", "actual", "10.9", "", "", "estimate", doc, "丙", ""],
        [NATIONAL, "pipe_leakage_rate", "2025", "target", "9.0", "<=", "", "", doc, "丁", ""],
    ]
    with (folder / "values.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(list(kept[0].keys()))
        writer.writerows([list(r.values()) for r in kept] + added)
    dataset = build_dataset(read_frames(folder))
    ref = indicator_metadata(dataset, geo, "pipe_leakage_rate")["national_reference"]
    # in force beside the 2024 figure: 2025's 9.0, not 2035's 8
    target = ref["target"]
    assert (target["year"], target["value_text"], target["source"]["section"]) == (2025, "9.0", "丁")
    actual = ref["actual"]
    assert (actual["year"], actual["value_text"], actual["qualifier"]) == (2024, "10.9", "estimate")
    assert ref["actual"]["qualifier_words"] == {"zh": t("estimate", "zh"), "en": t("estimate", "en")}
    assert ref["target"]["text"] == {"zh": "≤ 9.0%", "en": "≤ 9.0%"}
    assert [r["year"] for r in ref["targets"]] == [2025, 2035]
    none = indicator_metadata(dataset, geo, "new_reservoir_count")["national_reference"]
    assert none is None


def test_an_unknown_indicator_is_a_key_error(dataset, geo) -> None:
    with pytest.raises(KeyError):
        indicator_metadata(dataset, geo, "no_such_indicator")


def test_an_indicator_added_after_the_file_has_no_words_yet(dataset, geo) -> None:
    table = {k: v for k, v in metadata_table().items() if k != "total_water_use"}
    meta = indicator_metadata(dataset, geo, "total_water_use", table)
    assert meta["definition"] is None and meta["measured"] is None and meta["price_basis"] is None


# ---------------------------------------------------------------- the API


@pytest.mark.parametrize("indicator", ["total_water_use", "gdp_water_intensity", "irrigation_efficiency"])
def test_api_gives_the_metadata_in_both_languages(client, indicator) -> None:
    resp = client.get(f"/api/v1/indicators/{indicator}")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    body = resp.get_json()
    for key in ("name", "unit", "direction", "definition", "measured", "price_basis"):
        assert body[key]["zh"] and body[key]["en"], key
    assert body["id"] == indicator and body["api"] == f"/api/v1/indicators/{indicator}"
    expected = expected_national(indicator)
    if expected is None:
        assert body["national_reference"] is None
    else:
        same_value(body["national_reference"]["target"], expected["target"])
        same_value(body["national_reference"]["actual"], expected["actual"])
    assert resp.headers["Cache-Control"] == "no-cache" and resp.headers["ETag"]
    pinned = client.get(f"/api/v1/indicators/{indicator}?asof=1")
    assert pinned.status_code == 200 and "immutable" in pinned.headers["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/api/v1/indicators/no_such_indicator", "/api/v1/indicators/%3Cscript%3E", "/api/v1/indicators/a%20b"]
)
def test_api_unknown_indicator_is_a_404_in_both_languages(client, path) -> None:
    resp = client.get(path)
    assert resp.status_code == 404 and resp.mimetype == "application/json"
    body = resp.get_json()
    assert "no indicator with the id" in body["error"] and "没有编号为" in body["message_zh"]


def test_api_unknown_data_version_is_a_404(client) -> None:
    resp = client.get("/api/v1/indicators/total_water_use?asof=99999")
    assert resp.status_code == 404 and "does not exist" in resp.get_json()["error"]


# ---------------------------------------------------------------- the page


def test_page_in_chinese(client, dataset, geo) -> None:
    resp = client.get("/indicators/total_water_use")
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    meta = indicator_metadata(dataset, geo, "total_water_use")
    assert '<html lang="zh-CN">' in html and "用水总量" in html and "越低越好" in html
    assert meta["definition"]["zh"] in html and meta["measured"]["zh"].replace("《", "") in html.replace("《", "")
    assert 'href="/?indicator=total_water_use"' in html  # back to the map, this indicator
    assert 'href="/indicators/total_water_use?lang=en"' in html  # the language switch
    expected = expected_national("total_water_use")
    if expected and expected["actual"]:
        assert expected["actual"]["value"] in html and expected["actual"]["year"] in html


def test_page_in_english(client) -> None:
    resp = client.get(page_path("gdp_water_intensity_reduction", "en"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and '<html lang="en">' in html
    assert "higher is better" in html and "comparable (constant) prices" in html
    assert 'href="/?indicator=gdp_water_intensity_reduction&amp;lang=en"' in html
    assert 'href="/indicators/gdp_water_intensity_reduction"' in html


def test_every_indicator_has_its_page(client) -> None:
    for indicator in INDICATOR_IDS:
        for lang in ("zh", "en"):
            assert client.get(page_path(indicator, lang)).status_code == 200, (indicator, lang)


@pytest.mark.parametrize("path", ["/indicators/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/indicators/a/b"])
def test_unknown_indicator_is_a_404_page_escaped(client, path) -> None:
    resp = client.get(path)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 404 and resp.mimetype == "text/html"
    assert t("meta_not_found", "zh") in html and "<script>" not in html
    en = client.get(path + "?lang=en").get_data(as_text=True)
    assert t("meta_not_found", "en") in en


def test_unknown_data_version_is_a_404_page(client) -> None:
    resp = client.get("/indicators/total_water_use?asof=99999")
    assert resp.status_code == 404 and resp.mimetype == "text/html"


def test_page_text_is_escaped(client, monkeypatch, dataset, geo) -> None:
    from web import indicator_pages

    meta = indicator_metadata(dataset, geo, "total_water_use")
    hostile = '<img src=x onerror="alert(1)">'
    meta = {**meta, "definition": {"zh": hostile, "en": hostile}, "name": {"zh": hostile, "en": hostile}}
    monkeypatch.setattr(indicator_pages, "metadata_at", lambda rev, indicator: meta)
    html = client.get("/indicators/total_water_use").get_data(as_text=True)
    assert hostile not in html and "&lt;img src=x" in html


# ---------------------------------------------------------------- the legend's link


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_target_legend_links_the_indicator_page(dataset, geo, lang) -> None:
    state = map_state(dataset, geo, "150400", "total_water_use", lang)
    assert state["texts"]["indicator_page"] == page_path("total_water_use", lang)
    head = map_legend(state)[0]
    links = [c for c in head.children if getattr(c, "href", None)]
    assert len(links) == 1
    assert links[0].href == page_path("total_water_use", lang) and links[0].children == t("meta_about", lang)


def test_the_first_paint_legend_carries_the_link(client) -> None:
    html = client.get("/?region=150400&indicator=total_water_use").get_data(as_text=True)
    assert 'href="/indicators/total_water_use"' in html


def test_the_progress_legend_script_adds_the_same_link() -> None:
    script = (ASSETS / "map_legend.js").read_text(encoding="utf-8")
    assert "t.indicator_page" in script and "t.about_indicator" in script and 'type: "A"' in script


@pytest.mark.browser
def test_pages_fit_a_phone_and_the_progress_legend_links(open_page, live_server) -> None:
    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for path in ("/indicators/water_efficiency_leader_irrigation_district_count?lang=en",
                 "/indicators/gdp_water_intensity_reduction", "/indicators/%3Cscript%3E"):  # fmt: skip
        phone.goto(live_server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    page = open_page(viewport={"width": 1366, "height": 900})
    page.goto(live_server + "/?region=150400&indicator=total_water_use&view=progress")
    link = page.wait_for_selector("#progress-legend a.legend-about")
    assert link.get_attribute("href") == "/indicators/total_water_use" and link.inner_text() == "指标说明"


def test_a_reductions_page_points_to_its_level_at_current_prices(client) -> None:
    """全国 publishes 万元GDP用水量 at current prices only: the reduction's page says so and links the level's page."""
    page = client.get("/indicators/gdp_water_intensity_reduction").get_data(as_text=True)
    assert 'id="current-price-level"' in page and 'href="/indicators/gdp_water_intensity"' in page
    assert "当年价" in page
    level = client.get("/indicators/gdp_water_intensity").get_data(as_text=True)
    assert 'id="current-price-level"' not in level
    api = client.get("/api/v1/indicators/industrial_water_intensity_reduction").get_json()
    assert api["current_price_level"] == "industrial_water_intensity"
