"""Answer backends turn retrieved Hits into a Draft. Fifth stage of the line.

A backend needs one method, ``generate(question, hits, evidence) -> Draft``, and one entry
in ``BACKENDS``. The built-in extractive answerer registers exactly like any other. A
backend that can stream also offers ``stream_text(question, hits)`` and ``parse(text, hits)``;
every Draft then goes through answer/verify.py before anyone sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from stepqa.errors import ConfigError

if TYPE_CHECKING:
    from stepqa.config import Settings
    from stepqa.question import Question
    from stepqa.retrieve import Hit


@dataclass(frozen=True)
class Evidence:
    """One citable sentence of a retrieved passage, scored against the question."""

    hit: int  # position in the hit list
    start: int  # absolute offsets into the document text
    end: int
    text: str
    support: float  # how well the sentence, read in its context, answers the question, 0..1
    dense: float = 0.0  # cosine of the sentence alone (a table row: at least its header's) and the question
    context: float = 0.0  # cosine of its passage (title, section path, text) and the question
    # share of the question's content words in the sentence or its headings, less one for
    # each word ("public") whose opposite ("private") the sentence says instead
    lexical: float = 0.0
    fits: bool = True  # holds what the question asks for (a name, a date, a number), if anything
    # cosine of the sentence and the question by the second model that reads the best few
    # sentences again (rescaled above its floor); None when it did not read this one
    reread: float | None = None


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

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence],
                 asked: Question | None = None) -> Draft:
        """A draft answer to ``question`` from ``hits``; ``asked`` is the pipeline's reading
        of it (by the question's own analysis when not given)."""


@runtime_checkable
class GenerativeRewriter(Protocol):
    """A backend whose model can also turn a follow-up into a standalone question."""

    rewriter: str  # name@version of the rewrite prompt and the model

    def rewrite(self, question: str, history: Sequence[str]) -> str | None:
        ...


@dataclass(frozen=True)
class Registration:
    """One answer backend: how to build it, and whether these settings can run it."""

    factory: Callable[[Settings], Backend]
    available: Callable[[Settings], bool] = lambda settings: True


def _extractive(settings: Settings) -> Backend:
    from stepqa.answer.extractive import ExtractiveBackend

    return ExtractiveBackend(settings)


def _llama_cpp(settings: Settings) -> Backend:
    from stepqa.answer.clients import LlamaCppChat
    from stepqa.answer.generative import GenerativeBackend

    return GenerativeBackend("llama_cpp", LlamaCppChat.from_settings(settings), settings)


def _openai(settings: Settings) -> Backend:
    from stepqa.answer.clients import OpenAIChat
    from stepqa.answer.generative import GenerativeBackend

    return GenerativeBackend("openai", OpenAIChat.from_settings(settings), settings)


# Adding a backend is one entry here (and its module).
BACKENDS: dict[str, Registration] = {
    "extractive": Registration(_extractive),
    "llama_cpp": Registration(_llama_cpp, lambda s: s.llm_model_path is not None),
    "openai": Registration(_openai, lambda s: s.llm_base_url is not None),
}


def configured_backends(settings: Settings) -> list[str]:
    """Backends that can run with these settings (for the UI's backend menu)."""
    return [name for name, entry in BACKENDS.items() if entry.available(settings)]


def make_backend(name: str, settings: Settings) -> Backend:
    try:
        entry = BACKENDS[name]
    except KeyError:
        raise ConfigError(  # a user's mistake, not a backend failing
            f"unknown answer backend {name!r}", "available: " + ", ".join(sorted(BACKENDS))
        ) from None
    return entry.factory(settings)
