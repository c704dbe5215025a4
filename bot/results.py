"""Runs the flow's checks on the collected figures and turns the reports into the result a person reads.

The checks speak in rule ids, parameter dicts and field keys; a chat result needs the verdict first,
what fails before what holds, each condition with its figure against the threshold in words, the
clause one tap away (its verbatim text attached), what only a reviewer can confirm marked as declared,
and the fix-first list. That translation is presentation of the checks' output, so it lives in the
engine's package and every channel (web, print, PDF, Telegram) shows the same result.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import checks

from . import flows
from .models import ConditionRow, ReportView, ResultBlock, Tone

_OUTCOME_LABELS = {k.value: v for k, v in checks.OUTCOME_LABELS.items()}
_VERDICT_LABELS = {k.value: v for k, v in checks.VERDICT_LABELS.items()}
_VERDICT_TONES: dict[str, Tone] = {"eligible": "success", "compliant": "success", "not_eligible": "error",
                                   "at_risk": "error", "needs_review": "warning", "incomplete": "notice"}
_SEVERITY = {"not_eligible": 0, "at_risk": 0, "needs_review": 1, "incomplete": 2, "eligible": 3, "compliant": 3}
_ROW_ORDER = {"not_met": 0, "needs_review": 1, "unknown": 2, "met": 3}
# Rules that read no figure (a calendar) are named by the last part of their id.
_RULE_NAMES = {"calendar": "综合评价日程", "publicity": "公示期与入驻日期", "validity": "文件有效期"}


def run_checks(flow_id: str, check_ids: list[str], answers: dict[str, Any], skipped: list[str],
               today: date) -> ResultBlock:
    profile = flows.profile(answers, today)
    reports = checks.run(profile, list(check_ids)) if check_ids else []
    views = [report_view(r, today) for r in reports]
    # Validity warnings are the same for every check of a measure: say each once, under the result.
    notices = list(dict.fromkeys(n for v in views for n in v.notices))
    for v in views:
        v.notices = []
    views.sort(key=lambda v: _SEVERITY.get(v.verdict, 2))
    flow = flows.flows()[flow_id]
    missing = [flows.field(f, today).label for f in skipped]
    return ResultBlock(title=f"{flow.title}结果", headline=_headline(views), tone=_overall_tone(views),
                       reports=views, as_of=today.isoformat(), missing=missing, notices=notices)


def _headline(views: list[ReportView]) -> str:
    if not views:
        return "没有适用的检查。"
    if len(views) == 1:
        return f"结论：{views[0].verdict_label}"
    counts: dict[str, int] = {}
    for v in views:
        counts[v.verdict_label] = counts.get(v.verdict_label, 0) + 1
    worst = min(views, key=lambda v: _SEVERITY.get(v.verdict, 2))
    parts = "，".join(f"{label} {n} 项" for label, n in counts.items())
    return f"共 {len(views)} 项检查：{parts}。最需要关注：{worst.title}（{worst.verdict_label}）。"


def _overall_tone(views: list[ReportView]) -> Tone:
    if not views:
        return "notice"
    return min(views, key=lambda v: _SEVERITY.get(v.verdict, 2)).verdict_tone


def report_view(report: checks.CheckReport, today: date) -> ReportView:
    verdict = report.verdict.value
    rows = [_row(f, today) for f in report.findings if f.basis.value != "validity"]
    rows.sort(key=lambda r: (r.informational, _ROW_ORDER.get(r.outcome, 3)))
    return ReportView(
        check=report.check, title=report.title, verdict=verdict,
        verdict_label=_VERDICT_LABELS.get(verdict, verdict), verdict_tone=_VERDICT_TONES.get(verdict, "info"),
        summary=_readable(report.summary), rows=rows, fix_first=[_readable(i.message) for i in report.fix_first],
        notices=list(report.notices),
    )


def _row(finding: checks.Finding, today: date) -> ConditionRow:
    outcome = finding.outcome.value
    specs = checks.fields()
    names = [n for n in _rule_fields().get(finding.rule, ()) if n in specs]
    label = "、".join(_short_label(n) for n in names[:3]) + (f"等 {len(names)} 项" if len(names) > 3 else "")
    label = label or _RULE_NAMES.get(finding.rule.rsplit(".", 1)[-1], "") or finding.citation.short_label
    declared = finding.basis.value == "declaration"
    informational = finding.basis.value == "info"
    if informational:
        outcome_label = "说明"
    elif declared and outcome == "met":
        outcome_label = "自述符合（待核实）"
    else:
        outcome_label = _OUTCOME_LABELS.get(outcome, outcome)
    return ConditionRow(
        condition=label + ("（自述）" if declared else ""), outcome=outcome, informational=informational,
        outcome_label=outcome_label, figure=_figures(finding.figures), threshold=_threshold(finding.threshold),
        explanation=_readable(finding.message), citation=flows.citation(finding.citation.id, today),
        needs=[_short_label(n) for n in finding.missing], declared=declared, verified_by=finding.verified_by,
    )


def _rule_fields() -> dict[str, tuple[str, ...]]:
    return {r.id: r.fields for spec in checks.catalogue().values() for r in spec.rules}


# The checks name a missing field by label and API key, 成立日期（established_on）: a chat shows the label.
_FIELD_KEY = re.compile(r"\s?[（(][a-z][a-z0-9_]*(?:；[^）)]*)?[）)]")


def _readable(message: str) -> str:
    return _FIELD_KEY.sub("", message)


def _short_label(name: str) -> str:
    return checks.fields()[name].label.replace("（自述）", "") if name in checks.fields() else name


def _figures(figures: dict[str, Any]) -> str | None:
    parts = []
    specs = checks.fields()
    for name, value in figures.items():
        if name not in specs:
            continue
        shown = checks.display(specs[name], value)
        parts.append(shown if len(figures) == 1 else f"{_short_label(name)} {shown}")
    return "；".join(parts) or None


def _threshold(threshold: dict | None) -> str | None:
    if not threshold:
        return None
    for key, joiner in (("any_of", "；或 "), ("all_of", "；且 ")):
        if key in threshold:
            return joiner.join(filter(None, (_threshold(t) for t in threshold[key])))
    return str(threshold["words"]) if threshold.get("words") else None
