"""The demo (`make demo`): a workbook of FICTITIOUS actual figures, imported only in demo mode into a database of its
own, and a marker on every page and export. The shipped data holds no actual figures and no demo documents."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine
from store_helpers import head_of, ready_store

from water_targets import data as data_module
from water_targets import demo
from water_targets.data import demo_marker, get_geo, version_text
from water_targets.imports.parse import Vocabulary, parse_upload
from water_targets.indicators import ACTUAL_DOCUMENT_KINDS, bundled_directory, read_frames
from water_targets.schemas import load_dataset
from water_targets.settings import DEFAULT_DATABASE, ROOT
from water_targets.store.models import VALUES
from water_targets.store.revisions import get_revision, rows_at

PHRASE = "示例数据（虚构，仅用于演示导入）"
MARK_ZH = "演示数据 · 非官方统计"
MARK_EN = "Demo data · not official statistics"
CHIFENG = "150400"


def _build_module():
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "examples" / "build_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    return demo.DEMO_WORKBOOK.read_bytes()


@pytest.fixture(scope="module")
def parsed(workbook_bytes):
    geo = get_geo()
    vocab = Vocabulary.from_dataset(load_dataset(bundled_directory(), geo), geo)
    return parse_upload(demo.DEMO_WORKBOOK.name, workbook_bytes, vocab)


@pytest.fixture
def demo_mode(monkeypatch):
    """Demo mode for this test: the settings the demo loader and the markers read."""
    on = dataclasses.replace(data_module.SETTINGS, demo=True)
    monkeypatch.setattr(data_module, "SETTINGS", on)
    monkeypatch.setattr(demo, "SETTINGS", on)
    return on


def _cells(data: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {ws.title: [tuple(c for c in row) for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


# ---------------------------------------------------------------- the workbook


def test_every_sheet_starts_with_the_demo_phrase(workbook_bytes) -> None:
    sheets = _cells(workbook_bytes)
    assert len(sheets) >= 2
    for title, rows in sheets.items():
        assert [c for c in rows[0] if c not in (None, "")] == [PHRASE], title


def test_the_workbook_is_what_the_script_builds(workbook_bytes) -> None:
    module = _build_module()
    first = module.build()
    assert first == module.build(), "two runs must give the same bytes"
    assert _cells(first) == _cells(workbook_bytes), "examples/demo_actuals.xlsx is stale: run examples/build_demo.py"


def test_the_workbook_parses_with_no_problems_and_only_demo_actuals(parsed) -> None:
    assert parsed.problems == []
    docs = {d.cells["id"]: d.cells for d in parsed.documents}
    assert docs and all(i.startswith(demo.DEMO_PREFIX) for i in docs)
    assert all("示例" in d["title"] and "虚构" in d["title"] and d["number"].startswith("示例") for d in docs.values())
    assert {d["kind"] for d in docs.values()} <= set(ACTUAL_DOCUMENT_KINDS)
    assert len(parsed.values) > 100
    for row in (r.cells for r in parsed.values):
        assert row["kind"] == "actual"
        assert row["comparator"] == ""
        assert row["doc"] in docs and docs[row["doc"]]["kind"] in ACTUAL_DOCUMENT_KINDS
        assert "虚构" in row["section"]
        assert int(row["year"]) <= 2024
        assert row["qualifier"] in ("", "provisional", "revised")
    qualifiers = Counter(r.cells["qualifier"] for r in parsed.values)
    assert qualifiers["provisional"] > 0 and qualifiers["revised"] == 1


def test_the_workbook_covers_the_five_regions_and_chifengs_counties(parsed, dataset) -> None:
    rows = [r.cells for r in parsed.values]
    regions = {r["region"] for r in rows}
    assert {"140600", "140800", CHIFENG, "450700", "150222"} <= regions
    targets = dataset.values[dataset.values["kind"] == "target"]
    counties = set(targets[targets["region"].str.startswith("1504") & (targets["region"] != CHIFENG)]["region"])
    assert len(counties) == 12 and counties <= regions
    # Reductions keep their target's baseline year.
    with_base = targets[targets["baseline_year"].notna()]
    baselines = {(r.region, r.indicator): str(int(r.baseline_year)) for r in with_base.itertuples()}
    for r in rows:
        if r["indicator"].endswith("_reduction"):
            assert r["baseline_year"] == baselines[(r["region"], r["indicator"])], r


def test_chifengs_counties_stand_differently_against_their_caps(parsed, dataset) -> None:
    """Well under the 2025 cap, within 2 % below it, over it: the progress map has something to show."""
    t = dataset.values
    caps = {
        r.region: r.number
        for r in t[(t["kind"] == "target") & (t["indicator"] == "total_water_use") & (t["year"] == 2025)].itertuples()
        if r.region.startswith(CHIFENG[:4]) and r.region != CHIFENG  # its counties (not 全国, 内蒙古)
    }
    latest = {
        r["region"]: float(r["value"])
        for r in (p.cells for p in parsed.values)
        if r["indicator"] == "total_water_use" and r["year"] == "2024" and r["region"] in caps
    }
    assert set(latest) == set(caps)
    ratios = [latest[c] / caps[c] for c in caps]
    assert sum(r > 1 for r in ratios) in (1, 2)
    assert sum(0.98 <= r <= 1 for r in ratios) >= 1
    assert sum(r < 0.9 for r in ratios) >= 3


def test_the_shipped_data_has_no_invented_actuals_and_no_demo_documents() -> None:
    """The shipped actual figures are the public ones (data/sources: bulletins and a yearbook), none of the five
    plan regions' (their actuals exist only as the demo's invented figures)."""
    frames = read_frames(bundled_directory())
    actual = frames.values[frames.values["kind"] == "actual"]
    with (bundled_directory().parent / "sources" / "documents.csv").open(encoding="utf-8") as f:
        public = {r["id"] for r in csv.DictReader(f) if r["kind"] == "statistics"}
    assert public and set(actual["doc"]) <= public and set(actual["region"]) == {"100000", "150000"}
    assert not frames.documents["id"].str.startswith(demo.DEMO_PREFIX).any()
    assert not frames.values["doc"].str.startswith(demo.DEMO_PREFIX).any()


# ---------------------------------------------------------------- loading


def test_load_demo_imports_one_revision_into_a_fresh_store(tmp_path, demo_mode, parsed) -> None:
    engine = ready_store(f"sqlite:///{tmp_path / 'demo.db'}")
    assert head_of(engine) == 1 and not demo.demo_loaded(engine)
    revision = demo.load_demo(engine)
    assert revision is not None and revision.id == 2
    assert revision.user_name == "system" and revision.comment == demo.DEMO_COMMENT
    assert revision.file_name == demo.DEMO_WORKBOOK.name
    assert revision.added == len(parsed.values) + len(parsed.documents)
    assert demo.demo_loaded(engine)
    with engine.connect() as conn:
        actual = [r for r in rows_at(conn, VALUES, None) if r["kind"] == "actual" and r["doc"].startswith("demo-")]
        assert get_revision(conn, 2).action == "import"
    assert len(actual) == len(parsed.values)
    assert demo.load_demo(engine) is None, "a second start finds the demo loaded"
    assert head_of(engine) == 2


def test_load_demo_refuses_outside_demo_mode(tmp_path) -> None:
    assert not demo.SETTINGS.demo
    engine = ready_store(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(demo.DemoRefused, match="demo mode"):
        demo.load_demo(engine)
    assert head_of(engine) == 1 and not demo.demo_loaded(engine)


def test_load_demo_refuses_the_default_database(demo_mode) -> None:
    engine = create_engine(f"sqlite:///{DEFAULT_DATABASE}")  # never connected: refused before
    try:
        with pytest.raises(demo.DemoRefused, match="default database"):
            demo.load_demo(engine)
    finally:
        engine.dispose()


def test_run_path_never_reads_examples() -> None:
    app_source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert not [line for line in app_source.splitlines() if "examples" in line.split("#")[0]]
    assert "if SETTINGS.demo:" in app_source and "load_demo(" in app_source
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEMO" not in run and "demo.db" not in run
    demo_target = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "DEMO=1" in demo_target and "instance/demo.db" in demo_target


# ---------------------------------------------------------------- the marker


def test_version_text_carries_the_marker_only_in_demo_mode(dataset, monkeypatch) -> None:
    assert demo_marker("zh") == ""
    assert MARK_ZH not in version_text(1, "zh") and MARK_EN not in version_text(1, "en")
    on = dataclasses.replace(data_module.SETTINGS, demo=True)
    monkeypatch.setattr(data_module, "SETTINGS", on)
    assert version_text(1, "zh").endswith(" · " + MARK_ZH)
    assert version_text(1, "en").endswith(" · " + MARK_EN)


def test_the_page_shows_the_banner_only_in_demo_mode(dataset, monkeypatch) -> None:
    from layouts import ids
    from layouts.page import build_layout

    assert ids.DEMO_BANNER == "demo-banner"
    assert ids.DEMO_BANNER not in str(build_layout())
    monkeypatch.setattr(data_module, "SETTINGS", dataclasses.replace(data_module.SETTINGS, demo=True))
    page = str(build_layout())
    assert ids.DEMO_BANNER in page and MARK_ZH in page


def test_admin_pages_and_data_exports_carry_the_marker_in_demo_mode(client, demo_mode) -> None:
    page = client.get("/auth/sign-in").data.decode()
    assert 'id="demo-banner"' in page and MARK_ZH in page
    assert MARK_EN in client.get("/auth/sign-in?lang=en").data.decode()
    query = "region=150400&indicator=total_water_use"
    resp = client.get(f"/export/data.csv?{query}")
    assert resp.status_code == 200
    lines = list(csv.reader(io.StringIO(resp.data.decode("utf-8-sig"))))
    assert lines[0] == [MARK_ZH] and lines[1][0] == "region"
    resp = client.get(f"/export/data.xlsx?{query}&lang=en")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.data))
    words, codes = wb.worksheets[0], wb["machine_readable"]
    assert words["A1"].value == MARK_EN and words["A2"].value == "Region"
    assert codes["A1"].value == MARK_EN and codes["A2"].value == "region"
    from web.export_api import _footer, _version

    with client.application.test_request_context(f"/export/map.png?{query}"):
        assert _version("zh").endswith(MARK_ZH) and MARK_ZH in _footer("zh")


def test_exports_carry_no_marker_outside_demo_mode(client) -> None:
    assert 'id="demo-banner"' not in client.get("/auth/sign-in").data.decode()
    resp = client.get("/export/data.csv?region=150400&indicator=total_water_use")
    assert resp.status_code == 200 and resp.data.decode("utf-8-sig").startswith("region,")


def test_exported_pictures_carry_the_marker_on_the_picture_itself(client, demo_mode) -> None:
    # Once in the footer's version line, once as a boxed label at the top right of the picture.
    for path in (
        "/export/map.svg?region=150400&indicator=total_water_use",
        "/export/chart.svg?region=150426&indicator=total_water_use",
    ):
        svg = client.get(path).data.decode()
        assert svg.count("演示数据") >= 2, path
