"""Entry point: the Dash app, its Flask `server` (for gunicorn app:server) and `python app.py`."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import dash_ag_grid
import plotly.graph_objects as go
from dash import Dash
from flask import Flask, request
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

import callbacks
from layouts import build_layout
from water_targets.data import get_dataset, get_geo, prepare_store, store_engine
from water_targets.imports.documents import MAX_PLAN_FILE_BYTES
from water_targets.imports.parse import MAX_BYTES as MAX_UPLOAD_BYTES
from water_targets.indicators import DataValidationError
from water_targets.settings import SETTINGS
from water_targets.store.users import shared_secret
from web import admin, boundaries
from web.api import api
from web.auth import init_auth
from web.export_api import export, render
from web.freshness import track_head
from web.limits import init_limits
from web.security import allow_uploads, content_security_policy, harden, trust_proxies
from web.serving import limit_malloc_arenas, serve_plotly_bundle
from web.write_api import write_api

# plotly.js "basic" (scatter, bar, pie), served to dcc.Graph instead of the full plotly.min.js;
# assets/vendor/ is kept out of the page's automatic <script> tags (assets_path_ignore).
PLOTLY_BUNDLE = Path(__file__).resolve().parent / "assets" / "vendor" / "plotly-basic-4.1.1.min.js"


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


def _defer_ag_grid() -> None:
    """Keep dash_ag_grid's bundle (285 KB brotli, the page's largest script) out of the first load.

    "dynamic" leaves it out of the page's <script> tags but still served at its URL; assets/lazy_ag_grid.js
    stands in for window.dash_ag_grid and loads it when the first grid (drawn when the table scrolls into
    view) renders.
    """
    for resource in dash_ag_grid._js_dist:
        if resource.get("relative_package_path") == "dash_ag_grid.min.js":
            resource["dynamic"] = True


def _warm_exports(server: Flask) -> None:
    """Under gunicorn, start this worker's kaleido browser at its first request, in the background.

    Starting it takes about 2 s, which the worker's first picture export (a chart PNG of 0.2 s warm) paid
    otherwise; with several workers, any export could land on one still cold. The page load that precedes an
    export gives it the time. Not under the dev server or the tests (no browser for a process that exports nothing).
    """
    warming = threading.Lock()
    started = False

    def warm() -> None:
        try:
            render(go.Figure(go.Scatter(x=[0, 1], y=[0, 1]), layout={"width": 64, "height": 64}), "png")
        except Exception:  # the first real export starts it again and reports what fails
            server.logger.exception("warming the export renderer failed")

    @server.before_request
    def _warm_once() -> None:
        nonlocal started
        if started or not request.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):
            return
        with warming:
            if started:
                return
            started = True
        threading.Thread(target=warm, name="kaleido-warm-up", daemon=True).start()


def create_app() -> Dash:
    limit_malloc_arenas()
    _load_data_or_exit()
    _defer_ag_grid()
    app = Dash(
        __name__,
        title="节水行动目标地图 · Water-Saving Targets",
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=True,
        compress=False,  # flask-compress is set up in harden() (brotli + gzip)
        assets_path_ignore=["vendor"],
    )
    app.layout = build_layout
    callbacks.register(app)
    track_head(app.server)  # every request reads the head revision as of its start: reads see writes
    init_auth(app.server, shared_secret(store_engine(), "session_key"))
    init_limits(app.server)  # per-client limits on sign-in, writes and exports (429 + Retry-After)
    app.server.register_blueprint(api)
    app.server.register_blueprint(export)
    app.server.register_blueprint(write_api)
    admin.register(app.server)
    boundaries.register(app.server)  # 上传边界文件: /admin/boundaries/, POST /api/v1/boundaries
    allow_uploads(app.server, ("write_api.imports", "admin.preview"), MAX_UPLOAD_BYTES)
    # A plan's PDF/DOC/DOCX/TXT, up to 20 MB (添加地区方案 and multipart POST /api/v1/documents).
    allow_uploads(app.server, ("admin.plan_new", "write_api.documents"), MAX_PLAN_FILE_BYTES)
    tile = urlparse(SETTINGS.tile_url)
    tile_origin = f"{tile.scheme}://{tile.netloc.replace('{s}', '*')}" if SETTINGS.tile_url else ""
    harden(app.server, content_security_policy(list(app.csp_hashes()), tile_origin))
    trust_proxies(app.server, SETTINGS.proxy_count)  # X-Forwarded-* believed only from PROXY_COUNT proxies
    serve_plotly_bundle(app.server, PLOTLY_BUNDLE, app.config.requests_pathname_prefix)
    _warm_exports(app.server)
    # Dash lists its scripts, and so the paths it serves, at a process's first request, but marks that done
    # before it is: a gunicorn worker's concurrent first requests then got 500s ("not a registered library"),
    # and the page stayed blank. Done here, before any request.
    with app.server.test_request_context("/"):
        app._setup_server()
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(host=SETTINGS.host, port=SETTINGS.port, debug=SETTINGS.debug)
