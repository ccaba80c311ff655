"""Check every drafted sentence against the passages it cites, before anyone sees it.
Sixth stage of the line: Draft ──verify──▶ the sentences an Answer may contain.

A sentence reaches the user only if it cites at least one retrieved passage and the judge
(answer/judge/) finds it supported by what it cites. Citations
to passages that were not retrieved are dropped. In strict mode (the default) the rest
is removed and listed with the reason; with strict=false it stays, marked unsupported.
"""

from __future__ import annotations

from dataclasses import dataclass

from stepqa.answer import Draft, DraftSentence
from stepqa.answer.judge import Judge
from stepqa.text import words

# "Yes [1]." or "HACKED [2]" is not a statement a passage can be checked against (a short
# line quoted verbatim, such as a series name from a title block, is its own check).
_MIN_WORDS = 3


@dataclass(frozen=True)
class Checked:
    sentence: DraftSentence
    supported: bool
    support: float
    reason: str


def check(sentence: DraftSentence, judge: Judge) -> Checked:
    dropped = (f"; dropped citation(s) to passages that were not retrieved: "
               f"{', '.join(map(str, sentence.fabricated))}" if sentence.fabricated else "")
    verbatim = any(sentence.text == ev.text for ev in sentence.cites)
    if len(words(sentence.text)) < _MIN_WORDS and not verbatim:
        return Checked(sentence, False, 0.0, "too short to be a checkable statement" + dropped)
    if not sentence.cites:
        return Checked(sentence, False, 0.0, "cites no retrieved passage" + dropped)
    verdict = judge.judge(sentence.text, [ev.text for ev in sentence.cites])
    return Checked(sentence, verdict.supported, verdict.score, verdict.reason + dropped)


def verify(draft: Draft, judge: Judge, strict: bool = True) -> tuple[list[Checked], list[Checked]]:
    """(kept, removed). Kept sentences are supported, or, when not strict, cited but
    unsupported (the caller marks them)."""
    kept: list[Checked] = []
    removed: list[Checked] = []
    for sentence in draft.sentences:
        checked = check(sentence, judge)
        if checked.supported or (not strict and sentence.cites):
            kept.append(checked)
        else:
            removed.append(checked)
    return kept, removed
