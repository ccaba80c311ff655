"""Turn a follow-up question into one that stands alone, using the conversation so far.
Runs before retrieval (the "rewrite from chat history" step of the design's line).

Offline and deterministic: a question that leans on what came before — it opens with
"and", "what about", "how about", "also", or has under three content words, or points back
with "it", "they", "this", "that", "those", "these" — is searched together with the
previous question. "And what about Japan?" after "What does the report say about the US?"
is searched as both. Questions that stand alone pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stepqa.text import words

_LEANING_OPENERS = re.compile(
    r"^\s*(and|also|what about|how about|and what about|then|same for|what of)\b", re.IGNORECASE
)
_POINTERS = re.compile(r"\b(it|its|they|them|their|this|that|those|these)\b", re.IGNORECASE)
# Narrower than text.STOPWORDS on purpose: here a word like "more", "all" or "recommend"
# still counts as content, so "What does the report recommend for think tanks?" stands alone.
_FUNCTION_WORDS = frozenset(
    "a an and also about the of to in on for what how why who which when where is are was were "
    "does do did it its they them their this that those these then same with say says said "
    "report".split()
)


def leans_on_history(question: str) -> bool:
    content = [w for w in words(question.lower()) if w not in _FUNCTION_WORDS]
    return bool(
        _LEANING_OPENERS.search(question) or len(content) < 3 or _POINTERS.search(question)
    )


def standalone(question: str, previous_questions: Sequence[str]) -> str:
    """The question to retrieve with: ``question`` itself, or joined to the last question
    the user asked when it is a follow-up."""
    if not previous_questions or not leans_on_history(question):
        return question
    return f"{question.strip()} (follow-up to: {previous_questions[-1].strip()})"


def keeps_meaning(question: str, rewritten: str) -> bool:
    """A rewrite may add context but must keep every content word of the follow-up
    ("And what about Japan?" must still mention Japan)."""
    def vocabulary(text: str) -> set[str]:
        return {w.removesuffix("'s") for w in words(text.lower())}

    return vocabulary(question) - _FUNCTION_WORDS <= vocabulary(rewritten)
