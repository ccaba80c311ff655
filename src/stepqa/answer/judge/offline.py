"""The default judge (offline, no LLM): the hard checks of the sibling modules first, then
every clause of the claim aligned word by word with the passage (same stem, a listed or
WordNet synonym, or a close neighbour in the embedder's space)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stepqa.answer.judge.amounts import (
    RATE_WORDS,
    bound_clash,
    change_clash,
    figure_clash,
    measure_clash,
    none_for_some,
    quantifier_clash,
    rank_clash,
    restated_rates,
    whole_for_part,
)
from stepqa.answer.judge.dates import (
    always_since,
    ended,
    moved_deed,
    shifted_event,
    shifted_number,
    unbacked_order,
    unlinked_cause,
)
from stepqa.answer.judge.grammar import mood, participle
from stepqa.answer.judge.modality import dropped_condition, modality_clash, mood_clash
from stepqa.answer.judge.polarity import (
    ability_clash,
    antonym_clash,
    comparison_clash,
    local_antonym_clash,
    negation_clash,
    traded_opposites,
)
from stepqa.answer.judge.protocol import Verdict
from stepqa.answer.judge.reading import YEAR, Text, content_words, names_in, numbers_in
from stepqa.answer.judge.roles import (
    crossed_modifier,
    crossed_statements,
    majority_moved,
    misplaced_predicate,
    role_swap,
    ruled_out,
    swapped_owner,
    traded_sides,
)
from stepqa.answer.judge.syntax import Parser, role_conflict
from stepqa.answer.judge.words import (
    CAUSE_OR_PURPOSE,
    CLAUSE_BREAK,
    CONTROL_VERBS,
    JUDGE_STOPWORDS,
    LIGHT_VERBS,
    NEGATIONS,
    PLACES,
)
from stepqa.answer.lexicon import lexicon
from stepqa.text import stem
from stepqa.text import words as text_words

if TYPE_CHECKING:
    import numpy as np

    from stepqa.embedder import Embedder

def _years_between(claim: Text, passage: Text) -> set[str]:
    """A span of years the claim counts between two years the passage gives ("three years
    after it opened" for a branch opened in 2019 and staff doubled in 2022)."""
    years = sorted({int(n) for n in numbers_in(passage.words) if YEAR.fullmatch(n)})
    spans = {str(b - a) for i, a in enumerate(years) for b in years[i + 1:]}
    counted = {n for w, unit in zip(claim.words, claim.words[1:]) if unit in ("year", "years")
               for n in numbers_in([w])}
    return spans & counted


def _halved(passage: Text) -> set[str]:
    """"half" when the passage halves something: "its budget was halved"."""
    return {"half"} if {"halve", "halved", "halves", "halving"} & set(passage.words) else set()


def _singular(passage: Text) -> set[str]:
    """"one" when the passage says it without the digit: "into a single body", "its sole
    agency", "a unified office"."""
    return {"1"} if {"single", "sole", "unified", "united"} & set(passage.words) else set()


# Words by which a passage speaks of a country's state without naming it ("each ministry",
# "the government", "a national strategy").
_NATIONAL = frozenset(stem(w) for w in """government governments national nation ministry
ministries domestic country state president parliament public""".split())


def _implied_country(name: str, passage: Text) -> bool:
    """A country the claim names and the passage leaves implicit: a passage from a report
    about Korea says "each ministry operates individually", and "Korea's ministries operate
    individually" says the same. Only a country or nationality, and only when the passage
    names no place or other name at all and speaks of a state ("the government", "national",
    "ministries"); a passage that names another country or body still rejects it."""
    return (name in PLACES and not names_in(passage.raw)
            and bool(_NATIONAL & passage.stems))


def _spelled_out(acronym: str, passage: Text) -> bool:
    """'S&T' or 'R&D' written out in the passage ("science and technology")."""
    letters = [ch for ch in acronym if ch.isalpha()]
    if not 2 <= len(letters) <= 6 or not re.fullmatch(r"[a-z&.]+", acronym):
        return False
    initials = "".join(w[0] for w in passage.words if w not in {"and", "of", "the", "for"})
    return "".join(letters) in initials


def contradiction(claim: str, passages: Sequence[str]) -> str | None:
    """Why the passages say the opposite of ``claim`` (a reversed word or a negation), or
    None. Only the clash checks: a claim the passages merely do not cover is not
    contradicted."""
    c, p = Text.of(claim), Text.of(" ".join(passages))
    return negation_clash(c, p) or antonym_clash(c, p)


class OfflineJudge:
    """Lexical and embedding alignment with hard checks; no network, no LLM."""

    name = "offline"
    version = "27"

    # A claim word with no lexical match still counts as aligned when the embedder puts
    # it this close to some passage word (quickly ~ rapid, ministries ~ departments).
    word_similarity = 0.62
    # Every clause must have this share of its content words aligned (0.7 before version 3
    # checked predicates on their own; 0.65 chosen on judge_cases.jsonl and the flips).
    clause_coverage = 0.65

    def __init__(self, embedder: Embedder, parser: str = "none") -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        # who does what, read by a dependency parser (syntax.py), when one is named
        self.parser = None if parser in ("", "none") else Parser(parser)
        if self.parser is not None:
            self.version = f"{type(self).version}+roles"

    def _embed_words(self, words: Sequence[str]) -> None:
        missing = sorted({w for w in words if w not in self._vectors})
        if missing:
            for w, v in zip(missing, self.embedder.embed(missing)):
                self._vectors[w] = v

    def _aligned(self, word: str, passage: Text, passage_words: list[str]) -> bool:
        if passage.has(word):
            return True
        if not passage_words:
            return False
        self._embed_words([word, *passage_words])
        mine = self._vectors[word]
        return max(float(mine @ self._vectors[w]) for w in passage_words) >= self.word_similarity

    def _aligned_to(self, word: str, phrase: str) -> bool:
        """Is ``word`` said by ``phrase`` (for the parser's check of who does what)?"""
        text = Text.of(phrase, lexicon())
        return self._aligned(word, text, sorted(set(content_words(text.parts))))

    # A cause or purpose clause must be this well aligned: stricter than a whole clause,
    # since "because of a lack of funding" is a small part of a long claim.
    connective_coverage = 0.6

    def _unbacked_connective(self, claim: Text, passage: Text,
                             passage_words: list[str]) -> str | None:
        """A cause or purpose the claim adds ("because of a lack of funding", "to cut
        costs"): what follows the connective must be in the passage too. A bare "to" counts
        only before two or more content words ("hard to achieve" is no purpose)."""
        for match in CAUSE_OR_PURPOSE.finditer(claim.raw):
            tail = re.split(r"[,;:.]", claim.raw[match.end():], maxsplit=1)[0]
            words = content_words(Text.of(tail).parts)
            if match.group().strip().lower() == "to":
                # "to the whole country" is a place, "requires them to return" a complement
                next_word = (text_words(tail.lower()) or [""])[0]
                lead = text_words(claim.raw[:match.start()].lower())[-3:]
                if len(words) < 2 or next_word in JUDGE_STOPWORDS or set(lead) & CONTROL_VERBS:
                    continue
            if not words:
                continue
            lead = text_words(tail.lower())[:1]
            connective = match.group().strip().lower()
            if (connective in ("to", "in order to", "so as to") and lead
                    and lead[0] == words[0] and claim.lexicon is not None
                    # after "in order to" the next word is a verb whatever else it can be
                    and (connective != "to" or claim.lexicon.only_verb(lead[0]))
                    and not self._aligned(lead[0], passage, passage_words)):
                # the purpose's own verb: "to intensify the competition" is not "to cope with" it
                return f"the passage does not say '{match.group().strip()}{tail.rstrip()}'"
            found = sum(self._aligned(w, passage, passage_words) for w in words)
            if found / len(words) < self.connective_coverage:
                return f"the passage does not say '{match.group().strip()}{tail.rstrip()}'"
        return None

    _BY_AGENT = re.compile(r"\b(\w+(?:ed|en))\s+by\s+((?:the|a|an|its|their)\s+)?"
                           r"([a-z][\w-]*(?:\s+[a-z][\w-]*)?)")

    def _unnamed_agent(self, claim: Text, passage: Text, passage_words: list[str]) -> str | None:
        """A doer the claim gives with "by" ("led by the private sector", "reviewed by the
        council") that the passage does not name at all: a substituted agent."""
        for m in self._BY_AGENT.finditer(claim.raw.lower()):
            agent = [w for w in content_words(text_words(m.group(3))) if not w.endswith("ing")]
            if not agent or numbers_in(agent) or not participle(m.group(1)):
                continue
            if not any(self._aligned(w, passage, passage_words) for w in agent):
                return f"the passage does not say it is {m.group(1)} by '{' '.join(agent)}'"
        return None

    def _substituted_verb(self, claim: Text, passage: Text, passage_words: list[str]) -> str | None:
        """A verb the claim marks with an auxiliary ("should tighten", "were split", "plans
        to withdraw") that nothing in the passage aligns with: the claim's predicate is not
        the passage's, however many of its nouns are."""
        for i, w in enumerate(claim.words):
            if (w in JUDGE_STOPWORDS or w in NEGATIONS or w in LIGHT_VERBS
                    or mood(claim.words, i) is None
                    or self._aligned(w, passage, passage_words)):
                continue
            said = [v for k, v in enumerate(passage.words)
                    if v not in JUDGE_STOPWORDS and mood(passage.words, k) and not claim.has(v)]
            return f"'{w}' is not what the passage says" + (f"; it says '{said[0]}'" if said else "")
        return None

    def judge(self, claim: str, passages: Sequence[str]) -> Verdict:
        text = " ".join(passages)
        c, p = Text.of(claim), Text.of(text)
        core = c.raw.lower().rstrip(" .;:!")
        if not content_words(c.words):
            return Verdict(False, 0.0, "the claim has no content words")
        if core and core in p.raw.lower():
            # a part of a sentence, cut before the condition it is under, is no quote
            cut = dropped_condition(c, p)
            return Verdict(False, 0.0, cut) if cut else Verdict(True, 1.0, "quoted verbatim")
        c.lexicon = p.lexicon = lexicon()  # loaded on the first claim that needs it
        between = _years_between(c, p)
        restated = restated_rates(c, p)
        missing_numbers = sorted(numbers_in(c.words) - numbers_in(p.words) - _singular(p)
                                 - _halved(p) - between - restated)
        if missing_numbers:
            return Verdict(False, 0.0, f"number/date {missing_numbers[0]!r} is not in the passage")
        for name in names_in(c.raw):
            if not (p.has(name) or _spelled_out(name, p) or _implied_country(name, p)):
                return Verdict(False, 0.0, f"'{name}' is not in the passage")
        passage_words = sorted(set(content_words(p.parts)))
        clash = (negation_clash(c, p) or comparison_clash(c, p) or antonym_clash(c, p)
                 or local_antonym_clash(c, p)
                 or quantifier_clash(c, p) or rank_clash(c, p) or whole_for_part(c, p)
                 or change_clash(c, p) or figure_clash(c, p) or none_for_some(c, p) or always_since(c, p)
                 or dropped_condition(c, p)
                 or measure_clash(c, p)
                 or bound_clash(c, p) or modality_clash(c, p) or mood_clash(c, p)
                 or role_swap(c, p) or swapped_owner(c, p) or traded_sides(c, p) or misplaced_predicate(c, p)
                 or shifted_number(c, p) or shifted_event(c, p) or moved_deed(c, p) or ended(c, p)
                 or majority_moved(c, p) or ruled_out(c, p) or crossed_modifier(c, p)
                 or crossed_statements(c, p) or unbacked_order(c, p) or unlinked_cause(c, p)
                 or traded_opposites(c, p)
                 or ability_clash(c, p) or self._unnamed_agent(c, p, passage_words)
                 or self._substituted_verb(c, p, passage_words)
                 or self._unbacked_connective(c, p, passage_words))
        if clash:
            return Verdict(False, 0.0, clash)
        worst, worst_clause = 1.0, ""
        for clause in _clauses(c.raw):
            # a span of years counted between the passage's years is said by them
            # and a rate the passage gives in other words ("four times a year": "every quarter")
            words = [w for w in content_words(Text.of(clause).parts)
                     if not (between and (numbers_in([w]) & between or w in ("year", "years")))
                     and not (restated and (numbers_in([w]) & restated or w in RATE_WORDS))]
            if not words:
                continue
            aligned = sum(self._aligned(w, p, passage_words) for w in words)
            share = aligned / len(words)
            if share < worst:
                worst, worst_clause = share, clause
        if worst < self.clause_coverage:
            return Verdict(False, round(worst, 3),
                           f"only {worst:.0%} of '{worst_clause.strip()}' is in the passage")
        if self.parser is not None:
            crossed = role_conflict(self.parser, c.raw, p.raw, self._aligned_to,
                                    lambda verb, text: Text.of(text, c.lexicon).has(verb))
            if crossed:
                return Verdict(False, round(worst, 3), crossed)
        return Verdict(True, round(worst, 3), f"{worst:.0%} of the claim's words are aligned")


def _clauses(text: str) -> list[str]:
    """Split at commas and conjunctions; fragments of under two content words join the next."""
    pieces = [x for x in CLAUSE_BREAK.split(text) if x and x.strip()]
    out: list[str] = []
    carry = ""
    for piece in pieces:
        merged = f"{carry} {piece}".strip()
        if len(content_words(Text.of(merged).words)) < 2:
            carry = merged
            continue
        out.append(merged)
        carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out
