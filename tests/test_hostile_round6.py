"""hostile6: kinds of hostile and careless input the earlier rounds did not try.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import DRAFT, copy_built, run_cli


# ---------------------------------------------------------------- the Word review packet round trip


def _draft_with_a_thread_and_its_packet(folder: Path) -> None:
    g = folder / "g.yaml"
    shutil.copy(DRAFT, g)
    assert run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                   "first", "--author", "staff-1", "--role", "staff").exit_code == 0
    assert run_cli("review", "packet", str(g), "-o", str(folder / "p.docx")).exit_code == 0


def packet_parts(tmp_path: Path) -> tuple[Path, dict]:
    """A review packet of the early draft with one staff thread, as its zip parts, beside the
    guideline and its review file in ``tmp_path``. Made once per test run by the commands a
    user runs (``review add``, ``review packet``) and copied: the tests here are about
    importing what a reviewer did to it (each packet cost about 0.2 s of CPU, nine tests)."""
    copy_built("hostile6-draft-packet", _draft_with_a_thread_and_its_packet, tmp_path)
    g = tmp_path / "g.yaml"
    with zipfile.ZipFile(tmp_path / "p.docx") as z:
        return g, {n: z.read(n) for n in z.namelist()}


RUN = '<w:r><w:t xml:space="preserve">strategy sets out how the City will</w:t></w:r>'


def with_comment(parts: dict, cid: str, *, author: str = "Reviewer A", initials: str = "RA",
                 date: str = "2026-11-01T10:00:00Z", body: str = "Please reword this part.") -> dict:
    """The parts with a reviewer's Word comment on 'strategy sets out how the City will'."""
    parts = dict(parts)
    doc = parts["word/document.xml"].decode()
    assert RUN in doc
    parts["word/document.xml"] = doc.replace(
        RUN, f'<w:commentRangeStart w:id="{cid}"/>{RUN}<w:commentRangeEnd w:id="{cid}"/><w:r><w:commentReference '
             f'w:id="{cid}"/></w:r>', 1).encode()
    parts["word/comments.xml"] = parts["word/comments.xml"].replace(
        b"</w:comments>", f'<w:comment w:id="{cid}" w:author="{author}" w:initials="{initials}" w:date="{date}"><w:p>'
                          f'<w:r><w:t xml:space="preserve">{body}</w:t></w:r></w:p></w:comment></w:comments>'.encode())
    return parts


def write_docx(path: Path, parts: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


@pytest.mark.parametrize("date", ["0001-01-01T00:00:00-23:59", "0001-01-01T00:00:00+01:00",
                                  "9999-12-31T23:59:59-01:00", "0999-06-01T10:00:00Z"])
def test_packet_comment_dated_outside_the_years_a_timestamp_can_hold_gets_the_import_date(tmp_path, date):
    """A comment dated year 1 west of UTC became '1-01-01T23:59:00Z' (strftime drops the zeros),
    which the review model refuses: 'internal error: ValidationError'; year 1 east of UTC or
    year 9999 west of it: 'internal error: OverflowError'. Such a date (another program's, or
    forged) is now taken as no date: the comment gets the import's date."""
    g, parts = packet_parts(tmp_path)
    doc = write_docx(tmp_path / "r.docx", with_comment(parts, "900", date=date))
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory",
                "--date", "2026-11-30T10:00:00Z")
    assert r.exit_code == 0, r.stdout + r.stderr
    text = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "Please reword this part." in text and "created: '2026-11-30T10:00:00Z'" in text


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0999-01-01"])
def test_lic_policy_now_out_of_range_is_one_line_not_an_internal_error(tmp_path, monkeypatch, value):
    """LIC_POLICY_NOW=0001-01-01T00:00:00+01:00 was 'internal error: OverflowError'; 0999-01-01
    an 'internal error: ValidationError' (written as '999-01-01T00:00:00Z')."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    monkeypatch.setenv("LIC_POLICY_NOW", value)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b",
                "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 2 and "out of the range of dates" in r.stderr and "internal error" not in r.stderr, r
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "g.review.yaml").exists()


def test_packet_whose_custom_properties_another_program_dropped_is_still_a_packet(tmp_path):
    """A packet saved by a program that drops Word's custom document properties (Google Docs'
    .docx export does) lost its packet mark, and `review import` took each of its 65 finding
    comments (author 'lic-policy (automated)') and its thread comments for a reviewer's: 66
    threads and a reply written as by 'reviewer-1, sex-worker-advisory'. The packet's own
    comments are now known by their author, so only the reviewer's comment is added."""
    g, parts = packet_parts(tmp_path)
    parts = with_comment(parts, "900")
    del parts["docProps/custom.xml"]
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"docProps/custom.xml", b"docProps/gone.xml")
    doc = write_docx(tmp_path / "r.docx", parts)
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "added 1 comment(s), 0 suggestion(s), 0 reply(ies)" in r.stdout, r.stdout
    text = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert len(re.findall(r"^  - id: t\d+", text, re.M)) == 2
    assert "lic-policy (automated)" not in (tmp_path / "g.review-authors.json").read_text(encoding="utf-8") \
        if (tmp_path / "g.review-authors.json").exists() else True


# ---------------------------------------------------------------- import: encodings and nesting


def _import(tmp_path: Path, name: str, raw: bytes):
    src = tmp_path / name
    src.write_bytes(raw)
    out = tmp_path / "out.yaml"
    r = run_cli("import", str(src), "-o", str(out))
    return r, (out.read_text(encoding="utf-8") if out.exists() else "")


def test_import_html_saved_by_word_as_a_web_page_in_windows_1252(tmp_path):
    """Word's "Save as Web Page" writes windows-1252 and says so in a <meta> tag; the import
    refused it as 'not UTF-8 text', with no place and a hint the drafter could not follow. The
    declared character set is now read."""
    raw = (b'<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"></head><body>'
           b'<h1>Purpose</h1><p>Staff at the caf\xe9 offer \x93support\x94 first.</p></body></html>')
    r, text = _import(tmp_path, "web.html", raw)
    assert r.exit_code == 0, r.stderr
    assert "purpose: Staff at the caf\u00e9 offer \u201csupport\u201d first." in text


def test_import_html_declaring_utf7_is_not_decoded_as_utf7(tmp_path):
    """UTF-7 hides tags from filters (+ADw-script+AD4-): it is never honoured."""
    raw = (b'<html><head><meta charset="utf-7"></head><body><h1>Purpose</h1><p>+ADw-script+AD4-alert(1)+ADw-/script'
           b'+AD4- Staff \xe9.</p></body></html>')
    r, text = _import(tmp_path, "u7.html", raw)
    assert r.exit_code == 2 and "<script" not in text
    assert r.stderr.startswith(f"{tmp_path / 'u7.html'}:1:") and "invalid UTF-8 (byte 0xe9)" in r.stderr


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_import_of_text_saved_as_utf16_says_so_at_its_place(tmp_path, suffix):
    """Notepad's "Unicode" is UTF-16 with a byte-order mark; the import said 'not UTF-8 text',
    where `check` of the same file says what it is and how to save it."""
    body = "# Purpose\n\nStaff offer support first.\n" if suffix == ".md" else \
        "<html><head><meta charset=utf-16></head><body><h1>Purpose</h1><p>Staff offer support.</p></body></html>"
    r, _text = _import(tmp_path, "n" + suffix, body.encode("utf-16"))
    assert r.exit_code == 2 and r.stderr.startswith(f"{tmp_path / ('n' + suffix)}:1:1: error: the file is UTF-16 "
                                                    "text, not UTF-8 (save it as UTF-8 (in Notepad"), r.stderr


def test_import_of_latin1_markdown_names_the_place_of_the_first_bad_byte(tmp_path):
    """It said 'notes.md: error: not UTF-8 text' without a place; `check` of the same file said
    'notes.md:3:16: error: invalid UTF-8 (byte 0xe9)'."""
    r, _text = _import(tmp_path, "notes.md", b"# Purpose\n\nStaff offer caf\xe9 support first.\n")
    # the letter and the encodings named too since the late morning of 2026-12-02 (ux25)
    assert r.exit_code == 2 and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith(
        f"{tmp_path / 'notes.md'}:3:16: error: invalid UTF-8 (byte 0xe9: '\u00e9' in Windows-1252 or Latin-1"), r.stderr


def test_import_of_markdown_with_two_byte_order_marks_keeps_its_first_heading(tmp_path):
    """pandoc drops one byte-order mark; a second (a file saved twice by two editors) stayed in
    front of '# Purpose', so the heading was no heading and the purpose was the raw text
    '\\ufeff# Purpose\\n\\nStaff.'."""
    r, text = _import(tmp_path, "n.md", b"\xef\xbb\xbf\xef\xbb\xbf# Purpose\n\nStaff offer support first.\n")
    assert r.exit_code == 0 and "purpose: Staff offer support first." in text and "\ufeff" not in text


@pytest.mark.parametrize("what,text,line", [
    ("lists", "# Purpose\n\n" + "".join("  " * i + "- x\n" for i in range(3000)), 131),
    ("numbered lists", "# Purpose\n\n" + "".join("    " * i + "1. x\n" for i in range(300)), 67),
    ("quotes", "# Purpose\n\n" + "> " * 5000 + "deep\n", 3),
])
def test_import_of_markdown_nested_hundreds_deep_is_refused_at_once_at_its_line(tmp_path, what, text, line):
    """A list nested 3,000 deep kept pandoc busy for its whole 60 s timeout and was then refused
    for 'long runs of unclosed brackets ([ or <) or backticks' (800 deep: 22 s); quotes 5,000
    deep took 7 s before the nesting error. Both are refused before pandoc, at the line."""
    import time

    t0 = time.perf_counter()
    r, _text = _import(tmp_path, "deep.md", text.encode())
    assert r.exit_code == 2 and time.perf_counter() - t0 < 5
    assert r.stderr.startswith(f"{tmp_path / 'deep.md'}:{line}:1: error: the document is nested too deeply"), r.stderr


# ---------------------------------------------------------------- the review room


@pytest.mark.parametrize("closes", ["0001-01-01", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"])
def test_serve_invite_with_a_closing_date_outside_the_calendar_is_one_line(tmp_path, closes):
    """`serve --invite … --closes 0001-01-01` was 'internal error: ValueError' (the date was
    written '1-01-01T23:59:59+00:00' and read back as no date); a date in year 1 east of UTC
    or year 9999 west of it 'internal error: OverflowError'."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.sqlite3"), "--closes", closes, "--invite",
                "advisory-3:sex-worker-advisory")
    assert r.exit_code == 2 and "internal error" not in r.stderr, r
    assert r.stderr.startswith(f"error: '{closes}' is ") and len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_room_round_closing_in_year_1_is_a_clear_refusal_not_a_500(tmp_path):
    """The staff form's closing date 0001-01-01 was an 'Internal Server Error' page (500)."""
    from .webapp import Room, csrf_of

    room = Room(tmp_path)
    staff = room.staff()
    for closes in ("0001-01-01", "0001-01-01T00:00:00+01:00"):
        csrf = csrf_of(staff.get(f"/staff/g/{room.gid}").text)
        r = staff.post(f"/staff/g/{room.gid}/rounds", data={"csrf": csrf, "reviewers": "advisory-7 sex-worker-advisory",
                                                             "closes": closes})
        assert r.status_code == 422, (closes, r.status_code)


# ---------------------------------------------------------------- configuration files


@pytest.mark.parametrize("text,where,rid", [
    ("fail_on: error\nrules:\n  disable: [lang.prostitue]\n", "3:13", "lang.prostitue"),
    ("rules:\n  severity:\n    lang.prostitue: error\n", "3:5", "lang.prostitue"),
    ("rules:\n  enable: [framing]\n  disable:\n    - lang.prostitute\n    - nope.x\n", "5:7", "nope.x"),
])
def test_config_unknown_rule_id_is_reported_at_its_place(tmp_path, text, where, rid):
    """'.lic-policy.yaml: error: unknown rule id …' named the file but not the line, where every
    other mistake in the file is named at its line and column."""
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text(text, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--config", str(cfg), str(DRAFT))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"{cfg}:{where}: error: unknown rule id '{rid}' in the configuration"), r.stderr


# ---------------------------------------------------------------- the command line: empty values


@pytest.mark.parametrize("args", [
    ["check", "--no-cache", "-o", "", "G"],
    ["check", "--config", "", "G"],
    ["check", ""],
    ["validate", ""],
    ["diff", "G", "G", "-o", ""],
    ["schema", "--check", ""],
    ["init", "--no-input", "--title", "T", "--jurisdiction", "J", "--kind", "municipality", ""],
    ["publish", "G", "--out", ""],
    ["review", "list", ""],
    ["review", "packet", "G", "-o", ""],
    ["serve", "G", "--state", "", "--invite", "advisory-3"],
])
def test_an_empty_path_is_refused_not_taken_as_not_given(tmp_path, monkeypatch, args):
    """A path given as '' (`-o "$OUT"` with OUT unset in CI) was taken as no path: `check -o ''`
    printed the report instead of writing it (the CI artifact was missing, exit 1 for the
    findings), `schema --check ''` printed the schema and passed, `serve --state ''` used the
    default state, `publish --out ''` wrote into the working folder, `review packet -o ''`
    invented a name, and `init ''` was 'internal error: ValueError'."""
    monkeypatch.chdir(tmp_path)
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run_cli(*[str(g) if a == "G" else a for a in args])
    assert r.exit_code == 2 and "is empty" in r.stderr and "internal error" not in r.stderr, r
    assert len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("option", ["--only", "--skip"])
@pytest.mark.parametrize("value", ["", " , ,"])
def test_check_only_or_skip_naming_no_rule_is_refused(option, value):
    """`check --only ''` (--only "$RULES" with RULES unset) ran every rule, as if --only were
    not there; `--skip ''` skipped nothing without a word."""
    r = run_cli("check", "--no-cache", option, value, str(DRAFT))
    assert r.exit_code == 2 and r.stderr.strip() == \
        f"error: {option} names no rule (give a rule id, a pack or a reviewer, e.g. {option} language; or leave " \
        "the option out)"


# ---------------------------------------------------------------- the same file named twice


def test_a_file_named_twice_is_checked_and_counted_once(tmp_path, monkeypatch):
    """`check g.yaml ./g.yaml /abs/g.yaml` checked the file three times: three times the
    findings in the JSON and SARIF reports (each a code-scanning alert) and '3 files checked';
    `validate g.yaml g.yaml` said '2 files: 2 valid'."""
    import json

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    once = json.loads(run_cli("check", "--no-cache", "--format", "json", "g.yaml").stdout)
    thrice = json.loads(run_cli("check", "--no-cache", "--format", "json", "g.yaml", "./g.yaml",
                                str(tmp_path / "g.yaml"), ".").stdout)
    assert thrice["summary"]["files"] == 1 and len(thrice["findings"]) == len(once["findings"]) > 0
    r = run_cli("validate", "g.yaml", "./g.yaml", ".")
    assert r.exit_code == 0 and "1 file: 1 valid" in r.stdout, r.stdout


# ---------------------------------------------------------------- the language server: line breaks


@pytest.mark.parametrize("name,text,line,start", [
    ("cr.md", "Intro line\r\U0001F600 met two prostitutes here.\r", 1, 11),      # classic Mac OS endings
    ("ls.md", "Intro\u2028line met two prostitutes.\n", 0, 19),                 # U+2028 line separator
    ("nel.md", "Intro\x85line met two prostitutes.\n", 0, 19),                  # U+0085 next line
    ("ff.md", "Intro\x0cline met two prostitutes.\n", 0, 19),                   # a form feed
])
def test_lsp_quick_fix_lands_on_the_flagged_word_whatever_the_line_breaks(tmp_path, name, text, line, start):
    """The server split lines with str.splitlines, which also breaks at a form feed, U+0085 and
    U+2028 (the protocol breaks at CR, LF and CRLF only), and placed edits counting LF only:
    a finding after U+2028 was shown as an empty range on the line before, and its quick fix
    inserted 'sex worker' there; in a file of lone CRs the fix went to the first line. An
    editor applying it damaged the document."""
    from lsprotocol import types as lsp

    from lic_policy.lsp import code_actions

    from .test_hostile_round5 import _server_with

    server, uri = _server_with(tmp_path, name, text)
    sent: list = []
    server.text_document_publish_diagnostics = sent.append
    server.publish(uri)
    (diag,) = sent[0].diagnostics
    assert (diag.range.start.line, diag.range.start.character, diag.range.end.character) == (line, start, start + 11)
    actions = code_actions(server, lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=lsp.CodeActionContext(diagnostics=[diag])))
    edits = [e for a in actions if a.edit for e in a.edit.changes[uri] if e.new_text.startswith("sex worker")]
    assert edits and all((e.range.start.line, e.range.start.character) == (line, start) and
                         e.range.end.character > start for e in edits), edits


def test_lsp_incremental_change_after_a_line_separator_is_applied_where_the_editor_made_it():
    """pygls applied an editor's change on the line after a U+2028 to the line before it, so
    the server checked a text the editor did not have."""
    from lsprotocol import types as lsp
    from pygls.workspace import TextDocument

    import lic_policy.lsp  # noqa: F401 - splits documents as the protocol does

    doc = TextDocument("file:///x.md", "Intro\u2028line one\nline two\n", version=1)
    doc.apply_change(lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=lsp.Position(line=1, character=0), end=lsp.Position(line=1, character=4)), text="LINE"))
    assert doc.source == "Intro\u2028line one\nLINE two\n"


# ---------------------------------------------------------------- check reports: odd file names


def _odd_names(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    for name in (b"a\x01b\x1b[31mred.md", b"c\nd.md", b"e\xff.md"):  # a control, a line break, not UTF-8
        (Path(os.fsdecode(bytes(folder) + b"/" + name))).write_text("Outreach met two prostitutes.\n",
                                                                     encoding="utf-8")
    return folder


def test_junit_report_of_files_named_with_control_characters_is_well_formed_xml(tmp_path):
    """A file named with U+0001 (or bytes that are not UTF-8) was written into the JUnit XML as
    is: the report was not well-formed and a CI dashboard dropped all of it."""
    from xml.dom import minidom

    folder = _odd_names(tmp_path)
    out = tmp_path / "report.xml"
    # in-process: the report goes to a file (-o), and the names come from the walk, as in a process
    p = run_cli("check", "--no-cache", "--format", "junit", str(folder), "-o", str(out))
    assert p.exit_code == 0, p.stderr
    dom = minidom.parse(str(out))
    names = sorted(s.getAttribute("name").rsplit("/", 1)[1] for s in dom.getElementsByTagName("testsuite"))
    assert names == ["a\u2401b\u241b[31mred.md", "c\nd.md", "e\ufffd.md"], names


@pytest.mark.parametrize("fmt", ["json", "codeclimate"])
def test_json_reports_of_a_file_name_that_is_not_utf8_are_utf8(tmp_path, fmt):
    """A file name holding the byte 0xFF went into the JSON and Code Climate reports as that raw
    byte, so the report was not UTF-8 (Python's json.load and other strict readers refused the
    whole file). It is now written as the escape \\udcff, which reads back as the same name."""
    import json

    folder = _odd_names(tmp_path)
    out = tmp_path / f"report.{fmt}"
    # in-process: the report goes to a file (-o), and the names come from the walk, as in a process
    p = run_cli("check", "--no-cache", "--format", fmt, str(folder), "-o", str(out))
    assert p.exit_code == 0, p.stderr
    data = json.loads(out.read_bytes().decode("utf-8"))  # strict: raises on a raw 0xFF
    items = data["findings"] if fmt == "json" else data
    files = [i["file"] if fmt == "json" else os.path.join(str(folder), i["location"]["path"].rsplit("/", 1)[1])
             for i in items]
    assert len(files) == 3 and all(os.path.exists(f) for f in files), files


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000@evil.example/", "http://user:secret@review.example.org/",
                                 "https://review.example.org/#room", "https://review.example.org/?room=1",
                                 "https://review.example.org/a/../", "https://review.example.org/%2e%2e/"])
def test_serve_base_url_that_would_send_tokens_elsewhere_or_swallow_them_is_refused(tmp_path, url):
    """Every invitation is the base URL with /i/TOKEN added. --base-url
    http://127.0.0.1:8000@evil.example/ was taken and printed links that send the reviewer,
    and the token, to evil.example; user:password went into every link; a #fragment or a
    ?query swallowed the token (the link reached no invitation); '..' another path."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.sqlite3"), "--base-url", url, "--invite", "advisory-3")
    assert r.exit_code == 2 and r.stderr.startswith("error: --base-url must be an http:// or https:// address"), r
    assert "/i/" not in r.stdout and not (tmp_path / "s.sqlite3").exists()


@pytest.mark.parametrize("args", [
    ["serve", "G", "--state", "S", "--closes", "", "--invite", "advisory-3"],
    ["serve", "G", "--state", "S", "--host", "", "--invite", "advisory-3"],
    ["review", "add", "G", "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body", "b", "--author",
     "staff-1", "--role", "staff", "--date", ""],
    ["review", "packet", "G", "--since", " ", "-o", "P"],
    ["import", "N", "--jurisdiction", "", "-o", "Y"],
    ["import", "N", "--id", "", "-o", "Y"],
])
def test_an_empty_text_option_is_refused_not_taken_as_not_given(tmp_path, args):
    """`serve --invite … --closes ''` opened a round that never closes, `review add --date ''`
    dated the thread now, `import --jurisdiction ''` wrote the placeholder: an unset shell
    variable changed what the command did without a word."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    (tmp_path / "n.md").write_text("# Purpose\n\nStaff offer support first.\n", encoding="utf-8")
    subst = {"G": str(g), "S": str(tmp_path / "s.sqlite3"), "P": str(tmp_path / "p.docx"), "N": str(tmp_path / "n.md"),
             "Y": str(tmp_path / "y.yaml")}
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run_cli(*[subst.get(a, a) for a in args])
    assert r.exit_code == 2 and "is empty" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("name", ["https://review.example.org/", "review.example.org:443", "Review.Example.org",
                                  "review example", ""])
def test_serve_allow_host_that_no_request_can_match_is_refused(tmp_path, name):
    """The Host header's name (lower case, no port) is compared with each --allow-host: a URL, a
    port, capitals or a space were taken, the room started, and every reviewer got 'This
    address is not served here'."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.sqlite3"), "--host", "0.0.0.0", "--allow-host", name,
                "--invite", "advisory-3")
    assert r.exit_code == 2 and f"--allow-host {name!r} is not a host name" in r.stderr, r


@pytest.mark.parametrize("initials", ["t999", "t2"])
def test_packet_comment_whose_initials_name_no_thread_is_the_reviewer_s(tmp_path, initials):
    """Word keeps a packet comment's thread id in its initials; a reviewer's own comment whose
    initials read like one ('t999': a pseudonymous account, another program) was taken for the
    packet's and dropped without a word ('67 packet comments skipped', nothing added). Only a
    thread the review file has is the packet's now."""
    g, parts = packet_parts(tmp_path)
    doc = write_docx(tmp_path / "r.docx", with_comment(parts, "902", initials=initials, body="My own words"))
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0 and "added 1 comment(s)" in r.stdout, r.stdout
    assert "My own words" in (tmp_path / "g.review.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- numbers that are not numbers


@pytest.mark.parametrize("old,new,where", [
    ("lic_policy: 1\n", "lic_policy: true\n", "lic_policy: Input should be a valid integer, got True"),
    ("    rank: 1\n", '    rank: "1"\n', "priorities.0.rank: Input should be a valid integer, got '1'"),
    ("    total_seats: 18\n", "    total_seats: 18.0\n", "total_seats: Input should be a valid integer, got 18.0"),
    ("    sex_worker_seats: 6\n", "    sex_worker_seats: true\n", "sex_worker_seats: Input should be a valid integer"),
])
def test_a_count_or_rank_written_as_true_or_text_is_not_taken_as_a_number(tmp_path, old, new, where):
    """pydantic's lax mode took `true` as 1 and "1" or 18.0 as numbers, so `validate` passed
    files the published JSON Schema (and every editor using it) marks wrong: a steering
    committee with `sex_worker_seats: true` had one sex-worker seat."""
    from .conftest import GOOD

    text = GOOD.read_text(encoding="utf-8")
    assert old in text
    g = tmp_path / "g.yaml"
    g.write_text(text.replace(old, new, 1), encoding="utf-8")
    r = run_cli("validate", str(g))
    assert r.exit_code == 1 and where in r.stdout, r.stdout


# ---------------------------------------------------------------- diff --format markdown


def test_diff_markdown_shows_the_guidelines_words_as_text_never_as_markup(tmp_path):
    """The Markdown redline (CriticMarkup, posted in pull requests and wikis) carried a
    guideline's words as they were: an edit adding '<script>…', '<img onerror=…>' or
    '[x](javascript:…)' was live HTML and a live link wherever the redline was rendered (the
    HTML redline and `publish` escaped them), and words holding '++}' closed the insertion
    early. They are now backslash-escaped."""
    from markdown_it import MarkdownIt

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    shutil.copy(DRAFT, a)
    text = DRAFT.read_text(encoding="utf-8")
    b.write_text(text.replace("  This strategy sets out", "  <script>alert(1)</script><img src=x onerror=alert(2)> "
                              "[x](javascript:alert(3)) ++} *loud* This strategy sets out", 1), encoding="utf-8")
    r = run_cli("diff", str(a), str(b), "--format", "markdown")
    assert r.exit_code == 0, r.stderr
    html = MarkdownIt("commonmark").render(r.stdout)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html, html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "*loud*" in html
    purpose = next(ln for ln in r.stdout.splitlines() if ln.startswith("**purpose**"))
    assert purpose.count("{++") == 1 and "++\\} \\*loud\\* ++}" in purpose, purpose
