"""The chat's Library tab: the indexed documents with their dates, uploads into the library
folder (several at once, one line of result per file), removal with confirmation, and
title/publisher/date for files that have none (kept in a sidecar beside the file). An edge:
it calls the Assistant's library operations, the same the CLI and the HTTP API use.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import gradio as gr

from stepqa.errors import StepqaError
from stepqa.pipeline import Assistant

# The page's own event handlers are not an API: scripts call the named /ask and /excerpts.
INTERNAL: dict[str, Any] = {"api_visibility": "private"}


def render_library(assistant: Assistant) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(d.title)}{' <i>(fictional)</i>' if d.fictional else ''}<br>"
        f"<small><code>{html.escape(d.doc_id)}</code></small></td>"
        f"<td>{html.escape(d.publisher or '–')}</td><td>{html.escape(d.date or 'undated')}</td>"
        f"<td>{len(d.pages) or '–'}</td><td>{d.passages}</td>"
        f"<td><small>{html.escape(Path(d.source).name)}</small></td>"
        f"<td><small>{html.escape(d.ingested_at.replace('T', ' ')[:16] or '–')}</small></td></tr>"
        for d in assistant.documents()
    )
    return ("<table id='library-table'><tr><th>document</th><th>publisher</th><th>date</th>"
            "<th>pages</th><th>passages</th><th>file</th><th>indexed</th></tr>" + rows + "</table>")


def _removable(assistant: Assistant) -> list[tuple[str, str]]:
    corpus = assistant.settings.corpus_dir.resolve()
    return [(f"{d.title} ({d.doc_id})", d.doc_id) for d in assistant.documents()
            if not Path(d.source).resolve().is_relative_to(corpus)]


class Library:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def _refreshed(self, message: str) -> tuple[Any, ...]:
        choices = _removable(self.assistant)
        return (message, render_library(self.assistant), gr.update(choices=choices, value=None),
                gr.update(choices=choices, value=None))

    def upload(self, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """Copy each file into the library folder and index them; one line per file."""
        lines, saved = [], []
        for path in progress.tqdm(files or [], desc="Adding"):
            name = Path(path).name
            try:
                saved.append(self.assistant.library_add(name, Path(path).read_bytes()))
            except StepqaError as exc:  # its message names the file, or is given the name
                lines.append(f"⚠️ {exc}" if str(exc).startswith(f"{name}:") else f"⚠️ {name}: {exc}")
        if saved:
            report = self.assistant.ingest(saved)
            lines += [f"⚠️ {Path(p).name}: {reason}" for p, reason in report.failed]
            done = report.added + report.updated + report.unchanged
            lines += [f"✅ {doc_id}: indexed" for doc_id in done]
        # The file box is emptied, so the next upload adds only what is chosen then.
        return (*self._refreshed("  \n".join(lines) or "Choose one or more files first."), None)

    def remove(self, doc_id: str | None, confirmed: bool) -> tuple[Any, ...]:
        if not doc_id:
            return self._refreshed("Choose a document to remove.")
        if not confirmed:
            return self._refreshed(f"Tick “Yes, remove it” to remove {doc_id}.")
        try:
            self.assistant.library_remove(doc_id)
        except StepqaError as exc:
            return self._refreshed(f"⚠️ {exc}")
        return self._refreshed(f"Removed {doc_id}.")

    def describe(self, doc_id: str | None, title: str, publisher: str, date: str) -> tuple[Any, ...]:
        if not doc_id:
            return self._refreshed("Choose a document first.")
        try:
            self.assistant.set_metadata(doc_id, title, publisher, date)
        except StepqaError as exc:
            return self._refreshed(f"⚠️ {exc}")
        return self._refreshed(f"Saved the details of {doc_id}.")


def library_tab(assistant: Assistant) -> None:
    """The tab's layout and wiring."""
    library = Library(assistant)
    limit = assistant.settings.max_upload_mb
    gr.Markdown(f"Add PDF, Word, HTML, Markdown or text files (up to {limit} MB each). They are "
                "copied into the library folder and indexed; the shipped report stays.")
    table = gr.HTML(render_library(assistant), elem_id="library")
    files = gr.File(file_count="multiple", label="Add documents", elem_id="upload", type="filepath")
    add = gr.Button("Add to library", variant="primary", elem_id="add-docs")
    note = gr.Markdown(elem_id="library-note")
    with gr.Row():
        which = gr.Dropdown(_removable(assistant), label="Document", elem_id="remove-doc")
        confirm = gr.Checkbox(label="Yes, remove it", elem_id="confirm-remove")
        remove = gr.Button("Remove", variant="stop", elem_id="remove-doc-button")
    with gr.Accordion("Set title, publisher or date (for files that have none)", open=False):
        target = gr.Dropdown(_removable(assistant), label="Document", elem_id="describe-doc")
        title = gr.Textbox(label="Title", elem_id="describe-title")
        publisher = gr.Textbox(label="Publisher", elem_id="describe-publisher")
        date = gr.Textbox(label="Date", placeholder="YYYY-MM-DD", elem_id="describe-date")
        save = gr.Button("Save details", elem_id="describe-save")
    outputs = [note, table, which, target]
    add.click(library.upload, files, [*outputs, files], **INTERNAL)
    remove.click(library.remove, [which, confirm], outputs, **INTERNAL)
    save.click(library.describe, [target, title, publisher, date], outputs, **INTERNAL)
