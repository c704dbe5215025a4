"""Normalisation and tokenisation of Chinese questions and clauses for retrieval.

Tokens are single characters plus adjacent character pairs: on clauses this short that ranks
colloquial questions better than dictionary word segmentation (GUIDE.md §5), and it needs no
dictionary load at start-up, which keeps the first answer well inside two seconds.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 300
"""Longer input is cut before retrieval: no hotline question needs more, and cost stays flat."""

# Function characters that carry no topic on their own; pairs containing them still count
# (有效, 能力, 委员会), so only the lone character is dropped.
STOP_CHARS = set("的了吗呢吧啊呀么是在和与或及等有要会能可以什么怎么哪些多少几个这那我们你他她它请问一下就还也都把被给让对从到上中下里个")
STOP_PAIRS = {"什么", "怎么", "哪些", "多少", "我们", "请问", "一下", "可以", "是否", "怎样", "如何", "需要",
              "有没", "没有", "能不", "不能", "是不", "会不", "要不", "这个", "那个", "一个", "现在", "情况"}
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), lower case, whitespace removed, length capped."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"\s+", "", text)[:MAX_QUESTION_CHARS]


def tokens(text: str) -> list[str]:
    """Characters and character pairs of each Chinese run; whole ASCII words and numbers."""
    out: list[str] = []
    for run in _RUNS.findall(normalise(text)):
        if not "\u4e00" <= run[0] <= "\u9fff":
            out.append(run)
            continue
        out.extend(ch for ch in run if ch not in STOP_CHARS)
        out.extend(pair for pair in map("".join, zip(run, run[1:])) if pair not in STOP_PAIRS)
    return out
