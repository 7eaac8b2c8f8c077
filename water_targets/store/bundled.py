"""The reviewed dataset shipped in data/indicators/: loaded as revision 1, and a release's edits as a revision."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, select

from ..geo import GeoData
from ..indicators import DataValidationError, Frames, read_frames
from ..schemas import frame_problems
from .models import ENTITIES, revisions
from .revisions import Change, Revision, WriteMeta, diff, plain, rows_at, write

FILES = ("documents.csv", "indicators.csv", "values.csv")
SYSTEM_USER = "system"


def bundle_bytes(directory: Path) -> bytes:
    """The three files as one deterministic zip (kept in the revision, so a later release can be compared)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in FILES:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, (directory / name).read_bytes())
    return out.getvalue()


def dump_csv(columns: list[str], rows: list[dict]) -> bytes:
    """Rows as one of the data files (the layout of data/indicators/)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[r[c] for c in columns] for r in rows])
    return out.getvalue().encode("utf-8")


def write_files(conn: Connection, directory: Path, rev: int | None) -> None:
    """documents.csv, indicators.csv and values.csv as of a revision (None: the current rows) — the dump."""
    directory.mkdir(parents=True, exist_ok=True)
    for entity in ENTITIES:
        (directory / f"{entity.name}.csv").write_bytes(dump_csv(entity.columns, rows_at(conn, entity, rev)))


def frames_from_bundle(data: bytes, scratch: Path) -> Frames:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(scratch)
    return read_frames(scratch)


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict(orient="records")


def _last_bundle(conn: Connection) -> tuple[str | None, bytes | None]:
    row = conn.execute(
        select(revisions.c.file_sha256, revisions.c.file_bytes)
        .where(revisions.c.action == "bundled")
        .order_by(revisions.c.id.desc())
        .limit(1)
    ).first()
    return (row.file_sha256, row.file_bytes) if row else (None, None)


def sync_bundled(engine: Engine, directory: Path, geo: GeoData, scratch: Path) -> Revision | None:
    """Load the bundled files into an empty store, or record how a release changed them; None when unchanged.

    Only rows the release itself added, changed or removed are touched: what staff imported stays.
    """
    new = read_frames(directory)
    problems = frame_problems(new, geo)
    if problems:
        raise DataValidationError(problems)
    data = bundle_bytes(directory)
    sha = hashlib.sha256(data).hexdigest()
    with engine.connect() as conn:
        last_sha, last_bytes = _last_bundle(conn)
    if last_sha == sha:
        return None
    old = frames_from_bundle(last_bytes, scratch) if last_bytes else None

    def changes(conn: Connection) -> list[Change]:
        out: list[Change] = []
        for entity in ENTITIES:
            current = {entity.key_of(r): r for r in rows_at(conn, entity, None)}
            new_rows = {entity.key_of(r): r for r in _records(getattr(new, entity.name))}
            old_rows = {entity.key_of(r): r for r in _records(getattr(old, entity.name))} if old else {}
            # Keys the release touched (all of them on first load), in file order so a dump reproduces the files.
            keys = list(new_rows) + [k for k in old_rows if k not in new_rows]
            touched = [k for k in keys if plain(new_rows.get(k, {}), entity) != plain(old_rows.get(k, {}), entity)]
            for key in touched:
                target, now = new_rows.get(key), current.get(key)
                if target is None and now is not None:
                    out.append(Change(entity.name, key, now, None))
                elif target is not None:
                    out += diff(entity, [now] if now else [], [target])
        return out

    first = last_sha is None
    meta = WriteMeta(
        user=SYSTEM_USER,
        action="bundled",
        comment="bundled dataset (data/indicators): " + ("first load" if first else "release update"),
        file_name="data-indicators.zip",
        file_bytes=data,
        file_sha256=sha,
    )
    # A release whose edits staff had already made still becomes the comparison base: recorded, with no rows.
    revision, _ = write(engine, changes, meta, allow_empty=not first)
    return revision
