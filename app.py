"""stepqa in the browser: a cited chat for policymakers and a briefing workbench for
writers, over the same Assistant the CLI uses. Thin: input handling and rendering only.

Run: `python app.py` — binds 127.0.0.1:7860 unless GRADIO_SERVER_NAME / GRADIO_SERVER_PORT
say otherwise (as everywhere in Gradio); it never listens on all interfaces unless asked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from an offline tool
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr

from stepqa.answer import configured_backends
from stepqa.citations import (
    Answer,
    Citation,
    cite_line,
    render_briefing_markdown,
    write_briefing_docx,
)
from stepqa.errors import StepqaError
from stepqa.pipeline import Assistant
from stepqa.retrieve import Filters

TITLE = "stepqa — ask the policy documents"
EXAMPLES = [
    "What does the report propose for a national control tower?",
    "Why is it hard for Korean ministries to create synergy?",
    "How should think tanks support the government?",
    "What problems does the report see in Korea's international cooperation system?",
]
CSS = """
.source {border-left: 3px solid #888; padding: 4px 10px; margin: 8px 0}
.source mark {background: #ffe58a}
.source .meta {color: #555; font-size: 0.85em}
.excerpt {border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; margin: 6px 0}
"""


# ------------------------------------------------------------------- rendering
def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _meta(c: Citation) -> str:
    return " · ".join(x for x in (c.publisher, c.date, c.location()) if x)


def source_card(assistant: Assistant, c: Citation, label: str, anchor: str = "source") -> str:
    """Title, publisher, date, section/page, and the passage with the quote highlighted."""
    passage, start = assistant.passage_text(c)
    before = passage[: c.start - start]
    after = passage[c.end - start :]
    return (
        f"<div class='source' id='{anchor}-{c.n}'><b>{_e(label)} {_e(c.title)}</b>"
        f"<div class='meta'>{_e(_meta(c))}</div>"
        f"<p>{_e(before)}<mark>{_e(c.quote)}</mark>{_e(after)}</p></div>"
    )


def render_sources(assistant: Assistant, answer: Answer) -> str:
    if answer.refused:
        cards = "".join(source_card(assistant, c, "–", "related") for c in answer.related)
        return ("<h3>Related passages</h3><p>The closest passages found. They do not answer "
                "the question.</p>" + cards)
    cards = "".join(source_card(assistant, c, f"[{c.n}]") for c in answer.citations)
    others = "".join(source_card(assistant, c, "–", "other") for c in answer.related)
    if others:
        others = ("<h3>Other documents</h3><p>They also matched the question; the answer "
                  "quotes only the most relevant document.</p>" + others)
    return "<h3>Sources</h3>" + cards + others


def render_answer(answer: Answer) -> str:
    """The chat message: every [n] marker links to its source card."""
    if answer.refused:
        return f"**{answer.answer}** The closest passages are listed under *Related passages*."
    return re.sub(r"\[(\d+)\]", r"[[\1]](#source-\1)", answer.answer).replace("\n", "  \n")


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
    docs = sorted(assistant.index.documents().values(), key=lambda d: d.doc_id)
    lines = ["| document | publisher | date | passages | file |", "|---|---|---|---|---|"]
    for d in docs:
        flag = " *(fictional)*" if d.fictional else ""
        lines.append(f"| {d.title}{flag} | {d.publisher or '–'} | {d.date or '–'} | "
                     f"{d.passages} | `{Path(d.source).name}` |")
    sources = assistant.settings.corpus_dir / "SOURCES.md"
    note = sources.read_text(encoding="utf-8") if sources.is_file() else ""
    return "\n".join(lines) + ("\n\n" + note if note else "")


def render_excerpts(found: list[dict[str, Any]]) -> str:
    if not found:
        return "<p>No passage matches this topic.</p>"
    parts = []
    for i, d in enumerate(found, 1):
        c = Citation(**d)
        parts.append(
            f"<div class='excerpt'><b>{i}. {_e(c.section or c.title)}</b><blockquote>{_e(c.quote)}"
            f"</blockquote><div class='meta'>{_e(cite_line(c))}</div>"
            f"<button class='copy-cite' data-cite='{html.escape(cite_line(c), quote=True)}' "
            "onclick='navigator.clipboard.writeText(this.dataset.cite)'>Copy citation</button></div>"
        )
    return "".join(parts)


def render_briefing(heading: str, items: list[dict[str, Any]]) -> str:
    if not items:
        return "<p><i>The briefing is empty: tick excerpts and press “Add to briefing”.</i></p>"
    body = "".join(
        f"<li><blockquote>{_e(d['quote'])}</blockquote><small>{_e(cite_line(Citation(**d)))}"
        "</small></li>" for d in items
    )
    return f"<h3>{_e(heading or 'Briefing')}</h3><ol>{body}</ol>"


def _item_choices(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(f"{i + 1}. {d['quote'][:60]}…", i) for i, d in enumerate(items)]


# ------------------------------------------------------------------------- app
def build(assistant: Assistant) -> gr.Blocks:
    settings = assistant.settings
    docs = sorted(assistant.index.documents().values(), key=lambda d: d.doc_id)
    publishers = sorted({d.publisher for d in docs if d.publisher})

    def respond(question: str, chat: list[dict[str, str]], asked: list[str],
                doc_ids: list[str], pubs: list[str], since: str, k: float, backend: str,
                show: bool) -> Iterator[tuple[Any, ...]]:
        chat = list(chat or [])
        question = (question or "").strip()
        chat.append({"role": "user", "content": question})
        chat.append({"role": "assistant", "content": "_Searching the documents…_"})
        yield "", chat, asked, gr.update(), gr.update(), "", None
        answer: Answer | None = None
        try:
            for event in assistant.ask_stream(question, k=int(k), filters=Filters.of(doc_ids, pubs, since),
                                              backend=backend, history=asked):
                if isinstance(event, Answer):
                    answer = event
                else:  # verified sentences so far, from a streaming backend
                    chat[-1] = {"role": "assistant", "content": event + " …"}
                    yield "", chat, asked, gr.update(), gr.update(), "", None
        except StepqaError as exc:
            chat[-1] = {"role": "assistant", "content": f"⚠️ {exc}"}
            yield "", chat, asked, "", "", "", None
            return
        assert answer is not None  # ask_stream always ends with the Answer
        chat[-1] = {"role": "assistant", "content": render_answer(answer)}
        timing = f"Answered in {answer.audit.elapsed_s:.2f} s · backend {answer.audit.answer_backend}"
        if answer.audit.query != question:
            timing += f" · understood as: “{answer.audit.query}”"
        if answer.removed:
            timing += (f" · {len(answer.removed)} generated sentence(s) removed: not supported "
                       "by the passages they cite")
        yield ("", chat, [*asked, question], render_sources(assistant, answer),
               render_retrieved(answer) if show else "", timing, answer.to_dict())

    def feedback(liked: bool, last: dict[str, Any] | None, comment: str) -> tuple[str, str]:
        if not last:
            return "Ask a question first.", comment
        record = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                  "liked": liked, "comment": comment.strip(), **last}
        path = settings.feedback_path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "Thank you — feedback saved.", ""

    def find(topic: str, k: float, doc_ids: list[str], pubs: list[str],
             since: str) -> tuple[Any, ...]:
        try:
            found = assistant.excerpts(topic, k=int(k), filters=Filters.of(doc_ids, pubs, since))
        except StepqaError as exc:
            return [], f"<p>⚠️ {_e(str(exc))}</p>", gr.update(choices=[], value=[])
        data = [dataclasses.asdict(x.citation) for x in found]
        choices = [(f"{i}. {d['quote'][:70]}…", i - 1) for i, d in enumerate(data, 1)]
        return data, render_excerpts(data), gr.update(choices=choices, value=[])

    def add(found: list[dict[str, Any]], picked: list[int], items: list[dict[str, Any]],
            heading: str) -> tuple[Any, ...]:
        keys = {(d["doc_id"], d["start"], d["end"]) for d in items}
        items = items + [found[i] for i in sorted(picked or [])
                         if (found[i]["doc_id"], found[i]["start"], found[i]["end"]) not in keys]
        return items, render_briefing(heading, items), gr.update(choices=_item_choices(items))

    def move(items: list[dict[str, Any]], which: int | None, step: int,
             heading: str) -> tuple[Any, ...]:
        items = list(items)
        if which is not None and 0 <= which + step < len(items):
            items[which], items[which + step] = items[which + step], items[which]
            which += step
        return items, render_briefing(heading, items), gr.update(choices=_item_choices(items),
                                                                 value=which)

    def remove(items: list[dict[str, Any]], which: int | None, heading: str) -> tuple[Any, ...]:
        items = [d for i, d in enumerate(items) if i != which]
        return items, render_briefing(heading, items), gr.update(choices=_item_choices(items),
                                                                 value=None)

    def export(items: list[dict[str, Any]], heading: str, kind: str) -> str | None:
        if not items:
            return None
        folder = Path(tempfile.mkdtemp(prefix="stepqa-briefing-"))
        citations = [Citation(**d) for d in items]
        if kind == "docx":
            return str(write_briefing_docx(heading, citations, folder / "briefing.docx"))
        path = folder / "briefing.md"
        path.write_text(render_briefing_markdown(heading, citations), encoding="utf-8")
        return str(path)

    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}\nEvery sentence of an answer cites the passage it comes from. "
                    "When the documents do not answer, stepqa says so.")
        asked = gr.State([])
        last = gr.State(None)
        with gr.Tab("Ask"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="Conversation", height=460, elem_id="chat")
                    box = gr.Textbox(label="Question", elem_id="question",
                                     placeholder="Ask about the indexed documents…")
                    with gr.Row():
                        ask_button = gr.Button("Ask", variant="primary", elem_id="ask")
                        new_button = gr.Button("New conversation", elem_id="new")
                    status = gr.Markdown(elem_id="status")
                    gr.Examples(EXAMPLES, inputs=box, label="Try")
                    with gr.Row():
                        up = gr.Button("Helpful", elem_id="thumbs-up", size="sm")
                        down = gr.Button("Not helpful", elem_id="thumbs-down", size="sm")
                    comment = gr.Textbox(label="Comment on the last answer (optional)",
                                         elem_id="feedback-comment")
                    thanks = gr.Markdown(elem_id="feedback-note")
                with gr.Column(scale=2):
                    sources = gr.HTML(elem_id="sources")
                    with gr.Accordion("Search settings", open=False):
                        doc_filter = gr.Dropdown([(d.title, d.doc_id) for d in docs],
                                                 multiselect=True, label="Only these documents")
                        pub_filter = gr.Dropdown(publishers, multiselect=True,
                                                 label="Only these publishers")
                        since_filter = gr.Textbox(label="Only documents dated on or after",
                                                  placeholder="YYYY-MM-DD", elem_id="since")
                        k = gr.Slider(1, 20, value=settings.top_k, step=1,
                                      label="Passages to retrieve")
                        backends = configured_backends(settings)
                        backend = gr.Dropdown(backends, value=settings.answer_backend,
                                              label="Answer backend", visible=len(backends) > 1)
                        show = gr.Checkbox(label="Show retrieved passages", elem_id="show-retrieved")
                    retrieved = gr.HTML(elem_id="retrieved")
            with gr.Accordion("About this corpus", open=False, elem_id="about"):
                gr.Markdown(render_about(assistant))
        with gr.Tab("Briefing workbench", elem_id="workbench-tab"):
            found = gr.State([])
            items = gr.State([])
            with gr.Row():
                topic = gr.Textbox(label="Topic", elem_id="topic", scale=4)
                bk = gr.Slider(1, 20, value=settings.top_k, step=1, label="Excerpts", scale=1)
                search = gr.Button("Find excerpts", variant="primary", elem_id="find", scale=1)
            results = gr.HTML(elem_id="excerpts")
            pick = gr.CheckboxGroup(label="Keep these", choices=[], type="value", elem_id="pick")
            add_button = gr.Button("Add to briefing", elem_id="add")
            heading = gr.Textbox(label="Briefing heading", value="Briefing", elem_id="heading")
            briefing = gr.HTML(render_briefing("Briefing", []), elem_id="briefing")
            with gr.Row():
                which = gr.Dropdown(label="Item", choices=[], type="value", elem_id="item")
                up_item = gr.Button("Move up", elem_id="move-up")
                down_item = gr.Button("Move down", elem_id="move-down")
                drop_item = gr.Button("Remove", elem_id="remove")
            with gr.Row():
                md_button = gr.Button("Export Markdown", elem_id="export-md")
                docx_button = gr.Button("Export DOCX", elem_id="export-docx")
            download = gr.File(label="Download", elem_id="download")

        inputs = [box, chat, asked, doc_filter, pub_filter, since_filter, k, backend, show]
        outputs = [box, chat, asked, sources, retrieved, status, last]
        box.submit(respond, inputs, outputs)
        ask_button.click(respond, inputs, outputs)
        new_button.click(lambda: ([], [], "", "", "", None), None,
                         [chat, asked, sources, retrieved, status, last])
        up.click(lambda la, c: feedback(True, la, c), [last, comment], [thanks, comment])
        down.click(lambda la, c: feedback(False, la, c), [last, comment], [thanks, comment])
        finding = [topic, bk, doc_filter, pub_filter, since_filter]
        search.click(find, finding, [found, results, pick])
        topic.submit(find, finding, [found, results, pick])
        add_button.click(add, [found, pick, items, heading], [items, briefing, which])
        heading.change(lambda h, it: render_briefing(h, it), [heading, items], briefing)
        up_item.click(lambda it, w, h: move(it, w, -1, h), [items, which, heading],
                      [items, briefing, which])
        down_item.click(lambda it, w, h: move(it, w, 1, h), [items, which, heading],
                        [items, briefing, which])
        drop_item.click(remove, [items, which, heading], [items, briefing, which])
        md_button.click(lambda it, h: export(it, h, "md"), [items, heading], download)
        docx_button.click(lambda it, h: export(it, h, "docx"), [items, heading], download)
    return demo


def main() -> None:
    assistant = Assistant()
    report = assistant.ensure_index()
    if report is not None:
        print(f"Built the index from {assistant.settings.corpus_dir}: {report.summary()}")
    assistant.index.embedder.embed(["warm up"])  # load the model now, not on the first question
    # Gradio binds 127.0.0.1 unless GRADIO_SERVER_NAME says otherwise, and prints the URL.
    build(assistant).launch(css=CSS)


if __name__ == "__main__":
    main()
