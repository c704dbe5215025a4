"""The real app as a separate process on loopback, for tests that restart, kill or multiply it.

A module of its own (not conftest) so test files import it by a name no other test folder uses.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from pg_cluster import free_port

ROOT = Path(__file__).resolve().parents[2]


class Server:
    """uvicorn api.main:app in a subprocess on ASSISTANT_DB=`db`; start() and stop() may be called repeatedly."""

    def __init__(self, db: Path | str, port: int | None = None, **env: str):
        self.db, self.port, self.env = str(db), port or free_port(), env
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready: bool = True) -> "Server":
        """Starts the process and waits until it is live (and, with `ready`, ready to serve)."""
        env = {**os.environ, "ASSISTANT_DB": self.db, **self.env}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        probe = "/health/ready" if ready else "/health/live"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{self.url}{probe}", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not {'ready' if ready else 'live'} in 30 s")

    def stop(self, sig: int = signal.SIGTERM) -> str:
        """Stops the process; returns what it wrote to stderr."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.stderr.read().decode(errors="replace") if self.proc else ""
