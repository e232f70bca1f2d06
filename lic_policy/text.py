"""A guideline as addressable text units: every prose field with its place.

A ``TextUnit`` is one string field: its path in the YAML data (for line:column), the id
of the element that holds it (clause, section, principle, service, ...) and the field
name (the pair an ``Anchor`` uses), its text, and what kind of text it is:

* ``prose``    — ordinary text the language and framing reviewers read;
* ``quote``    — quoted or cited text (quotation/citation clauses, legal citations,
                 reference titles): checks skip it;
* ``name``     — proper names (organizations, bodies, reference publishers): only rules
                 that read names see it;
* ``definition`` — glossary definitions: they describe a term (even a harmful practice such
                 as displacement), so framing rules do not read them; language rules do.

Plain ``.md``/``.txt`` files become units too (one per paragraph), so prose rules run on
existing documents.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, NamedTuple, Optional

from . import lazy_re
from .guideline_data import is_self_identification, section_clauses, walk_sections

PROSE, QUOTE, NAME, DEFINITION = "prose", "quote", "name", "definition"

HEADING_FIELDS = frozenset({"title", "term", "organization", "name"})
"""Text fields that name their element (a section's title, a defined term, ...): a review packet
and the review room show them as headings, not as paragraphs."""


class TextUnit(NamedTuple):
    """One text field (a named tuple: a check builds about 200 per guideline, and a tuple is
    three times cheaper to make than a frozen dataclass)."""

    path: tuple  # path in the YAML data (for Document.locate)
    element: Optional[str]  # id of the holding element (clause/section/...); None for top-level fields
    field: str  # field name within the element, or a dotted path for top-level fields
    text: str
    kind: str = PROSE
    section: Optional[str] = None  # id of the enclosing section, for clauses
    start: int = 0  # for prose files: code-point offset of the unit in the file

    @property
    def is_clause(self) -> bool:
        return len(self.path) >= 3 and self.path[-3] == "clauses" and self.path[-1] == "text"


# (list field, [(field, kind)]): text fields of id-bearing list items
_LIST_FIELDS: list[tuple[str, list[tuple[str, str]]]] = [
    ("definitions", [("term", NAME), ("definition", DEFINITION)]),
    ("principles", [("title", PROSE), ("text", PROSE)]),
    ("priorities", [("text", PROSE)]),
    ("services", [("organization", NAME), ("description", PROSE), ("hours", NAME)]),
    ("work_plan", [("title", PROSE), ("description", PROSE), ("owner_role", NAME)]),
    ("references", [("title", QUOTE), ("publisher", NAME)]),
]
LIST_TEXT_FIELDS = _LIST_FIELDS
"""(list field, [(field, kind)]): the text fields of the id-bearing list items (read, not changed)."""


def _filled(value: Any) -> bool:
    """Whether a field holds text: a string that is not empty."""
    return isinstance(value, str) and value != ""


def _list(value: Any) -> list:
    """A list field's items; a value of another type (a guideline that does not validate:
    'offers: 5', 'owners: Policy team') has none."""
    return value if isinstance(value, list) else []


def guideline_units(data: dict) -> Iterator[TextUnit]:
    """Every text field of a guideline's plain data (as loaded, before validation)."""
    if not isinstance(data, dict):
        return
    md = data.get("metadata")
    if isinstance(md, dict):
        for f in ("title", "summary"):
            if _filled(md.get(f)):
                yield TextUnit(("metadata", f), None, f"metadata.{f}", md[f])
        for i, owner in enumerate(_list(md.get("owners"))):
            if isinstance(owner, dict) and _filled(owner.get("role")):
                yield TextUnit(("metadata", "owners", i, "role"), None, f"metadata.owners.{i}.role", owner["role"], NAME)
    if _filled(data.get("purpose")):
        yield TextUnit(("purpose",), None, "purpose", data["purpose"])
    scope = data.get("scope")
    if isinstance(scope, dict):
        for f in ("text", "excludes"):
            if _filled(scope.get(f)):
                yield TextUnit(("scope", f), None, f"scope.{f}", scope[f])
        for i, aud in enumerate(_list(scope.get("audiences"))):
            if isinstance(aud, dict):
                for f in ("name", "description"):
                    if _filled(aud.get(f)):
                        aid = aud.get("id") if _filled(aud.get("id")) else None  # an id of the wrong type: none
                        yield TextUnit(("scope", "audiences", i, f), aid, f, aud[f])
    for list_name, fields in _LIST_FIELDS:
        for i, item in enumerate(_list(data.get(list_name))):
            if not isinstance(item, dict):
                continue
            element = item.get("id") if isinstance(item.get("id"), str) else None
            for f, kind in fields:
                value = item.get(f)
                if _filled(value):
                    yield TextUnit((list_name, i, f), element, f if element else f"{list_name}.{i}.{f}", value,
                                   kind if not (list_name == "definitions" and is_self_identification(item)) else QUOTE)
            if list_name == "services":
                for j, offer in enumerate(_list(item.get("offers"))):
                    if _filled(offer):
                        yield TextUnit((list_name, i, "offers", j), element, f"offers.{j}", offer)
    yield from _section_units(data)
    cons = data.get("consultation")
    if isinstance(cons, dict):
        if _filled(cons.get("summary")):
            yield TextUnit(("consultation", "summary"), None, "consultation.summary", cons["summary"])
        for i, st in enumerate(_list(cons.get("stages"))):
            if isinstance(st, dict) and _filled(st.get("notes")):
                yield TextUnit(("consultation", "stages", i, "notes"), None, f"consultation.stages.{i}.notes", st["notes"])
        for i, item in enumerate(_list(cons.get("confidentiality"))):
            if _filled(item):
                yield TextUnit(("consultation", "confidentiality", i), None, f"consultation.confidentiality.{i}", item)
        for key, f in (("representative_selection", "description"), ("compensation", "notes")):
            sub = cons.get(key)
            if isinstance(sub, dict) and _filled(sub.get(f)):
                yield TextUnit(("consultation", key, f), None, f"consultation.{key}.{f}", sub[f])
    gov = data.get("governance")
    if isinstance(gov, dict):
        if _filled(gov.get("terms_of_reference")):
            yield TextUnit(("governance", "terms_of_reference"), None, "governance.terms_of_reference",
                           gov["terms_of_reference"])
    rs = data.get("review_schedule")
    if isinstance(rs, dict):
        for i, t in enumerate(_list(rs.get("triggers"))):
            if _filled(t):
                yield TextUnit(("review_schedule", "triggers", i), None, f"review_schedule.triggers.{i}", t)


def _section_units(data: dict) -> Iterator[TextUnit]:
    for at in walk_sections(data):
        sec, path = at.section, at.path
        sid = sec.get("id") if isinstance(sec.get("id"), str) else None
        for f in ("title", "intro"):
            if _filled(sec.get(f)):
                yield TextUnit(path + (f,), sid, f, sec[f], PROSE, sid)
        for j, cl in section_clauses(sec):
            cid = cl.get("id") if isinstance(cl.get("id"), str) else None
            quoted = cl.get("kind") in ("quotation", "citation")
            if _filled(cl.get("text")):
                yield TextUnit(path + ("clauses", j, "text"), cid, "text", cl["text"], QUOTE if quoted else PROSE, sid)
            cit = cl.get("citation")
            if isinstance(cit, dict) and _filled(cit.get("source")):
                yield TextUnit(path + ("clauses", j, "citation", "source"), cid, "citation.source", cit["source"],
                               QUOTE, sid)


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """(start, end) of every place ``quote`` occurs in ``text``; a space in the quote matches any
    run of white space (the YAML may wrap lines). What `review add --quote` and the review
    room's "these exact words" look for."""
    import re
    import unicodedata

    def spans_of(q: str, loose: bool = False, invisible: str = "") -> list[tuple[int, int]]:
        if loose:  # any capitals, straight or curly quote marks, any dash (and invisible characters)
            pattern = re.compile(r"\s+".join(invisible.join(_LOOSE.get(ch, re.escape(ch)) for ch in part)
                                             for part in q.split()), re.IGNORECASE)
        else:
            pattern = re.compile(r"\s+".join(re.escape(part) for part in q.split()) or re.escape(q))
        spans = []
        pos = 0
        while True:
            m = pattern.search(text, pos)
            if m is None:
                break
            spans.append((m.start(), m.end()))
            pos = m.start() + 1
        return spans

    found = spans_of(quote)
    # words that look the same but were typed in another Unicode normal form (a macOS terminal
    # pastes é as e + U+0301): the places are in ``text``'s own characters
    for form in ("NFC", "NFD"):
        if found:
            break
        other = unicodedata.normalize(form, quote)
        if other != quote:
            found = spans_of(other)
    # typed rather than copied (a phone capitalises the first word, a keyboard has straight
    # quotes): the same words in other capitals or quote marks, only when the exact ones are not there
    if not found and quote.strip():
        found = spans_of(unicodedata.normalize("NFC", quote), loose=True)
    # copied from a page or a PDF that hyphenates (soft hyphens), or pasted with a zero-width
    # space or full-width letters, into the quote or into the text: the words as they read
    if not found and quote.strip():
        from .checks.normalize import INVISIBLE, INVISIBLE_CLASS

        seen = "".join(ch for ch in unicodedata.normalize("NFKC", quote) if ch not in INVISIBLE)
        if seen.strip():
            found = spans_of(seen, loose=True, invisible=INVISIBLE_CLASS + "*")
    return found


_QUOTES1, _QUOTES2, _DASHES = "'‘’‚‛′", '"“”„‟″', "-‐‑‒–—―"
_LOOSE = {**{ch: "[" + _QUOTES1 + "]" for ch in _QUOTES1}, **{ch: "[" + _QUOTES2 + "]" for ch in _QUOTES2},
          **{ch: "[" + re.escape(_DASHES) + "]" for ch in _DASHES}}


def find_unit(units: list[TextUnit], element: Optional[str], field: str) -> Optional[TextUnit]:
    for u in units:
        if u.element == element and u.field == field:
            return u
    return None


# --------------------------------------------------------------------------- prose files


def prose_units(text: str, *, markdown: bool = True) -> Iterator[TextUnit]:
    """The prose of a Markdown (``markdown=True``) or plain-text file, one unit per block.

    Markdown is read with a real Markdown parser (markdown-it-py, CommonMark with tables):
    paragraphs, headings, list items and table rows are prose units, blockquotes are quote
    units, and code (fenced, indented, inline), link targets, autolinks, images' sources,
    raw HTML and front-matter keys are not prose — their characters are blanked in the
    unit's text (offsets unchanged), so no rule reads them and no fix edits them. A unit's
    ``text`` is its block's source lines as written (list markers and ``>`` included);
    ``start`` is the block's offset in the file. Plain text is split into paragraphs at
    blank lines; bare URLs are blanked in both."""
    if not markdown:
        yield from _plain_units(text)
        return
    yield from _markdown_units(text)


def _plain_units(text: str) -> Iterator[TextUnit]:
    count = 0
    pos = 0
    n = len(text)
    while pos < n:
        # a paragraph runs to the next blank line
        m = _BLANK_LINE.search(text, pos)
        end = m.start() if m else n
        body = text[pos:end].rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            yield TextUnit(("paragraph", count), None, f"paragraph.{count}", _mask_urls(body[lead:]), PROSE, None,
                           pos + lead)
            count += 1
        pos = m.end() if m else n


# a blank line with any line ends ("\r\n" from Windows, as Word's plain-text export writes them,
# "\r", "\n"); "\r\n" alone is one line end, never a blank line
_BLANK_LINE = lazy_re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r(?!\n)|\n)")
_URL = lazy_re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` replaced by spaces (line breaks kept)."""
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        for k in range(max(0, a), min(b, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _mask_urls(text: str) -> str:
    if "://" not in text and "www." not in text and "@" not in text:
        return text
    return _blank(text, [m.span() for m in _URL.finditer(text)])


_MD: Any = None


def _md() -> Any:
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return _MD


def _front_matter(text: str) -> Optional[tuple[int, int]]:
    """(start, end) offsets of a YAML front-matter block (``---`` ... ``---``) at the top
    (after a byte-order mark, with any line endings)."""
    if not text.startswith(("---", "\ufeff---")):
        return None
    first = text.find("\n")
    if first < 0 or text[:first].strip().lstrip("\ufeff") != "---":
        return None
    m = re.search(r"^(?:---|\.\.\.)[ \t]*\r?$", text[first + 1:], re.MULTILINE)
    if not m:
        return None
    return 0, first + 1 + m.end()


_NEWLINE = lazy_re.compile(r"\r\n?|\n")


def _markdown_units(text: str) -> Iterator[TextUnit]:
    count = 0
    # lines as the parser counts them: "\r\n", "\r" and "\n" each end one
    line_starts = [0]
    line_starts.extend(m.end() for m in _NEWLINE.finditer(text))
    line_starts.append(len(text) + 1)
    fm = _front_matter(text)
    body = text
    if fm is not None:
        # front matter: each value is prose (a title, a summary); keys and syntax are not
        for m in re.finditer(r"^([ \t]*[\w.-]+[ \t]*:[ \t]*)(.*\S)[ \t]*\r?$", text[fm[0]:fm[1]],
                             re.MULTILINE):
            value = m.group(2)
            if value and value not in ("|", ">", "|-", ">-") and not value.startswith(("[", "{")):
                start = fm[0] + m.start(2)
                yield TextUnit(("paragraph", count), None, f"paragraph.{count}", _mask_urls(value), PROSE, None,
                               start)
                count += 1
        # the parser reads the rest with the front matter blanked (lines kept)
        body = _blank(text, [fm])
    elif text.startswith("\ufeff"):
        # a byte-order mark is not text: the parser would read "\ufeff```" as a paragraph
        body = " " + text[1:]
    depth = 0
    # (lines, blockquote depth, inline tokens): the cells of a table row share the row's lines
    # and make one unit, read with every cell's inline tokens in order (code in the second cell
    # of a row was read as prose when only the first cell's were)
    blocks: dict[tuple[int, int], tuple[int, list]] = {}
    for tok in _md().parse(body):
        if tok.type == "blockquote_open":
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
        if tok.type != "inline" or not tok.map:
            continue
        lines = (tok.map[0], tok.map[1])
        if lines in blocks:
            blocks[lines][1].extend(tok.children or ())
        else:
            blocks[lines] = (depth, list(tok.children or ()))
    for (l0, l1), (depth, children) in blocks.items():
        a = line_starts[l0]
        b = line_starts[min(l1, len(line_starts) - 1)] - 1
        src = text[a:b].rstrip("\r\n")
        if not src.strip():
            continue
        spans: list[tuple[int, int]] = []
        hidden: list[tuple[int, str]] = []
        if any(c.type not in _PLAIN_INLINE for c in children) or "&" in src:
            spans, hidden = _inline_masks(src, children)
        masked = _mask_urls(_unmark(_blank(src, spans), hidden, spans))
        yield TextUnit(("paragraph", count), None, f"paragraph.{count}", masked, QUOTE if depth > 0 else PROSE,
                       None, a)
        count += 1


_PLAIN_INLINE = frozenset({"text", "softbreak", "hardbreak", "s_open", "s_close"})


HIDDEN = "\u2064"
"""What markup that renders as nothing is written as in the text the rules read: U+2064
(invisible plus, a character prose never holds; not the zero-width space a drafter may have
pasted), which ``checks.normalize.for_matching`` drops (keeping the map to the text as
written), so ``**pros**titutes`` reads as one word; a finding whose words hold markup has no
automatic fix (``markup_within``)."""


def markup_within(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (a unit's text: a Markdown file's as ``prose_units`` masks
    it, or a guideline field's as written) holds markup — a delimiter, a tag, an entity, code
    — so that the words as written are not the words read: a fix there would leave the markup
    unbalanced (``**sex workers`` from ``**pros**titutes``), and a person rewrites it."""
    span = text[start:end]
    if HIDDEN in span:
        return True
    if not any(c in span for c in "*_&<`[]("):
        return False
    return mask_markup(text)[start:end] != span


_ITALIC_TAGS = frozenset({"em", "i", "cite", "dfn", "var"})
_BREAK_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "img", "hr", "h1", "h2", "h3",
                         "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "dl", "section", "figure", "figcaption"})
_TAG = lazy_re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ENTITY = lazy_re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _html_hidden(tag: str) -> Optional[str]:
    """How an inline HTML tag reads (same length), or None to blank it as a space: a tag or
    a comment inside a word or a phrase (``prosti<span>tutes</span>``, ``clean <b>up</b>``)
    renders as nothing; an italic tag reads as Markdown's ``*`` (words set in italics are
    words used as words to the rules, however they are written); a line break or a block
    tag ends the words as a space does."""
    if tag.startswith("<!--"):
        return HIDDEN * len(tag)
    m = _TAG.match(tag)
    if m is None:
        return None  # a processing instruction, a declaration, CDATA: blanked as before
    name = m.group(1).lower()
    if name in _BREAK_TAGS:
        return None
    if name in _ITALIC_TAGS:
        return "*" + HIDDEN * (len(tag) - 1)
    return HIDDEN * len(tag)


def _entities(src: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """An HTML entity outside ``spans`` (code, link targets, HTML) as the character it stands
    for, padded with ``HIDDEN`` to its length (``&#112;rostitutes``, ``prosti&shy;tutes``,
    ``clean&nbsp;up``: Markdown renders them as the characters)."""
    if "&" not in src:
        return []
    import html

    out = []
    for m in _ENTITY.finditer(src):
        a, b = m.span()
        if any(x < b and a < y for x, y in spans):
            continue
        char = html.unescape(m.group())
        if char != m.group() and 0 < len(char) <= b - a:
            out.append((a, char + HIDDEN * (b - a - len(char))))
    return out


def _unmark(text: str, hidden: list[tuple[int, str]], spans: list[tuple[int, int]] = ()) -> str:
    """``text`` (a source with ``spans`` already blanked) with each (offset, replacement) of
    ``hidden`` written over it and its HTML entities read (``_entities``), same length."""
    hidden = hidden + _entities(text, list(spans))
    if not hidden:
        return text
    chars = list(text)
    for at, rep in hidden:
        chars[at:at + len(rep)] = rep
    return "".join(chars)


def _inline_masks(src: str, children: list) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """Spans of ``src`` (a block's source) that are not prose — inline code, link targets,
    autolinks, image sources and raw HTML that ends words — and the markup that renders as
    nothing, as (offset, what it reads as): bold delimiters, italic delimiters inside a
    word, tags and comments inside words (``_html_hidden``). The parser's inline tokens carry
    no offsets, so each is found in the source after the previous one.

    Italic delimiters at a word's edges stay as written: the rules read words set in italics
    as words used as words (``contexts.use_mention``)."""
    spans: list[tuple[int, int]] = []
    hidden: list[tuple[int, str]] = []
    cursor = 0
    in_autolink = False
    for c in children:
        t = c.type
        if t == "text":
            if in_autolink:
                continue
            k = src.find(c.content, cursor)
            if k >= 0:
                cursor = k + len(c.content)
        elif t == "code_inline":
            k = src.find(c.markup, cursor)
            if k < 0:
                continue
            close = src.find(c.markup, k + len(c.markup) + max(0, len(c.content.strip()) - 1))
            end = close + len(c.markup) if close >= 0 else k + len(c.markup) + len(c.content)
            spans.append((k, end))
            cursor = end
        elif t == "html_inline":
            k = src.find(c.content, cursor)
            if k >= 0:
                reads = _html_hidden(c.content)
                if reads is None:
                    spans.append((k, k + len(c.content)))
                else:
                    hidden.append((k, reads))
                cursor = k + len(c.content)
        elif t in ("strong_open", "strong_close", "em_open", "em_close"):
            k = src.find(c.markup, cursor) if c.markup else -1
            if k < 0 or (k > 0 and src[k - 1] == "\\"):
                continue
            cursor = k + len(c.markup)
            if t.startswith("strong") or (t == "em_open" and k > 0 and src[k - 1].isalnum()) or (
                    t == "em_close" and cursor < len(src) and src[cursor].isalnum()):
                hidden.append((k, HIDDEN * len(c.markup)))
        elif t == "link_open":
            if c.markup in ("autolink", "linkify"):
                k = src.find("<", cursor)
                close = src.find(">", k + 1) if k >= 0 else -1
                if k >= 0 and close >= 0:
                    spans.append((k, close + 1))
                    cursor = close + 1
                in_autolink = True
        elif t == "link_close":
            if in_autolink:
                in_autolink = False
                continue
            span = _link_target(src, cursor)
            if span:
                spans.append(span)
                cursor = span[1]
        elif t == "image":
            k = src.find("![", cursor)
            if k >= 0:
                span = _link_target(src, src.find("]", k) if src.find("]", k) >= 0 else k)
                if span:
                    spans.append(span)
                    cursor = span[1]
    return spans, hidden


def _link_target(src: str, cursor: int) -> Optional[tuple[int, int]]:
    """The ``(target "title")`` or ``[ref]`` after a link's closing bracket at or after
    ``cursor``."""
    k = src.find("]", cursor)
    if k < 0 or k + 1 >= len(src):
        return None
    opener = src[k + 1]
    if opener not in "([":
        return None
    closer = ")" if opener == "(" else "]"
    depth = 0
    for j in range(k + 1, len(src)):
        ch = src[j]
        if ch == "\\":
            continue
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return k + 1, j + 1
    return None


def mask_markup(text: str) -> str:
    """A guideline field's text with its Markdown code spans, link targets, raw HTML and
    bare URLs blanked (same length), for the rules to read. Parsed only when the text holds
    such syntax (most clauses hold none)."""
    if "`" not in text and "](" not in text and "<" not in text and "://" not in text and "www." not in text \
            and "@" not in text and "][" not in text and "&" not in text and "*" not in text and "__" not in text:
        return text
    spans: list[tuple[int, int]] = []
    hidden: list[tuple[int, str]] = []
    if "`" in text or "](" in text or "<" in text or "][" in text or _EMPHASIS_HINT.search(text):
        tokens = _md().parseInline(text)
        for tok in tokens:
            s, h = _inline_masks(text, tok.children or [])
            spans.extend(s)
            hidden.extend(h)
    return _mask_urls(_unmark(_blank(text, spans), hidden, spans))


_EMPHASIS_HINT = lazy_re.compile(r"\*\*|__|\w\*\w")
"""Markup ``mask_markup`` parses a field for besides code, links and HTML: bold, and italic
delimiters inside a word (italics around whole words are read as written)."""


UnitFilter = Callable[[TextUnit], bool]
