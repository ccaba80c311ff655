"""The answer vocabulary users see: Citation, Answer, Excerpt, and their renderings.

An Answer's JSON form is documented by ``schemas/answer.schema.json`` (tests validate
against it). Every quote is the document's own text at ``[start, end)``.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from stepqa.passages import heading_key

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
    support: float  # the judge's score for this sentence against what it cites, 0..1
    supported: bool = True  # False only in lenient verification, and then shown as such


@dataclass(frozen=True)
class RemovedSentence:
    """A drafted sentence verification kept from the user, and why."""

    text: str
    reason: str
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
    prompt: str  # name@version of the prompt template ("" for the extractive answerer)
    verification: str  # "strict" or "lenient"
    judge: str  # the support judge that verified the sentences
    top_k: int
    min_support: float
    filters: dict[str, Any]
    query: str  # what was searched: the question, or a follow-up made standalone
    rewriter: str  # "" (question used as is), "offline", or the rewrite prompt and model
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
    # With a refusal: the closest passages. With an answer: the best passage of each other
    # document that matched, which the answer did not quote (see Settings.single_document).
    related: tuple[Citation, ...]
    audit: Audit
    removed: tuple[RemovedSentence, ...] = ()  # drafted, failed verification, not shown

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
    return answer.answer + "\n\n" + render_sources_text(answer)


def render_sources_text(answer: Answer) -> str:
    """The part of ``render_text`` after the answer: sources, or related passages."""
    lines = []
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {c.title} — {c.location()}")
            lines.extend("    " + line for line in c.quote.splitlines())
    if answer.related:
        lines.append("Related passages (they do not answer the question):" if answer.refused
                     else "Other documents on this question (not quoted in the answer):")
        for c in answer.related:
            lines.append(f"- {c.title} — {c.location()}")
            first = _opening_line(c)
            lines.append(f"    {first[:200]}{'…' if len(first) > 200 else ''}")
    if answer.removed:
        lines.append(f"({len(answer.removed)} generated sentence(s) removed: not supported "
                     "by the passages they cite; see --json)")
    return "\n".join(lines).rstrip() + "\n"


def _opening_line(c: Citation) -> str:
    """The first line of a passage worth reading: not the heading it repeats."""
    lines = [line.strip() for line in c.quote.splitlines() if line.strip()]
    if len(lines) > 1 and heading_key(lines[0]) == heading_key(c.section.split(" > ")[-1]):
        lines = lines[1:]
    return lines[0] if lines else ""


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


# ------------------------------------------------------------------ briefings
def render_briefing_markdown(heading: str, citations: list[Citation]) -> str:
    """A briefing: the chosen excerpts in order, each with a footnote giving title,
    publisher, date, section/page and the quote's span."""
    lines = [f"# {heading or 'Briefing'}", ""]
    for i, c in enumerate(citations, 1):
        lines += [_quote_block(c.quote) + f" [^{i}]", ""]
    for i, c in enumerate(citations, 1):
        lines.append(f"[^{i}]: {cite_line(c)}")
    return "\n".join(lines).rstrip() + "\n"


def write_briefing_docx(heading: str, citations: list[Citation], path: Path) -> Path:
    """The same briefing as a Word file: quotes with superscript numbers, then numbered
    source notes (title, publisher, date, section/page, quote)."""
    import docx

    document = docx.Document()
    document.add_heading(heading or "Briefing", level=1)
    for i, c in enumerate(citations, 1):
        paragraph = document.add_paragraph(style="Quote")
        paragraph.add_run(c.quote)
        paragraph.add_run(str(i)).font.superscript = True
    document.add_heading("Sources", level=2)
    for i, c in enumerate(citations, 1):
        note = document.add_paragraph()
        note.add_run(f"{i}. ")
        note.add_run(c.title).italic = True
        details = [x for x in (c.publisher, c.date, c.location()) if x]
        note.add_run(", " + ", ".join(details) + f" [{c.doc_id}]: “{c.quote}”")
    document.save(str(path))
    return path
