"""Trains the hotline's ranker on every clause text and written question and writes its weights:
knowledge/measures/<id>/ranker.npz for each measure, knowledge/data/ranker.npz for shared neighbours,
the in-or-out classifier's (knowledge/data/scope.npz) and the in-scope gate's (knowledge/data/gate.json,
fitted by cross-validation on the same lines).

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
from knowledge.ranker import FILE, SCOPE_FILE
from knowledge.registry import DATA, registry
from knowledge.retrieval import Retriever
from knowledge.gate import FILE as GATE_FILE
from knowledge.training import fit, fit_gate, fit_scope, owner_path


def main() -> None:
    reg = registry()
    # The latest text of each measure: clause ids carry over between versions, the newest words matter most.
    latest = Corpus(tuple(e.versions[-1] for e in reg.entries.values()))
    written = lines()
    prepare = Retriever(latest, lexicon(), written, None)
    weights = fit(latest, written, prepare)
    for owner, arrays in weights.items():
        path = owner_path(owner, reg, DATA, FILE)
        np.savez_compressed(path, **arrays)
        print(f"{path}: {len(arrays['classes'])} classes, {len(arrays['features'])} features")
    scope = fit_scope(written, prepare)
    np.savez_compressed(DATA / SCOPE_FILE, **scope)
    print(f"{DATA / SCOPE_FILE}: {len(scope['features'])} features")
    gate = fit_gate(latest, written, lexicon())
    GATE_FILE.write_text(json.dumps(gate.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"{GATE_FILE}: threshold {gate.threshold}")


if __name__ == "__main__":
    main()
