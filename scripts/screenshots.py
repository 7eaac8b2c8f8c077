"""Take README screenshots of the main views with headless Chromium (the app must be running).

Run: python scripts/screenshots.py [--base http://127.0.0.1:8050] [--out docs]
The progress views need actual figures: take them against `make demo` with --demo (their figures are invented
and the page says so).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from water_targets.settings import CHROMIUM_ARGS, SETTINGS

VIEWS = {
    "chifeng-total-water-use": "?region=150400&indicator=total_water_use&year=2025&county=150426",
    "overview-gdp-intensity": "?region=all&indicator=gdp_water_intensity_reduction&year=2022",
    "guyang-leakage": "?region=150222&indicator=pipe_leakage_rate&year=2024",
    "shuozhou-no-breakdown": "?region=140600&indicator=total_water_use&year=2022",
    "chifeng-english": "?region=150400&indicator=industrial_water_intensity_reduction&year=2025&county=150404&lang=en",
}
DEMO_VIEWS = {
    "demo-chifeng-progress": "?region=150400&indicator=total_water_use&view=progress&county=150426",
    "demo-chifeng-progress-gdp-en": "?region=150400&indicator=gdp_water_intensity_reduction&view=progress&lang=en",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8050/")
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--only", default="")
    parser.add_argument("--demo", action="store_true", help="the progress views, against `make demo`")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SETTINGS.browser_path, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for name, query in (DEMO_VIEWS if args.demo else VIEWS).items():
            if args.only and args.only not in name:
                continue
            page.goto(args.base.rstrip("/") + "/" + query)
            page.wait_for_selector("#map path.leaflet-interactive", timeout=20000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=False)
            print("wrote", args.out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
