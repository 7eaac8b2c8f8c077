"""Import budgets: preview and commit of a 10,000-row XLSX on SQLite and on PostgreSQL.

The rows are generated here for timing only (a throw-away store in a temp directory or a temp PostgreSQL
server); they are not data and never reach a real database.
Run: python bench/imports.py   (budgets: preview <= 3 s, commit <= 2 s)
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
SCRATCH = tempfile.mkdtemp(prefix="wt-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/app.db"  # set before the settings are read

from pgserver import PostgresServer, find_pg_bin  # noqa: E402
from store_helpers import ready_store  # noqa: E402

from water_targets.data import get_dataset, get_geo  # noqa: E402
from water_targets.imports.parse import Vocabulary  # noqa: E402
from water_targets.imports.pipeline import commit_file, preview_file  # noqa: E402
from water_targets.store.users import Actor  # noqa: E402

ROWS = 10_000
BENCH_INDICATORS = ("total_water_use", "new_agri_saving_capacity", "nonconventional_water_use", "groundwater_use_cap")


def workbook(rows: int) -> bytes:
    geo = get_geo()
    wb = Workbook()
    ws = wb.active
    ws.title = "values"
    ws.append(["region", "indicator", "year", "kind", "value", "comparator", "baseline_year", "qualifier", "doc",
               "section", "note"])
    n = 0
    for region in sorted(geo.regions):
        # Targets only: an actual row would need a statistics document (and no comparator).
        for indicator in BENCH_INDICATORS:
            for year in range(2000, 2051):
                for kind in ("target",):
                    ws.append([region, indicator, year, kind, f"{(n % 997) / 10:.1f}", "<=", "", "", "chifeng-2025",
                               "bench", "bench row"])
                    n += 1
                    if n == rows:
                        out = io.BytesIO()
                        wb.save(out)
                        return out.getvalue()
    raise SystemExit(f"only {n} distinct keys available")


def measure(url: str, data: bytes, label: str) -> None:
    engine = ready_store(url)
    dataset, geo = get_dataset(1), get_geo()
    admin = Actor("bench", "admin")
    t0 = time.perf_counter()
    vocab = Vocabulary.from_dataset(dataset, geo)  # a fresh vocabulary: the preview parses the file from scratch
    preview = preview_file(engine, "bench.xlsx", data, admin, geo, vocab)
    t1 = time.perf_counter()
    assert preview.ok, preview.problems[:3]
    revision, _ = commit_file(engine, "bench.xlsx", data, admin, geo, vocab)  # checks again under the write lock
    t2 = time.perf_counter()
    print(f"{label:<11} preview {t1 - t0:5.2f} s (budget 3)   commit {t2 - t1:5.2f} s (budget 2)   "
          f"revision {revision.id}: {revision.added} added")
    engine.dispose()


def report() -> None:
    ready_store(os.environ["DATABASE_URL"])  # get_dataset (the vocabulary) reads the bundled revision from here
    data = workbook(ROWS)
    print(f"{ROWS} rows, {len(data) / 1e6:.2f} MB xlsx")
    measure(f"sqlite:///{SCRATCH}/bench.db", data, "SQLite")
    if find_pg_bin():
        with PostgresServer() as pg:
            measure(pg.create_database("bench"), data, "PostgreSQL")
    else:
        print("PostgreSQL: no server binaries (install Debian postgresql)")


if __name__ == "__main__":
    report()
