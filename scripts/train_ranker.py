"""Trains the hotline's ranker on every clause text and written question and writes its weights:
knowledge/measures/<id>/ranker.npz for each measure, knowledge/data/ranker.npz for shared neighbours,
and the in-scope gate's (knowledge/data/gate.json, fitted by cross-validation on the same lines).

Run after changing a measure's text, questions.json, paraphrases.json or neighbours.json, or the
lexicon (tokens pass through it):

    .venv/bin/pip install -e ".[train]" && .venv/bin/python scripts/train_ranker.py
"""

from __future__ import annotations

import json

import numpy as np

from knowledge.bank import lines
from knowledge.corpus import Corpus
from knowledge.lexicon import lexicon
from knowledge.ranker import FILE
from knowledge.registry import DATA, registry
from knowledge.retrieval import Retriever
from knowledge.gate import FILE as GATE_FILE
from knowledge.training import fit, fit_gate, owner_path


def main() -> None:
    reg = registry()
    # The latest text of each measure: clause ids carry over between versions, the newest words matter most.
    latest = Corpus(tuple(e.versions[-1] for e in reg.entries.values()))
    written = lines()
    weights = fit(latest, written, Retriever(latest, lexicon(), written, None))
    for owner, arrays in weights.items():
        path = owner_path(owner, reg, DATA, FILE)
        np.savez_compressed(path, **arrays)
        print(f"{path}: {len(arrays['classes'])} classes, {len(arrays['features'])} features")
    gate = fit_gate(latest, written, lexicon())
    GATE_FILE.write_text(json.dumps(gate.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"{GATE_FILE}: threshold {gate.threshold}")


if __name__ == "__main__":
    main()
