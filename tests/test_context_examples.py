"""Every context the engine uses is named, tested data (reviewers/contexts/examples.yaml):
its must-flag and must-pass sentences run through the engine here and in `lic-policy rules
test`. Flagged words in these sentences are fixtures."""

from __future__ import annotations

import pytest

from lic_policy.checks.context_examples import ContextExample, load_examples, run_example
from lic_policy.checks.packs import EXCEPTIONS
from lic_policy.errors import ConfigError

from .conftest import default_ruleset, run_cli

RS = default_ruleset()  # shared by the modules of this process (conftest)
EXAMPLES = load_examples()


@pytest.mark.parametrize("ex", EXAMPLES, ids=[f"{e.context}-{e.kind}-{i}" for i, e in enumerate(EXAMPLES)])
def test_context_example(ex):
    res = run_example(ex, RS)
    assert res.ok and not res.skipped, f"{ex.context} [{ex.kind}] {ex.text!r}: {res.detail}"


def test_every_context_of_the_engine_has_examples():
    named = {e.context for e in EXAMPLES}
    # each context a rule can name, the concession part of critique, and the youth rule
    assert EXCEPTIONS | {"concession", "about-youth"} <= named
    lifts = {e.lifts for e in EXAMPLES if e.kind == "pass" and e.lifts}
    assert EXCEPTIONS <= lifts, EXCEPTIONS - lifts
    for context in named:
        kinds = [e.kind for e in EXAMPLES if e.context == context]
        assert kinds.count("flag") >= 2 and kinds.count("pass") >= 2, context


def test_a_pass_example_must_pass_because_of_its_context():
    # passes, but because another context lifts it: reported as a failure of the example
    ex = ContextExample("critique", "pass", "There will be no crackdown on sex workers.", "framing.crackdown",
                        lifts="critique")
    res = run_example(ex, RS)
    assert not res.ok and "not because of 'critique'" in res.detail and "negation" in res.detail
    # a sentence the rule does not match at all tests nothing
    ex = ContextExample("negation", "pass", "Outreach staff visit the clinic.", "framing.crackdown", lifts="negation")
    assert "does not match" in run_example(ex, RS).detail
    ex = ContextExample("negation", "flag", "There will be no crackdown on sex workers.", "framing.crackdown")
    assert not run_example(ex, RS).ok


def test_a_broken_examples_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "examples.yaml"
    bad.write_text("contexts:\n  negation:\n    lifts: negation\n    pass:\n      - {text: only text}\n"
                   "    flag:\n      - {text: x, rule: framing.crackdown}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_examples(bad)
    assert "needs 'text' and 'rule'" in str(err.value.message) and err.value.line == 5
    bad.write_text("contexts: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_examples(bad)


@pytest.mark.slow
def test_rules_test_runs_the_context_examples():
    res = run_cli("rules", "test")
    assert res.exit_code == 0, res.stdout[-2000:]
    assert f"context examples: {len(EXAMPLES)} passed, 0 failed" in res.stdout


@pytest.mark.slow
def test_rules_test_skips_context_examples_of_disabled_rules(tmp_path, monkeypatch):
    (tmp_path / ".lic-policy.yaml").write_text("rules:\n  disable: [framing]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run_cli("rules", "test")
    framing = sum(1 for e in EXAMPLES if e.rule.startswith("framing."))
    assert res.exit_code == 0, res.stdout[-2000:]
    assert f"context examples: {len(EXAMPLES) - framing} passed, 0 failed, {framing} skipped" in res.stdout
