"""HTTP endpoints over the checks: the catalogue (GET /checks) and running checks (POST /checks).

Only translates between HTTP and `checks`; every decision is made there. Figures go through the same
reader as the chat (a JSON number is exact in the field's unit, a string is read as people write it,
将近500万 keeps its exactness), and a profile without as_of is checked as of the app's today. Invalid
figures are refused with Chinese messages naming the field, as HTTP 422.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, field_validator

from checks import catalogue, describe, measure_statuses, profile_model, run

from ..clock import Today
from ..schemas.checks import CheckId, CheckRunResponse, CheckSpecOut, profile_schema

router = APIRouter(prefix="/checks", tags=["自检"])


class CheckRequest(BaseModel):
    """The organisation's figures and, optionally, which checks to run."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "profile": {"as_of": "2026-11-22", "org_form": "legal_person", "fixed_staff": "将近15人", "qualified_staff": 5},
        "checks": list(catalogue())[:1],
    }]})

    profile: Annotated[dict[str, Any], WithJsonSchema(profile_schema())] = Field(default_factory=dict, description=(
        "各项数据；不填的视为未知，不当作 0。数字按该项单位（万元、平方米、人……）；也可以照日常写法填文字，"
        "如“500万”“将近15人”“2024年11月”，约数会保留其精确程度。字段见 GET /checks 的 input_schema。"))
    checks: list[CheckId] | None = Field(
        None, description="要运行的检查项 id；不填或为空时运行所填数据涉及的全部检查项")

    @field_validator("checks")
    @classmethod
    def _all_when_empty(cls, ids: list[str] | None) -> list[str] | None:
        return ids or None


@router.get("", response_model=list[CheckSpecOut], summary="检查项目录：每项检查的问题、条款和所需数据（JSON Schema）")
def list_checks(today: Today) -> list[dict]:
    return describe(today)


@router.post("", response_model=CheckRunResponse, summary="按所填数据运行检查，逐条给出结论、条款依据和差距")
def run_checks(body: CheckRequest, today: Today) -> dict:
    try:
        profile = profile_model().model_validate({"as_of": today.isoformat(), **body.profile})
    except ValidationError as err:
        raise RequestValidationError(
            [{**e, "loc": ("body", "profile", *e["loc"])} for e in err.errors(include_url=False)]) from None
    reports = run(profile, body.checks)
    notices = []
    if not reports:
        notices.append("所填数据不涉及任何检查项；请至少提供一项数据，或在 checks 中指定检查项。")
    if ignored := profile.ignored_fields():
        notices.append(f"以下字段不认识，已忽略：{'、'.join(ignored)}。可用字段见 GET /checks。")
    return {
        "as_of": profile.as_of.isoformat(),
        "measures": [m.to_dict() for m in measure_statuses(profile.as_of)],
        "reports": [r.to_dict() for r in reports],
        "ignored_fields": profile.ignored_fields(),
        "notices": notices,
    }
