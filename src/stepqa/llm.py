"""Talking to a language model: one small client for any OpenAI-compatible endpoint.

Ollama, vLLM, llama.cpp's server and hosted APIs all speak ``POST {base}/chat/completions``.
Used by the optional LLM judge (and the generative answer backends). Nothing here runs
unless ``STEPQA_LLM_BASE_URL`` is set: the default pipeline needs no model and no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stepqa.config import Settings
from stepqa.errors import BackendError, ConfigError


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    content: str


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

    def complete(self, messages: Sequence[Message], max_tokens: int = 256,
                 temperature: float = 0.0) -> str:
        import httpx

        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
        }
        url = f"{self.base_url}/chat/completions"
        try:
            response = httpx.post(url, json=body, headers=self._headers, timeout=self._timeout)
            response.raise_for_status()
            return str(response.json()["choices"][0]["message"]["content"] or "")
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
