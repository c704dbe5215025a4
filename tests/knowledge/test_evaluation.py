"""The evaluation report: figures per kind of question, and whether every expected article is cited."""

import json
from datetime import date

from knowledge.evaluation import evaluate, load


def test_lines_with_a_kind_are_also_scored_kind_by_kind(tmp_path):
    path = tmp_path / "set.jsonl"
    rows = [{"id": "a", "question": "服务场地面积最少多大？", "expect": ["platform-7-3"], "kind": "plain"},
            {"id": "b", "question": "服務場地面積最少多大？", "expect": ["platform-7-3"], "kind": "traditional"},
            {"id": "c", "question": "明天上海会下雨吗", "expect": [], "kind": "plain"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = evaluate(load(path), date(2026, 11, 22))
    kinds = report.by_kind()
    assert set(kinds) == {"plain", "traditional"}
    assert kinds["plain"][0] == 2 and kinds["traditional"][1]["top1"] == 1.0
    assert "traditional (1)" in report.render()


def test_a_question_expecting_two_articles_counts_as_complete_only_when_both_are_cited(tmp_path):
    path = tmp_path / "set.jsonl"
    row = {"id": "m", "question": "服务平台的依托单位必须是在上海注册的法人吗？另外平台主任每年至少要在平台干多久？",
           "expect": ["platform-7-1", "platform-13"]}
    path.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    outcome = evaluate(load(path), date(2026, 11, 22)).outcomes[0]
    assert outcome.all_expected is True
