"""Questions are normalised before anything reads them: 繁體, full-width forms, homophone typos of domain words."""

from datetime import date

import pytest

from knowledge import ask, corpus
from knowledge.retrieval import retriever
from knowledge.text import is_english, normalise, parts

TODAY = date(2026, 11, 22)


def test_traditional_characters_and_full_width_forms_become_the_measures_simplified_ascii_text():
    assert normalise("服務平臺的依託單位") == "服务平台的依托单位"
    assert normalise("ＡＲＴ．７（３）") == "art.7(3)"


def test_a_question_in_traditional_characters_gets_the_same_clause_as_in_simplified():
    simplified = ask("服务场地面积最少要多少平方米？", TODAY)
    traditional = ask("服務場地面積最少要多少平方米？", TODAY)
    assert traditional.status is simplified.status
    assert [c.id for c in traditional.citations][:1] == [c.id for c in simplified.citations][:1]


@pytest.mark.parametrize("typed, meant", [
    ("依拖单位", "依托单位"), ("公式期", "公示期"), ("整该", "整改"), ("年度保告", "年度报告"), ("绩效平估", "绩效评估"),
])
def test_a_homophone_typo_of_any_domain_word_is_put_right(typed, meant):
    query = retriever(corpus(TODAY)).prepare(f"请问{typed}是怎么规定的")
    assert meant in query.text


@pytest.mark.parametrize("question", ["专家委员会负责什么？", "这个平台管理办法是依据哪些条例制定的？",
                                      "服务场地面积至少多大？"])
def test_ordinary_words_are_left_as_they_were_typed(question):
    assert retriever(corpus(TODAY)).prepare(question).text == normalise(question)


def test_english_is_told_from_chinese_with_a_latin_name_in_it():
    assert is_english("Who appoints the platform director?")
    assert is_english("Thanks!")
    assert not is_english("sgst网站上平台要公开哪些信息")


def test_a_question_is_cut_into_the_parts_it_asks():
    assert len(parts("依托单位要在本市注册吗？平台主任每年要工作多久？")) == 2
    assert len(parts("服务场地至少多大？")) == 1
