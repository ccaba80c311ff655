"""BM25 over the committed passages (bm25s), beside the Chroma store.

Built from the store's own passages, so it can never disagree with it, and saved on disk
under ``<index_dir>/lexical/<collection>/<hash of the committed versions>`` (memory-mapped
when loaded). A process that only asks loads it instead of re-reading every passage; it
is rebuilt only when the set of committed document versions changes, normally by the
ingest that changed it. In server mode it stays local to each machine, keyed the same way.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stepqa.passages import Passage
from stepqa.store import Store
from stepqa.text import english_stemmer, hangul_bigrams

_IDS = "passages.json"  # passage ids and their document versions, in index order


def tokenize(texts: list[str], return_ids: bool = True) -> Any:
    """English words stemmed, stopwords dropped; Korean words as syllable bigrams."""
    import bm25s

    return bm25s.tokenize([hangul_bigrams(t) for t in texts], stopwords="en",
                          stemmer=english_stemmer(), return_ids=return_ids, show_progress=False)


class LexicalIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = store.settings.index_dir / "lexical" / store.settings.collection_name
        self._lock = threading.Lock()  # one build at a time; queries read a finished one
        self._built_for: tuple[str, ...] | None = None
        self._retriever: Any = None
        self._ids: list[str] = []
        self._versions: Any = None
        self._version_set: set[str] = set()

    def _folder(self, versions: tuple[str, ...]) -> Path:
        return self.root / hashlib.sha256("\n".join(versions).encode()).hexdigest()[:16]

    def _current(self) -> None:
        versions = tuple(sorted(self.store.versions()))
        if versions == self._built_for:
            return
        with self._lock:
            if versions != self._built_for:
                self._open(versions)

    def _open(self, versions: tuple[str, ...]) -> None:
        import bm25s
        import numpy as np

        folder = self._folder(versions)
        if (folder / _IDS).is_file():
            saved = json.loads((folder / _IDS).read_text(encoding="utf-8"))
            retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False) if saved["ids"] \
                else None
        else:
            saved, retriever = self._build(versions, folder)
        self._retriever, self._ids = retriever, list(saved["ids"])
        self._versions = np.array(saved["versions"])
        self._version_set = set(saved["versions"])
        self._built_for = versions

    def _build(self, versions: tuple[str, ...], folder: Path) -> tuple[dict[str, Any], Any]:
        """Index every committed passage and save it; older saved indexes are removed."""
        import bm25s

        passages, doc_versions = self.store.committed_passages(versions)
        retriever = bm25s.BM25() if passages else None
        partial = folder.with_name(folder.name + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True, exist_ok=True)
        if retriever is not None:
            retriever.index(tokenize([f"{p.section}\n{p.text}" for p in passages]),
                            show_progress=False)
            retriever.save(str(partial), show_progress=False)
        saved = {"ids": [p.passage_id for p in passages], "versions": doc_versions}
        (partial / _IDS).write_text(json.dumps(saved), encoding="utf-8")
        for old in self.root.iterdir():
            if old != partial:
                shutil.rmtree(old, ignore_errors=True)
        partial.rename(folder)  # complete or absent: never half written
        return saved, retriever

    def refresh(self) -> None:
        """Bring the saved index up to date now (ingest calls this after a change)."""
        self._current()

    def search(self, query: str, n: int, versions: Sequence[str]) -> list[tuple[Passage, float]]:
        """Best BM25 matches among the given document versions (zero scores dropped)."""
        import numpy as np

        self._current()
        if self._retriever is None or not self._ids:
            return []
        tokens = tokenize([query], return_ids=False)[0]
        if not tokens:
            return []
        scores = np.asarray(self._retriever.get_scores(tokens))
        if set(versions) != self._version_set:  # a filter restricts documents
            scores = np.where(np.isin(self._versions, list(versions)), scores, 0.0)
        order = [int(i) for i in _best(scores, n) if scores[i] > 0]
        found = self.store.passages([self._ids[i] for i in order])
        return [(found[self._ids[i]], float(scores[i])) for i in order if self._ids[i] in found]


def _best(scores: Any, n: int) -> Any:
    """Indices of the ``n`` highest scores, highest first, ties by index — what a stable
    full sort gives, found by a partial sort (linear in the corpus, not n log n)."""
    import numpy as np

    if len(scores) > n:
        threshold = -np.partition(-scores, n - 1)[n - 1]
        above = np.flatnonzero(scores > threshold)
        top = np.concatenate([above, np.flatnonzero(scores == threshold)[: n - len(above)]])
    else:
        top = np.arange(len(scores))
    return top[np.lexsort((top, -scores[top]))]
