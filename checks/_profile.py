"""The organisation's figures: one pydantic model, every field optional, missing means unknown.

Validation happens once, here, with Chinese messages that name the field (its label and its key),
so the rules can trust every value they see and never crash on one. Field order matters: a field
that is checked against another comes after it (as_of first, qualified_staff after fixed_staff).
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from knowledge import shanghai_today

from . import _parse
from ._fields import FIELDS, PLATFORM_GRADES, VOUCHER_GRADES

OrgForm = Literal["legal_person", "unincorporated_org", "other"]
PlatformGrade = Literal["优秀", "良好", "一般", "不合格"]
VoucherGrade = Literal["优秀", "良好", "合格", "不合格"]

_ORG_ALIASES = {
    "企业法人": "legal_person", "法人单位": "legal_person", "公司": "legal_person", "有限公司": "legal_person",
    "事业单位": "legal_person", "社会团体": "legal_person", "高校": "legal_person", "科研院所": "legal_person",
    "合伙企业": "unincorporated_org", "个人独资企业": "unincorporated_org",
    "个体工商户": "other", "自然人": "other", "个人": "other",
}

COUNT_FIELDS = ("service_clients", "industry_units_total", "fixed_staff", "qualified_staff",
                "service_category_count")
WAN_FIELDS = ("service_revenue_wan", "instrument_value_wan")
BOOL_FIELDS = tuple(name for name, spec in FIELDS.items() if spec.kind == "bool")
PAST_DATES = ("established_on", "joined_voucher_platform_on", "info_updated_on", "last_order_on",
              "construction_started_on", "construction_accepted_on", "verified_on")
CHOICE_FIELDS = ("org_form", "director_change", "structural_change", "platform_rectification",
                 "voucher_rectification")


def _grades_parser(allowed: tuple[str, ...], other: tuple[str, ...], scheme: str) -> Callable:
    return lambda value: _parse.parse_grades(value, allowed, set(other) - set(allowed), scheme)


def _platform_name(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"应是平台名称（文字），收到“{value}”")
    return value.strip()


# Each field's reader of what people type (500万, 十五人, 2023年5月, 是); one table, one validator.
_PARSERS: dict[str, Callable] = {
    **dict.fromkeys((*COUNT_FIELDS, "evaluation_year"), _parse.parse_count),
    **dict.fromkeys(WAN_FIELDS, _parse.parse_wan),
    "service_area_sqm": lambda value: _parse.parse_measure(value, "sqm"),
    "director_months_per_year": lambda value: _parse.parse_measure(value, "months"),
    **dict.fromkeys(("as_of", *PAST_DATES, "evaluation_notice_on"), _parse.parse_date),
    **dict.fromkeys(BOOL_FIELDS, _parse.parse_bool),
    **{name: (lambda value, name=name: _parse.parse_choice(
        value, FIELDS[name].choices, _ORG_ALIASES if name == "org_form" else None)) for name in CHOICE_FIELDS},
    "platform_grades": _grades_parser(PLATFORM_GRADES, VOUCHER_GRADES, "平台绩效评估"),
    "voucher_grades": _grades_parser(VOUCHER_GRADES, PLATFORM_GRADES, "创新券综合评价"),
    "field_scores": _parse.parse_scores,
    "own_platform": _platform_name,
}


def _named(field: str, exc: ValueError) -> ValueError:
    spec = FIELDS.get(field)
    label = spec.label if spec else field
    return ValueError(f"{label}（{field}）{exc}。".replace("。。", "。"))


class Profile(BaseModel):
    """An organisation's figures as of one date. See checks.FIELDS for each field's label and clause."""

    # extra="allow" keeps unknown keys visible (model_extra) so the API can say they were ignored
    # instead of refusing a whole profile over one misspelt optional field.
    model_config = ConfigDict(frozen=True, extra="allow")

    as_of: date = Field(default_factory=shanghai_today)

    org_form: OrgForm | None = None
    registered_in_shanghai: bool | None = None
    established_on: date | None = None
    service_clients: int | None = None
    industry_units_total: int | None = None
    service_revenue_wan: float | None = None
    instrument_value_wan: float | None = None
    service_area_sqm: float | None = None
    fixed_staff: int | None = None
    qualified_staff: int | None = None
    director_months_per_year: float | None = None
    joined_voucher_platform_on: date | None = None
    info_updated_on: date | None = None
    last_order_on: date | None = None
    construction_started_on: date | None = None
    platform_grades: list[PlatformGrade] | None = None
    voucher_grades: list[VoucherGrade] | None = None
    received_instrument_sharing_reward: bool | None = None

    declares_plan_alignment: bool | None = None
    declares_distinctive_services: bool | None = None
    has_management_rules: bool | None = None
    software_or_research_focus: bool | None = None
    duplicates_existing_platform: bool | None = None
    construction_accepted_on: date | None = None
    has_org_structure_and_plan: bool | None = None
    has_independent_accounts: bool | None = None
    has_internal_rules: bool | None = None
    has_full_time_secretary: bool | None = None
    has_service_procedures: bool | None = None
    publishes_service_info: bool | None = None
    shares_large_instruments: bool | None = None
    annual_report_submitted: bool | None = None
    director_change: Literal["none", "filed", "not_filed"] | None = None
    structural_change: Literal["none", "approved", "pending", "unapproved"] | None = None
    field_scores: dict[str, float] | None = None
    own_platform: str | None = None
    accepts_supervision: bool | None = None
    platform_rectification: Literal["none", "in_progress", "passed", "failed"] | None = None
    serious_fraud_in_evaluation: bool | None = None
    host_unable_to_continue: bool | None = None

    has_fixed_premises: bool | None = None
    declares_professional_team: bool | None = None
    has_service_specification: bool | None = None
    has_financial_rules: bool | None = None
    declares_research_integrity: bool | None = None
    verified_on: date | None = None
    responds_to_orders: bool | None = None
    has_voucher_service_rules: bool | None = None
    keeps_order_records: bool | None = None
    cooperates_with_reviews: bool | None = None
    evaluation_year: int | None = None
    evaluation_notice_on: date | None = None
    service_category_count: int | None = None
    never_had_order: bool | None = None
    ignores_orders_without_reason: bool | None = None
    voucher_rectification: Literal["none", "in_progress", "completed", "overdue", "rejected"] | None = None
    false_entry_materials: bool | None = None
    service_fraud: bool | None = None
    voucher_fund_fraud: bool | None = None
    refuses_supervision: bool | None = None
    related_party_orders: bool | None = None
    related_party_fair: bool | None = None
    subcontracts_orders: bool | None = None

    # --- parsing what people type (before pydantic's own type check) -------------------------

    @field_validator(*_PARSERS, mode="before")
    @classmethod
    def _typed(cls, value, info: ValidationInfo):
        if value is None:
            return shanghai_today() if info.field_name == "as_of" else None
        try:
            return _PARSERS[info.field_name](value)
        except ValueError as exc:
            raise _named(info.field_name, exc) from None

    # --- consistency between fields ------------------------------------------------------------

    @field_validator(*PAST_DATES, mode="after")
    @classmethod
    def _not_after_as_of(cls, value: date | None, info: ValidationInfo):
        as_of = info.data.get("as_of")
        if value is not None and as_of is not None and value > as_of:
            raise _named(info.field_name, ValueError(
                f"是{_parse_cn(value)}，晚于检查日期（as_of）{_parse_cn(as_of)}：已发生的事不能在检查日之后"))
        return value

    @field_validator("qualified_staff", mode="after")
    @classmethod
    def _qualified_within_fixed(cls, value: int | None, info: ValidationInfo):
        fixed = info.data.get("fixed_staff")
        if value is not None and fixed is not None and value > fixed:
            raise _named(info.field_name, ValueError(
                f"为 {value} 人，多于固定人员数量（fixed_staff）{fixed} 人；前者是后者中的一部分，请核对"))
        return value

    @field_validator("director_months_per_year", mode="after")
    @classmethod
    def _at_most_a_year(cls, value: float | None, info: ValidationInfo):
        if value is not None and value > 12:
            raise _named(info.field_name, ValueError(f"为 {value} 个月，一年最多 12 个月"))
        return value

    @field_validator("joined_voucher_platform_on", "verified_on", mode="after")
    @classmethod
    def _not_before_founding(cls, value: date | None, info: ValidationInfo):
        founded = info.data.get("established_on")
        if value is not None and founded is not None and value < founded:
            raise _named(info.field_name, ValueError(
                f"是{_parse_cn(value)}，早于成立日期（established_on）{_parse_cn(founded)}"))
        return value

    @field_validator("construction_accepted_on", mode="after")
    @classmethod
    def _accepted_after_start(cls, value: date | None, info: ValidationInfo):
        started = info.data.get("construction_started_on")
        if value is not None and started is not None and value < started:
            raise _named(info.field_name, ValueError(
                f"是{_parse_cn(value)}，早于建设期开始日期（construction_started_on）{_parse_cn(started)}"))
        return value

    @field_validator("evaluation_year", mode="after")
    @classmethod
    def _plausible_year(cls, value: int | None, info: ValidationInfo):
        if value is not None and not 2000 <= value <= 2100:
            raise _named(info.field_name, ValueError(f"应是四位年份，例如 2027，收到 {value}"))
        return value

    @field_validator("own_platform", mode="after")
    @classmethod
    def _own_in_scores(cls, value: str | None, info: ValidationInfo):
        scores = info.data.get("field_scores")
        if value is not None and scores is not None and value not in scores:
            raise _named(info.field_name, ValueError(
                f"“{value}”不在评估得分名单（field_scores）中；名单里有：{'、'.join(scores)}"))
        return value

    @field_validator("never_had_order", mode="after")
    @classmethod
    def _no_order_contradiction(cls, value: bool | None, info: ValidationInfo):
        if value and info.data.get("last_order_on") is not None:
            raise _named(info.field_name, ValueError(
                "为“是”，但又填写了最近一笔订单日期（last_order_on），两者矛盾"))
        return value

    # --- helpers for the engine ----------------------------------------------------------------

    def provided(self) -> frozenset[str]:
        """Names of the declared fields that carry a value (as_of aside)."""
        return frozenset(k for k in FIELDS if k != "as_of" and getattr(self, k) is not None)

    def ignored_fields(self) -> list[str]:
        return sorted(self.model_extra or {})


def _parse_cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# The registry and the model are two views of one contract; fail at import if they drift apart.
assert set(Profile.model_fields) == set(FIELDS), set(Profile.model_fields) ^ set(FIELDS)
