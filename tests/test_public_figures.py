"""Issue 21: the public national and 内蒙古 figures (data/sources → the import → data/indicators), their price basis
in progress, and the four meanings fixed in the five plans' rows. Expected figures are read from the source texts
and values.csv here, or worked out by hand in the comments — never from the code under test."""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from water_targets.extract.rules import propose
from water_targets.extract.text import read_text
from water_targets.indicators import build_dataset, read_frames
from water_targets.progress import assess, progress_cell
from water_targets.status import AT_RISK, NO_ACTUAL

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
DATA = ROOT / "data" / "indicators"
SEEDS = ROOT.parent / "shared" / "seeds"
SCRIPT = ROOT / "scripts" / "public_figures.py"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


PUBLIC_DOCS = {d["id"]: d for d in rows(SOURCES / "documents.csv")}
VALUES = rows(DATA / "values.csv")


def test_data_indicators_is_what_the_sources_and_the_review_build() -> None:
    """The shipped rows of the public figures are the import of the reviewed decisions, not hand-typed CSV."""
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "is what the sources and the reviewed decisions build" in done.stdout
    # one revision per publication, each through the import's checks
    assert done.stdout.count("unchanged") == len(PUBLIC_DOCS)


def test_every_public_figure_is_printed_in_its_publication_and_cites_the_page_read() -> None:
    public = [r for r in VALUES if r["doc"] in PUBLIC_DOCS]
    assert {r["region"] for r in public} == {"100000", "150000"}
    for r in public:
        doc = PUBLIC_DOCS[r["doc"]]
        text = (SOURCES / doc["file"]).read_text(encoding="utf-8")
        quote = r["note"].split("；")[0]
        assert all(piece in text for piece in quote.split("…")), r
        printed = "2.7" if r["value"] == "27000" else r["value"]  # 2.7亿立方米 = 27000万立方米, said in the note
        assert printed in quote, r
        assert doc["url"].startswith("http") and r["section"] == doc["section"]
        # what the words say: a plan's targets, a bulletin's actuals; the comparator the wording gives
        assert r["kind"] == ("target" if doc["kind"] == "plan" else "actual"), r
        if r["kind"] == "actual":
            assert r["comparator"] == "" and r["qualifier"] == ""
            printed_years = set(re.findall(r"(\d{4})年", text)) | set(re.findall(r"(\d{4})年", doc["title"]))
            assert r["year"] in printed_years, r
        else:
            assert r["year"] in quote or f"{r['year']}年" in text, r  # the year the report gives its targets
            wording = {"<=": ("以内", "小于"), ">=": ("以上", "达到", "按下限≥计"), "=": ("左右",)}
            assert any(w in r["note"] for w in wording[r["comparator"]]), r
            assert (r["qualifier"] == "about") == ("左右" in quote), r
        if "较2020年" in quote or "比2020年" in quote:
            assert r["baseline_year"] == "2020", r
    # Reports, reposts and mirrors say so where they are cited; only the ministry's own page is the publication.
    own = {d["id"] for d in PUBLIC_DOCS.values() if not any(w in d["section"] for w in ("报道", "转载", "镜像"))}
    assert own == {"china-bulletin-2020"}
    # every shipped source text is verbatim from ../shared/sources when it is there
    shared = ROOT.parent / "shared" / "sources"
    if shared.is_dir():
        quoted = "\n".join(p.read_text(encoding="utf-8") for p in shared.glob("*.md"))
        for doc in PUBLIC_DOCS.values():
            for line in (SOURCES / doc["file"]).read_text(encoding="utf-8").splitlines():
                assert not line.strip() or line in quoted, (doc["file"], line)


def test_the_country_and_nei_mongol_have_targets_and_actuals_as_published() -> None:
    def one(region: str, indicator: str, year: str, kind: str) -> dict:
        (row,) = [r for r in VALUES if (r["region"], r["indicator"], r["year"], r["kind"]) == (region, indicator, year,
                                                                                                kind)]
        return row

    assert one("100000", "total_water_use", "2025", "target")["value"] == "6400"
    about = one("100000", "gdp_water_intensity_reduction", "2025", "target")
    assert (about["value"], about["qualifier"], about["baseline_year"]) == ("16.0", "about", "2020")  # 16.0%左右
    plain = one("100000", "industrial_water_intensity_reduction", "2025", "target")
    assert (plain["value"], plain["qualifier"]) == ("16.0", "")  # 下降16.0% carries no 左右
    assert one("150000", "total_water_use", "2022", "actual")["value"] == "193.47"
    assert one("150000", "total_water_use", "2025", "target")["value"] == "196.3"
    # The yearbook's reductions are at 2020 constant prices: reductions, against 2020.
    for indicator, value in (("gdp_water_intensity_reduction", "8.9"), ("industrial_water_intensity_reduction", "13")):
        row = one("150000", indicator, "2022", "actual")
        assert (row["value"], row["baseline_year"]) == (value, "2020") and "不變價" in row["note"]
    # Current-price intensities are levels of their year, in indicators of their own.
    levels = [r for r in VALUES if r["indicator"] == "gdp_water_intensity"]
    assert all("当年价" in r["note"] or "當(dāng)年價" in r["note"] for r in levels) and len(levels) == 7
    years = sorted(int(r["year"]) for r in VALUES if r["region"] == "100000" and r["indicator"] == "total_water_use"
                   and r["kind"] == "actual")
    assert years == [2016, 2018, 2019, 2020, 2021, 2022, 2023]  # 2017 and 2024 were not found


def _load_script():
    spec = importlib.util.spec_from_file_location("public_figures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_decision_whose_figure_is_not_printed_is_refused() -> None:
    script = _load_script()
    doc = PUBLIC_DOCS["china-bulletin-2022"]
    decision = {"indicator": "total_water_use", "year": "2022", "kind": "actual", "value": "5998.3",
                "printed": "5998.3", "comparator": "", "baseline_year": "", "qualifier": "",
                "note": "2022年,全国用水总量为5998.3亿m3"}
    with pytest.raises(script.ReviewError, match="not printed"):
        script.reviewed_rows(doc, [decision])
    quoted = {**decision, "value": "5998.2", "printed": "5998.2", "note": "全国用水总量5998.2亿立方米，创新低"}
    with pytest.raises(script.ReviewError, match="not a quote"):
        script.reviewed_rows(doc, [quoted])
    fine = {**decision, "value": "5998.2", "printed": "5998.2", "note": "2022年,全国用水总量为5998.2亿m3"}
    (row,), proposed = script.reviewed_rows(doc, [fine])
    assert (row["region"], row["doc"], row["section"]) == ("100000", "china-bulletin-2022", doc["section"])
    assert proposed == 1  # the extractor read this one as it is


# ---------------------------------------------------------------- progress with real figures


def test_progress_of_the_country_and_nei_mongol_is_real(dataset) -> None:
    # 内蒙古 2022: 193.47 against a 196.3 cap — under it, but within 2 % (196.3 × 0.98 = 192.374 < 193.47): at risk.
    a = assess(dataset, "150000", "total_water_use", 2022)
    assert a.status == AT_RISK and a.latest.text == "193.47"
    cell = progress_cell(dataset, a, "zh")
    assert "内蒙古年鉴" in cell["actual_source"] and "黄河网" in cell["target_source"]
    # The country: 5906.5 in 2023 under 6400, far from it: not at risk, not exceeded; sources named.
    a = assess(dataset, "100000", "total_water_use", 2023)
    assert a.latest.text == "5906.5" and a.status not in (AT_RISK, "exceeded", NO_ACTUAL)
    assert "2023年中国水资源公报" in progress_cell(dataset, a, "zh")["actual_source"]
    # 内蒙古's reduction is judged on the published 8.9 % at 2020 prices, never on its current-price levels.
    a = assess(dataset, "150000", "gdp_water_intensity_reduction", 2022)
    assert a.latest.text == "8.9"


def test_no_reduction_status_from_current_price_levels(dataset) -> None:
    """全国 publishes 万元GDP用水量 at current prices only (57.2 in 2020, 46.9 in 2023): its 2025 reduction target has
    no status, and the progress view says why."""
    a = assess(dataset, "100000", "gdp_water_intensity_reduction", 2023)
    assert a.status == NO_ACTUAL and a.latest is None
    for lang, words in (("zh", "当年价"), ("en", "current prices")):
        assert words in progress_cell(dataset, a, lang)["distance"]  # the headline, hover, table and drill-down say it
    # A unit without any level keeps the plain 无实际数据, no price words.
    a = assess(dataset, "150400", "gdp_water_intensity_reduction", 2023)
    assert a.status == NO_ACTUAL and progress_cell(dataset, a, "zh")["distance"] == ""


def test_two_current_price_levels_never_make_a_reduction(tmp_path) -> None:
    """Even a unit whose level fell from 60 (2020) to 40 (2022) — a third lower at current prices — has no status
    against "较2020年下降20%以上" until a comparable-price reduction is published."""
    folder = tmp_path / "indicators"
    folder.mkdir()
    for name in ("documents.csv", "indicators.csv"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    kept = rows(DATA / "values.csv")
    bulletin = "china-bulletin-2020"
    added = [
        {**kept[0], "region": "150400", "indicator": "gdp_water_intensity", "year": year, "kind": "actual",
         "value": value, "comparator": "", "baseline_year": "", "qualifier": "", "doc": bulletin, "section": "第1页",
         "note": ""}
        for year, value in (("2020", "60"), ("2022", "40"))
    ]
    with (folder / "values.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept + added)
    dataset = build_dataset(read_frames(folder))
    a = assess(dataset, "150400", "gdp_water_intensity_reduction", 2022)
    assert a.status == NO_ACTUAL and a.latest is None and "only_current_prices" in a.flags


def test_the_api_answers_progress_of_the_country_with_its_sources(client) -> None:
    body = client.get("/api/v1/progress?region=100000&indicator=total_water_use&year=2023").get_json()
    own = next(u for u in body["units"] if u["region"]["adcode"] == "100000")
    assert own["actual"]["value_text"] == "5906.5" and own["target"]["value_text"] == "6400"
    assert "2023年中国水资源公报" in own["actual"]["source"]["document"]
    assert (own["region"]["name_zh"], own["region"]["name_en"]) == ("全国", "China (national)")


# ---------------------------------------------------------------- the four meanings


def test_the_four_meanings_are_fixed_and_cited(dataset) -> None:
    v = dataset.values

    def of(region: str, indicator: str) -> pd.DataFrame:
        return v[(v["region"] == region) & (v["indicator"] == indicator) & (v["kind"] == "target")]

    # 运城's undated task 12 is not a separate 2022 target: only the dated 2020 statement stands.
    assert list(of("140800", "pipe_leakage_rate")["year"]) == [2020]
    # 固阳's 1700: an exact share of a 包头 project, not the county's own capacity floor.
    assert of("150222", "reclaimed_water_capacity").empty
    share = of("150222", "reclaimed_water_project_allocation").iloc[0]
    assert (share["value"], share["comparator"], share["year"]) == ("1700", "=", 2023) and "包头" in share["note"]
    # 钦州's yearly rates are rates (万亩/年), not amounts of 2020 beside 朔州's and 运城's cumulative figures.
    for amount, rate, value in (("new_efficient_irrigation_area", "annual_efficient_irrigation_area", "1.6"),
                                ("new_water_fertilizer_integration_area", "annual_water_fertilizer_integration_area",
                                 "2")):
        assert of("450700", amount).empty
        assert list(of("450700", rate)["value"]) == [value]
        assert dataset.indicators.loc[rate, "unit_zh"].endswith("/年")
    # The 全部 targets: 100 % is what 全部 says, cited like every row.
    alls = {
        ("150222", "high_water_use_enterprise_water_saving_share", 2025),
        ("450700", "water_saving_municipal_agency_share", 2022),
        ("450700", "water_saving_society_county_share", 2022),
        ("150222", "water_saving_school_share", 2024),
        ("150222", "water_saving_society_county_share", 2023),  # "完成县域节水型社会达标建设": its own, like 朔州's
        ("150222", "water_saving_county_agency_institution_share", 2025),
        *((code, "water_saving_society_county_share", 2022)
           for code in ("140602", "140621", "140622", "140623", "140681")),  # 朔州: every county but 平鲁区
    }
    for region, indicator, year in alls:
        row = of(region, indicator)
        row = row[row["year"] == year].iloc[0]
        assert row["value"] == "100" and row["comparator"] == ">=" and row["section"], (region, indicator)
        assert "全部" in row["note"] or "全县学校完成" in row["note"]
    assert of("140603", "water_saving_society_county_share").empty  # 平鲁区 is the exception


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed plans (../shared/seeds) are not on this machine")
def test_the_fixed_rows_quote_their_plans_and_the_extractor_reads_the_alls() -> None:
    docs = {d["id"]: d for d in rows(DATA / "documents.csv") if d["seed_file"]}
    texts = {doc: (SEEDS / d["seed_file"]).read_text(encoding="utf-8") for doc, d in docs.items()}
    for r in VALUES:
        fixed = ("即100%", "在“全部”之列", "年度速率", "分配给固阳的份额")  # the remarks of the rows issue 21 fixed
        if r["doc"] in texts and any(words in r["note"] for words in fixed):
            quote = r["note"].split("；")[0]
            assert all(piece in texts[r["doc"]] for piece in quote.split("…")), r
    proposals = propose(read_text(texts["guyang-2023"], "guyang"), region="150222")
    found = {(p["indicator"], p["year"], p["value"]) for p in proposals}
    assert ("high_water_use_enterprise_water_saving_share", 2025, 100.0) in found
