"""The chat's reader of typed figures (bot.figures) and the API's (checks' Profile) agree on every form
the issues name, so a figure typed in the chat and the same figure sent to POST /checks are judged alike.

They stay two readers on purpose: the API takes exact JSON values strictly, the chat also reads
approximate replies (约 500 万, 不到 15 人) and says how it read them.
"""

from datetime import date

import pytest

from bot.figures import parse_value
from checks import Profile

CASES = [
    ("wan", "service_revenue_wan", "500万", 500),
    ("wan", "service_revenue_wan", "5,000,000元", 500),
    ("wan", "service_revenue_wan", "五百万", 500),
    ("wan", "service_revenue_wan", "0.05亿", 500),
    ("int", "fixed_staff", "15人", 15),
    ("int", "fixed_staff", "十五", 15),
    ("sqm", "service_area_sqm", "150平米", 150),
    ("date", "established_on", "2023-05-01", date(2023, 5, 1)),
    ("date", "established_on", "2023年5月1日", date(2023, 5, 1)),
    ("bool", "registered_in_shanghai", "是", True),
    ("bool", "registered_in_shanghai", "否", False),
]


@pytest.mark.parametrize("kind, field, typed, expected", CASES)
def test_chat_and_api_read_the_same_figure(kind, field, typed, expected):
    chat = parse_value(kind, typed, today=date(2026, 11, 22)).value
    api = getattr(Profile.model_validate({"as_of": "2026-11-22", field: typed}), field)
    chat = date.fromisoformat(chat) if isinstance(chat, str) and kind == "date" else chat
    assert chat == api == expected


@pytest.mark.parametrize("kind, field, typed", [("date", "established_on", "2023年2月30日"),
                                               ("int", "fixed_staff", "-3")])
def test_chat_and_api_both_refuse_impossible_figures(kind, field, typed):
    from bot.figures import Unreadable
    with pytest.raises(Unreadable):
        parse_value(kind, typed, today=date(2026, 11, 22))
    with pytest.raises(ValueError):
        Profile.model_validate({"as_of": "2026-11-22", field: typed})
