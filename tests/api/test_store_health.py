"""A real server whose database goes wrong: full, read-only, corrupt, deleted. /health/ready says so
(503, in Chinese) while /health/live stays 200, the chat answers 503 rather than acknowledging what
it did not store, and a broken database is never silently recreated.

The small and read-only disks are tmpfs mounts, which need root (as on the project's machines).
"""

from __future__ import annotations

import os
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from app_server import Server


@contextmanager
def small_disk(where: Path, size: str = "4m") -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.fail("mounting a small tmpfs needs root, as the project's machines and CI have")
    where.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return filler


def status(server: Server, path: str) -> tuple[int, dict]:
    r = httpx.get(f"{server.url}{path}", timeout=10)
    return r.status_code, r.json()


def not_ready(server: Server) -> str:
    """Asserts the server is live but not ready (/health and /health/ready alike); returns the reasons."""
    assert status(server, "/health/live")[0] == 200
    code, body = status(server, "/health/ready")
    assert code == 503 and body["status"] == "not_ready" and status(server, "/health")[0] == 503
    return " ".join(body["problems"])


def test_a_healthy_server_is_live_and_ready(tmp_path):
    server = Server(tmp_path / "assistant.db").start()
    try:
        assert status(server, "/health/live")[0] == 200
        code, body = status(server, "/health/ready")
        assert code == 200 and body["store"] == "sqlite" and body["measures"] == {"platform": 24, "voucher": 15}
        assert status(server, "/health")[0] == 200
    finally:
        server.stop()


def test_a_full_disk_takes_the_server_out_of_rotation_until_space_returns(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        server = Server(disk / "assistant.db").start()
        try:
            http = httpx.Client(base_url=server.url, timeout=10)
            sid = http.post("/chat/sessions").json()["session_id"]
            filler = fill(disk)
            assert "磁盘已满" in not_ready(server)
            for n in range(20):  # whatever a turn does on a full disk, it is never a 500
                r = http.post(f"/chat/sessions/{sid}/messages", json={"text": "第七条" * 50})
                assert r.status_code in (200, 503), r.text
            filler.unlink()
            assert status(server, "/health/ready")[0] == 200
        finally:
            server.stop()


def test_a_read_only_database_is_reported_not_ready(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        server = Server(disk / "assistant.db").start()
        sid = httpx.post(f"{server.url}/chat/sessions", timeout=10).json()["session_id"]
        server.stop()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        server.start(ready=False)
        try:
            assert not_ready(server)
            r = httpx.post(f"{server.url}/chat/sessions/{sid}/messages", json={"text": "第七条"}, timeout=10)
            assert r.status_code == 503 and "稍后再试" in r.json()["message"]
        finally:
            server.stop()


def test_a_corrupt_database_is_reported_at_start_and_left_as_it_was(tmp_path):
    db = tmp_path / "assistant.db"
    server = Server(db).start()
    httpx.post(f"{server.url}/chat/sessions", timeout=10)
    server.stop()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    garbage = b"\x00garbage, not a page of SQLite" * 400
    db.write_bytes(garbage)
    server.start(ready=False)
    try:
        assert "损坏" in not_ready(server)
        assert httpx.post(f"{server.url}/chat/sessions", timeout=10).status_code == 503
    finally:
        log = server.stop()
    assert "CRITICAL" in log or "损坏" in log, "reported loudly in the log"
    assert db.read_bytes() == garbage


def test_a_database_deleted_under_a_running_server_stops_acknowledging_writes(tmp_path):
    db = tmp_path / "var" / "assistant.db"
    server = Server(db).start()
    try:
        http = httpx.Client(base_url=server.url, timeout=10)
        sid = http.post("/chat/sessions").json()["session_id"]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        r = http.post(f"/chat/sessions/{sid}/messages", json={"text": "第七条"})
        assert r.status_code == 503, "not acknowledged into an unlinked file"
        assert "删除" in not_ready(server)
    finally:
        server.stop(signal.SIGKILL)
    server.start(ready=False)  # restarted on the same setting: the missing database is not recreated
    try:
        assert "备份" in not_ready(server)
        assert not db.exists()
    finally:
        server.stop()
