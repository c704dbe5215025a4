"""Scores the assistant on a question set in the format of shared/eval/dev_questions.jsonl.

The figures are the ones the hotline is judged by: top-1 and top-3 article accuracy, item@1 where
an item is expected, and how often in-scope and out-of-scope questions end in no_match.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from .answer import ask
from .answer_model import Status


class Case(BaseModel):
    id: str
    question: str
    expect: list[str]


class Outcome(BaseModel):
    case: Case
    status: Status
    cited: list[str]
    top1: bool
    top3: bool
    item1: bool | None


class Report(BaseModel):
    outcomes: list[Outcome]
    seconds: float

    def _share(self, flags: list[bool]) -> float:
        return sum(flags) / len(flags) if flags else 0.0

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.expect]

    @property
    def figures(self) -> dict[str, float]:
        inside = self.in_scope
        outside = [o for o in self.outcomes if not o.case.expect]
        items = [o.item1 for o in inside if o.item1 is not None]
        return {
            "top1": self._share([o.top1 for o in inside]),
            "top3": self._share([o.top3 for o in inside]),
            "item@1": self._share(items),
            "oos_no_match": self._share([o.status is Status.no_match for o in outside]),
            "in_scope_no_match": self._share([o.status is Status.no_match for o in inside]),
        }


def _article(clause_id: str) -> str:
    return "-".join(clause_id.split("-")[:2])


def score(case: Case, today: date) -> Outcome:
    answer = ask(case.question, today)
    cited = [c.id for c in answer.citations] if answer.status is not Status.no_match else []
    expected_articles = {_article(e) for e in case.expect}
    articles = list(dict.fromkeys(_article(c) for c in cited))
    expects_item = any(e.count("-") == 2 for e in case.expect)
    return Outcome(
        case=case, status=answer.status, cited=cited,
        top1=bool(cited) and _article(cited[0]) in expected_articles,
        top3=any(a in expected_articles for a in articles[:3]),
        item1=(bool(cited) and cited[0] in case.expect) if expects_item and case.expect else None,
    )


def load(path: str | Path) -> list[Case]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [Case.model_validate(json.loads(line)) for line in lines if line.strip()]


def evaluate(cases: list[Case], today: date) -> Report:
    start = time.perf_counter()
    outcomes = [score(case, today) for case in cases]
    return Report(outcomes=outcomes, seconds=time.perf_counter() - start)
