"""`stepqa serve` as other tools use it: a real uvicorn process on a free loopback port,
called with httpx and with the official `openai` client; the llama-index adapters through
llama-index's own interfaces. Uploaded documents are fictional."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import jsonschema
import pytest

from conftest import CORPUS, REPORT, _free_port, fictional_doc, serving
from stepqa.citations import answer_schema
from stepqa.pipeline import Assistant

SOURCE = REPORT.read_bytes().decode("utf-8")
TOKEN = "test-token-not-secret"
QUESTION = "What does the report propose for a national control tower?"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A server with an index and a library folder of its own (uploads change them)."""
    root = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = os.environ | {"STEPQA_INDEX_DIR": str(root / "index"), "STEPQA_CORPUS_DIR": str(CORPUS),
                        "STEPQA_LIBRARY_DIR": str(root / "library"), "STEPQA_API_TOKENS": TOKEN,
                        "STEPQA_MAX_UPLOAD_MB": "1"}
    argv = [sys.executable, "-m", "stepqa.cli", "serve", "--port", str(port)]
    with serving(argv, f"http://127.0.0.1:{port}/healthz", env), httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    ) as client:
        yield client


def test_ask_returns_the_cli_json_with_verbatim_quotes(api: httpx.Client) -> None:
    response = api.post("/v1/ask", json={"question": QUESTION, "k": 4})
    assert response.status_code == 200
    data = response.json()
    jsonschema.Draft202012Validator(answer_schema()).validate(data)
    assert not data["refused"] and data["audit"]["top_k"] == 4
    assert all(SOURCE[c["start"]:c["end"]] == c["quote"] for c in data["citations"])


def test_ask_streams_json_lines_ending_with_the_answer(api: httpx.Client) -> None:
    with api.stream("POST", "/v1/ask", json={"question": QUESTION, "stream": True}) as response:
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert lines[-1]["type"] == "answer" and lines[-1]["answer"]["citations"]
    assert all(line["type"] == "text" for line in lines[:-1])


def test_excerpts_carry_full_citations(api: httpx.Client) -> None:
    data = api.post("/v1/excerpts", json={"topic": "think tanks", "k": 3}).json()
    assert [e["rank"] for e in data["excerpts"]] == [1, 2, 3]
    for e in data["excerpts"]:
        c = e["citation"]
        assert SOURCE[c["start"]:c["end"]] == c["quote"] and c["title"]


def test_a_missing_or_wrong_token_is_refused(api: httpx.Client) -> None:
    base = str(api.base_url)
    missing = httpx.post(f"{base}/v1/ask", json={"question": QUESTION})
    assert missing.status_code == 401 and "bearer token" in missing.json()["error"]["message"]
    wrong = {"Authorization": "Bearer nope"}
    assert httpx.post(f"{base}/v1/ask", json={"question": QUESTION}, headers=wrong).status_code == 401
    assert httpx.get(f"{base}/healthz").json()["status"] == "ok"  # liveness needs no token


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"question": "   "}, 400, "the question is empty"),
    ({"question": QUESTION, "since": "last spring"}, 400, "not a date"),
    ({"question": QUESTION, "backend": "nosuch"}, 400, "unknown answer backend"),
])
def test_bad_requests_get_a_clear_4xx(api: httpx.Client, body: dict[str, str], status: int,
                                      message: str) -> None:
    response = api.post("/v1/ask", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert message in error["message"] and error["type"].endswith("Error")


def test_an_oversized_request_is_413(api: httpx.Client) -> None:
    response = api.post("/v1/ask", content=b'{"question": "' + b"x" * 2_000_000 + b'"}',
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "limit" in response.json()["error"]["message"]


def test_the_official_openai_client_gets_a_cited_answer(api: httpx.Client) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{api.base_url}/v1", api_key=TOKEN)
    assert [m.id for m in client.models.list().data] == ["stepqa-extractive"]
    reply = client.chat.completions.create(
        model="stepqa-extractive", messages=[{"role": "user", "content": QUESTION}])
    content = reply.choices[0].message.content or ""
    assert "[1]" in content and "Sources:" in content
    extra = reply.model_extra or {}
    assert extra["stepqa"]["citations"][0]["quote"] in SOURCE


def test_the_openai_client_streams_and_follow_ups_use_earlier_turns(api: httpx.Client) -> None:
    from openai import OpenAI

    client = OpenAI(base_url=f"{api.base_url}/v1", api_key=TOKEN)
    stream = client.chat.completions.create(
        model="stepqa-extractive", stream=True,
        messages=[{"role": "user", "content": "What does the report say about the United States?"},
                  {"role": "assistant", "content": "…"},
                  {"role": "user", "content": "And what about Japan?"}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Japan" in text and "Sources:" in text
    final = chunks[-1].model_extra or {}
    assert "follow-up to" in final["stepqa"]["audit"]["query"]


def test_documents_upload_answer_and_remove(api: httpx.Client) -> None:
    doc = fictional_doc("Quillmoor Reef Survey (fictional)",
                        "The Quillmoor reef survey counts 340 coral colonies every spring.")
    files = {"files": ("quillmoor.md", doc.encode(), "text/markdown")}
    added = api.post("/v1/documents", files=files).json()
    assert added["added"] == ["quillmoor"]
    assert "quillmoor" in [d["doc_id"] for d in api.get("/v1/documents").json()["documents"]]
    question = "How many coral colonies does the Quillmoor survey count?"
    answer = api.post("/v1/ask", json={"question": question}).json()
    assert "340 coral colonies" in answer["answer"]
    assert api.delete("/v1/documents/quillmoor").status_code == 200
    assert "quillmoor" not in [d["doc_id"] for d in api.get("/v1/documents").json()["documents"]]
    assert api.delete("/v1/documents/quillmoor").status_code == 404


@pytest.mark.parametrize(("name", "data", "status"), [
    ("notes.xyz", b"text", 415),
    ("empty.md", b"", 422),
    ("../escape.md", b"# x\n\nfictional text here", 422),
])
def test_bad_uploads_are_refused_and_nothing_changes(api: httpx.Client, name: str, data: bytes,
                                                     status: int) -> None:
    before = api.get("/v1/documents").json()
    response = api.post("/v1/documents", files={"files": (name, data, "text/plain")})
    assert response.status_code == status, response.text
    assert response.json()["error"]["hint"] or response.json()["error"]["message"]
    assert api.get("/v1/documents").json() == before


def test_the_shipped_report_cannot_be_removed(api: httpx.Client) -> None:
    response = api.delete("/v1/documents/step-insight-323")
    assert response.status_code == 422 and "shipped corpus" in response.json()["error"]["message"]


def test_twenty_concurrent_requests_each_get_their_own_answer(api: httpx.Client) -> None:
    topics = ["think tanks", "control tower", "circular employment", "long-term",
              "United States and Japan"] * 4
    questions = [f"What does the report say about {t}? ({i})" for i, t in enumerate(topics)]

    def ask(question: str) -> dict[str, object]:
        return dict(api.post("/v1/ask", json={"question": question}).json())

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(ask, questions))
    assert [a["question"] for a in answers] == questions
    metrics = api.get("/metrics").json()
    assert metrics["answers"] >= 20 and metrics["latency_ms"]["p95"] is not None


def test_openapi_documents_the_answer_schema(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    assert {"/v1/ask", "/v1/excerpts", "/v1/chat/completions", "/v1/documents"} <= set(spec["paths"])
    assert "AskRequest" in spec["components"]["schemas"]


def test_serving_beyond_loopback_without_a_token_is_refused(tmp_path: Path) -> None:
    env = os.environ | {"STEPQA_INDEX_DIR": str(tmp_path)}
    env.pop("STEPQA_API_TOKENS", None)
    result = subprocess.run([sys.executable, "-m", "stepqa.cli", "serve", "--host", "0.0.0.0"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "refusing to serve on 0.0.0.0 without an API token" in result.stderr
    assert "Traceback" not in result.stderr


def test_llama_index_retriever_and_query_engine(assistant: Assistant) -> None:
    from llama_index.core import Settings as LlamaSettings
    from llama_index.core.query_engine import RetrieverQueryEngine

    from stepqa.integrations.llama_index import StepqaQueryEngine, StepqaRetriever

    retriever = StepqaRetriever(assistant, k=3)
    nodes = retriever.retrieve("think tanks")
    assert len(nodes) == 3
    for n in nodes:
        m = n.node.metadata
        assert SOURCE[m["start"]:m["end"]] == n.node.get_content() and m["doc_id"] == "step-insight-323"
    # llama-index's own engine over stepqa's retriever, with llama-index's LLM switched off
    # (its documented `Settings.llm = None`); "no_text" synthesis calls no model.
    previous = LlamaSettings._llm
    LlamaSettings.llm = None
    try:
        engine = RetrieverQueryEngine.from_args(retriever, response_mode="no_text")
        found = engine.query("think tanks").source_nodes
    finally:
        LlamaSettings._llm = previous
    assert [n.node.node_id for n in found] == [n.node.node_id for n in nodes]
    response = StepqaQueryEngine(assistant).query(QUESTION)
    assert "[1]" in str(response) and response.source_nodes
    assert all(SOURCE[n.node.metadata["start"]:n.node.metadata["end"]] == n.node.get_content()
               for n in response.source_nodes)
    refused = StepqaQueryEngine(assistant).query("What was the price of rice in 1850?")
    assert refused.metadata["refused"] and "'1850'" in refused.metadata["reason"]
