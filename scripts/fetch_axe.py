"""Fetch axe-core (the accessibility engine of tests/test_browser_axe.py) from the npm registry into .cache/axe-core/.

The version is pinned and the tarball checked against the registry's own `dist.integrity` (sha512) before
`package/axe.min.js` is taken out of it. The file is kept outside git (.gitignore: /.cache/); nothing needs node
or npm. Called by scripts/ensure_system_deps.sh and by the axe tests' session fixture (a no-op when the pinned
file is there).
To upgrade: set VERSION and TARBALL_SHA512 from `curl -s https://registry.npmjs.org/axe-core/<version>` (its
dist.integrity), and FILE_SHA256 from the unpacked package/axe.min.js.

Run: python scripts/fetch_axe.py [--check]   (--check: only check the cached file)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by path (tests/test_browser_axe.py)
from npm_file import npm_file

VERSION = "4.14.1"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# npm's own integrity field of that tarball, and the sha256 of the file taken out of it (checked on every use)
TARBALL_SHA512 = "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
FILE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
TARGET = Path(__file__).resolve().parents[1] / ".cache" / "axe-core" / VERSION / "axe.min.js"


def fetch(target: Path = TARGET) -> Path:
    """Download, verify and unpack axe.min.js to `target`; raises SystemExit on a checksum mismatch."""
    data = npm_file(URL, TARBALL_SHA512, "package/axe.min.js", FILE_SHA256)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)  # never a half-written file under the final name
    return target


def cached(target: Path = TARGET) -> bool:
    """Whether the cached axe.min.js is there and is the pinned file."""
    return target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == FILE_SHA256


def ensure(target: Path = TARGET) -> Path:
    """The cached axe.min.js, fetched first when missing or not the pinned file."""
    return target if cached(target) else fetch(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the cached file")
    args = parser.parse_args()
    if args.check:
        raise SystemExit(0 if cached() else f"missing or not the pinned file: {TARGET}")
    print(ensure())


if __name__ == "__main__":
    main()
