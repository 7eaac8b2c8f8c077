"""Run every benchmark against one gunicorn instance and print the figures (make bench).

Run: python bench/run_all.py   (about 10 minutes; each bench file also runs on its own, see its --help)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import api
import exports
import first_visit
import frontend
import imports
import load
import progress_map
import scale
import trust
from server import running_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pgserver import PostgresServer, find_pg_bin


def front_end_and_api(base: str, database: str, runs: int) -> None:
    """The browser, callback-load and API benches against one running app on `database` (its name, for the headings)."""
    print(f"== front end on {database} (headless Chromium, 1366x768)")
    frontend.report(base, runs=runs)
    progress_map.report(base, runs=runs)
    print(f"== server callbacks under load ({database})")
    load.report(base, users=20, per_user=15)
    print(f"== API throughput ({database})")
    api.report(base)


def main() -> None:
    with running_app(workers=2) as base:
        front_end_and_api(base, "SQLite", runs=10)
    print("== first visit (issue 18 budgets): fresh gunicorn, empty cache, desktop on loopback and phone on slow 4G")
    first_visit.report(runs=5)  # starts its own servers on SQLite
    with running_app(workers=1) as base:
        print("== exports (one worker)")
        exports.report(base)
    if find_pg_bin():
        before = os.environ.get("DATABASE_URL")
        with PostgresServer() as pg:
            os.environ["DATABASE_URL"] = pg.create_database("bench_app")
            with running_app(workers=2) as base:
                front_end_and_api(base, "PostgreSQL", runs=5)
            print("== first visit on PostgreSQL")
            first_visit.report(runs=3, database="PostgreSQL")
        # The server is gone: later sections use the database they had before.
        if before is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = before
    print("== trust: sign-in, a one-row import, a read and the per-request head lookup (issue 16)")
    trust.report()
    print("== imports (10,000-row XLSX)")
    imports.report()
    scale.report(runs=10)  # its own temporary stores and servers (generated plans of 内蒙古 and of every county)


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()  # --help, and no stray arguments
    main()
