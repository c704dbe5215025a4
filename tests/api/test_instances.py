"""Instances killed in the middle of the work: 30 self-checks interleaved, every turn to a random
instance, one instance SIGKILLed halfway. A client (like a reverse proxy) sends a message that got
no answer again, to an instance that answers, with the same client_message_id. Every conversation
must finish with its own figures, every acknowledged turn must be there, none answered twice.

- two instances (separate processes, separate ports) on one PostgreSQL database, one killed;
- one instance on SQLite, killed with kill -9 and started again (issue 9's dropped connections).
"""

from __future__ import annotations

import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
from app_server import Server

SESSIONS = 30


def script(i: int) -> list[str]:
    """Session i's own figures: a founding date and yes/no answers that differ from its neighbours'."""
    return ["能不能入驻创新券平台", "法人", f"2019-{i % 12 + 1:02d}-{i % 28 + 1:02d}", "是", "是" if i % 2 else "否",
            "是" if i % 3 else "否", "是", "是", "是", "还没核验"]


class Client:
    """Posts to a random live instance; a message that got no answer goes again, with its id, elsewhere."""

    def __init__(self, servers: list[Server], seed: int):
        self.servers = servers
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.http = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=64))
        self.failures: list[str] = []
        self.resent = 0

    def post(self, path: str, body: dict | None = None) -> dict:
        deadline = time.monotonic() + 60
        while True:
            with self.lock:
                server = self.rng.choice(self.servers)
            try:
                r = self.http.post(server.url + path, json=body)
            except httpx.TransportError:  # the instance died under the request, or is down
                with self.lock:
                    self.resent += 1
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
                continue
            if r.status_code >= 400:
                self.failures.append(f"{r.status_code} {path}: {r.text[:200]}")
            return r.json()


def run_flows(client: Client, kill) -> dict[int, dict]:
    sids = [client.post("/chat/sessions")["session_id"] for _ in range(SESSIONS)]
    last: dict[int, dict] = {}

    halfway = len(script(0)) // 2

    def step(args: tuple[int, int]) -> tuple[int, dict]:
        i, k = args
        if (i, k) == (SESSIONS // 2, halfway):
            kill()  # from one worker, while the other workers' turns of this round are in flight (no timer:
            # the kill must not depend on the clock, which the suite also runs under libfaketime)
        body = {"text": script(i)[k], "client_message_id": f"s{i}-t{k}"}
        return i, client.post(f"/chat/sessions/{sids[i]}/messages", body)["turn"]

    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        for k in range(len(script(0))):
            for i, turn in pool.map(step, [(i, k) for i in range(SESSIONS)]):
                last[i] = turn
    for i in range(SESSIONS):
        assert last[i]["mode"] == "review", last[i]
        values = {r["field"]: r["value"] for b in last[i]["blocks"] if b["type"] == "review" for r in b["rows"]}
        assert values["established_on"] == f"2019年{i % 12 + 1}月{i % 28 + 1}日"
        assert values["has_fixed_premises"] == ("是" if i % 2 else "否")
        assert values["declares_professional_team"] == ("是" if i % 3 else "否")
    return {i: sid for i, sid in enumerate(sids)}


def assert_every_turn_once(sids: dict[int, str], server: Server) -> None:
    for i, sid in sids.items():
        messages = httpx.get(f"{server.url}/chat/sessions/{sid}", timeout=30).json()["messages"]
        assert [m["text"] for m in messages if m["role"] == "user"] == script(i), "none lost, none twice"


def test_two_instances_on_one_postgresql_one_killed_halfway(postgres):
    url = postgres.database()
    a, b = Server(url).start(), Server(url).start()
    try:
        client = Client([a, b], seed=12)
        sids = run_flows(client, kill=lambda: b.stop(signal.SIGKILL))
        assert client.failures == [] and client.resent > 0, "the kill happened mid-run and cost no request"
        assert_every_turn_once(sids, a)
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == SESSIONS
            users = conn.execute("SELECT count(*) FROM transcript WHERE role = 'user'").fetchone()[0]
            assert users == SESSIONS * len(script(0)), "the data is in PostgreSQL's tables"
    finally:
        a.stop()
        b.stop()


def test_kill_9_of_a_sqlite_server_during_thirty_flows_loses_no_acknowledged_turn(tmp_path):
    server = Server(tmp_path / "var" / "assistant.db").start()
    try:
        client = Client([server], seed=9)

        def kill_and_restart() -> None:
            server.stop(signal.SIGKILL)
            server.start()

        sids = run_flows(client, kill=kill_and_restart)
        assert client.failures == [] and client.resent > 0
        assert_every_turn_once(sids, server)
    finally:
        server.stop()
