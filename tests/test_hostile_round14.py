"""hostile14: careless and hostile inputs of new kinds, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: the texts below hold stigmatizing terms and framing on purpose — each one
must be flagged (or, where a test says so, must not be).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .conftest import json_findings as findings, rules_of, run_cli

ROOT = Path(__file__).resolve().parent.parent
MARKUP_CORPUS = ROOT / "tests" / "corpus" / "markup"


# ---------------------------------------------------------------- Markdown inside a word

# Markdown a drafter writes inside a word or a phrase (bold on half a word, a tag around a
# syllable, an entity for one letter) renders as the plain words, but the rules read the
# markup: the delimiters split the word, a tag was blanked to spaces (a phrase is not read
# across a run of spaces), an entity stayed as written.
IN_WORD = {
    "bold on half a word": ("We met with **pros**titutes downtown.\n", "lang.prostitute"),
    "italics on the end of a word": ("We met with pros*titutes* downtown.\n", "lang.prostitute"),
    "bold on a whole phrase": ("We will **clean up** the streets.\n", "framing.clean-up"),
    "bold with underscores on a phrase": ("We will __clean up__ the streets.\n", "framing.clean-up"),
    "bold on one word of a phrase": ("We will clean **up** the streets.\n", "framing.clean-up"),
    "an HTML tag around a word of a phrase": ("We will clean <b>up</b> the streets.\n", "framing.clean-up"),
    "an HTML span inside a word": ('We met with prosti<span class="x">tutes</span> downtown.\n', "lang.prostitute"),
    "an HTML comment inside a word": ("We met with prosti<!-- x -->tutes downtown.\n", "lang.prostitute"),
    "&shy; inside a word": ("We met with prosti&shy;tutes downtown.\n", "lang.prostitute"),
    "a decimal entity for a letter": ("We met with &#112;rostitutes downtown.\n", "lang.prostitute"),
    "a hexadecimal entity for a letter": ("We met with prostitut&#x65;s downtown.\n", "lang.prostitute"),
    "&nbsp; inside a phrase": ("We will clean&nbsp;up the streets.\n", "framing.clean-up"),
}


@pytest.mark.parametrize("how", sorted(IN_WORD))
def test_markdown_inside_a_word_or_phrase_is_read_as_rendered(tmp_path, how):
    text, rule = IN_WORD[how]
    assert rule in rules_of(text, tmp_path)


@pytest.mark.parametrize("how", ["bold on half a word", "an HTML tag around a word of a phrase", "&shy; inside a word"])
def test_markdown_inside_a_guideline_field_is_read_as_rendered(tmp_path, how):
    from .conftest import DRAFT

    text, rule = IN_WORD[how]
    src = DRAFT.read_text(encoding="utf-8")
    start, end = src.index("purpose: |"), src.index("\nscope:")
    p = tmp_path / "g.yaml"
    p.write_text(src[:start] + "purpose: " + json.dumps(text.strip()) + src[end:], encoding="utf-8")
    assert rule in {f["rule_id"] for f in findings(p) if f["field"] == "purpose"}


def test_a_term_set_in_italics_is_still_a_mention_and_markup_in_code_stays_code(tmp_path):
    """The lead's use-mention context (words set in italics are words used as words) still
    reads the delimiters; code and link targets are still not prose."""
    assert "lang.prostitute" not in rules_of("We avoid the word *prostitutes* here.\n", tmp_path)
    assert "lang.prostitute" not in rules_of("Run `grep &#112;rostitutes` on it.\n", tmp_path)
    assert "lang.prostitute" not in rules_of("See [the page](https://example.org/&#112;rostitutes).\n", tmp_path)


def test_fix_write_keeps_markup_balanced(tmp_path):
    """A fix whose words hold markup is withheld (a person rewrites it); one whose words
    the markup wraps keeps the markup around the new words; every other byte stays."""
    p = tmp_path / "n.md"
    p.write_bytes(b"We met **prostitutes** and **pros**titutes and &#112;rostitutes.\r\n")
    assert run_cli("fix", "--write", str(p)).exit_code == 0
    assert p.read_bytes() == b"We met **sex workers** and **pros**titutes and &#112;rostitutes.\r\n"


MARKUP_EXPECTED = json.loads((MARKUP_CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))["files"]


def test_the_markup_corpus_is_complete():
    assert {p.name for p in MARKUP_CORPUS.iterdir()} - {"EXPECTED.json"} == set(MARKUP_EXPECTED)


@pytest.mark.parametrize("name", sorted(MARKUP_EXPECTED))
def test_markup_corpus_is_found_where_written(tmp_path, name):
    p = tmp_path / name
    p.write_bytes((MARKUP_CORPUS / name).read_bytes())
    got = sorted((f["line"], f["rule_id"]) for f in findings(p))
    for line, rule in MARKUP_EXPECTED[name]:
        assert (line, rule) in got, (line, rule, got)
        if MARKUP_EXPECTED[name].count([line, rule]) > 1:
            assert got.count((line, rule)) >= MARKUP_EXPECTED[name].count([line, rule])


# ---------------------------------------------------------------- read-only files

def _read_only(path: Path) -> bytes:
    path.chmod(0o444)
    return path.read_bytes()


def _one_line(res, *words: str) -> None:
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2, (res.exit_code, res.stderr)
    assert len(lines) == 1 and all(w in lines[0] for w in words), res.stderr
    assert "Traceback" not in res.stderr and "internal error" not in res.stderr


def test_fix_write_leaves_a_read_only_guideline_as_it_is(tmp_path):
    """`fix --write` of a guideline made read-only (chmod 444: an approved version someone
    protected): replaced without a word, as the temporary file is renamed over it (the
    folder is writable) — and, made by another account, taken over as the writer's own."""
    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    before = _read_only(g)
    res = run_cli("fix", "--write", str(g))
    _one_line(res, str(g), "read-only", "chmod u+w")
    assert g.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_review_add_leaves_a_read_only_review_file_as_it_is(tmp_path):
    """`review add` beside a read-only g.review.yaml: the thread appended (as root), or (as
    another user, whose append the permissions refuse) the file written whole anew."""
    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    add = ("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
           "--author", "staff-1", "--role", "staff")
    assert run_cli(*add).exit_code == 0
    r = tmp_path / "g.review.yaml"
    before = _read_only(r)
    _one_line(run_cli(*add), str(r), "read-only")
    assert r.read_bytes() == before


@pytest.mark.parametrize("command", ["import", "publish", "init"])
def test_writers_leave_a_read_only_file_as_it_is(tmp_path, command):
    """`import --force`, `init --force` onto a read-only guideline, `publish` over its own
    read-only output: replaced without a word."""
    from .conftest import DRAFT, GOOD

    if command == "publish":
        out = tmp_path / "out"
        assert run_cli("publish", str(GOOD), "--to", "md", "--out", str(out)).exit_code == 0
        target = next(out.iterdir())
        args = ("publish", str(GOOD), "--to", "md", "--out", str(out))
    elif command == "import":
        src = tmp_path / "n.md"
        src.write_text("# Outreach\n\nWe meet sex workers where they are.\n", encoding="utf-8")
        target = tmp_path / "g.yaml"
        target.write_bytes(DRAFT.read_bytes())
        args = ("import", str(src), "-o", str(target), "--force", "--jurisdiction", "J", "--kind",
                "municipality")
    else:
        target = tmp_path / "g.yaml"
        target.write_bytes(DRAFT.read_bytes())
        args = ("init", "--no-input", "--force", "--title", "T", "--jurisdiction", "J", "--kind", "municipality",
                str(target))
    before = _read_only(target)
    _one_line(run_cli(*args), "read-only")
    assert target.read_bytes() == before


# ---------------------------------------------------------------- review add --quote as copied

QUOTES = {
    "a soft hyphen (copied from a hyphenated page or PDF)": "clean up the st\u00adreets",
    "a zero-width space": "clean\u200b up the streets",
    "a full-width letter": "clean up the \uff53treets",
    "a word joiner and a soft hyphen": "clean\u2060 up the\u00ad streets",
}


@pytest.mark.parametrize("how", sorted(QUOTES))
def test_review_add_finds_a_quote_copied_with_invisible_characters(tmp_path, how):
    """`review add --quote` of words copied with a soft hyphen from a page that hyphenates
    them (or a zero-width space, a full-width letter): 'the quote ... is not in purpose', exit 2,
    though the words are there as they read."""
    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli("review", "add", str(g), "--field", "purpose", "--quote", QUOTES[how], "--body", "b",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    assert "exact: clean up the streets\n" in (tmp_path / "g.review.yaml").read_text(encoding="utf-8")


def test_review_add_finds_a_quote_in_text_that_holds_a_soft_hyphen(tmp_path):
    """The guideline holds the soft hyphen (pasted from Word), the reviewer types the words:
    found, and the thread quotes the text as it is written."""
    from .conftest import DRAFT

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes().replace(b"clean up the streets", "clean up the st\u00adreets".encode()))
    res = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    from lic_policy.text import quote_spans

    assert quote_spans("we clean up the st\u00adreets", "clean up the streets") == [(3, 24)]
    assert quote_spans("we clean up the streets", "clean up the s\u00adtrains") == []


# ---------------------------------------------------------------- Word structure pandoc drops

def _word_file(path: Path, body: str, parts: dict | None = None, rels: str = "") -> Path:
    import zipfile

    from .test_hostile_input import CONTENT_TYPES, RELS, W

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W} '
                                        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                                        f"<w:body>{body}</w:body></w:document>")
        if rels:
            z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                       'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + rels
                       + "</Relationships>")
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return path


def _imported(tmp_path: Path, doc: Path):
    out = tmp_path / "g.yaml"
    res = run_cli("import", str(doc), "-o", str(out), "--jurisdiction", "J")
    assert res.exit_code == 0, res.stderr
    return res, out.read_text(encoding="utf-8")


_FIRST = "<w:p><w:r><w:t>Staff meet sex workers where they are.</w:t></w:r></w:p>"
WRAPPED_RUNS = {
    "a right-to-left run (w:dir)": '<w:p><w:dir w:val="rtl"><w:r><w:t>نص عربي: outreach first</w:t></w:r></w:dir></w:p>',
    "a bidirectional override (w:bdo)": '<w:p><w:r><w:t>Hebrew: </w:t></w:r><w:bdo w:val="rtl"><w:r><w:t>'
                                        "טקסט outreach first</w:t></w:r></w:bdo></w:p>",
    "custom XML around runs": '<w:p><w:customXml w:element="clause"><w:customXmlPr><w:attr w:name="n" w:val="1"/>'
                              "</w:customXmlPr><w:r><w:t>outreach first</w:t></w:r></w:customXml></w:p>",
    "custom XML around a paragraph": '<w:customXml w:element="section"><w:p><w:r><w:t>outreach first</w:t></w:r>'
                                     "</w:p></w:customXml>",
    "custom XML around a table row": "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr>"
                                     '<w:customXml w:element="row"><w:tr><w:tc><w:p><w:r><w:t>outreach first</w:t>'
                                     "</w:r></w:p></w:tc></w:tr></w:customXml></w:tbl>",
    "an empty wrapper beside the words": '<w:p><w:dir w:val="rtl"/><w:r><w:t>outreach first</w:t></w:r></w:p>',
}


@pytest.mark.parametrize("how", sorted(WRAPPED_RUNS))
def test_words_in_a_wrapper_pandoc_drops_are_imported(tmp_path, how):
    """A Word file whose words sit inside a right-to-left run (Word 2010 and later write
    Arabic, Hebrew, Farsi and Urdu that way) or custom XML: the words were dropped without a
    word (pandoc skips the wrapper and all it holds)."""
    doc = _word_file(tmp_path / "d.docx", _FIRST + WRAPPED_RUNS[how])
    _res, text = _imported(tmp_path, doc)
    assert "outreach first" in text, text


def test_text_inserted_from_another_file_is_named_not_dropped(tmp_path):
    """A Word file holding a chunk of HTML Word shows in its body (w:altChunk: pasted or made
    by a program that builds documents) and a subdocument: their words were dropped without a
    word; now each is 'could not place', with a to-do item."""
    body = (_FIRST + '<w:altChunk r:id="rId5"/><w:p><w:subDoc r:id="rId6"/></w:p>'
            "<w:p><w:r><w:t>After the chunk.</w:t></w:r></w:p>")
    rels = ('<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"'
            ' Target="chunk1.html"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/subDocument" Target="file:///C:/Policies/Part2.docx" TargetMode="External"/>')
    chunk = "<html><body><p>The City will fund <b>peer outreach</b>.</p><script>x()</script></body></html>"
    doc = _word_file(tmp_path / "d.docx", body, {"word/chunk1.html": chunk}, rels)
    res, text = _imported(tmp_path, doc)
    assert "could not place: text inserted from another document (chunk1.html: “The City will fund peer outreach.”)" \
        in res.stdout, res.stdout
    assert "could not place: a subdocument (Part2.docx" in res.stdout
    assert text.count("its words were not imported") == 2 and "x()" not in text


# ---------------------------------------------------------------- the language server, out of order

@pytest.mark.slow  # 0.35 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_messages_before_initialize_are_refused_not_an_error_popup(tmp_path):
    """An editor (or a client script) that sends didOpen, didChange and requests before
    `initialize`: 'Error in server: RuntimeError: The workspace is not available - has the
    server been initialized?' popped up, and requests were answered as if it had been. The
    specification: requests get ServerNotInitialized (-32002), notifications are dropped; the
    session then starts as usual."""
    from .test_hostile_round4 import RawEditor, _popups

    ed = RawEditor(tmp_path)
    try:
        uri = (tmp_path / "n.md").as_uri()
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": "Outreach met two prostitutes.\n"}}})
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "x\n"}]}})
        ed.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 20}}})
        ed.send({"jsonrpc": "2.0", "id": 6, "method": "shutdown"})
        msgs = ed.until(lambda m: m.get("id") == 6)
        answers = {m["id"]: m for m in msgs if "id" in m}
        assert answers[5].get("error", {}).get("code") == -32002, answers
        assert answers[6].get("error", {}).get("code") == -32002, answers
        ed.start()  # then the session starts, and a document opened now is checked
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": "Outreach met two prostitutes.\n"}}})
        msgs = ed.until(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["diagnostics"])
        assert any(m.get("method") == "textDocument/publishDiagnostics" and m["params"]["diagnostics"] for m in msgs)
        assert not _popups(msgs), _popups(msgs)
    finally:
        err = ed.stop()
    assert "Traceback" not in err, err


# ---------------------------------------------------------------- names that nearly match

NEAR = {
    "in another Unicode form (typed NFC, saved NFD as macOS writes it)": ("cafe\u0301.yaml", "caf\u00e9.yaml",
                                                                           "another Unicode form"),
    "in another Unicode form (typed NFD, saved NFC)": ("caf\u00e9.yaml", "cafe\u0301.yaml", "another Unicode form"),
    "with other capitals": ("Draft.yaml", "draft.yaml", "only in capitals"),
    "with a space at its end (pasted)": ("draft.yaml ", "draft.yaml", "spaces at its ends"),
}


@pytest.mark.parametrize("how", sorted(NEAR))
@pytest.mark.parametrize("command", [("validate",), ("check",), ("review", "list"), ("publish",)])
def test_a_name_that_nearly_matches_a_file_says_which(tmp_path, monkeypatch, how, command):
    """`validate café.yaml` where the file was saved on a Mac (é as e + a combining accent),
    `check draft.yaml` for Draft.yaml: 'no such file or folder (check the path)', though `ls`
    shows the name; now the line names the file that is there and how the names differ."""
    from .conftest import DRAFT

    on_disk, typed, words = NEAR[how]
    (tmp_path / on_disk).write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = run_cli(*command, typed)
    _one_line(res, typed, "no such file", on_disk, words)


# ---------------------------------------------------------------- lines as check counts them

ODD_BREAKS = {"a form feed (a PDF's page break)": "\x0c", "Word's non-breaking hyphen U+001E": "\x1e",
              "a line separator U+2028": "\u2028", "a next-line control U+0085": "\x85",
              "a vertical tab (Word's manual line break in its text)": "\x0b"}


@pytest.mark.parametrize("how", sorted(ODD_BREAKS))
def test_a_suppression_after_a_character_python_splits_lines_at_still_applies(tmp_path, how):
    """A Markdown file holding a form feed, U+2028 or Word's own control characters before a
    suppression comment: the suppression was counted a line or more further down (Python's
    str.splitlines splits at them; check counts lines at line ends only), so the finding it
    names was shown, and 'suppression ... is not used' pointed at a line past the file's end."""
    ch = ODD_BREAKS[how]
    p = tmp_path / "n.md"
    p.write_text(f"Anti{ch}vice work and a page{ch}break here.\n\n"
                 "Staff met prostitutes. <!-- lic-policy: ignore[lang.prostitute] quoting the 2009 motion -->\n",
                 encoding="utf-8")
    assert [f["rule_id"] for f in findings(p) if f["rule_id"].startswith(("lang.prostitute", "lic-policy."))] == []


@pytest.mark.parametrize("how", sorted(ODD_BREAKS))
def test_the_text_report_shows_the_findings_own_line(tmp_path, how):
    """The text report printed the source line by str.splitlines: after such a character it
    showed another line (or none) under the finding, its carets under nothing."""
    ch = ODD_BREAKS[how]
    p = tmp_path / "n.md"
    p.write_text(f"A page{ch}break here.\n\nStaff met prostitutes today.\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", str(p))
    lines = res.stdout.splitlines()
    at = next(i for i, ln in enumerate(lines) if "lang.prostitute" in ln)
    assert lines[at + 1].strip() == "Staff met prostitutes today.", lines[at:at + 3]
    assert lines[at + 2].strip() == "^" * len("prostitutes"), lines[at:at + 3]


# ---------------------------------------------------------------- rule packs a user writes

BAD_PACKS = ROOT / "tests" / "corpus" / "bad-packs"
BAD_PACKS_EXPECTED = json.loads((BAD_PACKS / "EXPECTED.json").read_text(encoding="utf-8"))["files"]


def test_the_bad_pack_corpus_is_complete():
    assert {p.name for p in BAD_PACKS.iterdir()} - {"EXPECTED.json"} == set(BAD_PACKS_EXPECTED)


@pytest.mark.parametrize("name", sorted(BAD_PACKS_EXPECTED))
def test_a_bad_pack_is_refused_at_its_place(tmp_path, monkeypatch, name):
    """A pack whose fix the rule finds again in its own replacement ('sex workers' → 'sex
    workers (people who sell sex)'): each `fix --write` applied it once more, and the text grew
    at every run (three runs: '(people who sell sex)' three times)."""
    line, col, words = BAD_PACKS_EXPECTED[name]
    pack = tmp_path / name
    pack.write_bytes((BAD_PACKS / name).read_bytes())
    (tmp_path / ".lic-policy.yaml").write_text(f"packs: [{name}]\n", encoding="utf-8")
    doc = tmp_path / "n.md"
    doc.write_bytes(b"We met sex workers during outreach at the drop-in.\n")
    before = doc.read_bytes()
    monkeypatch.chdir(tmp_path)
    for command in (("check", "--no-cache"), ("fix", "--write")):
        _one_line(run_cli(*command, "n.md"), f"{pack}:{line}:{col}: error: ", words)
    assert doc.read_bytes() == before


# ---------------------------------------------------------------- commands the hints give to copy

def _hint_commands(text: str) -> list[list[str]]:
    import shlex

    return [shlex.split(c) for c in re.findall(r"`((?:lic-policy|chmod) [^`]*)`", text)]


@pytest.mark.parametrize("name", ["-g.yaml", "my draft.yaml", "--help.yaml"])
def test_the_commands_a_hint_gives_name_the_file_as_one_word_not_an_option(tmp_path, monkeypatch, name):
    """A guideline named '-g.yaml' (or with a space): the next-step hints said `lic-policy fix
    --write -g.yaml`, `lic-policy review reply -g.yaml t1 ...`, `lic-policy review reply my
    draft.yaml t1` — copied, the name was read as an option ('No such option -g') or as two
    files. Each hint now names it as one word the command reads as a file."""
    from .conftest import DRAFT

    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(DRAFT.read_bytes())
    stem = name[:-5]
    (tmp_path / f"{stem}-in.md").write_text("# Outreach\n\nWe meet sex workers where they are.\n", encoding="utf-8")
    out = ""
    for args in (["check", "--no-cache", "--", name], ["validate", "--", name], ["fix", "--", name],
                 ["review", "add", "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                  "--author", "staff-1", "--role", "staff", "--", name], ["review", "list", "--", name],
                 ["import", "--jurisdiction", "J", "--", f"{stem}-in.md"],
                 ["publish", "--to", "md", "--out", "out", "--", name]):
        res = run_cli(*args)
        assert res.exit_code in (0, 1), (args, res.stderr)
        out += res.stdout + res.stderr
    commands = _hint_commands(out)
    assert len(commands) >= 8, out
    for words in commands:
        assert not any(w.startswith("-") and w.endswith((".yaml", ".md")) for w in words), words
        files = [w for w in words if w.endswith((".yaml", ".md"))]
        assert all(os.path.basename(w) in (name, f"{stem}-in.yaml") or "NAME" in w for w in files), words


def test_a_suppression_naming_no_rule_is_a_finding(tmp_path):
    """`<!-- lic-policy: ignore[] reason -->` (the rule id left out, or only commas): it
    suppressed nothing and said nothing, so the writer believed the line was covered."""
    p = tmp_path / "n.md"
    p.write_text("We met sex workers. <!-- lic-policy: ignore[] the 2009 motion -->\n\n"
                 "We met sex workers. <!-- lic-policy: ignore[ , ] the 2009 motion -->\n", encoding="utf-8")
    got = [(f["line"], f["rule_id"]) for f in findings(p)]
    assert got == [(1, "lic-policy.unknown-suppression"), (3, "lic-policy.unknown-suppression")], got


@pytest.mark.parametrize("command", [("validate",), ("publish",), ("review", "list"), ("review", "packet"),
                                     ("diff", "-", "g.yaml"), ("compare", "-", "g.yaml")])
def test_standard_input_given_to_a_command_that_reads_files_says_so(tmp_path, monkeypatch, command):
    """`lic-policy validate - < g.yaml` (the Unix way to name standard input, which `check -`
    reads): '-: no such file or folder (check the path)', as if a file named '-' were meant."""
    from .conftest import DRAFT

    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    args = command if "-" in command else (*command, "-")
    _one_line(run_cli(*args, stdin=DRAFT.read_text(encoding="utf-8")), "-: error: ", "not standard input ('-')")
