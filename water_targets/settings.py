"""Runtime settings, read once from the environment (every one has an embedded default)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    debug: bool
    data_dir: Path
    tile_url: str
    tile_attribution: str
    export_footer: str


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
    )


SETTINGS = load_settings()
