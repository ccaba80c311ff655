"""The offline judge's word lists: opposites, negations, irregular verbs, number words,
months and places. General English, not tuned to any document; judge.py uses them.
"""

from __future__ import annotations

import re

from stepqa.text import ATTRIBUTION, STOPWORDS

# Function words, plus the verbs a claim uses to attribute itself to a source
# ("the report recommends ..."), which the passage itself never needs to contain.
JUDGE_STOPWORDS = STOPWORDS | ATTRIBUTION

NEGATIONS = frozenset(
    "not no never none nor neither without cannot can't won't don't doesn't isn't aren't "
    "wasn't weren't shouldn't couldn't wouldn't hasn't haven't lack lacks lacking absence "
    "fail fails failed refuse refuses refused stop stops stopped stopping cease ceases ceased "
    "halt halts halted".split()
)
# Cues that negate only in a two-word phrase: "rather than X", "instead of X".
PHRASE_NEGATIONS = {("rather", "than"), ("instead", "of")}
NEGATIVE_PREFIXES = ("un", "in", "im", "non", "ir", "il", "dis")

# Irregular past forms the stemmer leaves alone ("rose" must meet "rise").
IRREGULAR = dict(pair.split(":") for pair in """
rose:rise risen:rise fell:fall fallen:fall grew:grow grown:grow began:begin begun:begin
made:make took:take taken:take gave:give given:give went:go gone:go met:meet held:hold led:lead
kept:keep sought:seek brought:bring thought:think spent:spend won:win lost:lose built:build
sent:send chose:choose chosen:choose drew:draw drawn:draw broke:break broken:break
wrote:write written:write became:become came:come ran:run saw:see seen:see found:find
told:tell paid:pay sold:sell left:leave stood:stand fought:fight taught:teach froze:freeze
frozen:freeze shrank:shrink shrunk:shrink sank:sink spoke:speak spoken:speak chose:choose
""".split())

# Pairs of opposites a one-word swap turns a true claim into a false one with. General
# English, not tuned to any document.
ANTONYMS = [
    ("increase", "decrease"), ("increase", "reduce"), ("expand", "reduce"), ("expand", "shrink"),
    ("strengthen", "weaken"), ("include", "exclude"), ("efficient", "inefficient"),
    ("flexible", "rigid"), ("long", "short"), ("public", "private"), ("more", "less"),
    ("more", "fewer"), ("rise", "fall"), ("higher", "lower"), ("above", "below"),
    ("easy", "difficult"), ("easy", "hard"), ("allow", "prohibit"), ("allow", "ban"),
    ("permit", "forbid"), ("accept", "reject"), ("approve", "reject"), ("open", "closed"),
    ("before", "after"), ("maximum", "minimum"), ("continue", "freeze"), ("continue", "stop"),
    ("start", "end"), ("gain", "loss"), ("success", "failure"), ("support", "oppose"),
    ("agree", "disagree"), ("keep", "abolish"), ("introduce", "abolish"), ("domestic", "foreign"),
    ("import", "export"), ("first", "last"), ("increase", "cut"), ("double", "halve"),
    ("important", "unimportant"), ("centralised", "decentralised"),
    ("centralized", "decentralized"), ("bilateral", "multilateral"), ("early", "late"),
    ("earlier", "later"), ("high", "low"), ("old", "new"), ("win", "lose"), ("up", "down"),
    # Verbs of opposite direction: creating or growing something against ending or shrinking it.
    ("establish", "abolish"), ("establish", "close"), ("establish", "dismantle"),
    ("expand", "abolish"), ("expand", "cut"), ("expand", "decline"), ("grow", "decline"),
    ("grow", "shrink"), ("increase", "decline"), ("rise", "decline"), ("strengthen", "close"),
    ("strengthen", "reduce"), ("introduce", "remove"), ("introduce", "end"),
    ("keep", "end"), ("appoint", "dismiss"), ("hire", "fire"), ("propose", "reject"),
    ("fund", "defund"), ("start", "stop"), ("begin", "end"), ("raise", "lower"),
    ("enhance", "reduce"), ("enhance", "weaken"), ("revitalize", "weaken"),
    ("revitalise", "weaken"), ("succeed", "fail"), ("respond", "fail"), ("accelerate", "delay"),
    ("efficiently", "slowly"), ("quickly", "slowly"), ("rapid", "slow"), ("equal", "unequal"),
]

# Quantifiers: a claim that says "all" where the passage says "some", or "only some" where
# it says "all", says something else.
UNIVERSAL = frozenset("all every each always entire whole".split())
PARTIAL = frozenset("some few several part many most".split())
RESTRICTIVE = frozenset("only solely exclusively just".split())

# Modality and status: an obligation is not a permission, a proposal is not a deed.
OBLIGATION = frozenset("must shall required requires require obliged mandatory have".split())
PERMISSION = frozenset("may can could optional allowed wish".split())
PROPOSAL = frozenset("""propose proposes proposed suggest suggests recommend recommends should need
needs plan plans planned will would establish introduce clarify enhance strengthen expand""".split())
DONE = frozenset("already has have had been was were did".split())

# Connectives that state a cause or a purpose: what follows them must be in the passage.
CAUSE_OR_PURPOSE = re.compile(
    r"\b(because of|because|due to|owing to|as a result of|in order to|so as to|so that|"
    r"for the purpose of|aimed at|(?<=\w) to(?= [a-z]+))\b", re.IGNORECASE)

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
    "million": "million", "billion": "billion", "trillion": "trillion", "half": "half",
    "double": "x2", "doubled": "x2", "doubles": "x2", "twice": "x2", "triple": "x3",
    "tripled": "x3", "triples": "x3", "quadruple": "x4", "first": "1st", "second": "2nd",
    "third": "3rd", "once": "1x",
}
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Names that open a sentence are still names: a short list of the places policy texts
# compare, so a swapped country is caught wherever it stands.
PLACES = frozenset("""
afghanistan albania algeria argentina armenia australia austria azerbaijan bangladesh belgium
brazil bulgaria cambodia canada chile china colombia croatia cuba czechia denmark egypt estonia
ethiopia finland france georgia germany ghana greece hungary iceland india indonesia iran iraq
ireland israel italy japan jordan kazakhstan kenya korea kuwait latvia lithuania luxembourg
malaysia mexico mongolia morocco nepal netherlands nigeria norway pakistan peru philippines
poland portugal qatar romania russia saudi serbia singapore slovakia slovenia spain sweden
switzerland taiwan thailand tunisia turkey ukraine uae uk usa vietnam europe asia africa
america eu oecd asean nato unesco american british canadian chinese french german indian
japanese korean european african asian russian australian brazilian italian spanish swiss
seoul tokyo beijing washington brussels london paris berlin
""".split())

CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:and|while|whereas|but|because|so|which|although)\s")
