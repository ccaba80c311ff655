"""Read files into Documents: exact text plus metadata. First stage of the line.

One loader per format, registered by file suffix in ``LOADERS`` (adding a format is one
function plus one registry line). A Document's ``text`` is the exact text that offsets
point into: for Markdown and plain text it is the whole file, front matter included, so
``text[start:end]`` of any passage reproduces the source file's characters.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stepqa.errors import DocumentError, UnsupportedFormatError


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    text: str
    content_hash: str
    title: str
    body_start: int = 0
    publisher: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    fictional: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    slug = _SLUG.sub("-", name.lower()).strip("-")
    return slug or "document"


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{path}: looks like a binary file, not text", "check the file type")
    try:
        # utf-8-sig would drop a BOM and shift every offset; keep the text as stored.
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path}: not valid UTF-8 (byte {exc.start})", "re-save the file as UTF-8"
        ) from exc


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], int]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"{path}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(f"{path}: front matter must be a YAML mapping")
    return meta, match.end()


def _from_text(path: Path, raw: bytes, meta: dict[str, Any], text: str, body_start: int) -> Document:
    if not text[body_start:].strip():
        raise DocumentError(f"{path}: contains no text to index")
    authors = meta.get("authors") or ()
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(",")]
    known = {"id", "title", "publisher", "date", "authors", "fictional"}
    return Document(
        doc_id=slugify(_as_text(meta.get("id")) or path.stem),
        source=str(path),
        text=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        title=_as_text(meta.get("title")) or path.stem,
        body_start=body_start,
        publisher=_as_text(meta.get("publisher")),
        date=_as_text(meta.get("date")),
        authors=tuple(_as_text(a) for a in authors),
        fictional=bool(meta.get("fictional", False)),
        extra={k: _as_text(v) for k, v in meta.items() if k not in known},
    )


def load_markdown(path: Path) -> Document:
    raw = path.read_bytes()
    text = _decode(path, raw)
    meta, body_start = _front_matter(path, text)
    return _from_text(path, raw, meta, text, body_start)


def load_plain_text(path: Path) -> Document:
    raw = path.read_bytes()
    return _from_text(path, raw, {}, _decode(path, raw), 0)


Loader = Callable[[Path], Document]

LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_plain_text,
}

# Files that live beside documents but are not documents.
_SKIPPED_NAMES = {"sources.md", "readme.md", "license", "license.md"}


def load(path: Path) -> Document:
    """Read one file with the loader registered for its suffix."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnsupportedFormatError(
            f"{path}: unsupported file type {path.suffix or '(none)'}",
            "supported: " + ", ".join(sorted(LOADERS)),
        )
    try:
        return loader(path)
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to ingest under the given files and folders, in a stable order.

    A file named explicitly is always returned (so an unsupported one gets a clear error);
    inside folders, only supported formats are picked up and hidden files are skipped.
    """
    for path in paths:
        if not path.exists():
            raise DocumentError(f"{path}: no such file or folder")
        if path.is_file():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if (
                child.is_file()
                and child.suffix.lower() in LOADERS
                and child.name.lower() not in _SKIPPED_NAMES
            ):
                yield child
