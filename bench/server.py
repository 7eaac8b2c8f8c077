"""Start the app under gunicorn on a free loopback port for a benchmark, and stop it afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
master_pid: int | None = None  # gunicorn master of the running app, for memory readings


def launch_chromium(playwright):
    """The headless Chromium of the front-end benchmarks: the path and arguments of water_targets.settings.

    Imported when called, not at import time: bench/imports.py sets DATABASE_URL before the settings are read.
    """
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    from water_targets.settings import CHROMIUM_ARGS, SETTINGS

    return playwright.chromium.launch(executable_path=SETTINGS.browser_path, args=list(CHROMIUM_ARGS))


def child_pids(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(workers: int = 2) -> Iterator[str]:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [str(gunicorn), "--workers", str(workers), "--threads", "4", "--bind", f"127.0.0.1:{port}", "app:server"]
    # Logs go to a file: an unread pipe would fill up and block the server.
    log = tempfile.NamedTemporaryFile(prefix="water-targets-bench-", suffix=".log", delete=False)
    # The benches time paths, not the per-client limits (all their clients share one loopback address).
    limits = {f"RATE_LIMIT_{kind}": "1000000/minute" for kind in ("SIGN_IN", "WRITES", "EXPORTS")}
    limits["EXPORT_ANONYMOUS_MAX_SIDE"] = "4000"  # bench/exports.py times 4K pictures without signing in
    env = {**limits, **os.environ}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    global master_pid
    master_pid = proc.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/api/v1/regions", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(
                        "the app did not start: " + (proc.stderr.read().decode() if proc.stderr else "")
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
        print(f"(server log: {log.name})")


def browser_bench_main(report, doc: str) -> None:
    """Command line of a browser bench: `--base URL` measures a running app, else one started here; `--runs N`."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--base", default="")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if args.base:
        report(args.base.rstrip("/"), args.runs)
    else:
        with running_app() as base:
            report(base, args.runs)
