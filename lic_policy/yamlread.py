"""Read YAML safely and fast, keeping the position of every node.

One iterative composer over parser events (libyaml's C parser when PyYAML has it, the
pure-Python parser otherwise). Because it is ours, it can refuse what a guideline never
needs and what an attacker would send: duplicate keys, alias bombs, deep nesting,
non-string keys, several documents in one file. Scalars resolve with the YAML 1.2 core
schema plus dates, as ruamel.yaml does, so a file means the same thing to both.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from . import lazy_re
from .errors import InputError

MAX_DEPTH = 64
MAX_NODES = 1_000_000
OVER_BUDGET = "the document holds more than"  # how the refusal of a document over MAX_NODES begins
"""Upper bound of nodes after alias expansion (billion-laughs protection)."""

_YAML: Any = None


def _yaml() -> tuple[Any, Any, Any]:
    """PyYAML, its safe loader (libyaml's C parser where PyYAML has it: an order of magnitude
    faster than the pure-Python one) and its events module, imported on first use: the block
    reader, which reads guidelines as they are usually written, needs none of them."""
    global _YAML
    if _YAML is None:
        import yaml

        try:
            from yaml import CSafeLoader as loader  # type: ignore[attr-defined]
        except ImportError:  # pragma: no cover - depends on how PyYAML was built
            from yaml import SafeLoader as loader  # type: ignore[assignment]
        _YAML = (yaml, loader, yaml.events)
    return _YAML


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
_NUMERIC_FIRST = frozenset("-+.0123456789")
_WORDS: dict[str, Any] = {**_BOOL, **{w: None for w in _NULL if w}}
"""The plain scalars starting with a letter (or ``~``) that are not strings: a plain scalar
starting with one of ``_RESOLVE_FIRST`` but not ``_NUMERIC_FIRST`` resolves to
``_WORDS.get(value, value)``. The block reader's two line loops inline this (they resolve
every one-line value of a guideline); elsewhere ``resolve_plain`` does it."""

_TAGS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: _BOOL.get(v, v),
    "tag:yaml.org,2002:null": lambda v: None,
}


_STANDARD = "tag:yaml.org,2002:"
_COLLECTION_TAGS = (None, "!", _STANDARD + "map", _STANDARD + "seq")


def _tag_name(tag: str) -> str:
    """A tag as it is written: ``!!python/object/apply:os.system`` rather than its URI."""
    return "!!" + tag[len(_STANDARD):] if tag.startswith(_STANDARD) else tag


def _unsupported_tag(tag: str, mark: Any, file: str) -> InputError:
    return InputError(f"unsupported YAML tag '{_tag_name(tag)}'", file=file, line=mark.line + 1,
                      column=mark.column + 1, hint="remove the tag; guidelines and review files use plain values, "
                      "lists and mappings")


def _clip(value: str, n: int = 40) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def _scalar(ev: Any, file: str) -> Any:
    tag = ev.tag
    if tag and tag != "!":
        conv = _TAGS.get(tag)
        if conv is None:
            raise _unsupported_tag(tag, ev.start_mark, file)
        try:
            return conv(ev.value)
        except ValueError:
            raise InputError(f"'{_clip(ev.value)}' is not a valid {tag.rsplit(':', 1)[-1]}", file=file,
                             line=ev.start_mark.line + 1, column=ev.start_mark.column + 1,
                             hint="fix the value or remove the tag") from None
    if not ev.style and ev.implicit[0]:
        try:
            return resolve_plain(ev.value)
        except ValueError:  # Python refuses to convert integers of more than 4,300 digits
            raise InputError(f"a number with {len(ev.value):,} digits", file=file, line=ev.start_mark.line + 1,
                             column=ev.start_mark.column + 1,
                             hint="no number in a guideline is this long; quote it if it is text") from None
    value = ev.value
    if ev.style == '"' and _HALF.search(value):
        value = _join_halves(value, ev, file)
    return value


_SURROGATE_ESCAPE = lazy_re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_HALF = lazy_re.compile("[\ud800-\udfff]")


def _join_halves(value: str, ev: Any, file: str) -> str:
    """A double-quoted scalar's escaped surrogate pairs ("\\ud83d\\ude00", as JSON writes a
    character beyond U+FFFF) joined into their character; a half with no other half is refused
    at the scalar's place."""
    joined = re.sub("[\ud800-\udbff][\udc00-\udfff]",
                    lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), value)
    lone = _HALF.search(joined)
    if lone:
        raise InputError(f"the escape \\u{ord(lone.group()):04x} is half of a character (a lone surrogate)",
                         file=file, line=ev.start_mark.line + 1, column=ev.start_mark.column + 1,
                         hint="write the character itself, or its escape \\U followed by 8 hex digits")
    return joined


_CONTROL_NAMES = {0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape",
                  0x7F: "delete"}


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _parser_error(exc: Exception, text: str, file: str) -> InputError:
    """The one-line error for what the YAML reader refused: the first diagnosis that names a
    cause people cannot see (a control character, too deep nesting, a character YAML reads as
    a line break, a YAML version, a lone CR, a second byte-order mark, tabs or odd spaces for
    indentation), else the reader's own message at its place."""
    character = getattr(exc, "character", None)
    if isinstance(character, int) and chr(character) in text:
        return _control_character_error(character, text, file)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "maximum nesting depth" in problem:  # libyaml 0.2.6+ stops deep nesting before we do
        m = getattr(exc, "problem_mark", None)
        return InputError(f"nesting deeper than {MAX_DEPTH} levels", file=file,
                          line=m.line + 1 if m else None, column=m.column + 1 if m else None,
                          hint="guidelines are never this deep; check for runaway brackets or indentation")
    found = _invisible_break_error(text, file, mark, problem) or _merge_conflict_error(text, file, mark)
    if found is not None:
        return found
    if mark is not None:
        found = _second_bom_error(text, file, mark) or _indentation_error(text, file, mark)
        if found is not None:
            return found
    return _syntax_error(exc, file, mark, problem, text)


def _control_character_error(character: int, text: str, file: str) -> InputError:
    """The reader refuses a control character (pasted from a PDF or a terminal) with no line
    or column; it stops at the first one, so the first of that character is it."""
    index = text.index(chr(character))
    name = _CONTROL_NAMES.get(character)
    line, col = line_col(text, index)
    return InputError(f"a control character (U+{character:04X}{', ' + name if name else ''}) in the text, which "
                      "YAML does not allow", file=file, line=line, column=col,
                      hint="delete it; most editors do not show it, and it comes with text pasted from a PDF, a "
                           "terminal or a word processor")


def _invisible_break_error(text: str, file: str, mark: Any, problem: str) -> Optional[InputError]:
    """A character YAML reads as a line break (U+2028, U+2029, NEL) or a lone CR before the
    error, or a %YAML line naming a version there is none of."""
    breaks = _odd_break(text, mark.index if mark is not None else len(text))
    if breaks is not None:
        index, name = breaks
        line, col = line_col(text, index)
        return InputError(f"the text holds a {name}, which YAML reads as a line break: {problem}", file=file,
                          line=line, column=col, hint="replace it with a space (or a real line break), or put "
                          "the text in quotes")
    if "incompatible YAML document" in problem and mark is not None:  # %YAML 1.3, %YAML 2.0
        directive = text[text.rfind("\n", 0, mark.index) + 1:].split("\n", 1)[0].strip()[:40]
        return InputError(f"'{directive}': there is no such YAML version (lic-policy reads YAML 1.1 and 1.2)",
                          file=file, line=mark.line + 1, column=mark.column + 1,
                          hint="remove the %YAML line; a guideline needs none")
    cr = _lone_cr(text, mark.index if mark is not None else len(text))
    if cr is not None:
        line, col = line_col(text, cr)
        return InputError(f"a carriage return (CR) on its own inside a line, which YAML reads as a line break: "
                          f"{problem}", file=file, line=line, column=col,
                          hint="delete it, or put a space in its place; most editors do not show it, and it comes "
                               "with text pasted from another program")
    return None


_CONFLICT_START = lazy_re.compile(r"^<{7}(?: |$)", re.M)


def _merge_conflict_error(text: str, file: str, mark: Any) -> Optional[InputError]:
    """git's conflict markers (``<<<<<<< HEAD`` ... ``=======`` ... ``>>>>>>> main``) left in
    the file by a merge, a rebase or a stash: YAML reads them as text and stops a line or two
    later with 'could not find expected ':'' and a hint about indentation. Named at the first
    marker before the error (or anywhere, when the reader gave no place)."""
    upto = len(text) if mark is None else text.find("\n", mark.index) % (len(text) + 1)
    m = _CONFLICT_START.search(text, 0, upto or len(text))
    if m is None or not re.search(r"^={7}\r?$", text[m.end():], re.M):
        return None
    line, _col = line_col(text, m.start())
    return InputError("unresolved git merge conflict: the file still holds the conflict markers (<<<<<<<, ======= "
                      "and >>>>>>>) a merge or rebase left", file=file, line=line, column=1,
                      hint="keep the lines wanted from each side, delete the three marker lines, and save")


def _second_bom_error(text: str, file: str, mark: Any) -> Optional[InputError]:
    """A byte-order mark inside the text (two files joined, text pasted with its BOM) is
    invisible, and YAML reads it as the start of a word, so the error shows lines later. The
    file's own byte-order mark is there as is, or as the space the reader puts in its place
    (store.bomless): it takes no column an editor shows."""
    first = 1 if text[:2] in ("\ufeff\ufeff", " \ufeff") else 0
    bom = text.find("\ufeff", first, mark.index + first + 1)
    if bom == -1:
        return None
    start = text.rfind("\n", 0, bom) + 1
    return InputError("a second byte-order mark (U+FEFF), which YAML reads as text", file=file,
                      line=text.count("\n", 0, bom) + 1, column=bom - max(start, first) + 1,
                      hint="delete this invisible character (files joined together or pasted text carry it)")


def _indentation_error(text: str, file: str, mark: Any) -> Optional[InputError]:
    """Tabs are the most common cause of a YAML syntax error that people cannot see; no-break
    and other wide spaces, pasted from a web page or a word processor, come next (on the
    error's line or the one before it)."""
    lines = text.splitlines()
    for ln in (mark.line, mark.line - 1):
        if 0 <= ln < len(lines):
            stripped = lines[ln].lstrip(" ")
            if stripped.startswith("\t"):
                return InputError(
                    "tab character used for indentation", file=file, line=ln + 1,
                    column=len(lines[ln]) - len(stripped) + 1,
                    hint="YAML indentation must use spaces; replace the tab with spaces",
                )
            if stripped[:1] in _ODD_SPACES:
                return InputError(
                    f"{_ODD_SPACES[stripped[0]]} used for indentation", file=file, line=ln + 1,
                    column=len(lines[ln]) - len(stripped) + 1,
                    hint="YAML indentation must use ordinary spaces; such spaces come with text pasted from "
                         "a web page or a word processor: retype the indentation with the space bar",
                )
    return None


_KEY_TEXT = lazy_re.compile(r"([ \t]*(?:-[ \t]+)?)([A-Za-z_][\w.-]*)[ \t]*:[ \t]+(\S[^\r\n]*)")
_TEXT_STARTS = {"[": "'[' (YAML reads a list)", "{": "'{' (YAML reads a mapping)", "@": "'@'", "`": "'`'",
                "%": "'%'", "*": "'*' (YAML reads an alias)", "&": "'&' (YAML reads an anchor)",
                "|": "'|' and text on the same line", ">": "'>' and text on the same line",
                "- ": "'- ' (YAML reads a list item)", "? ": "'? ' (YAML reads a key)"}


def _unquoted_text_hint(text: str, mark: Any) -> Optional[str]:
    """The cure, where the error's line is ``key: text`` that YAML read as syntax: a text
    pasted after a key holding ': ', or beginning with a quotation mark it does not end with,
    a bracket, '@', '`', '%', '*', '- ' (what a drafter types; the hint named indentation)."""
    line_start = text.rfind("\n", 0, mark.index) + 1 if mark.index <= len(text) else 0
    line_end = text.find("\n", line_start)
    m = _KEY_TEXT.fullmatch(text, line_start, line_end if line_end >= 0 else len(text))
    if m is None:
        return None
    key, value = m.group(2), m.group(3).rstrip("\r")
    cure = f"put the whole text in quotes, or write it as a block ({key}: | and the text on the lines below, indented)"
    if value[:1] in "\"'":
        return (f"the text after '{key}:' begins with a quotation mark, so YAML reads only the quoted words as the "
                f"text and the rest as a mistake: {cure}")
    for start, what in _TEXT_STARTS.items():
        if value.startswith(start):
            return f"the text after '{key}:' begins with {what}, which YAML does not read as text: {cure}"
    if ": " in value or value.endswith(":"):
        return f"the text after '{key}:' holds ': ', which YAML reads as another key: {cure}"
    return None


def _syntax_error(exc: Exception, file: str, mark: Any, problem: str, text: str = "") -> InputError:
    """The reader's own message, with where the construct it was reading started."""
    message = f"YAML syntax error: {problem}"
    context = getattr(exc, "context", None)
    if context and context not in problem:
        message += f" ({context})"
    cmark = getattr(exc, "context_mark", None)
    if mark is not None and cmark is not None and (cmark.line, cmark.column) != (mark.line, mark.column):
        message += f", which started at line {cmark.line + 1}, column {cmark.column + 1}"
    hint = "check the indentation and quoting around this place"
    if mark is not None and ("found character '\\t'" in problem or "\\t" in problem):
        hint = "YAML indentation must use spaces; replace the tab with spaces"
    elif mark is not None and text:
        hint = _unquoted_text_hint(text, mark) or hint
    return InputError(message, file=file, line=mark.line + 1 if mark is not None else None,
                      column=mark.column + 1 if mark is not None else None, hint=hint)


_ODD_SPACES = {"\u00a0": "no-break space (U+00A0)", "\u202f": "narrow no-break space (U+202F)",
               "\u3000": "ideographic space (U+3000)", "\u2007": "figure space (U+2007)",
               **{chr(c): f"wide space (U+{c:04X})" for c in (*range(0x2000, 0x2007), *range(0x2008, 0x200B))}}

_ODD_BREAKS = {"\u2028": "LINE SEPARATOR (U+2028)", "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
               "\x85": "NEXT LINE control character (U+0085, NEL)"}


def _odd_break(text: str, upto: int) -> Optional[tuple[int, str]]:
    """The first U+2028, U+2029 or NEL at or before index ``upto`` (libyaml's index counts
    these as line breaks too, so it is compared as a character index), or None."""
    found = [(i, name) for c, name in _ODD_BREAKS.items() if (i := text.find(c)) != -1 and i <= upto + 1]
    return min(found) if found else None


def _lone_cr(text: str, upto: int) -> Optional[int]:
    """The first carriage return not followed by a line feed at or before index ``upto``, in
    a text whose lines end in line feeds (a file of lone CRs, as classic Mac OS wrote them,
    is read as lines), or None."""
    if "\n" not in text or "\r" not in text:
        return None
    m = re.compile(r"\r(?!\n)").search(text, 0, upto + 2)
    return m.start() if m else None


def compose(text: str, file: str = "<string>", *, max_depth: int = MAX_DEPTH,
            max_nodes: int = MAX_NODES) -> tuple[Any, dict[tuple, Span]]:
    """Parse ``text`` into plain Python data and a map from node path to ``Span``.

    Paths are tuples of mapping keys (str) and sequence indexes (int); the root is ``()``.
    Raises ``InputError`` with line and column for anything a guideline cannot contain.
    """
    _pyyaml, _Loader, _ev = _yaml()
    composer = _Composer(file, max_depth, max_nodes)
    on_event = {_ev.ScalarEvent: composer.scalar, _ev.MappingStartEvent: composer.start_mapping,
                _ev.SequenceStartEvent: composer.start_sequence, _ev.MappingEndEvent: composer.end,
                _ev.SequenceEndEvent: composer.end, _ev.AliasEvent: composer.alias,
                _ev.DocumentStartEvent: composer.document_start}
    try:
        try:
            for ev in _pyyaml.parse(text, Loader=_Loader):
                handle = on_event.get(ev.__class__)
                if handle is not None:
                    handle(ev)
        except _pyyaml.YAMLError as exc:
            if "invalid Unicode character escape" not in str(exc) or not _SURROGATE_ESCAPE.search(text):
                raise
            # libyaml refuses "\ud83d\ude00", the escaped surrogate pair json.dumps writes for
            # a character beyond U+FFFF (an emoji); the pure-Python reader takes it (as two
            # halves, joined in ``_scalar``). Only such a file pays for the slower reader.
            composer = _Composer(file, max_depth, max_nodes)
            on_event = {k: getattr(composer, v.__name__) for k, v in on_event.items()}
            for ev in _pyyaml.parse(text, Loader=_pyyaml.SafeLoader):
                handle = on_event.get(ev.__class__)
                if handle is not None:
                    handle(ev)
    except _pyyaml.YAMLError as exc:
        raise _parser_error(exc, text, file) from None
    except RecursionError:  # pragma: no cover - the depth limit prevents it
        raise InputError("nesting too deep", file=file, hint="check the file") from None
    if any(c in text for c in _ODD_BREAKS):
        _refuse_odd_breaks(text, composer.positions, file)
    return composer.root, composer.positions


class _Open:
    """A mapping or sequence being composed: the container, its path and span, the key whose
    value comes next (``_NO_KEY`` when a key comes next) and where that key is, its anchor,
    its size after alias expansion, and the keys seen (for duplicates)."""

    __slots__ = ("container", "path", "span", "key", "key_at", "anchor", "count", "seen_keys")

    def __init__(self, container: Any, path: tuple, span: Span, anchor: Optional[str]):
        self.container, self.path, self.span, self.anchor = container, path, span, anchor
        self.key: Any = _NO_KEY
        self.key_at: Optional[tuple[int, int, int]] = None
        self.count = 1
        self.seen_keys: dict[str, tuple[int, int]] = {}

    def wants_key(self) -> bool:
        return isinstance(self.container, dict) and self.key is _NO_KEY


class _Composer:
    """The state of ``compose``: one method per kind of parser event."""

    def __init__(self, file: str, max_depth: int, max_nodes: int):
        self.file, self.max_depth, self.max_nodes = file, max_depth, max_nodes
        self.positions: dict[tuple, Span] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor → (value, its size after alias expansion)
        self.stack: list[_Open] = []
        self.root: Any = None
        self.total_nodes = 0
        self.documents = 0

    def _error(self, message: str, mark: Any, hint: str) -> InputError:
        return InputError(message, file=self.file, line=mark.line + 1, column=mark.column + 1, hint=hint)

    def _wants_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].wants_key()

    # ---------------------------------------------------------------- events

    def scalar(self, ev: Any) -> None:
        sm = ev.start_mark
        value = _scalar(ev, self.file)
        span = None if self._wants_key() else Span(sm.line, sm.column, sm.index, ev.end_mark.index, ev.style or None)
        if ev.anchor:
            self.anchors[ev.anchor] = (value, 1)
        self.add(value, span, 1, sm, 1)

    def start_mapping(self, ev: Any) -> None:
        self._start(ev, {})

    def start_sequence(self, ev: Any) -> None:
        self._start(ev, [])

    def _start(self, ev: Any, container: Any) -> None:
        sm = ev.start_mark
        if ev.tag not in _COLLECTION_TAGS:  # !!set, !!omap, !!python/object/apply:..., !custom
            raise _unsupported_tag(ev.tag, sm, self.file)
        if self._wants_key():
            raise self._error("mapping keys must be plain text", sm, "use a simple word as the key")
        if len(self.stack) >= self.max_depth:
            raise self._error(f"nesting deeper than {self.max_depth} levels", sm,
                              "a guideline is never this deep; check the file")
        path = self._child_path() if self.stack else ()
        span = Span(sm.line, sm.column, sm.index, -1, "map" if isinstance(container, dict) else "seq")
        self.stack.append(_Open(container, path, span, ev.anchor))

    def end(self, ev: Any) -> None:
        node = self.stack.pop()
        node.span.end = ev.end_mark.index
        if node.anchor:
            self.anchors[node.anchor] = (node.container, node.count)
        # Its children are already in the budget; the parent's size grows by ``count``.
        self.add(node.container, node.span, node.count, ev.start_mark, 1)

    def alias(self, ev: Any) -> None:
        sm = ev.start_mark
        if ev.anchor not in self.anchors:
            raise self._error(f"unknown alias '*{ev.anchor}'", sm, "define the anchor (&name) before using it")
        value, count = self.anchors[ev.anchor]
        if self._wants_key():
            raise self._error("aliases cannot be used as mapping keys", sm, "write the key out")
        span = Span(sm.line, sm.column, sm.index, ev.end_mark.index, "alias")
        self.add(value, span, count, sm, count)

    def document_start(self, ev: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self._error("the file holds more than one YAML document", ev.start_mark,
                              "a file holds one document: remove the '---' separator and keep one of the two")

    # ---------------------------------------------------------------- attaching values

    def _child_path(self) -> tuple:
        top = self.stack[-1]
        if isinstance(top.container, list):
            return top.path + (len(top.container),)
        return top.path + (top.key,)

    def add(self, value: Any, span: Span | None, count: int, at_mark: Any, new_nodes: int) -> None:
        """Attach ``value`` to the open container; ``count`` is its size after alias
        expansion (for the parent's size), ``new_nodes`` what it adds to the budget."""
        self.total_nodes += new_nodes
        if self.total_nodes > self.max_nodes:
            raise self._over_budget(at_mark)
        if not self.stack:
            self.root = value
            if span is not None:
                self.positions[()] = span
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            idx = len(top.container)
            top.container.append(value)
            if span is not None:
                self.positions[top.path + (idx,)] = span
            top.count += count
        elif top.key is _NO_KEY:
            self._take_key(top, value, at_mark)
        else:
            key = top.key
            top.container[key] = value
            if span is not None:
                span.key_line, span.key_col, span.key_start = top.key_at
                self.positions[top.path + (key,)] = span
            top.key = _NO_KEY
            top.count += count

    def _over_budget(self, at_mark: Any) -> InputError:
        """The error for a document over the node budget (aliases expanded)."""
        if self.anchors:
            return self._error(f"document expands to more than {self.max_nodes:,} nodes (alias expansion)",
                               at_mark, "remove the YAML aliases (*name); a guideline never needs them")
        return self._error(
            f"{OVER_BUDGET} {self.max_nodes:,} keys and values", at_mark,
            "a guideline holds a few thousand; this file is generated or broken: split it, or remove "
            "what does not belong in a guideline")

    def _take_key(self, top: _Open, value: Any, at_mark: Any) -> None:
        """``value`` is the next key of mapping ``top``: plain text (a number, date or boolean as
        written), no merge key, no duplicate."""
        if not isinstance(value, str):
            if isinstance(value, (int, float, bool, _dt.date)) and not isinstance(value, (dict, list)):
                value = str(value) if not isinstance(value, bool) else ("true" if value else "false")
            else:
                raise self._error("mapping keys must be plain text", at_mark, "use a simple word as the key")
        if value == "<<":
            raise self._error("YAML merge keys (<<) are not supported", at_mark, "write the fields out in full")
        if value in top.seen_keys:
            first = top.seen_keys[value]
            raise self._error(f"duplicate key '{value}' (first defined at line {first[0] + 1})", at_mark,
                              "remove or rename one of the two keys; YAML keeps only one of them")
        top.seen_keys[value] = (at_mark.line, at_mark.column)
        top.key = value
        top.key_at = (at_mark.line, at_mark.column, at_mark.index)


def _refuse_odd_breaks(text: str, positions: dict, file: str) -> None:
    """U+2028, U+2029 and NEL are line breaks to libyaml (YAML 1.1) but ordinary characters to
    YAML 1.2 readers and to people: in a plain or block scalar they split the text, in a
    comment they end it (the rest of the line becomes YAML). Only inside quotes do all readers
    agree. Anywhere else: one clear line."""
    quoted = sorted((sp.start, sp.end) for sp in positions.values() if sp.style in ("'", '"'))
    import bisect

    starts = [a for a, _b in quoted]
    for c, name in _ODD_BREAKS.items():
        i = text.find(c)
        while i != -1:
            k = bisect.bisect_right(starts, i) - 1
            if k < 0 or not quoted[k][0] < i < quoted[k][1]:
                line, col = line_col(text, i)
                raise InputError(f"the text holds a {name} outside quotes, which YAML reads as a line break",
                                 file=file, line=line, column=col, hint="replace it with a space (or a real line "
                                 "break), or put the text in double quotes")
            i = text.find(c, i + 1)


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

    Block-style text as guidelines are written is read line by line (``_BlockReader``, no
    parser events at all); the rest goes through libyaml's events, and anything unusual there
    (anchors, aliases, tags, non-string or duplicate keys, deep nesting, several documents,
    syntax errors) to ``compose``, which gives the same data or raises the same error as
    always. ``store.Document`` composes the positions later, only if they are asked for.
    """
    return read_data(text, file, max_depth=max_depth, max_nodes=max_nodes)[0]


def read_data(text: str, file: str = "<string>", *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
              ) -> tuple[Any, Optional[Callable[[], dict[tuple, Span]]]]:
    """``compose_data``'s data and, where the block reader read it, a function that gives
    ``compose``'s positions from the lines the reader has already split and checked (a
    second pass over them, not over the text); None where compose must give them."""
    try:
        reader = _block_reader(text, max_depth, max_nodes)
        return reader.read(), reader.positions
    except Exception:  # noqa: BLE001 - _Unusual, or anything else: compose decides
        pass
    if not any(c in text for c in _ODD_BREAKS):  # those need the positions compose keeps
        try:
            return _compose_data(text, max_depth, max_nodes), None
        except Exception:  # noqa: BLE001 - the same data, or the same error, as always
            pass
    return compose(text, file, max_depth=max_depth, max_nodes=max_nodes)[0], None


def _compose_data(text: str, max_depth: int, max_nodes: int) -> Any:
    _pyyaml, _Loader, _ev = _yaml()
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
                if ev.anchor is not None or len(stack) >= max_depth or ev.tag not in _COLLECTION_TAGS:
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


# --------------------------------------------------------------------------- block-style fast path

_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]*):(?: +|$))?(.*)$", re.MULTILINE)
"""Every line as (indentation, sequence dash with its spaces, simple key, rest), in one pass."""
_GOOD_BYTES = bytes(range(0x20, 0x7F)) + b"\n" + bytes(range(0x80, 0x100))
_BAD_PAIRS = lazy_re.compile(rb"\xc2[\x80-\x9f]|\xed[\xa0-\xbf]")  # U+0080-U+009F; surrogates
_BAD_CHARS = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")


def _simple(text: str) -> bool:
    """True when ``text`` holds none of the characters the block reader leaves to compose:
    tabs, carriage returns and other control characters (C0 but the line feed, DEL, C1),
    YAML 1.1's other line breaks (U+2028, U+2029), byte-order marks, U+FFFE/U+FFFF and
    surrogates. Tested with C-speed operations on the UTF-8 bytes and the text (a regular
    expression over the text costs four times as much)."""
    raw = text.encode("utf-8", "surrogatepass")
    if raw.translate(None, _GOOD_BYTES):  # what is left is an ASCII control character
        return False
    if raw.isascii():
        return True
    if (b"\xc2" in raw or b"\xed" in raw) and _BAD_PAIRS.search(raw):
        return False
    # one character each: a search for one character is a fast scan, for three bytes is not
    return not any(c in text for c in _BAD_CHARS)
_JSON_ESCAPE = re.compile(r'\\(?:["\\bfnrt]|u(?![dD][89a-fA-F])[0-9a-fA-F]{4})|"')
"""The escapes YAML's and JSON's double-quoted strings share (same meaning), and the quote
itself; surrogate escapes are left to compose."""


def _json_escapes(rest: str) -> str:
    """A one-line double-quoted scalar whose escapes are all ones JSON has too (lic-policy's
    writers use no others: a newline in a short value is written ``\\n``), decoded by the C
    JSON decoder; ``_Unusual`` for anything else."""
    import json

    inner = rest[1:-1]
    seen = 0
    for m in _JSON_ESCAPE.finditer(inner):
        if m.group() == '"':
            raise _Unusual  # an unescaped quote inside: the line holds more than this scalar
        seen += len(m.group()) - len(m.group().replace("\\", ""))
    if seen != inner.count("\\"):
        raise _Unusual  # an escape JSON does not have (\\x41, \\e, \\N, a line-end escape, ...)
    try:
        return json.loads(rest)
    except ValueError:
        raise _Unusual from None


_PLAIN_FIRST_BAD = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_ITEM_BAD = re.compile(r"[\[\]{}#:\"]")
_FLOW_PAIR = re.compile(r" *([A-Za-z_][A-Za-z0-9_-]*): +([^ ](?:.*[^ ])?) *$")


class _BlockReader:
    """A reader for the block-style YAML that guidelines are written in (and that
    ``lic-policy`` writes): block mappings with simple keys, block sequences, one-line plain
    and quoted scalars, and ``|``/``|-`` literal blocks. It gives exactly what ``compose``
    gives for such text and raises ``_Unusual`` at the first line it does not know, so the
    event-based composers decide everything else (and raise every error).

    Each line is split once, by one regular expression over the whole text (``_LINE``), into
    its indentation, a leading ``- ``, a ``key:`` and the rest; a line is blank or a comment
    when it has neither dash nor key and its rest is empty or starts with ``#``.

    With ``positions`` (a dict) it also records the ``Span`` of every node, exactly as
    ``compose`` does from libyaml's marks: a scalar from its first character (a block
    scalar from its ``|``; an empty value right after its ``:`` or ``-``) to its end (a block
    scalar to the start of the line that ends it); a collection from its first key or dash
    to the first token after it (the end of the text after the last one); mapping values
    with their key's place; each node after its children."""

    __slots__ = ("lines", "toks", "i", "n", "max_depth", "pos", "starts", "size")

    def __init__(self, text: str, max_depth: int):
        self.lines = text.split("\n")
        self.toks = _LINE.findall(text)
        self.i = 0
        self.n = len(self.lines)
        self.max_depth = max_depth
        self.pos: Optional[dict] = None
        self.size = len(text)
        if len(self.toks) != self.n:  # pragma: no cover - a line break _simple let through
            raise _Unusual

    def read(self, positions: Optional[dict] = None) -> Any:
        """The document's data; with ``positions`` (a dict), every node's ``Span`` too. A
        reader can read again (positions later, from the lines it has already split)."""
        self.pos, self.i = positions, 0
        if positions is not None:
            self.starts = list(itertools.accumulate((len(ln) + 1 for ln in self.lines[:-1]), initial=0))
        try:
            return self.document()
        finally:
            self.pos = None

    def positions(self) -> dict[tuple, Span]:
        positions: dict[tuple, Span] = {}
        self.read(positions)
        return positions

    def _next(self) -> int:
        """Index of the next line that is neither blank nor a comment (n at the end)."""
        toks, i, n = self.toks, self.i, self.n
        while i < n:
            _ind, dash, key, rest = toks[i]
            if dash or key or (rest and rest[0] != "#"):
                break
            i += 1
        self.i = i
        return i

    def _end(self, i: int) -> int:
        """Index of the first token on significant line ``i`` (the end of the text at n)."""
        return self.starts[i] + len(self.toks[i][0]) if i < self.n else self.size

    def document(self) -> Any:
        i = self._next()
        if i >= self.n:
            raise _Unusual
        if self.toks[i][0]:
            raise _Unusual
        root = self.mapping(0, None, 1, ())
        if self._next() < self.n:
            raise _Unusual
        return root

    def mapping(self, indent: int, first: Optional[tuple], depth: int, path: tuple = ()) -> dict:
        if depth > self.max_depth:
            raise _Unusual
        out: dict = {}
        toks, n, pos = self.toks, self.n, self.pos
        bad_first, special, words, numeric = _PLAIN_FIRST_BAD, _RESOLVE_FIRST, _WORDS, _NUMERIC_FIRST
        i = self.i
        # the first key: on the line before (a "- key: value" item) or on the next line
        # (callers skip blank lines and comments first)
        first_line = i - 1 if first is not None else i
        if first is not None:
            key, rest = first
        while True:
            if first is None:
                while i < n:
                    ind, dash, key, rest = toks[i]
                    if dash or key or (rest and rest[0] != "#"):
                        break
                    i += 1
                else:
                    break
                if len(ind) != indent:
                    if len(ind) < indent:
                        break
                    raise _Unusual
                if dash:
                    break  # a sequence at this indent: the caller's (or an error)
                if not key:
                    raise _Unusual
                i += 1
            first = None
            if key in out or key in words:  # a key like `true:` or `null:` is not a string
                raise _Unusual
            raw = rest
            if rest:
                if rest[-1] == " ":
                    rest = rest.rstrip(" ")
                # the common case inline: a one-line plain scalar
                if rest and rest[0] not in bad_first and ": " not in rest and " #" not in rest and rest[-1] != ":":
                    c = rest[0]
                    out[key] = rest if c not in special else words.get(rest, rest) if c not in numeric \
                        else resolve_plain(rest)
                    if pos is not None:
                        li = i - 1
                        self._place(path + (key,), li, len(self.lines[li]) - len(raw), len(rest), None, indent)
                    continue
            self.i = i
            if pos is None:
                out[key] = self.value(rest, indent, True, depth)
            else:
                li = i - 1
                col = len(self.lines[li]) - len(raw) if raw else indent + len(key) + 1
                out[key] = self.value(rest, indent, True, depth, path + (key,), li, col, indent)
            i = self.i
        self.i = i
        if pos is not None:
            s = self.starts[first_line]
            pos[path] = Span(first_line, indent, s + indent, self._end(i), "map")
        return out

    def sequence(self, indent: int, depth: int, path: tuple = ()) -> list:
        if depth > self.max_depth:
            raise _Unusual
        out: list = []
        toks, n, pos = self.toks, self.n, self.pos
        bad_first, special, words, numeric = _PLAIN_FIRST_BAD, _RESOLVE_FIRST, _WORDS, _NUMERIC_FIRST
        i = self.i
        first_line = -1
        while True:
            while i < n:
                ind, dash, key, rest = toks[i]
                if dash or key or (rest and rest[0] != "#"):
                    break
                i += 1
            else:
                break
            if len(ind) != indent:
                if len(ind) < indent:
                    break
                raise _Unusual
            if not dash:
                break  # the next key of a mapping at this indent (or an error, the caller's)
            if first_line < 0:
                first_line = i
            i += 1
            if key:
                self.i = i
                out.append(self.mapping(indent + len(dash), (key, rest), depth + 1,
                                        path + (len(out),) if pos is not None else ()))
                i = self.i
                continue
            raw = rest
            if rest and rest[-1] == " ":
                rest = rest.rstrip(" ")
            if rest:
                if rest[0] not in bad_first and ": " not in rest and " #" not in rest and rest[-1] != ":":
                    c = rest[0]
                    if pos is not None:
                        li = i - 1
                        self._place(path + (len(out),), li, len(self.lines[li]) - len(raw), len(rest), None, -1)
                    out.append(rest if c not in special else words.get(rest, rest) if c not in numeric
                               else resolve_plain(rest))
                    continue
            self.i = i
            if pos is None:
                out.append(self.value(rest or None, indent, False, depth))
            else:
                li = i - 1
                col = len(self.lines[li]) - len(raw) if raw else indent + 1
                out.append(self.value(rest or None, indent, False, depth, path + (len(out),), li, col, -1))
            i = self.i
        self.i = i
        if pos is not None and first_line >= 0:
            s = self.starts[first_line]
            pos[path] = Span(first_line, indent, s + indent, self._end(i), "seq")
        return out

    def value(self, rest: Optional[str], indent: int, in_mapping: bool, depth: int, path: tuple = (),
              line: int = -1, col: int = -1, key_col: int = -1) -> Any:
        """The value after ``key:`` or ``-`` (``rest`` is the rest of that line) of a
        collection at ``indent``. With positions: the value's ``path``, the ``line`` it is on,
        the ``col`` where it starts (right after the indicator when it is empty) and, in a
        mapping, its key's column."""
        if rest is not None:
            rest = rest.rstrip(" ")
        pos = self.pos
        if not rest:
            i = self._next()
            value: Any = None
            if i < self.n:
                ind, dash = self.toks[i][:2]
                ind = len(ind)
                if ind > indent:
                    value = self.sequence(ind, depth + 1, path) if dash else self.mapping(ind, None, depth + 1, path)
                elif ind == indent and in_mapping and dash:
                    value = self.sequence(ind, depth + 1, path)
            if pos is not None:
                if value is None:
                    self._place(path, line, col, 0, None, key_col)
                elif key_col >= 0:
                    sp = pos[path]
                    sp.key_line, sp.key_col, sp.key_start = line, key_col, self.starts[line] + key_col
            return value
        c = rest[0]
        if c == "|":
            if rest == "|":
                value = self.literal(indent, True)
            elif rest == "|-":
                value = self.literal(indent, False)
            else:
                raise _Unusual
            if pos is not None:
                self._place(path, line, col, self._end_of_line(self.i) - self.starts[line] - col, "|", key_col)
            return value
        if c == "[":
            return self.flow_sequence(rest, depth + 1, path, line, col, key_col)
        if c == "{":
            return self.flow_mapping(rest, depth + 1, path, line, col, key_col)
        if c == "'":
            inner = rest[1:-1]
            if len(rest) < 2 or rest[-1] != "'" or "'" in inner.replace("''", ""):
                raise _Unusual
            value = inner.replace("''", "'")
        elif c == '"':
            inner = rest[1:-1]
            if len(rest) < 2 or rest[-1] != '"':
                raise _Unusual
            if "\\" in inner:
                value = _json_escapes(rest)
            elif '"' in inner:
                raise _Unusual
            else:
                value = inner
        elif c in _PLAIN_FIRST_BAD or ": " in rest or " #" in rest or rest[-1] == ":":
            raise _Unusual
        else:
            value = resolve_plain(rest) if c in _RESOLVE_FIRST else rest
            c = None
        if pos is not None:
            self._place(path, line, col, len(rest), c, key_col)
        return value

    def flow_sequence(self, rest: str, depth: int, path: tuple, line: int, col: int, key_col: int) -> list:
        """A one-line flow sequence of plain scalars, ``[en, fr, zh-Hant]`` (anything else in
        brackets is left to compose)."""
        if depth > self.max_depth or rest[-1] != "]" or _FLOW_ITEM_BAD.search(rest, 1, len(rest) - 1):
            raise _Unusual
        out: list = []
        pos = self.pos
        inner = rest[1:-1]
        if inner.strip(" "):
            offset = col + 1
            for part in inner.split(","):
                item = part.strip(" ")
                if not item or item[0] in _PLAIN_FIRST_BAD:
                    raise _Unusual
                if pos is not None:
                    self._place(path + (len(out),), line, offset + len(part) - len(part.lstrip(" ")), len(item),
                                None, -1)
                offset += len(part) + 1
                out.append(resolve_plain(item))
        if pos is not None:
            self._place(path, line, col, len(rest), "seq", key_col)
        return out

    def flow_mapping(self, rest: str, depth: int, path: tuple, line: int, col: int, key_col: int) -> dict:
        """A one-line flow mapping of simple keys and plain scalars, ``{group: police, count: 6}``
        (anything else in braces is left to compose)."""
        if depth > self.max_depth or rest[-1] != "}" or _FLOW_ITEM_BAD.search(rest.replace(": ", "  "), 1,
                                                                                len(rest) - 1):
            raise _Unusual
        out: dict = {}
        pos = self.pos
        inner = rest[1:-1]
        if inner.strip(" "):
            offset = col + 1
            for part in inner.split(","):
                m = _FLOW_PAIR.match(part)
                if m is None:
                    raise _Unusual
                key, item = m.group(1), m.group(2)
                if key in out or key in _WORDS or item[0] in _PLAIN_FIRST_BAD or ":" in item:
                    raise _Unusual
                out[key] = resolve_plain(item)
                if pos is not None:
                    self._place(path + (key,), line, offset + m.start(2), len(item), None, offset + m.start(1))
                offset += len(part) + 1
        if pos is not None:
            self._place(path, line, col, len(rest), "map", key_col)
        return out

    def _end_of_line(self, i: int) -> int:
        """Index of the start of line ``i`` (the end of the text at n)."""
        return self.starts[i] if i < self.n else self.size

    def _place(self, path: tuple, line: int, col: int, length: int, style: Optional[str], key_col: int) -> None:
        s = self.starts[line]
        sp = Span(line, col, s + col, s + col + length, style)
        if key_col >= 0:
            sp.key_line, sp.key_col, sp.key_start = line, key_col, s + key_col
        self.pos[path] = sp

    def literal(self, indent: int, keep_last_break: bool) -> str:
        """A ``|`` (clip) or ``|-`` (strip) block scalar under a collection at ``indent``."""
        lines, toks, n = self.lines, self.toks, self.n
        i = self.i
        ci = -1
        while i < n:
            ind = toks[i][0]
            if len(ind) < len(lines[i]):  # not blank
                ci = len(ind)
                break
            i += 1
        if ci <= indent:
            raise _Unusual  # empty, or less indented than it must be: leave it to compose
        content: list[str] = []
        i = self.i
        while i < n:
            line = lines[i]
            k = len(toks[i][0])
            if k == len(line):  # blank
                if k > ci:
                    raise _Unusual  # spaces beyond the indentation are content: rare, leave it
                content.append("")
            elif k >= ci:
                content.append(line[ci:])
            else:
                break
            i += 1
        self.i = i
        while content and not content[-1]:
            content.pop()
        return "\n".join(content) + ("\n" if keep_last_break else "")


def _block_reader(text: str, max_depth: int, max_nodes: int) -> _BlockReader:
    # every line holds at most two nodes, and every comma of a one-line flow collection one
    # more: over the budget, compose counts them exactly (and refuses with a clear line)
    if not text.endswith("\n") or (text.count("\n") + text.count(",")) * 2 > max_nodes or not _simple(text):
        raise _Unusual
    return _BlockReader(text, max_depth)


def _compose_block(text: str, max_depth: int, max_nodes: int, positions: Optional[dict] = None) -> Any:
    return _block_reader(text, max_depth, max_nodes).read(positions)


def compose_fast(text: str, file: str = "<string>", *, max_depth: int = MAX_DEPTH,
                 max_nodes: int = MAX_NODES) -> tuple[Any, dict[tuple, Span]]:
    """``compose(text, file)``: the same data and positions, from the block reader where
    the text is plain block-style YAML (about three times as fast), from ``compose``
    otherwise (which also raises every error)."""
    positions: dict[tuple, Span] = {}
    try:
        return _compose_block(text, max_depth, max_nodes, positions), positions
    except Exception:  # noqa: BLE001 - _Unusual, or anything else: compose decides
        pass
    return compose(text, file, max_depth=max_depth, max_nodes=max_nodes)
