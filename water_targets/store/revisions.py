"""Revisions: the state at any revision, changes written as one revision, row-level diffs and reverts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, insert, or_, select, update

from ..i18n import t
from ..indicators import Frames
from .db import write_transaction
from .models import ALL_ENTITIES, ENTITIES, Entity, revisions, store_head
from .scope import authorize

if TYPE_CHECKING:
    from ..geo import GeoData
    from .users import Actor

ENTITY_BY_NAME = {e.name: e for e in ALL_ENTITIES}
CHUNK = 500


class StaleRevision(Exception):
    """The data changed after the preview was made: the import must be previewed again."""

    message_zh = t("store_stale_preview", "zh")
    message_en = t("store_stale_preview", "en")

    def __init__(self, expected: int, head: int) -> None:
        super().__init__(f"{self.message_en} (previewed at revision {expected}, now {head})")
        self.expected, self.head = expected, head


@dataclass(frozen=True)
class Change:
    """One row of one entity: old is None when added, new is None when removed."""

    entity: str
    key: tuple[str, ...]
    old: dict | None
    new: dict | None

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"

    def changed_columns(self) -> list[str]:
        if self.old is None or self.new is None:
            return []
        return [c for c in ENTITY_BY_NAME[self.entity].columns if self.old.get(c) != self.new.get(c)]


@dataclass(frozen=True)
class Revision:
    id: int
    created_at: datetime
    user_name: str
    action: str
    comment: str
    added: int
    changed: int
    removed: int
    file_name: str | None
    file_sha256: str | None
    reverts: int | None

    def as_dict(self) -> dict:
        created = self.created_at if self.created_at.tzinfo else self.created_at.replace(tzinfo=UTC)
        return {
            "revision": self.id,
            "created_at": created.isoformat(timespec="seconds"),
            "user": self.user_name,
            "action": self.action,
            "comment": self.comment,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "file_name": self.file_name,
            "file_sha256": self.file_sha256,
            "reverts": self.reverts,
        }


@dataclass
class WriteMeta:
    user: str
    action: str
    comment: str = ""
    file_name: str | None = None
    file_bytes: bytes | None = None
    file_sha256: str | None = None
    reverts: int | None = None
    extra: dict = field(default_factory=dict)
    # Whose write it is: every change is checked against their scope (old and new row) before anything is
    # written (store/scope.py). None only for the system's own writes (the bundled dataset).
    actor: Actor | None = None
    geo: GeoData | None = None


_REVISION_COLUMNS = [c for c in revisions.c if c.name != "file_bytes"]


def head(conn: Connection) -> int:
    """The newest revision number, 0 for an empty store."""
    value = conn.execute(select(store_head.c.revision).where(store_head.c.id == 1)).scalar()
    return int(value or 0)


def _valid_at(entity: Entity, rev: int):
    t = entity.table
    return and_(t.c.rev_from <= rev, or_(t.c.rev_to.is_(None), t.c.rev_to > rev))


def rows_at(conn: Connection, entity: Entity, rev: int | None) -> list[dict]:
    """The rows of one entity at a revision (None: the current rows, with their version id `_vid`)."""
    t = entity.table
    cols = [t.c[c] for c in entity.columns]
    if rev is None:
        query = select(t.c.vid, *cols).where(t.c.rev_to.is_(None))
    else:
        query = select(t.c.vid, *cols).where(_valid_at(entity, rev))
    out = []
    for row in conn.execute(query.order_by(t.c.vid)):
        d = dict(row._mapping)
        d["_vid"] = d.pop("vid")
        out.append(d)
    return out


def first_stored(conn: Connection, entity: Entity) -> dict[tuple, int]:
    """Each key's first version id: where a row stands among its kind however often it was edited since."""
    t = entity.table
    keys = [t.c[k] for k in entity.key]
    return {tuple(r[:-1]): r[-1] for r in conn.execute(select(*keys, func.min(t.c.vid)).group_by(*keys))}


def frames_at(conn: Connection, rev: int) -> Frames:
    """Documents, indicators and values at a revision as text frames (the shape the files have), each row where
    it was first stored: editing a document or an indicator keeps its place in the menus."""
    frames = {}
    for entity in ENTITIES:
        first = first_stored(conn, entity)
        rows = sorted(rows_at(conn, entity, rev), key=lambda r, e=entity: first[e.key_of(r)])
        frame = pd.DataFrame([{c: r[c] for c in entity.columns} for r in rows], columns=entity.columns, dtype=str)
        frames[entity.name] = frame
    return Frames(documents=frames["documents"], indicators=frames["indicators"], values=frames["values"])


def plain(row: dict, entity: Entity) -> dict:
    return {c: row.get(c, "") or "" for c in entity.columns}


def diff(
    entity: Entity, current: Iterable[dict], incoming: Iterable[dict], remove_missing: bool = False
) -> list[Change]:
    """Changes that make `incoming` true: rows added or changed (and, with remove_missing, rows removed)."""
    now = {entity.key_of(r): r for r in current}
    changes, seen = [], set()
    for row in incoming:
        key = entity.key_of(row)
        seen.add(key)
        new = plain(row, entity)
        old = now.get(key)
        if old is None:
            changes.append(Change(entity.name, key, None, new))
        elif plain(old, entity) != new:
            changes.append(Change(entity.name, key, old, new))
    if remove_missing:
        changes += [Change(entity.name, k, old, None) for k, old in now.items() if k not in seen]
    return changes


def _apply(conn: Connection, rev: int, changes: list[Change]) -> None:
    for entity in ALL_ENTITIES:
        mine = [c for c in changes if c.entity == entity.name]
        t = entity.table
        closing = [c.old["_vid"] for c in mine if c.old is not None]
        for i in range(0, len(closing), CHUNK):
            done = conn.execute(
                update(t).where(t.c.vid.in_(closing[i : i + CHUNK]), t.c.rev_to.is_(None)).values(rev_to=rev)
            )
            if done.rowcount != len(closing[i : i + CHUNK]):
                raise RuntimeError(f"{entity.name}: a row changed under the write lock")  # cannot happen
        new_rows = [{**plain(c.new, entity), "rev_from": rev} for c in mine if c.new is not None]
        if new_rows:
            conn.execute(insert(t), new_rows)


def write(
    engine: Engine,
    make_changes: Callable[[Connection], list[Change]],
    meta: WriteMeta,
    expected_head: int | None = None,
    allow_empty: bool = False,
) -> tuple[Revision | None, list[Change]]:
    """Compute and write changes as one revision in one transaction, writers one at a time.

    `make_changes` runs under the write lock and sees the current rows. No changes: nothing is written and
    the revision is None. `expected_head` (from a preview) refuses the write when another revision landed since.
    """
    with write_transaction(engine) as conn:
        # Locks the head row: on PostgreSQL writers queue here; on SQLite BEGIN IMMEDIATE already serialised them.
        current = conn.execute(select(store_head.c.revision).where(store_head.c.id == 1).with_for_update()).scalar()
        current = int(current or 0)
        if expected_head is not None and expected_head != current:
            raise StaleRevision(expected_head, current)
        changes = make_changes(conn)
        if not changes and not allow_empty:
            return None, []
        if meta.actor is not None:
            if meta.geo is None:
                raise ValueError("a write with an actor needs the catalogue (geo) to check its scope")
            authorize(changes, meta.actor, meta.geo)
        rev = current + 1
        counts = {s: sum(1 for c in changes if c.status == s) for s in ("added", "changed", "removed")}
        row = {
            "id": rev,
            "created_at": datetime.now(UTC),
            "user_name": meta.user,
            "action": meta.action,
            "comment": meta.comment,
            **counts,
            "file_name": meta.file_name,
            "file_sha256": meta.file_sha256,
            "file_bytes": meta.file_bytes,
            "reverts": meta.reverts,
        }
        conn.execute(insert(revisions), [row])
        _apply(conn, rev, changes)
        if current == 0:
            conn.execute(insert(store_head), [{"id": 1, "revision": rev}])
        else:
            conn.execute(update(store_head).where(store_head.c.id == 1).values(revision=rev))
        return _revision(row), changes


def _revision(row) -> Revision:
    m = dict(row) if isinstance(row, dict) else dict(row._mapping)
    return Revision(**{c.name: m.get(c.name) for c in _REVISION_COLUMNS})


def list_revisions(conn: Connection, limit: int = 200, before: int | None = None) -> list[Revision]:
    query = select(*_REVISION_COLUMNS).order_by(revisions.c.id.desc()).limit(limit)
    if before is not None:
        query = query.where(revisions.c.id < before)
    return [_revision(r) for r in conn.execute(query)]


def get_revision(conn: Connection, rev: int) -> Revision | None:
    row = conn.execute(select(*_REVISION_COLUMNS).where(revisions.c.id == rev)).first()
    return _revision(row) if row else None


def revision_file(conn: Connection, rev: int) -> tuple[str | None, bytes | None]:
    row = conn.execute(select(revisions.c.file_name, revisions.c.file_bytes).where(revisions.c.id == rev)).first()
    return (row.file_name, row.file_bytes) if row else (None, None)


def revision_changes(conn: Connection, rev: int) -> list[Change]:
    """What revision `rev` did, row by row: the versions it closed and the versions it opened."""
    changes = []
    for entity in ALL_ENTITIES:
        t = entity.table
        cols = [t.c[c] for c in entity.columns]
        closed = {
            entity.key_of(r._mapping): dict(r._mapping) for r in conn.execute(select(*cols).where(t.c.rev_to == rev))
        }
        opened = {
            entity.key_of(r._mapping): dict(r._mapping) for r in conn.execute(select(*cols).where(t.c.rev_from == rev))
        }
        for key in sorted(set(closed) | set(opened)):
            changes.append(Change(entity.name, key, closed.get(key), opened.get(key)))
    return changes


def revert_changes(conn: Connection, rev: int) -> list[Change]:
    """Changes that bring every row revision `rev` touched back to its state before `rev`."""
    out = []
    done = revision_changes(conn, rev)
    for entity in ALL_ENTITIES:
        touched = {c.key for c in done if c.entity == entity.name}
        if not touched:
            continue
        before = {entity.key_of(r): r for r in rows_at(conn, entity, rev - 1) if entity.key_of(r) in touched}
        now = {entity.key_of(r): r for r in rows_at(conn, entity, None) if entity.key_of(r) in touched}
        for key in sorted(touched):
            old, target = now.get(key), before.get(key)
            if old is None and target is None:
                continue
            if old is None:
                out.append(Change(entity.name, key, None, plain(target, entity)))
            elif target is None:
                out.append(Change(entity.name, key, old, None))
            elif plain(old, entity) != plain(target, entity):
                out.append(Change(entity.name, key, old, plain(target, entity)))
    return out


def count_revisions(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(revisions)).scalar() or 0)
