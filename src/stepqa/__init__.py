"""stepqa: document-grounded question answering with verifiable citations.

The public API is ``__all__``: an ``Assistant`` built from ``Settings`` answers questions
(``ask``) with ``Answer``s whose ``Citation``s quote the documents verbatim, pulls
``Excerpt``s for briefings, and ingests files. Names are imported on first use, so that
``import stepqa`` stays instant and heavy libraries load only when needed.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Model weights come from installed packages or local folders, never from a hub at run
# time: set before anything imports huggingface_hub (which reads it once, on import).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_EXPORTS = {
    "Assistant": "stepqa.pipeline",
    "Settings": "stepqa.config",
    "Answer": "stepqa.citations",
    "AnswerSentence": "stepqa.citations",
    "Citation": "stepqa.citations",
    "Excerpt": "stepqa.citations",
    "Filters": "stepqa.retrieve",
    "IngestReport": "stepqa.ingest",
    "StepqaError": "stepqa.errors",
    "ConfigError": "stepqa.errors",
    "DocumentError": "stepqa.errors",
    "UnsupportedFormatError": "stepqa.errors",
    "IndexStoreError": "stepqa.errors",
    "QuestionError": "stepqa.errors",
    "BackendError": "stepqa.errors",
    "EvalError": "stepqa.errors",
}

__all__ = [
    "Answer", "AnswerSentence", "Assistant", "BackendError", "Citation", "ConfigError",
    "DocumentError", "EvalError", "Excerpt", "Filters", "IndexStoreError", "IngestReport",
    "QuestionError", "Settings", "StepqaError", "UnsupportedFormatError", "__version__",
]

if TYPE_CHECKING:
    from stepqa.citations import Answer, AnswerSentence, Citation, Excerpt
    from stepqa.config import Settings
    from stepqa.errors import (
        BackendError,
        ConfigError,
        DocumentError,
        EvalError,
        IndexStoreError,
        QuestionError,
        StepqaError,
        UnsupportedFormatError,
    )
    from stepqa.ingest import IngestReport
    from stepqa.pipeline import Assistant
    from stepqa.retrieve import Filters


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'stepqa' has no attribute {name!r}")
