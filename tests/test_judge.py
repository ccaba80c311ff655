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
