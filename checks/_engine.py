"""Runs checks: applies each rule to a profile and turns the findings into a verdict and a report.

The rules decide conditions; this module decides only what follows from them: the verdict (any
unmet condition outweighs missing figures, which outweigh conditions needing review), the missing
fields, the per-citation outcome, and the order in which to fix things.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from . import _platform, _voucher
from ._fields import CORE_FIELDS, FIELDS
from ._kit import CheckSpec
from ._model import CheckReport, Finding, FixItem, MeasureStatus, Outcome, Verdict
from ._params import Params, params
from ._profile import Profile
from ._validity import measure_status

CATALOGUE: dict[str, CheckSpec] = {spec.id: spec for spec in (*_platform.CHECKS, *_voucher.CHECKS)}
MEASURES = ("platform", "voucher")

_MET, _NOT_MET, _REVIEW, _UNKNOWN = Outcome.met, Outcome.not_met, Outcome.needs_review, Outcome.unknown
_SEVERITY = (_MET, _REVIEW, _UNKNOWN, _NOT_MET)  # by index: the later, the worse
_POSITIVE = {"eligibility": Verdict.eligible, "obligation": Verdict.compliant}
_NEGATIVE = {"eligibility": Verdict.not_eligible, "obligation": Verdict.at_risk}


class UnknownCheckError(ValueError):
    """A check id that is not in the catalogue; the message is Chinese and lists the valid ids."""

    def __init__(self, unknown: list[str]):
        self.unknown = unknown
        super().__init__(f"没有这些检查项：{'、'.join(unknown)}。可选：{'、'.join(CATALOGUE)}。")


def relevant_checks(profile: Profile) -> list[str]:
    """The checks that at least one provided figure bears on, in catalogue order."""
    provided = profile.provided()
    return [spec.id for spec in CATALOGUE.values() if provided.intersection(spec.triggers or spec.fields)]


def run(profile: Profile, check_ids: Iterable[str] | None = None) -> list[CheckReport]:
    """Run the given checks (None: every check the profile's figures bear on) and report on each."""
    ids = relevant_checks(profile) if check_ids is None else list(dict.fromkeys(check_ids))
    unknown = [i for i in ids if i not in CATALOGUE]
    if unknown:
        raise UnknownCheckError(unknown)
    P = params()
    statuses = measure_statuses(profile.as_of, P)
    return [run_check(CATALOGUE[i], profile, P, statuses) for i in ids]


def measure_statuses(as_of: date, P: Params | None = None) -> tuple[MeasureStatus, ...]:
    warn = (P or params()).choices["validity.warning_months"].value
    return tuple(measure_status(m, as_of, warn) for m in MEASURES)


def run_check(spec: CheckSpec, profile: Profile, P: Params,
              statuses: tuple[MeasureStatus, ...] | None = None) -> CheckReport:
    """Apply one check's rules in order and aggregate them in one pass (this runs eleven times a request).

    by_citation gives one outcome per clause: the worst of its conditions (unmet > unknown > review >
    met). A condition that is unknown only because an added field (not one of the issue's contract
    fields) was left out does not hide what the contract figures show for that clause; a clause with
    nothing else known stays unknown. Calendars speak for a clause only when nothing else does.
    """
    statuses = statuses or measure_statuses(profile.as_of, P)
    # Lists per outcome and identity tests rather than dicts keyed by Outcome: hashing an enum
    # member runs Python code, and this loop is the hot path of every request.
    findings: list[Finding] = []
    met: list[Finding] = []
    not_met: list[Finding] = []
    review: list[Finding] = []
    unknown: list[Finding] = []
    missing: dict[str, None] = {}
    details: dict = {}
    by_citation: dict[str, Outcome] = {}
    pending: list[str] = []
    info: list[Finding] = []
    for rule in spec.rules:
        res = rule.fn(profile, P)
        outcome = res.outcome
        f = Finding(rule.id, rule.ref, res)
        findings.append(f)
        if res.details:
            details[rule.id] = res.details
        if not f.counts:
            info.append(f)
            continue
        if outcome is _MET:
            met.append(f)
        elif outcome is _NOT_MET:
            not_met.append(f)
        elif outcome is _REVIEW:
            review.append(f)
        else:
            unknown.append(f)
            missing.update(dict.fromkeys(res.missing))
            if CORE_FIELDS.isdisjoint(res.missing):
                pending.append(rule.citation)
                continue
        seen = by_citation.get(rule.citation)
        if seen is None or _SEVERITY.index(outcome) > _SEVERITY.index(seen):
            by_citation[rule.citation] = outcome
    for cid in pending:
        by_citation.setdefault(cid, _UNKNOWN)
    for f in info:
        by_citation.setdefault(f.citation.id, f.outcome)

    if not_met:
        verdict = _NEGATIVE[spec.kind]
    elif unknown:
        verdict = Verdict.incomplete
    elif review:
        verdict = Verdict.needs_review
    else:
        verdict = _POSITIVE[spec.kind]
    counted = {_MET: met, _NOT_MET: not_met, _REVIEW: review, _UNKNOWN: unknown}
    own = statuses[MEASURES.index(spec.measure)]
    notices = (own.message,) if not own.in_force or own.expires_soon else ()
    missing_fields = tuple(missing)
    return CheckReport(
        check=spec.id, title=spec.title, measure=spec.measure, as_of=profile.as_of, verdict=verdict,
        summary=_summary(spec, verdict, counted, missing_fields, own),
        findings=tuple(findings), by_citation=by_citation, missing=missing_fields,
        fix_first=_fix_first(counted), measures=statuses, notices=notices, details=details,
    )


def _fix_first(counted: dict[Outcome, list[Finding]]) -> tuple[FixItem, ...]:
    """Unmet conditions first (in the order the check lists them: removals before rectification),
    then those needing review; each with its shortfall where a figure has one."""
    return tuple(
        FixItem(f.citation.id, f.citation.short_label, f.outcome, f.gap.field if f.gap else next(iter(f.figures), None),
                f.gap, f.message)
        for f in (*counted[Outcome.not_met], *counted[Outcome.needs_review])
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
        shown = "、".join([FIELDS[m].label for m in missing[:3]])
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
