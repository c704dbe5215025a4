"""The catalogue as data: each check with its question, clauses and input fields as JSON Schema.

GET /checks and the dialog engine both describe checks from here, so the schema a client sees is the
one the Profile actually validates against, decorated with the fields' Chinese labels and clauses.
"""

from __future__ import annotations

from datetime import date

from ._engine import catalogue
from ._fields import fields
from ._params import law
from ._profile import profile_model


def field_schema(name: str, day: date) -> dict:
    """One field's JSON Schema, its `why` filled with the thresholds in force on `day`."""
    spec = fields()[name]
    if name == "as_of":
        return {"type": "string", "format": "date", "title": spec.label, "description": spec.why}
    schema = dict(profile_model().model_fields[name].json_schema_extra or {})
    schema["description"] = spec.why_with(law(day).words)
    if spec.citation:
        schema["x-citation"] = spec.citation
    if spec.unit:
        schema["x-unit"] = spec.unit
    if spec.choices:
        schema["x-choices"] = {k: c.label for k, c in spec.choices.items()}
    if spec.verified_by:
        schema["x-verified-by"] = spec.verified_by
    return schema


def input_schema(check_id: str, day: date) -> dict:
    """JSON Schema of the profile fields one check reads (as_of: the check date, the app's today if left out)."""
    spec = catalogue()[check_id]
    names = ("as_of", *spec.fields)
    return {"type": "object", "title": spec.title, "properties": {n: field_schema(n, day) for n in names},
            "additionalProperties": True}


def describe(day: date) -> list[dict]:
    """Every check as JSON: id, title, question, measure, verdict kind, clauses, ordered fields, schema."""
    current = law(day)
    return [
        {
            "id": spec.id, "title": spec.title, "question": spec.question, "measure": spec.measure,
            "kind": spec.kind,
            "verdicts": (["eligible", "not_eligible", "needs_review", "incomplete"] if spec.kind == "eligibility"
                         else ["compliant", "at_risk", "needs_review", "incomplete"]),
            "articles": [{"id": cid, "label": current.cite(cid).label, "short_label": current.cite(cid).short_label}
                         for cid in spec.articles],
            "rules": [{"id": r.id, "citation": r.citation} for r in spec.rules],
            "fields": list(spec.fields),
            "input_schema": input_schema(spec.id, day),
        }
        for spec in catalogue().values()
    ]
