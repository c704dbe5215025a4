"""schemathesis against the app in-process: every operation, all checks, a bounded run with a fixed seed.

Its failures fail the build: a response outside its declared schema or status codes, a 5xx, a valid
request refused or an invalid one accepted are each a broken contract.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, settings

from api.main import app
from api_setup import NO_RATE_LIMITS, app_with
from checks import fields
from knowledge import shanghai_date, system_clock
from knowledge.limits import ISO_DAY

schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True)
def isolated(tmp_path):
    """A fresh conversation store, and no rate limits: the run is about shapes, not request rates."""
    with app_with(tmp_path / "chat.db", NO_RATE_LIMITS):
        yield


def _value(value: object) -> object:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None  # words: the reader's own tests hold how they relate
    return value if isinstance(value, (int, float, date)) and not isinstance(value, bool) else None


def consistent(profile: object) -> bool:
    """The relations between a profile's fields, as the field declarations state them (checks/_fields.py)
    and POST /checks documents in words: JSON Schema has no way to compare two fields, so a generated
    profile that breaks one is not a valid request; the checks' own tests hold the 422s they give."""
    if not isinstance(profile, dict):
        return True
    as_of = _value(profile.get("as_of")) or shanghai_date(system_clock())  # the server's default, read now
    for name, spec in fields().items():
        value, raw = _value(profile.get(name)), profile.get(name)
        if spec.past and isinstance(value, date) and value > as_of:
            return False
        for other, later in ((spec.not_before, True), (spec.at_most, False)):
            bound = _value(profile.get(other)) if other else None
            comparable = value is not None and bound is not None and isinstance(value, date) == isinstance(bound, date)
            if comparable and (value < bound if later else value > bound):
                return False
        if spec.one_of_keys and isinstance(raw, str) and isinstance(keys := profile.get(spec.one_of_keys), dict) \
                and raw.strip() not in {str(k).strip() for k in keys}:
            return False
        if spec.excludes and raw is True and profile.get(spec.excludes) is not None:
            return False
        if spec.kind == "scores" and isinstance(raw, dict) and len({str(k).strip() for k in raw}) != len(raw):
            return False
    return True


def _words(name: str, value: object) -> bool:
    """A value a person typed rather than the field's exact JSON form: the schema admits any such string,
    but only the reader can tell words it understands from words it does not (a 422 that says which)."""
    spec = fields().get(name)
    if spec is None or not isinstance(value, str) or spec.kind == "text":
        return False
    if spec.kind == "choice":
        return value not in spec.choices
    return spec.kind != "date" or not re.fullmatch(ISO_DAY, value)


@schema.parametrize()
@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case):
    if case.meta.generation.mode.is_positive and isinstance(case.body, dict):
        if isinstance(profile := case.body.get("profile"), dict):
            # Typed words and spans have their own tests (tests/checks/data/typed_answers.jsonl, the span
            # property in tests/checks/test_check_properties.py); here, the exact forms and their relations.
            span = {k for k, v in profile.items() if isinstance(v, dict) and fields().get(k) and fields()[k].kind != "scores"}
            case.body["profile"] = {k: v for k, v in profile.items() if not _words(k, v) and v != "never" and k not in span}
        assume(consistent(case.body.get("profile")))
    case.call_and_validate()


class ChatFlows(schema.as_state_machine()):
    """The stateful phase: sequences that follow the links schemathesis infers (a new session's id
    into its messages, transcript and deletion)."""


TestStateful = ChatFlows.TestCase
TestStateful.settings = settings(max_examples=30, derandomize=True, deadline=None,
                                 suppress_health_check=list(HealthCheck), stateful_step_count=6)
