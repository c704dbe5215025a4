"""Request and response models of the knowledge endpoints (/ask, /articles, /cite, /search)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, field_validator

from knowledge import Answer, Citation, Corpus, Measure
from knowledge.answer import example_questions
from knowledge.model import MeasureInfo

MAX_QUESTION = 1000


class AskRequest(BaseModel):
    question: str = Field(description="来电者的问题，日常中文即可", examples=example_questions()[:1])
    today: date | None = Field(default=None, description="按哪一天判断文件是否有效；默认今天")

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("问题不能为空，请输入您想问的内容，例如" + "或".join(f"“{q}”" for q in example_questions()) + "。")
        if len(value) > MAX_QUESTION:
            raise ValueError(f"问题太长了（{len(value)} 字），请控制在 {MAX_QUESTION} 字以内，只保留想问的要点。")
        return value


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
    measure: str
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
