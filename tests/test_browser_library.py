"""The Library tab in a real browser (Debian Chromium through Playwright), on an app with an
index and a library folder of its own: upload a PDF and a DOCX built by the tests (both
fictional), ask a question answered from each with its page or section shown, remove one,
and a bad upload that leaves the library intact."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, _free_port, serving
from test_browser import ask, browser, last_answer, shot  # noqa: F401 - browser is a fixture
from test_formats import make_docx, make_pdf

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("library-app")
    port = _free_port()
    env = os.environ | {"STEPQA_INDEX_DIR": str(root / "index"), "STEPQA_CORPUS_DIR": str(CORPUS),
                        "STEPQA_LIBRARY_DIR": str(root / "library"), "GRADIO_SERVER_PORT": str(port)}
    with serving([sys.executable, str(REPO / "app.py")], f"http://127.0.0.1:{port}/", env):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def lib_page(browser, library_app: str):  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(library_app)
    yield page
    context.close()


def _upload(page, paths: list[Path]) -> str:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="Library").click()
    page.locator("#upload input[type=file]").set_input_files([str(p) for p in paths])
    page.wait_for_timeout(1500)  # Gradio copies the files to the server first
    before = page.locator("#library-note").inner_text()
    page.locator("#add-docs").click()
    # Done when the note changed, holds a result line and no longer shows Gradio's timer.
    done = ("([sel, old]) => { const t = document.querySelector(sel).innerText;"
            " return t !== old && /[✅⚠]/.test(t) && !/\\d+\\.\\ds/.test(t); }")
    page.wait_for_function(done, arg=["#library-note", before])
    return str(page.locator("#library-note").inner_text())


def test_upload_ask_and_remove(lib_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = lib_page
    note = _upload(page, [make_pdf(tmp_path / "norland-plan.pdf"),
                          make_docx(tmp_path / "valdoria-guide.docx")])
    assert "norland-plan: indexed" in note and "valdoria-guide: indexed" in note
    table = page.locator("#library").inner_text()
    assert "Norland Partnership Plan (fictional)" in table and "2025-03-01" in table
    shot(page, "library-tab")

    page.get_by_role("tab", name="Ask").click()
    ask(page, "How many joint quantum projects will the Norland Ministry of Research fund?")
    assert "42 joint quantum projects" in last_answer(page)
    assert "p. 2" in page.locator("#sources").inner_text()
    ask(page, "Within how many days are Valdoria's reports due?")
    assert "30 days" in last_answer(page)
    assert "Reporting duties" in page.locator("#sources").inner_text()

    page.get_by_role("tab", name="Library").click()
    page.locator("#remove-doc input").click()
    page.get_by_role("option", name="Valdoria Research Security Guide (fictional) (valdoria-guide)").click()
    page.locator("#confirm-remove input").check()
    page.locator("#remove-doc-button").click()
    page.get_by_text("Removed valdoria-guide.").wait_for()
    table = page.locator("#library").inner_text()
    assert "Valdoria" not in table and "Norland" in table


def test_a_zero_byte_upload_is_a_clear_error_and_the_library_stays(lib_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = lib_page
    page.get_by_role("tab", name="Library").click()
    before = page.locator("#library").inner_text()
    empty = tmp_path / "empty-notes.md"
    empty.write_bytes(b"")
    note = _upload(page, [empty])
    assert "empty-notes.md" in note and "the file is empty" in note
    assert page.locator("#library").inner_text() == before
    shot(page, "library-bad-upload")


def test_a_comparison_answer_shows_two_document_groups(lib_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from test_questions import EASTMARK, WESTMARK

    page = lib_page
    (tmp_path / "eastmark.md").write_text(EASTMARK, encoding="utf-8")
    (tmp_path / "westmark.md").write_text(WESTMARK, encoding="utf-8")
    note = _upload(page, [tmp_path / "eastmark.md", tmp_path / "westmark.md"])
    assert "eastmark: indexed" in note and "westmark: indexed" in note
    page.get_by_role("tab", name="Ask").click()
    ask(page, "How does the Eastmark review differ from the Westmark strategy on think tanks?")
    bubble = page.locator("#chat [data-testid='bot']").last
    groups = [b.inner_text() for b in bubble.locator("strong").all()]
    assert "Eastmark Think Tank Review (fictional) (2024-02-01)" in groups
    assert "Westmark Research Strategy (fictional) (2025-05-01)" in groups
    shot(page, "chat-comparison")


HOSTILE = """---
title: Velmar Harbour Memo (fictional)
---

# Harbour board

The Velmar harbour board meets on Tuesdays <script>alert('script')</script> to review permits.

Ferry tolls pay for the Velmar harbour board <img src=x onerror="alert('img')"> every year.

The Velmar toll table is [published here](javascript:alert('link')) for ferry operators.
"""


def test_markup_in_a_document_is_shown_as_text_and_never_runs(lib_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = lib_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    memo = tmp_path / "velmar-memo.md"
    memo.write_text(HOSTILE, encoding="utf-8")
    assert "velmar-memo: indexed" in _upload(page, [memo])
    page.get_by_role("tab", name="Ask").click()
    ask(page, "What does the Velmar harbour board do on Tuesdays?")
    shown = last_answer(page)
    assert "<script>alert('script')</script>" in shown  # the quote, as written
    page.get_by_role("tab", name="Briefing workbench").click()
    page.locator("#topic textarea").fill("Velmar harbour board toll table")
    page.locator("#find").click()
    page.locator("#excerpts").get_by_text("Velmar", exact=False).first.wait_for()
    page.wait_for_timeout(1000)  # anything that would run has had its chance
    assert dialogs == []
    assert page.locator("#chat script, #sources script, #excerpts script").count() == 0
    assert page.locator("img[onerror]").count() == 0
    assert page.locator("a[href^='javascript:' i]").count() == 0
    shot(page, "markup-as-text")
