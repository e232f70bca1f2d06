"""hostile22: what round 21 left alone (a Word file renamed .yaml, `rules eval /dev/null`,
`serve --host 999.1.1.1`, a look-alike --base-url, `redact --with` a name, Word XML written
with single quotes), then new kinds of careless and hostile input.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import DRAFT, GOOD, one_error_line, run_cli


# ---------------------------------------------------------------- a Word file under another name

def _zip(path: Path, members: dict) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name) if name == "mimetype" else name, data)
    return path


# the members that tell what a zip is (a Word file's [Content_Types].xml comes first, as Word
# writes it; LibreOffice's `mimetype` first and stored)
WORD = {"[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>", "word/document.xml": "<w:document/>"}
ODT = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"}
RENAMED = {"g.yaml": (WORD, "a Word document (.docx)", "g.docx"), "g.yml": (WORD, "a Word document (.docx)", "g.docx"),
           "draft": (WORD, "a Word document (.docx)", "draft.docx"),
           "g.zip": (WORD, "a Word document (.docx)", "g.docx"),
           "o.yaml": (ODT, "a LibreOffice document (.odt)", "o.odt")}
RENAMED_COMMANDS = {
    "validate": ("validate", "{f}"),
    "check": ("check", "--no-cache", "{f}"),
    "publish": ("publish", "{f}", "--to", "md", "--out", "{d}/pub"),
    "review add": ("review", "add", "{f}", "--field", "purpose", "--quote", "x", "--body", "b", "--author",
                   "staff-1", "--role", "staff"),
    "diff": ("diff", "{g}", "{f}"),
}


@pytest.mark.parametrize("command", list(RENAMED_COMMANDS))
@pytest.mark.parametrize("name", list(RENAMED))
def test_a_word_or_libreoffice_file_under_another_name_is_named_as_such(tmp_path, command, name):
    """A Word draft renamed `g.yaml` (or saved without its suffix) was 'g.yaml:1:6: error:
    binary file (NUL byte) (guidelines are UTF-8 text files)': a place inside a zip archive
    and nothing of what the file is. Now one line says it is a Word (or LibreOffice) document,
    the name it needs and the import that makes a guideline of it."""
    members, what, renamed = RENAMED[name]
    f = _zip(tmp_path / name, members)
    before = f.read_bytes()
    g = tmp_path / "g0.yaml"
    shutil.copy(DRAFT, g)
    args = [a.format(f=f, g=g, d=tmp_path) for a in RENAMED_COMMANDS[command]]
    r = run_cli(*args)
    lines = [ln for ln in (r.stdout + r.stderr).splitlines() if str(f) in ln]
    assert r.exit_code == 2 and len(lines) == 1, r
    assert f"{what} under the name {name}" in lines[0] and f"rename it {renamed}" in lines[0], lines
    assert "lic-policy import" in lines[0] and "NUL" not in lines[0], lines
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert f.read_bytes() == before and not (tmp_path / "pub").exists()


@pytest.mark.parametrize("members", [{"a.txt": "hi"}, {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<w/>"},
                                     {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}])
def test_another_zip_under_a_yaml_name_is_not_called_a_word_document(tmp_path, members):
    f = _zip(tmp_path / "g.yaml", members)
    r = run_cli("validate", str(f))
    assert r.exit_code == 2 and "Word" not in r.stdout and "LibreOffice" not in r.stdout, r


# ---------------------------------------------------------------- rules eval of what is not a file

def test_rules_eval_of_a_device_says_what_it_is(tmp_path):
    """`rules eval /dev/null` said 'no such corpus file or folder' of a path that is there;
    every other command says 'not a regular file (a device)'."""
    one_error_line(run_cli("rules", "eval", "/dev/null"), "not a regular file (a device)", "corpus folder",
                   where="/dev/null")


# ---------------------------------------------------------------- the room's addresses

@pytest.mark.parametrize("host", ["999.1.1.1", "256.0.0.1", "1.2.3.4.5", "10.0.0.300"])
def test_serve_host_of_numbers_that_are_no_address_is_refused(tmp_path, host):
    """`serve --host 999.1.1.1` was 'makes the room reachable from other computers (also give
    --allow-host ...)', and with --allow-host the socket's 'Name or service not known': numbers
    and dots are an IPv4 address or nothing. Now one line says it is not one."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    for extra in ((), ("--allow-host", "review.example.org")):
        r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--host", host, *extra, "--invite",
                    "advisory-1")
        line = one_error_line(r, f"--host {host} is not an IP address", "0 to 255")
        assert "reachable" not in line
    assert not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("url, words", [
    ("https://ехample.org", ["mixes Cyrillic and Latin", "U+0435"]),  # a Cyrillic е
    ("https://xn--ample-ywe6i.org", ["mixes Cyrillic and Latin", "U+0435"]),  # the same, in its xn-- form
    ("https://rеview.example.org", ["mixes Cyrillic and Latin"]),
    ("https://pαypal.example.org", ["mixes Greek and Latin"]),
    ("https://аррӏе.com", ["Cyrillic letters that look Latin"]),
    ("https://ｒｅｖｉｅｗ.example.org", ["browsers read as review.example.org"]),
    ("https://xn--zz.example.org", ["not one browsers read"]),
])
def test_serve_base_url_of_a_look_alike_host_name_is_refused(tmp_path, url, words):
    """`serve --base-url https://ехample.org` (a Cyrillic 'е') printed invitation links to a
    look-alike of another name: browsers show it as xn--ample-ywe6i.org, or people take it for
    the site it imitates, and a reviewer trained to check links is told to trust it. A name
    mixing alphabets, written only in letters that look Latin, spelt in full-width letters or
    an xn-- form no browser reads is refused in one line, nothing written."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1", "--base-url", url)
    one_error_line(r, "--base-url", *words)
    assert "/i/" not in r.stdout and not (tmp_path / "s.db").exists()


@pytest.mark.parametrize("url", ["https://пример.рф", "https://xn--e1afmkfd.xn--p1ai", "https://bücher.example",
                                 "https://例え.jp", "https://review.example.org"])
def test_serve_base_url_of_a_name_in_one_alphabet_is_taken(tmp_path, url):
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--invite", "advisory-1", "--base-url", url)
    assert r.exit_code == 0 and f"{url}/i/" in r.stdout, r


# ---------------------------------------------------------------- review redact --with a name

@pytest.mark.parametrize("stand_in", ["Mary Jones", "Dr. Patel", "Ms. Jones", "Mary\u200bJones", "M\u200bary Jones",
                                      "Mary\u00adJones", "Mary\u2060Jones"])
def test_redact_with_a_person_s_name_is_refused(tmp_path, stand_in):
    """`review redact --words Smithers --with 'Mary Jones'` wrote the name into the thread and
    warned after: the review file held a person's name the command was run to keep out (an
    email or a phone number was refused, a name was thought a likely false alarm; the
    detector names no role, organisation or place). Now refused as they are, the file
    untouched; so is a name whose letters or words a zero-width space, a soft hyphen or a word
    joiner splits (`Mary\u200bJones` was read as no name, and written)."""
    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    assert run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour", "--body",
                   "Ask Jane Smithers about it", "--role", "staff", "--author", "staff-1").exit_code == 0
    review = tmp_path / "g.review.yaml"
    before = review.read_bytes()
    one_error_line(run_cli("review", "redact", str(g), "t1", "--words", "Smithers", "--with", stand_in), "--with",
                   "a person's name", "[name removed]")
    assert review.read_bytes() == before


# ---------------------------------------------------------------- Word XML in single quotes

def _single_quoted(xml: bytes) -> bytes:
    """``xml`` with every attribute in single quotes and spaces around '=' (as XML allows and
    programs other than Word write it)."""
    return re.sub(rb"<[^>]+>", lambda m: re.sub(rb'="([^"]*)"', lambda a: b" = '" + a.group(1) + b"'", m.group()),
                  xml)


def test_a_packet_written_with_single_quoted_attributes_is_still_a_packet(tmp_path):
    """A review packet saved by a program that writes XML attributes in single quotes
    (`w:author='lic-policy (automated)'`, `name='lic_policy_packet'`) was no longer known as
    a packet: `review import` added its 66 finding and thread comments as the reviewer's
    (and a reply), beside the one comment the reviewer wrote (the count follows the checks)."""
    from .test_hostile_round6 import packet_parts, with_comment, write_docx

    g, parts = packet_parts(tmp_path)
    parts = with_comment(parts, "900", body="Please reword this part.")
    parts = {n: _single_quoted(v) if n.endswith((".xml", ".rels")) else v for n, v in parts.items()}
    doc = write_docx(tmp_path / "r.docx", parts)
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "sex-worker-advisory")
    assert r.exit_code == 0, r.stdout + r.stderr
    skipped = re.search(r"(\d+) packet comments skipped", r.stdout)  # the findings of the draft, and its thread
    assert "added 1 comment(s), 0 suggestion(s), 0 reply(ies)" in r.stdout and skipped and int(skipped.group(1)) > 10, \
        r.stdout
    text = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert len(re.findall(r"^  - id: t\d+", text, re.M)) == 2 and "Please reword this part." in text
    # and `import` of it says what it is, as of the packet Word saved
    one_error_line(run_cli("import", str(doc), "-o", str(tmp_path / "n.yaml")), "review packet", where=str(doc))


def test_double_quoted_leaves_text_between_tags_alone():
    from lic_policy.importdoc import double_quoted

    xml = b"<w:t xml:space = 'preserve'>it's x='1' here</w:t><w:p w:rsidR=\"00A\"/>"
    assert double_quoted(xml) == b"<w:t xml:space=\"preserve\">it's x='1' here</w:t><w:p w:rsidR=\"00A\"/>"
    assert double_quoted(b"<a b='say \"hi\"'/>") == b'<a b="say &quot;hi&quot;"/>'
    plain = b'<w:p w:rsidR="1"><w:t>a = b</w:t></w:p>'
    assert double_quoted(plain) == plain


# ---------------------------------------------------------------- check of a review file it cannot read

def _review_naming_someone(tmp_path) -> tuple[Path, Path]:
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    assert run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1", "--body",
                   "Ask Jane Smithers about it", "--author", "staff-1", "--role", "staff").exit_code == 0
    return g, tmp_path / "g.review.yaml"


@pytest.mark.parametrize("spoil, where", [
    (lambda t: t.replace("threads:", "threads: !!python/object:x", 1), "unsupported YAML tag"),
    (lambda t: t.replace("threads:", "threads: [", 1), "cannot parse the review file"),
    (lambda t: t + "threads: []\n", "duplicate key"),
    (lambda t: t.replace("kind: comment", "kind: [comment", 1), "cannot parse the review file"),
])
def test_check_privacy_of_a_review_file_it_cannot_read_is_not_a_pass(tmp_path, spoil, where):
    """`check --only privacy g.yaml` beside a review file that holds a name and one YAML slip
    (an unknown tag, an unclosed bracket, a duplicate key) answered '1 file checked: 0
    errors' and exit 0: the threads were never read, and nothing said so. Only the rule for
    open objections mentioned an unreadable review file, and only of an approved guideline. Now
    the privacy rule says the review file could not be checked, and why (exit 1)."""
    g, review = _review_naming_someone(tmp_path)
    review.write_text(spoil(review.read_text(encoding="utf-8")), encoding="utf-8")
    before = review.read_bytes()
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1, r
    lines = [ln for ln in r.stdout.splitlines() if "privacy.participant-identity" in ln]
    assert len(lines) == 1 and lines[0].startswith(str(review)) and "cannot be read" in lines[0] \
        and where in lines[0] and "names" in lines[0], r.stdout
    assert "Smithers" not in r.stdout + r.stderr and review.read_bytes() == before


def test_check_privacy_of_a_review_file_that_is_binary_is_not_a_pass(tmp_path):
    g, review = _review_naming_someone(tmp_path)
    review.write_bytes(review.read_bytes().replace(b"Ask ", b"Ask \x00", 1))
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1 and "cannot be read" in r.stdout and "NUL" in r.stdout, r
    # the line the report prints under the finding holds the name: masked, as a privacy
    # finding's words always are
    assert "Smithers" not in r.stdout and "**** ********" in r.stdout, r.stdout


# ---------------------------------------------------------------- requests to the room

@pytest.mark.parametrize("host", ["LOCALHOST:8000", "Localhost", "localhost.:8000", "127.0.0.1.:8000"])
def test_the_room_reads_the_host_header_as_dns_does(tmp_path, host):
    """`Host: LOCALHOST:8000` or `localhost.` (a name with its root dot, as `curl
    http://localhost.:8000/` sends it) was answered 421 'This address is not served here':
    host names are compared without regard to case (RFC 9110, 4.2.3) and the final dot names
    the same host. Another name is still refused."""
    from .webapp import Room

    room = Room(tmp_path, with_review=False)
    c = room.client()
    assert c.get("/", headers={"host": host}).status_code == 200
    assert c.get("/", headers={"host": "EVIL.example"}).status_code == 421
    assert c.get("/", headers={"host": "localhost.."}).status_code == 421


def test_an_upgrade_request_puts_nothing_in_the_room_s_log():
    """Each request asking to upgrade the connection (`Upgrade: websocket`, `Upgrade: h2c`)
    put two warnings in the room's log, the second advising the operator to `pip install
    'uvicorn[standard]'` or a WebSocket library: the room has no WebSocket by design (uvicorn's
    WebSocket handler logged every client's address), and a client sending such requests in a
    loop filled the log two lines at a time. The request is answered as any other, unlogged."""
    from lic_policy.web.server import head_timed_protocol

    said = []

    class Logger:
        def warning(self, msg, *args):
            said.append(msg % args if args else msg)

        info = error = debug = warning

    class Connection:
        logger = Logger()

        def _should_upgrade_to_ws(self):
            return False

    protocol = head_timed_protocol(20.0)
    protocol._unsupported_upgrade_warning(Connection())
    assert said == []


# ---------------------------------------------------------------- Windows paths

WINDOWS_OUTPUTS = {
    "review add --review-file": ("review", "add", "{g}", "--field", "purpose", "--quote", "This", "--occurrence", "1",
                                 "--body", "b", "--author", "staff-1", "--role", "staff", "--review-file", "{w}"),
    "publish --out": ("publish", "{g}", "--to", "md", "--out", "{w}"),
    "check -o": ("check", "--no-cache", "{g}", "-o", "{w}"),
    "diff -o": ("diff", "{g}", "{g}", "-o", "{w}"),
    "rules docs -o": ("rules", "docs", "-o", "{w}"),
}


@pytest.mark.parametrize("command", list(WINDOWS_OUTPUTS))
@pytest.mark.parametrize("where", ["C:\\Users\\me\\out", "sub\\out.md", "\\\\server\\share\\out"])
def test_an_output_given_as_a_windows_path_is_refused(tmp_path, monkeypatch, command, where):
    """`publish g.yaml --out C:\\out` (a path pasted from Windows, on Linux or macOS) made a
    folder called 'C:\\out' beside the guideline, and `review add --review-file
    C:\\tmp\\r.review.yaml` a file of that name: where no one would look for it, and the next
    command given the same path again found it. A path with a drive letter, a UNC path, or
    backslashes before a folder that is there ('sub\\out.md' with sub/ present) is refused in
    one line that gives the path as this system writes it."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    (tmp_path / "sub").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    args = [a.format(g="g.yaml", w=where) for a in WINDOWS_OUTPUTS[command]]
    r = run_cli(*args)
    line = one_error_line(r, "a Windows path", "'/'")
    if where.startswith("sub"):
        assert "sub/out.md" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_name_holding_a_backslash_is_still_written_where_no_folder_is_meant(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    r = run_cli("check", "--no-cache", "g.yaml", "-o", "report\\1.txt")
    assert r.exit_code in (0, 1) and (tmp_path / "report\\1.txt").is_file(), r


def test_an_input_given_as_a_windows_path_with_a_drive_says_so(tmp_path):
    """`validate 'C:\\Users\\me\\g.yaml'` said 'no such file or folder (check the path)';
    `.\\g.yaml` was already named a Windows path. A drive letter is too."""
    one_error_line(run_cli("check", "C:\\Users\\me\\g.yaml"), "a Windows path", where="C:\\Users\\me\\g.yaml")


# ---------------------------------------------------------------- serve --state

@pytest.mark.parametrize("state, words", [("/dev/null", ["not a regular file (a device)"]),
                                          ("fifo", ["not a regular file (a named pipe)"]),
                                          ("C:\\room\\state.db", ["a Windows path"])])
def test_serve_state_that_is_no_file_or_a_windows_path_is_refused(tmp_path, monkeypatch, state, words):
    """`serve --state /dev/null` (or a named pipe) said 'disk I/O error', sqlite's words for a
    file it cannot use; `--state 'C:\\room\\state.db'` made a state file of that name (and its
    -wal and -shm files) in the current folder, where the next start with a '/' path would not
    find the open round."""
    import os

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    if state == "fifo":
        os.mkfifo(tmp_path / "fifo")
    before = sorted(p.name for p in tmp_path.iterdir())
    one_error_line(run_cli("serve", "g.yaml", "--state", state, "--invite", "advisory-1"), *words)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_allow_host_of_a_name_in_another_alphabet_gives_the_form_browsers_send(tmp_path):
    """`serve --allow-host пример.рф` (the name --base-url takes for the links) was 'is not a
    host name (give the name alone, in lower case ...)': browsers send such a name as its
    xn-- form, which the refusal never named. Now it does."""
    g = tmp_path / "g.yaml"
    shutil.copy(DRAFT, g)
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--allow-host", "пример.рф",
                "--base-url", "https://пример.рф", "--invite", "advisory-1")
    one_error_line(r, "--allow-host", "--allow-host xn--e1afmkfd.xn--p1ai")
    r = run_cli("serve", str(g), "--state", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--allow-host",
                "xn--e1afmkfd.xn--p1ai", "--base-url", "https://пример.рф", "--invite", "advisory-1")
    assert r.exit_code == 0, r


def test_schema_write_into_a_windows_path_makes_no_folder(tmp_path, monkeypatch):
    """`schema --write 'C:\\schemas'` made an empty folder called 'C:\\schemas' before the
    first file's write was refused as a Windows path; now nothing is made."""
    monkeypatch.chdir(tmp_path)
    one_error_line(run_cli("schema", "--write", "C:\\schemas"), "a Windows path")
    assert list(tmp_path.iterdir()) == []
