"""Users, roles, region scopes, API tokens and the audit log (passwords hashed with argon2)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, insert, select, update

from ..geo import GeoData
from .models import api_tokens, audit_log, users

ROLES = ("editor", "admin")
MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user command that cannot be carried out (unknown user, bad role …)."""


@dataclass(frozen=True)
class Actor:
    """Who is writing: a signed-in user, a token's owner, or the system (bundled dataset)."""

    name: str
    role: str
    regions: tuple[str, ...] = ()
    id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_edit(self, adcode: str, geo: GeoData) -> bool:
        """Admins edit everything; an editor the regions assigned to them and every unit below them."""
        return self.is_admin or any(code in self.regions for code in geo.lineage(adcode))


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _actor(row) -> Actor:
    regions = tuple(r for r in (row.regions or "").split(",") if r)
    return Actor(name=row.name, role=row.role, regions=regions, id=row.id)


def audit(conn: Connection, user: str, action: str, detail: str = "", remote_addr: str = "") -> None:
    conn.execute(
        insert(audit_log),
        [{"at": _now(), "user_name": user, "action": action, "detail": detail[:2000], "remote_addr": remote_addr[:64]}],
    )


def add_user(engine: Engine, name: str, role: str, password: str, regions: list[str], geo: GeoData) -> Actor:
    name = name.strip()
    if not name or len(name) > 80:
        raise UserError("a user name is 1–80 characters")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if len(password) < 8:
        raise UserError("a password has at least 8 characters")
    unknown = [r for r in regions if r not in geo.regions]
    if unknown:
        raise UserError(f"unknown region(s): {', '.join(unknown)}")
    if role == "editor" and not regions:
        raise UserError("an editor needs at least one --region (an adcode; its counties are included)")
    with engine.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.name == name)).first():
            raise UserError(f"user {name!r} exists")
        row = {
            "name": name,
            "password_hash": _hasher.hash(password),
            "role": role,
            "regions": ",".join(regions),
            "disabled": False,
            "failed_logins": 0,
            "created_at": _now(),
        }
        conn.execute(insert(users), [row])
        audit(conn, "cli", "user_add", f"{name} role={role} regions={','.join(regions)}")
        found = conn.execute(select(users).where(users.c.name == name)).first()
    return _actor(found)


def list_users(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.name)).all()
    return [
        {
            "name": r.name,
            "role": r.role,
            "regions": r.regions,
            "disabled": bool(r.disabled),
            "locked_until": _aware(r.locked_until),
        }
        for r in rows
    ]


def disable_user(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(users).where(users.c.name == name).values(disabled=True))
        if done.rowcount == 0:
            raise UserError(f"no user {name!r}")
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.user_id.in_(select(users.c.id).where(users.c.name == name)))
            .values(revoked=True)
        )
        audit(conn, "cli", "user_disable", name)


def get_actor(engine: Engine, user_id: int) -> Actor | None:
    """An enabled user by id (the session's user), None when unknown or disabled."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id, users.c.disabled.is_(False))).first()
    return _actor(row) if row else None


@dataclass(frozen=True)
class SignIn:
    actor: Actor | None
    reason: str = ""  # "" | "bad" | "locked" | "disabled"
    locked_until: datetime | None = None


def sign_in(engine: Engine, name: str, password: str, remote_addr: str = "") -> SignIn:
    """Check a password; 5 failures in a row lock the account for 15 minutes. Every attempt is audited."""
    with engine.begin() as conn:
        row = conn.execute(select(users).where(users.c.name == name).with_for_update()).first()
        if row is None:
            _hasher.hash(password)  # same cost as a real check: no hint which names exist
            audit(conn, name[:80], "sign_in_failed", "unknown user", remote_addr)
            return SignIn(None, "bad")
        if row.disabled:
            audit(conn, row.name, "sign_in_failed", "disabled", remote_addr)
            return SignIn(None, "disabled")
        locked = _aware(row.locked_until)
        if locked and locked > _now():
            audit(conn, row.name, "sign_in_failed", "locked", remote_addr)
            return SignIn(None, "locked", locked)
        try:
            _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            failed = row.failed_logins + 1
            values: dict = {"failed_logins": failed}
            if failed >= MAX_FAILED_SIGN_INS:
                values = {"failed_logins": 0, "locked_until": _now() + timedelta(minutes=LOCK_MINUTES)}
            conn.execute(update(users).where(users.c.id == row.id).values(**values))
            audit(
                conn,
                row.name,
                "locked" if "locked_until" in values else "sign_in_failed",
                "wrong password",
                remote_addr,
            )
            return SignIn(None, "locked" if "locked_until" in values else "bad", values.get("locked_until"))
        conn.execute(update(users).where(users.c.id == row.id).values(failed_logins=0, locked_until=None))
        audit(conn, row.name, "sign_in", "", remote_addr)
        return SignIn(_actor(row))


def _token_hash(token: str) -> str:
    # Tokens are 256-bit random strings, so a plain SHA-256 is enough (no dictionary to guess from).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, name: str) -> str:
    """A new API token for a user, returned once; only its hash is stored."""
    token = "wt_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise UserError(f"no user {name!r}")
        if row.disabled:
            raise UserError(f"user {name!r} is disabled")
        row = {"user_id": row.id, "token_sha256": _token_hash(token), "created_at": _now()}
        conn.execute(insert(api_tokens), [row])
        audit(conn, "cli", "token_create", name)
    return token


def actor_for_token(engine: Engine, token: str) -> Actor | None:
    """The enabled owner of a token; its last use is recorded at most once a minute (reads stay reads)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(users, api_tokens.c.id.label("token_id"), api_tokens.c.last_used_at)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(
                api_tokens.c.token_sha256 == _token_hash(token),
                api_tokens.c.revoked.is_(False),
                users.c.disabled.is_(False),
            )
        ).first()
    if row is None:
        return None
    last = _aware(row.last_used_at)
    if last is None or _now() - last > timedelta(minutes=1):
        with engine.begin() as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.id == row.token_id).values(last_used_at=_now()))
    return _actor(row)


def read_audit(engine: Engine, limit: int = 500) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)).all()
    return [dict(r._mapping) for r in rows]


def shared_secret(engine: Engine, name: str) -> str:
    """A random secret kept in the database, so every worker and instance signs sessions with the same key."""
    from .models import app_secrets

    with engine.begin() as conn:
        value = conn.execute(select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar()
        if value is None:
            value = secrets.token_urlsafe(48)
            conn.execute(insert(app_secrets), [{"name": name, "value": value}])
    return value
