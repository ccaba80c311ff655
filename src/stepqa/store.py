"""Chroma collections and the commit protocol: where passages, their sentence vectors and
the committed documents live. Third stage of the line (with lexical.py beside it).

Three collections are named after the index fingerprint (embedder + passage settings), so
a settings change opens a fresh index instead of mixing vectors:

* ``<prefix>-<fp>``            one record per passage, its embedding and metadata;
* ``<prefix>-<fp>-sentences``  one record per citable sentence of a passage;
* ``<prefix>-<fp>-docs``       one record per *committed* document version.

A document becomes visible only when its record in ``-docs`` is written, after all of its
passages and sentences are stored; queries only see records of committed versions. An
ingest that is interrupted half-way therefore leaves nothing half-indexed, and the next
ingest sweeps away the orphans (``sweep_orphans``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import logging
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from stepqa.config import Settings
from stepqa.documents import Document, page_at
from stepqa.errors import DocumentError, IndexStoreError, StepqaError
from stepqa.passages import Passage, passage_id

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)
_CHUNK = 1000  # values in one "$in" filter (SQLite allows 32,766 variables per query)
_PAGE = 20_000  # records read per page when every record must be looked at
_LOW_DISK = 64 * 1024 * 1024  # less free space than this where a write failed: the disk is full
_GENERATION = "generation"  # in the index folder: a token every write rewrites
_WRITE_LOCK = "write.lock"  # in the index folder: held while one process writes


@dataclass(frozen=True)
class DocInfo:
    """What the index records about one committed document version."""

    doc_id: str
    version: str  # the content hash of the ingested file
    title: str
    source: str
    publisher: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    fictional: bool = False
    passages: int = 0
    pages: tuple[int, ...] = ()  # where each page starts in the text (PDF)
    ingested_at: str = ""  # when this version was committed (UTC, ISO 8601)

    def page_at(self, offset: int) -> int | None:
        return page_at(self.pages, offset)


@dataclass(frozen=True)
class Sentence:
    """One stored sentence of a passage: absolute span, text and unit-length vector."""

    passage_id: str
    start: int
    end: int
    text: str
    vector: Any


@dataclass(frozen=True)
class SentenceMatch:
    """A sentence returned by a dense query: its passage and document, and its cosine."""

    passage_id: str
    doc_id: str
    similarity: float


@dataclass(frozen=True)
class Embedded:
    """Records of one document ready to commit: texts, spans and their vectors."""

    passages: Sequence[Passage]
    passage_vectors: np.ndarray
    sentences: Sequence[tuple[Passage, int, int]]  # (passage, start, end)
    sentence_vectors: np.ndarray


class _Connection:
    """One Chroma client for one index folder, shared by every Store on it in this process.

    An embedded Chroma system loads its vector index into memory and never learns of
    another process's writes: in a chat app left open while `stepqa ingest` ran in a
    terminal, the new passages would never be found by meaning, and the app's next write
    would persist its stale vector index over the other process's. So every write rewrites
    the folder's generation token (``token`` is the one this connection has seen, its own
    writes included); a Store that finds another token opens a fresh system.

    The stale system is never stopped, only set aside (``_RETIRED``): a call in another
    thread may still be using it, and stopping an embedded Chroma system drops its Rust
    runtime, which hung a later write in the same process (seen after a full disk, in
    tests/test_crash.py). Chroma itself keeps every system it opened until the process
    ends, so this keeps what it would have kept; one per reopen, and reopens happen only
    when another process has written."""

    def __init__(self, client: Any, token: str, embedded: bool) -> None:
        self.client = client
        self.token = token
        self.embedded = embedded  # a server is shared by every process: nothing to reopen


_OPEN: dict[str, _Connection] = {}  # index folder -> its embedded connection in this process
_RETIRED: list[_Connection] = []  # stale connections, kept (see _Connection)
_OPEN_LOCK = threading.Lock()

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _live(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a Store method on a connection that has seen the latest write to the index."""
    @functools.wraps(method)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        store = args[0]
        assert isinstance(store, Store)
        store._sync()
        return method(*args, **kwargs)
    return run


class Store:
    """The Chroma side of the index: embedded or a `chroma run` server."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._token_file = settings.index_dir / _GENERATION
        self._conn = self._connect()
        self._open_collections()
        self._doc_cache: tuple[str, dict[str, DocInfo]] | None = None  # (token, documents)

    def _open_collections(self) -> None:
        name = self.settings.collection_name
        meta = {"fingerprint": self.settings.index_fingerprint, "embed_model": self.settings.embed_model}
        try:
            self._passages = self._collection(name, meta, cosine=True)
            # Every sentence of every passage, embedded on its own: dense retrieval matches
            # a question against the sentence that answers it, then returns its passage.
            self._sentences = self._collection(f"{name}-sentences", meta, cosine=True)
            self._docs = self._collection(f"{name}-docs", meta, cosine=False)
        except Exception as exc:
            raise IndexStoreError(f"cannot open Chroma collection {name!r}: {exc}") from exc

    def _collection(self, name: str, meta: dict[str, Any], cosine: bool) -> Any:
        # embedding_function=None: stepqa always passes vectors; Chroma's default function
        # would download a model.
        extra = {"configuration": {"hnsw": {"space": "cosine"}}} if cosine else {}
        return self._conn.client.get_or_create_collection(
            name, metadata=meta, embedding_function=None, **extra)

    def _connect(self) -> _Connection:
        if self.settings.chroma_host:
            return _Connection(self._client(), "", embedded=False)
        with _OPEN_LOCK:
            key = str(self.settings.index_dir)
            conn = _OPEN.get(key)
            if conn is None:
                conn = _OPEN[key] = _Connection(self._client(), self._read_token(), embedded=True)
            return conn

    def _client(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        s = self.settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if s.chroma_host:
                return chromadb.HttpClient(host=s.chroma_host, port=s.chroma_port,
                                           settings=chroma_settings)
            s.index_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(s.index_dir), settings=chroma_settings)
        except Exception as exc:
            if s.chroma_host:
                raise IndexStoreError(
                    f"cannot reach the Chroma server {s.chroma_host}:{s.chroma_port}: {exc}",
                    "check that the server runs (chroma run --path DIR --port N)") from exc
            if s.index_dir.is_dir() and not os.access(s.index_dir, os.W_OK):
                raise IndexStoreError(
                    f"the index folder {s.index_dir} is read-only; embedded Chroma writes to it "
                    "even to answer", "point STEPQA_INDEX_DIR at a writable copy") from exc
            raise IndexStoreError(f"cannot open the Chroma index at {s.index_dir}: {exc}",
                                  "check that the folder is writable and not in use") from exc

    def _read_token(self) -> str:
        try:
            return self._token_file.read_text(encoding="ascii")
        except OSError:
            return ""  # no write since this was added, or nothing written yet

    def _sync(self) -> None:
        """Make sure this Store reads what every process has written: when another process
        has written to the index since this process's connection was opened, open it afresh."""
        if not self._conn.embedded:
            return
        token = self._read_token()
        if token == self._conn.token:
            return
        if self._disk_full() is not None:
            # A Chroma system opened on a full disk hung at its next call, even after space
            # was freed (tests/test_crash.py): keep reading what this process had.
            log.warning("the index was changed by another process, but the disk is full: "
                        "not reopening it until there is space")
            return
        with _OPEN_LOCK:
            key = str(self.settings.index_dir)
            current = _OPEN.get(key)
            if current is None or current.token != token:  # no other Store reopened it yet
                current = self._reopen(key, token)
            self._conn = current
        log.info("the index was changed by another process: reopened it")
        self._open_collections()

    def _reopen(self, key: str, token: str) -> _Connection:  # with _OPEN_LOCK held
        # Chroma shares one system per folder within a process (chromadb's
        # SharedSystemClient): forget the stale one, so that a new client gets a fresh one.
        from chromadb.api.shared_system_client import SharedSystemClient

        if key in _OPEN:
            _RETIRED.append(_OPEN[key])
        SharedSystemClient._identifier_to_system.pop(key, None)
        SharedSystemClient._identifier_to_refcount.pop(key, None)
        conn = _OPEN[key] = _Connection(self._client(), token, embedded=True)
        return conn

    def _bump(self) -> None:
        """A new generation token: what was read before this write is out of date, in this
        process and (embedded) in every other one."""
        token = secrets.token_hex(8)
        if self._conn.embedded:
            partial = self._token_file.with_name(f"{_GENERATION}.{os.getpid()}.part")
            partial.write_text(token, encoding="ascii")
            os.replace(partial, self._token_file)
        self._conn.token = token

    # ----------------------------------------------------------------- documents
    @_live
    def documents(self) -> dict[str, DocInfo]:
        """Committed documents by id (read again after any write, by any process)."""
        docs = self._cached_documents()
        if docs is None:
            got = self._docs.get(include=["metadatas"])
            docs = {i: _doc_from_meta(i, m) for i, m in zip(got["ids"], got["metadatas"] or [])}
            self._doc_cache = (self._conn.token, docs)
        return docs

    def _cached_documents(self) -> dict[str, DocInfo] | None:
        """The documents read since the last write this process knows of, if any."""
        if self._doc_cache is not None and self._doc_cache[0] == self._conn.token:
            return self._doc_cache[1]
        return None

    def versions(self) -> list[str]:
        """The committed document versions (content hashes)."""
        return [d.version for d in self.documents().values()]

    @_live
    def is_empty(self) -> bool:
        docs = self._cached_documents()
        return not docs if docs is not None else bool(self._docs.count() == 0)

    # -------------------------------------------------------------------- writes
    def commit(self, batch: Sequence[tuple[Document, Embedded]]) -> None:
        """Store documents' passages and sentences, then commit them in one write: from
        then on queries see these versions and no longer the ones they replace. A batch
        of many small documents costs a few writes, not a few per document."""
        for doc, records in batch:
            if not records.passages:
                raise DocumentError(f"{doc.source}: produced no passages")
        passages = [(doc, p) for doc, records in batch for p in records.passages]
        sentences = [(doc, p, s, e) for doc, records in batch for p, s, e in records.sentences]
        if not passages:
            return
        with self._writing():
            self._write_batch(batch, passages, sentences)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One write to the index: this process alone writing (the folder's write lock), on
        a connection that has seen every earlier write, announced to other processes before
        and after (a new generation token; a writer killed half-way has announced it too).
        Chroma's write errors become an IndexStoreError; a full disk is said as such. What
        was written before the commit point is swept by the next ingest."""
        with self._write_lock():
            self._sync()
            try:
                self._bump()
                yield
            except StepqaError:
                raise
            except Exception as exc:
                raise self._write_error(exc) from exc
            finally:
                try:
                    self._bump()
                except OSError as exc:  # a full disk: the error above already says so
                    log.warning("could not announce the write to other processes: %s", exc)

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        if self.settings.chroma_host:  # the server orders writes itself
            yield
            return
        with open(self.settings.index_dir / _WRITE_LOCK, "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("another process is writing to the index; waiting for it")
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _disk_full(self) -> int | None:
        """The bytes left where an embedded index lives, when fewer than ``_LOW_DISK``."""
        where = self.settings.index_dir
        if self.settings.chroma_host or not where.exists():
            return None
        free = shutil.disk_usage(where).free
        return free if free < _LOW_DISK else None

    def _write_error(self, exc: Exception) -> IndexStoreError:
        free = self._disk_full()
        if free is not None:
            return IndexStoreError(
                f"the disk is full: {free / 1e6:.1f} MB left where the index lives "
                f"({self.settings.index_dir}); nothing was committed",
                "free some space, then run `stepqa ingest` again")
        return IndexStoreError(f"writing to the index failed: {exc}",
                               "nothing was committed; run `stepqa ingest` again")

    def _write_batch(self, batch: Sequence[tuple[Document, Embedded]],
                     passages: list[tuple[Document, Passage]],
                     sentences: list[tuple[Document, Passage, int, int]]) -> None:
        import numpy as np

        starts: dict[str, list[int]] = {}
        for _, p, start, _ in sentences:
            starts.setdefault(p.passage_id, []).append(start)
        self._upsert(
            self._passages,
            ids=[p.passage_id for _, p in passages],
            vectors=np.concatenate([records.passage_vectors for _, records in batch]),
            documents=[p.text for _, p in passages],
            metadatas=[
                {"doc_id": doc.doc_id, "doc_version": doc.content_hash, "title": doc.title,
                 "publisher": doc.publisher, "date": doc.date, "index": p.index, "start": p.start,
                 "end": p.end, "heading_path": json.dumps(p.heading_path, ensure_ascii=False),
                 # where its sentences start: their ids, so they are read by id, not filtered
                 _SENTENCE_STARTS: json.dumps(starts.get(p.passage_id, []))}
                for doc, p in passages
            ],
        )
        self._upsert(
            self._sentences,
            ids=[_sentence_id(p.passage_id, s) for _, p, s, _ in sentences],
            vectors=np.concatenate([records.sentence_vectors for _, records in batch]),
            documents=[doc.text[s:e] for doc, _, s, e in sentences],
            metadatas=[
                {"passage_id": p.passage_id, "doc_id": doc.doc_id,
                 "doc_version": doc.content_hash, "start": s, "end": e}
                for doc, p, s, e in sentences
            ],
        )
        # The commit point. Chroma stores a vector with every record; the docs collection is
        # only looked up by id, so a constant one-dimensional vector is enough.
        # Which of the batch's documents had a version before: looked up by id, not by
        # rereading every document record (the cache is dropped after each commit).
        known = set(self._docs.get(ids=[doc.doc_id for doc, _ in batch], include=[])["ids"])
        self._docs.upsert(ids=[doc.doc_id for doc, _ in batch], embeddings=[[1.0]] * len(batch),
                          metadatas=[_doc_meta(doc, len(records.passages)) for doc, records in batch])
        for doc, _ in batch:  # only a document that had a version before has stale records
            if doc.doc_id in known:
                stale = {"$and": [{"doc_id": doc.doc_id}, {"doc_version": {"$ne": doc.content_hash}}]}
                self._passages.delete(where=stale)
                self._sentences.delete(where=stale)

    def _upsert(self, collection: Any, ids: list[str], vectors: np.ndarray,
                documents: list[str], metadatas: list[dict[str, Any]]) -> None:
        batch = max(1, self.settings.embed_batch_size * 8)  # Chroma caps a single write
        for i in range(0, len(ids), batch):
            collection.upsert(ids=ids[i : i + batch], embeddings=vectors[i : i + batch].tolist(),
                              documents=documents[i : i + batch],
                              metadatas=metadatas[i : i + batch])

    def remove(self, doc_id: str) -> None:
        with self._writing():
            self._docs.delete(ids=[doc_id])  # uncommit first: queries stop seeing it at once
            self._passages.delete(where={"doc_id": doc_id})
            self._sentences.delete(where={"doc_id": doc_id})

    def sweep_orphans(self) -> int:
        """Delete records of versions that were never committed (an interrupted ingest);
        returns how many passages were removed. Records are read page by page and compared
        with the committed versions here: a filter listing every version would exceed
        SQLite's limit on query variables past about ten thousand documents."""
        if not any(self._orphans()):
            return 0  # the usual case: nothing to write, nothing to announce
        with self._writing():
            passages, sentences = self._orphans()
            if passages:
                log.info("removing %d passages left by an interrupted ingest", len(passages))
            for collection, ids in ((self._passages, passages), (self._sentences, sentences)):
                for part in _chunks(ids):
                    collection.delete(ids=part)
        return len(passages)

    @_live
    def _orphans(self) -> tuple[list[str], list[str]]:
        """Ids of the passages and sentences of versions never committed."""
        committed = set(self.versions())
        return _uncommitted(self._passages, committed), _uncommitted(self._sentences, committed)

    # --------------------------------------------------------------------- reads
    @_live
    def passages(self, ids: Sequence[str]) -> dict[str, Passage]:
        """Stored passages by id (ids not in the index are left out)."""
        if not ids:
            return {}
        got = self._passages.get(ids=list(dict.fromkeys(ids)), include=["documents", "metadatas"])
        return _passages_of(got)

    @_live
    def committed_passages(self, versions: Sequence[str]) -> tuple[list[Passage], list[str]]:
        """Every passage of the given document versions, and each one's version."""
        passages: list[Passage] = []
        of: list[str] = []
        for part in _chunks(list(versions)):  # SQLite caps the variables of one query
            got = self._passages.get(where={"doc_version": {"$in": part}},
                                     include=["documents", "metadatas"])
            passages += _passages_of(got).values()
            of += [str(m["doc_version"]) for m in got["metadatas"] or []]
        return passages, of

    @_live
    def passage_vectors(self, ids: Sequence[str]) -> dict[str, Any]:
        """Stored passage vectors by id."""
        if not ids:
            return {}
        got = self._passages.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

    def sentences(self, passage_ids: Sequence[str]) -> list[Sentence]:
        """The stored sentences (with vectors) of the given passages, in no particular order."""
        return self.passages_and_sentences(passage_ids)[1]

    @_live
    def passages_and_sentences(self, passage_ids: Sequence[str]) -> tuple[dict[str, Any], list[Sentence]]:
        """The given passages' vectors by id, and their stored sentences (with vectors), in
        no particular order: one read of the passages serves both. Sentences are read by id
        (each passage records where its sentences start): a lookup by key costs the same at
        any size, where a metadata filter grows with the collection."""
        if not passage_ids:
            return {}, []
        wanted = list(dict.fromkeys(passage_ids))
        include = ["embeddings", "metadatas", "documents"]
        got = self._passages.get(ids=wanted, include=["embeddings", "metadatas"])
        vectors = dict(zip(got["ids"], got["embeddings"]))
        pairs = [(pid, m) for pid, m in zip(got["ids"], got["metadatas"] or []) if m]
        if not all(_SENTENCE_STARTS in m for _, m in pairs):
            # an index written before passages recorded their sentences
            return vectors, _sentences_of(self._sentences.get(where={"passage_id": {"$in": wanted}},
                                                              include=include))
        ids = [_sentence_id(pid, start) for pid, m in pairs
               for start in json.loads(str(m[_SENTENCE_STARTS]))]
        return vectors, [s for part in _chunks(ids)
                         for s in _sentences_of(self._sentences.get(ids=part, include=include))]

    @_live
    def count(self) -> tuple[int, int]:
        """(passages, sentences) stored, committed or not."""
        return int(self._passages.count()), int(self._sentences.count())

    @_live
    def nearest_sentences(self, vector: Sequence[float], n: int,
                          versions: Sequence[str] | None = None) -> list[SentenceMatch]:
        """The ``n`` sentences nearest ``vector`` (cosine), nearest first, among the given
        document versions, or among all committed ones when ``versions`` is None. The
        unrestricted query carries no filter, so its cost does not grow with the number of
        documents; records of an uncommitted version (an ingest in progress or interrupted)
        are dropped from its results instead."""
        if versions is not None and not versions:
            return []
        committed = set(self.versions())
        if not committed:
            return []
        if versions is not None:
            return self._restricted(vector, n, list(versions), committed)
        matches, dropped = self._query_sentences(vector, n, None, committed)
        if dropped:
            # Records of an uncommitted version (an interrupted ingest, until the next one
            # sweeps them) crowded the unfiltered query: ask again, restricted.
            return self._restricted(vector, n, sorted(committed), committed)
        return matches

    def _restricted(self, vector: Sequence[float], n: int, versions: list[str],
                    committed: set[str]) -> list[SentenceMatch]:
        """The nearest among ``versions``: one query per chunk of versions (SQLite caps
        the variables of one query), merged nearest first."""
        matches: list[SentenceMatch] = []
        for part in _chunks(versions):
            matches += self._query_sentences(vector, n, {"doc_version": {"$in": part}}, committed)[0]
        return sorted(matches, key=lambda m: -m.similarity)[:n]

    def _query_sentences(self, vector: Sequence[float], n: int, where: dict[str, Any] | None,
                         committed: set[str]) -> tuple[list[SentenceMatch], bool]:
        """Matches of committed versions, and whether any result was dropped."""
        try:
            got = self._sentences.query(query_embeddings=[list(vector)], n_results=n, where=where,
                                        include=["metadatas", "distances"])
        except Exception as exc:  # chromadb raises its own InternalError types
            # Seen after an ingest was killed mid-write: embedded Chroma cannot search until
            # the next write, which the next ingest makes (tests/test_crash.py).
            raise IndexStoreError(f"the index cannot be searched: {exc}",
                                  "an ingest was interrupted: run `stepqa ingest` to repair it") from exc
        found = [SentenceMatch(str(m["passage_id"]), str(m["doc_id"]), 1.0 - float(d))
                 for m, d in zip(got["metadatas"][0], got["distances"][0])
                 if m and str(m.get("doc_version")) in committed]
        return found, len(found) < len(got["ids"][0])

    @_live
    def passages_containing(self, terms: Sequence[str],
                            docs: Sequence[DocInfo]) -> list[tuple[str, str]]:
        """(doc_id, text) of the passages of ``docs`` that contain any of ``terms`` as
        written. Their passages are read by id and searched here when they are few (a
        full-text filter costs about 150 ms at 100k passages, however it is restricted);
        many are searched by Chroma's ``$contains``, one query per chunk of versions."""
        if not terms or not docs:
            return []
        ids = [passage_id(d.doc_id, d.version, i) for d in docs for i in range(d.passages)]
        if len(ids) <= _READ_BY_ID:
            got = self._passages.get(ids=ids, include=["metadatas", "documents"])
            return [(str(m["doc_id"]), t) for m, t in zip(got["metadatas"] or [], got["documents"] or [])
                    if m and any(term in t for term in terms)]
        clauses = [{"$contains": t} for t in terms]
        wanted = {d.version for d in docs}
        found: list[tuple[str, str]] = []
        for part in _chunks(sorted(wanted)):
            got = self._passages.get(
                where={"doc_version": {"$in": part}},
                where_document=clauses[0] if len(clauses) == 1 else {"$or": clauses},
                include=["metadatas", "documents"],
            )
            found += [(str(m["doc_id"]), t) for m, t in zip(got["metadatas"] or [], got["documents"] or [])
                      if m and str(m.get("doc_version")) in wanted]
        return found


_SENTENCE_STARTS = "sentence_starts"
# Passages of candidate documents read by id and searched in Python, at most.
_READ_BY_ID = 2000


def _sentence_id(passage_id: str, start: int) -> str:
    return f"{passage_id}@{start}"


def _sentences_of(got: dict[str, Any]) -> list[Sentence]:
    return [
        Sentence(str(m["passage_id"]), int(m["start"]), int(m["end"]), t, v)
        for m, t, v in zip(got["metadatas"] or [], got["documents"] or [], got["embeddings"])
    ]


def _chunks(values: list[str]) -> list[list[str]]:
    """``values`` in lists short enough for one query's variables."""
    return [values[i:i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _uncommitted(collection: Any, committed: set[str]) -> list[str]:
    """Ids of the records whose document version is not committed, read page by page."""
    found: list[str] = []
    offset = 0
    while True:
        got = collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
        if not got["ids"]:
            return found
        found += [i for i, m in zip(got["ids"], got["metadatas"] or [])
                  if not m or str(m.get("doc_version")) not in committed]
        offset += len(got["ids"])


def _passages_of(got: dict[str, Any]) -> dict[str, Passage]:
    return {
        pid: Passage(
            passage_id=pid, doc_id=str(meta["doc_id"]), index=int(meta["index"]),
            start=int(meta["start"]), end=int(meta["end"]),
            heading_path=tuple(json.loads(str(meta["heading_path"]))), text=text,
        )
        for pid, text, meta in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
        if meta  # a record caught mid-write has none: it belongs to no committed version
    }


def _doc_meta(doc: Document, passages: int) -> dict[str, Any]:
    return {
        "version": doc.content_hash, "title": doc.title, "source": doc.source,
        "publisher": doc.publisher, "date": doc.date,
        "authors": json.dumps(list(doc.authors), ensure_ascii=False),
        "fictional": doc.fictional, "passages": passages, "pages": json.dumps(list(doc.pages)),
        "ingested_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _doc_from_meta(doc_id: str, meta: dict[str, Any]) -> DocInfo:
    return DocInfo(
        doc_id=doc_id,
        version=str(meta["version"]),
        title=str(meta.get("title", "")),
        source=str(meta.get("source", "")),
        publisher=str(meta.get("publisher", "")),
        date=str(meta.get("date", "")),
        authors=tuple(json.loads(str(meta.get("authors", "[]")))),
        fictional=bool(meta.get("fictional", False)),
        passages=int(meta.get("passages", 0)),
        pages=tuple(json.loads(str(meta.get("pages", "[]")))),
        ingested_at=str(meta.get("ingested_at", "")),
    )

