"""`lic-policy lsp`: a Language Server Protocol server over stdio (pygls).

It runs the same library calls as `lic-policy check` — ``checks.runner.check_file`` on the
editor's text (findings of every reviewer plus a guideline's validation problems, with the
project's configuration) — and turns them into:

* **diagnostics** for guideline YAML, Markdown and text as the user types: the finding's
  exact range, severity, rule id (``code``, linked to its first source), ``source``
  ``lic-policy``; a file that cannot be parsed gets one diagnostic where the parser stopped.
  A change after a pause is checked at once; a burst of typing is checked once it pauses
  for ``DEBOUNCE`` seconds. YAML that is not a guideline (workflows, configuration) gets none;
* **quick fixes**: each safe fix (through the store, as ``lic-policy fix`` makes it: only that
  field's characters change), all safe fixes of the file, and a suppression comment with a
  reason (on the line, or on the key line of a field written over several lines);
* **hover** on a finding: message, rationale, what to write instead, the fix and its sources;
* **completion** of field names and enum values from the shipped JSON Schema
  (``schemas/guideline.schema.json``), for the place the cursor is in the YAML.

pygls is imported only here, so other commands do not pay for it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, Optional, Sequence, Union, cast

Path_ = tuple[Union[str, int], ...]
Schema = dict[str, Any]

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from . import __version__
from .model.finding import Finding

DEBOUNCE = 0.075  # seconds of quiet before a burst of changes is checked
BURST = 0.3  # a change within this long of the previous one is part of a burst
SOURCE = "lic-policy"
SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
CHECKED_SUFFIXES = (".yaml", ".yml", ".md", ".markdown", ".txt")
# common, legitimate reasons offered with the "suppress" quick fix (the comment stays editable)
REASONS = (
    "quoted verbatim from a source",
    "the community's own name for itself",
    "the name of a law, body or organization",
)


@dataclass
class DocState:
    version: Optional[int] = None
    findings: list[Finding] = field(default_factory=list)
    last_change: float = 0.0
    timer: Any = None
    # the text and findings of the last check that could read the text, kept (moved with the
    # typing) while the text cannot be read; ``stale`` is what is shown of them now
    good_text: Optional[str] = None
    good_findings: list[Finding] = field(default_factory=list)
    stale: list[Finding] = field(default_factory=list)


logger = logging.getLogger(__name__)

_ANSWERED = object()

NULL_ID: Any = None
"""The id of an error response to a message whose id could not be read (JSON-RPC: null)."""
"""What the protocol hands on for a request it has already answered with an error."""


def _protocol_class() -> Any:
    from urllib.parse import unquote

    from lsprotocol.types import ResponseError
    from pygls.exceptions import JsonRpcException
    from pygls.protocol import LanguageServerProtocol
    from pygls.protocol.language_server import lsp_method

    class Protocol(LanguageServerProtocol):
        """pygls's protocol, except that a request whose params do not fit its method (hover
        with no text document) is answered with the JSON-RPC error InvalidParams (-32602), as
        the specification asks. pygls only showed "Error in server: Invalid Params" and never
        answered, so the editor waited for the reply forever. Messages before ``initialize``
        are refused (``handle_message``)."""

        _begun = False  # an initialize request has come
        _exited = False  # an exit notification has come

        def structure_message(self, data: Any) -> Any:
            # (pygls reads each JSON object inside a message through here first: only a message
            # names "jsonrpc")
            if isinstance(data, dict) and "jsonrpc" in data and "method" in data and (
                    data["jsonrpc"] != "2.0" or not isinstance(data["method"], str)):
                # {"jsonrpc": "1.0", …} was never answered ('Unknown message' in the log: the
                # editor waited for its hover for good); a method that is null or a number was
                # answered 'Internal Error'
                why = ("a method is a string" if isinstance(data.get("method"), str) is False
                       else "lic-policy speaks JSON-RPC 2.0 (\"jsonrpc\": \"2.0\")")
                request_id = data.get("id")
                if "id" in data and (request_id is None or isinstance(request_id, (str, int))) \
                        and not isinstance(request_id, bool):
                    self._send_response(request_id if request_id is not None else NULL_ID, None,
                                        ResponseError(code=-32600, message=f"Invalid Request: {why}"))
                else:
                    logger.warning("ignoring a notification that is not JSON-RPC 2.0: %s", why)
                return _ANSWERED
            try:
                return super().structure_message(data)
            except JsonRpcException as exc:
                if isinstance(data, dict) and "id" in data and "method" in data:
                    self._send_response(data["id"], None, exc.to_response_error())
                    return _ANSWERED
                if isinstance(data, dict) and "method" in data:  # a notification: never answered
                    logger.warning("ignoring a %r notification whose params do not fit: %s", data["method"], exc)
                    return _ANSWERED
                if isinstance(data, dict) and "id" not in data:  # {"jsonrpc": "2.0"}: neither kind
                    self._send_response(NULL_ID, None, ResponseError(
                        code=-32600, message="Invalid Request: a message has a method or an id"))
                    return _ANSWERED
                raise

        def handle_message(self, message: Any) -> None:
            if message is _ANSWERED:
                return
            if not hasattr(message, "jsonrpc"):  # [1, 2] (a batch), null, 42, {}: not a message
                request_id = message.get("id") if isinstance(message, dict) else None
                if isinstance(request_id, bool) or not isinstance(request_id, (str, int)):
                    request_id = NULL_ID  # the request's own id where it has one (its editor waits for it)
                self._send_response(request_id, None, ResponseError(code=-32600, message="Invalid Request: a message "
                                                                 "is a JSON object with jsonrpc, method or id"))
                return
            if isinstance(getattr(message, "id", None), (dict, list)):
                # an id JSON-RPC does not allow (a string, a number or null): pygls failed
                # storing it ('unhashable type') and never answered
                self._send_response(NULL_ID, None, ResponseError(code=-32600, message="Invalid Request: an id is a "
                                                              "string or a number"))
                return
            params = getattr(message, "params", None)
            method = getattr(message, "method", None)
            if method == "$/cancelRequest" and isinstance(getattr(params, "id", None), (dict, list)):
                return  # a cancellation of a request no id can name: nothing to cancel
            if not self._begun and method is not None and method not in ("initialize", "exit"):
                # before `initialize` (a client that opens documents first): a request is
                # refused with ServerNotInitialized and a notification dropped, as the
                # specification asks (a didOpen popped up 'Error in server: RuntimeError: The
                # workspace is not available', a hover was answered)
                if getattr(message, "id", None) is not None:
                    self._send_response(message.id, None, ResponseError(
                        code=-32002, message="Server not initialized: send initialize first"))
                else:
                    logger.warning("ignoring %r, sent before initialize", method)
                return
            if self._shutdown and method != "exit":
                # after `shutdown` only `exit` is accepted: a request is answered InvalidRequest,
                # as the specification asks (pygls dropped it, and its client waited for ever)
                if getattr(message, "id", None) is not None and method is not None:
                    self._send_response(message.id, None, ResponseError(
                        code=-32600, message="Invalid Request: the server is shutting down (send exit)"))
                return
            if method == "initialize":
                self._begun = True
            elif method == "exit":
                self._exited = True
            super().handle_message(message)

        @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
        def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> Any:
            """A change to a document the editor never opened (or closed) has no text to apply
            to: it is left out (pygls showed 'Error in server: KeyError')."""
            if unquote(params.text_document.uri) not in self.workspace.text_documents:
                logger.warning("ignoring a change to %s, which is not open", params.text_document.uri)
                return
            yield from super().lsp_text_document__did_change(params)

    return Protocol


class LicPolicyServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("lic-policy", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
                         protocol_cls=_protocol_class())
        self.docs: dict[str, DocState] = {}
        self.checked_at = 0.0  # when the last check ended (``schedule``)
        self._rulesets: dict[Any, Any] = {}
        self._configs: dict[Any, Any] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A body that is not JSON, or JSON nested deeper than Python's parser reads (100,000
        brackets: RecursionError), is answered with JSON-RPC's Parse error (-32700, id null), as
        the specification asks, not with an 'Error in server' pop-up."""
        if _unreadable(error):
            from lsprotocol.types import ResponseError

            why = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            if isinstance(error, RecursionError):
                logger.warning("a message nested too deeply to read")
            elif not isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)):
                why = "a number of more than 4,300 digits"
                logger.warning("a message holding %s", why)
            else:
                logger.warning("a message that is not JSON: %s", error)
            self.protocol._send_response(NULL_ID, None, ResponseError(code=-32700, message=f"Parse error: {why}"))
            return
        super().report_server_error(error, source)

    # ------------------------------------------------------------ checking

    def ruleset_for(self, path: str) -> Any:
        """The rule set of the configuration that applies to ``path`` (found upwards from
        its folder, as the CLI does from the working folder), compiled once."""
        from .checks.engine import load_ruleset
        from .config import find_config, load_config

        cfg_path = find_config(Path(os.path.realpath(path)).parent)  # a link loop: no RuntimeError
        # compiled again when the configuration file or one of its packs changes on disk (the
        # user edits .lic-policy.yaml or a local pack with the editor open); an error in them
        # is raised again at each check, so it stays shown until it is fixed
        cfg_key = (str(cfg_path) if cfg_path else None, _stamp(cfg_path))
        cfg = self._configs.get(cfg_key)
        if cfg is None:
            cfg = load_config(cfg_path)
            self._configs = {k: v for k, v in self._configs.items() if k[0] != cfg_key[0]}
            self._configs[cfg_key] = cfg
        key = (cfg_key, tuple(_stamp(p) for p in cfg.packs))
        if key not in self._rulesets:
            ruleset = load_ruleset(cfg)
            self._rulesets = {k: v for k, v in self._rulesets.items() if k[0][0] != cfg_key[0]}
            self._rulesets[key] = ruleset
        return self._rulesets[key]

    def findings_for(self, doc: TextDocument) -> tuple[list[Finding], Optional[Any]]:
        """(findings, input error) for the document's current text — ``check_file``, the call
        behind `lic-policy check`."""
        from .checks.runner import check_file, ignored_by
        from .discovery import YAML_SUFFIXES, other_tool, sniff
        from .errors import LicPolicyError

        path = doc_path(doc)
        if not path.lower().endswith(CHECKED_SUFFIXES) or "\x00" in path:  # %00 in a URI: no file has that name
            return [], None
        text = doc.source
        lone = _SURROGATE.search(text)
        if lone:  # JSON can carry half of a character ("\ud83d"); no file can hold it
            line, col = (n + 1 for n in _line_col(text, lone.start()))
            return [], LicPolicyError(f"the text holds half of a character (a lone surrogate, "
                                      f"U+{ord(lone.group()):04X})", file=path, line=line, column=col,
                                      hint="delete it and type or paste the character again")
        if path.lower().endswith(YAML_SUFFIXES) and (other_tool(path) or sniff(text, explicit=True)):
            return [], self.own_settings_error(path, text)  # not a guideline: no findings
        try:
            ruleset = self.ruleset_for(path)
        except LicPolicyError as exc:  # a broken configuration: say so on the first line
            return [], exc
        limit = ruleset.config.max_file_size
        if len(text) * 4 > limit and len(text.encode("utf-8")) > limit:  # as `check` refuses the file
            return [], LicPolicyError(f"the text is {len(text.encode('utf-8')):,} bytes, over the {limit:,}-byte "
                                      f"limit", file=path, line=1, column=1,
                                      hint="split it, or raise the limit with max_file_size in .lic-policy.yaml")
        if ignored_by(path, ruleset.config) is not None:  # `ignore:` in the configuration, as `check` reads it
            return [], None
        result = check_file(path, ruleset, text)
        return result.findings, result.error

    def own_settings_error(self, path: str, text: str) -> Optional[Any]:
        """The mistake of a configuration file (its text as typed) or of a rule pack the
        configuration names (as saved) open in the editor, to show at its place there; None
        for any other file that is not a guideline."""
        from .config import find_config, parse_config_text
        from .errors import LicPolicyError

        real = os.path.realpath(path)
        if os.path.basename(real) == ".lic-policy.yaml":
            try:
                parse_config_text(text, path)
            except LicPolicyError as exc:
                return exc
            return None
        try:
            cfg_path = find_config(Path(real).parent)
        except LicPolicyError:  # another account's, refused: said on the guidelines it would apply to
            return None
        if cfg_path is None or cfg_path.name != ".lic-policy.yaml":
            return None
        try:
            self.ruleset_for(path)
        except LicPolicyError as exc:  # shown here when it is this pack's own mistake
            return exc if exc.file and os.path.realpath(str(exc.file)) == real else None
        return None

    def publish(self, uri: str) -> None:
        state = self.docs.setdefault(uri, DocState())
        state.timer = None
        doc = self.workspace.get_text_document(uri)
        findings, error = self.findings_for(doc)
        state.findings = findings
        diagnostics = [to_diagnostic(doc, f) for f in findings]
        state.stale = []
        if error is None:
            state.good_text, state.good_findings = doc.source, findings
        elif state.good_text is not None and _in_this_text(error, doc):
            # the text cannot be read (YAML half typed): as mature language servers do, the last
            # check's findings stay, moved with the typing and marked, instead of vanishing at
            # each keystroke until the line is finished
            state.stale = carry_findings(state.good_text, doc.source, state.good_findings)
            line = error.line or 1
            diagnostics += [stale_diagnostic(doc, f, line) for f in state.stale]
        if error is not None:
            diagnostics.insert(0, error_diagnostic(doc, error))
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics))
        self.checked_at = time.monotonic()

    def schedule(self, uri: str) -> None:
        """Check now after a pause; during a burst of changes, once the burst pauses. A change
        read just after a check may have come at any time during it (the server read nothing
        meanwhile): it is part of a burst. Measured from the change before alone, a check longer
        than ``BURST`` (a loaded machine) made each change read after it look like the first after
        a pause, checked at once: every keystroke checked, the server ever further behind."""
        import asyncio

        state = self.docs.setdefault(uri, DocState())
        now = time.monotonic()
        in_burst = now - max(state.last_change, self.checked_at) < BURST
        state.last_change = now
        if state.timer is not None:
            state.timer.cancel()
        state.timer = asyncio.get_running_loop().call_later(DEBOUNCE if in_burst else 0, self.publish, uri)


def _stamp(path: Optional[Path]) -> Optional[tuple[int, int, int]]:
    """A file's (modification time in ns, size, inode), None when there is none."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


_SURROGATE = re.compile("[\ud800-\udfff]")


_LANGUAGE_SUFFIX = {"yaml": ".yaml", "markdown": ".md", "plaintext": ".txt", "text": ".txt"}
"""The suffix a document's language stands for, for a buffer whose URI names no file."""


def doc_path(doc: TextDocument) -> str:
    """The file a document is checked as: its own path; for a buffer never saved (VS Code's
    ``untitled:Untitled-1``) or another URI that is not a file, its name in the server's
    working folder (the editor's workspace) with the suffix of its language — a YAML buffer
    is checked as a guideline, a Markdown or plain-text one as prose. Such a buffer was
    not checked at all: its name says nothing of what it holds."""
    path = to_fs_path(doc.uri)
    if path:
        return path
    from urllib.parse import unquote, urlsplit

    try:
        inner = unquote(urlsplit(doc.uri).path)
    except ValueError:
        return doc.uri
    if not inner or "\x00" in inner:
        return doc.uri
    if not os.path.isabs(inner):
        inner = os.path.join(os.getcwd(), os.path.basename(inner))
    if not inner.lower().endswith(CHECKED_SUFFIXES):
        inner += _LANGUAGE_SUFFIX.get((getattr(doc, "language_id", None) or "").lower(), "")
    return inner


_LSP_BREAK = re.compile(r"\r\n|\r|\n")
"""The protocol's line breaks (and `check`'s). ``str.splitlines`` also breaks at a form feed,
a vertical tab, U+0085, U+2028 and U+2029: a finding after one was shown on the wrong line,
and its quick fix inserted 'sex worker' there instead of replacing the word."""


def split_lines(source: str) -> list[str]:
    """``source``'s lines with their endings, split where the protocol splits them."""
    out, start = [], 0
    for m in _LSP_BREAK.finditer(source):
        out.append(source[start:m.end()])
        start = m.end()
    if start < len(source):
        out.append(source[start:])
    return out


def _lines(doc: TextDocument) -> Sequence[str]:
    """The document's lines, split once per version of its text: pygls's ``doc.lines`` splits
    the whole text at each call, and a range is made for every finding (10,000 findings in a
    450 KB file took 30 s)."""
    source = doc.source
    cached = getattr(doc, "_lic_policy_lines", None)
    if cached is None or cached[0] is not source:
        cached = (source, tuple(split_lines(source)))
        setattr(doc, "_lic_policy_lines", cached)
    return cast(Sequence[str], cached[1])


# pygls applies an editor's incremental changes (and maps every position) on ``doc.lines``,
# split with ``str.splitlines``: an edit on the line after a form feed or U+2028 was applied
# to the line before, and the server's copy of the text no longer matched the editor's. Its
# documents are split as the protocol splits them (and once per version of the text).
TextDocument.lines = property(_lines)  # type: ignore[assignment,method-assign]


def _server_offset(doc: TextDocument, lines: Sequence[str], pos: lsp.Position) -> int:
    """The index in ``doc.source`` of a client's position. As the protocol says, a character
    past the end of its line means the end of the line (before its line break) and a line past
    the last means the end of the text. pygls put such a position one character early on a
    last line without a line break ("planned: see" typed at the end of a file became
    "planne: seed"), so its copy of the text no longer matched the editor's."""
    start = sum(len(ln) for ln in lines[:pos.line])
    if pos.line >= len(lines):
        return start
    line = lines[pos.line]
    body = line.rstrip("\r\n")
    encoding = doc.position_codec.encoding
    if encoding == lsp.PositionEncodingKind.Utf32 or body.isascii():
        return start + min(pos.character, len(body))
    # counted by encoding the line, not character by character in Python: a change on a 1 MB
    # line cost 110 ms, and 500 keystrokes 80 s (hostile31). A column inside a character
    # (between an emoji's two UTF-16 units, inside a letter's UTF-8 bytes) is the place after
    # it, as the count below has it. A line holding half of a character (a lone surrogate, which
    # JSON can carry) cannot be encoded: counted below.
    try:
        if encoding == lsp.PositionEncodingKind.Utf8:
            raw = body.encode("utf-8")
            n = len(raw[:pos.character].decode("utf-8", "ignore"))
            return start + n + (1 if pos.character < len(raw) and 0x80 <= raw[pos.character] < 0xC0 else 0)
        return start + len(body.encode("utf-16-le")[:2 * pos.character].decode("utf-16-le", "surrogatepass"))
    except UnicodeEncodeError:
        pass
    units, width = 0, 2 if encoding != lsp.PositionEncodingKind.Utf8 else 0
    for i, ch in enumerate(body):
        if units >= pos.character:
            return start + i
        o = ord(ch)
        units += (1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4) if not width else \
            (2 if o > 0xFFFF else 1)
    return start + len(body)


def _apply_incremental_change(self: TextDocument, change: lsp.TextDocumentContentChangePartial) -> None:
    """An editor's incremental change applied at the places the protocol means (``_server_offset``)."""
    lines = _lines(self)
    a = _server_offset(self, lines, change.range.start)
    b = max(a, _server_offset(self, lines, change.range.end))
    self._source = self.source[:a] + change.text + self.source[b:]


TextDocument._apply_incremental_change = _apply_incremental_change  # type: ignore[method-assign]


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """0-based (line, column in code points) of ``offset``, lines split as the protocol does
    (a lone CR ends a line: counting only LF put a quick fix on the wrong line)."""
    line, start = 0, 0
    for m in _LSP_BREAK.finditer(text, 0, offset):
        line, start = line + 1, m.end()
    return line, offset - start


def _range(doc: TextDocument, line: int, col: int, end_line: int, end_col: int) -> lsp.Range:
    """1-based code-point (line, column, end line, end column exclusive) → LSP range in the
    client's units (UTF-16 unless negotiated otherwise)."""
    lines = _lines(doc)
    start = ServerTextPosition(max(0, line - 1), max(0, col - 1))
    end = ServerTextPosition(max(0, end_line - 1), max(0, end_col - 1))
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return lsp.Range(start=_client_position(doc, lines, start), end=_client_position(doc, lines, end))


def _client_position(doc: TextDocument, lines: Sequence[str], pos: ServerTextPosition) -> lsp.Position:
    """pygls's ``position_to_client_units``, counting code units by encoding the text before
    the column instead of character by character in Python (9 s for 10,000 findings on lines
    of 900 characters)."""
    if not 0 <= pos.line < len(lines):
        return lsp.Position(line=len(lines), character=0)
    before = lines[pos.line][: pos.character]
    encoding = doc.position_codec.encoding
    if encoding == lsp.PositionEncodingKind.Utf32:
        units = len(before)
    elif encoding == lsp.PositionEncodingKind.Utf8:
        units = len(before.encode("utf-8", "surrogatepass"))
    else:  # UTF-16, the protocol's default
        units = len(before.encode("utf-16-le", "surrogatepass")) // 2
    return lsp.Position(line=pos.line, character=units)


def to_diagnostic(doc: TextDocument, f: Finding) -> lsp.Diagnostic:
    url = next((s.url for s in f.sources if s.url), "")
    return lsp.Diagnostic(
        range=_range(doc, f.line, f.column, f.end_line, f.end_column),
        message=f.message,
        severity=SEVERITY[f.severity],
        code=f.rule_id,
        code_description=lsp.CodeDescription(href=url) if url else None,
        source=SOURCE,
        data={"rule_id": f.rule_id, "fix": f.fix, "match": f.match},
    )


def stale_diagnostic(doc: TextDocument, f: Finding, error_line: int) -> lsp.Diagnostic:
    """A finding of the last check, shown while the text cannot be checked again: the message
    says so, and ``data.stale`` keeps quick fixes off it."""
    d = to_diagnostic(doc, f)
    d.message = f"{f.message} (from the last check: the text is checked again once the error on line " \
                f"{error_line} is fixed)"
    d.data = {"rule_id": f.rule_id, "stale": True}
    return d


def _in_this_text(exc: Any, doc: TextDocument) -> bool:
    """Whether ``exc`` is about the document's own text (its YAML, its characters), not the
    configuration or a rule pack (then nothing can be checked, and nothing is kept)."""
    other = getattr(exc, "file", None)
    return not other or not os.path.isabs(str(other)) or \
        os.path.realpath(str(other)) == os.path.realpath(doc_path(doc))


def carry_findings(old: str, new: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` of ``old`` moved to the same words in ``new``: the text changed between
    its common start and end (what was typed); a finding before the change keeps its place,
    one after it moves with the text, one on the changed text is dropped."""
    import bisect
    import dataclasses

    from .store import common_prefix, common_suffix, line_starts_of

    if not findings:
        return []
    n = min(len(old), len(new))
    p = common_prefix(old, new, n)
    q = common_suffix(old, new, n - p)
    old_end, delta = len(old) - q, len(new) - len(old)
    old_starts, new_starts = line_starts_of(old), line_starts_of(new)
    out = []
    for f in findings:
        if not (1 <= f.line <= len(old_starts) and 1 <= f.end_line <= len(old_starts)):
            continue
        a = old_starts[f.line - 1] + f.column - 1
        b = old_starts[f.end_line - 1] + f.end_column - 1
        if b <= p:
            na, nb = a, b
        elif a >= old_end:
            na, nb = a + delta, b + delta
        else:
            continue  # on what was typed over
        if new[na:nb] != old[a:b]:
            continue
        la = bisect.bisect_right(new_starts, na) - 1
        lb = bisect.bisect_right(new_starts, nb) - 1
        out.append(dataclasses.replace(f, line=la + 1, column=na - new_starts[la] + 1,
                                       end_line=lb + 1, end_column=nb - new_starts[lb] + 1))
    return out


def error_diagnostic(doc: TextDocument, exc: Any) -> lsp.Diagnostic:
    line = exc.line or 1
    col = exc.column or 1
    message = exc.message + (f" ({exc.hint})" if exc.hint else "")
    path = doc_path(doc)
    other = getattr(exc, "file", None)
    if other and os.path.isabs(str(other)) and os.path.realpath(str(other)) != os.path.realpath(path):
        # an error in another file (the configuration, a rule pack): named with its place at the
        # top of this one, and linked, not put at its line and column in this document
        try:
            shown = os.path.relpath(str(other), os.path.dirname(path))
        except ValueError:  # another drive (Windows)
            shown = str(other)
        where = f"{shown}:{exc.line}:{exc.column}" if exc.line and exc.column else \
            f"{shown}:{exc.line}" if exc.line else shown
        at = lsp.Range(start=lsp.Position(line=line - 1, character=col - 1),
                       end=lsp.Position(line=line - 1, character=col))
        return lsp.Diagnostic(range=_range(doc, 1, 1, 1, 2), message=f"{where}: {message}",
                              severity=lsp.DiagnosticSeverity.Error, code="input", source=SOURCE,
                              related_information=[lsp.DiagnosticRelatedInformation(
                                  location=lsp.Location(uri=Path(str(other)).as_uri(), range=at),
                                  message=exc.message)])
    return lsp.Diagnostic(range=_range(doc, line, col, line, col + 1), message=message,
                          severity=lsp.DiagnosticSeverity.Error, code="input", source=SOURCE)


# ---------------------------------------------------------------- fixes and suppressions


def _minimal_edit(doc: TextDocument, old: str, new: str) -> Optional[lsp.TextEdit]:
    """One TextEdit turning ``old`` into ``new``: the changed middle only."""
    if old == new:
        return None
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    rng = lsp.Range(start=_offset_position(doc, old, start), end=_offset_position(doc, old, end_old))
    return lsp.TextEdit(range=rng, new_text=new[start:end_new])


def _offset_position(doc: TextDocument, text: str, offset: int) -> lsp.Position:
    line, col = _line_col(text, offset)
    return doc.position_codec.position_to_client_units(_lines(doc), ServerTextPosition(line, col))


def fixed_text(path: str, text: str, findings: list[Finding], ruleset: Any, *, unsafe: bool = False) -> str:
    """``text`` with the fixes of ``findings`` applied as `lic-policy fix` applies them
    (``checks.fixes``: through the store for YAML, only each field's characters change; the
    same guards): the safe ones, and the unsafe ones too with ``unsafe``."""
    from .checks.fixes import fix_findings

    return fix_findings(path, text, findings, unsafe=unsafe)[0]


def suppression_edit(path: str, text: str, f: Finding, reason: str) -> str:
    """``text`` with ``f`` suppressed by a comment that gives ``reason``: on the finding's
    line, or for a YAML field written over several lines (a block or folded scalar) on its
    key line, which covers the whole field. An existing suppression on that line gets the
    rule id added."""
    from .checks.engine import SUPPRESS
    from .discovery import YAML_SUFFIXES

    lines = text.split("\n")
    index = f.line - 1
    yaml = path.lower().endswith(YAML_SUFFIXES)
    if yaml and f.path:
        from . import store

        try:
            sp = store.parse(text, path).positions.get(tuple(f.path))
        except Exception:  # the text does not parse: keep the finding's line
            sp = None
        if sp is not None and sp.key_line >= 0 and (sp.style in ("|", ">") or sp.key_line != f.line - 1
                                                    or f.end_line != f.line):
            index = sp.key_line
    if not 0 <= index < len(lines):
        return text
    line = lines[index]
    cr = "\r" if line.endswith("\r") else ""
    body = line[:-1] if cr else line
    m = SUPPRESS.search(body)
    if m:
        ids = [x.strip() for x in m.group(1).split(",") if x.strip()]
        if f.rule_id not in ids:
            ids.append(f.rule_id)
        body = body[:m.start(1)] + ", ".join(ids) + body[m.end(1):]
    elif yaml:
        body = body.rstrip() + f"  # lic-policy: ignore[{f.rule_id}] {reason}"
    else:
        body = body.rstrip() + f" <!-- lic-policy: ignore[{f.rule_id}] {reason} -->"
    lines[index] = body + cr
    return "\n".join(lines)


def _finding_at(state: DocState, doc: TextDocument, rng: lsp.Range, stale: bool = False) -> list[Finding]:
    """The findings at ``rng`` (and those of the last check shown while the text cannot be
    read, with ``stale``: for hover, not for fixes)."""
    out = []
    for f in (state.findings + state.stale if stale else state.findings):
        r = _range(doc, f.line, f.column, f.end_line, f.end_column)
        if (r.start.line, r.start.character) <= (rng.end.line, rng.end.character) and \
                (rng.start.line, rng.start.character) <= (r.end.line, r.end.character):
            out.append(f)
    return out


MAX_FINDINGS_PER_ACTION_REQUEST = 20
"""Per-finding code actions (a quick fix, the suppressions) are made for at most this many
findings of the range asked for: each rewrites the whole text, and a select-all over a file
of 10,000 findings asked for 50,000 of them (no answer in 120 s). "Fix all" is offered still; the findings nearest the start of the range come first."""


def code_actions(server: LicPolicyServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    doc = server.workspace.get_text_document(uri)
    state = server.docs.get(uri)
    if state is None:
        return []
    path = doc_path(doc)
    text = doc.source
    try:
        ruleset = server.ruleset_for(path)
    except Exception:
        return []
    actions: list[lsp.CodeAction] = []

    def action(title: str, new: str, kind: str, finding: Optional[Finding] = None,
               preferred: bool = False) -> None:
        edit = _minimal_edit(doc, text, new)
        if edit is None:
            return
        diags = [to_diagnostic(doc, finding)] if finding is not None else None
        actions.append(lsp.CodeAction(title=title, kind=kind, diagnostics=diags, is_preferred=preferred or None,
                                      edit=lsp.WorkspaceEdit(changes={uri: [edit]})))

    here = _finding_at(state, doc, params.range)
    here = sorted(here, key=lambda f: (f.line, f.column))[:MAX_FINDINGS_PER_ACTION_REQUEST]  # a wide selection
    for f in here:
        if f.fix is not None:
            try:
                new = fixed_text(path, text, [f], ruleset, unsafe=not f.fix_safe)
            except Exception:  # the text changed under us or no longer parses: no action
                new = text
            # an unsafe fix is offered (a person reads the sentence and chooses it) but never
            # preferred: editors apply a preferred fix without asking ("auto fix")
            title = f"Replace '{' '.join(f.match.split())}' with '{f.fix}' ({f.rule_id})" + ("" if f.fix_safe else
                                                                         " — unsafe: read the sentence first")
            action(title, new, lsp.CodeActionKind.QuickFix, f, preferred=f.fix_safe)
    for f in here:
        if f.rule_id.startswith(("validation.", "lic-policy.")):
            continue  # validation problems and suppression problems are fixed, not suppressed
        for reason in REASONS:
            action(f"Suppress {f.rule_id} here: {reason}", suppression_edit(path, text, f, reason),
                   lsp.CodeActionKind.QuickFix, f)
    fixable = [f for f in state.findings if f.fix is not None and f.fix_safe]  # "fix all": the safe ones only
    only = [getattr(k, "value", k) for k in params.context.only or []]
    # an editor that fixes on save asks for source.fixAll by kind: one safe fix is fixed too
    asked = any(_kind_covers(k, lsp.CodeActionKind.SourceFixAll.value) for k in only)
    if len(fixable) > 1 or (fixable and (not here or asked)):
        try:
            new = fixed_text(path, text, state.findings, ruleset)
        except Exception:
            new = text
        n = len(fixable)
        action(f"Apply the 1 safe fix in this file (lic-policy fix)" if n == 1 else
               f"Apply all {n} safe fixes in this file (lic-policy fix)", new, lsp.CodeActionKind.SourceFixAll)
    if only:  # the kinds asked for, and their sub-kinds ("source" covers "source.fixAll")
        actions = [a for a in actions if any(_kind_covers(k, str(getattr(a.kind, "value", a.kind) or "")) for k in only)]
    return actions


def _kind_covers(asked: str, kind: str) -> bool:
    """Whether a code action of ``kind`` is of the kind ``asked`` for (LSP kinds are
    hierarchical: "source" covers "source.fixAll")."""
    return kind == asked or kind.startswith(f"{asked}.")


# ---------------------------------------------------------------- hover


def hover_markdown(f: Finding) -> str:
    out = [f"**{f.rule_id}** ({f.severity}) — {f.message}"]
    if f.rationale:
        out += ["", f.rationale]
    if f.fix is not None:
        how = "quick fix, or `lic-policy fix --write`" if f.fix_safe else \
            "unsafe: read the sentence first; quick fix, or `lic-policy fix --write --unsafe-fixes`"
        out += ["", f"**Fix:** '{' '.join(f.match.split())}' → '{f.fix}' ({how})"]
    if f.suggestions:
        out += ["", "**Instead:** " + "; ".join(f.suggestions)]
    if f.sources:
        out += ["", "**Sources:**"] + [f"- [{s.title}]({s.url})" if s.url else f"- {s.title}" for s in f.sources]
    return "\n".join(out)


# ---------------------------------------------------------------- completion from the JSON Schema


@lru_cache(maxsize=1)
def guideline_schema() -> Schema:
    from .resources import schema_path

    schema: Schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return schema


def _resolve(schema: Schema, node: Any) -> list[Schema]:
    """The object/enum alternatives of a schema node ($ref and anyOf followed)."""
    out: list[Schema] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if not isinstance(n, dict):
            continue
        if "$ref" in n:
            stack.append(schema["$defs"][n["$ref"].rsplit("/", 1)[-1]])
            continue
        for key in ("anyOf", "oneOf", "allOf"):
            if key in n:
                stack.extend(n[key])
        out.append(n)
    return out


def schema_at(path: Sequence[Union[str, int]]) -> list[Schema]:
    """Schema nodes for a path of keys (str) and list items (int) in a guideline."""
    schema = guideline_schema()
    nodes = _resolve(schema, schema)
    for part in path:
        nxt: list[Schema] = []
        for n in nodes:
            if isinstance(part, int):
                if "items" in n:
                    nxt.extend(_resolve(schema, n["items"]))
            elif part in n.get("properties", {}):
                nxt.extend(_resolve(schema, n["properties"][part]))
        nodes = nxt
    return nodes


_LINE = re.compile(r"^( *)((?:- +)*)(?:(\"[^\"\n]*\"|'[^'\n]*'|[^\s#:'\"\-][^:#\n]*?|-[^\s:#][^:#\n]*?) *:(?= |$))?")


def _parts(line: str) -> tuple[int, Optional[int], int, Optional[str]]:
    """(indent, column of the last "- " or None, column of the key, key or None) of a line."""
    m = _LINE.match(line)
    assert m is not None  # every part of the expression is optional
    indent = len(m.group(1))
    dashes = m.group(2) or ""
    last_dash = indent + dashes.rstrip().rfind("-") if dashes else None
    key = m.group(3)
    return indent, last_dash, indent + len(dashes), key.strip("'\"") if key is not None else None


def yaml_context(lines: list[str], line_no: int, col: int) -> tuple[list[Union[str, int]], str, Optional[str], set[str]]:
    """Where the cursor is: (path of the mapping it is in, 'key' or 'value', the key whose
    value it is on, keys already present in that mapping before it and after it), from
    indentation alone, so it works on text that does not parse yet."""
    current = lines[line_no][:col] if line_no < len(lines) else ""
    _indent, dash, c, key = _parts(current)
    mode = "value" if key is not None else "key"
    below = _keys_below(lines, line_no, c)
    item = dash  # the dash of the list item the current mapping belongs to, if any
    collecting = item is None
    siblings: set[str] = set()
    path: list[Union[str, int]] = []
    for i in range(line_no - 1, -1, -1):
        raw = lines[i]
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        p_indent, p_dash, p_kc, p_key = _parts(raw)
        if item is None:
            if p_key is not None and p_kc == c:
                if collecting:
                    siblings.add(p_key)
                if p_dash is not None:  # "- key:" at our column: our list item starts here
                    item, collecting = p_dash, False
                continue
            if p_indent >= c:
                continue  # deeper: content of a sibling
            if p_key is not None and p_kc < c:
                path.insert(0, p_key)
                c, collecting = p_kc, False
                item = p_dash
            elif p_dash is not None and p_kc == c:
                item, collecting = p_dash, False
            continue
        if p_dash == item or p_indent > item:
            continue  # an earlier item of the same list, or its content
        if p_key is not None and p_kc <= item:
            path[0:0] = [p_key, 0]
            c, item = p_kc, p_dash
    return path, mode, key, siblings | below


def _keys_below(lines: list[str], line_no: int, col: int) -> set[str]:
    """The keys at column ``col`` after ``line_no`` while the mapping the cursor is in goes on
    (ux25: completion offered `owners` on a line typed above `owners:`, and taking it wrote a
    duplicate key)."""
    found: set[str] = set()
    for raw in lines[line_no + 1:]:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        p_indent, p_dash, p_kc, p_key = _parts(raw)
        if p_dash is not None and p_dash < col:  # the next item of the list this mapping is in
            break
        if p_indent < col:  # a shallower line: the mapping has ended
            break
        if p_indent == col and p_dash is None and p_key is not None:
            found.add(p_key)
    return found


def completions(server: LicPolicyServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    if params.text_document.uri not in server.docs:  # never opened: pygls would read it from disk
        return lsp.CompletionList(is_incomplete=False, items=[])
    doc = server.workspace.get_text_document(params.text_document.uri)
    if not doc_path(doc).lower().endswith((".yaml", ".yml")):
        return lsp.CompletionList(is_incomplete=False, items=[])
    raw = _lines(doc)
    lines = [ln.rstrip("\r\n") for ln in raw] or [""]
    if params.position.line >= len(raw):
        # the empty line after the last line break, where the next top-level field is typed:
        # the codec would clamp it to the end of the line before
        line_no, col = len(raw), 0
    else:
        pos = doc.position_codec.position_from_client_units(raw, params.position)
        line_no, col = pos.line, pos.character
    path, mode, key, siblings = yaml_context(lines, line_no, col)
    items: list[lsp.CompletionItem] = []
    if mode == "key":
        seen: set[str] = set()
        for node in schema_at(path):
            required = set(node.get("required", []))
            for name, prop in node.get("properties", {}).items():
                if name in seen or name in siblings:
                    continue
                seen.add(name)
                alts = _resolve(guideline_schema(), prop)
                desc = next((a.get("description") for a in [prop, *alts] if a.get("description")), "")
                is_block = any(a.get("type") in ("object", "array") or "properties" in a for a in alts)
                items.append(lsp.CompletionItem(
                    label=name, kind=lsp.CompletionItemKind.Property,
                    detail=("required" if name in required else "optional") + (f" — {desc}" if desc else ""),
                    documentation=desc or None, insert_text=f"{name}:" + ("" if is_block else " "),
                    sort_text=("0" if name in required else "1") + name))
    else:
        for node in schema_at([*path, key or ""]):
            for value in node.get("enum", []):
                items.append(lsp.CompletionItem(label=str(value), kind=lsp.CompletionItemKind.EnumMember,
                                                detail=node.get("title") or node.get("description") or key))
            if "const" in node:
                items.append(lsp.CompletionItem(label=str(node["const"]), kind=lsp.CompletionItemKind.EnumMember))
            if node.get("type") == "boolean":
                items += [lsp.CompletionItem(label=v, kind=lsp.CompletionItemKind.Value) for v in ("true", "false")]
    unique: dict[str, lsp.CompletionItem] = {}
    for it in items:
        unique.setdefault(it.label, it)
    return lsp.CompletionList(is_incomplete=False, items=list(unique.values()))


# ---------------------------------------------------------------- the server


def build() -> LicPolicyServer:
    server = LicPolicyServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LicPolicyServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LicPolicyServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LicPolicyServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri) or ""
        local_packs = {str(p) for cfg in ls._configs.values() for p in cfg.packs}
        if os.path.basename(path) in (".lic-policy.yaml", "pyproject.toml") or (
                path.lower().endswith((".yaml", ".yml")) and ("reviewers" in Path(path).parts
                                                      or os.path.realpath(path) in local_packs)):
            ls._rulesets.clear()  # the configuration or a rule pack changed: compile again
            ls._configs.clear()
            for uri in list(ls.docs):
                ls.publish(uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LicPolicyServer, params: lsp.DidCloseTextDocumentParams) -> None:
        state = ls.docs.pop(params.text_document.uri, None)
        if state is not None and state.timer is not None:
            state.timer.cancel()
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                          diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix,
                                                             lsp.CodeActionKind.SourceFixAll]))
    def code_action(ls: LicPolicyServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return code_actions(ls, params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: LicPolicyServer, params: lsp.HoverParams) -> Optional[lsp.Hover]:
        uri = params.text_document.uri
        state = ls.docs.get(uri)
        if state is None:
            return None
        doc = ls.workspace.get_text_document(uri)
        here = _finding_at(state, doc, lsp.Range(start=params.position, end=params.position), stale=True)
        if not here:
            return None
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(hover_markdown(f) for f in here)),
                         range=_range(doc, here[0].line, here[0].column, here[0].end_line, here[0].end_column))

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", "-"]))
    def completion(ls: LicPolicyServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        return completions(ls, params)

    return server


MAX_MESSAGE = 128 * 1024 * 1024
"""Largest JSON-RPC message read (bytes): a 10 MB file escaped as JSON fits many times over."""
MAX_HEADER_LINE = 8192


_LENGTH_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?\n?", re.IGNORECASE)
"""A Content-Length header as clients write it: any case, spaces or none, LF or CRLF."""


class _BoundedStdin:
    """Standard input as pygls reads it, bounded: a header line is read at most 8 KB at a time,
    and a Content-Length over ``MAX_MESSAGE`` ends the server with one line (pygls would
    allocate whatever size a message claims: 99999999999 was an internal MemoryError).

    Headers are read as clients write them: pygls knows only ``Content-Length: N`` and CRLF,
    and a client writing ``content-length: N``, no space after the colon or LF line ends got
    no answer, ever, without a word (the body was then read as more headers). Headers that
    end with no length the server can read end it with one line: no later message could be
    told from the one before it."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.shown: list[bytes] = []  # the first header lines of the message being read
        self.length = False  # whether one of them is its Content-Length

    def readline(self) -> bytes:
        line: bytes = self.raw.readline(MAX_HEADER_LINE)
        if not line:
            return line
        blank = not line.strip(b" \t\r\n")
        if not blank:
            if len(self.shown) < 3:
                self.shown.append(line)
            m = _LENGTH_HEADER.fullmatch(line)
            if m:
                self.length = True
                return b"Content-Length: %d\r\n" % int(m.group(1))
            return line
        # a blank line: the end of a message's headers, or one between messages (passed over)
        shown, length, self.shown, self.length = self.shown, self.length, [], False
        if shown and not length:
            from .errors import InputError

            said = ", ".join(repr(h.rstrip(b"\r\n").decode("utf-8", "replace")[:40]) for h in shown)
            raise InputError(f"the editor sent a message without a Content-Length header the server can read "
                             f"(its headers: {said}), so where it ends cannot be told",
                             hint="the editor's language client does not speak LSP over stdio as it should; "
                                  "restart the language server, and report it to the client's authors if it "
                                  "happens again")
        return b"\r\n"

    def read(self, n: int) -> bytes:
        if n > MAX_MESSAGE:
            from .errors import InputError

            raise InputError(f"the editor sent a message of {n:,} bytes, over the limit of {MAX_MESSAGE:,}",
                             hint="this is not a message an editor sends; restart the language server")
        data: bytes = self.raw.read(n)
        return data


def _without_deserialize_tracebacks(record: logging.LogRecord) -> bool:
    """pygls logs a message whose params do not fit its method with a 60-line traceback; the
    protocol above answers such a request with InvalidParams and logs such a notification in
    one line, so the traceback is left out of the editor's log. A request pygls answers with a
    JSON-RPC error (an unknown command) is one line too, not the traceback of the answer."""
    if str(record.msg).startswith("Unable to deserialize message"):
        return False
    from pygls.exceptions import JsonRpcException

    exc = record.exc_info[1] if record.exc_info else None
    if isinstance(exc, JsonRpcException):
        record.msg, record.args, record.exc_info, record.exc_text = f"{record.getMessage()}: {exc}", (), None, None
    return True


def _without_unreadable_body_tracebacks(record: logging.LogRecord) -> bool:
    """pygls logs a body it cannot read as JSON ("Unable to handle message") with its stack;
    ``report_server_error`` answers it with Parse error and logs it in one line."""
    exc = record.exc_info[1] if record.exc_info else None
    return not (str(record.msg).startswith("Unable to handle message") and exc is not None and _unreadable(exc))


def _unreadable(error: BaseException) -> bool:
    """A message body Python's JSON reader cannot read: not JSON, not UTF-8, nested too deeply,
    or holding a number of more than 4,300 digits (an id or a line of 5,000 nines: Python
    refuses to convert it, and pygls popped up 'Error in server: Exceeds the limit (4300
    digits) for integer string conversion' with a traceback in the log)."""
    return isinstance(error, (json.JSONDecodeError, UnicodeDecodeError, RecursionError)) or (
        isinstance(error, ValueError) and "integer string conversion" in str(error))


def main() -> None:
    import sys

    logging.getLogger("pygls.protocol.json_rpc").addFilter(_without_deserialize_tracebacks)
    logging.getLogger("pygls.server").addFilter(_without_unreadable_body_tracebacks)  # run_async logs with it
    server = build()
    server.start_io(stdin=cast(BinaryIO, _BoundedStdin(sys.stdin.buffer)))
    # `exit` ends the process with 0 after `shutdown` and 1 without it, as the specification
    # asks (pygls's own sys.exit(1) ran in a callback, and the process ended with 0)
    if getattr(server.protocol, "_exited", False) and not server.protocol._shutdown:
        sys.exit(1)
