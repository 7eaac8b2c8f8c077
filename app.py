"""Entry point: the Dash app, its Flask `server` (for gunicorn app:server) and `python app.py`."""

from __future__ import annotations

import sys
from urllib.parse import urlparse

from dash import Dash
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

import callbacks
from layouts import build_layout
from water_targets.api import api
from water_targets.data import get_dataset, prepare_store, store_engine
from water_targets.export_api import export
from water_targets.geo import get_geo
from water_targets.imports.parse import MAX_BYTES as MAX_UPLOAD_BYTES
from water_targets.indicators import DataValidationError
from water_targets.settings import SETTINGS
from water_targets.store.users import shared_secret
from water_targets.web import allow_uploads, content_security_policy, harden
from web import admin
from web.auth import init_auth
from web.write_api import write_api


def _load_data_or_exit() -> None:
    """Load and validate the data at start-up: a broken file stops the app with file, row and column."""
    try:
        get_geo()
        prepare_store()
        if SETTINGS.demo:  # `make demo` only: nothing on the `make run` path imports or reads examples/
            from water_targets.demo import load_demo

            load_demo(store_engine())
        get_dataset()
    except DataValidationError as exc:
        sys.stderr.write(str(exc) + "\n")
        raise SystemExit(2) from None
    except SQLAlchemyError as exc:
        where = make_url(SETTINGS.database_url).render_as_string(hide_password=True)
        sys.stderr.write(
            f"cannot open the database {where} (DATABASE_URL): {exc.__class__.__name__}: {exc.orig or exc}\n"
        )
        raise SystemExit(2) from None
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"cannot load data: {exc}\n")
        raise SystemExit(2) from None


def create_app() -> Dash:
    _load_data_or_exit()
    app = Dash(
        __name__,
        title="节水行动目标地图 · Water-Saving Targets",
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=True,
        compress=False,  # flask-compress is set up in harden() (brotli + gzip)
    )
    app.layout = build_layout
    callbacks.register(app)
    init_auth(app.server, shared_secret(store_engine(), "session_key"))
    app.server.register_blueprint(api)
    app.server.register_blueprint(export)
    app.server.register_blueprint(write_api)
    admin.register(app.server)
    allow_uploads(app.server, ("write_api.imports", "admin.preview"), MAX_UPLOAD_BYTES)
    tile = urlparse(SETTINGS.tile_url)
    tile_origin = f"{tile.scheme}://{tile.netloc.replace('{s}', '*')}" if SETTINGS.tile_url else ""
    harden(app.server, content_security_policy(list(app.csp_hashes()), tile_origin))
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host=SETTINGS.host, port=SETTINGS.port, debug=SETTINGS.debug)
