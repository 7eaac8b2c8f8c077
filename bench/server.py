"""Start the app as deployed (gunicorn, gunicorn.conf.py) on a free loopback port for a benchmark, and stop it
afterwards."""

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


def wait_ready(base: str, proc: subprocess.Popen, log_path: str, timeout: float = 90) -> float:
    """Seconds until the app's `/healthz` answers 200 (warm: gunicorn.conf.py); SystemExit with the log if the
    server stops or the time runs out first."""
    started = time.monotonic()
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return time.monotonic() - started
        except OSError:  # not listening yet, or 503 while warming (HTTPError is an OSError)
            pass
        if proc.poll() is not None or time.monotonic() - started > timeout:
            log = Path(log_path).read_text(encoding="utf-8", errors="replace")[-4000:]
            raise SystemExit(f"the app did not start (server log {log_path}):\n{log}")
        time.sleep(0.2)


@contextlib.contextmanager
def running_app(workers: int = 2) -> Iterator[str]:
    """The app served as deployed (`gunicorn -c gunicorn.conf.py`) on a free loopback port with `workers`
    workers, yielded once `/healthz` says it is warm; stopped afterwards."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    cmd = [
        str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"),
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "app:server",
    ]  # fmt: skip
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
        wait_ready(base, proc, log.name)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=40)
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
