"""Versioned prompt templates, loaded by name from ``Settings.prompts_dir``.

A template is a Markdown file ``<name>.md`` with YAML front matter (``name``, ``version``,
``description``) and two sections, ``## system`` and ``## user``; the user section has
``{placeholders}`` filled with ``str.format``. Name and version travel with every
answer and eval report that used the prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from stepqa.answer.clients import Message
from stepqa.errors import ConfigError

_SECTION = re.compile(r"^## (system|user)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    system: str
    user: str

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def messages(self, **values: str) -> list[Message]:
        return [Message("system", self.system), Message("user", self.user.format(**values))]


def load_prompt(folder: Path, name: str) -> Prompt:
    path = folder / f"{name}.md"
    try:
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---", 2)
        meta = yaml.safe_load(head) or {}
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load prompt {name!r} from {path}: {exc}",
                          "check STEPQA_PROMPTS_DIR") from exc
    parts = _SECTION.split(body)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise ConfigError(f"prompt {path} needs a '## system' and a '## user' section")
    return Prompt(str(meta.get("name", name)), str(meta.get("version", "0")),
                  sections["system"], sections["user"])
