"""The catalogue the app uses: the bundled units (data/geo) plus the boundary files at the head revision.

data.get_geo() is called many times per request, so this costs the request's one look at the head revision and
two dictionary look-ups; the uploaded rows are read once per head revision and the extended GeoData is
built once per set of uploaded rows (a values import does not rebuild it). Pages pinned to an older revision (asof)
use the head's catalogue: a unit removed by a revert stays out of every page.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache

from sqlalchemy import Engine

from ..geo import GeoData
from ..store.db import engine_for
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
    with engine_for(url).connect() as conn:
        rows = rows_at(conn, BOUNDARIES, rev)
    return tuple(sorted(({k: v for k, v in r.items() if k != "_vid"} for r in rows), key=lambda r: r["adcode"]))


_extended: dict[tuple, GeoData] = {}


def current_geo(base: GeoData, engine: Engine, rev: int) -> GeoData:
    """`base` with the uploaded units of revision `rev` of the store (SQLAlchemyError while it has no schema)."""
    rows = _rows_at(engine.url.render_as_string(hide_password=False), rev) if rev else ()
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
