"""The eval set, the judge cases and the regression gate, as the eval team uses them."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO, REPORT
from stepqa.errors import EvalError
from stepqa.evaluation import gate
from stepqa.evaluation.dataset import load_judge_cases, load_qa, missing_evidence

EVAL = REPO / "eval"
CATEGORIES = {"lookup", "paraphrase", "list", "multi-document", "numbers", "unanswerable",
              "false-premise", "instructions"}


def test_every_evidence_quote_exists_verbatim_in_the_corpus() -> None:
    cases = load_qa(EVAL / "qa.jsonl")
    assert missing_evidence(cases, [REPORT.read_text(encoding="utf-8")]) == []
    assert sum(len(c.evidence) for c in cases) > 60


def test_the_evidence_check_reports_a_quote_that_is_not_in_the_corpus() -> None:
    case = load_qa(EVAL / "qa.jsonl")[0]
    altered = case.model_copy(update={"evidence": ("A national control tower is a bad idea.",)})
    assert missing_evidence([altered], [REPORT.read_text(encoding="utf-8")]) == [
        (case.id, "A national control tower is a bad idea.")]


def test_eval_set_covers_every_category_with_enough_unanswerable_questions() -> None:
    cases = load_qa(EVAL / "qa.jsonl")
    assert len(cases) >= 60
    assert set(Counter(c.category for c in cases)) == CATEGORIES
    assert sum(1 for c in cases if c.category == "unanswerable") / len(cases) >= 0.15
    for c in cases:
        assert c.answerable == bool(c.evidence), c.id
        assert c.answerable == bool(c.must_include), c.id


def test_judge_cases_are_at_least_half_hard_negatives() -> None:
    cases = load_judge_cases(EVAL / "judge_cases.jsonl")
    assert len(cases) >= 100
    assert sum(1 for c in cases if not c.supported) >= len(cases) / 2


def test_malformed_eval_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    good = (EVAL / "qa.jsonl").read_text(encoding="utf-8").splitlines()[0]
    bad = json.loads(good)
    del bad["answerable"]
    path = tmp_path / "set.jsonl"
    path.write_text(good + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(EvalError, match=r"set.jsonl:2: answerable: Field required"):
        load_qa(path)


# ------------------------------------------------------------------ the gate
def _report() -> dict:  # type: ignore[type-arg]
    """A report as `stepqa eval` writes it, rebuilt from the committed baseline."""
    base = json.loads((EVAL / "baseline.json").read_text(encoding="utf-8"))
    return {
        "created_at": "now", "set": base["set"], "pipeline": base["pipeline"],
        "metrics": dict(base["metrics"]),
        "questions": [{"id": i, "values": {k: v for k, v in q.items()
                                           if k not in ("refused", "answerable")},
                       "refused": q["refused"], "answerable": q["answerable"]}
                      for i, q in base["questions"].items()],
    }


def test_gate_passes_at_the_baseline() -> None:
    baseline = json.loads((EVAL / "baseline.json").read_text(encoding="utf-8"))
    assert gate.check(_report(), baseline) == []


def test_gate_fails_naming_the_metric_and_the_questions_that_regressed() -> None:
    baseline = json.loads((EVAL / "baseline.json").read_text(encoding="utf-8"))
    report = _report()
    victim = next(q for q in report["questions"] if q["values"]["mrr"])
    victim["values"]["mrr"] = 0.0
    report["metrics"]["mrr"] -= baseline["tolerance"] + 0.01
    found = gate.check(report, baseline)
    assert [r.metric for r in found] == ["mrr"]
    assert found[0].questions == (victim["id"],)
    assert "mrr fell to" in str(found[0]) and victim["id"] in str(found[0])


def test_gate_tolerates_a_drop_within_tolerance_and_flags_lost_refusals() -> None:
    baseline = json.loads((EVAL / "baseline.json").read_text(encoding="utf-8"))
    report = copy.deepcopy(_report())
    report["metrics"]["mrr"] -= baseline["tolerance"] / 2
    assert gate.check(report, baseline) == []
    refused = next(q for q in report["questions"] if q["refused"] and not q["answerable"])
    refused["refused"] = False
    report["metrics"]["refusal_recall"] = 0.0
    found = gate.check(report, baseline)
    assert [r.metric for r in found] == ["refusal_recall"]
    assert refused["id"] in found[0].questions


def test_gate_fails_when_more_citations_point_at_distractors() -> None:
    baseline = json.loads((EVAL / "baseline-distractors.json").read_text(encoding="utf-8"))
    report = _report()
    report["metrics"] = dict(baseline["metrics"])
    clean = next(i for i, q in baseline["questions"].items() if q["cited_distractors"] == 0.0)
    for q in report["questions"]:
        q["values"]["cited_distractors"] = baseline["questions"][q["id"]]["cited_distractors"]
        if q["id"] == clean:
            q["values"]["cited_distractors"] = 1.0
    report["metrics"]["cited_distractors"] += baseline["tolerance"] / 2
    assert gate.check(report, baseline) == []
    report["metrics"]["cited_distractors"] += baseline["tolerance"]
    found = gate.check(report, baseline)
    assert [r.metric for r in found] == ["cited_distractors"]
    assert found[0].questions == (clean,)
    assert "cited_distractors rose to" in str(found[0])


# ------------------------------------------------------------------ the command
SMALL_SET = ["lookup-01", "para-03", "unans-01", "list-03"]


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = (EVAL / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("set") / "small.jsonl"
    path.write_text("\n".join(x for x in lines if json.loads(x)["id"] in SMALL_SET) + "\n",
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_run(run_cli, small_set: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("run")
    baseline = out / "baseline.json"
    result = run_cli("eval", "--set", str(small_set), "--out", str(out / "r"),
                     "--baseline", str(baseline), "--update-baseline", "--json")
    return result, out


def test_eval_writes_json_markdown_and_html_reports(small_run) -> None:  # type: ignore[no-untyped-def]
    result, out = small_run
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "r" / "report.json").read_text(encoding="utf-8"))
    for key in gate.HEADLINE + ("latency_p50_s", "latency_p95_s"):
        assert key in report["metrics"]
    assert json.loads(result.stdout.splitlines()[-1]) == report["metrics"]
    assert sorted(q["id"] for q in report["questions"]) == sorted(SMALL_SET)
    assert report["judge"]["n"] >= 100 and 0 <= report["judge"]["accuracy"] <= 1
    html = (out / "r" / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2  # charts inlined: one file to share
    assert "unans-01" in html and "What was the price of rice in 1850?" in html
    assert "## Overall" in (out / "r" / "report.md").read_text(encoding="utf-8")


def test_eval_check_fails_when_the_baseline_is_out_of_reach(small_run, run_cli, small_set) -> None:  # type: ignore[no-untyped-def]
    _, out = small_run
    baseline = json.loads((out / "baseline.json").read_text(encoding="utf-8"))
    baseline["metrics"]["key_fact_recall"] = 1.01  # higher than any run can reach
    raised = out / "raised.json"
    raised.write_text(json.dumps(baseline), encoding="utf-8")
    ok = run_cli("eval", "--set", str(small_set), "--out", str(out / "ok"),
                 "--baseline", str(out / "baseline.json"), "--check")
    bad = run_cli("eval", "--set", str(small_set), "--out", str(out / "bad"),
                  "--baseline", str(raised), "--check")
    assert ok.returncode == 0, ok.stderr
    assert bad.returncode == 1
    assert "REGRESSION: key_fact_recall fell to" in bad.stderr


def test_eval_compare_shows_both_runs_side_by_side(small_run, run_cli) -> None:  # type: ignore[no-untyped-def]
    _, out = small_run
    report = out / "r" / "report.json"
    result = run_cli("eval", "--compare", str(report), str(report))
    assert result.returncode == 0, result.stderr
    assert "| key-fact recall |" in result.stdout and "+0.000" in result.stdout


def test_judge_cases_mode_prints_machine_readable_scores(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("eval", "--judge-cases", str(EVAL / "judge_cases_holdout.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["n"] == len(load_judge_cases(EVAL / "judge_cases_holdout.jsonl"))
    assert set(scores) == {"n", "accuracy", "precision", "recall"}
