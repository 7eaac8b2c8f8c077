"""uploaded boundary files: versioned units (boundary_versions)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 06:25:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = ["adcode", "name_zh", "name_en", "level", "parent", "geometry", "label", "source"]


def upgrade() -> None:
    op.create_table(
        "boundary_versions",
        sa.Column("vid", sa.Integer(), autoincrement=True, nullable=False),
        *(sa.Column(c, sa.Text(), server_default="", nullable=False) for c in COLUMNS),
        sa.Column("rev_from", sa.Integer(), nullable=False),
        sa.Column("rev_to", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["rev_from"], ["revisions.id"], name=op.f("fk_boundary_versions_rev_from_revisions")),
        sa.ForeignKeyConstraint(["rev_to"], ["revisions.id"], name=op.f("fk_boundary_versions_rev_to_revisions")),
        sa.PrimaryKeyConstraint("vid", name=op.f("pk_boundary_versions")),
    )
    with op.batch_alter_table("boundary_versions", schema=None) as batch_op:
        batch_op.create_index("ix_boundary_versions_rev_from", ["rev_from"], unique=False)
        batch_op.create_index("ix_boundary_versions_rev_to", ["rev_to"], unique=False)
        batch_op.create_index(
            "uq_boundary_versions_current",
            ["adcode"],
            unique=True,
            sqlite_where=sa.text("rev_to IS NULL"),
            postgresql_where=sa.text("rev_to IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("boundary_versions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_boundary_versions_current",
            sqlite_where=sa.text("rev_to IS NULL"),
            postgresql_where=sa.text("rev_to IS NULL"),
        )
        batch_op.drop_index("ix_boundary_versions_rev_to")
        batch_op.drop_index("ix_boundary_versions_rev_from")
    op.drop_table("boundary_versions")
