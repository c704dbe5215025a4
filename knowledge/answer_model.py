"""The shape of a hotline answer, shared by the API, the CLI and the dialog engine."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from .model import Clause, ClauseRef, English


class Status(StrEnum):
    answered = "answered"
    clarify = "clarify"
    no_match = "no_match"


class Citation(ClauseRef):
    """A clause as it is quoted to a caller: stable id, labels, verbatim text, and its rank score."""

    model_config = ConfigDict(frozen=False)

    text: str
    score: float | None = None
    english: English | None = None
    """In an answer to an English question, the clause's unofficial English reference translation, where there
    is one; the Chinese text prevails."""

    @classmethod
    def of(cls, clause: Clause, score: float | None = None, english: bool = False) -> "Citation":
        """The one way to quote a clause: its reference fields, its verbatim text, its rank score, and for a
        caller who asked in English its English rendering (a Chinese answer does not carry it)."""
        return cls(**{k: getattr(clause, k) for k in ClauseRef.model_fields}, text=clause.text,
                   score=None if score is None else round(score, 4), english=clause.english if english else None)


class Answer(BaseModel):
    status: Status
    answer: str
    language: str = "zh"
    """The language of `answer` and `notices`: "en" for a question asked in English, else "zh"."""
    citations: list[Citation] = []
    """The clauses quoted or offered; for no_match, empty, or the one clause the question is about when it asks
    for a value (an amount, a period, a phone number) that clause does not state."""
    notices: list[str] = []
    """Validity warnings (a measure that expires soon or has expired) and pointers to the self-check."""
    suggest_check: str | None = None
    """Id of the self-check flow (a measure's id) when the question is really about eligibility."""
