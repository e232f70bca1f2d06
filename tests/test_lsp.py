"""`lic-policy lsp` driven as an editor drives it: the server runs as a subprocess and pygls's
LanguageClient speaks JSON-RPC to it over stdio. Nothing here calls the server's functions."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from .conftest import CORPUS, DRAFT, GOOD, run_cli  # noqa: E402

TIMEOUT = 30


class Editor:
    """A minimal LSP client: opens, edits and asks, and collects published diagnostics."""

    def __init__(self, root: Path):
        self.root = root
        self.client = LanguageClient("lic-policy-tests", "1")
        self.published: dict[str, list[lsp.PublishDiagnosticsParams]] = {}
        self.changed = asyncio.Event()
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(ls, params: lsp.PublishDiagnosticsParams) -> None:  # noqa: ARG001 - pygls passes the client as `ls`
            self.published.setdefault(params.uri, []).append(params)
            self.changed.set()

    async def start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "lic_policy", "lsp", cwd=str(self.root))
        await self.client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=self.root.as_uri(), process_id=None))
        self.client.initialized(lsp.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def diagnostics(self, uri: str, version: int | None = None) -> list[lsp.Diagnostic]:
        """The diagnostics published for ``uri`` at ``version`` (the latest when None)."""
        async def wait() -> list[lsp.Diagnostic]:
            while True:
                for p in reversed(self.published.get(uri, [])):
                    if version is None or p.version == version:
                        return p.diagnostics
                self.changed.clear()
                await self.changed.wait()
        return await asyncio.wait_for(wait(), TIMEOUT)

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        self.texts[uri] = text
        self.versions[uri] = 1
        lang = "yaml" if path.suffix in (".yaml", ".yml") else "markdown"
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=lang, version=1, text=text)))
        return uri

    def edit(self, uri: str, edits: list[lsp.TextEdit]) -> int:
        """Apply ``edits`` (as an editor applies a workspace edit) and send them as
        incremental changes. Returns the new version."""
        self.versions[uri] += 1
        changes = []
        for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            self.texts[uri] = apply(self.texts[uri], e)
            changes.append(lsp.TextDocumentContentChangePartial(range=e.range, text=e.new_text))
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=changes))
        return self.versions[uri]


def _offset(text: str, pos: lsp.Position) -> int:
    """LSP position (UTF-16 code units) → index in ``text``."""
    lines = text.split("\n")
    index = sum(len(ln) + 1 for ln in lines[:pos.line])
    line = lines[pos.line] if pos.line < len(lines) else ""
    units = 0
    for i, ch in enumerate(line):
        if units >= pos.character:
            return index + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return index + len(line)


def apply(text: str, edit: lsp.TextEdit) -> str:
    a, b = _offset(text, edit.range.start), _offset(text, edit.range.end)
    return text[:a] + edit.new_text + text[b:]


def run(root: Path, scenario, *, fresh: bool = False) -> None:
    """Run ``scenario(editor)`` against the test process's shared server (started on first
    use, and again if it has exited), as one editor session keeps one server while files
    are opened in it; ``fresh``: against a server of its own, stopped afterwards. Each test
    opens its own files (their URIs are under its own ``tmp_path``), and the server looks the
    configuration up from each file's folder, so tests do not see each other's documents.
    Sharing saves starting eleven servers (about 0.5 s of CPU each: `import lsprotocol`,
    pygls and the rule packs)."""
    if fresh:
        async def alone() -> None:
            editor = Editor(root)
            await editor.start()
            try:
                await scenario(editor)
            finally:
                await editor.stop()
        asyncio.run(alone())
        return

    async def main() -> None:
        global _EDITOR
        editor = _EDITOR
        server = editor.client._server if editor is not None else None
        if server is None or server.returncode is not None:
            editor = Editor(root)
            await editor.start()
            _EDITOR = editor
        await scenario(editor)

    asyncio.run_coroutine_threadsafe(main(), _loop()).result(TIMEOUT * 4)


_EDITOR: "Editor | None" = None
_LOOP: "asyncio.AbstractEventLoop | None" = None


def _loop() -> asyncio.AbstractEventLoop:
    """The event loop the shared server's client lives in, run by a thread of its own (each
    test's scenario is handed to it); the server is shut down when the test process exits."""
    global _LOOP
    if _LOOP is None:
        import atexit
        import threading

        _LOOP = asyncio.new_event_loop()
        threading.Thread(target=_LOOP.run_forever, name="lsp-test-client", daemon=True).start()
        atexit.register(_stop_shared)
    return _LOOP


def _stop_shared() -> None:
    if _EDITOR is not None and _LOOP is not None:
        try:
            asyncio.run_coroutine_threadsafe(_EDITOR.stop(), _LOOP).result(10)
        except Exception:  # noqa: BLE001 - the server already gone: nothing to stop
            pass


def _cli_findings(path: Path) -> list[dict]:
    return json.loads(run_cli("check", "--no-cache", "--format", "json", str(path)).stdout)["findings"]


def _utf16_col(line: str, col: int) -> int:
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in line[:col - 1])


# ---------------------------------------------------------------- diagnostics


def test_diagnostics_on_open_are_checks_findings_at_their_exact_ranges(tmp_path):
    draft = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, draft)
    expected = _cli_findings(draft)
    lines = draft.read_text(encoding="utf-8").split("\n")

    async def scenario(ed: Editor) -> None:
        diags = await ed.diagnostics(ed.open(draft), 1)
        got = sorted((d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.line,
                      d.range.end.character, d.message) for d in diags)
        sev = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
               "info": lsp.DiagnosticSeverity.Information}
        want = sorted((f["rule_id"], sev[f["severity"]], f["line"] - 1, _utf16_col(lines[f["line"] - 1], f["column"]),
                       f["end_line"] - 1, _utf16_col(lines[f["end_line"] - 1], f["end_column"]), f["message"])
                      for f in expected)
        assert got == want
        assert {d.source for d in diags} == {"lic-policy"}
        slang = next(d for d in diags if d.code == "lang.client-slang")
        assert slang.code_description and slang.code_description.href.startswith("https://")

    run(tmp_path, scenario)


def test_validation_problems_and_unreadable_text_are_diagnostics(tmp_path):
    bad = tmp_path / "typo.yaml"
    shutil.copy(CORPUS / "bad" / "unknown-field.yaml", bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("lic_policy: 1\nmetadata: [unclosed\npurpose: x\n", encoding="utf-8")

    async def scenario(ed: Editor) -> None:
        diags = await ed.diagnostics(ed.open(bad), 1)
        titel = [d for d in diags if d.code == "validation.unknown-field"]
        assert titel and titel[0].range == lsp.Range(start=lsp.Position(line=4, character=2),
                                                     end=lsp.Position(line=4, character=7))
        assert titel[0].severity == lsp.DiagnosticSeverity.Error
        diags = await ed.diagnostics(ed.open(broken), 1)
        assert len(diags) == 1 and diags[0].code == "input" and diags[0].severity == lsp.DiagnosticSeverity.Error
        assert diags[0].range.start.line >= 1

    run(tmp_path, scenario)


def test_typing_updates_the_diagnostics_and_a_burst_is_checked_once_it_pauses(tmp_path):
    good = tmp_path / "city.yaml"
    shutil.copy(GOOD, good)
    text = good.read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(text.split("\n")) if ln.startswith("purpose:"))

    async def scenario(ed: Editor) -> None:
        uri = ed.open(good)
        assert list(await ed.diagnostics(uri, 1)) == []
        # type a stigmatizing word at the start of the purpose, one character at a time (must-flag text)
        col = len("purpose: ")
        if text.split("\n")[line].rstrip() in ("purpose: |", "purpose: >"):
            line_no, col = line + 1, len(text.split("\n")[line + 1]) - len(text.split("\n")[line + 1].lstrip())
        else:
            line_no = line
        version = 1
        # sent together, nothing awaited between them; the server reads them one by one, and
        # those read right after a check are one burst (a slow check on a loaded machine made
        # each look like the first after a pause: tests/test_lsp_debounce.py)
        for i, ch in enumerate("Prostitutes "):
            pos = lsp.Position(line=line_no, character=col + i)
            version = ed.edit(uri, [lsp.TextEdit(range=lsp.Range(start=pos, end=pos), new_text=ch)])
        diags = await ed.diagnostics(uri, version)
        assert [d.code for d in diags] == ["lang.prostitute"]
        assert diags[0].range.start == lsp.Position(line=line_no, character=col)
        versions = [p.version for p in ed.published[uri]]
        assert len(versions) < 6, versions  # 12 keystrokes, a few checks
        # delete it again
        start, end = lsp.Position(line=line_no, character=col), lsp.Position(line=line_no, character=col + 12)
        version = ed.edit(uri, [lsp.TextEdit(range=lsp.Range(start=start, end=end), new_text="")])
        assert list(await ed.diagnostics(uri, version)) == []

    run(tmp_path, scenario)


def test_ranges_are_in_utf16_code_units(tmp_path):
    notes = tmp_path / "notes.md"
    # must-flag fixture: a stigmatizing term after characters outside the Basic Multilingual Plane
    notes.write_text("🌈🌈 We met two prostitutes.\n", encoding="utf-8")

    async def scenario(ed: Editor) -> None:
        diags = await ed.diagnostics(ed.open(notes), 1)
        d = next(d for d in diags if d.code == "lang.prostitute")
        # two characters of two UTF-16 units each: 16 units in (14 code points), 11 more to the end
        assert (d.range.start.character, d.range.end.character) == (16, 27)

    run(tmp_path, scenario)


def test_yaml_that_is_not_a_guideline_gets_no_diagnostics(tmp_path):
    wf = tmp_path / ".github" / "workflows" / "ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n", encoding="utf-8")
    compose = tmp_path / "site.yaml"
    compose.write_text("site_name: Guidelines\ntheme: material\n", encoding="utf-8")

    async def scenario(ed: Editor) -> None:
        assert list(await ed.diagnostics(ed.open(wf), 1)) == []
        assert list(await ed.diagnostics(ed.open(compose), 1)) == []

    run(tmp_path, scenario)


# ---------------------------------------------------------------- quick fixes


async def _actions(ed: Editor, uri: str, d: lsp.Diagnostic) -> list[lsp.CodeAction]:
    result = await ed.client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=d.range,
        context=lsp.CodeActionContext(diagnostics=[d])))
    return [a for a in result or [] if isinstance(a, lsp.CodeAction)]


@pytest.mark.slow
def test_safe_fix_quick_fix_changes_only_the_words_and_fix_all_equals_lic_policy_fix(tmp_path):
    draft = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, draft)
    original = draft.read_text(encoding="utf-8")
    written = tmp_path / "written.yaml"
    shutil.copy(DRAFT, written)
    run_cli("fix", "--write", str(written))

    async def scenario(ed: Editor) -> None:
        uri = ed.open(draft)
        diags = await ed.diagnostics(uri, 1)
        line = next(i for i, ln in enumerate(original.split("\n")) if "arrests of johns" in ln)
        fixable = next(d for d in diags if d.code == "lang.client-slang" and d.range.start.line == line)
        actions = await _actions(ed, uri, fixable)
        fix = next(a for a in actions if a.title.startswith("Replace 'johns' with 'clients'"))
        assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
        (edit,) = fix.edit.changes[uri]
        version = ed.edit(uri, [edit])
        new = ed.texts[uri]
        assert new == original.replace("arrests of johns and pimps", "arrests of clients and pimps", 1)
        after = await ed.diagnostics(uri, version)
        assert not [d for d in after if d.code == "lang.client-slang" and d.range.start.line == fixable.range.start.line]
        fix_all = next(a for a in await _actions(ed, uri, after[0]) if a.kind == lsp.CodeActionKind.SourceFixAll)
        version = ed.edit(uri, fix_all.edit.changes[uri])
        assert ed.texts[uri] == written.read_text(encoding="utf-8")  # what `lic-policy fix --write` writes

    run(tmp_path, scenario)


@pytest.mark.slow
def test_suppression_quick_fix_adds_a_reason_and_suppresses_in_yaml_block_text_and_markdown(tmp_path):
    guide = tmp_path / "g.yaml"
    text = GOOD.read_text(encoding="utf-8")
    # must-flag fixture: a stigmatizing word inside a block scalar of the good sample
    marker = next(ln for ln in text.split("\n") if ln.startswith("purpose:"))
    assert marker.rstrip().endswith(("|", ">")), marker
    lines = text.split("\n")
    i = lines.index(marker)
    lines[i + 1] = lines[i + 1] + " The 2009 motion spoke of prostitutes."
    guide.write_text("\n".join(lines), encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nThe 2009 motion spoke of prostitutes.\n", encoding="utf-8")  # must-flag fixture

    async def scenario(ed: Editor) -> None:
        for path, comment in ((guide, "  # lic-policy: ignore[lang.prostitute] quoted verbatim from a source"),
                              (notes, " <!-- lic-policy: ignore[lang.prostitute] quoted verbatim from a source -->")):
            uri = ed.open(path)
            d = next(d for d in await ed.diagnostics(uri, 1) if d.code == "lang.prostitute")
            actions = await _actions(ed, uri, d)
            titles = [a.title for a in actions]
            assert "Suppress lang.prostitute here: quoted verbatim from a source" in titles, titles
            act = next(a for a in actions if a.title == "Suppress lang.prostitute here: quoted verbatim from a source")
            version = ed.edit(uri, act.edit.changes[uri])
            new_lines = ed.texts[uri].split("\n")
            if path is guide:
                assert new_lines[i] == marker + comment  # on the key line: covers the block scalar
            else:
                assert new_lines[2].endswith(comment)
            after = await ed.diagnostics(uri, version)
            assert list(after) == [], [x.message for x in after]

    run(tmp_path, scenario)


# ---------------------------------------------------------------- hover and completion


def test_hover_shows_rationale_suggestions_and_sources(tmp_path):
    draft = tmp_path / "draft.yaml"
    shutil.copy(DRAFT, draft)

    async def scenario(ed: Editor) -> None:
        uri = ed.open(draft)
        d = next(d for d in await ed.diagnostics(uri, 1) if d.code == "lang.client-slang")
        hover = await ed.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=d.range.start))
        md = hover.contents.value
        assert hover.contents.kind == lsp.MarkupKind.Markdown
        assert "**lang.client-slang** (warning)" in md and "**Fix:** 'johns' → 'clients'" in md
        assert "**Sources:**" in md and "](https://" in md
        assert len(md.split("\n\n")[1]) > 40  # the rationale
        nothing = await ed.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=0)))
        assert nothing is None

    run(tmp_path, scenario)


def test_completion_of_field_names_and_enum_values_from_the_schema(tmp_path):
    new = tmp_path / "new.yaml"
    text = ("lic_policy: 1\nmetadata:\n  id: test\n  status: \n  jurisdiction:\n    kind: \n    \n"
            "sections:\n  - id: s\n    clauses:\n      - id: s.1\n        \n")
    new.write_text(text, encoding="utf-8")

    async def complete(ed: Editor, uri: str, line: int, character: int) -> dict[str, lsp.CompletionItem]:
        result = await ed.client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line, character=character)))
        items = result.items if isinstance(result, lsp.CompletionList) else result
        return {i.label: i for i in items}

    async def scenario(ed: Editor) -> None:
        uri = ed.open(new)
        await ed.diagnostics(uri, 1)
        status = await complete(ed, uri, 3, len("  status: "))
        assert set(status) == {"draft", "in-review", "approved", "published", "retired"}
        kind = await complete(ed, uri, 5, len("    kind: "))
        assert {"municipality", "police-service", "health-authority"} <= set(kind)
        jurisdiction_keys = await complete(ed, uri, 6, 4)
        assert "name" in jurisdiction_keys and "kind" not in jurisdiction_keys  # kind is already there
        metadata_keys = await complete(ed, uri, 3, 2)
        assert {"title", "version", "owners", "languages"} <= set(metadata_keys) and "id" not in metadata_keys
        assert metadata_keys["title"].detail.startswith("required")
        clause_keys = await complete(ed, uri, 11, 8)
        assert {"text", "kind", "audience"} <= set(clause_keys)
        top = await complete(ed, uri, 7, 0)
        assert {"purpose", "scope", "consultation", "services"} <= set(top)

    run(tmp_path, scenario)


def test_other_commands_do_not_import_pygls():
    code = ("import sys; from lic_policy.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "print(any(m.split('.')[0] in ('pygls', 'lsprotocol') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")


# ---------------------------------------------------------------- hostile editors (hostile3)


@pytest.mark.slow  # 0.60 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_hostile_text_and_uris_get_diagnostics_or_nothing_never_a_server_error(tmp_path):
    """hostile3: a lone surrogate in the editor's text (JSON allows "\\ud800") made the server
    show 'Error in server: UnicodeEncodeError'; a file URI with %00 'ValueError: embedded null
    byte'; completion in a document the editor never opened answered with a traceback."""
    async def scenario(ed: Editor) -> None:
        shown: list[str] = []

        @ed.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def on_message(ls, params: lsp.ShowMessageParams) -> None:  # noqa: ARG001
            shown.append(params.message)

        @ed.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def on_log(ls, params: lsp.LogMessageParams) -> None:  # noqa: ARG001
            if params.type == lsp.MessageType.Error:
                shown.append(params.message)

        text = "lic_policy: 1\npurpose: Staff \ud83d offer support.\n"
        diags = await ed.diagnostics(ed.open(tmp_path / "s.yaml", text), 1)
        assert len(diags) == 1 and diags[0].code == "input", diags
        assert "surrogate" in diags[0].message and diags[0].range.start == lsp.Position(line=1, character=15)
        diags = await ed.diagnostics(ed.open(tmp_path / "s.md", "Outreach met two \ud800 prostitutes.\n"), 1)
        assert [d.code for d in diags] == ["input"]
        ed.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
            uri=(tmp_path / "n.md").as_uri().replace("n.md", "n%00.md"), language_id="markdown", version=1,
            text="Outreach met two prostitutes.\n")))  # must-flag fixture
        got = await asyncio.wait_for(ed.client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=(tmp_path / "never-opened.yaml").as_uri()),
            position=lsp.Position(line=0, character=0))), TIMEOUT)
        assert got is not None and list(got.items) == []
        # a last document, checked after the others: the server still answers
        await ed.diagnostics(ed.open(tmp_path / "last.md", "Outreach met two prostitutes.\n"), 1)
        assert shown == []

    run(tmp_path, scenario, fresh=True)  # its message handlers are its own


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_message_claiming_a_huge_size_ends_the_server_with_one_line(tmp_path):
    """hostile3: 'Content-Length: 99999999999' made pygls allocate the claimed size: the server
    died with 'internal error: MemoryError' (exit 3); a smaller lie would take that memory."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "LIC_POLICY_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                       "params": {"processId": None, "rootUri": None, "capabilities": {}}}).encode()
    junk = b"X-Junk: " + b"a" * 100_000 + b"\r\n"  # a header line longer than any read
    out, err = proc.communicate(b"Content-Length: %d\r\n\r\n" % len(body) + body + junk
                                + b"Content-Length: 99999999999\r\n\r\n{", timeout=TIMEOUT)
    assert b'"id": 1' in out and b"capabilities" in out  # answered before the bad message
    assert proc.returncode == 2, err
    last = err.decode().strip().splitlines()[-1]
    assert last.startswith("error: the editor sent a message of 99,999,999,999 bytes, over the limit"), err
    assert b"internal error" not in err


@pytest.mark.slow  # 0.26 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_request_with_params_that_do_not_fit_gets_an_invalid_params_response(tmp_path):
    """hostile3 (left for the lead): a request whose params do not fit its method (hover with no
    text document) got no response at all — the editor waits forever — and a pop-up 'Error in
    server: Invalid Params'. JSON-RPC asks for an error response with the request's id."""
    import json as _json
    import os
    import select
    import subprocess
    import time

    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(tmp_path))

    def send(obj) -> None:
        body = _json.dumps(obj).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def read_until(pred, seconds: float = TIMEOUT) -> list[dict]:
        buf, msgs, end = b"", [], time.time() + seconds
        while time.time() < end and not any(pred(m) for m in msgs):
            if select.select([proc.stdout.fileno()], [], [], 0.2)[0]:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                buf += chunk
                while b"\r\n\r\n" in buf:
                    head, rest = buf.split(b"\r\n\r\n", 1)
                    n = int(next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length"))
                            .split(b":")[1])
                    if len(rest) < n:
                        break
                    msgs.append(_json.loads(rest[:n]))
                    buf = rest[n:]
        return msgs

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"capabilities": {}, "processId": None, "rootUri": None}})
        read_until(lambda m: m.get("id") == 1)
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"bogus": 1}})
        send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {"textDocument": 5}})
        msgs = read_until(lambda m: m.get("id") == 3)
        answers = {m["id"]: m for m in msgs if "id" in m}
        for i in (2, 3):
            assert i in answers and answers[i]["error"]["code"] == -32602, msgs
        assert not [m for m in msgs if m.get("method") == "window/showMessage"], msgs
        # and the server still answers a good request
        send({"jsonrpc": "2.0", "id": 4, "method": "shutdown", "params": None})
        assert any(m.get("id") == 4 and "error" not in m for m in read_until(lambda m: m.get("id") == 4))
    finally:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------- ux10: an editor's paths


def test_fix_all_asked_for_by_kind_is_offered_for_one_safe_fix_and_only_is_honoured(tmp_path):
    """ux10: an editor that fixes on save asks for `source.fixAll` over the whole file
    (VS Code's `editor.codeActionsOnSave`); with one safe fix in the file the server offered
    no fix-all (only the quick fix of the finding under the range) and answered a request
    for `source.fixAll` only with quick fixes and suppressions too."""
    notes = tmp_path / "notes.md"
    text = "Outreach staff met prostitutes near the park.\n"  # must-flag fixture
    written = tmp_path / "written.md"
    written.write_text(text, encoding="utf-8")
    run_cli("fix", "--write", str(written))

    async def scenario(ed: Editor) -> None:
        uri = ed.open(notes, text)
        await ed.diagnostics(uri, 1)
        whole = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=1, character=0))

        async def ask(only):
            result = await ed.client.text_document_code_action_async(lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), range=whole,
                context=lsp.CodeActionContext(diagnostics=[], only=only)))
            return [a for a in result or [] if isinstance(a, lsp.CodeAction)]

        (fix_all,) = await ask([lsp.CodeActionKind.SourceFixAll])
        assert fix_all.kind == lsp.CodeActionKind.SourceFixAll
        assert fix_all.title == "Apply the 1 safe fix in this file (lic-policy fix)"
        ed.edit(uri, fix_all.edit.changes[uri])
        assert ed.texts[uri] == written.read_text(encoding="utf-8")
        ed.open(notes, text)  # as it was
        quick = await ask([lsp.CodeActionKind.QuickFix])
        assert quick and {a.kind for a in quick} == {lsp.CodeActionKind.QuickFix}
        assert any(a.kind == lsp.CodeActionKind.SourceFixAll for a in await ask([lsp.CodeActionKind.Source]))

    run(tmp_path, scenario)


def test_a_text_over_the_size_limit_gets_one_error_as_check_refuses_the_file(tmp_path):
    """ux10: the CLI refuses a file over max_file_size with one line; the editor checked the
    same text anyway (a 5 MB file kept the server busy for seconds after each pause in the
    typing) or, past the limit, showed nothing at all, as if the text were clean."""
    (tmp_path / ".lic-policy.yaml").write_text("max_file_size: 1000\n", encoding="utf-8")
    big = tmp_path / "big.md"
    text = "Outreach staff met prostitutes near the park.\n" * 40  # must-flag fixture, 1,840 bytes
    big.write_text(text, encoding="utf-8")
    cli = run_cli("check", "--config", str(tmp_path / ".lic-policy.yaml"), str(big))
    assert cli.exit_code == 2 and "over the 1,000-byte limit" in cli.stdout + cli.stderr

    async def scenario(ed: Editor) -> None:
        diags = await ed.diagnostics(ed.open(big, text), 1)
        assert len(diags) == 1, diags
        (d,) = diags
        assert d.severity == lsp.DiagnosticSeverity.Error and d.code == "input"
        assert "1,840 bytes, over the 1,000-byte limit" in d.message
        assert "max_file_size" in d.message and "--max-size" not in d.message  # no command line in an editor
        assert d.range.start == lsp.Position(line=0, character=0)

    run(tmp_path, scenario)


@pytest.mark.slow  # 0.27 s of CPU in all (bench/pytest_cpu.py, 2026-12-03); make test-all and CI run it
def test_a_message_that_is_not_utf8_is_one_line_in_the_log_not_a_traceback(tmp_path):
    """ux10: a body that is not UTF-8 was answered with a Parse error, but the server's
    standard error (the editor's LSP log) also got pygls's 15-line traceback."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "LIC_POLICY_DEBUG"}
    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)

    def message(obj: dict, raw: bytes | None = None) -> bytes:
        body = raw if raw is not None else json.dumps(obj).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    bad = (b'{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": '
           b'"file:///x.md", "languageId": "markdown", "version": 1, "text": "caf\xe9"}}}')
    out, err = proc.communicate(
        message({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                 "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        + message({}, bad) + message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        + message({"jsonrpc": "2.0", "method": "exit"}), timeout=TIMEOUT)
    assert b'"code": -32700' in out and b'"id": 2' in out  # answered, and still serving
    assert b"Traceback" not in err, err.decode()
    assert [ln for ln in err.decode().splitlines() if "not JSON" in ln or "utf-8" in ln] != []


def test_the_configuration_and_a_local_pack_open_in_the_editor_show_their_own_mistakes_in_place(tmp_path):
    """ux10: editing .lic-policy.yaml (or the team's own pack) in the editor showed nothing in
    that file — a mistake appeared only on the first line of the other open files; now the
    configuration's text is read as it is typed and its mistake is at its line and column, and
    a saved pack's mistake is at its place in the pack."""
    from .test_newcomer_paths7 import PACK

    (tmp_path / "policy").mkdir()
    pack = tmp_path / "policy" / "local-rules.yaml"
    pack.write_text(PACK, encoding="utf-8")
    config = tmp_path / ".lic-policy.yaml"
    good = "fail_on: warning\npacks: [policy/local-rules.yaml]\n"
    config.write_text(good, encoding="utf-8")

    async def scenario(ed: Editor) -> None:
        uri = ed.open(config, good.replace("fail_on:", "fail_onn:"))
        (d,) = await ed.diagnostics(uri, 1)
        assert d.range.start == lsp.Position(line=0, character=0)
        assert d.message == "unknown configuration key 'fail_onn' (did you mean 'fail_on'?)"
        version = ed.edit(uri, [lsp.TextEdit(range=lsp.Range(start=lsp.Position(line=0, character=7),
                                                            end=lsp.Position(line=0, character=8)), new_text="")])
        assert list(await ed.diagnostics(uri, version)) == []
        pack.write_text(PACK.replace("rationale:", "rationalle:"), encoding="utf-8")
        (d,) = await ed.diagnostics(ed.open(pack), 1)
        assert (d.range.start.line, d.range.start.character) == (10, 4)
        assert d.message.startswith("rule local.loitering: unknown key 'rationalle' (did you mean 'rationale'?)")
        pack.write_text(PACK, encoding="utf-8")  # fixed and saved: opened again, nothing to show
        ed.published.pop(pack.as_uri(), None)
        assert list(await ed.diagnostics(ed.open(pack), 1)) == []

    run(tmp_path, scenario)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_started_by_hand_in_a_terminal_it_says_what_it_is_and_ctrl_c_ends_it_cleanly(tmp_path):
    """ux10: `lic-policy lsp` typed in a terminal (to see whether it works) printed nothing and
    waited; Ctrl+C then printed "aborted" and "Fatal Python error: _enter_buffered_busy: could
    not acquire lock for <_io.BufferedReader name='<stdin>'>" and the process died of SIGABRT."""
    import os
    import pty
    import signal
    import time

    main, sub = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "lic_policy", "lsp"], stdin=sub, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path)
    try:
        os.close(sub)
        os.set_blocking(proc.stderr.fileno(), False)
        said = b""
        deadline = time.time() + TIMEOUT
        while b"\n" not in said and time.time() < deadline and proc.poll() is None:
            said += proc.stderr.read() or b""
            time.sleep(0.05)
        first = said.decode().splitlines()[0]
        assert first.startswith("lic-policy lsp: a language server for editors") and "Ctrl+C" in first, said
        proc.send_signal(signal.SIGINT)
        proc.wait(TIMEOUT)
        os.set_blocking(proc.stderr.fileno(), True)
        rest = (said + proc.stderr.read()).decode()
        assert proc.returncode == 130, (proc.returncode, rest)
        assert "Fatal Python error" not in rest and "Traceback" not in rest, rest
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(main)


def test_completion_on_the_empty_last_line_of_a_file_offers_the_top_level_fields(tmp_path):
    """ux10: in a file that ends with a line break (as editors save it), the cursor on the empty
    last line — where a drafter types the next top-level field — got no completion at all, or
    after an indented blank line the fields of the mapping above; the position was clamped to
    the end of the line before."""
    async def complete(ed: Editor, uri: str, line: int, character: int) -> set[str]:
        result = await ed.client.text_document_completion_async(lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line, character=character)))
        items = result.items if isinstance(result, lsp.CompletionList) else result
        return {i.label for i in items}

    async def scenario(ed: Editor) -> None:
        for name, text in (("a.yaml", "lic_policy: 1\nmetadata:\n  id: x\n"),
                           ("b.yaml", "lic_policy: 1\nmetadata:\n  id: x\n  \n"),
                           ("c.yaml", "lic_policy: 1\r\nmetadata:\r\n  id: x\r\n")):
            uri = ed.open(tmp_path / name, text)
            await ed.diagnostics(uri, 1)
            last = len(text.replace("\r\n", "\n").split("\n")) - 1
            got = await complete(ed, uri, last, 0)
            assert {"purpose", "scope", "sections"} <= got and "metadata" not in got and "title" not in got, (name, got)

    run(tmp_path, scenario)
