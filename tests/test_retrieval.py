"""Hybrid retrieval over several documents: filters, duplicates, diversity, distractors.
Every document written here is fictional and says so."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CORPUS, REPO, fictional_doc, indexed
from stepqa.config import Settings
from stepqa.errors import QuestionError
from stepqa.pipeline import Assistant
from stepqa.retrieve import Filters

DOCS = {
    "norland.md": fictional_doc(
        "Norland research plan", "# Funding\n\nNorland funds 42 joint fusion projects with partner "
        "universities.\n\n# Staff\n\nNorland trains specialists in research diplomacy.",
        publisher="Norland Ministry", date="2025-02-10"),
    "norland-copy.md": fictional_doc(
        "Norland research plan (copy)", "# Funding\n\nNorland funds 42 joint fusion projects with "
        "partner universities.", publisher="Norland Ministry", date="2025-02-10"),
    "norland-quote.md": fictional_doc(
        "Review of the Norland plan", "# Quoted\n\nThe plan states: Norland funds 42 joint "
        "fusion projects with partner universities. Reviewers found the number too low.",
        publisher="Fictional Review Office", date="2025-04-01"),
    "valdoria.md": fictional_doc(
        "Valdoria security guide", "# Reporting\n\nValdoria universities report foreign funding "
        "for fusion projects above 50,000 euros.", publisher="Valdoria Office", date="2023-05-01"),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed(tmp_path_factory, DOCS)


def test_the_same_text_in_several_documents_is_retrieved_once(assistant: Assistant) -> None:
    # A copy of the passage and a passage quoting it: one of the three is shown.
    texts = [h.passage.text for h in assistant.retrieve("fusion projects funding", k=5)]
    assert len(texts) == len({" ".join(t.split()) for t in texts})
    assert sum("42 joint fusion projects" in t for t in texts) == 1


def test_publisher_and_date_filters_restrict_every_hit(assistant: Assistant) -> None:
    hits = assistant.retrieve("fusion projects", k=5, filters=Filters(publishers=("valdoria",)))
    assert hits and {h.doc.doc_id for h in hits} == {"valdoria"}
    hits = assistant.retrieve("fusion projects", k=5, filters=Filters(since="2025-01-01"))
    assert hits and all(h.doc.date >= "2025-01-01" for h in hits)


def test_a_filter_matching_no_document_is_a_clear_error(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="no indexed document matches"):
        assistant.retrieve("fusion", filters=Filters(doc_ids=("nope",)))


def test_diverse_excerpts_keep_the_best_passage_and_never_repeat_one(assistant: Assistant) -> None:
    ranked = assistant.excerpts("Norland fusion projects", k=3, diverse=False)
    diverse = assistant.excerpts("Norland fusion projects", k=3, diverse=True)
    assert diverse[0].citation.passage_id == ranked[0].citation.passage_id
    ids = [e.citation.passage_id for e in diverse]
    assert len(ids) == len(set(ids)) == 3


def test_distractors_are_fictional_and_never_shipped() -> None:
    folder = REPO / "eval" / "distractors"
    docs = sorted(folder.glob("*.md"))
    docs = [d for d in docs if d.name != "README.md"]
    assert len(docs) >= 10
    for path in docs:
        head = path.read_text(encoding="utf-8").split("---")[1]
        assert "fictional: true" in head, path.name
        assert not (CORPUS / path.name).exists()



# Two more fictional documents: one that keeps talking about researcher exchange, and one
# about harbours with a single sentence on it.
FOCUS_DOCS = {
    "aurelia.md": fictional_doc(
        "Aurelia researcher exchange plan", "# Researcher exchange\n\nAurelia sends "
        "early-career researchers abroad on two-year exchanges. Exchange fellows are funded by "
        "the Aurelia Science Foundation. Returning exchange researchers lead joint laboratories "
        "with partner countries.", publisher="Aurelia Foundation", date="2024-03-01"),
    "borvia.md": fictional_doc(
        "Borvia harbour report", "# Harbours\n\nBorvia's ports handle container shipping for "
        "the region. Customs rules for bulk cargo changed in 2024.\n\n# Other\n\nBorvia also "
        "sends a few researchers abroad on exchanges.", publisher="Borvia Ports", date="2024-06-01"),
}


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return indexed(tmp_path_factory, FOCUS_DOCS).settings


QUESTION = "How do researcher exchanges abroad work?"


def test_a_document_about_the_question_is_more_relevant_than_one_lucky_sentence(
    two_documents: Settings,
) -> None:
    hits = Assistant(two_documents).retrieve(QUESTION, k=5)
    relevance = {h.doc.doc_id: h.doc_relevance for h in hits}
    assert set(relevance) == {"aurelia", "borvia"}
    assert relevance["aurelia"] is not None and relevance["borvia"] is not None
    assert relevance["aurelia"] > relevance["borvia"]


def test_an_answer_quotes_one_document_and_lists_the_others(two_documents: Settings) -> None:
    answer = Assistant(two_documents).ask(QUESTION)
    assert not answer.refused
    assert {c.doc_id for c in answer.citations} == {"aurelia"}
    assert [c.doc_id for c in answer.related] == ["borvia"]
    # The audit still records everything retrieved, from both documents.
    assert {r.doc_id for r in answer.audit.retrieved} == {"aurelia", "borvia"}


def test_answers_may_mix_documents_when_single_document_is_off(two_documents: Settings) -> None:
    settings = two_documents.model_copy(update={"single_document": False, "min_support": 0.0,
                                                "max_answer_sentences": 10})
    answer = Assistant(settings).ask(QUESTION)
    # With no floor and room for every sentence, both documents' sentences are quoted.
    assert {c.doc_id for c in answer.citations} == {"aurelia", "borvia"}
    assert not answer.related


def test_a_malformed_since_date_is_a_clear_error(assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="not a date like 2024-05-01"):
        assistant.retrieve("fusion", filters=Filters.of(since="last spring"))
    assert Filters.of() is None and Filters.of(since="  ") is None
    assert Filters.of(since="2024") == Filters(since="2024")


def test_terminal_and_chat_show_other_documents_beside_an_answer(two_documents: Settings) -> None:
    from stepqa.render import render_sources_text
    from stepqa.ui import render_sources

    assistant = Assistant(two_documents)
    answer = assistant.ask(QUESTION)
    text = render_sources_text(answer)
    assert "Other documents on this question (not quoted in the answer):" in text
    assert text.index("Sources:") < text.index("Borvia harbour report")
    html = render_sources(assistant, answer)
    assert "<h3>Other documents</h3>" in html
    assert "id='other-1'" in html and "Borvia harbour report" in html
    assert html.count("id='source-1'") == 1  # the answer's own [1] anchor stays unique


NAMED_DOCS = {
    "ardenia.md": fictional_doc(
        "Think tanks in Ardenia", "# Think tanks\n\nWhat should a government do about its "
        "think tanks? Governments should give their think tanks multi-year budgets. Think tanks "
        "should train their analysts. Governments should consult private think tanks more often."),
    "belmora.md": fictional_doc(
        "Belmora research cooperation plan", "# Ports\n\nThe national research harbour is being "
        "expanded. Ships carry laboratory equipment to the coast. Customs rules changed in "
        "2024.\n\n# Advice\n\nBelmora will revitalize private think tanks."),
}


def test_a_question_naming_a_country_is_answered_from_the_document_that_names_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from stepqa.retrieve import named_terms

    assert named_terms("What should Belmora do about its think tanks? Answer in 2 lines.") == [
        "Belmora", "2"]
    assistant = indexed(tmp_path_factory, NAMED_DOCS)
    # Ardenia's document is about think tanks throughout; only Belmora's names Belmora.
    hits = assistant.retrieve("What should Belmora do about its think tanks?")
    relevance = {h.doc.doc_id: h.doc_relevance or 0.0 for h in hits}
    assert relevance["ardenia"] > relevance["belmora"]
    answer = assistant.ask("What should Belmora do about its think tanks?")
    assert {c.doc_id for c in answer.citations} == {"belmora"}
    assert "revitalize private think tanks" in answer.answer


@given(st.lists(st.integers(0, 4), min_size=1, max_size=80), st.integers(1, 40))
def test_the_lexical_top_n_by_partial_sort_equals_a_stable_full_sort(scores: list[int], n: int) -> None:
    import numpy as np

    from stepqa.lexical import _best

    array = np.asarray(scores, dtype=float)  # many ties, as BM25 gives on short queries
    assert list(_best(array, n)) == list(np.argsort(-array, kind="stable")[:n])
