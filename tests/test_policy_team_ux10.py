"""A policy team with its guidelines in a git repository and CI (ux10), following the README:
its own rule pack tested by name, the checks in pre-commit and GitHub Actions. Each test pins
a place where the team stumbled; the sentences that must be flagged are fixture text."""

from __future__ import annotations

from .conftest import run_cli
from .test_newcomer_paths7 import PACK, _repo

SECOND = """\
  - id: local.survival-sex
    severity: info
    title: '"Survival sex"'
    message: "'{match}': say 'survival sex work' when you mean adults"
    patterns: ["survival sex(?! work)"]
    fix: {survival sex: survival sex work}
    rationale: The advisory group asked for the full term.
    sources: [{title: "Local advisory group", url: "https://example.org/"}]
    examples:
      flag: ["Many engage in survival sex downtown."]
      pass: ["Many do survival sex work downtown."]
      fix: [{input: "Many engage in survival sex downtown.", output: "Many engage in survival sex labour downtown."}]
"""


def test_rules_test_takes_the_team_s_pack_by_name(tmp_path, monkeypatch):
    """`lic-policy rules test --rule cedar-local` (the pack's name, as `check --only` takes it)
    said "unknown rule id 'cedar-local'": a team with several rules had to name each."""
    _repo(tmp_path, PACK + SECOND, monkeypatch)
    r = run_cli("rules", "test", "--rule", "cedar-local")
    assert r.exit_code == 1, r.stdout + r.stderr  # the second rule's fix example is wrong on purpose
    lines = r.stdout.splitlines()
    assert lines[0].startswith("policy/local-rules.yaml:") and "FAIL local.survival-sex [fix]" in lines[0]
    assert lines[-1] == "4 passed, 1 failed"  # both rules' examples, and no shipped rule's
    assert not any("context examples" in ln for ln in lines)


def test_rules_test_names_what_it_accepts_when_the_name_is_unknown(tmp_path, monkeypatch):
    _repo(tmp_path, PACK, monkeypatch)
    r = run_cli("rules", "test", "--rule", "cedar-locl")
    assert r.exit_code == 2
    assert r.stderr.strip() == "error: unknown rule id 'cedar-locl' (did you mean 'cedar-local'?)"
