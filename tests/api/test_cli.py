"""The policy-assistant command line: ask, cite, search and eval print what staff and scripts need."""

import json
from pathlib import Path

from api.cli import main

HOLDOUT = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "holdout_questions.jsonl"


def test_ask_prints_the_answer_and_its_citation(capsys):
    assert main(["ask", "服务场地至少多大", "--today", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "【答】" in out and "《上海市专业技术服务平台建设与管理办法》第七条第（三）项" in out
    assert "2027年3月31日" in out


def test_ask_json_is_the_api_shape(capsys):
    main(["ask", "第三条", "--json"])  # both measures have one: asked back, with both
    body = json.loads(capsys.readouterr().out)
    assert body["status"] == "clarify" and body["citations"][0]["label"]


def test_cite_prints_full_and_short_labels(capsys):
    assert main(["cite", "细则12-3"]) == 0
    out = capsys.readouterr().out
    assert "《上海市科技创新券服务机构管理实施细则》第十二条第（三）项" in out and "《细则》第十二条第（三）项" in out


def test_cite_of_a_missing_clause_exits_non_zero_with_the_range(capsys):
    assert main(["cite", "第三十条"]) == 1
    assert "共24条" in capsys.readouterr().err


def test_search_lists_ranked_clauses(capsys):
    main(["search", "清退", "-k", "2"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("《细则》第十二条第（三）项")


def test_eval_prints_every_figure(capsys, tmp_path):
    sample = tmp_path / "qs.jsonl"
    sample.write_text("\n".join(HOLDOUT.read_text(encoding="utf-8").splitlines()[:20]), encoding="utf-8")
    main(["eval", str(sample)])
    out = capsys.readouterr().out
    for figure in ("top1", "top3", "item@1", "oos_no_match", "in_scope_no_match"):
        assert figure in out
