"""Score every citable sentence of the retrieved passages against the question.

Shared by all backends and by the pipeline's "no evidence, no generation" gate: when no
sentence reaches ``Settings.min_support``, the question is refused before a backend runs.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepqa.answer import Evidence
from stepqa.index import Embedder
from stepqa.passages import units
from stepqa.retrieve import Hit

_MIN_UNIT_CHARS = 12


def score_evidence(
    question_vector: Sequence[float], hits: Sequence[Hit], embedder: Embedder
) -> list[Evidence]:
    """Every sentence of every hit, with its cosine similarity to the question, best first."""
    import numpy as np

    spans: list[tuple[int, int, int]] = []
    for i, hit in enumerate(hits):
        text = hit.passage.text
        for s, e in units(text, 0, len(text)):
            if e - s >= _MIN_UNIT_CHARS and any(c.isalpha() for c in text[s:e]):
                spans.append((i, s, e))
    if not spans:
        return []
    texts = [hits[i].passage.text[s:e] for i, s, e in spans]
    vectors = embedder.embed(texts)
    sims = vectors @ np.asarray(question_vector, dtype=np.float32)
    scored = [
        Evidence(
            hit=i,
            start=hits[i].passage.start + s,
            end=hits[i].passage.start + e,
            text=t,
            support=float(max(0.0, sim)),
        )
        for (i, s, e), t, sim in zip(spans, texts, sims)
    ]
    return sorted(scored, key=lambda ev: -ev.support)
