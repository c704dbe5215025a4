"""Tells what a typed line is before anything else reads it: a command, a navigation word, a wish to
start a self-check, a question, or (by elimination) an answer to the open prompt.

Buttons send the same words people type (上一步, 跳过) or a short slash command (/flow <flow id>,
/edit <field>, /cite <clause id>): Telegram's callback data holds 64 bytes at most and slash
commands are what Telegram users type anyway, so both channels feed the engine plain text.

A navigation word is a command only when it is the whole line (取消, 上一步); a line that merely
contains one (修改名称需要报备吗, 跳过这一项会影响结果吗) is read as what it is, a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks import normalise

from .flows import flows

_QUESTION = re.compile(
    r"[?？]|什么|怎么|怎样|如何|为什么|为啥|哪些|哪个|哪里|哪儿|吗|是否|能否|能不能|可不可以|多少|多久|多长|要不要|会不会|需不需要"
    r"|几[天年月个条项次档级类种]|规定|条款|原文|依据|哪条|意思|解释|说明一下|影响")
_CITATION = re.compile(r"第\s*[0-9零一二两三四五六七八九十百]+\s*条|^[a-z\u4e00-\u9fff]{0,8}\d+[.\-]\d+$")
_INFO_QUESTION = re.compile(r"什么|哪些|哪个|怎么|怎样|如何|多少|多久|几[天年月个条项次]|为什么|流程|程序|材料")
_GREETING = re.compile(r"^(你好|您好|hi|hello|嗨|哈喽|在吗|在不在|早上好|下午好|晚上好)[!！。.~～]*$", re.I)

WORDS: dict[str, tuple[str, ...]] = {
    "back": ("上一步", "返回", "后退", "回到上一步", "上一题", "退回", "back"),
    "cancel": ("取消", "退出", "结束", "不查了", "算了", "不做了", "停止", "退出自检", "取消自检", "cancel", "quit", "exit"),
    "undo": ("撤销", "撤销取消", "恢复", "恢复自检", "undo"),
    "confirm": ("确认", "确定", "查看结果", "看结果", "出结果", "生成结果", "提交", "确认无误", "确认，查看结果", "确认查看结果",
                "开始检查"),
    "keep": ("继续", "继续自检", "保持原答案", "不变", "保持不变"),
    "restart": ("重新自检", "再查一次", "重来"),
    "menu": ("菜单", "主菜单", "开始", "自检", "自检菜单", "我要自检", "有哪些自检", "重新开始"),
    "help": ("帮助", "help", "怎么用", "使用说明", "你能做什么", "你会什么", "功能"),
}
_SLASH = re.compile(r"^/(flow|cite|pick|edit|ask|keep|back|cancel|undo|confirm|restart|menu|start|check|help|stop|resume)"
                    r"(?:@\w+)?(?:\s+|$)(.*)$", re.S)
_SLASH_ALIASES = {"start": "menu", "check": "menu", "stop": "cancel"}
EDIT_PREFIX = re.compile(r"^(?:修改|更改|改一下|改改|改|更正|重填|重新填写?)\s*(.*)$", re.S)


@dataclass(frozen=True)
class Command:
    """A recognised command: `name` plus its argument text (may be empty)."""

    name: str
    arg: str = ""
    loose: bool = False
    """Recognised from a prefix (修改人数, 改 面积 200): a command only if its argument names a field."""


def clean(text: str) -> str:
    """The line without case, spacing or punctuation: 确认，查看结果 and 确认查看结果 are the same words."""
    return re.sub(r"[,，、。.!！~～]", "", normalise(text))


def command(text: str) -> Command | None:
    """Slash commands, whole-line navigation words and 修改…; None when the text is something else."""
    raw = (text or "").strip()
    if m := _SLASH.match(raw):
        return Command(_SLASH_ALIASES.get(m[1], m[1]), m[2].strip())
    t = clean(raw)
    if not t:
        return None
    for name, words in WORDS.items():
        if t in words:
            return Command(name)
    if (m := EDIT_PREFIX.match(t)) and not looks_like_question(t):
        # 改 also starts ordinary words (改革, 改名已经报批了): after it, only a field named first is an edit.
        return Command("edit", m[1].strip(), loose=t.startswith("改") and bool(m[1]))
    return None


def flow_intent(text: str) -> str | None:
    """The flow a sentence asks to start (one of the phrases in a measure's flows.json), or None."""
    t = normalise(text)
    if not t or len(t) > 80:
        return None
    for flow in flows().values():
        if t == normalise(flow.button):
            return flow.id
    # Figures in the sentence make it a question about a case, answered by the hotline layer.
    if re.search(r"\d|[一二两三四五六七八九十百千万]+\s*(个人|人|平|万|家|年)", t) or _CITATION.search(t):
        return None
    asks_what = bool(_INFO_QUESTION.search(t))
    if re.search(r"(帮我|帮忙|给我|替我)?(看看|查查|检查|体检|诊断|评估一下|过一遍).{0,6}(我们|我司|本|我的)?(机构|单位|公司|情况)"
                 r"|全面(检查|体检|自检)|健康检查|机构体检|一键体检|都(查|看)一(遍|下)", t) and "health" in flows():
        return "health"
    for flow in flows().values():
        # 入驻要满足什么条件？ wants the clause, not an interview: the answer offers the self-check.
        if asks_what and flow.role == "apply":
            continue
        if any(p.search(t) for p in flow.starts):
            return flow.id
    return None


def looks_like_question(text: str) -> bool:
    """A question or a citation lookup rather than an answer to the open prompt."""
    t = normalise(text)
    return bool(_QUESTION.search(t) or _CITATION.search(t))


def is_greeting(text: str) -> bool:
    return bool(_GREETING.match(normalise(text)))
