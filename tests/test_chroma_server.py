"""Server mode with a real `chroma run` on a free loopback port: ingest, ask, excerpts,
incremental re-ingest and the eval gate go through Chroma's HTTP server, and answers match
embedded mode exactly."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, _free_port, serving
from stepqa.config import Settings
from stepqa.pipeline import Assistant

pytestmark = pytest.mark.server
QUESTIONS = ["What does the report propose for a national control tower?",
             "How should think tanks support the government?",
             "What was the price of rice in 1850?",
             "Who are the authors of the report?"]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    if chroma is None:
        pytest.fail("the `chroma` command (installed with chromadb) is missing")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    argv = [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)]
    with serving(argv, f"http://127.0.0.1:{port}/api/v2/heartbeat"):
        yield port


@pytest.fixture(scope="module")
def server_settings(chroma_server: int, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(chroma_host="127.0.0.1", chroma_port=chroma_server, corpus_dir=CORPUS,
                    index_dir=tmp_path_factory.mktemp("local"))  # the lexical index stays local


def test_answers_through_a_chroma_server_match_embedded_mode(server_settings: Settings,
                                                             assistant: Assistant) -> None:
    remote = Assistant(server_settings)
    report = remote.ensure_index()
    assert report is None or report.added == ["step-insight-323"]
    for question in QUESTIONS:
        a, b = remote.ask(question), assistant.ask(question)
        assert (a.answer, a.refused, a.reason) == (b.answer, b.refused, b.reason)
        assert [(c.start, c.end) for c in a.citations] == [(c.start, c.end) for c in b.citations]
    assert [e.citation.quote for e in remote.excerpts("think tanks", k=3)] == \
        [e.citation.quote for e in assistant.excerpts("think tanks", k=3)]


def test_reingest_through_the_server_is_incremental(server_settings: Settings) -> None:
    remote = Assistant(server_settings)
    remote.ensure_index()
    report = remote.ingest([CORPUS])
    assert report.unchanged == ["step-insight-323"] and report.embedded == 0


def test_a_second_machine_shares_the_index(server_settings: Settings, tmp_path: Path) -> None:
    """Another stepqa pointed at the same server, with an empty local folder, sees the same
    documents and builds its own lexical index from the server's passages."""
    other = Assistant(server_settings.model_copy(update={"index_dir": tmp_path / "elsewhere"}))
    assert [d.doc_id for d in other.documents()] == ["step-insight-323"]
    assert not other.ask(QUESTIONS[0]).refused


def test_the_eval_gate_passes_against_the_server(chroma_server: int, tmp_path: Path) -> None:
    env = os.environ | {"STEPQA_CHROMA_HOST": "127.0.0.1", "STEPQA_CHROMA_PORT": str(chroma_server),
                        "STEPQA_INDEX_DIR": str(tmp_path / "index")}
    result = subprocess.run([sys.executable, "-m", "stepqa.cli", "eval", "--check"], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "gate passed" in result.stderr


def test_a_server_that_is_down_is_a_clear_error(tmp_path: Path) -> None:
    env = os.environ | {"STEPQA_CHROMA_HOST": "127.0.0.1", "STEPQA_CHROMA_PORT": str(_free_port()),
                        "STEPQA_INDEX_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "stepqa.cli", "docs"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 4
    assert "cannot reach the Chroma server 127.0.0.1" in result.stderr
    assert "Traceback" not in result.stderr
