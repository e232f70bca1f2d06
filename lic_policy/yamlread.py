"""Read YAML safely and fast, keeping the position of every node.

One iterative composer over parser events (libyaml's C parser when PyYAML has it, the
pure-Python parser otherwise). Because it is ours, it can refuse what a guideline never
needs and what an attacker would send: duplicate keys, alias bombs, deep nesting,
non-string keys, several documents in one file. Scalars resolve with the YAML 1.2 core
schema plus dates, as ruamel.yaml does, so a file means the same thing to both.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

import yaml as _pyyaml

from .errors import InputError

MAX_DEPTH = 64
MAX_NODES = 1_000_000
"""Upper bound of nodes after alias expansion (billion-laughs protection)."""

try:  # libyaml: an order of magnitude faster than the pure-Python parser
    from yaml import CSafeLoader as _Loader  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_ev = _pyyaml.events


@dataclass(slots=True)
class Span:
    """Where a node sits in the source. Lines and columns are 0-based here."""

    line: int
    col: int
    start: int  # code-point index of the node's first character
    end: int  # code-point index just after the node
    style: str | None = None  # scalar style: None (plain), "'", '"', '|', '>'; "map"/"seq"
    key_line: int = -1
    key_col: int = -1
    key_start: int = -1


_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(inf|Inf|INF)$")
_NAN = re.compile(r"^\.(nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?"
    r"([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?$"
)


def resolve_plain(value: str) -> Any:
    """Resolve a plain (unquoted) scalar like ruamel.yaml's YAML 1.2 round-trip loader."""
    if not value:
        return None
    c = value[0]
    if c in "tTfF" and value in _BOOL:
        return _BOOL[value]
    if value in _NULL:
        return None
    if c.isdigit() or c in "-+.":
        if _INT.match(value):
            return int(value.replace("_", ""))
        if _DATE.match(value):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                return value
        if _INT_OCT.match(value):
            return int(value[2:], 8)
        if _INT_HEX.match(value):
            return int(value[2:], 16)
        if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
            return float(value.replace("_", ""))
        if _INF.match(value):
            return float("-inf") if value[0] == "-" else float("inf")
        if _NAN.match(value):
            return float("nan")
        if _DATETIME.match(value):
            try:
                return _dt.datetime.fromisoformat(value.replace("t", "T").replace("z", "Z"))
            except ValueError:
                return value
    return value


_RESOLVE_FIRST = frozenset("tTfFnN~-+.0123456789")
"""A plain scalar starting with anything else is a string (``resolve_plain`` returns it)."""

_TAGS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: _BOOL.get(v, v),
    "tag:yaml.org,2002:null": lambda v: None,
}


def _scalar(ev: Any, file: str) -> Any:
    tag = ev.tag
    if tag and tag != "!":
        conv = _TAGS.get(tag)
        if conv is None:
            raise InputError(f"unsupported YAML tag '{tag}'", file=file, line=ev.start_mark.line + 1,
                             column=ev.start_mark.column + 1, hint="remove the tag; guidelines use plain values")
        try:
            return conv(ev.value)
        except ValueError:
            raise InputError(f"'{ev.value}' is not a valid {tag.rsplit(':', 1)[-1]}", file=file,
                             line=ev.start_mark.line + 1, column=ev.start_mark.column + 1,
                             hint="fix the value or remove the tag") from None
    if not ev.style and ev.implicit[0]:
        return resolve_plain(ev.value)
    return ev.value


def _parser_error(exc: Exception, text: str, file: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if "maximum nesting depth" in problem:  # libyaml 0.2.6+ stops deep nesting before we do
        m = getattr(exc, "problem_mark", None)
        return InputError(f"nesting deeper than {MAX_DEPTH} levels", file=file,
                          line=m.line + 1 if m else None, column=m.column + 1 if m else None,
                          hint="guidelines are never this deep; check for runaway brackets or indentation")
    message = f"YAML syntax error: {problem}"
    if context and context not in problem:
        message += f" ({context})"
    hint = "check the indentation and quoting around this place"
    line = col = None
    cmark = getattr(exc, "context_mark", None)
    if mark is not None and cmark is not None and (cmark.line, cmark.column) != (mark.line, mark.column):
        message += f", which started at line {cmark.line + 1}, column {cmark.column + 1}"
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
        lines = text.splitlines()
        # Tabs are the most common cause of a YAML syntax error that people cannot see.
        for ln in (mark.line, mark.line - 1):
            if 0 <= ln < len(lines):
                stripped = lines[ln].lstrip(" ")
                if stripped.startswith("\t"):
                    return InputError(
                        "tab character used for indentation", file=file, line=ln + 1,
                        column=len(lines[ln]) - len(stripped) + 1,
                        hint="YAML indentation must use spaces; replace the tab with spaces",
                    )
        if "found character '\\t'" in problem or "\\t" in problem:
            hint = "YAML indentation must use spaces; replace the tab with spaces"
    return InputError(message, file=file, line=line, column=col, hint=hint)


def compose(text: str, file: str = "<string>", *, max_depth: int = MAX_DEPTH,
            max_nodes: int = MAX_NODES) -> tuple[Any, dict[tuple, Span]]:
    """Parse ``text`` into plain Python data and a map from node path to ``Span``.

    Paths are tuples of mapping keys (str) and sequence indexes (int); the root is ``()``.
    Raises ``InputError`` with line and column for anything a guideline cannot contain.
    """
    positions: dict[tuple, Span] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    # Stack entries: [container, path, span, pending_key, key_span, anchor, node_count, seen_keys]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    total_nodes = 0
    documents = 0

    def add(value: Any, span: Span | None, count: int, at_mark: Any, new_nodes: int) -> None:
        """Attach ``value`` to the open container; ``count`` is its size after alias
        expansion (for the parent's size), ``new_nodes`` what it adds to the budget."""
        nonlocal root, have_root, total_nodes
        total_nodes += new_nodes
        if total_nodes > max_nodes:
            raise InputError(
                f"document expands to more than {max_nodes:,} nodes (alias expansion)",
                file=file, line=at_mark.line + 1, column=at_mark.column + 1,
                hint="remove the YAML aliases (*name); a guideline never needs them",
            )
        if not stack:
            root, have_root = value, True
            if span is not None:
                positions[()] = span
            return
        top = stack[-1]
        container = top[0]
        if isinstance(container, list):
            idx = len(container)
            container.append(value)
            if span is not None:
                positions[top[1] + (idx,)] = span
            top[6] += count
            return
        # mapping
        if top[3] is _NO_KEY:
            if not isinstance(value, str):
                if isinstance(value, (int, float, bool, _dt.date)) and not isinstance(value, (dict, list)):
                    value = str(value) if not isinstance(value, bool) else ("true" if value else "false")
                else:
                    raise InputError("mapping keys must be plain text", file=file, line=at_mark.line + 1,
                                     column=at_mark.column + 1, hint="use a simple word as the key")
            if value == "<<":
                raise InputError("YAML merge keys (<<) are not supported", file=file, line=at_mark.line + 1,
                                 column=at_mark.column + 1, hint="write the fields out in full")
            if value in top[7]:
                first = top[7][value]
                raise InputError(
                    f"duplicate key '{value}' (first defined at line {first[0] + 1})",
                    file=file, line=at_mark.line + 1, column=at_mark.column + 1,
                    hint="remove or rename one of the two keys; YAML keeps only one of them",
                )
            top[7][value] = (at_mark.line, at_mark.column)
            top[3] = value
            top[4] = (at_mark.line, at_mark.column, at_mark.index)
            return
        key = top[3]
        container[key] = value
        if span is not None:
            kl, kc, ki = top[4]
            span.key_line, span.key_col, span.key_start = kl, kc, ki
            positions[top[1] + (key,)] = span
        top[3] = _NO_KEY
        top[6] += count

    def child_path() -> tuple:
        top = stack[-1]
        if isinstance(top[0], list):
            return top[1] + (len(top[0]),)
        return top[1] + (top[3],)

    try:
        events = _pyyaml.parse(text, Loader=_Loader)
        for ev in events:
            cls = ev.__class__
            if cls is _ev.ScalarEvent:
                sm = ev.start_mark
                value = _scalar(ev, file)
                is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][3] is _NO_KEY
                span = None if is_key else Span(sm.line, sm.column, sm.index, ev.end_mark.index, ev.style or None)
                if ev.anchor:
                    anchors[ev.anchor] = (value, 1)
                add(value, span, 1, sm, 1)
            elif cls is _ev.MappingStartEvent or cls is _ev.SequenceStartEvent:
                sm = ev.start_mark
                if stack and isinstance(stack[-1][0], dict) and stack[-1][3] is _NO_KEY:
                    raise InputError("mapping keys must be plain text", file=file, line=sm.line + 1,
                                     column=sm.column + 1, hint="use a simple word as the key")
                if len(stack) >= max_depth:
                    raise InputError(f"nesting deeper than {max_depth} levels", file=file, line=sm.line + 1,
                                     column=sm.column + 1, hint="a guideline is never this deep; check the file")
                path = child_path() if stack else ()
                container: Any = {} if cls is _ev.MappingStartEvent else []
                span = Span(sm.line, sm.column, sm.index, -1, "map" if isinstance(container, dict) else "seq")
                stack.append([container, path, span, _NO_KEY, None, ev.anchor, 1, {}])
            elif cls is _ev.MappingEndEvent or cls is _ev.SequenceEndEvent:
                container, path, span, _k, _ks, anchor, count, _seen = stack.pop()
                span.end = ev.end_mark.index
                if anchor:
                    anchors[anchor] = (container, count)
                # Its children are already in the budget; the parent's size grows by ``count``.
                add(container, span, count, ev.start_mark, 1)
            elif cls is _ev.AliasEvent:
                sm = ev.start_mark
                if ev.anchor not in anchors:
                    raise InputError(f"unknown alias '*{ev.anchor}'", file=file, line=sm.line + 1,
                                     column=sm.column + 1, hint="define the anchor (&name) before using it")
                value, count = anchors[ev.anchor]
                if stack and isinstance(stack[-1][0], dict) and stack[-1][3] is _NO_KEY:
                    raise InputError("aliases cannot be used as mapping keys", file=file, line=sm.line + 1,
                                     column=sm.column + 1, hint="write the key out")
                span = Span(sm.line, sm.column, sm.index, ev.end_mark.index, "alias")
                add(value, span, count, sm, count)
            elif cls is _ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    sm = ev.start_mark
                    raise InputError("the file holds more than one YAML document", file=file,
                                     line=sm.line + 1, column=sm.column + 1,
                                     hint="keep one guideline per file; remove the '---' separator")
    except _pyyaml.YAMLError as exc:
        raise _parser_error(exc, text, file) from None
    except RecursionError:  # pragma: no cover - the depth limit prevents it
        raise InputError("nesting too deep", file=file, hint="check the file") from None
    if not have_root:
        root = None
    return root, positions


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()


class _Unusual(Exception):
    """Raised by the data-only composer for anything but plain guideline YAML; the full
    composer then decides (and raises the same error it always did)."""


def compose_data(text: str, file: str = "<string>", *, max_depth: int = MAX_DEPTH,
                 max_nodes: int = MAX_NODES) -> Any:
    """``compose(text, file)[0]`` without the positions: the same data, about twice as fast.

    It handles what guidelines hold (mappings, sequences, untagged scalars of every style).
    Anchors, aliases, tags, non-string or duplicate keys, deep nesting, several documents and
    syntax errors are left to ``compose``, which gives the same data or raises the same error
    as always. ``store.Document`` composes the positions later, only if they are asked for.
    """
    try:
        return _compose_data(text, max_depth, max_nodes)
    except (_Unusual, _pyyaml.YAMLError, RecursionError):
        return compose(text, file, max_depth=max_depth, max_nodes=max_nodes)[0]


def _compose_data(text: str, max_depth: int, max_nodes: int) -> Any:
    scalar_cls, map_cls, seq_cls = _ev.ScalarEvent, _ev.MappingStartEvent, _ev.SequenceStartEvent
    end_classes = (_ev.MappingEndEvent, _ev.SequenceEndEvent)
    doc_start, alias_cls = _ev.DocumentStartEvent, _ev.AliasEvent
    no_key = _NO_KEY
    resolve = resolve_plain
    special = _RESOLVE_FIRST
    # stack entries: [container, pending key (mappings)]
    stack: list[list[Any]] = []
    root: Any = None
    events = 0
    documents = 0
    loader = _Loader(text)
    try:
        get = loader.get_event
        while True:
            ev = get()
            if ev is None:
                break
            events += 1
            cls = ev.__class__
            if cls is scalar_cls:
                if ev.anchor is not None:
                    raise _Unusual
                tag = ev.tag
                if tag and tag != "!":
                    raise _Unusual
                value = ev.value
                if not ev.style and ev.implicit[0] and (not value or value[0] in special):
                    value = resolve(value)
            elif cls is map_cls or cls is seq_cls:
                if ev.anchor is not None or len(stack) >= max_depth:
                    raise _Unusual
                if stack:
                    top = stack[-1]
                    if top[1] is no_key and top[0].__class__ is dict:
                        raise _Unusual  # a collection as a key
                stack.append([{} if cls is map_cls else [], no_key])
                continue
            elif cls in end_classes:
                value = stack.pop()[0]
            elif cls is alias_cls:
                raise _Unusual
            elif cls is doc_start:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            else:
                continue
            if not stack:
                root = value
                continue
            top = stack[-1]
            container = top[0]
            if container.__class__ is list:
                container.append(value)
            elif top[1] is no_key:
                if value.__class__ is not str or value == "<<" or value in container:
                    raise _Unusual
                top[1] = value
            else:
                container[top[1]] = value
                top[1] = no_key
    finally:
        loader.dispose()
    if events > max_nodes:
        raise _Unusual
    return root
