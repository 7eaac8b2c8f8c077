"""Authorization on the row as it is and as it will be (issue 16): an editor cannot take over, move or change
another region's document or values by any write path — JSON API, uploaded file, the store's write itself — on
SQLite and on PostgreSQL; nothing is written and the refusal names the region."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from store_helpers import head_of, ready_store, state

from water_targets.data import get_geo, store_engine
from water_targets.imports.parse import IMPORT_DOCUMENT_COLUMNS, ParsedFile, ParsedRow
from water_targets.imports.pipeline import ImportRefused, commit_file
from water_targets.store.models import DOCUMENTS, VALUES
from water_targets.store.revisions import Change, WriteMeta, rows_at, write
from water_targets.store.scope import OutOfScope
from water_targets.store.users import Actor, add_user, create_token

pytestmark = pytest.mark.usefixtures("pristine_store")

GUYANG = "guyang-2023"  # 固阳县 (150222, under 包头市) — not 赤峰市's
TAKEOVER = {"id": GUYANG, "region": "150400", "title": "赤峰市的文件", "url": "https://example.org/x"}
CHIFENG_EDITOR = Actor(name="chifeng-editor", role="editor", regions=("150400",))
DOC_HEADER = "文件ID,地区,标题,英文标题,文号,印发日期,链接,类型\n"


def guyang_document(engine) -> dict:
    with engine.connect() as conn:
        return next({k: v for k, v in r.items() if k != "_vid"} for r in rows_at(conn, DOCUMENTS, None)
                    if r["id"] == GUYANG)  # fmt: skip


@pytest.fixture(scope="module")
def chifeng_token(client) -> dict:
    name = f"chifeng-scope-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", "correct horse battery", ["150400"], get_geo())
    return {"Authorization": f"Bearer {create_token(store_engine(), name)}"}


def test_json_document_of_another_region_cannot_be_taken_over(client, chifeng_token) -> None:
    engine = store_engine()
    before, doc = head_of(engine), guyang_document(engine)
    resp = client.post("/api/v1/documents", json=TAKEOVER, headers=chifeng_token)
    assert resp.status_code == 403
    body = resp.get_json()
    messages = " ".join(e["message"] + e["message_zh"] for e in body["errors"])
    assert "固阳县" in messages and "150222" in messages
    assert head_of(engine) == before and guyang_document(engine) == doc
    # 固阳县 still has its plan on the map's region list
    regions = client.get("/api/v1/regions").get_json()
    assert any(r.get("adcode") == "150222" for r in (regions if isinstance(regions, list) else regions["regions"]))


def test_documents_file_of_another_region_cannot_be_taken_over(client, chifeng_token) -> None:
    engine = store_engine()
    before, doc = head_of(engine), guyang_document(engine)
    data = (DOC_HEADER + f"{GUYANG},赤峰市,改名的文件,,,,https://example.org/y,plan\n").encode("utf-8")
    resp = client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(data), "documents.csv")},
        headers=chifeng_token,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 403
    assert any(e["column"] == "id" and "固阳县" in e["message_zh"] for e in resp.get_json()["errors"])
    assert head_of(engine) == before and guyang_document(engine) == doc


def test_own_document_can_still_be_changed(client, chifeng_token) -> None:
    engine = store_engine()
    with engine.connect() as conn:
        chifeng = next(r for r in rows_at(conn, DOCUMENTS, None) if r["id"] == "chifeng-2025")
    payload = {c: chifeng.get(c, "") for c in IMPORT_DOCUMENT_COLUMNS} | {"url": "https://example.org/chifeng"}
    resp = client.post("/api/v1/documents", json=payload, headers=chifeng_token)
    assert resp.status_code == 201, resp.get_json()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        return ready_store(f"sqlite:///{tmp_path}/scope.db")
    return ready_store(request.getfixturevalue("pg_url"))


def test_commit_refuses_a_takeover_on_both_backends(engine, geo) -> None:
    before = state(engine)
    cells = {c: TAKEOVER.get(c, "") for c in IMPORT_DOCUMENT_COLUMNS} | {"kind": "plan"}
    parsed = ParsedFile(values=[], documents=[ParsedRow("documents", 2, cells)], problems=[])
    with pytest.raises(ImportRefused) as refused:
        commit_file(engine, "documents.json", json.dumps(cells).encode(), CHIFENG_EDITOR, geo, None, parsed=parsed)
    assert refused.value.preview.outside_scope == ["150222"]
    assert state(engine) == before


@pytest.mark.parametrize("side", ["old", "new"])
def test_the_store_write_checks_both_sides_on_both_backends(engine, geo, side: str) -> None:
    """Whatever path computed them, changes touching another region never reach the tables."""
    with engine.connect() as conn:
        guyang = next(r for r in rows_at(conn, VALUES, None) if r["region"] == "150222")
        chifeng = next(r for r in rows_at(conn, VALUES, None) if r["region"].startswith("1504"))
    before, rev = state(engine), head_of(engine)
    if side == "old":  # a row of 固阳县 changed (its region is 150222 before and after)
        change = Change("values", VALUES.key_of(guyang), guyang, {**guyang, "note": "changed by 赤峰"})
    else:  # a new row of 固阳县
        new = {**chifeng, "region": "150222", "year": "2049"}
        change = Change("values", VALUES.key_of(new), None, {k: v for k, v in new.items() if k != "_vid"})
    meta = WriteMeta(user=CHIFENG_EDITOR.name, action="import", actor=CHIFENG_EDITOR, geo=geo)
    with pytest.raises(OutOfScope) as refused:
        write(engine, lambda conn: [change], meta)
    assert refused.value.regions == ["150222"] and "固阳县" in refused.value.message_zh
    assert state(engine) == before and head_of(engine) == rev


def test_editors_never_write_boundaries_or_indicators(engine, geo) -> None:
    row = {"adcode": "150499", "name_zh": "试验区", "name_en": "Test", "level": "special", "parent": "150400",
           "geometry": "{}", "label": "[0,0]", "source": "t"}  # fmt: skip
    meta = WriteMeta(user=CHIFENG_EDITOR.name, action="boundaries", actor=CHIFENG_EDITOR, geo=geo)
    with pytest.raises(OutOfScope):
        write(engine, lambda conn: [Change("boundaries", ("150499",), None, row)], meta)
    assert head_of(engine) == 1
