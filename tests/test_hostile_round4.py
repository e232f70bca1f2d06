"""hostile4: kinds of hostile and careless input the earlier rounds did not try.

Each test names what broke before its fix. The language server is driven over raw JSON-RPC
(an editor that sends messages out of order, or bytes that are not a message at all); the
CLI through ``run_cli`` or a fresh process.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30


# ---------------------------------------------------------------- the language server


class RawEditor:
    """An editor that writes JSON-RPC frames by hand, so it can send what no library would."""

    def __init__(self, cwd: Path):
        env = {k: v for k, v in os.environ.items() if k != "LIC_POLICY_DEBUG"}
        self.proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(cwd), env=env)
        self.buf = b""
        self.msgs: list[dict] = []

    def frame(self, body: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, obj) -> None:
        self.frame(json.dumps(obj).encode())

    def until(self, pred, seconds: float = TIMEOUT) -> list[dict]:
        assert self.proc.stdout is not None
        end = time.time() + seconds
        while time.time() < end and not any(pred(m) for m in self.msgs):
            if select.select([self.proc.stdout.fileno()], [], [], 0.2)[0]:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                self.buf += chunk
                while b"\r\n\r\n" in self.buf:
                    head, rest = self.buf.split(b"\r\n\r\n", 1)
                    n = int(next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
                            .split(b":")[1])
                    if len(rest) < n:
                        break
                    self.msgs.append(json.loads(rest[:n]))
                    self.buf = rest[n:]
        return self.msgs

    def start(self) -> None:
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"capabilities": {}, "processId": None, "rootUri": None}})
        self.until(lambda m: m.get("id") == 1)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def stop(self) -> str:
        self.proc.kill()
        _out, err = self.proc.communicate(timeout=TIMEOUT)
        return err.decode("utf-8", "replace")


def _popups(msgs: list[dict]) -> list[str]:
    return [m["params"]["message"] for m in msgs if m.get("method") == "window/showMessage"]


@pytest.mark.slow  # 0.53 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_changes_to_a_document_never_opened_are_ignored_not_a_keyerror_popup(tmp_path):
    """A didChange for a document the editor never opened (or already closed) made pygls show
    'Error in server: KeyError: file:///…' in the editor."""
    ed = RawEditor(tmp_path)
    try:
        ed.start()
        never = (tmp_path / "never.md").as_uri()
        closed = (tmp_path / "closed.md").as_uri()
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": never, "version": 2}, "contentChanges": [{"text": "Staff offer support.\n"}]}})
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": never, "version": 3}, "contentChanges": [{"range": {
                "start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "x"}]}})
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": closed, "languageId": "markdown", "version": 1, "text": "Staff offer support.\n"}}})
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": closed}}})
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": closed, "version": 2}, "contentChanges": [{"text": "x\n"}]}})
        # a document inside a folder that is a link to itself (Path.resolve raised RuntimeError)
        (tmp_path / "loop").symlink_to("loop")
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": (tmp_path / "loop" / "l.md").as_uri(), "languageId": "markdown", "version": 1,
            "text": "Staff offer support.\n"}}})
        # then a good document: still checked (must-flag fixture)
        good = (tmp_path / "good.md").as_uri()
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": good, "languageId": "markdown", "version": 1, "text": "Outreach met two prostitutes.\n"}}})
        msgs = ed.until(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                        and m["params"]["uri"] == good)
        assert any(m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == good
                   and m["params"]["diagnostics"] for m in msgs), msgs
        # no diagnostics appear for a document the editor does not have open
        assert not [m for m in msgs if m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == never], msgs
        assert _popups(msgs) == [], msgs
    finally:
        ed.stop()


@pytest.mark.slow  # 0.37 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_bytes_that_are_not_a_message_get_a_json_rpc_error_not_a_popup(tmp_path):
    """A body that is not JSON showed 'Error in server: Expecting property name…'; a JSON array
    (a batch, which LSP does not have), ``null`` or a number showed "Error in server: 'list'
    object has no attribute 'jsonrpc'". JSON-RPC answers them with Parse error (-32700) and
    Invalid Request (-32600), id null; the server carries on."""
    ed = RawEditor(tmp_path)
    try:
        ed.start()
        for body in (b"{not json", b"\xff\xfe{}", b"[1, 2]", b"null", b"42", b'"text"', b"{}",
                     b'{"jsonrpc": "2.0"}'):
            ed.frame(body)
        # a notification whose params do not fit its method: never answered, and no pop-up
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"bogus": 1}})
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": 5}})
        ed.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None})
        msgs = ed.until(lambda m: m.get("id") == 9)
        assert any(m.get("id") == 9 and "error" not in m for m in msgs), msgs
        assert _popups(msgs) == [], msgs
        errors = [m["error"]["code"] for m in msgs if m.get("id") is None and "error" in m]
        assert errors.count(-32700) == 2 and errors.count(-32600) == 6, msgs
    finally:
        ed.stop()


# ---------------------------------------------------------------- configuration files

from .conftest import DRAFT, one_error_line as _one_error_line, run_cli  # noqa: E402

BAD_CONFIG = ROOT / "tests" / "corpus" / "bad-config"

# file in tests/corpus/bad-config → (line, col, words) of the one error line
CONFIG_CASES = {
    "max-file-size-true.yaml": (1, 16, "max_file_size must be a positive number of bytes"),
    "share-yes.yaml": (1, 23, "min_sex_worker_share must be a number from 0 to 1"),
    "share-true.yaml": (2, 23, "min_sex_worker_share must be a number from 0 to 1"),
    "packs-null.yaml": (1, 9, "packs must be a list of paths"),
    "packs-mapping.yaml": (2, 5, "packs must be a list of paths"),
    "ignore-nested-list.yaml": (1, 10, "ignore must be a list of glob patterns"),
    "disable-mapping.yaml": (2, 13, "rules.disable must be a list of rule ids"),
    "severity-fatal.yaml": (3, 31, "must be error, warning or info"),
    "fail-on-list.yaml": (1, 10, "fail_on must be one of error, warning, info, none"),
    "unknown-key.yaml": (2, 1, "unknown configuration key 'max_fil_size'"),
    "crlf-bom-unknown-key.yaml": (2, 10, "fail_on must be one of error, warning, info, none, not 'nope'"),
    "nul-byte.yaml": (2, 1, "configuration file as UTF-8"),
    "pyproject-utf16/pyproject.toml": (1, 1, "the file is UTF-16 text, not UTF-8"),
    "pyproject-utf32/pyproject.toml": (1, 1, "the file is UTF-32 text, not UTF-8"),
    "pyproject-bad-utf8/pyproject.toml": (3, 1, "invalid UTF-8 (byte 0xff)"),
    "pyproject-syntax/pyproject.toml": (2, 11, "cannot parse pyproject.toml: Invalid value"),
    "pyproject-date/pyproject.toml": (2, 11, "fail_on must be one of error, warning, info, none, not 2026-01-01 (a date)"),  # ux10: placed
    "pyproject-lone-cr/pyproject.toml": (1, 18, "lone CR"),
    "unknown-rule-id.yaml": (4, 13, "unknown rule id 'lang.prostitue' in the configuration"),  # hostile6
    "severity-unknown-rule.yaml": (4, 5, "unknown rule id 'framing.nope' in the configuration"),  # hostile6
    # hostile9: the error was at the pack file ("a pack named 'x' is already loaded"), or
    # "rule pack not found" when the pack is missing: the mistake is the config's second line
    # hostile9: 'internal error: RecursionError' (tomllib reads nesting by recursion)
    "pyproject-deep-nesting/pyproject.toml": (None, None, "nested deeper than a configuration can be read"),
    "pack-empty.yaml": (3, 32, "an empty path in packs"),
    "pack-missing.yaml": (5, 5, "rule pack 'policy/our-rules.yaml' not found: there is no "),  # ux25: at its entry
    "pyproject-pack-missing/pyproject.toml": (4, 10, "rule pack 'policy/our-rules.yaml' not found: there is no "),
    "pack-nul.yaml": (3, 32, "the rule pack path 'policy/\\x00ours.yaml' holds a NUL character"),  # hostile24
    "pyproject-table-value/pyproject.toml": (3, 3, "[tool.lic-policy] must be a table of settings"),  # hostile24
    "pyproject-dotted-list/pyproject.toml": (2, 1, "[tool.lic-policy] must be a table of settings"),  # hostile24
    "pack-listed-twice.yaml": (5, 5, "the rule pack './policy/../policy/our-rules.yaml' is listed twice in packs "
                                     "(first at line 4)"),
}


def test_the_config_corpus_is_covered():
    found = {str(p.relative_to(BAD_CONFIG)) for p in BAD_CONFIG.rglob("*") if p.is_file()}
    assert found == set(CONFIG_CASES)


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_config_values_of_the_wrong_kind_are_refused_at_their_place(name):
    """``max_file_size: true`` was taken as 1 byte (every file then refused as too big) and
    ``min_sex_worker_share: true`` as 1.0 (bool is an int in Python); ``packs: [null]`` was
    looked for as a pack file named 'None' and ``ignore: [[archive]]`` became the pattern
    "['archive']". Every configuration error now names the line and column of the value (TOML
    too), and a file that is not UTF-8 text says it is the configuration."""
    line, col, words = CONFIG_CASES[name]
    cfg = BAD_CONFIG / name
    res = run_cli("check", "--no-cache", "--config", str(cfg), str(DRAFT))
    where = f"{cfg}:" + (f"{line}:{col}:" if line else "") + " error: "
    _one_error_line(res, words, where=where)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_pyproject_saved_as_utf16_is_named_not_silently_ignored(tmp_path, encoding, monkeypatch):
    """A pyproject.toml saved as UTF-16 ('Unicode' in Notepad) was not recognised as holding
    [tool.lic-policy] at all: its settings (fail_on, disabled rules) were silently dropped."""
    (tmp_path / "pyproject.toml").write_bytes('[tool.lic-policy]\nfail_on = "none"\n'.encode(encoding))
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    monkeypatch.chdir(tmp_path)
    res = run_cli("check", "--no-cache", str(g))
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res
    assert lines[0].startswith(f"{tmp_path / 'pyproject.toml'}") and encoding.upper() in lines[0] \
        and "UTF-8" in lines[0], lines


# ---------------------------------------------------------------- links, options


def test_import_to_a_symbolic_link_loop_is_one_line(tmp_path):
    """`import notes.md -o loop.yaml` (a link to itself) was 'internal error: RuntimeError:
    Symlink loop' (Path.resolve raises on a loop in Python 3.11)."""
    (tmp_path / "notes.md").write_text("# Notes\n\nStaff offer support first.\n", encoding="utf-8")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    res = run_cli("import", str(tmp_path / "notes.md"), "-o", str(tmp_path / "loop.yaml"), "--force")
    _one_error_line(res, "symbolic link")
    assert (tmp_path / "loop.yaml").is_symlink()


def test_a_config_pack_that_is_a_link_loop_is_one_line(tmp_path):
    """``packs: [loop.yaml]`` with loop.yaml a link to itself: 'internal error: RuntimeError'."""
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_text("packs: [loop.yaml]\n", encoding="utf-8")
    res = run_cli("check", "--no-cache", "--config", str(cfg), str(DRAFT))
    _one_error_line(res, "loop.yaml")


def test_a_missing_option_with_choices_is_one_line():
    """click lists the choices of a missing option one per line ("Choose from:\\n\\tstaff,…"):
    the error was six lines."""
    res = run_cli("review", "reply", str(DRAFT), "t-1", "--body", "b", "--author", "staff-1")
    _one_error_line(res, "Missing option '--role'", "staff", "sex-worker-advisory", where="error: ")


def test_a_working_folder_that_was_deleted_is_one_line(tmp_path):
    """Run from a folder deleted under the shell (another terminal ran rm -rf): every command
    was 'internal error: FileNotFoundError' (os.getcwd fails; the configuration is looked up
    from the working folder)."""
    gone = tmp_path / "gone"
    gone.mkdir()
    code = ("import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); from lic_policy.cli import main; "
            "main(['validate', sys.argv[2]])")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("LIC_POLICY_DEBUG", None)
    p = subprocess.run([sys.executable, "-c", code, str(gone), str(DRAFT)], capture_output=True, text=True,
                       env=env, timeout=TIMEOUT)
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert p.returncode == 2 and len(lines) == 1, p.stderr
    assert lines[0].startswith("error: ") and "folder" in lines[0] and "no longer exists" in lines[0], lines


# ---------------------------------------------------------------- invisible and direction characters

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_review_list_shows_direction_overrides_instead_of_sending_them(tmp_path):
    """A comment holding U+202E (right-to-left override) reached the terminal as is: it turns
    the rest of the line around ("Trojan source"), so a staff member reading `review list` sees
    other words than the comment holds. Terminal output now shows each direction control, and
    the line and paragraph separators, as one visible character (columns stay aligned)."""
    from lic_policy.report.text import printable

    assert all(len(printable(ch)) == 1 and printable(ch) != ch for ch in BIDI + "\u2028\u2029")
    assert printable("Staff offer support") == "Staff offer support"
    assert printable("مرحبا \u200f") == "مرحبا \u200f"  # right-to-left text and marks stay as written
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "This", "--occurrence", "1",
                  "--body", "approve \u202edeliver\u202c this", "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res
    out = run_cli("review", "list", str(g)).stdout
    assert "approve" in out and not any(ch in out for ch in BIDI), out


def test_a_comment_of_invisible_characters_only_is_empty(tmp_path):
    """A review-room comment of zero-width spaces (U+200B) or direction marks only was stored:
    an invisible thread. It is refused as an empty box, as spaces are."""
    from lic_policy.web.inputs import text_problem

    for body in ("\u200b\u200b\u200b", "\u200e", "\ufeff \u2060", "\u202e\u202c"):
        p = text_problem(body, limit=4000, what="Your comment")
        assert p is not None and p.status == 422 and "empty" in p.message, body
    assert text_problem("ok \u200b", limit=4000, what="Your comment") is None
    assert text_problem("نعم \u200f", limit=4000, what="Your comment") is None


# ---------------------------------------------------------------- Word files

import zipfile  # noqa: E402

from tests.test_hostile_input import CONTENT_TYPES, RELS, W, _para  # noqa: E402


def _word(path: Path, document: bytes, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document, compress_type=method)
    return path


def _doc(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'


def _no_rels(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", _doc(_para("Staff offer support.")))
    return path


WORD_PANDOC_CANNOT_READ = {
    # well-formed XML in an encoding pandoc does not read
    "latin1.docx": lambda p: _word(p, _doc(_para("Caf\xe9 outreach")).replace("UTF-8", "ISO-8859-1")
                                   .encode("latin-1")),
    "utf16.docx": lambda p: _word(p, _doc(_para("Staff offer support.")).replace("UTF-8", "UTF-16")
                                  .encode("utf-16")),
    # a part compressed with LZMA (zip method 14), which pandoc's zip reader does not know
    # no _rels/.rels: pandoc said only "couldn't parse docx file: DocxError"
    "no-rels.docx": lambda p: _no_rels(p),
    "lzma.docx": lambda p: _word(p, _doc(_para("Staff offer support.")).encode(), zipfile.ZIP_LZMA),
}


@pytest.mark.parametrize("command", ["import", "review import"])
@pytest.mark.parametrize("name", sorted(WORD_PANDOC_CANNOT_READ))
def test_a_word_file_pandoc_cannot_read_names_the_file_and_what_to_do(tmp_path, name, command):
    """These were 'error: pandoc failed converting docx to json: pandoc: Cannot decode byte
    '\\xe9': Data.Text.Internal.Encoding: Invalid UTF-8 stream' — no file, no way forward."""
    doc = WORD_PANDOC_CANNOT_READ[name](tmp_path / name)
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    args = ["import", str(doc), "-o", str(tmp_path / "out.yaml")] if command == "import" else \
        ["review", "import", str(doc), "--guideline", str(g), "--role", "staff"]
    res = run_cli(*args)
    _one_error_line(res, "save", where=f"{doc}: error: ")
    assert not (tmp_path / "out.yaml").exists() and not (tmp_path / "g.review.yaml").exists()


def test_review_import_shows_words_it_could_not_place_without_sending_controls(tmp_path):
    """`review import` printed the words of a comment it could not place as they were, so a
    Word comment on right-to-left text holding U+202E turned the terminal line around."""
    from tests.test_hostile_input import COMMENTS, docx

    doc = docx(tmp_path / "r.docx", _para("Outreach \u202eevil\u202c words nowhere in the draft", True), COMMENTS)
    g = tmp_path / "g.yaml"
    g.write_bytes(DRAFT.read_bytes())
    res = run_cli("review", "import", str(doc), "--guideline", str(g), "--role", "staff")
    assert res.exit_code == 0, res
    assert "not placed" in res.stderr and "evil" in res.stderr
    assert not any(ch in res.stderr + res.stdout for ch in BIDI), res


# ---------------------------------------------------------------- the review room: slow clients


@pytest.mark.slow  # waits out a time limit (2-3 s of wall clock); make test-all and CI run it
def test_a_client_that_never_finishes_its_request_head_is_disconnected(monkeypatch):
    """Slowloris: a client that sends a request line and then a header byte now and then held
    its connection (and a file descriptor) for ever — uvicorn times out only idle keep-alive
    connections, so a few thousand such clients shut everyone else out of the room. A request
    head must now arrive within LIC_POLICY_HTTP_TIMEOUT seconds (20 by default)."""
    import socket

    from .browser import Server

    monkeypatch.setenv("LIC_POLICY_HTTP_TIMEOUT", "1")
    with Server() as srv:
        slow = socket.create_connection(("127.0.0.1", srv.port), timeout=15)
        slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % srv.port)
        t0 = time.time()
        closed = False
        try:
            for _ in range(12):  # a header byte every half second, never the blank line
                time.sleep(0.5)
                slow.sendall(b"X")
        except OSError:
            closed = True
        if not closed:
            slow.settimeout(5)
            try:
                closed = slow.recv(100) in (b"",) or True  # anything but a hang: an answer or EOF
            except socket.timeout:
                closed = False
            except OSError:
                closed = True
        slow.close()
        assert closed and time.time() - t0 < 10
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as ok:  # others are still served
            ok.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % srv.port)
            assert ok.recv(100).startswith(b"HTTP/1.1 ")


def test_a_post_body_that_trickles_in_is_refused_not_waited_for(tmp_path):
    """A signed-in client that sent its POST body a byte now and then (or never) held the
    request for ever; it now gets 408 after the body timeout, and nothing is stored."""
    import asyncio

    from lic_policy.web.app import Config

    from .webapp import Room

    room = Room(tmp_path, config=Config(body_timeout=0.5))
    staff = room.staff()
    cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
    before = room.review_file.read_bytes()

    async def main():
        sent: list[dict] = []

        async def receive():
            await asyncio.sleep(5)  # the rest of the body never comes in time
            return {"type": "http.request", "body": b"x", "more_body": True}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": "/lang", "raw_path": b"/lang", "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"127.0.0.1:8000"), (b"cookie", cookie.encode()),
                             (b"content-type", b"application/x-www-form-urlencoded")],
                 "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8000)}
        t0 = time.monotonic()
        await room.app(scope, receive, send)
        return sent, time.monotonic() - t0

    sent, took = asyncio.run(main())
    assert sent and sent[0]["type"] == "http.response.start" and sent[0]["status"] == 408, sent[:1]
    assert took < 4
    assert room.review_file.read_bytes() == before


# ---------------------------------------------------------------- init with input that ends


@pytest.mark.parametrize("answers", ["", "Harbourview Guideline\n"])
def test_init_whose_standard_input_ends_is_a_usage_error_not_an_interrupt(tmp_path, answers):
    """`lic-policy init < /dev/null` (a CI job, a script) ended with exit 130, the code of a
    Ctrl-C, and 'stopped before any answer was given'. Input that ends before every question is
    answered is a usage error (exit 2, one line) that says how to run it without a terminal;
    answers already given are still kept."""
    path = tmp_path / "new.yaml"
    res = run_cli("init", str(path), stdin=answers)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.exit_code == 2 and len(lines) == 1, res
    assert "standard input ended" in lines[0] and "--no-input" in lines[0], lines
    assert not path.exists()
    kept = tmp_path / "new.init-answers.json"
    assert kept.exists() == bool(answers) and (str(kept) in lines[0]) == bool(answers)


def test_publish_out_to_a_device_says_it_is_not_a_folder(tmp_path):
    """`publish --out /dev/full` said "cannot create the output folder: File exists"."""
    from .conftest import GOOD

    res = run_cli("publish", str(GOOD), "--to", "md", "--out", "/dev/full")
    _one_error_line(res, "not a folder", "--out", where="/dev/full: error: ")


# ---------------------------------------------------------------- names too long for the file system

LONG = "b" * 300  # one name over the 255 bytes most file systems allow


@pytest.mark.parametrize("args", [
    ["import", f"{LONG}.docx"],
    ["import", "NOTES", "-o", f"{LONG}.yaml"],
    ["publish", f"{LONG}.yaml"],
    ["check", "--no-cache", "--config", f"{LONG}.yaml", "GUIDELINE"],
    ["init", "--no-input", "--title", "t", "--jurisdiction", "j", "--kind", "municipality", f"{LONG}.yaml"],
], ids=["import", "import -o", "publish", "check --config", "init"])
def test_a_file_name_too_long_for_the_file_system_is_one_line(tmp_path, monkeypatch, args):
    """A name over 255 bytes: 'internal error: OSError: [Errno 36] File name too long'
    (pathlib's exists() and is_file() raise it in Python 3.11)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("# Notes\n\nStaff offer support first.\n", encoding="utf-8")
    args = [{"NOTES": "notes.md", "GUIDELINE": str(DRAFT)}.get(a, a) for a in args]
    res = run_cli(*args)
    _one_error_line(res, "too long", "shorten")


@pytest.mark.slow  # 0.59 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_lsp_a_document_whose_path_is_too_long_gets_no_popup(tmp_path):
    """The configuration lookup for a document at a path over 4096 bytes showed 'Error in
    server: OSError: [Errno 36] File name too long'."""
    ed = RawEditor(tmp_path)
    try:
        ed.start()
        uri = "file:///" + "a/" * 3000 + "x.md"
        ed.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": "Staff offer support.\n"}}})
        ed.send({"jsonrpc": "2.0", "id": 9, "method": "shutdown", "params": None})
        msgs = ed.until(lambda m: m.get("id") == 9)
        assert any(m.get("id") == 9 for m in msgs) and _popups(msgs) == [], msgs
    finally:
        ed.stop()


# ---------------------------------------------------------------- properties (hypothesis)

import datetime as dt  # noqa: E402

import yaml  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CONFIG_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2, 10**30), st.floats(), st.text(max_size=8),
              st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)),
              st.sampled_from(["error", "none", "lang.prostitute", "archive/**", "[z-a]", "0.3", "yes"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["enable", "disable", "severity", "lang.prostitute", "x"]),
                                            inner, max_size=3)),
    max_leaves=6)
CONFIG_KEYS = st.sampled_from(["max_file_size", "fail_on", "rules", "packs", "ignore", "min_sex_worker_share",
                               "cache", "maxfilesize"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(CONFIG_KEYS, CONFIG_VALUES, max_size=4), style=st.sampled_from(["block", "flow"]),
       newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_any_configuration_is_a_config_or_one_config_error_at_a_place_in_the_file(tmp_path, data, style, newline,
                                                                                  bom):
    """Any mapping of keys to values of any type, as block or flow YAML, LF or CRLF, with or
    without a BOM: `load_config` gives a Config or a ConfigError whose line:col (when given)
    lies inside the file — never another exception."""
    from lic_policy.config import Config, load_config
    from lic_policy.errors import ConfigError, LicPolicyError

    text = yaml.safe_dump(data, default_flow_style=(style == "flow"), allow_unicode=True)
    cfg = tmp_path / ".lic-policy.yaml"
    cfg.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", newline).encode("utf-8"))
    try:
        assert isinstance(load_config(cfg), Config)
    except ConfigError as exc:
        if exc.line is not None:
            lines = text.split("\n")
            assert 1 <= exc.line <= len(lines) and 1 <= exc.column <= len(lines[exc.line - 1]) + 1, (exc, text)
    except LicPolicyError as exc:  # the file is not YAML we read (a tag, a key that is not text): one line too
        assert exc.one_line() and "\n" not in exc.one_line()


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_printable_keeps_every_column_and_sends_no_control_or_direction_character(text):
    """What goes to a terminal keeps one character per character (carets stay aligned) and
    holds no C0/C1 control (but tab and newline), direction override or line separator."""
    import unicodedata

    from lic_policy.report.text import printable

    shown = printable(text)
    assert len(shown) == len(text)
    assert not [ch for ch in shown if (unicodedata.category(ch) == "Cc" and ch not in "\t\n") or ch in BIDI
                or ch in "\u2028\u2029"], repr(shown)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
       ctype=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain", "",
                              "application/json; charset=latin-1", "APPLICATION/JSON"]))
def test_any_request_body_is_parsed_or_refused_with_a_status(raw, ctype):
    """The review room's body parser gives a Body or an InputProblem with an HTTP status — no
    other exception (which would be a 500) — for any bytes under any content type."""
    from lic_policy.web.inputs import Body, InputProblem, parse_body

    try:
        assert isinstance(parse_body(raw, ctype), Body)
    except InputProblem as exc:
        assert 400 <= exc.status < 500


# ---------------------------------------------------------------- Unicode normalisation in quotes


def test_a_quote_typed_in_another_unicode_normal_form_is_found(tmp_path):
    """`review add --quote "café"` pasted from a macOS terminal (é as e + U+0301, NFD) was
    'the quote is not in purpose (copy the words exactly)' although it looks exactly the same;
    the review room's "these exact words" too. The words are now also looked for in NFC and
    NFD, and the thread quotes the guideline's own characters."""
    import unicodedata

    from lic_policy.text import quote_spans

    nfc = "Staff meet people at the caf\u00e9 drop-in."
    at = nfc.index("caf\u00e9")
    assert quote_spans(nfc, "cafe\u0301 drop-in") == [(at, at + len("caf\u00e9 drop-in"))]
    assert quote_spans(unicodedata.normalize("NFD", nfc), "caf\u00e9") == [(at, at + 5)]
    assert quote_spans(nfc, "cafe drop-in") == []  # an e without its accent is other words
    g = tmp_path / "g.yaml"
    g.write_text(DRAFT.read_text(encoding="utf-8").replace("purpose: |", "purpose: |\n  The caf\u00e9 drop-in.", 1),
                 encoding="utf-8")
    res = run_cli("review", "add", str(g), "--field", "purpose", "--quote", "cafe\u0301 drop-in", "--body", "b",
                  "--author", "staff-1", "--role", "staff")
    assert res.exit_code == 0, res
    review = (tmp_path / "g.review.yaml").read_text(encoding="utf-8")
    assert "caf\u00e9 drop-in" in review and "cafe\u0301" not in review


# ---------------------------------------------------------------- the review room's state file


def foreign_state_file(db: Path, *, newer: bool) -> Path:
    """A SQLite file at ``db`` that is not this lic-policy's review-room state: another
    program's database (with a 'sessions' table of its own), or a state file of a newer schema."""
    import sqlite3

    from lic_policy.web.state import SCHEMA_VERSION, State

    con = sqlite3.connect(db)
    if not newer:
        con.executescript("CREATE TABLE sessions (x); CREATE TABLE rounds (a, b); INSERT INTO rounds VALUES (1, 2);")
    else:
        State(db).close()
        con.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    return db


@pytest.mark.parametrize("kind", ["another app's database", "a newer schema"])
def test_serve_refuses_a_state_file_that_is_not_its_own_and_leaves_it_untouched(tmp_path, kind):
    """`serve --state other.sqlite` on another program's SQLite database (a typo, a tab
    completion) switched it to WAL, added the room's tables to it and started: the database
    was changed, and the first request failed on its foreign 'sessions' table. A state file
    made by a newer lic-policy was used as if it were of this version."""
    from lic_policy.errors import UsageError
    from lic_policy.web.state import State

    db = foreign_state_file(tmp_path / "other.sqlite", newer=kind != "another app's database")
    before = db.read_bytes()
    with pytest.raises(UsageError) as caught:
        State(db)
    assert "--state" in (caught.value.hint or "") and caught.value.file == str(db)
    assert db.read_bytes() == before and not (tmp_path / "other.sqlite-wal").exists()
    State(tmp_path / "fresh.sqlite").close()  # a new file and an empty one are still made into state files
    (tmp_path / "empty.sqlite").write_bytes(b"")
    State(tmp_path / "empty.sqlite").close()


# ---------------------------------------------------------------- file names and messages sent to a terminal


def test_file_names_and_error_lines_send_no_line_break_or_escape_to_the_terminal(tmp_path):
    """A file named "x\\ny.md" split each finding's location over two lines (a crafted name can
    forge finding lines in a CI log), and an error line quoted a name or a YAML key holding ESC
    as is: on a terminal (click strips escapes only when the output is not one) ESC ] 0;
    retitled the window. Error lines and finding locations now show such characters as symbols."""
    from lic_policy.errors import InputError
    from lic_policy.model.finding import Finding
    from lic_policy.report.text import render

    line = InputError("unknown field '\x1b[2J'", file="a\x1b]0;t\x07\nb.yaml", line=1, column=1,
                      hint="fix \u202eit").one_line()
    assert "\n" not in line and "\x1b" not in line and "\x07" not in line and "\u202e" not in line, repr(line)
    assert line.startswith("a") and "b.yaml:1:1: error: unknown field" in line

    name = tmp_path / "x\ny\x1b[2J.md"
    name.write_text("Outreach met two prostitutes.\n", encoding="utf-8")  # must-flag fixture
    res = run_cli("check", "--no-cache", "--color", "never", str(name))
    finding = [ln for ln in res.stdout.splitlines() if "lang.prostitute" in ln]
    assert len(finding) == 1 and finding[0].startswith(str(tmp_path / "x")), res.stdout

    # on a terminal (a pty), where click passes escapes through
    import pty

    main, sub = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("LIC_POLICY_DEBUG", None)
    p = subprocess.Popen([sys.executable, "-m", "lic_policy", "check", "--no-cache", str(name)], stdout=sub,
                         stderr=sub, env=env)
    os.close(sub)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=TIMEOUT)
    os.close(main)
    text = out.decode("utf-8", "replace")
    assert "lang.prostitute" in text and "\x1b[2J" not in text, repr(text)


# ---------------------------------------------------------------- format versions


@pytest.mark.parametrize("version, words", [
    (2, "format version 2, newer than this lic-policy reads (1)"),
    (0, "format version 0 does not exist"),
    (-1, "format version -1 does not exist"),
])
def test_a_guideline_of_another_format_version_is_named_not_read_as_version_1(tmp_path, version, words):
    """`lic_policy: 2` (a file from a newer lic-policy) and `lic_policy: -1` were read as
    version 1 without a word: a newer format's fields would be judged by the old rules."""
    g = tmp_path / "g.yaml"
    text = DRAFT.read_text(encoding="utf-8")
    assert "lic_policy: 1\n" in text
    g.write_text(text.replace("lic_policy: 1\n", f"lic_policy: {version}\n", 1), encoding="utf-8")
    line = text[:text.index("lic_policy: 1\n")].count("\n") + 1
    res = run_cli("validate", str(g))
    assert res.exit_code == 1, res
    hit = [ln for ln in res.stdout.splitlines() + res.stderr.splitlines() if words in ln]
    assert hit and hit[0].startswith(f"{g}:{line}:13:"), res


# ---------------------------------------------------------------- old Mac line endings (lone CR)


def test_fix_write_keeps_the_lone_cr_line_endings_of_an_old_mac_file(tmp_path):
    """A guideline whose lines end in a lone CR (classic Mac OS, some exports) is read fine, but
    `fix --write` wrote the block scalars it changed — and the line break before them — with
    LF: 42 of 220 line endings changed, a mixed file. Now every line still ends in CR and only
    the fixed words differ."""
    g = tmp_path / "mac.yaml"
    original = DRAFT.read_text(encoding="utf-8").replace("\n", "\r").encode("utf-8")
    g.write_bytes(original)
    res = run_cli("fix", "--write", str(g))
    assert res.exit_code in (0, 1), res
    after = g.read_bytes()
    assert after != original and b"\n" not in after and after.count(b"\r") == original.count(b"\r")
    # the same edit as in the LF file, with every line ending in CR
    lf = tmp_path / "unix.yaml"
    lf.write_bytes(original.replace(b"\r", b"\n"))
    run_cli("fix", "--write", str(lf))
    assert after == lf.read_bytes().replace(b"\n", b"\r")
    assert run_cli("validate", str(g)).exit_code in (0, 1)


def test_review_file_writers_keep_the_lone_cr_line_endings(tmp_path):
    """A review file whose lines end in a lone CR: `review add`, `reply` and `resolve` rewrote
    it with LF (159 line endings changed, the untouched threads' bytes too). Now the file
    keeps its CRs and its untouched part byte for byte."""
    from .conftest import GOOD

    g = tmp_path / "g.yaml"
    g.write_bytes(GOOD.read_bytes())
    review = tmp_path / "g.review.yaml"
    original = GOOD.with_name(GOOD.name[:-5] + ".review.yaml").read_bytes().replace(b"\n", b"\r")
    review.write_bytes(original)
    for args in (["review", "add", str(g), "--field", "purpose", "--quote", "sex workers", "--occurrence", "1",
                  "--body", "note", "--author", "staff-1", "--role", "staff"],
                 ["review", "reply", str(g), "t1", "--body", "reply", "--author", "staff-1", "--role", "staff"],
                 ["review", "resolve", str(g), "t2"]):
        res = run_cli(*args)
        assert res.exit_code == 0, (args, res)
        assert b"\n" not in review.read_bytes(), args
    after = review.read_bytes()
    head = original[:original.index(b"  - id: t1")]
    assert after.startswith(head)  # the top of the file, untouched, byte for byte
    assert run_cli("review", "list", str(g)).exit_code == 0


# ---------------------------------------------------------------- Markdown front matter


def _alias_bomb(levels: int = 7) -> list[str]:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    return lines


@pytest.mark.parametrize("where", ["front matter", "a block further down"])
def test_a_yaml_alias_bomb_in_markdown_is_refused_or_text_not_a_hang(tmp_path, where):
    """pandoc reads YAML metadata blocks in Markdown (at the top, and anywhere after a blank
    line) and expands their aliases: 300 bytes of front matter kept `lic-policy import` busy
    past its 60 s pandoc timeout. Front matter is now read by lic-policy's own YAML reader
    (aliases bounded as in guidelines; title and lang still taken from it) and pandoc reads no
    YAML block: one further down is text."""
    bomb = _alias_bomb()
    if where == "front matter":
        text = "\n".join(["---", *bomb, "title: Harbourview", "---", "", "# Support", "", "Staff offer support.", ""])
    else:
        text = "\n".join(["# Support", "", "Staff offer support.", "", "---", *bomb, "---", "", "More text.", ""])
    src = tmp_path / "notes.md"
    src.write_text(text, encoding="utf-8")
    t0 = time.monotonic()
    res = run_cli("import", str(src), "-o", str(tmp_path / "out.yaml"))
    assert time.monotonic() - t0 < 20, res
    if where == "front matter":
        _one_error_line(res, "alias", where=f"{src}:")
    else:
        assert res.exit_code == 0, res


def test_front_matter_title_and_lang_are_still_read(tmp_path):
    src = tmp_path / "notes.md"
    src.write_text("---\ntitle: Harbourview Outreach Guideline\nlang: fr-CA\n---\n\n## Support\n\nStaff offer "
                   "support first.\n", encoding="utf-8")
    res = run_cli("import", str(src), "-o", str(tmp_path / "out.yaml"))
    assert res.exit_code == 0, res
    out = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "title: Harbourview Outreach Guideline" in out and "fr-CA" in out


@pytest.mark.slow  # waits out a time limit (2-3 s of wall clock); make test-all and CI run it
def test_markdown_pandoc_reads_too_slowly_names_the_file_and_what_to_do(tmp_path, monkeypatch):
    """20,000 unclosed '[' (40 KB) kept pandoc's Markdown reader busy for minutes; the import
    ended after 60 s with "pandoc timed out ... converting markdown-raw_tex to json (the
    document may be too large; try fewer formats)": no file, and advice for `publish`. (The
    time limit is shortened here so the test is quick.) Deeply nested '[' are now refused
    before pandoc runs (test_hostile_round27), and so are 20,000 unclosed '<' (over 20 s in
    pandoc 3; test_hostile_round28): that refusal is turned off here, so that the document
    still reaches pandoc's time limit, which is what this test pins."""
    from lic_policy import importdoc
    from lic_policy.review import packet

    monkeypatch.setattr(importdoc, "MAX_MARKDOWN_SECONDS", float("inf"))
    real = packet.run_pandoc
    monkeypatch.setattr(packet, "run_pandoc", lambda *a, **k: real(*a, **{**k, "timeout": 2}))
    src = tmp_path / "notes.md"
    src.write_text("# Support\n\n" + "<" * 20000 + "x\n", encoding="utf-8")
    res = run_cli("import", str(src), "-o", str(tmp_path / "out.yaml"))
    _one_error_line(res, "did not finish reading", "brackets", where=f"{src}: error: ")
    assert not (tmp_path / "out.yaml").exists()
