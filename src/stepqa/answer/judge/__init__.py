"""Is a claim supported by the passages it cites? Part of answering: verify.py keeps a
drafted sentence only when a judge says its citations support it.

The eval harness grades faithfulness with a judge too (imported from here); when that is
the same judge that verified the answers, its number is labelled "self-checked".

The default judge is offline and needs no LLM. It aligns every content word of each
clause of the claim with the passage (same stem, a listed or WordNet synonym from
lexicon.py, or a close neighbour in the embedder's space), then rejects a claim, with a
reason a reader can check, when

- a number, date or name is not in the passage (a country the passage only implies may
  be named), or a word is negated in one text and not the other ("avoid", "too few",
  "should be avoided" negate);
- it says the opposite of the passage, or of the sentence or list item it restates when
  the passage says both words elsewhere ("shortened" for "lengthened"; "public think
  tanks" under a heading whose other bullet names the private ones);
- its predicate is not the passage's: a verb marked by an auxiliary that nothing aligns
  with, another mood or tense ("has eased" for "should ease", "may" for "must"; an
  imperative list item is a proposal, not a deed), doer and object swapped, or a verb
  joined to the doer or object of another statement of the sentence ("will close its
  stations" against "will modernise its stations and close the archive");
- an amount moves: "all" for "some", "most" for "fewer than half", "sharply" for
  "slightly", "every year" for "every three years", "at least" for "up to", a comparison
  turned round;
- it joins what the passage keeps apart: a figure or an event moved to another year of
  the sentence ("40 in 2020" where 40 is the 2023 figure), "still" for what lasted "until
  2022", a word of one of two joined statements put in the other's slot ("inland stations
  report every hour" where coastal ones do), the subject a passage rules out (", not the
  council,");
- it adds a cause or purpose the passage does not give (the purpose's own verb must be
  there: "to intensify" is not "to cope with"), a "by" doer the passage does not name, or
  makes possible what the passage calls hard.

Where each part lives: offline.py holds the judge and its word alignment; the checks sit
by kind in polarity.py, amounts.py, modality.py, roles.py and dates.py; reading.py and
grammar.py are how they read a text, words.py the hand-written lists; llm.py asks a model;
syntax.py is the optional role check read by a dependency parser (STEPQA_PARSER_MODEL).

``OfflineJudge.version`` changes whenever a verdict can; the README's judge table has each
version's numbers. Its accuracy is measured on the judge case files in eval/, not assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from stepqa.answer.judge.llm import LLMJudge
from stepqa.answer.judge.offline import OfflineJudge, contradiction
from stepqa.answer.judge.protocol import Judge, Verdict
from stepqa.answer.judge.reading import listed_synonyms
from stepqa.errors import ConfigError

if TYPE_CHECKING:
    from stepqa.config import Settings
    from stepqa.embedder import Embedder

__all__ = ["JUDGES", "Judge", "LLMJudge", "OfflineJudge", "Verdict", "contradiction",
           "listed_synonyms", "make_judge"]

JudgeFactory = Callable[["Settings", "Embedder"], Judge]


def _offline(settings: Settings, embedder: Embedder) -> Judge:
    return OfflineJudge(embedder, settings.parser_model)


def _llm(settings: Settings, embedder: Embedder) -> Judge:
    from stepqa.answer.clients import OpenAIChat
    from stepqa.answer.prompts import load_prompt

    return LLMJudge(OpenAIChat.from_settings(settings), load_prompt(settings.prompts_dir, "judge"))


JUDGES: dict[str, JudgeFactory] = {"offline": _offline, "llm": _llm}


def make_judge(name: str, settings: Settings, embedder: Embedder) -> Judge:
    try:
        return JUDGES[name](settings, embedder)
    except KeyError:
        raise ConfigError(
            f"unknown judge {name!r}", "available: " + ", ".join(sorted(JUDGES))
        ) from None
