"""Response models of /checks: the shape every report takes on the wire, documented in /docs.

The engine builds its findings as plain slotted objects for speed (all eleven checks within a
millisecond); these models are the contract at the HTTP boundary and validate what goes out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from checks import CATALOGUE, FIELDS, OUTCOME_LABELS, VERDICT_LABELS, Profile
from knowledge import ClauseRef
from knowledge.limits import LARGEST_FIGURE

from .knowledge import ISO_DAY, MeasureId, NonBlank

# Enums of the contract, taken from the checks' own tables so a new check or outcome needs no edit here.
OutcomeValue = Literal[tuple(str(o) for o in OUTCOME_LABELS)]
VerdictValue = Literal[tuple(str(v) for v in VERDICT_LABELS)]
CheckId = Literal[tuple(CATALOGUE)]
"""The checks' ids as the catalogue has them (platform.eligibility, voucher.entry …)."""

_FIGURE = {"type": "number", "minimum": 0, "maximum": LARGEST_FIGURE}
_BOUNDS_BY_KIND = {
    "int": {"type": "integer", "minimum": 0, "maximum": LARGEST_FIGURE},
    "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
    "wan": _FIGURE, "sqm": _FIGURE,
    "months": {"type": "number", "minimum": 0, "maximum": 12},
    "date": {"type": "string", "format": "date", "pattern": ISO_DAY},
    "scores": {"type": "object", "minProperties": 1, "additionalProperties": _FIGURE,
               "propertyNames": {"pattern": NonBlank}},
    "text": {"type": "string", "pattern": NonBlank},
}
RELATIONS = (
    "各字段之间还须一致，否则返回 422 并指出字段：已发生的日期（成立、入驻、更新、订单、建设、核验）不晚于 as_of；"
    "qualified_staff 不多于 fixed_staff；joined_voucher_platform_on、verified_on 不早于 established_on；"
    "construction_accepted_on 不早于 construction_started_on；field_scores 的平台名称去掉首尾空格后不重复，"
    "own_platform 须是其中之一；"
    "never_had_order 为 true 时不填 last_order_on。")


def profile_schema() -> dict:
    """Profile's JSON Schema with each field's bounds, from its kind in the field registry.

    Profile also reads what people type (“15人”, “五百万”); the contract declares the plain JSON
    forms a program should send, with the bounds the parsers enforce, and names the relations
    between fields that JSON Schema cannot state.
    """
    schema = Profile.model_json_schema()
    for name, spec in FIELDS.items():
        if spec.kind in _BOUNDS_BY_KIND:
            prop = schema["properties"][name]
            kept = {k: v for k, v in prop.items() if k in ("title", "default")}
            schema["properties"][name] = {**kept, "anyOf": [_BOUNDS_BY_KIND[spec.kind], {"type": "null"}]}
    schema["description"] = f"{schema.get('description', '')}\n\n{RELATIONS}".strip()
    return schema



class GapOut(BaseModel):
    field: str
    amount: int | float = Field(description="差多少（天数、人数、平方米、万元……）")
    unit: str


class FindingOut(BaseModel):
    rule: str
    citation: ClauseRef
    outcome: OutcomeValue
    outcome_label: str
    message: str = Field(description="一句话说明，带数字与条款")
    figures: dict[str, Any]
    threshold: dict[str, Any] | None
    gap: GapOut | None
    missing: list[str]
    basis: str = Field(description="figure / fact / declaration（自述，非核实）/ validity / info")
    verified_by: str | None = Field(description="自述条件由谁认定（专家评审、创新券平台核验）")
    convention: str | None = Field(description="期间计算所用的规则和日期")
    counts: bool = Field(description="是否计入结论（日历、说明不计）")
    details: dict[str, Any] | None


class MissingOut(BaseModel):
    field: str
    label: str


class FixItemOut(BaseModel):
    citation: str
    label: str
    outcome: OutcomeValue
    field: str | None
    gap: GapOut | None
    message: str


class MeasureStatusOut(BaseModel):
    measure: MeasureId
    title: str
    in_force: bool
    state: Literal["not_yet", "in_force", "expired"]
    effective_from: str
    effective_until: str
    expires_soon: bool
    message: str


class CheckReportOut(BaseModel):
    check: CheckId
    title: str
    measure: MeasureId
    as_of: str
    verdict: VerdictValue
    verdict_label: str
    summary: str
    findings: list[FindingOut]
    by_citation: dict[str, OutcomeValue] = Field(description="每个条款一个结论（取其各条件中最不利者）")
    missing: list[MissingOut]
    fix_first: list[FixItemOut]
    measures: list[MeasureStatusOut]
    notices: list[str]
    details: dict[str, Any]


class CheckRunResponse(BaseModel):
    as_of: str
    measures: list[MeasureStatusOut]
    reports: list[CheckReportOut]
    ignored_fields: list[str]
    notices: list[str]


class CheckSpecOut(BaseModel):
    id: CheckId
    title: str
    question: str
    measure: MeasureId
    kind: Literal["eligibility", "obligation"]
    verdicts: list[VerdictValue]
    articles: list[dict[str, str]]
    rules: list[dict[str, str]]
    fields: list[str] = Field(description="这项检查需要的数据，按提问顺序")
    input_schema: dict[str, Any] = Field(description="所需数据的 JSON Schema")
