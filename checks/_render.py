"""Plain-text rendering of check reports, for the CLI and any channel that shows text.

Kept apart from the engine so a report's wording on screen can change without touching a rule.
"""

from __future__ import annotations

from ._fields import fields
from ._model import OUTCOME_LABELS, VERDICT_LABELS, CheckReport, Outcome

_MARKS = {Outcome.met: "✔", Outcome.not_met: "✘", Outcome.needs_review: "!", Outcome.unknown: "?"}


def render_text(reports: list[CheckReport]) -> str:
    """Each report: verdict, one line per condition, what to fix first, what is missing, notices."""
    blocks = []
    for r in reports:
        lines = [f"【{r.title}】{r.check}　结论：{VERDICT_LABELS[r.verdict]}（检查日期 {r.as_of.isoformat()}）",
                 f"  {r.summary}"]
        for f in r.findings:
            tag = "说明" if not f.counts else OUTCOME_LABELS[f.outcome]
            lines.append(f"  {_MARKS[f.outcome]} [{tag}] {f.citation.short_label}：{f.message}")
            if f.convention:
                lines.append(f"      期间计算：{f.convention}")
        if r.fix_first:
            lines.append("  优先处理：")
            for i, item in enumerate(r.fix_first, 1):
                gap = f"（差 {item.gap.amount} {item.gap.unit}）" if item.gap else ""
                lines.append(f"    {i}. {item.label}{gap}")
        if r.missing:
            lines.append("  还需提供：" + "、".join(f"{fields()[m].label}（{m}）" for m in r.missing))
        for notice in r.notices:
            lines.append(f"  提示：{notice}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "所填信息不涉及任何检查项；请至少提供一项数据，或用 --check 指定检查项。"
