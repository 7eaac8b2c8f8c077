"""Ship the public national and 内蒙古 figures of data/sources/ through the import path, as a data release.

Each publication (data/sources/documents.csv: one document per publication, its page, and the section saying how it
was read — a report, a repost, a mirror) is a verbatim text in data/sources/. The extractor (water_targets.extract)
proposes its figures; the reviewed decisions (data/sources/reviewed.csv) accept them, or edit what it misread, the
way the review page 从文件提取 does. A decision whose figure is not printed in the text, or whose note is not a
quote of it, is refused: no number is typed in. The accepted rows of each publication then go through the import's
own checks (units, scope, documents, comparators) as one revision — on a scratch copy of the store loaded from
data/indicators/ — and the store is dumped back to data/indicators/ (the release; the app records it as a revision).

Run:   .venv/bin/python scripts/public_figures.py            # write data/indicators/ (prints what it did)
       .venv/bin/python scripts/public_figures.py --check    # exit 1 when data/indicators/ is not what it builds
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from water_targets.extract.filled import review_workbook  # noqa: E402
from water_targets.extract.rules import propose  # noqa: E402
from water_targets.extract.text import read_text  # noqa: E402
from water_targets.geo import bundled_geo  # noqa: E402
from water_targets.imports.parse import Vocabulary  # noqa: E402
from water_targets.imports.pipeline import ImportRefused, commit_file  # noqa: E402
from water_targets.indicators import build_dataset  # noqa: E402
from water_targets.store import bundled, migrate  # noqa: E402
from water_targets.store.db import engine_for  # noqa: E402
from water_targets.store.models import ENTITIES  # noqa: E402
from water_targets.store.revisions import frames_at, head, rows_at  # noqa: E402
from water_targets.store.users import Actor  # noqa: E402

SOURCES = ROOT / "data" / "sources"
TARGET = ROOT / "data" / "indicators"
RELEASE_USER = Actor(name="data-release", role="admin")
QUOTE_GAP = "…"  # a note may leave words out between quoted pieces


class ReviewError(Exception):
    """A reviewed decision that does not hold against its publication's text."""


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _quoted(note: str, text: str) -> bool:
    """The note's quote (before its first '；' remark) is the text's words, pieces joined by '…'."""
    quote = note.split("；")[0]
    return all(piece in text for piece in quote.split(QUOTE_GAP) if piece)


def _printed(figure: str, text: str) -> bool:
    """The figure stands in the text as a number of its own (6400 is not read inside 16400 or 6400.5)."""
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d]|\.\d)", text) is not None


def reviewed_rows(doc: dict[str, str], decisions: list[dict[str, str]]) -> tuple[list[dict[str, str]], int]:
    """The publication's accepted rows as import cells, and how many the extractor proposed as they are."""
    text = (SOURCES / doc["file"]).read_text(encoding="utf-8")
    # The reviewer reads the page under its title: the extractor is given the publication's name as a first line.
    proposals = propose(read_text(f"{doc['title']}\n{text}", doc["file"]), region=doc["region"], doc=doc["id"])
    rows, as_proposed = [], 0
    for n, d in enumerate(decisions, start=2):
        where = f"reviewed.csv row {n} ({d['indicator']} {d['year']})"
        if not _printed(d["printed"], text):
            raise ReviewError(f"{where}: {d['printed']!r} is not printed in {doc['file']}")
        if d["printed"] not in d["note"].split("；")[0] or not _quoted(d["note"], text):
            raise ReviewError(f"{where}: the note is not a quote of {doc['file']} holding {d['printed']!r}")
        same = [
            p for p in proposals
            if p["indicator"] == d["indicator"] and str(p["year"]) == d["year"] and p["kind"] == d["kind"]
            and p["value"] is not None and float(p["value"]) == float(d["value"])
        ]
        as_proposed += bool(same)
        rows.append({
            "region": doc["region"], "indicator": d["indicator"], "year": d["year"], "kind": d["kind"],
            "value": d["value"], "comparator": d["comparator"], "baseline_year": d["baseline_year"],
            "qualifier": d["qualifier"], "doc": doc["id"], "section": doc["section"], "note": d["note"],
        })
    return rows, as_proposed


def build(out: Path) -> list[str]:
    """Import every publication into a scratch store loaded from data/indicators/ and dump it to `out`."""
    documents = _read_csv(SOURCES / "documents.csv")
    decisions = _read_csv(SOURCES / "reviewed.csv")
    known = {d["id"] for d in documents}
    strays = sorted({d["doc"] for d in decisions} - known)
    if strays:
        raise ReviewError(f"reviewed.csv cites documents not in documents.csv: {strays}")
    geo = bundled_geo()
    report = []
    with tempfile.TemporaryDirectory() as scratch:
        engine = engine_for(f"sqlite:///{scratch}/release.db")
        migrate.upgrade(engine)
        bundled.sync_bundled(engine, TARGET, geo, Path(scratch))
        for doc in documents:
            rows, as_proposed = reviewed_rows(doc, [d for d in decisions if d["doc"] == doc["id"]])
            with engine.connect() as conn:
                kept = {r["id"] for r in rows_at(conn, ENTITIES[0], None)}
            document = None if doc["id"] in kept else {k: doc[k] for k in doc if k not in ("file", "section")}
            data = review_workbook(rows, document)
            with engine.connect() as conn:
                vocab = Vocabulary.from_dataset(build_dataset(frames_at(conn, head(conn))), geo)
            try:
                revision, preview = commit_file(
                    engine, f"{doc['id']}.xlsx", data, RELEASE_USER, geo, vocab,
                    f"public figures: {doc['title']} ({doc['section']})",
                )
            except ImportRefused as exc:
                raise ReviewError(f"{doc['id']}: " + "; ".join(str(p) for p in exc.preview.problems)) from None
            s = preview.summary()
            report.append(
                f"{doc['id']:<26} {len(rows):>2} rows ({as_proposed} as the extractor proposed them, "
                f"{len(rows) - as_proposed} edited): {s['added']} new, {s['changed']} changed, "
                f"{s['unchanged']} unchanged" + (f" → revision {revision.id}" if revision else "")
            )
        with engine.connect() as conn:
            bundled.write_files(conn, out, None)
        engine.dispose()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="Run: see the module docstring.")
    parser.add_argument("--check", action="store_true", help="compare with data/indicators/; write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as out:
        try:
            report = build(Path(out))
        except ReviewError as exc:
            print(f"refused: {exc}", file=sys.stderr)
            return 2
        print("\n".join(report))
        differ = [n for n in bundled.FILES if (Path(out) / n).read_bytes() != (TARGET / n).read_bytes()]
        if args.check:
            if differ:
                print(f"data/indicators/ differs from the build: {differ}", file=sys.stderr)
                return 1
            print("data/indicators/ is what the sources and the reviewed decisions build")
            return 0
        for name in differ:
            (TARGET / name).write_bytes((Path(out) / name).read_bytes())
        print(f"written: {differ or 'nothing changed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
