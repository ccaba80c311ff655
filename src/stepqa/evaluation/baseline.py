"""The naive baseline every quality table carries as a row (`stepqa eval --backend naive`):
the three retrieved sentences most similar to the question by the embedder's cosine,
quoted as they are, and a refusal when the best of them is below a fixed threshold. It
shares retrieval with stepqa and nothing after it, so the table shows what question
analysis, context scoring, answerability and list handling add.
"""

from __future__ import annotations

from stepqa.answer import Draft, DraftSentence, Evidence
from stepqa.answer.verify import Checked
from stepqa.citations import REFUSAL, Answer, answer_text, make_audit, number, related
from stepqa.pipeline import Assistant

NAME = "naive"
SENTENCES = 3
THRESHOLD = 0.42  # the dense-cosine refusal threshold stepqa used before 2026-11-29


def naive_answer(assistant: Assistant, question: str) -> Answer:
    import time

    import numpy as np

    started = time.perf_counter()
    hits = assistant.retrieve(question)
    vector = np.asarray(assistant.embedder.embed([question], kind="query")[0], dtype=np.float32)
    position = {h.passage.passage_id: i for i, h in enumerate(hits)}
    scored = sorted(
        (Evidence(position[s.passage_id], s.start, s.end, s.text,
                  float(np.asarray(s.vector, dtype=np.float32) @ vector))
         for s in assistant.store.sentences(list(position))),
        key=lambda ev: -ev.support)[:SENTENCES]
    refused = not scored or scored[0].support < THRESHOLD
    kept = [] if refused else [Checked(DraftSentence(ev.text, (ev,), ev.support), True,
                                       ev.support, "quoted verbatim") for ev in scored]
    sentences, citations = number(kept, hits)
    draft = Draft(tuple(c.sentence for c in kept), NAME, "1")
    audit = make_audit(assistant.settings, draft, judge="none", k=len(hits), filters={},
                       query=question, rewriter="", hits=hits,
                       best=scored[0].support if scored else 0.0,
                       elapsed_s=time.perf_counter() - started)
    return Answer(question, REFUSAL if refused else answer_text(sentences), refused,
                  tuple(sentences), tuple(citations), related(hits, citations), audit,
                  reason="best sentence below the fixed threshold" if refused else "")
