"""HTTP endpoints over the checks: the catalogue (GET /checks) and running checks (POST /checks).

Only translates between HTTP and `checks`; every decision is made there. Invalid figures are
rejected by `checks.Profile` with Chinese messages naming the field, which the app's
RequestValidationError handler returns as HTTP 422.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator

from checks import Profile, catalogue, measure_statuses, run

from ..schemas.checks import CheckId, CheckRunResponse, CheckSpecOut, profile_schema

router = APIRouter(prefix="/checks", tags=["自检"])


class CheckRequest(BaseModel):
    """The organisation's figures and, optionally, which checks to run."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "profile": {"as_of": "2026-11-22", "org_form": "legal_person", "registered_in_shanghai": True,
                    "service_clients": 60, "instrument_value_wan": 520, "service_area_sqm": 150,
                    "fixed_staff": 16, "qualified_staff": 5},
        "checks": ["platform.eligibility"],
    }]})

    profile: Annotated[Profile, WithJsonSchema(profile_schema())] = Field(
        default_factory=Profile, description="各项数据；不填的视为未知，不当作 0")
    checks: list[CheckId] | None = Field(
        None, description="要运行的检查项 id；不填或为空时运行所填数据涉及的全部检查项")

    @field_validator("checks")
    @classmethod
    def _all_when_empty(cls, ids: list[str] | None) -> list[str] | None:
        return ids or None


@cache
def _catalogue() -> list[dict]:
    return catalogue()


@router.get("", response_model=list[CheckSpecOut], summary="检查项目录：每项检查的问题、条款和所需数据（JSON Schema）")
def list_checks() -> list[dict]:
    return _catalogue()


@router.post("", response_model=CheckRunResponse, summary="按所填数据运行检查，逐条给出结论、条款依据和差距")
def run_checks(body: CheckRequest) -> dict:
    profile = body.profile
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
