"""Every third-party module the app imports at run time is pinned in requirements.txt itself (not only reached
through another package's dependencies), so a production install from that file alone runs every path."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ("app.py", "water_targets", "web", "callbacks", "layouts")
OWN = {"water_targets", "web", "callbacks", "layouts", "app"}


def imported_modules() -> dict[str, str]:
    """Top-level modules imported anywhere in the app's code (functions included), with one place each."""
    found: dict[str, str] = {}
    files = [ROOT / "app.py", *(p for d in APP[1:] for p in (ROOT / d).rglob("*.py"))]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return {m: where for m, where in found.items() if m not in sys.stdlib_module_names and m not in OWN}


def pinned() -> set[str]:
    names = set()
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?==", line.strip())
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return names


def test_every_imported_module_is_pinned_in_requirements() -> None:
    dists = packages_distributions()
    listed = pinned()
    missing = {}
    for module, where in imported_modules().items():
        owners = {re.sub(r"[-_.]+", "-", d).lower() for d in dists.get(module, [])}
        if not owners & listed:
            missing[module] = (where, sorted(owners) or ["not installed"])
    assert not missing, f"imported but not pinned in requirements.txt: {missing}"
