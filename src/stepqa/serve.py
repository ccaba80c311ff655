"""`stepqa serve`: stepqa over HTTP for other tools — cited answers, excerpts, documents,
and an OpenAI-compatible chat endpoint — as a FastAPI app. An edge, like cli.py and ui.py:
it parses requests, calls the one Assistant and renders JSON.

Endpoints (OpenAPI docs at /docs):
  POST /v1/ask               the same JSON as `stepqa ask --json`; "stream": true sends JSON lines
  POST /v1/excerpts          ranked verbatim excerpts with full citations
  GET/POST /v1/documents     list; upload (multipart) into the library folder and ingest
  DELETE /v1/documents/{id}  remove an uploaded document
  POST /v1/chat/completions  OpenAI-compatible (streaming and not); citations in "stepqa"
  GET /v1/models             one model per configured answer backend
  GET /healthz, GET /metrics liveness; request, refusal and latency counters
Every /v1 call needs `Authorization: Bearer <token>` when tokens are configured.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, File, HTTPException, Request, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from stepqa.answer import configured_backends
from stepqa.citations import Answer
from stepqa.config import is_loopback
from stepqa.errors import (
    BackendError,
    ConfigError,
    DocumentError,
    DocumentNotFoundError,
    IndexStoreError,
    QuestionError,
    StepqaError,
    UnsupportedFormatError,
)
from stepqa.pipeline import Assistant
from stepqa.render import render_sources_text
from stepqa.retrieve import Filters

# A user's mistake is a 4xx; what the server cannot do is a 5xx (never for bad input).
_STATUS: list[tuple[type[StepqaError], int]] = [
    (QuestionError, 400), (UnsupportedFormatError, 415), (DocumentNotFoundError, 404),
    (DocumentError, 422),
    (ConfigError, 400), (BackendError, 502), (IndexStoreError, 503), (StepqaError, 400),
]
_MODEL_PREFIX = "stepqa-"
_MAX_JSON_BYTES = 1_000_000


class FilterFields(BaseModel):
    doc_ids: list[str] = Field(default_factory=list, description="Only these document ids.")
    publishers: list[str] = Field(default_factory=list, description="Only these publishers.")
    since: str = Field(default="", description="Only documents dated on or after (YYYY[-MM[-DD]]).")
    k: int | None = Field(default=None, ge=1, le=50, description="Passages to retrieve.")

    def filters(self) -> Filters | None:
        return Filters.of(self.doc_ids, self.publishers, self.since)


class AskRequest(FilterFields):
    question: str
    backend: str | None = Field(default=None, description="Answer backend (see /v1/models).")
    history: list[str] = Field(default_factory=list, description="Earlier questions of the conversation.")
    stream: bool = Field(default=False,
                         description="Send JSON lines: verified text as it grows, then the answer.")


class ExcerptsRequest(FilterFields):
    topic: str
    diverse: bool = True


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model: str = f"{_MODEL_PREFIX}extractive"
    messages: list[ChatMessage]
    stream: bool = False


class Metrics:
    """Counters for /metrics: requests, refusals, errors and recent latencies."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = self.answers = self.refusals = self.errors = 0
        self.latencies: deque[float] = deque(maxlen=1000)

    def answered(self, answer: Answer, seconds: float) -> None:
        with self.lock:
            self.answers += 1
            self.refusals += answer.refused
            self.latencies.append(seconds)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            ordered = sorted(self.latencies)
        def pct(q: float) -> float | None:
            return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else None
        return {"requests": self.requests, "answers": self.answers, "refusals": self.refusals,
                "errors": self.errors, "latency_ms": {"p50": pct(0.5), "p95": pct(0.95)}}


def _error(exc: StepqaError) -> JSONResponse:
    status = next(code for kind, code in _STATUS if isinstance(exc, kind))
    return JSONResponse(status_code=status, content={"error": {
        "type": type(exc).__name__, "message": exc.message, "hint": exc.hint}})


def sources_block(answer: Answer) -> str:
    """The answer text a chat client shows: the cited answer, then its sources."""
    return f"{answer.answer}\n\n{render_sources_text(answer)}".rstrip() + "\n"


def create_app(assistant: Assistant, tokens: Sequence[str] = ()) -> FastAPI:
    """The HTTP API over ``assistant``; ``tokens``: accepted bearer tokens (none: open)."""
    app = FastAPI(title="stepqa", version="1", description=__doc__ or "")
    metrics = Metrics()
    settings = assistant.settings

    @app.middleware("http")
    async def count(request: Request, call_next: Any) -> Any:
        size = int(request.headers.get("content-length") or 0)
        upload = request.url.path == "/v1/documents"
        limit = settings.max_upload_mb * 1024 * 1024 if upload else _MAX_JSON_BYTES
        if size > limit:
            return JSONResponse(status_code=413, content={"error": {
                "type": "RequestTooLarge", "message": f"the request is {size} bytes; the limit is {limit}",
                "hint": "send a smaller file, or raise STEPQA_MAX_UPLOAD_MB"}})
        with metrics.lock:
            metrics.requests += 1
        response = await call_next(request)
        if response.status_code >= 400:
            with metrics.lock:
                metrics.errors += 1
        return response

    @app.exception_handler(StepqaError)
    async def stepqa_error(request: Request, exc: StepqaError) -> JSONResponse:
        return _error(exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        hint = "send Authorization: Bearer <token> (STEPQA_API_TOKENS)" if exc.status_code == 401 else ""
        return JSONResponse(status_code=exc.status_code, headers=exc.headers, content={
            "error": {"type": "HTTPError", "message": str(exc.detail), "hint": hint}})

    def authorised(request: Request) -> None:
        if not tokens:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not any(secrets.compare_digest(given, t) for t in tokens):
            raise HTTPException(401, detail="missing or wrong bearer token",
                                headers={"WWW-Authenticate": "Bearer"})

    guard = [Depends(authorised)]

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "documents": len(assistant.documents()),
                "index_fingerprint": settings.index_fingerprint}

    @app.get("/metrics")
    def metrics_view() -> dict[str, Any]:
        return metrics.snapshot()

    @app.post("/v1/ask", dependencies=guard)
    def ask(body: AskRequest) -> Any:
        """Answer a question with numbered citations, or refuse with the reason."""
        started = time.perf_counter()
        args = dict(k=body.k, filters=body.filters(), backend=body.backend, history=body.history)
        if not body.stream:
            answer = assistant.ask(body.question, **args)  # type: ignore[arg-type]
            metrics.answered(answer, time.perf_counter() - started)
            return answer.to_dict()
        events = assistant.ask_stream(body.question, **args)  # type: ignore[arg-type]
        first = next(events)  # errors in the question surface here, as a 4xx

        def lines() -> Iterator[str]:
            for event in _chain(first, events):
                if isinstance(event, Answer):
                    metrics.answered(event, time.perf_counter() - started)
                    yield json.dumps({"type": "answer", "answer": event.to_dict()}, ensure_ascii=False) + "\n"
                else:
                    yield json.dumps({"type": "text", "text": event}, ensure_ascii=False) + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.post("/v1/excerpts", dependencies=guard)
    def excerpts(body: ExcerptsRequest) -> dict[str, Any]:
        """Ranked verbatim passages on a topic, each with its full citation."""
        found = assistant.excerpts(body.topic, k=body.k, filters=body.filters(), diverse=body.diverse)
        return {"topic": body.topic, "excerpts": [
            {"rank": e.rank, "score": e.score, "citation": e.citation.__dict__} for e in found]}

    @app.get("/v1/documents", dependencies=guard)
    def documents() -> dict[str, Any]:
        return {"documents": [d.__dict__ for d in assistant.documents()]}

    @app.post("/v1/documents", dependencies=guard)
    def upload(files: list[UploadFile] = File(...)) -> dict[str, Any]:  # noqa: B008
        """Add files to the library folder and index them (same limits as the chat)."""
        saved = [assistant.library_add(f.filename or "upload", f.file.read()) for f in files]
        report = assistant.ingest(saved)
        return {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                "failed": [{"file": Path(p).name, "reason": r} for p, r in report.failed]}

    @app.delete("/v1/documents/{doc_id}", dependencies=guard)
    def remove(doc_id: str) -> dict[str, Any]:
        assistant.library_remove(doc_id)
        return {"removed": doc_id}

    @app.get("/v1/models", dependencies=guard)
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [
            {"id": f"{_MODEL_PREFIX}{name}", "object": "model", "created": 0, "owned_by": "stepqa"}
            for name in configured_backends(settings)]}

    @app.post("/v1/chat/completions", dependencies=guard)
    def chat(body: ChatRequest) -> Any:
        """OpenAI-compatible: the last user message is the question, earlier user messages
        the history. The reply's content is the cited answer with a Sources block; the
        whole answer (citations with offsets and quotes) is in the extra field "stepqa"."""
        users = [m.text() for m in body.messages if m.role == "user"]
        if not users or not users[-1].strip():
            raise QuestionError("no user message", "send at least one message with role 'user'")
        backend = body.model.removeprefix(_MODEL_PREFIX)
        started = time.perf_counter()
        answer = assistant.ask(users[-1], backend=backend, history=users[:-1])
        metrics.answered(answer, time.perf_counter() - started)
        reply_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        content = sources_block(answer)
        if not body.stream:
            return {"id": reply_id, "object": "chat.completion", "created": created,
                    "model": body.model, "stepqa": answer.to_dict(),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}

        def events() -> Iterator[str]:
            def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
                data = {"id": reply_id, "object": "chat.completion.chunk", "created": created,
                        "model": body.model, **extra,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"
            yield chunk({"role": "assistant", "content": ""})
            for line in content.splitlines(keepends=True):
                yield chunk({"content": line})
            yield chunk({}, "stop", stepqa=answer.to_dict())
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def check_exposure(host: str, tokens: Sequence[str], insecure: bool) -> None:
    """Refuse to listen beyond loopback without tokens, unless told to (--insecure)."""
    if not is_loopback(host) and not tokens and not insecure:
        raise ConfigError(
            f"refusing to serve on {host} without an API token",
            "set STEPQA_API_TOKENS (or STEPQA_API_TOKENS_FILE), or pass --insecure",
        )


def load_tokens(value: str | None, file: Path | None) -> list[str]:
    tokens = [t.strip() for t in (value or "").split(",") if t.strip()]
    if file is not None:
        try:
            tokens += [line.strip() for line in file.read_text(encoding="utf-8").splitlines()
                       if line.strip() and not line.startswith("#")]
        except OSError as exc:
            raise ConfigError(f"cannot read the token file {file}: {exc}",
                              "check STEPQA_API_TOKENS_FILE") from exc
    return tokens
