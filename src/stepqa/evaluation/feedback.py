"""Feedback into the eval: the chat's "Not helpful" entries become draft eval cases for the
eval team to review. A draft has the question, the answer that was given and its
citations, an empty expected answer and `answerable: null`, so it cannot enter a gated
set (eval/qa.jsonl needs both) until a person has filled it in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stepqa.errors import EvalError


def unhelpful(feedback: Path) -> list[dict[str, Any]]:
    """The "Not helpful" entries of the feedback file, oldest first."""
    if not feedback.is_file():
        return []
    entries = []
    for n, line in enumerate(feedback.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{feedback}, line {n}: not JSON ({exc})") from exc
        if entry.get("liked") is False:
            entries.append(entry)
    return entries


def drafts(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Draft cases in eval/qa.jsonl's fields, plus what was answered and the comment."""
    return [{
        "id": f"feedback-{i:03d}", "category": "feedback", "question": e.get("question", ""),
        "answer": "", "evidence": [], "must_include": [], "answerable": None,
        "given_answer": e.get("answer", ""), "given_citations": [
            {k: c.get(k) for k in ("doc_id", "start", "end", "quote")} for c in e.get("citations", [])],
        "comment": e.get("comment", ""), "time": e.get("time", ""),
    } for i, e in enumerate(entries, 1)]


def write_drafts(feedback: Path, out: Path) -> int:
    cases = drafts(unhelpful(feedback))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    return len(cases)
