"""The privacy reviewer: records never identify participants or reviewers.

``participant_identity`` (rule ``privacy.participant-identity``, declared in
``reviewers/structure.yaml``) runs the detectors of :mod:`lic_policy.privacy` (names, emails,
phone numbers, street addresses, social-media handles and profile links) over every free-text
field of the consultation record, the governance record, the owners, the work plan's owners
(``owner_role``) and the to-do items (the review packet shows them to reviewers; `import` makes
Word comments into them), and over the review
file beside the guideline: thread and reply bodies, suggested wording, and thread and reply
authors' handles (unless the reviewer chose to be named, ``named: true``).

A finding about personal data never repeats it: its message, its ``match`` and its anchor's
quote and context are masked (``***** ******``: no letter or digit kept), while its line, column and offsets still point
at the exact characters, so every output format (text, json, sarif, github, junit, review
threads) shows where the name is without showing the name.
"""

from __future__ import annotations

import os

from typing import Any, Iterator

from .. import guideline_data as gd
from ..privacy import Hit, find_identities, handle_problem, mask, mask_hits
from .findings import finding_at

RULE_ID = "privacy.participant-identity"
UNREAD_REVIEW = "the review file cannot be read"
"""How the finding about a review file that could not be read begins (publish's and the packet's
gate say it as it is, not as an identity found)."""

# Fields that hold a role, a body, a unit or a short note: a value that is only a person's
# name is flagged there too ("Jane Doe" where a role belongs).
ROLE_FIELDS = {"role", "body", "note", "unit", "owner_role", "title"}
# Fields whose values are fixed vocabularies (groups, stages, statuses...): they cannot name anyone.
ENUM_KEYS = {"group", "groups", "stage", "status", "category", "method", "diversity", "languages", "decision",
             "decision_rule", "form"}
ROOTS = ((("consultation",), "the consultation record"), (("governance",), "the governance record"),
         (("metadata", "owners"), "the owners (roles, not people)"),
         # the review packet shows the to-do items to reviewers, and import makes Word comments into them
         (("todo",), "the to-do items"))
WORK_PLAN = "the work plan's owners (roles, not people)"


def strings(value: Any, path: tuple) -> list[tuple[tuple, str, Any]]:
    """Every string under ``value``: (path, text, the nearest field name), in document order."""
    out: list[tuple[tuple, str, Any]] = []
    stack = [(value, path, path[-1] if path and isinstance(path[-1], str) else None)]
    while stack:
        node, p, field = stack.pop()
        if isinstance(node, str):
            out.append((p, node, field))
        elif isinstance(node, dict):
            stack.extend((v, p + (k,), k) for k, v in reversed(list(node.items()))
                         if k not in ENUM_KEYS and not isinstance(v, (bool, int, float)))
        elif isinstance(node, list):
            stack.extend((v, p + (i,), field) for i, v in reversed(list(enumerate(node))))
    return out


def region_of(data: Any) -> str | None:
    """The guideline's country (ISO 3166 code), tried first for phone numbers without a +code."""
    country = gd.mapping(gd.mapping(gd.mapping(data).get("metadata")).get("jurisdiction")).get("country")
    return country.upper() if isinstance(country, str) and len(country) == 2 else None


def field_kind(field: Any) -> str:
    return "role" if field in ROLE_FIELDS else "prose"


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


_RECORD_FIELDS = ("consultation.", "governance.", "metadata.owners.", "todo.")


def on_record(anchor: Any) -> bool:
    """Whether a thread's anchor (a mapping or an ``Anchor``) is on a field this rule reads: the
    consultation record, governance, owners, to-do items or a work plan's owner."""
    get = anchor.get if isinstance(anchor, dict) else lambda k: getattr(anchor, k, None)
    field = get("field")
    return not get("clause") and isinstance(field, str) and (field.startswith(_RECORD_FIELDS)
                                                              or field.split(".")[-1] == "owner_role")


def record_text(data: Any, field: str) -> str:
    """The guideline's text now at a record ``field`` (``consultation.stages.0.notes``); every work
    plan owner for ``owner_role``; "" where there is none."""
    if field.split(".")[-1] == "owner_role" and not field.startswith(_RECORD_FIELDS):
        actions = data.get("work_plan") if isinstance(data, dict) else None
        return "\n".join(a["owner_role"] for a in (actions if isinstance(actions, list) else [])
                         if isinstance(a, dict) and isinstance(a.get("owner_role"), str))
    value = _at(data, tuple(int(p) if p.isdigit() else p for p in field.split(".")))
    return value if isinstance(value, str) else ""


def stale_hits(text: Any, now: str, region: str | None) -> list[Hit]:
    """What identifies someone in ``text`` (words a thread quotes) that is no longer in ``now``
    (the field's text in the guideline): a name the drafter took out, which the thread kept."""
    if not isinstance(text, str) or not text:
        return []
    return [h for h in find_identities(text, "prose", region=region) if h.text not in now]


QUOTE_PARTS = (("anchor", "quote", "exact"), ("anchor", "quote", "prefix"), ("anchor", "quote", "suffix"),
               ("original", "exact"), ("original", "prefix"), ("original", "suffix"))
"""Where a thread keeps the guideline's words it is about (and the words it was first made on)."""


def gone_identities_masked(old: Any, new: Any) -> Any:
    """``old`` (a guideline's data) with what identifies someone in the fields this rule reads
    masked where ``new`` no longer has it in that field: a name a drafter took out of the
    consultation record was shown, as deleted words, by the redline of the two versions (`diff`,
    the review packet's tracked changes), though the packet's gate reads only the new version
    (privacy30). Words still in ``new``
    (an Elder credited with an inline suppression) are left as they are: masked on one side
    only they would show a change that is none. ``old`` itself is not changed; the same object
    is handed back when nothing is masked. Masks keep lengths, so offsets still point right."""
    if not isinstance(old, dict):
        return old
    region = region_of(old)
    fields: list[tuple[tuple, str, Any]] = []
    for root, _where in ROOTS:
        node = _at(old, root)
        if node is not None:
            fields.extend(strings(node, root))
    actions = old.get("work_plan")
    for i, action in enumerate(actions if isinstance(actions, list) else []):
        text = action.get("owner_role") if isinstance(action, dict) else None
        if isinstance(text, str):
            fields.append((("work_plan", i, "owner_role"), text, "owner_role"))
    changed: list[tuple[tuple, str]] = []
    for path, text, field in fields:
        hits = find_identities(text, field_kind(field), region=region)
        if not hits:
            continue
        now = _at(new, path) if isinstance(new, dict) else None
        gone = [h for h in hits if not (isinstance(now, str) and h.text in now)]
        if gone:
            changed.append((path, mask_hits(text, gone)))
    if not changed:
        return old
    import copy

    out = copy.deepcopy(old)
    for path, masked in changed:
        parent = _at(out, path[:-1])
        parent[path[-1]] = masked
    return out


def masked_finding(finding, masked_value: str, hit: Hit):
    """``finding`` with the personal data it points at masked everywhere it would be quoted
    (``masked_value``: the field's text with every hit in it masked)."""
    finding.match = mask(finding.match) if finding.match else finding.match
    if finding.anchor is not None and finding.anchor.quote is not None:
        finding.anchor = finding.anchor.quoted_from(masked_value, hit.start, hit.end)
    return finding


MAX_PER_FIELD = 20
"""Findings listed one by one in a field; the rest are one finding that counts them."""


def identity_findings(rule, doc, path: tuple, text: str, where: str, kind: str, region: str | None,
                      quote_anchor: bool = True) -> Iterator:
    hits = find_identities(text, kind, region=region)
    masked_value = mask_hits(text, hits) if hits else text
    if len(hits) > MAX_PER_FIELD:
        rest = hits[MAX_PER_FIELD:]
        hits = hits[:MAX_PER_FIELD]
        f = finding_at(rule, doc, path,
                       f"{len(rest)} more names, emails, phone numbers, street addresses or social-media handles in "
                       f"{where} (the first "
                       f"{MAX_PER_FIELD} of this field are listed one by one): {where} must not identify participants "
                       "or reviewers", start=rest[0].start, end=rest[-1].end)
        f.match = ""
        f.anchor = None
        yield f
    for h in hits:
        f = finding_at(rule, doc, path,
                       f"{h.what} in {where} ('{h.masked}'): {where} must not identify participants or reviewers "
                       "— record counts by group and roles, never names or contact details",
                       start=h.start, end=h.end)
        f = masked_finding(f, masked_value, h)
        if not quote_anchor and f.anchor is not None:
            # a place in the review file itself: not a review thread on the guideline's words
            f.anchor = None
        yield f


def participant_identity(doc, config, rule):
    """Consultation records, governance, owners and review files do not identify anyone."""
    data = doc.data
    if not isinstance(data, dict) or "lic_policy_review" in data or not ("metadata" in data or "lic_policy" in data):
        return
    from .structural.common import prose_anchor_only

    region = region_of(data)
    for root, where in ROOTS:
        node: Any = data
        for part in root:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            continue
        for path, text, field in strings(node, root):
            for f in identity_findings(rule, doc, path, text, where, field_kind(field), region):
                yield prose_anchor_only(doc, f)
    # the work plan's "Who does it" is a role, as the owners are (a name and number there were
    # published and sent in the packet; privacy29); its titles and descriptions are the
    # guideline's public text, as clauses are
    actions = data.get("work_plan")
    for i, action in enumerate(actions if isinstance(actions, list) else []):
        text = action.get("owner_role") if isinstance(action, dict) else None
        if isinstance(text, str):
            for f in identity_findings(rule, doc, ("work_plan", i, "owner_role"), text, WORK_PLAN, "role", region):
                yield prose_anchor_only(doc, f)
    yield from _review_file(rule, doc, region)
    yield from _old_author_map(rule, doc)


def _old_author_map(rule, doc):
    """An author map in the first format (salted SHA-256 beside the review file) lets anyone
    with the repository test a guessed name."""
    file = getattr(doc, "file", "") or ""
    if not file or file.startswith("<"):
        return
    from ..model.finding import Finding
    from ..review.authors import authors_path, old_format
    from ..review.threads import review_path

    path = authors_path(review_path(file))
    if os.path.isfile(path) and old_format(path):  # os.path: False for a name too long to exist
        yield Finding(rule.id, rule.severity,
                      f"{path.name} keeps salted SHA-256 hashes of Word author names with their salt, so anyone "
                      "with the repository can test a guessed name: run `lic-policy review import` again (it "
                      "migrates the file to HMAC with a key outside the repository) or delete the file",
                      str(path), 1, 1, 1, 2, reviewer=rule.reviewer, suggestions=list(rule.suggestions),
                      sources=list(rule.sources), rationale=rule.rationale)


def _line_length(file, line: int) -> int:
    """The length of ``line`` of ``file`` as the report prints it (1 when it cannot be read, or
    is no regular file: a review file that is a named pipe blocked `check` for ever here, and a
    link to /dev/zero was read 16 MB at a time; hostile23)."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(file).st_mode):
            return 1
        with open(file, "rb") as fh:
            raw = fh.read(1 << 24)
    except (OSError, TypeError, ValueError):
        return 1
    lines = raw.split(b"\n")
    if not 0 < line <= len(lines):
        return 1
    return max(1, len(lines[line - 1].rstrip(b"\r").decode("utf-8", "replace")))


def _unread_review_file(rule, doc):
    """One finding when the review file beside ``doc`` is there but cannot be read or parsed
    (a YAML slip, a tag, a NUL byte): its threads were never looked at for names and contact
    details, and `check --only privacy` answered '0 errors' of a file that held a name."""
    from ..model.finding import Finding
    from .structural.review_file import review_error

    error = review_error(doc)
    if error is None:
        return
    message = error.message + (f" ({error.hint})" if error.hint else "")
    line = error.line or 1
    if error.line:
        message = f"line {error.line}" + (f", column {error.column}" if error.column else "") + f": {message}"
    # the whole line is the finding's (its words are never read, and may name someone: the text
    # report masks what a privacy finding points at in the line it prints)
    yield Finding(rule.id, rule.severity,
                  f"{UNREAD_REVIEW}, so its threads were not checked for names and contact details "
                  f"({message})", str(error.file or ""), line, 1, line, _line_length(error.file, line) + 1,
                  reviewer=rule.reviewer,
                  suggestions=["correct the review file where it says (`lic-policy review list` reads it the same "
                               "way), then check again"],
                  sources=list(rule.sources), rationale=rule.rationale)


def _review_file(rule, doc, region):
    from .structural.review_file import BesideReview, review_doc, review_threads

    review, threads = review_threads(doc)
    if review is None:
        attached = getattr(doc, "review_data", None)
        if attached is None:
            yield from _unread_review_file(rule, doc)
            return
        if not threads:
            return
        # a review file given as data (a rule example): placed in a document of its own
        import yaml

        from .. import store

        review = BesideReview(doc=store.parse(yaml.safe_dump(attached, allow_unicode=True, sort_keys=False),
                                              "<review file>"))
    rdoc = None
    where = "the review file"
    for i, t in enumerate(threads):
        t = gd.mapping(t)
        # a thread on a name in the consultation record keeps the name in its quote and context
        # after the drafter took it out (and the packet and the room show an orphaned thread's
        # quote): `review reanchor` masks it (privacy30)
        if on_record(gd.mapping(t.get("anchor"))):
            now = record_text(doc.data, gd.mapping(t.get("anchor")).get("field"))
            for part in QUOTE_PARTS:
                text = _at(t, part)
                gone = stale_hits(text, now, region)
                if not gone:
                    continue
                rdoc = rdoc or review_doc(review)
                if rdoc is None:
                    return
                shown = {h.masked for h in gone}
                for f in identity_findings(rule, rdoc, ("threads", i) + part, text, where, "prose", region,
                                           quote_anchor=False):
                    if f.match not in shown:
                        continue
                    f.message = (f"{f.message.split(' (', 1)[0]} that thread {t.get('id')} quotes from the "
                                 f"guideline, which no longer has it ('{f.match}'): the review file must not "
                                 "identify participants or reviewers")
                    if doc.file and not str(doc.file).startswith("<"):
                        from ..errors import shell_word

                        f.suggestions = [f"mask it: `lic-policy review reanchor {shell_word(doc.file)}`"]
                    yield f
        messages = [(("threads", i), t)] + [(("threads", i, "replies", k), gd.mapping(r))
                                            for k, r in enumerate(gd.items(t.get("replies")))]
        for base, msg in messages:
            author = gd.mapping(msg.get("author"))
            handle = author.get("handle")
            # only `named: true` is a reviewer's choice to be named (`named: no`, the text 'no' in
            # YAML 1.2, passed a name-like handle); the automated role is no pass either, and the
            # tool's own handle, lic-policy, names no one (hostile23)
            if isinstance(handle, str) and author.get("named") is not True:
                problem = handle_problem(handle)
                if problem:
                    rdoc = rdoc or review_doc(review)
                    if rdoc is None:
                        return
                    f = finding_at(rule, rdoc, base + ("author", "handle"),
                                   f"the handle '{mask(handle)}' {problem}: use a pseudonymous handle (e.g. "
                                   "advisory-reviewer-3), or set named: true if the reviewer chose to be named",
                                   start=0, end=len(handle))
                    f.match = mask(handle)
                    f.anchor = None
                    yield f
            for key in ("body", "replacement"):
                text = msg.get(key)
                if not isinstance(text, str) or not text:
                    continue
                if not find_identities(text, "prose", region=region):
                    continue
                rdoc = rdoc or review_doc(review)
                if rdoc is None:
                    return
                for f in identity_findings(rule, rdoc, base + (key,), text, where, "prose", region,
                                           quote_anchor=False):
                    if isinstance(t.get("id"), str) and doc.file and not str(doc.file).startswith("<"):
                        # a thread's words come out with `review redact`: “replace the name with a
                        # count or a role” is a consultation record's advice, for a file nobody
                        # edits by hand (ux22)
                        from ..errors import shell_word

                        f.suggestions = [f"take the words out of thread {t['id']}: `lic-policy review redact "
                                         f"{shell_word(doc.file)} {t['id']} --words WORDS`"]
                    yield f


__all__ = ["participant_identity", "identity_findings", "masked_finding", "gone_identities_masked", "strings",
           "region_of", "RULE_ID"]
