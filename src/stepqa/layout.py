"""What a printed page adds to its text and a reader ignores: running headers and footers,
page numbers, words hyphenated across a line end; and the date a cover states. Used by the
PDF reader (documents.py) on the text each page yields, before offsets are fixed, so that
quotes stay verbatim to the text stepqa extracted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

# "- 3 -", "Page 3", "3 / 12", "p. 3", a bare number: a page number line.
_PAGE_NUMBER = re.compile(r"^[\s\-–—|]*(?:page|p\.|pg\.?)?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—|]*$",
                          re.IGNORECASE)
_HYPHENATED = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_EDGE = 2  # lines at the top and at the bottom of a page that can be furniture
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATES = [
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.IGNORECASE),
]


def _shape(line: str) -> str:
    """A line as it repeats from page to page: digits (page numbers) and spacing folded."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def join_hyphenation(text: str) -> str:
    """"train-\\ning" -> "training": a word broken across a line end is whole again."""
    return _HYPHENATED.sub("", text)


def stated_date(text: str) -> str | None:
    """The first date written in ``text`` (a cover's "March 3, 2025", "3 March 2025",
    "2025-03-03" or "March 2025"), as YYYY-MM-DD or YYYY-MM."""
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groups()
        if pattern is _DATES[0]:
            return "-".join(groups)
        if pattern is _DATES[3]:
            return f"{groups[1]}-{_month(groups[0]):02d}"
        month, day, year = (groups if pattern is _DATES[1] else (groups[1], groups[0], groups[2]))
        return f"{year}-{_month(month):02d}-{int(day):02d}"
    return None


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for m, i in _MONTHS.items() if m.startswith(name[:3]))


# --------------------------------------------------------------------- page geometry
# What pdfplumber gives for each word of a page, read into reading order and structure:
# columns, headings (by font size and weight, or numbering), paragraphs (by spacing),
# footnotes (small type at the foot of the page) and superscript note markers.

SUPERSCRIPT = str.maketrans("0123456789*", "⁰¹²³⁴⁵⁶⁷⁸⁹*")
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§])[.)]?$")
_NUMBERED = re.compile(r"^(?:\d{1,2}\.(?:\d{1,2}\.?)*|[IVX]{1,4}\.|[A-H]\.)\s+\S")
_HEADING_WORDS = 14  # a heading is a short line


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Line:
    """A line of a page (its words never change once it is made)."""

    words: list[Word] = field(default_factory=list)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def size(self) -> float:
        """The line's type size: that of most of its letters (a superscript does not count)."""
        sizes = Counter[float]()
        for w in self.words:
            sizes[round(w.size, 1)] += len(w.text)
        return sizes.most_common(1)[0][0]

    @cached_property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if not self._marker(w))

    def _marker(self, w: Word) -> bool:
        return w.size < 0.85 * self.size and bool(_NOTE_MARK.match(w.text))

    @cached_property
    def text(self) -> str:
        """The words in order; a raised small number after a word is a note marker and
        is written as a superscript ("training¹")."""
        out = ""
        for w in sorted(self.words, key=lambda w: w.x0):
            if out and self._marker(w) and w is not self.words[0]:
                out += w.text.rstrip(".)").translate(SUPERSCRIPT)
            else:
                out += (" " if out else "") + w.text
        return out


def _lines(words: Sequence[Word]) -> list[Line]:
    """Words grouped into lines by vertical overlap, largest type first, so that a raised
    small note marker joins the line it is attached to; lines top to bottom."""
    groups: list[tuple[list[float], list[Word]]] = []  # ([top, bottom], words)
    for w in sorted(words, key=lambda w: (-w.size, w.top, w.x0)):
        need = 0.3 * (w.bottom - w.top)
        for span, members in groups:
            if min(span[1], w.bottom) - max(span[0], w.top) >= need:
                members.append(w)
                break
        else:
            groups.append(([w.top, w.bottom], [w]))
    return sorted((Line(sorted(members, key=lambda w: w.x0)) for _, members in groups),
                  key=lambda ln: ln.top)


_COLUMN_GAP = 0.025  # of the page width: wider than any space between two words


def _side(line: Line, x: float, width: float) -> str:
    """Where ``line`` stands against a gutter at ``x``: "left", "right", "both" (text on
    each side across a column gap) or "across" (running through it)."""
    left = [w for w in line.words if w.x1 <= x]
    right = [w for w in line.words if w.x0 >= x]
    if len(left) + len(right) < len(line.words):
        return "across"
    if left and right:
        gap = right[0].x0 - left[-1].x1
        return "both" if gap >= _COLUMN_GAP * width else "across"
    return "left" if left else "right"


def _gutter(lines: Sequence[Line], width: float) -> float | None:
    """The x of the gap between two columns, when the page has two: many lines have text
    on both sides of it across a wide gap, and few lines run through it."""
    import numpy as np

    if len(lines) < 6:
        return None
    xs = np.arange(int(0.35 * width), int(0.65 * width) + 1, 2, dtype=float)
    across = np.zeros(len(xs), dtype=int)
    both = np.zeros(len(xs), dtype=int)
    wide = _COLUMN_GAP * width
    for line in lines:
        blocked = np.zeros(len(xs), dtype=bool)
        in_gap = np.zeros(len(xs), dtype=bool)
        for w in line.words:
            blocked |= (xs > w.x0) & (xs < w.x1)
        for a, b in zip(line.words, line.words[1:]):
            between = (xs >= a.x1) & (xs <= b.x0)
            if b.x0 - a.x1 >= wide:
                in_gap |= between
            else:
                blocked |= between
        across += blocked
        both += in_gap & ~blocked
    order = np.lexsort((-both, across))  # fewest lines through it, then most beside it
    best = order[0]
    if across[best] <= 0.25 * len(lines) and both[best] >= 0.3 * len(lines):
        return float(xs[best])
    return None


def reading_order(words: Sequence[Word], width: float) -> list[Line]:
    """The page's lines as a person reads them: on a two-column page, the left column and
    then the right one between full-width lines (titles, headers, footers, and a line that
    reaches past the columns' edges however short it is)."""
    lines = _lines(words)
    gutter = _gutter(lines, width)
    if gutter is None:
        return lines
    sides = [_side(ln, gutter, width) for ln in lines]
    paired = [ln for ln, side in zip(lines, sides) if side == "both"]
    slack = _COLUMN_GAP * width
    left_edge = max(w.x1 for ln in paired for w in ln.words if w.x1 <= gutter) + slack
    right_start = min(w.x0 for ln in paired for w in ln.words if w.x0 >= gutter) - slack
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line, side in zip(lines, sides):
        if (side == "across" or (side == "left" and line.words[-1].x1 > left_edge)
                or (side == "right" and line.words[0].x0 < right_start)):
            ordered += left + right + [line]
            left, right = [], []
            continue
        lw = [w for w in line.words if w.x1 <= gutter]
        rw = [w for w in line.words if w.x0 >= gutter]
        left += [Line(lw)] if lw else []
        right += [Line(rw)] if rw else []
    return ordered + left + right


def strip_page_furniture(pages: Sequence[list[Line]]) -> list[list[Line]]:
    """Pages without their running headers and footers (a line among the two topmost or
    bottommost of most pages, whatever column it sits in, page numbers folded) and
    without page-number lines at those edges."""
    def edges(lines: Sequence[Line]) -> list[Line]:
        by_y = sorted(lines, key=lambda ln: ln.top)
        return [*by_y[:_EDGE], *by_y[-_EDGE:]]

    counts = Counter(shape for lines in pages for shape in {_shape(ln.text) for ln in edges(lines)})
    repeated = {s for s, n in counts.items() if len(pages) >= 2 and n >= max(2, 0.6 * len(pages))}
    out = []
    for lines in pages:
        furniture = {id(ln) for ln in edges(lines)
                     if _shape(ln.text) in repeated or _PAGE_NUMBER.match(ln.text)}
        out.append([ln for ln in lines if id(ln) not in furniture])
    return out


def body_size(pages: Sequence[Sequence[Line]]) -> float:
    """The type size most of the document's letters are set in."""
    sizes = Counter[float]()
    for lines in pages:
        for ln in lines:
            sizes[ln.size] += sum(len(w.text) for w in ln.words)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _footnotes(lines: list[Line], body: float) -> tuple[list[Line], list[Line]]:
    """Split off the page's footnotes: the small-type lines below its last body-size line,
    the first of them opening with a note marker."""
    by_y = sorted(lines, key=lambda ln: ln.top)
    last_body = max((i for i, ln in enumerate(by_y) if ln.size >= 0.9 * body), default=-1)
    foot = by_y[last_body + 1:]
    if not foot or not _NOTE_MARK.match(foot[0].words[0].text):
        return lines, []
    keep = {id(ln) for ln in foot}
    return [ln for ln in lines if id(ln) not in keep], foot


def _heading_level(line: Line, body: float, larger: Sequence[float]) -> int | None:
    """A line's heading level (2 = a top section), or None for body text. A heading is
    short and does not end like a sentence; it is set larger than the body (a level per
    size, largest first), or bold, or numbered like a section ("2.", "2.1") — those come
    below the size levels, deeper by their numbering."""
    text = line.text.strip()
    if len(text.split()) > _HEADING_WORDS or text.endswith((".", ",", ";", ":")):
        return None
    if line.size > 1.1 * body and line.size in larger:
        return 2 + min(2, larger.index(line.size))
    numbered = _NUMBERED.match(text)
    if line.bold or numbered:
        depth = numbered.group(0).split()[0].rstrip(".").count(".") if numbered else 0
        return min(6, 2 + min(2, len(larger)) + depth)
    return None


def page_texts(pages: Sequence[Sequence[Word]], widths: Sequence[float]) -> list[str]:
    """Each page's text in reading order, as Markdown-like text: headings as ``#`` lines,
    paragraphs split where the spacing says so, a word hyphenated across a line end joined,
    running headers/footers and page numbers left out, footnotes after the page's body as
    "Footnote N: ..." paragraphs."""
    ordered = strip_page_furniture([reading_order(words, w) for words, w in zip(pages, widths)])
    body = body_size(ordered)
    larger = sorted({ln.size for lines in ordered for ln in lines
                     if ln.size > 1.1 * body and len(ln.text.split()) <= _HEADING_WORDS}, reverse=True)
    texts = []
    for lines in ordered:
        main, foot = _footnotes(lines, body)
        texts.append(_compose(main, body, larger) + _compose_notes(foot))
    return texts


def _compose(lines: Sequence[Line], body: float, larger: Sequence[float]) -> str:
    pitches = sorted(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top > a.top)
    pitch = pitches[len(pitches) // 2] if pitches else 0.0  # the page's usual line spacing
    out: list[str] = []
    previous: Line | None = None
    for i, line in enumerate(lines):
        level = _heading_level(line, body, larger)
        listed = (_NUMBERED.match(line.text) and line.size <= 1.1 * body and not line.bold
                  and any(_NUMBERED.match(x.text) for x in (*lines[max(0, i - 1):i], *lines[i + 1:i + 2])))
        if level is not None and not listed:
            out += ["", "#" * level + " " + line.text, ""]
        else:
            # A wider gap than the usual line spacing (or a new column) starts a paragraph.
            gap = previous is not None and not (0 < line.top - previous.top <= 1.3 * pitch)
            out += ["", line.text] if gap else [line.text]
        previous = line
    return join_hyphenation(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip())


def _compose_notes(lines: Sequence[Line]) -> str:
    notes: list[str] = []
    for line in lines:
        first, *rest = line.text.split(" ", 1)
        if _NOTE_MARK.match(first):
            notes.append(f"Footnote {first.rstrip('.)')}: {rest[0] if rest else ''}".rstrip())
        elif notes:
            notes[-1] += "\n" + line.text
    return "".join(f"\n\n{join_hyphenation(n)}" for n in notes)
