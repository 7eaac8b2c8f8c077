"""Fictitious actual figures for tests of the progress view (never shipped), with the statuses they give.

Statuses are worked out by hand from status.py's rules (caps: 2 % margin, trend to 2025; floors: observed
over required rate with 0 in the baseline year), at assessment year 2024 unless said otherwise.
"""

from __future__ import annotations

from sqlalchemy import Engine

from water_targets.store.models import DOCUMENTS, VALUES
from water_targets.store.revisions import Change, WriteMeta, diff, rows_at, write

DOCS = [
    {"id": "test-bulletin", "region": "150400", "title": "测试用水资源公报（虚构）",
     "title_en": "Test water resources bulletin (fictitious)", "number": "测试〔2025〕1号",
     "issued": "2025-06-30", "url": "", "kind": "statistics", "seed_file": ""},
    {"id": "test-bulletin-sz", "region": "140600", "title": "测试用朔州水资源公报（虚构）",
     "title_en": "", "number": "",
     "issued": "2021-06-30", "url": "", "kind": "statistics", "seed_file": ""},
]


def _actual(region: str, indicator: str, year: int, value: str, baseline: str = "", qualifier: str = "",
            doc: str = "test-bulletin") -> dict:
    return {"region": region, "indicator": indicator, "year": str(year), "kind": "actual", "value": value,
            "comparator": "", "baseline_year": baseline, "qualifier": qualifier, "doc": doc,
            "section": "表1（测试数据）", "note": "测试数据（虚构）"}


TWU, GDP = "total_water_use", "gdp_water_intensity_reduction"
ACTUALS = [
    # 红山区, cap 0.9098: 0.85 → 0.84, under 0.8916 (2 % below) and falling
    _actual("150402", TWU, 2020, "0.85"), _actual("150402", TWU, 2024, "0.84"),
    # 元宝山区, cap 0.9442: 0.93 is within 2 % below the cap
    _actual("150403", TWU, 2020, "0.90"), _actual("150403", TWU, 2024, "0.93"),
    # 松山区, cap 2.0827: 1.60 → 2.00, +0.1 a year reaches 2.10 in 2025
    _actual("150404", TWU, 2020, "1.60"), _actual("150404", TWU, 2024, "2.00"),
    # 阿鲁科尔沁旗, cap 1.9674: 2.01 is over it
    _actual("150421", TWU, 2020, "1.90"), _actual("150421", TWU, 2024, "2.01"),
    # 翁牛特旗, cap 3.0047: 2.80 → 2.88 (provisional), 2.90 in 2025; 0.1247 under the cap
    _actual("150426", TWU, 2020, "2.80"), _actual("150426", TWU, 2021, "2.85"),
    _actual("150426", TWU, 2022, "2.78", qualifier="revised"), _actual("150426", TWU, 2023, "2.83"),
    _actual("150426", TWU, 2024, "2.88", qualifier="provisional"),
    # Reductions against 2020, 2025 floors: required = target / 5 a year, observed = 2024 figure / 4
    _actual("150426", GDP, 2024, "17.2", "2020"),  # 21.08: R = 4.3 / 4.216 = 1.02
    _actual("150421", GDP, 2024, "10.0", "2020"),  # 20.78: R = 2.5 / 4.156 = 0.60
    _actual("150424", GDP, 2024, "-2.0", "2020"),  # 19.56: R < 0
    # 朔州市, cap 6.79 in 2020: 6.50 in 2020 meets it (final)
    _actual("140600", TWU, 2020, "6.50", doc="test-bulletin-sz"),
]

EXPECTED_2024_TWU = {
    "150402": "on_track",
    "150403": "at_risk",
    "150404": "at_risk",
    "150421": "exceeded",
    "150426": "on_track",
    "150422": "no_actual",
}
EXPECTED_2024_GDP = {"150426": "on_track", "150421": "needs_acceleration", "150424": "deterioration"}


def write_actuals(engine: Engine) -> int:
    """Add the test documents and actuals as one revision; returns its number."""

    def changes(conn) -> list[Change]:
        docs = rows_at(conn, DOCUMENTS, None)
        vals = rows_at(conn, VALUES, None)
        return diff(DOCUMENTS, docs, [*docs, *DOCS]) + diff(VALUES, vals, [*vals, *ACTUALS])

    revision, _ = write(engine, changes, WriteMeta(user="tests", action="import", comment="test actuals"))
    assert revision is not None
    return revision.id
