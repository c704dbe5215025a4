"""Normalisation and tokenisation of questions and clauses for retrieval.

Every question is normalised before anything else reads it: NFKC folds full-width letters, digits
and punctuation to ASCII; OpenCC's t2s turns traditional characters into the simplified ones the
measures are written in (機構 → 机构), so a question in 繁體 meets the same index, lexicon and
gate as one in 简体. OpenCC rather than zhconv: it is the maintained converter (phrase-level tables,
regular releases), loads in about 30 ms and 6 MB, and leaves every simplified question and clause of
the project unchanged (checked on all of them when it was chosen).

Tokens are single characters plus adjacent character pairs: on clauses this short that ranks
colloquial questions better than dictionary word segmentation (GUIDE.md §5), and it needs no
dictionary load at start-up. English questions keep their words (lower case, a light stem).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

MAX_QUESTION_CHARS = 400
"""Longer input is cut before retrieval: no hotline question needs more, and cost stays flat."""

# Function characters that carry no topic on their own; pairs containing them still count
# (有效, 能力, 委员会), so only the lone character is dropped.
STOP_CHARS = set("的了吗呢吧啊呀么是在和与或及等有要会能可以什么怎么哪些多少几个这那我们你他她它请问一下就还也都把被给让对从到上中下里个")
STOP_PAIRS = {"什么", "怎么", "哪些", "多少", "我们", "请问", "一下", "可以", "是否", "怎样", "如何", "需要",
              "有没", "没有", "能不", "不能", "是不", "会不", "要不", "这个", "那个", "一个", "现在", "情况"}
STOP_WORDS = set("a an the of to in on for and or is are be been was were do does did can could will would should "
                 "we our us you your i my me it its this that these those what which who whom how when where why "
                 "there any some have has had with by as at from if not no into than then so such may might must "
                 "shall about get got".split())
_RUNS = re.compile(r"[\u4e00-\u9fff]+|[a-z0-9]+(?:\.[0-9]+)?")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[a-zA-Z]{2,}")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFKC, traditional → simplified, lower case; spaces kept (English needs them)."""
    return _t2s().convert(unicodedata.normalize("NFKC", text or "")).lower()[:MAX_QUESTION_CHARS]


def normalise(text: str) -> str:
    """The folded text with whitespace removed: the form Chinese matching reads."""
    return re.sub(r"\s+", "", fold(text))


def is_english(text: str) -> bool:
    """A question written in English: Latin words with more letters than twice its Chinese characters, and
    at least two of them unless there is no Chinese at all (Thanks!)."""
    words, chinese = _LATIN.findall(text or ""), len(_CJK.findall(text or ""))
    return bool(words) and sum(map(len, words)) > 2 * chinese and (len(words) >= 2 or not chinese)


def _stem(word: str) -> str:
    # A light stem is enough to meet "applications"/"application", "assessed"/"assessment" halfway.
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def english_tokens(text: str) -> list[str]:
    """Stemmed content words and adjacent word pairs of an English text."""
    words = [_stem(w) for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOP_WORDS]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


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


_SENTENCE_END = re.compile(r"(?<=[？?；;。！!])|(?:另外|此外|其次|再者|还想问|还有个问题|顺便问)[，,：:]?")
_CLAUSE_END = re.compile(r"(?<=[，,、])")
MIN_PART = 6
"""Characters a part needs to be asked on its own; shorter pieces stay with the one before."""
LONG_SENTENCE = 40
"""A sentence this long with no question mark inside may still ask several things, one per comma."""


def parts(question: str) -> list[str]:
    """The question's parts, each of which may ask its own thing: its sentences, and the comma-separated
    pieces of a long one. A single-part question gives one part."""
    text = normalise(question) if not is_english(question) else fold(question)
    pieces = [p for p in _SENTENCE_END.split(text) if p]
    if len(pieces) == 1 and len(text) >= LONG_SENTENCE:
        pieces = [p for p in _CLAUSE_END.split(text) if p]
    merged: list[str] = []
    for piece in pieces:
        if merged and (len(piece) < MIN_PART or len(merged[-1]) < MIN_PART):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged
