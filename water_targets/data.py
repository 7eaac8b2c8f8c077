"""The data the app shows: the store's state at the head revision (or at `asof`), built once per revision.

Every process asks the database for the head at most every HEAD_TTL seconds, so an import through one
instance shows on every instance sharing the database within a second, with no restart.
"""

from __future__ import annotations

import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine

from .geo import get_geo
from .i18n import t
from .indicators import Dataset, build_dataset, bundled_directory
from .settings import SETTINGS
from .store import bundled, migrate
from .store.db import engine_for
from .store.revisions import Revision, frames_at, get_revision, head
from .store.users import shared_secret

HEAD_TTL = 0.25  # seconds a process trusts its last look at the head revision

_head = {"url": "", "rev": 0, "at": 0.0}
_head_lock = threading.Lock()


class UnknownRevision(ValueError):
    def __init__(self, asof: object, latest: int) -> None:
        super().__init__(f"data version {asof!r} does not exist (versions 1–{latest})")
        self.asof, self.latest = asof, latest


def store_engine() -> Engine:
    return engine_for(SETTINGS.database_url)


def prepare_store(engine: Engine | None = None) -> Revision | None:
    """Create or migrate the schema, then load or update the bundled dataset; safe with many workers at once."""
    engine = engine or store_engine()
    with migrate.startup_lock(engine), tempfile.TemporaryDirectory() as scratch:
        migrate.upgrade(engine)
        revision = bundled.sync_bundled(engine, bundled_directory(), get_geo(), Path(scratch))
        shared_secret(engine, "session_key")  # created here, under the start-up lock, by the first worker
    forget_head()
    return revision


def forget_head() -> None:
    with _head_lock:
        _head["at"] = 0.0


def head_revision(engine: Engine | None = None) -> int:
    """The newest revision, looked up at most every HEAD_TTL seconds per process."""
    engine = engine or store_engine()
    url = engine.url.render_as_string(hide_password=False)
    now = time.monotonic()
    with _head_lock:
        if _head["url"] == url and now - _head["at"] < HEAD_TTL:
            return int(_head["rev"])
    with engine.connect() as conn:
        rev = head(conn)
    with _head_lock:
        _head.update(url=url, rev=rev, at=now)
    return rev


def resolve_revision(asof: int | str | None, engine: Engine | None = None) -> int:
    """`asof` as a revision number that exists (None: the head); UnknownRevision otherwise."""
    latest = head_revision(engine)
    if asof is None or asof == "":
        return latest
    if isinstance(asof, str):
        if not (asof.isascii() and asof.isdigit() and len(asof) <= 9):
            raise UnknownRevision(asof, latest)
        asof = int(asof)
    if not 1 <= asof <= latest:
        raise UnknownRevision(asof, latest)
    return asof


@lru_cache(maxsize=16)
def _dataset_at(url: str, rev: int) -> Dataset:
    with engine_for(url).connect() as conn:
        return build_dataset(frames_at(conn, rev))


def get_dataset(rev: int | None = None) -> Dataset:
    """The dataset at a revision (default: the head). Data is validated when written, so it is not re-checked."""
    return _dataset_at(SETTINGS.database_url, head_revision() if rev is None else rev)


@lru_cache(maxsize=256)
def revision_info(rev: int) -> Revision | None:
    """A revision's number, date, user and counts (revisions never change once written)."""
    with store_engine().connect() as conn:
        return get_revision(conn, rev)


def demo_marker(lang: str) -> str:
    """ "演示数据 · 非官方统计" in demo mode (`make demo`), "" otherwise."""
    return t("demo_marker", lang) if SETTINGS.demo else ""


def version_text(rev: int, lang: str) -> str:
    """ "数据版本 N（date）": how the page and every exported file name the data they show (+ the demo marker)."""
    info = revision_info(rev)
    text = t("data_version", lang, rev=rev, date=info.created_at.date().isoformat() if info else "")
    return " · ".join(p for p in (text, demo_marker(lang)) if p)
