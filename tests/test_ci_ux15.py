"""CI on a policy repository, round 15 (ux15): a repository whose guidelines already have
findings, gated on what is new without git history — `check --baseline FILE`."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import run_cli

OLD = ("# Harbour notes\n\nOfficers arrested 40 johns in a weekend sting on the area.\n\n"
       "Outreach workers visit the harbour every night.\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "guidelines").mkdir()
    (tmp_path / "guidelines" / "notes.md").write_text(OLD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _baseline(repo):
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--format", "json", "-o", "lic-policy-baseline.json", "guidelines/")
    assert r.exit_code == 1, r.stderr
    return json.loads((repo / "lic-policy-baseline.json").read_text(encoding="utf-8"))


def test_a_baseline_report_holds_back_the_findings_it_lists(repo):
    """A repository whose guidelines had findings when it adopted lic-policy, whose CI has no
    history to give `--changed-since` (a Jenkins job, a shallow clone, an export), had no way
    to fail only on new findings: the README and `check --help` had no baseline. A JSON report
    written once (`check --format json -o lic-policy-baseline.json`) is the baseline now: the
    findings it lists are not reported or counted, wherever their lines moved to."""
    before = _baseline(repo)
    assert before["findings"]
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--baseline", "lic-policy-baseline.json", "guidelines/")
    assert r.exit_code == 0, (r.stdout, r.stderr)
    n = len(before["findings"])
    assert f"{n} findings in the baseline lic-policy-baseline.json not counted (--baseline)" in r.stdout, r.stdout
    # a paragraph added above moves every line; a new finding is the only one reported
    (repo / "guidelines" / "notes.md").write_text(
        "# Harbour notes\n\nA new paragraph.\n\nBylaw officers will move prostitutes along.\n\n" + OLD.split("\n\n", 1)[1],
        encoding="utf-8")
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--format", "json", "--baseline", "lic-policy-baseline.json", "guidelines/")
    data = json.loads(r.stdout)
    assert data["summary"]["baseline"] == {"file": "lic-policy-baseline.json", "not_counted": n}, data["summary"]
    assert data["findings"] and all("johns" not in f["match"] for f in data["findings"]), data["findings"]
    assert any("prostitutes" in f["match"] for f in data["findings"])
    assert r.exit_code == 1
    g = run_cli("check", "--no-cache", "--fail-on", "warning", "--format", "github", "--baseline", "lic-policy-baseline.json", "guidelines/")
    assert "johns" not in g.stdout and "prostitutes" in g.stdout
    assert "not counted (--baseline)" in g.stdout.splitlines()[-1]


def test_a_finding_listed_once_in_the_baseline_holds_back_one(repo):
    _baseline(repo)
    (repo / "guidelines" / "notes.md").write_text(OLD + "\nThey arrested 40 johns again.\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", "--fail-on", "none", "--baseline",
                "lic-policy-baseline.json", "guidelines/")
    data = json.loads(r.stdout)
    assert [f["rule_id"] for f in data["findings"]].count("lang.client-slang") == 1, data["findings"]


@pytest.mark.parametrize("content, said", [
    (None, "cannot read the baseline lic-policy-baseline.json"),
    ("not json", "is not a lic-policy JSON report"),
    ('{"findings": 3}', "is not a lic-policy JSON report"),
    ('[]', "is not a lic-policy JSON report"),
])
def test_a_baseline_that_cannot_be_used_is_one_line(repo, content, said):
    if content is not None:
        (repo / "lic-policy-baseline.json").write_text(content, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--baseline", "lic-policy-baseline.json", "guidelines/")
    assert r.exit_code == 2, (r.stdout, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and said in lines[0], r.stderr
    assert "lic-policy check --format json -o lic-policy-baseline.json" in lines[0], lines[0]
    assert "Traceback" not in r.stderr


def test_writing_the_report_over_its_own_baseline_is_refused(repo):
    """`--baseline b.json -o b.json` would write a report without the findings held back over
    the baseline, which would then hold back nothing of them at the next run."""
    _baseline(repo)
    before = (repo / "lic-policy-baseline.json").read_bytes()
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--format", "json", "--baseline", "lic-policy-baseline.json",
                "-o", "lic-policy-baseline.json", "guidelines/")
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert "leave --baseline out" in r.stderr, r.stderr
    assert (repo / "lic-policy-baseline.json").read_bytes() == before


def test_changed_since_in_markdown_is_not_fooled_by_a_paragraph_added_above(tmp_path, monkeypatch):
    """A pull request that added one paragraph at the top of a Markdown policy note failed on
    every finding below it: a paragraph's findings were known by its number (`paragraph.1`),
    and each number had moved down one. Only the new paragraph's finding is the change's."""
    from .conftest import change_branch_repo, git_run

    repo = change_branch_repo(tmp_path, monkeypatch, {"notes.md": OLD})
    (repo / "notes.md").write_text("# Harbour notes\n\nBylaw officers will move prostitutes along.\n\n"
                                   + OLD.split("\n\n", 1)[1], encoding="utf-8")
    git_run(repo, "commit", "-qam", "a paragraph at the top")
    r = run_cli("check", "--no-cache", "--format", "json", "--changed-since", "main", "notes.md")
    found = json.loads(r.stdout)["findings"]
    assert found and all("johns" not in f["match"] and f["match"] != "sting" for f in found), \
        [(f["rule_id"], f["match"]) for f in found]
    assert any("prostitutes" in f["match"] for f in found)


def test_a_check_from_a_subfolder_names_the_files_as_given_there_with_the_cache(tmp_path, monkeypatch):
    """A check run at the repository's root fills `.lic-policy-cache/`; the same check run in
    `guidelines/` (a workflow step with `working-directory: guidelines`, a drafter in a terminal
    there) named every finding `guidelines/notes.md` — the name the first run gave, a path that
    does not exist from there — and `--changed-since main` then said `git is not installed`."""
    from .conftest import change_branch_repo

    repo = change_branch_repo(tmp_path, monkeypatch, {"guidelines/notes.md": OLD})
    (repo / ".lic-policy.yaml").write_text("fail_on: none\n", encoding="utf-8")
    first = json.loads(run_cli("check", "--format", "json", "guidelines/").stdout)
    assert {f["file"] for f in first["findings"]} >= {"guidelines/notes.md"}
    monkeypatch.chdir(repo / "guidelines")
    r = run_cli("check", "--format", "json", ".")
    data = json.loads(r.stdout)
    assert data["summary"]["cached_files"] >= 1, data["summary"]
    names = {f["file"] for f in data["findings"]}
    assert names and all(os.path.exists(n) for n in names), names
    r = run_cli("check", "--changed-since", "main", ".")
    assert r.exit_code == 0, (r.stdout, r.stderr)
    assert "not installed" not in r.stderr
    assert "already there at main not counted" in r.stdout, r.stdout


def test_git_run_in_a_folder_that_is_not_there_does_not_say_git_is_missing(tmp_path):
    from lic_policy import gitread
    from lic_policy.errors import InputError

    with pytest.raises(InputError) as e:
        gitread.blob("HEAD", "./x.yaml", cwd=str(tmp_path / "gone"), max_size=100)
    assert "not installed" not in e.value.one_line() and "does not exist" in e.value.one_line()


def test_a_hostile_baseline_is_one_line(repo):
    """A baseline nested 100,000 deep (json's RecursionError) or a folder is one line, exit 2."""
    (repo / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (repo / "folder.json").mkdir()
    (repo / "odd.json").write_text('{"findings": [{"file": "guidelines/notes.md", "rule_id": [1], "clause": {}, '
                                   '"field": 3, "match": null}]}', encoding="utf-8")
    r = run_cli("check", "--no-cache", "--fail-on", "warning", "--baseline", "odd.json", "guidelines/")
    assert r.exit_code == 1 and "no finding was in the baseline odd.json" in r.stdout, (r.stdout, r.stderr)
    for name in ("deep.json", "folder.json"):
        r = run_cli("check", "--no-cache", "--baseline", name, "guidelines/")
        assert r.exit_code == 2, (name, r.stdout, r.stderr)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "baseline" in lines[0] and "Traceback" not in r.stderr, r.stderr
