"""stepqa inside llama-index: a retriever that returns stepqa's passages as nodes with exact
offsets, and a query engine whose Response is stepqa's verified, cited answer.

    from stepqa.integrations.llama_index import StepqaQueryEngine, StepqaRetriever
    retriever = StepqaRetriever(Assistant())       # any llama-index retriever slot
    engine = StepqaQueryEngine(Assistant())        # any llama-index query engine slot
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.response.schema import Response
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from stepqa.citations import Citation, passage_citation
from stepqa.pipeline import Assistant
from stepqa.retrieve import Filters


def citation_node(c: Citation, score: float | None = None) -> NodeWithScore:
    """A node whose text is the cited span and whose metadata says exactly where it is."""
    metadata: dict[str, Any] = {
        "doc_id": c.doc_id, "title": c.title, "section": c.section, "page": c.page,
        "start": c.start, "end": c.end, "passage_id": c.passage_id, "publisher": c.publisher,
        "date": c.date, "source": c.source, "citation": c.n,
    }
    node = TextNode(text=c.quote, id_=f"{c.passage_id}@{c.start}-{c.end}", metadata=metadata)
    return NodeWithScore(node=node, score=score)


class StepqaRetriever(BaseRetriever):
    """stepqa's hybrid retrieval (dense + BM25 + document vote) as a llama-index retriever."""

    def __init__(self, assistant: Assistant, k: int | None = None,
                 filters: Filters | None = None, **kwargs: Any) -> None:
        self.assistant = assistant
        self.k = k
        self.filters = filters
        super().__init__(**kwargs)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self.assistant.retrieve(query_bundle.query_str, k=self.k, filters=self.filters)
        return [citation_node(passage_citation(i, h), h.score) for i, h in enumerate(hits, 1)]


class StepqaQueryEngine(BaseQueryEngine):
    """Answers with stepqa's verified, cited answer: ``response`` is the answer text,
    ``source_nodes`` its citations (one node per [n]), ``metadata["stepqa"]`` the whole
    answer. A refusal is a Response too, with no source nodes and the reason in metadata."""

    def __init__(self, assistant: Assistant, k: int | None = None,
                 filters: Filters | None = None, backend: str | None = None) -> None:
        self.assistant = assistant
        self.k, self.filters, self.backend = k, filters, backend
        super().__init__(callback_manager=None)

    def _query(self, query_bundle: QueryBundle) -> Response:
        answer = self.assistant.ask(query_bundle.query_str, k=self.k, filters=self.filters,
                                    backend=self.backend)
        return Response(
            response=answer.answer,
            source_nodes=[citation_node(c) for c in answer.citations],
            metadata={"stepqa": answer.to_dict(), "refused": answer.refused,
                      "reason": answer.reason},
        )

    async def _aquery(self, query_bundle: QueryBundle) -> Response:
        return self._query(query_bundle)

    def _get_prompt_modules(self) -> dict[str, Any]:
        return {}
