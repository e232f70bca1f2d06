"""Python rules (`kind: python`): the hook structural reviewers use, their document examples,
findings at YAML paths (`engine.finding_at`), suppressions and outputs.

The two check functions below are named by tests/data/packs/python-rules.yaml."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from lic_policy import store
from lic_policy.checks.engine import RuleSet, check_document, finding_at
from lic_policy.checks.examples import run_rule_examples
from lic_policy.checks.packs import load_pack, load_packs
from lic_policy.checks.runner import check_paths
from lic_policy.config import Config
from lic_policy.errors import ConfigError

from .conftest import ROOT, run_cli

@pytest.fixture(autouse=True)
def _trust_the_test_packs(monkeypatch):
    """These packs name functions in this test module: the person running the tests trusts
    them (lic_policy.checks.findings.TRUST_ENV)."""
    monkeypatch.setenv("LIC_POLICY_TRUST_PYTHON_RULES", "1")


PACK = ROOT / "tests" / "data" / "packs" / "python-rules.yaml"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0-rtm.5.json"


# ---------------------------------------------------------------- the rules' functions


def needs_review_date(doc, config, rule):
    md = doc.data.get("metadata")
    if isinstance(md, dict) and md.get("status") == "published" and not md.get("next_review_date"):
        yield finding_at(rule, doc, ("metadata", "next_review_date"))


def short_clauses(doc, config, rule):
    for si, section in enumerate(doc.data.get("sections") or []):
        for ci, clause in enumerate(section.get("clauses") or []):
            text = clause.get("text") or ""
            if len(text.split()) > 12:
                yield finding_at(rule, doc, ("sections", si, "clauses", ci, "text"))


# ---------------------------------------------------------------- helpers


@functools.cache
def ruleset(*extra: Path) -> RuleSet:
    """The bundled packs and the Python-rules pack, one ``RuleSet`` per test process: the
    tests only check documents with it (a ruleset never changes its rules), and each one
    built anew derived the grammar rules' search plans for DOC again (about 0.6 s)."""
    cfg = Config(cache=False, packs=[PACK, *extra], disable=["structure"])
    return RuleSet(load_packs(cfg.packs), cfg)


DOC = """\
lic_policy: 1
metadata:
  id: example
  title: Example guideline
  status: published   # ready
sections:
  - id: safety
    title: Safety
    clauses:
      - id: safety-1
        text: >-
          Violence against sex workers is a priority for response, and City staff will
          always listen first.
"""


# ---------------------------------------------------------------- examples


@pytest.mark.slow
def test_the_packs_document_examples_all_pass():
    rs = ruleset()
    results = [res for rule in rs.python_rules for res in run_rule_examples(rule, rs)]
    assert {r.rule_id for r in results} == {"test.review-date", "test.clause-length"}
    assert len(results) == 6
    assert all(r.ok for r in results), [(r.rule_id, r.kind, r.text, r.detail) for r in results if not r.ok]


# each case compiles the packs with its own (about 4 s): the first runs in `make test`, all in CI
@pytest.mark.parametrize("example,kind,detail", [
    ("{base: published}", "flag", "expected a finding, got none"),
    *(pytest.param(*case, marks=pytest.mark.slow) for case in [
        ("{base: published, delete: [metadata.next_review_date], at: sections}", "flag",
         "expected a finding at sections"),
        ("{base: published, delete: [metadata.next_review_date]}", "pass", "unexpected finding at"),
        ("{base: nowhere}", "pass", "unknown base document 'nowhere'"),
        ("{base: published, delete: [metadata.nothing]}", "pass", "cannot delete metadata.nothing"),
        ("{base: published, colour: red}", "pass", "unknown key(s) in a document example: colour"),
        ("'metadata: [unclosed'", "pass", "example cannot be built"),
    ]),
])
def test_wrong_examples_are_reported(tmp_path, example, kind, detail):
    """A document example that does not hold fails `rules test` with a reason."""
    text = PACK.read_text(encoding="utf-8")
    start = text.index("  - id: test.clause-length")
    good_flag = "      flag:\n        - {base: published, delete: [metadata.next_review_date], at: metadata}\n"
    good_pass = "      pass:\n        - {base: published}\n"
    head = text[:start]
    # replace the first rule's examples with the single example under test (plus a valid other kind)
    before, _sep, _after = head.partition("    examples:\n")
    examples = "    examples:\n" + (f"      flag:\n        - {example}\n" + good_pass if kind == "flag"
                                    else good_flag + f"      pass:\n        - {example}\n")
    pack = tmp_path / "pack.yaml"
    pack.write_text(before + examples, encoding="utf-8")
    cfg = Config(cache=False, packs=[pack], disable=["structure"])
    rs = RuleSet(load_packs(cfg.packs), cfg)
    results = [r for r in run_rule_examples(rs.by_id["test.review-date"], rs) if r.kind == kind]
    assert len(results) == 1
    assert not results[0].ok
    assert detail in results[0].detail


def test_rules_test_command_runs_document_examples(tmp_path, monkeypatch):
    (tmp_path / ".lic-policy.yaml").write_text(f"packs: [{PACK}]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("rules", "test", "--rule", "test.review-date", "--rule", "test.clause-length")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "6 passed, 0 failed" in r.stdout
    listed = run_cli("rules", "list", "--format", "json")
    kinds = {d["id"]: d["kind"] for d in json.loads(listed.stdout)}
    assert kinds["test.review-date"] == "python"
    docs = run_cli("rules", "docs").stdout
    section = docs[docs.index("### `test.review-date`"):docs.index("### `test.clause-length`")]
    assert "Flagged:\n\n```yaml\nbase: published\ndelete:\n- metadata.next_review_date\nat: metadata\n```" in section
    assert "Not flagged:\n\n```yaml\nbase: published\n```" in section
    assert "- ❌" not in section and "Not flagged:\n\n\n" not in section


# ---------------------------------------------------------------- pack validation


@pytest.mark.parametrize("change,message", [
    (("    function: tests.test_checks_python_rules:needs_review_date\n", ""), "needs 'function: module:callable'"),
    (("      flag:\n        - {base: published, delete: [metadata.next_review_date], at: metadata}\n"
      "        - |\n          metadata: {id: x, title: X, status: published}\n", ""),
     "needs example documents that must flag"),
    (("  published: |\n", "  published: 3\n  other: |\n"), "'documents' maps names to YAML documents"),
])
def test_invalid_python_rules_are_refused(tmp_path, change, message):
    text = PACK.read_text(encoding="utf-8")
    assert change[0] in text
    pack = tmp_path / "pack.yaml"
    pack.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_pack(pack)
    assert message in exc.value.one_line()


def test_a_missing_function_is_one_clear_error(tmp_path):
    text = PACK.read_text(encoding="utf-8").replace("needs_review_date", "no_such_function", 1)
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    guideline = tmp_path / "g.yaml"
    guideline.write_text(DOC, encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text(f"packs: [{pack}]\ncache: false\n", encoding="utf-8")
    r = run_cli("check", "--config", str(tmp_path / ".lic-policy.yaml"), str(guideline))
    assert r.exit_code == 2
    assert "cannot load its function 'tests.test_checks_python_rules:no_such_function'" in r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr


# ---------------------------------------------------------------- finding_at


def test_finding_at_a_missing_field_points_at_its_parent_key():
    rs = ruleset()
    doc = store.parse(DOC, "g.yaml")
    [f] = [f for f in check_document(doc, rs).findings if f.rule_id == "test.review-date"]
    assert (f.line, f.column, f.end_line, f.end_column) == (2, 1, 2, 9)  # the `metadata` key
    assert f.path == ("metadata", "next_review_date")
    assert f.element is None and f.field == "metadata.next_review_date"
    assert f.severity == "error" and f.reviewer == "structure" and f.sources[0].url


def test_finding_at_a_folded_string_covers_its_first_line_and_anchors_the_clause():
    rs = ruleset()
    doc = store.parse(DOC, "g.yaml")
    [f] = [f for f in check_document(doc, rs).findings if f.rule_id == "test.clause-length"]
    assert (f.line, f.column) == (12, 11)
    assert (f.end_line, f.end_column) == (13, 31)
    assert f.element == "safety-1" and f.field == "text"
    assert f.anchor.clause == "safety-1" and f.anchor.quote.exact.startswith("Violence against")
    assert f.match == doc.data["sections"][0]["clauses"][0]["text"]


def test_finding_at_a_character_range_and_at_a_mapping():
    rs = ruleset()
    rule = rs.by_id["test.clause-length"]
    doc = store.parse(DOC, "g.yaml")
    path = ("sections", 0, "clauses", 0, "text")
    f = finding_at(rule, doc, path, "'{match}' is the subject", start=17, end=27)
    assert f.match == "sex worker" and f.message == "'sex worker' is the subject"
    line = DOC.splitlines()[f.line - 1]
    assert line[f.column - 1:f.end_column - 1] == "sex worker"
    assert f.anchor.quote.prefix.endswith("against ") and f.anchor.position == (17, 27)
    g = finding_at(rule, doc, ("sections", 0))
    assert g.element == "safety" and g.match == ""
    h = finding_at(rule, doc, ("metadata", "status"))
    assert (h.line, h.column, h.end_line, h.end_column) == (5, 11, 5, 20)  # the value, not the comment


# ---------------------------------------------------------------- through check


def test_python_findings_are_suppressed_on_the_key_line_and_reported_in_every_format(tmp_path):
    guideline = tmp_path / "g.yaml"
    guideline.write_text(DOC, encoding="utf-8")
    cfg = Config(cache=False, packs=[PACK], disable=["structure"], validate=False)  # DOC is a fragment
    report = check_paths([str(guideline)], cfg)
    assert {f.rule_id for f in report.findings} == {"test.review-date", "test.clause-length"}
    assert report.exit_code("error") == 1

    sarif = json.loads(__import__("lic_policy.report", fromlist=["render"]).render("sarif", report, root=str(tmp_path)))
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"test.review-date", "test.clause-length"}

    suppressed = DOC.replace("metadata:\n", "metadata:  # lic-policy: ignore[test.review-date] date set by council in May\n")
    guideline.write_text(suppressed, encoding="utf-8")
    report = check_paths([str(guideline)], cfg)
    assert [f.rule_id for f in report.findings] == ["test.clause-length"]
    assert report.suppressed == 1 and report.exit_code("error") == 0


def test_pattern_and_python_rules_run_together_on_the_sample(tmp_path):
    """The real packs plus a Python pack: the good sample stays clean of language findings."""
    good = ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml"
    copy = tmp_path / good.name
    shutil.copy(good, copy)
    report = check_paths([str(copy)], Config(cache=False, packs=[PACK], disable=["structure"]))
    assert report.results[0].error is None
    assert {f.reviewer for f in report.findings} <= {"structure"}
