"""Clients for language models: an OpenAI-compatible HTTP client and a local llama.cpp
model, behind one small ``ChatModel`` protocol (``complete`` and ``stream``).

Ollama, vLLM, llama.cpp's server and hosted APIs all speak ``POST {base}/chat/completions``;
a local GGUF file runs in-process through llama-cpp-python (the ``[llm]`` extra), which
applies the chat template stored in the GGUF. Used by the generative answer backends and
the optional LLM judge. Nothing here runs unless configured: the default pipeline needs no
model and no network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from stepqa.config import Settings
from stepqa.errors import BackendError, ConfigError


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


class ChatModel(Protocol):
    model: str

    def complete(self, messages: Sequence[Message], max_tokens: int = 256,
                 temperature: float = 0.0) -> str:
        ...

    def stream(self, messages: Sequence[Message], max_tokens: int = 256,
               temperature: float = 0.0) -> Iterator[str]:
        ...


class OpenAIChat:
    """Chat completions over HTTP (httpx), deterministic by default (temperature 0)."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None,
                 timeout_s: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = timeout_s

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIChat:
        if not settings.llm_base_url:
            raise ConfigError(
                "no LLM is configured",
                "set STEPQA_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1) and STEPQA_LLM_MODEL",
            )
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return cls(settings.llm_base_url, settings.llm_model, key, settings.llm_timeout_s)

    def _body(self, messages: Sequence[Message], max_tokens: int, temperature: float,
              stream: bool) -> dict[str, Any]:
        return {"model": self.model, "max_tokens": max_tokens, "temperature": temperature,
                "messages": [{"role": m.role, "content": m.content} for m in messages],
                "stream": stream}

    @contextmanager
    def _errors(self, url: str) -> Iterator[None]:
        """Turn what can go wrong talking to the endpoint into one BackendError with a hint."""
        import httpx

        try:
            yield
        except httpx.HTTPStatusError as exc:
            raise BackendError(
                f"the LLM endpoint {url} answered {exc.response.status_code}: "
                f"{exc.response.text[:200]}",
                "check STEPQA_LLM_MODEL and STEPQA_LLM_API_KEY",
            ) from exc
        except httpx.HTTPError as exc:
            raise BackendError(f"cannot reach the LLM endpoint {url}: {exc}",
                               "is the server running? check STEPQA_LLM_BASE_URL") from exc
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise BackendError(f"the LLM endpoint {url} sent an unexpected reply: {exc}") from exc

    def complete(self, messages: Sequence[Message], max_tokens: int = 256,
                 temperature: float = 0.0) -> str:
        import httpx

        url = f"{self.base_url}/chat/completions"
        with self._errors(url):
            response = httpx.post(url, json=self._body(messages, max_tokens, temperature, False),
                                  headers=self._headers, timeout=self._timeout)
            response.raise_for_status()
            return str(response.json()["choices"][0]["message"]["content"] or "")

    def stream(self, messages: Sequence[Message], max_tokens: int = 256,
               temperature: float = 0.0) -> Iterator[str]:
        """Text pieces as the server sends them (server-sent events, ``stream: true``)."""
        import httpx

        url = f"{self.base_url}/chat/completions"
        with self._errors(url), httpx.stream(
            "POST", url, json=self._body(messages, max_tokens, temperature, True),
            headers=self._headers, timeout=self._timeout,
        ) as response:
            if response.status_code >= 400:
                response.read()
                response.raise_for_status()
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                delta = json.loads(data)["choices"][0].get("delta", {})
                if delta.get("content"):
                    yield str(delta["content"])


class LlamaCppChat:
    """A GGUF model run in this process by llama-cpp-python; loaded once, on first use."""

    def __init__(self, model_path: Path, n_ctx: int = 4096) -> None:
        self.path = model_path
        self.model = model_path.name
        self._n_ctx = n_ctx
        self._llama: Any = None

    @classmethod
    def from_settings(cls, settings: Settings) -> LlamaCppChat:
        if not settings.llm_model_path:
            raise ConfigError("no local model is configured",
                              "set STEPQA_LLM_MODEL_PATH to a .gguf file")
        if not settings.llm_model_path.is_file():
            raise ConfigError(f"model file {settings.llm_model_path} does not exist",
                              "set STEPQA_LLM_MODEL_PATH to a .gguf file")
        return cls(settings.llm_model_path, settings.llm_n_ctx)

    def _load(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise BackendError("llama-cpp-python is not installed",
                                   "pip install 'stepqa[llm]' (or `make llm-deps`)") from exc
            try:
                self._llama = Llama(model_path=str(self.path), n_ctx=self._n_ctx, verbose=False)
            except (ValueError, RuntimeError) as exc:
                raise BackendError(f"cannot load {self.path}: {exc}") from exc
        return self._llama

    def complete(self, messages: Sequence[Message], max_tokens: int = 256,
                 temperature: float = 0.0) -> str:
        return "".join(self.stream(messages, max_tokens, temperature))

    def stream(self, messages: Sequence[Message], max_tokens: int = 256,
               temperature: float = 0.0) -> Iterator[str]:
        chunks = self._load().create_chat_completion(
            messages=[{"role": m.role, "content": m.content} for m in messages],
            max_tokens=max_tokens, temperature=temperature, stream=True, seed=0,
        )
        for chunk in chunks:
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield str(piece)
