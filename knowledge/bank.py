"""The questions written for the hotline: per clause (questions.json, paraphrases.json) and per
neighbouring topic the measures do not cover (neighbours.json, in a measure's folder or knowledge/data).

They are what retrieval searches beside the clause texts and what the ranker learns from. `held_out`
splits them the same way every time (one line in four, by a hash of its text), so tuning can be
measured on lines the ranker never saw (benchmarks/compare_rankers.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .registry import DATA, registry

SHARED = "_shared"
"""Owner of the neighbouring topics in knowledge/data/neighbours.json, which no measure owns."""


@dataclass(frozen=True)
class Line:
    question: str
    clause: str | None
    """The clause it asks about, or None for a neighbouring topic's question."""
    kind: str
    """zh, en, tricky or standard for a clause's question; the topic's name for a neighbour's."""
    owner: str
    """The measure whose folder holds it, or SHARED."""


def held_out(question: str) -> bool:
    """One line in four, always the same ones: the honest test half of the split."""
    return int(hashlib.sha1(question.encode("utf-8")).hexdigest(), 16) % 4 == 0


def _own(data: dict | None) -> dict:
    return {k: v for k, v in (data or {}).items() if not k.startswith("_")}


def lines() -> list[Line]:
    """Every written question of the registered measures and the shared neighbours, in a stable order."""
    out: list[Line] = []
    for measure_id, entry in registry().entries.items():
        for clause, questions in _own(entry.data("questions.json")).items():
            out += [Line(q, clause, "standard", measure_id) for q in questions]
        for clause, by_kind in _own(entry.data("paraphrases.json")).items():
            out += [Line(q, clause, kind, measure_id) for kind, qs in by_kind.items() for q in qs]
        for topic, questions in _own(entry.data("neighbours.json")).items():
            out += [Line(q, None, topic, measure_id) for q in questions]
    shared = DATA / "neighbours.json"
    if shared.exists():
        for topic, questions in _own(json.loads(Path(shared).read_text(encoding="utf-8"))).items():
            out += [Line(q, None, topic, SHARED) for q in questions]
    return out
