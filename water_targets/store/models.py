"""Tables of the store (SQLAlchemy Core). Every entity is versioned as rows valid over a range of revisions.

A version row is valid from revision `rev_from` (inclusive) until `rev_to` (exclusive; NULL = still current),
so the state at revision N is one query: rev_from <= N and (rev_to is NULL or rev_to > N). Nothing is updated
in place except closing a version (setting rev_to); nothing is ever deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from ..indicators import DOCUMENT_COLUMNS, INDICATOR_COLUMNS, VALUE_COLUMNS, VALUE_KEY

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # the revision number, 1, 2, 3 …
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("user_name", String(80), nullable=False),
    Column("action", String(20), nullable=False),  # bundled | import | revert | document
    Column("comment", Text, nullable=False, server_default=""),
    Column("added", Integer, nullable=False, server_default="0"),
    Column("changed", Integer, nullable=False, server_default="0"),
    Column("removed", Integer, nullable=False, server_default="0"),
    Column("file_name", String(255)),
    Column("file_sha256", String(64)),
    Column("file_bytes", LargeBinary),
    Column("reverts", Integer),  # for a revert: the revision it undoes
)

# One row (id = 1): the head revision. Writers lock it, so they run one after another on every backend.
store_head = Table(
    "store_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("revision", Integer, nullable=False),
)


def _versioned(name: str, columns: list[str], key: list[str]) -> Table:
    table = Table(
        name,
        metadata,
        Column("vid", Integer, primary_key=True, autoincrement=True),
        *(Column(c, Text, nullable=False, server_default="") for c in columns),
        Column("rev_from", Integer, ForeignKey("revisions.id"), nullable=False),
        Column("rev_to", Integer, ForeignKey("revisions.id")),
    )
    Index(f"ix_{name}_rev_from", table.c.rev_from)
    Index(f"ix_{name}_rev_to", table.c.rev_to)
    # At most one current version per key, enforced by the database on both backends.
    current = text("rev_to IS NULL")
    Index(
        f"uq_{name}_current",
        *(table.c[k] for k in key),
        unique=True,
        sqlite_where=current,
        postgresql_where=current,
    )
    return table


@dataclass(frozen=True)
class Entity:
    name: str  # "documents" | "indicators" | "values", as the files are called
    table: Table
    columns: list[str]
    key: list[str]

    def key_of(self, row: dict) -> tuple[str, ...]:
        return tuple(row[k] for k in self.key)


DOCUMENTS = Entity("documents", _versioned("document_versions", DOCUMENT_COLUMNS, ["id"]), DOCUMENT_COLUMNS, ["id"])
INDICATORS = Entity(
    "indicators", _versioned("indicator_versions", INDICATOR_COLUMNS, ["id"]), INDICATOR_COLUMNS, ["id"]
)
VALUES = Entity("values", _versioned("value_versions", VALUE_COLUMNS, VALUE_KEY), VALUE_COLUMNS, VALUE_KEY)
ENTITIES = (DOCUMENTS, INDICATORS, VALUES)  # the three files of data/indicators (dump, bundled sync, frames)

# Units added or redrawn by an uploaded boundary file (water_targets/boundaries): one row per unit, geometry as
# GeoJSON text (WGS-84, simplified, 5 decimals). Versioned like the values, so a revert removes a unit again.
BOUNDARY_COLUMNS = ["adcode", "name_zh", "name_en", "level", "parent", "geometry", "label", "source"]
BOUNDARIES = Entity(
    "boundaries", _versioned("boundary_versions", BOUNDARY_COLUMNS, ["adcode"]), BOUNDARY_COLUMNS, ["adcode"]
)
# Every versioned entity: what a revision writes, shows in its diff and undoes in a revert.
ALL_ENTITIES = (*ENTITIES, BOUNDARIES)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),  # editor | admin
    Column("regions", Text, nullable=False, server_default=""),  # comma-separated adcodes (editors)
    Column("disabled", Boolean, nullable=False, server_default=text("false")),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True)),  # unused since 0005 (lockout is per client and account)
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Raised on sign-out, password change and disable: every session signed in under an older value ends.
    Column("session_gen", Integer, nullable=False, server_default="0"),
    Column("password_changed_at", DateTime(timezone=True)),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked", Boolean, nullable=False, server_default=text("false")),
    Column("name", String(80), nullable=False, server_default=""),  # what the token is for, e.g. "nightly import"
    Column("expires_at", DateTime(timezone=True)),  # NULL only for tokens made before 0005
)

# Failed sign-ins per (client address, account name): the back-off is aimed at the pair, so nobody can lock a
# colleague out from another address.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("client", String(64), primary_key=True),
    Column("user_name", String(80), primary_key=True),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True)),
    Column("last_at", DateTime(timezone=True), nullable=False),
)

# Fixed-window request counters of the rate limits (web/limits.py), shared by every worker and instance.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("expires_at", Float, nullable=False),  # seconds since the epoch
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_name", String(80), nullable=False),
    Column("action", String(40), nullable=False),  # sign_in | sign_in_failed | locked | import | revert | …
    Column("detail", Text, nullable=False, server_default=""),
    Column("remote_addr", String(64), nullable=False, server_default=""),
)

# Settings shared by every instance using this database (e.g. the session signing key).
app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Uploads previewed and waiting for 确认导入: kept in the database, so the confirming request may reach any
# worker or instance. Removed when committed or refused, and after a day.
pending_uploads = Table(
    "pending_uploads",
    metadata,
    Column("id", String(64), primary_key=True),  # a random token; the confirm form carries it
    Column("user_name", String(80), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("base_revision", Integer, nullable=False),
    Column("file_bytes", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
