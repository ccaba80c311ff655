"""The default backend: answer with the retrieved sentences that best match the question.

No model generates text, so every answer sentence is a verbatim quote by construction;
the work is in choosing sentences. A chosen sentence that introduces a list — a heading
of its passage, or a lead-in ending with a colon — brings the list's items with it, each
quoted and cited on its own: "What are the five suggestions?" is best matched by the
line that announces them, but answered by what follows it.
Offline, deterministic, milliseconds per question.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepqa.answer import Draft, DraftSentence, Evidence
from stepqa.config import Settings
from stepqa.passages import heading_key
from stepqa.retrieve import Hit

# Sentences within this much similarity of the best one are also worth showing:
# a list question is answered by several bullets of about equal relevance.
_RELATIVE_MARGIN = 0.10
# Most items a list lead-in brings with it, and most sentences in one answer.
_LIST_ITEMS = 8
_MOST_SENTENCES = 12


class ExtractiveBackend:
    name = "extractive"
    version = "2"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> Draft:
        chosen: list[Evidence] = []
        if evidence:
            floor = max(self.settings.min_support, evidence[0].support - _RELATIVE_MARGIN)
            chosen = [ev for ev in evidence if ev.support >= floor]
        sentences: list[Evidence] = []
        seen: set[str] = set()

        def add(ev: Evidence) -> None:
            if _key(ev) not in seen and len(sentences) < _MOST_SENTENCES:
                seen.add(_key(ev))
                sentences.append(ev)

        picked = 0
        for ev in chosen:  # best first
            if picked == self.settings.max_answer_sentences:
                break
            if _key(ev) in seen:
                continue
            picked += 1
            add(ev)
            for item in list_items(ev, hits, evidence):
                add(item)
        return Draft(
            sentences=tuple(DraftSentence(ev.text, (ev,), ev.support) for ev in sentences),
            backend=self.name,
            version=self.version,
        )


def _key(ev: Evidence) -> str:
    """What two sentences are compared by: the same words, whatever the case or spacing."""
    return " ".join(ev.text.lower().split())


def _heading_level(ev: Evidence, hit: Hit) -> int | None:
    """The depth of the heading ``ev`` is, in its passage's heading path, or None."""
    key = heading_key(ev.text)
    for level, heading in enumerate(hit.passage.heading_path):
        if heading_key(heading) == key:
            return level
    return None


def list_items(lead: Evidence, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """The sentences that follow ``lead`` when it introduces a list (a lead-in ending with
    a colon, or a heading), up to the next heading at the same or a higher level; in
    document order, at most ``_LIST_ITEMS``. A list that runs on into the document's next
    passage is followed there when that passage was retrieved too."""
    hit = hits[lead.hit]
    level = _heading_level(lead, hit)
    if level is None and not lead.text.rstrip().endswith(":"):
        return []
    depth = len(hit.passage.heading_path) if level is None else level
    following = {(h.doc.doc_id, h.passage.index): i for i, h in enumerate(hits)}
    items: list[Evidence] = []
    position: int | None = lead.hit
    after = lead.end
    while position is not None:
        here = hits[position]
        for ev in sorted((e for e in evidence if e.hit == position and e.start >= after),
                         key=lambda e: e.start):
            other = _heading_level(ev, here)
            if (other is not None and other <= depth) or len(items) == _LIST_ITEMS:
                return items
            items.append(ev)
        # Go on into the next passage only if it was retrieved and is the same section.
        position = following.get((here.doc.doc_id, here.passage.index + 1))
        if position is not None and hits[position].passage.heading_path != hit.passage.heading_path:
            position = None
        after = 0
    return items
