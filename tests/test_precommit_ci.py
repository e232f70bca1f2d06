"""The README's pre-commit and GitHub Actions sections, followed as written in a throwaway
policy repository.

pre-commit (from PyPI, a dev dependency) installs the hooks from a git repository holding
this checkout's files at the release tag the README names (``rev: vX.Y.Z``), exactly as it
would from where lic-policy is hosted; then the README's workflow steps that run commands
are run in the same repository with the lic-policy that pre-commit installed. Installing
the hook environment needs PyPI (or a wheel cache): where it cannot, the test is skipped with
the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lic_policy

from .conftest import DRAFT, GOOD, ROOT

pytestmark = pytest.mark.slow

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
OFFLINE = re.compile(r"No matching distribution|Could not find a version|NewConnectionError|Temporary failure in name "
                     r"resolution|Network is unreachable|Max retries exceeded|ConnectTimeout|ProxyError", re.I)


def _readme_block(lang: str, marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for m in re.finditer(rf"```{lang}\n(.*?)```", readme, re.S):
        if marker in m.group(1):
            return m.group(1)
    raise AssertionError(f"no ```{lang} block with {marker!r} in the README")


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV}).stdout


@pytest.fixture(scope="module")
def hosted(tmp_path_factory) -> Path:
    """lic-policy as hosted: a git repository of this checkout's files, tagged v<version>."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hosted") / "lic-policy"
    if (ROOT / ".git").exists():
        files = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).split("\0")
    else:  # an unpacked sdist: everything in it
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    for f in files:
        if f and (ROOT / f).is_file():
            (repo / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, repo / f)
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-qm", "lic-policy", cwd=repo)
    _git("tag", "-a", f"v{lic_policy.__version__}", "-m", "release", cwd=repo)
    return repo


def _policy_repo(root: Path, hosted: Path) -> Path:
    """A policy repository with the README's .pre-commit-config.yaml (its repo URL pointing at
    the hosted copy) and workflow, a good guideline, and a compose file."""
    repo = root / "policy"
    repo.mkdir()
    config = _readme_block("yaml", ".pre-commit-config.yaml")
    url = re.search(r"repo:\s*(\S+)", config).group(1)
    (repo / ".pre-commit-config.yaml").write_text(config.replace(url, str(hosted)), encoding="utf-8")
    (repo / "guidelines").mkdir()
    shutil.copy(GOOD, repo / "guidelines" / "city.yaml")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "lic-policy.yml").write_text(_readme_block("yaml", "upload-sarif"),
                                                                   encoding="utf-8")
    (repo / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    (repo / "README.md").write_text("# Our guidelines\n\nServices for sex workers, by sex workers.\n",
                                    encoding="utf-8")
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    return repo


def _pre_commit(repo: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, capture_output=True, text=True,
                          env=env, timeout=900)


def test_readme_pre_commit_config_names_this_release_and_the_shipped_hooks():
    config = _readme_block("yaml", ".pre-commit-config.yaml")
    assert f"rev: v{lic_policy.__version__}" in config
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for hook_id in re.findall(r"- id:\s*(\S+)", config):
        assert f"- id: {hook_id}\n" in hooks


def test_each_hook_runs_as_one_process_so_a_run_prints_one_summary():
    # with require_serial: false pre-commit split the files among parallel processes, each
    # printing its own "N files checked" summary and next: line (ux18); lic-policy spreads a
    # run over the cores itself
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h.get("require_serial") for h in hooks} == \
        {"lic-policy-check": True, "lic-policy-validate": True, "lic-policy-fix": True}


def test_pre_commit_hooks_as_the_readme_configures_them(tmp_path, hosted):
    """Installed by pre-commit from the tagged repository; pass on a clean repository that
    also holds a workflow and a compose file; fail with the findings on the early draft."""
    pytest.importorskip("pre_commit")
    repo = _policy_repo(tmp_path, hosted)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("VIRTUAL_ENV", None)
    proc = _pre_commit(repo, env, "install-hooks")
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        log_file = tmp_path / "pre-commit-home" / "pre-commit.log"
        if log_file.exists():
            log += log_file.read_text(encoding="utf-8", errors="replace")
        if OFFLINE.search(log):
            pytest.skip("pre-commit could not install the hook environment without the package index: "
                        + OFFLINE.search(log).group(0))
        raise AssertionError(log[-4000:])

    proc = _pre_commit(repo, env, "run", "--all-files", "--color", "never")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"lic-policy check.*Passed", proc.stdout)
    assert "lic-policy validate" not in proc.stdout  # ux11: check reports validation; not run twice

    shutil.copy(DRAFT, repo / "guidelines" / "draft.yaml")
    _git("add", "-A", cwd=repo)
    proc = _pre_commit(repo, env, "run", "--all-files", "--color", "never")
    assert proc.returncode == 1
    assert re.search(r"lic-policy check.*Failed", proc.stdout)
    assert "guidelines/draft.yaml:" in proc.stdout and "involvement.every-stage" in proc.stdout
    assert "city.yaml:" not in proc.stdout
    assert not re.search(r"^lic-policy fix --write.*(Passed|Failed)", proc.stdout, re.M)  # manual stage only

    # ux10: the safe fixes with the lic-policy pre-commit installed, as the README says
    command = re.search(r"`(pre-commit run lic-policy-fix [^`]*)`", (ROOT / "README.md").read_text(encoding="utf-8"))
    args = command.group(1).split()[1:]
    assert args[-1] == "guidelines/draft.yaml"
    proc = _pre_commit(repo, env, *args, "--color", "never")
    assert proc.returncode == 1 and "files were modified by this hook" in proc.stdout, proc.stdout + proc.stderr
    fixed = (repo / "guidelines" / "draft.yaml").read_text(encoding="utf-8")
    assert "arrests of clients and pimps" in fixed and fixed != DRAFT.read_text(encoding="utf-8")


def test_readme_github_actions_steps_run_as_written(tmp_path, hosted):
    """Each `run:` step of the README's workflow, in order, in the policy repository, with the
    install step pointed at the hosted copy (the README's placeholder URL)."""
    import yaml

    policy_repo = _policy_repo(tmp_path, hosted)
    workflow = yaml.safe_load(_readme_block("yaml", "upload-sarif"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["check"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses[0].startswith("actions/checkout@") and any(u.startswith("github/codeql-action/upload-sarif@")
                                                           for u in uses)
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    runs = [s["run"] for s in steps if "run" in s]
    venv = policy_repo.parent / "actions-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    # actions/setup-python brings a current pip; the pip that `venv` bundles may be older
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"],
                   capture_output=True, env=env, timeout=300)
    install = runs[0]
    assert install.startswith("pip install ")
    url = re.search(r"git\+(\S+?)@v", install)
    assert url, install
    install = install.replace(url.group(1), f"file://{hosted}")
    proc = subprocess.run(install, shell=True, cwd=policy_repo, capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode != 0 and OFFLINE.search(proc.stdout + proc.stderr):
        pytest.skip("pip could not install lic-policy's dependencies without the package index")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for step in runs[1:]:
        proc = subprocess.run(step, shell=True, cwd=policy_repo, capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, (step, proc.stdout[-3000:], proc.stderr[-3000:])
    sarif = json.loads((policy_repo / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "lic-policy"
