"""The review room's model of the guidelines it serves: the library calls behind every page
and button, with nothing about HTTP in them.

* the guideline is read with ``store.load`` (the same reader as every command) and shown with
  ``web.document`` (the publisher's Markdown subset, the redline of ``lic_policy.redline``);
* findings are ``checks.engine.check_document`` with the configuration ``lic-policy check``
  would use;
* threads are the review file's (``NAME.review.yaml``), read and written through
  ``review.livefile`` (surgical, locked; new threads appended in place behind an undo record,
  other changes by atomic replace), carried onto the current text with
  ``threads.reanchor`` exactly as ``lic-policy review reanchor`` does (on a copy, for
  display), anchored with ``Anchor.from_text`` as ``lic-policy review add`` does;
* accepting a suggestion writes the guideline with ``review.apply.apply_suggestions`` and
  ``store.save_atomic``, marks it resolved and carries the other threads, as
  ``lic-policy review accept`` + ``review apply`` do.

Writes to one review file are grouped: comments posted while a write is under way are
written together by the next one (group commit), so fifty reviewers posting at once wait
for at most two writes, not fifty.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional

from ..errors import LicPolicyError
from ..model.review import WITHDRAWN  # noqa: F401 - the room's name for it
from .inputs import InputProblem

MAX_REPLIES = 200
"""Replies one thread takes in the room: a reply rewrites its whole thread, so a thread of
thousands made every reply cost the thread's size in writes (and a page no one reads)."""


def _gid(path: str) -> str:
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()[:12]


def _stat(path: str) -> Optional[tuple]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass
class _Pending:
    op: Callable
    future: Future = field(default_factory=Future)
    result: Any = None
    error: Optional[BaseException] = None


class GroupWriter:
    """Runs changes to one review file; changes that arrive while a write is under way are
    applied together and written once.

    One thread writes (started when first needed): it takes every change queued, applies
    them and writes the file under ``writing`` and the file's lock — new threads appended in
    place and fsynced (``appendlog``), other changes by replacing the file (temp file, fsync,
    rename) — then hands the batch to a second thread that fsyncs the folder after a rename
    and only then answers each change (its ``Future``) — so the next batch is written
    meanwhile, and a change is answered only when it is durable. A batch that needs no folder
    fsync (appends), with none before it waiting for one, is answered by the writing thread. A request waits on its future (``submit``; in the event loop
    with ``asyncio.wrap_future``) rather than in a thread of its own."""

    def __init__(self, live):
        self.live = live
        self.queue: list[_Pending] = []
        self.mutex = threading.Lock()
        self.ready = threading.Condition(self.mutex)
        self.writing = threading.Lock()
        self.batches = 0
        self._writer: Optional[threading.Thread] = None
        self._synced: list = []  # (folder, batch) waiting for the folder fsync
        self._syncing = 0  # batches handed to the folder-fsync thread and not yet answered
        self._sync_ready = threading.Condition(threading.Lock())
        self._syncer: Optional[threading.Thread] = None

    def submit(self, op: Callable) -> Future:
        """Queue ``op(change)``; its future gives what it returned once the file is written
        (or the error that stopped it)."""
        entry = _Pending(op)
        with self.mutex:
            self.queue.append(entry)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_loop, name="review-writer", daemon=True)
                self._syncer = threading.Thread(target=self._sync_loop, name="review-sync", daemon=True)
                self._writer.start()
                self._syncer.start()
            self.ready.notify()
        return entry.future

    def run(self, op: Callable) -> Any:
        return self.submit(op).result()

    def _write_loop(self) -> None:
        while True:
            with self.mutex:
                while not self.queue:
                    self.ready.wait()
            with self.writing:
                # the batch is taken once the write lock is ours: changes that arrived while
                # another writer (an accept) held it go into this one write
                with self.mutex:
                    batch, self.queue = self.queue, []
                folder = self._write(batch)
            with self._sync_ready:
                if folder is not None or self._syncing:
                    self._synced.append((folder, batch))  # answered after the folder fsyncs, in order
                    self._syncing += 1
                    self._sync_ready.notify()
                    continue
            # nothing to fsync (an append is durable when written) and no earlier batch waiting
            # for its folder fsync: answered from here, one thread hand-off fewer
            self._answer(batch)

    def _sync_loop(self) -> None:
        from ..review.livefile import sync_folder

        while True:
            with self._sync_ready:
                while not self._synced:
                    self._sync_ready.wait()
                folder, batch = self._synced.pop(0)
            try:
                sync_folder(folder)
            finally:
                self._answer(batch)
                with self._sync_ready:
                    self._syncing -= 1

    @staticmethod
    def _answer(batch: list[_Pending]) -> None:
        for e in batch:
            if e.error is not None:
                e.future.set_exception(e.error)
            else:
                e.future.set_result(e.result)

    def _write(self, batch: list[_Pending]):
        """Apply and write ``batch``; the folder still to fsync (or None)."""
        self.batches += 1
        try:
            with self.live.change(sync_folder=False) as ch:
                for e in batch:
                    point = ch.savepoint()
                    try:
                        e.result = e.op(ch)
                    except BaseException as exc:  # noqa: BLE001 - this change only: undo it, keep the others
                        ch.rollback(point)
                        e.error = exc
            return ch.unsynced
        except BaseException as exc:  # noqa: BLE001 - the write failed: every change in it failed
            for e in batch:
                if e.error is None:
                    e.error = exc
            return None


class Guideline:
    """One guideline the room serves, with its review file."""

    def __init__(self, path: str, root: Optional[str] = None):
        from ..review.livefile import LiveReviewFile
        from ..review.threads import review_path

        self.path = os.path.abspath(path)
        self.gid = _gid(self.path)
        self.name = os.path.relpath(self.path, root) if root else os.path.basename(self.path)
        self.live = LiveReviewFile(review_path(self.path), os.path.basename(self.path))
        self.writer = GroupWriter(self.live)
        self._doc_key: Optional[tuple] = None
        self._doc = None
        self._pages: dict = {}
        self._findings: dict = {}
        self._identities: dict = {}
        self._anchored: dict = {}
        self._units: list = []
        self._unit_index: dict = {}
        self.lock = threading.Lock()

    # ------------------------------------------------------------------ reading

    def document(self):
        """The guideline as it is on disk now (read again when it changed)."""
        from ..store import load

        key = _stat(self.path)
        with self.lock:
            if key is not None and key == self._doc_key:
                return self._doc
        if key is None:
            raise LicPolicyError("the guideline file is gone", file=self.path,
                                 hint="restore it, or restart the review room with the right path")
        doc = load(self.path, validate=False)
        if not isinstance(doc.data, dict):
            raise LicPolicyError("a guideline is a YAML mapping", file=self.path, line=1, column=1)
        from ..text import guideline_units

        units = list(guideline_units(doc.data))
        with self.lock:
            self._doc, self._doc_key = doc, key
            self._units = units
            self._unit_index = {(u.element, u.field): u for u in units}
            self._pages.clear()
            self._anchored.clear()
        return doc

    def units(self) -> tuple[list, dict]:
        """The current text fields (``text.guideline_units``) and an index by (element, field)."""
        self.document()
        with self.lock:
            return self._units, self._unit_index

    @property
    def version(self) -> Optional[str]:
        from ..guideline_data import version

        return version(self.document().data)

    @property
    def title(self) -> str:
        md = self.document().data.get("metadata")
        return str((md or {}).get("title") or os.path.basename(self.path)) if isinstance(md, dict) else self.name

    def digest(self) -> str:
        return hashlib.sha256(self.document().text.encode("utf-8")).hexdigest()

    def page(self, old_text: Optional[str] = None):
        """The rendered page, with the redline since ``old_text`` when given (cached)."""
        from .document import build_page

        doc = self.document()
        key = hashlib.sha256(old_text.encode("utf-8")).hexdigest() if old_text is not None else None
        with self.lock:
            hit = self._pages.get(key)
        if hit is not None:
            return hit
        old_data = None
        if old_text is not None:
            from ..store import parse

            try:
                old = parse(old_text, self.path + " (earlier version)", positions=False)
                old_data = old.data if isinstance(old.data, dict) else None
            except LicPolicyError:
                old_data = None
        page = build_page(doc.data, old_data)
        with self.lock:
            if len(self._pages) > 8:
                self._pages.clear()
            self._pages[key] = page
        return page

    def findings(self) -> list:
        """``lic-policy check`` findings of the current text (cached by its content), without the
        drafting team's own notes (the to-do items: ``review.packet.TEAM_ONLY_RULES``)."""
        from ..checks.engine import check_document, load_ruleset
        from ..config import load_config
        from ..review.packet import for_reviewers

        doc = self.document()
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        with self.lock:
            hit = self._findings.get(digest)
        if hit is not None:
            return hit
        ruleset = load_ruleset(load_config(None))
        found = for_reviewers(check_document(doc, ruleset).findings)
        with self.lock:
            self._findings = {digest: found}
        return found

    def identity_reasons(self) -> list[str]:
        """Why the room must not show this guideline to reviewers outside the team, as `review
        packet` refuses to write one: its consultation record, governance, owners or review file
        names someone (``publish.render.identity_reasons``: places, never the name). The room
        showed 'Maria Santos and Tom Whitehorse (tom.w@example.org, 604-555-0199)' to advisory
        reviewers of a draft whose packet was refused. Only the guideline's own text counts: a
        name in a comment of the review file is masked where the room shows it (``app._as_others_see``).
        Cached by the guideline's text."""
        from ..config import load_config
        from ..publish.render import identity_reasons

        doc = self.document()
        key = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
        with self.lock:
            hit = self._identities.get(key)
        if hit is not None:
            return hit
        reasons = identity_reasons(doc, load_config(None), files=[self.path])
        with self.lock:
            self._identities = {key: reasons}
        return reasons

    def rule_titles(self) -> dict:
        """Rule id → the rule's title in words (“The record covers every stage …”), for the points
        about the whole document, as the review packet names them."""
        from ..checks.engine import load_ruleset
        from ..config import load_config

        return {r.id: r.title for r in load_ruleset(load_config(None)).rules if getattr(r, "title", None)}

    def review(self):
        return self.live.snapshot()

    def anchored(self) -> tuple[Any, dict]:
        """The threads as they sit on the current text: (review copy, {thread id: outcome})
        — re-anchored on a copy as `review reanchor --dry-run` would, the file untouched.
        Threads whose words are still exactly where they were are not searched for."""
        from ..review import threads as _threads
        from ..review.anchoring import UnitIndex
        from ..text import guideline_units

        review = self.review()
        doc = self.document()
        doc_key = self._doc_key
        with self.lock:
            # kept with the review object itself, compared by identity: a key of its id() matched a
            # later review that took the address of one freed meanwhile (two comments written
            # between two page loads), and every page showed the threads from before them (ux16)
            hit = self._anchored.get(doc_key)
        if hit is not None and hit[0] is review:
            return hit[1]
        _list, units = self.units()
        shown = review.model_copy()
        shown.threads = []
        to_place = []
        for t in review.threads:
            a = t.anchor
            u = units.get((a.clause, a.field))
            if (t.status in ("resolved", "rejected") or (u is not None and t.status != "orphaned"
                                                         and u.text[a.position.start:a.position.end] == a.quote.exact)):
                shown.threads.append(t)
            else:
                c = copy.deepcopy(t)
                shown.threads.append(c)
                to_place.append(c)
        outcomes = {}
        if to_place:
            part = review.model_copy()
            part.threads = to_place
            rep = _threads.reanchor(part, doc.data, index=UnitIndex(list(units.values())))
            outcomes = {tid: result for tid, result, _h, _s, _w in rep.outcomes}
        result = (shown, outcomes)
        with self.lock:
            self._anchored = {doc_key: (review, result)}
        return result

    # ------------------------------------------------------------------ anchoring a selection

    def anchor(self, element: Optional[str], fld: str, start: int, end: int, exact: str,
               prefix: str = "", suffix: str = "", digest: Optional[str] = None):
        """The ``Anchor`` of the reviewer's selection on the current text: ``start``/``end`` are
        code-point offsets in the field whose text had fingerprint ``digest`` when the page was
        shown. When the draft changed since, the words (``exact`` as the page showed them, with
        their context) are looked for as re-anchoring does."""
        from ..model.anchor import Anchor, TextPosition, TextQuote
        from ..review.anchoring import UnitIndex, locate
        from ..text import guideline_units
        from .document import text_digest

        units, index = self.units()
        unit = index.get((element, fld))
        version = self.version
        same = unit is not None and (text_digest(unit.text) == digest if digest else unit.text[start:end] == exact)
        if same and 0 <= start < end <= len(unit.text):
            s, e = _trim(unit.text, start, end)
            if e > s:
                return Anchor.from_text(unit.text, s, e, clause=unit.element, field=unit.field, version=version)
        if exact.strip():
            probe = Anchor(clause=element, field=fld, quote=TextQuote(exact=exact, prefix=prefix, suffix=suffix),
                           position=TextPosition(start=max(0, start), end=max(0, end)))
            out = locate(probe, UnitIndex(units))
            if out.match is not None:
                m = out.match
                s, e = _trim(m.unit.text, m.start, m.end)
                if e > s:
                    return Anchor.from_text(m.unit.text, s, e, clause=m.unit.element, field=m.unit.field,
                                            version=version)
        raise InputProblem(409, "The draft changed since you opened the page and those words are no longer "
                                "there. Please reload the page and select the words again.")

    def unit(self, element: Optional[str], fld: str):
        return self.units()[1].get((element, fld))

    # ------------------------------------------------------------------ changes

    def add_thread(self, *, anchor, author, kind: str, body: str, replacement: Optional[str], created: str
                   ) -> Future:
        """Queue a new thread; the future gives it once it is written (durable)."""
        from ..model.review import Thread
        from ..review.livefile import PLACEHOLDER_ID

        # made and serialised before the write lock is taken; under it only the id is filled in
        draft = Thread(id=PLACEHOLDER_ID, anchor=anchor, author=author, created=created, kind=kind, body=body,
                       replacement=replacement)
        prepared = self.live.prepare(draft)

        def op(ch):
            # Send tapped twice on a slow connection (plain forms: nothing disables the button):
            # the same author's same words on the same place, already the last they sent, are
            # that thread, not a second one
            for old in reversed(ch.threads[-50:]):
                if old.author == author:
                    if (old.kind, old.body, old.replacement) == (kind, body, replacement) and \
                            (old.anchor.clause, old.anchor.field) == (anchor.clause, anchor.field) and \
                            old.anchor.quote.exact == anchor.quote.exact:
                        return old
                    break
            t = draft.model_copy(update={"id": ch.next_id()})
            ch.add(t, prepared)
            return t

        return self.writer.submit(op)

    def reply(self, thread_id: str, *, author, body: str, created: str, visible: Callable = lambda t: True):
        from ..model.review import Reply

        def op(ch):
            t = ch.thread(thread_id)
            if t is None or not visible(t):
                raise InputProblem(404, "There is no such comment.")
            if t.replies and t.replies[-1].author == author and t.replies[-1].body == body:
                return t  # the same reply sent twice (Send tapped again on a slow connection)
            if len(t.replies) >= MAX_REPLIES:
                raise InputProblem(429, "Your reply was not saved: this comment has {n} replies, as many as one "
                                        "comment can take. Keep a copy of what you wrote and start a new comment "
                                        "on the same words.", n=MAX_REPLIES)
            new = t.model_copy(update={"replies": [*t.replies, Reply(author=author, created=created, body=body)]})
            ch.replace(new)
            return new

        return self.writer.run(op)

    def withdraw(self, thread_id: str, *, author):
        """A reviewer takes back their own comment: its words (and a suggestion's wording) leave
        the review file, replaced by a line saying so; resolved, so it no longer blocks
        approval. Its place in the draft and any replies stay."""
        from ..model.review import Thread

        def op(ch):
            t = ch.thread(thread_id)
            if t is None:
                raise InputProblem(404, "There is no such comment in this review.")
            if t.author != author:
                raise InputProblem(403, "Only the person who wrote a comment can take it back.")
            if t.body == WITHDRAWN:
                return t  # tapped twice
            data = t.model_dump()
            data.update(body=WITHDRAWN, status="resolved", previous_status=None, replacement=None,
                        kind="comment" if t.kind in ("suggestion", "approval") else t.kind)
            new = Thread.model_validate(data)
            ch.replace(new)
            return new

        return self.writer.run(op)

    def set_status(self, thread_id: str, status: str, *, author=None, body: Optional[str] = None,
                   created: Optional[str] = None):
        """resolve / reject / reopen (as `lic-policy review resolve|reject`)."""
        from ..model.review import Reply

        def op(ch):
            t = ch.thread(thread_id)
            if t is None:
                raise InputProblem(404, "There is no such comment.")
            replies = list(t.replies)
            if body:
                replies.append(Reply(author=author, created=created, body=body))
            new = t.model_copy(update={"status": status, "previous_status": None, "replies": replies})
            ch.replace(new)
            return new

        return self.writer.run(op)

    def accept(self, thread_id: str, *, author=None, body: Optional[str] = None, created: Optional[str] = None):
        """Accept a suggestion and write it into the guideline by the path `lic-policy review
        accept` + `lic-policy review apply` take (``review.apply``: an interrupted apply is
        finished first; the guideline and the review file are written as a recoverable pair,
        under both write locks): only the anchored words change, every other byte of the YAML
        stays; the thread becomes resolved and the other threads are carried to the new text.
        No other change of this review file is written meanwhile."""
        from ..model.review import Reply
        from ..review import threads as _threads
        from ..review.apply import apply_suggestions, recover, write_pair
        from ..store import load, locked

        with self.writer.writing, locked(self.path, self.live.path):
            doc = load(self.path, validate=False)
            rdoc = _threads.load(self.live.path, guideline_name=os.path.basename(self.path))
            recover(doc, rdoc)
            t = rdoc.review.thread(thread_id)
            if t is None:
                raise InputProblem(404, "There is no such comment.")
            if t.kind != "suggestion":
                raise InputProblem(409, "Only suggested wording can be accepted; resolve this comment instead.")
            done = t.status == "resolved" and written_in(doc.data, t)
            if not done:
                if t.status != "orphaned" and _stale(doc.data, t):
                    # the draft was edited since (words before these, in the YAML): the page showed
                    # the suggestion where its words are now; carry the threads there, as
                    # `lic-policy review reanchor` does, then write it in (ux17: a 409 with no way on)
                    _threads.reanchor(rdoc.review, doc.data)
                    t = rdoc.review.thread(thread_id)
                if t.status == "orphaned":
                    raise InputProblem(409, "This suggestion lost its place in the draft; it cannot be written in.")
                t.status = "accepted"
                t.previous_status = None
                if body:
                    t.replies.append(Reply(author=author, created=created, body=body))
                try:
                    result = apply_suggestions(doc, [t])
                except LicPolicyError as exc:
                    raise InputProblem(409, "The suggestion could not be written into the draft: {why}",
                                       why=exc.message) from None
                return write_pair(doc, rdoc, result)
        # written into the draft already (Accept tapped twice, or the page sent again from the
        # browser's history): the same answer as the first time, nothing written twice — a 409
        # "the text already reads the suggested text" read as if it had not been taken (fix27).
        # A note sent with it is a reply, once (``reply`` keeps the same note from being added twice)
        if body:
            self.reply(thread_id, author=author, body=body, created=created)
        return None

    def reanchor(self):
        """Carry the threads to the current draft and save them (`lic-policy review reanchor`)."""
        from ..review import threads as _threads

        def op(ch):
            ch.own_copies()
            return _threads.reanchor(ch.review, self.document().data)

        return self.writer.run(op)


def written_in(data, t) -> bool:
    """Whether a suggestion's wording stands in its part of ``data`` where its words were
    (``wording_in``): written into the draft, by Accept, `review apply` or by hand."""
    from ..text import guideline_units

    a = t.anchor
    if not (t.replacement or "").strip():
        return False
    for u in guideline_units(data):
        if u.element == a.clause and u.field == a.field:
            return wording_in(u.text, t.replacement, a.quote)
    return False


def wording_in(text: str, wording: str, quote) -> bool:
    """Whether a suggestion's wording stands in ``text`` where its words were: with the words
    that came before them or after them (not merely somewhere in the part, where the same
    words may have been all along)."""
    import re

    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s or "")

    text, wording = norm(text), norm(wording).strip()
    before, after = norm(quote.prefix)[-20:], norm(quote.suffix)[:20]
    return bool(wording) and ((before + wording) in text or (wording + after) in text) if (before or after) \
        else wording in text


def _stale(data, t) -> bool:
    """The thread's anchor no longer reads its words at its offsets in ``data``."""
    from ..text import guideline_units

    a = t.anchor
    for u in guideline_units(data):
        if u.element == a.clause and u.field == a.field:
            return u.text[a.position.start:a.position.end] != a.quote.exact
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _refuse_documents(paths: list[str]) -> None:
    """A Word or LibreOffice document (or a PDF) given to `serve`: what it is and to import it
    first, as `check`, `publish` and `review packet` say (it read "no guidelines to review in
    draft.docx")."""
    from ..discovery import regular_head
    from ..errors import InputError
    from ..store import document_kind

    for p in paths:
        head = regular_head(p, 4096)
        if head is None:
            if os.path.exists(p) and not os.path.isdir(p):
                from ..store import read_bytes

                read_bytes(p)  # a named pipe or a device given: one line naming it (it waited for ever)
            continue
        kind = document_kind(head, p)
        if kind is not None:
            raise InputError(f"{kind[0]}, not a guideline: the review room serves guidelines (NAME.yaml)", file=p,
                             hint=kind[1])




class Site:
    """The guidelines a review room serves."""

    def __init__(self, paths: list[str]):
        from ..errors import UsageError
        from ..store import discover

        files = discover(paths or ["."])
        root = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files]) if files else None
        self.guidelines: dict[str, Guideline] = {}
        for f in files:
            if not _looks_like_guideline(f):
                continue
            try:
                os.path.abspath(f).encode("utf-8")
            except UnicodeEncodeError:
                # the room keeps each round's guideline by its path, as text (SQLite); a name
                # with bytes that are not UTF-8 was an internal error at the first round
                raise UsageError("the file name is not UTF-8 text, which the review room's records cannot hold",
                                 file=f, hint="rename the file and serve it again") from None
            g = Guideline(f, root)
            self.guidelines[g.gid] = g
        explicit = {os.path.abspath(p) for p in paths or ["."] if os.path.isfile(p)}
        self.kept_copies: list[KeptCopy] = kept_copies(
            [g for g in self.guidelines.values() if g.path not in explicit])
        for kept in self.kept_copies:
            del self.guidelines[_gid(kept.path)]
        if not self.guidelines:
            _refuse_documents(paths)
            raise UsageError("no guidelines to review in " + ", ".join(paths or ["."]),
                             hint="give guideline files (NAME.yaml) or a folder that holds them")

    def get(self, gid: str) -> Optional[Guideline]:
        return self.guidelines.get(gid)

    def by_path(self, path: str) -> Optional[Guideline]:
        return self.guidelines.get(_gid(path))


class KeptCopy(NamedTuple):
    """A guideline file left out of a served folder: an earlier version of another one there."""

    path: str
    name: str  # as the room names files (relative to the served folder)
    version: str
    served: str  # the name of the file served in its place
    served_version: str


def _version_key(version: Optional[str]) -> Optional[tuple[int, ...]]:
    m = re.fullmatch(r"v?(\d+(?:\.\d+)*)", (version or "").strip())
    return tuple(int(n) for n in m.group(1).split(".")) if m else None


def kept_copies(found: list[Guideline]) -> list[KeptCopy]:
    """Among guideline files found in a served folder, the copies of an earlier version kept
    beside the draft (the same ``metadata.id``, a lower version number: `cp riverbend.yaml
    riverbend-0.1.0.yaml`, as `review packet`'s next: line asks outside git). The room listed
    them as guidelines of their own, titled like the draft (ux30). Files whose versions are equal
    or not numbers are all kept: which one is the draft cannot be told."""
    from ..guideline_data import metadata, version
    from ..store import load

    by_id: dict[str, list[tuple[tuple[int, ...], str, Guideline]]] = {}
    for g in found:
        try:
            data = load(g.path, validate=False).data
        except (OSError, LicPolicyError):
            continue
        gid, ver = metadata(data).get("id"), version(data)
        key = _version_key(ver)
        if isinstance(gid, str) and gid and key is not None:
            by_id.setdefault(gid, []).append((key, ver or "", g))
    out = []
    for group in by_id.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda item: item[0])
        newest_key, newest_ver, newest = group[-1]
        if sum(1 for key, _v, _g in group if key == newest_key) > 1:
            continue  # two files with the newest version: neither is the draft for certain
        out += [KeptCopy(g.path, g.name, ver, newest.name, newest_ver) for key, ver, g in group[:-1]]
    return sorted(out, key=lambda k: k.name)


def _looks_like_guideline(path: str) -> bool:
    """A YAML file with a ``metadata`` mapping (not a review file, not a configuration)."""
    from ..discovery import regular_head

    head = regular_head(path, 65536)  # a named pipe in its place kept the room from ever starting (hostile30)
    if head is None:
        return False
    text = head.decode("utf-8", "replace")
    return ("\nmetadata:" in "\n" + text) and "lic_policy_review:" not in text


__all__ = ["Site", "Guideline", "GroupWriter", "KeptCopy", "kept_copies"]
