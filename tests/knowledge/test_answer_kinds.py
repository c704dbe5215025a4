"""Answers for the callers nobody wrote the data for: English, small talk, several questions in one,
neighbouring schemes of other regions."""

from datetime import date

import pytest

from knowledge import Status, ask, corpus
from knowledge import answer as answer_module
from knowledge.lexicon import lexicon

TODAY = date(2026, 11, 22)
UNOFFICIAL = "Unofficial translation — the Chinese text prevails"


def test_an_english_question_is_answered_in_english_with_the_chinese_clause_verbatim_and_its_rendering():
    answer = ask("How large must a platform's external service area be?", TODAY)
    assert answer.status is Status.answered and answer.language == "en"
    first = answer.citations[0]
    clause = corpus(TODAY).clause(first.id)
    assert first.id == "platform-7-3"
    assert clause.text in answer.answer and clause.label in answer.answer
    assert UNOFFICIAL in answer.answer and clause.english.text in answer.answer
    assert first.english is not None and first.english.label.startswith("Article 7(3)")


def test_english_notices_are_in_english():
    answer = ask("How large must a platform's external service area be?", TODAY)
    assert answer.notices and all(n.startswith("Note:") and "2027" in n for n in answer.notices)


def test_an_english_question_outside_the_measures_gets_an_english_no_match_with_the_hotline():
    answer = ask("Will it rain in Shanghai this weekend?", TODAY)
    assert answer.status is Status.no_match and answer.language == "en"
    assert "12345" in answer.answer and "Sorry" in answer.answer


def test_english_citation_forms_still_resolve():
    answer = ask("Art. 7(3)", TODAY)
    assert answer.language == "en" and [c.id for c in answer.citations] == ["platform-7-3"]
    assert UNOFFICIAL in answer.answer


@pytest.mark.parametrize("question, expected", [
    ("Article 22 of the Measures", ["platform-22"]),
    ("Article 10 of the Rules", ["voucher-10"]),
    ("What does Art. 7 (3) of the Measures say?", ["platform-7-3"]),
    ("What does Art. 12(3) of the voucher rules say?", ["voucher-12-3"]),
    ("What does Article 7 say?", ["platform-7", "voucher-7"]),
])
def test_an_english_citation_inside_a_question_is_looked_up(question, expected):
    answer = ask(question, TODAY)
    assert [c.id for c in answer.citations] == expected and answer.language == "en"


@pytest.mark.parametrize("message, expected", [
    ("谢谢", "不客气"), ("再见", "再见"), ("你是谁", "不是人工客服"), ("转人工", "12345"),
    ("thank you", "welcome"), ("can I talk to a human?", "12345"),
])
def test_small_talk_gets_a_fitting_reply_not_a_clause(message, expected):
    answer = ask(message, TODAY)
    assert answer.status is Status.no_match and answer.citations == []
    assert expected in answer.answer


def test_thanks_followed_by_a_question_is_a_question():
    assert ask("谢谢，再问一下平台主任能兼职吗", TODAY).status is not Status.no_match


def test_a_question_asking_two_things_gets_both_clauses():
    answer = ask("服务平台的依托单位必须是在上海注册的法人吗？另外平台主任每年至少要在平台干多久？", TODAY)
    assert answer.status is Status.answered
    assert {"platform-7", "platform-13"} <= {f"{c.measure}-{c.article}" for c in answer.citations[:3]}
    assert answer.answer.count("依据") >= 2


def test_a_long_question_listing_several_conditions_gets_each_items_clause():
    answer = ask("我们有40家客户，年收入600万，固定人员12人，场地200平米，能申请服务平台吗", TODAY)
    assert {"platform-7-2", "platform-7-3", "platform-7-4"} <= {c.id for c in answer.citations}


@pytest.mark.parametrize("question", ["杭州的创新券服务机构入驻条件是什么？", "广州市科技服务平台怎么认定？"])
def test_another_regions_scheme_is_out_of_scope(question):
    assert ask(question, TODAY).status is Status.no_match


@pytest.mark.parametrize("question", ["在江苏注册的公司能入驻上海的创新券平台做服务机构吗？",
                                      "Can a company registered in Jiangsu join the Shanghai voucher platform?",
                                      "外地注册的公司能申请平台吗"])
def test_a_place_is_no_other_regions_scheme_when_the_question_is_about_shanghai(question):
    assert lexicon().other_region(question) is None


@pytest.mark.parametrize("question, place", [("杭州的创新券服务机构入驻条件是什么？", "杭州"),
                                             ("How do I join Beijing's science and technology resource platform?", "北京")])
def test_another_region_is_recognised_in_chinese_and_in_pinyin(question, place):
    assert lexicon().other_region(question) == place


@pytest.mark.parametrize("question, named", [
    ("平台和创新券有啥区别？", {"platform", "voucher"}),        # the bare word beside the other measure's name
    ("创新券平台上怎么入驻？", {"voucher"}),                    # the same word inside the other measure's name
    ("What do the platform measure and the voucher rules each require of staff?", {"platform", "voucher"}),
    ("How do we join the innovation voucher platform?", {"voucher"}),
])
def test_a_measure_is_named_by_its_bare_word_only_outside_the_other_measures_longer_name(question, named):
    assert lexicon().measures_named(question) == named


def test_an_english_question_naming_both_measures_quotes_a_clause_of_each():
    answer = ask("What staffing does each require: the platform measure and the voucher service-provider rules?", TODAY)
    assert answer.status is Status.answered and answer.language == "en"
    assert {c.id.split("-")[0] for c in answer.citations[:2]} == {"platform", "voucher"}


@pytest.mark.parametrize("sure, status", [(True, Status.answered), (False, Status.no_match)])
def test_a_neighbouring_topics_word_in_a_long_questions_background_yields_to_a_part_the_gate_is_sure_of(
        monkeypatch, sure, status):
    """新型研发机构 names another kind of recognition; here it only says who is asking. The rules refuse the whole
    question; a part of it the gate is sure of (gate.GATE_SURE) puts it back in scope, a part it merely admits does not."""
    question = "我们是一家新型研发机构，去年刚在上海注册成法人，设备和人员都齐了。想申报服务平台，请问材料交上去以后还要经过专家评审吗？"
    assert lexicon().off_topic(question) is not None
    monkeypatch.setattr(answer_module, "gate_sure", lambda *_: sure)
    assert ask(question, TODAY).status is status
