"""The rules of 《上海市专业技术服务平台建设与管理办法》, one per condition, grouped into its five checks.

Each rule carries the article and item it implements; read it beside the clause text
(knowledge/measures/platform/text-*.json). Numbers come from knowledge/measures/platform/parameters.json
as they stood on the check date, and the sentences about them are built from those values. Exceptions the
text names are handled where they arise: 原则上 in Art. 7(4) and Art. 9 gives needs_review (the
parameter says so for 7(4)), and Art. 7(2)'s three scale alternatives are one rule.
"""

from __future__ import annotations

import math

from knowledge import registry

from .._dates import cn_date, explain, period_end
from .platform_grading import BAND_LABELS, FAIL, TOP, grade_field
from .._kit import CheckSpec, compare, declared, duty, fmt, rule, unknown, yes_no
from .._model import Basis, Gap, Outcome, Result
from .._params import Law
from .._reading import NEVER
from .._validity import validity_rule

VALIDITY = validity_rule("platform")

# --- Art. 7 and 9: may this organisation apply --------------------------------------------------


@rule("platform.7-1.org_form", "platform-7-1", "org_form")
def org_form(p, law: Law) -> Result:
    where = law.label("platform-7-1")
    if p.org_form is None:
        return unknown("org_form", about="依托单位的组织形式是否符合要求")
    from .._fields import fields
    name = fields()["org_form"].choices[p.org_form].label
    if p.org_form == "other":
        return Result(Outcome.not_met, f"依托单位为{name}，{where}要求依托单位是本市注册的法人或非法人组织。",
                      {"org_form": p.org_form}, basis=Basis.fact)
    return Result(Outcome.met, f"依托单位为{name}，符合{where}对组织形式的要求（法人或非法人组织）。",
                  {"org_form": p.org_form}, basis=Basis.fact)


@rule("platform.7-1.registered", "platform-7-1", "registered_in_shanghai")
def registered(p, law: Law) -> Result:
    where = law.label("platform-7-1")
    return yes_no(p.registered_in_shanghai, "registered_in_shanghai", good=True,
                  met=f"依托单位在本市注册，符合{where}的要求。",
                  not_met=f"依托单位不在本市注册，{where}要求依托单位是本市注册的法人或非法人组织。")


@rule("platform.7-2.scale", "platform-7-2", "service_clients", "industry_units_total", "service_revenue_wan",
      up=("service_clients", "service_revenue_wan"), down=("industry_units_total",))
def scale(p, law: Law) -> Result:
    """Art. 7(2)'s three scale alternatives; any one suffices."""
    clients_th, share_th, revenue_th = (law["platform.scale.clients_min"], law["platform.scale.industry_share_min_pct"],
                                        law["platform.scale.revenue_min_wan"])
    met, short, missing, gaps = [], [], [], []
    figures: dict = {}
    c, total, revenue = p.service_clients, p.industry_units_total, p.service_revenue_wan

    if c is None:
        missing.append("service_clients")
    else:
        figures["service_clients"] = c
        if clients_th.passes(c):
            met.append(f"对外服务单位 {c} 家，符合“{clients_th.quote}”")
        else:
            gap = clients_th.value - c
            short.append(f"对外服务单位 {c} 家，距 {fmt(clients_th.value)} {clients_th.unit}差 {fmt(gap)} {clients_th.unit}")
            gaps.append((gap / clients_th.value, Gap("service_clients", gap, clients_th.unit)))

    if total is None:
        missing.append("industry_units_total")
    elif c is not None:
        figures["industry_units_total"] = total
        if total == 0:
            short.append("本市行业内单位总数为 0，无法按比例计算")
        elif share_th.passes(c * 100 / total):
            met.append(f"对外服务单位 {c} 家占本市行业内单位总数 {total} 家的 {_pct(c, total, share_th.value)}%，"
                       f"符合“{share_th.quote}”")
        else:
            needed = math.ceil(share_th.value * total / 100)
            short.append(f"对外服务单位占本市行业内单位总数 {total} 家的 {_pct(c, total, share_th.value)}%，"
                         f"达到 {fmt(share_th.value)}% 需 {needed} 家，差 {needed - c} 家")
            gaps.append(((needed - c) / needed, Gap("service_clients", needed - c, "家")))

    if revenue is None:
        missing.append("service_revenue_wan")
    else:
        figures["service_revenue_wan"] = revenue
        if revenue_th.passes(revenue):
            met.append(f"年技术服务收入 {fmt(revenue)} 万元，符合“{revenue_th.quote}”")
        else:
            gap = revenue_th.value - revenue
            short.append(f"年技术服务收入 {fmt(revenue)} 万元，距 {fmt(revenue_th.value)} 万元差 {fmt(gap)} 万元")
            gaps.append((gap / revenue_th.value, Gap("service_revenue_wan", round(gap, 4), "万元")))

    where = law.label("platform-7-2")
    head = (f"{where}的规模条件有三项（{clients_th.quote}；或{share_th.quote}；或{revenue_th.quote}），满足其一即可")
    threshold = {"any_of": [clients_th.as_dict(), share_th.as_dict(), revenue_th.as_dict()]}
    if met:
        return Result(Outcome.met, f"{head}：{'；'.join(met)}，已满足。", figures, threshold)
    if missing:
        known = f"已知的{'；'.join(short)}；" if short else ""
        return Result(Outcome.unknown, f"{head}。{known}尚缺 {'、'.join(missing)}，无法判断其余选项。", figures, threshold,
                      missing=tuple(missing))
    best = min(gaps, key=lambda g: g[0])[1] if gaps else None
    return Result(Outcome.not_met, f"{head}：{'；'.join(short)}，三项均未达到。", figures, threshold, best)


def _pct(part: int, whole: int, threshold: float | None = None) -> str:
    """Share in % to one decimal; a share just under a threshold is truncated rather than rounded,
    so 29.96% never displays as the 30% it fails to reach."""
    share = round(part * 100 / whole, 1)
    if threshold is not None and share >= threshold > part * 100 / whole:
        share = math.floor(part * 1000 / whole) / 10
    return fmt(share)


@rule("platform.7-2.plan", "platform-7-2", "declares_plan_alignment")
def plan_alignment(p, law: Law) -> Result:
    return declared(p.declares_plan_alignment, "declares_plan_alignment",
                    what="服务平台涉及的行业领域符合上海市科技和产业发展规划", where=law.label("platform-7-2"))


@rule("platform.7-2.distinctive", "platform-7-2", "declares_distinctive_services")
def distinctive(p, law: Law) -> Result:
    return declared(p.declares_distinctive_services, "declares_distinctive_services",
                    what="具备较强的科技资源整合能力，技术服务特色鲜明，水平与能力在本市具备领先优势",
                    where=law.label("platform-7-2"))


@rule("platform.7-3.instruments", "platform-7-3", "instrument_value_wan", up=("instrument_value_wan",))
def instruments(p, law: Law) -> Result:
    if p.instrument_value_wan is None:
        return unknown("instrument_value_wan", about="仪器设施价值是否达标")
    return compare(p.instrument_value_wan, law["platform.instrument_value_min_wan"], law,
                   field="instrument_value_wan", what="对外服务仪器设施价值总额")


@rule("platform.7-3.area", "platform-7-3", "service_area_sqm", up=("service_area_sqm",))
def area(p, law: Law) -> Result:
    if p.service_area_sqm is None:
        return unknown("service_area_sqm", about="对外服务场地面积是否达标")
    return compare(p.service_area_sqm, law["platform.service_area_min_sqm"], law, field="service_area_sqm",
                   what="对外服务场地面积")


@rule("platform.7-4.headcount", "platform-7-4", "fixed_staff", up=("fixed_staff",))
def headcount(p, law: Law) -> Result:
    if p.fixed_staff is None:
        return unknown("fixed_staff", about="固定人员数量是否达标")
    return compare(p.fixed_staff, law["platform.fixed_staff_min"], law, field="fixed_staff", what="固定人员")


@rule("platform.7-4.qualified_share", "platform-7-4", "fixed_staff", "qualified_staff",
      up=("qualified_staff",), down=("fixed_staff",))
def qualified_share(p, law: Law) -> Result:
    th = law["platform.qualified_share_min_pct"]
    missing = tuple(f for f in ("fixed_staff", "qualified_staff") if getattr(p, f) is None)
    if missing:
        return unknown(*missing, about="中高级职称或职业从业资格人员的比例是否达标")
    q, f = p.qualified_staff, p.fixed_staff
    figures = {"fixed_staff": f, "qualified_staff": q}
    where = law.label("platform-7-4")
    if f == 0:
        return Result(Outcome.not_met, f"固定人员为 0，{where}要求“{th.quote}”。", figures, th.as_dict(),
                      Gap("qualified_staff", 1, "人"))
    share = f"具备中高级职称或职业从业资格的 {q} 人，占固定人员 {f} 人的 {_pct(q, f, th.value)}%"
    if th.passes(q * 100 / f):
        return Result(Outcome.met, f"{share}，符合{where}“{th.quote}”的要求。", figures, th.as_dict())
    needed = math.ceil(th.value * f / 100)
    return Result(Outcome.not_met, f"{share}，{where}要求“{th.quote}”；按现有 {f} 人计至少需 {needed} 人，"
                  f"还差 {needed - q} 人。", figures, th.as_dict(), Gap("qualified_staff", needed - q, "人"))


@rule("platform.7-5.management", "platform-7-5", "has_management_rules")
def management(p, law: Law) -> Result:
    where = law.label("platform-7-5")
    return yes_no(p.has_management_rules, "has_management_rules", good=True,
                  met=f"已建立投入、运行和管理机制，并制定管理制度、服务流程、收费标准和服务质量保证措施，符合{where}。",
                  not_met=f"{where}要求建立有效的投入机制、运行机制和管理体制，制定明确的管理制度、服务流程、"
                          "收费标准和服务质量保证措施，申报前需补齐。")


@rule("platform.9.research", "platform-9", "software_or_research_focus")
def research_focus(p, law: Law) -> Result:
    where = law.label("platform-9")
    return yes_no(p.software_or_research_focus, "software_or_research_focus", good=False,
                  met=f"建设内容不以技术研究或软件开发为主，不涉及{where}的排除情形。",
                  not_met=f"建设内容以技术研究或软件开发为主；{where}“原则上不支持”，并非一律排除，需评审复核。",
                  bad_outcome=Outcome.needs_review)


@rule("platform.9.duplicate", "platform-9", "duplicates_existing_platform")
def duplicate(p, law: Law) -> Result:
    where = law.label("platform-9")
    return yes_no(p.duplicates_existing_platform, "duplicates_existing_platform", good=False,
                  met=f"不与已有服务平台重复建设，不涉及{where}的排除情形。",
                  not_met=f"与已有服务平台存在重复建设；{where}“原则上不支持”，需评审复核。",
                  bad_outcome=Outcome.needs_review)


# --- Art. 8(5): the construction period ---------------------------------------------------------


@rule("platform.8-5.period", "platform-8-5", "construction_started_on", "construction_accepted_on",
      up=("construction_started_on",), down=("construction_accepted_on",))
def construction_period(p, law: Law) -> Result:
    """建设期限不超过两年: acceptance by the period's last day. A blank acceptance date is asked, never
    taken as "not accepted" — only 尚未验收 (NEVER) says that."""
    if p.construction_started_on is None:
        return unknown("construction_started_on", about="建设期限何时届满")
    th = law["platform.construction_max_years"]
    start = p.construction_started_on
    deadline = period_end(start, years=th.value)
    convention = explain("建设期开始日", start, f"{fmt(th.value)}年", deadline)
    figures = {"construction_started_on": start, "deadline": deadline}
    where = law.label("platform-8-5")
    limit = f"{where}规定“{th.quote}”，自{cn_date(start)}开始的建设期至{cn_date(deadline)}届满"
    end = registry()["platform"].version_on(p.as_of).effective_until
    late_note = f"；注意截止日晚于本办法有效期（{cn_date(end)}）" if deadline > end else ""
    details = {"deadline": deadline}
    accepted = p.construction_accepted_on
    if accepted is not None and accepted is not NEVER:
        figures["construction_accepted_on"] = accepted
        if accepted <= deadline:
            return Result(Outcome.met, f"{limit}；已于{cn_date(accepted)}通过验收，在期限内。", figures, th.as_dict(),
                          convention=convention, details=details)
        over = (accepted - deadline).days
        return Result(Outcome.not_met, f"{limit}；{cn_date(accepted)}才通过验收，超过期限 {over} 天。", figures,
                      th.as_dict(), Gap("construction_accepted_on", over, "天"), convention=convention, details=details)
    if p.as_of <= deadline:
        left = (deadline - p.as_of).days
        done = "尚未验收，" if accepted is NEVER else ""
        return Result(Outcome.met, f"{limit}，{done}距{cn_date(p.as_of)}还有 {left} 天，须在此前完成组建任务并通过验收{late_note}。",
                      figures, th.as_dict(), convention=convention, details=details)
    if accepted is None:
        return Result(Outcome.unknown, f"{limit}，至{cn_date(p.as_of)}已届满；是否已在期限内通过验收，需填写验收日期"
                      "（construction_accepted_on；尚未验收请填 never）才能判断。", figures, th.as_dict(),
                      missing=("construction_accepted_on",), convention=convention, details=details)
    over = (p.as_of - deadline).days
    figures["construction_accepted_on"] = accepted
    return Result(Outcome.not_met, f"{limit}，至{cn_date(p.as_of)}已超过 {over} 天，仍未通过验收。",
                  figures, th.as_dict(), Gap("construction_started_on", over, "天"), convention=convention,
                  details=details)


# --- Art. 11, 13, 16–21: the running duties -----------------------------------------------------


structure_plan = rule("platform.11.structure_plan", "platform-11", "has_org_structure_and_plan")(
    duty("has_org_structure_and_plan", "platform-11", "已建立内部组织架构并制定发展规划",
         "建立完善的内部组织架构并制定相应的发展规划，目前尚未做到"))
accounts = rule("platform.11.accounts", "platform-11", "has_independent_accounts")(
    duty("has_independent_accounts", "platform-11", "已实行财务独立核算", "实行财务独立核算，目前尚未做到"))
internal_rules = rule("platform.17.internal_rules", "platform-17", "has_internal_rules")(
    duty("has_internal_rules", "platform-17", "已建立技术、用户、财务和知识产权管理等内部规章制度",
         "建立和健全技术管理、用户管理、财务管理和知识产权管理等内部规章制度（第十一条亦要求健全内部管理制度），目前尚未做到"))


@rule("platform.13.director_time", "platform-13", "director_months_per_year", up=("director_months_per_year",))
def director_time(p, law: Law) -> Result:
    if p.director_months_per_year is None:
        return unknown("director_months_per_year", about="平台主任的工作时间是否达标")
    return compare(p.director_months_per_year, law["platform.director_min_months"], law,
                   field="director_months_per_year", what="平台主任每年在平台工作")


secretary = rule("platform.16.secretary", "platform-16", "has_full_time_secretary")(
    duty("has_full_time_secretary", "platform-16", "已设专职秘书岗位", "设专职秘书岗位，目前尚未设立"))
procedures = rule("platform.18.procedures", "platform-18", "has_service_procedures")(
    duty("has_service_procedures", "platform-18", "已制定服务流程、服务规范等对外服务制度",
         "制定详细的服务流程、服务规范等对外服务制度，目前尚未做到"))
publication = rule("platform.18.publication", "platform-18", "publishes_service_info")(
    duty("publishes_service_info", "platform-18", "服务内容、项目、团队等信息已通过上海研发公共服务平台网站公开",
         "通过上海研发公共服务平台网站（www.sgst.cn）向社会公开服务内容、服务项目、服务团队等信息，目前尚未公开"))
sharing = rule("platform.19.sharing", "platform-19", "shares_large_instruments")(
    duty("shares_large_instruments", "platform-19", "大型科学仪器设施已向社会开放共享",
         "大型科学仪器设施向社会开放共享，目前尚未开放"))
annual_report = rule("platform.20.annual_report", "platform-20", "annual_report_submitted")(
    duty("annual_report_submitted", "platform-20", "已按年度填报年度报告并报送市科委",
         "每年通过上海研发公共服务平台门户网站填报年度报告并报送市科委（年度报告是绩效考核的主要依据），目前尚未填报"))


@rule("platform.21.director_change", "platform-21", "director_change")
def director_change(p, law: Law) -> Result:
    value, where = p.director_change, law.label("platform-21")
    if value is None:
        return unknown("director_change", about="更换平台主任是否已备案")
    figures = {"director_change": value}
    if value == "not_filed":
        return Result(Outcome.not_met, f"已更换平台主任但未备案；{where}要求由依托单位报市科委备案。", figures, basis=Basis.fact)
    text = "未更换平台主任" if value == "none" else "更换平台主任已报市科委备案"
    return Result(Outcome.met, f"{text}，符合{where}。", figures, basis=Basis.fact)


@rule("platform.21.structural_change", "platform-21", "structural_change")
def structural_change(p, law: Law) -> Result:
    value, where = p.structural_change, law.label("platform-21")
    if value is None:
        return unknown("structural_change", about="更名、变更方向或结构调整是否经同意")
    figures = {"structural_change": value}
    if value == "unapproved":
        return Result(Outcome.not_met, f"未经市科委同意即更名、变更服务方向或进行结构调整、重组；{where}要求依托单位先提出申请，"
                      "经市科委组织专家论证同意后方可变更。", figures, basis=Basis.fact)
    text = {"none": "没有更名、变更服务方向或结构调整、重组", "approved": "相关变更已经市科委论证同意",
            "pending": "相关变更已提出申请，尚待市科委组织专家论证；同意前请勿实施变更"}[value]
    return Result(Outcome.met, f"{text}，符合{where}。", figures, basis=Basis.fact)


# --- Art. 22: grade bands for one field ---------------------------------------------------------


@rule("platform.22.band", "platform-22", "field_scores", "own_platform")
def grade_band(p, law: Law) -> Result:
    if p.field_scores is None:
        return unknown("field_scores", about="各平台的评估等级")
    top_th, fail_th = law["platform.top_grades_max_pct"], law["platform.bottom_fail_pct"]
    g = grade_field(p.field_scores, top_th.value, fail_th.value)
    n = g.size
    where = law.label("platform-22")
    top, fail = fmt(top_th.value), fmt(fail_th.value)
    rule_text = (f"{where}：本领域参评 {n} 个平台，“{top_th.quote}”，即至多 {g.top_cap} 个"
                 f"（{top}%×{n}={fmt(top_th.value * n / 100)}，向下取整，因这是上限）；“{fail_th.quote}”，共 {g.fail_cap} 个"
                 f"（{fail}%×{n}={fmt(fail_th.value * n / 100)}，向下取整：不合格是不利结果，只有排在其后（含并列）的平台不超过"
                 f"{fail}%才算后{fail}%）；同分并列，跨越界线的并列组整体不进入该档；其余为“一般”")
    details = {"grading": g, "rounding": {k: law.readings[k].rule for k in
                                          ("grading.top_rounding", "grading.bottom_rounding", "grading.ties")}}
    threshold = {"all_of": [top_th.as_dict(), fail_th.as_dict()]}
    figures = {"platforms": n, "top_cap": g.top_cap, "fail_cap": g.fail_cap}
    if p.own_platform is None:
        return Result(Outcome.unknown, f"{rule_text}。各平台所在档次见明细；请告知本平台名称（own_platform）以判断本平台结果。",
                      figures, threshold, missing=("own_platform",), details=details)
    row = g.row(p.own_platform)
    figures.update(own_platform=row.name, score=row.score, rank=row.rank)
    text = f"{rule_text}。本平台“{row.name}”得分 {fmt(row.score)}，排名第 {row.rank}/{n}，{BAND_LABELS[row.band]}"
    if row.band == FAIL:
        return Result(Outcome.not_met, text + f"，将被责令限期整改；连续两次不合格将不再列入服务平台序列（{law.label('platform-23-1')}）。",
                      figures, threshold, details=details)
    if row.band == TOP:
        return Result(Outcome.met, text + "；评为“优秀”“良好”的将给予经费后补助资助。", figures, threshold, details=details)
    return Result(Outcome.met, text + "。", figures, threshold, details=details)


# --- Art. 22–23: rectification and removal ------------------------------------------------------


@rule("platform.23-1.consecutive_fails", "platform-23-1", "platform_grades")
def consecutive_fails(p, law: Law) -> Result:
    grades = p.platform_grades
    if grades is None:
        return unknown("platform_grades", about="是否连续两次评估不合格")
    th = law["platform.removal_consecutive_fails"]
    run = int(th.value)
    where = law.label("platform-23-1")
    figures = {"platform_grades": list(grades)}
    shown = "、".join(grades) or "（尚无评估结果）"
    for i in range(len(grades) - run + 1):
        if all(g == "不合格" for g in grades[i:i + run]):
            places = "、".join(str(i + k + 1) for k in range(run))
            return Result(Outcome.not_met, f"历次绩效评估为{shown}，第 {places} 次连续为“不合格”，按{where}将不再列入服务平台序列。",
                          figures, th.as_dict())
    warn = "；最近一次为“不合格”，下一次评估如仍不合格将不再列入序列" if run == 2 and grades and grades[-1] == "不合格" else ""
    return Result(Outcome.met, f"历次绩效评估为{shown}，未出现“{th.quote}”的情形（{where}）{warn}。", figures, th.as_dict())


@rule("platform.23-2.supervision", "platform-23-2", "accepts_supervision")
def supervision(p, law: Law) -> Result:
    where = law.label("platform-23-2")
    return yes_no(p.accepts_supervision, "accepts_supervision", good=True,
                  met=f"接受市科委的检查、监督和评估，不涉及{where}的情形。",
                  not_met=f"不接受市科委检查、监督和评估的，按{where}将不再列入服务平台序列。")


@rule("platform.23-2.rectification", "platform-23-2", "platform_rectification")
def rectification(p, law: Law) -> Result:
    value, where = p.platform_rectification, law.label("platform-23-2")
    if value is None:
        return unknown("platform_rectification", about="整改是否合格")
    figures = {"platform_rectification": value}
    if value == "failed":
        return Result(Outcome.not_met, f"整改不合格，按{where}将不再列入服务平台序列。", figures, basis=Basis.fact)
    text = {"none": "没有整改要求", "passed": "整改合格",
            "in_progress": "正在整改；整改不合格的将不再列入服务平台序列，请在期限内完成"}[value]
    return Result(Outcome.met, f"{text}（{where}）。", figures, basis=Basis.fact)


@rule("platform.23-3.fraud", "platform-23-3", "serious_fraud_in_evaluation")
def evaluation_fraud(p, law: Law) -> Result:
    where = law.label("platform-23-3")
    return yes_no(p.serious_fraud_in_evaluation, "serious_fraud_in_evaluation", good=False,
                  met=f"评估过程中没有严重弄虚作假，不涉及{where}。",
                  not_met=f"评估过程中出现严重弄虚作假的，按{where}将不再列入服务平台序列。")


@rule("platform.23-4.host", "platform-23-4", "host_unable_to_continue")
def host(p, law: Law) -> Result:
    where = law.label("platform-23-4")
    return yes_no(p.host_unable_to_continue, "host_unable_to_continue", good=False,
                  met=f"依托单位能够继续发挥服务平台服务功能，不涉及{where}。",
                  not_met=f"依托单位因资产重组、破产、运营困难、依法终止等原因无法继续发挥服务平台服务功能的，"
                          f"按{where}将不再列入服务平台序列。")


@rule("platform.22.rectification", "platform-22", "platform_grades")
def latest_fail(p, law: Law) -> Result:
    grades = p.platform_grades
    if grades is None:
        return unknown("platform_grades", about="最近一次评估是否不合格")
    where = law.label("platform-22")
    figures = {"platform_grades": list(grades)}
    if not grades:
        return Result(Outcome.met, f"尚无绩效评估结果，暂不涉及{where}的限期整改。", figures)
    if grades[-1] == "不合格":
        return Result(Outcome.not_met, f"最近一次绩效评估为“不合格”，按{where}将被责令限期整改。", figures)
    bonus = "，可获经费后补助资助" if grades[-1] in ("优秀", "良好") else ""
    return Result(Outcome.met, f"最近一次绩效评估为“{grades[-1]}”{bonus}，不涉及{where}的限期整改。", figures)


CHECKS = (
    CheckSpec("platform.eligibility", "platform", "eligibility", "服务平台建设申报条件",
              "本单位能否申报建设专业技术服务平台",
              ("platform-7-1", "platform-7-2", "platform-7-3", "platform-7-4", "platform-7-5", "platform-9"),
              (VALIDITY, org_form, registered, scale, plan_alignment, distinctive, instruments, area, headcount,
               qualified_share, management, research_focus, duplicate)),
    CheckSpec("platform.construction", "platform", "obligation", "服务平台建设期限",
              "建设是否在规定期限内，截止日是哪天", ("platform-8-5",), (VALIDITY, construction_period)),
    CheckSpec("platform.operation", "platform", "obligation", "服务平台运行管理义务",
              "平台是否履行了运行管理方面的各项义务",
              ("platform-11", "platform-13", "platform-16", "platform-17", "platform-18", "platform-19",
               "platform-20", "platform-21"),
              (VALIDITY, structure_plan, accounts, internal_rules, director_time, secretary, procedures,
               publication, sharing, annual_report, director_change, structural_change)),
    CheckSpec("platform.grading", "platform", "obligation", "服务平台绩效评估等级测算",
              "按同一领域各平台得分，哪些可评优秀或良好、哪些为不合格、哪些为一般", ("platform-22",),
              (VALIDITY, grade_band)),
    CheckSpec("platform.retention", "platform", "obligation", "服务平台整改与退出风险",
              "平台是否面临限期整改或不再列入服务平台序列",
              ("platform-22", "platform-23-1", "platform-23-2", "platform-23-3", "platform-23-4"),
              (VALIDITY, consecutive_fails, supervision, rectification, evaluation_fraud, host, latest_fail)),
)
