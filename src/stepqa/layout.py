"""What a printed page adds to its text and a reader ignores: running headers and footers,
page numbers, words hyphenated across a line end; and the date a cover states. Used by the
PDF reader (documents.py) on the text each page yields, before offsets are fixed, so that
quotes stay verbatim to the text stepqa extracted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

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


def strip_furniture(pages: Sequence[str]) -> list[str]:
    """Pages without their running headers and footers (a line among the first or last
    two of most pages, page numbers folded) and without page-number lines."""
    split = [page.splitlines() for page in pages]
    edges = Counter(
        shape for lines in split
        for shape in {_shape(x) for x in (*lines[:_EDGE], *lines[-_EDGE:]) if x.strip()}
    )
    repeated = {s for s, n in edges.items() if len(pages) >= 2 and n >= max(2, 0.6 * len(pages))}
    out = []
    for lines in split:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < _EDGE or i >= len(lines) - _EDGE
            if at_edge and (_shape(line) in repeated or _PAGE_NUMBER.match(line)):
                continue
            keep.append(line)
        out.append("\n".join(keep).strip())
    return out


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
