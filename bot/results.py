"""Runs the flow's checks on the collected figures and turns the reports into the result a person reads.

The checks speak in rule ids, parameter dicts and field keys; a chat result needs the verdict first,
each condition with its figure against the threshold in words, the clause one tap away (its verbatim
text attached) and the fix-first list. That translation is presentation of the checks' output, so
it lives in the engine's package and every channel shows the same result.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import checks

from . import flows
from .models import ConditionRow, ReportView, ResultBlock, Tone

# The checks' own wording, keyed by plain strings as the result view carries them.
_OUTCOME_LABELS = {k.value: v for k, v in checks.OUTCOME_LABELS.items()}
_VERDICT_LABELS = {k.value: v for k, v in checks.VERDICT_LABELS.items()}
_VERDICT_TONES: dict[str, Tone] = {"eligible": "success", "compliant": "success", "not_eligible": "error",
                                   "at_risk": "error", "needs_review": "warning", "incomplete": "notice"}
_SEVERITY = {"not_eligible": 0, "at_risk": 0, "needs_review": 1, "incomplete": 2, "eligible": 3, "compliant": 3}
# Rules that read no figure (a calendar) are named by the last part of their id.
_RULE_NAMES = {"calendar": "综合评价日程", "publicity": "公示期与入驻日期", "validity": "文件有效期"}
_OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def run_checks(flow_id: str, check_ids: list[str], answers: dict[str, Any], skipped: list[str],
               today: date) -> ResultBlock:
    profile = flows.profile(answers, today)
    reports = checks.run(profile, list(check_ids)) if check_ids else []
    views = [report_view(r) for r in reports]
    # Validity warnings are the same for every check of a measure: say each once, under the result.
    notices = list(dict.fromkeys(n for v in views for n in v.notices))
    for v in views:
        v.notices = []
    flow = flows.FLOWS[flow_id]
    missing = [flows.field(f).label for f in skipped]
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
    worst = min(views, key=lambda v: _SEVERITY.get(v.verdict, 2))
    return worst.verdict_tone


def report_view(report: Any) -> ReportView:
    verdict = str(getattr(report.verdict, "value", report.verdict))
    rows = [_row(f) for f in report.findings if str(getattr(f.basis, "value", f.basis)) != "validity"]
    notices = list(report.notices)
    fix = [_readable(item.message) for item in report.fix_first]
    return ReportView(
        check=report.check, title=report.title, verdict=verdict,
        verdict_label=_VERDICT_LABELS.get(verdict, verdict), verdict_tone=_VERDICT_TONES.get(verdict, "info"),
        summary=_readable(report.summary), rows=rows, fix_first=fix, notices=notices,
    )


@lru_cache(maxsize=1)
def _rule_fields() -> dict[str, tuple[str, ...]]:
    return {r.id: r.fields for spec in checks.CATALOGUE.values() for r in spec.rules}


def _row(finding: Any) -> ConditionRow:
    outcome = str(getattr(finding.outcome, "value", finding.outcome))
    basis = str(getattr(finding.basis, "value", finding.basis))
    names = [n for n in _rule_fields().get(finding.rule, ()) if n in checks.FIELDS]
    names = names or [n for n in dict.fromkeys([*finding.figures, *finding.missing]) if n in checks.FIELDS]
    label = "、".join(_short_label(n) for n in names[:3])
    if len(names) > 3:
        label += f"等 {len(names)} 项"
    label = label or _RULE_NAMES.get(finding.rule.rsplit(".", 1)[-1], "") or finding.citation.short_label
    if basis == "declaration":
        label += "（自述）"
    informational = basis == "info"
    return ConditionRow(
        condition=label, outcome=outcome, informational=informational,
        outcome_label="说明" if informational else _OUTCOME_LABELS.get(outcome, outcome),
        figure=_figures(finding.figures), threshold=_threshold(finding.threshold),
        explanation=_readable(finding.message), citation=flows.citation(finding.citation.id),
        needs=[_short_label(n) for n in finding.missing],
    )


# The checks name a missing field by label and API key, 成立日期（established_on）: a chat shows the label.
_FIELD_KEY = re.compile(r"\s?[（(][a-z][a-z0-9_]*[）)]")


def _readable(message: str) -> str:
    return _FIELD_KEY.sub("", message)


def _short_label(name: str) -> str:
    if name in checks.FIELDS:
        return checks.FIELDS[name].label.replace("（自述）", "")
    return name


def _figures(figures: dict[str, Any]) -> str | None:
    parts = []
    for name, value in figures.items():
        if name not in checks.FIELDS:
            continue
        shown = flows.display(name, value.isoformat() if isinstance(value, date) else value)
        parts.append(shown if len(figures) == 1 else f"{_short_label(name)} {shown}")
    return "；".join(parts) or None


def _threshold(threshold: dict | None) -> str | None:
    if not threshold:
        return None
    if "any_of" in threshold:
        return "或 ".join(filter(None, (_threshold(t) for t in threshold["any_of"])))
    if threshold.get("words"):
        return str(threshold["words"])
    if "value" in threshold:
        op = _OPS.get(str(threshold.get("op", "")), str(threshold.get("op", "")))
        return f"{op} {threshold['value']} {threshold.get('unit', '')}".strip()
    return None
