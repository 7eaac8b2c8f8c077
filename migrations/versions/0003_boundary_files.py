"""uploaded boundary files: versioned units (boundary_versions) (2026-11-24)"""

from migrations.helpers import create_versioned_table, drop_versioned_table

revision, down_revision = "0003", "0002"

COLUMNS = ["adcode", "name_zh", "name_en", "level", "parent", "geometry", "label", "source"]


def upgrade() -> None:
    create_versioned_table("boundary_versions", COLUMNS, key=["adcode"])


def downgrade() -> None:
    drop_versioned_table("boundary_versions")
