"""The small vocabulary the rule modules are written in: Rule, citations, and result builders.

Keeping the sentence patterns here means every threshold comparison says the figure, the clause,
the requirement and the shortfall in the same order, and every missing figure is reported alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

from knowledge import corpus

from ._fields import FIELDS
from ._model import Basis, Citation, Gap, Outcome, Result
from ._params import Threshold


@dataclass(frozen=True, slots=True)
class Rule:
    """One condition of one clause: a pure function of the profile and the parameters.

    `fields` are the profile fields it reads (as_of aside), in the order a dialog should ask them;
    `monotone` names figures whose increase can never worsen its outcome (a property test holds
    the rule to that).
    """

    id: str
    citation: str
    fields: tuple[str, ...]
    fn: Callable
    monotone: tuple[str, ...] = ()
    ref: Citation | None = None   # the resolved citation, looked up once at import

    def __call__(self, profile, P) -> Result:
        return self.fn(profile, P)


def rule(rule_id: str, citation_id: str, *fields: str, monotone: tuple[str, ...] = ()):
    def wrap(fn: Callable) -> Rule:
        # Resolving here makes a citation the corpus cannot resolve fail at import, not mid-request.
        return Rule(rule_id, citation_id, fields, fn, monotone, cite(citation_id))
    return wrap


@cache
def cite(citation_id: str) -> Citation:
    clause = corpus().clause(citation_id)
    if clause is None:
        raise KeyError(f"citation {citation_id!r} does not resolve in the knowledge base")
    return Citation(clause.id, clause.measure, clause.article, clause.item, clause.label, clause.short_label)


@cache
def label(citation_id: str) -> str:
    """《办法》第七条第（三）项 — how the sentences name a clause."""
    return cite(citation_id).short_label


def fmt(value: float | int) -> str:
    """150.0 → '150', 120.5 → '120.5', 0.30000000004 → '0.3'."""
    if isinstance(value, float):
        value = round(value, 4)
        if value == int(value):
            return str(int(value))
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return str(value)


@cache
def unknown(*fields: str, about: str | None = None) -> Result:
    """The finding for missing figures; cached, since it depends only on which fields are missing."""
    names = "、".join(f"{FIELDS[f].label}（{f}）" for f in fields)
    text = f"尚未提供{names}，无法判断{about}。" if about else f"尚未回答：{names}。"
    return Result(Outcome.unknown, text, missing=fields,
                  basis=Basis.declaration if any(FIELDS[f].declaration for f in fields) else Basis.figure)


def at_least(value: float, th: Threshold, *, field: str, what: str, unit: str,
             shortfall: Outcome = Outcome.not_met, extra: str = "") -> Result:
    """value ≥ threshold (以上/不少于/不低于 include the number, Civil Code Art. 1259).

    'extra' is appended to the sentence only when the figure falls short (the reason a shortfall
    is not a plain fail, for instance).
    """
    figures = {field: value}
    where = label(th.citation)
    if value >= th.value:
        return Result(Outcome.met, f"{what} {fmt(value)} {unit}，达到{where}{requirement(th, unit)}的要求。",
                      figures, th.as_dict())
    gap = th.value - value
    need = requirement(th, unit)
    return Result(shortfall, f"{what} {fmt(value)} {unit}，{where}要求{' ' if need[0].isdigit() else ''}{need}，"
                  f"还差 {fmt(gap)} {unit}{extra}。", figures, th.as_dict(), Gap(field, num(gap), unit))


def requirement(th: Threshold, unit: str) -> str:
    """The clause's own verb with the number: '150 平方米以上', '不少于 15 人', '不低于 500 万元'."""
    for verb in ("不少于", "不低于", "不高于", "不超过"):
        if verb in th.quote:
            return f"{verb} {fmt(th.value)} {unit}"
    if "以上" in th.quote:
        return f"{fmt(th.value)} {unit}以上"
    return f"至少 {fmt(th.value)} {unit}"


def num(value: float | int) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 4)


def yes_no(value: bool | None, field: str, *, good: bool, met: str, not_met: str,
           bad_outcome: Outcome = Outcome.not_met) -> Result:
    """A fact the organisation states (has rules, files reports…): met when it is as the clause wants."""
    if value is None:
        return unknown(field)
    if value is good:
        return Result(Outcome.met, met, {field: value}, basis=Basis.fact)
    return Result(bad_outcome, not_met, {field: value}, basis=Basis.fact)


def duty(field: str, citation: str, met: str, not_met: str) -> Callable:
    """A duty the organisation says it keeps or not (sets up rules, keeps records): met when it does."""
    def fn(p, P) -> Result:
        return yes_no(getattr(p, field), field, good=True, met=f"{met}，符合{label(citation)}。",
                      not_met=f"{label(citation)}要求{not_met}。")
    return fn


def declared(value: bool | None, field: str, *, what: str, where: str) -> Result:
    """A condition only a reviewer can judge: reported as the applicant's declaration, never as verified."""
    spec = FIELDS[field]
    if value is None:
        return Result(Outcome.unknown, f"{where}要求“{what}”，这一条件由{spec.verified_by}认定；请先自评（{field}）。",
                      missing=(field,), basis=Basis.declaration, verified_by=spec.verified_by)
    if value:
        return Result(Outcome.met, f"据申请方自述，{what}（{where}）；这是自述而非核实结论，由{spec.verified_by}认定。",
                      {field: value}, basis=Basis.declaration, verified_by=spec.verified_by)
    return Result(Outcome.not_met, f"申请方自述不符合“{what}”（{where}），{spec.verified_by}时通常难以通过。",
                  {field: value}, basis=Basis.declaration, verified_by=spec.verified_by)


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One check of the catalogue: what it decides, under which measure, by which rules in order."""

    id: str
    measure: str
    kind: str          # eligibility (eligible / not_eligible) or obligation (compliant / at_risk)
    title: str
    question: str
    articles: tuple[str, ...]
    rules: tuple[Rule, ...]
    triggers: tuple[str, ...] | None = None  # fields that make the check relevant; None: all its fields

    @property
    def fields(self) -> tuple[str, ...]:
        """The profile fields this check reads, in asking order (as_of is always accepted, never asked)."""
        seen: dict[str, None] = {}
        for r in self.rules:
            seen.update(dict.fromkeys(r.fields))
        return tuple(seen)
