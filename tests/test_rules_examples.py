"""Every example of every rule, one test each: must flag, must pass, expected fix."""

from __future__ import annotations

import pytest

from lic_policy.checks.examples import run_rule_examples

from .conftest import default_ruleset

RULESET = default_ruleset()  # shared by the modules of this process (conftest)
RULE_IDS = [rule.id for rule in RULESET.rules]


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_examples(rule_id):
    """A rule's examples run inside its test (not while collecting), so the test workers share
    the work instead of each running every example; every failing example is named."""
    rule = RULESET.by_id[rule_id]
    results = list(run_rule_examples(rule, RULESET))
    assert results, f"{rule_id} has no examples"
    bad = [f"{rule_id} [{r.kind}] {r.text!r}: {r.detail}" for r in results if not r.ok]
    assert not bad, "\n".join(bad)


def test_every_rule_is_documented_and_exemplified():
    for rule in RULESET.rules:
        assert rule.rationale.strip() and rule.sources, rule.id
        if rule.kind == "pattern":
            assert rule.examples.get("flag") and rule.examples.get("pass"), rule.id


def test_terminology_floor_is_covered():
    """Each row group of terminology.md has at least one rule."""
    ids = {r.id for r in RULESET.rules}
    for needed in ("lang.prostitute", "lang.prostitution", "lang.slur", "lang.streetwalker", "lang.client-slang",
                   "lang.pimp", "lang.youth-sex-work", "framing.trafficking-conflation", "lang.addict", "lang.idu",
                   "lang.hiv-victim", "lang.risk-group", "lang.homeless", "lang.mental-illness",
                   "lang.committed-suicide", "lang.indigenous-possessive", "lang.illegal-immigrant",
                   "framing.rescue", "framing.vectors"):
        assert needed in ids


def test_docs_rules_md_is_generated_from_the_packs(tmp_path):
    """docs/rules.md is committed; regenerate it with `lic-policy rules docs -o docs/rules.md`."""
    from .conftest import ROOT, run_cli

    out = tmp_path / "rules.md"
    r = run_cli("rules", "docs", "-o", str(out))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), \
        "docs/rules.md is out of date: run `lic-policy rules docs -o docs/rules.md`"


def test_generated_docs_read_as_sentences():
    """The rule messages put the matched words first ("'{match}' is stigmatizing"): the docs say
    "The flagged wording is stigmatizing", not "the matched words is stigmatizing"."""
    from lic_policy.checks.docs import what_it_does

    assert what_it_does("'{match}' describes work as a way of life; say 'work'") == \
        "The flagged wording describes work as a way of life; say 'work'"
    assert what_it_does("say 'sex work' instead of {match} ({why})") == \
        "say 'sex work' instead of the flagged wording (the flagged wording)"
    assert what_it_does("there is no protocol for trafficking") == "there is no protocol for trafficking"
    from .conftest import run_cli

    text = run_cli("rules", "docs").stdout
    assert "matched words" not in text and "**What it does.** the flagged" not in text
