"""Fourth held-out evaluation of the rule-based extractor, on bench/heldout4/ (see bench/heldout4/README.md).

Reuses bench/heldout_eval.py unchanged: its functions read the module constant ``HELDOUT``, so this script points
that constant at bench/heldout4 for the duration of one run and restores it afterwards. Scoring, matching key and
output are exactly those of heldout_eval (see its docstring and bench/heldout/README.md).

Run: ``.venv/bin/python bench/heldout4_eval.py`` (add ``--all`` to print every miss and false proposal, or
``--summary`` to print only the per-file and overall table, without any miss or false proposal).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_eval

HELDOUT4 = heldout_eval.ROOT / "bench" / "heldout4"


@contextmanager
def pointed_at(directory: Path = HELDOUT4):
    """Point heldout_eval at `directory` (files.csv, expected.csv and the texts) inside the block."""
    saved = heldout_eval.HELDOUT
    heldout_eval.HELDOUT = directory
    try:
        yield heldout_eval
    finally:
        heldout_eval.HELDOUT = saved


def evaluate(propose, read_text, show=heldout_eval.SHOW, quiet=False) -> dict:
    """heldout_eval.evaluate on bench/heldout4."""
    with pointed_at():
        return heldout_eval.evaluate(propose, read_text, show=show, quiet=quiet)


def _summary() -> dict:
    """Score bench/heldout4 and print only the table (per-file and overall), not the misses or false proposals."""
    sys.path.insert(0, str(heldout_eval.ROOT))
    from water_targets.extract.rules import propose
    from water_targets.extract.text import read_text

    res = evaluate(propose, read_text, quiet=True)
    blank = {"misses": [], "false": [], "actuals_as_targets_list": []}
    table = {"files": {name: {**r, **blank} for name, r in res["files"].items()}, "overall": res["overall"]}
    heldout_eval._print(table, 0)
    return res


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--summary" in argv:
        return _summary()
    with pointed_at():
        return heldout_eval.main(argv)


if __name__ == "__main__":
    main()
