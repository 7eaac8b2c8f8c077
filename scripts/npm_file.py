"""One file out of a package tarball of the npm registry, checked twice: the tarball against the registry's own
`dist.integrity` (sha512) and the file against a pinned sha256. Used by fetch_plotly_basic.py and fetch_axe.py."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import urllib.request


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
