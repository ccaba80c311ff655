"""Eval metrics on hand-made records whose values are known."""

from __future__ import annotations

import pytest

from stepqa.answer.judge import OfflineJudge
from stepqa.embedder import make_embedder
from stepqa.evaluation.metrics import (
    QuestionRecord,
    SentenceJudgement,
    evidence_cited,
    evidence_ranks,
    forbidden_found,
    judge_sentence,
    key_facts,
    percentile,
    question_values,
    recall_at,
    reciprocal_rank,
    score_judge,
    summarize,
)

PASSAGE_A = "(Fictional) Norland will fund 42 joint projects with Japan."
PASSAGE_B = "(Fictional) Valdoria requires universities to report foreign funding."


@pytest.fixture(scope="module")
def judge(settings) -> OfflineJudge:  # type: ignore[no-untyped-def]
    return OfflineJudge(make_embedder(settings.embed_model))


def record(**overrides: object) -> QuestionRecord:
    base: dict[str, object] = dict(
        id="q", category="lookup", question="?", reference="", answerable=True, answer="x",
        refused=False, sentences=(), citations=(), retrieved=(), evidence_ranks=(),
        key_fact_recall=None, missing_facts=(), forbidden=(), latency_s=0.1,
    )
    base.update(overrides)
    return QuestionRecord(**base)  # type: ignore[arg-type]


def sentence(faithful: bool, cited: bool, precise: tuple[bool, ...] = (True,)) -> SentenceJudgement:
    return SentenceJudgement("s", tuple(range(1, len(precise) + 1)), faithful, cited, precise, "")


def test_key_fact_recall_counts_groups_with_any_alternative_case_insensitively() -> None:
    recall, missed = key_facts("The CONTROL TOWER sets the strategy.",
                               [["control tower"], ["plan", "strategy"], ["Japan"]])
    assert recall == pytest.approx(2 / 3)
    assert missed == ["Japan"]


def test_key_fact_recall_is_none_without_facts_and_zero_for_empty_answer() -> None:
    assert key_facts("anything", []) == (None, [])
    assert key_facts("", [["a"], ["b"]]) == (0.0, ["a", "b"])


def test_forbidden_strings_are_found_across_whitespace_and_case() -> None:
    assert forbidden_found("We should KEEP the\ncircular employment system",
                           ["keep the circular employment", "poem"]) == ["keep the circular employment"]


def test_evidence_ranks_recall_and_mrr() -> None:
    retrieved = ["alpha beta gamma", "delta epsilon", "zeta"]
    ranks = evidence_ranks(["epsilon", "Alpha  beta", "omega"], retrieved)
    assert ranks == [2, 1, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 3)
    assert recall_at(ranks, 5) == pytest.approx(2 / 3)
    assert reciprocal_rank(ranks) == 1.0
    assert reciprocal_rank([None, None]) == 0.0
    assert recall_at([], 5) is None and reciprocal_rank([]) is None


def test_a_quote_longer_than_its_passage_is_found_in_the_part_that_holds_it() -> None:
    assert evidence_ranks(["first half. second half."], ["x", "second half."]) == [2]


def test_uncited_sentence_is_neither_faithful_nor_cited(judge: OfflineJudge) -> None:
    j = judge_sentence(judge, "Norland will fund 42 joint projects.", [], [], [])
    assert (j.faithful, j.cited_support, j.precise) == (False, False, ())
    values = question_values(record(sentences=(j,)))
    assert values["faithfulness"] == 0.0 and values["citation_recall"] == 0.0
    assert values["citation_precision"] is None


def test_an_unneeded_second_citation_lowers_citation_precision(judge: OfflineJudge) -> None:
    claim = "Norland will fund 42 joint projects with Japan."
    j = judge_sentence(judge, claim, [1, 2], [PASSAGE_A, PASSAGE_B], [PASSAGE_A, PASSAGE_B])
    assert j.faithful and j.cited_support
    assert j.precise == (True, False)
    assert question_values(record(sentences=(j,)))["citation_precision"] == 0.5


def test_a_claim_citing_the_wrong_passage_is_unfaithful(judge: OfflineJudge) -> None:
    j = judge_sentence(judge, "Norland will fund 42 joint projects with Japan.", [1],
                       [PASSAGE_B], [PASSAGE_B])
    assert not j.faithful and not j.cited_support and j.precise == (False,)


def test_refusals_have_no_sentence_metrics_and_count_for_refusal_scores() -> None:
    records = [
        record(id="u1", answerable=False, refused=True, answer="refused"),
        record(id="u2", answerable=False, refused=False, sentences=(sentence(True, True),)),
        record(id="a1", answerable=True, refused=True, key_fact_recall=0.0),
        record(id="a2", answerable=True, sentences=(sentence(True, True), sentence(False, False))),
        record(id="a3", answerable=True, answer="", sentences=()),  # empty answer
    ]
    m = summarize(records)
    assert m["refusal_precision"] == 0.5  # u1 right, a1 wrong
    assert m["refusal_recall"] == 0.5  # u1 refused, u2 answered
    assert m["answered_rate"] == pytest.approx(1 / 3)  # a2 only: a1 refused, a3 empty
    assert m["faithfulness"] == pytest.approx((1.0 + 0.5) / 2)  # u2 and a2; refusals skipped
    assert m["key_fact_recall"] == 0.0
    assert m["recall_at_1"] is None  # no evidence anywhere: nothing to measure
    assert m["questions"] == 5


def test_no_refusals_at_all_leaves_refusal_precision_undefined() -> None:
    m = summarize([record(answerable=True)])
    assert m["refusal_precision"] is None and m["refusal_recall"] is None


def test_latency_percentiles_interpolate() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([], 50) is None


def test_judge_scores_accuracy_precision_recall() -> None:
    s = score_judge([True, True, False, False], [True, False, True, False], ["a", "b", "c", "d"])
    assert (s.accuracy, s.precision, s.recall, s.wrong) == (0.5, 0.5, 0.5, ("b", "c"))


def test_passed_requires_refusal_for_unanswerable_and_full_facts_for_answerable() -> None:
    assert record(answerable=False, refused=True).passed
    assert not record(answerable=False, refused=False).passed
    assert record(key_fact_recall=1.0, sentences=(sentence(True, True),)).passed
    assert not record(key_fact_recall=0.5).passed
    assert not record(key_fact_recall=1.0, forbidden=("poem",)).passed


@pytest.mark.parametrize(("accuracy", "warned"), [(0.5, True), (0.9, False)])
def test_report_calls_out_a_judge_below_the_accuracy_threshold(accuracy: float, warned: bool) -> None:
    from pathlib import Path

    from stepqa.evaluation.metrics import JudgeScore
    from stepqa.evaluation.report import _judge_line, judge_summary

    summary = judge_summary("x", "1", Path("cases.jsonl"), JudgeScore(accuracy, 0.5, 0.5, 10, ()))
    assert summary["below_threshold"] is warned
    assert ("Warning: below the 0.85 accuracy" in _judge_line(summary)) is warned


def test_evidence_is_cited_when_a_quote_overlaps_an_evidence_quote() -> None:
    evidence = ["Open the locks for night traffic. Train lock keepers every year."]
    assert evidence_cited(evidence, ["Train  lock keepers every year."])  # a sentence of it
    assert evidence_cited(["Train lock keepers"], ["Train lock keepers every year."])  # in it
    assert not evidence_cited(evidence, ["Merge the permit desks."])
    assert not evidence_cited(evidence, [])  # a refusal quotes nothing
