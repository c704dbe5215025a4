"""A throw-away PostgreSQL cluster on loopback, for the tests (tests/conftest.py) and the benchmarks.

It uses the server binaries of Debian's postgresql package (scripts/setup --postgresql installs it):
initdb into a temporary folder, pg_ctl on a free 127.0.0.1 port, trust authentication for a local
user, torn down by stop(). initdb refuses to run as root, so as root the server runs as the
`postgres` user the package creates. Nothing listens beyond loopback.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


PG_USER = "assistant"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


class PostgresCluster:
    """One server process on a free port; `database()` makes a fresh, empty database on it."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found: run scripts/setup --postgresql "
                               "(installs Debian's postgresql package)")
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
        self._counter = itertools.count(1)
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self._ids = (account.pw_uid, account.pw_gid)

    def _run(self, *args: str) -> None:
        def drop() -> None:
            os.setgid(self._ids[1])
            os.setuid(self._ids[0])

        subprocess.run([str(self.bin / args[0]), *args[1:]], check=True, capture_output=True,
                       preexec_fn=drop if self._as_postgres else None, cwd=self.dir)

    def start(self) -> "PostgresCluster":
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--no-locale")
        # fsync off: a throw-away cluster never survives a machine crash anyway, and tests get faster.
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.dir / "server.log"), "-w", "-t", "60",
                  "start")
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://{PG_USER}@127.0.0.1:{self.port}/{name}"

    def database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
