"""Documents and passages: offsets are exact, structure is kept."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPORT
from stepqa.documents import Document, load
from stepqa.passages import sentences, split


def test_corpus_passages_reproduce_the_source_file_exactly() -> None:
    source = REPORT.read_bytes().decode("utf-8")
    doc = load(REPORT)
    passages = split(doc)
    assert len(passages) > 5
    for p in passages:
        assert source[p.start : p.end] == p.text
    # Nothing of the body is lost between passages except whitespace and list markers.
    covered = "".join(source[p.start : p.end] for p in passages)
    assert "control tower" in covered and "circular employment system" in covered


def test_front_matter_becomes_metadata_not_passage_text() -> None:
    doc = load(REPORT)
    assert doc.title.startswith("A Study on the Advanced System")
    assert doc.publisher == "Science and Technology Policy Institute (STEPI)"
    assert doc.date == "2024-04-09"
    assert "Jeehe Min" in doc.authors
    assert all(p.start >= doc.body_start for p in split(doc))


def test_a_bullet_stays_with_the_numbered_heading_it_belongs_to() -> None:
    doc = load(REPORT)
    [p] = [p for p in split(doc) if "national control tower" in p.text]
    assert p.heading_path[-1].startswith("1. Establish clear national goals")


def test_passages_are_short_enough_to_cite() -> None:
    passages = split(load(REPORT), max_chars=600)
    assert max(len(p.text) for p in passages) <= 600


_block = st.one_of(
    st.text(alphabet="abcdef ghij.", min_size=1, max_size=80).map(lambda s: s.strip() or "x"),
    st.text(alphabet="abc def.", min_size=1, max_size=40).map(lambda s: "- " + (s.strip() or "y")),
    st.text(alphabet="abc def", min_size=1, max_size=30).map(lambda s: "## " + (s.strip() or "h")),
    st.just("1. Numbered heading"),
    st.just("Setext title\n============"),
    st.just("# Heading\nText right under it."),
    st.just("| a | b |\n|---|---|\n| 1 | 2 |"),
    st.just("> quoted line\n> more"),
    st.just("```\ncode()\n```"),
    st.just("- outer\n  - inner"),
)


@settings(max_examples=60, deadline=None)
@given(blocks=st.lists(_block, min_size=1, max_size=25), max_chars=st.integers(100, 400),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_any_markdown_splits_into_ordered_exact_spans(
    blocks: list[str], max_chars: int, newline: str
) -> None:
    text = ((newline * 2).join(blocks) + newline).replace("\n", newline).replace("\r\r", "\r")
    doc = Document("d", "mem", text, "h", "t")
    passages = split(doc, max_chars=max_chars)
    last_end = 0
    for p in passages:
        assert doc.text[p.start : p.end] == p.text
        assert p.start >= last_end and p.text == p.text.strip()
        last_end = p.end
        for s, e in sentences(doc.text, p.start, p.end):
            assert p.start <= s < e <= p.end


def test_undecodable_file_is_a_clear_document_error(tmp_path: Path) -> None:
    import pytest

    from stepqa.errors import DocumentError

    bad = tmp_path / "latin1.md"
    bad.write_bytes("caf\xe9 policy".encode("latin-1"))
    with pytest.raises(DocumentError, match="not valid UTF-8"):
        load(bad)


def test_a_heading_matches_its_line_in_the_passage_text_whatever_its_markup() -> None:
    from stepqa.passages import heading_key

    # heading_path keeps a numbered heading's number; the passage text starts after it.
    assert heading_key("2. Strengthen expertise in the public sector") == heading_key(
        "Strengthen expertise in the public sector")
    assert heading_key("**Suggestions:**") == heading_key("■ Suggestions") == "suggestions"
    assert heading_key("Strengthen expertise") != heading_key("Strengthen expertise of think tanks")


def _doc(text: str) -> Document:
    return Document("fictional", "mem", text, "h", "Fictional")


def _sections(text: str) -> list[tuple[tuple[str, ...], str]]:
    return [(p.heading_path, p.text) for p in split(_doc(text))]


def test_a_heading_directly_followed_by_text_is_only_the_heading() -> None:
    text = ("# Permits\nMarsh research permits are issued each spring (fictional).\n"
            "## Funding\nGrants cover two field seasons.\n")
    paths = [path for path, _ in _sections(text)]
    assert ("Permits",) in paths and ("Permits", "Funding") in paths
    assert all("\n" not in h for path in paths for h in path)


def test_setext_headings_open_sections() -> None:
    text = "Harbour rules\n=============\n\nBoats dock at the east pier (fictional).\n"
    [(path, body)] = _sections(text)
    assert path == ("Harbour rules",) and body.endswith("east pier (fictional).")


def test_nested_list_items_table_rows_quotes_and_code_are_citable_sentences() -> None:
    text = ("# Data\n\n- Outer point about ferries.\n  - Inner point about tolls.\n\n"
            "| port | berths |\n|---|---|\n| Olm | 12 |\n\n"
            "> The council said ports stay open.\n\n```\nrun_ferries()\n```\n")
    doc = _doc(text)
    spans = [doc.text[s:e] for p in split(doc) for s, e in sentences(doc.text, p.start, p.end)]
    assert "Inner point about tolls." in spans and "Outer point about ferries." in spans
    assert "| Olm | 12 |" in spans
    assert "The council said ports stay open." in spans
    assert "run_ferries()" in spans
    assert not any(s.startswith(("-", ">", "```")) for s in spans)
