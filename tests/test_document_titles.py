"""Documents carry an English title (issue 12): citations in English name the document in English and keep the
printed number and section; files and databases from before the column still load, and a release that adds the
English titles is recorded as a revision of its own."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import inspect

from water_targets.data import get_geo
from water_targets.indicators import bundled_directory, read_frames
from water_targets.model import citation, citations, document_name, source_label
from water_targets.schemas import load_dataset
from water_targets.store import bundled, migrate
from water_targets.store.db import engine_for
from water_targets.store.models import DOCUMENTS
from water_targets.store.revisions import rows_at

FULL_WIDTH = set("，。：；（）【】、“”‘’！？\u3000")


def _without_title_en(directory: Path) -> None:
    """Rewrite documents.csv as it was before the English title existed."""
    path = directory / "documents.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[0].index("title_en")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([r[:at] + r[at + 1 :] for r in rows])

SHIPPED = 15  # the five plans and the ten public publications of data/sources/documents.csv


def test_every_shipped_document_has_an_english_title_in_plain_ascii() -> None:
    docs = read_frames(bundled_directory()).documents
    assert len(docs) == SHIPPED
    for title_en in docs["title_en"]:
        assert title_en and title_en.isascii()


def test_chinese_citations_are_unchanged_and_english_ones_lead_with_the_english_name() -> None:
    assert citation("赤政发〔2025〕11号", "赤峰市节水行动实施方案", "附件") == "赤政发〔2025〕11号 附件"
    assert citation("", "钦州市节水行动实施方案", "二、（一）") == "《钦州市节水行动实施方案》 二、（一）"
    en = citation("赤政发〔2025〕11号", "赤峰市节水行动实施方案", "附件", "en", "Chifeng plan")
    assert en == "Chifeng plan (赤政发〔2025〕11号), Annex"
    # Without an English title the printed reference stands alone; nothing Chinese is added around it.
    bare = citation("", "钦州市节水行动实施方案", "三", "en")
    assert bare == "《钦州市节水行动实施方案》, 三"
    assert citations("", "标题", "一；二", "en", "Plan") == ["Plan (《标题》), 一", "Plan (《标题》), 二"]


def test_english_source_labels_add_no_full_width_punctuation_of_their_own() -> None:
    dataset = load_dataset(bundled_directory(), get_geo())
    for _, row in dataset.values.iterrows():
        doc = dataset.documents.loc[row["doc"]]
        label = source_label(dataset, row, "en")
        assert label.startswith(doc["title_en"] + " (")
        sections = "; ".join(row["section"].split("；"))
        extra = label.replace(doc["number"] or f"《{doc['title']}》", "", 1).replace(sections, "", 1)
        assert not (set(extra) & FULL_WIDTH), label


def test_document_names_in_both_languages() -> None:
    doc = {"title": "赤峰市节水行动实施方案", "number": "赤政发〔2025〕11号", "title_en": "Chifeng plan"}
    assert document_name(doc) == "《赤峰市节水行动实施方案》 赤政发〔2025〕11号"
    assert document_name(doc, "en") == "Chifeng plan (《赤峰市节水行动实施方案》, 赤政发〔2025〕11号)"
    assert document_name({**doc, "number": ""}, "en") == "Chifeng plan (《赤峰市节水行动实施方案》)"


def test_a_documents_file_written_before_the_english_title_still_loads(tmp_path) -> None:
    old = tmp_path / "old"
    shutil.copytree(bundled_directory(), old)
    _without_title_en(old)
    docs = read_frames(old).documents
    assert list(docs["title_en"]) == [""] * SHIPPED
    assert list(docs["title"]) == list(read_frames(bundled_directory()).documents["title"])


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/store.db"
    return request.getfixturevalue("pg_url")


def test_a_release_adding_english_titles_is_one_revision_changing_only_the_documents(url, tmp_path) -> None:
    engine = engine_for(url)
    try:
        old = tmp_path / "old"
        shutil.copytree(bundled_directory(), old)
        _without_title_en(old)
        with tempfile.TemporaryDirectory() as scratch:
            migrate.upgrade(engine)
            bundled.sync_bundled(engine, old, get_geo(), Path(scratch))
            revision = bundled.sync_bundled(engine, bundled_directory(), get_geo(), Path(scratch) / "2")
        assert revision is not None and revision.action == "bundled"
        assert (revision.added, revision.changed, revision.removed) == (0, SHIPPED, 0)
        with engine.connect() as conn:
            stored = {d["id"]: d["title_en"] for d in rows_at(conn, DOCUMENTS, None)}
            before = {d["id"]: d["title_en"] for d in rows_at(conn, DOCUMENTS, revision.id - 1)}
        assert all(stored.values()) and set(before.values()) == {""}
    finally:
        engine.dispose()


def test_a_database_migrated_before_the_english_title_gains_the_column(tmp_path) -> None:
    from alembic import command

    engine = engine_for(f"sqlite:///{tmp_path}/old.db")
    try:
        with engine.begin() as conn:
            command.upgrade(migrate.alembic_config(conn), "0003")
        assert "title_en" not in {c["name"] for c in inspect(engine).get_columns("document_versions")}
        migrate.upgrade(engine)
        assert "title_en" in {c["name"] for c in inspect(engine).get_columns("document_versions")}
    finally:
        engine.dispose()
