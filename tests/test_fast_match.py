"""Searching rules only where they can start, in lowercase: the same findings, faster.

``windows.py`` (search only around the key literals, within the stretch between stop
characters, at word starts whose first letters a match can have) and ``caseless.py`` (caseless
rules written in lowercase and matched on lowercased text) must never change a finding:

* properties: for any small pattern built from the constructs the rule packs use, every match
  begins with one of ``first_letters``' prefixes and contains no ``never_consumed`` character;
  a lowered pattern on lowered text finds exactly what the original finds;
* for random texts made of the grammar's own words, punctuation, case changes and the letters
  with odd case rules, and for every sentence of the development corpus and the samples,
  ``check`` finds the same with ``engine.FAST`` on and off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lic_policy.checks import engine
from lic_policy.checks.caseless import FIX_CHARS, lowercase_pattern, lowered
from lic_policy.checks.engine import check_prose_text, check_text_hits, load_ruleset, matcher_source
from lic_policy.checks.literals import never_consumed
from lic_policy.checks.runner import check_file
from lic_policy.checks.windows import STOPS, first_letters, word_starts

from .conftest import corpus_records

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset()


def _both(fn, ruleset=RULESET):
    """fn() with the fast search on, then off (the module flag restored). The rule set's
    memo of each text unit's hits (``engine.UnitHits``) is emptied before each: it is keyed by
    the unit, not by the flag (which a process never changes), so the second run read the
    first run's hits for every unit and the findings of a file were compared with themselves
    (found by speed22: a fast path that lost hits passed every test here)."""
    old = engine.FAST
    try:
        engine.FAST = True
        ruleset.unit_hits.clear()
        fast = fn()
        engine.FAST = False
        ruleset.unit_hits.clear()
        plain = fn()
    finally:
        engine.FAST = old
        ruleset.unit_hits.clear()
    return fast, plain


def _hits(text: str, ruleset=RULESET) -> list:
    """The findings in ``text`` as a plain-text file (its paragraphs go through the key
    literals' windows) and as one bare string (lowered patterns and first letters only)."""
    as_file = check_prose_text("t.txt", text, ruleset).findings
    return ([(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in as_file],
            [(h.rule.id, h.start, h.end, h.why) for h in check_text_hits(text, ruleset)])


# ---------------------------------------------------------------- the pattern analyses

ATOMS = ["sex", "work", "ers?", "police", "crack", "down", "on", r"\w+", r"[\w'-]+", r"\d+", "[a-z]", "[A-Z]x",
         r"\s+", " ", "-", r"[\s-]", r"(?:the )?", "(?!ing)", r"(?<!\w)", r"(?=\w)", "[.,]", "[^a]", "é", "K",
         "(?:a|an|the)"]


@st.composite
def patterns(draw, depth=2):
    parts = draw(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=4))
    if depth and draw(st.booleans()):
        parts.append("(?:" + "|".join(draw(st.lists(patterns(depth - 1), min_size=1, max_size=3))) + ")")
    # bounded repeats only: a nested unbounded repeat can make re backtrack for minutes
    quant = draw(st.sampled_from(["", "", "?", "{0,2}", "{1,3}"]))
    body = "".join(parts)
    return f"(?:{body}){quant}" if quant else body


TEXT_BITS = ["sex", "work", "workers", "Police", "CRACK", "down", "on", "the", "a", "an", "ing", " ", "  ", "\n",
             "-", ".", ",", "!", ";", "(", ")", "é", "É", "K", "\u212a", "ſ", "ı", "İ", "ς", "Σ", "’", "x", "2", "_"]
texts = st.lists(st.sampled_from(TEXT_BITS), max_size=30).map("".join)


def _caseless_rule(body: str):
    """(source, compiled) of a caseless rule with body ``body``, as the engine builds its
    matchers; an example whose pattern ``re`` refuses is discarded."""
    source = matcher_source(f"(?i:{body})") + "(?!\\w)"
    try:
        return source, re.compile(source)
    except re.error:
        assume(False)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), texts)
def test_every_match_starts_as_listed_and_holds_no_stop(body, text):
    source, rx = _caseless_rule(body)
    stops = never_consumed(source, STOPS)
    low_source = lowercase_pattern(source)
    first = first_letters(low_source) if low_source else None
    low = lowered(text)
    for m in rx.finditer(text):
        assert not stops & set(m.group()), (source, text, m.group())
        if first is not None and low is not None and m.end() > m.start():
            one, two, three = first
            p = m.start()
            assert low[p:p + 3] in three or low[p:p + 2] in two or low[p] in one, (source, text, m.span())


@pytest.mark.slow  # the property above at 300 examples (make test runs 30; it ran 80)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), texts)
def test_every_match_starts_as_listed_and_holds_no_stop_300_examples(body, text):
    test_every_match_starts_as_listed_and_holds_no_stop.hypothesis.inner_test(body, text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), texts)
def test_a_lowered_pattern_finds_what_the_original_finds(body, text):
    source, rx = _caseless_rule(body)
    low_source = lowercase_pattern(source)
    low = lowered(text)
    assume(low_source is not None and low is not None)
    assert [m.span() for m in re.compile(low_source).finditer(low)] == [m.span() for m in rx.finditer(text)]


@pytest.mark.slow  # the property above at 300 examples (make test runs 30; it ran 80)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), texts)
def test_a_lowered_pattern_finds_what_the_original_finds_300_examples(body, text):
    test_a_lowered_pattern_finds_what_the_original_finds.hypothesis.inner_test(body, text)


@pytest.mark.parametrize("source", [
    r"(?i:a(?-i:B))",  # a case-sensitive part
    r"(?i:[A-z])",  # a range that lowering would change
    r"(?i)x\x41",  # an uppercase letter written as an escape
    r"(?:WHEREAS)",  # not caseless at all
    r"(?i:(?P<n>x)(?P=n))",  # a backreference
])
def test_patterns_that_cannot_be_lowered_are_refused(source):
    assert lowercase_pattern(source) is None


def test_text_with_letters_of_odd_case_rules_is_not_lowered():
    assert lowered("The Police") == "the police"
    assert lowered("naïve “quote”") == "naïve “quote”"
    for ch in ("ſ", "ς", "\u0130"):
        assert lowered(f"sex work{ch}") is None
    assert {"ſ", "ı", "ς"} <= FIX_CHARS


def test_word_starts_are_where_a_rule_may_start():
    assert word_starts("a sex-worker's (own) way") == [0, 2, 6, 13, 16, 21]


def test_stop_characters_are_those_a_rule_cannot_consume():
    assert never_consumed(r"(?i:sex\s+work)", ".;(") == frozenset(".;(")
    assert never_consumed(r"(?i:sex\W{1,5}work)", ".;(") == frozenset()
    assert never_consumed(r"(?i:sex[^\w]work)", ".;") == frozenset()
    assert never_consumed(r"(?i:st\. louis)", ".;") == frozenset(";")
    assert never_consumed(r"(?i:a.b)", ".\n") == frozenset("\n")


def test_first_letters_list_the_beginnings():
    one, two, three = first_letters(r"(?<!\w)(?=\w)(?:crack(?:s|ed)?\s+down|an?\s+\w+)(?!\w)")
    assert three == {"cra"}
    assert two == {"a\u0020"[:1] + "n"} or "an" in two
    assert "a" in one  # "a" then any white space
    assert first_letters(r"(?<!\w)(?=\w)(?:\w+ing)") is None  # can begin with anything


# ---------------------------------------------------------------- the same findings

GRAMMAR_WORDS = sorted({w for p in RULESET.packs for words in p.entry_words.values() for w in words
                        if w.isascii()})[:4000]
FILLER = ["the", "city", "will", "police", "officers", "residents", "sex workers", "prostitution", "street",
          "women", "area", "not", "never", "although", "said", "in", "2019", "we", "our", "must", "clients", "buyers"]
PUNCT = [" ", " ", " ", ", ", ". ", "; ", ": ", " (", ") ", "\n", " - ", "’s ", " “", "” ", "! ", "? "]


@st.composite
def grammar_texts(draw):
    words = draw(st.lists(st.sampled_from(GRAMMAR_WORDS + FILLER * 8), min_size=3, max_size=40))
    out = []
    for w in words:
        case = draw(st.sampled_from(["as", "as", "as", "upper", "title"]))
        out.append(w.upper() if case == "upper" else w.title() if case == "title" else w)
        out.append(draw(st.sampled_from(PUNCT)))
    text = "".join(out)
    if draw(st.booleans()):
        odd = draw(st.sampled_from(["ſ", "İ", "ı", "\u212a", "é", "ς", "\u00a0", "\u200b"]))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + odd + text[at:]
    return text


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grammar_texts())
def test_random_grammar_texts_get_the_same_findings(text):
    fast, plain = _both(lambda: _hits(text))
    assert fast == plain


def _corpus_sentences(limit=None):
    # the records as the test run's other users of the corpus read them (conftest.corpus_records,
    # read once per run): reading the 7 MB corpus here again took 1.4 s of CPU even with
    # libyaml's loader, most of the sample test's time
    out = [rec["text"] for rec in corpus_records(ROOT / "tests" / "corpus" / "values")]
    return out[:limit] if limit else out


@pytest.mark.slow  # 0.47 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_development_sentences_get_the_same_findings_sample():
    sentences = _corpus_sentences()[::300]  # all of them: the slow twin below
    fast, plain = _both(lambda: [_hits(s) for s in sentences])
    assert fast == plain
    assert sum(len(a) for a, _b in fast) > 5  # the sample does hold findings


def _sentences_of_the_rules_left_out_of_hyperscan(step: int) -> None:
    """The rules whose Hyperscan compile passes the budget (``prefilter.costly_to_compile``)
    are left to the literal automaton on the Hyperscan path too, which also gives their key
    literals: there they are now searched in the key literals' windows (before, everywhere in
    a unit Hyperscan reported). Every ``step``-th development sentence they match, in
    25-sentence texts checked as files: the same findings with the fast search on and off on
    a Hyperscan rule set, the same as the literal path's, and the rules' own matches found."""
    pytest.importorskip("hyperscan")
    rs = load_ruleset()
    assert rs.use_prefilter()
    costly = sorted(rs._prefilter.costly)
    ids = {rs.pattern_rules[k].rule.id for k in costly}
    assert ids == {"lang.coerced-prostitution", "lang.youth-sex-work"}
    found_by = [re.compile(rs.pattern_rules[k].regex_source()) for k in costly]
    sentences = [s for s in _corpus_sentences() if any(rx.search(s) for rx in found_by)][::step]
    assert len(sentences) > 300 // step
    texts = ["\n\n".join(sentences[i:i + 25]) for i in range(0, len(sentences), 25)]

    def findings(ruleset):
        return [[(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message)
                 for f in check_prose_text("t.txt", t, ruleset).findings] for t in texts]

    fast, plain = _both(lambda: findings(rs), rs)
    assert fast == plain
    RULESET.unit_hits.clear()
    assert fast == findings(RULESET)  # the literal path (RULESET never asks for Hyperscan)
    assert sum(f[0] in ids for per_text in fast for f in per_text) >= len(sentences) * 3 // 4


@pytest.mark.slow  # 0.80 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_sentences_of_the_rules_left_out_of_hyperscan_get_the_same_findings_sample():
    _sentences_of_the_rules_left_out_of_hyperscan(4)  # all of them: the slow twin below


@pytest.mark.slow
def test_sentences_of_the_rules_left_out_of_hyperscan_get_the_same_findings():
    _sentences_of_the_rules_left_out_of_hyperscan(1)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grammar_texts())
def test_many_random_grammar_texts_get_the_same_findings(text):
    fast, plain = _both(lambda: _hits(text))
    assert fast == plain


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(4))
def test_every_development_sentence_gets_the_same_findings(shard):
    """Every sentence, as a paragraph of a 25-paragraph text (a check's own cost per call was
    half of this test's time sentence by sentence: 6.8 s against 3.7 s of CPU on 600 sentences;
    the sample test above reads sentences one by one). In four shards, every fourth text each:
    one test of 197 s was the tail of CI's two workers (`make test-all`)."""
    sentences = _corpus_sentences()
    texts = ["\n\n".join(sentences[i:i + 25]) for i in range(0, len(sentences), 25)][shard::4]
    fast, plain = _both(lambda: [_hits(t) for t in texts])
    assert fast == plain
    assert sum(len(a) for a, _b in fast) > 1200


def _file_findings(paths):
    out = []
    for p in paths:
        r = check_file(str(p), RULESET)
        out.append([(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.message) for f in r.findings])
    return out


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_sample_guidelines_get_the_same_findings():
    paths = sorted((ROOT / "guidelines").glob("*.yaml")) + sorted((ROOT / "guidelines").glob("*.md"))
    fast, plain = _both(lambda: _file_findings(paths))
    assert fast == plain
    assert sum(map(len, fast)) > 20


def _compiled(tree, source):
    """A pattern compiled from its parse (as ``RuleSet.compiled_lowered`` does)."""
    from lic_policy.checks.recache import RegexStore

    return RegexStore("test-lowered-tree").compile(source, 0, tree)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), st.lists(texts, min_size=1, max_size=5))
def test_the_lowered_parse_matches_what_the_lowered_source_matches(body, samples):
    from lic_policy.checks.caseless import lowercase_parsed

    source, _rx = _caseless_rule(body)
    found = lowercase_parsed(source)
    assume(found is not None)
    low, tree = found
    from_tree, from_source = _compiled(tree, low + "#tree"), re.compile(low)
    for text in samples:
        text = lowered(text) or text.lower()
        assert [m.span() for m in from_tree.finditer(text)] == [m.span() for m in from_source.finditer(text)]


@pytest.mark.slow  # the property above at 300 examples (make test runs 30; it ran 80)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), st.lists(texts, min_size=1, max_size=5))
def test_the_lowered_parse_matches_what_the_lowered_source_matches_300_examples(body, samples):
    test_the_lowered_parse_matches_what_the_lowered_source_matches.hypothesis.inner_test(body, samples)


@pytest.mark.slow
def test_every_rule_lowered_parse_matches_what_its_lowered_source_matches():
    from lic_policy.checks.caseless import lowercase_parsed
    from lic_policy.checks.prefilter import matcher_source_of

    sentences = [s.lower() for s in _corpus_sentences()[::5]]
    lowered_rules = 0
    for i in range(len(RULESET.pattern_rules)):
        found = lowercase_parsed(matcher_source_of(RULESET, i))
        if found is None:
            continue
        lowered_rules += 1
        from_tree, from_source = _compiled(found[1], found[0] + "#tree"), re.compile(found[0])
        for text in sentences:
            assert [m.span() for m in from_tree.finditer(text)] == [m.span() for m in from_source.finditer(text)]
    assert lowered_rules > len(RULESET.pattern_rules) * 3 // 4


def _cache_without_plans(tmp_path, monkeypatch) -> None:
    """A cache folder of this test's own holding the run's loaded packs (compiling them again
    cold cost a test about 1.2 s) but no search plan."""
    import shutil

    from lic_policy import usercache

    if usercache.folder().is_dir():
        shutil.copytree(usercache.folder(), tmp_path / usercache.folder().name,
                        ignore=lambda _d, names: [n for n in names if not n.startswith("packs-")])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


def test_search_plans_are_derived_per_rule_and_kept_between_runs(tmp_path, monkeypatch):
    _cache_without_plans(tmp_path, monkeypatch)
    rs = load_ruleset()
    grammar = [i for i, v in enumerate(rs.pattern_rules) if v.rule.grammar]
    first, second = grammar[1], grammar[-1]
    plan = rs.search_plan(first)
    assert plan[1] is not None and plan[0] is not None and plan[2] is not None  # lowered, stretches, first letters
    assert rs._search_plans[second] is False  # not derived until searched
    rs.save_plans()
    again = load_ruleset()
    kept = again._load_plans()
    assert kept[first] == plan and kept[second] is False
    later = again.search_plan(second)
    again.save_plans()
    both = load_ruleset()._load_plans()
    assert both[first] == plan and both[second] == later  # merged, nothing lost


def test_search_plans_are_kept_per_pack_so_another_configuration_finds_them_ready(tmp_path, monkeypatch):
    from lic_policy.checks import prefilter
    from lic_policy.config import Config

    _cache_without_plans(tmp_path, monkeypatch)
    rs = load_ruleset()
    grammar = [i for i, v in enumerate(rs.pattern_rules) if v.rule.grammar]
    keys = rs._plan_keys()
    plans = {keys[i]: rs.search_plan(i) for i in grammar[:5]}
    rs.save_plans()
    # another configuration (another rule set digest: a severity changed, a rule disabled)
    other = load_ruleset(Config(severity={"framing.crackdown": "error"}, disable=["lang.vice"]))
    assert other.digest != rs.digest
    derived = []
    monkeypatch.setattr(prefilter.RuleCandidates, "_plan_of", lambda self, i: derived.append(i) or (None, None, None))
    found = 0
    for i, key in enumerate(other._plan_keys()):
        if key in plans:
            assert other.search_plan(i) == plans[key]
            found += 1
    assert found == len(plans) and derived == []  # read from the packs' plan files, none derived again
