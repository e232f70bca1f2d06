"""JSON output. Stable schema (``schema_version`` 1), documented in the README:

    {"schema_version": 1, "tool": {"name": "lic-policy", "version": "..."},
     "summary": {"files": N, "error": n, "warning": n, "info": n, "suppressed": n, "cached_files": n,
                 "changed_since": {"rev", "not_counted"}},                # only with --changed-since
     "errors": [{"file", "line", "column", "message", "hint"}],      # files that could not be checked
     "findings": [{"rule_id", "severity", "message", "file", "line", "column", "end_line", "end_column",
                   "match", "reviewer", "clause", "field", "anchor", "suggestions", "fix",
                   "fix_safe", "sources": [{"title", "url"}], "rationale"}]}

The text is exactly ``json.dumps(data, indent=2, ensure_ascii=False)`` of that object, written
finding by finding (``stream``): the standard library's indenting encoder is pure Python and
spent 0.55 s on 3,074 findings (1 MB of finding-dense prose); each finding is written here with
the C string encoder, and the parts every finding of a rule shares (suggestions, sources,
rationale) are encoded once per report.
"""

from __future__ import annotations

import json
import re
from json.encoder import encode_basestring as _string  # the C encoder of ensure_ascii=False
from typing import Any, Iterator

from .. import __version__
from ..model.finding import Finding


def finding_dict(f: Finding) -> dict:
    return {
        "rule_id": f.rule_id, "severity": f.severity, "message": f.message, "file": f.file,
        "line": f.line, "column": f.column, "end_line": f.end_line, "end_column": f.end_column,
        "match": f.match, "reviewer": f.reviewer, "clause": f.element, "field": f.field,
        "anchor": f.anchor.to_dict() if f.anchor is not None else None,
        "suggestions": f.suggestions, "fix": f.fix, "fix_safe": f.fix is not None and f.fix_safe,
        "sources": [{"title": s.title, "url": s.url} for s in f.sources],
        "rationale": f.rationale,
    }


def _indented(value: Any, indent: str) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` of JSON data at ``indent``."""
    t = type(value)
    if t is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if t is int:
        return int.__repr__(value)
    inner = indent + "  "
    if t is dict:
        if not value:
            return "{}"
        return ("{\n" + inner + (",\n" + inner).join([_string(k) + ": " + _indented(v, inner) for k, v in value.items()])
                + "\n" + indent + "}")
    if t is list or t is tuple:
        if not value:
            return "[]"
        return "[\n" + inner + (",\n" + inner).join([_indented(v, inner) for v in value]) + "\n" + indent + "]"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)  # pragma: no cover


_FINDING_INDENT = "    "  # a finding is an item of "findings", itself a key of the top object
_KEY_INDENT = _FINDING_INDENT + "  "


def _scalar(value: Any) -> str:
    """A string, number, boolean or null as ``json.dumps`` writes it."""
    return _string(value) if type(value) is str else _indented(value, "")


_A1 = ",\n" + _KEY_INDENT + "  "  # between the anchor's keys
_A2 = ",\n" + _KEY_INDENT + "    "  # between the keys of its quote and position


def _anchor(a) -> str:
    """``_indented(a.to_dict(), _KEY_INDENT)``, written out (half the time of a finding)."""
    head = "{\n" + _KEY_INDENT + '  "clause": ' + _scalar(a.clause) + _A1 + '"field": ' + _scalar(a.field)
    if a.quote is not None:
        q, p = a.quote, a.position
        head += (_A1 + '"quote": {\n' + _KEY_INDENT + '    "exact": ' + _scalar(q.exact) + _A2 + '"prefix": '
                 + _scalar(q.prefix) + _A2 + '"suffix": ' + _scalar(q.suffix) + "\n" + _KEY_INDENT + "  }"
                 + _A1 + '"position": {\n' + _KEY_INDENT + '    "start": ' + _scalar(p.start) + _A2 + '"end": '
                 + _scalar(p.end) + "\n" + _KEY_INDENT + "  }")
    return head + _A1 + '"version": ' + _scalar(a.version) + "\n" + _KEY_INDENT + "}"


class _FindingWriter:
    """One finding's text, with the parts shared by a rule's findings encoded once."""

    def __init__(self) -> None:
        self._suggestions: dict[tuple, str] = {}
        self._tails: dict[tuple, str] = {}

    def __call__(self, f: Finding) -> str:
        sep = ",\n" + _KEY_INDENT
        suggestions = tuple(f.suggestions)
        shown = self._suggestions.get(suggestions)
        if shown is None:
            shown = self._suggestions[suggestions] = _indented(list(suggestions), _KEY_INDENT)
        tail_key = (tuple((s.title, s.url) for s in f.sources), f.rationale)
        tail = self._tails.get(tail_key)
        if tail is None:
            tail = self._tails[tail_key] = (
                '"sources": ' + _indented([{"title": t, "url": u} for t, u in tail_key[0]], _KEY_INDENT)
                + sep + '"rationale": ' + _scalar(f.rationale))
        anchor = "null" if f.anchor is None else _anchor(f.anchor)
        fix = "null" if f.fix is None else _scalar(f.fix)
        return "".join((
            "{\n", _KEY_INDENT, '"rule_id": ', _scalar(f.rule_id), sep, '"severity": ', _scalar(f.severity),
            sep, '"message": ', _scalar(f.message), sep, '"file": ', _scalar(f.file),
            sep, '"line": ', _scalar(f.line), sep, '"column": ', _scalar(f.column),
            sep, '"end_line": ', _scalar(f.end_line), sep, '"end_column": ', _scalar(f.end_column),
            sep, '"match": ', _scalar(f.match), sep, '"reviewer": ', _scalar(f.reviewer),
            sep, '"clause": ', _scalar(f.element), sep, '"field": ', _scalar(f.field), sep, '"anchor": ', anchor,
            sep, '"suggestions": ', shown, sep, '"fix": ', fix,
            sep, '"fix_safe": ', "true" if f.fix is not None and f.fix_safe else "false",
            sep, tail, "\n", _FINDING_INDENT, "}"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written as its JSON escape (``\\udcff``). A file name
    that is not UTF-8 reaches the report through surrogateescape; written as is, it went out
    as its raw bytes, and the report was not UTF-8 (strict JSON readers refused all of it).
    The escape keeps the name: Python reads it back and ``os.fsencode`` gives the bytes."""
    if text.isascii():  # nearly every piece: no surrogate, and no scan (1.5 µs of a finding's 23)
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _SURROGATE.search(text) else text


def stream(report, **_kw) -> Iterator[str]:
    """The report's text in pieces (the head, then one piece per finding), in order."""
    for piece in _stream(report):
        yield escape_surrogates(piece)


def _stream(report) -> Iterator[str]:
    c = report.counts()
    head = {
        "schema_version": 1,
        "tool": {"name": "lic-policy", "version": __version__},
        "summary": {"files": len(report.results), **c, "suppressed": report.suppressed,
                    "cached_files": report.cached_files,
                    # with --changed-since REV: the findings left out as already there at REV
                    **({"changed_since": {"rev": report.held_back[0], "not_counted": report.held_back[1]}}
                       if getattr(report, "held_back", None) else {}),
                    # with --baseline FILE: the findings left out as listed in it
                    **({"baseline": {"file": report.baseline[0], "not_counted": report.baseline[1]}}
                       if getattr(report, "baseline", None) else {})},
        "errors": [{"file": r.error.file, "line": r.error.line, "column": r.error.column,
                    "message": r.error.message, "hint": r.error.hint} for r in report.results if r.error],
    }
    findings = sorted(report.findings, key=Finding.sort_key)
    text = _indented(head, "")
    if not findings:
        yield text[:-2] + ',\n  "findings": []\n}\n'
        return
    yield text[:-2] + ',\n  "findings": [\n' + _FINDING_INDENT
    write = _FindingWriter()
    last = len(findings) - 1
    for i, f in enumerate(findings):
        yield write(f) + (",\n" + _FINDING_INDENT if i < last else "\n  ]\n}\n")


def render(report, **kw) -> str:
    return "".join(stream(report, **kw))
