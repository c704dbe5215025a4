"""Loads the thresholds and the stated readings from checks/data/parameters.json.

The numbers of the law live in data, each beside the clause that sets it, so the rules never hold a
bare 150 or 500 and a new version of a measure is a data edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "parameters.json"


@dataclass(frozen=True, slots=True)
class Threshold:
    id: str
    value: int | float
    unit: str
    op: str
    citation: str
    quote: str
    in_principle: bool = False

    def as_dict(self) -> dict:
        return {"param": self.id, "op": self.op, "value": self.value, "unit": self.unit,
                "words": self.quote}


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    citation: str
    rule: str
    why: str
    value: int | None = None


@dataclass(frozen=True, slots=True)
class Params:
    thresholds: dict[str, Threshold]
    choices: dict[str, Choice]

    def __getitem__(self, key: str) -> Threshold:
        return self.thresholds[key]


@cache
def params() -> Params:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return Params(
        thresholds={k: Threshold(id=k, **v) for k, v in raw["thresholds"].items()},
        choices={k: Choice(id=k, **v) for k, v in raw["choices"].items()},
    )
