"""Prints chat turns per second and turn latency (p50/p99) with 50 and 200 concurrent sessions, on
SQLite and on PostgreSQL, with one and with two server instances, and /health's latency measured
in the same run beside the turns.

    python benchmarks/bench_store.py [--sessions 50 200] [--backends sqlite postgresql] [--instances 1 2]

Each configuration starts its own servers (uvicorn, one process each, on loopback) on a fresh
database — a SQLite file, or a database on a throw-away PostgreSQL cluster (tests/pg_cluster.py, which
needs Debian's postgresql package) — and runs `sessions` self-checks at once, every turn sent to a
random instance. A side thread polls /health all the while, so the two figures share one machine's
load. Two SQLite instances share one file on one host, the most SQLite can do.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "api"), str(ROOT / "benchmarks")]

from app_server import Server  # noqa: E402
from bench_chat import SCRIPT, percentile  # noqa: E402
from pg_cluster import PostgresCluster  # noqa: E402


def run(urls: list[str], sessions: int, seed: int = 1) -> dict[str, float]:
    rng, lock = random.Random(seed), threading.Lock()
    turns: list[float] = []
    health: list[float] = []
    resent = [0]
    done = threading.Event()
    with httpx.Client(timeout=120, limits=httpx.Limits(max_connections=sessions + 8,
                                                       max_keepalive_connections=sessions + 8)) as http:
        for url in urls:  # warm-up: the first answers build the retrieval index in each process
            sid = http.post(f"{url}/chat/sessions").json()["session_id"]
            for text in SCRIPT:
                http.post(f"{url}/chat/sessions/{sid}/messages", json={"text": text})

        def post(path: str, body: dict | None = None) -> httpx.Response:
            # A keep-alive connection the server closed just as it was reused fails without an
            # answer; like any client, send again — a message's id makes that safe.
            for attempt in range(3):
                with lock:
                    url = rng.choice(urls)
                try:
                    r = http.post(url + path, json=body)
                    r.raise_for_status()
                    return r
                except httpx.TransportError:
                    with lock:
                        resent[0] += 1
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")

        def poll_health() -> None:
            while not done.is_set():
                start = time.perf_counter()
                try:
                    http.get(f"{rng.choice(urls)}/health").raise_for_status()
                except httpx.TransportError:
                    continue
                health.append((time.perf_counter() - start) * 1000)
                time.sleep(0.02)

        def session(n: int) -> None:
            sid = post("/chat/sessions").json()["session_id"]
            for k, text in enumerate(SCRIPT):
                start = time.perf_counter()
                post(f"/chat/sessions/{sid}/messages", {"text": text, "client_message_id": f"{n}-{k}"})
                with lock:
                    turns.append((time.perf_counter() - start) * 1000)

        poller = threading.Thread(target=poll_health)
        poller.start()
        began = time.perf_counter()
        try:
            with ThreadPoolExecutor(max_workers=sessions) as pool:
                list(pool.map(session, range(sessions)))
        finally:
            wall = time.perf_counter() - began
            done.set()
            poller.join()
    return {"turns/s": len(turns) / wall, "p50": percentile(turns, 50), "p99": percentile(turns, 99),
            "health p50": percentile(health, 50), "health p99": percentile(health, 99), "resent": resent[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    cluster = PostgresCluster().start() if "postgresql" in args.backends else None
    print(f"{'store':<11}{'instances':>9}{'sessions':>9}{'turns/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
          f"{'/health p50':>13}{'/health p99':>13}{'resent':>8}", flush=True)
    try:
        for backend in args.backends:
            for instances in args.instances:
                for sessions in args.sessions:
                    with tempfile.TemporaryDirectory() as tmp:
                        db = cluster.database() if backend == "postgresql" else str(Path(tmp) / "bench.db")
                        servers = [Server(db).start() for _ in range(instances)]
                        try:
                            f = run([s.url for s in servers], sessions)
                        finally:
                            for server in servers:
                                server.stop()
                    print(f"{backend:<11}{instances:>9}{sessions:>9}{f['turns/s']:>9.1f}{f['p50']:>9.1f}"
                          f"{f['p99']:>9.1f}{f['health p50']:>13.1f}{f['health p99']:>13.1f}{f['resent']:>8}",
                          flush=True)
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
