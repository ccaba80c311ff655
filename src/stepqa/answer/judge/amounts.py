"""Checks that an amount does not move between passage and claim: a share ("most" for
"fewer than half"), a degree, a frequency, a direction, a unit of time, a quantifier
("all" for "some", an added "only") and a bound ("at least" for "up to")."""

from __future__ import annotations

import re

from stepqa.answer.judge.reading import YEAR, Text, content_words, numbers_in, word_stem
from stepqa.answer.judge.words import (
    LOWER_BOUND,
    MAJORITY,
    MINORITY,
    NUMBER_WORDS,
    PARTIAL,
    RESTRICTIVE,
    STRONG_DEGREE,
    TIME_UNITS,
    UNIVERSAL,
    UPPER_BOUND,
    WEAK_DEGREE,
)


def _share(text: Text) -> str | None:
    """"majority" or "minority" when the text gives a share that way ("most", "fewer than
    half"); the minority phrases are read first, since "fewer than half" holds "half"."""
    spaced = text.spaced.replace(" too few ", " ")  # "too few staff" is no share
    for kind, phrases in (("minority", MINORITY), ("majority", MAJORITY)):
        if any(f" {p} " in spaced for p in phrases):
            return kind
    return None


_ONCE_PER = {"annual": "year", "annually": "year", "yearly": "year", "monthly": "month",
             "weekly": "week", "daily": "day"}


def _frequency(text: Text) -> dict[str, str]:
    """Unit -> count of each "every N units" ("every three years" -> year: 3; "every year",
    "once a year", "annual" -> year: 1)."""
    found = {_ONCE_PER[w]: "1" for w in text.words if w in _ONCE_PER}
    joined = text.spaced
    for n, unit in re.findall(r"\bevery (?:(\w+) )?(day|week|month|year|decade)s?\b", joined):
        found[unit] = NUMBER_WORDS.get(n, n) if n else "1"
    for unit in re.findall(r"\bonce (?:a|per|every) (day|week|month|year|decade)\b", joined):
        found[unit] = "1"
    return found


def _direction(text: Text) -> tuple[set[str], set[str]] | None:
    """The content stems of the two ends of a "from X to Y" (up to three words each)."""
    match = re.search(r"\bfrom ((?:[\w-]+ ){1,3}?)to ((?:[\w-]+ ?){1,3})", text.spaced.strip())
    if not match:
        return None
    ends = [{word_stem(w) for w in content_words(group.split())} for group in match.groups()]
    return (ends[0], ends[1]) if all(ends) else None


def measure_clash(claim: Text, passage: Text) -> str | None:
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
    units = {u for u in TIME_UNITS if any(word_stem(w) == u for w in claim.words)}
    their_units = {u for u in TIME_UNITS if any(word_stem(w) == u for w in passage.words)}
    if units and their_units and not units & their_units and not restated_rates(claim, passage):
        return (f"the claim speaks of a {sorted(units)[0]} where the passage speaks of a "
                f"{sorted(their_units)[0]}")
    return None


_SEASONS = ("spring", "summer", "autumn", "fall", "winter", "quarter", "term", "semester")
_EVERY_TIME = re.compile(rf" (?:every|each) (?:other |\w+ )?(?:{'|'.join(TIME_UNITS + _SEASONS)})s? ")


def _quantifiers(text: Text) -> set[str]:
    """The text's words, less the frequencies ("every two years")."""
    return set(_EVERY_TIME.sub(" ", text.spaced).split())


def quantifier_clash(claim: Text, passage: Text) -> str | None:
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


def bound_clash(claim: Text, passage: Text) -> str | None:
    """"at least two years" where the passage says "up to two years" (or back)."""
    def bounds(raw: str) -> dict[str, set[str]]:
        low = raw.lower()
        found: dict[str, set[str]] = {}
        for kind, phrases in (("lower", LOWER_BOUND), ("upper", UPPER_BOUND)):
            for phrase in phrases:
                for m in re.finditer(rf"\b{phrase} (\w+)", low):
                    for n in numbers_in([m.group(1)]):
                        found.setdefault(n, set()).add(kind)
        return found

    mine, theirs = bounds(claim.raw), bounds(passage.raw)
    for number, kinds in mine.items():
        other = theirs.get(number, set())
        if other and not kinds & other:
            return f"the claim bounds {number} the other way from the passage"
        if not other and number in numbers_in(passage.words) and "lower" in kinds:
            return f"the claim sets a lower bound on {number}; the passage does not"
    return None


# How often, as a count per year: "four times a year", "every quarter" and "quarterly" say
# the same; "two meetings a year" says "twice a year".
_PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 365, "quarter": 4}
_ADVERBS = {"annually": 1, "yearly": 1, "annual": 1, "biannual": 2, "biannually": 2,
            "semiannual": 2, "quarterly": 4, "monthly": 12, "weekly": 52, "daily": 365}
_TIMES = {"once": "1", "twice": "2", "thrice": "3"}
# Words that say how often, and no more: they need no match of their own once the rate does.
RATE_WORDS = frozenset({"times", *_TIMES, *_PER_YEAR, *(f"{unit}s" for unit in _PER_YEAR)})
_UNIT = r"(year|month|week|day|quarter)s?"
_COUNTS = "|".join(["once", "twice", "thrice", r"\d+(?:\.\d+)?",
                    *(w for w, n in NUMBER_WORDS.items() if n.isdigit())])
_COUNT_PER = re.compile(rf" ({_COUNTS})(?: times| [a-z]+)? (?:a|per|each) {_UNIT} ")
_EVERY = re.compile(rf" every (?:([\w.]+) )?{_UNIT} ")


def _rates(text: Text) -> dict[float, set[str]]:
    """Each rate the text gives, as a count per year, with the numbers that give it."""
    found: dict[float, set[str]] = {}
    for m in _COUNT_PER.finditer(text.spaced):
        given = numbers_in([m.group(1)])
        count = _TIMES.get(m.group(1)) or next(iter(given), None)
        if count is not None and count.replace(".", "").isdigit():
            rate = float(count) * _PER_YEAR[m.group(2)]
            found.setdefault(rate, set()).update(given | {count})
    for m in _EVERY.finditer(text.spaced):
        count = next(iter(numbers_in([m.group(1)])), None) if m.group(1) else "1"
        if count is not None and count.replace(".", "").isdigit() and float(count):
            found.setdefault(_PER_YEAR[m.group(2)] / float(count), set()).add(count)
    for w in text.words:
        if w in _ADVERBS:
            found.setdefault(float(_ADVERBS[w]), set())
    return found


def restated_rates(claim: Text, passage: Text) -> set[str]:
    """The numbers of the claim's rates that the passage gives in other words: "4" of
    "four times a year" where it says "every quarter"."""
    theirs = _rates(passage)
    return {n for rate, numbers in _rates(claim).items() if rate in theirs for n in numbers}


# A rank below the top ("the second largest") said as the top ("the largest").
_RANKED = re.compile(r" (second|third|fourth|fifth|2nd|3rd|4th|5th) ((?:most )?[a-z]{3,}est|best|worst) ")


# Words ending in "est" that are no superlatives ("the second request").
_NOT_SUPERLATIVE = frozenset("""interest request forest contest protest harvest suggest digest
manifest honest modest conquest inquest arrest invest behest""".split())


def rank_clash(claim: Text, passage: Text) -> str | None:
    """"the largest" where the passage says "the second largest"."""
    for m in _RANKED.finditer(passage.spaced):
        top = m.group(2)
        if top.split()[-1] in _NOT_SUPERLATIVE:
            continue
        if f" the {top} " in claim.spaced and not _RANKED.search(claim.spaced):
            return f"the passage says '{m.group(1)} {top}', not '{top}'"
    return None


# The whole of something ("every country", "all regions", "nationwide") where the passage
# counts a part of it ("the five partner countries", "in two provinces").
_WHOLE = re.compile(r" (?:all|every|each) (?:the |of |of the )?((?:[a-z-]+ ){1,2})")
_EVERYWHERE = frozenset("nationwide countrywide worldwide globally everywhere".split())


def _counted(passage: Text) -> dict[str, str]:
    """Stem -> the phrase, of each noun the passage counts ("five partner countries")."""
    found: dict[str, str] = {}
    words = passage.words
    for i, w in enumerate(words):
        if any(n.isdigit() and n != "1" for n in numbers_in([w])) and not YEAR.fullmatch(w):
            for k in range(i + 1, min(i + 4, len(words))):
                found.setdefault(word_stem(words[k]), " ".join(words[i:k + 1]))
    return found


def whole_for_part(claim: Text, passage: Text) -> str | None:
    """"every country" where the passage says "the five partner countries"; "nationwide"
    where it says "in two provinces". Not when the passage speaks of the whole too."""
    if _quantifiers(passage) & UNIVERSAL or _EVERYWHERE & set(passage.words):
        return None
    counted = _counted(passage)
    if not counted:
        return None
    for m in _WHOLE.finditer(_EVERY_TIME.sub(" ", claim.spaced)):  # not "every year"
        named = m.group(1).split()
        if numbers_in(named):
            continue  # "all five partner countries" counts them too
        for w in named:
            if word_stem(w) in counted:
                said = counted[word_stem(w)]
                return f"the claim says '{m.group().strip()}' where the passage says '{said}'"
    everywhere = sorted(_EVERYWHERE & set(claim.words))
    # ("whole", "entire" are universal quantifiers, which returned above)
    if everywhere and not {"national", "nation", "country"} & set(passage.words):
        return f"the claim says '{everywhere[0]}' where the passage says '{next(iter(counted.values()))}'"
    return None


_BY_OR_TO = re.compile(r" (by|to) (?:about |around |nearly |almost |some )?(\d[\d.]*) ")


def change_clash(claim: Text, passage: Text) -> str | None:
    """A change by an amount said as a change to it, or back: "rose by 30 percent" where
    the passage says "rose to 30 percent"."""
    theirs = {(m.group(1), m.group(2)) for m in _BY_OR_TO.finditer(passage.spaced)}
    for m in _BY_OR_TO.finditer(claim.spaced):
        if YEAR.fullmatch(m.group(2)):
            continue  # "by 2030" is a deadline, "to 2030" an end: the date checks' part
        other = "to" if m.group(1) == "by" else "by"
        if (other, m.group(2)) in theirs and (m.group(1), m.group(2)) not in theirs:
            return f"the claim says '{m.group(1)} {m.group(2)}' where the passage says '{other} {m.group(2)}'"
    return None


def none_for_some(claim: Text, passage: Text) -> str | None:
    """"None of the institutes" where the passage says "not all of them" or "some"."""
    if not re.search(r" (?:none|no one) ", claim.spaced) or " none " in passage.spaced:
        return None
    said = re.search(r" not (?:all|every|each) |" + "|".join(f" {w} " for w in sorted(PARTIAL)),
                     passage.spaced)
    return f"the claim says 'none' where the passage says '{said.group().strip()}'" if said else None


_FIGURE_OF = re.compile(r" ([a-z]{3,}) of (?:about |around |nearly |almost |some |only |just )?"
                        rf"(\d[\d,.]*|{'|'.join(NUMBER_WORDS)}) ")


def _figures_of(text: Text) -> dict[str, tuple[set[str], str]]:
    """Stem of each noun the text gives a figure with "of" -> the figures and the first
    phrase that gives one ("a target of ten" -> target: ({"10"}, "target of ten"))."""
    out: dict[str, tuple[set[str], str]] = {}
    for m in _FIGURE_OF.finditer(text.spaced):
        figures, _ = out.setdefault(word_stem(m.group(1)), (set(), m.group().strip()))
        figures.update(numbers_in([m.group(2).replace(",", "")]))
    return out


def figure_clash(claim: Text, passage: Text) -> str | None:
    """A figure given to a noun the passage gives another figure: "against a target of six"
    where its target is ten (and six what was done)."""
    theirs = _figures_of(passage)
    for noun, (figures, said) in _figures_of(claim).items():
        if noun in theirs and theirs[noun][0] and figures and not figures & theirs[noun][0]:
            return f"the claim says '{said}' where the passage says '{theirs[noun][1]}'"
    return None
