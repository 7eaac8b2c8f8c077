"""完成情况一览 (pure): every unit of a region's view × every indicator with a target there → the latest actual,
the target, the gap and the status, as rows for the dashboard grid, the XLSX export and the deck.

Each indicator is assessed at the latest year with an actual anywhere in the view (the progress map's default
year), so a row tells the same story as the map; an indicator without any actual in the view is shown against
the plan's target that is next due this year (else its last one) as 无实际数据, so a reader sees what is missing.

Rows come worst first (SEVERITY below: missed and off-track targets on top, then the ones on track or met, then
those that cannot be judged), then in the view's unit order and the catalog's indicator order.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from .choropleth import view_for
from .geo import GeoData
from .i18n import t
from .indicators import Dataset
from .model import source_label, value_words, with_unit
from .progress import SAID_AS_DISTANCE, UnitRows, latest_actual_year
from .qualifiers import ACTUAL_NOTES, REPLACING_QUALIFIERS, TARGET_NOTES
from .queries import REDUCTION_KIND
from .status import (
    AT_RISK,
    DETERIORATION,
    EXCEEDED,
    LIMITED_PROGRESS,
    MET,
    NEEDS_ACCELERATION,
    NO_ACTUAL,
    NOT_APPLICABLE,
    NOT_MET,
    ON_TRACK,
    STATUS_STYLE,
    STATUSES,
    TOO_FEW_ACTUALS,
    Assessment,
)
from .status_words import distance_words, status_label, target_words

# The order a meeting reads the table in: what needs action first, what cannot be judged last.
SEVERITY = (
    NOT_MET,
    EXCEEDED,
    DETERIORATION,
    LIMITED_PROGRESS,
    AT_RISK,
    NEEDS_ACCELERATION,
    ON_TRACK,
    MET,
    TOO_FEW_ACTUALS,
    NO_ACTUAL,
    NOT_APPLICABLE,
)
assert sorted(SEVERITY) == sorted(STATUSES)

ACTUAL_FLAGS = ACTUAL_NOTES
TARGET_FLAGS = TARGET_NOTES


class UnknownStatus(ValueError):
    """A status filter names a status that does not exist."""


def parse_statuses(raw: str | list[str] | None) -> tuple[str, ...] | None:
    """'exceeded,at_risk' (or a list) → the statuses, in legend order; None or empty: no filter."""
    if raw is None:
        return None
    parts = [p.strip() for p in (raw.split(",") if isinstance(raw, str) else raw) if p and p.strip()]
    if not parts:
        return None
    bad = [p for p in parts if p not in STATUSES]
    if bad:
        raise UnknownStatus(f"unknown status {', '.join(map(repr, bad))}; statuses: {', '.join(STATUSES)}")
    return tuple(s for s in STATUSES if s in parts)


def _unit(dataset: Dataset, indicator: str, lang: str) -> str:
    return dataset.indicators.loc[indicator, "unit_zh" if lang == "zh" else "unit_en"]


def _baseline(row: dict) -> int | None:
    raw = row.get("baseline_year")
    return None if raw is None or pd.isna(raw) or str(raw) == "" else int(raw)


def _notes(notes: list[str], lang: str) -> str:
    notes = [n for n in notes if n]
    if not notes:
        return ""
    return f"（{'，'.join(notes)}）" if lang == "zh" else f" ({', '.join(notes)})"


def actual_text(row: dict, unit: str, lang: str) -> str:
    """'2.88 亿立方米', '17.2%（较2020年）': the actual without its year (a column of its own) or flag."""
    base = _baseline(row)
    return with_unit(value_words(row, lang), unit, lang).strip() + _notes(
        [t("vs_baseline", lang, year=base) if base is not None else ""], lang
    )


def target_text(row: dict, unit: str, lang: str) -> str:
    """'≤ 3.0047 亿立方米（2025年）', '≥ 21.08%（2025年，较2020年）', '保持2020年水平（2025年）'."""
    base = _baseline(row)
    kept = row.get("qualifier") in REPLACING_QUALIFIERS
    notes = [t("year_n", lang, year=int(row["year"])), t("vs_baseline", lang, year=base) if base and not kept else ""]
    return target_words(row, unit, lang) + _notes(notes, lang)


def _row(dataset: Dataset, geo: GeoData, a: Assessment, lang: str) -> dict:
    ind = dataset.indicators.loc[a.indicator]
    unit = _unit(dataset, a.indicator, lang)
    reduction = ind["kind"] == REDUCTION_KIND
    actual = a.latest.row if a.latest is not None and a.latest.row else None
    actual_flags = [t(q, lang) for q in [(actual or {}).get("qualifier") or ""] if q in ACTUAL_FLAGS]
    target_flags = [t(q, lang) for q in [a.target.get("qualifier") or ""] if q in TARGET_FLAGS]
    style = STATUS_STYLE[a.status]
    return {
        "adcode": a.region,
        "unit": geo.regions[a.region].name(lang),
        "indicator_id": a.indicator,
        "indicator": ind["name_zh"] if lang == "zh" else ind["name_en"],
        "actual": actual_text(actual, unit, lang) if actual else "",
        "actual_value": float(actual["number"]) if actual and pd.notna(actual["number"]) else None,
        "actual_year": int(actual["year"]) if actual else None,
        "actual_flag": "，".join(actual_flags) if lang == "zh" else ", ".join(actual_flags),
        "target": target_text(a.target, unit, lang),
        "target_year": a.target_year,
        "target_flag": "，".join(target_flags) if lang == "zh" else ", ".join(target_flags),
        "gap": distance_words(a, ind["unit_zh" if lang == "zh" else "unit_en"], lang, reduction=reduction),
        "status": a.status,
        "status_label": status_label(a.status, lang),
        "status_fill": style["fill"],
        "status_ink": style["ink"],
        "final": a.final,
        "flags": [t(f, lang) for f in a.flags if f not in SAID_AS_DISTANCE],
        "target_source": source_label(dataset, a.target, lang),
        "actual_source": source_label(dataset, actual, lang) if actual else "",
    }


def view_units(dataset: Dataset, geo: GeoData, region: str) -> list[str]:
    """The region itself and its mapped units (the overview: the plan regions), each once."""
    return list(dict.fromkeys(view_for(dataset, geo, region).codes))


def assessment_year(dataset: Dataset, codes: list[str], indicator: str) -> int | None:
    """The year an indicator is assessed at in the table: the latest actual of the view (None: none)."""
    return latest_actual_year(dataset, codes, indicator)


def progress_table_rows(
    dataset: Dataset,
    geo: GeoData,
    region: str,
    lang: str,
    status: tuple[str, ...] | list[str] | None = None,
    indicators: list[str] | None = None,
    today_year: int | None = None,
) -> list[dict]:
    """Every unit of the view × every indicator with a target there (optionally only `indicators`), worst first;
    `status` keeps only rows of those statuses. `today_year` picks the target of an indicator without actuals."""
    codes = view_units(dataset, geo, region)
    vals = dataset.values
    present = set(vals.loc[vals["region"].isin(codes) & (vals["kind"] == "target"), "indicator"])
    wanted = [i for i in dataset.indicators.index if i in present and (indicators is None or i in indicators)]
    rows = []
    for indicator in wanted:
        as_of = assessment_year(dataset, codes, indicator) or today_year or date.today().year
        units = UnitRows(dataset, codes, indicator)  # each unit's rows read once (thousands of plan regions)
        for code in codes:
            a = units.assess(code, as_of)
            if a is not None:
                rows.append(_row(dataset, geo, a, lang))
    unit_order = {code: n for n, code in enumerate(codes)}
    ind_order = {ind: n for n, ind in enumerate(wanted)}
    rows.sort(key=lambda r: (SEVERITY.index(r["status"]), unit_order[r["adcode"]], ind_order[r["indicator_id"]]))
    if status:
        rows = [r for r in rows if r["status"] in status]
    return rows


def status_counts(rows: list[dict]) -> dict[str, int]:
    """How many rows have each status, in legend order, statuses without rows left out."""
    counts = {s: 0 for s in STATUSES}
    for r in rows:
        counts[r["status"]] += 1
    return {s: n for s, n in counts.items() if n}


def counts_words(rows: list[dict], lang: str, own: str | None = None) -> str:
    """'共 89 项：超出上限 1，偏离目标 1，…' in legend order. With `own` (the region's adcode) and its one row among
    them, the region's status first and then its units' counts, as the progress map shows them (its headline and
    its legend): '赤峰市：进度正常；其下 12 个地区：进度正常 7，…'."""
    sep = "，" if lang == "zh" else ", "
    mine = [r for r in rows if own and r["adcode"] == own]
    if len(mine) == 1 and len(rows) > 1:
        units = [r for r in rows if r is not mine[0]]
        parts = [f"{status_label(s, lang)} {n}" for s, n in status_counts(units).items()]
        return t("progress_rows_own", lang, place=mine[0]["unit"], status=mine[0]["status_label"], n=len(units),
                 counts=sep.join(parts))  # fmt: skip
    parts = [f"{status_label(s, lang)} {n}" for s, n in status_counts(rows).items()]
    return t("progress_rows", lang, n=len(rows)) + ("：" if lang == "zh" else ": ") + sep.join(parts)


def notes(row: dict, lang: str) -> str:
    """The qualifier flags of a row (初步数, 修订数, 预估数, 力争), shown as words next to the figures."""
    return ("，" if lang == "zh" else ", ").join(f for f in (row["actual_flag"], row["target_flag"]) if f)


def has_actuals(rows: list[dict]) -> bool:
    return any(r["actual_year"] is not None for r in rows)
