"""schemathesis against the app in-process: every operation, all checks, a bounded run with a fixed seed.

Its failures fail the build: a response outside its declared schema or status codes, a 5xx, a valid
request refused or an invalid one accepted are each a broken contract.
"""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, settings

from api.main import app
from api_setup import NO_RATE_LIMITS, app_with
from checks._profile import PAST_DATES
from knowledge import shanghai_today

schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True)
def isolated(tmp_path):
    """A fresh conversation store, and no rate limits: the run is about shapes, not request rates."""
    with app_with(tmp_path / "chat.db", NO_RATE_LIMITS):
        yield


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def consistent(profile: object) -> bool:
    """The relations between a profile's fields that POST /checks documents in words (JSON Schema has
    no way to compare two fields); the checks' own tests hold the 422s they give."""
    if not isinstance(profile, dict):
        return True
    day = {name: _day(profile.get(name)) for name in (*PAST_DATES, "as_of")}
    as_of = day["as_of"] or shanghai_today()  # the server's default, read at the same moment
    pairs = [(day[name], as_of) for name in PAST_DATES]
    pairs += [(day["established_on"], day["joined_voucher_platform_on"]), (day["established_on"], day["verified_on"]),
              (day["construction_started_on"], day["construction_accepted_on"]),
              (profile.get("qualified_staff"), profile.get("fixed_staff"))]
    scores, own = profile.get("field_scores"), profile.get("own_platform")
    names = [str(name).strip() for name in scores or {}]
    return (all(a is None or b is None or a <= b for a, b in pairs)
            and len(set(names)) == len(names)
            and not (isinstance(own, str) and scores is not None and own.strip() not in names)
            and not (profile.get("never_had_order") and profile.get("last_order_on") is not None))


@schema.parametrize()
@settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case):
    if case.meta.generation.mode.is_positive and isinstance(case.body, dict):
        assume(consistent(case.body.get("profile")))
    case.call_and_validate()


class ChatFlows(schema.as_state_machine()):
    """The stateful phase: sequences that follow the links schemathesis infers (a new session's id
    into its messages, transcript and deletion)."""


TestStateful = ChatFlows.TestCase
TestStateful.settings = settings(max_examples=30, derandomize=True, deadline=None,
                                 suppress_health_check=list(HealthCheck), stateful_step_count=6)
