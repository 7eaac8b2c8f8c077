"""Plan regions come from the data: order, overview, context, texts, region choices and allocation tables.

Tests may name real adcodes; the app code may not (test_no_region_in_app_code)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from water_targets import cached, choropleth, controls, regions, tables, urlstate
from water_targets.data import forget_head, get_dataset, store_engine
from water_targets.store.models import DOCUMENTS, INDICATORS, VALUES
from water_targets.store.revisions import Change, WriteMeta, diff, rows_at, write

ROOT = Path(__file__).resolve().parent.parent
FIVE = ["150400", "140600", "140800", "450700", "150222"]  # documents.csv order: 赤峰, 朔州, 运城, 钦州, 固阳


def test_plan_regions_in_document_order(dataset, geo) -> None:
    # The country's and 内蒙古's plans (the public figures, data/sources) first, then the five in document order.
    assert [r.adcode for r in regions.plan_regions(dataset, geo)] == ["100000", "150000", *FIVE]
    assert [r.name("zh") for r in regions.overview_regions(dataset, geo)] == [
        "赤峰市", "朔州市", "运城市", "钦州市", "固阳县"]
    assert regions.region_choices(dataset, geo) == ["all", "100000", "150000", *FIVE]
    # The overview: the plan regions of cities and counties; its background: China and their provinces.
    view = choropleth.view_for(dataset, geo, "all")
    assert view.units == FIVE and view.boundary_query == "adcode=" + ",".join(FIVE)
    assert regions.context_units(dataset, geo) == ["100000", "140000", "150000", "450000"]
    subtitle = regions.subtitle(dataset, geo, "zh")
    assert subtitle == "赤峰市 · 朔州市 · 运城市 · 钦州市 · 固阳县 节水行动实施方案的量化目标"
    assert regions.subtitle(dataset, geo, "en").endswith("Qinzhou City and Guyang County")
    assert regions.overview_name(dataset, geo, "en") == "Overview of the 5 regions"
    options = controls.region_options(dataset, geo, "zh")
    assert [o["value"] for o in options] == ["all", "100000", "150000", *FIVE]
    assert [o["label"] for o in options[:3]] == ["各地总览", "全国", "内蒙古自治区"]
    assert options[-1]["label"] == "固阳县 · 包头市"


def test_county_level_plan_maps_within_its_city(dataset, geo) -> None:
    view = choropleth.view_for(dataset, geo, "150222")
    assert view.highlight == "150222" and view.boundary_query == "parent=150200"
    assert view.units == [r.adcode for r in geo.children("150200")]


# ---- a plan document for 包头市 (150200), which has none in the bundled data, written to the store

BAOTOU_DOC = {
    "id": "test-baotou-plan", "region": "150200", "title": "包头市节水行动实施方案（测试，虚构）",
    "number": "包测〔2025〕1号", "issued": "2025-05-01", "url": "", "kind": "plan", "seed_file": "",
}
SECTION = "附件 包头市2025年目标分解表（测试）"


def _target(region: str, indicator: str, value: str, comparator: str = "<=", baseline: str = "") -> dict:
    return {"region": region, "indicator": indicator, "year": "2025", "kind": "target", "value": value,
            "comparator": comparator, "baseline_year": baseline, "qualifier": "", "doc": "test-baotou-plan",
            "section": SECTION, "note": "测试数据（虚构）"}


BAOTOU_VALUES = [
    # additive and consistent: 4.0 + 5.95 = 9.95, within the rounding of 10.0 (0.05 + 0.05 + 0.005)
    _target("150200", "total_water_use", "10.0"),
    _target("150202", "total_water_use", "4.0"),
    _target("150203", "total_water_use", "5.95"),
    # additive and not consistent: 0.30 + 0.40 = 0.70, not 1.00
    _target("150200", "nonconventional_water_use", "1.00", ">="),
    _target("150202", "nonconventional_water_use", "0.30", ">="),
    _target("150203", "nonconventional_water_use", "0.40", ">="),
    # a reduction: no sum check
    _target("150200", "gdp_water_intensity_reduction", "16", ">=", "2020"),
    _target("150202", "gdp_water_intensity_reduction", "15", ">=", "2020"),
    _target("150203", "gdp_water_intensity_reduction", "17", ">=", "2020"),
]


def _add_baotou_plan(engine: Engine) -> int:
    def changes(conn) -> list[Change]:
        docs, vals = rows_at(conn, DOCUMENTS, None), rows_at(conn, VALUES, None)
        return diff(DOCUMENTS, docs, [*docs, BAOTOU_DOC]) + diff(VALUES, vals, [*vals, *BAOTOU_VALUES])

    revision, _ = write(engine, changes, WriteMeta(user="tests", action="import", comment="test plan of 包头市"))
    assert revision is not None
    return revision.id


@pytest.fixture(scope="module")
def baotou_rev(pristine_store, dataset) -> int:
    rev = _add_baotou_plan(store_engine())
    forget_head()
    return rev


def test_an_edited_document_or_indicator_keeps_its_place(pristine_store, geo) -> None:
    """Menus follow the order rows were first stored: editing 赤峰's plan or the first indicator's name moves
    neither to the end (a new version of a row is stored last)."""
    engine = store_engine()

    before = get_dataset()
    first_doc, first_ind = before.documents.index[0], before.indicators.index[0]

    def changes(conn) -> list[Change]:
        docs, inds = rows_at(conn, DOCUMENTS, None), rows_at(conn, INDICATORS, None)
        docs2 = [{**d, "title": d["title"] + "（修订）"} if d["id"] == first_doc else d for d in docs]
        inds2 = [{**i, "name_en": i["name_en"] + " (edited)"} if i["id"] == first_ind else i for i in inds]
        return diff(DOCUMENTS, docs, docs2) + diff(INDICATORS, inds, inds2)

    revision, _ = write(engine, changes, WriteMeta(user="tests", action="import", comment="edit a plan's title"))
    forget_head()
    after = get_dataset(revision.id)
    assert after.documents.loc[first_doc, "title"].endswith("（修订）")
    assert after.indicators.loc[first_ind, "name_en"].endswith(" (edited)")
    assert regions.plan_codes(after, geo) == regions.plan_codes(before, geo)
    assert list(after.indicators.index) == list(before.indicators.index)
    assert list(after.documents["id"]) == list(before.documents["id"])


def test_a_new_plan_region_appears_without_restart(baotou_rev, dataset, geo, client) -> None:
    data = get_dataset(baotou_rev)
    assert regions.plan_codes(data, geo) == ["100000", "150000", *FIVE, "150200"]
    assert regions.plan_codes(dataset, geo) == ["100000", "150000", *FIVE]  # revision 1 is unchanged
    # The region menu at each revision (memoised per revision, never at import time).
    assert [o["value"] for o in cached.region_options(baotou_rev, "zh")][-1] == "150200"
    assert [o["value"] for o in cached.region_options(1, "zh")] == ["all", "100000", "150000", *FIVE]
    assert cached.region_options(baotou_rev, "en")[0]["label"] == "Overview of the 6 regions"
    # The overview map shows it (with its value), the city maps its counties.
    overview = cached.map_state(baotou_rev, "all", "total_water_use", "zh")
    assert "150200" in overview["units"] and overview["cells"]["2025"]["150200"]["value"] == "≤ 10.0 亿立方米"
    assert "150200" not in cached.map_state(1, "all", "total_water_use", "zh")["units"]
    assert choropleth.view_for(data, geo, "150200").boundary_query == "parent=150200"
    # The URL and the export API take it as a region choice at that revision only.
    state = urlstate.parse("?region=150200&indicator=total_water_use", data, geo)
    assert (state.region, state.year, state.invalid) == ("150200", 2025, [])
    assert urlstate.parse("?region=150200", dataset, geo).invalid == ["region=150200"]
    resp = client.get("/export/data.csv?region=150200&indicator=total_water_use")
    assert resp.status_code == 200 and "昆都仑区" in resp.get_data(as_text=True)
    resp = client.get("/export/data.csv?region=150200&indicator=total_water_use&asof=1")
    assert resp.status_code == 400 and "150200" in resp.get_json()["error"]


def test_allocation_of_any_parent(baotou_rev, geo) -> None:
    data = get_dataset(baotou_rev)
    assert tables.allocation_groups(data, geo, "150200") == [("test-baotou-plan", 2025)]
    (table,) = tables.allocation_tables(data, geo, "150200", "zh")
    assert table["title"] == "包头市目标分解核对"
    assert table["source"] == f"包测〔2025〕1号 {SECTION}"
    assert [c["id"] for c in table["columns"]] == [  # in the indicator catalogue's order
        "total_water_use", "gdp_water_intensity_reduction", "nonconventional_water_use"
    ]
    rows = {r["adcode"]: r for r in table["rows"]}
    assert table["rows"][0]["adcode"] == "150200" and len(rows) == len(geo.children("150200")) + 1
    assert rows["150203"]["cells"]["total_water_use"] == "≤ 5.95 亿立方米"
    assert rows["150222"]["cells"]["total_water_use"] == ""  # 固阳县 has no share in this table
    checks = table["checks"]
    assert set(checks) == {"total_water_use", "nonconventional_water_use"}  # additive only
    assert checks["total_water_use"]["consistent"] and checks["total_water_use"]["sum"] == pytest.approx(9.95)
    assert not checks["nonconventional_water_use"]["consistent"]
    assert checks["nonconventional_water_use"]["difference"] == pytest.approx(-0.30)


# ---- no region in the app code

APP_CODE = ["water_targets", "web", "callbacks", "layouts", "assets", "app.py"]
SUFFIXES = {".py", ".js", ".html", ".css"}


def _app_files() -> list[Path]:
    files = []
    for entry in APP_CODE:
        path = ROOT / entry
        found = [path] if path.is_file() else sorted(path.rglob("*"))
        files += [
            f for f in found
            if f.suffix in SUFFIXES and "vendor" not in f.parts and not f.name.endswith(".min.js")
        ]
    return files


def _plan_words(geo) -> set[str]:
    """The adcodes and document ids of the bundled plans, their parents and provinces."""
    with (ROOT / "data" / "indicators" / "documents.csv").open(encoding="utf-8") as f:
        docs = list(csv.DictReader(f))
    words = {d["id"] for d in docs}
    for d in docs:
        if d["kind"] == "plan":
            words.update(c for c in geo.lineage(d["region"]) if c != "100000")
    return words


def test_no_region_in_app_code(geo) -> None:
    words = _plan_words(geo)
    assert {"150400", "150222", "150200", "140000", "150000", "450000", "chifeng-2025"} <= words
    pattern = re.compile(r"(?<![0-9A-Za-z_-])(" + "|".join(map(re.escape, sorted(words))) + r")(?![0-9A-Za-z_-])")
    found = []
    for file in _app_files():
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{file.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert not found, "regions named in the app code:\n" + "\n".join(found)
