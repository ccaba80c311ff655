"""The default backend: answer with the retrieved sentences that best match the question.

No model generates text, so every answer sentence is a verbatim quote by construction;
the work is in choosing sentences. A chosen sentence that introduces a list — a heading
of its passage, or a lead-in ending with a colon — brings the list's items with it, each
quoted and cited on its own: "What are the five suggestions?" is best matched by the
line that announces them, but answered by what follows it. A heading the question
already says is not quoted back, and a question that quotes a section's heading ('What
does it say about "Funding"?', as the chat's examples ask) is answered with that
section's sentences in reading order.
Offline, deterministic, milliseconds per question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stepqa.answer import Draft, DraftSentence, Evidence
from stepqa.answer.evidence import NEAR, giving, says_name
from stepqa.answer.outline import (
    MOST_SENTENCES,
    asked_section,
    counted_list,
    heading_depth,
    is_heading,
    list_introduced_as,
    mentioning,
    named_list,
    nth_item,
    outline,
    overview,
    proposals_list,
)
from stepqa.config import Settings
from stepqa.passages import table_headers
from stepqa.question import Question, analyse, names_document, of_named_document
from stepqa.retrieve import Hit
from stepqa.text import content_terms, numbers_in, stem, words

# Most items a list lead-in brings with it, and most sentences in one answer.
_LIST_ITEMS = 8
_FACT_LINES = 3  # most lines of a title block quoted for one question about the publication
_SIDES, _PER_SIDE = 3, 2  # a comparison: most documents, and sentences from each
_MENTIONS = 4  # most sentences quoted for "what does it say about <name>?"


class ExtractiveBackend:
    name = "extractive"
    version = "6"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence],
                 asked: Question | None = None) -> Draft:
        if asked is None:
            asked, _ = of_named_document(analyse(question), {
                (h.doc.doc_id, h.doc.title, h.doc.publisher) for h in hits})
        chosen = (_facts(asked, evidence) or nth_item(asked, hits, evidence)
                  or counted_list(asked, hits, evidence) or named_list(asked, hits, evidence)
                  or proposals_list(asked, hits, evidence)[:1 + _LIST_ITEMS]
                  or overview(asked, hits, evidence)
                  or self._counted(asked, hits, evidence) or self._sides(asked, hits, evidence)
                  # names: where each is mentioned; a topic: as many as any answer's sentences
                  or mentioning(asked, hits, evidence)[
                      :_MENTIONS if asked.names else self.settings.max_answer_sentences]
                  or asked_section(asked, hits, evidence) or self._best(asked, hits, evidence))
        return Draft(
            sentences=tuple(DraftSentence(ev.text, (ev,), ev.support) for ev in chosen),
            backend=self.name,
            version=self.version,
        )

    def _best(self, asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
        """The best sentences (those that fit what is asked, when it asks for a name, date or
        number), each with the list it introduces; for why/how, with its neighbours."""
        pool = giving(asked, evidence, self.settings.support_floor) if asked.wants else list(evidence)
        # A sentence that says the question's numbers ("... in 2023?") before one that does
        # not, however close the latter's words ("The budget for 2025 is ...").
        pool.sort(key=lambda ev: not _says_all(ev.text, asked.numbers))
        chosen: list[Evidence] = []
        if pool:
            # sentences NEAR the best are also worth showing: a list question is answered
            # by several bullets of about equal relevance
            floor = max(self.settings.support_floor, pool[0].support - NEAR)
            chosen = [ev for ev in pool if ev.support >= floor]
        sentences: list[Evidence] = []
        seen: set[str] = set()

        def add(ev: Evidence) -> None:
            if _key(ev) not in seen and len(sentences) < MOST_SENTENCES:
                seen.add(_key(ev))
                sentences.append(ev)

        picked = 0
        for ev in chosen:  # best first
            if picked == self.settings.max_answer_sentences:
                break
            if _key(ev) in seen:
                continue
            # Only the best match brings the list it introduces: a lead-in that merely
            # scores well would fill the answer with items nobody asked about.
            items = (_rows(ev, evidence, asked) or list_items(ev, hits, evidence)) if picked == 0 else []
            if is_heading(ev, hits) and not items:
                continue  # a heading is never an answer on its own
            if picked > 0 and ev.text.rstrip().endswith(":"):
                continue  # nor a lead-in without its list
            picked += 1
            if header := _table_header(ev, evidence):
                add(header)  # a row of figures means nothing without its column names
            if not (items and is_heading(ev, hits) and _restates(ev.text, asked)):
                add(ev)  # a heading the question already says would only repeat it
            for item in items:
                add(item)
        if sentences and (after := _continued(sentences[0], evidence)) and _key(after) not in seen:
            sentences.insert(1, after)  # "For this, advancing ... is necessary." goes on from it
            seen.add(_key(after))
            del sentences[MOST_SENTENCES:]  # it takes the place of the last, not one more
        # ("How long ...?" asks for a length of time, not how something is done)
        if asked.kind in {"why", "how"} and not asked.wants and sentences:
            for ev in _neighbours(sentences[0], hits, evidence, floor=self.settings.support_floor):
                add(ev)
            head, rest = sentences[:1], sentences[1:]
            sentences = head + sorted(rest, key=lambda e: (e.hit, e.start))
        return sentences


    def _counted(self, asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
        """"How many X?" that no sentence answers with a number: the list of the X."""
        if not asked.measure or any(ev.fits and ev.support >= self.settings.support_floor
                                    for ev in evidence):
            return []
        return list_introduced_as(outline(hits, evidence), asked.measure)[:1 + _LIST_ITEMS]

    def _sides(self, asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
        """For a comparison: each matching document's best sentences (at most
        ``_PER_SIDE``), document by document in retrieval's document vote."""
        if asked.kind != "compare":
            return []
        by_doc: dict[str, list[Evidence]] = {}
        for ev in evidence:  # best first
            if ev.support >= self.settings.support_floor and not is_heading(ev, hits):
                by_doc.setdefault(hits[ev.hit].doc.doc_id, []).append(ev)
        docs = {h.doc.doc_id: h.doc for h in hits}
        asked_for = [d for d in by_doc if names_document(asked, docs[d].title, docs[d].publisher)]
        if len(asked_for) >= 2:  # the documents the question names, not every match
            by_doc = {d: by_doc[d] for d in asked_for}
        if len(by_doc) < 2:  # one document: its sentences on each side the question names
            return self._named_sides(asked, [ev for evs in by_doc.values() for ev in evs])
        order = sorted(by_doc, key=lambda d: min(h.doc_rank for h in hits if h.doc.doc_id == d))
        return [ev for d in order[:_SIDES] for ev in by_doc[d][:_PER_SIDE]]

    @staticmethod
    def _named_sides(asked: Question, able: Sequence[Evidence]) -> list[Evidence]:
        """"How does the report contrast the US with Korea?" in one document: the best
        sentences (at most ``_PER_SIDE``) that say each side, side by side; [] unless every
        side named is said (then it is answered as any other question)."""
        if len(asked.names) < 2:
            return []
        sides = [[ev for ev in able if says_name(ev.text, name)][:_PER_SIDE] for name in asked.names]
        if not all(sides):
            return []
        return list({(ev.hit, ev.start): ev for side in sides for ev in side}.values())


def _says_all(text: str, numbers: Sequence[str]) -> bool:
    return bool(numbers) and set(numbers) <= set(numbers_in(text))


def _table_header(row: Evidence, evidence: Sequence[Evidence]) -> Evidence | None:
    """The first row (the column names) of the table ``row`` is in, when ``row`` is a later
    row of it; else None."""
    return table_headers(evidence, lambda ev: ev.hit).get((row.hit, row.start))


def _rows(header: Evidence, evidence: Sequence[Evidence], asked: Question) -> list[Evidence]:
    """For a table's header row: the rows below it that hold one of the question's numbers
    or names ("| 2024 | 14.0 | 165 |" for "How many fellows were funded in 2024?"), in
    reading order; [] for any other sentence, or when no row holds one."""
    wanted = {t.lower() for t in (*asked.numbers, *asked.names)}
    headers = table_headers(evidence, lambda ev: ev.hit)
    below = sorted((ev for ev in evidence if headers.get((ev.hit, ev.start)) is header),
                   key=lambda ev: ev.start)
    return [ev for ev in below if wanted & ({w.lower() for w in words(ev.text)} | set(numbers_in(ev.text)))]


def _facts(asked: Question, evidence: Sequence[Evidence]) -> list[Evidence]:
    """For a question about the publication itself: the lines of its opening passage that
    hold what is asked (authors, date, volume, title...), in reading order."""
    if not asked.facet:
        return []
    return sorted((ev for ev in evidence if ev.fits), key=lambda e: (e.hit, e.start))[:_FACT_LINES]


def _around(ev: Evidence, evidence: Sequence[Evidence]) -> tuple[Evidence | None, Evidence | None]:
    """The sentences just before and just after ``ev`` in its passage (None for none, and
    for both when ``ev`` is not among ``evidence``)."""
    same = sorted((e for e in evidence if e.hit == ev.hit), key=lambda e: e.start)
    at = next((i for i, e in enumerate(same) if e.start == ev.start), None)
    if at is None:
        return None, None
    return same[at - 1] if at else None, same[at + 1] if at + 1 < len(same) else None


def _neighbours(ev: Evidence, hits: Sequence[Hit], evidence: Sequence[Evidence],
                floor: float) -> list[Evidence]:
    """The sentences just before and after ``ev`` in its passage, if they are on topic."""
    return [e for e in _around(ev, evidence) if e is not None and e.support >= floor
            and not e.text.rstrip().endswith(":") and not is_heading(e, hits)]


# A sentence that opens by pointing back at the one before it goes on from it: "For this,
# advancing the cooperation system is necessary" says what the sentence before needs.
_GOES_ON = re.compile(r"^\s*(?:for\s+(?:this|that)|to\s+(?:this|that)\s+end|to\s+do\s+(?:so|this)|"
                      r"to\s+achieve\s+(?:this|that)|in\s+this\s+(?:aspect|regard|respect|way)|"
                      r"for\s+this\s+(?:reason|purpose))\s*,", re.IGNORECASE)


def _continued(ev: Evidence, evidence: Sequence[Evidence]) -> Evidence | None:
    """The sentence right after ``ev`` in its passage, when it opens by pointing back at it
    (``_GOES_ON``); else None."""
    _, after = _around(ev, evidence)
    return after if after is not None and _GOES_ON.match(after.text) else None


def _restates(heading: str, asked: Question) -> bool:
    """Every word of the heading is in the question ('What does it say about "Current
    situation"?', "... about the current situation?"), numbering aside."""
    said = {stem(w) for w in content_terms(heading)}
    return bool(said) and said <= {stem(w) for w in asked.content}


def _key(ev: Evidence) -> str:
    """What two sentences are compared by: the same words, whatever the case or spacing."""
    return " ".join(ev.text.lower().split())


def list_items(lead: Evidence, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """The sentences that follow ``lead`` when it introduces a list (a lead-in ending with
    a colon, or a heading), up to the next heading at the same or a higher level; in
    document order, at most ``_LIST_ITEMS``. A list that runs on into the document's next
    passage is followed there when that passage was retrieved too."""
    hit = hits[lead.hit]
    level = heading_depth(lead, hit)
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
            other = heading_depth(ev, here)
            if (other is not None and other <= depth) or len(items) == _LIST_ITEMS:
                return items
            items.append(ev)
        # Go on into the next passage only if it was retrieved and is the same section.
        position = following.get((here.doc.doc_id, here.passage.index + 1))
        if position is not None and hits[position].passage.heading_path != hit.passage.heading_path:
            position = None
        after = 0
    return items
