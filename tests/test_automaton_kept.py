"""The literal automaton read back from the user's cache (``prefilter._kept_automaton``) is the
automaton the rule set builds: the same words with the same values, so the same candidate
rules and key positions for every text; a damaged or foreign entry is built again, never
trusted (pyahocorasick's state is C memory: a wrong one must not reach it)."""

from __future__ import annotations

import marshal

import pytest

from lic_policy.checks import prefilter

from .conftest import DRAFT, GOOD, default_ruleset

ahocorasick = pytest.importorskip("ahocorasick")


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def _built(rs):
    """The automaton as ``_literal_automaton`` builds it, with nothing kept to read."""
    rs._automaton = None
    prefilter._IN_PROCESS.pop(f"automaton-{rs.digest}", None)
    return rs._literal_automaton()


def test_the_kept_automaton_holds_what_the_built_one_holds(own_cache):
    rs = default_ruleset()
    built = _built(rs)  # and kept in own_cache
    entry = prefilter._automaton_entry(ahocorasick, rs.digest)
    assert (own_cache / "lic-policy" / entry).is_file()
    kept = prefilter._kept_automaton(ahocorasick, rs.digest)
    assert kept is not None and kept is not built
    assert sorted(kept.items()) == sorted(built.items())
    for path in (GOOD, DRAFT):
        text = prefilter.fold(path.read_text(encoding="utf-8"))
        assert list(kept.iter(text)) == list(built.iter(text))


def _candidates(rs, texts):
    keys: list = []
    out = rs.unit_candidates(texts, "\n\n".join(texts), keys=keys)
    return out, [(held, dict(where.as_dict() if hasattr(where, "as_dict") else where)) for held, where in keys]


def test_a_rule_set_reading_the_kept_automaton_finds_the_same_candidates(own_cache, monkeypatch):
    read = []
    kept = prefilter._kept_automaton
    monkeypatch.setattr(prefilter, "_kept_automaton", lambda *a: read.append(kept(*a)) or read[-1])
    rs = default_ruleset()
    texts = [p for path in (GOOD, DRAFT) for p in path.read_text(encoding="utf-8").split("\n\n")]
    _built(rs)
    rs._unit_literals.clear()
    want = _candidates(rs, texts)
    assert any(want[0]) and any(held for held, _where in want[1])
    rs._automaton = None
    rs._unit_literals.clear()
    prefilter._IN_PROCESS.pop(f"automaton-{rs.digest}", None)
    assert _candidates(rs, texts) == want
    assert read[-1] is not None and rs._automaton is read[-1]  # the kept one was read
    assert prefilter._IN_PROCESS[f"automaton-{rs.digest}"] is rs._automaton


@pytest.mark.parametrize("damage", [
    b"not marshal at all",
    marshal.dumps(("a", "tuple", "of", "the", "wrong", "shape", "!")),
    marshal.dumps([b"", 2, 30, 100, 2004, 20, []]),  # a list, not the state's tuple
    "truncated",
    "another word count",
])
def test_a_damaged_or_foreign_entry_is_built_again(own_cache, damage):
    rs = default_ruleset()
    built = _built(rs)
    path = own_cache / "lic-policy" / prefilter._automaton_entry(ahocorasick, rs.digest)
    good = path.read_bytes()
    if damage == "truncated":
        data = good[: len(good) // 2]
    elif damage == "another word count":
        state = marshal.loads(good)
        data = marshal.dumps(state[:4] + (state[4] + 1,) + state[5:])
    else:
        data = damage
    path.write_bytes(data)
    assert prefilter._kept_automaton(ahocorasick, rs.digest) is None
    again = _built(rs)  # built, and kept again
    assert sorted(again.items()) == sorted(built.items())
    assert prefilter._kept_automaton(ahocorasick, rs.digest) is not None


def test_the_entry_is_named_by_the_installed_pyahocorasick(monkeypatch):
    """Another build of pyahocorasick may lay its nodes out differently: its file's size and
    time name the entry, so an upgrade builds the automaton again."""
    first = prefilter._automaton_entry(ahocorasick, "d" * 64)
    assert first == prefilter._automaton_entry(ahocorasick, "d" * 64)
    assert first != prefilter._automaton_entry(ahocorasick, "e" * 64)

    class Other:
        __file__ = prefilter.__file__  # another file: another size and time

    assert prefilter._automaton_entry(Other, "d" * 64) != first

    class Nowhere:
        pass

    assert prefilter._automaton_entry(Nowhere, "d" * 64) is None
