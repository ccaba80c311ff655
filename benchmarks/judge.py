"""How fast the offline judge decides one claim/passage pair, over every judge case file:
first with an empty word-vector cache (it embeds the words it has not seen), then again
with the cache filled, as inside one `stepqa eval` run.

    python benchmarks/judge.py
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from stepqa.answer.judge import OfflineJudge
from stepqa.config import DEFAULT_EMBED_MODEL
from stepqa.embedder import make_embedder

EVAL = Path(__file__).resolve().parent.parent / "eval"


def main() -> None:
    pairs = [(row["claim"], row["passage"]) for path in sorted(EVAL.glob("judge_cases*.jsonl"))
             for row in map(json.loads, path.read_text().splitlines()) if row]
    judge = OfflineJudge(make_embedder(DEFAULT_EMBED_MODEL))
    judge.embedder.embed(["load the model"])  # model loading is not judging
    for label in ("empty word cache", "filled word cache"):
        times = []
        for claim, passage in pairs:
            started = time.perf_counter()
            judge.judge(claim, [passage])
            times.append(1000 * (time.perf_counter() - started))
        print(f"{label}: {len(pairs)} pairs, p50 {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(0.95 * len(times))]:.2f} ms, mean {statistics.mean(times):.2f} ms")


if __name__ == "__main__":
    main()
