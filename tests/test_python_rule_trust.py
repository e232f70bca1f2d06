"""A rule pack from a repository's configuration may name a Python function (`kind: python`).
Importing it runs code, so a function outside lic-policy itself runs only when the person
running the check says they trust it (LIC_POLICY_TRUST_PYTHON_RULES=1): a pull request that
adds a pack and a module cannot run code in CI by adding a configuration line."""

from __future__ import annotations

import sys

from .conftest import run_cli

PACK = """\
pack: local
reviewer: structure
rules:
  - id: local.hello
    kind: python
    function: {function}
    severity: warning
    message: hello
    rationale: a test
    sources: [{{title: test, url: "https://example.org/"}}]
    examples:
      flag: ["metadata: {{id: x, title: X, status: draft}}"]
      pass: ["metadata: {{id: y, title: Y, status: published}}"]
"""

GUIDE = "lic_policy: 1\nmetadata: {id: x, title: X, status: draft}\n"


def _repo(tmp_path, function: str):
    from lic_policy.checks import findings

    findings._FUNCTIONS.clear()  # functions are imported once per process
    (tmp_path / "evil_mod.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_name('RAN').write_text('ran')\n"
        "def hello(doc, config, rule):\n    return []\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(PACK.format(function=function), encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [pack.yaml]\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_text(GUIDE, encoding="utf-8")


def test_a_repository_pack_cannot_run_its_own_python_without_trust(tmp_path, monkeypatch):
    _repo(tmp_path, "evil_mod:hello")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # as `python -m lic_policy` would find it
    monkeypatch.delenv("LIC_POLICY_TRUST_PYTHON_RULES", raising=False)
    sys.modules.pop("evil_mod", None)
    r = run_cli("check", "--no-cache", "g.yaml")
    assert r.exit_code == 2, r.stdout + r.stderr
    assert not (tmp_path / "RAN").exists()
    errors = [ln for ln in (r.stdout + r.stderr).splitlines() if "error:" in ln]
    assert len(errors) == 1 and "LIC_POLICY_TRUST_PYTHON_RULES" in errors[0] and "evil_mod" in errors[0]
    assert "Traceback" not in r.stdout + r.stderr


def test_a_trusted_pack_runs_its_python(tmp_path, monkeypatch):
    _repo(tmp_path, "evil_mod:hello")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("LIC_POLICY_TRUST_PYTHON_RULES", "1")
    sys.modules.pop("evil_mod", None)
    r = run_cli("check", "--no-cache", "g.yaml")
    assert r.exit_code in (0, 1), r.stdout + r.stderr
    assert (tmp_path / "RAN").exists()


def test_lic_policys_own_functions_need_no_trust(tmp_path, monkeypatch):
    monkeypatch.delenv("LIC_POLICY_TRUST_PYTHON_RULES", raising=False)
    (tmp_path / "g.yaml").write_text(GUIDE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "g.yaml")  # the bundled structure pack is kind: python
    assert r.exit_code in (0, 1), r.stdout + r.stderr
