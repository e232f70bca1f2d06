"""`lic-policy lsp`, round 13 (ux13): the drafter's editor. Driven as an editor drives it (a
subprocess, pygls's LanguageClient), as in test_lsp.py."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp  # noqa: E402

from .conftest import DRAFT, run_cli  # noqa: E402
from .test_lsp import Editor, run  # noqa: E402



def _r(l1: int, c1: int, l2: int, c2: int) -> lsp.Range:
    return lsp.Range(start=lsp.Position(line=l1, character=c1), end=lsp.Position(line=l2, character=c2))


def _cli(tmp_path, text: str) -> list:
    f = tmp_path / "as-the-editor-has-it.yaml"
    f.write_bytes(text.encode("utf-8"))
    out = json.loads(run_cli("check", "--no-cache", "--format", "json", str(f)).stdout)
    return sorted((x["rule_id"], x["line"], x["column"]) for x in out["findings"]) + \
        sorted(("input", e["line"], e["column"]) for e in out["errors"])


def _got(diags) -> list:
    return sorted((d.code, d.range.start.line + 1, d.range.start.character + 1) for d in diags)


@pytest.mark.parametrize("newline", ["", "\n", "\r\n"])
def test_typing_yaml_invalid_at_the_end_of_a_line_and_back_keeps_the_servers_text_the_editors(tmp_path, newline):
    """Typing `: see` at the end of a line made the YAML invalid (a second `: ` on the line); the
    editor sent the change at the end of the line as a position past its last character (the
    protocol says such a position means the end of the line; vim's and Emacs's clients send one).
    pygls put it one character early on the file's last line, and between CR and LF in a
    Windows file, so the server's copy no longer matched the editor's: once the drafter took
    the words out, the YAML stayed broken (or the finding sat on the wrong word) until the file
    was closed and opened again. The server's text follows the editor's, and its diagnostics
    come back to what `check` says of the editor's text."""
    g = tmp_path / "guide.yaml"
    text = DRAFT.read_text(encoding="utf-8").rstrip("\n").replace("\n", newline or "\n") + newline
    assert text.rstrip("\r\n").endswith("    status: planned")  # the typing below breaks its YAML
    g.write_bytes(text.encode("utf-8"))
    from lic_policy.lsp import split_lines

    lines = split_lines(text)
    last = len(lines) - 1
    end = len(lines[last].rstrip("\r\n"))

    async def scenario(ed: Editor) -> None:
        uri = ed.open(g, text)
        assert _got(await ed.diagnostics(uri, 1)) == _cli(tmp_path, text)
        # typed at the end of the last line, the position given past it
        ed.versions[uri] += 1
        typed = text.rstrip("\r\n") + ": see" + newline
        ed.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=ed.versions[uri]),
            content_changes=[lsp.TextDocumentContentChangePartial(range=_r(last, end + 40, last, end + 40),
                                                                  text=": see")]))
        broken = await ed.diagnostics(uri, ed.versions[uri])
        # the last check's findings stay while the YAML is broken, marked as such (ux14)
        broken = [d for d in broken if not (isinstance(d.data, dict) and d.data.get("stale"))]
        assert [d.code for d in broken] == ["input"], _got(broken)
        assert _got(broken) == _cli(tmp_path, typed)
        # and taken out again: the YAML is valid and the finding is back on its word
        ed.versions[uri] += 1
        ed.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=ed.versions[uri]),
            content_changes=[lsp.TextDocumentContentChangePartial(range=_r(last, end, last, end + 99), text="")]))
        back = await ed.diagnostics(uri, ed.versions[uri])
        assert _got(back) == _cli(tmp_path, text), _got(back)
        assert any(d.code == "lang.client-slang" for d in back)

    run(tmp_path, scenario)  # the process's shared server: the file is this test's own
