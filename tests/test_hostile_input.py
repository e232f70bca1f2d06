"""Hostile input (issue 13): git argument injection, archive bombs and special files, YAML
tricks, very large files, the check cache, catastrophic patterns and the smaller cases.

Each test here was written before its fix and failed on main."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, GOOD, ROOT, run_cli


def _git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    _git(tmp_path, "add", "g.yaml")
    _git(tmp_path, "commit", "-q", "-m", "draft")
    shutil.copy(GOOD, tmp_path / "g.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- git argument injection

OPTION_LIKE = ["--output=pwned:g.yaml", "--output=pwned", "-opwned:g.yaml", "--exec=touch pwned:g.yaml",
               "--textconv:g.yaml", "-:g.yaml", "--:g.yaml"]


@pytest.mark.parametrize("spec", OPTION_LIKE)
@pytest.mark.parametrize("command", ["diff", "compare", "review packet --since"])
def test_option_like_revisions_never_reach_git_as_options(repo, command, spec):
    """A REV:path side beginning with '-' made `git show` take it as an option: git wrote the
    file named by --output=. Now it is a one-line error and nothing is written."""
    if command == "diff":
        args = ("diff", "--", spec, "g.yaml")
    elif command == "compare":
        args = ("compare", "--", spec, "g.yaml")
    else:
        args = ("review", "packet", "g.yaml", "--since", spec, "-o", "packet.docx")
    before = sorted(p.name for p in repo.iterdir())
    res = run_cli(*args)
    assert res.exit_code == 2, (res.exit_code, res.stdout, res.stderr)
    assert res.stderr.count("\n") == 1 and "internal error" not in res.stderr, res.stderr
    assert sorted(p.name for p in repo.iterdir()) == before  # git wrote nothing
    assert "revision" in res.stderr or ":" not in spec


def test_a_real_revision_still_works(repo):
    res = run_cli("diff", "--format", "json", "HEAD:g.yaml", "g.yaml")
    assert res.exit_code == 0, res.stderr
    res = run_cli("diff", "--format", "json", "HEAD:./g.yaml", "g.yaml")
    assert res.exit_code == 0, res.stderr


def test_a_huge_git_blob_is_refused_before_it_is_read(repo):
    """A 300 MB blob was read whole from `git show` before the size check. Now its size is asked
    first and the content read with a cap: the process stays small."""
    big = repo / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"purpose: ")
        fh.truncate(160 * 1024 * 1024)  # 160 MB of zero bytes (git compresses it to almost nothing)
    _git(repo, "add", "big.yaml")
    _git(repo, "commit", "-q", "-m", "big")
    big.unlink()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "diff", "HEAD:big.yaml", "g.yaml"], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode()
    assert os.waitstatus_to_exitcode(status) == 2, err
    assert "over the 10,485,760-byte limit" in err and err.count("\n") == 1
    assert usage.ru_maxrss / 1024 < 120, usage.ru_maxrss  # MB: never the 160 MB blob
