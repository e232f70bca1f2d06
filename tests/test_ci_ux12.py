"""CI on a policy repository, round 12 (ux12). Each test pins a stumble: the wrong output is what
the pull request's reviewer or the repository's maintainer saw before the fix."""

from __future__ import annotations

import re

import pytest

from .conftest import run_cli


@pytest.fixture
def notes(tmp_path, monkeypatch):
    (tmp_path / "notes.md").write_text("Outreach staff met prostitutes near the park.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_threshold_the_configuration_sets_is_named_even_when_it_is_the_default(notes):
    """`fail_on = "warning"` in pyproject.toml was named in the job's last line, but `fail_on =
    "error"` was told as `--fail-on error`: the maintainer who set it in pyproject.toml looked for
    an option the workflow does not give."""
    (notes / "pyproject.toml").write_text('[project]\nname = "policy"\n\n[tool.lic-policy]\nfail_on = "error"\n',
                                          encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "github", "--fail-on", "info", "notes.md")
    assert "at or above --fail-on info." in r.stdout.strip().splitlines()[-1]
    r = run_cli("check", "--no-cache", "--format", "github", "notes.md")
    last = r.stdout.strip().splitlines()[-1]
    assert "at or above fail_on = error (pyproject.toml)." in last, last


def test_a_pyproject_table_beside_a_lic_policy_yaml_is_said_to_be_unread(notes):
    """A repository with a `.lic-policy.yaml` from its first days and `fail_on = "warning"` added
    to `[tool.lic-policy]` in pyproject.toml later: the pyproject table was passed over without a
    word (the YAML file in the same folder wins), and the maintainer could not tell why the
    threshold did not change."""
    (notes / ".lic-policy.yaml").write_text("fail_on: error\n", encoding="utf-8")
    (notes / "pyproject.toml").write_text('[project]\nname = "policy"\n\n[tool.lic-policy]\nfail_on = "info"\n',
                                          encoding="utf-8")
    r = run_cli("check", "--no-cache", "notes.md")
    said = [ln for ln in r.stderr.splitlines() if "pyproject.toml" in ln]
    assert len(said) == 1, r.stderr
    assert "[tool.lic-policy] is not read" in said[0] and ".lic-policy.yaml" in said[0], said
    assert r.exit_code == 0  # the YAML file's threshold, as before
    quiet = run_cli("check", "--no-cache", "--quiet", "notes.md")
    assert "pyproject.toml" not in quiet.stderr
    (notes / "pyproject.toml").write_text('[project]\nname = "policy"\n', encoding="utf-8")
    assert "pyproject.toml" not in run_cli("check", "--no-cache", "notes.md").stderr


def test_github_annotations_name_files_as_the_repository_does(notes):
    """`lic-policy check --format github` with no path (or `.`, `./guidelines`, or
    `$GITHUB_WORKSPACE/guidelines`) wrote `file=./notes.md` or an absolute path: GitHub places
    an annotation by the file's path in the repository and left these off the pull request's
    changed files (only the run's summary listed them). SARIF and Code Climate already wrote
    `notes.md`."""
    (notes / "guidelines").mkdir()
    (notes / "guidelines" / "more.md").write_text("Addicts were referred to the clinic.\n", encoding="utf-8")
    for args in ((), (".",), ("./notes.md", "./guidelines"), (str(notes / "notes.md"), str(notes / "guidelines"))):
        r = run_cli("check", "--no-cache", "--format", "github", *args)
        files = sorted(set(re.findall(r"^::\w+ file=([^,]+),", r.stdout, re.M)))
        assert files == ["guidelines/more.md", "notes.md"], (args, files)


def test_a_misspelt_threshold_gets_a_did_you_mean(notes):
    """`fail_on = "warnings"` in pyproject.toml (the plural, as people say it) was told only the
    list of values and “see the Configuration section of the README”."""
    (notes / "pyproject.toml").write_text('[tool.lic-policy]\nfail_on = "warnings"\n', encoding="utf-8")
    r = run_cli("check", "--no-cache", "notes.md")
    assert r.exit_code == 2
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert "not 'warnings' (did you mean 'warning'?)" in line, line


@pytest.mark.parametrize("args, meant", [(("--fail-on", "warnings"), "warning"), (("--format", "sarf"), "sarif"),
                                         (("--format", "Github"), "github")])
def test_a_misspelt_choice_on_the_command_line_gets_a_did_you_mean(notes, args, meant):
    """`check --fail-on warnings` or `--format sarf` in a workflow listed the choices, without
    the one that was meant (a mistyped command already got its “Did you mean”)."""
    r = run_cli("check", *args, "notes.md")
    assert r.exit_code == 2
    [line] = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert f"Did you mean '{meant}'?" in line, line
