"""The small vocabulary the rule modules are written in: Rule, CheckSpec, and the result builders.

Every sentence about a threshold is built here from the threshold's own data — its value, unit,
operator, the clause's words and whether it holds only 原则上 — so changing a value in a measure's
parameters.json changes what every result says, and no rule restates a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ._fields import fields
from ._model import Basis, Gap, Outcome, Result
from ._params import Law, Threshold


@dataclass(frozen=True, slots=True)
class Rule:
    """One condition of one clause: a pure function of the profile and the law in force.

    `fields` are the profile fields it reads (as_of aside), in the order a dialog should ask them.
    `monotone` gives, for each number or date it reads, +1 when a larger value can never worsen the
    outcome and -1 when it can never improve it; the engine decides a figure said approximately by
    the ends of its span alone, and a property test holds every rule to these directions.
    """

    id: str
    citation: str
    fields: tuple[str, ...]
    fn: Callable
    monotone: dict[str, int] = field(default_factory=dict)

    def __call__(self, profile, law: Law) -> Result:
        return self.fn(profile, law)


def rule(rule_id: str, citation_id: str, *fields_read: str, up: tuple[str, ...] = (), down: tuple[str, ...] = ()):
    """Declares a rule; `up` are figures where more is better (a headcount), `down` where more is worse."""
    def wrap(fn: Callable) -> Rule:
        return Rule(rule_id, citation_id, fields_read, fn, {**{f: 1 for f in up}, **{f: -1 for f in down}})
    return wrap


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


def fmt(value: float | int) -> str:
    """150.0 → '150', 120.5 → '120.5', 0.30000000004 → '0.3'."""
    if isinstance(value, float):
        value = round(value, 4)
        if value == int(value):
            return str(int(value))
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return str(value)


def num(value: float | int) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 4)


def unknown(*names: str, about: str | None = None) -> Result:
    """The finding for missing figures: which ones, and what they would settle."""
    specs = fields()
    shown = "、".join(f"{specs[f].label}（{f}）" for f in names)
    text = f"尚未提供{shown}，无法判断{about}。" if about else f"尚未回答：{shown}。"
    return Result(Outcome.unknown, text, missing=names,
                  basis=Basis.declaration if any(specs[f].declaration for f in names) else Basis.figure)


def quoted(th: Threshold) -> str:
    """“不低于 500 万元” — the clause's own words for the threshold, as the result quotes them."""
    return f"“{th.quote}”"


def compare(value: float | int, th: Threshold, law: Law, *, field: str, what: str) -> Result:
    """A figure against one threshold, the clause's operator deciding; 原则上 turns a shortfall into review.

    The sentence names the figure, the clause and its words, and how far off the figure is.
    """
    figures = {field: value}
    where = law.label(th.citation)
    unit = th.unit
    if th.passes(value):
        return Result(Outcome.met, f"{what} {fmt(value)} {unit}，符合{where}{quoted(th)}的要求。", figures, th.as_dict())
    gap = abs(th.value - value) or (1 if isinstance(th.value, int) else 0.01)
    if th.op in (">", "<"):
        gap_text = f"须{'超过' if th.op == '>' else '低于'} {fmt(th.value)} {unit}"
    else:
        gap_text = f"还差 {fmt(gap)} {unit}" if th.op == ">=" else f"超出 {fmt(gap)} {unit}"
    text = f"{what} {fmt(value)} {unit}，{where}要求{quoted(th)}，{gap_text}"
    if th.in_principle:
        return Result(Outcome.needs_review, text + "；这是“原则上”的要求，不足并不当然不符合，由评审视情况把握，需复核。",
                      figures, th.as_dict(), Gap(field, num(gap), unit))
    return Result(Outcome.not_met, text + "。", figures, th.as_dict(), Gap(field, num(gap), unit))


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
    def fn(p, law: Law) -> Result:
        where = law.label(citation)
        return yes_no(getattr(p, field), field, good=True, met=f"{met}，符合{where}。", not_met=f"{where}要求{not_met}。")
    return fn


def declared(value: bool | None, field: str, *, what: str, where: str) -> Result:
    """A condition only a reviewer can judge: reported as the applicant's declaration, never as verified."""
    spec = fields()[field]
    if value is None:
        return Result(Outcome.unknown, f"{where}要求“{what}”，这一条件由{spec.verified_by}认定；请先自评（{field}）。",
                      missing=(field,), basis=Basis.declaration, verified_by=spec.verified_by)
    if value:
        return Result(Outcome.met, f"据申请方自述，{what}（{where}）；这是自述而非核实结论，由{spec.verified_by}认定。",
                      {field: value}, basis=Basis.declaration, verified_by=spec.verified_by)
    return Result(Outcome.not_met, f"申请方自述不符合“{what}”（{where}），{spec.verified_by}时通常难以通过。",
                  {field: value}, basis=Basis.declaration, verified_by=spec.verified_by)
