"""Legal period arithmetic (Civil Code Arts. 200–204) and the Chinese wording that states it.

Every deadline the checks compute goes through here, so the convention is applied one way and the
sentence that explains it names the same dates the arithmetic used.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

CONVENTION = "《民法典》第二百零一条、第二百零二条"


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_days(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later (or earlier); the month's last day where there is none."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, month_days(year, month0 + 1)))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


@lru_cache(maxsize=8192)
def period_end(event: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """Last day of a period that follows `event`.

    Art. 201: the event's own day is not counted, counting starts the next day. Art. 202: a period
    in years or months ends on the corresponding day of its last month, or that month's last day
    where there is none (a period from 29 February). A period in days therefore ends `days` days
    after the event. Art. 203's holiday extension is not applied: it governs the last day for doing
    an act, and none of these periods is one.
    """
    if years or months:
        return add_months(event, 12 * years + months)
    return event + timedelta(days=days)


@lru_cache(maxsize=8192)
def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@lru_cache(maxsize=8192)
def explain(event_label: str, event: date, length: str, end: date) -> str:
    """Cached, like cn_date and period_end: pure, and the same dates recur across a run's rules.

    '成立日2024年3月15日当日不计入，自2024年3月16日起算，2年期间至2026年3月15日届满（…）'."""
    start = event + timedelta(days=1)
    return (f"按{CONVENTION}：{event_label}{cn_date(event)}当日不计入，自{cn_date(start)}起算，"
            f"{length}期间至{cn_date(end)}届满")
