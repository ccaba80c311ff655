"""Generative answers: a language model writes sentences that cite numbered passages.

The passages go into prompts/answer.md as delimited, numbered data; the reply is split into
sentences and each ``[n]`` is resolved to the retrieved passage it names. A number that
names no retrieved passage is kept aside as *fabricated*. Nothing here decides what the
user sees: answer/verify.py checks every sentence against what it cites.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence

from stepqa.answer import Draft, DraftSentence, Evidence
from stepqa.answer.clients import ChatModel
from stepqa.answer.prompts import Prompt, load_prompt
from stepqa.config import Settings
from stepqa.conversation import keeps_meaning
from stepqa.passages import sentence_spans
from stepqa.question import Question, analyse
from stepqa.retrieve import Hit

_TAG = re.compile(r"</?passage\b", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])")


def passages_block(hits: Sequence[Hit]) -> str:
    """Numbered, delimited passages: the only material the model may use. What a document
    supplies (its title and section from its metadata, its text) cannot open or close a
    passage or leave an attribute: quotes and angle brackets in attributes are escaped,
    and a passage tag written in the text is defused."""
    return "\n\n".join(
        f'<passage n="{i}" document="{html.escape(h.doc.title)}" '
        f'section="{html.escape(h.passage.section)}">\n'
        f"{_TAG.sub(lambda m: '‹' + m.group(0)[1:], h.passage.text)}\n</passage>"
        for i, h in enumerate(hits, 1)
    )


def parse(text: str, hits: Sequence[Hit]) -> tuple[DraftSentence, ...]:
    """Sentences of a generated answer, each with the passages its [n] markers name."""
    sentences = []
    for start, end in sentence_spans(text, 0, len(text)):
        raw = text[start:end]
        numbers = [int(n) for group in _MARKER.findall(raw) for n in re.split(r"[,;]", group)]
        clean = _SPACE_BEFORE_PUNCT.sub(r"\1", _MARKER.sub("", raw)).strip()
        if not clean:
            continue
        cites, fabricated = [], []
        for n in dict.fromkeys(numbers):
            if 1 <= n <= len(hits):
                p = hits[n - 1].passage
                cites.append(Evidence(hit=n - 1, start=p.start, end=p.end, text=p.text, support=0.0))
            else:
                fabricated.append(n)
        sentences.append(DraftSentence(clean, tuple(cites), 0.0, tuple(fabricated)))
    return tuple(sentences)


class GenerativeBackend:
    """Any ChatModel (local llama.cpp or an OpenAI-compatible endpoint) behind the Backend
    protocol, with the versioned answer prompt."""

    def __init__(self, name: str, chat: ChatModel, settings: Settings) -> None:
        self.name = name
        self.chat = chat
        self.settings = settings
        self.prompt = load_prompt(settings.prompts_dir, "answer")
        self.compare_prompt = load_prompt(settings.prompts_dir, "compare")
        self.rewrite_prompt = load_prompt(settings.prompts_dir, "rewrite")
        self.version = f"{chat.model}"
        self.rewriter = f"{self.rewrite_prompt.label}/{chat.model}"

    def rewrite(self, question: str, history: Sequence[str]) -> str | None:
        """The model's standalone version of a follow-up, or None when its reply is not a
        usable question (empty, far too long, or dropping words the user wrote)."""
        earlier = "\n".join(f"- {q}" for q in history[-3:])
        reply = self.chat.complete(
            self.rewrite_prompt.messages(history=earlier, question=question), max_tokens=64
        ).strip()
        line = reply.splitlines()[0].strip().strip('"') if reply else ""
        usable = 3 <= len(line) <= 4 * max(len(question), 80) and keeps_meaning(question, line)
        return line if usable else None

    def _prompt_for(self, question: str, hits: Sequence[Hit]) -> Prompt:
        """The comparison prompt when the question compares and the passages come from
        several documents; the answer prompt otherwise."""
        several = len({h.doc.doc_id for h in hits}) > 1
        return self.compare_prompt if several and analyse(question).kind == "compare" else self.prompt

    def stream_text(self, question: str, hits: Sequence[Hit]) -> Iterator[str]:
        messages = self._prompt_for(question, hits).messages(passages=passages_block(hits),
                                                             question=question)
        yield from self.chat.stream(messages, max_tokens=self.settings.llm_max_tokens)

    def parse(self, text: str, hits: Sequence[Hit], question: str = "") -> Draft:
        return Draft(parse(text, hits), self.name, self.version,
                     self._prompt_for(question, hits).label)

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence],
                 asked: Question | None = None) -> Draft:
        return self.parse("".join(self.stream_text(question, hits)), hits, question)
