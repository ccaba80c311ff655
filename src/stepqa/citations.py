"""The answer vocabulary users see — Citation, Answer, Excerpt, Audit — and how verified
sentences become numbered citations. Renderings live in render.py.

An Answer's JSON form is documented by ``schemas/answer.schema.json`` (tests validate
against it). Every quote is the document's own text at ``[start, end)``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from stepqa import __version__
from stepqa.answer import Draft, Evidence
from stepqa.answer.verify import Checked
from stepqa.config import Settings
from stepqa.retrieve import Hit

REFUSAL = "The indexed documents do not answer this question."


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    section: str
    start: int
    end: int
    quote: str
    passage_id: str
    publisher: str = ""
    date: str = ""
    source: str = ""
    page: int | None = None

    def location(self) -> str:
        parts = [f"p. {self.page}"] if self.page else []
        parts += [self.section] if self.section else []
        parts.append(f"chars {self.start}-{self.end}")
        return ", ".join(parts)


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    citations: tuple[int, ...]
    support: float  # the judge's score for this sentence against what it cites, 0..1
    supported: bool = True  # False only in lenient verification, and then shown as such


@dataclass(frozen=True)
class RemovedSentence:
    """A drafted sentence verification kept from the user, and why."""

    text: str
    reason: str
    support: float


@dataclass(frozen=True)
class RetrievedRef:
    passage_id: str
    doc_id: str
    score: float
    dense: float | None
    lexical: float | None


@dataclass(frozen=True)
class ScoredSentence:
    """How a candidate answer sentence scored: the signals behind its support."""

    passage_id: str
    start: int
    end: int
    support: float
    dense: float
    context: float
    lexical: float
    fits: bool
    reread: float | None = None  # the second embedder's cosine (None: it did not read it)


@dataclass(frozen=True)
class Audit:
    """Enough to reproduce or audit an answer later."""

    stepqa_version: str
    embedder_model: str
    index_fingerprint: str
    answer_backend: str
    backend_version: str
    prompt: str  # name@version of the prompt template ("" for the extractive answerer)
    verification: str  # "strict" or "lenient"
    judge: str  # the support judge that verified the sentences
    top_k: int
    min_support: float
    filters: dict[str, Any]
    query: str  # what was searched: the question, or a follow-up made standalone
    rewriter: str  # "" (question used as is), "offline", or the rewrite prompt and model
    retrieved: tuple[RetrievedRef, ...]
    question_type: str  # what question analysis read: kind, and what the answer must hold
    evidence: tuple[ScoredSentence, ...]  # the best-scoring candidate sentences, best first
    best_support: float
    elapsed_s: float
    created_at: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    refused: bool
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    # With a refusal: the closest passages. With an answer: the best passage of each other
    # document that matched, which the answer did not quote (see Settings.single_document).
    related: tuple[Citation, ...]
    audit: Audit
    removed: tuple[RemovedSentence, ...] = ()  # drafted, failed verification, not shown
    reason: str = ""  # with a refusal: why, e.g. "'2023' does not occur in any passage found"
    notice: str = ""  # with an answer: a caveat, e.g. that the question's premise is not supported

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Excerpt:
    """A verbatim passage for a briefing, with its full citation."""

    rank: int
    score: float
    citation: Citation


def answer_schema() -> dict[str, Any]:
    text = resources.files("stepqa").joinpath("schemas/answer.schema.json").read_text("utf-8")
    return dict(json.loads(text))


# ------------------------------------------------------------------ numbering
def span_citation(n: int, hit: Hit, start: int, end: int) -> Citation:
    """Citation ``n`` of ``hit``'s document text at ``[start, end)``."""
    p = hit.passage
    return Citation(
        n=n, doc_id=hit.doc.doc_id, title=hit.doc.title, section=p.section,
        start=start, end=end, quote=p.text[start - p.start : end - p.start],
        passage_id=p.passage_id, publisher=hit.doc.publisher, date=hit.doc.date,
        source=hit.doc.source, page=hit.doc.page_at(start),
    )


def passage_citation(n: int, hit: Hit) -> Citation:
    return span_citation(n, hit, hit.passage.start, hit.passage.end)


def number(kept: Sequence[Checked], hits: Sequence[Hit]) -> tuple[list[AnswerSentence], list[Citation]]:
    """Answer sentences with [n] numbers given in order of first citation."""
    numbers: dict[tuple[str, int, int], int] = {}
    citations: list[Citation] = []
    sentences: list[AnswerSentence] = []
    for checked in kept:
        ns = []
        for ev in checked.sentence.cites:
            hit = hits[ev.hit]
            key = (hit.doc.doc_id, ev.start, ev.end)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(span_citation(numbers[key], hit, ev.start, ev.end))
            ns.append(numbers[key])
        sentences.append(AnswerSentence(checked.sentence.text, tuple(ns),
                                        round(checked.support, 4), checked.supported))
    return sentences, citations


def related(hits: Sequence[Hit], citations: Sequence[Citation], shown: int = 3) -> tuple[Citation, ...]:
    """With no citations (a refusal): the closest passages, from any document. Otherwise the
    best passage of each other document that matched, which the answer does not quote."""
    if not citations:
        return tuple(passage_citation(i, h) for i, h in enumerate(hits[:shown], 1))
    cited = {c.doc_id for c in citations}
    others: dict[str, Hit] = {}
    for h in hits:
        if h.doc.doc_id not in cited:
            others.setdefault(h.doc.doc_id, h)
    return tuple(passage_citation(i, h) for i, h in enumerate(list(others.values())[:shown], 1))


def answer_text(sentences: Sequence[AnswerSentence]) -> str:
    # One sentence per line: extracted bullets often carry no full stop.
    return "\n".join(
        f"{s.text} " + "".join(f"[{n}]" for n in s.citations)
        + ("" if s.supported else " (unsupported by its citation)")
        for s in sentences
    )


_AUDITED_SENTENCES = 8


def make_audit(settings: Settings, draft: Draft, *, judge: str, k: int, filters: dict[str, Any],
               query: str, rewriter: str, hits: Sequence[Hit], best: float,
               elapsed_s: float, question_type: str = "",
               evidence: Sequence[Evidence] = (), read: Sequence[Hit] = ()) -> Audit:
    """How an answer was made: versions, settings, what was searched and retrieved."""
    return Audit(
        stepqa_version=__version__,
        embedder_model=settings.embed_model,
        index_fingerprint=settings.index_fingerprint,
        answer_backend=draft.backend,
        backend_version=draft.version,
        prompt=draft.prompt,
        verification="strict" if settings.verify_strict else "lenient",
        judge=judge,
        top_k=k,
        min_support=settings.support_floor,
        filters=filters,
        query=query,
        rewriter=rewriter,
        retrieved=tuple(
            RetrievedRef(h.passage.passage_id, h.doc.doc_id, round(h.score, 6),
                         None if h.dense is None else round(h.dense, 4),
                         None if h.lexical is None else round(h.lexical, 4))
            for h in hits
        ),
        question_type=question_type,
        evidence=tuple(
            ScoredSentence(read[ev.hit].passage.passage_id, ev.start, ev.end, round(ev.support, 4),
                           round(ev.dense, 4), round(ev.context, 4), round(ev.lexical, 4), ev.fits,
                           None if ev.reread is None else round(ev.reread, 4))
            for ev in evidence[:_AUDITED_SENTENCES]
        ),
        best_support=round(best, 4),
        elapsed_s=round(elapsed_s, 4),
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
