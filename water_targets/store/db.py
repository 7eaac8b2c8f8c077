"""Engines for the store: SQLite under instance/ by default (WAL, foreign keys), PostgreSQL via DATABASE_URL."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN, so writers can ask for BEGIN IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock up front; a reader sees one WAL snapshot and never blocks writers.
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def engine_for(url: str) -> Engine:
    """One engine per URL per process (engines pool connections and are thread-safe)."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            parsed = make_url(url)
            if parsed.get_backend_name() == "sqlite":
                if parsed.database and parsed.database != ":memory:":
                    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
                _sqlite_setup(engine)
            else:
                engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
            _engines[url] = engine
        return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: all or nothing; on SQLite it holds the database write lock from the start."""
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        yield conn


def dispose_all() -> None:
    """Drop pooled connections (after fork, or in tests)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
