"""Against a real server process on loopback: a restart mid self-check loses nothing, and 50 sessions
interleaving their turns get no crossed answers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn api.main:app in a subprocess; start() and stop() may be called repeatedly."""

    def __init__(self, db: Path, port: int | None = None):
        self.db, self.port = db, port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        env = {**os.environ, "ASSISTANT_DB": str(self.db)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "warning"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start in 30 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "var" / "assistant.db").start()
    yield srv
    srv.stop()


def test_a_restart_in_the_middle_of_a_self_check_loses_nothing(server):
    with httpx.Client(base_url=server.url, timeout=10) as http:
        sid = http.post("/chat/sessions").json()["session_id"]
        for text in ["我想申请服务平台", "法人", "是", "60家"]:
            assert http.post(f"/chat/sessions/{sid}/messages", json={"text": text}).status_code == 200
        before = http.get(f"/chat/sessions/{sid}").json()

    server.stop(signal.SIGKILL)  # the harshest restart: no shutdown hook runs
    server.start()

    with httpx.Client(base_url=server.url, timeout=10) as http:
        after = http.get(f"/chat/sessions/{sid}").json()
        assert after["messages"] == before["messages"]
        assert after["turn"]["prompt"]["field"] == before["turn"]["prompt"]["field"]
        turn = http.post(f"/chat/sessions/{sid}/messages", json={"text": "是"}).json()["turn"]
        assert "已记录" in turn["blocks"][0]["text"]
        while turn["mode"] == "asking":
            turn = http.post(f"/chat/sessions/{sid}/messages", json={"text": "跳过"}).json()["turn"]
        review = next(b for b in turn["blocks"] if b["type"] == "review")
        values = {r["field"]: r["value"] for r in review["rows"]}
        assert values["org_form"] == "法人" and values["service_clients"] == "60 家"
        assert values["registered_in_shanghai"] == "是"


def test_fifty_concurrent_sessions_interleaving_turns_get_no_crossed_answers(server):
    n = 50
    with httpx.Client(base_url=server.url, timeout=30,
                      limits=httpx.Limits(max_connections=n, max_keepalive_connections=n)) as http:
        sids = [http.post("/chat/sessions").json()["session_id"] for _ in range(n)]

        def script(i: int) -> list[str]:
            # Each session's own figures: a distinct founding date and a distinct yes/no pattern.
            return ["能不能入驻创新券平台", "法人", f"2019-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "是",
                    "是" if i % 2 else "否", "是" if i % 3 else "否", "是", "是", "是", "还没核验"]

        def step(args: tuple[int, int]) -> tuple[int, dict]:
            i, k = args
            r = http.post(f"/chat/sessions/{sids[i]}/messages", json={"text": script(i)[k]})
            assert r.status_code == 200, r.text
            return i, r.json()["turn"]

        last: dict[int, dict] = {}
        with ThreadPoolExecutor(max_workers=n) as pool:
            # Turn k of every session is in flight at the same time before any session takes turn k+1.
            for k in range(len(script(0))):
                for i, turn in pool.map(step, [(i, k) for i in range(n)]):
                    last[i] = turn

        for i in range(n):
            assert last[i]["mode"] == "review", last[i]
            review = next(b for b in last[i]["blocks"] if b["type"] == "review")
            values = {r["field"]: r["value"] for r in review["rows"]}
            assert values["established_on"] == f"2019年{i % 12 + 1}月{i % 28 + 1}日"
            assert values["has_fixed_premises"] == ("是" if i % 2 else "否")
            assert values["declares_professional_team"] == ("是" if i % 3 else "否")
            transcript = http.get(f"/chat/sessions/{sids[i]}").json()["messages"]
            assert [m["text"] for m in transcript if m["role"] == "user"] == script(i)
