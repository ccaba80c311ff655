"""Crash safety: `stepqa ingest` killed with SIGKILL in a subprocess at chosen points —
while embedding a batch, after a batch's records are written but before they are
committed, and in the middle of removing documents — and a disk that fills up. The kill
is real (the process signals itself at that point: fault injection, not a fake of any
part). Afterwards no query sees half a document, nothing indexed before is lost, and the
next ingest completes and says what it repaired. Every document here is fictional."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, fictional_doc, tmpfs
from stepqa.config import Settings
from stepqa.errors import IndexStoreError
from stepqa.pipeline import Assistant

DOCS = 40  # 8 passages each: two ingest batches of 256 passages at most

# Run the real CLI with one function wrapped so that the process SIGKILLs itself there.
KILLER = """
import os, signal, sys
from stepqa import ingest, store

point = sys.argv.pop(1)
calls = {"n": 0}

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "embedding":  # the second batch's encoder call: the first batch is committed
    embed = ingest.embed
    def wrapped(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            die()
        return embed(*args, **kwargs)
    ingest.embed = wrapped
elif point == "before-commit":  # passages and sentences written, the commit not yet made
    upsert = store.Store._upsert
    def wrapped(self, *args, **kwargs):
        upsert(self, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            die()
    store.Store._upsert = wrapped
elif point == "removal":  # the second removal: uncommitted, its records not yet deleted
    remove = store.Store.remove
    def wrapped(self, doc_id):
        calls["n"] += 1
        if calls["n"] == 2:
            with self._writing():  # the real write protocol (lock, generation), cut short
                self._docs.delete(ids=[doc_id])
                die()
        remove(self, doc_id)
    store.Store.remove = wrapped

from stepqa.cli import main
main()
"""


def _write_docs(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(DOCS):
        body = "\n\n".join(f"## Section {s}\n\nThe Kelvar {i} agency reviews grant {s} for "
                           f"harbour {i} every year." for s in range(8))
        (folder / f"kelvar-{i:02d}.md").write_text(fictional_doc(f"Kelvar Note {i} (fictional)", body),
                                                   encoding="utf-8")


def _killed(point: str, settings: Settings, *args: str) -> None:
    env = os.environ | {"STEPQA_INDEX_DIR": str(settings.index_dir), "STEPQA_CORPUS_DIR": str(CORPUS)}
    result = subprocess.run([sys.executable, "-c", KILLER, point, *args], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr[-1500:]


def _whole(settings: Settings, ask: bool = True) -> Assistant:
    """Every committed document has exactly the passages it was committed with and the
    shipped report is there; with ``ask``, a question is answered, or (embedded Chroma
    right after a kill) refused with the clear error that says to run `stepqa ingest` —
    never half a document."""
    assistant = Assistant(settings)
    docs = assistant.store.documents()
    assert "step-insight-323" in docs
    for doc in docs.values():
        passages, _ = assistant.store.committed_passages([doc.version])
        assert len(passages) == doc.passages, doc.doc_id
    if not ask:
        return assistant
    try:
        answer = assistant.ask("What does the report propose for a national control tower?")
        assert not answer.refused
        for hit in assistant.retrieve("Kelvar agency grant review", k=10):
            assert hit.doc.doc_id in docs  # only committed documents are ever found
    except IndexStoreError as error:
        assert "run `stepqa ingest` to repair" in error.hint
    return assistant


@pytest.fixture()
def indexed(tmp_path: Path) -> tuple[Settings, Path]:
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=CORPUS)
    Assistant(settings).ensure_index()  # what was indexed before the crash
    folder = tmp_path / "notes"
    _write_docs(folder)
    return settings, folder


@pytest.mark.parametrize("point", ["embedding", "before-commit"])
def test_a_killed_ingest_leaves_no_half_document(indexed: tuple[Settings, Path], point: str) -> None:
    settings, folder = indexed
    _killed(point, settings, "ingest", str(folder))
    committed = set(_whole(settings).store.documents())
    if point == "embedding":  # the first batch was committed before the kill
        assert len(committed) == 1 + 32
    else:
        assert committed == {"step-insight-323"}
    report = Assistant(settings).ingest([folder])  # the next ingest completes
    assert not report.failed
    if point == "before-commit":
        assert report.repaired == 256 and "repaired an interrupted ingest" in report.summary()
    after = _whole(settings)
    assert {f"kelvar-{i:02d}" for i in range(DOCS)} | {"step-insight-323"} == set(after.store.documents())
    hits = after.retrieve("Which harbour grants does the Kelvar agency review?", k=3)
    assert hits and all(h.doc.doc_id.startswith("kelvar-") for h in hits)  # searchable again


def test_a_killed_removal_leaves_every_document_whole(indexed: tuple[Settings, Path]) -> None:
    settings, folder = indexed
    Assistant(settings).ingest([folder])
    for path in folder.glob("*.md"):
        path.unlink()  # the next ingest of the folder removes them all
    _killed("removal", settings, "ingest", str(folder))
    left = set(_whole(settings).store.documents())
    assert "step-insight-323" in left and len(left) == 1 + DOCS - 2  # one removed, one uncommitted
    report = Assistant(settings).ingest([folder])
    assert report.repaired == 8  # the uncommitted document's passages
    assert set(_whole(settings).store.documents()) == {"step-insight-323"}


def test_a_full_disk_is_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "4m") as mount:
        settings = Settings(index_dir=mount / "index", corpus_dir=CORPUS)
        Assistant(settings).ensure_index()
        folder = tmp_path / "notes"
        folder.mkdir()
        words = ("ferry harbour toll pier crew pilot dock tide barge lock canal quay fleet "
                 "route timetable captain cargo storm winter summer island bridge signal").split()
        for i in range(30):  # far more than the 4 MB can hold
            pick = random.Random(i)
            body = "\n\n".join(f"## Part {s}\n\n" + " ".join(
                f"The Orvel {' '.join(pick.sample(words, 5))} rule {i}-{s}-{h} applies." for h in range(10))
                for s in range(10))
            (folder / f"orvel-{i:02d}.md").write_text(fictional_doc(f"Orvel Ferries {i} (fictional)", body),
                                                      encoding="utf-8")
        env = os.environ | {"STEPQA_INDEX_DIR": str(settings.index_dir), "STEPQA_CORPUS_DIR": str(CORPUS)}
        result = subprocess.run([sys.executable, "-m", "stepqa.cli", "ingest", str(folder)], env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 4 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert "disk is full" in result.stderr
        _whole(settings)
        subprocess.run(["mount", "-o", "remount,size=400m", str(mount)], check=True)  # space freed
        report = Assistant(settings).ingest([folder])
        assert not report.failed and report.repaired  # what the full disk left half-written
        # Whole again, and the report is found by its words. Dense search is not asserted
        # here: with chromadb 1.5.9 embedded, a second ingest of this size can leave some of
        # the report's sentences unreachable by vector search whether or not the disk was
        # ever full (README, Reliability: open problems).
        after = _whole(settings, ask=False)
        assert len(after.store.documents()) == 1 + 30
        versions = [d.version for d in after.store.documents().values()]
        found = after.lexical.search("national control tower", 3, versions)
        assert found and found[0][0].doc_id == "step-insight-323"
