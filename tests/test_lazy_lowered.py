"""A caseless context pattern asked to search or match one whole string reads it in
lowercase (``recache.LazyPattern``): it must answer exactly as the pattern compiled by ``re``
does — the same match or none, the same span and groups — for any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy.checks import contexts
from lic_policy.checks.recache import LazyPattern

PATTERNS = [v for v in vars(contexts).values() if isinstance(v, LazyPattern)]
WORDS = sorted({w for p in PATTERNS for w in re.findall(r"[A-Za-z]{2,}", p.pattern)})[:4000]
ODD = ["K", "ſ", "İ", "ı", "ς", "Σ", "ẞ", "ß", "ﬁ", "é", "’", "“", "\u200b", "\n", ",", ".", " ", "  "]
TEXTS = st.lists(st.one_of(st.sampled_from(WORDS).map(lambda w: w.title() if len(w) % 3 == 0 else w),
                           st.sampled_from(WORDS).map(str.upper), st.sampled_from(ODD)),
                 max_size=14).map(" ".join)


def _same(a, b):
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                         and a.groups() == b.groups() and a.group() == b.group())


def test_most_context_patterns_are_read_in_lowercase():
    caseless = [p for p in PATTERNS if p._flags & re.IGNORECASE]
    assert len(caseless) > 20
    assert sum(bool(p._lowercase()) for p in caseless) >= len(caseless) - 2


@settings(max_examples=100, deadline=None)
@given(text=TEXTS, k=st.integers(0, 10_000))
def test_search_and_match_answer_as_re_does(text, k):
    p = PATTERNS[k % len(PATTERNS)]
    plain = re.compile(p.pattern, p._flags)
    assert _same(p.search(text), plain.search(text)), (p.pattern[:60], text)
    assert _same(p.match(text), plain.match(text)), (p.pattern[:60], text)


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None)
@given(text=TEXTS, k=st.integers(0, 10_000))
def test_search_and_match_answer_as_re_does_1000_examples(text, k):
    test_search_and_match_answer_as_re_does.hypothesis.inner_test(text, k)


def test_examples():
    for text in ("Sex workers told us the sweeps failed.", "SEX WORKERS TOLD US", "the so-called “clean-up”",
                 "Research shows that Kerb crawling ...", "ſex workers told us", "İstanbul police said"):
        for p in PATTERNS:
            plain = re.compile(p.pattern, p._flags)
            assert _same(p.search(text), plain.search(text)), (p.pattern[:60], text)
            assert _same(p.match(text), plain.match(text)), (p.pattern[:60], text)
