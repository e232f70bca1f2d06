"""Round 25 (ux25): a policy repository's maintainer setting up CI (three guidelines and a
Markdown draft, the configuration in `.lic-policy.yaml` and then in `pyproject.toml`, the
README's workflow, its reports read as GitHub, a JUnit viewer and code scanning read them) and
an editor user driving `lic-policy lsp`. Each test pins a stumble: the wrong output is what
the user got before the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run_cli

NOTE = "Outreach staff met two prostitutes near the park.\n"  # must-flag fixture: one warning


# --------------------------------------------------------------------------- a missing rule pack

@pytest.mark.parametrize("config_name, text, line, column", [
    (".lic-policy.yaml", "fail_on: warning\npacks: [policy/local-rules.yaml]\n", 2, 9),
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.lic-policy]\nfail_on = "warning"\n'
                       'packs = ["policy/local-rules.yaml"]\n', 6, 10),
])
def test_a_missing_pack_is_named_at_its_entry_in_the_configuration(tmp_path, monkeypatch, config_name, text, line,
                                                                   column):
    """A maintainer moved the local pack (or a pull request renamed it): every command said
    `/abs/policy/local-rules.yaml: error: rule pack not found (check 'packs' in the
    configuration)` — at a file that is not there, not saying which configuration — and the
    workflow's annotation went to that missing file, which no pull request shows. The error is
    at the entry in the configuration, as a pack listed twice is."""
    (tmp_path / config_name).write_text(text, encoding="utf-8")
    (tmp_path / "notes.md").write_text(NOTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run_cli("check", "--no-cache", "notes.md")
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.exit_code == 2 and len(lines) == 1, r.stdout + r.stderr
    cfg = os.path.realpath(tmp_path / config_name)
    assert lines[0].startswith(f"{cfg}:{line}:{column}: error: rule pack 'policy/local-rules.yaml' not found"), lines
    assert str(tmp_path / "policy" / "local-rules.yaml") in lines[0], lines  # where it was looked for
    r = run_cli("check", "--no-cache", "--format", "github", "notes.md")
    assert r.exit_code == 2
    assert r.stdout.startswith(f"::error file={config_name},line={line},col={column},title=lic-policy::"
                               "rule pack 'policy/local-rules.yaml' not found"), r.stdout
