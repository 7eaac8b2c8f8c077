"""The store on SQLite and on a real PostgreSQL server: revisions, asof, revert, bundled releases, concurrency,
a writer killed mid-commit, and several workers starting on an empty database."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_helpers import run_python
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from store_helpers import current_value, head_of, ready_store, set_values, state

from water_targets.data import get_geo
from water_targets.indicators import bundled_directory, read_frames
from water_targets.store import bundled
from water_targets.store.db import engine_for
from water_targets.store.models import VALUES
from water_targets.store.revisions import StaleRevision, frames_at, get_revision, revert_changes, revision_changes

ROOT = Path(__file__).resolve().parents[1]
KEY = ("150402", "total_water_use", "2025")  # 红山区's 2025 cap in Chifeng's annex


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/store.db"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine(url):
    engine = ready_store(url)
    yield engine
    engine.dispose()


def edited(engine, value: str) -> dict:
    row = current_value(engine, *KEY)
    assert row is not None
    return {**row, "value": value}


def test_bundled_dataset_is_revision_one_and_reads_back_as_the_files(engine) -> None:
    assert head_of(engine) == 1
    files = read_frames(bundled_directory())
    with engine.connect() as conn:
        info = get_revision(conn, 1)
        frames = frames_at(conn, 1)
    assert info.action == "bundled" and info.added == len(files.values) + len(files.indicators) + len(files.documents)
    assert frames.values.values.tolist() == files.values.values.tolist()  # same rows, same order, same digits
    assert frames.documents.values.tolist() == files.documents.values.tolist()


def test_a_change_is_one_revision_and_asof_keeps_the_old_figures(engine) -> None:
    before = current_value(engine, *KEY)
    revision, _ = set_values(engine, [edited(engine, "3.1000")])
    assert revision.id == 2 and (revision.added, revision.changed, revision.removed) == (0, 1, 0)
    assert current_value(engine, *KEY)["value"] == "3.1000"
    with engine.connect() as conn:
        old = frames_at(conn, 1).values
        diff = revision_changes(conn, 2)
    row = old[(old.region == KEY[0]) & (old.indicator == KEY[1]) & (old.year == KEY[2])].iloc[0]
    assert row["value"] == before["value"]
    assert [(c.status, c.old["value"], c.new["value"]) for c in diff] == [("changed", before["value"], "3.1000")]


def test_the_same_rows_twice_make_no_second_revision(engine) -> None:
    set_values(engine, [edited(engine, "3.1000")])
    revision, changes = set_values(engine, [edited(engine, "3.1000")])
    assert revision is None and changes == [] and head_of(engine) == 2


def test_revert_restores_exactly(engine) -> None:
    original = state(engine)
    new_row = {**edited(engine, "1.0"), "year": "2024", "note": "test row"}
    set_values(engine, [edited(engine, "3.1000"), new_row])
    assert state(engine) != original
    with engine.connect() as conn:
        undo = revert_changes(conn, 2)
    from water_targets.store.revisions import WriteMeta, write

    revision, _ = write(engine, lambda conn: revert_changes(conn, 2), WriteMeta("admin", "revert", reverts=2))
    assert revision.id == 3 and (revision.changed, revision.removed) == (1, 1) and len(undo) == 2
    assert state(engine) == original
    assert state(engine, 2) != original  # the reverted figures are still there to be read


def test_one_current_version_per_key_is_enforced_by_the_database(engine) -> None:
    row = {**current_value(engine, *KEY), "rev_from": 1}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(VALUES.table), [row])


def test_a_release_that_edits_the_bundled_files_becomes_its_own_revision(engine, tmp_path) -> None:
    set_values(engine, [{**current_value(engine, "150404", "total_water_use", "2025"), "value": "9.9"}])  # staff edit
    release = tmp_path / "release"
    shutil.copytree(bundled_directory(), release)
    values = release / "values.csv"
    lines = values.read_text(encoding="utf-8").splitlines(keepends=True)
    hongshan = next(i for i, line in enumerate(lines) if line.startswith("150402,total_water_use,2025,"))
    printed = current_value(engine, *KEY)["value"]
    lines[hongshan] = lines[hongshan].replace(f",{printed},", ",0.9100,", 1)
    values.write_text("".join(lines), encoding="utf-8")
    revision = bundled.sync_bundled(engine, release, get_geo(), tmp_path / "scratch")
    assert revision.action == "bundled" and revision.changed == 1 and revision.id == 3
    assert current_value(engine, *KEY)["value"] == "0.9100"
    assert current_value(engine, "150404", "total_water_use", "2025")["value"] == "9.9"  # staff's edit stays
    assert bundled.sync_bundled(engine, release, get_geo(), tmp_path / "scratch2") is None  # nothing new


def test_two_writers_at_the_same_moment_land_as_two_revisions(engine) -> None:
    other = ("150404", "total_water_use", "2025")
    rows = [edited(engine, "3.2"), {**current_value(engine, *other), "value": "8.8"}]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(row: dict) -> None:
        barrier.wait()
        try:
            results.append(set_values(engine, [row])[0].id)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in rows]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and sorted(results) == [2, 3]
    assert current_value(engine, *KEY)["value"] == "3.2"
    assert current_value(engine, *other)["value"] == "8.8"


def test_a_preview_made_before_another_import_is_refused_not_mixed(engine) -> None:
    base = head_of(engine)
    set_values(engine, [edited(engine, "3.2")], expected_head=base)
    with pytest.raises(StaleRevision) as exc:
        set_values(engine, [edited(engine, "3.3")], expected_head=base)
    assert exc.value.message_zh == "数据已更新，请重新预览"
    assert current_value(engine, *KEY)["value"] == "3.2" and head_of(engine) == 2


WRITER = """
import sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from store_helpers import current_value, set_values
from water_targets.store import revisions
from water_targets.store.db import engine_for
engine = engine_for({url!r})
value = sys.argv[1]
if value == "hang":
    real = revisions._apply
    def slow(conn, rev, changes):
        real(conn, rev, changes)
        open({flag!r}, "w").close()
        time.sleep(60)  # killed here: rows written, transaction not committed
    revisions._apply = slow
row = current_value(engine, "150402", "total_water_use", "2025")
revision, _ = set_values(engine, [dict(row, value=value if value != "hang" else "7.7")])
print(revision.id)
"""


def _writer(url: str, value: str, flag: Path) -> subprocess.Popen:
    code = WRITER.format(root=str(ROOT), tests=str(ROOT / "tests"), url=url, flag=str(flag))
    return subprocess.Popen(
        [sys.executable, "-c", code, value], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_processes_writing_at_once_both_land(engine, url, tmp_path) -> None:
    procs = [_writer(url, v, tmp_path / "unused") for v in ("4.1", "4.2")]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert sorted(int(o[0]) for o in outs) == [2, 3]
    with engine.connect() as conn:
        assert [len(revision_changes(conn, r)) for r in (2, 3)] == [1, 1]
    last = current_value(engine, *KEY)["value"]
    assert last in ("4.1", "4.2")


def test_a_writer_killed_in_the_middle_of_a_commit_leaves_the_previous_revision_intact(engine, url, tmp_path) -> None:
    before = state(engine)
    flag = tmp_path / "written"
    proc = _writer(url, "hang", flag)
    deadline = time.monotonic() + 60
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert head_of(engine) == 1 and state(engine) == before
    revision, _ = set_values(engine, [edited(engine, "5.5")])  # the lock is gone: the next write works
    assert revision.id == 2


STARTER = """
import sys
sys.path[:0] = [{root!r}]
from water_targets.data import prepare_store, store_engine
from water_targets.store.revisions import head
prepare_store()
with store_engine().connect() as conn:
    print(head(conn))
"""


def test_several_workers_starting_on_an_empty_database_load_the_bundled_dataset_once(url) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    code = STARTER.format(root=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert [o[0].strip() for o in outs] == ["1"] * 4
    engine = engine_for(url)
    assert head_of(engine) == 1
    engine.dispose()


CSV_HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"


def _import(engine, body: str, actor, name: str = "upload.csv"):
    from water_targets.imports.parse import Vocabulary
    from water_targets.imports.pipeline import commit_file
    from water_targets.schemas import load_dataset

    vocab = Vocabulary.from_dataset(load_dataset(bundled_directory(), get_geo()), get_geo())
    return commit_file(engine, name, (CSV_HEADER + body).encode("gb18030"), actor, get_geo(), vocab)


def test_imports_on_both_backends_write_one_revision_or_nothing(engine) -> None:
    from water_targets.imports.pipeline import ImportRefused
    from water_targets.store.users import Actor

    editor = Actor("wang", "editor", ("150400",))
    good = "150402,total_water_use,2025,target,0.9500,≤,,,chifeng-2025,附件,test fixture\n"
    bad = good + "140602,total_water_use,2025,target,1,<=,,,chifeng-2025,附件,outside scope\n"
    before = state(engine)
    with pytest.raises(ImportRefused) as refused:
        _import(engine, bad, editor)
    assert refused.value.preview.outside_scope == ["140602"] and state(engine) == before and head_of(engine) == 1
    revision, preview = _import(engine, good, editor)
    assert revision.id == 2 and preview.count("changed") == 1 and current_value(engine, *KEY)["value"] == "0.9500"
    assert _import(engine, good, editor)[0] is None  # the same file again: 无变化, no revision
    assert head_of(engine) == 2


def test_a_dump_loads_back_identically(engine, url, tmp_path) -> None:
    set_values(engine, [edited(engine, "0.9600")])
    for rev, out in ((1, tmp_path / "r1"), (2, tmp_path / "r2")):
        run = run_python(
            "-m", "water_targets", "dump", str(out), "--asof", str(rev), env={"DATABASE_URL": url}, timeout=120
        )
        assert run.returncode == 0, run.stderr
    for name in ("documents.csv", "indicators.csv", "values.csv"):
        assert (tmp_path / "r1" / name).read_bytes() == (bundled_directory() / name).read_bytes()
    fresh = ready_store(f"sqlite:///{tmp_path}/fresh.db")
    assert bundled.sync_bundled(fresh, tmp_path / "r2", get_geo(), tmp_path / "scratch") is not None
    assert state(fresh) == state(engine)  # revision 2's dump, loaded elsewhere, is the same data
    fresh.dispose()


def test_the_migrations_build_exactly_the_tables_of_the_models(engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from water_targets.store.models import metadata

    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert differences == []
