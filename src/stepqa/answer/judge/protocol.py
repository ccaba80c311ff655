"""What a judge is: the Verdict it gives on a claim and its cited passages, and the Judge
protocol every judge (offline, LLM) meets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float  # 0..1, higher is better supported
    reason: str  # one line a reader can check, e.g. "'Malaysia' is not in the passage"


class Judge(Protocol):
    name: str
    version: str

    def judge(self, claim: str, passages: Sequence[str]) -> Verdict:
        ...
