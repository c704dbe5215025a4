"""The blind applicant profiles (tests/checks/data/profiles_blind.jsonl) typed into the chat, one answer a
question as the flow asks them, 跳过 for what the profile does not say and 不清楚 when an approximation
is asked for its exact value: every clause the profile settles gets the outcome written for it, and no
flow asks the same field more than twice in a row."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

import checks
from bot import flows

from bot_dialog_driver import Chat

ROWS = [json.loads(line) for line in
        (Path(__file__).parents[1] / "checks" / "data" / "profiles_blind.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()]


def typed(value) -> str:
    """A profile's JSON value as a person would type it."""
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, list):
        return "、".join(value) or "没有"
    if isinstance(value, dict):
        return "\n".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def flow_for(check_ids: list[str]) -> str:
    return next(f.id for f in flows.flows().values() if set(check_ids) <= set(f.checks))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['id']}: {r['story']}" for r in ROWS])
def test_a_blind_profile_typed_into_the_chat_gets_every_clause_right(row):
    as_of = datetime.fromisoformat(row["profile"]["as_of"]).replace(hour=2, tzinfo=timezone.utc)
    chat = Chat(now=as_of)
    chat.say(f"/flow {flow_for(row['checks'])}")
    profile = {k: v for k, v in row["profile"].items() if k != "as_of"}
    run, last = 0, None
    for _ in range(80):
        if chat.state.mode != "asking":
            break
        prompt = chat.turn.prompt
        run = run + 1 if prompt.field == last else 1
        last = prompt.field
        assert run <= 2, f"{prompt.field} asked a third time: {chat.text}"
        if prompt.follow_up == "unit":
            chat.press(next(c.label for c in chat.turn.choices if c.label.endswith("万元") and "（" not in c.label))
        elif prompt.follow_up == "exact":
            chat.say("不清楚")
        elif prompt.field in profile:
            chat.say(typed(profile[prompt.field]))
        else:
            chat.say("跳过")
    assert chat.state.mode == "review", chat.text
    chat.say("确认")
    by_citation: dict[str, str] = {}
    reports = checks.run(flows.profile(chat.state.answers, as_of.date()), chat.state.checks)
    for report in reports:
        by_citation.update({k: v.value for k, v in report.by_citation.items()})
    for clause, expected in row["expect"].items():
        assert by_citation.get(clause) == expected, (clause, row.get("why", {}).get(clause), chat.state.answers)
