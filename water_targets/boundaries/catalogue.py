"""The catalogue the app uses: the bundled units (data/geo) plus the boundary files at the head revision.

get_geo() is called many times per request, so this costs one look at the head revision (data.head_revision, with
its TTL) and two dictionary look-ups; the uploaded rows are read once per head revision and the extended GeoData is
built once per set of uploaded rows (a values import does not rebuild it). Pages pinned to an older revision (asof)
use the head's catalogue: a unit removed by a revert stays out of every page.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache

from sqlalchemy.exc import SQLAlchemyError

from ..geo import GeoData
from ..store.models import BOUNDARIES
from ..store.revisions import rows_at

_lock = threading.Lock()


def unit_dicts(rows: tuple[dict, ...]) -> list[dict]:
    """Stored rows as the unit dicts of GeoData.extended."""
    return [
        {
            "adcode": r["adcode"],
            "name_zh": r["name_zh"],
            "name_en": r["name_en"],
            "level": r["level"],
            "parent": r["parent"],
            "geometry": json.loads(r["geometry"]),
            **({"label": json.loads(r["label"])} if r["label"] else {}),
        }
        for r in rows
    ]


@lru_cache(maxsize=8)
def _rows_at(url: str, rev: int) -> tuple[dict, ...]:
    from ..store.db import engine_for

    with engine_for(url).connect() as conn:
        rows = rows_at(conn, BOUNDARIES, rev)
    return tuple(sorted(({k: v for k, v in r.items() if k != "_vid"} for r in rows), key=lambda r: r["adcode"]))


_extended: dict[tuple, GeoData] = {}


def current_geo(base: GeoData) -> GeoData:
    """`base` with the uploaded units of the head revision (just `base` while the store is not ready)."""
    from ..data import head_revision, store_engine

    try:
        engine = store_engine()
        rev = head_revision(engine)
        rows = _rows_at(engine.url.render_as_string(hide_password=False), rev) if rev else ()
    except SQLAlchemyError:  # no schema yet (the first start-up migrates after loading the catalogue)
        return base
    if not rows:
        return base
    key = (id(base), tuple((r["adcode"], hash(r["geometry"]), r["name_zh"], r["name_en"], r["parent"]) for r in rows))
    hit = _extended.get(key)
    if hit is None:
        with _lock:
            hit = _extended.get(key)
            if hit is None:
                hit = base.extended(unit_dicts(rows))
                if len(_extended) > 8:
                    _extended.clear()
                _extended[key] = hit
    return hit
