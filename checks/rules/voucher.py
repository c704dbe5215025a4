"""The rules of 《上海市科技创新券服务机构管理实施细则》, one per condition, grouped into its six checks.

Each rule carries the article and item it implements; read it beside the clause text
(knowledge/measures/voucher/text-*.json). Dates follow the Civil Code's period rules (checks/_dates.py);
the readings the text leaves open (which evaluation round, what 至少每年更新一次 means) are stated with
their reasons in knowledge/measures/voucher/parameters.json under "readings", and quoted in the results.
"""

from __future__ import annotations

from datetime import date

from knowledge import registry

from .._dates import add_months, cn_date, explain, period_end
from .._fields import fields
from .._kit import CheckSpec, declared, duty, rule, unknown, yes_no
from .._model import Basis, Gap, Outcome, Result
from .._params import Law
from .._reading import NEVER
from .._validity import validity_rule

VALIDITY = validity_rule("voucher")


def _in_force_until(p) -> date:
    return registry()["voucher"].version_on(p.as_of).effective_until


# --- Art. 4 and 5: entry --------------------------------------------------------------------------


@rule("voucher.4-1.org_form", "voucher-4-1", "org_form")
def org_form(p, law: Law) -> Result:
    if p.org_form is None:
        return unknown("org_form", about="组织形式是否符合入驻条件")
    name, where = fields()["org_form"].choices[p.org_form].label, law.label("voucher-4-1")
    if p.org_form == "other":
        return Result(Outcome.not_met, f"机构为{name}，{where}要求为法人或非法人组织。", {"org_form": p.org_form},
                      basis=Basis.fact)
    return Result(Outcome.met, f"机构为{name}，符合{where}（法人或非法人组织；本细则不要求在本市注册）。",
                  {"org_form": p.org_form}, basis=Basis.fact)


@rule("voucher.4-2.operating_years", "voucher-4-2", "established_on", down=("established_on",))
def operating_years(p, law: Law) -> Result:
    """正常经营2年以上, its length: two years complete on the corresponding day (以上 includes the number)."""
    th = law["voucher.operating_min_years"]
    if p.established_on is None:
        return unknown("established_on", about=f"是否“{th.quote}”")
    years = int(th.value)
    founded = p.established_on
    reached = period_end(founded, years=years)
    convention = explain("成立日", founded, f"{years}年", reached) + f"；“以上”含本数，届满当日即满{years}年"
    figures = {"established_on": founded, "years_complete_on": reached}
    where = law.label("voucher-4-2")
    if p.as_of >= reached:
        return Result(Outcome.met, f"成立于{cn_date(founded)}，已于{cn_date(reached)}满 {years} 年，符合{where}“{th.quote}”"
                      "中的年限要求（是否正常经营另见下一项）。", figures, th.as_dict(), convention=convention)
    left = (reached - p.as_of).days
    return Result(Outcome.not_met, f"成立于{cn_date(founded)}，至{cn_date(p.as_of)}未满 {years} 年，{where}要求“{th.quote}”；"
                  f"将于{cn_date(reached)}满 {years} 年，还差 {left} 天。", figures, th.as_dict(),
                  Gap("established_on", left, "天"), convention=convention)


@rule("voucher.4-2.operating_normally", "voucher-4-2", "operating_normally")
def operating_normally(p, law: Law) -> Result:
    where, th = law.label("voucher-4-2"), law["voucher.operating_min_years"]
    return yes_no(p.operating_normally, "operating_normally", good=True,
                  met=f"目前正常经营，符合{where}“正常经营”的要求（由创新券平台核验信用信息时认定）。",
                  not_met=f"{where}要求“{th.quote}”；被列入经营异常名录、停业或被吊销的，不符合入驻条件。")


premises = rule("voucher.4-2.premises", "voucher-4-2", "has_fixed_premises")(
    duty("has_fixed_premises", "voucher-4-2", "有开展服务的固定场所", "有开展服务的固定场所"))


@rule("voucher.4-2.team", "voucher-4-2", "declares_professional_team")
def team(p, law: Law) -> Result:
    return declared(p.declares_professional_team, "declares_professional_team",
                    what="具备专业的服务团队和服务能力", where=law.label("voucher-4-2"))


specification = rule("voucher.4-2.specification", "voucher-4-2", "has_service_specification")(
    duty("has_service_specification", "voucher-4-2", "有明确的服务内容、服务规范、收费标准",
         "有明确的服务内容、服务规范、收费标准"))
finance = rule("voucher.4-2.finance", "voucher-4-2", "has_financial_rules")(
    duty("has_financial_rules", "voucher-4-2", "有规范的财务制度", "有规范的财务制度"))


@rule("voucher.4-3.integrity", "voucher-4-3", "declares_research_integrity")
def integrity(p, law: Law) -> Result:
    return declared(p.declares_research_integrity, "declares_research_integrity",
                    what="符合科研诚信管理要求", where=law.label("voucher-4-3"))


ENTRY_CONDITIONS = (org_form, operating_years, operating_normally, premises, team, specification, finance, integrity)


@rule("voucher.5.publicity", "voucher-5-3", "verified_on", down=("verified_on",))
def publicity(p, law: Law) -> Result:
    th = law["voucher.publicity_days"]
    days = int(th.value)
    where = f"{law.label('voucher-5-3')}、第（四）项"
    if p.verified_on is None or p.verified_on is NEVER:
        lead = "尚未通过核验；" if p.verified_on is NEVER else ""
        return Result(Outcome.unknown, f"{lead}按{where}，通过核验后“{th.quote}”，公示无异议的可正式入驻；"
                      "填写通过核验的日期（verified_on）即可算出公示期和最早入驻日。", basis=Basis.info,
                      asks=() if p.verified_on is NEVER else ("verified_on",))
    verified = p.verified_on
    last = period_end(verified, days=days)
    earliest = date.fromordinal(last.toordinal() + 1)
    convention = explain("通过核验之日", verified, f"{days}天公示", last) + f"；公示期满次日{cn_date(earliest)}起可正式入驻"
    details = {"publicity_from": date.fromordinal(verified.toordinal() + 1), "publicity_to": last,
               "earliest_entry": earliest}
    figures = {"verified_on": verified, "publicity_to": last, "earliest_entry": earliest}
    end = _in_force_until(p)
    late = f"；注意最早入驻日晚于本细则有效期（{cn_date(end)}）" if earliest > end else ""
    if p.as_of >= earliest:
        return Result(Outcome.met, f"{cn_date(verified)}通过核验，公示期至{cn_date(last)}届满；公示无异议的，"
                      f"自{cn_date(earliest)}起可正式入驻（{where}）{late}。", figures, th.as_dict(), basis=Basis.info,
                      convention=convention, details=details)
    return Result(Outcome.needs_review, f"{cn_date(verified)}通过核验，公示期至{cn_date(last)}，目前仍在公示期内；"
                  f"公示无异议的，最早{cn_date(earliest)}可正式入驻（{where}）{late}。", figures, th.as_dict(),
                  basis=Basis.info, convention=convention, details=details)


# --- Art. 6: running duties -----------------------------------------------------------------------


responds = rule("voucher.6-1.orders", "voucher-6-1", "responds_to_orders")(
    duty("responds_to_orders", "voucher-6-1", "及时响应需求、承接创新券订单并开展真实规范的服务",
         "关注和响应企业（团队）的服务需求，及时承接创新券服务订单，开展真实、规范、高质量的专业服务"))
service_rules = rule("voucher.6-2.rules", "voucher-6-2", "has_voucher_service_rules")(
    duty("has_voucher_service_rules", "voucher-6-2", "已建立创新券服务的内部管理制度和服务规范",
         "建立健全关于创新券服务的内部管理制度和服务规范"))
records = rule("voucher.6-4.records", "voucher-6-4", "keeps_order_records")(
    duty("keeps_order_records", "voucher-6-4", "妥善保管订单的服务合同、票据、成果等全过程档案",
         "妥善保管创新券订单有关的服务合同、票据、成果等全过程档案材料"))
cooperation = rule("voucher.6-4.cooperation", "voucher-6-4", "cooperates_with_reviews")(
    duty("cooperates_with_reviews", "voucher-6-4", "接受并配合复核、监督检查和综合评价",
         "自觉接受并积极配合相关复核、监督检查和综合评价等工作"))


def _update_standing(p, law: Law) -> tuple[Outcome, str, dict]:
    """至少每年更新一次, read as a yearly frequency (the reading and its reason: parameters.json
    duties.info_update): met while the current or the previous calendar year had an update and this
    year's is not yet overdue; a calendar year that ended without one is a breach; where only the
    stricter rolling reading (a year from the last update) finds it overdue, review."""
    th = law["voucher.info_update_max_years"]
    last = p.info_updated_on
    rolling_due = period_end(last, years=int(th.value))
    this_year_due = date(p.as_of.year, 12, 31)
    figures = {"info_updated_on": last, "current_year_due": this_year_due, "rolling_due": rolling_due}
    head = f"最近一次更新信息在{cn_date(last)}"
    if p.as_of.year - last.year >= 2:
        missed = last.year + 1
        over = (p.as_of - date(missed, 12, 31)).days
        return (Outcome.not_met, f"{head}，{missed}年全年没有更新，不符合“{th.quote}”（按自然年度理解，"
                f"{missed}年的更新应在{missed}年12月31日前完成，已过 {over} 天）", figures)
    if p.as_of > rolling_due:
        return (Outcome.needs_review, f"{head}；按自然年度理解，今年（{p.as_of.year}年）的更新在{cn_date(this_year_due)}前完成即可，"
                f"尚未逾期；但若按“距上次更新不超过一年”理解，应在{cn_date(rolling_due)}前更新，已逾期 "
                f"{(p.as_of - rolling_due).days} 天。这一更严的理解有争议，需复核；稳妥起见请尽快更新", figures)
    due = this_year_due if last.year < p.as_of.year else date(p.as_of.year + 1, 12, 31)
    return (Outcome.met, f"{head}，符合“{th.quote}”；按自然年度理解，下一次更新最迟应在{cn_date(due)}前完成"
            f"（如按距上次更新一年计，为{cn_date(rolling_due)}前，稳妥起见可以此为准）", figures)


@rule("voucher.6-3.info_update", "voucher-6-3", "info_updated_on", up=("info_updated_on",))
def info_update(p, law: Law) -> Result:
    if p.info_updated_on is None:
        return unknown("info_updated_on", about="机构信息是否按年更新")
    outcome, text, figures = _update_standing(p, law)
    where = law.label("voucher-6-3")
    th = law["voucher.info_update_max_years"]
    suffix = f"；这属于{law.label('voucher-12-1')}“未按要求更新信息”，将被限期整改" if outcome is Outcome.not_met else ""
    return Result(outcome, f"{where}：{text}{suffix}。", figures, th.as_dict())


# --- Art. 7 and 9: the comprehensive evaluation ---------------------------------------------------


def _notice_window(year: int, law: Law) -> tuple[date, date]:
    """First and last day of the quarter in which Art. 9(1) publishes the evaluation notice."""
    quarter = int(law["voucher.evaluation_notice_quarter"].value)
    first = date(year, 3 * quarter - 2, 1)
    return first, date.fromordinal(add_months(first, 3).toordinal() - 1)


def evaluation_round(p, law: Law) -> tuple[int, str]:
    """The round asked about and why: the year given, the notice's year, or the next round whose list is
    still to be published (this year's while its first quarter lasts, next year's after)."""
    if p.evaluation_year is not None:
        return p.evaluation_year, "按所填评价年度"
    notice = p.evaluation_notice_on
    if isinstance(notice, date):
        return notice.year, "按所填评价通知的年份"
    _, q_end = _notice_window(p.as_of.year, law)
    if p.as_of <= q_end:
        return p.as_of.year, f"检查日期在{p.as_of.year}年评价通知发布的季度内，看{p.as_of.year}年这一轮"
    return p.as_of.year + 1, (f"{p.as_of.year}年的评价名单已在一季度公布，能赶上的是{p.as_of.year + 1}年这一轮")


# The notice date also picks the round (its year), so it moves the outcome both ways and is not declared
# monotone: a notice date said without its day is left to review rather than decided from its span's ends.
@rule("voucher.7.inclusion", "voucher-7", "joined_voucher_platform_on", "evaluation_year", "evaluation_notice_on",
      down=("joined_voucher_platform_on",))
def inclusion(p, law: Law) -> Result:
    th = law["voucher.evaluation_min_years"]
    if p.joined_voucher_platform_on is None:
        return unknown("joined_voucher_platform_on", about=f"是否{th.quote}、纳入综合评价")
    years = int(th.value)
    year, why_round = evaluation_round(p, law)
    joined = p.joined_voucher_platform_on
    reached = period_end(joined, years=years)
    convention = (explain("正式入驻之日", joined, f"{years}年", reached)
                  + f"；按{law.label('voucher-9-1')}，以该轮一季度发布评价通知、公布评价名单之日判断是否入驻满{years}年")
    figures = {"joined_voucher_platform_on": joined, "years_complete_on": reached, "evaluation_year": year}
    where = law.label("voucher-7")
    head = f"正式入驻于{cn_date(joined)}，于{cn_date(reached)}{th.quote}；{why_round}"
    q_start, q_end = _notice_window(year, law)
    first_round = reached.year if reached <= _notice_window(reached.year, law)[0] else reached.year + 1
    notice = p.evaluation_notice_on
    if isinstance(notice, date):
        figures["evaluation_notice_on"] = notice
        if not q_start <= notice <= q_end:
            return Result(Outcome.needs_review, f"{head}。所填评价通知日期{cn_date(notice)}不在{year}年一季度"
                          f"（{cn_date(q_start)}至{cn_date(q_end)}）内，而{law.label('voucher-9-1')}规定通知在每年一季度发布；"
                          "请核对通知日期或评价年度。", figures, th.as_dict(), convention=convention)
        if reached <= notice:
            return Result(Outcome.met, f"{head}。{year}年评价通知于{cn_date(notice)}发布，届时已{th.quote}，"
                          f"按{where}纳入{year}年综合评价范围。", figures, th.as_dict(), convention=convention)
        gap = (reached - notice).days
        return Result(Outcome.not_met, f"{head}。{year}年评价通知于{cn_date(notice)}发布，届时尚未满 {years} 年（差 {gap} 天），"
                      f"按{where}不纳入{year}年综合评价范围；最早纳入{max(first_round, year + 1)}年的评价。", figures,
                      th.as_dict(), Gap("joined_voucher_platform_on", gap, "天"), convention=convention)
    if reached <= q_start:
        return Result(Outcome.met, f"{head}。{cn_date(reached)}早于{year}年评价通知可能发布的最早日期（{cn_date(q_start)}），"
                      f"按{where}纳入{year}年综合评价范围。", figures, th.as_dict(), convention=convention)
    if reached > q_end:
        gap = (reached - q_end).days
        return Result(Outcome.not_met, f"{head}。{cn_date(reached)}晚于{year}年一季度末（{cn_date(q_end)}），按{where}不纳入"
                      f"{year}年综合评价范围；最早纳入{first_round}年的评价。", figures, th.as_dict(),
                      Gap("joined_voucher_platform_on", gap, "天"), convention=convention)
    return Result(Outcome.needs_review, f"{head}。{cn_date(reached)}落在{year}年一季度内：评价通知在这一天或之后发布的，"
                  f"纳入{year}年评价；在此之前发布的，不纳入。请以通知公布的名单为准，或填写通知发布日期（evaluation_notice_on）。",
                  figures, th.as_dict(), convention=convention, asks=("evaluation_notice_on",))


@rule("voucher.9.calendar", "voucher-9-1", "evaluation_year")
def calendar(p, law: Law) -> Result:
    year, why_round = evaluation_round(p, law)
    days = int(law["voucher.result_publicity_days"].value)
    q_start, q_end = _notice_window(year, law)
    start = registry()["voucher"].version_on(p.as_of).effective_from
    before = (f"；注意{year}年一季度早于本细则施行日（{cn_date(start)}）的部分，适用当时的规定"
              if q_start < start else "")
    text = (f"{year}年综合评价日程（{why_round}；{law.label('voucher-9-1')}至第（六）项）：一季度（{cn_date(q_start)}至"
            f"{q_end.month}月{q_end.day}日）在创新券平台发布评价通知、公布纳入评价的机构名单并通过站内信、短信告知；"
            f"平台按指标计算得分，管理中心复核并抽取1-5家用户复核满意度；形成结果后公示 {days} 天，报市科委备案后公布；"
            f"按服务类别分类评价，无需申请{before}。")
    return Result(Outcome.met, text, {"evaluation_year": year}, law["voucher.result_publicity_days"].as_dict(),
                  basis=Basis.info,
                  details={"evaluation_year": year, "notice_window": [q_start, q_end], "result_publicity_days": days})


# --- Art. 10: reward ------------------------------------------------------------------------------


@rule("voucher.10.grade", "voucher-10", "voucher_grades")
def reward_grade(p, law: Law) -> Result:
    grades = p.voucher_grades
    if grades is None:
        return unknown("voucher_grades", about="综合评价等级能否带来奖励")
    where = law.label("voucher-10")
    figures = {"voucher_grades": list(grades)}
    if not grades:
        return Result(Outcome.not_met, f"尚无综合评价结果；{where}只对评为优秀、良好的机构给予奖励支持。", figures)
    last = grades[-1]
    if last in ("优秀", "良好"):
        return Result(Outcome.met, f"最近一次综合评价为“{last}”，按{where}可获奖励支持，并在创新券平台分类专栏展示。", figures)
    if last == "合格":
        return Result(Outcome.not_met, f"最近一次综合评价为“合格”，{where}不予奖励，由管理中心提出优化建议并组织专门培训。", figures)
    return Result(Outcome.not_met, f"最近一次综合评价为“不合格”，{where}不予奖励，由管理中心提出改进建议，"
                  f"并按{law.label('voucher-12')}进行动态调整（限期整改）。", figures)


@rule("voucher.10.instrument_reward", "voucher-10", "received_instrument_sharing_reward")
def instrument_reward(p, law: Law) -> Result:
    where = law.label("voucher-10")
    return yes_no(p.received_instrument_sharing_reward, "received_instrument_sharing_reward", good=False,
                  met=f"评价时限内未获上海市大型科学仪器设施共享服务奖励资金，不受{where}“不重复奖励”的限制。",
                  not_met=f"评价时限内已获上海市大型科学仪器设施共享服务奖励资金，按{where}不重复奖励。")


@rule("voucher.10.categories", "voucher-10", "service_category_count")
def categories(p, law: Law) -> Result:
    where = law.label("voucher-10")
    base = (f"{where}未规定优秀、良好、合格、不合格的比例：按服务类别排序，结合参评机构数量在评价时确定；"
            "开展多个服务类别的，按得分最高的一类排名，不重复奖励")
    n = p.service_category_count
    if isinstance(n, int) and n > 1:
        return Result(Outcome.met, f"本机构参加 {n} 个服务类别的评价。{base}。", {"service_category_count": n},
                      basis=Basis.info)
    return Result(Outcome.met, base + "。", {} if n is None else {"service_category_count": n}, basis=Basis.info)


# --- Art. 12: rectification, suspension, removal --------------------------------------------------


@rule("voucher.12-3.idle", "voucher-12-3", "info_updated_on", "last_order_on", "never_had_order",
      "joined_voucher_platform_on", up=("info_updated_on", "last_order_on", "joined_voucher_platform_on"))
def idle(p, law: Law) -> Result:
    th = law["voucher.removal_idle_years"]
    years = int(th.value)
    missing = []
    if p.info_updated_on is None:
        missing.append("info_updated_on")
    never = p.last_order_on is NEVER or (p.never_had_order and p.last_order_on is None)
    if p.last_order_on is not None and not never:
        order_since, order_text = p.last_order_on, f"最近一笔订单在{cn_date(p.last_order_on)}"
    elif never and p.joined_voucher_platform_on is not None:
        order_since = p.joined_voucher_platform_on
        order_text = f"正式入驻（{cn_date(order_since)}）以来从无订单"
    else:
        order_since = None
        missing.append("joined_voucher_platform_on" if never else "last_order_on")
    if missing:
        return unknown(*missing, about=f"是否“{th.quote}”")
    start = max(p.info_updated_on, order_since)
    reached = period_end(start, years=years)
    convention = explain("信息最近更新与最近订单两者中较晚之日", start, f"{years}年", reached) + "；“以上”含本数"
    figures = {"info_updated_on": p.info_updated_on, "last_order_on": p.last_order_on,
               "idle_since": start, "idle_years_complete_on": reached}
    where = law.label("voucher-12-3")
    head = f"最近一次更新信息在{cn_date(p.info_updated_on)}，{order_text}"
    if p.as_of >= reached:
        return Result(Outcome.not_met, f"{head}；自{cn_date(start)}起既不更新信息又无订单，至{cn_date(reached)}已满 {years} 年，"
                      f"属{where}“{th.quote}”，将被清退出创新券平台。", figures, th.as_dict(), convention=convention)
    left = (reached - p.as_of).days
    return Result(Outcome.met, f"{head}；不涉及{where}“{th.quote}”的清退情形"
                  f"（如此后既不更新也无订单，将于{cn_date(reached)}满 {years} 年，还有 {left} 天）。", figures,
                  th.as_dict(), convention=convention)


def _removal(field: str, what: str):
    def fn(p, law: Law) -> Result:
        where = law.label("voucher-12-3")
        return yes_no(getattr(p, field), field, good=False, met=f"没有“{what}”的情形，不涉及{where}的清退。",
                      not_met=f"存在“{what}”的情形，按{where}将被清退出创新券平台，未完成订单也将被终止。")
    return fn


false_materials = rule("voucher.12-3.false_materials", "voucher-12-3", "false_entry_materials")(
    _removal("false_entry_materials", "提供虚假材料入驻创新券平台"))
removal_fraud = rule("voucher.12-3.fraud", "voucher-12-3", "service_fraud")(
    _removal("service_fraud", "服务中存在弄虚作假、欺诈等行为"))
fund_fraud = rule("voucher.12-3.fund_fraud", "voucher-12-3", "voucher_fund_fraud")(
    _removal("voucher_fund_fraud", "骗取、套取创新券资金"))
removal_refusal = rule("voucher.12-3.refuses_supervision", "voucher-12-3", "refuses_supervision")(
    _removal("refuses_supervision", "拒不配合监督检查"))


def _entry_fields() -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for r in ENTRY_CONDITIONS for f in r.fields))


@rule("voucher.12-3.entry_conditions", "voucher-12-3", *_entry_fields(), down=("established_on",))
def still_eligible(p, law: Law) -> Result:
    """'不再符合入驻基本条件', decided by the same Art. 4 rules the entry check runs."""
    results = [(r, r.fn(p, law)) for r in ENTRY_CONDITIONS]
    where = law.label("voucher-12-3")
    failed = [f"{law.label(r.citation)}：{res.message}" for r, res in results if res.outcome is Outcome.not_met]
    if failed:
        return Result(Outcome.not_met, f"不再符合入驻基本条件，按{where}将被清退——" + " ".join(failed), basis=Basis.fact)
    missing = tuple(dict.fromkeys(f for _, res in results for f in res.missing))
    if missing:
        return unknown(*missing, about=f"是否仍符合入驻基本条件（{law.label('voucher-4')}）")
    return Result(Outcome.met, f"仍符合{law.label('voucher-4')}的入驻基本条件（其中自述部分由创新券平台核验），"
                  f"不涉及{where}“不再符合入驻基本条件”的清退。", basis=Basis.fact)


@rule("voucher.12-2.suspension", "voucher-12-2", "voucher_rectification")
def suspension(p, law: Law) -> Result:
    value, where = p.voucher_rectification, law.label("voucher-12-2")
    if value is None:
        return unknown("voucher_rectification", about="是否面临暂停服务")
    figures = {"voucher_rectification": value}
    if value in ("overdue", "rejected"):
        why = "未按期完成整改" if value == "overdue" else "整改不符合要求"
        return Result(Outcome.not_met, f"{why}，按{where}将被暂停创新券平台服务权限，整改完成后可恢复服务。", figures,
                      basis=Basis.fact)
    text = {"none": "没有整改要求", "completed": "已按期完成整改",
            "in_progress": "正在整改；未按期完成或整改不符合要求的将被暂停服务，请在期限内完成"}[value]
    return Result(Outcome.met, f"{text}（{where}）。", figures, basis=Basis.fact)


@rule("voucher.12-1.info", "voucher-12-1", "info_updated_on", up=("info_updated_on",))
def rectify_info(p, law: Law) -> Result:
    if p.info_updated_on is None:
        return unknown("info_updated_on", about="是否因未按要求更新信息而被限期整改")
    outcome, text, figures = _update_standing(p, law)
    where = law.label("voucher-12-1")
    tail = {Outcome.met: f"不涉及{where}“未按要求更新信息”的限期整改",
            Outcome.not_met: f"属{where}“未按要求更新信息”，将被限期整改",
            Outcome.needs_review: f"是否属{where}“未按要求更新信息”，取决于上述理解"}[outcome]
    return Result(outcome, f"{text}；{tail}（{law.label('voucher-6-3')}）。", figures)


@rule("voucher.12-1.orders", "voucher-12-1", "ignores_orders_without_reason")
def rectify_orders(p, law: Law) -> Result:
    where = law.label("voucher-12-1")
    return yes_no(p.ignores_orders_without_reason, "ignores_orders_without_reason", good=False,
                  met=f"没有无正当理由长期不响应服务订单的情形，不涉及{where}的限期整改。",
                  not_met=f"无正当理由长期不响应服务订单，按{where}将被限期整改。")


@rule("voucher.12-1.grade", "voucher-12-1", "voucher_grades")
def rectify_grade(p, law: Law) -> Result:
    grades = p.voucher_grades
    if grades is None:
        return unknown("voucher_grades", about="是否因综合评价不合格而被限期整改")
    where = law.label("voucher-12-1")
    figures = {"voucher_grades": list(grades)}
    if grades and grades[-1] == "不合格":
        return Result(Outcome.not_met, f"最近一次综合评价为“不合格”，按{where}将被限期整改（{law.label('voucher-10')}）；"
                      f"未按期完成或整改不符合要求的，将被暂停服务（{law.label('voucher-12-2')}）。", figures)
    shown = f"最近一次综合评价为“{grades[-1]}”" if grades else "尚无综合评价结果"
    return Result(Outcome.met, f"{shown}，不涉及{where}因评价不合格的限期整改。", figures)


# --- Art. 13 and 14: conduct ------------------------------------------------------------------------


def _consequence(law: Law) -> str:
    return f"经查实的，不予兑付或追回已兑付资金，并纳入本市科技信用记录，情节严重的依法追究法律责任（{law.label('voucher-14')}）"


@rule("voucher.13-1.fraud", "voucher-13-1", "service_fraud")
def conduct_fraud(p, law: Law) -> Result:
    where = law.label("voucher-13-1")
    return yes_no(p.service_fraud, "service_fraud", good=False,
                  met=f"没有伪造合同或记录、编造测试结果、虚报服务金额等弄虚作假行为，符合{where}。",
                  not_met=f"存在弄虚作假，违反{where}；{_consequence(law)}；并属{law.label('voucher-12-3')}的清退情形。")


@rule("voucher.13-2.related_party", "voucher-13-2", "related_party_orders", "related_party_fair")
def related_party(p, law: Law) -> Result:
    where = law.label("voucher-13-2")
    if p.related_party_orders is None:
        return unknown("related_party_orders", about="是否存在关联交易")
    if not p.related_party_orders:
        return Result(Outcome.met, f"与下单企业（团队）不存在直接控股、管理等关联关系，不涉及{where}的关联交易。",
                      {"related_party_orders": False}, basis=Basis.fact)
    if p.related_party_fair is None:
        return unknown("related_party_fair", about="关联关系下的交易是否符合独立公平原则")
    figures = {"related_party_orders": True, "related_party_fair": p.related_party_fair}
    if p.related_party_fair:
        # Like every condition only a reviewer can judge: reported as declared, with who verifies it.
        return Result(Outcome.met, f"与下单企业（团队）存在关联关系；据自述交易内容符合独立公平原则，关联关系本身不违反{where}；"
                      f"这是自述而非核实结论，由{fields()['related_party_fair'].verified_by}认定，请保留定价和服务过程的依据。",
                      figures, basis=Basis.declaration, verified_by=fields()["related_party_fair"].verified_by)
    return Result(Outcome.not_met, f"与下单企业（团队）存在关联关系且交易内容不符合独立公平原则，属{where}禁止的关联交易；"
                  f"{_consequence(law)}。", figures, basis=Basis.fact)


@rule("voucher.13-3.subcontract", "voucher-13-3", "subcontracts_orders")
def subcontract(p, law: Law) -> Result:
    where = law.label("voucher-13-3")
    return yes_no(p.subcontracts_orders, "subcontracts_orders", good=False,
                  met=f"订单服务由本机构承接，没有转由第三方承接，符合{where}。",
                  not_met=f"将订单服务内容转由第三方承接，属{where}禁止的服务转包；{_consequence(law)}。")


@rule("voucher.14.supervision", "voucher-14", "refuses_supervision")
def conduct_supervision(p, law: Law) -> Result:
    where = law.label("voucher-14")
    return yes_no(p.refuses_supervision, "refuses_supervision", good=False,
                  met=f"配合市科委和市财政局组织的监督检查，符合{where}。",
                  not_met=f"拒不配合监督检查的，按{where}不予兑付或追回已兑付资金，并纳入本市科技信用记录；"
                          f"并属{law.label('voucher-12-3')}的清退情形。")


CHECKS = (
    CheckSpec("voucher.entry", "voucher", "eligibility", "创新券平台入驻条件",
              "本机构能否入驻创新券平台；公示期和最早入驻日",
              ("voucher-4-1", "voucher-4-2", "voucher-4-3", "voucher-5"),
              (VALIDITY, *ENTRY_CONDITIONS, publicity)),
    CheckSpec("voucher.duties", "voucher", "obligation", "创新券服务机构日常工作",
              "已入驻机构的日常工作是否到位，信息是否按年更新",
              ("voucher-6-1", "voucher-6-2", "voucher-6-3", "voucher-6-4"),
              (VALIDITY, responds, service_rules, info_update, records, cooperation)),
    CheckSpec("voucher.evaluation", "voucher", "eligibility", "创新券综合评价范围与日程",
              "本机构是否纳入下一轮（或所问年度）的综合评价，评价日程如何", ("voucher-7", "voucher-9"),
              (VALIDITY, inclusion, calendar)),
    CheckSpec("voucher.reward", "voucher", "eligibility", "创新券综合评价奖励",
              "评价等级能否带来奖励（多个类别、已获大型仪器共享奖励的情形）", ("voucher-10",),
              (VALIDITY, reward_grade, instrument_reward, categories)),
    CheckSpec("voucher.adjustment", "voucher", "obligation", "创新券动态调整风险",
              "是否面临限期整改、暂停服务或清退，原因是什么", ("voucher-12-1", "voucher-12-2", "voucher-12-3"),
              (VALIDITY, idle, false_materials, removal_fraud, fund_fraud, removal_refusal, still_eligible,
               suspension, rectify_info, rectify_orders, rectify_grade),
              # The Art. 4 fields reach this check only through "不再符合入驻基本条件"; giving one of
              # them is a question about entry, not about adjustment.
              triggers=("info_updated_on", "last_order_on", "never_had_order", "joined_voucher_platform_on",
                        "false_entry_materials", "service_fraud", "voucher_fund_fraud", "refuses_supervision",
                        "voucher_rectification", "ignores_orders_without_reason", "voucher_grades")),
    CheckSpec("voucher.conduct", "voucher", "obligation", "创新券使用规范",
              "是否存在弄虚作假、关联交易、服务转包等行为及其后果", ("voucher-13-1", "voucher-13-2", "voucher-13-3",
                                                                   "voucher-14"),
              (VALIDITY, conduct_fraud, related_party, subcontract, conduct_supervision)),
)
