"""Word review packets: a guideline as a .docx in which the changes since an earlier
version are real Word tracked changes and open review threads and check findings are
real Word comments on their words.

The packet is built as a pandoc document (JSON AST) and written by pandoc's docx
writer, which turns spans with the classes ``insertion``/``deletion`` (attributes
``author``, ``date``) into ``w:ins``/``w:del`` and ``comment-start``/``comment-end``
spans (``id``, ``author``, ``date``) into Word comments:

* the word-level segments of ``lic_policy.redline`` give the insertions and deletions
  of every text field (clauses, section titles and intros, purpose, principles, ...);
* review threads are carried onto the current text with ``threads.reanchor`` (on a
  copy; the review file is not written) and become comments on their quoted words;
  replies are folded into the comment text, because pandoc does not write Word replies;
* check findings (``lic_policy.checks``) become comments on the words they flag;
* links inside insertions and deletions are written as their text only (a hyperlink
  inside a tracked change breaks Word).

Authors are the pseudonymous handles and roles of the review file; dates come from the
threads and the guideline version, never the clock when a version date exists, so the
same input gives the same packet byte for byte (pandoc honours SOURCE_DATE_EPOCH).

Each clause paragraph starts with the clause id in bold, so a person can refer to it and
``lic_policy.review.docx_import`` can put reviewers' comments back on the right clause.
"""

from __future__ import annotations

import copy
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..echo import counted
from ..errors import InputError, LicPolicyError, UsageError
from ..model.vocab import WITHDRAWN
from ..pandoc_ast import (LINEBREAK, SPACE, BulletList, Emph, Header, OrderedList, Para, Span, Strong, document,
                          MetaString, plain_text, spaced_inlines)
from ..publish.markup import inlines as markup_inlines
from ..versions import resolve as resolve_since
from ..text import HEADING_FIELDS
from .threads import day_stamp, utc_stamp

PACKET_MARK = "lic_policy_packet"
"""Custom document property (docProps/custom.xml) that marks a lic-policy review packet."""

DEFAULT_CHANGE_AUTHOR = "guideline editors"
AUTOMATED_AUTHOR = "lic-policy (automated)"
SHOWN_STATUSES = ("open", "accepted")
"""Threads with these statuses become comments; orphaned ones are listed at the end."""

# packets before issue 16 marked their own comments in the text; `review import` still reads them
THREAD_MARK = re.compile(r"^\[(t\d+) · ")
FINDING_MARK = re.compile(r"^\[lic-policy · ")
THREAD_INITIALS = re.compile(r"^t\d+$")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BREAK = re.compile(r"\n[ \t]*\n\s*(?:(?:[-*+]|\d+[.)])[ \t]+)?|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
_MARKER_END = re.compile(r"([-*+]|\d+[.)])[ \t]+$")
_ITEM_START = re.compile(r"^[ \t]*([-*+]|\d+[.)])[ \t]+")


# --------------------------------------------------------------------------- pandoc


def run_pandoc(source: str | bytes, *, from_: str, to: str, args: Iterable[str] = (), output=None,
               timeout: float = 60.0) -> bytes:
    """Run pandoc through ``lic_policy.publish.pandoc.run`` (``--sandbox``, a timeout,
    one-line errors)."""
    from ..publish.pandoc import run

    return run(source, from_=from_, to=to, args=list(args), output=output, timeout=timeout)


# --------------------------------------------------------------------------- AST helpers

# every node is built with lic_policy.pandoc_ast (the one AST vocabulary, shared with the publisher)


def _untracked_inlines(text: str) -> list:
    """Unchanged text reads as the published guideline does: emphasis, code and links (http(s),
    mailto and tel only) rendered by the publisher's Markdown subset. The white space at
    either end, which joins it to a tracked change, is kept (the publisher trims it)."""
    core = text.strip()
    if not core:
        return spaced_inlines(text)
    start = text.index(core)
    return spaced_inlines(text[:start]) + markup_inlines(core) + spaced_inlines(text[start + len(core):])


def _tracked_inlines(text: str) -> list:
    """Text inside a tracked change: Markdown links as their text (the change shows the
    words, character for character as the guideline has them; emphasis markers included)."""
    out: list = []
    pos = 0
    for m in _LINK.finditer(text):
        out += spaced_inlines(text[pos:m.start()])
        out += spaced_inlines(m.group(1))
        pos = m.end()
    out += spaced_inlines(text[pos:])
    return out


# --------------------------------------------------------------------------- segments → blocks


@dataclass
class Mark:
    offset: int  # in the new text of the field
    order: int  # 0 = comment end, 1 = comment start (ends first at the same offset)
    inline: dict


@dataclass
class Stats:
    insertions: int = 0
    deletions: int = 0
    thread_comments: int = 0
    finding_comments: int = 0
    orphaned: int = 0
    unplaced_findings: int = 0
    structural: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


class _Builder:
    def __init__(self, change_author: str, change_date: str):
        self.author = change_author
        self.date = change_date
        self.stats = Stats()

    def blocks(self, segments: list, marks: list[Mark], lead: Optional[list] = None,
               as_header: Optional[int] = None) -> list:
        """Word-level segments of one text field, with comment marks, as blocks."""
        events = self._events(segments, marks)
        paras = self._split(events)
        out: list = []
        items: list = []
        start: Optional[int] = None  # the first number of a numbered list; None for bullets

        def close() -> None:
            nonlocal items
            if items:  # numbered steps keep their numbers: their order is what reviewers read
                out.append(BulletList(items) if start is None else OrderedList(items, start))
                items = []

        for i, (marker, evs) in enumerate(paras):
            content = self._inlines(evs)
            if i == 0 and lead:
                content = lead + ([SPACE] if content else []) + content
            if as_header is not None:
                out.append(Header(as_header, content))
                continue
            if marker:
                number = int(marker.rstrip(".)")) if marker[0].isdigit() else None
                if items and (number is None) != (start is None):
                    close()  # a bulleted list after a numbered one, or the other way round
                if not items:
                    start = number
                items.append([Para(content)])
                continue
            close()
            out.append(Para(content))
        close()
        return out

    @staticmethod
    def _events(segments: list, marks: list[Mark]) -> list:
        from ..redline import DELETE

        marks = sorted(marks, key=lambda m: (m.offset, m.order))
        events: list = []
        mi = 0
        pos = 0

        def flush(upto: int) -> None:
            nonlocal mi
            while mi < len(marks) and marks[mi].offset <= upto:
                events.append(("mark", marks[mi].inline))
                mi += 1

        for op, text in segments:
            if op == DELETE:
                flush(pos)
                events.append(("text", op, text))
                continue
            i = 0
            while i < len(text):
                flush(pos)
                nxt = marks[mi].offset if mi < len(marks) else pos + len(text) - i
                take = max(1, min(len(text) - i, nxt - pos))
                events.append(("text", op, text[i:i + take]))
                i += take
                pos += take
        flush(10 ** 12)
        return events

    @staticmethod
    def _split(events: list) -> list[tuple[str, list]]:
        """Split the event stream into paragraphs and list items, each with its marker ("-",
        "2."; "" for a paragraph)."""
        paras: list[tuple[str, list]] = []
        cur: list = []
        cur_item = ""
        started = False

        def push() -> None:
            nonlocal cur
            if any(e[0] == "text" and e[2].strip() for e in cur) or any(e[0] == "mark" for e in cur):
                paras.append((cur_item, cur))
            cur = []

        for ev in events:
            if ev[0] != "text":
                cur.append(ev)
                continue
            _kind, op, text = ev
            if not started and text.strip():
                m = _ITEM_START.match(text)
                if m:
                    cur_item = m.group(1)
                    text = text[m.end():]
                started = True
            pos = 0
            for m in _BREAK.finditer(text):
                if m.start() > pos:
                    cur.append(("text", op, text[pos:m.start()]))
                push()
                end = _MARKER_END.search(m.group(0))
                cur_item = end.group(1) if end else ""
                pos = m.end()
            if pos < len(text):
                cur.append(("text", op, text[pos:]))
        push()
        return paras

    def _inlines(self, events: list) -> list:
        from ..redline import DELETE, INSERT

        out: list = []
        group_op = None
        group: list[str] = []

        def close() -> None:
            nonlocal group_op, group
            if group_op is None:
                return
            text = "".join(group)
            if group_op in (INSERT, DELETE) and not text.strip():
                out.extend(spaced_inlines(text))  # a tracked change of white space only: not worth a mark
            elif group_op == INSERT and text:
                content = _tracked_inlines(text)
                if content:
                    out.append(Span(content, ["insertion"], kv=[("author", self.author), ("date", self.date)]))
                    self.stats.insertions += 1
            elif group_op == DELETE and text:
                content = _tracked_inlines(text)
                if content:
                    out.append(Span(content, ["deletion"], kv=[("author", self.author), ("date", self.date)]))
                    self.stats.deletions += 1
            else:
                out.extend(_untracked_inlines(text))
            group_op, group = None, []

        for ev in events:
            if ev[0] == "mark":
                close()
                out.append(ev[1])
                continue
            _k, op, text = ev
            if op != group_op:
                close()
                group_op = op
            group.append(text)
        close()
        # trim leading/trailing spaces of the paragraph
        while out and out[0].get("t") == "Space":
            out.pop(0)
        while out and out[-1].get("t") == "Space":
            out.pop()
        return out


# --------------------------------------------------------------------------- dates and authors


def version_date(data: dict, review=None) -> Optional[str]:
    """The date of a version: adopted or effective date, else the newest thread date."""
    md = data.get("metadata") if isinstance(data, dict) else None
    if isinstance(md, dict):
        for key in ("adopted_date", "effective_date"):
            d = utc_stamp(md.get(key))
            if d:
                return d
    if review is not None:
        stamps = [t.created for t in review.threads] + [r.created for t in review.threads for r in t.replies]
        stamps = [s for s in (utc_stamp(x) for x in stamps) if s]
        if stamps:
            return day_stamp(max(stamps))
    return None



def author_label(author) -> str:
    """How a thread author is shown in Word: the pseudonymous handle and the role."""
    return f"{author.handle} ({author.role})"


# --------------------------------------------------------------------------- building


_TOP_LABELS = {
    "metadata.summary": "Summary", "purpose": "Purpose", "scope.text": "Scope", "scope.excludes": "Not covered",
    "consultation.summary": "Consultation", "governance.terms_of_reference": "Terms of reference",
}
_GROUPS = [("metadata", None), ("purpose", None), ("scope", None), ("definitions", "Definitions"),
           ("principles", "Principles"), ("priorities", "Priorities"), ("sections", None),
           ("services", "Services"), ("consultation", "Consultation"), ("governance", "Governance"),
           ("work_plan", "Work plan"), ("review_schedule", "Review schedule"), ("references", "References")]


@dataclass
class Packet:
    ast: dict
    stats: Stats
    old_version: Optional[str]
    new_version: Optional[str]
    date: str
    change_author: str
    findings: list = field(default_factory=list)


def build_packet(new_doc, old_doc=None, *, review=None, findings: Optional[list] = None,
                 change_author: Optional[str] = None, date: Optional[str] = None,
                 old_label: Optional[str] = None, new_label: Optional[str] = None,
                 rule_titles: Optional[dict] = None, agreements: Optional[dict] = None) -> Packet:
    """The pandoc document of a review packet (no I/O). Without ``old_doc`` it is a first
    round: the current text with its comments, no tracked changes. ``rule_titles`` (rule id →
    title) lead the findings' comments; ``agreements`` (thread id → how many reviewers agree,
    from the review room) go in the head of the threads' comments."""
    from ..redline import redline
    from . import threads as _threads

    first_round = old_doc is None
    rl = redline(new_doc if first_round else old_doc, new_doc,
                 old_label=old_label or getattr(old_doc, "file", "old"),
                 new_label=new_label or getattr(new_doc, "file", "new"))
    date = _threads.now(date) if date else (version_date(rl.new_data, review) or _threads.now())
    author = change_author or DEFAULT_CHANGE_AUTHOR
    lay = _PacketLayout(rl, _Builder(author, date), rule_titles or {}, agreements or {})
    lay.stats.structural = len(rl.structural)
    orphaned = lay.comment_threads(review)
    unplaced = lay.comment_findings(findings or [])
    lay.stats.orphaned = len(orphaned)
    lay.stats.unplaced_findings = len(unplaced)

    title_unit, by_group, removed_by_group = lay.units_by_group()
    from ..guideline_data import mapping, place_not_in_title

    meta_data = mapping(rl.new_data.get("metadata"))  # not a mapping in a guideline that does not validate
    title_text = title_unit.text if title_unit else str(meta_data.get("title") or "Guideline")
    blocks = lay.title_blocks(title_unit, title_text)
    blocks += _about(rl, lay.stats, author, date, first_round)
    blocks += lay.unplaced_blocks(unplaced)
    blocks += lay.group_blocks(by_group, removed_by_group)
    blocks += _orphaned_blocks(orphaned)
    meta = {
        "title": {"t": "MetaInlines", "c": spaced_inlines(f"Review packet: {title_text}" + (
            f" — {place}" if (place := place_not_in_title(meta_data, title_text)) else ""))},
        "date": MetaString(date[:10]),
        PACKET_MARK: MetaString("1"),
        "lic_policy_guideline": MetaString(str(meta_data.get("id") or "")),
        "lic_policy_version": MetaString(str(rl.new_version or "")),
        "lic_policy_since": MetaString(str(rl.old_version or "")),
        "lic_policy_change_author": MetaString(author),
    }
    ast = document(meta, blocks)
    return Packet(ast, lay.stats, rl.old_version, rl.new_version, date, author, list(findings or []))


class _PacketLayout:
    """The parts of a review packet, built in turn by ``build_packet``: the comments (threads
    re-anchored on a copy of the review, and findings) keyed by (element, field), then the
    title, the fields group by group with their tracked changes and comments, and the
    threads that lost their place."""

    def __init__(self, rl, builder: "_Builder", rule_titles: dict, agreements: Optional[dict] = None):
        from ..text import guideline_units

        self.agreements = agreements or {}
        self.rl = rl
        self.b = builder
        self.stats = builder.stats
        self.titles = rule_titles
        self.new_units = list(guideline_units(rl.new_data))
        self.new_keys = {(u.element, u.field) for u in self.new_units}
        self.marks: dict[tuple, list[Mark]] = {}
        self.next_comment_id = 0
        self.text_by = {(t.element, t.field): t for t in rl.text}

    # ---------------------------------------------------------------- comments

    def add_comment(self, key: tuple, start: int, end: int, who: str, when: str, body: list, initials: str) -> None:
        """A Word comment; ``initials`` (Word's w:initials, not shown in the comment's text)
        carries the thread id or the rule id, for `review import` and for the curious."""
        cid = str(self.next_comment_id)
        self.next_comment_id += 1
        self.marks.setdefault(key, []).append(
            Mark(start, 1, Span(body, ["comment-start"], kv=[("id", cid), ("author", who), ("initials", initials),
                                                             ("date", when)])))
        self.marks.setdefault(key, []).append(Mark(end, 0, Span([], ["comment-end"], kv=[("id", cid)])))

    def comment_threads(self, review) -> list:
        """A comment for each shown thread, re-anchored on a copy of ``review``; returns the
        threads that lost their place."""
        from . import threads as _threads
        from .anchoring import UnitIndex

        orphaned: list = []
        if review is None:
            return orphaned
        shown = copy.deepcopy(review)
        shown.threads = [t for t in shown.threads if t.status in SHOWN_STATUSES + ("orphaned",)]
        _threads.reanchor(shown, self.rl.new_data, index=UnitIndex(self.new_units))
        for t in shown.threads:
            if t.status == "orphaned":
                orphaned.append(t)
                continue
            a = t.anchor
            self.add_comment((a.clause, a.field), a.position.start, a.position.end, author_label(t.author),
                             day_stamp(utc_stamp(t.created)) or self.b.date, thread_comment(t, self.agreements.get(t.id, 0)),
                             t.id)
            self.stats.thread_comments += 1
        return orphaned

    def comment_findings(self, findings: list) -> list:
        """A comment for each finding on words of a text field; returns the others (about the
        document or a non-text field), which are listed at the top."""
        unplaced = []
        for f in findings:
            a = f.anchor
            if a is None or a.quote is None or not a.quote.exact or (a.clause, a.field or "text") not in self.new_keys:
                unplaced.append(f)
                continue
            self.add_comment((a.clause, a.field or "text"), a.position.start, a.position.end, AUTOMATED_AUTHOR,
                             self.b.date, finding_comment(f, self.titles.get(f.rule_id)), f.rule_id)
            self.stats.finding_comments += 1
        return unplaced

    # ---------------------------------------------------------------- text

    def segs_of(self, unit_key: tuple, text: str) -> list:
        """The redline segments of a field (all unchanged when the redline has none)."""
        from ..redline import EQUAL

        t = self.text_by.get(unit_key)
        if t is not None:
            return t.segments
        return [(EQUAL, text)] if text else []

    def units_by_group(self) -> tuple:
        """(the title's unit, the new text units by top-level group, the removed ones by group
        outside the sections)."""
        from ..text import guideline_units

        title_unit = None
        by_group: dict[str, list] = {}
        for u in self.new_units:
            if u.field == "metadata.title":
                title_unit = u
                continue
            by_group.setdefault(str(u.path[0]), []).append(u)
        removed_by_group: dict[str, list] = {}
        for u in guideline_units(self.rl.old_data):
            t = self.text_by.get((u.element, u.field))
            if t is not None and t.op == "removed" and (u.element, u.field) not in self.new_keys \
                    and u.path[0] != "sections":
                removed_by_group.setdefault(str(u.path[0]), []).append(u)
        return title_unit, by_group, removed_by_group

    def title_blocks(self, title_unit, title_text: str) -> list:
        if title_unit is not None:
            return self.b.blocks(self.segs_of((None, "metadata.title"), title_unit.text),
                                 self.marks.get((None, "metadata.title"), []), as_header=1)
        return [Header(1, spaced_inlines(title_text))]

    def unplaced_blocks(self, unplaced: list) -> list:
        if not unplaced:
            return []
        return [Header(2, spaced_inlines("Points about the whole document")),
                Para(spaced_inlines("What the automated check found that is not about particular words:")),
                BulletList([[Para(finding_comment(f, self.titles.get(f.rule_id), suggestions=False))]
                            for f in unplaced])]

    def unit_blocks(self, u, level: int) -> list:
        """One field: a heading when it names its element, else its text after a label."""
        b = self.b
        key = (u.element, u.field)
        segs = self.segs_of(key, u.text)
        mk = self.marks.get(key, [])
        name = _field_name(u)
        if name in HEADING_FIELDS:
            return b.blocks(segs, mk, as_header=level)
        label = _TOP_LABELS.get(u.field)
        if label is not None:
            return [Header(2, spaced_inlines(label))] + b.blocks(segs, mk)
        words = _plain_label(u, self.rl.new_data)
        if words:
            return b.blocks(segs, mk, lead=[Emph(spaced_inlines(words + ":"))])
        return b.blocks(segs, mk)

    def group_blocks(self, by_group: dict, removed_by_group: dict) -> list:
        """Every group of fields in the guideline's order (the sections as the redline lays
        them out), removed fields after the group's current ones."""
        from ..redline import layout

        blocks: list = []
        for group, heading in _GROUPS:
            if group == "consultation":  # where the published guideline says how it was developed
                blocks += involvement_blocks(self.rl.new_data)
            if group == "sections":
                blocks += _section_blocks(self.rl, layout, self.b, self.marks, self.segs_of, self.new_units)
                continue
            units = by_group.get(group, [])
            removed = removed_by_group.get(group, [])
            if not units and not removed:
                continue
            if heading:
                blocks.append(Header(2, spaced_inlines(heading)))
            audiences = False
            for u in units:
                if u.path[:2] == ("scope", "audiences") and not audiences:
                    blocks.append(Header(2, spaced_inlines("Audiences")))
                    audiences = True
                blocks += self.unit_blocks(u, 3)
            for u in removed:
                blocks += self.b.blocks(self.text_by[(u.element, u.field)].segments, [],
                                        lead=[Emph(spaced_inlines(f"Removed ({_plain_label(u, self.rl.old_data) or 'text'}):"))])
        return blocks


def involvement_blocks(data: Any) -> list:
    """How sex workers took part in making the draft (``lic_policy.involvement``), as the review
    room says it: the record's values in words, not text to comment on or change (its own words
    — the summary, a stage's notes — follow under *Consultation*)."""
    from .. import involvement

    blocks: list = [Header(2, spaced_inlines(involvement.HEADING))]
    for f in involvement.facts(data):
        lead = [Strong(spaced_inlines(f.label + ":"))] if f.label else []
        if f.text:
            blocks.append(Para(lead + ([SPACE] if lead else []) + spaced_inlines(f.text)))
        elif lead:
            blocks.append(Para(lead))
        if f.items:
            blocks.append(BulletList([[Para(spaced_inlines(x))] for x in f.items]))
    return blocks


def _orphaned_blocks(orphaned: list) -> list:
    """The threads whose words are gone, with the words they were first made on."""
    if not orphaned:
        return []
    blocks = [Header(2, spaced_inlines("Review threads that lost their place")),
              Para(spaced_inlines("These threads' words are no longer in this version; "
                                  "they are listed with the words they were first made on."))]
    for t in orphaned:
        quote = (t.original or t.anchor.quote).exact
        where = t.anchor.clause or _TOP_LABELS.get(t.anchor.field or "", "the guideline")
        body = [Strong(spaced_inlines(f"By {author_label(t.author)}, on {where}:")), SPACE] \
            + spaced_inlines(f"“{' '.join(quote.split())}” — ")
        blocks.append(Para(body + thread_comment(t)))
    return blocks


def _field_name(u) -> str:
    """The unit's own field name ("term" of definitions.3.term, "text" of a clause)."""
    names = [p for p in u.path if isinstance(p, str)]
    return names[-1] if names else u.field


# labels a reviewer reads before a field's text (None: the text speaks for itself)
_WORD_LABELS = {
    ("metadata", "role"): "Owner", ("work_plan", "owner_role"): "Who does it", ("services", "hours"): "Hours",
    ("services", "offers"): "Offers", ("references", "publisher"): "Published by",
    ("consultation", "notes"): "Notes", ("consultation", "confidentiality"): "Confidentiality",
    ("consultation", "description"): None, ("review_schedule", "triggers"): "An earlier review is triggered by",
    ("definitions", "definition"): None, ("principles", "text"): None, ("priorities", "text"): None,
    ("work_plan", "description"): None, ("services", "description"): None, ("scope", "description"): None,
}


def _plain_label(u, data: Any) -> Optional[str]:
    """Words for a field's label, never its name in the YAML."""
    group, name = str(u.path[0]), _field_name(u)
    if (group, name) in _WORD_LABELS:
        label = _WORD_LABELS[(group, name)]
        if group == "consultation" and name == "notes" and len(u.path) > 2 and isinstance(u.path[2], int):
            stage = ((data.get("consultation") or {}).get("stages") or [{}])[u.path[2]]
            label = f"Notes on the {stage.get('stage', '')} stage".replace("  ", " ")
        elif group == "consultation" and name == "description":
            label = "How representatives are chosen"
        elif group == "consultation" and name == "notes" and "compensation" in u.path:
            label = "Compensation"
        return label
    if u.element is None and "." in u.field:
        return name.replace("_", " ").capitalize()
    return None


_READER_COUNTS = ("sections added", "sections removed", "clauses added", "clauses removed", "clauses reworded",
                  "words inserted", "words deleted")
_RECORDS = {"metadata": "About the guideline", "scope": "Scope", "consultation": "How it was developed",
            "governance": "Governance", "review_schedule": "Review schedule"}
_LIST_WORDS = {"owners": "owner", "stages": "stage", "participants": "participants", "audiences": "audience",
               "steering_committee": "steering committee seats", "approvals": "approval"}
_FIELD_WORDS = {
    "start": "start date", "end": "end date", "groups": "groups that took part", "methods": "how people took part",
    "applies_to": "areas covered", "method": "how representatives are chosen", "provided": "paid",
    "sex_worker_seats": "seats held by sex workers", "total_seats": "seats in all", "sign_off": "sign-off",
    "in_person": "in person", "notice_days": "days to read and respond", "decision_rule": "how decisions are made",
    "frequency_months": "months between reviews", "adopted_date": "adopted", "effective_date": "takes effect",
    "next_review_date": "next review", "retired_date": "retired", "supersedes": "replaces",
    "representative_selection": "representatives", "decision_power": "decision power",
    "right_to_withdraw": "right to withdraw", "last_review": "last review", "next_review": "next review",
}
_SEGMENT = re.compile(r"^([a-z_]+)(?:\[(.*)\])?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
MAX_RECORD_LINES = 12


def _lower_first(text: str) -> str:
    """"Current sex workers" → "current sex workers" (not "Indigenous organizations")."""
    return text if text.startswith("Indigenous") else text[:1].lower() + text[1:]


def _plain_value(v: Any) -> str:
    from ..publish.document import humanize

    if isinstance(v, bool):
        return "yes" if v else "no"
    if v is None:
        return "nothing"
    if isinstance(v, list):
        return ", ".join(_plain_value(x) for x in v) or "none"
    if isinstance(v, str):
        text = _lower_first(humanize(v)) if _SLUG.match(v) else v
        return text if len(text) <= 80 else text[:77] + "…"
    return str(v)


def _plain_record_change(c) -> Optional[str]:
    """A change of a record (metadata, scope, consultation, governance) in words: "How it was
    developed: design stage, start date changed from 2023-02-01 to 2025-01-13"; None for a
    change a reader does not need (an identifier)."""
    from ..publish.document import humanize

    key = str(c.id or "")
    rest = key[len(c.kind):].lstrip(".") if key.startswith(c.kind) else key
    parts = []
    for seg in re.split(r"\.(?![^\[]*\])", rest):
        m = _SEGMENT.match(seg)
        if not m:
            parts.append(seg.replace("_", " "))
            continue
        name, item = m.group(1), m.group(2)
        if item is None:
            if name == "id":
                return None
            parts.append(_FIELD_WORDS.get(name, name.replace("_", " ")))
        elif item.isdigit():
            parts.append(f"{_LIST_WORDS.get(name, name.replace('_', ' '))} {int(item) + 1}")
        elif name == "stages":
            parts.append(f"{item} stage")
        else:
            parts.append(f"{_LIST_WORDS.get(name, name.replace('_', ' '))} ({_lower_first(humanize(item))})")
    label = ", ".join(parts) or "details"
    head = _RECORDS.get(c.kind, c.kind.replace("_", " ").capitalize())
    if c.op == "added":
        return f"{head}: {label} added: {_plain_value(c.new)}"
    if c.op == "removed":
        return f"{head}: {label} removed (was {_plain_value(c.old)})"
    return f"{head}: {label} changed from {_plain_value(c.old)} to {_plain_value(c.new)}"


def _plain_item_change(c) -> str:
    """An added, removed, moved or retitled section, service, principle, ... in words."""
    what = {"section": "Section", "service": "Service", "principle": "Principle", "priority": "Priority",
            "action": "Work-plan action", "reference": "Reference", "definition": "Definition",
            "clause": "Clause"}.get(c.kind, c.kind.capitalize())
    m = re.search(r"“([^”]*)”", c.detail)
    name = f"“{m.group(1)}”" if m else (c.id or "")
    if c.op in ("added", "removed"):
        return f"{what} {c.op}: {name}"
    if c.op == "retitled" and isinstance(c.old, str) and isinstance(c.new, str):
        return f"{what} retitled from “{c.old}” to “{c.new}”"
    return f"{what} {name} {c.op}" + (f" ({c.detail.split(c.op, 1)[1].strip()})" if c.op in c.detail
                                        and c.detail.split(c.op, 1)[1].strip() else "")


def _first_clause_id(data: Any) -> Optional[str]:
    """The id of the guideline's first clause (the packet's example of a clause reference)."""
    from ..guideline_data import clauses

    return next((at.clause["id"] for at in clauses(data) if isinstance(at.clause.get("id"), str)), None)


def _about(rl, stats: Stats, author: str, date: str, first_round: bool = False) -> list:
    from ..redline import summary_phrase

    example = _first_clause_id(rl.new_data)

    shown = [f"{counted(n, what)} from {source}" for n, what, source in
             ((stats.thread_comments, "comment", "the review so far"),
              (stats.finding_comments, "note", "the automated check")) if n]
    if shown:  # only the counts there are: "0 comments from the review so far" said nothing
        verb = "is" if stats.thread_comments + stats.finding_comments == 1 else "are"
        one = verb == "is"
        comments = (f"{' and '.join(shown)} {verb} shown as {'a comment' if one else 'comments'} on the words "
                    f"{'it is' if one else 'they are'} about; replies are included in the comment they answer.")
    else:
        comments = "There are no comments yet, from the review or from the automated check."
    if first_round:
        what = (f"This is the first round of review of version {rl.new_version or '?'}: the text as it stands, "
                f"with no tracked changes. {comments}")
    else:
        summary = rl.summary()
        words = [summary_phrase(k, v) for k, v in summary.items() if v and k in _READER_COUNTS]
        others = sum(1 for c in rl.structural if c.kind in _RECORDS)
        if others:
            words.append(f"{counted(others, 'other detail')} of the record changed")
        what = (f"The changes from version {rl.old_version or '?'} to version {rl.new_version or '?'} are shown "
                f"as tracked changes by “{author}”, dated {date[:10]} ({', '.join(words) or 'no changes'}). "
                f"{comments}")
    out = [Para([Strong(spaced_inlines("Review packet.")), SPACE] + spaced_inlines(what)),
           Para(spaced_inlines("Please comment on any words, and suggest new wording with Track Changes turned on "
                        "(Word: Review, Track Changes; LibreOffice: Edit, Track Changes, Record Changes). "
                        "Send the file back to the people who sent it to you: your comments and changes are "
                        "read into the review. When LibreOffice asks which format to keep, choose “Use Word "
                        "2007-365!”: its own format (.odt) cannot be read back."
                        + (f" Each clause starts with its reference in bold (such as {example}); please leave "
                           "those references as they are." if example else "")))]
    if rl.structural:
        # added and removed clauses show as tracked changes; here they are only counted
        items: list = []
        records: dict[str, list[str]] = {}
        for c in rl.structural:
            if c.kind == "clause" and c.op in ("added", "removed"):
                continue
            if c.kind in _RECORDS:
                line = _plain_record_change(c)
                if line:
                    records.setdefault(c.kind, []).append(line)
            else:
                items.append([Para(spaced_inlines(_plain_item_change(c)))])
        for kind, lines in records.items():
            items += [[Para(spaced_inlines(line))] for line in lines[:MAX_RECORD_LINES]]
            if len(lines) > MAX_RECORD_LINES:
                items.append([Para(spaced_inlines(f"{_RECORDS[kind]}: {counted(len(lines) - MAX_RECORD_LINES, 'more change')}"
                                           " (the editors have the full list)"))])
        counts = {op: sum(1 for c in rl.structural if c.kind == "clause" and c.op == op) for op in ("added", "removed")}
        if counts["added"] or counts["removed"]:
            items.append([Para(spaced_inlines(f"{counted(counts['added'], 'clause')} added and "
                                       f"{counted(counts['removed'], 'clause')} removed (shown as tracked changes "
                                       "where they are)"))])
        out.append(Header(2, spaced_inlines("Changes in structure")))
        out.append(BulletList(items))
    return out


def _section_blocks(rl, layout, b: _Builder, marks: dict, segs_of, new_units) -> list:
    items, _others = layout(rl)
    extra: dict[str, list] = {}
    for u in new_units:
        if u.path and u.path[0] == "sections" and u.element is not None and u.field == "citation.source":
            extra.setdefault(u.element, []).append(u)
    out: list = []
    for it in items:
        if it.kind == "section":
            out += b.blocks(it.segments, marks.get((it.id, "title"), []) if it.state != "removed" else [],
                            as_header=min(2 + it.depth, 6))
        elif it.kind == "intro":
            out += b.blocks(it.segments, marks.get((it.id, "intro"), []))
        else:
            lead = [Strong(spaced_inlines(it.id))]
            out += b.blocks(it.segments, marks.get((it.id, "text"), []) if it.state != "removed" else [], lead=lead)
            for u in extra.get(it.id, []):
                key = (u.element, u.field)
                out += b.blocks(segs_of(key, u.text), marks.get(key, []), lead=[Emph(spaced_inlines("Source:"))])
    return out


_KIND_WORDS = {"comment": "Comment", "suggestion": "Suggestion", "question": "Question",
               "objection": "Objection (blocks approval while open)", "approval": "Approval"}
SEVERITY_WORDS = {"error": "Needs a change", "warning": "Worth changing", "info": "A note"}
_CODE_SPAN = re.compile(r"`([^`\n]*)`")
_SNAKE = re.compile(r"\b([a-z]+(?:_[a-z]+)+)\b")


# a suggestion that is the YAML to write (`on a principle: key_areas: [...]`, `voluntary: true`,
# `under governance.steering_committee: - {...}`) or a command: `check` shows it to the drafter;
# the packet's readers never open the YAML (ux17)
_YAML_ASIDE = re.compile(r"\s*\([a-z_]+: [^()]*\)")  # "add an Indigenous-led service (indigenous_led: true)"
_FOR_THE_YAML = re.compile(r"\b[a-z_]+: *(?:[\[{]|true\b|false\b|- *\{)|^under [a-z_]+\.|^lic-policy ")


def _status_words(status: str) -> str:
    """A guideline's status as its readers say it: “this is a draft”, “this version is in review”."""
    if status == "draft":
        return "this is a draft"
    return "this version is in review" if status == "in-review" else f"this version is marked {status}"


# what the structural rules say to the YAML's editors (`protocol: complaints`, `voluntary: true`,
# status 'draft'), in the words of the document its readers see (ux21)
_FOR_READERS = [
    (re.compile(r"\badd a section with `?protocol: [a-z-]+`? (?=\()"), lambda m: "add a part on it "),
    (re.compile(r"\badd a section with `?protocol: [a-z-]+`?"), lambda m: "add a part"),
    (re.compile(r"\brecord `?voluntary: true`?"), lambda m: "record that it was"),
    (re.compile(r"\bset votes or `?sign_off`?"), lambda m: "give those seats votes or a sign-off"),
    (re.compile(r"\brecord their counts in `?participants`?"), lambda m: "record how many of them took part"),
    (re.compile(r"^status is '([\w-]+)' but "), lambda m: _status_words(m.group(1)) + ", but "),
    (re.compile(r" but the status is '([\w-]+)'"), lambda m: ", but " + _status_words(m.group(1))),
    (re.compile(r"\balthough the status is '([\w-]+)'"), lambda m: "although " + _status_words(m.group(1))),
    (re.compile(r"\bstill '(planned|in-progress)'"), lambda m: "still " + m.group(1).replace("-", " ")),
]


def plain_words(text: str) -> str:
    """A message written for the YAML's editors, for readers of the packet and the review room:
    what to write in the YAML as what the document should say (“add a part”, not “add a section
    with protocol: complaints”), the status in words (“this is a draft, but”), code spans as
    their text, field names as words (``sex_worker_seats`` → "sex worker seats")."""
    for pattern, words in _FOR_READERS:
        text = pattern.sub(words, text)
    text = _CODE_SPAN.sub(lambda m: m.group(1), text)
    return _SNAKE.sub(lambda m: m.group(1).replace("_", " "), text)


def agree_words(n: int) -> str:
    """"1 reviewer agrees", "3 reviewers agree": the review room's count, never who."""
    return "1 reviewer agrees" if n == 1 else f"{n} reviewers agree"


def thread_comment(t, agreeing: int = 0) -> list:
    """The text of a thread's Word comment: what it is (and how many reviewers agree with it
    in the review room), the body, a suggestion, the replies (the thread's id goes in the
    comment's initials, not its text)."""
    agree = f", {agree_words(agreeing)}" if agreeing else ""
    kind = _KIND_WORDS.get(t.kind, t.kind.capitalize())
    if t.body == WITHDRAWN:  # "Objection (blocks approval while open)" read as if it still did (fix27)
        kind = kind.split(" (")[0] + ", taken back by its writer"
    head = f"{kind} ({t.status}{agree}):"
    out = spaced_inlines(head) + ([SPACE] + spaced_inlines(" ".join(t.said.split())) if t.said else [])
    if t.replacement is not None:
        out += [LINEBREAK] + spaced_inlines(f"Suggested wording: “{t.replacement}”")
    for r in t.replies:
        out += [LINEBREAK] + spaced_inlines(
            f"— reply ({r.author.handle}, {r.author.role}, {(utc_stamp(r.created) or r.created)[:10]}): "
            + " ".join(r.body.split()))
    return out


def finding_comment(f, title: Optional[str] = None, suggestions: bool = True) -> list:
    """A finding in plain words: how much it matters, the rule's title, its message and the
    wording it suggests (its rule id goes in the comment's initials, not its text)."""
    from ..report.plain import plain_message

    lead = SEVERITY_WORDS.get(f.severity, "A note")
    # the flagged words quoted and the grammar's labels said in words, as a pull request's
    # annotation says them: "'clean up' (enforcement) 'the streets' (a place)" read as a code
    text = plain_words(plain_message(f))
    text = text[:1].upper() + text[1:]
    out = [Strong(spaced_inlines(f"{lead}{' — ' + title if title else ''}."))] + [SPACE] + spaced_inlines(text)
    if not suggestions:
        return out
    if f.fix and getattr(f, "fix_safe", True):
        out += [LINEBREAK] + spaced_inlines(f"Suggested wording: “{f.fix}”")
    else:  # a fix that needs --unsafe-fixes is a thing to consider, as check shows it
        said = (_YAML_ASIDE.sub("", x) for x in f.suggestions or () if x != f.fix)
        consider = ([f.fix] if f.fix else []) + [plain_words(x) for x in said if not _FOR_THE_YAML.search(x)]
        if consider:
            out += [LINEBREAK] + spaced_inlines("Consider: " + "; ".join(consider))
    return out


# --------------------------------------------------------------------------- the command's work


@dataclass
class PacketResult:
    output: Path
    packet: Packet
    seconds: float


def default_output(guideline: str, since_version: Optional[str], new_version: Optional[str],
                   first_round: bool = False) -> Path:
    p = Path(guideline)
    stem = p.name[:-5] if p.name.endswith(".yaml") else p.stem
    old, new = _name_part(since_version) or "old", _name_part(new_version) or "new"
    tag = new if first_round else f"{old}-to-{new}"
    return p.with_name(f"{stem}.review-packet.{tag}.docx")


def _name_part(version: Optional[str]) -> str:
    """``version`` as a part of a file name: letters, digits, '.', '+' and '-' kept, any other
    run of characters one '-', no '..' (a draft that does not validate may hold 'a/b',
    '..\\x' or a control character there; the packet stays beside the guideline)."""
    if version is None:
        return ""
    part = re.sub(r"[^0-9A-Za-z.+-]+", "-", str(version))
    part = re.sub(r"\.{2,}", ".", part).strip(".-")
    return part[:64]


TEAM_ONLY_RULES = frozenset({"draft.todo"})
"""Rules whose findings are the drafting team's own notes: the to-do items a draft carries
(``todo:``, with what ``import`` kept of a colleague's Word comments). ``check`` lists them for
the drafter; the review packet and the review room, which advisory reviewers outside the team
read, never show them. A question for the reviewers is a thread (``review add --kind
question``)."""


def for_reviewers(findings: list) -> list:
    """``findings`` without the drafting team's own notes (:data:`TEAM_ONLY_RULES`)."""
    return [f for f in findings if f.rule_id not in TEAM_ONLY_RULES]


class PacketRefused(LicPolicyError):
    """A guideline whose packet would carry someone's identity to the reviewers (exit 1)."""

    exit_code = 1


# what XML 1.0 (and so a .docx) cannot hold, and line breaks (the author is one line in Word)
_NOT_IN_XML = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_change_author(change_author: str) -> None:
    """Refuse a ``--change-author`` that identifies someone — an email, a phone number, and a
    person's name (written on every tracked change of a file sent outside the team; only the
    first two were refused) — or that a .docx cannot hold (a control character, pasted from a
    terminal, made a file Word calls unreadable; bytes that are not UTF-8 ended in an
    internal error)."""
    from ..model.review import handle_problem
    from ..privacy import handle_problem as name_like

    how = "use a role or a pseudonymous handle, never a name, email or phone number (e.g. --change-author 'policy team')"
    bad = _NOT_IN_XML.search(change_author)
    if bad:
        what = ("bytes that are not UTF-8" if "\ud800" <= bad.group() <= "\udfff" else
                "a line break" if bad.group() in "\r\n" else f"a control character (U+{ord(bad.group()):04X})")
        raise UsageError(f"--change-author holds {what}, which a Word file cannot show", hint=how)
    from ..store import unshowable_in

    hidden = unshowable_in(change_author)  # U+202E turns every change's author round; tag characters spell
    if hidden:  # words no one sees (a name after 'policy team') that a program reads back
        raise UsageError(f"--change-author holds {hidden}", hint=how)
    problem = handle_problem(change_author.replace(" ", "-"))
    if problem and "handle" not in problem:
        raise UsageError(f"--change-author {problem}", hint=how)
    problem = name_like(change_author)
    if problem:
        raise UsageError(f"--change-author {problem}", hint=how)


def write_packet(guideline: str, since: Optional[str] = None, output: Optional[str] = None, *,
                 review_file: Optional[str] = None,
                 with_threads: bool = True, with_findings: bool = True, change_author: Optional[str] = None,
                 date: Optional[str] = None, config=None, timeout: float = 120.0,
                 max_size: Optional[int] = None, agreements: Optional[dict] = None) -> PacketResult:
    """Build the review packet of ``guideline`` since ``since`` (None: a first round, with
    no tracked changes) and write it as .docx. A version over ``max_size`` bytes (default
    ``publish.render.PUBLISH_MAX_SIZE``) is refused before it is read. ``agreements``: thread
    id → how many reviewers agree (``web.state.agreement_counts``), shown on the threads."""
    from ..checks.engine import check_document, load_ruleset
    from ..store import load
    from . import threads as _threads

    t0 = time.perf_counter()
    if change_author is not None:
        _check_change_author(change_author)
    if not os.path.isfile(guideline):
        from ..store import missing

        raise InputError(missing(guideline), file=guideline, hint="give the guideline's path (NAME.yaml)")
    from ..publish.render import check_publish_size

    check_publish_size(guideline, None, max_size, "a review packet")
    new_doc = load(guideline, validate=False)
    if not isinstance(new_doc.data, dict):
        raise InputError("a guideline is a YAML mapping", file=guideline, line=1, column=1)
    # the packet goes to people outside the team, with the to-do items and the threads: no name,
    # email, phone or address in them goes out (as publish refuses; the reasons never repeat them)
    from ..publish.render import identity_reasons

    refused = identity_reasons(new_doc, config, files=[guideline, review_file or _threads.review_path(guideline)])
    if refused:
        raise PacketRefused("refusing to write a review packet: " + "; ".join(refused), file=guideline,
                            hint="fix these first: the packet goes to reviewers outside the team")
    old_doc = resolve_since(since, guideline) if since is not None else None
    if old_doc is not None:
        check_publish_size(old_doc.file or since, len(old_doc.text.encode("utf-8", "surrogateescape")), max_size,
                           "a review packet")
    review = None
    if with_threads:
        path = review_file or _threads.review_path(guideline)
        review = _threads.load(path, missing_ok=review_file is None).review  # a named file must be there
    findings = []
    titles: dict = {}
    if with_findings:
        ruleset = load_ruleset(config)
        findings = for_reviewers(check_document(new_doc, ruleset).findings)
        # as `check` reports them: no fix that writes "sex work" beside a young person
        from ..checks.fixes import withhold_youth_fixes
        withhold_youth_fixes(findings, new_doc.text, new_doc)
        titles = {r.id: r.title for r in ruleset.rules if getattr(r, "title", None)}
    packet = build_packet(new_doc, old_doc, review=review, findings=findings, change_author=change_author,
                          date=date, old_label=since, new_label=guideline, rule_titles=titles,
                          agreements=agreements if with_threads else None)
    out = Path(output) if output else default_output(guideline, packet.old_version, packet.new_version,
                                                     first_round=old_doc is None)
    if out.suffix.lower() != ".docx":
        raise UsageError(f"'{out}' does not end in .docx", hint="give -o a file name ending in .docx")
    from ..store import refuse_yaml_output

    refuse_yaml_output(str(out), what="the packet", hint="give -o another file name ending in .docx")
    _refuse_a_reviewed_copy(out, guideline)
    write_docx(packet, out, timeout=timeout)
    return PacketResult(out, packet, time.perf_counter() - t0)


# a tracked change or comment in a .docx, and its author (and a comment's initials)
_CHANGE_AUTHOR = re.compile(rb'<w:(?:ins|del|moveFrom|moveTo|rPrChange|pPrChange|cellIns|cellDel)\b[^>]*?'
                            rb'\bw:author=(?:"([^"]*)"|\'([^\']*)\')')
_COMMENT = re.compile(rb"<w:comment\b([^>]*)>")
_ATTR = re.compile(rb"""\bw:(author|initials)=(?:"([^"]*)"|'([^']*)')""")
_THREAD_INITIALS = re.compile(r"t[0-9]+")


def _refuse_a_reviewed_copy(out: Path, guideline: str) -> None:
    """Refuse to write the packet over a reviewed copy of it: a .docx of that name holding a
    tracked change or a comment that the packet did not write (a reviewer sends the packet
    back under the name it was sent with, and it is saved over the copy sent; `review packet`
    run again wrote over it, and the reviewer's words were lost before `review import` read
    them; hostile30). The packet's own are its tracked changes (by its change author), its
    findings (by ``AUTOMATED_AUTHOR``) and its threads (their initials are thread ids). A file
    that is not a readable .docx is left to the write, as before."""
    import html
    import io
    import stat
    import zipfile

    from ..errors import shell_word
    from ..store import read_bytes

    try:
        st = os.stat(out)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
        return
    try:
        from .docx_import import MAX_DOCX_BYTES, custom_properties

        raw = read_bytes(out, max_size=MAX_DOCX_BYTES, what="a review packet")
        from ..archive import check_zip

        check_zip(raw, str(out), what="Word .docx file")  # sizes and ratios before anything is inflated
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = set(z.namelist())
            props = custom_properties(z) if "docProps/custom.xml" in names else {}
            document = z.read("word/document.xml") if "word/document.xml" in names else b""
            comments = z.read("word/comments.xml") if "word/comments.xml" in names else b""
    except (OSError, LicPolicyError, zipfile.BadZipFile, KeyError, ValueError, RuntimeError, EOFError,
            NotImplementedError):
        props, document, comments = {}, b"", b""
    automated = f'w:author="{html.escape(AUTOMATED_AUTHOR)}"'.encode()
    if PACKET_MARK not in props and automated not in comments:
        # not a packet: the user's own file, or what a symbolic link of that name leads to (a
        # link a cloned repository held, to a file outside it, was written over; hostile30)
        raise UsageError("a file of that name is there, and it is not a review packet lic-policy wrote; it was left "
                         "as it is", file=str(out), hint="give -o another name, or move that file away first")
    own = props.get("lic_policy_change_author") or DEFAULT_CHANGE_AUTHOR
    theirs = any(html.unescape((m.group(1) or m.group(2) or b"").decode("utf-8", "replace")) != own
                 for m in _CHANGE_AUTHOR.finditer(document))
    for m in _COMMENT.finditer(comments):
        if theirs:
            break
        attrs = {a.decode(): html.unescape((v1 or v2).decode("utf-8", "replace")) for a, v1, v2 in _ATTR.findall(m.group(1))}
        if attrs.get("author") != AUTOMATED_AUTHOR and not _THREAD_INITIALS.fullmatch(attrs.get("initials", "")):
            theirs = True
    if theirs:
        raise UsageError("a reviewed copy of the packet is there (it holds comments or tracked changes the packet "
                         "did not write); nothing was written over it", file=str(out),
                         hint=f"read them in with `lic-policy review import {shell_word(str(out))} "
                              f"{shell_word(guideline)}` if that is not done, then move the file away, or give -o "
                              "another name")


def write_docx(packet: Packet, out: Path, *, timeout: float = 120.0) -> None:
    """pandoc JSON → .docx, written atomically (temp file in the same folder, rename)."""
    import json

    from ..publish.pandoc import stamp_dates
    from ..publish.render import REFERENCE_DOCX
    from ..store import atomic_path, make_output_folder

    make_output_folder(out)  # -o out/packet.docx, as `check -o` makes its folders
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the output folder does not exist", file=str(folder), hint="create it first")

    with atomic_path(out) as tmp:
        # the publisher's styles, whose footer numbers every page (reviewers print the packet)
        run_pandoc(json.dumps(packet.ast, ensure_ascii=False), from_="json", to="docx", output=tmp, timeout=timeout,
                   args=[f"--reference-doc={REFERENCE_DOCX}"])
        stamp_dates(tmp, "docx", packet.date)  # the packet's own date, not pandoc's 1970
        unique_revision_ids(tmp)


# the elements of a tracked change whose w:id nothing else refers to; Word numbers them from the
# one set it numbers comments and bookmarks from
_REVISION_ID = re.compile(r'(<w:(?:ins|del|moveFrom|moveTo|moveFromRangeStart|moveToRangeStart|rPrChange|pPrChange|'
                          r'sectPrChange|tblPrChange|trPrChange|tcPrChange|cellIns|cellDel|cellMerge|numberingChange)'
                          r'\b[^>]*?\bw:id=")(\d+)(")')
_OTHER_ID = re.compile(r'<w:(?:commentRangeStart|commentRangeEnd|commentReference|bookmarkStart|bookmarkEnd|'
                       r'moveFromRangeEnd|moveToRangeEnd)\b[^>]*?\bw:id="(\d+)"')


def unique_revision_ids(path) -> None:
    """Renumber the tracked changes of the .docx at ``path`` after its comments' and
    bookmarks' ids. pandoc numbers its insertions and deletions 1, 2, … and the packet numbers
    its comments 0, 1, …: an insertion and a comment shared an id, which Word can report as
    unreadable content (ECMA-376 gives each annotation its own). Only ``word/document.xml``
    changes; the zip keeps its order, methods and timestamps."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        infos = src.infolist()
        data = {i.filename: src.read(i.filename) for i in infos}
    name = "word/document.xml"
    if name not in data:
        return
    doc = data[name].decode("utf-8")
    taken = [int(m.group(1)) for m in _OTHER_ID.finditer(doc)]
    ids = iter(range(max(taken, default=-1) + 1, 1 << 31))
    # a range start and its end (moveFromRangeStart/End) share one id: renumbered together
    ends: dict = {}

    def renumber(m: re.Match) -> str:
        new = next(ids)
        if "RangeStart" in m.group(1):
            ends[m.group(2)] = new
        return f"{m.group(1)}{new}{m.group(3)}"

    new_doc = _REVISION_ID.sub(renumber, doc)
    if ends:
        new_doc = re.sub(r'(<w:(?:moveFromRangeEnd|moveToRangeEnd)\b[^>]*?\bw:id=")(\d+)(")',
                         lambda m: f"{m.group(1)}{ends.get(m.group(2), m.group(2))}{m.group(3)}", new_doc)
    if new_doc == doc:
        return
    data[name] = new_doc.encode("utf-8")
    with zipfile.ZipFile(path, "w") as dst:
        for info in infos:
            dst.writestr(info, data[info.filename])


__all__ = ["build_packet", "write_packet", "for_reviewers", "TEAM_ONLY_RULES", "write_docx", "resolve_since",
           "run_pandoc", "thread_comment", "finding_comment", "plain_text", "Packet", "PacketResult", "Stats",
           "unique_revision_ids",
           "LicPolicyError"]
