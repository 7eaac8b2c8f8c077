"""What several migrations build alike: text columns and the versioned tables (rows valid from rev_from to rev_to).

Migrations are history: a change here changes every revision that uses it, so the schema each one produces must
stay as it was (tests/test_store.py compares the migrated tables with the models).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

_CURRENT = sa.text("rev_to IS NULL")  # the rows of the head revision


def text_columns(names: Sequence[str]) -> list[sa.Column]:
    """Non-null text columns that default to the empty string."""
    return [sa.Column(name, sa.Text(), server_default="", nullable=False) for name in names]


def integer_id(autoincrement: bool = True) -> sa.Column:
    """The integer key `id` (numbered by the database unless `autoincrement` is False)."""
    return sa.Column("id", sa.Integer(), autoincrement=autoincrement, nullable=False)


def timestamp(name: str, nullable: bool = False) -> sa.Column:
    """A time with its time zone (every time the store keeps is one)."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def user_name() -> sa.Column:
    """The account name a row is about or was written by (users.name, 80 characters at most)."""
    return sa.Column("user_name", sa.String(length=80), nullable=False)


def create_versioned_table(table: str, columns: Sequence[str], key: Sequence[str]) -> None:
    """Table `table` of versioned rows: `vid`, the text `columns`, `rev_from`/`rev_to` (revisions.id) and their
    indexes, and one current row per `key` (unique where rev_to IS NULL)."""
    op.create_table(
        table,
        sa.Column("vid", sa.Integer(), autoincrement=True, nullable=False),
        *text_columns(columns),
        sa.Column("rev_from", sa.Integer(), nullable=False),
        sa.Column("rev_to", sa.Integer(), nullable=True),
        *(
            sa.ForeignKeyConstraint([column], ["revisions.id"], name=op.f(f"fk_{table}_{column}_revisions"))
            for column in ("rev_from", "rev_to")
        ),
        sa.PrimaryKeyConstraint("vid", name=op.f(f"pk_{table}")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in ("rev_from", "rev_to"):
            batch_op.create_index(f"ix_{table}_{column}", [column], unique=False)
        batch_op.create_index(
            f"uq_{table}_current", list(key), unique=True, sqlite_where=_CURRENT, postgresql_where=_CURRENT
        )


def drop_versioned_table(table: str) -> None:
    """Undo create_versioned_table(table, …)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(f"uq_{table}_current", sqlite_where=_CURRENT, postgresql_where=_CURRENT)
        for column in ("rev_to", "rev_from"):
            batch_op.drop_index(f"ix_{table}_{column}")
    op.drop_table(table)
