"""Score every citable sentence of the retrieved passages against the question.

Shared by all backends and by the pipeline's "no evidence, no generation" gate: when no
sentence reaches ``Settings.min_support``, the question is refused before a backend runs.
The sentence vectors were stored at ingest, so scoring costs one dot product each.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepqa.answer import Evidence
from stepqa.index import Index
from stepqa.retrieve import Hit


def score_evidence(question_vector: Sequence[float], hits: Sequence[Hit], index: Index) -> list[Evidence]:
    """Every sentence of every hit, with its cosine similarity to the question, best first."""
    import numpy as np

    position = {h.passage.passage_id: i for i, h in enumerate(hits)}
    q = np.asarray(question_vector, dtype=np.float32)
    scored = [
        Evidence(
            hit=position[u.passage_id],
            start=u.start,
            end=u.end,
            text=u.text,
            support=max(0.0, float(np.asarray(u.vector, dtype=np.float32) @ q)),
        )
        for u in index.unit_vectors(list(position))
    ]
    return sorted(scored, key=lambda ev: (-ev.support, ev.hit, ev.start))
