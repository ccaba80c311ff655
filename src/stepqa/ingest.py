"""Ingest: discover files -> load -> split -> embed -> commit to the store.

Unchanged files (same content hash) cost nothing; changed ones replace their old version
atomically (see store.py); files deleted from an ingested folder are removed. A file that
cannot be read is reported and the rest go ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stepqa.config import Settings
from stepqa.documents import Document, discover, load
from stepqa.embedder import Embedder
from stepqa.errors import DocumentError
from stepqa.library import check_size
from stepqa.passages import Passage, citable_sentences, split
from stepqa.store import Embedded, Store

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): called as work advances (a CLI draws a bar with it)."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    embedded: int = 0  # passages embedded in this run
    repaired: int = 0  # passages an interrupted ingest had left uncommitted, swept away

    def summary(self) -> str:
        repaired = (f"; repaired an interrupted ingest: {self.repaired} uncommitted passages "
                    "removed" if self.repaired else "")
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.failed)} failed ({self.embedded} passages embedded{repaired})"
        )


def ingest(store: Store, embedder: Embedder, settings: Settings, paths: Sequence[Path],
           progress: Progress | None = None) -> IngestReport:
    """Index the files under ``paths``; documents deleted from those folders are removed."""
    failed: list[tuple[str, str]] = []
    docs: list[Document] = []
    files = list(discover(paths))
    for i, path in enumerate(files, 1):
        try:
            check_size(settings, str(path), path.stat().st_size)
            docs.append(load(path))
        except DocumentError as exc:
            failed.append((str(path), str(exc)))
        if progress:
            progress("reading documents", i, len(files))
    folders = [p for p in paths if p.is_dir()]
    report = sync(store, embedder, settings, docs, folders, progress)
    report.failed[:0] = failed
    return report


# Passages embedded and committed together: many small documents cost a few encoder
# calls and Chroma writes, not a few each; an interrupted batch is swept as one.
_BATCH_PASSAGES = 256


def sync(store: Store, embedder: Embedder, settings: Settings, docs: Iterable[Document],
         remove_missing_under: Sequence[Path] = (), progress: Progress | None = None) -> IngestReport:
    """Add new and changed documents; drop documents whose source file under one of
    ``remove_missing_under`` no longer exists."""
    report = IngestReport(repaired=store.sweep_orphans())
    known = store.documents()
    todo: list[tuple[Document, list[Passage]]] = []
    seen_ids: dict[str, str] = {}
    for doc in docs:
        if doc.doc_id in seen_ids and seen_ids[doc.doc_id] != doc.source:
            report.failed.append(
                (doc.source, f"document id {doc.doc_id!r} is already used by {seen_ids[doc.doc_id]}"))
            continue
        seen_ids[doc.doc_id] = doc.source
        old = known.get(doc.doc_id)
        if old and old.version == doc.content_hash:
            report.unchanged.append(doc.doc_id)
            continue
        (report.updated if old else report.added).append(doc.doc_id)
        todo.append((doc, split(doc, settings.passage_max_chars)))

    total = sum(len(p) for _, p in todo)
    done = 0
    for batch in _batches(todo, _BATCH_PASSAGES):
        store.commit(embed(embedder, batch))
        done += sum(len(p) for _, p in batch)
        report.embedded = done
        if progress:
            progress("embedding passages", done, total)

    roots = [r.resolve() for r in remove_missing_under]
    for info in list(known.values()):
        source = Path(info.source)
        if info.doc_id in seen_ids or source.exists():
            continue
        if any(source.resolve().is_relative_to(r) for r in roots):
            store.remove(info.doc_id)
            report.removed.append(info.doc_id)
    return report


def _batches(todo: Sequence[tuple[Document, list[Passage]]],
             size: int) -> Iterator[list[tuple[Document, list[Passage]]]]:
    """Whole documents in groups of about ``size`` passages (a long one alone)."""
    batch: list[tuple[Document, list[Passage]]] = []
    count = 0  # passages in ``batch``
    for item in todo:
        if batch and count + len(item[1]) > size:
            yield batch
            batch, count = [], 0
        batch.append(item)
        count += len(item[1])
    if batch:
        yield batch


def embed(embedder: Embedder,
          batch: Sequence[tuple[Document, Sequence[Passage]]]) -> list[tuple[Document, Embedded]]:
    """Vectors for documents' passages and for each of their citable sentences, in two
    encoder calls for the whole batch."""
    sentences = [[(p, s, e) for p in passages for s, e in citable_sentences(p)]
                 for _, passages in batch]
    passage_vectors = embedder.embed([_embedding_text(doc, p) for doc, ps in batch for p in ps])
    sentence_vectors = embedder.embed([doc.text[s:e] for (doc, _), sents in zip(batch, sentences)
                                       for _, s, e in sents])
    out = []
    at_p = at_s = 0
    for (doc, passages), sents in zip(batch, sentences):
        out.append((doc, Embedded(
            passages=passages, passage_vectors=passage_vectors[at_p:at_p + len(passages)],
            sentences=sents, sentence_vectors=sentence_vectors[at_s:at_s + len(sents)])))
        at_p += len(passages)
        at_s += len(sents)
    return out


def _embedding_text(doc: Document, passage: Passage) -> str:
    # Title and section go into the vector so that a bullet like "Strengthen the
    # importance of international cooperation" is found by what its section is about.
    return "\n".join(x for x in (doc.title, passage.section, passage.text) if x)
