"""A typed-conversation driver for engine tests: say(text) feeds one line, press(label) a button.

A module of its own (not conftest) so test files can import it by a name no other test folder uses."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot import Engine, Turn
from bot.models import AnswerBlock, ResultBlock, ReviewBlock, TextBlock

# 10:00 in Shanghai on 2026-11-22, the project's "today".
NOW = datetime(2026, 11, 22, 2, 0, tzinfo=timezone.utc)


class Chat:
    def __init__(self, engine: Engine | None = None, now: datetime = NOW):
        self.engine = engine or Engine()
        self.now = now
        self.state, self.turn = self.engine.start(now)

    def say(self, text: str, *, after: timedelta = timedelta(seconds=5)) -> Turn:
        self.now += after
        self.state, self.turn = self.engine.handle(self.state, text, self.now)
        return self.turn

    def says(self, *lines: str) -> Turn:
        for line in lines:
            self.say(line)
        return self.turn

    def press(self, label: str) -> Turn:
        """Presses the button whose label is `label` (or starts with it), sending its value."""
        for choice in self.turn.choices:
            if choice.label == label or choice.label.startswith(label):
                return self.say(choice.value)
        raise AssertionError(f"no button {label!r} among {[c.label for c in self.turn.choices]}")

    # -------------------------------------------------------------- what the last turn shows

    @property
    def field(self) -> str | None:
        return self.turn.prompt.field if self.turn.prompt else None

    @property
    def text(self) -> str:
        return self.turn.plain_text()

    def blocks(self, kind: type) -> list:
        return [b for b in self.turn.blocks if isinstance(b, kind)]

    @property
    def errors(self) -> list[str]:
        return [b.text for b in self.blocks(TextBlock) if b.tone == "error"]

    @property
    def result(self) -> ResultBlock:
        found = self.blocks(ResultBlock)
        assert found, f"no result in turn: {self.text}"
        return found[0]

    @property
    def review(self) -> ReviewBlock:
        found = self.blocks(ReviewBlock)
        assert found, f"no review in turn: {self.text}"
        return found[0]

    @property
    def answer(self) -> AnswerBlock:
        found = self.blocks(AnswerBlock)
        assert found, f"no answer in turn: {self.text}"
        return found[0]

    def skip_to(self, field: str, *, limit: int = 60) -> None:
        """Skips prompts until the dialog asks for `field` (bounded, so a flow that never asks it fails)."""
        for _ in range(limit):
            if self.field == field:
                return
            self.say("跳过")
        raise AssertionError(f"the flow never asked {field!r}: {self.text}")

    def answer_until(self, answers: dict[str, str], *, limit: int = 60) -> None:
        """Answers every prompt from `answers` (field → typed text; '跳过' for missing) until the review."""
        for _ in range(limit):
            if self.state.mode != "asking":
                return
            field = self.field
            assert field in answers, f"unexpected question {field!r}: {self.text}"
            self.say(answers[field])
            assert not self.errors, f"{field}: {answers[field]!r} was refused: {self.errors}"
        raise AssertionError("the flow did not reach the review")
