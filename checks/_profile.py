"""The organisation's figures as of one date: a pydantic model derived from the field declarations.

Every field is optional (missing means unknown, never zero or no). Each value goes through the one
reader (checks/_reading.py) with the check date as "today", so 去年底 and 将近500万 mean the same here
as in the chat; a value keeps its exactness (a Span when said approximately, NEVER when the event has
not happened). The relations between fields (qualified staff within fixed staff, acceptance after the
start of construction, nothing past the check date) are checked here once, with Chinese messages that
name the field, so the rules can trust what they see.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator

from knowledge.limits import EARLIEST_DATE, ISO_DAY, LARGEST_FIGURE, LATEST_DATE, MESSAGE_CHARS, NON_BLANK

from ._dates import cn_date
from ._fields import NUMERIC_KINDS, FieldSpec, fields
from ._reading import NEVER, Span, Unreadable, read, to_json

MIN_DATE, MAX_DATE = EARLIEST_DATE, LATEST_DATE
"""Dates outside these bounds are typing mistakes, not questions about the law (knowledge/limits.py)."""
LIMITS = {"count": 10_000_000, "wan": 10_000_000, "sqm": 100_000_000, "months": 12, "year": LATEST_DATE.year}
"""Figures beyond these are typing mistakes (1,000 亿元 of revenue); each with its field's unit, all
well within knowledge.limits.LARGEST_FIGURE."""
assert max(LIMITS.values()) <= LARGEST_FIGURE


KIND_WORDS = {"count": "整数（例如 15）", "wan": "金额（以万元计，例如 500、“500万”或“5,000,000元”）",
              "sqm": "面积（平方米，例如 150）", "months": "月数（例如 6 或“半年”）",
              "date": "日期（例如 2024-05-01 或 2024年5月1日）", "year": "四位年份（例如 2027）",
              "bool": "“是”或“否”（true / false）", "choice": "下列选项之一", "grades": "等级列表（从早到晚）",
              "scores": "“名称 → 分数”的对象", "text": "文字"}
"""What each kind of field takes, said in every refusal so the person knows what to send instead."""


def _named(spec: FieldSpec, message: str) -> ValueError:
    return ValueError(f"{spec.label}（{spec.name}）{message}".rstrip("。") + "。")


class ProfileBase(BaseModel):
    """Behaviour shared by the derived model: reading, relations, and what the engine asks of a profile."""

    model_config = ConfigDict(frozen=True, extra="allow", arbitrary_types_allowed=True)

    as_of: date = Field(json_schema_extra={"pattern": ISO_DAY})

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> date:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                value = _exact_day(value)
        if not isinstance(value, date):
            raise ValueError("检查日期（as_of）应是日期，写成 2026-05-01。")
        if not MIN_DATE <= value <= MAX_DATE:
            raise ValueError(f"检查日期（as_of）应在 {MIN_DATE.year} 年到 {MAX_DATE.year} 年之间。")
        return value

    def provided(self) -> frozenset[str]:
        """Names of the declared fields that carry a value (as_of aside)."""
        return frozenset(k for k in fields() if k != "as_of" and getattr(self, k, None) is not None)

    def ignored_fields(self) -> list[str]:
        return sorted(self.model_extra or {})

    def figures(self) -> dict[str, Any]:
        """The provided values as JSON (dates ISO, spans as objects), e.g. to store or to echo back."""
        return {k: to_json(getattr(self, k)) for k in ("as_of", *sorted(self.provided()))}


def _exact_day(text: str) -> date:
    """A check date typed as people write it (2026年11月22日), refused with the reason when it is no day."""
    try:
        reading = read(fields()["as_of"], text, MAX_DATE)
    except Unreadable as err:
        raise ValueError(f"检查日期（as_of）应是日期，写成 2026-05-01：{err.message}") from None
    if not reading.exact or checks_relative(text):
        raise ValueError("检查日期（as_of）要写到具体哪一天，例如 2026-05-01。")
    return reading.value


def checks_relative(text: str) -> bool:
    """今天, 去年底: words that need a clock; a check date must be a day written out."""
    return any(word in text for word in ("今天", "今日", "昨天", "当天", "今年", "去年", "前年", "上个月", "本月", "这个月", "前"))


def _lower(value: Any) -> Any:
    return value.low if isinstance(value, Span) else value


def _upper(value: Any) -> Any:
    return value.high if isinstance(value, Span) else value


def _relate(data: dict, spec: FieldSpec, value: Any) -> None:
    """Raises when a value is certainly inconsistent with a field validated before it (the declarations'
    order puts every relation's other field first); a span that only partly is stays (the rules see
    only its possible ends)."""
    as_of = data["as_of"]
    if spec.past and _lower(value) > as_of:
        raise _named(spec, f"是{cn_date(_lower(value))}，晚于检查日期（as_of）{cn_date(as_of)}：已发生的事不能在检查日之后")
    if spec.not_before and (other := data.get(spec.not_before)) not in (None, NEVER):
        if _upper(value) < _lower(other):
            ref = fields()[spec.not_before]
            raise _named(spec, f"是{cn_date(_upper(value))}，早于{ref.label}（{ref.name}）{cn_date(_lower(other))}")
    if spec.at_most and (other := data.get(spec.at_most)) is not None:
        high = _upper(other)
        if high is not None and _lower(value) > high:
            ref = fields()[spec.at_most]
            raise _named(spec, f"为 {_lower(value)}，多于{ref.label}（{ref.name}）{high}；前者是后者中的一部分，请核对")
    if spec.one_of_keys and (keys := data.get(spec.one_of_keys)) is not None and value not in keys:
        raise _named(spec, f"“{value}”不在{fields()[spec.one_of_keys].label}名单中；名单里有：{'、'.join(list(keys)[:20])}")
    if spec.excludes and value is True and data.get(spec.excludes) not in (None, NEVER):
        ref = fields()[spec.excludes]
        raise _named(spec, f"为“是”，但又填写了{ref.label}（{ref.name}），两者矛盾")
    if spec.min is not None and _upper(value) is not None and _upper(value) < spec.min:
        raise _named(spec, f"应是{KIND_WORDS.get(spec.kind, '')}，不小于 {spec.min:g}，收到 {_upper(value)}")
    if spec.max is not None and _lower(value) > spec.max:
        raise _named(spec, f"不能大于 {spec.max:g} {spec.unit or ''}，收到 {_lower(value)}".rstrip())


def _validator(name: str):
    def validate(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return None
        spec = fields()[name]
        as_of = info.data.get("as_of")
        if as_of is None:
            return None  # as_of itself failed; its error is the one to report
        try:
            reading = read(spec, value, as_of)
        except Unreadable as err:
            raise _named(spec, f"应是{KIND_WORDS.get(spec.kind, '有效的值')}：{err.message}") from None
        value = reading.value
        if spec.kind in LIMITS and value is not NEVER:
            top = _lower(value)
            if isinstance(top, (int, float)) and top > LIMITS[spec.kind] and spec.max is None:
                raise _named(spec, f"大得不合常理（{top}），请检查单位")
        if spec.past and isinstance(value, Span) and value.low <= as_of < value.high:
            # 2026年11月 asked on 29 November: the days still to come cannot be the day it happened.
            value = Span(value.low, as_of, value.said) if value.low < as_of else as_of
        if spec.kind == "date" and not isinstance(value, Span) and value is not NEVER and not MIN_DATE <= value <= MAX_DATE:
            raise _named(spec, f"应在 {MIN_DATE.year} 年到 {MAX_DATE.year} 年之间")
        if value is not NEVER:
            _relate(info.data, spec, value)
        return value
    validate.__name__ = f"_read_{name}"
    return field_validator(name, mode="before")(classmethod(validate))


def _schema(spec: FieldSpec) -> dict:
    """The field's JSON Schema: what a program may send (exact JSON values, or what a person typed)."""
    # The schema is the same on every day; a threshold's words depend on the day, so they are pointed to.
    described = {"title": spec.label, "description": spec.why_with({}, "检查日适用的门槛（见 GET /checks）"),
                 "x-kind": spec.kind}
    typed = {"type": "string", "maxLength": MESSAGE_CHARS, "description": "按日常写法填写，如 500万、将近15人、2024年11月"}
    bounds = {"minimum": spec.min if spec.min is not None else (MIN_DATE.year if spec.kind == "year" else 0),
              "maximum": spec.max if spec.max is not None else LIMITS.get(spec.kind, LARGEST_FIGURE)}
    end = {"type": "string", "pattern": ISO_DAY} if spec.kind == "date" else {"type": "number", **bounds}
    span = {"type": "object", "description": "约数的范围（下限 low 不大于上限 high），如 {\"low\": 450, \"high\": 500}",
            "properties": {"low": end, "high": {"anyOf": [end, {"type": "null"}]}, "said": {"type": "string"}},
            "required": ["low", "high"]}
    exact = {
        "count": {"type": "integer", **bounds}, "year": {"type": "integer", **bounds},
        "wan": {"type": "number", **bounds}, "sqm": {"type": "number", **bounds}, "months": {"type": "number", **bounds},
        "bool": {"type": "boolean"},
        "date": {"type": "string", "format": "date", "pattern": ISO_DAY},
        "choice": {"type": "string", "enum": list(spec.choices)},
        "grades": {"type": "array", "items": {"type": "string", "enum": list(spec.choices)}, "maxItems": 30},
        "scores": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": NON_BLANK},
                   "additionalProperties": {"type": "number", "minimum": 0, "maximum": LARGEST_FIGURE}},
        "text": {"type": "string", "maxLength": 200, "pattern": NON_BLANK},
    }[spec.kind]
    options = [exact]
    if spec.kind in NUMERIC_KINDS or spec.kind == "date":
        options.append(span)
    if spec.kind not in ("text", "date", "choice"):
        options.append(typed)
    elif spec.kind == "choice":
        options.append({**typed, "description": "选项的中文名称，或描述情况的一句话"})
    if spec.never:
        options.append({"const": "never", "description": spec.never.label})
    return {**described, "anyOf": [*options, {"type": "null"}]}


def relations_in_words() -> str:
    """The relations between fields (the declarations' past / not_before / at_most / one_of_keys /
    excludes), said in one sentence for the JSON Schema, which has no way to compare two fields."""
    specs = fields()
    said = []
    if past := [name for name, spec in specs.items() if spec.past]:
        said.append(f"已发生的日期（{'、'.join(past)}）不晚于 as_of")
    for name, spec in specs.items():
        if spec.not_before:
            said.append(f"{name} 不早于 {spec.not_before}")
        if spec.at_most:
            said.append(f"{name} 不多于 {spec.at_most}")
        if spec.one_of_keys:
            said.append(f"{name} 须是 {spec.one_of_keys} 中的名称之一")
        if spec.excludes:
            said.append(f"{name} 为 true 时不填 {spec.excludes}")
    if scores := [name for name, spec in specs.items() if spec.kind == "scores"]:
        said.append(f"{'、'.join(scores)} 的名称去掉首尾空格后不重复")
    return "各字段之间还须一致，否则返回 422 并指出字段：" + "；".join(said) + "。"


@cache
def profile_model() -> type[ProfileBase]:
    """The Profile class for the registered measures' fields (derived, so a measure's fields leave
    with its folder)."""
    specs = fields()
    definitions = {name: (Any, Field(default=None, json_schema_extra=_schema(spec)))
                   for name, spec in specs.items() if name != "as_of"}
    validators = {f"_read_{name}": _validator(name) for name in definitions}
    return create_model("Profile", __base__=ProfileBase, __validators__=validators, **definitions)
