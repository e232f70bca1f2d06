"""A review file beside a guideline that is a symbolic link out of the repository: git keeps
links, so a pull request can add `g.review.yaml -> /home/runner/.aws/credentials`, and `check`
in CI read the file it led to and quoted what it could not parse (a key of that file) into the
reports the job uploads (hostile30). Such a link is not followed; a link within the checkout is."""

from __future__ import annotations

import json
import os
import shutil

from .conftest import GOOD, run_cli

SECRET = "github.com:\n  oauth_token: gho_NOT_A_REAL_TOKEN_1234\n"  # another tool's file, with a key and a value


def _repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # a git checkout, as far as finding its top is concerned
    shutil.copy(GOOD, repo / "g.yaml")
    outside = tmp_path / "home" / "hosts.yml"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    return repo, outside


def test_check_does_not_follow_a_review_file_link_out_of_the_checkout(tmp_path, monkeypatch):
    repo, outside = _repo(tmp_path)
    os.symlink(outside, repo / "g.review.yaml")
    monkeypatch.chdir(repo)
    r = run_cli("check", "--no-cache", "--format", "json", "g.yaml")
    assert r.exit_code in (0, 1), r.stderr
    assert "github.com" not in r.stdout + r.stderr and "gho_" not in r.stdout + r.stderr
    messages = [f["message"] for f in json.loads(r.stdout)["findings"]]
    assert any("symbolic link to a file outside this git checkout" in m for m in messages), messages


def test_review_commands_refuse_it_in_one_line(tmp_path, monkeypatch):
    repo, outside = _repo(tmp_path)
    os.symlink(outside, repo / "g.review.yaml")
    monkeypatch.chdir(repo)
    r = run_cli("review", "list", "g.yaml")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 2 and len(lines) == 1, r.stderr
    assert lines[0].startswith("g.review.yaml:") and "outside this git checkout" in lines[0], lines
    assert "github.com" not in r.stdout + r.stderr


def test_a_link_within_the_checkout_is_read(tmp_path, monkeypatch):
    repo, _outside = _repo(tmp_path)
    (repo / "reviews").mkdir()
    monkeypatch.chdir(repo)
    added = run_cli("review", "add", "g.yaml", "--clause", "response.violence.1", "--quote", "violence", "--body",
                    "Name the services first.", "--author", "advisory-3", "--role", "sex-worker-advisory")
    assert added.exit_code == 0, added.stderr
    os.replace(repo / "g.review.yaml", repo / "reviews" / "g.review.yaml")
    os.symlink(os.path.join("reviews", "g.review.yaml"), repo / "g.review.yaml")
    r = run_cli("review", "list", "g.yaml")
    assert r.exit_code == 0 and "Name the services first." in r.stdout, r.stdout + r.stderr
