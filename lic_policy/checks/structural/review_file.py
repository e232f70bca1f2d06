"""The review file beside a checked guideline (``NAME.review.yaml``), as the status and privacy
rules read it: with the one review-file reader (``review.threads.parse``, the guideline
reader's limits: alias expansion, nesting depth, duplicate keys), the same ``review list``
uses. It is read at most once per checked document, parsed only when a rule needs its
threads, and placed (positions composed) only when a finding points into it.

A rule example attaches its review file as data (``doc.review_data``) instead."""

from __future__ import annotations

import os
import re
import weakref
from typing import Any, Callable, Optional

from ... import guideline_data as gd
from ...errors import LicPolicyError

_THREAD_START = re.compile(r"\n\s*-\s+id:")
_KIND_OBJECTION = re.compile(r"\bkind:\s*['\"]?objection\b")
_STATUS_OPEN = re.compile(r"\bstatus:\s*['\"]?open\b")


def may_hold_open_objection(text: str) -> bool:
    """Whether some thread of a review file's text may be an open objection (``kind:
    objection`` and ``status: open`` in one thread's lines); the parse then decides. Most
    review files hold none and are then not parsed at all (parsing takes 18 ms for the
    sample's 5 KB review file, 139 ms for 466 KB; this test 0.2 and 1 ms)."""
    if not _KIND_OBJECTION.search(text):
        return False
    return any(_KIND_OBJECTION.search(c) and _STATUS_OPEN.search(c) for c in _THREAD_START.split(text))


_UNPARSED = object()


class BesideReview:
    """What was read of one guideline's review file: its text and path (None when there is
    no file), its data once parsed, why it could not be read or parsed, and the positioned
    document once a finding needs a place in it."""

    def __init__(self, text: Optional[str] = None, path: Optional[str] = None, doc: Any = None):
        self.text = text
        self.path = path
        self.data: Any = _UNPARSED
        self.error: Optional[LicPolicyError] = None
        self.doc = doc
        self.placed = doc is not None


_READ: "weakref.WeakKeyDictionary[Any, BesideReview]" = weakref.WeakKeyDictionary()
"""Per checked document: several rules (open objections, privacy) read the same review file."""


def _read(doc) -> BesideReview:
    try:
        found = _READ.get(doc)
    except TypeError:  # a document type that cannot be weakly referenced: read each time
        found = None
    if found is not None:
        return found
    found = BesideReview()
    file = getattr(doc, "file", "") or ""
    if file and not file.startswith("<"):
        from ... import store
        from ...review.threads import link_out_of_reach, review_path

        path = review_path(file)
        if os.path.lexists(path):
            try:
                out_of_reach = link_out_of_reach(path)
                if out_of_reach is not None:
                    raise out_of_reach
                found.text, found.path = store.read_text(path), str(path)
            except LicPolicyError as exc:  # too big, not a file, not UTF-8, a link out: said by open_objections
                found.error = exc
    try:
        _READ[doc] = found
    except TypeError:
        pass
    return found


def review_threads(doc, needed: Optional[Callable[[str], bool]] = None) -> tuple[Optional[BesideReview], list]:
    """The review file beside ``doc`` (or the one a rule example attaches) and its threads.
    With ``needed``, a file whose text fails that test is not parsed (no threads)."""
    attached = getattr(doc, "review_data", None)
    if attached is not None:
        return None, gd.items(gd.mapping(attached).get("threads"))
    review = _read(doc)
    if review.text is None or (needed is not None and not needed(review.text)):
        return None, []
    if review.data is _UNPARSED:
        from ...review.threads import parse, validate

        try:  # data only: positions are composed once a finding needs them (review_doc)
            review.data = parse(review.text, review.path)[0]
            if review.text.strip():
                from ...model.review_shape import plainly_valid

                # the schema too, as publish, `review list` and the packet read it: a file
                # they refuse is not one check may call clean. Plainly valid data needs no
                # pydantic (its import is ~100 ms of a cold check); the rest is validated by
                # it, which words the problem
                if not plainly_valid(review.data):
                    validate(review.data, review.text, review.path)
        except LicPolicyError as exc:  # said by open_objections and the privacy rule, and by `review list`
            review.data, review.error = None, exc
    data = review.data
    return (review, gd.items(gd.mapping(data).get("threads"))) if isinstance(data, dict) else (None, [])


def review_error(doc) -> Optional[LicPolicyError]:
    """Why the review file beside ``doc`` could not be read, or parsed when its text may hold
    what a rule looked for (None when it could, or when there is none)."""
    try:
        review = _READ.get(doc)
    except TypeError:
        return None
    return review.error if review is not None else None


def review_doc(review: BesideReview):
    """The review file as a positioned ``store.Document`` (composed once), for findings that
    point into it."""
    if not review.placed:
        from ... import store

        review.doc = store.parse(review.text, review.path)
        review.placed = True
    return review.doc
