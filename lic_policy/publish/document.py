"""A guideline (plus its review summary) → ONE pandoc document (JSON AST).

Every output format is written by pandoc from this one document; nothing here knows
about HTML, Word or typst except the ``custom-style`` attributes pandoc's docx/odt
writers read. Clause text goes through :mod:`lic_policy.publish.markup`, which emits no
raw nodes, so text from the guideline is always data. Dates come from the guideline, never
from the clock, so the same input gives the same document.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Optional

from ..model.vocab import KEY_AREA_TITLES as _MODEL_KEY_AREA_TITLES
from ..pandoc_ast import (SPACE, BlockQuote, BulletList, DefinitionList, Div, Emph, Header, MetaInlines, OrderedList,
                          Para, Plain, Span, Str, Strong, document, literal_inlines, meta_value)
from ..pandoc_ast import Table as table_node
from .markup import blocks, first_para_inlines, inlines, link, safe_url

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

# the model's key areas, in its order, titled in sentence case as the rest of the document
KEY_AREA_TITLES = {key: title.capitalize() for key, title in _MODEL_KEY_AREA_TITLES.items()}
KEY_AREA_ORDER = list(KEY_AREA_TITLES)
GROUP_TITLES = {
    "im-migrant-sex-workers": "Im/migrant sex workers",
    "trans-and-gender-diverse-sex-workers": "Trans and gender-diverse sex workers",
    "sex-worker-led-organizations": "Sex-worker-led organizations",
    "sex-worker-serving-organizations": "Organizations serving sex workers",
    "street-based-sex-workers": "Street-based sex workers",
}
ROLE_TITLES = {
    "sex-worker-advisory": "Sex worker advisory",
    "staff": "Staff",
    "legal": "Legal",
    "community": "Community",
    "automated": "Automated reviewers",
}


# compound words in the models' values that keep their hyphens in a label ("chosen by
# sex-worker-led organizations", "Youth-serving organizations"; ux29)
_COMPOUNDS = ("sex-worker-led", "youth-serving", "street-based", "gender-diverse")


def humanize(value: str) -> str:
    """``current-sex-workers`` → ``Current sex workers``;
    ``chosen-by-sex-worker-led-organizations`` → ``Chosen by sex-worker-led organizations``."""
    if value in GROUP_TITLES:
        return GROUP_TITLES[value]
    text = str(value).replace("-", " ").replace("_", " ")
    for word in _COMPOUNDS:
        text = re.sub(rf"\b{re.escape(word.replace('-', ' '))}\b", word, text)
    return text[:1].upper() + text[1:]


# a number as written, when no country is known: "+44 20 7946 0958", "(604) 555-0199",
# "250-555-0141" — never the note after it ("(24/7)")
_DIGIT_RUN = re.compile(r"(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d[\d .-]{4,}\d")


def phone_inlines(phone: str, country: Optional[str] = None) -> list[dict]:
    """A contact's phone field with only the number linked (``tel:`` in E.164 where the
    ``phonenumbers`` library recognizes it, for the jurisdiction's country); notes around
    it ("(24/7)", "press 2") stay plain text. A field without a number is plain text."""
    import phonenumbers

    region = (country or "").upper() if country and len(country) == 2 else "ZZ"
    start = end = -1
    target = ""
    try:
        for m in phonenumbers.PhoneNumberMatcher(phone, region, leniency=phonenumbers.Leniency.POSSIBLE):
            start, end = m.start, m.end
            target = "tel:" + phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            break
    except Exception:  # pragma: no cover - the library's own parsing errors: fall back below
        start = -1
    if start < 0:
        m = _DIGIT_RUN.search(phone)
        if m is None:
            return literal_inlines(phone)
        start, end = m.start(), m.end()
        target = "tel:" + re.sub(r"[^\d+]", "", m.group(0))
    before, number, after = phone[:start], phone[start:end], phone[end:]
    out: list[dict] = []
    if before.strip():
        out.extend(literal_inlines(before))
        if before[-1:].isspace():
            out.append(SPACE)
    out.extend(link(literal_inlines(number), target))
    if after.strip():
        if after[:1].isspace():
            out.append(SPACE)
        out.extend(literal_inlines(after))
    return out


def _date(value: Optional[_dt.date]) -> str:
    return value.isoformat() if value else ""


def _span(start: Optional[_dt.date], end: Optional[_dt.date], until: str = "until") -> str:
    """A stage's or an action's dates: "2026-01-12 to 2026-03-06"; one date says which it is
    ("from 2026-04-01", "by 2026-11-30"): a stage under way read as if it had lasted one day."""
    if start and end:
        return f"{_date(start)} to {_date(end)}"
    if start:
        return f"from {_date(start)}"
    return f"{until} {_date(end)}" if end else ""


# --------------------------------------------------------------------------- AST helpers


_TEXT_NUMBER = re.compile(r"\s*[+(]?\d[\d\s().-]{4,}")


def language_names(tags: list[str]) -> str:
    """"en, fr-CA" → "English, French (Canada)": names readers know (in English, as the labels
    are; the langcodes library with CLDR's names), the tag where no name is known."""
    import langcodes

    out = []
    for tag in tags:
        try:
            # the tag's own name, not the one it normalises to: `tl` is Tagalog, as the draft said,
            # not Filipino (`fil`; ux29)
            name = langcodes.Language.get(tag, normalize=False).display_name("en")
        except (LookupError, ValueError):
            name = ""
        out.append(tag if not name or name.startswith("Unknown language") or "[" in name else name)
    return ", ".join(out)


def label(name: str, value: list[dict] | str) -> list[dict]:
    """``**Name:** value`` as inlines."""
    val = literal_inlines(value) if isinstance(value, str) else value
    return [Strong(literal_inlines(name + ":")), SPACE, *val]


LINE_CHARS = 70
"""Characters of table text on one line of the page, counted for the widest fonts a reader
may see (Word's Aptos replaced by DejaVu Sans in LibreOffice; 5.5 in at 9.5 pt in Word, 6 in
at 0.9 em in the PDF): the unit :func:`column_widths` works in."""
_BREAKS = re.compile(r"\s+|(?<=[A-Za-z])-(?=[A-Za-z])")  # lines break at spaces and inside "Indigenous-led"
CELL_PADDING = 3  # characters of inset and border around a cell's text


def _cell_text(cell: Any) -> str:
    if isinstance(cell, str):
        return cell
    parts: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            if v.get("t") == "Str":
                parts.append(v["c"])
            elif v.get("t") in ("Space", "SoftBreak", "LineBreak"):
                parts.append(" ")
            elif v.get("t") in ("BulletList", "OrderedList", "Para", "Plain"):
                parts.append(" ")
                walk(v.get("c"))
                parts.append(" ")
            elif "c" in v:
                walk(v["c"])
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(cell)
    return "".join(parts)


def column_widths(head: list[str], rows: list[list[Any]]) -> list[float]:
    """Fractions of the page width for each column, from what the columns hold: every column
    is at least as wide as its longest word (so no word is broken in the middle — Word and
    LibreOffice break a word that does not fit, and typst lets it run into the next column),
    and the rest of the width goes to the columns with the most text."""
    cols = len(head)
    longest = [0] * cols  # the longest word
    amount = [0.0] * cols  # how much text, per row, capped (a long paragraph still wraps)
    for r, row in enumerate([head, *rows]):
        for i in range(cols):
            cell = row[i] if i < len(row) else ""
            text = _cell_text(cell)
            words = [w for w in _BREAKS.split(text) if w]
            # header cells and strong text are bold, a little wider
            bold = 1.12 if r == 0 or (not isinstance(cell, str) and '"Strong"' in json.dumps(cell)) else 1.0
            longest[i] = max(longest[i], int(max((len(w) for w in words), default=0) * bold + 0.999))
            amount[i] = max(amount[i], min(len(text), 3 * LINE_CHARS))
    need = [(n + CELL_PADDING) / LINE_CHARS for n in longest]
    if sum(need) >= 1:  # more than fits: each column its share of what it needs
        return [n / sum(need) for n in need]
    spare = 1 - sum(need)
    extra = [max(a - n, 0.0) for a, n in zip(amount, longest)]
    total = sum(extra)
    if total <= 0:
        return [n / sum(need) for n in need]
    return [n + spare * e / total for n, e in zip(need, extra)]


def Table(head: list[str], rows: list[list[list[dict] | str]], caption: str = "",
          identifier: str = "", widths: Optional[list[float]] = None) -> dict:
    """A table whose column widths follow its text (``column_widths``); ``widths`` is used
    for a table without rows."""
    widths = column_widths(head, rows) if rows else (widths or [None] * len(head))
    return table_node(head, rows, widths, caption, identifier)


def comma_inlines(parts: list[list[dict]]) -> list[dict]:
    out: list[dict] = []
    for i, p in enumerate(parts):
        if i:
            out.extend([Str(","), SPACE])
        out.extend(p)
    return out


# --------------------------------------------------------------------------- review summary


@dataclass
class ReviewSummary:
    """Counts of review threads — never handles or names unless an author chose ``named``."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    named: list[str] = field(default_factory=list)
    blocking: list[tuple[str, str]] = field(default_factory=list)  # (thread id, clause) of open objections

    @classmethod
    def from_review(cls, review: Any) -> "ReviewSummary":
        threads = list(getattr(review, "threads", []) or [])
        status, role, kind = Counter(), Counter(), Counter()
        named: set[str] = set()
        blocking = []
        for t in threads:
            status[t.status] += 1
            role[t.author.role] += 1
            kind[t.kind] += 1
            authors = [t.author, *(r.author for r in t.replies)]
            named.update(a.handle for a in authors if a.named)
            if t.blocks_approval:  # not one its writer took back
                blocking.append((t.id, t.anchor.clause or t.anchor.field or ""))
        return cls(len(threads), dict(sorted(status.items())), dict(sorted(role.items())),
                   dict(sorted(kind.items())), sorted(named), blocking)


# --------------------------------------------------------------------------- the builder


@dataclass
class Override:
    """A publish gate that was overridden with ``--force``: what it would have refused."""

    reasons: list[str]

    def text(self) -> str:
        """The note a published document carries. The reasons are written for a terminal (a
        command in backticks); the document shows the command without them."""
        return "Published with --force despite: " + "; ".join(r.replace("`", "") for r in self.reasons)


class _Ids:
    """Element ids must be unique across the document; later duplicates get none."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, value: str) -> str:
        if not value or value in self.seen:
            return ""
        self.seen.add(value)
        return value


def marking(md: Any) -> tuple[str, str]:
    """The visible marking of a guideline that is not published: ("DRAFT", sentence) —
    or ("RETIRED", sentence) for a retired one, which is not a draft but is not in effect."""
    if md.status == "retired":
        when = f" on {md.retired_date.isoformat()}" if md.retired_date else ""
        return "RETIRED", f"— this guideline was retired{when} and is no longer in effect; do not rely on it."
    return "DRAFT", f"— status: {md.status}. This guideline is not adopted guidance; do not rely on it."


def document_date(g: Any) -> Optional[_dt.date]:
    """The date the published document carries: adoption, else effective, else the last
    approval. Never the clock."""
    md = g.metadata
    if md.adopted_date:
        return md.adopted_date
    if md.effective_date:
        return md.effective_date
    approvals = getattr(g.governance, "approvals", None) or []
    dates = [a.date for a in approvals]
    return max(dates) if dates else None


STYLES = ("standard", "council")
"""Layouts: ``standard`` shows each clause's id (``response.violence.1``) as its number, for
the people who work on the guideline; ``council`` numbers headings and clauses (4., 4.1,
4.2) and shows no ids, as a document put before a council or a board reads."""


def _numbering(g: Any, first: int) -> dict[str, str]:
    """Council numbers of the guideline's sections and clauses: top-level sections from
    ``first``; in each section its clauses first (4.1, 4.2), then its subsections (4.3)."""
    numbers: dict[str, str] = {}

    def walk(section: Any, number: str) -> None:
        numbers.setdefault(section.id, number)
        k = 0
        for c in section.clauses:
            k += 1
            numbers.setdefault(c.id, f"{number}.{k}")
        for sub in section.sections:
            k += 1
            walk(sub, f"{number}.{k}")

    for i, section in enumerate(g.sections):
        walk(section, str(first + i))
    return numbers


def build(g: Any, review: Optional[ReviewSummary] = None, override: Optional[Override] = None,
          style: str = "standard") -> dict:
    """The pandoc document (a JSON-ready dict) for guideline ``g`` (a validated model), in
    one of the :data:`STYLES`: one function per part of the document, in reading order."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    lay = _Layout(g, review, override, council=style == "council")
    out: list[dict] = []
    for part in (_title_block, _purpose_and_scope, _definitions, _principles, _priorities, _sections, _key_areas,
                 _work_plan, _services, _consultation, _governance, _review_log, _review_schedule, _references):
        out.extend(part(lay))
    return document(compact(_metadata(lay)), compact(out))


class _Layout:
    """What every part of the document needs: the guideline, the style, the review summary
    and override, element ids (unique across the document), the council numbering, and the
    names that clauses refer to (audiences, services, section titles)."""

    def __init__(self, g: Any, review: Optional[ReviewSummary], override: Optional[Override], *, council: bool):
        self.g, self.md, self.review, self.override, self.council = g, g.metadata, review, override, council
        self.ids = _Ids()
        self.headings = 0  # top-level headings so far (numbered in the council layout)
        # the generated parts before the guideline's own sections, to number those from there
        self.before = 2 + bool(g.definitions) + bool(g.principles) + bool(g.priorities)
        self.numbers = _numbering(g, self.before + 1) if council else {}
        self.titles = {s.id: s.title for _p, s in g.iter_sections()}
        self.audiences = {a.id: a.name for a in g.scope.audiences}
        self.services = {s.id: s for s in g.services}
        self.draft = self.md.status != "published"
        self.word, self.sentence = marking(self.md)

    def h1(self, title: str, identifier: str) -> dict:
        """A top-level heading; numbered in the council layout."""
        if self.council:
            self.headings += 1
            title = f"{self.headings}. {title}"
        return Header(1, literal_inlines(title), identifier)

    def ref(self, ident: str) -> str:
        """How a reference to a section or clause reads: its number and title in the council
        layout; else a section's title (the layout shows no section ids) or a clause's id (shown
        as its number)."""
        if not self.council:
            return self.titles.get(ident, ident)
        number = self.numbers.get(ident)
        if number is None:
            return self.titles.get(ident, ident)
        return f"{number}{'' if '.' in number else '.'} {self.titles[ident]}" if ident in self.titles else number


def _title_block(lay: "_Layout") -> list[dict]:
    """The draft or retired banner, the override note and the document details."""
    md, ids, override = lay.md, lay.ids, lay.override
    out: list[dict] = []
    if lay.draft:
        out.append(Div([Para([Strong(literal_inlines(lay.word)), SPACE, *literal_inlines(lay.sentence)])], "lic-draft",
                       ["draft-banner"], "Draft Banner"))
    if override is not None:
        out.append(Div([Para([Strong(literal_inlines("Publication override.")), SPACE, *literal_inlines(override.text() + ".")])],
                       "lic-override", ["override-note"], "Override Note"))
    j = md.jurisdiction
    where = ", ".join(x for x in (j.region, j.country) if x)
    details = [
        label("Jurisdiction", f"{j.name} ({humanize(j.kind).lower()})" + (f", {where}" if where else "")),
        label("Version", md.version),
        label("Status", md.status),
    ]
    for name, value in (("Adopted", md.adopted_date), ("Effective", md.effective_date),
                        ("Next review", md.next_review_date), ("Retired", md.retired_date)):
        if value:
            details.append(label(name, _date(value)))
    if md.supersedes:
        details.append(label("Supersedes", md.supersedes))
    details.append(label("Owners", "; ".join(o.role + (f" ({o.unit})" if o.unit else "") for o in md.owners)))
    details.append(label("Languages", language_names(md.languages)))
    if not lay.council:
        details.append(label("Identifier", md.id))
    block = [BulletList([[Plain(d)] for d in details])]
    if md.summary:
        block.extend(blocks(md.summary))
    out.append(Div(block, ids("lic-document-details"), ["document-details"]))
    return out


def _purpose_and_scope(lay: "_Layout") -> list[dict]:
    """Purpose and scope (areas, audiences, what is not covered)."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    out.append(lay.h1("Purpose", ids("lic-purpose")))
    out.extend(blocks(g.purpose))
    out.append(lay.h1("Scope", ids("lic-scope")))
    out.extend(blocks(g.scope.text))
    if g.scope.applies_to:
        out.append(Para(label("Areas covered", ", ".join(g.scope.applies_to))))
    if g.scope.audiences:
        out.append(Para([Strong(literal_inlines("Who this guidance is for:"))]))
        out.append(BulletList([[Plain([Strong(literal_inlines(a.name)), *([Str(":"), SPACE, *inlines(a.description)]
                                                           if a.description else [])])]
                               for a in g.scope.audiences]))
    if g.scope.excludes:
        out.append(Para([Strong(literal_inlines("Not covered:"))]))
        out.extend(blocks(g.scope.excludes))
    return out


def _definitions(lay: "_Layout") -> list[dict]:
    """The glossary as a definition list."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    if g.definitions:
        out.append(lay.h1("Definitions", ids("lic-definitions")))
        items = []
        for d in g.definitions:
            defn = blocks(d.definition)
            extra: list[list[dict]] = []
            if d.self_identification:
                extra.append([Emph(literal_inlines("A community's own name for itself."))])
            if d.aliases:
                extra.append(label("Also", ", ".join(d.aliases)))
            if d.source:
                extra.append(label("Source", d.source))
            if extra:
                defn.append(Para([x for i, e in enumerate(extra) for x in ([SPACE] if i else []) + e]))
            items.append((literal_inlines(d.term), defn))
        out.append(DefinitionList(items))
    return out


def _principles(lay: "_Layout") -> list[dict]:
    """Each principle with its LIC key areas."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    if g.principles:
        out.append(lay.h1("Principles", ids("lic-principles")))
        for p in g.principles:
            out.append(Header(2, literal_inlines(p.title), ids(p.id)))
            out.extend(blocks(p.text))
            out.append(Para(label("LIC key areas", ", ".join(KEY_AREA_TITLES.get(k, k) for k in p.key_areas))))
    return out


def _priorities(lay: "_Layout") -> list[dict]:
    """The priorities in rank order, with references to where they are acted on."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    if g.priorities:
        out.append(lay.h1("Priorities", ids("lic-priorities")))
        items = []
        for p in sorted(g.priorities, key=lambda p: p.rank):
            content = inlines(p.text)
            if p.refs:
                content = [*content, SPACE, Emph(literal_inlines("(see " + ", ".join(lay.ref(r) for r in p.refs) + ")"))]
            items.append([Plain(content)])
        out.append(OrderedList(items))
    return out


def _sections(lay: "_Layout") -> list[dict]:
    """The guideline's own sections and their clauses."""
    out: list[dict] = []
    for s in lay.g.sections:
        out.extend(_section_blocks(lay, s, 1))
    if lay.council:
        assert lay.headings == lay.before, "the council numbering counts the parts before the sections"
        lay.headings += len(lay.g.sections)
    return out


def _clause_blocks(lay: "_Layout", c: Any) -> list[dict]:
    """One clause: its number or id, its text (a quotation as a block quote with its source),
    and notes on whom it is for, the services it points to and what to see."""
    ids, numbers, council = lay.ids, lay.numbers, lay.council
    first, rest = first_para_inlines(c.text)
    number = (Span([Strong(literal_inlines(numbers.get(c.id, "")))], ["clause-number"]) if council
              else Span([Strong(literal_inlines(c.id))], ["clause-id"], "Clause Number"))
    lead = [number]
    if c.kind != "directive":
        lead.extend([SPACE, Emph(literal_inlines(f"({c.kind})"))])
    content: list[dict] = []
    if c.is_quotation:
        content.append(Para(lead))
        quoted = blocks(c.text)
        if c.citation is not None:
            cite = [*literal_inlines("— " + c.citation.source + (f", {c.citation.section}" if c.citation.section else ""))]
            if c.citation.url and safe_url(c.citation.url):
                cite = link(cite, c.citation.url)
            quoted.append(Para(cite))
        content.append(BlockQuote(quoted))
    else:
        content.append(Para([*lead, SPACE, *first] if first else lead))
        content.extend(rest)
    notes = []
    if c.audience:
        notes.append(label("For", ", ".join(lay.audiences.get(a, a) for a in c.audience)))
    if c.services:
        parts = []
        for sid in c.services:
            s = lay.services.get(sid)
            parts.append(literal_inlines(s.organization if s else sid))
        notes.append(label("Services", comma_inlines(parts)))
    if c.see:
        notes.append(label("See", ", ".join(lay.ref(x) for x in c.see)))
    for n in notes:
        content.append(Div([Para(n)], "", ["clause-meta"], "Clause Note"))
    return [Div(content, ids(c.id), ["clause", c.kind], "Clause")]


def _section_blocks(lay: "_Layout", s: Any, level: int) -> list[dict]:
    """A section at heading ``level``: its heading, protocol, intro, clauses and subsections."""
    ids, numbers, council = lay.ids, lay.numbers, lay.council
    title = f"{numbers[s.id]}{'.' if level == 1 else ''} {s.title}" if council and s.id in numbers else s.title
    res = [Header(level, literal_inlines(title), ids(s.id))]
    if s.protocol:
        res.append(Para([Emph(literal_inlines(f"Protocol: {humanize(s.protocol).lower()}"))]))
    if s.intro:
        res.extend(blocks(s.intro))
    for c in s.clauses:
        res.extend(_clause_blocks(lay, c))
    for sub in s.sections:
        res.extend(_section_blocks(lay, sub, level + 1))
    return res


def _key_areas(lay: "_Layout") -> list[dict]:
    """The table of what the guideline does in each LIC key area."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    out.append(lay.h1("What this guideline does in each LIC key area", ids("lic-key-areas")))
    rows = []
    for area in KEY_AREA_ORDER:
        principles = [p for p in g.principles if area in p.key_areas]
        actions = [a for a in g.work_plan if a.key_area == area]
        rows.append([
            [Plain([Strong(literal_inlines(KEY_AREA_TITLES[area]))])],
            [BulletList([[Plain(literal_inlines(p.title))] for p in principles])] if principles else [Plain(literal_inlines("—"))],
            [BulletList([[Plain(literal_inlines(f"{a.title} ({humanize(a.status).lower()})"))] for a in actions])]
            if actions else [Plain(literal_inlines("—"))],
        ])
    out.append(Table(["Key area", "Principles", "Work-plan actions"], rows,
                     "The four Living in Community key areas of change", "lic-key-area-table",
                     [0.22, 0.39, 0.39]))
    return out


def _work_plan(lay: "_Layout") -> list[dict]:
    """The work plan table."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    if g.work_plan:
        out.append(lay.h1("Work plan", ids("lic-work-plan")))
        rows = []
        for a in g.work_plan:
            when = _span(a.start, a.due, "by")
            rows.append([a.title, KEY_AREA_TITLES.get(a.key_area, a.key_area), a.owner_role, when,
                         humanize(a.status)])
        out.append(Table(["Action", "Key area", "Owner (role)", "When", "Status"], rows, "",
                         ids("lic-work-plan-table"), [0.34, 0.18, 0.2, 0.16, 0.12]))
    return out


def _services(lay: "_Layout") -> list[dict]:
    """The services directory."""
    g, ids = lay.g, lay.ids
    j = lay.md.jurisdiction
    out: list[dict] = []
    if g.services:
        out.append(lay.h1("Find a service", ids("lic-services")))
        for s in g.services:
            out.append(Header(2, literal_inlines(s.organization), ids("service." + s.id)))
            if s.description:
                out.extend(blocks(s.description))
            led = [x for x, on in (("sex-worker-led", s.sex_worker_led), ("Indigenous-led", s.indigenous_led),
                                   ("mobile (comes to you)", s.mobile)) if on]
            facts = [label("Offers", ", ".join(s.offers)),
                     label("Regions", ", ".join(s.regions)),
                     label("Languages", language_names(s.languages))]
            if led:
                facts.append(label("Led by / how", ", ".join(led)))
            ct = s.contact
            contact: list[list[dict]] = []
            if ct.phone:
                contact.append([*literal_inlines("phone"), SPACE, *phone_inlines(ct.phone, j.country)])
            if ct.text:
                # a number for text messages reads "text 604-555-0102"; words such as an
                # import's "To be confirmed" read as they are, not "text To be confirmed" (ux17)
                contact.append(literal_inlines(("text " if _TEXT_NUMBER.match(ct.text) else "") + ct.text))
            if ct.email:
                contact.append(link(literal_inlines(ct.email), "mailto:" + ct.email))
            if ct.website:
                contact.append(link(literal_inlines(ct.website), ct.website))
            if ct.address:
                contact.append(literal_inlines(ct.address))
            if contact:
                facts.append(label("Contact", comma_inlines(contact)))
            facts.append(label("Hours", s.hours))
            out.append(BulletList([[Plain(f)] for f in facts]))
    return out


def _consultation(lay: "_Layout") -> list[dict]:
    """The consultation statement."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    c = g.consultation
    if c is not None:
        out.append(lay.h1("How this guideline was developed", ids("lic-consultation")))
        if c.summary:
            out.extend(blocks(c.summary))
        if c.stages:
            rows = []
            for st in c.stages:
                when = _span(st.start, st.end)
                rows.append([humanize(st.stage), humanize(st.status), when,
                             ", ".join(humanize(gr) for gr in st.groups) or "—"])
            out.append(Table(["Stage", "Status", "Dates", "Groups that took part"], rows,
                             "Stages of development", ids("lic-stages"), [0.15, 0.14, 0.23, 0.48]))
        if c.participants:
            rows = [[humanize(p.group), str(p.count), p.note or ""] for p in c.participants]
            out.append(Table(["Group", "Participants", "Note"], rows,
                             "Participants by group (counts only; no names are kept)", ids("lic-participants"),
                             [0.45, 0.15, 0.4]))
        facts = []
        if c.representative_selection:
            rs = c.representative_selection
            facts.append(label("How representatives were chosen", humanize(rs.method).lower()))
        if c.voluntary is not None:
            facts.append(label("Voluntary participation", "yes" if c.voluntary else "no"))
        if c.right_to_withdraw is not None:
            facts.append(label("Right to withdraw", "yes" if c.right_to_withdraw else "no"))
        if c.compensation:
            cp = c.compensation
            facts.append(label("Compensation", ("yes" if cp.provided else "no")
                               + (f", {cp.form}" if cp.form else "") + (f", {cp.rate}" if cp.rate else "")))
        if c.decision_power:
            dp = c.decision_power
            facts.append(label("Decision power", f"{dp.body}: {dp.sex_worker_seats} of {dp.total_seats} seats "
                               "held by sex workers" + ("; with votes" if dp.votes else "")
                               + ("; sex worker sign-off required" if dp.sign_off else "")))
        if c.diversity:
            facts.append(label("Experiences represented", ", ".join(humanize(d) for d in c.diversity)))
        if c.accessibility:
            ac = c.accessibility
            how = [x for x, on in (("in person", ac.in_person), ("online", ac.online),
                                   ("interpretation", ac.interpretation), ("plain language", ac.plain_language),
                                   ("childcare", ac.childcare), ("travel support", ac.travel_support)) if on]
            how.extend(ac.other)
            if ac.languages:
                how.append("languages: " + language_names(ac.languages))
            if ac.notice_days is not None:
                how.append(f"{ac.notice_days} days' notice")
            if how:
                facts.append(label("Accessibility", "; ".join(how)))
        if facts:
            out.append(BulletList([[Plain(f)] for f in facts]))
        if c.representative_selection and c.representative_selection.description:
            out.extend(blocks(c.representative_selection.description))
        if c.confidentiality:
            out.append(Para([Strong(literal_inlines("Confidentiality:"))]))
            out.append(BulletList([blocks(x) or [Plain([])] for x in c.confidentiality]))
    return out


def _governance(lay: "_Layout") -> list[dict]:
    """The steering committee and approvals."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    gov = g.governance
    if gov is not None and (gov.steering_committee or gov.approvals):
        out.append(lay.h1("Governance and approvals", ids("lic-governance")))
        if gov.steering_committee:
            rows = [[humanize(s.category), str(s.seats), ", ".join(s.organizations)] for s in gov.steering_committee]
            total = sum(s.seats for s in gov.steering_committee)
            out.append(Table(["Seat", "Seats", "Organizations"], rows,
                             f"Steering committee ({total} seats"
                             + (f", decisions by {gov.decision_rule}" if gov.decision_rule else "") + ")",
                             ids("lic-steering-committee"), [0.4, 0.12, 0.48]))
        if gov.approvals:
            rows = []
            for a in gov.approvals:
                dec = humanize(a.decision)
                if a.votes_for is not None:
                    dec += f" ({a.votes_for} for, {a.votes_against or 0} against, {a.abstentions or 0} abstaining)"
                rows.append([a.body, a.role, _date(a.date), dec, a.version or ""])
            out.append(Table(["Body", "Signed off by (role)", "Date", "Decision", "Version"], rows,
                             "Approvals", ids("lic-approvals"), [0.26, 0.26, 0.14, 0.22, 0.12]))
    return out


def _review_log(lay: "_Layout") -> list[dict]:
    """The review log summary (counts only)."""
    ids, review = lay.ids, lay.review
    out: list[dict] = []
    out.append(lay.h1("Review log", ids("lic-review-log")))
    if review is None or review.total == 0:
        out.append(Para(literal_inlines("No review threads are recorded for this version.")))
    else:
        out.append(Para(literal_inlines(f"{review.total} review thread{'s' if review.total != 1 else ''} "
                          "(counts only; reviewers are not named).")))
        rows = [[humanize(k), str(v)] for k, v in review.by_status.items()]
        out.append(Table(["Status", "Threads"], rows, "Threads by status", ids("lic-review-status"), [0.6, 0.4]))
        rows = [[ROLE_TITLES.get(k, humanize(k)), str(v)] for k, v in review.by_role.items()]
        out.append(Table(["Author role", "Threads"], rows, "Threads by author role", ids("lic-review-roles"),
                         [0.6, 0.4]))
        if review.named:
            out.append(Para(label("Reviewers who chose to be named", ", ".join(review.named))))
    return out


def _review_schedule(lay: "_Layout") -> list[dict]:
    """The review schedule."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    rs = g.review_schedule
    if rs is not None:
        out.append(lay.h1("Review schedule", ids("lic-review-schedule")))
        facts = [label("Reviewed every", f"{rs.frequency_months} months")]
        if rs.last_review:
            facts.append(label("Last review", _date(rs.last_review)))
        if rs.next_review:
            facts.append(label("Next review", _date(rs.next_review)))
        out.append(BulletList([[Plain(f)] for f in facts]))
        if rs.triggers:
            out.append(Para([Strong(literal_inlines("An earlier review is triggered by:"))]))
            out.append(BulletList([blocks(t) or [Plain([])] for t in rs.triggers]))
    return out


def _references(lay: "_Layout") -> list[dict]:
    """The references."""
    g, ids = lay.g, lay.ids
    out: list[dict] = []
    if g.references:
        out.append(lay.h1("References", ids("lic-references")))
        items = []
        for r in g.references:
            text = literal_inlines(r.title)
            if r.url:
                text = link(text, r.url)
            tail = ", ".join(x for x in (r.publisher, str(r.year) if r.year else "") if x)
            items.append([Plain([*text, *([Str("."), SPACE, *literal_inlines(tail + ".")] if tail else [Str(".")])])])
        out.append(BulletList(items))
    return out


def _metadata(lay: _Layout) -> dict[str, Any]:
    """The document's metadata: title, language, the marking of a draft, the override."""
    g, md, draft, word, override = lay.g, lay.md, lay.draft, lay.word, lay.override
    j = md.jurisdiction
    lang = md.languages[0] if md.languages and _LANG.match(md.languages[0]) else "en"
    date = document_date(g)
    meta: dict[str, Any] = {
        "title": MetaInlines(md.title),
        "subtitle": MetaInlines(f"{j.name} · version {md.version} · {md.status}"),
        "lang": meta_value(lang),
        "pagetitle": meta_value(md.title + (f" ({word})" if draft else "")),
        "subject": meta_value("Sex work response guideline"),
        "description": meta_value((f"[{override.text()}] " if override is not None else "")
                                  + (" ".join((md.summary or "").split()) or md.title)),
        "lic-policy-id": meta_value(md.id),
        "lic-policy-version": meta_value(md.version),
        "lic-policy-status": meta_value(md.status),
        "lic-policy-draft": meta_value(draft),
        "toc-title": MetaInlines("Contents"),
    }
    if date:
        meta["date"] = meta_value(date.isoformat())
    if draft:
        meta["lic-policy-marking"] = meta_value(word)
        meta["lic-policy-marking-text"] = meta_value(lay.sentence)
    if override is not None:
        meta["lic-policy-override"] = meta_value(override.text())
    return meta


MAX_STR = 1000
"""Characters per ``Str`` node handed to pandoc. pandoc's typst writer takes time quadratic
in the length of one node (a 50,000-character node: 10 s), so :func:`compact` never makes
longer ones."""

MAX_WORD = 1_000_000
"""The longest word (characters without a space) the PDF lays out; publishing a longer one
to PDF is refused with one line. Words of more than :data:`LONG_WORD` characters get break
opportunities in the PDF so they wrap instead of running off the page."""

LONG_WORD = 60
BREAK_EVERY = 10  # short enough that typst's justified lines fill the width
ZWSP = "\u200b"


def _pieces(text: str) -> list[str]:
    """``text`` cut into pieces of at most :data:`MAX_STR` characters, after a space where
    there is one in the piece."""
    if len(text) <= MAX_STR:
        return [text]
    out = []
    i, n = 0, len(text)
    while n - i > MAX_STR:
        cut = text.rfind(" ", i, i + MAX_STR)
        cut = cut + 1 if cut > i else i + MAX_STR
        out.append(text[i:cut])
        i = cut
    if i < n:
        out.append(text[i:])
    return out


def compact(value: Any) -> Any:
    """Merge runs of ``Str`` and ``Space`` into ``Str`` nodes ("a b c") of at most
    :data:`MAX_STR` characters.

    Writers treat the text the same, and the JSON pandoc has to parse shrinks by more than
    half (about 40 % less time per pandoc call on a 50-page guideline). ``SoftBreak`` and
    every other node stay as they are. Each run is joined once, so the work is linear in the
    length of the text (a 5 MB paragraph: about a second)."""
    if isinstance(value, list):
        out: list = []
        run: list[str] = []

        def flush() -> None:
            if run:
                out.extend({"t": "Str", "c": piece} for piece in _pieces("".join(run)))
                run.clear()

        for item in value:
            t = item.get("t") if isinstance(item, dict) else None
            if t == "Str":
                run.append(item["c"])
                continue
            if t == "Space":
                run.append(" ")
                continue
            flush()
            out.append(compact(item))
        flush()
        return out
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items()}
    return value


# a no-break space (U+00A0, U+2007, U+202F) joins words for typst as for any layout: a run of
# 30,000 "é " joined by them, taken for short words, made one line of 90 KB, and typst's PDF
# writer panicked ("end byte index 65535 is not a char boundary"); they count as part of a word
_NO_BREAK = "\u00a0\u2007\u202f"
_LONG_WORD = re.compile(r"(?:[^\s\u200b]|[%s]){%d,}" % (_NO_BREAK, LONG_WORD + 1))
_SPACES = re.compile(r"[^\S%s]" % _NO_BREAK)


def breakable(value: Any) -> Any:
    """A copy of a (compacted) document in which every word longer than :data:`LONG_WORD`
    characters has a zero-width space every :data:`BREAK_EVERY` characters, so a PDF line can
    break inside it (typst would let it run off the page). Used for the PDF only; the text
    is otherwise unchanged. A word longer than :data:`MAX_WORD` is refused."""
    from ..errors import InputError

    def split(match: re.Match) -> str:
        word = match.group(0)
        return ZWSP.join(word[i:i + BREAK_EVERY] for i in range(0, len(word), BREAK_EVERY))

    def words(nodes: list) -> list:
        # a word can run over several Str nodes: measure it across them, break it in each
        out: list = []
        current = 0
        for node in nodes:
            if isinstance(node, dict) and node.get("t") == "Str":
                text = node["c"]
                if current > LONG_WORD and text[:1] and not text[0].isspace():
                    text = ZWSP + text  # a long word goes on from the last node: a break where they meet
                parts = _SPACES.split(text)
                if len(parts) == 1:
                    current += len(text)
                    longest = current
                else:
                    longest = max(current + len(parts[0]), max(map(len, parts[1:])))
                    current = len(parts[-1])
                if longest > MAX_WORD:
                    raise InputError(f"a word of more than {MAX_WORD:,} characters (without a space) cannot be "
                                     "laid out in a PDF", hint="break it up, or publish to html, docx, md or odt")
                out.append({"t": "Str", "c": _LONG_WORD.sub(split, text)} if len(text) > LONG_WORD or text is not node["c"]
                           else node)
            else:
                current = 0
                out.append(walk(node))
        return out

    def walk(v: Any) -> Any:
        if isinstance(v, list):
            return words(v)
        if isinstance(v, dict):
            return {k: walk(x) for k, x in v.items()}
        return v

    return walk(value)


def to_json(doc: dict) -> str:
    """Deterministic JSON text of a pandoc document."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
