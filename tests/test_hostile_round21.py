"""hostile21: careless and hostile inputs of new kinds, surface by surface: documents of
other kinds given where a guideline goes, handles typed in other alphabets, and the
surfaces the catalogue had tried least.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DRAFT, GOOD, POLICE, one_error_line, run_cli
from .test_hostile_input import repo  # noqa: F401  (a fixture: a git repository holding g.yaml)

MARKDOWN = "# City of Testville sex work response\n\n## Purpose\n\nStaff respond with care.\n\n## Response\n\n" \
           "Staff connect sex workers with peer-led services.\n"
HTML = "<!doctype html>\n<html><head><title>Response</title></head>\n<body><h1>Response</h1>\n" \
       "<p>Staff respond: with care.</p></body></html>\n"

# what a person with a draft in another format gives where the guideline goes
PROSE = {"n.md": (MARKDOWN, "a Markdown file"), "n.markdown": (MARKDOWN, "a Markdown file"),
         "n.html": (HTML, "an HTML page"), "n.htm": (HTML, "an HTML page"),
         "n.txt": ("Staff respond with care.\n", "a text file")}

GUIDELINE_COMMANDS = {
    "validate": ("validate", "{f}"),
    "publish": ("publish", "{f}", "--to", "md"),
    "diff": ("diff", "{g}", "{f}"),
    "compare": ("compare", "{g}", "{f}"),
    "review add": ("review", "add", "{f}", "--field", "purpose", "--quote", "Staff", "--body", "b",
                   "--author", "staff-1", "--role", "staff"),
    "review packet": ("review", "packet", "{f}", "-o", "{d}/p.docx"),
    "review reanchor": ("review", "reanchor", "{f}"),
}


@pytest.mark.parametrize("command", list(GUIDELINE_COMMANDS))
@pytest.mark.parametrize("name", list(PROSE))
def test_a_markdown_or_html_draft_given_as_the_guideline_is_named_as_such(tmp_path, command, name):
    """`validate draft.md`, `publish draft.md` (and diff, compare, review add, packet,
    reanchor) answered with a YAML error: 'YAML syntax error: did not find expected <document
    start> (check the indentation and quoting around this place)' at a Markdown line, or 'the
    file holds more than one YAML document' for a heading underlined with ---, or 'a guideline
    is a YAML mapping' for a text file — advice about YAML for a file that was never YAML. Now
    one line says what the file is and the way on: import it."""
    text, what = PROSE[name]
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    args = [a.format(f=f, g=g, d=tmp_path) for a in GUIDELINE_COMMANDS[command]]
    r = run_cli(*args)
    if command == "validate":  # its report goes to standard output, a summary line after it
        assert r.exit_code == 2 and not r.stderr, r
        line = r.stdout.splitlines()[0]
        assert r.stdout.splitlines()[1:] == ["1 file: 0 valid, 1 problem"], r
        assert line.startswith(str(f)) and f"{what}, not a guideline" in line and "lic-policy import" in line, r
    else:
        line = one_error_line(r, f"{what}, not a guideline", "lic-policy import", where=str(f))
    assert "YAML" not in line, line
    assert f.read_text(encoding="utf-8") == text
    assert not (tmp_path / "p.docx").exists()


def test_a_guideline_of_another_name_is_still_read(tmp_path):
    """A guideline kept under a .txt name still validates (only a file that does not read as
    one is named as Markdown, HTML or text)."""
    f = tmp_path / "g.txt"
    shutil.copy(DRAFT, f)
    r = run_cli("validate", str(f))
    assert r.exit_code == 0, r.stdout + r.stderr


READ_ONLY_REVIEW_COMMANDS = {
    "review list": ("review", "list", "{f}"),
    "review reply": ("review", "reply", "{f}", "t1", "--body", "b", "--author", "staff-1", "--role", "staff"),
    "review resolve": ("review", "resolve", "{f}", "t1"),
    "review accept": ("review", "accept", "{f}", "t1"),
    "review reject": ("review", "reject", "{f}", "t1"),
    "review redact": ("review", "redact", "{f}", "t1", "--words", "x"),
}


@pytest.fixture(scope="module")
def word_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pub")
    r = run_cli("publish", str(DRAFT), "--to", "docx", "--out", str(out))
    assert r.exit_code == 0, r.stderr
    return next(out.glob("*.docx"))


@pytest.mark.parametrize("command", list(READ_ONLY_REVIEW_COMMANDS))
@pytest.mark.parametrize("kind", ["docx", "md", "html"])
def test_review_commands_that_read_only_the_review_file_refuse_a_document(tmp_path, word_file, command, kind):
    """`review list draft.docx` answered '0 threads' (exit 0) and advised `review packet
    draft.docx`, which then refused it; `review reply draft.md t1` said "no thread 't1' in
    draft.md.review.yaml (threads: none yet)" — a review file no one would keep. These commands
    read the review file only, never the guideline. Now they say what the file is, in one line,
    as `review add` does."""
    if kind == "docx":
        f, what = tmp_path / "draft.docx", "a Word document (.docx)"
        shutil.copy(word_file, f)
    else:
        name = "draft.md" if kind == "md" else "draft.html"
        f, what = tmp_path / name, PROSE["n." + kind][1]
        f.write_text(PROSE["n." + kind][0], encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [a.format(f=f) for a in READ_ONLY_REVIEW_COMMANDS[command]]
    one_error_line(run_cli(*args), f"{what}, not a guideline", "lic-policy import", where=str(f))
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_review_list_of_a_guideline_is_still_read(tmp_path):
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("review", "list", str(g))
    assert r.exit_code == 0 and "0 threads" in r.stdout, r


# ---------------------------------------------------------------- handles in other alphabets

@pytest.mark.parametrize("handle", ["ｊａｎｅ＠example.org", "ｊａｎｅ-3"])
def test_serve_invite_never_advises_a_handle_it_refuses(tmp_path, handle):
    """`serve --invite 'ｊａｎｅ＠example.org'` (a full-width email) was answered "“ｊａｎｅ” is
    also a first name ... use a handle that names no one, such as --invite
    advisory＠example.org:sex-worker-advisory": an email address again, and one the option then
    refused as 'not a handle'. The advice is now a handle the option takes."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    line = one_error_line(run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", handle))
    assert "example.org:" not in line and "＠" not in line.split("such as")[-1], line
    advised = line.split("--invite ")[-1].split(":")[0].rstrip(")")
    if "such as --invite" in line:
        r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", advised)
        assert r.exit_code == 0, (advised, r)


# ---------------------------------------------------------------- Word fields that show a person through another

def _fields():
    from .test_hostile_round11 import _field, _t

    b, s, e = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
               '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

    def instr(x: str) -> str:
        return f'<w:r><w:instrText xml:space="preserve">{x}</w:instrText></w:r>'

    return {
        # a mail merge's salutation: the IF shows the MERGEFIELD's value, not its own
        "an IF field holding MERGEFIELDs (a mail merge's salutation)": (
            b + instr(" IF ") + _field("MERGEFIELD Gender", "F") + instr(' = "F" "Dear Ms ')
            + _field("MERGEFIELD LastName", "Smithers") + instr('" "Dear Mr" ') + s + _t("Dear Ms Smithers") + e),
        "a QUOTE field holding an AUTHOR field": (b + instr(" QUOTE ") + _field("AUTHOR", "Jane Smithers") + s
                                                  + _t("Jane Smithers") + e),
        "a formula field (=) holding a USERNAME field": (b + instr(" = ") + _field("USERNAME", "Jane Smithers") + s
                                                         + _t("Jane Smithers") + e),
        "a simple USERNAME field in a QUOTE field's instruction": (
            b + instr(" QUOTE ") + '<w:fldSimple w:instr=" USERNAME "><w:r><w:t>Jane Smithers</w:t></w:r></w:fldSimple>'
            + s + _t("Jane Smithers") + e),
        "a REF to a bookmark SET to an AUTHOR field": (b + instr(" SET who ") + _field("AUTHOR", "Jane Smithers") + e
                                                       + b + instr(" REF who \\h ") + s + _t("Jane Smithers") + e),
        "a bookmark SET to an AUTHOR field, shown by its name": (
            b + instr(" SET who ") + _field("AUTHOR", "Jane Smithers") + e + b + instr(" who ") + s
            + _t("Jane Smithers") + e),
        "a FILLIN field (the answer typed at its prompt)": (b + instr(' FILLIN "Prepared by?" \\d "Jane Smithers" ') + s
                                                           + _t("Jane Smithers") + e),
        "a REF to the answer of an ASK field": (b + instr(' ASK who "Prepared by?" ') + e + b + instr(" REF who ") + s
                                                + _t("Jane Smithers") + e),
    }


@pytest.mark.parametrize("name", sorted(_fields()))
def test_import_leaves_out_a_person_a_word_field_shows_through_another(tmp_path, name):
    """Round 11 took out what an AUTHOR, USERNAME or MERGEFIELD field shows. A field that shows
    such a field's value through its own — a mail merge's `{ IF { MERGEFIELD Gender } = "F"
    "Dear Ms { MERGEFIELD LastName }" ... }`, `{ QUOTE { AUTHOR } }`, `{ = { USERNAME } }`, a
    `{ REF who }` of a bookmark `{ SET who { AUTHOR } }` — kept the name in the guideline, and
    the import said it had left the field out. A FILLIN field shows the answer someone typed at
    its prompt ('Prepared by?'), and a REF shows an ASK field's. Now each is left out and
    reported as the others are."""
    from .test_hostile_round11 import _PLAIN, _docx, _import, _t

    body = _PLAIN + "<w:p>" + _t("Prepared by ") + _fields()[name] + "</w:p><w:p>" + _t("Police are not called.") \
        + "</w:p>"
    res, written = _import(tmp_path, _docx(tmp_path / "f.docx", body))
    assert "Smithers" not in written and "Smithers" not in res.stdout + res.stderr, written
    assert "Prepared by" in written and "Police are not called." in written
    assert any(ln.startswith("left out: ") and "Word field" in ln for ln in res.stdout.splitlines()), res.stdout


@pytest.mark.parametrize("instr", ['IF 1 = 1 "Annex Four" "None"', "QUOTE \"Annex Four\"", "= 2 + 2",
                                   "SET annex \"Annex Four\"", "REF annex"])
def test_import_keeps_what_fields_of_no_person_show(tmp_path, instr):
    """An IF, QUOTE or formula field of no person's field, and a REF of a bookmark set to plain
    words, keep their value."""
    from .test_hostile_round11 import _PLAIN, _docx, _field, _import, _t

    body = _PLAIN + "<w:p>" + _t("See ") + _field(instr, "Annex Four") + "</w:p>"
    res, written = _import(tmp_path, _docx(tmp_path / "f.docx", body))
    assert "Annex Four" in written and "Word field" not in res.stdout, (written, res.stdout)


# ---------------------------------------------------------------- the room's address

@pytest.mark.parametrize("host", ["127.0.0.1.evil.example", "127.evil.example", "127.0.0.1.nip.io", "127.x"])
def test_a_host_name_that_starts_like_a_loopback_address_needs_allow_host(tmp_path, host):
    """`serve --host 127.0.0.1.evil.example` was taken for this computer's own address (any
    --host starting with '127.'): the room listened wherever that name points, without the
    --allow-host its refusal asks for, and took the name as a Host of its own. A name is not an
    address; it is refused as any other address that other computers can reach."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--host", host, "--invite", "advisory-1")
    one_error_line(r, f"--host {host}", "reachable from other computers", "--allow-host")


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "127.1", "localhost", "::1", "[::1]"])
def test_loopback_addresses_still_need_no_allow_host(tmp_path, host):
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--host", host, "--invite", "advisory-1")
    assert r.exit_code == 0, r


def test_the_room_of_a_loopback_address_allows_only_its_names():
    from lic_policy.web.app import Config

    assert "127.0.0.2" in Config(host="127.0.0.2").allowed_hosts
    assert Config(host="127.0.0.1.evil.example").allowed_hosts is None or \
        "127.0.0.1.evil.example" not in Config(host="127.0.0.1.evil.example").allowed_hosts


@pytest.mark.parametrize("url", ["http://0.0.0.0", "http://[::]:8000", "https://review.example.org:0",
                                 "https://-review-.example.org", "https://review..example.org"])
def test_serve_base_url_that_no_browser_can_open_is_refused(tmp_path, url):
    """`serve --invite advisory-1 --base-url http://0.0.0.0` (the address the room listens on
    for every network, not one a phone can open), a port 0 or a host name no browser reads
    printed invitation links that reach no one, and the reviewers' phones found nothing. Now
    one line, as for the other addresses --base-url refuses."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1", "--base-url", url)
    one_error_line(r, "--base-url")
    assert "/i/" not in r.stdout


@pytest.mark.parametrize("url", ["http://review.example.org", "http://192.168.1.5:8000"])
def test_serve_base_url_over_plain_http_to_another_computer_is_warned_of(tmp_path, url):
    """`--base-url http://review.example.org` printed the links without a word: each link's
    token, the reviewer's session and every comment would cross the network unencrypted, where
    anyone on the way can read who wrote what. The links are still made (a community office's
    own network may be all there is), with one note that says so and what to use."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1", "--base-url", url)
    assert r.exit_code == 0, r
    notes = [ln for ln in r.stderr.splitlines() if ln.startswith("note:") and "unencrypted" in ln]
    assert len(notes) == 1 and "https://" in notes[0], r.stderr


@pytest.mark.parametrize("url", ["https://review.example.org", "http://127.0.0.1:8000", "http://localhost:9000",
                                 "https://review.example.org:8443/room"])
def test_serve_base_url_over_https_or_on_this_computer_is_taken_without_a_note(tmp_path, url):
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1", "--base-url", url)
    assert r.exit_code == 0 and "unencrypted" not in r.stderr, r


# ---------------------------------------------------------------- git revisions

@pytest.mark.parametrize("rev, base", [("HEAD^!", "HEAD"), ("HEAD^@", "HEAD"), ("HEAD^-", "HEAD"),
                                       ("HEAD^-1", "HEAD")])
def test_changed_since_a_range_written_with_a_caret_is_named_a_range(repo, rev, base):
    """`check --changed-since HEAD^!` (git's short hand for the range of one commit, as `git
    log HEAD^!` takes it; HEAD^@ and HEAD^- too) was answered "'HEAD^!' is not a commit in this
    clone (in CI, fetch it first: actions/checkout with fetch-depth: 0 ...)": advice for a
    commit missing from a shallow clone. It is a range, and is now named one, as `A..B` is."""
    one_error_line(run_cli("check", "--no-cache", "--changed-since", rev, "g.yaml"), "one revision, not the range",
                   f"--changed-since {base}")


# ---------------------------------------------------------------- outputs that are links to YAML files

LINKED_OUTPUTS = {
    "rules docs -o": ("rules", "docs", "-o", "{out}"),
    "diff -o": ("diff", "{g}", "{g}", "--format", "html", "-o", "{out}"),
    "compare -o": ("compare", "{g}", "{police}", "-o", "{out}"),
    "check -o": ("check", "--no-cache", "--format", "json", "{g}", "-o", "{out}"),
    "review packet -o": ("review", "packet", "{g}", "--no-findings", "-o", "{out}"),
}


@pytest.mark.parametrize("command", list(LINKED_OUTPUTS))
@pytest.mark.parametrize("target", ["other.yaml", "other.review.yaml", ".lic-policy.yaml"])
def test_an_output_that_links_to_a_yaml_file_is_refused(tmp_path, monkeypatch, command, target):
    """`rules docs -o docs.md` where docs.md was a symbolic link to another guideline wrote the
    rules' Markdown over that guideline, and `review packet -o packet.docx` a Word file over it
    (a later command read 'binary file (NUL byte)'): round 20 refused -o naming a YAML file
    already there, but read the name, not the file a link names. Now the link's target is held
    to the same rule, in one line, and the YAML file is left as it was."""
    monkeypatch.chdir(tmp_path)
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    kept = tmp_path / target
    if target == ".lic-policy.yaml":
        kept.write_text("fail_on: error\n", encoding="utf-8")
    elif target.endswith(".review.yaml"):
        kept.write_text("lic_policy_review: 1\nguideline: other.yaml\nthreads: []\n", encoding="utf-8")
    else:
        shutil.copy(GOOD, kept)
    before = kept.read_bytes()
    out = tmp_path / ("packet.docx" if "packet" in command else "report.out")
    out.symlink_to(target)
    args = [a.format(g=g, out=out, police=POLICE) for a in LINKED_OUTPUTS[command]]
    one_error_line(run_cli(*args), target)
    assert kept.read_bytes() == before and out.is_symlink()


def test_an_output_that_links_to_another_file_is_still_written_through(tmp_path):
    """A link to a file that is not YAML is written through, as documented (the link kept)."""
    (tmp_path / "docs.md").write_text("old\n", encoding="utf-8")
    out = tmp_path / "latest.md"
    out.symlink_to("docs.md")
    r = run_cli("rules", "docs", "-o", str(out))
    assert r.exit_code == 0, r
    assert out.is_symlink() and (tmp_path / "docs.md").read_text(encoding="utf-8") != "old\n"


# ---------------------------------------------------------------- review redact --with

def _thread_naming_someone(tmp_path, kind: str = "comment") -> tuple[Path, Path]:
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    extra = ("--kind", "suggestion", "--replacement", "Youth Safe Harbour, asked Jane Smithers") \
        if kind == "suggestion" else ()
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour",
                "--body", "Ask Jane Smithers about it", "--role", "staff", "--author", "staff-1", *extra)
    assert r.exit_code == 0, r
    return g, tmp_path / "g.review.yaml"


@pytest.mark.parametrize("stand_in, shown", [("\x1b[31m", "U+001B"), ("x\x00y", "U+0000"), ("a\x85b", "U+0085"),
                                             ("\x07", "U+0007")])
def test_redact_with_refuses_a_control_character(tmp_path, stand_in, shown):
    """`review redact --with $'\\e[31m'` wrote the escape into the comment (and into a
    suggestion's wording, words for the guideline), where `review add --body` and the room
    refuse it: --with was read without the checks --body and --replacement have. Now one line,
    the review file untouched."""
    g, review = _thread_naming_someone(tmp_path, "suggestion")
    before = review.read_bytes()
    one_error_line(run_cli("review", "redact", str(g), "t1", "--words", "Smithers", "--with", stand_in), "--with",
                   shown)
    assert review.read_bytes() == before


@pytest.mark.parametrize("stand_in, what", [("jane@example.org", "email"), ("604-555-0199", "phone"),
                                            ("jane (at) example (dot) org", "email")])
def test_redact_with_refuses_words_that_identify_someone(tmp_path, stand_in, what):
    """`review redact --words Smithers --with jane@example.org` wrote an email address in the
    name's place and warned after: the command meant to take identities out put one in. An email
    address or phone number as the stand-in is refused in one line (a name too, since round
    22: tests/test_hostile_round22.py), the review file untouched."""
    g, review = _thread_naming_someone(tmp_path)
    before = review.read_bytes()
    one_error_line(run_cli("review", "redact", str(g), "t1", "--words", "Smithers", "--with", stand_in), "--with",
                   what)
    assert review.read_bytes() == before


@pytest.mark.parametrize("stand_in", ["[name removed]", "[a youth worker]", "the reviewer's friend", "X"])
def test_redact_with_of_plain_words_still_takes_the_words_out(tmp_path, stand_in):
    g, review = _thread_naming_someone(tmp_path)
    r = run_cli("review", "redact", str(g), "t1", "--words", "Jane Smithers", "--with", stand_in)
    assert r.exit_code == 0, r
    text = review.read_text(encoding="utf-8")
    assert "Smithers" not in text and stand_in in text


@pytest.mark.parametrize("author, shown", [("editors\u202e", "U+202E"), ("policy team\u202d", "U+202D"),
                                           ("policy team" + "".join(chr(0xE0000 + ord(c)) for c in "Jane"),
                                            "tag character")])
def test_packet_change_author_refuses_what_shows_nothing_or_turns_text(tmp_path, author, shown):
    """`review packet --change-author $'editors\\u202e'` wrote a direction override onto every
    tracked change of a file sent outside the team, and tag characters (U+E0000 and on, which
    show nothing and spell letters a program reads back: 'Jane' hidden after 'policy team')
    went out the same way. Every other option that writes words refuses both; now this one
    too, in one line, nothing written."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    one_error_line(run_cli("review", "packet", str(g), "--no-findings", "--change-author", author, "-o",
                           str(tmp_path / "p.docx")), "--change-author", shown)
    assert not (tmp_path / "p.docx").exists()


TAGGED = "City" + "".join(chr(0xE0000 + ord(c)) for c in "Jane")  # 'Jane' in tag characters, shown as nothing


@pytest.mark.parametrize("option", ["--title", "--jurisdiction"])
def test_init_refuses_tag_characters_as_validate_does(tmp_path, option):
    """`init --title` (or --jurisdiction) holding tag characters (U+E0000 and on: they show
    nothing and spell letters a program reads back, here 'Jane') wrote a guideline that
    `validate` then refused at that line, and echoed the characters to the terminal: the
    answers' check knew control characters and direction overrides, not these. Now one line,
    nothing written."""
    out = tmp_path / "n.yaml"
    values = {"--title": "Response guideline", "--jurisdiction": "City of X", option: TAGGED}
    r = run_cli("init", str(out), "--no-input", "--kind", "municipality", "--title", values["--title"],
                "--jurisdiction", values["--jurisdiction"])
    one_error_line(r, option, "tag character")
    assert not out.exists()


# ---------------------------------------------------------------- a handle that ends in a line break

@pytest.mark.parametrize("command", ["review add", "review reply"])
def test_an_author_handle_ending_in_a_line_break_is_one_line(tmp_path, command):
    """`review add --author $'staff-1\\n'` (a handle read from a file or a prompt with its line
    end) ended in 'internal error: ValidationError: 1 validation error for Author': the handle
    check's `$` matches before a last line break, the model's pattern does not. Now the check
    reads the whole handle, and the line names --author; nothing is written."""
    g, review = _thread_naming_someone(tmp_path)
    before = review.read_bytes()
    if command == "review add":
        args = ("review", "add", str(g), "--field", "purpose", "--quote", "These", "--body", "b")
    else:
        args = ("review", "reply", str(g), "t1", "--body", "b")
    one_error_line(run_cli(*args, "--author", "staff-1\n", "--role", "staff"), "--author", "handle")
    assert review.read_bytes() == before


def test_serve_invite_of_a_handle_ending_in_a_line_break_is_refused(tmp_path):
    """`serve --invite $'advisory-1\\n'` opened a round with an invitation whose handle held the
    line break (the printed link broke in two, and the handle went into the state file and the
    review file that way). Now refused as not a handle, nothing written."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1\n")
    one_error_line(r, "--invite", "not a handle")
    assert "/i/" not in r.stdout


@pytest.mark.parametrize("quote", [" ", "   ", "\t", "\u00a0", "\u200b \u200b"])
def test_review_add_quote_that_shows_nothing_is_refused(tmp_path, quote):
    """`review add --quote ' '` added a thread anchored on one space between two words: a
    comment on nothing anyone can see, which every list and packet then placed there. A quote
    of blanks or characters that show nothing is refused in one line, as an empty --body is."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = run_cli("review", "add", str(g), "--field", "purpose", "--quote", quote, "--occurrence", "1", "--body", "b",
                "--author", "staff-1", "--role", "staff")
    one_error_line(r, "--quote")
    assert not (tmp_path / "g.review.yaml").exists()
