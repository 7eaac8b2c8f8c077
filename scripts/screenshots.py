"""Take the documentation's screenshots of the main views with headless Chromium (the app must be running).

Run: python scripts/screenshots.py [--base http://127.0.0.1:8050] [--out docs]
The progress views need actual figures: take them against `make demo` with --demo (their figures are invented
and the page says so).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from water_targets.settings import CHROMIUM_ARGS, SETTINGS

# The documented views (region, indicator, year …) are data: docs/screenshots.json, next to the pictures.
SPEC = json.loads((Path(__file__).resolve().parents[1] / "docs" / "screenshots.json").read_text(encoding="utf-8"))
VIEWS, DEMO_VIEWS, PHONE_VIEWS = SPEC["views"], SPEC["demo_views"], SPEC["phone_views"]
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


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
        page = browser.new_page(bypass_csp=True, viewport={"width": args.width, "height": args.height})
        for name, query in (DEMO_VIEWS if args.demo else VIEWS).items():
            if args.only and args.only not in name:
                continue
            page.goto(args.base.rstrip("/") + "/" + query)
            page.wait_for_selector("#map path.leaflet-interactive", timeout=20000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(args.out / f"{name}.png"), full_page=False)
            print("wrote", args.out / f"{name}.png")
        if not args.demo:
            phone = browser.new_context(bypass_csp=True, **PHONE).new_page()
            for name, view in PHONE_VIEWS.items():
                if args.only and args.only not in name:
                    continue
                phone.goto(args.base.rstrip("/") + "/" + view["query"])
                phone.wait_for_selector("#map path.leaflet-interactive", timeout=20000)
                phone.wait_for_timeout(1500)
                box = phone.locator(f"#map path[data-adcode='{view['tap']}']").first.bounding_box()
                phone.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the summary bar
                phone.wait_for_selector("#phone-summary:not([hidden])", timeout=10000)
                phone.wait_for_timeout(800)
                phone.screenshot(path=str(args.out / f"{name}.png"), full_page=False)
                print("wrote", args.out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
