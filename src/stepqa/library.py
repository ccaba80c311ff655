"""The library folder: where documents uploaded through the chat or the HTTP API are kept,
so that re-ingest and removal stay consistent with `stepqa ingest`. Every name a user
gives is confined to the folder (no paths, no "..", no links out).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from stepqa.config import Settings
from stepqa.documents import LOADERS, load, sidecar_path
from stepqa.errors import DocumentError, UnsupportedFormatError


def _target(settings: Settings, filename: str) -> Path:
    name = Path(filename.replace("\\", "/")).name
    if not name or name in {".", ".."} or name.startswith(".") or name != filename.strip():
        raise DocumentError(f"{filename!r} is not a plain file name",
                            "upload a file; folders and paths are not accepted")
    if Path(name).suffix.lower() not in LOADERS:
        raise UnsupportedFormatError(f"{name}: unsupported file type {Path(name).suffix or '(none)'}",
                                     "supported: " + ", ".join(sorted(LOADERS)))
    folder = settings.library_dir.resolve()
    target = (folder / name).resolve()
    if target.parent != folder:
        raise DocumentError(f"{filename!r} would land outside the library folder")
    return target


def check_size(settings: Settings, name: str, size: int) -> None:
    """A DocumentError when a file of ``size`` bytes is over the limit stepqa reads."""
    if size > settings.max_upload_mb * 1024 * 1024:
        raise DocumentError(f"{name}: {size / 1e6:.1f} MB is over the {settings.max_upload_mb} MB "
                            "limit", "raise STEPQA_MAX_UPLOAD_MB")


def add(settings: Settings, filename: str, data: bytes) -> Path:
    """Write an uploaded file into the library folder; a file of the same name is replaced,
    but only by a file stepqa can read: an upload that cannot be read (corrupt, encrypted,
    no text) is refused with the reader's reason and the folder is left as it was."""
    target = _target(settings, filename)
    check_size(settings, target.name, len(data))
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        raise DocumentError(f"{target.name}: a link in the library folder is not replaced")
    partial = target.with_name(f".{target.stem}.part{target.suffix}")  # hidden from ingest
    partial.write_bytes(data)
    try:
        load(partial)
    except DocumentError as exc:
        partial.unlink(missing_ok=True)
        raise DocumentError(exc.message.replace(str(partial), target.name), exc.hint) from exc
    partial.replace(target)  # whole or not at all
    return target


def check_removable(settings: Settings, source: Path) -> None:
    """The shipped corpus stays: it is what every user of this index shares."""
    if source.resolve().is_relative_to(settings.corpus_dir.resolve()):
        raise DocumentError(f"{source.name} is part of the shipped corpus and cannot be removed",
                            "remove documents you added; the corpus folder is managed by `stepqa ingest`")


def discard(settings: Settings, source: Path) -> None:
    """Delete a removed document's file (and its sidecar) when it lives in the library folder."""
    folder = settings.library_dir.resolve()
    if source.resolve().parent == folder and source.is_file() and not source.is_symlink():
        source.unlink()
        sidecar_path(source).unlink(missing_ok=True)


def write_sidecar(settings: Settings, source: Path, fields: dict[str, str]) -> Path:
    """Metadata a user sets for a document, kept beside its file (shipped corpus excluded)."""
    check_removable(settings, source)
    side = sidecar_path(source)
    current = yaml.safe_load(side.read_text(encoding="utf-8")) if side.is_file() else {}
    current = (current or {}) | {k: v.strip() for k, v in fields.items() if v and v.strip()}
    side.write_text(yaml.safe_dump(current, allow_unicode=True, sort_keys=True), encoding="utf-8")
    return side
