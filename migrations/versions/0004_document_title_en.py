"""documents: the English title shown with the Chinese one in English exports (title_en)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 08:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_en", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_column("title_en")
