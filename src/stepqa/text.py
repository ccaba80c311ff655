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


def words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept)."""
    return WORD.findall(text)


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
