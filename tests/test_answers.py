"""Asking questions: cited, verbatim, or refused."""

from __future__ import annotations

import pytest

from conftest import REPORT
from stepqa.citations import REFUSAL
from stepqa.errors import QuestionError
from stepqa.pipeline import Assistant

SOURCE = REPORT.read_bytes().decode("utf-8")


def test_control_tower_question_is_answered_with_a_verbatim_citation(assistant: Assistant) -> None:
    answer = assistant.ask("What does the report propose for a national control tower?")
    assert not answer.refused
    quotes = [c for c in answer.citations if "control tower" in c.quote]
    assert quotes and quotes[0].doc_id == "step-insight-323"
    assert "[1]" in answer.answer


def test_every_citation_quote_is_the_corpus_text_at_its_offsets(assistant: Assistant) -> None:
    for question in ("How should think tanks support the government?",
                     "What problems does short-term thinking cause?",
                     "What is the circular employment system and what should happen to it?"):
        answer = assistant.ask(question)
        for c in answer.citations + answer.related:
            assert SOURCE[c.start : c.end] == c.quote


def test_every_answer_sentence_cites_a_listed_source(assistant: Assistant) -> None:
    answer = assistant.ask("Why is it hard for ministries to create synergy?")
    listed = {c.n for c in answer.citations}
    assert answer.sentences
    for sentence in answer.sentences:
        assert sentence.citations and set(sentence.citations) <= listed


@pytest.mark.parametrize("question", [
    "What was the price of rice in 1850?",
    "Who won the football world cup in 2018?",
])
def test_unanswerable_question_is_refused(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.refused
    assert answer.answer == REFUSAL
    assert not answer.citations and not answer.sentences
    assert answer.related  # the closest passages are still shown, marked as related


def test_empty_question_is_rejected(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="empty"):
        assistant.ask("   ")


def test_huge_question_is_rejected_with_the_limit(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="limit is 2000"):
        assistant.ask("policy " * 1000)


def test_audit_records_how_the_answer_was_made(assistant: Assistant) -> None:
    answer = assistant.ask("What should replace the short-term approach?")
    audit = answer.audit
    assert audit.embedder_model == assistant.settings.embed_model
    assert audit.index_fingerprint == assistant.settings.index_fingerprint
    assert audit.answer_backend == "extractive"
    assert len(audit.retrieved) == assistant.settings.top_k
    assert all(r.passage_id.startswith("step-insight-323:") for r in audit.retrieved)


def test_excerpts_are_verbatim_passages_with_citations(assistant: Assistant) -> None:
    found = assistant.excerpts("think tanks", k=3)
    assert [e.rank for e in found] == [1, 2, 3]
    assert any("think tanks" in e.citation.quote for e in found)
    for e in found:
        assert SOURCE[e.citation.start : e.citation.end] == e.citation.quote
