"""Run an eval set through the real pipeline and judge every answer sentence.

eval set ──Assistant.ask──▶ Answer ──judge──▶ QuestionRecord[] ──report.build──▶ report
The run uses its own index (next to the user's), built from the shipped corpus plus any
extra folders, so the documents a user has added never change eval numbers.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

from stepqa.answer.judge import Judge
from stepqa.config import Settings
from stepqa.documents import load
from stepqa.errors import EvalError, StepqaError
from stepqa.evaluation.baseline import NAME as NAIVE
from stepqa.evaluation.baseline import naive_answer
from stepqa.evaluation.dataset import JudgeCase, QACase, missing_evidence
from stepqa.evaluation.metrics import (
    JudgeScore,
    QuestionRecord,
    evidence_cited,
    evidence_ranks,
    forbidden_found,
    judge_sentence,
    key_facts,
    question_values,
    score_judge,
)
from stepqa.ingest import Progress
from stepqa.pipeline import Assistant


def eval_assistant(
    settings: Settings, extra: Sequence[Path] = (), progress: Progress | None = None
) -> Assistant:
    """An Assistant over the shipped corpus plus ``extra`` folders, in an index of its own."""
    sources = [settings.corpus_dir, *extra]
    tag = hashlib.sha256("\n".join(str(p.resolve()) for p in sources).encode()).hexdigest()[:8]
    # Its own folder (embedded Chroma, lexical index) and its own collections (a shared
    # `chroma run` server): the eval never touches the user's index.
    own = settings.model_copy(update={"index_dir": settings.index_dir.parent / f"eval-{tag}",
                                      "collection_prefix": f"{settings.collection_prefix}-eval-{tag}"})
    assistant = Assistant(own)
    report = assistant.ingest(sources, progress)
    if report.failed:
        path, reason = report.failed[0]
        raise StepqaError(f"the eval corpus has a file that cannot be read: {path}: {reason}")
    return assistant


def check_evidence(assistant: Assistant, cases: Sequence[QACase]) -> None:
    """Every evidence quote must exist verbatim in an indexed document."""
    texts = [load(Path(d.source)).text for d in assistant.store.documents().values()]
    missing = missing_evidence(cases, texts)
    if missing:
        case_id, quote = missing[0]
        raise EvalError(
            f"{len(missing)} evidence quote(s) are not in the indexed documents; first: "
            f"{case_id}: {quote[:80]!r}",
            "evidence must be copied verbatim from the corpus",
        )


def run(
    assistant: Assistant,
    cases: Sequence[QACase],
    judge: Judge,
    backend: str | None = None,
    progress: Progress | None = None,
) -> list[QuestionRecord]:
    records = []
    for i, case in enumerate(cases, 1):
        records.append(_run_one(assistant, case, judge, backend))
        if progress:
            progress("questions", i, len(cases))
    return records


def _run_one(assistant: Assistant, case: QACase, judge: Judge, backend: str | None) -> QuestionRecord:
    started = time.perf_counter()
    try:
        answer = (naive_answer(assistant, case.question) if backend == NAIVE
                  else assistant.ask(case.question, backend=backend))
    except StepqaError as exc:
        return _failed(case, str(exc), time.perf_counter() - started)
    latency = time.perf_counter() - started
    retrieved = [r.passage_id for r in answer.audit.retrieved]
    passages = assistant.store.passages(retrieved + [c.passage_id for c in answer.citations])
    by_n = {c.n: c for c in answer.citations}
    docs = assistant.store.documents()
    sentences = tuple(
        judge_sentence(
            judge,
            s.text,
            s.citations,
            [by_n[n].quote for n in s.citations],
            [passages[by_n[n].passage_id].text for n in s.citations],
        )
        for s in answer.sentences
    )
    if answer.refused:
        kfr, missed = (0.0, [g[0] for g in case.must_include]) if case.must_include else (None, [])
    else:
        kfr, missed = key_facts(answer.answer, case.must_include)
    record = QuestionRecord(
        id=case.id,
        category=case.category,
        question=case.question,
        reference=case.answer,
        answerable=case.answerable,
        answer=answer.answer,
        refused=answer.refused,
        sentences=sentences,
        citations=tuple(
            {"n": c.n, "doc_id": c.doc_id, "section": c.section, "start": c.start,
             "end": c.end, "quote": c.quote, "fictional": docs[c.doc_id].fictional}
            for c in answer.citations
        ),
        retrieved=tuple(retrieved),
        evidence_ranks=tuple(
            evidence_ranks(case.evidence, [passages[p].text for p in retrieved if p in passages])
        ),
        key_fact_recall=kfr,
        missing_facts=tuple(missed),
        forbidden=tuple(forbidden_found(answer.answer, case.must_not_include)),
        latency_s=latency,
        removed=len(answer.removed),
        prompt=answer.audit.prompt,
    )
    record = _with_values(record)
    if case.answerable and case.evidence:  # does the answer quote the evidence itself?
        record.values["evidence_cited"] = float(evidence_cited(
            case.evidence, [str(c["quote"]) for c in record.citations]))
    if case.documents:  # a comparison: did the answer quote every document it asks about?
        cited = {str(c["doc_id"]) for c in record.citations}
        record.values["sides_covered"] = float(set(case.documents) <= cited)
    return record


def _failed(case: QACase, error: str, latency: float) -> QuestionRecord:
    record = QuestionRecord(
        id=case.id, category=case.category, question=case.question, reference=case.answer,
        answerable=case.answerable, answer="", refused=False, sentences=(), citations=(),
        retrieved=(), evidence_ranks=tuple(None for _ in case.evidence),
        key_fact_recall=0.0 if case.must_include else None,
        missing_facts=tuple(g[0] for g in case.must_include), forbidden=(), latency_s=latency,
        error=error,
    )
    return _with_values(record)


def _with_values(record: QuestionRecord) -> QuestionRecord:
    record.values.update(question_values(record))
    return record


def validate_judge(
    judge: Judge, cases: Sequence[JudgeCase], progress: Progress | None = None
) -> JudgeScore:
    verdicts = []
    for i, case in enumerate(cases, 1):
        verdicts.append(judge.judge(case.claim, [case.passage]).supported)
        if progress:
            progress("judge cases", i, len(cases))
    return score_judge(verdicts, [c.supported for c in cases], [c.id for c in cases])
