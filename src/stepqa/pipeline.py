"""Assistant: the one public entry point that wires the stages together.

question -> validate -> rewrite -> retrieve -> score evidence -> leading document
-> (refuse | backend) -> verify -> Answer.
CLI, app, eval and tests all go through this class.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from stepqa import __version__
from stepqa.answer import Backend, Draft, Evidence, GenerativeRewriter, make_backend
from stepqa.answer.evidence import score_evidence
from stepqa.answer.verify import Checked, verify
from stepqa.citations import (
    REFUSAL,
    Answer,
    AnswerSentence,
    Audit,
    Citation,
    Excerpt,
    RemovedSentence,
    RetrievedRef,
)
from stepqa.config import Settings
from stepqa.conversation import standalone
from stepqa.documents import Document, discover, load
from stepqa.errors import DocumentError, QuestionError
from stepqa.evaluation.judge import Judge, OfflineJudge
from stepqa.index import Index, IngestReport, Progress
from stepqa.retrieve import Filters, Hit, mmr, retrieve

_RELATED_SHOWN = 3
_MMR_POOL = 3  # excerpts: candidates considered per excerpt returned


class Assistant:
    def __init__(self, settings: Settings | None = None, index: Index | None = None) -> None:
        self.settings = settings or Settings()
        self._index = index
        self._judge: Judge | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index(self.settings)
        return self._index

    # -------------------------------------------------------------------- ingest
    def ingest(self, paths: Sequence[Path], progress: Progress | None = None) -> IngestReport:
        """Index the files under ``paths``; documents deleted from those folders are removed.
        A file that cannot be read is reported in ``failed`` and the rest go ahead."""
        failed: list[tuple[str, str]] = []
        docs: list[Document] = []
        files = list(discover(paths))
        for i, path in enumerate(files, 1):
            try:
                docs.append(load(path))
            except DocumentError as exc:
                failed.append((str(path), str(exc)))
            if progress:
                progress("reading", i, len(files))
        folders = [p for p in paths if p.is_dir()]
        report = self.index.sync(docs, remove_missing_under=folders, progress=progress)
        report.failed[:0] = failed
        return report

    def ensure_index(self, progress: Progress | None = None) -> IngestReport | None:
        """Build the index from the shipped corpus if nothing is indexed yet."""
        if not self.index.is_empty():
            return None
        if not self.settings.corpus_dir.is_dir():
            raise DocumentError(
                f"the index is empty and the corpus folder {self.settings.corpus_dir} does not exist",
                "run `stepqa ingest PATH` or set STEPQA_CORPUS_DIR",
            )
        return self.ingest([self.settings.corpus_dir], progress)

    # --------------------------------------------------------------------- query
    def _check_question(self, question: str) -> str:
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty", "type a question about the documents")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(question)} characters long; the limit is "
                f"{self.settings.max_question_chars}",
                "ask a shorter question, or raise STEPQA_MAX_QUESTION_CHARS",
            )
        return question

    def retrieve(self, question: str, k: int | None = None, filters: Filters | None = None,
                 vector: Sequence[float] | None = None) -> list[Hit]:
        """Top passages for ``question`` (``vector``: its embedding, when already known)."""
        question = self._check_question(question)
        self.ensure_index()
        return retrieve(
            self.index,
            question,
            k or self.settings.top_k,
            filters,
            candidates=max(self.settings.candidates, k or 0),
            rrf_k=self.settings.rrf_k,
            vector=vector,
        )

    def _prepare(self, question: str, k: int | None, filters: Filters | None,
                 backend: str | None, history: Sequence[str]) -> _Turn:
        """Everything before generation: validate, rewrite, retrieve, score evidence."""
        started = time.perf_counter()
        question = self._check_question(question)
        engine = make_backend(backend or self.settings.answer_backend, self.settings,
                              self.index.embedder)
        query = standalone(question, history)
        rewriter = "offline" if query != question else ""
        if query != question and isinstance(engine, GenerativeRewriter):
            better = engine.rewrite(question, history)
            if better:  # the model's standalone question; the offline join if it failed
                query, rewriter = better, engine.rewriter
        self.ensure_index()
        k = k or self.settings.top_k
        vector = self.index.embedder.embed([query])[0].tolist()
        hits = retrieve(
            self.index, query, k, filters,
            candidates=max(self.settings.candidates, k), rrf_k=self.settings.rrf_k,
            vector=vector,
        )
        used, evidence = hits, score_evidence(vector, hits, self.index)
        if self.settings.single_document:
            used, evidence = _leading_document(hits, evidence, self.settings.min_support)
        best = evidence[0].support if evidence else 0.0
        return _Turn(question, query, rewriter, k, filters, hits, used, evidence, best, engine,
                     started)

    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        backend: str | None = None,
        history: Sequence[str] = (),
    ) -> Answer:
        """Answer ``question``; ``history`` holds the user's earlier questions in this
        conversation, so that a follow-up ("And what about Japan?") is understood."""
        for event in self.ask_stream(question, k, filters, backend, history):
            if isinstance(event, Answer):
                return event
        raise AssertionError("ask_stream ends with an Answer")  # pragma: no cover

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        backend: str | None = None,
        history: Sequence[str] = (),
    ) -> Iterator[str | Answer]:
        """Like ``ask``, but yields the answer text as it grows — only sentences that have
        passed verification, with their final [n] numbers — and then the Answer."""
        turn = self._prepare(question, k, filters, backend, history)
        if turn.best < self.settings.min_support:  # no evidence, no generation
            yield self._finish(turn, _no_draft(turn.engine))
            return
        stream = getattr(turn.engine, "stream_text", None)
        parse = getattr(turn.engine, "parse", None)
        if stream is None or parse is None:
            yield self._finish(turn, turn.engine.generate(turn.query, turn.used, turn.evidence))
            return
        raw, done, shown = "", 0, ""
        kept: list[Checked] = []
        for piece in stream(turn.query, turn.used):
            raw += piece
            complete = parse(raw, turn.used).sentences[:-1]  # the last may be unfinished
            if len(complete) == done:
                continue
            # Only the sentences completed by this piece are new to check.
            fresh, _ = verify(Draft(complete[done:], "", ""), self.judge,
                              self.settings.verify_strict)
            done = len(complete)
            kept += fresh
            text = _answer_text(_numbered(kept, turn.used)[0])
            if text != shown:
                shown = text
                yield text
        yield self._finish(turn, parse(raw, turn.used))

    def passage_text(self, citation: Citation) -> tuple[str, int]:
        """The whole passage a citation quotes from, and where the passage starts, so a
        page can show the quote highlighted in its context."""
        passage = self.index.passages([citation.passage_id]).get(citation.passage_id)
        if passage is None:
            return citation.quote, citation.start
        return passage.text, passage.start

    def excerpts(
        self, topic: str, k: int | None = None, filters: Filters | None = None,
        diverse: bool = True,
    ) -> list[Excerpt]:
        """Ranked verbatim passages on a topic, each with its full citation. ``diverse``
        re-ranks a wider candidate list by maximal marginal relevance, so a briefing does
        not get three passages saying the same thing."""
        topic = self._check_question(topic)
        k = k or self.settings.top_k
        if not diverse:
            hits = self.retrieve(topic, k, filters)
        else:
            vector = self.index.embedder.embed([topic])[0]
            candidates = self.retrieve(topic, k * _MMR_POOL, filters, vector.tolist())
            hits = mmr(self.index, vector, candidates, k)
        return [
            Excerpt(rank=i, score=h.score, citation=_passage_citation(i, h))
            for i, h in enumerate(hits, 1)
        ]

    @property
    def judge(self) -> Judge:
        if self._judge is None:
            self._judge = OfflineJudge(self.index.embedder)
        return self._judge

    def _finish(self, turn: _Turn, draft: Draft) -> Answer:
        """Verify the draft, number its citations, and record how the answer was made."""
        kept, removed = verify(draft, self.judge, self.settings.verify_strict)
        sentences, citations = _numbered(kept, turn.used)
        refused = not sentences
        if refused:  # the closest passages, from any document
            related = tuple(_passage_citation(i, h)
                            for i, h in enumerate(turn.hits[:_RELATED_SHOWN], 1))
        else:  # the best passage of each other document that matched
            cited = {c.doc_id for c in citations}
            others: dict[str, Hit] = {}
            for h in turn.hits:
                if h.doc.doc_id not in cited:
                    others.setdefault(h.doc.doc_id, h)
            related = tuple(_passage_citation(i, h)
                            for i, h in enumerate(list(others.values())[:_RELATED_SHOWN], 1))
        audit = Audit(
            stepqa_version=__version__,
            embedder_model=self.settings.embed_model,
            index_fingerprint=self.settings.index_fingerprint,
            answer_backend=draft.backend,
            backend_version=draft.version,
            prompt=draft.prompt,
            verification="strict" if self.settings.verify_strict else "lenient",
            judge=f"{self.judge.name}@{self.judge.version}",
            top_k=turn.k,
            min_support=self.settings.min_support,
            filters=turn.filters.describe() if turn.filters else {},
            query=turn.query,
            rewriter=turn.rewriter,
            retrieved=tuple(
                RetrievedRef(h.passage.passage_id, h.doc.doc_id, round(h.score, 6),
                             None if h.dense is None else round(h.dense, 4),
                             None if h.lexical is None else round(h.lexical, 4))
                for h in turn.hits
            ),
            best_support=round(turn.best, 4),
            elapsed_s=round(time.perf_counter() - turn.started, 4),
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        return Answer(
            turn.question, REFUSAL if refused else _answer_text(sentences), refused,
            tuple(sentences), tuple(citations), related, audit,
            removed=tuple(RemovedSentence(c.sentence.text, c.reason, round(c.support, 4))
                          for c in removed),
        )


@dataclass(frozen=True)
class _Turn:
    """One question on its way through the pipeline, before generation."""

    question: str
    query: str
    rewriter: str
    k: int
    filters: Filters | None
    hits: list[Hit]  # everything retrieved, recorded in the audit
    used: list[Hit]  # what the answer may cite (see _leading_document)
    evidence: list[Evidence]
    best: float
    engine: Backend
    started: float


def _numbered(kept: Sequence[Checked], hits: Sequence[Hit]) -> tuple[list[AnswerSentence], list[Citation]]:
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
                citations.append(_span_citation(numbers[key], hit, ev.start, ev.end))
            ns.append(numbers[key])
        sentences.append(AnswerSentence(checked.sentence.text, tuple(ns),
                                        round(checked.support, 4), checked.supported))
    return sentences, citations


def _leading_document(hits: Sequence[Hit], evidence: Sequence[Evidence],
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


def _no_draft(engine: Backend) -> Draft:
    """What a refusal before generation records: the backend and prompt that would have run."""
    prompt = getattr(engine, "prompt", None)
    return Draft((), engine.name, engine.version, prompt.label if prompt else "")


def _answer_text(sentences: Sequence[AnswerSentence]) -> str:
    # One sentence per line: extracted bullets often carry no full stop.
    return "\n".join(
        f"{s.text} " + "".join(f"[{n}]" for n in s.citations)
        + ("" if s.supported else " (unsupported by its citation)")
        for s in sentences
    )


def _span_citation(n: int, hit: Hit, start: int, end: int) -> Citation:
    p = hit.passage
    return Citation(
        n=n, doc_id=hit.doc.doc_id, title=hit.doc.title, section=p.section,
        start=start, end=end, quote=p.text[start - p.start : end - p.start],
        passage_id=p.passage_id, publisher=hit.doc.publisher, date=hit.doc.date,
        source=hit.doc.source, page=hit.doc.page_at(start),
    )


def _passage_citation(n: int, hit: Hit) -> Citation:
    return _span_citation(n, hit, hit.passage.start, hit.passage.end)
