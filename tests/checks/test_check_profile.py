"""Profile validation: bad figures are refused with a Chinese message naming the field, and the
forms people type (500万, 5,000,000元, 十五人, 2026年2月28日, 是) are read as the same figures."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from checks import FIELDS, Profile
from checks.errors import chinese_message
from knowledge import shanghai_today

AS_OF = {"as_of": "2026-11-22"}


def _errors(data: dict) -> list[dict]:
    with pytest.raises(ValidationError) as info:
        Profile.model_validate({**AS_OF, **data})
    return info.value.errors()


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"fixed_staff": -3}, "fixed_staff", ["固定人员数量", "负数"]),
    ({"fixed_staff": 10, "qualified_staff": 12}, "qualified_staff", ["qualified_staff", "多于", "fixed_staff"]),
    ({"established_on": "2027-01-01"}, "established_on", ["成立日期", "晚于检查日期"]),
    ({"established_on": "2026-02-30"}, "established_on", ["不存在", "2月只有28天"]),
    ({"established_on": "2026年2月30日"}, "established_on", ["不存在"]),
    ({"established_on": "2026-13-01"}, "established_on", ["不存在"]),
    ({"established_on": "去年"}, "established_on", ["应是日期"]),
    ({"service_clients": "很多"}, "service_clients", ["对外服务单位数量", "整数"]),
    ({"service_clients": 12.5}, "service_clients", ["小数"]),
    ({"service_clients": True}, "service_clients", ["整数"]),
    ({"service_revenue_wan": "abc"}, "service_revenue_wan", ["年技术服务收入", "金额"]),
    ({"service_revenue_wan": -1}, "service_revenue_wan", ["负数"]),
    ({"instrument_value_wan": float("nan")}, "instrument_value_wan", ["有限"]),
    ({"service_area_sqm": "大概两百"}, "service_area_sqm", ["面积"]),
    ({"director_months_per_year": 13}, "director_months_per_year", ["12 个月"]),
    ({"org_form": "外星组织"}, "org_form", ["legal_person", "法人"]),
    ({"registered_in_shanghai": "也许"}, "registered_in_shanghai", ["是", "否"]),
    ({"platform_grades": ["合格"]}, "platform_grades", ["另一项规定"]),
    ({"voucher_grades": ["一般"]}, "voucher_grades", ["另一项规定"]),
    ({"field_scores": {}}, "field_scores", ["不能为空"]),
    ({"field_scores": {"A": "高"}}, "field_scores", ["分数"]),
    ({"field_scores": {"A": 90}, "own_platform": "B"}, "own_platform", ["不在"]),
    ({"last_order_on": "2026-01-01", "never_had_order": True}, "never_had_order", ["矛盾"]),
    ({"established_on": "2020-01-01", "joined_voucher_platform_on": "2019-01-01"}, "joined_voucher_platform_on", ["早于成立日期"]),
    ({"construction_started_on": "2025-01-01", "construction_accepted_on": "2024-01-01"}, "construction_accepted_on", ["早于"]),
    ({"evaluation_year": 27}, "evaluation_year", ["年份"]),
    ({"as_of": "2026-02-29"}, "as_of", ["不存在"]),
])
def test_bad_input_is_refused_with_a_chinese_message_naming_the_field(data, field, words):
    errors = _errors(data)
    assert len(errors) == 1
    error = errors[0]
    assert error["loc"] == (field,)
    message = chinese_message(error)
    assert f"（{field}）" in message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(("field", "typed", "value"), [
    ("service_revenue_wan", "500万", 500), ("service_revenue_wan", "500万元", 500),
    ("service_revenue_wan", "5,000,000元", 500), ("service_revenue_wan", "五百万", 500),
    ("service_revenue_wan", "0.05亿", 500), ("service_revenue_wan", "500", 500), ("service_revenue_wan", 500, 500),
    ("fixed_staff", "十五", 15), ("fixed_staff", "15人", 15), ("fixed_staff", 15.0, 15),
    ("service_area_sqm", "150平米", 150), ("service_area_sqm", "150㎡", 150),
    ("director_months_per_year", "半年", 6), ("director_months_per_year", "6个月", 6),
    ("established_on", "2024年3月5日", date(2024, 3, 5)), ("established_on", "2024/3/5", date(2024, 3, 5)),
    ("established_on", "2024.03.05", date(2024, 3, 5)), ("established_on", "20240305", date(2024, 3, 5)),
    ("registered_in_shanghai", "是", True), ("registered_in_shanghai", "否", False),
    ("org_form", "法人", "legal_person"), ("org_form", "非法人组织", "unincorporated_org"), ("org_form", "个体工商户", "other"),
    ("platform_grades", "良好、不合格", ["良好", "不合格"]),
])
def test_typed_forms_read_as_the_same_figure(field, typed, value):
    assert getattr(Profile.model_validate({**AS_OF, field: typed}), field) == value


def test_missing_figures_stay_unknown_not_zero():
    profile = Profile()
    assert profile.as_of == shanghai_today()  # Shanghai's date: between 16:00 and 24:00 UTC it is tomorrow
    assert all(getattr(profile, name) is None for name in FIELDS if name != "as_of")


def test_unknown_keys_are_kept_aside_and_reported():
    profile = Profile.model_validate({**AS_OF, "service_client": 60})
    assert profile.service_clients is None
    assert profile.ignored_fields() == ["service_client"]


def test_the_registry_and_the_model_describe_the_same_fields():
    assert set(Profile.model_fields) == set(FIELDS)
    for spec in FIELDS.values():
        assert spec.label and spec.why and spec.kind
        assert spec.kind in {"int", "wan", "sqm", "months", "year", "date", "bool", "choice", "grades", "scores", "text"}
        if spec.kind in ("choice", "grades"):
            assert spec.choices


def test_chinese_message_speaks_chinese_for_errors_from_any_model():
    class Other(BaseModel):
        count: int
        when: date

    with pytest.raises(ValidationError) as info:
        Other.model_validate({"when": "2026-02-30x"})
    messages = [chinese_message(e) for e in info.value.errors()]
    assert any("缺少" in m and "count" in m for m in messages)
    assert any("日期" in m and "when" in m for m in messages)
    assert all(not any(ch.isascii() and ch.isalpha() for ch in m.replace("count", "").replace("when", "")
                       .replace("2026-02-30x", "")) for m in messages), messages


def test_chinese_message_for_a_known_field_uses_its_label():
    message = chinese_message({"type": "int_parsing", "loc": ("body", "profile", "fixed_staff"), "input": "x"})
    assert message.startswith("固定人员数量（fixed_staff）") and "整数" in message
