"""Prints, side by side, how rankers place the right article first and in the first three, on lines they
never saw, and how the whole hotline answers them.

The written banks (knowledge/bank.py) are split the same way every time: three lines in four train the
classifier and are searched as clause documents; the fourth is asked (the standard questions of
questions.json, which the hotline searched before the bank existed, always train). Held-out kinds: zh (callers'
Chinese), en (English), tricky (in-scope questions that look off-topic), described (questions that describe the
programme instead of naming it), caller (long, loose questions with the caller's situation), short (chat-box questions
that ask generically), both (questions both measures answer, expecting a clause of each), traditional (the zh lines in
繁體 through OpenCC s2t), typo (the zh lines with one character of a domain word swapped for a
homophone), and the held-out neighbouring questions (out of scope). The four question sets in the
repository are asked too, as regression guards: they informed earlier lexicon work, so they do not
measure generalisation.

    python benchmarks/compare_rankers.py [--today 2026-11-22] [--write-split FILE]

--write-split also writes the held-out lines as a question set with a "kind" per line, for
`policy-assistant eval FILE` (on another checkout, e.g. the hotline before this ranker, that never saw them).

Needs scikit-learn (pip install -e ".[train]"): the split's classifier is trained here, in seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import opencc
from rapidfuzz import fuzz, process

from knowledge.answer import respond
from knowledge.answer_model import Status
from knowledge.bank import Line, held_out, lines
from knowledge.corpus import corpus
from knowledge.evaluation import QUESTION_SETS as SETS
from knowledge.homophones import _readings
from knowledge.lexicon import lexicon
from knowledge.retrieval import Retriever, law_document
from knowledge.text import is_english, normalise
from knowledge.training import fit, fit_gate, fit_scope, ranker_of



def article(clause_id: str) -> str:
    return "-".join(clause_id.split("-")[:2])


def typo(question: str, speller, common: Counter) -> str | None:
    """The question with one character of its first domain word replaced by the commonest homophone that
    makes an unfamiliar pair, as a caller's input method would; None if it has no such word."""
    text = normalise(question)
    readings = _readings()
    by_reading: dict[str, list[str]] = {}
    for ch, rs in readings.items():
        for r in rs:
            by_reading.setdefault(r, []).append(ch)
    for size in (4, 3):
        for i in range(len(text) - size + 1):
            word = text[i:i + size]
            if word not in speller.words:
                continue
            j = i + size // 2
            options = [ch for r in readings.get(text[j], ()) for ch in by_reading.get(r, ()) if ch != text[j]]
            options.sort(key=lambda ch: (-common[ch], ch))
            for ch in options[:5]:
                swapped = text[:j] + ch + text[j + 1:]
                if swapped[j - 1:j + 1] not in speller.known_pairs or swapped[j:j + 2] not in speller.known_pairs:
                    return swapped
    return None


def split_sets(test: list[Line], speller, common: Counter) -> dict[str, list[tuple[str, list[str]]]]:
    s2t = opencc.OpenCC("s2t")
    inside = [line for line in test if line.clause]
    zh = [(line.question, [line.clause]) for line in inside if line.kind == "zh"]
    typos = [(t, e) for q, e in zh if (t := typo(q, speller, common))]
    return {
        "bank zh": zh,
        "bank en": [(line.question, [line.clause]) for line in inside if line.kind == "en"],
        "bank tricky": [(line.question, [line.clause]) for line in inside if line.kind == "tricky"],
        "bank described": [(line.question, [line.clause]) for line in inside if line.kind == "described"],
        "bank caller": [(line.question, [line.clause]) for line in inside if line.kind == "caller"],
        "bank short": [(line.question, [line.clause]) for line in inside if line.kind == "short"],
        # A question both measures answer is kept under each of its clauses: asked once, expecting both.
        "bank both": [(q, [line.clause for line in inside if line.question == q])
                      for q in dict.fromkeys(line.question for line in inside if line.kind == "both")],
        "bank traditional": [(s2t.convert(q), e) for q, e in zh],
        "bank typo": typos,
        "bank out of scope": [(line.question, []) for line in test if not line.clause],
    }


def eval_sets() -> dict[str, list[tuple[str, list[str]]]]:
    out = {}
    for name, path in SETS.items():
        if path.exists():
            rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
            out[name] = [(r["question"], r["expect"]) for r in rows]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 22))
    parser.add_argument("--write-split", type=Path, help="write the held-out lines as a question set here")
    args = parser.parse_args()
    c = corpus(args.today)
    everything = lines()
    # The standard questions (questions.json) predate the bank and were searched by the hotline before it:
    # they always train, so that "before" and "after" are measured on lines neither saw.
    test = [line for line in everything if held_out(line.question) and line.kind != "standard"]
    train = [line for line in everything if line not in test]
    lex = lexicon()
    started = time.perf_counter()
    plain = Retriever(c, lex, train, None)
    weights = fit(c, train, plain)
    model = ranker_of(weights)
    gate = fit_gate(c, train, lex)
    full = Retriever(c, lex, train, model, gate, ranker_of({"scope": fit_scope(train, plain)}))
    standard_only = Retriever(c, lex, [line for line in train if line.kind == "standard"], None)
    print(f"split: {len(train)} lines train, {len(test)} held out; trained in {time.perf_counter() - started:.1f} s")

    written = [line for line in train if line.clause in c.clauses and not is_english(line.question)]
    fuzzy_docs = [normalise(line.question) for line in written] + [normalise(law_document(c, cl)) for cl in c.clauses.values()]
    fuzzy_owner = [line.clause for line in written] + list(c.clauses)

    def by_rapidfuzz(q: str) -> list[str]:
        sims = process.cdist([normalise(q)], fuzzy_docs, scorer=fuzz.WRatio)[0]
        return [fuzzy_owner[i] for i in np.argsort(-sims, kind="stable")[:30]]

    def by_scores(r: Retriever, which: str):
        def rank(q: str) -> list[str]:
            query = r.prepare(q)
            bm25, model_scores, _ = r.scores(query)
            score = bm25 if which == "bm25" else model_scores
            return [r.clauses[i].id for i in np.argsort(-score, kind="stable")[:30]]
        return rank

    rankers = {
        "rapidfuzz WRatio alone": by_rapidfuzz,
        "BM25 chars+pairs (clause + standard qs)": by_scores(standard_only, "bm25"),
        "BM25 chars+pairs (+ bank as clause docs)": by_scores(full, "bm25"),
        "classifier alone": by_scores(full, "model"),
        "hotline ranking (all combined)": lambda q: [h.clause.id for h in full.rank(q).hits],
    }
    common = Counter(ch for line in everything for ch in normalise(line.question))
    sets = {**split_sets(test, full.speller, common), **eval_sets()}
    if args.write_split:
        rows = [{"id": f"{name.split()[-1]}-{i}", "question": q, "expect": e, "kind": name.removeprefix("bank ")}
                for name, group in sets.items() if name.startswith("bank") for i, (q, e) in enumerate(group)]
        args.write_split.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    ranked_sets = {name: [(q, e) for q, e in rows if e] for name, rows in sets.items()}
    ranked_sets = {k: v for k, v in ranked_sets.items() if v}

    print("\nTop-1 / top-3 article, in-scope questions only")
    header = f"{'ranker':42}" + "".join(f"{name[:16]:>18}" for name in ranked_sets)
    print(header + "\n" + f"{'(questions)':42}" + "".join(f"{len(v):>18}" for v in ranked_sets.values()))
    for name, rank in rankers.items():
        cells = []
        for rows in ranked_sets.values():
            t1 = t3 = 0
            for q, expect in rows:
                arts = list(dict.fromkeys(article(x) for x in rank(q)))
                wanted = {article(e) for e in expect}
                t1 += bool(arts) and arts[0] in wanted
                t3 += any(a in wanted for a in arts[:3])
            cells.append(f"{t1 / len(rows):7.1%} {t3 / len(rows):7.1%}  ")
        print(f"{name:42}" + "".join(f"{cell:>18}" for cell in cells))

    print("\nWhole hotline with the split's classifier: top-1, item@1, no_match (in scope) | no_match (out of scope)")
    for name, rows in sets.items():
        inside = [(q, e) for q, e in rows if e]
        outside = [q for q, e in rows if not e]
        t1 = items = item_total = refused = 0
        for q, expect in inside:
            answer = respond(q, args.today, c, full)
            cited = [x.id for x in answer.citations] if answer.status is not Status.no_match else []
            t1 += bool(cited) and article(cited[0]) in {article(e) for e in expect}
            if any(e.count("-") == 2 for e in expect):
                item_total += 1
                items += bool(cited) and cited[0] in expect
            refused += answer.status is Status.no_match
        out_refused = sum(respond(q, args.today, c, full).status is Status.no_match for q in outside)
        line = f"{name:20}"
        if inside:
            line += (f" top-1 {t1 / len(inside):6.1%}  item@1 {items / max(item_total, 1):6.1%}"
                     f"  in-scope no_match {refused / len(inside):6.1%} ({len(inside)})")
        if outside:
            line += f"  out-of-scope no_match {out_refused / len(outside):6.1%} ({len(outside)})"
        print(line)


if __name__ == "__main__":
    main()
