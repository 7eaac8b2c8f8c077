"""The one way the dashboard is served: `make run`, `make serve`, `make demo`, the benchmarks (bench/server.py) and
production all start `gunicorn -c gunicorn.conf.py app:server` (docs/deployment.md, "Serving").

Settings come from the environment through water_targets/settings.py (HOST, PORT, WEB_CONCURRENCY); options given
on gunicorn's command line after `-c gunicorn.conf.py` override this file (`--workers 4`, `--access-logfile -`).
"""

from __future__ import annotations

import logging

from water_targets.settings import SETTINGS

wsgi_app = "app:server"
bind = [f"[{SETTINGS.host}]:{SETTINGS.port}" if ":" in SETTINGS.host else f"{SETTINGS.host}:{SETTINGS.port}"]
workers = SETTINGS.web_concurrency

# Threads, chosen by measurement (2026-12-06, this 2-core machine, 2 workers, headless Chromium beside the server;
# first coloured map of 赤峰市, fresh browser contexts, 21 page loads over 3 server starts per variant, warm server):
#   gthread, 4 threads: median 1.27 s, p90 1.44 s, worst 1.45 s
#   sync:               median 1.37 s, p90 3.5 s, worst 4.8 s (a page's ~25 requests queue behind a slow one)
#   gthread, 8 threads: median 1.26 s over 7 loads (one start): no better than 4
# bench/frontend.py --runs 5 "first coloured map": gthread 4: 1.32, 1.32, 1.16 s; sync: 1.20, 1.38, 1.58 s.
# Python work holds the GIL, so more threads do not add CPU; they let a worker answer the small requests of a page
# while another of its requests waits (a picture export takes seconds), and keep browser connections open.
worker_class = "gthread"
threads = 4

# A picture export takes a few seconds at most (first export after start ~1.6 s, 4K map PNG under 1.5 s warm);
# 60 s leaves room for a 10,000-row import preview on a busy machine before gunicorn replaces a stuck worker.
timeout = 60
graceful_timeout = 30  # a stop or restart lets requests in progress finish for this long
keepalive = 5  # seconds an idle browser connection stays open (the page's requests come in bursts)

# The app is imported once, in the master, and warmed there (app.py `warm_up`: data, bundles, first-page
# boundaries); the workers are forked from it warm and share that memory. Safe because nothing at import starts a
# thread or a browser: the export browser starts in each worker (post_worker_init), and the database connections
# pooled by the master are dropped in each worker (post_fork). A restart (not SIGHUP) loads new code.
preload_app = True

accesslog = None  # no access log (nginx in front keeps one); `--access-logfile -` prints one line per request
errorlog = "-"
loglevel = "info"
# gunicornc's control socket is not used; several instances on one machine (tests, benchmarks) would share its path.
control_socket_disable = True


def when_ready(server) -> None:
    """In the master, after the app is loaded and the port bound, before any worker is forked: warm up once. A
    request arriving meanwhile waits in the listen queue instead of paying the warm-up itself."""
    if server.cfg.preload_app:
        import app

        took = app.warm_up(app.app)
        server.log.info("warm in %.1f s (page, scripts, boundaries, initial callbacks)", took.get("total", 0.0))


def post_fork(server, worker) -> None:
    """In a new worker: its own database connections, never the master's pooled ones (SQLite or PostgreSQL)."""
    from water_targets.data import store_engine

    store_engine().dispose(close=False)


def post_worker_init(worker) -> None:
    """A worker about to take requests: warm (a no-op when the master did it) and start its export browser."""
    import app

    app.warm_up(app.app)
    app.start_export_browser(app.server)
    logging.getLogger("gunicorn.error").info("worker %s ready", worker.pid)
