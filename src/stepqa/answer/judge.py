"""Is a claim supported by the passages it cites? Part of answering: verify.py keeps a
drafted sentence only when a judge says its citations support it.

The eval harness grades faithfulness with a judge too (imported from here); when that is
the same judge that verified the answers, its number is labelled "self-checked".

The default judge is offline and needs no LLM. It aligns every content word of each
clause of the claim with the passage (same stem, a listed or WordNet synonym from
lexicon.py, or a close neighbour in the embedder's space), then rejects a claim, with a
reason a reader can check, when

- a number, date or name is not in the passage (a country the passage only implies may
  be named), or a word is negated in one text and not the other ("avoid", "too few",
  "should be avoided" negate);
- it says the opposite of the passage, or of the sentence or list item it restates when
  the passage says both words elsewhere ("shortened" for "lengthened"; "public think
  tanks" under a heading whose other bullet names the private ones);
- its predicate is not the passage's: a verb marked by an auxiliary that nothing aligns
  with, another mood or tense ("has eased" for "should ease", "may" for "must"; an
  imperative list item is a proposal, not a deed), doer and object swapped, or a verb
  joined to the doer or object of another statement of the sentence ("will close its
  stations" against "will modernise its stations and close the archive");
- an amount moves: "all" for "some", "most" for "fewer than half", "sharply" for
  "slightly", "every year" for "every three years", "at least" for "up to", a comparison
  turned round;
- it joins what the passage keeps apart: a figure or an event moved to another year of
  the sentence ("40 in 2020" where 40 is the 2023 figure), "still" for what lasted "until
  2022", a word of one of two joined statements put in the other's slot ("inland stations
  report every hour" where coastal ones do), the subject a passage rules out (", not the
  council,");
- it adds a cause or purpose the passage does not give (the purpose's own verb must be
  there: "to intensify" is not "to cope with"), a "by" doer the passage does not name, or
  makes possible what the passage calls hard.

``OfflineJudge.version`` changes whenever a verdict can; the README's judge table has each
version's numbers. Its accuracy is measured on the judge case files in eval/, not assumed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from stepqa.answer.judge_words import (
    ABILITY,
    ANTONYMS,
    BETWEEN,
    CAUSE_OR_PURPOSE,
    CLAUSE_BREAK,
    CONTROL_VERBS,
    DIFFICULTY,
    DONE,
    IRREGULAR,
    JUDGE_STOPWORDS,
    LIGHT_VERBS,
    LOWER_BOUND,
    MAJORITY,
    MINORITY,
    MODALS,
    MONTHS,
    MOOD,
    NEGATIONS,
    NEGATIVE_PREFIXES,
    NUMBER_WORDS,
    OBLIGATION,
    PARTIAL,
    PAST_BE,
    PERFECT,
    PERMISSION,
    PHRASAL,
    PHRASE_NEGATIONS,
    PLACES,
    PROPOSAL,
    RESTRICTIVE,
    STRONG_DEGREE,
    SYNONYMS,
    TIME_UNITS,
    UNIVERSAL,
    UPPER_BOUND,
    WEAK_DEGREE,
)
from stepqa.answer.lexicon import Lexicon, lexicon
from stepqa.errors import ConfigError
from stepqa.text import stem
from stepqa.text import words as text_words

if TYPE_CHECKING:
    import numpy as np

    from stepqa.answer.clients import OpenAIChat
    from stepqa.answer.prompts import Prompt
    from stepqa.config import Settings
    from stepqa.embedder import Embedder


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float  # 0..1, higher is better supported
    reason: str  # one line a reader can check, e.g. "'Malaysia' is not in the passage"


class Judge(Protocol):
    name: str
    version: str

    def judge(self, claim: str, passages: Sequence[str]) -> Verdict:
        ...


# ----------------------------------------------------------------- vocabulary
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"),
                 ("**", ""), ("■", " "), ("·", " ")):
        text = text.replace(a, b)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 50,000 -> 50000
    return " ".join(text.split())


def _stem(word: str) -> str:
    word = word.replace("'s", "").replace("’s", "")
    return stem(IRREGULAR.get(word, word))


def _same_word(a: str, b: str) -> bool:
    """Equal stems, or one a clear prefix of the other (Korea/Korean, Japan/Japanese)."""
    if a == b:
        return True
    n = len(a) if len(a) < len(b) else len(b)
    if n < 4:
        return False
    common = 0
    while common < n and a[common] == b[common]:
        common += 1
    return common >= 4 and common >= 0.75 * n


@dataclass
class _Text:
    """A text split the ways the judge looks at it."""

    raw: str
    words: list[str]  # lowercase tokens, hyphenated words kept whole
    parts: list[str]  # tokens with hyphenated words also split ("us-china" -> us, china)
    stems: set[str]
    lexicon: Lexicon | None = None  # WordNet's synonyms, when the caller reads with them

    @classmethod
    def of(cls, text: str, lexicon: Lexicon | None = None) -> _Text:
        raw = _normalise(text)
        words = text_words(_phrasal(raw.lower()))
        parts = [p for w in words for p in ([w, *w.split("-")] if "-" in w else [w])]
        stems = {_stem(p) for p in parts}
        return cls(raw, words, parts, stems, lexicon)

    def has(self, word: str, wordnet: bool = True) -> bool:
        """Does the text say ``word``: its stem, a word sharing a long prefix, a listed
        synonym, or (``wordnet``) a WordNet synonym? An opposite must be said outright,
        so the antonym checks look without WordNet ("several" shares a rare sense with
        "separate")."""
        stem = _stem(word)
        # a function word is no prefix of a content word ("with" of "withdraw")
        return (stem in self.stems
                or any(_same_word(stem, s) for s in self.stems if s not in JUDGE_STOPWORDS)
                or bool(_SYNONYMS.get(stem, set()) & self.stems)
                or (wordnet and self._has_synonym(word)))

    def own(self, word: str) -> str:
        """The text's own word for ``word``: itself, or the listed synonym it says."""
        stem = _stem(word)
        near = {stem} | _SYNONYMS.get(stem, set())
        return next((w for w in self.parts if _stem(w) in near), word)

    @functools.cached_property
    def imperatives(self) -> set[str]:
        """Stems of the verbs that open its sentences or list items in their base form
        (read once, with the lexicon the text has by then)."""
        return _imperatives(self)

    @functools.cached_property
    def spaced(self) -> str:
        """The words joined by single spaces, with a space at each end, for finding
        phrases ("every three years", "fewer than half", "speed up") word-whole."""
        return f" {' '.join(self.words)} "

    def _has_synonym(self, word: str) -> bool:
        if self.lexicon is None or word in JUDGE_STOPWORDS:
            return False
        return any(f" {s} " in self.spaced if " " in s else _stem(s) in self.stems
                   for s in self.lexicon.synonyms(word) if s != word)


_SYNONYMS: dict[str, set[str]] = {}
for _group in SYNONYMS:
    _stems = {stem(w) for w in _group.split()}
    for _s in _stems:
        _SYNONYMS.setdefault(_s, set()).update(_stems - {_s})


def listed_synonyms(word: str) -> frozenset[str]:
    """The stems of the words the judge's list gives as synonyms of ``word`` ("scrap" ->
    abolish, end, eliminate ...)."""
    return frozenset(_SYNONYMS.get(_stem(word), ()))


# Each two-word verb in any inflection ("set up", "sets up", "setting up"), and its sense.
_IRREGULAR_HEADS = {"take": ("took", "taken"), "come": ("came",), "deal": ("dealt",)}


def _inflections(head: str) -> str:
    """The forms of a phrasal verb's head as one pattern: "carry" -> carry, carries,
    carried, carrying; "scale" -> scaled, scaling; "step" -> stepped; "take" -> took."""
    forms = {head, f"{head}s", f"{head}ed", f"{head}ing", *_IRREGULAR_HEADS.get(head, ())}
    if head.endswith("e"):
        forms |= {f"{head}d", f"{head[:-1]}ing"}
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        forms |= {f"{head[:-1]}ies", f"{head[:-1]}ied"}
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwy]", head):  # step, set, cut: one closing consonant
        forms |= {f"{head}{head[-1]}ed", f"{head}{head[-1]}ing"}
    return "|".join(sorted(forms, key=len, reverse=True))


_PHRASAL = [(re.compile(rf"\b(?:{_inflections(head)}) {tail}\b"), verb)
            for head, tail, verb in ((*phrase.split(), verb) for phrase, verb in PHRASAL.items())]


# "brought the launch forward", "moved forward the opening": to advance it (the object may
# stand between verb and particle).
_FORWARD = re.compile(r"\b(?:bring|brings|bringing|brought|move|moves|moved|moving)\b"
                      r"((?: [\w'-]+){0,8}?) forward\b")


def _phrasal(text: str) -> str:
    """"setting up a tower" -> "establish a tower": two-word verbs as their one-word sense."""
    for pattern, verb in _PHRASAL:
        text = pattern.sub(verb, text)
    return _FORWARD.sub(r"advance\1", text)


# Month names that are also ordinary words ("may merge", "march on"): a date only beside a
# day or a year ("May 2024", "1 May").
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})


def _numbers(words: Sequence[str]) -> set[str]:
    found = set()
    for i, w in enumerate(words):
        beside = " ".join(words[max(0, i - 1):i + 2])
        for part in w.split("-"):
            if part.isdigit() or re.fullmatch(r"\d+(?:\.\d+)?", part):
                found.add(part.lstrip("0") or "0")
            elif part in NUMBER_WORDS:
                found.add(NUMBER_WORDS[part])
            elif part in MONTHS and (part not in _AMBIGUOUS_MONTHS or re.search(r"\d", beside)):
                found.add(part[:3])
    return found


# Years: a four-digit number from 1800 to 2099.
_YEAR = re.compile(r"(?:18|19|20)\d\d")


def _years_between(claim: _Text, passage: _Text) -> set[str]:
    """A span of years the claim counts between two years the passage gives ("three years
    after it opened" for a branch opened in 2019 and staff doubled in 2022)."""
    years = sorted({int(n) for n in _numbers(passage.words) if _YEAR.fullmatch(n)})
    spans = {str(b - a) for i, a in enumerate(years) for b in years[i + 1:]}
    counted = {n for w, unit in zip(claim.words, claim.words[1:]) if unit in ("year", "years")
               for n in _numbers([w])}
    return spans & counted


def _singular(passage: _Text) -> set[str]:
    """"one" when the passage says it without the digit: "into a single body", "its sole
    agency", "a unified office"."""
    return {"1"} if {"single", "sole", "unified", "united"} & set(passage.words) else set()


def _names(raw: str) -> list[str]:
    """Capitalised words that are not sentence openers, acronyms, and known places."""
    names = []
    tokens = re.findall(r"[A-Za-z][A-Za-z'’.&-]*", raw)
    for i, tok in enumerate(tokens):
        bare = tok.strip(".'’").split("'")[0]
        for piece in bare.split("-"):
            if not piece:
                continue
            opener = i == 0 or bool(re.search(r"[.!?:]\s*$", raw[: raw.find(tok)]))
            low = piece.lower()
            if low in PLACES or (piece[0].isupper() and not opener and low not in JUDGE_STOPWORDS):
                names.append(low)
    return names


# Words by which a passage speaks of a country's state without naming it ("each ministry",
# "the government", "a national strategy").
_NATIONAL = frozenset(stem(w) for w in """government governments national nation ministry
ministries domestic country state president parliament public""".split())


def _implied_country(name: str, passage: _Text) -> bool:
    """A country the claim names and the passage leaves implicit: a passage from a report
    about Korea says "each ministry operates individually", and "Korea's ministries operate
    individually" says the same. Only a country or nationality, and only when the passage
    names no place or other name at all and speaks of a state ("the government", "national",
    "ministries"); a passage that names another country or body still rejects it."""
    return (name in PLACES and not _names(passage.raw)
            and bool(_NATIONAL & passage.stems))


def _spelled_out(acronym: str, passage: _Text) -> bool:
    """'S&T' or 'R&D' written out in the passage ("science and technology")."""
    letters = [ch for ch in acronym if ch.isalpha()]
    if not 2 <= len(letters) <= 6 or not re.fullmatch(r"[a-z&.]+", acronym):
        return False
    initials = "".join(w[0] for w in passage.words if w not in {"and", "of", "the", "for"})
    return "".join(letters) in initials


def _polarity(words: Sequence[str], vocabulary: set[str]) -> tuple[set[str], set[str]]:
    """(stems said under a negation, stems said plainly somewhere). A negation covers the
    next two content words: "not the Ministry of Science", "rather than the Ministry".
    A negative prefix on a word the other text uses ("unclear" where it says "clear")
    counts as a negation of that word."""
    negated: set[str] = set()
    plain: Counter[str] = Counter()
    subject: list[str] = []  # plain stems since the last negation: a passive one takes them
    scope = 0
    for i, w in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if w in NEGATIONS and _participle(w) and _passive(words, i):
            # "short-term approaches should be avoided" negates the words it follows, as far
            # as "avoid short-term approaches" negates those it precedes (two)
            for stem in subject[:2]:
                negated.add(stem)
                plain[stem] -= 1
            subject = []
            continue
        if w in NEGATIONS or w.endswith("n't") or (w, following) in PHRASE_NEGATIONS:
            scope = 2
            subject = []
            continue
        if w in ("and", "but", "while", "which", "that"):
            subject = []
        if w in JUDGE_STOPWORDS:
            continue
        base = _unprefixed(w, vocabulary)
        if base:
            negated.add(_stem(base))
            scope = 1
            continue
        if scope:
            negated.add(_stem(w))
            scope -= 1
        else:
            plain[_stem(w)] += 1
            subject.append(_stem(w))
    return negated, {stem for stem, n in plain.items() if n > 0}


def _scoped_polarity(text: _Text, vocabulary: set[str]) -> tuple[set[str], set[str]]:
    """_polarity, with the scope of an aside between commas (", not the ports,") kept to
    the aside: "the trade office, not the ports, issues licences" does not negate
    "issues"."""
    asides = list(_RULED_OUT.finditer(text.raw))
    if not asides:
        return _polarity(text.words, vocabulary)
    rest = _RULED_OUT.sub(",", text.raw)
    negated, plain = _polarity(text_words(_phrasal(rest.lower())), vocabulary)
    for aside in asides:
        negated |= {_stem(w) for w in _content(text_words(aside.group(1).lower()))}
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


def _comparisons(text: _Text) -> list[tuple[int, set[str], set[str]]]:
    """(direction, stems said only before "than", stems said only after it) of each "more
    X than Y" of the text."""
    out = []
    for m in _COMPARISON.finditer(text.spaced):
        first = {_stem(w) for w in _content(m.group(2).split())}
        second = {_stem(w) for w in _content(m.group(3).split())}
        out.append((_MORE[m.group(1)], first - second, second - first))
    return out


def _mirrored(claim: _Text, passage: _Text) -> int:
    """+1 when a comparison of the claim puts the passage's two sides the other way round
    in the same direction ("less on A than on B" for "less on B than on A"), -1 when it
    turns both the sides and the direction ("more on B than on A": the same thing said the
    other way), else 0."""
    for direction, a, b in _comparisons(claim):
        for their_direction, x, y in _comparisons(passage):
            if (a & y) - x and (b & x) - y:
                return 1 if direction == their_direction else -1
    return 0


def _comparison_clash(claim: _Text, passage: _Text) -> str | None:
    if _mirrored(claim, passage) == 1:
        return "the claim turns the passage's comparison round"
    return None


def _local_antonym_clash(claim: _Text, passage: _Text) -> str | None:
    """An opposite of the sentence the claim restates, when the passage says the claim's
    word elsewhere: against "... - Expand ... of public think tanks - Enhance ... by
    revitalizing private think tanks", "by revitalizing public think tanks" keeps every
    word of the passage. The sentence must hold most of the claim's words, and the claim
    must not say the sentence's word too ("replace short-term approaches with a long-term
    system" says both)."""
    sentences = [_Text.of(x, passage.lexicon) for x in _SENTENCE_OR_ITEM.split(passage.raw)
                 if x.strip()]
    if len(sentences) < 2:
        return None
    mine = _content(claim.parts)
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


def _antonym_clash(claim: _Text, passage: _Text) -> str | None:
    pair = _opposite(claim, passage)
    return None if pair is None else f"the claim says '{pair[0]}' where the passage says '{pair[1]}'"


def _opposite(claim: _Text, passage: _Text) -> tuple[str, str] | None:
    """(the claim's word, the passage's word) of an opposite pair, listed or WordNet's."""
    said = {_stem(w) for w in claim.parts}
    restated = _mirrored(claim, passage) == -1
    for a, b in ANTONYMS:
        for mine, theirs in ((a, b), (b, a)):
            if restated and mine in _MORE and theirs in _MORE:
                continue
            if _stem(mine) in said and passage.has(theirs, wordnet=False) and not passage.has(mine):
                return mine, passage.own(theirs)
    return _opposed(claim, passage)


def _opposed(claim: _Text, passage: _Text) -> tuple[str, str] | None:
    """A word the claim says plainly that WordNet opposes to a word the passage says
    plainly: "shortened" where it says "lengthened", "lets" where it says "forbids". Under
    a negation the two agree ("did not change" and "remained"); words with a negative
    prefix ("unclear"/"clear") are the negation checks' part."""
    lexicon = claim.lexicon
    if lexicon is None:
        return None
    theirs_plain = _polarity(passage.words, set(passage.words))[1]
    mine_plain = _polarity(claim.words, set(claim.words))[1]
    theirs = [w for w in dict.fromkeys(_content(passage.parts))
              if _stem(w) in theirs_plain and not claim.has(w)]
    for mine in dict.fromkeys(_content(claim.parts)):
        if _stem(mine) not in mine_plain or passage.has(mine) or mine in NUMBER_WORDS:
            continue
        opposite_of_mine, my_bases = lexicon.opposites(mine), lexicon.bases(mine)
        for word in theirs:
            if _unprefixed(mine, {word}) or _unprefixed(word, {mine}):
                continue
            if lexicon.bases(word) & opposite_of_mine or my_bases & lexicon.opposites(word):
                return mine, word
    return None


def _share(text: _Text) -> str | None:
    """"majority" or "minority" when the text gives a share that way ("most", "fewer than
    half"); the minority phrases are read first, since "fewer than half" holds "half"."""
    spaced = text.spaced.replace(" too few ", " ")  # "too few staff" is no share
    for kind, phrases in (("minority", MINORITY), ("majority", MAJORITY)):
        if any(f" {p} " in spaced for p in phrases):
            return kind
    return None


_ONCE_PER = {"annual": "year", "annually": "year", "yearly": "year", "monthly": "month",
             "weekly": "week", "daily": "day"}


def _frequency(text: _Text) -> dict[str, str]:
    """Unit -> count of each "every N units" ("every three years" -> year: 3; "every year",
    "once a year", "annual" -> year: 1)."""
    found = {_ONCE_PER[w]: "1" for w in text.words if w in _ONCE_PER}
    joined = text.spaced
    for n, unit in re.findall(r"\bevery (?:(\w+) )?(day|week|month|year|decade)s?\b", joined):
        found[unit] = NUMBER_WORDS.get(n, n) if n else "1"
    for unit in re.findall(r"\bonce (?:a|per|every) (day|week|month|year|decade)\b", joined):
        found[unit] = "1"
    return found


def _direction(text: _Text) -> tuple[set[str], set[str]] | None:
    """The content stems of the two ends of a "from X to Y" (up to three words each)."""
    match = re.search(r"\bfrom ((?:[\w-]+ ){1,3}?)to ((?:[\w-]+ ?){1,3})", text.spaced.strip())
    if not match:
        return None
    ends = [{_stem(w) for w in _content(group.split())} for group in match.groups()]
    return (ends[0], ends[1]) if all(ends) else None


def _measure_clash(claim: _Text, passage: _Text) -> str | None:
    """A share, a degree, a frequency, a direction or a unit of time that differs: "most"
    for "fewer than half", "sharply" for "slightly", "every year" for "every three years",
    "from the ports to the capital" for the reverse, "about a year" for "within a month"."""
    mine, theirs = _share(claim), _share(passage)
    if mine and theirs and mine != theirs:
        return f"the claim gives a {mine} where the passage gives a {theirs}"
    for strong, weak in ((STRONG_DEGREE, WEAK_DEGREE), (WEAK_DEGREE, STRONG_DEGREE)):
        said, told = strong & set(claim.words), weak & set(passage.words)
        if said and told and not strong & set(passage.words):
            return f"the claim says '{sorted(said)[0]}' where the passage says '{sorted(told)[0]}'"
    often, their_often = _frequency(claim), _frequency(passage)
    for unit, n in often.items():
        if unit in their_often and their_often[unit] != n:
            return f"the claim says every {n} {unit}(s) where the passage says every {their_often[unit]}"
    if often and their_often and not often.keys() & their_often.keys():
        return (f"the claim says every {min(often)} where the passage says every "
                f"{min(their_often)}")
    moved, their_moved = _direction(claim), _direction(passage)
    if moved and their_moved and moved[0] & their_moved[1] and moved[1] & their_moved[0] \
            and not moved[0] & their_moved[0]:
        return "the claim turns round the direction the passage gives (from ... to ...)"
    units = {u for u in TIME_UNITS if any(_stem(w) == u for w in claim.words)}
    their_units = {u for u in TIME_UNITS if any(_stem(w) == u for w in passage.words)}
    if units and their_units and not units & their_units:
        return (f"the claim speaks of a {sorted(units)[0]} where the passage speaks of a "
                f"{sorted(their_units)[0]}")
    return None


_SEASONS = ("spring", "summer", "autumn", "fall", "winter", "quarter", "term", "semester")
_EVERY_TIME = re.compile(rf" (?:every|each) (?:other |\w+ )?(?:{'|'.join(TIME_UNITS + _SEASONS)})s? ")


def _quantifiers(text: _Text) -> set[str]:
    """The text's words, less the frequencies ("every two years")."""
    return set(_EVERY_TIME.sub(" ", text.spaced).split())


def _quantifier_clash(claim: _Text, passage: _Text) -> str | None:
    """"all" against "some" or "only", "some" against "all", an "only" the passage never
    says. "every"/"each" before a time ("every two years", "each spring") is a frequency,
    not a quantity."""
    mine, theirs = _quantifiers(claim), _quantifiers(passage)
    # "only a small share" where the passage says "a small share": emphasis, not a limit
    small = re.findall(r" (?:only|just) (?:a )?(small|few|little|fraction|handful|minority) ", claim.spaced)
    if small and all(f" {w} " in passage.spaced for w in small):
        mine = mine - RESTRICTIVE
    if mine & RESTRICTIVE and not theirs & RESTRICTIVE:
        word = sorted(mine & RESTRICTIVE)[0]
        return f"the claim says '{word}', which the passage does not"
    if mine & UNIVERSAL and theirs & RESTRICTIVE and not theirs & UNIVERSAL:
        return f"the claim says '{sorted(mine & UNIVERSAL)[0]}' where the passage says " \
               f"'{sorted(theirs & RESTRICTIVE)[0]}'"
    if mine & UNIVERSAL and theirs & PARTIAL and not theirs & UNIVERSAL:
        return f"the claim says '{sorted(mine & UNIVERSAL)[0]}' where the passage says " \
               f"'{sorted(theirs & PARTIAL)[0]}'"
    if mine & PARTIAL and theirs & UNIVERSAL and not mine & UNIVERSAL:
        return f"the claim says '{sorted(mine & PARTIAL)[0]}' where the passage says " \
               f"'{sorted(theirs & UNIVERSAL)[0]}'"
    return None


def _modality_clash(claim: _Text, passage: _Text) -> str | None:
    """An obligation for a permission (or back), a deed done for one proposed."""
    mine, theirs = set(claim.words), set(passage.words)
    if mine & OBLIGATION and theirs & PERMISSION and not theirs & OBLIGATION:
        return "the claim makes an obligation of what the passage permits"
    if mine & PERMISSION and theirs & OBLIGATION and not theirs & PERMISSION:
        return "the claim makes a permission of what the passage requires"
    proposal = _proposes(passage)
    if proposal and mine & DONE and not theirs & DONE and not mine & PROPOSAL:
        return "the claim says it has been done; the passage proposes it"
    return None


def _proposes(passage: _Text) -> bool:
    """A passage that proposes or plans: it says so, or it opens with a bare imperative
    ("Establish a national control tower ..."), or one of its sentences or list items
    does (a heading and its bullets: "... - Introduce a long-term operation system")."""
    first = passage.words[0] if passage.words else ""
    return bool(set(passage.words) & {"propose", "proposes", "should", "need", "needs", "plan",
                                      "plans", "will", "recommend", "recommends", "suggest"}) \
        or first in PROPOSAL or bool(passage.imperatives)


# Where a sentence or a list item begins, once whitespace is normalised (a bullet reads
# " - " before a capital).
_ITEM = r"\s-\s(?=[A-Z])"
_SENTENCE_OR_ITEM = re.compile(rf"(?<=[.!?;])\s+|{_ITEM}")
# Where a sentence, list item or numbered heading begins, once whitespace is normalised.
_PIECE_START = re.compile(rf"(?<=[.!?;:])\s+|{_ITEM}|\s*\b\d{{1,2}}\.\s+(?=[A-Z])|■")


_LABEL = re.compile(r"^[\s*_]*\([^)]{1,40}\)[\s*_]*")


def _imperatives(passage: _Text) -> set[str]:
    """Stems of the verbs that open a sentence or list item in their base form: the
    report's suggestions ("Establish a national control tower", "Avoid short-term
    approaches"), with the verbs of its means and further steps ("by revitalizing", "and
    clarify"). Read with WordNet; without it, the listed proposal verbs."""
    found = set()
    for piece in _PIECE_START.split(passage.raw):
        piece = _LABEL.sub("", piece or "")  # "(Background) ...", "**(Fictional)** ..."
        words = text_words(piece.lower())
        if not words or not piece[:1].isupper():
            continue
        first = words[0]
        lexicon = passage.lexicon
        if first in PROPOSAL or (lexicon is not None and _base_verb(first, lexicon)):
            found.add(_stem(first))
            # the means and the further steps of the proposal are proposed too: "Enhance
            # ... by revitalizing private think tanks", "Establish a tower and clarify ..."
            found |= {_stem(w) for k, w in enumerate(words[1:], 1)
                      if words[k - 1] in ("by", "and") and (
                          (w.endswith("ing") and len(w) > 5)
                          or (lexicon is not None and lexicon.only_verb(w)))}
    return found


def _participle(word: str) -> bool:
    return (word.endswith("ed") and len(word) > 4) or (word in IRREGULAR and word.endswith(("n", "t", "d")))


def _deed(words: Sequence[str], i: int) -> bool:
    """A bare past form after its subject ("the council expanded its ..."); not a
    participle that modifies a noun ("a tower led by ...")."""
    return (_participle(words[i]) and i > 0 and words[i - 1] not in JUDGE_STOPWORDS
            and not (i + 1 < len(words) and words[i + 1] == "by"))


def _mood(words: Sequence[str], i: int) -> str | None:
    """What the auxiliaries before ``words[i]`` make of it: "obligation", "permission",
    "proposal" (plans, proposals and the future) or "done"; None when nothing marks it."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        t = words[j]
        if t in MOOD:
            direct = t in MODALS or words[i].endswith("ing")
            return MOOD[t] if direct or "to" in words[j + 1:i] else None
        if t in PERFECT or t in PAST_BE:
            return "done" if _participle(words[i]) else None
        if t not in BETWEEN and not t.endswith("ly"):
            break
        j -= 1
    return None


# Moods a claim may not give a verb the passage marks otherwise: (claim's, passage's).
_MOOD_CLASHES = {
    ("done", "proposal"): "the claim says '{w}' has happened; the passage plans or proposes it",
    ("done", "permission"): "the claim says '{w}' has happened; the passage says it may",
    ("proposal", "done"): "the claim puts '{w}' in the future; the passage says it has happened",
    ("proposal", "permission"): "the claim says '{w}' will happen; the passage says only that it may",
    ("obligation", "permission"): "the claim makes '{w}' an obligation; the passage permits it",
    ("permission", "obligation"): "the claim makes '{w}' a permission; the passage requires it",
    ("obligation", "done"): "the claim makes '{w}' an obligation; the passage says it has happened",
    ("permission", "proposal"): "the claim says only that '{w}' may happen; the passage says it will",
}


def _mood_clash(claim: _Text, passage: _Text) -> str | None:
    """A verb both texts use, marked differently: "has eased" for "should ease", "may
    screen" for "must screen", "will tighten" for "tightened". A bare past form in the
    passage ("the council expanded") counts as done; the passage's opening imperative
    ("Establish a ...") and any sentence or list item opening so as a proposal."""
    for i, w in enumerate(claim.words):
        if w in JUDGE_STOPWORDS:
            continue
        mine = _mood(claim.words, i) or ("done" if _deed(claim.words, i) else None)
        if mine is None:
            continue
        root = _stem(w)
        bare = "proposal" if root in passage.imperatives else None
        theirs = [_mood(passage.words, k) or ("proposal" if k == 0 else
                                              "done" if _deed(passage.words, k) else bare)
                  for k, v in enumerate(passage.words) if _stem(v) == root]
        if theirs and all((mine, t) in _MOOD_CLASHES for t in theirs):
            return _MOOD_CLASHES[(mine, theirs[0])].format(w=w)  # type: ignore[index]
    return None


def _sentences(raw: str) -> list[list[str]]:
    return [text_words(s.lower()) for s in re.split(r"(?<=[.!?;])\s+", raw) if s.strip()]


_BE = frozenset("be been being is are was were".split())
_NOUN_ENDINGS = ("al", "ion", "ions", "ment", "ments", "ance", "ence", "ity", "ness", "ship", "als")
_DETERMINERS = frozenset("""the a an its their his her our this these those every each all most
some many several few both""".split())


def _passive(words: Sequence[str], k: int) -> bool:
    """``words[k]`` is a participle after a form of "be" ("should be introduced"), or
    followed by "by" ("tower led by the office")."""
    if not _participle(words[k]):
        return False
    if k + 1 < len(words) and words[k + 1] == "by":
        return True
    j = k - 1
    while j >= 0 and (words[j] in BETWEEN - {"be", "been", "being"} or words[j].endswith("ly")):
        j -= 1
    return j >= 0 and words[j] in _BE


def _verb_like(words: Sequence[str], k: int) -> bool:
    """An auxiliary or modal governs it, it is passive, or it is followed by an article
    or a possessive ("fund the council", "advise the government")."""
    return (_mood(words, k) is not None or _passive(words, k)
            or (k + 1 < len(words) and words[k + 1] in _DETERMINERS and k > 0
                and words[k - 1] not in JUDGE_STOPWORDS))


def _sides(words: Sequence[str], k: int) -> tuple[set[str], set[str]]:
    """Stems of the content words on the doer's and on the done-to side of the verb at
    ``k``: before and after it, or in a passive the words after "by" and those before."""
    before = {_stem(w) for w in words[:k] if w not in JUDGE_STOPWORDS}
    if not _passive(words, k):
        return before, {_stem(w) for w in words[k + 1:] if w not in JUDGE_STOPWORDS}
    by = next((j for j in range(k + 1, len(words)) if words[j] == "by"), None)
    doer = set() if by is None else {_stem(w) for w in words[by + 1:] if w not in JUDGE_STOPWORDS}
    return doer, before


# Where two contrasted statements of one sentence part: "A has fallen, while B has
# doubled". Not "and": "the council expanded X and simplified Y" shares its subject.
_CONTRAST = re.compile(r";|\s(?:while|whilst|whereas|but|although)\s")


def _misplaced_predicate(claim: _Text, passage: _Text) -> str | None:
    """A verb the claim shares with the passage, said there of something else: in "the
    Nordic projects have fallen, while the Asian ones have doubled", "the Nordic projects
    have doubled" keeps every word and swaps what is said of what. Of the words a claim's
    statement shares with the passage, most must stand in the passage's statement that
    holds its verb (statements are cut where they are contrasted: "while", "whereas",
    "but", ";")."""
    theirs = [_Text.of(part) for part in _CONTRAST.split(passage.raw) if part.strip()]
    if len(theirs) < 2:
        return None
    for part in _CONTRAST.split(claim.raw):
        mine = _Text.of(part)
        for k, w in enumerate(mine.words):
            if w in JUDGE_STOPWORDS or not (_verb_like(mine.words, k) or _deed(mine.words, k)):
                continue
            holding = [t for t in theirs if _stem(w) in t.stems]
            if not holding or len(holding) == len(theirs):
                continue
            shared = {_stem(x) for x in _content(mine.parts) if x != w and passage.has(x)}
            if len(shared) < 2:
                continue
            best = max(holding, key=lambda t: len(shared & t.stems))
            if len(shared & best.stems) < 0.5 * len(shared):
                other = [x for x in _content(best.words) if _stem(x) != _stem(w) and not mine.has(x)]
                return (f"the passage says '{w}' of '{' '.join(other[:2]) or 'something else'}'"
                        f", not of what the claim names")
    return None


# Where a sentence goes on to a second statement: a contrast, a new sentence or list item
# (" - " before a capital, as bullets read once whitespace is normalised), ", and"
# / ", after" before the next statement, "and" before a verb that takes an object ("and
# close the archive") or before "to" ("and to close ..."). Not a bare "and" inside a noun
# phrase ("public and private universities", "the ministry and the agency fund ...").
_STATEMENT = re.compile(rf"{_SENTENCE_OR_ITEM.pattern}|\s(?:while|whilst|whereas|but|although)\s"
                        r"|,\s*(?:and|after)\s|\sand\s(?=to\s|\w+\s(?:the|a|an|its|their)\s)")
# Words by which a statement points back to the one before it ("it plans to ...",
# "the universities review them").
_BACK_REFERENCE = frozenset("it its they them their this these".split())
_ARTICLES = frozenset("the a an its their his her our this these those".split())
# An opening phrase that sets the scene for the whole sentence ("Since 2021, ...").
_OPENING = re.compile(r"^\s*(?:\([^)]*\)\s*)?"
                      r"(?:since|from|in|under|after|until|by|for|during|with)\b[^,]{0,60},", re.I)


@dataclass
class _Statement:
    own: _Text  # its own words, with the sentence's opening phrase
    said: _Text  # those, and what it borrows from the statement before
    done: _Text  # the words that can be done to: its own (with the sentence's opening),
    # and the borrowed ones only when it points back ("review them")
    points_back: bool = False  # says "it", "they", "them" ... of the statement before


def _statements(raw: str) -> list[_Statement]:
    """The statements of a passage. One that goes on without a subject of its own ("...
    and close the archive") or points back ("it plans", "review them") borrows the words
    of the one before; a sentence's opening phrase ("Since 2021,") belongs to all of its
    statements, and a heading over list items is what each item is about ("Widen access to
    the seed vaults - Publish the vault catalogue online")."""
    out: list[_Statement] = []
    previous, opening = "", ""
    items = re.split(_ITEM, raw)
    head = items[0] if len(items) > 1 else ""
    for sentence in _SENTENCE_OR_ITEM.split(raw):
        heading = head if head and sentence != head else ""
        m = _OPENING.match(sentence)
        opening = m.group() if m else ""
        for piece in _STATEMENT.split(sentence):
            words = text_words(piece.lower()) if piece else []
            if not words:
                continue
            first = words[1] if words[0] in ("and", "then") and len(words) > 1 else words[0]
            continues = (first in MODALS or first == "to" or first.endswith("ing")
                         or _participle(first) or first in IRREGULAR
                         or (len(words) > 1 and words[1] in _ARTICLES
                             and first not in JUDGE_STOPWORDS))
            points_back = bool(set(words) & _BACK_REFERENCE)
            # what it is done to is the last statement's when it says "review them", "their
            # lodging"; not for a subject "it", nor "its", which is mostly its own subject's
            done_back = bool(set(words[1:]) & (_BACK_REFERENCE - {"its"}))
            borrowed = previous if continues or points_back else ""
            out.append(_Statement(_Text.of(f"{opening} {piece}"),
                                  _Text.of(" ".join((heading, opening, borrowed, piece))),
                                  _Text.of(" ".join((heading, opening, borrowed if done_back else "",
                                                     piece))),
                                  points_back))
            previous = f"{borrowed} {piece}"
    return out


def _claim_verb(words: Sequence[str], k: int) -> bool:
    """A verb of the claim: marked by an auxiliary, passive, a bare past form after its
    subject, or followed by an article ("trains the pilots")."""
    w = words[k]
    if w in JUDGE_STOPWORDS or w in LIGHT_VERBS or w.endswith(_NOUN_ENDINGS):
        return False
    return (_mood(words, k) is not None or _passive(words, k) or _deed(words, k)
            or (k > 0 and words[k - 1] == "by" and w.endswith("ing"))  # "by introducing"
            or (k > 0 and words[k - 1] not in JUDGE_STOPWORDS
                and (w in IRREGULAR or (k + 1 < len(words) and words[k + 1] in _ARTICLES))))


def _statement_mood(statement: _Statement, verb: str) -> str | None:
    words = statement.own.words
    k = next((i for i, v in enumerate(words) if _stem(v) == _stem(verb)), None)
    if k is None:
        return None
    return _mood(words, k) or ("done" if _deed(words, k) else None)


def _fits(statement: _Statement, doers: Sequence[str], done: Sequence[str]) -> bool:
    """The statement names the doer nearest the verb and at least half of the others,
    and at least half of what the verb is done to: by its own words, or by at least one
    of them and the rest from the statement it goes on from ("they must delete the
    copies" of "patient records")."""
    said = [statement.said.has(d, wordnet=False) for d in doers]
    own = sum(statement.done.has(d, wordnet=False) for d in done)
    borrowed = sum(statement.said.has(d, wordnet=False) for d in done)
    objects = 2 * own >= len(done) or (statement.points_back and own > 0
                                       and 2 * borrowed >= len(done))
    return (not said or (said[-1] and 2 * sum(said) >= len(said))) and objects


def _crossed_statements(claim: _Text, passage: _Text) -> str | None:
    """A verb the passage says in one statement, joined in the claim to the doer or the
    object of another: against "the agency will modernise its stations next year and
    close the archive in 2030", "the agency will close its stations next year" keeps every
    word. Each claim verb must find a passage statement that holds it, names the doer
    the claim gives it (up to a comma; a statement that goes on without a subject of its
    own, or says "it", borrows the one before), and holds at least half of the nearest
    three words it is done to."""
    theirs = _statements(passage.raw)
    if len(theirs) < 2:
        return None
    for piece in _STATEMENT.split(claim.raw):
        for chunk in (piece or "").split(","):
            words = text_words(_phrasal(chunk.lower()))
            for k, w in enumerate(words):
                if not _claim_verb(words, k):
                    continue
                holding = [t for t in theirs if _stem(w) in t.own.stems]
                if not holding:
                    continue
                passive = _passive(words, k)
                if passive:
                    by = next((j for j in range(k + 1, len(words)) if words[j] == "by"), None)
                    # the doer is the phrase after "by", up to the clause's own verb ("... by
                    # Brisk's universities are employed"); nearest last, as for an active verb
                    after = words[by + 1:] if by is not None else []
                    end = next((j for j, v in enumerate(after) if v in _BE or v in MODALS),
                               len(after))
                    doer_side = list(reversed(after[:end]))
                    done_side = list(reversed(words[:k]))
                else:
                    doer_side, done_side = words[:k], words[k + 1:]
                # A country is left out: a report about it names it once, in a heading.
                doers = [x for x in _content(doer_side)
                         if passage.has(x, wordnet=False) and x.replace("'s", "") not in PLACES]
                # a participle after its noun ("technicians trained by universities") is
                # done to that noun alone
                reduced = passive and not _BE & set(words[max(0, k - 3):k])
                done = [x for x in _content(done_side)
                        if passage.has(x, wordnet=False)][:1 if reduced else 4 if passive else 3]
                fitting = [t for t in holding if _fits(t, doers, done)]
                if not fitting:
                    return f"the passage says '{w}' in a statement about something else"
                # The statement it comes from marks the verb otherwise: "may publish the
                # agreements" where the passage says "must publish the agreements, and it
                # may also publish the names".
                mine = _mood(words, k) or ("done" if _deed(words, k) else None)
                moods = [_statement_mood(t, w) for t in fitting]
                if mine and all((mine, m) in _MOOD_CLASHES for m in moods):
                    return _MOOD_CLASHES[(mine, moods[0])].format(w=w)  # type: ignore[index]
    return None


# Connectives whose two sides are not interchangeable: what is received "from" whom, what
# is given priority "over" what.
_ASYMMETRIC = frozenset({"from", "over", "to"})  # "to": the recipient ("supplies metals to B")
_DETERMINERS = frozenset("the a an its their his her our each every this that these those".split())
_PHRASE_END = JUDGE_STOPWORDS | {"before", "after", "when", "while", "until", "since", "during",
                                 "because", "unless", "once"}


def _sides_of(raw: str) -> list[tuple[str, set[str], tuple[str, ...]]]:
    """For each asymmetric connective of each sentence: the connective, the stems of the
    content words before it in that sentence, and the words of the noun phrase right after
    it (its determiners skipped; none when a number follows, "from 2026", "over 50").
    "to" counts only before a noun (with WordNet's data at hand to tell)."""
    words = lexicon()
    found = []
    for sentence in _SENTENCE_OR_ITEM.split(raw):
        tokens = text_words(sentence.lower())
        for i, word in enumerate(tokens):
            if word not in _ASYMMETRIC:
                continue
            if word == "to" and (words is None or i + 1 == len(tokens)
                                 or _base_verb(tokens[i + 1], words)):
                continue  # "to respond": a purpose or complement, no recipient
            phrase: list[str] = []
            for nxt in tokens[i + 1:]:
                if nxt in _DETERMINERS and not phrase:
                    continue
                if nxt in _PHRASE_END or nxt[0].isdigit() or len(phrase) == 3:
                    break
                phrase.append(nxt)
            if phrase:
                found.append((word, {stem(w) for w in _content(tokens[:i])}, tuple(phrase)))
    return found


def _base_verb(word: str, words: Lexicon) -> bool:
    """``word`` is a verb in its base form ("respond", "establish"), whatever else it can
    be: an imperative that opens a proposal, an infinitive after "to"."""
    return (word, "v") in words.lemmas(word)


def _traded_sides(claim: _Text, passage: _Text) -> str | None:
    """The two sides of "from" or "over" traded: "the council receives figures from the
    office" where the office receives them from the council; "coastal stations priority
    over inland stations" the other way round. The noun phrase after the connective in
    the claim stands before it in the passage, and the passage's stands before it in the
    claim. (Moving a phrase elsewhere in the sentence keeps the phrase after the
    connective, and so is no flip.)"""
    theirs = _sides_of(passage.raw)
    for word, before, phrase in _sides_of(claim.raw):
        for other_word, other_before, other in theirs:
            # the words that tell the two phrases apart ("inland" / "coastal" stations)
            mine = {stem(w) for w in phrase} - {stem(w) for w in other}
            others = {stem(w) for w in other} - {stem(w) for w in phrase}
            if other_word == word and mine & other_before and others & before:
                return (f"'{word} {' '.join(phrase)}' is the other way round: the passage "
                        f"says '{word} {' '.join(other)}'")
    return None


# --------------------------------------------------------------- what goes with what
# Where a sentence's statements part for dating: commas, contrasts, and an "and" before a
# number ("9 members in 2021 and 15 in 2025").
_WHILE = r"\s(?:while|whilst|whereas|but)\s"  # "A has fallen, while B has doubled"
_DATED_BREAK = re.compile(rf"[,;]|{_WHILE}|\sand\s(?=\d)")


def _dated_pieces(raw: str) -> list[tuple[set[str], set[str]]]:
    """The years and the other numbers of each piece of each sentence. A sentence's
    opening phrase ("By 2024, ...") belongs to every piece of it."""
    out = []
    for sentence in _SENTENCE_OR_ITEM.split(raw):
        sentence = re.sub(r"\bbetween (\d+) and (\d+)", r"between \1 to \2", sentence)
        opening = _OPENING.match(sentence)
        head = opening.group() if opening else ""
        for piece in _DATED_BREAK.split(sentence[len(head):]):
            numbers = _numbers(text_words(f"{head} {piece}".lower()))
            years = {n for n in numbers if _YEAR.fullmatch(n)}
            out.append((years, numbers - years))
    return out


_START_VALUE = re.compile(rf"\bfrom (?:about |around |roughly )?(?!{_YEAR.pattern}\b)\d[\d.,]*"
                          r"(?: (?:hundred|thousand|million|billion))?")


def _shifted_number(claim: _Text, passage: _Text) -> str | None:
    """A figure moved to another year of the same sentence: "40 fellowships in 2020" where
    the passage gives 40 for 2023 and 25 for 2020. Each figure the claim dates must stand
    in a piece of the passage with that year, or in one with no year at all."""
    theirs = _dated_pieces(passage.raw)
    dated = set().union(*(years for years, _ in theirs))
    # a figure the claim starts from ("doubled from 40 million by 2022") is not dated by it
    for years, figures in _dated_pieces(_START_VALUE.sub(" ", claim.raw)):
        if len(years) != 1 or not years <= dated:
            continue
        (year,) = years
        for figure in sorted(figures):
            holding = [y for y, f in theirs if figure in f]
            if holding and all(y and year not in y for y in holding):
                return f"the passage gives {figure} for {min(holding[0])}, not for {year}"
    return None


_DATED_WORD = re.compile(r"\b([a-z][\w-]*) (?:in|since|from|until|by|during|after|before) "
                         rf"({_YEAR.pattern})\b")


def _shifted_event(claim: _Text, passage: _Text) -> str | None:
    """An event moved to another year of the passage: "took effect in 2022" where the
    passage says it "was announced in 2022 and took effect in 2024". Read from the word
    right before "in 2022" (or "since", "by" ...)."""
    def dated(text: _Text) -> list[tuple[str, str, str]]:
        """(stem, word, year) of each word dated; not a unit after a figure ("18 percent
        in 2022": the figure's year is _shifted_number's to check)."""
        found = []
        for m in _DATED_WORD.finditer(text.spaced):
            before = text.spaced[:m.start()].split()[-1:]
            if m.group(1) not in JUDGE_STOPWORDS and not (before and _numbers(before)):
                found.append((_stem(m.group(1)), m.group(1), m.group(2)))
        return found

    theirs = dated(passage)
    for stem_, word, year in dated(claim):
        years = {y for s, _, y in theirs if s == stem_}
        other = sorted({w for s, w, y in theirs if y == year and s != stem_})
        if years and year not in years and other:
            return (f"the passage dates '{word}' to {min(years)}; {year} is when "
                    f"'{other[0]}' happened")
    return None


def _ended(claim: _Text, passage: _Text) -> str | None:
    """"Still" for what the passage says lasted "until 2022" and is now otherwise."""
    if "still" not in claim.words or "still" in passage.words or "now" not in passage.words:
        return None
    until = re.search(rf"\buntil (recently|{_YEAR.pattern})\b", passage.spaced)
    return f"the passage says it lasted until {until.group(1)}" if until else None


_MOSTLY = re.compile(r"\b(?:most|mostly|mainly|largely|primarily|chiefly|majority)\b")
_REMAINDER = re.compile(r"\b(?:remainder|rest|small share|small part|fraction|few|minority"
                        r"|a little)\b")


def _majority_moved(claim: _Text, passage: _Text) -> str | None:
    """"Most" said of what the passage gives the remainder: "most of the budget funds
    climate studies" where "most goes to health projects, and a small share funds climate
    studies". The words after the claim's "most" must not be the remainder's own while
    the passage's majority goes to something the claim does not name."""
    mine = _MOSTLY.search(claim.spaced)
    if not mine:
        return None
    pieces = [_Text.of(p) for p in re.split(r"[,;]|\.\s|\s(?:while|whereas|but)\s", passage.raw)]
    major = [p for p in pieces if _MOSTLY.search(p.spaced) and not _REMAINDER.search(p.spaced)]
    minor = [p for p in pieces if _REMAINDER.search(p.spaced) and not _MOSTLY.search(p.spaced)]
    said = {_stem(w) for w in _content(text_words(claim.spaced[mine.end():]))}
    for big in major:
        tail = big.spaced[_MOSTLY.search(big.spaced).end():]  # type: ignore[union-attr]
        gets = {_stem(w) for w in _content(text_words(tail))}
        for small in minor:
            remainder = said & small.stems - big.stems
            if remainder and not gets - small.stems <= claim.stems:
                given = [w for w in _content(text_words(tail)) if _stem(w) not in small.stems]
                named = [w for w in _content(claim.words) if _stem(w) in remainder][-2:]
                return (f"the passage gives most to '{' '.join(given[-2:])}'; "
                        f"'{' '.join(named)}' gets the remainder")
    return None


_RULED_OUT = re.compile(r",\s*not ((?:the |a |an )?[^,]{3,60}?),")


def _ruled_out(claim: _Text, passage: _Text) -> str | None:
    """A subject the passage rules out in passing, named by the claim as the doer:
    "the foreign ministry signs" where "the science office, not the foreign ministry,
    signs"."""
    if set(claim.words) & (NEGATIONS | {"instead", "rather", "from", "no", "longer"}):
        return None
    for match in _RULED_OUT.finditer(passage.raw):
        phrase = " ".join(w for w in text_words(match.group(1).lower()) if w not in _ARTICLES)
        rest = _Text.of(passage.raw[:match.start()] + " " + passage.raw[match.end():])
        # not when the passage names it again ("..., and the universities pay their travel")
        if phrase and f" {phrase} " in claim.spaced and f" {phrase} " not in rest.spaced:
            return f"the passage says 'not {match.group(1)}'"
    return None


# Statements a sentence contrasts or joins with ", and": "coastal stations report every
# hour, while inland stations report once a day".
_JOINED = re.compile(rf";|,\s*and\s|{_WHILE}")


def _crossed_modifier(claim: _Text, passage: _Text) -> str | None:
    """A word taken from the other of two joined statements into the same slot: "inland
    weather stations report every hour" where coastal ones report every hour and inland
    ones once a day; "doubled its grants for physics" where grants for chemistry doubled
    and those for physics stayed flat. The claim is about the statement most of its
    telling words come from; a word it takes from another statement must not stand,
    beside a word both share, where that statement has a word of its own that the claim
    leaves out ("inland weather" where it says "coastal weather")."""
    raw = re.sub(r"^\s*\([^)]*\)\s*", "", passage.raw)  # "(Fictional) Northern ferries ..."
    theirs = [_Text.of(p) for p in _JOINED.split(raw) if p and p.strip()]
    if len(theirs) < 2:
        return None
    # The sentence's setting tells no statement from another: names ("in Merrow") and an
    # opening phrase ("Since 2021, ...").
    setting = {_stem(n) for n in _names(raw)} | {
        _stem(w) for sentence in _SENTENCE_OR_ITEM.split(raw)
        for m in [_OPENING.match(sentence)] if m for w in text_words(m.group().lower())}
    rows = [[_stem(w) for w in _content(t.words)] for t in theirs]
    spelled = {_stem(w): w for t in theirs for w in _content(t.words)}
    distinct = [set(row) - setting - set().union(*(set(r) for j, r in enumerate(rows) if j != i))
                for i, row in enumerate(rows)]
    for piece in _JOINED.split(claim.raw):
        own_words = _content(text_words(_phrasal((piece or "").lower())))
        mine = [_stem(w) for w in own_words]
        counts = [len(set(mine) & d) for d in distinct]
        best = max(counts)
        if not best or counts.count(best) > 1:
            continue
        i = counts.index(best)
        # a statement that points back ("it now shares one") says its words of the other's
        # subject too; one the claim restates as well (two or more of its own words) is no
        # source of a single word put in the wrong slot
        foreign = set().union(*(d for j, d in enumerate(distinct)
                                if j != i and not set(theirs[j].words) & _BACK_REFERENCE
                                and len(set(mine) & d) < 2))
        row = rows[i]
        for k, word in enumerate(mine):
            # a verb of the other statement is a paraphrase ("receive" for "go to"), not a
            # modifier or a noun put in the wrong slot
            if word not in foreign or (claim.lexicon is not None
                                       and claim.lexicon.only_verb(own_words[k])):
                continue
            for step in (-1, 1):  # the shared word beside it, before or after
                if not 0 <= k + step < len(mine) or mine[k + step] in setting:
                    continue
                for m in (m for m, w in enumerate(row) if w == mine[k + step]):
                    slot = m - step
                    if 0 <= slot < len(row) and row[slot] in distinct[i] and row[slot] not in mine:
                        pair = [spelled[row[slot]], own_words[k + step]]
                        return (f"the passage says '{' ... '.join(pair[::step])}', not "
                                f"'{own_words[k]}' (that is in its other statement)")
    return None


def _role_swap(claim: _Text, passage: _Text) -> str | None:
    """Agent and object swapped around a verb both texts use: "universities fund the
    council" against "the council funds universities". Needs the claim's doer on the
    passage's done-to side only, and one of the passage's doers on the claim's done-to side
    only (or the claim's object on the passage's doer side only)."""
    claim_words = claim.words
    occurrences = [(sentence, k) for sentence in _sentences(passage.raw)
                   for k, _ in enumerate(sentence)]
    for i, w in enumerate(claim_words):
        if w in JUDGE_STOPWORDS or w.endswith(_NOUN_ENDINGS) or not passage.has(w):
            continue  # "need approval from X" turns "X must approve" round: not a swap
        root = _stem(w)
        mine_doer, mine_done = _sides(claim_words, i)
        near_doer = _nearest(claim_words, i, passage, doer=True)
        near_done = _nearest(claim_words, i, passage, doer=False)
        if near_doer is None:
            continue
        verb_only = claim.lexicon is not None and claim.lexicon.only_verb(w)
        mine = (set(_near(claim_words, i, passage, True, 2)),
                set(_near(claim_words, i, passage, False, 2)))
        verdicts = []
        for sentence, k in occurrences:
            if _stem(sentence[k]) != root:
                continue
            marked = _verb_like(claim_words, i) or _verb_like(sentence, k)
            if not (marked or verb_only):
                continue
            doer, done = _sides(sentence, k)
            their_doer = _nearest(sentence, k, claim, doer=True)
            swapped = near_doer in done - doer and (
                (near_done is not None and near_done in doer - done)
                or (their_doer is not None and their_doer in mine_done - mine_doer))
            # The words right beside the verb traded places ("core technologies determine
            # international politics" / "international politics determines ... technologies")
            theirs = (set(_near(sentence, k, claim, True, 2)), set(_near(sentence, k, claim, False, 2)))
            crossed = (bool(mine[0] & theirs[1]) and bool(mine[1] & theirs[0])
                       and not mine[0] & theirs[0] and not mine[1] & theirs[1])
            verdicts.append((swapped and marked) or crossed)
        if verdicts and all(verdicts):
            return f"the claim swaps who does what around '{w}'"
    return None


def _nearest(words: Sequence[str], k: int, other: _Text, doer: bool) -> str | None:
    """The stem of the content word nearest to the verb at ``k`` on its doer's (or its
    done-to) side that ``other`` has."""
    near = _near(words, k, other, doer, 1)
    return near[0] if near else None


def _near(words: Sequence[str], k: int, other: _Text, doer: bool, count: int) -> list[str]:
    """The stems of up to ``count`` content words nearest to the verb at ``k`` on its
    doer's (or its done-to) side that ``other`` has, nearest first."""
    passive = _passive(words, k)
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
            found.append(_stem(w))
            if len(found) == count:
                break
    return found


def _bound_clash(claim: _Text, passage: _Text) -> str | None:
    """"at least two years" where the passage says "up to two years" (or back)."""
    def bounds(raw: str) -> dict[str, set[str]]:
        low = raw.lower()
        found: dict[str, set[str]] = {}
        for kind, phrases in (("lower", LOWER_BOUND), ("upper", UPPER_BOUND)):
            for phrase in phrases:
                for m in re.finditer(rf"\b{phrase} (\w+)", low):
                    for n in _numbers([m.group(1)]):
                        found.setdefault(n, set()).add(kind)
        return found

    mine, theirs = bounds(claim.raw), bounds(passage.raw)
    for number, kinds in mine.items():
        other = theirs.get(number, set())
        if other and not kinds & other:
            return f"the claim bounds {number} the other way from the passage"
        if not other and number in _numbers(passage.words) and "lower" in kinds:
            return f"the claim sets a lower bound on {number}; the passage does not"
    return None


def _ability_clash(claim: _Text, passage: _Text) -> str | None:
    """"Korea can respond flexibly" where the passage says "it is difficult to respond
    flexibly": a verb the passage calls hard or impossible, said by the claim to be
    possible (or the reverse)."""
    def marked(text: _Text, marks: frozenset[str]) -> set[str]:
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
                found.add(_stem(verb))
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


def _negation_clash(claim: _Text, passage: _Text) -> str | None:
    vocabulary = set(claim.words) | set(passage.words)
    claim_neg, claim_plain = _scoped_polarity(claim, vocabulary)
    passage_neg, passage_plain = _scoped_polarity(passage, vocabulary)
    for w in _content(claim.words):
        s = _stem(w)
        if s in claim_neg and s in passage_plain and s not in passage_neg:
            return f"the claim negates '{w}', the passage does not"
        # Only a claim with no negation of its own can contradict a negated passage word:
        # "are not funded" and "does not fund projects" negate different words, same sense.
        if not claim_neg and s in claim_plain and s in passage_neg and s not in passage_plain:
            return f"the passage negates '{w}', the claim does not"
    return None


def contradiction(claim: str, passages: Sequence[str]) -> str | None:
    """Why the passages say the opposite of ``claim`` (a reversed word or a negation), or
    None. Only the clash checks: a claim the passages merely do not cover is not
    contradicted."""
    c, p = _Text.of(claim), _Text.of(" ".join(passages))
    return _negation_clash(c, p) or _antonym_clash(c, p)


# "A happened before B": an order of two events the passage must give too, in one of these
# words ("expanded before the community shifted" is not "expanded as it shifted").
_ORDER_WORDS = {"before": frozenset("before prior earlier preceding preceded precede precedes until "
                                    "ahead".split()),
                "after": frozenset("after since following followed follow follows once later "
                                   "subsequently then".split())}
_ORDER = re.compile(r"(?<!\bthan )(?<!\bas )\b(before|after)\s+(?!\d|(?:the\s+)?(?:end|start|"
                    r"beginning|middle)\s+of\s+\d)(?=[a-z])", re.IGNORECASE)


def _unbacked_order(claim: _Text, passage: _Text) -> str | None:
    """An order of events the passage does not give: "expanded before the community
    shifted" where it says "expanded as the community shifted". Dates after "before" or
    "after" are the number and time checks' part."""
    if _YEAR.search(claim.raw):  # dated events: their years give the order
        return None
    for match in _ORDER.finditer(claim.raw):
        word = match.group(1).lower()
        if not _ORDER_WORDS[word] & set(passage.words):
            return f"the passage does not say that one thing happened {word} the other"
    return None


def _traded_opposites(claim: _Text, passage: _Text) -> str | None:
    """Two opposite words that both texts say, each put where the other stands: "a
    flexible system ... respond rigidly" where the passage says "a rigid system ... respond
    flexibly". Each word is placed by the content words beside it."""
    def places(text: _Text, word: str, pair: tuple[str, str]) -> set[str]:
        """The stems of the content words right before and after each place ``word``
        stands (the pair's own words left out)."""
        roots = [_stem(x)[:5] for x in pair]
        content = [w for w in text.words if w not in JUDGE_STOPWORDS]
        found: set[str] = set()
        for k, w in enumerate(content):
            if _stem(w)[:5] == _stem(word)[:5]:
                near = [x for x in content[max(0, k - 1):k] + content[k + 1:k + 2]
                        if _stem(x)[:5] not in roots]
                found |= {_stem(x) for x in near}
        return found

    both = {w[:5] for w in claim.stems} & {w[:5] for w in passage.stems}
    for pair in ANTONYMS:
        a, b = pair
        if _stem(a)[:5] not in both or _stem(b)[:5] not in both:
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


def _content(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in JUDGE_STOPWORDS and w not in NEGATIONS and len(w) > 1]


class OfflineJudge:
    """Lexical and embedding alignment with hard checks; no network, no LLM."""

    name = "offline"
    version = "17"

    # A claim word with no lexical match still counts as aligned when the embedder puts
    # it this close to some passage word (quickly ~ rapid, ministries ~ departments).
    word_similarity = 0.62
    # Every clause must have this share of its content words aligned (0.7 before version 3
    # checked predicates on their own; 0.65 chosen on judge_cases.jsonl and the flips).
    clause_coverage = 0.65

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def _embed_words(self, words: Sequence[str]) -> None:
        missing = sorted({w for w in words if w not in self._vectors})
        if missing:
            for w, v in zip(missing, self.embedder.embed(missing)):
                self._vectors[w] = v

    def _aligned(self, word: str, passage: _Text, passage_words: list[str]) -> bool:
        if passage.has(word):
            return True
        if not passage_words:
            return False
        self._embed_words([word, *passage_words])
        mine = self._vectors[word]
        return max(float(mine @ self._vectors[w]) for w in passage_words) >= self.word_similarity

    # A cause or purpose clause must be this well aligned: stricter than a whole clause,
    # since "because of a lack of funding" is a small part of a long claim.
    connective_coverage = 0.6

    def _unbacked_connective(self, claim: _Text, passage: _Text,
                             passage_words: list[str]) -> str | None:
        """A cause or purpose the claim adds ("because of a lack of funding", "to cut
        costs"): what follows the connective must be in the passage too. A bare "to" counts
        only before two or more content words ("hard to achieve" is no purpose)."""
        for match in CAUSE_OR_PURPOSE.finditer(claim.raw):
            tail = re.split(r"[,;:.]", claim.raw[match.end():], maxsplit=1)[0]
            words = _content(_Text.of(tail).parts)
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

    def _unnamed_agent(self, claim: _Text, passage: _Text, passage_words: list[str]) -> str | None:
        """A doer the claim gives with "by" ("led by the private sector", "reviewed by the
        council") that the passage does not name at all: a substituted agent."""
        for m in self._BY_AGENT.finditer(claim.raw.lower()):
            agent = [w for w in _content(text_words(m.group(3))) if not w.endswith("ing")]
            if not agent or _numbers(agent) or not _participle(m.group(1)):
                continue
            if not any(self._aligned(w, passage, passage_words) for w in agent):
                return f"the passage does not say it is {m.group(1)} by '{' '.join(agent)}'"
        return None

    def _substituted_verb(self, claim: _Text, passage: _Text, passage_words: list[str]) -> str | None:
        """A verb the claim marks with an auxiliary ("should tighten", "were split", "plans
        to withdraw") that nothing in the passage aligns with: the claim's predicate is not
        the passage's, however many of its nouns are."""
        for i, w in enumerate(claim.words):
            if (w in JUDGE_STOPWORDS or w in NEGATIONS or w in LIGHT_VERBS
                    or _mood(claim.words, i) is None
                    or self._aligned(w, passage, passage_words)):
                continue
            said = [v for k, v in enumerate(passage.words)
                    if v not in JUDGE_STOPWORDS and _mood(passage.words, k) and not claim.has(v)]
            return f"'{w}' is not what the passage says" + (f"; it says '{said[0]}'" if said else "")
        return None

    def judge(self, claim: str, passages: Sequence[str]) -> Verdict:
        text = " ".join(passages)
        c, p = _Text.of(claim), _Text.of(text)
        core = c.raw.lower().rstrip(" .;:!")
        if not _content(c.words):
            return Verdict(False, 0.0, "the claim has no content words")
        if core and core in p.raw.lower():
            return Verdict(True, 1.0, "quoted verbatim")
        c.lexicon = p.lexicon = lexicon()  # loaded on the first claim that needs it
        between = _years_between(c, p)
        missing_numbers = sorted(_numbers(c.words) - _numbers(p.words) - _singular(p) - between)
        if missing_numbers:
            return Verdict(False, 0.0, f"number/date {missing_numbers[0]!r} is not in the passage")
        for name in _names(c.raw):
            if not (p.has(name) or _spelled_out(name, p) or _implied_country(name, p)):
                return Verdict(False, 0.0, f"'{name}' is not in the passage")
        passage_words = sorted(set(_content(p.parts)))
        clash = (_negation_clash(c, p) or _comparison_clash(c, p) or _antonym_clash(c, p)
                 or _local_antonym_clash(c, p)
                 or _quantifier_clash(c, p)
                 or _measure_clash(c, p)
                 or _bound_clash(c, p) or _modality_clash(c, p) or _mood_clash(c, p)
                 or _role_swap(c, p) or _traded_sides(c, p) or _misplaced_predicate(c, p)
                 or _shifted_number(c, p) or _shifted_event(c, p) or _ended(c, p)
                 or _majority_moved(c, p) or _ruled_out(c, p) or _crossed_modifier(c, p)
                 or _crossed_statements(c, p) or _unbacked_order(c, p) or _traded_opposites(c, p)
                 or _ability_clash(c, p) or self._unnamed_agent(c, p, passage_words)
                 or self._substituted_verb(c, p, passage_words)
                 or self._unbacked_connective(c, p, passage_words))
        if clash:
            return Verdict(False, 0.0, clash)
        worst, worst_clause = 1.0, ""
        for clause in _clauses(c.raw):
            # a span of years counted between the passage's years is said by them
            words = [w for w in _content(_Text.of(clause).parts)
                     if not (between and (_numbers([w]) & between or w in ("year", "years")))]
            if not words:
                continue
            aligned = sum(self._aligned(w, p, passage_words) for w in words)
            share = aligned / len(words)
            if share < worst:
                worst, worst_clause = share, clause
        if worst < self.clause_coverage:
            return Verdict(False, round(worst, 3),
                           f"only {worst:.0%} of '{worst_clause.strip()}' is in the passage")
        return Verdict(True, round(worst, 3), f"{worst:.0%} of the claim's words are aligned")


def _clauses(text: str) -> list[str]:
    """Split at commas and conjunctions; fragments of under two content words join the next."""
    pieces = [x for x in CLAUSE_BREAK.split(text) if x and x.strip()]
    out: list[str] = []
    carry = ""
    for piece in pieces:
        merged = f"{carry} {piece}".strip()
        if len(_content(_Text.of(merged).words)) < 2:
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


class LLMJudge:
    """Asks a language model (any OpenAI-compatible endpoint) with prompts/judge.md.
    Only as good as the model: its accuracy on the judge cases is in every report."""

    name = "llm"

    def __init__(self, client: OpenAIChat, prompt: Prompt) -> None:
        self.client = client
        self.prompt = prompt
        self.version = f"{prompt.label}/{client.model}"

    def judge(self, claim: str, passages: Sequence[str]) -> Verdict:
        numbered = "\n".join(f"[{i}] {p}" for i, p in enumerate(passages, 1))
        reply = self.client.complete(
            self.prompt.messages(passages=numbered, claim=claim), max_tokens=8
        )
        word = reply.strip().upper()
        if word.startswith(("UNSUPPORTED", "NOT SUPPORTED", "NO")):
            return Verdict(False, 0.0, f"LLM: {reply.strip()[:60]}")
        if word.startswith(("SUPPORTED", "YES")):
            return Verdict(True, 1.0, f"LLM: {reply.strip()[:60]}")
        return Verdict(False, 0.0, f"LLM reply not understood, counted unsupported: {reply[:60]!r}")


JudgeFactory = Callable[["Settings", "Embedder"], Judge]


def _offline(settings: Settings, embedder: Embedder) -> Judge:
    return OfflineJudge(embedder)


def _llm(settings: Settings, embedder: Embedder) -> Judge:
    from stepqa.answer.clients import OpenAIChat
    from stepqa.answer.prompts import load_prompt

    return LLMJudge(OpenAIChat.from_settings(settings), load_prompt(settings.prompts_dir, "judge"))


JUDGES: dict[str, JudgeFactory] = {"offline": _offline, "llm": _llm}


def make_judge(name: str, settings: Settings, embedder: Embedder) -> Judge:
    try:
        return JUDGES[name](settings, embedder)
    except KeyError:
        raise ConfigError(
            f"unknown judge {name!r}", "available: " + ", ".join(sorted(JUDGES))
        ) from None
