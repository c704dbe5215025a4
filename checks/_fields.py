"""The field registry: every figure a check can ask for, with its Chinese label, unit, kind and clause.

The dialog engine asks questions from this registry and the API describes inputs from it, so a
field's wording and the reason it is asked live in one place. `Profile` must declare exactly these
fields (a test holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXPERT_REVIEW = "专家评审（《办法》第八条第（三）项）"
VOUCHER_VERIFICATION = "创新券平台核验（《细则》第五条第（二）项）"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One input field.

    kind: int (a count), wan (money in 万元), sqm (m²), months, year, date, bool, choice (one of
    `choices`), grades (a list of grades, oldest first, values from `choices`), scores (platform
    name → score), text.
    core: named in the issue's public contract (the rest were added where a rule needs them).
    verified_by: set for a declaration, a condition only a reviewer can judge.
    """

    name: str
    label: str
    kind: str
    why: str
    citation: str
    unit: str | None = None
    choices: dict[str, str] = field(default_factory=dict)
    core: bool = False
    verified_by: str | None = None

    @property
    def declaration(self) -> bool:
        return self.verified_by is not None

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "kind": self.kind, "unit": self.unit,
                "choices": self.choices or None, "why": self.why, "citation": self.citation,
                "core": self.core, "declaration": self.declaration, "verified_by": self.verified_by}


ORG_FORMS = {"legal_person": "法人", "unincorporated_org": "非法人组织",
             "other": "其他（个体工商户、自然人等）"}
PLATFORM_GRADES = {"优秀": "优秀", "良好": "良好", "一般": "一般", "不合格": "不合格"}
VOUCHER_GRADES = {"优秀": "优秀", "良好": "良好", "合格": "合格", "不合格": "不合格"}


def _f(name, label, kind, why, citation, unit=None, choices=None, core=False, verified_by=None):
    return FieldSpec(name, label, kind, why, citation, unit, choices or {}, core, verified_by)


_SPECS = [
    # --- the contract -----------------------------------------------------------------
    _f("as_of", "检查日期", "date", "期限是否届满、办法是否有效，都按这一天判断；不填即为今天。", "platform-24", core=True),
    _f("org_form", "组织形式", "choice", "两项规定都要求是法人或非法人组织。", "platform-7-1",
       choices=ORG_FORMS, core=True),
    _f("registered_in_shanghai", "是否在本市注册", "bool", "平台依托单位须是本市注册的法人或非法人组织。",
       "platform-7-1", core=True),
    _f("established_on", "成立日期", "date", "入驻创新券平台要求正常经营2年以上。", "voucher-4-2", core=True),
    _f("service_clients", "对外服务单位数量", "int", "平台规模条件之一是对外服务单位不少于50家。", "platform-7-2",
       unit="家", core=True),
    _f("industry_units_total", "本市行业内单位总数", "int",
       "规模条件之二是服务单位不低于本市行业内单位总数的50%，需要知道总数。", "platform-7-2", unit="家", core=True),
    _f("service_revenue_wan", "年技术服务收入", "wan", "规模条件之三是年技术服务收入不低于500万元。", "platform-7-2",
       unit="万元", core=True),
    _f("instrument_value_wan", "对外服务仪器设施价值总额", "wan", "平台要求对外服务仪器设施价值总额不低于500万元。",
       "platform-7-3", unit="万元", core=True),
    _f("service_area_sqm", "对外服务场地面积", "sqm", "平台要求对外服务场地面积150平米以上。", "platform-7-3",
       unit="平方米", core=True),
    _f("fixed_staff", "固定人员数量", "int", "平台固定人员原则上不少于15人。", "platform-7-4", unit="人", core=True),
    _f("qualified_staff", "具备中高级职称或职业从业资格的人数", "int",
       "这类人员占固定人员的比例不得低于30%。", "platform-7-4", unit="人", core=True),
    _f("director_months_per_year", "平台主任每年在平台工作的月数", "months",
       "平台主任每年在平台的工作时间不少于半年。", "platform-13", unit="个月", core=True),
    _f("joined_voucher_platform_on", "正式入驻创新券平台的日期", "date",
       "入驻满2年的服务机构才纳入综合评价。", "voucher-7", core=True),
    _f("info_updated_on", "最近一次在创新券平台更新机构信息的日期", "date",
       "机构信息至少每年更新一次，连续3年以上不更新且无订单将被清退。", "voucher-6-3", core=True),
    _f("last_order_on", "最近一笔创新券订单的日期", "date",
       "连续3年以上不更新信息且无订单的，将被清退。", "voucher-12-3", core=True),
    _f("construction_started_on", "平台建设期开始日期", "date", "平台建设期限不超过两年。", "platform-8-5", core=True),
    _f("platform_grades", "历年平台绩效评估等级（从早到晚）", "grades",
       "评估不合格将被责令限期整改，连续两次不合格将不再列入服务平台序列。", "platform-23-1",
       choices=PLATFORM_GRADES, core=True),
    _f("voucher_grades", "历年创新券综合评价等级（从早到晚）", "grades",
       "优秀、良好可获奖励，不合格将被限期整改。", "voucher-10", choices=VOUCHER_GRADES, core=True),
    _f("received_instrument_sharing_reward", "评价时限内是否已获上海市大型科学仪器设施共享服务奖励资金", "bool",
       "已获该项奖励的服务机构不重复奖励。", "voucher-10", core=True),
    # --- platform: added where a rule needs them ----------------------------------------------
    _f("declares_plan_alignment", "平台行业领域是否符合上海市科技和产业发展规划（自述）", "bool",
       "这是申报条件之一，只能由专家评审认定，这里记录您的自我判断。", "platform-7-2", verified_by=EXPERT_REVIEW),
    _f("declares_distinctive_services", "是否具备较强的资源整合能力、服务特色鲜明且在本市领先（自述）", "bool",
       "这是申报条件之一，只能由专家评审认定，这里记录您的自我判断。", "platform-7-2", verified_by=EXPERT_REVIEW),
    _f("has_management_rules", "是否已建立投入、运行和管理机制，并制定管理制度、服务流程、收费标准和服务质量保证措施",
       "bool", "申报条件要求有明确的管理制度、服务流程、收费标准和服务质量保证措施。", "platform-7-5"),
    _f("software_or_research_focus", "平台建设内容是否以技术研究或软件开发为主", "bool",
       "平台建设原则上不支持技术研究和软件开发。", "platform-9"),
    _f("duplicates_existing_platform", "是否与已有服务平台重复建设", "bool", "平台建设原则上不支持重复建设。",
       "platform-9"),
    _f("construction_accepted_on", "平台通过验收的日期（尚未验收则不填）", "date",
       "建设期限不超过两年，须在期限内完成组建并通过验收。", "platform-8-5"),
    _f("has_org_structure_and_plan", "是否已建立内部组织架构并制定发展规划", "bool",
       "平台应建立完善的内部组织架构并制定发展规划。", "platform-11"),
    _f("has_independent_accounts", "是否实行财务独立核算", "bool", "平台应实行财务独立核算。", "platform-11"),
    _f("has_internal_rules", "是否已建立技术、用户、财务和知识产权管理等内部规章制度", "bool",
       "平台应建立和健全内部规章制度。", "platform-17"),
    _f("has_full_time_secretary", "是否设有专职秘书岗位", "bool", "平台应设专职秘书岗位。", "platform-16"),
    _f("has_service_procedures", "是否已制定服务流程、服务规范等对外服务制度", "bool",
       "平台应制定详细的对外服务制度。", "platform-18"),
    _f("publishes_service_info", "服务内容、项目、团队等信息是否已在上海研发公共服务平台网站（www.sgst.cn）公开",
       "bool", "平台的服务信息应向社会公开。", "platform-18"),
    _f("shares_large_instruments", "大型科学仪器设施是否已向社会开放共享", "bool",
       "平台的大型科学仪器设施应向社会开放共享。", "platform-19"),
    _f("annual_report_submitted", "是否已按年度填报年度报告并报送市科委", "bool",
       "年度报告是平台绩效考核的主要依据，须每年填报。", "platform-20"),
    _f("director_change", "平台主任更换情况", "choice", "更换平台主任须报市科委备案。", "platform-21",
       choices={"none": "未更换", "filed": "已更换并报市科委备案", "not_filed": "已更换但未备案"}),
    _f("structural_change", "更名、变更服务方向或结构调整、重组情况", "choice",
       "这类变更须向市科委申请，经论证同意后方可变更。", "platform-21",
       choices={"none": "没有此类变更", "approved": "已申请并经市科委同意", "pending": "已申请，尚待市科委同意",
                "unapproved": "未经市科委同意即已变更"}),
    _f("field_scores", "同一领域参评平台的评估得分（平台名称 → 分数）", "scores",
       "评估按领域分组排名，优秀和良好合计不超过30%，后10%为不合格。", "platform-22"),
    _f("own_platform", "本平台在得分名单中的名称", "text", "用来告诉您本平台落在哪一档。", "platform-22"),
    _f("accepts_supervision", "是否接受市科委的检查、监督和评估", "bool",
       "不接受检查、监督和评估的，将不再列入服务平台序列。", "platform-23-2"),
    _f("platform_rectification", "平台整改情况", "choice", "整改不合格的，将不再列入服务平台序列。", "platform-23-2",
       choices={"none": "没有整改要求", "in_progress": "正在整改", "passed": "整改合格", "failed": "整改不合格"}),
    _f("serious_fraud_in_evaluation", "评估过程中是否出现严重弄虚作假", "bool",
       "评估中严重弄虚作假的，将不再列入服务平台序列。", "platform-23-3"),
    _f("host_unable_to_continue", "依托单位是否因资产重组、破产、运营困难、依法终止等原因无法继续发挥平台服务功能",
       "bool", "出现这种情形的，将不再列入服务平台序列。", "platform-23-4"),
    # --- voucher: added where a rule needs them -----------------------------------------------
    _f("has_fixed_premises", "是否有开展服务的固定场所", "bool", "入驻创新券平台要求有开展服务的固定场所。",
       "voucher-4-2"),
    _f("declares_professional_team", "是否具备专业的服务团队和服务能力（自述）", "bool",
       "这是入驻条件之一，由创新券平台核验，这里记录您的自我判断。", "voucher-4-2",
       verified_by=VOUCHER_VERIFICATION),
    _f("has_service_specification", "是否有明确的服务内容、服务规范和收费标准", "bool",
       "入驻创新券平台要求有明确的服务内容、服务规范、收费标准。", "voucher-4-2"),
    _f("has_financial_rules", "是否有规范的财务制度", "bool", "入驻创新券平台要求有规范的财务制度。", "voucher-4-2"),
    _f("declares_research_integrity", "是否符合科研诚信管理要求（自述）", "bool",
       "这是入驻条件之一，由创新券平台核验信用信息，这里记录您的自我判断。", "voucher-4-3",
       verified_by=VOUCHER_VERIFICATION),
    _f("verified_on", "通过创新券平台核验的日期", "date", "通过核验后公示7天，公示无异议方可正式入驻。", "voucher-5-3"),
    _f("responds_to_orders", "是否及时响应需求、承接订单并开展真实规范的服务", "bool",
       "这是已入驻服务机构的日常工作之一。", "voucher-6-1"),
    _f("has_voucher_service_rules", "是否已建立关于创新券服务的内部管理制度和服务规范", "bool",
       "这是已入驻服务机构的日常工作之一。", "voucher-6-2"),
    _f("keeps_order_records", "是否妥善保管订单的合同、票据、成果等全过程档案", "bool",
       "档案是复核、监督检查和综合评价的依据。", "voucher-6-4"),
    _f("cooperates_with_reviews", "是否配合复核、监督检查和综合评价", "bool", "这是已入驻服务机构的日常工作之一。",
       "voucher-6-4"),
    _f("evaluation_year", "评价年度（不填即检查日期所在年度）", "year", "综合评价每年一季度发布通知、公布评价名单。",
       "voucher-9-1"),
    _f("evaluation_notice_on", "当年综合评价工作通知的发布日期（如已知）", "date",
       "入驻是否满2年按通知发布之日判断；不知道时按一季度推算。", "voucher-9-1"),
    _f("service_category_count", "参加评价的服务类别数", "int", "多个服务类别按得分最高的一类排名，不重复奖励。",
       "voucher-10", unit="类"),
    _f("never_had_order", "入驻以来是否从未有过创新券订单", "bool",
       "没有订单时，连续无订单的期间从入驻之日算起。", "voucher-12-3"),
    _f("ignores_orders_without_reason", "是否无正当理由长期不响应服务订单", "bool", "这种情形将被限期整改。",
       "voucher-12-1"),
    _f("voucher_rectification", "创新券整改情况", "choice", "未按期完成整改或整改不符合要求的，将被暂停服务。",
       "voucher-12-2",
       choices={"none": "没有整改要求", "in_progress": "正在整改，尚未到期", "completed": "已按期完成整改",
                "overdue": "未按期完成整改", "rejected": "整改不符合要求"}),
    _f("false_entry_materials", "入驻时是否提供过虚假材料", "bool", "提供虚假材料入驻的，将被清退。", "voucher-12-3"),
    _f("service_fraud", "服务中是否有弄虚作假或欺诈（伪造合同或记录、编造测试结果、虚报金额等）", "bool",
       "这是禁止行为，将被清退并不予兑付或追回资金。", "voucher-13-1"),
    _f("voucher_fund_fraud", "是否有骗取、套取创新券资金的行为", "bool", "这种情形将被清退。", "voucher-12-3"),
    _f("refuses_supervision", "是否拒不配合监督检查", "bool", "拒不配合监督检查的，将被清退并不予兑付。", "voucher-14"),
    _f("related_party_orders", "是否与下单企业（团队）存在直接控股、管理等关联关系", "bool",
       "关联关系下交易内容不符合独立公平原则的，属于禁止的关联交易。", "voucher-13-2"),
    _f("related_party_fair", "关联交易的内容是否符合独立公平原则（自述）", "bool",
       "是否符合独立公平原则由管理中心复核认定。", "voucher-13-2"),
    _f("subcontracts_orders", "是否将订单服务内容转由第三方承接", "bool", "服务转包是禁止行为。", "voucher-13-3"),
]

FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _SPECS}
CORE_FIELDS = frozenset(name for name, spec in FIELDS.items() if spec.core)
