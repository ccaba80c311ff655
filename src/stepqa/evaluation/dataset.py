"""Eval sets and judge cases: their file formats, loading with line-numbered errors, and
the check that every evidence quote really exists in the corpus.

Any team can bring its own set in the same JSONL format (see eval/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from stepqa.errors import EvalError


class QACase(BaseModel):
    """One question of an eval set."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    category: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answer: str  # the reference answer, for people reading the report
    evidence: tuple[str, ...]  # verbatim quotes from the corpus
    must_include: tuple[tuple[str, ...], ...]  # every inner list: one alternative must appear
    answerable: bool
    must_not_include: tuple[str, ...] = ()
    # A comparison: the ids of the documents a complete answer quotes from ("both sides").
    documents: tuple[str, ...] = ()

    @field_validator("must_include")
    @classmethod
    def _no_empty_alternatives(
        cls, value: tuple[tuple[str, ...], ...]
    ) -> tuple[tuple[str, ...], ...]:
        if any(not alternatives for alternatives in value):
            raise ValueError("an inner list of must_include is empty")
        return value


class JudgeCase(BaseModel):
    """A labelled claim/passage pair for validating a judge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    claim: str = Field(min_length=1)
    passage: str = Field(min_length=1)
    supported: bool


Case = TypeVar("Case", QACase, JudgeCase)


def _load(path: Path, model: type[Case]) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = model.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()
            )
            raise EvalError(f"{path}:{number}: {problems}",
                            f"see eval/README.md for the {model.__name__} format") from exc
        if case.id in seen:
            raise EvalError(f"{path}:{number}: duplicate id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    if not cases:
        raise EvalError(f"{path} holds no cases")
    return cases


def load_qa(path: Path) -> list[QACase]:
    return _load(path, QACase)


def load_judge_cases(path: Path) -> list[JudgeCase]:
    return _load(path, JudgeCase)


def missing_evidence(cases: Iterable[QACase], texts: Sequence[str]) -> list[tuple[str, str]]:
    """(case id, quote) for every evidence quote found verbatim in none of ``texts``."""
    return [
        (case.id, quote)
        for case in cases
        for quote in case.evidence
        if not any(quote in text for text in texts)
    ]
