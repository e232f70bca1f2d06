"""Write accepted suggestions into the guideline YAML.

Each accepted suggestion replaces exactly its anchored words (one that deletes all the words of
a list item takes the item's line with them). The anchor must still
match the current text (same element, field, offsets and quote) — otherwise nothing is
written and the user is told to run ``review reanchor`` first. Edits go through
``Document.replace_text``: only the changed scalars' bytes differ, comments and
formatting stay, and the file is written atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError


@dataclass
class ApplyResult:
    applied: list = field(default_factory=list)  # thread ids
    text: str = ""  # the new guideline source
    fields: int = 0


def plan(doc, threads) -> dict:
    """Group accepted suggestions by text unit; refuse stale or overlapping anchors."""
    from ..text import guideline_units
    from .anchoring import UnitIndex

    from ..errors import shell_word

    index = UnitIndex(guideline_units(doc.data))
    groups: dict = {}
    g = shell_word(doc.file)
    # the commands that carry the thread to its words and write it in (ux17: "run `lic-policy
    # review reanchor` first, then accept the suggestion again", which reanchor had kept accepted)
    again = (f"run `lic-policy review reanchor {g}` (it finds the words where they are now), then "
             f"`lic-policy review apply {g}` again")
    for t in threads:
        if t.kind != "suggestion" or t.status != "accepted":
            continue
        a = t.anchor
        unit = index.get(a.clause, a.field)
        where = (a.clause or "") + ("" if a.field == "text" and a.clause else (" " if a.clause else "") + a.field)
        if unit is None:
            raise InputError(f"thread {t.id}: '{where.strip()}' is not in the guideline any more; nothing was written",
                             file=doc.file, hint=again)
        if _already_in(unit.text, t):
            line, col = doc.locate(unit.path, a.position.start)
            raise InputError(f"thread {t.id}: the text already reads the suggested text {t.replacement!r} where "
                             f"{a.quote.exact!r} stood; nothing was written", file=doc.file, line=line, column=col,
                             hint=f"if the suggestion is in already, mark it done with `lic-policy review resolve "
                                  f"{doc.file} {t.id}`, then run apply again")
        if unit.text[a.position.start:a.position.end] != a.quote.exact:
            line, col = doc.locate(unit.path, a.position.start)
            raise InputError(f"thread {t.id}: the anchored text no longer reads {a.quote.exact!r}; nothing was written",
                             file=doc.file, line=line, column=col, hint=again)
        groups.setdefault(unit.path, (unit, []))[1].append(t)
    for path, (unit, items) in groups.items():
        items.sort(key=lambda t: t.anchor.position.start)
        for a, b in zip(items, items[1:]):
            if b.anchor.position.start < a.anchor.position.end:
                line, col = doc.locate(unit.path, b.anchor.position.start)
                raise InputError(f"threads {a.id} and {b.id} suggest changes to overlapping words; nothing was "
                                 "written", file=doc.file, line=line, column=col,
                                 hint="reject one of them, or merge them into one suggestion")
    return groups


def _already_in(text: str, t) -> bool:
    """The suggestion's replacement stands where its words stood (same context either side),
    and its words in their context do not: it was applied already (e.g. by hand)."""
    a = t.anchor
    start = a.position.start
    if not text[:start].endswith(a.quote.prefix):
        return False
    if text.startswith(a.quote.exact + a.quote.suffix, start):
        return False
    return t.replacement is not None and text.startswith(t.replacement + a.quote.suffix, start)


_ITEM_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")


def _deleted_span(value: str, t) -> tuple[int, int]:
    """The characters a suggestion replaces: its words, or — when it deletes all the words of a
    list item (a step deleted with Track Changes) — the item's whole line, so no empty "2. " or
    "- " is left behind in the text and on the published page."""
    start, end = t.anchor.position.start, t.anchor.position.end
    if t.replacement:
        return start, end
    line_start = value.rfind("\n", 0, start) + 1
    line_end = value.find("\n", end)
    line_end = len(value) if line_end < 0 else line_end
    if not _ITEM_MARKER.fullmatch(value, line_start, start) or value[end:line_end].strip():
        return start, end
    if line_end < len(value):
        return line_start, line_end + 1  # the line and its line break
    return max(line_start - 1, 0), line_end  # the last item: the break before it


def _refuse_unshowable(doc, unit, t, value: str) -> None:
    """A suggestion whose words a guideline may not hold — a direction override (U+202D,
    U+202E) or a control character, or combining marks piled past the limit — is not written:
    from the room, a Word packet or a hand edit, it was, and `validate` then refused the
    guideline ('the text holds a text direction override (U+202E)')."""
    from ..errors import shell_word
    from ..store import mark_run, mark_run_message, unshowable_in

    what = unshowable_in(t.replacement or "")
    if what is None and mark_run(value) is not None and mark_run(unit.text) is None:
        what = mark_run_message()[0].replace("the text piles", "words that pile")
    if what is None:
        return
    line, col = doc.locate(unit.path, t.anchor.position.start)
    raise InputError(f"thread {t.id}: the suggestion holds {what}, which a guideline may not hold; nothing was "
                     "written", file=doc.file, line=line, column=col,
                     hint=f"reject it (`lic-policy review reject {shell_word(doc.file)} {t.id}`) and suggest the "
                          "words again without it")


def _emptied(doc, unit, t) -> InputError:
    """The error of a suggestion that deletes every word of a field (a reviewer struck out a
    whole clause with Track Changes on): what it is, where, and how to do what was agreed. It
    named a path into the YAML (``sections.3.sections.1.clauses.0.text``), and a clause written
    as a block scalar was written as ``"\n"``, a clause with no words (ux27)."""
    from ..errors import shell_word

    path = list(unit.path)
    if "clauses" in path and unit.element:
        what, remove = f"clause {unit.element}'s text", f"delete clause {unit.element}"
    elif unit.element:
        what, remove = f"{unit.element}'s {unit.field}", f"write new words for {unit.element}'s {unit.field}, or remove it,"
    else:
        what, remove = unit.field, f"write new words for {unit.field}"
    # the clause's own line (its "- id:"), which is what goes; else the field's words
    line = doc.where(tuple(path[:-1]))[0] if "clauses" in path and len(path) > 1 else doc.locate(unit.path, 0)[0]
    file = shell_word(doc.file)
    removes = "it removes no clause" if "clauses" in path else "it removes nothing"
    return InputError(f"thread {t.id}: the suggestion deletes all of {what}, and apply writes words: {removes}; "
                      "nothing was written", file=doc.file, line=line, column=1,
                      hint=f"{remove} from {file} by hand, then `lic-policy review resolve {file} {t.id}`; or reject "
                           f"the suggestion: `lic-policy review reject {file} {t.id}`")


def apply_suggestions(doc, threads) -> ApplyResult:
    """New guideline source with every accepted suggestion written in (not saved)."""
    from ..store import parse

    groups = plan(doc, threads)
    result = ApplyResult(text=doc.text)
    current = doc
    for path, (unit, items) in groups.items():
        value = unit.text
        for t in reversed(items):  # right to left keeps earlier offsets valid
            start, end = _deleted_span(value, t)
            value = value[:start] + t.replacement + value[end:]
            _refuse_unshowable(doc, unit, t, value)
        if not value.strip():  # "\n" is what a block scalar's words leave: as empty on the page
            raise _emptied(doc, unit, items[0])
        new_text = current.replace_text(path, value)
        current = parse(new_text, doc.file)
        result.applied.extend(t.id for t in items)
        result.fields += 1
    result.text = current.text
    return result


# --------------------------------------------------------------------------- two files, one change
#
# `review apply` changes two files: the guideline (the suggestions written in) and the review
# file (those threads resolved). No file system renames two files at once, so the pair is made
# recoverable with a journal: before the guideline is written, a small JSON file records the
# guideline's content hash before and after the change and the threads applied
# (``.lic-policy-locks/NAME.yaml.apply.json``, beside the locks). It is removed once the review
# file is written. A run that finds a journal (the last one was killed between the writes)
# finishes it first: if the guideline holds the "after" text the change is in, so the threads
# are resolved; if it holds the "before" text nothing was changed and the journal is dropped.


JOURNAL_WHAT = "the journal of a `review apply` under way"
JOURNAL_MAX = 64 * 1024 * 1024  # two hashes, two paths and the ids applied: far less


def journal_path(guideline) -> Path:
    from ..store import lock_file

    lock = lock_file(guideline)
    return lock.with_name(lock.name[: -len(".lock")] + ".apply.json")


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _drop(path) -> None:
    import contextlib
    import os

    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def recover(doc, rdoc) -> list:
    """Finish a `review apply` that was killed between its two writes (call it holding both
    write locks). Returns the ids of the threads it resolved (none when there was nothing to
    finish)."""
    import json
    import os

    from . import threads as _threads

    from ..store import refuse_planted

    jpath = journal_path(doc.file)
    refuse_planted(jpath, JOURNAL_WHAT)  # a link to /dev/zero was read without end (hostile30)
    try:
        with open(jpath, "rb") as fh:
            raw = fh.read(JOURNAL_MAX + 1)
        if len(raw) > JOURNAL_MAX:
            raise ValueError("not a journal lic-policy wrote")
        journal = json.loads(raw)
        applied = [str(i) for i in journal["applied"]]
        before, after, review_file = journal["before"], journal["after"], journal["review_file"]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        _drop(jpath)  # unreadable: it was never complete (it is written atomically)
        return []
    if review_file != os.path.realpath(rdoc.path):
        return []  # another review file's apply: not ours to finish
    sha = _sha(doc.text)
    if sha == before or sha != after:
        # killed before the guideline was written (nothing to finish), or the guideline has been
        # edited since: the usual checks (including "already in") decide what to do
        _drop(jpath)
        return []
    done = [t for t in rdoc.review.threads if t.id in applied and t.status == "accepted"]
    for t in done:
        t.status = "resolved"
    if done:
        _threads.reanchor(rdoc.review, doc.data)
        _threads.save(rdoc)
    _drop(jpath)
    return [t.id for t in done]


def write_pair(doc, rdoc, result: ApplyResult):
    """Write the applied guideline text, then the review file with the applied threads resolved
    and the others carried onto the new text (call it holding both write locks). Returns the
    re-anchoring report."""
    import json
    import os

    from ..errors import FileChanged
    from ..store import check_write_size, parse, refuse_planted, save_atomic
    from . import threads as _threads

    # the review file is made (and measured: at its size limit it cannot be written) before
    # either file is written, so a refusal leaves both as they were
    for t in rdoc.review.threads:
        if t.id in result.applied:
            t.status = "resolved"
    new_doc = parse(result.text, doc.file)
    rep = _threads.reanchor(rdoc.review, new_doc.data)
    guideline_bytes = check_write_size(doc.file, result.text, what="applying the suggestions")
    review_bytes = _threads.prepare_save(rdoc)
    jpath = journal_path(doc.file)
    refuse_planted(jpath, JOURNAL_WHAT)  # never written through a link
    save_atomic(jpath, json.dumps({"guideline": os.path.realpath(doc.file),
                                   "review_file": os.path.realpath(rdoc.path),
                                   "before": _sha(doc.text), "after": _sha(result.text),
                                   "applied": list(result.applied)}, indent=2) + "\n")
    try:  # an editor's save since the guideline was read is never written over
        save_atomic(doc.file, guideline_bytes, unchanged=doc.text)
    except FileChanged:
        _drop(jpath)  # neither file written: nothing for the next run to finish
        raise
    _threads.save(rdoc, review_bytes)
    _drop(jpath)
    return rep
