"""The law's numbers as dated series, read from each measure's parameters.json, and the texts in force.

OpenFisca's way: a threshold is a series of values, each from a date and with the clause and words
that set it; a check uses the value in force on its as_of date, quoted from the version in force then.
A successor text is a new dated value in data, never an edit of a rule. `Law` is that snapshot for one
day: thresholds, the readings the text leaves open, and the clauses to cite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from knowledge import Corpus, corpus, registry

from ._model import Citation

READINGS = Path(__file__).resolve().parent / "data" / "readings.json"
OPS = (">=", "<=", ">", "<", "=")


@dataclass(frozen=True, slots=True)
class Threshold:
    """One value of a parameter as it applies on a day, with the clause and the words that set it."""

    id: str
    value: int | float
    unit: str
    op: str
    """How a figure must stand against the value: >= (不少于、以上), <= (不超过), > (超过), < (不满), = (a length)."""
    citation: str
    quote: str
    in_principle: bool = False
    """原则上: falling short is a finding for review, not a plain fail."""
    since: date | None = None

    def passes(self, figure: int | float) -> bool:
        """The clause's own comparison (Civil Code Art. 1259: 以上 and 不少于 include the number)."""
        return {">=": figure >= self.value, "<=": figure <= self.value, ">": figure > self.value,
                "<": figure < self.value, "=": figure == self.value}[self.op]

    def as_dict(self) -> dict:
        return {"param": self.id, "op": self.op, "value": self.value, "unit": self.unit, "words": self.quote,
                "in_principle": self.in_principle, "since": self.since.isoformat() if self.since else None}


@dataclass(frozen=True, slots=True)
class Reading:
    """A reading the text leaves open, with its clause and reason (checks/data/readings.json and the
    measures' parameters.json)."""

    id: str
    rule: str
    why: str
    citation: str | None = None
    value: int | None = None
    numbers: dict | None = None
    """Named numbers of the reading (approximation widths: about_pct …)."""

    @classmethod
    def of(cls, key: str, raw: dict) -> "Reading":
        known = {k: raw[k] for k in ("rule", "why", "citation", "value") if k in raw}
        return cls(id=key, numbers={k: v for k, v in raw.items() if k not in known} or None, **known)


@dataclass(frozen=True, slots=True)
class _Series:
    id: str
    unit: str
    op: str
    values: tuple[tuple[date, dict], ...]


class Law:
    """Everything a rule may read besides the figures, as it stood on one day."""

    def __init__(self, day: date, c: Corpus, thresholds: dict[str, Threshold], readings: dict[str, Reading]):
        self.day = day
        self.corpus = c
        self.thresholds = thresholds
        self.readings = readings

    def __getitem__(self, key: str) -> Threshold:
        return self.thresholds[key]

    def cite(self, clause_id: str) -> Citation:
        return _citation(self.corpus, clause_id)

    def label(self, clause_id: str) -> str:
        """《简称》第七条第（三）项 — how the sentences name a clause."""
        return self.cite(clause_id).short_label

    @property
    def words(self) -> dict[str, str]:
        """Parameter id → the words of its value in force, for sentences written around a threshold."""
        return {k: t.quote for k, t in self.thresholds.items()}


@lru_cache(maxsize=512)
def _citation(c: Corpus, clause_id: str) -> Citation:
    clause = c.clause(clause_id)
    if clause is None:
        raise KeyError(f"citation {clause_id!r} does not resolve in the texts in force ({c.key})")
    return Citation(clause.id, clause.measure, clause.version, clause.article, clause.item, clause.label,
                    clause.short_label)


@cache
def _series() -> tuple[dict[str, _Series], dict[str, Reading]]:
    series: dict[str, _Series] = {}
    readings = {k: Reading.of(k, v) for k, v in json.loads(READINGS.read_text(encoding="utf-8"))["readings"].items()}
    for measure, raw in registry().data("parameters.json").items():
        for key, body in raw.get("parameters", {}).items():
            if not key.startswith(measure + "."):
                raise ValueError(f"{measure}/parameters.json: parameter {key!r} must start with '{measure}.'")
            if body["op"] not in OPS:
                raise ValueError(f"parameter {key!r}: op {body['op']!r} is not one of {OPS}")
            values = tuple(sorted(((date.fromisoformat(v["from"]), v) for v in body["values"]), key=lambda p: p[0]))
            series[key] = _Series(key, body["unit"], body["op"], values)
        readings.update({k: Reading.of(k, v) for k, v in raw.get("readings", {}).items()})
    return series, readings


def law(day: date) -> Law:
    """The thresholds and texts in force on `day` (before a parameter's first value: its first value)."""
    return _law(day, corpus(day).key)


@lru_cache(maxsize=256)
def _law(day: date, _texts: tuple) -> Law:
    series, readings = _series()
    thresholds = {}
    for key, s in series.items():
        since, v = next(((d, v) for d, v in reversed(s.values) if d <= day), s.values[0])
        thresholds[key] = Threshold(key, v["value"], s.unit, s.op, v["reference"], v["quote"],
                                    v.get("in_principle", False), since)
    return Law(day, corpus(day), thresholds, readings)


def all_values() -> list[tuple[str, date, dict]]:
    """Every dated value of every parameter, for the test that holds each quote to its clause."""
    series, _ = _series()
    return [(k, d, v) for k, s in series.items() for d, v in s.values]
