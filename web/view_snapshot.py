"""`GET /snapshot.svg?<a page URL's query>`: the server-drawn map of that view as an SVG document (issue 18,
water_targets/view_snapshot.py) — the picture of the page's link previews (`og:image`). Same rules as the page:
a query the page would refuse or replace gets 404 with the reason in both languages."""

from __future__ import annotations

from flask import Flask, Response, request

from water_targets.i18n import Message
from water_targets.view_snapshot import requested_view, view_snapshot
from web.security import cache_shared
from web.write_api import json_refusal

SNAPSHOT_PATH = "/snapshot.svg"
MAX_AGE = 300  # s: a link's picture follows the data; pinned to a revision (`asof=`), it never changes


def register_snapshot(server: Flask) -> None:
    @server.get(SNAPSHOT_PATH)
    def snapshot() -> Response:
        requested = requested_view(request.query_string.decode("latin-1"))
        snap = view_snapshot(*requested, standalone=True) if requested else None
        if snap is None:
            return json_refusal(404, Message("snapshot_unavailable"))
        resp = Response(snap.svg, mimetype="image/svg+xml")
        resp.cache_control.max_age = 31_536_000 if "asof" in request.args else MAX_AGE
        return cache_shared(resp)
