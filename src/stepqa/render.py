"""Renderings of answers, excerpts and briefings: terminal text, Markdown and DOCX.
The edges (CLI, UI) call these; nothing here decides what is cited.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from stepqa.citations import Answer, AnswerSentence, Citation, Excerpt, answer_text
from stepqa.passages import heading_key


def md_text(text: str) -> str:
    """Document text for a Markdown file, shown as written when rendered: HTML (a
    ``<script>``) is escaped rather than passed through, brackets cannot make a link."""
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")


def _quote_block(text: str) -> str:
    return "\n".join("> " + md_text(line) if line else ">" for line in text.splitlines())


def render_sources_text(answer: Answer) -> str:
    """What a terminal prints after the answer: sources, or related passages."""
    lines = []
    if answer.refused and answer.reason:
        lines.append(f"Why: {answer.reason}.")
    if answer.notice:
        lines.append(f"Note: {answer.notice}")
    if answer.citations:
        lines.append("Sources:")
        for c in answer.citations:
            lines.append(f"[{c.n}] {dated(c)} — {c.location()}")
            lines.extend("    " + line for line in c.quote.splitlines())
    lines += [f"A newer document also addresses this: {dated(c)}." for c in newer(answer)]
    if answer.related:
        lines.append("Related passages (they do not answer the question):" if answer.refused
                     else "Other documents on this question (not quoted in the answer):")
        for c in answer.related:
            lines.append(f"- {dated(c)} — {c.location()}")
            first = _opening_line(c)
            lines.append(f"    {first[:200]}{'…' if len(first) > 200 else ''}")
    if answer.removed:
        lines.append(f"({len(answer.removed)} generated sentence(s) removed: not supported "
                     "by the passages they cite; see --json)")
    return "\n".join(lines).rstrip() + "\n"


def by_document(answer: Answer) -> Iterator[tuple[Citation | None, AnswerSentence]]:
    """Each answer sentence, with the document it opens when the answer quotes several
    documents (a comparison) and it is the first sentence from that document; else None."""
    first = {c.n: c for c in answer.citations}
    several = len({c.doc_id for c in answer.citations}) > 1
    current = ""
    for sentence in answer.sentences:
        doc = first[sentence.citations[0]] if several and sentence.citations else None
        if doc is not None and doc.doc_id != current:
            current = doc.doc_id
            yield doc, sentence
        else:
            yield None, sentence


def grouped_text(answer: Answer) -> str:
    """The answer's lines under a heading per document when it quotes several (a
    comparison); the plain answer text otherwise."""
    if len({c.doc_id for c in answer.citations}) < 2:
        return answer.answer
    lines = []
    for opens, sentence in by_document(answer):
        if opens is not None:
            lines.append(f"— {dated(opens)}:")
        lines.append(answer_text([sentence]))
    return "\n".join(lines)


def dated(c: Citation) -> str:
    """A document as citations name it: its title and its date, or "undated"."""
    return f"{c.title} ({c.date or 'undated'})"


def newer(answer: Answer) -> list[Citation]:
    """Other matching documents dated after every document the answer quotes: the answer
    never mixes them in, but says they exist."""
    dates = [c.date for c in answer.citations]
    if not dates or not all(dates):
        return []
    latest = max(dates)
    seen: set[str] = set()
    out = []
    for c in answer.related:
        if c.date and c.date > latest and c.doc_id not in seen:
            seen.add(c.doc_id)
            out.append(c)
    return out


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
        lines += [f"## {ex.rank}. {md_text(c.section or c.title)}", "", _quote_block(c.quote), "",
                  f"— {md_text(cite_line(c))}", ""]
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------ briefings
def render_briefing_markdown(heading: str, citations: list[Citation]) -> str:
    """A briefing: the chosen excerpts in order, each with a footnote giving title,
    publisher, date, section/page and the quote's span."""
    lines = [f"# {md_text(heading or 'Briefing')}", ""]
    for i, c in enumerate(citations, 1):
        lines += [_quote_block(c.quote) + f" [^{i}]", ""]
    for i, c in enumerate(citations, 1):
        lines.append(f"[^{i}]: {md_text(cite_line(c))}")
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
