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
