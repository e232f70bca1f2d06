"""The pandoc AST vocabulary lic-policy speaks: node constructors, walkers, the API version.

Publishing (``publish.document``), review packets (``review.packet``) and the two importers
(``importdoc`` for .docx/.md/.html into a guideline, ``review.docx_import`` for a reviewed
packet) all build or read pandoc's JSON AST. The node shapes are written here once:

* constructors — ``Para``, ``Header``, ``Span``, ... return the JSON pandoc reads;
* ``plain_inlines`` / ``spaced_inlines`` — text as ``Str``/``Space`` nodes;
* ``document`` — a whole document, stamped with the installed pandoc's AST API version
  (``publish.pandoc.api_version``; ``SUPPORTED_API`` says which versions we build);
* walkers — ``plain_text`` (inlines → text), ``all_words`` (any node → its words),
  ``paragraph_inlines`` (blocks → the inlines of every paragraph-like block), and the
  inline-kind groups (``BREAKS``, ``STYLES``) the importers' own walkers share.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

SUPPORTED_API = ((1, 22), (1, 23))
"""The pandoc-types major.minor versions whose AST lic-policy builds (documents and packets);
a pandoc whose API is outside these refuses our JSON, so we say so in one line instead."""

BREAKS = ("Space", "SoftBreak", "LineBreak")
"""Inlines that read as white space."""

STYLES = ("Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript")
"""Inlines whose content (``c``) is just more inlines, styled."""

_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- inlines


def Str(s: str) -> dict:
    return {"t": "Str", "c": s}


SPACE = {"t": "Space"}
SOFTBREAK = {"t": "SoftBreak"}
LINEBREAK = {"t": "LineBreak"}


def plain_inlines(text: str) -> list[dict]:
    """Literal text → ``Str``/``Space`` nodes (white space runs become one space, none at
    either end)."""
    out: list[dict] = []
    for i, word in enumerate(w for w in _WS.split(text.strip()) if w):
        if i:
            out.append(SPACE)
        out.append(Str(word))
    return out


def literal_inlines(value: Any) -> list[dict]:
    """Any value written as plain text (no markup at all) as inlines."""
    return plain_inlines(str(value))


def spaced_inlines(text: str) -> list[dict]:
    """Text → words and spaces, keeping a space at either end (so the pieces of a paragraph
    built from several texts — tracked changes between them — join with their spaces)."""
    out: list = []
    for tok in re.findall(r"\s+|\S+", text):
        if tok.isspace():
            if not out or out[-1]["t"] != "Space":
                out.append({"t": "Space"})
        else:
            out.append({"t": "Str", "c": tok})
    return out


def attr(identifier: str = "", classes: Iterable[str] = (), kv: Iterable[tuple[str, str]] = ()) -> list:
    return [identifier, list(classes), [list(p) for p in kv]]


def Span(content: list[dict], classes: Iterable[str] = (), style: str = "",
         kv: Iterable[tuple[str, str]] = ()) -> dict:
    """A span; ``style`` is a Word custom style, ``kv`` other attributes (pandoc marks tracked
    changes and comments with spans that carry ``author``/``date``)."""
    pairs = [("custom-style", style)] if style else list(kv)
    return {"t": "Span", "c": [attr("", classes, pairs), content]}


def Strong(content: list[dict]) -> dict:
    return {"t": "Strong", "c": content}


def Emph(content: list[dict]) -> dict:
    return {"t": "Emph", "c": content}


# --------------------------------------------------------------------------- blocks


def Para(content: list[dict]) -> dict:
    return {"t": "Para", "c": content}


def Plain(content: list[dict]) -> dict:
    return {"t": "Plain", "c": content}


def Header(level: int, content: list[dict], identifier: str = "", classes: Iterable[str] = ()) -> dict:
    return {"t": "Header", "c": [max(1, min(level, 6)), attr(identifier, classes), content]}


def Div(content: list[dict], identifier: str = "", classes: Iterable[str] = (), style: str = "") -> dict:
    kv = [("custom-style", style)] if style else []
    return {"t": "Div", "c": [attr(identifier, classes, kv), content]}


def BulletList(items: list[list[dict]]) -> dict:
    return {"t": "BulletList", "c": items}


def OrderedList(items: list[list[dict]], start: int = 1) -> dict:
    return {"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], items]}


def BlockQuote(content: list[dict]) -> dict:
    return {"t": "BlockQuote", "c": content}


def DefinitionList(items: list[tuple[list[dict], list[dict]]]) -> dict:
    return {"t": "DefinitionList", "c": [[term, [defn]] for term, defn in items]}


def Cell(content: list[dict] | str) -> list:
    """One table cell (a string becomes one plain paragraph; an empty string, no content)."""
    if isinstance(content, str):
        content = [Plain(literal_inlines(content))] if content else []
    return [attr(), {"t": "AlignDefault"}, 1, 1, content]


def Table(head: list, rows: list[list], widths: list, caption: str = "", identifier: str = "") -> dict:
    """A table with one header row; ``widths`` are column fractions (None: pandoc's default)."""
    colspecs = [[{"t": "AlignDefault"},
                 {"t": "ColWidth", "c": w} if w else {"t": "ColWidthDefault"}] for w in widths]
    cap = [None, [Plain(literal_inlines(caption))]] if caption else [None, []]
    thead = [attr(), [[attr(), [Cell(h) for h in head]]]]
    body = [[attr(), 0, [], [[attr(), [Cell(c) for c in row]] for row in rows]]]
    return {"t": "Table", "c": [attr(identifier), cap, colspecs, thead, body, [attr(), []]]}


# --------------------------------------------------------------------------- metadata, document


def meta_value(value: Any) -> dict:
    """A metadata value: a bool, a string, a list of those, or a node already made."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, str):
        return {"t": "MetaString", "c": value}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [meta_value(v) for v in value]}
    if isinstance(value, dict) and "t" in value:
        return value
    raise TypeError(value)


def MetaString(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def MetaInlines(text: str) -> dict:
    return {"t": "MetaInlines", "c": literal_inlines(text)}


def document(meta: dict, blocks: list) -> dict:
    """A pandoc document carrying the installed pandoc's AST API version."""
    from .publish.pandoc import api_version

    return {"pandoc-api-version": api_version(), "meta": meta, "blocks": blocks}


# --------------------------------------------------------------------------- walkers


def quote_marks(quoted: dict) -> tuple[str, str]:
    """The typographic marks a ``Quoted`` node stands for."""
    return ("“", "”") if quoted["c"][0].get("t") == "DoubleQuote" else ("‘", "’")


def plain_text(content: list) -> str:
    """The text of inlines: words and spaces, styled text, spans, link texts, quoted text
    (without its marks) and code; notes, images, math and raw markup are left out."""
    parts: list[str] = []
    for x in content:
        t = x.get("t")
        if t == "Str":
            parts.append(x["c"])
        elif t in BREAKS:
            parts.append(" ")
        elif t in STYLES:
            parts.append(plain_text(x["c"]))
        elif t in ("Span", "Link", "Quoted"):
            parts.append(plain_text(x["c"][1]))
        elif t == "Code":
            parts.append(x["c"][1])
    return "".join(parts)


def all_words(node: Any) -> str:
    """Every ``Str`` anywhere under ``node`` (any node or list of them), joined by single spaces."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            t = v.get("t")
            if t == "Str":
                out.append(v["c"])
            elif t in BREAKS:
                out.append(" ")
            elif "c" in v:
                walk(v["c"])
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(node)
    return " ".join("".join(out).split())


_PARAGRAPH_LIKE = ("Para", "Plain", "Header", "BulletList", "OrderedList", "Div", "BlockQuote")


def paragraph_inlines(blocks: list) -> list[list]:
    """The inline lists of every paragraph-like block under ``blocks``, in reading order:
    paragraphs, headings, lines of a line block, list items, block quotes, divs, definition
    terms and their definitions, table cells."""
    out: list[list] = []
    _paragraph_inlines(blocks, out)
    return out


def _paragraph_inlines(blocks: list, out: list) -> None:
    for b in blocks:
        if not isinstance(b, dict):
            continue
        t = b.get("t")
        if t in ("Para", "Plain"):
            out.append(b["c"])
        elif t == "Header":
            out.append(b["c"][2])
        elif t == "LineBlock":
            out.extend(b["c"])
        elif t == "BulletList":
            for item in b["c"]:
                _paragraph_inlines(item, out)
        elif t == "OrderedList":
            for item in b["c"][1]:
                _paragraph_inlines(item, out)
        elif t == "BlockQuote":
            _paragraph_inlines(b["c"], out)
        elif t == "Div":
            _paragraph_inlines(b["c"][1], out)
        elif t == "DefinitionList":
            for term, defs in b["c"]:
                out.append(term)
                for d in defs:
                    _paragraph_inlines(d, out)
        elif t == "Table":
            _table_inlines(b["c"], out)


def _table_inlines(node: Any, out: list) -> None:
    if isinstance(node, dict):
        if node.get("t") in _PARAGRAPH_LIKE:
            _paragraph_inlines([node], out)
            return
        for v in node.values():
            _table_inlines(v, out)
    elif isinstance(node, list):
        for v in node:
            _table_inlines(v, out)
