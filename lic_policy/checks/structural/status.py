"""Status gates (reviewer ``status``): an approved or published guideline has the sex-worker
advisory's sign-off on this version and no open objection in its review file."""

from __future__ import annotations

from ... import guideline_data as gd
from ...model.vocab import WITHDRAWN
from ..findings import finding_at
from .common import guideline_only, status_at_least, status_of
from .review_file import may_hold_open_objection, review_doc, review_error, review_threads


@guideline_only
def advisory_sign_off(doc, config, rule):
    """An approved or published guideline has the sex-worker advisory's sign-off on this version."""
    data = doc.data
    if not status_at_least(data, "approved") or status_of(data) == "retired":
        return
    version = gd.stated_version(data)
    gov = gd.mapping(data.get("governance"))
    approvals = [(i, a) for i, a in enumerate(gd.items(gov.get("approvals"))) if isinstance(a, dict)]
    advisory = [(i, a) for i, a in approvals if a.get("sex_worker_advisory") is True]
    status = status_of(data)
    if not advisory:
        path = ("governance", "approvals") if "approvals" in gov else ("governance",)
        yield finding_at(rule, doc, path if "governance" in data else ("metadata", "status"),
                         f"status is '{status}' without a sex-worker advisory sign-off: record the advisory "
                         "committee's approval (sex_worker_advisory: true) or move the status back to in-review")
        return
    versions = [a.get("version") for _i, a in advisory]
    if version and all(v is not None and str(v) != version for v in versions):
        i = advisory[-1][0]
        yield finding_at(rule, doc, ("governance", "approvals", i, "version"),
                         f"the sex-worker advisory signed off version {versions[-1]}, not {version}: get their "
                         "sign-off on this version before it is approved")


@guideline_only
def open_objections(doc, config, rule):
    """An approved or published guideline has no open blocking objection in its review file."""
    data = doc.data
    if not status_at_least(data, "approved") or status_of(data) == "retired":
        return
    cache, threads = review_threads(doc, may_hold_open_objection)
    status = status_of(data)
    error = review_error(doc)
    if error is not None:  # publish refuses such a file: check says so too, and why
        yield finding_at(rule, doc, ("metadata", "status"),
                         f"status is '{status}' but the review file cannot be read, so open objections cannot be "
                         f"ruled out: {error.one_line()}")
        return
    for i, t in enumerate(threads):
        if not isinstance(t, dict) or t.get("kind") != "objection" or t.get("status", "open") != "open" \
                or t.get("body") == WITHDRAWN:  # taken back by its writer (and reopened): it blocks nothing
            continue
        author = gd.mapping(t.get("author"))
        role = author.get("role") or "a reviewer"
        anchor = gd.mapping(t.get("anchor"))
        where = anchor.get("clause") or "the guideline"
        quote = gd.mapping(anchor.get("quote")).get("exact")
        msg = (f"status is '{status}' but {role}'s objection {t.get('id', '')} on {where}"
               f"{' (' + repr(' '.join(str(quote).split())[:60]) + ')' if quote else ''} is still open: resolve it "
               "with the reviewer, or move the status back to in-review")
        rdoc = review_doc(cache) if cache is not None else None
        if rdoc is not None:  # say where the thread is, so it can be resolved there
            line, col = rdoc.where(("threads", i))
            msg += f" (see {rdoc.file}:{line}:{col})"
        yield finding_at(rule, doc, ("metadata", "status"), msg)

