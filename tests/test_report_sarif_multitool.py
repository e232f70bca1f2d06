"""SARIF output checked by Microsoft's official validator, `sarif-multitool validate`: the
JSON Schema plus the SARIF best-practice rules and GitHub code scanning's ingestion rules
(rule kinds `Sarif;Gh`). Every error or warning it reports fails the test; notes (advice such
as "provide a contextRegion") are allowed.

The validator ships in the npm package `@microsoft/sarif-multitool` (a self-contained native
binary). The test looks for it, in order, at $SARIF_MULTITOOL (the binary), in
bench/.tools/sarif-multitool (`npm install --prefix bench/.tools/sarif-multitool
@microsoft/sarif-multitool`) and on PATH, and is skipped where it is not installed; the JSON
Schema validation in test_report_formats.py runs everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lic_policy.checks.runner import check_paths
from lic_policy.config import Config
from lic_policy.report import render

from .conftest import DRAFT, ROOT


def _multitool() -> list[str] | None:
    env = os.environ.get("SARIF_MULTITOOL")
    if env and os.access(env, os.X_OK):
        return [env]
    plat = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform, sys.platform)
    native = (ROOT / "bench" / ".tools" / "sarif-multitool" / "node_modules" / "@microsoft"
              / f"sarif-multitool-{plat}" / ("Sarif.Multitool.exe" if plat == "win32" else "Sarif.Multitool"))
    if native.is_file() and os.access(native, os.X_OK):
        return [str(native)]
    found = shutil.which("Sarif.Multitool") or shutil.which("sarif-multitool")
    return [found] if found else None


TOOL = _multitool()
pytestmark = pytest.mark.skipif(TOOL is None, reason="sarif-multitool is not installed (see module docstring)")


def validate(path: Path, tmp_path: Path) -> list[dict]:
    """Results (problems) the official validator reports at level error or warning."""
    out = tmp_path / "validation.sarif"
    args = [*TOOL, "validate", str(path), "--output", str(out), "--level", "Error;Warning",
            "--rule-kind", "Sarif;Gh", "--quiet"]
    if TOOL[0].endswith("sarif-multitool"):  # the npm wrapper runs the binary through a shell
        args = [*TOOL, "validate", str(path), "--output", str(out), "--level", "'Error;Warning'",
                "--rule-kind", "'Sarif;Gh'", "--quiet"]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert out.is_file(), f"validator did not run: {proc.stdout}\n{proc.stderr}"
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    return [r for run in log.get("runs", []) for r in run.get("results", [])
            if r.get("level", "warning") in ("error", "warning")]


@pytest.mark.slow  # 1.1 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_our_sarif_passes_the_official_validator(tmp_path):
    draft = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, draft)
    notes = tmp_path / "notes.md"  # must-flag fixture: prose with a finding and a safe fix
    notes.write_text("# Notes\n\nOutreach staff met two prostitutes near the park.\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"  # a file that cannot be parsed becomes a notification
    broken.write_text("metadata: [unclosed\n", encoding="utf-8")
    report = check_paths([str(draft), str(notes), str(broken)], Config(cache=False))
    assert {"error", "warning", "info"} <= {f.severity for f in report.findings}
    assert any(f.fix for f in report.findings)
    sarif = tmp_path / "out.sarif"
    sarif.write_text(render("sarif", report, root=str(tmp_path)), encoding="utf-8")
    problems = validate(sarif, tmp_path)
    assert problems == [], json.dumps(problems, indent=1)[:3000]


@pytest.mark.slow
def test_the_validator_catches_a_broken_log(tmp_path):
    """The check above can fail: a log whose result has no message and whose rule index is
    out of range is reported. (A test of the validator, not of our SARIF: one more start of
    it, about 1 s of CPU, so `make test-all` and CI run it.)"""
    report = check_paths([str(DRAFT)], Config(cache=False))
    log = json.loads(render("sarif", report, root=str(ROOT)))
    result = log["runs"][0]["results"][0]
    del result["message"]
    result["ruleIndex"] = 10_000
    bad = tmp_path / "bad.sarif"
    bad.write_text(json.dumps(log), encoding="utf-8")
    assert validate(bad, tmp_path)


@pytest.mark.slow  # 1.1 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_uris_with_spaces_and_outside_the_working_folder_pass_the_validator(tmp_path):
    """A path with spaces is percent-encoded relative to %SRCROOT%; a file outside the
    working folder gets an absolute file: URI with no uriBaseId (SARIF 2.1.0 §3.4.3)."""
    work = tmp_path / "policy repo"
    (work / "drafts and notes").mkdir(parents=True)
    inside = work / "drafts and notes" / "early draft #1.yaml"
    shutil.copy(DRAFT, inside)
    outside_dir = tmp_path / "elsewhere 100%"
    outside_dir.mkdir()
    outside = outside_dir / "notes.md"  # must-flag fixture: prose with a finding
    outside.write_text("Outreach staff met two prostitutes near the park.\n", encoding="utf-8")
    report = check_paths([str(inside), str(outside)], Config(cache=False))
    sarif = tmp_path / "out.sarif"
    sarif.write_text(render("sarif", report, root=str(work)), encoding="utf-8")
    log = json.loads(sarif.read_text(encoding="utf-8"))
    locations = [loc["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
                 for loc in r["locations"]]
    assert {"uri": "drafts%20and%20notes/early%20draft%20%231.yaml", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": outside.as_uri()} in locations and "%25" in outside.as_uri()
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == work.as_uri() + "/"
    problems = validate(sarif, tmp_path)
    assert problems == [], json.dumps(problems, indent=1)[:3000]
