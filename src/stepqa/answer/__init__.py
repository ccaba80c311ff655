"""Answer backends turn retrieved Hits into a Draft. Fifth stage of the line.

A backend needs one method, ``generate(question, hits, evidence) -> Draft``, and one line
in ``BACKENDS``. The built-in extractive answerer registers exactly like any other. A
backend that can stream also offers ``stream_text(question, hits)`` and ``parse(text, hits)``;
every Draft then goes through answer/verify.py before anyone sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from stepqa.errors import BackendError

if TYPE_CHECKING:
    from stepqa.config import Settings
    from stepqa.index import Embedder
    from stepqa.retrieve import Hit


@dataclass(frozen=True)
class Evidence:
    """One citable sentence of a retrieved passage, scored against the question."""

    hit: int  # position in the hit list
    start: int  # absolute offsets into the document text
    end: int
    text: str
    support: float  # similarity of this sentence to the question, 0..1


@dataclass(frozen=True)
class DraftSentence:
    text: str
    cites: tuple[Evidence, ...]
    support: float
    fabricated: tuple[int, ...] = ()  # citation numbers that matched no retrieved passage


@dataclass(frozen=True)
class Draft:
    sentences: tuple[DraftSentence, ...]
    backend: str
    version: str
    prompt: str = ""  # name@version of the prompt template, for generative backends


class Backend(Protocol):
    name: str
    version: str

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> Draft:
        ...


@runtime_checkable
class GenerativeRewriter(Protocol):
    """A backend whose model can also turn a follow-up into a standalone question."""

    rewriter: str  # name@version of the rewrite prompt and the model

    def rewrite(self, question: str, history: Sequence[str]) -> str | None:
        ...


BackendFactory = Callable[["Settings", "Embedder"], Backend]


def _extractive(settings: Settings, embedder: Embedder) -> Backend:
    from stepqa.answer.extractive import ExtractiveBackend

    return ExtractiveBackend(settings)


def _llama_cpp(settings: Settings, embedder: Embedder) -> Backend:
    from stepqa.answer.llm import GenerativeBackend
    from stepqa.llm import LlamaCppChat

    return GenerativeBackend("llama_cpp", LlamaCppChat.from_settings(settings), settings)


def _openai(settings: Settings, embedder: Embedder) -> Backend:
    from stepqa.answer.llm import GenerativeBackend
    from stepqa.llm import OpenAIChat

    return GenerativeBackend("openai", OpenAIChat.from_settings(settings), settings)


BACKENDS: dict[str, BackendFactory] = {
    "extractive": _extractive,
    "llama_cpp": _llama_cpp,
    "openai": _openai,
}


def configured_backends(settings: Settings) -> list[str]:
    """Backends that can run with these settings (for the UI's backend menu)."""
    names = ["extractive"]
    if settings.llm_model_path:
        names.append("llama_cpp")
    if settings.llm_base_url:
        names.append("openai")
    return names


def make_backend(name: str, settings: Settings, embedder: Embedder) -> Backend:
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise BackendError(
            f"unknown answer backend {name!r}", "available: " + ", ".join(sorted(BACKENDS))
        ) from None
    return factory(settings, embedder)
