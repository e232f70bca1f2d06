"""A policy team with its guidelines in a git repository and CI (ux10), following the README:
its own rule pack tested by name, the checks in pre-commit and GitHub Actions. Each test pins
a place where the team stumbled; the sentences that must be flagged are fixture text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pathlib import Path

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


PYPROJECT = """\
[project]
name = "port-alder-policy"

[tool.lic-policy]
fail_on = "warning"
packs = ["policy/local-rules.yaml"]

[tool.lic-policy.rules]
disable = ["term.consensual-sex-work", "lang.prostitue"]
severity = {"lang.prostitute" = "error", "framing" = "warning"}
"""


@pytest.mark.parametrize("old, new, where, words", [
    ('fail_on = "warning"', 'fail-on = "warning"', "5:1", "unknown configuration key 'fail-on' (did you mean 'fail_on'?)"),
    ('fail_on = "warning"', 'fail_on = "warn"', "5:11", "fail_on must be one of"),
    ('"lang.prostitute" = "error"', '"lang.prostitute" = "eror"', "10:33",
     "severity of 'lang.prostitute' must be error, warning or info, not 'eror'"),
    ('[tool.lic-policy.rules]\n', '[tool.lic-policy.rules]\nenabled = []\n', "9:1", "unknown key 'rules.enabled'"),
    ("", "", "", ""),  # as it is: its unknown rule id
])
def test_a_mistake_in_pyproject_is_reported_at_its_line_and_column(tmp_path, monkeypatch, old, new, where, words):
    """`[tool.lic-policy]` in pyproject.toml (the README's other place for the configuration):
    a mistake said `pyproject.toml: error: ...` with no line, while the same mistake in
    .lic-policy.yaml is placed; tomllib gives no places, so they are found in the text."""
    _repo(tmp_path, PACK, monkeypatch)
    (tmp_path / ".lic-policy.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.replace(old, new), encoding="utf-8")
    r = run_cli("check", "-q", "notes.md")
    if not where:  # the unknown rule id of the original, at its place in the list
        where, words = "9:40", "unknown rule id 'lang.prostitue' in the configuration (did you mean 'lang.prostitute'?)"
    assert r.exit_code == 2, r.stdout + r.stderr
    (line,) = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert line.startswith(f"{tmp_path / 'pyproject.toml'}:{where}: error: {words}"), line


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "[tool.lic-policy]\n", "[tool.lic-policy.rules]\n", "[other]\n", "[[tool.lic-policy.x]]\n",
    'fail_on = "warning"\n', "cache = true\n", "rules.disable = ['a', \"b\"]\n", "packs = [\n  'p.yaml', # c\n]\n",
    'severity = {"lang.x" = "error", framing = "info"}\n', "max_file_size = 10\n", "# a comment = [\n",
    'ignore = ["a]", "b,{"]\n', "x = [[1, 2], {a = 1}]\n", '"quoted key" = "v"\n', "\n", "k = '''a\nb'''\n",
]), max_size=10), st.text(alphabet=" \t=[]{},'\"#.\nabc-_1", max_size=30))
def test_finding_places_in_any_pyproject_that_parses_never_fails(parts, noise):
    """The places are found by reading the text; whatever a pyproject that tomllib reads holds,
    finding them raises nothing and every place is inside the text."""
    import tomllib

    from lic_policy.config import _toml_positions

    text = "".join(parts) + noise
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    lines = text.split("\n")
    for span in _toml_positions(text).values():
        assert 0 <= span.line < len(lines) and 0 <= span.col <= len(lines[span.line])


@pytest.mark.slow  # 0.30 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_pull_request_with_an_invalid_guideline_reaches_the_annotations(tmp_path):
    """The README's workflow ran `lic-policy validate` as a step of its own before the SARIF
    upload and the annotations: a guideline with a schema problem failed that step, the job
    stopped, and the pull request showed no annotation at all (only a log line). `check`
    reports validation problems with the findings (`validation.*`), so every step but the last
    passes and the last annotates the problem at its line. (The install step is left out: the
    lic-policy under test is already on PATH.)"""
    import os
    import re
    import shutil
    import subprocess
    import sys

    import yaml

    from .conftest import CORPUS, ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(m.group(1) for m in re.finditer(r"```yaml\n(.*?)```", readme, re.S) if "upload-sarif" in m.group(1))
    steps = yaml.safe_load(block)["jobs"]["check"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and not s["run"].startswith("pip install")]
    (tmp_path / "guidelines").mkdir()
    shutil.copy(CORPUS / "bad" / "wrong-types.yaml", tmp_path / "guidelines" / "city.yaml")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "CI": "true"}
    done = []
    for step in runs[:-1]:
        proc = subprocess.run(step, shell=True, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, (step, proc.stdout[-2000:], proc.stderr[-2000:])
        done.append(step)
    last = subprocess.run(runs[-1], shell=True, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300)
    assert last.returncode == 1
    assert re.search(r"^::error file=guidelines/city\.yaml,line=11,col=19,.*title=validation\.", last.stdout, re.M), \
        last.stdout


@pytest.mark.parametrize("name, line, want", [
    ("notes.md", "Staff met prostitutes. <!-- lic-policy: ignore[lang.prostitute] -->\n",
     "<!-- lic-policy: ignore[lang.prostitute] why this text is right here -->"),
    ("g.yaml", None, "# lic-policy: ignore[lang.client-slang] why this text is right here"),
])
def test_a_suppression_without_a_reason_suggests_the_comment_of_its_own_file_and_rule(tmp_path, name, line, want):
    """In Markdown the suggestion was `# lic-policy: ignore[rule-id] why this text is right
    here` — YAML's comment and a placeholder id — where the file needs an HTML comment naming
    the rule it already names. (The sentences are must-flag fixtures.)"""
    import json

    from .conftest import DRAFT

    f = tmp_path / name
    if line is None:
        text = DRAFT.read_text(encoding="utf-8").replace("arrests of johns and pimps",
                                                         "arrests of johns and pimps  # lic-policy: ignore[lang.client-slang]", 1)
        f.write_text(text, encoding="utf-8")
    else:
        f.write_text(line, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", str(f))
    (finding,) = [x for x in json.loads(r.stdout)["findings"] if x["rule_id"] == "lic-policy.suppression-reason"]
    assert finding["suggestions"] == [want]


@pytest.mark.parametrize("args", [["--format", "sarif", "-o", "out.sarif"], ["--format", "junit", "-o", "out.xml"],
                                  ["--format", "text", "-o", "out.txt"], ["--format", "github"],
                                  ["--format", "json"], ["--format", "sarif", "-o", "out.sarif", "-q"]])
def test_a_file_that_cannot_be_parsed_is_named_in_the_ci_log_whatever_the_format(tmp_path, monkeypatch, args):
    """`check --format sarif -o lic-policy.sarif guidelines/` exited 2 and its log said only
    "wrote lic-policy.sarif (sarif): ... 1 file could not be checked (see above)" with nothing
    above; `--format github` turned the error into an annotation, which GitHub does not print
    in the log, and said "(see the errors above)". The error's one line is on standard error
    now, before the report, while the report keeps it as before."""
    import json

    from .conftest import GOOD

    monkeypatch.chdir(tmp_path)
    (tmp_path / "guidelines").mkdir()
    (tmp_path / "guidelines" / "city.yaml").write_bytes(GOOD.read_bytes())
    (tmp_path / "guidelines" / "broken.yaml").write_text("metadata:\n  title: [unclosed\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", *args, "guidelines")
    assert r.exit_code == 2
    errors = [ln for ln in r.stderr.splitlines() if ": error: " in ln]
    assert len(errors) == 1 and errors[0].startswith("guidelines/broken.yaml:3:1: error: YAML syntax error"), r.stderr
    wrote = [i for i, ln in enumerate(r.stderr.splitlines()) if ln.startswith("wrote ")]
    assert all(i > r.stderr.splitlines().index(errors[0]) for i in wrote)
    if args[1] == "json":
        assert json.loads(r.stdout)["errors"][0]["file"] == "guidelines/broken.yaml"  # stdout stays JSON


def test_a_text_report_on_standard_output_prints_the_error_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text("metadata:\n  title: [unclosed\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "broken.yaml")
    assert r.exit_code == 2
    assert (r.stdout + r.stderr).count("broken.yaml:3:1: error:") == 1


def test_under_pre_commit_with_the_fix_hook_the_next_line_names_it(tmp_path, monkeypatch):
    """Under pre-commit (it sets PRE_COMMIT=1 and runs at the repository's root) the next line
    said `lic-policy fix --write FILE`, a command someone with only pre-commit's lic-policy does
    not have; with the lic-policy-fix hook in .pre-commit-config.yaml it names that instead."""
    from .conftest import DRAFT

    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.yaml").write_bytes(DRAFT.read_bytes())
    monkeypatch.setenv("PRE_COMMIT", "1")
    line = next(ln for ln in run_cli("check", "--no-cache", "draft.yaml").stderr.splitlines() if ln.startswith("next:"))
    assert "`lic-policy fix --write draft.yaml`" in line  # no fix hook configured: as before
    (tmp_path / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: https://example.org/lic-policy\n    rev: v0.2.0\n    hooks:\n      - id: lic-policy-check\n"
        "      - id: lic-policy-fix\n", encoding="utf-8")
    line = next(ln for ln in run_cli("check", "--no-cache", "draft.yaml").stderr.splitlines() if ln.startswith("next:"))
    assert line.startswith("next: `pre-commit run lic-policy-fix --hook-stage manual --files draft.yaml` makes the "
                           "safe fixes marked `fix:` above"), line
    monkeypatch.delenv("PRE_COMMIT")
    line = next(ln for ln in run_cli("check", "--no-cache", "draft.yaml").stderr.splitlines() if ln.startswith("next:"))
    assert "`lic-policy fix --write draft.yaml`" in line  # outside pre-commit: the command itself


STRUCTURE_PACK = """\
pack: port-structure
reviewer: structure
documents:
  minimal: |
    lic_policy: 1
    metadata: {id: example, title: Example, status: draft}
rules:
  - id: port.title-length
    kind: python
    function: port_rules:title_length
    severity: info
    title: Short titles
    message: the title is longer than 60 characters
    rationale: Council agendas cut long titles.
    sources: [{title: "Clerk's style notes", url: "https://example.org/"}]
    examples:
      flag:
        - {base: minimal, set: {metadata.title: "A very long title that goes on and on and on past sixty characters"}, at: metadata.title}
      pass:
        - {base: minimal}
"""

MODULE = """\
from lic_policy.checks.findings import finding_at


def title_length(doc, config, rule):
    md = doc.data.get("metadata") or {}
    if len(str(md.get("title", ""))) > 60:
        yield finding_at(rule, doc, ("metadata", "title"))
"""


def test_a_python_rule_s_module_beside_its_pack_is_found(tmp_path, monkeypatch):
    """A team's `kind: python` rule with its module beside the pack (policy/port_rules.py, as
    reviewers/README.md shows a pack and its module) failed every example with "No module
    named 'port_rules'" even with LIC_POLICY_TRUST_PYTHON_RULES=1: only modules on Python's
    path were imported. The pack's folder is looked in after the path (it shadows nothing)."""
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "structure-rules.yaml").write_text(STRUCTURE_PACK, encoding="utf-8")
    (tmp_path / "policy" / "port_rules.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/structure-rules.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("rules", "test", "--rule", "port-structure")
    assert "LIC_POLICY_TRUST_PYTHON_RULES=1" in r.stdout and r.exit_code == 1  # not trusted: refused
    monkeypatch.setenv("LIC_POLICY_TRUST_PYTHON_RULES", "1")
    r = run_cli("rules", "test", "--rule", "port-structure")
    assert r.exit_code == 0 and r.stdout.splitlines()[-1] == "2 passed, 0 failed", r.stdout + r.stderr


def test_a_git_revision_path_says_how_to_check_the_file_as_it_was(tmp_path, monkeypatch):
    """`lic-policy check origin/main:guidelines/city.yaml` (as `lic-policy diff` takes REV:path)
    said only "no such file or folder (check the path)"; it now says how to check the file as
    it was at that revision, through standard input."""
    from .conftest import GOOD

    monkeypatch.chdir(tmp_path)
    (tmp_path / "guidelines").mkdir()
    (tmp_path / "guidelines" / "city.yaml").write_bytes(GOOD.read_bytes())
    for command in ("check", "validate"):
        r = run_cli(command, "origin/main:guidelines/city.yaml")
        assert r.exit_code == 2
        (line,) = [ln for ln in (r.stdout + r.stderr).splitlines() if ": error: " in ln]
        assert line == ("origin/main:guidelines/city.yaml: error: no such file or folder (to check "
                        "guidelines/city.yaml as it was at origin/main: git show origin/main:guidelines/city.yaml | "
                        "lic-policy check - --stdin-filename guidelines/city.yaml)"), line
    r = run_cli("check", "nowhere/city.yaml")
    assert "(check the path)" in r.stdout + r.stderr


def test_an_untrusted_python_rule_is_refused_at_its_place_in_the_pack(tmp_path, monkeypatch):
    """The refusal said "error: rule port.title-length: its pack asks to run Python code ..."
    with no file or line: which of the team's packs, and where in it?"""
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "structure-rules.yaml").write_text(STRUCTURE_PACK, encoding="utf-8")
    (tmp_path / "policy" / "port_rules.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/structure-rules.yaml]\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_text("lic_policy: 1\nmetadata: {id: x, title: X, status: draft}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIC_POLICY_TRUST_PYTHON_RULES", raising=False)
    r = run_cli("check", "--no-cache", "g.yaml")
    assert r.exit_code == 2
    (line,) = [ln for ln in (r.stdout + r.stderr).splitlines() if "error:" in ln]
    pack = tmp_path / "policy" / "structure-rules.yaml"
    assert line.startswith(f"{pack}:8:9: error: rule port.title-length: its pack asks to run Python code from "
                           "'port_rules'"), line


def test_a_report_is_written_into_a_folder_that_does_not_exist_yet(tmp_path, monkeypatch):
    """`check --format junit -o reports/junit/lic-policy.xml` (as pytest's --junitxml is used in
    CI) stopped with "the folder does not exist: create it first"; the report's folders are
    made, as pytest makes them."""
    from .conftest import GOOD

    monkeypatch.chdir(tmp_path)
    (tmp_path / "city.yaml").write_bytes(GOOD.read_bytes())
    r = run_cli("check", "--no-cache", "--format", "junit", "-o", "reports/junit/lic-policy.xml", "city.yaml")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert (tmp_path / "reports" / "junit" / "lic-policy.xml").read_text(encoding="utf-8").startswith("<?xml")
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "sarif", "-o", "taken/lic.sarif", "city.yaml")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    (line,) = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert line.startswith("taken/lic.sarif: error: "), line


def test_rules_test_of_an_untrusted_python_rule_says_so_once_at_its_place(tmp_path, monkeypatch):
    """Every document example of an untrusted python rule failed on a line of its own with
    "example cannot be built: ... refused" and the example as a Python dict
    ({'base': 'minimal', ...}): the examples were fine, the function was not allowed to run."""
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "structure-rules.yaml").write_text(STRUCTURE_PACK, encoding="utf-8")
    (tmp_path / "policy" / "port_rules.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/structure-rules.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIC_POLICY_TRUST_PYTHON_RULES", raising=False)
    r = run_cli("rules", "test", "--rule", "port-structure")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[-1] == "0 passed, 1 failed", r.stdout
    (fail,) = lines[:-1]
    assert fail.startswith("policy/structure-rules.yaml:8:9: FAIL port.title-length [function] "
                           "'port_rules:title_length': its pack asks to run Python code from 'port_rules'"), fail
    assert "LIC_POLICY_TRUST_PYTHON_RULES=1" in fail and "{'base'" not in fail


def test_a_failing_document_example_is_shown_as_written_in_the_pack(tmp_path, monkeypatch):
    monkeypatch.setenv("LIC_POLICY_TRUST_PYTHON_RULES", "1")
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "structure-rules.yaml").write_text(
        STRUCTURE_PACK.replace("past sixty characters", "short"), encoding="utf-8")
    (tmp_path / "policy" / "port_rules.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/structure-rules.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("rules", "test", "--rule", "port-structure")
    (fail,) = [ln for ln in r.stdout.splitlines() if "FAIL" in ln]
    assert fail == ("policy/structure-rules.yaml:17:7: FAIL port.title-length [flag] '{base: minimal, set: "
                    "{metadata.title: A very long title that goes on and on and on short}, at: metadata.title}': "
                    "expected a finding, got none"), fail


def test_fix_given_only_files_that_are_not_guidelines_says_so(tmp_path, monkeypatch):
    """`pre-commit run lic-policy-fix --all-files` passes workflows and compose files too; given
    only those, fix said "fixed 0 findings: nothing to fix in the 0 files checked; what
    `lic-policy check .github/workflows/ci.yml docker-compose.yml` still finds is changed by
    hand" — a check that finds nothing there, as they are skipped."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "name: ci\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n",
        encoding="utf-8")
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    r = run_cli("fix", "--write", ".github/workflows/ci.yml", "docker-compose.yml")
    assert r.exit_code == 0
    assert r.stdout.strip() == ("fixed 0 findings: nothing given is a guideline or prose "
                                "(YAML of other tools is skipped; -v on check says why)"), r.stdout
