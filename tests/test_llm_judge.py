"""The optional LLM judge against a real OpenAI-compatible server (llama-cpp-python with
SmolLM2-135M), and the clear errors when no LLM is there."""

from __future__ import annotations

import json

import pytest

from conftest import REPO

pytestmark = pytest.mark.llm
HOLDOUT = REPO / "eval" / "judge_cases_holdout.jsonl"


def test_llm_judge_scores_labelled_cases_through_a_real_server(run_cli, llm_server: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("eval", "--judge", "llm", "--judge-cases", str(HOLDOUT), "--json",
                     env={"STEPQA_LLM_BASE_URL": llm_server, "STEPQA_LLM_MODEL": "smollm2"})
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["n"] == 40
    assert 0.0 <= scores["accuracy"] <= 1.0


def test_unreachable_llm_endpoint_is_a_backend_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("eval", "--judge", "llm", "--judge-cases", str(HOLDOUT),
                     env={"STEPQA_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    assert result.returncode == 5
    assert "cannot reach the LLM endpoint" in result.stderr


def test_llm_judge_without_a_configured_llm_says_what_to_set(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("eval", "--judge", "llm", "--judge-cases", str(HOLDOUT),
                     env={"STEPQA_LLM_BASE_URL": ""})
    assert result.returncode == 2
    assert "STEPQA_LLM_BASE_URL" in result.stderr
