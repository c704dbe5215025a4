"""A question asking for a value its clause never states (knowledge/asked_value.py) is told so, with the clause;
one whose clause states it is answered. The patterns are tried on generated questions, not only typed ones."""

from datetime import date
from itertools import product

import pytest

from knowledge import Status, ask, corpus
from knowledge.answer import VALUE_RUNNER_UP, Decision, _stating_runner_up
from knowledge.asked_value import VALUES, unstated
from knowledge.bank import lines
from knowledge.retrieval import Hit
from knowledge.text import fold

TODAY = date(2026, 11, 22)
SUBJECTS = ["服务平台", "依托单位", "专家委员会", "创新券服务机构", "综合评价", "绩效评估", "管理中心", "整改",
            "平台主任", "服务产品"]
ASKING = {
    "amount": ["{s}的奖励金额是多少？", "{s}的经费能拿几万？", "{s}要交费吗？交多少？", "How much money does the {e} get?"],
    "period": ["{s}要多久？", "{s}的任期是几年？", "{s}需要多长时间？", "How long does the {e} last?"],
    "date": ["{s}几月份公布？", "{s}的截止日期是哪天？", "{s}是哪一年定的？", "What date is the {e} due?"],
    "when": ["{s}什么时候开始？", "{s}何时公布？", "When does the {e} start?"],
    "share": ["{s}里各项的权重是多少？", "{s}占比多少？", "What percentage of the {e} is it?"],
    "count": ["{s}最多能有几个？", "{s}一共能有多少家？", "How many {e} can there be?"],
    "items": ["{s}一共有几项职责？", "{s}要满足几个条件？", "{s}分几类？", "How many conditions must the {e} meet?"],
    "contact": ["{s}的电话号码是多少？", "{s}在哪儿办公？", "What is the {e}'s email address?"],
}
NOT_ASKING = ["{s}前几年改过吗？", "我们请了几位专家进{s}，可以吗？", "{s}这几天有通知吗？", "{s}刚成立没多久，有什么要求？",
              "{s}好几家都在做，还支持吗？", "{s}有哪几项职责？", "When an {e} is rectified, what happens?"]


def _english(subject: str) -> str:
    return {"服务平台": "platform", "依托单位": "host", "专家委员会": "expert committee", "创新券服务机构": "provider",
            "综合评价": "evaluation", "绩效评估": "assessment", "管理中心": "centre", "整改": "rectification",
            "平台主任": "director", "服务产品": "product"}[subject]


@pytest.mark.parametrize("kind", list(ASKING))
def test_every_form_of_asking_for_a_value_is_read_whatever_the_subject(kind):
    for template, subject in product(ASKING[kind], SUBJECTS):
        question = fold(template.format(s=subject, e=_english(subject)))
        found = unstated(question, "")
        assert found is not None and found.kind == kind, question


@pytest.mark.parametrize("template", NOT_ASKING)
def test_some_years_a_few_experts_or_a_yes_no_question_ask_for_no_value(template):
    for subject in SUBJECTS:
        question = fold(template.format(s=subject, e=_english(subject)))
        assert unstated(question, "") is None, question


@pytest.mark.parametrize("clause_id, kinds", [
    ("platform-7-3", ["amount"]),       # 办法第七条第（三）项: 500万元
    ("platform-22", ["share", "period"]),  # 办法第二十二条: 每年, 三年, 30%, 10%
    ("voucher-5-3", ["period", "when"]),   # 细则第五条第（三）项: 公示 7 天; 通过核验后
    ("platform-24", ["date", "when"]),     # 办法第二十四条: 2027年3月31日
    ("platform-10", ["items"]),         # 办法第十条: its items （一）…（三） say how many tasks
    ("platform-13", ["period"]),        # 办法第十三条: 每年……不少于半年
])
def test_a_clause_that_states_a_figure_of_the_kind_asked_answers_it(clause_id, kinds):
    cl = corpus(TODAY).clause(clause_id)
    evidence = fold((cl.context or "") + cl.text)
    for kind in kinds:
        for template in ASKING[kind]:
            if not template.isascii():
                assert unstated(fold(template.format(s="这一条", e="")), evidence) is None, (clause_id, template)


def test_the_banks_in_scope_questions_are_almost_never_told_their_own_clause_states_no_value():
    """The bank's writers asked about what each clause says. A question of theirs asking a value its own clause
    does not state is one the check would refuse: the bound keeps the patterns interrogative-only."""
    c = corpus(TODAY)
    asked = [line for line in lines() if line.clause in c.clauses and line.kind not in ("standard", "both")]
    flagged = []
    for line in asked:
        cl = c.clause(line.clause)
        if unstated(fold(line.question), fold((cl.context or "") + cl.text + " " + (cl.english.text if cl.english else ""))):
            flagged.append(line.question)
    assert len(asked) > 3000 and len(flagged) <= 0.0025 * len(asked), flagged


def test_a_value_the_clause_does_not_state_is_said_to_be_unstated_with_the_clause_quoted():
    answer = ask("服务机构综合评价优秀的奖励支持有多少钱？", TODAY)
    assert answer.status is Status.no_match and [c.id for c in answer.citations] == ["voucher-10"]
    assert "没有写明您问的具体金额" in answer.answer and corpus(TODAY).clause("voucher-10").text in answer.answer
    assert "12345" in answer.answer


def test_in_english_the_same_is_said_in_english():
    answer = ask("How much money do voucher service providers rated excellent or good receive?", TODAY)
    assert answer.status is Status.no_match and answer.language == "en"
    assert [c.id for c in answer.citations] == ["voucher-10"] and "does not state an amount" in answer.answer


def test_a_cited_article_asked_for_a_value_it_does_not_state_says_so():
    answer = ask("细则第十条，奖金是多少钱？", TODAY)
    assert answer.status is Status.no_match and [c.id for c in answer.citations] == ["voucher-10"]


@pytest.mark.parametrize("question, clause_id", [
    ("平台的仪器设备原值起码得多少钱？", "platform-7-3"),
    ("平台主任一年里要在平台干多长时间？", "platform-13"),
    ("优秀良好类平台的比例上限是多少？", "platform-22"),
])
def test_a_value_the_clause_states_is_answered(question, clause_id):
    answer = ask(question, TODAY)
    assert answer.status is Status.answered and answer.citations[0].id == clause_id


def test_every_kind_has_a_chinese_and_an_english_name_for_the_reply():
    assert {v.kind for v in VALUES} == set(ASKING) and all(v.zh and v.en for v in VALUES)


@pytest.mark.parametrize("share, promoted", [(VALUE_RUNNER_UP, True), (VALUE_RUNNER_UP - 0.01, False)])
def test_a_runner_up_that_states_the_value_answers_when_it_scores_close_enough_to_the_best(share, promoted):
    c = corpus(TODAY)
    best, runner = Hit(c.clause("platform-19"), 1.0), Hit(c.clause("platform-7-3"), share)  # 办法第七条第（三）项: 500万元
    decision = Decision(Status.answered, [best, runner])
    assert _stating_runner_up("仪器设备至少要值多少钱？", decision, "zh") is (runner if promoted else None)
