"""The offline judge's word lists: opposites, negations, irregular verbs, number words,
months and places. General English, not tuned to any document; the check modules beside it use them.
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
    "halt halts halted replace replaces replaced replacing avoid avoids avoided avoiding "
    "shortage shortages scarcity dearth".split()
)
# Cues that negate only in a two-word phrase: "rather than X", "instead of X".
# "too few staff" says there is not enough staff, as "lack the staff" does.
PHRASE_NEGATIONS = {("rather", "than"), ("instead", "of"), ("too", "few"), ("too", "little"),
                    ("no", "longer")}
# Negations that take a verb through "to" or as a gerund ("failed to finish the line",
# "stopped funding the survey"): they deny the verb, not its object.
VERB_NEGATIONS = frozenset("""fail fails failed refuse refuses refused stop stops stopped stopping
cease ceases ceased""".split())
# A deed others are asked to do is not done: "have been asked to create offices".
REQUESTED = frozenset("asked urged encouraged invited expected scheduled told".split())
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
withdrew:withdraw withdrawn:withdraw undertook:undertake undertaken:undertake
""".split())

# Participles spelled as the verb itself: "the museum is run by volunteers" is passive.
SAME_PARTICIPLES = frozenset("run cut set put shut spread hit let cost come become quit split upset "
                             "cast hurt read".split())

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
    ("tighten", "loosen"), ("tighten", "ease"), ("tighten", "relax"), ("merge", "split"),
    ("join", "leave"), ("join", "split"), ("encourage", "discourage"), ("encourage", "restrict"),
    ("promote", "restrict"), ("promote", "curb"), ("facilitate", "hinder"), ("attract", "repel"),
    ("simplify", "complicate"), ("strict", "lax"), ("stricter", "looser"),
    # A point in time against a span from it, and a kept-apart thing against a shared one.
    ("before", "since"), ("separate", "shared"), ("separate", "joint"), ("separate", "common"),
    ("separate", "single"), ("since", "until"), ("formerly", "currently"), ("formerly", "now"),
    ("previously", "currently"), ("first", "latest"),
    # Policy pairs WordNet does not oppose: dropping a plan against carrying it out, hiding
    # against disclosing, loosening against strengthening, delaying against bringing forward,
    # a free choice against an obligation.
    ("abandon", "implement"), ("abandon", "pursue"), ("abandon", "conduct"), ("abandon", "adopt"),
    ("conceal", "disclose"), ("conceal", "reveal"), ("conceal", "publish"), ("hide", "disclose"),
    ("relax", "strengthen"), ("loosen", "strengthen"), ("postpone", "advance"), ("delay", "advance"),
    ("postpone", "accelerate"), ("voluntary", "compulsory"), ("voluntary", "mandatory"),
    ("voluntary", "obligatory"), ("optional", "compulsory"), ("optional", "mandatory"),
    ("optional", "necessary"), ("optional", "essential"), ("optional", "required"),
]
# Senses of opposite direction, each a group of verbs that say the same (the pairs above
# name one verb of each side; here every verb of one side meets every verb of the other):
# creating or keeping something against ending it, growing against shrinking, and so on.
# Words with a common other sense are left out ("found", "form", "close", "drop").
OPPOSED_SENSES = [
    ("establish create launch introduce", "abolish scrap eliminate discontinue terminate dissolve disband"),
    ("keep continue maintain renew retain sustain preserve",
     "abolish scrap eliminate discontinue terminate dissolve disband withdraw cancel halt cease"),
    ("expand enlarge widen broaden grow increase boost", "reduce decrease shrink decline"),
    ("strengthen reinforce bolster enhance", "weaken undermine erode"),
    ("tighten toughen", "ease relax loosen"),
    ("merge combine unite consolidate", "split divide"),
    ("start begin initiate commence", "halt cease suspend"),
    ("resume restart reinstate reopen", "suspend pause halt freeze interrupt"),
    ("double triple quadruple", "halve"),
    ("ratify approve endorse accept adopt", "reject veto refuse"),
    ("ban prohibit forbid outlaw", "legalise legalize authorise authorize"),
    ("hire recruit employ", "dismiss fire"),
    ("privatise privatize", "nationalise nationalize"),
    ("impose levy", "lift"),
    ("accelerate advance", "delay postpone"),
    ("rise climb grow increase", "fall drop decline decrease"),
    ("exceed surpass meet reach", "miss"),
]
# An obligation is not what a passage only encourages: "are encouraged to share" obliges
# no one.
ENCOURAGED = frozenset("encouraged urged advised invited recommended".split())
# A plan still being weighed, not a deed: "is considering a joint fund" has set up nothing.
PLANNING = frozenset("""propose proposes should need needs plan plans will recommend recommends
suggest consider considers considering contemplate contemplates contemplating weighing mulling
debating expected expects scheduled""".split())
ANTONYMS += [(a, b) for mine, theirs in OPPOSED_SENSES for a in mine.split() for b in theirs.split()]
ANTONYMS += [("ahead", "behind")]
# A national body is not a regional or a local one; few efforts are not various ones ("many"
# is left out: "lack the staff" for "too few staff" is said with "many" of the places).
ANTONYMS += [("national", "regional"), ("national", "local"), ("few", "numerous"), ("few", "various")]
# The opposites among them that qualify a noun: "public think tanks" are not "private think
# tanks". Evidence scoring holds a sentence that says the opposite of the question's word
# (and not the word itself) further from the question.
_CONTRASTS = [("public", "private"), ("domestic", "foreign"), ("long", "short"),
              ("bilateral", "multilateral"), ("centralised", "decentralised"),
              ("centralized", "decentralized"), ("voluntary", "compulsory"),
              ("voluntary", "mandatory"), ("efficient", "inefficient"), ("flexible", "rigid"),
              ("formal", "informal"), ("national", "regional"), ("national", "local"),
              ("large", "small"), ("senior", "junior")]
CONTRASTING_MODIFIERS: dict[str, frozenset[str]] = {
    word: frozenset(b if a == word else a for a, b in _CONTRASTS if word in (a, b))
    for pair in _CONTRASTS for word in pair
}
# "it is difficult to respond" is not "Korea can respond": a hard or impossible deed
# against one said to be possible.
DIFFICULTY = frozenset("difficult hard challenging unable impossible struggle struggles".split())
ABILITY = frozenset("can could able easy easily possible".split())
# Degree: a change said to be large where the passage says it was small, or the reverse.
STRONG_DEGREE = frozenset("""sharply significantly substantially greatly dramatically considerably
markedly steeply strongly""".split())
WEAK_DEGREE = frozenset("slightly marginally somewhat modestly little".split())
# Shares: most where the passage says fewer than half, or the reverse.
MAJORITY = ("most", "majority", "more than half", "over half", "nearly all", "almost all")
MINORITY = ("fewer than half", "less than half", "minority", "few", "under half", "a third",
            "a quarter")
# Units of time: "about a year" is not "within a month".
TIME_UNITS = ("day", "week", "month", "year", "decade")

# What a verb's auxiliaries say about it: an obligation, a permission, a plan or proposal
# (including the future), or a deed done. A claim must not move a verb from one to
# another ("has eased" for "should ease", "may screen" for "must screen").
MOOD = {
    **dict.fromkeys("must shall required obliged".split(), "obligation"),
    **dict.fromkeys("may can could might allowed".split(), "permission"),
    **dict.fromkeys("""should will would plan plans planned intend intends intended aim aims
                    propose proposes proposed recommend recommends suggest suggests going""".split(),
                    "proposal"),
}
# Auxiliaries that govern the next verb directly ("should ease"); the other MOOD words
# only through "to" ("plans to appoint") or a gerund ("proposes setting up").
MODALS = frozenset("must shall may can could might should will would".split())
# Verbs that carry little meaning of their own: a paraphrase swaps them freely.
LIGHT_VERBS = frozenset("""make makes made making become becomes became get gets got take takes
took give gives gave do does did keep keeps kept bring brings brought put puts""".split())
PERFECT = frozenset("has have had".split())
PAST_BE = frozenset("was were".split())
# Words that may stand between an auxiliary and its verb ("will also be gradually extended").
BETWEEN = frozenset("be been being to not also further then soon now first still only".split())
# Verbs whose "to" opens a complement, not a purpose ("requires them to return").
CONTROL_VERBS = frozenset("""require requires required ask asks asked allow allows allowed enable
enables enabled help helps helped want wants wanted expect expects expected encourage encourages
encouraged force forces forced need needs needed plan plans planned intend intends intended aim
aims aimed try tries tried seek seeks sought decide decides decided agree agrees agreed fail fails
failed tend tends continue continues begin begins start starts started used able going likely
urge urges urged invite invites invited""".split())
# Bounds on a number: "at least two years" is not "up to two years".
LOWER_BOUND = ("at least", "more than", "over", "above", "no fewer than", "no less than", "minimum of",
               "only after")
UPPER_BOUND = ("up to", "at most", "less than", "fewer than", "under", "below", "within",
               "no more than", "maximum of")

# Quantifiers: a claim that says "all" where the passage says "some", or "only some" where
# it says "all", says something else.
UNIVERSAL = frozenset("all every each always entire whole".split())
PARTIAL = frozenset("some few several part many most".split())
RESTRICTIVE = frozenset("only solely exclusively just".split())
# A condition the passage sets ("only if its partners pay half"), which a claim must keep.
CONDITION = re.compile(r"\b(?:only if|if|unless|provided that|providing that|on condition that|"
                       r"as long as|subject to|only when|only after|only once|not until|not before)\b",
                       re.IGNORECASE)

# Modality and status: an obligation is not a permission, a proposal is not a deed.
OBLIGATION = frozenset("must shall required requires require obliged mandatory have".split())
PERMISSION = frozenset("may can could optional allowed wish".split())
# The words that propose or plan, and the verbs the report's proposals open with.
PROPOSING = frozenset("""propose proposes proposed suggest suggests recommend recommends should need
needs plan plans planned will would""".split())
PROPOSAL = PROPOSING | frozenset("establish introduce clarify enhance strengthen expand".split())
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
    "millions": "million", "billions": "billion", "trillions": "trillion",
    "dozen": "12", "dozens": "dozens", "hundreds": "hundreds", "thousands": "thousands",
    "double": "x2", "doubled": "x2", "doubles": "x2", "doubling": "x2", "twice": "x2",
    "triple": "x3", "tripled": "x3", "triples": "x3", "tripling": "x3", "quadruple": "x4",
    "first": "1st", "second": "2nd", "third": "3rd",
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
norwegian swedish finnish danish dutch belgian austrian polish czech hungarian greek irish
portuguese turkish israeli iranian egyptian mexican argentine chilean indonesian malaysian
singaporean thai vietnamese filipino taiwanese mongolian pakistani ukrainian
seoul tokyo beijing washington brussels london paris berlin
""".split())
# The places that are no organisation: a country, region, nationality or capital does not
# answer "Which ministry ...?".
COUNTRIES = (PLACES - {"eu", "oecd", "asean", "nato", "unesco"}) | {"us"}  # a name: "US", not "us"

CLAUSE_BREAK = re.compile(r"[,;:()]|\s(?:and|while|whereas|but|because|so|which|although)\s")

# Verbs that say the same thing in general English (policy prose): a claim may paraphrase
# "establish" as "create", "abolish" as "end". Used for alignment only; opposites are above.
SYNONYMS = [
    "establish create found build launch form introduce",
    "abolish end scrap eliminate remove discontinue terminate",
    "expand enlarge extend widen broaden grow increase raise boost rise",
    "reduce cut lower decrease shrink",  # what someone does to a thing
    "decrease shrink decline fall drop",  # what a thing does ("demand fell" is no "cut")
    "strengthen reinforce bolster enhance improve boost",
    "weaken undermine erode",
    "ease relax loosen",
    "tighten restrict toughen",
    "appoint name assign designate nominate",
    "merge combine unite consolidate",
    "split divide separate",
    "revitalize revitalise revive reinvigorate",
    "coordinate oversee manage steer lead direct head",
    "support back aid help assist",
    "fund finance sponsor",
    "publish release disclose",
    "require oblige mandate",
    "allow permit let enable",
    "stop halt cease suspend freeze",
    "start begin initiate commence launch",
    "review examine assess evaluate",
    "promote encourage foster advance facilitate",
    "intend plan aim",
    "cope handle tackle",
    "join participate",
]
# Two-word verbs read as their one-word sense: "set up" is "establish".
PHRASAL = {"set up": "establish", "come back": "return", "phase out": "abolish",
           "scale up": "expand", "scale back": "reduce", "cut back": "reduce",
           "take over": "lead", "carry out": "conduct", "step up": "strengthen",
           "deal with": "cope with", "take part": "participate", "lay off": "dismiss",
           "look at": "review", "look into": "examine", "ask for": "request"}
