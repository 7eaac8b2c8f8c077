"""Measure the extractor (water_targets.extract.rules.propose) against the shipped targets of the five seed plans.

For each seed (documents.csv: seed_file, region) the proposals of kind target are compared with the rows of
data/indicators/values.csv of kind target for that document, matched on region, indicator, year, comparator and
value. Printed per seed and overall: recall, precision (over distinct proposals; also over those mapped to a
catalogue indicator), the first misses and the time per document. Shipped rows without a value (the annex's "/",
not applicable) are not expected: the extractor proposes nothing for them. The public texts in ../shared/sources/
are read too; only their counts are printed. Issue 20's budgets: recall >= 0.95, precision >= 0.90.

Run: .venv/bin/python bench/extract.py [--seeds DIR] [--sources DIR] [--show-extra]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from water_targets.extract.rules import propose  # noqa: E402
from water_targets.extract.text import read_text  # noqa: E402

DATA = ROOT / "data" / "indicators"
RECALL_BUDGET, PRECISION_BUDGET = 0.95, 0.90


def key(region: str | None, indicator: str | None, year: object, comparator: str, value: float) -> tuple:
    return (region or "", indicator or "", str(year or ""), comparator, round(float(value), 4))


def expected_rows(doc: str) -> list[dict]:
    with open(DATA / "values.csv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["doc"] == doc and r["kind"] == "target" and r["value"] != ""]


def run_seed(doc: dict, seeds: Path, show_extra: bool) -> tuple[int, int, int, int, int]:
    text = (seeds / doc["seed_file"]).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    proposals = propose(read_text(text, doc["seed_file"]), region=doc["region"], doc=doc["id"])
    elapsed = time.perf_counter() - t0
    targets = [p for p in proposals if p["kind"] == "target"]
    got = {key(p["region"], p["indicator"], p["year"], p["comparator"], p["value"]): p for p in targets}
    rows = expected_rows(doc["id"])
    want = {key(r["region"], r["indicator"], r["year"], r["comparator"], r["value"]): r for r in rows}
    hits = set(got) & set(want)
    mapped = {k for k in got if k[1]}
    recall = len(hits) / len(want) if want else 1.0
    precision = len(hits) / len(got) if got else 1.0
    precision_mapped = len(hits) / len(mapped) if mapped else 1.0
    print(f"{doc['id']:<16} expected {len(want):>3}  proposed {len(got):>3} ({len(mapped)} mapped)  "
          f"recall {recall:.3f}  precision {precision:.3f} (mapped {precision_mapped:.3f})  {elapsed * 1000:.0f} ms")
    misses = [want[k] for k in want if k not in hits]
    for r in misses[:15]:
        print(f"    miss {r['region']} {r['indicator']} {r['year']} {r['comparator']} {r['value']}  | {r['note'][:60]}")
    if len(misses) > 15:
        print(f"    … {len(misses) - 15} more misses")
    if show_extra:
        for k in sorted(set(got) - hits, key=str):
            p = got[k]
            print(f"    extra {k}  | {p['quote'][:70]}")
    actual = sum(1 for p in proposals if p["kind"] == "actual")
    if actual:
        print(f"    ({actual} proposals of kind actual, not compared)")
    return len(hits), len(want), len(got), len(mapped), int(elapsed * 1000)


def run_sources(sources: Path) -> None:
    files = sorted(p for p in sources.glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
    if not files:
        return
    print("\nsources (no shipped rows to compare; counts only)")
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        t0 = time.perf_counter()
        proposals = propose(read_text(text, path.name))
        elapsed = time.perf_counter() - t0
        targets = sum(p["kind"] == "target" for p in proposals)
        mapped = sum(bool(p["indicator"]) for p in proposals)
        print(f"{path.name:<48} {len(text):>7} chars  {len(proposals):>4} proposals ({targets} target, "
              f"{len(proposals) - targets} actual, {mapped} mapped)  {elapsed * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--sources", type=Path, default=ROOT.parent / "shared" / "sources")
    parser.add_argument("--show-extra", action="store_true", help="also list the proposals that match no row")
    parser.add_argument("--no-large", action="store_true", help="skip the 40-page PDF (it needs LibreOffice)")
    args = parser.parse_args(argv)
    with open(DATA / "documents.csv", encoding="utf-8") as f:
        docs = [d for d in csv.DictReader(f) if d.get("seed_file")]
    totals = [0, 0, 0, 0, 0]
    for doc in docs:
        if not (args.seeds / doc["seed_file"]).exists():
            print(f"{doc['id']}: seed {doc['seed_file']} not found in {args.seeds}")
            continue
        for i, n in enumerate(run_seed(doc, args.seeds, args.show_extra)):
            totals[i] += n
    hits, want, got, mapped, ms = totals
    recall = hits / want if want else 1.0
    precision = hits / got if got else 1.0
    print(f"\noverall: recall {recall:.3f} (budget {RECALL_BUDGET})  precision {precision:.3f} (budget "
          f"{PRECISION_BUDGET}; over mapped proposals {hits / mapped if mapped else 1.0:.3f})  "
          f"{ms / max(len(docs), 1):.0f} ms per document")
    if args.sources.is_dir():
        run_sources(args.sources)
    run_heldout()
    if not args.no_large:
        run_large(args.seeds)
    return 0


def run_heldout() -> None:
    """The held-out sets (bench/heldout*/: fictitious texts, expected rows written without reading the rules)."""
    import heldout_eval

    print("\nheld-out texts (budgets on unseen texts: recall >= 0.80, precision >= 0.85, no actual as a target)")
    for directory in heldout_eval.sets():
        o = heldout_eval.evaluate(propose, read_text, quiet=True, directory=directory)["overall"]
        print(f"bench/{directory.name:<10} expected {o['expected']:>3}  proposed {o['proposed']:>3}  recall "
              f"{o['recall']:.3f}  precision {o['precision']:.3f} (mapped {o['precision_mapped']:.3f})  "
              f"actuals proposed as targets {o['actuals_as_targets']}")


def run_large(seeds: Path) -> None:
    """A 40-page PDF (the seeds, converted by LibreOffice) read and proposed in a fresh process."""
    import extract_large

    print("\na 40-page PDF (budget: 5 s, 300 MB)")
    try:
        m = extract_large.measure(seeds)
    except Exception as exc:  # no LibreOffice here: say so, the other figures stand
        print(f"not measured: {exc}")
        return
    print(f"{m['pages']} pages, {m['chars']} characters, {m['proposals']} proposals: read {m['read_s']} s + propose "
          f"{m['propose_s']} s + imports {m['import_s']} s = {m['total_s']} s; peak memory {m['peak_rss_mb']} MB")


if __name__ == "__main__":
    sys.exit(main())
