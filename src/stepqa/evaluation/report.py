"""Eval reports: report.json (machine-readable), report.md and a self-contained report.html
(tables + matplotlib charts inlined as PNG), and the side-by-side diff of two runs.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stepqa import __version__
from stepqa.evaluation.metrics import HEADLINE, JudgeScore, QuestionRecord, by_category, summarize
from stepqa.pipeline import Assistant

# A judge scoring below this on its labelled cases is called out in every report.
JUDGE_MIN_ACCURACY = 0.85

_LABELS = {
    "recall_at_1": "evidence recall@1", "recall_at_5": "evidence recall@5", "mrr": "MRR",
    "key_fact_recall": "key-fact recall", "faithfulness": "faithfulness",
    "faithfulness_unverified": "faithfulness before verification",
    "citation_recall": "citation recall", "citation_precision": "citation precision",
    "refusal_precision": "refusal precision", "refusal_recall": "refusal recall",
    "answered_rate": "answered (answerable)", "passed": "questions passed",
    "evidence_cited": "evidence cited (answerable)",
    "cited_distractors": "citations of distractors", "sides_covered": "sides covered (comparisons)",
    "latency_p50_s": "latency p50 (s)", "latency_p95_s": "latency p95 (s)",
}


def build(
    records: Sequence[QuestionRecord],
    assistant: Assistant,
    set_path: Path,
    backend: str,
    judge: dict[str, Any],
) -> dict[str, Any]:
    docs = sorted(assistant.store.documents().values(), key=lambda d: d.doc_id)
    s = assistant.settings
    verifier = f"{assistant.judge.name}@{assistant.judge.version}"
    grader = f"{judge['name']}@{judge['version']}"
    return {
        "stepqa_version": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "set": {"path": str(set_path), "sha256": _sha256(set_path), "questions": len(records)},
        "pipeline": {
            "answer_backend": backend, "embedder_model": s.embed_model,
            "reader_model": s.rerank_model if s.reads_twice else "none",
            "index_fingerprint": s.index_fingerprint, "top_k": s.top_k,
            "min_support": s.support_floor, "documents": [d.doc_id for d in docs],
            "prompt": next((r.prompt for r in records if r.prompt), ""),
            "verification": "strict" if s.verify_strict else "lenient",
            "verifier": verifier,
        },
        # The grader is the judge of faithfulness; when it is also the verifier that
        # filtered the answers, faithfulness is the filter grading itself.
        "judge": judge | {"self_checked": grader == verifier},
        "metrics": summarize(records),
        "by_category": by_category(records),
        "questions": [_record_json(r) for r in records],
    }


def judge_summary(name: str, version: str, cases: Path, score: JudgeScore) -> dict[str, Any]:
    return {
        "name": name, "version": version, "cases": str(cases), "n": score.cases,
        "accuracy": score.accuracy, "precision": score.precision, "recall": score.recall,
        "misjudged": list(score.wrong),
        "below_threshold": score.accuracy < JUDGE_MIN_ACCURACY,
        "threshold": JUDGE_MIN_ACCURACY,
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record_json(r: QuestionRecord) -> dict[str, Any]:
    out = dataclasses.asdict(r)
    out["passed"] = r.passed
    return out


def write(report: dict[str, Any], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "report.json", out / "report.md", out / "report.html"]
    paths[0].write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(report), encoding="utf-8")
    paths[2].write_text(to_html(report), encoding="utf-8")
    return paths


def load(path: Path) -> dict[str, Any]:
    from stepqa.errors import EvalError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(f"cannot read report {path}: {exc}") from exc
    if not isinstance(data, dict) or "metrics" not in data:
        raise EvalError(f"{path} is not a stepqa eval report (no 'metrics' object)")
    return data


# ------------------------------------------------------------------- rendering
def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return lines


_REPORTED = [*HEADLINE, "faithfulness_unverified", "answered_rate", "evidence_cited", "passed",
             "cited_distractors", "sides_covered", "latency_p50_s", "latency_p95_s"]


_GRADED = {"faithfulness", "faithfulness_unverified", "citation_recall", "citation_precision"}


def label(metric: str, self_checked: bool) -> str:
    """A metric's name; the grader's numbers carry "(self-checked)" when the grader is the
    verifier itself."""
    name = _LABELS.get(metric, metric)
    return f"{name} (self-checked)" if self_checked and metric in _GRADED else name


def _metric_rows(report: dict[str, Any]) -> list[list[Any]]:
    checked = bool(report["judge"].get("self_checked"))
    return [[label(n, checked), report["metrics"].get(n)] for n in _REPORTED]


def _judge_line(judge: dict[str, Any]) -> str:
    line = (f"Graded by judge `{judge['name']}` v{judge['version']}; on {judge['n']} labelled "
            f"cases ({judge['cases']}): accuracy {fmt(judge['accuracy'])}, precision "
            f"{fmt(judge['precision'])}, recall {fmt(judge['recall'])}.")
    if judge.get("self_checked"):
        line += (" It is the same judge that verified the answers, so faithfulness and "
                 "citation figures are **self-checked**, not an independent measurement.")
    if judge["below_threshold"]:
        line += (f" **Warning: below the {judge['threshold']:.2f} accuracy this report requires; "
                 "faithfulness and citation figures are unreliable.**")
    return line


def markdown(report: dict[str, Any]) -> str:
    p = report["pipeline"]
    lines = [
        f"# stepqa eval — {report['created_at']}", "",
        *([f"**ERROR: {report['error']}** The numbers below count those questions as "
           "failed; they do not measure the backend.", ""] if report.get("error") else []),
        f"Set `{report['set']['path']}` ({report['set']['questions']} questions); backend "
        f"`{p['answer_backend']}`{_prompt_note(p)}, embedder `{p['embedder_model']}`, "
        f"index `{p['index_fingerprint']}`, "
        f"documents: {', '.join(p['documents'])}.", "",
        _judge_line(report["judge"]), "", "## Overall", "",
        *_table(["metric", "value"], _metric_rows(report)), "",
        "## By category", "",
    ]
    cats = report["by_category"]
    names = ["recall_at_5", "mrr", "key_fact_recall", "faithfulness", "citation_recall",
             "refusal_recall", "passed", "questions"]
    lines += _table(["category", *(_LABELS.get(n, n) for n in names)],
                    [[c, *(m.get(n) for n in names)] for c, m in cats.items()])
    lines += ["", "## Questions (failures first)", ""]
    for q in sorted(report["questions"], key=lambda q: (q["passed"], q["id"])):
        mark = "PASS" if q["passed"] else "FAIL"
        lines += [f"### {mark} {q['id']} ({q['category']})", "", f"**Q:** {q['question']}", "",
                  "**Answer:** " + (q["error"] or q["answer"]).replace("\n", "  \n"), ""]
        for s in q["sentences"]:
            verdict = "supported" if s["faithful"] and s["cited_support"] else "NOT supported"
            lines.append(f"- {verdict} {s['citations']}: {s['reason']}")
        problems = _problems(q)
        if problems:
            lines += ["", "Problems: " + "; ".join(problems)]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _prompt_note(pipeline: dict[str, Any]) -> str:
    return f" (prompt `{pipeline['prompt']}`)" if pipeline.get("prompt") else ""


def _problems(q: dict[str, Any]) -> list[str]:
    out = []
    if q["error"]:
        out.append("error")
    if q["answerable"] and q["refused"]:
        out.append("refused an answerable question")
    if not q["answerable"] and not q["refused"]:
        out.append("answered an unanswerable question")
    if q["missing_facts"] and not q["refused"]:
        out.append("missing: " + ", ".join(q["missing_facts"]))
    if q["forbidden"]:
        out.append("contains: " + ", ".join(q["forbidden"]))
    return out


def _charts(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(title, base64 PNG) for the HTML report."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts = []
    cats = report["by_category"]
    names = ["recall_at_5", "key_fact_recall", "faithfulness", "citation_recall", "passed"]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    width = 0.8 / len(names)
    for i, n in enumerate(names):
        values = [cats[c].get(n) or 0.0 for c in cats]
        ax.bar([x + i * width for x in range(len(cats))], values, width, label=_LABELS[n])
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(cats))], list(cats), rotation=20)
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8, ncol=3)
    ax.set_title("Metrics per category (missing values drawn as 0)")
    charts.append(("Metrics per category", _png(fig)))
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist([q["latency_s"] for q in report["questions"]], bins=20)
    ax.set_xlabel("seconds per question")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    charts.append(("Latency histogram", _png(fig)))
    plt.close("all")
    return charts


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=90)
    return base64.b64encode(buf.getvalue()).decode()


def to_html(report: dict[str, Any]) -> str:
    e = html.escape
    p = report["pipeline"]
    judge_text = _judge_line(report["judge"]).replace("**", "")
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>stepqa eval {e(report['created_at'])}</title><style>",
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}",
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left;vertical-align:top}.fail{background:#fde8e8}.pass{background:#eaf7ea}"
        ".warn{color:#a00;font-weight:bold}blockquote{margin:0;color:#444}</style></head><body>",
        f"<h1>stepqa eval — {e(report['created_at'])}</h1>",
        f"<p class='warn'>ERROR: {e(report['error'])}</p>" if report.get("error") else "",
        f"<p>Set <code>{e(report['set']['path'])}</code>, {report['set']['questions']} questions; "
        f"backend <code>{e(p['answer_backend'])}</code>; embedder <code>{e(p['embedder_model'])}</code>; "
        f"documents: {e(', '.join(p['documents']))}.</p>",
        f"<p class='{'warn' if report['judge']['below_threshold'] else ''}'>{e(judge_text)}</p>",
        "<h2>Overall</h2><table><tr><th>metric</th><th>value</th></tr>",
        *(f"<tr><td>{e(k)}</td><td>{fmt(v)}</td></tr>" for k, v in _metric_rows(report)),
        "</table>",
    ]
    for title, png in _charts(report):
        parts.append(f"<h2>{e(title)}</h2><img alt='{e(title)}' src='data:image/png;base64,{png}'>")
    parts.append("<h2>Questions (failures first)</h2><table><tr><th>id</th><th>question</th>"
                 "<th>answer</th><th>citations</th><th>judge</th><th>problems</th></tr>")
    for q in sorted(report["questions"], key=lambda q: (q["passed"], q["id"])):
        cites = "".join(f"<blockquote>[{c['n']}] {e(str(c['quote']))}</blockquote>"
                        for c in q["citations"])
        verdicts = "<br>".join(
            e(("✔ " if s["faithful"] and s["cited_support"] else "✘ ") + s["reason"])
            for s in q["sentences"]
        )
        parts.append(
            f"<tr class='{'pass' if q['passed'] else 'fail'}'><td>{e(q['id'])}<br>"
            f"<small>{e(q['category'])}</small></td><td>{e(q['question'])}</td>"
            f"<td>{e(q['error'] or q['answer']).replace(chr(10), '<br>')}</td><td>{cites}</td>"
            f"<td>{verdicts}</td><td>{e('; '.join(_problems(q)))}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"


def compare(a: dict[str, Any], b: dict[str, Any], a_name: str, b_name: str) -> str:
    """Markdown: headline metrics of two runs side by side, and questions that changed."""
    rows = []
    for n in _REPORTED:
        x, y = a["metrics"].get(n), b["metrics"].get(n)
        delta = y - x if isinstance(x, float | int) and isinstance(y, float | int) else None
        rows.append([label(n, bool(b["judge"].get("self_checked"))), x, y,
                     None if delta is None else f"{delta:+.3f}"])
    lines = [f"A = {a_name} ({a['pipeline']['answer_backend']}, {a['created_at']})",
             f"B = {b_name} ({b['pipeline']['answer_backend']}, {b['created_at']})", "",
             *_table(["metric", "A", "B", "B − A"], rows)]
    before = {q["id"]: q["passed"] for q in a["questions"]}
    changed = [(q["id"], before[q["id"]], q["passed"]) for q in b["questions"]
               if q["id"] in before and before[q["id"]] != q["passed"]]
    if changed:
        lines += ["", "Questions that changed:"]
        lines += [f"- {i}: {'pass' if x else 'fail'} → {'pass' if y else 'fail'}"
                  for i, x, y in changed]
    return "\n".join(lines) + "\n"
