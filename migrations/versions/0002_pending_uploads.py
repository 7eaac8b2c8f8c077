"""pending uploads in the database (2026-11-24)"""

import sqlalchemy as sa
from alembic import op

from migrations.helpers import timestamp, user_name

revision, down_revision = "0002", "0001"


def upgrade() -> None:
    op.create_table(
        "pending_uploads",
        sa.Column("id", sa.String(length=64), nullable=False),
        user_name(),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("file_bytes", sa.LargeBinary(), nullable=False),
        timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_uploads")),
    )


def downgrade() -> None:
    op.drop_table("pending_uploads")
