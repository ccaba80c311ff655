"""stepqa in the browser: a cited chat for policymakers and a briefing workbench for
writers, over the same Assistant the CLI uses. An edge: input handling and rendering
only; app.py launches it.

Binds 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT say otherwise (as
everywhere in Gradio); it never listens on all interfaces unless asked.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from an offline tool

import gradio as gr

from stepqa import briefing, feedback
from stepqa.answer import configured_backends
from stepqa.citations import Answer, Citation
from stepqa.config import Settings, is_loopback
from stepqa.errors import ConfigError, StepqaError
from stepqa.pipeline import Assistant
from stepqa.render import by_document, cite_line, dated, newer
from stepqa.retrieve import Filters
from stepqa.store import DocInfo
from stepqa.ui_library import INTERNAL as _INTERNAL
from stepqa.ui_library import library_tab

TITLE = "stepqa — ask the policy documents"
EXAMPLES = [
    "What is the STEPI report about?",  # names its publisher: a summary even beside other documents
    "What does the report propose for a national control tower?",
    "Why is it hard for Korean ministries to create synergy?",
    "How should think tanks support the government?",
    "What problems does the report see in Korea's international cooperation system?",
]
# Shown when the multilingual embedder is on ("Why has S&T international cooperation become
# more important?"); answers quote the documents in their own language.
KOREAN_EXAMPLES = ["과학기술 국제협력 체계의 중요성은 왜 커졌나요?"]
SHIPPED_REPORT = "step-insight-323"  # the document the examples above ask about
CSS = """
.source {border-left: 3px solid #888; padding: 4px 10px; margin: 8px 0}
.source mark {background: #ffe58a}
.source .meta {color: #555; font-size: 0.85em}
.excerpt {border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; margin: 6px 0}
button.example {justify-content: flex-start; text-align: left; white-space: normal; height: auto;
                background: var(--block-background-fill); border: 1px solid var(--border-color-primary)}
"""


# ------------------------------------------------------------------- rendering
def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _meta(c: Citation) -> str:
    return " · ".join(x for x in (c.publisher, c.date or "undated", c.location()) if x)


_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*(?:\n|$)", re.MULTILINE)


def _around(text: str) -> str:
    """Passage text around a quote, escaped, with its Markdown heading lines shown as bold
    titles on a line of their own rather than as "## Staffing" run into the next sentence."""
    shown, last = [], 0
    for heading in _HEADING_LINE.finditer(text):
        shown += [_e(text[last:heading.start()]), f"<b>{_e(heading.group(1))}</b><br>"]
        last = heading.end()
    return "".join([*shown, _e(text[last:])])


def source_card(assistant: Assistant, c: Citation, label: str, anchor: str = "source") -> str:
    """Title, publisher, date, section/page, and the passage with the quote highlighted
    (a related passage is quoted whole, its headings shown as titles too)."""
    passage, start = assistant.passage_text(c)
    # a line break of the file inside a paragraph reads as a space (the same length, so the
    # quote's offsets still hold); one before a list item, heading or blank line stays
    shown = _SOFT_WRAP.sub(" ", passage)
    before, quote, after = (shown[: c.start - start], shown[c.start - start : c.end - start],
                            shown[c.end - start :])
    return (
        f"<div class='source' id='{anchor}-{c.n}'><b>{_e(label)} {_e(c.title)}</b>"
        f"<div class='meta'>{_e(_meta(c))}</div>"
        f"<p>{_around(before)}<mark>{_around(quote)}</mark>{_around(after)}</p></div>"
    )


_SOFT_WRAP = re.compile(r"(?<=\S)\n(?![ \t]*(?:[-*+>|#]|\d+[.)]|\n|$))")


def render_sources(assistant: Assistant, answer: Answer) -> str:
    if answer.refused:
        cards = "".join(source_card(assistant, c, "–", "related") for c in answer.related)
        return ("<h3>Related passages</h3><p>The closest passages found. They do not answer "
                "the question.</p>" + cards)
    cards = "".join(source_card(assistant, c, f"[{c.n}]") for c in answer.citations)
    cards += "".join(f"<p class='newer'>A newer document also addresses this: {_e(dated(c))}.</p>"
                     for c in newer(answer))
    others = "".join(source_card(assistant, c, "–", "other") for c in answer.related)
    if others:
        others = ("<h3>Other documents</h3><p>They also matched the question; the answer "
                  "quotes only the most relevant document.</p>" + others)
    return "<h3>Sources</h3>" + cards + others


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def _literal(text: str) -> str:
    """Document text shown as itself: HTML escaped (never stripped by the sanitizer, so what
    the chat shows is what it cites) and Markdown syntax neutralised (a `[x](javascript:…)`
    in a document never becomes a link)."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def render_answer(answer: Answer) -> str:
    """The chat message: every [n] marker links to its source card."""
    if answer.refused:
        why = f" Why: {_literal(answer.reason)}." if answer.reason else ""
        return (f"**{answer.answer}**{why} The closest passages are listed under "
                "*Related passages*.")
    lines = []
    for opens, s in by_document(answer):  # a comparison: a heading per document
        if opens is not None:
            lines.append(f"**{_literal(dated(opens))}**")
        lines.append(_literal(s.text).replace("\n", " ") + " "
                     + "".join(f"[[{n}]](#source-{n})" for n in s.citations)
                     + ("" if s.supported else " _(unsupported by its citation)_"))
    text = "  \n".join(lines)
    return f"_{_literal(answer.notice)}_\n\n{text}" if answer.notice else text


def render_retrieved(answer: Answer) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{_e(r.passage_id)}</td><td>{r.score:.4f}</td>"
        f"<td>{'' if r.dense is None else f'{r.dense:.3f}'}</td>"
        f"<td>{'' if r.lexical is None else f'{r.lexical:.2f}'}</td></tr>"
        for i, r in enumerate(answer.audit.retrieved, 1)
    )
    return ("<h4>Retrieved passages</h4><table><tr><th>#</th><th>passage</th><th>fused</th>"
            f"<th>dense</th><th>BM25</th></tr>{rows}</table>"
            f"<p class='meta'>searched for: {_e(answer.audit.query)}</p>")


def render_about(assistant: Assistant) -> str:
    docs = assistant.documents()
    lines = ["| document | publisher | date | passages | file |", "|---|---|---|---|---|"]
    for d in docs:
        flag = " *(fictional)*" if d.fictional else ""
        lines.append(f"| {d.title}{flag} | {d.publisher or '–'} | {d.date or '–'} | "
                     f"{d.passages} | `{Path(d.source).name}` |")
    sources = assistant.settings.corpus_dir / "SOURCES.md"
    note = sources.read_text(encoding="utf-8") if sources.is_file() else ""
    where = (f"\n\nFeedback (*Helpful* / *Not helpful*) is appended to "
             f"`{assistant.settings.feedback_path}`; `stepqa eval feedback` turns the unhelpful "
             "answers into draft eval cases for the eval team to review.")
    return "\n".join(lines) + where + ("\n\n" + note if note else "")


def render_excerpts(found: list[Citation]) -> str:
    if not found:
        return "<p>No passage matches this topic.</p>"
    parts = []
    for i, c in enumerate(found, 1):
        parts.append(
            f"<div class='excerpt'><b>{i}. {_e(c.section or c.title)}</b><blockquote>{_e(c.quote)}"
            f"</blockquote><div class='meta'>{_e(cite_line(c))}</div>"
            f"<button class='copy-cite' data-cite='{html.escape(cite_line(c), quote=True)}' "
            "onclick='navigator.clipboard.writeText(this.dataset.cite)'>Copy citation</button></div>"
        )
    return "".join(parts)


def render_briefing(heading: str, items: list[Citation]) -> str:
    if not items:
        return "<p><i>The briefing is empty: tick excerpts and press “Add to briefing”.</i></p>"
    body = "".join(
        f"<li><blockquote>{_e(c.quote)}</blockquote><small>{_e(cite_line(c))}</small></li>"
        for c in items
    )
    return f"<h3>{_e(heading or 'Briefing')}</h3><ol>{body}</ol>"


def _item_choices(items: list[Citation]) -> list[tuple[str, int]]:
    return [(f"{i + 1}. {c.quote[:60]}…", i) for i, c in enumerate(items)]




def _api(assistant: Assistant) -> None:
    """The endpoints a script calls with gradio_client: /ask and /excerpts."""

    def ask(question: str, k: int = 5, history: list[str] | None = None) -> dict[str, Any]:
        """Answer a question with numbered, verbatim citations (the `stepqa ask --json` form).
        ``history``: the earlier questions of this conversation, oldest first, so that a
        follow-up ("And what about Japan?") is understood; the caller keeps it."""
        return assistant.ask(question, k=int(k), history=list(history or [])).to_dict()

    def excerpts(topic: str, k: int = 5) -> list[dict[str, Any]]:
        """Ranked verbatim excerpts on a topic, each with its full citation."""
        return [{"rank": e.rank, "score": e.score, "citation": e.citation.__dict__}
                for e in assistant.excerpts(topic, k=int(k))]

    gr.api(ask, api_name="ask")
    gr.api(excerpts, api_name="excerpts")


# -------------------------------------------------------------------- handlers
def _status(answer: Answer, question: str) -> str:
    line = f"Answered in {answer.audit.elapsed_s:.2f} s · backend {answer.audit.answer_backend}"
    if answer.audit.query != question:
        line += f" · understood as: “{answer.audit.query}”"
    if answer.removed:
        line += (f" · {len(answer.removed)} generated sentence(s) removed: not supported "
                 "by the passages they cite")
    return line


class Chat:
    """The Ask tab's handlers, over one Assistant. Each returns a dict of the components it
    changes (Gradio's dict form), so no handler passes along what it leaves alone."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def respond(self, c: dict[Any, Any], ui: _AskTab) -> Iterator[dict[Any, Any]]:
        question = (c[ui.box] or "").strip()
        chat = [*(c[ui.chat] or []), {"role": "user", "content": question},
                {"role": "assistant", "content": "_Searching the documents…_"}]
        yield {ui.box: "", ui.chat: chat, ui.status: "", ui.last: None}
        filters_in = (c[ui.doc_filter], c[ui.pub_filter], c[ui.since_filter])
        answer: Answer | None = None
        try:
            for event in self.assistant.ask_stream(
                question, k=int(c[ui.k]), filters=Filters.of(*filters_in),
                backend=c[ui.backend], history=c[ui.asked],
            ):
                if isinstance(event, Answer):
                    answer = event
                else:  # verified sentences so far, from a streaming backend
                    chat[-1] = {"role": "assistant", "content": event + " …"}
                    yield {ui.chat: chat}
        except StepqaError as exc:
            chat[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield {ui.chat: chat, ui.sources: "", ui.retrieved: ""}
            return
        assert answer is not None  # ask_stream always ends with the Answer
        chat[-1] = {"role": "assistant", "content": render_answer(answer)}
        yield {ui.chat: chat, ui.asked: [*c[ui.asked], question],
               ui.sources: render_sources(self.assistant, answer),
               ui.retrieved: render_retrieved(answer) if c[ui.show] else "",
               ui.status: _status(answer, question), ui.last: answer}

    def feedback(self, liked: bool, last: Answer | None, comment: str) -> tuple[str, str]:
        if last is None:
            return "Ask a question first.", comment
        feedback.record(self.assistant.settings.feedback_path, last, liked, comment)
        return "Thank you — feedback saved.", ""


class Workbench:
    """The briefing workbench's handlers: find excerpts, keep some, order, export."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def find(self, topic: str, k: float, doc_ids: list[str], pubs: list[str],
             since: str) -> tuple[Any, ...]:
        try:
            found = self.assistant.excerpts(topic, k=int(k), filters=Filters.of(doc_ids, pubs, since))
        except StepqaError as exc:
            return [], f"<p>⚠️ {_e(str(exc))}</p>", gr.update(choices=[], value=[])
        cites = [x.citation for x in found]
        choices = [(f"{i}. {c.quote[:70]}…", i - 1) for i, c in enumerate(cites, 1)]
        return cites, render_excerpts(cites), gr.update(choices=choices, value=[])

    @staticmethod
    def shown(items: list[Citation], heading: str, which: int | None = None) -> tuple[Any, ...]:
        return items, render_briefing(heading, items), gr.update(choices=_item_choices(items),
                                                                 value=which)

    def add(self, found: list[Citation], picked: list[int], items: list[Citation],
            heading: str) -> tuple[Any, ...]:
        return self.shown(briefing.add(items, found, picked or []), heading)

    def move(self, items: list[Citation], which: int | None, step: int,
             heading: str) -> tuple[Any, ...]:
        moved, which = briefing.move(items, which, step)
        return self.shown(moved, heading, which)

    def remove(self, items: list[Citation], which: int | None, heading: str) -> tuple[Any, ...]:
        return self.shown(briefing.remove(items, which), heading)

    @staticmethod
    def export(items: list[Citation], heading: str, kind: str) -> str | None:
        path = briefing.export(items, heading, kind)
        return str(path) if path else None


def examples(assistant: Assistant, docs: list[DocInfo]) -> list[str]:
    """Example questions about what is indexed: the fixed ones about the shipped report
    when it is there (a Korean one too when the embedder crosses languages), and one about
    each of the three newest other documents, so that a team that indexed only its own
    texts is not offered questions about a report it does not have (they would be
    refused)."""
    found = []
    if any(d.doc_id == SHIPPED_REPORT for d in docs):
        multilingual = getattr(assistant.embedder, "word_floor", None) is not None
        found += EXAMPLES + (KOREAN_EXAMPLES if multilingual else [])
    newest = sorted((d for d in docs if d.doc_id != SHIPPED_REPORT),
                    key=lambda d: d.ingested_at, reverse=True)[:3]
    found += [q for d in newest if (q := assistant.section_question(d.doc_id))]
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------- layout
class _AskTab:
    """The Ask tab's components."""

    def __init__(self, assistant: Assistant) -> None:
        settings = assistant.settings
        docs = assistant.documents()
        self.asked = gr.State([])
        self.last = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                self.chat = gr.Chatbot(label="Conversation", height=460, elem_id="chat")
                self.box = gr.Textbox(label="Question", elem_id="question",
                                      placeholder="Ask about the indexed documents…")
                with gr.Row():
                    self.ask = gr.Button("Ask", variant="primary", elem_id="ask")
                    self.new = gr.Button("New conversation", elem_id="new")
                self.status = gr.Markdown(elem_id="status")
                # Buttons rather than gr.Examples, which cuts a question at 60 characters.
                tried = examples(assistant, docs)
                if tried:
                    gr.Markdown("Try one of these:", elem_id="try")
                self.tried = [(gr.Button(q, size="sm", elem_classes="example"), q) for q in tried]
                with gr.Row():
                    self.up = gr.Button("Helpful", elem_id="thumbs-up", size="sm")
                    self.down = gr.Button("Not helpful", elem_id="thumbs-down", size="sm")
                self.comment = gr.Textbox(label="Comment on the last answer (optional)",
                                          elem_id="feedback-comment")
                self.thanks = gr.Markdown(elem_id="feedback-note")
            with gr.Column(scale=2):
                self.sources = gr.HTML(elem_id="sources")
                with gr.Accordion("Search settings", open=False):
                    self.doc_filter = gr.Dropdown([(d.title, d.doc_id) for d in docs],
                                                  multiselect=True, label="Only these documents")
                    self.pub_filter = gr.Dropdown(sorted({d.publisher for d in docs if d.publisher}),
                                                  multiselect=True, label="Only these publishers")
                    self.since_filter = gr.Textbox(label="Only documents dated on or after",
                                                   placeholder="YYYY-MM-DD", elem_id="since")
                    self.k = gr.Slider(1, 20, value=settings.top_k, step=1,
                                       label="Passages to retrieve")
                    backends = configured_backends(settings)
                    self.backend = gr.Dropdown(backends, value=settings.answer_backend,
                                               label="Answer backend", visible=len(backends) > 1)
                    self.show = gr.Checkbox(label="Show retrieved passages", elem_id="show-retrieved")
                self.retrieved = gr.HTML(elem_id="retrieved")
        with gr.Accordion("About this corpus", open=False, elem_id="about"):
            gr.Markdown(render_about(assistant))

    def wire(self, chat: Chat) -> None:
        inputs: set[Any] = {self.box, self.chat, self.asked, self.doc_filter, self.pub_filter,
                  self.since_filter, self.k, self.backend, self.show}
        outputs = [self.box, self.chat, self.asked, self.sources, self.retrieved, self.status,
                   self.last]
        def respond(c: dict[Any, Any]) -> Iterator[dict[Any, Any]]:
            yield from chat.respond(c, self)

        for trigger in (self.box.submit, self.ask.click):
            trigger(respond, inputs, outputs, **_INTERNAL)
        for button, question in self.tried:
            button.click(lambda q=question: q, None, self.box, **_INTERNAL)
        self.new.click(lambda: ([], [], "", "", "", None), None,
                       [self.chat, self.asked, self.sources, self.retrieved, self.status, self.last],
                       **_INTERNAL)
        for button, liked in ((self.up, True), (self.down, False)):
            button.click(lambda la, c, liked=liked: chat.feedback(liked, la, c),
                         [self.last, self.comment], [self.thanks, self.comment], **_INTERNAL)


def _workbench_tab(bench: Workbench, ask: _AskTab, top_k: int) -> None:
    found = gr.State([])
    items = gr.State([])
    with gr.Row():
        topic = gr.Textbox(label="Topic", elem_id="topic", scale=4)
        k = gr.Slider(1, 20, value=top_k, step=1, label="Excerpts", scale=1)
        search = gr.Button("Find excerpts", variant="primary", elem_id="find", scale=1)
    results = gr.HTML(elem_id="excerpts")
    pick = gr.CheckboxGroup(label="Keep these", choices=[], type="value", elem_id="pick")
    add = gr.Button("Add to briefing", elem_id="add")
    heading = gr.Textbox(label="Briefing heading", value="Briefing", elem_id="heading")
    shown = gr.HTML(render_briefing("Briefing", []), elem_id="briefing")
    with gr.Row():
        which = gr.Dropdown(label="Item", choices=[], type="value", elem_id="item")
        up = gr.Button("Move up", elem_id="move-up")
        down = gr.Button("Move down", elem_id="move-down")
        drop = gr.Button("Remove", elem_id="remove")
    with gr.Row():
        md = gr.Button("Export Markdown", elem_id="export-md")
        docx = gr.Button("Export DOCX", elem_id="export-docx")
    download = gr.File(label="Download", elem_id="download")

    finding = [topic, k, ask.doc_filter, ask.pub_filter, ask.since_filter]
    for trigger in (search.click, topic.submit):
        trigger(bench.find, finding, [found, results, pick], **_INTERNAL)
    state = [items, shown, which]
    add.click(bench.add, [found, pick, items, heading], state, **_INTERNAL)
    heading.change(render_briefing, [heading, items], shown, **_INTERNAL)
    for button, step in ((up, -1), (down, 1)):
        button.click(lambda it, w, h, step=step: bench.move(it, w, step, h),
                     [items, which, heading], state, **_INTERNAL)
    drop.click(bench.remove, [items, which, heading], state, **_INTERNAL)
    for button, kind in ((md, "md"), (docx, "docx")):
        button.click(lambda it, h, kind=kind: bench.export(it, h, kind), [items, heading], download,
                     **_INTERNAL)


def build(assistant: Assistant) -> gr.Blocks:
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}\nEvery sentence of an answer cites the passage it comes from. "
                    "When the documents do not answer, stepqa says so.")
        with gr.Tab("Ask"):
            ask = _AskTab(assistant)
        with gr.Tab("Briefing workbench", elem_id="workbench-tab"):
            _workbench_tab(Workbench(assistant), ask, assistant.settings.top_k)
        with gr.Tab("Library", elem_id="library-tab"):
            library_tab(assistant)
        ask.wire(Chat(assistant))
        _api(assistant)
    return demo


def logins(settings: Settings) -> list[tuple[str, str]]:
    """(user, password) pairs from STEPQA_AUTH and STEPQA_AUTH_FILE."""
    lines = [x.strip() for x in (settings.auth.get_secret_value() if settings.auth else "").split(",")]
    if settings.auth_file is not None:
        try:
            lines += settings.auth_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ConfigError(f"cannot read the login file {settings.auth_file}: {exc}",
                              "check STEPQA_AUTH_FILE") from exc
    pairs = [tuple(x.strip().split(":", 1)) for x in lines if x.strip() and not x.startswith("#")]
    if any(len(p) != 2 or not all(p) for p in pairs):
        raise ConfigError("a login is not in the form user:password", "check STEPQA_AUTH")
    return [(p[0], p[1]) for p in pairs]


def main(assistant: Assistant, insecure: bool = False) -> None:
    """Build the index if needed, load the model, and serve the app: on 127.0.0.1 unless
    GRADIO_SERVER_NAME says otherwise, and beyond it only with logins (or ``insecure``)."""
    host = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    auth = logins(assistant.settings)
    if not is_loopback(host) and not auth and not insecure:
        raise ConfigError(f"refusing to serve the chat on {host} without logins",
                          "set STEPQA_AUTH=user:password (or STEPQA_AUTH_FILE), or pass --insecure")
    report = assistant.ensure_index()
    if report is not None:
        print(f"Built the index from {assistant.settings.corpus_dir}: {report.summary()}")
    assistant.warm_up()
    # Gradio binds 127.0.0.1 unless GRADIO_SERVER_NAME says otherwise, and prints the URL.
    build(assistant).launch(css=CSS, server_name=host, auth=auth or None)
