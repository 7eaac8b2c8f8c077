"""Run every benchmark against one gunicorn instance and print the figures (make bench)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import exports
import frontend
import load
from server import running_app


def main() -> None:
    with running_app(workers=2) as base:
        print("== front end (headless Chromium, 1366x768)")
        frontend.report(base, runs=10)
        print("== server callbacks under load")
        load.report(base, users=20, per_user=15)
    with running_app(workers=1) as base:
        print("== exports (one worker)")
        exports.report(base)


if __name__ == "__main__":
    main()
