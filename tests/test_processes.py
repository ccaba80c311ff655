"""Several processes on one embedded index: the chat app stays open while `stepqa ingest`
runs in a terminal. Embedded Chroma keeps its vector index in memory and never learns of
another process's writes, so without care the open app would never find the new
passages by meaning, and its next write would persist its stale vector index over the
other process's. Every process here is real (the CLI in a subprocess); every document is
fictional."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, fictional_doc
from stepqa.config import Settings
from stepqa.pipeline import Assistant

FACTS = {  # doc id -> (its one sentence, a question that shares few words with it)
    "orvel": ("The Orvel tide station measures sea level with radar gauges (fictional).",
              "How is the height of the ocean recorded?"),
    "brannock": ("Brannock county pays apprentices a monthly stipend for welding courses (fictional).",
                 "What money do trainees in metalwork receive?"),
    "quillon": ("The Quillon observatory counts migrating cranes every spring (fictional).",
                "Which birds are tallied each year when they travel?"),
}


def _folder(root: Path, doc_id: str) -> Path:
    folder = root / doc_id
    folder.mkdir()
    sentence = FACTS[doc_id][0]
    (folder / f"{doc_id}.md").write_text(fictional_doc(f"{doc_id.title()} Note (fictional)", sentence),
                                         encoding="utf-8")
    return folder


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"STEPQA_INDEX_DIR": str(settings.index_dir), "STEPQA_CORPUS_DIR": str(CORPUS)}
    result = subprocess.run([sys.executable, "-m", "stepqa.cli", *args], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-1500:]
    return result


def _nearest_doc(assistant: Assistant, doc_id: str) -> str:
    """The document of the sentence nearest (by meaning alone) to the question about ``doc_id``."""
    vector = [float(x) for x in assistant.embedder.embed([FACTS[doc_id][1]], kind="query")[0]]
    matches = assistant.store.nearest_sentences(vector, 1)
    return matches[0].doc_id if matches else ""


NEAREST = """
import sys
from stepqa.config import Settings
from stepqa.pipeline import Assistant
assistant = Assistant(Settings())
for question in sys.argv[1:]:
    vector = [float(x) for x in assistant.embedder.embed([question], kind="query")[0]]
    print(assistant.store.nearest_sentences(vector, 1)[0].doc_id)
"""


def test_an_open_index_sees_another_process_s_ingest_and_keeps_it(fresh_settings: Settings,
                                                                  tmp_path: Path) -> None:
    app = Assistant(fresh_settings)  # the open chat app
    app.ingest([_folder(tmp_path, "orvel")])
    assert _nearest_doc(app, "orvel") == "orvel"  # its vector index is now in memory

    _cli(fresh_settings, "ingest", str(_folder(tmp_path, "brannock")))  # a terminal's ingest
    assert set(app.store.documents()) == {"orvel", "brannock"}
    assert _nearest_doc(app, "brannock") == "brannock"  # found by meaning, not only by words
    answer = app.ask(FACTS["brannock"][1])
    assert not answer.refused and {c.doc_id for c in answer.citations} == {"brannock"}

    app.ingest([_folder(tmp_path, "quillon")])  # the app writes after the other process did
    env = os.environ | {"STEPQA_INDEX_DIR": str(fresh_settings.index_dir),
                        "STEPQA_CORPUS_DIR": str(CORPUS)}
    fresh = subprocess.run([sys.executable, "-c", NEAREST, *(q for _, q in FACTS.values())],
                           env=env, capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr[-1500:]
    # A new process finds every document by meaning: no write erased another's vectors.
    assert fresh.stdout.split() == list(FACTS)
