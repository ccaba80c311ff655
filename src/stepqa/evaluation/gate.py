"""The regression gate: compare a run with the committed eval/baseline.json.

A headline metric more than ``tolerance`` below its baseline value fails the gate, as does
the share of citations pointing at fictional distractors rising more than ``tolerance``
above it; the failure names the metric and the questions whose own value for it got worse.
Latency is reported, never gated: it measures the machine as much as the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stepqa.evaluation.metrics import HEADLINE

DEFAULT_TOLERANCE = 0.02
LOWER_IS_BETTER = ("cited_distractors",)
GATED = HEADLINE + LOWER_IS_BETTER
_PER_QUESTION = ("recall_at_1", "recall_at_5", "mrr", "key_fact_recall", "faithfulness",
                 "citation_recall", "citation_precision", "cited_distractors")


@dataclass(frozen=True)
class Regression:
    metric: str
    baseline: float
    current: float | None
    tolerance: float
    questions: tuple[str, ...]

    def __str__(self) -> str:
        now = "missing" if self.current is None else f"{self.current:.3f}"
        where = f"; questions: {', '.join(self.questions)}" if self.questions else ""
        moved = "rose" if self.metric in LOWER_IS_BETTER else "fell"
        return (f"{self.metric} {moved} to {now} from baseline {self.baseline:.3f} "
                f"(tolerance {self.tolerance:.3f}){where}")


def baseline_from(report: dict[str, Any], tolerance: float = DEFAULT_TOLERANCE) -> dict[str, Any]:
    """What eval/baseline.json holds: headline metrics and each question's own values."""
    return {
        "created_at": report["created_at"],
        "set": report["set"],
        "pipeline": report["pipeline"],
        "tolerance": tolerance,
        "metrics": {n: report["metrics"].get(n) for n in GATED},
        "questions": {
            q["id"]: {**{n: q["values"].get(n) for n in _PER_QUESTION},
                      "refused": q["refused"], "answerable": q["answerable"]}
            for q in report["questions"]
        },
    }


def check(report: dict[str, Any], baseline: dict[str, Any]) -> list[Regression]:
    tolerance = float(baseline.get("tolerance", DEFAULT_TOLERANCE))
    found = []
    for name in GATED:
        base = baseline["metrics"].get(name)
        if base is None:
            continue
        now = report["metrics"].get(name)
        if now is None:
            worse = True
        elif name in LOWER_IS_BETTER:
            worse = now > base + tolerance
        else:
            worse = now < base - tolerance
        if worse:
            found.append(Regression(name, base, now, tolerance, _culprits(name, report, baseline)))
    return found


def _culprits(metric: str, report: dict[str, Any], baseline: dict[str, Any]) -> tuple[str, ...]:
    before = baseline.get("questions", {})
    out = []
    for q in report["questions"]:
        old = before.get(q["id"])
        if old is None:
            continue
        if metric == "refusal_recall":
            worse = not q["answerable"] and old["refused"] and not q["refused"]
        elif metric == "refusal_precision":
            worse = q["answerable"] and q["refused"] and not old["refused"]
        else:
            was, now = old.get(metric), q["values"].get(metric)
            if metric in LOWER_IS_BETTER:
                worse = now is not None and now > (was or 0.0)
            else:
                worse = was is not None and (now is None or now < was)
        if worse:
            out.append(q["id"])
    return tuple(out)
