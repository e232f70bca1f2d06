"""Two context questions asked for every match, made cheaper in the speed work of issue 17
(round 6); each must answer exactly what its plain definition below answers, for any text:

* ``contexts.title_run`` finds the words overlapping the match by bisection over the
  window's word bounds instead of building a tuple per word;
* ``RuleSet._protected_in`` reads the protected names in lowercase (``caseless.py``)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lic_policy.checks import contexts
from lic_policy.checks.engine import load_ruleset


def title_run_defined(text: str, start: int, end: int, s: int = -1) -> str:
    """The definition (the implementation before round 6, word for word)."""
    connectors = {"of", "the", "and", "on", "for", "in", "to", "des", "de", "du", "la", "le", "&", "against", "with"}
    lo = max(0, start - 200)
    hi = min(len(text), end + 200)
    tokens = [(m.start() + lo, m.end() + lo, m.group()) for m in re.finditer(r"[\w'’()&.-]+", text[lo:hi])]
    idx = [i for i, (a, b, _t) in enumerate(tokens) if a < end and start < b]
    if not idx:
        return ""

    def ok(tok: str) -> bool:
        return tok[:1].isupper() or tok[:1].isdigit() or tok.lower() in connectors or tok[:1] == "("

    i, j = idx[0], idx[-1]
    if not all(ok(tokens[k][2]) for k in range(i, j + 1)):
        return ""
    while i > 0 and ok(tokens[i - 1][2]) and not re.search(r"[.!?:;]\s*$", text[tokens[i - 1][1]:tokens[i][0] + 1]):
        i -= 1
    while j + 1 < len(tokens) and ok(tokens[j + 1][2]) and "\n" not in text[tokens[j][1]:tokens[j + 1][0]] \
            and not re.search(r"[.!?:;,]", text[tokens[j][1]:tokens[j + 1][0]]):
        j += 1
    if tokens[i][0] <= s and i < idx[0]:
        i += 1
    while i < j and tokens[i][2].lower() in connectors:
        i += 1
    while j > i and tokens[j][2].lower() in connectors:
        j -= 1
    return text[tokens[i][0]:tokens[j][1]]


WORDS = ["Vice", "Unit", "of", "the", "and", "Criminal", "Code", "police", "sex", "workers", "Act", "2003", "(UK)",
         "Prostitution", "Reform", "English", "Collective", "Prostitutes", "on", "with", "&", "de", "la", "A.B.",
         "O’Neil", "anti-vice", "İstanbul", "ſtreet", "Counter", "Exploitation"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "; ", ": ", "\n", "\n\n", " - ", "? ", "  "]


def _texts(words: list, max_size: int):
    """Texts of ``words``, each followed by one of SEPARATORS."""
    pairs = st.lists(st.tuples(st.sampled_from(words), st.sampled_from(SEPARATORS)), min_size=1, max_size=max_size)
    return pairs.map(lambda parts: "".join(w + sep for w, sep in parts))


def texts():
    return _texts(WORDS, 120)


@settings(max_examples=100, deadline=None)
@given(texts(), st.data())
def test_title_run_answers_as_defined(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    s = data.draw(st.integers(-1, start))
    assert contexts.title_run.__wrapped__(text, start, end, s) == title_run_defined(text, start, end, s)


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None)
@given(texts(), st.data())
def test_title_run_answers_as_defined_1000_examples(text, data):
    test_title_run_answers_as_defined.hypothesis.inner_test(text, data)


def test_title_run_on_a_name_and_outside_one():
    text = "The officers of the Vice Unit said that the vice unit would close."
    at = text.index("Vice")
    assert contexts.title_run.__wrapped__(text, at, at + 4) == title_run_defined(text, at, at + 4) == "Vice Unit"
    at = text.index("vice unit")
    assert contexts.title_run.__wrapped__(text, at, at + 4) == "" == title_run_defined(text, at, at + 4)


RULESET = None


def _protected_defined(ruleset, text: str, start: int, end: int) -> bool:
    lo, hi = max(0, start - 120), min(len(text), end + 120)
    return any(m.start() + lo < end and start < m.end() + lo for m in ruleset.protected.finditer(text[lo:hi]))


@settings(max_examples=70, deadline=None)
@given(texts(), st.data())
def test_protected_names_read_in_lowercase_as_defined(text, data):
    global RULESET
    if RULESET is None:
        RULESET = load_ruleset()
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert RULESET._protected_in(text, start, end) == _protected_defined(RULESET, text, start, end)


@pytest.mark.slow  # the property above at 700 examples (make test runs 70; it ran 200)
@settings(max_examples=700, deadline=None)
@given(texts(), st.data())
def test_protected_names_read_in_lowercase_as_defined_700_examples(text, data):
    test_protected_names_read_in_lowercase_as_defined.hypothesis.inner_test(text, data)


def test_protected_names_are_read_in_lowercase():
    ruleset = load_ruleset()
    text = "Under the PROSTITUTION REFORM ACT 2003, the police said ..."
    at = text.index("REFORM")
    assert ruleset._protected_in(text, at, at + 6) is True
    assert ruleset._lowered_protected() is not None  # the fast path is the one taken
    at = text.index("police")
    assert ruleset._protected_in(text, at, at + 6) is False


# --------------------------------------------------------------------------- the outside-word gate

def _gate_starts_defined(gate, text: str) -> list[int]:
    """``learned.ClassGate.starts`` as it was before round 6: every word looked at in turn."""
    from lic_policy.checks.learned import _TOKEN, _lowered

    low = _lowered(text)
    toks = _TOKEN.findall(low)
    if gate.words.isdisjoint(toks) and gate.firsts.isdisjoint(toks):
        return []
    found = list(_TOKEN.finditer(low))
    return [found[i].start() for i, t in enumerate(toks)
            if t in gate.words or (t in gate.firsts and gate._phrase_at(toks, i))]


GATE_WORDS = ["patrol", "patrols", "officers", "deter", "the", "area", "take", "over", "crack", "down", "on",
              "Sweep", "street", "nightly", "sex", "workers", "move", "along", "O’Brien", "40"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GATE_WORDS), st.sampled_from(SEPARATORS)), max_size=60))
def test_outside_word_gate_finds_the_words_as_defined(parts):
    from lic_policy.checks.learned import ClassGate

    gate = ClassGate(["patrol", "patrols", "deter", "sweep"], ["crack down", "move along", "take over the"])
    text = "".join(w + sep for w, sep in parts)
    assert list(gate.starts(text)) == _gate_starts_defined(gate, text)


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GATE_WORDS), st.sampled_from(SEPARATORS)), max_size=60))
def test_outside_word_gate_finds_the_words_as_defined_1000_examples(parts):
    test_outside_word_gate_finds_the_words_as_defined.hypothesis.inner_test(parts)


# --------------------------------------------------------------------------- long lines, quotes, lowering

def _emphasised_defined(text: str, start: int, end: int) -> bool:
    """``contexts._emphasised`` before round 6: the line's ends looked for anywhere."""
    lo = max(text.rfind("\n", 0, start) + 1, start - 64)
    hi = text.find("\n", end)
    hi = min(len(text) if hi < 0 else hi, end + 64)
    for m in contexts._EMPHASIS.finditer(text, lo, hi):
        if m.start(2) <= start and end <= m.end(2) and len(m.group(2).split()) <= 5:
            return True
    return False


def _closes_unopened_defined(text: str, lo: int, start: int, end: int, e: int):
    before = re.sub(r"(?<=\w)[’'](?=\w)|(?<=s)[’'](?=\s)", " ", text[lo:start])
    if any(c in before for c in "“”\"«»‘’") or "''" in before:
        return None
    after = text[end:min(len(text), e + 80)]
    m = contexts._CLOSE_AT_END.match(contexts._without_apostrophes(after) if "’" in after or "'" in after else after)
    if m is None or end + m.start(1) > e + 2:
        return None
    return (lo, end + m.start(1))


QUOTED = WORDS + ["*police*", "_sweep_", "`code`", "“quoted", "words”", "'single'", "don’t", "workers’", "said",
                  "\"straight\"", "''", "«guillemets»", "‘open", "close’", "x" * 70]


def quoted_texts():
    return _texts(QUOTED, 80)


@settings(max_examples=100, deadline=None)
@given(quoted_texts(), st.data())
def test_emphasis_quotes_and_apostrophes_answer_as_defined(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert contexts._emphasised(text, start, end) == _emphasised_defined(text, start, end)
    lo = data.draw(st.integers(0, start))
    e = data.draw(st.integers(end, len(text)))
    assert contexts._closes_unopened(text, lo, start, end, e) == _closes_unopened_defined(text, lo, start, end, e)
    assert contexts._without_apostrophes(text) == re.sub(r"(?<=\w)[’'](?=\w)|(?<=s)[’'](?=\s)", " ", text)


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None)
@given(quoted_texts(), st.data())
def test_emphasis_quotes_and_apostrophes_answer_as_defined_1000_examples(text, data):
    test_emphasis_quotes_and_apostrophes_answer_as_defined.hypothesis.inner_test(text, data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ 'ſıİςσΣKkµ’ßé\u212a\u0130"), max_size=40))
def test_lowered_as_defined(text):
    from lic_policy.checks.caseless import FIX_CHARS, lowered

    low = text.lower()
    defined = None if len(low) != len(text) or any(c in FIX_CHARS for c in text if ord(c) > 127) else low
    if text.isascii():
        defined = low
    assert lowered(text) == defined
