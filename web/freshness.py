"""Reads see writes: each request looks up the head revision once, at its first read (water_targets.data)."""

from __future__ import annotations

from flask import Flask, g

from water_targets.data import begin_request, end_request


def track_head(server: Flask) -> None:
    @server.before_request
    def _open_head_memo() -> None:
        g.head_memo = begin_request()

    @server.teardown_request
    def _close_head_memo(_exc: BaseException | None) -> None:
        token = g.pop("head_memo", None)
        if token is not None:
            try:
                end_request(token)
            except ValueError:  # torn down in another context than it began: the memo dies with that context
                pass
