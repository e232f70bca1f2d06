"""What the README documents about configuration, tested as a user meets it: ``[tool.lic-policy]``
in ``pyproject.toml`` found from the current folder upwards, ``rules.enable`` (it wins over
``disable``), and ``diff --no-threads`` (issue 17)."""

from __future__ import annotations

import json

import pytest

from lic_policy.config import find_config, load_config

from .conftest import DRAFT, GOOD, GUIDELINES, run_cli

# must-flag fixture text: the checks are expected to flag these words
FLAGGED = "# Notes\n\nOutreach staff met prostitutes and addicts.\n"


def findings(res):
    assert res.exit_code in (0, 1), res.stderr
    return [(f["rule_id"], f["severity"]) for f in json.loads(res.stdout)["findings"]]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A policy repository with a Markdown note, the current folder one level below its root."""
    (tmp_path / "notes.md").write_text(FLAGGED, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")
    return tmp_path


def test_without_configuration_both_words_are_warnings(project):
    assert find_config(project / "docs") is None
    assert findings(run_cli("check", "--no-cache", "--format", "json", "../notes.md")) == [
        ("lang.prostitute", "warning"), ("lang.addict", "warning")]


def test_tool_lic_policy_in_pyproject_is_found_from_a_subfolder(project):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "our-policies"\n\n[tool.lic-policy]\nfail_on = "warning"\n\n'
        '[tool.lic-policy.rules]\ndisable = ["lang.addict"]\nseverity = {"lang.prostitute" = "error"}\n',
        encoding="utf-8")
    assert find_config(project / "docs") == project / "pyproject.toml"
    res = run_cli("check", "--no-cache", "--format", "json", "../notes.md")
    assert findings(res) == [("lang.prostitute", "error")]
    assert res.exit_code == 1
    cfg = load_config()
    assert (cfg.fail_on, cfg.disable, cfg.severity, cfg.path) == (
        "warning", ["lang.addict"], {"lang.prostitute": "error"}, project / "pyproject.toml")


def test_pyproject_with_only_a_rules_subtable_is_a_configuration(project):
    # TOML allows the sub-table alone; it is as much [tool.lic-policy] as the README's form
    (project / "pyproject.toml").write_text('[tool.lic-policy.rules]\ndisable = ["lang.addict"]\n', encoding="utf-8")
    assert find_config(project / "docs") == project / "pyproject.toml"
    assert findings(run_cli("check", "--no-cache", "--format", "json", "../notes.md")) == [
        ("lang.prostitute", "warning")]


def test_pyproject_without_the_table_is_passed_over(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n# see [tool.lic-policy] in the docs\n',
                                            encoding="utf-8")
    (project / "docs" / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n', encoding="utf-8")
    # a comment that mentions the table is not the table, and the nearest pyproject without one
    # does not hide nothing further up: no configuration at all
    assert find_config(project / "docs") is None


def test_a_nearer_lic_policy_yaml_wins_over_a_pyproject_further_up(project):
    (project / "pyproject.toml").write_text('[tool.lic-policy.rules]\ndisable = ["lang.addict"]\n', encoding="utf-8")
    (project / "docs" / ".lic-policy.yaml").write_text("rules:\n  disable: [lang.prostitute]\n", encoding="utf-8")
    assert find_config(project / "docs") == project / "docs" / ".lic-policy.yaml"
    assert findings(run_cli("check", "--no-cache", "--format", "json", "../notes.md")) == [("lang.addict", "warning")]


def test_pyproject_packs_and_ignore_are_relative_to_the_pyproject(project):
    (project / "policy").mkdir()
    (project / "policy" / "local.yaml").write_text(
        "pack: local\nrules:\n  - id: local.bad-part-of-town\n    severity: info\n    message: name the area\n"
        "    patterns: ['the bad part of town']\n    rationale: Places are not bad.\n"
        "    sources: [{title: Local style guide}]\n    examples:\n      flag: ['the bad part of town']\n"
        "      pass: ['the Eastside']\n", encoding="utf-8")
    (project / "archive").mkdir()
    (project / "archive" / "old.md").write_text(FLAGGED, encoding="utf-8")
    (project / "notes.md").write_text("# Notes\n\nOutreach in the bad part of town.\n", encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[tool.lic-policy]\npacks = ["policy/local.yaml"]\nignore = ["archive/**"]\ncache = false\n', encoding="utf-8")
    res = run_cli("check", "--format", "json", "..")
    assert findings(res) == [("local.bad-part-of-town", "info")]
    assert not (project / ".lic-policy-cache").exists() and not (project / "docs" / ".lic-policy-cache").exists()


@pytest.mark.parametrize("toml, message", [
    ('[tool.lic-policy]\nfail_om = "error"\n', "unknown configuration key 'fail_om' (did you mean 'fail_on'?)"),
    ('[tool.lic-policy.rules]\ndisable = ["lang.prostitutes"]\n', "did you mean 'lang.prostitute'?"),
    ('[tool.lic-policy]\nfail_on = "sometimes"\n', "fail_on must be one of error, warning, info, none"),
    ('[tool.lic-policy]\nfail_on = \n', "cannot parse pyproject.toml"),
])
def test_pyproject_mistakes_are_one_line_exit_2(project, toml, message):
    (project / "pyproject.toml").write_text(toml, encoding="utf-8")
    res = run_cli("check", "--no-cache", "../notes.md")
    assert res.exit_code == 2 and message in res.stderr and "pyproject.toml" in res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


# --------------------------------------------------------------------------- rules.enable


def test_rules_enable_turns_one_rule_of_a_disabled_pack_back_on(project):
    (project / ".lic-policy.yaml").write_text("rules:\n  disable: [language]\n  enable: [lang.addict]\n",
                                              encoding="utf-8")
    assert findings(run_cli("check", "--no-cache", "--format", "json", "../notes.md")) == [("lang.addict", "warning")]


def test_rules_enable_wins_over_disable_of_the_same_rule(project):
    (project / ".lic-policy.yaml").write_text(
        "rules:\n  disable: [lang.addict, lang.prostitute]\n  enable: [lang.addict]\n", encoding="utf-8")
    assert findings(run_cli("check", "--no-cache", "--format", "json", "../notes.md")) == [("lang.addict", "warning")]


def test_rules_enable_of_an_unknown_rule_is_one_line(project):
    (project / ".lic-policy.yaml").write_text("rules:\n  enable: [lang.adict]\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "../notes.md")
    assert res.exit_code == 2 and "unknown rule id 'lang.adict'" in res.stderr and "lang.addict" in res.stderr
    assert res.stderr.count("\n") == 1


def test_rules_enable_must_be_a_list_key(project):
    (project / ".lic-policy.yaml").write_text("rules:\n  enabled: [lang.addict]\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "../notes.md")
    assert res.exit_code == 2 and "unknown key 'rules.enabled'" in res.stderr


@pytest.mark.parametrize("key", ["regions", "reviewer_handles"])
def test_a_key_nothing_reads_is_an_error_not_silently_ignored(project, key):
    # these were once accepted and then ignored: a user who set them believed they did something
    (project / ".lic-policy.yaml").write_text(f"{key}: [Eastside]\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "../notes.md")
    assert res.exit_code == 2 and f"unknown configuration key '{key}'" in res.stderr
    assert res.stderr.count("\n") == 1


# --------------------------------------------------------------------------- diff --no-threads

OPEN_THREAD = "Can Bad Date Line reports be made in languages other than English"
RESOLVED_THREAD_ID = "t1"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_diff_shows_open_threads_and_no_threads_leaves_them_out(fmt):
    with_threads = run_cli("diff", "--format", fmt, str(DRAFT), str(GOOD))
    assert with_threads.exit_code == 0 and OPEN_THREAD in with_threads.stdout
    without = run_cli("diff", "--format", fmt, "--no-threads", str(DRAFT), str(GOOD))
    assert without.exit_code == 0 and OPEN_THREAD not in without.stdout
    assert "advisory-reviewer" not in without.stdout
    if fmt == "markdown":
        assert "{>>t2 " in with_threads.stdout and "{>>t1 " not in with_threads.stdout  # only open threads
        assert "{>>t" not in without.stdout
        # the redline itself is the same: only the thread comments are left out
        stripped = [ln for ln in with_threads.stdout.splitlines() if not ln.startswith("{>>t")]
        assert [ln for ln in stripped if ln] == [ln for ln in without.stdout.splitlines() if ln]


def test_diff_no_threads_does_not_read_the_review_file(tmp_path):
    broken = tmp_path / "broken.review.yaml"
    broken.write_text("threads: [\n", encoding="utf-8")
    res = run_cli("diff", "--format", "markdown", "--review-file", str(broken), str(DRAFT), str(GOOD))
    assert res.exit_code == 2 and "broken.review.yaml" in res.stderr
    res = run_cli("diff", "--format", "markdown", "--no-threads", "--review-file", str(broken), str(DRAFT), str(GOOD))
    assert res.exit_code == 0 and "{>>t" not in res.stdout


def test_diff_review_file_option_picks_another_review_file(tmp_path):
    src = (GUIDELINES / "cedar-harbour-sex-work-response.review.yaml").read_text(encoding="utf-8")
    other = tmp_path / "other.review.yaml"
    other.write_text(src.replace(OPEN_THREAD, "Can reports be made by text message too"), encoding="utf-8")
    res = run_cli("diff", "--format", "markdown", "--review-file", str(other), str(DRAFT), str(GOOD))
    assert res.exit_code == 0 and "Can reports be made by text message too" in res.stdout
    assert OPEN_THREAD not in res.stdout
