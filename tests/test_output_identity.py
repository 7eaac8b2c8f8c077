"""Every output the same before and after a rearrangement: maps, charts, decks, data files and API JSON of the five
plans (and of the progress view with the suite's test actuals), compared with the digests in
tests/files/outputs.json.

What is compared:
- data files and API JSON byte for byte (XLSX/PPTX: every part of the zip but docProps, which carry a timestamp);
- every figure handed to the renderer, as its plotly JSON (what decides the pixels);
- the pictures themselves, PNG as decoded pixels and SVG as text, only on a machine whose renderer (Chromium, kaleido,
  the CJK font) is the one that recorded the digests: another Chromium may draw the same figure a pixel apart.

The data version printed on every export is fixed to one text here (the store's revision numbers and dates depend on
the tests that ran before). Record anew, after a change meant to change outputs:
    RECORD_OUTPUTS=1 .venv/bin/python -m pytest tests/test_output_identity.py
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

import plotly
import pytest
from PIL import Image

import water_targets.data as data_module

GOLDEN = Path(__file__).parent / "files" / "outputs.json"
REGIONS = ("all", "150400", "140600", "140800", "450700", "150222")
FIXED_VERSION = {"zh": "数据版本 1（2026-01-01）", "en": "Data version 1 (2026-01-01)"}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _renderer() -> str:
    """What draws the pictures: Chromium's version, kaleido's and plotly's, and the CJK font file."""
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        font = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = font = "unknown"
    return f"{chromium} | kaleido {version('kaleido')} | plotly {plotly.__version__} | {font}"


def _pixels(png: bytes) -> str:
    with Image.open(io.BytesIO(png)) as img:
        return _digest(f"{img.mode}{img.size}".encode() + img.tobytes())


def _svg(body: bytes) -> str:
    """An SVG's text with plotly's random ids (of the graph: defs-…, clip…; of each trace: trace…) numbered in
    the order they appear."""
    text = body.decode("utf-8")
    uids = re.findall(r'<defs id="defs-([0-9a-f]+)"', text) + re.findall(r"\btrace([0-9a-f]{6})\b", text)
    for n, uid in enumerate(dict.fromkeys(uids)):
        text = text.replace(uid, f"UID{n}")
    return _digest(text.encode())


def _zip_parts(body: bytes) -> dict[str, str]:
    """A zip's parts but docProps (timestamps); pictures inside (a deck's) by their pixels."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        for name in sorted(zf.namelist()):
            if name.startswith("docProps/"):
                continue
            part = zf.read(name)
            parts[name] = ("pixels:" + _pixels(part)) if name.endswith(".png") else _digest(part)
    return parts


def _json_body(body: bytes) -> str:
    return _digest(json.dumps(json.loads(body), ensure_ascii=False, sort_keys=True).encode())


def _first_indicator(client, region: str, asof: int, kind: str = "values") -> str | None:
    """The first indicator (in the catalogue's order) with values in the region's view at that revision."""
    order = [row["id"] for row in client.get(f"/api/v1/indicators?asof={asof}").get_json()]
    for indicator in order:
        resp = client.get(f"/export/data.csv?region={region}&indicator={indicator}&asof={asof}")
        if resp.status_code == 200:
            if kind == "values":
                return indicator
            progress = client.get(f"/export/map.svg?region={region}&indicator={indicator}&asof={asof}&view=progress")
            if progress.status_code == 200:
                return indicator
    return None


def _urls(client, progress_rev: int) -> list[str]:
    urls = ["/api/v1/regions?asof=1", "/api/v1/indicators?asof=1"]
    for region in REGIONS:
        indicator = _first_indicator(client, region, 1)
        assert indicator, f"no indicator with values for {region}"
        q = f"region={region}&indicator={indicator}&asof=1"
        urls += [f"/export/map.png?{q}", f"/export/map.svg?{q}", f"/export/deck.pptx?{q}",
                 f"/export/data.csv?{q}", f"/export/data.xlsx?{q}", f"/export/data.csv?{q}&lang=en",
                 f"/api/v1/values?indicator={indicator}&asof=1&" + ("parent=100000" if region == "all" else
                                                                   f"parent={region}")]
        if region != "all":
            urls += [f"/export/chart.png?{q}", f"/export/chart.svg?{q}&lang=en"]
    for region in ("150400", "140600"):
        indicator = _first_indicator(client, region, progress_rev, kind="progress")
        q = f"region={region}&indicator={indicator}&asof={progress_rev}"
        urls += [f"/export/map.png?{q}&view=progress", f"/export/map.svg?{q}&view=progress&lang=en",
                 f"/export/deck.pptx?{q}&lang=en", f"/export/progress.xlsx?region={region}&asof={progress_rev}",
                 f"/api/v1/progress?{q}"]
    urls += ["/export/map.png?region=150400&indicator=total_water_use&year=2025&asof=1&lang=en",
             "/export/deck.pptx?region=all&indicator=total_water_use&asof=1&lang=en",
             "/api/v1/allocation?parent=150400&indicator=total_water_use&year=2025&asof=1",
             "/api/v1/boundaries?parent=150400&asof=1", "/api/v1/boundaries?overview=plans&asof=1"]
    return urls


def _outputs(client, progress_rev: int, monkeypatch) -> dict[str, dict]:
    import web.export_api as export_api

    figures: list[str] = []
    real_render = export_api.render

    def recording_render(fig, fmt: str) -> bytes:
        figures.append(_digest(json.dumps(fig.to_plotly_json(), sort_keys=True, default=str).encode()))
        return real_render(fig, fmt)

    monkeypatch.setattr(export_api, "render", recording_render)
    real_version_text = data_module.version_text

    def fixed_version_text(rev: int, lang: str) -> str:
        return FIXED_VERSION[lang]

    for module in [m for name, m in sys.modules.items() if name.split(".")[0] in ("water_targets", "web")]:
        if getattr(module, "version_text", None) is real_version_text:
            monkeypatch.setattr(module, "version_text", fixed_version_text)

    out = {}
    for url in _urls(client, progress_rev):
        figures.clear()
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code, resp.get_data(as_text=True)[:300])
        body, kind = resp.data, url.split("?")[0].rsplit(".", 1)[-1]
        entry: dict = {"figures": list(figures)}
        if url.startswith("/api/"):
            entry["body"] = _json_body(body)
        elif kind == "png":
            entry["pixels"] = _pixels(body)
        elif kind == "svg":
            entry["svg"] = _svg(body)
        elif kind in ("xlsx", "pptx"):
            entry["parts"] = _zip_parts(body)
        else:
            entry["body"] = _digest(body)
        out[url.replace(f"asof={progress_rev}", "asof=P")] = entry
    return out


DRAWN = ("pixels", "svg")  # compared only where the renderer is the recording one


def _drawn(parts: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in parts.items() if not v.startswith("pixels:")}


def test_outputs_identical_to_recorded(client, progress_store, monkeypatch) -> None:
    outputs = _outputs(client, progress_store, monkeypatch)
    renderer = _renderer()
    if os.environ.get("RECORD_OUTPUTS") == "1":
        GOLDEN.write_text(json.dumps({"renderer": renderer, "outputs": outputs}, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
        pytest.skip(f"recorded {len(outputs)} outputs in {GOLDEN.name}")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    same_renderer = golden["renderer"] == renderer
    assert sorted(outputs) == sorted(golden["outputs"]), "the set of outputs changed"
    differ = []
    for url, want in golden["outputs"].items():
        got = outputs[url]
        for key in want:
            mine, theirs = got.get(key), want[key]
            if not same_renderer and key in DRAWN:
                continue
            if not same_renderer and key == "parts":
                mine, theirs = _drawn(mine), _drawn(theirs)
            if mine != theirs:
                differ.append(f"{url}: {key}")
    assert not differ, "outputs differ from the recorded ones:\n" + "\n".join(differ)
