"""Twenty people using one chat at once, through gradio_client against the real app.py on a
loopback port: each keeps its own conversation (its earlier questions go with each
follow-up), and no conversation ever sees another's question, history or sources. And an
ingest running in another process while questions are asked never makes a question fail
or shows part of a document. Bounded: 20 conversations of 5 turns; latencies printed (the
README's Reliability section quotes a run). Documents written here are fictional."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, REPO, _free_port, fictional_doc, serving
from stepqa.config import Settings
from stepqa.pipeline import Assistant

TOPICS = [
    "What does the report propose for a national control tower?",
    "What does the report say about public think tanks?",
    "What does the report say about the circular employment system?",
    "What does the report say about long-term evaluation of cooperation projects?",
    "What are the United States and Japan doing about international cooperation?",
    "What does the report say about synergy between ministries?",
    "What does the report say about mission-oriented functions of ministries?",
    "What does the report say about techpolitics and core technologies?",
    "What does the report say about expertise in government agencies?",
    "What does the report say about private think tanks?",
]
FOLLOW_UP = "And what else does it say about that?"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    root = tmp_path_factory.mktemp("concurrency")
    settings = Settings(index_dir=root / "index", corpus_dir=CORPUS)
    Assistant(settings).ensure_index()
    port = _free_port()
    env = os.environ | {"STEPQA_INDEX_DIR": str(settings.index_dir), "STEPQA_CORPUS_DIR": str(CORPUS),
                        "GRADIO_SERVER_PORT": str(port)}
    with serving([sys.executable, str(REPO / "app.py")], f"http://127.0.0.1:{port}/", env):
        yield f"http://127.0.0.1:{port}", settings


def _conversation(url: str, n: int, out: dict[int, Any]) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    first, second = TOPICS[n % len(TOPICS)], TOPICS[(n + 3) % len(TOPICS)]
    history: list[str] = []
    turns = []
    for question in (first, FOLLOW_UP, second, FOLLOW_UP, first):
        started = time.perf_counter()
        answer = client.predict(question, 5, history, api_name="/ask")
        turns.append((question, list(history), answer, time.perf_counter() - started))
        history.append(question)
    out[n] = turns


def test_twenty_conversations_at_once_each_keep_their_own_history(app: tuple[str, Settings]) -> None:
    url, _ = app
    results: dict[int, Any] = {}
    threads = [threading.Thread(target=_conversation, args=(url, n, results)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert sorted(results) == list(range(20))  # every conversation finished without an error
    latencies = []
    for turns in results.values():
        for question, history, answer, seconds in turns:
            latencies.append(seconds)
            assert answer["question"] == question
            query = answer["audit"]["query"]
            if question == FOLLOW_UP:  # searched with this conversation's last question only
                assert query == f"{FOLLOW_UP} (follow-up to: {history[-1]})"
            else:
                assert query == question
            assert not answer["refused"] and answer["citations"]
    # The same question gets the same answer in every conversation, whoever else is asking.
    by_question: dict[str, set[str]] = {}
    for turns in results.values():
        for question, _history, answer, _ in turns:
            if question != FOLLOW_UP:
                by_question.setdefault(question, set()).add(answer["answer"])
    assert all(len(answers) == 1 for answers in by_question.values())
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"\n20 conversations x 5 turns through gradio_client: p50 {p50:.2f} s, p95 {p95:.2f} s")


def test_an_ingest_while_questions_are_asked_never_fails_a_question(app: tuple[str, Settings],
                                                                    tmp_path: Path) -> None:
    from gradio_client import Client

    url, settings = app
    folder = tmp_path / "memos"
    folder.mkdir()
    for i in range(40):
        body = "\n\n".join(f"## Item {s}\n\nThe Pelmar {i} bureau funds reef survey {s} each spring."
                           for s in range(6))
        (folder / f"pelmar-{i:02d}.md").write_text(fictional_doc(f"Pelmar Memo {i} (fictional)", body),
                                                   encoding="utf-8")
    env = os.environ | {"STEPQA_INDEX_DIR": str(settings.index_dir), "STEPQA_CORPUS_DIR": str(CORPUS)}
    ingest = subprocess.Popen([sys.executable, "-m", "stepqa.cli", "ingest", str(folder)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    client = Client(url, verbose=False)
    expected = client.predict(TOPICS[0], 5, [], api_name="/ask")["answer"]
    asked = 0
    cited: set[str] = set()
    while ingest.poll() is None or asked < 5:
        report = client.predict(TOPICS[0], 5, [], api_name="/ask")
        assert report["answer"] == expected  # the report's answer never changes mid-ingest
        memo = client.predict("Which bureau funds reef surveys each spring?", 5, [], api_name="/ask")
        cited |= {c["doc_id"] for c in memo["citations"]}
        asked += 1
    out, err = ingest.communicate()
    assert ingest.returncode == 0, err[-1500:]
    assert asked >= 5 and out.startswith("40 added")
    # Whatever a question cited during the ingest was a whole, committed document.
    final = Assistant(settings).store.documents()
    for doc_id in cited:
        passages, _ = Assistant(settings).store.committed_passages([final[doc_id].version])
        assert len(passages) == final[doc_id].passages == 6
