"""Searching the national region catalogue (water_targets.region_search), GET /api/v1/regions?q=, and region names
that several units share in an import (an error listing the candidates, never a silent pick)."""

from __future__ import annotations

import dataclasses
import time

import pytest

from water_targets.geo import Region
from water_targets.imports.parse import Vocabulary, parse_upload
from water_targets.region_search import QueryError, catalogue, search


def unit(adcode: str, zh: str, en: str, level: str, parent: str) -> Region:
    given = {"adcode": adcode, "name_zh": zh, "name_en": en, "level": level, "parent": parent}
    extra = {f.name: False for f in dataclasses.fields(Region) if f.name not in given and f.type in ("bool", bool)}
    return Region(**given, **extra)


class FakeGeo:
    """A catalogue with names shared by several units, as the national one has (城关区, 新城区 …)."""

    def __init__(self, units: list[Region]) -> None:
        self.regions = {r.adcode: r for r in units}


NATIONAL = FakeGeo(
    [
        unit("100000", "中华人民共和国", "China", "country", ""),
        unit("620000", "甘肃省", "Gansu Province", "province", "100000"),
        unit("620100", "兰州市", "Lanzhou City", "city", "620000"),
        unit("620102", "城关区", "Chengguan District", "county", "620100"),
        unit("540000", "西藏自治区", "Tibet Autonomous Region", "province", "100000"),
        unit("540100", "拉萨市", "Lhasa City", "city", "540000"),
        unit("540102", "城关区", "Chengguan District", "county", "540100"),
        unit("150000", "内蒙古自治区", "Inner Mongolia Autonomous Region", "province", "100000"),
        unit("150200", "包头市", "Baotou City", "city", "150000"),
        unit("150221", "土默特右旗", "Tumed Right Banner", "county", "150200"),
        unit("150600", "鄂尔多斯市", "Ordos City", "city", "150000"),
    ]
)


def codes(hits) -> list[str]:
    return [h.region.adcode for h in hits]


def test_search_by_adcode_and_prefix(geo) -> None:
    hits = search(geo, "150200")
    assert hits[0].region.adcode == "150200" and hits[0].match == "adcode"
    assert "150221" in codes(hits)  # its units follow (adcode prefix 1502)
    assert codes(search(geo, "150221")) == ["150221"]
    assert codes(search(geo, "１５０２２１")) == ["150221"]  # full-width digits
    prefix = search(geo, "1502")
    assert codes(prefix)[0] == "150200" and set(codes(prefix)) >= {"150202", "150221", "150222"}
    assert codes(search(geo, "100000")) == ["100000"]  # China, not every code starting with 1


def test_search_by_chinese_name(geo) -> None:
    for q in ("包头市", "包头", " 包 头 "):
        assert codes(search(geo, q))[0] == "150200", q
    hit = search(geo, "土默特右旗")[0]
    assert hit.region.adcode == "150221"
    assert hit.lineage_zh == "内蒙古自治区 · 包头市 · 土默特右旗"
    assert hit.lineage_en == "Inner Mongolia Autonomous Region · Baotou City · Tumed Right Banner"
    assert "150221" in codes(search(geo, "土默特"))  # a part of the name (土默特左旗 too, in the national catalogue)
    if "150600" in geo.regions:
        assert search(geo, "鄂尔多斯")[0].lineage_zh == "内蒙古自治区 · 鄂尔多斯市"


def test_names_shared_across_the_national_catalogue(geo, dataset) -> None:
    if len(geo.regions) < 1000:
        pytest.skip("the national catalogue is not built yet")
    for name in ("新城区", "铁西区", "城关区"):
        hits = [h for h in search(geo, name) if h.region.name_zh == name]
        assert len(hits) > 1, name
        assert len({h.lineage_zh for h in hits}) == len(hits)  # told apart by their parents
    vocab = Vocabulary.from_dataset(dataset, geo)
    assert "新城区" in vocab.ambiguous_regions and "新城区" not in vocab.region_names
    (problem,) = parse_upload("a.csv", values_csv("新城区", "chifeng-2025"), vocab).problems
    assert all(code in problem.message_zh for code in vocab.ambiguous_regions["新城区"])


def test_search_by_english_name(geo) -> None:
    assert codes(search(geo, "Baotou"))[0] == "150200"
    assert codes(search(geo, "baotou city")) == ["150200"]
    assert codes(search(geo, "TUMED"))[:2] == ["150121", "150221"]  # Tumed Left and Right Banner
    assert codes(search(geo, "tumed right"))[0] == "150221"


def test_english_names_are_found_without_their_diacritics(geo) -> None:
    """Official romanizations keep their diacritics (Ürümqi, Lüliang); a reader types them without."""
    for query, adcode in (("urumqi", "650100"), ("Luliang", "141100"), ("hohhot", "150100")):
        assert adcode in codes(search(geo, query)), query


def test_ranking_exact_first_then_level_then_code() -> None:
    hits = search(NATIONAL, "城关区")
    assert codes(hits) == ["540102", "620102"]  # same rank and level: by adcode
    assert [h.lineage_zh for h in hits] == ["西藏自治区 · 拉萨市 · 城关区", "甘肃省 · 兰州市 · 城关区"]
    assert codes(search(NATIONAL, "15"))[:2] == ["150000", "150200"]  # the province before its cities
    assert search(NATIONAL, "150600")[0].lineage_zh == "内蒙古自治区 · 鄂尔多斯市"
    assert search(NATIONAL, "鄂尔多斯")[0].region.adcode == "150600"
    assert search(NATIONAL, "中华人民共和国")[0].lineage_zh == "全国"  # found by its catalogue name, shown as 全国


def test_limit_and_bad_queries(geo) -> None:
    assert len(search(geo, "1", limit=3)) == 3
    for q in ("", "   ", "x" * 101, "包头\x00"):
        with pytest.raises(QueryError):
            search(geo, q)
    assert search(geo, "没有这个地方") == []


def test_the_index_is_built_once_and_is_fast() -> None:
    units = [unit("100000", "中华人民共和国", "China", "country", "")]
    for p in range(31):
        prov = f"{11 + p:02d}0000"
        units.append(unit(prov, f"省{p}", f"Province {p}", "province", "100000"))
        for c in range(1, 11):
            city = f"{11 + p:02d}{c:02d}00"
            units.append(unit(city, f"市{p}-{c}", f"City {p} {c}", "city", prov))
            units += [unit(f"{city[:4]}{k:02d}", f"县{p}-{c}-{k}", f"County {p} {c} {k}", "county", city)
                      for k in range(1, 10)]
    big = FakeGeo(units)
    assert len(big.regions) > 3_000
    assert catalogue(big) is catalogue(big)
    start = time.perf_counter()
    for q in ("县5-3", "1203", "county 7 2 1", "市30-10"):
        assert search(big, q)
    assert time.perf_counter() - start < 0.5


# ------------------------------------------------------------------------------------------- the API


def test_api_search(client, geo) -> None:
    body = client.get("/api/v1/regions?q=包头").get_json()
    assert body[0]["adcode"] == "150200" and body[0]["lineage_zh"] == "内蒙古自治区 · 包头市"
    assert body[0]["name_en"] == "Baotou City" and body[0]["level"] == "city"
    body = client.get("/api/v1/regions?q=150221").get_json()
    assert [r["adcode"] for r in body] == ["150221"]
    assert client.get("/api/v1/regions?q=tumed%20right").get_json()[0]["adcode"] == "150221"
    assert len(client.get("/api/v1/regions?q=1&limit=2").get_json()) == 2
    assert client.get("/api/v1/regions?q=没有这个地方").get_json() == []
    every = client.get("/api/v1/regions").get_json()
    assert len(every) == len(geo.regions) and "lineage_zh" not in every[0]


@pytest.mark.parametrize(
    "query", ["q=" + "x" * 101, "q=%00", "q=%20", "q=1&limit=0", "q=1&limit=201", "q=1&limit=abc", "q=1&limit=-1"]
)
def test_api_search_bad_input(client, query: str) -> None:
    resp = client.get(f"/api/v1/regions?{query}")
    assert resp.status_code == 400
    assert resp.is_json and resp.get_json()["error"]


# ------------------------------------------------------------------------------ ambiguous names in imports


def vocab_for(dataset, **extra) -> Vocabulary:
    return dataclasses.replace(Vocabulary.from_dataset(dataset, NATIONAL), **extra)


HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"


def values_csv(region: str, doc: str) -> bytes:
    return (HEADER + f"{region},total_water_use,2025,target,1.5,<=,,,{doc},附件,test fixture\n").encode()


def test_an_ambiguous_name_is_an_error_listing_the_candidates(dataset) -> None:
    vocab = vocab_for(dataset)
    assert vocab.ambiguous_regions == {"城关区": ("620102", "540102")}
    parsed = parse_upload("a.csv", values_csv("城关区", "chifeng-2025"), vocab)
    assert parsed.values[0].cells["region"] == "城关区"  # kept as typed: not picked
    (problem,) = parsed.problems
    assert problem.column == "region" and problem.row == 2
    assert "620102" in problem.message_zh and "540102" in problem.message_zh
    assert "甘肃省 · 兰州市" in problem.message_zh and "西藏自治区 · 拉萨市" in problem.message_zh
    assert "行政区划代码" in problem.message_zh
    assert "Gansu Province · Lanzhou City" in problem.message_en and "adcode" in problem.message_en


def test_the_documents_region_settles_an_ambiguous_name(dataset) -> None:
    vocab = vocab_for(dataset, document_regions={"lanzhou-2025": "620100", "gansu-2025": "620000"})
    for doc in ("lanzhou-2025", "gansu-2025"):  # the document of the city, or of the province above it
        parsed = parse_upload("a.csv", values_csv("城关区", doc), vocab)
        assert parsed.problems == [] and parsed.values[0].cells["region"] == "620102", doc
    vocab = vocab_for(dataset, document_regions={"china-2025": "100000"})
    parsed = parse_upload("a.csv", values_csv("城关区", "china-2025"), vocab)  # both are in China: still ambiguous
    assert len(parsed.problems) == 1 and parsed.values[0].cells["region"] == "城关区"


def test_name_with_code_and_unique_names(dataset) -> None:
    vocab = vocab_for(dataset)
    assert parse_upload("a.csv", values_csv("城关区（540102）", "x"), vocab).values[0].cells["region"] == "540102"
    assert parse_upload("a.csv", values_csv("城关区(620102)", "x"), vocab).values[0].cells["region"] == "620102"
    wrong = parse_upload("a.csv", values_csv("东河区（540102）", "x"), vocab)  # the name is not that code's
    assert wrong.values[0].cells["region"] == "东河区（540102）"
    assert parse_upload("a.csv", values_csv("土默特右旗", "x"), vocab).values[0].cells["region"] == "150221"


def test_the_national_template_lists_shared_names_with_their_code(geo, dataset) -> None:
    if len(geo.regions) < 1000:
        pytest.skip("the national catalogue is not built yet")
    import io

    from openpyxl import load_workbook

    from water_targets.imports.template import SHEET_LISTS, template_xlsx

    wb = load_workbook(io.BytesIO(template_xlsx(dataset, geo)), read_only=True)
    listed = [row[0] for row in wb[SHEET_LISTS].iter_rows(min_row=2, max_col=1, values_only=True) if row[0]]
    assert len(listed) == len(geo.regions) and "包头市" in listed
    shared = next(item for item in listed if item.startswith("新城区（"))
    vocab = Vocabulary.from_dataset(dataset, geo)
    parsed = parse_upload("a.csv", values_csv(shared, "chifeng-2025"), vocab)
    assert parsed.problems == [] and parsed.values[0].cells["region"] == shared[4:10]
