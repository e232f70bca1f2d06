"""The word lists' look-up (``privacy.lexicon.flags``, a bisection over the mapped file)
finds every key with its flags, and nothing else."""

from __future__ import annotations

import random

import pytest

from lic_policy.privacy import lexicon


def _entries() -> dict[str, str]:
    out = {}
    for line in (lexicon.DATA / "words.tsv").read_text(encoding="utf-8").splitlines():
        key, _tab, flags = line.partition("\t")
        out[key] = flags
    return out


@pytest.mark.slow  # 0.31 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_keys_are_found_with_their_flags():
    """Every 8th key in the file's order, and the first and last 50 (the bisection's edges);
    the slow twin below looks up every key (about 2 s), in `make test-all` as CI runs it."""
    entries = _entries()
    assert len(entries) > 100_000
    keys = list(entries)
    look = lexicon.flags.__wrapped__  # not the cache: the bisection itself
    sample = keys[:50] + keys[50:-50:8] + keys[-50:]
    wrong = [k for k in sample if look(k) != entries[k]]
    assert wrong == []


@pytest.mark.slow
def test_every_key_is_found_with_its_flags():
    entries = _entries()
    assert len(entries) > 100_000
    look = lexicon.flags.__wrapped__  # not the cache: the bisection itself
    wrong = [k for k, f in entries.items() if look(k) != f]
    assert wrong == []


def test_words_that_are_not_keys_are_not_found():
    entries = _entries()
    keys = sorted(entries)
    rng = random.Random(12)
    look = lexicon.flags.__wrapped__
    probes = ["", "a" * 200, "zzzzzzzzzz", "\u00e9t\u00e9", "0", "aaaa"]
    probes += [k + "q" for k in rng.sample(keys, 2000)] + [k[:-1] for k in rng.sample(keys, 2000) if len(k) > 1]
    probes += [keys[0][:-1] or "\x00", keys[-1] + "z"]
    for word in probes:
        assert look(word) == entries.get(word, ""), word
