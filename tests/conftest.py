"""Shared fixtures: one real index of the shipped corpus per test session.

Everything here is real: the packaged sentence-transformers model, an embedded Chroma
directory, the shipped corpus. Documents written by tests are fictional and say so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stepqa.config import Settings
from stepqa.pipeline import Assistant

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
REPORT = CORPUS / "step-insight-323.md"


def fictional_doc(title: str, body: str, **meta: str) -> str:
    """Markdown for a made-up test document, marked fictional in its front matter."""
    lines = ["---", f'title: "{title}"', "fictional: true"]
    lines += [f"{k}: {v}" for k, v in meta.items()]
    return "\n".join(lines + ["---", body.strip(), ""])


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def settings(index_dir: Path) -> Settings:
    return Settings(index_dir=index_dir, corpus_dir=CORPUS)


@pytest.fixture(scope="session")
def assistant(settings: Settings) -> Assistant:
    a = Assistant(settings)
    a.ensure_index()
    return a


@pytest.fixture()
def fresh_settings(tmp_path: Path) -> Settings:
    """Settings with an empty index of its own, for tests that change the index."""
    return Settings(index_dir=tmp_path / "index", corpus_dir=CORPUS)


@pytest.fixture(scope="session")
def run_cli(index_dir: Path, assistant: Assistant):  # type: ignore[no-untyped-def]
    """Run the installed `stepqa` command against the session index."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = os.environ | {"STEPQA_INDEX_DIR": str(index_dir),
                                 "STEPQA_CORPUS_DIR": str(CORPUS)} | (env or {})
        return subprocess.run(
            [sys.executable, "-m", "stepqa.cli", *args],
            capture_output=True, text=True, env=full_env, timeout=300,
        )

    return run
