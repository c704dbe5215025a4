"""Loads both measures once and indexes every article and item by its stable citation id."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from .model import Article, Clause, Measure

DATA = Path(__file__).resolve().parent / "data"
MEASURE_IDS = ("platform", "voucher")


class Corpus:
    def __init__(self, measures: dict[str, Measure]):
        self.measures = measures
        self.clauses: dict[str, Clause] = {}
        for measure in measures.values():
            for article in measure.articles:
                for clause in _clauses_of(measure, article):
                    self.clauses[clause.id] = clause

    def article(self, measure_id: str, number: int) -> Article | None:
        measure = self.measures.get(measure_id)
        if measure is None:
            return None
        return next((a for a in measure.articles if a.number == number), None)

    def clause(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)

    def in_force(self, measure_id: str, day: date) -> bool:
        return self.measures[measure_id].in_force_on(day)


def _label(measure: Measure, article: Article, marker: str | None, title: str) -> str:
    return f"《{title}》第{article.numeral}条" + (f"第{marker}项" if marker else "")


def _clauses_of(measure: Measure, article: Article) -> list[Clause]:
    base = f"{measure.id}-{article.number}"
    whole = Clause(
        id=base, measure=measure.id, article=article.number, item=None,
        label=_label(measure, article, None, measure.title),
        short_label=_label(measure, article, None, measure.short_title),
        text=article.text,
    )
    lead = "\n".join(article.paragraphs)
    items = [
        Clause(
            id=f"{base}-{item.number}", measure=measure.id, article=article.number, item=item.number,
            label=_label(measure, article, item.marker, measure.title),
            short_label=_label(measure, article, item.marker, measure.short_title),
            text=item.marker + item.text, context=lead,
        )
        for item in article.items
    ]
    return [whole, *items]


@cache
def corpus() -> Corpus:
    """The process-wide corpus; the data is immutable, so one load serves every request."""
    measures = {}
    for measure_id in MEASURE_IDS:
        raw = json.loads((DATA / f"{measure_id}.json").read_text(encoding="utf-8"))
        measures[measure_id] = Measure.model_validate(raw)
    return Corpus(measures)
