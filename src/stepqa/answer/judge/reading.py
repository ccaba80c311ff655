"""How the offline judge reads a text: normalised, tokenised and stemmed (Text), with its
numbers, names, two-word verbs and the imperatives that open its sentences. Every check
module of the judge reads through here."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from stepqa.answer.judge.words import (
    IRREGULAR,
    JUDGE_STOPWORDS,
    MONTHS,
    NEGATIONS,
    NUMBER_WORDS,
    PHRASAL,
    PLACES,
    PROPOSAL,
    SYNONYMS,
)
from stepqa.answer.lexicon import Lexicon
from stepqa.text import stem
from stepqa.text import words as text_words


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"),
                 ("**", ""), ("■", " "), ("·", " ")):
        text = text.replace(a, b)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 50,000 -> 50000
    return " ".join(text.split())


def word_stem(word: str) -> str:
    word = word.replace("'s", "").replace("’s", "")
    return stem(IRREGULAR.get(word, word))


def _same_word(a: str, b: str) -> bool:
    """Equal stems, or one a clear prefix of the other (Korea/Korean, Japan/Japanese); a
    stem under five letters only by itself ("halv" is no prefix of "halvard")."""
    if a == b:
        return True
    n = len(a) if len(a) < len(b) else len(b)
    if n < 5:
        return False
    common = 0
    while common < n and a[common] == b[common]:
        common += 1
    # and the longer goes at most three letters further ("Korean", "Japanese", "European";
    # not "nationalise" of "nation")
    return common >= 4 and common >= 0.75 * n and max(len(a), len(b)) - common <= 3


@dataclass
class Text:
    """A text split the ways the judge looks at it."""

    raw: str
    words: list[str]  # lowercase tokens, hyphenated words kept whole
    parts: list[str]  # tokens with hyphenated words also split ("us-china" -> us, china)
    stems: set[str]
    lexicon: Lexicon | None = None  # WordNet's synonyms, when the caller reads with them

    @classmethod
    def of(cls, text: str, lexicon: Lexicon | None = None) -> Text:
        raw = _normalise(text)
        words = text_words(phrasal(raw.lower()))
        parts = [p for w in words for p in ([w, *w.split("-")] if "-" in w else [w])]
        stems = {word_stem(p) for p in parts}
        return cls(raw, words, parts, stems, lexicon)

    def has(self, word: str, wordnet: bool = True) -> bool:
        """Does the text say ``word``: its stem, a word sharing a long prefix, a listed
        synonym, or (``wordnet``) a WordNet synonym? An opposite must be said outright,
        so the antonym checks look without WordNet ("several" shares a rare sense with
        "separate")."""
        stem = word_stem(word)
        # a function word is no prefix of a content word ("with" of "withdraw")
        return (stem in self.stems
                or any(_same_word(stem, s) for s in self.stems if s not in JUDGE_STOPWORDS)
                or bool(_SYNONYMS.get(stem, set()) & self.stems)
                or (wordnet and self._has_synonym(word)))

    def own(self, word: str) -> str:
        """The text's own word for ``word``: itself, or the listed synonym it says."""
        stem = word_stem(word)
        near = {stem} | _SYNONYMS.get(stem, set())
        return next((w for w in self.parts if word_stem(w) in near), word)

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
        return any(f" {s} " in self.spaced if " " in s else word_stem(s) in self.stems
                   for s in self.lexicon.synonyms(word) if s != word)


_SYNONYMS: dict[str, set[str]] = {}
for _group in SYNONYMS:
    _stems = {stem(w) for w in _group.split()}
    for _s in _stems:
        _SYNONYMS.setdefault(_s, set()).update(_stems - {_s})


def listed_synonyms(word: str) -> frozenset[str]:
    """The stems of the words the judge's list gives as synonyms of ``word`` ("scrap" ->
    abolish, end, eliminate ...)."""
    return frozenset(_SYNONYMS.get(word_stem(word), ()))


# Each two-word verb in any inflection ("set up", "sets up", "setting up"), and its sense.
_IRREGULAR_HEADS = {"take": ("took", "taken"), "come": ("came",), "deal": ("dealt",), "lay": ("laid",)}


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


# An obligation denied is a permission: "students do not have to join" may join, and need
# not ("voluntary"); read as "may", it is no negation of "join".
_NOT_OBLIGED = re.compile(r"\b(?:(?:do|does|did) not|don't|doesn't|didn't) (?:have|need) to\b"
                          r"|\bneed not\b|\bneedn't\b"
                          r"|\b(?:is|are|was|were) not (?:required|obliged) to\b")


def phrasal(text: str) -> str:
    """"setting up a tower" -> "establish a tower": two-word verbs as their one-word sense
    (and "do not have to" as "may")."""
    for pattern, verb in _PHRASAL:
        text = pattern.sub(verb, text)
    return _NOT_OBLIGED.sub("may", _FORWARD.sub(r"advance\1", text))


# Month names that are also ordinary words ("may merge", "march on"): a date only beside a
# day or a year ("May 2024", "1 May").
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})


def numbers_in(words: Sequence[str]) -> set[str]:
    found = set()
    for i, w in enumerate(words):
        beside = " ".join(words[max(0, i - 1):i + 2])
        for part in w.split("-"):
            if part == "one" and i and words[i - 1] in ("every", "each", "no", "any"):
                continue  # "every one of the labs": all of them, no count
            if part.isdigit() or re.fullmatch(r"\d+(?:\.\d+)?", part):
                found.add(part.lstrip("0") or "0")
            elif part in NUMBER_WORDS:
                found.add(NUMBER_WORDS[part])
            elif part in MONTHS and (part not in _AMBIGUOUS_MONTHS or re.search(r"\d", beside)):
                found.add(part[:3])
    return found


# Years: a four-digit number from 1800 to 2099.
YEAR = re.compile(r"(?:18|19|20)\d\d")


def names_in(raw: str) -> list[str]:
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


# Where a sentence or a list item begins, once whitespace is normalised (a bullet reads
# " - " before a capital).
ITEM = r"\s-\s(?=[A-Z])"
SENTENCE_OR_ITEM = re.compile(rf"(?<=[.!?;])\s+|{ITEM}")
# Where a sentence, list item or numbered heading begins, once whitespace is normalised.
_PIECE_START = re.compile(rf"(?<=[.!?;:])\s+|{ITEM}|\s*\b\d{{1,2}}\.\s+(?=[A-Z])|■")


_LABEL = re.compile(r"^[\s*_]*\([^)]{1,40}\)[\s*_]*")


def _imperatives(passage: Text) -> set[str]:
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
        if first in PROPOSAL or (lexicon is not None and base_verb(first, lexicon)):
            found.add(word_stem(first))
            # the means and the further steps of the proposal are proposed too: "Enhance
            # ... by revitalizing private think tanks", "Establish a tower and clarify ..."
            found |= {word_stem(w) for k, w in enumerate(words[1:], 1)
                      if words[k - 1] in ("by", "and") and (
                          (w.endswith("ing") and len(w) > 5)
                          or (lexicon is not None and lexicon.only_verb(w)))}
    return found


def sentence_words(raw: str) -> list[list[str]]:
    return [text_words(s.lower()) for s in re.split(r"(?<=[.!?;])\s+", raw) if s.strip()]
# An opening phrase that sets the scene for the whole sentence ("Since 2021, ...").
OPENING = re.compile(r"^\s*(?:\([^)]*\)\s*)?"
                      r"(?:since|from|in|under|after|until|by|for|during|with)\b[^,]{0,60},", re.I)


def base_verb(word: str, words: Lexicon) -> bool:
    """``word`` is a verb in its base form ("respond", "establish"), whatever else it can
    be: an imperative that opens a proposal, an infinitive after "to"."""
    return (word, "v") in words.lemmas(word)


# A contrast between two statements of one sentence: "A has fallen, while B has doubled".
WHILE = r"\s(?:while|whilst|whereas|but)\s"
# An aside that rules a subject out: "the science office, not the foreign ministry, signs".
RULED_OUT = re.compile(r",\s*not ((?:the |a |an )?[^,]{3,60}?),")


def content_words(words: Sequence[str]) -> list[str]:
    return [w for w in words if w not in JUDGE_STOPWORDS and w not in NEGATIONS and len(w) > 1]
