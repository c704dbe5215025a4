"""How each field of the checks is asked in a chat: the question, an example answer, words people use
for its choices, and whether a date may lie ahead.

The checks' field registry (checks.FIELDS) owns a field's label, kind, unit, reason and clause; this
module only adds what a conversation needs on top, so the wording of a question can be polished
without touching the rules, and a field without an entry here is still asked sensibly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Question wording for fields where "label + 是多少？" would read awkwardly.
QUESTIONS: dict[str, str] = {
    "org_form": "贵单位的组织形式是哪一种？",
    "registered_in_shanghai": "贵单位是否在上海市注册？",
    "established_on": "贵单位是哪一天成立的？",
    "service_clients": "过去一年对外服务了多少家单位？",
    "industry_units_total": "本市这个行业内一共有多少家单位？",
    "service_revenue_wan": "年技术服务收入是多少？",
    "instrument_value_wan": "用于对外服务的仪器设施价值总额是多少？",
    "service_area_sqm": "用于对外服务的场地面积有多大？",
    "fixed_staff": "平台固定人员有多少人？",
    "qualified_staff": "其中具备中高级职称或职业从业资格的有多少人？",
    "director_months_per_year": "平台主任每年在平台工作几个月？",
    "joined_voucher_platform_on": "贵机构是哪一天正式入驻创新券平台的？",
    "info_updated_on": "最近一次在创新券平台更新机构信息是哪一天？",
    "last_order_on": "最近一笔创新券订单是哪一天？",
    "construction_started_on": "平台建设期是哪一天开始的？",
    "construction_accepted_on": "平台是哪一天通过验收的？（尚未验收请说“跳过”）",
    "platform_grades": "平台历年的绩效评估等级是什么？请从早到晚依次列出。",
    "voucher_grades": "历年创新券综合评价等级是什么？请从早到晚依次列出。",
    "verified_on": "贵机构是哪一天通过创新券平台核验的？（尚未核验请说“跳过”）",
    "evaluation_year": "想看哪一年的综合评价？",
    "evaluation_notice_on": "当年综合评价工作通知是哪一天发布的？（不知道请说“跳过”）",
    "service_category_count": "参加评价的服务类别有几类？",
    "director_change": "平台主任有没有更换过？",
    "structural_change": "平台有没有更名、变更服务方向或进行结构调整、重组？",
    "platform_rectification": "平台目前的整改情况是？",
    "voucher_rectification": "创新券方面的整改情况是？",
}

EXAMPLES: dict[str, str] = {
    "int": "15 或 十五",
    "wan": "500万、5,000,000元、五百万 或 0.05亿",
    "sqm": "150平米 或 150",
    "months": "6个月 或 半年",
    "date": "2023-05-01、2023年5月 或 2023.5.1",
    "year": "2026",
    "bool": "是 / 否",
    "grades": "良好、一般、不合格",
    "text": "",
}

PLACEHOLDERS: dict[str, str] = {
    "int": "填数字，例如 15",
    "wan": "例如 500万",
    "sqm": "例如 150平米",
    "months": "例如 6个月",
    "date": "例如 2023-05-01",
    "year": "例如 2026",
    "grades": "例如 良好、一般",
    "text": "请输入",
}

# Everyday words for a choice, keyed by field then choice value; the parser takes the longest match.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "org_form": {
        "legal_person": ("法人", "公司", "有限公司", "股份公司", "企业", "事业单位", "高校", "大学", "研究院", "研究所",
                         "社会团体", "民办非企业", "社会组织", "独立法人", "有限责任公司", "国企", "民企"),
        "unincorporated_org": ("非法人", "非法人组织", "合伙", "合伙企业", "分公司", "个人独资企业", "分支机构"),
        "other": ("个体", "个体户", "个体工商户", "自然人", "个人", "其他", "都不是"),
    },
    "director_change": {
        "none": ("没有", "没换", "未更换", "没有更换", "否", "无"),
        "filed": ("已备案", "备案了", "换了已备案"),
        "not_filed": ("未备案", "没备案", "没有备案"),
    },
    "structural_change": {
        "none": ("没有", "无", "否", "没有变更"),
        "approved": ("已同意", "同意了", "批准", "已批准"),
        "pending": ("尚待", "等待", "审批中", "还没批"),
        "unapproved": ("未经同意", "没申请", "未申请", "擅自"),
    },
    "platform_rectification": {
        "none": ("没有", "无", "没有整改"),
        "in_progress": ("正在", "整改中", "进行中"),
        "passed": ("合格", "已整改", "整改完成"),
        "failed": ("不合格", "没通过"),
    },
    "voucher_rectification": {
        "none": ("没有", "无", "没有整改"),
        "in_progress": ("正在", "整改中", "进行中", "未到期"),
        "completed": ("已完成", "按期完成", "整改完成"),
        "overdue": ("逾期", "超期", "未按期", "没按期"),
        "rejected": ("不符合", "没通过"),
    },
}

# Dates that may lie after today (a notice not yet published, a planned step); all others are past events.
FUTURE_DATES = frozenset({"evaluation_notice_on", "as_of"})


@dataclass(frozen=True)
class FieldPrompt:
    """Everything the engine needs to ask one field and read the reply."""

    name: str
    label: str
    kind: str
    question: str
    why: str
    citation: str | None
    unit: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    example: str = ""
    placeholder: str = ""
    allow_future: bool = False
    declaration: bool = False
    verified_by: str | None = None


def question_for(name: str, label: str, kind: str, unit: str | None) -> str:
    if name in QUESTIONS:
        return QUESTIONS[name]
    core = label.replace("（自述）", "")
    if kind == "bool":
        return core if core.endswith("？") else core + "？"
    if kind == "date":
        return f"{core}是哪一天？"
    if kind in ("choice", "grades"):
        return f"{core}是？"
    if unit:
        return f"{core}是多少{unit}？"
    return f"{core}是多少？"


def example_for(name: str, kind: str, choices: tuple[tuple[str, str], ...]) -> str:
    if kind == "choice" and choices:
        return choices[0][1]
    if kind == "grades" and choices:
        labels = [label for _, label in choices]
        return "、".join(labels[1:3] or labels[:2])
    if name in _INT_EXAMPLES:
        return _INT_EXAMPLES[name]
    return EXAMPLES.get(kind, "")


_INT_EXAMPLES = {
    "service_clients": "50家 或 五十家",
    "industry_units_total": "200家",
    "fixed_staff": "15人 或 十五个",
    "qualified_staff": "5人",
    "service_category_count": "2类",
}
