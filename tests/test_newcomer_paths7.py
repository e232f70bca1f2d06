"""A newcomer's paths, round 7 (ux7): the drafter with a plain-text export and a Markdown
draft, a new repository with its own rule pack, the editor user. Each test pins a place where
someone following the README stumbled: the wrong output is what they saw before the fix. The
sentences that must be flagged are fixture text the checks must flag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import run_cli

PACK = """\
# Local rules for a test city
pack: cedar-local
reviewer: language
rules:
  - id: local.loitering
    severity: warning
    title: '"Loitering"'
    message: "'{match}' treats being in public as an offence; describe the behaviour"
    patterns: ["loitering"]
    suggestions: [being in a public place]
    rationale: Being in public is not a crime.
    sources: [{title: "Local advisory group", url: "https://example.org/"}]
    examples:
      flag: ["Loitering near the school will be addressed."]
      pass: ["People may rest in the park."]
"""


def _repo(tmp_path: Path, pack: str, monkeypatch) -> Path:
    (tmp_path / "policy").mkdir()
    (tmp_path / "policy" / "local-rules.yaml").write_text(pack, encoding="utf-8")
    (tmp_path / ".lic-policy.yaml").write_text("packs: [policy/local-rules.yaml]\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Loitering is common.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _one_error_line(r) -> str:
    assert r.exit_code == 2, (r.stdout, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


# --------------------------------------------------------------------------- a local rule pack

def test_a_misspelt_rule_key_is_named_at_its_place_with_the_right_spelling(tmp_path, monkeypatch):
    """`rationalle:` said `local-rules.yaml:5: error: rules[0]: unknown key(s) rationalle`: no
    column, the rule by index rather than id, and no hint of the right word."""
    _repo(tmp_path, PACK.replace("rationale:", "rationalle:"), monkeypatch)
    line = _one_error_line(run_cli("rules", "test"))
    assert re.match(r".*local-rules\.yaml:11:5: error: rule local\.loitering: unknown key 'rationalle'", line), line
    assert "did you mean 'rationale'" in line


def test_a_wrong_severity_points_at_the_value_and_says_what_it_was(tmp_path, monkeypatch):
    _repo(tmp_path, PACK.replace("severity: warning", "severity: warn"), monkeypatch)
    line = _one_error_line(run_cli("check", "notes.md"))
    assert re.match(r".*local-rules\.yaml:6:15: error: rule local\.loitering: severity 'warn' ", line), line
    assert "did you mean 'warning'" in line


def test_a_rule_id_taken_by_a_shipped_rule_is_placed(tmp_path, monkeypatch):
    """`local-rules.yaml: error: rule id 'lang.prostitute' is defined twice`: no line."""
    _repo(tmp_path, PACK.replace("id: local.loitering", "id: lang.prostitute"), monkeypatch)
    line = _one_error_line(run_cli("rules", "test"))
    assert re.match(r".*local-rules\.yaml:5:9: error: rule id 'lang.prostitute' is defined twice", line), line


def test_a_fix_must_map_words_to_words(tmp_path, monkeypatch):
    """`fix: {loitering: [a, b]}` loaded, and `fix --write` wrote "['a', 'b'] is common." into
    the draft."""
    _repo(tmp_path, PACK.replace("suggestions: [being in a public place]", "fix: {loitering: [a, b]}"),
          monkeypatch)
    line = _one_error_line(run_cli("fix", "notes.md"))
    assert re.match(r".*local-rules\.yaml:10:\d+: error: rule local\.loitering: 'fix' maps each word", line), line
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "Loitering is common.\n"


def test_an_unknown_placeholder_in_a_message_is_refused(tmp_path, monkeypatch):
    """`{matches}` (for `{match}`) was printed as it is in every finding: "'{matches}' treats…"."""
    _repo(tmp_path, PACK.replace("'{match}' treats", "'{matches}' treats"), monkeypatch)
    line = _one_error_line(run_cli("check", "notes.md"))
    assert re.match(r".*local-rules\.yaml:8:14: error: rule local\.loitering: unknown placeholder "
                    r"'\{matches\}' in the message", line), line
    assert "{match}" in line


def test_a_failing_example_says_where_it_is(tmp_path, monkeypatch):
    """`FAIL local.loitering [flag] '…': expected a finding, got none` did not say in which file
    or on which line the example is, and with `--rule` it also printed "context examples: 0
    passed, 0 failed" about examples it never looked at."""
    _repo(tmp_path, PACK.replace('flag: ["Loitering near', 'flag: ["Loiterers near'), monkeypatch)
    r = run_cli("rules", "test", "--rule", "local.loitering")
    assert r.exit_code == 1
    assert re.search(r"local-rules\.yaml:14:14: FAIL local\.loitering \[flag\] 'Loiterers near the school",
                     r.stdout), r.stdout
    assert "context examples: 0 passed" not in r.stdout


# --------------------------------------------------------------------------- the drafter's loop

def test_a_misspelt_suppression_says_which_rule_was_meant(tmp_path):
    """`<!-- lic-policy: ignore[lic.prostitute] … -->` said only "suppression names an unknown
    rule 'lic.prostitute'" and "run `lic-policy rules` to list rule ids": the drafter had to find
    'lang.prostitute' in a list of 80 rules."""
    md = tmp_path / "draft.md"
    md.write_text("<!-- lic-policy: ignore[lic.prostitute] quoted from the 2003 bylaw -->\n"
                  "The bylaw refers to prostitutes.\n", encoding="utf-8")
    r = run_cli("check", str(md))
    assert "suppression names an unknown rule 'lic.prostitute' (did you mean 'lang.prostitute'?)" in r.stdout, r.stdout
    assert "write ignore[lang.prostitute]" in r.stdout


WORD_EXPORT = ("SERVICES FOR PROSTITUTES\r\n"
               "\r\n"
               "1.1 The City will refer youth sex\r\n"
               "workers to child protection.\r\n")


def test_a_windows_text_export_is_read_paragraph_by_paragraph(tmp_path):
    """A plain-text export from Word on Windows has CRLF line ends. Its blank lines did not
    end a paragraph, so a capitals heading ran into the next paragraph as one sentence: the
    young person named there withheld the heading's fix ('PROSTITUTES' … "a young person is
    named in this sentence"), which the same file with LF line ends gets."""
    crlf = tmp_path / "export.txt"
    crlf.write_bytes(WORD_EXPORT.encode())
    lf = tmp_path / "export-lf.txt"
    lf.write_bytes(WORD_EXPORT.replace("\r\n", "\n").encode())
    r_crlf, r_lf = run_cli("check", "-q", str(crlf)), run_cli("check", "-q", str(lf))
    assert r_crlf.stdout.replace("export.txt", "X") == r_lf.stdout.replace("export-lf.txt", "X")
    assert "'PROSTITUTES' is stigmatizing; say 'sex worker'" in r_crlf.stdout
    # a heading in capitals could be a name: its fix is unsafe (shown, applied with --unsafe-fixes)
    assert "fix: 'PROSTITUTES' → 'SEX WORKERS'  (unsafe" in run_cli("check", str(crlf)).stdout
    r = run_cli("fix", "--write", "--unsafe-fixes", str(crlf))
    assert r.exit_code == 0, r.stderr
    assert crlf.read_bytes() == (b"SERVICES FOR SEX WORKERS\r\n\r\n"
                                 b"1.1 The City will refer sexually exploited youth to child protection.\r\n")
    again = run_cli("fix", "--write", "--unsafe-fixes", str(crlf))  # twice: nothing more
    assert "fixed 0 findings" in again.stdout + again.stderr, again


def test_a_fix_across_a_line_break_is_shown_as_words(tmp_path):
    """`fix: 'youth sex\\r\\nworkers' → …`: the report showed the line break's escape codes."""
    crlf = tmp_path / "export.txt"
    crlf.write_bytes(WORD_EXPORT.encode())
    out = run_cli("check", str(crlf)).stdout
    assert "fix: 'youth sex workers' → 'sexually exploited youth'" in out, out
    assert "\\r" not in out and "\\n" not in out


def test_a_word_export_in_the_windows_encoding_says_what_to_do_in_word(tmp_path):
    """Word's "Plain Text" export writes Windows-1252 unless told otherwise: "error: invalid
    UTF-8 (byte 0x95) (save the file as UTF-8)" named neither the character nor how."""
    txt = tmp_path / "export.txt"
    txt.write_bytes("SERVICES\r\n\r\n\u2022 Outreach to \u201cthe park\u201d.\r\n".encode("cp1252"))
    r = run_cli("check", str(txt))
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    line = next(ln for ln in (r.stdout + r.stderr).splitlines() if ": error: " in ln)
    assert line.startswith(f"{txt}:3:1: error: invalid UTF-8 (byte 0x95: '\u2022' in Windows-1252"), line
    assert "Word" in line and "UTF-8" in line


def test_fix_with_nothing_to_fix_says_so_about_the_files_it_read(tmp_path):
    """`fix --write` a second time said "fixed 0 findings in 0 files", and `fix` "can fix 0
    findings in 0 files with safe fixes": it read as if the file had not been looked at."""
    md = tmp_path / "draft.md"
    md.write_text("Outreach workers meet sex workers downtown.\n", encoding="utf-8")
    r = run_cli("fix", "--write", str(md))
    assert r.stdout.strip().startswith("fixed 0 findings: nothing to fix in the 1 file checked;"), r.stdout
    r = run_cli("fix", str(md))
    assert r.stderr.strip().startswith("nothing to fix with safe fixes in the 1 file checked;"), r.stderr
    assert "changed by hand" in r.stderr  # and where the rest is (ux8)


def test_fix_diff_is_accepted_as_ruff_users_type_it(tmp_path):
    """`lic-policy fix --diff draft.md` (ruff's spelling) was "No such option '--diff'"."""
    md = tmp_path / "draft.md"
    md.write_text("Outreach workers meet prostitutes downtown.\n", encoding="utf-8")
    r = run_cli("fix", "--diff", str(md))
    assert r.exit_code == 0 and "+Outreach workers meet sex workers downtown." in r.stdout
    assert md.read_text(encoding="utf-8") == "Outreach workers meet prostitutes downtown.\n"
    r = run_cli("fix", "--diff", "--write", str(md))
    assert r.exit_code == 2 and "--diff" in r.stderr and "--write" in r.stderr


@pytest.mark.parametrize("written,hint", [
    ("framing.*", "did you mean 'framing'? (a pack's name stands for all its rules)"),
    ("framng", "did you mean 'framing'? (a pack's name stands for all its rules)"),
])
def test_disabling_a_whole_reviewer_is_suggested_by_its_pack_name(tmp_path, monkeypatch, written, hint):
    """`disable: [framing.*]` and `disable: [framng]` suggested "did you mean 'framing.sweep'?",
    one rule of fifteen, though `disable: [framing]` (the pack's name) is what works."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".lic-policy.yaml").write_text(f"rules:\n  disable: ['{written}']\n", encoding="utf-8")
    (tmp_path / "f.md").write_text("Outreach workers meet sex workers.\n", encoding="utf-8")
    line = _one_error_line(run_cli("check", "f.md"))
    assert line.endswith(f"error: unknown rule id '{written}' in the configuration ({hint})"), line


def test_a_pack_s_name_sets_the_severity_of_all_its_rules(tmp_path, monkeypatch):
    """`severity: {framing: info}` passed the configuration check (a pack's name is allowed
    there as in disable) and then changed nothing: the framing findings stayed warnings. A rule's
    own id still wins over its pack's name."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".lic-policy.yaml").write_text(
        "rules:\n  severity: {framing: info, framing.end-demand: error}\n", encoding="utf-8")
    (tmp_path / "f.md").write_text("The police will crack down on street sex work and arrest clients.\n",
                                   encoding="utf-8")
    out = run_cli("check", "-q", "f.md").stdout
    assert "info framing.crackdown" in out, out
    assert "error framing.end-demand" in out, out


README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_s_own_rule_pack_works_as_copied_and_its_errors_read_as_shown(tmp_path, monkeypatch):
    """The README's "Your own rule pack" walk: the pack as printed passes `rules test`, and the
    failing example and the misspelt key read as the README shows them."""
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("### Your own rule pack"):readme.index("### Autofix")]
    pack = re.search(r"```yaml\n(# policy/local-rules\.yaml\n.*?)```", section, re.S).group(1)
    shown = re.findall(r"```console\n(.*?)```", section, re.S)
    _repo(tmp_path, pack, monkeypatch)
    r = run_cli("rules", "test", "--rule", "local.loitering")
    assert r.exit_code == 0 and "$ lic-policy rules test --rule local.loitering\n" + r.stdout == shown[0]
    (tmp_path / "policy" / "local-rules.yaml").write_text(
        pack.replace('flag: ["Loitering near', 'flag: ["Loiterers near'), encoding="utf-8")
    r = run_cli("rules", "test", "--rule", "local.loitering")
    lines = shown[1].splitlines()
    assert r.stdout.splitlines() == lines[1:3], r.stdout
    (tmp_path / "policy" / "local-rules.yaml").write_text(pack.replace("rationale:", "rationalle:"),
                                                          encoding="utf-8")
    err = _one_error_line(run_cli("check", "notes.md"))
    assert err.replace(str(tmp_path), "/home/me/policy-repo") == lines[4], err


def test_rules_list_columns_line_up_and_say_what_the_configuration_turned_off(tmp_path, monkeypatch):
    """`term.suffering  info  terminology "Suffering from"…`: the reviewer column was ten
    characters wide and 'terminology' pushed its titles out of line; and after `disable:` the
    list just had fewer rules, with nothing saying why."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".lic-policy.yaml").write_text("rules:\n  disable: [term.consensual-sex-work]\n",
                                               encoding="utf-8")
    out = run_cli("rules", "list").stdout.splitlines()
    rows = [ln for ln in out[:-1] if ln.strip()]
    starts = {re.match(r"\S+ +\S+ +\S+ +", ln).end() for ln in rows}
    assert len(starts) == 1, sorted(starts)  # every title starts in the same column
    assert not any("term.consensual-sex-work" in ln for ln in rows)
    assert re.fullmatch(r"\d+ rules in \d+ packs \(1 disabled by the configuration\)", out[-1]), out[-1]


# --------------------------------------------------------------------------- the editor

@pytest.mark.slow  # 0.50 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_editor_follows_edits_to_the_configuration_and_shows_a_broken_one(tmp_path):
    """The language server compiled each configuration once: with `.lic-policy.yaml` already
    there, disabling a rule in it changed nothing in the open editor until it was restarted,
    and a typo in it then showed no error at all (and the old rules went on)."""
    pytest.importorskip("pygls")
    from lsprotocol import types as lsp

    from .test_lsp import run

    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text("fail_on: error\n", encoding="utf-8")
    note = tmp_path / "n.md"
    note.write_text("Staff met prostitutes.\n", encoding="utf-8")
    nothing = [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=0),
                                            end=lsp.Position(line=0, character=0)), new_text="")]

    async def scenario(editor):
        uri = editor.open(note)
        assert [d.code for d in await editor.diagnostics(uri, 1)] == ["lang.prostitute"]
        cfg.write_text("fail_on: error\nrules:\n  disable: [lang.prostitute]\n", encoding="utf-8")
        v = editor.edit(uri, nothing)
        assert [d.code for d in await editor.diagnostics(uri, v)] == []
        cfg.write_text("fail_on: error\nrules:\n  disable: [lang.prostitue]\n", encoding="utf-8")
        v = editor.edit(uri, nothing)
        diags = await editor.diagnostics(uri, v)
        assert len(diags) == 1 and "unknown rule id 'lang.prostitue'" in diags[0].message, diags
        assert "did you mean 'lang.prostitute'" in diags[0].message
        # the configuration's place, not the same line and column of the note (which has one line)
        assert diags[0].message.startswith(".lic-policy.yaml:3:13: "), diags[0].message
        assert diags[0].range.start == lsp.Position(line=0, character=0)
        where = diags[0].related_information[0].location
        assert where.uri == cfg.as_uri() and where.range.start == lsp.Position(line=2, character=12)

    run(tmp_path, scenario, fresh=True)


@pytest.mark.parametrize("name", ["export.txt", "draft.md"])
def test_numbered_paragraphs_of_a_word_export_are_sentences_of_their_own(tmp_path, name):
    """Word's multi-level numbering exported as text ("1.1 …", "1.2 …" on consecutive lines):
    a heading line "1.1 Protocol for youth" ran into the next paragraph as one sentence, so
    "1.2 Officers will refer prostitutes to services." lost its fix and was told "a young person
    is named in this sentence"."""
    f = tmp_path / name
    f.write_text("1.1 Protocol for youth\n1.2 Officers will refer prostitutes to services.\n", encoding="utf-8")
    out = run_cli("check", str(f)).stdout
    assert "'prostitutes' is stigmatizing; say 'sex worker'" in out, out
    assert "fix: 'prostitutes' → 'sex workers'" in out
    run_cli("fix", "--write", str(f))
    assert f.read_text(encoding="utf-8").endswith("1.2 Officers will refer sex workers to services.\n")


def test_a_line_that_goes_on_a_sentence_keeps_its_youth_word(tmp_path):
    """The other side: a line starting with a number that continues the sentence above (the line
    above is not a numbered paragraph) is the same sentence, and the young person named there
    still withholds the fix."""
    f = tmp_path / "export.txt"
    f.write_text("The City counted young people\n1.5 times more often among prostitutes downtown.\n",
                 encoding="utf-8")
    r = run_cli("fix", "--write", str(f))
    assert "sex worker" not in f.read_text(encoding="utf-8"), r.stdout


def test_a_markdown_suppression_on_its_own_line_covers_the_paragraph_below(tmp_path):
    """In Markdown an HTML comment sits on a line of its own above what it is about. There it
    was "not used: nothing here matches it" ("remove the suppression comment"), and the words
    it was written for were still reported."""
    md = tmp_path / "draft.md"
    md.write_text("<!-- lic-policy: ignore[lang.prostitute] quoted from the 2003 bylaw -->\n"
                  "The bylaw refers to prostitutes\nand to prostitutes' clients.\n\n"
                  "Outreach staff met prostitutes.\n", encoding="utf-8")
    out = run_cli("check", "-q", str(md)).stdout
    assert out.splitlines() == [f"{md}:5:20: warning lang.prostitute 'prostitutes' is stigmatizing; "
                                "say 'sex worker'"], out
    # ... and not in YAML or after text on the same line, where it is about its own line
    md.write_text("Intro. <!-- lic-policy: ignore[lang.prostitute] quoted from the 2003 bylaw -->\n"
                  "The bylaw refers to prostitutes.\n", encoding="utf-8")
    out = run_cli("check", "-q", str(md)).stdout
    assert "unused-suppression" in out and "2:21: warning lang.prostitute" in out, out


def test_an_accented_letter_in_the_windows_or_latin1_encoding_is_named_too(tmp_path):
    """A file saved as Windows-1252 or Latin-1 with only accented letters (no smart quotes) said
    "invalid UTF-8 (byte 0xe9) (save the file as UTF-8)", naming neither the letter nor the
    encoding (ux25 noticed)."""
    txt = tmp_path / "notes.md"
    txt.write_bytes("Staff met clients at the caf\u00e9 on Main Street.\n".encode("cp1252"))
    r = run_cli("check", str(txt))
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    line = next(ln for ln in (r.stdout + r.stderr).splitlines() if ": error: " in ln)
    assert line.startswith(f"{txt}:1:29: error: invalid UTF-8 (byte 0xe9: '\u00e9' in Windows-1252 or Latin-1"), line
    assert "save it as UTF-8" in line
