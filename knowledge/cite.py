"""Resolves what staff type as a citation (第七条第（三）项, 7.3, Art. 7(3), a short name + 12-3) to clauses.

Every form reduces to (measure or None, article, item or None); a citation that names no measure
returns each measure that has that article and item, and one that does not exist gets a message
naming the valid range.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pydantic import BaseModel

from .corpus import Corpus
from .model import Clause
from .numerals import cn_to_int, int_to_cn
from .registry import registry

_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百]+")
_SHAPE = re.compile(
    r"^(?:art(?:icle)?\.?)?第?(\d+)条?"
    r"(?:(?:第|[.\-_/、]|款)?\(?(\d+)\)?项?)?$"
)


class Resolution(BaseModel):
    """What a citation string resolves to: the clauses, or a message saying why none."""

    query: str
    clauses: list[Clause] = []
    error: str | None = None


def _normalise(ref: str) -> str:
    # NFKC turns full-width digits and brackets into ASCII ones, so （三） and (3) parse alike.
    text = unicodedata.normalize("NFKC", ref).strip().lower()
    return re.sub(r"\s+", "", text)


@cache
def measure_names() -> tuple[tuple[str, str], ...]:
    """(name, measure id) for every name in the measures' metadata, longest first, so a long name is
    taken whole rather than as a shorter name plus a stray remainder."""
    pairs = {(_normalise(n), e.id) for e in registry().entries.values()
             for n in (*e.meta.names, *(e.meta.english.names if e.meta.english else ()))}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


@cache
def _measure_prefix() -> re.Pattern:
    return re.compile(r"^《?(" + "|".join(re.escape(n) for n, _ in measure_names()) + r")》?")


def parse(ref: str) -> tuple[str | None, int, int | None] | None:
    """'<short name>第12条第（三）项' → (measure id, 12, 3); None if it is not shaped like a citation."""
    text = _normalise(ref)
    measure = None
    if m := _measure_prefix().match(text):
        measure = dict(measure_names())[m[1]]
        text = text[m.end():]
    text = _NUMERAL.sub(lambda m: str(cn_to_int(m[0])), text)
    if not (m := _SHAPE.match(text)):
        return None
    return measure, int(m[1]), int(m[2]) if m[2] else None


def _range_message(c: Corpus, measure_id: str, article: int, item: int | None) -> str:
    measure = c.measures[measure_id]
    last = measure.articles[-1]
    art = c.article(measure_id, article)
    if art is None:
        return (f"《{measure.short_title}》共{len(measure.articles)}条（第一条至第{last.numeral}条），"
                f"没有第{int_to_cn(article)}条。")
    if not art.items:
        return f"《{measure.short_title}》{art.heading}不分项，请查整条：{measure.short_title}{article}。"
    return (f"《{measure.short_title}》第{art.numeral}条共{len(art.items)}项"
            f"（（一）至{art.items[-1].marker}），没有第（{int_to_cn(item)}）项。")


def resolve(ref: str, c: Corpus) -> Resolution:
    parsed = parse(ref)
    if parsed is None:
        return Resolution(query=ref, error=(
            "没有看懂这个条款编号。可以这样输入：第七条、第七条第（三）项、7.3、Art. 7(3)，前面可加文件简称。"))
    measure, article, item = parsed
    measures = [measure] if measure else list(c.measures)
    found = [
        clause for m in measures
        if (clause := c.clause(f"{m}-{article}" + (f"-{item}" if item else ""))) is not None
    ]
    if found:
        return Resolution(query=ref, clauses=found)
    return Resolution(query=ref, error=" ".join(_range_message(c, m, article, item) for m in measures))
