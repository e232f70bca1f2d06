"""CI on a policy repository, round 11 (ux11): a team that adopts lic-policy on guidelines that
already have findings wants a pull request to fail on the findings it adds, not on the ones the
repository had (`check --changed-since REV`). Each test pins what the team saw before: every
finding of the repository on every pull request, so the job was either always red or set to
`fail_on: none`. The sentences that must be flagged are fixture text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import change_branch_repo, git_run, run_cli

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "guidelines" / "cedar-harbour-early-draft.yaml"
NEW = "Hookers will be moved along."  # MUST-FLAG fixture sentence


def _git(repo: Path, *args: str) -> str:
    return git_run(repo, *args)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return change_branch_repo(tmp_path, monkeypatch,
                              {"notes.md": "Outreach staff met prostitutes near the park.\n"})  # MUST-FLAG fixture


def _add_sentence(repo: Path) -> None:
    path = repo / "guidelines" / "draft.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    # a new clause at the top of the first section's clauses, so every later line moves down
    i = next(n for n, ln in enumerate(lines) if ln.strip() == "clauses:")
    indent = " " * (len(lines[i + 1]) - len(lines[i + 1].lstrip()))
    lines.insert(i + 1, f"{indent}- id: added.1\n{indent}  text: {NEW}\n")
    path.write_text("".join(lines), encoding="utf-8")
    _git(repo, "commit", "-qam", "a new clause")


def test_changed_since_reports_only_the_findings_the_change_added(repo):
    before = json.loads(run_cli("check", "--no-cache", "--format", "json", "guidelines", "notes.md").stdout)
    assert len(before["findings"]) > 20
    _add_sentence(repo)
    r = run_cli("check", "--no-cache", "--format", "json", "--changed-since", "main", "guidelines", "notes.md")
    assert r.exit_code == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["summary"]["changed_since"] == {"rev": "main", "not_counted": len(before["findings"])}
    assert "changed_since" not in before["summary"]
    found = data["findings"]
    assert found and all(f["clause"] == "added.1" for f in found), [(f["rule_id"], f["clause"]) for f in found]
    assert {"lang.slur", "framing.displacement"} <= {f["rule_id"] for f in found}
    text = run_cli("check", "--no-cache", "--changed-since", "main", "guidelines", "notes.md")
    assert f"findings already there at main not counted (--changed-since)" in text.stdout


def test_changed_since_with_nothing_added_exits_0(repo):
    (repo / "notes.md").write_text("Outreach staff met prostitutes near the park.\n\nThe clinic opens at 9.\n",
                                   encoding="utf-8")
    _git(repo, "commit", "-qam", "a clean paragraph")
    r = run_cli("check", "--no-cache", "--changed-since", "main", "guidelines", "notes.md")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "0 errors, 0 warnings, 0 info" in r.stdout


def test_a_file_new_since_the_revision_keeps_all_its_findings(repo):
    shutil.copy(DRAFT, repo / "guidelines" / "second.yaml")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "a second draft")
    r = run_cli("check", "--no-cache", "--format", "json", "--changed-since", "main", "guidelines")
    files = {Path(f["file"]).name for f in json.loads(r.stdout)["findings"]}
    assert files == {"second.yaml"}


def test_a_revision_a_shallow_clone_lacks_is_one_line_that_says_to_fetch_it(repo):
    r = run_cli("check", "--changed-since", "origin/main", "guidelines")
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert "--changed-since: 'origin/main' is not a commit in this clone" in lines[0]
    assert "fetch-depth: 0" in lines[0]


def test_changed_since_is_refused_for_standard_input(repo):
    r = run_cli("check", "-", "--changed-since", "main", stdin="Prostitutes were there.\n")
    assert r.exit_code == 2
    assert "--changed-since needs files in a git checkout" in r.stderr


def test_changed_since_head_is_what_an_uncommitted_edit_adds(repo):
    """What the README's pre-commit `args: [--changed-since, HEAD]` relies on: the file on disk,
    not yet committed, compared with itself at HEAD."""
    path = repo / "notes.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAddicts were referred to the clinic.\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", "--changed-since", "HEAD", "notes.md")
    found = json.loads(r.stdout)["findings"]
    assert [f["match"] for f in found] == ["Addicts"], found


def test_the_github_summary_names_where_the_threshold_came_from(repo):
    """With `fail_on = "warning"` in pyproject.toml and no option given, the job's log said
    "exit 1: 5 findings at or above --fail-on warning": the workflow has no --fail-on to look for."""
    (repo / "pyproject.toml").write_text('[project]\nname = "policy"\n\n[tool.lic-policy]\nfail_on = "warning"\n',
                                         encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "github", "notes.md")
    last = r.stdout.strip().splitlines()[-1]
    assert r.exit_code == 1
    assert "at or above fail_on = warning (pyproject.toml)." in last, last
    r = run_cli("check", "--no-cache", "--format", "github", "--fail-on", "warning", "notes.md")
    assert "at or above --fail-on warning." in r.stdout.strip().splitlines()[-1]


def test_changed_since_head_in_a_repository_with_no_commit_yet_counts_everything(tmp_path, monkeypatch):
    """The pre-commit hook with `--changed-since HEAD` on a repository's first commit: there is
    no HEAD yet, and every file is new — not "'HEAD' is not a commit" (exit 2) on every commit
    until the first one is somehow made."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "notes.md").write_text("Outreach staff met prostitutes near the park.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "--format", "json", "--changed-since", "HEAD", "notes.md")
    assert r.exit_code in (0, 1), r.stderr
    assert [f["match"] for f in json.loads(r.stdout)["findings"]] == ["prostitutes"]
    # a revision that is simply not there is still refused (hostile12: saying why, not "fetch it")
    r = run_cli("check", "--no-cache", "--changed-since", "origin/main", "notes.md")
    assert r.exit_code == 2 and "has no commit yet" in r.stderr


def test_changed_since_on_a_clean_repository_does_not_speak_of_findings_not_counted(tmp_path, monkeypatch):
    """A repository with no finding at the base: the summary said "0 findings already there at
    main not counted", as if some had been set aside. It says the base had none."""
    repo = change_branch_repo(tmp_path, monkeypatch, {"notes.md": "Outreach staff meet sex workers where they work.\n"})
    (repo / "guidelines" / "draft.yaml").unlink()
    _git(repo, "commit", "-qam", "only the notes")
    r = run_cli("check", "--no-cache", "--changed-since", "main", "notes.md")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "0 findings already there" not in r.stdout
    assert "no finding was already there at main (--changed-since)" in r.stdout, r.stdout
