"""How people type figures: every spelling the issue names reads as the same value; bad ones are refused
with a reason and an example, never an exception other than Unreadable."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.figures import Unreadable, format_value, is_skip, parse_value

TODAY = date(2026, 11, 22)
PLATFORM_GRADES = [("优秀", "优秀"), ("良好", "良好"), ("一般", "一般"), ("不合格", "不合格")]
ORG_FORMS = [("legal_person", "法人"), ("unincorporated_org", "非法人组织"), ("other", "其他（个体工商户、自然人等）")]


@pytest.mark.parametrize("typed", ["500万", "5,000,000元", "五百万", "0.05亿", "500万元", "伍佰万", "500", "5000000",
                                   "５００万", "500 万元", "约500万", "500多万"])
def test_every_spelling_of_five_million_yuan_is_500_wan(typed):
    assert parse_value("wan", typed).value == 500


@pytest.mark.parametrize("typed,expected", [("1.2千万", 1200), ("三千五百万", 3500), ("3万5", 3.5), ("1,500.5万", 1500.5),
                                            ("12000元", 1.2), ("0.5亿", 5000)])
def test_other_amounts_convert_to_wan(typed, expected):
    assert parse_value("wan", typed).value == expected


@pytest.mark.parametrize("typed", ["15人", "十五个", "15", "十五人", "15名", "１５", "约15人"])
def test_fifteen_people_in_any_form(typed):
    assert parse_value("int", typed, unit="人").value == 15


@pytest.mark.parametrize("typed,expected", [("2023年5月", "2023-05-01"), ("2023-05-01", "2023-05-01"),
                                            ("2023.5.1", "2023-05-01"), ("2023/5/1", "2023-05-01"),
                                            ("20230501", "2023-05-01"), ("二〇二三年五月一日", "2023-05-01"),
                                            ("2023年5月1号", "2023-05-01"), ("2024年2月29日", "2024-02-29"),
                                            ("今天", "2026-11-22")])
def test_dates_in_any_form(typed, expected):
    assert parse_value("date", typed, today=TODAY).value == expected


def test_a_month_without_a_day_says_which_day_was_assumed():
    parsed = parse_value("date", "2023年5月", today=TODAY)
    assert "5月1日" in parsed.note


@pytest.mark.parametrize("typed,expected", [("是", True), ("否", False), ("有", True), ("没有", False), ("对", True),
                                            ("不是", False), ("有的，已经建立", True), ("没有设专职秘书", False),
                                            ("已经", True), ("还没", False), ("yes", True), ("N", False)])
def test_yes_and_no(typed, expected):
    assert parse_value("bool", typed).value is expected


@pytest.mark.parametrize("typed", ["不知道", "跳过", "不清楚", "不确定", "不知道。", "忘了", "skip"])
def test_dont_know_and_skip(typed):
    assert is_skip(typed)


@pytest.mark.parametrize("typed", ["是", "15", "2023年5月", "不合格"])
def test_real_answers_are_not_skips(typed):
    assert not is_skip(typed)


@pytest.mark.parametrize("typed,expected", [("法人", "legal_person"), ("有限公司", "legal_person"),
                                            ("非法人组织", "unincorporated_org"), ("合伙企业", "unincorporated_org"),
                                            ("个体户", "other"), ("2", "unincorporated_org")])
def test_choices_by_label_alias_or_number(typed, expected):
    aliases = {"legal_person": ("公司", "有限公司"), "unincorporated_org": ("合伙企业",), "other": ("个体户",)}
    assert parse_value("choice", typed, choices=ORG_FORMS, aliases=aliases).value == expected


@pytest.mark.parametrize("typed,expected", [("优秀、良好、一般", ["优秀", "良好", "一般"]), ("不合格,不合格", ["不合格", "不合格"]),
                                            ("良好 一般", ["良好", "一般"]), ("没有", []), ("优良", ["优秀", "良好"])])
def test_grades_oldest_first(typed, expected):
    assert parse_value("grades", typed, choices=PLATFORM_GRADES).value == expected


@pytest.mark.parametrize("kind,typed,reason", [
    ("date", "2023年2月30日", "2月没有30日"),
    ("date", "2月30日", "2月没有30日"),
    ("date", "5月1日", "年份"),
    ("date", "2023年13月1日", "13月"),
    ("date", "2027-01-01", "晚于今天"),
    ("date", "2023", "月份"),
    ("int", "-3", "负数"),
    ("int", "负三", "负数"),
    ("int", "15.5", "整数"),
    ("wan", "-5万", "负数"),
    ("wan", "不到500万", "具体数字"),
    ("wan", "400-500万", "范围"),
    ("wan", "五六百万", "范围"),
    ("int", "😀", "数字"),
    ("int", "<script>alert(1)</script>", "数字"),
    ("bool", "也许吧", "是"),
    ("months", "13个月", "12"),
    ("grades", "很好", "等级"),
    ("int", "x" * 10_000, "太长"),
    ("int", "", "内容"),
])
def test_unreadable_replies_say_why(kind, typed, reason):
    with pytest.raises(Unreadable) as err:
        parse_value(kind, typed, choices=PLATFORM_GRADES, today=TODAY)
    assert reason in err.value.message


def test_values_show_back_in_their_unit():
    assert format_value("wan", 500) == "500 万元"
    assert format_value("sqm", 150.5) == "150.5 平方米"
    assert format_value("date", "2023-05-01") == "2023年5月1日"
    assert format_value("bool", False) == "否"
    assert format_value("grades", []) == "尚无评估结果"


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(["int", "wan", "sqm", "months", "percent", "date", "year", "bool", "choice", "grades", "text"]),
       text=st.text(max_size=60))
def test_no_reply_crashes_a_parser(kind, text):
    try:
        parse_value(kind, text, choices=ORG_FORMS, today=TODAY)
    except Unreadable:
        pass


@pytest.mark.parametrize("typed", ["0.05亿", "120平", "15人", "2019年3月", "1.5"])
def test_a_figure_typed_where_yes_or_no_was_asked_is_not_read_as_yes_or_no(typed):
    with pytest.raises(Unreadable, match="是"):
        parse_value("bool", typed)


@pytest.mark.parametrize("kind, typed", [("months", "良好,一般"), ("int", "一般"), ("int", "一些")])
def test_a_numeral_inside_an_ordinary_word_is_not_a_figure(kind, typed):
    with pytest.raises(Unreadable):
        parse_value(kind, typed)


def test_a_figure_after_a_word_that_starts_with_a_numeral_is_still_read():
    assert parse_value("int", "一共15人").value == 15


@pytest.mark.parametrize("typed, expected", [("去年5月", date(2025, 5, 1)), ("前年3月1日", date(2024, 3, 1)),
                                             ("今年1月15日", date(2026, 1, 15))])
def test_a_year_named_relative_to_today_is_read(typed, expected):
    assert parse_value("date", typed, today=date(2026, 11, 22)).value in (expected, expected.isoformat())
