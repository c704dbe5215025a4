"""The result types: what one rule finds and what one check reports.

Slotted classes rather than pydantic models: a full run builds about a hundred of them and must stay
under a millisecond; `to_dict()` gives the JSON the API and the CLI print.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """Read from the organisation's side: met means it stands well under the clause."""

    met = "met"
    not_met = "not_met"
    needs_review = "needs_review"
    unknown = "unknown"


OUTCOME_LABELS = {
    Outcome.met: "满足", Outcome.not_met: "不满足", Outcome.needs_review: "需复核", Outcome.unknown: "待补充",
}


class Verdict(StrEnum):
    eligible = "eligible"
    not_eligible = "not_eligible"
    compliant = "compliant"
    at_risk = "at_risk"
    needs_review = "needs_review"
    incomplete = "incomplete"


VERDICT_LABELS = {
    Verdict.eligible: "符合条件", Verdict.not_eligible: "不符合条件", Verdict.compliant: "合规",
    Verdict.at_risk: "存在风险", Verdict.needs_review: "需人工复核", Verdict.incomplete: "信息不全",
}


class Basis(StrEnum):
    """Where a finding's outcome comes from, so a reader knows how far to trust it."""

    figure = "figure"            # a number or date compared with a threshold
    fact = "fact"                # the organisation's yes/no about something checkable
    declaration = "declaration"  # a condition only a reviewer can judge: reported as declared
    validity = "validity"        # whether the measure was in force on the date
    info = "info"                # a calendar or explanation; never decides the verdict


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause as a finding cites it: the same fields as knowledge.ClauseRef, without the text."""

    id: str
    measure: str
    version: str
    article: int
    item: int | None
    label: str
    short_label: str

    def to_dict(self) -> dict:
        return {"id": self.id, "measure": self.measure, "version": self.version, "article": self.article,
                "item": self.item, "label": self.label, "short_label": self.short_label}


@dataclass(frozen=True, slots=True)
class Gap:
    """How far a figure is from passing: `amount` more (or fewer days late) in `unit`."""

    field: str
    amount: int | float
    unit: str

    def to_dict(self) -> dict:
        return {"field": self.field, "amount": self.amount, "unit": self.unit}


_NO_FIGURES: dict[str, Any] = {}


class Result:
    """What a rule function returns; the engine pairs it with the rule's id and citation as a Finding.

    A plain slotted class rather than a dataclass: a full run builds about eighty of them and the
    generated __init__ with a default factory costs twice as much. Treat it as immutable.
    """

    __slots__ = ("outcome", "message", "figures", "threshold", "gap", "missing", "basis", "verified_by",
                 "convention", "details", "uncertain", "asks")

    def __init__(self, outcome: Outcome, message: str, figures: dict[str, Any] | None = None,
                 threshold: dict | None = None, gap: Gap | None = None, missing: tuple[str, ...] = (),
                 basis: Basis = Basis.figure, verified_by: str | None = None, convention: str | None = None,
                 details: dict | None = None, uncertain: tuple[str, ...] = (), asks: tuple[str, ...] = ()):
        self.outcome = outcome
        self.message = message
        self.figures = figures if figures is not None else _NO_FIGURES
        self.threshold = threshold
        self.gap = gap
        self.missing = missing
        self.basis = basis
        self.verified_by = verified_by
        self.convention = convention
        self.details = details
        self.uncertain = uncertain
        """Fields said approximately (将近500万) whose possible values give different outcomes: only an
        exact figure can settle the condition, so the chat asks for it once."""
        self.asks = asks
        """Fields not yet given that would settle a finding left for review or only explained (the notice
        date of an evaluation round, the date verification was passed): a flow asks them."""

    def __repr__(self) -> str:
        return f"Result({self.outcome.value}, {self.message!r})"


class Finding:
    """One condition's outcome under one clause: the rule's Result with the rule id and citation.

    Wraps the Result rather than copying its ten fields, which is most of what a run costs.
    """

    __slots__ = ("rule", "citation", "result", "counts")

    def __init__(self, rule: str, citation: Citation, result: Result):
        self.rule = rule
        self.citation = citation
        self.result = result
        self.counts = result.basis is not Basis.info
        """Whether the finding takes part in the verdict (calendars and explanations do not)."""

    outcome = property(lambda self: self.result.outcome)
    message = property(lambda self: self.result.message)
    figures = property(lambda self: self.result.figures)
    threshold = property(lambda self: self.result.threshold)
    gap = property(lambda self: self.result.gap)
    missing = property(lambda self: self.result.missing)
    basis = property(lambda self: self.result.basis)
    verified_by = property(lambda self: self.result.verified_by)
    convention = property(lambda self: self.result.convention)
    details = property(lambda self: self.result.details)
    uncertain = property(lambda self: self.result.uncertain)

    def __repr__(self) -> str:
        return f"Finding({self.rule}, {self.outcome.value}, {self.message!r})"

    def to_dict(self) -> dict:
        return {
            "rule": self.rule, "citation": self.citation.to_dict(), "outcome": self.outcome.value,
            "outcome_label": OUTCOME_LABELS[self.outcome], "message": self.message,
            "figures": _jsonable(self.figures), "threshold": self.threshold,
            "gap": self.gap.to_dict() if self.gap else None, "missing": list(self.missing),
            "basis": self.basis.value, "verified_by": self.verified_by, "convention": self.convention,
            "counts": self.counts, "details": _jsonable(self.details) if self.details else None,
            "uncertain": list(self.uncertain),
        }


@dataclass(frozen=True, slots=True)
class MeasureStatus:
    measure: str
    title: str
    version: str
    number: str
    in_force: bool
    state: str  # not_yet | in_force | expired
    effective_from: date
    effective_until: date
    expires_soon: bool
    message: str

    def to_dict(self) -> dict:
        return {"measure": self.measure, "title": self.title, "version": self.version, "number": self.number,
                "in_force": self.in_force,
                "state": self.state, "effective_from": self.effective_from.isoformat(),
                "effective_until": self.effective_until.isoformat(),
                "expires_soon": self.expires_soon, "message": self.message}


@dataclass(frozen=True, slots=True)
class FixItem:
    """One entry of the 'fix first' list: the clause, the figure and how far off it is."""

    citation: str
    label: str
    outcome: Outcome
    field: str | None
    gap: Gap | None
    message: str

    def to_dict(self) -> dict:
        return {"citation": self.citation, "label": self.label, "outcome": self.outcome.value,
                "field": self.field, "gap": self.gap.to_dict() if self.gap else None,
                "message": self.message}


@dataclass(slots=True)
class CheckReport:
    check: str
    title: str
    measure: str
    as_of: date
    verdict: Verdict
    summary: str
    findings: tuple[Finding, ...]
    by_citation: dict[str, Outcome]
    missing: tuple[str, ...]
    fix_first: tuple[FixItem, ...]
    measures: tuple[MeasureStatus, ...]
    notices: tuple[str, ...]
    details: dict

    def to_dict(self) -> dict:
        from ._fields import fields  # late: the field registry imports nothing from here

        FIELDS = fields()
        return {
            "check": self.check, "title": self.title, "measure": self.measure,
            "as_of": self.as_of.isoformat(), "verdict": self.verdict.value,
            "verdict_label": VERDICT_LABELS[self.verdict], "summary": self.summary,
            "findings": [f.to_dict() for f in self.findings],
            "by_citation": {k: v.value for k, v in self.by_citation.items()},
            "missing": [{"field": m, "label": FIELDS[m].label if m in FIELDS else m} for m in self.missing],
            "fix_first": [x.to_dict() for x in self.fix_first],
            "measures": [m.to_dict() for m in self.measures],
            "notices": list(self.notices), "details": _jsonable(self.details),
        }


def _jsonable(value: Any) -> Any:
    from ._reading import to_json

    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, date) or hasattr(value, "said") or repr(value) == "NEVER":
        return to_json(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value
