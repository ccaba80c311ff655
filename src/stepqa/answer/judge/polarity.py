"""Checks that a claim does not say the opposite of its passage: a negation one text has and
the other lacks, an opposite word (listed or WordNet's), a comparison turned round,
opposites traded between places, possible for what the passage calls hard."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from stepqa.answer.judge.grammar import is_passive, participle
from stepqa.answer.judge.reading import RULED_OUT, SENTENCE_OR_ITEM, Text, content_words, phrasal, word_stem
from stepqa.answer.judge.words import (
    ABILITY,
    ANTONYMS,
    BETWEEN,
    DIFFICULTY,
    JUDGE_STOPWORDS,
    MODALS,
    NEGATIONS,
    NEGATIVE_PREFIXES,
    NUMBER_WORDS,
    PHRASE_NEGATIONS,
    VERB_NEGATIONS,
)
from stepqa.text import words as text_words


def _polarity(words: Sequence[str], vocabulary: set[str]) -> tuple[set[str], set[str]]:
    """(stems said under a negation, stems said plainly somewhere). A negation covers the
    next two content words: "not the Ministry of Science", "rather than the Ministry"; one
    that takes a verb only that verb ("failed to finish the line", "no longer funds").
    A negative prefix on a word the other text uses ("unclear" where it says "clear")
    counts as a negation of that word."""
    negated: set[str] = set()
    plain: Counter[str] = Counter()
    subject: list[str] = []  # plain stems since the last negation: a passive one takes them
    scope = 0
    skip = -1  # the second word of a two-word negation ("no longer")
    for i, w in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if i == skip:
            continue
        if w in NEGATIONS and participle(w) and is_passive(words, i):
            # "short-term approaches should be avoided" negates the words it follows, as far
            # as "avoid short-term approaches" negates those it precedes (two)
            for stem in subject[:2]:
                negated.add(stem)
                plain[stem] -= 1
            subject = []
            continue
        if w in ("no", "not") and following in _BOUND_COMPARATIVES and words[i + 2:i + 3] == ["than"]:
            skip = i + 1  # "no more than 3,000 euros" bounds the figure; it negates nothing
            continue
        if w in NEGATIONS or w.endswith("n't") or (w, following) in PHRASE_NEGATIONS:
            # "no longer funds", "stopped funding", "failed to finish": the verb alone
            takes_verb = (w, following) == ("no", "longer") or (
                w in VERB_NEGATIONS and (following == "to" or following.endswith("ing")))
            scope = 1 if takes_verb else 2
            skip = i + 1 if (w, following) in PHRASE_NEGATIONS else skip
            subject = []
            continue
        if w in ("and", "but", "while", "which", "that"):
            subject = []
        if w in JUDGE_STOPWORDS or w in _TIME_LINKS:
            continue
        base = _unprefixed(w, vocabulary)
        if base:
            negated.add(word_stem(base))
            scope = 1
            continue
        if scope:
            negated.add(word_stem(w))
            scope -= 1
        else:
            plain[word_stem(w)] += 1
            subject.append(word_stem(w))
    return negated, {stem for stem, n in plain.items() if n > 0}


# "no more than", "not later than": a bound, not a negation.
_BOUND_COMPARATIVES = frozenset("more less fewer later earlier greater higher lower".split())
# Words that link a deed to a time take no part in a negation's scope: "will not start
# before the government confirms" negates "start", as "will not begin until ..." does.
_TIME_LINKS = frozenset("before since till once".split())


def _scoped_polarity(text: Text, vocabulary: set[str]) -> tuple[set[str], set[str]]:
    """_polarity, with the scope of an aside between commas (", not the ports,") kept to
    the aside: "the trade office, not the ports, issues licences" does not negate
    "issues"."""
    asides = list(RULED_OUT.finditer(text.raw))
    if not asides:
        return _polarity(text.words, vocabulary)
    rest = RULED_OUT.sub(",", text.raw)
    negated, plain = _polarity(text_words(phrasal(rest.lower())), vocabulary)
    for aside in asides:
        negated |= {word_stem(w) for w in content_words(text_words(aside.group(1).lower()))}
    return negated, plain


def _unprefixed(word: str, vocabulary: set[str]) -> str | None:
    for prefix in NEGATIVE_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= 4 and rest in vocabulary:
            return rest
    return None


_MORE = {"more": 1, "higher": 1, "larger": 1, "greater": 1, "bigger": 1,
         "less": -1, "fewer": -1, "lower": -1, "smaller": -1}
_COMPARISON = re.compile(rf" ({'|'.join(_MORE)}) ((?:\w+ ){{1,8}}?)than ((?:\w+ ){{1,4}})")


def _comparisons(text: Text) -> list[tuple[int, set[str], set[str]]]:
    """(direction, stems said only before "than", stems said only after it) of each "more
    X than Y" of the text."""
    out = []
    for m in _COMPARISON.finditer(text.spaced):
        first = {word_stem(w) for w in content_words(m.group(2).split())}
        second = {word_stem(w) for w in content_words(m.group(3).split())}
        out.append((_MORE[m.group(1)], first - second, second - first))
    return out


def _mirrored(claim: Text, passage: Text) -> int:
    """+1 when a comparison of the claim puts the passage's two sides the other way round
    in the same direction ("less on A than on B" for "less on B than on A"), -1 when it
    turns both the sides and the direction ("more on B than on A": the same thing said the
    other way), else 0."""
    for direction, a, b in _comparisons(claim):
        for their_direction, x, y in _comparisons(passage):
            if (a & y) - x and (b & x) - y:
                return 1 if direction == their_direction else -1
    return 0


def comparison_clash(claim: Text, passage: Text) -> str | None:
    if _mirrored(claim, passage) == 1:
        return "the claim turns the passage's comparison round"
    return None


def local_antonym_clash(claim: Text, passage: Text) -> str | None:
    """An opposite of the sentence the claim restates, when the passage says the claim's
    word elsewhere: against "... - Expand ... of public think tanks - Enhance ... by
    revitalizing private think tanks", "by revitalizing public think tanks" keeps every
    word of the passage. The sentence must hold most of the claim's words, and the claim
    must not say the sentence's word too ("replace short-term approaches with a long-term
    system" says both)."""
    sentences = [Text.of(x, passage.lexicon) for x in SENTENCE_OR_ITEM.split(passage.raw)
                 if x.strip()]
    if len(sentences) < 2:
        return None
    mine = content_words(claim.parts)
    if not mine:
        return None
    held, best = max(((sum(t.has(w, wordnet=False) for w in mine), t) for t in sentences),
                     key=lambda pair: pair[0])
    if 3 * held < 2 * len(mine):
        return None
    pair = _opposite(claim, best)
    if pair is None or claim.has(pair[1], wordnet=False):
        return None
    return f"the claim says '{pair[0]}' where the sentence it restates says '{pair[1]}'"


def antonym_clash(claim: Text, passage: Text) -> str | None:
    pair = _opposite(claim, passage)
    return None if pair is None else f"the claim says '{pair[0]}' where the passage says '{pair[1]}'"


def _opposite(claim: Text, passage: Text) -> tuple[str, str] | None:
    """(the claim's word, the passage's word) of an opposite pair, listed or WordNet's."""
    said = {word_stem(w) for w in claim.parts}
    restated = _mirrored(claim, passage) == -1
    for a, b in ANTONYMS:
        for mine, theirs in ((a, b), (b, a)):
            if restated and mine in _MORE and theirs in _MORE:
                continue
            if word_stem(mine) in said and passage.has(theirs, wordnet=False) \
                    and not passage.has(mine, wordnet=False):
                return mine, passage.own(theirs)
    return _opposed(claim, passage)


def _opposed(claim: Text, passage: Text) -> tuple[str, str] | None:
    """A word the claim says plainly that WordNet opposes to a word the passage says
    plainly: "shortened" where it says "lengthened", "lets" where it says "forbids". Under
    a negation the two agree ("did not change" and "remained"); words with a negative
    prefix ("unclear"/"clear") are the negation checks' part."""
    lexicon = claim.lexicon
    if lexicon is None:
        return None
    theirs_plain = _polarity(passage.words, set(passage.words))[1]
    mine_plain = _polarity(claim.words, set(claim.words))[1]
    theirs = [w for w in dict.fromkeys(content_words(passage.parts))
              if word_stem(w) in theirs_plain and not claim.has(w)]
    for mine in dict.fromkeys(content_words(claim.parts)):
        if word_stem(mine) not in mine_plain or passage.has(mine) or mine in NUMBER_WORDS:
            continue
        opposite_of_mine, my_bases = lexicon.opposites(mine), lexicon.bases(mine)
        for word in theirs:
            if _unprefixed(mine, {word}) or _unprefixed(word, {mine}):
                continue
            if lexicon.bases(word) & opposite_of_mine or my_bases & lexicon.opposites(word):
                return mine, word
    return None


def ability_clash(claim: Text, passage: Text) -> str | None:
    """"Korea can respond flexibly" where the passage says "it is difficult to respond
    flexibly": a verb the passage calls hard or impossible, said by the claim to be
    possible (or the reverse)."""
    def marked(text: Text, marks: frozenset[str]) -> set[str]:
        """Verbs a mark governs: the next verb after "can", the verb after the "to" of
        "difficult (for the office) to approve"."""
        words, found = text.words, set()
        for j, w in enumerate(words):
            if w not in marks:
                continue
            window = words[j + 1:j + 8]
            if w not in MODALS:
                if "to" not in window:
                    continue
                window = window[window.index("to") + 1:]
            verb = next((v for v in window if v not in BETWEEN and not v.endswith("ly")), None)
            if verb is not None and verb not in JUDGE_STOPWORDS:
                found.add(word_stem(verb))
        return found

    mine_easy, mine_hard = marked(claim, ABILITY), marked(claim, DIFFICULTY)
    theirs_easy, theirs_hard = marked(passage, ABILITY), marked(passage, DIFFICULTY)
    for verb in sorted(mine_easy - mine_hard):
        if verb in theirs_hard and verb not in theirs_easy:
            return f"the passage says it is hard to '{verb}', the claim that it can be done"
    for verb in sorted(mine_hard - mine_easy):
        if verb in theirs_easy and verb not in theirs_hard:
            return f"the claim says it is hard to '{verb}', the passage that it can be done"
    return None


# Where a clause ends, for _negated_clauses.
_CLAUSE_END = re.compile(r"[,;:.!?]|\b(?:and|but|while|whereas|which|who)\b")
_PLAIN_NEGATIONS = frozenset("not no never none nor neither without cannot".split())


def _negated_clauses(text: Text) -> set[str]:
    """Stems of the content words of each clause of the text that holds a plain negation,
    on either side of it: "does not require foreign researchers to hold a work permit"
    says there is no work permit to hold, as "need no work permit" does."""
    out: set[str] = set()
    for clause in _CLAUSE_END.split(text.raw.lower()):
        words = text_words(clause)
        if any(w in _PLAIN_NEGATIONS or w.endswith("n't") for w in words):
            out |= {word_stem(w) for w in content_words(words)}
    return out


def _backed_asides(claim: Text, negated: set[str]) -> set[str]:
    """Stems of the claim's asides (", not the science agency,") whose last word the passage
    says under a negation: "the agency has no say" backs ", not the science agency,"."""
    out: set[str] = set()
    for aside in RULED_OUT.finditer(claim.raw):
        stems = [word_stem(w) for w in content_words(text_words(aside.group(1).lower()))]
        if stems and stems[-1] in negated:
            out |= set(stems)
    return out


def negation_clash(claim: Text, passage: Text) -> str | None:
    vocabulary = set(claim.words) | set(passage.words)
    claim_neg, claim_plain = _scoped_polarity(claim, vocabulary)
    passage_neg, passage_plain = _scoped_polarity(passage, vocabulary)
    backed: set[str] | None = None  # read only when a claim's negation needs it
    for w in content_words(claim.words):
        s = word_stem(w)
        if s in claim_neg and s in passage_plain and s not in passage_neg:
            if backed is None:
                backed = _negated_clauses(passage)
                backed |= _backed_asides(claim, backed | passage_neg)
            if s in backed:
                continue
            return f"the claim negates '{w}', the passage does not"
        # Only a claim with no negation of its own can contradict a negated passage word:
        # "are not funded" and "does not fund projects" negate different words, same sense.
        if not claim_neg and s in claim_plain and s in passage_neg and s not in passage_plain:
            return f"the passage negates '{w}', the claim does not"
    return None


def traded_opposites(claim: Text, passage: Text) -> str | None:
    """Two opposite words that both texts say, each put where the other stands: "a
    flexible system ... respond rigidly" where the passage says "a rigid system ... respond
    flexibly". Each word is placed by the content words beside it."""
    def places(text: Text, word: str, pair: tuple[str, str]) -> set[str]:
        """The stems of the content words right before and after each place ``word``
        stands (the pair's own words left out)."""
        roots = [word_stem(x)[:5] for x in pair]
        content = [w for w in text.words if w not in JUDGE_STOPWORDS]
        found: set[str] = set()
        for k, w in enumerate(content):
            if word_stem(w)[:5] == word_stem(word)[:5]:
                near = [x for x in content[max(0, k - 1):k] + content[k + 1:k + 2]
                        if word_stem(x)[:5] not in roots]
                found |= {word_stem(x) for x in near}
        return found

    both = {w[:5] for w in claim.stems} & {w[:5] for w in passage.stems}
    for pair in ANTONYMS:
        a, b = pair
        if word_stem(a)[:5] not in both or word_stem(b)[:5] not in both:
            continue  # the quick test: each word's first letters in both texts
        if not (claim.has(a, wordnet=False) and claim.has(b, wordnet=False)
                and passage.has(a, wordnet=False) and passage.has(b, wordnet=False)):
            continue
        mine_a, mine_b = places(claim, a, pair), places(claim, b, pair)
        theirs_a, theirs_b = places(passage, a, pair), places(passage, b, pair)
        if mine_a & mine_b:  # the two stand together in the claim: no place to tell apart
            continue
        for mine, theirs, other, said, meant in ((mine_a, theirs_a, theirs_b, a, b),
                                                 (mine_b, theirs_b, theirs_a, b, a)):
            if mine & (other - theirs) and not mine & (theirs - other):
                return f"the claim says '{said}' where the passage says '{meant}'"
    return None
