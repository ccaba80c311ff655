"""The answer vocabulary users see: Citation, Answer, Excerpt, and their renderings.

An Answer's JSON form is documented by ``schemas/answer.schema.json`` (tests validate
against it). Every quote is the document's own text at ``[start, end)``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

REFUSAL = "The indexed documents do not answer this question."


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    section: str
    start: int
    end: int
    quote: str
    passage_id: str
    publisher: str = ""
    date: str = ""
    source: str = ""
    page: int | None = None

    def location(self) -> str:
        parts = [f"p. {self.page}"] if self.page else []
        parts += [self.section] if self.section else []
        parts.append(f"chars {self.start}-{self.end}")
        return ", ".join(parts)


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    citations: tuple[int, ...]
    support: float


@dataclass(frozen=True)
class RetrievedRef:
    passage_id: str
    doc_id: str
    score: float
    dense: float | None
    lexical: float | None


@dataclass(frozen=True)
class Audit:
    """Enough to reproduce or audit an answer later."""

    stepqa_version: str
    embedder_model: str
    index_fingerprint: str
    answer_backend: str
    backend_version: str
    top_k: int
    min_support: float
    filters: dict[str, Any]
    retrieved: tuple[RetrievedRef, ...]
    best_support: float
    elapsed_s: float
    created_at: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    refused: bool
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    related: tuple[Citation, ...]  # closest passages, shown with a refusal
    audit: Audit

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Excerpt:
    """A verbatim passage for a briefing, with its full citation."""

    rank: int
    score: float
    citation: Citation


def answer_schema() -> dict[str, Any]:
    text = resources.files("stepqa").joinpath("schemas/answer.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines())


def render_text(answer: Answer) -> str:
    """Plain text for a terminal: the answer, then numbered sources with their quotes."""
    lines = [answer.answer, ""]
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} — {c.location()}")
            lines.extend("    " + line for line in c.quote.splitlines())
    if answer.refused and answer.related:
        lines.append("Related passages (they do not answer the question):")
        for c in answer.related:
            lines.append(f"- {c.title} — {c.location()}")
            first = c.quote.splitlines()[0] if c.quote else ""
            lines.append(f"    {first[:200]}{'…' if len(first) > 200 else ''}")
    return "\n".join(lines).rstrip() + "\n"


def cite_line(c: Citation) -> str:
    """One footnote-style reference: title, publisher, date, section, span."""
    bits = [f"*{c.title}*"]
    bits += [x for x in (c.publisher, c.date) if x]
    bits.append(c.location())
    return ", ".join(bits) + f" [{c.doc_id}]"


def render_excerpts_markdown(topic: str, excerpts: list[Excerpt]) -> str:
    lines = [f"# Excerpts: {topic}", ""]
    if not excerpts:
        lines.append("_No passage in the indexed documents matches this topic._")
    for ex in excerpts:
        c = ex.citation
        lines += [f"## {ex.rank}. {c.section or c.title}", "", _quote_block(c.quote), "",
                  f"— {cite_line(c)}", ""]
    return "\n".join(lines).rstrip() + "\n"
