"""hostile5: kinds of hostile and careless input the earlier rounds did not try.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import DRAFT, run_cli

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30


# ---------------------------------------------------------------- the language server


def _server_with(tmp_path: Path, name: str, text: str):
    from lsprotocol import types as lsp
    from pygls.workspace import Workspace

    from lic_policy.lsp import LicPolicyServer

    server = LicPolicyServer()
    server.protocol._workspace = Workspace(None)
    uri = (tmp_path / name).as_uri()
    lang = "yaml" if name.endswith(".yaml") else "markdown"
    server.workspace.put_text_document(lsp.TextDocumentItem(uri=uri, language_id=lang, version=1, text=text))
    return server, uri


def test_lsp_a_document_with_many_findings_is_split_into_lines_once(tmp_path, monkeypatch):
    """Each diagnostic's range was computed from ``doc.lines``, which pygls makes by splitting
    the whole text again: a 450 KB Markdown file with 10,000 findings took 30 s to get its
    diagnostics (the CLI: 5 s) and a 4.5 MB one hung the editor for minutes. Hover and code
    actions did the same for every finding. The text is now split once per version.
    (The splits are counted: 300 findings would be 300 splits before the fix as 1,500 were;
    1,500 lines cost 2.6 s of CPU at load 8, speed19.)"""
    from lsprotocol import types as lsp
    from pygls.workspace import TextDocument

    from lic_policy.lsp import _finding_at, code_actions

    line = "Outreach met two prostitutes at the drop-in.\n"  # a must-flag fixture line
    server, uri = _server_with(tmp_path, "many.md", line * 300)
    splits = []
    real = TextDocument.lines
    monkeypatch.setattr(TextDocument, "lines", property(lambda self: splits.append(1) or real.fget(self)))
    sent: list = []
    monkeypatch.setattr(server, "text_document_publish_diagnostics", sent.append)
    server.publish(uri)
    assert len(sent[0].diagnostics) >= 300
    assert len(splits) <= 2, len(splits)
    splits.clear()
    doc = server.workspace.get_text_document(uri)
    here = _finding_at(server.docs[uri], doc, lsp.Range(start=lsp.Position(line=200, character=20),
                                                        end=lsp.Position(line=200, character=20)))
    assert here and len(splits) <= 2, len(splits)
    splits.clear()
    code_actions(server, lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(uri=uri),
                                              range=lsp.Range(start=lsp.Position(line=200, character=20),
                                                              end=lsp.Position(line=200, character=20)),
                                              context=lsp.CodeActionContext(diagnostics=[])))
    assert len(splits) <= 4, len(splits)


@pytest.mark.slow  # 0.49 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_params_that_do_not_fit_are_one_log_line_not_a_traceback(tmp_path):
    """A didChange whose range had a negative line (an editor bug, or a hostile client) wrote a
    60-line exception-group traceback to the editor's log for every such message, and an
    unknown workspace/executeCommand the traceback of its own error answer; each is now one
    line that says what was ignored or refused."""
    from .test_hostile_round4 import RawEditor, _popups

    ed = RawEditor(tmp_path)
    try:
        ed.start()
        uri = (tmp_path / "a.md").as_uri()
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": "Staff offer support.\n"}}})
        for bad in ({"line": -1, "character": -1}, {"line": 2 ** 40, "character": 0}):
            ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {
                    "start": bad, "end": {"line": 0, "character": 0}}, "text": "x"}]}})
        ed.send({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": -3, "character": 0}}})
        ed.send({"jsonrpc": "2.0", "id": 8, "method": "workspace/executeCommand", "params": {
            "command": "rm -rf", "arguments": ["file:///etc/passwd"]}})
        ed.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None})
        msgs = ed.until(lambda m: m.get("id") == 9)
        assert any(m.get("id") == 7 and m.get("error", {}).get("code") == -32602 for m in msgs), msgs
        assert any(m.get("id") == 8 and m.get("error", {}).get("code") == -32602 for m in msgs), msgs
        assert _popups(msgs) == []
    finally:
        err = ed.stop()
    assert "Traceback" not in err, err[:2000]
    assert err.count("do not fit") == 2, err


# ---------------------------------------------------------------- the review room


@pytest.mark.slow  # 0.29 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_malformed_chunked_body_writes_no_traceback_to_the_server_log():
    """A POST whose chunked body was malformed: uvicorn answered 400 and closed, and the room,
    still answering the request, failed to send and logged a 30-line traceback ("can't handle
    event type Response when role=SERVER and state=MUST_CLOSE") to the staff's terminal. A
    client that went away is no error of the room's."""
    import socket

    from .browser import Server

    with Server() as srv:
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
                s.sendall(b"POST /lang HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nTransfer-Encoding: chunked\r\n"
                          b"Content-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nabc\r\n0\r\n\r\n" % srv.port)
                assert s.recv(100).startswith(b"HTTP/1.1 400")
        time.sleep(0.5)
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as ok:  # still serving
            ok.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % srv.port)
            assert ok.recv(100).startswith(b"HTTP/1.1 200")
        log = srv.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]


# ---------------------------------------------------------------- YAML


@pytest.mark.parametrize("char, name", [("\f", "form feed"), ("\v", "vertical tab"), ("\x07", "bell"),
                                        ("\x1b", "escape"), ("\x7f", "delete"), ("\x9b", "U+009B")])
@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_control_character_in_yaml_is_named_at_its_line_and_column(tmp_path, char, name, command):
    """A form feed, vertical tab or escape in a guideline (text pasted from a PDF or a
    terminal) was "YAML syntax error: unacceptable character #x000c" with no line or column:
    in a 700-line file nobody could find the invisible character."""
    g = tmp_path / "g.yaml"
    text = DRAFT.read_text(encoding="utf-8")
    at = text.index("\npurpose:") + 1
    line = text.count("\n", 0, at) + 1
    g.write_text(text[:at] + "# a comment with " + char + "\n" + text[at:], encoding="utf-8")
    res = run_cli(command, *(["--no-cache"] if command == "check" else []), str(g))
    out = res.stdout + res.stderr
    assert res.exit_code == 2 and "Traceback" not in out, out
    hit = [ln for ln in out.splitlines() if "control character" in ln]
    assert hit and hit[0].startswith(f"{g}:{line}:18: error: "), out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_lsp_positions_are_counted_in_the_clients_units_as_pygls_counts_them(encoding):
    """The fast count of code units (above) gives what pygls's own codec gives, astral
    characters, combining marks and lone surrogates included."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from lsprotocol import types as lsp
    from pygls.workspace import TextDocument
    from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

    from lic_policy.lsp import _client_position, _lines

    codec = PositionCodec(lsp.PositionEncodingKind(encoding))

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet=st.characters(), max_size=40), st.integers(0, 5), st.integers(0, 50))
    def same(text, line, col):
        doc = TextDocument("file:///x.md", text, position_codec=codec)
        lines = _lines(doc)
        pos = ServerTextPosition(line, col)
        assert _client_position(doc, lines, pos) == codec.position_to_client_units(list(lines), pos)

    same()


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize("pattern", ["*", "*.yaml", "g.*"])
def test_files_left_out_by_the_configurations_ignore_patterns_are_counted_and_named(tmp_path, monkeypatch, pattern):
    """A configuration whose ``ignore`` matched the files named on the command line (``*``
    matches every path; a line added to .lic-policy.yaml in a pull request) made `check`
    print "0 files checked" and exit 0, and --verbose did not say why: CI passed without
    checking anything. The files are still left out (pre-commit passes ignored files by
    name), but the summary counts them and --verbose names each with its pattern."""
    (tmp_path / ".lic-policy.yaml").write_text(f"ignore: ['{pattern}']\n", encoding="utf-8")
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", "g.yaml")
    assert "Traceback" not in res.stdout + res.stderr
    assert "0 files checked" in res.stdout and "1 file ignored by the configuration's ignore patterns" in res.stdout, \
        res.stdout
    res = run_cli("check", "--no-cache", "-v", "g.yaml")
    notes = [ln for ln in res.stderr.splitlines() if ln.startswith("note: g.yaml: skipped: ")]
    assert notes and f"ignore pattern '{pattern}'" in notes[0] and ".lic-policy.yaml" in notes[0], res.stderr


# ---------------------------------------------------------------- import


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_import_keeps_no_control_characters_from_the_document(tmp_path, suffix):
    """An HTML page with ``&#0;`` (or a Markdown file with an escape character) was imported
    with a NUL escaped into the guideline (``"\\0"``), which validated and then went into every
    review packet and published page. Control characters are not text: they are left out."""
    src = tmp_path / f"notes{suffix}"
    body = "Staff &#0;offer&#27; support&#x7f; first." if suffix == ".html" else \
        "Staff offer\x1b support\x7f first\x07."
    src.write_text(("<h1>Purpose</h1><p>" + body + "</p>") if suffix == ".html" else "# Purpose\n\n" + body + "\n",
                   encoding="utf-8")
    res = run_cli("import", str(src), "-o", str(tmp_path / "out.yaml"))
    assert res.exit_code == 0, res.stdout + res.stderr
    out = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(out)
    assert data["purpose"] == "Staff offer support first.", data["purpose"]
    assert "\\0" not in out and not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0 for c in out), repr(out)


# ---------------------------------------------------------------- paths


@pytest.mark.parametrize("command", ["fix --write", "review add"])
def test_a_lock_folder_that_is_a_file_is_named_with_what_to_do(tmp_path, command):
    """A file named .lic-policy-locks where the lock folder goes (a clone of a repository that
    committed one) made every writer say "g.yaml: error: cannot write here: File exists", which
    points at the guideline, not at what is in the way."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    (tmp_path / ".lic-policy-locks").write_text("x\n", encoding="utf-8")
    before = g.read_bytes()
    args = ["fix", "--write", str(g)] if command == "fix --write" else \
        ["review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
         "--author", "staff-1", "--role", "staff"]
    res = run_cli(*args)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res.stdout + res.stderr
    assert lines[0].startswith(f"{tmp_path / '.lic-policy-locks'}: error: ") and "not a folder" in lines[0], lines
    assert g.read_bytes() == before and not (tmp_path / "g.review.yaml").exists()


REVIEW_COMMANDS = {
    "list": ["review", "list", "G"],
    "add": ["review", "add", "G", "--field", "purpose", "--quote", "This", "--body", "b", "--author", "staff-1",
            "--role", "staff"],
    "reanchor": ["review", "reanchor", "G"],
    "apply": ["review", "apply", "G"],
    "packet": ["review", "packet", "G", "-o", "OUT/p.docx"],
    "import": ["review", "import", "OUT/p.docx", "--guideline", "G"],
}


@pytest.mark.parametrize("command", sorted(REVIEW_COMMANDS))
def test_a_review_file_given_as_the_guideline_is_named_as_such(tmp_path, command):
    """`review list g.review.yaml` said "0 threads" (it looked for g.review.review.yaml),
    `review packet g.review.yaml` wrote a packet "of version None" and `review reanchor` "0
    stayed": the review file is now refused by name, with the guideline to give instead."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    assert run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                   "b", "--author", "staff-1", "--role", "staff").exit_code == 0
    review = tmp_path / "g.review.yaml"
    before = review.read_bytes()
    (tmp_path / "out").mkdir()
    if command == "import":
        assert run_cli("review", "packet", str(g), "-o", str(tmp_path / "out" / "p.docx")).exit_code == 0
    args = [str(review) if a == "G" else a.replace("OUT", str(tmp_path / "out")) for a in REVIEW_COMMANDS[command]]
    res = run_cli(*args)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res.stdout + res.stderr
    assert lines[0].startswith(f"{review}: error: ") and "review file" in lines[0] and "g.yaml" in lines[0], lines
    assert review.read_bytes() == before and not (tmp_path / "g.review.review.yaml").exists()
    assert command == "import" or not (tmp_path / "out" / "p.docx").exists()


def test_rules_test_of_an_unknown_rule_id_is_a_usage_error_not_zero_passed(tmp_path):
    """`rules test --rule lang.prostitue` (a typo) printed "0 passed, 0 failed" and exited 0:
    a pack author's CI step tested nothing and passed. It is now a usage error with a "did you
    mean"."""
    res = run_cli("rules", "test", "--rule", "lang.prostitue")
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res.stdout + res.stderr
    assert "unknown rule id 'lang.prostitue'" in lines[0] and "lang.prostitute" in lines[0], lines
    assert "passed" not in res.stdout


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2068"])
def test_init_refuses_a_title_holding_a_direction_override(tmp_path, char):
    """`init --title` refused control characters but took U+202E (RIGHT-TO-LEFT OVERRIDE) and
    the other direction overrides and isolates: the title then reads backwards in every
    published page and packet (a "Trojan Source" title), and `init` sent it to the terminal.
    Right-to-left titles need none of them (U+200F, the right-to-left mark, is still taken)."""
    res = run_cli("init", "--no-input", "--title", f"Harbourview {char}Guideline", "--jurisdiction", "Harbourview",
                  "--kind", "municipality", str(tmp_path / "g.yaml"))
    assert res.exit_code == 2 and "direction" in res.stderr and char not in res.stderr + res.stdout, res.stderr
    assert not (tmp_path / "g.yaml").exists()
    ok = run_cli("init", "--no-input", "--title", "\u05d4\u05e0\u05d7\u05d9\u05d5\u05ea \u200f2026", "--jurisdiction",
                 "Harbourview", "--kind", "municipality", str(tmp_path / "rtl.yaml"))
    assert ok.exit_code == 0, ok.stderr


# ---------------------------------------------------------------- fixes


@pytest.mark.parametrize("suffix", [".md", ".yaml"])
def test_fix_replaces_a_flagged_word_with_the_combining_marks_on_its_last_letter(tmp_path, suffix):
    """'prostitutes' followed by U+0338 (a combining overlay, which belongs to the last 's') is
    flagged (a must-flag fixture), but `fix --write` replaced the letters only: the mark then sat
    on the last letter of 'sex workers'. The marks of the word's last letter go with it."""
    if suffix == ".md":
        src = tmp_path / "notes.md"
        src.write_text("Outreach met two prostitutes\u0338\u0301 at the drop-in.\n", encoding="utf-8")
        want = "Outreach met two sex workers at the drop-in.\n"
    else:
        src = tmp_path / "g.yaml"
        text = DRAFT.read_text(encoding="utf-8")
        assert "pimps" in text
        src.write_text(text.replace("pimps", "prostitutes\u0338", 1), encoding="utf-8")
    res = run_cli("fix", "--write", str(src))
    assert res.exit_code == 0 and "Traceback" not in res.stdout + res.stderr, res.stdout + res.stderr
    out = src.read_text(encoding="utf-8")
    assert "\u0338" not in out and "\u0301" not in out, out[:300]
    if suffix == ".md":
        assert out == want, out


@pytest.mark.parametrize("kind", ["a folder", "a named pipe", "a device"])
def test_a_pack_that_is_not_a_regular_file_is_not_called_missing(tmp_path, monkeypatch, kind):
    """`packs: [adir]` (or a FIFO, or /dev/zero) said "rule pack not found" for a path that is
    there: the error now says what it is."""
    target = {"a folder": "adir", "a named pipe": "p.yaml", "a device": "/dev/zero"}[kind]
    if kind == "a folder":
        (tmp_path / "adir").mkdir()
    elif kind == "a named pipe":
        os.mkfifo(tmp_path / "p.yaml")
    (tmp_path / ".lic-policy.yaml").write_text(f"packs: ['{target}']\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", str(DRAFT))
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res.stdout + res.stderr
    assert "not found" not in lines[0] and "not a regular file" in lines[0], lines


def test_init_prints_a_file_name_holding_a_line_break_on_one_line(tmp_path):
    """`init $'new\\nfile.yaml'` printed the name with its line break, splitting "wrote ..." in
    two lines a script reads as separate messages."""
    name = tmp_path / "new\nfile.yaml"
    res = run_cli("init", "--no-input", "--title", "Harbourview Guideline", "--jurisdiction", "Harbourview", "--kind",
                  "municipality", str(name))
    assert res.exit_code == 0 and name.exists(), res.stderr
    assert all(not ln.startswith("file.yaml") for ln in res.stdout.splitlines()), res.stdout


@pytest.mark.parametrize("record, words", [
    ('- text: "Outreach met two prostitutes."\n  framing: false\n  stigma: [""]\n', "stigma span is empty"),
    ('- text: "  "\n  framing: false\n  stigma: []\n', "the text is empty"),
])
def test_rules_eval_refuses_an_empty_span_or_text(tmp_path, record, words):
    """An empty stigma span ("" is "in" every sentence) was taken and counted as a span no rule
    could find; a record with no text was counted as a sentence. Both are labelling slips."""
    corpus = tmp_path / "c.yaml"
    corpus.write_text(record, encoding="utf-8")
    res = run_cli("rules", "eval", str(corpus))
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1 and words in lines[0] and lines[0].startswith(f"{corpus}:1: "), \
        res.stdout + res.stderr


@pytest.mark.parametrize("escaped, shown", [("\\e[2J", "U+001B"), ("\\0", "U+0000"), ("\\a", "U+0007"),
                                            ("\\x9B", "U+009B"), ("\\u202E", "U+202E")])
def test_a_control_character_or_direction_override_in_a_guideline_text_is_a_validation_error(tmp_path, escaped,
                                                                                              shown):
    """A double-quoted YAML string can hold any character as an escape ("\\e[2J", "\\0",
    "\\u202E"): such a guideline validated, `check` said nothing, and `publish` wrote the escape
    sequence into the Markdown and HTML (a terminal that shows the .md runs it; U+202E makes a
    clause read backwards). It is now a validation problem at the field, so a guideline marked
    published is refused until it is removed."""
    text = DRAFT.read_text(encoding="utf-8")
    at = text.index("\npurpose:") + 1
    line = text.count("\n", 0, at) + 1
    g = tmp_path / "g.yaml"
    g.write_text(text[:at] + f'purpose: "Staff offer support {escaped} first."\nold_' + text[at:], encoding="utf-8")
    g.write_text(g.read_text(encoding="utf-8").replace("old_purpose:", "x_purpose:", 1), encoding="utf-8")
    import re as _re

    g.write_text(_re.sub(r"x_purpose: \|\n(?:  .*\n|\n)*", "", g.read_text(encoding="utf-8")), encoding="utf-8")
    for command in ("validate", "check"):
        res = run_cli(command, *(["--no-cache"] if command == "check" else []), str(g))
        hit = [ln for ln in res.stdout.splitlines() if shown in ln]
        assert res.exit_code == 1 and hit and hit[0].startswith(f"{g}:{line}:10: "), res.stdout + res.stderr
        assert "Traceback" not in res.stdout + res.stderr


def test_a_long_s_reads_as_the_s_it_is_not_as_the_f_it_looks_like():
    # MUST-FLAG fixture: "prostitutes" written with a long s (U+017F) at its end; NFKC reads it as
    # "s", while the confusables data maps it to "f" by its look, which hid the word
    from lic_policy.checks.engine import check_prose_text, load_ruleset
    from lic_policy.checks.normalize import for_matching

    assert for_matching("prostitute\u017f")[0] == "prostitutes"
    found = check_prose_text("n.md", "Outreach staff met three prostitute\u017f near the park.", load_ruleset()).findings
    assert [f.rule_id for f in found if f.rule_id.startswith("lang.")] == ["lang.prostitute"]
