"""Civil Code period arithmetic: corresponding days, month ends, and the day-after start."""

from __future__ import annotations

from datetime import date

import pytest

from checks import add_months, add_years, period_end
from checks._dates import explain


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 9, 30), 6, date(2027, 3, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 1, 15), -13, date(2024, 12, 15)),
])
def test_add_months_takes_the_corresponding_day_or_the_months_last_day(start, months, end):
    assert add_months(start, months) == end


def test_a_period_of_years_from_29_february_ends_on_28_february():
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert period_end(date(2024, 2, 29), years=4) == date(2028, 2, 29)


def test_a_period_of_days_starts_the_day_after_its_event():
    # Verified on 2 March: day one is 3 March, day seven is 9 March.
    assert period_end(date(2026, 3, 2), days=7) == date(2026, 3, 9)


def test_the_explanation_names_the_convention_and_every_date():
    text = explain("成立日", date(2024, 3, 15), "2年", date(2026, 3, 15))
    assert "民法典" in text and "2024年3月15日当日不计入" in text and "2024年3月16日起算" in text
    assert "2026年3月15日届满" in text
