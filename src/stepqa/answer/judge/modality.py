"""Checks that a verb keeps its mood: an obligation is not a permission, and a deed done
is not one proposed or planned."""

from __future__ import annotations

import re
from collections.abc import Sequence

from stepqa.answer.judge.grammar import deed, mood
from stepqa.answer.judge.reading import SENTENCE_OR_ITEM, Text, content_words, word_stem
from stepqa.answer.judge.words import (
    CONDITION,
    DONE,
    ENCOURAGED,
    JUDGE_STOPWORDS,
    OBLIGATION,
    PERMISSION,
    PLANNING,
    PROPOSAL,
    PROPOSING,
    REQUESTED,
    TIME_UNITS,
)


def modality_clash(claim: Text, passage: Text) -> str | None:
    """An obligation for a permission (or back), a deed done for one proposed."""
    mine, theirs = set(claim.words), set(passage.words)
    if mine & OBLIGATION and theirs & PERMISSION and not theirs & OBLIGATION:
        return "the claim makes an obligation of what the passage permits"
    if mine & OBLIGATION - {"have"} and theirs & ENCOURAGED and not theirs & OBLIGATION:
        return "the claim makes an obligation of what the passage only encourages"
    if mine & PERMISSION and theirs & OBLIGATION and not theirs & PERMISSION:
        return "the claim makes a permission of what the passage requires"
    proposal = _proposes(passage)
    # the claim's own proposing words, not a verb a proposal may open with: "has set up a
    # fund" is a deed; "has to" an obligation
    done = {w for w, after in zip(claim.words, [*claim.words[1:], ""]) if w in DONE and after != "to"}
    if proposal and done and not theirs & DONE and not mine & PROPOSING and not _reports(passage, claim):
        return "the claim says it has been done; the passage proposes it"
    return None


def _reports(passage: Text, claim: Text) -> bool:
    """Does the passage report as done (a bare past form after its subject) a verb the claim
    uses? One that plans a step and reports another ("approved the line in March, but
    construction will not start before ...") proposes the planned step, not the reported one."""
    said = {word_stem(w) for w in content_words(claim.words)}
    return any(deed(passage.words, k) and word_stem(v) in said for k, v in enumerate(passage.words))


def _proposes(passage: Text) -> bool:
    """A passage that proposes, plans or weighs a step: it says so, or it opens with a bare imperative
    ("Establish a national control tower ..."), or one of its sentences or list items
    does (a heading and its bullets: "... - Introduce a long-term operation system")."""
    first = passage.words[0] if passage.words else ""
    return bool(set(passage.words) & PLANNING) or first in PROPOSAL or bool(passage.imperatives)


# Moods a claim may not give a verb the passage marks otherwise: (claim's, passage's).
MOOD_CLASHES = {
    ("done", "proposal"): "the claim says '{w}' has happened; the passage plans or proposes it",
    ("done", "permission"): "the claim says '{w}' has happened; the passage says it may",
    ("proposal", "done"): "the claim puts '{w}' in the future; the passage says it has happened",
    ("proposal", "permission"): "the claim says '{w}' will happen; the passage says only that it may",
    ("obligation", "permission"): "the claim makes '{w}' an obligation; the passage permits it",
    ("permission", "obligation"): "the claim makes '{w}' a permission; the passage requires it",
    ("obligation", "done"): "the claim makes '{w}' an obligation; the passage says it has happened",
    ("permission", "proposal"): "the claim says only that '{w}' may happen; the passage says it will",
}


def mood_clash(claim: Text, passage: Text) -> str | None:
    """A verb both texts use, marked differently: "has eased" for "should ease", "may
    screen" for "must screen", "will tighten" for "tightened". A bare past form in the
    passage ("the council expanded") counts as done; the passage's opening imperative
    ("Establish a ...") and any sentence or list item opening so, and a verb others are
    asked to do ("have been asked to create"), as a proposal."""
    for i, w in enumerate(claim.words):
        if w in JUDGE_STOPWORDS:
            continue
        mine = mood(claim.words, i) or ("done" if deed(claim.words, i) else None)
        if mine is None:
            continue
        root = word_stem(w)
        bare = "proposal" if root in passage.imperatives else None
        theirs = [mood(passage.words, k) or ("proposal" if k == 0 or _requested(passage.words, k)
                                              else "done" if deed(passage.words, k) else bare)
                  for k, v in enumerate(passage.words) if word_stem(v) == root]
        if theirs and all((mine, t) in MOOD_CLASHES for t in theirs):
            return MOOD_CLASHES[(mine, theirs[0])].format(w=w)  # type: ignore[index]
    return None


def _requested(words: Sequence[str], k: int) -> bool:
    """``words[k]`` is what someone is asked, urged or expected to do ("asked to create")."""
    return k >= 2 and words[k - 1] == "to" and words[k - 2] in REQUESTED


# Where a sentence goes on to another statement, at any "and" (roles.py's _JOINED parts only
# at ", and"); "if they wish" grants, it does not bind.
_NEXT_STATEMENT = re.compile(r",?\s+and\s+|;|,\s+(?:which|while|but)\s+")
_WISH = re.compile(r"^if (?:they|it|he|she|you|we|one) (?:so )?(?:wish|wishes|want|wants|choose|"
                   r"chooses|like|likes)\b", re.IGNORECASE)


_WHEN_WORDS = frozenset(("next", "last", "this", "coming", "following", *TIME_UNITS,
                         *(u + "s" for u in TIME_UNITS)))


def dropped_condition(claim: Text, passage: Text) -> str | None:
    """A condition the passage sets that the claim leaves out: "Brask will fund a second
    telescope" where it does so "only if its partners pay half the cost". Read in the
    sentence of the passage that holds most of the claim's words."""
    if CONDITION.search(claim.raw):
        return None
    mine = {word_stem(w) for w in content_words(claim.words)}
    # the statement the claim restates: a condition on the next one ("... in three provinces
    # and may be extended if ...") does not bind it
    pieces = [Text.of(x) for sentence in SENTENCE_OR_ITEM.split(passage.raw)
              for x in _NEXT_STATEMENT.split(sentence) if x and x.strip()]
    if not pieces or not mine:
        return None
    shared = [len(mine & t.stems) for t in pieces]
    held = max(shared)
    closest = [t for t, n in zip(pieces, shared, strict=True) if n == held]
    best = closest[0]
    condition = CONDITION.search(best.raw)
    if condition is None or 2 * held < len(mine) or _WISH.match(best.raw[condition.start():]):
        return None
    if any(not CONDITION.search(t.raw) for t in closest):
        return None  # as close to a statement the condition does not bind
    said = best.raw[condition.start():].split(",")[0].rstrip(" .")
    # a time in the condition ("if next year's budget allows") is not the condition itself
    rest = {word_stem(w) for w in content_words(Text.of(said).words)
            if w.removesuffix("'s") not in _WHEN_WORDS} - {"condit", "provid"}
    if rest & mine:
        return None  # the claim speaks of the condition in its own words
    return f"the passage sets a condition the claim leaves out: '{said}'"
