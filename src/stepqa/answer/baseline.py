"""The naive baseline the eval tables compare against: the three retrieved sentences most
similar to the question (cosine), quoted as they are; refusal below the fixed
``Settings.min_support`` happens before it runs, as for every backend. Not for users —
it shows what the real answerer adds.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepqa.answer import Draft, DraftSentence, Evidence
from stepqa.retrieve import Hit

_SENTENCES = 3


class CosineTop3Backend:
    name = "cosine_top3"
    version = "1"

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> Draft:
        best = list(evidence[:_SENTENCES])  # evidence comes best first
        return Draft(tuple(DraftSentence(ev.text, (ev,), ev.support) for ev in best),
                     self.name, self.version)
