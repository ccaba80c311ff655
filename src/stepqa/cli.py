"""The `stepqa` command. Thin: parse arguments, call the Assistant, print the result.

Errors from the StepqaError family are printed as one line and mapped to exit codes
(see errors.py); there is never a traceback for a user mistake.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stepqa.errors import StepqaError

if TYPE_CHECKING:
    from stepqa.config import Settings
    from stepqa.ingest import Progress
    from stepqa.pipeline import Assistant
    from stepqa.retrieve import Filters

app = typer.Typer(
    name="stepqa",
    help="Ask questions of science-and-technology policy documents and get answers "
    "that cite the exact passages they come from.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click output: a usage mistake is the usage line and one "Error: ..." line.
    rich_markup_mode=None,
)

DocOpt = Annotated[list[str], typer.Option("--doc", help="Only this document id (repeatable).")]
PublisherOpt = Annotated[
    list[str], typer.Option("--publisher", help="Only documents from this publisher (repeatable).")
]
SinceOpt = Annotated[str, typer.Option("--since", help="Only documents dated on/after YYYY-MM-DD.")]
KOpt = Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50,
                                             help="Passages to retrieve.")]


def _settings() -> Settings:
    from stepqa.config import load_settings

    return load_settings()


def _assistant() -> Assistant:
    from stepqa.pipeline import Assistant

    return Assistant(_settings())


def _filters(doc: list[str], publisher: list[str], since: str) -> Filters | None:
    from stepqa.retrieve import Filters

    return Filters.of(doc, publisher, since)


@contextmanager
def _progress_bar() -> Iterator[Progress]:
    """Progress on stderr (stdout stays clean for --json): a bar with the time left in a
    terminal; elsewhere (a log, a pipe, CI) a plain line at every tenth of the way."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    console = Console(stderr=True)
    if not console.is_terminal:
        yield _progress_lines()
        return
    class Rate(ProgressColumn):  # "41/s": documents or passages a second
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:.0f}/s" if task.speed else "")

    bar = Progress(
        TextColumn("{task.description:>18}"), BarColumn(), MofNCompleteColumn(), Rate(),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=console,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = bar.add_task(what, total=total)
        bar.update(tasks[what], completed=done, total=total)

    with bar:
        yield update


def _progress_lines() -> Progress:
    """Progress for a log: "embedding passages 2560/10000 (25%, 41/s), about 3 min 6 s
    left", at most one line a second per stage, each time another tenth is done."""
    import time

    began = [time.monotonic()]  # when the current stage began: the last stage's end
    stage = [""]
    shown: dict[str, tuple[int, float]] = {}  # stage -> (tenth, when) of its last line

    def update(what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if what != stage[0]:
            stage[0], began[0] = what, began[0] if not stage[0] else now
        tenth = done * 10 // max(total, 1)
        last_tenth, last_time = shown.get(what, (0, began[0]))
        if tenth <= last_tenth or (now - last_time < 1.0 and done < total):
            return
        if done >= total and what not in shown:
            return  # finished before a line was due: nothing worth saying
        shown[what] = (tenth, now)
        took = max(now - began[0], 1e-6)
        left = took / max(done, 1) * (total - done)
        eta = f", about {_duration(left)} left" if done < total else ""
        typer.echo(f"{what} {done}/{total} ({done * 100 // max(total, 1)}%, {done / took:.0f}/s){eta}",
                   err=True)

    return update


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def _ensure_index(assistant: Assistant) -> None:
    with _progress_bar() as progress:
        report = assistant.ensure_index(progress)
    if report is not None:
        typer.echo(f"Built the index from {assistant.settings.corpus_dir}: {report.summary()}",
                   err=True)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders (.md, .txt, .pdf, .docx, .html); default: the shipped corpus.")] = None,
) -> None:
    """Add or update documents (unchanged files are skipped; deleted ones are removed)."""
    assistant = _assistant()
    targets = paths or [assistant.settings.corpus_dir]
    with _progress_bar() as progress:
        report = assistant.ingest(targets, progress)
    typer.echo(report.summary())
    for path, reason in report.failed:
        typer.echo(f"  failed: {reason}" if path in reason else f"  failed: {path}: {reason}",
                   err=True)
    if report.failed:
        raise typer.Exit(3)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON "
                                          "(schema: src/stepqa/schemas/answer.schema.json).")] = False,
    k: KOpt = None,
    doc: DocOpt = [],  # noqa: B006 - typer reads the default, never mutates it
    publisher: PublisherOpt = [],  # noqa: B006
    since: SinceOpt = "",
    backend: Annotated[str | None, typer.Option(
        help="Answer backend: extractive (default), llama_cpp, openai.")] = None,
    lenient: Annotated[bool, typer.Option(
        "--lenient", help="Keep generated sentences that fail verification, marked as "
        "unsupported, instead of removing them.")] = False,
) -> None:
    """Answer a question with numbered citations, or say that the documents do not answer it.
    Generative backends stream: each sentence is printed once it has passed verification."""
    from stepqa.citations import Answer
    from stepqa.pipeline import Assistant
    from stepqa.render import grouped_text, render_sources_text

    settings = _settings()
    if lenient:
        settings = settings.model_copy(update={"verify_strict": False})
    assistant = Assistant(settings)
    _ensure_index(assistant)
    filters = _filters(doc, publisher, since)
    if as_json:
        typer.echo(assistant.ask(question, k=k, filters=filters, backend=backend).to_json())
        return
    printed = 0
    for event in assistant.ask_stream(question, k=k, filters=filters, backend=backend):
        # A finished answer is printed grouped by document when it compares several.
        if isinstance(event, Answer):
            text = grouped_text(event) if printed == 0 else event.answer
        else:
            text = event
        lines = text.splitlines()
        for line in lines[printed:]:
            typer.echo(line)
        printed = max(printed, len(lines))
        if isinstance(event, Answer):
            typer.echo("\n" + render_sources_text(event), nl=False)


@app.command()
def excerpts(
    topic: Annotated[str, typer.Argument(help="Topic to pull verbatim excerpts for.")],
    k: KOpt = None,
    doc: DocOpt = [],  # noqa: B006
    publisher: PublisherOpt = [],  # noqa: B006
    since: SinceOpt = "",
    out: Annotated[Path | None, typer.Option("--out", "-o",
                                                help="Write the Markdown to this file.")] = None,
    diverse: Annotated[bool, typer.Option(
        "--diverse/--ranked", help="Diversify excerpts (MMR) or keep the plain ranking.")] = True,
) -> None:
    """Ranked verbatim excerpts on a topic with full citations, as Markdown for a briefing."""
    from stepqa.render import render_excerpts_markdown

    assistant = _assistant()
    _ensure_index(assistant)
    found = assistant.excerpts(topic, k=k, filters=_filters(doc, publisher, since), diverse=diverse)
    markdown = render_excerpts_markdown(topic, found)
    if out:
        out.write_text(markdown, encoding="utf-8")
        typer.echo(f"Wrote {len(found)} excerpts to {out}", err=True)
    else:
        typer.echo(markdown, nl=False)


@app.command()
def docs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the indexed documents."""
    import dataclasses

    assistant = _assistant()
    _ensure_index(assistant)
    infos = assistant.documents()
    if as_json:
        typer.echo(json.dumps([dataclasses.asdict(d) for d in infos], indent=2, ensure_ascii=False))
        return
    for d in infos:
        flag = " (fictional)" if d.fictional else ""
        typer.echo(f"{d.doc_id}{flag}\n  {d.title}\n  {d.publisher or '-'}, {d.date or 'undated'}, "
                   f"{d.passages} passages, from {d.source}")


@app.command()
def remove(doc_id: Annotated[str, typer.Argument(help="Document id (see `stepqa docs`).")]) -> None:
    """Remove a document you added (its file too, when it was uploaded to the library)."""
    assistant = _assistant()
    assistant.library_remove(doc_id)
    typer.echo(f"removed {doc_id}")


@app.command()
def describe(
    doc_id: Annotated[str, typer.Argument(help="Document id (see `stepqa docs`).")],
    title: Annotated[str, typer.Option(help="Title to show in citations.")] = "",
    publisher: Annotated[str, typer.Option(help="Publisher.")] = "",
    date: Annotated[str, typer.Option(help="Date, YYYY-MM-DD (or YYYY, YYYY-MM).")] = "",
) -> None:
    """Set a document's title, publisher or date in a sidecar file beside it (the file itself
    is never rewritten), and re-index it."""
    assistant = _assistant()
    report = assistant.set_metadata(doc_id, title, publisher, date)
    typer.echo(report.summary())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    insecure: Annotated[bool, typer.Option(
        "--insecure", help="Allow listening beyond 127.0.0.1 without an API token.")] = False,
) -> None:
    """Serve the HTTP API (cited answers, excerpts, documents, OpenAI-compatible chat)."""
    import uvicorn

    from stepqa.serve import check_exposure, create_app, load_tokens

    assistant = _assistant()
    s = assistant.settings
    tokens = load_tokens(s.api_tokens.get_secret_value() if s.api_tokens else None,
                         s.api_tokens_file)
    check_exposure(host, tokens, insecure)
    _ensure_index(assistant)
    assistant.warm_up()
    typer.echo(f"stepqa API on http://{host}:{port} (docs at /docs)"
               + ("" if tokens else " — no token required"), err=True)
    uvicorn.run(create_app(assistant, tokens), host=host, port=port, log_level="warning")


def _feedback_drafts(settings: Settings, out: Path | None) -> None:
    from stepqa.evaluation.feedback import unhelpful, write_drafts

    target = out or settings.eval_dir / "feedback_drafts.jsonl"
    for entry in unhelpful(settings.feedback_path):
        typer.echo(f"- {entry.get('time', '')}: {entry.get('question', '')}"
                   + (f"  ({entry['comment']})" if entry.get("comment") else ""))
    n = write_drafts(settings.feedback_path, target)
    typer.echo(f"{n} draft case(s) written to {target}: fill in answer, evidence, "
               "must_include and answerable before adding any to an eval set", err=True)


@app.command("eval")
def eval_(
    action: Annotated[str | None, typer.Argument(
        help="'feedback': list the chat's 'Not helpful' answers and write them as draft eval "
        "cases (to --out, default eval/feedback_drafts.jsonl) for review.")] = None,
    backend: Annotated[list[str], typer.Option(
        help="Answer backend to evaluate; repeat it to compare backends side by side.")] = [],  # noqa: B006
    qa_set: Annotated[Path | None, typer.Option("--set", help="Eval set (JSONL); default "
                                                "eval/qa.jsonl.")] = None,
    out: Annotated[Path | None, typer.Option(help="Report folder; default "
                                             "eval/runs/<time>-<backend>.")] = None,
    grader: Annotated[str, typer.Option(
        "--grader", "--judge", help="Judge that grades faithfulness (offline, llm). The "
        "offline one also verifies answers: its grades are labelled self-checked.")] = "offline",
    judge_cases: Annotated[Path | None, typer.Option(
        "--judge-cases", help="Only score the grader on this labelled case file.")] = None,
    compare: Annotated[tuple[Path, Path] | None, typer.Option(
        help="Show the difference of two report.json files and exit.")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Fail (exit 1) when a headline metric falls below the baseline.")] = False,
    baseline: Annotated[Path | None, typer.Option(help="Baseline for --check; default "
                                                  "eval/baseline.json.")] = None,
    update_baseline: Annotated[bool, typer.Option(
        "--update-baseline", help="Write this run's numbers as the new baseline.")] = False,
    distractors: Annotated[bool, typer.Option(
        "--distractors", help="Index the fictional distractors of eval/distractors/ too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable last line.")] = False,
) -> None:
    """Run the faithfulness eval: answers, citations and refusals, judged sentence by sentence."""
    from stepqa.errors import EvalError
    from stepqa.evaluation import report as reports
    from stepqa.evaluation import workflow

    if action is not None:
        if action != "feedback":
            raise typer.BadParameter(f"unknown action {action!r}; the only one is 'feedback'")
        _feedback_drafts(_settings(), out)
        return
    if compare:
        a, b = (reports.load(p) for p in compare)
        typer.echo(reports.compare(a, b, str(compare[0]), str(compare[1])), nl=False)
        return
    settings = _settings()
    if judge_cases:
        with _progress_bar() as progress:
            info = workflow.score_grader(settings, workflow.grader_for(settings, grader),
                                         judge_cases, progress)
        figures = {k: info[k] for k in ("n", "accuracy", "precision", "recall")}
        typer.echo(json.dumps(figures) if as_json else f"judge {info['name']}: "
                   + ", ".join(f"{k} {reports.fmt(v)}" for k, v in figures.items()))
        return
    request = workflow.EvalRequest(
        backends=backend, qa_set=qa_set, out=out, grader=grader, distractors=distractors,
        baseline=baseline, update_baseline=update_baseline, check=check)
    with _progress_bar() as progress:
        outcome = workflow.run_eval(settings, request, progress)
    for error in outcome.errors:
        typer.echo(f"error: {error}", err=True)
    for path, result in outcome.runs:
        if not as_json:
            typer.echo(reports.markdown(result).split("\n## By category")[0])
        typer.echo(f"report: {path.with_name('report.html')}", err=True)
    if outcome.comparison and not as_json:
        typer.echo(outcome.comparison)
    if outcome.baseline_written:
        typer.echo(f"baseline written: {outcome.baseline_written}", err=True)
    if as_json:
        typer.echo(json.dumps(outcome.runs[0][1]["metrics"]))
    for r in outcome.regressions:
        typer.echo(f"REGRESSION: {r}", err=True)
    if outcome.regressions:
        raise typer.Exit(1)
    if outcome.errors:  # an eval whose questions errored measured nothing: fail loudly
        raise typer.Exit(EvalError.exit_code)
    if check:
        typer.echo(f"gate passed: no headline metric fell below {outcome.baseline}", err=True)


@app.command()
def config(
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print the defaults as the README's Markdown table.")] = False,
) -> None:
    """Show every setting, its current value and its environment variable."""
    from stepqa.config import settings_markdown, settings_table

    if markdown:
        typer.echo(settings_markdown())
        return

    current = _settings()
    for env, default, description in settings_table():
        value = getattr(current, env.removeprefix("STEPQA_").lower())
        typer.echo(f"{env:28} = {value}\n{'':31}{description} (default: {default})")


def main() -> None:
    """Entry point: typer/click handle usage mistakes themselves (usage line, one-line
    error, exit 2); stepqa's own errors print one line and exit with their family's code."""
    if len(sys.argv) == 1:
        sys.argv.append("--help")  # `stepqa` alone: the help, as a successful run
    try:
        app()
    except StepqaError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
