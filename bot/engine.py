"""The dialog engine: (state, what the user typed or pressed) → (new state, the turn to show).

Pure and channel-free: no HTTP, no Telegram, no storage, no clock of its own (the caller passes
`now`). The web page and the Telegram adapter both feed it text and render the `Turn` it returns,
so a conversation behaves the same everywhere and no channel decides what comes next.

Reading order for one input, which is what makes the conversation forgiving:
idle-session expiry → empty or oversized input → commands and navigation words (上一步, 取消,
修改 …, buttons) → in a flow, 跳过/不知道, a question (answered, the flow kept), then the figure
itself → outside a flow, a wish to start a self-check, then the hotline answer.
"""

from __future__ import annotations

import logging

from datetime import date, datetime, timedelta
from typing import Callable

from pydantic import ValidationError

import knowledge
from knowledge import Answer, Citation
from knowledge.answer import SHANGHAI
from knowledge.limits import MESSAGE_CHARS

from . import flows, intents
from .figures import Parsed, Unreadable, is_skip, normalise, parse_value
from .models import (REVIEW, AnswerBlock, Choice, DialogState, Prompt, ReviewBlock, ReviewRow, TextBlock, Turn,
                     utcnow)
from .results import run_checks


log = logging.getLogger(__name__)
INTERNAL_ERROR = "抱歉，处理这条消息时出了问题，已记录下来；您之前填写的内容都还在，请换一种说法再试，或说“取消”。"
MAX_INPUT_CHARS = MESSAGE_CHARS
"""Longer input is not read at all: no figure or hotline question needs it, and cost stays flat."""
DEFAULT_IDLE = timedelta(minutes=30)

GREETING = ("您好！我是上海科技政策助手，可以：\n"
            "· 解答《上海市专业技术服务平台建设与管理办法》和《上海市科技创新券服务机构管理实施细则》的条款问题，原文引用并注明出处；\n"
            "· 带您逐项自检：能否申请服务平台、能否入驻创新券平台，以及已在其中的机构有哪些义务和风险；\n"
            "· 按条款编号查原文，例如“第七条第（三）项”或“细则12-3”。\n"
            "直接输入问题，或选择下面的自检。")
HELP = ("使用说明：\n"
        "· 直接提问，例如“申请服务平台需要多少固定人员？”；\n"
        "· 输入条款编号查原文，例如“第七条第（三）项”“7.3”“细则12-3”；\n"
        "· 自检时逐项回答，数字可以写成“500万”“五百万”“0.05亿”，日期写成“2023年5月”或“2023-05-01”；\n"
        "· 自检中可以说“上一步”“跳过”（不知道时）、“修改 人数”“取消”，也可以随时插问条款，回答后继续自检。")

Ask = Callable[[str, date], Answer]


def _default_ask(question: str, today: date) -> Answer:
    return knowledge.ask(question, today=today)


class Engine:
    """Stateless apart from configuration: one instance serves every conversation, from any thread."""

    def __init__(self, *, idle_timeout: timedelta | None = DEFAULT_IDLE, ask: Ask = _default_ask):
        self.idle_timeout = idle_timeout
        self._ask = ask

    # ------------------------------------------------------------------ public API

    def new_state(self, now: datetime | None = None) -> DialogState:
        now = now or utcnow()
        return DialogState(created_at=now, updated_at=now)

    def welcome(self, state: DialogState | None = None) -> Turn:
        """The opening turn of a conversation: greeting and the self-check menu."""
        state = state or self.new_state()
        return Turn(blocks=[TextBlock(text=GREETING)], choices=self._menu_choices(state), mode=state.mode)

    def start(self, now: datetime | None = None) -> tuple[DialogState, Turn]:
        state = self.new_state(now)
        return state, self.welcome(state)

    def handle(self, state: DialogState, text: str | None, now: datetime | None = None) -> tuple[DialogState, Turn]:
        """One turn. Never raises on user input; the returned state replaces the old one."""
        now = now or utcnow()
        before = state
        state, notice = self._expire(state.model_copy(deep=True), now)
        state.turns += 1
        state.updated_at = now
        try:
            turn = self._dispatch(state, text if isinstance(text, str) else "", self._today(now))
        except Exception:
            # A bug must cost the user one reply, never the conversation: keep the state as it was.
            log.exception("dialog turn failed; conversation kept as it was (mode=%s, flow=%s)", before.mode, before.flow)
            return before, self._apology(before, now)
        if not turn.blocks and turn.prompt is None:
            turn.blocks.append(TextBlock(text="请直接提问，或选择下面的一项自检。"))
        turn.mode, turn.flow = state.mode, state.flow
        if notice is not None:
            turn.blocks.insert(0, notice)
            turn.expired = True
        return state, turn

    def _apology(self, state: DialogState, now: datetime) -> Turn:
        try:
            turn = self.current(state, now)
        except Exception:
            turn = Turn(blocks=[], choices=self._menu_choices(state), mode=state.mode)
        turn.blocks.insert(0, TextBlock(tone="error", text=INTERNAL_ERROR))
        return turn

    def expire_if_idle(self, state: DialogState, now: datetime | None = None) -> tuple[DialogState, Turn | None]:
        """Ends a flow idle past the timeout; returns the notice turn, or None if nothing ended.

        Channels call this when a user comes back (page reload) or on a timer (Telegram job queue),
        so the notice can be shown before the user types anything.
        """
        state, notice = self._expire(state.model_copy(deep=True), now or utcnow())
        if notice is None:
            return state, None
        state.updated_at = now or utcnow()
        return state, Turn(blocks=[notice], choices=self._menu_choices(state), mode=state.mode, expired=True)

    def current(self, state: DialogState, now: datetime | None = None) -> Turn:
        """The open prompt or review again, without changing anything (to restore a screen)."""
        return self._resume(state, self._today(now or utcnow()), [])

    # ------------------------------------------------------------------ dispatch

    def _today(self, now: datetime) -> date:
        # The measures are Shanghai's: a date in a check is the date in Shanghai.
        return now.astimezone(SHANGHAI).date()

    def _expire(self, state: DialogState, now: datetime) -> tuple[DialogState, TextBlock | None]:
        if self.idle_timeout is None or state.mode == "idle" or now - state.updated_at <= self.idle_timeout:
            return state, None
        minutes = int(self.idle_timeout.total_seconds() // 60)
        title = flows.FLOWS[state.flow].title if state.flow in flows.FLOWS else "自检"
        fresh = self.new_state(now)
        fresh.created_at, fresh.turns = state.created_at, state.turns
        return fresh, TextBlock(tone="notice", text=(
            f"由于超过 {minutes} 分钟没有操作，上次的“{title}”已自动结束，填写的内容没有保留。"
            "如需继续，请重新开始自检。"))

    def _dispatch(self, state: DialogState, text: str, today: date) -> Turn:
        if len(text) > MAX_INPUT_CHARS:
            return self._resume(state, today, [TextBlock(tone="error", text=(
                f"内容太长了（{len(text)} 个字符），请精简到 {MAX_INPUT_CHARS} 字以内再发送。"))])
        if not normalise(text):
            return self._resume(state, today, [TextBlock(tone="error", text="没有收到内容，请输入文字。")])
        cmd = intents.command(text)
        if cmd is not None:
            return self._command(state, cmd, text, today)
        return self._not_a_command(state, text, today)

    def _command(self, state: DialogState, cmd: intents.Command, text: str, today: date) -> Turn:
        name, arg = cmd.name, cmd.arg
        if name == "flow":
            if arg not in flows.FLOWS:
                return self._resume(state, today, [TextBlock(tone="error", text="没有这个自检项目，请从菜单中选择。")])
            return self._start_flow(state, arg, today)
        if name in ("cite", "pick"):
            return self._cite(state, arg, today)
        if name == "ask":
            return self._question(state, arg, today)
        if name == "help":
            return self._resume(state, today, [TextBlock(text=HELP)])
        if name == "menu":
            return self._menu(state, today)
        if name == "cancel":
            return self._cancel(state)
        if name == "back":
            return self._back(state, today)
        if name == "edit":
            if cmd.loose and (state.flow is None or state.mode == "idle"
                              or flows.match_field(arg, flows.all_fields(state.flow, state.answers))[0] is None):
                return self._not_a_command(state, text, today)
            return self._edit(state, arg, today)
        if name == "restart":
            flow = state.flow
            if flow is None:
                return self._menu(state, today)
            state.answers, state.skipped = {}, []
            return self._start_flow(state, flow, today)
        if name == "keep":
            if state.mode == "asking" and (state.current in state.answers or state.current in state.skipped):
                return self._advance(state, today, [])
            return self._resume(state, today, [])
        if name == "confirm":
            if state.mode == "review":
                return self._result(state, today)
            if state.mode == "asking":
                return self._answer(state, text, today)
            if state.mode == "done":
                return self._result(state, today)
            return self._free_text(state, text, today)
        return self._resume(state, today, [])

    def _not_a_command(self, state: DialogState, text: str, today: date) -> Turn:
        if state.mode == "asking":
            return self._answer(state, text, today)
        if state.mode == "review":
            return self._in_review(state, text, today)
        return self._free_text(state, text, today)

    # ------------------------------------------------------------------ flows

    def _start_flow(self, state: DialogState, flow_id: str, today: date) -> Turn:
        flow = flows.FLOWS[flow_id]
        carried = {k: v for k, v in state.answers.items() if not k.startswith("_")}
        state.mode, state.flow = "asking", flow_id
        state.answers, state.skipped, state.asked = carried, [], []
        state.return_to, state.offered, state.current = None, [], None
        state.checks = list(flow.checks)
        blocks: list = [TextBlock(text=f"开始“{flow.title}”。{flow.intro}\n"
                                       "我会一项一项地问，每项都说明依据；不知道的可以说“跳过”，"
                                       "随时可以说“上一步”“修改”或“取消”，也可以插问条款。")]
        plan = flows.plan(flow_id, state.answers, today)
        reused = [f for f in plan.fields if f in carried]
        if reused:
            blocks.append(TextBlock(tone="notice", text=(
                f"沿用了您刚才填写的 {len(reused)} 项（{'、'.join(flows.field(f).label for f in reused)}），"
                "最后确认时可以修改。")))
        return self._advance(state, today, blocks)

    def _advance(self, state: DialogState, today: date, blocks: list) -> Turn:
        plan = flows.plan(state.flow, state.answers, today)
        state.checks = list(plan.checks)
        if state.return_to is not None:
            target, state.return_to = state.return_to, None
            if target == REVIEW:
                return self._review(state, today, blocks)
            if target in plan.fields and target not in state.answers and target not in state.skipped:
                state.mode, state.current = "asking", target
                return self._ask_field(state, today, blocks)
        return self._ask_next(state, plan.fields, today, blocks)

    def _ask_next(self, state: DialogState, fields: list[str], today: date, blocks: list) -> Turn:
        nxt = self._next_field(state, fields)
        if nxt is None:
            return self._review(state, today, blocks)
        state.mode, state.current = "asking", nxt
        return self._ask_field(state, today, blocks)

    def _next_field(self, state: DialogState, fields: list[str]) -> str | None:
        """The field after the current one: unanswered, or answered earlier in this flow (re-shown after 上一步)."""
        start = fields.index(state.current) + 1 if state.current in fields else 0
        for name in fields[start:]:
            if name in state.asked or (name not in state.answers and name not in state.skipped):
                return name
        for name in fields[:start]:
            if name not in state.answers and name not in state.skipped:
                return name
        return None

    def _ask_field(self, state: DialogState, today: date, blocks: list) -> Turn:
        prompt = self._prompt(state, state.current, today)
        choices = list(self._prompt_choices(prompt))
        if state.current in state.answers or state.current in state.skipped:
            choices.append(Choice(label="保持原答案", value="/keep", style="nav"))
        if prompt.kind != "choice" or not state.current.startswith("_"):
            choices.append(Choice(label="不知道，跳过", value="跳过", style="nav"))
        if self._previous_field(state) is not None:
            choices.append(Choice(label="上一步", value="上一步", style="nav"))
        choices.append(Choice(label="取消自检", value="取消", style="danger"))
        return Turn(blocks=blocks, prompt=prompt, choices=choices)

    def _prompt(self, state: DialogState, name: str, today: date) -> Prompt:
        spec = flows.field(name)
        plan = flows.plan(state.flow, state.answers, today)
        fields = plan.fields
        step = fields.index(name) + 1 if name in fields else len(fields)
        current = None
        if name in state.answers:
            current = flows.display(name, state.answers[name])
        elif name in state.skipped:
            current = "（不知道）"
        return Prompt(
            field=name, label=spec.label, question=spec.question, kind=spec.kind, unit=spec.unit,
            why=spec.why, citation=flows.citation(cid) if (cid := flows.field_citation(name, plan.checks)) else None,
            choices=[Choice(label=label, value=label, style="primary") for _, label in spec.choices],
            multiple=spec.kind == "grades", example=spec.example, placeholder=spec.placeholder,
            max_date=None if spec.kind != "date" or spec.allow_future else today.isoformat(),
            step=step, total=len(fields), current=current,
        )

    @staticmethod
    def _prompt_choices(prompt: Prompt) -> list[Choice]:
        if prompt.kind == "bool":
            return [Choice(label="是", value="是", style="primary"), Choice(label="否", value="否", style="primary")]
        if prompt.kind == "choice":
            return list(prompt.choices)
        if prompt.kind == "grades":
            return [Choice(label="从未参加评估", value="没有", style="primary")]
        return []

    def _answer(self, state: DialogState, text: str, today: date) -> Turn:
        name = state.current
        spec = flows.field(name)
        if is_skip(text):
            state.answers.pop(name, None)
            if name not in state.skipped:
                state.skipped.append(name)
            self._mark_asked(state, name)
            return self._advance(state, today, [TextBlock(tone="notice", text=(
                f"“{spec.label}”先记为不知道；结果中会说明这一项会影响哪些结论。"))])
        if intents.looks_like_question(text) or intents.is_greeting(text):
            return self._question(state, text, today)
        try:
            parsed = parse_value(spec.kind, text, choices=spec.choices, aliases=spec.aliases, unit=spec.unit,
                                 today=today, allow_future=spec.allow_future)
            problem = flows.validate(name, parsed.value, state.answers, today)
        except Unreadable as err:
            if (flow := intents.flow_intent(text)) is not None and flow != state.flow:
                return self._start_flow(state, flow, today)
            return self._reask(state, today, err.message, err.example or spec.example, text)
        if problem:
            return self._reask(state, today, problem, spec.example, text)
        self._store(state, name, parsed)
        return self._advance(state, today, [self._echo(spec.label, parsed)])

    def _store(self, state: DialogState, name: str, parsed: Parsed) -> None:
        state.answers[name] = parsed.value
        if name in state.skipped:
            state.skipped.remove(name)
        self._mark_asked(state, name)

    @staticmethod
    def _mark_asked(state: DialogState, name: str) -> None:
        if name not in state.asked:
            state.asked.append(name)

    @staticmethod
    def _echo(label: str, parsed: Parsed) -> TextBlock:
        text = f"已记录：{label} {parsed.display}。"
        if parsed.note:
            text += parsed.note
        return TextBlock(tone="success", text=text)

    def _reask(self, state: DialogState, today: date, message: str, example: str, text: str) -> Turn:
        shown = normalise(text)
        shown = shown[:20] + ("…" if len(shown) > 20 else "")
        lines = [f"没能读懂“{shown}”：{message}"]
        if example:
            lines.append(f"例如：{example}")
        if state.answers:
            lines.append("之前填写的内容都还在。")
        return self._ask_field(state, today, [TextBlock(tone="error", text="\n".join(lines))])

    def _previous_field(self, state: DialogState) -> str | None:
        if state.mode == "asking":
            if state.current in state.asked:
                i = state.asked.index(state.current)
                return state.asked[i - 1] if i > 0 else None
            return state.asked[-1] if state.asked else None
        if state.mode in ("review", "done"):
            return state.asked[-1] if state.asked else None
        return None

    def _back(self, state: DialogState, today: date) -> Turn:
        if state.mode == "idle":
            return self._resume(state, today, [TextBlock(text="当前没有进行中的自检，无需返回。")])
        if state.mode == "done":
            return self._review(state, today, [TextBlock(text="回到确认页，可以修改任一项后重新查看结果。")])
        prev = self._previous_field(state)
        if prev is None:
            if state.mode == "review":
                fields = flows.plan(state.flow, state.answers, today).fields
                state.mode, state.current = "asking", fields[-1] if fields else None
                if state.current is None:
                    return self._cancel(state)
                return self._ask_field(state, today, [TextBlock(text="回到上一步。")])
            return self._ask_field(state, today, [TextBlock(tone="notice", text="这已经是第一个问题了。")])
        state.mode, state.current, state.return_to = "asking", prev, None
        return self._ask_field(state, today, [TextBlock(text="回到上一步。")])

    def _edit(self, state: DialogState, arg: str, today: date) -> Turn:
        if state.flow is None or state.mode == "idle":
            if not arg:
                return self._resume(state, today, [TextBlock(text="当前没有进行中的自检，没有可修改的答案。")])
            return self._free_text(state, ("修改" + arg), today)
        fields = flows.plan(state.flow, state.answers, today).fields
        if not arg:
            return self._edit_menu(state, today)
        name, rest = flows.match_field(arg, fields)
        if name is None:
            name, rest = flows.match_field(arg, flows.all_fields(state.flow, state.answers))
        if name is None:
            return self._edit_menu(state, today, [TextBlock(tone="error", text=f"没有找到“{normalise(arg)[:20]}”这一项，请从下面选择要修改的项目。")])
        spec = flows.field(name)
        if rest:
            # 修改 人数 20人: the new value came with the command, so the change is done in one turn.
            try:
                parsed = parse_value(spec.kind, rest, choices=spec.choices, aliases=spec.aliases, unit=spec.unit,
                                     today=today, allow_future=spec.allow_future)
                problem = flows.validate(name, parsed.value, state.answers, today)
            except Unreadable as err:
                problem = err.message
                parsed = None
            if parsed is not None and not problem:
                state.return_to = self._edit_return(state)
                self._store(state, name, parsed)
                state.current = name
                return self._advance(state, today, [self._echo(spec.label, parsed)])
            state.return_to = self._edit_return(state)
            state.mode, state.current = "asking", name
            return self._reask(state, today, problem or "", spec.example, rest)
        state.return_to = self._edit_return(state)
        state.mode, state.current = "asking", name
        return self._ask_field(state, today, [TextBlock(text=f"修改“{spec.label}”。")])

    @staticmethod
    def _edit_return(state: DialogState) -> str:
        """Where an edit goes back to: the review, or the question that was open when it began."""
        if state.return_to is not None:
            return state.return_to
        if state.mode == "asking" and state.current:
            return state.current
        return REVIEW

    def _edit_menu(self, state: DialogState, today: date, blocks: list | None = None) -> Turn:
        fields = flows.plan(state.flow, state.answers, today).fields
        if state.mode == "asking":
            # Mid-flow only what was already answered can change; the open question stays on screen.
            done = [f for f in fields if f in state.answers or f in state.skipped]
            if not done:
                return self._ask_field(state, today, (blocks or []) + [TextBlock(text="还没有回答过任何一项，请先回答下面的问题。")])
            turn = self._ask_field(state, today, (blocks or []) + [TextBlock(text="请选择要修改的一项，或继续回答下面的问题：")])
            turn.choices = [Choice(label=flows.field(f).label, value=f"/edit {f}") for f in done] + turn.choices
            return turn
        turn = self._review(state, today, (blocks or []) + [TextBlock(text="请选择要修改的一项：")])
        edits = [Choice(label=flows.field(f).label, value=f"/edit {f}") for f in fields]
        turn.choices = edits + [c for c in turn.choices if c.value not in ("/edit", "修改")]
        return turn

    def _review(self, state: DialogState, today: date, blocks: list) -> Turn:
        state.mode, state.current = "review", None
        fields = flows.plan(state.flow, state.answers, today).fields
        rows = []
        for name in fields:
            spec = flows.field(name)
            known = name in state.answers
            rows.append(ReviewRow(field=name, label=spec.label,
                                  value=flows.display(name, state.answers[name]) if known else "（不知道）",
                                  skipped=not known))
        title = flows.FLOWS[state.flow].title
        block = ReviewBlock(title=f"请确认“{title}”的回答", rows=rows)
        choices = [Choice(label="确认，查看结果", value="确认", style="primary"),
                   Choice(label="修改某一项", value="修改", style="default"),
                   Choice(label="上一步", value="上一步", style="nav"),
                   Choice(label="取消自检", value="取消", style="danger")]
        return Turn(blocks=[*blocks, block], choices=choices)

    def _in_review(self, state: DialogState, text: str, today: date) -> Turn:
        if (flow := intents.flow_intent(text)) is not None and flow != state.flow:
            return self._start_flow(state, flow, today)
        if intents.looks_like_question(text) or intents.is_greeting(text):
            return self._question(state, text, today)
        # 人数 20: a field and a value typed straight into the review is an edit.
        fields = flows.plan(state.flow, state.answers, today).fields
        name, rest = flows.match_field(text, fields)
        if name is not None:
            return self._edit(state, text, today)
        # "是" / "对" to 请确认 confirms; "不对" opens the list of answers to change.
        try:
            agreed = parse_value("bool", text).value
        except Unreadable:
            agreed = None
        if agreed is True:
            return self._result(state, today)
        if agreed is False:
            return self._edit_menu(state, today)
        return self._review(state, today, [TextBlock(tone="notice", text="请确认以上回答：没问题就点“确认，查看结果”；要改哪一项，说“修改”加项目名，例如“修改 固定人员”。")])

    def _result(self, state: DialogState, today: date) -> Turn:
        plan = flows.plan(state.flow, state.answers, today)
        skipped = [f for f in state.skipped if f in plan.fields]
        block = run_checks(state.flow, list(plan.checks), state.answers, skipped, today)
        state.mode, state.current = "done", None
        choices = [Choice(label="修改答案", value="修改", style="default"),
                   Choice(label="重新自检", value="/restart", style="default"),
                   Choice(label="其他自检", value="菜单", style="nav")]
        return Turn(blocks=[block], choices=choices)

    def _cancel(self, state: DialogState) -> Turn:
        if state.mode == "idle":
            return Turn(blocks=[TextBlock(text="当前没有进行中的自检。可以直接提问，或选择一项自检。")],
                        choices=self._menu_choices(state))
        title = flows.FLOWS[state.flow].title if state.flow in flows.FLOWS else "自检"
        state.mode, state.flow, state.current, state.checks = "idle", None, None, []
        state.answers, state.skipped, state.asked, state.return_to = {}, [], [], None
        return Turn(blocks=[TextBlock(tone="notice", text=f"已退出“{title}”，填写的内容没有保留。可以继续提问，或重新选择自检。")],
                    choices=self._menu_choices(state))

    def _menu(self, state: DialogState, today: date) -> Turn:
        if state.mode in ("idle", "done"):
            return Turn(blocks=[TextBlock(text="请选择要做的自检：\n" + flows.menu_text())],
                        choices=self._menu_choices(state))
        # Mid-flow the open question stays on screen: answer it, or switch to another self-check.
        block = TextBlock(text="可以换一项自检（已填写的内容会沿用），或继续回答当前问题：\n" + flows.menu_text())
        turn = self._resume(state, today, [block])
        switch = [c for c in self._menu_choices(state) if c.value.startswith("/flow ") and c.value != f"/flow {state.flow}"]
        turn.choices = switch + turn.choices
        return turn

    def _menu_choices(self, state: DialogState) -> list[Choice]:
        choices = []
        choices += [Choice(label=f.button, value=f"/flow {f.id}") for f in flows.FLOWS.values()]
        choices.append(Choice(label="使用说明", value="帮助", style="nav"))
        return choices

    # ------------------------------------------------------------------ questions

    def _free_text(self, state: DialogState, text: str, today: date) -> Turn:
        if state.offered and (pick := normalise(text)).isdigit() and 1 <= int(pick) <= len(state.offered):
            return self._cite(state, state.offered[int(pick) - 1], today)
        if (flow := intents.flow_intent(text)) is not None:
            return self._start_flow(state, flow, today)
        if intents.is_greeting(text):
            return self.welcome(state)
        return self._question(state, text, today)

    def _question(self, state: DialogState, text: str, today: date) -> Turn:
        question = text.strip()
        try:
            answer = self._ask(question, today)
        except Exception:  # noqa: BLE001 — a broken answer must not end the conversation
            log.exception("hotline answer failed inside a chat turn")
            answer = Answer(status="no_match", answer="抱歉，暂时无法回答这个问题，请换个说法再试，或拨打 12345 市民服务热线。")
        block = AnswerBlock(status=str(answer.status), text=answer.answer, citations=answer.citations,
                            notices=answer.notices, question=question[:300])
        extra: list[Choice] = []
        state.offered = []
        if str(answer.status) == "clarify" and answer.citations:
            state.offered = [c.id for c in answer.citations]
            extra = [Choice(label=c.short_label, value=f"/pick {c.id}", style="primary") for c in answer.citations]
        if state.mode in ("idle", "done"):
            flow_id = flows.flow_for_suggestion(answer.suggest_check) if answer.suggest_check else None
            if flow_id is None and str(answer.status) == "answered" and answer.citations:
                top = answer.citations[0]
                flow_id = flows.flow_for_clause(top.measure, top.article)
            if flow_id:
                extra.append(Choice(label=f"开始自检：{flows.FLOWS[flow_id].button}", value=f"/flow {flow_id}",
                                    style="primary"))
        return self._resume(state, today, [block], extra)

    def _cite(self, state: DialogState, ref: str, today: date) -> Turn:
        ref = (ref or "").strip()
        clause = knowledge.corpus().clause(ref) if ref else None
        if clause is not None:
            citations = [Citation(id=clause.id, measure=clause.measure, article=clause.article, item=clause.item,
                                  label=clause.label, short_label=clause.short_label, text=clause.text)]
            lead = f"{clause.context}\n" if clause.context else ""
            block = AnswerBlock(status="answered", text=f"{clause.label}：\n{lead}{clause.text}", citations=citations)
            state.offered = []
            return self._resume(state, today, [block])
        if not ref:
            return self._resume(state, today, [TextBlock(text="请在 /cite 后写条款编号，例如：/cite 7.3 或 /cite 细则12-3。")])
        found = knowledge.resolve(ref)
        if found.error:
            return self._resume(state, today, [TextBlock(tone="error", text=found.error)])
        citations = [Citation(id=c.id, measure=c.measure, article=c.article, item=c.item, label=c.label,
                              short_label=c.short_label, text=c.text) for c in found.clauses]
        if len(citations) == 1:
            return self._cite(state, citations[0].id, today)
        state.offered = [c.id for c in citations]
        block = AnswerBlock(status="clarify", text="两个文件都有这一条，请问要查哪一个？", citations=citations)
        extra = [Choice(label=c.short_label, value=f"/pick {c.id}", style="primary") for c in citations]
        return self._resume(state, today, [block], extra)

    def _resume(self, state: DialogState, today: date, blocks: list, extra: list[Choice] | None = None) -> Turn:
        """Shows `blocks`, then puts back whatever was open: the prompt, the review, or the menu."""
        extra = extra or []
        if state.mode == "asking" and state.current:
            turn = self._ask_field(state, today, blocks)
            if blocks and any(isinstance(b, AnswerBlock) for b in blocks):
                turn.blocks.append(TextBlock(tone="notice", text="回到自检，请继续回答下面的问题。"))
        elif state.mode == "review":
            turn = self._review(state, today, blocks)
        elif state.mode == "done":
            turn = Turn(blocks=blocks, choices=[Choice(label="修改答案", value="修改"),
                                                Choice(label="重新自检", value="/restart"),
                                                Choice(label="其他自检", value="菜单", style="nav")])
        else:
            turn = Turn(blocks=blocks, choices=self._menu_choices(state) if not extra else [])
        turn.choices = extra + turn.choices
        return turn
