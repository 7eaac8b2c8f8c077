"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl in a temp dir, loopback only, on a free port."""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql

PG_ROOT = Path("/usr/lib/postgresql")
PREFERRED_VERSION = 15
SYSTEM_USER = "postgres"  # created by the Debian postgresql package; initdb/pg_ctl refuse to run as root
SUPERUSER = "postgres"


def find_pg_bin() -> Path | None:
    """/usr/lib/postgresql/<ver>/bin with initdb and pg_ctl: version 15 if present, else the newest."""
    found: dict[int, Path] = {}
    for bin_dir in PG_ROOT.glob("*/bin"):
        version = bin_dir.parent.name
        if re.fullmatch(r"\d+", version) and all(os.access(bin_dir / exe, os.X_OK) for exe in ("initdb", "pg_ctl")):
            found[int(version)] = bin_dir
    if not found:
        return None
    return found.get(PREFERRED_VERSION) or found[max(found)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """`with PostgresServer() as pg: engine = create_engine(pg.create_database("x"))`; all gone on exit."""

    def __init__(self, bin_dir: Path | None = None, start_timeout: int = 30) -> None:
        found = bin_dir or find_pg_bin()
        if found is None:
            raise RuntimeError(f"no PostgreSQL initdb/pg_ctl under {PG_ROOT}/*/bin (install Debian 'postgresql')")
        self.bin_dir = found
        self.start_timeout = start_timeout
        self.port = 0
        self.base: Path | None = None
        self._running = False
        self._as_root = os.geteuid() == 0

    @property
    def data_dir(self) -> Path:
        assert self.base is not None, "server not started"
        return self.base / "data"

    @property
    def log_file(self) -> Path:
        assert self.base is not None, "server not started"
        return self.base / "server.log"

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the default `postgres` database."""
        return self.url_for("postgres")

    def url_for(self, dbname: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL tool (as the postgres system user when we are root), capturing its output."""
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", SYSTEM_USER, "--", *cmd]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        for var in ("PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGOPTIONS"):
            env.pop(var, None)
        return subprocess.run(cmd, cwd=self.base, env=env, capture_output=True, text=True, timeout=120)

    def _fail(self, what: str, proc: subprocess.CompletedProcess[str]) -> RuntimeError:
        log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
        return RuntimeError(
            f"{what} failed (exit {proc.returncode}): {shlex.join(proc.args)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}\n--- server log ---\n{log}"
        )

    def _make_base(self) -> Path:
        if not self._as_root:
            return Path(tempfile.mkdtemp(prefix="pgserver-"))
        try:
            user = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise RuntimeError(
                f"running as root but there is no '{SYSTEM_USER}' system user to run initdb/pg_ctl as "
                "(it comes with the Debian 'postgresql' package: run scripts/ensure_system_deps.sh)"
            ) from None
        # Under /tmp (not $TMPDIR, which may sit below an untraversable /root); mode 0700, owned by postgres.
        base = Path(tempfile.mkdtemp(prefix="pgserver-", dir="/tmp"))
        os.chown(base, user.pw_uid, user.pw_gid)
        return base

    def start(self) -> None:
        if self._running:
            return
        self.base = self._make_base()
        try:
            proc = self._run(
                "initdb", "-D", str(self.data_dir), "-A", "trust", "-E", "UTF8", "--locale=C", "-U", SUPERUSER,
                "--no-sync",
            )  # fmt: skip
            if proc.returncode != 0:
                raise self._fail("initdb", proc)
            for _attempt in range(3):  # the free port may be taken again before the server binds it
                self.port = _free_port()
                options = (
                    f"-p {self.port} -k {shlex.quote(str(self.base))} -c listen_addresses=127.0.0.1 "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                )
                proc = self._run(
                    "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w",
                    "-t", str(self.start_timeout), "-o", options, "start",
                )  # fmt: skip
                if proc.returncode == 0:
                    break
                log = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
                if "could not bind" not in log and "already in use" not in log:
                    raise self._fail("pg_ctl start", proc)
            else:
                raise self._fail("pg_ctl start", proc)
        except BaseException:
            self._stop_server()
            self._remove_base()
            raise
        self._running = True
        atexit.register(self.stop)

    def _stop_server(self) -> None:
        if self.base is not None and (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")

    def _remove_base(self) -> None:
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None

    def stop(self) -> None:
        """Stop the server (immediate mode) and delete its directory; safe to call twice."""
        if not self._running:
            return
        self._running = False
        atexit.unregister(self.stop)
        self._stop_server()
        self._remove_base()

    def create_database(self, name: str) -> str:
        """CREATE DATABASE `name`; return its SQLAlchemy URL."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)
