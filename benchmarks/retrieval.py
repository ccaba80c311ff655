"""Retrieval benchmark: stepqa's hybrid retrieval against three baselines, in one run.

    python benchmarks/retrieval.py [--set eval/qa.jsonl] [--no-distractors] [-k 5]

Indexes the shipped corpus plus the fictional distractors (eval/distractors/) and, for
every answerable question of the eval set, asks each retriever for its top k passages:

- dense-only: stepqa's passages, cosine similarity in Chroma;
- BM25-only: stepqa's passages, bm25s;
- llama-index defaults: SentenceSplitter(1024, 200) + VectorStoreIndex, same embedder;
- stepqa: dense + BM25 + document relevance fused by reciprocal rank (the pipeline's
  own retrieve()).

Prints evidence recall@1/@5, MRR, mean passage length and p50 latency per query, as a
Markdown table. Numbers, not assertions: see README "Retrieval benchmark".
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from stepqa.config import DEFAULT_EMBED_MODEL, Settings
from stepqa.embedder import packaged_minilm_path
from stepqa.evaluation.dataset import load_qa
from stepqa.evaluation.metrics import evidence_ranks, recall_at, reciprocal_rank
from stepqa.evaluation.runner import eval_assistant
from stepqa.retrieve import dense as dense_search
from stepqa.retrieve import retrieve

Retriever = Callable[[str], list[str]]  # question -> passage texts, best first


def llama_index_defaults(texts: dict[str, str], model: str, k: int) -> tuple[Retriever, list[int]]:
    """llama-index out of the box: SentenceSplitter(1024, 200) and an in-memory
    VectorStoreIndex, with the same sentence-transformers model as stepqa."""
    from llama_index.core import Document, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    embed = HuggingFaceEmbedding(model_name=packaged_minilm_path() if model == DEFAULT_EMBED_MODEL else model)
    nodes = SentenceSplitter(chunk_size=1024, chunk_overlap=200).get_nodes_from_documents(
        [Document(text=t, doc_id=i) for i, t in texts.items()]
    )
    index = VectorStoreIndex(nodes, embed_model=embed)
    retriever = index.as_retriever(similarity_top_k=k)
    return (lambda q: [n.node.get_content() for n in retriever.retrieve(q)]), [
        len(n.get_content()) for n in nodes
    ]


def measure(name: str, retriever: Retriever, cases: Sequence, lengths: Sequence[int]) -> dict:  # type: ignore[type-arg]
    r1, r5, rr, seconds = [], [], [], []
    retriever(cases[0].question)  # warm-up: first-call costs are not per-query costs
    for case in cases:
        started = time.perf_counter()
        texts = retriever(case.question)
        seconds.append(time.perf_counter() - started)
        ranks = evidence_ranks(case.evidence, texts)
        r1.append(recall_at(ranks, 1))
        r5.append(recall_at(ranks, 5))
        rr.append(reciprocal_rank(ranks))
    return {
        "retriever": name, "recall@1": statistics.mean(r1), "recall@5": statistics.mean(r5),
        "MRR": statistics.mean(rr), "mean passage chars": statistics.mean(lengths),
        "p50 latency ms": 1000 * statistics.median(seconds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=None)
    parser.add_argument("--no-distractors", action="store_true")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args()

    settings = Settings()
    extra = [] if args.no_distractors else [settings.eval_dir / "distractors"]
    assistant = eval_assistant(settings, extra)
    store, embedder = assistant.store, assistant.embedder
    cases = [c for c in load_qa(args.set or settings.eval_dir / "qa.jsonl") if c.evidence]
    docs = store.documents()
    versions = store.versions()
    lengths = [len(p.text) for p in store.committed_passages(versions)[0]]
    k = args.k

    def vector(q: str) -> list[float]:
        return [float(x) for x in embedder.embed([q], kind="query")[0]]

    def dense(q: str) -> list[str]:
        return [p.text for p, _ in dense_search(store, vector(q), k, versions).passages]

    def lexical(q: str) -> list[str]:
        return [p.text for p, _ in assistant.lexical.search(q, k, versions)]

    def hybrid(q: str) -> list[str]:
        hits = retrieve(store, assistant.lexical, q, vector(q), k,
                        candidates=settings.candidates, rrf_k=settings.rrf_k)
        return [h.passage.text for h in hits]

    from stepqa.documents import load

    texts = {d.doc_id: load(Path(d.source)).text for d in docs.values()}
    llama, llama_lengths = llama_index_defaults(texts, settings.embed_model, k)
    rows = [
        measure("dense-only (stepqa passages)", dense, cases, lengths),
        measure("BM25-only (stepqa passages)", lexical, cases, lengths),
        measure("llama-index defaults (1024/200)", llama, cases, llama_lengths),
        measure("stepqa hybrid", hybrid, cases, lengths),
    ]
    print(f"{len(cases)} answerable questions, {len(docs)} documents "
          f"({sum(d.fictional for d in docs.values())} fictional distractors), k={k}\n")
    header = list(rows[0])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        cells = [row[h] if isinstance(row[h], str) else
                 (f"{row[h]:.0f}" if h == "mean passage chars" else
                  f"{row[h]:.1f}" if "ms" in h else f"{row[h]:.3f}") for h in header]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
