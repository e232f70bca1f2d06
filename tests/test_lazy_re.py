"""``lazy_re.compile``: a module's pattern compiled on its first use, then the compiled
pattern's own methods (the cold check's saving is measured in BENCHMARKS.md, "speed17")."""

from __future__ import annotations

import re

import pytest

from lic_policy import lazy_re

CASES = [(r"(?P<word>[a-z]+)(\d*)", 0, "Abc12 de3 f"), (r"^\s*#.*$", re.M, "a\n  # b\nc # d\n"),
         (rb"\xc2[\x80-\x9f]", 0, b"a\xc2\x85b\xc2\x9f"), (r"\bvalues?\b", re.I, "Our VALUES, our value")]


@pytest.mark.parametrize("pattern,flags,text", CASES)
def test_a_lazy_pattern_answers_as_the_compiled_pattern(pattern, flags, text):
    lazy, rx = lazy_re.compile(pattern, flags), re.compile(pattern, flags)
    empty = text[:0]

    def span(m):
        return None if m is None else (m.span(), m.groups())

    assert span(lazy.search(text)) == span(rx.search(text))
    assert span(lazy.match(text)) == span(rx.match(text))
    assert span(lazy.fullmatch(text)) == span(rx.fullmatch(text))
    assert span(lazy.search(text, 2)) == span(rx.search(text, 2))
    assert [span(m) for m in lazy.finditer(text)] == [span(m) for m in rx.finditer(text)]
    assert lazy.findall(text) == rx.findall(text)
    assert lazy.sub(empty, text) == rx.sub(empty, text) and lazy.subn(empty, text) == rx.subn(empty, text)
    assert lazy.split(text) == rx.split(text)
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (rx.pattern, rx.flags, rx.groups, rx.groupindex)


def test_the_pattern_is_compiled_on_first_use_only_and_once(monkeypatch):
    calls = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: calls.append(a) or real(*a))
    lazy = lazy_re.compile(r"ab+c", re.I)
    assert calls == []  # made, not compiled
    assert lazy.search("xABBC").span() == (1, 5)
    assert calls == [(r"ab+c", re.I)]
    assert lazy.match("abc") and lazy.pattern == "ab+c" and not lazy.fullmatch("abcd")
    assert len(calls) == 1  # later uses go to the compiled pattern's own methods


def test_a_bad_pattern_is_re_s_error_at_its_first_use():
    lazy = lazy_re.compile("(unclosed")
    with pytest.raises(re.error):
        lazy.search("text")
    with pytest.raises(AttributeError):
        lazy_re.compile("(unclosed").no_such_method  # noqa: B018 - not a pattern's name: nothing compiled
