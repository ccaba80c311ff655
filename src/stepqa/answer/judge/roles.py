"""Checks that who does what to whom stays as the passage says it: doer and object, the
sides of "from"/"over"/"to", a verb joined to another statement's doer or object, a word
moved between two joined statements, a majority given to the remainder, a subject the
passage rules out."""

from __future__ import annotations

import re
from collections.abc import Sequence

from stepqa.answer.judge.grammar import (
    ARTICLES,
    BACK_REFERENCE,
    BE,
    DETERMINERS,
    NOUN_ENDINGS,
    STATEMENT,
    Statement,
    claim_verb,
    deed,
    is_passive,
    mood,
    near_words,
    nearest_word,
    sides,
    statement_mood,
    statements,
    verb_like,
)
from stepqa.answer.judge.modality import MOOD_CLASHES
from stepqa.answer.judge.reading import (
    OPENING,
    RULED_OUT,
    SENTENCE_OR_ITEM,
    WHILE,
    Text,
    base_verb,
    content_words,
    names_in,
    phrasal,
    sentence_words,
    word_stem,
)
from stepqa.answer.judge.words import JUDGE_STOPWORDS, MODALS, NEGATIONS, PLACES
from stepqa.answer.lexicon import lexicon
from stepqa.text import stem
from stepqa.text import words as text_words

# Where two contrasted statements of one sentence part: "A has fallen, while B has
# doubled". Not "and": "the council expanded X and simplified Y" shares its subject.
_CONTRAST = re.compile(r";|\s(?:while|whilst|whereas|but|although)\s")


def misplaced_predicate(claim: Text, passage: Text) -> str | None:
    """A verb the claim shares with the passage, said there of something else: in "the
    Nordic projects have fallen, while the Asian ones have doubled", "the Nordic projects
    have doubled" keeps every word and swaps what is said of what. Of the words a claim's
    statement shares with the passage, most must stand in the passage's statement that
    holds its verb (statements are cut where they are contrasted: "while", "whereas",
    "but", ";")."""
    theirs = [Text.of(part) for part in _CONTRAST.split(passage.raw) if part.strip()]
    if len(theirs) < 2:
        return None
    for part in _CONTRAST.split(claim.raw):
        mine = Text.of(part)
        for k, w in enumerate(mine.words):
            if w in JUDGE_STOPWORDS or not (verb_like(mine.words, k) or deed(mine.words, k)):
                continue
            holding = [t for t in theirs if word_stem(w) in t.stems]
            if not holding or len(holding) == len(theirs):
                continue
            shared = {word_stem(x) for x in content_words(mine.parts) if x != w and passage.has(x)}
            if len(shared) < 2:
                continue
            best = max(holding, key=lambda t: len(shared & t.stems))
            if len(shared & best.stems) < 0.5 * len(shared):
                other = [x for x in content_words(best.words)
                         if word_stem(x) != word_stem(w) and not mine.has(x)]
                return (f"the passage says '{w}' of '{' '.join(other[:2]) or 'something else'}'"
                        f", not of what the claim names")
    return None


def _fits(statement: Statement, doers: Sequence[str], done: Sequence[str]) -> bool:
    """The statement names the doer nearest the verb and at least half of the others (all
    in its own words when it opens with a subject of its own that has one of them: in "The
    national government pays its running costs", "its" is the owner of what is paid and
    lends it no "regional" doer), and at least half of what the verb is done to: by its own
    words, or by at least one
    of them and the rest from the statement it goes on from ("they must delete the
    copies" of "patient records")."""
    own_doer = statement.own_subject and any(statement.own.has(d, wordnet=False) for d in doers)
    said = [(statement.own if own_doer else statement.said).has(d, wordnet=False) for d in doers]
    own = sum(statement.done.has(d, wordnet=False) for d in done)
    borrowed = sum(statement.said.has(d, wordnet=False) for d in done)
    objects = 2 * own >= len(done) or (statement.points_back and own > 0
                                       and 2 * borrowed >= len(done))
    return (not said or (said[-1] and 2 * sum(said) >= len(said))) and objects


def crossed_statements(claim: Text, passage: Text) -> str | None:
    """A verb the passage says in one statement, joined in the claim to the doer or the
    object of another: against "the agency will modernise its stations next year and
    close the archive in 2030", "the agency will close its stations next year" keeps every
    word. Each claim verb must find a passage statement that holds it, names the doer
    the claim gives it (up to a comma; a statement that goes on without a subject of its
    own, or says "it", borrows the one before), and holds at least half of the nearest
    three words it is done to."""
    theirs = statements(passage.raw)
    if len(theirs) < 2:
        return None
    for piece in STATEMENT.split(claim.raw):
        for chunk in (piece or "").split(","):
            words = text_words(phrasal(chunk.lower()))
            for k, w in enumerate(words):
                if not claim_verb(words, k):
                    continue
                holding = [t for t in theirs if word_stem(w) in t.own.stems]
                if not holding:
                    continue
                passive = is_passive(words, k)
                if passive:
                    by = next((j for j in range(k + 1, len(words)) if words[j] == "by"), None)
                    # the doer is the phrase after "by", up to the clause's own verb ("... by
                    # Brisk's universities are employed"); nearest last, as for an active verb
                    after = words[by + 1:] if by is not None else []
                    end = next((j for j, v in enumerate(after) if v in BE or v in MODALS),
                               len(after))
                    doer_side = list(reversed(after[:end]))
                    done_side = list(reversed(words[:k]))
                else:
                    doer_side, done_side = words[:k], words[k + 1:]
                # A country is left out: a report about it names it once, in a heading.
                doers = [x for x in content_words(doer_side)
                         if passage.has(x, wordnet=False) and x.replace("'s", "") not in PLACES]
                # a participle after its noun ("technicians trained by universities") is
                # done to that noun alone
                reduced = passive and not BE & set(words[max(0, k - 3):k])
                done = [x for x in content_words(done_side)
                        if passage.has(x, wordnet=False)][:1 if reduced else 4 if passive else 3]
                fitting = [t for t in holding if _fits(t, doers, done)]
                if not fitting:
                    return f"the passage says '{w}' in a statement about something else"
                # each thing it is done to, where only another doer does it: "the scheme
                # pays both travel and accommodation" for "the scheme pays travel costs;
                # the host institute pays accommodation"
                for x in done if doers else ():
                    owners = [t for t in holding if t.done.has(x, wordnet=False)]
                    if owners and not any(t.said.has(d, wordnet=False)
                                          for t in owners for d in doers):
                        return f"the passage says '{w}' '{x}' of another doer"
                # The statement it comes from marks the verb otherwise: "may publish the
                # agreements" where the passage says "must publish the agreements, and it
                # may also publish the names".
                mine = mood(words, k) or ("done" if deed(words, k) else None)
                moods = [statement_mood(t, w) for t in fitting]
                if mine and all((mine, m) in MOOD_CLASHES for m in moods):
                    return MOOD_CLASHES[(mine, moods[0])].format(w=w)  # type: ignore[index]
    return None


# "Dunmore's science ministry": a name that owns the words after it.
_OWNED = re.compile(r"\b([A-Z][\w-]*)['’]s\s+([a-z][\w-]*)")


def swapped_owner(claim: Text, passage: Text) -> str | None:
    """A thing given to another owner: "Brisk's science ministry funds laboratories in
    Dunmore" where the passage says "Dunmore's science ministry funds laboratories with
    Brisk". The claim's "X's thing" where the passage says the same thing only as some other
    name's."""
    owners: dict[str, set[str]] = {}
    for m in _OWNED.finditer(passage.raw):
        owners.setdefault(stem(m.group(2).lower()), set()).add(m.group(1))
    for m in _OWNED.finditer(claim.raw):
        theirs = owners.get(stem(m.group(2).lower()), set())
        if theirs and m.group(1) not in theirs:
            return (f"the passage says \"{sorted(theirs)[0]}'s {m.group(2)}\", not "
                    f"\"{m.group(1)}'s\"")
    return None


# Connectives whose two sides are not interchangeable: what is received "from" whom, what
# is given priority "over" what.
_ASYMMETRIC = frozenset({"from", "over", "to"})  # "to": the recipient ("supplies metals to B")
_PHRASE_END = JUDGE_STOPWORDS | {"before", "after", "when", "while", "until", "since", "during",
                                 "because", "unless", "once"}


def _sides_of(raw: str) -> list[tuple[str, set[str], tuple[str, ...]]]:
    """For each asymmetric connective of each sentence: the connective, the stems of the
    content words before it in that sentence, and the words of the noun phrase right after
    it (its determiners skipped; none when a number follows, "from 2026", "over 50").
    "to" counts only before a noun (with WordNet's data at hand to tell)."""
    words = lexicon()
    found = []
    for sentence in SENTENCE_OR_ITEM.split(raw):
        tokens = text_words(sentence.lower())
        for i, word in enumerate(tokens):
            if word not in _ASYMMETRIC:
                continue
            if word == "to" and (words is None or i + 1 == len(tokens)
                                 or base_verb(tokens[i + 1], words)):
                continue  # "to respond": a purpose or complement, no recipient
            phrase: list[str] = []
            for nxt in tokens[i + 1:]:
                if nxt in DETERMINERS and not phrase:
                    continue
                if nxt in _PHRASE_END or nxt[0].isdigit() or len(phrase) == 3:
                    break
                phrase.append(nxt)
            if phrase:
                found.append((word, {stem(w) for w in content_words(tokens[:i])}, tuple(phrase)))
    return found


def traded_sides(claim: Text, passage: Text) -> str | None:
    """The two sides of "from" or "over" traded: "the council receives figures from the
    office" where the office receives them from the council; "coastal stations priority
    over inland stations" the other way round. The noun phrase after the connective in
    the claim stands before it in the passage, and the passage's stands before it in the
    claim. (Moving a phrase elsewhere in the sentence keeps the phrase after the
    connective, and so is no flip.)"""
    theirs = _sides_of(passage.raw)
    for word, before, phrase in _sides_of(claim.raw):
        for other_word, other_before, other in theirs:
            # the words that tell the two phrases apart ("inland" / "coastal" stations)
            mine = {stem(w) for w in phrase} - {stem(w) for w in other}
            others = {stem(w) for w in other} - {stem(w) for w in phrase}
            if other_word == word and mine & other_before and others & before:
                return (f"'{word} {' '.join(phrase)}' is the other way round: the passage "
                        f"says '{word} {' '.join(other)}'")
    return None


_MOSTLY = re.compile(r"\b(?:most|mostly|mainly|largely|primarily|chiefly|majority)\b")
_REMAINDER = re.compile(r"\b(?:remainder|rest|small share|small part|fraction|few|minority"
                        r"|a little)\b")


def majority_moved(claim: Text, passage: Text) -> str | None:
    """"Most" said of what the passage gives the remainder: "most of the budget funds
    climate studies" where "most goes to health projects, and a small share funds climate
    studies". The words after the claim's "most" must not be the remainder's own while
    the passage's majority goes to something the claim does not name."""
    mine = _MOSTLY.search(claim.spaced)
    if not mine:
        return None
    pieces = [Text.of(p) for p in re.split(r"[,;]|\.\s|\s(?:while|whereas|but)\s", passage.raw)]
    major = [p for p in pieces if _MOSTLY.search(p.spaced) and not _REMAINDER.search(p.spaced)]
    minor = [p for p in pieces if _REMAINDER.search(p.spaced) and not _MOSTLY.search(p.spaced)]
    said = {word_stem(w) for w in content_words(text_words(claim.spaced[mine.end():]))}
    for big in major:
        tail = big.spaced[_MOSTLY.search(big.spaced).end():]  # type: ignore[union-attr]
        gets = {word_stem(w) for w in content_words(text_words(tail))}
        for small in minor:
            remainder = said & small.stems - big.stems
            if remainder and not gets - small.stems <= claim.stems:
                given = [w for w in content_words(text_words(tail)) if word_stem(w) not in small.stems]
                named = [w for w in content_words(claim.words) if word_stem(w) in remainder][-2:]
                return (f"the passage gives most to '{' '.join(given[-2:])}'; "
                        f"'{' '.join(named)}' gets the remainder")
    return None


def ruled_out(claim: Text, passage: Text) -> str | None:
    """A subject the passage rules out in passing, named by the claim as the doer:
    "the foreign ministry signs" where "the science office, not the foreign ministry,
    signs"."""
    if set(claim.words) & (NEGATIONS | {"instead", "rather", "from", "no", "longer"}):
        return None
    for match in RULED_OUT.finditer(passage.raw):
        phrase = " ".join(w for w in text_words(match.group(1).lower()) if w not in ARTICLES)
        rest = Text.of(passage.raw[:match.start()] + " " + passage.raw[match.end():])
        # not when the passage names it again ("..., and the universities pay their travel")
        if phrase and f" {phrase} " in claim.spaced and f" {phrase} " not in rest.spaced:
            return f"the passage says 'not {match.group(1)}'"
    return None


# Statements a sentence contrasts or joins with ", and": "coastal stations report every
# hour, while inland stations report once a day".
_JOINED = re.compile(rf";|,\s*and\s|{WHILE}")


def crossed_modifier(claim: Text, passage: Text) -> str | None:
    """A word taken from the other of two joined statements into the same slot: "inland
    weather stations report every hour" where coastal ones report every hour and inland
    ones once a day; "doubled its grants for physics" where grants for chemistry doubled
    and those for physics stayed flat. The claim is about the statement most of its
    telling words come from; a word it takes from another statement must not stand,
    beside a word both share, where that statement has a word of its own that the claim
    leaves out ("inland weather" where it says "coastal weather")."""
    raw = re.sub(r"^\s*\([^)]*\)\s*", "", passage.raw)  # "(Fictional) Northern ferries ..."
    theirs = [Text.of(p) for p in _JOINED.split(raw) if p and p.strip()]
    if len(theirs) < 2:
        return None
    # The sentence's setting tells no statement from another: names ("in Merrow") and an
    # opening phrase ("Since 2021, ...").
    setting = {word_stem(n) for n in names_in(raw)} | {
        word_stem(w) for sentence in SENTENCE_OR_ITEM.split(raw)
        for m in [OPENING.match(sentence)] if m for w in text_words(m.group().lower())}
    rows = [[word_stem(w) for w in content_words(t.words)] for t in theirs]
    spelled = {word_stem(w): w for t in theirs for w in content_words(t.words)}
    distinct = [set(row) - setting - set().union(*(set(r) for j, r in enumerate(rows) if j != i))
                for i, row in enumerate(rows)]
    for piece in _JOINED.split(claim.raw):
        own_words = content_words(text_words(phrasal((piece or "").lower())))
        mine = [word_stem(w) for w in own_words]
        counts = [len(set(mine) & d) for d in distinct]
        best = max(counts)
        if not best or counts.count(best) > 1:
            continue
        i = counts.index(best)
        # a statement that points back ("it now shares one") says its words of the other's
        # subject too; one the claim restates as well (two or more of its own words) is no
        # source of a single word put in the wrong slot
        foreign = set().union(*(d for j, d in enumerate(distinct)
                                if j != i and not set(theirs[j].words) & BACK_REFERENCE
                                and len(set(mine) & d) < 2))
        row = rows[i]
        for k, word in enumerate(mine):
            # a verb of the other statement is a paraphrase ("receive" for "go to"), not a
            # modifier or a noun put in the wrong slot
            if word not in foreign or (claim.lexicon is not None
                                       and claim.lexicon.only_verb(own_words[k])):
                continue
            for step in (-1, 1):  # the shared word beside it, before or after
                if not 0 <= k + step < len(mine) or mine[k + step] in setting:
                    continue
                for m in (m for m, w in enumerate(row) if w == mine[k + step]):
                    slot = m - step
                    if 0 <= slot < len(row) and row[slot] in distinct[i] and row[slot] not in mine:
                        pair = [spelled[row[slot]], own_words[k + step]]
                        return (f"the passage says '{' ... '.join(pair[::step])}', not "
                                f"'{own_words[k]}' (that is in its other statement)")
    return None


def role_swap(claim: Text, passage: Text) -> str | None:
    """Agent and object swapped around a verb both texts use: "universities fund the
    council" against "the council funds universities". Needs the claim's doer on the
    passage's done-to side only, and one of the passage's doers on the claim's done-to side
    only (or the claim's object on the passage's doer side only)."""
    claim_words = claim.words
    occurrences = [(sentence, k) for sentence in sentence_words(passage.raw)
                   for k, _ in enumerate(sentence)]
    for i, w in enumerate(claim_words):
        if w in JUDGE_STOPWORDS or w.endswith(NOUN_ENDINGS) or not passage.has(w):
            continue  # "need approval from X" turns "X must approve" round: not a swap
        root = word_stem(w)
        mine_doer, mine_done = sides(claim_words, i)
        near_doer = nearest_word(claim_words, i, passage, doer=True)
        near_done = nearest_word(claim_words, i, passage, doer=False)
        if near_doer is None:
            continue
        verb_only = claim.lexicon is not None and claim.lexicon.only_verb(w)
        mine = (set(near_words(claim_words, i, passage, True, 2)),
                set(near_words(claim_words, i, passage, False, 2)))
        verdicts = []
        for sentence, k in occurrences:
            if word_stem(sentence[k]) != root:
                continue
            marked = verb_like(claim_words, i) or verb_like(sentence, k)
            if not (marked or verb_only):
                continue
            doer, done = sides(sentence, k)
            their_doer = nearest_word(sentence, k, claim, doer=True)
            swapped = near_doer in done - doer and (
                (near_done is not None and near_done in doer - done)
                or (their_doer is not None and their_doer in mine_done - mine_doer))
            # The words right beside the verb traded places ("core technologies determine
            # international politics" / "international politics determines ... technologies")
            theirs = (set(near_words(sentence, k, claim, True, 2)),
                      set(near_words(sentence, k, claim, False, 2)))
            crossed = (bool(mine[0] & theirs[1]) and bool(mine[1] & theirs[0])
                       and not mine[0] & theirs[0] and not mine[1] & theirs[1])
            verdicts.append((swapped and marked) or crossed)
        if verdicts and all(verdicts):
            return f"the claim swaps who does what around '{w}'"
    return None
