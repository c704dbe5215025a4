"""Tells what a typed line is before anything else reads it: a command, a navigation word, a wish to
start a self-check, a question, or (by elimination) an answer to the open prompt.

Buttons send the same words people type (上一步, 跳过) or a short slash command (/flow voucher_entry,
/edit fixed_staff, /cite platform-7-3): Telegram's callback data holds 64 bytes at most and slash
commands are what Telegram users type anyway, so both channels feed the engine plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import normalise
from .flows import FLOWS

# Flow ids (bot.flows.FLOWS) and the everyday words that start each one. A phrase only starts a
# flow when it states a wish about the user's own organisation; the same topic as a question with
# figures in it (我们20个人能申请平台吗？) goes to the hotline answer, which offers the self-check.
_FLOW_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("health", re.compile(r"(帮我|帮忙|给我|替我)?(看看|查查|检查|体检|诊断|评估一下|过一遍).{0,6}(我们|我司|本|我的)?(机构|单位|公司|情况)"
                          r"|全面(检查|体检|自检)|健康检查|机构体检|一键体检|都(查|看)一(遍|下)")),
    ("voucher_duties", re.compile(r"(已经?|已)入驻.{0,12}(义务|要求|风险|注意|整改|清退|暂停|合规|检查|自查|做什么|做哪些)"
                                  r"|(创新券|服务机构).{0,8}(日常|义务|风险|合规|清退|暂停服务|整改).{0,6}(自查|自检|检查|查一下|看看|吗)")),
    ("platform_duties", re.compile(r"(已经?是|作为|我们是).{0,10}(服务平台|平台).{0,12}(义务|要求|风险|注意|整改|撤销|合规|考核|检查|自查)"
                                   r"|(平台).{0,6}(运行|日常|义务|风险|合规).{0,6}(自查|自检|检查|查一下|看看)")),
    ("voucher_entry", re.compile(r"(想|要|准备|打算|申请|能不能|能否|可不可以|可以|够不够|有没有资格|符不符合)"
                                 r".{0,8}(入驻|加入|进入|成为|申请).{0,8}(创新券|创新卷|服务机构)"
                                 r"|(创新券|创新卷).{0,6}(入驻|加入).{0,4}(自检|自查|检查|看看|吗|么)"
                                 r"|入驻.{0,4}(创新券|创新卷)")),
    ("platform_apply", re.compile(r"(想|要|准备|打算|能不能|能否|可不可以|可以|够不够|有没有资格|符不符合).{0,8}"
                                  r"(申请|申报|建设|建|成为|评上|入选).{0,8}(专业技术服务平台|服务平台|平台)"
                                  r"|(申请|申报)(专业技术)?服务平台.{0,4}(自检|自查|检查|看看|吗|么)?$")),
]

_INFO_QUESTION = re.compile(r"什么|哪些|哪个|怎么|怎样|如何|多少|多久|几[天年月个条项次]|为什么|流程|程序|材料")
_QUESTION_WORDS = re.compile(
    r"[?？]|什么|怎么|怎样|如何|为什么|为啥|哪些|哪个|哪里|哪儿|吗|是否|能否|能不能|可不可以|多少|多久|多长"
    r"|几[天年月个条项次档级类种]|规定|条款|原文|依据|哪条|意思|解释|说明一下")
_CITATION_WORDS = re.compile(r"第\s*[0-9零一二两三四五六七八九十百]+\s*条|(办法|细则)\s*\d")
_GREETING = re.compile(r"^(你好|您好|hi|hello|嗨|哈喽|在吗|在不在|早上好|下午好|晚上好)[!！。.~～]*$", re.I)

BACK_WORDS = ("上一步", "返回", "后退", "回到上一步", "上一题", "退回", "back", "/back")
CANCEL_WORDS = ("取消", "退出", "结束", "不查了", "算了", "不做了", "停止", "退出自检", "取消自检", "cancel", "/cancel",
                "/stop", "quit", "exit")
CONFIRM_WORDS = ("确认", "确定", "查看结果", "看结果", "出结果", "生成结果", "没问题", "提交", "/confirm",
                 "确认无误", "确认，查看结果", "开始检查")
MENU_WORDS = ("菜单", "主菜单", "/start", "/menu", "开始", "自检", "/check", "自检菜单", "我要自检", "有哪些自检", "重新开始")
HELP_WORDS = ("帮助", "/help", "help", "怎么用", "使用说明", "你能做什么", "你会什么", "功能")
KEEP_WORDS = ("继续", "继续自检", "保持原答案", "不变", "保持不变", "/keep")
RESTART_WORDS = ("重新自检", "再查一次", "重来", "/restart")
_NAVIGATION = ((BACK_WORDS, "back"), (CANCEL_WORDS, "cancel"), (CONFIRM_WORDS, "confirm"), (KEEP_WORDS, "keep"),
               (RESTART_WORDS, "restart"), (MENU_WORDS, "menu"), (HELP_WORDS, "help"))
EDIT_PREFIX = re.compile(r"^(?:/edit\s*|修改|更改|改一下|改改|改|更正|重填|重新填写?)\s*(.*)$", re.S)


@dataclass(frozen=True)
class Command:
    """A recognised command: `name` plus its argument text (may be empty)."""

    name: str
    arg: str = ""
    loose: bool = False
    """Recognised from a short prefix (改人数): only a command if its argument names something."""


def _clean(text: str) -> str:
    return normalise(text).lower().rstrip("。.!！~～")


def command(text: str) -> Command | None:
    """Slash commands and navigation words; None when the text is something else."""
    raw = (text or "").strip()
    t = _clean(raw)
    if not t:
        return None
    if m := re.match(r"^/(flow|cite|pick|edit|ask|keep)(?:@\w+)?(?:\s+|$)(.*)$", raw.strip(), re.S):
        return Command(m[1], m[2].strip())
    for words, name in _NAVIGATION:
        if t in words:
            return Command(name)
    if m := EDIT_PREFIX.match(normalise(raw)):
        # 改 is also the first character of ordinary words (改革, 改进): the engine takes it as an
        # edit only when the rest names a field, and reads the line normally otherwise.
        word = normalise(raw)[: len(normalise(raw)) - len(m[1])]
        return Command("edit", m[1].strip(), loose=word == "改" and bool(m[1]))
    return None


def flow_intent(text: str) -> str | None:
    """The flow a sentence asks to start (我想申请服务平台 → platform_apply), or None."""
    t = normalise(text)
    if not t or len(t) > 80:
        return None
    # A menu button's own words typed out (创新券机构义务与风险) start its flow.
    for flow in FLOWS.values():
        if t == normalise(flow.button):
            return flow.id
    # Figures in the sentence make it a question about a case, answered by the hotline layer.
    if re.search(r"\d|[一二两三四五六七八九十百千万]+\s*(个人|人|平|万|家|年)", t):
        return None
    if _CITATION_WORDS.search(t):
        return None
    asks_what = bool(_INFO_QUESTION.search(t))
    for flow, pattern in _FLOW_PATTERNS:
        # 入驻要满足什么条件？ wants the clause, not an interview: the answer offers the self-check.
        if asks_what and flow in ("voucher_entry", "platform_apply"):
            continue
        if pattern.search(t):
            return flow
    return None


def looks_like_question(text: str) -> bool:
    """A question or a citation lookup rather than an answer to the open prompt."""
    t = normalise(text)
    return bool(_QUESTION_WORDS.search(t) or _CITATION_WORDS.search(t))


def is_greeting(text: str) -> bool:
    return bool(_GREETING.match(normalise(text)))
