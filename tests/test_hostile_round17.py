"""hostile17: careless and hostile inputs of new kinds, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: the texts below hold stigmatizing terms on purpose — each one must be
flagged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DRAFT, run_cli, subprocess_env

ROOT = Path(__file__).resolve().parent.parent


_HEAD = ("lic_policy: 1\nmetadata:\n  id: x\n  title: Support guideline\n  jurisdiction:\n    name: X\n"
         "    kind: municipality\n  version: '1.0'\n  status: draft\n  owners:\n    - role: Policy lead\n"
         "  languages: [en]\nscope:\n  text: All staff.\n")


def _findings(path: Path) -> list[tuple[str, int, int]]:
    res = run_cli("check", "--no-cache", "--fail-on", "none", "--format", "json", str(path))
    assert res.exit_code == 0, res
    return [(f["rule_id"], f["line"], f["column"]) for f in json.loads(res.stdout)["findings"]]


# ---------------------------------------------------------------- default-ignorable characters inside a word

IGNORABLE = {
    "Arabic letter mark U+061C": "\u061c", "unassigned ignorable U+2065": "\u2065",
    "ignorable U+FFF0": "\ufff0", "shorthand format control U+1BCA0": "\U0001bca0",
    "musical begin beam U+1D173": "\U0001d173", "language tag U+E0001": "\U000e0001",
    "tag space U+E0020": "\U000e0020", "cancel tag U+E007F": "\U000e007f",
    "Mongolian free variation selector 4 U+180F": "\u180f",
}


@pytest.mark.parametrize("how", sorted(IGNORABLE))
def test_a_term_split_by_any_default_ignorable_character_is_flagged_and_fixed(tmp_path, how):
    """Round 3 dropped a list of invisible characters before the rules read a text (zero-width
    space, joiners, soft hyphen, word joiner, BOM, Hangul fillers, direction controls); every
    other character Unicode says renders as nothing (Default_Ignorable_Code_Point: the Arabic
    letter mark, tag characters, shorthand format controls, musical formatting characters,
    unassigned ignorables) still split a word, so ``prosti<U+E0020>tute`` — shown as
    'prostitute' by every editor and browser — was never flagged, in Markdown or a guideline.
    Now flagged at its place, and `fix --write` replaces the whole word, the hidden character
    with it."""
    word = "prosti" + IGNORABLE[how] + "tute"
    note = tmp_path / "n.md"
    note.write_text(f"# Notes\n\nOutreach staff meet every {word} on the street.\n", encoding="utf-8")
    assert ("lang.prostitute", 3, 27) in _findings(note), how
    g = tmp_path / "g.yaml"
    g.write_text(_HEAD + f"purpose: Outreach staff meet every {word} on the street.\n", encoding="utf-8")
    assert ("lang.prostitute", 15, 36) in _findings(g), how
    res = run_cli("fix", "--write", str(g))
    assert res.exit_code in (0, 1), res
    assert "purpose: Outreach staff meet every sex worker on the street.\n" in g.read_text(encoding="utf-8")


# ---------------------------------------------------------------- a word spelled with YAML escapes

ESCAPED = {
    "a \\u escape inside the word": ('"Staff meet every prosti\\u0074ute here."', 28),
    "a \\x escape for its first letter": ('"Staff meet every \\x70rostitute here."', 28),
    "a \\u escape for its last letter": ('"Staff meet every prostitut\\u0065 here."', 28),
    "capitals written as \\u0050": ('"Staff meet every \\u0050ROSTITUTE here."', 28),
    "the word continued over a line with \\": ('"Staff meet every prosti\\\n  tute here."', 28),
}


@pytest.mark.parametrize("how", sorted(ESCAPED))
def test_a_term_spelled_with_yaml_escapes_is_flagged(tmp_path, how):
    """A double-quoted YAML text's escapes are letters once read: ``"prosti\\u0074ute"`` is
    'prostitute' in every published page and review packet. The rules read the value, but the
    file-wide filter of candidate rules looked for the word in the file's source, where it is
    not written out: the rule never ran, and the file checked clean. Flagged now, and
    `fix --write` (where the fix is safe) writes a guideline that still validates."""
    value, col = ESCAPED[how]
    g = tmp_path / "g.yaml"
    g.write_text(_HEAD + f"purpose: {value}\n", encoding="utf-8")
    assert ("lang.prostitute", 15, col) in _findings(g), how
    res = run_cli("fix", "--write", str(g))
    assert res.exit_code in (0, 1), res
    assert run_cli("validate", str(g)).exit_code == 0
    if "capitals" not in how:  # a word in capitals has no safe fix
        from lic_policy.store import load

        assert load(g).data["purpose"] == "Staff meet every sex worker here."


# ---------------------------------------------------------------- contact details hidden by invisible characters

HIDDEN_CONTACTS = {
    "an email split by a direction isolate": "Write to jane.smith@example\u2066.org please",
    "an email split by a tag character": "Write to jane.smith\U000e0020@example.org please",
    "a phone split by tag characters": "Ring 604\U000e0020555\U000e00200199 please",
    "a phone split by Arabic letter marks": "Ring 604\u061c555\u061c0199 please",
    "a phone split by variation selectors": "Ring 604\ufe0f555\ufe0f0199 please",
    "a phone split by isolates": "Ring 604\u2066555\u20690199 please",
}


@pytest.mark.parametrize("how", sorted(HIDDEN_CONTACTS))
def test_contact_details_hidden_by_invisible_characters_are_seen(how):
    """Round 7 read contact details through zero-width spaces, joiners, soft hyphens and
    full-width digits; a direction isolate, the Arabic letter mark, a variation selector or a
    tag character between the parts (each shown as nothing) hid an email or a phone number
    from the privacy scan: `review add` stored it without a warning and the room took it."""
    from lic_policy import privacy

    kinds = {h.kind for h in privacy.find_identities(HIDDEN_CONTACTS[how])}
    assert kinds & {"email", "phone"}, (how, kinds)


@pytest.mark.parametrize("how", ["an email split by a tag character", "a phone split by isolates"])
def test_the_room_refuses_contact_details_hidden_by_invisible_characters(tmp_path, how):
    from .test_web_security import _post_comment, _reviewer_page
    from .webapp import Room

    room = Room(tmp_path)
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = _post_comment(room, c, html, HIDDEN_CONTACTS[how])
    assert r.status_code == 422 and r.json()["error"], r.text
    assert room.review_file.read_bytes() == before


# ---------------------------------------------------------------- -o /dev/stdout piped on, -o >(gzip)

@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_output_to_dev_stdout_piped_on_is_written(tmp_path):
    """`check -o /dev/stdout --format json | jq` (and `-o >(gzip > r.gz)`, /dev/fd/63) said
    'cannot write the file: No such file or directory (the folder does not exist: create it
    first…)': /dev/stdout is a link to /proc/self/fd/1, itself a link to 'pipe:[…]', which
    no path names, and the writer followed the links to that name. The link is written as it
    is; into a terminal or a file it worked before."""
    shutil_copy = (tmp_path / "g.yaml")
    shutil_copy.write_bytes(DRAFT.read_bytes())
    p = subprocess.run([sys.executable, "-m", "lic_policy", "check", "--no-cache", "--format", "json", "-o",
                        "/dev/stdout", "g.yaml"], cwd=tmp_path, env=subprocess_env(), capture_output=True, timeout=120)
    err = p.stderr.decode()
    assert p.returncode == 1 and "Traceback" not in err, err
    assert json.loads(p.stdout)["summary"]["files"] == 1
    assert "wrote /dev/stdout" in err


@pytest.mark.slow  # 0.23 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_output_to_a_pipe_closed_early_ends_quietly(tmp_path):
    """A reader that stops early (`| head -1`) is not 'check the path and that the disk can be
    written' (hostile17), nor, since ux19, an error at all: the reader's choice, so the command
    ends quietly with the exit code it has without `-o` (as `seq 1 100000 | head` does)."""
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    p = subprocess.Popen([sys.executable, "-m", "lic_policy", "check", "--no-cache", "--format", "json", "-o",
                          "/dev/stdout", "g.yaml"], cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stdout.read(1) == b"{"
    p.stdout.close()
    err = p.communicate(timeout=120)[1].decode()
    assert p.returncode == 1 and not err.strip(), (p.returncode, err)


# ---------------------------------------------------------------- serve: odd --host and --port values

@pytest.mark.parametrize("host", ["127.0.0.2", "127.1"])
def test_a_room_on_another_loopback_address_still_checks_the_host_header(tmp_path, host):
    """Every 127.x address is this computer, so `serve --host 127.0.0.2` needs no --allow-host;
    but only 127.0.0.1, localhost and ::1 had the Host header checked, and any other 127.x
    address let every Host in: a page of another site whose name was pointed at 127.0.0.2
    (DNS rebinding) could read the room, which the default address refuses with 421."""
    from lic_policy.web.app import Config

    from .webapp import Room

    room = Room(tmp_path, base_url=f"http://{host}:8000", config=Config(host=host, port=8000))
    assert room.client().get("/").status_code == 200
    assert room.client().get("/", headers={"Host": "evil.example"}).status_code == 421
    assert room.client().get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_serve_port_0_prints_links_with_the_port_it_listens_on(tmp_path):
    """`serve --port 0` (any free port) printed 'staff link: http://127.0.0.1:0/operator/…',
    a link no browser opens, and listened on another port it never named."""
    (tmp_path / "g.yaml").write_bytes((ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml").read_bytes())
    p = subprocess.Popen([sys.executable, "-m", "lic_policy", "serve", "g.yaml", "--port", "0", "--state",
                          str(tmp_path / "s.db")], cwd=tmp_path, env=subprocess_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert p.stdout is not None
        p.stdout.readline()
        link = p.stdout.readline()
    finally:
        p.terminate()
        p.communicate(timeout=30)
    assert "staff link" in link and "127.0.0.1:0/" not in link, link
    import re

    assert re.search(r"http://127\.0\.0\.1:[1-9][0-9]*/operator/", link), link


@pytest.mark.parametrize("host, words", [
    ("127.0.0.1:9000", ["--host 127.0.0.1:9000 holds a port", "--host 127.0.0.1 --port 9000"]),
    ("localhost:8000", ["holds a port", "--port 8000"]),
    ("nosuch.invalid", ["cannot listen on nosuch.invalid", "no such address"]),
])
def test_serve_host_with_a_port_or_no_such_address_is_one_clear_line(tmp_path, host, words):
    """`--host 127.0.0.1:9000` and a name this computer does not have said 'Name or service not
    known (another program may be using that port: give another with --port)'."""
    from .conftest import one_error_line

    (tmp_path / "g.yaml").write_bytes((ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml").read_bytes())
    res = run_cli("serve", str(tmp_path / "g.yaml"), "--host", host, "--allow-host", "x.example", "--state",
                  str(tmp_path / "s.db"))
    line = one_error_line(res, *words)
    assert "another program" not in line


def test_serve_host_in_brackets_listens_on_ipv6():
    from lic_policy.commands.serve import _bare_host

    assert _bare_host("[::1]") == "::1" and _bare_host("::1") == "::1" and _bare_host("fe80::1") == "fe80::1"


# ---------------------------------------------------------------- a date, a number or yes where a text goes

NOT_TEXT = {
    "a date as the version": ("version: '1.0'", "version: 2026-01-01", "8:12", "YAML reads 2026-01-01 as a date",
                              "'2026-01-01'"),
    "1.10 as the version": ("version: '1.0'", "version: 1.10", "8:12", "YAML reads 1.10 as a number", "'1.10'"),
    "010 as the version": ("version: '1.0'", "version: 010", "8:12", "YAML reads 010 as a number", "'010'"),
    "a timestamp as the title": ("title: Support guideline", "title: 2026-01-01T10:00:00Z", "4:10",
                                 "YAML reads 2026-01-01T10:00:00Z as a date", "quotes"),
    "yes as the jurisdiction": ("name: X", "name: true", "6:11", "YAML reads true as a yes-or-no value", "'true'"),
    "a tagged number": ("name: X", "name: !!int 5", "6:11", "YAML reads 5 as a number", "'5'"),
    "nothing as the jurisdiction": ("name: X", "name: ~", "6:11", "the value is empty", "write the text"),
    "a list as the title": ("title: Support guideline", "title: [a, b]", "4:10", "not a list", "one text"),
}


@pytest.mark.parametrize("how", sorted(NOT_TEXT))
def test_a_value_yaml_reads_as_a_date_or_number_is_named_as_written_with_its_fix(tmp_path, how):
    """`version: 2026-01-01` said 'metadata.version: Input should be a valid string, got
    datetime.date(2026, 1, 1) (see schemas/guideline.schema.json)': Python's own notation,
    and no fix; `version: 010` and `1.10` said 'got 10.0' and 'got 1.1', a value the writer
    never wrote. Said as written, with the fix (quotes)."""
    old, new, where, words, fix = NOT_TEXT[how]
    g = tmp_path / "g.yaml"
    g.write_text((_HEAD + "purpose: Staff offer support first.\n").replace(old, new, 1), encoding="utf-8")
    res = run_cli("validate", str(g))
    lines = [ln for ln in (res.stdout + res.stderr).splitlines() if ": error: " in ln]
    assert res.exit_code == 1 and len(lines) == 1, res
    assert lines[0].startswith(f"{g}:{where}: error: ") and words in lines[0] and fix in lines[0], lines
    assert "datetime" not in lines[0] and "Input should be" not in lines[0] and "got " not in lines[0]


def test_a_number_where_a_review_file_wants_a_text_is_named_as_written(tmp_path):
    from .conftest import one_error_line

    g = tmp_path / "g.yaml"
    g.write_text(_HEAD + "purpose: Staff offer support first.\n", encoding="utf-8")
    assert run_cli("review", "add", str(g), "--field", "purpose", "--quote", "support first", "--body", "Yes.",
                   "--author", "staff-1", "--role", "staff").exit_code == 0
    r = tmp_path / "g.review.yaml"
    r.write_text(r.read_text(encoding="utf-8").replace("version: '1.0'", "version: 1.10"), encoding="utf-8")
    line = one_error_line(run_cli("review", "list", str(g)), "threads.0.anchor.version: a text is needed here",
                          "YAML reads 1.10 as a number", "'1.10'")
    assert "Input should be" not in line


# ---------------------------------------------------------------- a text shared through a YAML alias

_ALIASED = _HEAD.split("scope:")[0] + "purpose: &p Staff meet every prostitute here.\nscope:\n  text: *p\n"


def test_fix_write_of_a_text_a_yaml_alias_repeats(tmp_path):
    """`purpose: &p …` with `scope: {text: *p}` (a drafter repeating a text without copying it)
    made `fix --write` say 'cannot write the new text of purpose safely (report this as a bug
    …)', exit 2, nothing fixed: the edit kept the anchor, but the check that nothing else read
    differently saw the alias read the new text. The alias is the same text; the fix is
    written once, at the anchor, and every other byte stays."""
    g = tmp_path / "g.yaml"
    g.write_text(_ALIASED, encoding="utf-8")
    res = run_cli("fix", "--write", str(g))
    assert res.exit_code in (0, 1) and "report this as a bug" not in res.stderr, res
    assert g.read_text(encoding="utf-8") == _ALIASED.replace("every prostitute", "every sex worker")
    assert not [f for f in _findings(g) if f[0] == "lang.prostitute"]


def test_review_apply_of_a_suggestion_on_the_anchored_text_and_on_its_alias(tmp_path):
    """A suggestion accepted on the anchored text is written there (it failed as above); one on
    the alias, which would change the anchored text too, is one line naming the alias and what
    to do, where it said 'no text field at scope.text'."""
    from .conftest import one_error_line

    g = tmp_path / "g.yaml"
    g.write_text(_ALIASED, encoding="utf-8")
    for field, quote, new in (("purpose", "prostitute", "sex worker"), ("scope.text", "meet every", "meet each")):
        res = run_cli("review", "add", str(g), "--field", field, "--quote", quote, "--kind", "suggestion",
                      "--replacement", new, "--body", "Say it so.", "--author", "staff-1", "--role", "staff")
        assert res.exit_code == 0, res
    assert run_cli("review", "accept", str(g), "t1").exit_code == 0
    res = run_cli("review", "apply", str(g))
    assert res.exit_code == 0, res
    assert g.read_text(encoding="utf-8") == _ALIASED.replace("every prostitute", "every sex worker")
    before = g.read_bytes()
    assert run_cli("review", "accept", str(g), "t2").exit_code == 0
    one_error_line(run_cli("review", "apply", str(g)), "scope.text is written as a YAML alias (*p)",
                   "write the text out in place of *p", where=f"{g}:15:9: error: ")
    assert g.read_bytes() == before


# ---------------------------------------------------------------- numbers of more than 4,300 digits

def test_a_pyproject_holding_a_number_of_5000_digits_is_one_line_at_its_place(tmp_path, monkeypatch):
    """Python refuses to read an integer of more than 4,300 digits (ValueError, not TOML's own
    error): `max_file_size = 999…9` in [tool.lic-policy] made every command 'internal error:
    ValueError: Exceeds the limit (4300 digits) for integer string conversion … (this is a bug
    in lic-policy …)'. The YAML configuration already said 'a number with 5,000 digits'."""
    from .conftest import one_error_line

    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    (tmp_path / "pyproject.toml").write_text('[tool.lic-policy]\nfail_on = "error"\nmax_file_size = ' + "9" * 5000
                                             + "\n", encoding="utf-8")
    one_error_line(run_cli("check", "g.yaml"), "a number with 5,000 digits",
                   where=f"{tmp_path / 'pyproject.toml'}:3:17: error: ")


@pytest.mark.slow  # 0.26 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("body", [
    b'{"jsonrpc":"2.0","id":' + b"9" * 5000 + b',"method":"shutdown"}',
    b'{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.md"},'
    b'"position":{"line":' + b"1" * 5000 + b',"character":0}}}',
], ids=["an id", "a line"])
def test_a_language_server_message_holding_a_number_of_5000_digits_is_a_parse_error(tmp_path, body):
    """Round 16 sent ids of 401 digits; past 4,300 Python's JSON reader refuses the number
    (ValueError), and pygls popped up 'Error in server: Exceeds the limit (4300 digits) for
    integer string conversion…' in the editor, with a traceback in its log. Answered as the
    body it cannot read is: JSON-RPC's Parse error, one line in the log."""
    def frame(b: bytes) -> bytes:
        return b"Content-Length: %d\r\n\r\n" % len(b) + b

    init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                       "params": {"processId": None, "rootUri": None, "capabilities": {}}}).encode()
    stream = (frame(init) + frame(b'{"jsonrpc":"2.0","method":"initialized","params":{}}') + frame(body)
              + frame(b'{"jsonrpc":"2.0","id":2,"method":"shutdown"}') + frame(b'{"jsonrpc":"2.0","method":"exit"}'))
    p = subprocess.run([sys.executable, "-m", "lic_policy", "lsp"], input=stream, capture_output=True, cwd=tmp_path,
                       env=subprocess_env(), timeout=120)
    out, err = p.stdout.decode(), p.stderr.decode("utf-8", "replace")
    assert p.returncode == 0 and "Traceback" not in err and "Error in server" not in out, (out, err)
    assert '"code": -32700' in out and '"id": 2' in out, out
    assert "a number of more than 4,300 digits" in err, err


# ---------------------------------------------------------------- a reviewer's edits in a text box, a header, a footer

_REVIEWER = 'w:author="heron (sex-worker-advisory)" w:date="2026-11-25T10:00:00Z"'
_INSERTED = (f'<w:ins w:id="81" {_REVIEWER}><w:r><w:t xml:space="preserve">Call outreach, not police.</w:t></w:r>'
             '</w:ins>')
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _reviewed_elsewhere(path: Path, where: str) -> Path:
    """A reviewed Word file whose reviewer typed 'Call outreach, not police.' with Track
    Changes on into a text box (a DrawingML shape or its VML form) or the page header or
    footer; the body is the guideline's, unchanged."""
    import zipfile

    from .test_hostile_input import CONTENT_TYPES, RELS, W

    body = '<w:p><w:r><w:t xml:space="preserve">Staff offer support first.</w:t></w:r>'
    rels, extra = "", {}
    if where == "a text box (VML)":
        body += ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
                 f'<w:p>{_INSERTED}</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    elif where == "a text box (a shape)":
        body += ('<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
                 'wordprocessingDrawing"><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                 '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp '
                 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>'
                 f'<w:txbxContent><w:p>{_INSERTED}</w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData>'
                 '</a:graphic></wp:anchor></w:drawing></w:r>')
    body += '</w:p><w:p><w:r><w:t>All staff.</w:t></w:r></w:p>'
    if where in ("the page header", "the page footer"):
        kind = where.split()[-1]
        tag = "hdr" if kind == "header" else "ftr"
        rels = (f'<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                f'{kind}" Target="{kind}1.xml"/>')
        extra[f"word/{kind}1.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><w:{tag} {W}><w:p><w:r><w:t '
                                      f'xml:space="preserve">Draft. </w:t></w:r>{_INSERTED}</w:p></w:{tag}>')
        body += f'<w:sectPr><w:{kind}Reference w:type="default" r:id="rId7"/></w:sectPr>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
                   f'http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W} {_R}><w:body>{body}'
                                        "</w:body></w:document>")
        for name, data in extra.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("where", ["a text box (VML)", "a text box (a shape)", "the page header", "the page footer"])
def test_review_import_names_a_reviewers_edit_in_a_text_box_a_header_or_a_footer(tmp_path, where):
    """pandoc reads no text box, header or footer: a reviewer's words typed into one with Track
    Changes on were dropped, and `review import` said 'nothing to import: … holds no comment,
    reply or tracked change from a reviewer' (round 16 did this for footnotes). Named now, with
    the words and the reviewer's handle (never their Word name)."""
    g = tmp_path / "g.yaml"
    g.write_text(_HEAD + "purpose: Staff offer support first.\n", encoding="utf-8")
    word = _reviewed_elsewhere(tmp_path / "back.docx", where)
    res = run_cli("review", "import", str(word), str(g))
    assert res.exit_code == 0 and "nothing to import" not in res.stdout, res
    said = [ln for ln in res.stderr.splitlines() if ln.startswith("not imported:")]
    place = "a text box" if "box" in where else where
    assert len(said) == 1 and place in said[0] and "Call outreach, not police." in said[0], res.stderr
    assert "heron" not in res.stderr + res.stdout
    res = run_cli("review", "import", "--dry-run", "--format", "json", str(word), str(g))
    [found] = json.loads(res.stdout)["outside_the_text"]
    assert found["where"] == place and found["words"].endswith("Call outreach, not police.")


def test_a_participants_name_split_by_an_arabic_letter_mark_is_flagged_in_a_consultation_record(tmp_path):
    """Consultation records count participants, never name them: 'Mar<U+061C>ia Santos' (the
    Arabic letter mark shows as nothing) passed `check --only privacy`; zero-width spaces did
    not."""
    src = (ROOT / "guidelines" / "cedar-harbour-sex-work-response.yaml").read_text(encoding="utf-8")
    g = tmp_path / "g.yaml"
    g.write_text(src.replace("      notes: Mapped local sex work", "      notes: Led by Mar\u061cia Santos. Mapped local "
                             "sex work", 1), encoding="utf-8")
    res = run_cli("check", "--no-cache", "--only", "privacy", "--fail-on", "none", "--format", "json", str(g))
    found = [(f["rule_id"], f["column"]) for f in json.loads(res.stdout)["findings"]]
    assert ("privacy.participant-identity", 21) in found, found


# ---------------------------------------------------------------- comments that show nothing

SHOWS_NOTHING = {"Hangul fillers": "\u3164\u3164", "a Hangul choseong filler": "\u115f",
                 "combining grapheme joiners": "\u034f\u034f", "a variation selector": "\ufe0f",
                 "braille blanks": "\u2800\u2800", "a lone combining accent": "\u0301"}


@pytest.mark.parametrize("how", sorted(SHOWS_NOTHING))
def test_the_room_refuses_a_comment_that_shows_nothing(tmp_path, how):
    """The room refused a comment of zero-width spaces ('the box is empty') but stored one of
    Hangul fillers, combining grapheme joiners, a variation selector or braille blanks: a
    thread every page shows with no words."""
    from .test_web_security import _post_comment, _reviewer_page
    from .webapp import Room

    room = Room(tmp_path)
    c, html = _reviewer_page(room)
    before = room.review_file.read_bytes()
    r = _post_comment(room, c, html, SHOWS_NOTHING[how])
    assert r.status_code == 422 and "empty" in r.json()["error"], r.text
    assert room.review_file.read_bytes() == before


@pytest.mark.parametrize("body", ["\u200b\u200b", "\U000e0020\U000e0041", "\u3164", "\u0301"],
                         ids=["zero-width spaces", "tag characters", "a Hangul filler", "a lone accent"])
def test_review_add_refuses_a_body_that_shows_nothing(tmp_path, body):
    """`review add --body` refused '' and spaces, not zero-width spaces or tag characters: the
    review file got a comment with no words (the room refused the same text)."""
    from .conftest import one_error_line

    g = tmp_path / "g.yaml"
    g.write_text(_HEAD + "purpose: Staff offer support first.\n", encoding="utf-8")
    one_error_line(run_cli("review", "add", str(g), "--field", "purpose", "--quote", "support first", "--body", body,
                           "--author", "staff-1", "--role", "staff"), "--body", "show nothing")
    assert not (tmp_path / "g.review.yaml").exists()
    res = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "support first", "--body", "e\u0301 👍",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res


# ---------------------------------------------------------------- words spelled in tag characters

_HIDDEN = "".join(chr(0xE0000 + ord(c)) for c in "Maria Santos")  # 'Maria Santos' in tag letters: shows nothing


@pytest.mark.parametrize("text", [f"Staff offer support first.{_HIDDEN}", f"\U000e0001\U000e0065\U000e006e Staff.",
                                  "Staff offer support \U0001f3f4\U000e0067 first."],
                         ids=["a name spelled in tag letters", "a language tag", "a flag left unended"])
def test_validate_refuses_text_hidden_in_tag_characters(tmp_path, text):
    """Tag characters (U+E0020-U+E007E) spell ASCII letter by letter and show nothing: a
    guideline could carry 'Maria Santos' in its purpose, invisible in every published page
    and review packet and read back by any program — and the privacy check, which drops
    invisible characters, never saw it. Refused at its place; a subdivision flag (🏴 and tags
    ending in U+E007F) stays valid."""
    g = tmp_path / "g.yaml"
    g.write_text(_HEAD + f'purpose: "{text}"\n', encoding="utf-8")
    res = run_cli("validate", str(g))
    lines = [ln for ln in res.stdout.splitlines() if "tag character" in ln]
    assert res.exit_code == 1 and len(lines) == 1 and lines[0].startswith(f"{g}:15:10: error: "), res
    from .conftest import one_error_line

    g.write_text(_HEAD + "purpose: Staff offer support first.\n", encoding="utf-8")
    one_error_line(run_cli("review", "add", str(g), "--field", "purpose", "--quote", "support first", "--kind",
                           "suggestion", "--replacement", text, "--body", "Better.", "--author", "staff-1", "--role",
                           "staff"), "--replacement", "tag character")


def test_a_subdivision_flag_stays_valid(tmp_path):
    g = tmp_path / "g.yaml"
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    g.write_text(_HEAD + f'purpose: "Staff in Scotland {scotland} offer support first."\n', encoding="utf-8")
    assert run_cli("validate", str(g)).exit_code == 0


# ---------------------------------------------------------------- a guideline named G.YAML

@pytest.mark.slow  # 0.35 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_guideline_named_with_a_capital_extension_is_a_guideline_everywhere(tmp_path, monkeypatch):
    """Windows and some mail programs write DRAFT.YAML: `validate` read it as a guideline,
    but `check DRAFT.YAML` read it as prose (8 of 21 errors missing: no structural reviewer ran,
    the YAML keys read as sentences), `fix --write` fixed it as Markdown, `check FOLDER` said
    'no files to check', and `review add` wrote DRAFT.YAML.review.yaml. Each now reads it as
    the guideline it is, as .yaml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lower").mkdir()
    (tmp_path / "upper").mkdir()
    (tmp_path / "lower" / "g.yaml").write_bytes(DRAFT.read_bytes())
    (tmp_path / "upper" / "G.YAML").write_bytes(DRAFT.read_bytes())
    (tmp_path / "upper" / "G.REVIEW.YAML").write_text("lic_policy_review: 1\nguideline: G.YAML\nthreads: []\n",
                                                      encoding="utf-8")

    def found(path: str) -> list:
        res = run_cli("check", "--no-cache", "--fail-on", "none", "--format", "json", path)
        assert res.exit_code == 0, res
        return sorted((f["rule_id"], f["line"], f["column"]) for f in json.loads(res.stdout)["findings"])

    assert found("upper/G.YAML") == found("lower/g.yaml")
    assert found("upper") == found("lower")  # found in the folder; G.REVIEW.YAML is no guideline
    assert run_cli("fix", "--write", "lower/g.yaml").exit_code in (0, 1)
    assert run_cli("fix", "--write", "upper/G.YAML").exit_code in (0, 1)
    assert (tmp_path / "upper" / "G.YAML").read_bytes() == (tmp_path / "lower" / "g.yaml").read_bytes()
    res = run_cli("review", "add", "upper/G.YAML", "--field", "purpose", "--quote", "clean up", "--body", "Why?",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0 and "G.review.yaml" in res.stdout, res
