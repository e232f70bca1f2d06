"""The learned reviewer's fast paths give exactly what their definitions give.

``Model.probability`` (``learned._Scorer``) against ``Model.probability_by_vector`` (the
score as ``Model.vector`` defines it): the same float, bit for bit, so no finding moves.
``learned._TOKEN`` against the ``\\b\\w\\w+\\b`` words the model was defined with, and
``model_hits._gate_matches`` (the topic gate read in lowercase) against the gate itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lic_policy.checks import learned
from lic_policy.checks.engine import load_ruleset
from lic_policy.checks.model_hits import _gate_matches

ROOT = Path(__file__).resolve().parent.parent
MODEL = learned.load(ROOT / "reviewers" / "models" / "framing.json")

# words the shipped model knows (single words and both halves of its word pairs), the
# grammar's class words and phrases, the ignored words, digits and years, and text that
# lowercases unusually (İ grows, ſ and K fold) or has curly apostrophes
_KNOWN = sorted({w for t in list(MODEL.idf)[:3000] if not t.startswith("@") for w in t.split()})
_CUES = sorted(MODEL.cues.words)[:400] + [" ".join(seq) for k in sorted(MODEL.cues.phrases)[:200]
                                           for seq, _c in MODEL.cues.phrases[k]]
_ODD = ["prostitutes", "Johns", "pimp", "HOOKERS", "1998", "2024", "40", "3rd", "İstanbul", "ſex", "Kelvin",
        "don’t", "‘quoted’", "x", "a", "_", "__init__", "ßtraße", "naïve", "co-operate", "e.g.", "U.S."]
_WORD = st.one_of(st.sampled_from(_KNOWN), st.sampled_from(_CUES), st.sampled_from(_ODD),
                  st.text(alphabet=st.characters(codec="utf-8"), max_size=6))
_SEP = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", " - ", "; ", "’", "'", "(", ")", ""])
_TEXT = st.lists(st.tuples(_WORD, _SEP), max_size=40).map(lambda ws: "".join(w + s for w, s in ws))


def _variant(**changes) -> learned.Model:
    base = dict(idf=MODEL.idf, weight=MODEL.weight, bias=MODEL.bias, threshold=MODEL.threshold,
                ignored=MODEL.ignored, min_words=MODEL.min_words, cues=MODEL.cues)
    base.update(changes)
    return learned.Model(**base)


# the shipped model, and models that take the other branches: class features scaled, another
# ignored pattern (read word by word), nothing ignored, no class features, a pruned weight list
_MODELS = [MODEL,
           _variant(cues=learned.Cues(MODEL.cues.words, MODEL.cues.phrases, MODEL.cues.pairs, 0.37,
                                      MODEL.cues.labels)),
           _variant(ignored=r"^the$|pol\w*|\bsex"),
           _variant(ignored=""),
           _variant(cues=None),
           _variant(weight={t: w for k, (t, w) in enumerate(MODEL.weight.items()) if k % 3})]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.integers(0, len(_MODELS) - 1))
def test_the_fast_score_is_the_defined_score_bit_for_bit(text, which):
    model = _MODELS[which]
    assert model.probability(text) == model.probability_by_vector(text)


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.integers(0, len(_MODELS) - 1))
def test_the_fast_score_is_the_defined_score_bit_for_bit_1000_examples(text, which):
    test_the_fast_score_is_the_defined_score_bit_for_bit.hypothesis.inner_test(text, which)


@pytest.mark.parametrize("text", [
    "",  # no terms: the bias alone
    "Officers will crack down on street prostitution in the downtown core this summer.",
    "In 1998 the council reported 40 arrests; in 2024, 12 — the same the same the same words.",
    "Prostitutes PROSTITUTES johns Johns punters",  # every word ignored
    "Then the officers moved the people on, the report said.",  # "the" ignored by one model's anchored pattern
    "Letters will be sent to the owners of vehicles seen kerb crawling in the area.",
])
def test_the_fast_score_on_sentences_that_take_each_branch(text):
    for model in _MODELS:
        assert model.probability(text) == model.probability_by_vector(text)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_the_words_are_those_of_the_word_boundary_pattern(text):
    defined = re.compile(r"\b\w\w+\b")
    low = text.lower()
    assert learned._TOKEN.findall(low) == defined.findall(low)
    assert [m.span() for m in learned._TOKEN.finditer(text)] == [m.span() for m in defined.finditer(text)]


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None)
@given(_TEXT)
def test_the_words_are_those_of_the_word_boundary_pattern_1000_examples(text):
    test_the_words_are_those_of_the_word_boundary_pattern.hypothesis.inner_test(text)


@pytest.fixture(scope="module")
def gate():
    rule = next(r for r in load_ruleset().model_rules if r.id == "framing.learned")
    return rule.needs_re


_TOPIC = ["sex work", "Sex-Workers", "SEX WORK", "street-based", "the stroll", "vice", "vice-president",
          "Vice versa", "brothels", "kerb crawling", "massage parlours", "escorts", "the trade", "trade-off",
          "johns", "İ", "ſ", "K", "selling sex", "pay for sex", "working girls"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.sampled_from(_TOPIC), _WORD), _SEP), max_size=30)
       .map(lambda ws: "".join(w + s for w, s in ws)))
def test_the_lowered_topic_gate_finds_the_gates_matches(gate, text):
    assert [m.span() for m in _gate_matches(gate, text)] == [m.span() for m in gate.finditer(text)]


@pytest.mark.slow  # the property above at 1000 examples (make test runs 100; it ran 300)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.one_of(st.sampled_from(_TOPIC), _WORD), _SEP), max_size=30)
       .map(lambda ws: "".join(w + s for w, s in ws)))
def test_the_lowered_topic_gate_finds_the_gates_matches_1000_examples(gate, text):
    test_the_lowered_topic_gate_finds_the_gates_matches.hypothesis.inner_test(gate, text)


def test_the_topic_gate_is_read_in_lowercase(gate):
    from lic_policy.checks.model_hits import _lowered_gate

    assert _lowered_gate(gate) is not None  # else the fast path is never taken


def test_a_model_built_on_another_models_cues_leaves_that_model_as_it_was():
    """A model made from the shipped model's cues (as the variants above are) gave the shared
    cues its own fold, so the shipped model — the one `check` uses in the same process — lost
    its names ("'johns' (the clients)" went from its explanations): the language server's test
    then disagreed with an in-process check whenever this module was collected first."""
    import dataclasses

    parts = dict(idf=MODEL.idf, weight=MODEL.weight, bias=MODEL.bias, threshold=MODEL.threshold,
                 ignored=MODEL.ignored, min_words=MODEL.min_words)
    owner = learned.Model(**parts, cues=dataclasses.replace(MODEL.cues), names=MODEL.names)
    before = owner.cues.fold
    variant = learned.Model(**parts, cues=owner.cues)  # no names: another fold
    assert owner.cues.fold is before
    assert variant.cues.fold is variant._fold
