"""Verification of generated sentences, on drafts written here as a model might write them
(no model needed): what reaches the user is cited, and supported by what it cites."""

from __future__ import annotations

import pytest

from stepqa.answer.generative import parse
from stepqa.answer.verify import verify
from stepqa.pipeline import Assistant
from stepqa.retrieve import Hit


@pytest.fixture(scope="module")
def hits(assistant: Assistant) -> list[Hit]:
    found = assistant.retrieve("national control tower strategy", k=3)
    assert "control tower" in found[0].passage.text
    return found


def test_a_supported_cited_sentence_is_kept(assistant: Assistant, hits: list[Hit]) -> None:
    draft = parse("The report proposes establishing a national control tower [1].", hits)
    kept, removed = verify(draft_of(draft), assistant.judge)
    assert [k.sentence.text for k in kept] == [
        "The report proposes establishing a national control tower."]
    assert kept[0].supported and removed == []


def test_citations_to_passages_that_were_not_retrieved_are_dropped(
    assistant: Assistant, hits: list[Hit]
) -> None:
    draft = parse("Korea should set up a national control tower [9]. "
                  "Korea should establish a national control tower [1][7].", hits)
    assert draft[0].fabricated == (9,) and draft[0].cites == ()
    assert draft[1].fabricated == (7,) and [c.hit for c in draft[1].cites] == [0]
    kept, removed = verify(draft_of(draft), assistant.judge)
    assert [len(k.sentence.cites) for k in kept] == [1]
    assert "cites no retrieved passage" in removed[0].reason and "9" in removed[0].reason


def test_unsupported_and_uncited_sentences_are_removed_with_reasons(
    assistant: Assistant, hits: list[Hit]
) -> None:
    draft = parse("The report recommends a joint research fund with the European Union [1]. "
                  "Korea spends 3 percent of its budget on cooperation. HACKED [1].", hits)
    kept, removed = verify(draft_of(draft), assistant.judge)
    assert kept == []
    reasons = [r.reason for r in removed]
    assert "not in the passage" in reasons[0]
    assert reasons[1].startswith("cites no retrieved passage")
    assert reasons[2].startswith("too short")


def test_lenient_mode_keeps_cited_unsupported_sentences_marked(
    assistant: Assistant, hits: list[Hit]
) -> None:
    draft = parse("The report recommends a joint research fund with the European Union [1].", hits)
    kept, removed = verify(draft_of(draft), assistant.judge, strict=False)
    assert len(kept) == 1 and kept[0].supported is False and removed == []


def draft_of(sentences):  # type: ignore[no-untyped-def]
    from stepqa.answer import Draft

    return Draft(tuple(sentences), "test-draft", "0")


def test_a_model_rewrite_that_drops_the_users_words_is_not_used() -> None:
    from stepqa.conversation import keeps_meaning

    assert keeps_meaning("And what about Japan?", "What does the report say about Japan's efforts?")
    assert not keeps_meaning("And what about Japan?", "The United States has a policy.")
