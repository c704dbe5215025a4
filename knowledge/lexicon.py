"""The domain's vocabulary: everyday variants of the measures' terms, which measure a term points to,
and the neighbouring topics the assistant does not cover.

Data: knowledge/data/lexicon.json holds what every measure shares; each measure's folder adds its own
lexicon.json (its terms, the words that point to it, topics next to it that it does not cover), so a
measure's words leave with its folder.
"""

from __future__ import annotations

import json
import re
from functools import cache, cached_property, lru_cache, wraps

from pydantic import BaseModel

from .registry import DATA, registry
from .homophones import romanise
from .text import STOP_WORDS, fold, is_english, normalise


def _per_text(method):
    """Caches a method of the process's lexicon by its arguments: retrieval, the rules and the gate each
    read the same question, and a question's parts are read again."""
    cached = lru_cache(maxsize=4096)(lambda *args: method(lexicon(), *args))

    @wraps(method)
    def wrapper(self, *args):
        return cached(*args) if self is lexicon() else method(self, *args)
    return wrapper


class Synonym(BaseModel):
    canonical: str
    variants: list[str]
    measure: str | None = None


class Pattern(BaseModel):
    pattern: re.Pattern
    canonical: str


class OutOfScope(BaseModel):
    topic: str
    terms: list[str]
    patterns: list[re.Pattern] = []
    unless: list[str] = []
    """Words that put the question back inside the measures (the service side of a scheme whose users are out of scope)."""
    decisive: bool = False
    """Out of scope even when the question names a measure: questions from a scheme's users name it too."""
    about: list[str] = []
    """The topic's subject: where given, its terms count only in a question that names one of these
    (额度 is the user's side of a scheme only in a question about that scheme)."""

    def matches(self, text: str) -> bool:
        if self.about and not any(word in text for word in self.about):
            return False
        hit = any(term in text for term in self.terms) or any(p.search(text) for p in self.patterns)
        return hit and not any(term in text for term in self.unless)


class BareTerm(BaseModel):
    """A word that points to a measure where it stands outside the longer names in `unless`: a bare word
    names its measure beside another measure's name, but not inside another measure's longer name."""

    term: str
    unless: list[str] = []

    def names(self, text: str) -> bool:
        for longer in self.unless:
            text = text.replace(longer, "|")
        return self.term in text


class OtherRegions(BaseModel):
    """Places with schemes of their own: a place named shortly before a scheme's word (苏州的补贴, 北京…科技计划)
    puts the question outside the Shanghai measures, unless it also names Shanghai."""

    places: list[str] = []
    schemes: list[str] = []
    window: int = 10
    unless: list[str] = []
    schemes_en: list[str] = []
    unless_en: list[str] = []

    def find(self, text: str) -> str | None:
        if any(u in text for u in self.unless):
            return None
        for place in self.places:
            at = text.find(place)
            if at >= 0 and any(s in text[at + len(place):at + len(place) + self.window] for s in self.schemes):
                return place
        return None

    def find_english(self, text: str) -> str | None:
        """The same in English: a place spelt in pinyin (Beijing's programme, Jiangsu subsidies)."""
        words = re.findall(r"[a-z]+", text.lower())
        if any(u in words for u in self.unless_en):
            return None
        for i, word in enumerate(words):
            if word in self.romanised and any(w.startswith(s) for w in words[i + 1:i + 9] for s in self.schemes_en):
                return self.romanised[word]
        return None

    @cached_property
    def romanised(self) -> dict[str, str]:
        return {romanise(p): p for p in self.places}


class Lexicon(BaseModel):
    synonyms: list[Synonym]
    patterns: list[Pattern] = []
    measure_terms: dict[str, list[str]]
    bare_terms: dict[str, list[BareTerm]] = {}
    domain_terms: list[str]
    out_of_scope: list[OutOfScope]
    small_talk: dict[str, list[str]] = {}
    """Kind of small talk (human, identity, thanks, bye, greeting; in order of precedence) → its phrases."""
    other_regions: OtherRegions = OtherRegions()
    foreign_programme_suffixes: list[str] = []
    rewrites: list[tuple[re.Pattern, str]] = []

    @_per_text
    def rewrite(self, question: str) -> str:
        """Shanghainese and common typos (阿拉, 伐, 平太, 创新卷) in the measures' Mandarin."""
        for pattern, replacement in self.rewrites:
            question = pattern.sub(replacement, question)
        return question

    @_per_text
    def expand(self, question: str) -> str:
        """The question plus the canonical term of every variant it contains."""
        text = normalise(question)
        extra = [syn.canonical for syn in self.synonyms
                 if syn.canonical not in text and any(v in text for v in syn.variants)]
        extra += [p.canonical for p in self.patterns if p.pattern.search(text)]
        return text + "".join(extra)

    @_per_text
    def measures_named(self, question: str) -> frozenset[str]:
        """Measures a question points to by its own words (a longer name wins over a bare word inside it)."""
        text = normalise(question)
        named = {m for m, terms in self.measure_terms.items() if any(t in text for t in terms)}
        named |= {m for m, bare in self.bare_terms.items() if any(b.names(text) for b in bare)}
        named |= {s.measure for s in self.synonyms
                  if s.measure and any(v in text for v in [s.canonical, *s.variants])}
        return frozenset(named)

    @_per_text
    def in_domain(self, question: str) -> bool:
        """Whether the question uses any of the domain's words, in the measures' or everyday form."""
        text = self.expand(question)
        return any(term in text for term in self.vocabulary)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        terms = {*self.domain_terms, *(t for ts in self.measure_terms.values() for t in ts)}
        for s in self.synonyms:
            terms.update([s.canonical, *s.variants])
        return frozenset(terms)

    @_per_text
    def off_topic(self, question: str) -> OutOfScope | None:
        text = normalise(question)
        return next((t for t in self.out_of_scope if t.matches(text)), None)

    @_per_text
    def foreign_programme(self, question: str, law_text: str) -> str | None:
        """A programme the question names (启明星计划, 科技进步奖) that neither measure mentions."""
        text = normalise(question)
        for suffix in self.foreign_programme_suffixes:
            for m in re.finditer(f"([\u4e00-\u9fff]{{0,2}})({suffix})", text):
                if m[1] + m[2] not in law_text:
                    return m[1] + m[2]
        return None

    def other_region(self, question: str) -> str | None:
        """A place other than Shanghai whose own scheme the question asks about."""
        if is_english(question):
            return self.other_regions.find_english(fold(question))
        return self.other_regions.find(normalise(question))

    def small_talk_kind(self, question: str) -> str | None:
        """The kind of small talk a short message is (谢谢, 转人工, 你是谁, 再见, 你好), or None when it asks
        something: what is left once the phrase is taken out uses none of the domain's words."""
        english = is_english(question) or not re.search(r"[\u4e00-\u9fff]", question or "")
        text = (" ".join(re.findall(r"[a-z0-9']+", fold(question))) if english
                else normalise(self.rewrite(normalise(question))).strip("!！?？。.,，~～ "))
        if not text or len(text) > (60 if english else 16):
            return None
        for kind, phrases in self.small_talk.items():
            for phrase in phrases:
                if english and re.search(rf"\b{re.escape(phrase)}\b", text):
                    rest = [w for w in text.replace(phrase, " ").split() if w not in STOP_WORDS]
                    if len(rest) <= 2:
                        return kind
                elif not english and (phrase in text if len(phrase) >= 2 else text.startswith(phrase)):
                    if not self.in_domain(text.replace(phrase, "")):
                        return kind
        return None


_LISTS = ("synonyms", "patterns", "domain_terms", "out_of_scope", "foreign_programme_suffixes", "rewrites")


@cache
def lexicon() -> Lexicon:
    """The shared lexicon merged with every registered measure's own."""
    raw = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))
    raw.pop("_about", None)
    raw.setdefault("measure_terms", {})
    raw.setdefault("bare_terms", {})
    for measure_id, own in registry().data("lexicon.json").items():
        for key in _LISTS:
            raw.setdefault(key, []).extend(own.get(key, []))
        raw["measure_terms"][measure_id] = own.get("measure_terms", [])
        raw["bare_terms"][measure_id] = own.get("bare_terms", [])
        if stray := {s["measure"] for s in own.get("synonyms", []) if s.get("measure", measure_id) != measure_id}:
            raise ValueError(f"{measure_id}/lexicon.json tags synonyms with other measures: {stray}")
    return Lexicon.model_validate(raw)
