"""Fixtures for every test folder: a throw-away PostgreSQL cluster for the whole run, `store_db` (a fresh
database on each back-end, so the store's tests run against SQLite and PostgreSQL alike) and a clock
the tests move by hand. Property tests are derandomized under CI (CI=1, set by .ci/run), so a build's
result depends on the code alone; locally they explore afresh each run. Under libfaketime the run leaves
without waiting for library threads (see pytest_unconfigure)."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone
from typing import Iterator

import pytest
from hypothesis import settings
from pg_cluster import PostgresCluster

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


UNDER_FAKETIME = "FAKETIME" in os.environ and "faketime" in os.environ.get("LD_PRELOAD", "")
EXIT_STATUS = pytest.StashKey[int]()


def pytest_sessionfinish(session, exitstatus) -> None:
    session.config.stash[EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    # libfaketime (scripts/test's clock runs) moves the monotonic clock with the calendar, and 0.9.10 does not
    # translate the waits Python times with it: a threading.Timer never fires. One that a library leaves
    # running (limits' in-memory storage) would keep a finished run from exiting, so it exits here.
    if UNDER_FAKETIME:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash.get(EXIT_STATUS, 1))


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
