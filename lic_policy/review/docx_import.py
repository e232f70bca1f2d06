"""Read a reviewed Word file back into review threads.

pandoc's docx reader (``--track-changes=all``) gives the reviewers' comments as
``comment-start``/``comment-end`` spans and their tracked changes as ``insertion`` and
``deletion`` spans. Each paragraph is read as the text it had before the reviewers'
edits (the guideline's current text) and found in the guideline:

* a paragraph that starts with a clause id (as review packets write them) goes to that
  clause; otherwise the field whose words contain the paragraph's words (letters and
  digits compared, so wrapping, list markers and Word's curly quotes do not matter);
* a comment becomes a ``comment`` thread on the words it covers; a deletion, a deletion
  followed by an insertion, or an insertion becomes a ``suggestion`` whose replacement is
  the new wording (an insertion is anchored on the word before it);
* a paragraph a reviewer added becomes a suggestion on the last words of the paragraph
  before it, whose replacement adds the new paragraph after them;
* comments on exactly the same words are one thread: the first is the thread, the others
  its replies (this is how Word stores replies);
* in a review packet, the packet's own tracked changes (its ``lic_policy_change_author``)
  are the baseline, not suggestions, and the packet's own comments (threads and findings)
  are skipped; a reviewer's comment on exactly the words of a packet thread is added as a
  reply to that thread.

Importing the same file again after its suggestions were applied finds each paragraph as it
reads with them in: the applied suggestions count as already there, and the file's other
comments and changes are still placed.

Word author names are never stored: an author written as ``handle (role)`` — the way
packets name reviewers — keeps that handle unless it looks like a person's name
(``jane.doe (staff)``); any other name becomes ``reviewer-N``, stable across imports
through ``NAME.review-authors.json``, which holds only an HMAC-SHA256 of each name under a
key kept outside the repository (:mod:`lic_policy.review.authors`). Importing the same file twice adds nothing: a thread with
the same place, kind, body and replacement (or a reply with the same body) is skipped.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import InputError
from ..guideline_data import version as guideline_version
from ..pandoc_ast import BREAKS, STYLES, paragraph_inlines, plain_text, quote_marks
from ..text import HEADING_FIELDS
from .authors import AUTHOR_LABEL
from .packet import (AUTOMATED_AUTHOR, DEFAULT_CHANGE_AUTHOR, FINDING_MARK, PACKET_MARK, THREAD_INITIALS,
                     THREAD_MARK, author_label)
from .threads import day_stamp, utc_stamp

# how the packet's finding comments start (``packet.finding_comment``): a comment by a reviewer
# whose Word name is the packet's own author, in other words, is the reviewer's
_FINDING_LEAD = re.compile(r"^(?:Needs a change|Worth changing|A note)(?:\.| — )")
_FINDING_TITLE = re.compile(r"^(?:Needs a change|Worth changing|A note) — (.{1,200}?)\.(?:\s|$)", re.S)
_SHOWN_THREAD = re.compile(r"^(?:Comment|Suggestion|Question|Objection|Approval)\b[^:]*?\((?:open|accepted|resolved|"
                           r"rejected|orphaned)(?:, \d+ reviewers? agrees?)?\):\s*(.*)$", re.S)

MAX_DOCX_BYTES = 50 * 1024 * 1024
_CLAUSE_LEAD = re.compile(r"^\s*([a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+)\s+")


# --------------------------------------------------------------------------- reading the docx


def read_docx(path: str | os.PathLike) -> tuple[dict, dict]:
    """(pandoc JSON AST with tracked changes and comments, custom document properties)."""
    from ..store import read_bytes

    p = Path(path)
    raw = read_bytes(p, max_size=MAX_DOCX_BYTES, what="a reviewed Word file", hint="split the document")
    from ..archive import check_zip, limits, pandoc_args

    lim = limits()
    check_zip(raw, str(p), what="Word .docx file", lim=lim)  # sizes, ratio, damaged or dangerous XML
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:  # the bytes already read, not the file again
            names = set(z.namelist())
            if "word/document.xml" not in names and "content.xml" in names:
                # LibreOffice asks whether to keep Word's format: its own keeps no tracked changes
                # or comments that pandoc can read
                raise InputError("an OpenDocument (.odt) file, not a Word .docx file", file=str(p),
                                 hint="open it in LibreOffice and choose File > Save As > Word 2007-365 (.docx), "
                                      "then import that file")
            if "word/document.xml" not in names:
                raise InputError("not a Word .docx file (no word/document.xml inside)", file=str(p),
                                 hint="save the file from Word as .docx")
            props = custom_properties(z) if "docProps/custom.xml" in names else {}
    except zipfile.BadZipFile:
        raise InputError("not a Word .docx file (not a zip archive)", file=str(p),
                         hint="save the file from Word as .docx (not .doc)") from None
    from ..importdoc import pandoc_or_input_error
    from ..wordscrub import scrub

    raw, _hidden, _vanished = scrub(raw)  # a field's shown author, login or mailing-list name is never stored
    out = pandoc_or_input_error(raw, str(p), from_="docx", args=["--track-changes=all", *pandoc_args(lim)])
    try:
        ast = json.loads(out)
    except RecursionError:  # tables or lists nested hundreds deep
        from ..importdoc import NESTED_HINT, NESTED_TOO_DEEPLY

        raise InputError(NESTED_TOO_DEEPLY, file=str(p), hint=NESTED_HINT) from None
    except ValueError:  # pragma: no cover - pandoc writes JSON
        raise InputError("pandoc returned no document", file=str(p)) from None
    return ast, props


def custom_properties(z: zipfile.ZipFile) -> dict:
    info = z.getinfo("docProps/custom.xml")
    if info.file_size > 1_000_000:
        return {}
    from ..importdoc import double_quoted

    text = double_quoted(z.read(info)).decode("utf-8", "replace")
    out = {}
    for m in re.finditer(r'<property\b[^>]*\bname="([^"]+)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', text):
        out[html.unescape(m.group(1))] = html.unescape(m.group(2))
    return out


MAX_COMMENTS_XML = 20 * 1024 * 1024


def _comments_xml(path: str | os.PathLike) -> str:
    """The text of word/comments.xml ('' when there is none or it is over the limit)."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/comments.xml")
            if info.file_size > MAX_COMMENTS_XML:
                return ""
            with z.open(info) as fh:
                from ..importdoc import double_quoted

                return double_quoted(fh.read(MAX_COMMENTS_XML + 1)).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return ""


def has_packet_comments(path: str | os.PathLike) -> bool:
    """Whether the file holds comments the packet wrote (author ``lic-policy (automated)``):
    a packet saved by a program that drops Word's custom properties (Google Docs, some
    converters) is still a packet, and its findings are not a reviewer's comments."""
    return f'w:author="{html.escape(AUTOMATED_AUTHOR)}"' in _comments_xml(path)


def comment_initials(path: str | os.PathLike) -> dict[str, str]:
    """Word comment id → the comment's initials (w:initials). A review packet keeps the
    thread id or the rule id there, out of the comment's text; pandoc's reader drops it."""
    text = _comments_xml(path)
    out = {}
    for m in re.finditer(r"<w:comment\b([^>]*)>", text):
        attrs = dict(re.findall(r'w:(id|initials)="([^"]*)"', m.group(1)))
        if "id" in attrs and "initials" in attrs:
            out[attrs["id"]] = html.unescape(attrs["initials"])
    return out


def comments_on_no_words(path: str | os.PathLike, placed: set) -> list[tuple[str, str]]:
    """(Word author, words) of each comment of word/comments.xml that pandoc gave no place:
    one the document only refers to (``w:commentReference`` with no ``w:commentRangeStart``,
    which the format allows and some programs write). pandoc's reader drops such a comment, and
    the import said the file held no comment from a reviewer (hostile24). Its words are read
    with the person fields cut, as every part is (``wordscrub``)."""
    text = _comments_xml(path)
    if "<w:comment" not in text:
        return []
    from ..wordscrub import scrub_part

    text = scrub_part(text.encode("utf-8"))[0].decode("utf-8", "replace")
    out = []
    for m in re.finditer(r"<w:comment\b([^>]*?)(?<!/)>(.*?)</w:comment>", text, re.S):
        attrs = dict(re.findall(r'w:(id|author)="([^"]*)"', m.group(1)))
        if attrs.get("id") is None or attrs["id"] in placed:
            continue
        inner = re.sub(r"</w:p>|<w:(?:tab|br|cr)\b[^>]*>", "<w:t> </w:t>", m.group(2))  # a break is a space
        words = " ".join(html.unescape("".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", inner))).split())
        if words:
            out.append((html.unescape(attrs.get("author", "")), words))
    return out


def shared_comment_id(path: str | os.PathLike) -> Optional[tuple[str, int]]:
    """(the id, how many comments) of the first comment id of word/comments.xml that comments
    with different words or authors share, or None. pandoc gives every place marked with that
    id the last such comment's words, so the others were lost without a word; which words each
    was on cannot be told apart (fix27). The same comment written twice under one id loses
    nothing and is not named."""
    text = _comments_xml(path)
    if text.count("<w:comment") < 2:
        return None
    seen: dict[str, set] = {}
    for m in re.finditer(r"<w:comment\b([^>]*?)(?<!/)>(.*?)</w:comment>", text, re.S):
        attrs = dict(re.findall(r'w:(id|author)="([^"]*)"', m.group(1)))
        if attrs.get("id") is None:
            continue
        seen.setdefault(attrs["id"], set()).add((attrs.get("author", ""), re.sub(r"\s+", " ", m.group(2))))
    for cid, versions in seen.items():
        if len(versions) > 1:
            return cid, len(re.findall(r'<w:comment\b[^>]*?\bw:id="' + re.escape(cid) + '"', text))
    return None


def _comment_ids(content: Any, out: set) -> set:
    """The ids of the comments pandoc placed (its comment-start spans), anywhere in the AST."""
    if isinstance(content, dict):
        if content.get("t") == "Span":
            (_i, classes, attrs), _inner = content["c"]
            if "comment-start" in classes:
                out.add(dict(attrs).get("id", ""))
        for v in content.values():
            if isinstance(v, (list, dict)):
                _comment_ids(v, out)
    elif isinstance(content, list):
        for v in content:
            if isinstance(v, (list, dict)):
                _comment_ids(v, out)
    return out


_CHANGE_BY = re.compile(rb'<w:(?:ins|del|moveFrom|moveTo)\b[^>]*?\bw:author="([^"]*)"')
_COMMENT_MARK = re.compile(rb'<w:commentReference\b[^>]*?\bw:id="([^"]*)"')
_COMMENT_AUTHOR = re.compile(r'<w:comment\b[^>]*?\bw:id="([^"]*)"[^>]*?\bw:author="([^"]*)"|'
                             r'<w:comment\b[^>]*?\bw:author="([^"]*)"[^>]*?\bw:id="([^"]*)"')
MAX_OUTSIDE_PART = 5_000_000


def changes_outside(path: str | os.PathLike, baseline: Optional[str]) -> list[tuple[str, str, str]]:
    """(Word author, where, words as the reviewer left them) of each text box, page header and
    footer a reviewer changed with Track Changes or commented on. pandoc reads none of them,
    and a guideline has none: such an edit was passed over whole, and the import said the
    file held no tracked change from a reviewer. Field values that name people are taken
    out first (``wordscrub.scrub``), as everywhere a Word file is read."""
    from ..importdoc import double_quoted, outside_parts, xml_words
    from ..store import read_bytes
    from ..wordscrub import scrub

    try:
        raw = read_bytes(Path(path), max_size=MAX_DOCX_BYTES, what="a reviewed Word file", hint="split the document")
        raw = scrub(raw)[0]
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            info = z.getinfo("word/document.xml")
            places = [(where, double_quoted(xml)) for where, xml in outside_parts(
                z, double_quoted(z.read(info)) if info.file_size <= MAX_OUTSIDE_PART else b"", MAX_OUTSIDE_PART)]
            try:
                info = z.getinfo("word/comments.xml")
                comments = double_quoted(z.read(info)).decode("utf-8", "replace") \
                    if info.file_size <= MAX_OUTSIDE_PART else ""
            except KeyError:
                comments = ""
    except (OSError, zipfile.BadZipFile, KeyError, InputError):
        return []
    commented = {m.group(1) or m.group(4): html.unescape(m.group(2) or m.group(3) or "")
                 for m in _COMMENT_AUTHOR.finditer(comments)}
    out: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for where, xml in places:
        authors = [html.unescape(a.decode("utf-8", "replace")) for a in _CHANGE_BY.findall(xml)]
        authors += [commented[c.decode("utf-8", "replace")] for c in _COMMENT_MARK.findall(xml)
                    if c.decode("utf-8", "replace") in commented]
        authors = [a for a in authors if a != baseline and a != AUTOMATED_AUTHOR]
        if not authors:
            continue
        words = xml_words(xml)
        if (where, words) in seen:  # Word writes a text box twice: as a shape and as its VML fallback
            continue
        seen.add((where, words))
        out.append((authors[0], where, words))
    return out


# --------------------------------------------------------------------------- paragraphs


@dataclass
class WordComment:
    id: str
    author: str
    date: Optional[str]
    body: str
    start: int
    end: int = -1


@dataclass
class WordChange:
    start: int  # offsets in the paragraph's text before the reviewers' edits
    end: int
    inserted: str
    author: str
    date: Optional[str]


@dataclass
class Paragraph:
    text: str  # the paragraph before the reviewers' edits
    comments: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    joined: Optional[str] = None  # who deleted its paragraph break (joining it to the next), if anyone
    notes: list = field(default_factory=list)  # (author, offset, words): footnotes a reviewer added or changed
    struck: list = field(default_factory=list)  # words struck through with the Font setting, not Track Changes


def paragraphs(ast: dict, baseline_author: Optional[str] = None) -> list[Paragraph]:
    """Paragraphs with their reviewers' comments and changes (baseline changes applied)."""
    from ..privacy import without_own_name

    result: list[Paragraph] = []
    open_comments: dict[str, WordComment] = {}
    for content in paragraph_inlines(ast.get("blocks") or []):
        events: list = []
        _events(content, None, events, baseline_author)
        para = Paragraph("")
        text: list[str] = []
        pos = 0
        change: Optional[WordChange] = None
        for ev in events:
            kind = ev[0]
            if kind == "join":
                para.joined = ev[1]
                continue
            if kind == "note":
                para.notes.append((ev[1], pos, ev[2]))
                continue
            if kind == "cstart":
                _k, cid, author, date, body = ev
                # a colleague's or reviewer's signature in the comment (“… – Priya”): their name
                # is never stored, in the comment's words either
                c = WordComment(cid, author, date, without_own_name(body, author), pos)
                open_comments[cid] = c
                para.comments.append(c)
                continue
            if kind == "cend":
                c = open_comments.pop(ev[1], None)
                if c is not None and c in para.comments:
                    c.end = pos
                continue
            _k, state, s = ev
            if state is None:
                change = None
                text.append(s)
                pos += len(s)
                continue
            op, author, date = state
            if op == "strike":  # formatting, not a change: the words stay, and are named (ux27)
                change = None
                text.append(s)
                pos += len(s)
                if para.struck and text[-2:-1] and para.struck[-1][1] == pos - len(s):
                    para.struck[-1] = (para.struck[-1][0] + s, pos)
                else:
                    para.struck.append((s, pos))
                continue
            if change is None or change.author != author:
                change = WordChange(pos, pos, "", author, date)
                para.changes.append(change)
            if op == "del":
                text.append(s)
                pos += len(s)
                change.end = pos
            else:
                change.inserted += s
        para.text = "".join(text)
        for c in para.comments:
            if c.end < 0:  # runs past the paragraph: ends with it
                c.end = len(para.text)
        open_comments = {k: v for k, v in open_comments.items() if v not in para.comments}
        result.append(para)
    return result


def _without_deletions(content: list) -> list:
    """A comment's words as the reviewer left them: a comment edited with Track Changes on
    keeps what was deleted from it (struck through in Word), which is not the reviewer's
    comment and may be what they took back (their name, a phone number)."""
    out: list = []
    for x in content:
        if x.get("t") == "Span":
            (ident, classes, attrs), inner = x["c"]
            if "deletion" in classes:
                continue
            out.append({"t": "Span", "c": [[ident, classes, attrs], _without_deletions(inner)]})
        elif x.get("t") in STYLES:
            out.append({"t": x["t"], "c": _without_deletions(x["c"])})
        else:
            out.append(x)
    return out


def _reviewers_note(blocks: list, state, baseline: Optional[str]) -> Optional[tuple[str, str]]:
    """(author, words as the reviewer left them) of a footnote or endnote a reviewer added or
    changed with Track Changes, or commented on; None for one nobody touched. A guideline has
    no footnotes: such a note was passed over whole, the reviewer's words with it, and the
    import said the file held no tracked change."""
    events: list = []
    for content in paragraph_inlines(blocks):
        _events(content, state, events, baseline)
        events.append(("text", None, " "))
    author = next((ev[1][1] for ev in events if ev[0] == "text" and ev[1] is not None and ev[1][0] != "strike"),
                  None) \
        or next((ev[2] for ev in events if ev[0] == "cstart"), None)
    if author is None:
        return None
    words = " ".join("".join(ev[2] for ev in events if ev[0] == "text" and (ev[1] is None or ev[1][0] != "del"))
                     .split())
    said = [ev[4] for ev in events if ev[0] == "cstart" and ev[4]]
    return author, words + "".join(f" (comment: {b})" for b in said)


def _events(content: list, state, out: list, baseline: Optional[str]) -> None:
    for x in content:
        t = x.get("t")
        if t == "Span":
            (_i, classes, attrs), inner = x["c"]
            attrs = dict(attrs)
            if "comment-start" in classes:
                out.append(("cstart", attrs.get("id", ""), attrs.get("author", ""), attrs.get("date"),
                            " ".join(plain_text(_without_deletions(inner)).split())))
                continue
            if "comment-end" in classes:
                _events(inner, state, out, baseline)
                out.append(("cend", attrs.get("id", "")))
                continue
            if "paragraph-deletion" in classes:  # the paragraph's break deleted: joined to the next one
                if baseline is None or attrs.get("author", "") != baseline:
                    out.append(("join", attrs.get("author", "")))
                continue
            if "insertion" in classes or "deletion" in classes or "paragraph-insertion" in classes:
                op = "del" if "deletion" in classes else "ins"
                author = attrs.get("author", "")
                if baseline is not None and author == baseline:
                    if op == "del":
                        continue  # the packet's old words: not in the guideline now
                    _events(inner, state, out, baseline)
                    continue
                _events(inner, (op, author, attrs.get("date")), out, baseline)
                continue
            _events(inner, state, out, baseline)
        elif t == "Str":
            out.append(("text", state, x["c"]))
        elif t in BREAKS:
            out.append(("text", state, " "))
        elif t == "Strikeout" and state is None:  # struck through with the Font setting (ux27)
            _events(x["c"], ("strike", "", None), out, baseline)
        elif t in STYLES:
            _events(x["c"], state, out, baseline)
        elif t == "Link":
            _events(x["c"][1], state, out, baseline)
        elif t == "Quoted":
            q = quote_marks(x)
            out.append(("text", state, q[0]))
            _events(x["c"][1], state, out, baseline)
            out.append(("text", state, q[1]))
        elif t == "Code":
            out.append(("text", state, x["c"][1]))
        elif t == "Note":
            found = _reviewers_note(x["c"], state, baseline)
            if found is not None:
                out.append(("note", *found))
        # images, math and raw markup carry no guideline text; a note only a reviewer's words


# --------------------------------------------------------------------------- placing words


def _key(text: str) -> tuple[str, list[int]]:
    """Letters and digits of ``text`` (lower case) and where each came from."""
    chars: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            low = ch.lower()
            chars.append(low if len(low) == 1 else ch)
            idx.append(i)
    return "".join(chars), idx


@dataclass
class _KeyedUnit:
    """A text unit with its letters-and-digits key (``_key``) and where each key character is."""

    unit: Any
    key: str
    idx: list


@dataclass
class Placement:
    unit: Any
    start: int
    end: int


@dataclass
class ParagraphAt:
    """Where a Word paragraph is in the guideline: the unit whose text holds it (None when it
    is not found), where the paragraph's key starts in that unit's key (-1 when not found) and
    where its body starts in ``text`` (after a leading clause reference such as
    ``response.violence.1``)."""

    text: str
    unit: Optional[_KeyedUnit]
    key_offset: int
    body_start: int
    # the text of the clause whose id leads the paragraph, when the paragraph's words are no
    # longer all in it (the guideline changed since the packet was made): words are looked for there
    lead_unit: Optional[_KeyedUnit] = None

    @property
    def found(self) -> bool:
        return self.unit is not None


_LABEL = re.compile(r"^\s*[^:\n]{1,40}:\s")  # "Owner: ", "Published by: ", "Who does it: "


class Placer:
    """Finds paragraphs and the words in them in the guideline's text units."""

    def __init__(self, data: dict):
        from ..text import guideline_units

        self.units = [_KeyedUnit(u, *_key(u.text)) for u in guideline_units(data)]
        self.ids = {u.unit.element for u in self.units if u.unit.element}

    def paragraph(self, text: str, after: Optional[_KeyedUnit] = None) -> ParagraphAt:
        """Where paragraph ``text`` is in the guideline (``after``: the unit of the paragraph
        before it that was found, which decides between fields of the same words)."""
        body_start = 0
        lead = None
        m = _CLAUSE_LEAD.match(text)
        if m and m.group(1) in self.ids:
            lead, body_start = m.group(1), m.end()
        pk, _ = _key(text[body_start:])
        if not pk:
            return ParagraphAt(text, None, -1, body_start)
        cands = [u for u in self.units if pk in u.key]
        if lead is not None:
            led = [u for u in cands if u.unit.element == lead and u.unit.field == "text"] or \
                  [u for u in cands if u.unit.element == lead]
            if led:
                return ParagraphAt(text, led[0], led[0].key.find(pk), body_start)
        exact = [u for u in cands if u.key == pk]
        if exact:
            return ParagraphAt(text, exact[0], 0, body_start)
        # a short paragraph (a heading, a label) inside longer text is weak evidence
        if cands and (len(pk) >= 24 or (len(cands) == 1 and len(pk) >= 12)):
            return ParagraphAt(text, cands[0], cands[0].key.find(pk), body_start)
        label = _LABEL.match(text) if lead is None else None
        if label is not None:
            # a packet's label before a field's words ("Offers: Elder support", "Hours: Daily, 9 am
            # to 9 pm", "Owner: …"): the words after it are the field. A comment on them was
            # not placed — the label is in no field, and a few words are too short to be looked
            # for in the whole guideline — and the reviewer's question was lost
            lk, _ = _key(text[label.end():])
            same = [u for u in self.units if lk and u.key == lk]
            if same:
                return ParagraphAt(text, self._next(same, after), 0, label.end())
        lead_unit = next((u for u in self.units if lead is not None and u.unit.element == lead
                          and u.unit.field == "text"), None)
        return ParagraphAt(text, None, -1, body_start, lead_unit)

    def _next(self, same: list[_KeyedUnit], after: Optional[_KeyedUnit]) -> _KeyedUnit:
        """Of units with the same words (two services open “24 hours a day”), the first after
        ``after`` in reading order (the packet's order), else the first."""
        if after is not None and len(same) > 1:
            order = {id(u): i for i, u in enumerate(self.units)}
            here = order.get(id(after), -1)
            later = [u for u in same if order[id(u)] > here]
            if later:
                return later[0]
        return same[0]

    def place(self, at: ParagraphAt, start: int, end: int) -> Optional[Placement]:
        """Map ``at.text[start:end]`` (a range of the paragraph) onto the guideline's text: within
        the paragraph's unit when the paragraph was found, else by the words alone when they
        occur exactly once in the whole guideline."""
        body = at.text[at.body_start:]
        s, e = max(start - at.body_start, 0), max(end - at.body_start, 0)
        if at.unit is not None and at.key_offset >= 0:
            _pk, pidx = _key(body)
            ks = next((i for i, j in enumerate(pidx) if j >= s), len(pidx))
            ke = next((i for i in range(len(pidx) - 1, -1, -1) if pidx[i] < e), -1) + 1
            if ks < ke:
                keyed, off = at.unit, at.key_offset
                us, ue = keyed.idx[off + ks], keyed.idx[off + ke - 1] + 1
                us, ue = _widen(keyed.unit.text, us, ue, body, pidx[ks], pidx[ke - 1] + 1, s, e)
                return Placement(keyed.unit, us, ue)
            return None
        # not a known paragraph: look for the words alone
        words = body[s:e]
        wk, _ = _key(words)
        lu = at.lead_unit
        if lu is not None and len(wk) >= 3 and lu.key.count(wk) == 1:
            # in the clause whose id leads the paragraph (its text changed since the packet)
            k = lu.key.find(wk)
            _pk, pidx = _key(body)
            ks = next((i for i, j in enumerate(pidx) if j >= s), len(pidx))
            us, ue = lu.idx[k], lu.idx[k + len(wk) - 1] + 1
            if ks + len(wk) <= len(pidx):
                us, ue = _widen(lu.unit.text, us, ue, body, pidx[ks], pidx[ks + len(wk) - 1] + 1, s, e)
            return Placement(lu.unit, us, ue)
        if len(wk) < 16 or len(words.split()) < 3:
            return None  # too short to be found in the whole guideline with confidence
        hits = [u for u in self.units if wk in u.key]
        if len(hits) != 1 or hits[0].key.count(wk) != 1:
            return None
        u = hits[0]
        k = u.key.find(wk)
        return Placement(u.unit, u.idx[k], u.idx[k + len(wk) - 1] + 1)


def _word_at(text: str, body_start: int, at: int) -> tuple[int, int]:
    """The word a comment made on no words is about: the one at ``at`` (in it or just before
    it), else the next one, else the last one of the paragraph's text after its clause
    reference, as Word takes the word at the cursor when a comment is inserted with nothing
    selected. A .docx can hold a comment on an empty range (a point in the text; the range of
    a comment whose words were all deleted): it was "not placed … its words are not in the
    guideline", and its words were not stored (hostile24)."""
    at = max(at, body_start)
    for m in re.finditer(r"\w+(?:[’'-]\w+)*", text[body_start:]):
        s, e = body_start + m.start(), body_start + m.end()
        if e >= at:
            return s, e
    last = None
    for last in re.finditer(r"\w+(?:[’'-]\w+)*", text[body_start:]):
        pass
    return (body_start + last.start(), body_start + last.end()) if last else (at, at)


def _widen(utext: str, us: int, ue: int, ptext: str, ps: int, pe: int, want_s: int, want_e: int) -> tuple[int, int]:
    """Extend a letters-and-digits match over the punctuation the paragraph range also covers."""
    while ps > want_s and us > 0 and utext[us - 1] == ptext[ps - 1]:
        us, ps = us - 1, ps - 1
    while pe < want_e and ue < len(utext) and utext[ue] == ptext[pe]:
        ue, pe = ue + 1, pe + 1
    return us, ue


def _join(a: str, b: str) -> str:
    """Join words around an insertion point; a space where two words would run together."""
    if a and b and a[-1].isalnum() and b[0].isalnum():
        return a + " " + b
    return a + b


# --------------------------------------------------------------------------- authors
# Word author names → handles: lic_policy/review/authors.py (HMAC with a key kept outside
# the repository).

from .authors import Authors, authors_path  # noqa: E402,F401


# --------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    review_file: Path
    comments: int = 0
    suggestions: int = 0
    replies: int = 0
    duplicates: int = 0
    packet_comments: int = 0
    unplaced: list = field(default_factory=list)  # (what, author handle, words, a comment's own words or "")
    added: list = field(default_factory=list)  # thread ids
    migrated: Optional[tuple[int, int]] = None  # first-format author map: (handles carried over, hashes dropped)
    identity_threads: list = field(default_factory=list)  # per added comment or reply whose words look
    # like they identify someone, its thread (a reply: the thread it answers)
    untracked: list = field(default_factory=list)  # (where, words): paragraphs changed with Track Changes off
    # (where, clause id or None, field, words before, words now, that version, this version): paragraphs
    # that read as the version the packet showed changes since, the reviewer having rejected them (ux27)
    rejected: list = field(default_factory=list)
    # (where, clause id or None, field, the struck words, whether other words were typed beside them)
    struck: list = field(default_factory=list)
    joined: list = field(default_factory=list)  # (author handle, words): paragraphs a reviewer joined to the next
    footnotes: list = field(default_factory=list)  # (author handle, words before it, its words)
    outside: list = field(default_factory=list)  # (author handle, where, its words): text boxes, headers, footers
    on_no_words: list = field(default_factory=list)  # (who, its words): comments the document only refers to

    @property
    def identities(self) -> int:
        """Added comments and replies whose words look like they identify someone."""
        return len(self.identity_threads)

    def to_dict(self) -> dict:
        return {"review_file": str(self.review_file), "comments": self.comments, "suggestions": self.suggestions,
                "replies": self.replies, "duplicates": self.duplicates, "packet_comments": self.packet_comments,
                "unplaced": [{"what": w, "author": a, "words": t, **({"comment": b} if b else {})}
                             for w, a, t, b in self.unplaced],
                "added": self.added, "identities": self.identities, "identity_threads": self.identity_threads,
                "untracked": [{"where": w, "words": t} for w, t in self.untracked],
                "struck": [{"where": w, "words": t} for w, _c, _f, t, _more in self.struck],
                "rejected": [{"where": w, "before": b, "now": n, "since": v} for w, _c, _f, b, n, v, _now
                             in self.rejected],
                "joined": [{"author": a, "words": t} for a, t in self.joined],
                "footnotes": [{"author": a, "after": b, "words": t} for a, b, t in self.footnotes],
                "outside_the_text": [{"author": a, "where": w, "words": t} for a, w, t in self.outside],
                "on_no_words": [{"author": a, "words": t} for a, t in self.on_no_words],
                "migrated_author_map": ({"carried_over": self.migrated[0], "dropped": self.migrated[1]}
                                        if self.migrated else None)}


def _mask_words(result: ImportResult) -> None:
    """What the import quotes of words it did not import (a comment it could not place, a
    paragraph edited with Track Changes off, a footnote …) is masked where it looks like it
    identifies someone, as ``lic-policy import`` masks what it prints: a reviewer's words reach
    the terminal, a CI log and ``--format json``, not a review file (they were printed as
    written, the name and number a reviewer typed into an edit included; privacy29)."""
    from ..privacy import redact

    def m(text):
        return redact(text) if isinstance(text, str) and text else text

    result.unplaced = [(what, who, m(words), m(comment)) for what, who, words, comment in result.unplaced]
    result.on_no_words = [(who, m(words)) for who, words in result.on_no_words]
    result.untracked = [(where, m(words)) for where, words in result.untracked]
    result.rejected = [(where, clause, fld, m(before), m(now), since, version)
                       for where, clause, fld, before, now, since, version in result.rejected]
    result.struck = [(where, clause, fld, m(words), beside) for where, clause, fld, words, beside in result.struck]
    result.joined = [(who, m(words)) for who, words in result.joined]
    result.footnotes = [(who, m(before), m(words)) for who, before, words in result.footnotes]
    result.outside = [(who, where, m(words)) for who, where, words in result.outside]


def import_reviewed(docx: str | os.PathLike, guideline: str | os.PathLike, *, review_file=None,
                    role: Optional[str] = None, date: Optional[str] = None, dry_run: bool = False) -> ImportResult:
    """Add the comments and tracked changes of a reviewed Word file to the guideline's review file
    (read and written under the review file's write lock)."""
    import contextlib

    from ..store import locked
    from . import threads as _threads

    rpath = Path(review_file) if review_file else _threads.review_path(str(guideline))
    with contextlib.nullcontext() if dry_run else locked(rpath):
        return _import_reviewed(docx, guideline, review_file=review_file, role=role, date=date, dry_run=dry_run)


def _import_reviewed(docx: str | os.PathLike, guideline: str | os.PathLike, *, review_file=None,
                     role: Optional[str] = None, date: Optional[str] = None, dry_run: bool = False) -> ImportResult:
    try:
        job = _Import(docx, guideline, review_file=review_file, role=role, date=date)
    except RecursionError:  # its paragraphs are read recursively: nesting that JSON could hold
        from ..importdoc import NESTED_HINT, NESTED_TOO_DEEPLY

        raise InputError(NESTED_TOO_DEEPLY, file=str(docx), hint=NESTED_HINT) from None
    job.count_packet_comments()
    for para in job.paragraphs:
        job.import_paragraph(para)
    job.flush_new_paragraphs()
    job.comments_on_no_words()
    return job.finish(dry_run)


# How a suggestion made from a tracked change ends. The reviewer may have used Word, LibreOffice
# or another editor, so it names the packet, not a program; earlier versions wrote "(suggested
# in Word)", which counts as the same words when a file is imported again.
_FROM_PACKET = "(a tracked change in the review packet)"
_FROM_PACKET_BEFORE = "(suggested in Word)"


def _thread_key(t) -> tuple:
    """What makes two threads the same (importing a file again adds nothing)."""
    a = t.anchor
    body = " ".join(t.body.split())
    if body.endswith(_FROM_PACKET_BEFORE + "."):
        body = body[:-len(_FROM_PACKET_BEFORE) - 1] + _FROM_PACKET + "."
    return (a.clause, a.field, a.quote.exact, a.position.start, t.kind, body, t.replacement)


class _Import:
    """One import of a reviewed Word file into a guideline's review file, step by step:
    read both (``__init__``), note the packet's own comments, then each paragraph's comments
    (new threads, or replies to the thread on the same words) and tracked changes
    (suggestions), paragraphs a reviewer added (one suggestion after the paragraph before
    them), and save (``finish``)."""

    def __init__(self, docx: str | os.PathLike, guideline: str | os.PathLike, *, review_file, role: Optional[str],
                 date: Optional[str]):
        from ..store import load
        from . import threads as _threads

        gpath = str(guideline)
        if not os.path.isfile(gpath):
            from ..store import missing

            raise InputError(missing(gpath), file=gpath, hint="give the guideline's path with --guideline")
        doc = load(gpath, validate=False)
        if not isinstance(doc.data, dict):
            raise InputError("a guideline is a YAML mapping", file=gpath, line=1, column=1)
        ast, props = read_docx(docx)
        shared = shared_comment_id(docx)
        if shared is not None:
            raise InputError(f"{shared[1]} comments with different words share the id {shared[0]} in "
                             "word/comments.xml, so which words each is on cannot be told apart; nothing was "
                             "imported", file=str(docx),
                             hint="ask the reviewer for the file as they saved it from Word or LibreOffice: a "
                                  "converter, or a tool that joined two files, gives two comments one id")
        self.gpath = gpath
        # a packet whose custom properties another program dropped still carries its findings'
        # author; its own tracked changes then have the default author
        self.is_packet = PACKET_MARK in props or has_packet_comments(docx)
        baseline = (props.get("lic_policy_change_author") or DEFAULT_CHANGE_AUTHOR) if self.is_packet else None
        # the version the packet showed its changes since: a paragraph that reads as it did there
        # is one whose shown changes the reviewer rejected
        self.since = props.get("lic_policy_since") if self.is_packet else None
        self._since_placer: Any = False  # not looked for yet
        self.version = guideline_version(doc.data)

        rpath = Path(review_file) if review_file else _threads.review_path(gpath)
        self.rdoc = _threads.load(rpath, guideline_name=os.path.basename(gpath))
        self.review = self.rdoc.review
        from ..errors import shell_word

        command = f"lic-policy review import {shell_word(docx)} {shell_word(gpath)}" + (
            f" --review-file {shell_word(review_file)}" if review_file else "")
        self.authors = Authors(authors_path(rpath), self.review, role, source=str(docx), command=command)
        self.fallback_date = _threads.now(date) if date else _threads.today()
        self.result = ImportResult(rpath)
        self.placer = Placer(doc.data)
        # what is there already (importing again adds nothing)
        self.by_key = {_thread_key(t): t.id for t in self.review.threads}
        self.file_threads: dict[tuple, str] = {}  # this file's threads by their words (Word stores replies so)
        # the packet's thread comments, by their place, so replies on the same words join them
        self.packet_threads: dict[tuple, str] = {}
        # the packet's notes on the check's findings, by their place: what an answer to one is about
        self.packet_findings: dict[tuple, str] = {}
        self.paragraphs = paragraphs(ast, baseline)
        self.docx = docx
        self.placed_comments = _comment_ids(ast.get("blocks", ast), set())
        self.outside = changes_outside(docx, baseline)  # text boxes, headers, footers: never read by pandoc
        self.initials = comment_initials(docx) if self.is_packet else {}
        self.shown: dict[tuple, str] = {}  # a packet's thread comments: (author label, the thread's words) → id
        for t in self.review.threads:
            # a suggestion sent without a reason shows only its wording in the packet (ux29)
            said = t.said if t.said else f"Suggested wording: “{t.replacement}”"
            self.shown.setdefault((author_label(t.author), " ".join(said.split())), t.id)
        self.last_placed: Optional[ParagraphAt] = None  # the last paragraph found in the guideline
        self.new_paragraphs: list = []  # paragraphs a reviewer added after it: (author, date, text)

    def created(self, value: Optional[str]) -> str:
        """The day a comment or change was made (Word's minute, on the reviewer's own clock,
        would tell everyone with the review file when and in what time zone they worked)."""
        # a comment without a date (or with one no timestamp can hold) gets --date as typed, else today
        return day_stamp(utc_stamp(value)) or self.fallback_date

    # ---------------------------------------------------------------- the packet's own comments

    def packet_thread(self, c) -> Optional[str]:
        """The thread a packet comment shows: its id is the comment's initials (Word keeps
        them; a file saved by another program may not), else the comment is by the thread's
        author and reads as the packet wrote it ("Question (open): ..."); packets before
        these wrote "[t2 · ...]" at the start."""
        initials = self.initials.get(c.id, "")
        if THREAD_INITIALS.match(initials) and self.review.thread(initials) is not None:
            # only a thread the review file has: a reviewer whose Word initials read 't7' (or
            # a program that wrote such initials) was taken for the packet, the comment dropped
            return initials
        m = THREAD_MARK.match(c.body)
        if m:
            return m.group(1)
        m = _SHOWN_THREAD.match(c.body)
        if m:
            words = " ".join(m.group(1).split()).split(" — reply (")[0]
            if not words.startswith("Suggested wording: "):  # else a suggestion sent without a reason
                words = words.split(" Suggested wording: ")[0]
            return self.shown.get((c.author, words))
        return None

    def packet_note(self, c) -> bool:
        """A comment the packet itself wrote (a thread or a finding), not the reviewer's."""
        return self.is_packet and ((c.author == AUTOMATED_AUTHOR and bool(_FINDING_LEAD.match(c.body)))
                                   or self.packet_thread(c) is not None
                                   or bool(FINDING_MARK.match(c.body))
                                   or (bool(AUTHOR_LABEL.match(c.author or "")) and bool(_SHOWN_THREAD.match(c.body))))

    def comments_on_no_words(self) -> None:
        """A reviewer's comment pandoc dropped (the document refers to it and marks no words):
        named with its words, to be added by hand, never silently lost. Its author is shown by
        handle only: a Word user name that is no handle may be a person's name."""
        for author, words in comments_on_no_words(self.docx, self.placed_comments):
            c = WordComment("", author, None, words, -1)
            if author == AUTOMATED_AUTHOR or self.packet_note(c):
                continue
            m = AUTHOR_LABEL.match(author or "")
            # a handle only as the author map would keep it: `jane.doe (staff)` is a name (privacy29)
            from ..model.review import handle_problem as invalid_handle
            from ..privacy import handle_problem as name_like

            shown = m.group(1) if m and invalid_handle(m.group(1)) is None and name_like(m.group(1)) is None else None
            self.result.on_no_words.append((shown or "a reviewer", words))

    def count_packet_comments(self) -> None:
        """Count the packet's own comments and remember where its thread comments are."""
        for para in self.paragraphs:
            for c in para.comments:
                if self.packet_note(c):
                    self.result.packet_comments += 1
                    tid = self.packet_thread(c)
                    if tid:
                        self.packet_threads[(id(para), c.start, c.end)] = tid
                    else:
                        m = _FINDING_TITLE.match(c.body)
                        if m:
                            self.packet_findings.setdefault((id(para), c.start, c.end),
                                                            m.group(1).strip().strip('"“”'))

    # ---------------------------------------------------------------- adding threads

    def add_thread(self, where: Placement, author, created: str, kind: str, body: str,
                   replacement: Optional[str] = None) -> tuple[str, bool]:
        """Add a thread on ``where`` unless the same one is there: (its id, whether it is new)."""
        from ..model.anchor import Anchor
        from ..model.review import Thread
        from ..privacy import find_identities

        u = where.unit
        anchor = Anchor.from_text(u.text, where.start, where.end, clause=u.element, field=u.field, version=self.version)
        t = Thread(id=self.review.next_id(), anchor=anchor, author=author, created=created, kind=kind, body=body,
                   replacement=replacement)
        k = _thread_key(t)
        if k in self.by_key:
            self.result.duplicates += 1
            return self.by_key[k], False
        self.by_key[k] = t.id
        self.review.threads.append(t)
        self.result.added.append(t.id)
        if find_identities(body) or (replacement and find_identities(replacement)):
            self.result.identity_threads.append(t.id)
        return t.id, True

    def suggest(self, where: Placement, author, created: str, body: str, replacement: str) -> None:
        if self.add_thread(where, author, created, "suggestion", body, replacement)[1]:
            self.result.suggestions += 1

    def flush_new_paragraphs(self) -> None:
        """The paragraphs a reviewer added since the last one found: one suggestion to add them
        after the last words of that paragraph."""
        if not self.new_paragraphs:
            return
        texts = "\n\n".join(t for _a, _d, t in self.new_paragraphs)
        author = self.authors.author(self.new_paragraphs[0][0])
        created = self.created(self.new_paragraphs[0][1])
        self.new_paragraphs.clear()
        where = None
        at = self.last_placed
        if at is not None:
            m = re.search(r"\S+\s*$", at.text[at.body_start:])
            if m is not None and at.unit.unit.field not in HEADING_FIELDS:
                s = at.body_start + m.start()
                where = self.placer.place(at, s, s + len(m.group().rstrip()))
        if where is None:
            self.result.unplaced.append(("suggestion", author.handle, texts, ""))
            return
        quote = where.unit.text[where.start:where.end]
        self.suggest(where, author, created, f"Add a paragraph after “{quote}”: “{texts}” {_FROM_PACKET}.",
                     quote + "\n\n" + texts)

    # ---------------------------------------------------------------- suggestions applied since

    def applied(self, ch: WordChange, text: str) -> bool:
        """Whether ``ch`` is a suggestion already made from this file and applied since:
        a resolved or accepted suggestion by the same author, on the same words, with the
        same new wording."""
        handle = self.authors.author(ch.author).handle
        inserted = _key(ch.inserted)[0]
        if ch.end > ch.start:
            quote = _key(text[ch.start:ch.end])[0]
        else:  # an insertion: its thread is on the word before it (or after it)
            m = re.search(r"\S+\s*$", text[:ch.start]) or re.match(r"\s*\S+", text[ch.start:])
            quote = _key(m.group())[0] if m else ""
        for t in self.review.threads:
            if t.kind != "suggestion" or t.status not in ("resolved", "accepted") or t.author.handle != handle:
                continue
            exact, replacement = _key(t.anchor.quote.exact)[0], _key(t.replacement or "")[0]
            if ch.end > ch.start and exact == quote and replacement == inserted:
                return True
            if ch.end == ch.start and inserted and exact == quote and replacement in (quote + inserted,
                                                                                       inserted + quote):
                return True
        return False

    def as_applied(self, para: Paragraph) -> Optional[tuple[Paragraph, int]]:
        """``para`` as the guideline reads it once the suggestions already applied from it are
        in (comments and the other changes moved along): (that paragraph, how many were
        applied), or None when none were."""
        done = [ch for ch in para.changes if self.applied(ch, para.text)]
        if not done:
            return None
        text, shift, pos = [], [], 0  # shift: (before-offset, after-offset) at each change
        out = 0
        for ch in sorted(done, key=lambda c: c.start):
            text.append(para.text[pos:ch.start])
            out += ch.start - pos
            shift.append((ch.start, out, ch.end, out + len(ch.inserted)))
            text.append(ch.inserted)
            out += len(ch.inserted)
            pos = ch.end
        text.append(para.text[pos:])

        def moved(i: int) -> int:
            delta = 0
            for start, new_start, end, new_end in shift:
                if i >= end:
                    delta = new_end - end
                elif i > start:  # inside a changed range: its start
                    return new_start
            return i + delta

        comments = [WordComment(c.id, c.author, c.date, c.body, moved(c.start), moved(c.end)) for c in para.comments]
        changes = [WordChange(moved(ch.start), moved(ch.end), ch.inserted, ch.author, ch.date)
                   for ch in para.changes if ch not in done]
        return Paragraph("".join(text), comments, changes), len(done)

    # ---------------------------------------------------------------- one paragraph

    def find(self, para: Paragraph) -> tuple[Paragraph, ParagraphAt]:
        """Where ``para`` is in the guideline; a paragraph not found as it was may be found with
        the suggestions already imported from it and applied since (then that paragraph is
        the one read on)."""
        after = self.last_placed.unit if self.last_placed is not None else None
        at = self.placer.paragraph(para.text, after)
        if at.unit is None and para.changes and para.text.strip():
            redone = self.as_applied(para)
            if redone is not None:
                again = self.placer.paragraph(redone[0].text, after)
                if again.unit is not None:
                    for was, now in zip(para.comments, redone[0].comments):  # packet threads keep their replies
                        if (id(para), was.start, was.end) in self.packet_threads:
                            self.packet_threads[(id(redone[0]), now.start, now.end)] = \
                                self.packet_threads[(id(para), was.start, was.end)]
                    para, at = redone[0], again
                    self.result.duplicates += redone[1]
        return para, at

    def import_paragraph(self, para: Paragraph) -> None:
        deleted = sum(ch.end - ch.start for ch in para.changes)
        if para.joined is not None and para.text.strip() and deleted < len(para.text.strip()):
            # (a paragraph deleted whole, its break with it, is the deletion's suggestion alone)
            # a clause joined to the next one is no change of words a suggestion can carry: named,
            # not dropped (it was, and the import said the file held no tracked change)
            words = " ".join(para.text.split())
            self.result.joined.append((self.authors.author(para.joined).handle,
                                       words if len(words) <= 60 else "…" + words[-59:]))
        for author, pos, words in para.notes:
            before = " ".join(para.text[:pos].split())
            self.result.footnotes.append((self.authors.author(author).handle,
                                          before if len(before) <= 40 else "…" + before[-39:], words))
        para, at = self.find(para)
        if not para.text.strip():
            added = [ch for ch in para.changes if ch.inserted.strip()]
            if added:  # a paragraph the reviewer added
                self.new_paragraphs.append((added[0].author, added[0].date,
                                            " ".join(" ".join(ch.inserted.split()) for ch in added)))
            for c in para.comments:  # on words that are not in the guideline (e.g. removed ones)
                if c.body and not self.packet_note(c):
                    self.result.unplaced.append(("comment", self.authors.author(c.author).handle,
                                                 para.text[c.start:c.end] or para.text[:60], c.body))
            return
        self.flush_new_paragraphs()
        if para.struck and not para.changes:
            self.struck_edit(para, at)
        elif at.unit is not None:
            self.last_placed = at
        elif not para.changes:
            self.untracked_edit(para)
        for c in para.comments:
            if not self.packet_note(c) and c.body:
                self.import_comment(para, at, c)
        for ch in para.changes:
            self.import_change(para, at, ch)

    def struck_edit(self, para: Paragraph, at: ParagraphAt) -> None:
        """A paragraph with words struck through with the Font setting, not Track Changes (a
        reviewer who does not use Track Changes, striking out words and typing others beside
        them): named with its field, the struck words and what to do; it was “nothing to import”,
        the edit lost (ux27)."""
        unit = at.unit.unit if at.unit is not None else None
        if unit is None:
            best = self.untracked_edit(para, name=False)
            unit = best.unit if best is not None else None
        if unit is None:
            return
        if at.unit is not None:
            self.last_placed = at
        where = f"{unit.element}.{unit.field}" if unit.element else unit.field
        words = " … ".join(" ".join(w.split()) for w, _end in para.struck if w.strip())
        self.result.struck.append((where, unit.element, unit.field, words, at.unit is None))

    def untracked_edit(self, para: Paragraph, name: bool = True) -> Optional["_KeyedUnit"]:
        """A paragraph not in the guideline, without tracked changes, that reads like one of its
        text units with some words changed: a reviewer edited it with Track Changes off. Such
        an edit cannot be told from the packet's words (what was there is gone), so it is
        named, not imported (before, it was dropped without a word). The packet's own
        paragraphs (notes, findings, a label before a unit's words) are not: they hold no unit's
        words in changed form."""
        import difflib

        # the clause's reference the packet starts each clause with (“response.complaints.1 …”) is
        # in no field: set aside, as ``Placer.paragraph`` does, or a clause whose last words were
        # changed matched nothing and the edit went unsaid (“nothing to import”, ux27)
        lead = _CLAUSE_LEAD.match(para.text)
        lead_id = lead.group(1) if lead and lead.group(1) in self.placer.ids else None
        pk, _ = _key(para.text[lead.end():] if lead_id else para.text)
        if len(pk) < 24:
            return None
        label = _LABEL.match(para.text)
        if label is not None:  # "Published by: Living in Community": a packet's label before a value
            rest, _ = _key(para.text[label.end():])
            if not rest or any(rest in u.key for u in self.placer.units):
                return None
        best, ratio = None, 0.0
        for u in self.placer.units:
            if lead_id is not None and u.unit.element != lead_id:
                continue  # the clause the paragraph names
            if len(u.key) < 24 or (u.key in pk and not para.struck) or not (pk[:16] in u.key or pk[-16:] in u.key):
                continue  # a label before the unit's words; or not the same paragraph at all
            sm = difflib.SequenceMatcher(None, pk, u.key, autojunk=False)
            # how much of the paragraph is in the unit: one paragraph of a field of several (a
            # purpose with a list) made a ratio against the whole field too small to name (ux27)
            # (in runs of 8 letters or more: stray letters of a long field match anything)
            r = max(sm.ratio(), sum(b.size for b in sm.get_matching_blocks() if b.size >= 8) / len(pk)
                    if len(u.key) > len(pk) else 0)
            if r > ratio:
                best, ratio = u, r
        if best is not None and ratio >= 0.75 and not name:
            return best
        if best is not None and ratio >= 0.75:
            unit = best.unit
            where = f"{unit.element}.{unit.field}" if unit.element else unit.field
            rejected = self.rejected_change(para.text, best, pk)
            if rejected is not None:
                self.result.rejected.append((where, unit.element, unit.field, *rejected, self.since, self.version))
                return None
            self.result.untracked.append((where, " ".join(para.text.split())))
        return None

    def since_placer(self) -> Optional["Placer"]:
        """The words of the version the packet showed its changes since (a copy beside the
        guideline or its git history, as ``review packet --since`` found it), or None."""
        if self._since_placer is False:
            self._since_placer = None
            if self.since:
                from ..errors import LicPolicyError
                from ..versions import from_history

                try:
                    old = from_history(self.since, self.gpath)
                except (LicPolicyError, OSError, ValueError):
                    old = None
                if old is not None and isinstance(old.data, dict):
                    self._since_placer = Placer(old.data)
        return self._since_placer

    def rejected_change(self, text: str, now: "_KeyedUnit", pk: str) -> Optional[tuple[str, str]]:
        """(the words as they were, the words now) when paragraph ``text`` of unit ``now`` reads as
        the version the packet showed changes since and not as the guideline reads now: the
        reviewer rejected the packet's tracked change there (Word's *Reject* leaves the old
        words as plain text, so it looked like an edit made with Track Changes off)."""
        import difflib

        old = self.since_placer()
        if old is None or pk in now.key:
            return None
        if not any(u.unit.element == now.unit.element and u.unit.field == now.unit.field and pk in u.key
                   for u in old.units):
            return None
        m = _CLAUSE_LEAD.match(text)
        words = text[m.end():].split() if m and m.group(1) in self.placer.ids else text.split()
        current = now.unit.text.split()
        ops = difflib.SequenceMatcher(None, current, words, autojunk=False).get_opcodes()
        while ops and ops[0][0] != "equal":  # the unit's words before this paragraph
            ops.pop(0)
        while ops and ops[-1][0] != "equal":  # … and after it
            ops.pop()
        changed = [(" ".join(words[j1:j2]), " ".join(current[i1:i2])) for op, i1, i2, j1, j2 in ops if op != "equal"]
        if not changed:
            return None
        return " … ".join(b for b, _n in changed), " … ".join(n for _b, n in changed)

    def import_comment(self, para: Paragraph, at: ParagraphAt, c: WordComment) -> None:
        """A reviewer's comment: a reply to the thread on exactly these words, or a new thread."""
        from ..model.review import Reply
        from ..privacy import find_identities

        result = self.result
        author = self.authors.author(c.author)
        created = self.created(c.date)
        place = (id(para), c.start, c.end)
        parent_id = self.packet_threads.get(place) or self.file_threads.get(place)
        parent = self.review.thread(parent_id) if parent_id else None
        if parent is not None:
            if any(" ".join(r.body.split()) == c.body for r in parent.replies):
                result.duplicates += 1
                return
            parent.replies.append(Reply(author=author, created=created, body=c.body))
            result.replies += 1
            if find_identities(c.body):
                result.identity_threads.append(parent.id)
            return
        start, end = (c.start, c.end) if c.end > c.start else _word_at(para.text, at.body_start, c.start)
        where = self.placer.place(at, start, end) if end > start else None
        if where is None:
            result.unplaced.append(("comment", author.handle, para.text[start:end] or para.text[:60], c.body))
            return
        body = c.body
        note = self.packet_findings.get(place)
        if note:
            # an answer to the check's note on these words (Word's reply, or a comment on the
            # same words): alone, “Agree.” on “Call police” said nothing of what it agrees with (ux17)
            body = f"On the automated check's note “{note}”: {body}"
        tid, new = self.add_thread(where, author, created, "comment", body)
        self.file_threads[place] = tid  # later comments on exactly these words are its replies
        if new:
            result.comments += 1

    def import_change(self, para: Paragraph, at: ParagraphAt, ch: WordChange) -> None:
        """A tracked change: a suggestion to replace, delete or insert words. An insertion is
        anchored on the word before it (or the word after it at the start of a paragraph)."""
        author = self.authors.author(ch.author)
        s, e, inserted = ch.start, ch.end, ch.inserted
        lead_text: Optional[str] = ""  # an insertion's words between the anchor and it; None: anchored after it
        if e == s:
            if not inserted.strip():
                return
            before = re.search(r"\S+\s*$", para.text[at.body_start:s])
            if before is not None:
                s = at.body_start + before.start()
                lead_text = para.text[s:ch.start]
            else:
                after = re.match(r"\s*\S+", para.text[s:])
                if after is None:
                    self.result.unplaced.append(("suggestion", author.handle, inserted, ""))
                    return
                e = s + after.end()
                lead_text = None
        created = self.created(ch.date)
        where = self.placer.place(at, s, e)
        if where is None:
            self.result.unplaced.append(("suggestion", author.handle, para.text[s:e] or inserted, ""))
            return
        quote = where.unit.text[where.start:where.end]
        body, replacement = _suggestion(ch, quote, lead_text)
        self.suggest(where, author, created, body, replacement)

    # ---------------------------------------------------------------- saving

    def finish(self, dry_run: bool) -> ImportResult:
        from . import threads as _threads

        result, review = self.result, self.review
        for author, where, words in self.outside:
            result.outside.append((self.authors.author(author).handle, where, words))
        if self.authors.migrated:
            result.migrated = (self.authors.carried, self.authors.dropped)
        _mask_words(result)
        if not dry_run:
            if result.added or result.replies:
                if review.guideline is None:
                    review.guideline = os.path.basename(self.gpath)
                self.authors.save()
                _threads.save(self.rdoc)
            else:
                self.authors.save()  # a first-format map is rewritten without its hashes even when nothing is new
        return result


def _suggestion(ch: WordChange, quote: str, lead_text: Optional[str]) -> tuple[str, str]:
    """(thread body, replacement) of tracked change ``ch`` on the guideline's words ``quote``;
    for an insertion, ``lead_text`` is the paragraph's text from the quote to the insertion
    (None when the quote is the word after it)."""
    inserted = ch.inserted
    if ch.end == ch.start:
        if lead_text is not None:
            gap = lead_text[len(lead_text.rstrip()):] if lead_text.rstrip() else lead_text
            # the quote may end in the space that separated it from the next word (pandoc moves a
            # space that starts an inserted run out of it): that space stays after the insertion
            tail = quote[len(quote.rstrip()):] if quote.strip() else ""
            head = quote[:len(quote) - len(tail)]
            joined = _join(head + (gap if gap and not head.endswith(gap) else ""), inserted)
            replacement = joined.rstrip() + tail if tail else joined
            return f"Insert “{inserted.strip()}” after “{head.strip()}” {_FROM_PACKET}.", replacement
        return f"Insert “{inserted.strip()}” before “{quote}” {_FROM_PACKET}.", _join(inserted, quote)
    if inserted:
        return f"Replace “{quote}” with “{inserted}” {_FROM_PACKET}.", inserted
    return f"Delete “{quote}” {_FROM_PACKET}.", ""


__all__ = ["import_reviewed", "read_docx", "paragraphs", "Placer", "ImportResult", "authors_path"]
