"""A judge that asks a language model through any OpenAI-compatible endpoint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from stepqa.answer.judge.protocol import Verdict

if TYPE_CHECKING:
    from stepqa.answer.clients import OpenAIChat
    from stepqa.answer.prompts import Prompt

class LLMJudge:
    """Asks a language model (any OpenAI-compatible endpoint) with prompts/judge.md.
    Only as good as the model: its accuracy on the judge cases is in every report."""

    name = "llm"

    def __init__(self, client: OpenAIChat, prompt: Prompt) -> None:
        self.client = client
        self.prompt = prompt
        self.version = f"{prompt.label}/{client.model}"

    def judge(self, claim: str, passages: Sequence[str]) -> Verdict:
        numbered = "\n".join(f"[{i}] {p}" for i, p in enumerate(passages, 1))
        reply = self.client.complete(
            self.prompt.messages(passages=numbered, claim=claim), max_tokens=8
        )
        word = reply.strip().upper()
        if word.startswith(("UNSUPPORTED", "NOT SUPPORTED", "NO")):
            return Verdict(False, 0.0, f"LLM: {reply.strip()[:60]}")
        if word.startswith(("SUPPORTED", "YES")):
            return Verdict(True, 1.0, f"LLM: {reply.strip()[:60]}")
        return Verdict(False, 0.0, f"LLM reply not understood, counted unsupported: {reply[:60]!r}")
