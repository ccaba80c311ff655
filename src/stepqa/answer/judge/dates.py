"""Checks that figures and events keep their years and their order: a figure moved to
another year of the sentence, an event to another year, "still" for what has ended, an
order of events the passage does not give."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from stepqa.answer.judge.grammar import claim_verb, deed
from stepqa.answer.judge.reading import OPENING, SENTENCE_OR_ITEM, WHILE, YEAR, Text, numbers_in, word_stem
from stepqa.answer.judge.words import JUDGE_STOPWORDS
from stepqa.text import words as text_words

# Where a sentence's statements part for dating: commas, contrasts, and an "and" before a
# number ("9 members in 2021 and 15 in 2025").
_DATED_BREAK = re.compile(rf"[,;]|{WHILE}|\sand\s(?=\d)")


def _piece_words(raw: str) -> Iterator[list[str]]:
    """The words of each piece of each sentence, lower case. A sentence's opening phrase
    ("By 2024, ...") belongs to every piece of it; "between 2018 and 2023" is one piece."""
    for sentence in SENTENCE_OR_ITEM.split(raw):
        sentence = re.sub(r"\bbetween (\d+) and (\d+)", r"between \1 to \2", sentence)
        opening = OPENING.match(sentence)
        head = opening.group() if opening else ""
        for piece in _DATED_BREAK.split(sentence[len(head):]):
            yield text_words(f"{head} {piece}".lower())


def _dated_pieces(raw: str) -> list[tuple[set[str], set[str]]]:
    """The years and the other numbers of each piece of each sentence."""
    out = []
    for tokens in _piece_words(raw):
        numbers = numbers_in(tokens)
        years = {n for n in numbers if YEAR.fullmatch(n)}
        out.append((years, numbers - years))
    return out


_START_VALUE = re.compile(rf"\bfrom (?:about |around |roughly )?(?!{YEAR.pattern}\b)\d[\d.,]*"
                          r"(?: (?:hundred|thousand|million|billion))?")


def shifted_number(claim: Text, passage: Text) -> str | None:
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
                         rf"({YEAR.pattern})\b")


def shifted_event(claim: Text, passage: Text) -> str | None:
    """An event moved to another year of the passage: "took effect in 2022" where the
    passage says it "was announced in 2022 and took effect in 2024". Read from the word
    right before "in 2022" (or "since", "by" ...)."""
    def dated(text: Text) -> list[tuple[str, str, str]]:
        """(stem, word, year) of each word dated; not a unit after a figure ("18 percent
        in 2022": the figure's year is shifted_number's to check)."""
        found = []
        for m in _DATED_WORD.finditer(text.spaced):
            before = text.spaced[:m.start()].split()[-1:]
            if m.group(1) not in JUDGE_STOPWORDS and not (before and numbers_in(before)):
                found.append((word_stem(m.group(1)), m.group(1), m.group(2)))
        return found

    return _redated(dated(claim), dated(passage))


def _redated(mine: Sequence[tuple[str, str, str]], theirs: Sequence[tuple[str, str, str]]) -> str | None:
    """A claim's (stem, word, year) that the passage dates to other years only, while it
    dates something else to that year; why, or None."""
    for stem_, word, year in mine:
        years = {y for s, _, y in theirs if s == stem_}
        other = sorted({w for s, w, y in theirs if y == year and s != stem_})
        if years and year not in years and other:
            return (f"the passage dates '{word}' to {min(years)}; {year} is when "
                    f"'{other[0]}' happened")
    return None


def _dated_deeds(raw: str) -> list[tuple[str, str, str]]:
    """(stem, word, year) of each verb of a sentence piece that gives one year, the
    sentence's opening phrase included: "launched a scheme in 2021", "In 2023, the
    council halved its funding"."""
    found = []
    for tokens in _piece_words(raw):
        years = {n for n in numbers_in(tokens) if YEAR.fullmatch(n)}
        if len(years) == 1:
            year = years.pop()
            found += [(word_stem(w), w, year) for k, w in enumerate(tokens)
                      if claim_verb(tokens, k) or deed(tokens, k)]
    return found


def moved_deed(claim: Text, passage: Text) -> str | None:
    """A deed moved to the year of another: "launched its scheme in 2023" where the passage
    says it "launched a scheme in 2021" and its funding "was halved in 2023". The claim's
    verb, dated to one year, is dated by the passage to others only, and the claim's year
    to something else the passage says (``shifted_event`` reads only the word right before
    the year, here "scheme")."""
    return _redated(_dated_deeds(claim.raw), _dated_deeds(passage.raw))


def ended(claim: Text, passage: Text) -> str | None:
    """"Still" for what the passage says lasted "until 2022" and is now otherwise."""
    if "still" not in claim.words or "still" in passage.words or "now" not in passage.words:
        return None
    until = re.search(rf"\buntil (recently|{YEAR.pattern})\b", passage.spaced)
    return f"the passage says it lasted until {until.group(1)}" if until else None


# "A happened before B": an order of two events the passage must give too, in one of these
# words ("expanded before the community shifted" is not "expanded as it shifted").
_ORDER_WORDS = {"before": frozenset("before prior earlier preceding preceded precede precedes until "
                                    "ahead".split()),
                "after": frozenset("after since following followed follow follows once later "
                                   "subsequently then".split())}
_ORDER = re.compile(r"(?<!\bthan )(?<!\bas )\b(before|after)\s+(?!\d|(?:the\s+)?(?:end|start|"
                    r"beginning|middle)\s+of\s+\d)(?=[a-z])", re.IGNORECASE)


def unbacked_order(claim: Text, passage: Text) -> str | None:
    """An order of events the passage does not give: "expanded before the community
    shifted" where it says "expanded as the community shifted". Dates after "before" or
    "after" are the number and time checks' part."""
    if YEAR.search(claim.raw):  # dated events: their years give the order
        return None
    for match in _ORDER.finditer(claim.raw):
        word = match.group(1).lower()
        if not _ORDER_WORDS[word] & set(passage.words):
            return f"the passage does not say that one thing happened {word} the other"
    return None


# A cause the claim gives ("because of", "thanks to", "led to"): the passage must link the
# two as cause and effect too, in one of these words (or a sequence: "closed after a storm
# damaged its dome"); two facts it only puts side by side are no cause.
_CAUSE = re.compile(r"\b(?:because|due to|owing to|thanks to|as a result|in response to|"
                    r"(?:led|leads|lead|leading) to|result(?:s|ed)? in|caused|causes|prompted)\b")
_LINKS = frozenset("""because due owing thanks result results resulted response cause caused
causes causing led lead leads prompted prompt prompts after following since when so therefore
thus hence consequently driven drove drives reason amid given enabled enables allowed helped
spurred boosted fuelled fueled triggered hampered hindered stemmed stems reflects reflecting
through""".split())


def unlinked_cause(claim: Text, passage: Text) -> str | None:
    """A cause the claim adds between two things the passage says without linking them:
    "thanks to the new visa rules, the number of visiting engineers rose" where it says
    the number rose and, in another sentence, that new rules were announced."""
    if _CAUSE.search(claim.raw.lower()) and not _LINKS & set(passage.words):
        return "the passage does not say that one thing caused the other"
    return None


def always_since(claim: Text, passage: Text) -> str | None:
    """"Has always" where the passage dates the start: "since 2021 the lab has shared"."""
    if "always" not in claim.words or "always" in passage.words:
        return None
    start = re.search(rf"\b(?:since|from|starting in|beginning in) ({YEAR.pattern})\b", passage.spaced)
    return f"the passage says it began in {start.group(1)}, not always" if start else None
