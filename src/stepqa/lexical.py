"""BM25 over the committed passages (bm25s), beside the Chroma store.

Built from the store's own passages, so it can never disagree with it; rebuilt when the
set of committed document versions changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stepqa.passages import Passage
from stepqa.store import Store
from stepqa.text import english_stemmer, hangul_bigrams


def tokenize(texts: list[str], return_ids: bool = True) -> Any:
    """English words stemmed, stopwords dropped; Korean words as syllable bigrams."""
    import bm25s

    return bm25s.tokenize([hangul_bigrams(t) for t in texts], stopwords="en",
                          stemmer=english_stemmer(), return_ids=return_ids, show_progress=False)


class LexicalIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._built_for: tuple[str, ...] | None = None
        self._retriever: Any = None
        self._passages: list[Passage] = []
        self._versions: Any = None

    def _current(self) -> None:
        import bm25s
        import numpy as np

        versions = tuple(sorted(self.store.versions()))
        if versions == self._built_for:
            return
        passages, doc_versions = self.store.committed_passages(versions)
        retriever = bm25s.BM25()
        if passages:
            retriever.index(tokenize([f"{p.section}\n{p.text}" for p in passages]),
                            show_progress=False)
        self._retriever, self._passages = retriever, passages
        self._versions = np.array(doc_versions)
        self._built_for = versions

    def search(self, query: str, n: int, versions: Sequence[str]) -> list[tuple[Passage, float]]:
        """Best BM25 matches among the given document versions (zero scores dropped)."""
        import numpy as np

        self._current()
        if not self._passages:
            return []
        tokens = tokenize([query], return_ids=False)[0]
        if not tokens:
            return []
        scores = self._retriever.get_scores(tokens)
        scores = np.where(np.isin(self._versions, list(versions)), scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(self._passages[i], float(scores[i])) for i in order if scores[i] > 0]
