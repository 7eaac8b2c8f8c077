"""Rate-limit counters in the app's own database: a `limits` storage, so every worker and instance counts together.

The `limits` library does the parsing ("10/minute") and the fixed-window logic; this is only where the counts
live. Each hit is one upsert (INSERT … ON CONFLICT … RETURNING), atomic on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import random
import time
from typing import ClassVar

from limits.storage import Storage
from sqlalchemy import Engine, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .db import write_transaction
from .models import rate_limits

SWEEP_CHANCE = 0.01  # share of hits that also delete expired counters


class DatabaseCounters(Storage):
    """Fixed-window counters in the `rate_limits` table (no moving window: the limiter uses fixed windows)."""

    STORAGE_SCHEME: ClassVar[list[str]] = ["wt-database"]  # constructed directly, never from a URI

    def __init__(self, engine: Engine) -> None:
        super().__init__(uri=None)
        self.engine = engine

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = rate_limits
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        expired = table.c.expires_at <= now
        stmt = (
            insert(table)
            .values(key=key[:255], count=amount, expires_at=now + expiry)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((expired, amount), else_=table.c.count + amount),
                    "expires_at": case((expired, now + expiry), else_=table.c.expires_at),
                },
            )
            .returning(table.c.count)
        )
        with write_transaction(self.engine) as conn:
            count = int(conn.execute(stmt).scalar_one())
            if random.random() < SWEEP_CHANCE:
                conn.execute(delete(table).where(table.c.expires_at <= now))
        return count

    def _row(self, key: str):
        with self.engine.connect() as conn:
            return conn.execute(select(rate_limits).where(rate_limits.c.key == key[:255])).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row.count) if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row.expires_at) if row is not None and row.expires_at > time.time() else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(select(rate_limits.c.key).limit(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with write_transaction(self.engine) as conn:
            return int(conn.execute(delete(rate_limits)).rowcount or 0)

    def clear(self, key: str) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(delete(rate_limits).where(rate_limits.c.key == key[:255]))
