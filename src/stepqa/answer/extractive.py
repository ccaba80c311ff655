"""The default backend: answer with the retrieved sentences that best match the question.

No model generates text, so every answer sentence is a verbatim quote by construction;
the work is in choosing sentences. Offline, deterministic, milliseconds per question.
"""

from __future__ import annotations

from collections.abc import Sequence

from stepqa.answer import Draft, DraftSentence, Evidence
from stepqa.config import Settings
from stepqa.retrieve import Hit

# Sentences within this much similarity of the best one are also worth showing:
# a list question is answered by several bullets of about equal relevance.
_RELATIVE_MARGIN = 0.10


class ExtractiveBackend:
    name = "extractive"
    version = "1"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def generate(self, question: str, hits: Sequence[Hit], evidence: Sequence[Evidence]) -> Draft:
        chosen: list[Evidence] = []
        if evidence:
            floor = max(self.settings.min_support, evidence[0].support - _RELATIVE_MARGIN)
            seen: set[str] = set()
            for ev in evidence:  # best first
                if ev.support < floor or len(chosen) >= self.settings.max_answer_sentences:
                    break
                key = " ".join(ev.text.lower().split())
                if key in seen:
                    continue
                seen.add(key)
                chosen.append(ev)
        return Draft(
            sentences=tuple(DraftSentence(ev.text, (ev,), ev.support) for ev in chosen),
            backend=self.name,
            version=self.version,
        )
