"""Demo mode (`make demo`, DEMO=1): the FICTITIOUS actual figures of examples/demo_actuals.xlsx in a database of
their own (instance/demo.db), imported once as one revision.

Nothing here runs unless DEMO=1: `load_demo` refuses without it and refuses the default database, and app.py only
imports this module in demo mode, so `make run` never reads examples/.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from .data import forget_head, get_geo
from .imports.parse import Vocabulary
from .imports.pipeline import ImportRefused, commit_file
from .indicators import build_dataset
from .settings import DEFAULT_DATABASE, ROOT, SETTINGS
from .store import migrate
from .store.bundled import SYSTEM_USER
from .store.models import DOCUMENTS
from .store.revisions import Revision, frames_at, head, rows_at
from .store.users import Actor

DEMO_WORKBOOK = ROOT / "examples" / "demo_actuals.xlsx"
DEMO_PREFIX = "demo-"  # every document of the demo workbook
DEMO_COMMENT = "示例数据（虚构）"
DEMO_ACTOR = Actor(name=SYSTEM_USER, role="admin")


class DemoRefused(ValueError):
    """The demo cannot be loaded here (not in demo mode, the production database, or the workbook is refused)."""


def demo_loaded(engine: Engine) -> bool:
    """Whether the head holds a demo document (the workbook was imported)."""
    with engine.connect() as conn:
        return any(str(d["id"]).startswith(DEMO_PREFIX) for d in rows_at(conn, DOCUMENTS, None))


def _is_default_database(engine: Engine) -> bool:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        return False
    return Path(url.database).resolve() == DEFAULT_DATABASE.resolve()


def load_demo(engine: Engine, workbook: Path = DEMO_WORKBOOK) -> Revision | None:
    """Import the demo workbook as one revision by the system user; None when it is already in the store.

    Call after prepare_store(). Raises DemoRefused outside demo mode, on the default (production) database and
    when the workbook does not pass the import checks (nothing is written then).
    """
    if not SETTINGS.demo:
        raise DemoRefused("the demo data is only loaded in demo mode (DEMO=1, `make demo`)")
    if _is_default_database(engine):
        raise DemoRefused(
            "refusing to load the demo data into the default database: set DATABASE_URL to a database of its own "
            "(`make demo` uses instance/demo.db)"
        )
    with migrate.startup_lock(engine):  # several workers starting at once: one imports, the others find it done
        if demo_loaded(engine):
            return None
        with engine.connect() as conn:
            dataset = build_dataset(frames_at(conn, head(conn)))
        geo = get_geo()
        data = workbook.read_bytes()
        try:
            revision, _ = commit_file(
                engine, workbook.name, data, DEMO_ACTOR, geo, Vocabulary.from_dataset(dataset, geo), DEMO_COMMENT
            )
        except ImportRefused as exc:
            details = "; ".join(str(p) for p in exc.preview.problems[:10])
            raise DemoRefused(f"{workbook.name} does not pass the import checks: {details}") from None
    forget_head()
    return revision
