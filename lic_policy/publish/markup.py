"""Clause text (a small Markdown subset) → pandoc AST, built here, never by a Markdown reader.

The subset guidelines use: paragraphs, bullet and numbered lists, ``*emphasis*``,
``**strong**``, ``[links](https://…)``, ``<https://…>`` autolinks and ```code```.
Everything else is literal text. Because this parser only ever emits ``Str``, ``Space``,
``SoftBreak``, ``Emph``, ``Strong``, ``Code``, ``Link``, ``Para``, ``BulletList`` and
``OrderedList`` nodes, clause text cannot become raw HTML, raw LaTeX, raw typst, a raw
attribute, a div or an image in any output format: ``<script>`` stays the seven characters
``<script>``. Links keep only ``http``, ``https``, ``mailto`` and ``tel`` targets; any other
target (``javascript:``, ``data:``, ``file:``, relative and local paths) is dropped and the
link text kept. Images become their alt text; nothing is ever read from disk.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import urlsplit

from ..pandoc_ast import SOFTBREAK, SPACE, Str

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\"\\\\<>`]")
_BULLET = re.compile(r"^( {0,3})([-*+])\s+(.*)$")
_ORDERED = re.compile(r"^( {0,3})(\d{1,9})[.)]\s+(.*)$")
_ESCAPABLE = set("\\`*_{}[]()#+-.!<>|~\"'")


# --------------------------------------------------------------------------- nodes


# Str, SPACE, SOFTBREAK and plain_inlines are the one AST vocabulary (lic_policy.pandoc_ast).


def safe_url(url: str) -> str | None:
    """``url`` when it is an absolute http(s), mailto or tel link; otherwise None."""
    url = url.strip()
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme in ("mailto", "tel") and not parts.path:
        return None
    return url


def link(inlines: list[dict], url: str, title: str = "") -> list[dict]:
    """A link when ``url`` is safe, else just its text."""
    target = safe_url(url)
    if target is None:
        return inlines
    return [{"t": "Link", "c": [["", [], []], inlines, [target, title]]}]


# --------------------------------------------------------------------------- inlines


def _merge(nodes: list[dict]) -> list[dict]:
    """Join adjacent ``Str`` nodes so output is tidy and deterministic."""
    out: list[dict] = []
    run: list[str] = []  # adjacent Str texts, joined once (repeated + is quadratic)
    for n in nodes:
        if n["t"] == "Str":
            run.append(n["c"])
            continue
        if run:
            out.append(Str("".join(run)))
            run = []
        if n["t"] in ("Space", "SoftBreak") and (not out or out[-1]["t"] in ("Space", "SoftBreak")):
            continue
        else:
            out.append(n)
    if run:
        out.append(Str("".join(run)))
    while out and out[-1]["t"] in ("Space", "SoftBreak"):
        out.pop()
    return out


def find_close(s: str, i: int, opening: str, closing: str, *, one_line: bool = False) -> int:
    """Index of the ``closing`` character matching the ``opening`` one at ``i`` (nesting and
    backslash escapes respected), or -1; with ``one_line``, -1 at a line break too."""
    depth = 0
    j = i
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return j
        elif one_line and c == "\n":
            return -1
        j += 1
    return -1


def _destination(raw: str) -> tuple[str, str]:
    raw = raw.strip()
    m = re.match(r'^(<[^>]*>|\S+)(?:\s+"([^"]*)")?$', raw)
    if not m:
        return raw, ""
    url = m.group(1)
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    return url, m.group(2) or ""


def inlines(text: str, _depth: int = 0) -> list[dict]:
    """Parse inline Markdown-subset text into pandoc inline nodes (never raw)."""
    s = text
    out: list[dict] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(Str("".join(buf)))
            buf.clear()

    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in " \t\r\n":
            flush()
            out.append(SPACE if c in " \t" else SOFTBREAK)
            i += 1
            continue
        if c == "\\" and i + 1 < n and s[i + 1] in _ESCAPABLE:
            buf.append(s[i + 1])
            i += 2
            continue
        if c == "`":
            found = _code_span(s, i)
        elif _depth < 8 and (c == "[" or (c == "!" and i + 1 < n and s[i + 1] == "[")):
            found = _link_or_image(s, i, _depth)
        elif c == "<":
            found = _autolink(s, i)
        elif c in "*_" and _depth < 8:
            found = _emphasis(s, i, _depth)
        else:
            found = None
        if found is None:
            buf.append(c)
            i += 1
            continue
        nodes, i, literal = found
        if nodes is not None:
            flush()
            out.extend(nodes)
        else:
            buf.append(literal)
    flush()
    return _merge(out)


# An inline construct read at a position: (its nodes, the position after it, "") when it is
# there; (None, the position after the opening, the opening as text) when it opens but does not
# close (a lone ``` `` ``` or ``**``); None when the character there is plain text.
_Found = Optional[tuple[Optional[list[dict]], int, str]]


def _code_span(s: str, i: int) -> _Found:
    """```code``` with a fence of one or more backticks, its spaces collapsed."""
    run = len(s[i:]) - len(s[i:].lstrip("`"))
    fence = "`" * run
    end = s.find(fence, i + run)
    if end == -1:
        return None, i + run, fence
    code = _WS.sub(" ", s[i + run:end]).strip()
    return [{"t": "Code", "c": [["", [], []], code]}], end + run, ""


def _link_or_image(s: str, i: int, depth: int) -> _Found:
    """``[text](url "title")`` (a link when the url is safe, else its text) or
    ``![alt](url)`` (only its alt text: nothing is loaded)."""
    n = len(s)
    start = i + 1 if s[i] == "!" else i
    close = find_close(s, start, "[", "]")
    if close != -1 and close + 1 < n and s[close + 1] == "(":
        pend = find_close(s, close + 1, "(", ")", one_line=True)
        if pend != -1:
            label = inlines(s[start + 1:close], depth + 1)
            url, title = _destination(s[close + 2:pend])
            return (label if s[i] == "!" else link(label, url, title)), pend + 1, ""
    return None


def _autolink(s: str, i: int) -> _Found:
    """``<https://…>``, ``<mailto:…>``, ``<tel:…>``."""
    m = re.match(r"<((?:https?|mailto|tel):[^\s<>]+)>", s[i:], re.IGNORECASE)
    if not m:
        return None
    url = m.group(1)
    return link([Str(url)], url), i + m.end(), ""


def _emphasis(s: str, i: int, depth: int) -> _Found:
    """``*emphasis*``, ``_emphasis_`` (not inside a word) and ``**strong**``."""
    n = len(s)
    c = s[i]
    run = 2 if s.startswith(c * 2, i) else 1
    delim = c * run
    prev = s[i - 1] if i else " "
    nxt = s[i + run] if i + run < n else " "
    if not nxt.isspace() and not (c == "_" and prev.isalnum()):
        end = i + run
        while True:
            end = s.find(delim, end)
            if end == -1:
                break
            after = s[end + run] if end + run < n else " "
            if (not s[end - 1].isspace() and end > i + run
                    and not (c == "_" and after.isalnum())
                    and not (run == 1 and after == c)):
                break
            end += 1
        if end != -1:
            inner = inlines(s[i + run:end], depth + 1)
            return [{"t": "Strong" if run == 2 else "Emph", "c": inner}], end + run, ""
    return None, i + run, delim


# --------------------------------------------------------------------------- blocks


def blocks(text: str) -> list[dict]:
    """Paragraphs and (one level of) bullet or numbered lists."""
    result: list[dict] = []
    para: list[str] = []
    items: list[list[str]] = []
    kind: str | None = None  # "bullet" | "ordered"
    start = 1

    def flush_para() -> None:
        if para:
            content = inlines("\n".join(para))
            if content:
                result.append({"t": "Para", "c": content})
            para.clear()

    def flush_list() -> None:
        nonlocal kind
        if items:
            rendered = [[{"t": "Plain", "c": inlines("\n".join(it))}] for it in items]
            if kind == "ordered":
                result.append({"t": "OrderedList",
                               "c": [[start, {"t": "Decimal"}, {"t": "Period"}], rendered]})
            else:
                result.append({"t": "BulletList", "c": rendered})
            items.clear()
        kind = None

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            flush_para()
            continue
        b, o = _BULLET.match(line), _ORDERED.match(line)
        if b or o:
            flush_para()
            new_kind = "bullet" if b else "ordered"
            if kind != new_kind:
                flush_list()
                kind = new_kind
                if o:
                    start = int(o.group(2))
            items.append([(b or o).group(3)])
            continue
        if items and (line.startswith((" ", "\t")) or not para):
            if line.startswith((" ", "\t")):
                items[-1].append(line.strip())
                continue
            flush_list()
        para.append(line.strip())
    flush_para()
    flush_list()
    return result


def first_para_inlines(text: str) -> tuple[list[dict], list[dict]]:
    """(inlines of the first paragraph, the remaining blocks) — for putting a clause
    number in front of the first paragraph."""
    bl = blocks(text)
    if bl and bl[0]["t"] == "Para":
        return bl[0]["c"], bl[1:]
    return [], bl
