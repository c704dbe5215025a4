"""Against a real server process on loopback: a restart mid self-check loses nothing, and 50 sessions
interleaving their turns get no crossed answers."""

from __future__ import annotations

import signal
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from app_server import Server


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
