"""The throwaway PostgreSQL server from tests/pgserver.py: a real server, one fresh database per test."""

from __future__ import annotations

import uuid

from pgserver import PostgresServer
from sqlalchemy import create_engine, text


def test_pg_url_is_a_working_postgres_database(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            version = conn.execute(text("select version()")).scalar_one()
            assert "PostgreSQL" in version
            conn.execute(text("create table t (id serial primary key, name text not null)"))
            conn.execute(text("insert into t (name) values (:name)"), {"name": "水质目标"})
        with engine.connect() as conn:
            assert conn.execute(text("select id, name from t")).all() == [(1, "水质目标")]
            assert conn.execute(text("show listen_addresses")).scalar_one() == "127.0.0.1"
    finally:
        engine.dispose()


def test_pg_url_databases_are_independent(pg_server: PostgresServer, pg_url: str) -> None:
    other_url = pg_server.create_database(f"test_{uuid.uuid4().hex[:8]}")
    assert other_url != pg_url
    first, second = create_engine(pg_url), create_engine(other_url)
    try:
        with first.begin() as conn:
            conn.execute(text("create table only_here (x int)"))
        with second.connect() as conn:
            assert conn.execute(text("select to_regclass('only_here')")).scalar_one() is None
        with first.connect() as conn:
            assert conn.execute(text("select count(*) from only_here")).scalar_one() == 0
    finally:
        first.dispose()
        second.dispose()
