"""The Hyperscan prefilter (``RuleSet.use_prefilter``): it only narrows which rules the
regular expression runs, never the findings.

* Property: for random texts built from the rules' own examples (with case changes, odd white
  space and the letters Python's IGNORECASE folds to ASCII), every rule whose regular
  expression matches a unit is among that unit's candidates, on both paths (Hyperscan and
  the literal automaton).
* The two paths give identical findings on the sample guidelines and test corpus.
* The compiled database is cached and reloaded; a corrupt cache file is compiled again.
* Rules whose expression Hyperscan does not compile within ``prefilter.COMPILE_BUDGET`` are
  measured so (``costly_to_compile``), left out of the database, and still found (by the
  literal automaton) with the same findings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("hyperscan")

from lic_policy.checks import engine, prefilter  # noqa: E402
from lic_policy.checks.engine import load_ruleset  # noqa: E402
from lic_policy.checks.runner import check_file, discover_checkable  # noqa: E402
from lic_policy.config import Config  # noqa: E402

from .conftest import default_ruleset  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    """A cache folder of the test's own, for the tests of what is saved there (the others use
    the test run's, where the database is compiled once for all workers). For the test only:
    as a module fixture it stayed set for the module's later tests in the worker, whose rule
    sets then compiled the packs again from their YAML."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return tmp_path / "xdg-cache"


# Rules Hyperscan compiles in milliseconds, for the tests of how a database is saved, read
# back and compiled again: two of the bundled rules took it 5 and 19 s of CPU each
# (lang.youth-sex-work, lang.coerced-prostitution; now measured over the compile budget and
# left out, ``COSTLY``), so each compile of all the rules took those tests 25-35 s. The whole
# database is built from scratch where the run's cache is prepared (tests/conftest.py), and
# every other test here uses it.
QUICK_TO_COMPILE = ["lang.prostitute", "lang.prostitution", "lang.pimp", "lang.client-slang", "lang.vice",
                    "term.war-on"]


@pytest.fixture(scope="module")
def hs_ruleset():
    rs = load_ruleset()
    assert rs.use_prefilter()
    return rs


@pytest.fixture(scope="module")
def literal_ruleset():
    rs = load_ruleset()
    rs._prefilter = False  # never asked for Hyperscan: the Aho-Corasick path
    return rs


RULESET = default_ruleset()  # shared by the modules of this process (conftest)
EXAMPLES = sorted({t for r in RULESET.pattern_rules for kind in ("flag", "pass")
                   for t in (r.examples.get(kind) or []) if isinstance(t, str)})
WORDS = sorted({w for t in EXAMPLES for w in re.findall(r"[\w'’-]+", t)})
SEPARATORS = [" ", "  ", "\n", "\t", "\xa0", "\x1c", "\u2028", ", ", ". ", "; ", " - ", "\n\n", " “", "” ", "'"]
# letters that re.IGNORECASE matches to ASCII ones: K (Kelvin) ~ k, ſ ~ s, İ and ı ~ i
ODD_LETTERS = {"k": ["K", "\u212a"], "s": ["S", "\u017f"], "i": ["I", "\u0130", "\u0131"]}


@st.composite
def texts(draw):
    pieces = draw(st.lists(st.one_of(st.sampled_from(EXAMPLES), st.sampled_from(WORDS)), min_size=1, max_size=12))
    out = []
    for p in pieces:
        style = draw(st.sampled_from(["keep", "upper", "lower", "title", "odd"]))
        if style == "upper":
            p = p.upper()
        elif style == "lower":
            p = p.lower()
        elif style == "title":
            p = p.title()
        elif style == "odd":
            p = "".join(draw(st.sampled_from([c, *ODD_LETTERS.get(c, [])])) if c in ODD_LETTERS else c for c in p)
        if draw(st.booleans()):
            p = re.sub(r" ", lambda _m: draw(st.sampled_from(SEPARATORS)), p)
        out.append(p)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def _matching_rules(rs, text: str) -> set[int]:
    """Every pattern rule whose own regular expression matches somewhere in ``text``."""
    out = set()
    for i, rule in enumerate(rs.pattern_rules):
        if re.search(rule.regex_source(), text):
            out.add(i)
    return out


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(texts(), min_size=1, max_size=4))
def test_candidates_are_a_superset_of_the_matching_rules(units, hs_ruleset, literal_ruleset):
    file_text = "\n".join(units)
    hits = hs_ruleset._prefilter.hits(units)
    assert hits is not None
    always = hs_ruleset._prefilter.always
    uncovered = hs_ruleset._prefilter.uncovered  # the grammar's rules: the literal automaton's
    hs_candidates = hs_ruleset.unit_candidates(units, file_text)
    literal_candidates = literal_ruleset.unit_candidates(units, file_text)
    for k, unit in enumerate(units):
        matching = _matching_rules(hs_ruleset, unit)
        # Hyperscan alone (before the file-level narrowing both paths share)
        assert matching - uncovered <= hits.get(k, set()) | always, (unit, matching - hits.get(k, set()))
        # and both paths' candidates, with the file-level narrowing (the file text holds the units)
        assert matching <= set(hs_candidates[k]), unit
        assert matching <= set(literal_candidates[k]), unit


@pytest.mark.slow
def test_every_rule_example_that_flags_is_a_candidate(hs_ruleset):
    for i, rule in enumerate(hs_ruleset.pattern_rules):
        for text in rule.examples.get("flag") or []:
            if isinstance(text, str) and re.search(rule.regex_source(), text):
                assert i in hs_ruleset.unit_candidates([text], text)[0], (rule.id, text)


def _findings(rs, files):
    out = []
    for f in files:
        r = check_file(f, rs)
        out.append((f, [x.to_dict() for x in r.findings], r.suppressed, None if r.error is None else r.error.message))
    return out


@pytest.mark.slow
def test_hyperscan_and_literal_paths_give_identical_findings(hs_ruleset, literal_ruleset):
    files = discover_checkable([str(ROOT / "guidelines"), str(ROOT / "tests" / "corpus")], Config())
    files += [str(p) for p in sorted((ROOT / "docs").glob("*.md"))]
    assert len(files) > 10
    with_hs = _findings(hs_ruleset, files)
    with_literals = _findings(literal_ruleset, files)
    assert with_hs == with_literals
    assert sum(len(f[1]) for f in with_hs) > 0


def test_units_with_odd_characters_fall_back_or_are_folded(hs_ruleset, literal_ruleset):
    # a lone surrogate is not UTF-8: the literal path answers for that file
    units = ["three prostitutes \ud800 here", "nothing"]
    assert hs_ruleset._prefilter.hits(units) is None
    assert hs_ruleset.unit_candidates(units, "x") == literal_ruleset.unit_candidates(units, "x")
    # İ and ı match i under IGNORECASE: both paths keep the rule
    text = "Outreach staff met three prost\u0130tutes and two prost\u0131tutes."
    i = next(k for k, r in enumerate(hs_ruleset.pattern_rules) if r.id == "lang.prostitute")
    assert re.search(hs_ruleset.pattern_rules[i].regex_source(), text)
    assert i in hs_ruleset.unit_candidates([text], text)[0]
    assert i in literal_ruleset.unit_candidates([text], text)[0]


@pytest.mark.slow
def test_database_is_cached_and_a_corrupt_cache_is_compiled_again(cache_home):
    rules = [r for r in RULESET.pattern_rules if r.rule.id in QUICK_TO_COMPILE]
    assert len(rules) == len(QUICK_TO_COMPILE) and not any(r.rule.grammar for r in rules)
    assert not list(cache_home.glob("lic-policy/hyperscan-*.db"))
    first = engine._build_prefilter(rules)  # compiled, and saved in the folder
    saved = list((cache_home / "lic-policy").glob("hyperscan-*.db"))
    assert saved and first is not None
    again = engine._build_prefilter(rules)
    assert again is not None and again.always == first.always
    text = ["Police will conduct sweeps of the stroll.", "Three prostitutes and a pimp were fined.",
            "the war on drugs"]
    assert again.hits(text) == first.hits(text) and {1, 2} <= set(first.hits(text))
    for f in saved:
        f.write_bytes(b"not a database")
    rebuilt = engine._build_prefilter(rules)
    assert rebuilt is not None and rebuilt.hits(text) == first.hits(text)
    assert any(f.read_bytes() != b"not a database" for f in saved)


@pytest.mark.slow
def test_a_pattern_hyperscan_refuses_is_always_a_candidate(cache_home):
    from lic_policy.config import load_config, select_rules

    # a rule set of rules Hyperscan compiles quickly: each is compiled on its own once the
    # whole set is refused (all the bundled rules took 50 s of CPU)
    rs = load_ruleset(select_rules(load_config(None), QUICK_TO_COMPILE))
    assert {r.rule.id for r in rs.pattern_rules} == set(QUICK_TO_COMPILE)
    i = next(k for k, v in enumerate(rs.pattern_rules) if v.rule.id == "lang.prostitute")

    class Refused:
        """The rule with a pattern Hyperscan cannot compile (an empty character class)."""

        def __init__(self, variant):
            self.variant = variant

        def __getattr__(self, name):
            return getattr(self.variant, name)

        def regex_source(self):
            return self.variant.regex_source() + "[]"

    rules = list(rs.pattern_rules)
    rules[i] = Refused(rules[i])
    prefilter = engine._build_prefilter(rules)
    assert prefilter is not None and prefilter.always == frozenset({i})
    rs._prefilter = prefilter
    # a candidate in every unit (where the file holds one of its literal terms, as on the
    # literal path), and the regular expression still decides
    units = ["nothing to see here", "three prostitutes"]
    file_text = "\n".join(units)
    assert [i in c for c in rs.unit_candidates(units, file_text)] == [True, True]
    assert i not in rs.unit_candidates(["nothing"], "nothing")[0]


def test_the_grammar_rules_are_found_by_the_literal_automaton():
    """The framing grammar's expressions are left out of the Hyperscan database (minutes to
    compile there); the literal automaton, with lexicon entry marks, finds their candidates."""
    rs = load_ruleset()
    assert rs.use_prefilter()
    grammar = {k for k, v in enumerate(rs.pattern_rules) if v.rule.grammar}
    assert grammar and rs._prefilter.uncovered == frozenset(grammar) | rs._prefilter.costly
    text = "The council will clamp down on street prostitution."
    k = next(k for k, v in enumerate(rs.pattern_rules)
             if v.rule.id == "framing.crackdown" and rs.compiled(k).search(text))
    assert k in rs.unit_candidates([text], text)[0]
    assert not grammar & set(rs.unit_candidates(["The library opens at nine."], "The library opens at nine.")[0])


# The bundled rules whose Hyperscan compile passes the budget: 18.6 and 5.2 s of CPU of the
# 22.4 s the whole database took (BENCHMARKS.md, "speed23"); every other rule outside the
# grammar compiles in 0.04 s or less.
COSTLY = {"lang.coerced-prostitution", "lang.youth-sex-work"}


def _ucp_flags(variant) -> int:
    import hyperscan as hs

    return (hs.HS_FLAG_PREFILTER | hs.HS_FLAG_UTF8 | hs.HS_FLAG_UCP
            | (0 if variant.case_sensitive else hs.HS_FLAG_CASELESS))


def test_the_rules_over_the_compile_budget_are_left_out_of_the_database(hs_ruleset):
    """What the measured criterion decides on the bundled rules (the run's cache holds the
    measurements: nothing is compiled here): the two costly rules, and only they, are left to
    the literal automaton besides the grammar's; Hyperscan never reports them, the literal
    automaton does, in ASCII and in Unicode text."""
    p = hs_ruleset._prefilter
    rules = hs_ruleset.pattern_rules
    assert {rules[k].rule.id for k in p.costly} == COSTLY
    assert not any(rules[k].rule.grammar for k in p.costly)
    assert p.uncovered == frozenset(k for k, v in enumerate(rules) if v.rule.grammar) | p.costly
    for text in ("Children involved in prostitution were forced into prostitution.",
                 "Children involved in prostitution, caf\u00e9 owners said, were forced\u00a0into street prostitution."):
        matching = {k for k in p.costly if re.search(rules[k].regex_source(), text)}
        assert matching == p.costly, text
        assert not matching & set((p.hits([text]) or {}).get(0, ())), text
        assert matching <= set(hs_ruleset.unit_candidates([text], text)[0]), text


def test_the_probe_stops_a_compile_at_the_budget_and_keeps_what_it_measured(cache_home, monkeypatch):
    import hyperscan as hs

    # a costly expression between two quick ones: the probe's process is ended at the budget
    # and a new one measures the rest
    by_id = {v.rule.id: v for v in RULESET.pattern_rules}
    chosen = [by_id["lang.prostitute"], by_id["lang.coerced-prostitution"], by_id["lang.pimp"]]
    exprs = [v.regex_source().encode() for v in chosen]
    flags = [_ucp_flags(v) for v in chosen]
    budget = 0.05  # CPU seconds: lang.coerced-prostitution takes 9-19 s, the others under 0.01
    assert prefilter.costly_to_compile(hs, exprs, flags, [0, 1, 2], budget) == {1}
    import marshal

    kept = [marshal.loads(f.read_bytes()) for f in cache_home.glob("lic-policy/hscost-*.bin")]
    assert len(kept) == 1 and kept[0][1] is None
    assert all(type(c) is float and c < budget for c in (kept[0][0], kept[0][2]))
    # measured once: read back from the cache folder (the same ids of the same expressions)
    monkeypatch.setattr(prefilter, "compile_costs", lambda *_a: pytest.fail("measured again"))
    assert prefilter.costly_to_compile(hs, exprs, flags, [0, 1, 2], budget) == {1}
    # another budget is another measurement
    monkeypatch.setattr(prefilter, "compile_costs", lambda e, _f, _b: [0.01] * len(e))
    assert prefilter.costly_to_compile(hs, exprs, flags, [0, 1, 2], 30.0) == frozenset()


def test_a_probe_that_cannot_run_leaves_every_rule_in_the_database(cache_home, monkeypatch):
    import sys

    import hyperscan as hs

    v = next(v for v in RULESET.pattern_rules if v.rule.id == "lang.prostitute")
    exprs, flags = [v.regex_source().encode()], [_ucp_flags(v)]
    for exe in (str(cache_home / "no-such-python"), "/bin/false"):
        monkeypatch.setattr(sys, "executable", exe)
        assert prefilter.compile_costs(exprs, flags, 1.0) is None
        assert prefilter.costly_to_compile(hs, exprs, flags, [0], 1.0) == frozenset()
    assert not list(cache_home.glob("lic-policy/hscost-*.bin"))  # measured again next time


def test_a_costly_rule_is_routed_by_its_measured_cost_and_keeps_its_findings(cache_home, monkeypatch):
    """End to end with a small budget (no full database: the quick rules and one costly rule):
    the costly rule is measured over the budget, left out of both databases and to the literal
    automaton, and the check of its examples finds what the literal path finds."""
    from lic_policy.checks.engine import check_prose_text
    from lic_policy.config import load_config, select_rules

    monkeypatch.setattr(prefilter, "COMPILE_BUDGET", 0.05)
    rs = load_ruleset(select_rules(load_config(None), [*QUICK_TO_COMPILE, "lang.coerced-prostitution"]))
    k = next(k for k, v in enumerate(rs.pattern_rules) if v.rule.id == "lang.coerced-prostitution")
    assert rs.use_prefilter()
    p = rs._prefilter
    assert p.costly == {k} and k in p.uncovered and not p.always
    plain = load_ruleset(select_rules(load_config(None), [*QUICK_TO_COMPILE, "lang.coerced-prostitution"]))
    plain._prefilter = False
    examples = [t for t in rs.pattern_rules[k].rule.examples["flag"] if isinstance(t, str)]
    assert examples
    for text in examples + [t.replace(" ", "\u00a0", 1) + " Caf\u00e9." for t in examples]:
        assert k not in (p.hits([text]) or {}).get(0, ()), text
        found = [f.to_dict() for f in check_prose_text("t.txt", text, rs).findings]
        assert "lang.coerced-prostitution" in {f["rule_id"] for f in found}, text
        assert found == [f.to_dict() for f in check_prose_text("t.txt", text, plain).findings], text


@pytest.mark.parametrize("rule_id", sorted(COSTLY))
def test_the_costly_rules_examples_are_found_on_the_hyperscan_path(rule_id, hs_ruleset, literal_ruleset):
    """Every flag example of each rule left out of the database (and the same in Unicode text)
    is a candidate of its unit and gets the literal path's findings (the rule's own among
    them), in one batch of units as a large run gives them."""
    k = next(k for k, v in enumerate(hs_ruleset.pattern_rules) if v.rule.id == rule_id)
    assert k in hs_ruleset._prefilter.costly
    examples = [t for t in hs_ruleset.pattern_rules[k].rule.examples["flag"] if isinstance(t, str)]
    units = [u for t in examples for u in (t, t.replace(" ", "\u00a0", 1), "“" + t + "” — caf\u00e9")]
    units = [u for u in units if re.search(hs_ruleset.pattern_rules[k].regex_source(), u)]
    assert len(units) >= len(examples) >= 3
    file_text = "\n\n".join(units)
    assert all(k in c for c in hs_ruleset.unit_candidates(units, file_text))
    from lic_policy.checks.engine import check_prose_text

    hs_ruleset.unit_hits.clear()
    found = [f.to_dict() for f in check_prose_text("t.txt", file_text, hs_ruleset).findings]
    literal_ruleset.unit_hits.clear()
    assert found == [f.to_dict() for f in check_prose_text("t.txt", file_text, literal_ruleset).findings]
    assert sum(f["rule_id"] == rule_id for f in found) >= len(examples)


def test_the_environment_can_turn_hyperscan_off(monkeypatch):
    monkeypatch.setenv("LIC_POLICY_PREFILTER", "literals")
    rs = load_ruleset()
    assert rs.use_prefilter() is False
    text = "Outreach staff met three prostitutes."
    assert rs.unit_candidates([text], text) == literal_candidates_of(text)


def literal_candidates_of(text: str) -> list[tuple]:
    rs = load_ruleset()
    rs._prefilter = False
    return rs.unit_candidates([text], text)


def test_ascii_text_with_control_separators_keeps_its_candidates(hs_ruleset, literal_ruleset):
    # Python's \s matches \x1c-\x1f and Hyperscan's does not: they are mapped to spaces for
    # Hyperscan in ASCII text too, so "end\x1cdemand" stays a candidate on both paths
    text = "We will end\x1cdemand in the city."
    i = next(k for k, r in enumerate(hs_ruleset.pattern_rules) if r.id == "framing.end-demand")
    assert re.search(hs_ruleset.pattern_rules[i].regex_source(), text)
    assert i in hs_ruleset.unit_candidates([text], text)[0]
    assert i in literal_ruleset.unit_candidates([text], text)[0]


def test_ascii_and_unicode_units_are_scanned_with_their_own_database_and_map_back(hs_ruleset):
    # units that are all ASCII go to the ASCII-class database, the others to the Unicode one;
    # the hits must land on the same units as when each is scanned alone
    prefilter = hs_ruleset._prefilter
    assert prefilter.ascii_db is not None
    units = ["nothing to see here", "Outreach met two hookers\xa0near the stroll.", "the junkies outside",
             "", "prostitutes in the caf\u00e9 district", "illegal immigrants", "plain words only"]
    together = prefilter.hits(units)
    alone = {k: prefilter.hits([u]).get(0, set()) for k, u in enumerate(units)}
    assert together == {k: v for k, v in alone.items() if v}
    assert {1, 2, 4, 5} <= set(together)


@pytest.mark.slow  # 0.26 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(texts(), min_size=1, max_size=4), layout=st.sampled_from(["joined", "indented", "folded", "some"]),
       keep=st.lists(st.booleans(), min_size=4, max_size=4))
def test_unit_candidates_are_the_candidates_of_each_unit_among_the_files(units, layout, keep, literal_ruleset):
    # the definition ``unit_candidates`` keeps: the rules that can match in the unit among those
    # that can match in the file's text, wherever the units lie in it (whole, line by line as
    # in a YAML block scalar, folded onto one line, or not at all: the file-wide filter then
    # drops rules; ``_within`` skips the automaton pass over the file only where it cannot)
    if layout == "joined":
        file_text = "\n".join(units)
    elif layout == "indented":
        file_text = "key: |\n" + "\n".join("    " + u.replace("\n", "\n    ") for u in units)
    elif layout == "folded":
        file_text = " ".join(u.replace("\n", " ") for u in units)
    else:
        file_text = "\n".join(u for u, k in zip(units, keep) if k)
    rs = literal_ruleset
    expected = [rs.candidates(u, rs.candidates(file_text)) if rs.candidates(file_text) else () for u in units]
    assert rs.unit_candidates(units, file_text) == expected
    keys: list = []
    assert rs.unit_candidates(units, file_text, keys) == expected  # and with the key literals asked for
    assert len(keys) == len(units)


@pytest.mark.slow  # the property above at 150 examples (make test runs 50: 3.2 s -> about 1 s of CPU; speed19)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(texts(), min_size=1, max_size=4), layout=st.sampled_from(["joined", "indented", "folded", "some"]),
       keep=st.lists(st.booleans(), min_size=4, max_size=4))
def test_unit_candidates_are_the_candidates_of_each_unit_among_the_files_150_examples(units, layout, keep,
                                                                                       literal_ruleset):
    test_unit_candidates_are_the_candidates_of_each_unit_among_the_files.hypothesis.inner_test(
        units=units, layout=layout, keep=keep, literal_ruleset=literal_ruleset)
