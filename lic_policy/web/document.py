"""A guideline as the review room shows it: every text field in reading order, rendered as
the published guideline reads (the publisher's Markdown subset: paragraphs, lists, emphasis,
code, safe links; clause numbers; the publish stylesheet), with the words changed since an
earlier version shown as a redline and — the part a published page does not need — every
visible character tied to its place in the guideline's source text.

Each run of rendered text is a ``<span data-o="N">`` whose characters are the field's
characters ``N, N+1, …`` (0-based code points, the W3C TextPositionSelector convention the
``Anchor`` uses). The browser turns a selection into (element, field, start, end) with
nothing more than those numbers, and the server builds the anchor with
``Anchor.from_text`` on the field's text exactly as ``lic-policy review add`` does. Markup
characters (``**``, ``[``, ``](https://…)``) are not shown and belong to no span; deleted
words (``<del>``) belong to the old version and to no span either.

Everything here is data → escaped HTML: text never becomes markup (``html.escape`` on every
character that reaches the page; links only where the publisher's ``safe_url`` allows).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..guideline_data import place_not_in_title, version
from ..publish.markup import blocks as markup_blocks
from ..publish.markup import safe_url
from ..redline import DELETE, EQUAL, INSERT
from ..text import HEADING_FIELDS

_ESC = html.escape
_SKIPPABLE = re.compile(r"[\s*_`\[\]()<>\\!#+\-.\d)]*")
"""Source characters the Markdown subset may hide between two rendered words."""

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]*(?=(?:[-*+]|\d+[.)])[ \t])")
_SENTENCE = re.compile(r"[^.!?;]+(?:[.!?;]+[\"”’)\]]*|$)")
_ITEM_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")


# --------------------------------------------------------------------------- one field


@dataclass
class _Run:
    start: int
    parts: list
    end: int
    inserted: bool


class _Emitter:
    """Writes rendered characters with their source offsets as ``<span data-o>`` runs,
    deletions as ``<del>`` where they were, insertions with the ``ins`` class."""

    def __init__(self, text: str, inserted: list[tuple[int, int]], deletions: list[tuple[int, str]]):
        self.text = text
        self.ins_starts = [s for s, _e in inserted]
        self.ins = inserted
        self.deletions = deletions
        self.di = 0
        self.out: list[str] = []
        self.run: Optional[_Run] = None

    def _inserted(self, offset: int) -> tuple[bool, int]:
        """(is ``offset`` inserted, where that state ends)."""
        i = bisect.bisect_right(self.ins_starts, offset) - 1
        if i >= 0 and self.ins[i][0] <= offset < self.ins[i][1]:
            return True, self.ins[i][1]
        nxt = self.ins_starts[i + 1] if i + 1 < len(self.ins_starts) else 1 << 60
        return False, nxt

    def close(self) -> None:
        r = self.run
        if r is not None:
            cls = ' class="ins"' if r.inserted else ""
            self.out.append(f'<span data-o="{r.start}"{cls}>{"".join(r.parts)}</span>')
            self.run = None

    def deleted_before(self, offset: int) -> None:
        while self.di < len(self.deletions) and self.deletions[self.di][0] <= offset:
            self.close()
            self.out.append(f'<del>{_ESC(self.deletions[self.di][1])}</del>')
            self.di += 1

    def chars(self, offset: int, s: str) -> None:
        """``s`` is shown for the source characters ``offset …`` (one each)."""
        while s:
            self.deleted_before(offset)
            inserted, until = self._inserted(offset)
            take = min(len(s), until - offset)
            piece = s[:take]
            r = self.run
            if r is not None and r.end == offset and r.inserted == inserted:
                r.parts.append(_ESC(piece, quote=False))
                r.end += take
            else:
                self.close()
                self.run = _Run(offset, [_ESC(piece, quote=False)], offset + take, inserted)
            s = s[take:]
            offset += take

    def unplaced(self, s: str) -> None:
        """Text with no place in the source (it cannot be anchored; it is still shown)."""
        self.close()
        self.out.append(f'<span class="np">{_ESC(s, quote=False)}</span>')

    def raw(self, markup: str) -> None:
        self.close()
        self.out.append(markup)

    def finish(self) -> None:
        self.deleted_before(1 << 60)
        self.close()


class _Aligner:
    """Walks the publisher's AST of one field and finds each rendered word in the source."""

    def __init__(self, text: str, em: _Emitter):
        self.text = text
        self.em = em
        self.cur = 0
        self.lost = False

    def _find(self, s: str) -> int:
        """Offset of ``s`` at or after the cursor, past only characters markup may hide."""
        if self.lost:
            return -1
        j = self.text.find(s, self.cur)
        if j == -1:
            return -1
        m = _SKIPPABLE.match(self.text, self.cur, j)
        if m is None or m.end() != j:
            return -1
        return j

    def word(self, s: str) -> None:
        j = self._find(s)
        if j != -1:
            self.em.chars(j, s)
            self.cur = j + len(s)
            return
        # escapes (\*), joined runs or code with its white space normalised: character by character
        for ch in s:
            if ch.isspace():
                self.space()
                continue
            k = self._find(ch)
            if k == -1:
                self.lost = True  # the rest of this field is shown without places
                self.em.unplaced(ch)
            else:
                self.em.chars(k, ch)
                self.cur = k + 1

    def space(self) -> None:
        t = self.text
        i = self.cur
        while i < len(t) and not t[i].isspace():
            if t[i] in "*_`]>)\\":  # closing markup before the space
                i += 1
                continue
            break
        if not self.lost and i < len(t) and t[i].isspace():
            self.em.chars(i, " ")
            j = i + 1
            while j < len(t) and t[j].isspace():
                j += 1
            self.cur = j
        else:
            self.em.raw(" ")

    def inlines(self, nodes: list) -> None:
        for n in nodes:
            t = n["t"]
            if t == "Str":
                self.word(n["c"])
            elif t in ("Space", "SoftBreak"):
                self.space()
            elif t == "LineBreak":
                self.em.raw("<br>")
            elif t in ("Emph", "Strong"):
                tag = "em" if t == "Emph" else "strong"
                self.em.raw(f"<{tag}>")
                self.inlines(n["c"])
                self.em.raw(f"</{tag}>")
            elif t == "Code":
                self.em.raw("<code>")
                self.word(n["c"][1])
                self.em.raw("</code>")
            elif t == "Link":
                url = safe_url(n["c"][2][0])
                self.em.raw(f'<a href="{_ESC(url)}" rel="noopener noreferrer">' if url else "<span>")
                self.inlines(n["c"][1])
                self.em.raw("</a>" if url else "</span>")
                self._past_destination()
            else:  # pragma: no cover - the publisher's parser emits no other inline
                pass

    def _past_destination(self) -> None:
        """After a ``[label](url)`` link the cursor moves past ``](url)``."""
        t = self.text
        if self.lost:
            return
        if t.startswith("](", self.cur):
            from ..publish.markup import find_close

            end = find_close(t, self.cur + 1, "(", ")", one_line=True)
            if end != -1:
                self.cur = end + 1
        elif t.startswith(">", self.cur):
            self.cur += 1

    def blocks(self, nodes: list, lead: str = "") -> None:
        for i, b in enumerate(nodes):
            t = b["t"]
            if t in ("Para", "Plain"):
                self.em.raw("<p>" + (lead if i == 0 else ""))
                self.inlines(b["c"])
                self.em.raw("</p>")
            elif t in ("BulletList", "OrderedList"):
                if i == 0 and lead:
                    self.em.raw(f"<p>{lead}</p>")
                if t == "BulletList":
                    items, opening = b["c"], "<ul>"
                else:
                    start, items = b["c"][0][0], b["c"][1]
                    opening = f'<ol start="{int(start)}">' if start != 1 else "<ol>"
                self.em.raw(opening)
                for item in items:
                    self.em.raw("<li>")
                    for blk in item:
                        self.inlines(blk["c"])
                    self.em.raw("</li>")
                self.em.raw("</ul>" if t == "BulletList" else "</ol>")


def _changes(segments: Optional[list]) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    inserted: list[tuple[int, int]] = []
    deletions: list[tuple[int, str]] = []
    pos = 0
    for op, s in segments or ():
        if op == DELETE:
            if s.strip():
                deletions.append((pos, s))
            continue
        if op == INSERT and s.strip():
            inserted.append((pos, pos + len(s)))
        pos += len(s)
    return inserted, deletions


def field_html(text: str, segments: Optional[list] = None, *, lead: str = "", inline: bool = False) -> str:
    """One text field as HTML: the publisher's Markdown subset, every shown character in a
    ``data-o`` span, insertions marked and deletions shown where they were (``segments`` are
    the redline's word segments of this field, whose equal and inserted parts are ``text``)."""
    if segments is not None and "".join(s for op, s in segments if op != DELETE) != text:
        segments = None  # not this text's redline: show it unchanged rather than wrongly
    inserted, deletions = _changes(segments)
    em = _Emitter(text, inserted, deletions)
    al = _Aligner(text, em)
    if inline:
        from ..publish.markup import inlines

        em.raw(lead)
        al.inlines(inlines(text))
    else:
        nodes = markup_blocks(text)
        if not nodes:
            em.raw(f"<p>{lead}</p>" if lead else "")
        al.blocks(nodes, lead)
    em.finish()
    return "".join(em.out)


def removed_html(text: str, lead: str = "") -> str:
    """A field that the new version no longer has: all of it deleted."""
    return f"<p>{lead}<del>{_ESC(text)}</del></p>"


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence (or line) of ``text``, without the white space around
    it — what a reviewer on a phone or a keyboard can choose instead of selecting words."""
    out = []
    pos = 0
    bounds = [(m.start(), m.end()) for m in _BLOCK_BREAK.finditer(text)] + [(len(text), len(text))]
    for stop, nxt in bounds:
        marker = _ITEM_MARKER.match(text, pos, stop)
        if marker:  # a list item's number or bullet is not a sentence to choose ("1.")
            pos = marker.end()
        for m in _SENTENCE.finditer(text, pos, stop):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
        pos = nxt
    return out


# --------------------------------------------------------------------------- the whole guideline


@dataclass
class Unit:
    """One text field on the page: its anchor key, its place in the YAML and its HTML."""

    key: str  # "element|field" (element empty for top-level fields)
    element: Optional[str]
    field: str
    text: str
    html: str
    heading: int = 0  # >0: shown as a heading of this level
    clause: bool = False
    removed: bool = False
    changed: bool = False
    under: str = ""  # the title of the heading the part is under ("" at the top)

    def words(self, n: int = 60) -> str:
        """The part's first words, how a reviewer tells it from the others (a clause's id is
        the drafters' reference, not words a reviewer knows it by)."""
        import html as _html

        shown = re.sub(r'<span class="clause-id">.*?</span>\s*', "", self.html, count=1)
        shown = re.sub(r"<del>.*?</del>", "", shown, flags=re.S)
        shown = re.sub(r"</(?:p|li|h\d|blockquote|td|th|dt|dd)>", " ", shown)
        text = " ".join(_html.unescape(re.sub(r"<[^>]+>", "", shown)).split())  # the words as shown
        return text[:n] + ("…" if len(text) > n else "")

    def named(self) -> str:
        """What a Respond link says it is for: the part's first words, after the heading it is
        under for a field of a listed item (a service's “Hours: To be confirmed”), whose words
        another item's same field can have (ux16: two links read “Respond to Hours: To be
        confirmed” to a screen reader)."""
        if not self.clause and self.element and self.under:
            return f"{self.under}: {self.words()}"
        return self.words()

    @property
    def digest(self) -> str:
        return text_digest(self.text)

    @property
    def anchor(self) -> str:
        """The page's id for the part: a clause's number, else ``part-`` and its key (a
        Respond page's way back lands on it)."""
        return self.element if self.clause and self.element else f"part-{self.key}"


@dataclass
class Block:
    """A heading of the page layout that is not itself a text field (e.g. "Purpose")."""

    title: str
    level: int
    anchor: str = ""


@dataclass
class Involvement(Block):
    """How sex workers took part in making the draft (``lic_policy.involvement``): a part of
    the page with a heading, not text to comment on word by word (its words are made from the
    record's values, not written by the drafters)."""

    facts: list = field(default_factory=list)


@dataclass
class Page:
    title: str
    version: Optional[str]
    status: Optional[str]
    items: list = field(default_factory=list)  # Block | Unit, in reading order
    units: dict = field(default_factory=dict)  # key -> Unit (current text only)
    old_version: Optional[str] = None
    changes: dict = field(default_factory=dict)  # redline summary
    structural: list = field(default_factory=list)  # plain-words structural changes
    language: str = "en"
    place: Optional[str] = None  # the jurisdiction, when the title does not name it

    def contents(self, threads_by_unit: dict) -> list[tuple[str, str, int]]:
        """The page's parts to go to: (title, the id of its heading, how many of the threads
        given sit in it) for each heading of the top level of the draft (Purpose, each section,
        Definitions, ...). On a phone the draft is dozens of screens long."""
        out: list[list] = []
        for it in self.items:
            if isinstance(it, Block):
                if it.level == 2 and it.anchor:
                    out.append([it.title, it.anchor, 0])
                continue
            if it.removed:
                continue
            if it.heading == 2:
                out.append([it.words(80), it.anchor, 0])
            if out:
                out[-1][2] += len(threads_by_unit.get(it.key, ()))
        return [(t, a, n) for t, a, n in out]


def text_digest(text: str) -> str:
    """A short fingerprint of a field's text: a page tells the server which text its offsets
    are in, so offsets made on an earlier draft are never used on a later one."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def unit_key(element: Optional[str], fld: str) -> str:
    return f"{element or ''}|{fld}"


def split_key(key: str) -> tuple[Optional[str], str]:
    element, _, fld = key.partition("|")
    return (element or None), fld


_TOP_TITLES = {
    "metadata.summary": "Summary", "purpose": "Purpose", "scope.text": "Scope", "scope.excludes": "Not covered",
    "consultation.summary": "Consultation", "governance.terms_of_reference": "Terms of reference",
}
_GROUP_TITLES = [("metadata", None), ("purpose", None), ("scope", None), ("definitions", "Definitions"),
                 ("principles", "Principles"), ("priorities", "Priorities"), ("sections", None),
                 ("services", "Find a service"), ("consultation", "Consultation"), ("governance", "Governance"),
                 ("work_plan", "Work plan"), ("review_schedule", "Review schedule"), ("references", "References")]
_FIELD_WORDS = {"owners": "Owner", "role": "role", "stages": "Stage", "notes": "notes", "confidentiality":
                "Confidentiality", "representative_selection": "How representatives were chosen",
                "description": "", "compensation": "Compensation", "triggers": "Review when",
                "offers": "Offers", "hours": "Hours", "owner_role": "Owner (role)", "publisher": "Publisher",
                "citation": "Source", "source": ""}


def field_label(fld: str) -> str:
    """Plain words for a field that is not a heading or a clause (no field names shown)."""
    words = [(_FIELD_WORDS.get(p, p.replace("_", " "))) for p in fld.split(".") if not p.isdigit()]
    words = [w for w in words if w]
    text = " ".join(words[-2:]) if words else ""
    return text[:1].upper() + text[1:]


def build_page(data: dict, old_data: Optional[dict] = None) -> Page:
    """The review page of guideline ``data``; with ``old_data``, its redline since then."""
    from ..redline import redline
    from ..text import guideline_units

    page = _page_head(data)
    units = list(guideline_units(data))
    rl = None
    text_by: dict = {}
    if old_data is not None:
        rl = redline(old_data, data)
        text_by = {(t.element, t.field): t for t in rl.text}
        page.old_version = rl.old_version
        page.changes = rl.summary()
        page.structural = [c.detail for c in rl.structural if not (c.kind == "clause" and c.op in ("added", "removed"))]
    writer = _UnitWriter(page, text_by)
    by_group: dict[str, list] = {}
    for u in units:
        if u.field == "metadata.title":
            writer.add(u, heading=1)
            continue
        by_group.setdefault(str(u.path[0]), []).append(u)
    gone = _removed_outside_sections(rl, units, text_by) if rl is not None else {}
    for group, title in _GROUP_TITLES:
        if group == "consultation":  # where the published guideline says how it was developed
            from .. import involvement

            page.items.append(Involvement(involvement.HEADING, 2, "involvement", involvement.facts(data)))
        if group == "sections":
            _sections(page, data, rl, units, writer.add, writer.removed)
        elif by_group.get(group) or gone.get(group):
            _group(page, group, title, by_group.get(group, []), gone.get(group, []), writer)
    _mark_under(page)
    return page


def _page_head(data: dict) -> Page:
    """An empty page with the guideline's title, version, status and language."""
    md = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    page = Page(str(md.get("title") or "Guideline"), version(data), _str_or_none(md.get("status")))
    page.place = place_not_in_title(md, page.title)
    langs = md.get("languages")
    if isinstance(langs, list) and langs and isinstance(langs[0], str) and _LANG.match(langs[0]):
        page.language = langs[0]  # the draft's own language (screen readers read it so)
    return page


class _UnitWriter:
    """Adds a guideline's text units to a page, each with its redline marks when there is one."""

    def __init__(self, page: Page, text_by: dict) -> None:
        self.page = page
        self.text_by = text_by

    def add(self, u, heading: int = 0, lead: str = "", clause: bool = False) -> None:
        t = self.text_by.get((u.element, u.field))
        segs = t.segments if t is not None else None
        body = field_html(u.text, segs, lead=lead, inline=heading > 0)
        unit = Unit(unit_key(u.element, u.field), u.element, u.field, u.text, body, heading, clause,
                    changed=t is not None)
        self.page.items.append(unit)
        self.page.units[unit.key] = unit

    def removed(self, element, fld, text, heading=0, lead="") -> None:
        self.page.items.append(Unit(unit_key(element, fld), element, fld, text,
                                    (f"<del>{_ESC(text)}</del>" if heading else removed_html(text, lead)),
                                    heading, fld == "text", removed=True, changed=True))


def _removed_outside_sections(rl, units: list, text_by: dict) -> dict[str, list]:
    """By top-level group, the units of the old version that are gone (sections apart: they
    are laid out where they were)."""
    from ..text import guideline_units

    gone: dict[str, list] = {}
    new_keys = {(u.element, u.field) for u in units}
    for u in guideline_units(rl.old_data):
        t = text_by.get((u.element, u.field))
        if t is not None and t.op == "removed" and (u.element, u.field) not in new_keys \
                and u.path[0] != "sections":
            gone.setdefault(str(u.path[0]), []).append(u)
    return gone


def _group(page: Page, group: str, title: str, us: list, gone: list, writer: _UnitWriter) -> None:
    """A top-level part of the guideline other than its sections: its heading, its units as
    headings, labelled fields or text, then what was removed from it."""
    if title:
        page.items.append(Block(title, 2, "g-" + group))
    audiences = False
    for u in us:
        if u.path[:2] == ("scope", "audiences") and not audiences:
            page.items.append(Block("Who this guidance is for", 3))
            audiences = True
        if u.field in _TOP_TITLES:
            page.items.append(Block(_TOP_TITLES[u.field], 2, "f-" + u.field.replace(".", "-")))
            writer.add(u)
        elif u.field in HEADING_FIELDS or (group == "definitions" and u.path[-1] == "term"):
            writer.add(u, heading=3)  # a definition: its term as a heading over its text, as published
        elif group == "definitions" and u.path[-1] == "definition":
            writer.add(u)
        elif u.path[0] == "metadata":
            writer.add(u, lead=f"<strong>{_ESC(field_label(u.field))}:</strong> ")
        elif u.element is None or u.field not in ("text", "definition", "description"):
            label = field_label(u.field)
            writer.add(u, lead=f"<strong>{_ESC(label)}:</strong> " if label else "")
        else:
            writer.add(u)
    for u in gone:
        writer.removed(u.element, u.field, u.text, lead="<strong>Removed:</strong> ")


def _mark_under(page: Page) -> None:
    """Each unit that is not a heading remembers the heading it sits under (the Respond page
    says "In “heading”" above the passage)."""
    under = ""
    for it in page.items:
        if isinstance(it, Block):
            under = it.title
        elif it.heading:
            under = " ".join(it.text.split())
        else:
            it.under = under


def _sections(page: Page, data: dict, rl, units, add, removed) -> None:
    """Sections and clauses in the guideline's order; with a redline, removed ones where they were."""
    by_key = {(u.element, u.field): u for u in units if u.path and u.path[0] == "sections"}
    extra: dict[str, list] = {}
    for u in units:
        if u.path and u.path[0] == "sections" and u.field == "citation.source":
            extra.setdefault(u.element, []).append(u)
    if rl is not None:
        from ..redline import layout

        items, _others = layout(rl)
        for it in items:
            fld = "title" if it.kind == "section" else ("intro" if it.kind == "intro" else "text")
            u = by_key.get((it.id, fld))
            level = min(2 + it.depth, 6)
            if it.state == "removed" or u is None:
                old = "".join(s for op, s in it.segments if op != INSERT)
                if old:
                    removed(it.id, fld, old, heading=level if fld == "title" else 0,
                            lead=_clause_lead(it.id) if fld == "text" else "")
                continue
            _section_item(page, u, fld, level, add, extra)
        return
    for u in units:
        if not u.path or u.path[0] != "sections" or u.field == "citation.source":
            continue
        depth = sum(1 for p in u.path if p == "sections") - 1
        fld = u.field
        _section_item(page, u, fld, min(2 + depth, 6), add, extra)


def _clause_lead(cid: str) -> str:
    """A clause's number as the page shows it under its section's heading: the last part of
    its id ("concerns-from-residents-and-businesses.1" reads "1"; the whole id is the
    drafters' reference, in `review list` and the packet)."""
    return f'<span class="clause-id"><strong>{_ESC(cid.rsplit(".", 1)[-1])}</strong></span> '


def _section_item(page, u, fld, level, add, extra) -> None:
    if fld == "title":
        add(u, heading=level)
    elif fld == "intro":
        add(u)
    else:
        add(u, lead=_clause_lead(u.element), clause=True)
        for src in extra.get(u.element, []):
            add(src, lead="<strong>Source:</strong> ")


def _str_or_none(v: Any) -> Optional[str]:
    return str(v) if v is not None else None


__all__ = ["build_page", "field_html", "sentences", "Page", "Unit", "Block", "Involvement", "unit_key", "split_key", "field_label", "text_digest"]
