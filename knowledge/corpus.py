"""The texts in force on a day, every article and item indexed by its stable citation id.

A Corpus is one snapshot: for each measure the version that governs the day (knowledge/registry.py).
Clause ids do not carry the version (<measure>-7-3 is Art. 7(3) of whichever text governs), the way
lawyers cite; each clause says which version it is from.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .model import Article, Clause, English, Measure
from .registry import registry


class Corpus:
    def __init__(self, measures: tuple[Measure, ...]):
        self.measures = {m.id: m for m in measures}
        self.clauses: dict[str, Clause] = {}
        for measure in measures:
            for article in measure.articles:
                for clause in _clauses_of(measure, article):
                    self.clauses[clause.id] = clause

    @property
    def key(self) -> tuple[tuple[str, str], ...]:
        """Which versions this snapshot holds: caches built on a corpus are keyed by it."""
        return tuple((m.id, m.version) for m in self.measures.values())

    def article(self, measure_id: str, number: int) -> Article | None:
        measure = self.measures.get(measure_id)
        return measure.article(number) if measure else None

    def clause(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)


def _label(article: Article, marker: str | None, title: str) -> str:
    return f"《{title}》第{article.numeral}条" + (f"第{marker}项" if marker else "")


def _english(measure: Measure, clause_id: str, article: int, item: int | None) -> English | None:
    found = measure.english_clauses.get(clause_id)
    if found is None or measure.english_title is None:
        return None
    where = f"Article {article}" + (f"({item})" if item else "")
    return English(label=f"{where} of the {measure.english_title}", text=found["text"], context=found.get("lead"))


def _clauses_of(measure: Measure, article: Article) -> list[Clause]:
    base = f"{measure.id}-{article.number}"
    common = {"measure": measure.id, "version": measure.version, "article": article.number}
    whole = Clause(id=base, item=None, label=_label(article, None, measure.title),
                   short_label=_label(article, None, measure.short_title), text=article.text,
                   english=_english(measure, base, article.number, None), **common)
    lead = "\n".join(article.paragraphs)
    items = [
        Clause(id=f"{base}-{item.number}", item=item.number,
               label=_label(article, item.marker, measure.title),
               short_label=_label(article, item.marker, measure.short_title),
               text=item.marker + item.text, context=lead,
               english=_english(measure, f"{base}-{item.number}", article.number, item.number), **common)
        for item in article.items
    ]
    return [whole, *items]


def corpus(day: date) -> Corpus:
    """The texts that govern `day`; snapshots are shared, since the data is immutable."""
    return _snapshot(tuple((m.id, m.version) for m in registry().on(day)))


@lru_cache(maxsize=16)
def _snapshot(key: tuple[tuple[str, str], ...]) -> Corpus:
    reg = registry()
    return Corpus(tuple(next(v for v in reg[m].versions if v.version == version) for m, version in key))
