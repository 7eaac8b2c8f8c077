"""Uploads waiting between preview and 确认导入, shared by every worker and instance through the database."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from .db import write_transaction
from .models import pending_uploads

UPLOAD_ID = re.compile(r"^[0-9a-f]{64}$")
MAX_AGE = timedelta(days=1)


@dataclass(frozen=True)
class PendingUpload:
    id: str
    user_name: str
    file_name: str
    comment: str
    base_revision: int
    data: bytes


def save(engine: Engine, user: str, file_name: str, comment: str, base_revision: int, data: bytes) -> str:
    upload_id = secrets.token_hex(32)
    now = datetime.now(UTC)
    with write_transaction(engine) as conn:
        conn.execute(delete(pending_uploads).where(pending_uploads.c.created_at < now - MAX_AGE))
        row = {
            "id": upload_id,
            "user_name": user,
            "file_name": file_name,
            "comment": comment,
            "base_revision": base_revision,
            "file_bytes": data,
            "created_at": now,
        }
        conn.execute(insert(pending_uploads), [row])
    return upload_id


def load(engine: Engine, upload_id: str) -> PendingUpload | None:
    if not UPLOAD_ID.fullmatch(upload_id or ""):
        return None
    with engine.connect() as conn:
        row = conn.execute(select(pending_uploads).where(pending_uploads.c.id == upload_id)).first()
    if row is None:
        return None
    return PendingUpload(row.id, row.user_name, row.file_name, row.comment, row.base_revision, row.file_bytes)


def rebase(engine: Engine, upload_id: str, base_revision: int) -> None:
    """After a stale commit the file is previewed again against the new head."""
    with write_transaction(engine) as conn:
        conn.execute(
            update(pending_uploads).where(pending_uploads.c.id == upload_id).values(base_revision=base_revision)
        )


def drop(engine: Engine, upload_id: str) -> None:
    with write_transaction(engine) as conn:
        conn.execute(delete(pending_uploads).where(pending_uploads.c.id == upload_id))
