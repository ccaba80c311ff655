"""What a question asks for: its type, the count a list question names, its key terms, and
whether it is about the publication itself. Small, rule-based, offline; used by retrieval
policy (which passages to add), answerability (refuse when a key term is nowhere) and the
extractive answerer (which sentences fit the type). Beside text.py at the bottom layer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from stepqa.text import (
    ATTRIBUTION,
    KOREAN_PARTICLES,
    STOPWORDS,
    content_terms,
    korean_names,
    numbers_in,
    script,
    stem,
    words,
)

Kind = Literal["who", "when", "how_many", "how_much", "list", "why", "how", "yes_no",
               "compare", "which", "what"]
Wants = Literal["name", "role", "date", "number", "amount", "duration", "share", ""]
Facet = Literal["authors", "date", "volume", "title", "publisher", "series", ""]

_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# Korean counts a list with native numerals and 가지 ("kinds"): "다섯 가지 제안" = five proposals.
_KOREAN_COUNTS = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KOREAN_COUNTED = re.compile(r"(" + "|".join(_KOREAN_COUNTS) + r"|\d{1,2})\s*가지")
# "What are the five suggestions", "Name the four problems", "Which two measures": a count
# right after the asking words, then a plural noun (modifiers between allowed).
_COUNTED = re.compile(
    r"^\s*(?:what|which|name|list|give|identify|state|outline|describe|summari[sz]e|mention)"
    r"\s+(?:(?:are|were|is)\s+)?(?:the\s+|all\s+)?(?:[a-z]+['’]s\s+)?"
    r"(" + "|".join(_COUNTS) + r"|\d{1,2})\s+(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b", re.IGNORECASE)
_AUX = ("is", "are", "was", "were", "does", "do", "did", "can", "could", "should", "has",
        "have", "had", "will", "would", "must", "may", "might")
_MODALS = {"should", "could", "would", "must", "can", "will", "might", "may", "ought"}
# Nouns that ask for a named thing: "which ministry", "what countries", "which programme".
_ENTITY_NOUN = re.compile(
    r"(countr(?:y|ies)|nations?|econom(?:y|ies)|powers?|states?|ministr(?:y|ies)|departments?|"
    r"agenc(?:y|ies)|organi[sz]ations?|institutes?|institutions?|programm?es?|bod(?:y|ies)|"
    r"offices?|tanks?|compan(?:y|ies)|universit(?:y|ies)|cit(?:y|ies)|regions?|persons?|"
    r"people|officials?|ministers?)$")


# Of those, the ones that name an organisation: a country or a nationality is no answer to
# "Which ministry leads ...?" ("the Korean government", "US-China" name no ministry).
BODY_NOUNS = (r"ministr(?:y|ies)|departments?|agenc(?:y|ies)|organi[sz]ations?|institutes?|"
              r"institutions?|bod(?:y|ies)|offices?|compan(?:y|ies)|universit(?:y|ies)|bureaus?|"
              r"councils?|committees?|tanks?")
_BODY_NOUN = re.compile(rf"({BODY_NOUNS})$")


def names_a_kind_of_named_thing(noun: str) -> bool:
    """Is ``noun`` a kind of thing known by name ("countries", "powers", "ministries"),
    rather than a kind of thing said ("measures", "steps", "problems")?"""
    return bool(_ENTITY_NOUN.match(noun.lower()))


def _entity_asked(tokens: list[str]) -> list[str]:
    """"Which (major) economies ...": the noun phrase right after which/what, up to the first
    function word or verb, when it names a kind of named thing ([] otherwise). "What keeps
    Korean ministries from ...": a verb in -s right after "what" makes it the subject, and
    the question asks for a cause, not a name."""
    for i, w in enumerate(tokens):
        if w in {"which", "what"}:
            phrase = []
            for nxt in tokens[i + 1: i + 5]:
                if nxt in STOPWORDS or nxt in _AUX:
                    break
                phrase.append(nxt)
            if phrase and re.fullmatch(r"[a-z]+[^su]s", phrase[0]) and not _ENTITY_NOUN.match(phrase[0]):
                return []
            return phrase if any(_ENTITY_NOUN.match(w) for w in phrase) else []
    return []


_WHEN = re.compile(r"^\s*(?:since\s+)?when\b|\b(?:in\s+)?(?:which|what)\s+(?:year|month|date|day)\b",
                   re.IGNORECASE)
_COMPARE = re.compile(r"\b(compare|comparison|contrast|differ|differs|difference|differences|"
                      r"versus|vs\.?|both)\b", re.IGNORECASE)
# "What does the report propose?": a document's proposals as a whole, asked with a verb of
# proposing and nothing narrower (no topic of their own; these words at most).
_PROPOSING = re.compile(r"\b(?:propos\w*|recommend\w*|suggest\w*|advis\w*|urg(?:e|es|ed|ing)|"
                        r"calls?\s+for|implications?)\b")
_PROPOSALS_ONLY = frozenset(stem(w) for w in """suggestions recommendations proposals measures
implications policy policies actions steps main key overall general all""".split())
# Headings that open a document's proposals: "Suggestions for Measures ...", "Proposals",
# "Recommendations", "Policy implications".
PROPOSAL_HEADS = frozenset(stem(w) for w in
                           "suggestions recommendations proposals measures implications".split())


def heads_proposals(heading: str) -> bool:
    """Does this heading open a document's proposals ("Suggestions for ...", "Policy
    implications")? One of its first two words says so."""
    return any(stem(w.lower()) in PROPOSAL_HEADS for w in words(heading)[:2])


# The same in Korean: 제안 (proposal), 권고 and 권장 (recommendation), 제언 (suggestion),
# 건의, 방안 (measures), 제시 (put forward); 주요 (main), 핵심 (key), 정책 (policy), 사항
# (points) may stand beside them.
_KOREAN_PROPOSING = ("제안", "권고", "권장", "제언", "건의", "방안", "제시")
_KOREAN_PROPOSALS_ONLY = ("주요", "핵심", "정책", "사항", "내용", "전체", "모든", "무엇", "가지")


# Words that name a legal instrument: "Which law ...?" is answered by "the 2011 Harbour Act".
LEGAL_INSTRUMENTS = frozenset("""law laws act acts statute statutes treaty treaties decree decrees
regulation regulations legislation bill bills ordinance ordinances""".split())
_AUXILIARY = r"(?:does|do|did|is|are|was|were|has|have|had|should|will|would|can|could|must|might)"
# "What penalties does ...", "Which two agencies will ...", "What kind of body ...", "What is
# the budget for ...", "Which universities take part ...": the noun that names what is asked
# for. ("How much funding ..." asks
# for an amount, which a sentence gives without the word: the number check covers it.)
_ASKED_FOR = (
    re.compile(r"^\s*(?:what|which)\s+(?:kinds?|types?|sorts?|forms?)\s+of\s+([a-z-]+)\b"),
    re.compile(rf"^\s*(?:what|which)\s+(?:(?!{_AUXILIARY}\b)[a-z-]+\s+)?(?!{_AUXILIARY}\b)"
               rf"([a-z-]+)\s+{_AUXILIARY}\b"),
    re.compile(r"^\s*what\s+(?:is|are|was|were)\s+the\s+(?:[a-z-]+\s+)?([a-z-]+)\s+"
               r"(?:of|for|in|on|at|to|behind)\b"),
    re.compile(r"^\s*which\s+([a-z-]+s)\s+[a-z-]+"),  # "Which universities take part ..."
    # "Which law created ...?": a legal instrument, which an answer must name as one
    re.compile(rf"^\s*(?:what|which)\s+({'|'.join(sorted(LEGAL_INSTRUMENTS))})\s+(?!{_AUXILIARY}\b)[a-z-]+"),
)
# "How is the evaluation system funded?", "How will the tower be paid for?": how something is
# paid for, which no passage that never speaks of money can say (``MONEY_WORDS``).
_PAID_FOR = re.compile(rf"^\s*how\s+{_AUXILIARY}\b.*\b(?:funded|financed|budgeted|paid\s+for|"
                       r"bankrolled|subsidi[sz]ed)\b")
# The words of money: any of them in a passage may say how something is paid for.
MONEY_WORDS = frozenset("""fund funds funded funding finance finances financed financing
financial budget budgets budgeted cost costs costing money pay pays paid payment payments
spend spends spent spending invest invests invested investment investments grant grants levy
levies tax taxes fee fees subsidy subsidies subsidised subsidized salary salaries wage wages
price prices revenue revenues loan loans donation donations sponsor sponsors sponsored
won krw euro euros dollar dollars yen yuan pound pounds crowns""".split())
# Nouns that name a kind of answer, not a thing the documents must mention: any passage
# that answers "What measures ..." or "What is the role of ..." may never say "measure", and
# "What is the budget for ...?" is answered by a sum (the number check's part). So are the
# general words for a way of doing things: "Which custom should end?" is answered by
# "Abolish the rotating assignment of inspectors", which says no "custom".
_ANY_ANSWER = frozenset(stem(w) for w in """
action actions step steps measure measures way ways thing things point points factor factors
reason reasons example examples area areas aspect aspects role roles effect effects impact
impacts problem problems issue issues challenge challenges change changes event events
development developments incident incidents occurrence occurrences cause causes origin
origins basis recommendation recommendations suggestion suggestions proposal proposals idea
ideas goal goals aim aims option options approach approaches method methods purpose purposes
result results outcome outcomes difference differences benefit benefits advantage advantages
risk risks lesson lessons trend trends feature features part parts kind type sort form
element elements task tasks priority priorities policy policies strategy strategies plan
plans solution solutions main key major other new money funding funds budget budgets cost
costs price prices amount amounts sum sums spending investment salary salaries fee fees
revenue income number numbers share percentage rate rates size value total figure figures
practice practices custom customs habit habits arrangement arrangements routine routines
scheme schemes system systems mechanism mechanisms process processes procedure procedures
framework frameworks structure structures model models initiative initiatives reform reforms
instrument instruments tool tools means pattern patterns convention conventions norm norms
tradition traditions setup set-up""".split())


def _asked_for(low: str, content: Iterable[str]) -> str:
    """The noun naming what a what/which/how-much question asks for, unless it names a
    kind of answer (``_ANY_ANSWER``), the document, or a question or auxiliary word."""
    for pattern in _ASKED_FOR:
        match = pattern.match(low)
        if match:
            return match.group(1) if _asked_for_noun(match.group(1), content) else ""
    return ""


def _asked_for_noun(noun: str, content: Iterable[str]) -> bool:
    """Is ``noun`` (one of the question's content words) a thing asked for, not a kind of
    answer or the document?"""
    return noun in set(content) and stem(noun) not in _ANY_ANSWER and not calls_the_document(noun)


# "What penalties apply ...", "What incentives exist ...": a plural word, then a verb.
_PLURAL_THEN_VERB = re.compile(rf"^\s*what\s+([a-z-]+s)\s+(?!{_AUXILIARY}\b)[a-z-]+")


# "What are the recommendations for quantum standards?", "What does the report propose for
# private think tanks?", "What policies has Japan adopted for quantum technology?": what
# proposals or policies are asked for, when a noun phrase names it.
_PROPOSED_FOR = re.compile(
    r"\b(?:recommend(?:s|ed|ations?)?|propos(?:e|es|ed|als?)|suggest(?:s|ed|ions?)?|measures?|"
    r"steps?|actions?|plans?|polic(?:y|ies))\s+(?:(?:is|are|was|were|does|do|did|has|have|had)\s+"
    r"(?:[a-z'’]+\s+){0,3}?)?(?:for|on|regarding|concerning)\s+(?:the\s+|a\s+|an\s+)?"
    r"((?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)\s*(?:\?|$|,|\b(?:that|which|who|in|of|to|at|by|"
    r"with|from|and|or|if|when)\b)")


# "What role does the report give to universities?", "What is the role of think tanks in
# ...?": the thing whose role is asked.
_ROLE_OF = re.compile(
    r"\broles?\s+(?:(?:is|are|was|were|does|do|did|should|will|would|could|can)\s+"
    r"(?:[a-z'’]+\s+){0,4}?)?(?:of|for|to)\s+(?:the\s+|a\s+|an\s+)?"
    r"((?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)\s*(?:\?|$|,|\b(?:that|which|who|in|of|to|at|by|"
    r"with|from|and|or|if|when|play|have|has)\b)")


def _asked_about(low: str, content: Iterable[str]) -> str:
    """The noun phrase a question's proposals are asked for ("quantum computing standards"
    in "recommendations for quantum computing standards"), or whose role it asks, by its
    content words with the head noun last; "" when what follows "for" is no noun phrase
    ("steps for moving ..." names an action, not a thing)."""
    found = _PROPOSED_FOR.search(low) or _ROLE_OF.search(low)
    if not found:
        return ""
    phrase = found.group(1).split()
    head, said = phrase[-1], set(content)
    if (phrase[0].endswith("ing") or head.endswith("ing") or head not in said
            or calls_the_document(head) or stem(head) in _ANY_ANSWER):
        return ""
    return " ".join(w for w in phrase if w in said)


def _what_is_asked(low: str, facet: Facet, content: tuple[str, ...],
                   wants: Wants) -> dict[str, Any]:
    """The fields of a Question that follow from its wording once its facet and content
    words are known: whether it asks for a document's proposals as a whole, and the thing
    it asks for. ``analyse`` and ``of_named_document`` (which may add a facet and drop the
    document's name from the content) both derive them here."""
    proposals = not facet and _asks_for_proposals(low, content)
    overview = not facet and not proposals and _asks_for_overview(low, content)
    # a particular thing is asked for, or about, only in a question not in Korean and not about
    # the document itself
    particular = script(low) != "hangul" and not facet and not overview
    asked_for = (_asked_for(low, content) or ("funding" if _PAID_FOR.match(low) else "")
                 ) if particular and wants not in ("number", "amount", "share") else ""
    if wants == "role" and _GENERIC_BODY.fullmatch(asked_for):
        asked_for = ""  # "Which body ...?" is answered by "a harbour council", not by "body"
    noun = _PLURAL_THEN_VERB.match(low) if particular and not asked_for and not wants else None
    return {"proposals": proposals, "overview": overview,
            "asked_about": _asked_about(low, content) if particular else "",
            "asked_for": asked_for,
            "asked_noun": noun.group(1) if noun and _asked_for_noun(noun.group(1), content) else "",
            "source": _cited_source(low, content) if script(low) != "hangul" else ""}


# "What did the survey of researchers find about ...?", "What does the minister say ...?":
# whom the question cites for what it asks.
_CITED_SOURCE = re.compile(
    r"^\s*(?:what|how)\s+(?:did|does|do|has|have|had)\s+"
    r"(?:the|a|an|this|that|these|those)\s+((?:[a-z-]+\s+){0,2}?[a-z-]+)\s+"
    r"(?:of\s+(?:the\s+)?(?:[a-z-]+\s+){1,3}?)?(?:say|said|find|found|show|shown|report|reveal|"
    r"conclude|suggest|recommend|propose|estimate|claim|state|argue|predict|note)"
    # what it said about something, or that: not "find it hard to ..."
    r"\s*(?:\?|$|about\b|on\b|regarding\b|concerning\b|that\b|of\b)")
# What a question calls the document itself, whatever its kind: the document says these.
_THE_DOCUMENT = frozenset("report document paper publication issue text summary brief briefing "
                          "insight article edition volume authors author writers".split())


def _cited_source(low: str, content: Iterable[str]) -> str:
    """The head noun of the source a question cites ("survey" of "What did the survey of
    researchers find ...?"), unless it is what a question calls the document itself; a
    passage that never mentions a survey cannot say what one found."""
    found = _CITED_SOURCE.match(low)
    if not found:
        return ""
    head = found.group(1).split()[-1]
    return head if head in set(content) and head not in _THE_DOCUMENT else ""


# "Summarise the report", "What is this review about?", "What are the main points?", "the
# report's overall argument": the document as a whole, asked with nothing narrower.
_OVERVIEW = re.compile(r"\b(?:summar(?:y|ise|ize|ies)|overview|gist|argument|takeaways?|"
                       r"main\s+(?:points?|messages?|ideas?|findings?|conclusions?)|"
                       r"key\s+(?:points?|messages?|findings?)|in\s+(?:short|brief)|"
                       r"what\b.*\babout\s*\??\s*$)")
_OVERVIEW_ONLY = frozenset(stem(w) for w in """summary summarise summarize summarize overview
gist argument arguments takeaway takeaways main key overall point points message messages idea
ideas finding findings conclusion conclusions short brief whole background recommendations
content contents general briefly""".split())
_KOREAN_OVERVIEW = ("요약", "개요", "요지", "핵심")
_KOREAN_ASKING = ("주세요", "주십시오", "줘", "알려", "설명", "무엇", "뭐")  # "please", "tell", "what"


def _asks_for_overview(low: str, content: Iterable[str]) -> bool:
    if script(low) == "hangul":
        terms = content_terms(low)
        return any(t.startswith(_KOREAN_OVERVIEW) for t in terms) and all(
            t.startswith(_KOREAN_OVERVIEW + _KOREAN_PROPOSALS_ONLY + _KOREAN_ASKING)
            or _DOCUMENT_WORDS.search(t) for t in terms)
    bare = [re.sub(r"['’]s$", "", w) for w in content]
    return bool(_OVERVIEW.search(low)) and all(
        stem(w) in _OVERVIEW_ONLY or calls_the_document(w) for w in bare)


def _asks_for_proposals(low: str, content: Iterable[str]) -> bool:
    if script(low) == "hangul":
        terms = content_terms(low)
        return any(t.startswith(_KOREAN_PROPOSING) for t in terms) and all(
            t.startswith(_KOREAN_PROPOSING + _KOREAN_PROPOSALS_ONLY) or _DOCUMENT_WORDS.search(t)
            for t in terms)
    bare = [re.sub(r"['’]s$", "", w) for w in content]  # "the report's recommendations"
    return bool(_PROPOSING.search(low)) and all(
        stem(w) in _PROPOSALS_ONLY or calls_the_document(w) for w in bare)


_IMPERATIVES = {"mention", "discuss", "discusses", "discussed", "refer", "refers",  # "Does it mention X?"
                "name", "list", "give", "describe", "explain", "compare", "summarise",
                "summarize", "identify", "contrast", "tell", "state", "outline", "show", "quote"}
_QUESTION_WORDS = {"who", "whom", "whose", "what", "when", "where", "which", "why", "how"}
# English, then Korean (저자 author, 발행 published, 제목 title, 발행처 publisher, 표지 cover).
# Tried in order: "which institute published it" asks for the publisher, not the date.
_FACETS: list[tuple[Facet, re.Pattern[str]]] = [
    ("authors", re.compile(r"\b(authors?|wrote|written by|writers?|co-?authors?)\b|저자|집필", re.I)),
    ("publisher", re.compile(r"\b(publisher|published by|which institute|who (?:published|publishes|"
                             r"issued|issues|released|releases|put out|puts out)|"
                             r"which (?:organi[sz]ation|body|agency|institution) (?:published|"
                             r"publishes|issued|released|is behind))\b|발행처|발행 기관", re.I)),
    ("date", re.compile(r"\b(published|publication date|date of publication|released|issued|"
                        r"dated)\b|발행일|발간일|발행되|발간되|출간", re.I)),
    ("volume", re.compile(r"\b(volume|vol\.|issue number|which issue)\b|몇 호|권호", re.I)),
    ("title", re.compile(r"\b(title|titled|called(?!\s+for\b)|name\s+of\s+(?:the\s+|this\s+)?(?:report|study|"
                         r"document|paper|publication|brief|review|article|issue))\b|제목", re.I)),
    ("series", re.compile(r"\b(series|cover|masthead)\b|시리즈|표지", re.I)),
]
# What the question calls the document: a facet word only counts as being about the
# publication when it is asked of the document, not of some other topic.
_DOCUMENT_WORDS = re.compile(r"\b(report|study|document|paper|publication|issue|this|it|"
                             r"brief|briefing|insight|volume|cover|review|article|note|notes|memo|"
                             r"book|plan|strategy|audit|assessment|evaluation|survey|analysis|"
                             r"bulletin|edition|guidelines?|roadmap|handbook|manual|proposal)\b|"
                             r"\bauthors?\b|보고서|문서|연구|저자", re.I)
# Korean asks with question words of its own. Tried in order: "몇 년도" (which year) before
# "몇 년" (how many years); "얼마나" asks how far, not how much; "몇 가지"/"몇 호" are a
# list and a volume, handled elsewhere.
_KOREAN_KINDS: list[tuple[re.Pattern[str], Kind]] = [
    (re.compile(r"언제|몇\s*년도|어느\s*해|몇\s*월|날짜|연도"), "when"),
    (re.compile(r"몇\s*(?:개|명|퍼센트|%|건|곳|번|차례|배|년|개국|억|만|천|조|위)|얼마(?!나)"), "how_much"),
    (re.compile(r"누구|누가"), "who"),
    (re.compile(r"왜|이유"), "why"),
    (re.compile(r"어떻게"), "how"),
    (re.compile(r"(?:어느|어떤|어떠한)\s*(?:나라|부처|기업|회사|대학|도시|인물|사람)"), "which"),
]
# Offices a person holds: a question about what "the science minister" said cannot be
# answered by passages that mention no minister, however close their topic.
_OFFICES = re.compile(
    r"\b(?:prime minister|vice[- ]minister|minister|president|vice[- ]president|ambassador|"
    r"chancellor|secretary[- ]general|secretary|commissioner|governor|mayor|"
    r"spokes(?:person|man|woman)|chair(?:man|woman|person)|ceo|premier)s?\b")
_KOREAN_OFFICES = {"장관": "minister", "대통령": "president", "총리": "prime minister",
                   "대사": "ambassador", "차관": "vice-minister", "위원장": "chair",
                   "대변인": "spokesperson"}
# An office word with at most a particle after it ("장관은"), not inside a longer word ("장관급").
_KOREAN_OFFICE = re.compile(rf"({'|'.join(_KOREAN_OFFICES)})"
                            rf"(?:{'|'.join(sorted(KOREAN_PARTICLES, key=len, reverse=True))})?"
                            r"(?![\uac00-\ud7a3])")
# "What do the authors want ...", "according to the authors": the authors as the ones who
# say something, not as what is asked about.
_AUTHORS_SAY = re.compile(
    r"\b(?:do|does|did|would|will|should|could|according to|in the view of)\s+(?:the\s+)?"
    r"authors?\b|\bthe\s+authors?\s+(?:want|recommend|propose|suggest|argue|say|think|believe|"
    r"conclude|call|urge|see|expect|hope|note|find|consider|describe|identify|mean|advise)s?\b")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1,
             "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8}
# "the second (policy) suggestion", "suggestion 4", "measure no. 2": a place in a list.
_NTH = re.compile(r"\bthe\s+(" + "|".join(_ORDINALS) + r")\s+([a-z-]{3,})(?:\s+([a-z-]{3,}))?\b")
_NUMBERED = re.compile(r"\b([a-z-]{3,})\s+(?:no\.?\s*|number\s+|#)?(\d{1,2})\b(?!\s*(?:%|percent))")
_NOT_LISTS = {"vol", "volume", "issue", "page", "pages", "year", "years", "article", "insight",
              "step", "chapter", "section", "table", "figure", "than", "about", "over", "under"}


def _ordinal(low: str) -> tuple[int, tuple[str, ...]] | None:
    """The place in a list a question asks for, and the words that may name the list:
    "the third policy suggestion" -> (3, ("policy", "suggestion"))."""
    nth = _NTH.search(low)
    if nth:
        nouns = [w for w in nth.groups()[1:] if w and w not in STOPWORDS]
        return (_ORDINALS[nth.group(1)], tuple(nouns)) if nouns else None
    numbered = _NUMBERED.search(low)
    if numbered and numbered.group(1) not in _NOT_LISTS | STOPWORDS and 0 < int(numbered.group(2)) <= 20:
        return int(numbered.group(2)), (numbered.group(1),)
    return None


_QUOTED = re.compile(r"[\"“]([^\"“”]{3,80})[\"”]")
_SENTENCE_OPENING = re.compile(r"(?:^|[.?!:;]\s+)([A-Z][\w&'’-]*)")
_CONNECTORS = {"of", "and", "for", "the", "on"}


@dataclass(frozen=True)
class Question:
    text: str
    kind: Kind
    wants: Wants  # what an answer sentence must contain to answer it ("" = anything)
    count: int | None  # "the five suggestions" -> 5
    facet: Facet  # what about the publication itself it asks ("" = not about it)
    names: tuple[str, ...]  # names and acronyms, multiword names joined ("European Union")
    numbers: tuple[str, ...]  # numbers written with digits (years, amounts)
    quoted: tuple[str, ...]
    content: tuple[str, ...]  # content words, lower case
    measure: str = ""  # "how many suggestions ..." -> "suggestions": what is counted
    listed: str = ""  # "the four sources ..." -> "sources": what a list with a count holds
    body: bool = False  # "Which ministry ...": the name asked for is an organisation's
    offices: tuple[str, ...] = ()  # offices held by a person: "minister", "ambassador"
    # "the second suggestion", "measure 4", "the last step": (place, 1-based or -1 for the
    # last; the words that may name what the list holds, most likely first)
    ordinal: tuple[int, tuple[str, ...]] | None = None
    # Names and offices a Korean question writes in Korean, as (English, Korean): "China" is
    # a key term, found in a document that writes "China" or "중국".
    written: tuple[tuple[str, str], ...] = ()
    # "What does the report propose?": the document's proposals as a whole (its list of
    # suggestions or recommendations), asked with no narrower topic.
    proposals: bool = False
    # "Summarise the report", "What is it about?": the document as a whole (the opening of
    # each of its sections, and its proposals), asked with no narrower topic.
    overview: bool = False
    # The particular thing a what/which/how-much question asks for: "What penalties does
    # ..." -> "penalties", "What is the budget for ..." -> "budget"; "" when it asks for a
    # kind of thing any answer is ("What measures ...", "What is the role of ...").
    asked_for: str = ""
    # The thing proposals are asked for, or whose role is asked, by its content words with
    # its head last: "What are the recommendations for quantum computing standards?" ->
    # "quantum computing standards" (a passage that never mentions standards cannot say them).
    asked_about: str = ""
    # "What penalties apply to ...?": the plural word after "what" that a verb follows. It is
    # asked for as ``asked_for`` is only when it cannot be a verb ("What keeps ministries
    # apart?"), which the answer layer checks with WordNet.
    asked_noun: str = ""
    # Whom the question cites for what it asks, by the head noun: "What did the survey of
    # researchers find ...?" -> "survey" ("" when none, or the document itself: "the report").
    source: str = ""
    # "Pretend the report recommends a space agency and describe it": the question asks for
    # what the documents would say if they said something else; only what they say answers.
    pretend: bool = False
    # "How much funding, in won, ...": the currency a sum must be stated in ("" = any)
    currency: str = ""
    # "Which countries does the report recommend Korea partner with?": what the document
    # proposes is asked, which only its proposals can say
    recommended: bool = False
    # "Which country does Korea cooperate with most?": the word of a ranking asked for, which
    # only a passage that ranks can give ("" = none asked)
    superlative: str = ""

    def spellings(self, term: str) -> tuple[str, ...]:
        """``term`` and the way the question wrote it, when that differs."""
        return (term, *(korean for english, korean in self.written if english == term))

    def shown(self, term: str) -> str:
        """``term`` quoted for a message, with the question's own spelling: 'China' (중국)."""
        return " ".join((f"'{term}'", *(f"({k})" for k in self.spellings(term)[1:])))

    def describe(self) -> str:
        """One line for the audit: "list of 5", "who (wants a name)", "about the document: authors"."""
        kind = f"list of {self.count}" if self.kind == "list" else self.kind
        if self.facet:
            return f"{kind}, about the document: {self.facet}"
        return f"{kind} (wants a {self.wants})" if self.wants else kind

    @property
    def key_terms(self) -> tuple[str, ...]:
        """Terms an answer's passages must contain: without them the documents may share
        the question's topic but cannot answer it."""
        return tuple(dict.fromkeys((*self.numbers, *self.names, *self.quoted, *self.offices)))


def _names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence, and acronyms anywhere; neighbours
    (and "of"/"and" between them) join into one name."""
    openers = {m.start(1) for m in _SENTENCE_OPENING.finditer(text)}
    names: list[str] = []
    current: list[str] = []
    pending: list[str] = []  # connectors seen after a name word
    for match in re.finditer(r"[^\W_]+(?:['’&-][^\W_]+)*", text):
        possessive = bool(re.search(r"['’]s$", match.group()))
        word = re.sub(r"['’]s$", "", match.group())
        acronym = len(word) > 1 and word.isupper()
        named = word[0].isupper() and (match.start() not in openers or acronym) and word != "I"
        if named and word.lower() not in _IMPERATIVES | _QUESTION_WORDS | set(_AUX):
            current += [*pending, word] if current else [word]
            pending = []
            if possessive:  # "Korea's S&T": the name ends at the possessive
                names.append(" ".join(current))
                current = []
        elif current and word.lower() in _CONNECTORS and not pending:
            pending = [word]
        else:
            if current:
                names.append(" ".join(current))
            current, pending = [], []
    if current:
        names.append(" ".join(current))
    return list(dict.fromkeys(names))


def _kind(low: str, first: str, count: int | None) -> Kind:
    if _COMPARE.search(low):
        return "compare"
    if re.search(r"\bhow many\b", low):
        return "how_many"
    if re.search(r"\bhow much\b", low):
        return "how_much"
    if count is not None:
        return "list"
    if first in {"who", "whom", "whose"}:
        return "who"
    if _WHEN.search(low):
        return "when"
    if first == "why":
        return "why"
    if first == "how":
        return "how"
    if first in _AUX:
        return "yes_no"
    return "which" if first == "which" else "what"


_KOREAN_WANTS: dict[Kind, Wants] = {"when": "date", "how_much": "number", "who": "name",
                                    "which": "name"}


# "What salary do inspectors earn?", "What is the budget for ...", "How much funding will
# ... receive?", "How much does the tower cost?": a sum of money, which "every two years"
# does not give, however close its sentence.
_MONEY_NOUN = r"(?:salary|salaries|wages?|pay|budgets?|costs?|prices?|fees?|revenues?|income|spending)"
_MONEY_ASKED = re.compile(rf"^\s*(?:what|which)\s+(?:(?:is|are|was|were)\s+the\s+)?"
                          rf"(?:[a-z-]+\s+)?{_MONEY_NOUN}\b(?!\s+(?:of|for)\s+(?:the\s+)?"
                          rf"(?:budget|funding|money)\b)")
_HOW_MUCH_MONEY = re.compile(r"^\s*how\s+much\b(?!\s+of\b).*\b(?:money|funding|funds?|costs?|spend|"
                             r"spends|spent|pay|pays|paid|earns?|earned|budget|invest(?:s|ed)?|"
                             r"investment|charges?|charged)\b")

# "What did the government spend on ...?", "What does Ostland invest in ports?": a sum (not
# "What did Korea invest in?", which asks for the thing, nor "pay attention to").
_SPENT_ON = re.compile(r"^\s*what\s+(?:did|does|do|will|would|should|has|have|had)\s+(?:[\w'’&.-]+\s+){1,6}?"
                       r"(?:spend|spent|invest|invested|allocate|allocated|pay|paid)\s+"
                       r"(?:on|for|in|to|into)\s+\w")
# "What is the name of the control tower?", "What is the new agency called?": a name.
_NAME_ASKED = re.compile(r"^\s*what\s+(?:is|was|are|were|will\s+be)\s+(?:the\s+|its\s+|their\s+)?"
                         r"(?:(?:official|full|exact|proper)\s+)?names?\s+of\b|"
                         r"^\s*what\s+(?:is|was|are|were|will)\s+.+\b(?:be\s+)?(?:called|named)\s*\??\s*$")

# "List the problems ...", "Name all the bodies ...": a list asked for without a number.
_LISTING = re.compile(r"^\s*(?:please\s+)?(?:list|enumerate|name)\s+(?:all\s+)?(?:of\s+)?"
                      r"(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}?([a-z-]+s)\b")

# "What are the main problems with ...?", "What problems does the system have?": the list
# of that kind, asked without "list" (problems and goals: lists a document heads so).
_KINDS_OF_ITEM = (r"(problems|issues|challenges|difficulties|obstacles|weaknesses|shortcomings|"
                  r"barriers|goals|objectives|aims)")
_KIND_ASKED = re.compile(
    rf"^\s*what\s+(?:(?:are|were)\s+(?:the\s+)?(?:(?:main|key|major|biggest|chief|principal)\s+)?"
    rf"{_KINDS_OF_ITEM}\b(?!\s+(?:of|to|for)\b)|{_KINDS_OF_ITEM}\s+(?:does|do|did)\s+"
    r"(?:[a-z'’-]+\s+){1,6}?(?:have|face|see|identify|find|list|raise|mention|note)\b)")

# Kinds of body known as often by a description as by a name ("a national control tower").
_GENERIC_BODY = re.compile(r"bod(?:y|ies)|organi[sz]ations?|institutions?|entit(?:y|ies)|actors?")
# "Which technologies does the report single out by name?", "Which firms does it name?":
# names, whatever the things are ("What does it name as the main problem?" asks no name).
_BY_NAME = re.compile(r"\bby\s+name\b|\b(?:does|do|did)\s+(?:the\s+|this\s+)?(?:[a-z-]+\s+){0,2}?"
                      r"(?:report|study|document|review|brief|paper|authors?|it)\s+name\b(?!\s+as\b)")
# "Which body should ...", "... does the report want to ...": what is asked is proposed.
_PROPOSED = re.compile(r"\b(?:should|must|ought|needs?\s+to|wants?\s+to)\b")

# "Which countries does the report recommend ...?", "Which body do the authors propose?":
# what the document proposes.
_RECOMMENDED = re.compile(r"\b(?:does|do|did|would)\s+(?:the\s+|this\s+)?(?:[a-z-]+\s+){0,3}?"
                          r"(?:report|study|document|review|brief|paper|authors?|it)\s+(?:recommend|"
                          r"propose|suggest|advise|urge|call\s+for)\b|\b(?:recommended|proposed|"
                          r"suggested)\s+(?:by|in)\s+(?:the|this)\s+(?:report|study|document|review|"
                          r"brief|paper|authors?)\b")

# "Which country does Korea cooperate with most?", "What is the biggest risk?", "the most
# ferries": a ranking. "most"/"least" rank after "the", before an adjective or at the end of
# a phrase; "most ministries", "most of the ministries" and "at least two" are none.
_ADJECTIVE_END = r"[a-z-]+(?:ous|ful|ive|ant|ent|al|ic|able|ible|ed|ing|ly|ar|ry)"
_SUPERLATIVE = re.compile(
    rf"(?<=\bthe )(?P<the>most|least)\b|"
    rf"(?<!\bat )\b(?P<alone>most|least)(?=\s+{_ADJECTIVE_END}\b|\s+(?:in|with|to|from|for|among|"
    rf"often|and|or|at|on)\b|\s*[?,.]|\s*$)|\b(?P<est>biggest|largest|greatest|smallest|highest|"
    rf"lowest|best|worst|strongest|weakest|fastest|slowest|fewest)\b")

# "What percentage of researchers ...?", "What share of the budget ...?": a share.
_SHARE_ASKED = re.compile(r"^\s*(?:what|which)\s+(?:(?:is|are|was|were)\s+the\s+)?"
                          r"(?:percentage|proportion|share|fraction|ratio|per\s*cent)\s+of\b")


# The currency a question asks a sum in ("How much, in won, ...", "How many euros ..."),
# by the pattern an answer that states a sum in it matches. "won" is also a verb: it counts
# only after a figure ("40 billion won", "3,000 Korean won"), as _MONEY reads it.
CURRENCIES = {
    "won": r"₩|\d[\d,.]*\s*(?:(?:thousand|million|billion|trillion|bn)\s+)?(?:korean\s+)?won\b|\bkrw\b",
    "euros": r"€|\beuros?\b|\beur\b", "dollars": r"\$|\bdollars?\b|\busd\b",
    "yen": r"¥|\byen\b|\bjpy\b", "pounds": r"£|\bpounds?\b|\bgbp\b", "yuan": r"\byuan\b|\brmb\b|\bcny\b",
    "crowns": r"\bcrowns?\b|\bkron(?:a|e|er|or|ur)\b",
}
_CURRENCY_ASKED = re.compile(
    r"\b(?:in|how many|how much in|of)\s+(?:south\s+)?(?:korean\s+)?(won|krw|euros?|eur|"
    r"(?:us\s+)?dollars?|usd|yen|jpy|pounds?(?:\s+sterling)?|gbp|yuan|rmb|cny|crowns?)\b")
_CURRENCY_NAME = {"krw": "won", "eur": "euros", "usd": "dollars", "jpy": "yen", "gbp": "pounds",
                  "rmb": "yuan", "cny": "yuan", "sterling": "pounds"}


def _currency(low: str) -> str:
    """The currency a question about a sum names, as CURRENCIES keys it ("" if none): "in
    won" -> "won", "in US dollars" -> "dollars"."""
    found = _CURRENCY_ASKED.search(low)
    if not found:
        return ""
    word = found.group(1).split()[-1]
    word = _CURRENCY_NAME.get(word, word)
    return word if word in CURRENCIES else f"{word}s"


def _wants(low: str, kind: Kind) -> Wants:
    if _MONEY_ASKED.match(low) or _HOW_MUCH_MONEY.match(low) or _SPENT_ON.match(low):
        return "amount"
    if _NAME_ASKED.match(low):
        return "name"
    if _SHARE_ASKED.match(low):
        return "share"
    if kind in {"how_many", "how_much"}:
        return "number"
    if re.search(r"\bhow long\b(?!-)", low):  # "for how long ...", not "how long-term"
        return "duration"
    if kind == "when":
        return "date"
    if kind == "who":
        # "Who should lead ...?", "Whose capacity should grow?" ask for a role; "Who heads
        # ...?" for a name.
        return "role" if any(w in _MODALS for w in words(low)[1:3]) else "name"
    if kind in {"which", "what"} and _BY_NAME.search(low):
        return "name"  # "Which technologies does the report single out by name?"
    if kind in {"which", "what"} and (phrase := _entity_asked(words(low))):
        # "Which body does the report want to lead ...?": a body the documents propose may
        # be one they describe ("a national control tower"), not one they name
        proposed = _PROPOSED.search(low) or _RECOMMENDED.search(low)
        return "role" if proposed and any(_GENERIC_BODY.fullmatch(w) for w in phrase) else "name"
    return ""


# "When did this issue of STEP Insight appear?", "In which year did the report come out?":
# the date, said in other words — when what stands between the question word and the verb
# is the document (function words, words that call a document, capitalised title words),
# not some topic ("When did the hegemony competition appear?").
_APPEARED = re.compile(r"\b(?:when|year|month|date)\b(.*?)\b(?:appear(?:s|ed)?|c[oa]mes? out|"
                       r"written|printed)\b", re.I)
_WHEN_WORDS = frozenset({"year", "month", "date", "day"})


def _facet_of(text: str) -> Facet:
    """What about the publication a question asked of a document asks for ("" = nothing):
    the first facet whose words it uses; "the authors" as the ones who say something is no
    question about who wrote it, and a share of something is no fact of the publication."""
    low = text.lower()
    if _SHARE_ASKED.match(low):  # "What percentage of researchers co-author papers?"
        return ""
    facet: Facet = next((f for f, pattern in _FACETS if pattern.search(low)
                         and not (f == "authors" and _AUTHORS_SAY.search(low))), "")
    if not facet and (appeared := _APPEARED.search(text)):
        between = words(appeared.group(1))
        if any(_DOCUMENT_WORDS.fullmatch(w) for w in between) and all(
                w.lower() in STOPWORDS or w.lower() in _AUX or w.lower() in _WHEN_WORDS
                or _DOCUMENT_WORDS.fullmatch(w) or w[:1].isupper() for w in between):
            return "date"
    return facet


def calls_the_document(word: str) -> bool:
    """Is ``word`` one of the nouns a question calls a document by ("report", "review")?"""
    return bool(_DOCUMENT_WORDS.fullmatch(word))


def only_about_the_document(question: Question) -> bool:
    """Does a question about the publication ask nothing else — "When was the report
    published?", not "Who wrote the report on think tanks?" (whose topic tells which
    document is meant)?"""
    return bool(question.facet) and all(
        calls_the_document(w) or any(p.search(w) for _, p in _FACETS) for w in question.content)


def names_document(question: Question, title: str, publisher: str) -> bool:
    """Does the question name a document by a word of its title or publisher ("the
    Eastmark review", "STEPI")?"""
    named = {w.lower() for n in question.names for w in n.split()}
    return bool(named & {w.lower().strip("()") for w in f"{title} {publisher}".split()})


def calls_by_title(question: Question, title: str, publisher: str) -> str:
    """The name by which the question calls this document, when it calls it by a part of
    its title or by its publisher: a name of two or more words found whole in either
    ("Ferry Service Review", "Tarnell Valley Board"), or the publisher's acronym ("STEPI");
    "" otherwise. A single word names a topic, not a document: "Korea", or "S&T" in a
    title about S&T cooperation."""
    def tokens(text: str) -> list[str]:
        return [w.lower() for w in words(text)]
    for name in sorted(question.names, key=len, reverse=True):
        parts = tokens(name)
        acronym = len(name) > 1 and name.isupper() and name.isalpha()
        held = [tokens(title), tokens(publisher)] if len(parts) >= 2 else (
            [tokens(publisher)] if acronym else [])
        if parts and any(parts == t[i:i + len(parts)] for t in held for i in range(len(t))):
            return name
    return ""


def of_named_document(question: Question,
                      documents: Iterable[tuple[str, str, str]]) -> tuple[Question, str]:
    """``question`` as asked of the one document it calls by name (see ``calls_by_title``)
    among ``documents`` (id, title, publisher), and that document's id; ``(question, "")``
    when it calls none, several, or compares. Asked of a named document, the name's words
    are no longer content to match in sentences (every sentence of that document is "of"
    it), and a facet word asks about the publication ("Who published the Orchard Water
    Rules?"), as it would after "the report"."""
    if question.kind == "compare":
        return question, ""
    called = {doc_id: name for doc_id, title, publisher in documents
              if (name := calls_by_title(question, title, publisher))}
    if len(called) != 1:
        return question, ""
    (doc_id, name), = called.items()
    low = question.text.lower()
    facet = question.facet or _facet_of(question.text)
    named = {w.lower() for w in words(name)}
    content = tuple(w for w in question.content if w not in named)
    wants: Wants = "" if facet else question.wants
    return replace(question, content=content, facet=facet, wants=wants,
                   **_what_is_asked(low, facet, content, wants)), doc_id


# "Pretend the report ...", "Imagine that the authors ...", "Let's say the document ...":
# an instruction to answer from a made-up version of the documents.
_PRETEND = re.compile(
    r"(?<!\bi )(?<!\bwe )\b(?:pretend|imagine|suppose|assume|act as if|let(?:'s|’s| us) say)\b"
    r"(?:\s+(?:that|for a moment|for now))?\s+(?:the|this|these|those|your)\s+"
    r"(?:reports?|documents?|texts?|stud(?:y|ies)|papers?|authors?|sources?|corpus|reviews?|"
    r"publications?|articles?|briefs?|briefings?|guidance|plans?|strateg(?:y|ies)|files?)\b", re.IGNORECASE)


def asked(text: str) -> str:
    """The part of ``text`` that asks: its sentences ending in a question mark (an
    instruction around them — "Respond only with YES." — is not what is asked), or all."""
    parts = re.split(r"(?<=[.?!:])\s+(?=[A-Z])", text.strip())
    questions = [p for p in parts if p.rstrip().endswith("?")]
    return " ".join(questions) if questions else text


@functools.lru_cache(maxsize=1024)
def analyse(text: str) -> Question:
    """The analysis of what ``text`` asks (see ``asked``)."""
    pretend = bool(_PRETEND.search(text))
    text = asked(text)
    low = text.lower().strip()
    tokens = words(low)
    first = tokens[0] if tokens else ""
    counted = _COUNTED.search(low)
    count = None
    korean_count = _KOREAN_COUNTED.search(text)
    if counted:
        raw = counted.group(1)
        count = int(raw) if raw.isdigit() else _COUNTS[raw]
    elif korean_count:
        raw = korean_count.group(1)
        count = int(raw) if raw.isdigit() else _KOREAN_COUNTS[raw]
    kind = _kind(low, first, count)
    korean = script(text) == "hangul"
    if korean and kind == "what":
        kind = next((k for pattern, k in _KOREAN_KINDS if pattern.search(text)), kind)
    facet: Facet = ""
    if _DOCUMENT_WORDS.search(low):
        facet = _facet_of(text)
    ordinal = _ordinal(low)
    place = str(ordinal[0]) if ordinal and _NUMBERED.search(low) and not _NTH.search(low) else None
    # Digits only: "2022년에" (Korean attaches particles) asks about 2022. A count ("the 5
    # measures") or a place ("measure 4") is no key term: the list may not be numbered.
    numbers = tuple(dict.fromkeys(n for w in tokens for n in numbers_in(w)
                                  if not (count is not None and n == str(count)) and n != place))
    content = tuple(dict.fromkeys(
        w for w in tokens
        if w not in STOPWORDS and w not in ATTRIBUTION and w not in _QUESTION_WORDS
        and w not in _IMPERATIVES and len(w) > 1 and w not in _COUNTS))
    measure = re.search(r"\bhow many\s+(?:[a-z-]+\s+)??([a-z-]+s)\b", low) if kind == "how_many" else None
    written: list[tuple[str, str]] = []
    offices = [m.group(0) for m in _OFFICES.finditer(low)]
    if korean:
        held = [(_KOREAN_OFFICES[m.group(1)], m.group(1)) for m in _KOREAN_OFFICE.finditer(text)]
        offices += [english for english, _ in held]
        written = [*korean_names(text), *held]
    listing = (_LISTING.match(low) or _KIND_ASKED.match(low)) if not counted else None
    if listing and kind not in {"compare", "how_many", "how_much"}:
        kind = "list"  # "List the problems ...": a list, of no given length
    listed = counted.group(2).lower() if counted else next(
        (g for g in listing.groups() if g), "") if listing else ""
    ranked = _SUPERLATIVE.search(low) if kind in {"which", "what", "who"} else None
    wants = _wants(low, kind) if not korean else _KOREAN_WANTS.get(kind, "")
    if kind == "list" and not wants and names_a_kind_of_named_thing(listed):
        wants = "name"  # "Which two countries ...?" is answered by names
    return Question(
        **_what_is_asked(low, facet, content, wants),
        body=wants == "name" and any(_BODY_NOUN.match(w) for w in _entity_asked(tokens)),
        measure=measure.group(1) if measure else "", listed=listed,
        written=tuple(dict.fromkeys(written)), pretend=pretend,
        superlative=next(w for w in ranked.groups() if w) if ranked else "",
        recommended=bool(_RECOMMENDED.search(low)),
        currency=_currency(low) if wants == "amount" else "",
        offices=tuple(dict.fromkeys(offices)), ordinal=ordinal,
        text=text, kind=kind, wants=wants if not facet else "", count=count,
        facet=facet, names=tuple(dict.fromkeys((*_names(text), *(e for e, _ in written)))),
        numbers=numbers,
        quoted=tuple(m.group(1).strip() for m in _QUOTED.finditer(text)), content=content,
    )
