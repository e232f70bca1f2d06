"""The language server's debounce, in process, with a check made slow on purpose: what
tests/test_lsp.py's burst test met on a loaded machine, made certain. (tests/test_lsp.py drives
the server as an editor does and calls none of its functions; this calls ``schedule`` itself.)"""

from __future__ import annotations

import asyncio
import time

import pytest

pytest.importorskip("pygls")

from lic_policy import lsp  # noqa: E402

SLOW_CHECK = lsp.BURST + 0.1  # a check on a machine whose cores are all busy


def test_keystrokes_that_waited_behind_a_slow_check_are_one_burst(monkeypatch):
    """A check that took longer than ``BURST`` (a machine under load: the server's loop did
    nothing else meanwhile) made the keystroke read after it look like the first after a pause:
    checked at once, and so was the next one, each behind the previous check: 12 keystrokes, 12
    checks, the server ever further behind the typing (tests/test_lsp.py's burst test asks for
    fewer than 6). Keystrokes read right after a check are now part of a burst."""
    from lsprotocol import types
    from pygls.workspace import Workspace

    server = lsp.LicPolicyServer()
    server.protocol._workspace = Workspace(None)
    uri = "file:///tmp/city.yaml"
    server.workspace.put_text_document(types.TextDocumentItem(uri=uri, language_id="yaml", version=1,
                                                              text="purpose: x\n"))
    checks: list[float] = []

    def slow_check(doc):
        checks.append(time.monotonic())
        time.sleep(SLOW_CHECK)
        return [], None

    monkeypatch.setattr(server, "findings_for", slow_check)
    monkeypatch.setattr(server, "text_document_publish_diagnostics", lambda params: None)

    async def typing() -> None:
        server.publish(uri)  # the check on open
        for _ in range(12):  # sent together by the editor; the server reads each in three turns of its
            server.schedule(uri)  # loop (two header lines, the body: each read by a thread of its own)
            for _ in range(3):
                await asyncio.sleep(0)
        while server.docs[uri].timer is not None:
            await asyncio.sleep(0.01)

    asyncio.run(typing())
    assert len(checks) <= 3, f"{len(checks)} checks for the open and 12 keystrokes"
