"""The knowledge base holds both measures verbatim: every article and item of the seeds, in order."""

import re
from pathlib import Path

import pytest

from datetime import date

from knowledge import corpus
from knowledge.registry import registry

TODAY = date(2026, 11, 22)
SEEDS = {e.id: e.folder / e.meta.versions[-1].source for e in registry().entries.values()}
BODY_START = {"platform": "上海市专业技术服务平台建设与管理办法", "voucher": "上海市科技创新券服务机构管理实施细则"}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_body(measure_id: str) -> str:
    """The measure itself, without the covering notice, page furniture, chapter headings or list dashes."""
    raw = Path(SEEDS[measure_id]).read_text(encoding="utf-8")
    lines = [line.strip() for line in raw.splitlines()]
    start = max(i for i, line in enumerate(lines) if line == BODY_START[measure_id]) + 1
    body = []
    for line in lines[start:]:
        if line.startswith("抄送"):
            break
        if re.match(r"^第[一二三四五六七八九十]+章", line):
            continue
        body.append(re.sub(r"^-\s*", "", line))
    return squash("".join(body))


def stored_body(measure_id: str) -> str:
    return squash("".join(a.heading + a.text for a in corpus(TODAY).measures[measure_id].articles))


@pytest.mark.parametrize("measure_id, count", [("platform", 24), ("voucher", 15)])
def test_each_measure_has_its_article_count(measure_id, count):
    assert [a.number for a in corpus(TODAY).measures[measure_id].articles] == list(range(1, count + 1))


@pytest.mark.parametrize("measure_id", ["platform", "voucher"])
def test_every_article_and_item_of_the_seed_is_present_in_order_with_its_text_intact(measure_id):
    assert stored_body(measure_id) == seed_body(measure_id)


@pytest.mark.parametrize("measure_id, chapters", [("platform", 6), ("voucher", 5)])
def test_chapters_are_kept(measure_id, chapters):
    assert len(corpus(TODAY).measures[measure_id].chapters) == chapters


def test_a_cross_reference_inside_an_article_is_not_an_article_start():
    art10 = corpus(TODAY).article("voucher", 10)
    assert "按照本细则第十二条的规定" in art10.text
    assert corpus(TODAY).article("voucher", 12).title == "动态调整"


def test_parentheses_inside_a_sentence_are_not_items():
    assert corpus(TODAY).article("voucher", 1).items == ()
    assert "企业（团队）" in corpus(TODAY).article("voucher", 1).text


def test_articles_with_paragraphs_and_no_items_keep_their_paragraphs():
    assert len(corpus(TODAY).article("platform", 13).paragraphs) == 2
    assert len(corpus(TODAY).article("platform", 22).paragraphs) == 4
    assert len(corpus(TODAY).article("voucher", 10).paragraphs) == 3
    assert len(corpus(TODAY).article("voucher", 11).paragraphs) == 2


def test_a_word_broken_across_lines_is_joined():
    assert "连续3年以上不更新信息且无订单" in corpus(TODAY).clause("voucher-12-3").text


def test_items_inside_a_paragraph_each_name_their_measure():
    assert [corpus(TODAY).clause(f"voucher-12-{n}").text[3:7] for n in (1, 2, 3)] == ["限期整改", "暂停服务", "清退处理"]


def test_labels_follow_the_measures_own_words():
    clause = corpus(TODAY).clause("platform-7-3")
    assert clause.label == "《上海市专业技术服务平台建设与管理办法》第七条第（三）项"
    assert clause.short_label == "《办法》第七条第（三）项"
    assert corpus(TODAY).clause("voucher-12-3").short_label == "《细则》第十二条第（三）项"


def test_measure_metadata():
    platform, voucher = corpus(TODAY).measures["platform"], corpus(TODAY).measures["voucher"]
    assert (platform.number, str(platform.effective_until)) == ("沪科规〔2022〕2号", "2027-03-31")
    assert (voucher.number, str(voucher.effective_from), str(voucher.effective_until)) == (
        "沪科规〔2026〕1号", "2026-02-28", "2030-08-31")
