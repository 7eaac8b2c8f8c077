"""Render exported decks and workbooks through LibreOffice (PPTX/XLSX → PDF → PNG) to look at them as a presenter.

Run: python bench/deck_render.py [OUT_DIR] [--base URL]   (without --base it builds the files in-process with the
Flask test client on a throwaway SQLite store). Writes each file, its PDF and one PNG per page into OUT_DIR
(default: a new temporary directory) and prints the page counts: open the PNGs and look for clipped, overlapping
or tofu text. Needs /usr/bin/soffice (Debian `libreoffice-impress`, `libreoffice-calc`, which `make test` installs;
tests/test_deck_render_sweep.py checks the renderings) and pdftoppm (poppler-utils) or soffice for PNGs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

VIEWS = {
    "chifeng-zh.pptx": "/export/deck.pptx?region=150400&indicator=total_water_use&year=2025",
    "chifeng-en.pptx": "/export/deck.pptx?region=150400&indicator=total_water_use&year=2025&lang=en",
    "qinzhou-en.pptx": "/export/deck.pptx?region=450700&indicator=water_saving_county_agency_institution_share&lang=en",
    "qinzhou-zh.pptx": "/export/deck.pptx?region=450700&indicator=water_saving_county_agency_institution_share",
    "overview-zh.pptx": "/export/deck.pptx?region=all&indicator=total_water_use",
    "overview-en.pptx": "/export/deck.pptx?region=all&indicator=gdp_water_intensity_reduction&lang=en",
    "data-zh.xlsx": "/export/data.xlsx?region=150400&indicator=total_water_use",
    "data-en.xlsx": "/export/data.xlsx?region=all&indicator=gdp_water_intensity_reduction&lang=en",
    "progress-zh.xlsx": "/export/progress.xlsx?region=150400",
    "progress-en.xlsx": "/export/progress.xlsx?region=all&lang=en",
}
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PNG_DPI = 60  # a 13.333 in slide → 800 px: enough to see clipping and overlaps


def to_pdf(path: Path, out_dir: Path) -> Path:
    """`soffice --headless --convert-to pdf`, with a profile of its own so it runs beside another LibreOffice."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(path)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / (path.stem + ".pdf")


def to_pngs(pdf: Path, dpi: int = PNG_DPI) -> list[Path]:
    """One PNG per page (pdftoppm; soffice renders only the first page, so it is the fallback)."""
    if shutil.which("pdftoppm"):
        prefix = pdf.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True, timeout=240)
        return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    subprocess.run([SOFFICE, "--headless", "--convert-to", "png", "--outdir", str(pdf.parent), str(pdf)], check=True)
    return [pdf.with_suffix(".png")]


def build_in_process(names: list[str]) -> dict[str, bytes]:
    """The files of VIEWS from the Flask test client on a throwaway SQLite store."""
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='wt-deck-render-')}/app.db"
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    os.chdir(root)
    from water_targets.data import prepare_store

    prepare_store()
    from app import app

    client = app.server.test_client()
    files = {}
    for name in names:
        resp = client.get(VIEWS[name])
        if resp.status_code == 200:
            files[name] = resp.data
        else:
            print(f"{name}: HTTP {resp.status_code} {resp.data[:200]!r}")
    return files


def build_from(base: str, names: list[str]) -> dict[str, bytes]:
    files = {}
    for name in names:
        with urllib.request.urlopen(base + VIEWS[name], timeout=120) as resp:
            files[name] = resp.read()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", nargs="?", type=Path, help="where to write (default: a new temporary directory)")
    parser.add_argument("--base", help="a running app's address; without it the files are built in-process")
    args = parser.parse_args()
    base = args.base
    out = args.out_dir or Path(tempfile.mkdtemp(prefix="deck-render-"))
    out.mkdir(parents=True, exist_ok=True)
    names = list(VIEWS)
    files = build_from(base, names) if base else build_in_process(names)
    for name, body in files.items():
        path = out / name
        path.write_bytes(body)
        pngs = to_pngs(to_pdf(path, out))
        print(f"{name}: {len(pngs)} page(s) → {pngs[0].parent}/{pngs[0].stem.rsplit('-', 1)[0]}-*.png")


if __name__ == "__main__":
    main()
