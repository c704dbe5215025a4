"""Prints how long the API takes over hostile input: every value of the bad-input corpus in every JSON
input, in-process, side by side with the same number of ordinary requests to the same endpoints.

    python benchmarks/bench_bad_inputs.py

The tests (tests/api/test_bad_inputs.py) check what comes back; this script is where the time is
measured, so a slow machine fails nothing and a slow request is still seen.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "api")]

from fastapi.testclient import TestClient  # noqa: E402

from api.main import app  # noqa: E402
from api_setup import NO_RATE_LIMITS, app_with  # noqa: E402
from bad_inputs import values  # noqa: E402

ORDINARY = {"/ask": {"question": "专业技术服务平台的场地面积要求是多少？"},
            "/checks": {"profile": {"as_of": "2026-11-29", "org_form": "法人"}},
            "/chat/sessions/{sid}/messages": {"text": "你好"}}
BODIES = {"/ask": lambda v: {"question": v},
          "/checks": lambda v: {"profile": {"org_form": v}},
          "/chat/sessions/{sid}/messages": lambda v: {"text": v}}


def percentile(values_ms: list[float], p: float) -> float:
    ordered = sorted(values_ms)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def timed(http: TestClient, url: str, body) -> float:
    started = time.perf_counter()
    http.post(url, content=json.dumps(body).encode(), headers={"content-type": "application/json"})
    return (time.perf_counter() - started) * 1000


def main() -> None:
    corpus = values()
    with tempfile.TemporaryDirectory() as tmp, app_with(Path(tmp) / "chat.db", NO_RATE_LIMITS), \
            TestClient(app) as http:
        sid = http.post("/chat/sessions").json()["session_id"]
        print(f"{len(corpus)} hostile values per input, in-process (TestClient), times in ms")
        print(f"{'endpoint':34} {'input':>9} {'p50':>7} {'p99':>7} {'max':>8}")
        for url, body in BODIES.items():
            path = url.format(sid=sid)
            hostile = [timed(http, path, body(v)) for v in corpus]
            ordinary = [timed(http, path, ORDINARY[url]) for _ in corpus]
            for name, runs in (("hostile", hostile), ("ordinary", ordinary)):
                print(f"{url:34} {name:>9} {percentile(runs, 50):7.2f} {percentile(runs, 99):7.2f} {max(runs):8.2f}")


if __name__ == "__main__":
    main()
