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

import bisect
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .errors import InputError, UsageError
from .pandoc_ast import BREAKS, all_words, quote_marks
from .yamlread import line_col

FORMATS = {".docx": "docx", ".odt": "odt", ".md": "markdown", ".markdown": "markdown", ".txt": "markdown",
           ".html": "html", ".htm": "html"}
MAX_INPUT_BYTES = 50 * 1024 * 1024
# the parts' names, in English and in French (a francophone municipality's draft: ux27)
PURPOSE = re.compile(r"^\s*(\d+[.)]?\s*)?(purpose|introduction|objectives?|aims?|background|overview|preamble|"
                     r"objet|buts?|objectifs?|contexte|mise en contexte|préambule|raison d['’]être)\b", re.I)
SCOPE = re.compile(r"^\s*(\d+[.)]?\s*)?(scope|application|who (this|these|the) (guidelines?|polic(y|ies)) "
                   r"appl(y|ies) to|champ d['’]application|portée)\b", re.I)
DEFINITIONS = re.compile(r"^\s*(\d+[.)]?\s*)?(definitions?|glossary|terms( used)?|key terms|terminology|"
                         r"définitions?|glossaire|lexique|terminologie|termes( utilisés)?)\b", re.I)
_LEAD_IN_ONLY = re.compile(r"^[^\n:]{1,60}:\s*$")
_TERM_SPLIT = re.compile(r"^\s*\**([^:—–\n]{1,80}?)\**\s*(?::|—|–| - )\**\s*(.+)$", re.S)
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
            out.append(_CONTROLS.sub("", x["c"]))
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("\n")
        elif t in ("Emph", "Strong"):
            # a space at either end of the emphasis goes outside its markers, not away: LibreOffice
            # keeps the space after a bold lead-in inside the bold (“**Status: **Draft”), and the
            # .odt read “**Status:**Draft” (ux22)
            raw = _inline_text(x["c"], markup)
            inner = raw.strip()
            mark = "*" if t == "Emph" else "**"
            lead = " " if inner and raw[:1].isspace() else ""
            trail = " " if inner and raw[-1:].isspace() else ""
            out.append(lead + (f"{mark}{inner}{mark}" if markup and inner else inner) + trail)
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
            q = quote_marks(x)
            out.append(q[0] + _inline_text(x["c"][1], markup) + q[1])
        elif t == "Code":
            out.append(_CONTROLS.sub("", x["c"][1]))
        elif t == "Cite":
            out.append(_inline_text(x["c"][1], markup))
        elif t == "Math":
            out.append(_CONTROLS.sub("", x["c"][1]))
        # RawInline (HTML and other markup), Note, Image: dropped — text only
    return "".join(out)


_HEADING_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
"""Characters left out of a heading: they show nothing and mean nothing in a title."""


# control characters (C0 but tab and line feed, DEL, C1) are not text: an HTML page's &#0; or a
# pasted escape character went into the guideline as "\0" and on into packets and pages
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# a right-to-left override (U+202E) and the letters it shows reversed, up to its pop (U+202C) or
# the line's end; the left-to-right override (U+202D)
_OVERRIDE_RUN = re.compile("\u202e([^\u202c\u202e\n]*)\u202c?")


def _as_shown(text: str) -> str:
    """Words under a direction override as the document showed them: a guideline holds no
    override (``validate`` refuses U+202D and U+202E: they reorder or hide words), and import
    stopped on its own output ('the imported guideline does not validate'). A run after
    U+202E is shown reversed (``\u202esetutitsorp`` reads 'prostitutes'), so it is written
    reversed; U+202D changes nothing in left-to-right text and goes."""
    if "\u202e" in text:
        text = _OVERRIDE_RUN.sub(lambda m: m.group(1)[::-1], text)
    return text.replace("\u202d", "")


def _clean(text: str) -> str:
    """Spaces collapsed in each line; blank lines kept only as single paragraph breaks;
    control characters left out; words under a direction override as shown (``_as_shown``)."""
    lines = [" ".join(line.split()) for line in _as_shown(_CONTROLS.sub("", text)).split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if out and not out.isascii():
        from .checks.normalize import shows_nothing

        if shows_nothing(out):  # hostile25: a heading of a zero-width space became an invisible title
            return ""
    return out


# numbering a document types into its headings and paragraphs: "1. Purpose", "6.1 Reports",
# "Section 2: Scope", "IV. Definitions", "(a)", "a)"; never a year ("2026 priorities")
_HEADING_NUMBER = re.compile(r"^\s*(?:(?:section|part|article|chapter|appendix|schedule)\s+)?"
                             r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}[.)]|[A-Za-z](?:\.\d{1,2})+\.?|[A-Za-z][.)])"
                             r"\s*[:.–—-]?\s+(?=\S)", re.I)  # … "F.1 Making contact" (a lettered part's)
_CLAUSE_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-z]\)|"
                            # a bylaw's sub-clauses in roman numerals: "(ii)", "iii.", "iv)" (ux27)
                            r"\(?(?:ii|iii|iv|vi|vii|viii|ix|xi|xii)[.)]|\((?:ii|iii|iv|vi|vii|viii|ix|xi|xii)\)|"
                            r"\((?:i|v|x)\)|(?:i|v|x)\.)\s+(?=\S)")
_TOC = re.compile(r"^\s*(on this page|contents|table of contents|in this (document|section|page)|"
                  r"table des matières|sommaire|dans cette page)\s*$", re.I)
PRIORITIES = re.compile(r"^\s*(our\s+)?(key\s+)?priorit(y|ies)\s*$|^\s*(nos\s+)?priorités?(\s+clés)?\s*$", re.I)
PRINCIPLES = re.compile(r"^\s*(?:our\s+|guiding\s+|core\s+|key\s+)*(?:principles|values)(?:\s+and\s+(?:principles|values))?\s*$|"
                        r"^\s*(?:nos\s+)?(?:principes|valeurs)(?:\s+(?:directeurs|fondamentaux|clés))?"
                        r"(?:\s+et\s+(?:principes|valeurs))?\s*$", re.I)
SERVICES = re.compile(r"^\s*(find an? |local |community |support )?(services?( directory)?|service directory|"
                      r"resources|referrals?|supports?|where to (get|find) (help|support))\b|"
                      r"^\s*(répertoire (des|de) (services|ressources)|ressources( communautaires)?|services|"
                      r"où (trouver|obtenir) de l['’]aide|personnes-ressources)\b|"
                      # a contact list of services ("Who to contact": Service · What they do · Phone, ux22);
                      # the table's columns must still name an organization
                      r"^\s*(who to (contact|call)|where to refer|((useful|key|important|community) )?contacts?"
                      r"( (list|numbers|and (services|supports|resources)))?|contact (list|numbers|information))\s*$", re.I)
_APPENDIX = re.compile(r"^\s*(?:appendix|schedule|annex|attachment)\s+(?:[A-Z]|\d{1,2})\s*[.:–—-]\s*(?=\S)", re.I)


def without_appendix(title: str) -> str:
    """A heading without its “Appendix A –” (“Schedule 1:”, “Annex C.”): what the appendix holds,
    which says what its table is (ux24: “APPENDIX A – CONTACTS” was not a contact list)."""
    return _APPENDIX.sub("", title, count=1) or title


# a services table's columns, by their header (the first that matches wins; a column is used once)
_SERVICE_COLUMNS = [
    ("organization", re.compile(r"^(organi[sz]ations?|name|services?|agency|agencies|providers?|programs?|"
                                r"programmes?|organismes?|nom|ressources?)$", re.I)),
    ("offers", re.compile(r"^(what (they|it) offers?|what (they|it) do(es)?|offers?|services?( offered)?|supports?( offered)?|what|"
                          r"description|type of (service|support)|services offerts|offre|ce qu['’](ils|il|elle|elles) "
                          r"offrent?|type de (service|soutien))$", re.I)),
    ("regions", re.compile(r"^(regions?|areas?( served)?|where|locations?|neighbo(u)?rhoods?|serves|"
                           r"régions?( desservies?)?|secteurs?( desservis)?|territoires?|quartiers?|lieux?|où)$", re.I)),
    ("languages", re.compile(r"^languages?( offered| spoken)?$|^langues?( parlées| offertes)?$", re.I)),
    ("hours", re.compile(r"^(hours|when|open(ing)?( hours)?|availability|heures( d['’]ouverture)?|horaires?|"
                         r"disponibilité|quand)$", re.I)),
    ("contact", re.compile(r"^(contact|phone|telephone|tel|call|e-?mail|website|web|how to reach( them)?)"
                           r"( or (phone|e-?mail|website))?( details| number)?$|"
                           r"^(coordonnées|téléphone|tél\.?|courriel|site web|site internet|pour (les )?joindre)$", re.I)),
]
TO_BE_CONFIRMED = "To be confirmed"
# the labels of a document-control table (the two-column box of policy number, version, owner,
# approval and review dates a council policy opens with), and which metadata field each fills
_CONTROL_LABELS = [
    ("version", re.compile(r"^(document |policy |protocol |procedure )?version( (number|no\.?))?$", re.I)),
    ("owner", re.compile(r"^((policy|document|protocol|procedure|guidelines?) )?owner(ship)?( role)?$|^responsible (department|division|role|office|"
                         r"unit|area)$|^(lead |owning )?(department|division|business unit|service area)$", re.I)),
    ("effective_date", re.compile(r"^(effective|in effect|start)( date| from)?$|^date (in )?effect(ive)?$", re.I)),
    ("adopted_date", re.compile(r"^(date )?(approved|adopted)( on| date)?$|^(approval|adoption) date$", re.I)),
    ("next_review_date", re.compile(r"^(next |scheduled )?review( date| due| by)?$|^review(ed)? (cycle|frequency)$|"
                                    r"^date of next review$", re.I)),
    ("other", re.compile(r"^(policy|document|protocol|procedure|bylaw|by-law|report|reference|file) (number|no\.?|#|id|reference)$|"
                         r"^(approved|authori[sz]ed|endorsed|adopted) by$|^(approval|authority|status|author|"
                         r"prepared by|contact|replaces|supersedes|classification|category|"
                         r"related (policies|documents)|amendments?|revision( history)?)$", re.I)),
]


def _control_label(cell: str) -> Optional[str]:
    text = _plain(cell).strip().strip(":").strip()
    for what, pattern in _CONTROL_LABELS:
        if pattern.match(text):
            return what
    return None

# a label that starts a labelled line under the title ("Status: Draft 0.2 … Owner: Manager, …"):
# at the start of the paragraph, of a line, or after a sentence's stop or a separator
_LEAD_LABEL = re.compile(r"(?:^|(?<=[.;])\s+|\n|\s+[·|]\s+)([A-Z][A-Za-z]*(?: [A-Za-z.#]+){0,3}):\s+")
# the version a status gives ("Draft 0.2", "Version 1.3", "v2.0"): with a dot, never "Draft 2"
_STATUS_VERSION = re.compile(r"\b(?:draft|version|v)\s*(\d+\.\d+(?:\.\d+)?)\b(?![.\d])", re.I)


def _control_rows(text: str, need_fill: bool = True) -> Optional[list[tuple[str, str]]]:
    """A paragraph under the title made only of labelled parts a document-control table has
    (“**Status:** Draft 0.2 for the Committee. Owner: Manager, Transit Community Safety.”, or one
    “Version: 1.3” a line) → its (label, value) rows, when one of them fills a metadata field (a
    version, the owner, a date); else None: the paragraph is the document's summary (ux22)."""
    plain = _plain(text).strip()
    if len(plain) > 400:
        return None
    marks = list(_LEAD_LABEL.finditer(plain))
    if not marks or marks[0].start() != 0:
        return None
    rows: list[tuple[str, str]] = []
    for m, nxt in zip(marks, marks[1:] + [None]):
        label = m.group(1)
        value = plain[m.end():nxt.start() if nxt else len(plain)].strip().rstrip(".;·|").strip()
        if _control_label(label) is None or not value:
            return None
        rows.append((label, value))
    fills = any(_control_label(label) != "other" or (label.lower() == "status" and _STATUS_VERSION.search(value))
                for label, value in rows)
    return rows if fills or not need_fill else None


# section titles that name a response protocol (a section is tagged only when no section
# around it already is, and the import reports it)
PROTOCOL_TITLES = [
    ("violence-against-sex-workers", re.compile(r"\bviolences?\b", re.I)),
    ("youth-sexual-exploitation", re.compile(r"\byouth\b|\bminors?\b|\bunder[- ](?:the[- ]age[- ]of[- ])?18\b|"
                                             r"\bchild(ren)?\b|\byoung (?:people|persons?)\b|"
                                             r"\bjeunes?\b|\bjeunesse\b|\bmineur(?:e|s|es)?\b|\benfants?\b|"
                                             r"\bmoins de 18 ans\b", re.I)),
    ("trafficking", re.compile(r"\btraffick|\btraite (?:de[s]? personnes|d['’]êtres humains)\b|^\s*traite\b", re.I)),
    ("complaints", re.compile(r"\bcomplaints?\b|\bconcerns?\b|\bplaintes?\b|\bpréoccupations?\b", re.I)),
    ("enforcement-discretion", re.compile(r"\bdiscretion\b|\bdiscrétion(?:naire)?\b", re.I)),
]
# words of a priority that point at a protocol
PRIORITY_REFS = {
    "violence-against-sex-workers": re.compile(r"\bviolences?\b", re.I),
    "youth-sexual-exploitation": re.compile(r"\byouth\b|\bchild(ren)?\b|\bminors?\b|young people|\bjeunes?\b|"
                                            r"\bjeunesse\b|\bmineur(?:e|s|es)?\b|\benfants?\b", re.I),
    "trafficking": re.compile(r"\btraffick|\btraite (?:de[s]? personnes|d['’]êtres humains)\b", re.I),
    "complaints": re.compile(r"\bcomplaints?\b|\bconcerns?\b|\bplaintes?\b|\bpréoccupations?\b", re.I),
}
_HEADER_WORDS = re.compile(r"^(term|terms|word|definition|definitions|meaning|what it means|description|"
                           r"terme|termes|mot|définition|définitions|signification|sens)$", re.I)
_NAV_SEPARATORS = set("›»>|/·•-–—:")


def strip_number(title: str) -> str:
    """"6.1 Reports of violence" → "Reports of violence" (the document's own numbering)."""
    return _HEADING_NUMBER.sub("", title, count=1).strip() or title.strip()


@dataclass
class _Clause:
    text: str
    kind: str = "directive"
    marker: str = ""  # "-" or "1." for a list item (purpose and scope keep the list)
    # the services table's rows this sentence leads into (“The following services take
    # referrals:”), then their ids in the directory: the clause points to them (ux30)
    services: list = field(default_factory=list)


@dataclass
class _Section:
    title: str
    level: int
    id: str = ""
    clauses: list = field(default_factory=list)  # _Clause
    children: list = field(default_factory=list)
    role: Optional[str] = None  # purpose | scope | definitions
    protocol: Optional[str] = None
    navigation: bool = False  # held only links to the page itself (a table of contents)
    services: int = 0  # rows of a services table read into the services directory
    control: bool = False  # held the document-control table, read into the metadata
    people: bool = False  # held a table that names people (a revision history), left out
    capitals: str = ""  # the heading as typed, when it was all in capitals (its title is uncapped)


@dataclass
class ImportReport:
    title: str
    sections: int = 0
    clauses: int = 0
    definitions: int = 0
    dropped_raw: int = 0
    data: dict = field(default_factory=dict)
    model: Any = None  # the validated Guideline built from ``data``
    unplaced: list = field(default_factory=list)  # what the document has that found no place (sentences)
    missing: list = field(default_factory=list)  # what the model needs and the document does not say
    recognized: list = field(default_factory=list)  # structure read from titles (protocols, priorities)
    priorities: int = 0
    principles: int = 0
    accepted: list = field(default_factory=list)  # tracked changes the file still had, accepted (sentences)
    left_out: list = field(default_factory=list)  # what was not imported on purpose (sentences)


# a picture's description that is its file's name or path: a drive, a folder, a file's extension
_FILE_NAME = re.compile(r"\\|^\s*(?:[A-Za-z]:|/|~/|file:)|/[^/\s]+/|\.(?:jpe?g|png|gif|bmp|tiff?|heic|heif|"
                        r"webp|emf|wmf|svg|pdf|docx?|ico|jfif|raw|dng|cr2|nef|avif)\s*$", re.I)


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _is_navigation(content: list) -> bool:
    """A line of links within the site (a breadcrumb, a table of contents entry)."""
    links = 0
    for x in content:
        t = x.get("t")
        if t == "Link":
            url = x["c"][2][0]
            if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
                return False  # a link to somewhere else is content
            links += 1
        elif t == "Str":
            if x["c"].strip() and not set(x["c"].strip()) <= _NAV_SEPARATORS:
                return False
        elif t not in BREAKS:
            return False
    return links > 0


class _Reader:
    def __init__(self) -> None:
        self.top: list[_Section] = []
        self.stack: list[_Section] = []
        self.before: list[_Clause] = []  # blocks before the first heading
        self.title: Optional[str] = None
        self.dropped_raw = 0
        self.definition_pairs: list[tuple[str, str]] = []
        self.unplaced: list[str] = []
        self.services: list[dict] = []  # rows of services tables (and items of services lists): {column: cell text}
        self.service_lists = 0  # how many of them were a list's items
        self.control: list[tuple[str, str]] = []  # a document-control table's (label, value) rows
        self.control_from = "the document-control table"  # or the labelled lines under the title (ux22)
        # tables with a column of people's names (a revision history's Author, an approvals table's
        # Name): (where, the column headings, the column that names people, the rows as text)
        self.people_tables: list[tuple[str, list[str], str, list[str]]] = []
        self.keep_numbers = False  # a table cell's "2.5 km" is not a clause numbered 2.5
        self.table_note: Optional[int] = None  # the to-do note of the table just read (for its caption)
        self.endnotes: set = set()  # the words of a Word file's endnotes, to call them so
        self.priorities_title = "Priorities"  # the heading the priorities were read under (“Priorités”)
        self.capitals: frozenset = frozenset()  # words the text writes in capitals (“RCMP”, “PACE”)

    # where we are, for the report
    def where(self) -> str:
        return f"in “{self.stack[-1].title}”" if self.stack else "at the start of the document"

    def _container(self) -> list:
        return self.stack[-1].clauses if self.stack else self.before

    def add(self, text: str, kind: str = "directive", marker: str = "") -> None:
        text = _clean(text)
        if not text:
            return
        if kind == "directive" and not self.keep_numbers:
            text = _CLAUSE_NUMBER.sub("", text, count=1) or text
        self._container().append(_Clause(text, kind, marker))

    def heading(self, level: int, text: str) -> None:
        # a zero-width space, word joiner, byte-order mark or soft hyphen in a heading (a
        # website's editor, &shy;, a paste from another file) shows nothing and means nothing
        # there: 'Sco\u200bpe' read 'Scope' but was not the scope section (hostile31). The
        # joiners (U+200C, U+200D) shape Persian, Indic scripts and emoji, and stay.
        text = text.translate(_HEADING_INVISIBLE)
        typed = strip_number(_clean(_plain(text)))
        text = uncapped(typed)  # “SECTION 5 – YOUTH” → “Youth” (ux24)
        if not text:
            return
        sec = _Section(text, level, capitals=typed if text != typed else "")
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if self.stack:
            self.stack[-1].children.append(sec)
        else:
            self.top.append(sec)
        self.stack.append(sec)

    def _in_definitions(self) -> bool:
        return bool(self.stack) and bool(DEFINITIONS.match(self.stack[-1].title))

    def inlines_of(self, content: list) -> str:
        """The paragraph's text; what it holds that has no place (images, footnotes) is reported."""
        self._unplaced_in(content, content)
        return _inline_text(content)

    def _unplaced_in(self, value: Any, paragraph: Optional[list] = None, top: Any = None) -> None:
        """``paragraph``: the inlines of the paragraph being read, and ``top`` the one of them
        ``value`` is or is inside (a footnote mark LibreOffice wraps in a superscript, ux22)."""
        if isinstance(value, dict):
            t = value.get("t")
            if t == "Image":
                alt = all_words(value["c"][1])
                if _FILE_NAME.search(alt):
                    # the picture's file name, or the path Word 2007-2010 fill its description
                    # in with (C:\Users\LOGIN\Pictures\…): nobody wrote it, and it names them
                    alt = ""
                self.unplaced.append(f"an image {self.where()}" + (f" (“{_short(alt)}”)" if alt else ""))
                return
            if t == "Note":
                words = all_words(value["c"])
                what = "an endnote" if " ".join(words.split()) in self.endnotes else "a footnote"
                self.unplaced.append(f"{what} {self.where()}{self._after(paragraph, top or value)}: "
                                     f"“{_short(words, 120)}”")
                return
            if t in ("Superscript", "Span") and top is not None:
                self._unplaced_in(value["c"] if t == "Superscript" else value["c"][1], paragraph, top)
            elif "c" in value:
                self._unplaced_in(value["c"])
        elif isinstance(value, list):
            for v in value:
                if value is paragraph:
                    self._unplaced_in(v, paragraph, v)
                else:
                    self._unplaced_in(v, paragraph if top is not None else None, top)

    def _heading_notes(self, inlines: list) -> None:
        """A footnote (or an image) on a heading (“Purpose¹”: the source of the whole part),
        named on that heading: the heading's words were kept and its note lost without a word
        (ux27)."""
        before = len(self.unplaced)
        self._unplaced_in(inlines)
        if len(self.unplaced) > before and self.stack:
            here, on = f" {self.where()}", f" on the heading “{self.stack[-1].title}”"
            self.unplaced[before:] = [x.replace(here, on, 1) for x in self.unplaced[before:]]

    @staticmethod
    def _after(paragraph: Optional[list], note: dict) -> str:
        """Where a footnote's mark stood: “, after “…the last words before it”” (its clause's
        number is dropped, and its to-do item says to write a source under that clause's
        citation:), or nothing for a mark at the start or inside emphasis."""
        if paragraph is None:
            return ""
        i = next((k for k, v in enumerate(paragraph) if v is note), None)
        words = _inline_text(paragraph[:i], markup=False).split() if i else []
        words = [w for w in words if w]
        if not words:
            return ""
        shown = " ".join(words[-5:])
        return f", after “{'…' if len(words) > 5 else ''}{shown}”"

    def blocks(self, blocks: list, kind: str = "directive") -> None:
        for b in blocks:
            t = b.get("t")
            if t in ("Para", "Plain") and self.table_note is not None \
                    and self.caption_after(_inline_text(b["c"], markup=False)):
                self.table_note = None
                continue
            if t != "Table":
                self.table_note = None
            if t == "Header":
                self.heading(b["c"][0], _inline_text([x for x in b["c"][2] if not _note_mark(x)], markup=False))
                self._heading_notes(b["c"][2])
            elif t in ("Para", "Plain"):
                if _is_navigation(b["c"]):
                    continue  # a breadcrumb or a link to a part of the same page
                self.add(self.inlines_of(b["c"]), kind)
            elif t == "LineBlock":
                self.add("\n".join(self.inlines_of(line) for line in b["c"]), kind)
            elif t in ("BulletList", "OrderedList") and _heading_list(b):
                # headings numbered by a list style (LibreOffice's Bullets and Numbering on a
                # heading, a page's <ol><li><h2>): headings, not a list of their titles (hostile31)
                items = b["c"][1] if t == "OrderedList" else b["c"]
                for item in items:
                    self.blocks(item, kind)
            elif t in ("BulletList", "OrderedList"):
                self.list_(b, kind)
            elif t == "BlockQuote":
                self.blocks(b["c"], "quotation")
            elif t == "Div":
                self.blocks(b["c"][1], kind)
            elif t == "Figure":
                caption = all_words(b["c"][1])
                self._unplaced_in(b["c"][2])
                if caption:
                    self.add(caption, kind)
            elif t == "DefinitionList":
                for term, defs in b["c"]:
                    term_text = _clean(_inline_text(term, markup=False))
                    parts = [text for d in defs for text in _block_texts(d, self)]
                    if term_text and parts:
                        self.definition_pairs.append((term_text, "\n\n".join(parts)))
                        self.add(f"{term_text}: " + " ".join(parts), kind)
            elif t == "CodeBlock":
                self.add(b["c"][1], kind)
            elif t == "Table":
                self.table(b["c"], kind)
            elif t in ("RawBlock",):
                self.dropped_raw += 1
            # HorizontalRule, Null: nothing to keep

    def list_(self, b: dict, kind: str) -> None:
        ordered = b["t"] == "OrderedList"
        items = b["c"][1] if ordered else b["c"]
        texts = [self.item_text(item) for item in items]
        texts = [x for x in texts if x]
        if not texts:
            return
        if all(_is_navigation_item(item) for item in items):
            if self.stack and not self.stack[-1].clauses:
                self.stack[-1].navigation = True
            return  # a list of links to the page's own parts: a table of contents
        container = self._container()
        lead = container[-1] if container else None
        if not ordered and self._service_list(texts, lead):
            return
        if lead is not None and not lead.marker and lead.kind == kind and lead.text.rstrip().endswith(":"):
            last = lead.text.rsplit("\n", 1)[-1]
            if _LIST_LINE.match(last):
                # "2. Offer choices:" and the sub-steps under it, in a list of their own (Word's
                # List Number 2 style): that step's, as a step's nested list is (ux15)
                lead.text += " " + " ".join(texts)
                return
            # "These guidelines apply to:" and its bullets are one clause; a step's own sub-steps
            # (Word's multilevel list: a, b under 3) go on its line, as List Number 2's do: a
            # list of them under the step read as more steps, numbered on from it (ux17)
            texts = self._inline_items(items)
            lead.text += "\n\n" + "\n".join(f"{i}. {x}" if ordered else f"- {x}" for i, x in enumerate(texts, 1))
            return
        if lead is not None and lead.marker and lead.kind == kind and lead.text.rstrip().endswith(":") \
                and "\n" not in lead.text:
            # a step of a list that ends in ":" (“When a sex worker tells you about violence:”, Word's
            # List Number) over a list of its own (List Number 2): the step's sub-steps, one
            # clause with it; each was a clause, the lead-in alone and every sub-step without it (ux21)
            texts = self._inline_items(items)
            lead.text += "\n\n" + "\n".join(f"{i}. {x}" if ordered else f"- {x}" for i, x in enumerate(texts, 1))
            return
        if lead is not None and not lead.marker and lead.kind == kind and ordered:
            m = _LIST_LINE.match(lead.text.rsplit("\n", 1)[-1])
            start = b["c"][0][0]
            if m and m.group(1) and isinstance(start, int) and start == int(m.group(1)) + 1:
                # a numbered list that goes on where the clause's list stopped (step 3 after
                # the sub-steps of step 2): the same list
                texts = self._inline_items(items)
                lead.text += "\n" + "\n".join(f"{start + i}. {x}" for i, x in enumerate(texts))
                return
        for i, text in enumerate(texts, 1):
            self.add(text, kind, f"{i}." if ordered else "-")

    def _service_list(self, texts: list[str], lead: Optional["_Clause"]) -> bool:
        """A bulleted list under a “Services” heading whose every item is a name, what it offers
        and how to reach it, “ – ” between them (“Harbour Outreach Van – mobile nursing – 604-555-0182”,
        as a Google Docs or Word draft lists them): the services directory, as a services table is.
        It stayed one clause's text, and `check` said there was no services directory (ux31)."""
        if not self.stack or not SERVICES.match(without_appendix(self.stack[-1].title)):
            return False
        rows: list[dict] = []
        for text in texts:
            parts = [p.strip() for p in _SERVICE_ITEM_SEP.split(_plain(text)) if p.strip()]
            if "\n" in text or len(parts) < 2 or not any(p.search(parts[-1]) for p in (_PHONE, _EMAIL, _WEB)) \
                    or len(parts[0].split()) > 8 or re.search(r"[.!?:;]$|\d{3}", parts[0]):
                return False
            rows.append({"organization": parts[0], "offers": "; ".join(parts[1:-1]), "contact": parts[-1]})
        sec = self.stack[-1]
        if lead is not None and (lead.marker or not lead.text.rstrip().endswith(":")):
            lead = None
        for cells in rows:
            self.services.append(cells)
            self.service_lists += 1
            sec.services += 1
            if lead is not None:
                lead.services.append(cells)
        return True

    def _inline_items(self, items: list) -> list[str]:
        """The items' texts read again as steps of a clause's list; what they hold that has no
        place was reported when they were first read (a footnote in a bullet under a lead-in
        ending in ":" was said twice, in two lines and two to-do items, ux22)."""
        reported = len(self.unplaced)
        texts = [x for x in (self.item_text(item, inline=True) for item in items) if x]
        del self.unplaced[reported:]
        return texts

    def item_text(self, item: list, inline: bool = False) -> str:
        """A list item: its paragraphs, and a list inside it as bullets after them (with
        ``inline``, a step of a clause's list: the inner list's items on the step's line)."""
        own: list[str] = []
        nested: list[str] = []
        for blk in item:
            t = blk.get("t")
            if t in ("Para", "Plain"):
                own.append(_clean(self.inlines_of(blk["c"])))
            elif t in ("BulletList", "OrderedList"):
                inner = blk["c"][1] if t == "OrderedList" else blk["c"]
                for j, sub in enumerate(inner, 1):
                    text = self.item_text(sub, inline)
                    if text:
                        nested.append(text if inline else f"{j}. {text}" if t == "OrderedList" else f"- {text}")
            else:
                own.extend(_block_texts([blk], self))
        text = " ".join(x for x in own if x)
        if nested and inline:
            return " ".join(x for x in (text, *nested) if x)
        if nested:
            text = (text + "\n\n" if text else "") + "\n".join(nested)
        return text

    def table(self, table: Any, kind: str) -> None:
        head, body = _table_rows(table, self)
        if not head and body and all(_bold_only(c) or _HEADER_WORDS.match(_plain(c).strip()) for c in body[0] if c):
            head, body = [body[0]], body[1:]
        if not head and len(body) > 1 and self.stack and SERVICES.match(without_appendix(self.stack[-1].title)):
            # a table typed in Word marks no header row; saved as .odt, pandoc reads it as data
            first = _service_columns(body[0])
            if "organization" in first and len(first) >= 2 and len(first) == sum(1 for c in body[0] if c.strip()):
                head, body = [body[0]], body[1:]
        width = max((len(r) for r in head + body), default=0)
        if head and body and self.stack and SERVICES.match(without_appendix(self.stack[-1].title)):
            columns = _service_columns(head[-1])
            if "organization" in columns and len(columns) >= 2:
                rows = [(_joined_contacts({what: _clean(_plain(row[i])) for what, i in columns.items() if i < len(row)}),
                         row) for row in body]
                def named(cells: dict) -> bool:  # an organization with a letter or digit in its name
                    return bool(re.search(r"\w", cells.get("organization", "")))

                if any(named(cells) for cells, _row in rows):
                    sec = self.stack[-1]
                    # the sentence just before the table that leads into it (“… take referrals:”)
                    lead = sec.clauses[-1] if sec.clauses and not sec.clauses[-1].marker \
                        and sec.clauses[-1].text.rstrip().endswith(":") else None
                    for cells, row in rows:
                        if named(cells):
                            self.services.append(cells)
                            self.stack[-1].services += 1
                            if lead is not None:
                                lead.services.append(cells)
                        else:  # a row that names no organization (a note across the table) stays text
                            self.add(" — ".join(c for c in row if c), kind)
                    return
        rows = head + body
        labels = [_control_label(row[0]) if len(row) == 2 else None for row in rows]
        if width == 2 and len(rows) >= 2 and sum(1 for x in labels if x) >= max(2, (len(rows) + 1) // 2) \
                and not self._in_definitions():
            # a document-control table: every row kept, as metadata or as a to-do item
            for row in rows:
                if len(row) == 2 and (row[0].strip() or row[1].strip()):
                    self.control.append((_clean(_plain(row[0])).strip().rstrip(":"), _clean(row[1])))
                elif any(c.strip() for c in row):
                    self.control.append(("", _clean(" — ".join(c for c in row if c))))
            if self.stack:
                self.stack[-1].control = True
            return
        if self._in_definitions() and width == 2:
            for row in body:
                term, defn = (_plain(row[0]).strip().strip(".:"), row[1].strip()) if len(row) == 2 else ("", "")
                if term and defn:
                    self.definition_pairs.append((term, defn))
                    self.add(f"{term}: {defn}", kind)
            return
        caption = self._caption_before() or _table_caption(table)
        if not head and len(body) >= 2 and _column_headings(body[0]) \
                and any(not _column_headings(row) for row in body[1:]):
            # an .odt table marks no header row (pandoc reads it as data): a first row of names
            # over rows that are not is one all the same
            head, body = [body[0]], body[1:]
        labels = [_plain(c).strip().rstrip(":").strip() for c in head[-1]] if head and body and \
            _column_headings(head[-1]) else None
        people = _people_column(labels, body) if labels else None
        if people is not None:
            # a revision history (Version · Date · Author) or an approvals table (Name · Title):
            # each row a clause put staff's names on the published page, where no privacy check
            # reads (clauses hold public contacts); left out, quoted masked in a to-do item
            self.people_tables.append((self.where(), [x for x in labels if x], people, [
                " — ".join(f"{labels[i]}: {c}" if i < len(labels) and labels[i] else c
                           for i, c in enumerate(row) if c.strip()) for row in body]))
            if self.stack:
                self.stack[-1].people = True
            return
        if width == 1 and not labels:
            # a one-column table is a box around text (a “Note:” call-out, shaded, as protocols
            # set one apart): its paragraphs are clauses, as they would be without the box; it
            # made a to-do item about “a table … (1 row, 1 columns)”
            for row in rows:
                if row and row[0].strip():
                    self.add(row[0], kind)
            return
        if labels:
            # each row one clause that names its columns ("Role: … — Contact: …"): a clause of the
            # headings alone says nothing on the page or in the review packet
            for row in body:
                self.add(" — ".join(f"{labels[i]}: {c}" if i < len(labels) and labels[i] else c
                                    for i, c in enumerate(row) if c.strip()), kind)
        else:
            for row in rows:  # the header row too: pandoc reads a Word table's first row as one
                self.add(" — ".join(c for c in row if c), kind)
        if rows:
            self.unplaced.append(f"a table {self.where()}" + (f" (“{caption}”)" if caption else "")
                                 + (f" ({len(body)} row{'s' if len(body) != 1 else ''} under a header row, "
                                    if labels else f" ({len(rows)} row{'s' if len(rows) != 1 else ''}, ")
                                 + f"{width} column{'s' if width != 1 else ''}): its rows "
                                 + ("became clauses, each cell after its column's heading (“"
                                    + next(x for x in labels if x) + ": …”)" if labels
                                    else "became clauses, cells joined by “ — ”")
                                 + "; if it lists services, move them to the services directory")
            self.table_note = None if caption else len(self.unplaced) - 1

    def _caption_before(self) -> Optional[str]:
        """A table's caption typed above it ("Table 1: who does what"), taken out of the clauses."""
        box = self._container()
        if box and _CAPTION.match(box[-1].text):
            return box.pop().text
        return None

    def caption_after(self, text: str) -> bool:
        """Put a caption typed under the table just read into its to-do item; False if ``text``
        is no caption or no table came just before."""
        if self.table_note is None or not _CAPTION.match(_clean(text)):
            return False
        note = self.unplaced[self.table_note]
        at = note.index(" (")
        self.unplaced[self.table_note] = f"{note[:at]} (“{_clean(_plain(text))}”){note[at:]}"
        return True


# what separates a services list item's name, offer and contact: a dash with spaces around it
_SERVICE_ITEM_SEP = re.compile(r"\s+[–—-]\s+")
# a list's line in a clause's text: "2. Offer choices:" (its number) or "- a bullet"
_LIST_LINE = re.compile(r"^(?:(\d{1,9})\. |- )")
# a table's or figure's caption as Word's Insert Caption writes it: "Table 1: who does what"
_CAPTION = re.compile(r"^\s*(?:table|figure)\s+\d+(?:\.\d+)?\s*[:.—–-]\s*\S", re.I)


def _column_headings(row: list[str]) -> bool:
    """Whether a table's first row names its columns ("Role", "Responsibility", "Contact"): at
    least two short cells, none a sentence, an address or a number."""
    cells = [_plain(c).strip() for c in row]
    named = [c for c in cells if c]
    return len(named) >= 2 and all(
        len(c) <= 40 and len(c.split()) <= 5 and not re.search(r"[.!?;]$|@|\d{3}|https?:|www\.", c)
        for c in named)


def _service_columns(header: list[str]) -> dict[str, int]:
    """{what the column holds: its index} for a services table's header row."""
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = _plain(cell).strip().strip(":")
        for what, pattern in _SERVICE_COLUMNS:
            if pattern.match(text):
                if what not in out:
                    out[what] = i
                elif what == "contact":  # Phone · Email · Website, a column each (ux24: only the first was read)
                    out[f"contact {i}"] = i
                else:
                    continue
                break
    return out


def _joined_contacts(cells: dict) -> dict:
    """A services row's cells with its contact columns (Phone, Email, …) in one contact."""
    extra = [k for k in cells if k.startswith("contact ")]
    if extra:
        cells["contact"] = " · ".join(x for x in [cells.get("contact", "")] + [cells.pop(k) for k in extra] if x)
    return cells


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_WEB = re.compile(r"(https?://\S+|www\.\S+)", re.I)
# a phone number ("250-555-0142", "(604) 555-0100", "+1 604 555 0100") and a note in brackets
# after it ("(24/7)"), which the publisher keeps beside the linked number
_PHONE = re.compile(r"(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?)?\d[\d\s.-]{5,}\d(?:\s*\([^()]{1,40}\))?")


def _contact(text: str) -> dict:
    """A table cell's contact as the services directory holds it: phone, email, website, or
    the text as written."""
    out: dict = {}
    rest = text
    for key, pattern in (("email", _EMAIL), ("website", _WEB), ("phone", _PHONE)):
        m = pattern.search(rest)
        if m:
            out[key] = m.group(0).rstrip(".,;")
            rest = rest.replace(m.group(0), " ")
    rest = " ".join(rest.split()).strip(" ,;/—–·-")  # · joins a row's contact columns
    if rest or not out:
        out["text"] = rest or TO_BE_CONFIRMED
    return out


def _split(text: str) -> list[str]:
    return [x for x in (p.strip().rstrip(".") for p in re.split(r"[;,]|\n", text)) if x]


def _languages(text: str, default: str) -> list[str]:
    from .scaffold import language_tags

    try:
        return language_tags(text) if text.strip() else [default]
    except Exception:  # a name langcodes does not know: the document's language, and a to-do says check
        return [default]


# what a service's name (or what it offers) says of who leads it: a guess the import reports and
# a to-do item asks the drafter to check; never a police service
_SEX_WORKER_LED = re.compile(
    r"\bsex[- ]workers?['’]?s?\s+(?:action|alliance|collective|network|union|coalition|rights|advocacy|society|"
    r"association|cooperative|co-?op|project|united|outreach)\b|\bsex[- ]worker[- ]led\b|\bby and for sex workers\b|"
    r"\b(?:run|led) by (?:current and former |current or former |current |former )?sex workers\b|"
    # … and in French: "par et pour les travailleuses du sexe", "dirigé par des travailleurs du sexe"
    r"\bpar et pour (?:les |des )?travailleu(?:r|se)s du sexe\b|"
    r"\b(?:dirigée?s?|géré(?:e|s|es)?|mené(?:e|s|es)?) par (?:les |des )?(?:\w+ )?travailleu(?:r|se)s du sexe\b", re.I)
_INDIGENOUS_LED = re.compile(r"\b(?:indigenous|aboriginal|first nations?|m[ée]tis|inuit|native|friendship cent(?:re|er)|"
                             r"autochtones?|premières nations|centre d['’]amitié)\b"
                             r"|\bindigenous[- ]led\b", re.I)
_PUBLIC_BODY = re.compile(r"\b(?:police|rcmp|sheriff|city|town|municipal|ministry|department|health authority|"
                          r"transit|ville|ministère|grc|sûreté|cisss|ciusss|santé publique)\b", re.I)
_POLICE = re.compile(r"\b(?:police|rcmp|sheriff|constabulary|grc|sûreté du québec)\b", re.I)
_MOBILE = re.compile(r"\b(?:mobile|van|street outreach|outreach (?:team|van|bus))\b", re.I)


def _led_by(org: str, offers: str) -> dict:
    """The flags a services row's words suggest: ``sex_worker_led`` (“… Sex Workers' Action
    Network”, “… Sex Worker Collective”, “by and for sex workers”), ``indigenous_led`` (“…
    Indigenous Women's Centre”, “Friendship Centre”) — never of a public body — ``mobile`` (“…
    Mobile Clinic”, “… Outreach Van”), and ``non_police: false`` for a police service."""
    if _POLICE.search(org):
        return {"non_police": False}
    flags: dict = {"mobile": True} if _MOBILE.search(org) else {}
    if _PUBLIC_BODY.search(org):
        return flags
    if _SEX_WORKER_LED.search(org) or _SEX_WORKER_LED.search(offers):
        flags["sex_worker_led"] = True
    if _INDIGENOUS_LED.search(org) or re.search(r"\bindigenous[- ]led\b", offers, re.I):
        flags["indigenous_led"] = True
    return flags


def _service_ids(rows: list[dict]) -> list[str]:
    """The services directory's ids for the rows of services tables, in their order: the
    organisation's slug, numbered when two are named alike."""
    out: list[str] = []
    used: set[str] = set()
    for cells in rows:
        sid = slug(_clean(cells["organization"]), 60) or "service"
        base, n = sid, 2
        while sid in used:
            sid, n = f"{base}-{n}", n + 1
        used.add(sid)
        out.append(sid)
    return out


def _lead_in_services(sections: list, rows: list[dict]) -> None:
    """A sentence that leads into a services table (“The following services take referrals
    from District staff:”) points to the services the table became: the table goes to the
    directory, published under “Find a service”, and the sentence read on over nothing."""
    ids = {id(cells): sid for cells, sid in zip(rows, _service_ids(rows))}
    for sec in _all_sections(sections):
        for c in sec.clauses:
            c.services = [ids[id(cells)] for cells in c.services if id(cells) in ids]


def _services(rows: list[dict], lang: str) -> list[dict]:
    """The services directory from the rows of services tables; what a table does not say is
    written as to be confirmed (a to-do item lists it), who leads a service is guessed from its
    name (``_led_by``)."""
    out: list[dict] = []
    for cells, sid in zip(rows, _service_ids(rows)):
        org = _clean(cells["organization"])
        out.append({
            "id": sid,
            "organization": org,
            "offers": _split(cells.get("offers", "")) or [TO_BE_CONFIRMED],
            "regions": _split(cells.get("regions", "")) or [TO_BE_CONFIRMED],
            "languages": _languages(cells.get("languages", ""), lang),
            "contact": _contact(cells.get("contact", "")),
            "hours": _clean(cells.get("hours", "")) or TO_BE_CONFIRMED,
            **_led_by(org, _clean(cells.get("offers", ""))),
        })
    return out


def _is_navigation_item(item: list) -> bool:
    blocks = [b for b in item if b.get("t") in ("Para", "Plain")]
    return bool(blocks) and all(_is_navigation(b["c"]) for b in blocks) and len(blocks) == len(item)


def _bold_only(text: str) -> bool:
    return bool(re.fullmatch(r"\*\*[^*]+\*\*", text.strip()))


_NOTE_MARK_TEXT = re.compile(r"^\[?(?:\d{1,3}|[a-z]|[*†‡§]{1,3})\]?$")


def _note_mark(x: Any) -> bool:
    """Whether a heading's inline is a web page's footnote mark: a superscript holding only a
    link into the page (``<sup><a href="#fn1">1</a></sup>``, WordPress, Wikipedia, Markdown
    converters), whose words are a number, a letter or an asterisk. It titled the heading
    'Scope1' (hostile31); the note itself stays where the page has it."""
    if not isinstance(x, dict) or x.get("t") != "Superscript" or not isinstance(x.get("c"), list):
        return False
    inner = [y for y in x["c"] if not (isinstance(y, dict) and y.get("t") == "Space")]
    if len(inner) != 1 or not isinstance(inner[0], dict) or inner[0].get("t") != "Link":
        return False
    link = inner[0].get("c")
    target = link[2][0] if isinstance(link, list) and len(link) == 3 and isinstance(link[2], list) and link[2] else ""
    words = _inline_text(link[1], markup=False).strip() if isinstance(link, list) and len(link) == 3 else ""
    return isinstance(target, str) and target.startswith("#") and bool(_NOTE_MARK_TEXT.match(words))


def _heading_list(b: dict) -> bool:
    """Whether a pandoc list holds only headings, one an item (each item a single Header)."""
    items = b["c"][1] if b.get("t") == "OrderedList" else b["c"]
    return bool(items) and all(isinstance(item, list) and len(item) == 1 and isinstance(item[0], dict)
                               and item[0].get("t") == "Header" for item in items)


def _block_texts(blocks: list, parent: Optional[_Reader] = None, *, keep_numbers: bool = False) -> list[str]:
    """The texts of nested pandoc blocks (a definition, a table cell), read as clauses are
    (``keep_numbers``: a number the text starts with is kept, as in a table cell)."""
    sub = _Reader()
    sub.keep_numbers = keep_numbers
    sub.blocks(blocks)
    if parent is not None:
        parent.unplaced.extend(sub.unplaced)
    out = [c.text if not c.marker else f"{c.marker} {c.text}" for c in sub.before]

    def section(sec: _Section) -> None:
        # a heading inside a cell or a definition (a page laid out with a table): its title
        # and its words, in their order; everything from the first heading on was dropped
        out.append(sec.title)
        out.extend(c.text if not c.marker else f"{c.marker} {c.text}" for c in sec.clauses)
        for child in sec.children:
            section(child)

    for sec in sub.top:
        section(sec)
    return out


def _plain(text: str) -> str:
    return re.sub(r"[*_`]+", "", text)


def _table_caption(table: Any) -> Optional[str]:
    """A table's own caption (Markdown's ``Table: …``, a page's ``<caption>``), or None: it was
    dropped without a word (ux27)."""
    cap = table[1] if isinstance(table, list) and len(table) > 1 else None
    words = " ".join(all_words(cap[1] if isinstance(cap, list) and len(cap) > 1 else []).split())
    return words or None


def _table_rows(table: Any, parent: Optional[_Reader] = None) -> tuple[list[list[str]], list[list[str]]]:
    """(header rows, other rows) of a pandoc Table as lists of cell texts, each cell in its own
    column: a cell merged across columns is followed by an empty cell for each column it covers
    more, and a cell merged down is read again on each row it covers (pandoc leaves those rows a
    cell short, so every later cell of theirs was named after the column to its left)."""
    down: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, the merged cell's text)
    columns = len(table[2]) if isinstance(table[2], list) else 1

    def cells_of(row) -> list[str]:
        out: list[str] = []
        cells = list(row[1])

        def covered() -> None:
            while len(out) in down:
                left, text = down[len(out)]
                if left <= 1:
                    del down[len(out)]
                else:
                    down[len(out)] = (left - 1, text)
                out.append(text)

        for cell in cells:
            covered()
            text = " ".join(_block_texts(cell[4], parent, keep_numbers=True))
            rowspan = cell[2] if isinstance(cell[2], int) and cell[2] > 1 else 1
            colspan = cell[3] if isinstance(cell[3], int) and cell[3] > 1 else 1
            colspan = max(1, min(colspan, columns - len(out)))  # never past the table's own columns
            if rowspan > 1:
                for n in range(colspan):
                    down[len(out) + n] = (rowspan - 1, "" if n else text)
            out.append(text)
            out.extend([""] * (colspan - 1))
        covered()
        return out

    _attr, _caption, _specs, head, bodies, foot = table
    header = [cells_of(row) for row in head[1]]
    down.clear()
    rows = []
    for body in bodies:
        for row in body[2] + body[3]:
            rows.append(cells_of(row))
    down.clear()
    for row in foot[1]:
        rows.append(cells_of(row))
    return [r for r in header if any(r)], [r for r in rows if any(r)]


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


_PLACE_KINDS = {"regional district": "regional-district", "region": "regional-district", "province": "province"}
# (Alberta's "Municipal District of …" and "Specialized Municipality of …", Saskatchewan's and
# Manitoba's "Rural Municipality of … No. 309" are places whole, ux30)
_PLACE = re.compile(r"\b(?P<kind>City and County|Regional District|Resort Municipality|Regional Municipality|"
                    r"Municipal District|Rural Municipality|Specialized Municipality|City|Town|"
                    r"Village|District|Municipality|Township|County|Region|Province) of (?P<name>[A-Z][\w'’.-]*"
                    r"(?: (?:of |de |du |la |le )?(?!No\. )[A-Z][\w'’.-]*)*(?: No\. ?\d+)?)")
# a French place: "Ville de Rivière-aux-Saules", "Municipalité de Lac-Brûlé", "Canton d’Ashby",
# "MRC de la Matawinie" (ux27)
_PLACE_FR = re.compile(r"\b(?P<kind>Ville|Municipalité régionale de comté|Municipalité|Canton|Village|Cité|"
                       r"Région|MRC|Province|District régional) (?P<of>de la |de l['’]|de |d['’]|du |des )"
                       r"(?P<name>[A-ZÀ-Ý][\w'’.-]*(?: (?:de |du |des |la |le |l['’])?[A-ZÀ-Ý][\w'’.-]*)*)")
_PLACE_FR_KINDS = {"municipalité régionale de comté": "regional-district", "mrc": "regional-district",
                   "région": "regional-district", "district régional": "regional-district", "province": "province"}
# words that start the title's own words after the place's name ("… Port Alder Sex Work Response …")
_NOT_PLACE = {"sex", "sexual", "response", "responses", "guideline", "guidelines", "policy", "policies", "protocol",
              "protocols", "strategy", "plan", "framework", "procedure", "procedures", "directive", "directives",
              "bylaw", "council", "community", "services", "police", "health", "draft", "report", "approach",
              "action", "working", "safety", "harm", "street", "outreach",
              # … and in French ("Ville de Lac-Brûlé Lignes directrices …")
              "lignes", "ligne", "politique", "protocole", "directives", "directive", "cadre", "stratégie",
              "travail", "réponse", "guide", "services", "sécurité"}


_SMALL_WORDS = frozenset("of and the for in on to a an at by from with or de du la le des et".split())
# short words a heading in capitals holds that are words, not initials (“FAQ”, “BC” stay)
_SHORT_WORDS = _SMALL_WORDS | frozenset("""all how who why our use new key can may not act law day way see own
get out age sex one two its are is be do we you it or as if""".split())


def uncapped(text: str, keep: frozenset = frozenset()) -> str:
    """``text`` as its words when it is set all in capitals (“TOWN OF MAPLE VALLEY” → “Town of
    Maple Valley”, “CONCERNS FROM RESIDENTS” → “Concerns from Residents”), else as it is: a
    word without a vowel stays in capitals (“RCMP”, “BC”), and so does a word in ``keep`` (the
    words the document's text writes in capitals: “PACE”, “SWAN”)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4 or any(ch.islower() for ch in letters):
        return text
    out = []
    words = text.split(" ")
    for n, word in enumerate(words):
        low = word.lower()
        if len(word) == 1 and (n + 1 == len(words) or words[n + 1] in ("–", "—", "-", ":", ".")):
            out.append(word)  # “APPENDIX A – CONTACTS”: a letter that names a part
            continue
        bare = re.sub(r"\W", "", low)
        if not re.search(r"[aeiouyàâéèêëîïôûü]", low) or (len(bare) <= 3 and bare not in _SHORT_WORDS) \
                or (keep and bare.upper() in keep):
            out.append(word)
        elif n and low in _SMALL_WORDS:
            out.append(low)
        else:
            out.append(low[:1].upper() + low[1:])
    return " ".join(out)


def jurisdiction_from_title(title: str) -> Optional[tuple[str, str]]:
    """(name, kind) of a jurisdiction the title names ("City of Port Alder Sex Work Response
    Guideline" → ("City of Port Alder", "municipality")), or None."""
    m = _PLACE.search(title or "")
    if m is None:
        f = _PLACE_FR.search(title or "")
        words = _place_words(f.group("name"), ("de", "du", "des", "la", "le")) if f is not None else []
        if not words:
            return None
        return (f"{f.group('kind')} {f.group('of')}{' '.join(words)}".rstrip(".,;:"),
                _PLACE_FR_KINDS.get(f.group("kind").lower(), "municipality"))
    words = _place_words(m.group("name"), ("of", "de", "du", "la", "le"))
    if not words:
        return None
    kind = _PLACE_KINDS.get(m.group("kind").lower(), "municipality")
    return f"{m.group('kind')} of {' '.join(words)}".rstrip(".,;:"), kind


def _place_words(name: str, connectors: tuple) -> list[str]:
    """The words of a place's name up to the first word that is no part of a place (the
    guideline's own words after it), less the ``connectors`` left at its end."""
    words = name.split(" ")
    for i, w in enumerate(words):
        if w.lower().strip(".’'") in _NOT_PLACE:
            words = words[:i]
            break
    while words and words[-1] in connectors:
        words.pop()
    return words


# a health authority, police service or transit authority named as such ("Tidewater Health
# Authority", "Island Health", "Cedar Harbour Police Service", "Lakeshore Regional Transit"):
# the schema's other kinds of jurisdiction
_ORG_KINDS = [("Health Authority", "health-authority"), ("Health", "health-authority"),
              ("Police Service", "police-service"), ("Police Department", "police-service"),
              ("Police Force", "police-service"), ("Police", "police-service"),
              ("Transit Authority", "transit-authority"), ("Transit Commission", "transit-authority"),
              ("Regional Transit", "transit-authority"), ("Transit", "transit-authority")]
# the kinds a title that says more than the organisation's name gives it by ("… Police Service's
# guideline"): a plain “Health”, “Police” or “Transit” there is a field of work
_NAMING_KINDS = ("Health Authority", "Police Service", "Police Department", "Transit Authority", "Transit Commission",
                 "Regional Transit")
_ORG = re.compile(r"(?P<name>(?:[A-Z][\w'’.-]*\s+){1,5})(?P<kind>" + "|".join(k for k, _ in _ORG_KINDS) + r")\b")
# words that make "… Health" a field of work, not an organisation ("Public Health", "Sexual Health")
_NOT_ORG = _NOT_PLACE | {"public", "sexual", "mental", "population", "reproductive", "primary", "occupational",
                         "women's", "men's", "youth", "child", "family", "the", "and", "of", "for"}


def organisation_title(text: str, whole: bool = True) -> Optional[tuple[str, str]]:
    """(name, kind) of the health authority, police service or transit authority ``text`` is
    (``whole``) or names (not ``whole``: only “… Health Authority”, “… Police Service”, “… Police
    Department”, “… Transit Authority”, “… Transit Commission” or “… Regional Transit”):
    Word's Title “Tidewater Health Authority” over the Subtitle “Sex Worker Outreach Protocol”
    is the jurisdiction, as “City of Harbourview” is. None for “Public Health”, “Sexual Health”."""
    text = " ".join((text or "").split())
    for m in _ORG.finditer(text):
        if whole and (m.start() != 0 or m.end() != len(text)):
            continue
        words, said = m.group("name").split(), m.group("kind")
        if said == "Transit" and words[-1] == "Regional":  # the longest name took the kind's first word
            words, said = words[:-1], "Regional Transit"
        if not whole and said not in _NAMING_KINDS:
            continue
        cut = max((i + 1 for i, w in enumerate(words) if w.lower().strip(".’'") in _NOT_ORG), default=0)
        if whole and cut:
            return None
        words = words[cut:]
        if not words:
            continue
        return f"{' '.join(words)} {said}", dict(_ORG_KINDS)[said]
    return None


def _place_the_title_names(text: str, title: str) -> Optional[tuple[str, str]]:
    """(name, kind) of the first jurisdiction ``text`` names ("City of Westmere") whose own name
    the title holds as words ("Westmere Sex Work Response Guidelines"); None when the text names
    no such place (a neighbouring town it mentions is not the guideline's)."""
    title_words = re.findall(r"[\w'’.-]+", title or "")
    for m in _PLACE.finditer(text or ""):
        found = jurisdiction_from_title(re.sub(r"['’]s$", "", m.group(0)))  # "City of Westmere's staff"
        if found is None:
            continue
        own = found[0].split(" of ", 1)[1].split()
        if any(title_words[i:i + len(own)] == own for i in range(len(title_words) - len(own) + 1)):
            return found
    return None


def _joined(clauses: list[_Clause]) -> str:
    """Clauses as one text field: paragraphs apart, list items as a Markdown list."""
    parts: list[str] = []
    for c in clauses:
        line = f"{c.marker} {c.text}" if c.marker else c.text
        if c.marker and parts and parts[-1].split("\n")[-1][:1] in ("-",) + tuple("0123456789"):
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return "\n\n".join(parts)


# a heading typed by hand: a short paragraph that is all bold, in a document with no headings
_HAND_HEADING_CHARS = 100
_HAND_HEADING_WORDS = 14
_HAND_NUMBER = re.compile(r"^\s*(?:(?:section|part|article|chapter)\s+)?(\d{1,2}(?:\.\d{1,2})*)\.?"
                          r"\s*[:.–—-]?\s+(?=\S)", re.I)
# titles of sections a glossary ends at, in a document whose hand-typed headings have no numbers
_SECTION_WORDS = re.compile(r"\b(purpose|scope|definitions?|glossary|priorit(y|ies)|services?|principles?|review|"
                            r"training|governance|consultation|roles?|responsibilit(y|ies)|background|contacts?|"
                            r"appendix|approval|monitoring|evaluation|complaints?|concerns?|violence|youth|"
                            r"trafficking|discretion|resources|referrals?|supports?|introduction|overview)\b", re.I)
_BLANK_INLINES = ("Space", "SoftBreak", "LineBreak")
_TITLE_LINES = "lic-policy-title-lines"  # metadata mark: the title block was read from bold lines
# a bold sentence that tells someone what to do ("Staff never share a sex worker's name") is no
# heading, even without its full stop
_DIRECTIVE_WORDS = re.compile(r"\b(?:must|shall|should|will|never|do not|does not|don't|cannot|can not|may not)\b",
                              re.I)
_QUESTION_HEADING = re.compile(r"^(?:what|when|how|who|where|why|which)\b", re.I)  # "What staff should do"
# bold lines that are no headings: a table's or figure's caption, a draft's mark
_NOT_A_HEADING = re.compile(r"^\s*(?:(?:table|figure|fig\.|chart|map|photo|image)\s+\d|draft\b|confidential\b|"
                            r"for (?:discussion|consultation|review|internal use)\b|"
                            r"not for (?:circulation|distribution)\b|internal\b|privileged\b)", re.I)


def _all_bold(content: list) -> bool:
    items = [x for x in content if isinstance(x, dict) and x.get("t") not in _BLANK_INLINES]
    if not items:
        return False
    for x in items:
        t = x.get("t")
        if t == "Strong":
            continue
        if t in ("Underline", "Emph", "SmallCaps") and _all_bold(x["c"]):
            continue
        if t == "Span" and _all_bold(x["c"][1]):
            continue
        return False
    return True


def _hand_heading_text(b: Any) -> Optional[tuple[str, list]]:
    """(text, inlines) of a block that reads as a heading typed by hand — a short paragraph all
    in bold, or such a paragraph numbered by Word's numbering button (pandoc reads it as a
    one-item numbered list) — else None."""
    if not isinstance(b, dict):
        return None
    t = b.get("t")
    if t == "OrderedList":
        items = b["c"][1]
        if len(items) != 1 or len(items[0]) != 1:
            return None
        b = items[0][0]
        t = b.get("t") if isinstance(b, dict) else None
    if t not in ("Para", "Plain") or not _all_bold(b["c"]):
        return None
    text = _clean(_inline_text(b["c"], markup=False))
    if not text or "\n" in text or len(text) > _HAND_HEADING_CHARS or len(text.split()) > _HAND_HEADING_WORDS \
            or text[-1] in ".,;:!?" or _NOT_A_HEADING.match(text) \
            or (_DIRECTIVE_WORDS.search(text) and not _QUESTION_HEADING.match(strip_number(text))):
        return None
    return text, b["c"]


def _caps_title(text: str) -> str:
    """"DISTRICT OF ALDER CREEK" → "District of Alder Creek"; other text as it is."""
    if not re.search(r"[A-Z]", text) or text != text.upper():
        return text
    small = {"of", "and", "the", "de", "du", "la", "le"}
    return " ".join(w.lower() if i and w.lower() in small else w.capitalize() for i, w in enumerate(text.split()))


def _hand_headings(ast: dict) -> None:
    """A document without one heading (or with one, the title, above them) whose headings were
    typed by hand, as bold lines (“1. Purpose”, “5.1 Reports”; many council drafts never use
    Word's Heading styles), gets them as headings, their level from their number. Its title
    block (the bold lines before the first numbered heading, or the first bold line) gives the
    title, and a line that only names the place, above or below the guideline's name, gives the
    jurisdiction, as Word's Title and Subtitle do."""
    blocks = ast.get("blocks")
    if not isinstance(blocks, list):
        return
    heads = [i for i, b in enumerate(blocks) if isinstance(b, dict) and b.get("t") == "Header"]
    if len(heads) > 1:
        return
    # one real heading (the title in Heading 1) over headings typed by hand: they go under it
    after = heads[0] + 1 if heads else 0
    shift = blocks[heads[0]]["c"][0] if heads and isinstance(blocks[heads[0]]["c"][0], int) else 0
    found: dict[int, tuple[str, list, Optional[int]]] = {}  # index → (text, inlines, level from its number)
    for i, b in enumerate(blocks):
        if i < after:
            continue
        hit = _hand_heading_text(b)
        if hit is None:
            continue
        m = _HAND_NUMBER.match(hit[0])
        level = 1 if b.get("t") == "OrderedList" else (len(m.group(1).split(".")) if m else None)
        if level is None and _HEADING_NUMBER.match(hit[0]):
            level = 1  # "IV. Definitions", "A. Scope"
        found[i] = (hit[0], hit[1], level)
    if len(found) < 2:
        return
    numbered = [i for i, f in found.items() if f[2] is not None]
    by_number = len(numbered) >= 2
    first = min(found)
    if heads:
        title_block = []  # the real heading is the title
    elif by_number:
        title_block = [i for i in found if i < numbered[0] and found[i][2] is None]
    else:
        title_block = [first] if first == 0 else []
    meta = ast.setdefault("meta", {})
    if title_block and not isinstance(meta, dict):
        title_block = []
    drop: set[int] = set()
    if title_block and _meta_text(meta, "title") is None:
        def place_of(i: int) -> Optional[str]:  # a line that only names the place
            found_place = jurisdiction_from_title(_caps_title(found[i][0]))
            if found_place is not None and _norm_title(found_place[0]) == _norm_title(found[i][0]):
                return found_place[0]
            return None

        if not by_number and title_block[0] + 1 in found:
            title_block = [title_block[0], title_block[0] + 1]  # a place's line over the title's
        places = [i for i in title_block if place_of(i)]
        names = [i for i in title_block if i not in places]
        if places and names:  # the place, above or below the title: as Word's Title and Subtitle
            title_at = next((i for i in names if i > places[0]), names[-1])
            meta["title"] = {"t": "MetaInlines", "c": [{"t": "Str", "c": place_of(places[0])}]}
            meta[_TITLE_LINES] = {"t": "MetaString", "c": "1"}  # said as bold lines, not Title and Subtitle
            drop.add(places[0])
            if _meta_text(meta, "subtitle") is None:
                meta["subtitle"] = {"t": "MetaInlines", "c": found[title_at][1]}
                drop.add(title_at)
        else:
            meta["title"] = {"t": "MetaInlines", "c": found[title_block[0]][1]}
            drop.add(title_block[0])
            title_block = title_block[:1]
    out: list = []
    level = 0
    glossary = False
    for i, b in enumerate(blocks):
        if i in drop:
            continue
        if i not in found or i in title_block:
            out.append(b)
            continue
        text, inlines, own = found[i]
        if own is None:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            term = glossary and nxt is not None and (i + 1) not in found and not _SECTION_WORDS.search(text)
            if term or (by_number and glossary):
                out.append(b)  # a bold term over its definition
                continue
            own = level + 1 if by_number and level else 1
        else:
            level = own
        glossary = bool(DEFINITIONS.match(strip_number(text)))
        out.append({"t": "Header", "c": [own + shift, ["", [], []], inlines]})
    ast["blocks"] = out


# a heading that names a part of a document, never the document: the first heading of a report
# whose cover page is typed as lines ("Executive summary" under "Sex Work Response Guidelines")
_PART_HEADING = re.compile(r"^\s*(?:executive\s+summary|summary|foreword|acknowledge?ments?|land\s+acknowledge?ment|"
                           r"territorial\s+acknowledge?ment|message\s+from\b.*|(?:table\s+of\s+)?contents|"
                           r"purpose|scope|definitions?|glossary|introduction|background|overview|preamble|"
                           r"context|objectives?|principles?|guiding\s+principles|priorit(?:y|ies))\s*$", re.I)
# words a guideline's own name has
_TITLE_WORDS = re.compile(r"\b(?:guidelines?|polic(?:y|ies)|protocols?|procedures?|strateg(?:y|ies)|framework|"
                          r"directives?|response|standards?|plan)\b", re.I)
_COVER_TITLE = "lic-policy-cover-title"  # metadata mark: the title was read from a cover page's lines


def _cover_title(ast: dict) -> None:
    """A cover page typed as lines above Heading-styled parts: with no Word *Title* paragraph
    the first heading was the title, so a report's guideline was called “Executive summary”
    and its name ended in the summary (ux27). When the first heading names a part, the first
    bold cover line that names no place and is no draft's mark (or else the first short line
    with a guideline's words, “… Response Guidelines”) is the title, and a bold line that only
    names the place beside it the jurisdiction, as Word's Title and Subtitle give them."""
    meta = ast.get("meta")
    blocks = ast.get("blocks")
    if not isinstance(meta, dict) or not isinstance(blocks, list) or "title" in meta:
        return
    first = next((i for i, b in enumerate(blocks) if isinstance(b, dict) and b.get("t") == "Header"), None)
    if not first:
        return
    heading = strip_number(_clean(_inline_text(blocks[first]["c"][2], markup=False)))
    if not _PART_HEADING.match(heading):
        return
    lines: list[tuple[int, str, list, bool]] = []  # (index, text, inlines, bold)
    for i, b in enumerate(blocks[:first]):
        if not isinstance(b, dict) or b.get("t") not in ("Para", "Plain"):
            continue
        text = _clean(_inline_text(b["c"], markup=False))
        if not text or "\n" in text or len(text) > _HAND_HEADING_CHARS or len(text.split()) > _HAND_HEADING_WORDS \
                or text[-1] in ".,;:!?" or _NOT_A_HEADING.match(text) or _DIRECTIVE_WORDS.search(text):
            continue
        lines.append((i, text, b["c"], _all_bold(b["c"])))

    def place_of(text: str) -> Optional[str]:
        found = jurisdiction_from_title(_caps_title(text))
        return found[0] if found is not None and _norm_title(found[0]) == _norm_title(text) else None

    names = [x for x in lines if not place_of(x[1]) and not (":" in x[1] and _control_label(x[1].split(":")[0]))]
    title = next((x for x in names if x[3]), None) or next((x for x in names if _TITLE_WORDS.search(x[1])), None)
    if title is None:
        return
    place = next((x for x in lines if x[3] == title[3] and place_of(x[1]) and abs(x[0] - title[0]) <= 2), None)
    if place is not None:
        meta["title"] = {"t": "MetaInlines", "c": [{"t": "Str", "c": place_of(place[1])}]}
        meta["subtitle"] = {"t": "MetaInlines", "c": title[2]}
        meta[_TITLE_LINES] = {"t": "MetaString", "c": "1"}
        drop = {title[0], place[0]}
    else:
        meta["title"] = {"t": "MetaInlines", "c": title[2]}
        meta[_COVER_TITLE] = {"t": "MetaString", "c": heading}
        drop = {title[0]}
    ast["blocks"] = [b for i, b in enumerate(blocks) if i not in drop]


def _norm_title(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# --------------------------------------------------------------------------- building


def _special_sections(sections: list["_Section"], r: "_Reader") -> tuple[list, list, list, list, Any, list]:
    """The sections that fill the guideline's own parts — the first Purpose, Scope,
    Definitions (a list, definition list or table), Priorities (a list of directives) and
    Principles (each with a name: see ``_principles_of``) sections — and a section whose only
    content is the services or control table, taken out of ``sections``: (purpose clauses,
    scope clauses, definitions, priority items, the principles or None, the sections kept)."""
    purpose_parts: list[_Clause] = []
    scope_parts: list[_Clause] = []
    definitions: list[dict] = []
    priorities_items: list[_Clause] = []
    principles: Optional[tuple] = None  # (heading, [(title, text)], lead-in words left out)
    kept: list[_Section] = []
    for sec in sections:
        if PURPOSE.match(sec.title) and not purpose_parts and not sec.children and sec.clauses:
            purpose_parts = sec.clauses
            continue
        if SCOPE.match(sec.title) and not scope_parts and not sec.children and sec.clauses:
            scope_parts = sec.clauses
            continue
        if DEFINITIONS.match(sec.title) and not definitions:
            defs, rest = _definitions(sec, r.definition_pairs)
            if defs:
                definitions = defs
                sec.clauses = rest
                if not rest and not sec.children:
                    continue
        if (sec.services or sec.control or sec.people) and not sec.clauses and not sec.children:
            continue  # its table is the services directory or the metadata now, or left out
        if PRIORITIES.match(sec.title) and not priorities_items and not sec.children and sec.clauses \
                and all(c.kind == "directive" for c in sec.clauses):
            priorities_items = sec.clauses
            r.priorities_title = sec.title
            continue
        if PRINCIPLES.match(sec.title) and principles is None:
            found = _principles_of(sec)
            if found is not None:
                principles = (sec.title, *found)
                continue
        kept.append(sec)
    return purpose_parts, scope_parts, definitions, priorities_items, principles, kept


def _notes_todo(notes: "DocumentNotes", imported: str, todo: list[dict]) -> tuple[list[str], list[str]]:
    """The to-do items for what the document held besides its text (appended to ``todo``):
    its comments (who made them is not kept), text boxes (``imported``: the imported text, made
    comparable, to say whether a box's words were read into it), headers and footers, hidden
    text, the values of fields that name people, and tracked changes. Returns what the report
    says of the text boxes and what it says was left out on purpose."""
    for quote, body in notes.comments:  # who made it is not kept
        line = notes.comment_line(quote, body, which=False)
        todo.append({"text": f"The {notes.source} had {line}{_stop(line)} Act on it, then delete this item."})
    box_lines: list[str] = []  # what the report says of each text box
    if notes.boxes:
        for words in notes.boxes:
            if _comparable(words)[:60] in imported:
                line = (f"a text box (“{_short(words, 80)}”): its words were read into the text where Word anchors "
                        "the box, which may not be where they belong")
                todo.append({"text": f"The {notes.source} had {line}. Check where they sit, then delete this item."})
            else:
                line = f"a text box (“{_short(words, 80)}”) whose words could not be read into the text"
                todo.append({"text": f"The {notes.source} had {line}. Copy them where they belong, or delete this "
                                     "item."})
            box_lines.append(line)
    for line in notes.elsewhere:
        todo.append({"text": f"The {notes.source} had {line}; its words were not imported. Open the original "
                             "in Word, copy them where they belong, then delete this item."})
        box_lines.append(line)
    left_out: list[str] = []  # what the report says was not imported on purpose
    if notes.margins:
        kinds = [k for k in ("letterhead", "header", "footer") if any(m[0] == k for m in notes.margins)]
        plural = {k: sum(m[0] == k for m in notes.margins) > 1 for k in kinds}
        which = " and ".join(k + ("s" if plural[k] else "") for k in kinds)
        said = (f"“{_short(notes.margins[0][1], 80)}”" if len(notes.margins) == 1
                else "; ".join(f"{k} “{_short(w, 80)}”" for k, w in notes.margins))
        todo.append({"text": f"The {notes.source}'s {which} ({said}) {'were' if len(notes.margins) > 1 else 'was'} "
                             f"not imported: a guideline has none. If {'they say' if len(notes.margins) > 1 else 'it says'} "
                             "something the guideline needs (its status, version, date or owner), write it in the "
                             "guideline's metadata; then delete this item."})
        left_out.append(f"the {notes.source}'s {which} ({said}): a guideline has none; see the to-do item")
    if notes.vanished:
        n = len(notes.vanished)
        said = "; ".join(f"“{_short(w, 80)}”" for w in notes.vanished[:5]) + (f"; and {n - 5} more" if n > 5 else "")
        setting = ("Word's Hidden font setting" if notes.source == "Word file" else
                   "hidden on the page: the hidden attribute, display: none, visibility: hidden, opacity or font "
                   "size 0, a class its stylesheet hides, or a template" if notes.source == "page"
                   else "hidden by its HTML: the hidden attribute or display: none" if notes.source == "Markdown file"
                   else "a hidden character style")
        what = f"hidden text ({setting}) in {n} paragraph{'s' if n != 1 else ''}"
        todo.append({"text": f"The {notes.source} had {what}, which was not imported: {said}. If it belongs in the "
                             "guideline, write it in where it belongs; then delete this item."})
        left_out.append(f"{what}: {said}; see the to-do item")
    if notes.struck:
        n = len(notes.struck)
        said = "; ".join(f"“{_short(w, 80)}”" + (f" (in “{_short(h, 40)}”)" if h else "")
                         for w, h in notes.struck[:5]) + (f"; and {n - 5} more" if n > 5 else "")
        what = f"words struck through (the Font setting, not Track Changes) in {n} place{'s' if n != 1 else ''}"
        todo.append({"text": f"The import left out {what}: {said}. Struck-through words are read as words to "
                             "delete; if any were meant to stay, write them back where they stood; then delete this "
                             "item."})
        left_out.append(f"{what}: {said}; see the to-do item")
    if notes.hidden:
        from .wordscrub import hidden_line

        line = hidden_line(notes.hidden)
        todo.append({"text": f"The import left out {line}: a sentence such as “Prepared by …” may now end early. "
                             "Check the text against the original, type what it needs there yourself, then delete "
                             "this item."})
        left_out.append(line + "; see the to-do item")
    if notes.changes:
        todo.append({"text": f"The {notes.source} still had {notes.changes_line()}, accepted on import: "
                             + "; ".join(notes.changes) + f". Check {'them' if len(notes.changes) != 1 else 'it'} "
                             "against the original, then delete this item."})
    return box_lines, left_out


def _purpose_and_scope(name: str, purpose_parts: list, scope_parts: list, missing: list[str],
                       todo: list[dict]) -> tuple[str, str]:
    """The purpose and the scope's text, each joined from its section's clauses, or a
    placeholder saying it is to be written (and a to-do item and a line of what is missing)."""
    texts = []
    for parts, placeholder, missing_line, todo_text, about in (
            (purpose_parts, f"To be written: {name} has no purpose statement. Say what these guidelines are for and "
             "whom they serve.", "a purpose (written as a placeholder)",
             "Write the purpose: what these guidelines are for and whom they serve (the document has no purpose "
             "section).", "purpose"),
            (scope_parts, f"To be written: {name} does not say whom these guidelines apply to. Name the staff and "
             "services they cover.", "a scope (written as a placeholder)",
             "Write the scope: the staff and services these guidelines apply to (the document does not say).",
             "scope.text")):
        text = _joined(parts)
        if not text:
            text = placeholder
            missing.append(missing_line)
            todo.append({"text": todo_text, "about": about})
        texts.append(text)
    purpose, scope_text = texts
    return purpose, scope_text


def _services_directory(r: "_Reader", sections: list, lang: str, recognized: list[str],
                        todo: list[dict]) -> list[dict]:
    """The services directory made from the document's services tables, with a line of what
    was recognised and a to-do item to fill in what the tables did not say."""
    services = _services(r.services, lang)
    if services:
        where = [s for s in _all_sections(sections) if s.services]
        said = (("sex_worker_led", "sex-worker-led"), ("indigenous_led", "Indigenous-led"), ("mobile", "mobile"))
        guessed = [f"{s['organization']} as " + " and ".join(w for k, w in said if s.get(k))
                   for s in services if any(s.get(k) for k, _w in said)]
        made_from = "list" if r.service_lists == len(services) else "table" if not r.service_lists else "table and list"
        recognized.append(f"{len(services)} service{'s' if len(services) != 1 else ''} from the {made_from}"
                          f"{'s' if len(where) > 1 and r.service_lists in (0, len(services)) else ''} in "
                          + ", ".join(f"“{s.title}”" for s in where)
                          + (f", {'; '.join(guessed)} (a guess from the name" + ("s" if len(guessed) > 1 else "")
                             + ")" if guessed else "")
                          + f" (what the {made_from} did not say: see the to-do item)")
        text = (f"Check the services directory made from the document's {made_from}: fill in what the {made_from} did not say "
                "(marked “To be confirmed”: regions, hours, what is offered), check the languages, and mark each "
                "service that is sex-worker-led, Indigenous-led or mobile.")
        if guessed:
            text += (" The import guessed from the names: " + "; ".join(guessed) + ". Ask each organisation "
                     "whether that is how it describes itself, and correct sex_worker_led, indigenous_led or mobile if "
                     "not.")
        todo.append({"text": text, "about": "services"})
    return services


def build(ast: dict, *, source_name: str, jurisdiction: Optional[str] = None, kind: Optional[str] = None,
          owner_role: Optional[str] = None, language: Optional[str] = None,
          guideline_id: Optional[str] = None, notes: Optional["DocumentNotes"] = None) -> ImportReport:
    """pandoc AST → guideline data (plain dict, valid against the model). ``notes``: the
    comments and tracked changes ``read_document_notes`` found, as to-do items. The steps, in
    the order their messages are said: the title (and the jurisdiction a title page gives),
    the document's own parts, purpose and scope, the jurisdiction and owner, the services,
    what could not be placed, then the data and the report."""
    from .model.guideline import Guideline
    from .privacy import redact
    from .store import text_name

    _hand_headings(ast)
    _cover_title(ast)
    struck = _without_struck(ast)
    meta = ast.get("meta") or {}
    r = _Reader()
    r.endnotes = notes.endnotes if notes is not None else set()
    r.blocks(ast.get("blocks") or [])
    _keep_capitals(r)
    recognized: list[str] = []
    title, subtitle, jurisdiction, kind, sections = _title_page(meta, r, source_name, jurisdiction, kind, recognized)
    _lead_control(r)
    name = text_name(os.path.basename(source_name))  # a file name that is not UTF-8 goes into the guideline's text
    typed = _drop_typed_contents(sections, r)
    skipped = _drop_navigation(sections)
    _join_line_blocks(sections)
    if typed:
        skipped = [x for x in skipped if x != typed]
        recognized.append(f"skipped {typed}: a list of the document's own headings")
    if skipped:
        recognized.append(f"skipped {', '.join(skipped)}: links to the document's own parts")
    purpose_parts, scope_parts, definitions, priorities_items, principles_found, kept = _special_sections(sections, r)
    abstract = _meta_text(meta, "abstract") if isinstance(meta, dict) else None
    purpose_parts, summary = _lead(subtitle, r, purpose_parts, abstract)
    if abstract:  # Word's Abstract paragraph (pandoc reads it as the document's abstract): it was dropped
        source = notes.source if notes is not None else "document"
        recognized.append(f"the {source}'s {'Abstract paragraph' if source == 'Word file' else 'abstract'} as part "
                          "of the summary")
    used: set[str] = set()
    _tag_protocols(kept, None, recognized)
    _lead_in_services(kept, r.services)
    out_sections = [_section_data(s, used) for s in kept]
    priorities = _priorities(priorities_items, out_sections)
    if priorities:
        recognized.append(f"{len(priorities)} priorit{'ies' if len(priorities) != 1 else 'y'} from the list under "
                          f"a “{_short(strip_number(r.priorities_title))}” heading")
    todo: list[dict] = []
    missing: list[str] = []
    principles = _principles(principles_found, recognized, todo)
    purpose, scope_text = _purpose_and_scope(name, purpose_parts, scope_parts, missing, todo)
    jurisdiction, kind = _jurisdiction(title, jurisdiction, kind, recognized, missing, todo, purpose)
    version, dates, owner_role, control_todo = _control_and_owner(r, owner_role, recognized, missing, todo)
    if version is None and notes is not None:
        version = _margin_version(notes, recognized)
    langs = [language] if language else [_document_language(_meta_text(meta, "lang"), todo)] \
        if _meta_text(meta, "lang") else _words_language(ast, recognized)
    lang = langs[0]
    services = _services_directory(r, sections, lang, recognized, todo)
    if control_todo:
        todo.append({"text": control_todo})
    for what in r.unplaced:
        stop = "" if what.endswith((".", ".”", "!”", "?”")) else "."
        todo.append({"text": f"The import could not place {what}{stop} {_unplaced_advice(what)}"})
    notes = notes or DocumentNotes()
    notes.struck = struck
    comments = [notes.comment_line(quote, body) for quote, body in notes.comments]
    imported = _comparable(json.dumps([title, summary, purpose, scope_text, definitions, principles, priorities,
                                       out_sections, services], ensure_ascii=False, default=str)) if notes.boxes else ""
    box_lines, left_out = _notes_todo(notes, imported, todo)
    _people_todo(r, notes.source, todo, left_out)
    _byline_todo(meta, notes.source, todo, left_out)
    # a to-do item quotes what the Word file held (a text box with a service's number, a
    # comment with a colleague's email): the to-do items must identify no one, so contact
    # details and names in them are masked (the text itself keeps what it was read with)
    for item in todo:
        item["text"] = redact(item["text"])
    gid = guideline_id or _imported_id(title, jurisdiction) or slug(Path(name).stem, 100) or "imported-guideline"
    data = _guideline_data(
        gid, title, jurisdiction, kind, version, dates, owner_role, lang, summary, todo, purpose, scope_text,
        definitions=definitions, principles=principles, priorities=priorities, sections=out_sections,
        services=services)
    data["metadata"]["languages"] = langs
    model = Guideline.model_validate(data)  # a bug guard too: the data must match the model
    rep = ImportReport(title, data=data, model=model, dropped_raw=r.dropped_raw, definitions=len(definitions),
                       unplaced=list(r.unplaced), missing=missing, recognized=recognized,
                       priorities=len(priorities), principles=len(principles))
    rep.unplaced.extend(comments)
    rep.unplaced.extend(box_lines)
    if notes.changes:
        rep.accepted.append(f"{notes.changes_line()} the {notes.source} still had: "
                            + "; ".join(notes.changes))
    if r.dropped_raw:
        rep.unplaced.append(f"{r.dropped_raw} raw markup block{'s' if r.dropped_raw != 1 else ''} (HTML or "
                            "other code; only text is imported)")
    # what the terminal is told quotes the same words as the to-do items: masked the same way
    # (it printed the name and number the to-do item masked)
    rep.unplaced = [redact(line) for line in rep.unplaced]
    rep.left_out = [redact(line) for line in left_out]
    rep.accepted = [redact(line) for line in rep.accepted]
    rep.sections, rep.clauses = _count(out_sections)
    return rep


def _imported_id(title: str, jurisdiction: Optional[str]) -> str:
    """The title's slug, led by the jurisdiction's when the title does not name its place, as
    `init` makes it: Word's Title “City of Ashgrove” over the Subtitle “Sex Work Response
    Guidelines” gave `sex-work-response-guidelines`, every other city's id too (and the id
    `review packet --since` finds an earlier version's copy by). At most 120 characters, cut
    between words."""
    t = slug(title, 100)
    j = slug(jurisdiction or "", 100)
    place = j.split("-of-", 1)[-1]
    if not t or not j or f"-{place}-" in f"-{t}-":
        return t
    ident = f"{j}-{t}"
    if len(ident) > 120:
        ident = ident[:121].rsplit("-", 1)[0].strip("-") or ident[:120]
    return ident


_CAPITAL_WORD = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z]\b")


def _keep_capitals(r: _Reader) -> None:
    """A heading typed in capitals keeps the words the text writes in capitals too (“PACE”,
    “SWAN”, “HIV”): “REFERRALS TO PACE” is “Referrals to PACE”, not “Referrals to Pace”. Only
    text that is not itself all in capitals counts (fix28)."""
    words: set[str] = set()
    for c in [*r.before, *(c for sec in _all_sections(r.top) for c in sec.clauses)]:
        if any(ch.islower() for ch in c.text):
            words.update(_CAPITAL_WORD.findall(c.text))
    r.capitals = frozenset(words)
    if not words:
        return
    for sec in _all_sections(r.top):
        if sec.capitals:
            sec.title = uncapped(sec.capitals, r.capitals)


def _title_page(meta: dict, r: "_Reader", source_name: str, jurisdiction: Optional[str], kind: Optional[str],
                recognized: list[str]) -> tuple[str, Optional[str], Optional[str], Optional[str], list]:
    """The title (the metadata's, the first heading's, or the file's name), the subtitle left
    to say what the document is, the jurisdiction a title page names, and the sections."""
    from .store import text_name

    title, sections = _title(_meta_text(meta, "title"), r)
    if title is not None:
        title = uncapped(title, r.capitals)  # Word's Title set in capitals (“TOWN OF MAPLE VALLEY”, ux24)
    if title is None:
        title = (text_name(Path(source_name).stem).replace("-", " ").replace("_", " ").strip().capitalize()
                 or "Imported guideline")
    subtitle = _meta_text(meta, "subtitle")
    place = jurisdiction_from_title(title)
    if subtitle and (place is None or _norm_title(place[0]) != _norm_title(title)) and organisation_title(title):
        place = organisation_title(title)  # Title “Tidewater Health Authority” over the protocol's name (ux21)
    if subtitle and place is not None and _norm_title(place[0]) == _norm_title(title):
        # Word's Title holds the city's name and its Subtitle the policy's: the subtitle is the title
        if not jurisdiction:
            jurisdiction, kind = place[0], kind or place[1]
            if _meta_text(meta, _TITLE_LINES):  # no Title or Subtitle in the document: its bold lines
                recognized.append(f"“{jurisdiction}” as the jurisdiction and “{_short(subtitle)}” as the title, "
                                  "from the bold lines above the first heading (--jurisdiction gives another)")
            else:
                recognized.append(f"“{jurisdiction}” as the jurisdiction, from the title (--jurisdiction gives "
                                  f"another); the subtitle “{_short(subtitle)}” as the title")
        title, subtitle = uncapped(subtitle, r.capitals), None  # “SEX WORK RESPONSE GUIDELINE” (fix28)
    elif subtitle and place is None:
        # the reverse: the policy's name in the Title and the city's alone in the Subtitle
        below = jurisdiction_from_title(subtitle)
        if below is not None and _norm_title(below[0]) == _norm_title(subtitle):
            if not jurisdiction:
                jurisdiction, kind = below[0], kind or below[1]
                recognized.append(f"“{jurisdiction}” as the jurisdiction, from the subtitle (--jurisdiction gives "
                                  "another)")
            subtitle = None
    if not jurisdiction and place is None:
        # a plain line under the title that only names the place ("Town of Millbrook"), as title
        # pages have it when it is not Word's Subtitle (ux16)
        for c in r.before[:4]:
            if c.kind != "directive" or c.marker or len(c.text) > 80:
                continue
            line = re.sub(r"^(\*{1,2})([^*]+)\1$", r"\2", c.text).strip()
            named = jurisdiction_from_title(line)
            if named is not None and _norm_title(named[0]) == _norm_title(line):
                jurisdiction, kind = named[0], kind or named[1]
                recognized.append(f"“{jurisdiction}” as the jurisdiction, from the line under the title "
                                  "(--jurisdiction gives another)")
                r.before.remove(c)
                break
    # the title repeated as a paragraph (a Title-styled line pandoc did not take as the title)
    r.before = [c for c in r.before if not (c.kind == "directive" and not c.marker and len(c.text) <= 200
                                            and _norm_title(c.text) and _norm_title(c.text) in _norm_title(title))]
    title = _without_draft_mark(title, recognized)
    return title, subtitle, jurisdiction, kind, sections


# a draft's mark at either end of the title: "… — Draft for Council", "… (DRAFT)", "… - Draft v3",
# "DRAFT: …" (ux29)
_MARK = (r"(?:draft(?:\s+(?:for|v(?:ersion)?\.?\s*)\s*[\w.]+(?:\s+[\w.]+){0,3}|\s+\d[\w.]*)?"
         r"|for\s+(?:discussion|consultation|review|comment)(?:\s+\w+){0,3})")
_TITLE_MARK_END = re.compile(rf"\s*(?:[—–:|-]\s*(?P<a>{_MARK})|\((?P<b>{_MARK})\)|\[(?P<c>{_MARK})\])\s*$", re.I)
_TITLE_MARK_START = re.compile(rf"^\s*(?:(?P<a>{_MARK})\s*[—–:|-]|\((?P<b>{_MARK})\)|\[(?P<c>{_MARK})\])\s*", re.I)


def _without_draft_mark(title: str, recognized: list[str]) -> str:
    """The title without a draft's mark ("Port Alder … Response — Draft for Council" → "Port Alder
    … Response"): the guideline's status says it is a draft (and its copies a DRAFT banner), and
    the title and id, made from it, would have said so after it was approved; the id is what the
    next rounds' copies are found by. A title that is nothing but the mark stays as it is."""
    for rx in (_TITLE_MARK_END, _TITLE_MARK_START):
        m = rx.search(title)
        if m is None:
            continue
        rest = (title[:m.start()] + title[m.end():]).strip()
        if len(rest) < 3:
            continue
        mark = next(g for g in m.group("a", "b", "c") if g)
        recognized.append(f"“{mark.strip()}” in the title as the draft's mark: left out of the title and the id "
                          "(the status says it is a draft)")
        return rest
    return title


def _lead_control(r: "_Reader") -> None:
    """Labelled lines under the title (“Status: Draft 0.2 … Owner: Manager, …”, or “Version:
    1.3” and “Owner: …” a line each) read as a document-control table is, when the document has
    none: they were the summary, printed under the metadata's own version and status, and the
    import said the owner's role was not in the document (ux22)."""
    if r.control:
        return
    labelled = [(c, _control_rows(c.text, need_fill=False)) for c in r.before
                if not c.marker and c.kind == "directive"]
    # a line of labels that fill no field (“Approved by: Council (pending)”) is read with the lines
    # beside it that do (“Department: …”): it was the summary, published under the title (ux24)
    if any(rows is not None and _control_rows(c.text) is not None for c, rows in labelled):
        for c, rows in labelled:
            if rows is not None:
                r.control.extend(rows)
                r.before.remove(c)
    if r.control:
        r.control_from = "the labelled lines under the title"


def _lead(subtitle: Optional[str], r: "_Reader", purpose_parts: list,
          abstract: Optional[str] = None) -> tuple[list, Optional[str]]:
    """What the document says of itself before its first heading: the purpose when it has no
    purpose section, else (with a subtitle, Word's Subtitle style, and an abstract, Word's
    Abstract style) the summary."""
    lead = [subtitle or "", abstract or ""]
    # a contents title whose list is gone (LibreOffice keeps a Word table of contents as an index
    # pandoc does not read): it was published as part of the summary
    r.before = [c for c in r.before if c.marker or not _TOC.match(c.text)]
    if r.before:
        if not purpose_parts:
            purpose_parts = r.before
        else:
            # a line under the title set in italics or bold as a whole is layout, not emphasis
            lead.append(_joined([_Clause(re.sub(r"^(\*{1,2})([^*]+)\1$", r"\2", c.text), c.kind, c.marker)
                                 for c in r.before]))
    return purpose_parts, "\n\n".join(x for x in lead if x) or None


def _jurisdiction(title: str, jurisdiction: Optional[str], kind: Optional[str], recognized: list[str],
                  missing: list[str], todo: list[dict], purpose: Optional[str] = None
                  ) -> tuple[Optional[str], Optional[str]]:
    """The jurisdiction given, or the one the title names, or the one the purpose names whose
    name the title holds (“Westmere Sex Work Response Guidelines” over “… how City of Westmere
    staff respond …”), or a to-do item asking for it."""
    if jurisdiction and not kind:  # --jurisdiction "Coastal Health Authority": published as a municipality (ux31)
        found = organisation_title(jurisdiction) or jurisdiction_from_title(jurisdiction)
        if found is not None and found[0] == " ".join(jurisdiction.split()):
            kind = found[1]
    if not jurisdiction:
        found = jurisdiction_from_title(title) or organisation_title(title, whole=False)
        if found is not None:
            jurisdiction, kind = found[0], kind or found[1]
            recognized.append(f"“{jurisdiction}” as the jurisdiction, from the title (--jurisdiction gives another)")
    if not jurisdiction and purpose:
        found = _place_the_title_names(purpose, title)
        if found is not None:
            jurisdiction, kind = found[0], kind or found[1]
            recognized.append(f"“{jurisdiction}” as the jurisdiction, from the purpose, whose place the title names "
                              "(--jurisdiction gives another)")
    if not jurisdiction:
        missing.append("the jurisdiction (write it under metadata.jurisdiction, or import again with "
                       "--jurisdiction NAME --force)")
        todo.append({"text": "Name the jurisdiction these guidelines are for.", "about": "metadata.jurisdiction.name"})
    return jurisdiction, kind


def _control_and_owner(r: "_Reader", owner_role: Optional[str], recognized: list[str], missing: list[str],
                       todo: list[dict]) -> tuple[Optional[str], dict, Optional[str], Optional[str]]:
    """The document-control table's version and dates, and the owner's role (given, from the
    table, or a to-do item asking for it); the table's own to-do line is returned, said later."""
    version, dates, control_todo = _control(r.control, recognized, owner_given=bool(owner_role), where=r.control_from)
    if not owner_role and dates.get("owner"):
        owner_role = dates.pop("owner")
    dates.pop("owner", None)
    if not owner_role:
        missing.append("the owner's role (write it under metadata.owners, or import again with --owner-role ROLE "
                       "--force)")
        todo.append({"text": "Name the role that owns these guidelines, never a person.", "about": "metadata.owners"})
    return version, dates, owner_role, control_todo


def _guideline_data(gid: str, title: str, jurisdiction: Optional[str], kind: Optional[str], version: Optional[str],
                    dates: dict, owner_role: Optional[str], lang: str, summary: Optional[str], todo: list[dict],
                    purpose: Any, scope_text: Any, *, definitions: list, priorities: list, sections: list,
                    services: Any, principles: Optional[list] = None) -> dict:
    """The guideline's data, with placeholders the drafter is asked to replace and the optional
    parts only when the document had them."""
    data: dict = {
        "lic_policy": 1,
        "metadata": {
            "id": gid,
            "title": title,
            "jurisdiction": {"name": jurisdiction or "To be named (the jurisdiction these guidelines are for)",
                             "kind": kind or "municipality"},
            "version": version or "0.1.0",
            "status": "draft",
            "owners": [{"role": owner_role or "To be named (the role that owns these guidelines)"}],
            "languages": [lang],
            **dates,
            "summary": summary,
        },
        "todo": todo,
        "purpose": purpose,
        "scope": {"text": scope_text},
    }
    if not todo:
        del data["todo"]
    if not summary:  # no note about the import: publish and the review room would show it as the summary
        del data["metadata"]["summary"]
    if definitions:
        data["definitions"] = definitions
    if principles:
        data["principles"] = principles
    if priorities:
        data["priorities"] = priorities
    if sections:
        data["sections"] = sections
    if services:
        data["services"] = services
    return data


_VERSION = re.compile(r"^v?(\d+(?:\.\d+){0,2})\b", re.I)
# a version a page header or footer gives ("DRAFT v0.3", "Version 2.1", "DRAFT 0.3"): with a dot,
# never "Draft 2"
_MARGIN_VERSION = re.compile(r"(?:\bv|\bversion:?\s*|\bdraft:?\s*v?)(\d+\.\d+(?:\.\d+)?)\b(?![.\d])", re.I)


def _margin_version(notes: "DocumentNotes", recognized: list[str]) -> Optional[str]:
    """The version the Word file's page header or footer names, when one alone names one (the
    guideline said 0.1.0 beside a header reading "DRAFT v0.3")."""
    found = {m.group(1): (kind, words) for kind, words in notes.margins if kind in ("header", "footer")
             for m in _MARGIN_VERSION.finditer(words)}
    if len(found) != 1:
        return None
    version, (kind, words) = next(iter(found.items()))
    recognized.append(f"version {version}, from the {notes.source}'s {kind} (“{_short(words, 80)}”)")
    return version
# dates written out, never 03/04/2027 (the 3rd of April or the 4th of March, by country)
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")


def _control_date(text: str) -> Optional[str]:
    import datetime as _dt

    text = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _control(rows: list[tuple[str, str]], recognized: list[str], *, owner_given: bool,
             where: str = "the document-control table") -> tuple[Optional[str], dict, Optional[str]]:
    """A document-control table's rows → (version, {metadata field: value, "owner": role},
    the to-do item quoting every row that filled no field). A value that names a person
    (an owner given as someone's name) fills nothing: it is quoted in the to-do item, masked."""
    from .privacy import redact

    if not rows:
        return None, {}, None
    version: Optional[str] = None
    fields: dict = {}
    used: list[str] = []
    rest: list[str] = []
    for label, value in rows:
        what = _control_label(label) if label else None
        taken = False
        if what == "version" and version is None and (m := _VERSION.match(value)):
            version, taken = m.group(1), True
            used.append(f"version {version}")
        elif what == "other" and label.lower() == "status" and version is None \
                and (m := _STATUS_VERSION.search(value)):
            # “Status: Draft 0.2 for the Committee”: the version; the row is kept as said unless
            # it says nothing more (ux22)
            version = m.group(1)
            used.append(f"version {version}")
            taken = _STATUS_VERSION.sub("", value).strip(" .,;:-–—()").lower() in ("", "draft")
        elif what == "owner" and "owner" not in fields and not owner_given and value and redact(value) == value \
                and len(value) <= 120:
            fields["owner"], taken = value, True
            used.append("the owner's role")
        elif what in ("effective_date", "adopted_date", "next_review_date") and what not in fields \
                and (day := _control_date(value)):
            fields[what], taken = day, True
            used.append(what.replace("_", " "))
        if not taken and (label or value):
            rest.append(f"{label}: {value}" if label and value else label or value)
    line = where
    if used:
        line += " (" + ", ".join(used) + " in the metadata)"
    if rest:
        unit = "line" if where.endswith("lines under the title") else "row"
        line += f"; its other {len(rest)} {unit}s are a to-do item" if len(rest) != 1 \
            else f"; its other {unit} is a to-do item"
    recognized.append(line)
    todo = None
    if rest:
        todo = redact(where[0].upper() + where[1:] + " also said: " + "; ".join(rest) + ". Put what still matters where "
                      "it belongs (a review date as metadata.next_review_date: YYYY-MM-DD, an approval as "
                      "metadata.adopted_date), then delete this item.")
    return version, fields, todo


def _all_sections(sections: list[_Section]) -> list[_Section]:
    return [x for s in sections for x in (s, *_all_sections(s.children))]


def _title(meta_title: Optional[str], r: _Reader) -> tuple[Optional[str], list[_Section]]:
    """The title, and the sections once a heading that only carries the title is unwrapped.

    A heading is the document's title when it is the first heading and there is no title
    property, when the title property and it contain one another ("Sex Work Response
    Guidelines" and "Town of X Sex Work Response Guidelines"; a web page's "… | Town of X"),
    or when it is the only top-level heading and every other heading sits under it."""
    sections = r.top
    if not sections:
        return meta_title, sections
    first = sections[0]
    if meta_title is None:
        return first.title, _unwrap(sections, first, r)
    a, b = _norm_title(meta_title), _norm_title(first.title)
    if a and b and (a in b or b in a):
        # the heading is the visible title; a property longer than it carries a site's name
        return first.title, _unwrap(sections, first, r)
    if len(sections) == 1 and first.children:
        return meta_title, _unwrap(sections, first, r)
    return meta_title, sections


def _unwrap(sections: list[_Section], first: _Section, r: _Reader) -> list[_Section]:
    """Drop the title heading: its own text joins the text before the headings, its
    children move up (a single level-1 title over level-2 sections)."""
    r.before.extend(first.clauses)
    rest = sections[1:]
    if not rest or all(s.level > first.level for s in rest) or first.children:
        return first.children + rest
    return rest


_LINE_BLOCK_MAX = 80  # a line of an address or a contact block; a sentence is longer or ends in a stop


def _join_line_blocks(sections: list[_Section]) -> None:
    """A lead-in ending in ":" followed, to the end of its section, by two or more short lines
    that are no sentences (an address, a phone number and an email, each typed as a paragraph
    in Word): the lines are the lead-in's list, one clause, as a lead-in and its bullets are.
    Each line was a numbered clause of its own ("9.3 250 Main Street, …")."""
    for sec in sections:
        clauses = sec.clauses
        for i, lead in enumerate(clauses):
            rest = clauses[i + 1:]
            if lead.marker or not lead.text.rstrip().endswith(":") or len(rest) < 2:
                continue
            if all(not c.marker and c.kind == lead.kind and "\n" not in c.text.strip()
                   and len(c.text.strip()) <= _LINE_BLOCK_MAX and not c.text.rstrip().endswith((".", "!", "?", ";", ":"))
                   for c in rest):
                lead.text = lead.text.rstrip() + "\n\n" + "\n".join(f"- {c.text.strip()}" for c in rest)
                del clauses[i + 1:]
                break
        _join_line_blocks(sec.children)


# a column of a table whose cells are people (a revision history's Author, an approvals table's Name)
_PEOPLE_COLUMN = re.compile(r"^(?:names?|full names?|authors?|by|(?:prepared|drafted|written|edited|approved|reviewed|"
                            r"signed|modified|changed|updated|revised|submitted) by|signed|signature|contact person|"
                            r"staff(?: member)?|editors?|reviewers?|approvers?|nom|auteur(?:e|\(e\))?|"
                            r"(?:approuvé|rédigé|révisé)(?:e)? par)$", re.I)


def _people_column(labels: list, body: list) -> Optional[str]:
    """The heading of a table's column that names people — a heading such as Author or Name
    over at least one cell that holds a person's name — or None."""
    from .privacy import find_identities

    for i, label in enumerate(labels):
        if label and _PEOPLE_COLUMN.match(label.strip()):
            if any(i < len(row) and any(h.kind == "name" for h in find_identities(_plain(row[i]) if not
                                                                                   isinstance(row[i], str) else row[i],
                                                                                   "role"))
                   for row in body):
                return label
    return None


def _people_todo(r: "_Reader", source: str, todo: list[dict], left_out: list[str]) -> None:
    """A to-do item and a `left out:` line for each table left out because it names people."""
    for where, labels, column, rows in r.people_tables:
        n = len(rows)
        todo.append({"text": f"The {source} had a table {where} whose {column} column names people: "
                             + "; ".join(rows) + ". It was left out: a guideline names roles, never people. If it "
                             "says something the guideline needs (a version or a date: the metadata; an approval: "
                             "under governance, approvals, by role), write it there; then delete this item."})
        left_out.append(f"a table {where} ({n} row{'s' if n != 1 else ''}; {', '.join(labels)}): its {column} column "
                        "names people, and a guideline names roles, never people; see the to-do item")


def _byline_todo(meta: Any, source: str, todo: list[dict], left_out: list[str]) -> None:
    """A to-do item and a `left out:` line for the document's author and date: Word's Author and
    Date paragraphs under the title (pandoc reads them as the document's author and date, as it
    reads a Markdown file's front matter and a page's meta tags), which were dropped without a
    word. Their words are not quoted: an author is most often a person's name (“Prepared by …”),
    and a guideline names roles, never people."""
    if not isinstance(meta, dict):
        return
    found = [k for k in ("author", "date") if isinstance(meta.get(k), dict) and _meta_has_words(meta[k])]
    if not found:
        return
    if source == "Word file":
        what = " and ".join(k.capitalize() for k in found) + f" paragraph{'s' if len(found) > 1 else ''} (Word's " \
            + " and ".join(k.capitalize() for k in found) + f" style{'s' if len(found) > 1 else ''})"
    else:
        what = " and ".join(found) + " in its metadata"
    todo.append({"text": f"The {source}'s {what} {'were' if len(found) > 1 or source != 'Word file' else 'was'} "
                         "not imported, and not quoted here: an author is most often a person's name, and a guideline "
                         "names roles, never people. If the original says something the guideline needs (the role that "
                         "owns it: under metadata.owners; a date: the metadata's dates), write it there; then delete "
                         "this item."})
    left_out.append(f"the {source}'s {what}, not quoted (an author is most often a person's name; a guideline names "
                    "roles, never people); see the to-do item")


def _meta_has_words(value: Any) -> bool:
    """A metadata value (MetaString, MetaInlines, MetaBlocks or a MetaList of them) with words in it."""
    if not isinstance(value, dict):
        return False
    if value.get("t") == "MetaList":
        return any(_meta_has_words(v) for v in value.get("c") or [])
    if value.get("t") == "MetaMap":
        return any(_meta_has_words(v) for v in (value.get("c") or {}).values())
    return _meta_text({"v": value}, "v") is not None


_PAGE = re.compile(r"[\s.…·_-]*(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.I)  # a contents line's page (“…… 12”, “iv”)


def _drop_typed_contents(sections: list[_Section], r: "_Reader") -> Optional[str]:
    """Take out a contents list typed as lines (“1. Purpose⇥2”, or a Word table of contents
    whose links were removed): two or more lines in a row that each name one of the document's
    headings, with or without a page number, before the first heading or under a *Contents*
    heading. They were the summary (“Purpose 2 / Scope 2 / …”) or a section of clauses (ux27).
    Returns what to call it (“Table of Contents”, in quotation marks, or a contents list), or None."""
    titles = {_norm_title(s.title) for s in _all_sections(sections)} - {""}

    def entry(c: _Clause) -> bool:
        if c.kind != "directive" or c.marker or "\n" in c.text or len(c.text) > 200:
            return False
        text = strip_number(_clean(_plain(c.text)))
        return _norm_title(text) in titles or _norm_title(strip_number(_PAGE.sub("", text))) in titles

    def drop(box: list[_Clause]) -> bool:
        runs, i, found = [], 0, False
        while i < len(box):
            j = i
            while j < len(box) and entry(box[j]):
                j += 1
            if j - i >= 2:
                runs.append((i, j))
            i = j + 1 if j == i else j
        for i, j in reversed(runs):
            del box[i:j]
            found = True
        return found

    said = None
    heads = [c for c in r.before if not c.marker and _TOC.match(_plain(c.text).strip())]
    if drop(r.before):
        said = f"“{_plain(heads[0].text).strip()}”" if heads else "a contents list"
        r.before = [c for c in r.before if c not in heads]
    for sec in _all_sections(sections):
        if _TOC.match(sec.title) and drop(sec.clauses):
            said = said or f"“{sec.title}”"
    return said


def _drop_navigation(sections: list[_Section]) -> list[str]:
    """Remove sections that held only a table of contents; their titles, for the report."""
    dropped = []
    for sec in list(sections):
        if (sec.navigation or _TOC.match(sec.title)) and not sec.clauses and not sec.children:
            sections.remove(sec)
            dropped.append(f"“{sec.title}”")
        else:
            dropped.extend(_drop_navigation(sec.children))
    return dropped


def _tag_protocols(sections: list[_Section], inherited: Optional[str], recognized: list[str]) -> None:
    for sec in sections:
        own = None
        if inherited is None:
            own = next((p for p, rx in PROTOCOL_TITLES if rx.search(sec.title)), None)
            if own is not None:
                sec.protocol = own
                recognized.append(f"“{sec.title}” as the {own.replace('-', ' ')} protocol")
        _tag_protocols(sec.children, inherited or own, recognized)


# a principle's name before its words: "**Dignity.** Sex workers are…", "Dignity: Sex workers are…",
# "Dignity — Sex workers are…" (at most eight words, no sentence of its own)
_BOLD_LEAD = re.compile(r"^\*\*([^*\n]{1,80}?)\*\*\s*[.:—–-]?\s*(\S.*)$", re.S)
_PLAIN_LEAD = re.compile(r"^([A-Z][^.:;!?—–\n]{0,60}?)\s*(?::|\s—|\s–|\s-)\s+(\S.*)$", re.S)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,2}[.)])\s+")
# words that suggest which LIC key area a principle serves (seeds 000, 001): a guess the
# drafter is asked to check, never a finding
_KEY_AREA_CUES = {
    "culture-mindsets": re.compile(r"dignit|respect|stigma|judg(?:e)?ment|assum|attitude|belief|mindset|"
                                   r"\blanguage|human rights|non-?judg|compassion|prejudice|discriminat|equal|"
                                   r"jugement|préjugé|croyance|droits de la personne|droits humains|égalit|\blangage",
                                   re.I),
    "relationships-collaboration": re.compile(r"partner|collaborat|together|\btrust|relationship|nothing about us|"
                                              r"take part|involv|participat|consult|\bworks? with|working with|"
                                              r"alongside|co-?design|-led\b|partenari|ensemble|confiance|"
                                              r"\btravaill(?:e|ent|er|ons) avec|aux côtés|co-?construction|"
                                              r"dirigée?s? par", re.I),
    "practice": re.compile(r"safety|\bsafe\b|harm reduction|service|outreach|referr|\bhealth|support|\baccess|"
                           r"violence|protect|sécurité|réduction des méfaits|\bsanté|soutien|\baccès|"
                           r"\bproximité|protég", re.I),
    "policy-systems-structures": re.compile(r"polic(?:y|ies)|\blaws?\b|bylaw|system|structur|accountab|evaluat|"
                                            r"governance|decision|fund|monitor|measur|review|report|politique|"
                                            r"\blois?\b|règlement|systèm|responsabilit|évalu|gouvernance|décision|"
                                            r"financ|surveill|mesur|\bexamen|rapport", re.I),
}


UNNAMED_PRINCIPLE = "Principle"  # “Principle 1”: a principle the draft listed without a name


def _named(text: str) -> Optional[tuple[str, str]]:
    """A principle's (name, words) when ``text`` starts with its name, else None."""
    m = _BOLD_LEAD.match(text.strip()) or _PLAIN_LEAD.match(text.strip())
    if not m:
        return None
    name, words = _plain(m.group(1)).strip().rstrip(".:—–- ").strip(), m.group(2).strip()
    if not name or not words or len(name.split()) > 8:
        return None
    if words[0].islower():  # "Dignity: everyone is…" — the words are the principle's text, a sentence
        words = words[0].upper() + words[1:]
    return name, words


def _principles_of(sec: _Section) -> Optional[tuple[list, list]]:
    """The principles a “Principles” section writes — each under a heading of its own, or each
    an item (or paragraph) that starts with its name (“**Dignity.** …”, “Dignity: …”) — as
    ([(name, words)], [lead-in paragraphs]); None when the section is anything else (a list of
    plain sentences: no name to give each, so it stays a section)."""
    if sec.children:
        if any(c.children or not c.clauses for c in sec.children):
            return None
        if any(rx.search(c.title) for c in sec.children for _p, rx in PROTOCOL_TITLES):
            return None  # a protocol's heading under it (a heading lost above it): sections, not principles
        return [(c.title, _joined(c.clauses)) for c in sec.children], [c.text for c in sec.clauses]
    items: list[str] = []
    lead: list[str] = []
    listed = True  # every item came from a list (numbered or bulleted), none from a paragraph
    for c in sec.clauses:
        if c.kind != "directive":
            return None
        if c.marker:
            items.append(c.text)
            continue
        for para in c.text.split("\n\n"):
            lines = para.split("\n")
            if _LIST_ITEM.match(lines[0]):
                for line in lines:
                    if _LIST_ITEM.match(line):
                        items.append(_LIST_ITEM.sub("", line, count=1))
                    elif items:
                        items[-1] += " " + line.strip()
            elif _named(para) is not None and not para.rstrip().endswith(":"):
                items.append(para)
                listed = False
            else:
                lead.append(para)
    named = [_named(t) for t in items]
    if not named or len(lead) > 1:
        return None
    if all(n is None for n in named) and listed and len(items) > 1 and all("\n" not in t for t in items):
        # a numbered (or bulleted) list of plain sentences: the draft's own numbers name them,
        # and the to-do item asks for a short name for each (ux24: they stayed a section, and
        # `check` asked the drafter to write them again as principles)
        return [(f"{UNNAMED_PRINCIPLE} {n}", t.strip()) for n, t in enumerate(items, 1)], lead
    if any(n is None for n in named):
        return None
    return [n for n in named if n is not None], lead


def _key_areas_of(name: str, words: str) -> tuple[list[str], bool]:
    """The key areas a principle's words suggest (its name counts twice), and whether any did;
    none suggested: practice, where most principles of a response guideline are acted on."""
    score = {k: 2 * len(rx.findall(name)) + len(rx.findall(words)) for k, rx in _KEY_AREA_CUES.items()}
    best = max(score.values())
    if not best:
        return ["practice"], False
    return [k for k, v in score.items() if v == best], True


def _principles(found: Optional[tuple], recognized: list[str], todo: list[dict]) -> list[dict]:
    """The guideline's principles from a “Principles” part (``_special_sections``), with a
    `recognized:` line and a to-do item that lists the key areas guessed."""
    from .model.vocab import KEY_AREA_TITLES

    if not found:
        return []
    heading, items, lead = found
    out: list[dict] = []
    used: set[str] = set()
    said: list[str] = []
    unnamed = [name for name, _w in items if re.fullmatch(UNNAMED_PRINCIPLE + r" \d+", name)]
    for name, words in items:
        base = "principle." + ("-".join(slug(name, 200).split("-")[:3])[:28].strip("-") or "principle")
        if name in unnamed:
            base = "principle." + name.split()[-1]
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        areas, cued = _key_areas_of(name, words)
        out.append({"id": pid, "title": name, "text": words, "key_areas": areas})
        said.append(f"{name} ({', '.join(KEY_AREA_TITLES[a].lower() for a in areas)}"
                    f"{'' if cued else ': no word of it suggested one'})")
    n = len(out)
    recognized.append(f"{n} principle{'s' if n != 1 else ''} from the list under “{heading}”, each tagged with the "
                      "LIC key area its words suggest (a guess: see the to-do item)")
    text = (f"The import read the {n} principle{'s' if n != 1 else ''} under “{heading}” as the guideline's "
            f"principles, and tagged each with the LIC key area its words suggest, a guess: "
            f"{'; '.join(said)}. Check each principle's key_areas (culture-mindsets, relationships-collaboration, "
            "practice, policy-systems-structures), then delete this item.")
    if unnamed:
        text = text.replace(", then delete this item.", (
            f"; the document gave them numbers, not names, so they are called {unnamed[0]} to {unnamed[-1]}: give "
            "each a short name (its title:, e.g. “Dignity” or “Safety first”), which the published guideline "
            "shows above its words; then delete this item.") if len(unnamed) > 1 else (
            f"; the document gave it no name, so it is called {unnamed[0]}: give it a short name (its title:); "
            "then delete this item."))
    if lead:
        text += f" The lead-in “{' '.join(lead)}” was left out."
    todo.append({"text": text, "about": "principles"})
    return out


def _priorities(items: list[_Clause], sections: list[dict]) -> list[dict]:
    protocols: dict[str, str] = {}

    def walk(secs: list[dict]) -> None:
        for s in secs:
            if s.get("protocol") and s["protocol"] not in protocols:
                protocols[s["protocol"]] = s["id"]
            walk(s.get("sections") or [])
    walk(sections)
    out = []
    for i, c in enumerate(items, 1):
        refs = [protocols[p] for p, rx in PRIORITY_REFS.items() if p in protocols and rx.search(c.text)]
        out.append({"id": f"priority.{i}", "rank": i, "text": c.text, **({"refs": refs} if refs else {})})
    return out


# a definition as bylaws and council policies write one: “Sex work” means …, "Outreach" refers to …
_MEANS = re.compile(r"^\s*(?:\*\*)?(?:[“\"‘']([^”\"’'\n]{1,80})[”\"’']|«\s*([^»\n]{1,80}?)\s*»)(?:\*\*)?,?\s+"
                    r"(?:means|refers to|includes|is defined as|désigne|signifie|s['’]entend(?: de| d['’]|\s)|"
                    r"est défini(?:e)? comme)\s*(\S.*)$", re.S)


def _means_list(text: str) -> Optional[list[tuple[str, str]]]:
    """The (term, definition) pairs of ``text`` when it is nothing but “Term” means … sentences —
    one, or a list of them, after a short lead-in (“In this policy:”, left out); else None."""
    paras = text.strip().split("\n\n")
    if len(paras) > 1 and paras[0].rstrip().endswith(":") and "\n" not in paras[0] and len(paras[0].split()) <= 8:
        paras = paras[1:]
    items: list[str] = []
    for para in paras:
        lines = para.split("\n")
        if not _LIST_ITEM.match(lines[0]):
            items.append(" ".join(line.strip() for line in lines))
            continue
        for line in lines:
            if _LIST_ITEM.match(line):
                items.append(_LIST_ITEM.sub("", line, count=1))
            elif items:
                items[-1] += " " + line.strip()
    found = [_MEANS.match(t) for t in items]
    if not found or any(m is None for m in found):
        return None
    return [((m.group(1) or m.group(2)).strip(), m.group(3).strip()) for m in found if m is not None]


def _definitions(sec: _Section, pairs: list[tuple[str, str]]) -> tuple[list[dict], list]:
    defs = []
    rest = []
    pair_text = {f"{t}: " + " ".join(d.split("\n\n")): (t, d) for t, d in pairs}
    clauses = list(sec.clauses)
    i = 0
    while i < len(clauses):
        c = clauses[i]
        text = c.text
        i += 1
        means = _means_list(text) if text not in pair_text else None
        if means:  # (ux24: “In this policy:” was the term, the whole list its definition)
            defs.extend({"term": t, "definition": d} for t, d in means)
            continue
        if _LEAD_IN_ONLY.match(text) and i < len(clauses) and _means_list(clauses[i].text):
            continue  # “In this policy:” on its own, the list after it
        if text in pair_text:
            t, d = pair_text[text]
        elif _bold_only(text) and len(text) <= 84 and i < len(clauses) and not _bold_only(clauses[i].text) \
                and not _TERM_SPLIT.match(clauses[i].text):
            t, d = text, clauses[i].text  # a term on its own line, its definition below it
            i += 1
        else:
            m = _TERM_SPLIT.match(text)
            if not m:
                rest.append(c)
                continue
            t, d = m.group(1), m.group(2)
        t = _plain(t).strip().strip(".:")
        d = d.strip()
        if t and d:
            defs.append({"term": t, "definition": d})
        else:
            rest.append(c)
    return defs, rest


# small words a section id leaves out of its heading, and the words a protocol's section is named for
_ID_SMALL = frozenset("""a an the and or of to for from in on at by with into about our their its his her
when where how what who is are be if as responding respond response""".split())
_PROTOCOL_IDS = {"violence-against-sex-workers": "violence", "youth-sexual-exploitation": "youth",
                 "trafficking": "trafficking", "complaints": "complaints", "enforcement-discretion": "discretion"}


def section_id(title: str, protocol: Optional[str] = None) -> str:
    """A short, readable id for a section with this heading, shown beside every clause of the
    published page and the review packet: a protocol's section is named for it ("violence");
    another keeps up to three words of its heading without the small ones ("When a resident
    calls" → "resident-calls"), at most 28 characters where the words allow."""
    if protocol in _PROTOCOL_IDS:
        return _PROTOCOL_IDS[protocol]
    words = [w for w in slug(title, 200).split("-") if w]
    kept = [w for w in words if w not in _ID_SMALL] or words
    out: list[str] = []
    for w in kept[:3]:
        if out and len("-".join([*out, w])) > 28:
            break
        out.append(w)
    return "-".join(out)[:40].strip("-")


def _section_data(sec: _Section, used: set) -> dict:
    base = section_id(sec.title, sec.protocol) or "section"
    sid = base
    n = 2
    while sid in used:
        sid = f"{base}-{n}"
        n += 1
    used.add(sid)
    out: dict = {"id": sid, "title": sec.title}
    if sec.protocol:
        out["protocol"] = sec.protocol
    clauses = []
    for i, c in enumerate(sec.clauses, 1):
        item: dict = {"id": f"{sid}.{i}", "text": c.text}
        if c.kind != "directive":
            item["kind"] = c.kind
        if c.services:
            item["services"] = list(c.services)
        clauses.append(item)
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


_TEMPLATE = re.compile(rb"<template\b[^>]*>(.*?)</template\s*>", re.I | re.S)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*(?:0+(?:\.0*)?|\.0+)%?|"
                           r"font-size\s*:\s*(?:0+(?:\.0*)?|\.0+)(?:px|pt|em|rem|%)?)\s*(?:!\s*important\s*)?(?:;|$)", re.I)
"""An inline style or stylesheet rule that hides an element's words: ``display: none``,
``visibility: hidden``, ``opacity: 0`` or ``font-size: 0`` (not a faint or small one)."""


def _without_templates(raw: bytes) -> tuple[bytes, list[str]]:
    """The HTML without its ``<template>`` elements (markup a page's scripts copy in, never shown
    as it is), and their words."""
    said: list[str] = []

    def cut(m: "re.Match[bytes]") -> bytes:
        words = " ".join(html.unescape(_TAG.sub(b" ", m.group(1)).decode("utf-8", "replace")).split())
        if words:
            said.append(words)
        return b""

    import html

    return _TEMPLATE.sub(cut, raw), said


_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"^\s*(?:[a-z][a-z0-9]*)?\.(-?[_a-z][\w-]*)\s*$", re.I)
# elements whose end tag HTML lets a page leave out: ended by the start of one of these, or by
# the end of the element around them (what a browser does with `<p hidden>note<p>next`)
_ENDED_BY = {
    "p": {"p", "div", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section",
          "article", "aside", "header", "footer", "nav", "form", "hr", "figure", "main", "address", "details"},
    "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"},
    "tr": {"tr"}, "option": {"option"},
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _hidden_classes(text: str) -> set[str]:
    """The classes a page's own stylesheet hides (``.note { display: none }``,
    ``p.draft, .x { visibility: hidden }``): simple class selectors only."""
    out: set[str] = set()
    for block in _STYLE_BLOCK.findall(text):
        for selectors, body in _CSS_RULE.findall(re.sub(r"/\*.*?\*/", "", block, flags=re.S)):
            if _HIDDEN_STYLE.search(body.strip()):
                for sel in selectors.split(","):
                    m = _CLASS_SELECTOR.match(sel)
                    if m:
                        out.add(m.group(1))
    return out


def _without_hidden_tags(raw: bytes) -> tuple[bytes, list[str]]:
    """The HTML without the elements it hides that pandoc would keep as text: a paragraph, a list
    item, a heading, a cell (any element but a ``div`` or ``span``, which pandoc keeps with their
    attributes and ``_without_hidden_elements`` takes out) with ``hidden`` or an inline style of
    ``display: none`` or ``visibility: hidden``, and any element of a class the page's own
    stylesheet hides. Their words, one entry an element. An element whose end tag may be left
    out ends where a browser ends it."""
    import html
    from html.parser import HTMLParser

    text = raw.decode("utf-8", "replace")
    if not re.search(r"hidden|none", text, re.I):
        return raw, []
    classes = _hidden_classes(text)
    starts = [0]
    for m in re.finditer(r"\r\n|\r|\n", text):
        starts.append(m.end())
    cuts: list[tuple[int, int]] = []

    class Finder(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.open: Optional[list] = None  # [tag, start offset, depth of same-named elements inside]

        def at(self) -> int:
            line, col = self.getpos()
            return starts[line - 1] + col if line - 1 < len(starts) else len(text)

        def hides(self, tag: str, attrs: list) -> bool:
            pandoc_keeps = tag in ("div", "span")  # with their attributes: taken out of the AST
            for key, value in attrs:
                key = key.lower()
                if not pandoc_keeps and (key == "hidden" or (key == "style" and value and _HIDDEN_STYLE.search(value))):
                    return True
                if key == "class" and value and classes & set(value.split()):
                    return True
            return False

        def close(self, end: int) -> None:
            assert self.open is not None
            cuts.append((self.open[1], end))
            self.open = None

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if self.open is not None:
                name, _start, depth = self.open
                if tag == name and tag not in _ENDED_BY:
                    self.open[2] = depth + 1
                elif depth == 0 and tag in _ENDED_BY.get(name, ()):
                    self.close(self.at())  # `<p hidden>note<p>next`: the note ends where the next starts
                else:
                    return
            if self.open is None and tag not in _VOID and self.hides(tag, attrs):
                self.open = [tag, self.at(), 0]

        def handle_endtag(self, tag: str) -> None:
            if self.open is None:
                return
            name, _start, depth = self.open
            if tag == name:
                if depth:
                    self.open[2] = depth - 1
                else:
                    here = self.at()
                    close = text.find(">", here)
                    self.close(close + 1 if close >= 0 else len(text))
            elif depth == 0 and name in _ENDED_BY:
                self.close(self.at())  # `<li hidden>note</ul>`: ended by the end of the list around it

    finder = Finder()
    try:
        finder.feed(text)
    except Exception:  # noqa: BLE001 - html.parser reads any text; whatever it cannot, pandoc reads as before
        return raw, []
    if finder.open is not None:
        cuts.append((finder.open[1], len(text)))
    if not cuts:
        return raw, []
    said: list[str] = []
    out, pos = [], 0
    for a, b in cuts:
        if a < pos:
            continue
        out.append(text[pos:a])
        words = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text[a:b])).split())
        if words:
            said.append(words)
        pos = b
    out.append(text[pos:])
    return "".join(out).encode("utf-8"), said


def _hidden_attr(attr: Any) -> bool:
    """Whether a Div's or Span's attributes (from HTML) hide it: ``hidden``, ``aria-hidden``
    is not (screen readers skip it, eyes do not), or an inline style of ``display: none`` or
    ``visibility: hidden``."""
    try:
        pairs = attr[2]
    except (IndexError, TypeError, KeyError):
        return False
    for pair in pairs if isinstance(pairs, list) else ():
        if not (isinstance(pair, list) and len(pair) == 2):
            continue
        key, value = str(pair[0]).lower(), str(pair[1])
        if key == "hidden" or (key == "style" and _HIDDEN_STYLE.search(value)):
            return True
    return False


def _without_struck(ast: Any) -> list[tuple[str, str]]:
    """Take out of ``ast`` (in place) the words struck through with the Font setting (pandoc's
    ``Strikeout``; Track Changes' deletions are Spans): a drafter's or a colleague's redline by
    hand, the replacement typed after it, which the import read as both (“respond to
    prostitution sex work”, ux27). Returns (their words, the heading they were under), one entry
    a struck run. Walked without recursion."""
    said: list[tuple[str, str]] = []
    blocks = ast.get("blocks") if isinstance(ast, dict) else None
    if not isinstance(blocks, list):
        return said
    heading = ""
    for block in blocks:
        if isinstance(block, dict) and block.get("t") == "Header" and isinstance(block.get("c"), list) \
                and len(block["c"]) > 2:
            heading = " ".join(all_words(block["c"][2]).split())
        stack = [block]
        while stack:
            items = stack.pop()
            if isinstance(items, dict):
                if isinstance(items.get("c"), list):
                    stack.append(items["c"])
                continue
            if not isinstance(items, list):
                continue
            kept = []
            for item in items:
                if isinstance(item, dict) and item.get("t") == "Strikeout":
                    words = " ".join(all_words(item.get("c")).split())
                    if words:
                        said.append((words, heading))
                    continue
                kept.append(item)
                if isinstance(item, (dict, list)):
                    stack.append(item)
            if len(kept) != len(items):
                items[:] = kept
    return said


def _without_hidden_elements(ast: Any) -> list[str]:
    """Take out of ``ast`` (in place) the Divs and Spans an HTML page hides (``hidden``,
    ``style="display: none"``); their words, one entry an element. Walked without recursion:
    a page nests as deep as it likes."""
    said: list[str] = []
    stack = [ast.get("blocks")] if isinstance(ast, dict) else []
    while stack:
        items = stack.pop()
        if not isinstance(items, list):
            continue
        kept = []
        for item in items:
            if isinstance(item, dict) and item.get("t") in ("Div", "Span") and isinstance(item.get("c"), list) \
                    and item["c"] and _hidden_attr(item["c"][0]):
                words = " ".join(all_words(item["c"][1:]).split())
                if words:
                    said.append(words)
                continue
            kept.append(item)
            if isinstance(item, dict) and isinstance(item.get("c"), list):
                stack.append(item["c"])
            elif isinstance(item, list):
                stack.append(item)
        if len(kept) != len(items):
            items[:] = kept
    return said


def pandoc_or_input_error(raw: bytes, file: str, *, from_: str, args: list[str]) -> bytes:
    """pandoc's JSON of a document from outside; pandoc failing on it names the file and says
    what to do (it said "pandoc failed converting docx to json: couldn't parse docx file")."""
    from .publish.pandoc import PandocError
    from .review.packet import run_pandoc

    try:
        return run_pandoc(raw, from_=from_, to="json", args=args)
    except PandocError as exc:
        timed_out = re.match(r"pandoc timed out after (\S+) s", exc.message)
        if timed_out:  # pandoc's Markdown reader backtracks on long runs of unclosed brackets
            what = ("long runs of unclosed brackets ([ or <) or backticks make pandoc's Markdown reader slow: "
                    "close or remove them, or split the document") if from_.startswith("markdown") else \
                "split the document, or save it again from the word processor"
            raise InputError(f"pandoc did not finish reading it within {timed_out.group(1)} s", file=file,
                             hint=what) from None
        head = f"pandoc failed converting {from_} to json: "
        if not exc.message.startswith(head):  # not started: not about the file
            raise
        raise InputError(f"cannot be read: {exc.message[len(head):]}", file=file,
                         hint="open it in the word processor and save it again, as .docx, .odt, .md or .html"
                         ) from None


# --------------------------------------------------------------------------- comments and tracked changes


@dataclass
class DocumentNotes:
    """What a word processor's file carries beside its text: comments (the words they were made
    on, what they say; never who made them) and the tracked changes the import accepted."""
    source: str = "document"  # "Word file" or "document", for the report's sentences
    comments: list = field(default_factory=list)  # (quote, body)
    changes: list = field(default_factory=list)  # "“old” → “new”", "inserted “…”", "deleted “…”"
    boxes: list = field(default_factory=list)  # the words of each text box (a Word file's)
    hidden: dict = field(default_factory=dict)  # Word field → how many shown values were left out (wordscrub)
    margins: list = field(default_factory=list)  # ("header" or "footer", its words), not imported
    elsewhere: list = field(default_factory=list)  # text Word shows from another file (altChunk, subDoc)
    vanished: list = field(default_factory=list)  # Word's hidden text, a paragraph's each, not imported
    endnotes: set = field(default_factory=set)  # the words of each endnote (pandoc reads them as footnotes)
    struck: list = field(default_factory=list)  # (words struck through by hand, the heading they were under)

    def comment_line(self, quote: str, body: str, *, which: bool = True) -> str:
        what = "a Word comment" if which and self.source == "Word file" else "a comment"
        on = f" on “{_short(quote, 60)}”" if quote.strip() else ""
        return f"{what}{on}: “{_short(body, 200)}”"

    def changes_line(self) -> str:
        n = len(self.changes)
        return f"{n} tracked change{'s' if n != 1 else ''}"


def _unplaced_advice(what: str) -> str:
    """What to do about something the import could not place: a guideline holds text, with no
    pictures or footnotes, so "add it where it belongs" would send the drafter looking for a
    place that does not exist."""
    if what.startswith("an image"):
        return ("Guidelines hold text only: if readers need what it shows, write what it shows in words where it "
                "belongs; then delete this item.")
    if what.startswith("an endnote"):
        return ("Guidelines have no endnotes: write it into the text where it belongs, or, if it names a source "
                "for a clause, under that clause's citation: (source:, section:, url:); then delete this item.")
    if what.startswith("a footnote"):
        return ("Guidelines have no footnotes: write it into the text where it belongs, or, if it names a source "
                "for a clause, under that clause's citation: (source:, section:, url:); then delete this item.")
    if what.startswith("a table") and " became clauses" in what:  # placed already: "add it" sent drafters looking
        return "Check the clauses made from its rows against the table, then delete this item."
    return "Add it where it belongs, or delete this item."


def _comparable(text: str) -> str:
    """Words only, lower case: to find a text box's words in the imported text."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _stop(text: str) -> str:
    return "" if text.endswith((".", ".”", "!”", "?”")) else "."


def _change_text(old: str, new: str) -> Optional[str]:
    old, new = " ".join(old.split()), " ".join(new.split())
    if old and new:
        return f"“{_short(old, 60)}” → “{_short(new, 60)}”"
    if new:
        return f"inserted “{_short(new, 60)}”"
    if old:
        return f"deleted “{_short(old, 60)}”"
    return None


def _moves(changes: list[str]) -> list[str]:
    """The change lines with each pair of the same words inserted in one place and deleted in
    another (Word's move tracking, or a cut and paste with Track Changes on) made one line,
    ``moved “…”``, where the first of the two was: "inserted “X”; deleted “X”" read as if the
    words had been added and taken away."""
    out = list(changes)
    for i, line in enumerate(out):
        if line.startswith("inserted “"):
            twin = "deleted “" + line[len("inserted “"):]
        elif line.startswith("deleted “"):
            twin = "inserted “" + line[len("deleted “"):]
        else:
            continue
        if twin in out[i + 1:]:
            out[out.index(twin, i + 1)] = ""
            out[i] = "moved “" + line.split("“", 1)[1]
    return [line for line in out if line]


_DOCX_MARKUP = re.compile(rb"<w:(ins|del|moveFrom|moveTo)\b")
_TEXT_BOX = re.compile(rb"<w:txbxContent\b[^>]*>(.*?)</w:txbxContent>", re.DOTALL)
_TEXT_RUN = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|</w:p>")


def _text_boxes(document_xml: bytes) -> list[str]:
    """The words of each text box in a Word body, once each (Word writes a box twice: as a
    shape and as its older VML fallback)."""
    import html

    out: list[str] = []
    for m in _TEXT_BOX.finditer(document_xml):
        parts = [html.unescape(t.group(1).decode("utf-8", "replace")) if t.group(1) is not None else " "
                 for t in _TEXT_RUN.finditer(m.group(1))]
        words = " ".join("".join(parts).split())
        if words and words not in out:
            out.append(words)
    return out


_SINGLE_QUOTED = re.compile(rb"=\s*'|\s=|=\s")
_ATTRIBUTE = re.compile(rb"""(\s[^\s=/>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ANY_TAG = re.compile(rb"<[^>]*>")


def double_quoted(xml: bytes) -> bytes:
    """``xml`` with each tag's attributes written ``name="value"``: XML takes single quotes
    and spaces around '=' too (``w:author='Reviewer A'``), which programs other than Word
    write, and the patterns that read a Word file's attributes (a comment's thread id in its
    initials, who made a tracked change in a text box, a relationship's target, the packet's
    mark) read the double-quoted form only: a packet saved that way was taken for a
    reviewer's document, its 66 comments for theirs. Text between tags is left as it is."""
    if not _SINGLE_QUOTED.search(xml):
        return xml

    def attr(m: re.Match) -> bytes:
        value = m.group(2) if m.group(2) is not None else m.group(3).replace(b'"', b"&quot;")
        return m.group(1) + b'="' + value + b'"'

    return _ANY_TAG.sub(lambda t: _ATTRIBUTE.sub(attr, t.group()) if b"=" in t.group() else t.group(), xml)


_INSERTED = re.compile(rb'<w:(altChunk|subDoc)\b[^>]*?\br:id="([^"]+)"')
_REL_BY_ID = re.compile(rb'<Relationship\b[^>]*>')
MAX_INSERTED_PART = 1_000_000


def _inserted_files(z, body: bytes) -> list[str]:
    """What the report says of each file whose text Word shows in the body but pandoc never
    reads: a chunk of another document kept inside the file (``w:altChunk``: text pasted as
    HTML, RTF or another Word file, or inserted by a program that builds documents) and a
    subdocument of a master document (``w:subDoc``, a file elsewhere). Their words were lost
    without a word; now each is named, with its first words where it is HTML or plain text."""
    import html

    try:
        rels = double_quoted(z.read("word/_rels/document.xml.rels"))
    except KeyError:
        rels = b""
    body = double_quoted(body)
    targets: dict[bytes, tuple[bytes, bool]] = {}
    for m in _REL_BY_ID.finditer(rels):
        tag = m.group()
        rid = re.search(rb'\bId="([^"]+)"', tag)
        target = re.search(rb'\bTarget="([^"]+)"', tag)
        if rid and target:
            targets[rid.group(1)] = (target.group(1), b'TargetMode="External"' in tag)
    out: list[str] = []
    for m in _INSERTED.finditer(body):
        kind = m.group(1).decode()
        target, external = targets.get(m.group(2), (b"", False))
        name = target.decode("utf-8", "replace")
        words = ""
        if not external and name:
            part = name.lstrip("/") if name.startswith("/") else "word/" + name
            try:
                info = z.getinfo(part)
                if info.file_size <= MAX_INSERTED_PART and part.lower().endswith((".htm", ".html", ".xhtml", ".txt",
                                                                                   ".xml", ".mht", ".mhtml")):
                    data = z.read(info).decode("utf-8", "replace")
                    data = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>|<!--.*?-->", " ", data)
                    data = re.sub(r"(?i)</?(?:p|div|br|li|tr|td|th|h[1-6]|table|ul|ol|blockquote)\b[^>]*>", " ", data)
                    words = " ".join(html.unescape(re.sub(r"<[^>]*>", "", data)).split())
            except KeyError:
                pass
        shown = _short(words, 80) if words else ""
        base = name.rsplit("/", 1)[-1] or "a file"
        if kind == "subDoc":
            line = f"a subdocument ({_short(base, 60)}, a file of its own that a master document shows)"
        else:
            line = (f"text inserted from another document ({_short(base, 60)}"
                    + (f": “{shown}”" if shown else "") + ") that the import cannot read")
        if line not in out:
            out.append(line)
    return out


_MARGIN_REL = re.compile(rb'<Relationship\b[^>]*?\bType="[^"]*/(header|footer)"[^>]*?\bTarget="([^"]+)"')
_MARGIN_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bType="[^"]*/(header|footer)"')
_PAGE_WORDS = frozenset({"page", "pages", "of", "pg", "p", "sheet"})
MAX_MARGIN_PART = 1_000_000


# a page-number field's shown value in a header or footer (Word's and LibreOffice's PAGE,
# NUMPAGES, SECTIONPAGES): from its instruction to its end, or a simple field
_PAGE_FIELD = re.compile(rb'<w:instrText\b[^>]*>\s*(?:PAGE|NUMPAGES|SECTIONPAGES)\b.*?w:fldCharType="end"'
                         rb'|<w:fldSimple\b[^>]*w:instr="\s*(?:PAGE|NUMPAGES|SECTIONPAGES)\b[^>]*?(?:/>|>.*?</w:fldSimple>)',
                         re.S)
# a page-number field, with the words that lead to it ("… working draft – page 2", "Page 1 of 4"),
# once the field's value is PAGE_MARK
PAGE_MARK = "\ue000"
_PAGE_WORDS_RE = re.compile(r"\s*[–—|·,:-]?\s*(?:\b(?:page|p\.|pg\.?)\s*)?\ue000(?:\s*(?:of|/)\s*\ue000)?", re.I)


def _without_page_numbers(words: str) -> str:
    """A header's or footer's words without its page-number fields and the words that lead to
    them: “Outreach guideline – working draft – page 2” said the page Word or LibreOffice last
    showed, no page of the guideline (ux23)."""
    if PAGE_MARK not in words:
        return words
    return " ".join(_PAGE_WORDS_RE.sub("", words).replace(PAGE_MARK, "").split())


def _margins(z) -> list[tuple[str, str]]:
    """The words of a Word file's headers and footers (pandoc reads neither), once each; those
    holding only page numbers ('Page 3 of 12') are not worth a word."""
    try:
        rels = double_quoted(z.read("word/_rels/document.xml.rels"))
    except KeyError:
        return []
    targets = [(m.group(1).decode(), m.group(2)) for m in _MARGIN_REL.finditer(rels)]
    targets += [(m.group(2).decode(), m.group(1)) for m in _MARGIN_REL_REVERSED.finditer(rels)]
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for kind, target in targets:
        name = target.decode("utf-8", "replace").lstrip("/")
        name = name if name.startswith("word/") else "word/" + name
        try:
            info = z.getinfo(name)
        except KeyError:
            continue
        if info.file_size > MAX_MARGIN_PART:
            continue
        import html

        parts = [html.unescape(t.group(1).decode("utf-8", "replace")) if t.group(1) is not None else " "
                 for t in _TEXT_RUN.finditer(_PAGE_FIELD.sub(f"<w:t>{PAGE_MARK}</w:t>".encode(), z.read(info)))]
        words = " ".join("".join(parts).split())
        words = _without_page_numbers(words)
        tokens = re.findall(r"\w+", words.lower())
        if not words or all(t.isdigit() or t in _PAGE_WORDS for t in tokens) or (kind, words) in seen:
            continue
        seen.add((kind, words))
        out.append((kind, words))
    return out


def outside_parts(z, body: bytes, limit: int = MAX_MARGIN_PART * 5) -> list[tuple[str, bytes]]:
    """(where, its XML) of each text box of a Word body and each header and footer part:
    what pandoc never reads (``review.docx_import.changes_outside`` looks in them for a
    reviewer's tracked changes and comments)."""
    out: list[tuple[str, bytes]] = [("a text box", m.group(1)) for m in _TEXT_BOX.finditer(body)]
    try:
        rels = double_quoted(z.read("word/_rels/document.xml.rels"))
    except KeyError:
        return out
    targets = [(m.group(1).decode(), m.group(2)) for m in _MARGIN_REL.finditer(rels)]
    targets += [(m.group(2).decode(), m.group(1)) for m in _MARGIN_REL_REVERSED.finditer(rels)]
    for kind, target in targets:
        name = target.decode("utf-8", "replace").lstrip("/")
        try:
            info = z.getinfo(name if name.startswith("word/") else "word/" + name)
        except KeyError:
            continue
        if info.file_size <= limit:
            out.append((f"the page {kind}", z.read(info)))
    return out


def xml_words(xml: bytes) -> str:
    """The words of a piece of WordprocessingML (its ``w:t`` runs; a paragraph's end a space)."""
    import html

    parts = [html.unescape(t.group(1).decode("utf-8", "replace")) if t.group(1) is not None else " "
             for t in _TEXT_RUN.finditer(xml)]
    return " ".join("".join(parts).split())


_ODT_MARGIN = re.compile(rb"<style:((header|footer)(?:-left|-first)?)(?=[\s/>])[^>]*?(?:/>|>(.*?)</style:\1>)", re.S)
# OpenDocument's fields that show a person: the author, initials, the file's creators, the
# sender's details, user fields, a mail merge's column, a file name (a path with a login)
_ODT_PERSON_FIELD = re.compile(rb"<text:(author-name|author-initials|creator|initial-creator|sender-[a-z-]+|"
                               rb"user-defined|database-display|file-name|template-name)\b[^>]*?(?:/>|>.*?</text:\1>)",
                               re.S)
# a page-number field's shown value (“page <text:page-number>2</text:page-number>”)
_ODT_PAGE_FIELD = re.compile(rb"<text:(page-number|page-count)\b[^>]*?(?:/>|>.*?</text:\1>)", re.S)
_ODT_SPACE = re.compile(rb"<text:(?:s|tab|line-break)\b[^>]*/>|</text:(?:p|h)>")
_TAG = re.compile(rb"<[^>]*>")


def _odt_margins(raw: bytes) -> list[tuple[str, str]]:
    """The words of an .odt's headers and footers (its master pages, in styles.xml; pandoc
    reads neither), once each, with no person field's value; those holding only page numbers
    are not worth a word."""
    import html
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            info = z.getinfo("styles.xml")
            if info.file_size > MAX_MARGIN_PART * 10:
                return []
            styles = z.read(info)
    except (KeyError, zipfile.BadZipFile, OSError):
        return []
    out: list[tuple[str, str]] = []
    for m in _ODT_MARGIN.finditer(styles):
        inner = _ODT_PAGE_FIELD.sub(PAGE_MARK.encode(), _ODT_PERSON_FIELD.sub(b"", m.group(3) or b""))
        words = " ".join(html.unescape(_TAG.sub(b"", _ODT_SPACE.sub(b" ", inner)).decode("utf-8", "replace"))
                         .split())
        words = _without_page_numbers(words)
        tokens = re.findall(r"\w+", words.lower())
        kind = m.group(2).decode()
        if not words or all(t.isdigit() or t in _PAGE_WORDS for t in tokens) or (kind, words) in out:
            continue
        out.append((kind, words))
    return out


def _endnote_texts(z, names: set) -> set:
    """The words of each endnote of a Word file (pandoc reads endnotes as footnotes, and the
    import called the Youth section's endnote “a footnote”: the drafter looked for it at the
    foot of the page)."""
    import xml.etree.ElementTree as ET

    if "word/endnotes.xml" not in names:
        return set()
    try:
        root = ET.fromstring(z.read("word/endnotes.xml"))
    except ET.ParseError:
        return set()
    out = set()
    for note in root.iter(f"{_W}endnote"):
        if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        words = " ".join("".join(t.text or "" for t in note.iter(f"{_W}t")).split())
        if words:
            out.add(words)
    return out


def _docx_notes(raw: bytes, file: str, args: list[str]) -> DocumentNotes:
    """A Word file's comments and tracked changes, read by pandoc with ``--track-changes=all``
    (the same reader `review import` uses); read only when the file has some."""
    import io
    import zipfile

    notes = DocumentNotes("Word file")
    with zipfile.ZipFile(io.BytesIO(raw)) as z:  # checked by check_zip already
        names = set(z.namelist())
        has_comments = "word/comments.xml" in names and re.search(rb"<w:comment\s", z.read("word/comments.xml"))
        body = z.read("word/document.xml")
        has_changes = bool(_DOCX_MARKUP.search(body))
        notes.margins = _margins(z)
        notes.endnotes = _endnote_texts(z, names)
    notes.boxes = _text_boxes(body)
    if b"altChunk" in body or b"subDoc" in body:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            notes.elsewhere = _inserted_files(z, body)
    if not (has_comments or has_changes):
        return notes
    from .review.docx_import import paragraphs

    out = pandoc_or_input_error(raw, file, from_="docx", args=["--track-changes=all", *args])
    try:
        ast = json.loads(out)
    except RecursionError:
        raise InputError(NESTED_TOO_DEEPLY, file=file, hint=NESTED_HINT) from None
    for para in paragraphs(ast):
        for c in para.comments:
            if c.body.strip():
                notes.comments.append((para.text[c.start:c.end], c.body))
        for ch in para.changes:
            line = _change_text(para.text[ch.start:ch.end], ch.inserted)
            if line:
                notes.changes.append(line)
    notes.changes = _moves(notes.changes)
    return notes


_ODF = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0"}


def _odf(ns: str, tag: str) -> str:
    return f"{{{_ODF[ns]}}}{tag}"


def _odt_content(raw: bytes):
    """content.xml of an .odt as an element tree (check_zip refused a DOCTYPE and bombs)."""
    import io
    import zipfile
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return ET.fromstring(z.read("content.xml"))


ODT_MAX_LIST_DEPTH = 10  # LibreOffice's lists have ten levels; Word's nine
ODT_MAX_SPACES = 200_000  # runs of spaces a document may ask for in all (pandoc: about 300 bytes each)


def _refuse_odt_blowups(root, file: str) -> None:
    """Refuse, before pandoc reads it, an .odt that a few hundred bytes make pandoc's reader
    spend gigabytes on: lists nested past the ten levels a word processor makes (pandoc's time
    and memory double with each level: 16 levels took 370 MB, 20 'pandoc: Heap exhausted'
    after 35 s and 2.1 GB), and spaces written as one ``<text:s text:c="2000000000"/>`` (9 s,
    2.1 GB, then the same). Both were answered 'open it in the word processor and save it
    again', which a crafted file does not deserve and a real one never needs."""
    lists = {_odf("text", "list")}
    space, count = _odf("text", "s"), _odf("text", "c")
    spaces = 0
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if el.tag in lists:
            depth += 1
            if depth > ODT_MAX_LIST_DEPTH:
                raise InputError(f"lists nested more than {ODT_MAX_LIST_DEPTH} levels deep (a word processor makes at "
                                 f"most {ODT_MAX_LIST_DEPTH})", file=file, hint=NESTED_HINT)
        elif el.tag == space:
            n = el.get(count, "1").strip()
            if n.isdigit():  # pandoc reads a count that is not a number ('abc', '-5') as one space
                spaces += int(n) if len(n) < 12 else ODT_MAX_SPACES + 1
            else:
                spaces += 1
            if spaces > ODT_MAX_SPACES:
                shown = n if len(n) <= 24 else n[:23] + "\u2026"
                raise InputError(f"the document asks for more than {ODT_MAX_SPACES:,} spaces in all (text:s elements; "
                                 f"one asks for text:c=\"{shown}\")", file=file,
                                 hint="a word processor never writes this many; the file was made by hand or by "
                                      "another program: open it in a word processor, remove the long runs of "
                                      "spaces, and save it again")
        stack.extend((child, depth) for child in el)


def _odt_paragraph(p) -> tuple[str, list, dict]:
    """(the paragraph's text as shown, annotation events, change events) — office:annotation
    and text:tracked-changes content is not the paragraph's text."""
    from .privacy import without_own_name

    text: list[str] = []
    comments: list = []  # [name, body, start, end]
    changes: dict = {}  # change id → [start, end]
    pos = 0

    def add(t: Optional[str]) -> None:
        nonlocal pos
        if t:
            text.append(t)
            pos += len(t)

    def walk(el) -> None:
        add(el.text)
        for child in el:
            tag = child.tag
            if tag == _odf("office", "annotation"):
                # its author (dc:creator) is never kept, nor their name where the comment is
                # signed with it ("… – Priya")
                creator = child.find("{http://purl.org/dc/elements/1.1/}creator")
                comments.append([child.get(_odf("office", "name")),
                                 without_own_name(_annotation_text(child),
                                                  creator.text if creator is not None else None), pos, -1])
            elif tag == _odf("office", "annotation-end"):
                for c in comments:
                    if c[0] == child.get(_odf("office", "name")) and c[3] < 0:
                        c[3] = pos
            elif tag in (_odf("text", "change"), _odf("text", "change-start")):
                changes[child.get(_odf("text", "change-id"))] = [pos, pos]
            elif tag == _odf("text", "change-end"):
                changes.setdefault(child.get(_odf("text", "change-id")), [pos, pos])[1] = pos
            elif tag == _odf("text", "tracked-changes"):
                pass
            elif tag == _odf("text", "s"):
                count = child.get(_odf("text", "c")) or "1"
                add(" " * (min(int(count), 100) if count.isdigit() and int(count) > 0 else 1))  # collapsed later
            elif tag in (_odf("text", "tab"), _odf("text", "line-break")):
                add(" ")
            else:
                walk(child)
            add(child.tail)
    walk(p)
    return "".join(text), comments, changes


def _annotation_text(annotation) -> str:
    """The words of an office:annotation: its own paragraphs, not its author (dc:creator) or
    date, and not the words of an annotation inside it (which no word processor writes: one
    nested 2,000 deep held every inner one's words again, 14.5 GB)."""
    paragraphs: list[str] = []

    def own(el, out: list[str]) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            if child.tag != _odf("office", "annotation"):
                own(child, out)
            if child.tail:
                out.append(child.tail)

    def find(el) -> None:
        for child in el:
            if child.tag == _odf("text", "p"):
                words: list[str] = []
                own(child, words)
                paragraphs.append("".join(words))
            elif child.tag != _odf("office", "annotation"):
                find(child)

    find(annotation)
    return " ".join(paragraphs)


def _odt_notes(root) -> DocumentNotes:
    """An .odt's comments (office:annotation) and tracked changes (text:changed-region), which
    pandoc's reader leaves out (changes accepted)."""
    notes = DocumentNotes("document")
    if root is None:
        return notes
    regions: dict = {}
    for region in root.iter(_odf("text", "changed-region")):
        rid = region.get(_odf("text", "id")) or region.get("{http://www.w3.org/XML/1998/namespace}id")
        for kind in ("insertion", "deletion"):
            el = region.find(_odf("text", kind))
            if el is not None:
                old = " ".join("".join(x.itertext()) for x in el.iter(_odf("text", "p"))) if kind == "deletion" else ""
                regions[rid] = (kind, old)
    body = root.find(f"{_odf('office', 'body')}/{_odf('office', 'text')}")
    if body is None:
        return notes
    tracked = {id(x) for region in body.iter(_odf("text", "tracked-changes")) for x in region.iter()}
    # a comment's own paragraphs are not the document's (read with the comment, once)
    for note in body.iter(_odf("office", "annotation")):
        if id(note) not in tracked:  # an inner one was marked with the outer: each element once
            tracked.update(id(x) for x in note.iter())
    for p in body.iter():
        if p.tag not in (_odf("text", "p"), _odf("text", "h")) or id(p) in tracked:
            continue
        text, comments, changes = _odt_paragraph(p)
        for _name, words, start, end in comments:
            if words.strip():
                notes.comments.append((text[start:end] if end >= 0 else "", words))
        at: dict = {}  # position → the words deleted there (a replacement is a deletion, then an insertion)
        for cid, (start, end) in sorted(changes.items(), key=lambda kv: kv[1][0]):
            kind, old = regions.get(cid, ("", ""))
            if kind == "deletion":
                at[start] = old
            elif kind == "insertion":
                line = _change_text(at.pop(start, ""), text[start:end])
                if line:
                    notes.changes.append(line)
        for old in at.values():
            line = _change_text(old, "")
            if line:
                notes.changes.append(line)
        notes.changes = _moves(notes.changes)
    return notes


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_title(ast: dict, raw: bytes, notes: Optional["DocumentNotes"] = None) -> None:
    """Word's Title and Subtitle paragraphs before the first heading as the document's title and
    subtitle when pandoc did not take them: it takes them only from the very start of the
    document, and a council template's letterhead table above the Title made the guideline
    “Purpose”, its title the purpose's first line (ux16)."""
    import io
    import xml.etree.ElementTree as ET
    import zipfile

    meta = ast.setdefault("meta", {})
    if "title" in meta:
        return
    with zipfile.ZipFile(io.BytesIO(raw)) as z:  # checked by check_zip already
        names = set(z.namelist())
        if b"Title" not in z.read("word/document.xml"):
            return
        try:
            body = ET.fromstring(z.read("word/document.xml")).find(f"{_W}body")
            styles = ET.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in names else None
        except ET.ParseError:
            return  # pandoc says what is wrong with the file
    # a style's id as the document names it → its built-in name ("Title" in every language's Word)
    kind: dict = {"Title": "Title", "Subtitle": "Subtitle"}
    for st in styles.iter(f"{_W}style") if styles is not None else ():
        name = st.find(f"{_W}name")
        sid = st.get(f"{_W}styleId")
        if name is not None and sid:
            kind[sid] = {"title": "Title", "subtitle": "Subtitle"}.get((name.get(f"{_W}val") or "").lower(), "")
            if (name.get(f"{_W}val") or "").lower().startswith("heading"):
                kind[sid] = "heading"
    found: dict = {}
    letterhead: list = []  # the words of each table above the Title, when nothing else is
    only_tables = True
    for p in body if body is not None else ():
        if p.tag == f"{_W}tbl" and not found and only_tables:
            rows = [[" ".join("".join(t.text or "" for t in c.iter(f"{_W}t")).split()) for c in tr.iter(f"{_W}tc")]
                    for tr in p.iter(f"{_W}tr")]
            labels = [_control_label(row[0]) if len(row) == 2 else None for row in rows]
            if len(rows) >= 2 and sum(1 for x in labels if x) >= max(2, (len(rows) + 1) // 2):
                # a document-control table (number, version, owner, dates) above the Title, as
                # health authorities open a protocol: read as one, not left out as a letterhead
                # whose owner the import then said was not in the document (ux21)
                letterhead.append(None)
                continue
            letterhead.append(" ".join(" ".join("".join(t.text or "" for t in q.iter(f"{_W}t"))
                                                for q in p.iter(f"{_W}p")).split()))
            continue
        if p.tag != f"{_W}p":
            continue
        style = p.find(f"{_W}pPr/{_W}pStyle")
        k = kind.get(style.get(f"{_W}val") if style is not None else "", "")
        if k == "heading" or (style is not None and (style.get(f"{_W}val") or "").lower().startswith("heading")):
            break  # only what stands before the first heading
        text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")).split())
        if k in ("Title", "Subtitle") and k not in found:
            if text:
                found[k] = text
        elif text and not found:
            only_tables = False
    if "Title" in found:
        _set_title(ast, found)
        # a letterhead table above the title (the crest, the city, the department) is the page's
        # head, not the summary: left out, as a header is, and said so
        blocks = ast.get("blocks") or []
        n = len(letterhead)
        if notes is not None and n and only_tables and all(b.get("t") == "Table" for b in blocks[:n]):
            for i in reversed(range(n)):
                if letterhead[i] is not None:
                    del blocks[i]
            notes.margins.extend(("letterhead", w) for w in letterhead if w)


def _set_title(ast: dict, found: dict) -> None:
    """``found``'s Title and Subtitle as the document's title and subtitle, their paragraphs
    taken out of the text."""
    meta = ast.setdefault("meta", {})
    blocks = ast.get("blocks") or []
    for style, key in (("Title", "title"), ("Subtitle", "subtitle")):
        text = found.get(style)
        if not text or key in meta:
            continue
        meta[key] = {"t": "MetaString", "c": text}
        for i, b in enumerate(blocks):
            if b.get("t") in ("Para", "Plain") and " ".join(_inline_text(b["c"], markup=False).split()) == text:
                del blocks[i]
                break


def _odt_title(ast: dict, root) -> None:
    """An .odt's first Title and Subtitle paragraphs (LibreOffice's styles, or Word's saved as
    .odt) as the document's title and subtitle, as pandoc's docx reader gives Word's; pandoc's
    odt reader keeps them as paragraphs (which are taken out)."""
    meta = ast.setdefault("meta", {})
    if root is None or "title" in meta:
        return
    parent = {}
    for st in root.iter(_odf("style", "style")):
        parent[st.get(_odf("style", "name"))] = st.get(_odf("style", "parent-style-name"))
    found: dict = {}
    body = root.find(f"{_odf('office', 'body')}/{_odf('office', 'text')}")
    for p in body if body is not None else ():
        if p.tag == _odf("text", "h") and found:
            break  # only the paragraphs before the first heading
        if p.tag != _odf("text", "p"):
            continue
        style = p.get(_odf("text", "style-name"))
        style = style if style in ("Title", "Subtitle") else parent.get(style)
        if style in ("Title", "Subtitle") and style not in found:
            text = " ".join(_odt_paragraph(p)[0].split())
            if text:
                found[style] = text
    _set_title(ast, found)


# what to do with a file of a word processor the import does not read: save it as .docx first
_SAVE_AS = ("open it in Word or LibreOffice and save it as .docx with Save As, or run `soffice --headless "
            "--convert-to docx FILE`, then import the .docx")
_CONVERT_HINTS = {".doc": _SAVE_AS, ".rtf": _SAVE_AS, ".wpd": _SAVE_AS, ".pages": _SAVE_AS, ".dotx": _SAVE_AS,
                  ".docm": _SAVE_AS, ".dot": _SAVE_AS, ".ott": _SAVE_AS, ".fodt": _SAVE_AS, ".xml": _SAVE_AS,
                  ".pdf": "a PDF keeps no headings or lists to import: import the document it was made from "
                          "(.docx or .odt), or copy its text into Word and save that as .docx"}


def read_document(path: str | os.PathLike) -> dict:
    """pandoc's JSON AST of a .docx, .odt, .md or .html file."""
    return read_document_notes(path)[0]


# what a document really is, by its first bytes (and a zip by the part it holds), and the name
# it would have: a file renamed by hand, or saved by a program that named it as it liked
_REAL_KINDS = ((b"{\\rtf", "a rich-text document (RTF)", None), (b"%PDF-", "a PDF", None),
               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 document (.doc) or another Office file", None))


def _real_kind(raw: bytes, fmt: str) -> Optional[tuple[str, Optional[str]]]:
    """(what the file is, the suffix to import it under or None) when ``raw`` is plainly not a
    ``fmt`` file, else None."""
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") and "EncryptedPackage".encode("utf-16-le") in raw:
        return "a password-protected Word or OpenDocument file", None
    for magic, kind, suffix in _REAL_KINDS:
        if raw.startswith(magic):
            return kind, suffix
    if raw.startswith(b"PK\x03\x04"):
        if fmt in ("docx", "odt"):
            import io
            import zipfile

            try:
                with zipfile.ZipFile(io.BytesIO(raw)) as z:
                    names = set(z.namelist())
            except (zipfile.BadZipFile, ValueError, OSError):
                return None
            if fmt == "odt" and "word/document.xml" in names:
                return "a Word document", ".docx"
            if fmt == "docx" and "content.xml" in names and "mimetype" in names:
                return "an OpenDocument file", ".odt"
            return None
        return "a zip archive (a Word or OpenDocument file?)", None
    if fmt in ("docx", "odt"):
        head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:1024]:
            return "an HTML page (a word processor's 'Save as Web Page')", ".html"
        if b"\x00" not in head and head[:1] in (b"#",):
            return "a Markdown text", ".md"
    return None


def _refuse_mislabeled(raw: bytes, p: Path, fmt: str) -> None:
    """A document whose name says one format and whose bytes another (an HTML page or an RTF
    file named .docx, a Word file named .odt, an .odt named .md): the error was about the format
    its name says ('not a zip archive', 'content.xml is missing inside', 'binary file (NUL
    byte)') with the advice to save it again, not what it is and how to import it."""
    found = _real_kind(raw, fmt)
    if found is None:
        return
    kind, suffix = found
    if suffix is not None:
        hint = f"rename it to {p.stem}{suffix} and import that"
    elif kind.startswith("a password"):
        hint = "open it in the word processor, remove the password (Word: File > Info > Protect Document), save it, " \
               "and import it again"
    elif kind.startswith("a zip"):
        hint = "give it the name its program gave it (.docx from Word, .odt from LibreOffice) and import that"
    else:
        hint = "open it in Word or LibreOffice, save it as .docx, and import the .docx"
    said = f"the file is {kind}" + ("" if kind.startswith("a password") else f", not the {p.suffix.lower()} its name says")
    raise InputError(said, file=str(p), hint=hint)


def _refuse_review_packet(z: Any, p: Path) -> None:
    """A review packet (`lic-policy review packet`, as a reviewer sent it back) given to
    `import`: it was read as a new guideline, the packet's own headings as sections, the
    reviewers' comments as to-do items and their tracked changes accepted. Its comments and
    changes belong in the review file (`review import`)."""
    from .review.packet import AUTOMATED_AUTHOR, PACKET_MARK

    def part(name: str) -> str:
        try:
            return double_quoted(z.read(name)[:1 << 20]).decode("utf-8", "replace") if name in z.namelist() else ""
        except Exception:  # noqa: BLE001 - a part that cannot be read: pandoc says what is wrong
            return ""
    import html as _html

    if f'name="{PACKET_MARK}"' in part("docProps/custom.xml") or \
            f'w:author="{_html.escape(AUTOMATED_AUTHOR)}"' in part("word/comments.xml"):
        from .errors import shell_word

        raise InputError("this is a review packet made by `lic-policy review packet`, not a guideline document",
                         file=str(p),
                         hint=f"read the reviewers' comments and tracked changes into the review file with "
                              f"`lic-policy review import {shell_word(p)} NAME.yaml` (the guideline it was made "
                              "from)")


def read_document_notes(path: str | os.PathLike) -> tuple[dict, "DocumentNotes"]:
    """pandoc's JSON AST of a .docx, .odt, .md or .html file (tracked changes accepted; an .odt's
    Title and Subtitle paragraphs as its title and subtitle, as pandoc reads Word's), and the
    comments and tracked changes a word processor's file still had, which the AST does not show."""
    p = Path(path)
    notes = DocumentNotes()
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise UsageError(f"cannot import '{p.suffix or p.name}' files", file=str(p),
                         hint=_CONVERT_HINTS.get(p.suffix.lower(), "import a .docx, .odt, .md or .html document"))
    from .store import read_bytes

    raw = read_bytes(p, max_size=MAX_INPUT_BYTES, what="a document", allow_empty=False,
                     hint="import a smaller document, or split it")
    _refuse_mislabeled(raw, p, fmt)
    args: list[str] = []
    if fmt in ("docx", "odt"):
        from .archive import check_zip, limits, pandoc_args

        lim = limits()
        # sizes, compression ratio, lying headers, damaged or dangerous XML: before pandoc
        check_zip(raw, str(p), what=f"{p.suffix.lower()} file", lim=lim)
        import io
        import zipfile

        part = "word/document.xml" if fmt == "docx" else "content.xml"
        with zipfile.ZipFile(io.BytesIO(raw)) as z:  # a zip already: check_zip read it
            if part not in z.namelist():  # pandoc would only say "couldn't parse docx file"
                raise InputError(f"not a {p.suffix.lower()} document ({part} is missing inside)", file=str(p),
                                 hint="save the file again from the word processor")
            if fmt == "docx":
                _refuse_review_packet(z, p)
        args = pandoc_args(lim)
        if fmt == "docx":
            from .wordscrub import scrub

            # a field's shown author, login or mailing-list name, and hidden text: never read
            raw, hidden, vanished = scrub(raw)
            notes = _docx_notes(raw, str(p), args)
            notes.hidden = dict(hidden)
            notes.vanished = vanished
        else:
            import xml.etree.ElementTree as ET
            import zipfile

            from .wordscrub import scrub_odt

            raw, vanished = scrub_odt(raw)  # hidden text (a text style with text:display="none"): never read
            try:
                odt_root = _odt_content(raw)
            except (ET.ParseError, KeyError, ValueError, zipfile.BadZipFile):
                odt_root = None  # pandoc says what is wrong with the file
            if odt_root is not None:
                _refuse_odt_blowups(odt_root, str(p))
            try:
                notes = _odt_notes(odt_root)
            except RecursionError:  # spans inside spans thousands deep
                raise InputError(NESTED_TOO_DEEPLY, file=str(p), hint=NESTED_HINT) from None
            notes.margins = _odt_margins(raw)
            notes.vanished = vanished
    else:
        raw = _as_utf8(raw, fmt, str(p))
        if fmt == "markdown":
            _refuse_deep_markdown(raw, str(p))
            prose = _markdown_prose(raw.decode("utf-8", "replace"))
            _refuse_nested_brackets(raw, str(p), prose)
            _refuse_slow_markdown(raw, str(p), prose)
    hidden_html: list[str] = []
    if fmt == "html":
        _refuse_unclosed_inline_html(raw, str(p))
        raw = _without_base(raw)
        raw, hidden_html = _without_templates(raw)
        raw, hidden_tags = _without_hidden_tags(raw)
        hidden_html = hidden_tags + hidden_html
    args += ["--track-changes=accept"] if fmt == "docx" else []
    meta: dict = {}
    if fmt == "markdown":
        raw, meta = _front_matter(raw, str(p))
    # pandoc reads no YAML block in Markdown: it expands their aliases without bound (300 bytes
    # kept it busy past its timeout); the front matter was read above, by our own reader
    if fmt == "markdown":
        text = raw.decode("utf-8")
        if p.suffix.lower() == ".txt":
            text = _plain_text_markdown(text)
        raw = _commonmark_lists(text).encode("utf-8")
    fmt_in = "markdown-raw_tex-yaml_metadata_block" if fmt == "markdown" else fmt
    out = pandoc_or_input_error(raw, str(p), from_=fmt_in, args=args)
    try:
        ast = json.loads(out)
    except RecursionError:  # lists or quotes nested thousands deep
        raise InputError(NESTED_TOO_DEEPLY, file=str(p), hint=NESTED_HINT) from None
    if meta and isinstance(ast, dict):
        ast["meta"] = {**(ast.get("meta") or {}), **meta}
    if fmt in ("html", "markdown") and isinstance(ast, dict):  # what the page hides, its reader never saw
        notes.source = "page" if fmt == "html" else "Markdown file"
        try:
            notes.vanished = _without_hidden_elements(ast) + hidden_html
        except RecursionError:  # all_words of an element nested thousands deep
            raise InputError(NESTED_TOO_DEEPLY, file=str(p), hint=NESTED_HINT) from None
    if fmt == "docx" and isinstance(ast, dict):
        _docx_title(ast, raw, notes)
    if fmt == "odt" and isinstance(ast, dict):
        try:
            _odt_title(ast, odt_root)
        except RecursionError:
            raise InputError(NESTED_TOO_DEEPLY, file=str(p), hint=NESTED_HINT) from None
    return ast, notes


# a plain-text policy: a Markdown heading or a setext underline says the file is Markdown
_TXT_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
_TXT_SETEXT = re.compile(r"^(?:=+|-{2,})[ \t]*$")
_TXT_BULLET = re.compile(r"^[ \t]*([-*+•▪◦‣])[ \t]+(?=\S)")
_TXT_NUMBERED_ITEM = re.compile(r"^[ \t]*(?:\d{1,2}|[a-z])[.)][ \t]+(?=\S)")
_TXT_RULE = re.compile(r"^[ \t]*[-|: ]+[ \t]*$")


def _txt_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _txt_heading_like(line: str) -> bool:
    """A line short enough to be a heading typed by hand, with no sentence's last mark."""
    text = line.strip()
    return bool(text) and len(text) <= _HAND_HEADING_CHARS and len(text.split()) <= _HAND_HEADING_WORDS \
        and text[-1] not in ".,;:!?" and "|" not in text and not _TXT_BULLET.match(text)


def _txt_heading(line: str) -> Optional[int]:
    """The depth of a heading typed on a line of its own — numbered (“1. PURPOSE”, “5.1
    Reports”, “Section 2: Scope”) or in capitals (“PURPOSE”) — else None (0: in capitals,
    with no number)."""
    text = line.strip()
    if not _txt_heading_like(text):
        return None
    m = _HAND_NUMBER.match(text)
    rest = text[m.end():] if m else text
    if not re.search(r"[^\W\d_]", rest):
        return None
    if m:
        return len(m.group(1).split("."))
    letters = [c for c in rest if c.isalpha()]
    return 0 if len(letters) >= 3 and rest == rest.upper() else None


def _plain_text_markdown(text: str) -> str:
    """A .txt policy as people type one, as Markdown the reader takes it for: headings typed as
    lines of their own, numbered or in capitals (“1. PURPOSE”: Markdown read it as a list of
    one item, numbered again “1.”, and the whole draft went into the purpose), the lines of a
    title block above the first of them (“MUNICIPALITY OF GLENMORROW” over the guideline's
    name), a list right under its lead-in (Markdown wants a blank line between them: the items
    were run into one paragraph, “- a; - b”), bullets typed as “•”, and a table typed with bars
    but no row of dashes under its header. Such headings and title lines are set in bold, as a
    Word draft whose headings were typed by hand has them, and read the same way. A file with
    a Markdown heading (“# Purpose”, or one underlined with “===” or “---”) is Markdown, and
    read as it is."""
    if "\r" in text:
        if "\n" not in text:
            return text
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _TXT_MARKDOWN_HEADING.match(line) or (i and lines[i - 1].strip() and _TXT_SETEXT.match(line)):
            return text
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in lines:
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    depths = [(_txt_heading(b[0]) if len(b) == 1 else None) for b in blocks]

    def caps(k: int) -> bool:
        return blocks[k][0].strip() == blocks[k][0].strip().upper()

    out: list[str] = []
    for k, block in enumerate(blocks):
        depth = depths[k]
        if depth and not caps(k) and ((k + 1 < len(blocks) and depths[k + 1] == depth and not caps(k + 1))
                                      or (k and depths[k - 1] == depth and not caps(k - 1))):
            depth = None  # “1. Call the Bad Date Line” over “2. Offer a ride”: a list whose items are apart
        if depth is not None:
            out.append("**" + block[0].strip() + "**")
            continue
        if k == 0 and all(_txt_heading_like(x) for x in block) and any(d is not None for d in depths[1:]):
            # the title block: a line each, in bold as a Word draft's typed title lines are
            out += ["**" + x.strip() + "**" + ("\n" if j < len(block) - 1 else "") for j, x in enumerate(block)]
            continue
        cells = [_txt_cells(x) for x in block]
        if len(block) >= 2 and all("|" in x for x in block) and len(cells[0]) >= 2 \
                and all(len(c) == len(cells[0]) for c in cells) and not _TXT_RULE.match(block[1]):
            # a table typed with bars: the row of dashes Markdown wants under its header
            out.append("\n".join([block[0], "|".join(["---"] * len(cells[0])), *block[1:]]))
            continue
        fixed: list[str] = []
        for j, line in enumerate(block):
            bullet = _TXT_BULLET.match(line)
            if bullet and bullet.group(1) not in "-*+":
                line = line[:bullet.start(1)] + "-" + line[bullet.end(1):]
            item = bullet or _TXT_NUMBERED_ITEM.match(line)
            if item and j and fixed[-1].strip() and not (_TXT_BULLET.match(fixed[-1]) or _TXT_NUMBERED_ITEM.match(fixed[-1])):
                prev = fixed[-1].rstrip()
                run = sum(1 for x in block[j:] if _TXT_BULLET.match(x) or _TXT_NUMBERED_ITEM.match(x))
                if prev.endswith(":") or run >= 2:
                    fixed.append("")  # a list right under its lead-in
            fixed.append(line)
        out.append("\n".join(fixed))
    return "\n\n".join(out) + "\n"


_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_LIST_START = re.compile(r"^ ?(?:[-*+]|1[.)])[ \t]+\S")
_MD_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S|^ {0,3}>")
_MD_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_NOT_PARAGRAPH = re.compile(r"^ {0,3}(?:#|>|\||[-*+][ \t]|\d{1,9}[.)][ \t]|<|`{3,}|~{3,})|^(?: {4}|\t)")


def _commonmark_lists(text: str) -> str:
    """Markdown with a blank line before a list that starts right under a paragraph's line, as
    CommonMark (GitHub, and `check`'s own reader) reads it: a bullet, or a list numbered from 1.
    pandoc's Markdown wants the blank line, and ran “These guidelines apply to:” and the list
    under it into one paragraph (“… apply to: - bylaw officers; - parks staff”). A line
    numbered otherwise (“motion\n12. Staff …”) goes on with its paragraph, as CommonMark has
    it; fenced code is left as it is."""
    lines = text.split("\n")
    out: list[str] = []
    fence: Optional[str] = None
    for i, line in enumerate(lines):
        m = _MD_FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        elif m:
            fence = m.group(1)
        elif i and _MD_LIST_START.match(line) and not _MD_BREAK.match(line):
            prev = lines[i - 1]
            k = i - 1  # the first line of the block the list would interrupt
            while k > 0 and lines[k - 1].strip():
                k -= 1
            # a list item's own lines (“- a” over “  goes on” over “- b”) are no paragraph to interrupt
            in_list = any(_MD_ITEM.match(x) for x in lines[k:i])
            if prev.strip() and not in_list and not _MD_NOT_PARAGRAPH.match(prev) and not _MD_BREAK.match(prev) \
                    and not re.match(r"^ {0,3}(?:=+|-+)[ \t]*$", prev):
                out.append("")
        out.append(line)
    return "\n".join(out)


def _as_utf8(raw: bytes, fmt: str, file: str) -> bytes:
    """Markdown or HTML as UTF-8 for pandoc (which reads nothing else). HTML in the character
    set its ``<meta charset>`` names (Word's "Save as Web Page" writes windows-1252) is
    converted; byte-order marks at the start are dropped (pandoc drops one: a second stayed in
    the text and the first heading was no heading). Anything else that is not UTF-8 (UTF-16
    included) is refused as `check` refuses it: one line at the place of the first bad byte."""
    from .store import decode, wide_encoding

    if wide_encoding(raw):
        # UTF-16 without its mark is valid UTF-8 (a NUL after every ASCII letter): pandoc read
        # one paragraph of it, every heading and paragraph break lost
        decode(raw, file)  # the refusal, at line 1
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        codec = _declared_charset(raw) if fmt == "html" and b"\x00" not in raw else None
        try:
            text = raw.decode(codec) if codec else decode(raw, file)  # decode: the refusal, with its place
        except UnicodeDecodeError:
            text = decode(raw, file)
    text = text.lstrip("\ufeff")
    if not text.strip():  # a byte-order mark or white space only: as empty as an empty file
        raise InputError("the file is empty (it holds no text)", file=file, hint="check that this is the document")
    return text.encode("utf-8")


_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def _declared_charset(raw: bytes) -> Optional[str]:
    """The Python codec of the character set an HTML page declares in its first 4 KB (as
    browsers look for it), when it is one a page may be written in: never UTF-7 (the old
    trick that hides tags from a filter) nor a UTF-16 or UTF-32 without its mark."""
    import codecs

    m = _META_CHARSET.search(raw[:4096])
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name.startswith(("utf-7", "utf-16", "utf-32", "utf_7", "utf_16", "utf_32")) or name in ("utf-8", "rot-13"):
        return None
    try:
        if not "<p>".encode(name) == b"<p>":  # not ASCII-compatible: tags would not be tags
            return None
    except (UnicodeError, LookupError):
        return None
    return name


# "> > > …", "- - - …", "1. 1. …" on one line; or list items indented 256 columns
_DEEP_MARKDOWN = re.compile(rb"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])[ \t])){100}"
                            rb"|^[ \t>]{256,}(?:[-*+]|\d{1,9}[.)])[ \t]", re.M)


def _refuse_deep_markdown(raw: bytes, file: str) -> None:
    """Lists or quotes nested hundreds deep: pandoc's Markdown reader takes time cubic in the
    depth (800 levels: 22 s, 3,000: past its timeout, with a message about brackets), and
    nothing that deep can be a guideline. Refused at once, at the line."""
    m = _DEEP_MARKDOWN.search(raw)
    if m is not None:
        line = raw.count(b"\n", 0, m.start()) + 1
        raise InputError(NESTED_TOO_DEEPLY, file=file, line=line, column=1, hint=NESTED_HINT)


MAX_BRACKET_DEPTH = 6
"""Square brackets inside each other in one Markdown paragraph that ``import`` reads. pandoc's
Markdown reader tries each as the start of a link, and its time triples with each level
(hostile27: 8 levels 12-28 s, 9 levels 68 s, past its timeout, then a message about unclosed
brackets of brackets that were all closed); 6 levels take it about a second."""

_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")


def _fenced_lines(lines: list[str]) -> list[bool]:
    """Which of ``lines`` are in a fenced code block (its fences too). pandoc's Markdown reader
    makes one only of a fence it finds closed (a line of at least as many of the same character)
    further on; a fence never closed is a line of text, and what follows it is read as text
    (hostile28: an unclosed fence hid the rest of the document from the checks before pandoc)."""
    closers: list[tuple[str, int]] = []  # each line as a closing fence: (its character, its length)
    for line in lines:
        m = _FENCE.match(line)
        closers.append((m.group(1)[0], len(m.group(1))) if m is not None and not line[m.end():].strip() else ("", 0))
    longest = {"`": [0] * (len(lines) + 1), "~": [0] * (len(lines) + 1)}  # the longest closer from a line on
    for i in range(len(lines) - 1, -1, -1):
        for c in "`~":
            longest[c][i] = max(longest[c][i + 1], closers[i][1] if closers[i][0] == c else 0)
    fenced = [False] * len(lines)
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m is not None and not (m.group(1)[0] == "`" and "`" in lines[i][m.end():]):
            c, k = m.group(1)[0], len(m.group(1))
            if longest[c][i + 1] >= k:
                j = i + 1
                while not (closers[j][0] == c and closers[j][1] >= k):
                    j += 1
                fenced[i:j + 1] = [True] * (j + 1 - i)
                i = j + 1
                continue
        i += 1
    return fenced


def _refuse_nested_brackets(raw: bytes, file: str, prose: Optional[str] = None) -> None:
    """Brackets nested deeper than ``MAX_BRACKET_DEPTH`` in a paragraph (a blank line ends one):
    refused at once, at the bracket one level too deep, instead of after pandoc's minute. What
    pandoc does not read as text with links is passed over: fenced code blocks, code spans and
    escaped brackets (``\\[``), as ``_markdown_prose`` (given, or made here) leaves them out;
    linear in the text (hostile28: it copied the rest of a line at each backtick, a minute for
    a 3 MB line of code spans)."""
    if prose is None:
        prose = _markdown_prose(raw.decode("utf-8", "replace"))
    depth = 0
    for number, line in enumerate(prose.split("\n"), 1):
        if not line.strip(" \t\r\x00"):  # a blank line, or a fenced code block's
            depth = 0
            continue
        for m in _BRACKET.finditer(line):
            if m.group() == "[":
                depth += 1
                if depth > MAX_BRACKET_DEPTH:
                    raise InputError(f"brackets nested {depth} deep or more ([ inside [ inside [ …): pandoc's Markdown "
                                     "reader takes minutes on them", file=file, line=number, column=m.start() + 1,
                                     hint="a guideline never nests brackets this deep: remove the inner ones, or "
                                          "write them as \\[ and \\], and import again")
            elif depth:
                depth -= 1


_BRACKET = re.compile(r"[\[\]]")

MAX_MARKDOWN_SECONDS = 10.0
"""How long pandoc's Markdown reader may be expected to take on a document ``import`` reads
before it is refused at once (hostile28). Its reader does work quadratic in the document, or
worse, for some characters that open nothing: a '<' that is no HTML tag (its HTML reader reads
on to the next tag, or to the end of the whole document: 400 'age < 18' in a 437 KB document
took 46 s), a single quote that opens no quotation ('90s, 'em: each reads on to the end of its
paragraph, and they nest), a '&' that starts no entity, and backticks that close no code span.
``_markdown_seconds`` estimates it from how far each of them makes pandoc read (measured on
pandoc 3: about half a microsecond a character for '<', '&' and quotes, a fifth for
backticks); documents a person writes come nowhere near."""

# microseconds of pandoc's time per character it reads on from each (see MAX_MARKDOWN_SECONDS)
_SLOW_MICROSECONDS = {"<": 0.5, "&": 0.5, "'": 0.45, "`": 0.2}
_SLOW_WHAT = {
    "<": ("'<' that open no HTML tag", "from each it reads on to the next tag or the end of the document",
          "write each '<' that is not an HTML tag as \\< or &lt;, or say 'under' or 'less than', and import again"),
    "&": ("'&' that start no entity", "from each it reads on to the next space",
          "write each '&' that starts no entity as \\& or &amp;, or put a space after it, and import again"),
    "'": ("single quotes that open no quotation, as in '90s or 'em", "from each it reads on to the end of the paragraph",
          "write them as ’, a typographic apostrophe, or as \\', or close the quotations, and import again"),
    "`": ("backticks that close no code span", "from each it reads on to the end of the paragraph",
          "write them as \\`, or put the text in a fenced code block, and import again"),
}
_BACKTICKS = re.compile(r"\\[!-/:-@\[-`{-~]|`+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,40});")
_BLOCK_START = re.compile(r"[ ]{0,3}(?:#|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\|)")
_NOT_AFTER_OPENING_QUOTE = frozenset(" \t\r\n\x00)!],.;:-?'")


def _markdown_prose(text: str) -> str:
    """``text`` with what pandoc's Markdown reader does not read as inline text replaced by NUL
    (fenced code blocks, code spans, escaped characters), every line kept at its length, so an
    offset in one is an offset in the other. Backticks that close no code span are kept."""
    out: list[str] = []
    lines = text.split("\n")
    fenced = _fenced_lines(lines)
    for number, line in enumerate(lines):
        if fenced[number]:
            out.append("\x00" * len(line))
            continue
        if "`" not in line and "\\" not in line:
            out.append(line)
            continue
        runs: dict[int, list[int]] = {}  # a run's length -> where runs of that length start
        for r in re.finditer(r"`+", line):
            runs.setdefault(len(r.group()), []).append(r.start())
        chars = list(line)
        done = 0  # the line is read up to here (a code span ends here)
        for r in _BACKTICKS.finditer(line):
            i = r.start()
            if i < done:
                continue
            if line[i] == "\\":
                chars[i] = chars[i + 1] = "\x00"
                continue
            k = len(r.group())
            starts = runs[k]
            at = bisect.bisect_right(starts, i)
            if at < len(starts):  # a code span: to the next run of as many backticks
                end = starts[at] + k
                chars[i:end] = "\x00" * (end - i)
                done = end
        out.append("".join(chars))
    return "\n".join(out)


class _Enough(Exception):
    """``_markdown_seconds`` has counted past its ``stop_at``."""


def _markdown_seconds(text: str, prose: Optional[str] = None,
                      stop_at: float = float("inf")) -> tuple[float, str, int]:
    """(about how many seconds pandoc's Markdown reader takes on ``text`` for the characters
    named in ``_SLOW_WHAT``, which of them costs most, the offset of the first of them that makes
    it read far). Linear in the text; it stops counting past ``stop_at`` seconds."""
    if prose is None:
        prose = _markdown_prose(text)
    micro = {c: 0.0 for c in _SLOW_WHAT}
    first = {c: -1 for c in _SLOW_WHAT}
    total = [0.0]

    def add(c: str, cost: int, at: int, weight: float = 1.0) -> None:
        spent = cost * weight * _SLOW_MICROSECONDS[c]
        micro[c] += spent
        total[0] += spent
        if first[c] < 0 and cost > 1000:
            first[c] = at
        if total[0] > stop_at * 1e6:
            raise _Enough

    try:
        _count_markdown_costs(prose, add)
    except _Enough:
        pass
    worst = max(micro, key=lambda c: micro[c])
    return total[0] / 1e6, worst, max(first[worst], 0)


def _count_markdown_costs(prose: str, add) -> None:
    """Call ``add(character, how far pandoc reads on from it, its offset[, weight])`` for each
    character of ``prose`` named in ``_SLOW_WHAT`` (see ``_markdown_seconds``)."""
    n = len(prose)
    # '<': a tag's start ('<' and a letter, '/', '!' or '?') reads to its '>' (a comment to its
    # '-->'); any other '<' reads on as text to the next tag's start
    if "<" in prose:
        tags = [m.start() for m in re.finditer(r"<[A-Za-z/!?]", prose)]
        closes = [m.start() for m in re.finditer(">", prose)]
        comment_ends = [m.start() for m in re.finditer("-->", prose)]
        for m in re.finditer("<", prose):
            p = m.start()
            if p + 1 < n and prose[p + 1] in "/!?" or p + 1 < n and prose[p + 1].isascii() and prose[p + 1].isalpha():
                ends = comment_ends if prose.startswith("<!--", p) else closes
                at = bisect.bisect_right(ends, p)
            else:
                ends = tags
                at = bisect.bisect_right(ends, p)
            add("<", (ends[at] if at < len(ends) else n) - p, p)
    # '&': an entity ends at its ';'; any other '&' reads on to the next space
    if "&" in prose:
        for m in re.finditer(r"[^\s;\x00]*&[^\s;\x00]*", prose):
            word, start = m.group(), m.start()
            i = word.find("&")
            while i >= 0:
                if _ENTITY.match(word, i) is None:
                    add("&", len(word) - i, start + i)
                i = word.find("&", i + 1)
    # quotes and backticks: within a paragraph (a blank line, a heading, an item, a quote or a
    # table row starts the next block)
    if "'" in prose or "`" in prose:
        start = 0
        lines = prose.split("\n")
        offset = 0
        for line in lines + [""]:
            blank = not line.strip(" \t\r\x00")
            if blank or _BLOCK_START.match(line):
                if offset > start:
                    _paragraph_costs(prose, start, offset, add)
                start = offset if not blank else offset + len(line) + 1
            offset += len(line) + 1


def _paragraph_costs(prose: str, start: int, end: int, add) -> None:
    """Add what the quotes and backticks of ``prose[start:end]`` (one paragraph) cost."""
    para = prose[start:end]
    if "'" in para:
        openers, closers = [], []
        for m in re.finditer("'", para):
            p = m.start()
            after = para[p + 1] if p + 1 < len(para) else "\n"
            if not (after.isalnum()):
                closers.append(p)
            before = para[p - 1] if p else "\n"
            if not before.isalnum() and after not in _NOT_AFTER_OPENING_QUOTE:
                openers.append(p)
        ends = []
        for p in openers:
            at = bisect.bisect_right(closers, p)
            ends.append(closers[at] if at < len(closers) else len(para))
        # quotations never closed open inside each other: worse than quadratic in how many
        weight = 1 + ends.count(len(para)) / 1000
        for p, end in zip(openers, ends):
            add("'", end - p, start + p, weight)
    if "`" in para:
        for m in re.finditer("`", para):
            add("`", len(para) - m.start(), start + m.start())


def _refuse_slow_markdown(raw: bytes, file: str, prose: Optional[str] = None) -> None:
    """Markdown pandoc's reader would take more than ``MAX_MARKDOWN_SECONDS`` on: refused at
    once, at the first of the characters that cost most, with what to write instead, instead
    of after pandoc's minute and a message about brackets there may be none of."""
    text = raw.decode("utf-8", "replace")
    seconds, what, at = _markdown_seconds(text, prose, stop_at=6 * MAX_MARKDOWN_SECONDS)
    if seconds <= MAX_MARKDOWN_SECONDS:
        return
    line, column = line_col(text, at)
    name, reads, hint = _SLOW_WHAT[what]
    took = "minutes" if seconds >= 60 else f"over {MAX_MARKDOWN_SECONDS:g} s"
    raise InputError(f"pandoc's Markdown reader would take {took} on this document: too many {name} ({reads}); "
                     "this is the first of them", file=file, line=line, column=column, hint=hint)



MAX_OPEN_INLINE_TAGS = 1000
"""Bold, italic and other inline tags a page may leave open in one paragraph (hostile28).
pandoc's HTML reader takes time quadratic in how many are open at once: 800 take it 3 s,
3,000 ('<b>x ' repeated, 15 KB) past its minute; a page leaves a few open at most."""

_INLINE_TAGS = frozenset("b i em strong u s strike tt big small font sub sup mark ins del code q cite".split())
_BLOCK_TAGS = frozenset("p div li td th tr h1 h2 h3 h4 h5 h6 ul ol dl dt dd table blockquote body section article "
                        "pre header footer nav aside main form".split())
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})(?=[\s/>])")


def _refuse_unclosed_inline_html(raw: bytes, file: str) -> None:
    """More than ``MAX_OPEN_INLINE_TAGS`` inline tags open at once in one block of a page:
    refused at once, at the one too many, instead of after pandoc's minute. A block's start or
    end closes them all, as a browser does."""
    text = raw.decode("utf-8", "replace")
    open_ = 0
    for m in _HTML_TAG.finditer(text):
        name = m.group(2).lower()
        if name in _BLOCK_TAGS:
            open_ = 0
        elif name in _INLINE_TAGS:
            if m.group(1):
                open_ = max(open_ - 1, 0)
                continue
            open_ += 1
            if open_ > MAX_OPEN_INLINE_TAGS:
                line, column = line_col(text, m.start())
                raise InputError(f"more than {MAX_OPEN_INLINE_TAGS:,} bold, italic or other inline tags are open at "
                                 "once here, never closed: pandoc's HTML reader takes minutes on them", file=file,
                                 line=line, column=column,
                                 hint=f"close each <{name}> with </{name}>, or save the page again from the program "
                                      "that made it, and import again")

_FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n(.*?)(?:\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def _front_matter(raw: bytes, file: str) -> tuple[bytes, dict]:
    """(the Markdown without its YAML front matter, its title and lang as pandoc metadata).
    The front matter is read by lic-policy's YAML reader, with the limits guidelines have
    (aliases, nesting, tags): a bomb is one line naming its place."""
    m = _FRONT_MATTER.match(raw)
    if m is None:
        return raw, {}
    from .yamlread import compose

    block = m.group(1).decode("utf-8")
    first = raw[:m.start(1)].count(b"\n")  # lines before the block's first line
    try:
        data, _positions = compose(block, file)
    except InputError as exc:
        raise InputError(f"front matter: {exc.message}", file=file,
                         line=exc.line + first if exc.line else first + 1, column=exc.column,
                         hint=exc.hint) from None
    meta = {}
    if isinstance(data, dict):
        for key in ("title", "lang"):
            value = data.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                meta[key] = {"t": "MetaString", "c": str(value)}
    # the lines stay (blank), so pandoc's line numbers are the file's
    return b"\n" * raw[:m.end()].count(b"\n") + raw[m.end():], meta


NESTED_TOO_DEEPLY = "the document is nested too deeply (lists, quotes or tables inside each other hundreds of times)"
NESTED_HINT = "a guideline never nests this deep; flatten the lists or quotes and import it again"


TOO_LONG_HINT = "split the document (a part per chapter or section) and import each part"
_WORD_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _refuse_over_the_guideline_limit(src: Path) -> None:
    """Refuse, before pandoc spends a minute and gigabytes on it, a document whose text alone
    is over the limit every command reading the guideline has (a 5,000-page Word file took 30 s
    and 1.6 GB to become a 19 MB guideline that `validate` then refused): a Markdown file's
    bytes, a Word file's text runs. Other documents are measured when their guideline is made."""
    from .store import DEFAULT_MAX_SIZE

    import stat

    suffix = src.suffix.lower()
    try:
        if not stat.S_ISREG(os.stat(src).st_mode):
            return  # a pipe or device would block the read; refused, with its reason, by read_document_notes
        if suffix in (".md", ".markdown"):
            size = os.path.getsize(src)
        elif suffix == ".docx":
            import zipfile

            with zipfile.ZipFile(src) as z:
                info = z.getinfo("word/document.xml")
                if info.file_size <= DEFAULT_MAX_SIZE:
                    return  # its text is shorter than its XML
                from .archive import limits

                if info.file_size > limits().max_uncompressed:
                    return  # refused, with its reason, by the archive checks (inflating is bounded by it)
                size = sum(len(m) for m in _WORD_TEXT.findall(z.read(info)))
        else:
            return
    except Exception:  # noqa: BLE001 - a damaged file is refused, with its reason, by read_document_notes
        return  # read again, and refused with the reason, by read_document_notes
    if size > DEFAULT_MAX_SIZE:
        raise InputError(f"the document holds {size:,} bytes of text, over the {DEFAULT_MAX_SIZE:,}-byte limit of "
                         "the commands that read a guideline", file=str(src), hint=TOO_LONG_HINT)


def _model_pattern(annotated: Any) -> Any:
    """The ``StringConstraints`` of one of the model's string types (its pattern, its length)."""
    return next(m for m in annotated.__metadata__ if getattr(m, "pattern", None))


def _one_language(text: str) -> Optional[str]:
    """``text`` as the one language tag a guideline's metadata holds — a tag, a locale as
    systems write it (``fr_CA``) or a language's name (``French``) — or None."""
    from .model.guideline import LanguageTag
    from .scaffold import Invalid, language_tags

    try:
        tags = language_tags(text.replace("_", "-"))
    except (Invalid, LookupError, ValueError):
        return None
    if len(tags) != 1 or not re.fullmatch(_model_pattern(LanguageTag).pattern, tags[0]):
        return None
    return tags[0]


def _document_language(given: Optional[str], todo: list) -> str:
    """The language the document names for itself (``<html lang>``, front matter), as a tag;
    ``en``, with a to-do item, when what it names is none (``lang="fr_CA"`` is read as fr-CA;
    ``lang="x y"`` ended the import in an internal error)."""
    if not given:
        return "en"
    tag = _one_language(given)
    if tag is None:
        todo.append({"text": f"The document gives its language as '{_short(given, 40)}', which is no language tag: en "
                             "was written for it. Put the right tag (such as fr or fr-CA) under metadata.languages.",
                     "about": "metadata.languages"})
        return "en"
    return tag


# words only French or only English writes often: how a document that does not name its language
# (a Word file, Markdown without front matter) says it; not "a", "on", "en", shared by both
_FRENCH_WORDS = frozenset("le la les des du et est sont une un pour dans que qui au aux sur avec par ne pas ces cette "
                          "leur leurs ou où être elle elles il ils nous vous se sa son ses lorsque entre".split())
_ENGLISH_WORDS = frozenset("the and of to is are for in that with by be this their who not or an it as they we from "
                           "at when which will".split())
_ELIDED = re.compile(r"\b(?:l|d|qu|s|n|j|c|jusqu|lorsqu)['’](?=\w)", re.I)


def _words_language(ast: dict, recognized: list[str]) -> list[str]:
    """The language a document that names none is written in, from its words: ``fr`` for a
    French draft (it was ``en``, and the published page, the review packet and the room spoke of
    it as English: ux27), ``en`` otherwise; a document as much in one as in the other (side by
    side) is in both, English first."""
    text = all_words([ast.get("meta"), ast.get("blocks")])[:2_000_000]
    fr = len(_ELIDED.findall(text))
    en = 0
    for w in re.findall(r"[^\W\d_]+", text.lower()):
        if w in _FRENCH_WORDS:
            fr += 1
        elif w in _ENGLISH_WORDS:
            en += 1
    if fr >= 20 and fr >= 3 * en:
        recognized.append("French as the document's language, from its words (--language gives another)")
        return ["fr"]
    if fr >= 20 and en >= 20 and min(fr, en) >= max(fr, en) / 4:
        recognized.append("English and French as the document's languages, from its words (--language gives "
                          "another)")
        return ["en", "fr"]
    return ["en"]


def _checked_options(options: dict) -> None:
    """Refuse, before the document is read, an ``--id`` or ``--language`` the guideline cannot
    hold (each ended in 'internal error: ValidationError', exit 3, after pandoc's work) and an
    ``--owner-role`` that names someone (written into the guideline, for `check` to report
    after the file existed); a language given as a name or a locale (``French``, ``fr_CA``)
    becomes its tag."""
    from .model.guideline import Id

    gid = options.get("guideline_id")
    if gid is not None:
        rule = _model_pattern(Id)
        if not re.fullmatch(rule.pattern, gid) or len(gid) > rule.max_length:
            made = slug(gid, 100)
            raise UsageError(f"--id '{_short(gid, 60)}' is not an id: an id is lowercase letters, digits, "
                             f"'-' and '_', in words joined by dots (at most {rule.max_length} characters)",
                             hint=f"e.g. --id {made}" if made else "e.g. --id cedar-harbour-sex-work-response")
    for option, key in (("--jurisdiction", "jurisdiction"), ("--owner-role", "owner_role")):
        value = options.get(key)
        if value is None:
            continue
        bad = next((ch for ch in value if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
                    or "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"), None)
        if bad is not None:  # 'doc.yaml: ... does not validate' (a bug guard), an internal error for NUL
            what = ("bytes that are not UTF-8" if "\ud800" <= bad <= "\udfff" else
                    f"a text direction override (U+{ord(bad):04X})" if unicodedata.category(bad) == "Cf" else
                    f"a control or unassigned character (U+{ord(bad):04X})")
            raise UsageError(f"{option} holds {what}", hint="type it again as plain text")
    owner_role = options.get("owner_role")
    if owner_role is not None:
        from .privacy import find_identities

        hits = find_identities(owner_role, "role")
        if hits:
            raise UsageError(f"--owner-role holds {hits[0].what} ('{hits[0].masked}'): the owner is a role, never a "
                             "person", hint="give the role, e.g. --owner-role 'Director of Community Safety'")
    language = options.get("language")
    if language is not None:
        tag = _one_language(language)
        if tag is None:
            several = "," in language and len([x for x in language.split(",") if x.strip()]) > 1
            raise UsageError(f"--language '{_short(language, 60)}' " + (
                "names several languages: give the document's own language" if several else
                "is neither a language tag nor a language name I know"),
                hint="write a tag such as en, fr or fr-CA, or a name such as English or French")
        options["language"] = tag


def import_document(path: str | os.PathLike, output: Optional[str | os.PathLike] = None, *, force: bool = False,
                    **options: Any) -> tuple[Path, ImportReport, str]:
    """Import ``path`` and write the guideline YAML (atomically; never over a file without ``force``)."""
    from .store import DEFAULT_MAX_SIZE, dump, locked, make_output_folder, parse, save_atomic, text_name

    src = Path(path)
    from .archive import office_lock_file

    try:
        size: Optional[int] = os.path.getsize(src)
    except (OSError, ValueError):
        size = None
    lock = office_lock_file(str(src), size)  # `.~lock.draft.odt#`, `~$aft.docx`: never the document
    if lock is not None:
        raise lock
    if src.suffix.lower() not in FORMATS:  # before "NAME.yaml already exists": that is not what is wrong
        raise UsageError(f"cannot import '{src.suffix or src.name}' files", file=str(src),
                         hint=_CONVERT_HINTS.get(src.suffix.lower(), "import a .docx, .odt, .md or .html document"))
    out = Path(output) if output else src.with_suffix(".yaml")
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"'{out}' does not end in .yaml", hint="give -o a file name ending in .yaml")
    from .store import refuse_review_name

    refuse_review_name(out)
    if out.exists() and not force:
        raise UsageError(f"'{out}' already exists", hint="choose another -o, or give --force to replace it")
    if os.path.realpath(out) == os.path.realpath(src):  # realpath: a link loop is no RuntimeError
        raise UsageError("the output would replace the input", hint="give -o another file name")
    _checked_options(options)
    _refuse_over_the_guideline_limit(src)
    ast, notes = read_document_notes(src)
    try:
        rep = build(ast, source_name=str(src), notes=notes, **options)
    except RecursionError:
        raise InputError(NESTED_TOO_DEEPLY, file=str(src), hint=NESTED_HINT) from None
    text = dump(rep.model, header=f"Imported from {text_name(src.name)} by lic-policy import. Status: draft.\n"
                              "Check every clause against the original, then run `lic-policy validate` and "
                              "`lic-policy check`.")
    size = len(text.encode("utf-8"))
    if size > DEFAULT_MAX_SIZE:
        raise InputError(f"the guideline made from this document would be {size:,} bytes, over the "
                         f"{DEFAULT_MAX_SIZE:,}-byte limit of the commands that read it", file=str(src),
                         hint=TOO_LONG_HINT)
    doc = parse(text, str(out))
    doc.validate()
    errors = [i for i in doc.issues if getattr(i, "severity", "error") == "error"]
    if errors:  # pragma: no cover - a bug guard
        raise InputError(f"the imported guideline does not validate: {errors[0].message}", file=str(out))
    make_output_folder(out)  # -o drafts/new/x.yaml, as `check -o` makes its folders
    if not out.parent.is_dir():
        raise InputError("the output folder does not exist", file=str(out.parent),
                         hint="a file is in the way, or it cannot be made here: give -o another folder")
    with locked(out):  # a guideline replaced with --force may be open in another writer
        if out.exists() and not force:
            raise UsageError(f"'{out}' already exists", hint="choose another -o, or give --force to replace it")
        save_atomic(out, text)
    return out, rep, text


__all__ = ["build", "read_document", "read_document_notes", "import_document", "DocumentNotes", "slug", "jurisdiction_from_title", "ImportReport"]
