"""Split a Document into citable Passages along its structure. Second stage of the line.

Markdown headings, short stand-alone title lines, numbered items that head a bullet list,
and bold lead-in labels ("**(Background)** ...") open sections; a bullet stays with the
section it sits in. Sections are packed into passages of at most ``max_chars`` characters,
breaking long blocks between sentences. Every span is an exact ``(start, end)`` into
``Document.text``: a passage's text is ``doc.text[start:end]``, never re-typed.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from stepqa.documents import Document
from stepqa.errors import ConfigError


@dataclass(frozen=True)
class Passage:
    passage_id: str
    doc_id: str
    index: int
    start: int
    end: int
    heading_path: tuple[str, ...]
    text: str

    @property
    def section(self) -> str:
        return " > ".join(self.heading_path)


@dataclass(frozen=True)
class Block:
    kind: Literal["heading", "item", "para"]
    start: int  # first character of the content, after list or heading markers
    end: int  # one past the last non-blank character
    level: int = 0  # headings only: smaller is higher
    title: str = ""  # headings: the heading text; paragraphs: a bold lead-in label, if any


_ATX = re.compile(r"(#{1,6})[ \t]+")
_BULLET = re.compile(r"[ \t]*([-*+•▪●◦]|\d{1,3}[.)])[ \t]+")
# Section marks used in reports converted from PDF; they start paragraphs, not list items.
_PARA_MARK = re.compile(r"[ \t]*[■□◆◇▶►][ \t]*")
_LEAD_LABEL = re.compile(r"\*\*\(?([^*\n]{1,80}?)\)?\*\*[ \t]*")
_TERMINAL = re.compile(r"[.!?:;,]$")
_DECOR = re.compile(r"^[|*_\s]+|[|*_\s#]+$")

# Levels for headings that markup does not mark: below every ATX level (1-6).
_CAPS_LEVEL, _LINE_LEVEL, _NUMBERED_LEVEL, _LABEL_LEVEL = 7, 8, 9, 10
_SHORT_LINE = 150


def _strip_decor(text: str) -> str:
    return _DECOR.sub("", text)


def heading_key(text: str) -> str:
    """A heading in a form two spellings of it share: without markup decoration, list
    number or section mark, case, spacing or closing colon. A numbered heading's title in
    ``heading_path`` keeps its number ("2. Strengthen …") while the passage text has only
    "Strengthen …"; both give the same key."""
    text = _strip_decor(text)
    text = text[m.end():] if (m := _BULLET.match(text) or _PARA_MARK.match(text)) else text
    return " ".join(_strip_decor(text).lower().split()).rstrip(" :")


def _content_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _line_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``text`` where each line of ``text[start:end]`` starts, plus ``end``."""
    starts = [start]
    at = text.find("\n", start, end)
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1, end)
    return [*starts, end]


_SETEXT_UNDERLINE = re.compile(r"[ \t]*(=+|-+)[ \t]*$")


def _raw_blocks(text: str, start: int, end: int) -> Iterator[tuple[str, int, int, str]]:
    """(kind, content start, content end, marker) for each heading, list item, paragraph,
    table row, quote or code block of ``text[start:end]``, read by a CommonMark parser
    (markdown-it-py) whose line maps give the exact spans."""
    lines = _line_starts(text, start, end)

    def span(first: int, last: int) -> tuple[int, int]:  # lines [first, last)
        return lines[first], lines[min(last, len(lines) - 1)]

    item_marker: str | None = None  # the marker of a list item whose first paragraph is next
    for token in _markdown().parse(text[start:end]):
        if token.type == "list_item_open":
            item_marker = f"{token.info}{token.markup}" if token.info else token.markup
        elif token.type in {"heading_open", "tr_open", "html_block", "fence", "code_block"}:
            item_marker = None  # an item that opens with something other than a paragraph
        if token.type == "heading_open" and token.map:
            a, b = token.map
            s, e = span(a, b)
            if token.markup.startswith("#"):
                atx = _ATX.match(text, s, e)
                s = atx.end() if atx else s
                e = s + len(text[s:e].rstrip().rstrip("#"))
            elif _SETEXT_UNDERLINE.match(text[lines[b - 1]:lines[b]].rstrip("\n")):
                e = lines[b - 1]  # the underline is markup, not heading text
            yield "heading", s, e, "#" * int(token.tag[1])
        elif token.type == "paragraph_open" and token.map:
            s, e = span(*token.map)
            if item_marker is not None:
                bullet = _BULLET.match(text, s, e)
                yield "item", bullet.end() if bullet else s, e, item_marker
                item_marker = None
                continue
            mark = _PARA_MARK.match(text, s, e)
            quote = re.compile(r"[ \t]*>[ \t]?").match(text, s, e)
            skip = mark or quote
            yield "para", skip.end() if skip else s, e, "mark" if mark else ""
        elif token.type in {"tr_open", "html_block"} and token.map:
            yield "para", *span(*token.map), "row" if token.type == "tr_open" else ""
        elif token.type in {"fence", "code_block"} and token.map:
            a, b = token.map
            yield "para", *(span(a + 1, b - 1) if token.type == "fence" else span(a, b)), ""


def parse_blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """Blocks of ``text[start:end]`` with exact content spans and inferred heading levels."""
    end = len(text) if end is None else end
    raw = [
        (kind, *_content_span(text, s, e), marker)
        for kind, s, e, marker in _raw_blocks(text, start, end)
    ]
    raw = [r for r in raw if r[1] < r[2]]
    blocks: list[Block] = []
    for i, (kind, s, e, marker) in enumerate(raw):
        content = text[s:e]
        plain = _strip_decor(content)
        next_kind, next_marker = (raw[i + 1][0], raw[i + 1][3]) if i + 1 < len(raw) else ("", "")
        heading_like = (
            marker != "row"  # a table row is a row, however short: never a title line
            and "\n" not in content
            and 0 < len(plain) <= _SHORT_LINE
            and not _TERMINAL.search(plain)
            and any(ch.isalpha() for ch in plain)
        )
        if kind == "heading":
            blocks.append(Block("heading", s, e, len(marker), plain))
        elif kind == "item":
            numbered = marker[0].isdigit()
            heads_list = next_kind == "item" and not next_marker[0].isdigit()
            if numbered and heading_like and heads_list:
                label = f"{marker} {plain}"
                blocks.append(Block("heading", s, e, _NUMBERED_LEVEL, label))
            else:
                blocks.append(Block("item", s, e))
        elif heading_like:
            level = _CAPS_LEVEL if plain.upper() == plain else _LINE_LEVEL
            blocks.append(Block("heading", s, e, level, plain))
        else:
            lead = _LEAD_LABEL.match(content)
            blocks.append(Block("para", s, e, title=lead.group(1).strip() if lead else ""))
    return blocks


@functools.cache
def _punkt() -> Any:
    """English Punkt sentence model, from the copy llama-index-core ships (no download).
    The copy is found without importing llama-index-core, which takes about 3 s here."""
    import importlib.util

    import nltk
    from nltk.tokenize import PunktTokenizer

    spec = importlib.util.find_spec("llama_index.core")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("llama-index-core is not installed; it ships the sentence model")
    cache = Path(spec.submodule_search_locations[0]) / "_static" / "nltk_cache"
    if str(cache) not in nltk.data.path:
        nltk.data.path.append(str(cache))
    return PunktTokenizer("english")


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, whitespace trimmed."""
    spans = []
    for s, e in _punkt().span_tokenize(text[start:end]):
        s, e = _content_span(text, start + s, start + e)
        if s < e:
            spans.append((s, e))
    return spans


def _kinded_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind of its block) for every sentence of ``text[start:end]``."""
    for block in parse_blocks(text, start, end):
        if block.kind == "heading":
            yield block.start, block.end, block.kind
            continue
        s = block.start
        label = _LEAD_LABEL.match(text, s, block.end) if block.kind == "para" else None
        if label and label.end() < block.end:
            s = label.end()
        for a, b in sentence_spans(text, s, block.end):
            yield a, b, block.kind


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]``, the smallest citable spans: each heading is
    one, list markers and bold lead-in labels are left out. Used to pick answer sentences."""
    return [(s, e) for s, e, _ in _kinded_sentences(text, start, end)]


# Shorter spans (stray labels, "Q1", a one-word heading) are not worth citing or embedding
# alone; a short list item ("Port dues") is.
_MIN_SENTENCE_CHARS = 12
_MIN_ITEM_CHARS = 4


def citable_sentences(passage: Passage) -> list[tuple[int, int]]:
    """Absolute spans of the sentences of ``passage`` worth citing: the grain of dense
    retrieval and of answer sentences."""
    text = passage.text
    return [
        (passage.start + s, passage.start + e)
        for s, e, kind in _kinded_sentences(text, 0, len(text))
        if e - s >= (_MIN_ITEM_CHARS if kind == "item" else _MIN_SENTENCE_CHARS)
        and (any(c.isalpha() for c in text[s:e]) or _FIGURES_ROW.match(text[s:e]))
    ]


# A table row of figures alone ("| 2024 | 14.0 | 165 |"): what a budget table says, citable
# like any sentence (not its "|---|" separator).
_FIGURES_ROW = re.compile(r"\|.*\d")


def table_row(text: str) -> bool:
    """Is this sentence a row of a Markdown table ("| 2024 | 14.0 | 165 |")?"""
    return text.lstrip().startswith("|")


_S = TypeVar("_S", bound="_Spanned")


class _Spanned(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...


def table_headers(sentences: Iterable[_S], group: Callable[[_S], Hashable]) -> dict[tuple[Hashable, int], _S]:
    """(group, start) of each later row of a Markdown table -> the table's first row, when
    that row names its columns ("| Year | Budget | Fellows |"). ``group`` tells which
    sentences belong to one passage (a table never spans two)."""
    headers: dict[tuple[Hashable, int], _S] = {}
    header: _S | None = None
    previous: Hashable = None
    for s in sorted(sentences, key=lambda s: (str(group(s)), s.start)):
        row, here = table_row(s.text), group(s)
        if row and previous == here and header is not None:
            headers[(here, s.start)] = header
        elif row:
            header = s if any(c.isalpha() for c in s.text) else None
        previous = here if row else None
    return headers


def _pack(
    doc: Document, blocks: list[Block], path: tuple[str, ...], max_chars: int
) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Spans of passages covering ``blocks`` (one section), each at most ``max_chars``
    unless a single sentence is longer."""
    pieces: list[tuple[int, int]] = []
    for block in blocks:
        if block.end - block.start <= max_chars:
            pieces.append((block.start, block.end))
        else:
            pieces.extend(sentence_spans(doc.text, block.start, block.end))
    cur_start: int | None = None
    cur_end = 0
    for s, e in pieces:
        if cur_start is not None and e - cur_start > max_chars:
            yield cur_start, cur_end, path
            cur_start = None
        if cur_start is None:
            cur_start = s
        cur_end = e
    if cur_start is not None:
        yield cur_start, cur_end, path


def passage_id(doc_id: str, content_hash: str, index: int) -> str:
    """The id of passage ``index`` of a document version."""
    return f"{doc_id}:{hashlib.sha256(content_hash.encode()).hexdigest()[:8]}:{index}"


def split(doc: Document, max_chars: int = 600) -> list[Passage]:
    """Passages of ``doc`` in reading order."""
    stack: list[Block] = []  # open headings, outermost first
    sections: list[tuple[tuple[str, ...], list[Block]]] = []

    def open_section(blocks: list[Block]) -> None:
        sections.append((tuple(h.title for h in stack), blocks))

    for block in parse_blocks(doc.text, doc.body_start):
        level = block.level if block.kind == "heading" else _LABEL_LEVEL
        if block.kind == "heading" or (block.kind == "para"):
            while stack and stack[-1].level >= level:
                stack.pop()
        if block.kind == "heading":
            stack.append(block)
            # The heading line is text too: it opens the passage of its section.
            open_section([block])
        elif block.kind == "para" and block.title:
            stack.append(Block("heading", block.start, block.start, _LABEL_LEVEL, block.title))
            open_section([block])
        else:
            path = tuple(h.title for h in stack)
            if sections and sections[-1][0] == path:
                sections[-1][1].append(block)
            else:
                open_section([block])

    # A run of headings with nothing under them (a cover page) joins the next section
    # rather than becoming a passage of one short line each.
    merged: list[tuple[tuple[str, ...], list[Block]]] = []
    for path, blocks in sections:
        if merged and all(b.kind == "heading" for b in merged[-1][1]):
            span = blocks[-1].end - merged[-1][1][0].start
            if span <= max_chars:
                merged[-1] = (path, merged[-1][1] + blocks)
                continue
        merged.append((path, blocks))

    passages: list[Passage] = []
    for path, blocks in merged:
        for start, end, p in _pack(doc, blocks, path, max_chars):
            i = len(passages)
            passages.append(
                Passage(passage_id(doc.doc_id, doc.content_hash, i), doc.doc_id, i, start, end, p,
                        doc.text[start:end])
            )
    return passages
