"""hostile24: new kinds of careless and hostile input: the review room's forms and addresses
sent by hand.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
import re
import shutil

from urllib.parse import quote, urlencode

import pytest

KEY = "response.violence.1|text"


def _repo(tmp_path):
    """The sample guideline and its review file, copied: (guideline, review file)."""
    from .conftest import GOOD

    g = tmp_path / "g.yaml"
    shutil.copy(GOOD, g)
    r = tmp_path / "g.review.yaml"
    review = GOOD.with_name(GOOD.name[:-5] + ".review.yaml")
    r.write_text(review.read_text(encoding="utf-8").replace(f"guideline: {GOOD.name}", "guideline: g.yaml"),
                 encoding="utf-8")
    return g, r


# ---------------------------------------------------------------- the room's forms and addresses sent by hand

def _reviewer_room(tmp_path):
    """A room on the sample guideline, a round open: (room, staff, round, reviewer, form token)."""
    from .webapp import Room, csrf_of, part_of

    room = Room(tmp_path)
    staff = room.staff()
    rid, links = room.open_round(staff)
    reviewer = room.reviewer(links["advisory-3"])
    page = reviewer.get("/review").text
    room.part_hash = part_of(page, KEY)
    return room, staff, rid, reviewer, csrf_of(page)


class _Errors(logging.Handler):
    """The room's log lines of level ERROR while it is installed (a traceback is one)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage()[:200])

    def __enter__(self):
        logging.getLogger("lic_policy.web").addHandler(self)
        return self

    def __exit__(self, *exc):
        logging.getLogger("lic_policy.web").removeHandler(self)


# a form token the room never gave: typed, pasted with a stray letter, or sent by a script
FOREIGN_TOKENS = {"an accented letter": "é", "a Cyrillic letter": "Ж" * 43, "an emoji": "\U0001F600",
                  "half a surrogate pair": "\ud800"}


@pytest.mark.parametrize("what", list(FOREIGN_TOKENS))
@pytest.mark.parametrize("how", ["form", "header"])
def test_a_form_token_that_is_not_ascii_is_refused_as_expired(tmp_path, what, how):
    """A form token holding a letter outside ASCII (`csrf=%C3%A9`, or `X-CSRF-Token: é`) was
    an internal error, 500 and a traceback in the operator's log: Python's
    `secrets.compare_digest` refuses to compare such strings. Any client can send one, signed in
    or not. Now it is a token the room did not give: 403, "This form has expired", nothing
    stored."""
    room, _staff, _rid, reviewer, csrf = _reviewer_room(tmp_path)
    token = FOREIGN_TOKENS[what]
    before = room.review_file.read_bytes()
    with _Errors() as errors:
        _send_token(room, reviewer, token, how, what)
    assert not errors.lines, errors.lines
    assert room.review_file.read_bytes() == before


def _send_token(room, reviewer, token: str, how: str, what: str) -> None:
    fields = {"part": KEY, "h": room.part_hash, "start": "0", "end": "11", "kind": "comment", "body": "A comment."}
    if how == "form":  # the token's UTF-8 bytes percent-encoded, as a browser or curl sends a form
        r = reviewer.post("/review/threads", content="csrf=" + quote(token.encode("utf-8", "surrogatepass")) + "&"
                          + urlencode(fields), headers={"content-type": "application/x-www-form-urlencoded"})
    else:  # JSON bodies carry the token in a header, whose bytes the room reads as Latin-1
        r = reviewer.post("/review/threads", content=json.dumps(fields),
                          headers={"content-type": "application/json",
                                   "x-csrf-token": token.encode("utf-8", "surrogatepass")})
    if how == "form" and what == "half a surrogate pair":  # no UTF-8 at all: the form cannot be read
        assert r.status_code == 400 and "could not be read" in r.text, (r.status_code, r.text[:300])
    else:
        assert r.status_code == 403 and "expired" in r.text, (r.status_code, r.text[:300])


def test_the_form_token_the_room_gave_is_still_taken(tmp_path):
    room, _staff, _rid, reviewer, csrf = _reviewer_room(tmp_path)
    r = reviewer.post("/review/threads", data={"csrf": csrf, "part": KEY, "h": room.part_hash, "start": "0",
                                               "end": "11", "kind": "comment", "body": "A comment on the words."})
    assert r.status_code == 303, r.text[:300]
    assert "A comment on the words." in room.review_file.read_text(encoding="utf-8")


ROUND_PATHS = ["/staff/r/{n}", "/staff/r/{n}/respond"]
ROUND_POSTS = ["/staff/r/{n}/close", "/staff/r/{n}/threads", "/staff/r/{n}/threads/t1/replies",
               "/staff/r/{n}/threads/t1/resolve"]


@pytest.mark.parametrize("digits", [4301, 5000, 60000])
def test_a_round_number_of_thousands_of_digits_is_no_such_page(tmp_path, digits):
    """`/staff/r/111…` with more than 4,300 digits was an internal error (500, and a traceback
    in the operator's log naming the whole address): the address was read as a number before
    anything else, and Python refuses to read numbers that long. Anyone could send it, signed
    in or not. Now no round has such a number: 404, the room's own page."""
    room, staff, rid, reviewer, _csrf = _reviewer_room(tmp_path)
    from .webapp import csrf_of

    scsrf = csrf_of(staff.get(f"/staff/r/{rid}").text)
    with _Errors() as errors:
        _ask_for_rounds(room, staff, reviewer, scsrf, "1" * digits)
    assert not errors.lines, errors.lines


def _ask_for_rounds(room, staff, reviewer, scsrf: str, n: str) -> None:
    for client in (staff, reviewer, room.client()):
        for path in ROUND_PATHS:
            r = client.get(path.format(n=n))
            assert r.status_code == 404, (path[:30], r.status_code, r.text[:200])
            assert "Content-Security-Policy" in r.headers
        for path in ROUND_POSTS:
            r = client.post(path.format(n=n), data={"csrf": scsrf, "body": "x"})
            assert r.status_code == 404, (path[:30], r.status_code, r.text[:200])


@pytest.mark.parametrize("n", ["{rid}", "0{rid}", "999999999999999999"])
def test_a_round_number_that_can_be_read_still_leads_to_its_round_or_none(tmp_path, n):
    room, staff, rid, _reviewer, _csrf = _reviewer_room(tmp_path)
    r = staff.get(f"/staff/r/{n.format(rid=rid)}")
    assert r.status_code == (200 if "rid" in n else 404), r.text[:200]


# ---------------------------------------------------------------- file names that hold what a terminal runs

# ESC ] 0 ; … BEL retitles the terminal window (click removes only the colour escapes, ESC [ …
# m, and only where the output is no terminal); the right-to-left override turns what follows
# around; the line break splits a message in two, the second line starting where the name goes on
CRAFTED = "g\x1b]0;T\x07\u202eq\n.yaml"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
NAMED_COMMANDS = {
    "fix": ("fix", "{g}"),
    "fix --write": ("fix", "--write", "{g}"),
    "review add": ("review", "add", "{g}", "--clause", "principle.order", "--quote", "Residents and businesses",
                   "--body", "b", "--author", "staff-1", "--role", "staff"),
    "review packet": ("review", "packet", "{g}", "-o", "p\x1b]0;T\x07\n.docx"),
    "review import": ("review", "import", "p\x1b]0;T\x07\n.docx", "{g}"),
    "review apply": ("review", "apply", "{g}"),
    "publish": ("publish", "{g}", "--to", "md", "--out", "o\x1b]0;T\x07\n"),
    "diff": ("diff", "{g}", "{g}"),
    "compare": ("compare", "{g}", "{g}"),
    "check --write-review": ("check", "--no-cache", "--write-review", "{g}"),
    "review list": ("review", "list", "{g}"),
    "serve --invite": ("serve", "{g}", "--invite", "advisory-3", "--state", "s\x1b]0;T\x07\n.sqlite"),
    "check -o": ("check", "--no-cache", "{g}", "-o", "o\x1b]0;T\x07\nr.txt"),
    "check -v": ("check", "--no-cache", "-v", "."),
    "rules docs -o": ("rules", "docs", "-o", "o\x1b]0;T\x07\nrules.md"),
}


def _crafted(tmp_path, monkeypatch) -> str:
    from .conftest import DRAFT

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / CRAFTED)
    return CRAFTED


@pytest.mark.parametrize("command", list(NAMED_COMMANDS))
def test_a_file_name_holding_escapes_and_line_breaks_is_shown_not_sent(tmp_path, monkeypatch, command):
    """`fix`, `review add`, `review packet`, `review import`, `review apply`, `publish`, `diff`,
    `compare`, `check --write-review` and `serve --invite` wrote a file name as it was into their messages,
    `next:` hints and reports: a name holding `ESC ] 0 ;` retitled the terminal, U+202E turned
    the rest of the line around, and a line break split a message into two (the second one
    starting with the rest of the name). Error lines and `check`'s report already showed them as
    symbols. Now every message shows them as symbols, and a hint's command writes such a name as
    a `$'…'` word whose escapes the shell reads back."""
    from .conftest import run_cli

    g = _crafted(tmp_path, monkeypatch)
    if command == "check -v":  # a file the configuration leaves out, named by --verbose
        (tmp_path / ".lic-policy.yaml").write_text("ignore: ['x*']\n", encoding="utf-8")
        shutil.copy(tmp_path / g, tmp_path / "x\x1b]0;T\x07\n.yaml")
    if command == "review import":
        assert run_cli("review", "packet", g, "-o", "p\x1b]0;T\x07\n.docx").exit_code == 0
    if command == "review apply":
        r = run_cli("review", "add", g, "--kind", "suggestion", "--clause", "principle.order", "--quote",
                    "Residents and businesses", "--replacement", "People", "--body", "b", "--author", "staff-1",
                    "--role", "staff")
        assert r.exit_code == 0, r
        assert run_cli("review", "accept", g, "t1").exit_code == 0
        run_cli("review", "apply", g, "--dry-run")  # its diff's file names are written as git writes them
    r = run_cli(*(a.format(g=g) for a in NAMED_COMMANDS[command]))
    assert r.exit_code in (0, 1), r
    out = r.stdout + r.stderr
    raw = [line for line in out.splitlines() if RAW.search(line)]
    assert not raw, raw[:3]
    # a line that starts with the rest of a name is a message split in two
    split = [line for line in out.splitlines() if line.startswith((".yaml", ".docx", "/g", ".sqlite", "r.txt",
                                                                    "rules.md"))]
    assert not split, split[:3]


@pytest.mark.parametrize("name", [CRAFTED, "a'b\\c\n.yaml", "x\u0085y\u2028z\u2066.yaml", "-e\x1b.yaml",
                                  "\x1bab.yaml", "\u202eabc1.yaml"])
def test_a_hint_s_command_names_such_a_file_so_the_shell_reads_it_back(tmp_path, name):
    """The `$'…'` word a hint writes is the file's name to bash (and zsh): copied and pasted,
    the command finds the file."""
    import subprocess

    from lic_policy.errors import shell_word

    word = shell_word(name)
    assert not RAW.search(word) and "\n" not in word, word
    got = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True).stdout
    assert got == os.fsencode(("./" + name) if name.startswith("-") else name)


def test_a_name_that_is_not_utf8_is_written_as_its_bytes(tmp_path):
    import subprocess

    from lic_policy.errors import shell_word

    name = os.fsdecode(b"n\xff\xfe.yaml")
    got = subprocess.run(["bash", "-c", f"printf %s {shell_word(name)}"], capture_output=True, check=True).stdout
    assert got == b"n\xff\xfe.yaml"


def test_fix_s_diff_names_such_a_file_as_git_does_and_applies(tmp_path, monkeypatch):
    """`fix` (without --write) prints a unified diff to apply: its `---`/`+++` lines held the
    name as it was (the escape ran); now such a name is quoted with octal escapes, as git
    writes it, and `git apply` takes the diff."""
    import subprocess

    from .conftest import run_cli

    g = _crafted(tmp_path, monkeypatch)
    r = run_cli("fix", g)
    assert r.exit_code in (0, 1), r
    head = r.stdout.splitlines()[:2]
    assert head[0] == '--- "a/g\\033]0;T\\007\\342\\200\\256q\\n.yaml"', head
    assert not RAW.search(r.stdout.split("\n@@", 1)[0])
    (tmp_path / "fix.diff").write_text(r.stdout, encoding="utf-8")
    subprocess.run(["git", "apply", "--unsafe-paths", "fix.diff"], cwd=tmp_path, check=True, capture_output=True)
    assert run_cli("fix", g).stdout == ""


def test_plain_names_are_still_written_as_they_were(tmp_path, monkeypatch):
    from lic_policy.errors import diff_name, shell_word

    assert shell_word("g.yaml") == "g.yaml" and shell_word("my draft.yaml") == "'my draft.yaml'"
    assert shell_word("-g.yaml") == "./-g.yaml" and "$" not in shell_word("é-指 א.yaml")
    assert diff_name("a/g.yaml") == "a/g.yaml" and diff_name("a/my draft é.yaml") == "a/my draft é.yaml"


@pytest.mark.parametrize("name", ["k\n.yaml", "k\x07.yaml", "k\x1b[2J.yaml", "k\x85.yaml", "k\u202e.yaml"])
def test_a_guideline_whose_name_holds_a_control_character_gets_its_review_file(tmp_path, monkeypatch, name):
    """`review add` (and every first save of a review file) of a guideline named with a line
    break or a bell stopped with "internal check failed: the review file would not read back as
    written (… please report this as a bug)": the review file's first comment line names the
    guideline, and the line break made the rest of the name a line of YAML (a bell, a control
    character YAML refuses). The name is written inside files as messages show it (`k␤.yaml`),
    and the threads are read back."""
    from .conftest import DRAFT, run_cli

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / name)
    r = run_cli("review", "add", name, "--clause", "principle.order", "--quote", "Residents and businesses",
                "--body", "b", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0, r
    review = tmp_path / (name[:-5] + ".review.yaml")
    text = review.read_text(encoding="utf-8")
    assert not RAW.search(text) and text.count("\n") == len(text.splitlines()), text[:300]
    r = run_cli("review", "list", name)
    assert r.exit_code == 0 and "1 thread" in r.stdout, r


@pytest.mark.parametrize("name, shown", [("d\x07.md", "d\u2407.md"), ("d\n.md", "d\u2424.md"),
                                         ("e\u202e.md", "e\ufffd.md")])
def test_import_of_a_document_whose_name_holds_a_control_character_writes_the_guideline(tmp_path, monkeypatch,
                                                                                      name, shown):
    """`import d<bell>.md` blamed the guideline it had not written: `out.yaml:1:18: error: a
    control character (U+0007, bell) in the text … (delete it …)`, and `import e<U+202E>.md`
    "the imported guideline does not validate: the text holds a text direction override": the
    name went into the guideline's first comment line. It is written as a symbol there."""
    from .conftest import run_cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text("# Title\n\nSome words.\n", encoding="utf-8")
    r = run_cli("import", name, "-o", "out.yaml")
    assert r.exit_code == 0, r
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert f"Imported from {shown} " in text, text[:200]
    assert run_cli("validate", "out.yaml").exit_code == 0


# ---------------------------------------------------------------- configuration files

@pytest.mark.parametrize("command", [("check", "--no-cache", "{g}"), ("fix", "{g}"), ("validate", "{g}"),
                                     ("rules", "list")])
@pytest.mark.parametrize("kind", ["yaml", "toml"])
def test_a_nul_in_a_pack_path_is_one_line_at_its_place(tmp_path, monkeypatch, command, kind):
    """`packs: ["a\\0b.yaml"]` (in .lic-policy.yaml or pyproject.toml) was "internal error:
    ValueError: embedded null byte ... report it", exit 3, in `check`, `fix`, `validate` and
    `rules list`: the path was resolved before it was looked at. It is refused at its entry as
    an `ignore` pattern holding a NUL is."""
    from .conftest import DRAFT, one_error_line, run_cli

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    if kind == "yaml":
        cfg = tmp_path / ".lic-policy.yaml"
        cfg.write_text('fail_on: error\npacks: [ours.yaml, "a\\0b.yaml"]\n', encoding="utf-8")
        where = f"{cfg}:2:20: error: "
    else:
        cfg = tmp_path / "pyproject.toml"
        cfg.write_text('[tool.lic-policy]\npacks = ["ours.yaml", "a\\u0000b.yaml"]\n', encoding="utf-8")
        where = f"{cfg}:2:23: error: "
    r = run_cli(*(a.format(g="g.yaml") for a in command))
    one_error_line(r, "holds a NUL character", where=where)


# ---------------------------------------------------------------- Word: a field inside another field's instruction

def _nested(inner_instr: str, inner_shown: str, outer_tail: str, outer_shown: str) -> str:
    """`{ IF { INNER } OUTER_TAIL }` as Word writes it: the inner field's last value sits inside
    the outer field's instruction, and the outer field's value after its separate mark."""
    from .test_hostile_round11 import _field, _t

    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> IF '
            '</w:instrText></w:r>' + _field(inner_instr, inner_shown)
            + f'<w:r><w:instrText xml:space="preserve"> {outer_tail} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _t(outer_shown)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


NESTED = {
    "an IF over a DOCPROPERTY Title": ('DOCPROPERTY "Title"', "Draft notes for Jo", '= "x" "" " (see annex)"',
                                       " (see annex)"),
    "an IF over a QUOTE": ('QUOTE "hidden words"', "hidden words", '= "a" "yes" "no"', " yes"),
    "an IF over a PAGE": ("PAGE", "417", '> 1 " (continued)" ""', " (continued)"),
}


@pytest.mark.parametrize("what", list(NESTED))
def test_import_writes_what_word_shows_of_a_field_nested_in_another(tmp_path, what):
    """`{ IF { DOCPROPERTY Title } = "x" "" " (see annex)" }`: Word shows the IF field's value
    only; the inner field's last value is part of the IF's instruction and never shown. pandoc
    wrote both, so `import` put words no reader of the document saw into the guideline ("Draft
    notes for Jo", an old title holding a first name). They are left out; the IF's value is
    kept."""
    from .test_hostile_round11 import _PLAIN, _docx, _import, _t

    inner, hidden, tail, shown = NESTED[what]
    body = _PLAIN + "<w:p>" + _t("Staff call the outreach van.") + _nested(inner, hidden, tail, shown) + "</w:p>"
    res, written = _import(tmp_path, _docx(tmp_path / "f.docx", body))
    assert hidden not in written and hidden not in res.stdout, written
    assert "Staff call the outreach van." + shown in written, written


def test_review_import_stores_what_word_shows_of_a_nested_field(tmp_path):
    """A reviewer's tracked insertion holding such a field: the suggestion held the inner
    field's hidden value too."""
    from .conftest import DRAFT, run_cli
    from .test_hostile_round11 import _t, _docx

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    sentence = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."
    body = ("<w:p>" + _t(sentence) + '<w:ins w:id="5" w:author="staff-2 (staff)" w:date="2026-01-01T00:00:00Z">'
            + _t(" Ask outreach first") + _nested('DOCPROPERTY "Title"', "Draft notes for Jo", '= "x" "" "."', ".")
            + "</w:ins></w:p>")
    res = run_cli("review", "import", str(_docx(tmp_path / "r.docx", body)), "--guideline", str(g), "--role",
                  "staff")
    assert res.exit_code == 0, res
    stored = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "Ask outreach first." in stored and "Draft notes" not in stored, stored


# ---------------------------------------------------------------- Word: a comment made on no words

@pytest.mark.parametrize("where, word", [("end", "neighbourhoods"), ("start", "Applies"), ("middle", "officers")])
def test_review_import_places_a_comment_made_on_no_words_on_the_word_at_it(tmp_path, where, word):
    """A comment on an empty range (a point in the text, which a .docx can hold: a comment whose
    words were all deleted, or one written by a program that anchors at a point) was "not placed:
    comment by … (its words are not in the guideline)", and the reviewer's words were not stored.
    It is placed on the word at the comment, as Word takes the word at the cursor."""
    from .conftest import DRAFT, run_cli
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    sentence = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."
    point = ('<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/>'
             '<w:r><w:commentReference w:id="0"/></w:r>')
    if where == "end":
        para = _t(sentence) + point
    elif where == "start":
        para = point + _t(sentence)
    else:
        para = _t(sentence[:17]) + point + _t(sentence[17:])
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" '
                'w:author="advisory-9 (sex-worker-advisory)" w:date="2026-01-01T00:00:00Z"><w:p>'
                + _t("Who decides this?") + "</w:p></w:comment></w:comments>")
    doc = _docx(tmp_path / "r.docx", "<w:p>" + para + "</w:p>", {"word/comments.xml": comments},
                _rel("rId9", "comments", "comments.xml"))
    res = run_cli("review", "import", str(doc), "--guideline", str(g))
    assert res.exit_code == 0 and "added 1 comment(s)" in res.stdout and "not placed:" not in res.stdout, res
    stored = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "Who decides this?" in stored and f"exact: {word}\n" in stored, stored


@pytest.mark.parametrize("author, shown", [("advisory-9 (sex-worker-advisory)", "advisory-9"),
                                           ("Jane Smithers", "a reviewer")])
def test_review_import_names_a_comment_the_document_only_refers_to(tmp_path, author, shown):
    """A comment the document refers to (`w:commentReference`) with no range of words, which
    the format allows and some programs write: pandoc drops it, and `review import` said
    "nothing to import: … holds no comment, reply or tracked change from a reviewer". The
    reviewer's words were lost without a word. Now they are named, to be added by hand; the
    author by handle only (a Word user name may be a person's name)."""
    from .conftest import DRAFT, run_cli
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    sentence = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."
    body = "<w:p>" + _t(sentence) + '<w:r><w:commentReference w:id="4"/></w:r></w:p>'
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="4" w:author="{author}" '
                'w:date="2026-01-01T00:00:00Z"><w:p>' + _t("Who decides ") + _t("this?") + "</w:p><w:p>"
                + _t("Ask us first.") + "</w:p></w:comment></w:comments>")
    doc = _docx(tmp_path / "r.docx", body, {"word/comments.xml": comments}, _rel("rId9", "comments", "comments.xml"))
    res = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "community")
    assert res.exit_code == 0, res
    lines = [ln for ln in res.stderr.splitlines() if "marks no words" in ln]
    assert len(lines) == 1 and f"by {shown} " in lines[0] and "“Who decides this? Ask us first.”" in lines[0], res
    assert "nothing to import" not in res.stdout and "Jane" not in res.stdout + res.stderr, res


def test_review_import_says_nothing_more_of_comments_on_words(tmp_path):
    from .conftest import DRAFT, run_cli
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    sentence = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."
    body = ('<w:p><w:commentRangeStart w:id="4"/>' + _t(sentence) + '<w:commentRangeEnd w:id="4"/>'
            '<w:r><w:commentReference w:id="4"/></w:r></w:p>')
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="4" '
                'w:author="advisory-9 (sex-worker-advisory)" w:date="2026-01-01T00:00:00Z"><w:p>'
                + _t("Who decides this?") + "</w:p></w:comment></w:comments>")
    doc = _docx(tmp_path / "r.docx", body, {"word/comments.xml": comments}, _rel("rId9", "comments", "comments.xml"))
    res = run_cli("review", "import", str(doc), "--guideline", str(g))
    assert res.exit_code == 0 and "added 1 comment(s)" in res.stdout and "marks no words" not in res.stderr, res


def test_review_import_says_the_words_of_a_comment_it_cannot_place(tmp_path):
    """A comment on words that are not in the guideline was named by the words it was on
    (`not placed: comment by advisory-9 on “…” (its words are not in the guideline)`): the
    reviewer's own words went into no review file and no message. They are said with it."""
    from .conftest import DRAFT, run_cli
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    body = ('<w:p><w:commentRangeStart w:id="4"/>' + _t("Words that were never in this guideline at all.")
            + '<w:commentRangeEnd w:id="4"/><w:r><w:commentReference w:id="4"/></w:r></w:p>')
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="4" '
                'w:author="advisory-9 (sex-worker-advisory)" w:date="2026-01-01T00:00:00Z"><w:p>'
                + _t("Night outreach should come first.") + "</w:p></w:comment></w:comments>")
    doc = _docx(tmp_path / "r.docx", body, {"word/comments.xml": comments}, _rel("rId9", "comments", "comments.xml"))
    res = run_cli("review", "import", str(doc), "--guideline", str(g))
    assert res.exit_code == 0, res
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("not placed: comment by advisory-9")]
    assert len(lines) == 1 and "“Night outreach should come first.”" in lines[0], res
    assert "on “Words that were never" in lines[0], lines
    res = run_cli("review", "import", str(doc), "--guideline", str(g), "--format", "json")
    assert '"comment": "Night outreach should come first."' in res.stdout, res


# ---------------------------------------------------------------- identities spelled in tag characters

def _tags(text: str) -> str:
    """``text`` spelled in tag characters (U+E0020–U+E007E), which show nothing."""
    return "".join(chr(0xE0000 + ord(c)) for c in text)


TAGGED = {"an email address": ("mary.jones@example.org", "'****.*****@*******.***'"),
          "a person's name": ("Maria Santos", "'***** ******'"),
          "a phone number": ("604-555-0199", "'***-***-****'")}


@pytest.mark.parametrize("what", list(TAGGED))
def test_an_identity_spelled_in_tag_characters_is_found_and_can_be_taken_out(tmp_path, what):
    """`review add --body "Ask <mary.jones@example.org in tag characters> about it"` was stored
    without the warning an email gets, and `check --only privacy` (publish's gate) said 0
    errors: the privacy check dropped tag characters as invisible, and an address spelled wholly
    in them was nothing. Anyone who copies the text reads it back (tag characters spell ASCII
    letter by letter; `validate` refuses them in a guideline for that reason). They are read as
    the letters they spell: warned of, flagged masked, and taken out by `review redact`."""
    from .conftest import run_cli

    g, review = _repo(tmp_path)
    plain, masked = TAGGED[what]
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour", "--body",
                f"Ask {_tags(plain)} about it", "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0 and "looks like it identifies someone" in r.stderr and masked in r.stderr, r
    tid = re.search(r"added (t\d+)", r.stdout).group(1)
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1 and "privacy.participant-identity" in r.stdout and masked in r.stdout, r
    r = run_cli("review", "redact", str(g), tid, "--words", plain)
    assert r.exit_code == 0, r
    assert _tags(plain)[:4] not in review.read_text(encoding="utf-8")
    assert run_cli("check", "--no-cache", "--only", "privacy", str(g)).exit_code == 0


@pytest.mark.slow  # 0.21 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_the_room_refuses_an_email_spelled_in_tag_characters(tmp_path):
    room, _staff, _rid, reviewer, csrf = _reviewer_room(tmp_path)
    before = room.review_file.read_bytes()
    r = reviewer.post("/review/threads", data={"csrf": csrf, "part": KEY, "h": room.part_hash, "start": "0",
                                               "end": "11", "kind": "comment",
                                               "body": f"Write to {_tags('mary.jones@example.org')} first."})
    assert r.status_code == 422 and "email" in r.text, (r.status_code, r.text[:300])
    assert room.review_file.read_bytes() == before


def test_a_flag_s_tag_characters_are_no_identity(tmp_path):
    """A subdivision flag (🏴 + tag letters + cancel tag: Scotland, Wales) spells `gbsct`, no one."""
    from lic_policy.privacy import find_identities

    assert find_identities("Our partners in \U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F "
                           "run the same service.") == []


ENCLOSED = {"a circled name": ("Ask Ⓜⓐⓡⓘⓐ Ⓢⓐⓝⓣⓞⓢ about it", "Maria Santos", "'***** ******'"),
            "a circled phone number": ("Call ⑥⓪④-⑤⑤⑤-⓪①⑨⑨ after six", "604-555-0199", "'***-***-****'"),
            "a circled email address": ("Write to ⓜⓐⓡⓨ.ⓙⓞⓝⓔⓢ@ⓔⓧⓐⓜⓟⓛⓔ.ⓞⓡⓖ first", "mary.jones@example.org",
                                        "'****.*****@*******.***'"),
            "a full-width name": ("Ask Ｍａｒｉａ Ｓａｎｔｏｓ about it", "Maria Santos", "'***** ******'")}


@pytest.mark.parametrize("what", list(ENCLOSED))
def test_an_identity_in_circled_letters_is_found_masked_and_redacted_as_typed(tmp_path, what):
    """`Ⓜⓐⓡⓘⓐ Ⓢⓐⓝⓣⓞⓢ` and `⑥⓪④-⑤⑤⑤-⓪①⑨⑨` (enclosed letters and digits, which NFKC reads as
    ASCII, as it reads the full-width forms the check already read) passed `review add` and
    `check`; and `review redact --words "Maria Santos"` took out no full-width name, so a name
    the check found could not be taken out as typed. Now they are found, masked letter for
    letter (the mask kept every circled letter), and redacted."""
    from .conftest import run_cli

    g, review = _repo(tmp_path)
    text, typed, masked = ENCLOSED[what]
    r = run_cli("review", "add", str(g), "--clause", "response.youth.2", "--quote", "Youth Safe Harbour", "--body",
                text, "--author", "staff-1", "--role", "staff")
    assert r.exit_code == 0 and masked in r.stderr, r
    tid = re.search(r"added (t\d+)", r.stdout).group(1)
    r = run_cli("check", "--no-cache", "--only", "privacy", str(g))
    assert r.exit_code == 1 and masked in r.stdout, r
    r = run_cli("review", "redact", str(g), tid, "--words", typed)
    assert r.exit_code == 0, r
    assert run_cli("check", "--no-cache", "--only", "privacy", str(g)).exit_code == 0


@pytest.mark.parametrize("text", ["Step ① then ② then ③.", "Water is H₂O and E=mc².", "Meet at ⑩ in the ⓒentre."])
def test_circled_numbers_and_superscripts_are_no_identity(text):
    from lic_policy.privacy import find_identities

    assert find_identities(text) == []


# ---------------------------------------------------------------- untouched text stays as it was

def test_a_suggestion_that_takes_out_a_block_s_first_words_keeps_its_other_lines(tmp_path):
    """An accepted suggestion deleting a clause's first words (`Support to move into other
    work` → nothing: Word's tracked deletion of a selection leaves the space after it) left the
    text starting with a space, which a `|` block cannot start with unannounced: the whole
    four-line block was written again as one double-quoted line of `\\n` escapes. It stays a
    block (`|2` says how far its lines are indented); only its first line and header change."""
    from .conftest import run_cli

    g, review = _repo(tmp_path)
    text = review.read_text(encoding="utf-8")
    text = text.replace("    status: rejected\n    body: Shorter wording used by some funders.\n    replacement: Exit "
                        "support\n", "    status: accepted\n    body: Shorter wording used by some funders.\n"
                        "    replacement: ''\n")
    review.write_text(text, encoding="utf-8")
    before = g.read_text(encoding="utf-8").splitlines(keepends=True)
    r = run_cli("review", "apply", str(g))
    assert r.exit_code == 0, r
    after = g.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 2, changed
    assert changed[0][1].rstrip() == "        text: |2", changed
    assert changed[1][1] == "           is offered to any sex worker who asks for it. It is\n", changed
    assert run_cli("validate", str(g)).exit_code == 0


# ---------------------------------------------------------------- init's saved answers edited by hand

@pytest.mark.parametrize("value", ["false", "5", "[1]", "{\"a\": 1}"])
def test_init_s_saved_answer_that_is_not_text_is_one_line(tmp_path, monkeypatch, value):
    """`g.init-answers.json` edited by hand (`"jurisdiction": false`, `"title": null`) wrote a
    guideline titled "None" for "False": every answer was made text with Python's str(). A
    value that is not text is one line naming the answer; `null` is no answer (asked again, or
    the default)."""
    from .conftest import one_error_line, run_cli

    monkeypatch.chdir(tmp_path)
    store = tmp_path / "g.init-answers.json"
    store.write_text('{"answers": {"title": "Our guideline", "jurisdiction": %s}}' % value, encoding="utf-8")
    one_error_line(run_cli("init", "g.yaml", "--no-input"), "the saved answer for 'jurisdiction' is not text",
                   where="g.init-answers.json: error: ")
    assert not (tmp_path / "g.yaml").exists()


def test_init_s_saved_answer_null_is_no_answer(tmp_path, monkeypatch):
    from .conftest import run_cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.init-answers.json").write_text('{"answers": {"title": null, "jurisdiction": "City of Cedar"}}',
                                                  encoding="utf-8")
    r = run_cli("init", "g.yaml", "--no-input")
    assert r.exit_code == 0, r
    text = (tmp_path / "g.yaml").read_text(encoding="utf-8")
    assert "None" not in text and "City of Cedar" in text, text[:400]


# ---------------------------------------------------------------- the author map edited by hand

@pytest.mark.parametrize("data", ['{"format": 2, "authors": [], "next_handle": 1e300}',
                                  '{"format": 2, "authors": [], "next_handle": 99999999999}',
                                  '{"format": 2, "authors": [], "next_handle": true}',
                                  '{"format": 2, "authors": [{"key": "k", "mac": "m", "handle": null}]}',
                                  '{"format": 2, "authors": [{"key": "k", "mac": "m", "handle": "a b"}]}',
                                  '{"format": 2, "authors": [{"key": 5, "mac": "m", "handle": "reviewer-1"}]}'])
def test_an_author_map_edited_by_hand_is_one_line(tmp_path, data):
    """`NAME.review-authors.json` with `"next_handle": 1e300` (or 99999999999) made `review
    import` an internal error (a handle no review file holds: pydantic's ValidationError, exit
    3); `"handle": null` became a reviewer named 'None', `true` the number 1. The map is read
    strictly: one line naming it, as for JSON it cannot parse, nothing written."""
    from .conftest import DRAFT, one_error_line, run_cli
    from .test_hostile_input import W
    from .test_hostile_round11 import _docx, _rel, _t

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    amap = tmp_path / "g.review-authors.json"
    amap.write_text(data, encoding="utf-8")
    sentence = "Applies to bylaw officers and police responding to sex work/trafficking in the City's neighbourhoods."
    body = ('<w:p><w:commentRangeStart w:id="4"/>' + _t(sentence) + '<w:commentRangeEnd w:id="4"/>'
            '<w:r><w:commentReference w:id="4"/></w:r></w:p>')
    comments = (f'<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="4" w:author="Jane Smithers" '
                'w:date="2026-01-01T00:00:00Z"><w:p>' + _t("Who decides this?") + "</w:p></w:comment></w:comments>")
    doc = _docx(tmp_path / "r.docx", body, {"word/comments.xml": comments}, _rel("rId9", "comments", "comments.xml"))
    r = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "community")
    one_error_line(r, "cannot read the author map", where=f"{amap}: error: ")
    assert not (tmp_path / "g.review.yaml").exists() and amap.read_text(encoding="utf-8") == data


# ---------------------------------------------------------------- a damaged check cache

DAMAGED_ROWS = {"findings that are a number": "result='{\"file\": \"g.yaml\", \"findings\": 5}'",
                "a finding without its fields": "result='{\"findings\": [{\"rule_id\": 5}]}'",
                "JSON cut short": "result='[1,2'", "no result": "result=NULL",
                "the files beside cut short": "beside='[1'", "a result that is a text": "result='\"x\"'"}


@pytest.mark.slow  # 0.15 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("touched", [False, True])
@pytest.mark.parametrize("what", list(DAMAGED_ROWS))
def test_a_damaged_check_cache_row_is_a_miss(tmp_path, monkeypatch, what, touched):
    """A row of `.lic-policy-cache/check.sqlite3` that cannot be read (`"findings": 5`, a JSON
    text cut short, NULL: a disk error, an edit by hand) made `check` an internal error, exit 3,
    until the cache was deleted ("deleting it is always safe"). Such a row is a miss: the file is
    checked again, and the report is the one an empty cache gives."""
    import sqlite3

    from .conftest import DRAFT, run_cli

    monkeypatch.chdir(tmp_path)
    shutil.copy(DRAFT, tmp_path / "g.yaml")
    fresh = run_cli("check", "--no-cache", "--format", "json", "g.yaml")
    assert run_cli("check", "g.yaml").exit_code == 1
    db = sqlite3.connect(tmp_path / ".lic-policy-cache" / "check.sqlite3")
    db.execute(f"UPDATE files SET {DAMAGED_ROWS[what]}")
    db.commit()
    db.close()
    if touched:  # the same bytes, a new time: the cached entry is found by its digest
        os.utime(tmp_path / "g.yaml", ns=(1, 1))
    r = run_cli("check", "--format", "json", "g.yaml")
    assert r.exit_code == 1 and "internal error" not in r.stderr, r
    assert json.loads(r.stdout)["findings"] == json.loads(fresh.stdout)["findings"]


@pytest.mark.slow  # 0.48 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("damage", ["garbage", "cut short", "cut where it still compiles"])
def test_a_damaged_entry_in_the_user_cache_is_derived_again(tmp_path, damage):
    """The user cache's lowered gate patterns (`~/.cache/lic-policy/gate-*.txt`), damaged on disk
    or edited: bytes that are not UTF-8 or a pattern cut short made every `check` an internal
    error (`UnicodeDecodeError`, `missing ), unterminated subpattern`) until the folder was
    deleted, and a pattern cut where it still compiled let other words through. The entry
    carries a digest of itself now; one that does not match is derived again and rewritten."""
    import subprocess
    import sys

    from .conftest import DRAFT, subprocess_env

    shutil.copy(DRAFT, tmp_path / "g.yaml")
    # the test's own cache folder, started from the run's (its packs and compiled expressions:
    # built from nothing, they took 6.5 s of CPU a case, none of it what this test is about)
    shutil.copytree(Path(os.environ["XDG_CACHE_HOME"]) / "lic-policy", tmp_path / "xdg" / "lic-policy",
                    ignore=shutil.ignore_patterns("gate-*"))
    env = subprocess_env(XDG_CACHE_HOME=str(tmp_path / "xdg"))

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "lic_policy", "check", "--no-cache", "--format", "json",
                               "g.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)

    fresh = check()
    entries = list((tmp_path / "xdg" / "lic-policy").glob("gate-*.txt"))
    assert fresh.returncode == 1 and entries, fresh.stderr
    for entry in entries:
        good = entry.read_bytes()
        entry.write_bytes({"garbage": b"garbage\0\xff", "cut short": good[:40],
                           "cut where it still compiles": good[:good.rindex(b"|")] + b")"}[damage])
    again = check()
    assert again.returncode == 1 and "internal error" not in again.stderr, again.stderr
    assert json.loads(again.stdout)["findings"] == json.loads(fresh.stdout)["findings"]


def test_the_room_says_a_review_file_that_links_to_itself_cannot_be_read(tmp_path):
    """A review file replaced, while the room served it, by a symbolic link that leads back to
    itself: every page was an internal error (500, a traceback in the operator's log: the file's
    state was read with `os.stat`, which raised ELOOP). The room says the draft cannot be shown
    (503) and its log names the file in one line, as for a pipe or a folder; a comment sent is
    not saved, in words, and nothing else is written."""
    room, staff, rid, reviewer, csrf = _reviewer_room(tmp_path)
    room.review_file.unlink()
    os.symlink(room.review_file.name, room.review_file)
    with _Errors() as errors:
        for client, path in ((reviewer, "/review"), (staff, f"/staff/r/{rid}")):
            r = client.get(path)
            assert r.status_code == 503 and "cannot be read" in r.text, (path, r.status_code, r.text[:200])
        r = reviewer.post("/review/threads", data={"csrf": csrf, "part": KEY, "h": room.part_hash, "start": "0",
                                                   "end": "11", "kind": "comment", "body": "A comment."})
        assert r.status_code in (409, 503) and "A comment." in r.text, (r.status_code, r.text[:300])
    assert not errors.lines, errors.lines
    assert os.readlink(room.review_file) == room.review_file.name
