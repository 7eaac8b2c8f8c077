"""Export limits (issue 16): a bounded queue of picture exports per process (429 + Retry-After when full), a smaller
picture for clients not signed in, and decks behind sign-in with EXPORT_DECK_LOGIN=1."""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import threading
import uuid

import pytest
from PIL import Image

import web.export_api as export_api
from water_targets.data import get_geo, store_engine
from water_targets.settings import SETTINGS
from water_targets.store.users import add_user, create_token

CHIFENG = "region=150400&indicator=total_water_use&year=2025"
MAP = f"/export/map.png?{CHIFENG}"


def tiny_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(out, format="PNG")
    return out.getvalue()


def use_settings(monkeypatch, **changes) -> None:
    monkeypatch.setattr(export_api, "SETTINGS", dataclasses.replace(SETTINGS, **changes))


@pytest.fixture(scope="module")
def token(dash_app) -> dict[str, str]:
    name = f"exports-{uuid.uuid4().hex[:6]}"
    add_user(store_engine(), name, "editor", uuid.uuid4().hex + "Aa1!", ["150400"], get_geo())
    return {"Authorization": f"Bearer {create_token(store_engine(), name)}"}


@pytest.fixture
def held(monkeypatch):
    """Renders that wait until released (the picture is a tiny PNG): an export can be held in the queue."""
    started, release = threading.Event(), threading.Event()

    def slow_render(fig, fmt: str) -> bytes:
        started.set()
        assert release.wait(30)
        return tiny_png()

    monkeypatch.setattr(export_api, "render", slow_render)
    yield started, release
    release.set()


def test_a_full_queue_answers_429_with_retry_after(dash_app, client, held, monkeypatch) -> None:
    started, release = held
    use_settings(monkeypatch, export_queue=1)
    first: list = []
    worker = threading.Thread(target=lambda: first.append(dash_app.server.test_client().get(MAP)))
    worker.start()
    assert started.wait(30), "the first export is rendering"
    assert export_api.QUEUE.taken == 1
    busy = client.get("/export/chart.png?region=150426&indicator=total_water_use&lang=en")
    assert busy.status_code == 429
    assert int(busy.headers["Retry-After"]) >= 1
    body = busy.get_json()
    assert "try again in" in body["error"] and "秒后再试" in body["message_zh"]
    assert client.get("/export/deck.pptx?" + CHIFENG).status_code == 429  # decks share the queue
    assert client.get(f"/export/data.csv?{CHIFENG}").status_code == 200  # data files render nothing
    release.set()
    worker.join(30)
    assert first[0].status_code == 200 and export_api.QUEUE.taken == 0
    assert client.get(MAP).status_code == 200  # its place is free again


def test_the_queue_lets_exports_wait_up_to_its_size(dash_app, held, monkeypatch) -> None:
    started, release = held
    use_settings(monkeypatch, export_queue=3)
    answers: list = []
    workers = [
        threading.Thread(target=lambda: answers.append(dash_app.server.test_client().get(MAP))) for _ in range(3)
    ]
    for w in workers:
        w.start()
    assert started.wait(30)
    for _ in range(100):
        if export_api.QUEUE.taken == 3:
            break
        threading.Event().wait(0.05)
    assert export_api.QUEUE.taken == 3
    assert dash_app.server.test_client().get(MAP).status_code == 429
    release.set()
    for w in workers:
        w.join(30)
    assert [a.status_code for a in answers] == [200, 200, 200]


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


def test_big_pictures_need_sign_in(client, token) -> None:
    big = f"{MAP}&width=3000&height=1600"
    anonymous = client.get(big)
    assert anonymous.status_code == 401 and "Bearer" in anonymous.headers["WWW-Authenticate"]
    body = anonymous.get_json()
    assert "at most 2000 px per side" in body["error"] and "up to 4000 px" in body["error"]
    assert "2000 像素" in body["message_zh"] and "4000 像素" in body["message_zh"]
    assert client.get(f"/export/map.svg?{CHIFENG}&view=progress&height=2400").status_code == 401
    assert png_size(client.get(MAP).data) == (1920, 1080)  # the defaults stay within it
    signed_in = client.get(big, headers=token)
    assert signed_in.status_code == 200 and png_size(signed_in.data) == (3000, 1600)
    # A size no one may have is a 400 as before.
    assert client.get(f"{MAP}&width=5000", headers=token).status_code == 400


def test_decks_need_sign_in_when_the_setting_says_so(client, token, monkeypatch) -> None:
    monkeypatch.setattr(export_api, "render", lambda fig, fmt: tiny_png())
    deck = f"/export/deck.pptx?{CHIFENG}"
    assert client.get(deck).status_code == 200  # off by default
    use_settings(monkeypatch, export_deck_login=True)
    refused = client.get(deck)
    assert refused.status_code == 401 and "Bearer" in refused.headers["WWW-Authenticate"]
    assert "slide deck (PPTX) needs sign-in" in refused.get_json()["error"]
    assert "需要登录" in refused.get_json()["message_zh"]
    assert client.get(MAP).status_code == 200  # pictures stay public
    ok = client.get(deck, headers=token)
    assert ok.status_code == 200 and ok.data[:2] == b"PK"


def test_the_export_browser_page_loads_nothing_from_the_internet() -> None:
    from kaleido._page_generator import PageGenerator

    from web.export_api import KALEIDO_PAGE

    index = PageGenerator(mathjax=KALEIDO_PAGE["mathjax"]).generate_index()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', index)
    assert scripts and all(src.startswith("file://") for src in scripts), scripts
