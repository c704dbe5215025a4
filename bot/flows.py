"""The self-check flows: which checks each runs and which figures it asks, in what order and sections.

Flows are data: each measure's folder has a flows.json (title, menu button, introduction, checks, the
phrases that start it, its role). The full health check is generic: its first question asks where
the organisation stands, and from the answer it runs the member checks of the measures it is in and
the application checks of the others.

A flow asks a field while its answer could still change a finding: after every answer the checks run
on the figures so far (well under a millisecond), and an unanswered field stays in the plan when a
finding is unknown for want of it, when it is a figure said too loosely to decide (asked once for the
exact value), or when some value of it would change a rule's outcome (a probe over the field's kind:
a rule that took a blank as "no" would show up here and be asked). Field wording comes from the field
declarations (checks.fields()), nothing here restates a field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from pydantic import ValidationError

import checks
from knowledge import Citation, corpus, registry

STANDING = "_standing"
"""The health check's first question: where the organisation stands today (not a field of any rule)."""
HEALTH = "health"


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    button: str
    intro: str
    checks: tuple[str, ...]
    """Empty for the health check, whose checks follow from its first answer."""
    role: str = "tool"
    """apply (to join), member (duties of those in), tool (a calculator), health (everything at once)."""
    measure: str | None = None
    member_label: str | None = None
    starts: tuple[re.Pattern, ...] = ()


@cache
def flows() -> dict[str, Flow]:
    """Every measure's flows in registry order, then the health check over them."""
    out: dict[str, Flow] = {}
    for measure, raw in registry().data("flows.json").items():
        for flow_id, f in raw["flows"].items():
            unknown = [c for c in f["checks"] if c not in checks.catalogue()]
            if unknown:
                raise ValueError(f"{measure}/flows.json: flow {flow_id} names unknown checks {unknown}")
            out[flow_id] = Flow(flow_id, f["title"], f["button"], f["intro"], tuple(f["checks"]), f.get("role", "tool"),
                                measure, f.get("member_label"), tuple(re.compile(p) for p in f.get("starts", ())))
    if any(f.role in ("apply", "member") for f in out.values()):
        out[HEALTH] = Flow(HEALTH, "机构全面体检", "机构全面体检",
                           "先问贵机构目前的身份，再把适用的检查一次做完，同一个数字只问一次。", (), "health")
    return out


def _by_role(role: str) -> list[Flow]:
    return [f for f in flows().values() if f.role == role]


@cache
def standing_choices() -> tuple[tuple[str, str], ...]:
    """(value, label) for the health check's first question: none, each measure one is in, all of them."""
    members = _by_role("member")
    choices = [("none", "尚未加入，想了解能否申请或入驻")]
    choices += [(f.measure, f.member_label or f.title) for f in members]
    if len(members) > 1:
        choices.append(("all", "以上都是"))
    return tuple(choices)


def checks_for(flow_id: str, answers: dict[str, Any]) -> tuple[str, ...]:
    flow = flows()[flow_id]
    if flow.checks:
        return flow.checks
    standing = answers.get(STANDING)
    if standing is None:
        return ()
    member_of = {f.measure for f in _by_role("member")} if standing == "all" else {standing} - {"none"}
    chosen = [f for f in _by_role("member") if f.measure in member_of]
    chosen += [f for f in _by_role("apply") if f.measure not in member_of]
    return tuple(dict.fromkeys(c for f in chosen for c in f.checks))


def menu_text() -> str:
    return "\n".join(f"· {f.button}：{f.intro}" for f in flows().values())


def flow_for_measure(measure: str) -> str | None:
    """The application flow of a measure (knowledge.ask's suggest_check names the measure)."""
    return next((f.id for f in _by_role("apply") if f.measure == measure), None)


@cache
def _flow_of_article() -> dict[str, str]:
    """Article id (<measure>-7) → the first flow whose checks judge one of its clauses."""
    out: dict[str, str] = {}
    for flow in flows().values():
        for check_id in flow.checks:
            for cid in checks.catalogue()[check_id].articles:
                out.setdefault("-".join(cid.split("-")[:2]), flow.id)
    return out


def flow_for_clause(measure: str, article: int) -> str | None:
    return _flow_of_article().get(f"{measure}-{article}")


# ----------------------------------------------------------------------------------------- fields

@dataclass(frozen=True)
class FieldPrompt:
    """Everything the engine needs to ask one field and read the reply."""

    name: str
    label: str
    kind: str
    question: str
    why: str
    spec: Any
    citation: str | None = None
    unit: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    example: str = ""
    placeholder: str = ""
    future: bool = False


_EXAMPLES = {"count": "15 或 十五", "wan": "500万、5,000,000元、五百万 或 0.05亿", "sqm": "150平米 或 150",
             "months": "6个月 或 半年", "date": "2023-05-01、2023年5月 或 2023.5.1", "year": "2027",
             "bool": "是 / 否", "grades": "良好、一般", "scores": "甲 91（每行一个名称和分数）", "text": ""}
_PLACEHOLDERS = {"count": "填数字，例如 15", "wan": "例如 500万", "sqm": "例如 150平米", "months": "例如 6个月",
                 "date": "例如 2023-05-01", "year": "例如 2027", "grades": "例如 良好、一般",
                 "scores": "每行一个：名称 分数", "text": "请输入"}


def _question(spec) -> str:
    if spec.question:
        return spec.question
    core = spec.label.replace("（自述）", "")
    if spec.kind == "bool":
        return core if core.endswith("？") else core + "？"
    if spec.kind == "date":
        return f"{core}是哪一天？"
    if spec.kind in ("choice", "grades"):
        return f"{core}是？"
    return f"{core}是多少{spec.unit or ''}？"


@lru_cache(maxsize=512)
def field(name: str, day: date) -> FieldPrompt:
    """The chat view of one field on `day` (its reason quotes the thresholds in force then)."""
    if name == STANDING:
        return FieldPrompt(name=STANDING, label="机构目前的身份", kind="choice", question="贵机构目前是哪种情况？",
                           why="身份决定适用哪些检查：尚未加入的看申请和入驻条件，已在其中的看运行义务和风险。",
                           spec=None, choices=standing_choices(), example=standing_choices()[0][1])
    spec = checks.fields()[name]
    choices = tuple((k, c.label) for k, c in spec.choices.items())
    example = spec.example or (choices[0][1] if spec.kind == "choice" and choices else
                               "、".join(label for _, label in choices[1:3]) if spec.kind == "grades" else
                               _EXAMPLES.get(spec.kind, ""))
    return FieldPrompt(name=name, label=spec.label, kind=spec.kind, question=_question(spec),
                       why=spec.why_with(checks.law(day).words), spec=spec, citation=spec.citation, unit=spec.unit,
                       choices=choices, example=example, placeholder=_PLACEHOLDERS.get(spec.kind, ""),
                       future=spec.future)


def field_citation(name: str, check_ids: tuple[str, ...]) -> str | None:
    """The clause behind a question in this flow: the first of its checks' rules that reads the field
    (组织形式 is asked under one measure's clause in one flow and under another's in another)."""
    for check_id in check_ids:
        for r in checks.catalogue()[check_id].rules:
            if name in r.fields:
                return r.citation
    return None if name == STANDING else checks.fields()[name].citation


def citation(clause_id: str, day: date) -> Citation | None:
    clause = corpus(day).clause(clause_id)
    return Citation.of(clause) if clause else None


def display(name: str, value: Any) -> str:
    """A stored value as the user reads it back: choice labels, units, spans as they were said."""
    if name == STANDING:
        return dict(standing_choices()).get(value, str(value))
    spec = checks.fields()[name]
    return checks.display(spec, _typed(spec, value))


def _typed(spec, value: Any) -> Any:
    """A JSON-stored answer back as the reader's value (dates, spans, NEVER)."""
    if value is None:
        return None
    if value == "never" and spec.never:
        return checks.NEVER
    if isinstance(value, dict) and {"low", "high"} <= set(value):
        low, high = value["low"], value["high"]
        if spec.kind == "date":
            low, high = date.fromisoformat(low), date.fromisoformat(high)
        return checks.Span(low, high, value.get("said", ""))
    if spec.kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


# ----------------------------------------------------------------------------------------- plans

def profile(answers: dict[str, Any], today: date) -> "checks.ProfileBase":
    data = {k: v for k, v in answers.items() if not k.startswith("_")}
    return checks.profile_model().model_validate({**data, "as_of": today.isoformat()})


def _askable(name: str) -> bool:
    return name != "as_of" and checks.fields()[name].asked


@dataclass(frozen=True)
class Section:
    """One check of a flow as the chat presents it: its title and the fields first asked under it."""

    check: str
    title: str
    fields: tuple[str, ...]


@lru_cache(maxsize=256)
def sections(flow_id: str, standing: str | None) -> tuple[Section, ...]:
    """The flow's checks in order, each with the askable fields it is the first to read: a stable frame
    for progress (第 2 部分 / 共 3 部分 · 第 4 项 / 共 11 项) however many fields end up needed."""
    answers = {STANDING: standing} if standing else {}
    seen: set[str] = set()
    out = []
    for check_id in checks_for(flow_id, answers):
        spec = checks.catalogue()[check_id]
        own = tuple(f for f in spec.fields if _askable(f) and f not in seen)
        seen.update(own)
        out.append(Section(check_id, spec.title, own))
    return tuple(out)


def candidate_fields(flow_id: str, answers: dict[str, Any]) -> list[str]:
    head = [STANDING] if not flows()[flow_id].checks else []
    return head + [f for s in sections(flow_id, answers.get(STANDING)) for f in s.fields]


@dataclass(frozen=True)
class Plan:
    checks: tuple[str, ...]
    fields: list[str]
    """The fields to ask now, in order: those answered, and those whose answer could change a finding."""
    uncertain: dict[str, str]
    """Field → the clause label where a figure said approximately decides nothing yet (ask once for exact)."""


def plan(flow_id: str | None, answers: dict[str, Any], today: date) -> Plan:
    if flow_id is None:
        return Plan((), [], {})
    return _plan(flow_id, json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str), today)


@lru_cache(maxsize=4096)
def _plan(flow_id: str, answers_key: str, today: date) -> Plan:
    answers = json.loads(answers_key)
    head = [STANDING] if not flows()[flow_id].checks else []
    check_ids = checks_for(flow_id, answers)
    if not check_ids:
        return Plan((), head, {})
    candidates = candidate_fields(flow_id, answers)
    try:
        p = profile(answers, today)
    except ValidationError:
        return Plan(check_ids, candidates, {})
    law = checks.law(today)
    needed: set[str] = set()
    uncertain: dict[str, str] = {}
    catalogue = checks.catalogue()
    for check_id in check_ids:
        for rule in catalogue[check_id].rules:
            result = checks.apply(rule, p, law)
            needed.update(result.missing)
            needed.update(result.asks)
            for name in result.uncertain:
                uncertain.setdefault(name, law.label(rule.citation))
            for name in rule.fields:
                if name not in answers and name not in needed and _askable(name) and _could_change(rule, p, law, name, result):
                    needed.add(name)
    fields = [f for f in candidates if f in needed or f in answers]
    return Plan(check_ids, fields, uncertain)


def _could_change(rule, p, law, name: str, result) -> bool:
    """Whether some value of an unanswered field would change this rule's outcome as things stand."""
    for value in _probes(checks.fields()[name], p.as_of, law):
        probed = checks.apply(rule, p.model_copy(update={name: value}), law)
        if probed.outcome is not result.outcome:
            return True
    return False


def _probes(spec, as_of: date, law) -> list[Any]:
    """Representative values of a field's kind: both answers of a yes/no, every choice, figures either
    side of every threshold in force, dates across the periods the measures count."""
    if spec.kind == "bool":
        return [True, False]
    if spec.kind == "choice":
        return list(spec.choices)
    if spec.kind == "grades":
        return [[], ["不合格"], ["不合格", "不合格"], [next(iter(spec.choices))]]
    if spec.kind in ("count", "wan", "sqm", "months"):
        values = {0, 12 if spec.kind == "months" else 10**7}
        for th in law.thresholds.values():
            if th.unit == spec.unit:
                values.update({th.value, max(th.value - 1, 0), th.value + 1})
        if spec.kind == "count":
            return sorted(int(v) for v in values)
        return sorted(min(v, 12) if spec.kind == "months" else v for v in values)
    if spec.kind == "date":
        days = [as_of - timedelta(days=n) for n in (0, 1, 200, 366, 730, 1100, 1500, 3650)]
        return [d for d in days if d >= date(1900, 1, 1)] + ([checks.NEVER] if spec.never else [])
    return []


def validate(name: str, value: Any, answers: dict[str, Any], today: date) -> str | None:
    """The checks' own validation of the figures with this value in: None, or a Chinese message."""
    if name.startswith("_"):
        return None
    try:
        profile({**answers, name: value}, today)
    except ValidationError as err:
        return "；".join(checks.errors.chinese_message(e) for e in err.errors())
    return None
