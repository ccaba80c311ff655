"""Find the passages for a question: dense + BM25 + document relevance, fused by
reciprocal rank. Fourth stage.

Three ranked lists vote: passages by their best sentence's cosine, passages by BM25, and
documents (each passage votes with its document's rank). Documents rank first by how many
of the names and numbers the question uses they mention — a question about Korea's think
tanks is not answered from a document that never names Korea — then by how relevant they
are as a whole (the mean of their few best sentences), so that of two confusable passages
the one whose document keeps talking about the question wins, not a single lucky sentence.

Filters (documents, publishers, date) resolve to the set of committed document versions
a query may see, so both retrievers apply exactly the same restriction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stepqa.errors import QuestionError
from stepqa.index import DocInfo, Index
from stepqa.passages import Passage, heading_key

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Filters:
    doc_ids: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    since: str = ""  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD); documents dated on or after it

    def __post_init__(self) -> None:
        if self.since and not _DATE.fullmatch(self.since):
            raise QuestionError(
                f"the date {self.since!r} is not a date like 2024-05-01",
                "give the earliest document date as YYYY-MM-DD (or YYYY, or YYYY-MM)",
            )

    @classmethod
    def of(cls, doc_ids: Sequence[str] | None = None, publishers: Sequence[str] | None = None,
           since: str | None = None) -> Filters | None:
        """Filters from user input (CLI options, UI fields); None when nothing restricts."""
        since = (since or "").strip()
        if not (doc_ids or publishers or since):
            return None
        return cls(tuple(doc_ids or ()), tuple(publishers or ()), since)

    def admits(self, doc: DocInfo) -> bool:
        if self.doc_ids and doc.doc_id not in self.doc_ids:
            return False
        if self.publishers and not any(
            p.lower() in doc.publisher.lower() for p in self.publishers
        ):
            return False
        return not (self.since and (not doc.date or doc.date < self.since))

    def describe(self) -> dict[str, object]:
        return {"doc_ids": list(self.doc_ids), "publishers": list(self.publishers), "since": self.since}


@dataclass(frozen=True)
class Hit:
    passage: Passage
    doc: DocInfo
    score: float  # fused score (higher is better)
    dense: float | None  # cosine similarity to the question, if the dense retriever found it
    lexical: float | None  # BM25 score, if the lexical retriever found it
    doc_relevance: float | None = None  # the document's relevance, if the dense retriever saw it
    doc_rank: int = 0  # the document's place in the document vote (0: first)


def allowed_docs(index: Index, filters: Filters | None) -> dict[str, DocInfo]:
    docs = index.documents()
    if filters is None:
        return docs
    chosen = {i: d for i, d in docs.items() if filters.admits(d)}
    if not chosen:
        raise QuestionError(
            "no indexed document matches the filter",
            "run `stepqa docs` to list document ids, publishers and dates",
        )
    return chosen


def retrieve(
    index: Index,
    question: str,
    k: int,
    filters: Filters | None = None,
    candidates: int = 30,
    rrf_k: int = 60,
    vector: Sequence[float] | None = None,
) -> list[Hit]:
    """Top ``k`` passages for ``question``, best first."""
    docs = allowed_docs(index, filters)
    versions = [d.version for d in docs.values()]
    if vector is None:
        vector = index.embedder.embed([question])[0].tolist()
    matches = index.dense(vector, candidates, versions)
    lexical = index.lexical(question, candidates, versions)

    fused: dict[str, float] = {}
    passages: dict[str, Passage] = {}
    dense_scores: dict[str, float] = {}
    lexical_scores: dict[str, float] = {}
    for results, scores in ((matches.passages, dense_scores), (lexical, lexical_scores)):
        for rank, (passage, score) in enumerate(results):
            fused[passage.passage_id] = fused.get(passage.passage_id, 0.0) + 1.0 / (rrf_k + rank + 1)
            passages[passage.passage_id] = passage
            scores[passage.passage_id] = score
    relevance = matches.documents
    doc_rank = rank_documents(index, question, docs, relevance, versions)
    for pid, passage in passages.items():
        fused[pid] += 1.0 / (rrf_k + doc_rank.get(passage.doc_id, len(doc_rank)) + 1)
    order: list[str] = []
    shown: list[str] = []
    for pid in sorted(fused, key=lambda pid: -fused[pid]):
        # Text indexed twice (a copy of a document, a paragraph quoted in another, repeated
        # boilerplate) is shown once, from its best-ranked place: a passage is skipped when
        # its text contains, or is contained in, one already chosen.
        text = _content(passages[pid])
        if any(text in other or other in text for other in shown):
            continue
        shown.append(text)
        order.append(pid)
        if len(order) == k:
            break
    return [
        Hit(
            passage=passages[pid],
            doc=docs[passages[pid].doc_id],
            score=fused[pid],
            dense=dense_scores.get(pid),
            lexical=lexical_scores.get(pid),
            doc_relevance=relevance.get(passages[pid].doc_id),
            doc_rank=doc_rank.get(passages[pid].doc_id, len(doc_rank)),
        )
        for pid in order
    ]


_WORD = re.compile(r"[A-Za-z0-9][\w&-]*")
_SENTENCE_END = re.compile(r"[.?!:;]\s+")


def named_terms(question: str) -> list[str]:
    """The names, acronyms and numbers a question uses: words written with a capital that
    do not open a sentence, and numbers ("Korea", "US", "STEP", "323")."""
    terms: list[str] = []
    for sentence in _SENTENCE_END.split(question):
        for i, word in enumerate(_WORD.findall(sentence)):
            word = word.removesuffix("'s")
            if word.isdigit() or (i > 0 and word[0].isupper() and word != "I"):
                terms.append(word)
    return list(dict.fromkeys(terms))


def rank_documents(index: Index, question: str, docs: dict[str, DocInfo],
                   relevance: dict[str, float], versions: Sequence[str]) -> dict[str, int]:
    """Document id -> place in the document vote: most of the question's names and numbers
    mentioned (in the text, title, publisher or authors) first, then most relevant."""
    terms = named_terms(question)
    mentioning = index.documents_mentioning(terms, versions)

    def mentions(doc_id: str) -> int:
        doc = docs[doc_id]
        about = " ".join((doc.title, doc.publisher, *doc.authors))
        return sum(1 for t in terms if doc_id in mentioning.get(t, ()) or t in about)

    ranked = sorted(relevance, key=lambda d: (-mentions(d), -relevance[d]))
    return {d: r for r, d in enumerate(ranked)}


def _content(passage: Passage) -> str:
    """A passage's text without the heading it opens with, case and spacing folded: what
    two passages are compared by when one may repeat the other under another heading."""
    first, _, rest = passage.text.partition("\n")
    opens_with_heading = (passage.heading_path and rest.strip()
                          and heading_key(first) == heading_key(passage.heading_path[-1]))
    return " ".join((rest if opens_with_heading else passage.text).lower().split())


def mmr(index: Index, query_vector: Any, hits: Sequence[Hit], k: int, weight: float = 0.7) -> list[Hit]:
    """Maximal marginal relevance: pick ``k`` of ``hits``, each time the one most similar
    to the query and least similar to those already picked (``weight`` trades the two)."""
    import numpy as np

    if len(hits) <= 1:
        return list(hits[:k])
    vectors = index.passage_vectors([h.passage.passage_id for h in hits])
    matrix = np.asarray([vectors[h.passage.passage_id] for h in hits], dtype=np.float32)
    relevance = matrix @ np.asarray(query_vector, dtype=np.float32)
    chosen: list[int] = []
    left = list(range(len(hits)))
    while left and len(chosen) < k:
        def gain(i: int) -> float:
            redundancy = max((float(matrix[i] @ matrix[j]) for j in chosen), default=0.0)
            return weight * float(relevance[i]) - (1 - weight) * redundancy
        best = max(left, key=gain)
        chosen.append(best)
        left.remove(best)
    return [hits[i] for i in chosen]
