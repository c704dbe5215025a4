"""Turns an engine turn into what Telegram accepts: HTML messages of at most 4096 characters and
inline keyboards whose callback data fits in 64 bytes.

The words and their escaping come from bot.render_text (shared with the CLI); this module only
knows Telegram's limits. A long result is cut where a reader would pause: between blocks first,
then between lines, then inside a quoted clause (closing and reopening its tags so every piece
is valid HTML on its own), and only as a last resort inside a line.
"""

from __future__ import annotations

import re
import unicodedata

from ..models import Choice, Turn
from ..render_text import turn_to_text

TELEGRAM_LIMIT = 4096
CHUNK_LIMIT = 4000
"""Below Telegram's 4096 so the mark added when a button is pressed still fits the edited message."""

_TOKEN = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|[\s\S]")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)")


def utf16_len(text: str) -> int:
    """Telegram measures text in UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def turn_html(turn: Turn) -> str:
    return turn_to_text(turn, html=True)


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


def keyboard_layout(choices: list[Choice]) -> list[list[int]]:
    """Rows of choice indexes: answers and menu entries first, navigation (上一步, 取消) last.

    Short labels share a row (是 / 否 side by side), long ones get a row each, three at most per row.
    """
    main = [i for i, c in enumerate(choices) if c.style not in ("nav", "danger")]
    tail = [i for i, c in enumerate(choices) if c.style in ("nav", "danger")]
    return _pack(choices, main) + _pack(choices, tail)


def _pack(choices: list[Choice], indexes: list[int]) -> list[list[int]]:
    rows: list[list[int]] = []
    row: list[int] = []
    width = 0
    for i in indexes:
        w = _width(choices[i].label) + 4  # button padding
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
