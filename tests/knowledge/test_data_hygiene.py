"""No evaluation question is in the code or the data, and the hotline works with any measure folder removed."""

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from knowledge import corpus
from knowledge.evaluation import QUESTION_SETS
from knowledge.registry import MEASURES_DIR, registry

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["knowledge", "api", "bot", "checks", "scripts"]
MIN_CHARS = 8
"""Shorter questions (你好, 谢谢你啊) are everyday phrases that data may contain in its own right."""


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[\s\W_]+", "", text)


def _evaluation_questions() -> set[str]:
    out = set()
    for path in QUESTION_SETS.values():
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and len(q := _flat(json.loads(line)["question"])) >= MIN_CHARS:
                    out.add(q)
    return out


def _product_files():
    for top in PRODUCT:
        for path in (ROOT / top).rglob("*"):
            if path.suffix in {".py", ".json", ".jsonl", ".txt", ".js", ".html"} and "__pycache__" not in path.parts:
                yield path


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _texts(path: Path) -> list[str]:
    """A JSON file's strings one by one (so neighbouring list items do not run together), else the file."""
    raw = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix == ".json":
        return [_flat(s) for s in _strings(json.loads(raw))]
    if path.suffix == ".jsonl":
        return [_flat(s) for line in raw.splitlines() if line.strip() for s in _strings(json.loads(line))]
    return [_flat(raw)]


def test_no_evaluation_question_appears_in_the_code_or_data():
    # A keyword question that quotes the law (合理布局 整合共享) may meet its words anywhere the law is quoted.
    law = " ".join(_flat(cl.text + (cl.context or "")) for cl in corpus(date(2026, 11, 22)).clauses.values())
    questions = {q for q in _evaluation_questions() if q not in law}
    found = []
    for path in _product_files():
        if "measures" in path.parts and path.name.startswith(("text-", "source-", "english-")):
            continue  # the legal texts themselves: a question may quote a clause word for word
        texts = _texts(path)
        found += [(str(path.relative_to(ROOT)), q) for q in questions if any(q in t for t in texts)]
    assert not found, found


@pytest.mark.parametrize("removed", registry().ids)
def test_the_hotline_answers_from_the_remaining_measures_when_one_folder_is_removed(tmp_path, removed):
    for measure_id in registry().ids:
        if measure_id != removed:
            shutil.copytree(MEASURES_DIR / measure_id, tmp_path / measure_id)
    code = ("from datetime import date; from knowledge import ask; "
            "a = ask('这个文件的有效期到什么时候？', date(2026, 11, 22)); "
            "b = ask('明天上海天气怎么样', date(2026, 11, 22)); "
            "print(a.status.value, {c.measure for c in a.citations}, b.status.value)")
    env = {**os.environ, "ASSISTANT_MEASURES": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert removed not in out and out.split()[-1] == "no_match", out
