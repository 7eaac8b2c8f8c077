"""Check data/indicators/ and print every problem (file, row, column); exit 1 when there is any.

Run: python -m water_targets.validate [DIRECTORY]
"""

from __future__ import annotations

import sys
from pathlib import Path

from .data import get_geo
from .indicators import DataValidationError
from .schemas import load_dataset
from .settings import SETTINGS


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else SETTINGS.data_dir / "indicators"
    try:
        dataset = load_dataset(directory, get_geo())
    except DataValidationError as exc:
        print(f"{directory}: {len(exc.problems)} problem(s)")
        for problem in exc.problems:
            print("  " + problem)
        return 1
    print(
        f"{directory}: OK — {len(dataset.documents)} documents, {len(dataset.indicators)} indicators, "
        f"{len(dataset.values)} values"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
