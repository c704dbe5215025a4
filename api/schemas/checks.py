"""Response models of /checks: the shape every report takes on the wire, documented in /docs.

The engine builds its findings as plain slotted objects for speed (all eleven checks within a
millisecond); these models are the contract at the HTTP boundary and validate what goes out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from checks import OUTCOME_LABELS, VERDICT_LABELS, catalogue, profile_model, relations_in_words
from knowledge import ClauseRef

from .knowledge import MeasureId

# Enums of the contract, taken from the checks' own tables so a new check or outcome needs no edit here.
OutcomeValue = Literal[tuple(str(o) for o in OUTCOME_LABELS)]
VerdictValue = Literal[tuple(str(v) for v in VERDICT_LABELS)]
CheckId = Literal[tuple(catalogue())]
"""The checks' ids as the registered measures' rules modules declare them."""


def profile_schema() -> dict:
    """The profile's JSON Schema as the field declarations make it (checks/_profile.py): for each field the
    exact JSON form a program sends, a span object, or the words a person typed; and, in words, the
    relations between fields that JSON Schema cannot state."""
    schema = profile_model().model_json_schema()
    schema["description"] = f"{schema.get('description', '')}\n\n{relations_in_words()}".strip()
    schema["required"] = []
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
    verified_by: str | None = Field(description="自述条件由谁认定（如专家评审、核验）")
    convention: str | None = Field(description="期间计算所用的规则和日期")
    counts: bool = Field(description="是否计入结论（日历、说明不计）")
    details: dict[str, Any] | None
    uncertain: list[str] = Field(default=[], description="按约数填写、无法据以判断本条件的数据项；给出准确数字即可判断")


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
    version: str = Field(description="所依据的文本版本")
    number: str = Field(description="所依据文本的文号")
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
