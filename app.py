"""stepqa chat: a Gradio page over the same Assistant the CLI uses. Thin: no retrieval
or answering logic lives here, only input handling and rendering.

Run: `python app.py` (binds 127.0.0.1:7860; GRADIO_SERVER_NAME / GRADIO_SERVER_PORT
override, as everywhere in Gradio).
"""

from __future__ import annotations

import html
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from an offline tool

import gradio as gr

from stepqa.citations import Answer, Citation
from stepqa.errors import StepqaError
from stepqa.pipeline import Assistant

TITLE = "stepqa — ask the policy documents"
EXAMPLES = [
    "What does the report propose for a national control tower?",
    "Why is it hard for Korean ministries to create synergy?",
    "How should think tanks support the government?",
]


def _source_card(c: Citation) -> str:
    meta = " · ".join(x for x in (c.publisher, c.date, c.section, f"chars {c.start}–{c.end}") if x)
    quote = html.escape(c.quote).replace("\n", "<br>")
    return (
        f"<div class='source' id='source-{c.n}'><b>[{c.n}] {html.escape(c.title)}</b>"
        f"<br><small>{html.escape(meta)}</small><blockquote><mark>{quote}</mark></blockquote></div>"
    )


def render_sources(answer: Answer) -> str:
    if answer.refused:
        cards = "".join(_source_card(c) for c in answer.related)
        return "<p><b>Related passages</b> (closest found; they do not answer the question)</p>" + cards
    return "".join(_source_card(c) for c in answer.citations)


def build(assistant: Assistant) -> gr.Blocks:
    def respond(question: str, history: list[dict[str, str]]):  # type: ignore[no-untyped-def]
        history = list(history or [])
        history.append({"role": "user", "content": question})
        try:
            answer = assistant.ask(question)
        except StepqaError as exc:
            history.append({"role": "assistant", "content": f"⚠️ {exc}"})
            return "", history, ""
        history.append({"role": "assistant", "content": answer.answer})
        return "", history, render_sources(answer)

    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}\nEvery sentence cites the passage it comes from. "
                    "When the documents do not answer, stepqa says so.")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Conversation", height=420)
                box = gr.Textbox(label="Question", placeholder="Ask about the indexed documents…")
                gr.Examples(EXAMPLES, inputs=box)
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML()
        box.submit(respond, [box, chat], [box, chat, sources])
    return demo


def main() -> None:
    assistant = Assistant()
    report = assistant.ensure_index()
    if report is not None:
        print(f"Built the index from {assistant.settings.corpus_dir}: {report.summary()}")
    build(assistant).launch()  # Gradio defaults to 127.0.0.1 and prints the URL


if __name__ == "__main__":
    main()
