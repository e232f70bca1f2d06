"""A drafter's next step after `check` (ux9): the report ends with a `next:` line that fits what
was found — the safe fixes to make with `fix --write`, what is left to rewrite by hand and where
to read why a rule asks for it (`rules explain RULE`), the to-do items, or, when nothing is left,
sending it for review or publishing it. `rules explain` says what a rule checks and why."""

from __future__ import annotations

import shutil

from .conftest import DRAFT, GOOD, run_cli


def _next_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("next:")]


def test_check_with_safe_fixes_names_fix_write_first(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("check", str(g))
    assert r.exit_code == 1
    assert r.stdout.splitlines()[-1].startswith("1 file checked:")  # the report's last line stays the summary
    nxt = _next_lines(r.stderr)
    assert len(nxt) == 1, r.stderr
    line = nxt[0]
    assert f"`lic-policy fix --write {g}`" in line and f"`lic-policy fix {g}`" in line, line
    assert line.index("fix --write") < line.index("by hand") < line.index("rules explain")
    # the rule it names as an example is one the report holds and fix cannot make
    rule = line.split("`lic-policy rules explain ")[1].split("`")[0]
    assert f" {rule} " in r.stdout and rule.startswith(("framing.", "coverage.", "involvement.")), rule


def test_check_after_the_fixes_names_what_is_left(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    assert run_cli("fix", "--write", str(g)).exit_code == 0
    r = run_cli("check", str(g))
    line = _next_lines(r.stderr)[0]
    assert "fix --write" not in line  # only the unsafe fixes are left, and those are not named as the next step
    assert "by hand" in line and "`lic-policy rules explain " in line


def test_a_clean_check_names_review_and_publish(tmp_path):
    g = tmp_path / GOOD.name
    shutil.copy(GOOD, g)
    r = run_cli("check", str(g))
    assert r.exit_code == 0
    line = _next_lines(r.stderr)[0]
    assert f"`lic-policy review packet {g}`" in line and f"`lic-policy publish {g} --to html,docx,pdf`" in line


def test_todo_items_only(tmp_path):
    g = tmp_path / "todo.yaml"
    text = GOOD.read_text(encoding="utf-8").replace("  status: published", "  status: draft", 1).replace(
        "\npurpose:", "\ntodo:\n  - text: Ask the advisory group about the night shift.\npurpose:", 1)
    g.write_text(text, encoding="utf-8")
    r = run_cli("check", str(g))
    assert r.exit_code == 0 and "0 errors, 0 warnings, 1 info" in r.stdout, r.stdout
    line = _next_lines(r.stderr)[0]
    assert "the 1 to-do item" in line and "review packet" in line


def test_no_next_line_where_a_machine_reads_the_report(tmp_path):
    g = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, g)
    for args in (("--format", "json"), ("--quiet",), ("-o", str(tmp_path / "r.txt"))):
        r = run_cli("check", str(g), *args)
        assert not _next_lines(r.stderr) and "next:" not in r.stdout, args


def test_rules_explain_says_what_and_why():
    r = run_cli("rules", "explain", "framing.displacement")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert out.startswith("framing.displacement (error, framing reviewer):")
    assert "\nWhy: " in out and "\nFlagged, for example:" in out and "\nNot flagged, for example:" in out
    assert "\nSource: " in out
    r = run_cli("rules", "explain", "coverage.key-areas", "lang.prostitute")
    assert r.exit_code == 0 and r.stdout.count("\nWhy: ") + r.stdout.startswith("Why: ") == 2
    assert "'three prostitutes' → 'three sex workers'" in r.stdout  # a fix it makes


def test_rules_explain_an_unknown_rule_is_one_line():
    r = run_cli("rules", "explain", "framing.displacment")
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "no rule 'framing.displacment'" in r.stderr and "framing.displacement" in r.stderr
