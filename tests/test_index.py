"""Incremental, consistent indexing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import fictional_doc
from stepqa.config import Settings
from stepqa.pipeline import Assistant
from stepqa.store import Store


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(fictional_doc(title, body, publisher="Fictional Institute"))
    return path


def test_reingesting_an_unchanged_folder_embeds_nothing(fresh_settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "a.md", "Fictional A", "Quantum sensing agreements were signed with Finland.")
    _write(folder, "b.md", "Fictional B", "Research security reviews apply to visiting scholars.")
    assistant = Assistant(fresh_settings)
    first = assistant.ingest([folder])
    assert (len(first.added), first.embedded) == (2, 2)
    again = assistant.ingest([folder])
    assert (len(again.unchanged), again.embedded) == (2, 0)


def test_changed_and_deleted_documents_are_replaced_and_removed(
    fresh_settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    a = _write(folder, "a.md", "Fictional A", "Quantum sensing agreements were signed with Finland.")
    b = _write(folder, "b.md", "Fictional B", "Research security reviews apply to visiting scholars.")
    assistant = Assistant(fresh_settings)
    assistant.ingest([folder])
    _write(folder, "a.md", "Fictional A", "Quantum sensing agreements were signed with Norway.")
    b.unlink()
    report = assistant.ingest([folder])
    assert (report.updated, report.removed) == (["a"], ["b"])
    texts = [h.passage.text for h in assistant.retrieve("quantum sensing agreements", k=5)]
    assert any("Norway" in t for t in texts) and not any("Finland" in t for t in texts)
    assert set(assistant.store.documents()) == {"a"}
    assert assistant.store.count()[0] == 1
    assert a.exists()


def test_an_interrupted_ingest_leaves_no_half_indexed_document(
    fresh_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "a.md", "Fictional A", "Semiconductor export talks resumed in Seoul.")
    assistant = Assistant(fresh_settings)
    assistant.ingest([folder])
    _write(folder, "a.md", "Fictional A", "Semiconductor export talks collapsed in Geneva.")

    # Fault injection (not a fake of a real part): the process dies at the commit point,
    # after the new version's passages are stored but before the document record is.
    store = assistant.store
    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("simulated kill during ingest")
    monkeypatch.setattr(store._docs, "upsert", crash)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([folder])
    monkeypatch.undo()

    reopened = Assistant(fresh_settings, Store(fresh_settings))
    texts = [h.passage.text for h in reopened.retrieve("semiconductor export talks", k=5)]
    assert texts == ["Semiconductor export talks resumed in Seoul."]  # old version, whole
    report = reopened.ingest([folder])  # the next ingest sweeps the orphans and finishes
    assert report.updated == ["a"]
    assert reopened.store.count() == (1, 1)  # the sentence vectors were swept as well
    texts = [h.passage.text for h in reopened.retrieve("semiconductor export talks", k=5)]
    assert texts == ["Semiconductor export talks collapsed in Geneva."]


def test_changing_the_embedder_settings_opens_a_separate_index(tmp_path: Path) -> None:
    a = Settings(index_dir=tmp_path, passage_max_chars=600)
    b = Settings(index_dir=tmp_path, passage_max_chars=300)
    assert a.collection_name != b.collection_name
    assert a.index_fingerprint == Settings(index_dir=tmp_path / "x").index_fingerprint


def test_document_relevance_counts_unreturned_sentences_as_the_last_one_returned() -> None:
    from stepqa.retrieve import document_relevance

    # Everything was returned: a short document is judged by the sentences it has.
    assert document_relevance([0.9], None) == pytest.approx(0.9)
    # The query was cut off at similarity 0.3: missing sentences count as at most that.
    assert document_relevance([0.9], 0.3) == pytest.approx((0.9 + 0.3 + 0.3) / 3)
    assert document_relevance([0.9, 0.8, 0.7, 0.6], 0.3) == pytest.approx(0.8)


def test_the_lexical_index_is_saved_at_ingest_and_loaded_by_an_asking_process(
    fresh_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _write(folder, "a.md", "Fictional A", "Tidal turbines power the Orvel research station.")
    Assistant(fresh_settings).ingest([folder])
    saved = list((fresh_settings.index_dir / "lexical").glob("*/*/passages.json"))
    assert len(saved) == 1

    asking = Assistant(fresh_settings)  # a new process's view: nothing in memory
    def no_rereading(*args: object) -> None:
        raise AssertionError("an asking process re-read every passage")
    monkeypatch.setattr(asking.store, "committed_passages", no_rereading)
    hits = asking.lexical.search("tidal turbines", 3, asking.store.versions())
    assert hits and "Orvel" in hits[0][0].text


def test_metadata_set_for_an_undated_file_lives_in_a_sidecar(fresh_settings: Settings,
                                                           tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "plain.txt").write_text("Orvel tide gauges are read every hour (fictional).\n",
                                      encoding="utf-8")
    assistant = Assistant(fresh_settings)
    assistant.ingest([folder])
    assert assistant.store.documents()["plain"].date == ""  # undated, not the ingest day
    report = assistant.set_metadata("plain", title="Orvel Tide Notes (fictional)", date="2024-05-02")
    assert report.updated == ["plain"]
    doc = assistant.store.documents()["plain"]
    assert (doc.title, doc.date) == ("Orvel Tide Notes (fictional)", "2024-05-02")
    assert (folder / "plain.txt").read_text(encoding="utf-8").startswith("Orvel tide")  # untouched
    assert (folder / "plain.txt.meta.yaml").is_file()
    assert assistant.ingest([folder]).unchanged == ["plain"]  # the sidecar is not a document
    with pytest.raises(Exception, match="not a date"):
        assistant.set_metadata("plain", date="last spring")


def test_queries_over_many_versions_are_split_and_give_the_same_results(
        fresh_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past about ten thousand documents one filter listing every version exceeds SQLite's
    variables per query (found by the 100k-passage benchmark); such reads are split into
    chunks. With chunks of one version the answers must not change. Reads by id (sentences
    of passages, passages of candidate documents) must agree with the filtered reads an
    older index, or a large candidate set, falls back to."""
    from stepqa import store as store_module
    from stepqa.retrieve import Filters

    folder = tmp_path / "docs"
    folder.mkdir()
    for i, place in enumerate(("Orvel", "Velmar", "Tamsfeld", "Ostmark", "Brevik")):
        _write(folder, f"{place.lower()}.md", f"{place} Notes {i}",
               f"The {place} harbour office renews ferry permits every {i + 2} years.")
    assistant = Assistant(fresh_settings)
    assistant.ingest([folder])
    store = assistant.store
    versions = sorted(store.versions())
    docs = list(store.documents().values())
    pids = [p.passage_id for p in store.committed_passages(versions)[0]]
    question = "How often are ferry permits renewed?"
    vector = assistant._embed_query(question)
    two = Filters(doc_ids=("orvel", "brevik"))

    def reads() -> tuple[Any, ...]:
        return (store.committed_passages(versions), store.nearest_sentences(vector, 4, versions),
                sorted(store.passages_containing(["harbour"], docs)), store.sweep_orphans(),
                sorted((x.passage_id, x.start, x.text) for x in store.sentences(pids)),
                [h.passage.passage_id for h in assistant.retrieve(question, k=3, filters=two)])

    whole = reads()
    monkeypatch.setattr(store_module, "_CHUNK", 1)
    monkeypatch.setattr(store_module, "_PAGE", 2)
    monkeypatch.setattr(store_module, "_READ_BY_ID", 0)  # Chroma's $contains instead
    monkeypatch.setattr(store_module, "_SENTENCE_STARTS", "not recorded")  # an older index
    split = reads()
    assert sorted(p.passage_id for p in split[0][0]) == sorted(p.passage_id for p in whole[0][0])
    assert [m.passage_id for m in split[1]] == [m.passage_id for m in whole[1]]
    assert split[2:] == whole[2:] and len(split[2]) == 5 and len(split[4]) == 5
