"""Second held-out evaluation of the rule-based extractor, on bench/heldout2/ (see bench/heldout2/README.md).

Reuses bench/heldout_eval.py unchanged: its functions read the module constant ``HELDOUT``, so this script points
that constant at bench/heldout2 for the duration of one run and restores it afterwards. Scoring, matching key and
output are exactly those of heldout_eval (see its docstring and bench/heldout/README.md).

Run: ``.venv/bin/python bench/heldout2_eval.py`` (add ``--all`` to print every miss and false proposal).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_eval

HELDOUT2 = heldout_eval.ROOT / "bench" / "heldout2"


@contextmanager
def pointed_at(directory: Path = HELDOUT2):
    """Point heldout_eval at `directory` (files.csv, expected.csv and the texts) inside the block."""
    saved = heldout_eval.HELDOUT
    heldout_eval.HELDOUT = directory
    try:
        yield heldout_eval
    finally:
        heldout_eval.HELDOUT = saved


def evaluate(propose, read_text, show=heldout_eval.SHOW, quiet=False) -> dict:
    """heldout_eval.evaluate on bench/heldout2."""
    with pointed_at():
        return heldout_eval.evaluate(propose, read_text, show=show, quiet=quiet)


def main(argv=None):
    with pointed_at():
        return heldout_eval.main(argv)


if __name__ == "__main__":
    main()
