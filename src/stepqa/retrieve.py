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
from stepqa.lexical import LexicalIndex
from stepqa.passages import Passage, heading_key, passage_id
from stepqa.question import Question, heads_proposals
from stepqa.store import DocInfo, Store
from stepqa.text import stem, word_parts, words

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


def allowed_docs(store: Store, filters: Filters | None) -> dict[str, DocInfo]:
    docs = store.documents()
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
    store: Store,
    lexical_index: LexicalIndex,
    question: str,
    vector: Sequence[float],
    k: int,
    filters: Filters | None = None,
    candidates: int = 30,
    rrf_k: int = 60,
) -> list[Hit]:
    """Top ``k`` passages for ``question`` (``vector``: its embedding), best first."""
    docs = allowed_docs(store, filters)
    versions = [d.version for d in docs.values()]
    # Without a filter, dense queries carry no version list: their cost stays flat.
    restrict = versions if filters is not None else None
    matches = dense(store, vector, candidates, restrict)
    lexical = lexical_index.search(question, candidates, versions)

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
    doc_rank = rank_documents(store, question, docs, relevance)
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


_SENTENCE_END = re.compile(r"[.?!:;]\s+")


def named_terms(question: str) -> list[str]:
    """The names, acronyms and numbers a question uses: words written with a capital that
    do not open a sentence, and numbers ("Korea", "US", "STEP", "323")."""
    terms: list[str] = []
    for sentence in _SENTENCE_END.split(question):
        for i, word in enumerate(words(sentence)):
            word = word.removesuffix("'s")
            if word.isdigit() or (i > 0 and word[0].isupper() and word != "I"):
                terms.append(word)
    return list(dict.fromkeys(terms))


def rank_documents(store: Store, question: str, docs: dict[str, DocInfo],
                   relevance: dict[str, float]) -> dict[str, int]:
    """Document id -> place in the document vote: most of the question's names and numbers
    mentioned (in the text, title, publisher or authors) first, then most relevant. Only
    the documents dense retrieval found are ranked, so only their text is searched for the
    names: the cost does not grow with the corpus (an unrestricted full-text query for a
    common word failed at 100k passages)."""
    terms = named_terms(question)
    mentioning = documents_mentioning(store, terms, [docs[d] for d in relevance if d in docs])

    def mentions(doc_id: str) -> int:
        doc = docs[doc_id]
        about = " ".join((doc.title, doc.publisher, *doc.authors))
        return sum(1 for t in terms if doc_id in mentioning.get(t, ()) or t in about)

    ranked = sorted(relevance, key=lambda d: (-mentions(d), -relevance[d]))
    return {d: r for r, d in enumerate(ranked)}

# Sentences fetched per passage wanted: several sentences of one passage often rank
# together, and the fused list needs ``n`` distinct passages.
_SENTENCES_PER_PASSAGE = 4
# A document is as relevant as the mean of its few best sentences: one lucky sentence
# does not make a document about the question, several do.
_DOC_EVIDENCE = 3


@dataclass(frozen=True)
class DenseMatches:
    passages: list[tuple[Passage, float]]  # best sentence's cosine per passage, nearest first
    documents: dict[str, float]  # doc_id -> document relevance (see document_relevance)


def document_relevance(similarities: list[float], floor: float | None) -> float:
    """Mean of the ``_DOC_EVIDENCE`` best sentence similarities (nearest first). When the
    query was cut off, sentences it did not return count as ``floor``, the similarity
    of the last one returned (an upper bound for them)."""
    best = similarities[:_DOC_EVIDENCE]
    if floor is not None:
        best += [floor] * (_DOC_EVIDENCE - len(best))
    return sum(best) / len(best)


def dense(store: Store, vector: Sequence[float], n: int,
          versions: Sequence[str] | None = None) -> DenseMatches:
    """Passages whose best sentence is nearest the question (cosine), among the given
    document versions (None: all committed), and how relevant each document is as a whole."""
    wanted = n * _SENTENCES_PER_PASSAGE
    matches = store.nearest_sentences(vector, wanted, versions)
    best: dict[str, float] = {}
    by_doc: dict[str, list[float]] = {}
    for m in matches:  # nearest first
        best.setdefault(m.passage_id, m.similarity)
        by_doc.setdefault(m.doc_id, []).append(m.similarity)
    top = list(best)[:n]
    passages = store.passages(top)
    floor = min(m.similarity for m in matches) if len(matches) == wanted else None
    return DenseMatches(
        passages=[(passages[pid], best[pid]) for pid in top if pid in passages],
        documents={d: document_relevance(s, floor) for d, s in by_doc.items()},
    )


def documents_mentioning(store: Store, terms: Sequence[str],
                         docs: Sequence[DocInfo]) -> dict[str, set[str]]:
    """For each term, the ids of the documents among ``docs`` whose text contains it
    as written (case-sensitive substring)."""
    found: dict[str, set[str]] = {t: set() for t in terms}
    for doc_id, text in store.passages_containing(terms, docs):
        for term in terms:
            if term in text:
                found[term].add(doc_id)
    return found


# Most passages a list question adds from the section of its best passage.
_SECTION_PASSAGES = 20
_PROPOSING_DOCUMENTS = 10  # most documents whose proposals are read for one question
_PROPOSAL_PASSAGES = 40  # and most passages of them


def widen(store: Store, hits: Sequence[Hit], question: Question,
          filters: Filters | None = None) -> list[Hit]:
    """Hits plus the passages a question of its kind needs beyond the best matches: the
    opening passage (title block, authors, date) of each matched document for a question
    about the publication itself; the rest of the best passage's section for a question
    that asks for a list of N, how many of something there are or an item by its place
    ("the second suggestion"), so that the whole list can be read (and counted); and for
    "What does the report propose?", the sections headed as proposals in every document
    the filters allow (retrieved ones first): a question with no topic of its own does not
    tell documents apart, and a list of proposals is what it asks for."""
    listed = question.count or question.measure or question.ordinal
    if not hits or not (question.facet or listed or question.proposals or question.overview):
        return list(hits)
    by_doc = {h.doc.doc_id: h for h in sorted(hits, key=lambda h: h.doc_rank)}
    wanted: list[tuple[Hit, str]] = []
    if question.facet:
        wanted += [(h, passage_id(d, h.doc.version, 0)) for d, h in list(by_doc.items())[:3]]
    if listed:
        best = hits[0]
        section = best.passage.heading_path[:1]
        same = [p for p in store.committed_passages([best.doc.version])[0]
                if p.heading_path[:1] == section]
        wanted += [(best, p.passage_id) for p in sorted(same, key=lambda p: p.index)]
    if question.proposals:
        others = [d for d in allowed_docs(store, filters).values() if d.doc_id not in by_doc]
        ranked = [*by_doc.values(), *(Hit(hits[0].passage, d, 0.0, None, None, None,
                                          len(by_doc) + n) for n, d in enumerate(others))]
        for like in ranked[:_PROPOSING_DOCUMENTS]:
            wanted += [(like, p.passage_id) for p in sorted(
                store.committed_passages([like.doc.version])[0], key=lambda p: p.index)
                if any(heads_proposals(h) for h in p.heading_path)]
    if question.overview:  # the best document's sections, each by its opening passage
        best = hits[0]
        firsts: dict[tuple[str, ...], Passage] = {}
        for p in sorted(store.committed_passages([best.doc.version])[0], key=lambda p: p.index):
            firsts.setdefault(p.heading_path, p)
            if any(heads_proposals(h) for h in p.heading_path):
                firsts.setdefault((*p.heading_path, str(p.index)), p)  # the whole list
        wanted += [(best, p.passage_id) for p in firsts.values()]
    have = {h.passage.passage_id for h in hits}
    ids = [pid for _, pid in wanted if pid not in have]
    found = store.passages(ids[:_PROPOSAL_PASSAGES if question.proposals or question.overview
                               else _SECTION_PASSAGES])
    added = list({pid: Hit(found[pid], like.doc, 0.0, None, None, like.doc_relevance,
                           like.doc_rank)
                  for like, pid in wanted if pid in found and pid not in have}.values())
    opening = [h for h in added if h.passage.index == 0 and question.facet]
    return [*opening, *hits, *(h for h in added if h not in opening)]


_MENTIONING = 3  # most passages added for a topic asked about by its own words


def with_mentions(store: Store, lexical_index: LexicalIndex, hits: Sequence[Hit],
                  terms: Sequence[str], filters: Filters | None = None) -> list[Hit]:
    """Hits plus up to ``_MENTIONING`` passages that say every one of ``terms`` (by stem),
    best by BM25: "What does the report say about evaluation?" must read the one passage
    that says "evaluation", however far its other words put it from the question."""
    docs = allowed_docs(store, filters)
    have = {h.passage.passage_id for h in hits}
    wanted = {stem(t.lower()) for t in terms}
    rank = {h.doc.doc_id: h.doc_rank for h in reversed(hits)}
    added: list[Hit] = []
    for passage, score in lexical_index.search(" ".join(terms), 10, [d.version for d in docs.values()]):
        said = {stem(p) for p in word_parts(passage.text)}
        if passage.passage_id in have or not wanted <= said or passage.doc_id not in docs:
            continue
        added.append(Hit(passage, docs[passage.doc_id], 0.0, None, score, None,
                         rank.get(passage.doc_id, len(rank))))
        if len(added) == _MENTIONING:
            break
    return [*hits, *added]


def _content(passage: Passage) -> str:
    """A passage's text without the heading it opens with, case and spacing folded: what
    two passages are compared by when one may repeat the other under another heading."""
    first, _, rest = passage.text.partition("\n")
    opens_with_heading = (passage.heading_path and rest.strip()
                          and heading_key(first) == heading_key(passage.heading_path[-1]))
    return " ".join((rest if opens_with_heading else passage.text).lower().split())


def mmr(store: Store, query_vector: Any, hits: Sequence[Hit], k: int, weight: float = 0.7) -> list[Hit]:
    """Maximal marginal relevance: pick ``k`` of ``hits``, each time the one most similar
    to the query and least similar to those already picked (``weight`` trades the two)."""
    import numpy as np

    if len(hits) <= 1:
        return list(hits[:k])
    vectors = store.passage_vectors([h.passage.passage_id for h in hits])
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
