"""A lexicon entry as a regular expression (``lexicons.Entry.source``): the trie of its word
forms, the same expression however often a pack asks for it, built once per kind of form."""

from __future__ import annotations

import re

import pytest

from lic_policy.checks import lexicons
from lic_policy.resources import data_dir


@pytest.fixture(scope="module")
def entries():
    """The bundled framing lexicon's entries, read once (its word forms take 0.2 s)."""
    return lexicons.load_lexicon(data_dir("reviewers") / "lexicons" / "framing.yaml")[1]


def test_an_entrys_trie_is_built_once_per_kind_and_is_the_trie_of_its_forms(entries, monkeypatch):
    entry = next(e for e in entries.values() if e.pos == "verb")
    built = []
    real = lexicons.trie_regex
    monkeypatch.setattr(lexicons, "trie_regex", lambda words: built.append(tuple(words)) or real(words))
    first = entry.source()
    assert entry.source() == first and entry.source("all") == first
    past = entry.source("past")
    assert entry.source("past") == past
    assert built == [tuple(entry.of("all")), tuple(entry.of("past"))]
    assert first == real(entry.of("all")) and past == real(entry.of("past"))
    assert all(re.fullmatch(first, w) for w in entry.of("all"))


def test_a_regex_entry_is_its_own_pattern(entries):
    for entry in entries.values():
        if entry.regex is not None:
            assert entry.source() == entry.regex == entry.source("past")
