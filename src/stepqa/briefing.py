"""A briefing being assembled in the workbench: chosen excerpts in order, kept as
Citations, and its export to Markdown or DOCX. Pure state changes; the UI renders them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from stepqa.citations import Citation
from stepqa.render import render_briefing_markdown, write_briefing_docx


def add(items: Sequence[Citation], found: Sequence[Citation], picked: Sequence[int]) -> list[Citation]:
    """``items`` with the picked excerpts of ``found`` appended, each span at most once."""
    keys = {(c.doc_id, c.start, c.end) for c in items}
    out = list(items)
    for i in sorted(picked):
        c = found[i]
        if (c.doc_id, c.start, c.end) not in keys:
            keys.add((c.doc_id, c.start, c.end))
            out.append(c)
    return out


def move(items: Sequence[Citation], which: int | None, step: int) -> tuple[list[Citation], int | None]:
    """Swap item ``which`` with its neighbour ``step`` away; returns the new list and position."""
    out = list(items)
    if which is not None and 0 <= which < len(out) and 0 <= which + step < len(out):
        out[which], out[which + step] = out[which + step], out[which]
        which += step
    return out, which


def remove(items: Sequence[Citation], which: int | None) -> list[Citation]:
    return [c for i, c in enumerate(items) if i != which]


def export(items: Sequence[Citation], heading: str, kind: str) -> Path | None:
    """Write the briefing to a fresh temporary folder as ``briefing.md`` or ``.docx``."""
    if not items:
        return None
    folder = Path(tempfile.mkdtemp(prefix="stepqa-briefing-"))
    if kind == "docx":
        return write_briefing_docx(heading, list(items), folder / "briefing.docx")
    path = folder / "briefing.md"
    path.write_text(render_briefing_markdown(heading, list(items)), encoding="utf-8")
    return path
