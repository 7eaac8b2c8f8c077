"""Helpers for storage tests: a migrated store on SQLite or PostgreSQL, and small row edits."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Engine

from water_targets.data import get_geo
from water_targets.indicators import bundled_directory
from water_targets.store import bundled, migrate
from water_targets.store.db import engine_for
from water_targets.store.models import VALUES
from water_targets.store.revisions import Change, WriteMeta, diff, frames_at, head, plain, rows_at, write


def ready_store(url: str) -> Engine:
    """Migrated and loaded with the bundled dataset (revision 1)."""
    engine = engine_for(url)
    with migrate.startup_lock(engine), tempfile.TemporaryDirectory() as scratch:
        migrate.upgrade(engine)
        bundled.sync_bundled(engine, bundled_directory(), get_geo(), Path(scratch))
    return engine


def current_value(engine: Engine, region: str, indicator: str, year: str, kind: str = "target") -> dict | None:
    with engine.connect() as conn:
        for r in rows_at(conn, VALUES, None):
            if (r["region"], r["indicator"], r["year"], r["kind"]) == (region, indicator, year, kind):
                return plain(r, VALUES)
    return None


def set_values(engine: Engine, edits: list[dict], user: str = "test", expected_head: int | None = None):
    """Write value rows (full rows) as one revision through the store's write path."""

    def changes(conn) -> list[Change]:
        return diff(VALUES, rows_at(conn, VALUES, None), edits)

    return write(engine, changes, WriteMeta(user=user, action="import", comment="test"), expected_head=expected_head)


def state(engine: Engine, rev: int | None = None) -> dict:
    """Every entity's rows at a revision (default: the head), as sorted tuples, for exact comparisons."""
    with engine.connect() as conn:
        frames = frames_at(conn, rev or head(conn))
    return {
        name: sorted(map(tuple, getattr(frames, name).itertuples(index=False)))
        for name in ("documents", "indicators", "values")
    }


def head_of(engine: Engine) -> int:
    with engine.connect() as conn:
        return head(conn)


def restore(engine: Engine, rev: int = 1) -> None:
    """Make the current rows those of revision `rev` again (as a new revision), so later tests see the bundled data."""
    from water_targets.store.models import ALL_ENTITIES

    def changes(conn) -> list[Change]:
        out: list[Change] = []
        for entity in ALL_ENTITIES:
            out += diff(entity, rows_at(conn, entity, None), rows_at(conn, entity, rev), remove_missing=True)
        return out

    write(engine, changes, WriteMeta(user="tests", action="revert", comment=f"tests: back to revision {rev}"))
