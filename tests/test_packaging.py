"""lic-policy installs like any other package: licence, typed public API, an sdist that holds
what the tests and docs need, version classifiers, a release tag scheme the README's pre-commit
`rev:` follows, and a changelog."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import lic_policy

from .conftest import GOOD, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_licence_file_is_the_declared_apache_2_licence():
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text


def test_py_typed_marks_the_package_as_typed():
    assert (ROOT / "lic_policy" / "py.typed").is_file()
    assert "Typing :: Typed" in PYPROJECT["project"]["classifiers"]


def test_python_version_classifiers_follow_requires_python():
    minimum = re.fullmatch(r">=3\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert minimum
    versions = sorted(int(m.group(1)) for c in PYPROJECT["project"]["classifiers"]
                      if (m := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c)))
    assert versions and versions[0] == int(minimum.group(1))
    assert versions == list(range(versions[0], versions[-1] + 1))  # no gaps
    assert f"Programming Language :: Python :: 3.{sys.version_info.minor}" in PYPROJECT["project"]["classifiers"]


def test_public_names_are_listed_and_equal_to_the_lazy_table():
    assert lic_policy.__all__ == ["__version__", *lic_policy._LAZY]
    for name in ("load", "validate", "check", "redline", "publish", "Guideline", "Document", "Finding",
                 "ReviewFile", "Thread", "Anchor", "LicPolicyError"):
        assert name in lic_policy.__all__
        assert name in dir(lic_policy)


@pytest.mark.slow  # 0.26 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_help_lists_the_public_api_with_signatures_and_docstrings():
    code = "import pydoc, lic_policy; print(pydoc.render_doc(lic_policy, renderer=pydoc.plaintext))"
    text = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    for signature in ("load(path: 'str | os.PathLike'", "check(paths: 'Iterable[str | os.PathLike[str]]'",
                      "redline(old: 'Any', new: 'Any'", "publish(path_or_document: 'Any'",
                      "validate = validate_paths(paths: 'Iterable[str]'", "class Guideline(", "class Document("):
        assert signature in text, signature
    assert "Check guideline YAML files, Markdown and text files" in text  # check's docstring
    assert "Publish one guideline" in text


def test_importing_the_package_loads_nothing_heavy():
    code = ("import sys, lic_policy; print(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('pydantic', 'pygls', 'lsprotocol', 'yaml', 'ruamel', 'typing') "
            "or m.startswith('lic_policy.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_redline_and_publish_are_the_functions_even_after_their_modules_were_imported():
    code = ("import lic_policy.redline, lic_policy.publish.pandoc, lic_policy, sys\n"
            f"rl = lic_policy.redline({str(GOOD)!r}, {str(GOOD)!r})\n"
            "print(type(rl).__name__, rl.changed, callable(lic_policy.publish))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["Redline", "False", "True"]


def _mypy_on_the_checkout() -> Path:
    """mypy (``[tool.mypy]``: strict on the public API) run once per test run on this
    checkout, with its cache folder ``cache`` beside its exit code and output: the second
    test below starts from that cache, so mypy reads the standard library's and the
    dependencies' types once (each cold run about 15 s of CPU; from the cache 2 s)."""
    from .conftest import built_once

    def build(folder):
        proc = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(folder / "cache")], cwd=ROOT,
                              capture_output=True, text=True)
        (folder / "returncode").write_text(str(proc.returncode), encoding="ascii")
        (folder / "output").write_text(proc.stdout + proc.stderr, encoding="utf-8")

    return built_once("mypy-strict-on-the-checkout", build)


@pytest.mark.slow
def test_mypy_strict_is_clean_on_the_public_api():
    pytest.importorskip("mypy")
    done = _mypy_on_the_checkout()
    output = (done / "output").read_text(encoding="utf-8")
    assert (done / "returncode").read_text(encoding="ascii") == "0", output
    assert "Success" in output


@pytest.mark.slow
def test_mypy_strict_catches_an_untyped_public_function(tmp_path):
    """The type check is not vacuous: with ``check`` written without annotations (as it was
    before), the same command fails. mypy starts from the checkout's cache (its incremental
    mode checks again every module whose bytes differ, and the modules that import it);
    from an empty cache it reports the same errors, 15 s of CPU against 2 s (speed22)."""
    pytest.importorskip("mypy")
    shutil.copytree(_mypy_on_the_checkout() / "cache", tmp_path / "cache")
    shutil.copytree(ROOT / "lic_policy", tmp_path / "lic_policy", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests" / "typing", tmp_path / "tests" / "typing")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "lic_policy" / "checks" / "__init__.py").write_text(
        "def check(paths, config=None, **kwargs):\n    from .runner import check_paths\n\n"
        "    return check_paths(paths, config, **kwargs)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout
    assert "no-untyped-call" in proc.stdout or "assert-type" in proc.stdout


def _git_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (running from an sdist): nothing to compare the sdist with")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [f for f in out.decode().split("\0") if f and (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("build")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return out


@pytest.mark.slow
def test_sdist_holds_everything_the_tests_and_docs_need(built):
    sdist = next(built.glob("*.tar.gz"))
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    needed = [f for f in _git_files()
              if f.split("/")[0] in ("lic_policy", "tests", "docs", "reviewers", "schemas", "guidelines", "bench")
              or f in ("README.md", "BENCHMARKS.md", "CHANGELOG.md", "LICENSE", "Makefile", ".pre-commit-hooks.yaml",
                       "pyproject.toml")]
    missing = sorted(set(needed) - names)
    assert not missing, missing
    assert not any(n.startswith(("bench/corpus/", ".venv/")) or "__pycache__" in n for n in names)


@pytest.mark.slow
def test_wheel_ships_py_typed_licence_rule_packs_and_schemas(built):
    wheel = next(built.glob("*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(f"lic_policy-{lic_policy.__version__}.dist-info/METADATA").decode()
    assert "lic_policy/py.typed" in names
    assert f"lic_policy-{lic_policy.__version__}.dist-info/licenses/LICENSE" in names
    assert {"lic_policy/_data/reviewers/language.yaml", "lic_policy/_data/schemas/guideline.schema.json"} <= names
    assert "License-Expression: Apache-2.0" in meta
    assert "Classifier: Programming Language :: Python :: 3.11" in meta


def test_readme_pre_commit_rev_is_the_release_tag_of_this_version():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    revs = re.findall(r"^\s*rev:\s*(\S+)", readme, re.M)
    assert revs and set(revs) == {f"v{lic_policy.__version__}"}
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f"rev: v{lic_policy.__version__}" in hooks


def test_changelog_has_a_section_for_this_version_and_says_how_releases_are_tagged():
    log = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(lic_policy.__version__)} - \d{{4}}-\d\d-\d\d$", log, re.M)
    assert "## Unreleased" in log
    assert "tagged `vX.Y.Z`" in log
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "release-tag:" in makefile and "git tag -a v$(VERSION)" in makefile


def test_release_tag_target_creates_the_tag_the_readme_names(tmp_path):
    """`make release-tag` in a clone tags v<version>, which is the README's `rev:`."""
    if shutil.which("git") is None or shutil.which("make") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git, make and a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--shared", str(ROOT), str(clone)], check=True)
    # the working tree's Makefile, CHANGELOG and version (the test may run before they are committed)
    for f in ("Makefile", "CHANGELOG.md", "lic_policy/__init__.py"):
        shutil.copy(ROOT / f, clone / f)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "tag", "-d", f"v{lic_policy.__version__}"], cwd=clone, capture_output=True)
    proc = subprocess.run(["make", "-s", "release-tag"], cwd=clone, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tags = subprocess.run(["git", "tag", "--list", "v*"], cwd=clone, capture_output=True, text=True).stdout.split()
    assert f"v{lic_policy.__version__}" in tags
