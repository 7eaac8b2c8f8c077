"""Running `python -m water_targets` in a subprocess on a SQLite store of its own (the CLI tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cli_runner(db: Path, timeout: int = 180):
    """A function running the command line with DATABASE_URL pointing at `db`; `.db` is that path."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "water_targets", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    run.db = db
    return run
