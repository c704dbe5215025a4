"""Citation strings that staff type resolve to the right clauses, or to a message naming the valid range."""

from datetime import date

import pytest

from knowledge import corpus, parse_citation, resolve

C = corpus(date(2026, 11, 22))


@pytest.mark.parametrize("ref, expected", [
    ("第七条", ["platform-7", "voucher-7"]),
    ("第7条", ["platform-7", "voucher-7"]),
    ("七", ["platform-7", "voucher-7"]),
    ("第七条第（三）项", ["platform-7-3"]),
    ("第七条第三项", ["platform-7-3"]),
    ("7.3", ["platform-7-3"]),
    ("7-3", ["platform-7-3"]),
    ("Art. 7(3)", ["platform-7-3"]),
    ("《办法》第二十二条", ["platform-22"]),
    ("细则第12条第（三）项", ["voucher-12-3"]),
    ("平台办法第七条", ["platform-7"]),
    ("创新券细则 12.3", ["voucher-12-3"]),
    ("办法7-3", ["platform-7-3"]),
    ("细则12-3", ["voucher-12-3"]),
    ("《上海市科技创新券服务机构管理实施细则》第四条第（二）项", ["voucher-4-2"]),
    ("第二十四条", ["platform-24"]),
    ("１２－３", ["voucher-12-3"]),
])
def test_common_forms_resolve(ref, expected):
    assert [c.id for c in resolve(ref, C).clauses] == expected


def test_an_article_only_one_measure_has_returns_that_one():
    assert [c.id for c in resolve("第二十条", C).clauses] == ["platform-20"]


@pytest.mark.parametrize("ref, message", [
    ("第三十条", "共24条"),
    ("第七条第（九）项", "没有第（九）项"),
    ("细则第二十条", "《细则》共15条"),
    ("细则第七条第一项", "不分项"),
    ("第100条", "没有第一百条"),
    ("2023", "没有第二千零二十三条"),
    ("第一百条", "没有第一百条"),
    ("１２３", "没有第一百二十三条"),
    ("١٢٣", "没有第一百二十三条"),
    ("第1000000000000条", "没有第一万亿条"),
    ("7.100", "没有第（一百）项"),
])
def test_a_citation_that_does_not_exist_names_the_valid_range(ref, message):
    found = resolve(ref, C)
    assert found.clauses == [] and message in found.error


@pytest.mark.parametrize("text", ["", "hello", "第条", "😀", "<b>7</b>", "x" * 10_000])
def test_anything_else_is_not_a_citation(text):
    assert parse_citation(text) is None
    assert resolve(text, C).error
