"""Thumbs up/down on an answer, appended as one JSON line to ``Settings.feedback_path``
for the eval team to review."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from stepqa.citations import Answer


def record(path: Path, answer: Answer, liked: bool, comment: str = "") -> None:
    entry = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "liked": liked, "comment": comment.strip(), **answer.to_dict()}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
