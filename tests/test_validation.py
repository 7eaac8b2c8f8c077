"""Validation of data/indicators/: broken copies of the files are refused with file, row and column."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from water_targets.indicators import DataValidationError
from water_targets.schemas import load_dataset

DATA = Path(__file__).resolve().parents[1] / "data" / "indicators"
ROOT = DATA.parents[1]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "indicators")
    return tmp_path / "indicators"


def edit_line(path: Path, line_no: int, old: str, new: str) -> None:
    """Replace `old` by `new` in one line (1-based, header = 1) of a CSV file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line_no - 1], (old, lines[line_no - 1])
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def find_line(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if fragment in line)


def problems(directory: Path, geo) -> list[str]:
    with pytest.raises(DataValidationError) as exc:
        load_dataset(directory, geo)
    return exc.value.problems


def test_shipped_files_are_valid(geo) -> None:
    dataset = load_dataset(DATA, geo)
    assert len(dataset.values) > 150


@pytest.mark.parametrize(
    ("fragment", "old", "new", "expected"),
    [
        ("150426,total_water_use", "3.0047", "3,0047", "12 fields, expected 11"),  # a comma would shift the columns
        ("150426,total_water_use", "3.0047", "three", "column value"),
        ("150426,total_water_use", ",<=,", ",<,", "column comparator"),
        ("150426,total_water_use", ",2025,", ",1925,", "column year"),
        ("150426,total_water_use", "150426,", "159999,", "unknown region '159999'"),
        ("150426,total_water_use", ",chifeng-2025,", ",nowhere-1,", "unknown doc 'nowhere-1'"),
        ("150426,total_water_use", "附件 赤峰市2025年节水行动目标分解表", "", "column section"),
        ("150404,gdp_water_intensity_reduction", ",2020,", ",,", "must keep its baseline year"),
        ("150421,industrial_water_intensity_reduction", "maintain_baseline", "keep_level", "column qualifier"),
        ("150400,irrigation_efficiency", ",0.66,", ",1.66,", "not in (0, 1]"),
        ("150400,reclaimed_water_utilization_rate", ",43,", ",143,", "not a percentage"),
    ],
)
def test_broken_values_file_is_refused_with_row_and_column(data_copy, geo, fragment, old, new, expected) -> None:
    path = data_copy / "values.csv"
    line = find_line(path, fragment)
    edit_line(path, line, old, new)
    found = problems(data_copy, geo)
    assert any(expected in p for p in found), found
    assert all(p.startswith("values.csv") for p in found)
    assert any(f"row {line}" in p for p in found), (line, found)


def test_duplicate_key_names_both_rows(data_copy, geo) -> None:
    path = data_copy / "values.csv"
    text = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    line = find_line(path, "150426,total_water_use")
    text.append(text[line - 1])
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    found = problems(data_copy, geo)
    assert any("duplicate" in p and f"rows {line}, {len(text)}" in p for p in found), found


def test_unknown_indicator_and_bad_header(data_copy, geo) -> None:
    path = data_copy / "values.csv"
    line = find_line(path, "150426,total_water_use")
    edit_line(path, line, "total_water_use", "total_water_used")
    expected = f"row {line}, column indicator: unknown indicator 'total_water_used'"
    assert any(expected in p for p in problems(data_copy, geo))
    edit_line(data_copy / "indicators.csv", 1, "unit_zh", "unit")
    found = problems(data_copy, geo)
    assert found[0].startswith("indicators.csv, row 1 (header)")


def test_indicator_vocabulary(data_copy, geo) -> None:
    path = data_copy / "indicators.csv"
    line = find_line(path, "pipe_leakage_rate,")
    edit_line(path, line, "lower_is_better", "smaller")
    assert any(f"indicators.csv, row {line}, column direction" in p for p in problems(data_copy, geo))


def test_missing_file(data_copy, geo) -> None:
    (data_copy / "documents.csv").unlink()
    assert "documents.csv: file not found" in problems(data_copy, geo)[0]


def validate(directory: Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "water_targets.validate", str(directory)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


def test_validate_command_reports_and_exits_non_zero(data_copy) -> None:
    ok = validate(DATA)
    assert ok.returncode == 0 and "OK" in ok.stdout
    path = data_copy / "values.csv"
    line = find_line(path, "150426,total_water_use")
    edit_line(path, line, "3.0047", "abc")
    bad = validate(data_copy)
    assert bad.returncode == 1
    assert f"values.csv, row {line}, column value" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr


def test_app_refuses_to_start_on_a_broken_file(data_copy, tmp_path) -> None:
    shutil.copytree(DATA.parent / "geo", tmp_path / "geo")
    path = data_copy / "values.csv"
    line = find_line(path, "150426,total_water_use")
    edit_line(path, line, "3.0047", "abc")
    env = {"DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/store.db"}
    run = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 2
    assert f"values.csv, row {line}, column value" in run.stderr
    assert "Traceback" not in run.stderr
