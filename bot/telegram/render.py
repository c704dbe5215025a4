"""Turns an engine turn into what Telegram accepts: HTML messages of at most 4096 characters and
inline keyboards whose callback data fits in 64 bytes.

The words and their escaping come from bot.render_text (shared with the CLI); this module only
knows Telegram's limits and a phone's screen. A result goes out as one short message (verdict, what
fails, what to fix first, at most SUMMARY_LIMIT characters) with the full table behind a button;
long keyboards are paged, with labels shortened to fit a row. A long message is cut where a reader
would pause: between blocks first, then between lines, then inside a quoted clause (closing and
reopening its tags so every piece is valid HTML on its own), and only as a last resort inside a line.
"""

from __future__ import annotations

import re
import unicodedata

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ..models import Choice, ResultBlock, Turn
from ..render_text import block_to_text, prompt_to_text, result_to_text

TELEGRAM_LIMIT = 4096
CHUNK_LIMIT = 4000
"""Below Telegram's 4096 so the mark added when a button is pressed still fits the edited message."""

_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|[\s\S]")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


SUMMARY_LIMIT = 1000
DETAILS = Choice(label="查看完整结果", value="tg:details", style="primary")
"""Handled by the adapter, never sent to the engine: shows the full table of the last result."""
_MARK = {"not_met": "❌", "needs_review": "⚠️", "unknown": "❔"}


def turn_html(turn: Turn) -> str:
    """All blocks, then the open prompt, separated by blank lines (safe split points); a result as its summary."""
    others = [block_to_text(b, html=True) for b in turn.blocks if not isinstance(b, ResultBlock)]
    if turn.prompt is not None:
        others.append(prompt_to_text(turn.prompt, html=True))
    budget = SUMMARY_LIMIT - sum(utf16_len(p) + 2 for p in others if p)
    parts = [result_summary(b, budget) if isinstance(b, ResultBlock) else block_to_text(b, html=True)
             for b in turn.blocks]
    if turn.prompt is not None:
        parts.append(others[-1])
    return "\n\n".join(p for p in parts if p)


def result_summary(block: ResultBlock, limit: int = SUMMARY_LIMIT) -> str:
    """The verdict, what fails and what to fix first, within `limit` UTF-16 units of HTML.

    Lines are taken in order of importance — each check's verdict, then what fails, then what to do
    first — and the rest is left to the full table behind the button, which the last line names.
    """
    head = [f"<b>{escape(block.title, quote=False)}</b>", escape(block.headline, quote=False)]
    tail = "完整结果（每项条件的数字、条款原文与有效期说明）请点下方“查看完整结果”。"
    verdicts, failing, fixes = [], [], []
    for report in block.reports:
        verdicts.append(f"<b>{escape(f'{report.title}：{report.verdict_label}', quote=False)}</b>")
        for row in report.rows:
            if row.informational or row.outcome == "met":
                continue
            where = f"（{row.citation.short_label}）" if row.citation else ""
            failing.append(escape(f"{_MARK[row.outcome]} {row.outcome_label}｜{row.condition}{where}", quote=False))
        fixes += [escape(f"先处理：{item}", quote=False) for item in report.fix_first[:2]]
    lines = list(head)
    used = sum(utf16_len(x) + 1 for x in lines) + utf16_len(tail)
    left_out = 0
    for line in [*(verdicts if len(block.reports) > 1 else []), *failing, *fixes]:
        cost = utf16_len(line) + 1
        if used + cost + 12 > limit:
            left_out += 1
            continue
        lines.append(line)
        used += cost
    if left_out:
        lines.append(f"……另有 {left_out} 条")
    return "\n".join([*lines, tail])


def result_html(block: ResultBlock) -> str:
    """The full result: every condition with its figures and clause, as the web page shows it."""
    return result_to_text(block, html=True)


def split_html(html: str, limit: int = CHUNK_LIMIT) -> list[str]:
    """Splits Telegram HTML into pieces of at most `limit` UTF-16 units, each valid on its own.

    Break points, best first: a blank line outside any tag (between blocks), a line end outside any
    tag, a line end inside a tag (the tags are closed and reopened), any character boundary. Among
    equally good points the last one that fits wins, so pieces are as full as the boundaries allow.
    Tags and character references are never cut.
    """
    html = html.strip("\n")
    if not html:
        return []
    if utf16_len(html) <= limit:
        return [html]
    tokens = _TOKEN.findall(html)
    sizes = [utf16_len(t) for t in tokens]
    chunks: list[str] = []
    carried: list[tuple[str, str]] = []  # tags open at the cut, reopened at the next piece's start
    i = 0
    while i < len(tokens):
        stack = list(carried)
        size = sum(utf16_len(tag) for _, tag in stack)
        closing = sum(len(name) + 3 for name, _ in stack)
        best: tuple[int, int, list[tuple[str, str]]] | None = None
        j = i
        while j < len(tokens):
            tok = tokens[j]
            new_stack = _apply(stack, tok)
            new_closing = sum(len(name) + 3 for name, _ in new_stack) if new_stack is not stack else closing
            if size + sizes[j] + new_closing > limit:
                break
            stack, size, closing = new_stack, size + sizes[j], new_closing
            j += 1
            if tok == "\n":
                blank = j - 2 >= i and tokens[j - 2] == "\n"
                rank = (3 if blank else 2) if not stack else 1
            else:
                rank = 0
            if best is None or rank >= best[0]:
                best = (rank, j, list(stack))
        if j == len(tokens):
            piece = _open(carried) + "".join(tokens[i:]) + _close(stack)
            if piece.strip():
                chunks.append(piece.strip("\n"))
            break
        if best is None:  # one token longer than the limit: only a malformed giant tag; emit it alone
            best = (0, i + 1, _apply(list(carried), tokens[i]))
        _, cut, open_at_cut = best
        piece = _open(carried) + "".join(tokens[i:cut]) + _close(open_at_cut)
        if _visible(piece).strip():
            chunks.append(piece.strip("\n"))
        carried, i = open_at_cut, cut
        while i < len(tokens) and tokens[i] == "\n" and not carried:
            i += 1  # a piece never starts with the blank line it was cut at
    return chunks


def _apply(stack: list[tuple[str, str]], tok: str) -> list[tuple[str, str]]:
    if not tok.startswith("<"):
        return stack
    m = _TAG.match(tok)
    if not m:
        return stack
    closing, name = m[1] == "/", m[2].lower()
    if closing:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == name:
                return stack[:k] + stack[k + 1:]
        return stack
    return stack + [(name, tok)]


def _open(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _close(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _visible(piece: str) -> str:
    return re.sub(r"<[^>]*>", "", piece)


# ----------------------------------------------------------------------------- keyboards

_ROW_WIDTH = 28
"""Display columns per keyboard row (a Chinese character takes two), about a phone screen's width."""


def _width(label: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)


PAGE_SIZE = 6
"""Answer or menu buttons per page: the edit menu of the full check has 40-odd fields."""
_LABEL_WIDTH = 24


def short_label(label: str, width: int = _LABEL_WIDTH) -> str:
    """A label cut to `width` display columns with an ellipsis; what the flow calls （自述） is dropped."""
    label = label.replace("（自述）", "")
    if _width(label) <= width:
        return label
    out = ""
    for ch in label:
        if _width(out + ch) > width - 2:
            break
        out += ch
    return out + "…"


def _pages(choices: list[Choice]) -> list[list[int]]:
    main = [i for i, c in enumerate(choices) if c.style not in ("nav", "danger")]
    if len(main) <= PAGE_SIZE + 2:  # two more buttons than a page never need a page of their own
        return [main]
    return [main[i:i + PAGE_SIZE] for i in range(0, len(main), PAGE_SIZE)]


def page_count(choices: list[Choice]) -> int:
    return len(_pages(choices))


def keyboard_layout(choices: list[Choice], page: int = 0) -> list[list[int]]:
    """Rows of choice indexes: one page of answers and menu entries first, navigation (上一步, 取消) last.

    Short labels share a row (是 / 否 side by side), long ones get a row each, three at most per row.
    """
    pages = _pages(choices)
    tail = [i for i, c in enumerate(choices) if c.style in ("nav", "danger")]
    return _pack(choices, pages[min(max(page, 0), len(pages) - 1)]) + _pack(choices, tail)


def keyboard_markup(choices: list[Choice], page: int = 0) -> InlineKeyboardMarkup:
    """The inline keyboard for one page, with ‹ › buttons between the answers and the navigation."""
    rows = [[InlineKeyboardButton(short_label(choices[i].label), callback_data=callback_data(i)) for i in row]
            for row in keyboard_layout(choices, page)]
    pages = page_count(choices)
    if pages > 1:
        page = min(max(page, 0), pages - 1)
        turn = [InlineKeyboardButton("‹ 上一页", callback_data=page_data(page - 1))] if page > 0 else []
        turn.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=page_data(page)))
        if page < pages - 1:
            turn.append(InlineKeyboardButton("下一页 ›", callback_data=page_data(page + 1)))
        split = len(_pack(choices, _pages(choices)[page]))
        rows.insert(split, turn)
    return InlineKeyboardMarkup(rows)


def _pack(choices: list[Choice], indexes: list[int]) -> list[list[int]]:
    rows: list[list[int]] = []
    row: list[int] = []
    width = 0
    for i in indexes:
        w = _width(short_label(choices[i].label)) + 4  # button padding
        if row and (len(row) == 3 or width + w > _ROW_WIDTH):
            rows.append(row)
            row, width = [], 0
        row.append(i)
        width += w
    if row:
        rows.append(row)
    return rows


def callback_data(index: int) -> str:
    """A button's callback data: its position in the keyboard, never the value itself.

    A value can be longer than Telegram's 64 bytes (a Chinese label is 3 bytes a character), and
    the position only means something together with the message it was pressed on, which the
    adapter checks against the keyboard it stored; so a forged or stale press resolves to nothing.
    """
    return f"k:{index}"


def parse_callback_data(data: str | None) -> int | None:
    m = re.fullmatch(r"k:(\d{1,3})", data or "")
    return int(m[1]) if m else None


def page_data(page: int) -> str:
    """A page button's callback data; like a choice's, it only acts on the live keyboard's message."""
    return f"p:{page}"


def parse_page_data(data: str | None) -> int | None:
    m = re.fullmatch(r"p:(\d{1,3})", data or "")
    return int(m[1]) if m else None
