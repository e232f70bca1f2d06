"""``recache.keep_re_programs``: every pattern ``re`` compiles in a command's process takes its
program from the user cache the next time — the same pattern object ``re`` makes."""

from __future__ import annotations

import re
import uuid
import warnings
from re import _compiler  # type: ignore[attr-defined]

import pytest

from lic_policy.checks import recache


@pytest.fixture
def installed(monkeypatch, tmp_path):
    """The store installed in ``re`` for this test, with a user cache of its own; ``plain``
    counts the patterns ``re``'s own compiler compiled."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls: list = []
    real = _compiler.compile

    def plain(p, flags=0):
        calls.append(p)
        return real(p, flags)

    monkeypatch.setattr(_compiler, "compile", plain)
    monkeypatch.setattr(recache, "_SHARED", {})
    monkeypatch.setattr(recache, "_re_used", set())
    monkeypatch.setattr(recache, "RE_STORE", recache.RE_STORE)
    monkeypatch.setattr("atexit.register", lambda f: f)
    recache.keep_re_programs()
    assert _compiler.compile is not plain
    yield calls
    re.purge()


def _fresh_process(monkeypatch) -> None:
    """As the next run sees it: nothing compiled in memory, the store read from its file."""
    recache.save_re_programs()
    monkeypatch.setattr(recache, "_SHARED", {})
    re.purge()


def _patterns(tag: str) -> list[tuple[str, int]]:
    return [(rf"(?P<word>\w+)-{tag}", 0), (rf"\bcrack\s*down\b|{tag}", re.IGNORECASE),
            (rf"^(a|b)+(?=c)\d{{2,4}}{tag}$", re.MULTILINE), (rf"[^\W\d_]+(?:['’][^\W\d_]+)*{tag}", 0),
            (rf"(?<!\w)sex\s+work(?:ers?)?{tag}(?!\w)", re.IGNORECASE | re.UNICODE)]


def test_a_pattern_compiled_again_is_read_from_the_store_and_is_the_same_pattern(installed, monkeypatch):
    tag = uuid.uuid4().hex  # patterns no earlier test left in re's own cache
    first = [re.compile(p, f) for p, f in _patterns(tag)]
    assert len(installed) == 5  # not in the store yet: re compiled each
    _fresh_process(monkeypatch)
    installed.clear()
    again = [re.compile(p, f) for p, f in _patterns(tag)]
    assert installed == []  # every program from the store
    for a, b in zip(first, again):
        assert a is not b
        assert a == b  # the same pattern, flags and program (Pattern's equality compares the code)
        assert (a.groups, dict(a.groupindex), a.flags) == (b.groups, dict(b.groupindex), b.flags)
    assert again[0].match(f"hello-{tag}").group("word") == "hello"


def test_a_pattern_that_warns_is_compiled_by_re_every_time(installed, monkeypatch):
    source = "[[a]" + uuid.uuid4().hex  # a possible nested set: re warns of it
    for _run in range(2):
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            re.compile(source)
        assert [w.category for w in said] == [FutureWarning]
        _fresh_process(monkeypatch)
    assert installed.count(source) == 2


def test_bytes_patterns_and_debug_are_re_s_own(installed, monkeypatch):
    tag = uuid.uuid4().hex.encode()
    re.compile(rb"\d+" + tag)
    _fresh_process(monkeypatch)
    re.compile(rb"\d+" + tag)
    assert installed.count(rb"\d+" + tag) == 2


def test_an_error_is_re_s_error(installed):
    with pytest.raises(re.error, match="missing \\)"):
        re.compile("(unclosed" + uuid.uuid4().hex)


def test_past_the_limit_only_what_the_run_used_is_kept(installed, monkeypatch):
    monkeypatch.setattr(recache, "RE_KEEP", 3)
    old = uuid.uuid4().hex
    for p, f in _patterns(old):
        re.compile(p, f)
    _fresh_process(monkeypatch)  # 5 kept: the limit is applied to what a run found over it
    monkeypatch.setattr(recache, "_re_used", set())
    new = uuid.uuid4().hex
    re.compile(_patterns(new)[0][0])
    _fresh_process(monkeypatch)
    installed.clear()
    re.compile(_patterns(new)[0][0])
    re.compile(_patterns(old)[1][0], _patterns(old)[1][1])
    assert installed == [_patterns(old)[1][0]]


def test_a_damaged_entry_is_compiled_by_re(installed, monkeypatch):
    tag = uuid.uuid4().hex
    re.compile("x+" + tag)
    recache.save_re_programs()
    store = recache.shared(recache.RE_STORE)
    for k in list(store._index):
        store._index[k] = (store._index[k][0], 3)  # a blob cut short
    store._entries = {}
    re.purge()
    installed.clear()
    assert re.compile("x+" + tag).match("xx" + tag)
    assert installed == ["x+" + tag]
