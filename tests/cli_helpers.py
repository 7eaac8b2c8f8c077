"""Running Python in a subprocess: `python -m water_targets` on a SQLite store of its own (the CLI tests), or any
script with settings of its own in the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: int = 180
) -> subprocess.CompletedProcess:
    """`python *args` in the project's folder, `env` added to this environment; its output captured as text."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def cli_runner(db: Path, timeout: int = 180):
    """A function running the command line with DATABASE_URL pointing at `db`; `.db` is that path."""
    env = {"DATABASE_URL": f"sqlite:///{db}"}

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return run_python("-m", "water_targets", *args, env=env, stdin=stdin, timeout=timeout)

    run.db = db
    return run
