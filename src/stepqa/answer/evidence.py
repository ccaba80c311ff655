"""Score every citable sentence of the retrieved passages against the question, and choose
the document an answer quotes.

Shared by all backends and by the pipeline's "no evidence, no generation" gate: when no
sentence reaches ``Settings.min_support``, the question is refused before a backend runs.
The sentence vectors were stored at ingest, so scoring costs one dot product each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from stepqa.answer import Evidence
from stepqa.retrieve import Hit
from stepqa.store import Store


def score_evidence(question_vector: Sequence[float], hits: Sequence[Hit], store: Store) -> list[Evidence]:
    """Every sentence of every hit, with its cosine similarity to the question, best first."""
    import numpy as np

    position = {h.passage.passage_id: i for i, h in enumerate(hits)}
    q = np.asarray(question_vector, dtype=np.float32)
    scored = [
        Evidence(
            hit=position[s.passage_id],
            start=s.start,
            end=s.end,
            text=s.text,
            support=max(0.0, float(np.asarray(s.vector, dtype=np.float32) @ q)),
        )
        for s in store.sentences(list(position))
    ]
    return sorted(scored, key=lambda ev: (-ev.support, ev.hit, ev.start))


def leading_document(hits: Sequence[Hit], evidence: Sequence[Evidence],
                     min_support: float) -> tuple[list[Hit], list[Evidence]]:
    """The hits and evidence of one document: the first in retrieval's document vote among
    those with a sentence that can answer (support >= ``min_support``). One answer quotes one
    document: mixing two documents' recommendations into one paragraph hides whose they
    are, and a confusable passage of another document must not slip into an answer."""
    if not hits:
        return [], []
    able = {hits[ev.hit].doc.doc_id for ev in evidence if ev.support >= min_support}
    lead = min(hits, key=lambda h: (h.doc.doc_id not in able, h.doc_rank)).doc.doc_id
    position = {i: n for n, i in enumerate(i for i, h in enumerate(hits) if h.doc.doc_id == lead)}
    return (
        [h for h in hits if h.doc.doc_id == lead],
        [dataclasses.replace(ev, hit=position[ev.hit]) for ev in evidence if ev.hit in position],
    )
