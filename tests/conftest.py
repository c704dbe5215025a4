"""Fixtures for every test folder: a throw-away PostgreSQL cluster for the whole run, `store_db` (a fresh
database on each back-end, so the store's tests run against SQLite and PostgreSQL alike) and a clock
the tests move by hand. Property tests are derandomized under CI (CI=1, set by .ci/run), so a build's
result depends on the code alone; locally they explore afresh each run."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
from hypothesis import settings
from pg_cluster import PostgresCluster

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request, tmp_path) -> str:
    """ASSISTANT_DB for a fresh, empty store: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "var" / "assistant.db")
    return request.getfixturevalue("postgres").database()


class ManualClock:
    """A clock that tests move by hand: time is an input, never read from the machine."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc))
