"""Resolves what staff type as a citation (第七条第（三）项, 细则12-3, Art. 7(3), 办法7.3) to clauses.

Every form reduces to (measure or None, article, item or None); a citation that names no measure
returns each measure that has that article and item, and one that does not exist gets a message
naming the valid range.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel

from .corpus import Corpus, corpus
from .model import Clause
from .numerals import cn_to_int, int_to_cn

# Longest first, so 创新券细则 is taken whole rather than as 创新券 + a stray 细则.
MEASURE_NAMES = sorted(
    [
        ("上海市专业技术服务平台建设与管理办法", "platform"), ("专业技术服务平台建设与管理办法", "platform"),
        ("专业技术服务平台办法", "platform"), ("服务平台管理办法", "platform"), ("服务平台办法", "platform"),
        ("平台管理办法", "platform"), ("平台办法", "platform"), ("办法", "platform"),
        ("服务平台", "platform"), ("平台", "platform"), ("platform", "platform"),
        ("上海市科技创新券服务机构管理实施细则", "voucher"), ("科技创新券服务机构管理实施细则", "voucher"),
        ("创新券服务机构管理实施细则", "voucher"), ("服务机构管理实施细则", "voucher"),
        ("实施细则", "voucher"), ("创新券细则", "voucher"), ("科技创新券", "voucher"),
        ("创新券", "voucher"), ("细则", "voucher"), ("voucher", "voucher"),
    ],
    key=lambda pair: -len(pair[0]),
)
_MEASURE = re.compile(r"^《?(" + "|".join(re.escape(n) for n, _ in MEASURE_NAMES) + r")》?")
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


def parse(ref: str) -> tuple[str | None, int, int | None] | None:
    """'细则第12条第（三）项' → ('voucher', 12, 3); None if it is not shaped like a citation."""
    text = _normalise(ref)
    measure = None
    if m := _MEASURE.match(text):
        measure = dict(MEASURE_NAMES)[m[1]]
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


def resolve(ref: str, c: Corpus | None = None) -> Resolution:
    c = c or corpus()
    parsed = parse(ref)
    if parsed is None:
        return Resolution(query=ref, error=(
            "没有看懂这个条款编号。可以这样输入：第七条、第七条第（三）项、7.3、细则12-3、Art. 7(3)。"))
    measure, article, item = parsed
    measures = [measure] if measure else list(c.measures)
    found = [
        clause for m in measures
        if (clause := c.clause(f"{m}-{article}" + (f"-{item}" if item else ""))) is not None
    ]
    if found:
        return Resolution(query=ref, clauses=found)
    return Resolution(query=ref, error=" ".join(_range_message(c, m, article, item) for m in measures))
