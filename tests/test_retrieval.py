"""Hybrid retrieval over several documents: filters, duplicates, diversity, distractors.
Every document written here is fictional and says so."""

from __future__ import annotations

import pytest

from conftest import CORPUS, REPO, fictional_doc
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
    "valdoria.md": fictional_doc(
        "Valdoria security guide", "# Reporting\n\nValdoria universities report foreign funding "
        "for fusion projects above 50,000 euros.", publisher="Valdoria Office", date="2023-05-01"),
}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index = tmp_path_factory.mktemp("index")
    a = Assistant(Settings(index_dir=index, corpus_dir=folder))
    a.ensure_index()
    return a


def test_the_same_text_in_two_documents_is_retrieved_once(assistant: Assistant) -> None:
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

