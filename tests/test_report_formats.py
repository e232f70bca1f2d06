"""CI outputs parsed by real consumers: SARIF against the official 2.1.0 schema, JUnit with
a JUnit parser, GitHub workflow commands, colored text with a caret."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from .conftest import DRAFT, GOOD, run_cli

SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-2.1.0-rtm.5.json"


def test_sarif_validates_against_the_official_schema():
    res = run_cli("check", "--no-cache", "--format", "sarif", str(DRAFT))
    assert res.exit_code == 1
    log = json.loads(res.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(r["help"]["markdown"] and r["fullDescription"]["text"] for r in rules)
    ids = [r["id"] for r in rules]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert "licPolicyAnchor/v1" in result["partialFingerprints"]
    assert any("fixes" in r for r in run["results"])


def test_sarif_clean_run_validates():
    res = run_cli("check", "--no-cache", "--format", "sarif", str(GOOD))
    log = json.loads(res.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    assert log["runs"][0]["results"] == []


def test_junit_parses_with_a_junit_parser(tmp_path):
    junitparser = pytest.importorskip("junitparser")
    out = tmp_path / "report.xml"
    res = run_cli("check", "--no-cache", "--format", "junit", "-o", str(out), str(DRAFT), str(GOOD))
    assert res.exit_code == 1
    xml = junitparser.JUnitXml.fromfile(str(out))
    suites = list(xml)
    assert len(suites) == 2
    draft_suite = [s for s in suites if s.name.endswith("early-draft.yaml")][0]
    good_suite = [s for s in suites if s.name.endswith("sex-work-response.yaml")][0]
    assert draft_suite.failures > 10 and good_suite.failures == 0 and good_suite.tests == 1
    case = next(iter(draft_suite))
    assert case.result and "lang." in case.name or "framing." in case.name


def test_github_annotations():
    res = run_cli("check", "--no-cache", "--format", "github", str(DRAFT))
    *lines, summary = res.stdout.strip().splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[\w.-]+::.+$")
    assert lines and all(pattern.match(ln) for ln in lines), lines[:3]
    assert not summary.startswith("::")


def test_github_log_says_what_was_found_and_why_the_step_failed():
    """ux6: in a GitHub Actions log the ::warning/::error lines become annotations, and GitHub
    keeps only 10 of each kind per step; the log said nothing else, so a failed step showed
    "Process completed with exit code 1" and no count, no reason, and no word that most of the
    findings were not shown. The last line is plain text: the counts, the exit code's reason and,
    past 10 of a kind, how to see the rest."""
    res = run_cli("check", "--no-cache", "--format", "github", str(DRAFT))
    assert res.exit_code == 1
    last = res.stdout.strip().splitlines()[-1]
    assert re.match(r"^lic-policy: 1 file checked: \d+ errors?, \d+ warnings?, \d+ info\. ", last), last
    assert "exit 1: " in last and "--fail-on error" in last
    assert "GitHub shows only 10" in last and "lic-policy check" in last
    ok = run_cli("check", "--no-cache", "--format", "github", str(GOOD))
    assert ok.exit_code == 0
    assert ok.stdout.strip().splitlines()[-1] == ("lic-policy: 1 file checked: 0 errors, 0 warnings, 0 info. "
                                                   "exit 0: nothing at or above --fail-on error.")
    lenient = run_cli("check", "--no-cache", "--format", "github", "--fail-on", "none", str(DRAFT))
    assert lenient.exit_code == 0 and "exit 0: --fail-on none" in lenient.stdout.splitlines()[-1]


def test_text_output_has_caret_and_suggestion():
    res = run_cli("check", "--no-cache", "--color", "always", str(DRAFT))
    assert "\x1b[" in res.stdout
    plain = run_cli("check", "--no-cache", str(DRAFT)).stdout
    assert "^^^" in plain and ("fix:" in plain or "suggestion:" in plain) and "source:" in plain
    assert "file checked" in plain or "files checked" in plain


def test_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "r.json"
    run_cli("check", "--no-cache", "--format", "json", "-o", str(out), str(GOOD))
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_a_report_written_to_a_file_says_so_on_the_console(tmp_path):
    """ux6: `check --format sarif -o lic-policy.sarif` (the README's CI step) printed nothing:
    a CI log showed only the exit code, with no count and no sign the file was written. One line
    on stderr says where the report went and what it holds; --quiet leaves it out."""
    out = tmp_path / "lic-policy.sarif"
    res = run_cli("check", "--no-cache", "--format", "sarif", "-o", str(out), str(DRAFT))
    assert res.exit_code == 1 and res.stdout == ""
    assert re.fullmatch(rf"wrote {re.escape(str(out))} \(sarif\): 1 file checked: \d+ errors?, \d+ warnings?, "
                        r"\d+ info\n", res.stderr), res.stderr
    quiet = run_cli("check", "--no-cache", "--quiet", "--format", "sarif", "-o", str(out), str(DRAFT))
    assert quiet.exit_code == 1 and quiet.stderr == ""


def test_github_log_line_when_a_file_cannot_be_read(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("lic_policy: 1\nmetadata: [\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--format", "github", str(bad), str(GOOD))
    assert res.exit_code == 2
    last = res.stdout.strip().splitlines()[-1]
    assert last == ("lic-policy: 1 file checked: 0 errors, 0 warnings, 0 info; 1 file could not be checked (see the "
                    "errors above). exit 2: a file could not be read or parsed, so it was not checked."), last

