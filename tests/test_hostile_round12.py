"""hostile12: new kinds of hostile and careless input, surface by surface.

Each test names what broke before its fix. Cases that held are counted in
tests/hostile_report.py (and so in tests/HOSTILE_INPUTS.md) without a test of their own here.

HOSTILE FIXTURE: some strings below are attacks or careless input written on purpose.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .conftest import DRAFT, run_cli

ROOT = Path(__file__).resolve().parent.parent


def _error_lines(res) -> list[str]:
    return [ln for ln in (res.stdout + res.stderr).splitlines() if ": error: " in ln or ln.startswith("error: ")]


# ---------------------------------------------------------------- the review room's state file


def damaged_state_file(tmp_path: Path, how: str) -> Path:
    """A state file the room made and used, then damaged: its pages after the first written
    over (a disk fault, a file copied over it), or cut short (a copy stopped half-way)."""
    from lic_policy.web.state import State

    db = tmp_path / "state.sqlite3"
    st = State(db)
    rid = st.open_round("g.yaml", "0.3.0", "purpose: x\n" * 2000, closes=None, show_findings=False,
                        show_others=False, title="T").id
    st.invite(rid, "advisory-3", "sex-worker-advisory")
    st.close()
    con = sqlite3.connect(db)  # the WAL folded into the file, as after a clean stop
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    data = bytearray(db.read_bytes())
    if how == "pages written over":
        for i in range(4096, len(data), 3):
            data[i] = 0x5A
    else:
        del data[len(data) // 2:]
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize("how", ["pages written over", "cut short"])
def test_a_damaged_state_file_is_one_line_and_left_as_it_is(tmp_path, how):
    """`serve --invite` on a state file whose pages were written over was 'internal error:
    DatabaseError: database disk image is malformed' (exit 3): the file was opened, found
    foreign-free, and the first write to it failed. A damaged file is now found when it is
    opened, said in one line with what to do, and not written to."""
    db = damaged_state_file(tmp_path, how)
    before = db.read_bytes()
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli("serve", str(g), "--state", str(db), "--invite", "advisory-4")
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.exit_code, res.stdout, res.stderr)
    assert lines[0].startswith(f"{db}: error: ") and "--state" in lines[0], lines
    assert "internal error" not in res.stderr and db.read_bytes() == before


def test_a_state_file_another_program_holds_is_one_line_not_an_internal_error(tmp_path, monkeypatch):
    """Another program holding the state file (the sqlite3 shell in a transaction, a backup
    tool, a stuck process): `serve --invite` waited 10 s and ended 'internal error:
    OperationalError: database is locked'. It still waits (for a moment's lock), then says who
    may hold it and what to do."""
    from lic_policy.errors import UsageError
    from lic_policy.web import state as state_mod

    db = tmp_path / "state.sqlite3"
    state_mod.State(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(state_mod, "BUSY_SECONDS", 0.3)
    try:
        with pytest.raises(UsageError) as caught:
            state_mod.State(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.file == str(db) and "another program" in caught.value.message
    assert "--state" in caught.value.hint
    state_mod.State(db).close()  # free again: used as before


def test_the_state_files_journal_is_as_private_as_the_state_file(tmp_path, monkeypatch):
    """The state file was made 0600, but only after sqlite had made its journal (-wal, -shm)
    with the umask's 0644: the journal, which holds every round's text and the reviewers'
    handles and token hashes, was readable by every account on the computer."""
    from lic_policy.web.state import State

    old = os.umask(0o022)
    try:
        st = State(tmp_path / "state.sqlite3")
        st.open_round("g.yaml", "1", "purpose: x\n", closes=None, show_findings=False, show_others=False, title="T")
        made = [p for p in tmp_path.iterdir() if p.name.startswith("state.sqlite3")]
        assert {p.name for p in made} >= {"state.sqlite3", "state.sqlite3-wal"}
        for p in made:
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, (p.name, oct(p.stat().st_mode))
        st.close()
    finally:
        os.umask(old)


class _FullDisk:
    """The state file's connection on a full disk: every write fails as sqlite fails it
    ('database or disk is full'); reads go through."""

    def __init__(self, db):
        self._db = db

    def execute(self, sql, *args):
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE", "BEGIN"):
            raise sqlite3.OperationalError("database or disk is full")
        return self._db.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._db, name)


def test_the_room_on_a_full_disk_says_so_in_a_page_and_one_log_line(tmp_path):
    """The disk holding the room's state filled up during a round (tried on a 2 MB tmpfs): a
    reviewer opening their invitation link got 'Something went wrong on the server' (500),
    and the operator's log a 25-line traceback for every request. The reviewer is told that
    the room cannot save for now and nothing they sent was kept; the log has one line naming
    the state file and what to do."""
    import logging

    from .webapp import Room

    room = Room(tmp_path)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    room.state.db = _FullDisk(room.state.db)
    client = room.TestClient(room.app, base_url=room.base_url, follow_redirects=False,
                             raise_server_exceptions=False)
    logged: list = []
    handler = logging.Handler(logging.INFO)
    handler.emit = logged.append  # type: ignore[method-assign]
    web_log = logging.getLogger("lic_policy.web")
    web_log.addHandler(handler)
    old_level = web_log.level
    web_log.setLevel(logging.INFO)
    try:
        r = client.get(f"/i/{links['advisory-3']}", headers={"accept-language": "fr"})
    finally:
        web_log.removeHandler(handler)
        web_log.setLevel(old_level)
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert "Content-Security-Policy" in r.headers and "<html" in r.text
    assert "enregistr" in r.text, r.text  # in the reviewer's language
    assert logged and all(rec.exc_info is None for rec in logged), [rec.getMessage() for rec in logged]
    assert any(str(room.state_path) in rec.getMessage() and "full" in rec.getMessage() for rec in logged)


def test_serve_on_a_full_disk_is_one_line_not_an_internal_error(tmp_path, monkeypatch):
    """A state file that opened (nothing to write at opening) on a disk that was full: `serve
    --invite` ended 'internal error: OperationalError: database or disk is full' (tried on a
    full tmpfs), and so did `serve` making the staff link."""
    from lic_policy.web import state as state_mod

    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    db = tmp_path / "state.sqlite3"
    state_mod.State(db).close()
    real = state_mod.State.__init__

    def on_a_full_disk(self, path):
        real(self, path)
        self.db = _FullDisk(self.db)

    monkeypatch.setattr(state_mod.State, "__init__", on_a_full_disk)
    for args in (["--invite", "advisory-4"], ["--port", "0"]):
        res = run_cli("serve", str(g), "--state", str(db), *args)
        lines = _error_lines(res)
        assert res.exit_code == 2 and len(lines) == 1, (args, res.stdout, res.stderr)
        assert lines[0].startswith(f"{db}: error: ") and "full" in lines[0] and "--state" in lines[0], lines


# ---------------------------------------------------------------- git merge conflicts left in a file


def _conflicted(tmp_path: Path, name: str, text: str, line: int) -> Path:
    """``text`` with a git merge conflict (as `git merge` leaves it) around its ``line``-th line."""
    lines = text.splitlines(keepends=True)
    ours, theirs = lines[line - 1], lines[line - 1].replace("e", "E", 1)
    lines[line - 1:line] = ["<<<<<<< HEAD\n", ours, "=======\n", theirs, ">>>>>>> main\n"]
    p = tmp_path / name
    p.write_text("".join(lines), encoding="utf-8")
    return p


@pytest.mark.parametrize("command", [["validate"], ["check", "--no-cache"], ["publish", "--to", "md"],
                                     ["fix"]])
def test_a_guideline_left_with_merge_conflict_markers_says_so(tmp_path, command):
    """A guideline git left conflicted (two people edited one clause on two branches) was
    'YAML syntax error: could not find expected ':' (while scanning a simple key) ... check
    the indentation and quoting around this place' at a line after the markers. It is named
    for what it is, at the first marker, with what to do."""
    g = _conflicted(tmp_path, "g.yaml", DRAFT.read_text(encoding="utf-8"), 30)
    res = run_cli(*command, str(g))
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
    assert lines[0].startswith(f"{g}:30:1: error: ") and "merge conflict" in lines[0], lines
    assert "indentation" not in lines[0]


def test_a_review_file_left_with_merge_conflict_markers_says_so_and_is_not_written(tmp_path):
    """Two staff members each added a thread on their own branch; the merge left the review file
    conflicted. `review list` and `review add` said 'cannot parse the review file: YAML syntax
    error ... check the indentation and quoting'. They name the conflict and its line, and
    leave the file as it is."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "first",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    review = tmp_path / "g.review.yaml"
    text = review.read_text(encoding="utf-8")
    n = text.splitlines().index(next(ln for ln in text.splitlines() if "first" in ln)) + 1
    _conflicted(tmp_path, "g.review.yaml", text, n)
    before = review.read_bytes()
    for args in (["review", "list", str(g)],
                 ["review", "add", str(g), "--field", "purpose", "--quote", "clean up the streets", "--body", "third",
                  "--author", "staff-2", "--role", "staff"]):
        res = run_cli(*args)
        lines = _error_lines(res)
        assert res.exit_code == 2 and len(lines) == 1, (args, res.stdout, res.stderr)
        assert lines[0].startswith(f"{review}:{n}:1: error: ") and "merge conflict" in lines[0], lines
    assert review.read_bytes() == before


# ---------------------------------------------------------------- import: small .odt files pandoc blows up


def _plain_odt(tmp_path: Path) -> Path:
    from lic_policy.publish.pandoc import run

    plain = tmp_path / "plain.odt"
    run("# Purpose\n\nStaff offer support first.\n\n- one\n- two\n", from_="markdown", to="odt",
        args=["--standalone"], output=plain)
    return plain


def _odt_body(tmp_path: Path, body: str) -> Path:
    from .test_hostile_round11 import _odt_with

    def edit(x: str) -> str:
        head, rest = x.split("<office:text>", 1)
        return head + "<office:text>" + body + rest
    return _odt_with(_plain_odt(tmp_path), tmp_path / "n.odt", "content.xml", edit)


ODT_BLOWUPS = {
    # pandoc's .odt reader doubles its time and memory with each list level: 16 levels took
    # 2 s and 370 MB, 20 levels 35 s and 2.1 GB, then 'pandoc: Heap exhausted'
    "lists nested 20 deep": "<text:list><text:list-item>" * 20 + "<text:p>x</text:p>"
                            + "</text:list-item></text:list>" * 20,
    "list headers nested 20 deep": "<text:list><text:list-header>" * 20 + "<text:p>x</text:p>"
                                   + "</text:list-header></text:list>" * 20,
    # one element asking for two thousand million spaces: 9 s and 2.1 GB, then the same
    "a run of 2,000,000,000 spaces": '<text:p>a<text:s text:c="2000000000"/>b</text:p>',
    "a run of 26 digits of spaces": '<text:p>a<text:s text:c="99999999999999999999999999"/>b</text:p>',
    "3,000 runs of 1,000 spaces": "<text:p>" + 'a<text:s text:c="1000"/>' * 3000 + "</text:p>",
}


@pytest.mark.parametrize("how", sorted(ODT_BLOWUPS))
def test_an_odt_that_pandoc_would_blow_up_is_refused_at_once(tmp_path, how):
    """A few hundred bytes of .odt made pandoc spend up to 2.1 GB and 35 s before it gave up
    with 'pandoc: Heap exhausted' and the advice to save the file again: lists nested 20
    levels deep (a word processor makes ten at most), or spaces asked for by the thousand
    million in one <text:s text:c="..."/>. Refused before pandoc runs, in one line."""
    doc = _odt_body(tmp_path, ODT_BLOWUPS[how])
    res = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City")
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
    assert lines[0].startswith(f"{doc}: error: ") and "Heap" not in lines[0], lines
    assert ("nested" in lines[0]) == how.startswith("list"), lines
    assert not (tmp_path / "out.yaml").exists()


def test_an_odt_with_lists_ten_deep_and_a_few_spaces_still_imports(tmp_path):
    """What a word processor writes stays imported: ten list levels, runs of spaces."""
    body = ("<text:list><text:list-item>" * 10 + '<text:p>Staff<text:s text:c="3"/>offer support first.</text:p>'
            + "</text:list-item></text:list>" * 10)
    doc = _odt_body(tmp_path, body)
    res = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City")
    assert res.exit_code == 0, res.stderr
    assert "offer support first" in (tmp_path / "out.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- publish beside the documents it came from


def _source(tmp_path: Path, fmt: str) -> Path:
    """A document of ``fmt`` as someone else wrote it: the council's original to import."""
    from lic_policy.publish.pandoc import run

    text = "# Purpose\n\nStaff offer support first.\n\n# Services\n\nOutreach visits each week.\n"
    doc = tmp_path / f"policy.{fmt}"
    if fmt in ("docx", "odt"):
        run(text, from_="markdown", to=fmt, args=["--standalone"], output=doc)
    elif fmt == "html":
        doc.write_text("<html><body><h1>Purpose</h1><p>Staff offer support first.</p></body></html>", encoding="utf-8")
    elif fmt == "md":
        doc.write_text(text, encoding="utf-8")
    else:  # a PDF another program made, named as publish would name its own
        doc.write_bytes(b"%PDF-1.4\n1 0 obj << /Creator (Microsoft Word) >> endobj\ntrailer << >>\n%%EOF\n")
    return doc


@pytest.mark.parametrize("fmt", ["docx", "odt", "md", "html", "pdf"])
def test_publish_does_not_replace_the_document_the_guideline_was_imported_from(tmp_path, fmt):
    """`lic-policy import policy.docx` writes policy.yaml beside it; `publish policy.yaml --to
    docx --out .` then replaced policy.docx, the council's original with its comments and
    tracked changes, without a word (exit 0). So did a hand-written notes.md, and a PDF of
    that name. A file publish did not write is left as it is, in one line."""
    doc = _source(tmp_path, fmt)
    g = tmp_path / "policy.yaml"
    if fmt == "pdf":
        g.write_bytes(DRAFT.read_bytes())
    else:
        res = run_cli("import", str(doc), "--jurisdiction", "City")
        assert res.exit_code == 0 and g.exists(), res.stderr
    before = doc.read_bytes()
    res = run_cli("publish", str(g), "--to", fmt, "--out", str(tmp_path))
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
    assert lines[0].startswith(f"{doc}: error: ") and "--out" in lines[0], lines
    assert doc.read_bytes() == before


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_publish_still_replaces_what_it_wrote_itself(tmp_path):
    """Publishing again into the same folder replaces the earlier outputs, in every format."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    out = tmp_path / "site"
    for _ in range(2):
        res = run_cli("publish", str(g), "--to", "html,md,docx,odt,pdf", "--out", str(out))
        assert res.exit_code == 0, res.stderr
    (out / "g.md").write_bytes(b"")  # an empty file holds nothing to lose
    assert run_cli("publish", str(g), "--to", "md", "--out", str(out)).exit_code == 0
    assert b"lic-policy-id" in (out / "g.md").read_bytes()


# ---------------------------------------------------------------- the room's log: no addresses


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_websocket_request_puts_no_ip_address_in_the_rooms_log(tmp_path):
    """The room logs no request and no address (access_log off). A request asking to upgrade
    to a WebSocket (a probe, a browser extension, another page's script) went to uvicorn's
    WebSocket handler, which logged '127.0.0.1:48090 - "WebSocket /" 403': the client's
    address and port, in the operator's log, for every such request. The room serves no
    WebSocket; the request is answered as plain HTTP, and nothing logs its address."""
    import re
    import socket

    from .browser import Server

    srv = Server().start()
    try:
        for path in ("/", "/review", "/i/" + "A" * 43):
            with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{srv.port}\r\nUpgrade: websocket\r\nConnection: "
                          "Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                          .encode())
                answer = s.recv(200)
            assert answer.startswith(b"HTTP/1.1 ") and not answer.startswith(b"HTTP/1.1 101"), answer
    finally:
        srv.stop()
    log = srv.log.read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"\b127\.0\.0\.1:\d+ - ", log), log[-2000:]
    assert "Traceback" not in log


# ---------------------------------------------------------------- file names that are not UTF-8


def _bad_name(tmp_path: Path, stem: bytes, suffix: str) -> str:
    """A file name holding bytes that are not UTF-8 (a name from an old Windows share or a zip
    made elsewhere), as Python hands it over: lone surrogates by surrogateescape."""
    return os.fsdecode(os.path.join(os.fsencode(str(tmp_path)), stem + suffix.encode()))


@pytest.fixture
def bad_named(tmp_path, monkeypatch):
    if sys.platform == "darwin":  # pragma: no cover - APFS refuses such names
        pytest.skip("the file system refuses names that are not UTF-8")
    g = _bad_name(tmp_path, b"g\xff\xfe", ".yaml")
    shutil.copy(DRAFT, g)
    monkeypatch.chdir(tmp_path)
    return g


def test_review_add_on_a_guideline_whose_name_is_not_utf8(bad_named, tmp_path):
    """`review add` on g\\xff\\xfe.yaml: 'internal error: UnicodeEncodeError: ... surrogates not
    allowed' — the review file records the guideline's name, and the bytes went into the YAML
    it then read back. The name is written with U+FFFD for each such byte; the thread is kept
    and listed."""
    res = run_cli("review", "add", bad_named, "--field", "purpose", "--quote", "clean up the streets", "--body", "b",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res.stderr
    review = Path(_bad_name(tmp_path, b"g\xff\xfe", ".review.yaml"))
    assert "guideline: g\ufffd\ufffd.yaml" in review.read_text(encoding="utf-8")
    res = run_cli("review", "list", bad_named)
    assert res.exit_code == 0 and "1 thread" in res.stdout, res.stderr


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_import_of_a_document_whose_name_is_not_utf8(tmp_path, monkeypatch, suffix):
    """`import n\\xff.md`: 'internal error: ValidationError ... unable to parse raw data as a
    unicode string' — the name went into the placeholder purpose and scope. It is written with
    U+FFFD, and the guideline validates."""
    if sys.platform == "darwin":  # pragma: no cover
        pytest.skip("the file system refuses names that are not UTF-8")
    doc = _bad_name(tmp_path, b"n\xff", suffix)
    Path(doc).write_text("<h1>Services</h1><p>Staff offer support first.</p>" if suffix == ".html"
                         else "# Services\n\nStaff offer support first.\n", encoding="utf-8")
    res = run_cli("import", doc, "--jurisdiction", "City")
    assert res.exit_code == 0, res.stderr
    out = Path(_bad_name(tmp_path, b"n\xff", ".yaml"))
    assert "n\ufffd" + suffix in out.read_text(encoding="utf-8")
    assert run_cli("validate", str(out)).exit_code == 0


def test_serve_a_guideline_whose_name_is_not_utf8_is_one_line(bad_named, tmp_path):
    """`serve g\\xff\\xfe.yaml --invite advisory-3` (or serve of its folder): 'internal error:
    UnicodeEncodeError' — the room keeps a round's guideline by its path, as text. One line
    naming the file and what to do; no state written."""
    for target in (bad_named, str(tmp_path)):
        res = run_cli("serve", target, "--state", str(tmp_path / "s.sqlite3"), "--invite", "advisory-3")
        lines = _error_lines(res)
        assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
        assert "not UTF-8" in lines[0] and "rename" in lines[0], lines


@pytest.mark.parametrize("name", [".lic-policy.yaml", "pyproject.toml"])
def test_a_configuration_left_with_merge_conflict_markers_says_so(tmp_path, monkeypatch, name):
    """A pyproject.toml git left conflicted was 'cannot parse pyproject.toml: Invalid
    statement ... fix the TOML syntax'; a .lic-policy.yaml, a YAML syntax error with a hint
    about indentation. Both name the conflict at its first marker."""
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    conflict = "<<<<<<< HEAD\n{a}\n=======\n{b}\n>>>>>>> main\n"
    if name == "pyproject.toml":
        text = '[project]\nname = "x"\n\n[tool.lic-policy]\n' + conflict.format(a='fail_on = "error"',
                                                                                 b='fail_on = "warning"')
        line = 5
    else:
        text = "fail_on: error\n" + conflict.format(a="disable: [lang.prostitute]", b="disable: [framing.clean-up]")
        line = 2
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", "g.yaml")
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
    assert lines[0].startswith(f"{tmp_path / name}:{line}:1: error: ") and "merge conflict" in lines[0], lines


# ---------------------------------------------------------------- import: a document named as another format


def _mislabeled(tmp_path: Path, what: str) -> tuple[Path, str]:
    """(a document whose name says one format and whose bytes another, a word the error must
    hold)."""
    from lic_policy.publish.pandoc import run

    md = "# Purpose\n\nStaff offer support first.\n"
    if what == "an HTML page named .docx":  # Word's 'Save as Web Page' kept the old name
        p = tmp_path / "policy.docx"
        p.write_text("<!DOCTYPE html><html><body><h1>Purpose</h1><p>Staff offer support.</p></body></html>",
                     encoding="utf-8")
        return p, "policy.html"
    if what == "an RTF file named .docx":
        p = tmp_path / "policy.docx"
        p.write_bytes(b"{\\rtf1\\ansi Staff offer support first.}")
        return p, "RTF"
    if what == "a Word file named .odt":
        p = tmp_path / "policy.odt"
        run(md, from_="markdown", to="docx", output=p)
        return p, "policy.docx"
    if what == "an OpenDocument file named .docx":
        p = tmp_path / "policy.docx"
        run(md, from_="markdown", to="odt", output=p)
        return p, "policy.odt"
    if what == "an OpenDocument file named .md":
        p = tmp_path / "policy.md"
        run(md, from_="markdown", to="odt", output=p)
        return p, ".odt"
    if what == "a Markdown text named .odt":
        p = tmp_path / "policy.odt"
        p.write_text(md, encoding="utf-8")
        return p, "policy.md"
    if what == "a password-protected Word file":  # an OLE container holding the encrypted package
        p = tmp_path / "policy.docx"
        p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptedPackage".encode("utf-16-le")
                      + bytes(512))
        return p, "password"
    raise AssertionError(what)


@pytest.mark.parametrize("what", ["an HTML page named .docx", "an RTF file named .docx", "a Word file named .odt",
                                  "an OpenDocument file named .docx", "an OpenDocument file named .md",
                                  "a Markdown text named .odt", "a password-protected Word file"])
def test_import_of_a_document_named_as_another_format_says_what_it_is(tmp_path, what):
    """The error was about the format the name says, with advice that does not help: 'not a
    .docx file (not a zip archive) (save the file again in that format)' for an HTML page or an
    RTF file named .docx, 'content.xml is missing inside' for a Word file named .odt, 'binary
    file (NUL byte) (guidelines are UTF-8 text files)' for an .odt named .md, and the same 'not
    a zip archive' for a password-protected Word file. It says what the file is, and the name
    to import it under."""
    doc, word = _mislabeled(tmp_path, what)
    res = run_cli("import", str(doc), "-o", str(tmp_path / "out.yaml"), "--jurisdiction", "City")
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
    assert lines[0].startswith(f"{doc}: error: the file is ") and word in lines[0], lines
    assert not (tmp_path / "out.yaml").exists()


# ---------------------------------------------------------------- --changed-since in a repository with no commit


def _unborn(tmp_path: Path, monkeypatch) -> Path:
    """`git init -b main` and a guideline, nothing committed (a new policy repository, the
    pre-commit hook's first run)."""
    if shutil.which("git") is None:  # pragma: no cover
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True, capture_output=True)
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    return g


def test_changed_since_the_unborn_branch_counts_every_finding_as_head_does(tmp_path, monkeypatch):
    """`--changed-since main` on the branch being made ('main', no commit yet: a CI job or hook
    naming the branch) was 'main' is not a commit in this clone (in CI, fetch it first: ...)',
    advice that cannot work; `--changed-since HEAD` there counts every finding as new, and so
    does the branch's own name now."""
    _unborn(tmp_path, monkeypatch)
    head = run_cli("check", "--no-cache", "--changed-since", "HEAD", "g.yaml")
    main = run_cli("check", "--no-cache", "--changed-since", "main", "g.yaml")
    assert head.exit_code == 1 and main.exit_code == 1, (main.stdout[-300:], main.stderr)
    assert main.stdout.replace("main", "HEAD") == head.stdout


@pytest.mark.parametrize("rev", ["origin/main", "HEAD~1", "v1.0"])
def test_changed_since_another_revision_in_a_repository_with_no_commit_says_so(tmp_path, monkeypatch, rev):
    """In a repository with no commit, any other revision was 'not a commit in this clone (in
    CI, fetch it first ...)'. It says the repository has no commit yet."""
    _unborn(tmp_path, monkeypatch)
    res = run_cli("check", "--no-cache", "--changed-since", rev, "g.yaml")
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1, (res.stdout, res.stderr)
    assert "no commit yet" in lines[0] and "fetch" not in lines[0], lines


# ---------------------------------------------------------------- publish: text typst cannot lay out


def _with_purpose(tmp_path: Path, words: str, *, title: str | None = None) -> Path:
    text = DRAFT.read_text(encoding="utf-8").replace("purpose: |\n", "purpose: |\n  " + words + "\n", 1)
    if title is not None:
        import re as _re

        text = _re.sub(r"^  title: .*$", "  title: " + title, text, count=1, flags=_re.M)
    g = tmp_path / "g.yaml"
    g.write_text(text, encoding="utf-8")
    return g


ZALGO = {
    "200 accents on one letter": "Z" + "\u0301" * 200 + "algo",
    "variation selectors": "A" + "\ufe0f" * 500,
    "tag characters": "\U0001F3F4" + "".join(chr(0xE0061 + i % 26) for i in range(400)) + "\U000E007F",
    "accents in the title": None,
}


@pytest.mark.parametrize("how", sorted(ZALGO))
def test_combining_marks_piled_on_a_character_are_refused_by_validate_and_pdf(tmp_path, how):
    """'Zalgo' text — combining marks (or variation selectors, tag characters) piled on one
    character by the hundred or thousand — was valid, and publish --to pdf handed it to typst,
    which grew to 24 GB and was killed (a title of 21,000 marks), ran past 200 s (50,000 in a
    clause; 30,000 tag characters), or panicked with a Python traceback (60,000 variation
    selectors). validate says where; publish (a draft is published with its problems) refuses
    the PDF in one line before typst runs, and still writes the HTML."""
    if how == "accents in the title":
        g = _with_purpose(tmp_path, "Plain words.", title='"Z' + "\u0301\u0327" * 300 + 'algo"')
    else:
        g = _with_purpose(tmp_path, ZALGO[how])
    res = run_cli("validate", str(g))
    lines = [ln for ln in res.stdout.splitlines() if "combining marks" in ln]
    assert res.exit_code == 1 and len(lines) == 1 and lines[0].startswith(f"{g}:"), res.stdout
    res = run_cli("publish", str(g), "--to", "pdf", "--out", str(tmp_path / "out"))
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1 and "combining marks" in lines[0], (res.stdout, res.stderr)
    assert not (tmp_path / "out" / "g.pdf").exists()
    assert run_cli("publish", str(g), "--to", "html", "--out", str(tmp_path / "out")).exit_code == 0


WRITING_SYSTEMS = {
    "Vietnamese": "Tiếng Việt: Nguyễn, Trường, người, được, Hà Nội. " * 40,
    "Devanagari": "हिन्दी में लिखा गया पाठ, क्षेत्र और स्वास्थ्य। " * 40,
    "flags and joined emoji": "Scotland \U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F, a "
                              "family \U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466, \u0915\u094d\u200d\u0937.",
}


@pytest.mark.parametrize("words", list(WRITING_SYSTEMS.values()), ids=list(WRITING_SYSTEMS))
def test_text_of_writing_systems_that_stack_marks_is_not_refused(tmp_path, words):
    """Vietnamese, Devanagari, flags of tag characters and joined emoji stay valid."""
    g = _with_purpose(tmp_path, words)
    res = run_cli("validate", str(g))
    assert res.exit_code == 0 and "combining marks" not in res.stdout, res.stdout


@pytest.mark.slow  # 0.31 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_mark_run_finds_every_pile_over_the_limit_and_nothing_else():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lic_policy.store import MAX_MARKS, mark_run

    marks = st.sampled_from(["\u0301", "\u0327", "\ufe0f", "\u200d", "\U000E0061", "\u0941", "\u20dd"])
    others = st.sampled_from(["a", " ", "é", "中", "\u00a0", "\U0001F469", "\n"])

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(others, st.lists(marks, max_size=40)), max_size=12))
    def prop(parts):
        text = "".join(base + "".join(ms) for base, ms in parts)
        over = [len(ms) for _b, ms in parts if len(ms) > MAX_MARKS]
        found = mark_run(text)
        if over:  # the first pile over the limit, whole
            assert found is not None and found[1] == over[0], (found, over)
        else:
            assert found is None, found
    prop()


@pytest.mark.slow  # 0.58 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_run_of_words_joined_by_no_break_spaces_gets_breaks_in_the_pdfs_layout(tmp_path):
    """What keeps the run below from reaching typst as one line: in the document the PDF is
    laid out from (``render`` hands typst ``document.breakable`` of the blocks), 30,000 words
    joined by no-break spaces are broken as one long word is, a zero-width space at least
    every ``BREAK_EVERY`` characters, and no character is lost. (The slow test below lays
    the PDF out with typst.)"""
    import re

    from lic_policy.publish import document
    from lic_policy.publish.render import prepare

    from .conftest import ast_walk

    g = _with_purpose(tmp_path, "é\u00a0" * 30000)
    blocks = document.breakable(prepare(g).ast["blocks"])
    pieces = [n["c"] for n in ast_walk(blocks) if n["t"] == "Str" and "é\u00a0é" in n["c"]]
    joined = "".join(pieces)
    assert pieces and "\u200b" in joined
    assert not re.search("[^\\s\u200b]{%d}" % (document.BREAK_EVERY + 1), joined.replace("\u00a0", "x"))
    assert joined.replace("\u200b", "").count("é") >= 29_999


@pytest.mark.slow  # typst lays out 30,000 words (1.5 s); the test above checks the breaks it is given
def test_a_run_of_words_joined_by_no_break_spaces_is_laid_out_in_a_pdf(tmp_path):
    """30,000 words joined by no-break spaces (U+00A0: a table pasted from a web page) were
    taken for short words, so nothing was broken up: typst made one line of 90 KB and its PDF
    writer panicked ('end byte index 65535 is not a char boundary'), a Python traceback and exit
    1. They are laid out as one long word is: broken where the page ends."""
    g = _with_purpose(tmp_path, "é\u00a0" * 30000)
    res = run_cli("publish", str(g), "--to", "pdf", "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.stderr[-500:]
    assert (tmp_path / "out" / "g.pdf").read_bytes().startswith(b"%PDF-")


def test_a_panic_in_typst_is_one_line(tmp_path, monkeypatch):
    """A panic in typst's Rust code reaches Python as pyo3's PanicException, a BaseException:
    it went past `except Exception` as a traceback, exit 1. It is one line, exit 2."""
    import typst

    class PanicException(BaseException):  # as pyo3_runtime.PanicException is
        pass

    def panics(*_a, **_k):
        raise PanicException("end byte index 65535 is not a char boundary; it is inside 'é'")

    monkeypatch.setattr(typst, "compile", panics)
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli("publish", str(g), "--to", "pdf", "--out", str(tmp_path / "out"))
    lines = _error_lines(res)
    assert res.exit_code == 2 and len(lines) == 1 and "typst" in lines[0], (res.stdout, res.stderr)


# ---------------------------------------------------------------- configuration: a huge pyproject.toml on the way up


@pytest.mark.slow  # 0.21 s of CPU a case (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
@pytest.mark.parametrize("ours", [True, False])
def test_a_huge_pyproject_found_on_the_way_up_is_not_read_whole(tmp_path, ours):
    """A pyproject.toml of 2 GB (a sparse file, a log written to the wrong name) in a folder
    above: looking for a [tool.lic-policy] table read it whole — 15 s and 4.2 GB — before
    load_config refused it by its size. It is looked at up to the size a configuration may
    have: refused in one line when it holds the table there, passed over when it does not."""
    from .test_hostile_input import _run_bounded

    (tmp_path / "pyproject.toml").write_text('[tool.lic-policy]\nfail_on = "error"\n' if ours else
                                             '[project]\nname = "x"\n', encoding="utf-8")
    os.truncate(tmp_path / "pyproject.toml", 2 * 1024 ** 3)
    (tmp_path / "g.yaml").write_bytes(DRAFT.read_bytes())
    code, err, _seconds, peak, _out = _run_bounded(["check", "--no-cache", "g.yaml"], tmp_path)
    assert peak < 300, f"{peak:.0f} MB"
    if ours:
        assert code == 2 and "over the" in err and len(err.strip().splitlines()) == 1, err
    else:
        assert code == 1 and "pyproject" not in err, err


@pytest.mark.parametrize("ignored", [False, True])
def test_a_room_state_file_inside_a_git_checkout_is_named_unless_ignored(tmp_path, ignored):
    """`serve --state ./room.sqlite` inside the policy repository left the state file (round
    texts, reviewers' handles, invitation hashes) untracked with no word, one `git add -A` away
    from a commit. The room says so, unless the file is ignored."""
    from .conftest import git_run, run_cli

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shutil.copy(Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml",
                tmp_path / "g.yaml")
    git_run(tmp_path, "init", "-q")
    if ignored:
        (tmp_path / ".gitignore").write_text("room.sqlite*\n", encoding="utf-8")
    r = run_cli("serve", str(tmp_path / "g.yaml"), "--state", str(tmp_path / "room.sqlite"), "--invite", "advisory-1")
    assert r.exit_code == 0, r.stdout + r.stderr
    said = [ln for ln in (r.stdout + r.stderr).splitlines() if "git checkout" in ln]
    if ignored:
        assert not said, said
    else:
        assert len(said) == 1 and "room.sqlite" in said[0] and ".gitignore" in said[0], said


def test_a_room_state_file_outside_any_git_checkout_is_not_named(tmp_path):
    from .conftest import run_cli

    shutil.copy(Path(__file__).resolve().parent.parent / "guidelines" / "cedar-harbour-sex-work-response.yaml",
                tmp_path / "g.yaml")
    r = run_cli("serve", str(tmp_path / "g.yaml"), "--state", str(tmp_path / "room.sqlite"), "--invite", "advisory-1")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "git checkout" not in r.stdout + r.stderr
