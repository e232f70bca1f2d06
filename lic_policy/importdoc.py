"""Turn an existing guideline document (Word, OpenDocument, Markdown, HTML) into a
structured guideline YAML, ready for ``lic-policy validate`` and ``check``.

pandoc reads the document to its JSON AST; the structure is read from that:

* the document title (Word/ODT properties, HTML ``<title>``, Markdown front matter) or,
  without one, the first heading → ``metadata.title``;
* headings → sections (nested by level), ids slugged from their titles and made unique;
* paragraphs, list items, quotations and table rows → clauses with ids such as
  ``section-slug.1`` (block quotations become ``kind: quotation`` clauses, which checks
  skip);
* a heading that reads like *Purpose* / *Introduction* / *Scope* fills ``purpose`` /
  ``scope``, one like *Definitions* / *Glossary* turns ``term: definition`` items (or a
  definition list) into ``definitions``; text before the first heading is the purpose when
  there is no purpose heading;
* the guideline is a ``draft`` with version ``0.1.0``; jurisdiction, owner and language
  come from the options (placeholders that say so otherwise).

Only text is kept: raw HTML or other raw markup in the input is dropped, never copied,
and links keep their text and their http(s)/mailto address only.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .errors import InputError, UsageError

FORMATS = {".docx": "docx", ".odt": "odt", ".md": "markdown", ".markdown": "markdown", ".txt": "markdown",
           ".html": "html", ".htm": "html"}
MAX_INPUT_BYTES = 50 * 1024 * 1024
PURPOSE = re.compile(r"^\s*(\d+[.)]?\s*)?(purpose|introduction|objectives?|aims?|background|overview)\b", re.I)
SCOPE = re.compile(r"^\s*(\d+[.)]?\s*)?(scope|application|who (this|these) (guideline|guidelines|policy) "
                   r"appl(y|ies) to)\b", re.I)
DEFINITIONS = re.compile(r"^\s*(\d+[.)]?\s*)?(definitions?|glossary|terms( used)?|key terms|terminology)\b", re.I)
_TERM_SPLIT = re.compile(r"^\s*\**([^:—–\n]{1,80}?)\**\s*(?::|—|–| - )\s*(.+)$", re.S)
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"]+$", re.I)


def slug(text: str, limit: int = 60) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].strip("-")


# --------------------------------------------------------------------------- AST → text


def _inline_text(content: list, markup: bool = True) -> str:
    """Inlines → text in the guideline Markdown subset (emphasis, strong, links)."""
    out: list[str] = []
    for x in content:
        t = x.get("t")
        if t == "Str":
            out.append(x["c"])
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("\n")
        elif t == "Emph":
            inner = _inline_text(x["c"], markup).strip()
            out.append(f"*{inner}*" if markup and inner else inner)
        elif t == "Strong":
            inner = _inline_text(x["c"], markup).strip()
            out.append(f"**{inner}**" if markup and inner else inner)
        elif t in ("Underline", "SmallCaps", "Superscript", "Subscript", "Strikeout"):
            out.append(_inline_text(x["c"], markup))
        elif t == "Span":
            classes = x["c"][0][1]
            if "deletion" in classes or "comment-start" in classes:
                continue  # tracked deletions and comment text are not the document's text
            out.append(_inline_text(x["c"][1], markup))
        elif t == "Link":
            text = _inline_text(x["c"][1], markup).strip()
            url = x["c"][2][0]
            if markup and text and _SAFE_URL.match(url):
                out.append(f"[{text}]({url})")
            else:
                out.append(text)
        elif t == "Quoted":
            q = ("“", "”") if x["c"][0].get("t") == "DoubleQuote" else ("‘", "’")
            out.append(q[0] + _inline_text(x["c"][1], markup) + q[1])
        elif t == "Code":
            out.append(x["c"][1])
        elif t == "Cite":
            out.append(_inline_text(x["c"][1], markup))
        elif t == "Math":
            out.append(x["c"][1])
        # RawInline (HTML and other markup), Note, Image: dropped — text only
    return "".join(out)


def _clean(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


@dataclass
class _Section:
    title: str
    level: int
    id: str = ""
    clauses: list = field(default_factory=list)  # (text, kind)
    children: list = field(default_factory=list)
    role: Optional[str] = None  # purpose | scope | definitions


@dataclass
class ImportReport:
    title: str
    sections: int = 0
    clauses: int = 0
    definitions: int = 0
    dropped_raw: int = 0
    data: dict = field(default_factory=dict)
    model: Any = None  # the validated Guideline built from ``data``


class _Reader:
    def __init__(self) -> None:
        self.top: list[_Section] = []
        self.stack: list[_Section] = []
        self.before: list[tuple[str, str]] = []  # blocks before the first heading
        self.title: Optional[str] = None
        self.dropped_raw = 0
        self.definition_pairs: list[tuple[str, str]] = []

    def add(self, text: str, kind: str = "directive") -> None:
        text = _clean(text)
        if not text:
            return
        if self.stack:
            self.stack[-1].clauses.append((text, kind))
        else:
            self.before.append((text, kind))

    def heading(self, level: int, text: str) -> None:
        text = _clean(_plain(text))
        if not text:
            return
        sec = _Section(text, level)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if self.stack:
            self.stack[-1].children.append(sec)
        else:
            self.top.append(sec)
        self.stack.append(sec)

    def blocks(self, blocks: list, kind: str = "directive") -> None:
        for b in blocks:
            t = b.get("t")
            if t == "Header":
                self.heading(b["c"][0], _inline_text(b["c"][2], markup=False))
            elif t in ("Para", "Plain"):
                self.add(_inline_text(b["c"]), kind)
            elif t == "LineBlock":
                self.add("\n".join(_inline_text(line) for line in b["c"]), kind)
            elif t in ("BulletList", "OrderedList"):
                items = b["c"] if t == "BulletList" else b["c"][1]
                for item in items:
                    self.blocks(item, kind)
            elif t == "BlockQuote":
                self.blocks(b["c"], "quotation")
            elif t == "Div":
                self.blocks(b["c"][1], kind)
            elif t == "DefinitionList":
                for term, defs in b["c"]:
                    term_text = _clean(_inline_text(term, markup=False))
                    parts = [text for d in defs for text in _block_texts(d)]
                    if term_text and parts:
                        self.definition_pairs.append((term_text, "\n\n".join(parts)))
                        self.add(f"{term_text}: " + " ".join(parts), kind)
            elif t == "CodeBlock":
                self.add(b["c"][1], kind)
            elif t == "Table":
                for row in _table_rows(b["c"]):
                    self.add(" — ".join(c for c in row if c), kind)
            elif t in ("RawBlock",):
                self.dropped_raw += 1
            # HorizontalRule, Null, Figure captions: nothing to keep


def _block_texts(blocks: list) -> list[str]:
    """The texts of nested pandoc blocks (a definition, a table cell), read as clauses are."""
    sub = _Reader()
    sub.blocks(blocks)
    return [c for c, _k in sub.before]


def _plain(text: str) -> str:
    return re.sub(r"[*_`]+", "", text)


def _table_rows(table: Any) -> list[list[str]]:
    """Rows of a pandoc Table (header, bodies, foot) as lists of cell texts."""
    rows: list[list[str]] = []

    def cells_of(row) -> list[str]:
        out = []
        for cell in row[1]:
            out.append(" ".join(_block_texts(cell[4])))
        return out

    _attr, _caption, _specs, head, bodies, foot = table
    for row in head[1]:
        rows.append(cells_of(row))
    for body in bodies:
        for row in body[2] + body[3]:
            rows.append(cells_of(row))
    for row in foot[1]:
        rows.append(cells_of(row))
    return [r for r in rows if any(r)]


def _meta_text(meta: dict, key: str) -> Optional[str]:
    v = meta.get(key)
    if not isinstance(v, dict):
        return None
    if v.get("t") == "MetaString":
        return _clean(v["c"]) or None
    if v.get("t") == "MetaInlines":
        return _clean(_inline_text(v["c"], markup=False)) or None
    if v.get("t") == "MetaBlocks":
        return _clean(" ".join(_block_texts(v["c"]))) or None
    return None


# --------------------------------------------------------------------------- building


def build(ast: dict, *, source_name: str, jurisdiction: Optional[str] = None, kind: str = "municipality",
          owner_role: Optional[str] = None, language: Optional[str] = None,
          guideline_id: Optional[str] = None) -> ImportReport:
    """pandoc AST → guideline data (plain dict, valid against the model)."""
    from .model.guideline import Guideline

    meta = ast.get("meta") or {}
    r = _Reader()
    r.blocks(ast.get("blocks") or [])
    title = _meta_text(meta, "title")
    sections = r.top
    if title is None:
        # the first heading is the title; its text before the next heading is the purpose
        first = _first_heading(sections)
        if first is not None:
            title = first.title
            sections = _unwrap(sections, first, r)
    if title is None:
        title = Path(source_name).stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Imported guideline"
    # purpose, scope and definitions sections
    purpose_parts: list[str] = []
    scope_parts: list[str] = []
    definitions: list[dict] = []
    kept: list[_Section] = []
    for sec in sections:
        if PURPOSE.match(sec.title) and not purpose_parts and not sec.children:
            purpose_parts = [c for c, _k in sec.clauses]
            if purpose_parts:
                continue
        if SCOPE.match(sec.title) and not scope_parts and not sec.children:
            scope_parts = [c for c, _k in sec.clauses]
            if scope_parts:
                continue
        if DEFINITIONS.match(sec.title) and not definitions:
            defs, rest = _definitions(sec, r.definition_pairs)
            if defs:
                definitions = defs
                sec.clauses = rest
                if not rest and not sec.children:
                    continue
        kept.append(sec)
    before = [c for c, _k in r.before]
    if before:
        if not purpose_parts:
            purpose_parts = before
        else:
            kept.insert(0, _Section("Introduction", 1, clauses=list(r.before)))
    name = os.path.basename(source_name)
    purpose = "\n\n".join(purpose_parts) or (f"To be written: {name} has no purpose statement. Say what these "
                                              "guidelines are for and whom they serve.")
    scope_text = "\n\n".join(scope_parts) or (f"To be written: {name} does not say whom these guidelines apply "
                                              "to. Name the staff and services they cover.")
    used: set[str] = set()
    out_sections = [_section_data(s, used) for s in kept]
    gid = guideline_id or slug(title, 100) or slug(Path(name).stem, 100) or "imported-guideline"
    lang = language or _meta_text(meta, "lang") or "en"
    data: dict = {
        "lic_policy": 1,
        "metadata": {
            "id": gid,
            "title": title,
            "jurisdiction": {"name": jurisdiction or "To be named (the jurisdiction these guidelines are for)",
                             "kind": kind},
            "version": "0.1.0",
            "status": "draft",
            "owners": [{"role": owner_role or "To be named (the role that owns these guidelines)"}],
            "languages": [lang],
            "summary": f"Imported from {name} with lic-policy import. Check every clause against the original.",
        },
        "purpose": purpose,
        "scope": {"text": scope_text},
    }
    if definitions:
        data["definitions"] = definitions
    if out_sections:
        data["sections"] = out_sections
    model = Guideline.model_validate(data)  # a bug guard too: the data must match the model
    rep = ImportReport(title, data=data, model=model, dropped_raw=r.dropped_raw, definitions=len(definitions))
    rep.sections, rep.clauses = _count(out_sections)
    return rep


def _first_heading(sections: list[_Section]) -> Optional[_Section]:
    return sections[0] if sections else None


def _unwrap(sections: list[_Section], first: _Section, r: _Reader) -> list[_Section]:
    """Drop the title heading: its own text joins the text before the headings, its
    children move up (a single level-1 title over level-2 sections)."""
    r.before.extend(first.clauses)
    rest = sections[1:]
    if not rest or all(s.level > first.level for s in rest) or first.children:
        return first.children + rest
    return rest


def _definitions(sec: _Section, pairs: list[tuple[str, str]]) -> tuple[list[dict], list]:
    defs = []
    rest = []
    pair_text = {f"{t}: " + " ".join(d.split("\n\n")): (t, d) for t, d in pairs}
    for text, kind in sec.clauses:
        if text in pair_text:
            t, d = pair_text[text]
        else:
            m = _TERM_SPLIT.match(text)
            if not m:
                rest.append((text, kind))
                continue
            t, d = m.group(1), m.group(2)
        t = _plain(t).strip().strip(".:")
        d = d.strip()
        if t and d:
            defs.append({"term": t, "definition": d})
        else:
            rest.append((text, kind))
    return defs, rest


def _section_data(sec: _Section, used: set) -> dict:
    base = slug(sec.title) or "section"
    sid = base
    n = 2
    while sid in used:
        sid = f"{base}-{n}"
        n += 1
    used.add(sid)
    out: dict = {"id": sid, "title": sec.title}
    clauses = []
    for i, (text, kind) in enumerate(sec.clauses, 1):
        c: dict = {"id": f"{sid}.{i}", "text": text}
        if kind != "directive":
            c["kind"] = kind
        clauses.append(c)
    if clauses:
        out["clauses"] = clauses
    if sec.children:
        out["sections"] = [_section_data(s, used) for s in sec.children]
    return out


def _count(sections: list[dict]) -> tuple[int, int]:
    s = c = 0
    for sec in sections:
        s += 1
        c += len(sec.get("clauses") or [])
        ss, cc = _count(sec.get("sections") or [])
        s, c = s + ss, c + cc
    return s, c


# --------------------------------------------------------------------------- files


_BASE = re.compile(rb"""<base\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)


def _without_base(raw: bytes) -> bytes:
    """The HTML without its ``<base href>`` elements: pandoc resolves relative links against
    one, so a page's local links (``services.html``) would come out as links to whatever site
    the base names. A guideline keeps its links as they are written."""
    return _BASE.sub(b"", raw)


def read_document(path: str | os.PathLike) -> dict:
    """pandoc's JSON AST of a .docx, .odt, .md or .html file."""
    from .review.packet import run_pandoc

    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise UsageError(f"cannot import '{p.suffix or p.name}' files",
                         hint="import a .docx, .odt, .md or .html document")
    from .store import read_bytes

    raw = read_bytes(p, max_size=MAX_INPUT_BYTES, what="a document", allow_empty=False,
                     hint="import a smaller document, or split it")
    args: list[str] = []
    if fmt in ("docx", "odt"):
        from .archive import check_zip, limits, pandoc_args

        lim = limits()
        # sizes, compression ratio, lying headers, damaged or dangerous XML: before pandoc
        check_zip(raw, str(p), what=f"{p.suffix.lower()} file", lim=lim)
        args = pandoc_args(lim)
    else:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", file=str(p), hint="save the document as UTF-8") from None
    if fmt == "html":
        raw = _without_base(raw)
    args += ["--track-changes=accept"] if fmt == "docx" else []
    fmt_in = "markdown-raw_tex" if fmt == "markdown" else fmt
    out = run_pandoc(raw, from_=fmt_in, to="json", args=args)
    return json.loads(out)


def import_document(path: str | os.PathLike, output: Optional[str | os.PathLike] = None, *, force: bool = False,
                    **options: Any) -> tuple[Path, ImportReport, str]:
    """Import ``path`` and write the guideline YAML (atomically; never over a file without ``force``)."""
    from .store import dump, locked, parse, save_atomic

    src = Path(path)
    out = Path(output) if output else src.with_suffix(".yaml")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"'{out}' does not end in .yaml", hint="give -o a file name ending in .yaml")
    if out.exists() and not force:
        raise UsageError(f"'{out}' already exists", hint="choose another -o, or give --force to replace it")
    if out.resolve() == src.resolve():
        raise UsageError("the output would replace the input", hint="give -o another file name")
    ast = read_document(src)
    rep = build(ast, source_name=str(src), **options)
    text = dump(rep.model, header=f"Imported from {src.name} by lic-policy import. Status: draft.\n"
                              "Check every clause against the original, then run `lic-policy validate` and "
                              "`lic-policy check`.")
    doc = parse(text, str(out))
    doc.validate()
    errors = [i for i in doc.issues if getattr(i, "severity", "error") == "error"]
    if errors:  # pragma: no cover - a bug guard
        raise InputError(f"the imported guideline does not validate: {errors[0].message}", file=str(out))
    if not out.parent.is_dir():
        raise InputError("the output folder does not exist", file=str(out.parent))
    with locked(out):  # a guideline replaced with --force may be open in another writer
        if out.exists() and not force:
            raise UsageError(f"'{out}' already exists", hint="choose another -o, or give --force to replace it")
        save_atomic(out, text)
    return out, rep, text


__all__ = ["build", "read_document", "import_document", "slug", "ImportReport"]
