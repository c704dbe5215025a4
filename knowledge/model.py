"""Pydantic models of a measure's text: measure, chapter, article, item, and the flat clause view.

The JSON files in knowledge/data/ validate against these models on load, so a malformed edit to
the legal text fails at start-up, not in the middle of an answer.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class Item(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    marker: str
    text: str


class Article(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    numeral: str
    title: str | None = None
    paragraphs: tuple[str, ...]
    items: tuple[Item, ...] = ()

    @property
    def heading(self) -> str:
        """第七条, or 第四条（入驻基本条件） where the measure titles its articles."""
        return f"第{self.numeral}条" + (f"（{self.title}）" if self.title else "")

    @property
    def text(self) -> str:
        return "\n".join([*self.paragraphs, *(item.marker + item.text for item in self.items)])


class Chapter(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int
    numeral: str
    title: str
    articles: tuple[Article, ...]


class MeasureInfo(BaseModel):
    """One version of a measure: what it is called, who issued it, when it is in force."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    title: str
    short_title: str
    number: str
    issuer: str
    issued_on: date
    effective_from: date
    effective_until: date
    source: str
    validity_article: int


class Measure(MeasureInfo):
    chapters: tuple[Chapter, ...]
    english_title: str | None = None
    english_short_title: str | None = None
    english_clauses: dict[str, dict] = {}
    """Clause id → {"text", "lead"}: the version's unofficial English reference translation, where there is one."""

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for c in self.chapters for a in c.articles)

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day <= self.effective_until

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)


class ClauseRef(BaseModel):
    """How a clause is cited: stable id (<measure>-7-3), where it sits, its full and short labels."""

    model_config = ConfigDict(frozen=True)

    id: str
    measure: str
    version: str
    """Which text of the measure the clause is from (knowledge/measures/<measure>/measure.json)."""
    article: int
    item: int | None
    label: str
    short_label: str


class English(BaseModel):
    """A clause's unofficial English reference translation; the Chinese text prevails."""

    model_config = ConfigDict(frozen=True)

    label: str
    text: str
    context: str | None = None


class Clause(ClauseRef):
    """One citable unit: a whole article (item is None) or one of its items, with its verbatim text."""

    text: str
    context: str | None = None
    english: English | None = None

    @property
    def article_id(self) -> str:
        return f"{self.measure}-{self.article}"
