"""Users, roles, region scopes, API tokens and the audit log (passwords hashed with argon2)."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from zxcvbn import zxcvbn

from ..geo import GeoData
from .db import write_transaction
from .models import api_tokens, app_secrets, audit_log, sign_in_failures, users

ROLES = ("editor", "admin")
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 128  # ASVS 2.1.2; longer input would only cost the server
MIN_PASSWORD_SCORE = 3  # zxcvbn: 3 = "safely unguessable" (about 10^8–10^10 guesses); refuses common passwords
FREE_FAILURES = 4  # failed sign-ins of one client for one account before the back-off starts
BACKOFF_FIRST = timedelta(minutes=1)  # then doubled on every further failure …
BACKOFF_MAX = timedelta(hours=1)  # … up to this
TOKEN_DAYS = 90  # default lifetime of an API token (also of tokens made before they had one)
MAX_TOKEN_DAYS = 366
_hasher = PasswordHasher()


class UserError(ValueError):
    """A user command that cannot be carried out (unknown user, bad role, weak password …). `key` names the text of
    water_targets.i18n a page shows for it, where there is one."""

    def __init__(self, message: str, key: str = "") -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Actor:
    """Who is writing: a signed-in user, a token's owner, or the system (bundled dataset)."""

    name: str
    role: str
    regions: tuple[str, ...] = ()
    id: int | None = None
    session_gen: int = 0  # sessions signed in under another value have ended

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
    return Actor(name=row.name, role=row.role, regions=regions, id=row.id, session_gen=int(row.session_gen or 0))


def audit(conn: Connection, user: str, action: str, detail: str = "", remote_addr: str = "") -> None:
    conn.execute(
        insert(audit_log),
        [
            {
                "at": _now(),
                "user_name": user[:80],
                "action": action[:40],
                "detail": detail[:2000],
                "remote_addr": remote_addr[:64],
            }
        ],
    )


def record(engine: Engine, user: str, action: str, detail: str = "", remote_addr: str = "") -> None:
    """One audit row in a transaction of its own (sign-out, refusals …)."""
    with write_transaction(engine) as conn:
        audit(conn, user, action, detail, remote_addr)


def password_problem(password: str, name: str = "") -> str | None:
    """Why a new password is refused, as a text key of water_targets.i18n (None: accepted).

    At least 12 characters and not guessable: zxcvbn's estimate, which knows the common-password lists, words,
    names, keyboard patterns, repeats and dates, and the user's own name."""
    if len(password) < MIN_PASSWORD_CHARS:
        return "pw_too_short"
    if len(password) > MAX_PASSWORD_CHARS:
        return "pw_too_long"
    if name and name.strip().casefold() in password.casefold():
        return "pw_has_name"
    if zxcvbn(password, user_inputs=[name] if name else [])["score"] < MIN_PASSWORD_SCORE:
        return "pw_guessable"
    return None


PASSWORD_PROBLEMS_EN = {
    "pw_too_short": f"a password has at least {MIN_PASSWORD_CHARS} characters",
    "pw_too_long": f"a password has at most {MAX_PASSWORD_CHARS} characters",
    "pw_has_name": "a password must not contain the user name",
    "pw_guessable": "this password is too common or easy to guess (try a few unrelated words)",
}


def _check_password(password: str, name: str) -> None:
    problem = password_problem(password, name)
    if problem:
        raise UserError(PASSWORD_PROBLEMS_EN[problem], problem)


def add_user(engine: Engine, name: str, role: str, password: str, regions: list[str], geo: GeoData) -> Actor:
    name = name.strip()
    if not name or len(name) > 80 or any(not ch.isprintable() for ch in name):
        raise UserError("a user name is 1–80 printable characters")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    _check_password(password, name)
    unknown = [r for r in regions if r not in geo.regions]
    if unknown:
        raise UserError(f"unknown region(s): {', '.join(unknown)}")
    if role == "editor" and not regions:
        raise UserError("an editor needs at least one --region (an adcode; its counties are included)")
    password_hash = _hasher.hash(password)
    with write_transaction(engine) as conn:
        if conn.execute(select(users.c.id).where(users.c.name == name)).first():
            raise UserError(f"user {name!r} exists")
        row = {
            "name": name,
            "password_hash": password_hash,
            "role": role,
            "regions": ",".join(regions),
            "disabled": False,
            "failed_logins": 0,
            "created_at": _now(),
            "password_changed_at": _now(),
        }
        conn.execute(insert(users), [row])
        audit(conn, "cli", "user_add", f"{name} role={role} regions={','.join(regions)}")
        found = conn.execute(select(users).where(users.c.name == name)).first()
    return _actor(found)


def list_users(engine: Engine) -> list[dict]:
    now = _now()
    with engine.connect() as conn:
        rows = conn.execute(select(users).order_by(users.c.name)).all()
        locks = conn.execute(
            select(sign_in_failures.c.user_name, sign_in_failures.c.locked_until).where(
                sign_in_failures.c.locked_until.is_not(None)
            )
        ).all()
    locked: dict[str, datetime] = {}
    for lock in locks:
        until = _aware(lock.locked_until)
        if until and until > now:
            locked[lock.user_name] = max(until, locked.get(lock.user_name, until))
    return [
        {
            "name": r.name,
            "role": r.role,
            "regions": r.regions,
            "disabled": bool(r.disabled),
            "locked_until": locked.get(r.name),
        }
        for r in rows
    ]


def _end_sessions(conn: Connection, where) -> None:
    conn.execute(update(users).where(where).values(session_gen=users.c.session_gen + 1))


def disable_user(engine: Engine, name: str) -> None:
    with write_transaction(engine) as conn:
        done = conn.execute(update(users).where(users.c.name == name).values(disabled=True))
        if done.rowcount == 0:
            raise UserError(f"no user {name!r}")
        _end_sessions(conn, users.c.name == name)
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.user_id.in_(select(users.c.id).where(users.c.name == name)))
            .values(revoked=True)
        )
        audit(conn, "cli", "user_disable", name)


def unlock_user(engine: Engine, name: str, by: str = "cli", remote_addr: str = "") -> int:
    """Lift every sign-in back-off on an account (from any client); how many were lifted."""
    with write_transaction(engine) as conn:
        if conn.execute(select(users.c.id).where(users.c.name == name)).first() is None:
            raise UserError(f"no user {name!r}")
        done = conn.execute(delete(sign_in_failures).where(sign_in_failures.c.user_name == name))
        audit(conn, by, "user_unlock", name, remote_addr)
    return int(done.rowcount or 0)


def get_actor(engine: Engine, user_id: int) -> Actor | None:
    """An enabled user by id (the session's user), None when unknown or disabled."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id, users.c.disabled.is_(False))).first()
    return _actor(row) if row else None


def end_sessions(engine: Engine, actor: Actor, remote_addr: str = "") -> None:
    """Sign-out: every session of this user (any browser, any worker) ends now."""
    with write_transaction(engine) as conn:
        _end_sessions(conn, users.c.id == actor.id)
        audit(conn, actor.name, "sign_out", "", remote_addr)


@dataclass(frozen=True)
class SignIn:
    actor: Actor | None
    reason: str = ""  # for the audit log only: "" | "unknown" | "wrong" | "locked" | "disabled"


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _backoff(failures: int) -> timedelta | None:
    if failures <= FREE_FAILURES:
        return None
    return min(BACKOFF_FIRST * 2 ** (failures - FREE_FAILURES - 1), BACKOFF_MAX)


def sign_in(engine: Engine, name: str, password: str, remote_addr: str = "") -> SignIn:
    """Check a password. Every failure — unknown name, wrong password, disabled, backed off — costs one argon2
    verification and says the same; only the audit log tells them apart.

    Failures are counted per (client address, account): after FREE_FAILURES the pair is refused for 1, 2, 4 …
    minutes (at most BACKOFF_MAX), even with the right password, while the account stays open from elsewhere.
    The hash is checked outside the write transaction, so parallel sign-ins do not queue behind it."""
    name, client = name[:80], remote_addr[:64]
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
        failed = conn.execute(
            select(sign_in_failures).where(sign_in_failures.c.client == client, sign_in_failures.c.user_name == name)
        ).first()
    correct = _verify(row.password_hash if row is not None else _dummy_hash(), password)
    now = _now()
    until = _aware(failed.locked_until) if failed is not None else None
    if row is None:
        reason = "unknown"
    elif until is not None and until > now:
        reason = "locked"
    elif row.disabled:
        reason = "disabled"
    elif not correct:
        reason = "wrong"
    else:
        reason = ""
    with write_transaction(engine) as conn:
        if not reason:
            conn.execute(
                delete(sign_in_failures).where(
                    sign_in_failures.c.client == client, sign_in_failures.c.user_name == name
                )
            )
            if _hasher.check_needs_rehash(row.password_hash):
                conn.execute(update(users).where(users.c.id == row.id).values(password_hash=_hasher.hash(password)))
            audit(conn, row.name, "sign_in", "", client)
            return SignIn(_actor(row))
        if reason == "locked":
            audit(conn, name, "sign_in_failed", f"backed off until {until.isoformat(timespec='seconds')}", client)
            return SignIn(None, reason)
        failures = (failed.failures if failed is not None else 0) + 1
        wait = _backoff(failures)
        values = {"failures": failures, "locked_until": now + wait if wait else None, "last_at": now}
        if failed is None:
            conn.execute(insert(sign_in_failures), [{"client": client, "user_name": name, **values}])
        else:
            conn.execute(
                update(sign_in_failures)
                .where(sign_in_failures.c.client == client, sign_in_failures.c.user_name == name)
                .values(**values)
            )
        detail = {"unknown": "unknown user", "wrong": "wrong password", "disabled": "disabled"}[reason]
        if wait:
            audit(conn, name, "locked", f"{detail}; {failures} failures from this client, back-off {wait}", client)
        else:
            audit(conn, name, "sign_in_failed", detail, client)
        return SignIn(None, reason)


def password_matches(engine: Engine, name: str, password: str) -> bool:
    """Re-authentication before a sensitive step (a new token): the enabled user's current password."""
    with engine.connect() as conn:
        query = select(users.c.password_hash).where(users.c.name == name, users.c.disabled.is_(False))
        row = conn.execute(query).first()
    return _verify(row.password_hash if row is not None else _dummy_hash(), password) and row is not None


def change_password(
    engine: Engine, name: str, new: str, current: str | None = None, by: str = "cli", remote_addr: str = ""
) -> Actor:
    """Set a new password (checked against the policy). With `current` (a user changing their own) the old one
    must match. Every session of the user ends; the caller signs the current browser in again."""
    _check_password(new, name)
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name, users.c.disabled.is_(False))).first()
    if row is None:
        raise UserError(f"no enabled user {name!r}")
    if current is not None and not _verify(row.password_hash, current):
        raise UserError("the current password is wrong", "adm_password_wrong")
    if _verify(row.password_hash, new):
        raise UserError("the new password is the current one", "adm_password_same")
    password_hash = _hasher.hash(new)
    with write_transaction(engine) as conn:
        conn.execute(
            update(users)
            .where(users.c.id == row.id)
            .values(password_hash=password_hash, password_changed_at=_now(), session_gen=users.c.session_gen + 1)
        )
        audit(conn, by, "password_change", name, remote_addr)
        found = conn.execute(select(users).where(users.c.id == row.id)).first()
    return _actor(found)


def _token_hash(token: str) -> str:
    # Tokens are 256-bit random strings, so a plain SHA-256 is enough (no dictionary to guess from).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    engine: Engine, name: str, label: str = "", days: int = TOKEN_DAYS, by: str = "cli", remote_addr: str = ""
) -> str:
    """A new API token for a user, valid `days` days, returned once; only its hash is stored."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise UserError(f"a token lives 1–{MAX_TOKEN_DAYS} days")
    label = label.strip()
    if len(label) > 80 or any(not ch.isprintable() for ch in label):
        raise UserError("a token name is at most 80 printable characters")
    token = "wt_" + secrets.token_urlsafe(32)
    with write_transaction(engine) as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise UserError(f"no user {name!r}")
        if row.disabled:
            raise UserError(f"user {name!r} is disabled")
        now = _now()
        values = {
            "user_id": row.id,
            "token_sha256": _token_hash(token),
            "created_at": now,
            "name": label,
            "expires_at": now + timedelta(days=days),
        }
        conn.execute(insert(api_tokens), [values])
        audit(conn, by, "token_create", f"{name}: {label or '(no name)'}, {days} days", remote_addr)
    return token


def _expiry(row) -> datetime:
    return _aware(row.expires_at) or _aware(row.created_at) + timedelta(days=TOKEN_DAYS)


def list_tokens(engine: Engine, name: str | None = None) -> list[dict]:
    """Tokens (never their secret), newest first; of one user when `name` is given."""
    query = (
        select(api_tokens, users.c.name.label("user_name"))
        .join(users, users.c.id == api_tokens.c.user_id)
        .order_by(api_tokens.c.id.desc())
    )
    if name is not None:
        query = query.where(users.c.name == name)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    now = _now()
    return [
        {
            "id": r.id,
            "user": r.user_name,
            "name": r.name or "",
            "created_at": _aware(r.created_at),
            "expires_at": _expiry(r),
            "last_used_at": _aware(r.last_used_at),
            "revoked": bool(r.revoked),
            "active": not r.revoked and _expiry(r) > now,
        }
        for r in rows
    ]


def revoke_token(engine: Engine, token_id: int, by: Actor | None = None, remote_addr: str = "") -> None:
    """Revoke one token. A user may revoke their own tokens, an admin any (by=None: the command line)."""
    with write_transaction(engine) as conn:
        row = conn.execute(
            select(api_tokens.c.id, api_tokens.c.revoked, users.c.name)
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.id == token_id)
        ).first()
        if row is None or (by is not None and not by.is_admin and row.name != by.name):
            raise UserError(f"no token {token_id}")
        conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked=True))
        audit(conn, by.name if by else "cli", "token_revoke", f"token {token_id} of {row.name}", remote_addr)


def actor_for_token(engine: Engine, token: str) -> Actor | None:
    """The enabled owner of a live (not revoked, not expired) token; its last use is recorded at most once a
    minute (reads stay reads)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                users,
                api_tokens.c.id.label("token_id"),
                api_tokens.c.last_used_at,
                api_tokens.c.expires_at,
                api_tokens.c.created_at.label("token_created_at"),
            )
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(
                api_tokens.c.token_sha256 == _token_hash(token),
                api_tokens.c.revoked.is_(False),
                users.c.disabled.is_(False),
            )
        ).first()
    if row is None:
        return None
    now = _now()
    expires = _aware(row.expires_at) or _aware(row.token_created_at) + timedelta(days=TOKEN_DAYS)
    if expires <= now:
        return None
    last = _aware(row.last_used_at)
    if last is None or now - last > timedelta(minutes=1):
        with write_transaction(engine) as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.id == row.token_id).values(last_used_at=now))
    return _actor(row)


def read_audit(engine: Engine, limit: int = 500) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)).all()
    return [dict(r._mapping) for r in rows]


def shared_secret(engine: Engine, name: str) -> str:
    """A random secret kept in the database, so every worker and instance signs sessions with the same key."""
    with write_transaction(engine) as conn:
        value = conn.execute(select(app_secrets.c.value).where(app_secrets.c.name == name)).scalar()
        if value is None:
            value = secrets.token_urlsafe(48)
            conn.execute(insert(app_secrets), [{"name": name, "value": value}])
    return value
