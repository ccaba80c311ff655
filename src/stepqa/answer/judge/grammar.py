"""Just enough grammar for the checks: what marks a verb (an auxiliary's mood, the passive,
a bare past form), the doer's and the done-to side of a verb, and the statements of a
passage. Read by the check modules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from stepqa.answer.judge.reading import ITEM, OPENING, SENTENCE_OR_ITEM, Text, word_stem
from stepqa.answer.judge.words import (
    BETWEEN,
    IRREGULAR,
    JUDGE_STOPWORDS,
    LIGHT_VERBS,
    MODALS,
    MOOD,
    NEGATIONS,
    PAST_BE,
    PERFECT,
    SAME_PARTICIPLES,
)
from stepqa.text import words as text_words


def participle(word: str) -> bool:
    return (word.endswith("ed") and len(word) > 4) or (word in IRREGULAR and word.endswith(("n", "t", "d")))


def deed(words: Sequence[str], i: int) -> bool:
    """A bare past form after its subject ("the council expanded its ..."); not a
    participle that modifies a noun ("a tower led by ...")."""
    return (participle(words[i]) and i > 0 and words[i - 1] not in JUDGE_STOPWORDS
            and not (i + 1 < len(words) and words[i + 1] == "by"))


def mood(words: Sequence[str], i: int) -> str | None:
    """What the auxiliaries before ``words[i]`` make of it: "obligation", "permission",
    "proposal" (plans, proposals and the future) or "done"; None when nothing marks it."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        t = words[j]
        if t in MOOD:
            direct = t in MODALS or words[i].endswith("ing")
            return MOOD[t] if direct or "to" in words[j + 1:i] else None
        if t in PERFECT or t in PAST_BE:
            return "done" if participle(words[i]) else None
        if t not in BETWEEN and not t.endswith("ly"):
            break
        j -= 1
    return None


BE = frozenset("be been being is are was were".split())
NOUN_ENDINGS = ("al", "ion", "ions", "ment", "ments", "ance", "ence", "ity", "ness", "ship", "als")
# Words that open a noun phrase: a verb followed by one takes an object ("fund the council").
DETERMINERS = frozenset("the a an its their his her our each every this that these those".split())


def is_passive(words: Sequence[str], k: int) -> bool:
    """``words[k]`` is a participle after a form of "be" ("should be introduced"), or
    followed by "by" ("tower led by the office")."""
    if not participle(words[k]) and words[k] not in SAME_PARTICIPLES:
        return False
    if k + 1 < len(words) and words[k + 1] == "by":
        return True
    j = k - 1
    while j >= 0 and (words[j] in BETWEEN - {"be", "been", "being"} or words[j].endswith("ly")):
        j -= 1
    return j >= 0 and words[j] in BE


def verb_like(words: Sequence[str], k: int) -> bool:
    """An auxiliary or modal governs it, it is passive, or it is followed by an article
    or a possessive ("fund the council", "advise the government")."""
    return (mood(words, k) is not None or is_passive(words, k)
            or (k + 1 < len(words) and words[k + 1] in DETERMINERS and k > 0
                and words[k - 1] not in JUDGE_STOPWORDS))


def sides(words: Sequence[str], k: int) -> tuple[set[str], set[str]]:
    """Stems of the content words on the doer's and on the done-to side of the verb at
    ``k``: before and after it, or in a passive the words after "by" and those before."""
    before = {word_stem(w) for w in words[:k] if w not in JUDGE_STOPWORDS}
    if not is_passive(words, k):
        return before, {word_stem(w) for w in words[k + 1:] if w not in JUDGE_STOPWORDS}
    by = next((j for j in range(k + 1, len(words)) if words[j] == "by"), None)
    doer = set() if by is None else {word_stem(w) for w in words[by + 1:] if w not in JUDGE_STOPWORDS}
    return doer, before


# Where a sentence goes on to a second statement: a contrast, a new sentence or list item
# (" - " before a capital, as bullets read once whitespace is normalised), ", and"
# / ", after" before the next statement, "and" before a verb that takes an object ("and
# close the archive") or before "to" ("and to close ..."). Not a bare "and" inside a noun
# phrase ("public and private universities", "the ministry and the agency fund ...").
STATEMENT = re.compile(rf"{SENTENCE_OR_ITEM.pattern}|\s(?:while|whilst|whereas|but|although)\s"
                        r"|,\s*(?:and|after)\s|\sand\s(?=to\s|\w+\s(?:the|a|an|its|their)\s)")
# Words by which a statement points back to the one before it ("it plans to ...",
# "the universities review them").
BACK_REFERENCE = frozenset("it its they them their this these".split())
ARTICLES = frozenset("the a an its their his her our this these those".split())


@dataclass
class Statement:
    own: Text  # its own words, with the sentence's opening phrase
    said: Text  # those, and what it borrows from the statement before
    done: Text  # the words that can be done to: its own (with the sentence's opening),
    # and the borrowed ones only when it points back ("review them")
    points_back: bool = False  # says "it", "they", "them" ... of the statement before
    # its doer is its own: it opens with a subject of its own ("The national government pays
    # its running costs"), whatever else it borrows
    own_subject: bool = False


def statements(raw: str) -> list[Statement]:
    """The statements of a passage. One that goes on without a subject of its own ("...
    and close the archive") or points back ("it plans", "review them") borrows the words
    of the one before; a sentence's opening phrase ("Since 2021,") belongs to all of its
    statements, and a heading over list items is what each item is about ("Widen access to
    the seed vaults - Publish the vault catalogue online")."""
    out: list[Statement] = []
    previous, opening = "", ""
    items = re.split(ITEM, raw)
    head = items[0] if len(items) > 1 else ""
    for sentence in SENTENCE_OR_ITEM.split(raw):
        heading = head if head and sentence != head else ""
        m = OPENING.match(sentence)
        opening = m.group() if m else ""
        for piece in STATEMENT.split(sentence):
            words = text_words(piece.lower()) if piece else []
            if not words:
                continue
            first = words[1] if words[0] in ("and", "then") and len(words) > 1 else words[0]
            continues = (first in MODALS or first == "to" or first.endswith("ing")
                         or participle(first) or first in IRREGULAR
                         or (len(words) > 1 and words[1] in ARTICLES
                             and first not in JUDGE_STOPWORDS))
            points_back = bool(set(words) & BACK_REFERENCE)
            # what it is done to is the last statement's when it says "review them", "their
            # lodging"; not for a subject "it", nor "its", which is mostly its own subject's
            done_back = bool(set(words[1:]) & (BACK_REFERENCE - {"its"}))
            borrowed = previous if continues or points_back else ""
            out.append(Statement(Text.of(f"{opening} {piece}"),
                                  Text.of(" ".join((heading, opening, borrowed, piece))),
                                  Text.of(" ".join((heading, opening, borrowed if done_back else "",
                                                     piece))),
                                  points_back,
                                  own_subject=not continues and first not in BACK_REFERENCE))
            previous = f"{borrowed} {piece}"
    return out


def claim_verb(words: Sequence[str], k: int) -> bool:
    """A verb of the claim: marked by an auxiliary, passive, a bare past form after its
    subject, or followed by an article ("trains the pilots")."""
    w = words[k]
    if w in JUDGE_STOPWORDS or w in LIGHT_VERBS or w.endswith(NOUN_ENDINGS):
        return False
    return (mood(words, k) is not None or is_passive(words, k) or deed(words, k)
            or (k > 0 and words[k - 1] == "by" and w.endswith("ing"))  # "by introducing"
            or (k > 0 and words[k - 1] not in JUDGE_STOPWORDS
                and (w in IRREGULAR or (k + 1 < len(words) and words[k + 1] in ARTICLES))))


def statement_mood(statement: Statement, verb: str) -> str | None:
    words = statement.own.words
    k = next((i for i, v in enumerate(words) if word_stem(v) == word_stem(verb)), None)
    if k is None:
        return None
    return mood(words, k) or ("done" if deed(words, k) else None)


def nearest_word(words: Sequence[str], k: int, other: Text, doer: bool) -> str | None:
    """The stem of the content word nearest to the verb at ``k`` on its doer's (or its
    done-to) side that ``other`` has."""
    near = near_words(words, k, other, doer, 1)
    return near[0] if near else None


def near_words(words: Sequence[str], k: int, other: Text, doer: bool, count: int) -> list[str]:
    """The stems of up to ``count`` content words nearest to the verb at ``k`` on its
    doer's (or its done-to) side that ``other`` has, nearest first."""
    passive = is_passive(words, k)
    if doer == passive:  # after the verb: the doer of a passive, the object of an active
        by = next((j for j in range(k + 1, len(words)) if words[j] == "by"), None)
        if passive and by is None:
            return []
        span: range = range((by if passive and by is not None else k) + 1, len(words))
    else:
        span = range(k - 1, -1, -1)
    found: list[str] = []
    for j in span:
        w = words[j]
        if w not in JUDGE_STOPWORDS and w not in NEGATIONS and other.has(w):
            found.append(word_stem(w))
            if len(found) == count:
                break
    return found
