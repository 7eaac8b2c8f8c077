"""Runtime settings, read once from the environment (every one has an embedded default)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = ROOT / "instance" / "water_targets.db"
DEFAULT_BROWSER = "/usr/bin/chromium"
DEFAULT_COMPRESS_CACHE = Path(tempfile.gettempdir()) / "water-targets-br"
# Arguments of every headless Chromium the project starts itself (tests, bench, screenshots); kaleido's own
# browser gets the same defaults from choreographer (no sandbox, no GPU).
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    debug: bool
    data_dir: Path
    tile_url: str
    tile_attribution: str
    export_footer: str
    database_url: str
    require_login: bool
    https: bool
    demo: bool = False
    browser_path: str = DEFAULT_BROWSER
    bundle_brotli_quality: int = 11
    compress_cache_dir: Path = DEFAULT_COMPRESS_CACHE
    # issue 16: sessions and per-client rate limits ("N/second|minute|hour|day", the `limits` notation)
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    rate_limit_sign_in: str = "10/minute"
    rate_limit_writes: str = "60/minute"
    rate_limit_exports: str = "30/minute"
    rate_limit_storage: str = ""
    # issue 16: exports and headers
    proxy_count: int = 0
    export_queue: int = 4
    export_anonymous_max_side: int = 2000
    export_deck_login: bool = False
    # issue 18: serving (gunicorn.conf.py)
    web_concurrency: int = 2


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"environment variable {name}={raw!r} is not an integer") from None


def load_settings() -> Settings:
    return Settings(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=_env_int("PORT", 8050),
        debug=os.environ.get("DASH_DEBUG", "") == "1",
        data_dir=Path(os.environ.get("DATA_DIR", ROOT / "data")),
        # Off by default: the dashboard must work with no internet. Set e.g. an intranet tile server.
        tile_url=os.environ.get("TILE_URL", ""),
        tile_attribution=os.environ.get("TILE_ATTRIBUTION", ""),
        # Optional footer printed on exported maps, e.g. the map review number (审图号).
        export_footer=os.environ.get("EXPORT_FOOTER", ""),
        # The store: an embedded SQLite file by default; postgresql+psycopg://… when instances share it.
        database_url=os.environ.get("DATABASE_URL", "") or f"sqlite:///{DEFAULT_DATABASE}",
        # Internal deployments: every page, API and export needs sign-in.
        require_login=os.environ.get("REQUIRE_LOGIN", "") == "1",
        # Behind TLS: session cookies get the Secure flag.
        https=os.environ.get("HTTPS", "") == "1",
        # `make demo` only: import the fictitious figures of examples/ and mark every page and export as a demo.
        demo=os.environ.get("DEMO", "") == "1",
        # The Chromium that renders exported images (kaleido) and drives the browser tests.
        browser_path=os.environ.get("BROWSER_PATH", "") or DEFAULT_BROWSER,
        # Brotli quality of the JavaScript bundles and boundaries, compressed once and cached on disk;
        # 11 is the smallest, the test suite lowers it so a cold cache costs no seconds per bundle.
        bundle_brotli_quality=_env_int("BUNDLE_BROTLI_QUALITY", 11),
        compress_cache_dir=Path(os.environ.get("COMPRESS_CACHE_DIR", "") or DEFAULT_COMPRESS_CACHE),
        # A signed-in session ends after this many minutes without a request, and this many hours after sign-in.
        session_idle_minutes=_env_int("SESSION_IDLE_MINUTES", 30),
        session_max_hours=_env_int("SESSION_MAX_HOURS", 12),
        # Requests per client address (behind proxies: see PROXY_COUNT) for failed sign-ins, writes and exports.
        rate_limit_sign_in=os.environ.get("RATE_LIMIT_SIGN_IN", "") or "10/minute",
        rate_limit_writes=os.environ.get("RATE_LIMIT_WRITES", "") or "60/minute",
        rate_limit_exports=os.environ.get("RATE_LIMIT_EXPORTS", "") or "30/minute",
        # Where the counters live: "" = this app's database (shared by every worker and instance); or a `limits`
        # storage URI such as redis://host:6379 or memory:// (one process only).
        rate_limit_storage=os.environ.get("RATE_LIMIT_STORAGE", ""),
        # Trusted reverse proxies in front (nginx …) whose X-Forwarded-For/-Proto/-Host are believed; 0 = none.
        proxy_count=_env_int("PROXY_COUNT", 0),
        # Picture renders a worker lets wait for its one export browser; one more is answered 429 + Retry-After.
        export_queue=_env_int("EXPORT_QUEUE", 4),
        # Largest side (px) of an exported map or chart for clients not signed in (signed in: up to 4000).
        export_anonymous_max_side=_env_int("EXPORT_ANONYMOUS_MAX_SIDE", 2000),
        # EXPORT_DECK_LOGIN=1: the PPTX decks (/export/deck*.pptx) need a signed-in user or an API token.
        export_deck_login=os.environ.get("EXPORT_DECK_LOGIN", "") == "1",
        # gunicorn worker processes (gunicorn.conf.py; the variable gunicorn itself reads for its default).
        web_concurrency=_env_int("WEB_CONCURRENCY", 2),
    )


SETTINGS = load_settings()
