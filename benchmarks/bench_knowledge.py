"""Prints the hotline layer's speed and memory figures: search latency in-process, time from process
start to the first answer, /ask throughput against /health on loopback, and the server's resident memory.

    python benchmarks/bench_knowledge.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = [ROOT / "tests/knowledge/data/holdout_questions.jsonl", *sorted((ROOT / "benchmarks/data").glob("*.jsonl")),
                  ROOT.parent / "shared/eval/dev_questions.jsonl"]


def questions() -> list[str]:
    out = []
    for path in QUESTION_FILES:
        if path.exists():
            out += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


TODAY = date(2026, 11, 22)


def in_process(qs: list[str], rounds: int) -> None:
    from knowledge import ask, corpus
    from knowledge.retrieval import retriever

    r = retriever(corpus(TODAY))
    for q in qs:  # warm caches
        ask(q, TODAY)
    for name, fn in [("search (rank)", r.rank), ("ask (rank + gate + answer)", lambda q: ask(q, TODAY))]:
        times = []
        for _ in range(rounds):
            for q in qs:
                start = time.perf_counter()
                fn(q)
                times.append((time.perf_counter() - start) * 1000)
        print(f"{name:>28}: p50 {percentile(times, 50):.3f} ms  p99 {percentile(times, 99):.3f} ms  "
              f"({len(times)} questions)")


def first_answer() -> None:
    code = "from datetime import date; from knowledge import ask; ask('服务场地至少多大？', date(2026, 11, 22))"
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        runs.append(time.perf_counter() - start)
    print(f"{'process start → first answer':>28}: {min(runs):.2f} s best, {statistics.median(runs):.2f} s median of 3")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def throughput(url: str, requests: int, body: dict | None, workers: int = 8) -> float:
    with httpx.Client(base_url=url, timeout=10) as client:
        def one(i: int) -> None:
            if body is None:
                client.get("/health").raise_for_status()
            else:
                client.post("/ask", json={"question": body["qs"][i % len(body["qs"])]}).raise_for_status()

        start = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, range(requests)))
        return requests / (time.perf_counter() - start)


def over_http(qs: list[str], requests: int) -> None:
    port = free_port()
    # Throughput, not the hotline's per-client rate limit, is measured here: one client sends every request.
    env = {**os.environ, "ASSISTANT_DB": str(ROOT / "var" / "bench.sqlite3"), "ASSISTANT_RATE_ASK": "off"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--port", str(port),
                               "--log-level", "warning"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(url + "/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        throughput(url, 200, {"qs": qs})  # warm up
        health = throughput(url, requests, None)
        ask = throughput(url, requests, {"qs": qs})
        print(f"{'/health throughput':>28}: {health:.0f} req/s")
        print(f"{'/ask throughput':>28}: {ask:.0f} req/s ({ask / health:.0%} of /health)")
        print(f"{'server resident memory':>28}: {rss_mb(server.pid):.0f} MB after {2 * requests + 200} requests")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    qs = questions()
    in_process(qs, args.rounds)
    first_answer()
    over_http(qs, args.requests)


if __name__ == "__main__":
    main()
