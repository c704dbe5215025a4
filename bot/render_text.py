"""Renders a turn as text: plain for logs and the CLI, or Telegram-safe HTML (`html=True`).

The web page renders turns itself from JSON; a text channel needs the same content in one string.
With `html=True` every piece of user-supplied or quoted text is escaped and only the tags Telegram's
HTML parse mode accepts are used (<b>, <i>, <blockquote expandable>), so the Telegram adapter can
send the result as is, splitting at the blank lines between blocks when it is too long.
"""

from __future__ import annotations

from html import escape

from .models import AnswerBlock, Prompt, ResultBlock, ReviewBlock, TextBlock, Turn

_OUTCOME_MARK = {"met": "✅", "not_met": "❌", "needs_review": "⚠️", "unknown": "❔", "info": "ℹ️"}


def _e(text: str | None, html: bool) -> str:
    return escape(text or "", quote=False) if html else (text or "")


def _b(text: str, html: bool) -> str:
    return f"<b>{_e(text, html)}</b>" if html else text


def _quote(text: str, html: bool) -> str:
    if html:
        return f"<blockquote expandable>{_e(text, html)}</blockquote>"
    return "\n".join("> " + line for line in text.splitlines())


def block_to_text(block, html: bool = False) -> str:
    if isinstance(block, TextBlock):
        return _e(block.text, html)
    if isinstance(block, AnswerBlock):
        parts = [_e(block.text, html)]
        parts += [_e(n, html) for n in block.notices]
        return "\n".join(parts)
    if isinstance(block, ReviewBlock):
        lines = [_b(block.title, html)]
        lines += [f"· {_e(r.label, html)}：{_e(r.value, html)}" for r in block.rows]
        return "\n".join(lines)
    if isinstance(block, ResultBlock):
        return result_to_text(block, html)
    return ""


def result_to_text(block: ResultBlock, html: bool = False) -> str:
    lines = [_b(block.title, html), _e(block.headline, html)]
    for report in block.reports:
        lines.append("")
        lines.append(_b(f"{report.title}：{report.verdict_label}", html))
        lines.append(_e(report.summary, html))
        for row in report.rows:
            mark = _OUTCOME_MARK["info" if row.informational else row.outcome]
            head = f"{mark} {row.outcome_label}｜{row.condition}"
            if row.citation and row.citation.short_label != row.condition:
                head += f"（{row.citation.short_label}）"
            lines.append(_e(head, html))
            lines.append("   " + _e(row.explanation, html))
            if row.citation and html:
                lines.append(_quote(row.citation.text, html))
        if report.fix_first:
            lines.append(_b("优先处理：", html))
            lines += [f"{i}. {_e(item, html)}" for i, item in enumerate(report.fix_first, 1)]
        lines += [_e(n, html) for n in report.notices]
    if block.notices:
        lines.append("")
        lines += [_e(n, html) for n in block.notices]
    if block.missing:
        lines.append("")
        lines.append(_e("还不知道的项目：" + "、".join(block.missing) + "。补充后结论会更完整。", html))
    return "\n".join(lines)


def prompt_to_text(prompt: Prompt, html: bool = False) -> str:
    lines = [_b(f"（{prompt.step}/{prompt.total}）{prompt.question}", html)]
    if prompt.current:
        lines.append(_e(f"当前答案：{prompt.current}", html))
    lines.append(_e(f"为什么问：{prompt.why}", html))
    if prompt.citation and html:
        lines.append(_quote(f"{prompt.citation.label}\n{prompt.citation.text}", html))
    if prompt.example:
        lines.append(_e(f"例如：{prompt.example}", html))
    return "\n".join(lines)


def turn_to_text(turn: Turn, html: bool = False) -> str:
    """All blocks, then the open prompt, separated by blank lines (safe split points)."""
    parts = [block_to_text(b, html) for b in turn.blocks]
    if turn.prompt is not None:
        parts.append(prompt_to_text(turn.prompt, html))
    return "\n\n".join(p for p in parts if p)
