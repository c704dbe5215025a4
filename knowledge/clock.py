"""The one place that reads the machine's clock, and the calendar day it means in Shanghai.

Time is an input: everything below the edge of the app takes a `today` or a `now`. The edges (the
API app, the CLI, the Telegram channel) hold a `Clock` — `system_clock` in production, a fixed one
in tests — so the suite gives the same answers on any date the machine thinks it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Callable

SHANGHAI = timezone(timedelta(hours=8))
"""China Standard Time has no daylight saving; the measures' dates are days in Shanghai."""

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, as an aware datetime: the only read of the machine's clock in the project."""
    return datetime.now(timezone.utc)


def shanghai_date(now: datetime) -> date:
    """The calendar day in Shanghai at `now`, whatever the server's time zone."""
    return now.astimezone(SHANGHAI).date()


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment` (tests, replays, a CLI run 'as of' a date)."""
    return lambda: moment
