"""The data the app shows, loaded in one place: the store's state at the head revision (or at `asof`), built once
per revision, and the catalogue of units (get_geo) beside it.

Reads see writes: the head revision is one indexed query, made once per request (the web layer opens a
request's memo with `begin_request`) and on every call outside requests. So a request that arrives after a
write's 201 — on the same or another worker or instance — shows that write.
"""

from __future__ import annotations

import tempfile
from contextvars import ContextVar, Token
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from .boundaries.catalogue import current_geo
from .geo import GeoData, bundled_geo
from .i18n import t
from .indicators import Dataset, build_dataset, bundled_directory
from .settings import SETTINGS
from .store import bundled, migrate
from .store.db import engine_for
from .store.revisions import Revision, frames_at, get_revision, head
from .store.users import shared_secret

# The head revision as this request first saw it, per database URL (None: not in a request, always ask).
_request_head: ContextVar[dict[str, int] | None] = ContextVar("request_head", default=None)


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


def begin_request() -> Token:
    """Start a request's memo of the head revision (web layer, before each request)."""
    return _request_head.set({})


def end_request(token: Token) -> None:
    _request_head.reset(token)


def forget_head() -> None:
    """After a write in this request: its next read asks the database again."""
    memo = _request_head.get()
    if memo is not None:
        memo.clear()


def head_revision(engine: Engine | None = None) -> int:
    """The newest revision: looked up once per request (one indexed query), and on every call outside one."""
    engine = engine or store_engine()
    memo = _request_head.get()
    url = str(engine.url)
    if memo is not None and url in memo:
        return memo[url]
    with engine.connect() as conn:
        rev = head(conn)
    if memo is not None:
        memo[url] = rev
    return rev


def get_geo() -> GeoData:
    """The catalogue the app uses: the bundled units (data/geo) with those of uploaded boundary files at the head
    revision (boundaries/catalogue.py: built once per set of uploaded units, so calling this often stays cheap)."""
    try:
        return geo_at(head_revision())
    except SQLAlchemyError:  # no schema yet (the first start-up migrates after loading the catalogue)
        return bundled_geo()


def geo_at(rev: int) -> GeoData:
    """The catalogue at a revision: the bundled units with the uploaded ones of that revision. With get_dataset(rev)
    it is everything a view at `rev` depends on, so results keyed on `rev` alone are right."""
    return current_geo(bundled_geo(), store_engine(), rev)


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


def data_at(rev: int) -> tuple[Dataset, GeoData]:
    """The dataset and the catalogue of one revision, side by side: what every view at `rev` is built from."""
    return get_dataset(rev), geo_at(rev)


def demo_marker(lang: str) -> str:
    """ "演示数据 · 非官方统计" in demo mode (`make demo`), "" otherwise."""
    return t("demo_marker", lang) if SETTINGS.demo else ""


def version_text(rev: int, lang: str) -> str:
    """ "数据版本 N（date）": how the page and every exported file name the data they show (+ the demo marker)."""
    info = revision_info(rev)
    text = t("data_version", lang, rev=rev, date=info.created_at.date().isoformat() if info else "")
    return " · ".join(p for p in (text, demo_marker(lang)) if p)
