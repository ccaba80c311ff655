"""Per-question records and the metrics computed from them. Pure functions, no I/O.

Definitions (the report and README repeat them):
- evidence recall@k: share of a question's evidence quotes that occur in its top-k passages;
- MRR: 1 / rank of the first passage holding any evidence quote (0 when none does);
- key-fact recall: share of must_include groups with at least one alternative in the answer;
- faithfulness: share of answer sentences supported by the full passages they cite;
- faithfulness before verification: the same share over every drafted sentence, counting
  the ones verification removed as unsupported (generative backends);
- citation recall (ALCE): share of sentences with citations whose cited spans, together,
  support them;
- citation precision (ALCE): share of citations that support their sentence alone, or
  without which the rest would no longer support it;
- refusal precision/recall: refusing treated as predicting "unanswerable";
- cited distractors: share of citations pointing at a fictional distractor document;
- sides covered: for comparison cases that name their documents, the share whose answer
  quotes every one of them;
- evidence cited: share of answerable questions whose answer quotes a sentence of (or all
  of) one of their evidence quotes — the answer cites the passage that holds the answer.
A metric with nothing to measure (no sentences, no evidence) is None, never a made-up 0 or 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from stepqa.answer.judge import Judge

HEADLINE = (
    "recall_at_1", "recall_at_5", "mrr", "key_fact_recall", "faithfulness",
    "citation_recall", "citation_precision", "refusal_precision", "refusal_recall",
)


@dataclass(frozen=True)
class SentenceJudgement:
    text: str
    citations: tuple[int, ...]
    faithful: bool  # supported by the full passages it cites
    cited_support: bool  # supported by its cited spans together (citation recall)
    precise: tuple[bool, ...]  # per citation (citation precision)
    reason: str


@dataclass(frozen=True)
class QuestionRecord:
    id: str
    category: str
    question: str
    reference: str
    answerable: bool
    answer: str
    refused: bool
    sentences: tuple[SentenceJudgement, ...]
    citations: tuple[dict[str, object], ...]  # n, doc_id, section, start, end, quote
    retrieved: tuple[str, ...]  # passage ids, best first
    evidence_ranks: tuple[int | None, ...]  # per evidence quote: rank of first passage holding it
    key_fact_recall: float | None
    missing_facts: tuple[str, ...]
    forbidden: tuple[str, ...]  # must_not_include strings found in the answer
    latency_s: float
    removed: int = 0  # drafted sentences verification kept from the user
    prompt: str = ""  # name@version of the answer prompt, for generative backends
    error: str = ""
    values: dict[str, float | None] = field(default_factory=dict)  # per-question metrics

    @property
    def passed(self) -> bool:
        """What the per-question table sorts on: correct, faithful and well cited."""
        if self.error:
            return False
        if not self.answerable:
            return self.refused
        return (
            not self.refused
            and (self.key_fact_recall is None or self.key_fact_recall == 1.0)
            and not self.forbidden
            and all(s.faithful and s.cited_support for s in self.sentences)
        )


# ------------------------------------------------------------------ text checks
def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def key_facts(answer: str, must_include: Sequence[Sequence[str]]) -> tuple[float | None, list[str]]:
    """(share of groups satisfied, first alternative of each missed group)."""
    if not must_include:
        return None, []
    folded = _fold(answer)
    missed = [group[0] for group in must_include if not any(_fold(a) in folded for a in group)]
    return 1 - len(missed) / len(must_include), missed


def forbidden_found(answer: str, must_not_include: Sequence[str]) -> list[str]:
    folded = _fold(answer)
    return [s for s in must_not_include if _fold(s) in folded]


# -------------------------------------------------------------------- retrieval
def evidence_ranks(evidence: Sequence[str], retrieved: Sequence[str]) -> list[int | None]:
    """For each quote, the 1-based rank of the first retrieved passage text that holds it
    (or that it holds, when passages are smaller than the quote)."""
    texts = [_fold(t) for t in retrieved]
    ranks: list[int | None] = []
    for quote in evidence:
        q = _fold(quote)
        ranks.append(next((i for i, t in enumerate(texts, 1) if q in t or (t and t in q)), None))
    return ranks


def evidence_cited(evidence: Sequence[str], quotes: Sequence[str]) -> bool:
    """Does one of the answer's quotes overlap one of the evidence quotes (either holds the
    other, whitespace and case aside)?"""
    ev = [_fold(e) for e in evidence]
    return any(q and (q in e or e in q) for q in map(_fold, quotes) for e in ev)


def recall_at(ranks: Sequence[int | None], k: int) -> float | None:
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def reciprocal_rank(ranks: Sequence[int | None]) -> float | None:
    if not ranks:
        return None
    found = [r for r in ranks if r is not None]
    return 1 / min(found) if found else 0.0


# -------------------------------------------------------------------- citations
def judge_sentence(
    judge: Judge,
    text: str,
    citations: Sequence[int],
    spans: Sequence[str],
    passages: Sequence[str],
) -> SentenceJudgement:
    """Judge one answer sentence against what it cites (``spans``/``passages`` align with
    ``citations``). An uncited sentence is neither faithful nor cited."""
    if not citations:
        return SentenceJudgement(text, (), False, False, (), "no citation")
    faithful = judge.judge(text, passages)
    joint = judge.judge(text, spans) if list(spans) != list(passages) else faithful
    precise: list[bool] = []
    for i in range(len(spans)):
        alone = judge.judge(text, [spans[i]]).supported if len(spans) > 1 else joint.supported
        if alone:
            precise.append(True)
            continue
        rest = [s for j, s in enumerate(spans) if j != i]
        precise.append(joint.supported and not (rest and judge.judge(text, rest).supported))
    return SentenceJudgement(
        text, tuple(citations), faithful.supported, joint.supported, tuple(precise),
        faithful.reason if not faithful.supported else joint.reason,
    )


def question_values(record: QuestionRecord) -> dict[str, float | None]:
    """The per-question numbers behind the overall metrics (None: nothing to measure)."""
    sentences = record.sentences
    precise = [p for s in sentences for p in s.precise]
    return {
        "recall_at_1": recall_at(record.evidence_ranks, 1),
        "recall_at_5": recall_at(record.evidence_ranks, 5),
        "mrr": reciprocal_rank(record.evidence_ranks),
        "key_fact_recall": record.key_fact_recall,
        "faithfulness": _share([s.faithful for s in sentences]),
        "citation_recall": _share([s.cited_support for s in sentences]),
        "citation_precision": _share(precise),
        "cited_distractors": _share([bool(c.get("fictional")) for c in record.citations]),
        # Share of drafted sentences that were supported before verification removed any.
        "faithfulness_unverified": (
            sum(s.faithful for s in sentences) / (len(sentences) + record.removed)
            if sentences or record.removed else None
        ),
    }


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), as numpy's default."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summarize(records: Sequence[QuestionRecord]) -> dict[str, float | int | None]:
    """Overall metrics over a list of records (a whole run or one category)."""
    per_q = [r.values or question_values(r) for r in records]
    out: dict[str, float | int | None] = {
        name: _mean([v[name] for v in per_q])
        for name in ("recall_at_1", "recall_at_5", "mrr", "key_fact_recall", "faithfulness",
                     "faithfulness_unverified", "citation_recall", "citation_precision")
    }
    refused = [r for r in records if r.refused]
    unanswerable = [r for r in records if not r.answerable]
    answerable = [r for r in records if r.answerable]
    true_refusals = sum(1 for r in refused if not r.answerable)
    out["refusal_precision"] = true_refusals / len(refused) if refused else None
    out["refusal_recall"] = true_refusals / len(unanswerable) if unanswerable else None
    out["answered_rate"] = (
        sum(1 for r in answerable if not r.refused and r.answer.strip()) / len(answerable)
        if answerable else None
    )
    cited = [bool(c.get("fictional")) for r in records for c in r.citations]
    out["cited_distractors"] = _share(cited)  # citations of fictional distractor documents
    # Comparisons: share whose answer quotes every document the case names ("both sides").
    out["sides_covered"] = _mean([v.get("sides_covered") for v in per_q])
    # Answerable questions whose answer quotes (part of) their evidence.
    out["evidence_cited"] = _mean([v.get("evidence_cited") for v in per_q])
    latencies = [r.latency_s for r in records]
    out["latency_p50_s"] = percentile(latencies, 50)
    out["latency_p95_s"] = percentile(latencies, 95)
    out["passed"] = _share([r.passed for r in records])
    out["questions"] = len(records)
    return out


def by_category(records: Sequence[QuestionRecord]) -> dict[str, dict[str, float | int | None]]:
    categories = sorted({r.category for r in records})
    return {c: summarize([r for r in records if r.category == c]) for c in categories}


# ------------------------------------------------------------------------ judge
@dataclass(frozen=True)
class JudgeScore:
    accuracy: float
    precision: float | None
    recall: float | None
    cases: int
    wrong: tuple[str, ...]  # ids of misjudged cases


def score_judge(
    verdicts: Sequence[bool], labels: Sequence[bool], ids: Sequence[str]
) -> JudgeScore:
    tp = sum(1 for v, y in zip(verdicts, labels) if v and y)
    fp = sum(1 for v, y in zip(verdicts, labels) if v and not y)
    fn = sum(1 for v, y in zip(verdicts, labels) if not v and y)
    right = sum(1 for v, y in zip(verdicts, labels) if v == y)
    return JudgeScore(
        accuracy=right / len(labels) if labels else 0.0,
        precision=tp / (tp + fp) if tp + fp else None,
        recall=tp / (tp + fn) if tp + fn else None,
        cases=len(labels),
        wrong=tuple(i for i, v, y in zip(ids, verdicts, labels) if v != y),
    )

