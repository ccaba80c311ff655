"""Two general ways to make the offline judge stricter, swept over the development judge
cases: how many false accepts each removes, and how many true ones it costs.

    python benchmarks/judge_knobs.py [--cases eval/judge_cases_dev29.jsonl ...]

1. *Clause coverage*: the share of each claim clause's content words that must align with
   the passage (the judge's ``clause_coverage``, 0.65), set to each threshold and every
   case judged again; the hard checks (a number, a name, a clash) run as they do.
2. *Locality*: on top of the judge's verdict, each claim clause must be covered that well
   by one sentence, or one clause, of the passage, not by words gathered from all of it.

By default every judge case file but the unseen and hold-out ones, which are never read
unless named. Numbers, not assertions: see README "The support judge".
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

from stepqa.answer.judge import OfflineJudge
from stepqa.answer.judge.offline import _clauses
from stepqa.answer.judge.reading import Text, content_words
from stepqa.answer.lexicon import lexicon
from stepqa.config import Settings
from stepqa.evaluation.dataset import JudgeCase, load_judge_cases
from stepqa.evaluation.metrics import score_judge
from stepqa.evaluation.runner import eval_assistant

EVAL = Path(__file__).resolve().parent.parent / "eval"
SENTENCES = re.compile(r"(?<=[.!?])\s+|;\s+|:\s+")
CLAUSES = re.compile(r"(?<=[.!?])\s+|;\s+|:\s+|,\s+(?:and|but|while|whereas|however|yet)\s+"
                     r"|,\s*however,?\s*|\s+(?:but|while|whereas)\s+")


def development_files() -> list[Path]:
    return sorted(p for p in EVAL.glob("judge_cases*.jsonl")
                  if "unseen" not in p.name and "holdout" not in p.name)


def locality(judge: OfflineJudge, claim: str, passage: str, units: re.Pattern[str]) -> float:
    """The worst claim clause's best coverage by any one unit of the passage."""
    pieces = []
    for unit in (u for u in units.split(passage) if u and u.strip()):
        text = Text.of(unit)
        text.lexicon = lexicon()
        pieces.append((text, sorted(set(content_words(text.parts)))))
    worst = 1.0
    for clause in _clauses(claim):
        words = content_words(Text.of(clause).parts)
        if words:
            worst = min(worst, max(sum(judge._aligned(w, t, pw) for w in words) / len(words)
                                   for t, pw in pieces))
    return worst


def line(name: str, verdicts: Sequence[bool], cases: Sequence[JudgeCase]) -> str:
    score = score_judge(verdicts, [c.supported for c in cases], [c.id for c in cases])
    precision, recall = ("–" if x is None else f"{x:.3f}" for x in (score.precision, score.recall))
    false_accepts = sum(v and not c.supported for v, c in zip(verdicts, cases))
    false_rejects = sum(not v and c.supported for v, c in zip(verdicts, cases))
    return f"| {name} | {score.accuracy:.3f} | {precision} | {recall} | {false_accepts} | {false_rejects} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, action="append", default=None)
    args = parser.parse_args()

    judge = eval_assistant(Settings()).judge  # the verifier `stepqa eval` uses
    assert isinstance(judge, OfflineJudge)
    cases = [c for path in args.cases or development_files() for c in load_judge_cases(path)]
    verdicts = [judge.judge(c.claim, [c.passage]) for c in cases]
    print(f"{len(cases)} cases, {sum(c.supported for c in cases)} supported; judge version "
          f"{judge.version}\n")
    print("| rule | accuracy | precision | recall | false accepts | false rejects |")
    print("|---|---|---|---|---|---|")
    default = judge.clause_coverage
    for threshold in (0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90):
        judge.clause_coverage = threshold  # the judge's own knob, every check as it is
        print(line(f"clause coverage {threshold:.2f}",
                   [judge.judge(c.claim, [c.passage]).supported for c in cases], cases))
    judge.clause_coverage = default
    for name, units in (("sentence", SENTENCES), ("clause", CLAUSES)):
        local = [locality(judge, c.claim, c.passage, units) if v.supported else 0.0
                 for c, v in zip(cases, verdicts)]
        for threshold in (0.5, 0.6, 0.7, 0.8):
            predicted = [v.supported and score >= threshold for v, score in zip(verdicts, local)]
            print(line(f"one passage {name} covers {threshold:.1f}", predicted, cases))


if __name__ == "__main__":
    main()
