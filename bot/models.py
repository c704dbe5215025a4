"""The engine's data: the dialog state it keeps between turns and the turn it hands to a channel.

Both are pydantic so that a state goes to SQLite and back as JSON unchanged, and a turn is the
same JSON whether the web page or the Telegram adapter renders it. A turn says *what* to show
(blocks of text, answers with citations, a review, a result table) and *what to offer* (a prompt
with its input type, buttons); how it looks is the channel's business.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from knowledge import Citation

Mode = Literal["idle", "asking", "review", "done"]
Tone = Literal["info", "notice", "warning", "error", "success"]
Outcome = Literal["met", "not_met", "needs_review", "unknown"]

REVIEW = "__review__"


class DialogState(BaseModel):
    """Everything the engine needs to continue a conversation; nothing else is kept anywhere.

    Invariants (held by the engine, checked by tests/bot/test_bot_properties.py): mode is "idle"
    exactly when flow is None; current is set exactly when mode is "asking", and is then in the
    flow's plan; return_to is set only while asking; asked holds only answered or skipped fields;
    pending concerns the current field.
    """

    mode: Mode = "idle"
    flow: str | None = None
    """Id of the running self-check flow (bot.flows.FLOWS), None between flows."""
    checks: list[str] = []
    """The check ids the flow will run; the health check fills them from the first answer."""
    current: str | None = None
    """The field being asked while mode is 'asking'."""
    answers: dict[str, Any] = {}
    """Field → value in JSON form (numbers, ISO dates, booleans, lists); skipped fields are absent."""
    skipped: list[str] = []
    asked: list[str] = []
    """Fields in the order they were answered or skipped, so 上一步 retraces the user's own path."""
    return_to: str | None = None
    """Set while one answer is being changed (修改): where the next answer returns, REVIEW or the
    field that was open when the change began, so an edit never walks the user through the rest."""
    offered: list[str] = []
    """Citation ids offered as buttons by the last clarify answer, so a typed 1/2/3 picks one."""
    epoch: int = 0
    """Increases whenever a flow starts, ends or is cancelled: a button from an earlier flow is stale."""
    exact_asked: list[str] = []
    """Fields said approximately whose exact value was asked for once; the approximation then stands."""
    pending: dict[str, Any] | None = None
    """A question about the current answer only the person can settle: {"field", "options": [[value, label]…]}
    (a bare 5000000 in 万元: 元 or 万元?)."""
    attempts: int = 0
    """Unreadable replies in a row to the current field; the second one moves on, keeping it unknown."""
    stash: dict[str, Any] | None = None
    """The flow as it was before 取消, so 撤销 can bring every answer back."""
    created_at: datetime
    updated_at: datetime
    turns: int = 0


class Choice(BaseModel):
    """A button. `value` is what the channel sends back as the user's text when it is pressed."""

    label: str
    value: str
    style: Literal["primary", "default", "nav", "danger"] = "default"


class Prompt(BaseModel):
    """One figure being asked, with what a channel needs to render a fitting input."""

    field: str
    label: str
    question: str
    kind: str
    """int, wan (万元), sqm, months, percent, date, bool, choice, grades, text."""
    unit: str | None = None
    why: str
    citation: Citation | None = None
    choices: list[Choice] = []
    """For bool and choice, the options; for grades, the grade names (several may be picked, in order)."""
    multiple: bool = False
    example: str = ""
    placeholder: str = ""
    max_date: str | None = None
    step: int = 1
    total: int = 1
    """Position among every field the flow may ask (a stable total: it does not shrink as answers settle things)."""
    section: str | None = None
    """The check this question serves (its title), and its place among the flow's checks."""
    section_index: int = 1
    section_count: int = 1
    current: str | None = None
    """The answer already given to this field, shown when the user comes back to it."""
    follow_up: Literal["exact", "unit"] | None = None
    """Set when this asks again about an answer just given: its exact value, or which unit was meant."""
    multiline: bool = False


class TextBlock(BaseModel):
    type: Literal["text"] = "text"
    text: str
    tone: Tone = "info"


class AnswerBlock(BaseModel):
    """A hotline answer: status, Chinese text, the clauses quoted verbatim."""

    type: Literal["answer"] = "answer"
    status: str
    text: str
    citations: list[Citation] = []
    notices: list[str] = []
    question: str | None = None


class ReviewRow(BaseModel):
    field: str
    label: str
    value: str
    skipped: bool = False


class ReviewBlock(BaseModel):
    type: Literal["review"] = "review"
    title: str
    rows: list[ReviewRow]


class ConditionRow(BaseModel):
    """One condition of a check as the user reads it: outcome, figure against threshold, clause."""

    condition: str
    outcome: Outcome
    outcome_label: str
    figure: str | None = None
    threshold: str | None = None
    explanation: str
    citation: Citation | None = None
    needs: list[str] = []
    """For an unknown outcome, the labels of the figures that would settle it."""
    informational: bool = False
    """A calendar or explanation (publicity dates, evaluation schedule) that never decides the verdict."""
    declared: bool = False
    """A condition only a reviewer can judge: shown as the applicant's own declaration, never as verified."""
    verified_by: str | None = None


class ReportView(BaseModel):
    check: str
    title: str
    verdict: str
    verdict_label: str
    verdict_tone: Tone
    summary: str
    rows: list[ConditionRow]
    fix_first: list[str] = []
    notices: list[str] = []


class ResultBlock(BaseModel):
    type: Literal["result"] = "result"
    title: str
    headline: str
    tone: Tone
    reports: list[ReportView]
    as_of: str
    missing: list[str] = []
    """Labels of skipped figures, so the user sees what a complete answer would still need."""
    notices: list[str] = []
    """Validity warnings (a measure not in force or about to expire), each said once."""


Block = Annotated[TextBlock | AnswerBlock | ReviewBlock | ResultBlock, Field(discriminator="type")]


class Turn(BaseModel):
    """What the engine says after one input: blocks to show, the open prompt, the buttons to offer."""

    blocks: list[Block] = []
    prompt: Prompt | None = None
    choices: list[Choice] = []
    mode: Mode = "idle"
    flow: str | None = None
    expired: bool = False
    """True when this turn opens with the notice that an idle session was ended."""

    def plain_text(self) -> str:
        """The turn as plain text, for logs, the CLI and channels without rich rendering."""
        from .render_text import turn_to_text  # a view helper; kept out of the model's module

        return turn_to_text(self)
