"""initial schema: versioned documents, indicators, values; revisions; users (2026-11-24)"""

import sqlalchemy as sa
from alembic import op

from migrations.helpers import create_versioned_table, drop_versioned_table, integer_id, timestamp, user_name

revision, down_revision = "0001", None


def upgrade() -> None:
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secrets")),
    )
    op.create_table(
        "audit_log",
        integer_id(),
        timestamp("at"),
        user_name(),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("remote_addr", sa.String(length=64), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "revisions",
        integer_id(autoincrement=False),
        timestamp("created_at"),
        user_name(),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("added", sa.Integer(), server_default="0", nullable=False),
        sa.Column("changed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("removed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("file_bytes", sa.LargeBinary(), nullable=True),
        sa.Column("reverts", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    )
    op.create_table(
        "store_head",
        integer_id(autoincrement=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_head")),
    )
    op.create_table(
        "users",
        integer_id(),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("regions", sa.Text(), server_default="", nullable=False),
        sa.Column("disabled", sa.Boolean(), server_default=sa.text("(false)"), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        timestamp("locked_until", nullable=True),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "api_tokens",
        integer_id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        timestamp("created_at"),
        timestamp("last_used_at", nullable=True),
        sa.Column("revoked", sa.Boolean(), server_default=sa.text("(false)"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    create_versioned_table(
        "document_versions",
        ["id", "region", "title", "number", "issued", "url", "kind", "seed_file"],
        key=["id"],
    )
    create_versioned_table(
        "indicator_versions",
        ["id", "name_zh", "name_en", "unit_zh", "unit_en", "kind", "direction", "category", "description"],
        key=["id"],
    )
    create_versioned_table(
        "value_versions",
        "region indicator year kind value comparator baseline_year qualifier doc section note".split(),
        key=["region", "indicator", "year", "kind"],
    )


def downgrade() -> None:
    for table in ("value_versions", "indicator_versions", "document_versions"):
        drop_versioned_table(table)
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("store_head")
    op.drop_table("revisions")
    op.drop_table("audit_log")
    op.drop_table("app_secrets")
