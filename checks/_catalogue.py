"""The catalogue as data: each check with its question, clauses and input fields as JSON Schema.

GET /checks and the dialog engine both describe checks from here, so the schema a client sees is
the one Profile actually validates against, decorated with the registry's Chinese labels.
"""

from __future__ import annotations

from functools import cache

from ._engine import CATALOGUE
from ._fields import FIELDS
from ._kit import cite
from ._profile import Profile


@cache
def _profile_properties() -> dict:
    return Profile.model_json_schema()["properties"]


def field_schema(name: str) -> dict:
    """One field's JSON Schema: its type from Profile, its title, description and clause from FIELDS."""
    spec = FIELDS[name]
    schema = {k: v for k, v in _profile_properties()[name].items() if k not in ("title", "default")}
    schema.update({"title": spec.label, "description": spec.why, "x-kind": spec.kind,
                   "x-citation": spec.citation})
    if spec.unit:
        schema["x-unit"] = spec.unit
    if spec.choices:
        schema["x-choices"] = spec.choices
    if spec.verified_by:
        schema["x-verified-by"] = spec.verified_by
    return schema


def input_schema(check_id: str) -> dict:
    """JSON Schema of the profile fields one check reads (as_of is always accepted, default today)."""
    spec = CATALOGUE[check_id]
    names = ("as_of", *spec.fields)
    return {"type": "object", "title": spec.title, "properties": {n: field_schema(n) for n in names},
            "additionalProperties": True}


def catalogue() -> list[dict]:
    """Every check as JSON: id, title, question, measure, verdict kind, clauses, ordered fields, schema."""
    return [
        {
            "id": spec.id, "title": spec.title, "question": spec.question, "measure": spec.measure,
            "kind": spec.kind,
            "verdicts": (["eligible", "not_eligible", "needs_review", "incomplete"] if spec.kind == "eligibility"
                         else ["compliant", "at_risk", "needs_review", "incomplete"]),
            "articles": [{"id": cid, "label": cite(cid).label, "short_label": cite(cid).short_label}
                         for cid in spec.articles],
            "rules": [{"id": r.id, "citation": r.citation} for r in spec.rules],
            "fields": list(spec.fields),
            "input_schema": input_schema(spec.id),
        }
        for spec in CATALOGUE.values()
    ]
