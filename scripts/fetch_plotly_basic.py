"""Fetch plotly.js's official partial bundle "basic" (scatter, bar, pie) into assets/vendor/, checked by sha256.

The dashboard's charts use scatter and bar traces only, so dcc.Graph is served this bundle (1.19 MB, 0.33 MB
brotli) instead of the full plotly.min.js (4.6 MB, 1.11 MB brotli); see web/serving.py serve_plotly_bundle.
It must be the plotly.js version of the installed plotly package (plotly.offline.get_plotlyjs_version()):
after upgrading plotly, set VERSION and the two hashes from the new tarball and run this script again.

Run: python scripts/fetch_plotly_basic.py [--check]   (--check: only verify the vendored file)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from npm_file import npm_file

VERSION = "4.1.1"
URL = f"https://registry.npmjs.org/plotly.js-basic-dist-min/-/plotly.js-basic-dist-min-{VERSION}.tgz"
# npm's own integrity field of that tarball, and the sha256 of the file taken out of it
TARBALL_SHA512 = "1oNF8PeQx2hv/y7tqEVWKD3JGwn/MGEMQ8mL9HUwsaqG9FGy/OU5FHUHvzqbqxN4mnwZGI9abTiE775C4kkjMQ=="
FILE_SHA256 = "99784e3abfb07b142a15e521a439e6d9addceadb3f79553fd24c72774f0649ba"
TARGET = Path(__file__).resolve().parents[1] / "assets" / "vendor" / f"plotly-basic-{VERSION}.min.js"


def check(path: Path = TARGET) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != FILE_SHA256:
        raise SystemExit(f"{path}: sha256 {digest}, expected {FILE_SHA256}")


def fetch() -> None:
    data = npm_file(URL, TARBALL_SHA512, "package/plotly-basic.min.js", FILE_SHA256)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the vendored file")
    args = parser.parse_args()
    from plotly.offline import get_plotlyjs_version

    if get_plotlyjs_version() != VERSION:
        sys.stderr.write(f"the plotly package ships plotly.js {get_plotlyjs_version()}, this script pins {VERSION}\n")
        raise SystemExit(1)
    if not args.check:
        fetch()
    check()
    print(f"{TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET}: ok")


if __name__ == "__main__":
    main()
