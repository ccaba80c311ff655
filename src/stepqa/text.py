"""The one place text is cut into words: the word pattern, the stopword list and the
stemmer shared by lexical search, question analysis, follow-up detection and the judge.
Bottom layer: imports nothing of stepqa's.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# A word: letters or digits (any script), with inner apostrophes, hyphens or ampersands
# kept ("Korea's", "US-China", "S&T", "R&D").
# Letters and digits; a superscript note marker ("year¹") is not part of its word.
WORD = re.compile(r"[^\W_⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:['’&-][^\W_⁰¹²³⁴⁵⁶⁷⁸⁹]+)*")

# Function words: what a question or a claim can drop without changing what it asks.
STOPWORDS = frozenset("""
a about above after again all also am an and any are as at be because been being both but
by can could did do does doing done each few for from further had has have having he her here
hers him his how i if in into is it its itself just may me might more most must my now of off
on once only or other our ours out over own same shall she should so some such than that the
their theirs them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yours yet via per
etc e.g i.e among within across upon onto s t
""".split())

# Verbs and nouns a sentence uses to attribute itself to a source ("the report
# recommends ..."): a passage never needs to contain them to support the claim.
ATTRIBUTION = frozenset("""
report reports reported study says said say states stated notes noted argues argued
recommends recommended recommend proposes proposed propose suggests suggested suggest calls
call according document documents summary authors author describes described mentions
mentioned named
""".split())


# A capital stands for its government in policy writing ("Seoul's response", "talks
# between Washington and Beijing"): a question naming one is about the country.
CAPITALS = {
    "seoul": ("korea",), "washington": ("us", "usa", "united states", "american"),
    "beijing": ("china",), "tokyo": ("japan",), "brussels": ("eu", "european union"),
    "london": ("uk", "united kingdom", "britain"), "paris": ("france",), "berlin": ("germany",),
    "moscow": ("russia",), "delhi": ("india",), "ottawa": ("canada",),
    "canberra": ("australia",), "taipei": ("taiwan",), "pyongyang": ("north korea",),
}


# Places and bodies as Korean writes them, with their English names: a question asked in
# Korean names "중국" where an English document writes "China" (and the key-term check must
# find either). Countries and blocs first, then the public bodies of Korean S&T policy.
KOREAN_NAMES: dict[str, tuple[str, ...]] = {
    "한국": ("Korea",), "대한민국": ("Korea",), "남한": ("Korea",), "북한": ("North Korea",),
    "미국": ("United States", "US", "USA"), "중국": ("China",), "일본": ("Japan",),
    "유럽연합": ("European Union", "EU"), "유럽": ("Europe",), "인도": ("India",),
    "독일": ("Germany",), "영국": ("United Kingdom", "UK", "Britain"), "프랑스": ("France",),
    "러시아": ("Russia",), "캐나다": ("Canada",), "호주": ("Australia",),
    "싱가포르": ("Singapore",), "이스라엘": ("Israel",), "베트남": ("Vietnam",),
    "대만": ("Taiwan",), "인도네시아": ("Indonesia",), "브라질": ("Brazil",),
    "스웨덴": ("Sweden",), "핀란드": ("Finland",), "네덜란드": ("Netherlands",),
    "스위스": ("Switzerland",), "이탈리아": ("Italy",), "스페인": ("Spain",),
    "아세안": ("ASEAN",), "서울": ("Seoul",), "워싱턴": ("Washington",), "베이징": ("Beijing",),
    "도쿄": ("Tokyo",), "브뤼셀": ("Brussels",),
    "과학기술정보통신부": ("Ministry of Science and ICT", "MSIT"),
    "산업통상자원부": ("Ministry of Trade, Industry and Energy", "MOTIE"),
    "외교부": ("Ministry of Foreign Affairs", "MOFA"),
    "과학기술정책연구원": ("Science and Technology Policy Institute", "STEPI"),
    "한국과학기술기획평가원": ("KISTEP",), "한국연구재단": ("National Research Foundation", "NRF"),
    "경제협력개발기구": ("OECD",), "유엔": ("United Nations", "UN"), "국제연합": ("United Nations", "UN"),
}
# Words of science-and-technology policy as Korean writes them, with English words that
# say the same (matched by stem). A multilingual model's single-word vectors miss many of
# these pairs ("강화" ~ "strengthen" 0.80, "부처" ~ "ministry" 0.83, below any floor that
# keeps unrelated words apart), so a Korean question's words find an English sentence's
# through this list as well. General policy vocabulary, not one document's: a Korean key
# matches a question word that starts with it ("강화해야" strengthen, "도입하자고" introduce).
KOREAN_TERMS: dict[str, tuple[str, ...]] = {
    "국제협력": ("international", "cooperation"), "국제": ("international", "global"),
    "협력": ("cooperation", "collaboration", "partnership"), "공동연구": ("joint", "research"),
    "과학기술": ("science", "technology"), "과학": ("science", "scientific"),
    "기술": ("technology", "technologies", "technical"), "연구개발": ("research", "development"),
    "연구": ("research", "study"), "혁신": ("innovation",), "산업": ("industry", "industrial"),
    "정책": ("policy", "policies"), "전략": ("strategy", "strategic"), "체계": ("system",),
    "시스템": ("system",), "제도": ("system", "institution", "scheme"), "정부": ("government",),
    "부처": ("ministry", "ministries", "department"), "기관": ("agency", "agencies", "institution",
                                                           "organization", "body"),
    "국가": ("national", "country", "state"), "국내": ("domestic",), "해외": ("overseas", "abroad"),
    "전문성": ("expertise", "professionalism"), "전문가": ("expert", "experts"),
    "전문": ("expertise", "expert", "professional"), "인력": ("personnel", "workforce", "staff"),
    "역량": ("capacity", "capability", "capabilities"), "기반": ("foundation", "base", "basis"),
    "환경": ("environment",), "목표": ("goal", "goals", "target", "objective"),
    "임무": ("mission",), "기능": ("function", "functions", "role"), "역할": ("role",),
    "강화": ("strengthen", "strengthening", "reinforce", "enhance"),
    "향상": ("enhance", "improve", "increase"), "제고": ("enhance", "increase", "raise"),
    "확대": ("expand", "expansion", "increase", "extend"), "축소": ("reduce", "cut", "shrink"),
    "감소": ("reduce", "decrease", "decline"), "증가": ("increase", "growth", "rise"),
    "도입": ("introduce", "introduction", "adopt"), "폐지": ("abolish", "abolition", "end"),
    "설립": ("establish", "found", "create"), "수립": ("establish", "formulate"),
    "구축": ("build", "establish", "construct"), "조성": ("create", "foster", "build"),
    "마련": ("prepare", "establish", "provide"), "육성": ("foster", "fostering", "nurture"),
    "지원": ("support", "assist", "aid"), "운영": ("operation", "operate", "operating", "run"),
    "관리": ("management", "manage", "administration"), "평가": ("evaluation", "assessment",
                                                                "evaluate"),
    "사업": ("project", "projects", "program", "programme", "business"),
    "과제": ("project", "task", "challenge"), "예산": ("budget", "funding"),
    "재원": ("funding", "finance", "funds"), "투자": ("investment", "invest"),
    "장기": ("long-term", "long"), "단기": ("short-term", "short"), "중장기": ("long-term",),
    "지속": ("continuous", "sustained", "sustainable"), "효율": ("efficiency", "efficient",
                                                                "efficiently"),
    "비효율": ("inefficient", "inefficiency"), "유연": ("flexible", "flexibly"),
    "경직": ("rigid", "rigidity"), "통합": ("integrate", "unified", "merge", "integration"),
    "통일": ("unified", "unify"), "연계": ("link", "linkage", "connect"),
    "시너지": ("synergy",), "컨트롤타워": ("control", "tower"), "싱크탱크": ("think", "tanks"),
    "공공": ("public",), "민간": ("private",), "중요성": ("importance", "important"),
    "중요": ("important", "importance"), "필요": ("need", "necessary", "needs"),
    "문제": ("problem", "problems", "issue"), "원인": ("cause", "because", "due"),
    "이유": ("reason", "because", "why"), "부족": ("lack", "shortage", "insufficient"),
    "결여": ("lack",), "변화": ("change", "changes", "shift"), "대응": ("respond", "response",
                                                                      "responding", "cope"),
    "시대": ("era", "age"), "패권": ("hegemony",), "경쟁": ("competition", "compete"),
    "기술정치": ("technopolitics", "techpolitics"), "국제사회": ("international", "community"),
    "주요국": ("major", "economies", "countries"), "경제국": ("economies",),
    "글로벌": ("global",), "동향": ("trends", "trend"), "현황": ("status", "current"),
    "현재": ("current", "currently"), "배경": ("background",), "제안": ("suggestion",
                                                                     "suggestions", "propose",
                                                                     "proposal"),
    "권고": ("recommend", "recommendation"), "방안": ("measures", "measure", "ways"),
    "조치": ("measures", "action"), "선택": ("select", "selection", "choice"),
    "집중": ("concentrate", "concentration", "focus"), "전환": ("transition", "shift", "convert"),
    "순환": ("circular", "rotation", "rotating"), "보직": ("post", "posts", "employment"),
    "고용": ("employment",), "관점": ("perspective", "viewpoint"), "분야": ("field", "area",
                                                                        "areas", "sector"),
    "영역": ("area", "areas", "field"), "부문": ("sector",), "현장": ("field", "actual",
                                                                   "sector"),
    "활동": ("activities", "activity"), "기피": ("reluctance", "avoid", "avoidance"),
    "꺼리": ("reluctance", "reluctant", "avoid"), "노력": ("efforts", "effort"),
    "명확": ("clear", "clarify"), "규제": ("regulation", "control"), "수출": ("export",
                                                                        "exports"),
    "안보": ("security",), "대학": ("university", "universities"), "기업": ("company",
                                                                        "companies", "firms"),
}
# What Korean attaches to a noun (subject, object, topic, "of", "with", "in", ...).
KOREAN_PARTICLES = frozenset("""
이 가 은 는 을 를 의 에 에서 에게 와 과 와의 과의 로 으로 도 만 까지 부터 이나 나 에는 에서는
에서의 와는 과는 이랑 랑 처럼 보다 과도 와도 측 측은 측의 측이 으로서 로서 에도 에서도 만의 들 들이 들은 들의
""".split())


@functools.lru_cache(maxsize=8192)
def translations(term: str) -> frozenset[str]:
    """English stems the glossary gives for a Korean word (its longest key that the word
    starts with: "국제협력을" -> international, cooperation), or the Korean keys an English
    word translates (as "=" + key, to tell them apart); empty when it gives none."""
    longest_first, keys_of_stem = _glossary()
    if _HANGUL.match(term[:1]):
        key = next((k for k in longest_first if term.startswith(k)), "")
        return frozenset(stem(w) for w in KOREAN_TERMS.get(key, ()))
    return keys_of_stem.get(stem(term.lower()), frozenset())


@functools.lru_cache(maxsize=8192)
def glossary_keys(word: str) -> frozenset[str]:
    """Every glossary key a Korean word starts with, as "=" + key (what ``translations``
    of an English word is matched against)."""
    return frozenset("=" + k for k in KOREAN_TERMS if word.startswith(k))


@functools.cache
def _glossary() -> tuple[list[str], dict[str, frozenset[str]]]:
    """The glossary's keys longest first, and for each English stem the keys it translates
    ("=" + key); built once, on first use."""
    keys: dict[str, set[str]] = {}
    for k, english in KOREAN_TERMS.items():
        for w in english:
            keys.setdefault(stem(w), set()).add("=" + k)
    return (sorted(KOREAN_TERMS, key=len, reverse=True),
            {root: frozenset(found) for root, found in keys.items()})


def korean_names(text: str) -> list[tuple[str, str]]:
    """The places and bodies a Korean text names, as (English name, Korean word): a word
    counts when it is a known name followed only by a particle ("중국과의" names China;
    "인도적" names nothing)."""
    found = []
    for token in re.findall(r"[\uac00-\ud7a3]+", text):
        for name in sorted(KOREAN_NAMES, key=len, reverse=True):
            if token.startswith(name) and (token == name or token[len(name):] in KOREAN_PARTICLES):
                found.append((KOREAN_NAMES[name][0], name))
                break
    return list(dict.fromkeys(found))


# Korean words that ask or link rather than name a topic: question words, "for", "about",
# "according to", and the polite endings of a question.
KOREAN_FUNCTION_WORDS = frozenset("""
무엇 무엇인가요 무엇이 무엇을 뭐 뭔가요 어떤 어떠한 어떻게 어느 언제 몇 왜 누구 누가 얼마 얼마나 어디
하나요 합니까 있나요 있습니까 인가요 입니까 되나요 됩니까 했나요 하는 하고 한다고 있는 대해 대한 대해서
관해 관한 관해서 관해서는 관련 관련해 관련된 위해 위한 따르면 통해 이 그 저 각 여러 같은 모든 그리고 또는
""".split())


def content_terms(text: str) -> list[str]:
    """The words of ``text`` that can carry its topic, lower case: English words that are
    not stop words; Korean words without their particle ("환경에" -> "환경") and without
    question and linking words. What a multilingual model can match across languages."""
    found = []
    for w in words(text.lower()):
        if _HANGUL.match(w[0]):
            for particle in sorted(KOREAN_PARTICLES, key=len, reverse=True):
                if w.endswith(particle) and len(w) > len(particle) + 1:
                    w = w[:-len(particle)]
                    break
            if w in KOREAN_FUNCTION_WORDS:
                continue
        elif (w := re.sub(r"['’]s$", "", w)) in STOPWORDS or not w.isalpha() or len(w) < 3:
            continue
        found.append(w)
    return list(dict.fromkeys(found))


def words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept)."""
    return WORD.findall(text)


def word_parts(text: str) -> set[str]:
    """The words of ``text`` in lower case, a hyphenated one also by its parts: "US-China"
    says "us-china", "us" and "china"."""
    return {p for w in words(text.lower()) for p in (w, *w.split("-"))}


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> list[str]:
    """The numbers written in digits in ``text``, as written: "2024", "14.0", "1,200"."""
    return _NUMBER.findall(text)


@functools.cache
def english_stemmer() -> Any:
    """The Snowball English stemmer (PyStemmer), shared by lexical search and the judge."""
    import Stemmer

    return Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(english_stemmer().stemWord(word))


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")


def script(text: str) -> str:
    """"hangul" when most letters of ``text`` are Korean, else "latin" (what matters here:
    whether words of two texts can be compared at all)."""
    letters = _LETTER.findall(text)
    hangul = sum(1 for c in letters if _HANGUL.match(c))
    return "hangul" if letters and hangul * 2 >= len(letters) else "latin"


def hangul_bigrams(text: str) -> str:
    """``text`` with every Korean word of 3+ syllables replaced by its syllable bigrams, so
    a bag-of-words index matches "정책은" with "정책을" (Korean attaches particles to words)."""
    def grams(match: re.Match[str]) -> str:
        w = match.group()
        return " ".join(w[i:i + 2] for i in range(len(w) - 1)) if len(w) > 2 else w
    return re.sub(r"[\uac00-\ud7a3]+", grams, text)
