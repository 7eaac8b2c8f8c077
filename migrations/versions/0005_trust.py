"""trust (issue 16): session generations, named expiring tokens, per-client sign-in back-off, rate-limit counters
(2026-12-06)"""

import sqlalchemy as sa
from alembic import op

from migrations.helpers import timestamp, user_name

revision, down_revision = "0005", "0004"


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_gen", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(timestamp("password_changed_at", nullable=True))
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=80), server_default="", nullable=False))
        batch_op.add_column(timestamp("expires_at", nullable=True))
    op.create_table(
        "sign_in_failures",
        sa.Column("client", sa.String(length=64), nullable=False),
        user_name(),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        timestamp("locked_until", nullable=True),
        timestamp("last_at"),
        sa.PrimaryKeyConstraint("client", "user_name", name=op.f("pk_sign_in_failures")),
    )
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_limits")),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
        batch_op.drop_column("name")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("session_gen")
