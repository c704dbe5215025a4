"""`policy-assistant serve` as deployed: a real server on loopback, its limits and its access log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "ASSISTANT_DB": str(folder / "assistant.db")}
    for name in ("ASSISTANT_RATE_SESSIONS", "ASSISTANT_RATE_MESSAGES", "ASSISTANT_RATE_ASK", "ASSISTANT_MAX_BODY_BYTES"):
        env.pop(name, None)  # the defaults are what is tested
    proc = subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=(folder / "access.log").open("w"), stderr=subprocess.PIPE,
                            text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        assert proc.poll() is None, proc.stderr.read()
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.1)
    proc.url, proc.port, proc.access_log = url, port, folder / "access.log"
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=15)


def test_a_twenty_megabyte_body_is_refused_from_its_headers_alone(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(b"POST /checks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 20971520\r\n\r\n")  # and not one byte of the body
        reply = b""
        while chunk := conn.recv(65_536):  # the server closes the connection after its answer
            reply += chunk
        reply = reply.decode("utf-8", "replace")
    assert reply.startswith("HTTP/1.1 413") and "上限" in reply


def test_a_burst_of_300_session_creations_from_one_client_is_partly_refused(server):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        statuses = [http.post("/chat/sessions").status_code for _ in range(300)]
        refused = http.post("/chat/sessions")
    assert statuses.count(201) == 60 and statuses.count(429) == 240
    assert int(refused.headers["Retry-After"]) >= 1 and "太频繁" in refused.json()["message"]


def test_the_access_log_shows_no_session_id(server):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        assert http.get("/chat/sessions/AbCdEfGh12345678").status_code == 404
    server.terminate()
    server.wait(timeout=15)
    log = server.access_log.read_text()  # uvicorn writes its access log to stdout
    assert '"GET /chat/sessions/… HTTP/1.1" 404' in log and "AbCdEfGh12345678" not in log
