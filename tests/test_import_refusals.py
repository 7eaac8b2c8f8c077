"""Every bad input of issue 9, through the import pipeline on SQLite AND PostgreSQL: a clear message naming the
row and column (or the file), and nothing written. And a revert whose result would leave values citing a document
it removes is refused the same way."""

from __future__ import annotations

import io
import threading
import zipfile

import pytest
from openpyxl import Workbook
from store_helpers import head_of, ready_store, state

from water_targets.data import get_geo
from water_targets.imports.parse import MAX_BYTES, MAX_ROWS, Vocabulary
from water_targets.imports.pipeline import ImportRefused, RevertRefused, commit_file, revert
from water_targets.indicators import bundled_directory
from water_targets.schemas import load_dataset
from water_targets.store.revisions import StaleRevision
from water_targets.store.users import Actor

HEADER = "region,indicator,year,kind,value,comparator,baseline_year,qualifier,doc,section,note\n"
GOOD = "150402,total_water_use,2025,target,0.9500,≤,,,chifeng-2025,附件,test fixture\n"
EDITOR = Actor("wang", "editor", ("150400",))
ADMIN = Actor("root", "admin")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('refusals')}/store.db"
    else:
        url = request.getfixturevalue("pg_server").create_database("test_refusals")
    engine = ready_store(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.from_dataset(load_dataset(bundled_directory(), get_geo()), get_geo())


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode("gb18030")


def xlsx(formula: bool) -> bytes:
    wb = Workbook()
    ws = wb.active
    for line in (HEADER, GOOD, GOOD.replace("2025", "2024", 1)):
        ws.append(line.strip().split(","))
    if formula:
        ws["E3"] = "=E2*2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/worksheets/sheet1.xml", "w") as f:
        for _ in range(200):
            f.write(b"\0" * (1 << 20))
    return out.getvalue()


BAD_ROWS = {  # name: (the file's one data row, the column its problem names)
    "year before 2000": (GOOD.replace(",2025,", ",1999,", 1), "year"),
    "year after 2050": (GOOD.replace(",2025,", ",2051,", 1), "year"),
    "unknown document": (GOOD.replace("chifeng-2025", "no-such-doc"), "doc"),
    "no document": (GOOD.replace("chifeng-2025", ""), "doc"),
    "no section": (GOOD.replace("附件", ""), "section"),
    "unknown region": (GOOD.replace("150402", "火星市"), "region"),
    "unknown indicator": (GOOD.replace("total_water_use", "no_such_indicator"), "indicator"),
    "another unit": (GOOD.replace("0.9500", "3.1万立方米"), "value"),
    "outside the editor's regions": (GOOD.replace("150402", "140602"), "region"),
}


def refused(engine, vocab, name: str, data: bytes) -> list:
    before, rev = state(engine), head_of(engine)
    with pytest.raises(ImportRefused) as exc:
        commit_file(engine, name, data, EDITOR, get_geo(), vocab)
    assert state(engine) == before and head_of(engine) == rev  # nothing written
    problems = exc.value.preview.problems
    assert problems and all(p.message_zh and p.message_en for p in problems)
    return problems


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_bad_row_is_named_with_its_column_and_nothing_is_written(engine, vocab, case: str) -> None:
    row, column = BAD_ROWS[case]
    problems = refused(engine, vocab, "upload.csv", csv(GOOD.replace(",2025,", ",2024,", 1), row))
    assert (3, column) in {(p.row, p.column) for p in problems}, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("zip bomb", "expands suspiciously"),
        ("formula", "formula cells are not imported"),
        ("too many rows", f"more than the limit of {MAX_ROWS:,}"),
        ("too large", "more than the limit of 10 MB"),
    ],
)
def test_a_bad_file_is_refused_whole_and_nothing_is_written(engine, vocab, case: str, words: str) -> None:
    data, name = {
        "zip bomb": lambda: (zip_bomb(), "bomb.xlsx"),
        "formula": lambda: (xlsx(formula=True), "formula.xlsx"),
        "too many rows": lambda: (csv(*[GOOD] * (MAX_ROWS + 1)), "rows.csv"),
        "too large": lambda: (csv(GOOD.replace("test fixture", "x" * (MAX_BYTES + 1))), "large.csv"),
    }[case]()
    problems = refused(engine, vocab, name, data)
    assert any(words in p.message_en for p in problems), [str(p) for p in problems]


def test_the_same_rows_without_the_mistakes_are_accepted(engine, vocab) -> None:
    rev = head_of(engine)
    made, _ = commit_file(engine, "clean.xlsx", xlsx(formula=False), EDITOR, get_geo(), vocab)
    assert made is not None and made.id == rev + 1
    revert(engine, made.id, ADMIN)


def test_a_revert_that_would_orphan_later_citations_is_refused(engine, vocab) -> None:
    doc_header = "id,region,title,title_en,number,issued,url,kind\n"
    bulletin = doc_header + "test-orphan-bulletin,150400,测试公报（虚构）,Test bulletin,,2026-05-01,,statistics\n"
    added, _ = commit_file(engine, "docs.csv", bulletin.encode(), EDITOR, get_geo(), vocab)
    actual = "150402,total_water_use,2024,actual,0.9000,,,,test-orphan-bulletin,表1,fictitious\n"
    citing, _ = commit_file(engine, "actuals.csv", csv(actual), EDITOR, get_geo(), vocab)
    before, rev = state(engine), head_of(engine)
    with pytest.raises(RevertRefused) as exc:
        revert(engine, added.id, ADMIN)
    assert state(engine) == before and head_of(engine) == rev
    assert "test-orphan-bulletin" in str(exc.value) and "150402" in str(exc.value)
    assert f"无法撤销版本 {added.id}" in exc.value.message_zh
    # In the right order both reverts go through and the document is gone.
    assert revert(engine, citing.id, ADMIN) is not None and revert(engine, added.id, ADMIN) is not None
    assert "test-orphan-bulletin" not in {d[0] for d in state(engine)["documents"]}


def test_two_imports_at_the_same_moment_both_land_or_the_stale_one_is_refused(engine, vocab) -> None:
    hongshan, songshan = GOOD.replace("0.9500", "0.9100"), GOOD.replace("150402", "150404").replace("0.9500", "4.1")
    files = [("a.csv", csv(hongshan)), ("b.csv", csv(songshan))]

    def race(expected_head: int | None) -> tuple[list, list]:
        barrier, made, refused = threading.Barrier(2), [], []

        def run(name: str, data: bytes) -> None:
            barrier.wait()
            try:
                made.append(commit_file(engine, name, data, EDITOR, get_geo(), vocab, expected_head=expected_head)[0])
            except StaleRevision as exc:
                refused.append(exc)

        threads = [threading.Thread(target=run, args=f) for f in files]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return made, refused

    base = head_of(engine)
    made, refused = race(None)  # two imports, no preview to keep: two revisions
    assert sorted(r.id for r in made) == [base + 1, base + 2] and refused == []
    for r in sorted(made, key=lambda r: -r.id):
        revert(engine, r.id, ADMIN)
    # Both previewed at the same head: the first lands, the second must be previewed again, never mixed.
    base = head_of(engine)
    before = state(engine)
    made, refused = race(base)
    assert [r.id for r in made] == [base + 1] and len(refused) == 1
    assert refused[0].message_zh == "数据已更新，请重新预览"
    after = state(engine)["values"]
    changed = set(after) - set(before["values"])
    assert len(changed) == 1  # exactly one file's row, whole
