"""scripts/ holds only scripts, and each says what it does and how it is run in --help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
FILES = sorted(p for p in SCRIPTS.iterdir() if p.is_file())


def test_only_scripts() -> None:
    assert FILES, "scripts/ is empty"
    others = [p.name for p in FILES if p.suffix not in (".py", ".sh")]
    assert not others, f"not scripts, belong elsewhere: {others}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_help_says_purpose_and_usage(path: Path) -> None:
    cmd = [sys.executable, str(path), "--help"] if path.suffix == ".py" else ["bash", str(path), "--help"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    text = done.stdout.lower()
    assert "usage:" in text or "run:" in text, text[:300]
    assert len(text.split()) >= 12, f"{path.name} --help says too little: {text!r}"
