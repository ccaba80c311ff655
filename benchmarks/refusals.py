"""Where the support floor sits among the development questions: which questions it alone
decides, and how their best support is spread, answerable against unanswerable.

    python benchmarks/refusals.py [--set eval/qa_dev13.jsonl ...]

Every question is asked through the public `Assistant.ask`. A question is *decided by the
floor* when it is answered, or refused with the floor's own reason ("no passage found is
close enough to the question"); a question refused for a named reason (a missing key term,
the thing asked for, the kind of answer wanted) is left out, since the floor does not
decide it. Prints the counts and the best support of each answerable and unanswerable
question the floor decides, lowest first. By default the development sets only
(eval/qa.jsonl and eval/qa_dev*.jsonl less the check set qa_dev7); the unseen and hold-out
sets are never read unless named. Numbers, not assertions: see README "Quality".
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from stepqa.config import Settings
from stepqa.evaluation.dataset import load_qa
from stepqa.evaluation.runner import eval_assistant

EVAL = Path(__file__).resolve().parent.parent / "eval"
FLOOR_REASON = "no passage found is close enough to the question"


def development_sets() -> list[Path]:
    return [EVAL / "qa.jsonl", *sorted(p for p in EVAL.glob("qa_dev*.jsonl") if p.name != "qa_dev7.jsonl")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", default=None)
    args = parser.parse_args()

    assistant = eval_assistant(Settings())
    outcomes: Counter[tuple[str, str]] = Counter()
    decided: list[tuple[float, bool, str]] = []
    for path in args.set or development_sets():
        for case in load_qa(path):
            answer = assistant.ask(case.question)
            label = "answerable" if case.answerable else "unanswerable"
            if not answer.refused:
                outcomes[label, "answered"] += 1
            elif answer.reason == FLOOR_REASON:
                outcomes[label, "refused by the floor"] += 1
            else:
                outcomes[label, "refused for a named reason"] += 1
                continue
            decided.append((answer.audit.best_support, case.answerable, f"{path.name}:{case.id}"))

    print(f"support floor {assistant.settings.support_floor:.2f}, "
          f"{sum(outcomes.values())} questions\n")
    print("| question | outcome | count |\n|---|---|---|")
    for (label, outcome), n in sorted(outcomes.items()):
        print(f"| {label} | {outcome} | {n} |")
    for answerable in (True, False):
        scores = sorted(s for s, a, _ in decided if a is answerable)
        shown = ", ".join(f"{s:.2f}" for s in scores)
        print(f"\nbest support of the {'answerable' if answerable else 'unanswerable'} questions "
              f"the floor decides ({len(scores)}): {shown}")


if __name__ == "__main__":
    main()
