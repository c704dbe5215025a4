"""Deleting every file and folder named after a measure leaves a working assistant for the rest: a copy
of the checkout without the voucher measure starts, answers a platform question from the platform
measure, and lists and runs only platform checks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GONE = "voucher"

PROBE = """
import json
from datetime import datetime, timezone
from fastapi.testclient import TestClient
from knowledge import fixed_clock
from api.main import app
app.state.clock = fixed_clock(datetime(2026, 11, 22, 2, tzinfo=timezone.utc))
with TestClient(app) as c:
    ask = c.post("/ask", json={"question": "申请服务平台需要多少固定人员？"}).json()
    checks = [e["id"] for e in c.get("/checks").json()]
    run = c.post("/checks", json={"profile": {"fixed_staff": 20, "org_form": "法人"}}).json()
    menu = c.post("/chat/sessions").json()["turn"]["choices"]
    measures = [m["id"] for m in c.get("/articles", headers={"accept": "application/json"}).json()]
print(json.dumps({"ask": ask, "checks": checks, "reports": [r["check"] for r in run["reports"]],
                  "menu": [m["value"] for m in menu], "measures": measures}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def without(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("checkout")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if GONE in Path(name).parts or Path(name).stem.startswith(GONE) or not (ROOT / name).exists():
            continue  # every file and folder named after the measure
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    return copy


def test_the_rest_of_the_assistant_works_without_the_measure(without, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(without), "ASSISTANT_DB": str(tmp_path / "chat.db")}
    env.pop("ASSISTANT_MEASURES", None)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=without, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["measures"] == ["platform"]
    assert out["ask"]["status"] == "answered" and out["ask"]["citations"][0]["id"].startswith("platform-7")
    assert out["checks"] and all(c.startswith("platform.") for c in out["checks"])
    assert out["reports"] == ["platform.eligibility"]
    assert all(GONE not in value for value in out["menu"])
