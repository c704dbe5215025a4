"""Request and response models of the knowledge endpoints (/ask, /articles, /cite, /search)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field

from knowledge import Answer, Citation, Corpus, Measure, registry
from knowledge.answer import example_questions
from knowledge.limits import EARLIEST_DATE, ISO_DAY, LATEST_DATE, NON_BLANK, QUESTION_CHARS
from knowledge.model import MeasureInfo

MeasureId = Literal[tuple(registry().ids)]
"""The measures' ids as the registry finds them, so a new measure needs no code here."""



def _iso_string(value: object) -> object:
    # pydantic would read 0 or "0" as 1970-01-01 (a Unix time); a person means no such thing.
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(ISO_DAY, value)):
        return value
    raise ValueError(f"应是 {EARLIEST_DATE.year}–{LATEST_DATE.year} 年间的日期，写成 2026-05-01")


# The pattern holds the bounds (EARLIEST_DATE to LATEST_DATE are whole years), so no ge/le besides.
Day = Annotated[date, BeforeValidator(_iso_string), Field(
    json_schema_extra={"pattern": ISO_DAY},
    description=f"日期，写成 2026-05-01（{EARLIEST_DATE.year}–{LATEST_DATE.year} 年）")]
"""A date as the API accepts it: an ISO string within the years a hotline question can be about."""




class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=QUESTION_CHARS, pattern=NON_BLANK,
                          description="来电者的问题，日常中文即可", examples=example_questions()[:1])
    today: Day | None = Field(default=None, description="按哪一天判断文件是否有效；默认今天")


AskResponse = Answer


class ItemOut(BaseModel):
    id: str
    number: int
    marker: str
    label: str
    short_label: str
    text: str


class ArticleOut(BaseModel):
    id: str
    measure: MeasureId
    number: int
    numeral: str
    heading: str
    title: str | None
    chapter: str
    label: str
    short_label: str
    paragraphs: list[str]
    items: list[ItemOut]
    text: str


class ArticleSummary(BaseModel):
    id: str
    number: int
    heading: str
    chapter: str


class MeasureOut(MeasureInfo):
    in_force_today: bool
    articles: list[ArticleSummary]


class CiteResponse(BaseModel):
    query: str
    citations: list[Citation]


SearchResponse = list[Citation]


def article_out(c: Corpus, measure: Measure, number: int) -> ArticleOut | None:
    for chapter in measure.chapters:
        for art in chapter.articles:
            if art.number != number:
                continue
            whole = c.clause(f"{measure.id}-{number}")
            items = [c.clause(f"{measure.id}-{number}-{it.number}") for it in art.items]
            return ArticleOut(
                id=whole.id, measure=measure.id, number=number, numeral=art.numeral, heading=art.heading,
                title=art.title, chapter=f"第{chapter.numeral}章 {chapter.title}", label=whole.label,
                short_label=whole.short_label, paragraphs=list(art.paragraphs), text=art.text,
                items=[ItemOut(id=cl.id, number=cl.item, marker=it.marker, label=cl.label,
                               short_label=cl.short_label, text=cl.text) for it, cl in zip(art.items, items)],
            )
    return None


def measure_out(measure: Measure, today: date) -> MeasureOut:
    return MeasureOut(
        **measure.model_dump(exclude={"chapters"}),
        in_force_today=measure.in_force_on(today),
        articles=[ArticleSummary(id=f"{measure.id}-{a.number}", number=a.number, heading=a.heading,
                                 chapter=f"第{ch.numeral}章 {ch.title}")
                  for ch in measure.chapters for a in ch.articles],
    )
