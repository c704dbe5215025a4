"""The self-check flows: which checks each one runs and which figures it asks, in what order.

A flow asks only what its checks still need. After every answer the checks run on the figures so
far (well under a millisecond) and a field stays in the plan only while some condition is unknown
for want of it; so once 对外服务单位 60 家 settles platform Art. 7(2), the other two scale
alternatives are not asked. Field wording comes from bot.prompts, field facts from checks.FIELDS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

import checks
import knowledge
from knowledge import Citation, shanghai_today

from .prompts import ALIASES, FUTURE_DATES, FieldPrompt, PLACEHOLDERS, example_for, question_for

# Kinds a chat cannot sensibly collect one line at a time (a whole field's score table).
_NOT_ASKED_KINDS = frozenset({"scores"})
_NOT_ASKED = frozenset({"as_of", "own_platform", "field_scores"})


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    button: str
    intro: str
    checks: tuple[str, ...]
    """Empty for the health check, whose checks follow from its first answer."""


FLOWS: dict[str, Flow] = {f.id: f for f in (
    Flow("platform_apply", "服务平台申请条件自检", "能否申请服务平台",
         "对照《办法》第七条、第九条，看贵单位能否申请建设专业技术服务平台。", ("platform.eligibility",)),
    Flow("voucher_entry", "创新券平台入驻条件自检", "能否入驻创新券平台",
         "对照《细则》第四条、第五条，看贵机构能否作为服务机构入驻创新券平台。", ("voucher.entry",)),
    Flow("platform_duties", "服务平台运行义务与风险自查", "服务平台义务与风险",
         "适用于已立项或已列入序列的服务平台：建设期限、日常运行义务、被整改或不再列入序列的风险。",
         ("platform.construction", "platform.operation", "platform.retention")),
    Flow("voucher_duties", "创新券服务机构义务与风险自查", "创新券机构义务与风险",
         "适用于已入驻创新券平台的服务机构：日常工作、综合评价、奖励、整改暂停清退的风险和使用规范。",
         ("voucher.duties", "voucher.evaluation", "voucher.reward", "voucher.adjustment", "voucher.conduct")),
    Flow("health", "机构全面体检", "机构全面体检",
         "先问贵机构目前的身份，再把适用的检查一次做完，同一个数字只问一次。", ()),
)}

STANDING = "_standing"
"""The health check's first question: where the organisation stands today."""
_STANDING_CHOICES = (
    ("none", "尚未加入，想了解能否申请或入驻"),
    ("platform", "已是服务平台（含建设期）"),
    ("voucher", "已入驻创新券平台"),
    ("both", "两者都是"),
)
_STANDING_CHECKS = {
    "none": ("platform.eligibility", "voucher.entry"),
    "platform": FLOWS["platform_duties"].checks + ("voucher.entry",),
    "voucher": ("platform.eligibility",) + FLOWS["voucher_duties"].checks,
    "both": FLOWS["platform_duties"].checks + FLOWS["voucher_duties"].checks,
}
_LOCAL_FIELDS = {
    STANDING: FieldPrompt(
        name=STANDING, label="机构目前的身份", kind="choice", question="贵机构目前是哪种情况？",
        why="身份决定适用哪些检查：尚未加入的看申请和入驻条件，已在其中的看运行义务和风险。", citation=None,
        choices=_STANDING_CHOICES, example=_STANDING_CHOICES[0][1],
        aliases={"none": ("尚未", "还没", "都没有", "没有加入", "都不是", "新机构"),
                 "platform": ("服务平台", "是平台", "平台"), "voucher": ("创新券", "服务机构", "入驻了"),
                 "both": ("两者", "都是", "两个都", "都有")},
    ),
}


@dataclass(frozen=True)
class Plan:
    checks: tuple[str, ...]
    fields: list[str]


def menu_text() -> str:
    return "\n".join(f"· {f.button}：{f.intro}" for f in FLOWS.values())


def flow_for_suggestion(measure: str) -> str | None:
    """knowledge.ask's suggest_check ('platform' / 'voucher') → the application flow for it."""
    return {"platform": "platform_apply", "voucher": "voucher_entry"}.get(measure)


# Articles whose conditions a flow checks: an answer quoting one of them offers that self-check.
_FLOW_OF_ARTICLE = {
    "platform-7": "platform_apply", "platform-9": "platform_apply",
    "voucher-4": "voucher_entry", "voucher-5": "voucher_entry",
    "platform-11": "platform_duties", "platform-13": "platform_duties", "platform-16": "platform_duties",
    "platform-23": "platform_duties", "voucher-6": "voucher_duties", "voucher-12": "voucher_duties",
    "voucher-13": "voucher_duties",
}


def flow_for_clause(measure: str, article: int) -> str | None:
    return _FLOW_OF_ARTICLE.get(f"{measure}-{article}")


@lru_cache(maxsize=None)
def field(name: str) -> FieldPrompt:
    """The chat view of one field: checks.FIELDS facts plus bot.prompts wording."""
    if name in _LOCAL_FIELDS:
        return _LOCAL_FIELDS[name]
    spec = checks.FIELDS[name]
    choices = tuple(spec.choices.items())
    example = example_for(name, spec.kind, choices)
    placeholder = PLACEHOLDERS.get(spec.kind, "")
    if spec.kind == "int" and example:
        placeholder = f"填数字，例如 {example.split(' ')[0]}"
    return FieldPrompt(
        name=name, label=spec.label, kind=spec.kind, question=question_for(name, spec.label, spec.kind, spec.unit),
        why=spec.why, citation=spec.citation, unit=spec.unit, choices=choices, aliases=ALIASES.get(name, {}),
        example=example, placeholder=placeholder,
        allow_future=name in FUTURE_DATES, declaration=spec.declaration, verified_by=spec.verified_by,
    )


@lru_cache(maxsize=256)
def citation(clause_id: str) -> Citation | None:
    clause = knowledge.corpus().clause(clause_id)
    if clause is None:
        return None
    return Citation(id=clause.id, measure=clause.measure, article=clause.article, item=clause.item,
                    label=clause.label, short_label=clause.short_label, text=clause.text)


def display(name: str, value: Any) -> str:
    """A stored value as the user reads it back: choice labels rather than keys, units spelled out."""
    from .figures import format_value

    spec = field(name)
    if spec.kind == "choice" and value is not None:
        return dict(spec.choices).get(value, str(value))
    return format_value(spec.kind, value, spec.unit)


def field_citation(name: str, check_ids: tuple[str, ...] | list[str]) -> str | None:
    """The clause behind a question in this flow: the first of its checks' rules that reads the field.

    组织形式 is asked under 《细则》第四条第（一）项 in the voucher flow and under 《办法》第七条第（一）项
    in the platform flow, though the field registry names one clause for both.
    """
    for check_id in check_ids:
        for r in checks.CATALOGUE[check_id].rules:
            if name in r.fields:
                return r.citation
    return field(name).citation


def checks_for(flow_id: str, answers: dict[str, Any]) -> tuple[str, ...]:
    flow = FLOWS[flow_id]
    if flow.checks:
        return flow.checks
    return _STANDING_CHECKS.get(answers.get(STANDING), ())


def _askable(name: str) -> bool:
    return name not in _NOT_ASKED and checks.FIELDS[name].kind not in _NOT_ASKED_KINDS


def candidate_fields(check_ids: tuple[str, ...]) -> list[str]:
    """Every askable field of the checks, in the checks' own asking order, each once."""
    seen: dict[str, None] = {}
    for check_id in check_ids:
        seen.update(dict.fromkeys(f for f in checks.CATALOGUE[check_id].fields if _askable(f)))
    return list(seen)


def profile(answers: dict[str, Any], today: date) -> "checks.Profile":
    data = {k: v for k, v in answers.items() if not k.startswith("_")}
    return checks.Profile.model_validate({**data, "as_of": today.isoformat()})


def plan(flow_id: str | None, answers: dict[str, Any], today: date | None = None) -> Plan:
    """The checks and the fields to ask now: those answered or still needed by an unknown condition."""
    if flow_id is None:
        return Plan((), [])
    today = today or shanghai_today()
    key = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
    return _plan(flow_id, key, today)


@lru_cache(maxsize=4096)
def _plan(flow_id: str, answers_key: str, today: date) -> Plan:
    answers = json.loads(answers_key)
    head = [STANDING] if not FLOWS[flow_id].checks else []
    check_ids = checks_for(flow_id, answers)
    if not check_ids:
        return Plan((), head)
    candidates = candidate_fields(check_ids)
    try:
        reports = checks.run(profile(answers, today), list(check_ids))
    except (ValidationError, ValueError):
        return Plan(check_ids, head + candidates)
    needed: set[str] = set()
    for report in reports:
        for finding in report.findings:
            if str(finding.outcome) == "unknown":
                needed.update(finding.missing)
    fields = [f for f in candidates if f in needed or f in answers]
    return Plan(check_ids, head + fields)


def all_fields(flow_id: str, answers: dict[str, Any]) -> list[str]:
    """Every field the flow could ask (for 修改 to find a field that the plan has since dropped)."""
    head = [STANDING] if not FLOWS[flow_id].checks else []
    return head + candidate_fields(checks_for(flow_id, answers))


def validate(name: str, value: Any, answers: dict[str, Any], today: date) -> str | None:
    """The checks' own validation of the figures with this value in: None, or a Chinese message."""
    if name.startswith("_"):
        return None
    try:
        profile({**answers, name: value}, today)
    except ValidationError as err:
        return "；".join(_message(e) for e in err.errors())
    except ValueError as err:
        return str(err)
    return None


def _message(error: dict) -> str:
    if error.get("type") == "value_error":
        return str(error.get("ctx", {}).get("error", error.get("msg", "")))
    loc = [str(p) for p in error.get("loc", ())]
    label = checks.FIELDS[loc[0]].label if loc and loc[0] in checks.FIELDS else "这一项"
    return f"{label}的值不符合要求。"


def match_field(text: str, fields: list[str]) -> tuple[str | None, str]:
    """'面积 200平米' → ('service_area_sqm', '200平米'): the field named at the start of an edit, and the rest.

    Matches the field key, its whole label, or the longest run of its label's words found in the
    text (人数 → 固定人员数量 or 具备…的人数, ties broken by plan order).
    """
    from .figures import normalise

    t = normalise(text)
    if not t:
        return None, ""
    for name in fields:
        if t == name or t.startswith(name + " ") or t.startswith(name):
            return name, t[len(name):].strip()
    best: tuple[int, int, str, str] | None = None
    for order, name in enumerate(fields):
        spec = field(name)
        label = normalise(spec.label).replace("（自述）", "")
        for candidate in _label_keys(name, label):
            if candidate and t.startswith(candidate):
                score = len(candidate)
                if best is None or score > best[0] or (score == best[0] and order < best[1]):
                    best = (score, order, name, t[len(candidate):])
    if best is None:
        # A label mentioned anywhere in a short text (改一下场地面积) still counts.
        for order, name in enumerate(fields):
            for candidate in _label_keys(name, normalise(field(name).label)):
                if len(candidate) >= 2 and candidate in t:
                    score = len(candidate)
                    if best is None or score > best[0]:
                        rest = t.split(candidate, 1)[1]
                        best = (score, order, name, rest)
    if best is None:
        return None, ""
    return best[2], best[3].strip(" ：:，,为是到成")


_FIELD_WORDS = {
    "fixed_staff": ("固定人员", "人数", "员工", "人员数量", "固定人数"),
    "qualified_staff": ("职称", "中高级", "资格人数", "持证"),
    "service_area_sqm": ("面积", "场地", "场地面积"),
    "instrument_value_wan": ("仪器", "设备", "仪器设施"),
    "service_revenue_wan": ("收入", "营收", "服务收入"),
    "service_clients": ("服务单位", "客户", "客户数"),
    "established_on": ("成立", "成立日期", "成立时间"),
    "org_form": ("组织形式", "性质", "单位性质"),
    "registered_in_shanghai": ("注册", "注册地", "本市注册"),
    "director_months_per_year": ("主任", "工作月数"),
    "joined_voucher_platform_on": ("入驻日期", "入驻时间"),
    "info_updated_on": ("更新", "信息更新"),
    "last_order_on": ("订单", "最近订单"),
}


def _label_keys(name: str, label: str) -> list[str]:
    keys = [label, *(_FIELD_WORDS.get(name, ()))]
    return sorted(set(keys), key=len, reverse=True)
