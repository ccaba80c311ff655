"""The structure around answer sentences: which sentence is a heading (and how deep), which
opens a list item, and what follows what in the document. The extractive answerer uses it
to answer "the five suggestions" with five items, and never to quote a bare heading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from stepqa.answer import Evidence
from stepqa.answer.evidence import masthead, mentions
from stepqa.passages import Block, heading_key, parse_blocks
from stepqa.question import (
    PROPOSAL_HEADS,
    Question,
    calls_the_document,
    heads_proposals,
    names_a_kind_of_named_thing,
)
from stepqa.retrieve import Hit
from stepqa.text import content_terms, stem, words

# A lead-in names what its list holds within its first (heading) or last (colon) words.
_NAMING_WORDS = 3
# A counted list whose lead-in the question does not name answers it only when one of its
# lines is within this much support of the best sentence found.
LIST_MARGIN = 0.15
OVERVIEW_LINES = 12  # most lines of an answer to "Summarise the report"
MOST_SENTENCES = 12  # most sentences of any extractive answer


@dataclass(frozen=True)
class Line:
    """A sentence of the answer's document in reading order, with its structural role."""

    evidence: Evidence
    kind: str  # "heading", "item" (opens a list item), "more" (goes on with one), "para"
    level: int  # headings: depth in the passage's heading path (0 is the top); others 99


def outline(hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Line]:
    """Every scored sentence of one document's hits in reading order, with its role."""
    items: dict[int, int] = {}  # where each list item starts -> where it ends
    for hit in hits:
        p = hit.passage
        blocks = _blocks(p.text)
        cut = _cut_inside_a_list(hit, blocks)
        items |= {p.start + b.start: p.start + b.end for i, b in enumerate(blocks)
                  if b.kind == "item" or (i == 0 and cut)}
    lines = []
    seen: set[tuple[int, int]] = set()
    for ev in sorted(evidence, key=lambda e: e.start):
        if (ev.start, ev.end) in seen:
            continue
        seen.add((ev.start, ev.end))
        depth = heading_depth(ev, hits[ev.hit])
        if depth is not None:
            lines.append(Line(ev, "heading", depth))
        elif ev.start in items:
            lines.append(Line(ev, "item", 99))
        else:  # a later sentence of an item is part of it, not a paragraph after the list
            inside = any(s < ev.start < e for s, e in items.items())
            lines.append(Line(ev, "more" if inside else "para", 99))
    return lines


@functools.lru_cache(maxsize=1024)
def _blocks(text: str) -> tuple[Block, ...]:
    """A passage's blocks. Cached: the refusal check and the answerer each read the outline
    of the same passages for a list question, and parsing Markdown is the costly part."""
    return tuple(parse_blocks(text))


def _cut_inside_a_list(hit: Hit, blocks: Sequence[Block]) -> bool:
    """Does this passage open in the middle of a list? Passages are cut between blocks and
    start at a block's text, so an item that opens a passage has lost its bullet: a
    passage that continues a section and opens with a paragraph followed by items (and
    not introducing them with a colon) opens with an item."""
    p = hit.passage
    return (p.index > 0 and bool(p.heading_path) and len(blocks) > 1 and blocks[0].start == 0
            and blocks[0].kind == "para" and blocks[1].kind == "item"
            and not p.text[blocks[0].start:blocks[0].end].rstrip().endswith(":"))


def heading_depth(ev: Evidence, hit: Hit) -> int | None:
    """Where ``ev`` stands in its passage's heading path (0 is the top), or None when it is
    not a heading. Depth, unlike a parsed level, is the same in every passage of a section.
    A heading further down the passage (a short text can hold several sections) is placed
    by its Markdown level against one of the path's headings that the passage also holds,
    or else just below the path."""
    key = heading_key(ev.text)
    path = hit.passage.heading_path
    depth = next((i for i, h in enumerate(path) if heading_key(h) == key), None)
    if depth is not None:
        return depth
    inner = [b for b in _blocks(hit.passage.text) if b.kind == "heading"]
    this = next((b for b in inner if hit.passage.start + b.start == ev.start), None)
    if this is None:
        return None
    keys = [heading_key(h) for h in path]
    anchor = next(((b.level, keys.index(heading_key(b.title))) for b in inner
                   if heading_key(b.title) in keys), None)
    if anchor is not None:
        return max(0, anchor[1] + this.level - anchor[0])
    return len(path) + this.level - min(b.level for b in inner)


def is_heading(ev: Evidence, hits: Sequence[Hit]) -> bool:
    """Is ``ev`` one of its passage's headings? (A heading is never an answer on its own.)"""
    return heading_depth(ev, hits[ev.hit]) is not None


def asked_section(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """The sentences of the section a question asks about by its heading, in reading order,
    from the best-ranked document that has it: one it quotes ('What does the Orchard Water
    Rules say about "Current situation"?', as the chat offers), or one whose heading says
    just what the question says ("What are the next steps?" and "## Next steps"); [] when
    it names none."""
    wanted = {_plain(q) for q in asked.quoted}
    said = {stem(w) for w in asked.content if not calls_the_document(w)}

    def asks_for(heading: str) -> bool:
        return _plain(heading) in wanted or (
            not asked.quoted and bool(said) and said == {stem(w) for w in content_terms(heading)})

    found = [i for i, h in enumerate(hits)
             if h.passage.heading_path and asks_for(h.passage.heading_path[-1])]
    if not found:
        return []
    doc = hits[found[0]].doc.doc_id
    inside = {i for i in found if hits[i].doc.doc_id == doc}
    # A short text can hold the next section in the same passage: stop at its heading.
    sentences = sorted((ev for ev in evidence if ev.hit in inside),
                       key=lambda e: (hits[e.hit].passage.index, e.start))
    out: list[Evidence] = []
    for ev in sentences:
        if is_heading(ev, hits):
            if out:
                break
            continue
        out.append(ev)
    return out[:MOST_SENTENCES]


def _plain(heading: str) -> str:
    """A heading without its numbering, case or extra spaces ("2. Funding" -> "funding")."""
    return " ".join(re.sub(r"^[\dIVXivx]+[.)]\s*", "", heading.strip()).lower().split())


def mentioning(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """``mentions`` without headings: "What does the document say about the current
    situation?" is not answered by the heading "Current situation" alone."""
    return [ev for ev in mentions(asked, evidence) if not is_heading(ev, hits)]


def children(lines: Sequence[Line], lead: int) -> list[Line]:
    """The items of the list that ``lines[lead]`` introduces: its sub-headings at the first
    level below it when it has any, else the list items that follow it; up to the next
    heading at its own level or above."""
    head = lines[lead]
    level = head.level if head.kind == "heading" else 99
    under: list[Line] = []
    for line in lines[lead + 1:]:
        if line.kind == "heading" and line.level <= level:
            break
        if head.kind != "heading" and line.kind == "heading":
            break  # a colon lead-in's list ends at the next heading
        if head.kind != "heading" and line.kind == "para" and any(x.kind == "item" for x in under):
            break  # ... or at the first paragraph after its items
        under.append(line)
    subheadings = [x for x in under if x.kind == "heading"]
    if subheadings:
        top = min(x.level for x in subheadings)
        return [x for x in subheadings if x.level == top]
    return [x for x in under if x.kind == "item"]


def _introduces(line: Line, wanted: str) -> bool:
    """Does ``line`` introduce a list of what the stem ``wanted`` names — a heading that opens
    with it ("Suggestions for ..."), or a line ending in a colon that closes with it?"""
    said = [stem(w.lower()) for w in words(line.evidence.text)]
    if line.kind == "heading":
        return wanted in said[:_NAMING_WORDS]
    return line.evidence.text.rstrip().endswith(":") and wanted in said[-_NAMING_WORDS:]


def nth_item(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """For "the second suggestion", "measure 4", "the last step": that item of the list
    introduced as suggestions (measures, steps), with the items under it when it heads a
    list of its own; [] when no list is introduced so."""
    if not asked.ordinal:
        return []
    place, nouns = asked.ordinal
    lines = outline(hits, evidence)
    for noun in nouns:  # most likely first
        wanted = stem(noun)
        best: tuple[float, list[Line]] | None = None
        for i, line in enumerate(lines):
            items = children(lines, i) if _introduces(line, wanted) else []
            if len(items) >= max(2, place) and (best is None or line.evidence.support > best[0]):
                best = (line.evidence.support, items)
        if best:
            item = best[1][place - 1 if place > 0 else -1]
            under = children(lines, lines.index(item)) if item.kind == "heading" else []
            return [item.evidence, *(x.evidence for x in under)]
    return []


def _best_list(lines: Sequence[Line], leads: Callable[[Line], bool],
               sized: Callable[[int], bool]) -> list[Evidence]:
    """Among the lists whose lead-in ``leads`` accepts and whose number of items ``sized``
    accepts, the best-supported one (its lead-in's support plus its best item's): lead-in
    first, then its items; [] if none."""
    best: tuple[float, list[Evidence]] | None = None
    for i, line in enumerate(lines):
        if not leads(line):
            continue
        items = children(lines, i)
        if not sized(len(items)):
            continue
        score = line.evidence.support + max(x.evidence.support for x in items)
        if best is None or score > best[0]:
            best = (score, [line.evidence, *(x.evidence for x in items)])
    return best[1] if best else []


def list_introduced_as(lines: Sequence[Line], noun: str) -> list[Evidence]:
    """For "how many suggestions ...?" when no sentence states the number: the list whose
    lead-in names what is counted as what it introduces — a heading that opens with it
    ("Suggestions for ..."), or a line ending in a colon that closes with it ("... five
    measures:") — with its items (their count is the answer). The best-supported such
    list, lead-in first; [] if none."""
    wanted = stem(noun.lower())
    return _best_list(lines, lambda line: _introduces(line, wanted), lambda n: n >= 2)


def proposals_list(asked: Question, hits: Sequence[Hit],
                   evidence: Sequence[Evidence]) -> list[Evidence]:
    """For "What does the report propose?": the list a heading or lead-in introduces as the
    document's suggestions, recommendations, proposals or measures — the best-supported
    one, lead-in first; [] if none (or the question asks something narrower)."""
    if not asked.proposals:
        return []
    lines = outline(hits, evidence)
    found = _best_list(lines, lambda line: any(_introduces(line, w) for w in PROPOSAL_HEADS),
                       lambda n: n >= 2)
    if found:
        return found
    # A one-word heading ("Proposals") is too short to cite: the items right under it.
    under = [line.evidence for line in lines if line.kind == "item"
             and heads_proposals((hits[line.evidence.hit].passage.heading_path or ("",))[-1])]
    return under if len(under) >= 2 else []


def overview(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """For "Summarise the report" or "What is it about?": the document read in its own
    order, each section by its first sentence (not a heading, not a title-block line), and
    its proposals as a list (lead-in and items) where it has one; at most ``OVERVIEW_LINES``
    lines. Every line is a verbatim sentence of the document, as in any answer."""
    if not asked.overview or not hits:
        return []
    proposals = proposals_list(replace(asked, proposals=True), hits, evidence)
    chosen = list(proposals)
    seen: set[tuple[str, ...]] = set()
    for line in outline(hits, evidence):
        hit = hits[line.evidence.hit]
        path = hit.passage.heading_path
        if (line.kind == "heading" or path in seen
                or (proposals and any(heads_proposals(h) for h in path))
                or (hit.passage.index == 0 and masthead(line.evidence.text, hit.doc))):
            continue
        seen.add(path)
        chosen.append(line.evidence)
    return sorted(chosen, key=lambda ev: ev.start)[:OVERVIEW_LINES]


def counted_list(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """For "the N ...": the lead-in and items of the list with exactly N items whose
    lead-in (a heading, or a line ending in a colon) best matches the question — if its
    lead-in names something the question says, or one of its lines is about as close to
    the question as the best sentence found. Otherwise [] and the question is answered as
    any other: "Which two nations are given as examples?" by the sentence that names two,
    not by whichever two-item list scores least badly. Things known by name ("Which two
    countries ...?") are counted only in a list whose lead-in calls them so: a list of
    two steps close to the question's topic holds no countries."""
    if not asked.count:
        return []
    found = _best_list(outline(hits, evidence),
                       lambda line: line.kind == "heading" or line.evidence.text.rstrip().endswith(":"),
                       lambda n: n == asked.count)
    if not found:
        return []
    if _named_by(asked, found[0]):
        return found
    best = max((ev.support for ev in evidence), default=0.0)
    if not names_a_kind_of_named_thing(asked.listed) and (
            max(ev.support for ev in found) >= best - LIST_MARGIN):
        return found
    return []


# Words for the same kind of list item: "List the problems" is asked of a section on issues.
_LIST_KINDS = [PROPOSAL_HEADS, *(frozenset(stem(w) for w in group.split()) for group in (
    "problem issue challenge difficulty obstacle weakness limitation shortcoming barrier",
    "goal objective aim target",
    "cause reason factor driver",
))]


def named_list(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> list[Evidence]:
    """For "List the problems ..." (no number given): the best-supported list of two or more
    items whose lead-in (a heading, or a line ending in a colon) or whose section's heading
    names what is listed, by its word or one for the same kind of item ("issues" for
    "problems"); [] if none, and the question is answered as any other."""
    if asked.kind != "list" or asked.count or not asked.listed:
        return []
    wanted = {stem(asked.listed)}
    wanted |= next((group for group in _LIST_KINDS if wanted & group), frozenset())

    def leads(line: Line) -> bool:
        if line.kind != "heading" and not line.evidence.text.rstrip().endswith(":"):
            return False
        said = [line.evidence.text, *hits[line.evidence.hit].passage.heading_path]
        return bool(wanted & {stem(w.lower()) for text in said for w in words(text)})

    return _best_list(outline(hits, evidence), leads, lambda n: n >= 2)


def _named_by(asked: Question, lead_in: Evidence) -> bool:
    """Does the lead-in name what the question counts ("the five suggestions":
    "Suggestions for Measures ...")? A topic word the two share is not enough: "Which two
    states run night ferries?" is not asked of "Two tasks for the ferry board"."""
    said = {stem(w.lower()) for w in words(lead_in.text)}
    if asked.listed:
        return stem(asked.listed) in said
    return bool({stem(w) for w in asked.content} & said)


def names_a_counted_list(asked: Question, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> bool:
    """Is there a list of exactly the asked-for number of items whose lead-in names what the
    question asks about ("the five suggestions": "Suggestions for Measures ...", five items)?
    Such a question is answerable however loosely its few words match any one sentence."""
    found = counted_list(asked, hits, evidence)
    return bool(found) and _named_by(asked, found[0])
