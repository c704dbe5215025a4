"""The dialog engine: (state, what the user typed or pressed, now) → (new state, the turn to show).

Pure and channel-free: no HTTP, no Telegram, no storage, no clock of its own (the caller passes `now`).
The web page and the Telegram adapter both feed it text and render the `Turn` it returns, so a
conversation behaves the same everywhere and no channel decides what comes next.

Reading order for one input, which is what makes the conversation forgiving:
    empty or oversized → a button of the open prompt (its label or value, even one that reads like a
    question: 尚未加入，想了解能否申请或入驻) → a command (COMMANDS: slash commands, a whole-line
    navigation word, 修改 + a field) → what the mode does with free text (MODES): in a flow, 不知道,
    a question (answered, the flow kept), then the figure itself; outside one, a wish to start a
    self-check, then the hotline answer.

A flow left idle is paused, never discarded: the next turn says welcome back and carries on.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Callable

import checks
import knowledge
from knowledge import Answer, Citation, shanghai_date
from knowledge.limits import MESSAGE_CHARS

from . import flows, intents
from .models import REVIEW, AnswerBlock, Choice, DialogState, Prompt, ReviewBlock, ReviewRow, TextBlock, Turn
from .results import run_checks

log = logging.getLogger(__name__)
INTERNAL_ERROR = "抱歉，处理这条消息时出了问题，已记录下来；您之前填写的内容都还在，请换一种说法再试，或说“取消”。"
MAX_INPUT_CHARS = MESSAGE_CHARS
"""Longer input is not read at all: no figure or hotline question needs it, and cost stays flat."""
DEFAULT_IDLE = timedelta(minutes=30)

Ask = Callable[[str, date], Answer]


def greeting() -> str:
    return ("您好！我是上海科技政策助手，可以：\n"
            f"· 解答{knowledge.registry().titles()}的条款问题，原文引用并注明出处；\n"
            "· 带您逐项自检：能否申请或入驻，以及已在其中的机构有哪些义务和风险；\n"
            "· 按条款编号查原文，例如“第七条第（三）项”。\n"
            "直接输入问题，或选择下面的自检。")


HELP = ("使用说明：\n"
        "· 直接提问，例如“" + "”“".join(knowledge.answer.example_questions()[:1] or ["场地面积有什么要求？"]) + "”；\n"
        "· 输入条款编号查原文，例如“第七条第（三）项”“7.3”；\n"
        "· 自检时逐项回答，数字可以写成“500万”“五百万”“将近500万”，日期写成“2023年5月”或“2023-05-01”；\n"
        "· 自检中可以说“上一步”“跳过”（不知道时）、“修改 人数”“取消”（可撤销），也可以随时插问条款，回答后继续自检。")


def _default_ask(question: str, today: date) -> Answer:
    return knowledge.ask(question, today)


class Engine:
    """Stateless apart from configuration: one instance serves every conversation, from any thread."""

    def __init__(self, *, idle_timeout: timedelta | None = DEFAULT_IDLE, ask: Ask = _default_ask):
        self.idle_timeout = idle_timeout
        self._ask = ask

    # ------------------------------------------------------------------ public API

    def new_state(self, now: datetime) -> DialogState:
        return DialogState(created_at=now, updated_at=now)

    def start(self, now: datetime) -> tuple[DialogState, Turn]:
        state = self.new_state(now)
        return state, self.welcome(state)

    def welcome(self, state: DialogState) -> Turn:
        """The opening turn of a conversation: greeting and the self-check menu."""
        return Turn(blocks=[TextBlock(text=greeting())], choices=_menu_choices(), mode=state.mode)

    def handle(self, state: DialogState, text: str | None, now: datetime) -> tuple[DialogState, Turn]:
        """One turn. Never raises on user input; the returned state replaces the old one."""
        before = state
        state = state.model_copy(deep=True)
        welcome_back = self._welcome_back(state, now)
        state.turns += 1
        state.updated_at = now
        today = shanghai_date(now)
        try:
            turn = self._dispatch(state, text if isinstance(text, str) else "", today)
        except Exception:
            # A bug must cost the user one reply, never the conversation: keep the state as it was.
            log.exception("dialog turn failed; conversation kept as it was (mode=%s, flow=%s)", before.mode, before.flow)
            return before, self._apology(before, today)
        if not turn.blocks and turn.prompt is None:
            turn.blocks.append(TextBlock(text="请直接提问，或选择下面的一项自检。"))
        if welcome_back is not None:
            turn.blocks.insert(0, welcome_back)
            turn.expired = True
        turn.mode, turn.flow = state.mode, state.flow
        return state, turn

    def current(self, state: DialogState, now: datetime) -> Turn:
        """The open prompt, review or menu again, without changing anything (to restore a screen); after
        a long pause it opens with the welcome back."""
        turn = self._resume(state, shanghai_date(now), [])
        if (notice := self._welcome_back(state, now)) is not None:
            turn.blocks.insert(0, notice)
            turn.expired = True
        turn.mode, turn.flow = state.mode, state.flow
        return turn

    # ------------------------------------------------------------------ dispatch

    def _welcome_back(self, state: DialogState, now: datetime) -> TextBlock | None:
        """A self-check idle past the timeout is paused, not discarded: say so, keep every answer."""
        if self.idle_timeout is None or state.mode in ("idle", "done") or now - state.updated_at <= self.idle_timeout:
            return None
        title = flows.flows()[state.flow].title if state.flow in flows.flows() else "自检"
        done = len([k for k in state.answers if not k.startswith("_")])
        return TextBlock(tone="notice", text=(
            f"欢迎回来！上次的“{title}”还没完成，已填写的 {done} 项都保留着，接着上次停下的地方继续。"
            "不想继续可以说“取消”（之后还能撤销）。"))

    def _apology(self, state: DialogState, today: date) -> Turn:
        try:
            turn = self._resume(state, today, [])
        except Exception:
            turn = Turn(blocks=[], choices=_menu_choices(), mode=state.mode)
        turn.blocks.insert(0, TextBlock(tone="error", text=INTERNAL_ERROR))
        return turn

    def _dispatch(self, state: DialogState, text: str, today: date) -> Turn:
        if len(text) > MAX_INPUT_CHARS:
            return self._resume(state, today, [TextBlock(tone="error", text=(
                f"内容太长了（{len(text)} 个字），请精简到 {MAX_INPUT_CHARS} 字以内再发送；已填写的内容都还在。"))])
        if not checks.normalise(text):
            return self._resume(state, today, [TextBlock(tone="error", text="没有收到内容，请输入文字。")])
        if (picked := self._button(state, text, today)) is not None:
            return picked
        if (cmd := intents.command(text)) is not None:
            if cmd.loose and not self._names_a_field(state, cmd.arg, today):
                return getattr(self, MODES[state.mode])(state, text, today)
            return getattr(self, COMMANDS[cmd.name])(state, cmd, today)
        return getattr(self, MODES[state.mode])(state, text, today)

    def _button(self, state: DialogState, text: str, today: date) -> Turn | None:
        """The open prompt's own button, typed or pressed: always selects it, whatever its words."""
        if state.mode != "asking" or state.current is None:
            return None
        t = intents.clean(text)
        for value, label in self._options(state, today):
            if t in (intents.clean(value), intents.clean(label)):
                return self._answer(state, label, today)
        return None

    def _options(self, state: DialogState, today: date) -> list[tuple[str, str]]:
        if state.pending:
            return [(str(i + 1), label) for i, (_, label) in enumerate(state.pending["options"])]
        spec = flows.field(state.current, today)
        if spec.kind in ("choice",):
            return list(spec.choices)
        if spec.kind == "text" and spec.name in checks.fields() and (src := checks.fields()[spec.name].one_of_keys):
            return [(name, name) for name in (state.answers.get(src) or {})]
        return []

    def _names_a_field(self, state: DialogState, arg: str, today: date) -> bool:
        """修改人数 20 is an edit; 改名已经报批了 is an answer: the field must be named first thing."""
        return state.flow is not None and state.mode != "idle" and bool(arg) and \
            _match_field(arg, flows.candidate_fields(state.flow, state.answers), today, anchored=True)[0] is not None

    # ------------------------------------------------------------------ commands

    def _cmd_flow(self, state, cmd, today):
        if cmd.arg not in flows.flows():
            return self._resume(state, today, [TextBlock(tone="error", text="没有这个自检项目，请从菜单中选择。")])
        return self._start_flow(state, cmd.arg, today)

    def _cmd_cite(self, state, cmd, today):
        return self._cite(state, cmd.arg, today)

    def _cmd_ask(self, state, cmd, today):
        return self._question(state, cmd.arg, today)

    def _cmd_help(self, state, cmd, today):
        return self._resume(state, today, [TextBlock(text=HELP)])

    def _cmd_menu(self, state, cmd, today):
        if state.mode in ("idle", "done"):
            return Turn(blocks=[TextBlock(text="请选择要做的自检：\n" + flows.menu_text())], choices=_menu_choices())
        # Mid-flow the open question stays on screen: answer it, or switch to another self-check.
        turn = self._resume(state, today, [TextBlock(text="可以换一项自检（已填写的内容会沿用），或继续回答当前问题：\n"
                                                         + flows.menu_text())])
        turn.choices = [c for c in _menu_choices() if c.value.startswith("/flow ") and c.value != f"/flow {state.flow}"] \
            + turn.choices
        return turn

    def _cmd_cancel(self, state, cmd, today):
        if state.mode == "idle":
            return Turn(blocks=[TextBlock(text="当前没有进行中的自检。可以直接提问，或选择一项自检。")], choices=_menu_choices())
        title = flows.flows()[state.flow].title
        kept = len([k for k in state.answers if not k.startswith("_")])
        state.stash = state.model_dump(mode="json", include={"mode", "flow", "checks", "current", "answers", "skipped",
                                                               "asked", "exact_asked"})
        _reset(state)
        undo = f"刚才填写的 {kept} 项已暂存，点“撤销”可以全部恢复。" if kept else ""
        return Turn(blocks=[TextBlock(tone="notice", text=f"已退出“{title}”。{undo}可以继续提问，或重新选择自检。")],
                    choices=([Choice(label="撤销", value="撤销", style="primary")] if kept else []) + _menu_choices())

    def _cmd_undo(self, state, cmd, today):
        if not state.stash:
            return self._resume(state, today, [TextBlock(text="没有可以撤销的操作。")])
        for key, value in state.stash.items():
            setattr(state, key, value)
        state.stash, state.epoch = None, state.epoch + 1
        return self._resume(state, today, [TextBlock(tone="success", text="已恢复刚才的自检和填写的全部内容。")])

    def _cmd_back(self, state, cmd, today):
        if state.mode == "idle":
            return self._resume(state, today, [TextBlock(text="当前没有进行中的自检，无需返回。")])
        if state.mode == "done":
            return self._review(state, today, [TextBlock(text="回到确认页，可以修改任一项后重新查看结果。")])
        prev = _previous_field(state)
        if prev is None:
            if state.mode == "review":
                fields = flows.plan(state.flow, state.answers, today).fields
                state.mode, state.current = "asking", fields[-1]
                return self._ask_field(state, today, [TextBlock(text="回到上一步。")])
            return self._ask_field(state, today, [TextBlock(tone="notice", text="这已经是第一个问题了。")])
        state.mode, state.current, state.return_to, state.pending, state.attempts = "asking", prev, None, None, 0
        return self._ask_field(state, today, [TextBlock(text="回到上一步。")])

    def _cmd_edit(self, state, cmd, today):
        if state.flow is None or state.mode == "idle":
            if not cmd.arg:
                return self._resume(state, today, [TextBlock(text="当前没有进行中的自检，没有可修改的答案。")])
            return self._free_text(state, "修改" + cmd.arg, today)
        if not cmd.arg:
            return self._edit_menu(state, today)
        name, rest = _match_field(cmd.arg, flows.candidate_fields(state.flow, state.answers), today)
        if name is None:
            return self._edit_menu(state, today, [TextBlock(tone="error", text=(
                f"没有找到“{checks.normalise(cmd.arg)[:20]}”这一项，请从下面选择要修改的项目。"))])
        state.return_to = _edit_return(state)
        state.mode, state.current, state.pending, state.attempts = "asking", name, None, 0
        if rest:
            # 修改 人数 20人: the new value came with the command, so the change is done in one turn.
            return self._answer(state, rest, today)
        return self._ask_field(state, today, [TextBlock(text=f"修改“{flows.field(name, today).label}”。")])

    def _cmd_restart(self, state, cmd, today):
        if state.flow is None:
            return self._cmd_menu(state, cmd, today)
        flow = state.flow
        state.stash = state.model_dump(mode="json", include={"mode", "flow", "checks", "current", "answers", "skipped",
                                                               "asked", "exact_asked"})
        state.answers = {}
        return self._start_flow(state, flow, today, [TextBlock(tone="notice", text="已清空答案重新开始；点“撤销”可以恢复。")])

    def _cmd_keep(self, state, cmd, today):
        if state.mode == "asking" and (state.current in state.answers or state.current in state.skipped):
            return self._advance(state, today, [])
        return self._resume(state, today, [])

    def _cmd_confirm(self, state, cmd, today):
        if state.mode in ("review", "done"):
            return self._result(state, today)
        return getattr(self, MODES[state.mode])(state, "确认", today)

    # ------------------------------------------------------------------ free text by mode

    def _free_text(self, state, text, today):
        if state.offered and (pick := checks.normalise(text)).isdigit() and 1 <= int(pick) <= len(state.offered):
            return self._cite(state, state.offered[int(pick) - 1], today)
        if (flow := intents.flow_intent(text)) is not None:
            return self._start_flow(state, flow, today)
        if intents.is_greeting(text):
            return self.welcome(state)
        return self._question(state, text, today)

    def _in_review(self, state, text, today):
        if (flow := intents.flow_intent(text)) is not None and flow != state.flow:
            return self._start_flow(state, flow, today)
        if intents.looks_like_question(text) or intents.is_greeting(text):
            return self._question(state, text, today)
        # 人数 20: a field and a value typed straight into the review is an edit.
        name, _ = _match_field(text, flows.candidate_fields(state.flow, state.answers), today)
        if name is not None:
            return self._cmd_edit(state, intents.Command("edit", text), today)
        # 好的 / 没问题 / 是 confirms; 不对 opens the list of answers to change.
        try:
            agreed = checks.yes_no(text)
        except checks.Unreadable:
            agreed = True if intents.clean(text) in ("没问题", "可以了", "就这样", "对了") else None
        if agreed is True:
            return self._result(state, today)
        if agreed is False:
            return self._edit_menu(state, today)
        return self._review(state, today, [TextBlock(tone="notice", text=(
            "请确认以上回答：没问题就点“确认，查看结果”；要改哪一项，说“修改”加项目名，例如“修改 固定人员”。"))])

    def _answer(self, state, text, today):
        name = state.current
        spec = flows.field(name, today)
        if state.pending and (chosen := _pick_option(state.pending["options"], text)) is not None:
            value, label = chosen
            state.pending = None
            return self._store(state, name, value, label, None, today)
        if checks.is_skip(text):
            return self._skip(state, name, spec, today)
        if intents.looks_like_question(text) and not self._reads_as_answer(spec, text, state, today):
            return self._question(state, text, today)
        try:
            reading = checks.read(spec.spec, text, today) if spec.spec else _read_local(spec, text)
        except checks.Unreadable as err:
            if (flow := intents.flow_intent(text)) is not None and flow != state.flow:
                return self._start_flow(state, flow, today)
            return self._unreadable(state, today, err.message, err.example or spec.example, text)
        if reading.alternatives:
            return self._ask_again(state, today, [TextBlock(tone="notice", text="这个数字没有写单位，请确认是哪一种：")],
                                   pending={"field": name, "options": [[v, label] for v, label in reading.alternatives]})
        value = checks.to_json(reading.value)
        if problem := flows.validate(name, value, state.answers, today):
            return self._unreadable(state, today, problem, spec.example, text)
        return self._store(state, name, value, reading.display, reading.note, today)

    def _reads_as_answer(self, spec, text, state, today) -> bool:
        """吗 in 有吗? is a question; 没有吧 / 差不多20人吧 are answers. Only answers with no question word
        are read as figures before the hotline gets them."""
        if any(mark in text for mark in ("?", "？", "吗", "什么", "怎么", "为什么", "如何", "哪")):
            return False
        try:
            (checks.read(spec.spec, text, today) if spec.spec else _read_local(spec, text))
            return True
        except checks.Unreadable:
            return False

    def _skip(self, state, name, spec, today):
        if name in state.answers and name in state.exact_asked:
            # The exact figure is not known: the approximation stands, and the result will say so.
            return self._advance(state, today, [TextBlock(tone="notice", text=(
                f"好的，“{spec.label}”按您说的{flows.display(name, state.answers[name])}判断；"
                "取决于准确数字的结论会标为需复核。"))])
        state.answers.pop(name, None)
        if name not in state.skipped:
            state.skipped.append(name)
        _mark_asked(state, name)
        return self._advance(state, today, [TextBlock(tone="notice", text=(
            f"“{spec.label}”先记为不知道；结果中会说明这一项会影响哪些结论。"))])

    def _store(self, state, name, value, shown, note, today):
        state.answers[name] = value
        state.pending = None
        if name in state.skipped:
            state.skipped.remove(name)
        _mark_asked(state, name)
        echo = TextBlock(tone="success", text=f"已记录：{flows.field(name, today).label} {shown}。" + (note or ""))
        uncertain = flows.plan(state.flow, state.answers, today).uncertain
        if name in uncertain and name not in state.exact_asked:
            # Said too loosely to decide a clause: ask for the exact figure once; 不知道 keeps the approximation.
            state.exact_asked.append(name)
            state.mode, state.current = "asking", name
            return self._ask_again(state, today, [echo, TextBlock(tone="notice", text=(
                f"这个数正好在{uncertain[name]}的门槛附近，按“{flows.display(name, value)}”无法确定是否符合。"
                "能告诉我准确的数字或日期吗？不清楚请说“不清楚”，结果会标为需复核。"))], follow_up="exact")
        return self._advance(state, today, [echo])

    def _ask_again(self, state, today, blocks, *, follow_up: str | None = None, pending: dict | None = None):
        """Asks the open field once more (an unreadable reply, its exact value, its unit); a field is never
        asked a third time in a row: what was said stands, or it is left unknown, and the flow goes on."""
        if state.attempts >= 1:
            spec = flows.field(state.current, today)
            state.attempts = 0
            if state.current in state.answers:
                return self._advance(state, today, [*blocks[:1], TextBlock(tone="notice", text=(
                    f"“{spec.label}”先按{flows.display(state.current, state.answers[state.current])}记录，"
                    "取决于它的结论会标为需复核；之后可以用“修改”补上。"))])
            return self._skip(state, state.current, spec, today)
        state.attempts += 1
        state.pending = pending
        return self._ask_field(state, today, blocks, follow_up=follow_up)

    def _unreadable(self, state, today, message, example, text):
        shown = checks.normalise(text)[:20] + ("…" if len(checks.normalise(text)) > 20 else "")
        lines = [f"没能读懂“{shown}”：{message}"]
        if example:
            lines.append(f"例如：{example}")
        lines.append("之前填写的内容都还在；不知道可以说“跳过”。")
        return self._ask_again(state, today, [TextBlock(tone="error", text="\n".join(lines))])

    # ------------------------------------------------------------------ flow steps

    def _start_flow(self, state, flow_id, today, blocks: list | None = None):
        flow = flows.flows()[flow_id]
        carried = {k: v for k, v in state.answers.items() if not k.startswith("_")}
        state.mode, state.flow, state.epoch = "asking", flow_id, state.epoch + 1
        state.answers, state.skipped, state.asked, state.exact_asked = carried, [], [], []
        state.return_to, state.offered, state.current, state.pending, state.attempts = None, [], None, None, 0
        state.checks = list(flow.checks)
        blocks = [*(blocks or []), TextBlock(text=(
            f"开始“{flow.title}”。{flow.intro}\n我会一项一项地问，每项都说明依据；不知道的可以说“跳过”，"
            "随时可以说“上一步”“修改”或“取消”，也可以插问条款。"))]
        reused = [f for f in flows.plan(flow_id, state.answers, today).fields if f in carried]
        if reused:
            blocks.append(TextBlock(tone="notice", text=(
                f"沿用了您刚才填写的 {len(reused)} 项（{'、'.join(flows.field(f, today).label for f in reused)}），"
                "最后确认时可以修改。")))
        return self._advance(state, today, blocks)

    def _advance(self, state, today, blocks):
        plan = flows.plan(state.flow, state.answers, today)
        state.checks = list(plan.checks)
        state.pending, state.attempts = None, 0
        if state.return_to is not None:
            target, state.return_to = state.return_to, None
            if target == REVIEW:
                return self._review(state, today, blocks)
            if target in plan.fields and target not in state.answers and target not in state.skipped:
                state.mode, state.current = "asking", target
                return self._ask_field(state, today, blocks)
        nxt = _next_field(state, plan.fields)
        if nxt is None:
            return self._review(state, today, blocks)
        state.mode, state.current = "asking", nxt
        return self._ask_field(state, today, blocks)

    def _ask_field(self, state, today, blocks, follow_up: str | None = None):
        prompt = self._prompt(state, today, follow_up)
        choices = [Choice(label=c.label, value=c.value, style="primary") for c in prompt.choices]
        if prompt.kind == "grades" and not state.pending:
            # The grade names are the prompt's own picker; the buttons offer the answer it cannot give.
            choices = [Choice(label="从未参加评估", value="没有", style="primary")]
        if prompt.kind == "bool" and not state.pending:
            choices = [Choice(label="是", value="是", style="primary"), Choice(label="否", value="否", style="primary")]
        if state.current in state.answers or state.current in state.skipped:
            choices.append(Choice(label="保持原答案", value="/keep", style="nav"))
        if not state.current.startswith("_"):
            choices.append(Choice(label="不清楚" if follow_up == "exact" else "不知道，跳过", value="跳过", style="nav"))
        if _previous_field(state) is not None:
            choices.append(Choice(label="上一步", value="上一步", style="nav"))
        choices.append(Choice(label="取消自检", value="取消", style="danger"))
        return Turn(blocks=blocks, prompt=prompt, choices=choices)

    def _prompt(self, state, today, follow_up: str | None) -> Prompt:
        name = state.current
        spec = flows.field(name, today)
        ordered = flows.candidate_fields(state.flow, state.answers)
        sections = flows.sections(state.flow, state.answers.get(flows.STANDING))
        section = next((i for i, s in enumerate(sections) if name in s.fields), None)
        cid = flows.field_citation(name, tuple(state.checks))
        current = flows.display(name, state.answers[name]) if name in state.answers else (
            "（不知道）" if name in state.skipped else None)
        options = [Choice(label=label, value=label) for _, label in self._options(state, today)]
        if spec.kind == "grades" and not state.pending:
            options = [Choice(label=label, value=label) for _, label in spec.choices]
        question = spec.question
        if state.pending:
            question = f"您填写的“{spec.label}”是哪一种？"
            follow_up = "unit"
        return Prompt(
            field=name, label=spec.label, question=question, kind=spec.kind, unit=spec.unit, why=spec.why,
            citation=flows.citation(cid, today) if cid else None, choices=options, multiple=spec.kind == "grades",
            example=spec.example, placeholder=spec.placeholder,
            max_date=None if spec.kind != "date" or spec.future else today.isoformat(),
            step=ordered.index(name) + 1 if name in ordered else 1,
            total=len(ordered) if flows.checks_for(state.flow, state.answers) else 0,
            section=sections[section].title if section is not None else None,
            section_index=(section or 0) + 1, section_count=max(len(sections), 1),
            current=current, follow_up=follow_up, multiline=spec.kind == "scores",
        )

    def _edit_menu(self, state, today, blocks: list | None = None):
        fields = [f for f in flows.plan(state.flow, state.answers, today).fields if f in state.answers or f in state.skipped]
        edits = [Choice(label=_short(flows.field(f, today).label), value=f"/edit {f}") for f in fields]
        if state.mode == "asking":
            # Mid-flow only what was already answered can change; the open question stays on screen.
            if not edits:
                return self._ask_field(state, today, (blocks or []) + [TextBlock(text="还没有回答过任何一项，请先回答下面的问题。")])
            turn = self._ask_field(state, today, (blocks or []) + [TextBlock(text="请选择要修改的一项，或继续回答下面的问题：")])
            turn.choices = edits + turn.choices
            return turn
        turn = self._review(state, today, (blocks or []) + [TextBlock(text="请选择要修改的一项：")])
        turn.choices = edits + [c for c in turn.choices if c.value != "修改"]
        return turn

    def _review(self, state, today, blocks):
        state.mode, state.current, state.pending = "review", None, None
        rows = [ReviewRow(field=name, label=flows.field(name, today).label,
                          value=flows.display(name, state.answers[name]) if name in state.answers else "（不知道）",
                          skipped=name not in state.answers)
                for name in flows.plan(state.flow, state.answers, today).fields]
        block = ReviewBlock(title=f"请确认“{flows.flows()[state.flow].title}”的回答", rows=rows)
        choices = [Choice(label="确认，查看结果", value="确认", style="primary"),
                   Choice(label="修改某一项", value="修改", style="default"),
                   Choice(label="上一步", value="上一步", style="nav"),
                   Choice(label="取消自检", value="取消", style="danger")]
        return Turn(blocks=[*blocks, block], choices=choices)

    def _result(self, state, today):
        plan = flows.plan(state.flow, state.answers, today)
        skipped = [f for f in state.skipped if f in plan.fields]
        block = run_checks(state.flow, list(plan.checks), state.answers, skipped, today)
        state.mode, state.current = "done", None
        return Turn(blocks=[block], choices=_done_choices())

    # ------------------------------------------------------------------ questions and citations

    def _question(self, state, text, today):
        question = text.strip()
        try:
            answer = self._ask(question, today)
        except Exception:  # a broken answer must not end the conversation
            log.exception("hotline answer failed for a question of %d characters", len(question))
            answer = Answer(status="no_match", answer="抱歉，暂时无法回答这个问题，请换个说法再试，或拨打 12345 市民服务热线。")
        block = AnswerBlock(status=str(answer.status), text=answer.answer, citations=answer.citations,
                            notices=answer.notices, question=question[:300])
        extra: list[Choice] = []
        state.offered = []
        if str(answer.status) == "clarify" and answer.citations:
            state.offered = [c.id for c in answer.citations]
            extra = [Choice(label=c.short_label, value=f"/pick {c.id}", style="primary") for c in answer.citations]
        if state.mode in ("idle", "done"):
            flow_id = flows.flow_for_measure(answer.suggest_check) if answer.suggest_check else None
            if flow_id is None and str(answer.status) == "answered" and answer.citations:
                top = answer.citations[0]
                flow_id = flows.flow_for_clause(top.measure, top.article)
            if flow_id:
                extra.append(Choice(label=f"开始自检：{flows.flows()[flow_id].button}", value=f"/flow {flow_id}",
                                    style="primary"))
        return self._resume(state, today, [block], extra)

    def _cite(self, state, ref, today):
        ref = (ref or "").strip()
        c = knowledge.corpus(today)
        if not ref:
            return self._resume(state, today, [TextBlock(text="请在 /cite 后写条款编号，例如：/cite 7.3 或 /cite 第十二条。")])
        found = [c.clause(ref)] if c.clause(ref) else knowledge.resolve(ref, c).clauses
        if not found:
            return self._resume(state, today, [TextBlock(tone="error", text=knowledge.resolve(ref, c).error or "没有找到这一条。")])
        citations = [Citation.of(cl) for cl in found]
        if len(citations) == 1:
            clause = found[0]
            lead = f"{clause.context}\n" if clause.context else ""
            state.offered = []
            return self._resume(state, today, [AnswerBlock(status="answered", text=f"{clause.label}：\n{lead}{clause.text}",
                                                           citations=citations)])
        state.offered = [cl.id for cl in citations]
        block = AnswerBlock(status="clarify", text=f"{'两' if len(citations) == 2 else len(citations)}个文件都有这一条，请问要查哪一个？",
                            citations=citations)
        extra = [Choice(label=cl.short_label, value=f"/pick {cl.id}", style="primary") for cl in citations]
        return self._resume(state, today, [block], extra)

    def _resume(self, state, today, blocks, extra: list[Choice] | None = None):
        """Shows `blocks`, then puts back whatever was open: the prompt, the review, or the menu."""
        extra = extra or []
        if state.mode == "asking" and state.current:
            turn = self._ask_field(state, today, blocks)
            if any(isinstance(b, AnswerBlock) for b in blocks):
                turn.blocks.append(TextBlock(tone="notice", text="回到自检，请继续回答下面的问题。"))
        elif state.mode == "review":
            turn = self._review(state, today, blocks)
        elif state.mode == "done":
            turn = Turn(blocks=blocks, choices=_done_choices())
        else:
            turn = Turn(blocks=blocks, choices=_menu_choices() if not extra else [])
        turn.choices = extra + turn.choices
        return turn


# ------------------------------------------------------------------ tables

COMMANDS: dict[str, str] = {
    "flow": "_cmd_flow", "cite": "_cmd_cite", "pick": "_cmd_cite", "ask": "_cmd_ask", "help": "_cmd_help",
    "menu": "_cmd_menu", "cancel": "_cmd_cancel", "undo": "_cmd_undo", "back": "_cmd_back", "edit": "_cmd_edit",
    "restart": "_cmd_restart", "keep": "_cmd_keep", "confirm": "_cmd_confirm", "resume": "_cmd_keep",
}
"""Every command the engine knows (intents.command names them) and the step that handles it, whatever the mode."""

MODES: dict[str, str] = {"idle": "_free_text", "done": "_free_text", "asking": "_answer", "review": "_in_review"}
"""What free text means in each mode: a question or a wish outside a flow, an answer in one, a
confirmation or an edit on the review screen."""


# ------------------------------------------------------------------ helpers

def _read_local(spec, text: str) -> "checks.Reading":
    """The health check's own first question (not a field of any rule): one of its choices."""
    t = intents.clean(text)
    for value, label in spec.choices:
        if t in (value, intents.clean(label)):
            return checks.Reading(value, label)
    if t.isdigit() and 1 <= int(t) <= len(spec.choices):
        value, label = spec.choices[int(t) - 1]
        return checks.Reading(value, label)
    raise checks.Unreadable("请从这几项中选一项：" + "、".join(label for _, label in spec.choices) + "。", spec.example)


def _pick_option(options: list, text: str) -> tuple | None:
    t = intents.clean(text)
    for i, (value, label) in enumerate(options):
        if t in (str(i + 1), intents.clean(label)) or (t in ("元", "是元", "按元") and "元（" in label) \
                or (t in ("万元", "是万元") and label.endswith("万元") and "（" not in label):
            return value, label
    return None


def _reset(state: DialogState) -> None:
    state.mode, state.flow, state.current, state.checks = "idle", None, None, []
    state.answers, state.skipped, state.asked, state.exact_asked = {}, [], [], []
    state.return_to, state.pending, state.attempts, state.epoch = None, None, 0, state.epoch + 1


def _mark_asked(state: DialogState, name: str) -> None:
    if name not in state.asked:
        state.asked.append(name)


def _next_field(state: DialogState, fields: list[str]) -> str | None:
    """The field after the current one: unanswered, or answered earlier in this flow (shown again after
    上一步, with 保持原答案), then any unanswered one before it."""
    start = fields.index(state.current) + 1 if state.current in fields else 0
    for name in fields[start:]:
        if name in state.asked or (name not in state.answers and name not in state.skipped):
            return name
    for name in fields[:start]:
        if name not in state.answers and name not in state.skipped:
            return name
    return None


def _previous_field(state: DialogState) -> str | None:
    if state.mode == "asking":
        if state.current in state.asked:
            i = state.asked.index(state.current)
            return state.asked[i - 1] if i > 0 else None
        return state.asked[-1] if state.asked else None
    if state.mode in ("review", "done"):
        return state.asked[-1] if state.asked else None
    return None


def _edit_return(state: DialogState) -> str:
    """Where an edit goes back to: the review, or the question that was open when it began."""
    if state.return_to is not None:
        return state.return_to
    if state.mode == "asking" and state.current:
        return state.current
    return REVIEW


def _short(label: str, limit: int = 14) -> str:
    label = label.replace("（自述）", "")
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _match_field(text: str, fields: list[str], today: date, *, anchored: bool = False) -> tuple[str | None, str]:
    """'面积 200平米' → ('service_area_sqm', '200平米'): the field named at the start of an edit, and the
    rest. Matches the field key, its label, or the longest run of its label found in the text (at its
    start only, when `anchored`)."""
    t = checks.normalise(text)
    if not t:
        return None, ""
    for name in fields:
        if t == name.lower() or t.startswith(name.lower()):
            return name, t[len(name):].strip()
    best: tuple[int, int, str, str] | None = None
    for order, name in enumerate(fields):
        label = checks.normalise(flows.field(name, today).label).replace("（自述）", "")
        for size in range(len(label), 1, -1):
            for start in range(0, len(label) - size + 1):
                key = label[start:start + size]
                at = t.find(key)
                if at == 0 or (at > 0 and size >= 3 and not anchored):
                    score = size * 2 + (1 if at == 0 else 0)
                    if best is None or score > best[0] or (score == best[0] and order < best[1]):
                        best = (score, order, name, t[at + size:])
                    break
            else:
                continue
            break
    if best is None or best[0] < 4:
        return None, ""
    return best[2], best[3].strip(" ：:，,为是到成")


def _menu_choices() -> list[Choice]:
    return [*[Choice(label=f.button, value=f"/flow {f.id}") for f in flows.flows().values()],
            Choice(label="使用说明", value="帮助", style="nav")]


def _done_choices() -> list[Choice]:
    return [Choice(label="修改答案", value="修改", style="default"), Choice(label="重新自检", value="/restart", style="default"),
            Choice(label="其他自检", value="菜单", style="nav")]
