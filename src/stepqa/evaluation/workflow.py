"""What `stepqa eval` does, end to end: score the grader on its labelled cases, run the
eval set through each backend, write reports, compare backends, update the baseline and
apply the regression gate. The CLI only parses options and prints an EvalOutcome.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stepqa.answer.judge import Judge, make_judge
from stepqa.config import DEFAULT_EMBED_MODEL, Settings
from stepqa.embedder import make_embedder
from stepqa.evaluation import gate, runner
from stepqa.evaluation import report as reports
from stepqa.evaluation.dataset import load_judge_cases, load_qa
from stepqa.ingest import Progress


@dataclass(frozen=True)
class EvalRequest:
    backends: Sequence[str] = ()  # default: Settings.answer_backend
    qa_set: Path | None = None  # default: eval/qa.jsonl
    out: Path | None = None  # default: eval/runs/<time>-<backend>
    grader: str = "offline"
    judge_cases: Path | None = None  # default: eval/judge_cases.jsonl
    distractors: bool = False
    baseline: Path | None = None  # default: eval/baseline.json
    update_baseline: bool = False
    check: bool = False


@dataclass
class EvalOutcome:
    runs: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)  # (report.json, report)
    comparison: str = ""  # Markdown table when several backends ran
    baseline_written: Path | None = None
    baseline: Path | None = None
    regressions: list[gate.Regression] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per backend whose questions failed


def grader_for(settings: Settings, name: str) -> Judge:
    # The offline judge aligns words with the packaged MiniLM, as the verifier does.
    return make_judge(name, settings, make_embedder(DEFAULT_EMBED_MODEL, settings.embed_batch_size))


def score_grader(settings: Settings, grader: Judge, cases: Path,
                 progress: Progress | None = None) -> dict[str, Any]:
    """The grader's accuracy, precision and recall on a labelled case file."""
    score = runner.validate_judge(grader, load_judge_cases(cases), progress)
    return reports.judge_summary(grader.name, grader.version, cases, score)


def run_eval(settings: Settings, request: EvalRequest,
             progress: Progress | None = None) -> EvalOutcome:
    grader = grader_for(settings, request.grader)
    cases_path = request.judge_cases or settings.eval_dir / "judge_cases.jsonl"
    judge_info = score_grader(settings, grader, cases_path, progress)
    set_path = request.qa_set or settings.eval_dir / "qa.jsonl"
    cases = load_qa(set_path)
    extra = [settings.eval_dir / "distractors"] if request.distractors else []
    assistant = runner.eval_assistant(settings, extra, progress)
    runner.check_evidence(assistant, cases)

    outcome = EvalOutcome()
    names = list(request.backends) or [settings.answer_backend]
    for name in names:
        records = runner.run(assistant, cases, grader, name, progress)
        result = reports.build(records, assistant, set_path, name, judge_info)
        failed = [r for r in records if r.error]
        if failed:  # said once, at the top of the report and in the terminal
            result["error"] = (f"{len(failed)} of {len(records)} questions failed with backend "
                               f"{name!r}; the first: {failed[0].error}")
            outcome.errors.append(result["error"])
        outcome.runs.append((reports.write(result, _target(settings, request, name, names,
                                                             result))[0], result))
    if len(outcome.runs) > 1:
        (a_path, a), (b_path, b) = outcome.runs[0], outcome.runs[-1]
        outcome.comparison = reports.compare(a, b, str(a_path), str(b_path))
        if request.out:
            (request.out / "comparison.md").write_text(outcome.comparison, encoding="utf-8")

    result = outcome.runs[0][1]
    outcome.baseline = request.baseline or settings.eval_dir / "baseline.json"
    if request.update_baseline:
        outcome.baseline.write_text(json.dumps(gate.baseline_from(result), indent=2) + "\n",
                                    encoding="utf-8")
        outcome.baseline_written = outcome.baseline
    if request.check:
        outcome.regressions = gate.check(result, reports.load(outcome.baseline))
    return outcome


def _target(settings: Settings, request: EvalRequest, name: str, names: Sequence[str],
            result: dict[str, Any]) -> Path:
    if request.out:
        return request.out / name if len(names) > 1 else request.out
    stamp = result["created_at"].replace(":", "").replace("+0000", "Z")
    return settings.eval_dir / "runs" / f"{stamp}-{name}"
