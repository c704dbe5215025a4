"""Hotline answers: the right clause verbatim, a question back when both measures fit, an honest no_match."""

from datetime import date

import pytest

from knowledge import Status, ask, corpus

TODAY = date(2026, 11, 22)


def test_a_staffing_question_is_answered_with_article_7_item_4_verbatim():
    answer = ask("我们公司要多少人才能申请服务平台？", TODAY)
    assert answer.status is Status.answered
    first = answer.citations[0]
    assert first.id == "platform-7-4"
    assert first.text == corpus(TODAY).clause("platform-7-4").text
    assert first.label in answer.answer and first.text in answer.answer


def test_an_item_is_quoted_with_the_lead_of_its_article():
    answer = ask("服务场地至少多大", TODAY)
    assert "服务平台应具备以下基本条件：" in answer.answer


def test_an_eligibility_question_points_to_the_self_check():
    answer = ask("我们20个人能申请平台吗？", TODAY)
    assert answer.citations[0].id == "platform-7-4"
    assert answer.suggest_check == "platform" and "自检" in answer.answer


@pytest.mark.parametrize("question", ["公示几天？", "优秀等级的比例有多少？", "第七条是什么？"])
def test_a_question_both_measures_or_two_clauses_fit_equally_is_asked_back(question):
    answer = ask(question, TODAY)
    assert answer.status is Status.clarify
    assert len(answer.citations) >= 2


def test_a_bare_article_number_offers_both_measures():
    answer = ask("第七条是什么？", TODAY)
    assert {c.measure for c in answer.citations} == {"platform", "voucher"}


@pytest.mark.parametrize("question, topic", [
    ("高新技术企业认定要什么条件", "高新技术企业"),
    ("企业的创新券额度有多少", "创新券"),
    ("启明星计划申请有什么要求", None),
    ("明天天气如何", "天气"),
])
def test_a_question_outside_both_measures_says_so_and_names_the_hotline(question, topic):
    answer = ask(question, TODAY)
    assert answer.status is Status.no_match and answer.citations == []
    assert "12345" in answer.answer
    if topic:
        assert topic in answer.answer


@pytest.mark.parametrize("greeting", ["你好", "您好！"])
def test_a_greeting_gets_a_greeting_and_what_the_assistant_does(greeting):
    answer = ask(greeting, TODAY)
    assert answer.status is Status.no_match and answer.answer.startswith("您好")
    assert "自检" in answer.answer


def test_a_greeting_in_english_is_answered_in_english():
    answer = ask("hello", TODAY)
    assert answer.status is Status.no_match and answer.language == "en" and answer.answer.startswith("Hello")


def test_an_answer_from_the_platform_measure_warns_that_it_expires_within_six_months():
    answer = ask("服务场地至少多大", TODAY)
    assert any("2027年3月31日" in n for n in answer.notices)


def test_the_day_before_the_six_months_before_expiry_there_is_no_warning():
    assert ask("服务场地至少多大", date(2026, 9, 29)).notices == []


def test_after_expiry_the_answer_says_the_measure_is_no_longer_in_force():
    answer = ask("服务场地至少多大", date(2027, 4, 1))
    assert any("已经失效" in n for n in answer.notices)


def test_before_the_voucher_measure_took_effect_the_answer_says_so():
    answer = ask("入驻创新券平台公示几天", date(2026, 2, 27))
    assert any("尚未生效" in n for n in answer.notices)
    assert not any("尚未生效" in n for n in ask("入驻创新券平台公示几天", date(2026, 2, 28)).notices)


@pytest.mark.parametrize("odd", ["", "   ", "😀😀😀", "<script>alert(1)</script>", "'; DROP TABLE x; --",
                                 "问" * 10_000, "\x00\x01", "第七条" * 3000])
def test_odd_input_never_crashes(odd):
    assert ask(odd, TODAY).status in set(Status)


def test_a_citation_typed_as_a_question_is_looked_up_exactly():
    answer = ask("细则12-3", TODAY)
    assert answer.citations[0].id == "voucher-12-3"


@pytest.mark.parametrize("question, clause", [
    ("办法第七条对人员有什么要求？", "platform-7-4"),       # the article cited, the question about one item
    ("细则第四条里经营年限要几年？", "voucher-4-2"),
    ("办法第七条是什么？", "platform-7"),                   # nothing asked beyond the article: the article
    ("办法第七条", "platform-7"),
])
def test_a_cited_article_is_answered_by_the_item_the_rest_of_the_question_asks_about(question, clause):
    answer = ask(question, TODAY)
    assert answer.status is Status.answered
    assert [c.id for c in answer.citations] == [clause]


def test_typos_and_everyday_variants_still_find_the_clause():
    assert ask("创新卷服务机构要成立几年", TODAY).citations[0].id == "voucher-4-2"
    assert ask("厂地要多大", TODAY).citations[0].id == "platform-7-3"


def test_from_six_months_before_expiry_the_warning_appears():
    assert ask("服务场地至少多大", date(2026, 9, 30)).notices


@pytest.mark.parametrize("day, months, expected", [
    (date(2027, 3, 31), 6, date(2026, 9, 30)),
    (date(2030, 8, 31), 6, date(2030, 2, 28)),
    (date(2024, 8, 29), 6, date(2024, 2, 29)),
    (date(2027, 1, 15), 1, date(2026, 12, 15)),
])
def test_months_before_takes_the_corresponding_day_or_the_months_last(day, months, expected):
    from knowledge.answer import months_before
    assert months_before(day, months) == expected


def test_a_reward_question_naming_neither_measure_offers_both():
    answer = ask("被评为优秀能拿到什么奖励？", TODAY)
    assert answer.status is Status.clarify
    assert {f"{c.measure}-{c.article}" for c in answer.citations} >= {"platform-22", "voucher-10"}
    assert "哪一个文件" in answer.answer


def test_a_tie_inside_one_measure_asks_which_case_not_which_measure():
    answer = ask("公示几天？", TODAY)
    assert sorted(c.id for c in answer.citations) == ["voucher-5-3", "voucher-9-5"]
    assert "哪一种" in answer.answer


@pytest.mark.parametrize("question", ["公积金缴存基数怎么调整", "医保报销比例多少", "帮我订一张去北京的机票",
                                      "首台套重大技术装备保险补偿怎么申请"])
def test_a_question_mostly_in_words_the_measures_never_use_is_out_of_scope_without_any_list(question):
    assert ask(question, TODAY).status is Status.no_match


@pytest.mark.parametrize("question", ["满意度复核会抽几家用户", "平台主任能兼职吗", "我们仪器值480万差一点行不行"])
def test_short_colloquial_questions_in_the_measures_words_stay_in_scope(question):
    assert ask(question, TODAY).status is not Status.no_match


@pytest.mark.parametrize("question", ["中小企业怎么申请创新券？", "创新券的使用期限是多久？", "企业用创新券需要什么条件？"])
def test_an_enterprise_claiming_or_using_vouchers_is_outside_the_service_institution_measure(question):
    assert ask(question, TODAY).status is Status.no_match


@pytest.mark.parametrize("question, clause", [("企业申请创新券后服务机构怎么接单？", "voucher-6-1"),
                                              ("创新券细则的有效期到什么时候？", "voucher-15")])
def test_a_service_institutions_side_of_vouchers_stays_in_scope(question, clause):
    answer = ask(question, TODAY)
    assert answer.status is Status.answered and answer.citations[0].id == clause


def _article_with_items():
    c = corpus(TODAY)
    article = next(cl for cl in c.clauses.values()
                   if cl.item is None and sum(x.article_id == cl.id and x.item is not None for x in c.clauses.values()) >= 2)
    first, second = [x for x in c.clauses.values() if x.article_id == article.id and x.item is not None][:2]
    return article, first, second


@pytest.mark.parametrize("item_score, sibling_score, narrowed", [
    (0.8, 0.5, True),                      # ITEM_RATIO exactly: the item is what is asked
    (0.79, 0.5, False),                    # just below it: the article's lead explains the question better
    (0.8 * 1.0, 0.8 / 1.15, True),         # leads its sibling by ITEM_LEAD exactly
    (0.8, 0.8 / 1.14, False),              # by less: either item could be meant, the article holds both
])
def test_an_article_is_quoted_by_its_item_only_when_that_item_is_what_is_asked(item_score, sibling_score, narrowed):
    from knowledge.answer import ITEM_LEAD, ITEM_RATIO, _narrowest
    from knowledge.retrieval import Hit

    assert (ITEM_RATIO, ITEM_LEAD) == (0.8, 1.15)
    article, item, sibling = _article_with_items()
    hits = [Hit(article, 1.0), Hit(item, item_score), Hit(sibling, sibling_score)]
    first = _narrowest(hits)[0]
    assert first.clause is (item if narrowed else article)
    assert sorted(h.clause.id for h in _narrowest(hits)) == sorted(h.clause.id for h in hits)


def _best_of_two_measures():
    c = corpus(TODAY)
    first, other = list(c.measures)[:2]
    return (next(cl for cl in c.clauses.values() if cl.measure == first),
            next(cl for cl in c.clauses.values() if cl.measure == other))


@pytest.mark.parametrize("other_score, quoted", [
    (0.4, True),     # BOTH_RATIO exactly: the other measure has its own answer
    (0.39, False),   # just below: it is only related
])
def test_a_question_naming_two_measures_quotes_each_measures_best_clause(other_score, quoted):
    from knowledge.answer import BOTH_RATIO, _per_measure
    from knowledge.retrieval import Hit

    assert BOTH_RATIO == 0.4
    best, other = _best_of_two_measures()
    decision = _per_measure([Hit(best, 1.0), Hit(other, other_score)], {best.measure, other.measure})
    assert decision.status is Status.answered
    assert decision.answered_parts == (2 if quoted else 1)
    assert [h.clause for h in decision.candidates[:decision.answered_parts]] == ([best, other] if quoted else [best])


def test_premises_asked_of_both_measures_quotes_both_requirements():
    # Each measure sets its own premises condition (办法第七条第（三）项, 细则第四条第（二）项); one quoted is half an answer.
    answer = ask("专业技术服务平台和创新券服务机构，对办公场地各有什么要求？", TODAY)
    assert answer.status is Status.answered
    quoted = {c.id for c in answer.citations[:2]}
    assert quoted == {"platform-7-3", "voucher-4-2"}
    assert "对外服务场地面积 150 平米以上" in answer.answer and "有开展服务的固定场所" in answer.answer


@pytest.mark.parametrize("question, clause", [
    ("《上海市专业技术服务平台建设与管理办法》里平台主任要在岗多久？", "platform-13"),
    ("按照《上海市专业技术服务平台建设与管理办法》，绩效评估多久一次？", "platform-22"),
    ("上海市科技创新券服务机构管理实施细则中关联交易怎么界定", "voucher-13-2"),
    ("《上海市专业技术服务平台建设与管理办法》的有效期到什么时候？", "platform-24"),  # where the title is the point
])
def test_a_measures_full_title_in_a_question_picks_the_measure_not_the_clause(question, clause):
    # The first and last articles repeat the title; its words must not outweigh what is asked.
    assert ask(question, TODAY).citations[0].id == clause
