"""Turns what people type (500万, 5,000,000元, 十五人, 2026年2月28日, 是) into the profile's values.

Each parser raises ValueError with the Chinese half-sentence that says what was wrong; the profile
puts the field's label in front, so the caller sees which field and why in one line.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime

from knowledge.limits import EARLIEST_DATE, LARGEST_FIGURE, LATEST_DATE
from knowledge.numerals import cn_to_int

_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?P<num>\d+(?:\.\d+)?|[{_CN}]+)"
_AMOUNT = re.compile(rf"^{_NUM}(?P<unit>亿元?|万元?|元|万人民币|元人民币)?$")
_COUNT_UNITS = "人|家|个|名|类|位"
_COUNT = re.compile(rf"^{_NUM}(?:{_COUNT_UNITS})?$")
_MEASURE_UNITS = {"sqm": "平方米|平米|㎡|m2|m²|平", "months": "个月|月", "year": "年", "score": "分"}
_DATE = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "是的", "已", "已经", "符合", "具备"}
_FALSE = {"false", "no", "n", "0", "否", "无", "不是", "没有", "未", "不", "不符合", "不具备"}


def _clean(text: str) -> str:
    return re.sub(r"[\s,，]", "", text)


def _number(text: str) -> float:
    if text[0].isdigit():
        return float(text)
    value = cn_to_int(text)
    if value is None:
        raise ValueError
    return float(value)


def _reject_bool(value: object, what: str) -> None:
    if isinstance(value, bool):
        raise ValueError(f"应是{what}，不能填“是/否”")


def _finite_non_negative(value: int | float, raw: object, what: str) -> float:
    # Compared before any float() so that a JSON integer of 400 digits is refused, not overflowed.
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise ValueError(f"应是{what}，收到的不是有限的数")
    if value < 0:
        raise ValueError(f"不能是负数，收到 {raw}")
    if value > LARGEST_FIGURE:
        raise ValueError(f"太大了，不能超过 {LARGEST_FIGURE:,}，请核对后填写实际数字")
    return float(value)


def parse_count(value: object) -> int:
    """15, '15', '15人', '十五' → 15."""
    _reject_bool(value, "整数")
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str) and (m := _COUNT.match(_clean(value))):
        try:
            number = _number(m["num"])
        except ValueError:
            raise ValueError(f"应是整数，收到“{value}”") from None
    else:
        raise ValueError(f"应是整数（例如 15），收到“{value}”")
    number = _finite_non_negative(number, value, "整数")
    if number != int(number):
        raise ValueError(f"应是整数，不能带小数，收到 {value}")
    return int(number)


def parse_wan(value: object) -> float:
    """An amount in 万元: 500, '500万', '5,000,000元', '五百万', '0.05亿' → 500.0; a bare number is 万元."""
    _reject_bool(value, "金额（万元）")
    if isinstance(value, (int, float)):
        return _finite_non_negative(value, value, "金额（万元）")
    if isinstance(value, str) and (m := _AMOUNT.match(_clean(value))):
        try:
            number = _number(m["num"])
        except ValueError:
            raise ValueError(f"应是金额（万元），收到“{value}”") from None
        unit = (m["unit"] or "万").rstrip("元人民币") or "元"
        factor = {"亿": 10_000.0, "万": 1.0, "元": 0.0001}[unit]
        return _finite_non_negative(round(number * factor, 6), value, "金额（万元）")
    raise ValueError(f"应是金额（以万元计，例如 500 或 “500万”“5,000,000元”），收到“{value}”")


def parse_measure(value: object, kind: str) -> float:
    """A non-negative number with an optional unit for its kind: '150平米', '6个月', '半年'."""
    what = {"sqm": "面积（平方米）", "months": "月数", "score": "分数"}.get(kind, "数字")
    _reject_bool(value, what)
    if isinstance(value, (int, float)):
        return _finite_non_negative(value, value, what)
    if isinstance(value, str):
        text = _clean(value)
        if kind == "months" and text in ("半年", "六个月"):
            return 6.0
        if kind == "months" and text in ("一年", "全年", "12个月"):
            return 12.0
        if m := re.match(rf"^{_NUM}(?:{_MEASURE_UNITS.get(kind, '')})?$", text):
            try:
                return _finite_non_negative(_number(m["num"]), value, what)
            except ValueError:
                pass
    raise ValueError(f"应是{what}（数字），收到“{value}”")


def parse_date(value: object) -> date:
    """'2026-02-28', '2026/2/28', '2026年2月28日', '20260228' → date; 2月30日 and 9999-12-31 are refused."""
    day = _read_date(value)
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"应在 {EARLIEST_DATE.year} 年至 {LATEST_DATE.year} 年之间，收到“{value}”")
    return day


def _read_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        m = _DATE.match(text) or _DATE_COMPACT.match(text)
        if m:
            year, month, day = (int(g) for g in m.groups())
            if not 1 <= month <= 12:
                raise ValueError(f"不存在：没有{month}月（收到“{value}”）")
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"不存在：{year}年{month}月只有{last}天，没有{day}日（收到“{value}”）")
            return date(year, month, day)
    raise ValueError(f"应是日期，写成 2024-05-01 或 2024年5月1日，收到“{value}”")


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"应是“是”或“否”（true / false），收到“{value}”")


def parse_choice(value: object, choices: dict[str, str], aliases: dict[str, str] | None = None) -> str:
    """A choice by its value ('legal_person') or by its Chinese label or a common alias ('法人')."""
    if isinstance(value, str):
        text = value.strip()
        if text in choices:
            return text
        for key, label in choices.items():
            if text == label:
                return key
        if aliases and text in aliases:
            return aliases[text]
    options = "、".join(f"{k}（{v}）" for k, v in choices.items())
    raise ValueError(f"应是以下之一：{options}；收到“{value}”")


def parse_grades(value: object, allowed: dict[str, str], other_scheme: set[str], scheme: str) -> list[str]:
    """['良好', '不合格'] or '良好、不合格' → a list of grades, oldest first."""
    if isinstance(value, str):
        value = [g for g in re.split(r"[\s,，、;；/]+", value.strip()) if g]
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"应是等级列表（从早到晚），例如 [\"良好\", \"一般\"]，收到“{value}”")
    grades = []
    for grade in value:
        if not isinstance(grade, str):
            raise ValueError(f"中的每一项应是一个等级（文字），例如 \"良好\"，收到“{grade}”")
        text = grade.strip()
        if text not in allowed:
            hint = f"（“{text}”是另一项规定的等级）" if text in other_scheme else ""
            raise ValueError(f"中的“{grade}”不是有效等级{hint}：{scheme}只有{'、'.join(allowed)}")
        grades.append(text)
    return grades


def parse_scores(value: object) -> dict[str, float]:
    """{'平台A': 91, '平台B': 78} or [{'name': '平台A', 'score': 91}, …] → name → score."""
    if isinstance(value, (list, tuple)):
        pairs = []
        for row in value:
            if not (isinstance(row, dict) and "name" in row and "score" in row):
                raise ValueError("应是“平台名称 → 分数”的对象，或 [{\"name\": …, \"score\": …}] 列表")
            pairs.append((row["name"], row["score"]))
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        raise ValueError(f"应是“平台名称 → 分数”的对象，例如 {{\"平台A\": 91.5}}，收到“{value}”")
    if not pairs:
        raise ValueError("不能为空：至少要有一个平台的分数")
    scores: dict[str, float] = {}
    for name, score in pairs:
        name = str(name).strip()
        if not name:
            raise ValueError("中的平台名称不能为空")
        if name in scores:
            raise ValueError(f"中的平台“{name}”出现了两次")
        try:
            scores[name] = parse_measure(score, "score")
        except ValueError as exc:
            raise ValueError(f"中“{name}”的分数{exc}") from None
    return scores
