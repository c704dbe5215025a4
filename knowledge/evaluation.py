"""Scores the assistant on a question set in the format of shared/eval/dev_questions.jsonl.

The figures are the ones the hotline is judged by: top-1 and top-3 article accuracy, item@1 where
an item is expected, how often in-scope and out-of-scope questions end in no_match, and, for questions
that expect two or more articles, how often every one of them is cited (a question asking several
things should get each part's clause). Lines that carry a "kind" (english, traditional, typo …) are
also scored kind by kind.
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from .answer import ask
from .answer_model import Status


ROOT = Path(__file__).resolve().parents[1]
QUESTION_SETS = {
    "dev": ROOT.parent / "shared" / "eval" / "dev_questions.jsonl",
    "holdout": ROOT / "tests" / "knowledge" / "data" / "holdout_questions.jsonl",
    "blind": ROOT / "benchmarks" / "data" / "blind_questions.jsonl",
    "sealed": ROOT / "benchmarks" / "data" / "sealed_questions.jsonl",
}
"""The question sets beside the repository: the development set (read from shared/eval in place, never
copied) and three written from the measures' texts alone. Regression guards, never training data."""


class Case(BaseModel):
    id: str
    question: str
    expect: list[str]
    kind: str | None = None


class Outcome(BaseModel):
    case: Case
    status: Status
    cited: list[str]
    top1: bool
    top3: bool
    item1: bool | None
    all_expected: bool | None
    """Every expected article among the cited ones, for a case expecting two or more articles."""


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
        return self._figures(self.outcomes)

    def _figures(self, outcomes: list[Outcome]) -> dict[str, float]:
        inside = [o for o in outcomes if o.case.expect]
        outside = [o for o in outcomes if not o.case.expect]
        items = [o.item1 for o in inside if o.item1 is not None]
        return {
            "top1": self._share([o.top1 for o in inside]),
            "top3": self._share([o.top3 for o in inside]),
            "item@1": self._share(items),
            "oos_no_match": self._share([o.status is Status.no_match for o in outside]),
            "in_scope_no_match": self._share([o.status is Status.no_match for o in inside]),
            "all_expected": self._share([o.all_expected for o in inside if o.all_expected is not None]),
        }

    def by_kind(self) -> dict[str, tuple[int, dict[str, float]]]:
        """Kind → (number of cases, figures), for the cases that carry a kind."""
        kinds = dict.fromkeys(o.case.kind for o in self.outcomes if o.case.kind)
        return {k: (len(group := [o for o in self.outcomes if o.case.kind == k]), self._figures(group)) for k in kinds}

    def render(self, verbose: bool = False) -> str:
        """The report as `policy-assistant eval` prints it."""
        inside = len(self.in_scope)
        out = [f"questions: {len(self.outcomes)} ({inside} in scope, {len(self.outcomes) - inside} out of scope)"]
        out += [f"{name:>18}: {value:6.1%}" for name, value in self.figures.items()]
        out.append(f"{'seconds':>18}: {self.seconds:.3f}")
        for kind, (n, figures) in self.by_kind().items():
            out.append(f"{kind:>18} ({n}): " + "  ".join(f"{k} {v:.1%}" for k, v in figures.items()))
        for o in self.outcomes if verbose else []:
            wrong = (o.case.expect and not (o.top1 and o.item1 is not False)) or (
                not o.case.expect and o.status is not Status.no_match)
            if wrong:
                out.append(f"  MISS {o.case.id} {o.case.question} expect={o.case.expect} got={o.status.value}:{o.cited[:3]}")
        return "\n".join(out)


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
        all_expected=expected_articles <= set(articles) if len(expected_articles) >= 2 else None,
    )


def load(path: str | Path) -> list[Case]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [Case.model_validate(json.loads(line)) for line in lines if line.strip()]


def evaluate(cases: list[Case], today: date) -> Report:
    start = time.perf_counter()
    outcomes = [score(case, today) for case in cases]
    return Report(outcomes=outcomes, seconds=time.perf_counter() - start)
