"""Helpers for tests through the Flask test client on the app's own store: its head revision, a page's CSRF token,
accounts with bearer tokens, multipart uploads and JSON errors."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Sequence

from water_targets.data import get_geo, store_engine
from water_targets.store.revisions import head
from water_targets.store.users import add_user, create_token

TOKEN_PASSWORD = "correct horse battery"


def current_head() -> int:
    """The head revision of the app's store."""
    with store_engine().connect() as conn:
        return head(conn)


def csrf_of(html: bytes) -> str:
    """The value of the page's csrf_token field (the page must have one)."""
    match = re.search(rb'name="csrf_token" value="([^"]+)"', html)
    assert match, "no csrf_token field on the page"
    return match.group(1).decode()


def bearer(name: str, role: str, regions: Sequence[str] = ()) -> dict[str, str]:
    """A new account `name` (`role`, for `regions`) and the Authorization header of an API token of it."""
    add_user(store_engine(), name, role, TOKEN_PASSWORD, list(regions), get_geo())
    return {"Authorization": f"Bearer {create_token(store_engine(), name)}"}


def unique(prefix: str) -> str:
    """`prefix` and six random hex digits: an account name no other test module uses."""
    return f"{prefix}-{uuid.uuid4().hex[:6]}"


def post_file(client, path: str, data: bytes, name: str, headers: dict | None = None, **form):
    """POST `data` as the multipart field `file` (file name `name`), with the other `form` fields."""
    return client.post(
        path, data={"file": (io.BytesIO(data), name), **form}, headers=headers or {}, content_type="multipart/form-data"
    )
