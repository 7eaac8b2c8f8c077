"""Fetch regenerator-runtime (MIT) into assets/vendor/, checked by sha256: what the page keeps of @babel/polyfill.

Dash puts @babel/polyfill 7.12 (core-js and regenerator-runtime, 29 KB brotli) before every other script; the
browsers the page supports have what core-js adds, and dash-renderer's and dcc's async code needs only the
`regeneratorRuntime` global (6 KB brotli). app.py serves this file in the polyfill's place (issue 18: bytes a
phone waits for before the map is interactive).

Run: python scripts/fetch_regenerator_runtime.py [--check]   (--check: only verify the vendored file)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from npm_file import npm_file

VERSION = "0.14.1"
URL = f"https://registry.npmjs.org/regenerator-runtime/-/regenerator-runtime-{VERSION}.tgz"
# npm's own integrity field of that tarball, and the sha256 of the file taken out of it
TARBALL_SHA512 = "dYnhHh0nJoMfnkZs6GmmhFknAGRrLznOu5nc9ML+EJxGvrx6H7teuevqVqCuPcPK//3eDrrjQhehXVx9cnkGdw=="
FILE_SHA256 = "7beda998b3fd277f3548e12b277bafc3037d243421f007032d38dffee412224c"
TARGET = Path(__file__).resolve().parents[1] / "assets" / "vendor" / f"regenerator-runtime-{VERSION}.js"


def check(path: Path = TARGET) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != FILE_SHA256:
        raise SystemExit(f"{path}: sha256 {digest}, expected {FILE_SHA256}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the vendored file")
    args = parser.parse_args()
    if not args.check:
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        TARGET.write_bytes(npm_file(URL, TARBALL_SHA512, "package/runtime.js", FILE_SHA256))
    check()
    print(f"{TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET}: ok")


if __name__ == "__main__":
    main()
