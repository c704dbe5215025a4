"""Every figure a check can read, declared once as data: checks/data/fields.json (an organisation's own
facts, read by every measure) and each measure's fields.json (what its rules read).

One declaration per field gives the pydantic Profile, the JSON Schema of GET /checks, the chat's
question and example, the reader's choices and negations, and the relations between fields; nothing
else restates a field. A `why` may name a parameter in braces ({<measure>.<parameter>}); it is
filled with the words of the value in force on the day asked, so a new threshold changes the sentence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge import registry

SHARED = Path(__file__).resolve().parent / "data" / "fields.json"
KINDS = ("count", "wan", "sqm", "months", "date", "year", "bool", "choice", "grades", "scores", "text")
NUMERIC_KINDS = ("count", "wan", "sqm", "months")
_PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")


@dataclass(frozen=True, slots=True)
class ChoiceSpec:
    label: str
    means: dict[str, bool] = field(default_factory=dict)
    """The facts this choice asserts ({"按期": False} for 未按期完成整改), for reading free answers."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NeverSpec:
    """An event date that may not have happened yet (尚未验收): the answer that says so."""

    label: str
    concepts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    kind: str
    why: str
    measure: str | None
    """The measure whose folder declares the field; None for the organisation's own facts."""
    citation: str | None = None
    unit: str | None = None
    question: str | None = None
    example: str | None = None
    choices: dict[str, ChoiceSpec] = field(default_factory=dict)
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    never: NeverSpec | None = None
    core: bool = False
    """Named in the public contract of POST /checks; the others were added where a rule needs them."""
    verified_by: str | None = None
    """Set for a declaration: a condition only a reviewer can judge, reported as declared."""
    asked: bool = True
    """False for a field another answer settles (never_had_order: 从未有过订单 at the last order's date)."""
    past: bool = False
    future: bool = False
    not_before: str | None = None
    at_most: str | None = None
    min: float | None = None
    max: float | None = None
    one_of_keys: str | None = None
    excludes: str | None = None
    """A yes here rules out any value of that field (never_had_order and a last order's date)."""

    @property
    def declaration(self) -> bool:
        return self.verified_by is not None

    def why_with(self, words: dict[str, str], otherwise: str | None = None) -> str:
        """`why` with each {parameter} replaced by its words in force (from checks.params(day).words), or
        by `otherwise` where no words are given."""
        return _PLACEHOLDER.sub(lambda m: words.get(m[1], m[0] if otherwise is None else otherwise), self.why)

    def placeholders(self) -> list[str]:
        return _PLACEHOLDER.findall(self.why)

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "kind": self.kind, "unit": self.unit,
                "choices": {k: c.label for k, c in self.choices.items()} or None, "why": self.why,
                "citation": self.citation, "core": self.core, "declaration": self.declaration,
                "verified_by": self.verified_by}


def _spec(name: str, raw: dict, measure: str | None) -> FieldSpec:
    raw = dict(raw)
    if raw.get("kind") not in KINDS:
        raise ValueError(f"field {name!r}: kind {raw.get('kind')!r} is not one of {KINDS}")
    choices = {k: ChoiceSpec(c["label"], dict(c.get("means", {})), tuple(c.get("aliases", ())))
               for k, c in raw.pop("choices", {}).items()}
    concepts = {k: tuple(v) for k, v in raw.pop("concepts", {}).items()}
    never = raw.pop("never", None)
    return FieldSpec(name=name, measure=measure, choices=choices, concepts=concepts,
                     never=NeverSpec(never["label"], tuple(never["concepts"])) if never else None, **raw)


@cache
def fields() -> dict[str, FieldSpec]:
    """The shared fields, then each registered measure's, in its folder's order."""
    out: dict[str, FieldSpec] = {}
    sources = [(None, json.loads(SHARED.read_text(encoding="utf-8")))]
    sources += [(m, raw) for m, raw in registry().data("fields.json").items()]
    for measure, raw in sources:
        for name, body in raw.items():
            if name.startswith("_"):
                continue
            if name in out:
                raise ValueError(f"field {name!r} is declared twice ({out[name].measure or 'shared'} and "
                                 f"{measure or 'shared'}); a field belongs to one measure or to the shared file")
            out[name] = _spec(name, body, measure)
    order = list(out)
    for name, spec in out.items():
        for other in (spec.not_before, spec.at_most, spec.one_of_keys, spec.excludes):
            if other is not None and (other not in out or order.index(other) > order.index(name)):
                raise ValueError(f"field {name!r} relates to {other!r}, which must be declared before it")
    return out
