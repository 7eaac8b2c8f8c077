"""Entry point: the Dash app, its Flask `server` (served by `gunicorn -c gunicorn.conf.py app:server`), the start-up
warm-up, and `python app.py` (Flask's development server, for debugging)."""

from __future__ import annotations

import hashlib
import logging
import re
import sys
import threading
import time
from html import escape
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import urlparse

import dash_ag_grid
import plotly.graph_objects as go
from dash import Dash, dash_table
from dash import _dash_renderer as dash_renderer
from dash.development.base_component import Component
from flask import Flask, has_request_context, request
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

import callbacks
from callbacks.initial import with_initial
from callbacks.view import with_map
from layouts import page_layout
from layouts.first_paint import FirstPaint, first_paint, preview_tags
from layouts.page import boundary_url, context_query
from water_targets import cached as cache
from water_targets.choropleth import OVERVIEW, view_for
from water_targets.data import data_at, get_dataset, get_geo, head_revision, prepare_store, store_engine
from water_targets.i18n import DEFAULT_LANG
from water_targets.imports.documents import MAX_PLAN_FILE_BYTES
from water_targets.imports.parse import MAX_BYTES as MAX_UPLOAD_BYTES
from water_targets.indicators import DataValidationError
from water_targets.regions import plan_codes
from water_targets.settings import SETTINGS
from water_targets.store.users import shared_secret
from water_targets.urlstate import default_indicator
from web import admin, boundaries, indicator_pages
from web.api import api
from web.auth import init_auth
from web.export_api import export, render
from web.freshness import track_head
from web.limits import init_limits
from web.security import allow_uploads, content_security_policy, harden, trust_proxies
from web.serving import (
    answer_inside,
    is_ready,
    limit_malloc_arenas,
    mark_ready,
    precompress,
    quiet_seconds,
    register_health,
    serve_page_scripts,
    serve_plotly_bundle,
    track_quiet,
)
from web.view_snapshot import register_snapshot
from web.write_api import write_api

# plotly.js "basic" (scatter, bar, pie), served to dcc.Graph instead of the full plotly.min.js;
# assets/vendor/ is kept out of the page's automatic <script> tags (assets_path_ignore).
PLOTLY_BUNDLE = Path(__file__).resolve().parent / "assets" / "vendor" / "plotly-basic-4.1.1.min.js"
ASSETS = PLOTLY_BUNDLE.parents[1]
REGENERATOR = PLOTLY_BUNDLE.with_name("regenerator-runtime-0.14.1.js")
AG_GRID_PATH = "_dash-component-suites/dash_ag_grid/dash_ag_grid.min.js"  # loaded with the first grid


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


def _unused_scripts_out() -> list[str]:
    """Leave out of the page what it never runs: dash_table's bundle (the dashboard draws no DataTable; Dash lists
    every component library it imports) and @babel/polyfill (29 KB brotli: core-js for browsers the page does not
    support, and regenerator-runtime, which dash-renderer's and dcc's async code needs). Returns the page's
    external scripts: regenerator-runtime alone (6 KB brotli, assets/vendor/, scripts/fetch_regenerator_runtime.py),
    where the polyfill was (Dash puts external scripts right after React). 35 KB fewer for a phone to wait for."""
    for resource in dash_table._js_dist:
        if resource.get("relative_package_path") == "dash_table/bundle.js":
            resource["dynamic"] = True
    for dependency in dash_renderer._js_dist_dependencies:
        for paths in dependency.get("relative_package_path", {}).values():
            paths[:] = [p for p in paths if not p.startswith("deps/polyfill@")]
        for urls in dependency.get("external_url", {}).values():
            urls[:] = [u for u in urls if "/@babel/polyfill@" not in u]
    version = hashlib.sha256(REGENERATOR.read_bytes()).hexdigest()[:12]  # the URL changes with the file
    return [f"/assets/vendor/{REGENERATOR.name}?m={version}"]


EXPORT_BROWSER_QUIET = 10.0  # s without a request before a worker starts its export browser


def start_export_browser(server: Flask, quiet: float = EXPORT_BROWSER_QUIET) -> threading.Thread:
    """Start this process's kaleido browser in the background at the worker's first quiet moment: once it has
    answered no request for `quiet` seconds (gunicorn.conf.py, as each worker starts).

    Starting it takes about 2 s of a core, which the worker's first picture export (a chart PNG of 0.2 s warm) paid
    otherwise; with several workers, any export could land on one still cold. Not while pages are being loaded:
    the browsers of every worker starting at once took the machine's cores from the first visitors after a deploy
    (a phone's first visit was interactive at 4.5 s instead of 3.6 s; bench/first_visit.py), and a pause of 3 s
    came in the middle of a slow phone's page load. An export before the quiet moment starts the browser itself.
    Never before gunicorn forks its workers (a browser and its threads do not survive a fork), and not under the
    tests (no browser for a process that exports nothing).
    """

    def warm() -> None:
        while quiet_seconds(server) < quiet:
            time.sleep(0.5)
        try:
            render(go.Figure(go.Scatter(x=[0, 1], y=[0, 1]), layout={"width": 64, "height": 64}), "png")
        except Exception:  # the first real export starts it again and reports what fails
            logging.getLogger(__name__).exception("warming the export renderer failed")

    thread = threading.Thread(target=warm, name="kaleido-warm-up", daemon=True)
    thread.start()
    return thread


WARM_REGIONS = 20  # plan regions whose view is prepared at start-up (the overview and the region menu's first ones)
STATIC_URL = re.compile(r'<(?:script|link)[^>]*? (?:src|href)="(/[^/"][^"]*)"')


def warm_regions(rev: int) -> list[str]:
    """The views prepared at start-up: the overview and the region menu's first WARM_REGIONS plan regions."""
    return [OVERVIEW, *plan_codes(*data_at(rev))][: WARM_REGIONS + 1]


def first_page_urls(app: Dash, rev: int, regions: list[str]) -> list[str]:
    """What the first visit asks for besides the page and its scripts: the callback graph, the map's background,
    the layout and the boundaries of these regions' views, and dash_ag_grid's bundle (the first grid)."""
    dataset, geo = data_at(rev)
    prefix = app.config.requests_pathname_prefix
    urls = [prefix + "_dash-layout", prefix + "_dash-dependencies", context_query(rev)]
    for region in regions:
        urls.append(f"{prefix}_dash-layout?region={region}")
        urls.append(boundary_url(view_for(dataset, geo, region).boundary_query, rev))
    urls.append(prefix + AG_GRID_PATH)
    return list(dict.fromkeys(urls))


def warm_views(rev: int, regions: list[str]) -> None:
    """The memoised builders of the initial callbacks (map state and progress, menus, table rows) for these views
    in the default indicator and language: what a view's first visitor waited for (water_targets/cached.py)."""
    for region in regions:
        try:
            first_paint(f"region={region}")  # the page's first paint (layouts/first_paint.py), at the latest data
            indicator = default_indicator(*data_at(rev), region)
            cache.browser_map_state(rev, region, indicator, DEFAULT_LANG)
            cache.indicator_options(rev, region, DEFAULT_LANG)
            cache.view_rows(rev, region, indicator, DEFAULT_LANG)
            cache.progress_table_rows(rev, region, DEFAULT_LANG)
        except Exception:  # a view without the default indicator: its first visitor builds it
            logging.getLogger(__name__).debug("warming the view of %s skipped", region, exc_info=True)
    cache.region_options(rev, DEFAULT_LANG)


def warm_up(app: Dash) -> dict[str, float]:
    """Do at start-up, once, what the first visitor of a process paid (issue 18): the dataset and the catalogue
    (loaded by create_app), the page, its scripts and the first page's boundaries answered once inside the process
    (bodies kept per data revision, brotli-11 kept in memory and on disk, COMPRESS_CACHE_DIR: web/serving.py), and
    the initial callbacks' builders. Then `/healthz` answers 200.

    gunicorn.conf.py calls it in the master before it forks the workers (preload_app: done once, shared by every
    worker), `python app.py` before it serves. Idempotent; a part that fails is logged and left to the first
    request. Returns the seconds each part took.
    """
    server = app.server
    if is_ready(server):
        return {}
    log = logging.getLogger(__name__)
    took: dict[str, float] = {}
    started = time.monotonic()
    rev = head_revision()
    try:
        page = answer_inside(server, app.config.requests_pathname_prefix, accept_encoding="").get_data(as_text=True)
        for url in dict.fromkeys(STATIC_URL.findall(page)):
            answer_inside(server, html_unescape(url))
    except Exception:
        log.exception("warming the page's scripts failed")
    try:
        precompress(server, PLOTLY_BUNDLE.read_bytes())  # the first chart's (served before Dash's routes)
    except OSError:
        log.exception("warming plotly.js's basic bundle failed")
    took["page and scripts"] = time.monotonic() - started
    regions = warm_regions(rev)
    for url in first_page_urls(app, rev, regions):
        mark = time.monotonic()
        try:
            answer_inside(server, url)
        except Exception:
            log.exception("warming %s failed", url)
        took[url] = time.monotonic() - mark
    mark = time.monotonic()
    warm_views(rev, regions)
    took["initial callbacks"] = time.monotonic() - mark
    took["total"] = time.monotonic() - started
    mark_ready(server)
    return took


# What the scripts ask for only once they have run, asked for with the HTML instead (rel=preload): the layout and the
# callback graph (dash-renderer's fetch: CORS mode, same-origin credentials), and the code-split parts of the
# controls and of the map (webpack's script tags). On a slow phone each saved a round trip after the bundles.
FIRST_FETCHES = ("_dash-layout", "_dash-dependencies")
FIRST_CHUNKS = (
    "_dash-component-suites/dash/dcc/async-dropdown.js",
    "_dash-component-suites/dash/dcc/async-slider.js",
    "_dash-component-suites/dash_leaflet/async-GeoJSON.js",
)


def preload_tags(prefix: str, query: str, paint: FirstPaint | None) -> str:
    """<link rel=preload> tags: the first paint's boundaries and FIRST_FETCHES as fetch (the layout with the page's
    query, as assets/view_sync.js asks for it) and FIRST_CHUNKS as scripts. Not the map's background: on a slow
    network its 40 KB would share the bandwidth the scripts need (assets/first_paint.js asks for it once they
    have come)."""
    first = [prefix + path + (f"?{query}" if query and path == "_dash-layout" else "") for path in FIRST_FETCHES]
    fetch = '<link rel="preload" as="fetch" crossorigin="anonymous" href="{}">'
    tags = [fetch.format(escape(url)) for url in [*([paint.boundaries] if paint else []), *first]]
    tags += [f'<link rel="preload" as="script" href="{escape(prefix + path)}">' for path in FIRST_CHUNKS]
    return "".join(f"\n      {tag}" for tag in tags)


def first_view_layout() -> Component:
    """The layout Dash serves: built from the page's URL (layouts/page.py page_layout) with its map's first state
    (callbacks/view.py with_map) and what the callbacks would have said when the page is drawn
    (callbacks/initial.py with_initial): the page is drawn without a round of callbacks."""
    return with_initial(with_map(page_layout()))


class WaterDash(Dash):
    """Dash whose page carries the view's first paint (issue 18, layouts/first_paint.py): the static page with the
    server-drawn map before the scripts' page (#react-entry-point, hidden by style.css until assets/first_paint.js
    shows it), the view's title and link-preview tags, and preloads of the boundaries its map asks for first."""

    def interpolate_index(self, **kwargs: str) -> str:
        prefix = self.config.requests_pathname_prefix
        paint, query = None, ""
        if has_request_context() and request.path == prefix:
            query = request.query_string.decode("latin-1")
            paint = first_paint(query)
        kwargs["css"] += preload_tags(prefix, query, paint)
        if paint is not None:
            kwargs["title"] = escape(f"{paint.title} · {kwargs['title']}")
            kwargs["metas"] += "".join(f"\n      {tag}" for tag in preview_tags(paint, request.host_url))
            kwargs["app_entry"] = paint.markup + kwargs["app_entry"]
        return super().interpolate_index(**kwargs)


def create_app() -> Dash:
    limit_malloc_arenas()
    _load_data_or_exit()
    _defer_ag_grid()
    external_scripts = _unused_scripts_out()
    app = WaterDash(
        __name__,
        external_scripts=external_scripts,
        title="节水行动目标地图 · Water-Saving Targets",
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=True,
        compress=False,  # flask-compress is set up in harden() (brotli + gzip)
        assets_path_ignore=["vendor"],
        # admin.css: the data-management pages' (layouts/templates/base.html links it); the scripts: one file
        # (serve_page_scripts, put in their place below)
        assets_ignore=r"^admin\.css$|\.js$",
    )
    app.layout = first_view_layout
    callbacks.register(app)
    track_head(app.server)  # every request reads the head revision as of its start: reads see writes
    init_auth(app.server, shared_secret(store_engine(), "session_key"))
    init_limits(app.server)  # per-client limits on sign-in, writes and exports (429 + Retry-After)
    app.server.register_blueprint(api)
    app.server.register_blueprint(export)
    app.server.register_blueprint(write_api)
    admin.register(app.server)
    register_snapshot(app.server)  # GET /snapshot.svg: the map of a page URL's view (link previews)
    indicator_pages.register(app.server)  # GET /indicators/<id>: an indicator's metadata page (issue 21)
    boundaries.register(app.server)  # 上传边界文件: /admin/boundaries/, POST /api/v1/boundaries
    allow_uploads(app.server, ("write_api.imports", "admin.preview"), MAX_UPLOAD_BYTES)
    # A plan's PDF/DOC/DOCX/TXT, up to 20 MB (添加地区方案 and multipart POST /api/v1/documents).
    allow_uploads(app.server, ("admin.plan_new", "write_api.documents"), MAX_PLAN_FILE_BYTES)
    # A plan read for review (从文件提取): its file, or its text posted back with the reviewed rows.
    allow_uploads(app.server, ("admin.extract_review", "admin.extract_preview", "write_api.extract"),
                  MAX_PLAN_FILE_BYTES)
    tile = urlparse(SETTINGS.tile_url)
    tile_origin = f"{tile.scheme}://{tile.netloc.replace('{s}', '*')}" if SETTINGS.tile_url else ""
    harden(app.server, content_security_policy(list(app.csp_hashes()), tile_origin))
    trust_proxies(app.server, SETTINGS.proxy_count)  # X-Forwarded-* believed only from PROXY_COUNT proxies
    serve_plotly_bundle(app.server, PLOTLY_BUNDLE, app.config.requests_pathname_prefix)
    # Where Dash put assets/*.js: after the component libraries (the scripts add Leaflet hooks), before its renderer.
    page_scripts = serve_page_scripts(app.server, ASSETS, app.config.requests_pathname_prefix)
    app.scripts.append_script({"external_url": page_scripts, "external_only": True})
    track_quiet(app.server)  # when this process last answered a request (start_export_browser waits for a lull)
    register_health(app.server)  # GET /healthz: 503 until warm_up has run, then 200
    # Dash lists its scripts, and so the paths it serves, at a process's first request, but marks that done
    # before it is: a gunicorn worker's concurrent first requests then got 500s ("not a registered library"),
    # and the page stayed blank. Done here, before any request.
    with app.server.test_request_context("/"):
        app._setup_server()
    return app


app = create_app()
server = app.server

if __name__ == "__main__":  # a debugging entry only: `make run` serves with gunicorn (gunicorn.conf.py)
    warm_up(app)
    app.run(host=SETTINGS.host, port=SETTINGS.port, debug=SETTINGS.debug)
