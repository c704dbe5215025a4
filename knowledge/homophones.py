"""Puts a domain word back where a caller typed another character of the same sound (依拖单位 → 依托单位,
公式期 → 公示期, 整该 → 整改).

Callers type with pinyin input methods, so their typos are homophones, and often near-homophones from
southern speech (zh/z, sh/s, ch/c, n/l, -ng/-n). The dictionary is the measures' own vocabulary (every
two- to four-character string their texts use at least twice, and the lexicon's terms), so a typo of
any domain word is caught, not only typos someone listed. A window is only corrected when it is
unfamiliar: some pair of its characters occurs in none of the texts the hotline knows (the measures,
the questions written per clause, the lexicon), so ordinary words are left alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from itertools import product
from typing import Iterable

from .registry import DATA
from .text import STOP_CHARS

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Sounds southern speakers (and their input methods' fuzzy modes) do not tell apart.
_FUZZY = [(re.compile(r"^([zcs])h"), r"\1"), (re.compile(r"^l"), "n"), (re.compile(r"ng$"), "n")]
MAX_DIFFERENT = {2: 1, 3: 1, 4: 2}
"""How many characters of a word of each length may be replaced: a word keeps at least half its own characters."""


@cache
def _readings() -> dict[str, tuple[str, ...]]:
    """Character → its sounds, folded by _FUZZY (from knowledge/data/pinyin.json)."""
    table = json.loads((DATA / "pinyin.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, ...]] = {}
    for reading, chars in table.items():
        if reading.startswith("_"):
            continue
        for pattern, replacement in _FUZZY:
            reading = pattern.sub(replacement, reading)
        for ch in chars:
            known = out.get(ch, ())
            if reading not in known:
                out[ch] = (*known, reading)
    return out


@cache
def _first_readings() -> dict[str, str]:
    """Character → its commonest reading, unfolded (the table lists it first)."""
    table = json.loads((DATA / "pinyin.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for reading, chars in table.items():
        for ch in chars if not reading.startswith("_") else ():
            out.setdefault(ch, reading)
    return out


def romanise(word: str) -> str:
    """北京 → beijing: how an English text spells a Chinese place."""
    readings = _first_readings()
    return "".join(readings.get(ch, ch) for ch in word)


def _keys(word: str, readings: dict[str, tuple[str, ...]]) -> Iterable[tuple[str, ...]]:
    return product(*[readings.get(ch, (ch,)) for ch in word])


def pairs(text: str) -> Iterable[str]:
    """Adjacent Chinese character pairs of `text`."""
    for run in _CJK_RUN.findall(text):
        yield from (run[i:i + 2] for i in range(len(run) - 1))


class Speller:
    def __init__(self, law: Iterable[str], vocabulary: Iterable[str], known: Iterable[str]):
        """`law`: the measures' texts (their repeated strings are the dictionary, with the lexicon's
        `vocabulary`); `known`: the written questions, whose character pairs count as ordinary wording
        once two of them use a pair."""
        counts: Counter[str] = Counter()
        for text in law:
            for run in _CJK_RUN.findall(text):
                for size in MAX_DIFFERENT:
                    counts.update(run[i:i + size] for i in range(len(run) - size + 1))
        # Strings the texts repeat are their words; two-character ones need more repeats, since a
        # pair straddling two words (责是 in 负责是) repeats too.
        words = {w: n for w, n in counts.items() if n >= (4 if len(w) == 2 else 2)}
        for term in vocabulary:
            if _CJK_RUN.fullmatch(term) and len(term) in MAX_DIFFERENT:
                words[term] = words.get(term, 0) + 2
        self.words = words
        # Written questions carry typos on purpose (so the ranker learns them): a pair only one of them
        # uses may be such a typo, so theirs count as ordinary wording from the second line that uses them.
        written = Counter(p for text in known for p in set(pairs(text)))
        self.known_pairs = {p for text in [*law, *vocabulary] for p in pairs(text)} | {
            p for p, n in written.items() if n >= 2}
        self.index: dict[tuple[str, ...], list[str]] = {}
        self.readings = _readings()
        for word in sorted(words, key=lambda w: (-words[w], w)):  # most used first
            for key in _keys(word, self.readings):
                self.index.setdefault(key, []).append(word)

    def _candidate(self, window: str, before: str, after: str) -> str | None:
        """The domain word `window` is a typo of, if there is one: it sounds the same, keeps at least half
        of the window's characters, replaces no function character, and makes familiar pairs with its
        neighbours (`before`, `after`), a function character (是, 的, 问) pairing with anything."""
        if window in self.words:
            return None
        for key in _keys(window, self.readings):
            for word in self.index.get(key, ()):
                changed = [(a, b) for a, b in zip(word, window) if a != b]
                if (0 < len(changed) <= MAX_DIFFERENT[len(window)]
                        and not any(a in STOP_CHARS or b in STOP_CHARS for a, b in changed)
                        and self._fits(before, word, after)):
                    return word
        return None

    def _fits(self, before: str, word: str, after: str) -> bool:
        edges = [p for p in (before + word[:1], word[-1:] + after) if len(p) == 2]
        return all(p in self.known_pairs or p[0] in STOP_CHARS or p[1] in STOP_CHARS for p in edges)

    def correct(self, text: str) -> str:
        """`text` (normalised) with each unfamiliar window that sounds like a domain word replaced by it."""
        return _CJK_RUN.sub(lambda m: self._run(m[0]), text)

    def _run(self, run: str) -> str:
        # Only windows holding an unfamiliar pair can be typos; most runs have none and return at once.
        unfamiliar = [run[i:i + 2] not in self.known_pairs for i in range(len(run) - 1)]
        if not any(unfamiliar):
            return run
        out, i = [], 0
        while i < len(run):
            for size in sorted(MAX_DIFFERENT, reverse=True):
                window = run[i:i + size]
                if (len(window) == size and any(unfamiliar[i:i + size - 1])
                        and (word := self._candidate(window, run[i - 1:i], run[i + size:i + size + 1]))):
                    out.append(word)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)
