"""`lic-policy check` on bad inputs: files that cannot be read or parsed, broken rule packs,
bad configuration and bad suppressions. Each is one clear line with file:line:col, the
right exit code, never a traceback, and the other files are still checked."""

from __future__ import annotations

import json

import pytest

from .conftest import CORPUS, GOOD, run_cli

CHECKS = CORPUS / "checks"
BAD = CORPUS / "bad"

# files `check` cannot read or parse → (line, column, words of the message)
UNREADABLE = {
    CHECKS / "binary.txt": (1, 12, "binary file"),
    CHECKS / "invalid-utf8.md": (3, 13, "invalid UTF-8 (byte 0xff)"),
    CHECKS / "utf16.md": (1, 1, "the file is UTF-16 text, not UTF-8"),  # hostile3: was "binary file"
    CHECKS / "list.yaml": (1, 1, "a guideline is a YAML mapping"),
    CHECKS / "syntax-error.yaml": (5, 1, "which started at line 3, column 10"),
    BAD / "malformed.yaml": (5, 8, "YAML syntax error"),
    BAD / "duplicate-key.yaml": (5, 1, "duplicate key 'purpose'"),
    BAD / "tab-indent.yaml": (3, 1, "tab character used for indentation"),
    BAD / "binary.yaml": (1, 14, "binary file"),
    BAD / "invalid-utf8.yaml": (2, 13, "invalid UTF-8"),
    BAD / "empty.yaml": (1, 1, "the file is empty"),
    BAD / "whitespace-only.yaml": (1, 1, "the file is empty"),
    BAD / "not-a-mapping.yaml": (1, 1, "a guideline is a YAML mapping"),
    BAD / "two-documents.yaml": (2, 1, "more than one YAML document"),
    BAD / "alias-bomb.yaml": (None, None, "alias expansion"),
    BAD / "deep-nesting.yaml": (2, None, "nesting deeper than 64 levels"),
    BAD / "deep-block-nesting.yaml": (None, None, "nesting deeper than 64 levels"),
    # issue 13: the same verdict as validate (check passed tagged collections with exit 0)
    BAD / "python-tag.yaml": (16, 13, "unsupported YAML tag '!!python/object/apply:os.system'"),
    BAD / "python-scalar-tag.yaml": (13, 10, "unsupported YAML tag '!!python/name:os.system'"),
    BAD / "set-tag.yaml": (12, 14, "unsupported YAML tag '!!set'"),
    BAD / "line-separator.yaml": (13, 15, "LINE SEPARATOR (U+2028)"),
    BAD / "next-line.yaml": (13, 15, "NEXT LINE control character"),
    BAD / "huge-integer.yaml": (1, 13, "a number with 5,000 digits"),
    BAD / "utf16-bom.yaml": (1, 1, "the file is UTF-16 text, not UTF-8"),
    # hostile4: pasted no-break-space indentation, a second byte-order mark, merge keys
    BAD / "nbsp-indent.yaml": (4, 1, "no-break space (U+00A0) used for indentation"),
    BAD / "double-bom.yaml": (1, 1, "a second byte-order mark (U+FEFF)"),
    BAD / "merge-key.yaml": (16, 3, "YAML merge keys (<<) are not supported"),
    # hostile5: a control character had no line or column
    BAD / "form-feed.yaml": (14, 1, "a control character (U+000C, form feed)"),
    BAD / "lone-cr-in-line.yaml": (16, 31, "a carriage return (CR) on its own inside a line"),  # hostile9
}
# parseable YAML that fails validation: `check` reads its prose anyway (validate reports the rest)
PARSEABLE = ["missing-fields.yaml", "model-rules.yaml", "unknown-field.yaml", "wrong-types.yaml", "todo-about-typo.yaml",
             "seat-count-mismatch.yaml", "list-as-id.yaml", "wrong-type-structures.yaml",
             "non-text-fields.yaml", "metadata-as-text.yaml", "scalar-as-list.yaml", "future-version.yaml",
             "coerced-numbers.yaml",  # hostile6
             "repeated-ids.yaml", "control-key.yaml"]  # hostile25


def test_the_corpus_is_covered():
    from .test_bad_privacy_inputs import PRIVACY_CASES  # valid guidelines that identify people: checked there

    assert {p.name for p in BAD.iterdir()} == {p.name for p in UNREADABLE if p.parent == BAD} | set(PARSEABLE) | \
        set(PRIVACY_CASES)
    listed = {p.name for p in UNREADABLE if p.parent == CHECKS} | {p.name for p in CHECKS.glob("suppression-*")}
    assert {p.name for p in CHECKS.iterdir() if p.is_file()} == listed


@pytest.mark.parametrize("path", sorted(UNREADABLE), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_unreadable_file_is_one_line_and_exit_2_and_the_rest_is_still_checked(path, tmp_path):
    line, col, words = UNREADABLE[path]
    notes = tmp_path / "notes.md"  # must-flag fixture: checked although the other file is broken
    notes.write_text("Outreach staff met two prostitutes.\n", encoding="utf-8")
    r = run_cli("check", "--no-cache", "--color", "never", str(path), str(notes))
    out = r.stdout + r.stderr
    assert r.exit_code == 2, out
    assert "Traceback" not in out
    [msg] = [ln for ln in out.splitlines() if words in ln]
    where = f"{path}:" + (f"{line}:" if line else "") + (f"{col}:" if col else "")
    assert msg.startswith(where) and ": error: " in msg, msg
    assert f"{notes}:1:24: warning lang.prostitute" in out  # the other file was checked
    assert "could not be checked" in out.splitlines()[-1]


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit"])
def test_unreadable_files_appear_in_every_format(fmt):
    r = run_cli("check", "--no-cache", "--format", fmt, str(CHECKS / "list.yaml"))
    assert r.exit_code == 2
    assert "a guideline is a YAML mapping" in r.stdout
    if fmt == "json":
        data = json.loads(r.stdout)
        assert data["errors"][0]["line"] == 1 and data["errors"][0]["file"].endswith("list.yaml")


@pytest.mark.parametrize("name", PARSEABLE)
def test_files_that_fail_validation_are_still_checked(name):
    r = run_cli("check", "--no-cache", "--color", "never", str(BAD / name))
    assert r.exit_code in (0, 1), r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr


# ---------------------------------------------------------------- suppressions


@pytest.mark.parametrize("name,code,expected", [
    ("suppression-no-reason.yaml", 1,
     ["6:33: warning lang.prostitute", "6:61: error lic-policy.suppression-reason suppression of lang.prostitute gives no reason"]),
    ("suppression-unknown-rule.yaml", 0,
     ["6:33: warning lang.prostitute", "6:61: warning lic-policy.unknown-suppression suppression names an unknown rule 'lang.prostitutes'"]),
    ("suppression-unused.yaml", 0,
     ["6:57: warning lic-policy.unused-suppression suppression of 'lang.prostitute' is not used"]),
    ("suppression-used.md", 0, []),
])
def test_bad_suppressions_are_findings(name, code, expected):
    # the fixtures are fragments of guidelines: their structure and validity are not the point
    r = run_cli("check", "--no-cache", "--skip", "structure,validation", "--color", "never", str(CHECKS / name))
    lines = [ln for ln in r.stdout.splitlines() if ln.startswith(str(CHECKS / name) + ":")]
    assert r.exit_code == code, r.stdout
    assert len(lines) == len(expected), r.stdout
    for want in expected:
        assert any(f"{CHECKS / name}:{want}" in ln for ln in lines), (want, lines)


def test_a_used_markdown_suppression_is_counted_and_its_comment_is_not_prose():
    r = run_cli("check", "--no-cache", "--format", "json", str(CHECKS / "suppression-used.md"))
    data = json.loads(r.stdout)
    assert data["findings"] == []
    assert data["summary"]["suppressed"] == 1  # the sentence; the rule id inside the comment is not prose


# ---------------------------------------------------------------- packs and configuration

PACKS = {
    "bad-regex.yaml": ":3:5: error: rule broken.regex: invalid regular expression '(unclosed'",
    "bad-severity.yaml": ":4:15: error: rule broken.severity: severity 'fatal' is not error, warning or info",
    "duplicate-id.yaml": ":3:9: error: rule id 'lang.prostitute' is defined twice",
    # ux7: a list as a fix was written into documents as "['bar', 'baz']"
    "fix-not-words.yaml": ":8:10: error: rule broken.fix: 'fix' maps each word found to the one text",
    # ux7: printed as '{matches}' in every finding
    "unknown-placeholder.yaml": ":5:14: error: rule broken.placeholder: unknown placeholder '{matches}'",
    "no-examples.yaml": ":3:5: error: rule broken.examples: needs examples that must flag and examples that must pass",
    "no-sources.yaml": ":3:5: error: rule broken.no-sources: every rule names at least one source",
    "not-yaml.yaml": ":3:1: error: YAML syntax error",
    "unknown-exception.yaml": ":3:5: error: rule broken.exception: unknown exception(s) sarcasm (known: attribution",
    "unknown-key.yaml": ":9:5: error: rule broken.key: unknown key 'examplez' (did you mean 'examples'?)",
    # issue 13: ran 20 s on a line of 30 a's; refused when the pack is loaded
    "catastrophic.yaml": ":3:5: error: rule broken.catastrophic: pattern '(a|aa)+b' can take exponential time",
}


def test_every_broken_pack_is_listed():
    assert sorted(p.name for p in (CHECKS / "packs").iterdir()) == sorted(PACKS)


# each case runs three commands that compile the packs anew (about 7 s): one runs in `make test`, all in CI
@pytest.mark.parametrize("name", [pytest.param(n, marks=() if n == "bad-regex.yaml" else pytest.mark.slow)
                                  for n in sorted(PACKS)])
def test_broken_rule_pack_is_one_clear_line(name, tmp_path):
    pack = CHECKS / "packs" / name
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text(f"packs: [{pack}]\n", encoding="utf-8")
    for args in (["check", "--no-cache", str(GOOD)], ["rules"], ["fix", str(GOOD)]):
        r = run_cli(*args[:1], "--config", str(cfg), *args[1:]) if args[0] != "rules" else \
            run_cli("rules", "--config", str(cfg))
        out = (r.stdout + r.stderr).strip()
        assert r.exit_code == 2, out
        assert "Traceback" not in out
        assert len(out.splitlines()) == 1, out
        assert out.startswith(str(pack) + PACKS[name]), out


@pytest.mark.parametrize("config,words", [
    ("rules:\n  disable: [lang.prostitue]\n", "unknown rule id 'lang.prostitue' in the configuration (did you mean 'lang.prostitute'?)"),
    ("rules:\n  severity: {lang.prostitute: fatal}\n", "fatal"),
    ("packs: [missing-pack.yaml]\n", "rule pack 'missing-pack.yaml' not found"),  # ux25: at its entry
    ("fail_on: sometimes\n", "fail_on must be one of"),
    # hostile3: a string where a list belongs was read letter by letter ("unknown rule id 'l'")
    ("rules:\n  disable: lang.prostitute\n", "rules.disable must be a list of rule ids (write [lang.prostitute])"),
    ("rules:\n  enable: 5\n", "rules.enable must be a list of rule ids"),
    # hostile3: "no" (a string in YAML 1.2) and "false" left the cache on
    ("cache: 'no'\n", "cache must be true or false, not 'no'"),
    ("cache: off\n", "cache must be true or false, not 'off'"),
])
def test_bad_configuration_is_one_clear_line(tmp_path, config, words):
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text(config, encoding="utf-8")
    r = run_cli("check", "--config", str(cfg), "--no-cache", str(GOOD))
    out = (r.stdout + r.stderr).strip()
    assert r.exit_code == 2 and "Traceback" not in out
    assert len(out.splitlines()) == 1 and words in out, out


NOTE = "Outreach staff met two prostitutes.\n"  # must-flag fixture: one warning


@pytest.mark.parametrize("text", [
    "\ufeff[tool.lic-policy]\nfail_on = \"warning\"\n",  # hostile3: a byte-order mark hid the table
    "[tool.lic-policy]\r\nfail_on = \"warning\"\r\n",
])
def test_a_pyproject_with_a_bom_or_crlf_is_read(tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(text.encode("utf-8"))
    (tmp_path / "n.md").write_text(NOTE, encoding="utf-8")
    r = run_cli("check", "--no-cache", "n.md")
    assert r.exit_code == 1, r.stdout + r.stderr  # fail_on = warning applied


@pytest.mark.parametrize("text, words", [
    # hostile3: both were silently ignored, and the check passed with the defaults
    ("[tool.lic-policy\nfail_on = \"warning\"\n", "cannot parse pyproject.toml"),
    ("[tool.lic_policy]\nfail_on = \"warning\"\n", "[tool.lic_policy] is not read (did you mean [tool.lic-policy]?)"),
])
def test_a_mistyped_pyproject_table_is_one_clear_line(tmp_path, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    (tmp_path / "n.md").write_text(NOTE, encoding="utf-8")
    r = run_cli("check", "--no-cache", "n.md")
    out = (r.stdout + r.stderr).strip()
    assert r.exit_code == 2 and len(out.splitlines()) == 1 and words in out, out
    assert out.startswith(str(tmp_path / "pyproject.toml")), out


def test_usage_errors_exit_2():
    assert run_cli("check", "--format", "xml", str(GOOD)).exit_code == 2
    assert run_cli("check", "--fail-on", "sometimes", str(GOOD)).exit_code == 2
    r = run_cli("check", "--no-cache", "no/such/file.yaml")
    assert r.exit_code == 2 and "no such file or folder" in r.stdout + r.stderr


@pytest.mark.slow  # 1.58 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_our_own_docs_pass_our_own_checks():
    """README, the rule-pack guide, BENCHMARKS.md and CHANGELOG.md use the language the checks ask for
    (flagged terms appear only as mentions in backticks, and examples in code blocks)."""
    from .conftest import ROOT

    docs = [ROOT / "README.md", ROOT / "reviewers" / "README.md", ROOT / "BENCHMARKS.md", ROOT / "CHANGELOG.md"]
    r = run_cli("check", "--no-cache", "--fail-on", "info", "--color", "never", *map(str, docs))
    assert r.exit_code == 0, r.stdout


def test_markdown_suppressions_in_code_are_examples_not_suppressions(tmp_path):
    md = tmp_path / "notes.md"
    md.write_text("# Notes\n\n```yaml\ntext: |  # lic-policy: ignore[lang.prostitute] an example\n```\n\n"
                  "Write `<!-- lic-policy: ignore[rule-id] reason -->` on the line.\n\n"
                  "Prostitutes asked for lighting. <!-- lic-policy: ignore[lang.prostitute] quoting the motion -->\n",
                  encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", str(md))
    data = json.loads(r.stdout)
    assert data["findings"] == [] and data["summary"]["suppressed"] == 1
