"""One file out of a package tarball of the npm registry, checked twice: the tarball against the registry's own
`dist.integrity` (sha512) and the file against a pinned sha256. Imported by fetch_plotly_basic.py and fetch_axe.py;
run on its own it writes the file it took out, e.g. to try a new version before pinning it:

Run: python scripts/npm_file.py URL TARBALL_SHA512 MEMBER FILE_SHA256 --out FILE
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import tarfile
import urllib.request
from pathlib import Path


def npm_file(url: str, tarball_sha512: str, member: str, file_sha256: str) -> bytes:
    """The bytes of `member` (e.g. 'package/axe.min.js') of the tarball at `url`; SystemExit on any mismatch."""
    with urllib.request.urlopen(url, timeout=60) as resp:
        tarball = resp.read()
    digest = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != tarball_sha512:
        raise SystemExit(f"{url}: sha512 {digest}, expected {tarball_sha512}")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        try:
            handle = tar.extractfile(member)
        except KeyError:
            handle = None
        if handle is None:
            raise SystemExit(f"{url} has no {member}")
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != file_sha256:
        raise SystemExit(f"{member} in {url} does not have the pinned sha256 {file_sha256}")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("url", help="the tarball's address on registry.npmjs.org")
    parser.add_argument("tarball_sha512", help="the registry's dist.integrity of it, without the 'sha512-' prefix")
    parser.add_argument("member", help="the file inside, e.g. package/axe.min.js")
    parser.add_argument("file_sha256", help="the pinned sha256 (hex) of that file")
    parser.add_argument("--out", type=Path, required=True, help="where to write the file")
    args = parser.parse_args()
    args.out.write_bytes(npm_file(args.url, args.tarball_sha512, args.member, args.file_sha256))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
