"""Runs checks: finds each measure's rules, applies them to a profile, and turns findings into a verdict.

The rules decide conditions; this module decides what follows from them: the verdict (any unmet
condition outweighs missing figures, which outweigh conditions needing review), the missing fields,
the per-clause outcome, and the order in which to fix things.

It also decides a condition on a figure said approximately. A rule sees exact values only; for a
figure known as a span (将近500万, 2024年11月), the rule runs at the ends of the span (its declared
monotone directions make the ends the extremes), and the condition is decided only when every end
gives the same outcome. Otherwise it needs review, naming the figure as it was said and the clause.
"""

from __future__ import annotations

import importlib
import itertools
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from knowledge import registry

from ._fields import fields
from ._kit import CheckSpec, Rule
from ._model import Basis, CheckReport, Finding, FixItem, MeasureStatus, Outcome, Result, Verdict
from ._params import Law, law as law_on
from ._profile import ProfileBase
from ._reading import Span, display
from ._validity import measure_status, warn_months

_MET, _NOT_MET, _REVIEW, _UNKNOWN = Outcome.met, Outcome.not_met, Outcome.needs_review, Outcome.unknown
_SEVERITY = (_MET, _REVIEW, _UNKNOWN, _NOT_MET)  # by index: the later, the worse
_POSITIVE = {"eligibility": Verdict.eligible, "obligation": Verdict.compliant}
_NEGATIVE = {"eligibility": Verdict.not_eligible, "obligation": Verdict.at_risk}
_UNBOUNDED = 10**9
"""Stands in for "no upper bound" (超过500万) when a rule runs at a span's ends: beyond every threshold."""


@cache
def catalogue() -> dict[str, CheckSpec]:
    """Every check of every registered measure: checks/rules/<measure id>.py's CHECKS, in registry order.

    A measure without a rules module simply has no checks; deleting a measure's folder and module
    leaves the others' checks as they were.
    """
    found: dict[str, CheckSpec] = {}
    for measure in registry().ids:
        try:
            module = importlib.import_module(f"checks.rules.{measure}")
        except ModuleNotFoundError as err:
            if err.name != f"checks.rules.{measure}":
                raise
            continue
        for spec in module.CHECKS:
            if spec.measure != measure:
                raise ValueError(f"check {spec.id} in checks/rules/{measure}.py belongs to {spec.measure}")
            found[spec.id] = spec
    return found


class UnknownCheckError(ValueError):
    """A check id that is not in the catalogue; the message is Chinese and lists the valid ids."""

    def __init__(self, unknown: list[str]):
        self.unknown = unknown
        super().__init__(f"没有这些检查项：{'、'.join(unknown)}。可选：{'、'.join(catalogue())}。")


def relevant_checks(profile: ProfileBase) -> list[str]:
    """The checks that at least one provided figure bears on, in catalogue order."""
    provided = profile.provided()
    return [spec.id for spec in catalogue().values() if provided.intersection(spec.triggers or spec.fields)]


def run(profile: ProfileBase, check_ids: Iterable[str] | None = None) -> list[CheckReport]:
    """Run the given checks (None: every check the profile's figures bear on) and report on each."""
    ids = relevant_checks(profile) if check_ids is None else list(dict.fromkeys(check_ids))
    specs = catalogue()
    unknown = [i for i in ids if i not in specs]
    if unknown:
        raise UnknownCheckError(unknown)
    law = law_on(profile.as_of)
    statuses = measure_statuses(profile.as_of, law)
    return [run_check(specs[i], profile, law, statuses) for i in ids]


def measure_statuses(as_of: date, law: Law | None = None) -> tuple[MeasureStatus, ...]:
    months = warn_months(law or law_on(as_of))
    return tuple(measure_status(m, as_of, months) for m in registry().ids)


# ----------------------------------------------------------------------------------------- one rule

def apply(rule: Rule, profile: ProfileBase, law: Law) -> Result:
    """The rule's finding, deciding on approximate figures only where their whole span agrees."""
    spans = {f: v for f in rule.fields if isinstance(v := getattr(profile, f, None), Span)}
    if not spans:
        return rule.fn(profile, law)
    blind = [f for f in spans if f not in rule.monotone]
    if blind:
        # A rule that does not declare how a figure moves it cannot be decided from the span's ends.
        return _unsettled(rule, profile, law, blind, [])
    ends = [[(f, _end(v.low)), (f, _end(v.high))] for f, v in spans.items()]
    results = [rule.fn(profile.model_copy(update=dict(corner)), law) for corner in itertools.product(*ends)]
    outcomes = {r.outcome for r in results}
    if _UNKNOWN in outcomes:
        # Another figure is still missing: ask for it first; the span is judged once it is there.
        return next(r for r in results if r.outcome is _UNKNOWN)
    if len(outcomes) > 1:
        return _unsettled(rule, profile, law, list(spans), results)
    # Every value the words allow gives the same outcome: say it with the figure as it was said.
    said = rule.fn(profile.model_copy(update={f: v.shown for f, v in spans.items()}), law)
    quoted = "、".join(f"“{v.said}”" for v in spans.values() if v.said)
    note = f"（您填写的是{quoted}，在其可能的范围内结论都相同。）" if quoted else ""
    return Result(results[0].outcome, said.message.rstrip("。") + "。" + note, {**said.figures, **spans},
                  said.threshold, said.gap, said.missing, said.basis, said.verified_by, said.convention, said.details,
                  asks=tuple(dict.fromkeys(a for r in results for a in r.asks)))


def _end(value: Any) -> Any:
    return _UNBOUNDED if value is None else value


def _unsettled(rule: Rule, profile: ProfileBase, law: Law, names: list[str], results: list[Result]) -> Result:
    """needs_review for a condition that the approximate figures cannot settle: what was said, what the
    clause requires, and that an exact figure decides it."""
    specs = fields()
    where = law.label(rule.citation)
    said = "；".join(f"{specs[f].label}是{display(specs[f], getattr(profile, f))}" for f in names)
    words = next((w for r in results if (w := _words(r.threshold))), None)
    requirement = f"要求“{words}”" if words else "有明确的要求"
    kinds = {specs[f].kind for f in names}
    exact = "准确日期" if kinds == {"date"} else "准确金额" if kinds == {"wan"} else "准确数字"
    spread = ""
    if results:
        shown = "、".join(dict.fromkeys(_OUTCOME_WORDS[r.outcome] for r in results))
        spread = f"按这个范围内不同的值，结论可能是{shown}，"
    return Result(Outcome.needs_review, f"您填写的{said}，{where}{requirement}；{spread}请核实{exact}后再判断。",
                  {f: getattr(profile, f) for f in names}, next((r.threshold for r in results if r.threshold), None),
                  basis=Basis.figure, uncertain=tuple(names), asks=tuple(dict.fromkeys(a for r in results for a in r.asks)))


def _words(threshold: dict | None) -> str | None:
    """The clause's words for a threshold, or for each alternative of an any_of / all_of."""
    if not threshold:
        return None
    if "words" in threshold:
        return threshold["words"]
    parts = [t["words"] for t in threshold.get("any_of", threshold.get("all_of", [])) if t.get("words")]
    joiner = "”或“" if "any_of" in threshold else "”，且“"
    return joiner.join(parts) or None


_OUTCOME_WORDS = {_MET: "满足", _NOT_MET: "不满足", _REVIEW: "需复核", _UNKNOWN: "待补充"}


# ----------------------------------------------------------------------------------------- one check

def run_check(spec: CheckSpec, profile: ProfileBase, law: Law,
              statuses: tuple[MeasureStatus, ...] | None = None) -> CheckReport:
    """Apply one check's rules in order and aggregate them in one pass.

    by_citation gives one outcome per clause: the worst of its conditions (unmet > unknown > review >
    met). A condition that is unknown only because a field outside the public contract (not core)
    was left out does not hide what the contract figures show for that clause; a clause with nothing
    else known stays unknown. Calendars speak for a clause only when nothing else does.
    """
    statuses = statuses or measure_statuses(profile.as_of, law)
    core = _core_fields()
    findings: list[Finding] = []
    counted: dict[Outcome, list[Finding]] = {_MET: [], _NOT_MET: [], _REVIEW: [], _UNKNOWN: []}
    missing: dict[str, None] = {}
    details: dict = {}
    by_citation: dict[str, Outcome] = {}
    pending: list[str] = []
    info: list[Finding] = []
    for rule in spec.rules:
        res = apply(rule, profile, law)
        f = Finding(rule.id, law.cite(rule.citation), res)
        findings.append(f)
        if res.details:
            details[rule.id] = res.details
        if not f.counts:
            info.append(f)
            continue
        counted[res.outcome].append(f)
        if res.outcome is _UNKNOWN:
            missing.update(dict.fromkeys(res.missing))
            if core.isdisjoint(res.missing):
                pending.append(rule.citation)
                continue
        seen = by_citation.get(rule.citation)
        if seen is None or _SEVERITY.index(res.outcome) > _SEVERITY.index(seen):
            by_citation[rule.citation] = res.outcome
    for cid in pending:
        by_citation.setdefault(cid, _UNKNOWN)
    for f in info:
        by_citation.setdefault(f.citation.id, f.outcome)

    if counted[_NOT_MET]:
        verdict = _NEGATIVE[spec.kind]
    elif counted[_UNKNOWN]:
        verdict = Verdict.incomplete
    elif counted[_REVIEW]:
        verdict = Verdict.needs_review
    else:
        verdict = _POSITIVE[spec.kind]
    own = next(s for s in statuses if s.measure == spec.measure)
    notices = (own.message,) if not own.in_force or own.expires_soon else ()
    missing_fields = tuple(missing)
    return CheckReport(
        check=spec.id, title=spec.title, measure=spec.measure, as_of=profile.as_of, verdict=verdict,
        summary=_summary(spec, verdict, counted, missing_fields, own),
        findings=tuple(findings), by_citation=by_citation, missing=missing_fields,
        fix_first=_fix_first(counted), measures=statuses, notices=notices, details=details,
    )


@cache
def _core_fields() -> frozenset[str]:
    return frozenset(name for name, spec in fields().items() if spec.core)


def _fix_first(counted: dict[Outcome, list[Finding]]) -> tuple[FixItem, ...]:
    """Unmet conditions first (in the order the check lists them: removals before rectification),
    then those needing review; each with its shortfall where a figure has one."""
    return tuple(
        FixItem(f.citation.id, f.citation.short_label, f.outcome, f.gap.field if f.gap else next(iter(f.figures), None),
                f.gap, f.message)
        for f in (*counted[_NOT_MET], *counted[_REVIEW])
    )


_HEADS = {
    Verdict.eligible: "按所填信息，各项条件均满足", Verdict.compliant: "按所填信息，未发现不符合之处",
    Verdict.not_eligible: "按所填信息，目前不符合条件", Verdict.at_risk: "按所填信息，存在风险",
    Verdict.needs_review: "没有明确不满足的条件，但有事项需人工复核", Verdict.incomplete: "信息不全，暂不能下结论",
}


def _labels(findings: list[Finding]) -> str:
    return "、".join(dict.fromkeys([f.citation.short_label for f in findings]))


def _summary(spec: CheckSpec, verdict: Verdict, counted: dict[Outcome, list[Finding]], missing: tuple[str, ...],
             status: MeasureStatus) -> str:
    """One sentence: the verdict, then what is unmet, missing and to be reviewed, with the clauses."""
    text = f"{spec.title}：{_HEADS[verdict]}"
    parts = []
    if bad := counted[_NOT_MET]:
        parts.append(f"{len(bad)} 项不满足（{_labels(bad)}）")
    if missing:
        specs = fields()
        shown = "、".join([specs[m].label for m in missing[:3]])
        parts.append(f"还缺 {len(missing)} 项信息（{shown}{'等' if len(missing) > 3 else ''}）")
    if review := counted[_REVIEW]:
        parts.append(f"{len(review)} 项需人工复核（{_labels(review)}）")
    if parts:
        text += "——" + "；".join(parts)
    declared = {f.verified_by for f in counted[_MET] if f.verified_by}
    if declared:
        text += f"；自述事项以{'、'.join(sorted(declared))}为准"
    if not status.in_force:
        text += f"；注意：{status.message.rstrip('。')}"
    return text + "。"

