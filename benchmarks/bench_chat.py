"""Prints the dialog's speed: turns per second and turn latency (p50/p95/p99) over HTTP on loopback,
with many sessions each walking a whole self-check at once; and the engine alone, in-process.

    python benchmarks/bench_chat.py [--sessions 50] [--concurrency 16] [--url http://127.0.0.1:8000]

Without --url it starts its own server (uvicorn, one process, a fresh SQLite file in a temp folder),
so the figures include parsing, the checks, the answer layer and the SQLite write of every turn.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 22, 2, tzinfo=timezone.utc)
"""The in-process engine's moment: a day both measures are in force (time is an input)."""
# One session's turns: a voucher-entry self-check with a question in the middle and a result at the end.
SCRIPT = ["能不能入驻创新券平台", "有限公司", "2023年5月", "是", "第七条是什么？", "有", "是", "是的", "有", "是", "还没核验", "确认"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning"], cwd=ROOT,
                            # One client plays every caller: rate limits would measure themselves, not the chat.
                            env={**os.environ, "ASSISTANT_DB": str(db), "ASSISTANT_RATE_SESSIONS": "off",
                                 "ASSISTANT_RATE_MESSAGES": "off"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def over_http(url: str, sessions: int, concurrency: int, pid: int | None = None) -> None:
    latencies: list[float] = []
    lock = threading.Lock()
    with httpx.Client(base_url=url, timeout=60,
                      limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)) as http:
        # Warm-up: first answers build the retrieval index in the server process.
        sid = http.post("/chat/sessions").json()["session_id"]
        for text in SCRIPT:
            http.post(f"/chat/sessions/{sid}/messages", json={"text": text})

        def run(_: int) -> None:
            sid = http.post("/chat/sessions").json()["session_id"]
            for text in SCRIPT:
                start = time.perf_counter()
                r = http.post(f"/chat/sessions/{sid}/messages", json={"text": text})
                elapsed = (time.perf_counter() - start) * 1000
                r.raise_for_status()
                with lock:
                    latencies.append(elapsed)

        began, cpu_before = time.perf_counter(), cpu_seconds(pid) if pid else 0.0
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(run, range(sessions)))
        wall, turns_cpu = time.perf_counter() - began, (cpu_seconds(pid) - cpu_before if pid else 0.0)
        # The same number of /health requests, the same way, for the server CPU a request costs at the least.
        cpu_before = cpu_seconds(pid) if pid else 0.0
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(lambda _: http.get("/health").raise_for_status(), range(len(latencies))))
        health_cpu = cpu_seconds(pid) - cpu_before if pid else 0.0
    print(f"HTTP on loopback: {sessions} sessions × {len(SCRIPT)} turns, {concurrency} clients at once")
    print(f"  turns/second  {len(latencies) / wall:8.1f}   ({len(latencies)} turns in {wall:.2f} s)")
    print(f"  turn latency  p50 {percentile(latencies, 50):.1f} ms   p95 {percentile(latencies, 95):.1f} ms   "
          f"p99 {percentile(latencies, 99):.1f} ms   max {max(latencies):.1f} ms   "
          f"(p99 / p50 = {percentile(latencies, 99) / percentile(latencies, 50):.1f})")
    if pid:
        turn_ms, health_ms = 1000 * turns_cpu / len(latencies), 1000 * health_cpu / len(latencies)
        print(f"  server CPU    {turn_ms:.2f} ms a turn   {health_ms:.2f} ms a /health request   "
              f"(a turn = {turn_ms / health_ms:.1f} × /health)")


def in_process(rounds: int) -> None:
    from bot import Engine

    engine = Engine(idle_timeout=timedelta(hours=1))
    state, _ = engine.start(NOW)
    for text in SCRIPT:  # warm caches
        state, _ = engine.handle(state, text, NOW)
    times = []
    for _ in range(rounds):
        state, _ = engine.start(NOW)
        for text in SCRIPT:
            start = time.perf_counter()
            state, _ = engine.handle(state, text, NOW)
            times.append((time.perf_counter() - start) * 1000)
    total = sum(times) / 1000
    print(f"Engine in-process: {rounds} conversations × {len(SCRIPT)} turns")
    print(f"  turns/second  {len(times) / total:8.1f}")
    print(f"  turn latency  p50 {percentile(times, 50):.2f} ms   p99 {percentile(times, 99):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=200, help="in-process conversations")
    parser.add_argument("--url", help="benchmark a running server instead of starting one")
    args = parser.parse_args()

    in_process(args.rounds)
    if args.url:
        over_http(args.url.rstrip("/"), args.sessions, args.concurrency)
        return
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp) / "bench.db")
        try:
            over_http(url, args.sessions, args.concurrency, proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
